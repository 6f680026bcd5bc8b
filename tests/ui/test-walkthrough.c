/* test-walkthrough.c: rough edges an investigator's walkthrough found, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test reproduces one: the inspector kept its place when another
 * card was selected, so the new card's title was hidden; a board shown
 * whole ran off the edge when the window narrowed; the filter bar showed
 * that a criterion was in use but not what was chosen; the matrix's last
 * row's label was cut off.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "evb-application.h"
#include "evb-inspector.h"
#include "evb-json.h"
#include "evb-matrix-view.h"
#include "evb-store.h"
#include "evb-window.h"
#include "evb-window-private.h"
#include "test-dirs.h"
#include "test-narrow.h"
#include "test-run.h"
#include "test-screens.h"
#include "test-wait.h"

static void
close_window (EvbWindow *window)
{
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_until (window_is_gone, window, TIMEOUT_MS));
  settle ();
}

static GtkWidget *
window_child (EvbWindow  *window,
              const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* A board of its own in the test's home, from JSON. */
static EvbWindow *
open_board_window (const char   *json,
                   int           width,
                   int           height,
                   EvbDocument **document_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_home_dir (), "test.evboard", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(EvbBoard) loaded = evb_json_read_board (json, strlen (json), &error);
  EvbDocument *document;
  EvbWindow *window;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
  g_assert_true (evb_store_write_new (loaded, path, TRUE, &error));
  g_assert_no_error (error);
  document = evb_document_open (file, &error);
  g_assert_no_error (error);
  window = evb_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  evb_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));
  wait_drawn (GTK_WIDGET (window));
  *document_out = document;
  return window;
}

static const char three_cards[] =
  "{\"format\": \"evidence-board\", \"version\": 1, \"board\": {\"title\": \"Walkthrough\"},"
  " \"nodes\": ["
  "  {\"id\": \"c1\", \"kind\": \"claim\", \"title\": \"Claim one\", \"x\": 100, \"y\": 100},"
  "  {\"id\": \"e1\", \"kind\": \"evidence\", \"title\": \"Video\", \"evidence_type\": \"video\","
  "   \"x\": 700, \"y\": 100, \"reliability\": \"B\", \"credibility\": 2,"
  "   \"occurred\": \"2025-12-28\"},"
  "  {\"id\": \"e2\", \"kind\": \"evidence\", \"title\": \"Photo\", \"evidence_type\": \"photo\","
  "   \"x\": 1300, \"y\": 500, \"reliability\": \"D\", \"credibility\": 4}],"
  " \"links\": [{\"id\": \"l1\", \"from\": \"e1\", \"to\": \"c1\", \"relation\": \"supports\"}]}";

static gboolean
can_scroll (GtkAdjustment *adjustment)
{
  return gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) > 100;
}

/* Another card selected: the inspector starts at its top, where the new
 * card's title is. The same card again, or an edit, keeps the place. */
static void
test_inspector_scrolls_to_new_card (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_board_window (three_cards, 1280, 500, &document);
  EvbSelection *selection = evb_canvas_get_selection (evb_window_get_canvas (window));
  GtkWidget *title;
  GtkScrolledWindow *scrolled;
  GtkAdjustment *adjustment;

  evb_selection_select (selection, "e1", FALSE);
  wait_drawn (GTK_WIDGET (window));
  title = evb_inspector_get_field (EVB_INSPECTOR (window_child (window, "inspector")), "title_row");
  g_assert_nonnull (title);
  scrolled = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (title, GTK_TYPE_SCROLLED_WINDOW));
  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  WAIT_FOR (can_scroll (adjustment));

  /* Scrolled down, the same card selected again and edited: it stays. */
  gtk_adjustment_set_value (adjustment, 100);
  wait_drawn (GTK_WIDGET (window));
  evb_selection_clear (selection);
  wait_drawn (GTK_WIDGET (window));
  evb_selection_select (selection, "e1", FALSE);
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 100);
  gtk_editable_set_text (GTK_EDITABLE (title), "Video two");
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 100);

  /* Another card: the top, and its title in view. */
  evb_selection_select (selection, "e2", FALSE);
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  close_window (window);
}

/* Whether every card of the board is inside the canvas. */
static gboolean
board_in_view (EvbCanvas *canvas,
               EvbBoard  *board)
{
  EvbViewport *viewport = evb_canvas_get_viewport (canvas);
  double x, y, w, h, left, top, right, bottom;

  g_assert_true (evb_board_get_extents (board, &x, &y, &w, &h));
  evb_viewport_board_to_widget (viewport, x, y, &left, &top);
  evb_viewport_board_to_widget (viewport, x + w, y + h, &right, &bottom);
  return left >= 0 && top >= 0 && right <= gtk_widget_get_width (GTK_WIDGET (canvas)) &&
         bottom <= gtk_widget_get_height (GTK_WIDGET (canvas));
}

/* A board shown whole stays whole when the window narrows to a phone's
 * width; a view the person zoomed stays where they put it. */
static void
test_narrowed_board_stays_whole (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_board_window (three_cards, 1280, 700, &document);
  EvbCanvas *canvas = evb_window_get_canvas (window);
  EvbBoard *board = evb_document_get_board (document);
  EvbViewport *viewport = evb_canvas_get_viewport (canvas);
  double zoom, origin_x, origin_y;

  WAIT_FOR (board_in_view (canvas, board));
  test_make_narrow (GTK_WINDOW (window), 600, 700);
  wait_drawn (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "walkthrough-narrowed.png");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (canvas)), <=, 600);
  g_assert_true (board_in_view (canvas, board));

  /* Zoomed in by the person: wider again, the view stays as it was. */
  evb_canvas_zoom_by (canvas, 2.0);
  wait_drawn (GTK_WIDGET (window));
  zoom = evb_viewport_get_zoom (viewport);
  origin_x = evb_viewport_get_origin_x (viewport);
  origin_y = evb_viewport_get_origin_y (viewport);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 700);
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (window)) >= 1200);
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpfloat (evb_viewport_get_zoom (viewport), ==, zoom);
  g_assert_cmpfloat (evb_viewport_get_origin_x (viewport), ==, origin_x);
  g_assert_cmpfloat (evb_viewport_get_origin_y (viewport), ==, origin_y);

  /* Zoom to Fit shows it whole again, and narrowed it stays so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-fit", NULL));
  wait_drawn (GTK_WIDGET (window));
  test_make_narrow (GTK_WINDOW (window), 600, 700);
  wait_drawn (GTK_WIDGET (window));
  g_assert_true (board_in_view (canvas, board));
  close_window (window);
}

/* The label of the matrix's last row: the one label in the rows (not
 * the column headers) drawn as a heading. */
static GtkLabel *
find_footer_label (GtkWidget *widget,
                   gboolean   in_row)
{
  in_row |= g_strcmp0 (gtk_widget_get_css_name (widget), "row") == 0;
  if (in_row && GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "heading") &&
      gtk_widget_get_mapped (widget))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_footer_label (child, in_row);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether the label shows its whole text: nothing ellipsized, and given
 * the height its lines need at its width. */
static gboolean
label_whole (GtkLabel *label)
{
  int width = gtk_widget_get_width (GTK_WIDGET (label));
  int minimum = 0, height = 0;

  if (width <= 0)
    return FALSE;
  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);
  return !pango_layout_is_ellipsized (gtk_label_get_layout (label)) && width >= minimum &&
         gtk_widget_get_height (GTK_WIDGET (label)) >= height;
}

static void
check_footer (EvbMatrixView *view,
              const char    *screenshot)
{
  GtkWidget *column_view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), EVB_TYPE_MATRIX_VIEW,
                                                                      "column_view"));
  GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (column_view,
                                                                              GTK_TYPE_SCROLLED_WINDOW));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  GtkLabel *label;

  /* The last row, scrolled into view. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  WAIT_FOR ((label = find_footer_label (column_view, FALSE)) != NULL);
  wait_drawn (column_view);
  label = find_footer_label (column_view, FALSE);
  g_assert_nonnull (label);
  save_screenshot (GTK_WIDGET (gtk_widget_get_root (column_view)), screenshot);
  g_test_message ("footer: %s, %d × %d px", gtk_label_get_text (label), gtk_widget_get_width (GTK_WIDGET (label)),
                  gtk_widget_get_height (GTK_WIDGET (label)));
  g_assert_true (label_whole (label));
  /* The whole sentence for a pointer and a screen reader. */
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (label)));
}

/* The matrix's last row says what it holds in full, wide and narrow. */
static void
test_matrix_footer_whole (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = evb_application_make_sample (&error);
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window;
  EvbMatrixView *view;

  g_assert_no_error (error);
  document = evb_document_open (file, &error);
  g_assert_no_error (error);
  window = evb_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  evb_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));
  wait_drawn (GTK_WIDGET (window));
  view = EVB_MATRIX_VIEW (window_child (window, "matrix_view"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "matrix"));
  wait_drawn (GTK_WIDGET (window));
  check_footer (view, "walkthrough-matrix-wide.png");
  test_make_narrow (GTK_WINDOW (window), 600, 800);
  wait_drawn (GTK_WIDGET (window));
  check_footer (view, "walkthrough-matrix-narrow.png");
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  int status;

  /* The suite's own translations, for the runs in German and Ukrainian
   * (LANGUAGE and LC_ALL set by meson). */
  if (g_getenv ("EVB_LOCALE_DIR") != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("EVB_LOCALE_DIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  home = test_run_init (&argc, &argv, "test-walkthrough");

  g_test_add_func ("/walkthrough/inspector-scrolls-to-new-card", test_inspector_scrolls_to_new_card);
  g_test_add_func ("/walkthrough/narrowed-board-stays-whole", test_narrowed_board_stays_whole);
  g_test_add_func ("/walkthrough/matrix-footer-whole", test_matrix_footer_whole);

  status = g_test_run ();
  test_remove_tree (home);
  return status;
}
