/* evb-timeline-view.c: the board's items on a time axis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The view keeps the camera (the time at the left edge, the pixels per
 * second, how far the lanes are scrolled) and the keyboard's place; the
 * picture (evb-timeline-picture.c) keeps the timeline and draws it. The
 * board is the truth: its changes schedule one rebuild in an idle, and a
 * hidden view rebuilds when shown, as the matrix view does.
 *
 * The drawing is an EvbTimelineArea, a small widget of this file whose
 * snapshot asks the picture; the gestures are the canvas's (Ctrl+scroll
 * and pinch zoom around the pointer, drag and scroll pan), but the zoom is
 * of time only: lanes keep their height.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "evb-timeline-view.h"

/* One wheel notch zooms by this factor, and pans by this many pixels. */
#define ZOOM_STEP  1.2
#define WHEEL_STEP 50.0
#define KEY_ZOOM   1.25

/* EvbTimelineArea: the drawing, focusable, with the key bindings. */

#define EVB_TYPE_TIMELINE_AREA (evb_timeline_area_get_type ())

G_DECLARE_FINAL_TYPE (EvbTimelineArea, evb_timeline_area, EVB, TIMELINE_AREA, GtkWidget)

struct _EvbTimelineArea
{
  GtkWidget        parent_instance;

  EvbTimelineView *view;   /* (weak) */
};

G_DEFINE_FINAL_TYPE (EvbTimelineArea, evb_timeline_area, GTK_TYPE_WIDGET)

struct _EvbTimelineView
{
  AdwBin              parent_instance;

  EvbBoard           *board;
  EvbSelection       *selection;
  EvbTimelinePicture *picture;
  char               *cursor;         /* the item the keyboard is on */
  double              scroll_y;
  gboolean            fitted;         /* the camera was set for this board */
  gboolean            dirty;          /* the picture is older than the board */
  guint               rebuild_idle;

  /* For tests driving the pointer (EVB_DEBUG_GEOMETRY): the camera last
   * reported. */
  gint64              reported_origin;
  double              reported_scale;
  double              reported_scroll_y;

  /* A press on the drawing: a click, or the start of a pan. */
  int                 press_item;
  gboolean            panning;
  gint64              pan_origin;
  double              pan_scroll_y;
  double              pinch_scale;
  double              pointer_x;
  double              pointer_y;

  /* Template widgets */
  EvbTimelineArea    *area;
  GtkLabel           *summary_label;
  GtkMenuButton      *warnings_button;
  GtkMenuButton      *undated_button;
  GtkLabel           *warnings_count;
  GtkLabel           *undated_count;
  GtkListBox         *warnings_list;
  GtkListBox         *undated_list;
  GtkDropDown        *lanes_dropdown;
};

G_DEFINE_FINAL_TYPE (EvbTimelineView, evb_timeline_view, ADW_TYPE_BIN)

enum {
  SHOW_ON_BOARD,
  LANES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_accessible (EvbTimelineView *self);
static void area_allocated    (EvbTimelineView *self);
static void report_geometry   (EvbTimelineView *self);

/* The area */

static void
evb_timeline_area_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  EvbTimelineArea *self = EVB_TIMELINE_AREA (widget);

  if (self->view == NULL || self->view->picture == NULL)
    return;
  evb_timeline_picture_snapshot (self->view->picture, snapshot, gtk_widget_get_width (widget),
                                 gtk_widget_get_height (widget), self->view->scroll_y);
  report_geometry (self->view);
}

static void
evb_timeline_area_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  EvbTimelineArea *self = EVB_TIMELINE_AREA (widget);

  if (self->view != NULL)
    area_allocated (self->view);
}

static void
evb_timeline_area_class_init (EvbTimelineAreaClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = evb_timeline_area_snapshot;
  widget_class->size_allocate = evb_timeline_area_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "evb-timeline");
  /* One accessible object: GTK 4.8 cannot expose drawn items as children. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "timeline.move", "(iib)", -1, 0, TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "timeline.move", "(iib)", 1, 0, TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "timeline.move", "(iib)", 0, -1, TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "timeline.move", "(iib)", 0, 1, TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_CONTROL_MASK, "timeline.move", "(iib)", -1, 0, FALSE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_CONTROL_MASK, "timeline.move", "(iib)", 1, 0, FALSE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_CONTROL_MASK, "timeline.move", "(iib)", 0, -1, FALSE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_CONTROL_MASK, "timeline.move", "(iib)", 0, 1, FALSE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "timeline.move", "(iib)", G_MININT, 0, TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "timeline.move", "(iib)", G_MAXINT, 0, TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "timeline.toggle", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, GDK_CONTROL_MASK, "timeline.toggle", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "timeline.show-on-board", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "timeline.show-on-board", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "timeline.zoom", "d", KEY_ZOOM);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "timeline.zoom", "d", KEY_ZOOM);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "timeline.zoom", "d", KEY_ZOOM);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "timeline.zoom", "d", 1 / KEY_ZOOM);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "timeline.zoom", "d", 1 / KEY_ZOOM);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "timeline.zoom", "d", 0.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, 0, "timeline.zoom", "d", 0.0);
}

static void
evb_timeline_area_init (EvbTimelineArea *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

/* Helpers */

static EvbTimeline *
get_timeline (EvbTimelineView *self)
{
  return self->picture != NULL ? evb_timeline_picture_get_timeline (self->picture) : NULL;
}

static double
area_width (EvbTimelineView *self)
{
  return gtk_widget_get_width (GTK_WIDGET (self->area));
}

static double
area_height (EvbTimelineView *self)
{
  return gtk_widget_get_height (GTK_WIDGET (self->area));
}

static void
clamp_scroll (EvbTimelineView *self)
{
  double most = self->picture != NULL ? evb_timeline_picture_get_height (self->picture) - area_height (self) : 0;

  self->scroll_y = CLAMP (self->scroll_y, 0, MAX (most, 0));
}

static void
redraw (EvbTimelineView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static const char *
node_title (EvbTimelineView *self,
            const char      *id)
{
  EvbNode *node = self->board != NULL ? evb_board_get_node (self->board, id) : NULL;

  return node != NULL ? evb_node_get_title (node) : id;
}

/* Keeps the time under x where it is. */
static void
zoom_at (EvbTimelineView *self,
         double           factor,
         double           x)
{
  gint64 at;
  double scale;

  if (self->picture == NULL)
    return;
  at = evb_timeline_picture_x_to_time (self->picture, x);
  scale = CLAMP (evb_timeline_picture_get_scale (self->picture) * factor, EVB_TIMELINE_PICTURE_MIN_SCALE,
                 EVB_TIMELINE_PICTURE_MAX_SCALE);
  evb_timeline_picture_set_scale (self->picture, at - (gint64) (x / scale * G_USEC_PER_SEC), scale);
  clamp_scroll (self);
  redraw (self);
}

static void
fit (EvbTimelineView *self)
{
  if (self->picture == NULL || area_width (self) <= 0)
    return;
  evb_timeline_picture_fit (self->picture, area_width (self));
  self->scroll_y = 0;
  self->fitted = TRUE;
  redraw (self);
}

/* The first camera needs the drawing's width: fitted when it has one. */
static void
area_allocated (EvbTimelineView *self)
{
  if (!self->fitted && self->picture != NULL && area_width (self) > 0)
    fit (self);
  clamp_scroll (self);
}

/* Moves the camera as little as it takes to show item index. */
static void
scroll_to_item (EvbTimelineView *self,
                int              index)
{
  graphene_rect_t box;
  double width = area_width (self);
  double height = area_height (self);

  if (index < 0 || !evb_timeline_picture_get_item_rect (self->picture, index, &box))
    return;
  if (box.origin.x < 0 || box.origin.x + MIN (box.size.width, width) > width)
    {
      double dx = box.origin.x < 0 ? box.origin.x - 24 : box.origin.x + MIN (box.size.width, width) - width + 24;
      gint64 origin = evb_timeline_picture_x_to_time (self->picture, dx);

      evb_timeline_picture_set_scale (self->picture, origin, evb_timeline_picture_get_scale (self->picture));
    }
  if (box.origin.y - self->scroll_y < EVB_TIMELINE_PICTURE_AXIS_HEIGHT)
    self->scroll_y = box.origin.y - EVB_TIMELINE_PICTURE_AXIS_HEIGHT - 30;
  else if (box.origin.y + box.size.height - self->scroll_y > height)
    self->scroll_y = box.origin.y + box.size.height - height + 8;
  clamp_scroll (self);
  redraw (self);
}

static void
set_cursor (EvbTimelineView *self,
            const char      *id)
{
  if (g_strcmp0 (self->cursor, id) == 0)
    return;
  g_free (self->cursor);
  self->cursor = g_strdup (id);
  if (self->picture != NULL)
    evb_timeline_picture_set_focus (self->picture, gtk_widget_has_focus (GTK_WIDGET (self->area)) ? id : NULL);
  update_accessible (self);
  redraw (self);
}

/* With EVB_DEBUG_GEOMETRY set, where each item's box is centred on the
 * screen, whenever the camera moved: a test drives the pointer there, as
 * the canvas's report (evb-canvas-debug.c) lets it do on the board. */
static void
report_geometry (EvbTimelineView *self)
{
  EvbTimeline *timeline = get_timeline (self);
  GtkNative *native;
  graphene_point_t origin;
  double nx, ny;

  if (g_getenv ("EVB_DEBUG_GEOMETRY") == NULL || timeline == NULL)
    return;
  if (self->reported_origin == evb_timeline_picture_get_origin (self->picture) &&
      self->reported_scale == evb_timeline_picture_get_scale (self->picture) &&
      self->reported_scroll_y == self->scroll_y)
    return;
  native = gtk_widget_get_native (GTK_WIDGET (self->area));
  if (native == NULL ||
      !gtk_widget_compute_point (GTK_WIDGET (self->area), GTK_WIDGET (native), &GRAPHENE_POINT_INIT (0, 0),
                                 &origin))
    return;
  gtk_native_get_surface_transform (native, &nx, &ny);
  self->reported_origin = evb_timeline_picture_get_origin (self->picture);
  self->reported_scale = evb_timeline_picture_get_scale (self->picture);
  self->reported_scroll_y = self->scroll_y;
  for (guint i = 0; i < evb_timeline_get_n_items (timeline); i++)
    {
      graphene_rect_t box;

      evb_timeline_picture_get_item_rect (self->picture, i, &box);
      g_printerr ("evb-timeline: %s %.1f %.1f\n", evb_timeline_get_item (timeline, i)->id,
                  origin.x + nx + box.origin.x + MIN (box.size.width / 2, 60),
                  origin.y + ny + box.origin.y + box.size.height / 2 - self->scroll_y);
    }
}

/* Accessibility */

char *
evb_timeline_view_dup_item_name (EvbTimelineView *self,
                                 const char      *id)
{
  EvbTimeline *timeline;
  const EvbTimelineItem *item;
  g_autofree char *occurred = NULL;
  g_autofree char *collected = NULL;
  GString *name;
  int index;

  g_return_val_if_fail (EVB_IS_TIMELINE_VIEW (self), NULL);

  timeline = get_timeline (self);
  index = timeline != NULL ? evb_timeline_find_item (timeline, id) : -1;
  if (index < 0)
    return NULL;
  item = evb_timeline_get_item (timeline, index);
  occurred = evb_timeline_format_date (&item->occurred);
  name = g_string_new (NULL);
  /* Translators: an item on the timeline for a screen reader: its date, its
   * kind ("Claim", "Video", …) and its title */
  g_string_append_printf (name, _("%s, %s: %s."), occurred,
                          item->kind == EVB_NODE_KIND_CLAIM ? evb_node_kind_get_label (item->kind)
                                                            : evb_evidence_type_get_label (item->evidence_type),
                          item->title);
  if (item->has_collected)
    {
      collected = evb_timeline_format_date (&item->collected);
      g_string_append_c (name, ' ');
      /* Translators: for a screen reader, after an item's title */
      g_string_append_printf (name, _("Collected %s."), collected);
    }
  for (guint i = 0; i < evb_timeline_get_n_warnings (timeline); i++)
    {
      const EvbTimelineWarning *warning = evb_timeline_get_warning (timeline, i);
      g_autofree char *reason = NULL;

      if (!g_str_equal (warning->node_id, id))
        continue;
      reason = evb_timeline_warning_describe (warning, self->board);
      g_string_append_c (name, ' ');
      /* Translators: for a screen reader: why an item's dates don't add up */
      g_string_append_printf (name, _("Warning: %s."), reason);
    }
  return g_string_free (name, FALSE);
}

static void
update_accessible (EvbTimelineView *self)
{
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;
  EvbTimeline *timeline = get_timeline (self);

  if (timeline == NULL)
    label = g_strdup (_("Timeline"));
  else
    {
      label = evb_timeline_view_dup_item_name (self, self->cursor);
      if (label == NULL)
        /* Translators: the timeline for a screen reader when no item has the keyboard */
        label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Timeline of %u dated item",
                                              "Timeline of %u dated items", evb_timeline_get_n_items (timeline)),
                                 evb_timeline_get_n_items (timeline));
    }
  description = g_strdup (_("The board’s items in order of when they occurred. Left and Right move between "
                            "items, Up and Down between rows, Enter shows the item on the board."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->area),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* The bar: summary, warnings, undated items */

static GtkWidget *
make_row (const char *title,
          const char *subtitle,
          const char *icon,
          const char *id)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (title);

  /* Wrapped labels with a bounded natural width: the scrolled list's
   * natural height is measured at it, so the popover is as tall as its rows. */
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_box_append (GTK_BOX (labels), label);
  if (subtitle != NULL)
    {
      GtkWidget *sub = gtk_label_new (subtitle);

      gtk_label_set_xalign (GTK_LABEL (sub), 0);
      gtk_label_set_wrap (GTK_LABEL (sub), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (sub), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (sub), 32);
      gtk_widget_add_css_class (sub, "dim-label");
      gtk_widget_add_css_class (sub, "caption");
      gtk_box_append (GTK_BOX (labels), sub);
    }
  if (icon != NULL)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (icon);

      gtk_widget_set_valign (image, GTK_ALIGN_START);
      gtk_widget_add_css_class (image, "warning");
      gtk_box_append (GTK_BOX (box), image);
    }
  gtk_box_append (GTK_BOX (box), labels);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "evb-id", g_strdup (id), g_free);
  return row;
}

/* A menu button or drop-down with a child of its own leaves its inner
 * button without a name in GTK 4.8: a screen reader would say
 * "GtkToggleButton". */
static void
name_inner_button (GtkWidget  *widget,
                   const char *name)
{
  for (GtkWidget *inner = gtk_widget_get_first_child (widget); inner != NULL;
       inner = gtk_widget_get_next_sibling (inner))
    if (GTK_IS_TOGGLE_BUTTON (inner))
      gtk_accessible_update_property (GTK_ACCESSIBLE (inner), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
set_count (GtkMenuButton *button,
           GtkLabel      *count,
           guint          n,
           const char    *name)
{
  g_autofree char *text = g_strdup_printf ("%u", n);

  gtk_label_set_text (count, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), name);
  /* The inner button is labelled by this one: a name of its own as well
   * would make GTK 4.8 say it twice. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_set_visible (GTK_WIDGET (button), n > 0);
}

static void
update_bar (EvbTimelineView *self)
{
  EvbTimeline *timeline = get_timeline (self);
  guint n_items = timeline != NULL ? evb_timeline_get_n_items (timeline) : 0;
  guint n_lanes = timeline != NULL ? evb_timeline_get_n_lanes (timeline) : 0;
  guint n_undated = timeline != NULL ? evb_timeline_get_n_undated (timeline) : 0;
  guint n_warnings = timeline != NULL ? evb_timeline_get_n_warnings (timeline) : 0;
  g_autofree char *summary = NULL;
  g_autofree char *lanes = NULL;
  g_autofree char *undated = NULL;
  g_autofree char *warnings = NULL;
  GtkWidget *child;

  /* Translators: the first half of the timeline's summary, e.g. "9 dated items in 3 lanes" */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u dated item", "%u dated items", n_items), n_items);
  /* Translators: the second half of the timeline's summary */
  lanes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %u lane", "in %u lanes", n_lanes), n_lanes);
  {
    g_autofree char *both = g_strdup_printf ("%s %s", summary, lanes);

    gtk_label_set_text (self->summary_label, n_items > 0 ? both : _("No item has a date yet"));
  }

  /* The buttons show an icon and a count, so the bar fits a narrow
   * window; their names say it in words. */
  /* Translators: a button that lists the items without a date */
  undated = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u undated item", "%u undated items", n_undated),
                             n_undated);
  set_count (self->undated_button, self->undated_count, n_undated, undated);
  /* Translators: a button that lists the warnings about dates */
  warnings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning about dates", "%u warnings about dates",
                                           n_warnings), n_warnings);
  set_count (self->warnings_button, self->warnings_count, n_warnings, warnings);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->undated_list))) != NULL)
    gtk_list_box_remove (self->undated_list, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->warnings_list))) != NULL)
    gtk_list_box_remove (self->warnings_list, child);
  for (guint i = 0; i < n_undated; i++)
    {
      const char *id = evb_timeline_get_undated (timeline, i);

      gtk_list_box_append (self->undated_list, make_row (node_title (self, id), NULL, NULL, id));
    }
  for (guint i = 0; i < n_warnings; i++)
    {
      const EvbTimelineWarning *warning = evb_timeline_get_warning (timeline, i);
      g_autofree char *reason = evb_timeline_warning_describe (warning, self->board);

      gtk_list_box_append (self->warnings_list, make_row (node_title (self, warning->node_id), reason,
                                                          "dialog-warning-symbolic", warning->node_id));
    }
}

static void
row_activated_cb (EvbTimelineView *self,
                  GtkListBoxRow   *row,
                  GtkListBox      *list)
{
  const char *id = g_object_get_data (G_OBJECT (row), "evb-id");
  int index;

  if (self->selection == NULL || id == NULL)
    return;
  evb_selection_select (self->selection, id, FALSE);
  gtk_menu_button_popdown (list == self->undated_list ? self->undated_button : self->warnings_button);
  index = evb_timeline_find_item (get_timeline (self), id);
  if (index >= 0)
    {
      set_cursor (self, id);
      scroll_to_item (self, index);
      gtk_widget_grab_focus (GTK_WIDGET (self->area));
    }
  else
    /* An undated item is only on the board. */
    g_signal_emit (self, signals[SHOW_ON_BOARD], 0, id);
}

/* Rebuild */

static void style_changed_cb (EvbTimelineView *self);

/* The picture is made the first time the view is shown or asked for it:
 * laying out a board's dated cards, with a renderer of its own, was more
 * than a third of opening a board of 100,000 cards, for a view most
 * openings never show. */
static gboolean
ensure_picture (EvbTimelineView *self)
{
  if (self->picture != NULL)
    return FALSE;
  if (self->board == NULL)
    return FALSE;
  self->picture = evb_timeline_picture_new (self->board);
  evb_timeline_picture_set_lanes (self->picture, gtk_drop_down_get_selected (self->lanes_dropdown) == 1
                                                 ? EVB_TIMELINE_LANES_SOURCE : EVB_TIMELINE_LANES_TYPE);
  evb_timeline_picture_set_selection (self->picture, self->selection);
  style_changed_cb (self);
  fit (self);
  return TRUE;
}

static void
rebuild (EvbTimelineView *self)
{
  self->dirty = FALSE;
  /* A new picture is up to date. */
  if (!ensure_picture (self))
    {
      if (self->picture == NULL)
        return;
      evb_timeline_picture_update (self->picture);
    }
  if (!self->fitted)
    fit (self);
  if (self->cursor != NULL && evb_timeline_find_item (get_timeline (self), self->cursor) < 0)
    set_cursor (self, NULL);
  clamp_scroll (self);
  update_bar (self);
  update_accessible (self);
  redraw (self);
}

static gboolean
rebuild_idle_cb (gpointer user_data)
{
  EvbTimelineView *self = user_data;

  self->rebuild_idle = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* Only a view on screen follows the board at once. */
static void
schedule_rebuild (EvbTimelineView *self)
{
  self->dirty = TRUE;
  if (self->rebuild_idle == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->rebuild_idle = g_idle_add_full (G_PRIORITY_DEFAULT, rebuild_idle_cb, self, NULL);
}

static void
selection_changed_cb (EvbTimelineView *self)
{
  const char *last = evb_selection_get_last_node (self->selection);

  /* The keyboard follows a selection made elsewhere. */
  if (last != NULL && get_timeline (self) != NULL && evb_timeline_find_item (get_timeline (self), last) >= 0)
    set_cursor (self, last);
  update_accessible (self);
  redraw (self);
}

static void
style_changed_cb (EvbTimelineView *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (self->picture != NULL)
    evb_timeline_picture_set_style (self->picture, adw_style_manager_get_dark (style),
                                    adw_style_manager_get_high_contrast (style));
  redraw (self);
}

static void
lanes_selected_cb (EvbTimelineView *self)
{
  evb_timeline_view_set_lanes (self, gtk_drop_down_get_selected (self->lanes_dropdown) == 1
                                     ? EVB_TIMELINE_LANES_SOURCE : EVB_TIMELINE_LANES_TYPE);
}

/* Gestures */

static void
drag_begin_cb (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               EvbTimelineView *self)
{
  if (self->picture == NULL)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self->area));
  self->press_item = evb_timeline_picture_pick (self->picture, x, y + self->scroll_y);
  self->panning = FALSE;
  self->pan_origin = evb_timeline_picture_get_origin (self->picture);
  self->pan_scroll_y = self->scroll_y;
}

static void
drag_update_cb (GtkGestureDrag  *gesture,
                double           dx,
                double           dy,
                EvbTimelineView *self)
{
  double scale;

  if (self->picture == NULL)
    return;
  if (!self->panning && !gtk_drag_check_threshold (GTK_WIDGET (self->area), 0, 0, (int) dx, (int) dy))
    return;
  self->panning = TRUE;
  scale = evb_timeline_picture_get_scale (self->picture);
  evb_timeline_picture_set_scale (self->picture, self->pan_origin - (gint64) (dx / scale * G_USEC_PER_SEC), scale);
  self->scroll_y = self->pan_scroll_y - dy;
  clamp_scroll (self);
  redraw (self);
}

static void
drag_end_cb (GtkGestureDrag  *gesture,
             double           dx,
             double           dy,
             EvbTimelineView *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  const EvbTimelineItem *item;

  if (self->panning || self->selection == NULL || self->picture == NULL)
    return;
  /* A click: on an item selects it (Ctrl adds or removes, Shift adds); on
   * empty space clears the selection, as on the board. */
  if (self->press_item < 0)
    {
      if (!(state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK)))
        evb_selection_clear (self->selection);
      return;
    }
  item = evb_timeline_get_item (get_timeline (self), self->press_item);
  if (state & GDK_CONTROL_MASK)
    evb_selection_toggle (self->selection, item->id);
  else
    evb_selection_select (self->selection, item->id, (state & GDK_SHIFT_MASK) != 0);
  set_cursor (self, item->id);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           EvbTimelineView          *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;
  double scale;

  if (self->picture == NULL)
    return FALSE;
  if (state & GDK_CONTROL_MASK)
    {
      zoom_at (self, wheel ? pow (ZOOM_STEP, -dy) : exp (-dy * 0.01), self->pointer_x);
      return TRUE;
    }
  if (state & GDK_SHIFT_MASK && dx == 0)
    {
      dx = dy;
      dy = 0;
    }
  if (wheel)
    {
      dx *= WHEEL_STEP;
      dy *= WHEEL_STEP;
    }
  scale = evb_timeline_picture_get_scale (self->picture);
  evb_timeline_picture_set_scale (self->picture,
                                  evb_timeline_picture_get_origin (self->picture) + (gint64) (dx / scale * G_USEC_PER_SEC),
                                  scale);
  self->scroll_y += dy;
  clamp_scroll (self);
  redraw (self);
  return TRUE;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           EvbTimelineView          *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
}

static void
pinch_begin_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                EvbTimelineView  *self)
{
  self->pinch_scale = 1.0;
}

static void
pinch_changed_cb (GtkGestureZoom  *gesture,
                  double           scale,
                  EvbTimelineView *self)
{
  double cx, cy;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    cx = area_width (self) / 2;
  zoom_at (self, scale / self->pinch_scale, cx);
  self->pinch_scale = scale;
}

static gboolean
query_tooltip_cb (GtkWidget       *widget,
                  int              x,
                  int              y,
                  gboolean         keyboard,
                  GtkTooltip      *tooltip,
                  EvbTimelineView *self)
{
  int index;
  g_autofree char *text = NULL;

  if (self->picture == NULL)
    return FALSE;
  if (keyboard)
    index = self->cursor != NULL ? evb_timeline_find_item (get_timeline (self), self->cursor) : -1;
  else
    index = evb_timeline_picture_pick (self->picture, x, y + self->scroll_y);
  if (index < 0)
    return FALSE;
  text = evb_timeline_view_dup_item_name (self, evb_timeline_get_item (get_timeline (self), index)->id);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
focus_changed_cb (EvbTimelineView *self)
{
  if (self->picture == NULL)
    return;
  evb_timeline_picture_set_focus (self->picture,
                                  gtk_widget_has_focus (GTK_WIDGET (self->area)) ? self->cursor : NULL);
  redraw (self);
}

/* Actions */

static int
global_row (EvbTimeline           *timeline,
            const EvbTimelineItem *item)
{
  int row = 0;

  for (guint l = 0; l < item->lane; l++)
    row += evb_timeline_get_lane (timeline, l)->n_rows;
  return row + item->row;
}

/* The item in the nearest row above or below (dy) whose mark is closest
 * in time, or -1. */
static int
find_in_row (EvbTimelineView *self,
             int              from,
             int              dy)
{
  EvbTimeline *timeline = get_timeline (self);
  const EvbTimelineItem *here = evb_timeline_get_item (timeline, from);
  int row = global_row (timeline, here);
  int best = -1, best_row = 0;
  double best_distance = G_MAXDOUBLE;

  for (guint i = 0; i < evb_timeline_get_n_items (timeline); i++)
    {
      const EvbTimelineItem *item = evb_timeline_get_item (timeline, i);
      int r = global_row (timeline, item);
      double distance = fabs ((double) (item->occurred.start - here->occurred.start));

      if ((dy < 0 && r >= row) || (dy > 0 && r <= row))
        continue;
      /* The nearest row first, then the nearest in time. */
      if (best < 0 || abs (r - row) < abs (best_row - row) ||
          (r == best_row && distance < best_distance))
        {
          best = i;
          best_row = r;
          best_distance = distance;
        }
    }
  return best;
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EvbTimelineView *self = EVB_TIMELINE_VIEW (widget);
  EvbTimeline *timeline = get_timeline (self);
  int dx, dy, index, n;
  gboolean select;

  if (timeline == NULL || self->selection == NULL)
    return;
  g_variant_get (parameter, "(iib)", &dx, &dy, &select);
  n = evb_timeline_get_n_items (timeline);
  if (n == 0)
    return;
  index = self->cursor != NULL ? evb_timeline_find_item (timeline, self->cursor) : -1;
  if (dx == G_MININT)
    index = 0;
  else if (dx == G_MAXINT)
    index = n - 1;
  else if (index < 0)
    index = dx < 0 || dy < 0 ? n - 1 : 0;
  else if (dx != 0)
    index = CLAMP (index + dx, 0, n - 1);
  else
    {
      int found = find_in_row (self, index, dy);

      if (found >= 0)
        index = found;
    }

  set_cursor (self, evb_timeline_get_item (timeline, index)->id);
  if (select)
    evb_selection_select (self->selection, self->cursor, FALSE);
  scroll_to_item (self, index);
}

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EvbTimelineView *self = EVB_TIMELINE_VIEW (widget);

  if (self->selection != NULL && self->cursor != NULL)
    evb_selection_toggle (self->selection, self->cursor);
}

static void
show_on_board_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  EvbTimelineView *self = EVB_TIMELINE_VIEW (widget);
  const char *id = self->cursor;

  if (id == NULL && self->selection != NULL)
    id = evb_selection_get_last_node (self->selection);
  if (id == NULL)
    return;
  if (self->selection != NULL && !evb_selection_contains (self->selection, id))
    evb_selection_select (self->selection, id, FALSE);
  g_signal_emit (self, signals[SHOW_ON_BOARD], 0, id);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  evb_timeline_view_zoom (EVB_TIMELINE_VIEW (widget), g_variant_get_double (parameter));
}

/* GtkWidget */

static void
evb_timeline_view_map (GtkWidget *widget)
{
  EvbTimelineView *self = EVB_TIMELINE_VIEW (widget);

  GTK_WIDGET_CLASS (evb_timeline_view_parent_class)->map (widget);
  if (self->dirty)
    {
      g_clear_handle_id (&self->rebuild_idle, g_source_remove);
      rebuild (self);
    }
}

/* GObject */

static void
evb_timeline_view_dispose (GObject *object)
{
  EvbTimelineView *self = EVB_TIMELINE_VIEW (object);

  evb_timeline_view_set_board (self, NULL, NULL);
  g_clear_handle_id (&self->rebuild_idle, g_source_remove);
  if (self->area != NULL)
    self->area->view = NULL;
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EVB_TYPE_TIMELINE_VIEW);

  G_OBJECT_CLASS (evb_timeline_view_parent_class)->dispose (object);
}

static void
evb_timeline_view_finalize (GObject *object)
{
  EvbTimelineView *self = EVB_TIMELINE_VIEW (object);

  g_free (self->cursor);

  G_OBJECT_CLASS (evb_timeline_view_parent_class)->finalize (object);
}

static void
evb_timeline_view_class_init (EvbTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = evb_timeline_view_dispose;
  object_class->finalize = evb_timeline_view_finalize;
  widget_class->map = evb_timeline_view_map;

  /* The person asked to see the item (its id) on the board. */
  signals[SHOW_ON_BOARD] =
    g_signal_new ("show-on-board", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The lanes group by something else (the switch, or set_lanes()). */
  signals[LANES_CHANGED] =
    g_signal_new ("lanes-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (EVB_TYPE_TIMELINE_AREA);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/evidenceboard/EvidenceBoard/evb-timeline-view.ui");
  gtk_widget_class_bind_template_child (widget_class, EvbTimelineView, area);
  gtk_widget_class_bind_template_child (widget_class, EvbTimelineView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, EvbTimelineView, warnings_button);
  gtk_widget_class_bind_template_child (widget_class, EvbTimelineView, undated_button);
  gtk_widget_class_bind_template_child (widget_class, EvbTimelineView, warnings_count);
  gtk_widget_class_bind_template_child (widget_class, EvbTimelineView, undated_count);
  gtk_widget_class_bind_template_child (widget_class, EvbTimelineView, warnings_list);
  gtk_widget_class_bind_template_child (widget_class, EvbTimelineView, undated_list);
  gtk_widget_class_bind_template_child (widget_class, EvbTimelineView, lanes_dropdown);

  gtk_widget_class_install_action (widget_class, "timeline.move", "(iib)", move_action);
  gtk_widget_class_install_action (widget_class, "timeline.toggle", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "timeline.show-on-board", NULL, show_on_board_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom", "d", zoom_action);
  gtk_widget_class_set_css_name (widget_class, "evb-timeline-view");
}

static void
evb_timeline_view_init (EvbTimelineView *self)
{
  GtkGesture *drag, *pinch;
  GtkEventController *scroll, *motion, *focus;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->area->view = self;
  self->press_item = -1;

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->area), GTK_EVENT_CONTROLLER (drag));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->area), scroll);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->area), motion);

  pinch = gtk_gesture_zoom_new ();
  g_signal_connect (pinch, "begin", G_CALLBACK (pinch_begin_cb), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (pinch_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->area), GTK_EVENT_CONTROLLER (pinch));

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (focus_changed_cb), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (focus_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->area), focus);

  g_signal_connect (self->area, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  g_signal_connect_swapped (self->lanes_dropdown, "notify::selected", G_CALLBACK (lanes_selected_cb), self);
  g_signal_connect_swapped (self->undated_list, "row-activated", G_CALLBACK (row_activated_cb), self);
  g_signal_connect_swapped (self->warnings_list, "row-activated", G_CALLBACK (row_activated_cb), self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (style_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  name_inner_button (GTK_WIDGET (self->lanes_dropdown), _("Lanes"));
  update_bar (self);
  update_accessible (self);
}

/* Public API */

GtkWidget *
evb_timeline_view_new (void)
{
  return g_object_new (EVB_TYPE_TIMELINE_VIEW, NULL);
}

void
evb_timeline_view_set_board (EvbTimelineView *self,
                             EvbBoard        *board,
                             EvbSelection    *selection)
{
  static const char * const board_signals[] = {
    "node-changed", "node-removed", "node-added",
    "link-changed", "link-removed", "link-added",
    "changed",
  };

  g_return_if_fail (EVB_IS_TIMELINE_VIEW (self));
  g_return_if_fail (board == NULL || EVB_IS_BOARD (board));
  g_return_if_fail (board == NULL || EVB_IS_SELECTION (selection));

  if (self->board == board)
    return;
  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_handle_id (&self->rebuild_idle, g_source_remove);
  g_set_object (&self->board, board);
  if (board == NULL)
    selection = NULL;
  g_set_object (&self->selection, selection);
  g_clear_object (&self->picture);
  g_clear_pointer (&self->cursor, g_free);
  self->fitted = FALSE;
  self->scroll_y = 0;

  self->dirty = FALSE;
  if (board != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (board_signals); i++)
        g_signal_connect_swapped (board, board_signals[i], G_CALLBACK (schedule_rebuild), self);
      g_signal_connect_swapped (selection, "changed", G_CALLBACK (selection_changed_cb), self);
      /* Made now only for a view on screen (ensure_picture()). */
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        ensure_picture (self);
      else
        self->dirty = TRUE;
    }
  if (self->summary_label != NULL)
    {
      update_bar (self);
      update_accessible (self);
    }
  redraw (self);
}

void
evb_timeline_view_focus (EvbTimelineView *self)
{
  EvbTimeline *timeline;
  const char *last;

  g_return_if_fail (EVB_IS_TIMELINE_VIEW (self));

  if (self->dirty)
    rebuild (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->area));
  timeline = get_timeline (self);
  if (timeline == NULL || evb_timeline_get_n_items (timeline) == 0)
    return;
  last = self->selection != NULL ? evb_selection_get_last_node (self->selection) : NULL;
  if (last != NULL && evb_timeline_find_item (timeline, last) >= 0)
    set_cursor (self, last);
  else if (self->cursor == NULL)
    set_cursor (self, evb_timeline_get_item (timeline, 0)->id);
  focus_changed_cb (self);
}

void
evb_timeline_view_zoom (EvbTimelineView *self,
                        double           factor)
{
  g_return_if_fail (EVB_IS_TIMELINE_VIEW (self));

  if (factor <= 0)
    fit (self);
  else
    zoom_at (self, factor, area_width (self) / 2);
}

void
evb_timeline_view_set_lanes (EvbTimelineView  *self,
                             EvbTimelineLanes  lanes)
{
  g_return_if_fail (EVB_IS_TIMELINE_VIEW (self));

  gtk_drop_down_set_selected (self->lanes_dropdown, lanes == EVB_TIMELINE_LANES_SOURCE ? 1 : 0);
  if (self->picture == NULL || evb_timeline_picture_get_lanes (self->picture) == lanes)
    return;
  evb_timeline_picture_set_lanes (self->picture, lanes);
  clamp_scroll (self);
  update_bar (self);
  update_accessible (self);
  redraw (self);
  g_signal_emit (self, signals[LANES_CHANGED], 0);
}

EvbTimelineLanes
evb_timeline_view_get_lanes (EvbTimelineView *self)
{
  g_return_val_if_fail (EVB_IS_TIMELINE_VIEW (self), EVB_TIMELINE_LANES_TYPE);
  return gtk_drop_down_get_selected (self->lanes_dropdown) == 1
         ? EVB_TIMELINE_LANES_SOURCE : EVB_TIMELINE_LANES_TYPE;
}

gboolean
_evb_timeline_view_has_picture (EvbTimelineView *self)
{
  return self->picture != NULL;
}

EvbTimelinePicture *
evb_timeline_view_get_picture (EvbTimelineView *self)
{
  g_return_val_if_fail (EVB_IS_TIMELINE_VIEW (self), NULL);

  if (self->dirty)
    rebuild (self);
  return self->picture;
}
