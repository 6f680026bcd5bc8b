/* evb-bench-blobs.c: keeping a large file in a board, and writing it back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * evb-bench-blobs [--mib N] [--runs R] [--dir DIR]
 *
 * Times, interleaved (floor, ours, floor, ours …):
 *
 *  - embed: evb_store_embed_file() of an N MiB file into a new board,
 *    against the floor, a plain loop doing the same file → SQLite copy (the
 *    same 1 MiB chunk rows, transactions and WAL settings as a working
 *    copy, without the SHA-256, the checks or the staging row);
 *  - write-back after a title edit on a board holding the file:
 *    evb_store_write_back_to() (in place) against the previous code,
 *    evb_store_backup_to() (a whole copy through SQLite's backup API);
 *  - opening the user's file holding the file as the app does (check it
 *    read-only, make the working copy, open and load that):
 *    evb_store_copy_without_blobs() against the previous code, a whole copy
 *    with evb_store_backup_to() and a quick_check of the whole file (the
 *    open now checks every table but the kept files' bytes, which their
 *    reads check), with the working copy's size beside.
 *
 * The input is a sparse file (reading it costs no disk), deleted with every
 * other file at the end. Prints medians and the process's maximum RSS,
 * which must stay flat (a few MiB above a process that embeds nothing).
 */

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "evb-core.h"

#define CHUNK EVB_BLOB_CHUNK_SIZE

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static long
max_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* The floor: file → SQLite chunk rows, nothing else. */
static double
floor_copy (const char *input,
            const char *db_path)
{
  g_autofree guint8 *buffer = g_malloc (CHUNK);
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;
  double start = now_ms ();
  gint64 seq = 0;
  int fd;

  g_unlink (db_path);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                                 "CREATE TABLE chunk (id INTEGER NOT NULL, seq INTEGER NOT NULL,"
                                 " data BLOB NOT NULL, PRIMARY KEY (id, seq)) STRICT;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO chunk VALUES (1, ?1, ?2)", -1, &insert,
                                       NULL), ==, SQLITE_OK);
  fd = open (input, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  for (;;)
    {
      ssize_t got = read (fd, buffer, CHUNK);

      g_assert_cmpint (got, >=, 0);
      if (got == 0)
        break;
      if (seq % 16 == 0)
        sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      sqlite3_bind_int64 (insert, 1, seq);
      sqlite3_bind_blob (insert, 2, buffer, got, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
      sqlite3_reset (insert);
      seq++;
      if (seq % 16 == 0)
        sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
    }
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  close (fd);
  sqlite3_finalize (insert);
  sqlite3_close (db);
  return now_ms () - start;
}

static goffset
size_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_size;
}

/* Opens user_path as the app does: checked read-only, copied to a working
 * copy (whole, or without the kept files' bytes), which is opened and
 * loaded. Returns the time; *size the working copy's. */
static double
open_board (const char *user_path,
            const char *working_path,
            gboolean    lean,
            goffset    *size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) source = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;
  double start = now_ms (), elapsed;

  source = evb_store_open (user_path, EVB_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  if (!lean)
    {
      /* The previous code checked the kept files' pages too. */
      g_autofree char *uri = g_strconcat ("file:", user_path, "?immutable=1", NULL);
      sqlite3 *db = NULL;

      g_assert_cmpint (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL),
                       ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, "PRAGMA quick_check", NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
    }
  if (lean)
    g_assert_true (evb_store_copy_without_blobs (source, working_path, &error));
  else
    g_assert_true (evb_store_backup_to (source, working_path, &error));
  g_assert_no_error (error);
  evb_store_close (source);
  store = evb_store_open (working_path, EVB_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  if (lean)
    evb_store_set_blob_source (store, user_path);
  board = evb_store_load (store, &error);
  g_assert_no_error (error);
  elapsed = now_ms () - start;
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 1);
  evb_store_close (store);
  *size = size_of (working_path);
  g_unlink (working_path);
  return elapsed;
}

static double
our_embed (const char *input,
           const char *board_path,
           EvbStore  **store_out,
           EvbBoard  **board_out,
           char      **sha256_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (input);
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(EvbBlobInfo) info = NULL;
  double start, elapsed;

  g_unlink (board_path);
  store = evb_store_create (board_path, "Bench", &error);
  g_assert_no_error (error);
  board = evb_store_load (store, &error);
  g_assert_no_error (error);

  start = now_ms ();
  info = evb_store_embed_file (store, file, "video/mp4", NULL, NULL, NULL, &error);
  elapsed = now_ms () - start;
  g_assert_no_error (error);

  if (store_out != NULL)
    {
      EvbAttachmentInfo attachment = {
        .uri = "file:///gone/clip.mp4", .sha256 = info->sha256, .size = info->size,
        .media_type = "video/mp4", .name = "clip.mp4", .embedded = TRUE,
      };

      g_assert_nonnull (evb_editing_attach (board, NULL, &attachment, 0, 0, &error));
      g_assert_no_error (error);
      *store_out = g_steal_pointer (&store);
      *board_out = g_steal_pointer (&board);
      *sha256_out = g_strdup (info->sha256);
    }
  return elapsed;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir_option = NULL;
  int mib = 1024, runs = 3;
  GOptionEntry entries[] = {
    { "mib", 0, 0, G_OPTION_ARG_INT, &mib, "Size of the file in MiB (1024)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Interleaved runs (3)", "R" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir_option, "Where the files go (/tmp)", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) floor_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) embed_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) whole_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) in_place_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) open_whole_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) open_lean_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *opened_path = NULL;
  goffset whole_size = 0, lean_size = 0;
  double load_before[3], load_after[3];
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *input = NULL;
  g_autofree char *floor_db = NULL;
  g_autofree char *board_path = NULL;
  g_autofree char *user_path = NULL;
  g_autofree char *copy_path = NULL;
  double mb;
  long rss_before;
  int fd;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  dir = g_build_filename (dir_option != NULL ? dir_option : g_get_tmp_dir (),
                          "evb-bench-blobs-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (dir));
  input = g_build_filename (dir, "input.bin", NULL);
  floor_db = g_build_filename (dir, "floor.sqlite", NULL);
  board_path = g_build_filename (dir, "working.evboard", NULL);
  user_path = g_build_filename (dir, "user.evboard", NULL);
  copy_path = g_build_filename (dir, "whole-copy.evboard", NULL);
  opened_path = g_build_filename (dir, "opened.evboard", NULL);

  fd = open (input, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) mib * 1024 * 1024), ==, 0);
  /* One byte that is not zero per MiB, so that no chunk equals another. */
  for (int i = 0; i < mib; i++)
    g_assert_cmpint (pwrite (fd, &i, sizeof i, (off_t) i * 1024 * 1024), ==, sizeof i);
  close (fd);
  mb = mib * 1.048576;

  rss_before = max_rss_kib ();
  for (int run = 0; run < runs; run++)
    {
      double t;

      t = floor_copy (input, floor_db);
      g_array_append_val (floor_ms, t);
      g_unlink (floor_db);

      g_clear_object (&board);
      g_clear_object (&store);
      g_clear_pointer (&sha256, g_free);
      t = our_embed (input, board_path, &store, &board, &sha256);
      g_array_append_val (embed_ms, t);
      g_printerr ("run %d: floor %.0f ms, embed %.0f ms\n", run + 1,
                  g_array_index (floor_ms, double, run), t);
    }

  /* The user's file: a whole copy once, as the first write-back is. */
  g_assert_true (evb_store_backup_to (store, user_path, &error));
  g_assert_no_error (error);
  for (int run = 0; run < runs * 2; run++)
    {
      g_autofree char *title = g_strdup_printf ("Bench %d", run);
      double start, t;

      g_assert_true (evb_editing_set_board_title (board, title, NULL, &error));
      start = now_ms ();
      g_assert_true (evb_store_backup_to (store, copy_path, &error));
      t = now_ms () - start;
      g_array_append_val (whole_ms, t);
      g_unlink (copy_path);

      title[0] = 'b';
      g_assert_true (evb_editing_set_board_title (board, title, NULL, &error));
      start = now_ms ();
      g_assert_true (evb_store_write_back_to (store, user_path, &error));
      t = now_ms () - start;
      g_assert_no_error (error);
      g_array_append_val (in_place_ms, t);
    }

  /* Opening the user's file, as the app does, interleaved. */
  getloadavg (load_before, 3);
  for (int run = 0; run < runs * 2; run++)
    {
      double t;

      t = open_board (user_path, opened_path, FALSE, &whole_size);
      g_array_append_val (open_whole_ms, t);
      t = open_board (user_path, opened_path, TRUE, &lean_size);
      g_array_append_val (open_lean_ms, t);
      g_printerr ("open run %d: whole copy %.0f ms, without the files %.1f ms\n", run + 1,
                  g_array_index (open_whole_ms, double, run), t);
    }
  getloadavg (load_after, 3);

  g_print ("file: %d MiB (sparse), %d interleaved runs\n", mib, runs);
  g_print ("embed, floor (plain file -> SQLite chunks): median %.0f ms = %.0f MB/s\n",
           median (floor_ms), mb / (median (floor_ms) / 1000.0));
  g_print ("embed, evb_store_embed_file:                median %.0f ms = %.0f MB/s "
           "(%.2f x the floor)\n",
           median (embed_ms), mb / (median (embed_ms) / 1000.0),
           median (embed_ms) / median (floor_ms));
  g_print ("write-back after a title edit, whole copy (previous code): median %.1f ms\n",
           median (whole_ms));
  g_print ("write-back after a title edit, in place:                   median %.1f ms\n",
           median (in_place_ms));
  g_print ("open, whole copy (previous code): median %.1f ms, working copy %.1f MiB\n",
           median (open_whole_ms), whole_size / 1048576.0);
  g_print ("open, without the kept files:     median %.1f ms, working copy %.1f MiB "
           "(%.0f x faster)\n",
           median (open_lean_ms), lean_size / 1048576.0,
           median (open_whole_ms) / median (open_lean_ms));
  g_print ("load average around the open runs: %.2f before, %.2f after (1 min; %.2f, %.2f "
           "over 5 min)\n", load_before[0], load_after[0], load_before[1], load_after[1]);
  g_print ("max RSS: %ld KiB (%ld KiB before the runs)\n", max_rss_kib (), rss_before);

  evb_store_close (store);
  g_clear_object (&board);
  g_clear_object (&store);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
  }
  g_rmdir (dir);
  return 0;
}
