/* evb-window-groups.c: the window's group commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Group (Ctrl+Alt+G) frames the selected cards; the other commands act on
 * "the group": the one every selected card is in, or else the group of
 * the card selected last (the focused one). A group is selected by
 * selecting its cards, which a click on its label does.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-editing.h"
#include "evb-window-private.h"

EvbGroup *
_evb_window_get_current_group (EvbWindow *self)
{
  EvbBoard *board = _evb_window_get_board (self);
  GPtrArray *nodes = _evb_window_get_selected_nodes (self);
  EvbGroup *first;

  if (board == NULL || nodes->len == 0)
    return NULL;

  first = evb_board_get_node_group (board, g_ptr_array_index (nodes, 0));
  for (guint i = 1; first != NULL && i < nodes->len; i++)
    if (evb_board_get_node_group (board, g_ptr_array_index (nodes, i)) != first)
      first = NULL;
  if (first != NULL)
    return first;
  return evb_board_get_node_group (board, g_ptr_array_index (nodes, nodes->len - 1));
}

void
_evb_window_groups_update (EvbWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  EvbBoard *board = _evb_window_get_board (self);
  EvbGroup *group = _evb_window_get_current_group (self);
  gboolean collapsed = group != NULL && evb_group_get_collapsed (group);

  gtk_widget_action_set_enabled (widget, "win.group",
                                 board != NULL && _evb_window_get_selected_nodes (self)->len > 0);
  gtk_widget_action_set_enabled (widget, "win.ungroup", group != NULL);
  gtk_widget_action_set_enabled (widget, "win.rename-group", group != NULL);
  gtk_widget_action_set_enabled (widget, "win.group-color", group != NULL);
  gtk_widget_action_set_enabled (widget, "win.collapse-group", group != NULL && !collapsed);
  gtk_widget_action_set_enabled (widget, "win.expand-group", collapsed);
}

static void
group_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  EvbGroup *group;

  group = evb_editing_group (_evb_window_get_board (self), _evb_window_get_selected_nodes (self),
                             NULL, &error);
  if (group == NULL)
    {
      _evb_window_show_error (self, error);
      return;
    }
  /* A new group is named at once, as a new folder is. */
  evb_canvas_edit_group_label (self->canvas, evb_group_get_id (group));
}

static void
ungroup_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  EvbGroup *group = _evb_window_get_current_group (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (group == NULL)
    return;
  id = g_strdup (evb_group_get_id (group));
  if (!evb_editing_ungroup (_evb_window_get_board (self), id, &error))
    _evb_window_show_error (self, error);
}

static void
rename_group_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  EvbGroup *group = _evb_window_get_current_group (self);

  if (group != NULL)
    evb_canvas_edit_group_label (self->canvas, evb_group_get_id (group));
}

static void
group_color_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  EvbGroup *group = _evb_window_get_current_group (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (group == NULL)
    return;
  id = g_strdup (evb_group_get_id (group));
  if (!evb_editing_set_group_color (_evb_window_get_board (self), id,
                                    g_variant_get_string (parameter, NULL), &error))
    _evb_window_show_error (self, error);
}

static void
collapse_group_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  EvbGroup *group = _evb_window_get_current_group (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (group == NULL)
    return;
  id = g_strdup (evb_group_get_id (group));
  if (!evb_editing_set_group_collapsed (_evb_window_get_board (self), id,
                                        g_str_equal (action_name, "win.collapse-group"), &error))
    _evb_window_show_error (self, error);
}

void
_evb_window_class_groups_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.group", NULL, group_action);
  gtk_widget_class_install_action (widget_class, "win.ungroup", NULL, ungroup_action);
  gtk_widget_class_install_action (widget_class, "win.rename-group", NULL, rename_group_action);
  gtk_widget_class_install_action (widget_class, "win.group-color", "s", group_color_action);
  gtk_widget_class_install_action (widget_class, "win.collapse-group", NULL, collapse_group_action);
  gtk_widget_class_install_action (widget_class, "win.expand-group", NULL, collapse_group_action);
}
