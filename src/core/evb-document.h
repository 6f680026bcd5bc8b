/* evb-document.h: a board the app is editing (working copy and write-back)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "evb-board.h"
#include "evb-store.h"

G_BEGIN_DECLS

/**
 * EvbRecoverable:
 * @working_path: the working copy left behind
 * @uri: the user's board file it belongs to
 * @title: the board's title as last written to the sidecar, or %NULL
 * @modified: when the working copy last changed (RFC 3339), or %NULL
 * @unsaved: %TRUE when the working copy holds changes that never reached the
 *   user's file (a failed or pending write-back); %FALSE when the user's file
 *   already has everything, so the working copy can simply be discarded
 *
 * A working copy left by a process that ended without closing its document.
 */
typedef struct
{
  char     *working_path;
  char     *uri;
  char     *title;
  char     *modified;
  gboolean  unsaved;
} EvbRecoverable;

/**
 * evb_recoverable_free:
 * @recoverable: (nullable) (transfer full): a recoverable working copy
 *
 * Frees @recoverable and its strings.
 */
void evb_recoverable_free (EvbRecoverable *recoverable);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EvbRecoverable, evb_recoverable_free)

/**
 * EVB_DOCUMENT_DEFAULT_WRITE_BACK_DELAY:
 *
 * How long after a commit the working copy is written back to the user's
 * file, in milliseconds.
 */
#define EVB_DOCUMENT_DEFAULT_WRITE_BACK_DELAY 1000 /* milliseconds */

#define EVB_TYPE_DOCUMENT (evb_document_get_type ())

/**
 * EvbDocument:
 *
 * A board the app is editing. The user's file is never edited in place: it
 * is validated read-only and copied to a working copy, the board's commits
 * go to the working copy at once, and a short time after each commit the
 * working copy is written back over the user's file atomically. A lock on
 * the user's file keeps every other document (and the CLI's import) out
 * while the document is open.
 *
 * Properties:
 *
 * - `file` (#GFile, read-only): the user's board file
 * - `board` (#EvbBoard, read-only): the board being edited
 * - `saved` (boolean, read-only): %TRUE when the user's file holds every
 *   committed change
 * - `write-error` (#GError, read-only): the error of the last write-back, or
 *   %NULL after one that worked
 * - `write-back-delay` (unsigned, milliseconds): how long after a commit the
 *   write-back starts
 *
 * An EvbDocument emits no signals of its own; watch its properties, and
 * the board's `committed` signal for edits.
 */
G_DECLARE_FINAL_TYPE (EvbDocument, evb_document, EVB, DOCUMENT, GObject)

/**
 * evb_document_open:
 * @file: the user's board file, on this computer
 * @error: return location for a #GError, or %NULL
 *
 * Validates the user's board read-only (a board with a journal or WAL left
 * beside it is read as SQLite recovers it, on a copy), copies it to a
 * working copy and opens that. Temporary files that an earlier write-back
 * of this board left when it was killed are removed (only files of ours:
 * see evb_temp_file_remove_stale_beside()).
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 *   (%EVB_ERROR_BUSY when another document, in this or another process, has
 *   the file open, or a CLI import is writing it)
 */
EvbDocument *evb_document_open          (GFile        *file,
                                         GError      **error);

/**
 * evb_document_new:
 * @file: where to create the board (what is there is replaced: the caller
 *   asked the person first)
 * @title: (nullable): the board's title
 * @error: return location for a #GError, or %NULL
 *
 * Creates a new board at @file and writes it there at once.
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
EvbDocument *evb_document_new           (GFile        *file,
                                         const char   *title,
                                         GError      **error);

/**
 * evb_document_recover:
 * @recoverable: a working copy from evb_document_list_recoverable()
 * @error: return location for a #GError, or %NULL
 *
 * Reopens a working copy left by a process that ended without closing its
 * document. The edits in it are written back to the user's file shortly
 * after, as after any edit.
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 *   (%EVB_ERROR_BUSY when the user's file is open elsewhere)
 */
EvbDocument *evb_document_recover       (const EvbRecoverable *recoverable,
                                         GError      **error);

/**
 * evb_document_list_recoverable:
 *
 * Finds the working copies whose process has gone (their lock is free).
 *
 * Returns: (transfer full) (element-type EvbRecoverable): the working
 *   copies, perhaps none
 */
GPtrArray   *evb_document_list_recoverable (void);

/**
 * evb_document_discard_recoverable:
 * @recoverable: a working copy from evb_document_list_recoverable()
 * @error: return location for a #GError, or %NULL
 *
 * Deletes a working copy the person chose not to recover.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%EVB_ERROR_BUSY when
 *   it is in use)
 */
gboolean     evb_document_discard_recoverable (const EvbRecoverable *recoverable,
                                               GError      **error);

/**
 * evb_document_get_file:
 * @document: a document
 *
 * Returns: (transfer none): the user's board file
 */
GFile       *evb_document_get_file      (EvbDocument  *document);

/**
 * evb_document_get_board:
 * @document: a document
 *
 * Returns: (transfer none): the board being edited
 */
EvbBoard    *evb_document_get_board     (EvbDocument  *document);

/**
 * evb_document_get_store:
 * @document: a document
 *
 * Returns: (transfer none): the store of the working copy
 */
EvbStore    *evb_document_get_store     (EvbDocument  *document);

/**
 * evb_document_get_working_path:
 * @document: a document
 *
 * Returns: (transfer none): the path of the working copy
 */
const char  *evb_document_get_working_path (EvbDocument *document);

/**
 * evb_document_get_saved:
 * @document: a document
 *
 * Returns: %TRUE when the user's file holds every committed change
 */
gboolean     evb_document_get_saved     (EvbDocument  *document);

/**
 * evb_document_get_write_error:
 * @document: a document
 *
 * Returns: (transfer none) (nullable): the error of the last write-back,
 *   or %NULL after a successful one
 */
const GError *evb_document_get_write_error (EvbDocument *document);

/**
 * evb_document_get_write_back_delay:
 * @document: a document
 *
 * Returns: how long after a commit the write-back starts, in milliseconds
 */
guint        evb_document_get_write_back_delay (EvbDocument *document);

/**
 * evb_document_set_write_back_delay:
 * @document: a document
 * @delay_ms: the delay in milliseconds
 *
 * Sets how long after a commit the write-back starts.
 */
void         evb_document_set_write_back_delay (EvbDocument *document,
                                                guint        delay_ms);

/**
 * evb_document_write_back:
 * @document: a document
 * @error: return location for a #GError, or %NULL
 *
 * Writes the working copy back to the user's file now, in this thread (the
 * automatic write-back after each commit runs in a thread of its own). On
 * failure the working copy keeps everything and `write-error` is set.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 */
gboolean     evb_document_write_back    (EvbDocument  *document,
                                         GError      **error);

/**
 * evb_document_save_as_async:
 * @document: a document
 * @file: the board's new place, on this computer (what is there is
 *   replaced: the caller asked the person first)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the new file has the board, or it failed
 * @user_data: data for @callback
 *
 * Gives the board another file and goes on editing it there: takes the
 * lock of @file, writes every committed step to it in a thread, and then
 * (in evb_document_save_as_finish()) releases the old file's lock and
 * writes back to @file from then on. The board, its store and its undo
 * history stay the same; the old file is left as it was (a draft's file is
 * the caller's to delete) and is not written again. Steps committed while
 * @file is written reach it with the next write-back. The `file` property
 * changes when it worked.
 */
void         evb_document_save_as_async  (EvbDocument         *document,
                                          GFile               *file,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);

/**
 * evb_document_save_as_finish:
 * @document: a document
 * @result: the result passed to the callback
 * @error: return location for a #GError, or %NULL
 *
 * Returns: %TRUE when the document edits the new file now; %FALSE with
 *   @error set (%EVB_ERROR_BUSY when the file is open elsewhere), and the
 *   document goes on with its old file
 */
gboolean     evb_document_save_as_finish (EvbDocument         *document,
                                          GAsyncResult        *result,
                                          GError             **error);

/**
 * evb_document_put_thumbnail:
 * @document: a document
 * @sha256: the SHA-256 of the attachment's bytes
 * @png: the thumbnail (see evb_store_put_thumbnail())
 * @error: return location for a #GError, or %NULL
 *
 * Stores the thumbnail of an attachment in the working copy (not an undo
 * step) and schedules the usual write-back, so the user's file gets it too.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 */
gboolean     evb_document_put_thumbnail (EvbDocument  *document,
                                         const char   *sha256,
                                         GBytes       *png,
                                         GError      **error);

/**
 * evb_document_put_setting:
 * @document: a document
 * @key: the setting's name, e.g. "filter"
 * @value: (nullable): its value, or %NULL to remove it
 * @error: return location for a #GError, or %NULL
 *
 * Stores a view setting in the working copy (not an undo step: see
 * evb_store_put_setting()) and schedules the usual write-back, so the
 * user's file keeps it.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 */
gboolean     evb_document_put_setting   (EvbDocument  *document,
                                         const char   *key,
                                         const char   *value,
                                         GError      **error);

/**
 * evb_document_get_setting:
 * @document: a document
 * @key: the setting's name
 * @error: return location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): the value, or %NULL (see
 *   evb_store_get_setting())
 */
char        *evb_document_get_setting   (EvbDocument  *document,
                                         const char   *key,
                                         GError      **error);

/**
 * evb_document_close:
 * @document: a document
 * @error: return location for a #GError, or %NULL
 *
 * Writes back and, if that worked, deletes the working copy. On failure
 * the working copy stays (it will be offered for recovery) and the document
 * is closed all the same. Further edits of the board are refused.
 *
 * Returns: %TRUE when the user's file has everything; %FALSE with @error set
 */
gboolean     evb_document_close         (EvbDocument  *document,
                                         GError      **error);

/**
 * evb_document_new_draft_file:
 * @error: return location for a #GError, or %NULL
 *
 * A place for a new board that the person has not given one yet: a new
 * file name in the app's drafts folder, $XDG_DATA_HOME/evidence-board/drafts
 * (created if need be). A document on it works like any other (working
 * copy, write-back, recovery), so a new board is safe from its first
 * edit; Save As later gives it the person's own place.
 *
 * Returns: (transfer full): the file (not created yet), or %NULL with
 *   @error set (%EVB_ERROR_IO when the folder cannot be made)
 */
GFile       *evb_document_new_draft_file (GError     **error);

/**
 * evb_document_file_is_draft:
 * @file: a board file
 *
 * Returns: %TRUE when @file is in the drafts folder: a new board that
 *   has no place of the person's yet
 */
gboolean     evb_document_file_is_draft  (GFile       *file);

/**
 * EvbBoardLock:
 *
 * The lock a document holds on the user's file, for a program that replaces
 * that file without a document (the CLI's import): while it holds it, no
 * document opens the board, and while a document has the board open, it is
 * refused, so neither overwrites the other's work.
 */
typedef struct _EvbBoardLock EvbBoardLock;

/**
 * evb_board_lock_acquire:
 * @file: a user's board file; it need not exist yet
 * @error: return location for a #GError, or %NULL
 *
 * Takes the lock of @file for a command that writes it, and removes the
 * temporary files of ours that a killed writer left beside it.
 *
 * Returns: (transfer full): the lock, or %NULL with @error set
 *   (%EVB_ERROR_BUSY while a document in this or another process of the
 *   same user has the file open, or another command is writing it)
 */
EvbBoardLock *evb_board_lock_acquire   (GFile        *file,
                                        GError      **error);

/**
 * evb_board_lock_release:
 * @lock: (nullable) (transfer full): a lock
 *
 * Releases and frees @lock.
 */
void          evb_board_lock_release   (EvbBoardLock *lock);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EvbBoardLock, evb_board_lock_release)

G_END_DECLS
