/* evb-layout.h: automatic layout of a board's cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "evb-board.h"

G_BEGIN_DECLS

/**
 * EvbLayoutMethod:
 * @EVB_LAYOUT_LAYERED: claims above the evidence that bears on them, in
 *   rows, with few crossing links (Sugiyama)
 * @EVB_LAYOUT_FORCE: linked cards near each other, for a tangle of related
 *   items (Fruchterman–Reingold)
 *
 * How evb_layout_compute() places cards. The nicks ("layered", "force")
 * are the names the command line takes.
 */
typedef enum
{
  EVB_LAYOUT_LAYERED,
  EVB_LAYOUT_FORCE,
} EvbLayoutMethod;

/**
 * EvbArrangement:
 * @EVB_ARRANGE_LEFT: left edges on the leftmost
 * @EVB_ARRANGE_CENTRE: centres on the middle of the cards' bounds, across
 * @EVB_ARRANGE_RIGHT: right edges on the rightmost
 * @EVB_ARRANGE_TOP: top edges on the topmost
 * @EVB_ARRANGE_MIDDLE: middles on the middle of the cards' bounds, down
 * @EVB_ARRANGE_BOTTOM: bottom edges on the lowest
 * @EVB_ARRANGE_SPREAD_ACROSS: even gaps from left to right, the two outer
 *   cards staying
 * @EVB_ARRANGE_SPREAD_DOWN: even gaps from top to bottom, likewise
 *
 * How evb_editing_arrange() aligns or distributes the selection. The nicks
 * are the targets of the app's win.arrange action.
 */
typedef enum
{
  EVB_ARRANGE_LEFT,
  EVB_ARRANGE_CENTRE,
  EVB_ARRANGE_RIGHT,
  EVB_ARRANGE_TOP,
  EVB_ARRANGE_MIDDLE,
  EVB_ARRANGE_BOTTOM,
  EVB_ARRANGE_SPREAD_ACROSS,
  EVB_ARRANGE_SPREAD_DOWN,
} EvbArrangement;

/* The space left between two cards side by side, and between two rows of
 * a layered layout (room for the links' arrows), in board units. */
#define EVB_LAYOUT_GAP_X 40.0
#define EVB_LAYOUT_GAP_Y 90.0

/**
 * EvbLayoutPosition:
 * @id: the card
 * @x: its new left edge
 * @y: its new top edge
 *
 * Where evb_layout_compute() puts one card.
 */
typedef struct
{
  char   *id;
  double  x;
  double  y;
} EvbLayoutPosition;

const char *evb_layout_method_to_string   (EvbLayoutMethod  method);
gboolean    evb_layout_method_from_string (const char      *str,
                                           EvbLayoutMethod *method);

/**
 * evb_layout_compute:
 * @board: the board
 * @method: how to lay the cards out
 * @node_ids: (element-type utf8) (nullable): the cards to lay out, or
 *   %NULL for every card; ids not on the board are skipped
 * @error: return location for an error
 *
 * Computes new places for the cards in @node_ids that are not pinned. Every
 * other card (pinned, or not in @node_ids) stays where it is and the rest
 * are laid out around it, starting at the top left of the cards laid out.
 * Afterwards no two cards overlap unless two cards that stay already did.
 * The result depends only on the board: the same board gives the same
 * places.
 *
 * Returns: (transfer full) (element-type EvbLayoutPosition): the new place
 *   of each card laid out (its id is freed with the array), or %NULL on
 *   error.
 */
GArray     *evb_layout_compute            (EvbBoard         *board,
                                           EvbLayoutMethod   method,
                                           GPtrArray        *node_ids,
                                           GError          **error);

/**
 * evb_layout_arrange:
 * @board: the board
 * @node_ids: (element-type utf8): the cards; ids not on the board are
 *   skipped
 * @arrangement: how to align or distribute them
 *
 * Computes where aligning or distributing puts the cards (whole units).
 * Pinned cards are arranged too: the person chose them.
 *
 * Returns: (transfer full) (element-type EvbLayoutPosition): the new place
 *   of each card, as for evb_layout_compute().
 */
GArray     *evb_layout_arrange            (EvbBoard         *board,
                                           GPtrArray        *node_ids,
                                           EvbArrangement    arrangement);

/* Core-internal (the layout and the placing of new cards): whether the
 * straight line from (x0, y0) to (x1, y1) passes through the box, its edges
 * left out. */
gboolean    _evb_layout_line_crosses_box  (double            x0,
                                           double            y0,
                                           double            x1,
                                           double            y1,
                                           double            bx,
                                           double            by,
                                           double            bw,
                                           double            bh);

G_END_DECLS
