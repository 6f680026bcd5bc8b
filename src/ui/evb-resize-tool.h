/* evb-resize-tool.h: drag a card's corner or edge to resize it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-canvas-tool.h"

G_BEGIN_DECLS

#define EVB_TYPE_RESIZE_TOOL (evb_resize_tool_get_type ())

G_DECLARE_FINAL_TYPE (EvbResizeTool, evb_resize_tool, EVB, RESIZE_TOOL, EvbCanvasTool)

/**
 * EvbResizeEdge:
 * @EVB_RESIZE_EDGE_NONE: no handle
 * @EVB_RESIZE_EDGE_CORNER: the bottom right corner: width and height
 * @EVB_RESIZE_EDGE_RIGHT: the right edge: the width only
 * @EVB_RESIZE_EDGE_BOTTOM: the bottom edge: the height only
 *
 * Which part of a card's outline a drag resizes by.
 */
typedef enum
{
  EVB_RESIZE_EDGE_NONE,
  EVB_RESIZE_EDGE_CORNER,
  EVB_RESIZE_EDGE_RIGHT,
  EVB_RESIZE_EDGE_BOTTOM,
} EvbResizeEdge;

/* Returns: (transfer full): the tool for @canvas (which owns it). */
EvbCanvasTool *evb_resize_tool_new           (EvbCanvas   *canvas);

/**
 * evb_resize_tool_pick:
 * @canvas: the canvas
 * @x: a point in widget coordinates
 * @y: a point in widget coordinates
 *
 * The card whose resize handle is at (@x, @y). Only a card selected on its
 * own has them: at its bottom right corner, and along its right edge (but
 * for its link handle) and its bottom edge.
 *
 * Returns: (transfer none) (nullable): the card, or %NULL.
 */
EvbNode       *evb_resize_tool_pick          (EvbCanvas   *canvas,
                                              double       x,
                                              double       y);
/* Which handle evb_resize_tool_pick() finds at (@x, @y). */
EvbResizeEdge  evb_resize_tool_pick_edge     (EvbCanvas   *canvas,
                                              double       x,
                                              double       y);
/* The pointer's name over @edge ("nwse-resize", "ew-resize", "ns-resize"),
 * or %NULL for none. */
const char    *evb_resize_edge_get_cursor_name (EvbResizeEdge edge);
/* Draws the resize handle of a card selected on its own, in widget coordinates. */
void           evb_resize_tool_append_handle (EvbCanvas   *canvas,
                                              GtkSnapshot *snapshot);

G_END_DECLS
