/* test-timeline.c: the timeline view in the app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sample board is opened and switched to the timeline (the view
 * switcher's third view). An item selected there with the keyboard is the
 * card selected on the board, and a card selected on the board is the
 * timeline's; Ctrl+arrows and Space add a second; Enter shows the item on
 * the board, centred. The drawing's accessible name gives the item's date
 * and title. The lanes switch regroups by source; the zoom keys zoom the
 * time axis only. Export Timeline writes a picture in the session's
 * thread. Screenshots of the timeline in light, dark and a narrow window
 * go to EVB_SCREENSHOT_DIR.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "evb-application.h"
#include "evb-canvas.h"
#include "evb-editing.h"
#include "evb-session.h"
#include "evb-store.h"
#include "evb-timeline-view.h"
#include "evb-window.h"
#include "test-narrow.h"
#include "test-dirs.h"
#include "test-screens.h"
#include "test-wait.h"

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  evb_session_export_timeline_finish (EVB_SESSION (source), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static const char *
only_selected (EvbSelection *selection)
{
  GPtrArray *nodes = evb_selection_get_nodes (selection);

  return nodes->len == 1 ? g_ptr_array_index (nodes, 0) : NULL;
}

static void
test_timeline (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = evb_application_make_sample (&error);
  g_autoptr(EvbDocument) document = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();
  EvbWindow *window;
  EvbSelection *selection;
  AdwViewStack *stack;
  EvbTimelineView *view;
  EvbCanvas *canvas;
  EvbTimelinePicture *picture;
  EvbTimeline *timeline;
  GtkWidget *area, *zoom_button;
  const char *first, *second;
  g_autofree char *name = NULL;
  double scale;

  g_assert_no_error (error);
  document = evb_document_open (file, &error);
  g_assert_no_error (error);

  window = evb_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  evb_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));
  wait_drawn (GTK_WIDGET (window));
  selection = evb_session_get_selection (evb_window_get_session (window));
  stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW, "view_stack"));
  view = EVB_TIMELINE_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW, "timeline_view"));
  canvas = EVB_CANVAS (gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW, "canvas"));
  area = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), EVB_TYPE_TIMELINE_VIEW, "area"));

  zoom_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW, "zoom_button"));
  g_assert_true (gtk_widget_get_visible (zoom_button));

  /* The timeline is laid out when it is first shown, not with the board;
   * nor does an edit while it is hidden lay it out again. */
  g_assert_false (_evb_timeline_view_has_picture (view));
  {
    EvbBoard *board = evb_document_get_board (document);
    EvbNode *node = g_ptr_array_index (evb_board_get_nodes (board), 0);

    g_assert_true (evb_board_move_node (board, evb_node_get_id (node), 10, 10, &error));
    g_assert_no_error (error);
  }
  settle ();
  g_assert_false (_evb_timeline_view_has_picture (view));

  /* The view switcher's third view; the keyboard goes to the drawing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "timeline");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "timeline");
  wait_drawn (GTK_WIDGET (window));
  g_assert_true (_evb_timeline_view_has_picture (view));
  g_assert_true (gtk_widget_has_focus (area));
  /* The header's zoom readout is the board's: it goes with the board. */
  g_assert_false (gtk_widget_get_visible (zoom_button));
  picture = evb_timeline_view_get_picture (view);
  g_assert_nonnull (picture);
  timeline = evb_timeline_picture_get_timeline (picture);
  g_assert_cmpuint (evb_timeline_get_n_items (timeline), >, 2);
  /* The sample's undated items are listed apart; its video is dated
   * after the claims it supports. */
  g_assert_cmpuint (evb_timeline_get_n_undated (timeline), >, 0);
  g_assert_cmpuint (evb_timeline_get_n_warnings (timeline), >, 0);
  save_screenshot (GTK_WIDGET (window), "timeline-light.png");

  /* Home selects the first item: the board's selection is the timeline's. */
  gtk_widget_activate_action (area, "timeline.move", "(iib)", G_MININT, 0, TRUE);
  first = evb_timeline_get_item (timeline, 0)->id;
  g_assert_cmpstr (only_selected (selection), ==, first);
  g_assert_true (evb_selection_contains (evb_canvas_get_selection (canvas), first));
  /* Its accessible name says when and what. */
  name = evb_timeline_view_dup_item_name (view, first);
  g_assert_nonnull (strstr (name, evb_timeline_get_item (timeline, 0)->title));
  g_assert_nonnull (strstr (name, "2025-12-29"));

  /* Right moves to the next in time; Ctrl+Right and Space add the one after. */
  gtk_widget_activate_action (area, "timeline.move", "(iib)", 1, 0, TRUE);
  second = evb_timeline_get_item (timeline, 1)->id;
  g_assert_cmpstr (only_selected (selection), ==, second);
  gtk_widget_activate_action (area, "timeline.move", "(iib)", 1, 0, FALSE);
  g_assert_cmpstr (only_selected (selection), ==, second);
  gtk_widget_activate_action (area, "timeline.toggle", NULL);
  g_assert_cmpuint (evb_selection_get_nodes (selection)->len, ==, 2);
  g_assert_true (evb_selection_contains (selection, evb_timeline_get_item (timeline, 2)->id));

  /* A card selected on the board is the timeline's too. */
  evb_selection_select (selection, "e1", FALSE);
  wait_drawn (area);

  /* Enter shows it on the board, centred, still selected. */
  gtk_widget_activate_action (area, "timeline.show-on-board", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "board");
  g_assert_true (gtk_widget_get_visible (zoom_button));
  g_assert_cmpstr (only_selected (selection), ==, "e1");
  wait_drawn (GTK_WIDGET (canvas));
  {
    EvbNode *node = evb_board_get_node (evb_session_get_board (evb_window_get_session (window)), "e1");
    double x, y, w, h, wx, wy;

    evb_node_get_bounds (node, &x, &y, &w, &h);
    evb_viewport_board_to_widget (evb_canvas_get_viewport (canvas), x + w / 2, y + h / 2, &wx, &wy);
    g_assert_cmpfloat (wx, >, 0);
    g_assert_cmpfloat (wx, <, gtk_widget_get_width (GTK_WIDGET (canvas)));
    g_assert_cmpfloat (wy, >, 0);
    g_assert_cmpfloat (wy, <, gtk_widget_get_height (GTK_WIDGET (canvas)));
  }

  /* Back on the timeline (Alt+3's action): the keyboard is on e1. The zoom
   * keys zoom time, and 0 fits again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "timeline");
  wait_drawn (area);
  g_clear_pointer (&name, g_free);
  scale = evb_timeline_picture_get_scale (picture);
  gtk_widget_activate_action (area, "timeline.zoom", "d", 1.25);
  g_assert_cmpfloat (evb_timeline_picture_get_scale (picture), >, scale);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-out", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-out", NULL);
  g_assert_cmpfloat (evb_timeline_picture_get_scale (picture), <, scale);
  gtk_widget_activate_action (area, "timeline.zoom", "d", 0.0);
  for (guint i = 0; i < evb_timeline_get_n_items (timeline); i++)
    {
      const EvbTimelineItem *item = evb_timeline_get_item (timeline, i);
      double x = evb_timeline_picture_time_to_x (picture, item->has_collected ? item->collected.end
                                                                             : item->occurred.end);

      g_assert_cmpfloat (evb_timeline_picture_time_to_x (picture, item->occurred.start), >=, 0);
      g_assert_cmpfloat (x, <=, gtk_widget_get_width (area));
    }

  /* Lanes by source: the Ministry of Defence's video has a lane of its own. */
  evb_timeline_view_set_lanes (view, EVB_TIMELINE_LANES_SOURCE);
  timeline = evb_timeline_picture_get_timeline (picture);
  g_assert_cmpint (evb_timeline_get_lanes (timeline), ==, EVB_TIMELINE_LANES_SOURCE);
  {
    const EvbTimelineItem *video = evb_timeline_get_item (timeline, evb_timeline_find_item (timeline, "e1"));

    g_assert_cmpstr (evb_timeline_get_lane (timeline, video->lane)->label, ==, "Russian Ministry of Defence");
  }
  save_screenshot (GTK_WIDGET (window), "timeline-source.png");
  evb_timeline_view_set_lanes (view, EVB_TIMELINE_LANES_TYPE);

  /* Export Timeline, in the session's thread. */
  {
    g_autofree char *path = g_build_filename (g_get_home_dir (), "timeline.svg", NULL);
    g_autoptr(GFile) svg_file = g_file_new_for_path (path);
    g_autofree char *svg = NULL;
    gboolean done = FALSE;

    g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
    evb_session_export_timeline_async (evb_window_get_session (window), svg_file, EVB_TIMELINE_LANES_TYPE,
                                       exported_cb, &done);
    WAIT_FOR (done);
    g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
    g_assert_nonnull (strstr (svg, "<svg"));
    g_assert_nonnull (strstr (svg, "Moscow&#39;s video of a downed drone"));
  }

  /* The timeline follows the board: an item whose date is removed is
   * listed apart, and undo puts it back on the axis. */
  {
    EvbBoard *board = evb_session_get_board (evb_window_get_session (window));
    g_autoptr(EvbNodeData) data = evb_node_dup_data (evb_board_get_node (board, "e1"));

    evb_node_data_set_string (&data->occurred, NULL);
    g_assert_true (evb_editing_update_card (board, "Edit Date", data, &error));
    g_assert_no_error (error);
    WAIT_FOR (evb_timeline_find_item (evb_timeline_picture_get_timeline (picture), "e1") < 0);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
    WAIT_FOR (evb_timeline_find_item (evb_timeline_picture_get_timeline (picture), "e1") >= 0);
  }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  WAIT_FOR (adw_style_manager_get_dark (style));
  save_screenshot (GTK_WIDGET (window), "timeline-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  WAIT_FOR (!adw_style_manager_get_dark (style));

  test_make_narrow (GTK_WINDOW (window), 600, 800);
  gtk_widget_activate_action (area, "timeline.zoom", "d", 0.0);
  save_screenshot (GTK_WIDGET (window), "timeline-narrow.png");

  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_until (window_is_gone, window, TIMEOUT_MS));
}

/* Opens file in a new window, shown on the timeline. */
static EvbWindow *
open_on_timeline (GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = evb_document_open (file, &error);
  EvbWindow *window;

  g_assert_no_error (error);
  window = evb_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  evb_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "timeline");
  wait_drawn (GTK_WIDGET (window));
  return window;
}

static void
close_and_wait (EvbWindow *window)
{
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_until (window_is_gone, window, TIMEOUT_MS));
}

/* The lanes the person picks are a view setting of the board: saved with
 * it, as the filter is, and there again when the board is reopened. */
static void
test_lanes_saved (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = evb_application_make_sample (&error);
  EvbTimelineView *view;
  GtkDropDown *dropdown;
  EvbWindow *window;

  g_assert_no_error (error);
  window = open_on_timeline (file);
  view = EVB_TIMELINE_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW, "timeline_view"));
  g_assert_cmpint (evb_timeline_view_get_lanes (view), ==, EVB_TIMELINE_LANES_TYPE);
  /* As the person does: the Lanes switch. */
  dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (view), EVB_TYPE_TIMELINE_VIEW,
                                                           "lanes_dropdown"));
  gtk_drop_down_set_selected (dropdown, 1);
  g_assert_cmpint (evb_session_get_timeline_lanes (evb_window_get_session (window)), ==,
                   EVB_TIMELINE_LANES_SOURCE);
  close_and_wait (window);

  {
    g_autofree char *path = g_file_get_path (file);
    g_autoptr(EvbStore) store = evb_store_open (path, EVB_STORE_FLAGS_READ_ONLY, &error);
    g_autofree char *saved = NULL;

    g_assert_no_error (error);
    saved = evb_store_get_setting (store, "timeline-lanes", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (saved, ==, "source");
  }

  window = open_on_timeline (file);
  view = EVB_TIMELINE_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW, "timeline_view"));
  g_assert_cmpint (evb_timeline_view_get_lanes (view), ==, EVB_TIMELINE_LANES_SOURCE);
  g_assert_cmpint (evb_timeline_get_lanes (evb_timeline_picture_get_timeline (evb_timeline_view_get_picture (view))),
                   ==, EVB_TIMELINE_LANES_SOURCE);
  /* Back to the default, which is kept as no setting at all. */
  evb_timeline_view_set_lanes (view, EVB_TIMELINE_LANES_TYPE);
  close_and_wait (window);

  window = open_on_timeline (file);
  view = EVB_TIMELINE_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW, "timeline_view"));
  g_assert_cmpint (evb_timeline_view_get_lanes (view), ==, EVB_TIMELINE_LANES_TYPE);
  g_assert_cmpint (evb_timeline_get_lanes (evb_timeline_picture_get_timeline (evb_timeline_view_get_picture (view))),
                   ==, EVB_TIMELINE_LANES_TYPE);
  close_and_wait (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("evb-test-timeline-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  int status;

  /* As test-matrix.c: read the system's data folders before they are
   * hidden by the isolated ones. */
  g_settings_schema_source_get_default ();
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  /* The recent boards (a GTK singleton) in a folder of this run, not of
   * the first test, which is removed before the next test closes a
   * board. */
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  gtk_recent_manager_get_default ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/evidenceboard/EvidenceBoard/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/timeline/view", test_timeline);
  g_test_add_func ("/timeline/lanes-saved", test_lanes_saved);

  status = g_test_run ();
  test_remove_tree (home);
  return status;
}
