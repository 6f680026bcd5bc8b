/* evb-link-tool.h: drag from a card's handle onto another card to link them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-canvas-tool.h"

G_BEGIN_DECLS

#define EVB_TYPE_LINK_TOOL (evb_link_tool_get_type ())

G_DECLARE_FINAL_TYPE (EvbLinkTool, evb_link_tool, EVB, LINK_TOOL, EvbCanvasTool)

/* Returns: (transfer full): the tool for @canvas (which owns it). */
EvbCanvasTool *evb_link_tool_new (EvbCanvas *canvas);

G_END_DECLS
