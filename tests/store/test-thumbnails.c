/* test-thumbnails.c: schema 2 (thumbnails), migrating schema 1 boards, hostile blobs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "evb-document.h"
#include "test-common.h"

static char *tmpdir;

/* A real 2 × 2 PNG image; the store checks it, never decodes it. */
static const guint8 tiny_png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
  0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0xfd,
  0xd4, 0x9a, 0x73, 0x00, 0x00, 0x00, 0x12, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8,
  0xcf, 0xc0, 0xc0, 0x00, 0xc2, 0x0c, 0xff, 0x41, 0x00, 0x00, 0x26, 0xe8, 0x06, 0xfa, 0x12,
  0x40, 0x5f, 0xcc, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

#define SHA_A "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define SHA_B "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
#define SHA_C "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* A copy of tests/store/data/board-v1.evboard, a board written by the
 * schema 1 code (made by `evidence-board-cli import board-v1.json`). */
static char *
copy_v1_board (const char *name)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "store", "data",
                                                   "board-v1.evboard", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *path = tmp_path (name);
  gsize length;

  g_file_get_contents (source, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

static int
file_user_version (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >=, 100);
  return ((guint8) contents[60] << 24) | ((guint8) contents[61] << 16) |
         ((guint8) contents[62] << 8) | (guint8) contents[63];
}

static void
sql (const char *path,
     const char *statement)
{
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, statement, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("%s: %s", statement, sqlite3_errmsg (db));
  sqlite3_close (db);
}

static GBytes *
tiny_png_bytes (void)
{
  return g_bytes_new_static (tiny_png, sizeof tiny_png);
}

static void
assert_thumbnail (EvbStore   *store,
                  const char *sha256,
                  GBytes     *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) got = evb_store_get_thumbnail (store, sha256, &error);

  g_assert_no_error (error);
  if (expected == NULL)
    g_assert_null (got);
  else
    {
      g_assert_nonnull (got);
      g_assert_true (g_bytes_equal (got, expected));
    }
}

/* A schema 1 board opened read-only stays schema 1 and untouched; opened
 * for writing it becomes the newest schema with every row as it was (and
 * no card pinned, as schema 3 adds). */
static void
test_migrate_v1 (void)
{
  g_autofree char *path = copy_v1_board ("v1.evboard");
  g_autofree char *before = file_checksum (path);
  g_autofree char *listing_before = list_dir (tmpdir);
  g_autofree char *after = NULL;
  g_autofree char *listing_after = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) png = tiny_png_bytes ();
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) ro_store = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) v1_board = NULL;
  g_autoptr(EvbBoard) board = NULL;
  const EvbNodeData *e1;

  g_assert_cmpint (file_user_version (path), ==, 1);

  v1_board = load_board (path, EVB_STORE_FLAGS_READ_ONLY, &ro_store);
  g_assert_cmpint (evb_store_get_schema_version (ro_store), ==, 1);
  g_assert_cmpstr (evb_board_get_title (v1_board), ==, "Made by schema v1");
  g_assert_cmpuint (evb_board_get_nodes (v1_board)->len, ==, 2);
  e1 = evb_node_get_data (evb_board_get_node (v1_board, "e1"));
  g_assert_cmpstr (e1->attachment_sha256, ==, SHA_A);
  g_assert_true (evb_store_check (ro_store, problems));
  /* No thumbnails table: nothing there, and nothing can be put. */
  assert_thumbnail (ro_store, SHA_A, NULL);
  g_assert_false (evb_store_put_thumbnail (ro_store, SHA_A, png, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
  g_clear_error (&error);
  evb_store_close (ro_store);

  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  listing_after = list_dir (tmpdir);
  g_assert_cmpstr (listing_before, ==, listing_after);

  /* Writable: migrated, the same board. */
  board = load_board (path, EVB_STORE_FLAGS_NONE, &store);
  g_assert_cmpint (evb_store_get_schema_version (store), ==, EVB_SCHEMA_VERSION);
  g_assert_false (evb_node_get_data (evb_board_get_node (board, "e1"))->pinned);
  assert_boards_equal (v1_board, board);
  g_assert_true (evb_store_check (store, problems));
  g_assert_cmpuint (problems->len, ==, 0);
  assert_thumbnail (store, SHA_A, NULL);
  g_assert_true (evb_store_put_thumbnail (store, SHA_A, png, &error));
  g_assert_no_error (error);
  evb_store_close (store);
  g_clear_object (&store);
  g_clear_object (&board);

  g_assert_cmpint (file_user_version (path), ==, EVB_SCHEMA_VERSION);
  board = load_board (path, EVB_STORE_FLAGS_READ_ONLY, &store);
  g_assert_cmpint (evb_store_get_schema_version (store), ==, EVB_SCHEMA_VERSION);
  assert_boards_equal (v1_board, board);
  assert_thumbnail (store, SHA_A, png);
  g_assert_true (evb_store_check (store, problems));
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
assert_refused (const char *path,
                EvbError    code,
                const char *phrase)
{
  g_autofree char *before = file_checksum (path);

  for (guint flags = 0; flags < 2; flags++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EvbStore) store = NULL;
      g_autofree char *after = NULL;

      store = evb_store_open (path, flags == 0 ? EVB_STORE_FLAGS_READ_ONLY : EVB_STORE_FLAGS_NONE,
                              &error);
      g_assert_null (store);
      g_assert_error (error, EVB_ERROR, code);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, phrase));
      after = file_checksum (path);
      g_assert_cmpstr (before, ==, after);
    }
}

/* The schema check knows which version has which tables. */
static void
test_schema_versions (void)
{
  g_autofree char *early = copy_v1_board ("v1-with-thumbnails.evboard");
  g_autofree char *late = copy_v1_board ("v2-without-thumbnails.evboard");
  g_autofree char *newer = copy_v1_board ("newer.evboard");
  g_autofree char *newer_sql = NULL;
  g_autofree char *other = copy_v1_board ("v2-other-thumbnails.evboard");

  /* A schema 1 board with a table named like ours is not ours. */
  sql (early, "CREATE TABLE thumbnails (sha256 TEXT PRIMARY KEY NOT NULL "
              "CHECK (length (sha256) = 64), png BLOB NOT NULL) STRICT");
  assert_refused (early, EVB_ERROR_DAMAGED, "unexpected");
  assert_refused (early, EVB_ERROR_DAMAGED, "thumbnails");

  sql (late, "PRAGMA user_version = 2");
  assert_refused (late, EVB_ERROR_DAMAGED, "is missing");
  assert_refused (late, EVB_ERROR_DAMAGED, "thumbnails");

  sql (other, "PRAGMA user_version = 2; CREATE TABLE thumbnails (sha256 TEXT PRIMARY KEY, "
              "png BLOB NOT NULL)");
  assert_refused (other, EVB_ERROR_DAMAGED, "the definition of table “thumbnails” was changed");

  newer_sql = g_strdup_printf ("PRAGMA user_version = %d; CREATE TABLE thumbnails (sha256 TEXT "
                               "PRIMARY KEY NOT NULL CHECK (length (sha256) = 64), png BLOB "
                               "NOT NULL) STRICT", EVB_SCHEMA_VERSION + 1);
  sql (newer, newer_sql);
  assert_refused (newer, EVB_ERROR_TOO_NEW, "newer version");
}

static char *
make_new_board (const char *name)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;

  g_unlink (path);
  store = evb_store_create (path, "Thumbnails", &error);
  g_assert_no_error (error);
  g_assert_cmpint (evb_store_get_schema_version (store), ==, EVB_SCHEMA_VERSION);
  evb_store_close (store);
  g_assert_cmpint (file_user_version (path), ==, EVB_SCHEMA_VERSION);
  return g_steal_pointer (&path);
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
test_put_get (void)
{
  g_autofree char *path = make_new_board ("put-get.evboard");
  g_autoptr(GBytes) png = tiny_png_bytes ();
  g_autoptr(GBytes) png2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = load_board (path, EVB_STORE_FLAGS_NONE, &store);
  g_autoptr(EvbBoard) reloaded = NULL;
  guint will_write = 0;

  {
    /* The document relies on "will-write" before every write. */
    gulong id = g_signal_connect_swapped (store, "will-write", G_CALLBACK (count_cb),
                                          &will_write);

    assert_thumbnail (store, SHA_A, NULL);
    g_assert_true (evb_store_put_thumbnail (store, SHA_A, png, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (will_write, ==, 1);
    g_signal_handler_disconnect (store, id);
  }
  assert_thumbnail (store, SHA_A, png);
  assert_thumbnail (store, SHA_B, NULL);

  /* Put again replaces. */
  {
    g_autofree guint8 *copy = g_memdup2 (tiny_png, sizeof tiny_png);

    copy[sizeof tiny_png - 20] ^= 1; /* inside IDAT: still a PNG by its header */
    png2 = g_bytes_new_take (g_steal_pointer (&copy), sizeof tiny_png);
  }
  g_assert_true (evb_store_put_thumbnail (store, SHA_A, png2, &error));
  g_assert_no_error (error);
  assert_thumbnail (store, SHA_A, png2);
  g_assert_true (evb_store_put_thumbnail (store, SHA_B, png, &error));
  g_assert_no_error (error);

  /* Not an undo step: the board's history does not know about it. */
  g_assert_false (evb_board_can_undo (board));

  evb_store_close (store);
  g_clear_object (&store);
  reloaded = load_board (path, EVB_STORE_FLAGS_READ_ONLY, &store);
  assert_thumbnail (store, SHA_A, png2);
  assert_thumbnail (store, SHA_B, png);
  {
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
    g_assert_true (evb_store_check (store, problems));
  }

  /* Read-only stores and closed stores refuse to write. */
  g_assert_false (evb_store_put_thumbnail (store, SHA_C, png, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
  g_clear_error (&error);
  evb_store_close (store);
  g_assert_null (evb_store_get_thumbnail (store, SHA_A, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
}

static void
test_put_refuses (void)
{
  g_autofree char *path = make_new_board ("refuses.evboard");
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = load_board (path, EVB_STORE_FLAGS_NONE, &store);
  g_autoptr(GBytes) png = tiny_png_bytes ();
  const char * const bad_keys[] = {
    "", "0123", SHA_A "0", "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
    "g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "../../../etc/passwd", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_keys); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (evb_store_put_thumbnail (store, bad_keys[i], png, &error));
      g_assert_error (error, EVB_ERROR, EVB_ERROR_INVALID);
      g_clear_error (&error);
      g_assert_null (evb_store_get_thumbnail (store, bad_keys[i], &error));
      g_assert_error (error, EVB_ERROR, EVB_ERROR_INVALID);
    }

  /* Not a PNG: JPEG bytes, text, a PNG without its IHDR, an empty blob. */
  {
    static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0,
                                   1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9, 0, 0, 0, 0 };
    GBytes *not_png[] = {
      g_bytes_new_static (jpeg, sizeof jpeg),
      g_bytes_new_static ("<svg xmlns='http://www.w3.org/2000/svg'/>", 41),
      g_bytes_new_static (tiny_png, 8),
      g_bytes_new_static ("", 0),
    };

    for (guint i = 0; i < G_N_ELEMENTS (not_png); i++)
      {
        g_autoptr(GError) error = NULL;

        g_assert_false (evb_store_put_thumbnail (store, SHA_A, not_png[i], &error));
        g_assert_error (error, EVB_ERROR, EVB_ERROR_INVALID);
        g_test_message ("%s", error->message);
      }
    for (guint i = 0; i < G_N_ELEMENTS (not_png); i++)
      g_clear_pointer (&not_png[i], g_bytes_unref);
  }

  /* A PNG whose header claims 100,000 × 100,000 pixels. */
  {
    g_autofree guint8 *huge = g_memdup2 (tiny_png, sizeof tiny_png);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GError) error = NULL;

    huge[17] = 0x01; huge[18] = 0x86; huge[19] = 0xa0;
    huge[21] = 0x01; huge[22] = 0x86; huge[23] = 0xa0;
    bytes = g_bytes_new_take (g_steal_pointer (&huge), sizeof tiny_png);
    g_assert_false (evb_store_put_thumbnail (store, SHA_A, bytes, &error));
    g_assert_error (error, EVB_ERROR, EVB_ERROR_INVALID);
  }

  /* Over 2 MiB, even with a PNG header. */
  {
    gsize size = EVB_THUMBNAIL_MAX_BYTES + 1;
    guint8 *big = g_malloc0 (size);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GError) error = NULL;

    memcpy (big, tiny_png, sizeof tiny_png);
    bytes = g_bytes_new_take (big, size);
    g_assert_false (evb_store_put_thumbnail (store, SHA_A, bytes, &error));
    g_assert_error (error, EVB_ERROR, EVB_ERROR_LIMIT);
    g_test_message ("%s", error->message);
  }

  assert_thumbnail (store, SHA_A, NULL);
}

/* A hostile board holds blobs the app would never write: get refuses each
 * with a sentence, before any decoder sees it, and the board still opens. */
static void
test_hostile_blobs (void)
{
  g_autofree char *path = make_new_board ("hostile.evboard");
  g_autofree char *statement = NULL;
  g_autoptr(GString) hex = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;

  for (guint i = 0; i < sizeof tiny_png; i++)
    g_string_append_printf (hex, "%02x", tiny_png[i]);

  statement = g_strdup_printf (
    /* 3 MiB starting like a PNG */
    "INSERT INTO thumbnails VALUES ('" SHA_A "', CAST (X'%s' || zeroblob (3145728) AS BLOB));"
    /* a JPEG-ish blob */
    "INSERT INTO thumbnails VALUES ('" SHA_B "', X'ffd8ffe000104a464946');"
    /* a PNG that claims to be 65535 × 65535 */
    "INSERT INTO thumbnails VALUES ('" SHA_C "', X'89504e470d0a1a0a0000000d49484452"
    "0000ffff0000ffff0802000000');"
    /* a key of the right length that is no SHA-256 */
    "INSERT INTO thumbnails VALUES ('ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ',"
    " X'89504e470d0a1a0a');", hex->str);
  sql (path, statement);

  store = evb_store_open (path, EVB_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  board = evb_store_load (store, &error);
  g_assert_no_error (error);
  /* The full check names each of them. */
  {
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

    g_assert_false (evb_store_check (store, problems));
    g_assert_cmpuint (problems->len, ==, 4);
    for (guint i = 0; i < problems->len; i++)
      g_test_message ("%s", (const char *) g_ptr_array_index (problems, i));
    g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), SHA_A));
    g_assert_nonnull (strstr (g_ptr_array_index (problems, 0), "larger than 2 MiB"));
    g_assert_nonnull (strstr (g_ptr_array_index (problems, 1), "not named by a SHA-256"));
    g_assert_nonnull (strstr (g_ptr_array_index (problems, 2), SHA_C));
    g_assert_nonnull (strstr (g_ptr_array_index (problems, 2), "not a PNG"));
    g_assert_nonnull (strstr (g_ptr_array_index (problems, 3), SHA_B));
  }

  g_assert_null (evb_store_get_thumbnail (store, SHA_A, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_LIMIT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "hostile.evboard"));
  g_clear_error (&error);

  g_assert_null (evb_store_get_thumbnail (store, SHA_B, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_DAMAGED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_null (evb_store_get_thumbnail (store, SHA_C, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_DAMAGED);
  g_clear_error (&error);

  /* The CHECK on the key holds in a file that passed the checks. */
  {
    sqlite3 *db;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "INSERT INTO thumbnails VALUES ('x', X'00')",
                                   NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
    sqlite3_close (db);
  }
}

/* A document opened on a schema 1 board: the user's file stays as it was
 * until the normal write-back, which then carries the newest schema and the
 * thumbnail. */
static void
test_document_thumbnail (void)
{
  g_autofree char *path = copy_v1_board ("document-v1.evboard");
  g_autofree char *before = file_checksum (path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) png = tiny_png_bytes ();
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = NULL;
  g_autofree char *after_open = NULL;

  document = evb_document_open (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (evb_store_get_schema_version (evb_document_get_store (document)), ==, EVB_SCHEMA_VERSION);
  g_assert_true (evb_document_get_saved (document));
  after_open = file_checksum (path);
  g_assert_cmpstr (before, ==, after_open);
  g_assert_cmpint (file_user_version (path), ==, 1);

  evb_document_set_write_back_delay (document, 10);
  g_assert_false (evb_document_put_thumbnail (document, "nope", png, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (evb_document_get_saved (document));

  g_assert_true (evb_document_put_thumbnail (document, SHA_A, png, &error));
  g_assert_no_error (error);
  g_assert_false (evb_document_get_saved (document));
  g_assert_false (evb_board_can_undo (evb_document_get_board (document)));

  /* The write-back scheduled by put. */
  while (!evb_document_get_saved (document))
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (evb_document_get_write_error (document));
  g_assert_cmpint (file_user_version (path), ==, EVB_SCHEMA_VERSION);
  {
    g_autoptr(EvbStore) store = NULL;
    g_autoptr(EvbBoard) board = load_board (path, EVB_STORE_FLAGS_READ_ONLY, &store);

    assert_thumbnail (store, SHA_A, png);
    g_assert_cmpstr (evb_board_get_title (board), ==, "Made by schema v1");
  }

  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);
  g_assert_false (evb_document_put_thumbnail (document, SHA_B, png, &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  /* Documents keep their working copies in the user's data folder: one of
   * the test's own. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  tmpdir = g_dir_make_tmp ("evb-thumbnails-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/thumbnails/migrate-v1", test_migrate_v1);
  g_test_add_func ("/thumbnails/schema-versions", test_schema_versions);
  g_test_add_func ("/thumbnails/put-get", test_put_get);
  g_test_add_func ("/thumbnails/put-refuses", test_put_refuses);
  g_test_add_func ("/thumbnails/hostile-blobs", test_hostile_blobs);
  g_test_add_func ("/thumbnails/document", test_document_thumbnail);

  result = g_test_run ();
  remove_tree (tmpdir);
  g_free (tmpdir);
  return result;
}
