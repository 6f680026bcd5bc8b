/* evb-cli-progress.h: a progress bar on the terminal for long commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _EvbCliProgress EvbCliProgress;

/* A bar on stderr for work that takes over a second, labelled with label
 * ("Importing…"). NULL when stderr is not a terminal: a script reading
 * stderr gets its one error line and nothing else. */
EvbCliProgress *evb_cli_progress_new    (const char     *label);
/* fraction from 0 to 1; fits EvbJsonProgress and EvbExportProgress. The
 * bar appears once a second has passed, and is redrawn only when it
 * changes. */
void            evb_cli_progress_update (double          fraction,
                                         gpointer        progress);
/* Clears the bar's line (so that an error is a line of its own) and frees
 * progress; NULL is fine. */
void            evb_cli_progress_free   (EvbCliProgress *progress);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EvbCliProgress, evb_cli_progress_free)

G_END_DECLS
