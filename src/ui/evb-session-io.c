/* evb-session-io.c: the session's work on whole files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening a board (checking it and copying it to its working copy),
 * recovering and importing one, Save a Copy, JSON and matrix export: each takes a
 * while for a big board and touches files, so each runs in a thread. A
 * session is made on the main thread, where its board lives.
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "evb-error.h"
#include "evb-formats.h"
#include "evb-json.h"
#include "evb-matrix.h"
#include "evb-renderer.h"
#include "evb-session-private.h"
#include "evb-store.h"
#include "evb-store-blobs.h"
#include "evb-thumbnail.h"
#include "evb-timeline-picture.h"

/* JSON export and Save a Copy: quick for most boards, but they write
 * files, and files can be on slow or gone disks. */

/* Writing a file in a thread: what the thread reads (the board as JSON, or
 * the working copy's path) is taken on the main thread, where the board
 * lives; the file is written from that alone. */
typedef struct
{
  char             *input;
  char             *path;
  EvbTimelineLanes  lanes;   /* the timeline's, for its export */
  GHashTable       *matches; /* the filter's, for the matrix's; or NULL */
  char             *blob_source;  /* Save a Copy: where the kept files are */
} FileJob;

static void
file_job_free (FileJob *job)
{
  g_free (job->input);
  g_free (job->path);
  g_clear_pointer (&job->matches, g_hash_table_unref);
  g_free (job->blob_source);
  g_free (job);
}

/* Takes input. */
/* The task of a file job, its data set; the caller adds what its job
 * needs more and runs it. */
static GTask *
file_job_task_new (EvbSession          *self,
                   GFile               *file,
                   char                *input,
                   gpointer             source_tag,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task;
  FileJob *job = g_new0 (FileJob, 1);

  job->input = input;
  job->path = g_file_get_path (file);
  task = g_task_new (self, _evb_session_get_cancellable (self), callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) file_job_free);
  return task;
}

static void
run_file_job (EvbSession          *self,
              GFile               *file,
              char                *input,
              gpointer             source_tag,
              GTaskThreadFunc      thread,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = file_job_task_new (self, file, input, source_tag, callback, user_data);

  g_task_run_in_thread (task, thread);
}

static gboolean
finish_file_job (EvbSession    *self,
                 GAsyncResult  *result,
                 gpointer       source_tag,
                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Takes *error. A pointer to it, not its value: C leaves the order of a
 * call's arguments open, so `return_written (task, write (&error), error)`
 * may read error before write sets it. */
static void
return_written (GTask    *task,
                gboolean  ok,
                GError  **error)
{
  if (!ok)
    g_task_return_error (task, g_steal_pointer (error));
  else
    g_task_return_boolean (task, TRUE);
}

/* The board of a job whose input is the board as JSON: a copy the thread
 * owns, since the board itself lives on the main thread. NULL once the
 * task has returned the error. */
static EvbBoard *
read_board_copy (GTask   *task,
                 FileJob *job)
{
  GError *error = NULL;
  EvbBoard *board = evb_json_read_board (job->input, strlen (job->input), &error);

  if (board == NULL)
    g_task_return_error (task, error);
  return board;
}

static void
export_json_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  FileJob *job = task_data;
  g_autoptr(EvbBoard) board = NULL;
  GError *error = NULL;

  /* The board copy is written by the writer the CLI uses, with its
   * atomic replace and its error sentences. */
  board = read_board_copy (task, job);
  if (board != NULL)
    return_written (task, evb_json_write_board_file (board, job->path, &error), &error);
}

void
evb_session_export_json_async (EvbSession          *self,
                               GFile               *file,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (EVB_IS_SESSION (self));
  g_return_if_fail (G_IS_FILE (file));

  run_file_job (self, file, evb_json_write_board (evb_session_get_board (self), NULL),
                evb_session_export_json_async, export_json_thread, callback, user_data);
}

gboolean
evb_session_export_json_finish (EvbSession    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_file_job (self, result, evb_session_export_json_async, error);
}

static void
export_matrix_csv_thread (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  FileJob *job = task_data;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(EvbMatrix) matrix = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (job->path);
  g_autofree char *csv = NULL;
  GError *error = NULL;

  /* g_file_replace_contents() writes it whole or not at all. */
  board = read_board_copy (task, job);
  if (board == NULL)
    return;
  matrix = evb_matrix_new_filtered (board, NULL, job->matches);
  csv = evb_matrix_to_csv (matrix, board);
  return_written (task, g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE,
                                                 G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                                 cancellable, &error), &error);
}

void
evb_session_export_matrix_csv_async (EvbSession          *self,
                                     GFile               *file,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GHashTable *matches;
  g_autoptr(GTask) task = NULL;
  FileJob *job;

  g_return_if_fail (EVB_IS_SESSION (self));
  g_return_if_fail (G_IS_FILE (file));

  matches = evb_session_get_filter_matches (self);
  task = file_job_task_new (self, file, evb_json_write_board (evb_session_get_board (self), NULL),
                            evb_session_export_matrix_csv_async, callback, user_data);
  /* The matrix the view shows: of the filter's matches. Their keys belong
   * to the board's nodes, on this thread: the job keeps its own copy. */
  job = g_task_get_task_data (task);
  if (matches != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      job->matches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_iter_init (&iter, matches);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (job->matches, g_strdup (key));
    }
  g_task_run_in_thread (task, export_matrix_csv_thread);
}

gboolean
evb_session_export_matrix_csv_finish (EvbSession    *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish_file_job (self, result, evb_session_export_matrix_csv_async, error);
}

static void
export_timeline_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  FileJob *job = task_data;
  g_autoptr(EvbBoard) board = NULL;
  EvbExportFormat format = EVB_EXPORT_PNG;
  GError *error = NULL;

  board = read_board_copy (task, job);
  if (board == NULL)
    return;
  evb_export_format_from_path (job->path, &format);
  return_written (task, evb_timeline_picture_to_file (board, job->path, format, job->lanes, FALSE, &error), &error);
}

void
evb_session_export_timeline_async (EvbSession          *self,
                                   GFile               *file,
                                   EvbTimelineLanes     lanes,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EVB_IS_SESSION (self));
  g_return_if_fail (G_IS_FILE (file));

  task = file_job_task_new (self, file, evb_json_write_board (evb_session_get_board (self), NULL),
                            evb_session_export_timeline_async, callback, user_data);
  ((FileJob *) g_task_get_task_data (task))->lanes = lanes;
  g_task_run_in_thread (task, export_timeline_thread);
}

gboolean
evb_session_export_timeline_finish (EvbSession    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_file_job (self, result, evb_session_export_timeline_async, error);
}

static void
save_copy_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  FileJob *job = task_data;
  GError *error = NULL;

  /* A connection of its own on the working copy, which holds every
   * committed change: the main thread's connection is not shared. The
   * files kept in the board that it lacks come from the user's file. */
  return_written (task, evb_store_copy_board_file (job->input, job->blob_source, job->path,
                                                   &error), &error);
}

void
evb_session_save_copy_async (EvbSession          *self,
                             GFile               *file,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  EvbDocument *document;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EVB_IS_SESSION (self));
  g_return_if_fail (G_IS_FILE (file));

  document = evb_session_get_document (self);
  task = file_job_task_new (self, file, g_strdup (evb_document_get_working_path (document)),
                            evb_session_save_copy_async, callback, user_data);
  ((FileJob *) g_task_get_task_data (task))->blob_source =
    g_strdup (evb_store_get_blob_source (evb_document_get_store (document)));
  g_task_run_in_thread (task, save_copy_thread);
}

gboolean
evb_session_save_copy_finish (EvbSession    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_file_job (self, result, evb_session_save_copy_async, error);
}

/* Files kept in the board: Save Attachment As…, and Open through a
 * read-only temporary copy. */

EvbNode *
evb_session_get_kept_attachment (EvbSession *self)
{
  GPtrArray *nodes;
  EvbNode *node;

  g_return_val_if_fail (EVB_IS_SESSION (self), NULL);

  nodes = evb_selection_get_nodes (evb_session_get_selection (self));
  if (nodes == NULL || nodes->len != 1)
    return NULL;
  node = evb_board_get_node (evb_session_get_board (self), g_ptr_array_index (nodes, 0));
  if (node == NULL || !evb_node_get_data (node)->attachment_embedded)
    return NULL;
  return node;
}

static void
save_attachment_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  FileJob *job = task_data;
  EvbStore *store = evb_document_get_store (evb_session_get_document (source_object));
  GError *error = NULL;

  return_written (task, evb_store_extract_blob_to_file (store, job->input, job->path, 0666,
                                                        cancellable, NULL, NULL, &error),
                  &error);
}

void
evb_session_save_attachment_async (EvbSession          *self,
                                   GFile               *file,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  EvbNode *node;

  g_return_if_fail (EVB_IS_SESSION (self));
  g_return_if_fail (G_IS_FILE (file));

  node = evb_session_get_kept_attachment (self);
  if (node == NULL)
    {
      g_task_report_new_error (self, callback, user_data, evb_session_save_attachment_async,
                               EVB_ERROR, EVB_ERROR_NOT_FOUND,
                               _("The selected card keeps no file in the board"));
      return;
    }
  run_file_job (self, file, g_strdup (evb_node_get_data (node)->attachment_sha256),
                evb_session_save_attachment_async, save_attachment_thread, callback, user_data);
}

gboolean
evb_session_save_attachment_finish (EvbSession    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_file_job (self, result, evb_session_save_attachment_async, error);
}

static void
open_attachment_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  FileJob *job = task_data;
  EvbStore *store = evb_document_get_store (evb_session_get_document (source_object));
  g_autofree char *dir = g_path_get_dirname (job->path);
  GError *error = NULL;

  /* The copy is named by its SHA-256 and never changes: one written
   * before is opened again. */
  if (g_file_test (job->path, G_FILE_TEST_IS_REGULAR))
    {
      g_task_return_pointer (task, g_file_new_for_path (job->path), g_object_unref);
      return;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (dir);

      g_task_return_new_error (task, EVB_ERROR, EVB_ERROR_IO,
                               _("Could not create the folder “%s”: %s"), display,
                               g_strerror (saved_errno));
      return;
    }
  /* Read-only: an application that saves over it would save nowhere the
   * board knows about. */
  if (!evb_store_extract_blob_to_file (store, job->input, job->path, 0444, cancellable, NULL,
                                       NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_file_new_for_path (job->path), g_object_unref);
}

void
evb_session_open_attachment_async (EvbSession          *self,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  const EvbNodeData *data;
  g_autoptr(GFile) original = NULL;
  g_autoptr(GFile) copy = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  EvbNode *node;

  g_return_if_fail (EVB_IS_SESSION (self));

  node = evb_session_get_kept_attachment (self);
  if (node == NULL)
    {
      g_task_report_new_error (self, callback, user_data, evb_session_open_attachment_async,
                               EVB_ERROR, EVB_ERROR_NOT_FOUND,
                               _("The selected card keeps no file in the board"));
      return;
    }
  data = evb_node_get_data (node);
  /* The file's own name, so the application shows it; never a path from
   * the board (a hostile name cannot leave the folder). */
  original = g_file_new_for_uri (data->attachment_uri);
  name = g_file_get_basename (original);
  if (name == NULL || name[0] == '.' || strchr (name, '/') != NULL)
    {
      g_free (name);
      name = g_strdup ("attachment");
    }
  path = g_build_filename (g_get_user_cache_dir (), "evidence-board", "open",
                           data->attachment_sha256, name, NULL);
  copy = g_file_new_for_path (path);
  run_file_job (self, copy, g_strdup (data->attachment_sha256),
                evb_session_open_attachment_async, open_attachment_thread, callback, user_data);
}

GFile *
evb_session_open_attachment_finish (EvbSession    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Opening, recovering, importing: the document is made in a thread, the
 * session on the main thread. */

/* What the opening threads hand to the main loop: the document and its
 * stored thumbnails, decoded in the thread too (reading them is a query per
 * picture on the board file). */
typedef struct
{
  EvbDocument *document;
  GHashTable  *thumbnails;
} Opened;

static void
opened_free (Opened *opened)
{
  g_clear_object (&opened->document);
  g_clear_pointer (&opened->thumbnails, g_hash_table_unref);
  g_free (opened);
}

static void
return_opened (GTask       *task,
               EvbDocument *document)
{
  Opened *opened = g_new0 (Opened, 1);

  opened->document = document;
  opened->thumbnails = evb_thumbnail_load_from_store (evb_document_get_store (document),
                                                      evb_document_get_board (document));
  g_task_return_pointer (task, opened, (GDestroyNotify) opened_free);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  EvbDocument *document = evb_document_open (task_data, &error);

  if (document == NULL)
    g_task_return_error (task, error);
  else
    return_opened (task, document);
}

static EvbSession *
session_from_task (GAsyncResult  *result,
                   gpointer       tag,
                   GError       **error)
{
  Opened *opened;
  EvbSession *session;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tag, NULL);

  opened = g_task_propagate_pointer (G_TASK (result), error);
  if (opened == NULL)
    return NULL;
  session = _evb_session_new_with_thumbnails (opened->document, opened->thumbnails);
  opened_free (opened);
  return session;
}

void
evb_session_open_async (GFile               *file,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, evb_session_open_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, open_thread);
}

EvbSession *
evb_session_open_finish (GAsyncResult  *result,
                         GError       **error)
{
  return session_from_task (result, evb_session_open_async, error);
}

typedef struct
{
  GFile *file;
  char  *title;
} CreateJob;

static void
create_job_free (CreateJob *job)
{
  g_object_unref (job->file);
  g_free (job->title);
  g_free (job);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CreateJob *job = task_data;
  GError *error = NULL;
  EvbDocument *document = evb_document_new (job->file, job->title, &error);

  if (document == NULL)
    g_task_return_error (task, error);
  else
    return_opened (task, document);
}

void
evb_session_create_async (GFile               *file,
                          const char          *title,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CreateJob *job;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (title != NULL);

  job = g_new0 (CreateJob, 1);
  job->file = g_object_ref (file);
  job->title = g_strdup (title);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, evb_session_create_async);
  g_task_set_task_data (task, job, (GDestroyNotify) create_job_free);
  g_task_run_in_thread (task, create_thread);
}

EvbSession *
evb_session_create_finish (GAsyncResult  *result,
                           GError       **error)
{
  return session_from_task (result, evb_session_create_async, error);
}

static EvbRecoverable *
recoverable_copy (const EvbRecoverable *recoverable)
{
  EvbRecoverable *copy = g_new0 (EvbRecoverable, 1);

  copy->working_path = g_strdup (recoverable->working_path);
  copy->uri = g_strdup (recoverable->uri);
  copy->title = g_strdup (recoverable->title);
  copy->modified = g_strdup (recoverable->modified);
  copy->unsaved = recoverable->unsaved;
  return copy;
}

static void
recover_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  EvbDocument *document = evb_document_recover (task_data, &error);

  if (document == NULL)
    g_task_return_error (task, error);
  else
    return_opened (task, document);
}

void
evb_session_recover_async (const EvbRecoverable *recoverable,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (recoverable != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, evb_session_recover_async);
  g_task_set_task_data (task, recoverable_copy (recoverable), (GDestroyNotify) evb_recoverable_free);
  g_task_run_in_thread (task, recover_thread);
}

EvbSession *
evb_session_recover_finish (GAsyncResult  *result,
                            GError       **error)
{
  return session_from_task (result, evb_session_recover_async, error);
}

typedef struct
{
  EvbBoard  *board;
  GPtrArray *skipped;
} ImportRead;

static void
import_read_free (ImportRead *read)
{
  g_clear_object (&read->board);
  g_clear_pointer (&read->skipped, g_ptr_array_unref);
  g_free (read);
}

static void
read_import_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_autofree char *path = g_file_get_path (task_data);
  ImportRead *read = g_new0 (ImportRead, 1);
  GError *error = NULL;

  read->skipped = g_ptr_array_new_with_free_func (g_free);
  read->board = evb_formats_import_file (path, read->skipped, &error);
  if (read->board == NULL)
    {
      import_read_free (read);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, read, (GDestroyNotify) import_read_free);
}

void
evb_session_read_import_async (GFile               *source,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (source));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, evb_session_read_import_async);
  g_task_set_task_data (task, g_object_ref (source), g_object_unref);
  g_task_run_in_thread (task, read_import_thread);
}

EvbBoard *
evb_session_read_import_finish (GAsyncResult  *result,
                                GPtrArray    **skipped,
                                GError       **error)
{
  ImportRead *read;
  EvbBoard *board;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (skipped != NULL, NULL);

  *skipped = NULL;
  read = g_task_propagate_pointer (G_TASK (result), error);
  if (read == NULL)
    return NULL;
  board = g_steal_pointer (&read->board);
  *skipped = g_steal_pointer (&read->skipped);
  import_read_free (read);
  /* Here, not in the thread: the measure lays out text with the drawing
   * thread's Pango context. */
  evb_json_fit_unsized (board, evb_renderer_fit_card);
  return board;
}

typedef struct
{
  EvbBoard *board;
  GFile    *file;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->board);
  g_clear_object (&job->file);
  g_free (job);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autofree char *path = g_file_get_path (job->file);
  g_autofree char *staged = g_strdup_printf ("%s.import-%08x", path, g_random_int ());
  EvbDocument *document;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  /* The board was read by another thread and nothing else holds it. It
   * goes beside the chosen file first: a Cancel while it is written
   * leaves a file the person chose to replace as it was. */
  if (!evb_store_write_new (job->board, staged, FALSE, &error))
    {
      /* Said of the file the person chose, not of the one beside it. */
      g_autofree char *staged_name = g_filename_display_basename (staged);
      g_autofree char *name = g_filename_display_basename (path);
      GString *message = g_string_new (error->message);

      g_string_replace (message, staged_name, name, 0);
      g_free (error->message);
      error->message = g_string_free (message, FALSE);
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      g_unlink (staged);
      return;
    }
  /* SQLite must never pair the new file with a replaced one's journal. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *side = g_strconcat (path, i == 0 ? "-wal" : "-journal", NULL);

      g_unlink (side);
    }
  if (g_rename (staged, path) != 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_basename (path);

      g_unlink (staged);
      g_task_return_new_error (task, EVB_ERROR, EVB_ERROR_IO, _("Could not write “%s”: %s"),
                               name, g_strerror (saved));
      return;
    }
  if ((document = evb_document_open (job->file, &error)) == NULL)
    g_task_return_error (task, error);
  else
    return_opened (task, document);
}

void
evb_session_import_async (EvbBoard            *board,
                          GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (EVB_IS_BOARD (board));
  g_return_if_fail (G_IS_FILE (file));

  job = g_new0 (ImportJob, 1);
  job->board = g_object_ref (board);
  job->file = g_object_ref (file);
  task = g_task_new (NULL, cancellable, callback, user_data);
  /* An open board comes back even when cancelled late: the caller closes
   * it and removes its file, which dropping it here could not. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_source_tag (task, evb_session_import_async);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
}

EvbSession *
evb_session_import_finish (GAsyncResult  *result,
                           GError       **error)
{
  return session_from_task (result, evb_session_import_async, error);
}
