/* evb-rubber-band-tool.h: Shift+drag on empty space to select the cards in a rectangle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-canvas-tool.h"

G_BEGIN_DECLS

#define EVB_TYPE_RUBBER_BAND_TOOL (evb_rubber_band_tool_get_type ())

G_DECLARE_FINAL_TYPE (EvbRubberBandTool, evb_rubber_band_tool, EVB, RUBBER_BAND_TOOL, EvbCanvasTool)

/* Returns: (transfer full): the tool for @canvas (which owns it). */
EvbCanvasTool *evb_rubber_band_tool_new (EvbCanvas *canvas);

G_END_DECLS
