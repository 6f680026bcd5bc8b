/* evb-title-popover.h: the in-place editor of a card's title
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "evb-board.h"

G_BEGIN_DECLS

#define EVB_TYPE_TITLE_POPOVER (evb_title_popover_get_type ())

G_DECLARE_FINAL_TYPE (EvbTitlePopover, evb_title_popover, EVB, TITLE_POPOVER, GtkPopover)

/**
 * EvbTitlePopover:
 *
 * A popover with one entry that edits a card's title; Enter stores it as
 * the undo step "Edit Title" (through evb_editing_update_card()), Escape
 * or a click elsewhere drops it. The owner points it at the card.
 *
 * Signals:
 * - `error` (GError *): the title could not be stored (the error says why).
 */

/* Returns: (transfer floating): a new popover; give it a parent. */
GtkWidget  *evb_title_popover_new         (void);
/* Opens the editor on @node_id of @board (the popover keeps a reference
 * to @board while it is open). */
void        evb_title_popover_edit        (EvbTitlePopover *self,
                                           EvbBoard        *board,
                                           const char      *node_id);
/* Returns: (transfer none) (nullable): the card being edited, or %NULL
 * when the popover is closed. */
const char *evb_title_popover_get_node_id (EvbTitlePopover *self);

G_END_DECLS
