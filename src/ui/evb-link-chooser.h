/* evb-link-chooser.h: choose a card to link to, and the relation, by keyboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "evb-board.h"

G_BEGIN_DECLS

#define EVB_TYPE_LINK_CHOOSER (evb_link_chooser_get_type ())

G_DECLARE_FINAL_TYPE (EvbLinkChooser, evb_link_chooser, EVB, LINK_CHOOSER, AdwWindow)

/**
 * EvbLinkChooser:
 *
 * A small dialog for "Link To…": a search entry over the board's other
 * cards, then the relation (Supports or Refutes). Two cards that are far
 * apart on the board are linked without the mouse.
 *
 * Signals:
 * - `chosen` (const char *to_id, EvbRelation relation): the person chose;
 *   the dialog closes itself after emitting it.
 */

/**
 * evb_link_chooser_new:
 * @parent: the window it belongs to
 * @board: the board
 * @from_id: the card the link comes from; it is not offered
 *
 * Returns: (transfer none): the dialog, not yet shown; it is destroyed
 *   when closed.
 */
EvbLinkChooser *evb_link_chooser_new (GtkWindow  *parent,
                                      EvbBoard   *board,
                                      const char *from_id);

G_END_DECLS
