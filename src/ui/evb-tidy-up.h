/* evb-tidy-up.h: Tidy Up with the cards gliding to their places
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "evb-editing.h"

G_BEGIN_DECLS

/* Called when a glide could not be committed at its end (the board file
 * refused the write); the board is then as it was before. */
typedef void (*EvbTidyUpErrorFunc) (GtkWidget    *widget,
                                    const GError *error);

gboolean evb_tidy_up_start  (GtkWidget          *widget,
                             EvbBoard           *board,
                             EvbLayoutMethod     method,
                             GPtrArray          *ids,
                             EvbTidyUpErrorFunc  error_func,
                             GError            **error);
void     evb_tidy_up_finish (GtkWidget          *widget);

G_END_DECLS
