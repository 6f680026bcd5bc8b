/* evb-session.c: one open board and the work done for it in the background
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything that reads or writes a file runs in a GTask thread; the
 * result comes back to the main thread, where the board lives. A job
 * holds a reference to the session (its GTask's source object) and, back
 * on the main thread, does nothing once the session's cancellable is
 * cancelled: the board it was started for has been closed. No job keeps
 * a pointer to compare with "the current board".
 *
 * The attach queue and image export are the one "task" the person sees in
 * the progress bar and can cancel; they run one after the other. The
 * task's cancellable is cancelled by Cancel and, like everything else, by
 * closing the board.
 */

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>

#include "evb-assessment.h"
#include "evb-attachment.h"
#include "evb-editing.h"
#include "evb-filter.h"
#include "evb-json.h"
#include "evb-session-private.h"
#include "evb-store.h"
#include "evb-store-blobs.h"
#include "evb-thumbnail.h"

/* A file waiting to be hashed and attached. Shared (reference counted)
 * with the hashing thread, which reports how far it is. */
typedef struct
{
  GFile   *file;
  double   x;
  double   y;
  char    *node_id;
  /* Set on the main thread before the thread starts: the store to keep a
   * copy in (files up to embed-size-limit), or NULL to link the file. */
  EvbStore *embed_store;
  EvbSessionEmbed embed;
  /* Written by the hashing thread, read on the main thread. */
  GMutex   lock;
  goffset  done;
  goffset  total;
  gboolean update_queued;
  gint64   last_update;
} PendingFile;

/* A picture waiting for its thumbnail. */
typedef struct
{
  EvbSession *session;  /* a reference while the thumbnail is made */
  GFile      *file;
  char       *sha256;
} ThumbnailJob;

struct _EvbSession
{
  GObject             parent_instance;

  EvbDocument        *document;
  EvbSelection       *selection;
  EvbAttachmentState *attachments;
  EvbAssessment      *assessment;
  GMainContext       *context;

  /* The board's one filter, a view setting saved in the board file. The
   * ids it lets through are found when asked for and kept until a card, the
   * filter, an assessment or a status it depends on changes (the keys
   * belong to the nodes: the set is dropped at once when any card
   * changes). */
  EvbFilter          *filter;
  GHashTable         *filter_matches;
  gboolean            filter_stale;
  guint               filter_idle;

  /* What the timeline's lanes group by: a view setting too. */
  EvbTimelineLanes    timeline_lanes;

  /* The board's: cancelled when it closes. */
  GCancellable       *cancellable;
  /* The task's (attaching, exporting): Cancel stops only the task. */
  GCancellable       *task_cancellable;

  /* G_MAXUINT64: the embed-size-limit setting decides. */
  guint64             embed_size_limit;
  GQueue              pending_files;
  PendingFile        *current_file;
  gboolean            exporting;
  char               *task;
  double              task_progress;

  /* Only the newest check's result is used. */
  guint               check_serial;

  /* Made one at a time: a board of large photos must not decode them all
   * at once. */
  GQueue              thumbnail_jobs;
  char               *thumbnail_making;  /* SHA-256 of the one being made */
};

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_TASK,
  PROP_TASK_PROGRESS,
  PROP_EXPORTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ATTACHMENTS_CHECKED,
  THUMBNAIL_MADE,
  ATTACH_FAILED,
  FILTER_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EvbSession, evb_session, G_TYPE_OBJECT)

static void start_next_file (EvbSession *self);

static gboolean
is_closed (EvbSession *self)
{
  return g_cancellable_is_cancelled (self->cancellable);
}

static void
pending_file_clear (PendingFile *pending)
{
  g_clear_object (&pending->file);
  g_clear_object (&pending->embed_store);
  g_free (pending->node_id);
  g_mutex_clear (&pending->lock);
}

static void
pending_file_release (PendingFile *pending)
{
  g_atomic_rc_box_release_full (pending, (GDestroyNotify) pending_file_clear);
}

static void
thumbnail_job_free (ThumbnailJob *job)
{
  g_clear_object (&job->session);
  g_clear_object (&job->file);
  g_free (job->sha256);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ThumbnailJob, thumbnail_job_free)

static GCancellable *
ensure_task_cancellable (EvbSession *self)
{
  if (self->task_cancellable == NULL || g_cancellable_is_cancelled (self->task_cancellable))
    g_set_object (&self->task_cancellable, g_cancellable_new ());
  return self->task_cancellable;
}

static void
set_task (EvbSession *self,
          const char *task,
          double      progress)
{
  if (g_strcmp0 (self->task, task) != 0)
    {
      g_free (self->task);
      self->task = g_strdup (task);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK]);
    }
  if (self->task_progress != progress || progress < 0)
    {
      self->task_progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK_PROGRESS]);
    }
}

static void
set_exporting (EvbSession *self,
               gboolean    exporting)
{
  if (self->exporting == exporting)
    return;
  self->exporting = exporting;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPORTING]);
}

/* Thumbnails */

static void make_next_thumbnail (EvbSession *self);

static void
thumbnail_made_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ThumbnailJob) job = user_data;
  EvbSession *self = job->session;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  png = evb_thumbnail_make_finish (result, &error);
  if (is_closed (self))
    return;
  /* No thumbnail is no harm: the card shows its paperclip. */
  if (png != NULL)
    {
      if (!evb_document_put_thumbnail (self->document, job->sha256, png, &error))
        g_debug ("Thumbnail of %s not stored: %s", job->sha256, error->message);
      texture = gdk_texture_new_from_bytes (png, NULL);
      if (texture != NULL)
        evb_attachment_state_set_thumbnail (self->attachments, job->sha256, texture);
      g_signal_emit (self, signals[THUMBNAIL_MADE], 0, job->sha256);
    }
  else
    g_debug ("No thumbnail: %s", error->message);

  g_clear_pointer (&self->thumbnail_making, g_free);
  make_next_thumbnail (self);
}

static void
make_next_thumbnail (EvbSession *self)
{
  ThumbnailJob *job;

  if (self->thumbnail_making != NULL || is_closed (self))
    return;
  job = g_queue_pop_head (&self->thumbnail_jobs);
  if (job == NULL)
    return;
  self->thumbnail_making = g_strdup (job->sha256);
  job->session = g_object_ref (self);
  evb_thumbnail_make_async (job->file, EVB_THUMBNAIL_DEFAULT_SIZE, self->cancellable,
                            thumbnail_made_cb, job);
}

static gboolean
thumbnail_queued (EvbSession *self,
                  const char *sha256)
{
  if (g_strcmp0 (self->thumbnail_making, sha256) == 0)
    return TRUE;
  for (GList *l = self->thumbnail_jobs.head; l != NULL; l = l->next)
    if (g_strcmp0 (((ThumbnailJob *) l->data)->sha256, sha256) == 0)
      return TRUE;
  return FALSE;
}

static void
make_thumbnail (EvbSession *self,
                GFile      *file,
                const char *sha256)
{
  ThumbnailJob *job;

  if (thumbnail_queued (self, sha256))
    return;
  job = g_new0 (ThumbnailJob, 1);
  job->file = g_object_ref (file);
  job->sha256 = g_strdup (sha256);
  g_queue_push_tail (&self->thumbnail_jobs, job);
  make_next_thumbnail (self);
}

/* Pictures that are where they were and unchanged, but have no thumbnail in
 * the board (a board imported from JSON, or an attachment put back by undo
 * after its thumbnail went): made now. */
static void
make_missing_thumbnails (EvbSession *self,
                         GHashTable *statuses)
{
  EvbBoard *board = evb_session_get_board (self);
  GHashTableIter iter;
  gpointer id, status;

  g_hash_table_iter_init (&iter, statuses);
  while (g_hash_table_iter_next (&iter, &id, &status))
    {
      EvbNode *node = evb_board_get_node (board, id);
      const EvbNodeData *data = node != NULL ? evb_node_get_data (node) : NULL;
      g_autoptr(GFile) file = NULL;

      if (GPOINTER_TO_INT (status) != EVB_ATTACHMENT_OK || data == NULL ||
          data->attachment_sha256 == NULL || data->attachment_uri == NULL ||
          data->attachment_media_type == NULL ||
          !g_str_has_prefix (data->attachment_media_type, "image/") ||
          /* Every stored thumbnail was loaded at open. */
          evb_attachment_state_get_thumbnail (self->attachments, data->attachment_sha256) != NULL)
        continue;
      file = g_file_new_for_uri (data->attachment_uri);
      if (g_file_is_native (file))
        make_thumbnail (self, file, data->attachment_sha256);
    }
}

/* The attachment check */

/* Files kept in the board are checked by their sizes here (no data read,
 * milliseconds for gigabytes); their full hashes in a thread after that
 * (start_hash_check), by `check`, and by Save Attachment As… and Open, which
 * refuse a damaged one. A damaged or missing copy reads as changed. */
static void
mark_damaged_blobs (EvbSession *self,
                    GHashTable *statuses)
{
  g_autoptr(GHashTable) damaged = NULL;
  GPtrArray *nodes = evb_board_get_nodes (evb_session_get_board (self));

  if (self->document == NULL)
    return;
  damaged = evb_store_find_damaged_blobs (evb_document_get_store (self->document), FALSE, NULL,
                                          NULL);
  if (damaged == NULL || g_hash_table_size (damaged) == 0)
    return;
  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *data = evb_node_get_data (g_ptr_array_index (nodes, i));

      if (data->attachment_embedded && g_hash_table_contains (damaged, data->attachment_sha256))
        g_hash_table_replace (statuses, g_strdup (data->id),
                              GINT_TO_POINTER (EVB_ATTACHMENT_CHANGED));
    }
}

typedef struct
{
  EvbSession *session;
  guint       serial;
} CheckJob;

/* The full hashes of the files kept in the board, in a thread after the
 * quick check: a gigabyte takes seconds. A damaged one is flagged on its
 * card as changed. */
static void
hash_check_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  GHashTable *damaged = evb_store_find_damaged_blobs (task_data, TRUE, cancellable, &error);

  if (damaged == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, damaged, (GDestroyNotify) g_hash_table_unref);
}

static void
hash_checked_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  EvbSession *self = EVB_SESSION (source);
  guint serial = GPOINTER_TO_UINT (user_data);
  g_autoptr(GHashTable) damaged = g_task_propagate_pointer (G_TASK (result), NULL);
  GPtrArray *nodes;
  guint flagged = 0;

  if (damaged == NULL || g_hash_table_size (damaged) == 0 || is_closed (self) ||
      serial != self->check_serial)
    return;
  nodes = evb_board_get_nodes (evb_session_get_board (self));
  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *data = evb_node_get_data (g_ptr_array_index (nodes, i));

      if (data->attachment_embedded && g_hash_table_contains (damaged, data->attachment_sha256))
        {
          evb_attachment_state_set_status (self->attachments, data->id, EVB_ATTACHMENT_CHANGED);
          flagged++;
        }
    }
  if (flagged > 0)
    g_signal_emit (self, signals[ATTACHMENTS_CHECKED], 0, flagged);
}

static void
start_hash_check (EvbSession *self,
                  guint       serial)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *nodes = evb_board_get_nodes (evb_session_get_board (self));
  gboolean any = FALSE;

  for (guint i = 0; i < nodes->len && !any; i++)
    any = evb_node_get_data (g_ptr_array_index (nodes, i))->attachment_embedded;
  if (!any || self->document == NULL)
    return;
  task = g_task_new (self, self->cancellable, hash_checked_cb, GUINT_TO_POINTER (serial));
  g_task_set_name (task, "[evb] hash files kept in the board");
  g_task_set_task_data (task, g_object_ref (evb_document_get_store (self->document)),
                        g_object_unref);
  g_task_run_in_thread (task, hash_check_thread);
}

static void
board_verified_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CheckJob *job = user_data;
  g_autoptr(EvbSession) self = job->session;
  guint serial = job->serial;
  g_autoptr(GHashTable) statuses = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer status;
  guint flagged = 0;

  g_free (job);
  statuses = evb_attachment_verify_board_finish (result, &error);
  if (statuses == NULL || is_closed (self) || serial != self->check_serial)
    return;

  mark_damaged_blobs (self, statuses);
  evb_attachment_state_set_statuses (self->attachments, statuses);
  g_hash_table_iter_init (&iter, statuses);
  while (g_hash_table_iter_next (&iter, NULL, &status))
    flagged += evb_attachment_status_is_problem (GPOINTER_TO_INT (status));
  make_missing_thumbnails (self, statuses);
  g_signal_emit (self, signals[ATTACHMENTS_CHECKED], 0, flagged);
  start_hash_check (self, serial);
}

void
evb_session_check_attachments (EvbSession *self)
{
  CheckJob *job;

  g_return_if_fail (EVB_IS_SESSION (self));

  if (is_closed (self))
    return;
  job = g_new0 (CheckJob, 1);
  job->session = g_object_ref (self);
  job->serial = ++self->check_serial;
  evb_attachment_verify_board_async (evb_session_get_board (self), self->cancellable,
                                     board_verified_cb, job);
}

/* Attaching: each file is hashed in a thread (a video of several
 * gigabytes takes a while), then attached in one undo step. */

typedef struct
{
  char     *sha256;
  gint64    size;
  char     *media_type;
  char     *name;
  gboolean  embedded;
} HashedFile;

static void
hashed_file_free (HashedFile *hashed)
{
  g_free (hashed->sha256);
  g_free (hashed->media_type);
  g_free (hashed->name);
  g_free (hashed);
}

typedef struct
{
  EvbSession  *session;
  PendingFile *pending;
} ProgressUpdate;

static void
progress_update_free (ProgressUpdate *update)
{
  g_object_unref (update->session);
  pending_file_release (update->pending);
  g_free (update);
}

static gboolean
progress_update_cb (gpointer user_data)
{
  ProgressUpdate *update = user_data;
  PendingFile *pending = update->pending;
  goffset done, total;

  g_mutex_lock (&pending->lock);
  done = pending->done;
  total = pending->total;
  pending->update_queued = FALSE;
  g_mutex_unlock (&pending->lock);

  if (update->session->current_file == pending && !is_closed (update->session))
    set_task (update->session, update->session->task, total > 0 ? (double) done / total : -1);
  return G_SOURCE_REMOVE;
}

/* How often the bar moves: more often would keep the window relayouting
 * (a progress bar's new fraction queues an allocation). */
#define PROGRESS_INTERVAL (G_USEC_PER_SEC / 10)

/* Runs in the hashing thread: at most one update waits for the main loop
 * at a time, and no more than one per PROGRESS_INTERVAL, so a fast disk
 * does not flood it. */
static void
hash_progress_cb (goffset  done,
                  goffset  total,
                  gpointer user_data)
{
  GTask *task = user_data;
  PendingFile *pending = g_task_get_task_data (task);

  g_mutex_lock (&pending->lock);
  pending->done = done;
  pending->total = total;
  if (!pending->update_queued && g_get_monotonic_time () - pending->last_update >= PROGRESS_INTERVAL)
    {
      EvbSession *self = g_task_get_source_object (task);
      ProgressUpdate *update = g_new0 (ProgressUpdate, 1);
      g_autoptr(GSource) source = g_idle_source_new ();

      pending->update_queued = TRUE;
      pending->last_update = g_get_monotonic_time ();
      update->session = g_object_ref (self);
      update->pending = g_atomic_rc_box_acquire (pending);
      g_source_set_callback (source, progress_update_cb, update, (GDestroyNotify) progress_update_free);
      g_source_attach (source, self->context);
    }
  g_mutex_unlock (&pending->lock);
}

static void
hash_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PendingFile *pending = task_data;
  g_autoptr(GFileInfo) info = NULL;
  HashedFile *hashed = g_new0 (HashedFile, 1);
  const char *content_type = NULL;
  GError *error = NULL;

  /* Finding the type reads the file's first bytes: here, not on the main
   * thread. */
  info = g_file_query_info (pending->file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME, G_FILE_QUERY_INFO_NONE,
                            cancellable, NULL);
  if (info != NULL)
    {
      content_type = g_file_info_get_content_type (info);
      hashed->name = g_strdup (g_file_info_get_display_name (info));
    }
  if (content_type != NULL)
    hashed->media_type = g_content_type_get_mime_type (content_type);

  if (pending->embed_store != NULL)
    {
      /* Keeping a copy in the board computes the SHA-256 on the way. */
      g_autoptr(EvbBlobInfo) blob = NULL;

      blob = evb_store_embed_file (pending->embed_store, pending->file, hashed->media_type,
                                   cancellable, hash_progress_cb, task, &error);
      if (blob != NULL)
        {
          hashed->sha256 = g_strdup (blob->sha256);
          hashed->size = blob->size;
          hashed->embedded = TRUE;
        }
    }
  else
    hashed->sha256 = evb_attachment_hash (pending->file, &hashed->size, cancellable,
                                          hash_progress_cb, task, &error);
  if (hashed->sha256 == NULL)
    {
      hashed_file_free (hashed);
      g_task_return_error (task, error);
      return;
    }
  if (hashed->name == NULL)
    hashed->name = g_file_get_basename (pending->file);
  g_task_return_pointer (task, hashed, (GDestroyNotify) hashed_file_free);
}

static void
attach_hashed (EvbSession        *self,
               PendingFile       *pending,
               const HashedFile  *hashed)
{
  g_autofree char *uri = g_file_get_uri (pending->file);
  EvbAttachmentInfo info = {
    .uri = uri,
    .sha256 = hashed->sha256,
    .size = hashed->size,
    .media_type = hashed->media_type,
    .name = hashed->name,
    .embedded = hashed->embedded,
  };
  g_autoptr(GError) error = NULL;
  EvbNode *node;

  node = evb_editing_attach (evb_session_get_board (self), pending->node_id, &info, pending->x,
                             pending->y, &error);
  if (node == NULL)
    {
      g_signal_emit (self, signals[ATTACH_FAILED], 0, pending->file, error);
      return;
    }

  evb_attachment_state_set_status (self->attachments, evb_node_get_id (node), EVB_ATTACHMENT_OK);
  evb_selection_select (self->selection, evb_node_get_id (node), FALSE);
  if (hashed->media_type != NULL && g_str_has_prefix (hashed->media_type, "image/"))
    make_thumbnail (self, pending->file, hashed->sha256);
}

static void
file_hashed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  EvbSession *self = EVB_SESSION (source);
  PendingFile *pending = g_task_get_task_data (G_TASK (result));
  HashedFile *hashed;
  g_autoptr(GError) error = NULL;

  if (self->current_file == pending)
    self->current_file = NULL;
  hashed = g_task_propagate_pointer (G_TASK (result), &error);
  if (is_closed (self))
    {
      g_clear_pointer (&hashed, hashed_file_free);
      return;
    }
  if (hashed != NULL)
    attach_hashed (self, pending, hashed);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[ATTACH_FAILED], 0, pending->file, error);
  g_clear_pointer (&hashed, hashed_file_free);
  start_next_file (self);
}

/* Whether to keep a copy of file in the board (its size within the limit
 * set in Preferences), and in which store (a new reference). A file of unknown size, a
 * session without a document, a board the person asked to link (limit 0):
 * linked. */
static EvbStore *
choose_embed_store (EvbSession      *self,
                    GFile           *file,
                    EvbSessionEmbed  embed)
{
  g_autoptr(GFileInfo) info = NULL;

  if (self->document == NULL || embed == EVB_SESSION_EMBED_NEVER ||
      (embed == EVB_SESSION_EMBED_WITHIN_LIMIT && evb_session_get_embed_size_limit (self) == 0))
    return NULL;
  if (embed == EVB_SESSION_EMBED_WITHIN_LIMIT)
    {
      /* A stat: quick, and it decides what the task says. */
      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                NULL, NULL);
      if (info == NULL ||
          (guint64) g_file_info_get_size (info) > evb_session_get_embed_size_limit (self))
        return NULL;
    }
  return g_object_ref (evb_document_get_store (self->document));
}

static void
start_next_file (EvbSession *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  PendingFile *pending;

  if (self->current_file != NULL || self->exporting || is_closed (self))
    return;

  pending = g_queue_pop_head (&self->pending_files);
  if (pending == NULL)
    {
      set_task (self, NULL, 0);
      return;
    }

  self->current_file = pending;
  name = g_file_get_basename (pending->file);
  pending->embed_store = choose_embed_store (self, pending->file, pending->embed);
  if (pending->embed_store != NULL)
    /* Translators: shown while a file is copied into the board file */
    text = g_strdup_printf (_("Keeping a copy of “%s” in the board…"), name);
  else
    /* Translators: shown while a file is read to compute its SHA-256 */
    text = g_strdup_printf (_("Computing the SHA-256 of “%s”…"), name);
  set_task (self, text, 0);

  task = g_task_new (self, ensure_task_cancellable (self), file_hashed_cb, NULL);
  g_task_set_task_data (task, pending, (GDestroyNotify) pending_file_release);
  g_task_run_in_thread (task, hash_thread);
}

guint64
evb_session_get_embed_size_limit (EvbSession *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  g_return_val_if_fail (EVB_IS_SESSION (self), 0);

  if (self->embed_size_limit != G_MAXUINT64)
    return self->embed_size_limit;
  /* Without the installed schema (a test, an uninstalled build): the
   * default. */
  schema = source != NULL ? g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE) : NULL;
  if (schema == NULL || !g_settings_schema_has_key (schema, "embed-size-limit"))
    return EVB_SESSION_DEFAULT_EMBED_SIZE_LIMIT;
  settings = g_settings_new (APPLICATION_ID);
  return g_settings_get_uint64 (settings, "embed-size-limit");
}

void
evb_session_set_embed_size_limit (EvbSession *self,
                                  guint64     limit)
{
  g_return_if_fail (EVB_IS_SESSION (self));

  self->embed_size_limit = limit;
}

void
evb_session_attach_files (EvbSession *self,
                          GSList     *files,
                          double      x,
                          double      y,
                          const char *node_id)
{
  evb_session_attach_files_full (self, files, x, y, node_id, EVB_SESSION_EMBED_WITHIN_LIMIT);
}

void
evb_session_attach_files_full (EvbSession      *self,
                               GSList          *files,
                               double           x,
                               double           y,
                               const char      *node_id,
                               EvbSessionEmbed  embed)
{
  g_return_if_fail (EVB_IS_SESSION (self));

  if (is_closed (self))
    return;
  for (GSList *l = files; l != NULL; l = l->next)
    {
      PendingFile *pending = g_atomic_rc_box_new0 (PendingFile);

      g_mutex_init (&pending->lock);
      pending->file = g_object_ref (l->data);
      pending->x = (int) x;
      pending->y = (int) y;
      pending->node_id = g_strdup (node_id);
      pending->embed = embed;
      g_queue_push_tail (&self->pending_files, pending);
      x += 30;
      y += EVB_NODE_DEFAULT_HEIGHT + 20;
    }
  start_next_file (self);
}

void
evb_session_cancel_task (EvbSession *self)
{
  g_return_if_fail (EVB_IS_SESSION (self));

  g_queue_clear_full (&self->pending_files, (GDestroyNotify) pending_file_release);
  if (self->task_cancellable != NULL)
    g_cancellable_cancel (self->task_cancellable);
}

/* Image export. Drawing a big board takes a while, so it runs in a thread
 * on a copy of the board (the person may go on editing) with a snapshot of
 * the attachment state (the picture shows what the screen shows); the file
 * appears only when it is complete. */

typedef struct
{
  char             *json;
  char             *path;
  EvbExportFormat   format;
  EvbExportOptions  options;
  GStrv             node_ids;
  GStrv             dimmed_ids;
  char             *filter_description;
  gboolean          report;     /* a report in report_format, not a picture */
  EvbReportFormat   report_format;
  EvbSession       *session;
  GTask            *task;       /* not owned: the task owns the job */
  GMutex            lock;       /* guards fraction, queued, last_update */
  double            fraction;
  gboolean          queued;
  gint64            last_update;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->json);
  g_free (job->path);
  g_strfreev (job->node_ids);
  g_strfreev (job->dimmed_ids);
  g_free (job->filter_description);
  g_clear_object (&job->options.attachments);
  g_clear_object (&job->session);
  g_mutex_clear (&job->lock);
  g_free (job);
}

static gboolean
export_progress_update_cb (gpointer user_data)
{
  ExportJob *job = g_task_get_task_data (user_data);
  double fraction;

  g_mutex_lock (&job->lock);
  fraction = job->fraction;
  job->queued = FALSE;
  g_mutex_unlock (&job->lock);
  if (job->session->exporting && !is_closed (job->session))
    set_task (job->session, job->session->task, fraction);
  return G_SOURCE_REMOVE;
}

/* Runs in the exporting thread; as the hashing progress, at most one
 * update waits for the main loop, and none sooner than PROGRESS_INTERVAL.
 * The idle holds the task, which holds the job. */
static void
export_progress_cb (double   fraction,
                    gpointer user_data)
{
  ExportJob *job = user_data;

  g_mutex_lock (&job->lock);
  job->fraction = fraction;
  if (!job->queued && g_get_monotonic_time () - job->last_update >= PROGRESS_INTERVAL)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      job->queued = TRUE;
      job->last_update = g_get_monotonic_time ();
      g_source_set_callback (source, export_progress_update_cb, g_object_ref (job->task), g_object_unref);
      g_source_attach (source, job->session->context);
    }
  g_mutex_unlock (&job->lock);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(EvbBoard) board = NULL;
  GError *error = NULL;

  board = evb_json_read_board (job->json, strlen (job->json), &error);
  if (board == NULL ||
      (job->report
       ? !evb_report_to_file (board, job->path, job->report_format, &job->options, cancellable, &error)
       : !evb_export_to_file (board, job->path, job->format, &job->options, cancellable, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  EvbSession *self = EVB_SESSION (source);
  g_autoptr(GTask) outer = user_data;
  GError *error = NULL;

  set_exporting (self, FALSE);
  set_task (self, NULL, 0);
  start_next_file (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (outer, error);
  else
    g_task_return_boolean (outer, TRUE);
}

static void start_export (EvbSession             *self,
                          GFile                  *file,
                          EvbExportFormat         format,
                          gboolean                report,
                          EvbReportFormat         report_format,
                          const EvbExportOptions *options,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data);

void
evb_session_export_image_async (EvbSession             *self,
                                GFile                  *file,
                                EvbExportFormat         format,
                                const EvbExportOptions *options,
                                GAsyncReadyCallback     callback,
                                gpointer                user_data)
{
  g_return_if_fail (EVB_IS_SESSION (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (options != NULL);

  start_export (self, file, format, FALSE, EVB_REPORT_PDF, options, callback, user_data);
}

/* A report is exported as a picture is, and reports the same way. */
void
evb_session_export_report_async (EvbSession             *self,
                                 GFile                  *file,
                                 EvbReportFormat         format,
                                 const EvbExportOptions *options,
                                 GAsyncReadyCallback     callback,
                                 gpointer                user_data)
{
  g_return_if_fail (EVB_IS_SESSION (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (options != NULL);

  start_export (self, file, EVB_EXPORT_PDF, TRUE, format, options, callback, user_data);
}

static void
start_export (EvbSession             *self,
              GFile                  *file,
              EvbExportFormat         format,
              gboolean                report,
              EvbReportFormat         report_format,
              const EvbExportOptions *options,
              GAsyncReadyCallback     callback,
              gpointer                user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  ExportJob *job;

  outer = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (outer, evb_session_export_image_async);
  g_task_set_task_data (outer, g_object_ref (file), g_object_unref);
  if (is_closed (self))
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The board is closed"));
      return;
    }
  if (self->exporting || self->current_file != NULL)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_BUSY, "%s", g_strerror (EBUSY));
      return;
    }

  job = g_new0 (ExportJob, 1);
  job->json = evb_json_write_board (evb_session_get_board (self), NULL);
  job->path = g_file_get_path (file);
  job->format = format;
  job->report = report;
  job->report_format = report_format;
  job->options = *options;
  job->node_ids = g_strdupv ((char **) options->node_ids);
  job->options.node_ids = (const char * const *) job->node_ids;
  job->dimmed_ids = g_strdupv ((char **) options->dimmed_ids);
  job->options.dimmed_ids = (const char * const *) job->dimmed_ids;
  job->filter_description = g_strdup (options->filter_description);
  job->options.filter_description = job->filter_description;
  job->options.attachments = evb_attachment_state_copy (self->attachments, NULL);
  job->session = g_object_ref (self);
  g_mutex_init (&job->lock);
  job->options.progress = export_progress_cb;
  job->options.progress_data = job;

  name = g_file_get_basename (file);
  /* Translators: %s is a file name */
  text = g_strdup_printf (_("Exporting “%s”…"), name);
  set_exporting (self, TRUE);
  set_task (self, text, 0);

  task = g_task_new (self, ensure_task_cancellable (self), export_done_cb, g_steal_pointer (&outer));
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  job->task = task;
  g_task_run_in_thread (task, export_thread);
}

GFile *
evb_session_export_image_finish (EvbSession    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return g_object_ref (g_task_get_task_data (G_TASK (result)));
}

/* Closing */

static void
stop_everything (EvbSession *self)
{
  g_cancellable_cancel (self->cancellable);
  evb_session_cancel_task (self);
  g_queue_clear_full (&self->thumbnail_jobs, (GDestroyNotify) thumbnail_job_free);
}

gboolean
evb_session_close (EvbSession  *self,
                   GError     **error)
{
  g_return_val_if_fail (EVB_IS_SESSION (self), FALSE);

  if (is_closed (self))
    return TRUE;
  stop_everything (self);
  set_exporting (self, FALSE);
  set_task (self, NULL, 0);
  return evb_document_close (self->document, error);
}

/* The filter */

static EvbAttachmentStatus
filter_attachment_status (const EvbNodeData *data,
                          gpointer           user_data)
{
  EvbSession *self = user_data;

  return evb_attachment_state_lookup_status (self->attachments, data);
}

static void
drop_filter_matches (EvbSession *self)
{
  g_clear_pointer (&self->filter_matches, g_hash_table_unref);
  self->filter_stale = TRUE;
}

static void
emit_filter_changed (EvbSession *self)
{
  g_clear_handle_id (&self->filter_idle, g_source_remove);
  self->filter_stale = FALSE;
  g_signal_emit (self, signals[FILTER_CHANGED], 0);
}

static gboolean
filter_idle_cb (gpointer data)
{
  EvbSession *self = data;

  self->filter_idle = 0;
  emit_filter_changed (self);
  return G_SOURCE_REMOVE;
}

/* A check of every attachment sets statuses one card at a time: the
 * views hear of it once. */
static void
queue_filter_changed (EvbSession *self)
{
  drop_filter_matches (self);
  if (self->filter_idle == 0)
    self->filter_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, filter_idle_cb, self, NULL);
}

static void
filter_changed_cb (EvbSession *self)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  drop_filter_matches (self);
  emit_filter_changed (self);
  if (is_closed (self))
    return;
  /* Kept with the board, as a view setting: no undo step. */
  text = evb_filter_to_string (self->filter);
  if (!evb_document_put_setting (self->document, "filter",
                                 g_str_equal (text, "{}") ? NULL : text, &error))
    g_warning ("Could not keep the filter with the board: %s", error->message);
}

static void
filter_node_changed_cb (EvbSession *self)
{
  drop_filter_matches (self);
}

static void
filter_committed_cb (EvbSession *self)
{
  if (self->filter_stale && evb_filter_is_active (self->filter))
    emit_filter_changed (self);
}

static void
filter_assessment_changed_cb (EvbSession *self)
{
  if (evb_filter_get_likelihoods (self->filter) != 0)
    queue_filter_changed (self);
}

static void
filter_status_changed_cb (EvbSession *self)
{
  if (evb_filter_get_attachments (self->filter) != 0)
    queue_filter_changed (self);
}

static void
set_up_filter (EvbSession *self)
{
  EvbBoard *board = evb_document_get_board (self->document);
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = evb_document_get_setting (self->document, "filter", &error);

  self->filter = evb_filter_new ();
  /* A filter this version cannot read is dropped: it is a view, and the
   * board is whole without it. */
  if (saved != NULL && !evb_filter_load (self->filter, saved, &error))
    g_message ("The board’s saved filter was ignored: %s", error->message);
  else if (error != NULL)
    g_message ("%s", error->message);
  self->filter_stale = TRUE;

  g_signal_connect_swapped (self->filter, "changed", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (board, "node-added", G_CALLBACK (filter_node_changed_cb), self);
  g_signal_connect_swapped (board, "node-removed", G_CALLBACK (filter_node_changed_cb), self);
  g_signal_connect_swapped (board, "node-changed", G_CALLBACK (filter_node_changed_cb), self);
  g_signal_connect_swapped (board, "committed", G_CALLBACK (filter_committed_cb), self);
  g_signal_connect_swapped (self->assessment, "changed", G_CALLBACK (filter_assessment_changed_cb), self);
  g_signal_connect_swapped (self->attachments, "status-changed", G_CALLBACK (filter_status_changed_cb),
                            self);
}

/* The key the timeline's lanes are kept under, and the one value it
 * holds: the default (by evidence type) is kept as no setting at all. */
#define TIMELINE_LANES_KEY "timeline-lanes"
#define TIMELINE_LANES_SOURCE "source"

static void
load_timeline_lanes (EvbSession *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = evb_document_get_setting (self->document, TIMELINE_LANES_KEY, &error);

  if (error != NULL)
    g_message ("%s", error->message);
  /* Anything else (a value of a newer version, say) is the default. */
  self->timeline_lanes = g_strcmp0 (saved, TIMELINE_LANES_SOURCE) == 0
                         ? EVB_TIMELINE_LANES_SOURCE : EVB_TIMELINE_LANES_TYPE;
}

/* GObject */

static void
evb_session_constructed (GObject *object)
{
  EvbSession *self = EVB_SESSION (object);
  EvbBoard *board = evb_document_get_board (self->document);

  G_OBJECT_CLASS (evb_session_parent_class)->constructed (object);

  self->selection = evb_selection_new (board);
  self->attachments = evb_attachment_state_new (board);
  self->assessment = evb_assessment_new (board);
  set_up_filter (self);
  load_timeline_lanes (self);
  /* The stored thumbnails come from whoever made the session (read in the
   * opening thread, or by evb_session_new()) before the main loop runs
   * again, so before the check below can ask which are missing. */
  evb_session_check_attachments (self);
}

static void
evb_session_dispose (GObject *object)
{
  EvbSession *self = EVB_SESSION (object);

  stop_everything (self);
  g_clear_pointer (&self->thumbnail_making, g_free);
  g_clear_handle_id (&self->filter_idle, g_source_remove);
  g_clear_pointer (&self->filter_matches, g_hash_table_unref);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (evb_document_get_board (self->document), self);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_object (&self->filter);
  if (self->assessment != NULL)
    g_signal_handlers_disconnect_by_data (self->assessment, self);
  if (self->attachments != NULL)
    g_signal_handlers_disconnect_by_data (self->attachments, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->attachments);
  g_clear_object (&self->assessment);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (evb_session_parent_class)->dispose (object);
}

static void
evb_session_finalize (GObject *object)
{
  EvbSession *self = EVB_SESSION (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->task_cancellable);
  g_clear_pointer (&self->task, g_free);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (evb_session_parent_class)->finalize (object);
}

static void
evb_session_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  EvbSession *self = EVB_SESSION (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_TASK:
      g_value_set_string (value, self->task);
      break;
    case PROP_TASK_PROGRESS:
      g_value_set_double (value, self->task_progress);
      break;
    case PROP_EXPORTING:
      g_value_set_boolean (value, self->exporting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
evb_session_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  EvbSession *self = EVB_SESSION (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      self->document = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
evb_session_class_init (EvbSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = evb_session_constructed;
  object_class->dispose = evb_session_dispose;
  object_class->finalize = evb_session_finalize;
  object_class->get_property = evb_session_get_property;
  object_class->set_property = evb_session_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, EVB_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TASK] =
    g_param_spec_string ("task", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TASK_PROGRESS] =
    g_param_spec_double ("task-progress", NULL, NULL, -1, 1, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EXPORTING] =
    g_param_spec_boolean ("exporting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ATTACHMENTS_CHECKED] =
    g_signal_new ("attachments-checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[THUMBNAIL_MADE] =
    g_signal_new ("thumbnail-made", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[ATTACH_FAILED] =
    g_signal_new ("attach-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_FILE, G_TYPE_ERROR);
  signals[FILTER_CHANGED] =
    g_signal_new ("filter-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
evb_session_init (EvbSession *self)
{
  self->cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
  self->embed_size_limit = G_MAXUINT64;
}

EvbSession *
evb_session_new (EvbDocument *document)
{
  g_autoptr(GHashTable) thumbnails = NULL;

  g_return_val_if_fail (EVB_IS_DOCUMENT (document), NULL);

  thumbnails = evb_thumbnail_load_from_store (evb_document_get_store (document),
                                              evb_document_get_board (document));
  return _evb_session_new_with_thumbnails (document, thumbnails);
}

EvbSession *
_evb_session_new_with_thumbnails (EvbDocument *document,
                                  GHashTable  *thumbnails)
{
  EvbSession *self = g_object_new (EVB_TYPE_SESSION, "document", document, NULL);
  GHashTableIter iter;
  gpointer sha256, texture;

  g_hash_table_iter_init (&iter, thumbnails);
  while (g_hash_table_iter_next (&iter, &sha256, &texture))
    evb_attachment_state_set_thumbnail (self->attachments, sha256, texture);
  return self;
}

GCancellable *
_evb_session_get_cancellable (EvbSession *self)
{
  return self->cancellable;
}

EvbDocument *
evb_session_get_document (EvbSession *self)
{
  g_return_val_if_fail (EVB_IS_SESSION (self), NULL);
  return self->document;
}

EvbBoard *
evb_session_get_board (EvbSession *self)
{
  g_return_val_if_fail (EVB_IS_SESSION (self), NULL);
  return evb_document_get_board (self->document);
}

EvbSelection *
evb_session_get_selection (EvbSession *self)
{
  g_return_val_if_fail (EVB_IS_SESSION (self), NULL);
  return self->selection;
}

EvbAttachmentState *
evb_session_get_attachments (EvbSession *self)
{
  g_return_val_if_fail (EVB_IS_SESSION (self), NULL);
  return self->attachments;
}

EvbAssessment *
evb_session_get_assessment (EvbSession *self)
{
  g_return_val_if_fail (EVB_IS_SESSION (self), NULL);
  return self->assessment;
}

EvbFilter *
evb_session_get_filter (EvbSession *self)
{
  g_return_val_if_fail (EVB_IS_SESSION (self), NULL);
  return self->filter;
}

GHashTable *
evb_session_get_filter_matches (EvbSession *self)
{
  g_return_val_if_fail (EVB_IS_SESSION (self), NULL);

  if (!evb_filter_is_active (self->filter))
    return NULL;
  if (self->filter_matches == NULL)
    {
      EvbFilterContext context = { self->assessment, filter_attachment_status, self };

      self->filter_matches = evb_filter_find (self->filter, evb_document_get_board (self->document),
                                              &context);
    }
  return self->filter_matches;
}

const char *
evb_session_get_task (EvbSession *self)
{
  g_return_val_if_fail (EVB_IS_SESSION (self), NULL);
  return self->task;
}

double
evb_session_get_task_progress (EvbSession *self)
{
  g_return_val_if_fail (EVB_IS_SESSION (self), 0);
  return self->task_progress;
}

gboolean
evb_session_get_exporting (EvbSession *self)
{
  g_return_val_if_fail (EVB_IS_SESSION (self), FALSE);
  return self->exporting;
}

gboolean
evb_session_get_busy (EvbSession *self)
{
  g_return_val_if_fail (EVB_IS_SESSION (self), FALSE);
  return self->current_file != NULL || self->exporting;
}

EvbTimelineLanes
evb_session_get_timeline_lanes (EvbSession *self)
{
  g_return_val_if_fail (EVB_IS_SESSION (self), EVB_TIMELINE_LANES_TYPE);
  return self->timeline_lanes;
}

void
evb_session_set_timeline_lanes (EvbSession       *self,
                                EvbTimelineLanes  lanes)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (EVB_IS_SESSION (self));
  g_return_if_fail (lanes == EVB_TIMELINE_LANES_TYPE || lanes == EVB_TIMELINE_LANES_SOURCE);

  if (self->timeline_lanes == lanes)
    return;
  self->timeline_lanes = lanes;
  if (is_closed (self))
    return;
  /* Kept with the board, as the filter is: no undo step. */
  if (!evb_document_put_setting (self->document, TIMELINE_LANES_KEY,
                                 lanes == EVB_TIMELINE_LANES_SOURCE ? TIMELINE_LANES_SOURCE : NULL, &error))
    g_warning ("Could not keep the timeline’s lanes with the board: %s", error->message);
}
