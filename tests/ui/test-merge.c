/* test-merge.c: Merge Board… in the window, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A JSON copy of the open board with one card changed later and one card
 * added: the dialog lists the conflict before anything changes, Cancel
 * leaves the board as it was, Merge makes one undo step.
 */

#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "evb-editing.h"
#include "evb-json.h"
#include "evb-window.h"
#include "evb-window-private.h"
#include "test-wait.h"

/* The board as JSON without the board's own modification time: an undo
 * is a change of the board too, and stamps it anew (a second later, on a
 * slow run), while every card and link is back as it was. */
static char *
board_without_time (EvbBoard *board)
{
  g_autofree char *text = evb_json_write_board (board, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *meta;

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  meta = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "board");
  json_object_remove_member (meta, "modified");
  json_generator_set_root (generator, json_parser_get_root (parser));
  return json_generator_to_data (generator, NULL);
}

static gboolean
find_message_dialog (gpointer data)
{
  AdwMessageDialog **dialog = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  *dialog = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        *dialog = ADW_MESSAGE_DIALOG (window);
    }
  return *dialog != NULL;
}

static gboolean
no_message_dialog (gpointer data)
{
  AdwMessageDialog *dialog = NULL;

  return !find_message_dialog (&dialog);
}

/* The text of the first label inside widget. */
static const char *
label_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = label_text (child);

      if (text != NULL)
        return text;
    }
  return NULL;
}

static AdwMessageDialog *
merge_and_wait (EvbWindow *window,
                GFile     *other)
{
  AdwMessageDialog *dialog = NULL;

  _evb_window_merge_file (window, other);
  g_assert_true (wait_until (find_message_dialog, &dialog, TIMEOUT_MS));
  return dialog;
}

static void
test_merge_dialog (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "merge", NULL);
  g_autofree char *path = NULL;
  g_autofree char *other_path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) other = NULL;
  g_autoptr(EvbDocument) document = NULL;
  g_autoptr(EvbBoard) copy = NULL;
  g_autoptr(EvbNodeData) card = evb_node_data_new (EVB_NODE_KIND_CLAIM);
  g_autoptr(EvbNodeData) added = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  g_autoptr(EvbNodeData) changed = NULL;
  AdwMessageDialog *dialog;
  EvbWindow *window;
  EvbBoard *board;
  gsize length = 0;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  path = g_build_filename (dir, "ours.evboard", NULL);
  other_path = g_build_filename (dir, "theirs.json", NULL);
  file = g_file_new_for_path (path);
  other = g_file_new_for_path (other_path);
  document = evb_document_new (file, "Merge test", &error);
  g_assert_no_error (error);
  board = evb_document_get_board (document);
  card->id = g_strdup ("c");
  card->title = g_strdup ("Ours");
  card->modified = g_strdup ("2026-01-01T00:00:00Z");
  g_assert_nonnull (evb_board_add_node (board, card, &error));

  /* Theirs: the card edited later, and a new one. */
  text = evb_json_write_board (board, &length);
  copy = evb_json_read_board (text, length, &error);
  g_assert_no_error (error);
  changed = evb_node_dup_data (evb_board_get_node (copy, "c"));
  g_free (changed->title);
  changed->title = g_strdup ("Theirs");
  g_assert_true (evb_board_update_node (copy, changed, &error));
  added->id = g_strdup ("n");
  added->title = g_strdup ("New");
  added->y = 400;
  g_assert_nonnull (evb_board_add_node (copy, added, &error));
  {
    const char *members[] = { "n", NULL };
    g_autoptr(EvbGroupData) group = evb_group_data_new ("Site", members);

    g_assert_nonnull (evb_board_add_group (copy, group, &error));
  }
  g_assert_true (evb_json_write_board_file (copy, other_path, &error));

  window = evb_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  evb_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));
  before = board_without_time (board);

  /* The dialog says what would change; Cancel changes nothing. */
  dialog = merge_and_wait (window, other);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Merge Board?");
  /* …the group it brings too. */
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "1 card, 0 links and 1 group will be added and 1 card and 0 groups updated. "
                   "1 conflict: the newer copy is kept (this board’s link, title and description).");
  g_assert_nonnull (strstr (label_text (adw_message_dialog_get_extra_child (dialog)), "(c) differs"));
  /* Emitting the response does not close the dialog as a click does. */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (wait_until (no_message_dialog, NULL, TIMEOUT_MS));
  {
    g_autofree char *now = board_without_time (board);

    g_assert_cmpstr (now, ==, before);
  }

  /* Merge: the union, the newer card, one undo step. */
  dialog = merge_and_wait (window, other);
  adw_message_dialog_response (dialog, "accept");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (wait_until (no_message_dialog, NULL, TIMEOUT_MS));
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 2);
  g_assert_cmpuint (evb_board_get_groups (board)->len, ==, 1);
  g_assert_cmpstr (evb_node_get_title (evb_board_get_node (board, "c")), ==, "Theirs");
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Merge Board");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  {
    g_autofree char *now = board_without_time (board);

    g_assert_cmpstr (now, ==, before);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The summary counts each kind of thing in its own plural form. */
static void
test_merge_summary (void)
{
  EvbMergeReport report = { 0 };
  g_autofree char *none = NULL;
  g_autofree char *some = NULL;

  report.conflicts = g_ptr_array_new ();
  report.one_sided = g_ptr_array_new ();
  report.nodes_added = 2;
  report.links_added = 1;
  report.groups_added = 2;
  none = _evb_window_merge_summary (&report);
  g_assert_cmpstr (none, ==, "2 cards, 1 link and 2 groups will be added and 0 cards and 0 groups "
                             "updated. No conflicts.");

  report.nodes_updated = 1;
  report.groups_updated = 3;
  g_ptr_array_add (report.conflicts, (gpointer) "a");
  g_ptr_array_add (report.conflicts, (gpointer) "b");
  some = _evb_window_merge_summary (&report);
  g_assert_cmpstr (some, ==, "2 cards, 1 link and 2 groups will be added and 1 card and 3 groups "
                             "updated. 2 conflicts: in each, the newer copy is kept (this board’s "
                             "link, title and description).");
  g_ptr_array_unref (report.conflicts);
  g_ptr_array_unref (report.one_sided);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();
  g_test_add_func ("/merge/dialog", test_merge_dialog);
  g_test_add_func ("/merge/summary", test_merge_summary);
  return g_test_run ();
}
