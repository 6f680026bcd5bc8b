/* evb-resize-tool.h: drag a card's corner to resize it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-canvas-tool.h"

G_BEGIN_DECLS

#define EVB_TYPE_RESIZE_TOOL (evb_resize_tool_get_type ())

G_DECLARE_FINAL_TYPE (EvbResizeTool, evb_resize_tool, EVB, RESIZE_TOOL, EvbCanvasTool)

/* Returns: (transfer full): the tool for @canvas (which owns it). */
EvbCanvasTool *evb_resize_tool_new           (EvbCanvas   *canvas);

/**
 * evb_resize_tool_pick:
 * @canvas: the canvas
 * @x: a point in widget coordinates
 * @y: a point in widget coordinates
 *
 * The card whose resize handle is at (@x, @y). Only a card selected on its
 * own has one, at its bottom right corner.
 *
 * Returns: (transfer none) (nullable): the card, or %NULL.
 */
EvbNode       *evb_resize_tool_pick          (EvbCanvas   *canvas,
                                              double       x,
                                              double       y);
/* Draws the resize handle of a card selected on its own, in widget coordinates. */
void           evb_resize_tool_append_handle (EvbCanvas   *canvas,
                                              GtkSnapshot *snapshot);

G_END_DECLS
