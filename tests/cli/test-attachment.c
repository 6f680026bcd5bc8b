/* test-attachment.c: hashing and verifying attachments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

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
  g_test_add_func ("/attachment/guess", test_guess);

  status = g_test_run ();
  g_rmdir (tmpdir);
  return status;
}
