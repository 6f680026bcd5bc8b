/* render-look-attachments.c: cards with thumbnails and attachment flags, for people to look at
 *
 * Usage: render-look-attachments OUTDIR [IMAGE]
 *
 * Makes real files in OUTDIR (an image, one that then changes, a missing
 * one, an unreadable one), a board that attaches them, checks them with
 * evb_attachment_verify_board_async, makes thumbnails with
 * evb_thumbnail_make_async, stores them in OUTDIR/attachments.evboard, and
 * exports light and dark PNGs. `evidence-board-cli export
 * OUTDIR/attachments.evboard out.png` then draws the stored thumbnails too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "evb-attachment.h"
#include "evb-export.h"
#include "evb-store.h"
#include "evb-thumbnail.h"
#include "render-test-board.h"

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* A made-up aerial view: fields, a road and a building, so a thumbnail
 * without a real photo still looks like one. */
static char *
write_synthetic_image (const char *dir,
                       const char *name)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 640, 480);
  char *path = g_build_filename (dir, name, NULL);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < 480; y++)
    for (int x = 0; x < 640; x++)
      {
        guint8 *p = pixels + y * stride + x * 3;
        gboolean field = ((x / 160) + (y / 120)) % 2 == 0;
        gboolean road = abs (x - y - 80) < 14;
        gboolean building = x > 380 && x < 500 && y > 80 && y < 190;

        p[0] = building ? 200 : road ? 90 : field ? 96 : 150;
        p[1] = building ? 190 : road ? 90 : field ? 140 : 170;
        p[2] = building ? 180 : road ? 96 : field ? 60 : 90;
      }
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "jpeg", NULL, "quality", "90", NULL));
  return path;
}

static void
attach (EvbBoard   *board,
        const char *id,
        const char *path)
{
  g_autoptr(EvbNodeData) data = evb_node_dup_data (evb_board_get_node (board, id));
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_free (data->attachment_uri);
  data->attachment_uri = g_file_get_uri (file);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      data->attachment_sha256 = evb_attachment_hash (file, &data->attachment_size, NULL,
                                                     NULL, NULL, &error);
      g_assert_no_error (error);
    }
  else
    {
      evb_node_data_set_string (&data->attachment_sha256,
                                "5f1c0a7e9b3d2c4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e");
      data->attachment_size = 1234567;
    }
  g_assert_true (evb_board_update_node (board, data, &error));
  g_assert_no_error (error);
}

static void
set_source (EvbBoard   *board,
            const char *id,
            const char *source,
            char        reliability,
            int         credibility,
            const char *occurred)
{
  g_autoptr(EvbNodeData) data = evb_node_dup_data (evb_board_get_node (board, id));
  g_autoptr(GError) error = NULL;

  evb_node_data_set_string (&data->source, source);
  evb_node_data_set_string (&data->occurred, occurred);
  data->reliability = reliability;
  data->credibility = credibility;
  g_assert_true (evb_board_update_node (board, data, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EvbBoard) board = evb_board_new ("Attachments");
  g_autoptr(GHashTable) statuses = NULL;
  g_autoptr(GHashTable) textures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          g_object_unref);
  g_autoptr(GHashTable) pngs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *photo = NULL;
  g_autofree char *aerial = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *unreadable = NULL;
  g_autofree char *video = NULL;
  g_autofree char *board_path = NULL;
  const char *dir;
  static const struct { const char *name; EvbExportBackground bg; } outputs[] = {
    { "attachments-light.png", EVB_EXPORT_BACKGROUND_LIGHT },
    { "attachments-dark.png", EVB_EXPORT_BACKGROUND_DARK },
  };

  if (argc < 2)
    {
      g_printerr ("Usage: render-look-attachments OUTDIR [IMAGE]\n");
      return 2;
    }
  dir = argv[1];
  g_mkdir_with_parents (dir, 0755);

  /* The files. */
  if (argc > 2)
    {
      g_autofree char *contents = NULL;
      gsize length;

      photo = g_build_filename (dir, "photo.jpg", NULL);
      g_assert_true (g_file_get_contents (argv[2], &contents, &length, NULL));
      g_assert_true (g_file_set_contents (photo, contents, length, NULL));
    }
  else
    photo = write_synthetic_image (dir, "photo.jpg");
  aerial = write_synthetic_image (dir, "aerial.jpg");
  missing = g_build_filename (dir, "manifest-gone.pdf", NULL);
  g_unlink (missing);
  /* A folder where a file should be cannot be read, even by root. */
  unreadable = g_build_filename (dir, "scan.pdf", NULL);
  g_mkdir_with_parents (unreadable, 0755);
  video = g_build_filename (dir, "interview.mp4", NULL);
  g_assert_true (g_file_set_contents (video, "not really a video", -1, NULL));

  /* The board. */
  render_test_add_node (board, "c1", EVB_NODE_KIND_CLAIM, EVB_EVIDENCE_TYPE_NONE,
                        "The launcher was assembled from commercial parts", 620, 200);
  render_test_add_node (board, "e1", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_PHOTO,
                        "Circuit board recovered from the wreckage", 40, 40);
  set_source (board, "e1", "Field team", 'B', 2, "2025-12-30");
  render_test_add_node (board, "e2", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_SATELLITE_IMAGERY,
                        "Satellite image of the launch site", 320, 40);
  set_source (board, "e2", "Maxar", 'A', 2, "2025-12-29T07:40:00Z");
  render_test_add_node (board, "e3", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_DOCUMENT,
                        "Shipping manifest of the parts", 40, 220);
  set_source (board, "e3", "Customs leak", 'D', 3, "2025-11-02");
  render_test_add_node (board, "e4", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_DOCUMENT,
                        "Scanned purchase order", 320, 220);
  set_source (board, "e4", "Supplier", 'C', 3, NULL);
  render_test_add_node (board, "e5", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO,
                        "Interview with the supplier", 180, 400);
  set_source (board, "e5", "Local TV", 'C', 2, "2026-01-04");
  attach (board, "e1", photo);
  attach (board, "e2", aerial);
  attach (board, "e3", missing);
  attach (board, "e4", unreadable);
  attach (board, "e5", video);
  render_test_add_link (board, "l1", "e1", "c1", EVB_RELATION_SUPPORTS, EVB_STRENGTH_STRONG, NULL);
  render_test_add_link (board, "l2", "e3", "c1", EVB_RELATION_SUPPORTS, EVB_STRENGTH_MODERATE, NULL);
  render_test_add_link (board, "l3", "e5", "c1", EVB_RELATION_REFUTES, EVB_STRENGTH_WEAK, NULL);

  /* Thumbnails, made before the aerial image is changed behind our back. */
  for (guint i = 0; i < 2; i++)
    {
      const char *id = i == 0 ? "e1" : "e2";
      const EvbNodeData *data = evb_node_get_data (evb_board_get_node (board, id));
      g_autoptr(GFile) file = g_file_new_for_uri (data->attachment_uri);
      g_autoptr(GAsyncResult) result = NULL;
      GBytes *png;
      GdkTexture *texture;

      evb_thumbnail_make_async (file, EVB_THUMBNAIL_DEFAULT_SIZE, NULL, done_cb, &result);
      png = evb_thumbnail_make_finish (wait_for (&result), &error);
      g_assert_no_error (error);
      texture = gdk_texture_new_from_bytes (png, &error);
      g_assert_no_error (error);
      g_hash_table_insert (textures, g_strdup (data->attachment_sha256), texture);
      g_hash_table_insert (pngs, g_strdup (data->attachment_sha256), png);
    }
  {
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (aerial, &contents, &length, NULL));
    contents[length / 2] ^= 0x40;
    g_assert_true (g_file_set_contents (aerial, contents, length, NULL));
  }

  /* What the window does when a board opens. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    evb_attachment_verify_board_async (board, NULL, done_cb, &result);
    statuses = evb_attachment_verify_board_finish (wait_for (&result), &error);
    g_assert_no_error (error);
  }
  {
    static const char * const names[] = { "none", "ok", "missing", "changed", "unreadable" };
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, statuses);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_print ("%s: %s\n", (const char *) key, names[GPOINTER_TO_INT (value)]);
  }

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autofree char *path = g_build_filename (dir, outputs[i].name, NULL);
      g_autoptr(EvbAttachmentState) state = evb_attachment_state_new (board);
      EvbExportOptions options;
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, textures);
      while (g_hash_table_iter_next (&iter, &key, &value))
        evb_attachment_state_set_thumbnail (state, key, value);
      evb_attachment_state_set_statuses (state, statuses);
      evb_export_options_init (&options);
      options.scale = 2;
      options.background = outputs[i].bg;
      options.attachments = state;
      if (!evb_export_to_file (board, path, EVB_EXPORT_PNG, &options, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print ("%s\n", path);
    }

  /* The board file, with its thumbnails stored, for the CLI. */
  board_path = g_build_filename (dir, "attachments.evboard", NULL);
  g_assert_true (evb_store_write_new (board, board_path, TRUE, &error));
  g_assert_no_error (error);
  {
    g_autoptr(EvbStore) store = evb_store_open (board_path, EVB_STORE_FLAGS_NONE, &error);
    GHashTableIter iter;
    gpointer key, value;

    g_assert_no_error (error);
    g_hash_table_iter_init (&iter, pngs);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        g_assert_true (evb_store_put_thumbnail (store, key, value, &error));
        g_assert_no_error (error);
      }
    evb_store_close (store);
  }
  g_print ("%s\n", board_path);
  return 0;
}
