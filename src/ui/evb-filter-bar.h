/* evb-filter-bar.h: choosing which cards to see
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "evb-session.h"

G_BEGIN_DECLS

#define EVB_TYPE_FILTER_BAR (evb_filter_bar_get_type ())

G_DECLARE_FINAL_TYPE (EvbFilterBar, evb_filter_bar, EVB, FILTER_BAR, GtkWidget)

/**
 * EvbFilterBar:
 *
 * The bar under the header that edits the session's #EvbFilter: a menu
 * button with a popover for each criterion, Dim or Hide for the cards
 * that do not match, Clear, and "N of M cards". Every click applies at
 * once. Its actions (group `filter`): `kind-claim`, `kind-evidence`,
 * `type-<evidence type>`, `attachment-<no-file|fine|changed|missing>`,
 * `likelihood-<0…6|unassessed>` (booleans), `mode` ('dim' or 'hide') and
 * `clear`.
 *
 * Properties:
 * - `search-mode-enabled` (boolean): the bar is shown.
 */

/**
 * evb_filter_bar_set_session:
 * @session: (nullable): the open board, whose filter the bar edits
 */
void        evb_filter_bar_set_session     (EvbFilterBar *self,
                                            EvbSession   *session);
gboolean    evb_filter_bar_get_search_mode (EvbFilterBar *self);
void        evb_filter_bar_set_search_mode (EvbFilterBar *self,
                                            gboolean      enabled);
/**
 * evb_filter_bar_get_summary:
 *
 * Returns: (transfer none): what the bar says of the cards, e.g.
 *   "3 of 12 cards".
 */
const char *evb_filter_bar_get_summary     (EvbFilterBar *self);

G_END_DECLS
