/* test-sample.c: the sample board has one copy, and a way back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Open Sample Board, as the application's action does it: twice gives one
 * file and one window (also when the second click comes before the first
 * window); closed and opened again, the investigator's edit is there;
 * Restore Sample Board brings back the sample as shipped, in one undo
 * step.
 */

#include "config.h"

#include <adwaita.h>

#include "evb-application.h"
#include "evb-editing.h"
#include "evb-store.h"
#include "evb-window.h"
#include "test-dirs.h"
#include "test-screens.h"
#include "test-wait.h"

static guint
count_sample_files (void)
{
  g_autoptr(GFile) sample = evb_application_dup_sample_file ();
  g_autoptr(GFile) folder = g_file_get_parent (sample);
  g_autofree char *path = g_file_get_path (folder);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_suffix (name, ".evboard");
  return n;
}

/* The windows that show a board, and the last of them. */
static guint
count_board_windows (EvbWindow **last)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (EVB_IS_WINDOW (window) && evb_window_get_document (EVB_WINDOW (window)) != NULL)
        {
          n++;
          if (last != NULL)
            *last = EVB_WINDOW (window);
        }
    }
  return n;
}

static gboolean
no_window_left (gpointer data)
{
  return g_list_model_get_n_items (gtk_window_get_toplevels ()) == 0;
}

static void
destroy_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i - 1);

      gtk_window_close (GTK_WINDOW (window));
    }
  g_assert_true (wait_until (no_window_left, NULL, TIMEOUT_MS));
  settle ();
}

static gboolean
file_has_node (const char *path,
               const char *id)
{
  g_autoptr(EvbStore) store = evb_store_open (path, EVB_STORE_FLAGS_READ_ONLY, NULL);
  g_autoptr(EvbBoard) board = store != NULL ? evb_store_load (store, NULL) : NULL;

  g_assert_nonnull (board);
  return evb_board_get_node (board, id) != NULL;
}

/* Opens the sample as the menu and the status page do, and waits for its
 * window. */
static EvbWindow *
open_sample (EvbApplication *app)
{
  EvbWindow *window = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "open-sample", NULL);
  WAIT_FOR (count_board_windows (&window) > 0);
  wait_drawn (GTK_WIDGET (window));
  return window;
}

/* Cards, links and title as in the shipped sample. */
static void
assert_as_shipped (EvbBoard *board)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoard) sample = evb_application_read_sample (&error);
  GPtrArray *nodes, *links;

  g_assert_no_error (error);
  g_assert_cmpstr (evb_board_get_title (board), ==, evb_board_get_title (sample));
  g_assert_cmpstr (evb_board_get_description (board), ==, evb_board_get_description (sample));
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, evb_board_get_n_nodes (sample));
  g_assert_cmpuint (evb_board_get_n_links (board), ==, evb_board_get_n_links (sample));
  g_assert_cmpuint (evb_board_get_n_groups (board), ==, evb_board_get_n_groups (sample));
  nodes = evb_board_get_nodes (sample);
  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *shipped = evb_node_get_data (g_ptr_array_index (nodes, i));
      EvbNode *node = evb_board_get_node (board, shipped->id);

      g_assert_nonnull (node);
      g_assert_true (evb_node_data_equal (evb_node_get_data (node), shipped));
    }
  links = evb_board_get_links (sample);
  for (guint i = 0; i < links->len; i++)
    {
      const EvbLinkData *shipped = evb_link_get_data (g_ptr_array_index (links, i));
      EvbLink *link = evb_board_get_link (board, shipped->id);

      g_assert_nonnull (link);
      g_assert_true (evb_link_data_equal (evb_link_get_data (link), shipped));
    }
}

static void
test_one_sample (void)
{
  g_autoptr(EvbApplication) app = evb_application_new ();
  g_autoptr(GFile) file = evb_application_dup_sample_file ();
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *doomed_id = NULL;
  EvbWindow *window, *again;
  EvbBoard *board;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  /* Two clicks, the second before the first window is there. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-sample", NULL);
  window = open_sample (app);
  WAIT_FOR (!evb_application_get_opening (app));
  settle ();
  g_assert_cmpuint (count_board_windows (NULL), ==, 1);
  g_assert_cmpuint (count_sample_files (), ==, 1);
  g_assert_true (g_file_equal (evb_document_get_file (evb_window_get_document (window)), file));

  /* A third with its window open: that window, nothing new. */
  again = open_sample (app);
  settle ();
  g_assert_true (again == window);
  g_assert_cmpuint (count_board_windows (NULL), ==, 1);
  g_assert_cmpuint (count_sample_files (), ==, 1);

  /* The investigator's edit: a card deleted. Closed and opened again, it
   * stays deleted: the sample is theirs. */
  board = evb_document_get_board (evb_window_get_document (window));
  doomed_id = g_strdup (evb_node_get_id (g_ptr_array_index (evb_board_get_nodes (board), 0)));
  g_ptr_array_add (doomed, g_strdup (doomed_id));
  g_assert_true (evb_editing_delete (board, doomed, NULL, NULL, &error));
  g_assert_no_error (error);
  destroy_windows ();
  WAIT_FOR (!file_has_node (path, doomed_id));
  window = open_sample (app);
  board = evb_document_get_board (evb_window_get_document (window));
  g_assert_null (evb_board_get_node (board, doomed_id));
  g_assert_cmpuint (count_sample_files (), ==, 1);

  /* Restore Sample Board: as shipped, in one undo step, so Undo gives the
   * investigator's board back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-sample", NULL));
  assert_as_shipped (board);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Restore Sample Board");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_null (evb_board_get_node (board, doomed_id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  assert_as_shipped (board);

  /* Written back like any edit: the file is the sample again. */
  destroy_windows ();
  WAIT_FOR (file_has_node (path, doomed_id));
  g_assert_cmpuint (count_sample_files (), ==, 1);
}

/* Only the sample's window offers Restore Sample Board. */
static void
test_restore_only_for_sample (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_home_dir (), "Case.evboard", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(EvbBoard) sample = evb_application_read_sample (&error);
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window;
  EvbBoard *board;

  g_assert_no_error (error);
  g_assert_true (g_mkdir_with_parents (g_get_home_dir (), 0700) == 0);
  g_assert_true (evb_store_write_new (sample, path, FALSE, &error));
  g_assert_no_error (error);
  document = evb_document_open (file, &error);
  g_assert_no_error (error);
  board = evb_document_get_board (document);
  g_assert_true (evb_editing_set_board_title (board, "Another case", NULL, &error));
  g_assert_no_error (error);

  window = evb_window_new (NULL);
  evb_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));
  wait_drawn (GTK_WIDGET (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-sample", NULL);
  g_assert_cmpstr (evb_board_get_title (board), ==, "Another case");
  destroy_windows ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *run_dir = NULL;
  int status;

  /* No session bus: the application registers without one. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/evb-test-no-bus", TRUE);
  gtk_init ();
  adw_init ();
  gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  run_dir = test_recent_files_for_run ("test-sample");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sample/one-copy", test_one_sample);
  g_test_add_func ("/sample/restore-only-for-sample", test_restore_only_for_sample);

  status = g_test_run ();
  test_remove_tree (run_dir);
  return status;
}
