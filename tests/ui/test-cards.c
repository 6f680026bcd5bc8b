/* test-cards.c: cards on the canvas are resized by their handle, fitted to
 * their text by the window's action and from the keyboard, and a board prints
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The resize handles (the corner, the right and bottom edges) are driven
 * through the canvas's own tool (as the drag gesture drives it): found
 * where the canvas has them, dragged, released;
 * the drag is one undo step and the spatial index (hit-testing) follows
 * the new size. Printing goes through GtkPrintOperation to a PDF file, the
 * way the print dialog's "Print to File" does, and the PDF's text holds
 * the cards' whole titles.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "evb-canvas-tool.h"
#include "evb-canvas.h"
#include "evb-editing.h"
#include "evb-print.h"
#include "evb-renderer.h"
#include "evb-resize-tool.h"
#include "evb-session.h"
#include "test-wait.h"

#define LONG_TITLE "Moscow's video of a downed drone, filmed in a snowy forest near Valdai " \
                   "and published by the defence ministry two days later"

static gboolean
has_size (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (data)) > 0;
}

static gboolean
file_is_there (gpointer data)
{
  GStatBuf st;

  return g_stat (data, &st) == 0 && st.st_size > 0;
}

static void
test_resize_and_fit (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Cards");
  g_autoptr(EvbSelection) selection = evb_selection_new (board);
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  g_autoptr(EvbCanvasTool) tool = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *canvas = evb_canvas_new ();
  EvbViewport *viewport;
  EvbNode *node;
  double x, y, w, h, fit_w, fit_h, hx, hy;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (window), canvas);
  evb_canvas_set_board (EVB_CANVAS (canvas), board, selection, NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_until (has_size, canvas, TIMEOUT_MS));
  viewport = evb_canvas_get_viewport (EVB_CANVAS (canvas));
  evb_canvas_zoom_reset (EVB_CANVAS (canvas));

  /* A card added with a long title is sized to it (the canvas handed the
   * board its measure). */
  evb_node_data_set_string (&data->title, LONG_TITLE);
  evb_node_data_set_string (&data->source, "Russian Ministry of Defence, via its Telegram channel");
  data->x = 100;
  data->y = 100;
  node = evb_editing_add_card (board, data, &error);
  g_assert_no_error (error);
  evb_renderer_fit_card (evb_node_get_data (node), &fit_w, &fit_h);
  evb_node_get_bounds (node, &x, &y, &w, &h);
  g_assert_cmpfloat (w, ==, fit_w);
  g_assert_cmpfloat (h, ==, fit_h);
  g_assert_cmpfloat (w, >, EVB_NODE_DEFAULT_WIDTH);

  /* Only a card selected on its own has the handle, at its corner. */
  evb_viewport_board_to_widget (viewport, x + w - 4, y + h - 4, &hx, &hy);
  g_assert_null (evb_resize_tool_pick (EVB_CANVAS (canvas), hx, hy));
  evb_selection_select (selection, evb_node_get_id (node), FALSE);
  g_assert_true (evb_resize_tool_pick (EVB_CANVAS (canvas), hx, hy) == node);
  g_assert_null (evb_resize_tool_pick (EVB_CANVAS (canvas), hx - 60, hy - 60));

  /* Dragging it: many motions, one undo step. */
  tool = evb_resize_tool_new (EVB_CANVAS (canvas));
  evb_canvas_tool_press (tool, hx, hy, evb_node_get_id (node));
  for (int i = 1; i <= 10; i++)
    evb_canvas_tool_drag_update (tool, 8 * i, 5 * i);
  evb_canvas_tool_drag_end (tool, 80, 50);
  evb_node_get_bounds (node, NULL, NULL, &w, &h);
  g_assert_cmpfloat (w, ==, fit_w + 80 / evb_viewport_get_zoom (viewport));
  g_assert_cmpfloat (h, ==, fit_h + 50 / evb_viewport_get_zoom (viewport));
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Resize Card");
  /* Hit-testing knows the new size. */
  g_assert_true (evb_renderer_pick_node (evb_canvas_get_renderer (EVB_CANVAS (canvas)),
                                         x + w - 2, y + h - 2) == node);

  /* Fit to Text, the action of the main menu and the card's menu: one step. */
  g_assert_true (evb_editing_fit_cards (board, evb_selection_get_nodes (selection), &error));
  evb_node_get_bounds (node, NULL, NULL, &w, &h);
  g_assert_cmpfloat (w, ==, fit_w);
  g_assert_cmpfloat (h, ==, fit_h);
  g_assert_true (evb_board_undo (board, &error));
  evb_node_get_bounds (node, NULL, NULL, &w, &h);
  g_assert_cmpfloat (w, >, fit_w);
  g_assert_true (evb_board_undo (board, &error));
  evb_node_get_bounds (node, NULL, NULL, &w, &h);
  g_assert_cmpfloat (w, ==, fit_w);

  /* A press that turns into no drag leaves no undo step. */
  evb_canvas_tool_press (tool, hx, hy, evb_node_get_id (node));
  evb_canvas_tool_drag_end (tool, 0, 0);
  g_assert_cmpstr (evb_board_get_undo_label (board), !=, "Resize Card");

  /* Printed to a PDF, the whole title is in its text. */
  {
    g_autofree char *dir = g_dir_make_tmp ("evb-print-XXXXXX", &error);
    g_autofree char *pdf = g_build_filename (dir, "board.pdf", NULL);
    g_autofree char *out = NULL;
    g_autofree char *flat = NULL;
    g_auto(GStrv) words = NULL;
    const char *argv[] = { "pdftotext", pdf, "-", NULL };
    int status;

    g_assert_no_error (error);
    evb_print_run (GTK_WINDOW (window), board, NULL, pdf, "fitted");
    g_assert_true (wait_until (file_is_there, pdf, TIMEOUT_MS));
    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, &out, NULL, &status, &error))
      {
        g_test_skip ("pdftotext is not installed");
      }
    else
      {
        words = g_strsplit_set (out, " \n\f", -1);
        flat = g_strjoinv ("", words);
        /* Without "filmed": pdftotext gives its "fi" as a ligature. */
        g_assert_nonnull (strstr (flat, "Moscow'svideoofadowneddrone,"));
        g_assert_nonnull (strstr (flat, "inasnowyforestnearValdaiandpublishedbythedefenceministrytwodayslater"));
      }
    g_unlink (pdf);
    g_rmdir (dir);
  }

  g_clear_object (&tool);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
import_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* The app's import sizes cards the file gave no size to their text, as
 * the CLI's does (after the reading thread: the measure is the drawing
 * thread's). */
static void
test_import_fits_cards (void)
{
  g_autofree char *dir = g_dir_make_tmp ("evb-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "unsized.json", NULL);
  g_autofree char *json = g_strdup_printf ("{\"format\": \"evidence-board\", \"version\": 1,"
                                           " \"board\": {\"title\": \"Import\"}, \"nodes\": ["
                                           "{\"id\": \"c\", \"kind\": \"claim\", \"title\": \"%s\"}],"
                                           " \"links\": []}", LONG_TITLE);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) skipped = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(GError) error = NULL;
  const EvbNodeData *data;
  double w, h;

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  evb_session_read_import_async (file, NULL, import_read_cb, &result);
  g_assert_true (wait_until (is_set, &result, TIMEOUT_MS));
  board = evb_session_read_import_finish (result, &skipped, &error);
  g_assert_no_error (error);
  data = evb_node_get_data (evb_board_get_node (board, "c"));
  evb_renderer_fit_card (data, &w, &h);
  g_assert_cmpfloat (w, >, EVB_CLAIM_DEFAULT_WIDTH);
  g_assert_cmpfloat (data->width, ==, w);
  g_assert_cmpfloat (data->height, ==, h);
  g_unlink (path);
  g_rmdir (dir);
}

/* The right and bottom edges of a card selected on its own resize it in
 * one direction, with the pointer saying which; the middle of the right
 * edge stays the link handle's. */
static void
test_resize_by_edges (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Cards");
  g_autoptr(EvbSelection) selection = evb_selection_new (board);
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_CLAIM);
  g_autoptr(EvbCanvasTool) tool = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *canvas = evb_canvas_new ();
  EvbViewport *viewport;
  EvbNode *node;
  double x, y, w0, h0, w, h, px, py;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (window), canvas);
  evb_canvas_set_board (EVB_CANVAS (canvas), board, selection, NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_until (has_size, canvas, TIMEOUT_MS));
  viewport = evb_canvas_get_viewport (EVB_CANVAS (canvas));
  evb_canvas_zoom_reset (EVB_CANVAS (canvas));

  evb_node_data_set_string (&data->title, "Drone strike on the residence");
  data->x = 100;
  data->y = 100;
  node = evb_editing_add_card (board, data, &error);
  g_assert_no_error (error);
  evb_node_get_bounds (node, &x, &y, &w0, &h0);
  tool = evb_resize_tool_new (EVB_CANVAS (canvas));

  /* Not selected on its own: no edge handles. */
  evb_viewport_board_to_widget (viewport, x + w0, y + h0 / 4, &px, &py);
  g_assert_cmpint (evb_resize_tool_pick_edge (EVB_CANVAS (canvas), px, py), ==, EVB_RESIZE_EDGE_NONE);
  evb_selection_select (selection, evb_node_get_id (node), FALSE);

  /* The right edge, above the link handle: wider only. */
  g_assert_cmpint (evb_resize_tool_pick_edge (EVB_CANVAS (canvas), px, py), ==, EVB_RESIZE_EDGE_RIGHT);
  g_assert_cmpint (evb_resize_tool_pick_edge (EVB_CANVAS (canvas), px + 3, py), ==, EVB_RESIZE_EDGE_RIGHT);
  g_assert_cmpstr (evb_resize_edge_get_cursor_name (EVB_RESIZE_EDGE_RIGHT), ==, "ew-resize");
  g_assert_true (evb_resize_tool_pick (EVB_CANVAS (canvas), px, py) == node);
  evb_canvas_tool_press (tool, px, py, evb_node_get_id (node));
  for (int i = 1; i <= 5; i++)
    evb_canvas_tool_drag_update (tool, 8 * i, 6 * i);
  evb_canvas_tool_drag_end (tool, 40, 30);
  evb_node_get_bounds (node, NULL, NULL, &w, &h);
  g_assert_cmpfloat (w, ==, w0 + 40 / evb_viewport_get_zoom (viewport));
  g_assert_cmpfloat (h, ==, h0);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Resize Card");

  /* The bottom edge: taller only. */
  evb_viewport_board_to_widget (viewport, x + w / 2, y + h, &px, &py);
  g_assert_cmpint (evb_resize_tool_pick_edge (EVB_CANVAS (canvas), px, py - 3), ==, EVB_RESIZE_EDGE_BOTTOM);
  g_assert_cmpstr (evb_resize_edge_get_cursor_name (EVB_RESIZE_EDGE_BOTTOM), ==, "ns-resize");
  evb_canvas_tool_press (tool, px, py - 3, evb_node_get_id (node));
  for (int i = 1; i <= 5; i++)
    evb_canvas_tool_drag_update (tool, 8 * i, 6 * i);
  evb_canvas_tool_drag_end (tool, 40, 30);
  evb_node_get_bounds (node, NULL, NULL, &w, &h);
  g_assert_cmpfloat (w, ==, w0 + 40 / evb_viewport_get_zoom (viewport));
  g_assert_cmpfloat (h, ==, h0 + 30 / evb_viewport_get_zoom (viewport));

  /* The corner still resizes both ways; the link handle, the inside of the
   * card and the space past its edges are no resize handles. */
  evb_viewport_board_to_widget (viewport, x + w, y + h, &px, &py);
  g_assert_cmpint (evb_resize_tool_pick_edge (EVB_CANVAS (canvas), px - 2, py - 2), ==, EVB_RESIZE_EDGE_CORNER);
  g_assert_cmpstr (evb_resize_edge_get_cursor_name (EVB_RESIZE_EDGE_CORNER), ==, "nwse-resize");
  evb_viewport_board_to_widget (viewport, x + w, y + h / 2, &px, &py);
  g_assert_cmpint (evb_resize_tool_pick_edge (EVB_CANVAS (canvas), px, py), ==, EVB_RESIZE_EDGE_NONE);
  evb_viewport_board_to_widget (viewport, x + w / 2, y + h / 2, &px, &py);
  g_assert_cmpint (evb_resize_tool_pick_edge (EVB_CANVAS (canvas), px, py), ==, EVB_RESIZE_EDGE_NONE);
  evb_viewport_board_to_widget (viewport, x + w + 20, y + h / 4, &px, &py);
  g_assert_cmpint (evb_resize_tool_pick_edge (EVB_CANVAS (canvas), px, py), ==, EVB_RESIZE_EDGE_NONE);
  g_assert_null (evb_resize_edge_get_cursor_name (EVB_RESIZE_EDGE_NONE));

  g_clear_object (&tool);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Alt+Shift+arrows: the selected card grows or shrinks a step at a time,
 * steps in a row are one undo step, and a screen reader is told the size. */
static void
test_keyboard_resize (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Cards");
  g_autoptr(EvbSelection) selection = evb_selection_new (board);
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *canvas = evb_canvas_new ();
  EvbNode *node;
  double w0, h0, w, h;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (window), canvas);
  evb_canvas_set_board (EVB_CANVAS (canvas), board, selection, NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_until (has_size, canvas, TIMEOUT_MS));

  evb_node_data_set_string (&data->title, "Radar track");
  node = evb_editing_add_card (board, data, &error);
  g_assert_no_error (error);
  evb_node_get_bounds (node, NULL, NULL, &w0, &h0);

  /* Nothing selected: nothing happens. */
  g_assert_true (gtk_widget_activate_action (canvas, "canvas.resize", "(ii)", 1, 0));
  evb_node_get_bounds (node, NULL, NULL, &w, &h);
  g_assert_cmpfloat (w, ==, w0);

  evb_selection_select (selection, evb_node_get_id (node), FALSE);
  for (int i = 0; i < 3; i++)
    g_assert_true (gtk_widget_activate_action (canvas, "canvas.resize", "(ii)", 1, 0));
  g_assert_true (gtk_widget_activate_action (canvas, "canvas.resize", "(ii)", 0, -1));
  evb_node_get_bounds (node, NULL, NULL, &w, &h);
  g_assert_cmpfloat (w, ==, w0 + 30);
  g_assert_cmpfloat (h, ==, h0 - 10);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Resize Card");
#if !GTK_CHECK_VERSION (4, 14, 0)
  {
    g_autofree char *said = g_strdup_printf ("Width %d, height %d", (int) w, (int) h);

    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (canvas), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, said);
  }
#endif

  /* One undo takes the four steps back, and the card is fitted again. */
  g_assert_true (evb_board_undo (board, &error));
  evb_node_get_bounds (node, NULL, NULL, &w, &h);
  g_assert_cmpfloat (w, ==, w0);
  g_assert_cmpfloat (h, ==, h0);

  /* Another selection forgets what was said of this card. */
  evb_selection_clear (selection);
#if !GTK_CHECK_VERSION (4, 14, 0)
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (canvas), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
#endif

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_settings_schema_source_get_default ();
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* GTK's test accessibility backend keeps what the canvas says to a
   * screen reader, for the test to read back (without one, "none" keeps
   * nothing). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/cards/resize-and-fit", test_resize_and_fit);
  g_test_add_func ("/cards/resize-by-edges", test_resize_by_edges);
  g_test_add_func ("/cards/keyboard-resize", test_keyboard_resize);
  g_test_add_func ("/cards/import-fits-cards", test_import_fits_cards);

  return g_test_run ();
}
