/* test-thumbnail.c: previews of image attachments, made in a thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "evb-error.h"
#include "evb-store.h"
#include "evb-thumbnail.h"

static char *tmpdir;

/* A gradient, so scaling and orientation can be told apart. */
static char *
write_image (const char *name,
             const char *type,
             int         width,
             int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + y * stride + x * 3;

        p[0] = x * 255 / MAX (width - 1, 1);
        p[1] = y * 255 / MAX (height - 1, 1);
        p[2] = 128;
      }
  g_assert_true (gdk_pixbuf_save (pixbuf, path, type, &error, NULL));
  g_assert_no_error (error);
  return path;
}

static void
made_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GBytes *
make (const char    *path,
      int            max_size,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  evb_thumbnail_make_async (file, max_size, cancellable, made_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return evb_thumbnail_make_finish (result, error);
}

static GdkPixbuf *
decode (GBytes *png)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("png", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, png, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

static void
test_scaled (void)
{
  const char * const types[] = { "png", "jpeg" };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *name = g_strconcat ("wide.", types[i], NULL);
      g_autofree char *path = write_image (name, types[i], 400, 200);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) png = make (path, 64, NULL, &error);
      g_autoptr(GdkPixbuf) pixbuf = NULL;
      g_autofree char *store_path = g_build_filename (tmpdir, "thumbnails.evboard", NULL);
      g_autoptr(EvbStore) store = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (png);
      pixbuf = decode (png);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 64);
      g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 32);

      /* What it makes is what a board takes. */
      g_unlink (store_path);
      store = evb_store_create (store_path, "Thumbnails", &error);
      g_assert_no_error (error);
      g_assert_true (evb_store_put_thumbnail (store, "0123456789abcdef0123456789abcdef"
                                                     "0123456789abcdef0123456789abcdef",
                                              png, &error));
      g_assert_no_error (error);
      evb_store_close (store);
      g_unlink (store_path);
      g_unlink (path);
    }

  /* Tall: the long side is the height. */
  {
    g_autofree char *path = write_image ("tall.png", "png", 100, 300);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) png = make (path, 90, NULL, &error);
    g_autoptr(GdkPixbuf) pixbuf = NULL;

    g_assert_no_error (error);
    pixbuf = decode (png);
    g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 30);
    g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 90);
    g_unlink (path);
  }
}

/* A small image is not blown up. */
static void
test_small (void)
{
  g_autofree char *path = write_image ("small.png", "png", 20, 10);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = make (path, 256, NULL, &error);
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  g_assert_no_error (error);
  pixbuf = decode (png);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 20);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 10);
  g_unlink (path);
}

static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;

  /* Not an image. */
  {
    g_autofree char *path = g_build_filename (tmpdir, "notes.txt", NULL);

    g_assert_true (g_file_set_contents (path, "Interview notes, not a picture.\n", -1, NULL));
    png = make (path, 64, NULL, &error);
    g_assert_null (png);
    g_assert_error (error, EVB_ERROR, EVB_ERROR_FORMAT);
    g_test_message ("%s", error->message);
    g_clear_error (&error);
    g_unlink (path);
  }

  /* Missing. */
  {
    g_autofree char *path = g_build_filename (tmpdir, "gone.png", NULL);

    png = make (path, 64, NULL, &error);
    g_assert_null (png);
    g_assert_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* A 69-byte PNG that claims 60,000 × 60,000 pixels (14 GB decoded):
   * refused from its header, nothing decoded. */
  {
    static const guint8 bomb[] = {
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
      0x52, 0x00, 0x00, 0xea, 0x60, 0x00, 0x00, 0xea, 0x60, 0x08, 0x02, 0x00, 0x00, 0x00, 0x0f,
      0xb0, 0xe2, 0x15, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60,
      0xa0, 0x3d, 0x00, 0x00, 0x00, 0x64, 0x00, 0x01, 0x86, 0x64, 0x3c, 0x35, 0x00, 0x00, 0x00,
      0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    };
    g_autofree char *path = g_build_filename (tmpdir, "bomb.png", NULL);

    g_assert_true (g_file_set_contents (path, (const char *) bomb, sizeof bomb, NULL));
    png = make (path, 64, NULL, &error);
    g_assert_null (png);
    g_test_message ("%s", error->message);
    g_assert_error (error, EVB_ERROR, EVB_ERROR_LIMIT);
    g_clear_error (&error);
    g_unlink (path);
  }

  /* Cancelled. */
  {
    g_autofree char *path = write_image ("cancel.png", "png", 50, 50);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    png = make (path, 64, cancellable, &error);
    g_assert_null (png);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_unlink (path);
  }
}

/* What the window and the CLI do when a board opens. */
static void
test_load_from_store (void)
{
  g_autofree char *image = write_image ("load.png", "png", 120, 60);
  g_autofree char *path = g_build_filename (tmpdir, "load.evboard", NULL);
  g_autoptr(EvbBoard) board = evb_board_new ("Load");
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(GHashTable) thumbnails = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const hashes[] = {
    "1111111111111111111111111111111111111111111111111111111111111111", /* good */
    "2222222222222222222222222222222222222222222222222222222222222222", /* cut short */
    "3333333333333333333333333333333333333333333333333333333333333333", /* none stored */
  };

  for (guint i = 0; i < G_N_ELEMENTS (hashes); i++)
    {
      g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);

      data->id = g_strdup_printf ("e%u", i);
      data->attachment_uri = g_strdup ("file:///nonexistent/evb/a.png");
      data->attachment_sha256 = g_strdup (hashes[i]);
      g_assert_nonnull (evb_board_add_node (board, data, &error));
      g_assert_no_error (error);
    }

  png = make (image, 50, NULL, &error);
  g_assert_no_error (error);
  g_unlink (path);
  g_assert_true (evb_store_write_new (board, path, FALSE, &error));
  g_assert_no_error (error);
  store = evb_store_open (path, EVB_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (evb_store_put_thumbnail (store, hashes[0], png, &error));
  g_assert_no_error (error);
  {
    /* Passes the store's header checks, fails to decode. */
    g_autoptr(GBytes) cut = g_bytes_new_from_bytes (png, 0, 40);

    g_assert_true (evb_store_put_thumbnail (store, hashes[1], cut, &error));
    g_assert_no_error (error);
  }

  thumbnails = evb_thumbnail_load_from_store (store, board);
  g_assert_cmpuint (g_hash_table_size (thumbnails), ==, 1);
  g_assert_true (GDK_IS_TEXTURE (g_hash_table_lookup (thumbnails, hashes[0])));
  g_assert_cmpint (gdk_texture_get_width (g_hash_table_lookup (thumbnails, hashes[0])), ==, 50);
  g_assert_cmpint (gdk_texture_get_height (g_hash_table_lookup (thumbnails, hashes[0])), ==, 25);

  evb_store_close (store);
  g_unlink (path);
  g_unlink (image);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("evb-thumbnail-XXXXXX", NULL);

  g_test_add_func ("/thumbnail/scaled", test_scaled);
  g_test_add_func ("/thumbnail/small", test_small);
  g_test_add_func ("/thumbnail/refused", test_refused);
  g_test_add_func ("/thumbnail/load-from-store", test_load_from_store);

  status = g_test_run ();
  g_rmdir (tmpdir);
  return status;
}
