/* evb-document.c: a board the app is editing (working copy and write-back)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How saving works (docs/DESIGN.md, "The board file"):
 *
 * - The user's file is never edited in place. Opening validates it
 *   read-only and copies it into a working copy,
 *   $XDG_DATA_HOME/evidence-board/working/<uuid>.evboard: every row but the
 *   bytes of the files kept in it (evb_store_copy_without_blobs), which
 *   could be gigabytes; the working copy's store reads those from the
 *   user's file (evb_store_set_blob_source). The board's commits go to the
 *   working copy at once (WAL, one SQLite transaction per undo step), so
 *   whatever the screen shows is on disk.
 * - A short time after each commit (write-back-delay, 1 s) the working copy
 *   is written back in a GTask thread (evb_store_write_back_file, through a
 *   read connection of its own: WAL lets the store go on committing), and
 *   on close synchronously (evb_store_write_back_to): a temporary file beside
 *   the user's file, synced, then renamed over it. A board holding files
 *   kept inside it (possibly gigabytes) is instead written in place, in one
 *   SQLite transaction with a rollback journal that copies only the files
 *   the user's file lacks (evb-store-write-back.c). The user's file is
 *   always the old complete board or the new complete one; this also works
 *   on USB sticks, network shares and behind the Flatpak document portal,
 *   whose FUSE files break SQLite's locking. A mutex around each copy
 *   makes the later snapshot also the later rename; a generation count of
 *   written steps says whether a finished copy holds everything (saved).
 * - Beside each working copy a sidecar key file, <uuid>.ini, records the
 *   user's file (URI), the board's title, and a state: "saved" when the
 *   user's file has everything, "unsaved" otherwise. The store's
 *   "will-write" signal marks it unsaved *before* a step is written, and a
 *   successful write-back marks it saved, so a crash at any moment leaves a
 *   sidecar that says "unsaved" whenever the working copy may be ahead.
 * - A lock file per user file, <sha256 of the file's URI>.lock in the same
 *   folder, is held with flock() while a document is open. The kernel drops
 *   the lock when the process dies, so there are no stale locks to guess
 *   about (PIDs would be, and Flatpak gives every instance its own PID
 *   namespace). A second opener, in this process or another, gets
 *   EVB_ERROR_BUSY. The lock file holds the PID only to name it in messages.
 * - A write-back killed halfway leaves its temporary file beside the user's
 *   file; the next document to take the lock removes it (evb-temp-file.c:
 *   only files with our marker whose maker is gone, never the person's).
 * - evb_document_close writes back and, if that worked, deletes the working
 *   copy and sidecar. A document dropped without close (or a crash) leaves
 *   them; evb_document_list_recoverable finds every working copy whose lock
 *   is free, and evb_document_recover reopens one and writes it back.
 * - If a write-back fails (read-only folder, full disk, unplugged stick),
 *   write-error is set, saved stays FALSE and the working copy keeps
 *   everything; the document tries again after 1 s, 2 s, 4 s … (at most a
 *   minute apart), and at the next commit or close.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "evb-document.h"
#include "evb-error.h"
#include "evb-store-blobs.h"
#include "evb-temp-file.h"

#define SIDECAR_GROUP "Working Copy"
/* After a failed write-back (full disk, unplugged stick), the next try
 * comes by itself after 1 s, then 2, 4 … up to a minute, and with the
 * next edit at the latest. */
#define RETRY_DELAY_MIN 1000  /* milliseconds */
#define RETRY_DELAY_MAX 60000
#define STATE_SAVED   "saved"
#define STATE_UNSAVED "unsaved"

struct _EvbDocument
{
  GObject    parent_instance;

  GFile     *file;
  char      *user_path;
  char      *uri;
  char      *working_path;
  char      *sidecar_path;
  char      *lock_path;
  int        lock_fd;

  EvbStore  *store;
  EvbBoard  *board;
  gulong     committed_id;
  gulong     will_write_id;

  guint      write_back_delay;
  guint      write_back_source;
  guint      retry_delay; /* of the next retry; 0 after a write-back worked */
  /* Counts the steps written to the working copy; a write-back that saw an
   * older count has not saved everything. */
  guint64    generation;
  gboolean   writing;
  gboolean   write_again;
  /* Held around each copy to the user's file, so that of two write-backs
   * the later one (with the newer snapshot) also renames last. */
  GMutex     write_lock;
  /* Save As re-points the document at another file: each write-back
   * carries the epoch of the file it was started for, and one whose epoch
   * Save As has retired (under write_lock, atomic) writes nothing, so the
   * old file is never written again once the new one has the board. */
  int        epoch;
  int        retired_epoch;
  gboolean   saving_as;
  GCancellable *cancellable;
  gboolean   saved;
  gboolean   sidecar_saved;
  char      *sidecar_title;
  GError    *write_error;
  gboolean   closed;
};

G_DEFINE_FINAL_TYPE (EvbDocument, evb_document, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_FILE,
  PROP_BOARD,
  PROP_SAVED,
  PROP_WRITE_ERROR,
  PROP_WRITE_BACK_DELAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static char *
get_working_dir (GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "evidence-board",
                                           "working", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (dir);

      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not create the folder “%s”: %s"),
                   display, g_strerror (saved_errno));
      return NULL;
    }
  return g_steal_pointer (&dir);
}

static char *
lock_path_for_uri (const char *working_dir,
                   const char *uri)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, uri, -1);
  g_autofree char *name = g_strconcat (hash, ".lock", NULL);

  return g_build_filename (working_dir, name, NULL);
}

/* Who holds the lock of a user's file: the lock file says so on its
 * second line, so that a second opener can be told what is in its way. */
#define HOLDER_WINDOW  "window"
#define HOLDER_COMMAND "command"

static void
set_busy_error (GError     **error,
                const char  *display_name,
                const char  *contents)
{
  g_auto(GStrv) lines = g_strsplit (contents, "\n", 3);
  const char *pid = lines[0] != NULL ? g_strstrip (lines[0]) : "";
  gboolean command = lines[0] != NULL && lines[1] != NULL &&
                     g_str_equal (g_strstrip (lines[1]), HOLDER_COMMAND);

  /* Our own process: the PID would say nothing. */
  if (pid[0] != '\0' && atol (pid) == (long) getpid ())
    pid = "";

  if (command && pid[0] != '\0')
    g_set_error (error, EVB_ERROR, EVB_ERROR_BUSY,
                 _("“%s” is being written by another Evidence Board command (process %s); "
                   "try again when it has finished"), display_name, pid);
  else if (command)
    g_set_error (error, EVB_ERROR, EVB_ERROR_BUSY,
                 _("“%s” is being written by another Evidence Board command; "
                   "try again when it has finished"), display_name);
  else if (pid[0] != '\0')
    g_set_error (error, EVB_ERROR, EVB_ERROR_BUSY,
                 _("“%s” is already open in another window of Evidence Board "
                   "(process %s)"), display_name, pid);
  else
    g_set_error (error, EVB_ERROR, EVB_ERROR_BUSY,
                 _("“%s” is already open in another window"), display_name);
}

/* Takes the lock of a user's file for holder; returns its descriptor or
 * -1. */
static int
acquire_lock (const char  *lock_path,
              const char  *holder,
              const char  *display_name,
              GError     **error)
{
  for (guint attempt = 0; attempt < 10; attempt++)
    {
      struct stat fd_st, path_st;
      int fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

      if (fd < 0)
        {
          int saved_errno = errno;

          g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not lock “%s”: %s"),
                       display_name, g_strerror (saved_errno));
          return -1;
        }

      if (flock (fd, LOCK_EX | LOCK_NB) != 0)
        {
          int saved_errno = errno;
          char contents[64] = "";
          gssize n;

          if (saved_errno != EWOULDBLOCK)
            {
              close (fd);
              g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not lock “%s”: %s"),
                           display_name, g_strerror (saved_errno));
              return -1;
            }

          n = pread (fd, contents, sizeof contents - 1, 0);
          close (fd);
          contents[MAX (n, 0)] = '\0';
          set_busy_error (error, display_name, contents);
          return -1;
        }

      /* The holder may have unlinked the file between our open and flock:
       * then we locked an orphan and must try again with the new one. */
      if (fstat (fd, &fd_st) == 0 && g_stat (lock_path, &path_st) == 0 &&
          fd_st.st_dev == path_st.st_dev && fd_st.st_ino == path_st.st_ino)
        {
          g_autofree char *pid = g_strdup_printf ("%ld\n%s\n", (long) getpid (), holder);

          if (ftruncate (fd, 0) == 0)
            {
              gssize written G_GNUC_UNUSED = pwrite (fd, pid, strlen (pid), 0);
            }
          return fd;
        }
      close (fd);
    }

  g_set_error (error, EVB_ERROR, EVB_ERROR_BUSY, _("Could not lock “%s”"), display_name);
  return -1;
}

static void
release_lock (char **lock_path,
              int   *fd)
{
  /* Unlinked while still held, so nobody can lock the old inode meanwhile
   * (acquire_lock checks that it locked the file that has the name). */
  if (*fd >= 0 && *lock_path != NULL)
    g_unlink (*lock_path);
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
  g_clear_pointer (lock_path, g_free);
}

static void
remove_working_copy (const char *working_path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (working_path, suffixes[i], NULL);
      g_unlink (name);
    }
}

static char *
sidecar_path_for (const char *working_path)
{
  g_autofree char *stem = NULL;

  g_assert (g_str_has_suffix (working_path, ".evboard"));
  stem = g_strndup (working_path, strlen (working_path) - strlen (".evboard"));
  return g_strconcat (stem, ".ini", NULL);
}

static gboolean
write_sidecar (EvbDocument  *self,
               gboolean      saved,
               GError      **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *contents = NULL;
  gsize length;

  g_key_file_set_string (key_file, SIDECAR_GROUP, "uri", self->uri);
  g_key_file_set_string (key_file, SIDECAR_GROUP, "state", saved ? STATE_SAVED : STATE_UNSAVED);
  if (self->board != NULL)
    {
      g_key_file_set_string (key_file, SIDECAR_GROUP, "title", evb_board_get_title (self->board));
      if (evb_board_get_modified (self->board) != NULL)
        g_key_file_set_string (key_file, SIDECAR_GROUP, "modified",
                               evb_board_get_modified (self->board));
    }

  contents = g_key_file_to_data (key_file, &length, NULL);
  if (!g_file_set_contents (self->sidecar_path, contents, length, error))
    return FALSE;
  self->sidecar_saved = saved;
  g_free (self->sidecar_title);
  self->sidecar_title = self->board != NULL ? g_strdup (evb_board_get_title (self->board)) : NULL;
  return TRUE;
}

static void
set_saved (EvbDocument *self,
           gboolean     saved)
{
  if (self->saved == saved)
    return;
  self->saved = saved;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVED]);
}

static void
set_write_error (EvbDocument  *self,
                 const GError *error)
{
  if (self->write_error == NULL && error == NULL)
    return;
  g_clear_error (&self->write_error);
  if (error != NULL)
    self->write_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRITE_ERROR]);
}

/* Signal callbacks */

typedef struct
{
  char    *working_path;
  char    *user_path;
  guint64  generation;
  int      epoch;
} WriteBack;

static void
write_back_free (WriteBack *write_back)
{
  g_free (write_back->working_path);
  g_free (write_back->user_path);
  g_free (write_back);
}

static void
mark_saved (EvbDocument *self)
{
  g_autoptr(GError) error = NULL;

  /* Only now does the user's file have everything. If recording that
   * fails, the sidecar still says unsaved: a needless recovery offer at
   * worst, never a lost edit. */
  if (!write_sidecar (self, TRUE, &error))
    g_warning ("Could not update the working copy's record: %s", error->message);
  self->retry_delay = 0;
  set_write_error (self, NULL);
  set_saved (self, TRUE);
}

static void schedule_write_back (EvbDocument *self);
static void schedule_retry (EvbDocument *self);

static void
write_back_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  EvbDocument *self = source_object;
  WriteBack *write_back = task_data;
  GError *error = NULL;
  gboolean ok;

  g_mutex_lock (&self->write_lock);
  /* Closed meanwhile: the working copy may be going away. */
  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    ok = FALSE;
  /* Saved As meanwhile: this file is not the board's any more. */
  else if (write_back->epoch <= g_atomic_int_get (&self->retired_epoch))
    ok = TRUE;
  else
    ok = evb_store_write_back_file (write_back->working_path, write_back->user_path, &error);
  g_mutex_unlock (&self->write_lock);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
write_back_done_cb (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  EvbDocument *self = EVB_DOCUMENT (source_object);
  WriteBack *write_back = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  self->writing = FALSE;
  /* A close meanwhile wrote back itself. */
  if (self->closed)
    return;

  /* Started for the file before a Save As: the new file's write-back,
   * if it needs one, is scheduled by the Save As. */
  if (write_back->epoch != self->epoch)
    {
      if (self->write_again)
        {
          self->write_again = FALSE;
          schedule_write_back (self);
        }
      return;
    }

  if (!ok)
    set_write_error (self, error);
  else if (write_back->generation == self->generation)
    mark_saved (self);
  else
    self->write_again = TRUE; /* steps came in while it copied */

  if (self->write_again)
    {
      self->write_again = FALSE;
      schedule_write_back (self);
    }
  else if (!ok)
    schedule_retry (self);
}

/* Copies the working copy to the user's file in a thread: on a slow USB
 * stick or network share this takes seconds, and the window must not
 * freeze. The store goes on committing meanwhile. */
static void
start_write_back (EvbDocument *self)
{
  g_autoptr(GTask) task = NULL;
  WriteBack *write_back;

  if (self->writing)
    {
      self->write_again = TRUE;
      return;
    }

  write_back = g_new0 (WriteBack, 1);
  write_back->working_path = g_strdup (self->working_path);
  write_back->user_path = g_strdup (self->user_path);
  write_back->generation = self->generation;
  write_back->epoch = self->epoch;

  self->writing = TRUE;
  task = g_task_new (self, self->cancellable, write_back_done_cb, NULL);
  g_task_set_source_tag (task, start_write_back);
  g_task_set_name (task, "[evb] document write-back");
  g_task_set_task_data (task, write_back, (GDestroyNotify) write_back_free);
  g_task_run_in_thread (task, write_back_thread);
}

static void
will_write_cb (EvbStore    *store,
               EvbDocument *self)
{
  g_autoptr(GError) error = NULL;

  self->generation++;

  /* Before the step reaches the working copy, so a crash right after it
   * never leaves a sidecar claiming the user's file has everything. */
  if (self->sidecar_saved && !write_sidecar (self, FALSE, &error))
    g_warning ("Could not update the working copy's record: %s", error->message);
}

static gboolean
write_back_timeout_cb (gpointer user_data)
{
  EvbDocument *self = user_data;

  self->write_back_source = 0;
  start_write_back (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_write_back (EvbDocument *self)
{
  g_clear_handle_id (&self->write_back_source, g_source_remove);
  self->write_back_source = g_timeout_add (self->write_back_delay, write_back_timeout_cb, self);
  g_source_set_name_by_id (self->write_back_source, "[evb] document write-back");
}

/* Space may come back without another edit (the person empties the bin):
 * then the error banner must go, and the user's file catch up, by itself. */
static void
schedule_retry (EvbDocument *self)
{
  self->retry_delay = CLAMP (self->retry_delay * 2, RETRY_DELAY_MIN, RETRY_DELAY_MAX);
  g_clear_handle_id (&self->write_back_source, g_source_remove);
  self->write_back_source = g_timeout_add (self->retry_delay, write_back_timeout_cb, self);
  g_source_set_name_by_id (self->write_back_source, "[evb] document write-back retry");
}

static void
committed_cb (EvbBoard    *board,
              EvbDocument *self)
{
  g_autoptr(GError) error = NULL;

  /* The title is what a recovery offer shows; it rarely changes. */
  if (g_strcmp0 (self->sidecar_title, evb_board_get_title (board)) != 0 &&
      !write_sidecar (self, self->sidecar_saved, &error))
    g_warning ("Could not update the working copy's record: %s", error->message);

  set_saved (self, FALSE);
  schedule_write_back (self);
}

/* Shuts the document down without writing back; the working copy and its
 * sidecar stay unless delete_working_copy. */
static void
shut_down (EvbDocument *self,
           gboolean     delete_working_copy)
{
  g_clear_handle_id (&self->write_back_source, g_source_remove);
  if (self->board != NULL)
    g_clear_signal_handler (&self->committed_id, self->board);
  /* The board may outlive us (the window holds it): closing the store makes
   * it refuse further edits instead of writing them into a working copy
   * nobody will write back. */
  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->will_write_id, self->store);
      evb_store_close (self->store);
    }
  g_cancellable_cancel (self->cancellable);
  if (delete_working_copy && self->working_path != NULL)
    {
      g_mutex_lock (&self->write_lock);
      remove_working_copy (self->working_path);
      g_unlink (self->sidecar_path);
      g_mutex_unlock (&self->write_lock);
    }
  release_lock (&self->lock_path, &self->lock_fd);
  self->closed = TRUE;
}

/* GObject */

static void
evb_document_dispose (GObject *object)
{
  EvbDocument *self = EVB_DOCUMENT (object);

  /* Dropped without evb_document_close: like a crash, the working copy
   * stays and will be offered for recovery. */
  if (!self->closed)
    shut_down (self, FALSE);
  g_clear_object (&self->board);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (evb_document_parent_class)->dispose (object);
}

static void
evb_document_finalize (GObject *object)
{
  EvbDocument *self = EVB_DOCUMENT (object);

  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_free (self->user_path);
  g_free (self->uri);
  g_free (self->working_path);
  g_free (self->sidecar_path);
  g_free (self->lock_path);
  g_free (self->sidecar_title);
  g_clear_error (&self->write_error);
  g_mutex_clear (&self->write_lock);

  G_OBJECT_CLASS (evb_document_parent_class)->finalize (object);
}

static void
evb_document_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  EvbDocument *self = EVB_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_BOARD:
      g_value_set_object (value, self->board);
      break;
    case PROP_SAVED:
      g_value_set_boolean (value, self->saved);
      break;
    case PROP_WRITE_ERROR:
      g_value_set_boxed (value, self->write_error);
      break;
    case PROP_WRITE_BACK_DELAY:
      g_value_set_uint (value, self->write_back_delay);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
evb_document_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  EvbDocument *self = EVB_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_WRITE_BACK_DELAY:
      evb_document_set_write_back_delay (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
evb_document_class_init (EvbDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = evb_document_dispose;
  object_class->finalize = evb_document_finalize;
  object_class->get_property = evb_document_get_property;
  object_class->set_property = evb_document_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BOARD] =
    g_param_spec_object ("board", NULL, NULL, EVB_TYPE_BOARD,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAVED] =
    g_param_spec_boolean ("saved", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Set when a write-back failed, cleared by the next one that works: the
   * window shows it in a banner. */
  properties[PROP_WRITE_ERROR] =
    g_param_spec_boxed ("write-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WRITE_BACK_DELAY] =
    g_param_spec_uint ("write-back-delay", NULL, NULL, 0, G_MAXUINT,
                       EVB_DOCUMENT_DEFAULT_WRITE_BACK_DELAY,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
evb_document_init (EvbDocument *self)
{
  g_mutex_init (&self->write_lock);
  self->cancellable = g_cancellable_new ();
  self->lock_fd = -1;
  self->retired_epoch = -1;
  self->saved = TRUE;
  self->write_back_delay = EVB_DOCUMENT_DEFAULT_WRITE_BACK_DELAY;
}

/* Construction */

/* One lock for one file, whatever the path it was reached by; a file that
 * does not exist yet is named by the real path of its folder. */
static char *
canonical_path (const char *path)
{
  g_autofree char *real = realpath (path, NULL);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *real_dir = NULL;

  if (real != NULL)
    return g_steal_pointer (&real);
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  real_dir = realpath (dir, NULL);
  if (real_dir == NULL)
    return g_strdup (path);
  return g_build_filename (real_dir, base, NULL);
}

/* Takes the lock of the user's file; returns its descriptor, or -1. Fills
 * in the canonical path, its URI, the lock file and the working folder. */
static int
lock_user_file (GFile       *file,
                const char  *holder,
                char       **user_path,
                char       **uri,
                char       **lock_path,
                char       **working_dir,
                GError     **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *display = NULL;
  g_autoptr(GFile) canonical = NULL;
  int fd;

  if (path == NULL)
    {
      g_autofree char *parse_name = g_file_get_parse_name (file);

      g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                   _("Could not open “%s”: only files on this computer can be opened"),
                   parse_name);
      return -1;
    }

  *user_path = canonical_path (path);
  canonical = g_file_new_for_path (*user_path);
  *uri = g_file_get_uri (canonical);
  display = g_filename_display_name (*user_path);

  *working_dir = get_working_dir (error);
  if (*working_dir == NULL)
    return -1;

  *lock_path = lock_path_for_uri (*working_dir, *uri);
  fd = acquire_lock (*lock_path, holder, display, error);
  if (fd < 0)
    {
      g_clear_pointer (lock_path, g_free);
      return -1;
    }
  /* Only the holder of the board's lock writes beside it (a document, or
   * the CLI replacing the board): a temporary file of ours left there is a
   * write-back that was killed half way. */
  evb_temp_file_remove_stale_beside (*user_path);
  return fd;
}

/* Sets up file, paths and the lock of a new document for file. */
static EvbDocument *
document_new_for_file (GFile   *file,
                       GError **error)
{
  g_autoptr(EvbDocument) self = g_object_new (EVB_TYPE_DOCUMENT, NULL);
  g_autofree char *working_dir = NULL;

  self->lock_fd = lock_user_file (file, HOLDER_WINDOW, &self->user_path, &self->uri,
                                  &self->lock_path, &working_dir, error);
  if (self->lock_fd < 0)
    {
      self->closed = TRUE;
      return NULL;
    }
  self->file = g_file_new_for_path (self->user_path);

  {
    g_autofree char *uuid = g_uuid_string_random ();
    g_autofree char *name = g_strconcat (uuid, ".evboard", NULL);

    self->working_path = g_build_filename (working_dir, name, NULL);
    self->sidecar_path = sidecar_path_for (self->working_path);
  }

  return g_steal_pointer (&self);
}

/* Opens the working copy and hooks the board up to the write-back. */
static gboolean
open_working_copy (EvbDocument  *self,
                   EvbStore     *store,
                   GError      **error)
{
  self->store = store != NULL ? g_object_ref (store)
                              : evb_store_open (self->working_path, EVB_STORE_FLAGS_NONE, error);
  if (self->store == NULL)
    return FALSE;
  /* The files kept in the user's file stay there (a working copy is
   * opened without them, evb_store_copy_without_blobs) and are read from
   * there when needed. A recovered working copy whose user's file is gone
   * or was replaced reads what is still there, checked by SHA-256; the
   * cards whose files are not say so. */
  evb_store_set_blob_source (self->store, self->user_path);
  self->board = evb_store_load (self->store, error);
  if (self->board == NULL)
    return FALSE;

  self->will_write_id = g_signal_connect (self->store, "will-write",
                                          G_CALLBACK (will_write_cb), self);
  self->committed_id = g_signal_connect (self->board, "committed",
                                         G_CALLBACK (committed_cb), self);
  return TRUE;
}

/* Public API */

void
evb_recoverable_free (EvbRecoverable *recoverable)
{
  if (recoverable == NULL)
    return;
  g_free (recoverable->working_path);
  g_free (recoverable->uri);
  g_free (recoverable->title);
  g_free (recoverable->modified);
  g_free (recoverable);
}

EvbDocument *
evb_document_open (GFile   *file,
                   GError **error)
{
  g_autoptr(EvbDocument) self = NULL;
  g_autoptr(EvbStore) source = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = document_new_for_file (file, error);
  if (self == NULL)
    return NULL;

  /* Read-only open checks everything and never writes to the user's file.
   * The sidecar comes first so that no working copy is ever without one. */
  source = evb_store_open (self->user_path, EVB_STORE_FLAGS_READ_ONLY, error);
  if (source == NULL ||
      !write_sidecar (self, TRUE, error) ||
      !evb_store_copy_without_blobs (source, self->working_path, error))
    {
      shut_down (self, TRUE);
      return NULL;
    }
  evb_store_close (source);

  if (!open_working_copy (self, NULL, error) ||
      !write_sidecar (self, TRUE, error))
    {
      shut_down (self, TRUE);
      return NULL;
    }

  return g_steal_pointer (&self);
}

EvbDocument *
evb_document_new (GFile       *file,
                  const char  *title,
                  GError     **error)
{
  g_autoptr(EvbDocument) self = NULL;
  g_autoptr(EvbStore) store = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = document_new_for_file (file, error);
  if (self == NULL)
    return NULL;

  if (!write_sidecar (self, FALSE, error) ||
      (store = evb_store_create (self->working_path, title, error)) == NULL ||
      !open_working_copy (self, store, error) ||
      !evb_document_write_back (self, error))
    {
      shut_down (self, TRUE);
      return NULL;
    }

  return g_steal_pointer (&self);
}

static EvbRecoverable *
read_recoverable (const char *sidecar_path,
                  const char *working_dir)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(EvbRecoverable) recoverable = g_new0 (EvbRecoverable, 1);
  g_autofree char *state = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *lock_path = NULL;
  int fd;

  if (!g_key_file_load_from_file (key_file, sidecar_path, G_KEY_FILE_NONE, NULL))
    return NULL;

  recoverable->uri = g_key_file_get_string (key_file, SIDECAR_GROUP, "uri", NULL);
  if (recoverable->uri == NULL)
    return NULL;
  recoverable->title = g_key_file_get_string (key_file, SIDECAR_GROUP, "title", NULL);
  recoverable->modified = g_key_file_get_string (key_file, SIDECAR_GROUP, "modified", NULL);
  state = g_key_file_get_string (key_file, SIDECAR_GROUP, "state", NULL);
  recoverable->unsaved = g_strcmp0 (state, STATE_SAVED) != 0;

  stem = g_strndup (sidecar_path, strlen (sidecar_path) - strlen (".ini"));
  recoverable->working_path = g_strconcat (stem, ".evboard", NULL);
  if (!g_file_test (recoverable->working_path, G_FILE_TEST_IS_REGULAR))
    return NULL;

  /* A working copy whose lock someone holds is being edited right now. */
  lock_path = lock_path_for_uri (working_dir, recoverable->uri);
  fd = g_open (lock_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      gboolean busy = flock (fd, LOCK_SH | LOCK_NB) != 0;

      close (fd);
      if (busy)
        return NULL;
    }

  return g_steal_pointer (&recoverable);
}

GPtrArray *
evb_document_list_recoverable (void)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) evb_recoverable_free);
  g_autofree char *working_dir = get_working_dir (NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (working_dir == NULL)
    return g_steal_pointer (&list);
  dir = g_dir_open (working_dir, 0, NULL);
  if (dir == NULL)
    return g_steal_pointer (&list);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      EvbRecoverable *recoverable;

      if (!g_str_has_suffix (name, ".ini"))
        continue;
      path = g_build_filename (working_dir, name, NULL);
      recoverable = read_recoverable (path, working_dir);
      if (recoverable != NULL)
        g_ptr_array_add (list, recoverable);
    }

  return g_steal_pointer (&list);
}

/* Takes the lock of a recoverable's user file, or fails with BUSY. */
static EvbDocument *
document_for_recoverable (const EvbRecoverable  *recoverable,
                          GError               **error)
{
  g_autoptr(GFile) file = g_file_new_for_uri (recoverable->uri);
  g_autoptr(EvbDocument) self = NULL;

  self = document_new_for_file (file, error);
  if (self == NULL)
    return NULL;

  g_free (self->working_path);
  g_free (self->sidecar_path);
  self->working_path = g_strdup (recoverable->working_path);
  self->sidecar_path = sidecar_path_for (self->working_path);

  return g_steal_pointer (&self);
}

EvbDocument *
evb_document_recover (const EvbRecoverable  *recoverable,
                      GError               **error)
{
  g_autoptr(EvbDocument) self = NULL;

  g_return_val_if_fail (recoverable != NULL, NULL);
  g_return_val_if_fail (recoverable->working_path != NULL, NULL);
  g_return_val_if_fail (recoverable->uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = document_for_recoverable (recoverable, error);
  if (self == NULL)
    return NULL;

  /* The working copy keeps its edits whatever happens here: it is only
   * deleted by a close whose write-back worked. */
  if (!open_working_copy (self, NULL, error))
    {
      shut_down (self, FALSE);
      return NULL;
    }

  self->sidecar_saved = !recoverable->unsaved;
  self->sidecar_title = g_strdup (recoverable->title);
  if (recoverable->unsaved)
    {
      self->saved = FALSE;
      schedule_write_back (self);
    }

  return g_steal_pointer (&self);
}

gboolean
evb_document_discard_recoverable (const EvbRecoverable  *recoverable,
                                  GError               **error)
{
  g_autoptr(EvbDocument) self = NULL;

  g_return_val_if_fail (recoverable != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self = document_for_recoverable (recoverable, error);
  if (self == NULL)
    return FALSE;

  shut_down (self, TRUE);
  return TRUE;
}

GFile *
evb_document_get_file (EvbDocument *document)
{
  g_return_val_if_fail (EVB_IS_DOCUMENT (document), NULL);

  return document->file;
}

EvbBoard *
evb_document_get_board (EvbDocument *document)
{
  g_return_val_if_fail (EVB_IS_DOCUMENT (document), NULL);

  return document->board;
}

EvbStore *
evb_document_get_store (EvbDocument *document)
{
  g_return_val_if_fail (EVB_IS_DOCUMENT (document), NULL);

  return document->store;
}

const char *
evb_document_get_working_path (EvbDocument *document)
{
  g_return_val_if_fail (EVB_IS_DOCUMENT (document), NULL);

  return document->working_path;
}

gboolean
evb_document_get_saved (EvbDocument *document)
{
  g_return_val_if_fail (EVB_IS_DOCUMENT (document), FALSE);

  return document->saved;
}

const GError *
evb_document_get_write_error (EvbDocument *document)
{
  g_return_val_if_fail (EVB_IS_DOCUMENT (document), NULL);

  return document->write_error;
}

guint
evb_document_get_write_back_delay (EvbDocument *document)
{
  g_return_val_if_fail (EVB_IS_DOCUMENT (document), 0);

  return document->write_back_delay;
}

void
evb_document_set_write_back_delay (EvbDocument *document,
                                   guint        delay_ms)
{
  g_return_if_fail (EVB_IS_DOCUMENT (document));

  if (document->write_back_delay == delay_ms)
    return;
  document->write_back_delay = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (document), properties[PROP_WRITE_BACK_DELAY]);
}

gboolean
evb_document_write_back (EvbDocument  *document,
                         GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (EVB_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (document->closed)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("The board is closed"));
      return FALSE;
    }

  g_clear_handle_id (&document->write_back_source, g_source_remove);

  /* Waits for a write-back running in a thread, whose older snapshot must
   * not rename over this one. */
  g_mutex_lock (&document->write_lock);
  ok = evb_store_write_back_to (document->store, document->user_path, &local_error);
  g_mutex_unlock (&document->write_lock);
  if (!ok)
    {
      set_write_error (document, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      schedule_retry (document);
      return FALSE;
    }

  mark_saved (document);
  return TRUE;
}

/* Save As */

typedef struct
{
  char    *working_path;
  char    *user_path;   /* the new file, canonical */
  char    *uri;
  char    *lock_path;
  int      lock_fd;
  guint64  generation;
  int      epoch;
  gboolean started;
} SaveAs;

static void
save_as_free (SaveAs *save_as)
{
  release_lock (&save_as->lock_path, &save_as->lock_fd);
  g_free (save_as->working_path);
  g_free (save_as->user_path);
  g_free (save_as->uri);
  g_free (save_as);
}

static void
save_as_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  EvbDocument *self = source_object;
  SaveAs *save_as = task_data;
  GError *error = NULL;
  gboolean ok;

  g_mutex_lock (&self->write_lock);
  /* Closed meanwhile (the working copy may be gone), or given up. */
  if (g_cancellable_set_error_if_cancelled (self->cancellable, &error) ||
      g_cancellable_set_error_if_cancelled (cancellable, &error))
    ok = FALSE;
  else
    ok = evb_store_write_back_file (save_as->working_path, save_as->user_path, &error);
  /* From now on the old file is not written again: a write-back started
   * for it meanwhile finds its epoch retired. */
  if (ok)
    g_atomic_int_set (&self->retired_epoch, save_as->epoch);
  g_mutex_unlock (&self->write_lock);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
evb_document_save_as_async (EvbDocument         *document,
                            GFile               *file,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *working_dir = NULL;
  SaveAs *save_as;

  g_return_if_fail (EVB_IS_DOCUMENT (document));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (document, cancellable, callback, user_data);
  g_task_set_source_tag (task, evb_document_save_as_async);
  g_task_set_name (task, "[evb] document save as");

  if (document->closed || document->saving_as)
    {
      g_task_return_new_error (task, EVB_ERROR, EVB_ERROR_IO, "%s",
                               document->closed ? _("The board is closed")
                                                : _("The board is already being saved to another file"));
      return;
    }

  save_as = g_new0 (SaveAs, 1);
  save_as->lock_fd = -1;
  g_task_set_task_data (task, save_as, (GDestroyNotify) save_as_free);

  /* The new file is locked before it is written, like any board a
   * document has open: a window that has it open keeps it, with BUSY. */
  save_as->lock_fd = lock_user_file (file, HOLDER_WINDOW, &save_as->user_path, &save_as->uri,
                                     &save_as->lock_path, &working_dir, &error);
  if (save_as->lock_fd < 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  save_as->working_path = g_strdup (document->working_path);
  save_as->generation = document->generation;
  save_as->epoch = document->epoch;
  save_as->started = TRUE;
  document->saving_as = TRUE;
  g_task_run_in_thread (task, save_as_thread);
}

gboolean
evb_document_save_as_finish (EvbDocument   *document,
                             GAsyncResult  *result,
                             GError       **error)
{
  SaveAs *save_as;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (EVB_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, document), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, evb_document_save_as_async), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  save_as = g_task_get_task_data (G_TASK (result));
  if (save_as != NULL && save_as->started)
    document->saving_as = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  /* Closed while the new file was written: that file is complete, but
   * the window that asked is gone with the board. */
  if (document->closed)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("The board is closed"));
      return FALSE;
    }

  /* The document is the new file's now: its lock, its name in the
   * sidecar (so a crash recovers it there), its write-backs. The board,
   * its store and its history stay as they are. */
  release_lock (&document->lock_path, &document->lock_fd);
  document->lock_path = g_steal_pointer (&save_as->lock_path);
  document->lock_fd = save_as->lock_fd;
  save_as->lock_fd = -1;
  g_free (document->user_path);
  document->user_path = g_steal_pointer (&save_as->user_path);
  g_free (document->uri);
  document->uri = g_steal_pointer (&save_as->uri);
  g_clear_object (&document->file);
  document->file = g_file_new_for_path (document->user_path);
  document->epoch++;
  document->write_again = FALSE;
  g_clear_handle_id (&document->write_back_source, g_source_remove);

  if (save_as->generation == document->generation)
    mark_saved (document);
  else
    {
      /* Steps committed while the copy was written: the new file gets
       * them as any file gets a step, by the next write-back. */
      if (!write_sidecar (document, FALSE, &local_error))
        g_warning ("Could not update the working copy's record: %s", local_error->message);
      set_saved (document, FALSE);
      schedule_write_back (document);
    }
  g_object_notify_by_pspec (G_OBJECT (document), properties[PROP_FILE]);
  return TRUE;
}

gboolean
evb_document_put_thumbnail (EvbDocument  *document,
                            const char   *sha256,
                            GBytes       *png,
                            GError      **error)
{
  g_return_val_if_fail (EVB_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  g_return_val_if_fail (png != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (document->closed)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("The board is closed"));
      return FALSE;
    }

  /* The store emits "will-write" first: the sidecar says unsaved before
   * the thumbnail lands, as for an undo step. */
  if (!evb_store_put_thumbnail (document->store, sha256, png, error))
    return FALSE;

  set_saved (document, FALSE);
  schedule_write_back (document);
  return TRUE;
}

gboolean
evb_document_put_setting (EvbDocument  *document,
                          const char   *key,
                          const char   *value,
                          GError      **error)
{
  g_autofree char *old = NULL;

  g_return_val_if_fail (EVB_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (document->closed)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("The board is closed"));
      return FALSE;
    }
  /* Unchanged settings cost no write-back. */
  old = evb_store_get_setting (document->store, key, NULL);
  if (g_strcmp0 (old, value) == 0)
    return TRUE;
  if (!evb_store_put_setting (document->store, key, value, error))
    return FALSE;

  set_saved (document, FALSE);
  schedule_write_back (document);
  return TRUE;
}

char *
evb_document_get_setting (EvbDocument  *document,
                          const char   *key,
                          GError      **error)
{
  g_return_val_if_fail (EVB_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (document->closed)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("The board is closed"));
      return NULL;
    }
  return evb_store_get_setting (document->store, key, error);
}

gboolean
evb_document_close (EvbDocument  *document,
                    GError      **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (EVB_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (document->closed)
    return TRUE;

  /* The undo history goes with the document: files kept in the board that
   * no card refers to any more cannot come back, so their space is
   * reclaimed before the last write-back. */
  evb_store_reclaim_blobs (document->store, NULL);

  /* The user's file keeps the files it alone holds while undo may bring
   * their cards back; now it can drop the ones no card refers to. */
  if (!document->saved || !document->sidecar_saved ||
      evb_store_blob_source_needs_pruning (document->store))
    ok = evb_document_write_back (document, error);

  shut_down (document, ok);
  return ok;
}

/* Drafts */

static char *
get_drafts_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "evidence-board", "drafts", NULL);
}

GFile *
evb_document_new_draft_file (GError **error)
{
  g_autofree char *dir = get_drafts_dir ();
  g_autofree char *uuid = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (dir);

      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not create the folder “%s”: %s"),
                   display, g_strerror (saved_errno));
      return NULL;
    }
  uuid = g_uuid_string_random ();
  name = g_strconcat (uuid, ".evboard", NULL);
  path = g_build_filename (dir, name, NULL);
  return g_file_new_for_path (path);
}

gboolean
evb_document_file_is_draft (GFile *file)
{
  g_autofree char *dir = get_drafts_dir ();
  g_autoptr(GFile) drafts = g_file_new_for_path (dir);

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return g_file_has_parent (file, drafts);
}

struct _EvbBoardLock
{
  char *lock_path;
  int   fd;
};

EvbBoardLock *
evb_board_lock_acquire (GFile   *file,
                        GError **error)
{
  g_autofree char *user_path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *working_dir = NULL;
  EvbBoardLock *lock;
  char *lock_path = NULL;
  int fd;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = lock_user_file (file, HOLDER_COMMAND, &user_path, &uri, &lock_path, &working_dir,
                       error);
  if (fd < 0)
    return NULL;
  lock = g_new0 (EvbBoardLock, 1);
  lock->lock_path = lock_path;
  lock->fd = fd;
  return lock;
}

void
evb_board_lock_release (EvbBoardLock *lock)
{
  if (lock == NULL)
    return;
  release_lock (&lock->lock_path, &lock->fd);
  g_free (lock);
}
