/* test-store.c: board files: round trips, crashes, hostile files, atomic writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test-common.h"

static char *tmpdir;
static const char *self_exe;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* A board file made through the commit path: a claim and an evidence item
 * with every field set, and two links. */
static char *
make_board_file (const char *name,
                 EvbBoard  **board_out)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(EvbNodeData) claim = full_node_data ("c1", EVB_NODE_KIND_CLAIM, 10);
  g_autoptr(EvbNodeData) evidence = full_node_data ("e1", EVB_NODE_KIND_EVIDENCE, 400);
  g_autoptr(EvbNodeData) plain = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  g_autoptr(EvbLinkData) link = evb_link_data_new ("e1", "c1", EVB_RELATION_REFUTES);
  g_autoptr(EvbLinkData) link2 = evb_link_data_new ("e2", "c1", EVB_RELATION_SUPPORTS);

  g_unlink (path);
  store = evb_store_create (path, "Dolgiye Borody", &error);
  g_assert_no_error (error);
  board = evb_store_load (store, &error);
  g_assert_no_error (error);

  g_assert_true (evb_board_set_description (board, "Who attacked what, and when", &error));
  g_assert_no_error (error);
  g_assert_nonnull (evb_board_add_node (board, claim, &error));
  g_assert_no_error (error);
  g_assert_nonnull (evb_board_add_node (board, evidence, &error));
  g_assert_no_error (error);
  plain->id = g_strdup ("e2");
  plain->evidence_type = EVB_EVIDENCE_TYPE_VIDEO;
  g_assert_nonnull (evb_board_add_node (board, plain, &error));
  g_assert_no_error (error);

  link->id = g_strdup ("l1");
  link->strength = EVB_STRENGTH_STRONG;
  link->note = g_strdup ("The CIA found no evidence of an attack");
  g_assert_nonnull (evb_board_add_link (board, link, &error));
  g_assert_no_error (error);
  link2->id = g_strdup ("l2");
  link2->strength = EVB_STRENGTH_WEAK;
  g_assert_nonnull (evb_board_add_link (board, link2, &error));
  g_assert_no_error (error);

  evb_store_close (store);
  if (board_out != NULL)
    *board_out = g_steal_pointer (&board);
  return g_steal_pointer (&path);
}

static void
test_round_trip (void)
{
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(EvbBoard) reloaded = NULL;
  g_autoptr(EvbBoard) rewritten = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = make_board_file ("round-trip.evboard", &board);
  g_autofree char *copy = tmp_path ("round-trip-copy.evboard");
  g_autoptr(EvbNodeData) expected = full_node_data ("e1", EVB_NODE_KIND_EVIDENCE, 400);
  const EvbNodeData *e1;

  reloaded = load_board (path, EVB_STORE_FLAGS_READ_ONLY, &store);
  g_assert_cmpint (evb_store_get_schema_version (store), ==, EVB_SCHEMA_VERSION);
  assert_boards_equal (board, reloaded);
  g_assert_cmpstr (evb_board_get_modified (board), ==, evb_board_get_modified (reloaded));
  g_assert_cmpstr (evb_board_get_description (reloaded), ==, "Who attacked what, and when");

  /* The fields are what was set, not only what the board made of them. */
  e1 = evb_node_get_data (evb_board_get_node (reloaded, "e1"));
  g_assert_cmpstr (e1->body, ==, expected->body);
  g_assert_cmpint (e1->attachment_size, ==, G_GINT64_CONSTANT (5000000000));
  g_assert_cmpint (e1->reliability, ==, 'B');
  g_assert_cmpint (e1->credibility, ==, 3);
  g_assert_cmpstrv (e1->tags, expected->tags);
  g_assert_cmpint (evb_node_get_data (evb_board_get_node (reloaded, "e2"))->attachment_size, ==, -1);
  g_assert_cmpint (evb_link_get_strength (evb_board_get_link (reloaded, "l1")), ==,
                   EVB_STRENGTH_STRONG);
  g_assert_cmpstr (evb_link_get_note (evb_board_get_link (reloaded, "l2")), ==, NULL);

  g_assert_true (evb_store_check (store, problems));
  g_assert_cmpuint (problems->len, ==, 0);

  /* write_new writes the same rows. */
  g_assert_true (evb_store_write_new (reloaded, copy, FALSE, &error));
  g_assert_no_error (error);
  rewritten = load_board (copy, EVB_STORE_FLAGS_READ_ONLY, NULL);
  assert_boards_equal (board, rewritten);
  g_assert_cmpstr (evb_board_get_modified (board), ==, evb_board_get_modified (rewritten));
}

static void
reopen (char        *path,
        EvbBoard   **board,
        EvbStore   **store)
{
  g_autoptr(EvbBoard) reloaded = NULL;

  evb_store_close (*store);
  g_clear_object (store);
  reloaded = load_board (path, EVB_STORE_FLAGS_NONE, store);
  assert_boards_equal (*board, reloaded);
  g_object_unref (*board);
  *board = g_steal_pointer (&reloaded);
}

static void
test_edits_undo_redo (void)
{
  g_autofree char *path = make_board_file ("edits.evboard", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = load_board (path, EVB_STORE_FLAGS_NONE, &store);
  g_autoptr(EvbNodeData) data = NULL;
  const char * const ids[] = { "c1", "e2", NULL };

  g_assert_true (evb_board_move_node (board, "e1", 50, 60, &error));
  g_assert_no_error (error);
  reopen (path, &board, &store);

  data = evb_node_dup_data (evb_board_get_node (board, "c1"));
  evb_node_data_set_string (&data->title, "Edited");
  g_strfreev (data->tags);
  data->tags = g_strsplit ("one,two", ",", -1);
  data->reliability = '\0';
  data->credibility = 0;
  g_assert_true (evb_board_update_node (board, data, &error));
  g_assert_no_error (error);
  g_assert_true (evb_board_set_title (board, "Renamed", &error));
  g_assert_no_error (error);
  reopen (path, &board, &store);
  g_assert_cmpstr (evb_board_get_title (board), ==, "Renamed");

  /* A multi-delete takes links with it; undo puts them back. */
  g_assert_true (evb_board_remove_nodes (board, ids, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (evb_board_get_n_links (board), ==, 0);
  reopen (path, &board, &store);
  g_assert_null (evb_board_get_node (board, "c1"));
  g_assert_cmpuint (evb_board_get_n_links (board), ==, 0);

  /* History does not survive a reload, so undo in one session. */
  {
    g_autoptr(EvbLinkData) link = evb_link_data_new ("e1", "c9", EVB_RELATION_SUPPORTS);
    g_autoptr(EvbNodeData) claim = full_node_data ("c9", EVB_NODE_KIND_CLAIM, 5);

    g_assert_nonnull (evb_board_add_node (board, claim, &error));
    g_assert_no_error (error);
    g_assert_nonnull (evb_board_add_link (board, link, &error));
    g_assert_no_error (error);
    g_assert_true (evb_board_remove_node (board, "c9", &error));
    g_assert_no_error (error);
    g_assert_true (evb_board_undo (board, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (evb_board_get_n_links (board), ==, 1);
    reopen (path, &board, &store);
  }
  {
    g_autoptr(EvbStore) store2 = NULL;
    g_autoptr(EvbBoard) board2 = NULL;
    g_autoptr(EvbNodeData) moved = NULL;

    g_assert_true (evb_board_move_node (board, "c9", 1, 2, &error));
    g_assert_true (evb_board_set_title (board, "Undone", &error));
    g_assert_true (evb_board_undo (board, &error));
    g_assert_true (evb_board_undo (board, &error));
    g_assert_true (evb_board_redo (board, &error));
    g_assert_no_error (error);
    reopen (path, &board, &store);
    moved = evb_node_dup_data (evb_board_get_node (board, "c9"));
    g_assert_cmpfloat (moved->x, ==, 1);
    g_assert_cmpstr (evb_board_get_title (board), ==, "Renamed");
    g_assert_cmpuint (evb_board_get_n_links (board), ==, 1);

    /* The store's check agrees. */
    board2 = load_board (path, EVB_STORE_FLAGS_READ_ONLY, &store2);
    (void) board2;
  }
}

static void
assert_order (EvbBoard   *board,
              const char *expected)
{
  GPtrArray *nodes = evb_board_get_nodes (board);
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < nodes->len; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? " " : "",
                            evb_node_get_id (g_ptr_array_index (nodes, i)));
  g_assert_cmpstr (ids->str, ==, expected);
}

static void
test_drawing_order (void)
{
  g_autofree char *path = tmp_path ("order.evboard");
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;
  const char *names[] = { "a", "b", "c", "d", "e" };

  g_unlink (path);
  store = evb_store_create (path, "Order", &error);
  g_assert_no_error (error);
  board = evb_store_load (store, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_CLAIM);

      data->id = g_strdup (names[i]);
      /* Positions in the opposite order, so order by x would be wrong. */
      data->x = 100.0 - i;
      g_assert_nonnull (evb_board_add_node (board, data, &error));
      g_assert_no_error (error);
    }
  reopen (path, &board, &store);
  assert_order (board, "a b c d e");

  /* Undo of a delete puts b back in the middle. */
  g_assert_true (evb_board_remove_node (board, "b", &error));
  reopen (path, &board, &store);
  assert_order (board, "a c d e");
  {
    g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_CLAIM);

    data->id = g_strdup ("f");
    g_assert_nonnull (evb_board_add_node (board, data, &error));
    g_assert_true (evb_board_remove_node (board, "c", &error));
    g_assert_true (evb_board_undo (board, &error));
    g_assert_no_error (error);
    reopen (path, &board, &store);
    assert_order (board, "a c d e f");
  }
}

/* Random adds, deletes, undos and redos, reopened now and then: the file
 * keeps the drawing order of nodes and links whatever happens. */
static void
test_order_random (void)
{
  g_autofree char *path = tmp_path ("order-random.evboard");
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(GRand) rand = g_rand_new ();
  guint next_id = 0;

  g_unlink (path);
  store = evb_store_create (path, "Random order", &error);
  g_assert_no_error (error);
  board = evb_store_load (store, &error);
  g_assert_no_error (error);

  for (guint step = 0; step < 400; step++)
    {
      GPtrArray *nodes = evb_board_get_nodes (board);
      guint n = nodes->len;
      guint what = g_rand_int_range (rand, 0, 10);

      if (what < 4 || n < 4)
        {
          g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_CLAIM);

          data->id = g_strdup_printf ("n%u", next_id++);
          g_assert_nonnull (evb_board_add_node (board, data, &error));
          if (n > 0)
            {
              const char *other = evb_node_get_id (g_ptr_array_index (nodes, g_rand_int_range (rand, 0, n)));
              g_autoptr(EvbLinkData) link = evb_link_data_new (other, data->id, EVB_RELATION_SUPPORTS);

              g_assert_nonnull (evb_board_add_link (board, link, &error));
            }
        }
      else if (what < 6)
        {
          g_autofree char *a = g_strdup (evb_node_get_id (g_ptr_array_index (nodes, g_rand_int_range (rand, 0, n))));
          g_autofree char *b = g_strdup (evb_node_get_id (g_ptr_array_index (nodes, g_rand_int_range (rand, 0, n))));
          const char *ids[] = { a, b, NULL };

          if (g_str_equal (a, b))
            ids[1] = NULL;
          g_assert_true (evb_board_remove_nodes (board, ids, &error));
        }
      else if (what < 9 && evb_board_can_undo (board))
        g_assert_true (evb_board_undo (board, &error));
      else if (evb_board_can_redo (board))
        g_assert_true (evb_board_redo (board, &error));
      g_assert_no_error (error);

      if (step % 50 == 49)
        reopen (path, &board, &store);
    }
  reopen (path, &board, &store);
}

/* A file whose z are all equal (an older writer, or a tampered file):
 * putting a node back in the middle renumbers, and the order holds. */
static void
test_order_renumber (void)
{
  g_autofree char *path = tmp_path ("order-equal.evboard");
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = evb_board_new ("Equal");
  sqlite3 *db;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_CLAIM);

      data->id = g_strdup_printf ("%c", 'a' + i);
      g_assert_nonnull (_evb_board_load_node (board, g_steal_pointer (&data), &error));
    }
  g_unlink (path);
  g_assert_true (evb_store_write_new (board, path, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE node SET z = 7", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_clear_object (&board);

  board = load_board (path, EVB_STORE_FLAGS_NONE, &store);
  assert_order (board, "a b c d e");
  g_assert_true (evb_board_remove_node (board, "c", &error));
  g_assert_true (evb_board_undo (board, &error));
  g_assert_no_error (error);
  reopen (path, &board, &store);
  assert_order (board, "a b c d e");
}

/* Crash consistency: a child commits transactions, the parent kills it */

/* Transaction i (from 1) of the crash child: add node n<i>, link it from the
 * previous one, edit the previous one, and every fifth time delete an old
 * one. The board after k transactions is the same every time. */
static void
crash_transaction (EvbBoard *board,
                   guint     i,
                   GError  **error)
{
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  g_autofree char *prev = g_strdup_printf ("n%u", i - 1);
  g_autofree char *title = g_strdup_printf ("Item %u", i);

  evb_board_begin (board, "step");
  data->id = g_strdup_printf ("n%u", i);
  evb_node_data_set_string (&data->title, title);
  evb_node_data_set_string (&data->body, "Some text to make the pages fill up a little faster.");
  data->x = i;
  data->tags = (g_strfreev (data->tags), g_strsplit ("a,b", ",", -1));
  if (evb_board_add_node (board, data, error) == NULL)
    goto out;
  if (evb_board_get_node (board, prev) != NULL)
    {
      g_autoptr(EvbLinkData) link = evb_link_data_new (prev, data->id, EVB_RELATION_SUPPORTS);

      if (!evb_board_move_node (board, prev, i, 1000, error) ||
          evb_board_add_link (board, link, error) == NULL)
        goto out;
    }
  if (i % 5 == 0)
    {
      g_autofree char *old = g_strdup_printf ("n%u", i - 3);

      if (evb_board_get_node (board, old) != NULL &&
          !evb_board_remove_node (board, old, error))
        goto out;
    }
out:
  if (error != NULL && *error != NULL)
    evb_board_rollback (board);
  else
    evb_board_commit (board, error);
}

static char *
board_summary (EvbBoard *board)
{
  GString *out = g_string_new (NULL);
  GPtrArray *nodes = evb_board_get_nodes (board);
  GPtrArray *links = evb_board_get_links (board);

  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *d = evb_node_get_data (g_ptr_array_index (nodes, i));
      g_autofree char *tags = g_strjoinv (",", d->tags);

      g_string_append_printf (out, "%s %s %g %g [%s]\n", d->id, d->title, d->x, d->y, tags);
    }
  for (guint i = 0; i < links->len; i++)
    {
      const EvbLinkData *d = evb_link_get_data (g_ptr_array_index (links, i));

      g_string_append_printf (out, "%s>%s\n", d->from, d->to);
    }
  return g_string_free (out, FALSE);
}

/* The board after n transactions, from a model that only moves forward. */
static char *
expected_summary (EvbBoard *model,
                  guint    *model_count,
                  guint     n_transactions)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (*model_count, <=, n_transactions);
  for (; *model_count < n_transactions; (*model_count)++)
    {
      crash_transaction (model, *model_count + 1, &error);
      g_assert_no_error (error);
    }
  return board_summary (model);
}

/* The child: "B i" before transaction i is committed, "A i" once it was. */
static int
crash_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = evb_store_open (path, EVB_STORE_FLAGS_NONE, &error);
  g_autoptr(EvbBoard) board = NULL;
  guint done;

  if (store == NULL || (board = evb_store_load (store, &error)) == NULL)
    {
      fprintf (stderr, "crash child: %s\n", error->message);
      return 1;
    }
  /* The file holds n transactions; they are counted in the board title. */
  done = (guint) g_ascii_strtoull (evb_board_get_title (board), NULL, 10);
  for (guint i = done + 1; ; i++)
    {
      g_autofree char *count = g_strdup_printf ("%u", i);

      printf ("B %u\n", i);
      fflush (stdout);
      evb_board_begin (board, "step");
      crash_transaction (board, i, &error);
      if (error == NULL)
        evb_board_set_title (board, count, &error);
      if (error == NULL)
        evb_board_commit (board, &error);
      if (error != NULL)
        {
          fprintf (stderr, "crash child: %s\n", error->message);
          return 1;
        }
      printf ("A %u\n", i);
      fflush (stdout);
    }
  return 0;
}

static void
test_crash (void)
{
  g_autofree char *path = tmp_path ("crash.evboard");
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new ();
  const char *env = g_getenv ("EVB_CRASH_ITERATIONS");
  guint iterations = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 30;
  g_autoptr(EvbBoard) model = evb_board_new ("model");
  guint model_count = 0, in_flight = 0;
  guint committed = 0;

  g_unlink (path);
  {
    g_autoptr(EvbStore) store = evb_store_create (path, "0", &error);
    g_assert_no_error (error);
  }

  for (guint iteration = 0; iteration < iterations; iteration++)
    {
      const char *argv[] = { self_exe, "--crash-child", path, NULL };
      g_autoptr(EvbStore) store = NULL;
      g_autoptr(EvbBoard) board = NULL;
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GString) output = g_string_new (NULL);
      g_autofree char *summary = NULL;
      g_autofree char *expected = NULL;
      g_auto(GStrv) lines = NULL;
      guint wait_for = committed + g_rand_int_range (rand, 1, 25);
      guint acked = committed, started = committed, found;
      GPid pid;
      int out_fd, status;
      char buffer[4096];
      gssize n;

      g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, NULL, &out_fd, NULL, &error);
      g_assert_no_error (error);

      /* Wait until the child acknowledged a random number of steps, then
       * let it run a random little while more and kill it. */
      while (acked < wait_for && (n = read (out_fd, buffer, sizeof buffer)) > 0)
        {
          const char *last;

          g_string_append_len (output, buffer, n);
          last = g_strrstr (output->str, "A ");
          if (last != NULL)
            acked = (guint) g_ascii_strtoull (last + 2, NULL, 10);
        }
      g_usleep (g_rand_int_range (rand, 0, 4000));
      kill (pid, SIGKILL);
      waitpid (pid, &status, 0);
      g_spawn_close_pid (pid);
      while ((n = read (out_fd, buffer, sizeof buffer)) > 0)
        g_string_append_len (output, buffer, n);
      close (out_fd);
      g_assert_true (WIFSIGNALED (status));

      lines = g_strsplit (output->str, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          /* A line cut off by the kill ends without a newline: the last
           * element, ignored unless complete. */
          if (lines[i + 1] == NULL)
            break;
          if (lines[i][0] == 'A')
            acked = (guint) g_ascii_strtoull (lines[i] + 2, NULL, 10);
          else if (lines[i][0] == 'B')
            started = (guint) g_ascii_strtoull (lines[i] + 2, NULL, 10);
        }

      store = evb_store_open (path, EVB_STORE_FLAGS_NONE, &error);
      g_assert_no_error (error);
      g_assert_true (evb_store_check (store, problems));
      board = evb_store_load (store, &error);
      g_assert_no_error (error);

      /* Every acknowledged step is there, and the one in flight either
       * completely or not at all. */
      found = (guint) g_ascii_strtoull (evb_board_get_title (board), NULL, 10);
      g_assert_cmpuint (found, >=, acked);
      g_assert_cmpuint (found, <=, MAX (started, acked));
      summary = board_summary (board);
      expected = expected_summary (model, &model_count, found);
      if (found > acked)
        in_flight++;
      g_assert_cmpstr (summary, ==, expected);
      committed = found;
      evb_store_close (store);
    }
  /* in_flight counts the kills that landed between a commit and its
   * acknowledgement: the step was whole in the file. */
  g_test_message ("%u kills, %u transactions committed, %u in flight", iterations, committed,
                  in_flight);
}

/* Hostile and broken files */

static char *
write_bytes (const char *name,
             const void *data,
             gsize       length)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static char *
tamper (const char *name,
        const char *sql)
{
  g_autofree char *source = make_board_file ("tamper-source.evboard", NULL);
  g_autofree char *path = tmp_path (name);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  sqlite3 *db;

  g_file_get_contents (source, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  sqlite3_close (db);
  return g_steal_pointer (&path);
}

static void
assert_refused (const char *path,
                EvbError    code,
                const char *phrase)
{
  g_autofree char *before = file_checksum (path);
  g_autofree char *dir_before = list_dir (tmpdir);
  g_autofree char *display = g_filename_display_name (path);

  for (guint flags = 0; flags < 2; flags++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EvbStore) store = NULL;
      g_autofree char *after = NULL;
      g_autofree char *dir_after = NULL;

      store = evb_store_open (path, flags == 0 ? EVB_STORE_FLAGS_READ_ONLY : EVB_STORE_FLAGS_NONE,
                              &error);
      g_assert_null (store);
      g_assert_error (error, EVB_ERROR, code);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, display));
      if (phrase != NULL)
        g_assert_nonnull (strstr (error->message, phrase));

      after = file_checksum (path);
      g_assert_cmpstr (before, ==, after);
      dir_after = list_dir (tmpdir);
      g_assert_cmpstr (dir_before, ==, dir_after);
    }
}

static void
test_bad_files (void)
{
  g_autofree char *empty = write_bytes ("empty.evboard", "", 0);
  g_autofree char *text = write_bytes ("text.evboard", "title,x,y\nDrone,1,2\n", 20);
  g_autofree char *random_path = NULL;
  g_autofree char *other = tmp_path ("other.evboard");
  g_autofree char *newer_sql = g_strdup_printf ("PRAGMA user_version = %d", EVB_SCHEMA_VERSION + 1);
  g_autofree char *newer = tamper ("newer.evboard", newer_sql);
  g_autofree char *view = tamper ("view.evboard", "CREATE VIEW nodes AS SELECT * FROM node");
  g_autofree char *trigger = tamper ("trigger.evboard",
                                     "CREATE TRIGGER node AFTER INSERT ON link "
                                     "BEGIN DELETE FROM node; END");
  g_autofree char *table = tamper ("table.evboard", "CREATE TABLE extra (x)");
  g_autofree char *index = tamper ("index.evboard", "CREATE INDEX node_title ON node (title)");
  g_autofree char *changed = tamper ("changed.evboard",
                                     "PRAGMA foreign_keys = OFF;"
                                     "CREATE TABLE link2 (id TEXT PRIMARY KEY, z INTEGER, "
                                     "from_id TEXT, to_id TEXT, relation TEXT, strength TEXT, "
                                     "note TEXT);"
                                     "INSERT INTO link2 SELECT * FROM link;"
                                     "DROP TABLE link; ALTER TABLE link2 RENAME TO link;"
                                     "CREATE INDEX link_to ON link (to_id);");
  g_autofree char *bad_row = tamper ("bad-row.evboard",
                                     "PRAGMA writable_schema = ON;"
                                     "UPDATE node SET x = 1e300 WHERE id = 'c1';");
  g_autofree char *truncated = NULL;
  guint8 noise[4096];
  sqlite3 *db;

  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = g_random_int_range (0, 256);
  random_path = write_bytes ("random.evboard", noise, sizeof noise);

  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE notes (body TEXT); "
                                     "INSERT INTO notes VALUES ('hello')", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  /* A board of many pages, cut in the middle. */
  {
    g_autoptr(EvbBoard) board = evb_board_new ("Big");
    g_autoptr(GError) error = NULL;
    g_autofree char *big = tmp_path ("big.evboard");
    g_autofree char *contents = NULL;
    gsize length;

    for (guint i = 0; i < 300; i++)
      {
        g_autoptr(EvbNodeData) data = full_node_data (NULL, EVB_NODE_KIND_CLAIM, i);

        g_free (data->id);
        data->id = g_strdup_printf ("n%u", i);
        g_assert_nonnull (_evb_board_load_node (board, g_steal_pointer (&data), &error));
      }
    g_unlink (big);
    g_assert_true (evb_store_write_new (board, big, FALSE, &error));
    g_assert_no_error (error);
    g_file_get_contents (big, &contents, &length, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (length, >, 8 * 4096);
    truncated = write_bytes ("truncated.evboard", contents, length / 2);
    g_unlink (big);
  }

  assert_refused (empty, EVB_ERROR_NOT_A_BOARD, "empty");
  assert_refused (random_path, EVB_ERROR_NOT_A_BOARD, "not an Evidence Board file");
  assert_refused (text, EVB_ERROR_NOT_A_BOARD, "not an Evidence Board file");
  assert_refused (other, EVB_ERROR_NOT_A_BOARD, "another program");
  assert_refused (newer, EVB_ERROR_TOO_NEW, "newer version");
  assert_refused (truncated, EVB_ERROR_DAMAGED, NULL);
  assert_refused (view, EVB_ERROR_DAMAGED, "unexpected view “nodes”");
  assert_refused (trigger, EVB_ERROR_DAMAGED, "unexpected trigger “node”");
  assert_refused (table, EVB_ERROR_DAMAGED, "unexpected table “extra”");
  assert_refused (index, EVB_ERROR_DAMAGED, "unexpected index “node_title”");
  assert_refused (changed, EVB_ERROR_DAMAGED, "has been altered");

  /* A row that passed SQLite's checks but not the board's: refused when
   * loading, naming the node. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(EvbStore) store = evb_store_open (bad_row, EVB_STORE_FLAGS_READ_ONLY, &error);
    g_autoptr(EvbBoard) board = NULL;

    g_assert_no_error (error);
    board = evb_store_load (store, &error);
    g_assert_null (board);
    g_assert_error (error, EVB_ERROR, EVB_ERROR_DAMAGED);
    g_assert_nonnull (strstr (error->message, "“c1”"));
  }

  /* A link to a node that is not there: evb_store_check reports it, and
   * loading refuses it by name. */
  {
    g_autofree char *dangling = tamper ("dangling.evboard",
                                        "INSERT INTO link VALUES ('lx', 99, 'c1', 'nowhere', "
                                        "'supports', 'weak', NULL)");
    g_autoptr(GError) error = NULL;
    g_autoptr(EvbStore) store = evb_store_open (dangling, EVB_STORE_FLAGS_READ_ONLY, &error);
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(EvbBoard) board = NULL;

    g_assert_no_error (error);
    g_assert_false (evb_store_check (store, problems));
    g_assert_cmpuint (problems->len, ==, 1);
    g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "“link”"));
    board = evb_store_load (store, &error);
    g_assert_null (board);
    g_assert_error (error, EVB_ERROR, EVB_ERROR_DAMAGED);
    g_assert_nonnull (strstr (error->message, "“lx”"));
  }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *missing = tmp_path ("missing.evboard");
    g_autoptr(EvbStore) store = evb_store_open (missing, EVB_STORE_FLAGS_READ_ONLY, &error);

    g_assert_null (store);
    g_assert_nonnull (error);
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }
}

/* Limits: a body of several megabytes is real work; a value over the
 * limit is refused with a sentence, not a crash or a huge allocation. */
static void
test_limits (void)
{
  g_autofree char *path = tmp_path ("big-body.evboard");
  g_autoptr(EvbBoard) board = evb_board_new ("Big body");
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  g_autoptr(GError) error = NULL;
  g_autofree char *body = g_malloc (6 * 1024 * 1024 + 1);

  memset (body, 'x', 6 * 1024 * 1024);
  body[6 * 1024 * 1024] = '\0';
  data->id = g_strdup ("big");
  data->body = g_strdup (body);
  g_assert_nonnull (_evb_board_load_node (board, g_steal_pointer (&data), &error));
  g_unlink (path);
  g_assert_true (evb_store_write_new (board, path, FALSE, &error));
  g_assert_no_error (error);
  {
    g_autoptr(EvbBoard) reloaded = load_board (path, EVB_STORE_FLAGS_READ_ONLY, NULL);
    assert_boards_equal (board, reloaded);
  }

  /* Over 64 MiB. */
  {
    g_autoptr(EvbStore) store = NULL;
    g_autoptr(EvbBoard) loaded = NULL;
    sqlite3 *db;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE node SET body = replace (hex (zeroblob (33554433)), "
                                       "'0', 'x')", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);

    store = evb_store_open (path, EVB_STORE_FLAGS_READ_ONLY, &error);
    g_assert_no_error (error);
    loaded = evb_store_load (store, &error);
    g_assert_null (loaded);
    g_assert_error (error, EVB_ERROR, EVB_ERROR_LIMIT);
    g_test_message ("%s", error->message);
  }
  g_unlink (path);
}

/* Edits through the history API, as the app makes them: a body of several
 * megabytes is kept, undone and redone; a value over 64 MiB (a body, a
 * title, a link's note, a tag) is refused with EVB_ERROR_LIMIT and changes
 * nothing. A board file cannot hold it: written anyway, it came back empty
 * (SQLite refuses the value, and the row was written without it). */
static void
test_limits_edit (void)
{
  g_autofree char *path = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_malloc (6 * 1024 * 1024 + 1);
  g_autofree char *huge = g_malloc ((gsize) 64 * 1024 * 1024 + 2);
  g_autofree char *before = NULL;
  const char *tags[] = { "fine", huge, NULL };

  memset (big, 'b', 6 * 1024 * 1024);
  big[6 * 1024 * 1024] = '\0';
  memset (huge, 'h', (gsize) 64 * 1024 * 1024 + 1);
  huge[(gsize) 64 * 1024 * 1024 + 1] = '\0';
  path = make_board_file ("limits-edit.evboard", NULL);
  board = load_board (path, EVB_STORE_FLAGS_NONE, &store);

  {
    EvbNode *node = evb_board_get_node (board, "c1");
    g_autoptr(EvbNodeData) data = evb_node_data_copy (evb_node_get_data (node));

    evb_node_data_set_string (&data->body, big);
    g_assert_true (evb_board_update_node (board, data, &error));
    g_assert_no_error (error);
  }
  before = board_summary (board);

  /* Over the limit: refused, named, and the board (and file) unchanged. */
  {
    EvbNode *node = evb_board_get_node (board, "c1");
    g_autoptr(EvbNodeData) data = evb_node_data_copy (evb_node_get_data (node));

    evb_node_data_set_string (&data->body, huge);
    g_assert_false (evb_board_update_node (board, data, &error));
    g_assert_error (error, EVB_ERROR, EVB_ERROR_LIMIT);
    g_assert_nonnull (strstr (error->message, "body"));
    g_test_message ("%s", error->message);
    g_clear_error (&error);

    evb_node_data_set_string (&data->body, "short");
    g_strfreev (data->tags);
    data->tags = g_strdupv ((char **) tags);
    g_assert_false (evb_board_update_node (board, data, &error));
    g_assert_error (error, EVB_ERROR, EVB_ERROR_LIMIT);
    g_clear_error (&error);

    g_clear_pointer (&data->id, g_free);
    g_assert_null (evb_board_add_node (board, data, &error));
    g_assert_error (error, EVB_ERROR, EVB_ERROR_LIMIT);
    g_clear_error (&error);
  }
  g_assert_false (evb_board_set_title (board, huge, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_LIMIT);
  g_clear_error (&error);
  g_assert_false (evb_board_set_description (board, huge, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_LIMIT);
  g_clear_error (&error);
  {
    EvbLink *link = g_ptr_array_index (evb_board_get_links (board), 0);
    g_autoptr(EvbLinkData) data = evb_link_data_copy (evb_link_get_data (link));

    g_free (data->note);
    data->note = g_strdup (huge);
    g_assert_false (evb_board_update_link (board, data, &error));
    g_assert_error (error, EVB_ERROR, EVB_ERROR_LIMIT);
    g_clear_error (&error);
  }
  {
    g_autofree char *after = board_summary (board);
    g_assert_cmpstr (before, ==, after);
  }

  /* Undo and redo of the big body work, and the file has it. */
  g_assert_true (evb_board_undo (board, &error));
  g_assert_cmpstr (evb_node_get_data (evb_board_get_node (board, "c1"))->body, !=, big);
  g_assert_true (evb_board_redo (board, &error));
  g_assert_no_error (error);
  g_clear_object (&board);
  g_clear_object (&store);
  board = load_board (path, EVB_STORE_FLAGS_NONE, &store);
  g_assert_cmpstr (evb_node_get_data (evb_board_get_node (board, "c1"))->body, ==, big);
  g_assert_cmpstr (evb_board_get_title (board), !=, huge);
  g_clear_object (&board);
  g_clear_object (&store);
  g_unlink (path);
}

/* Atomic writes */

static void
test_write_new (void)
{
  g_autoptr(EvbBoard) board = NULL;
  g_autofree char *source = make_board_file ("write-source.evboard", &board);
  g_autofree char *dir = tmp_path ("write-new");
  g_autofree char *target = g_build_filename (dir, "board.evboard", NULL);
  g_autofree char *checksum = NULL;
  g_autofree char *after = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  g_mkdir (dir, 0700);

  /* A target that exists is refused without overwrite, and left alone. */
  g_file_set_contents (target, "precious", -1, &error);
  g_assert_no_error (error);
  g_assert_false (evb_store_write_new (board, target, FALSE, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "board.evboard"));
  g_clear_error (&error);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "board.evboard");
  g_clear_pointer (&listing, g_free);
  checksum = file_checksum (target);
  after = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "precious", -1);
  g_assert_cmpstr (checksum, ==, after);

  /* With overwrite it is replaced by a complete board. */
  g_assert_true (evb_store_write_new (board, target, TRUE, &error));
  g_assert_no_error (error);
  {
    g_autoptr(EvbBoard) reloaded = load_board (target, EVB_STORE_FLAGS_READ_ONLY, NULL);
    assert_boards_equal (board, reloaded);
  }
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "board.evboard");
  g_clear_pointer (&listing, g_free);
  g_unlink (target);

  /* A failure after the temporary file was written (the target is a
   * folder that cannot be replaced) leaves nothing behind. */
  g_mkdir (target, 0700);
  {
    g_autofree char *inside = g_build_filename (target, "keep", NULL);
    g_file_set_contents (inside, "x", -1, NULL);
  }
  g_assert_false (evb_store_write_new (board, target, TRUE, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
  g_clear_error (&error);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "board.evboard");
  g_clear_pointer (&listing, g_free);
  remove_tree (target);

  /* An unwritable folder (only for users whom permissions bind). */
  if (geteuid () != 0)
    {
      g_chmod (dir, 0500);
      g_assert_false (evb_store_write_new (board, target, FALSE, &error));
      g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
      g_clear_error (&error);
      g_chmod (dir, 0700);
    }
  /* A folder that is gone (an unplugged stick). */
  {
    g_autofree char *gone = g_build_filename (dir, "gone", "board.evboard", NULL);

    g_assert_false (evb_store_write_new (board, gone, FALSE, &error));
    g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
    g_clear_error (&error);
  }
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "");

  g_rmdir (dir);
}

static void
test_backup (void)
{
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) working = NULL;
  g_autofree char *source = make_board_file ("backup-source.evboard", &board);
  g_autofree char *dir = tmp_path ("backup");
  g_autofree char *dest = g_build_filename (dir, "copy.evboard", NULL);
  g_autofree char *listing = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_mkdir (dir, 0700);
  working = load_board (source, EVB_STORE_FLAGS_NONE, &store);
  g_assert_true (evb_board_move_node (working, "c1", 7, 8, &error));
  g_assert_no_error (error);

  /* Over an existing file, from a store in WAL mode with a live -wal. */
  g_file_set_contents (dest, "old", -1, NULL);
  g_assert_true (evb_store_backup_to (store, dest, &error));
  g_assert_no_error (error);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "copy.evboard");
  g_clear_pointer (&listing, g_free);

  /* One self-contained file: rollback journal mode in the header. */
  g_file_get_contents (dest, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (contents[18], ==, 1);
  g_assert_cmpint (contents[19], ==, 1);
  {
    g_autoptr(EvbBoard) copy = load_board (dest, EVB_STORE_FLAGS_READ_ONLY, NULL);
    assert_boards_equal (working, copy);
  }

  /* A failed backup leaves dest as it was and no temporary file. */
  {
    g_autofree char *before = file_checksum (dest);
    g_autofree char *after = NULL;
    g_autofree char *folder = g_build_filename (dir, "folder.evboard", NULL);
    g_autofree char *inside = g_build_filename (folder, "keep", NULL);

    g_mkdir (folder, 0700);
    g_file_set_contents (inside, "x", -1, NULL);
    g_assert_false (evb_store_backup_to (store, folder, &error));
    g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
    g_clear_error (&error);
    listing = list_dir (dir);
    g_assert_cmpstr (listing, ==, "copy.evboard folder.evboard");
    g_clear_pointer (&listing, g_free);
    remove_tree (folder);

    if (geteuid () != 0)
      {
        g_chmod (dir, 0500);
        g_assert_false (evb_store_backup_to (store, dest, &error));
        g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
        g_clear_error (&error);
        g_chmod (dir, 0700);
      }
    after = file_checksum (dest);
    g_assert_cmpstr (before, ==, after);
  }

  evb_store_close (store);
  remove_tree (dir);
}

static void
test_closed_store (void)
{
  g_autofree char *path = make_board_file ("closed.evboard", NULL);
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = load_board (path, EVB_STORE_FLAGS_NONE, &store);
  g_autoptr(GError) error = NULL;

  /* A commit that cannot be written is undone on the board too. */
  evb_store_close (store);
  g_assert_false (evb_board_move_node (board, "c1", 999, 999, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
  g_assert_cmpfloat (evb_node_get_data (evb_board_get_node (board, "c1"))->x, ==, 10);
}

/* A read-only store never changes the file, even when it has a -wal left. */
static void
test_read_only (void)
{
  g_autofree char *path = make_board_file ("ro.evboard", NULL);
  g_autofree char *before = file_checksum (path);
  g_autofree char *listing_before = list_dir (tmpdir);
  g_autofree char *after = NULL;
  g_autofree char *listing_after = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = load_board (path, EVB_STORE_FLAGS_READ_ONLY, &store);
  g_autoptr(GError) error = NULL;

  g_assert_true (evb_store_check (store, problems));
  /* No commit func: edits stay in memory. */
  g_assert_true (evb_board_move_node (board, "c1", 1, 1, &error));
  g_assert_no_error (error);
  evb_store_close (store);

  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  listing_after = list_dir (tmpdir);
  g_assert_cmpstr (listing_before, ==, listing_after);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  if (argc == 3 && g_str_equal (argv[1], "--crash-child"))
    return crash_child (argv[2]);

  self_exe = argv[0];
  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("evb-store-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/store/round-trip", test_round_trip);
  g_test_add_func ("/store/edits-undo-redo", test_edits_undo_redo);
  g_test_add_func ("/store/drawing-order", test_drawing_order);
  g_test_add_func ("/store/order-random", test_order_random);
  g_test_add_func ("/store/order-renumber", test_order_renumber);
  g_test_add_func ("/store/read-only", test_read_only);
  g_test_add_func ("/store/closed", test_closed_store);
  g_test_add_func ("/store/bad-files", test_bad_files);
  g_test_add_func ("/store/limits", test_limits);
  g_test_add_func ("/store/limits-edit", test_limits_edit);
  g_test_add_func ("/store/write-new", test_write_new);
  g_test_add_func ("/store/backup", test_backup);
  g_test_add_func ("/store/crash", test_crash);

  result = g_test_run ();
  remove_tree (tmpdir);
  g_free (tmpdir);
  return result;
}
