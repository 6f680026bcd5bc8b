/* test-filter-bar.c: the filter bar in a window, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the sample board, toggles the bar with its action, chooses a
 * criterion as a click does (through the bar's action) and reads the
 * count; then checks that the filter hides cards on the canvas, narrows
 * the search, stays out of the undo history and comes back with the board.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "evb-application.h"
#include "evb-filter-bar.h"
#include "evb-inspector.h"
#include "evb-outline.h"
#include "evb-renderer.h"
#include "evb-search.h"
#include "evb-search-bar.h"
#include "evb-window.h"
#include "test-dirs.h"
#include "test-narrow.h"
#include "test-screens.h"
#include "test-wait.h"

static void
close_window (EvbWindow *window)
{
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_until (window_is_gone, window, TIMEOUT_MS));
  g_assert_true (wait_until (nothing_pending, NULL, TIMEOUT_MS));
}

static EvbWindow *
open_window (GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = evb_document_open (file, &error);
  EvbWindow *window;

  g_assert_no_error (error);
  window = evb_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  evb_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));
  wait_drawn (GTK_WIDGET (window));
  return window;
}

static EvbFilterBar *
get_filter_bar (EvbWindow *window)
{
  return EVB_FILTER_BAR (gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW, "filter_bar"));
}

static void
activate (GtkWidget  *widget,
          const char *action,
          GVariant   *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (widget, action, parameter));
  wait_drawn (GTK_WIDGET (gtk_widget_get_root (widget)));
}

static guint
count_kind (EvbBoard    *board,
            EvbNodeKind  kind)
{
  GPtrArray *nodes = evb_board_get_nodes (board);
  guint n = 0;

  for (guint i = 0; i < nodes->len; i++)
    n += evb_node_get_kind (g_ptr_array_index (nodes, i)) == kind;
  return n;
}

static EvbNode *
first_of_kind (EvbBoard    *board,
               EvbNodeKind  kind)
{
  GPtrArray *nodes = evb_board_get_nodes (board);

  for (guint i = 0; i < nodes->len; i++)
    if (evb_node_get_kind (g_ptr_array_index (nodes, i)) == kind)
      return g_ptr_array_index (nodes, i);
  g_assert_not_reached ();
}

/* The rows of the outline at the top level (cards; links are beneath). */
static guint
count_top_rows (GListModel *rows)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);

      n += gtk_tree_list_row_get_depth (row) == 0;
    }
  return n;
}

/* Claims, and the links between claims (listed beneath the claims). */
static guint
count_claim_links (EvbBoard *board)
{
  GPtrArray *links = evb_board_get_links (board);
  guint n = count_kind (board, EVB_NODE_KIND_CLAIM);

  for (guint i = 0; i < links->len; i++)
    n += evb_node_get_kind (evb_board_get_node (board, evb_link_get_from (g_ptr_array_index (links, i)))) ==
         EVB_NODE_KIND_CLAIM;
  return n;
}

/* The first descendant button that activates this action. */
static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ACTIONABLE (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      if ((found = find_action_button (child, action)) != NULL)
        return found;
    }
  return NULL;
}

/* The drop-downs under widget, in the order of the widget tree (a menu
 * button's popover is its child). */
static void
collect_drop_downs (GtkWidget *widget,
                    GPtrArray *found)
{
  if (GTK_IS_DROP_DOWN (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_drop_downs (child, found);
}

static const char *
item_text (GListModel *model,
           guint       position)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (model, position);

  return gtk_string_object_get_string (item);
}

/* A grade reads the same in the filter as in the inspector where it was
 * given ("B — Usually reliable", not "B: Usually reliable" here and
 * "B — Usually reliable" there). */
static void
test_grade_words (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = evb_application_make_sample (&error);
  g_autoptr(GPtrArray) drop_downs = g_ptr_array_new ();
  EvbWindow *window;
  EvbInspector *inspector;
  GListModel *inspector_grades[2];
  guint compared = 0;

  g_assert_no_error (error);
  window = open_window (file);
  inspector = EVB_INSPECTOR (gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW, "inspector"));
  inspector_grades[0] = adw_combo_row_get_model (ADW_COMBO_ROW (evb_inspector_get_field (inspector, "reliability_row")));
  inspector_grades[1] = adw_combo_row_get_model (ADW_COMBO_ROW (evb_inspector_get_field (inspector, "credibility_row")));

  collect_drop_downs (GTK_WIDGET (get_filter_bar (window)), drop_downs);
  for (guint i = 0; i < drop_downs->len; i++)
    {
      GListModel *model = gtk_drop_down_get_model (g_ptr_array_index (drop_downs, i));
      /* Reliability's list starts at A, credibility's at 1. */
      guint which = g_str_has_prefix (item_text (model, 1), "A") ? 0 : 1;

      if (g_list_model_get_n_items (model) != 7)
        continue;
      for (guint k = 1; k <= 6; k++)
        g_assert_cmpstr (item_text (model, k), ==, item_text (inspector_grades[which], k));
      compared++;
    }
  /* At least and at most, for reliability and for credibility. */
  g_assert_cmpuint (compared, ==, 4);
  close_window (window);
}

static void
test_filter_bar (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = evb_application_make_sample (&error);
  EvbWindow *window;
  EvbFilterBar *bar;
  EvbSession *session;
  EvbBoard *board;
  EvbFilter *filter;
  EvbNode *evidence;
  g_autofree char *all = NULL;
  g_autofree char *claims = NULL;
  g_autofree char *saved = NULL;
  guint n_nodes, n_claims;
  double x, y, w, h;

  g_assert_no_error (error);
  window = open_window (file);
  bar = get_filter_bar (window);
  session = evb_window_get_session (window);
  board = evb_session_get_board (session);
  filter = evb_session_get_filter (session);
  n_nodes = evb_board_get_n_nodes (board);
  n_claims = count_kind (board, EVB_NODE_KIND_CLAIM);
  g_assert_cmpuint (n_claims, >, 0);
  g_assert_cmpuint (n_claims, <, n_nodes);
  all = g_strdup_printf ("%u of %u cards", n_nodes, n_nodes);
  claims = g_strdup_printf ("%u of %u cards", n_claims, n_nodes);

  /* Toggled by its action (Ctrl+Shift+F), with the header's button. */
  g_assert_false (evb_filter_bar_get_search_mode (bar));
  activate (GTK_WIDGET (window), "win.toggle-filter", NULL);
  g_assert_true (evb_filter_bar_get_search_mode (bar));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (
    gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW, "filter_button"))));
  g_assert_cmpstr (evb_filter_bar_get_summary (bar), ==, all);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (bar)));
  /* The keyboard goes into the bar, and back to the board when it closes. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (bar)));
  activate (GTK_WIDGET (window), "win.toggle-filter", NULL);
  g_assert_false (evb_filter_bar_get_search_mode (bar));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (evb_window_get_canvas (window)));
  activate (GTK_WIDGET (window), "win.toggle-filter", NULL);

  /* An edit first, to see that undo undoes it and not the filter. */
  evidence = first_of_kind (board, EVB_NODE_KIND_EVIDENCE);
  evb_node_get_bounds (evidence, &x, &y, &w, &h);
  g_assert_true (evb_board_move_node (board, evb_node_get_id (evidence), x + 40, y, &error));
  g_assert_no_error (error);

  /* Claims only: applied as clicked. */
  activate (GTK_WIDGET (bar), "filter.kind-claim", NULL);
  g_assert_cmpuint (evb_filter_get_kinds (filter), ==, 1u << EVB_NODE_KIND_CLAIM);
  g_assert_cmpstr (evb_filter_bar_get_summary (bar), ==, claims);
  g_assert_true (gtk_widget_is_sensitive (find_action_button (GTK_WIDGET (bar), "filter.clear")));
  g_assert_true (gtk_widget_is_sensitive (find_action_button (GTK_WIDGET (bar), "filter.mode")));

  /* Hidden: an evidence card is no longer there to pick. */
  evb_node_get_bounds (evidence, &x, &y, &w, &h);
  g_assert_true (evb_renderer_pick_node (evb_canvas_get_renderer (evb_window_get_canvas (window)),
                                         x + w / 2, y + h / 2) == evidence);
  activate (GTK_WIDGET (bar), "filter.mode", g_variant_new_string ("hide"));
  g_assert_true (evb_filter_get_hide (filter));
  g_assert_null (evb_renderer_pick_node (evb_canvas_get_renderer (evb_window_get_canvas (window)),
                                         x + w / 2, y + h / 2));
  /* The outline lists the claims only (each at the top level). It is
   * shown, as a person would open it: hidden, it catches up only when
   * shown or read again. */
  {
    EvbOutline *outline = EVB_OUTLINE (gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW,
                                                                      "outline"));
    GtkToggleButton *outline_button = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                                       EVB_TYPE_WINDOW,
                                                                                       "outline_button"));
    GListModel *rows;

    /* Hidden since the window opened: the filter's changes made no rows. */
    settle ();
    g_assert_cmpuint (_evb_outline_get_n_rebuilds (outline), ==, 0);
    gtk_toggle_button_set_active (outline_button, TRUE);
    g_assert_cmpuint (_evb_outline_get_n_rebuilds (outline), ==, 1);
    rows = evb_outline_get_list_model (outline);

    WAIT_FOR (count_top_rows (rows) == n_claims && g_list_model_get_n_items (rows) == count_claim_links (board));
    /* Evidence only: every evidence card at the top, nothing beneath. */
    activate (GTK_WIDGET (bar), "filter.kind-claim", NULL);
    activate (GTK_WIDGET (bar), "filter.kind-evidence", NULL);
    WAIT_FOR (count_top_rows (rows) == n_nodes - n_claims && g_list_model_get_n_items (rows) == n_nodes - n_claims);
    activate (GTK_WIDGET (bar), "filter.kind-evidence", NULL);
    activate (GTK_WIDGET (bar), "filter.kind-claim", NULL);
  }

  /* Search looks among the cards the filter lets through. */
  {
    GtkWidget *search_bar = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW,
                                                                       "search_bar"));
    GtkWidget *entry = GTK_WIDGET (gtk_widget_get_template_child (search_bar, EVB_TYPE_SEARCH_BAR, "search_entry"));
    g_autoptr(EvbSearch) search = evb_search_new (board);
    g_autoptr(GPtrArray) found = evb_search_find (search, "drone");
    guint n_claims_found = 0;

    for (guint i = 0; i < found->len; i++)
      n_claims_found += evb_node_get_kind (g_ptr_array_index (found, i)) == EVB_NODE_KIND_CLAIM;
    g_assert_cmpuint (n_claims_found, <, found->len);
    g_assert_cmpuint (n_claims_found, >, 0);
    activate (GTK_WIDGET (window), "win.find", NULL);
    gtk_editable_set_text (GTK_EDITABLE (entry), "drone");
    WAIT_FOR (evb_search_bar_get_n_matches (EVB_SEARCH_BAR (search_bar)) == n_claims_found);
    /* Clearing the filter widens the search again. */
    activate (GTK_WIDGET (bar), "filter.clear", NULL);
    WAIT_FOR (evb_search_bar_get_n_matches (EVB_SEARCH_BAR (search_bar)) == found->len);
    {
      g_autofree char *every = g_strdup_printf ("%u of %u cards", n_nodes, n_nodes);

      g_assert_cmpstr (evb_filter_bar_get_summary (bar), ==, every);
    }
    activate (GTK_WIDGET (bar), "filter.kind-claim", NULL);
    evb_search_bar_set_search_mode (EVB_SEARCH_BAR (search_bar), FALSE);
  }

  /* Undo undoes the move, not the filter. */
  activate (GTK_WIDGET (window), "win.undo", NULL);
  {
    double ux, uy, uw, uh;

    evb_node_get_bounds (evidence, &ux, &uy, &uw, &uh);
    g_assert_cmpfloat (ux, ==, x - 40);
  }
  g_assert_cmpuint (evb_filter_get_kinds (filter), ==, 1u << EVB_NODE_KIND_CLAIM);
  g_assert_true (evb_filter_get_hide (filter));
  g_assert_cmpstr (evb_filter_bar_get_summary (bar), ==, claims);

  /* Kept with the board: reopened, the filter is there. */
  saved = evb_document_get_setting (evb_session_get_document (session), "filter", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (saved, "claim"));
  close_window (window);

  window = open_window (file);
  bar = get_filter_bar (window);
  filter = evb_session_get_filter (evb_window_get_session (window));
  g_assert_cmpuint (evb_filter_get_kinds (filter), ==, 1u << EVB_NODE_KIND_CLAIM);
  g_assert_true (evb_filter_get_hide (filter));
  g_assert_cmpstr (evb_filter_bar_get_summary (bar), ==, claims);
  evidence = first_of_kind (evb_session_get_board (evb_window_get_session (window)), EVB_NODE_KIND_EVIDENCE);
  evb_node_get_bounds (evidence, &x, &y, &w, &h);
  g_assert_null (evb_renderer_pick_node (evb_canvas_get_renderer (evb_window_get_canvas (window)),
                                         x + w / 2, y + h / 2));
  close_window (window);
}

/* The widget of the bar that holds every control (the search bar's child). */
static GtkWidget *
get_bar_content (EvbFilterBar *bar)
{
  GtkSearchBar *search_bar = GTK_SEARCH_BAR (gtk_widget_get_template_child (GTK_WIDGET (bar), EVB_TYPE_FILTER_BAR,
                                                                          "search_bar"));

  return gtk_search_bar_get_child (search_bar);
}

/* The height of one row of the bar: a button's, with its margins. */
static int
get_row_height (EvbFilterBar *bar)
{
  int row = 0;

  gtk_widget_measure (find_action_button (GTK_WIDGET (bar), "filter.clear"), GTK_ORIENTATION_VERTICAL, -1,
                      NULL, &row, NULL, NULL);
  return row;
}

static gboolean
bar_fits_two_rows (EvbFilterBar *bar)
{
  int row = get_row_height (bar);

  /* Two rows of buttons and the space between them: less than three. */
  return row > 0 && gtk_widget_get_height (get_bar_content (bar)) < 3 * row;
}

/* Every criterion's button shown, in the bar or in its More menu. */
static guint
count_criteria (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      n += g_object_get_data (G_OBJECT (child), "evb-criterion") != NULL;
      n += count_criteria (child);
    }
  return n;
}

/* A narrow window, in the language the test runs in (Ukrainian and German
 * labels are the longest): the bar keeps to two rows, and every criterion
 * is still there, in the bar or under More, and works. */
static void
test_narrow (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = evb_application_make_sample (&error);
  EvbWindow *window;
  EvbFilterBar *bar;
  EvbFilter *filter;
  GtkMenuButton *more;
  GtkPopover *popover;
  GtkWidget *content;
  guint narrow_inline;

  g_assert_no_error (error);
  window = open_window (file);
  test_make_narrow (GTK_WINDOW (window), 600, 700);
  bar = get_filter_bar (window);
  filter = evb_session_get_filter (evb_window_get_session (window));
  activate (GTK_WIDGET (window), "win.toggle-filter", NULL);
  g_assert_true (evb_filter_bar_get_search_mode (bar));
  WAIT_FOR (gtk_widget_get_width (get_bar_content (bar)) > 0 &&
            gtk_widget_get_width (GTK_WIDGET (bar)) <= 620 && bar_fits_two_rows (bar));
  wait_drawn (GTK_WIDGET (window));
  g_test_message ("bar %d px high, a row %d px", gtk_widget_get_height (get_bar_content (bar)),
                  get_row_height (bar));
  g_assert_true (bar_fits_two_rows (bar));
  /* Not wider than the window: nothing cut off at its edge. */
  g_assert_cmpint (gtk_widget_get_width (get_bar_content (bar)), <=, gtk_widget_get_width (GTK_WIDGET (bar)));
  {
    g_autoptr(GdkTexture) texture = take_screenshot (GTK_WIDGET (window), "filter-bar-narrow.png");
  }

  /* Each of the eight criteria once, in the bar or under More. */
  more = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (bar), EVB_TYPE_FILTER_BAR, "more_button"));
  popover = gtk_menu_button_get_popover (more);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (more)));
  g_assert_cmpuint (count_criteria (GTK_WIDGET (bar)) + count_criteria (GTK_WIDGET (popover)), ==, 8);
  g_assert_cmpuint (count_criteria (GTK_WIDGET (popover)), >, 0);
  narrow_inline = count_criteria (GTK_WIDGET (bar));

  /* The last criterion (Assessment) is under More: open it there, as
   * Enter on its row does, and choose in it. */
  gtk_menu_button_popup (more);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  {
    GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (bar), EVB_TYPE_FILTER_BAR, "more_list"));
    GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (bar), EVB_TYPE_FILTER_BAR, "more_stack"));
    GtkWidget *row = gtk_widget_get_last_child (list);
    GtkWidget *check;

    g_assert_true (gtk_widget_get_visible (row));
    g_assert_true (gtk_widget_get_focusable (row) || gtk_widget_get_focusable (gtk_widget_get_first_child (row)));
    /* A button's activation clicks a moment later, as a key press does. */
    gtk_widget_activate (row);
    WAIT_FOR (!g_str_equal (gtk_stack_get_visible_child_name (stack), "list"));
    content = gtk_stack_get_visible_child (stack);
    check = find_action_button (content, "filter.likelihood-unassessed");
    g_assert_nonnull (check);
    WAIT_FOR (gtk_widget_get_mapped (check));
    gtk_widget_activate (check);
    settle ();
    g_assert_cmpuint (evb_filter_get_likelihoods (filter), ==, EVB_FILTER_UNASSESSED);
    /* Chosen under More, it reads as in use on More. */
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (more), "accent"));
  }
  gtk_popover_popdown (popover);

  /* Wide again: more of the criteria in the bar (with the inspector
   * beside it, all of them in every language, on one row in English). */
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 700);
  /* Twice: the inspector comes back beside the bar a frame later. */
  for (int i = 0; i < 2; i++)
    {
      WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (bar)) >= 900 &&
                gtk_widget_get_width (get_bar_content (bar)) <= gtk_widget_get_width (GTK_WIDGET (bar)) &&
                count_criteria (GTK_WIDGET (bar)) > narrow_inline && bar_fits_two_rows (bar));
      wait_drawn (GTK_WIDGET (window));
    }
  g_test_message ("%u of 8 criteria in a bar %d px wide", count_criteria (GTK_WIDGET (bar)),
                  gtk_widget_get_width (GTK_WIDGET (bar)));
  g_assert_cmpuint (count_criteria (GTK_WIDGET (bar)) + count_criteria (GTK_WIDGET (popover)), ==, 8);
  activate (GTK_WIDGET (bar), "filter.clear", NULL);
  g_assert_false (evb_filter_is_active (filter));
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *run_dir = NULL;
  int status;

  /* The test suite's own translations, for the runs in Ukrainian and German
   * (LANGUAGE and LC_ALL set by meson). */
  if (g_getenv ("EVB_LOCALE_DIR") != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("EVB_LOCALE_DIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  gtk_init ();
  adw_init ();
  /* Before the folders are isolated: the MIME database that tells an SVG
   * icon from a PNG, and the icon theme. */
  gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  run_dir = test_recent_files_for_run ("test-filter-bar");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/filter-bar/window", test_filter_bar);
  g_test_add_func ("/filter-bar/narrow", test_narrow);
  g_test_add_func ("/filter-bar/grade-words", test_grade_words);

  status = g_test_run ();
  test_remove_tree (run_dir);
  return status;
}
