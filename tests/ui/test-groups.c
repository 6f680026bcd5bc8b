/* test-groups.c: groups in the app, through the window's actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sample board is opened in a window. Group (what Ctrl+Alt+G and the menus
 * activate) frames the selected cards and opens the label editor; typing a
 * label and Enter renames the group; the colour, collapse and expand
 * commands and Ungroup act on the group of the selection, each one undo
 * step. Screenshots in light, dark, high contrast and a narrow window go
 * to EVB_SCREENSHOT_DIR.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "evb-application.h"
#include "evb-canvas.h"
#include "evb-outline.h"
#include "evb-session.h"
#include "evb-window.h"
#include "test-narrow.h"
#include "test-screens.h"
#include "test-wait.h"

static void
activate (EvbWindow  *window,
          const char *action,
          GVariant   *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), action, parameter));
}

/* The position of the first row of the outline that says this, as a
 * screen reader would, or -1. */
static int
outline_find (EvbOutline *outline,
              const char *text)
{
  GListModel *model = evb_outline_get_list_model (outline);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (model, i);
      GObject *item = GTK_IS_TREE_LIST_ROW (row) ? gtk_tree_list_row_get_item (GTK_TREE_LIST_ROW (row))
                                                 : g_object_ref (row);
      g_autofree char *label = NULL;

      g_object_get (item, "label", &label, NULL);
      g_object_unref (item);
      if (label != NULL && strstr (label, text) != NULL)
        return (int) i;
    }
  return -1;
}

static gboolean
outline_says (EvbOutline *outline,
              const char *text)
{
  return outline_find (outline, text) >= 0;
}

/* Whether the selection is exactly the cards of @group. */
static gboolean
selection_is_group (EvbSelection *selection,
                    EvbGroup     *group)
{
  GPtrArray *nodes = evb_selection_get_nodes (selection);

  if (nodes->len != evb_group_get_n_nodes (group))
    return FALSE;
  for (guint i = 0; i < nodes->len; i++)
    if (!g_strv_contains (evb_group_get_nodes (group), g_ptr_array_index (nodes, i)))
      return FALSE;
  return TRUE;
}

/* Tab from nothing selected to past the last stop: the collapsed group is
 * one stop, and no card hidden in it is ever landed on alone. */
static void
check_tab_skips_hidden_cards (EvbCanvas    *canvas,
                              EvbBoard     *board,
                              EvbSelection *selection,
                              EvbGroup     *group)
{
  guint n_stops = evb_board_get_n_nodes (board) - evb_group_get_n_nodes (group) + 1;
  guint group_stops = 0;
  guint stops = 0;
  g_autofree char *after_group = NULL;
  g_autofree char *said = g_strdup_printf ("Group “%s”, %u cards, collapsed", evb_group_get_label (group),
                                           evb_group_get_n_nodes (group));

  evb_selection_clear (selection);
  for (guint i = 0; i <= n_stops; i++)
    {
      g_autofree char *before = g_strdup (evb_selection_get_last_node (selection));
      gboolean was_group = before != NULL && selection_is_group (selection, group);
      const char *last;

      gtk_widget_grab_focus (GTK_WIDGET (canvas));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.select-next", "b", FALSE));
      last = evb_selection_get_last_node (selection);
      if (g_strcmp0 (last, before) == 0 && was_group == selection_is_group (selection, group))
        break;   /* past the last stop: the keyboard left the canvas */
      stops++;
      if (was_group)
        after_group = g_strdup (last);
      if (selection_is_group (selection, group))
        {
          group_stops++;
          gtk_test_accessible_assert_property (GTK_ACCESSIBLE (canvas), GTK_ACCESSIBLE_PROPERTY_LABEL, said);
        }
      else
        g_assert_false (evb_group_data_has_node (evb_group_get_data (group), last));
    }
  g_assert_cmpuint (group_stops, ==, 1);
  g_assert_cmpuint (stops, ==, n_stops);

  /* Shift+Tab from the card after it lands on the group again. */
  if (after_group != NULL)
    {
      evb_selection_select (selection, after_group, FALSE);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.select-next", "b", TRUE));
      g_assert_true (selection_is_group (selection, group));
    }
}

static void
test_groups (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = evb_application_make_sample (&error);
  g_autoptr(EvbDocument) document = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();
  const char *members[] = { "e2", "e1", "e3", NULL };
  g_autofree char *id = NULL;
  EvbWindow *window;
  EvbCanvas *canvas;
  EvbBoard *board;
  EvbSelection *selection;
  EvbGroup *group;
  GtkWidget *focus;

  g_assert_no_error (error);
  document = evb_document_open (file, &error);
  g_assert_no_error (error);

  window = evb_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  evb_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));
  wait_drawn (GTK_WIDGET (window));
  board = evb_document_get_board (document);
  canvas = evb_window_get_canvas (window);
  selection = evb_session_get_selection (evb_window_get_session (window));

  /* Nothing selected: Group is switched off and does nothing. */
  evb_selection_clear (selection);
  activate (window, "win.group", NULL);
  g_assert_cmpuint (evb_board_get_n_groups (board), ==, 0);

  /* Group: the three cards, one undo step, and the label editor opens. */
  evb_selection_set (selection, members);
  activate (window, "win.group", NULL);
  group = evb_board_get_node_group (board, "e1");
  g_assert_nonnull (group);
  id = g_strdup (evb_group_get_id (group));
  g_assert_cmpuint (evb_group_get_n_nodes (group), ==, 3);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Group");
  WAIT_FOR (g_strcmp0 (evb_canvas_get_editing_group (canvas), id) == 0);

  save_screenshot (GTK_WIDGET (window), "groups-label-editor.png");

  /* Typing a label and Enter renames it. */
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (GTK_IS_EDITABLE (focus));
  gtk_editable_set_text (GTK_EDITABLE (focus), "Moscow’s account");
  g_signal_emit_by_name (focus, "activate");
  g_assert_cmpstr (evb_group_get_label (group), ==, "Moscow’s account");
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Rename Group");
  WAIT_FOR (evb_canvas_get_editing_group (canvas) == NULL);

  /* A member focused is enough for the commands. */
  evb_selection_select (selection, "e3", FALSE);
  activate (window, "win.group-color", g_variant_new_string ("#f6d32d"));
  g_assert_cmpstr (evb_group_get_color (group), ==, "#f6d32d");
  /* Expand is off while the group is open. */
  activate (window, "win.expand-group", NULL);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Change Group Color");

  save_screenshot (GTK_WIDGET (window), "groups-light.png");

  /* Collapse: the cards hide behind one card; expand brings them back. */
  activate (window, "win.collapse-group", NULL);
  g_assert_true (evb_group_get_collapsed (group));
  {
    double x, y, w, h;

    evb_node_get_bounds (evb_board_get_node (board, "e3"), &x, &y, &w, &h);
    g_assert_null (evb_renderer_pick_node (evb_canvas_get_renderer (canvas), x + w / 2, y + h - 4));
  }
  check_tab_skips_hidden_cards (canvas, board, selection, group);
  save_screenshot (GTK_WIDGET (window), "groups-collapsed.png");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  WAIT_FOR (adw_style_manager_get_dark (style));
  activate (window, "win.expand-group", NULL);
  g_assert_false (evb_group_get_collapsed (group));
  save_screenshot (GTK_WIDGET (window), "groups-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  WAIT_FOR (!adw_style_manager_get_dark (style));

  evb_canvas_set_high_contrast (canvas, TRUE);
  save_screenshot (GTK_WIDGET (window), "groups-high-contrast.png");
  evb_canvas_set_high_contrast (canvas, FALSE);

  /* Undo: expand, collapse, colour, in turn. */
  activate (window, "win.undo", NULL);
  g_assert_true (evb_group_get_collapsed (group));
  activate (window, "win.undo", NULL);
  activate (window, "win.undo", NULL);
  g_assert_null (evb_group_get_color (group));

  /* Ungroup keeps the cards; undo brings the group back. */
  evb_selection_set (selection, members);
  activate (window, "win.ungroup", NULL);
  g_assert_null (evb_board_get_group (board, id));
  g_assert_nonnull (evb_board_get_node (board, "e1"));
  activate (window, "win.undo", NULL);
  g_assert_nonnull (evb_board_get_group (board, id));

  /* The outline tells a screen reader which group a claim is in. */
  {
    EvbOutline *outline = EVB_OUTLINE (gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW,
                                                                      "outline"));
    const char *claims[] = { "c1", NULL };

    evb_selection_set (selection, claims);
    activate (window, "win.group", NULL);
    focus = gtk_root_get_focus (GTK_ROOT (window));
    g_assert_true (GTK_IS_EDITABLE (focus));
    gtk_editable_set_text (GTK_EDITABLE (focus), "Hypotheses");
    g_signal_emit_by_name (focus, "activate");
    WAIT_FOR (outline_says (outline, "In the group “Hypotheses”."));

    /* Each group is a row; activating it selects the group's cards. */
    WAIT_FOR (outline_says (outline, "Group: Moscow’s account — 3 cards"));
    g_assert_true (outline_says (outline, "Group: Hypotheses — 1 card"));
    evb_selection_clear (selection);
    g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (outline), EVB_TYPE_OUTLINE, "list_view"),
                           "activate", (guint) outline_find (outline, "Group: Moscow’s account"));
    g_assert_true (selection_is_group (selection, evb_board_get_group (board, id)));
    activate (window, "win.toggle-outline", NULL);
    wait_drawn (GTK_WIDGET (window));
    gtk_widget_activate_action (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (outline), EVB_TYPE_OUTLINE,
                                                                           "list_view")),
                                "list.scroll-to-item", "u",
                                (guint) outline_find (outline, "Group: Moscow’s account"));
    save_screenshot (GTK_WIDGET (window), "groups-outline.png");
    activate (window, "win.toggle-outline", NULL);
  }

  /* The context menu opens from the keyboard. */
  gtk_widget_grab_focus (GTK_WIDGET (canvas));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.context-menu", NULL));
  save_screenshot (GTK_WIDGET (window), "groups-context-menu.png");

  test_make_narrow (GTK_WINDOW (window), 600, 800);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-fit", NULL);
  save_screenshot (GTK_WIDGET (window), "groups-narrow.png");

  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_until (window_is_gone, window, TIMEOUT_MS));
}

int
main (int   argc,
      char *argv[])
{
  g_settings_schema_source_get_default ();
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* The test AT context keeps what the canvas tells a screen reader. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/evidenceboard/EvidenceBoard/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/groups/window", test_groups);

  return g_test_run ();
}
