/* test-attachment.c: hashing and verifying attachments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "evb-attachment.h"

static char *tmpdir;

static char *
write_file (const char *name,
            gsize       size)
{
  g_autofree char *data = g_malloc (size);
  char *path = g_build_filename (tmpdir, name, NULL);

  for (gsize i = 0; i < size; i++)
    data[i] = (char) (i * 7 + i / 1000);
  g_assert_true (g_file_set_contents (path, data, size, NULL));
  return path;
}

static char *
sha256sum (const char *path)
{
  const char *argv[] = { "sha256sum", path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  return g_strndup (out, 64);
}

static void
count_progress (goffset  done,
                goffset  total,
                gpointer user_data)
{
  guint *calls = user_data;

  g_assert_cmpint (done, <=, total);
  (*calls)++;
}

static void
test_hash (void)
{
  g_autofree char *path = write_file ("three-mib.bin", 3 * 1024 * 1024 + 17);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *expected = sha256sum (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;
  gint64 size = 0;
  guint calls = 0;

  digest = evb_attachment_hash (file, &size, NULL, count_progress, &calls, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (digest, ==, expected);
  g_assert_cmpint (size, ==, 3 * 1024 * 1024 + 17);
  /* Streamed in chunks: one progress call each. */
  g_assert_cmpuint (calls, ==, 4);
  g_unlink (path);
}

static void
hashed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GError **error = user_data;
  g_autofree char *digest = evb_attachment_hash_finish (result, NULL, error);

  g_assert_null (digest);
}

static void
test_cancel (void)
{
  g_autofree char *path = write_file ("cancel.bin", 4 * 1024 * 1024);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GError *error = NULL;

  g_cancellable_cancel (cancellable);
  evb_attachment_hash_async (file, cancellable, NULL, NULL, hashed_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_unlink (path);
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  char **digest = user_data;
  g_autoptr(GError) error = NULL;
  gint64 size = 0;

  *digest = evb_attachment_hash_finish (result, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpint (size, ==, 1000);
}

static void
test_async (void)
{
  g_autofree char *path = write_file ("async.bin", 1000);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *expected = sha256sum (path);
  g_autofree char *digest = NULL;

  evb_attachment_hash_async (file, NULL, NULL, NULL, async_done_cb, &digest);
  while (digest == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (digest, ==, expected);
  g_unlink (path);
}

static void
test_verify (void)
{
  g_autofree char *path = write_file ("verify.bin", 5000);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (evb_attachment_verify (data, NULL, &error), ==, EVB_ATTACHMENT_NONE);

  data->attachment_uri = g_file_get_uri (file);
  data->attachment_sha256 = sha256sum (path);
  data->attachment_size = 5000;
  g_assert_cmpint (evb_attachment_verify (data, NULL, &error), ==, EVB_ATTACHMENT_OK);
  g_assert_no_error (error);

  g_clear_pointer (&path, g_free);
  path = write_file ("verify.bin", 5001);
  g_assert_cmpint (evb_attachment_verify (data, NULL, &error), ==, EVB_ATTACHMENT_CHANGED);
  g_clear_error (&error);

  /* Same size, other bytes. */
  g_clear_pointer (&path, g_free);
  path = write_file ("verify.bin", 5000);
  {
    g_autofree char *contents = NULL;
    gsize length;
    g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
    contents[100] ^= 1;
    g_assert_true (g_file_set_contents (path, contents, length, NULL));
  }
  g_assert_cmpint (evb_attachment_verify (data, NULL, &error), ==, EVB_ATTACHMENT_CHANGED);
  g_clear_error (&error);

  g_unlink (path);
  g_assert_cmpint (evb_attachment_verify (data, NULL, &error), ==, EVB_ATTACHMENT_MISSING);
  g_clear_error (&error);
}

static EvbNodeData *
attached_node (const char *id,
               const char *path,
               const char *sha256,
               gint64      size)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  EvbNodeData *data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);

  data->id = g_strdup (id);
  data->attachment_uri = g_file_get_uri (file);
  data->attachment_sha256 = g_strdup (sha256);
  data->attachment_size = size;
  return data;
}

/* Issue 14.7: a board may point its attachment at a device, a FIFO or a
 * terminal. Verifying it must end at once, with "not a regular file",
 * rather than read for ever (or wait for a writer). Run in a subprocess
 * with a time limit, so that a hang fails instead of stopping the suite. */
static void
test_not_regular (void)
{
  const char *paths[] = { "/dev/zero", "/dev/urandom", "/proc/self/fd/0", NULL, NULL };
  g_autofree char *fifo = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  fifo = g_build_filename (tmpdir, "attachment.fifo", NULL);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  paths[3] = fifo;
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
      g_autoptr(GError) error = NULL;
      g_autofree char *digest = NULL;

      if (!g_file_test (paths[i], G_FILE_TEST_EXISTS))
        continue;
      digest = evb_attachment_hash (file, NULL, NULL, NULL, NULL, &error);
      g_assert_null (digest);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
      g_assert_nonnull (strstr (error->message, "not a regular file"));
      g_clear_error (&error);

      data->attachment_uri = g_file_get_uri (file);
      data->attachment_sha256 = g_strdup ("00");
      data->attachment_size = 10;
      g_assert_cmpint (evb_attachment_verify (data, NULL, &error), ==, EVB_ATTACHMENT_UNREADABLE);
      g_assert_nonnull (strstr (error->message, "not a regular file"));
    }
  g_unlink (fifo);
}

/* Issue 14.13: `check` says match or mismatch, and why, but never prints
 * the hash of a file that a board points at (it could be /etc/shadow),
 * and a size-only mismatch says the size differs. */
static void
test_verify_says_no_hash (void)
{
  g_autofree char *path = write_file ("secret.bin", 3000);
  g_autofree char *real = sha256sum (path);
  g_autoptr(EvbNodeData) data = attached_node ("n1", path, NULL, 3000);
  g_autoptr(GError) error = NULL;

  data->attachment_sha256 = g_strnfill (64, 'a');
  g_assert_cmpint (evb_attachment_verify (data, NULL, &error), ==, EVB_ATTACHMENT_CHANGED);
  g_assert_null (strstr (error->message, real));
  g_assert_null (strstr (error->message, data->attachment_sha256));
  g_assert_nonnull (strstr (error->message, "SHA-256 differs"));
  g_clear_error (&error);

  /* The right hash but another size: the size is what differs. */
  g_free (data->attachment_sha256);
  data->attachment_sha256 = g_strdup (real);
  data->attachment_size = 2999;
  g_assert_cmpint (evb_attachment_verify (data, NULL, &error), ==, EVB_ATTACHMENT_CHANGED);
  g_assert_nonnull (strstr (error->message, "size differs"));
  g_assert_null (strstr (error->message, real));
  g_assert_null (strstr (error->message, "SHA-256"));
  g_unlink (path);
}

static void
verified_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GHashTable *
verify_board (EvbBoard      *board,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  evb_attachment_verify_board_async (board, cancellable, verified_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return evb_attachment_verify_board_finish (result, error);
}

/* Issue 8: every attachment is checked when a board opens, in a thread. */
static void
test_verify_board (void)
{
  g_autofree char *ok_path = write_file ("board-ok.bin", 20000);
  g_autofree char *changed_path = write_file ("board-changed.bin", 3000);
  g_autofree char *resized_path = write_file ("board-resized.bin", 3000);
  g_autofree char *missing_path = g_build_filename (tmpdir, "board-missing.bin", NULL);
  g_autofree char *ok_sha = sha256sum (ok_path);
  g_autofree char *changed_sha = sha256sum (changed_path);
  g_autoptr(EvbBoard) board = evb_board_new ("Attachments");
  g_autoptr(EvbNodeData) claim = evb_node_data_new (EVB_NODE_KIND_CLAIM);
  g_autoptr(EvbNodeData) plain = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  g_autoptr(GHashTable) statuses = NULL;
  g_autoptr(GError) error = NULL;
  EvbNodeData *nodes[] = {
    attached_node ("ok", ok_path, ok_sha, 20000),
    attached_node ("missing", missing_path, ok_sha, 20000),
    attached_node ("changed", changed_path, changed_sha, 3000),
    attached_node ("resized", resized_path, changed_sha, 3000),
  };

  for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
    {
      g_assert_nonnull (evb_board_add_node (board, nodes[i], &error));
      g_assert_no_error (error);
      evb_node_data_free (nodes[i]);
    }
  claim->id = g_strdup ("claim");
  g_assert_nonnull (evb_board_add_node (board, claim, &error));
  plain->id = g_strdup ("plain");
  g_assert_nonnull (evb_board_add_node (board, plain, &error));
  g_assert_no_error (error);

  /* Same size, one bit flipped; and one that grew. */
  {
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (changed_path, &contents, &length, NULL));
    contents[1234] ^= 0x10;
    g_assert_true (g_file_set_contents (changed_path, contents, length, NULL));
  }
  g_clear_pointer (&resized_path, g_free);
  resized_path = write_file ("board-resized.bin", 3001);

  statuses = verify_board (board, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (statuses);
  g_assert_cmpuint (g_hash_table_size (statuses), ==, 4);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (statuses, "ok")), ==, EVB_ATTACHMENT_OK);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (statuses, "missing")), ==,
                   EVB_ATTACHMENT_MISSING);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (statuses, "changed")), ==,
                   EVB_ATTACHMENT_CHANGED);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (statuses, "resized")), ==,
                   EVB_ATTACHMENT_CHANGED);
  g_assert_false (g_hash_table_contains (statuses, "claim"));
  g_assert_false (g_hash_table_contains (statuses, "plain"));
  g_clear_pointer (&statuses, g_hash_table_unref);

  /* The board may change while the thread works: it has its own copies. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    evb_attachment_verify_board_async (board, NULL, verified_cb, &result);
    g_assert_true (evb_board_remove_node (board, "ok", &error));
    g_assert_no_error (error);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    statuses = evb_attachment_verify_board_finish (result, &error);
    g_assert_no_error (error);
    g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (statuses, "ok")), ==,
                     EVB_ATTACHMENT_OK);
    g_clear_pointer (&statuses, g_hash_table_unref);
  }

  /* Cancelled: an error, not a table of half-checked files. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    statuses = verify_board (board, cancellable, &error);
    g_assert_null (statuses);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }

  /* A board without attachments gives an empty table. */
  {
    g_autoptr(EvbBoard) empty = evb_board_new ("Empty");

    statuses = verify_board (empty, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_hash_table_size (statuses), ==, 0);
    g_clear_pointer (&statuses, g_hash_table_unref);
  }

  g_unlink (ok_path);
  g_unlink (changed_path);
  g_unlink (resized_path);
}

static void
test_guess (void)
{
  g_assert_cmpint (evb_attachment_guess_type ("video/mp4"), ==, EVB_EVIDENCE_TYPE_VIDEO);
  g_assert_cmpint (evb_attachment_guess_type ("image/jpeg"), ==, EVB_EVIDENCE_TYPE_PHOTO);
  g_assert_cmpint (evb_attachment_guess_type ("application/pdf"), ==, EVB_EVIDENCE_TYPE_DOCUMENT);
  g_assert_cmpint (evb_attachment_guess_type ("text/plain"), ==, EVB_EVIDENCE_TYPE_DOCUMENT);
  g_assert_cmpint (evb_attachment_guess_type ("audio/ogg"), ==, EVB_EVIDENCE_TYPE_OTHER);
  g_assert_cmpint (evb_attachment_guess_type (NULL), ==, EVB_EVIDENCE_TYPE_OTHER);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("evb-attachment-XXXXXX", NULL);

  g_test_add_func ("/attachment/hash", test_hash);
  g_test_add_func ("/attachment/async", test_async);
  g_test_add_func ("/attachment/cancel", test_cancel);
  g_test_add_func ("/attachment/verify", test_verify);
  g_test_add_func ("/attachment/verify-board", test_verify_board);
  g_test_add_func ("/attachment/not-regular", test_not_regular);
  g_test_add_func ("/attachment/verify-says-no-hash", test_verify_says_no_hash);
  g_test_add_func ("/attachment/guess", test_guess);

  status = g_test_run ();
  g_rmdir (tmpdir);
  return status;
}
