/* evb-device-text.h: text drawn at the size it has on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * evb_device_text_node_new:
 * @node: a drawing, to be drawn scaled by @scale with its origin on a
 *   whole pixel
 * @scale: the scale it is drawn at (a zoom of 39 % is 0.39)
 *
 * The same drawing, with each of its text nodes replaced by the same
 * glyphs, at the same places, in the same face loaded at the size they
 * appear at under @scale, inside a transform that undoes @scale and puts
 * the text's origin on a whole pixel. Text under a transform other than a
 * translation or an even scale, or inside a node that is not a container,
 * transform, clip, rounded clip, opacity or debug node, is left as it is;
 * so is text whose face cannot be loaded again at the new size. At a
 * @scale of 1 the drawing is returned as it is.
 *
 * GTK 4.8's GL renderer rasterises each glyph into a texture whose size
 * is rounded to whole pixels and stretches it over a box rounded to whole
 * units of the text's own coordinates: text under a fractional scale
 * comes out with every glyph resampled by its own factor, letters
 * overlapping. Text at the size it appears is drawn at scale 1, which it
 * draws cleanly. Cairo draws either alike.
 *
 * Returns: (transfer full): the drawing with its text at the size it appears
 */
GskRenderNode *evb_device_text_node_new (GskRenderNode *node,
                                         double         scale);

G_END_DECLS
