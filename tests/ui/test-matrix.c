/* test-matrix.c: the matrix view and the inspector's assessment in the app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sample board is opened in a window and switched to the matrix view.
 * A cell shows the link on the board; an edit through the view's action
 * (what the cell's menu and keys activate) changes the link, the view
 * follows it and undo brings both back. The inspector explains claim c1.
 * Screenshots of the matrix in light, dark and a narrow window, and of the
 * inspector on c1, go to EVB_SCREENSHOT_DIR.
 */

#include "config.h"

#include <adwaita.h>

#include "evb-application.h"
#include "evb-inspector.h"
#include "evb-matrix.h"
#include "evb-matrix-view.h"
#include "evb-session.h"
#include "evb-window.h"
#include "test-narrow.h"
#include "test-screens.h"
#include "test-wait.h"

static gboolean
cell_reads (EvbMatrixView *view,
            const char    *evidence_id,
            const char    *claim_id,
            const char    *text)
{
  return g_strcmp0 (evb_matrix_view_get_cell_text (view, evidence_id, claim_id), text) == 0;
}

static const char *
subtitle_of (EvbInspector *inspector,
             const char   *field)
{
  GtkWidget *row = evb_inspector_get_field (inspector, field);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static gboolean
starts_with_likelihood_word (const char *text)
{
  for (EvbLikelihood l = EVB_LIKELIHOOD_ALMOST_NO_CHANCE; l <= EVB_LIKELIHOOD_ALMOST_CERTAIN; l++)
    {
      if (text != NULL && g_str_has_prefix (text, evb_likelihood_get_label (l)))
        return TRUE;
    }
  return FALSE;
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  evb_session_export_matrix_csv_finish (EVB_SESSION (source), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static const char *
summary_of (EvbMatrixView *view)
{
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (view), EVB_TYPE_MATRIX_VIEW,
                                                                       "summary_label")));
}

static gboolean
summary_starts (EvbMatrixView *view,
                const char    *text)
{
  return g_str_has_prefix (summary_of (view), text);
}

/* GTK 4.8's column header of a claim: the column view's "header" row
 * holds one title widget a column, in the columns' order. */
static GtkWidget *
header_of (EvbMatrixView *view,
           const char    *claim_id)
{
  GtkWidget *column_view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), EVB_TYPE_MATRIX_VIEW,
                                                                      "column_view"));
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (column_view));
  GtkWidget *header = gtk_widget_get_first_child (column_view);
  GtkWidget *title;

  while (header != NULL && g_strcmp0 (gtk_widget_get_css_name (header), "header") != 0)
    header = gtk_widget_get_next_sibling (header);
  g_assert_nonnull (header);
  title = gtk_widget_get_first_child (header);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++, title = gtk_widget_get_next_sibling (title))
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_assert_nonnull (title);
      if (g_strcmp0 (g_object_get_data (G_OBJECT (column), "evb-claim-id"), claim_id) == 0)
        return title;
    }
  return NULL;
}

/* The label that shows the title, at the bottom of the header widget. */
static GtkLabel *
label_in (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = GTK_IS_LABEL (child) ? GTK_LABEL (child) : label_in (child);

      if (label != NULL)
        return label;
    }
  return NULL;
}

static GtkColumnViewColumn *
column_of (EvbMatrixView *view,
           const char    *claim_id)
{
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (
    gtk_widget_get_template_child (GTK_WIDGET (view), EVB_TYPE_MATRIX_VIEW, "column_view")));

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (column), "evb-claim-id"), claim_id) == 0)
        return column;
    }
  return NULL;
}

static gboolean
label_fits (GtkLabel *label)
{
  int natural = 0;

  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural <= gtk_widget_get_width (GTK_WIDGET (label));
}

/* Every hypothesis can be read whole in its header: the title's words on
 * at most three lines, none wider than the header shows, and the whole
 * title as the tooltip. */
static void
check_headers (EvbMatrixView *view,
               EvbBoard      *board)
{
  GPtrArray *nodes = evb_board_get_nodes (board);
  guint n_claims = 0;

  for (guint i = 0; i < nodes->len; i++)
    {
      EvbNode *node = g_ptr_array_index (nodes, i);
      const char *title = evb_node_get_title (node);
      GtkWidget *header;
      GtkLabel *label;
      g_auto(GStrv) lines = NULL;
      g_autofree char *joined = NULL;

      if (evb_node_get_kind (node) != EVB_NODE_KIND_CLAIM)
        continue;
      n_claims++;
      header = header_of (view, evb_node_get_id (node));
      g_assert_nonnull (header);
      label = label_in (header);
      g_assert_nonnull (label);
      lines = g_strsplit (gtk_label_get_text (label), "\n", -1);
      joined = g_strjoinv (" ", lines);
      g_assert_cmpstr (joined, ==, title);
      g_assert_cmpuint (g_strv_length (lines), <=, 3);
      /* Shown whole: the label is given the width its longest line needs. */
      g_assert_true (label_fits (label));
      g_assert_cmpint (gtk_widget_get_width (header), >=, gtk_widget_get_width (GTK_WIDGET (label)));
      g_assert_cmpstr (gtk_widget_get_tooltip_text (header), ==, title);
    }
  g_assert_cmpuint (n_claims, ==, 7);
}

/* A column made narrower by hand (as dragging its edge does) breaks its
 * title again to fit, an ellipsis ending the third line; wider again, the
 * whole title is back. */
static void
check_resized_header (EvbWindow     *window,
                      EvbMatrixView *view)
{
  GtkColumnViewColumn *column = column_of (view, "c4");
  GtkLabel *label = label_in (header_of (view, "c4"));
  int width = gtk_column_view_column_get_fixed_width (column);

  gtk_column_view_column_set_fixed_width (column, 110);
  WAIT_FOR (g_str_has_suffix (gtk_label_get_text (label), "…"));
  wait_drawn (GTK_WIDGET (window));
  g_assert_true (label_fits (label));
  {
    g_auto(GStrv) lines = g_strsplit (gtk_label_get_text (label), "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 3);
  }
  g_assert_cmpstr (gtk_widget_get_tooltip_text (header_of (view, "c4")), ==,
                   "Ukraine was aiming at a military site in the region");
  gtk_column_view_column_set_fixed_width (column, width);
  WAIT_FOR (!g_str_has_suffix (gtk_label_get_text (label), "…"));
  wait_drawn (GTK_WIDGET (window));
}

/* Export Matrix as CSV writes the matrix the view shows: the filter's rows
 * and columns, cell for cell, and nothing else (a CSV has no place for the
 * view's line). */
static void
check_filtered_csv (EvbWindow     *window,
                    EvbMatrixView *view)
{
  g_autofree char *path = g_build_filename (g_get_home_dir (), "filtered-matrix.csv", NULL);
  g_autoptr(GFile) csv_file = g_file_new_for_path (path);
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean done = FALSE;
  guint n_rows = 0;

  g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
  evb_session_export_matrix_csv_async (evb_window_get_session (window), csv_file, exported_cb, &done);
  WAIT_FOR (done);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\n", -1);
  /* The tag is on one claim only: the header names every hypothesis,
   * c4's and c1's alike, the board's last (c7's) last. */
  g_assert_nonnull (strstr (lines[0], "military"));
  g_assert_nonnull (strstr (lines[0], "Dolgiye"));
  g_assert_true (g_str_has_suffix (g_strchomp (lines[0]), ",No drone attack took place: the event was staged or misread"));
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_autofree char *last = NULL;
      const char *cell;

      if (lines[i][0] == '\0' || lines[i][0] == '\r')
        continue;
      fields = g_strsplit (lines[i], ",", 2);
      /* Every row is one the view shows, with the view's cell. */
      cell = evb_matrix_view_get_cell_text (view, fields[0], "c7");
      g_assert_nonnull (cell);
      last = g_strconcat (",", cell, NULL);
      g_assert_true (g_str_has_suffix (g_strchomp (lines[i]), last));
      n_rows++;
    }
  g_assert_cmpuint (n_rows, ==, 6);
}

/* The board's filter reaches the matrix: only matching evidence as rows,
 * matching claims as columns when two or more match (otherwise every
 * claim), and a line that says how many of how many.
 * (In the window of test_matrix(): a second window in this process would
 * meet GTK's recent files kept in the first test's removed folders.) */
static void
check_filtered (EvbWindow     *window,
                EvbMatrixView *view)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  const char * const tags[] = { "us-intelligence", NULL };
  const char * const hypothesis_tags[] = { "hypothesis", NULL };
  EvbFilter *filter = evb_session_get_filter (evb_window_get_session (window));

  WAIT_FOR (summary_starts (view, "17 evidence items"));
  g_assert_cmpstr (summary_of (view), ==,
                   "17 evidence items against 7 hypotheses. Select a cell and type C, I or N, or click it.");

  /* A tag on one claim (c4) and six items: the six items against every
   * hypothesis, since c4 alone would compete with nothing. */
  evb_filter_set_tags (filter, tags);
  WAIT_FOR (summary_starts (view, "Filtered:"));
  g_assert_cmpstr (summary_of (view), ==,
                   "Filtered: 6 of 17 evidence items against 7 of 7 hypotheses. "
                   "Select a cell and type C, I or N, or click it.");
  WAIT_FOR (evb_matrix_view_get_cell_text (view, "e8", "c4") != NULL);
  g_assert_null (evb_matrix_view_get_cell_text (view, "e1", "c4"));
  WAIT_FOR (cell_reads (view, "e8", "c1", "II"));
  check_filtered_csv (window, view);
  wait_drawn (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "matrix-filtered-light.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  WAIT_FOR (adw_style_manager_get_dark (style));
  save_screenshot (GTK_WIDGET (window), "matrix-filtered-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  WAIT_FOR (!adw_style_manager_get_dark (style));

  /* A tag the three competing hypotheses carry, and no item: those three
   * are the columns, and no row is left. */
  evb_filter_set_tags (filter, hypothesis_tags);
  WAIT_FOR (summary_starts (view, "Filtered: 0 of 17"));
  g_assert_cmpstr (summary_of (view), ==, "Filtered: 0 of 17 evidence items against 3 of 7 hypotheses.");

  /* A criterion of evidence only (its type) leaves every claim a column. */
  evb_filter_clear (filter);
  evb_filter_set_evidence_types (filter, 1u << EVB_EVIDENCE_TYPE_SOCIAL_MEDIA);
  WAIT_FOR (summary_starts (view, "Filtered: 2 of 17"));
  g_assert_cmpstr (summary_of (view), ==,
                   "Filtered: 2 of 17 evidence items against 7 of 7 hypotheses. "
                   "Select a cell and type C, I or N, or click it.");

  /* Cleared, the whole matrix is back. */
  evb_filter_clear (filter);
  WAIT_FOR (summary_starts (view, "17 evidence items"));
  WAIT_FOR (evb_matrix_view_get_cell_text (view, "e8", "c1") != NULL);
}

static void
test_matrix (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = evb_application_make_sample (&error);
  g_autoptr(EvbDocument) document = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();
  EvbWindow *window;
  EvbBoard *board;
  EvbSelection *selection;
  AdwViewStack *stack;
  EvbMatrixView *view;
  EvbInspector *inspector;
  EvbLink *link;

  g_assert_no_error (error);
  document = evb_document_open (file, &error);
  g_assert_no_error (error);

  window = evb_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  evb_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));
  wait_drawn (GTK_WIDGET (window));
  board = evb_document_get_board (document);
  selection = evb_session_get_selection (evb_window_get_session (window));
  stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW, "view_stack"));
  view = EVB_MATRIX_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW, "matrix_view"));
  inspector = EVB_INSPECTOR (gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW, "inspector"));

  /* The view switcher's second view. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "matrix");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "matrix");
  wait_drawn (GTK_WIDGET (window));

  /* The CIA's finding refutes the strike on the residence strongly. */
  link = evb_board_find_link (board, "e8", "c1");
  g_assert_nonnull (link);
  g_assert_cmpint (evb_matrix_cell_for_link (link), ==, EVB_MATRIX_CELL_II);
  WAIT_FOR (cell_reads (view, "e8", "c1", "II"));
  save_screenshot (GTK_WIDGET (window), "matrix-light.png");
  check_headers (view, board);
  check_resized_header (window, view);
  check_headers (view, board);

  /* An edit through the view, as its menu and keys make it: the link on
   * the board changes, and the view shows it. */
  gtk_widget_activate_action (GTK_WIDGET (view), "matrix.set-cell", "(sss)", "e8", "c1", "C");
  link = evb_board_find_link (board, "e8", "c1");
  g_assert_nonnull (link);
  g_assert_cmpint (evb_link_get_relation (link), ==, EVB_RELATION_SUPPORTS);
  g_assert_cmpint (evb_link_get_strength (link), !=, EVB_STRENGTH_STRONG);
  WAIT_FOR (cell_reads (view, "e8", "c1", "C"));

  /* N removes the link; one undo step puts it back. */
  gtk_widget_activate_action (GTK_WIDGET (view), "matrix.set-cell", "(sss)", "e8", "c1", "N");
  g_assert_null (evb_board_find_link (board, "e8", "c1"));
  WAIT_FOR (cell_reads (view, "e8", "c1", "N"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  WAIT_FOR (cell_reads (view, "e8", "c1", "C"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  link = evb_board_find_link (board, "e8", "c1");
  g_assert_nonnull (link);
  g_assert_cmpint (evb_matrix_cell_for_link (link), ==, EVB_MATRIX_CELL_II);
  WAIT_FOR (cell_reads (view, "e8", "c1", "II"));

  /* Hiding a hypothesis hides its column; the cells stay on the board. */
  gtk_widget_activate_action (GTK_WIDGET (view), "matrix-columns.hypothesis-0", NULL);
  {
    GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (
      gtk_widget_get_template_child (GTK_WIDGET (view), EVB_TYPE_MATRIX_VIEW, "column_view")));
    guint hidden = 0;

    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

        hidden += !gtk_column_view_column_get_visible (column);
      }
    g_assert_cmpuint (hidden, ==, 1);
    gtk_widget_activate_action (GTK_WIDGET (view), "matrix-columns.hypothesis-0", NULL);
  }

  /* Export Matrix as CSV, in the session's thread. */
  {
    g_autofree char *path = g_build_filename (g_get_home_dir (), "matrix.csv", NULL);
    g_autoptr(GFile) csv_file = g_file_new_for_path (path);
    g_autofree char *csv = NULL;
    g_auto(GStrv) lines = NULL;
    gboolean done = FALSE;
    gboolean found = FALSE;

    g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
    evb_session_export_matrix_csv_async (evb_window_get_session (window), csv_file, exported_cb, &done);
    WAIT_FOR (done);
    g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
    lines = g_strsplit (csv, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      found |= g_str_has_prefix (lines[i], "e8,") && strstr (lines[i], ",II") != NULL;
    g_assert_true (found);
  }

  /* Selecting a card selects its row, and a claim no row. */
  {
    GtkSingleSelection *rows = GTK_SINGLE_SELECTION (gtk_column_view_get_model (GTK_COLUMN_VIEW (
      gtk_widget_get_template_child (GTK_WIDGET (view), EVB_TYPE_MATRIX_VIEW, "column_view"))));
    GObject *item;

    evb_selection_select (selection, "e8", FALSE);
    item = gtk_single_selection_get_selected_item (rows);
    g_assert_nonnull (item);
    gtk_widget_activate_action (GTK_WIDGET (view), "matrix.select", "s", "c4");
    g_assert_true (evb_selection_contains (selection, "c4"));
    g_assert_cmpuint (gtk_single_selection_get_selected (rows), ==, GTK_INVALID_LIST_POSITION);
  }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  WAIT_FOR (adw_style_manager_get_dark (style));
  save_screenshot (GTK_WIDGET (window), "matrix-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  WAIT_FOR (!adw_style_manager_get_dark (style));

  /* The inspector explains c1: a likelihood word, and the CIA's finding
   * as the linchpin. */
  evb_selection_select (selection, "c1", FALSE);
  WAIT_FOR (gtk_widget_get_visible (evb_inspector_get_field (inspector, "likelihood_row")));
  g_assert_true (starts_with_likelihood_word (subtitle_of (inspector, "likelihood_row")));
  g_assert_true (gtk_widget_get_visible (evb_inspector_get_field (inspector, "linchpin_row")));
  g_assert_nonnull (strstr (subtitle_of (inspector, "linchpin_row"), "CIA found no evidence of an attack on Putin"));
  /* The confidence has a row of its own, without the likelihood word. */
  g_assert_false (starts_with_likelihood_word (subtitle_of (inspector, "confidence_row")));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "board");
  save_screenshot (GTK_WIDGET (window), "inspector-c1.png");

  /* A narrow window: the switcher moves to a bar at the bottom. Showing
   * the matrix leaves the selection alone. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "matrix");
  wait_drawn (GTK_WIDGET (window));
  check_filtered (window, view);
  g_assert_true (evb_selection_contains (selection, "c1"));
  test_make_narrow (GTK_WINDOW (window), 600, 800);
  WAIT_FOR (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (
    gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW, "switcher_bar"))));
  save_screenshot (GTK_WIDGET (window), "matrix-narrow.png");
  check_headers (view, board);

  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_until (window_is_gone, window, TIMEOUT_MS));
}

int
main (int   argc,
      char *argv[])
{
  /* Both read the system's data folders once, now, while they are
   * visible: the isolated folders hide the schemas libadwaita 1.2 needs
   * and the MIME database that tells an SVG icon from other files. */
  g_settings_schema_source_get_default ();
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();
  /* Screenshots mid-animation show two states at once. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* The application's style, as AdwApplication loads it. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/evidenceboard/EvidenceBoard/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/matrix/view-and-inspector", test_matrix);

  return g_test_run ();
}
