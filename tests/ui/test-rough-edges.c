/* test-rough-edges.c: the rough edges a new user met (issue 19), under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test reproduces one thing that was wrong: Tab kept the keyboard in
 * the canvas, Open Web Address stayed greyed out, Ctrl+Z in a text field
 * ran the field's own undo behind the board's, and so on.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "evb-application.h"
#include "evb-inspector.h"
#include "evb-json.h"
#include "evb-status-page.h"
#include "evb-store.h"
#include "evb-compat.h"
#include "evb-editing.h"
#include "evb-error.h"
#include "evb-window.h"
#include "evb-window-private.h"
#include "test-dirs.h"
#include "test-run.h"
#include "test-screens.h"
#include "test-wait.h"
#include "test-windows.h"

/* The first descendant of widget whose action is action_name. */
static GtkWidget *
find_actionable (GtkWidget  *widget,
                 const char *action_name)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
inspector_child (EvbWindow  *window,
                 const char *name)
{
  GtkWidget *child = evb_inspector_get_field (EVB_INSPECTOR (window_child (window, "inspector")), name);

  g_assert_nonnull (child);
  return child;
}

/* Draws widget as it is now into name in EVB_SCREENSHOT_DIR, for a person
 * to look at (nothing is compared). */
static void
save_widget_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  const char *dir = g_getenv ("EVB_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static const char two_cards[] =
  "{\"format\": \"evidence-board\", \"version\": 1, \"board\": {\"title\": \"Edges\"},"
  " \"nodes\": ["
  "  {\"id\": \"c1\", \"kind\": \"claim\", \"title\": \"Claim one\", \"x\": 100, \"y\": 100},"
  "  {\"id\": \"e1\", \"kind\": \"evidence\", \"title\": \"Video\", \"evidence_type\": \"video\","
  "   \"x\": 500, \"y\": 100}],"
  " \"links\": []}";

/* Tab walks the cards and, past the last, leaves the canvas as it leaves
 * any widget; Shift+Tab from the first card leaves it backwards. */
static void
test_tab_leaves_canvas (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_board_window (two_cards, 1280, 700, &document);
  GtkWidget *canvas = GTK_WIDGET (evb_window_get_canvas (window));
  EvbSelection *selection = evb_canvas_get_selection (EVB_CANVAS (canvas));

  gtk_widget_grab_focus (canvas);
  g_assert_true (gtk_widget_has_focus (canvas));
  g_assert_true (gtk_widget_activate_action (canvas, "canvas.select-next", "b", FALSE));
  g_assert_cmpstr (evb_selection_get_last_node (selection), ==, "c1");
  g_assert_true (gtk_widget_activate_action (canvas, "canvas.select-next", "b", FALSE));
  g_assert_cmpstr (evb_selection_get_last_node (selection), ==, "e1");
  g_assert_true (gtk_widget_has_focus (canvas));
  /* Past the last card: the keyboard moves on, the selection stays. */
  g_assert_true (gtk_widget_activate_action (canvas, "canvas.select-next", "b", FALSE));
  settle ();
  g_assert_false (gtk_widget_has_focus (canvas));
  g_assert_nonnull (gtk_root_get_focus (GTK_ROOT (window)));
  g_assert_cmpstr (evb_selection_get_last_node (selection), ==, "e1");

  /* Back in, Shift+Tab walks back to the first card, then leaves. */
  gtk_widget_grab_focus (canvas);
  g_assert_true (gtk_widget_activate_action (canvas, "canvas.select-next", "b", TRUE));
  g_assert_cmpstr (evb_selection_get_last_node (selection), ==, "c1");
  g_assert_true (gtk_widget_has_focus (canvas));
  g_assert_true (gtk_widget_activate_action (canvas, "canvas.select-next", "b", TRUE));
  settle ();
  g_assert_false (gtk_widget_has_focus (canvas));
  g_assert_nonnull (gtk_root_get_focus (GTK_ROOT (window)));

  /* Ctrl+Tab still only adds cards, wrapping round. */
  gtk_widget_grab_focus (canvas);
  g_assert_true (gtk_widget_activate_action (canvas, "canvas.extend-next", "b", TRUE));
  g_assert_true (gtk_widget_has_focus (canvas));
  g_assert_cmpuint (evb_selection_get_nodes (selection)->len, ==, 2);
  close_window (window);
}

/* A web address with a path of digits (a Telegram post) can be opened:
 * the button is enabled as soon as the field holds it. */
static void
test_open_web_address (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_board_window (two_cards, 1280, 700, &document);
  EvbSelection *selection = evb_canvas_get_selection (evb_window_get_canvas (window));
  GtkWidget *row, *button;
  const char *url = "https://t.me/example/1234";

  evb_selection_select (selection, "e1", FALSE);
  wait_drawn (GTK_WIDGET (window));
  row = inspector_child (window, "url_row");
  button = find_actionable (row, "inspector.open-url");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_widget_grab_focus (row);
  for (const char *end = url; *end != '\0'; end++)
    {
      g_autofree char *prefix = g_strndup (url, end - url + 1);

      gtk_editable_set_text (GTK_EDITABLE (row), prefix);
    }
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpstr (evb_node_get_data (evb_board_get_node (evb_document_get_board (document), "e1"))->source_url,
                   ==, url);
  g_assert_true (gtk_widget_get_sensitive (button));
  /* Another card and back: still enabled, and disabled on a card without. */
  evb_selection_select (selection, "c1", FALSE);
  wait_drawn (GTK_WIDGET (window));
  g_assert_false (gtk_widget_get_sensitive (button));
  evb_selection_select (selection, "e1", FALSE);
  wait_drawn (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_sensitive (button));
  close_window (window);
}

/* Text that is not a web address (a name typed in the wrong row) is kept,
 * but the row says why it cannot be opened, until it is one. */
static void
test_not_a_web_address (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_board_window (two_cards, 1280, 700, &document);
  EvbSelection *selection = evb_canvas_get_selection (evb_window_get_canvas (window));
  GtkWidget *row, *message;

  evb_selection_select (selection, "e1", FALSE);
  wait_drawn (GTK_WIDGET (window));
  row = inspector_child (window, "url_row");
  message = inspector_child (window, "url_message");
  g_assert_false (gtk_widget_get_visible (message));

  gtk_widget_grab_focus (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "Kaja Kallas on X");
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpstr (evb_node_get_data (evb_board_get_node (evb_document_get_board (document), "e1"))->source_url,
                   ==, "Kaja Kallas on X");
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_true (gtk_widget_has_css_class (row, "warning"));

  /* Another card and back: said again; a web address: gone. */
  evb_selection_select (selection, "c1", FALSE);
  wait_drawn (GTK_WIDGET (window));
  g_assert_false (gtk_widget_get_visible (message));
  evb_selection_select (selection, "e1", FALSE);
  wait_drawn (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_visible (message));
  gtk_editable_set_text (GTK_EDITABLE (row), "https://x.com/kajakallas/status/1");
  wait_drawn (GTK_WIDGET (window));
  g_assert_false (gtk_widget_get_visible (message));
  g_assert_false (gtk_widget_has_css_class (row, "warning"));
  close_window (window);
}

static const char *
source_of (EvbDocument *document,
           const char  *id)
{
  return evb_node_get_data (evb_board_get_node (evb_document_get_board (document), id))->source;
}

/* Types text at the end of editable as keys do (each an insertion the
 * field's own undo would record). */
static void
type_keys (GtkWidget  *editable,
           const char *text)
{
  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    {
      int position = -1;

      gtk_editable_insert_text (GTK_EDITABLE (editable), c, g_utf8_next_char (c) - c, &position);
    }
  settle ();
}

/* Ctrl+Z in a field is the board's undo only: the field's own undo (the
 * text.undo its Ctrl+Z binding names) does nothing, so undo past the
 * board's history no longer flips the field and writes each flip. */
static void
test_undo_in_field (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_board_window (two_cards, 1280, 700, &document);
  EvbBoard *board = evb_document_get_board (document);
  EvbSelection *selection = evb_canvas_get_selection (evb_window_get_canvas (window));
  GtkWidget *row, *text, *body_view;
  GtkTextBuffer *body;
  GtkTextIter end;

  evb_selection_select (selection, "e1", FALSE);
  wait_drawn (GTK_WIDGET (window));
  row = inspector_child (window, "source_row");
  text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (row)));
  gtk_widget_grab_focus (row);
  type_keys (row, "Army");
  g_assert_cmpstr (source_of (document, "e1"), ==, "Army");
  g_assert_true (evb_board_can_undo (board));

  /* The field's undo changes nothing and writes nothing. */
  gtk_widget_activate_action (text, "text.undo", NULL);
  settle ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Army");
  g_assert_cmpstr (source_of (document, "e1"), ==, "Army");

  /* The board's undo takes the typing back in one step, and then there is
   * nothing more to undo, however often Ctrl+Z is pressed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  wait_drawn (GTK_WIDGET (window));
  g_assert_null (source_of (document, "e1"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
  g_assert_false (evb_board_can_undo (board));
  for (int i = 0; i < 3; i++)
    {
      gtk_widget_activate_action (text, "text.undo", NULL);
      settle ();
      g_assert_null (source_of (document, "e1"));
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
      g_assert_false (evb_board_can_undo (board));
    }

  /* The description (a text view) likewise. */
  body_view = inspector_child (window, "body_view");
  body = gtk_text_view_get_buffer (GTK_TEXT_VIEW (body_view));
  gtk_widget_grab_focus (body_view);
  gtk_text_buffer_get_end_iter (body, &end);
  gtk_text_buffer_insert_interactive (body, &end, "Seen", -1, TRUE);
  settle ();
  g_assert_cmpstr (evb_node_get_data (evb_board_get_node (board, "e1"))->body, ==, "Seen");
  gtk_widget_activate_action (body_view, "text.undo", NULL);
  settle ();
  g_assert_cmpstr (evb_node_get_data (evb_board_get_node (board, "e1"))->body, ==, "Seen");
  close_window (window);
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

/* The recent boards show the boards' titles with their paths beneath,
 * and each can be removed from the list (the file stays). */
static void
test_recent_boards (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "boards", NULL);
  g_autofree char *alpha_path = g_build_filename (dir, "alpha.evboard", NULL);
  g_autofree char *beta_path = g_build_filename (dir, "beta.evboard", NULL);
  g_autoptr(GFile) alpha = g_file_new_for_path (alpha_path);
  g_autoptr(GFile) beta = g_file_new_for_path (beta_path);
  g_autofree char *alpha_uri = g_file_get_uri (alpha);
  g_autoptr(GError) error = NULL;
  EvbWindow *window;
  GtkWidget *status_page, *list, *row;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(EvbBoard) board = evb_board_new (i == 0 ? "Alpha board" : "Beta board");

      g_assert_true (evb_store_write_new (board, i == 0 ? alpha_path : beta_path, TRUE, &error));
      g_assert_no_error (error);
    }
  evb_status_page_remember (alpha, "Alpha board");
  evb_status_page_remember (beta, "Beta board");

  window = evb_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  wait_drawn (GTK_WIDGET (window));
  status_page = window_child (window, "status_page");
  list = GTK_WIDGET (gtk_widget_get_template_child (status_page, EVB_TYPE_STATUS_PAGE, "recent_list"));
  g_assert_cmpuint (count_rows (list), ==, 2);
  /* By title, with the path from the home folder. */
  row = gtk_widget_get_first_child (list);
  if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Beta board") != 0)
    row = gtk_widget_get_next_sibling (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Beta board");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "~/boards/beta.evboard");
  row = gtk_widget_get_first_child (list);
  if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Alpha board") != 0)
    row = gtk_widget_get_next_sibling (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Alpha board");

  /* Remove From List, as its button does. */
  {
    GtkWidget *button = find_actionable (row, "status.forget-recent");

    g_assert_nonnull (button);
    g_assert_true (gtk_widget_get_sensitive (button));
    g_assert_true (gtk_widget_activate_action (button, "status.forget-recent", "s", alpha_uri));
  }
  settle ();
  g_assert_cmpuint (count_rows (list), ==, 1);
  g_assert_false (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), alpha_uri));
  g_assert_true (g_file_test (alpha_path, G_FILE_TEST_EXISTS));
  close_window (window);
}

/* An empty board shows how to begin until it has a card. */
static void
test_empty_board_hint (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_board_window ("{\"format\": \"evidence-board\", \"version\": 1,"
                                         " \"board\": {\"title\": \"Empty\"}, \"nodes\": [], \"links\": []}",
                                         1000, 700, &document);
  GtkWidget *hint = window_child (window, "empty_hint");

  g_assert_true (gtk_widget_get_mapped (hint));
  g_assert_false (gtk_widget_get_can_target (hint));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-claim", NULL));
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpuint (evb_board_get_n_nodes (evb_document_get_board (document)), ==, 1);
  g_assert_false (gtk_widget_get_visible (hint));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpuint (evb_board_get_n_nodes (evb_document_get_board (document)), ==, 0);
  g_assert_true (gtk_widget_get_mapped (hint));
  close_window (window);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A shown label with the "error" style under widget. */
static GtkWidget *
find_error_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) && gtk_widget_has_css_class (widget, "error"))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_error_label (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
occurred_of (EvbDocument *document)
{
  return evb_node_get_data (evb_board_get_node (evb_document_get_board (document), "e1"))->occurred;
}

/* Dates as people write them are taken, a wrong one says why beneath the
 * field, and a calendar picks a day. */
static void
test_dates (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_board_window (two_cards, 1280, 700, &document);
  EvbSelection *selection = evb_canvas_get_selection (evb_window_get_canvas (window));
  GtkWidget *row, *message, *button, *calendar;
  g_autoptr(GDateTime) local = g_date_time_new_local (2025, 5, 12, 14, 3, 0);
  g_autofree char *expected = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
  g_autoptr(GDateTime) day = g_date_time_new_local (2025, 6, 3, 0, 0, 0);

  evb_selection_select (selection, "e1", FALSE);
  wait_drawn (GTK_WIDGET (window));
  row = inspector_child (window, "occurred_row");
  gtk_widget_grab_focus (row);

  /* "12 May 2025": written as the board's date, shown as typed. */
  gtk_editable_set_text (GTK_EDITABLE (row), "12 May 2025");
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpstr (occurred_of (document), ==, "2025-05-12");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "12 May 2025");
  g_assert_false (gtk_widget_has_css_class (row, "error"));

  /* Date and time without seconds: in the local time zone. */
  gtk_editable_set_text (GTK_EDITABLE (row), "2025-05-12T14:03");
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpstr (occurred_of (document), ==, expected);
  gtk_editable_set_text (GTK_EDITABLE (row), "2025-05-12 14:03");
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpstr (occurred_of (document), ==, expected);

  /* No such day: the row is red and a message beneath says why. */
  gtk_editable_set_text (GTK_EDITABLE (row), "31 April 2025");
  wait_drawn (GTK_WIDGET (window));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  /* (Not written: the board keeps the last date, here the emptied field.) */
  g_assert_null (occurred_of (document));
  message = find_error_label (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP));
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "no such day"));
  save_widget_screenshot (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP), "edges-date-error.png");

  /* Leaving the field: what the board holds, and no message. */
  gtk_widget_grab_focus (GTK_WIDGET (evb_window_get_canvas (window)));
  wait_drawn (GTK_WIDGET (window));
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
  g_assert_false (gtk_widget_get_visible (message));
  gtk_editable_set_text (GTK_EDITABLE (row), expected);
  wait_drawn (GTK_WIDGET (window));

  /* The calendar beside it picks a day and keeps the time. */
  button = find_descendant (row, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  wait_drawn (GTK_WIDGET (window));
  calendar = gtk_popover_get_child (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_true (GTK_IS_CALENDAR (calendar));
  save_widget_screenshot (calendar, "edges-calendar.png");
  gtk_calendar_select_day (GTK_CALENDAR (calendar), day);
  wait_drawn (GTK_WIDGET (window));
  g_assert_true (g_str_has_prefix (occurred_of (document), "2025-06-03T14:03:00"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)))));
  close_window (window);
}

/* The label under widget whose text is text. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* At 600 px the board's title is not cut while the header bar has room. */
static void
test_title_at_600 (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_board_window ("{\"format\": \"evidence-board\", \"version\": 1,"
                                         " \"board\": {\"title\": \"Dates and grades\"}, \"nodes\": [], \"links\": []}",
                                         600, 700, &document);
  GtkWidget *label;
  PangoLayout *layout;

  wait_drawn (GTK_WIDGET (window));
  label = find_label (gtk_widget_get_ancestor (window_child (window, "window_title"), ADW_TYPE_HEADER_BAR), "Dates and grades");
  g_assert_nonnull (label);
  layout = gtk_label_get_layout (GTK_LABEL (label));
  g_assert_false (pango_layout_is_ellipsized (layout));
  save_widget_screenshot (GTK_WIDGET (window), "edges-600.png");
  close_window (window);
}

/* The save question of either libadwaita, wherever it sits (as in
 * test-recovery.c). */
static GObject *
find_dialog_in (GtkWidget *widget)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  GType type = ADW_TYPE_ALERT_DIALOG;
#else
  GType type = ADW_TYPE_MESSAGE_DIALOG;
#endif

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_visible (widget))
    return G_OBJECT (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GObject *found = find_dialog_in (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
find_dialog (gpointer data)
{
  GObject **dialog = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; *dialog == NULL && i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      *dialog = find_dialog_in (window);
    }
  return *dialog != NULL;
}

/* A window on a new draft, as New Board opens it. */
static EvbWindow *
open_draft_window (GFile **file_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = evb_document_new_draft_file (&error);
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window;

  g_assert_no_error (error);
  g_assert_true (evb_document_file_is_draft (file));
  document = evb_document_new (file, "Untitled Board", &error);
  g_assert_no_error (error);
  window = evb_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  evb_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));
  wait_drawn (GTK_WIDGET (window));
  *file_out = g_steal_pointer (&file);
  return window;
}

static gboolean
window_has_session (gpointer data)
{
  return evb_window_get_session (data) != NULL;
}

/* New Board opens a draft at once; closing an empty one just closes it,
 * closing one with cards asks, Cancel keeps it, Discard deletes it, and
 * Save As gives it a place and opens it there. */
static void
test_new_board_draft (void)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *target_path = g_build_filename (g_get_home_dir (), "Kept.evboard", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (target_path);
  EvbWindow *window;
  GObject *dialog = NULL;

  g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);

  /* Nothing on it: no question, and no draft left behind. */
  window = open_draft_window (&file);
  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (ADW_VIEW_SWITCHER_TITLE (window_child (window, "window_title"))),
                   ==, "Not saved to a file yet");
  g_assert_true (g_file_query_exists (file, NULL));
  close_window (window);
  g_assert_false (g_file_query_exists (file, NULL));
  g_clear_object (&file);

  /* A claim on it: closing asks; Cancel keeps the window and the board. */
  window = open_draft_window (&file);
  g_object_ref (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-claim", NULL));
  wait_drawn (GTK_WIDGET (window));
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_until (find_dialog, &dialog, TIMEOUT_MS));
  evb_compat_respond (dialog, "cancel");
  settle ();
  g_assert_false (window_is_gone (window));
  g_assert_nonnull (evb_window_get_session (window));

  /* Discard: the window goes, and the draft with it. */
  dialog = NULL;
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_until (find_dialog, &dialog, TIMEOUT_MS));
  evb_compat_respond (dialog, "discard");
  g_assert_true (wait_until (window_is_gone, window, TIMEOUT_MS));
  settle ();
  g_assert_false (g_file_query_exists (file, NULL));
  g_object_unref (window);
  g_clear_object (&file);

  /* Save As: the board, with its claim, at its place, open there. */
  window = open_draft_window (&file);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-claim", NULL));
  wait_drawn (GTK_WIDGET (window));
  _evb_window_save_draft_to (window, target, FALSE);
  WAIT_FOR (evb_window_get_document (window) != NULL &&
            g_file_equal (evb_document_get_file (evb_window_get_document (window)), target));
  g_assert_true (wait_until (window_has_session, window, TIMEOUT_MS));
  g_assert_cmpuint (evb_board_get_n_nodes (evb_document_get_board (evb_window_get_document (window))), ==, 1);
  g_assert_false (g_file_query_exists (file, NULL));
  g_assert_false (_evb_window_is_draft (window));
  /* A board with a place closes without a question. */
  close_window (window);
  g_assert_true (g_file_query_exists (target, NULL));
}

/* How many cards the board file at path holds, read as another program
 * would read it. */
static guint
n_nodes_in_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = evb_store_open (path, EVB_STORE_FLAGS_READ_ONLY, &error);
  g_autoptr(EvbBoard) board = NULL;

  g_assert_no_error (error);
  board = evb_store_load (store, &error);
  g_assert_no_error (error);
  evb_store_close (store);
  return evb_board_get_n_nodes (board);
}

static void
copy_written_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (evb_session_save_copy_finish (EVB_SESSION (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* Save As keeps the board the person is working on: its undo history, the
 * window; the new file is locked and named in the window and the recent
 * boards, the draft is gone, and the file holds what was saved until the
 * next write-back. */
static void
test_save_as_keeps_history (void)
{
  g_autofree char *target_path = g_build_filename (g_get_home_dir (), "Undoable.evboard", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (target_path);
  g_autofree char *target_uri = g_file_get_uri (target);
  g_autofree char *draft_uri = NULL;
  g_autoptr(GFile) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) second = NULL;
  GtkRecentManager *recent = gtk_recent_manager_get_default ();
  EvbDocument *document;
  EvbBoard *board;
  EvbWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
  window = open_draft_window (&draft);
  draft_uri = g_file_get_uri (draft);
  board = _evb_window_get_board (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-claim", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-claim", NULL));
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 2);

  _evb_window_save_draft_to (window, target, FALSE);
  WAIT_FOR (evb_window_get_document (window) != NULL &&
            g_file_equal (evb_document_get_file (evb_window_get_document (window)), target) &&
            !g_file_query_exists (draft, NULL));
  document = evb_window_get_document (window);
  /* Only the test writes back from here on. */
  evb_document_set_write_back_delay (document, 600000);
  g_assert_true (_evb_window_get_board (window) == board);
  g_assert_false (_evb_window_is_draft (window));
  g_assert_cmpuint (n_nodes_in_file (target_path), ==, 2);
  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (ADW_VIEW_SWITCHER_TITLE (window_child (window, "window_title"))),
                   ==, "Undoable.evboard");
  WAIT_FOR (gtk_recent_manager_has_item (recent, target_uri));
  g_assert_false (gtk_recent_manager_has_item (recent, draft_uri));
  /* The new file is this window's: nobody else opens it. */
  second = evb_document_open (target, &error);
  g_assert_error (error, EVB_ERROR, EVB_ERROR_BUSY);
  g_clear_error (&error);

  /* The board took the file's name, an undo step of its own (every change
   * is); then the two claims undo, through the window, back to the empty
   * board. */
  g_assert_cmpstr (evb_board_get_title (board), ==, "Undoable");
  g_assert_true (gtk_widget_get_sensitive (window_child (window, "undo_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpstr (evb_board_get_title (board), ==, "Untitled Board");
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 0);
  g_assert_false (evb_board_can_undo (board));
  /* The file keeps what was saved until the next write-back. */
  g_assert_cmpuint (n_nodes_in_file (target_path), ==, 2);
  g_assert_true (evb_document_write_back (document, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_nodes_in_file (target_path), ==, 0);

  g_assert_true (gtk_widget_get_sensitive (window_child (window, "redo_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 1);

  /* Save a Copy writes a copy and leaves the window on its file. */
  {
    g_autofree char *copy_path = g_build_filename (g_get_home_dir (), "Copy.evboard", NULL);
    g_autoptr(GFile) copy = g_file_new_for_path (copy_path);
    g_autoptr(EvbDocument) copy_document = NULL;
    gboolean done = FALSE;

    evb_session_save_copy_async (evb_window_get_session (window), copy, copy_written_cb, &done);
    WAIT_FOR (done);
    g_assert_true (g_file_equal (evb_document_get_file (document), target));
    g_assert_cmpuint (n_nodes_in_file (copy_path), ==, 1);
    copy_document = evb_document_open (copy, &error);
    g_assert_no_error (error);
    g_assert_true (evb_document_close (copy_document, &error));
    g_assert_true (evb_board_can_undo (board));
  }
  close_window (window);
  g_assert_cmpuint (n_nodes_in_file (target_path), ==, 1);
}

static const char attached_card[] =
  "{\"format\": \"evidence-board\", \"version\": 1, \"board\": {\"title\": \"Edges\"},"
  " \"nodes\": ["
  "  {\"id\": \"e1\", \"kind\": \"evidence\", \"title\": \"Video\", \"evidence_type\": \"video\","
  "   \"x\": 100, \"y\": 100, \"attachment\": {\"uri\": \"file:///evidence/drone.mp4\"}},"
  "  {\"id\": \"e2\", \"kind\": \"evidence\", \"title\": \"Intercept\", \"evidence_type\": \"intercept\","
  "   \"x\": 500, \"y\": 100}],"
  " \"links\": []}";

/* The row that attaches a file says what it does: on a card that has a
 * file already, choosing one replaces it. */
static void
test_attach_row_says_replace (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_board_window (attached_card, 1280, 700, &document);
  EvbSelection *selection = evb_canvas_get_selection (evb_window_get_canvas (window));
  GtkWidget *row;

  evb_selection_select (selection, "e1", FALSE);
  wait_drawn (GTK_WIDGET (window));
  row = inspector_child (window, "attach_file_row");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "_Replace the File…");
  evb_selection_select (selection, "e2", FALSE);
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "_Attach a File…");
  close_window (window);
}

/* Saves a new board with one claim (its title first set to title, unless
 * NULL) as name in the home folder; returns the board's title there. */
static char *
title_after_save_as (const char *title,
                     const char *name)
{
  g_autofree char *path = g_build_filename (g_get_home_dir (), name, NULL);
  g_autoptr(GFile) target = g_file_new_for_path (path);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  EvbWindow *window;
  char *saved;

  g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
  window = open_draft_window (&file);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-claim", NULL));
  if (title != NULL)
    {
      g_assert_true (evb_editing_set_board_title (_evb_window_get_board (window), title, NULL, &error));
      g_assert_no_error (error);
    }
  wait_drawn (GTK_WIDGET (window));
  _evb_window_save_draft_to (window, target, FALSE);
  WAIT_FOR (evb_window_get_document (window) != NULL &&
            g_file_equal (evb_document_get_file (evb_window_get_document (window)), target));
  g_assert_true (wait_until (window_has_session, window, TIMEOUT_MS));
  saved = g_strdup (evb_board_get_title (evb_document_get_board (evb_window_get_document (window))));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, saved);
  close_window (window);
  return saved;
}

/* A new board saved as "Residence strike.evboard" is called that: in the
 * window, the recent boards, and the title block of every picture and
 * report handed on, instead of "Untitled Board". A title the person gave
 * it stays. */
static void
test_save_as_names_board (void)
{
  g_autofree char *named = title_after_save_as (NULL, "Residence strike.evboard");
  g_autofree char *kept = title_after_save_as ("Dolgiye Borody", "case-17.evboard");

  g_assert_cmpstr (named, ==, "Residence strike");
  g_assert_cmpstr (kept, ==, "Dolgiye Borody");
}

static const char dated_and_graded[] =
  "{\"format\": \"evidence-board\", \"version\": 1, \"board\": {\"title\": \"Edges\"},"
  " \"nodes\": ["
  "  {\"id\": \"c1\", \"kind\": \"claim\", \"title\": \"Claim one\", \"x\": 100, \"y\": 100,"
  "   \"occurred\": \"2025-05-12\"},"
  "  {\"id\": \"e1\", \"kind\": \"evidence\", \"title\": \"Video\", \"evidence_type\": \"video\","
  "   \"x\": 100, \"y\": 400, \"reliability\": \"B\", \"credibility\": 2,"
  "   \"occurred\": \"2025-12-03T14:05:00+02:00\", \"collected\": \"2025-12-04T09:30:00Z\"}],"
  " \"links\": [{\"id\": \"l1\", \"from\": \"e1\", \"to\": \"c1\", \"relation\": \"supports\","
  "   \"strength\": \"strong\"}]}";

/* The inspector shows a date as the card shows it ("2025-12-03 12:05
 * UTC"), not as the file keeps it ("2025-12-03T14:05:00+02:00"), which
 * is the row's tooltip; the shown form edited reads back. */
static void
test_inspector_dates_as_cards (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_board_window (dated_and_graded, 1280, 700, &document);
  EvbSelection *selection = evb_canvas_get_selection (evb_window_get_canvas (window));
  GtkWidget *occurred, *collected;
  const char *tooltip;

  evb_selection_select (selection, "e1", FALSE);
  wait_drawn (GTK_WIDGET (window));
  occurred = inspector_child (window, "occurred_row");
  collected = inspector_child (window, "collected_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (occurred)), ==, "2025-12-03 12:05 UTC");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (collected)), ==, "2025-12-04 09:30 UTC");
  tooltip = gtk_widget_get_tooltip_text (occurred);
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, "2025-12-03T14:05:00+02:00"));

  /* Edited as shown: the moment typed, in the offset the board kept
   * (tests/ui/test-date-edit.c has the rest). */
  gtk_widget_grab_focus (occurred);
  gtk_editable_set_text (GTK_EDITABLE (occurred), "2025-12-03 12:06 UTC");
  wait_drawn (GTK_WIDGET (window));
  g_assert_false (gtk_widget_has_css_class (occurred, "error"));
  g_assert_cmpstr (occurred_of (document), ==, "2025-12-03T14:06:00+02:00");

  /* A plain date is shown as it is, and needs no tooltip. */
  evb_selection_select (selection, "c1", FALSE);
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (occurred)), ==, "2025-05-12");
  g_assert_null (gtk_widget_get_tooltip_text (occurred));
  close_window (window);
}

/* The assessment's "Why" says what each weight is: the link's strength
 * and relation, the item's grade, the unit, and what it does to the odds. */
static void
test_why_explains_weights (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_board_window (dated_and_graded, 1280, 700, &document);
  EvbSelection *selection = evb_canvas_get_selection (evb_window_get_canvas (window));
  GtkWidget *list, *row;
  const char *subtitle;

  evb_selection_select (selection, "c1", FALSE);
  wait_drawn (GTK_WIDGET (window));
  list = inspector_child (window, "why_list");
  WAIT_FOR (gtk_widget_get_first_child (list) != NULL);
  row = gtk_widget_get_first_child (list);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Video");
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_test_message ("why: %s", subtitle);
  /* B2, strong: 0.8 × 0.8 × ln 16 = 1.77, odds × 5.9 */
  g_assert_nonnull (strstr (subtitle, "Strong support from an item graded B2"));
  g_assert_nonnull (strstr (subtitle, "+1.77 log-odds: multiplies the odds by 5.9"));
  save_widget_screenshot (gtk_widget_get_ancestor (list, ADW_TYPE_PREFERENCES_GROUP), "edges-why.png");
  close_window (window);
}

/* The undo and redo buttons name the step they take back or do again:
 * several edits in, "Undo" alone left the investigator guessing. */
static void
test_undo_names_step (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_board_window (dated_and_graded, 1280, 700, &document);
  EvbBoard *board = evb_document_get_board (document);
  GtkWidget *undo = window_child (window, "undo_button");
  GtkWidget *redo = window_child (window, "redo_button");
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (gtk_widget_get_tooltip_text (undo), ==, "Undo");
  g_assert_true (evb_editing_set_board_title (board, "Renamed", NULL, &error));
  g_assert_no_error (error);
  wait_drawn (GTK_WIDGET (window));
  g_assert_nonnull (evb_board_get_undo_label (board));
  {
    g_autofree char *expected = g_strdup_printf ("Undo %s", evb_board_get_undo_label (board));

    g_assert_cmpstr (gtk_widget_get_tooltip_text (undo), ==, expected);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (undo), ==, "Undo");
  {
    g_autofree char *expected = g_strdup_printf ("Redo %s", evb_board_get_redo_label (board));

    g_assert_nonnull (evb_board_get_redo_label (board));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (redo), ==, expected);
  }
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = test_run_init (&argc, &argv, "test-rough-edges");
  int status;

  g_test_add_func ("/rough-edges/tab-leaves-canvas", test_tab_leaves_canvas);
  g_test_add_func ("/rough-edges/open-web-address", test_open_web_address);
  g_test_add_func ("/rough-edges/not-a-web-address", test_not_a_web_address);
  g_test_add_func ("/rough-edges/undo-in-field", test_undo_in_field);
  g_test_add_func ("/rough-edges/recent-boards", test_recent_boards);
  g_test_add_func ("/rough-edges/empty-board-hint", test_empty_board_hint);
  g_test_add_func ("/rough-edges/dates", test_dates);
  g_test_add_func ("/rough-edges/title-at-600", test_title_at_600);
  g_test_add_func ("/rough-edges/new-board-draft", test_new_board_draft);
  g_test_add_func ("/rough-edges/save-as-names-board", test_save_as_names_board);
  g_test_add_func ("/rough-edges/save-as-keeps-history", test_save_as_keeps_history);
  g_test_add_func ("/rough-edges/attach-row-says-replace", test_attach_row_says_replace);
  g_test_add_func ("/rough-edges/inspector-dates-as-cards", test_inspector_dates_as_cards);
  g_test_add_func ("/rough-edges/why-explains-weights", test_why_explains_weights);
  g_test_add_func ("/rough-edges/undo-names-step", test_undo_names_step);

  status = g_test_run ();
  test_remove_tree (home);
  return status;
}
