/* evb-move-tool.h: drag cards to move them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-canvas-tool.h"

G_BEGIN_DECLS

#define EVB_TYPE_MOVE_TOOL (evb_move_tool_get_type ())

G_DECLARE_FINAL_TYPE (EvbMoveTool, evb_move_tool, EVB, MOVE_TOOL, EvbCanvasTool)

/* Returns: (transfer full): the tool for @canvas (which owns it). */
EvbCanvasTool *evb_move_tool_new (EvbCanvas *canvas);

G_END_DECLS
