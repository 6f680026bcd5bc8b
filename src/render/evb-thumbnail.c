/* evb-thumbnail.c: small PNG previews of image attachments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Attachments come from anywhere, so the image's header is read first
 * (gdk_pixbuf_get_file_info) and an absurd size is refused before a decoder
 * allocates anything. JPEG decoders scale while decoding; others decode the
 * whole image and scale afterwards, hence the limit on source pixels.
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <gtk/gtk.h>

#include "evb-error.h"
#include "evb-store.h"
#include "evb-thumbnail.h"

#define MIN_SIZE 16

static GBytes *
make_thumbnail (GFile         *file,
                int            max_size,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *display = g_file_get_parse_name (file);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) upright = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *buffer = NULL;
  GdkPixbufFormat *format;
  gsize length = 0;
  int width = 0, height = 0;

  if (path == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                   _("Could not preview “%s”: only files on this computer can be previewed"),
                   display);
      return NULL;
    }
  if (!g_file_query_exists (file, cancellable))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND,
                   _("Could not preview “%s”: the file does not exist"), display);
      return NULL;
    }

  format = gdk_pixbuf_get_file_info (path, &width, &height);
  if (format == NULL || width <= 0 || height <= 0)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                   _("Could not preview “%s”: it is not an image this computer can show"),
                   display);
      return NULL;
    }
  if ((gint64) width * height > EVB_THUMBNAIL_MAX_SOURCE_PIXELS)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT,
                   _("Could not preview “%s”: it is too large (%d × %d pixels)"),
                   display, width, height);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* Never enlarged: a small image stays as it is. */
  if (MAX (width, height) > max_size)
    pixbuf = gdk_pixbuf_new_from_file_at_scale (path, max_size, max_size, TRUE, &local_error);
  else
    pixbuf = gdk_pixbuf_new_from_file (path, &local_error);
  if (pixbuf == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("Could not preview “%s”: %s"),
                   display, local_error->message);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* Photos from phones are stored sideways with an EXIF tag saying so. */
  upright = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  if (upright == NULL)
    upright = g_object_ref (pixbuf);

  if (!gdk_pixbuf_save_to_buffer (upright, &buffer, &length, "png", &local_error,
                                  "compression", "9", NULL))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not preview “%s”: %s"),
                   display, local_error->message);
      return NULL;
    }
  if (length > EVB_THUMBNAIL_MAX_BYTES)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT,
                   _("Could not preview “%s”: the preview is larger than %d MiB"),
                   display, EVB_THUMBNAIL_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&buffer), length);
}

static void
make_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GBytes *png = make_thumbnail (G_FILE (source_object), GPOINTER_TO_INT (task_data),
                                cancellable, &error);

  if (png == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, png, (GDestroyNotify) g_bytes_unref);
}

void
evb_thumbnail_make_async (GFile               *file,
                          int                  max_size,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (max_size > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  max_size = CLAMP (max_size, MIN_SIZE, EVB_THUMBNAIL_MAX_PIXELS);

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, evb_thumbnail_make_async);
  g_task_set_name (task, "[evb] make thumbnail");
  g_task_set_task_data (task, GINT_TO_POINTER (max_size), NULL);
  g_task_run_in_thread (task, make_thread);
}

GBytes *
evb_thumbnail_make_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == evb_thumbnail_make_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GHashTable *
evb_thumbnail_load_from_store (EvbStore *store,
                               EvbBoard *board)
{
  GHashTable *thumbnails;
  GPtrArray *nodes;

  g_return_val_if_fail (EVB_IS_STORE (store), NULL);
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  thumbnails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  nodes = evb_board_get_nodes (board);
  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *data = evb_node_get_data (g_ptr_array_index (nodes, i));
      g_autoptr(GBytes) png = NULL;
      g_autoptr(GError) error = NULL;
      GdkTexture *texture;

      if (!evb_store_is_sha256 (data->attachment_sha256) ||
          g_hash_table_contains (thumbnails, data->attachment_sha256))
        continue;
      png = evb_store_get_thumbnail (store, data->attachment_sha256, &error);
      if (png == NULL)
        {
          if (error != NULL)
            g_debug ("%s", error->message);
          continue;
        }
      /* The store checked the signature and the size in pixels. */
      texture = gdk_texture_new_from_bytes (png, &error);
      if (texture == NULL)
        {
          g_debug ("Thumbnail %s: %s", data->attachment_sha256, error->message);
          continue;
        }
      g_hash_table_insert (thumbnails, g_strdup (data->attachment_sha256), texture);
    }
  return thumbnails;
}
