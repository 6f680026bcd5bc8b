/* evb-attachment.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "evb-attachment.h"
#include "evb-error.h"

#define CHUNK_SIZE (1024 * 1024)

char *
evb_attachment_hash (GFile            *file,
                     gint64           *size,
                     GCancellable     *cancellable,
                     EvbHashProgress   progress,
                     gpointer          progress_data,
                     GError          **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  g_autofree guchar *buffer = NULL;
  goffset total = -1, done = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;

  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    total = g_file_info_get_size (info);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  buffer = g_malloc (CHUNK_SIZE);
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, CHUNK_SIZE,
                                      cancellable, error);
      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      g_checksum_update (checksum, buffer, n);
      done += n;
      if (progress != NULL)
        progress (done, total, progress_data);
    }

  if (size != NULL)
    *size = done;
  return g_strdup (g_checksum_get_string (checksum));
}

typedef struct
{
  EvbHashProgress progress;
  gpointer        progress_data;
  gint64          size;
} HashTask;

static void
hash_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  HashTask *data = task_data;
  GError *error = NULL;
  char *digest = evb_attachment_hash (G_FILE (source_object), &data->size, cancellable,
                                      data->progress, data->progress_data, &error);

  if (digest == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, digest, g_free);
}

void
evb_attachment_hash_async (GFile               *file,
                           GCancellable        *cancellable,
                           EvbHashProgress      progress,
                           gpointer             progress_data,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  HashTask *data;

  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (HashTask, 1);
  data->progress = progress;
  data->progress_data = progress_data;
  data->size = -1;

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, evb_attachment_hash_async);
  g_task_set_task_data (task, data, g_free);
  g_task_run_in_thread (task, hash_thread);
}

char *
evb_attachment_hash_finish (GAsyncResult  *result,
                            gint64        *size,
                            GError       **error)
{
  GTask *task = G_TASK (result);
  char *digest;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == evb_attachment_hash_async, NULL);

  digest = g_task_propagate_pointer (task, error);
  if (digest != NULL && size != NULL)
    *size = ((HashTask *) g_task_get_task_data (task))->size;
  return digest;
}

EvbAttachmentStatus
evb_attachment_verify (const EvbNodeData  *data,
                       GCancellable       *cancellable,
                       GError            **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *digest = NULL;
  gint64 size = -1;

  g_return_val_if_fail (data != NULL, EVB_ATTACHMENT_NONE);

  if (data->attachment_uri == NULL)
    return EVB_ATTACHMENT_NONE;

  file = g_file_new_for_uri (data->attachment_uri);
  digest = evb_attachment_hash (file, &size, cancellable, NULL, NULL, &local_error);
  if (digest == NULL)
    {
      gboolean missing = g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
                         g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED) ||
                         g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_MOUNTED);

      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, "%s", local_error->message);
      return missing ? EVB_ATTACHMENT_MISSING : EVB_ATTACHMENT_UNREADABLE;
    }

  if ((data->attachment_size >= 0 && data->attachment_size != size) ||
      (data->attachment_sha256 != NULL && strcmp (data->attachment_sha256, digest) != 0))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("the file has changed since it was attached (SHA-256 %s, recorded %s)"),
                   digest, data->attachment_sha256 ? data->attachment_sha256 : "-");
      return EVB_ATTACHMENT_CHANGED;
    }

  return EVB_ATTACHMENT_OK;
}

/* Verifies one attachment, skipping the hash when the file's metadata
 * already tells. */
static EvbAttachmentStatus
verify_quickly (const EvbNodeData *data,
                GCancellable      *cancellable)
{
  g_autoptr(GFile) file = g_file_new_for_uri (data->attachment_uri);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_MOUNTED))
        return EVB_ATTACHMENT_MISSING;
      /* Let the full check say what it is. */
    }
  else if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    return EVB_ATTACHMENT_UNREADABLE;
  else if (data->attachment_size >= 0 &&
           g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE) &&
           g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
           g_file_info_get_size (info) != data->attachment_size)
    return EVB_ATTACHMENT_CHANGED;

  return evb_attachment_verify (data, cancellable, NULL);
}

static void
verify_board_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GPtrArray *attachments = task_data;
  g_autoptr(GHashTable) statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < attachments->len; i++)
    {
      const EvbNodeData *data = g_ptr_array_index (attachments, i);
      EvbAttachmentStatus status = verify_quickly (data, cancellable);

      /* A hash cut short by the cancellable reads as unreadable: ask. */
      if (g_task_return_error_if_cancelled (task))
        return;
      g_hash_table_replace (statuses, g_strdup (data->id), GINT_TO_POINTER (status));
    }

  g_task_return_pointer (task, g_steal_pointer (&statuses), (GDestroyNotify) g_hash_table_unref);
}

void
evb_attachment_verify_board_async (EvbBoard            *board,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  GPtrArray *nodes;

  g_return_if_fail (EVB_IS_BOARD (board));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* The board is not thread-safe: the thread gets copies of what it needs. */
  attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) evb_node_data_free);
  nodes = evb_board_get_nodes (board);
  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *data = evb_node_get_data (g_ptr_array_index (nodes, i));
      EvbNodeData *copy;

      if (data->attachment_uri == NULL)
        continue;
      copy = evb_node_data_new (data->kind);
      copy->id = g_strdup (data->id);
      copy->attachment_uri = g_strdup (data->attachment_uri);
      copy->attachment_sha256 = g_strdup (data->attachment_sha256);
      copy->attachment_size = data->attachment_size;
      g_ptr_array_add (attachments, copy);
    }

  task = g_task_new (board, cancellable, callback, user_data);
  g_task_set_source_tag (task, evb_attachment_verify_board_async);
  g_task_set_name (task, "[evb] verify attachments");
  g_task_set_task_data (task, g_steal_pointer (&attachments), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, verify_board_thread);
}

GHashTable *
evb_attachment_verify_board_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        evb_attachment_verify_board_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
evb_attachment_status_is_problem (EvbAttachmentStatus status)
{
  return status == EVB_ATTACHMENT_MISSING || status == EVB_ATTACHMENT_CHANGED ||
         status == EVB_ATTACHMENT_UNREADABLE;
}

EvbEvidenceType
evb_attachment_guess_type (const char *content_type)
{
  static const char * const documents[] = {
    "application/pdf", "application/msword", "application/rtf",
    "application/vnd.oasis.opendocument.", "application/vnd.openxmlformats-officedocument.",
    "application/vnd.ms-", "application/epub", "message/rfc822", "text/",
  };
  g_autofree char *mime = NULL;

  if (content_type == NULL)
    return EVB_EVIDENCE_TYPE_OTHER;

  mime = g_content_type_get_mime_type (content_type);
  if (mime == NULL)
    mime = g_strdup (content_type);

  if (g_str_has_prefix (mime, "video/"))
    return EVB_EVIDENCE_TYPE_VIDEO;
  if (g_str_has_prefix (mime, "image/"))
    return EVB_EVIDENCE_TYPE_PHOTO;
  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    if (g_str_has_prefix (mime, documents[i]))
      return EVB_EVIDENCE_TYPE_DOCUMENT;
  return EVB_EVIDENCE_TYPE_OTHER;
}
