/* test-hostile.c: board files and folders that other programs left in a
 * bad state (issue 14)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "evb-document.h"
#include "evb-temp-file.h"
#include "test-common.h"

typedef CaseFixture Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  case_fixture_init (fixture, "evb-hostile-XXXXXX", 3);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  case_fixture_clear (fixture);
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
}

static char *
beside (const char *path,
        const char *suffix)
{
  return g_strconcat (path, suffix, NULL);
}

/* Copies the board at path, with its journal, to copy in the middle of a
 * transaction that renames the board and adds 2,000 nodes: with a cache of
 * a few pages SQLite has already written some of them into the file, so
 * the copy is what a crash at that moment leaves. */
static void
make_hot_journal_copy (const char *path,
                       const char *copy)
{
  g_autofree char *journal = beside (path, "-journal");
  g_autofree char *copy_journal = beside (copy, "-journal");
  g_autofree char *before = file_checksum (path);
  g_autofree char *during = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec (db, "PRAGMA cache_size = 10; BEGIN;"
            "UPDATE board SET title = 'Uncommitted';"
            "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
            "INSERT INTO node (id, z, kind, title, x, y, width, height) "
            "SELECT 'u' || i, 100000 + i, 'claim', printf ('%.500c', 'x'), 0, 0, 10, 10 FROM n;");
  during = file_checksum (path);
  /* Else this would test nothing: the file holds uncommitted pages. */
  g_assert_cmpstr (before, !=, during);
  g_assert_true (g_file_test (journal, G_FILE_TEST_IS_REGULAR));
  copy_file (path, copy);
  copy_file (journal, copy_journal);
  exec (db, "ROLLBACK");
  sqlite3_close (db);
}

/* Copies the board at path with a WAL that holds one committed node, w1,
 * not yet checkpointed into the file. */
static void
make_wal_copy (const char *path,
               const char *copy)
{
  g_autofree char *wal = beside (path, "-wal");
  g_autofree char *copy_wal = beside (copy, "-wal");
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec (db, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;"
            "INSERT INTO node (id, z, kind, title, x, y, width, height) "
            "VALUES ('w1', 100000, 'claim', 'Committed in the WAL', 0, 0, 10, 10);"
            "UPDATE board SET title = 'Committed';");
  g_assert_true (g_file_test (wal, G_FILE_TEST_IS_REGULAR));
  copy_file (path, copy);
  copy_file (wal, copy_wal);
  sqlite3_close (db);
}

static void
assert_committed_only (EvbBoard *board)
{
  g_assert_cmpstr (evb_board_get_title (board), ==, "Dolgiye Borody");
  g_assert_cmpuint (evb_board_get_nodes (board)->len, ==, 3);
  g_assert_null (evb_board_get_node (board, "u1"));
}

static void
assert_check_passes (EvbStore *store)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  evb_store_check (store, problems);
  if (problems->len > 0)
    g_error ("%s", (const char *) g_ptr_array_index (problems, 0));
}

/* A hot journal: what a reader sees is the committed board only, as SQLite
 * would roll it back, and neither the file nor its journal is changed. */
static void
test_hot_journal (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *torn = g_build_filename (fixture->dir, "torn.evboard", NULL);
  g_autofree char *journal = beside (torn, "-journal");
  g_autofree char *file_sum = NULL;
  g_autofree char *journal_sum = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;

  make_hot_journal_copy (fixture->path, torn);
  file_sum = file_checksum (torn);
  journal_sum = file_checksum (journal);

  board = load_board (torn, EVB_STORE_FLAGS_READ_ONLY, &store);
  assert_committed_only (board);
  assert_check_passes (store);
  evb_store_close (store);

  g_assert_cmpstr (file_checksum (torn), ==, file_sum);
  g_assert_cmpstr (file_checksum (journal), ==, journal_sum);
}

/* A WAL with a commit not yet in the file: the reader sees that commit. */
static void
test_wal (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (fixture->dir, "wal.evboard", NULL);
  g_autofree char *wal = beside (copy, "-wal");
  g_autofree char *file_sum = NULL;
  g_autofree char *wal_sum = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;

  make_wal_copy (fixture->path, copy);
  file_sum = file_checksum (copy);
  wal_sum = file_checksum (wal);

  board = load_board (copy, EVB_STORE_FLAGS_READ_ONLY, &store);
  g_assert_cmpstr (evb_board_get_title (board), ==, "Committed");
  g_assert_nonnull (evb_board_get_node (board, "w1"));
  g_assert_cmpuint (evb_board_get_nodes (board)->len, ==, 4);
  assert_check_passes (store);
  evb_store_close (store);

  g_assert_cmpstr (file_checksum (copy), ==, file_sum);
  g_assert_cmpstr (file_checksum (wal), ==, wal_sum);
}

/* The app opens such a board with the committed rows, and its write-back
 * leaves one self-contained file: no journal that SQLite would pair with
 * the new file and roll into it. */
static void
test_document_hot_journal (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *torn = g_build_filename (fixture->dir, "torn.evboard", NULL);
  g_autofree char *journal = beside (torn, "-journal");
  g_autoptr(GFile) file = g_file_new_for_path (torn);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;

  make_hot_journal_copy (fixture->path, torn);

  document = evb_document_open (file, &error);
  g_assert_no_error (error);
  assert_committed_only (evb_document_get_board (document));
  add_claim (evb_document_get_board (document), "after");
  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);

  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  board = load_board (torn, EVB_STORE_FLAGS_READ_ONLY, &store);
  g_assert_cmpstr (evb_board_get_title (board), ==, "Dolgiye Borody");
  g_assert_cmpuint (evb_board_get_nodes (board)->len, ==, 4);
  g_assert_nonnull (evb_board_get_node (board, "after"));
  g_assert_null (evb_board_get_node (board, "u1"));
  assert_check_passes (store);
}

static void
test_document_wal (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (fixture->dir, "wal.evboard", NULL);
  g_autofree char *wal = beside (copy, "-wal");
  g_autoptr(GFile) file = g_file_new_for_path (copy);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = NULL;
  g_autoptr(EvbBoard) board = NULL;

  make_wal_copy (fixture->path, copy);

  document = evb_document_open (file, &error);
  g_assert_no_error (error);
  g_assert_nonnull (evb_board_get_node (evb_document_get_board (document), "w1"));
  add_claim (evb_document_get_board (document), "after");
  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  board = load_board (copy, EVB_STORE_FLAGS_READ_ONLY, NULL);
  g_assert_nonnull (evb_board_get_node (board, "w1"));
  g_assert_nonnull (evb_board_get_node (board, "after"));
}

/* A FIFO (or a device) named like a journal is refused, never read. */
static void
test_journal_fifo (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *journal = beside (fixture->path, "-journal");
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;

  g_assert_cmpint (mkfifo (journal, 0600), ==, 0);
  store = evb_store_open (fixture->path, EVB_STORE_FLAGS_READ_ONLY, &error);
  g_assert_error (error, EVB_ERROR, EVB_ERROR_DAMAGED);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, "journal"));
}

/* user_version -1 is no version at all, not a newer one. */
static void
test_negative_version (Fixture       *fixture,
                       gconstpointer  data)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  exec (db, "PRAGMA user_version = -1");
  sqlite3_close (db);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EvbStore) store = evb_store_open (fixture->path,
                                                  i == 0 ? EVB_STORE_FLAGS_READ_ONLY
                                                         : EVB_STORE_FLAGS_NONE,
                                                  &error);

      g_assert_null (store);
      g_assert_error (error, EVB_ERROR, EVB_ERROR_DAMAGED);
      g_assert_nonnull (strstr (error->message, "-1 is not a valid board format version"));
      g_assert_null (strstr (error->message, "newer"));
    }
}

/* Rows that break a CHECK constraint but that loading does not look at
 * (a second board row, a negative tag position) are reported by check. */
static void
test_check_constraints (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  exec (db, "PRAGMA ignore_check_constraints = ON;"
            "INSERT INTO board (id, title, created, modified) VALUES (2, 'Other', 'a', 'b');"
            "UPDATE tag SET position = -1 - position WHERE node_id = 'c2';");
  sqlite3_close (db);

  board = load_board (fixture->path, EVB_STORE_FLAGS_READ_ONLY, &store);
  g_assert_false (evb_store_check (store, problems));
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==, "board “2” breaks the rule CHECK (id = 1)");
  for (guint i = 1; i < 4; i++)
    g_assert_cmpstr (g_ptr_array_index (problems, i), ==,
                     "tag “c2” breaks the rule CHECK (position >= 0)");
}

/* Temporary files */

/* Ours, while being written, stays; once its maker is gone it goes; the
 * person's files, links and files shaped like ours of old stay. */
static void
test_temp_files (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *target = g_build_filename (fixture->dir, "x.png", NULL);
  g_autofree char *outside = g_build_filename (fixture->dir, "outside", NULL);
  g_autofree char *link = g_build_filename (fixture->dir, ".x.png.evb-tmp-SymLnk", NULL);
  g_autofree char *mine = g_build_filename (fixture->dir, ".x.png.NZU7Y3", NULL);
  g_autofree char *orphan = g_build_filename (fixture->dir, ".x.png.evb-tmp-Orphan-journal", NULL);
  g_autofree char *listing = NULL;
  g_autofree char *path = NULL;
  g_autofree char *outside_sum = NULL;
  g_autoptr(GError) error = NULL;
  EvbTempFile *temp;
  struct stat st;

  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_cmpint (g_chmod (target, 0600), ==, 0);
  g_assert_true (g_file_set_contents (outside, "outside", -1, NULL));
  outside_sum = file_checksum (outside);
  g_assert_cmpint (symlink (outside, link), ==, 0);
  g_assert_true (g_file_set_contents (mine, "mine", -1, NULL));
  g_assert_true (g_file_set_contents (orphan, "journal", -1, NULL));

  temp = evb_temp_file_new_beside (target, 0644, &error);
  g_assert_no_error (error);
  path = g_strdup (evb_temp_file_get_path (temp));
  g_assert_true (g_str_has_prefix (path, fixture->dir));
  g_assert_nonnull (strstr (path, "/.x.png.evb-tmp-"));
  /* An existing target's permissions are kept. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Being written: kept. The orphaned journal of ours goes. */
  g_assert_cmpuint (evb_temp_file_remove_stale_beside (target), ==, 0);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (orphan, G_FILE_TEST_EXISTS));

  /* Its maker gone (here: the lock released without a rename): stale. */
  evb_temp_file_free (temp);
  g_assert_cmpuint (evb_temp_file_remove_stale_beside (target), ==, 1);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  listing = list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, ".x.png.NZU7Y3 .x.png.evb-tmp-SymLnk case.evboard outside x.png");
  g_assert_cmpstr (outside_sum, ==, file_checksum (outside));

  /* Discard removes it at once. */
  temp = evb_temp_file_new_beside (target, 0644, &error);
  g_assert_no_error (error);
  g_clear_pointer (&path, g_free);
  path = g_strdup (evb_temp_file_get_path (temp));
  evb_temp_file_discard (temp);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  /* Documents keep working copies in the XDG folders: each test its own. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/hostile/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("hot-journal", test_hot_journal);
  ADD ("wal", test_wal);
  ADD ("document-hot-journal", test_document_hot_journal);
  ADD ("document-wal", test_document_wal);
  ADD ("journal-fifo", test_journal_fifo);
  ADD ("negative-version", test_negative_version);
  ADD ("check-constraints", test_check_constraints);
  ADD ("temp-files", test_temp_files);
#undef ADD

  return g_test_run ();
}
