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

void evb_recoverable_free (EvbRecoverable *recoverable);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EvbRecoverable, evb_recoverable_free)

#define EVB_DOCUMENT_DEFAULT_WRITE_BACK_DELAY 1000 /* milliseconds */

#define EVB_TYPE_DOCUMENT (evb_document_get_type ())

G_DECLARE_FINAL_TYPE (EvbDocument, evb_document, EVB, DOCUMENT, GObject)

/* Validates the user's board read-only, copies it to a working copy and
 * opens that. Fails with EVB_ERROR_BUSY when another document (in this or
 * another process) has the same file open. */
EvbDocument *evb_document_open          (GFile        *file,
                                         GError      **error);
/* Creates a new board at file (replacing what is there: the caller asked
 * the person first) and writes it there at once. */
EvbDocument *evb_document_new           (GFile        *file,
                                         const char   *title,
                                         GError      **error);
/* Reopens a working copy from evb_document_list_recoverable(). The edits in
 * it are written back to the user's file shortly after, as after any edit. */
EvbDocument *evb_document_recover       (const EvbRecoverable *recoverable,
                                         GError      **error);

/* Working copies whose process has gone. An array of EvbRecoverable. */
GPtrArray   *evb_document_list_recoverable (void);
/* Deletes a working copy the person chose not to recover. Fails with
 * EVB_ERROR_BUSY when it is in use. */
gboolean     evb_document_discard_recoverable (const EvbRecoverable *recoverable,
                                               GError      **error);

GFile       *evb_document_get_file      (EvbDocument  *document);
EvbBoard    *evb_document_get_board     (EvbDocument  *document);
EvbStore    *evb_document_get_store     (EvbDocument  *document);
const char  *evb_document_get_working_path (EvbDocument *document);

/* TRUE when the user's file holds every committed change. */
gboolean     evb_document_get_saved     (EvbDocument  *document);
/* The error of the last write-back, or NULL after a successful one. */
const GError *evb_document_get_write_error (EvbDocument *document);

guint        evb_document_get_write_back_delay (EvbDocument *document);
void         evb_document_set_write_back_delay (EvbDocument *document,
                                                guint        delay_ms);

/* Writes the working copy back to the user's file now, in this thread
 * (the automatic write-back after each commit runs in a thread of its
 * own). On failure the working copy keeps everything and write-error is
 * set. */
gboolean     evb_document_write_back    (EvbDocument  *document,
                                         GError      **error);

/* Stores the thumbnail of the attachment with this SHA-256 in the working
 * copy (evb_store_put_thumbnail: not an undo step) and schedules the usual
 * write-back, so the user's file gets it too. */
gboolean     evb_document_put_thumbnail (EvbDocument  *document,
                                         const char   *sha256,
                                         GBytes       *png,
                                         GError      **error);

/* Writes back and, if that worked, deletes the working copy. On failure the
 * working copy stays (it will be offered for recovery) and the document is
 * closed all the same. Further edits of the board are refused. */
gboolean     evb_document_close         (EvbDocument  *document,
                                         GError      **error);

/**
 * EvbBoardLock:
 *
 * The lock a document holds on the user's file, for a program that replaces
 * that file without a document (the CLI's import): while it holds it, no
 * document opens the board, and while a document has the board open, it is
 * refused, so neither overwrites the other's work.
 */
typedef struct _EvbBoardLock EvbBoardLock;

/* Fails with EVB_ERROR_BUSY while a document in this or another process of
 * the same user has the file open. The file need not exist yet. */
EvbBoardLock *evb_board_lock_acquire   (GFile        *file,
                                        GError      **error);
void          evb_board_lock_release   (EvbBoardLock *lock);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EvbBoardLock, evb_board_lock_release)

G_END_DECLS
