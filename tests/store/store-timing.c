/* store-timing.c: how long the store takes on a board of N nodes (not a test)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * store-timing [N [KEEP-AS]]: prints the time of writing, opening (header, schema and
 * quick_check), loading, integrity_check against quick_check, and
 * persisting one move.
 */

#include "config.h"

#include <sqlite3.h>

#include "evb-synthetic.h"
#include "test-common.h"

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static double
time_pragma (const char *path,
             const char *pragma)
{
  sqlite3 *db;
  double start;

  sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  start = now_ms ();
  sqlite3_exec (db, pragma, NULL, NULL, NULL);
  start = now_ms () - start;
  sqlite3_close (db);
  return start;
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  g_autofree char *dir = g_dir_make_tmp ("evb-timing-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "timing.evboard", NULL);
  g_autoptr(EvbBoard) synthetic = evb_synthetic_board_new (n, 42);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;
  GPtrArray *nodes;
  double start, t_open, t_load, t_moves;
  const guint moves = 500;

  start = now_ms ();
  if (!evb_store_write_new (synthetic, path, TRUE, &error))
    g_error ("%s", error->message);
  g_print ("%u nodes, %u links: write_new %.1f ms\n", evb_board_get_n_nodes (synthetic),
           evb_board_get_n_links (synthetic), now_ms () - start);

  for (guint round = 0; round < 3; round++)
    {
      g_clear_object (&board);
      g_clear_object (&store);
      start = now_ms ();
      store = evb_store_open (path, EVB_STORE_FLAGS_NONE, &error);
      if (store == NULL)
        g_error ("%s", error->message);
      t_open = now_ms () - start;
      start = now_ms ();
      board = evb_store_load (store, &error);
      if (board == NULL)
        g_error ("%s", error->message);
      t_load = now_ms () - start;
      g_print ("open (checks) %.1f ms, load %.1f ms, total %.1f ms\n", t_open, t_load,
               t_open + t_load);
    }

  g_print ("quick_check %.1f ms, integrity_check %.1f ms\n",
           time_pragma (path, "PRAGMA quick_check"),
           time_pragma (path, "PRAGMA integrity_check"));

  nodes = evb_board_get_nodes (board);
  start = now_ms ();
  for (guint i = 0; i < moves; i++)
    {
      EvbNode *node = g_ptr_array_index (nodes, (i * 7919) % nodes->len);

      if (!evb_board_move_node (board, evb_node_get_id (node), i, i, &error))
        g_error ("%s", error->message);
    }
  t_moves = (now_ms () - start) / moves;
  g_print ("one move persisted: %.3f ms\n", t_moves);

  start = now_ms ();
  if (!evb_board_remove_node (board, evb_node_get_id (g_ptr_array_index (nodes, 10)), &error) ||
      !evb_board_undo (board, &error))
    g_error ("%s", error->message);
  g_print ("delete + undo (renumbering): %.1f ms\n", now_ms () - start);

  {
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
    guint k = MIN (1000, nodes->len / 2);

    for (guint i = 0; i < k; i++)
      g_ptr_array_add (ids, g_strdup (evb_node_get_id (g_ptr_array_index (nodes, i * (nodes->len / k)))));
    g_ptr_array_add (ids, NULL);
    start = now_ms ();
    if (!evb_board_remove_nodes (board, (const char * const *) ids->pdata, &error))
      g_error ("%s", error->message);
    g_print ("delete %u nodes: %.1f ms\n", k, now_ms () - start);
    start = now_ms ();
    if (!evb_board_undo (board, &error))
      g_error ("%s", error->message);
    g_print ("undo that delete: %.1f ms\n", now_ms () - start);
  }

  {
    GPtrArray *snodes = evb_board_get_nodes (synthetic);
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
    guint k = MIN (1000, snodes->len / 2);

    for (guint i = 0; i < k; i++)
      g_ptr_array_add (ids, g_strdup (evb_node_get_id (g_ptr_array_index (snodes, i * (snodes->len / k)))));
    g_ptr_array_add (ids, NULL);
    start = now_ms ();
    if (!evb_board_remove_nodes (synthetic, (const char * const *) ids->pdata, &error))
      g_error ("%s", error->message);
    g_print ("without a store: delete %u nodes: %.1f ms\n", k, now_ms () - start);
    start = now_ms ();
    if (!evb_board_undo (synthetic, &error))
      g_error ("%s", error->message);
    g_print ("without a store: undo that delete: %.1f ms\n", now_ms () - start);
  }

  {
    g_autofree char *copy = g_build_filename (dir, "copy.evboard", NULL);

    start = now_ms ();
    if (!evb_store_backup_to (store, copy, &error))
      g_error ("%s", error->message);
    g_print ("backup_to (write-back): %.1f ms\n", now_ms () - start);
  }

  evb_store_close (store);
  if (argc > 2)
    g_rename (path, argv[2]);
  remove_tree (dir);
  return 0;
}
