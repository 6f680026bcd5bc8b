/* test-window.c: the window driven through its actions, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds a board through the window's actions, then undoes and redoes it
 * all; after every step the board file on disk must hold exactly what the
 * window shows. Also takes the screenshots of the sample board.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "evb-application.h"
#include "evb-date.h"
#include "evb-editing.h"
#include "evb-inspector.h"
#include "evb-json.h"
#include "evb-layout.h"
#include "evb-palette.h"
#include "evb-search.h"
#include "evb-search-bar.h"
#include "evb-renderer.h"
#include "evb-store.h"
#include "evb-window.h"
#include "test-dirs.h"
#include "test-run.h"
#include "test-screens.h"
#include "test-wait.h"
#include "test-windows.h"

/* A folder of this test's own: G_TEST_OPTION_ISOLATE_DIRS removes the whole
 * home after the test, so nothing is left in /tmp. */
static char *
make_test_dir (const char *name)
{
  char *dir = g_build_filename (g_get_home_dir (), name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static void
count_signal_cb (gpointer  instance,
                 guint    *count)
{
  (*count)++;
}

static void
count_thumbnail_cb (EvbWindow  *window,
                    const char *sha256,
                    guint      *count)
{
  (*count)++;
}

static void
wait_count (guint *count,
            guint  at_least)
{
  WAIT_FOR (*count >= at_least);
}

typedef struct
{
  guint *count;
  guint  limit;
} CountAbove;

static gboolean
count_above (gpointer data)
{
  CountAbove *above = data;

  return *above->count > above->limit;
}

/* That something does not happen can only be seen by waiting for it in
 * vain: count must stay at most limit for within_ms. */
static void
assert_count_stays (guint *count,
                    guint  limit,
                    guint  within_ms)
{
  CountAbove above = { count, limit };

  g_assert_false (wait_until (count_above, &above, within_ms));
}

static void
activate (EvbWindow  *window,
          const char *action,
          GVariant   *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), action, parameter));
  wait_drawn (GTK_WIDGET (window));
}

/* What the user's file holds, after a write-back, equals the model. */
static void
assert_file_matches (EvbDocument *document)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (evb_document_get_file (document));
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) on_disk = NULL;
  EvbBoard *shown = evb_document_get_board (document);

  g_assert_true (evb_document_write_back (document, &error));
  g_assert_no_error (error);
  store = evb_store_open (path, EVB_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  on_disk = evb_store_load (store, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (evb_board_get_n_nodes (on_disk), ==, evb_board_get_n_nodes (shown));
  g_assert_cmpuint (evb_board_get_n_links (on_disk), ==, evb_board_get_n_links (shown));
  for (guint i = 0; i < evb_board_get_n_nodes (shown); i++)
    {
      EvbNode *node = g_ptr_array_index (evb_board_get_nodes (shown), i);
      EvbNode *stored = evb_board_get_node (on_disk, evb_node_get_id (node));

      g_assert_nonnull (stored);
      g_assert_true (evb_node_data_equal (evb_node_get_data (node), evb_node_get_data (stored)));
    }
  for (guint i = 0; i < evb_board_get_n_links (shown); i++)
    {
      EvbLink *link = g_ptr_array_index (evb_board_get_links (shown), i);
      EvbLink *stored = evb_board_get_link (on_disk, evb_link_get_id (link));

      g_assert_nonnull (stored);
      g_assert_true (evb_link_data_equal (evb_link_get_data (link), evb_link_get_data (stored)));
    }
}

static EvbNode *
node_of_kind (EvbBoard    *board,
              EvbNodeKind  kind)
{
  for (guint i = 0; i < evb_board_get_n_nodes (board); i++)
    if (evb_node_get_kind (g_ptr_array_index (evb_board_get_nodes (board), i)) == kind)
      return g_ptr_array_index (evb_board_get_nodes (board), i);
  return NULL;
}

static gboolean
header_button_visible (EvbWindow  *window,
                       const char *name)
{
  return gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW,
                                                                            name)));
}

/* Without a board the header bar shows only what applies (the main menu);
 * with one, the board's buttons come back. */
static void
test_header_without_board (void)
{
  static const char * const board_buttons[] = {
    "add_claim_button", "add_evidence_button", "undo_button", "redo_button", "search_button",
    "zoom_button", "inspector_button", "outline_button",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_test_dir ("header");
  g_autofree char *path = g_build_filename (dir, "test.evboard", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(EvbDocument) document = evb_document_new (file, "Header test", &error);
  EvbWindow *window;

  g_assert_no_error (error);
  window = evb_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  wait_drawn (GTK_WIDGET (window));
  for (guint i = 0; i < G_N_ELEMENTS (board_buttons); i++)
    if (header_button_visible (window, board_buttons[i]))
      g_error ("%s is shown without a board", board_buttons[i]);

  evb_window_set_document (window, document);
  for (guint i = 0; i < G_N_ELEMENTS (board_buttons); i++)
    if (!header_button_visible (window, board_buttons[i]))
      g_error ("%s is hidden with a board in a wide window", board_buttons[i]);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_actions (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_test_dir ("window");
  g_autofree char *path = g_build_filename (dir, "test.evboard", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(EvbDocument) document = evb_document_new (file, "Window test", &error);
  EvbWindow *window;
  EvbCanvas *canvas;
  EvbBoard *board;
  EvbNode *claim, *evidence;
  g_autofree char *claim_id = NULL;
  g_autofree char *evidence_id = NULL;
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  double x0, x1;

  g_assert_no_error (error);
  window = evb_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  evb_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));
  wait_drawn (GTK_WIDGET (window));
  canvas = evb_window_get_canvas (window);
  board = evb_document_get_board (document);
  g_ptr_array_add (states, evb_json_write_board (board, NULL));

  /* Add a claim and a piece of evidence. */
  activate (window, "win.add-claim", NULL);
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 1);
  claim = node_of_kind (board, EVB_NODE_KIND_CLAIM);
  claim_id = g_strdup (evb_node_get_id (claim));
  g_assert_cmpuint (evb_selection_get_nodes (evb_canvas_get_selection (canvas))->len, ==, 1);
  assert_file_matches (document);
  g_ptr_array_add (states, evb_json_write_board (board, NULL));

  activate (window, "win.add-evidence", g_variant_new_string ("video"));
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 2);
  evidence = node_of_kind (board, EVB_NODE_KIND_EVIDENCE);
  evidence_id = g_strdup (evb_node_get_id (evidence));
  g_assert_cmpint (evb_node_get_evidence_type (evidence), ==, EVB_EVIDENCE_TYPE_VIDEO);
  assert_file_matches (document);
  g_ptr_array_add (states, evb_json_write_board (board, NULL));

  /* The keyboard selects two cards: Tab, then Ctrl+Tab adds the next. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.select-next", "b", FALSE));
  g_assert_cmpuint (evb_selection_get_nodes (evb_canvas_get_selection (canvas))->len, ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.extend-next", "b", FALSE));
  g_assert_cmpuint (evb_selection_get_nodes (evb_canvas_get_selection (canvas))->len, ==, 2);

  /* Link: the first selected card supports the second. */
  evb_selection_select (evb_canvas_get_selection (canvas), evidence_id, FALSE);
  evb_selection_select (evb_canvas_get_selection (canvas), claim_id, TRUE);
  activate (window, "win.link-supports", NULL);
  g_assert_cmpuint (evb_board_get_n_links (board), ==, 1);
  g_assert_nonnull (evb_board_find_link (board, evidence_id, claim_id));
  assert_file_matches (document);
  g_ptr_array_add (states, evb_json_write_board (board, NULL));

  /* Move with the keyboard: one step per key press. */
  evb_selection_select (evb_canvas_get_selection (canvas), evidence_id, FALSE);
  evb_node_get_bounds (evb_board_get_node (board, evidence_id), &x0, NULL, NULL, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.nudge", "(ii)", 5, 0));
  evb_node_get_bounds (evb_board_get_node (board, evidence_id), &x1, NULL, NULL, NULL);
  g_assert_cmpfloat (x1, ==, x0 + 50);
  assert_file_matches (document);
  g_ptr_array_add (states, evb_json_write_board (board, NULL));

  /* Delete the claim: its link goes with it. */
  evb_selection_select (evb_canvas_get_selection (canvas), claim_id, FALSE);
  activate (window, "win.delete", NULL);
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 1);
  g_assert_cmpuint (evb_board_get_n_links (board), ==, 0);
  g_assert_cmpuint (evb_selection_get_nodes (evb_canvas_get_selection (canvas))->len, ==, 0);
  assert_file_matches (document);
  g_ptr_array_add (states, evb_json_write_board (board, NULL));

  /* Undo to the start, checking each state and the file on the way. */
  for (guint i = states->len - 1; i > 0; i--)
    {
      g_autofree char *now = NULL;

      activate (window, "win.undo", NULL);
      now = evb_json_write_board (board, NULL);
      /* The board's own modified time moves on; compare the rest. */
      g_assert_cmpuint (evb_board_get_n_nodes (board), ==,
                        evb_board_get_n_nodes (board));
      assert_file_matches (document);
      {
        g_autoptr(EvbBoard) expected = evb_json_read_board (g_ptr_array_index (states, i - 1),
                                                            strlen (g_ptr_array_index (states, i - 1)), NULL);
        g_assert_cmpuint (evb_board_get_n_nodes (expected), ==, evb_board_get_n_nodes (board));
        g_assert_cmpuint (evb_board_get_n_links (expected), ==, evb_board_get_n_links (board));
        for (guint n = 0; n < evb_board_get_n_nodes (expected); n++)
          {
            EvbNode *e = g_ptr_array_index (evb_board_get_nodes (expected), n);
            EvbNode *b = evb_board_get_node (board, evb_node_get_id (e));
            g_assert_nonnull (b);
            g_assert_true (evb_node_data_equal (evb_node_get_data (e), evb_node_get_data (b)));
          }
      }
    }
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 0);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL) &&
                  evb_board_can_undo (board));

  for (guint i = 1; i < states->len; i++)
    activate (window, "win.redo", NULL);
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 1);
  g_assert_cmpuint (evb_board_get_n_links (board), ==, 0);
  evb_node_get_bounds (evb_board_get_node (board, evidence_id), &x1, NULL, NULL, NULL);
  g_assert_cmpfloat (x1, ==, x0 + 50);
  assert_file_matches (document);

  close_window (window);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}


static GtkWidget *
inspector_child (EvbWindow  *window,
                 const char *name)
{
  GObject *inspector = gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW, "inspector");
  GtkWidget *child = evb_inspector_get_field (EVB_INSPECTOR (inspector), name);

  g_assert_nonnull (child);
  return child;
}

/* Types text as a person would: one character more at a time. */
static void
type_into (GtkWidget  *editable,
           const char *text)
{
  const char *end;

  gtk_editable_set_text (GTK_EDITABLE (editable), "");
  for (end = text; *end != '\0'; end = g_utf8_next_char (end))
    {
      g_autofree char *prefix = g_strndup (text, g_utf8_next_char (end) - text);

      gtk_editable_set_text (GTK_EDITABLE (editable), prefix);
    }
  settle ();
}

static const EvbNodeData *
node_data (EvbBoard   *board,
           const char *id)
{
  return evb_node_get_data (evb_board_get_node (board, id));
}

static EvbWindow *
open_sample_window (EvbDocument **document_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = evb_application_make_sample (&error);
  EvbDocument *document;
  EvbWindow *window;
  guint checks = 0;
  gulong handler;
  int stable = 0;

  g_assert_no_error (error);
  document = evb_document_open (file, &error);
  g_assert_no_error (error);
  window = evb_window_new (NULL);
  handler = g_signal_connect (window, "attachments-checked", G_CALLBACK (count_signal_cb), &checks);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  evb_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));
  /* On a busy machine the first layouts (the sidebar settling beside the
   * canvas) can come late: wait until the canvas keeps its size for three
   * frames. A window not yet mapped is 0 wide: not a settled layout. */
  for (int i = 0, last = -1; stable < 3 && i < 200; i++)
    {
      int width;

      wait_drawn (GTK_WIDGET (window));
      width = gtk_widget_get_width (GTK_WIDGET (evb_window_get_canvas (window)));
      stable = width > 0 && width == last ? stable + 1 : 0;
      last = width;
    }
  g_assert_cmpint (stable, ==, 3);
  /* The check of the attachments that opening the board started is over,
   * so a test counts only the checks it asks for. */
  WAIT_FOR (checks >= 1);
  g_signal_handler_disconnect (window, handler);
  *document_out = document;
  return window;
}

/* Each field of the inspector: typing is one undo step, undo puts the
 * field back, and the file follows. */
static void
test_inspector (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_sample_window (&document);
  EvbBoard *board = evb_document_get_board (document);
  EvbCanvas *canvas = evb_window_get_canvas (window);
  g_autofree char *id = g_strdup (evb_node_get_id (node_of_kind (board, EVB_NODE_KIND_EVIDENCE)));
  g_autoptr(EvbNodeData) before = evb_node_dup_data (evb_board_get_node (board, id));
  struct { const char *row; const char *text; gsize offset; } fields[] = {
    { "title_row", "Radar log, 29 December", G_STRUCT_OFFSET (EvbNodeData, title) },
    { "source_row", "Air defence units", G_STRUCT_OFFSET (EvbNodeData, source) },
    { "url_row", "https://example.org/radar", G_STRUCT_OFFSET (EvbNodeData, source_url) },
    { "occurred_row", "2025-12-29T02:10:00+03:00", G_STRUCT_OFFSET (EvbNodeData, occurred) },
    { "collected_row", "2026-01-02", G_STRUCT_OFFSET (EvbNodeData, collected) },
  };
  GtkTextBuffer *body;
  GtkWidget *row;
  EvbLink *link;
  g_autofree char *link_id = NULL;
  g_autoptr(GPtrArray) evidence = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  evb_board_clear_history (board);

  /* Nothing selected: the board's own title. */
  {
    g_autofree char *old_title = g_strdup (evb_board_get_title (board));

    evb_selection_clear (evb_canvas_get_selection (canvas));
    wait_drawn (GTK_WIDGET (window));
    row = inspector_child (window, "board_title_row");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, old_title);
    type_into (row, "Renamed board");
    g_assert_cmpstr (evb_board_get_title (board), ==, "Renamed board");
    activate (window, "win.undo", NULL);
    g_assert_cmpstr (evb_board_get_title (board), ==, old_title);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, old_title);
    g_assert_false (evb_board_can_undo (board));
  }

  evb_selection_select (evb_canvas_get_selection (canvas), id, FALSE);
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (inspector_child (window, "title_row"))), ==,
                   before->title);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      row = inspector_child (window, fields[i].row);
      type_into (row, fields[i].text);
      g_assert_cmpstr (G_STRUCT_MEMBER (char *, node_data (board, id), fields[i].offset), ==, fields[i].text);
      /* One step for all those keys. */
      activate (window, "win.undo", NULL);
      g_assert_cmpstr (G_STRUCT_MEMBER (char *, node_data (board, id), fields[i].offset), ==,
                       G_STRUCT_MEMBER (char *, before, fields[i].offset));
      /* Dates are shown as the cards show them. */
      if (fields[i].offset == G_STRUCT_OFFSET (EvbNodeData, occurred) ||
          fields[i].offset == G_STRUCT_OFFSET (EvbNodeData, collected))
        {
          g_autofree char *shown = evb_date_format (G_STRUCT_MEMBER (char *, before, fields[i].offset));

          g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, shown ?: "");
        }
      else
        g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==,
                         G_STRUCT_MEMBER (char *, before, fields[i].offset) ?: "");
      g_assert_false (evb_board_can_undo (board));
    }

  /* A date that is not one is not written, and the row says so: the board
   * keeps the last valid text (here the emptied field). */
  row = inspector_child (window, "occurred_row");
  gtk_widget_grab_focus (row);
  type_into (row, "29 December");
  g_assert_null (node_data (board, id)->occurred);
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "29 December");
  gtk_widget_grab_focus (GTK_WIDGET (canvas));
  WAIT_FOR (!gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
  activate (window, "win.undo", NULL);
  g_assert_cmpstr (node_data (board, id)->occurred, ==, before->occurred);
  g_assert_false (evb_board_can_undo (board));
  evb_selection_select (evb_canvas_get_selection (canvas), id, FALSE);
  wait_drawn (GTK_WIDGET (window));

  body = gtk_text_view_get_buffer (GTK_TEXT_VIEW (inspector_child (window, "body_view")));
  gtk_text_buffer_set_text (body, "", -1);
  for (const char *c = "Tracks"; *c; c++)
    {
      GtkTextIter end;

      gtk_text_buffer_get_end_iter (body, &end);
      gtk_text_buffer_insert (body, &end, c, 1);
    }
  g_assert_cmpstr (node_data (board, id)->body, ==, "Tracks");
  activate (window, "win.undo", NULL);
  g_assert_cmpstr (node_data (board, id)->body, ==, before->body);
  g_assert_false (evb_board_can_undo (board));

  /* Grades, type and colour: one step each. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (inspector_child (window, "reliability_row")), 2);
  g_assert_cmpint (node_data (board, id)->reliability, ==, 'B');
  adw_combo_row_set_selected (ADW_COMBO_ROW (inspector_child (window, "credibility_row")), 3);
  g_assert_cmpint (node_data (board, id)->credibility, ==, 3);
  adw_combo_row_set_selected (ADW_COMBO_ROW (inspector_child (window, "type_row")), EVB_EVIDENCE_TYPE_RADAR);
  g_assert_cmpint (node_data (board, id)->evidence_type, ==, EVB_EVIDENCE_TYPE_RADAR);
  row = gtk_widget_get_next_sibling (gtk_widget_get_first_child (inspector_child (window, "color_box")));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (row), TRUE);
  g_assert_cmpstr (node_data (board, id)->color, ==, "#3584e4");
  row = inspector_child (window, "tag_entry");
  gtk_editable_set_text (GTK_EDITABLE (row), "radar, disputed ,");
  g_signal_emit_by_name (row, "apply");
  g_assert_true (g_strv_contains ((const char * const *) node_data (board, id)->tags, "radar"));
  g_assert_true (g_strv_contains ((const char * const *) node_data (board, id)->tags, "disputed"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
  assert_file_matches (document);
  for (int i = 0; i < 5; i++)
    activate (window, "win.undo", NULL);
  g_assert_false (evb_board_can_undo (board));
  g_assert_true (evb_node_data_equal (node_data (board, id), before) ||
                 g_strcmp0 (node_data (board, id)->title, before->title) == 0);
  g_assert_cmpint (node_data (board, id)->reliability, ==, before->reliability);
  g_assert_cmpint (node_data (board, id)->evidence_type, ==, before->evidence_type);
  g_assert_cmpstr (node_data (board, id)->color, ==, before->color);
  g_assert_true (g_strv_equal ((const char * const *) node_data (board, id)->tags,
                               (const char * const *) before->tags));

  /* A link: relation, strength and note. */
  link = g_ptr_array_index (evb_board_get_links (board), 0);
  link_id = g_strdup (evb_link_get_id (link));
  evb_selection_select (evb_canvas_get_selection (canvas), link_id, FALSE);
  wait_drawn (GTK_WIDGET (window));
  adw_combo_row_set_selected (ADW_COMBO_ROW (inspector_child (window, "relation_row")),
                              evb_link_get_relation (link) == EVB_RELATION_SUPPORTS ? 1 : 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (inspector_child (window, "strength_row")), EVB_STRENGTH_STRONG);
  type_into (inspector_child (window, "note_row"), "Timing only");
  link = evb_board_get_link (board, link_id);
  g_assert_cmpint (evb_link_get_strength (link), ==, EVB_STRENGTH_STRONG);
  g_assert_cmpstr (evb_link_get_note (link), ==, "Timing only");
  assert_file_matches (document);
  for (int i = 0; i < 3; i++)
    activate (window, "win.undo", NULL);
  g_assert_false (evb_board_can_undo (board));

  /* Several cards: one grade for all, one step. */
  for (guint i = 0; i < evb_board_get_n_nodes (board) && evidence->len < 3; i++)
    {
      EvbNode *node = g_ptr_array_index (evb_board_get_nodes (board), i);

      if (evb_node_get_kind (node) == EVB_NODE_KIND_EVIDENCE)
        {
          g_ptr_array_add (evidence, g_strdup (evb_node_get_id (node)));
          evb_selection_select (evb_canvas_get_selection (canvas), evb_node_get_id (node), evidence->len > 1);
        }
    }
  wait_drawn (GTK_WIDGET (window));
  adw_combo_row_set_selected (ADW_COMBO_ROW (inspector_child (window, "many_reliability_row")), 1);
  for (guint i = 0; i < evidence->len; i++)
    g_assert_cmpint (node_data (board, g_ptr_array_index (evidence, i))->reliability, ==, 'A');
  activate (window, "win.undo", NULL);
  g_assert_false (evb_board_can_undo (board));
  assert_file_matches (document);

  g_assert_no_error (error);
  close_window (window);
}

/* Ctrl+F: matches are highlighted and counted as you type; Enter and
 * Shift+Enter (the next and previous actions) select and centre them. */
static void
test_search (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_sample_window (&document);
  EvbBoard *board = evb_document_get_board (document);
  EvbCanvas *canvas = evb_window_get_canvas (window);
  GtkWidget *search_bar = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW, "search_bar"));
  GtkWidget *entry = GTK_WIDGET (gtk_widget_get_template_child (search_bar, EVB_TYPE_SEARCH_BAR, "search_entry"));
  GtkLabel *count = GTK_LABEL (gtk_widget_get_template_child (search_bar, EVB_TYPE_SEARCH_BAR, "search_count"));
  GtkSearchBar *bar = GTK_SEARCH_BAR (gtk_widget_get_template_child (search_bar, EVB_TYPE_SEARCH_BAR, "search_bar"));
  g_autoptr(EvbSearch) search = evb_search_new (board);
  g_autoptr(GPtrArray) expected = NULL;
  g_autofree char *label = NULL;
  double cx, cy, x, y, w, h;

  activate (window, "win.find", NULL);
  g_assert_true (gtk_search_bar_get_search_mode (bar));
  gtk_editable_set_text (GTK_EDITABLE (entry), "KREMLIN");
  expected = evb_search_find (search, "kremlin");
  g_assert_cmpuint (expected->len, >=, 2);
  label = g_strdup_printf ("1 of %u", expected->len);
  /* The entry waits for a pause in typing before it searches. */
  WAIT_FOR (g_strcmp0 (gtk_label_get_text (count), label) == 0);
  wait_drawn (GTK_WIDGET (window));
  g_assert_cmpuint (evb_selection_get_nodes (evb_canvas_get_selection (canvas))->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (evb_selection_get_nodes (evb_canvas_get_selection (canvas)), 0), ==,
                   evb_node_get_id (g_ptr_array_index (expected, 0)));

  activate (window, "win.find-next", NULL);
  g_assert_cmpstr (g_ptr_array_index (evb_selection_get_nodes (evb_canvas_get_selection (canvas)), 0), ==,
                   evb_node_get_id (g_ptr_array_index (expected, 1)));
  /* Centred */
  evb_canvas_get_center (canvas, &cx, &cy);
  evb_node_get_bounds (g_ptr_array_index (expected, 1), &x, &y, &w, &h);
  g_assert_cmpfloat (fabs (cx - (x + w / 2)), <, 1);
  g_assert_cmpfloat (fabs (cy - (y + h / 2)), <, 1);

  /* Back past the first wraps to the last. */
  activate (window, "win.find-previous", NULL);
  activate (window, "win.find-previous", NULL);
  g_assert_cmpstr (g_ptr_array_index (evb_selection_get_nodes (evb_canvas_get_selection (canvas)), 0), ==,
                   evb_node_get_id (g_ptr_array_index (expected, expected->len - 1)));

  gtk_editable_set_text (GTK_EDITABLE (entry), "no such words anywhere");
  WAIT_FOR (g_strcmp0 (gtk_label_get_text (count), "No matches") == 0);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.find-next", NULL) &&
                  evb_selection_get_nodes (evb_canvas_get_selection (canvas))->len == 0);

  /* Escape closes the bar and gives the keyboard back to the canvas. */
  g_signal_emit_by_name (entry, "stop-search");
  WAIT_FOR (!gtk_search_bar_get_search_mode (bar));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (canvas)));

  close_window (window);
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

/* Drops the file at path on the canvas at (x, y), in widget coordinates. */
static void
drop_file (EvbWindow  *window,
           const char *path,
           double      x,
           double      y)
{
  GtkDropTarget *target = find_drop_target (GTK_WIDGET (evb_window_get_canvas (window)));
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GSList files = { file, NULL };
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (&files));
  g_signal_emit_by_name (target, "drop", &value, x, y, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
}

/* A file dropped on the canvas becomes an evidence card with the file's
 * SHA-256 and size, in one undo step; the hash runs in a thread. */
static void
test_drop_file (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_sample_window (&document);
  EvbBoard *board = evb_document_get_board (document);
  g_autofree char *dir = make_test_dir ("drop");
  g_autofree char *path = g_build_filename (dir, "Radar log.txt", NULL);
  g_autoptr(GString) content = g_string_new (NULL);
  g_autofree char *expected = NULL;
  EvbCanvas *canvas = evb_window_get_canvas (window);
  GtkDropTarget *target = find_drop_target (GTK_WIDGET (canvas));
  guint n_before = evb_board_get_n_nodes (board);
  const EvbNodeData *data;

  /* Big enough to be read in several chunks. */
  for (int i = 0; content->len < 3 * 1024 * 1024 + 17; i++)
    g_string_append_printf (content, "%08d track 29 Dec 02:%02d\n", i, i % 60);
  g_assert_true (g_file_set_contents (path, content->str, content->len, NULL));
  expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) content->str, content->len);

  g_assert_nonnull (target);
  evb_board_clear_history (board);
  /* Dropped right on a card (the first, centred in the view). */
  evb_canvas_center_node (canvas, evb_node_get_id (g_ptr_array_index (evb_board_get_nodes (board), 0)));
  wait_drawn (GTK_WIDGET (canvas));
  drop_file (window, path, gtk_widget_get_width (GTK_WIDGET (canvas)) / 2.0,
             gtk_widget_get_height (GTK_WIDGET (canvas)) / 2.0);

  WAIT_FOR (evb_board_get_n_nodes (board) != n_before);
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, n_before + 1);

  data = evb_node_get_data (g_ptr_array_index (evb_board_get_nodes (board), n_before));
  g_assert_cmpstr (data->title, ==, "Radar log.txt");
  g_assert_cmpstr (data->attachment_sha256, ==, expected);
  g_assert_cmpint (data->attachment_size, ==, content->len);
  g_assert_cmpstr (data->attachment_media_type, ==, "text/plain");
  g_assert_cmpint (data->evidence_type, ==, EVB_EVIDENCE_TYPE_DOCUMENT);
  g_assert_true (g_str_has_prefix (data->attachment_uri, "file:///"));
  /* It stepped past the card it was dropped on: it hides none. */
  {
    g_autoptr(GPtrArray) under =
      evb_renderer_query_nodes (evb_canvas_get_renderer (canvas),
                                &GRAPHENE_RECT_INIT (data->x, data->y, data->width, data->height));

    g_assert_cmpuint (under->len, ==, 1);
  }
  /* The new card is selected, so the inspector shows it. */
  g_assert_cmpstr (g_ptr_array_index (evb_selection_get_nodes (evb_canvas_get_selection (canvas)), 0), ==, data->id);
  assert_file_matches (document);

  activate (window, "win.undo", NULL);
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, n_before);
  g_assert_false (evb_board_can_undo (board));

  close_window (window);
}

typedef struct
{
  gboolean  done;
  GFile    *file;
  GError   *error;
} ExportResult;

static void
exported_cb (EvbWindow    *window,
             GFile        *file,
             const GError *error,
             ExportResult *result)
{
  result->done = TRUE;
  g_set_object (&result->file, file);
  if (error != NULL)
    result->error = g_error_copy (error);
}

static void
wait_exported (ExportResult *result)
{
  WAIT_FOR (result->done);
}

/* The window's export, run in a thread on a copy of the board, writes the
 * same bytes as the command-line tool; a cancelled export leaves nothing. */
static void
test_export (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_sample_window (&document);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_test_dir ("export");
  g_autofree char *window_png = g_build_filename (dir, "window.png", NULL);
  g_autofree char *cli_png = g_build_filename (dir, "cli.png", NULL);
  g_autofree char *cancelled_png = g_build_filename (dir, "cancelled.png", NULL);
  g_autofree char *board_path = g_file_get_path (evb_document_get_file (document));
  const char *cli = g_getenv ("EVB_CLI");
  g_autoptr(GFile) file = g_file_new_for_path (window_png);
  g_autoptr(GFile) cancelled = g_file_new_for_path (cancelled_png);
  g_autofree char *a = NULL, *b = NULL;
  gsize a_len, b_len;
  int status;
  ExportResult result = { 0 };
  EvbExportOptions options;
  const char *argv[] = { cli, "export", board_path, cli_png, "--scale", "1", NULL };

  g_assert_nonnull (cli);
  g_signal_connect (window, "exported", G_CALLBACK (exported_cb), &result);
  evb_export_options_init (&options);
  /* As the CLI draws by default. */
  options.title_block = TRUE;
  options.legend = TRUE;
  evb_window_export_image (window, file, EVB_EXPORT_PNG, &options);
  wait_exported (&result);
  g_assert_no_error (result.error);
  g_assert_true (g_file_equal (result.file, file));

  g_assert_true (evb_document_write_back (document, &error));
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_get_contents (window_png, &a, &a_len, NULL));
  g_assert_true (g_file_get_contents (cli_png, &b, &b_len, NULL));
  g_assert_cmpuint (a_len, >, 1000);
  g_assert_cmpmem (a, a_len, b, b_len);

  /* Cancelled at once: no file, no error dialog. */
  memset (&result, 0, sizeof result);
  options.scale = 4;
  evb_window_export_image (window, cancelled, EVB_EXPORT_PNG, &options);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-task", NULL));
  wait_exported (&result);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (cancelled_png, G_FILE_TEST_EXISTS));
  g_clear_error (&result.error);
  g_clear_object (&result.file);

  close_window (window);
}

static gboolean
find_message_dialog (gpointer data)
{
  AdwMessageDialog **dialog = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        *dialog = ADW_MESSAGE_DIALOG (window);
    }
  return *dialog != NULL;
}

/* A JSON file with an error: a dialog names the place, nothing is written. */
static void
test_import_error (void)
{
  g_autoptr(EvbApplication) app = evb_application_new ();
  g_autofree char *dir = make_test_dir ("import");
  g_autofree char *path = g_build_filename (dir, "bad.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *json = "{\"format\":\"evidence-board\",\"version\":1,\"board\":{\"title\":\"T\"},"
                     "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"t\",\"x\":0,\"y\":0},"
                     "{\"id\":\"n2\",\"kind\":\"rumour\",\"title\":\"t\",\"x\":0,\"y\":0}],\"links\":[]}";
  AdwMessageDialog *dialog = NULL;
  g_autoptr(GDir) listing = NULL;

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  /* Registered (startup runs) but not run: no bus is needed for that. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  evb_application_import (app, file);

  g_assert_true (wait_until (find_message_dialog, &dialog, TIMEOUT_MS));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could Not Import");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "bad.json: nodes[1].kind"));

  /* Nothing but the bad file in its folder. */
  listing = g_dir_open (dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (listing), ==, "bad.json");
  g_assert_null (g_dir_read_name (listing));

  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
      {
        g_autoptr(GObject) window = g_list_model_get_item (toplevels, i - 1);

        if (EVB_IS_WINDOW (window))
          gtk_window_destroy (GTK_WINDOW (window));
      }
  }
  settle ();
}

/* A JSON Canvas is recognised by its contents, as the CLI does; the edge it
 * cannot import is named in a dialog before anything is written, and
 * declining writes nothing. */
static void
test_import_canvas_skipped (void)
{
  g_autoptr(EvbApplication) app = evb_application_new ();
  g_autofree char *dir = make_test_dir ("import-canvas");
  g_autofree char *path = g_build_filename (dir, "notes.canvas", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *canvas = "{\"nodes\":[{\"id\":\"a\",\"type\":\"text\",\"text\":\"Claim A\","
                       "\"x\":0,\"y\":0,\"width\":200,\"height\":80},{\"id\":\"b\",\"type\":\"text\","
                       "\"text\":\"Evidence B\",\"x\":0,\"y\":200,\"width\":200,\"height\":80}],"
                       "\"edges\":[{\"id\":\"e1\",\"fromNode\":\"b\",\"toNode\":\"a\",\"label\":\"mentions\"}]}";
  AdwMessageDialog *dialog = NULL;
  g_autoptr(GDir) listing = NULL;

  g_assert_true (g_file_set_contents (path, canvas, -1, NULL));
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  evb_application_import (app, file);

  g_assert_true (wait_until (find_message_dialog, &dialog, TIMEOUT_MS));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "1 Item Cannot Be Imported");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "edges[0]"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "mentions"));

  adw_message_dialog_response (dialog, "cancel");
  settle ();
  listing = g_dir_open (dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (listing), ==, "notes.canvas");
  g_assert_null (g_dir_read_name (listing));
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_destroy (GTK_WINDOW (dialog));
  settle ();
}

/* The first mapped widget of type in root's tree, or NULL. */
static GtkWidget *
find_mapped (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A board of n claims in a grid, sized, so no text is measured on import. */
static char *
write_big_json (const char *dir,
                guint       n)
{
  g_autoptr(GString) json = g_string_new ("{\"format\":\"evidence-board\",\"version\":1,"
                                          "\"board\":{\"title\":\"Big\"},\"nodes\":[");
  char *path = g_build_filename (dir, "big.json", NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s{\"id\":\"n%u\",\"kind\":\"claim\",\"title\":\"Claim %u\","
                            "\"x\":%u,\"y\":%u,\"width\":200,\"height\":80}",
                            i > 0 ? "," : "", i, i, (i % 100) * 240, (i / 100) * 120);
  g_string_append (json, "],\"links\":[]}");
  g_assert_true (g_file_set_contents (path, json->str, json->len, NULL));
  return path;
}

/* The loading page of window: its status page, whose title says what is
 * done and whose description the step; NULL when it does not show. */
static AdwStatusPage *
find_loading_page (EvbWindow *window)
{
  GtkWidget *bar = find_mapped (GTK_WIDGET (window), GTK_TYPE_PROGRESS_BAR);

  if (bar == NULL)
    return NULL;
  return ADW_STATUS_PAGE (gtk_widget_get_ancestor (bar, ADW_TYPE_STATUS_PAGE));
}

static gboolean
import_is_writing (gpointer data)
{
  AdwStatusPage *page = find_loading_page (data);

  return page != NULL && g_str_has_prefix (adw_status_page_get_description (page), "Writing");
}

static void
assert_only_file (const char *dir,
                  const char *name)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);

  g_assert_cmpstr (g_dir_read_name (listing), ==, name);
  g_assert_null (g_dir_read_name (listing));
}

/* One application for the import tests: it stays registered on the test
 * bus as long as the windows it opened are finishing, so a second one
 * could not register. Returns a new reference. */
static EvbApplication *
registered_app (void)
{
  static EvbApplication *app;

  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = evb_application_new ();
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }
  return g_object_ref (app);
}

/* An import shows its window at once, on a page with a moving progress
 * bar and Cancel, then the board. */
static void
test_import_progress (void)
{
  g_autoptr(EvbApplication) app = registered_app ();
  g_autofree char *dir = make_test_dir ("import-progress");
  g_autofree char *path = write_big_json (dir, 10000);
  g_autofree char *target_path = g_build_filename (dir, "big.evboard", NULL);
  g_autoptr(GFile) source = g_file_new_for_path (path);
  g_autoptr(GFile) target = g_file_new_for_path (target_path);
  EvbWindow *window;
  AdwStatusPage *page;
  GtkWidget *bar, *cancel;

  window = evb_application_import_to (app, source, target);
  g_assert_true (evb_window_get_loading (window));
  WAIT_FOR ((page = find_loading_page (window)) != NULL);
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "Importing Board");
  g_assert_cmpstr (adw_status_page_get_description (page), ==, "Reading “big.json”…");
  bar = find_mapped (GTK_WIDGET (page), GTK_TYPE_PROGRESS_BAR);
  g_assert_true (gtk_widget_is_drawable (bar));
  cancel = find_mapped (GTK_WIDGET (page), GTK_TYPE_BUTTON);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (cancel)), ==, "_Cancel");
  g_assert_true (gtk_widget_is_sensitive (cancel));

  WAIT_FOR (evb_window_get_session (window) != NULL);
  g_assert_false (evb_window_get_loading (window));
  g_assert_false (gtk_widget_is_sensitive (cancel));
  g_assert_null (find_loading_page (window));
  g_assert_cmpuint (evb_board_get_n_nodes (evb_session_get_board (evb_window_get_session (window))), ==, 10000);
  close_window (window);
}

/* With a filter set, Export Report asks first whether to apply it (the
 * report then lists the matching cards only: /render/report/filtered). */
static void
test_report_filter (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_sample_window (&document);
  AdwMessageDialog *dialog = NULL;
  GtkWidget *row;

  evb_filter_set_kinds (evb_session_get_filter (evb_window_get_session (window)), 1 << EVB_NODE_KIND_EVIDENCE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-report", NULL));
  g_assert_true (wait_until (find_message_dialog, &dialog, TIMEOUT_MS));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Export Report");
  WAIT_FOR ((row = find_mapped (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW)) != NULL);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Apply Filter");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (find_mapped (row, GTK_TYPE_SWITCH))));
  if (g_getenv ("EVB_SCREENSHOT_DIR") != NULL)
    g_object_unref (take_screenshot (GTK_WIDGET (dialog), "report-filter.png"));
  adw_message_dialog_response (dialog, "cancel");
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_destroy (GTK_WINDOW (dialog));
  settle ();
  close_window (window);
}

/* Cancel while the file is read, and while the board is written: nothing
 * is left, neither the new file nor a working copy, and the window is back
 * on its status page. */
static void
test_import_cancel (void)
{
  g_autoptr(EvbApplication) app = registered_app ();
  g_autofree char *dir = make_test_dir ("import-cancel");
  g_autofree char *path = write_big_json (dir, 10000);
  g_autofree char *target_path = g_build_filename (dir, "big.evboard", NULL);
  g_autoptr(GFile) source = g_file_new_for_path (path);
  g_autoptr(GFile) target = g_file_new_for_path (target_path);
  g_autoptr(GPtrArray) recoverable = NULL;
  EvbWindow *window;

  for (guint stage = 0; stage < 2; stage++)
    {
      window = evb_application_import_to (app, source, target);
      g_assert_true (evb_window_get_loading (window));
      if (stage == 1)
        g_assert_true (wait_until (import_is_writing, window, TIMEOUT_MS));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-loading", NULL));
      WAIT_FOR (!evb_window_get_loading (window));
      settle ();
      g_assert_null (evb_window_get_session (window));
      g_assert_null (find_loading_page (window));
      assert_only_file (dir, "big.json");
    }
  recoverable = evb_document_list_recoverable ();
  g_assert_cmpuint (recoverable->len, ==, 0);

  /* A board that cannot be written: the error names the file chosen. */
  {
    g_autofree char *nowhere = g_build_filename (dir, "missing", "big.evboard", NULL);
    g_autoptr(GFile) unwritable = g_file_new_for_path (nowhere);
    AdwMessageDialog *dialog = NULL;

    window = evb_application_import_to (app, source, unwritable);
    g_assert_true (wait_until (find_message_dialog, &dialog, TIMEOUT_MS));
    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could Not Import");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "big.evboard"));
    g_assert_null (strstr (adw_message_dialog_get_body (dialog), ".import-"));
    g_assert_false (evb_window_get_loading (window));
    adw_message_dialog_response (dialog, "close");
    if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
      gtk_window_destroy (GTK_WINDOW (dialog));
    settle ();
    assert_only_file (dir, "big.json");
  }
  close_window (window);
}


static void
write_picture (const char *path,
               double      hue)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 640, 400);
  cairo_t *cr = cairo_create (surface);
  cairo_pattern_t *sky = cairo_pattern_create_linear (0, 0, 0, 400);

  cairo_pattern_add_color_stop_rgb (sky, 0, 0.35, 0.55 + hue, 0.85);
  cairo_pattern_add_color_stop_rgb (sky, 0.6, 0.75, 0.8, 0.85);
  cairo_pattern_add_color_stop_rgb (sky, 0.6, 0.3, 0.4, 0.25);
  cairo_pattern_add_color_stop_rgb (sky, 1, 0.2, 0.3, 0.15);
  cairo_set_source (cr, sky);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.15, 0.15, 0.18);
  cairo_arc (cr, 420, 140, 28, 0, 2 * G_PI);
  cairo_fill (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_pattern_destroy (sky);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* An attached picture gets a thumbnail stored in the board; a file that
 * changes or goes away after it was attached is flagged on its card and in
 * the inspector when the attachments are checked. */
static void
test_attachment_flags (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_sample_window (&document);
  EvbBoard *board = evb_document_get_board (document);
  EvbCanvas *canvas = evb_window_get_canvas (window);
  EvbRenderer *renderer = evb_canvas_get_renderer (canvas);
  g_autofree char *dir = make_test_dir ("flags");
  g_autofree char *photo = g_build_filename (dir, "Residence from the road.png", NULL);
  g_autofree char *scan = g_build_filename (dir, "Statement scan.png", NULL);
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *photo_id = NULL;
  g_autofree char *scan_id = NULL;
  g_autofree char *sha256 = NULL;
  guint n = evb_board_get_n_nodes (board), thumbnails = 0, checks = 0;

  /* open_sample_window() waited for the check that opening started. */
  g_signal_connect (window, "thumbnail-made", G_CALLBACK (count_thumbnail_cb), &thumbnails);
  g_signal_connect (window, "attachments-checked", G_CALLBACK (count_signal_cb), &checks);

  /* Linked, not kept in the board (issue 17): the check looks at the files. */
  evb_session_set_embed_size_limit (evb_window_get_session (window), 0);
  write_picture (photo, 0);
  write_picture (scan, 0.2);
  drop_file (window, photo, 150, 500);
  WAIT_FOR (evb_board_get_n_nodes (board) >= n + 1);
  drop_file (window, scan, 450, 500);
  WAIT_FOR (evb_board_get_n_nodes (board) >= n + 2);
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, n + 2);
  photo_id = g_strdup (evb_node_get_id (g_ptr_array_index (evb_board_get_nodes (board), n)));
  scan_id = g_strdup (evb_node_get_id (g_ptr_array_index (evb_board_get_nodes (board), n + 1)));
  g_assert_cmpint (evb_node_get_evidence_type (evb_board_get_node (board, photo_id)), ==, EVB_EVIDENCE_TYPE_PHOTO);

  /* Thumbnails: made in a thread, stored in the board. */
  wait_count (&thumbnails, 2);
  sha256 = g_strdup (evb_node_get_data (evb_board_get_node (board, photo_id))->attachment_sha256);
  stored = evb_store_get_thumbnail (evb_document_get_store (document), sha256, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpint (evb_attachment_state_get_status (evb_renderer_get_attachment_state (renderer), photo_id), ==, EVB_ATTACHMENT_OK);

  /* The photo is edited elsewhere and the scan deleted. */
  write_picture (photo, 0.3);
  g_unlink (scan);
  activate (window, "win.check-attachments", NULL);
  wait_count (&checks, 1);
  g_assert_cmpint (evb_attachment_state_get_status (evb_renderer_get_attachment_state (renderer), photo_id), ==, EVB_ATTACHMENT_CHANGED);
  g_assert_cmpint (evb_attachment_state_get_status (evb_renderer_get_attachment_state (renderer), scan_id), ==, EVB_ATTACHMENT_MISSING);

  evb_selection_select (evb_canvas_get_selection (canvas), photo_id, FALSE);
  WAIT_FOR (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (inspector_child (window, "attachment_row"))) ?: "",
                    "changed since it was attached") != NULL);
  g_assert_true (gtk_widget_activate_action (inspector_child (window, "attachment_row"),
                                             "inspector.remove-attachment", NULL));
  g_assert_null (evb_node_get_data (evb_board_get_node (board, photo_id))->attachment_uri);
  activate (window, "win.undo", NULL);
  g_assert_nonnull (evb_node_get_data (evb_board_get_node (board, photo_id))->attachment_uri);
  evb_canvas_zoom_reset (canvas);
  evb_canvas_center_node (canvas, photo_id);

  /* A look at it: the flagged cards with their thumbnails, the inspector. */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (inspector_child (window, "attachment_group"),
                                                   GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    wait_drawn (GTK_WIDGET (window));
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  }
  save_screenshot (GTK_WIDGET (window), "attachment-flags.png");

  close_window (window);
}



/* A board whose pictures have no thumbnails (imported from JSON, which
 * carries none) gets them when it opens: one for each picture that is
 * where it was and unchanged, one per file, and none for a changed file. */
static void
test_thumbnails_on_open (void)
{
  g_autofree char *dir = make_test_dir ("thumbs");
  g_autofree char *photo = g_build_filename (dir, "Satellite pass.png", NULL);
  g_autofree char *edited = g_build_filename (dir, "Edited since.png", NULL);
  g_autofree char *path = g_build_filename (dir, "imported.evboard", NULL);
  g_autoptr(EvbBoard) board = evb_board_new ("Imported");
  g_autoptr(GFile) photo_file = g_file_new_for_path (photo);
  g_autoptr(GFile) edited_file = g_file_new_for_path (edited);
  g_autoptr(GFile) board_file = g_file_new_for_path (path);
  g_autoptr(EvbDocument) document = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *photo_sha = NULL;
  g_autofree char *edited_sha = NULL;
  gint64 photo_size = 0, edited_size = 0;
  guint thumbnails = 0, checks = 0;
  EvbWindow *window;

  write_picture (photo, 0.1);
  write_picture (edited, 0.2);
  photo_sha = evb_attachment_hash (photo_file, &photo_size, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  edited_sha = evb_attachment_hash (edited_file, &edited_size, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
      GFile *file = i < 2 ? photo_file : edited_file;

      data->evidence_type = EVB_EVIDENCE_TYPE_SATELLITE_IMAGERY;
      evb_node_data_set_string (&data->title, i < 2 ? "Satellite pass" : "Edited since");
      data->x = 300 * i;
      data->attachment_uri = g_file_get_uri (file);
      evb_node_data_set_string (&data->attachment_sha256, i < 2 ? photo_sha : edited_sha);
      data->attachment_size = i < 2 ? photo_size : edited_size;
      evb_node_data_set_string (&data->attachment_media_type, "image/png");
      g_assert_nonnull (evb_board_add_node (board, data, &error));
      g_assert_no_error (error);
    }
  g_assert_true (evb_store_write_new (board, path, FALSE, &error));
  g_assert_no_error (error);
  /* Changed after it was attached, with the same size: flagged, no thumbnail. */
  write_picture (edited, 0.25);

  document = evb_document_open (board_file, &error);
  g_assert_no_error (error);
  window = evb_window_new (NULL);
  g_signal_connect (window, "thumbnail-made", G_CALLBACK (count_thumbnail_cb), &thumbnails);
  g_signal_connect (window, "attachments-checked", G_CALLBACK (count_signal_cb), &checks);
  evb_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));

  wait_count (&checks, 1);
  wait_count (&thumbnails, 1);
  /* One per file: the two cards of the same picture make no second. */
  assert_count_stays (&thumbnails, 1, 300);
  stored = evb_store_get_thumbnail (evb_document_get_store (document), photo_sha, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_clear_pointer (&stored, g_bytes_unref);
  stored = evb_store_get_thumbnail (evb_document_get_store (document), edited_sha, &error);
  g_assert_no_error (error);
  g_assert_null (stored);

  /* Checking again makes nothing new: the thumbnail is stored. */
  activate (window, "win.check-attachments", NULL);
  wait_count (&checks, 2);
  assert_count_stays (&thumbnails, 1, 300);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (wait_until (window_is_gone, window, TIMEOUT_MS));
  settle ();
}

/* A big file: the progress bar shows while it is hashed, and Cancel stops
 * it without adding anything. */
static void
test_attach_cancel (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_sample_window (&document);
  EvbBoard *board = evb_document_get_board (document);
  g_autofree char *dir = make_test_dir ("cancel");
  g_autofree char *path = g_build_filename (dir, "Drone footage, full night.mp4", NULL);
  GtkRevealer *revealer = GTK_REVEALER (gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW,
                                                                       "progress_revealer"));
  guint n = evb_board_get_n_nodes (board);
  FILE *file;

  /* Sparse: 8 GiB to read, nothing on the disk. */
  file = fopen (path, "w");
  g_assert_nonnull (file);
  g_assert_cmpint (ftruncate (fileno (file), (off_t) 8 << 30), ==, 0);
  fclose (file);

  /* Within the limit, so no question: a copy is being kept in the board
   * (issue 17), and Cancel stops that too. */
  evb_session_set_embed_size_limit (evb_window_get_session (window), (guint64) 16 << 30);
  drop_file (window, path, 300, 300);
  WAIT_FOR (gtk_revealer_get_reveal_child (revealer));
  save_screenshot (GTK_WIDGET (window), "hashing.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-task", NULL));
  WAIT_FOR (!gtk_revealer_get_reveal_child (revealer));
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, n);

  close_window (window);
}

/* The pixels of a screenshot, for looking at them. */
typedef struct
{
  guint32 *pixels;  /* CAIRO_FORMAT_ARGB32: 0xAARRGGBB in host order */
  int      width;
  int      height;
} Pixels;

static void
pixels_init (Pixels     *pixels,
             GdkTexture *texture)
{
  pixels->width = gdk_texture_get_width (texture);
  pixels->height = gdk_texture_get_height (texture);
  pixels->pixels = g_new (guint32, (gsize) pixels->width * pixels->height);
  gdk_texture_download (texture, (guchar *) pixels->pixels, pixels->width * 4);
}

static gboolean
any_overlap (EvbBoard *board)
{
  GPtrArray *nodes = evb_board_get_nodes (board);

  for (guint i = 0; i < nodes->len; i++)
    for (guint j = i + 1; j < nodes->len; j++)
      {
        const EvbNodeData *a = evb_node_get_data (g_ptr_array_index (nodes, i));
        const EvbNodeData *b = evb_node_get_data (g_ptr_array_index (nodes, j));

        if (a->x < b->x + b->width && b->x < a->x + a->width &&
            a->y < b->y + b->height && b->y < a->y + a->height)
          return TRUE;
      }
  return FALSE;
}

/* Where every card is, as text to compare. */
static char *
places_of (EvbBoard *board)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < evb_board_get_n_nodes (board); i++)
    {
      const EvbNodeData *d = evb_node_get_data (g_ptr_array_index (evb_board_get_nodes (board), i));

      g_string_append_printf (out, "%s %g %g\n", d->id, d->x, d->y);
    }
  return g_string_free (out, FALSE);
}

/* Whether every card of ids (NULL: all) lies inside the canvas's view. */
static gboolean
cards_in_view (EvbCanvas *canvas,
               EvbBoard  *board,
               GPtrArray *ids)
{
  EvbViewport *viewport = evb_canvas_get_viewport (canvas);
  double left, top, right, bottom;
  guint n = ids != NULL ? ids->len : evb_board_get_n_nodes (board);

  evb_viewport_widget_to_board (viewport, 0, 0, &left, &top);
  evb_viewport_widget_to_board (viewport, gtk_widget_get_width (GTK_WIDGET (canvas)),
                                gtk_widget_get_height (GTK_WIDGET (canvas)), &right, &bottom);
  for (guint i = 0; i < n; i++)
    {
      EvbNode *node = ids != NULL ? evb_board_get_node (board, ids->pdata[i])
                                  : g_ptr_array_index (evb_board_get_nodes (board), i);
      double x, y, w, h;

      evb_node_get_bounds (node, &x, &y, &w, &h);
      if (x < left || y < top || x + w > right || y + h > bottom)
        return FALSE;
    }
  return TRUE;
}

/* Tidy Up shows its result: the whole board tidied while the view is far
 * off (zoomed in on an empty corner) is fitted into view, as Zoom to Fit
 * does; a selection tidied while zoomed in on it stays in view at that
 * zoom when it fits there. */
static void
test_tidy_up_shows_result (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_sample_window (&document);
  EvbBoard *board = evb_document_get_board (document);
  EvbCanvas *canvas = evb_window_get_canvas (window);
  EvbViewport *viewport = evb_canvas_get_viewport (canvas);
  EvbSelection *selection = evb_canvas_get_selection (canvas);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  double x, y, w, h;

  /* The whole board, animated, from a view of nothing. */
  evb_viewport_set (viewport, 50000, 50000, 2.0);
  wait_drawn (GTK_WIDGET (window));
  g_assert_false (cards_in_view (canvas, board, NULL));
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.tidy-up", "s", "layered"));
  WAIT_FOR (!evb_board_in_transaction (board));
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_assert_true (cards_in_view (canvas, board, NULL));

  /* Two linked cards, zoomed in on them at 125 %: tidied where they fit
   * at that zoom, they stay in view and the zoom stays. Which pair fits
   * depends on where the whole board's tidy put the other cards, so the
   * first link whose two cards the layout puts within a view is taken. */
  for (guint i = 0; i < evb_board_get_links (board)->len && ids->len == 0; i++)
    {
      EvbLink *link = g_ptr_array_index (evb_board_get_links (board), i);
      g_autoptr(GPtrArray) pair = g_ptr_array_new ();
      g_autoptr(GArray) places = NULL;
      double x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = -G_MAXDOUBLE, y2 = -G_MAXDOUBLE;

      g_ptr_array_add (pair, (gpointer) evb_link_get_from (link));
      g_ptr_array_add (pair, (gpointer) evb_link_get_to (link));
      places = evb_layout_compute (board, EVB_LAYOUT_LAYERED, pair, NULL);
      g_assert_nonnull (places);
      for (guint k = 0; k < places->len; k++)
        {
          const EvbLayoutPosition *p = &g_array_index (places, EvbLayoutPosition, k);

          evb_node_get_bounds (evb_board_get_node (board, p->id), NULL, NULL, &w, &h);
          x1 = MIN (x1, p->x);
          y1 = MIN (y1, p->y);
          x2 = MAX (x2, p->x + w);
          y2 = MAX (y2, p->y + h);
        }
      if ((x2 - x1) * 1.25 + 2 * 32 > gtk_widget_get_width (GTK_WIDGET (canvas)) ||
          (y2 - y1) * 1.25 + 2 * 32 > gtk_widget_get_height (GTK_WIDGET (canvas)))
        continue;
      g_ptr_array_add (ids, g_strdup (evb_link_get_from (link)));
      g_ptr_array_add (ids, g_strdup (evb_link_get_to (link)));
    }
  g_assert_cmpuint (ids->len, ==, 2);
  evb_selection_select (selection, ids->pdata[0], FALSE);
  evb_selection_select (selection, ids->pdata[1], TRUE);
  evb_node_get_bounds (evb_board_get_node (board, ids->pdata[0]), &x, &y, &w, &h);
  evb_viewport_set (viewport, x - 10, y - 10, 1.25);
  wait_drawn (GTK_WIDGET (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.tidy-up", "s", "layered"));
  g_assert_false (evb_board_in_transaction (board));
  g_assert_true (cards_in_view (canvas, board, ids));
  g_assert_cmpfloat (evb_viewport_get_zoom (viewport), ==, 1.25);
  close_window (window);
}

/* Tidy Up from the menu's action: the cards glide (the step stays open
 * over several frames) when animations are on and jump when they are off;
 * either way one undo step, no overlaps, the card pinned in the inspector
 * stays, and the file follows. */
static void
test_tidy_up (void)
{
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_sample_window (&document);
  EvbBoard *board = evb_document_get_board (document);
  EvbCanvas *canvas = evb_window_get_canvas (window);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *now = NULL;
  g_autofree char *pinned_id = g_strdup (evb_node_get_id (g_ptr_array_index (evb_board_get_nodes (board), 2)));
  double px, py, x, y;

  /* Pin a card in the inspector, one undo step. */
  evb_selection_select (evb_canvas_get_selection (canvas), pinned_id, FALSE);
  wait_drawn (GTK_WIDGET (window));
  gtk_switch_set_active (GTK_SWITCH (inspector_child (window, "pinned_switch")), TRUE);
  g_assert_true (node_data (board, pinned_id)->pinned);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Pin");
  evb_node_get_bounds (evb_board_get_node (board, pinned_id), &px, &py, NULL, NULL);
  evb_selection_clear (evb_canvas_get_selection (canvas));
  before = places_of (board);

  /* Animated: still on its way after the action returns. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.tidy-up", "s", "layered"));
  g_assert_true (evb_board_in_transaction (board));
  WAIT_FOR (!evb_board_in_transaction (board));
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Tidy Up");
  g_assert_false (any_overlap (board));
  evb_node_get_bounds (evb_board_get_node (board, pinned_id), &x, &y, NULL, NULL);
  g_assert_cmpfloat (x, ==, px);
  g_assert_cmpfloat (y, ==, py);
  assert_file_matches (document);
  after = places_of (board);
  g_assert_cmpstr (after, !=, before);

  activate (window, "win.undo", NULL);
  now = places_of (board);
  g_assert_cmpstr (now, ==, before);
  g_assert_true (node_data (board, pinned_id)->pinned);
  g_clear_pointer (&now, g_free);

  /* Without animations: in place at once, the same places. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.tidy-up", "s", "layered"));
  g_assert_false (evb_board_in_transaction (board));
  now = places_of (board);
  g_assert_cmpstr (now, ==, after);

  /* Align the tops of two cards: one step, named after it. */
  {
    EvbSelection *selection = evb_canvas_get_selection (canvas);
    const char *a = evb_node_get_id (g_ptr_array_index (evb_board_get_nodes (board), 0));
    const char *b = evb_node_get_id (g_ptr_array_index (evb_board_get_nodes (board), 10));
    double ay, by;

    evb_selection_select (selection, a, FALSE);
    evb_selection_select (selection, b, TRUE);
    activate (window, "win.arrange", g_variant_new_string ("top"));
    g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Align Top Edges");
    evb_node_get_bounds (evb_board_get_node (board, evb_selection_get_nodes (selection)->pdata[0]),
                         NULL, &ay, NULL, NULL);
    evb_node_get_bounds (evb_board_get_node (board, evb_selection_get_nodes (selection)->pdata[1]),
                         NULL, &by, NULL, NULL);
    g_assert_cmpfloat (ay, ==, by);
  }
  wait_drawn (GTK_WIDGET (window));
  close_window (window);
}

static gboolean
node_in_view (EvbCanvas  *canvas,
              const char *id)
{
  EvbViewport *viewport = evb_canvas_get_viewport (canvas);
  double x, y, w, h, wx, wy, zoom = evb_viewport_get_zoom (viewport);

  evb_node_get_bounds (evb_board_get_node (evb_canvas_get_board (canvas), id), &x, &y, &w, &h);
  evb_viewport_board_to_widget (viewport, x, y, &wx, &wy);
  return wx >= -0.5 && wy >= -0.5 &&
         wx + w * zoom <= gtk_widget_get_width (GTK_WIDGET (canvas)) + 0.5 &&
         wy + h * zoom <= gtk_widget_get_height (GTK_WIDGET (canvas)) + 0.5;
}

/* New cards go beside the selected card when they fit in view there, and
 * are in view afterwards even when zoomed in on a crowded place. */
static void
test_new_card_in_view (void)
{
  for (guint zoomed = 0; zoomed < 2; zoomed++)
    {
      g_autoptr(EvbDocument) document = NULL;
      EvbWindow *window = open_sample_window (&document);
      EvbBoard *board = evb_document_get_board (document);
      EvbCanvas *canvas = evb_window_get_canvas (window);
      EvbSelection *selection = evb_canvas_get_selection (canvas);
      g_autofree char *first = g_strdup (evb_node_get_id (g_ptr_array_index (evb_board_get_nodes (board), 0)));
      double x, y, w, nx, ny;

      /* Zoom first: the title editor a new card opens follows no zoom. */
      for (guint i = 0; zoomed && i < 4; i++)
        activate (window, "win.zoom-in", NULL);
      evb_node_get_bounds (evb_board_get_node (board, first), &x, &y, &w, NULL);
      evb_selection_select (selection, first, FALSE);
      evb_canvas_center_node (canvas, first);
      wait_drawn (GTK_WIDGET (window));

      if (!zoomed)
        {
          activate (window, "win.add-claim", NULL);
          g_assert_cmpuint (evb_selection_get_nodes (selection)->len, ==, 1);
          evb_node_get_bounds (evb_board_get_node (board, evb_selection_get_nodes (selection)->pdata[0]),
                               &nx, &ny, NULL, NULL);
          /* Right of it, or at the nearest free place from there whose
           * line to it crosses no card (tests/ui/test-place-beside.c). */
          g_assert_cmpfloat (nx, >=, x + w);
          g_assert_cmpfloat (fabs (nx - (x + w + 40)), <=, EVB_EDITING_BESIDE_RINGS * EVB_EDITING_PLACE_STEP);
          g_assert_cmpfloat (fabs (ny - y), <=, EVB_EDITING_BESIDE_RINGS * EVB_EDITING_PLACE_STEP);
          g_assert_true (node_in_view (canvas, evb_selection_get_nodes (selection)->pdata[0]));
        }
      else
        for (guint i = 0; i < 6; i++)
          {
            activate (window, "win.add-evidence", g_variant_new_string ("report"));
            g_assert_true (node_in_view (canvas, evb_selection_get_nodes (selection)->pdata[0]));
          }
      close_window (window);
    }
}

static gboolean
pixel_is (guint32        pixel,
          const GdkRGBA *rgba)
{
  int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

  return ABS (r - (int) (rgba->red * 255 + 0.5)) <= 2 &&
         ABS (g - (int) (rgba->green * 255 + 0.5)) <= 2 &&
         ABS (b - (int) (rgba->blue * 255 + 0.5)) <= 2;
}

/* Pixels in the selection colour in a band just outside the card, in a
 * window screenshot; -1 when the card is not wholly in view. */
static int
count_ring_pixels (Pixels                *pixels,
                   const graphene_rect_t *area,
                   EvbViewport           *viewport,
                   EvbNode               *node,
                   const GdkRGBA         *colour,
                   guint                 *perimeter)
{
  const int margin = 12;
  double bx, by, bw, bh, x0, y0, x1, y1;
  int count = 0;

  evb_node_get_bounds (node, &bx, &by, &bw, &bh);
  evb_viewport_board_to_widget (viewport, bx, by, &x0, &y0);
  evb_viewport_board_to_widget (viewport, bx + bw, by + bh, &x1, &y1);
  x0 += area->origin.x; x1 += area->origin.x;
  y0 += area->origin.y; y1 += area->origin.y;
  if (x0 - margin < area->origin.x || y0 - margin < area->origin.y ||
      x1 + margin > area->origin.x + area->size.width || y1 + margin > area->origin.y + area->size.height ||
      x1 + margin >= pixels->width || y1 + margin >= pixels->height)
    return -1;

  for (int y = y0 - margin; y <= y1 + margin; y++)
    for (int x = x0 - margin; x <= x1 + margin; x++)
      if ((x < x0 - 1 || x > x1 + 1 || y < y0 - 1 || y > y1 + 1) &&
          pixel_is (pixels->pixels[y * pixels->width + x], colour))
        count++;
  *perimeter = 2 * (guint) ((x1 - x0) + (y1 - y0));
  return count;
}

/* What the screenshot of a board with a selected card must show: a canvas
 * that is not blank (cards, text, links: many colours) and, just outside
 * the selected card, a ring in the palette's selection colour that the
 * cards around it do not have. */
static void
assert_canvas_shows_selection (GdkTexture        *texture,
                               EvbWindow         *window,
                               const char        *node_id,
                               const EvbPalette  *palette)
{
  EvbCanvas *canvas = evb_window_get_canvas (window);
  EvbViewport *viewport = evb_canvas_get_viewport (canvas);
  EvbBoard *board = evb_document_get_board (evb_window_get_document (window));
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  graphene_rect_t area;
  Pixels pixels;
  guint perimeter = 0, others = 0;
  int ring;

  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (canvas), GTK_WIDGET (window), &area));
  pixels_init (&pixels, texture);

  for (int y = area.origin.y; y < area.origin.y + area.size.height && y < pixels.height; y++)
    for (int x = area.origin.x; x < area.origin.x + area.size.width && x < pixels.width; x++)
      g_hash_table_add (colours, GUINT_TO_POINTER (pixels.pixels[y * pixels.width + x] & 0xffffff));
  g_test_message ("canvas: %u colours", g_hash_table_size (colours));
  g_assert_cmpuint (g_hash_table_size (colours), >, 50);

  /* The selected card must be in view for this to mean anything. */
  ring = count_ring_pixels (&pixels, &area, viewport, evb_board_get_node (board, node_id),
                            &palette->selection, &perimeter);
  g_test_message ("selected card: %d pixels of its ring, perimeter %u", ring, perimeter);
  g_assert_cmpint (ring, >=, (int) perimeter / 2);

  for (guint i = 0; i < evb_board_get_n_nodes (board); i++)
    {
      EvbNode *node = g_ptr_array_index (evb_board_get_nodes (board), i);
      int other;

      if (g_str_equal (evb_node_get_id (node), node_id) ||
          (other = count_ring_pixels (&pixels, &area, viewport, node, &palette->selection, &perimeter)) < 0)
        continue;
      g_test_message ("unselected card %s: %d pixels, perimeter %u", evb_node_get_id (node), other, perimeter);
      g_assert_cmpint (other, <, (int) perimeter / 4);
      others++;
    }
  g_assert_cmpuint (others, >, 0);
  g_free (pixels.pixels);
}

static void
test_screenshots (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = evb_application_make_sample (&error);
  g_autoptr(EvbDocument) document = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *selected_id = NULL;
  GtkLabel *search_count;
  EvbWindow *window;

  g_assert_no_error (error);
  document = evb_document_open (file, &error);
  g_assert_no_error (error);

  window = evb_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  evb_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));
  wait_drawn (GTK_WIDGET (window));
  /* A readable part of the board: the central claims at 80 %. */
  evb_viewport_set (evb_canvas_get_viewport (evb_window_get_canvas (window)), 40, 20, 0.8);
  /* The inspector shows a graded video. */
  for (guint i = 0; i < evb_board_get_n_nodes (evb_document_get_board (document)); i++)
    {
      EvbNode *node = g_ptr_array_index (evb_board_get_nodes (evb_document_get_board (document)), i);

      if (evb_node_get_evidence_type (node) == EVB_EVIDENCE_TYPE_VIDEO)
        {
          selected_id = g_strdup (evb_node_get_id (node));
          evb_selection_select (evb_canvas_get_selection (evb_window_get_canvas (window)), selected_id, FALSE);
          break;
        }
    }
  g_assert_nonnull (selected_id);
  texture = take_screenshot (GTK_WIDGET (window), "main-light.png");
  assert_canvas_shows_selection (texture, window, selected_id, evb_palette_get (FALSE));
  g_clear_object (&texture);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  WAIT_FOR (adw_style_manager_get_dark (style));
  texture = take_screenshot (GTK_WIDGET (window), "main-dark.png");
  assert_canvas_shows_selection (texture, window, selected_id, evb_palette_get (TRUE));
  g_clear_object (&texture);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  WAIT_FOR (!adw_style_manager_get_dark (style));

  /* Search */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL);
  {
    GtkWidget *bar = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW, "search_bar"));

    gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (bar, EVB_TYPE_SEARCH_BAR, "search_entry")),
                           "kremlin");
    /* The entry waits for a pause in typing before it searches. */
    search_count = GTK_LABEL (gtk_widget_get_template_child (bar, EVB_TYPE_SEARCH_BAR, "search_count"));
  }
  WAIT_FOR (strstr (gtk_label_get_text (search_count), " of ") != NULL);
  save_screenshot (GTK_WIDGET (window), "search.png");
  close_window (window);

  /* A narrow window, as on a phone or a half-screen. */
  g_clear_object (&document);
  document = evb_document_open (file, &error);
  g_assert_no_error (error);
  window = evb_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  evb_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));
  wait_drawn (GTK_WIDGET (window));
  /* The header bar drops buttons once narrow; then the window can shrink
   * (a default size equal to the current one would change nothing). */
  gtk_window_set_default_size (GTK_WINDOW (window), 361, 720);
  wait_drawn (GTK_WIDGET (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (window)) <= 400);
  /* The whole board fitted to a phone's width is far out, where cards are
   * drawn as plain boxes: show the central claims at a size one can read,
   * as a person would zoom in. */
  evb_viewport_set (evb_canvas_get_viewport (evb_window_get_canvas (window)), 655, 30, 0.9);
  save_screenshot (GTK_WIDGET (window), "narrow.png");

  /* Narrow, the inspector waits to be asked for, then slides over the board. */
  {
    GValue shown = G_VALUE_INIT;

    g_value_init (&shown, G_TYPE_BOOLEAN);
    g_object_get_property (G_OBJECT (window), "show-inspector", &shown);
    g_assert_false (g_value_get_boolean (&shown));
  }
  evb_selection_select (evb_canvas_get_selection (evb_window_get_canvas (window)),
                     evb_node_get_id (g_ptr_array_index (evb_board_get_nodes (evb_document_get_board (document)), 0)),
                     FALSE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-inspector", NULL);
  {
    GValue shown = G_VALUE_INIT;

    g_value_init (&shown, G_TYPE_BOOLEAN);
    g_object_get_property (G_OBJECT (window), "show-inspector", &shown);
    g_assert_true (g_value_get_boolean (&shown));
  }
  /* Animations are off in this test: the inspector is over the board at once. */
  save_screenshot (GTK_WIDGET (window), "narrow-inspector.png");
  close_window (window);
}

/* Whether the last line of view's text is inside the view. */
static gboolean
text_view_shows_last_line (GtkTextView *view)
{
  GtkTextIter end;
  GdkRectangle last;

  gtk_text_buffer_get_end_iter (gtk_text_view_get_buffer (view), &end);
  gtk_text_view_get_iter_location (view, &end, &last);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, last.x, last.y, &last.x, &last.y);
  return last.y + last.height <= gtk_widget_get_height (GTK_WIDGET (view));
}

/* The board's description is laid out whole in the inspector, its last
 * line inside the box and not cut off at the frame's edge, also when the
 * board comes after the window is up, as the application opens boards. */
static void
test_board_description_fits (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = evb_application_make_sample (&error);
  g_autoptr(EvbDocument) document = NULL;
  GtkTextView *view;
  EvbWindow *window;

  g_assert_no_error (error);
  document = evb_document_open (file, &error);
  g_assert_no_error (error);
  window = evb_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  wait_drawn (GTK_WIDGET (window));
  evb_window_set_document (window, document);
  wait_drawn (GTK_WIDGET (window));

  view = GTK_TEXT_VIEW (inspector_child (window, "board_description_view"));
  g_assert_cmpint (gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (view)), >, 200);
  WAIT_FOR (text_view_shows_last_line (view));
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = test_run_init (&argc, &argv, "test-window");
  int status;

  g_test_add_func ("/window/actions", test_actions);
  g_test_add_func ("/window/header-without-board", test_header_without_board);
  g_test_add_func ("/window/inspector", test_inspector);
  g_test_add_func ("/window/search", test_search);
  g_test_add_func ("/window/drop-file", test_drop_file);
  g_test_add_func ("/window/export", test_export);
  g_test_add_func ("/window/import-error", test_import_error);
  g_test_add_func ("/window/import-canvas-skipped", test_import_canvas_skipped);
  g_test_add_func ("/window/import-progress", test_import_progress);
  g_test_add_func ("/window/import-cancel", test_import_cancel);
  g_test_add_func ("/window/report-filter", test_report_filter);
  g_test_add_func ("/window/attachment-flags", test_attachment_flags);
  g_test_add_func ("/window/attach-cancel", test_attach_cancel);
  g_test_add_func ("/window/thumbnails-on-open", test_thumbnails_on_open);
  g_test_add_func ("/window/screenshots", test_screenshots);
  g_test_add_func ("/window/board-description-fits", test_board_description_fits);
  g_test_add_func ("/window/tidy-up", test_tidy_up);
  g_test_add_func ("/window/tidy-up-shows-result", test_tidy_up_shows_result);
  g_test_add_func ("/window/new-card-in-view", test_new_card_in_view);

  status = g_test_run ();
  test_remove_tree (home);
  return status;
}
