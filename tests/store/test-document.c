/* test-document.c: working copies, write-back, recovery and the lock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "evb-document.h"
#include "evb-json.h"
#include "test-common.h"

static const char *self_exe;

typedef CaseFixture Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  case_fixture_init (fixture, "evb-document-XXXXXX", 1);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  case_fixture_clear (fixture);
}

static char *
working_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "evidence-board", "working", NULL);
}

static void
wait_saved (EvbDocument *document)
{
  while (!evb_document_get_saved (document) && evb_document_get_write_error (document) == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_write_back (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = evb_document_open (fixture->file, &error);
  g_autofree char *working = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *wdir = working_dir ();
  guint notified = 0;

  g_assert_no_error (error);
  g_assert_true (evb_document_get_saved (document));
  g_assert_cmpuint (evb_document_get_write_back_delay (document), ==, 1000);
  evb_document_set_write_back_delay (document, 10);
  g_signal_connect_swapped (document, "notify::saved", G_CALLBACK (g_atomic_int_inc), &notified);

  working = g_strdup (evb_document_get_working_path (document));
  g_assert_true (g_str_has_prefix (working, wdir));
  g_assert_true (g_file_test (working, G_FILE_TEST_IS_REGULAR));

  add_claim (evb_document_get_board (document), "new");
  g_assert_false (evb_document_get_saved (document));
  /* In the working copy at once, in the user's file only after the delay. */
  g_assert_false (file_has_node (fixture->path, "new"));
  wait_saved (document);
  g_assert_true (evb_document_get_saved (document));
  g_assert_null (evb_document_get_write_error (document));
  g_assert_cmpuint (notified, ==, 2);
  g_assert_true (file_has_node (fixture->path, "new"));
  listing = list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "case.evboard");

  /* Close writes back what is pending and removes the working copy. */
  g_assert_true (evb_board_move_node (evb_document_get_board (document), "new", 5, 5, &error));
  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (working, G_FILE_TEST_EXISTS));
  {
    g_autoptr(EvbBoard) board = load_board (fixture->path, EVB_STORE_FLAGS_READ_ONLY, NULL);
    g_assert_cmpfloat (evb_node_get_data (evb_board_get_node (board, "new"))->x, ==, 5);
  }
  g_clear_pointer (&listing, g_free);
  listing = list_dir (wdir);
  g_assert_cmpstr (listing, ==, "");

  /* The board outlives the document but refuses edits. */
  g_assert_false (evb_board_move_node (evb_document_get_board (document), "new", 6, 6, &error));
  g_assert_nonnull (error);
}

/* Edits while write-backs run in their thread: the user's file ends with
 * the last one, and saved is only claimed when it holds everything. */
static void
test_write_back_busy (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = evb_document_open (fixture->file, &error);
  EvbBoard *board;

  g_assert_no_error (error);
  board = evb_document_get_board (document);
  evb_document_set_write_back_delay (document, 0);
  for (guint i = 0; i < 200; i++)
    {
      g_assert_true (evb_board_move_node (board, "c1", i, i, &error));
      g_assert_no_error (error);
      g_main_context_iteration (NULL, FALSE);
    }
  wait_saved (document);
  g_assert_null (evb_document_get_write_error (document));
  {
    g_autoptr(EvbBoard) saved = load_board (fixture->path, EVB_STORE_FLAGS_READ_ONLY, NULL);
    g_assert_cmpfloat (evb_node_get_data (evb_board_get_node (saved, "c1"))->x, ==, 199);
  }
  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);
}

/* A view setting (the filter) is kept in the board file, is no undo step,
 * and stays out of the JSON export. */
static void
test_setting (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = evb_document_open (fixture->file, &error);
  g_autofree char *none = NULL;
  g_autofree char *json = NULL;
  EvbBoard *board;

  g_assert_no_error (error);
  board = evb_document_get_board (document);
  evb_document_set_write_back_delay (document, 10);
  none = evb_document_get_setting (document, "filter", &error);
  g_assert_no_error (error);
  g_assert_null (none);

  add_claim (board, "edited");
  g_assert_true (evb_document_put_setting (document, "filter", "{\"hide\":true}", &error));
  g_assert_no_error (error);
  g_assert_false (evb_document_get_saved (document));
  wait_saved (document);
  {
    g_autoptr(EvbStore) store = evb_store_open (fixture->path, EVB_STORE_FLAGS_READ_ONLY, &error);
    g_autofree char *value = NULL;

    g_assert_no_error (error);
    value = evb_store_get_setting (store, "filter", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (value, ==, "{\"hide\":true}");
    /* A board with a setting passes the full check. */
    {
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

      g_assert_true (evb_store_check (store, problems));
    }
  }

  /* Undo undoes the edit, not the setting. */
  g_assert_true (evb_board_undo (board, &error));
  g_assert_no_error (error);
  g_assert_null (evb_board_get_node (board, "edited"));
  g_assert_false (evb_board_can_undo (board));
  {
    g_autofree char *value = evb_document_get_setting (document, "filter", &error);

    g_assert_cmpstr (value, ==, "{\"hide\":true}");
  }
  json = evb_json_write_board (board, NULL);
  g_assert_null (strstr (json, "hide"));

  /* Removed, and gone after reopening too. */
  g_assert_true (evb_document_put_setting (document, "other", "1", &error));
  g_assert_true (evb_document_put_setting (document, "other", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);
  g_clear_object (&document);

  document = evb_document_open (fixture->file, &error);
  g_assert_no_error (error);
  {
    g_autofree char *value = evb_document_get_setting (document, "filter", &error);
    g_autofree char *other = evb_document_get_setting (document, "other", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (value, ==, "{\"hide\":true}");
    g_assert_null (other);
  }
  g_assert_true (evb_document_close (document, &error));
}

static void
test_new (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "fresh.evboard", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = evb_document_new (file, "Fresh board", &error);

  g_assert_no_error (error);
  g_assert_true (evb_document_get_saved (document));
  {
    g_autoptr(EvbBoard) board = load_board (path, EVB_STORE_FLAGS_READ_ONLY, NULL);
    g_assert_cmpstr (evb_board_get_title (board), ==, "Fresh board");
  }
  add_claim (evb_document_get_board (document), "x");
  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);
  g_assert_true (file_has_node (path, "x"));
}

static void
test_recover (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = evb_document_open (fixture->file, &error);
  g_autoptr(EvbDocument) recovered = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *uri = g_file_get_uri (fixture->file);
  g_autofree char *before = file_checksum (fixture->path);
  g_autofree char *after = NULL;
  g_autofree char *wdir = working_dir ();
  g_autofree char *listing = NULL;
  EvbRecoverable *found;

  g_assert_no_error (error);
  add_claim (evb_document_get_board (document), "lost?");
  g_assert_true (evb_board_set_title (evb_document_get_board (document), "Recovered", &error));

  /* While the document is open, it is not offered for recovery. */
  list = evb_document_list_recoverable ();
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Dropped without close, before the write-back: like a crash. */
  g_clear_object (&document);
  after = file_checksum (fixture->path);
  g_assert_cmpstr (before, ==, after);

  list = evb_document_list_recoverable ();
  g_assert_cmpuint (list->len, ==, 1);
  found = g_ptr_array_index (list, 0);
  g_assert_cmpstr (found->uri, ==, uri);
  g_assert_true (found->unsaved);
  g_assert_cmpstr (found->title, ==, "Recovered");

  recovered = evb_document_recover (found, &error);
  g_assert_no_error (error);
  g_assert_nonnull (evb_board_get_node (evb_document_get_board (recovered), "lost?"));
  g_assert_false (evb_document_get_saved (recovered));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = evb_document_list_recoverable ();
  g_assert_cmpuint (list->len, ==, 0);

  g_assert_true (evb_document_close (recovered, &error));
  g_assert_no_error (error);
  g_assert_true (file_has_node (fixture->path, "lost?"));
  listing = list_dir (wdir);
  g_assert_cmpstr (listing, ==, "");
}

/* A crash after a write-back: the working copy holds nothing new, says so,
 * and can be discarded. */
static void
test_discard (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = evb_document_open (fixture->file, &error);
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *wdir = working_dir ();
  g_autofree char *listing = NULL;

  g_assert_no_error (error);
  add_claim (evb_document_get_board (document), "kept");
  g_assert_true (evb_document_write_back (document, &error));
  g_assert_no_error (error);
  g_clear_object (&document);

  list = evb_document_list_recoverable ();
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_false (((EvbRecoverable *) g_ptr_array_index (list, 0))->unsaved);
  g_assert_true (evb_document_discard_recoverable (g_ptr_array_index (list, 0), &error));
  g_assert_no_error (error);
  listing = list_dir (wdir);
  g_assert_cmpstr (listing, ==, "");
  g_assert_true (file_has_node (fixture->path, "kept"));
}

/* A child that opens the board, commits one edit, reports and waits to be
 * killed: a real crash, lock included. */
static int
edit_child (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = evb_document_open (file, &error);
  char c;

  if (document == NULL)
    {
      fprintf (stderr, "edit child: %s\n", error->message);
      return 1;
    }
  add_claim (evb_document_get_board (document), "from-child");
  printf ("ready\n");
  fflush (stdout);
  while (read (0, &c, 1) > 0)
    ;
  return 0;
}

static void
test_crash_and_lock (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *argv[] = { self_exe, "--edit-child", fixture->path, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(EvbDocument) recovered = NULL;
  g_autoptr(EvbDocument) second = NULL;
  g_autofree char *pid_text = NULL;
  g_auto(GStrv) envp = NULL;
  char buffer[16] = "";
  int in_fd, out_fd, status;
  GPid pid;

  /* The child shares this test's data folder, so its working copy is ours
   * to recover. */
  envp = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                            NULL, NULL, &pid, &in_fd, &out_fd, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (read (out_fd, buffer, 6), ==, 6);
  g_assert_cmpstr (buffer, ==, "ready\n");

  /* A second process is refused, told which one has it. */
  second = evb_document_open (fixture->file, &error);
  g_assert_null (second);
  g_assert_error (error, EVB_ERROR, EVB_ERROR_BUSY);
  pid_text = g_strdup_printf ("%d", (int) pid);
  g_assert_nonnull (strstr (error->message, pid_text));
  g_assert_nonnull (strstr (error->message, "case.evboard"));
  g_clear_error (&error);
  list = evb_document_list_recoverable ();
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
  close (in_fd);
  close (out_fd);
  g_assert_false (file_has_node (fixture->path, "from-child"));

  /* The kernel released its lock; its working copy is offered back. */
  list = evb_document_list_recoverable ();
  g_assert_cmpuint (list->len, ==, 1);
  recovered = evb_document_recover (g_ptr_array_index (list, 0), &error);
  g_assert_no_error (error);
  g_assert_nonnull (evb_board_get_node (evb_document_get_board (recovered), "from-child"));
  g_assert_true (evb_document_close (recovered, &error));
  g_assert_no_error (error);
  g_assert_true (file_has_node (fixture->path, "from-child"));
}

static void
test_second_opener (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) first = evb_document_open (fixture->file, &error);
  g_autoptr(EvbDocument) second = NULL;
  g_autofree char *link_path = g_build_filename (fixture->dir, "alias.evboard", NULL);
  g_autoptr(GFile) alias = g_file_new_for_path (link_path);

  g_assert_no_error (error);
  second = evb_document_open (fixture->file, &error);
  g_assert_null (second);
  g_assert_error (error, EVB_ERROR, EVB_ERROR_BUSY);
  g_clear_error (&error);

  /* The same file by another name is the same file. */
  g_assert_cmpint (symlink (fixture->path, link_path), ==, 0);
  second = evb_document_open (alias, &error);
  g_assert_null (second);
  g_assert_error (error, EVB_ERROR, EVB_ERROR_BUSY);
  g_clear_error (&error);

  g_assert_true (evb_document_close (first, &error));
  g_assert_no_error (error);
  second = evb_document_open (fixture->file, &error);
  g_assert_no_error (error);
  g_assert_true (evb_document_close (second, &error));
}

static void
saved_as_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **error = user_data;

  if (!evb_document_save_as_finish (EVB_DOCUMENT (source), result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

/* Runs Save As and returns its error, or NULL when it worked. */
static GError *
save_as (EvbDocument *document,
         GFile       *file)
{
  GError *error = NULL;

  evb_document_save_as_async (document, file, NULL, saved_as_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_clear_error (&error);
  return error;
}

/* Save As re-points the document at the new file: same board, same
 * history, the new file's lock, write-backs there, recovery there, and the
 * old file left as it was and free. */
static void
test_save_as (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = evb_document_open (fixture->file, &error);
  g_autofree char *new_path = g_build_filename (fixture->dir, "renamed.evboard", NULL);
  g_autoptr(GFile) new_file = g_file_new_for_path (new_path);
  g_autofree char *new_uri = g_file_get_uri (new_file);
  g_autofree char *before = file_checksum (fixture->path);
  g_autoptr(EvbDocument) other = NULL;
  g_autoptr(GPtrArray) list = NULL;
  EvbBoard *board;
  guint file_notified = 0;

  g_assert_no_error (error);
  /* No write-back of its own gets in the way: only Save As writes. */
  evb_document_set_write_back_delay (document, 60000);
  board = evb_document_get_board (document);
  g_signal_connect_swapped (document, "notify::file", G_CALLBACK (g_atomic_int_inc), &file_notified);
  add_claim (board, "a");
  add_claim (board, "b");

  error = save_as (document, new_file);
  g_assert_no_error (error);
  g_assert_cmpuint (file_notified, ==, 1);
  g_assert_true (g_file_equal (evb_document_get_file (document), new_file));
  g_assert_true (evb_document_get_board (document) == board);
  g_assert_true (evb_document_get_saved (document));
  g_assert_true (file_has_node (new_path, "a"));
  g_assert_true (file_has_node (new_path, "b"));
  /* The old file is as it was, and no longer locked. */
  g_assert_cmpstr (file_checksum (fixture->path), ==, before);
  other = evb_document_open (fixture->file, &error);
  g_assert_no_error (error);
  g_assert_true (evb_document_close (other, &error));
  g_clear_object (&other);
  /* The new one is. */
  other = evb_document_open (new_file, &error);
  g_assert_error (error, EVB_ERROR, EVB_ERROR_BUSY);
  g_clear_error (&error);

  /* The history came along: both steps undo, and the new file gets the
   * undo with the next write-back, the old one never. */
  g_assert_true (evb_board_can_undo (board));
  g_assert_true (evb_board_undo (board, &error));
  g_assert_true (evb_board_undo (board, &error));
  g_assert_no_error (error);
  g_assert_null (evb_board_get_node (board, "a"));
  g_assert_true (file_has_node (new_path, "a"));
  g_assert_true (evb_document_write_back (document, &error));
  g_assert_no_error (error);
  g_assert_false (file_has_node (new_path, "a"));
  g_assert_cmpstr (file_checksum (fixture->path), ==, before);

  /* A crash now is recovered to the new file. */
  g_assert_true (evb_board_redo (board, &error));
  g_assert_no_error (error);
  g_clear_object (&document);
  list = evb_document_list_recoverable ();
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((EvbRecoverable *) g_ptr_array_index (list, 0))->uri, ==, new_uri);
  g_assert_true (((EvbRecoverable *) g_ptr_array_index (list, 0))->unsaved);
}

/* A file another document has open is not taken: BUSY, and the document
 * goes on with its own file. */
static void
test_save_as_busy (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = evb_document_open (fixture->file, &error);
  g_autofree char *new_path = g_build_filename (fixture->dir, "taken.evboard", NULL);
  g_autoptr(GFile) new_file = g_file_new_for_path (new_path);
  g_autoptr(EvbDocument) taker = NULL;
  g_autofree char *taken = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_copy (fixture->file, new_file, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  taker = evb_document_open (new_file, &error);
  g_assert_no_error (error);
  taken = file_checksum (new_path);

  add_claim (evb_document_get_board (document), "mine");
  error = save_as (document, new_file);
  g_assert_error (error, EVB_ERROR, EVB_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_true (g_file_equal (evb_document_get_file (document), fixture->file));
  g_assert_cmpstr (file_checksum (new_path), ==, taken);
  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);
  g_assert_true (file_has_node (fixture->path, "mine"));
  g_assert_true (evb_document_close (taker, &error));
}

static void
test_write_error (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = evb_document_open (fixture->file, &error);
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *working = NULL;
  g_autofree char *saved_copy = g_strconcat (fixture->dir, ".saved", NULL);
  guint notified = 0;

  g_assert_no_error (error);
  evb_document_set_write_back_delay (document, 0);
  g_signal_connect_swapped (document, "notify::write-error", G_CALLBACK (g_atomic_int_inc),
                            &notified);
  working = g_strdup (evb_document_get_working_path (document));

  /* A read-only folder (permissions do not bind root, who skips this). */
  if (geteuid () != 0)
    {
      g_chmod (fixture->dir, 0500);
      add_claim (evb_document_get_board (document), "blocked");
      wait_saved (document);
      g_assert_false (evb_document_get_saved (document));
      g_assert_error ((GError *) evb_document_get_write_error (document), EVB_ERROR, EVB_ERROR_IO);
      g_chmod (fixture->dir, 0700);
      g_assert_true (evb_document_write_back (document, &error));
      g_assert_no_error (error);
      g_assert_null (evb_document_get_write_error (document));
      g_assert_true (file_has_node (fixture->path, "blocked"));
      notified = 0;
    }

  /* The user's folder goes away (an unplugged stick). */
  g_assert_cmpint (g_rename (fixture->dir, saved_copy), ==, 0);
  add_claim (evb_document_get_board (document), "pending");
  wait_saved (document);
  g_assert_false (evb_document_get_saved (document));
  g_assert_nonnull (evb_document_get_write_error (document));
  g_assert_error ((GError *) evb_document_get_write_error (document), EVB_ERROR, EVB_ERROR_IO);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (g_file_test (working, G_FILE_TEST_IS_REGULAR));

  /* Close fails too, and keeps the working copy for recovery. */
  g_assert_false (evb_document_close (document, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
  g_clear_error (&error);
  g_assert_true (g_file_test (working, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpint (g_rename (saved_copy, fixture->dir), ==, 0);
  g_assert_false (file_has_node (fixture->path, "pending"));
  list = evb_document_list_recoverable ();
  g_assert_cmpuint (list->len, ==, 1);
  {
    g_autoptr(EvbDocument) recovered = evb_document_recover (g_ptr_array_index (list, 0), &error);

    g_assert_no_error (error);
    g_assert_true (evb_document_close (recovered, &error));
    g_assert_no_error (error);
  }
  g_assert_true (file_has_node (fixture->path, "pending"));
  g_assert_false (g_file_test (working, G_FILE_TEST_EXISTS));
}

static void
test_open_bad_file (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "notes.evboard", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = NULL;
  g_autofree char *wdir = working_dir ();
  g_autofree char *listing = NULL;

  g_file_set_contents (path, "not a board", -1, NULL);
  document = evb_document_open (file, &error);
  g_assert_null (document);
  g_assert_error (error, EVB_ERROR, EVB_ERROR_NOT_A_BOARD);
  /* Nothing is left in the working folder, and nothing is locked. */
  listing = list_dir (wdir);
  g_assert_cmpstr (listing, ==, "");
}

/* The lock a tool takes to replace a board keeps documents out, and the
 * other way round; it works for a file that does not exist yet. */
static void
test_board_lock (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "later.evboard", NULL);
  g_autofree char *dotted = g_build_filename (fixture->dir, ".", "later.evboard", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) same = g_file_new_for_path (dotted);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoardLock) lock = evb_board_lock_acquire (file, &error);
  g_autoptr(EvbBoardLock) second = NULL;
  g_autoptr(EvbDocument) document = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (lock);
  document = evb_document_new (same, "Later", &error);
  g_assert_error (error, EVB_ERROR, EVB_ERROR_BUSY);
  g_assert_null (document);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_clear_pointer (&lock, evb_board_lock_release);
  document = evb_document_new (file, "Later", &error);
  g_assert_no_error (error);
  second = evb_board_lock_acquire (same, &error);
  g_assert_error (error, EVB_ERROR, EVB_ERROR_BUSY);
  g_assert_null (second);
  g_clear_error (&error);
  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);
  second = evb_board_lock_acquire (file, &error);
  g_assert_no_error (error);
}

/* evidence-board-cli import --force onto a board open in a document would
 * be overwritten by the document's next write-back, and lost: the CLI is
 * told the board is in use instead, and changes nothing. Reading commands
 * work as usual. */
static void
test_cli_import_busy (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *cli = g_getenv ("EVB_CLI");
  g_autofree char *json = g_build_filename (fixture->dir, "import.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = NULL;
  g_auto(GStrv) envp = NULL;
  int status;

  if (cli == NULL)
    {
      g_test_skip ("EVB_CLI is not set");
      return;
    }
  g_assert_true (g_file_set_contents (json,
                                      "{\"format\": \"evidence-board\", \"version\": 1, "
                                      "\"board\": {\"title\": \"Imported\"}, "
                                      "\"nodes\": [], \"links\": []}", -1, NULL));
  envp = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);

  document = evb_document_open (fixture->file, &error);
  g_assert_no_error (error);
  add_claim (evb_document_get_board (document), "pending");
  before = file_checksum (fixture->path);

  {
    const char *argv[] = { cli, "import", json, fixture->path, "--force", NULL };

    g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                  &error);
    g_assert_no_error (error);
  }
  g_test_message ("%s", err);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_str_has_prefix (err, "evidence-board-cli: "));
  g_assert_nonnull (strstr (err, "already open"));
  after = file_checksum (fixture->path);
  g_assert_cmpstr (before, ==, after);
  listing = list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "case.evboard import.json");

  /* Reading is fine: the CLI sees the last complete write-back. */
  {
    const char *argv[] = { cli, "check", fixture->path, NULL };

    g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status,
                  &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  /* The document goes on as before; once it is closed, import works. */
  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);
  g_assert_true (file_has_node (fixture->path, "pending"));
  {
    const char *argv[] = { cli, "import", json, fixture->path, "--force", NULL };

    g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status,
                  &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_assert_false (file_has_node (fixture->path, "pending"));
}

/* What a write-back killed halfway leaves beside the user's file goes at
 * the next open: only files with our marker whose lock is free. The
 * person's own hidden files stay, even when they are shaped like the
 * temporary files of old versions (issue 14: `.case.evboard.backup`), and
 * so does a temporary file that is still being written. */
static void
test_stale_temps (Fixture       *fixture,
                  gconstpointer  data)
{
  const char * const stale[] = { ".case.evboard.evb-tmp-AbC123",
                                 ".case.evboard.evb-tmp-AbC123-journal",
                                 ".case.evboard.evb-tmp-x9Y8z7-wal" };
  const char * const kept[] = { ".case.evboard.abc", ".other.evboard.AbC123",
                                "case.evboard.AbC123", ".case.evboard.AbC123.bak",
                                ".case.evboard.backup", ".case.evboard.AbC123",
                                ".case.evboard.AbC123-journal", ".case.evboard.evb-tmp-Held12" };
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *held = g_build_filename (fixture->dir, ".case.evboard.evb-tmp-Held12", NULL);
  int held_fd;

  for (guint i = 0; i < G_N_ELEMENTS (stale); i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, stale[i], NULL);
      g_assert_true (g_file_set_contents (path, "SQLite format 3", -1, NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, kept[i], NULL);
      g_assert_true (g_file_set_contents (path, "mine", -1, NULL));
    }
  /* As a process still writing it holds it. */
  held_fd = g_open (held, O_RDONLY, 0);
  g_assert_cmpint (held_fd, >=, 0);
  g_assert_cmpint (flock (held_fd, LOCK_EX | LOCK_NB), ==, 0);

  document = evb_document_open (fixture->file, &error);
  g_assert_no_error (error);
  listing = list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, ".case.evboard.AbC123 .case.evboard.AbC123-journal "
                                ".case.evboard.AbC123.bak .case.evboard.abc "
                                ".case.evboard.backup .case.evboard.evb-tmp-Held12 "
                                ".other.evboard.AbC123 case.evboard case.evboard.AbC123");
  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);
  close (held_fd);
}

/* Issue 14: a board that a CLI import is writing is not "open in another
 * window": whoever finds it busy is told what holds it, from this process
 * (a document) or another (a second import). */
static void
test_import_busy_message (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *cli = g_getenv ("EVB_CLI");
  g_autofree char *json = g_build_filename (fixture->dir, "import.json", NULL);
  g_autofree char *before = file_checksum (fixture->path);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoardLock) lock = NULL;
  g_autoptr(EvbDocument) document = NULL;
  g_auto(GStrv) envp = NULL;
  int status;

  /* What the CLI's import holds while it writes the board. */
  lock = evb_board_lock_acquire (fixture->file, &error);
  g_assert_no_error (error);

  document = evb_document_open (fixture->file, &error);
  g_assert_null (document);
  g_assert_error (error, EVB_ERROR, EVB_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "being written by another Evidence Board command"));
  g_assert_null (strstr (error->message, "window"));
  g_clear_error (&error);

  if (cli == NULL)
    {
      g_test_skip ("EVB_CLI is not set");
      return;
    }
  g_assert_true (g_file_set_contents (json,
                                      "{\"format\": \"evidence-board\", \"version\": 1, "
                                      "\"board\": {\"title\": \"Imported\"}, "
                                      "\"nodes\": [], \"links\": []}", -1, NULL));
  envp = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  {
    const char *argv[] = { cli, "import", json, fixture->path, "--force", NULL };
    g_autofree char *pid = g_strdup_printf ("(process %ld)", (long) getpid ());

    g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status,
                  &error);
    g_assert_no_error (error);
    g_test_message ("%s", err);
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (err, "being written by another Evidence Board command"));
    g_assert_nonnull (strstr (err, pid));
    g_assert_null (strstr (err, "window"));
  }
  g_assert_cmpstr (file_checksum (fixture->path), ==, before);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--edit-child"))
    return edit_child (argv[2]);

  self_exe = argv[0];
  /* Each test gets its own XDG folders, so working copies never mix with
   * the developer's or with another test's. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/document/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("write-back", test_write_back);
  ADD ("write-back-busy", test_write_back_busy);
  ADD ("new", test_new);
  ADD ("setting", test_setting);
  ADD ("recover", test_recover);
  ADD ("discard", test_discard);
  ADD ("crash-and-lock", test_crash_and_lock);
  ADD ("second-opener", test_second_opener);
  ADD ("save-as", test_save_as);
  ADD ("save-as-busy", test_save_as_busy);
  ADD ("write-error", test_write_error);
  ADD ("open-bad-file", test_open_bad_file);
  ADD ("stale-temps", test_stale_temps);
  ADD ("board-lock", test_board_lock);
  ADD ("cli-import-busy", test_cli_import_busy);
  ADD ("import-busy-message", test_import_busy_message);
#undef ADD

  return g_test_run ();
}
