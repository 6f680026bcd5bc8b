/* evb-renderer-groups.h: how the renderer draws groups (render-internal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-renderer.h"

G_BEGIN_DECLS

typedef enum
{
  EVB_GROUP_LAYER_FRAMES,     /* behind links and cards */
  EVB_GROUP_LAYER_COLLAPSED,  /* above links, with the cards */
} EvbGroupLayer;

/* Follows the board's groups (called once the renderer has its board). */
void      _evb_renderer_groups_connect      (EvbRenderer           *self);
/* Whether a card is hidden in a collapsed group; if so, rect (when not
 * NULL) is the collapsed card drawn in its place, where its links end. */
gboolean  _evb_renderer_groups_hides_node   (EvbRenderer           *self,
                                             EvbNode               *node,
                                             graphene_rect_t       *rect);
/* Draws one layer of the groups that reach into area. Far out (plain),
 * frames are outlines without text. */
void      _evb_renderer_groups_snapshot     (EvbRenderer           *self,
                                             GtkSnapshot           *snapshot,
                                             const graphene_rect_t *area,
                                             double                 zoom,
                                             EvbGroupLayer          layer,
                                             gboolean               plain);
/* Adds the groups' frames to extents; any says whether it holds anything. */
void      _evb_renderer_groups_add_extents  (EvbRenderer           *self,
                                             graphene_rect_t       *extents,
                                             gboolean              *any);
/* The frame's border: the group's colour, darkened or lightened until it
 * stands out from the background at 3:1 (WCAG 1.4.11), or the card
 * border's colour for a group without one. */
void      _evb_renderer_groups_border_color (const EvbPalette      *palette,
                                             const char            *color,
                                             GdkRGBA               *out);

/* In evb-renderer.c: recomputes where every link ends (a group was
 * collapsed, expanded or changed members), and says the drawing changed. */
void      _evb_renderer_refresh_links       (EvbRenderer           *self);
/* Everything drawn may have changed: the canvas's tiles all go. */
void      _evb_renderer_invalidate          (EvbRenderer           *self);
/* Only what is drawn in area (board units, an item's own bounds) changed. */
void      _evb_renderer_invalidate_area     (EvbRenderer           *self,
                                             const graphene_rect_t *area);
/* Whether the node is drawn at all (in the visible set, if there is one). */
gboolean  _evb_renderer_is_node_shown       (EvbRenderer           *self,
                                             EvbNode               *node);

G_END_DECLS
