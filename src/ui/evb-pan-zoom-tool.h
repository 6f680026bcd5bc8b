/* evb-pan-zoom-tool.h: drag empty space to pan; scroll pans, Ctrl+scroll and
 * pinch zoom around the pointer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-canvas-tool.h"

G_BEGIN_DECLS

#define EVB_TYPE_PAN_ZOOM_TOOL (evb_pan_zoom_tool_get_type ())

G_DECLARE_FINAL_TYPE (EvbPanZoomTool, evb_pan_zoom_tool, EVB, PAN_ZOOM_TOOL, EvbCanvasTool)

/* Returns: (transfer full): the tool for @canvas (which owns it). */
EvbCanvasTool *evb_pan_zoom_tool_new (EvbCanvas *canvas);

G_END_DECLS
