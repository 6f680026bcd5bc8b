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
#include "evb-filter-bar.h"
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
#include "test-windows.h"

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
  save_screenshot (GTK_WIDGET (window), "walkthrough-inspector.png");
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
  window = open_file_window (file, 1400, 900, &document);
  view = EVB_MATRIX_VIEW (window_child (window, "matrix_view"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "matrix"));
  wait_drawn (GTK_WIDGET (window));
  check_footer (view, "walkthrough-matrix-wide.png");
  test_make_narrow (GTK_WINDOW (window), 600, 800);
  wait_drawn (GTK_WIDGET (window));
  check_footer (view, "walkthrough-matrix-narrow.png");
  close_window (window);
}

/* The criteria's buttons in their order (Kind, Type, Reliability,
 * Credibility, Tags, Dates, Files, Assessment), in the bar or not. */
static GtkWidget *
criterion_button (EvbFilterBar *bar,
                  guint         index)
{
  GtkWidget *row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (bar), EVB_TYPE_FILTER_BAR,
                                                              "criteria_row"));
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (row); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_object_get_data (G_OBJECT (child), "evb-criterion") != NULL && n++ == index)
      return child;
  g_assert_not_reached ();
}

static GtkWidget *
bar_content (EvbFilterBar *bar)
{
  return gtk_search_bar_get_child (GTK_SEARCH_BAR (gtk_widget_get_template_child (GTK_WIDGET (bar),
                                                                                  EVB_TYPE_FILTER_BAR,
                                                                                  "search_bar")));
}

static gboolean
bar_fits_two_rows (EvbFilterBar *bar)
{
  GtkWidget *clear = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (bar), EVB_TYPE_FILTER_BAR,
                                                                "clear_button"));
  int row = 0;

  gtk_widget_measure (clear, GTK_ORIENTATION_VERTICAL, -1, NULL, &row, NULL, NULL);
  return row > 0 && gtk_widget_get_height (bar_content (bar)) < 3 * row &&
         gtk_widget_get_width (bar_content (bar)) <= gtk_widget_get_width (GTK_WIDGET (bar));
}

/* A button in use shows what was chosen (value in its label), and says
 * it in full as its tooltip and accessible name (holding full). */
static void
check_shows (GtkWidget  *button,
             const char *value,
             const char *full)
{
  const char *label = gtk_menu_button_get_label (GTK_MENU_BUTTON (button));
  const char *tooltip = gtk_widget_get_tooltip_text (button);

  g_test_message ("button “%s”, tooltip “%s”", label, tooltip);
  g_assert_true (gtk_widget_has_css_class (button, "accent"));
  g_assert_nonnull (strstr (label, value));
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, full));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip);
}

static gboolean
buttons_whole (EvbFilterBar *bar)
{
  for (guint i = 0; i < 8; i++)
    {
      GtkWidget *button = criterion_button (bar, i);
      int natural = 0;

      if (!gtk_widget_get_visible (button))
        continue;
      gtk_widget_measure (button, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      if (gtk_widget_get_width (button) < natural)
        return FALSE;
    }
  return TRUE;
}

/* The filter's buttons say what was chosen, not only that something was:
 * "Reliability: A–B", "Dates: since 28 Dec". At a phone's width, in the
 * language of the run, the bar keeps to two rows. */
static void
test_filter_shows_chosen (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = evb_application_make_sample (&error);
  g_autoptr(EvbDocument) document = NULL;
  const char * const tags[] = { "kremlin", NULL };
  EvbWindow *window;
  EvbFilterBar *bar;
  EvbFilter *filter;
  g_autofree char *video = NULL;

  g_assert_no_error (error);
  window = open_file_window (file, 1280, 800, &document);
  bar = EVB_FILTER_BAR (window_child (window, "filter_bar"));
  filter = evb_session_get_filter (evb_window_get_session (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-filter", NULL));
  wait_drawn (GTK_WIDGET (window));

  evb_filter_set_evidence_types (filter, 1u << EVB_EVIDENCE_TYPE_VIDEO | 1u << EVB_EVIDENCE_TYPE_PHOTO);
  evb_filter_set_reliability (filter, 'A', 'B');
  evb_filter_set_credibility (filter, 2, 2);
  evb_filter_set_tags (filter, tags);
  evb_filter_set_date_range (filter, EVB_FILTER_DATE_OCCURRED, "2025-12-28", NULL);
  wait_drawn (GTK_WIDGET (window));
  /* The first type and how many more; all of them in full. */
  video = g_strdup_printf ("%s +1", evb_evidence_type_get_label (EVB_EVIDENCE_TYPE_VIDEO));
  check_shows (criterion_button (bar, 1), video, evb_evidence_type_get_label (EVB_EVIDENCE_TYPE_PHOTO));
  check_shows (criterion_button (bar, 2), "A–B", "B");
  check_shows (criterion_button (bar, 3), "2", "2");
  check_shows (criterion_button (bar, 4), "kremlin", "kremlin");
  check_shows (criterion_button (bar, 5), "28", "2025-12-28");
  /* Not in use: its name alone, and no tooltip. */
  g_assert_false (gtk_widget_has_css_class (criterion_button (bar, 0), "accent"));
  g_assert_null (gtk_widget_get_tooltip_text (criterion_button (bar, 0)));
  WAIT_FOR (bar_fits_two_rows (bar) && buttons_whole (bar));
  save_screenshot (GTK_WIDGET (window), "walkthrough-filter-wide.png");

  /* At a phone's width the bar keeps to two rows; what does not fit goes
   * under More, and what is shown is shown whole. */
  test_make_narrow (GTK_WINDOW (window), 600, 700);
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (bar)) <= 620 && bar_fits_two_rows (bar) && buttons_whole (bar));
  wait_drawn (GTK_WIDGET (window));
  g_assert_true (bar_fits_two_rows (bar));
  save_screenshot (GTK_WIDGET (window), "walkthrough-filter-narrow.png");

  /* Cleared, the names come back. */
  evb_filter_clear (filter);
  wait_drawn (GTK_WIDGET (window));
  g_assert_false (gtk_widget_has_css_class (criterion_button (bar, 2), "accent"));
  g_assert_null (strstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (criterion_button (bar, 2))), "A–B"));
  g_assert_null (gtk_widget_get_tooltip_text (criterion_button (bar, 2)));
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
  /* GTK's test accessibility backend keeps what a widget says to a screen
   * reader, for the test to read back ("none" keeps nothing). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  home = test_run_init (&argc, &argv, "test-walkthrough");

  g_test_add_func ("/walkthrough/inspector-scrolls-to-new-card", test_inspector_scrolls_to_new_card);
  g_test_add_func ("/walkthrough/narrowed-board-stays-whole", test_narrowed_board_stays_whole);
  g_test_add_func ("/walkthrough/matrix-footer-whole", test_matrix_footer_whole);
  g_test_add_func ("/walkthrough/filter-shows-chosen", test_filter_shows_chosen);

  status = g_test_run ();
  test_remove_tree (home);
  return status;
}
