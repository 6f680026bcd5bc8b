/* evb-renderer.h: draws a board as GSK render nodes, for the canvas and for export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "evb-assessment.h"
#include "evb-attachment.h"
#include "evb-attachment-state.h"
#include "evb-board.h"
#include "evb-palette.h"
#include "evb-selection.h"

G_BEGIN_DECLS

/* Below this zoom cards are plain shapes without text and links plain lines. */
#define EVB_RENDERER_DETAIL_ZOOM 0.35
/* At this zoom and closer cards also show the start of their description
 * and their tags, where their title leaves room. */
#define EVB_RENDERER_CLOSE_ZOOM 1.0

/* How far outside an item's bounds its drawing may reach (selection and
 * search rings, link halos, shadows): so many board units plus so many
 * pixels at the zoom it is drawn at. The area of an ::invalidated signal
 * is the item's bounds; whoever keeps pictures of the board grows it by
 * this much. */
#define EVB_RENDERER_REACH_UNITS  16.0
#define EVB_RENDERER_REACH_PIXELS 8.0

#define EVB_TYPE_RENDERER (evb_renderer_get_type ())

G_DECLARE_FINAL_TYPE (EvbRenderer, evb_renderer, EVB, RENDERER, GObject)

/**
 * evb_renderer_fit_card:
 * @data: a card's fields
 * @width: (out): the width the card needs for its text
 * @height: (out): the height it needs
 *
 * Measures a card with the fonts it is drawn with: as wide as it must be
 * for its title to take at most three lines and its source two (up to a
 * largest width), then as tall as its text needs (up to a largest
 * height); never smaller than a new card. Whole units. An
 * #EvbEditingFitFunc, for evb_editing_set_fit_func().
 */
void              evb_renderer_fit_card            (const EvbNodeData     *data,
                                                    double                *width,
                                                    double                *height);

/* Follows the board's signals and keeps its spatial index and caches current. */
EvbRenderer      *evb_renderer_new                 (EvbBoard              *board);
EvbBoard         *evb_renderer_get_board           (EvbRenderer           *self);

void              evb_renderer_set_dark            (EvbRenderer           *self,
                                                    gboolean               dark);
gboolean          evb_renderer_get_dark            (EvbRenderer           *self);
/* Draws with the high-contrast palette (libadwaita's high-contrast setting). */
void              evb_renderer_set_high_contrast   (EvbRenderer           *self,
                                                    gboolean               high_contrast);
/* The colours in use, e.g. for the canvas's background. */
const EvbPalette *evb_renderer_get_palette         (EvbRenderer           *self);

/* The board's one selection, drawn with a ring; the renderer keeps a
 * reference and redraws when it changes. NULL = nothing selected. */
void              evb_renderer_set_selection       (EvbRenderer           *self,
                                                    EvbSelection          *selection);
/* Returns: (transfer none) (nullable): the selection drawn. */
EvbSelection     *evb_renderer_get_selection       (EvbRenderer           *self);
/* Sets of node ids (string keys); the renderer keeps its own copy. NULL = none. */
void              evb_renderer_set_hovered         (EvbRenderer           *self,
                                                    const char            *id);
void              evb_renderer_set_highlighted     (EvbRenderer           *self,
                                                    GHashTable            *ids);
void              evb_renderer_set_show_link_notes (EvbRenderer           *self,
                                                    gboolean               show);
gboolean          evb_renderer_get_show_link_notes (EvbRenderer           *self);
/* The drawing is cut into tiles and kept (the canvas's tile cache): draw
 * every part as it looks in any larger view. A dense far-out mesh of lines
 * then keeps its anti-aliasing, which a single view drops above 2,000
 * lines, so a tile would depend on how many lines it holds. */
void              evb_renderer_set_tiled           (EvbRenderer           *self,
                                                    gboolean               tiled);
/* Draw, pick and query only these nodes (string keys) and the links between
 * them, e.g. to export a selection. NULL = the whole board. */
void              evb_renderer_set_visible_nodes   (EvbRenderer           *self,
                                                    GHashTable            *ids);
/* Draw these nodes (string keys) and every link that touches one faint:
 * the cards a filter leaves out, when it dims rather than hides them.
 * NULL = none. The renderer keeps its own copy. */
void              evb_renderer_set_dimmed_nodes    (EvbRenderer           *self,
                                                    GHashTable            *ids);

/* What is known about the files the cards refer to (statuses and
 * thumbnails), read while drawing; the renderer keeps a reference and
 * redraws the cards concerned when it changes. Cards whose node has an
 * attachment show a paperclip; MISSING, CHANGED and UNREADABLE add a
 * warning flag with a few words and a border in the palette's broken
 * colour; pictures show their thumbnail (not below
 * EVB_RENDERER_DETAIL_ZOOM). NULL = nothing known. */
void              evb_renderer_set_attachment_state (EvbRenderer        *self,
                                                     EvbAttachmentState *state);
/* Returns: (transfer none) (nullable): the state drawn. */
EvbAttachmentState *evb_renderer_get_attachment_state (EvbRenderer      *self);
/* The board's assessment: claim cards show their likelihood in ICD 203's
 * words with a gauge, redrawn when it changes. NULL: counts of their
 * supporting and refuting links instead. The renderer keeps a reference. */
void              evb_renderer_set_assessment      (EvbRenderer           *self,
                                                    EvbAssessment         *assessment);
/* Returns: (transfer none) (nullable): the assessment drawn. */
EvbAssessment    *evb_renderer_get_assessment      (EvbRenderer           *self);
/* Appends the nodes for everything that intersects viewport (board coordinates)
 * at the given zoom (1.0 = 100 %). Draws in board coordinates: the caller has
 * already scaled and translated the snapshot. zoom picks the level of detail
 * and keeps hairlines readable. Draws no background. */
void              evb_renderer_snapshot            (EvbRenderer           *self,
                                                    GtkSnapshot           *snapshot,
                                                    const graphene_rect_t *viewport,
                                                    double                 zoom);

/* Far out (below EVB_RENDERER_DETAIL_ZOOM) cards are plain shapes: what a
 * view draws there can be taken as plain data on the board's thread and
 * turned into render nodes on another (the canvas's tile worker). */
typedef struct _EvbRendererScene EvbRendererScene;

/**
 * evb_renderer_capture_scene:
 * @self: a renderer
 * @viewport: the area to draw, in board coordinates
 * @zoom: the zoom it is drawn at
 *
 * Takes what evb_renderer_snapshot() draws of @viewport far out as plain
 * data, copied from the board (the whole board's shapes are shared, not
 * copied, while they do not change). Call it on the thread that owns the
 * board; the scene may then be drawn and freed on any thread.
 *
 * Returns: (transfer full) (nullable): the scene, or %NULL when @zoom is
 *   not below %EVB_RENDERER_DETAIL_ZOOM (cards in detail are drawn from
 *   the renderer's own nodes) or the area holds nothing to draw
 */
EvbRendererScene *evb_renderer_capture_scene       (EvbRenderer           *self,
                                                    const graphene_rect_t *viewport,
                                                    double                 zoom);
/**
 * evb_renderer_scene_to_node:
 * @scene: a scene (evb_renderer_capture_scene())
 *
 * Makes the render nodes evb_renderer_snapshot() would append for the
 * scene's view, in board coordinates. Any thread: it reads only the scene.
 *
 * Returns: (transfer full) (nullable): the drawing; %NULL when nothing is
 *   drawn
 */
GskRenderNode    *evb_renderer_scene_to_node       (const EvbRendererScene *scene);
/**
 * evb_renderer_scene_free:
 * @scene: (transfer full): a scene; any thread
 */
void              evb_renderer_scene_free          (EvbRendererScene      *scene);

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
/**
 * evb_renderer_pick_group:
 *
 * The group whose label band (at the top of its frame), or whose collapsed
 * card, is at (x, y), in board coordinates.
 *
 * Returns: (transfer none) (nullable): the group, or %NULL.
 */
EvbGroup         *evb_renderer_pick_group          (EvbRenderer           *self,
                                                    double                 x,
                                                    double                 y);
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EvbRendererScene, evb_renderer_scene_free)

G_END_DECLS
