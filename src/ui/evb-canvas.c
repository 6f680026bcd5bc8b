/* evb-canvas.c: the board canvas widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cards are drawn by EvbRenderer, not made of widgets. The canvas is the
 * view of a board: it draws it with the selection and the hovered card's
 * link handles, hit-tests it, owns the viewport and keeps the public API.
 * Everything that changes the board goes through the editing layer
 * (evb-editing.h), one undo step each; the canvas never opens a history
 * transaction itself. Its jobs live beside it:
 *
 * - evb-canvas-gestures.c picks a tool on each press and forwards the
 *   drag: evb-move-tool.c, evb-link-tool.c, evb-rubber-band-tool.c and
 *   evb-pan-zoom-tool.c (one small object per gesture, as in gaphas); a
 *   double-click on a card opens its title editor;
 * - evb-canvas-actions.c holds the keyboard actions (canvas.*);
 * - EvbTitlePopover (evb-title-popover.c) edits a title in place;
 * - evb-canvas-debug.c holds the perf sweep and the test hooks.
 *
 * Without a GPU (GTK's cairo renderer) the board is drawn from tiles kept
 * by EvbTileCache (evb-tile-cache.c): a moving view shows tiles drawn
 * before, and 150 ms after the view stops they are drawn again at its
 * exact zoom. EVB_TILES=0 turns them off, EVB_TILES=1 on with any
 * renderer. Without tiles, while only the view moves, the render nodes of
 * an area larger than the view are reused, so panning does not rebuild
 * them every frame; their text is made the size it appears
 * (evb-device-text.c), without which GTK 4.8's GL renderer garbles it at
 * any zoom but 100 %.
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "evb-canvas-private.h"
#include "evb-device-text.h"
#include "evb-editing.h"
#include "evb-palette.h"
#include "evb-resize-tool.h"
#include "evb-tile-cache.h"
#include "evb-title-popover.h"

/* The view rests this long after it last moved: tiles are drawn again at
 * its exact zoom, crisp. */
#define SETTLE_MS 150
/* Time a frame may spend drawing missing tiles (a 60 Hz frame is 16.7 ms). */
#define TILE_BUDGET_US 6000

struct _EvbCanvas
{
  GtkWidget      parent_instance;

  EvbBoard      *board;
  EvbRenderer   *renderer;
  EvbViewport   *viewport;
  gboolean       fitted;
  gboolean       reported_first_frame;
  guint          fit_idle;
  /* The view as the last fit left it, and the size it was fitted to:
   * while the person has not moved it, the board is kept whole. */
  gboolean       showing_fit;
  double         fit_origin_x;
  double         fit_origin_y;
  double         fit_zoom;
  int            fit_width;
  int            fit_height;

  EvbSelection  *selection;   /* the board's one selection; NULL without a board */
  EvbAttachmentState *attachments;
  GPtrArray     *no_nodes;    /* empty: the selected nodes without a board */
  char          *hovered;
  char          *accessible_label;  /* what it said last, to tell a change */
  double         pointer_x;
  double         pointer_y;

  EvbCanvasGestures *gestures;  /* the pointer tools */

  /* Tiles (without a GPU) */
  EvbTileCache  *tiles;       /* NULL until drawn with tiles */
  int            use_tiles;   /* -1 not yet known */
  gboolean       settled;     /* the view has not moved for SETTLE_MS */
  gboolean       exact;       /* the last frame was the renderer's drawing */
  guint          settle_id;
  guint          redraw_tick; /* another frame for the tiles still missing */

  /* Pan cache (without tiles) */
  GskRenderNode *cache;
  graphene_rect_t cache_rect;
  double         cache_zoom;

  GtkWidget     *title_popover;
};

G_DEFINE_FINAL_TYPE (EvbCanvas, evb_canvas, GTK_TYPE_WIDGET)

enum {
  ERROR,
  DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
invalidate (EvbCanvas *self)
{
  self->exact = FALSE;
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_evb_canvas_report_error (EvbCanvas    *self,
                          const GError *error)
{
  g_signal_emit (self, signals[ERROR], 0, error);
}

void
_evb_canvas_get_pointer (EvbCanvas *self,
                         double    *x,
                         double    *y)
{
  *x = self->pointer_x;
  *y = self->pointer_y;
}

static GPtrArray *
selected_nodes (EvbCanvas *self)
{
  return self->selection != NULL ? evb_selection_get_nodes (self->selection) : self->no_nodes;
}

/* "Video: <title>. Supports <claim>. Refuted by <card>." The names of
 * what a card supports or refutes, and of what supports or refutes it. */
static char *
dup_card_description (EvbCanvas *self,
                      EvbNode   *node)
{
  const EvbNodeData *data = evb_node_get_data (node);
  GPtrArray *links = evb_node_get_links (node);
  const char *kind = evb_node_get_kind (node) == EVB_NODE_KIND_CLAIM
                       ? evb_node_kind_get_label (EVB_NODE_KIND_CLAIM)
                       : evb_evidence_type_get_label (evb_node_get_evidence_type (node));
  GString *text = g_string_new (NULL);

  /* Translators: the focused card for a screen reader: "<kind>: <title>." */
  g_string_append_printf (text, _("%s: %s."), kind, evb_node_get_title (node));
  if (data->reliability != '\0' || data->credibility != 0)
    {
      g_string_append_c (text, ' ');
      /* Translators: the Admiralty grade of a card for screen readers, e.g. "Source: usually reliable. Information: probably true." */
      g_string_append_printf (text, _("Source: %s. Information: %s."),
                              data->reliability ? evb_reliability_get_label (data->reliability) : _("not graded"),
                              data->credibility ? evb_credibility_get_label (data->credibility) : _("not graded"));
    }
  for (guint i = 0; i < links->len; i++)
    {
      EvbLink *link = g_ptr_array_index (links, i);
      gboolean outgoing = g_str_equal (evb_link_get_from (link), evb_node_get_id (node));
      EvbNode *other = evb_board_get_node (self->board, outgoing ? evb_link_get_to (link)
                                                                 : evb_link_get_from (link));
      gboolean supports = evb_link_get_relation (link) == EVB_RELATION_SUPPORTS;

      if (other == NULL)
        continue;
      g_string_append_c (text, ' ');
      if (outgoing)
        /* Translators: for a screen reader, what the focused card does: "Supports <claim>." */
        g_string_append_printf (text, supports ? _("Supports %s.") : _("Refutes %s."), evb_node_get_title (other));
      else
        /* Translators: for a screen reader, what is said of the focused card: "Supported by <card>." */
        g_string_append_printf (text, supports ? _("Supported by %s.") : _("Refuted by %s."),
                                evb_node_get_title (other));
    }
  return g_string_free (text, FALSE);
}

static char *
dup_link_description (EvbCanvas *self,
                      EvbLink   *link)
{
  EvbNode *from = evb_board_get_node (self->board, evb_link_get_from (link));
  EvbNode *to = evb_board_get_node (self->board, evb_link_get_to (link));
  const char *strength = evb_strength_get_label (evb_link_get_strength (link));

  if (from == NULL || to == NULL)
    return g_strdup ("");
  if (evb_link_get_relation (link) == EVB_RELATION_SUPPORTS)
    /* Translators: the focused link for a screen reader: "<card> supports <claim>. Strength: strong." */
    return g_strdup_printf (_("Link: %s supports %s. Strength: %s."), evb_node_get_title (from),
                            evb_node_get_title (to), strength);
  /* Translators: the focused link for a screen reader: "<card> refutes <claim>. Strength: strong." */
  return g_strdup_printf (_("Link: %s refutes %s. Strength: %s."), evb_node_get_title (from),
                          evb_node_get_title (to), strength);
}

/* The collapsed group whose cards are exactly the selected ones (a click
 * or Tab on its card selects them), or NULL. */
static EvbGroup *
selected_collapsed_group (EvbCanvas *self,
                          GPtrArray *nodes)
{
  EvbGroup *group;

  if (nodes->len == 0)
    return NULL;
  group = evb_board_get_node_group (self->board, g_ptr_array_index (nodes, nodes->len - 1));
  if (group == NULL || !evb_group_get_collapsed (group) || evb_group_get_n_nodes (group) != nodes->len)
    return NULL;
  for (guint i = 0; i < nodes->len; i++)
    if (evb_board_get_node_group (self->board, g_ptr_array_index (nodes, i)) != group)
      return NULL;
  return group;
}

/* The canvas is one accessible object (GTK 4.8 cannot expose drawn cards
 * as children; the outline lists them): its name says what the board is,
 * what is selected, and the card or link in focus with what it supports
 * or refutes and what supports or refutes it. */
static char *
dup_accessible_label (EvbCanvas *self)
{
  char *label = NULL;
  GPtrArray *nodes = selected_nodes (self);
  GPtrArray *links = self->selection != NULL ? evb_selection_get_links (self->selection) : NULL;
  guint n_links = links != NULL ? links->len : 0;
  guint n = nodes->len + n_links;
  EvbGroup *group = NULL;

  if (self->board != NULL && n_links == 0)
    group = selected_collapsed_group (self, nodes);

  if (self->board == NULL)
    label = g_strdup (_("Board canvas"));
  else if (group != NULL)
    /* Translators: a collapsed group in focus, for a screen reader: "Group “Witnesses”, 3 cards, collapsed" */
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Group “%s”, %u card, collapsed",
                                          "Group “%s”, %u cards, collapsed", nodes->len),
                             evb_group_get_label (group), nodes->len);
  else if (n == 0)
    {
      guint n_cards = evb_board_get_n_nodes (self->board);

      /* Translators: the board canvas for a screen reader when nothing is selected */
      label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Board “%s”, %u card. Nothing selected.",
                                            "Board “%s”, %u cards. Nothing selected.", n_cards),
                               evb_board_get_title (self->board), n_cards);
    }
  else if (n > 1)
    {
      g_autofree char *focused = NULL;
      EvbNode *node = nodes->len > 0 ? evb_board_get_node (self->board, g_ptr_array_index (nodes, nodes->len - 1))
                                     : NULL;

      focused = node != NULL ? dup_card_description (self, node) : g_strdup ("");
      /* Translators: for a screen reader: how many cards and links are selected, then the last one selected */
      label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item selected. %s", "%u items selected. %s", n),
                               n, focused);
    }
  else if (nodes->len == 1)
    {
      EvbNode *node = evb_board_get_node (self->board, g_ptr_array_index (nodes, 0));

      label = node != NULL ? dup_card_description (self, node) : g_strdup (_("Board canvas"));
    }
  else
    {
      EvbLink *link = evb_board_get_link (self->board, g_ptr_array_index (links, 0));

      label = link != NULL ? dup_link_description (self, link) : g_strdup (_("Board canvas"));
    }
  return label;
}

static void
update_accessible_label (EvbCanvas *self)
{
  g_free (self->accessible_label);
  self->accessible_label = dup_accessible_label (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->accessible_label, -1);
  /* What evb_compat_announce() said of the card before is not true of
   * another selection. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* An edit, an undo or a title changes what the canvas says without a new
 * selection ("0 cards" after Undo brought them back); a card dragged
 * changes nothing it says, and a listener is told nothing anew. */
static void
refresh_accessible_label (EvbCanvas *self)
{
  g_autofree char *label = dup_accessible_label (self);

  if (g_strcmp0 (label, self->accessible_label) != 0)
    update_accessible_label (self);
}

static void
selection_changed_cb (EvbCanvas *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.delete",
                                 self->selection != NULL && !evb_selection_is_empty (self->selection));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.cancel-gesture",
                                 self->selection != NULL && !evb_selection_is_empty (self->selection));
  update_accessible_label (self);
  invalidate (self);
}

static gboolean
is_selected (EvbCanvas  *self,
             const char *id)
{
  return id != NULL && self->selection != NULL && evb_selection_contains (self->selection, id);
}

/* Board signals */

static void
node_removed_cb (EvbCanvas *self,
                 EvbNode   *node)
{
  const char *id = evb_node_get_id (node);

  if (g_strcmp0 (self->hovered, id) == 0)
    g_clear_pointer (&self->hovered, g_free);
  refresh_accessible_label (self);
  invalidate (self);
}

static void
link_removed_cb (EvbCanvas *self,
                 EvbLink   *link)
{
  refresh_accessible_label (self);
  invalidate (self);
}

static void
board_changed_cb (EvbCanvas *self)
{
  refresh_accessible_label (self);
  invalidate (self);
}

/* Geometry */

static void
visible_rect (EvbCanvas       *self,
              graphene_rect_t *rect)
{
  double zoom = evb_viewport_get_zoom (self->viewport);

  graphene_rect_init (rect, evb_viewport_get_origin_x (self->viewport),
                      evb_viewport_get_origin_y (self->viewport),
                      gtk_widget_get_width (GTK_WIDGET (self)) / zoom,
                      gtk_widget_get_height (GTK_WIDGET (self)) / zoom);
}

void
_evb_canvas_handle_position (EvbCanvas *self,
                             EvbNode   *node,
                             double    *wx,
                             double    *wy)
{
  double x, y, w, h;

  evb_node_get_bounds (node, &x, &y, &w, &h);
  evb_viewport_board_to_widget (self->viewport, x + w, y + h / 2, wx, wy);
}

static gboolean
shows_handle (EvbCanvas  *self,
              const char *id)
{
  /* A card hidden in a collapsed group has no handle to link from. */
  EvbGroup *group = evb_board_get_node_group (self->board, id);

  return (is_selected (self, id) || g_strcmp0 (self->hovered, id) == 0) &&
         (group == NULL || !evb_group_get_collapsed (group));
}

EvbNode *
_evb_canvas_pick_handle (EvbCanvas *self,
                         double     wx,
                         double     wy)
{
  GPtrArray *candidates = selected_nodes (self);

  for (guint i = 0; i <= candidates->len; i++)
    {
      const char *id = i < candidates->len ? g_ptr_array_index (candidates, i) : self->hovered;
      EvbNode *node = evb_board_get_node (self->board, id);
      double hx, hy;

      if (node == NULL || !shows_handle (self, id))
        continue;
      _evb_canvas_handle_position (self, node, &hx, &hy);
      if (hypot (hx - wx, hy - wy) <= EVB_CANVAS_HANDLE_RADIUS + 3)
        return node;
    }
  return NULL;
}

/* Drawing */

void
_evb_canvas_append_handle (GtkSnapshot   *snapshot,
                           double         x,
                           double         y,
                           const GdkRGBA *fill,
                           const GdkRGBA *ring)
{
  GskRoundedRect circle;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (x - EVB_CANVAS_HANDLE_RADIUS, y - EVB_CANVAS_HANDLE_RADIUS,
                                               2 * EVB_CANVAS_HANDLE_RADIUS, 2 * EVB_CANVAS_HANDLE_RADIUS);
  float widths[4] = { 2, 2, 2, 2 };
  GdkRGBA colors[4] = { *ring, *ring, *ring, *ring };

  gsk_rounded_rect_init_from_rect (&circle, &bounds, EVB_CANVAS_HANDLE_RADIUS);
  gtk_snapshot_push_rounded_clip (snapshot, &circle);
  gtk_snapshot_append_color (snapshot, fill, &bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &circle, widths, colors);
}

/* Tiles pay where GTK rasterises render nodes on the CPU every frame. */
static gboolean
uses_tiles (EvbCanvas *self)
{
  if (self->use_tiles < 0)
    {
      const char *env = g_getenv ("EVB_TILES");
      GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));

      if (env != NULL && *env != '\0')
        self->use_tiles = g_strcmp0 (env, "0") != 0;
      else if (native != NULL && gtk_native_get_renderer (native) != NULL)
        self->use_tiles = GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (native));
      else
        return FALSE;
    }
  return self->use_tiles;
}

static gboolean
redraw_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  EvbCanvas *self = EVB_CANVAS (widget);

  self->redraw_tick = 0;
  gtk_widget_queue_draw (widget);
  return G_SOURCE_REMOVE;
}

static void
settle_cb (gpointer user_data)
{
  EvbCanvas *self = user_data;

  self->settle_id = 0;
  self->settled = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
snapshot_tiles (EvbCanvas   *self,
                GtkSnapshot *snapshot)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gboolean complete;

  if (self->tiles == NULL)
    {
      self->tiles = evb_tile_cache_new (self->renderer);
      /* Tiles the worker thread drew: show them. */
      g_signal_connect_object (self->tiles, "tiles-drawn", G_CALLBACK (gtk_widget_queue_draw), self,
                               G_CONNECT_SWAPPED);
    }
  complete = evb_tile_cache_snapshot (self->tiles, snapshot, self->viewport, gtk_widget_get_width (widget),
                                      gtk_widget_get_height (widget), gtk_widget_get_scale_factor (widget),
                                      self->settled, TILE_BUDGET_US);
  self->exact = complete && self->settled;
  if (!complete && self->redraw_tick == 0)
    self->redraw_tick = gtk_widget_add_tick_callback (widget, redraw_tick_cb, NULL, NULL);
}

static void
evb_canvas_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  EvbCanvas *self = EVB_CANVAS (widget);
  const EvbPalette *palette;
  double zoom = evb_viewport_get_zoom (self->viewport);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  graphene_rect_t view;
  int device;

  if (self->renderer == NULL)
    return;

  if (!self->reported_first_frame)
    self->reported_first_frame = _evb_canvas_debug_first_frame ();

  palette = evb_renderer_get_palette (self->renderer);
  if (uses_tiles (self))
    {
      snapshot_tiles (self, snapshot);
      goto overlays;
    }
  self->exact = TRUE;
  gtk_snapshot_append_color (snapshot, &palette->background,
                             &GRAPHENE_RECT_INIT (0, 0, width, height));

  visible_rect (self, &view);
  if (self->cache == NULL || self->cache_zoom != zoom ||
      !graphene_rect_contains_rect (&self->cache_rect, &view))
    {
      g_autoptr(GtkSnapshot) inner = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) drawn = NULL;

      g_clear_pointer (&self->cache, gsk_render_node_unref);
      /* Half a view more on every side: panning reuses these nodes. */
      graphene_rect_inset_r (&view, -view.size.width / 2, -view.size.height / 2, &self->cache_rect);
      self->cache_zoom = zoom;
      evb_renderer_snapshot (self->renderer, inner, &self->cache_rect, zoom);
      drawn = gtk_snapshot_free_to_node (g_steal_pointer (&inner));
      /* GTK 4.8's GL renderer garbles text under a fractional scale: it
       * gets the text at the size it appears (evb-device-text.c). */
      if (drawn != NULL)
        self->cache = evb_device_text_node_new (drawn, zoom);
    }

  /* The board's origin on a whole device pixel (half a pixel at most from
   * where the viewport has it), where the device text expects it. */
  device = gtk_widget_get_scale_factor (widget);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (round (-evb_viewport_get_origin_x (self->viewport) * zoom * device) / device,
                                                round (-evb_viewport_get_origin_y (self->viewport) * zoom * device) / device));
  gtk_snapshot_scale (snapshot, zoom, zoom);
  if (self->cache != NULL)
    gtk_snapshot_append_node (snapshot, self->cache);
  gtk_snapshot_restore (snapshot);

overlays:
  /* Link handles on the selected and hovered cards. */
  for (guint i = 0; i <= selected_nodes (self)->len; i++)
    {
      const char *id = i < selected_nodes (self)->len ? g_ptr_array_index (selected_nodes (self), i)
                                                     : self->hovered;
      EvbNode *node = evb_board_get_node (self->board, id);
      double hx, hy;

      if (node == NULL || !shows_handle (self, id))
        continue;
      _evb_canvas_handle_position (self, node, &hx, &hy);
      _evb_canvas_append_handle (snapshot, hx, hy, &palette->card, &palette->selection);
    }

  evb_resize_tool_append_handle (self, snapshot);

  /* The active tool's overlay: the rubber band, the link being drawn. */
  _evb_canvas_gestures_snapshot (self->gestures, snapshot);
}

/* Popovers */

void
_evb_canvas_point_popover_at_node (EvbCanvas  *self,
                                   GtkPopover *popover,
                                   EvbNode    *node)
{
  double x, y, w, h, wx, wy;
  GdkRectangle rect;

  evb_node_get_bounds (node, &x, &y, &w, &h);
  evb_viewport_board_to_widget (self->viewport, x, y, &wx, &wy);
  rect.x = (int) wx;
  rect.y = (int) wy;
  rect.width = MAX (1, (int) (w * evb_viewport_get_zoom (self->viewport)));
  rect.height = MAX (1, (int) (h * evb_viewport_get_zoom (self->viewport)));
  gtk_popover_set_pointing_to (popover, &rect);
}

void
evb_canvas_edit_title (EvbCanvas  *self,
                       const char *id)
{
  EvbNode *node;

  g_return_if_fail (EVB_IS_CANVAS (self));

  node = self->board != NULL ? evb_board_get_node (self->board, id) : NULL;
  if (node == NULL)
    return;

  _evb_canvas_point_popover_at_node (self, GTK_POPOVER (self->title_popover), node);
  evb_title_popover_edit (EVB_TITLE_POPOVER (self->title_popover), self->board, id);
}

static void
title_error_cb (EvbCanvas    *self,
                const GError *error)
{
  _evb_canvas_report_error (self, error);
}

gboolean
_evb_canvas_cancel_gesture (EvbCanvas *self)
{
  return _evb_canvas_gestures_cancel (self->gestures);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           EvbCanvas                *self)
{
  double bx, by;
  EvbNode *node;
  const char *id;
  const char *cursor;
  GdkCursor *current;

  self->pointer_x = x;
  self->pointer_y = y;
  if (self->board == NULL)
    return;

  /* The resize handles' cursors; the canvas has no other. */
  cursor = evb_resize_edge_get_cursor_name (evb_resize_tool_pick_edge (self, x, y));
  current = gtk_widget_get_cursor (GTK_WIDGET (self));
  if (g_strcmp0 (cursor, current != NULL ? gdk_cursor_get_name (current) : NULL) != 0)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor);
  evb_viewport_widget_to_board (self->viewport, x, y, &bx, &by);
  node = evb_renderer_pick_node (self->renderer, bx, by);
  if (node == NULL)
    node = _evb_canvas_pick_handle (self, x, y);
  id = node != NULL ? evb_node_get_id (node) : NULL;
  if (g_strcmp0 (id, self->hovered) == 0)
    return;

  g_free (self->hovered);
  self->hovered = g_strdup (id);
  evb_renderer_set_hovered (self->renderer, id);
  invalidate (self);
}

/* A card cuts its title and source with "…": the tooltip has them whole. */
static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  EvbCanvas  *self)
{
  const EvbNodeData *data;
  g_autoptr(GString) text = NULL;
  GdkRectangle area;
  double bx, by, x0, y0, x1, y1, nx, ny, nw, nh;
  EvbNode *node;

  if (self->board == NULL || keyboard_mode)
    return FALSE;
  evb_viewport_widget_to_board (self->viewport, x, y, &bx, &by);
  node = evb_renderer_pick_node (self->renderer, bx, by);
  if (node == NULL)
    return FALSE;
  data = evb_node_get_data (node);
  text = g_string_new (data->title);
  if (data->kind == EVB_NODE_KIND_EVIDENCE && data->source != NULL && *data->source != '\0')
    g_string_append_printf (text, "\n%s", data->source);
  else if (data->kind == EVB_NODE_KIND_CLAIM && data->claimant != NULL && *data->claimant != '\0')
    g_string_append_printf (text, "\n%s", data->claimant);
  gtk_tooltip_set_text (tooltip, text->str);

  /* Moving to another card asks again. */
  evb_node_get_bounds (node, &nx, &ny, &nw, &nh);
  evb_viewport_board_to_widget (self->viewport, nx, ny, &x0, &y0);
  evb_viewport_board_to_widget (self->viewport, nx + nw, ny + nh, &x1, &y1);
  area.x = (int) floor (x0);
  area.y = (int) floor (y0);
  area.width = MAX ((int) ceil (x1) - area.x, 1);
  area.height = MAX ((int) ceil (y1) - area.y, 1);
  gtk_tooltip_set_tip_area (tooltip, &area);
  return TRUE;
}

static void
viewport_changed_cb (EvbCanvas *self)
{
  const char *editing = evb_title_popover_get_node_id (EVB_TITLE_POPOVER (self->title_popover));
  EvbNode *node = editing != NULL && self->board != NULL ? evb_board_get_node (self->board, editing) : NULL;

  _evb_canvas_debug_viewport_changed (self);
  /* Zoomed or panned (by the person, a search, a tool): the view stays
   * where it was put, whatever the window's size does. */
  if (self->showing_fit &&
      (evb_viewport_get_origin_x (self->viewport) != self->fit_origin_x ||
       evb_viewport_get_origin_y (self->viewport) != self->fit_origin_y ||
       evb_viewport_get_zoom (self->viewport) != self->fit_zoom))
    self->showing_fit = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  self->settled = FALSE;
  self->exact = FALSE;
  g_clear_handle_id (&self->settle_id, g_source_remove);
  self->settle_id = g_timeout_add_once (SETTLE_MS, settle_cb, self);
  /* The title editor stays on its card. */
  if (node != NULL && gtk_widget_get_visible (self->title_popover))
    _evb_canvas_point_popover_at_node (self, GTK_POPOVER (self->title_popover), node);
}

/* GObject and GtkWidget */

static void
fit_once_cb (gpointer user_data)
{
  EvbCanvas *self = user_data;

  self->fit_idle = 0;
  self->fitted = TRUE;
  evb_canvas_zoom_fit (self);
  _evb_canvas_debug_board_fitted (self);
}

static void
refit_cb (gpointer user_data)
{
  EvbCanvas *self = user_data;

  /* A board set since waits for its first fit. */
  if (!self->fitted)
    fit_once_cb (self);
  else
    {
      self->fit_idle = 0;
      if (self->showing_fit)
        evb_canvas_zoom_fit (self);
    }
}

static void
evb_canvas_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  EvbCanvas *self = EVB_CANVAS (widget);

  /* Fit the board once the canvas has a size, but not from inside the
   * allocation: the zoom label in the header bar would need a new one. */
  if (!self->fitted && self->board != NULL && width > 0 && height > 0 && self->fit_idle == 0)
    self->fit_idle = g_idle_add_once (fit_once_cb, self);
  /* A board shown whole stays whole when the window narrows or the
   * sidebar opens: fitted again to the new size. */
  else if (self->showing_fit && (width != self->fit_width || height != self->fit_height) &&
           width > 0 && height > 0 && self->fit_idle == 0)
    self->fit_idle = g_idle_add_once (refit_cb, self);

  /* The title editor and the tools' popovers. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      gtk_popover_present (GTK_POPOVER (child));
  invalidate (self);
}

static void
evb_canvas_dispose (GObject *object)
{
  EvbCanvas *self = EVB_CANVAS (object);

  evb_canvas_set_board (self, NULL, NULL, NULL);
  g_clear_handle_id (&self->fit_idle, g_source_remove);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  if (self->redraw_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->redraw_tick);
  self->redraw_tick = 0;
  /* The tools first: the link tool unparents its popover. */
  g_clear_pointer (&self->gestures, _evb_canvas_gestures_free);
  g_clear_pointer (&self->title_popover, gtk_widget_unparent);

  G_OBJECT_CLASS (evb_canvas_parent_class)->dispose (object);
}

static void
evb_canvas_finalize (GObject *object)
{
  EvbCanvas *self = EVB_CANVAS (object);

  g_clear_object (&self->viewport);
  g_clear_pointer (&self->no_nodes, g_ptr_array_unref);
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_free (self->hovered);
  g_free (self->accessible_label);

  G_OBJECT_CLASS (evb_canvas_parent_class)->finalize (object);
}

static void
evb_canvas_class_init (EvbCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = evb_canvas_dispose;
  object_class->finalize = evb_canvas_finalize;
  widget_class->snapshot = evb_canvas_snapshot;
  widget_class->size_allocate = evb_canvas_size_allocate;

  /* A gesture could not change the board (the error says why). */
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /* canvas.delete deleted the selection; the argument is what a toast
   * with an Undo button should say ("Deleted 2 cards"). */
  signals[DELETED] =
    g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  _evb_canvas_class_install_actions (widget_class);

  gtk_widget_class_set_css_name (widget_class, "evb-canvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
evb_canvas_init (EvbCanvas *self)
{
  GtkEventController *motion;

  self->viewport = evb_viewport_new ();
  self->no_nodes = g_ptr_array_new ();
  self->use_tiles = -1;
  self->settled = TRUE;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  g_signal_connect_swapped (self->viewport, "changed", G_CALLBACK (viewport_changed_cb), self);

  /* The drag gesture and the tools (the pan and zoom tool adds the scroll
   * and pinch controllers). */
  self->gestures = _evb_canvas_gestures_new (self);
  _evb_canvas_groups_init (self);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);

  self->title_popover = evb_title_popover_new ();
  g_signal_connect_swapped (self->title_popover, "error", G_CALLBACK (title_error_cb), self);
  gtk_widget_set_parent (self->title_popover, GTK_WIDGET (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.delete", FALSE);
  update_accessible_label (self);
}

GtkWidget *
evb_canvas_new (void)
{
  return g_object_new (EVB_TYPE_CANVAS, NULL);
}

void
evb_canvas_set_board (EvbCanvas          *self,
                      EvbBoard           *board,
                      EvbSelection       *selection,
                      EvbAttachmentState *attachments)
{
  g_return_if_fail (EVB_IS_CANVAS (self));
  g_return_if_fail (board == NULL || EVB_IS_BOARD (board));
  g_return_if_fail (board == NULL || (EVB_IS_SELECTION (selection) &&
                                      evb_selection_get_board (selection) == board));
  g_return_if_fail (attachments == NULL || EVB_IS_ATTACHMENT_STATE (attachments));

  if (self->board == board)
    return;

  /* A gesture on the old board ends with it (a move rolls back). */
  if (self->gestures != NULL)
    _evb_canvas_gestures_cancel (self->gestures);
  if (self->board != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->board, self);
      g_clear_object (&self->board);
    }
  g_clear_object (&self->tiles);
  g_clear_object (&self->renderer);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->attachments);
  g_clear_pointer (&self->hovered, g_free);
  self->fitted = FALSE;
  self->showing_fit = FALSE;
  /* Editors of the old board close with it: the title editor and the
   * tools' popovers. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      gtk_popover_popdown (GTK_POPOVER (child));

  if (board != NULL)
    {
      gboolean dark = FALSE;

      self->board = g_object_ref (board);
      self->selection = g_object_ref (selection);
      self->attachments = attachments != NULL ? g_object_ref (attachments) : NULL;
      self->renderer = evb_renderer_new (board);
      /* New and edited cards are sized to their text as it is drawn here. */
      evb_editing_set_fit_func (board, evb_renderer_fit_card);
      evb_renderer_set_selection (self->renderer, selection);
      evb_renderer_set_attachment_state (self->renderer, attachments);
      g_signal_connect_swapped (selection, "changed", G_CALLBACK (selection_changed_cb), self);
      evb_renderer_set_show_link_notes (self->renderer, TRUE);
      dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
      evb_renderer_set_dark (self->renderer, dark);
      evb_renderer_set_high_contrast (self->renderer,
                                      adw_style_manager_get_high_contrast (adw_style_manager_get_default ()));
      /* Attachment flags and thumbnails arrive from threads later. */
      g_signal_connect_swapped (self->renderer, "invalidated", G_CALLBACK (invalidate), self);
      g_signal_connect_swapped (board, "node-added", G_CALLBACK (board_changed_cb), self);
      g_signal_connect_swapped (board, "node-changed", G_CALLBACK (board_changed_cb), self);
      g_signal_connect_swapped (board, "link-added", G_CALLBACK (board_changed_cb), self);
      g_signal_connect_swapped (board, "link-changed", G_CALLBACK (board_changed_cb), self);
      g_signal_connect_swapped (board, "node-removed", G_CALLBACK (node_removed_cb), self);
      g_signal_connect_swapped (board, "link-removed", G_CALLBACK (link_removed_cb), self);
      g_signal_connect_swapped (board, "changed", G_CALLBACK (refresh_accessible_label), self);
    }

  selection_changed_cb (self);
}

EvbBoard *
evb_canvas_get_board (EvbCanvas *self)
{
  g_return_val_if_fail (EVB_IS_CANVAS (self), NULL);
  return self->board;
}

EvbViewport *
evb_canvas_get_viewport (EvbCanvas *self)
{
  g_return_val_if_fail (EVB_IS_CANVAS (self), NULL);
  return self->viewport;
}

EvbRenderer *
evb_canvas_get_renderer (EvbCanvas *self)
{
  g_return_val_if_fail (EVB_IS_CANVAS (self), NULL);
  return self->renderer;
}

void
evb_canvas_set_dark (EvbCanvas *self,
                     gboolean   dark)
{
  g_return_if_fail (EVB_IS_CANVAS (self));

  if (self->renderer != NULL)
    evb_renderer_set_dark (self->renderer, dark);
  invalidate (self);
}

void
evb_canvas_set_high_contrast (EvbCanvas *self,
                              gboolean   high_contrast)
{
  g_return_if_fail (EVB_IS_CANVAS (self));

  if (self->renderer != NULL)
    evb_renderer_set_high_contrast (self->renderer, high_contrast);
  invalidate (self);
}

EvbSelection *
evb_canvas_get_selection (EvbCanvas *self)
{
  g_return_val_if_fail (EVB_IS_CANVAS (self), NULL);
  return self->selection;
}

void
evb_canvas_zoom_by (EvbCanvas *self,
                    double     factor)
{
  g_return_if_fail (EVB_IS_CANVAS (self));

  evb_viewport_zoom_at (self->viewport, evb_viewport_get_zoom (self->viewport) * factor,
                        gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                        gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
evb_canvas_zoom_reset (EvbCanvas *self)
{
  g_return_if_fail (EVB_IS_CANVAS (self));

  evb_viewport_zoom_at (self->viewport, 1.0, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                        gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
evb_canvas_zoom_fit (EvbCanvas *self)
{
  double x, y, w, h;

  g_return_if_fail (EVB_IS_CANVAS (self));

  if (self->board == NULL || !evb_board_get_extents (self->board, &x, &y, &w, &h))
    {
      evb_viewport_set (self->viewport, -40, -40, 1.0);
      return;
    }
  evb_viewport_fit (self->viewport, x, y, w, h, gtk_widget_get_width (GTK_WIDGET (self)),
                    gtk_widget_get_height (GTK_WIDGET (self)), 32);
  self->showing_fit = gtk_widget_get_width (GTK_WIDGET (self)) > 0 && gtk_widget_get_height (GTK_WIDGET (self)) > 0;
  self->fit_origin_x = evb_viewport_get_origin_x (self->viewport);
  self->fit_origin_y = evb_viewport_get_origin_y (self->viewport);
  self->fit_zoom = evb_viewport_get_zoom (self->viewport);
  self->fit_width = gtk_widget_get_width (GTK_WIDGET (self));
  self->fit_height = gtk_widget_get_height (GTK_WIDGET (self));
}

void
evb_canvas_get_center (EvbCanvas *self,
                       double    *bx,
                       double    *by)
{
  g_return_if_fail (EVB_IS_CANVAS (self));

  evb_viewport_widget_to_board (self->viewport, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                                gtk_widget_get_height (GTK_WIDGET (self)) / 2.0, bx, by);
}

void
evb_canvas_center_on_node (EvbCanvas  *self,
                           const char *id)
{
  EvbNode *node;
  EvbGroup *group;
  double x, y, w, h, wx, wy;
  int width, height;

  g_return_if_fail (EVB_IS_CANVAS (self));

  node = self->board != NULL ? evb_board_get_node (self->board, id) : NULL;
  if (node == NULL)
    return;

  group = evb_board_get_node_group (self->board, id);
  /* A card hidden in a collapsed group is where the group's card is. */
  if (group != NULL && evb_group_get_collapsed (group))
    evb_board_get_group_frame (self->board, group, &x, &y, &w, &h);
  else
    evb_node_get_bounds (node, &x, &y, &w, &h);
  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  /* Only move when the card is not already in full view. */
  evb_viewport_board_to_widget (self->viewport, x, y, &wx, &wy);
  if (wx >= 0 && wy >= 0 && wx + w * evb_viewport_get_zoom (self->viewport) <= width &&
      wy + h * evb_viewport_get_zoom (self->viewport) <= height)
    return;
  evb_viewport_center_on (self->viewport, x + w / 2, y + h / 2, width, height);
}

/* Search results: drawn with a halo until the set changes. */
void
evb_canvas_set_highlighted (EvbCanvas  *self,
                            GHashTable *ids)
{
  g_return_if_fail (EVB_IS_CANVAS (self));

  if (self->renderer == NULL)
    return;
  evb_renderer_set_highlighted (self->renderer, ids);
  invalidate (self);
}

gboolean
evb_canvas_is_exact (EvbCanvas *self)
{
  g_return_val_if_fail (EVB_IS_CANVAS (self), FALSE);
  return self->exact;
}

/* Unlike evb_canvas_center_on_node(), moves even when the card is in view:
 * the eye finds the middle of the view first. */
void
evb_canvas_center_node (EvbCanvas  *self,
                        const char *id)
{
  EvbNode *node;
  double x, y, w, h;

  g_return_if_fail (EVB_IS_CANVAS (self));

  node = self->board != NULL ? evb_board_get_node (self->board, id) : NULL;
  if (node == NULL)
    return;
  evb_node_get_bounds (node, &x, &y, &w, &h);
  evb_viewport_center_on (self->viewport, x + w / 2, y + h / 2,
                          gtk_widget_get_width (GTK_WIDGET (self)),
                          gtk_widget_get_height (GTK_WIDGET (self)));
}
