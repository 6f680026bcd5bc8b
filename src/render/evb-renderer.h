/* evb-renderer.h: draws a board as GSK render nodes, for the canvas and for export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "evb-attachment.h"
#include "evb-board.h"
#include "evb-palette.h"

G_BEGIN_DECLS

/* Below this zoom cards are plain shapes without text and links plain lines. */
#define EVB_RENDERER_DETAIL_ZOOM 0.35

#define EVB_TYPE_RENDERER (evb_renderer_get_type ())

G_DECLARE_FINAL_TYPE (EvbRenderer, evb_renderer, EVB, RENDERER, GObject)

/* Follows the board's signals and keeps its spatial index and caches current. */
EvbRenderer      *evb_renderer_new                 (EvbBoard              *board);
EvbBoard         *evb_renderer_get_board           (EvbRenderer           *self);

void              evb_renderer_set_dark            (EvbRenderer           *self,
                                                    gboolean               dark);
gboolean          evb_renderer_get_dark            (EvbRenderer           *self);
/* The colours in use, e.g. for the canvas's background. */
const EvbPalette *evb_renderer_get_palette         (EvbRenderer           *self);

/* Sets of node and link ids (string keys); the renderer keeps its own copy. NULL = none. */
void              evb_renderer_set_selected        (EvbRenderer           *self,
                                                    GHashTable            *ids);
void              evb_renderer_set_hovered         (EvbRenderer           *self,
                                                    const char            *id);
void              evb_renderer_set_highlighted     (EvbRenderer           *self,
                                                    GHashTable            *ids);
void              evb_renderer_set_show_link_notes (EvbRenderer           *self,
                                                    gboolean               show);
gboolean          evb_renderer_get_show_link_notes (EvbRenderer           *self);
/* Draw, pick and query only these nodes (string keys) and the links between
 * them, e.g. to export a selection. NULL = the whole board. */
void              evb_renderer_set_visible_nodes   (EvbRenderer           *self,
                                                    GHashTable            *ids);

/* What is known about the file attached to a node (e.g. from
 * evb_attachment_verify_board_async). Cards whose node has an attachment
 * show a paperclip; MISSING, CHANGED and UNREADABLE add a warning flag with
 * a few words and a border in the palette's broken colour. A status is
 * remembered with the node's attachment URI and SHA-256 at the time: once
 * the node gets another attachment it is unknown again (just the
 * paperclip), as it is before any status was set. NONE forgets it. */
void              evb_renderer_set_attachment_status (EvbRenderer         *self,
                                                      const char          *node_id,
                                                      EvbAttachmentStatus  status);
EvbAttachmentStatus evb_renderer_get_attachment_status (EvbRenderer       *self,
                                                        const char        *node_id);
/* The thumbnail of the attachment with this SHA-256 (lower-case hex), drawn
 * on every evidence card whose attachment has that hash; NULL removes it.
 * The renderer keeps a reference. Not drawn below EVB_RENDERER_DETAIL_ZOOM. */
void              evb_renderer_set_thumbnail       (EvbRenderer           *self,
                                                    const char            *sha256,
                                                    GdkTexture            *texture);
GdkTexture       *evb_renderer_get_thumbnail       (EvbRenderer           *self,
                                                    const char            *sha256);

/* Appends the nodes for everything that intersects viewport (board coordinates)
 * at the given zoom (1.0 = 100 %). Draws in board coordinates: the caller has
 * already scaled and translated the snapshot. zoom picks the level of detail
 * and keeps hairlines readable. Draws no background. */
void              evb_renderer_snapshot            (EvbRenderer           *self,
                                                    GtkSnapshot           *snapshot,
                                                    const graphene_rect_t *viewport,
                                                    double                 zoom);

/* Hit testing with the same spatial index (board coordinates). */
EvbNode          *evb_renderer_pick_node           (EvbRenderer           *self,
                                                    double                 x,
                                                    double                 y);
EvbLink          *evb_renderer_pick_link           (EvbRenderer           *self,
                                                    double                 x,
                                                    double                 y,
                                                    double                 tolerance);
/* EvbNode* that intersect rect, in drawing order. Free the array; the nodes belong to the board. */
GPtrArray        *evb_renderer_query_nodes         (EvbRenderer           *self,
                                                    const graphene_rect_t *rect);
/* EvbLink* whose drawing (line, head and note) may intersect rect, in drawing order. */
GPtrArray        *evb_renderer_query_links         (EvbRenderer           *self,
                                                    const graphene_rect_t *rect);
/* The point on the border of node's card towards (toward_x, toward_y). */
void              evb_renderer_get_border_point    (EvbRenderer           *self,
                                                    EvbNode               *node,
                                                    double                 toward_x,
                                                    double                 toward_y,
                                                    double                *out_x,
                                                    double                *out_y);
/* The area everything visible is drawn in, including link notes and shadows; FALSE when empty. */
gboolean          evb_renderer_get_extents         (EvbRenderer           *self,
                                                    graphene_rect_t       *extents);

G_END_DECLS
