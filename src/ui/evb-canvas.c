/* evb-canvas.c: the board canvas widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cards are drawn by EvbRenderer, not made of widgets. The canvas is the
 * tool layer: it turns pointer and keyboard gestures into board changes,
 * one history transaction a gesture (a whole drag is one undo step).
 *
 * Gestures: drag a card to move the selection; drag from a card's handle
 * (the dot on its right edge) onto another card to link them; drag empty
 * space to pan, Shift+drag to select with a rubber band; scroll pans,
 * Ctrl+scroll and pinch zoom around the pointer.
 *
 * While only the view moves, the render nodes of an area larger than the
 * view are reused, so panning does not rebuild them every frame.
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "evb-canvas.h"
#include "evb-palette.h"

#define HANDLE_RADIUS 7.0
#define DRAG_THRESHOLD 3.0
#define NUDGE_STEP 10.0
#define ZOOM_STEP 1.2

typedef enum
{
  DRAG_NONE,
  DRAG_MOVE,
  DRAG_PAN,
  DRAG_RUBBER_BAND,
  DRAG_LINK,
} DragMode;

typedef struct
{
  char   *id;
  double  x;
  double  y;
} StartPosition;

struct _EvbCanvas
{
  GtkWidget      parent_instance;

  EvbBoard      *board;
  EvbRenderer   *renderer;
  EvbViewport   *viewport;
  gboolean       fitted;
  gboolean       reported_first_frame;
  guint          fit_idle;

  EvbSelection  *selection;   /* the board's one selection; NULL without a board */
  EvbAttachmentState *attachments;
  GPtrArray     *no_nodes;    /* empty: the selected nodes without a board */
  char          *hovered;
  double         pointer_x;
  double         pointer_y;

  DragMode       drag_mode;
  double         drag_start_x;
  double         drag_start_y;
  double         drag_x;
  double         drag_y;
  gboolean       drag_started;
  gboolean       drag_shift;
  char          *drag_node;
  GArray        *start_positions;
  double         pan_origin_x;
  double         pan_origin_y;
  double         pinch_zoom;

  /* Pan cache */
  GskRenderNode *cache;
  graphene_rect_t cache_rect;
  double         cache_zoom;

  GtkWidget     *title_popover;
  GtkWidget     *title_entry;
  char          *editing;
  char          *pending_edit;
  GtkWidget     *link_popover;
  char          *link_from;
  char          *link_to;
};

G_DEFINE_FINAL_TYPE (EvbCanvas, evb_canvas, GTK_TYPE_WIDGET)

gint64 evb_canvas_process_start;

enum {
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
start_position_clear (StartPosition *p)
{
  g_free (p->id);
}

static void
invalidate (EvbCanvas *self)
{
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
report_error (EvbCanvas *self,
              GError    *error)
{
  g_signal_emit (self, signals[ERROR], 0, error);
}

static GPtrArray *
selected_nodes (EvbCanvas *self)
{
  return self->selection != NULL ? evb_selection_get_nodes (self->selection) : self->no_nodes;
}

static void
update_accessible_label (EvbCanvas *self)
{
  g_autofree char *label = NULL;
  EvbNode *node = NULL;

  if (self->board != NULL && selected_nodes (self)->len > 0)
    node = evb_board_get_node (self->board, g_ptr_array_index (selected_nodes (self),
                                                                selected_nodes (self)->len - 1));
  if (node != NULL)
    {
      guint supports, refutes;
      const char *kind = evb_node_get_kind (node) == EVB_NODE_KIND_CLAIM
                           ? evb_node_kind_get_label (EVB_NODE_KIND_CLAIM)
                           : evb_evidence_type_get_label (evb_node_get_evidence_type (node));

      const EvbNodeData *data = evb_node_get_data (node);
      g_autofree char *grade = NULL;

      evb_node_count_incoming (node, &supports, &refutes);
      if (data->reliability != '\0' || data->credibility != 0)
        /* Translators: the Admiralty grade of a card for screen readers, e.g. " Source: usually reliable. Information: probably true." */
        grade = g_strdup_printf (_(" Source: %s. Information: %s."),
                                 data->reliability ? evb_reliability_get_label (data->reliability) : _("not graded"),
                                 data->credibility ? evb_credibility_get_label (data->credibility) : _("not graded"));
      /* Translators: what a screen reader says of the focused card: kind, title, counts, then the grade */
      label = g_strdup_printf (_("%s: %s. %u supporting, %u refuting, %u links.%s"), kind,
                               evb_node_get_title (node), supports, refutes,
                               evb_node_get_links (node)->len, grade ? grade : "");
    }
  else
    label = g_strdup (_("Board canvas"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
selection_changed_cb (EvbCanvas *self)
{
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
  invalidate (self);
}

static void
link_removed_cb (EvbCanvas *self,
                 EvbLink   *link)
{
  invalidate (self);
}

static void
board_changed_cb (EvbCanvas *self)
{
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

static void
handle_position (EvbCanvas *self,
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
  return is_selected (self, id) || g_strcmp0 (self->hovered, id) == 0;
}

static EvbNode *
pick_handle (EvbCanvas *self,
             double     wx,
             double     wy)
{
  GPtrArray *candidates = selected_nodes (self);

  for (guint i = 0; i <= candidates->len; i++)
    {
      const char *id = i < candidates->len ? g_ptr_array_index (candidates, i) : self->hovered;
      EvbNode *node = evb_board_get_node (self->board, id);
      double hx, hy;

      if (node == NULL)
        continue;
      handle_position (self, node, &hx, &hy);
      if (hypot (hx - wx, hy - wy) <= HANDLE_RADIUS + 3)
        return node;
    }
  return NULL;
}

/* Drawing */

static void
append_handle (GtkSnapshot   *snapshot,
               double         x,
               double         y,
               const GdkRGBA *fill,
               const GdkRGBA *ring)
{
  GskRoundedRect circle;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (x - HANDLE_RADIUS, y - HANDLE_RADIUS,
                                               2 * HANDLE_RADIUS, 2 * HANDLE_RADIUS);
  float widths[4] = { 2, 2, 2, 2 };
  GdkRGBA colors[4] = { *ring, *ring, *ring, *ring };

  gsk_rounded_rect_init_from_rect (&circle, &bounds, HANDLE_RADIUS);
  gtk_snapshot_push_rounded_clip (snapshot, &circle);
  gtk_snapshot_append_color (snapshot, fill, &bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &circle, widths, colors);
}

static void
append_line (GtkSnapshot   *snapshot,
             double         x1,
             double         y1,
             double         x2,
             double         y2,
             const GdkRGBA *color)
{
  cairo_t *cr;
  graphene_rect_t bounds;

  graphene_rect_init (&bounds, MIN (x1, x2) - 4, MIN (y1, y2) - 4, fabs (x2 - x1) + 8,
                      fabs (y2 - y1) + 8);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 2);
  cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x2, y2);
  cairo_stroke (cr);
  cairo_destroy (cr);
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

  if (self->renderer == NULL)
    return;

  if (!self->reported_first_frame && g_getenv ("EVB_PERF_RUN") != NULL)
    {
      self->reported_first_frame = TRUE;
      g_print ("evb-perf: first frame of the board %.0f ms after the process started\n",
               (g_get_monotonic_time () - evb_canvas_process_start) / 1000.0);
    }

  palette = evb_renderer_get_palette (self->renderer);
  gtk_snapshot_append_color (snapshot, &palette->background,
                             &GRAPHENE_RECT_INIT (0, 0, width, height));

  visible_rect (self, &view);
  if (self->cache == NULL || self->cache_zoom != zoom ||
      !graphene_rect_contains_rect (&self->cache_rect, &view))
    {
      g_autoptr(GtkSnapshot) inner = gtk_snapshot_new ();

      g_clear_pointer (&self->cache, gsk_render_node_unref);
      /* Half a view more on every side: panning reuses these nodes. */
      graphene_rect_inset_r (&view, -view.size.width / 2, -view.size.height / 2, &self->cache_rect);
      self->cache_zoom = zoom;
      evb_renderer_snapshot (self->renderer, inner, &self->cache_rect, zoom);
      self->cache = gtk_snapshot_free_to_node (g_steal_pointer (&inner));
    }

  gtk_snapshot_save (snapshot);
  gtk_snapshot_scale (snapshot, zoom, zoom);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-evb_viewport_get_origin_x (self->viewport),
                                                          -evb_viewport_get_origin_y (self->viewport)));
  if (self->cache != NULL)
    gtk_snapshot_append_node (snapshot, self->cache);
  gtk_snapshot_restore (snapshot);

  /* Link handles on the selected and hovered cards. */
  for (guint i = 0; i <= selected_nodes (self)->len; i++)
    {
      const char *id = i < selected_nodes (self)->len ? g_ptr_array_index (selected_nodes (self), i)
                                                     : self->hovered;
      EvbNode *node = evb_board_get_node (self->board, id);
      double hx, hy;

      if (node == NULL || !shows_handle (self, id))
        continue;
      handle_position (self, node, &hx, &hy);
      append_handle (snapshot, hx, hy, &palette->card, &palette->selection);
    }

  if (self->drag_mode == DRAG_RUBBER_BAND && self->drag_started)
    {
      graphene_rect_t band = GRAPHENE_RECT_INIT (MIN (self->drag_start_x, self->drag_x),
                                                 MIN (self->drag_start_y, self->drag_y),
                                                 fabs (self->drag_x - self->drag_start_x),
                                                 fabs (self->drag_y - self->drag_start_y));
      GdkRGBA fill = palette->selection;
      float widths[4] = { 1, 1, 1, 1 };
      GdkRGBA colors[4] = { palette->selection, palette->selection, palette->selection,
                            palette->selection };
      GskRoundedRect outline;

      fill.alpha = 0.15f;
      gtk_snapshot_append_color (snapshot, &fill, &band);
      gsk_rounded_rect_init_from_rect (&outline, &band, 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }

  if (self->drag_mode == DRAG_LINK && self->drag_started)
    {
      EvbNode *from = evb_board_get_node (self->board, self->drag_node);
      double hx, hy;

      if (from != NULL)
        {
          handle_position (self, from, &hx, &hy);
          append_line (snapshot, hx, hy, self->drag_x, self->drag_y, &palette->selection);
          append_handle (snapshot, self->drag_x, self->drag_y, &palette->selection, &palette->card);
        }
    }
}

/* Title editing and linking popovers */

static void
point_popover_at_node (EvbCanvas  *self,
                       GtkWidget  *popover,
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
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &rect);
}

static void
title_entry_activate_cb (EvbCanvas *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->title_entry));
  EvbNode *node = evb_board_get_node (self->board, self->editing);
  g_autoptr(GError) error = NULL;

  if (node != NULL && g_strcmp0 (text, evb_node_get_title (node)) != 0)
    {
      g_autoptr(EvbNodeData) data = evb_node_dup_data (node);

      g_free (data->title);
      data->title = g_strdup (text);
      evb_board_begin (self->board, _("Edit Title"));
      if (!evb_board_update_node (self->board, data, &error))
        {
          evb_board_rollback (self->board);
          report_error (self, error);
        }
      else if (!evb_board_commit (self->board, &error))
        report_error (self, error);
    }
  g_clear_pointer (&self->editing, g_free);
  gtk_popover_popdown (GTK_POPOVER (self->title_popover));
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

  g_free (self->editing);
  self->editing = g_strdup (id);
  gtk_editable_set_text (GTK_EDITABLE (self->title_entry), evb_node_get_title (node));
  point_popover_at_node (self, self->title_popover, node);
  gtk_popover_popup (GTK_POPOVER (self->title_popover));
  gtk_widget_grab_focus (self->title_entry);
  gtk_editable_select_region (GTK_EDITABLE (self->title_entry), 0, -1);
}

static void
create_link (EvbCanvas   *self,
             EvbRelation  relation)
{
  g_autoptr(EvbLinkData) data = NULL;
  g_autoptr(GError) error = NULL;

  if (self->link_from == NULL || self->link_to == NULL)
    return;

  data = evb_link_data_new (self->link_from, self->link_to, relation);
  evb_board_begin (self->board, relation == EVB_RELATION_SUPPORTS ? _("Link as Supports")
                                                                  : _("Link as Refutes"));
  if (!evb_board_add_link (self->board, data, &error))
    {
      evb_board_rollback (self->board);
      report_error (self, error);
    }
  else if (!evb_board_commit (self->board, &error))
    report_error (self, error);

  gtk_popover_popdown (GTK_POPOVER (self->link_popover));
}

static void
supports_clicked_cb (EvbCanvas *self)
{
  create_link (self, EVB_RELATION_SUPPORTS);
}

static void
refutes_clicked_cb (EvbCanvas *self)
{
  create_link (self, EVB_RELATION_REFUTES);
}

static void
ask_relation (EvbCanvas  *self,
              const char *from,
              const char *to)
{
  EvbNode *node = evb_board_get_node (self->board, to);

  g_free (self->link_from);
  self->link_from = g_strdup (from);
  g_free (self->link_to);
  self->link_to = g_strdup (to);
  point_popover_at_node (self, self->link_popover, node);
  gtk_popover_popup (GTK_POPOVER (self->link_popover));
}

/* Gestures */

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               EvbCanvas      *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  gboolean shift = (state & GDK_SHIFT_MASK) != 0;
  double bx, by;
  EvbNode *node;
  EvbLink *link;

  if (self->board == NULL)
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_start_x = self->drag_x = x;
  self->drag_start_y = self->drag_y = y;
  self->drag_started = FALSE;
  self->drag_shift = shift;
  self->drag_mode = DRAG_NONE;
  g_clear_pointer (&self->drag_node, g_free);

  evb_viewport_widget_to_board (self->viewport, x, y, &bx, &by);

  if ((node = pick_handle (self, x, y)) != NULL)
    {
      self->drag_mode = DRAG_LINK;
      self->drag_node = g_strdup (evb_node_get_id (node));
      return;
    }

  if ((node = evb_renderer_pick_node (self->renderer, bx, by)) != NULL)
    {
      const char *id = evb_node_get_id (node);

      if (shift)
        {
          evb_selection_toggle (self->selection, id);
          return;
        }
      if (!is_selected (self, id))
        evb_selection_select (self->selection, id, FALSE);

      self->drag_mode = DRAG_MOVE;
      self->drag_node = g_strdup (id);
      g_array_set_size (self->start_positions, 0);
      for (guint i = 0; i < selected_nodes (self)->len; i++)
        {
          EvbNode *n = evb_board_get_node (self->board, g_ptr_array_index (selected_nodes (self), i));
          StartPosition p;

          evb_node_get_bounds (n, &p.x, &p.y, NULL, NULL);
          p.id = g_strdup (evb_node_get_id (n));
          g_array_append_val (self->start_positions, p);
        }
      return;
    }

  if ((link = evb_renderer_pick_link (self->renderer, bx, by,
                                      6 / evb_viewport_get_zoom (self->viewport))) != NULL)
    {
      evb_selection_select (self->selection, evb_link_get_id (link), shift);
      return;
    }

  if (shift)
    self->drag_mode = DRAG_RUBBER_BAND;
  else
    {
      self->drag_mode = DRAG_PAN;
      self->pan_origin_x = evb_viewport_get_origin_x (self->viewport);
      self->pan_origin_y = evb_viewport_get_origin_y (self->viewport);
    }
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                EvbCanvas      *self)
{
  double zoom = evb_viewport_get_zoom (self->viewport);
  g_autoptr(GError) error = NULL;

  self->drag_x = self->drag_start_x + dx;
  self->drag_y = self->drag_start_y + dy;
  if (!self->drag_started && hypot (dx, dy) < DRAG_THRESHOLD)
    return;

  switch (self->drag_mode)
    {
    case DRAG_MOVE:
      if (!self->drag_started)
        evb_board_begin (self->board, _("Move"));
      self->drag_started = TRUE;
      for (guint i = 0; i < self->start_positions->len; i++)
        {
          StartPosition *p = &g_array_index (self->start_positions, StartPosition, i);

          if (!evb_board_move_node (self->board, p->id, round (p->x + dx / zoom),
                                    round (p->y + dy / zoom), &error))
            {
              report_error (self, error);
              g_clear_error (&error);
            }
        }
      break;

    case DRAG_PAN:
      self->drag_started = TRUE;
      evb_viewport_set (self->viewport, self->pan_origin_x - dx / zoom,
                        self->pan_origin_y - dy / zoom, zoom);
      break;

    case DRAG_RUBBER_BAND:
    case DRAG_LINK:
      self->drag_started = TRUE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;

    case DRAG_NONE:
    default:
      break;
    }
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             EvbCanvas      *self)
{
  g_autoptr(GError) error = NULL;
  DragMode mode = self->drag_mode;
  gboolean started = self->drag_started;

  self->drag_mode = DRAG_NONE;

  switch (mode)
    {
    case DRAG_MOVE:
      if (started && !evb_board_commit (self->board, &error))
        report_error (self, error);
      break;

    case DRAG_PAN:
      /* A click on empty space clears the selection. */
      if (!started)
        evb_selection_clear (self->selection);
      break;

    case DRAG_RUBBER_BAND:
      if (started)
        {
          double x1, y1, x2, y2;
          graphene_rect_t band;
          g_autoptr(GPtrArray) hits = NULL;

          evb_viewport_widget_to_board (self->viewport, MIN (self->drag_start_x, self->drag_x),
                                        MIN (self->drag_start_y, self->drag_y), &x1, &y1);
          evb_viewport_widget_to_board (self->viewport, MAX (self->drag_start_x, self->drag_x),
                                        MAX (self->drag_start_y, self->drag_y), &x2, &y2);
          graphene_rect_init (&band, x1, y1, x2 - x1, y2 - y1);
          hits = evb_renderer_query_nodes (self->renderer, &band);
          /* The band selects what is in it, nothing else. */
          for (guint i = 0; i < hits->len; i++)
            hits->pdata[i] = (gpointer) evb_node_get_id (g_ptr_array_index (hits, i));
          g_ptr_array_add (hits, NULL);
          evb_selection_set (self->selection, (const char * const *) hits->pdata);
        }
      break;

    case DRAG_LINK:
      if (started)
        {
          double bx, by;
          EvbNode *target;

          evb_viewport_widget_to_board (self->viewport, self->drag_x, self->drag_y, &bx, &by);
          target = evb_renderer_pick_node (self->renderer, bx, by);
          if (target != NULL && g_strcmp0 (evb_node_get_id (target), self->drag_node) != 0)
            ask_relation (self, self->drag_node, evb_node_get_id (target));
        }
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;

    case DRAG_NONE:
    default:
      break;
    }
}

static void
edit_pending_cb (gpointer user_data)
{
  g_autoptr(EvbCanvas) self = user_data;
  g_autofree char *id = g_steal_pointer (&self->pending_edit);

  if (id != NULL && self->board != NULL)
    evb_canvas_edit_title (self, id);
}

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  EvbCanvas       *self)
{
  double bx, by;
  EvbNode *node;

  if (n_press != 2 || self->board == NULL)
    return;

  evb_viewport_widget_to_board (self->viewport, x, y, &bx, &by);
  node = evb_renderer_pick_node (self->renderer, bx, by);
  if (node == NULL)
    return;

  /* After the drag gesture has seen this press too (it takes the focus). */
  g_free (self->pending_edit);
  self->pending_edit = g_strdup (evb_node_get_id (node));
  g_idle_add_once (edit_pending_cb, g_object_ref (self));
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

  self->pointer_x = x;
  self->pointer_y = y;
  if (self->board == NULL)
    return;

  evb_viewport_widget_to_board (self->viewport, x, y, &bx, &by);
  node = evb_renderer_pick_node (self->renderer, bx, by);
  if (node == NULL)
    node = pick_handle (self, x, y);
  id = node != NULL ? evb_node_get_id (node) : NULL;
  if (g_strcmp0 (id, self->hovered) == 0)
    return;

  g_free (self->hovered);
  self->hovered = g_strdup (id);
  evb_renderer_set_hovered (self->renderer, id);
  invalidate (self);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           EvbCanvas                *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;

  if (state & GDK_CONTROL_MASK)
    {
      double zoom = evb_viewport_get_zoom (self->viewport);
      double factor = wheel ? pow (ZOOM_STEP, -dy) : exp (-dy * 0.01);

      evb_viewport_zoom_at (self->viewport, zoom * factor, self->pointer_x, self->pointer_y);
      return TRUE;
    }

  if (state & GDK_SHIFT_MASK && dx == 0)
    {
      dx = dy;
      dy = 0;
    }
  if (wheel)
    {
      dx *= 50;
      dy *= 50;
    }
  evb_viewport_pan (self->viewport, -dx, -dy);
  return TRUE;
}

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               EvbCanvas        *self)
{
  self->pinch_zoom = evb_viewport_get_zoom (self->viewport);
}

static void
zoom_scale_changed_cb (GtkGestureZoom *gesture,
                       double          scale,
                       EvbCanvas      *self)
{
  double cx, cy;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    {
      cx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      cy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  evb_viewport_zoom_at (self->viewport, self->pinch_zoom * scale, cx, cy);
}

/* For tests that drive the canvas with real input (tests/ui/test-input.py):
 * where the canvas is in its window, and its view. */
static void
report_geometry (EvbCanvas *self)
{
  graphene_point_t origin;
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  double nx = 0, ny = 0;

  if (native == NULL ||
      !gtk_widget_compute_point (GTK_WIDGET (self), GTK_WIDGET (native),
                                 &GRAPHENE_POINT_INIT (0, 0), &origin))
    return;
  gtk_native_get_surface_transform (native, &nx, &ny);
  g_printerr ("evb-geometry: canvas %.1f %.1f view %.3f %.3f zoom %.5f\n",
              origin.x + nx, origin.y + ny, evb_viewport_get_origin_x (self->viewport),
              evb_viewport_get_origin_y (self->viewport), evb_viewport_get_zoom (self->viewport));
}

static void
viewport_changed_cb (EvbCanvas *self)
{
  if (g_getenv ("EVB_DEBUG_GEOMETRY") != NULL)
    report_geometry (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (gtk_widget_get_visible (self->title_popover) && self->editing != NULL)
    point_popover_at_node (self, self->title_popover, evb_board_get_node (self->board, self->editing));
}

/* Keyboard actions (bound on the class) */

static void
nudge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  EvbCanvas *self = EVB_CANVAS (widget);
  g_autoptr(GError) error = NULL;
  int dx, dy;

  if (self->board == NULL || selected_nodes (self)->len == 0)
    return;

  g_variant_get (parameter, "(ii)", &dx, &dy);
  evb_board_begin (self->board, _("Move"));
  for (guint i = 0; i < selected_nodes (self)->len; i++)
    {
      EvbNode *node = evb_board_get_node (self->board, g_ptr_array_index (selected_nodes (self), i));
      double x, y;

      evb_node_get_bounds (node, &x, &y, NULL, NULL);
      if (!evb_board_move_node (self->board, evb_node_get_id (node), x + dx * NUDGE_STEP,
                                y + dy * NUDGE_STEP, &error))
        {
          evb_board_rollback (self->board);
          report_error (self, error);
          return;
        }
    }
  if (!evb_board_commit (self->board, &error))
    report_error (self, error);
}

static int
compare_reading_order (gconstpointer a,
                       gconstpointer b)
{
  EvbNode *na = *(EvbNode **) a, *nb = *(EvbNode **) b;
  double ax, ay, bx, by;

  evb_node_get_bounds (na, &ax, &ay, NULL, NULL);
  evb_node_get_bounds (nb, &bx, &by, NULL, NULL);
  /* Rows of cards, left to right: a card is in a row with another when
   * their tops are within half a card of each other. */
  if (fabs (ay - by) > 60)
    return ay < by ? -1 : 1;
  return ax < bx ? -1 : ax > bx;
}

static void
select_next_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EvbCanvas *self = EVB_CANVAS (widget);
  gboolean backwards = g_variant_get_boolean (parameter);
  /* canvas.extend-next keeps the selection and adds the next card: the
   * keyboard way to select two cards to link. */
  gboolean extend = g_str_equal (action_name, "canvas.extend-next");
  g_autoptr(GPtrArray) order = NULL;
  const char *current;
  guint index = 0;

  if (self->board == NULL || evb_board_get_n_nodes (self->board) == 0)
    return;

  {
    GPtrArray *nodes = evb_board_get_nodes (self->board);

    order = g_ptr_array_sized_new (nodes->len);
    for (guint i = 0; i < nodes->len; i++)
      g_ptr_array_add (order, g_ptr_array_index (nodes, i));
  }
  g_ptr_array_sort (order, compare_reading_order);

  current = selected_nodes (self)->len > 0
              ? g_ptr_array_index (selected_nodes (self), selected_nodes (self)->len - 1) : NULL;
  if (current != NULL)
    {
      for (guint i = 0; i < order->len; i++)
        if (g_str_equal (evb_node_get_id (g_ptr_array_index (order, i)), current))
          {
            index = backwards ? (i + order->len - 1) % order->len : (i + 1) % order->len;
            break;
          }
    }
  else if (backwards)
    index = order->len - 1;

  evb_selection_select (self->selection, evb_node_get_id (g_ptr_array_index (order, index)), extend);
  evb_canvas_center_on_node (self, evb_node_get_id (g_ptr_array_index (order, index)));
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EvbCanvas *self = EVB_CANVAS (widget);

  if (self->selection != NULL)
    evb_selection_select_all (self->selection);
}

static void
edit_title_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EvbCanvas *self = EVB_CANVAS (widget);

  if (selected_nodes (self)->len > 0)
    evb_canvas_edit_title (self, g_ptr_array_index (selected_nodes (self),
                                                    selected_nodes (self)->len - 1));
}

/* A measured pan-and-zoom run (issue 7): EVB_PERF_RUN=SECONDS makes the
 * window sweep the view over the board for that long, then print the frame
 * times the GdkFrameClock saw and quit. */

typedef struct
{
  EvbCanvas *canvas;
  gint64     start;
  gint64     last;
  double     seconds;
  GArray    *frames;
  double     fit_zoom;
  double     cx;
  double     cy;
} PerfRun;

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static gboolean
perf_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  PerfRun *run = user_data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double t, zoom, width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  if (run->start == 0)
    run->start = now;
  else
    {
      double ms = (now - run->last) / 1000.0;
      g_array_append_val (run->frames, ms);
    }
  run->last = now;

  t = (now - run->start) / 1e6;
  if (t >= run->seconds)
    {
      double total = 0, worst = 0, p95;
      guint n = run->frames->len;

      for (guint i = 0; i < n; i++)
        {
          total += g_array_index (run->frames, double, i);
          worst = MAX (worst, g_array_index (run->frames, double, i));
        }
      g_array_sort (run->frames, compare_double);
      p95 = n > 0 ? g_array_index (run->frames, double, (guint) (n * 0.95)) : 0;
      g_print ("evb-perf: %u frames in %.2f s: %.1f frames per second, median %.1f ms, "
               "95th percentile %.1f ms, worst %.1f ms\n",
               n, total / 1000, n / (total / 1000),
               n > 0 ? g_array_index (run->frames, double, n / 2) : 0, p95, worst);
      g_array_unref (run->frames);
      g_free (run);
      g_application_quit (g_application_get_default ());
      return G_SOURCE_REMOVE;
    }

  /* Zoom from the whole board to 100 % and back while circling its centre. */
  zoom = exp (log (run->fit_zoom) + (log (1.0) - log (run->fit_zoom)) * (0.5 - 0.5 * cos (t * 1.3)));
  evb_viewport_set (run->canvas->viewport,
                    run->cx + 400 * cos (t) - width / 2 / zoom,
                    run->cy + 300 * sin (t) - height / 2 / zoom, zoom);
  return G_SOURCE_CONTINUE;
}

void
evb_canvas_start_perf_run (EvbCanvas *self,
                           double     seconds)
{
  PerfRun *run;
  double x, y, w, h;

  g_return_if_fail (EVB_IS_CANVAS (self));

  if (self->board == NULL || !evb_board_get_extents (self->board, &x, &y, &w, &h))
    return;

  run = g_new0 (PerfRun, 1);
  run->canvas = self;
  run->seconds = seconds;
  run->frames = g_array_new (FALSE, FALSE, sizeof (double));
  run->fit_zoom = CLAMP (MIN (gtk_widget_get_width (GTK_WIDGET (self)) / w,
                              gtk_widget_get_height (GTK_WIDGET (self)) / h),
                         EVB_VIEWPORT_MIN_ZOOM, 1.0);
  run->cx = x + w / 2;
  run->cy = y + h / 2;
  gtk_widget_add_tick_callback (GTK_WIDGET (self), perf_tick_cb, run, NULL);
}

/* GObject and GtkWidget */

static void
fit_once_cb (gpointer user_data)
{
  EvbCanvas *self = user_data;
  const char *perf = g_getenv ("EVB_PERF_RUN");

  self->fit_idle = 0;
  self->fitted = TRUE;
  evb_canvas_zoom_fit (self);
  if (perf != NULL)
    evb_canvas_start_perf_run (self, g_ascii_strtod (perf, NULL));
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

  gtk_popover_present (GTK_POPOVER (self->title_popover));
  gtk_popover_present (GTK_POPOVER (self->link_popover));
  invalidate (self);
}

static void
evb_canvas_dispose (GObject *object)
{
  EvbCanvas *self = EVB_CANVAS (object);

  evb_canvas_set_board (self, NULL, NULL, NULL);
  g_clear_handle_id (&self->fit_idle, g_source_remove);
  g_clear_pointer (&self->title_popover, gtk_widget_unparent);
  g_clear_pointer (&self->link_popover, gtk_widget_unparent);

  G_OBJECT_CLASS (evb_canvas_parent_class)->dispose (object);
}

static void
evb_canvas_finalize (GObject *object)
{
  EvbCanvas *self = EVB_CANVAS (object);

  g_clear_object (&self->viewport);
  g_clear_pointer (&self->no_nodes, g_ptr_array_unref);
  g_clear_pointer (&self->start_positions, g_array_unref);
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_free (self->hovered);
  g_free (self->drag_node);
  g_free (self->editing);
  g_free (self->pending_edit);
  g_free (self->link_from);
  g_free (self->link_to);

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

  gtk_widget_class_install_action (widget_class, "canvas.nudge", "(ii)", nudge_action);
  gtk_widget_class_install_action (widget_class, "canvas.select-next", "b", select_next_action);
  gtk_widget_class_install_action (widget_class, "canvas.extend-next", "b", select_next_action);
  gtk_widget_class_install_action (widget_class, "canvas.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "canvas.edit-title", NULL, edit_title_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "canvas.nudge", "(ii)", -1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "canvas.nudge", "(ii)", 1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "canvas.nudge", "(ii)", 0, -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "canvas.nudge", "(ii)", 0, 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_SHIFT_MASK, "canvas.nudge", "(ii)", -5, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_SHIFT_MASK, "canvas.nudge", "(ii)", 5, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_SHIFT_MASK, "canvas.nudge", "(ii)", 0, -5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_SHIFT_MASK, "canvas.nudge", "(ii)", 0, 5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Tab, 0, "canvas.select-next", "b", FALSE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK, "canvas.select-next", "b", TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Tab, GDK_SHIFT_MASK, "canvas.select-next", "b", TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Tab, GDK_CONTROL_MASK, "canvas.extend-next", "b", FALSE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Left_Tab, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "canvas.extend-next", "b", TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "canvas.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "canvas.edit-title", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "canvas.edit-title", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "win.delete", NULL);

  gtk_widget_class_set_css_name (widget_class, "evb-canvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static GtkWidget *
make_link_popover (EvbCanvas *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (_("This card…"));
  GtkWidget *supports = gtk_button_new_with_mnemonic (_("_Supports"));
  GtkWidget *refutes = gtk_button_new_with_mnemonic (_("_Refutes"));

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (supports, "suggested-action");
  gtk_widget_add_css_class (refutes, "destructive-action");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), supports);
  gtk_box_append (GTK_BOX (box), refutes);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  g_signal_connect_swapped (supports, "clicked", G_CALLBACK (supports_clicked_cb), self);
  g_signal_connect_swapped (refutes, "clicked", G_CALLBACK (refutes_clicked_cb), self);
  gtk_widget_set_parent (popover, GTK_WIDGET (self));
  return popover;
}

static void
evb_canvas_init (EvbCanvas *self)
{
  GtkGesture *drag, *click, *zoom;
  GtkEventController *motion, *scroll;

  self->viewport = evb_viewport_new ();
  self->no_nodes = g_ptr_array_new ();
  self->start_positions = g_array_new (FALSE, FALSE, sizeof (StartPosition));
  g_array_set_clear_func (self->start_positions, (GDestroyNotify) start_position_clear);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  g_signal_connect_swapped (self->viewport, "changed", G_CALLBACK (viewport_changed_cb), self);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  self->title_popover = gtk_popover_new ();
  self->title_entry = gtk_entry_new ();
  gtk_widget_set_size_request (self->title_entry, 280, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->title_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Title"), -1);
  gtk_popover_set_child (GTK_POPOVER (self->title_popover), self->title_entry);
  g_signal_connect_swapped (self->title_entry, "activate", G_CALLBACK (title_entry_activate_cb), self);
  gtk_widget_set_parent (self->title_popover, GTK_WIDGET (self));

  self->link_popover = make_link_popover (self);
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

  if (self->board != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->board, self);
      g_clear_object (&self->board);
    }
  g_clear_object (&self->renderer);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->attachments);
  g_clear_pointer (&self->hovered, g_free);
  g_clear_pointer (&self->editing, g_free);
  g_clear_pointer (&self->pending_edit, g_free);
  self->fitted = FALSE;
  /* Editors of the old board close with it. */
  if (self->title_popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->title_popover));
  if (self->link_popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->link_popover));

  if (board != NULL)
    {
      gboolean dark = FALSE;

      self->board = g_object_ref (board);
      self->selection = g_object_ref (selection);
      self->attachments = attachments != NULL ? g_object_ref (attachments) : NULL;
      self->renderer = evb_renderer_new (board);
      evb_renderer_set_selection (self->renderer, selection);
      evb_renderer_set_attachment_state (self->renderer, attachments);
      g_signal_connect_swapped (selection, "changed", G_CALLBACK (selection_changed_cb), self);
      evb_renderer_set_show_link_notes (self->renderer, TRUE);
      dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
      evb_renderer_set_dark (self->renderer, dark);
      /* Attachment flags and thumbnails arrive from threads later. */
      g_signal_connect_swapped (self->renderer, "invalidated", G_CALLBACK (invalidate), self);
      g_signal_connect_swapped (board, "node-added", G_CALLBACK (board_changed_cb), self);
      g_signal_connect_swapped (board, "node-changed", G_CALLBACK (board_changed_cb), self);
      g_signal_connect_swapped (board, "link-added", G_CALLBACK (board_changed_cb), self);
      g_signal_connect_swapped (board, "link-changed", G_CALLBACK (board_changed_cb), self);
      g_signal_connect_swapped (board, "node-removed", G_CALLBACK (node_removed_cb), self);
      g_signal_connect_swapped (board, "link-removed", G_CALLBACK (link_removed_cb), self);
    }

  update_accessible_label (self);
  invalidate (self);
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
  double x, y, w, h, wx, wy;
  int width, height;

  g_return_if_fail (EVB_IS_CANVAS (self));

  node = self->board != NULL ? evb_board_get_node (self->board, id) : NULL;
  if (node == NULL)
    return;

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
