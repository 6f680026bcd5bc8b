/* evb-attachment.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "evb-attachment.h"
#include "evb-error.h"

#define CHUNK_SIZE (1024 * 1024)

/* What hash_file found. */
typedef enum
{
  HASH_DONE,
  HASH_FAILED,
  HASH_SIZE_DIFFERS,
} HashResult;

/* Only a regular file is hashed: a board may point at /dev/zero, a FIFO or
 * /proc/self/fd/0, which never end or never answer, and a board is untrusted
 * input. A local file is opened without blocking (opening a FIFO waits for
 * a writer otherwise) and looked at with fstat before a byte is read; a
 * remote one is refused when its stream says it is something else. */
static void
set_not_regular (GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
               _("not a regular file (a device, a pipe or a folder is never read)"));
}

static int
open_local_file (const char  *path,
                 goffset     *total,
                 GError     **error)
{
  struct stat info;
  int fd;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not open “%s”: %s"), display, g_strerror (saved_errno));
      return -1;
    }
  if (fstat (fd, &info) != 0 || !S_ISREG (info.st_mode))
    {
      close (fd);
      set_not_regular (error);
      return -1;
    }
  *total = info.st_size;
  return fd;
}

static GInputStream *
open_remote_file (GFile         *file,
                  goffset       *total,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;

  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                         G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_TYPE) &&
      g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      set_not_regular (error);
      return NULL;
    }
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    *total = g_file_info_get_size (info);
  return G_INPUT_STREAM (g_steal_pointer (&stream));
}

/* Streams the file through SHA-256. With expected_size >= 0, a file whose
 * size is known to differ is not read at all: HASH_SIZE_DIFFERS. */
static HashResult
hash_file (GFile            *file,
           gint64            expected_size,
           char            **digest,
           gint64           *size,
           GCancellable     *cancellable,
           EvbHashProgress   progress,
           gpointer          progress_data,
           GError          **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  g_autofree guchar *buffer = NULL;
  g_autofree char *path = g_file_get_path (file);
  goffset total = -1, done = 0;
  int fd = -1;

  if (path != NULL)
    fd = open_local_file (path, &total, error);
  else
    stream = open_remote_file (file, &total, cancellable, error);
  if (fd < 0 && stream == NULL)
    return HASH_FAILED;

  if (expected_size >= 0 && total >= 0 && total != expected_size)
    {
      if (fd >= 0)
        close (fd);
      if (size != NULL)
        *size = total;
      return HASH_SIZE_DIFFERS;
    }

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  buffer = g_malloc (CHUNK_SIZE);
  for (;;)
    {
      gssize n;

      if (fd >= 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              close (fd);
              return HASH_FAILED;
            }
          n = read (fd, buffer, CHUNK_SIZE);
          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            {
              int saved_errno = errno;
              g_autofree char *display = g_filename_display_name (path);

              close (fd);
              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           _("Could not read “%s”: %s"), display, g_strerror (saved_errno));
              return HASH_FAILED;
            }
        }
      else
        {
          n = g_input_stream_read (stream, buffer, CHUNK_SIZE, cancellable, error);
          if (n < 0)
            return HASH_FAILED;
        }
      if (n == 0)
        break;
      g_checksum_update (checksum, buffer, n);
      done += n;
      if (progress != NULL)
        progress (done, total, progress_data);
    }
  if (fd >= 0)
    close (fd);

  if (size != NULL)
    *size = done;
  *digest = g_strdup (g_checksum_get_string (checksum));
  if (expected_size >= 0 && done != expected_size)
    return HASH_SIZE_DIFFERS;   /* it changed while we read */
  return HASH_DONE;
}

char *
evb_attachment_hash (GFile            *file,
                     gint64           *size,
                     GCancellable     *cancellable,
                     EvbHashProgress   progress,
                     gpointer          progress_data,
                     GError          **error)
{
  char *digest = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (hash_file (file, -1, &digest, size, cancellable, progress, progress_data, error) != HASH_DONE)
    return NULL;
  return digest;
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

  /* The messages say match or mismatch, never the file's hash or size: a
   * board can point at any file (/etc/shadow), and what `check` prints
   * must not fingerprint files the user never chose. */
  file = g_file_new_for_uri (data->attachment_uri);
  switch (hash_file (file, data->attachment_size, &digest, &size, cancellable, NULL, NULL,
                     &local_error))
    {
    case HASH_FAILED:
      {
        gboolean missing = g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
                           g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED) ||
                           g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_MOUNTED);

        g_set_error (error, EVB_ERROR, EVB_ERROR_IO, "%s", local_error->message);
        return missing ? EVB_ATTACHMENT_MISSING : EVB_ATTACHMENT_UNREADABLE;
      }
    case HASH_SIZE_DIFFERS:
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("the file has changed since it was attached: its size differs from the "
                     "recorded one"));
      return EVB_ATTACHMENT_CHANGED;
    case HASH_DONE:
    default:
      break;
    }

  if (data->attachment_sha256 != NULL && strcmp (data->attachment_sha256, digest) != 0)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("the file has changed since it was attached: its SHA-256 differs from the "
                     "recorded one"));
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
      /* A file kept in the board does not depend on the original, which
       * may be gone: the store checks its copy (evb_store_find_damaged_blobs). */
      EvbAttachmentStatus status = data->attachment_embedded ? EVB_ATTACHMENT_OK
                                                             : verify_quickly (data, cancellable);

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
      copy->attachment_embedded = data->attachment_embedded;
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
