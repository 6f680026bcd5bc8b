/* test-session-blobs.c: the app keeps attached files inside the board (issue 17)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A board is opened as the application opens one (the session, in a
 * thread). A file attached through the session's queue is kept in the
 * board (within the default size limit), in one undo step; Save
 * Attachment As… writes the same bytes; Open gets a read-only copy; undo
 * and redo work; closing writes the file into the user's board, which
 * still has it after the original is deleted. A card whose file was
 * removed before closing leaves nothing behind in the user's file.
 * Opened again, the working copy holds none of the kept bytes, and Save
 * Attachment As… and Save a Copy read them from the user's file.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "evb-document.h"
#include "evb-editing.h"
#include "evb-error.h"
#include "evb-session.h"
#include "evb-store.h"
#include "evb-store-blobs.h"

#define WAIT_SECONDS 30

typedef struct
{
  EvbSession   *session;
  GError       *error;
  GAsyncResult *result;
  gboolean      done;
} Waiter;

static void
wait_for (gboolean *done)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (!*done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (*done);
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->session = evb_session_open_finish (result, &waiter->error);
  waiter->done = TRUE;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Waiter *waiter = user_data;

  g_set_object (&waiter->result, result);
  waiter->done = TRUE;
}

/* Waits until the attach queue has put a card on the board. */
static void
wait_for_cards (EvbSession *session,
                guint       n)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while ((evb_board_get_n_nodes (evb_session_get_board (session)) < n ||
          evb_session_get_busy (session)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (evb_board_get_n_nodes (evb_session_get_board (session)), ==, n);
}

static void
count_cb (gpointer  instance,
          guint     n_problems,
          guint    *count)
{
  (*count)++;
}

static void
wait_for_status (EvbSession          *session,
                 const char          *node_id,
                 EvbAttachmentStatus  status)
{
  EvbAttachmentState *state = evb_session_get_attachments (session);
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (evb_attachment_state_get_status (state, node_id) != status &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (evb_attachment_state_get_status (state, node_id), ==, status);
}

/* Same size, other bytes: only the full hash sees it. */
static void
damage_working_copy (EvbSession *session)
{
  const char *path = evb_document_get_working_path (evb_session_get_document (session));
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE blob_chunk SET data = zeroblob (length (data)) "
                                     "WHERE seq = 1", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static gint64
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static char *
sha256_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
test_attach_keeps_a_copy (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "Case", NULL);
  g_autofree char *original = g_build_filename (dir, "drone clip.mp4", NULL);
  g_autofree char *board_path = g_build_filename (dir, "Case.evboard", NULL);
  g_autofree char *saved_path = g_build_filename (dir, "saved.mp4", NULL);
  g_autofree char *sha256 = NULL;
  g_autofree char *saved_sha256 = NULL;
  g_autofree guint8 *bytes = g_malloc (3 * 1024 * 1024 + 99);
  g_autoptr(GFile) original_file = NULL;
  g_autoptr(GFile) board_file = g_file_new_for_path (board_path);
  g_autoptr(GFile) saved_file = g_file_new_for_path (saved_path);
  g_autoptr(GFile) copy = NULL;
  g_autoptr(EvbBoard) empty = evb_board_new ("Case");
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) on_disk = NULL;
  g_autoptr(EvbBlobInfo) blob = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *node_id = NULL;
  GSList files = { NULL, NULL };
  Waiter waiter = { 0 };
  Waiter job = { 0 };
  EvbSession *session;
  EvbBoard *board;
  const EvbNodeData *data;
  guint checked = 0;
  struct stat st;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (gsize i = 0; i < 3 * 1024 * 1024 + 99; i++)
    bytes[i] = (guint8) (i * 7 + i / 1000);
  g_assert_true (g_file_set_contents (original, (const char *) bytes, 3 * 1024 * 1024 + 99,
                                      NULL));
  sha256 = sha256_of (original);
  original_file = g_file_new_for_path (original);
  files.data = original_file;
  g_assert_true (evb_store_write_new (empty, board_path, FALSE, &error));

  evb_session_open_async (board_file, NULL, opened_cb, &waiter);
  wait_for (&waiter.done);
  g_assert_no_error (waiter.error);
  session = waiter.session;
  board = evb_session_get_board (session);

  evb_session_attach_files (session, &files, 0, 0, NULL);
  wait_for_cards (session, 1);
  node_id = g_strdup (evb_node_get_id (g_ptr_array_index (evb_board_get_nodes (board), 0)));
  data = evb_node_get_data (evb_board_get_node (board, node_id));
  g_assert_true (data->attachment_embedded);
  g_assert_cmpstr (data->attachment_sha256, ==, sha256);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Attach File");
  /* Attaching selects the card: the one the inspector's actions use. */
  g_assert_nonnull (evb_session_get_kept_attachment (session));

  evb_session_save_attachment_async (session, saved_file, done_cb, &job);
  wait_for (&job.done);
  g_assert_true (evb_session_save_attachment_finish (session, job.result, &error));
  g_assert_no_error (error);
  saved_sha256 = sha256_of (saved_path);
  g_assert_cmpstr (saved_sha256, ==, sha256);

  job.done = FALSE;
  evb_session_open_attachment_async (session, done_cb, &job);
  wait_for (&job.done);
  copy = evb_session_open_attachment_finish (session, job.result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (g_file_peek_path (copy), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0222, ==, 0);
  g_assert_true (g_str_has_suffix (g_file_peek_path (copy), "drone clip.mp4"));

  /* Undo and redo of the attach: the bytes stay for redo. */
  g_assert_true (evb_board_undo (board, &error));
  g_assert_null (evb_board_get_node (board, node_id));
  g_assert_true (evb_board_redo (board, &error));
  g_assert_true (evb_node_get_data (evb_board_get_node (board, node_id))->attachment_embedded);

  /* A byte changed in the working copy's copy: the check in the
   * background flags the card, and saving refuses it. */
  damage_working_copy (session);
  checked = 0;
  g_signal_connect (session, "attachments-checked", G_CALLBACK (count_cb), &checked);
  evb_session_check_attachments (session);
  wait_for_status (session, node_id, EVB_ATTACHMENT_CHANGED);
  job.done = FALSE;
  g_clear_object (&job.result);
  g_unlink (saved_path);
  evb_selection_select (evb_session_get_selection (session), node_id, FALSE);
  evb_session_save_attachment_async (session, saved_file, done_cb, &job);
  wait_for (&job.done);
  g_assert_false (evb_session_save_attachment_finish (session, job.result, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_false (g_file_test (saved_path, G_FILE_TEST_EXISTS));

  g_assert_true (evb_session_close (session, &error));
  g_assert_no_error (error);
  g_clear_object (&job.result);
  g_clear_object (&session);

  /* Mailed: the original gone, the user's file has the bytes. */
  g_assert_cmpint (g_unlink (original), ==, 0);
  store = evb_store_open (board_path, EVB_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  on_disk = evb_store_load (store, &error);
  g_assert_true (evb_node_get_data (evb_board_get_node (on_disk, node_id))->attachment_embedded);
  blob = evb_store_get_blob_info (store, sha256, &error);
  g_assert_no_error (error);
  g_assert_nonnull (blob);
  g_assert_cmpint (blob->size, ==, 3 * 1024 * 1024 + 99);
  evb_store_close (store);
  g_clear_object (&store);
  g_clear_object (&on_disk);
  g_clear_pointer (&blob, evb_blob_info_free);

  /* Removed, then closed: the user's file keeps no copy. */
  waiter.done = FALSE;
  evb_session_open_async (board_file, NULL, opened_cb, &waiter);
  wait_for (&waiter.done);
  g_assert_no_error (waiter.error);
  session = waiter.session;
  g_assert_true (evb_editing_remove_attachment (evb_session_get_board (session), node_id, &error));
  g_assert_true (evb_session_close (session, &error));
  g_assert_no_error (error);
  g_clear_object (&session);
  store = evb_store_open (board_path, EVB_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  blob = evb_store_get_blob_info (store, sha256, &error);
  g_assert_no_error (error);
  g_assert_null (blob);
}

static void
flagged_cb (gpointer  instance,
            guint     n_problems,
            int      *flagged)
{
  *flagged = n_problems;
}

static void
wait_for_check (int *flagged)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (*flagged < 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (*flagged, >=, 0);
}

static EvbSession *
open_session (GFile *file)
{
  Waiter waiter = { 0 };

  evb_session_open_async (file, NULL, opened_cb, &waiter);
  wait_for (&waiter.done);
  g_assert_no_error (waiter.error);
  return waiter.session;
}

/* A board reopened keeps its files in the user's file only; what reads
 * them gets the same bytes. */
static void
test_reopened_reads_the_users_file (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "Reopened", NULL);
  g_autofree char *original = g_build_filename (dir, "clip.mp4", NULL);
  g_autofree char *board_path = g_build_filename (dir, "Reopened.evboard", NULL);
  g_autofree char *saved_path = g_build_filename (dir, "saved.mp4", NULL);
  g_autofree char *copy_path = g_build_filename (dir, "Copy.evboard", NULL);
  g_autofree char *sha256 = NULL;
  g_autofree char *saved_sha256 = NULL;
  g_autofree char *node_id = NULL;
  g_autofree guint8 *bytes = g_malloc (2 * 1024 * 1024 + 5);
  g_autoptr(GFile) original_file = NULL;
  g_autoptr(GFile) board_file = g_file_new_for_path (board_path);
  g_autoptr(GFile) saved_file = g_file_new_for_path (saved_path);
  g_autoptr(GFile) copy_file = g_file_new_for_path (copy_path);
  g_autoptr(EvbBoard) empty = evb_board_new ("Reopened");
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbSession) session = NULL;
  GSList files = { NULL, NULL };
  Waiter job = { 0 };
  int flagged = -1;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (gsize i = 0; i < 2 * 1024 * 1024 + 5; i++)
    bytes[i] = (guint8) (i * 13 + i / 777);
  g_assert_true (g_file_set_contents (original, (const char *) bytes, 2 * 1024 * 1024 + 5,
                                      NULL));
  sha256 = sha256_of (original);
  original_file = g_file_new_for_path (original);
  files.data = original_file;
  g_assert_true (evb_store_write_new (empty, board_path, FALSE, &error));

  session = open_session (board_file);
  evb_session_attach_files (session, &files, 0, 0, NULL);
  wait_for_cards (session, 1);
  node_id = g_strdup (evb_node_get_id (g_ptr_array_index (
    evb_board_get_nodes (evb_session_get_board (session)), 0)));
  g_assert_true (evb_session_close (session, &error));
  g_assert_no_error (error);
  g_clear_object (&session);
  g_assert_cmpint (g_unlink (original), ==, 0);

  session = open_session (board_file);
  g_assert_cmpint (count_rows (evb_document_get_working_path (evb_session_get_document (session)),
                               "SELECT count (*) FROM blob_chunk"), ==, 0);
  /* The window's check finds the file, in the user's file. */
  g_signal_connect (session, "attachments-checked", G_CALLBACK (flagged_cb), &flagged);
  evb_session_check_attachments (session);
  wait_for_check (&flagged);
  g_assert_cmpint (flagged, ==, 0);
  g_assert_cmpint (evb_attachment_state_get_status (evb_session_get_attachments (session),
                                                    node_id), ==, EVB_ATTACHMENT_OK);
  evb_selection_select (evb_session_get_selection (session), node_id, FALSE);
  evb_session_save_attachment_async (session, saved_file, done_cb, &job);
  wait_for (&job.done);
  g_assert_true (evb_session_save_attachment_finish (session, job.result, &error));
  g_assert_no_error (error);
  saved_sha256 = sha256_of (saved_path);
  g_assert_cmpstr (saved_sha256, ==, sha256);
  g_clear_object (&job.result);
  g_unlink (saved_path);

  job.done = FALSE;
  evb_session_save_copy_async (session, copy_file, done_cb, &job);
  wait_for (&job.done);
  g_assert_true (evb_session_save_copy_finish (session, job.result, &error));
  g_assert_no_error (error);
  g_clear_object (&job.result);
  g_assert_true (evb_session_close (session, &error));
  g_assert_no_error (error);

  /* The copy is a whole board: it has the file. */
  store = evb_store_open (copy_path, EVB_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (evb_store_extract_blob_to_file (store, sha256, saved_path, 0644, NULL, NULL,
                                                 NULL, &error));
  g_assert_no_error (error);
  g_free (saved_sha256);
  saved_sha256 = sha256_of (saved_path);
  g_assert_cmpstr (saved_sha256, ==, sha256);
}

int
main (int   argc,
      char *argv[])
{
  g_settings_schema_source_get_default ();
  g_free (g_content_type_guess ("clip.mp4", NULL, 0, NULL));
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/session-blobs/attach-keeps-a-copy", test_attach_keeps_a_copy);
  g_test_add_func ("/session-blobs/reopened-reads-the-users-file",
                   test_reopened_reads_the_users_file);

  return g_test_run ();
}
