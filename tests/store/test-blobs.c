/* test-blobs.c: files kept inside a board file (issue 17)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "evb-document.h"
#include "evb-editing.h"
#include "evb-store-blobs.h"
#include "test-common.h"

static char *tmpdir;

/* evb-store-write-back.c: called after each blob copied in place. */
extern void (*_evb_store_write_back_blob_hook) (void);

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* A file of size bytes whose content depends on seed. */
static GFile *
make_file (const char *name,
           gsize       size,
           guint       seed)
{
  g_autofree char *path = tmp_path (name);
  g_autofree guint8 *bytes = g_malloc (size + 1);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < size; i++)
    bytes[i] = (guint8) ((i * 31 + seed * 7 + i / 4093) & 0xff);
  g_file_set_contents (path, (const char *) bytes, size, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static char *
file_sha256 (GFile *file)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static EvbStore *
new_store (const char *name,
           EvbBoard  **board_out)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;

  g_unlink (path);
  store = evb_store_create (path, "Blobs", &error);
  g_assert_no_error (error);
  *board_out = evb_store_load (store, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&store);
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

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static EvbBlobInfo *
embed (EvbStore *store,
       GFile    *file)
{
  g_autoptr(GError) error = NULL;
  EvbBlobInfo *info = evb_store_embed_file (store, file, "video/mp4", NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (info);
  return info;
}

static EvbNode *
attach (EvbBoard          *board,
        const char        *node_id,
        const EvbBlobInfo *blob)
{
  g_autoptr(GError) error = NULL;
  EvbAttachmentInfo info = {
    .uri = "file:///gone/clip.mp4",
    .sha256 = blob->sha256,
    .size = blob->size,
    .media_type = blob->media_type,
    .name = "clip.mp4",
    .embedded = TRUE,
  };
  EvbNode *node = evb_editing_attach (board, node_id, &info, 0, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static GBytes *
extract (EvbStore    *store,
         const char  *sha256,
         GError     **error)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (!evb_store_extract_blob (store, sha256, out, NULL, NULL, NULL, error))
    return NULL;
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* A board of format 3 (tests/store/data/board-v3.evboard, written by the
 * code before files could be kept in a board) opens read-only untouched,
 * and for writing becomes the newest format with the same board. */
static void
test_old_board_opens (void)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "store", "data",
                                                   "board-v3.evboard", NULL);
  g_autofree char *path = tmp_path ("v3.evboard");
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) ro_store = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) old_board = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(GHashTable) damaged = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  before = file_checksum (path);

  old_board = load_board (path, EVB_STORE_FLAGS_READ_ONLY, &ro_store);
  g_assert_cmpint (evb_store_get_schema_version (ro_store), ==, 3);
  g_assert_false (evb_node_get_data (evb_board_get_node (old_board, "e1"))->attachment_embedded);
  g_assert_true (evb_store_check (ro_store, problems));
  damaged = evb_store_find_damaged_blobs (ro_store, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (damaged), ==, 0);
  evb_store_close (ro_store);
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);

  board = load_board (path, EVB_STORE_FLAGS_NONE, &store);
  g_assert_cmpint (evb_store_get_schema_version (store), ==, EVB_SCHEMA_VERSION);
  assert_boards_equal (old_board, board);
  g_assert_true (evb_store_check (store, problems));
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* Two cards with one file store it once; the bytes come back as they went
 * in, across chunks, after the board is closed and opened again. */
static void
test_embed_dedupe_extract (void)
{
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(EvbStore) store = new_store ("dedupe.evboard", &board);
  g_autofree char *path = g_strdup (evb_store_get_path (store));
  /* Two and a half chunks: full chunks and a short last one. */
  g_autoptr(GFile) file = make_file ("big.bin", EVB_BLOB_CHUNK_SIZE * 5 / 2, 1);
  g_autoptr(GFile) copy = make_file ("same.bin", EVB_BLOB_CHUNK_SIZE * 5 / 2, 1);
  g_autofree char *sha256 = file_sha256 (file);
  g_autoptr(EvbBlobInfo) first = NULL;
  g_autoptr(EvbBlobInfo) second = NULL;
  g_autoptr(EvbBlobInfo) stored = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  EvbNode *a, *b;

  first = embed (store, file);
  g_assert_cmpstr (first->sha256, ==, sha256);
  g_assert_cmpint (first->size, ==, EVB_BLOB_CHUNK_SIZE * 5 / 2);
  second = embed (store, copy);
  g_assert_cmpstr (second->sha256, ==, sha256);
  g_assert_cmpstr (second->added, ==, first->added);
  g_assert_cmpint (count_rows (path, "SELECT count (*) FROM blob"), ==, 1);
  g_assert_cmpint (count_rows (path, "SELECT count (*) FROM blob_chunk"), ==, 3);

  a = attach (board, NULL, first);
  b = attach (board, NULL, second);
  g_assert_true (a != b);
  g_assert_true (evb_node_get_data (a)->attachment_embedded);
  id = g_strdup (evb_node_get_id (a));
  evb_store_close (store);
  g_clear_object (&store);
  g_clear_object (&board);

  /* The originals are gone; the board still has the bytes. */
  g_file_delete (file, NULL, NULL);
  g_file_delete (copy, NULL, NULL);
  board = load_board (path, EVB_STORE_FLAGS_READ_ONLY, &store);
  g_assert_true (evb_node_get_data (evb_board_get_node (board, id))->attachment_embedded);
  stored = evb_store_get_blob_info (store, sha256, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->size, ==, first->size);
  g_assert_cmpstr (stored->media_type, ==, "video/mp4");
  bytes = extract (store, sha256, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, first->size);
  g_assert_cmpstr (g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes), ==, sha256);
}

/* A blob whose bytes or chunks were changed is reported (by card, in
 * check) and never handed out as good. */
static void
test_damaged (void)
{
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(EvbStore) store = new_store ("damaged.evboard", &board);
  g_autofree char *path = g_strdup (evb_store_get_path (store));
  g_autoptr(GFile) file = make_file ("damaged.bin", EVB_BLOB_CHUNK_SIZE + 100, 2);
  g_autoptr(GFile) other = make_file ("short.bin", 5000, 3);
  g_autoptr(EvbBlobInfo) blob = embed (store, file);
  g_autoptr(EvbBlobInfo) short_blob = embed (store, other);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) damaged = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *flip = NULL;
  g_autofree char *id = NULL;

  id = g_strdup (evb_node_get_id (attach (board, NULL, blob)));
  attach (board, NULL, short_blob);
  g_assert_true (evb_store_check (store, problems));
  evb_store_close (store);
  g_clear_object (&store);
  g_clear_object (&board);

  /* Same size, other bytes: only the full check sees it. */
  flip = g_strdup_printf ("UPDATE blob_chunk SET data = zeroblob (length (data)) "
                          "WHERE seq = 1 AND blob_id = (SELECT id FROM blob WHERE sha256 = '%s')",
                          blob->sha256);
  exec_sql (path, flip);
  /* A chunk gone: the sizes say so. */
  exec_sql (path, "DELETE FROM blob_chunk WHERE blob_id = "
                  "(SELECT id FROM blob WHERE size = 5000)");

  board = load_board (path, EVB_STORE_FLAGS_NONE, &store);
  damaged = evb_store_find_damaged_blobs (store, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (damaged), ==, 1);
  g_assert_true (g_hash_table_contains (damaged, short_blob->sha256));
  g_clear_pointer (&damaged, g_hash_table_unref);

  damaged = evb_store_find_damaged_blobs (store, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (damaged), ==, 2);
  g_assert_true (g_hash_table_contains (damaged, blob->sha256));

  bytes = extract (store, blob->sha256, &error);
  g_assert_error (error, EVB_ERROR, EVB_ERROR_DAMAGED);
  g_assert_null (bytes);
  g_clear_error (&error);
  bytes = extract (store, short_blob->sha256, &error);
  g_assert_error (error, EVB_ERROR, EVB_ERROR_DAMAGED);
  g_clear_error (&error);

  g_assert_false (evb_store_check (store, problems));
  g_assert_cmpuint (problems->len, ==, 2);
  for (guint i = 0; i < problems->len; i++)
    g_assert_nonnull (strstr (g_ptr_array_index (problems, i), "card “"));
  g_assert_true (strstr (g_ptr_array_index (problems, 0), id) != NULL ||
                 strstr (g_ptr_array_index (problems, 1), id) != NULL);
}

/* Chunks a hostile file made up: too big, out of order, a gap. Each is
 * reported by the quick check and refused by extract, never read as the
 * file. */
static void
test_hostile_chunks (void)
{
  static const char * const tricks[] = {
    /* One chunk of 2 MiB where the rule is 1 MiB a chunk. */
    "DELETE FROM blob_chunk; UPDATE blob SET size = 2097152;"
    "INSERT INTO blob_chunk SELECT id, 0, zeroblob (2097152) FROM blob;",
    /* A gap: chunks 0 and 2. */
    "UPDATE blob_chunk SET seq = 2 WHERE seq = 1;",
    /* Right sizes, but the last chunk first. */
    "UPDATE blob_chunk SET seq = seq + 10; UPDATE blob_chunk SET seq = 0 WHERE seq = 11;"
    "UPDATE blob_chunk SET seq = 1 WHERE seq = 10;",
  };

  for (guint i = 0; i < G_N_ELEMENTS (tricks); i++)
    {
      g_autofree char *name = g_strdup_printf ("hostile-%u.evboard", i);
      g_autoptr(EvbBoard) board = NULL;
      g_autoptr(EvbStore) store = new_store (name, &board);
      g_autofree char *path = g_strdup (evb_store_get_path (store));
      g_autoptr(GFile) file = make_file ("hostile.bin", EVB_BLOB_CHUNK_SIZE + 10, 11);
      g_autoptr(EvbBlobInfo) blob = embed (store, file);
      g_autoptr(GHashTable) damaged = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;

      attach (board, NULL, blob);
      evb_store_close (store);
      g_clear_object (&store);
      g_clear_object (&board);
      exec_sql (path, tricks[i]);

      board = load_board (path, EVB_STORE_FLAGS_READ_ONLY, &store);
      damaged = evb_store_find_damaged_blobs (store, TRUE, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_hash_table_contains (damaged, blob->sha256));
      bytes = extract (store, blob->sha256, &error);
      g_assert_error (error, EVB_ERROR, EVB_ERROR_DAMAGED);
      g_assert_null (bytes);
    }
}

/* Attaching is one undo step; undo and redo of attach and remove keep the
 * bytes, which go only when reclaimed with no card referring to them. */
static void
test_undo_and_reclaim (void)
{
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(EvbStore) store = new_store ("reclaim.evboard", &board);
  g_autofree char *path = g_strdup (evb_store_get_path (store));
  g_autoptr(GFile) file = make_file ("reclaim.bin", 300000, 4);
  g_autoptr(EvbBlobInfo) blob = embed (store, file);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBlobInfo) left = NULL;
  g_autofree char *id = NULL;
  EvbNode *node;

  node = attach (board, NULL, blob);
  id = g_strdup (evb_node_get_id (node));
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Attach File");

  g_assert_true (evb_board_undo (board, &error));
  g_assert_null (evb_board_get_node (board, id));
  g_assert_cmpint (evb_store_reclaim_blobs (store, &error), ==, 1);
  g_assert_no_error (error);
  /* Reclaimed while nothing referred to it: redo would now find no bytes,
   * which is why the app reclaims only at close. */
  g_assert_true (evb_board_redo (board, &error));
  node = evb_board_get_node (board, id);
  g_assert_nonnull (node);
  g_clear_pointer (&blob, evb_blob_info_free);
  blob = embed (store, file);

  g_assert_true (evb_editing_remove_attachment (board, id, &error));
  g_assert_false (evb_node_get_data (node)->attachment_embedded);
  g_assert_true (evb_board_undo (board, &error));
  g_assert_true (evb_node_get_data (evb_board_get_node (board, id))->attachment_embedded);
  g_assert_cmpint (evb_store_reclaim_blobs (store, &error), ==, 0);
  g_assert_true (evb_board_redo (board, &error));
  g_assert_cmpint (count_rows (path, "SELECT count (*) FROM blob"), ==, 1);
  g_assert_true (evb_board_undo (board, &error));
  g_assert_true (evb_board_redo (board, &error));

  g_assert_cmpint (evb_store_reclaim_blobs (store, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (path, "SELECT count (*) FROM blob_chunk"), ==, 0);
  left = evb_store_get_blob_info (store, blob->sha256, &error);
  g_assert_no_error (error);
  g_assert_null (left);
}

static void
cancel_cb (goffset  done,
           goffset  total,
           gpointer user_data)
{
  g_assert_cmpint (total, ==, EVB_BLOB_CHUNK_SIZE * 3);
  if (done >= EVB_BLOB_CHUNK_SIZE)
    g_cancellable_cancel (user_data);
}

/* A cancelled embed leaves nothing behind. */
static void
test_cancel (void)
{
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(EvbStore) store = new_store ("cancel.evboard", &board);
  g_autofree char *path = g_strdup (evb_store_get_path (store));
  g_autoptr(GFile) file = make_file ("cancel.bin", EVB_BLOB_CHUNK_SIZE * 3, 5);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  EvbBlobInfo *info;

  info = evb_store_embed_file (store, file, NULL, cancellable, cancel_cb, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (info);
  g_assert_cmpint (count_rows (path, "SELECT count (*) FROM blob"), ==, 0);
  g_assert_cmpint (count_rows (path, "SELECT count (*) FROM blob_chunk"), ==, 0);
}

static ino_t
inode_of (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_ino;
}

/* The blobs in a board file, as "sha256 size" lines in order. */
static char *
list_blobs (const char *path)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT sha256, size FROM blob ORDER BY sha256", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s %lld\n", sqlite3_column_text (stmt, 0),
                            (long long) sqlite3_column_int64 (stmt, 1));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The user's file after a write-back holds exactly the working copy's
 * board and the files its cards refer to; a board with files is written
 * in place (same inode), and what it no longer needs goes. */
static void
test_write_back_in_place (void)
{
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(EvbStore) store = new_store ("working.evboard", &board);
  g_autofree char *user = tmp_path ("user.evboard");
  g_autoptr(GFile) one = make_file ("one.bin", EVB_BLOB_CHUNK_SIZE + 7, 6);
  g_autoptr(GFile) two = make_file ("two.bin", 4096, 7);
  g_autoptr(EvbBlobInfo) blob_one = embed (store, one);
  g_autoptr(EvbBlobInfo) blob_two = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) user_store = NULL;
  g_autoptr(EvbBoard) user_board = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *expected = NULL;
  ino_t inode;

  first_id = g_strdup (evb_node_get_id (attach (board, NULL, blob_one)));
  g_unlink (user);
  g_assert_true (evb_store_write_back_to (store, user, &error));
  g_assert_no_error (error);
  inode = inode_of (user);

  /* A title edit, a second file, the first one removed. */
  g_assert_true (evb_editing_set_board_title (board, "Renamed", NULL, &error));
  blob_two = embed (store, two);
  attach (board, NULL, blob_two);
  g_assert_true (evb_editing_remove_attachment (board, first_id, &error));
  g_assert_true (evb_store_write_back_to (store, user, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (inode, ==, inode_of (user));

  listing = list_blobs (user);
  expected = g_strdup_printf ("%s 4096\n", blob_two->sha256);
  g_assert_cmpstr (listing, ==, expected);
  journal = g_strconcat (user, "-journal", NULL);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));

  user_board = load_board (user, EVB_STORE_FLAGS_READ_ONLY, &user_store);
  assert_boards_equal (board, user_board);
  g_assert_cmpstr (evb_board_get_title (user_board), ==, "Renamed");
  g_assert_true (evb_store_check (user_store, problems));
  bytes = extract (user_store, blob_two->sha256, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 4096);
  g_clear_object (&user_store);
  g_clear_object (&user_board);

  /* Undo brings the first card's file back: it is copied again. */
  g_assert_true (evb_board_undo (board, &error));
  g_assert_true (evb_store_write_back_to (store, user, &error));
  g_free (listing);
  listing = list_blobs (user);
  g_assert_nonnull (strstr (listing, blob_one->sha256));
  user_board = load_board (user, EVB_STORE_FLAGS_READ_ONLY, &user_store);
  assert_boards_equal (board, user_board);
}

static void
kill_self (void)
{
  static guint n_copied;

  /* After the second file: 25 MiB, more than SQLite's page cache holds, so
   * pages have reached the file before the kill. */
  if (++n_copied == 2)
    raise (SIGKILL);
}

/* A write-back killed in the middle of copying files leaves the user's
 * file as it was: the next opener rolls the journal back. */
static void
test_write_back_killed (void)
{
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(EvbStore) store = new_store ("killed-working.evboard", &board);
  g_autofree char *user = tmp_path ("killed-user.evboard");
  g_autofree char *journal = g_strconcat (user, "-journal", NULL);
  g_autoptr(GFile) one = make_file ("k1.bin", 5000, 8);
  g_autoptr(GFile) two = make_file ("k2.bin", EVB_BLOB_CHUNK_SIZE * 24, 9);
  g_autoptr(GFile) three = make_file ("k3.bin", 7000, 10);
  g_autoptr(EvbBlobInfo) blob_one = embed (store, one);
  g_autoptr(EvbBlobInfo) blob_two = NULL;
  g_autoptr(EvbBlobInfo) blob_three = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) user_store = NULL;
  g_autoptr(EvbBoard) user_board = NULL;
  g_autofree char *before = NULL;
  g_autofree char *listing = NULL;
  int status;
  pid_t pid;

  attach (board, NULL, blob_one);
  g_unlink (user);
  g_assert_true (evb_store_write_back_to (store, user, &error));
  before = list_blobs (user);

  /* Embedded after the first write-back (a whole copy, which takes every
   * blob there is), so that the next one has them to copy. */
  blob_two = embed (store, two);
  blob_three = embed (store, three);
  g_assert_true (evb_editing_set_board_title (board, "Never written", NULL, &error));
  attach (board, NULL, blob_two);
  attach (board, NULL, blob_three);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      /* The child copies the files, then dies before the commit. */
      _evb_store_write_back_blob_hook = kill_self;
      evb_store_write_back_to (store, user, NULL);
      _exit (1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));

  /* Read-only: recovered on a copy, the old board whole. */
  user_board = load_board (user, EVB_STORE_FLAGS_READ_ONLY, &user_store);
  g_assert_cmpstr (evb_board_get_title (user_board), ==, "Blobs");
  g_assert_cmpuint (evb_board_get_n_nodes (user_board), ==, 1);
  g_assert_true (evb_store_check (user_store, problems));
  g_clear_object (&user_store);
  g_clear_object (&user_board);

  /* The next write-back rolls the journal back first, then completes. */
  g_assert_true (evb_store_write_back_to (store, user, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  user_board = load_board (user, EVB_STORE_FLAGS_READ_ONLY, &user_store);
  assert_boards_equal (board, user_board);
  listing = list_blobs (user);
  g_assert_cmpstr (listing, !=, before);
  g_assert_true (evb_store_check (user_store, problems));
  g_assert_cmpuint (problems->len, ==, 0);
}

/* Opening without the kept files */

typedef struct
{
  char        *user;       /* the user's file */
  EvbBlobInfo *big;        /* on card "big": 3 chunks and a bit */
  EvbBlobInfo *small;      /* on card "small" */
  GBytes      *big_bytes;
  GBytes      *small_bytes;
  char        *big_id;
  char        *small_id;
} LeanBoard;

static void
lean_board_clear (LeanBoard *lean)
{
  g_free (lean->user);
  g_clear_pointer (&lean->big, evb_blob_info_free);
  g_clear_pointer (&lean->small, evb_blob_info_free);
  g_clear_pointer (&lean->big_bytes, g_bytes_unref);
  g_clear_pointer (&lean->small_bytes, g_bytes_unref);
  g_free (lean->big_id);
  g_free (lean->small_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LeanBoard, lean_board_clear)

static GBytes *
file_bytes (GFile *file)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = g_file_load_bytes (file, NULL, NULL, &error);

  g_assert_no_error (error);
  return bytes;
}

/* A user's file (written back as the app does) with two files kept in it,
 * each on a card of its own, in a group. */
static void
lean_board_init (LeanBoard  *lean,
                 const char *name)
{
  g_autofree char *working = g_strconcat (name, "-made.evboard", NULL);
  g_autofree char *big_name = g_strconcat (name, "-big.bin", NULL);
  g_autofree char *small_name = g_strconcat (name, "-small.bin", NULL);
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(EvbStore) store = new_store (working, &board);
  g_autoptr(GFile) big = make_file (big_name, EVB_BLOB_CHUNK_SIZE * 3 + 11, 21);
  g_autoptr(GFile) small = make_file (small_name, 5000, 22);
  g_autoptr(GError) error = NULL;
  g_autofree char *user_name = g_strconcat (name, ".evboard", NULL);
  g_autoptr(GPtrArray) members = g_ptr_array_new ();

  lean->user = tmp_path (user_name);
  lean->big = embed (store, big);
  lean->small = embed (store, small);
  lean->big_bytes = file_bytes (big);
  lean->small_bytes = file_bytes (small);
  lean->big_id = g_strdup (evb_node_get_id (attach (board, NULL, lean->big)));
  lean->small_id = g_strdup (evb_node_get_id (attach (board, NULL, lean->small)));
  g_ptr_array_add (members, lean->big_id);
  g_ptr_array_add (members, lean->small_id);
  g_assert_nonnull (evb_editing_group (board, members, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (evb_store_put_setting (store, "timeline-lanes", "source", &error));
  g_unlink (lean->user);
  g_assert_true (evb_store_write_back_to (store, lean->user, &error));
  g_assert_no_error (error);
}

static void
assert_extracts (EvbStore   *store,
                 const char *sha256,
                 GBytes     *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = extract (store, sha256, &error);

  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, expected));
}

static void
assert_complete_board (const char *path,
                       EvbBoard   *expected,
                       LeanBoard  *lean)
{
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = load_board (path, EVB_STORE_FLAGS_READ_ONLY, &store);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  assert_boards_equal (expected, board);
  g_assert_cmpuint (evb_board_get_groups (board)->len, ==, 1);
  g_assert_true (evb_store_check (store, problems));
  g_assert_cmpuint (problems->len, ==, 0);
  assert_extracts (store, lean->big->sha256, lean->big_bytes);
  assert_extracts (store, lean->small->sha256, lean->small_bytes);
}

static goffset
file_size (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_size;
}

/* Opening copies no byte of the kept files into the working copy, and
 * every read of them (extract, Open, Save Attachment As…, the checks,
 * Save a Copy, merge) gets them from the user's file. */
static void
test_open_lean (void)
{
  g_auto(LeanBoard) lean = { 0 };
  g_autoptr(GFile) file = NULL;
  g_autoptr(EvbDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) damaged = NULL;
  g_autoptr(EvbBlobInfo) info = NULL;
  g_autoptr(EvbBoard) other_board = NULL;
  g_autoptr(EvbStore) other = NULL;
  g_autofree char *saved_as = tmp_path ("lean-saved-as.evboard");
  g_autofree char *copied = tmp_path ("lean-copied.evboard");
  g_autofree char *extracted = tmp_path ("lean-extracted.bin");
  g_autofree char *contents = NULL;
  gsize length = 0;
  EvbStore *store;
  const char *working;

  lean_board_init (&lean, "lean");
  file = g_file_new_for_path (lean.user);
  document = evb_document_open (file, &error);
  g_assert_no_error (error);
  store = evb_document_get_store (document);
  working = evb_document_get_working_path (document);

  /* Every table's rows but the files' bytes. */
  g_assert_cmpint (count_rows (working, "SELECT count (*) FROM blob_chunk"), ==, 0);
  g_assert_cmpint (count_rows (working, "SELECT count (*) FROM blob"), ==, 0);
  g_assert_cmpint (count_rows (working, "SELECT count (*) FROM node"), ==, 2);
  g_assert_cmpint (count_rows (working, "SELECT count (*) FROM card_group_member"), ==, 2);
  g_assert_cmpint (count_rows (working, "SELECT count (*) FROM setting"), ==, 1);
  g_assert_cmpint (count_rows (lean.user, "SELECT count (*) FROM blob_chunk"), ==, 5);
  g_assert_cmpint (file_size (working), <, EVB_BLOB_CHUNK_SIZE);
  g_assert_cmpint (file_size (lean.user), >, EVB_BLOB_CHUNK_SIZE * 3);
  g_assert_cmpstr (evb_store_get_blob_source (store), ==, lean.user);

  /* Reading. */
  assert_extracts (store, lean.big->sha256, lean.big_bytes);
  assert_extracts (store, lean.small->sha256, lean.small_bytes);
  info = evb_store_get_blob_info (store, lean.big->sha256, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_cmpint (info->size, ==, lean.big->size);
  g_assert_true (evb_store_extract_blob_to_file (store, lean.big->sha256, extracted, 0644, NULL,
                                                 NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (extracted, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (lean.big_bytes, NULL),
                   g_bytes_get_size (lean.big_bytes));
  damaged = evb_store_find_damaged_blobs (store, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (damaged), ==, 0);

  /* Save a Copy, from the store and from the working copy's file. */
  g_assert_true (evb_store_backup_to (store, saved_as, &error));
  g_assert_no_error (error);
  assert_complete_board (saved_as, evb_document_get_board (document), &lean);
  g_assert_true (evb_store_copy_board_file (working, lean.user, copied, &error));
  g_assert_no_error (error);
  assert_complete_board (copied, evb_document_get_board (document), &lean);

  /* Merge: another board takes the files of this one's cards. */
  other = new_store ("lean-other.evboard", &other_board);
  g_assert_true (evb_store_import_blobs (other, store, NULL, &error));
  g_assert_no_error (error);
  assert_extracts (other, lean.big->sha256, lean.big_bytes);
  assert_extracts (other, lean.small->sha256, lean.small_bytes);

  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);
}

/* The user's file keeps a file only it holds while undo can bring its card
 * back, and drops it at close; the bytes are read right throughout. */
static void
test_lean_undo_and_close (void)
{
  g_auto(LeanBoard) lean = { 0 };
  g_autoptr(GFile) file = NULL;
  g_autoptr(EvbDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  EvbBoard *board;
  EvbStore *store;

  lean_board_init (&lean, "lean-undo");
  file = g_file_new_for_path (lean.user);
  document = evb_document_open (file, &error);
  g_assert_no_error (error);
  board = evb_document_get_board (document);
  store = evb_document_get_store (document);

  g_assert_true (evb_editing_remove_attachment (board, lean.big_id, &error));
  /* Groups are written back in place too. */
  g_assert_true (evb_editing_rename_group (board,
                                           evb_group_get_id (g_ptr_array_index (
                                             evb_board_get_groups (board), 0)),
                                           "Renamed", NULL, &error));
  g_assert_true (evb_document_write_back (document, &error));
  g_assert_no_error (error);
  listing = list_blobs (lean.user);
  g_assert_nonnull (strstr (listing, lean.big->sha256));
  {
    g_autoptr(EvbBoard) user_board = load_board (lean.user, EVB_STORE_FLAGS_READ_ONLY, NULL);

    assert_boards_equal (board, user_board);
  }

  g_assert_true (evb_board_undo (board, &error));
  g_assert_true (evb_document_write_back (document, &error));
  assert_extracts (store, lean.big->sha256, lean.big_bytes);
  g_assert_true (evb_board_redo (board, &error));
  g_assert_true (evb_document_write_back (document, &error));
  g_assert_no_error (error);

  /* Closed: no undo any more, the file no card refers to goes. */
  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);
  g_free (listing);
  listing = list_blobs (lean.user);
  g_assert_null (strstr (listing, lean.big->sha256));
  g_assert_nonnull (strstr (listing, lean.small->sha256));
}

/* When the user's file cannot be written in place (here another program
 * holds its write lock), the whole copy that replaces it still holds every
 * kept file, taken from the old one. */
static void
test_lean_whole_copy (void)
{
  g_auto(LeanBoard) lean = { 0 };
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) added = make_file ("lean-whole-added.bin", 3000, 23);
  g_autoptr(EvbBlobInfo) blob = NULL;
  g_autoptr(EvbDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) added_bytes = file_bytes (added);
  g_autofree char *listing = NULL;
  sqlite3 *locker = NULL;
  EvbBoard *board;
  ino_t inode;

  lean_board_init (&lean, "lean-whole");
  file = g_file_new_for_path (lean.user);
  document = evb_document_open (file, &error);
  g_assert_no_error (error);
  board = evb_document_get_board (document);
  blob = embed (evb_document_get_store (document), added);
  attach (board, NULL, blob);
  /* A card removed in the session: undo may want its file back. */
  g_assert_true (evb_editing_remove_attachment (board, lean.small_id, &error));

  inode = inode_of (lean.user);
  g_assert_cmpint (sqlite3_open (lean.user, &locker), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (locker, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (evb_document_write_back (document, &error));
  g_assert_no_error (error);
  sqlite3_close (locker);
  g_assert_cmpuint (inode, !=, inode_of (lean.user));

  listing = list_blobs (lean.user);
  g_assert_nonnull (strstr (listing, lean.big->sha256));
  g_assert_nonnull (strstr (listing, lean.small->sha256));
  g_assert_nonnull (strstr (listing, blob->sha256));
  {
    g_autoptr(EvbStore) user_store = NULL;
    g_autoptr(EvbBoard) user_board = load_board (lean.user, EVB_STORE_FLAGS_READ_ONLY,
                                                 &user_store);

    assert_boards_equal (board, user_board);
    assert_extracts (user_store, lean.big->sha256, lean.big_bytes);
    assert_extracts (user_store, blob->sha256, added_bytes);
  }
  g_assert_true (evb_board_undo (board, &error));
  assert_extracts (evb_document_get_store (document), lean.small->sha256, lean.small_bytes);
  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);
}

/* A working copy left by a crash reads the kept files from its user's file;
 * if that is gone, the cards say so and the edits are written back. */
static void
test_lean_recover (void)
{
  g_auto(LeanBoard) lean = { 0 };
  g_autoptr(GFile) file = NULL;
  g_autoptr(EvbDocument) document = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) damaged = NULL;
  g_autofree char *moved = NULL;
  EvbStore *store;

  lean_board_init (&lean, "lean-recover");
  file = g_file_new_for_path (lean.user);
  document = evb_document_open (file, &error);
  g_assert_no_error (error);
  g_assert_true (evb_board_set_title (evb_document_get_board (document), "After the crash",
                                      &error));
  g_clear_object (&document);

  /* The user's file is there: everything reads. */
  list = evb_document_list_recoverable ();
  g_assert_cmpuint (list->len, ==, 1);
  document = evb_document_recover (g_ptr_array_index (list, 0), &error);
  g_assert_no_error (error);
  store = evb_document_get_store (document);
  assert_extracts (store, lean.big->sha256, lean.big_bytes);
  damaged = evb_store_find_damaged_blobs (store, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (damaged), ==, 0);
  g_clear_pointer (&damaged, g_hash_table_unref);

  /* Crashed again, and the user's file is gone meanwhile. */
  g_assert_true (evb_board_set_title (evb_document_get_board (document), "Gone", &error));
  g_clear_object (&document);
  g_clear_pointer (&list, g_ptr_array_unref);
  moved = g_strconcat (lean.user, ".moved", NULL);
  g_assert_cmpint (g_rename (lean.user, moved), ==, 0);
  list = evb_document_list_recoverable ();
  g_assert_cmpuint (list->len, ==, 1);
  document = evb_document_recover (g_ptr_array_index (list, 0), &error);
  g_assert_no_error (error);
  store = evb_document_get_store (document);
  g_assert_null (extract (store, lean.big->sha256, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "gone"));
  g_clear_error (&error);
  damaged = evb_store_find_damaged_blobs (store, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (damaged), ==, 2);
  g_assert_nonnull (strstr (g_hash_table_lookup (damaged, lean.big->sha256), "gone"));

  /* The edits are kept: a new board file with every card. */
  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);
  {
    g_autoptr(EvbBoard) user_board = load_board (lean.user, EVB_STORE_FLAGS_READ_ONLY, NULL);

    g_assert_cmpstr (evb_board_get_title (user_board), ==, "Gone");
    g_assert_cmpuint (evb_board_get_n_nodes (user_board), ==, 2);
  }
}

/* The bytes in the user's file are checked when read from there too. */
static void
test_lean_damaged_source (void)
{
  g_auto(LeanBoard) lean = { 0 };
  g_autoptr(GFile) file = NULL;
  g_autoptr(EvbDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  lean_board_init (&lean, "lean-damaged");
  file = g_file_new_for_path (lean.user);
  document = evb_document_open (file, &error);
  g_assert_no_error (error);
  /* Another program changes a byte behind the lock's back. */
  exec_sql (lean.user, "UPDATE blob_chunk SET data = zeroblob (length (data)) "
                       "WHERE seq = 1");
  bytes = extract (evb_document_get_store (document), lean.big->sha256, &error);
  g_assert_null (bytes);
  g_assert_error (error, EVB_ERROR, EVB_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_true (evb_document_close (document, &error));
}

/* A write-back from a working copy opened without the kept files, killed
 * while copying the new ones: the user's file is the old board whole,
 * files included, and the next write-back completes it. */
static void
test_lean_write_back_killed (void)
{
  g_auto(LeanBoard) lean = { 0 };
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) two = make_file ("lean-k2.bin", EVB_BLOB_CHUNK_SIZE * 24, 31);
  g_autoptr(GFile) three = make_file ("lean-k3.bin", 7000, 32);
  g_autoptr(EvbBlobInfo) blob_two = NULL;
  g_autoptr(EvbBlobInfo) blob_three = NULL;
  g_autoptr(EvbDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *journal = NULL;
  EvbStore *store;
  EvbBoard *board;
  int status;
  pid_t pid;

  lean_board_init (&lean, "lean-killed");
  journal = g_strconcat (lean.user, "-journal", NULL);
  file = g_file_new_for_path (lean.user);
  document = evb_document_open (file, &error);
  g_assert_no_error (error);
  store = evb_document_get_store (document);
  board = evb_document_get_board (document);
  blob_two = embed (store, two);
  blob_three = embed (store, three);
  g_assert_true (evb_editing_set_board_title (board, "Never written", NULL, &error));
  attach (board, NULL, blob_two);
  attach (board, NULL, blob_three);
  g_assert_true (evb_editing_remove_attachment (board, lean.small_id, &error));

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      _evb_store_write_back_blob_hook = kill_self;
      evb_store_write_back_to (store, lean.user, NULL);
      _exit (1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));

  {
    g_autoptr(EvbStore) user_store = NULL;
    g_autoptr(EvbBoard) user_board = load_board (lean.user, EVB_STORE_FLAGS_READ_ONLY,
                                                 &user_store);
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

    g_assert_cmpstr (evb_board_get_title (user_board), ==, "Blobs");
    g_assert_cmpuint (evb_board_get_n_nodes (user_board), ==, 2);
    g_assert_true (evb_store_check (user_store, problems));
    g_assert_cmpuint (problems->len, ==, 0);
    assert_extracts (user_store, lean.big->sha256, lean.big_bytes);
  }

  g_assert_true (evb_document_write_back (document, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  assert_extracts (store, lean.big->sha256, lean.big_bytes);
  assert_extracts (store, lean.small->sha256, lean.small_bytes);
  {
    g_autoptr(EvbStore) user_store = NULL;
    g_autoptr(EvbBoard) user_board = load_board (lean.user, EVB_STORE_FLAGS_READ_ONLY,
                                                 &user_store);

    g_autoptr(GBytes) two_bytes = file_bytes (two);

    assert_boards_equal (board, user_board);
    assert_extracts (user_store, blob_two->sha256, two_bytes);
  }
  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);
}

/* A user's file of an older format that keeps files opens without them
 * too; the first write-back (a whole copy in the newest format) takes
 * them from the old file. */
static void
test_lean_older_format (void)
{
  g_auto(LeanBoard) lean = { 0 };
  g_autoptr(GFile) file = NULL;
  g_autoptr(EvbDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  EvbBoard *board;

  lean_board_init (&lean, "lean-v5");
  /* Back to format 5: no groups yet. */
  exec_sql (lean.user, "DROP TABLE card_group_member; DROP TABLE card_group;"
                       "PRAGMA user_version = 5;");
  file = g_file_new_for_path (lean.user);
  document = evb_document_open (file, &error);
  g_assert_no_error (error);
  board = evb_document_get_board (document);
  g_assert_cmpint (count_rows (evb_document_get_working_path (document),
                               "SELECT count (*) FROM blob_chunk"), ==, 0);
  assert_extracts (evb_document_get_store (document), lean.big->sha256, lean.big_bytes);

  g_assert_true (evb_editing_set_board_title (board, "Newest format", NULL, &error));
  g_assert_true (evb_document_write_back (document, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (lean.user, "PRAGMA user_version"), ==, 6);
  {
    g_autoptr(EvbStore) user_store = NULL;
    g_autoptr(EvbBoard) user_board = load_board (lean.user, EVB_STORE_FLAGS_READ_ONLY,
                                                 &user_store);

    assert_boards_equal (board, user_board);
    assert_extracts (user_store, lean.big->sha256, lean.big_bytes);
    assert_extracts (user_store, lean.small->sha256, lean.small_bytes);
  }
  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);
}

/* Writes an invalid b-tree page type over the root page of table. */
static void
break_root_page (const char *path,
                 const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rootpage FROM sqlite_schema WHERE name = '%s'",
                                          table);
  gint64 page_size = count_rows (path, "PRAGMA page_size");
  gint64 root = count_rows (path, sql);
  FILE *f = fopen (path, "r+b");
  const guint8 bad = 0x07;

  g_assert_nonnull (f);
  g_assert_cmpint (root, >, 1);
  g_assert_cmpint (fseek (f, (root - 1) * page_size, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (&bad, 1, 1, f), ==, 1);
  fclose (f);
}

/* The open's quick_check leaves the kept files' pages to their reads, and
 * still refuses a board whose other tables are damaged. */
static void
test_quick_check_without_chunks (void)
{
  g_auto(LeanBoard) lean = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *copy = NULL;

  lean_board_init (&lean, "quick-check");
  copy = g_strconcat (lean.user, ".copy", NULL);
  {
    g_autoptr(GFile) from = g_file_new_for_path (lean.user);
    g_autoptr(GFile) to = g_file_new_for_path (copy);

    g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  }

  break_root_page (lean.user, "node");
  store = evb_store_open (lean.user, EVB_STORE_FLAGS_READ_ONLY, &error);
  g_assert_null (store);
  g_assert_error (error, EVB_ERROR, EVB_ERROR_DAMAGED);
  g_clear_error (&error);

  /* The kept files' table broken: the board opens, reading a file fails,
   * and check says so. */
  break_root_page (copy, "blob_chunk");
  board = load_board (copy, EVB_STORE_FLAGS_READ_ONLY, &store);
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 2);
  g_assert_null (extract (store, lean.big->sha256, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_DAMAGED);
  g_assert_false (evb_store_check (store, problems));
  g_assert_cmpuint (problems->len, >, 0);
}

/* While a write-back holds the user's file, the quick check of sizes (on
 * the main thread) waits little and reports nothing it could not see. */
static void
test_lean_busy_check (void)
{
  g_auto(LeanBoard) lean = { 0 };
  g_autoptr(GFile) file = NULL;
  g_autoptr(EvbDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) damaged = NULL;
  sqlite3 *locker = NULL;
  gint64 start;

  lean_board_init (&lean, "lean-busy");
  file = g_file_new_for_path (lean.user);
  document = evb_document_open (file, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open (lean.user, &locker), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (locker, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  start = g_get_monotonic_time ();
  damaged = evb_store_find_damaged_blobs (evb_document_get_store (document), FALSE, NULL,
                                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (damaged), ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  sqlite3_exec (locker, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (locker);
  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  tmpdir = g_dir_make_tmp ("evb-blobs-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/blobs/old-board", test_old_board_opens);
  g_test_add_func ("/blobs/embed-dedupe-extract", test_embed_dedupe_extract);
  g_test_add_func ("/blobs/damaged", test_damaged);
  g_test_add_func ("/blobs/hostile-chunks", test_hostile_chunks);
  g_test_add_func ("/blobs/undo-and-reclaim", test_undo_and_reclaim);
  g_test_add_func ("/blobs/cancel", test_cancel);
  g_test_add_func ("/blobs/write-back-in-place", test_write_back_in_place);
  g_test_add_func ("/blobs/write-back-killed", test_write_back_killed);
  g_test_add_func ("/blobs/open-lean", test_open_lean);
  g_test_add_func ("/blobs/lean-undo-and-close", test_lean_undo_and_close);
  g_test_add_func ("/blobs/lean-whole-copy", test_lean_whole_copy);
  g_test_add_func ("/blobs/lean-recover", test_lean_recover);
  g_test_add_func ("/blobs/lean-damaged-source", test_lean_damaged_source);
  g_test_add_func ("/blobs/lean-write-back-killed", test_lean_write_back_killed);
  g_test_add_func ("/blobs/lean-older-format", test_lean_older_format);
  g_test_add_func ("/blobs/quick-check-without-chunks", test_quick_check_without_chunks);
  g_test_add_func ("/blobs/lean-busy-check", test_lean_busy_check);

  result = g_test_run ();
  remove_tree (tmpdir);
  g_free (tmpdir);
  return result;
}
