/* evb-canvas-groups.c: groups on the canvas: the label editor and the context menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A group is selected by selecting its cards: a click on its label band
 * (or its collapsed card) selects them all, so a drag moves the group with
 * the move tool's one undo step, and the group commands (win.group and the
 * rest, evb-window-groups.c) act on the group of the selection. This file
 * holds what the canvas adds for groups: a small popover that edits a
 * group's label in place, and the canvas's context menu (secondary click,
 * Menu or Shift+F10), whose items are window actions.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-canvas-private.h"
#include "evb-editing.h"

#define LABEL_POPOVER_KEY "evb-group-label-popover"
#define CONTEXT_MENU_KEY  "evb-context-menu"

/* The label editor */

static void
label_activate_cb (GtkEntry  *entry,
                   EvbCanvas *canvas)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (entry), GTK_TYPE_POPOVER);
  const char *group_id = g_object_get_data (G_OBJECT (entry), "group-id");
  g_autoptr(GError) error = NULL;
  EvbBoard *board = evb_canvas_get_board (canvas);

  if (board != NULL && group_id != NULL &&
      !evb_editing_rename_group (board, group_id, gtk_editable_get_text (GTK_EDITABLE (entry)),
                                 NULL, &error))
    _evb_canvas_report_error (canvas, error);
  gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
unparent_cb (GtkWidget *canvas,
             GtkWidget *popover)
{
  gtk_widget_unparent (popover);
}

/* A popover that is a child of the canvas, made on first use and
 * unparented when the canvas goes. */
static GtkWidget *
ensure_child_popover (EvbCanvas  *self,
                      const char *key,
                      GtkWidget *(*make) (EvbCanvas *self))
{
  GtkWidget *popover = g_object_get_data (G_OBJECT (self), key);

  if (popover != NULL)
    return popover;
  popover = make (self);
  gtk_widget_set_parent (popover, GTK_WIDGET (self));
  g_signal_connect_object (self, "destroy", G_CALLBACK (unparent_cb), popover, 0);
  g_object_set_data (G_OBJECT (self), key, popover);
  return popover;
}

static GtkWidget *
make_label_popover (EvbCanvas *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (_("Group Label"));
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), FALSE);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 24);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  heading, NULL, -1);
  g_signal_connect (entry, "activate", G_CALLBACK (label_activate_cb), self);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_popover_set_position (GTK_POPOVER (popover), GTK_POS_TOP);
  g_object_set_data (G_OBJECT (popover), "entry", entry);
  return popover;
}

/* Points a popover at a board rectangle as it is on screen. */
static void
point_at (EvbCanvas  *self,
          GtkPopover *popover,
          double      x,
          double      y,
          double      width,
          double      height)
{
  EvbViewport *viewport = evb_canvas_get_viewport (self);
  double zoom = evb_viewport_get_zoom (viewport);
  double wx, wy;
  GdkRectangle rect;

  evb_viewport_board_to_widget (viewport, x, y, &wx, &wy);
  rect.x = (int) wx;
  rect.y = (int) wy;
  rect.width = MAX (1, (int) (width * zoom));
  rect.height = MAX (1, (int) (height * zoom));
  gtk_popover_set_pointing_to (popover, &rect);
}

void
evb_canvas_edit_group_label (EvbCanvas  *self,
                             const char *group_id)
{
  EvbBoard *board;
  EvbGroup *group;
  GtkWidget *popover, *entry;
  double x, y, width, height;

  g_return_if_fail (EVB_IS_CANVAS (self));

  board = evb_canvas_get_board (self);
  group = board != NULL ? evb_board_get_group (board, group_id) : NULL;
  if (group == NULL)
    return;

  popover = ensure_child_popover (self, LABEL_POPOVER_KEY, make_label_popover);
  entry = g_object_get_data (G_OBJECT (popover), "entry");
  g_object_set_data_full (G_OBJECT (entry), "group-id", g_strdup (group_id), g_free);
  gtk_editable_set_text (GTK_EDITABLE (entry), evb_group_get_label (group));
  evb_board_get_group_frame (board, group, &x, &y, &width, &height);
  point_at (self, GTK_POPOVER (popover), x, y, width,
            evb_group_get_collapsed (group) ? height : EVB_GROUP_LABEL_HEIGHT);
  gtk_popover_popup (GTK_POPOVER (popover));
  gtk_widget_grab_focus (entry);
  gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
}

const char *
evb_canvas_get_editing_group (EvbCanvas *self)
{
  GtkWidget *popover;

  g_return_val_if_fail (EVB_IS_CANVAS (self), NULL);

  popover = g_object_get_data (G_OBJECT (self), LABEL_POPOVER_KEY);
  if (popover == NULL || !gtk_widget_get_visible (popover))
    return NULL;
  return g_object_get_data (g_object_get_data (G_OBJECT (popover), "entry"), "group-id");
}

/* The context menu */

static void
append_color (GMenu      *menu,
              const char *label,
              const char *color)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, "win.group-color", g_variant_new_string (color));
  g_menu_append_item (menu, item);
}

GMenuModel *
_evb_canvas_groups_menu_new (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) grouping = g_menu_new ();
  g_autoptr(GMenu) folding = g_menu_new ();
  g_autoptr(GMenu) colors = g_menu_new ();

  g_menu_append (grouping, _("_Group"), "win.group");
  g_menu_append (grouping, _("_Ungroup"), "win.ungroup");
  g_menu_append (grouping, _("_Rename Group…"), "win.rename-group");
  append_color (colors, _("No Color"), "");
  append_color (colors, _("Blue"), "#3584e4");
  append_color (colors, _("Green"), "#33d17a");
  append_color (colors, _("Yellow"), "#f6d32d");
  append_color (colors, _("Orange"), "#ff7800");
  append_color (colors, _("Red"), "#e01b24");
  append_color (colors, _("Purple"), "#9141ac");
  g_menu_append_submenu (grouping, _("Group Co_lor"), G_MENU_MODEL (colors));
  g_menu_append (folding, _("_Collapse Group"), "win.collapse-group");
  g_menu_append (folding, _("_Expand Group"), "win.expand-group");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (grouping));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (folding));
  return G_MENU_MODEL (menu);
}

static GtkWidget *
make_context_menu (EvbCanvas *self)
{
  g_autoptr(GMenuModel) model = _evb_canvas_groups_menu_new ();
  GtkWidget *popover = gtk_popover_menu_new_from_model (model);

  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_widget_set_halign (popover, GTK_ALIGN_START);
  return popover;
}

/* What is under the pointer becomes the selection, unless it is in it:
 * the menu's commands act on what was clicked. */
static void
select_under (EvbCanvas *self,
              double     wx,
              double     wy)
{
  EvbSelection *selection = evb_canvas_get_selection (self);
  EvbRenderer *renderer = evb_canvas_get_renderer (self);
  double bx, by;
  EvbNode *node;
  EvbGroup *group;

  evb_viewport_widget_to_board (evb_canvas_get_viewport (self), wx, wy, &bx, &by);
  if ((node = evb_renderer_pick_node (renderer, bx, by)) != NULL)
    {
      if (!evb_selection_contains (selection, evb_node_get_id (node)))
        evb_selection_select (selection, evb_node_get_id (node), FALSE);
    }
  else if ((group = evb_renderer_pick_group (renderer, bx, by)) != NULL)
    evb_selection_set (selection, evb_group_get_nodes (group));
}

void
_evb_canvas_popup_context_menu (EvbCanvas *self,
                                double     wx,
                                double     wy)
{
  GtkWidget *popover;

  if (evb_canvas_get_board (self) == NULL)
    return;
  popover = ensure_child_popover (self, CONTEXT_MENU_KEY, make_context_menu);
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { (int) wx, (int) wy, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
secondary_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      EvbCanvas       *self)
{
  if (evb_canvas_get_board (self) == NULL)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  select_under (self, x, y);
  _evb_canvas_popup_context_menu (self, x, y);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

void
_evb_canvas_groups_init (EvbCanvas *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

/* A press on a group's label band or collapsed card: selects its cards
 * (Shift adds them) and says whether the drag may move them. */
gboolean
_evb_canvas_groups_press (EvbCanvas *self,
                          double     bx,
                          double     by,
                          gboolean   shift,
                          gboolean  *move)
{
  EvbGroup *group = evb_renderer_pick_group (evb_canvas_get_renderer (self), bx, by);
  EvbSelection *selection = evb_canvas_get_selection (self);

  if (group == NULL)
    return FALSE;
  if (shift)
    evb_selection_add (selection, evb_group_get_nodes (group));
  else
    evb_selection_set (selection, evb_group_get_nodes (group));
  *move = !shift;
  return TRUE;
}

/* A double click on a group's label or collapsed card collapses or
 * expands it. */
gboolean
_evb_canvas_groups_double_click (EvbCanvas *self,
                                 double     bx,
                                 double     by)
{
  EvbGroup *group = evb_renderer_pick_group (evb_canvas_get_renderer (self), bx, by);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (group == NULL)
    return FALSE;
  id = g_strdup (evb_group_get_id (group));
  if (!evb_editing_set_group_collapsed (evb_canvas_get_board (self), id,
                                        !evb_group_get_collapsed (group), &error))
    _evb_canvas_report_error (self, error);
  return TRUE;
}
