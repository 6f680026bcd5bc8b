/* test-groups.c: groups in board files: save, reopen, undo, migration from schema 3, damage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "evb-editing.h"
#include "test-common.h"

static char *tmpdir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static GPtrArray *
two_ids (const char *a,
         const char *b)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (array, g_strdup (a));
  if (b != NULL)
    g_ptr_array_add (array, g_strdup (b));
  return array;
}

/* A board file with four claims and no groups. */
static char *
make_board_file (const char  *name,
                 EvbBoard   **board_out,
                 EvbStore   **store_out)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;

  g_unlink (path);
  store = evb_store_create (path, "Groups", &error);
  g_assert_no_error (error);
  board = evb_store_load (store, &error);
  g_assert_no_error (error);
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", i);
      add_claim (board, id);
    }
  *board_out = g_steal_pointer (&board);
  *store_out = g_steal_pointer (&store);
  return g_steal_pointer (&path);
}

static void
reopen (const char  *path,
        EvbBoard   **board,
        EvbStore   **store)
{
  g_autoptr(EvbBoard) reloaded = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  evb_store_close (*store);
  g_clear_object (store);
  reloaded = load_board (path, EVB_STORE_FLAGS_NONE, store);
  assert_boards_equal (*board, reloaded);
  g_assert_true (evb_store_check (*store, problems));
  g_assert_cmpuint (problems->len, ==, 0);
  g_object_unref (*board);
  *board = g_steal_pointer (&reloaded);
}

/* Every command and its undo reach the file: reopened after each, the
 * board is the one in memory. */
static void
test_save_reopen (void)
{
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = two_ids ("c1", "c2");
  g_autoptr(GPtrArray) second = two_ids ("c2", "c3");
  g_autoptr(GPtrArray) deleted = two_ids ("c3", NULL);
  g_autofree char *path = make_board_file ("save.evboard", &board, &store);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  a = g_strdup (evb_group_get_id (evb_editing_group (board, first, "First — перша", &error)));
  g_assert_no_error (error);
  reopen (path, &board, &store);

  g_assert_true (evb_editing_set_group_color (board, a, "#c061cb", &error));
  g_assert_true (evb_editing_set_group_collapsed (board, a, TRUE, &error));
  g_assert_no_error (error);
  reopen (path, &board, &store);
  g_assert_true (evb_group_get_collapsed (evb_board_get_group (board, a)));
  g_assert_cmpstr (evb_group_get_color (evb_board_get_group (board, a)), ==, "#c061cb");

  /* c2 moves from one group to the other in one step. */
  b = g_strdup (evb_group_get_id (evb_editing_group (board, second, "Second", &error)));
  g_assert_no_error (error);
  reopen (path, &board, &store);
  g_assert_cmpstr (evb_group_get_id (evb_board_get_node_group (board, "c2")), ==, b);
  g_assert_cmpuint (evb_group_get_n_nodes (evb_board_get_group (board, a)), ==, 1);

  g_assert_true (evb_editing_delete (board, deleted, NULL, NULL, &error));
  g_assert_no_error (error);
  reopen (path, &board, &store);
  g_assert_cmpuint (evb_group_get_n_nodes (evb_board_get_group (board, b)), ==, 1);

  g_assert_true (evb_editing_ungroup (board, a, &error));
  reopen (path, &board, &store);
  g_assert_null (evb_board_get_group (board, a));

  /* Undo of each command, reopened after each: reopening clears the
   * history, so undo within one session. */
  g_assert_true (evb_editing_ungroup (board, b, &error));
  g_assert_true (evb_board_undo (board, &error));
  g_assert_no_error (error);
  reopen (path, &board, &store);
  g_assert_nonnull (evb_board_get_group (board, b));
  g_assert_true (evb_editing_rename_group (board, b, "Renamed", NULL, &error));
  g_assert_true (evb_board_undo (board, &error));
  reopen (path, &board, &store);
  g_assert_cmpstr (evb_group_get_label (evb_board_get_group (board, b)), ==, "Second");

  evb_store_close (store);
}

/* Makes a board file of schema 5 as that version wrote it: schema 6 only
 * adds the two group tables, so dropping them and the version is it. */
static char *
make_v5_file (const char *name)
{
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autofree char *path = make_board_file (name, &board, &store);
  sqlite3 *db = NULL;

  G_STATIC_ASSERT (EVB_SCHEMA_VERSION == 6);
  evb_store_close (store);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "DROP TABLE card_group_member; DROP TABLE card_group; "
                                 "PRAGMA user_version = 5; VACUUM;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return g_steal_pointer (&path);
}

static void
test_migrate_v5 (void)
{
  g_autofree char *path = make_v5_file ("v5.evboard");
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cards = two_ids ("c1", "c4");
  g_autoptr(GError) error = NULL;

  /* Read-only: still schema 5, no groups, sound. */
  board = load_board (path, EVB_STORE_FLAGS_READ_ONLY, &store);
  g_assert_cmpint (evb_store_get_schema_version (store), ==, 5);
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 4);
  g_assert_cmpuint (evb_board_get_n_groups (board), ==, 0);
  g_assert_true (evb_store_check (store, problems));
  g_assert_cmpuint (problems->len, ==, 0);
  evb_store_close (store);
  g_clear_object (&store);
  g_clear_object (&board);

  /* Writable: migrated, and groups can be made and kept. */
  board = load_board (path, EVB_STORE_FLAGS_NONE, &store);
  g_assert_cmpint (evb_store_get_schema_version (store), ==, EVB_SCHEMA_VERSION);
  g_assert_nonnull (evb_editing_group (board, cards, "After migration", &error));
  g_assert_no_error (error);
  reopen (path, &board, &store);
  g_assert_cmpuint (evb_board_get_n_groups (board), ==, 1);
  evb_store_close (store);
}

/* Rows no version writes are refused with a sentence, not loaded. */
static void
test_damaged (void)
{
  const char *damage[] = {
    /* a group with no members */
    "INSERT INTO card_group (id, z, label, collapsed) VALUES ('g9', 0, 'Empty', 0)",
    /* members of a group that is not there */
    "PRAGMA foreign_keys = OFF; INSERT INTO card_group_member VALUES ('g9', 0, 'c1')",
    /* a member that is not a node */
    "PRAGMA foreign_keys = OFF; INSERT INTO card_group (id, z, label, collapsed) "
    "VALUES ('g9', 0, 'G', 0); INSERT INTO card_group_member VALUES ('g9', 0, 'nope')",
    /* a bad colour */
    "INSERT INTO card_group (id, z, label, color, collapsed) VALUES ('g9', 0, 'G', 'red', 0);"
    "INSERT INTO card_group_member VALUES ('g9', 0, 'c1')",
  };

  for (guint i = 0; i < G_N_ELEMENTS (damage); i++)
    {
      g_autofree char *name = g_strdup_printf ("damaged-%u.evboard", i);
      g_autoptr(EvbBoard) board = NULL;
      g_autoptr(EvbStore) store = NULL;
      g_autofree char *path = make_board_file (name, &board, &store);
      g_autoptr(GError) error = NULL;
      g_autoptr(EvbBoard) loaded = NULL;
      sqlite3 *db = NULL;

      evb_store_close (store);
      g_clear_object (&store);
      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, damage[i], NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);

      store = evb_store_open (path, EVB_STORE_FLAGS_READ_ONLY, &error);
      g_assert_no_error (error);
      loaded = evb_store_load (store, &error);
      g_assert_null (loaded);
      g_assert_error (error, EVB_ERROR, EVB_ERROR_DAMAGED);
      g_test_message ("%s", error->message);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("evb-store-groups-XXXXXX", NULL);

  g_test_add_func ("/store/groups/save-reopen", test_save_reopen);
  g_test_add_func ("/store/groups/migrate-v5", test_migrate_v5);
  g_test_add_func ("/store/groups/damaged", test_damaged);

  status = g_test_run ();
  remove_tree (tmpdir);
  g_free (tmpdir);
  return status;
}
