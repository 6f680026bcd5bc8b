/* evb-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "evb-compat.h"
#include "evb-document.h"
#include "evb-window.h"

G_BEGIN_DECLS

/*
 * Ownership: evb_application_new() returns (transfer full);
 * evb_application_make_sample() returns (transfer full) the file of a fresh
 * copy of the sample board, or %NULL with @error set.
 */

#define EVB_TYPE_APPLICATION (evb_application_get_type ())

G_DECLARE_FINAL_TYPE (EvbApplication, evb_application, EVB, APPLICATION, AdwApplication)

EvbApplication *evb_application_new (void);

/* Imports the sample board into a new board file in the user's data folder
 * and returns that file. */
GFile          *evb_application_make_sample (GError **error);

/* Reads a JSON board in a thread; asks where to save it as a new board
 * and opens it, or shows where the file is wrong. A window shows the
 * progress from the start, with Cancel. */
void            evb_application_import      (EvbApplication *self,
                                             GFile          *source);
/* The same into target (replaced if it exists), or asking when NULL.
 * Returns: (transfer none): the window that shows the import. */
EvbWindow      *evb_application_import_to   (EvbApplication *self,
                                             GFile          *source,
                                             GFile          *target);

/* Does what the person chose for a working copy left by a crash: recover
 * (opens it in a window), later (keeps it) or discard (deletes it). Both
 * recovery dialogs and EVB_RECOVER=always end here. */
gboolean        evb_application_resolve_recovery (EvbApplication        *self,
                                                  const EvbRecoverable  *recoverable,
                                                  EvbRecoveryChoice      choice,
                                                  GError               **error);

G_END_DECLS
