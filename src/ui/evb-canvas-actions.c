/* evb-canvas-actions.c: the canvas's keyboard actions (canvas.*)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the keyboard does on the focused canvas, installed on its class
 * with their key bindings (in the shape of gnome-text-editor's
 * editor-page-actions.c): arrows nudge the selected cards, Alt+Shift+arrows
 * resize them (right and down grow, left and up shrink), Tab walks the
 * cards in reading order (a collapsed group is one stop, in place of the
 * cards hidden in it) and, past the last (Shift+Tab: the first), moves
 * the keyboard on to the next region like any widget (Ctrl+Tab adds the
 * next card, the keyboard way to select two cards to link), Ctrl+A selects every card, F2 and Enter
 * edit the title, Delete and BackSpace delete the selection, Escape
 * cancels a pointer gesture. Board changes go through the editing layer,
 * one undo step each. The canvas names only its own actions: what a
 * window does after a deletion (a toast with Undo) it learns from the
 * canvas's `deleted` signal.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "evb-canvas-private.h"
#include "evb-compat.h"
#include "evb-editing.h"

/* How far one arrow key moves a card, in board units (Shift: five times),
 * and how much one Alt+Shift+arrow resizes it. */
#define NUDGE_STEP 10.0
#define RESIZE_STEP 10.0

/* "nudge id1 id2 …": steps of one kind on the same cards in a row are one
 * undo step, so the key names the cards and another selection starts a
 * step of its own. */
static char *
dup_merge_key (const char *kind,
               GPtrArray  *ids)
{
  g_autofree char *joined = NULL;

  g_ptr_array_add (ids, NULL);
  joined = g_strjoinv (" ", (char **) ids->pdata);
  g_ptr_array_set_size (ids, ids->len - 1);
  return g_strconcat (kind, " ", joined, NULL);
}

static void
nudge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  EvbCanvas *self = EVB_CANVAS (widget);
  EvbBoard *board = evb_canvas_get_board (self);
  EvbSelection *selection = evb_canvas_get_selection (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *merge_key = NULL;
  int dx, dy;

  if (board == NULL || evb_selection_get_nodes (selection)->len == 0)
    return;

  g_variant_get (parameter, "(ii)", &dx, &dy);
  merge_key = dup_merge_key ("nudge", evb_selection_get_nodes (selection));
  if (!evb_editing_nudge (board, evb_selection_get_nodes (selection), dx * NUDGE_STEP,
                          dy * NUDGE_STEP, merge_key, &error))
    _evb_canvas_report_error (self, error);
}

/* The keyboard's resize handle: the selected cards grow or shrink by a
 * step, steps in a row being one undo step as nudges are. The new size is
 * said to a screen reader, since nothing else tells it. */
static void
resize_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EvbCanvas *self = EVB_CANVAS (widget);
  EvbBoard *board = evb_canvas_get_board (self);
  EvbSelection *selection = evb_canvas_get_selection (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *merge_key = NULL;
  g_autofree char *message = NULL;
  GPtrArray *ids;
  int dw, dh;

  if (board == NULL || evb_selection_get_nodes (selection)->len == 0)
    return;
  ids = evb_selection_get_nodes (selection);

  g_variant_get (parameter, "(ii)", &dw, &dh);
  merge_key = dup_merge_key ("resize", ids);
  if (!evb_editing_resize_cards (board, ids, dw * RESIZE_STEP, dh * RESIZE_STEP, merge_key, &error))
    {
      _evb_canvas_report_error (self, error);
      return;
    }

  if (ids->len == 1)
    {
      EvbNode *node = evb_board_get_node (board, g_ptr_array_index (ids, 0));
      double w, h;

      if (node == NULL)
        return;
      evb_node_get_bounds (node, NULL, NULL, &w, &h);
      /* Translators: said to a screen reader after a card is resized from the keyboard */
      message = g_strdup_printf (_("Width %d, height %d"), (int) w, (int) h);
    }
  else
    /* Translators: said to a screen reader after cards are resized from the keyboard */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Resized %u card", "Resized %u cards", ids->len),
                               ids->len);
  evb_compat_announce (widget, message);
}

/* Where Tab stops: a card, or a collapsed group standing for the cards
 * hidden in it, at the place it is drawn. */
typedef struct
{
  EvbNode  *node;
  EvbGroup *group;
  double    x;
  double    y;
} TabStop;

static int
compare_reading_order (gconstpointer a,
                       gconstpointer b)
{
  const TabStop *sa = a, *sb = b;

  /* Rows of cards, left to right: a card is in a row with another when
   * their tops are within half a card of each other. */
  if (fabs (sa->y - sb->y) > 60)
    return sa->y < sb->y ? -1 : 1;
  return sa->x < sb->x ? -1 : sa->x > sb->x;
}

/* The collapsed group a card is hidden in, or NULL. */
static EvbGroup *
hiding_group (EvbBoard   *board,
              const char *node_id)
{
  EvbGroup *group = evb_board_get_node_group (board, node_id);

  return group != NULL && evb_group_get_collapsed (group) ? group : NULL;
}

/* Every card Tab can land on, and each collapsed group once in place of
 * its hidden cards, in reading order. */
static GArray *
collect_tab_stops (EvbBoard *board)
{
  GPtrArray *nodes = evb_board_get_nodes (board);
  GPtrArray *groups = evb_board_get_groups (board);
  GArray *stops = g_array_sized_new (FALSE, FALSE, sizeof (TabStop), nodes->len);

  for (guint i = 0; i < nodes->len; i++)
    {
      TabStop stop = { g_ptr_array_index (nodes, i), NULL, 0, 0 };

      if (hiding_group (board, evb_node_get_id (stop.node)) != NULL)
        continue;
      evb_node_get_bounds (stop.node, &stop.x, &stop.y, NULL, NULL);
      g_array_append_val (stops, stop);
    }
  for (guint i = 0; i < groups->len; i++)
    {
      TabStop stop = { NULL, g_ptr_array_index (groups, i), 0, 0 };

      if (!evb_group_get_collapsed (stop.group))
        continue;
      evb_board_get_group_frame (board, stop.group, &stop.x, &stop.y, NULL, NULL);
      g_array_append_val (stops, stop);
    }
  g_array_sort (stops, compare_reading_order);
  return stops;
}

/* What Tab does in any other widget: the window moves the focus on. */
static void
leave_canvas (GtkWidget *widget,
              gboolean   backwards)
{
  g_signal_emit_by_name (widget, "move-focus", backwards ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD);
}

static void
select_next_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EvbCanvas *self = EVB_CANVAS (widget);
  EvbBoard *board = evb_canvas_get_board (self);
  EvbSelection *selection = evb_canvas_get_selection (self);
  gboolean backwards = g_variant_get_boolean (parameter);
  /* canvas.extend-next keeps the selection and adds the next card: the
   * keyboard way to select two cards to link. */
  gboolean extend = g_str_equal (action_name, "canvas.extend-next");
  g_autoptr(GArray) order = NULL;
  const TabStop *stop;
  const char *current;
  EvbGroup *current_group = NULL;
  guint index = 0;

  if (board == NULL || evb_board_get_n_nodes (board) == 0)
    {
      if (!extend)
        leave_canvas (widget, backwards);
      return;
    }

  order = collect_tab_stops (board);
  current = evb_selection_get_last_node (selection);
  /* A hidden card selected (a click on a collapsed group selects them all)
   * stands for its group's stop. */
  if (current != NULL)
    current_group = hiding_group (board, current);
  if (current != NULL)
    {
      for (guint i = 0; i < order->len; i++)
        {
          stop = &g_array_index (order, TabStop, i);
          if (current_group != NULL ? stop->group != current_group
                                    : stop->node == NULL || !g_str_equal (evb_node_get_id (stop->node), current))
            continue;
          /* Tab past the last card leaves the canvas, so Tab never
           * traps the keyboard in the board. */
          if (!extend && (backwards ? i == 0 : i == order->len - 1))
            {
              leave_canvas (widget, backwards);
              return;
            }
          index = backwards ? (i + order->len - 1) % order->len : (i + 1) % order->len;
          break;
        }
    }
  else if (backwards)
    index = order->len - 1;

  stop = &g_array_index (order, TabStop, index);
  if (stop->group != NULL)
    {
      /* As a click on the collapsed card does: its cards are selected,
       * the last of them standing for the group. */
      const char * const *members = evb_group_get_nodes (stop->group);

      if (extend)
        evb_selection_add (selection, members);
      else
        evb_selection_set (selection, members);
      evb_canvas_center_on_node (self, members[0]);
      return;
    }
  evb_selection_select (selection, evb_node_get_id (stop->node), extend);
  evb_canvas_center_on_node (self, evb_node_get_id (stop->node));
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EvbSelection *selection = evb_canvas_get_selection (EVB_CANVAS (widget));

  if (selection != NULL)
    evb_selection_select_all (selection);
}

static void
edit_title_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EvbCanvas *self = EVB_CANVAS (widget);
  EvbSelection *selection = evb_canvas_get_selection (self);
  const char *last = selection != NULL ? evb_selection_get_last_node (selection) : NULL;

  if (last != NULL)
    evb_canvas_edit_title (self, last);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EvbCanvas *self = EVB_CANVAS (widget);
  EvbBoard *board = evb_canvas_get_board (self);
  EvbSelection *selection = evb_canvas_get_selection (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (board == NULL || evb_selection_is_empty (selection))
    return;

  if (!evb_editing_delete (board, evb_selection_get_nodes (selection),
                           evb_selection_get_links (selection), &message, &error))
    _evb_canvas_report_error (self, error);
  else
    g_signal_emit_by_name (self, "deleted", message);
}

/* Escape: stops a drag under way; with none, clears the selection. */
static void
cancel_gesture_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  EvbSelection *selection = evb_canvas_get_selection (EVB_CANVAS (widget));

  if (!_evb_canvas_cancel_gesture (EVB_CANVAS (widget)) && selection != NULL)
    evb_selection_clear (selection);
}

/* The card whose links Alt+Right and Alt+Left walk through: kept while
 * one of its links is selected, so the walk can go on from there. */
#define LINK_ANCHOR "evb-link-anchor"

static void
select_link_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EvbCanvas *self = EVB_CANVAS (widget);
  EvbBoard *board = evb_canvas_get_board (self);
  EvbSelection *selection = evb_canvas_get_selection (self);
  gboolean backwards = g_variant_get_boolean (parameter);
  const char *anchor = g_object_get_data (G_OBJECT (self), LINK_ANCHOR);
  GPtrArray *selected_links, *links;
  EvbNode *node = NULL;
  EvbLink *current = NULL;
  guint index = 0;

  if (board == NULL || selection == NULL)
    return;
  selected_links = evb_selection_get_links (selection);
  if (evb_selection_get_nodes (selection)->len > 0)
    node = evb_board_get_node (board, evb_selection_get_last_node (selection));
  else if (selected_links->len == 1)
    {
      current = evb_board_get_link (board, g_ptr_array_index (selected_links, 0));
      if (current != NULL && anchor != NULL && (g_str_equal (anchor, evb_link_get_from (current)) ||
                                                g_str_equal (anchor, evb_link_get_to (current))))
        node = evb_board_get_node (board, anchor);
      else if (current != NULL)
        node = evb_board_get_node (board, evb_link_get_from (current));
    }
  if (node == NULL || (links = evb_node_get_links (node))->len == 0)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  if (current != NULL)
    for (guint i = 0; i < links->len; i++)
      if (g_ptr_array_index (links, i) == current)
        {
          index = backwards ? (i + links->len - 1) % links->len : (i + 1) % links->len;
          break;
        }
  g_object_set_data_full (G_OBJECT (self), LINK_ANCHOR, g_strdup (evb_node_get_id (node)), g_free);
  evb_selection_select (selection, evb_link_get_id (g_ptr_array_index (links, index)), FALSE);
}

/* Menu or Shift+F10: the context menu at the focused card, or in the
 * middle of the canvas. */
static void
context_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EvbCanvas *self = EVB_CANVAS (widget);
  EvbSelection *selection = evb_canvas_get_selection (self);
  const char *last = selection != NULL ? evb_selection_get_last_node (selection) : NULL;
  EvbNode *node = last != NULL ? evb_board_get_node (evb_canvas_get_board (self), last) : NULL;
  double x = gtk_widget_get_width (widget) / 2.0, y = gtk_widget_get_height (widget) / 2.0;

  if (node != NULL)
    {
      double bx, by, bw, bh;

      evb_node_get_bounds (node, &bx, &by, &bw, &bh);
      evb_viewport_board_to_widget (evb_canvas_get_viewport (self), bx + bw / 2, by + bh / 2, &x, &y);
    }
  _evb_canvas_popup_context_menu (self, x, y);
}

void
_evb_canvas_class_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "canvas.nudge", "(ii)", nudge_action);
  gtk_widget_class_install_action (widget_class, "canvas.resize", "(ii)", resize_action);
  gtk_widget_class_install_action (widget_class, "canvas.select-next", "b", select_next_action);
  gtk_widget_class_install_action (widget_class, "canvas.extend-next", "b", select_next_action);
  gtk_widget_class_install_action (widget_class, "canvas.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "canvas.edit-title", NULL, edit_title_action);
  gtk_widget_class_install_action (widget_class, "canvas.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "canvas.cancel-gesture", NULL, cancel_gesture_action);
  gtk_widget_class_install_action (widget_class, "canvas.select-link", "b", select_link_action);
  gtk_widget_class_install_action (widget_class, "canvas.context-menu", NULL, context_menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "canvas.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "canvas.context-menu", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "canvas.nudge", "(ii)", -1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "canvas.nudge", "(ii)", 1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "canvas.nudge", "(ii)", 0, -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "canvas.nudge", "(ii)", 0, 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_SHIFT_MASK, "canvas.nudge", "(ii)", -5, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_SHIFT_MASK, "canvas.nudge", "(ii)", 5, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_SHIFT_MASK, "canvas.nudge", "(ii)", 0, -5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_SHIFT_MASK, "canvas.nudge", "(ii)", 0, 5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK | GDK_SHIFT_MASK, "canvas.resize", "(ii)", 1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK | GDK_SHIFT_MASK, "canvas.resize", "(ii)", -1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK | GDK_SHIFT_MASK, "canvas.resize", "(ii)", 0, 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK | GDK_SHIFT_MASK, "canvas.resize", "(ii)", 0, -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Tab, 0, "canvas.select-next", "b", FALSE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK, "canvas.select-next", "b", TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Tab, GDK_SHIFT_MASK, "canvas.select-next", "b", TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Tab, GDK_CONTROL_MASK, "canvas.extend-next", "b", FALSE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Left_Tab, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "canvas.extend-next", "b", TRUE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "canvas.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "canvas.edit-title", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "canvas.edit-title", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "canvas.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "canvas.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "canvas.cancel-gesture", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "canvas.select-link", "b", FALSE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "canvas.select-link", "b", TRUE);
}
