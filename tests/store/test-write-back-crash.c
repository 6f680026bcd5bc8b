/* test-write-back-crash.c: the user's file survives a kill during write-back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 8: "the user's file is always either the old complete board or the
 * new complete one". A child process edits a board through EvbDocument, as
 * the window does, with a write-back delay of 0–2 ms, so that it copies the
 * working copy to the user's file nearly all the time; now and then it also
 * writes back synchronously or closes and reopens the document. The parent
 * kills it with SIGKILL at a random moment, then checks the user's file.
 *
 * Edit k sets the body of node "counter" to k and the body of node
 * n<k mod 10> to k (adding the node the first time), in one transaction.
 * So a file whose counter is K must hold exactly min (K, 10) other nodes,
 * each with the body of the last edit that touched it: any mixture of two
 * states fails. K itself must lie
 * between the last state the child reported as written back (or any state
 * seen in the file before: the file never goes back) and the last edit the
 * child began. The check is tried on broken files at the end, to show that
 * it can fail. Temporary files a kill leaves beside the user's file must be
 * gone once the next process has opened the board.
 *
 * EVB_WRITE_BACK_KILLS sets the number of kills (default 20).
 */

#include "config.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "evb-document.h"
#include "test-common.h"

#define N_NODES 10

static const char *self_exe;

/* The child */

typedef struct
{
  GFile       *file;
  EvbDocument *document;
  GRand       *rand;
  guint        count;
} Child;

static guint
board_count (EvbBoard *board)
{
  EvbNode *counter = evb_board_get_node (board, "counter");

  return counter != NULL ? (guint) g_ascii_strtoull (evb_node_get_data (counter)->body, NULL, 10)
                         : G_MAXUINT;
}

static gboolean
set_body (EvbBoard    *board,
          EvbNode     *node,
          const char  *body,
          GError     **error)
{
  g_autoptr(EvbNodeData) data = evb_node_data_copy (evb_node_get_data (node));

  evb_node_data_set_string (&data->body, body);
  return evb_board_update_node (board, data, error);
}

static void
child_say (const char *what,
           guint       count)
{
  printf ("%s %u\n", what, count);
  fflush (stdout);
}

static G_NORETURN void
child_fail (const char *what,
            GError     *error)
{
  fprintf (stderr, "write-back child: %s: %s\n", what, error != NULL ? error->message : "?");
  exit (1);
}

/* Edit k: the counter and node n<k mod 10> get body k. The title stays:
 * changing it would rewrite the sidecar on every step. */
static gboolean
apply_edit (EvbBoard  *board,
            guint      k,
            GError   **error)
{
  g_autofree char *id = g_strdup_printf ("n%u", k % N_NODES);
  g_autofree char *text = g_strdup_printf ("%u", k);
  EvbNode *node;

  evb_board_begin (board, "edit");
  if (!set_body (board, evb_board_get_node (board, "counter"), text, error))
    goto fail;
  node = evb_board_get_node (board, id);
  if (node == NULL)
    {
      g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_CLAIM);

      data->id = g_strdup (id);
      data->x = 300 * (k % N_NODES);
      evb_node_data_set_string (&data->title, "Claim");
      evb_node_data_set_string (&data->body, text);
      if (evb_board_add_node (board, data, error) == NULL)
        goto fail;
    }
  else if (!set_body (board, node, text, error))
    goto fail;
  return evb_board_commit (board, error);

fail:
  evb_board_rollback (board);
  return FALSE;
}

static void
saved_cb (EvbDocument *document,
          GParamSpec  *pspec,
          Child       *child)
{
  /* Saved is only claimed when the user's file holds every step so far. */
  if (evb_document_get_saved (document))
    child_say ("saved", child->count);
}

static void
child_open (Child *child)
{
  g_autoptr(GPtrArray) list = evb_document_list_recoverable ();
  g_autoptr(GError) error = NULL;

  /* As the app does at its next start: the working copy a killed process
   * left is offered back, and taken. */
  if (list->len > 0)
    {
      EvbRecoverable *recoverable = g_ptr_array_index (list, 0);
      g_autofree char *uri = g_file_get_uri (child->file);

      if (!g_str_equal (recoverable->uri, uri))
        child_fail (recoverable->uri, NULL);
      child->document = evb_document_recover (recoverable, &error);
    }
  else
    child->document = evb_document_open (child->file, &error);
  if (child->document == NULL)
    child_fail ("open", error);

  child->count = board_count (evb_document_get_board (child->document));
  evb_document_set_write_back_delay (child->document, g_rand_int_range (child->rand, 0, 3));
  g_signal_connect (child->document, "notify::saved", G_CALLBACK (saved_cb), child);
  child_say (list->len > 0 ? "recovered" : "opened", child->count);
}

static gboolean
child_edit_cb (gpointer user_data)
{
  Child *child = user_data;
  g_autoptr(GError) error = NULL;
  guint choice = g_rand_int_range (child->rand, 0, 200);

  child_say ("begin", child->count + 1);
  if (!apply_edit (evb_document_get_board (child->document), child->count + 1, &error))
    child_fail ("edit", error);
  child->count++;
  child_say ("done", child->count);

  if (choice < 3)
    {
      if (!evb_document_write_back (child->document, &error))
        child_fail ("write back", error);
      child_say ("saved", child->count);
    }
  else if (choice == 3)
    {
      if (!evb_document_close (child->document, &error))
        child_fail ("close", error);
      child_say ("saved", child->count);
      g_clear_object (&child->document);
      child_open (child);
    }

  /* Bursts of edits with pauses, so that some write-backs finish. */
  g_timeout_add (g_rand_int_range (child->rand, 0, 2) * g_rand_int_range (child->rand, 0, 8),
                 child_edit_cb, child);
  return G_SOURCE_REMOVE;
}

static int
write_back_child (const char *path,
                  const char *seed)
{
  Child child = { 0 };

  child.file = g_file_new_for_path (path);
  child.rand = g_rand_new_with_seed ((guint32) g_ascii_strtoull (seed, NULL, 10));
  child_open (&child);
  g_timeout_add (0, child_edit_cb, &child);
  for (;;)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

/* The parent */

/* Whether the file at path is the complete state after some edit K with
 * floor <= K <= ceiling; K is returned. On FALSE, reason says why. */
static gboolean
check_user_file (const char  *path,
                 guint        floor,
                 guint        ceiling,
                 guint       *count_out,
                 char       **reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  guint count;

  store = evb_store_open (path, EVB_STORE_FLAGS_READ_ONLY, &error);
  if (store == NULL)
    {
      *reason = g_strdup_printf ("does not open: %s", error->message);
      return FALSE;
    }
  if (!evb_store_check (store, problems))
    {
      *reason = g_strdup_printf ("check fails: %s", (char *) g_ptr_array_index (problems, 0));
      return FALSE;
    }
  board = evb_store_load (store, &error);
  if (board == NULL)
    {
      *reason = g_strdup_printf ("does not load: %s", error->message);
      return FALSE;
    }

  count = board_count (board);
  if (count < floor || count > ceiling)
    {
      *reason = g_strdup_printf ("holds edit %u, not one of %u–%u", count, floor, ceiling);
      return FALSE;
    }
  if (evb_board_get_n_nodes (board) != MIN (count, N_NODES) + 1 ||
      evb_board_get_n_links (board) != 0)
    {
      *reason = g_strdup_printf ("holds %u nodes after edit %u", evb_board_get_n_nodes (board),
                                 count);
      return FALSE;
    }
  for (guint j = 0; j < N_NODES && j <= count; j++)
    {
      g_autofree char *id = g_strdup_printf ("n%u", j);
      /* The last edit k <= count with k mod 10 == j; edits start at 1. */
      guint last = count - ((count - j) % N_NODES);
      g_autofree char *want = g_strdup_printf ("%u", last);
      EvbNode *node = evb_board_get_node (board, id);

      if (last == 0)
        continue;
      if (node == NULL || g_strcmp0 (evb_node_get_data (node)->body, want) != 0)
        {
          *reason = g_strdup_printf ("node %s is not as edit %u left it (body %s, want %s)", id,
                                     count, node != NULL ? evb_node_get_data (node)->body : "-",
                                     want);
          return FALSE;
        }
    }

  *count_out = count;
  return TRUE;
}

/* Reads the child's report lines until the deadline (or EOF if it is 0). */
static void
read_child (int      fd,
            GString *output,
            gint64   deadline)
{
  char buffer[8192];

  for (;;)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      int timeout = -1;
      gssize n;

      if (deadline > 0)
        {
          gint64 left = deadline - g_get_monotonic_time ();

          if (left <= 0)
            return;
          timeout = (int) MAX (1, left / 1000);
        }
      if (poll (&pfd, 1, timeout) <= 0)
        continue;
      n = read (fd, buffer, sizeof buffer);
      if (n <= 0)
        return;
      g_string_append_len (output, buffer, n);
    }
}

static char **
temp_files_beside (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (!g_str_equal (name, "board.evboard"))
      g_strv_builder_add (builder, name);
  return g_strv_builder_end (builder);
}

static guint
count_working_copies (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "evidence-board", "working",
                                           NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".evboard"))
      n++;
  return n;
}

/* The check must be able to fail: a torn file, a file that went back, and
 * a file that mixes two states are each refused. */
static void
check_the_check (const char *dir,
                 const char *path)
{
  g_autofree char *broken = g_build_filename (dir, "broken.evboard", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *reason = NULL;
  gsize length;
  guint count = 0;
  sqlite3 *db;

  g_assert_true (check_user_file (path, 0, G_MAXUINT, &count, &reason));
  g_assert_cmpuint (count, >, N_NODES);

  /* The first half of the file, as a copy cut short would leave it. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (broken, contents, length / 2, NULL));
  g_assert_false (check_user_file (broken, 0, G_MAXUINT, &count, &reason));
  g_test_message ("torn file refused: %s", reason);
  g_clear_pointer (&reason, g_free);

  /* A complete file, but older than what was reported written back. */
  g_assert_true (g_file_set_contents (broken, contents, length, NULL));
  g_assert_false (check_user_file (broken, count + 1, G_MAXUINT, &count, &reason));
  g_test_message ("old file refused: %s", reason);
  g_clear_pointer (&reason, g_free);

  /* A node from another state. */
  g_assert_cmpint (sqlite3_open (broken, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE node SET body = '1' WHERE id = 'n3'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_false (check_user_file (broken, 0, G_MAXUINT, &count, &reason));
  g_test_message ("mixed file refused: %s", reason);
  g_unlink (broken);
}

static void
test_write_back_crash (void)
{
  const char *env = g_getenv ("EVB_WRITE_BACK_KILLS");
  guint kills = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 20;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new ();
  g_autofree char *dir = g_dir_make_tmp ("evb-write-back-crash-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_auto(GStrv) envp = NULL;
  g_auto(GStrv) left = NULL;
  guint floor = 0, ceiling = 0, done = 0;
  guint kills_with_temp = 0, recovered = 0, written_back = 0, changed = 0, last_count = 0;
  guint64 edits = 0;
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  path = g_build_filename (dir, "board.evboard", NULL);
  {
    g_autoptr(EvbBoard) board = evb_board_new ("Write-back under fire");
    g_autoptr(EvbNodeData) counter = evb_node_data_new (EVB_NODE_KIND_CLAIM);
    g_autoptr(GString) description = g_string_new (NULL);

    counter->id = g_strdup ("counter");
    evb_node_data_set_string (&counter->title, "Edits");
    evb_node_data_set_string (&counter->body, "0");
    g_assert_nonnull (evb_board_add_node (board, counter, &error));

    /* A few dozen pages, so that a copy takes long enough to be hit. */
    while (description->len < 64 * 1024)
      g_string_append (description, "Padding so the write-back has pages to copy. ");
    g_assert_true (evb_board_set_description (board, description->str, &error));
    g_assert_true (evb_store_write_new (board, path, FALSE, &error));
    g_assert_no_error (error);
  }

  /* The children share this test's data folder, so each one finds the
   * working copy the last one left. */
  envp = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);

  for (guint kill_n = 0; kill_n < kills; kill_n++)
    {
      g_autofree char *seed = g_strdup_printf ("%u", g_rand_int (rand));
      const char *argv[] = { self_exe, "--write-back-child", path, seed, NULL };
      g_autoptr(GString) output = g_string_new (NULL);
      g_autofree char *reason = NULL;
      g_auto(GStrv) lines = NULL;
      g_auto(GStrv) temps = NULL;
      gboolean opened = FALSE;
      guint count = 0;
      GPid pid;
      int out_fd, status;

      g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, NULL, &out_fd, NULL, &error);
      g_assert_no_error (error);

      /* Until the child has opened the board, then a random while more. */
      while (strchr (output->str, '\n') == NULL)
        {
          gsize before = output->len;

          read_child (out_fd, output, g_get_monotonic_time () + 1000);
          if (output->len == before && waitpid (pid, &status, WNOHANG) == pid)
            g_error ("the child ended before it opened the board: %s", output->str);
        }
      read_child (out_fd, output, g_get_monotonic_time () + g_rand_int_range (rand, 0, 80000));
      kill (pid, SIGKILL);
      read_child (out_fd, output, 0);
      waitpid (pid, &status, 0);
      g_spawn_close_pid (pid);
      close (out_fd);
      g_assert_true (WIFSIGNALED (status));

      /* A kill in the middle of a copy leaves its temporary file (and
       * SQLite's -journal or -wal of it) beside the user's file, hidden but
       * as large as the board. The next process that opened the board has
       * removed them. */
      if (left != NULL)
        for (guint i = 0; left[i] != NULL; i++)
          {
            g_autofree char *leftover = g_build_filename (dir, left[i], NULL);

            if (g_file_test (leftover, G_FILE_TEST_EXISTS))
              g_error ("“%s” is still beside the board after the next open", left[i]);
          }

      lines = g_strsplit (output->str, "\n", -1);
      for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
        {
          const char *space = strchr (lines[i], ' ');
          guint n;

          g_assert_nonnull (space);
          n = (guint) g_ascii_strtoull (space + 1, NULL, 10);
          if (g_str_has_prefix (lines[i], "opened") || g_str_has_prefix (lines[i], "recovered"))
            {
              /* Every edit committed before a kill is in what the next
               * process opens (the working copy), nothing begun after. */
              g_assert_cmpuint (n, >=, done);
              g_assert_cmpuint (n, <=, ceiling);
              if (!opened && lines[i][0] == 'r')
                recovered++;
              opened = TRUE;
              done = n;
            }
          else if (g_str_has_prefix (lines[i], "begin"))
            ceiling = MAX (ceiling, n);
          else if (g_str_has_prefix (lines[i], "done"))
            {
              done = n;
              edits++;
            }
          else if (g_str_has_prefix (lines[i], "saved"))
            {
              floor = MAX (floor, n);
              written_back++;
            }
          else
            g_error ("unexpected line from the child: %s", lines[i]);
        }

      if (!check_user_file (path, floor, ceiling, &count, &reason))
        g_error ("after kill %u the user's file %s", kill_n + 1, reason);
      if (count != last_count)
        changed++;
      last_count = count;
      /* The file never goes back. */
      floor = MAX (floor, count);

      g_assert_cmpuint (count_working_copies (), <=, 1);
      temps = temp_files_beside (dir);
      for (guint i = 0; temps[i] != NULL; i++)
        if (left == NULL || !g_strv_contains ((const char * const *) left, temps[i]))
          {
            kills_with_temp++;
            break;
          }
      g_clear_pointer (&left, g_strfreev);
      left = g_steal_pointer (&temps);
    }

  {
    g_autofree char *wdir = g_build_filename (g_get_user_data_dir (), "evidence-board", "working",
                                              NULL);
    g_autofree char *listing = list_dir (wdir);
    g_test_message ("working folder: %s", listing);
  }
  g_test_message ("%u kills in %.1f s: %" G_GUINT64_FORMAT " edits, %u write-backs reported, "
                  "%u kills after which the file had changed, %u left a new temporary "
                  "file beside it, %u recoveries",
                  kills, (g_get_monotonic_time () - start) / 1e6, edits, written_back, changed,
                  kills_with_temp, recovered);
  /* Otherwise the kills missed what this test is about. Measured: the file
   * changed between 36 % (ASan, disk) and 90 % (tmpfs) of kills, and 13 %
   * (tmpfs) to 72 % (disk) of kills came in the middle of a copy. */
  g_assert_cmpuint (changed, >=, kills / 10);
  g_assert_cmpuint (kills_with_temp, >=, 1);
  g_assert_cmpuint (recovered, >, kills / 2);

  check_the_check (dir, path);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "--write-back-child"))
    return write_back_child (argv[2], argv[3]);

  self_exe = argv[0];
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/document/write-back-crash", test_write_back_crash);
  return g_test_run ();
}
