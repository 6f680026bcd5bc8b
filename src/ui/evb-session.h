/* evb-session.h: one open board and the work done for it in the background
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "evb-assessment.h"
#include "evb-attachment-state.h"
#include "evb-document.h"
#include "evb-export.h"
#include "evb-filter.h"
#include "evb-report.h"
#include "evb-selection.h"
#include "evb-timeline.h"

G_BEGIN_DECLS

/**
 * EVB_SESSION_DEFAULT_EMBED_SIZE_LIMIT:
 *
 * Files attached to a card up to this size (1 GiB) are kept in the board
 * unless the `embed-size-limit` setting says otherwise.
 */
#define EVB_SESSION_DEFAULT_EMBED_SIZE_LIMIT (G_GUINT64_CONSTANT (1) << 30)

/**
 * EvbSessionEmbed:
 * @EVB_SESSION_EMBED_WITHIN_LIMIT: keep a copy of files up to the size limit
 *   (evb_session_get_embed_size_limit()), link larger ones
 * @EVB_SESSION_EMBED_ALWAYS: keep a copy of every file (the person said so
 *   for files over the limit)
 * @EVB_SESSION_EMBED_NEVER: link every file
 *
 * Which attached files evb_session_attach_files_full() keeps in the board.
 */
typedef enum
{
  EVB_SESSION_EMBED_WITHIN_LIMIT,
  EVB_SESSION_EMBED_ALWAYS,
  EVB_SESSION_EMBED_NEVER,
} EvbSessionEmbed;


#define EVB_TYPE_SESSION (evb_session_get_type ())

G_DECLARE_FINAL_TYPE (EvbSession, evb_session, EVB, SESSION, GObject)

/**
 * EvbSession:
 *
 * One per open board, without widgets: it owns the #EvbDocument, the
 * board's one #EvbSelection, #EvbAttachmentState and #EvbAssessment, and one
 * #GCancellable for everything done for the board in the background:
 * hashing files to attach, the check of the attachments, thumbnails,
 * image and JSON export, Save a Copy. Nothing that reads or writes a file
 * runs on the main thread. Every job holds a reference to the session and,
 * once back on the main thread, drops its result when the session's
 * cancellable is cancelled (the board was closed).
 *
 * The attach queue and image export share one "task" that the person can
 * watch and cancel: #EvbSession:task says what it does and
 * #EvbSession:task-progress how far it is.
 *
 * Properties:
 * - `document` (#EvbDocument, construct-only): the open board.
 * - `task` (string, nullable): what the running task is doing, e.g.
 *   "Exporting “Board.png”…"; %NULL when none runs.
 * - `task-progress` (double): how far the task is, 0 to 1, or -1 when
 *   that is not known.
 * - `exporting` (boolean): an image export runs.
 *
 * Signals:
 * - `attachments-checked` (guint n_problems): a check of every attachment
 *   finished; @n_problems files are missing, changed or unreadable.
 * - `thumbnail-made` (const char *sha256): a picture's thumbnail was made,
 *   stored in the board and set on the attachment state.
 * - `attach-failed` (GFile *file, GError *error): a queued file could not
 *   be attached (not emitted when cancelled).
 * - `filter-changed` (void): the filter, or the cards it lets through,
 *   may have changed: ask evb_session_get_filter_matches() again.
 */

/**
 * evb_session_new:
 * @document: an open document
 *
 * Loads the thumbnails stored in the board and starts the check of its
 * attachments.
 *
 * Returns: (transfer full): the session; it takes a reference to @document.
 */
EvbSession         *evb_session_new              (EvbDocument          *document);

/**
 * evb_session_open_async:
 * @file: the board file
 * @cancellable: (nullable): to stop waiting
 * @callback: called on this thread's main context when done
 * @user_data: for @callback
 *
 * Opens a board (validation and the working copy, evb_document_open()) in
 * a thread.
 */
void                evb_session_open_async       (GFile                *file,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
/**
 * evb_session_open_finish:
 *
 * Returns: (transfer full) (nullable): the session of the open board.
 */
EvbSession         *evb_session_open_finish      (GAsyncResult         *result,
                                                  GError              **error);

/**
 * evb_session_create_async:
 * @file: where the new board goes (replaced: the person was asked)
 * @title: its title
 * @cancellable: (nullable): to give up
 * @callback: called on the main loop when the board is there
 * @user_data: for @callback
 *
 * Creates an empty board at @file (evb_document_new()) in a thread.
 */
void                evb_session_create_async     (GFile                *file,
                                                  const char           *title,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);

/**
 * evb_session_create_finish:
 *
 * Returns: (transfer full) (nullable): the session of the new board, or
 *   %NULL with @error set.
 */
EvbSession         *evb_session_create_finish    (GAsyncResult         *result,
                                                  GError              **error);

/**
 * evb_session_recover_async:
 * @recoverable: a working copy from evb_document_list_recoverable(); it is
 *   copied
 *
 * Reopens a working copy left by a crash (evb_document_recover()) in a
 * thread.
 */
void                evb_session_recover_async    (const EvbRecoverable *recoverable,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
/**
 * evb_session_recover_finish:
 *
 * Returns: (transfer full) (nullable): the session of the recovered board.
 */
EvbSession         *evb_session_recover_finish   (GAsyncResult         *result,
                                                  GError              **error);

/**
 * evb_session_read_import_async:
 * @source: our JSON, a JSON Canvas or a CSV nodes table (with its links
 *   table beside it): recognised by content, as the CLI's `import` does
 *
 * Reads and checks a whole board to import in a thread: the first half of
 * an import, before the person chooses where the new board goes.
 */
void                evb_session_read_import_async  (GFile                *source,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
/**
 * evb_session_read_import_finish:
 * @skipped: (out) (transfer full) (element-type utf8): one sentence per
 *   item of the file that was not imported (an edge JSON Canvas has no
 *   relation for, say); empty when nothing was left out
 *
 * Returns: (transfer full) (nullable): the board read, without history.
 */
EvbBoard           *evb_session_read_import_finish (GAsyncResult         *result,
                                                    GPtrArray           **skipped,
                                                    GError              **error);

/**
 * evb_session_import_async:
 * @board: a board from evb_session_read_import_finish(); nothing else may
 *   use it from now on (a thread writes it)
 * @file: the new board file (replaced if it exists: the person chose it)
 *
 * Writes @board as a new board file, then opens it, in a thread.
 * Cancelled before the new file is in place, it fails with
 * %G_IO_ERROR_CANCELLED and leaves a file at @file as it was; cancelled
 * later, the session still comes back, for the caller to close and
 * remove.
 */
void                evb_session_import_async     (EvbBoard             *board,
                                                  GFile                *file,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
/**
 * evb_session_import_finish:
 *
 * Returns: (transfer full) (nullable): the session of the new board.
 */
EvbSession         *evb_session_import_finish    (GAsyncResult         *result,
                                                  GError              **error);

/**
 * evb_session_get_document:
 *
 * Returns: (transfer none): the document.
 */
EvbDocument        *evb_session_get_document     (EvbSession           *self);
/**
 * evb_session_get_board:
 *
 * Returns: (transfer none): the document's board.
 */
EvbBoard           *evb_session_get_board        (EvbSession           *self);
/**
 * evb_session_get_selection:
 *
 * Returns: (transfer none): the board's one selection.
 */
EvbSelection       *evb_session_get_selection    (EvbSession           *self);
/**
 * evb_session_get_attachments:
 *
 * Returns: (transfer none): what is known of the board's files.
 */
EvbAttachmentState *evb_session_get_attachments  (EvbSession           *self);

/**
 * evb_session_get_assessment:
 *
 * Returns: (transfer none): the board's one assessment of its claims,
 *   which the cards, the inspector and the matrix show.
 */
EvbAssessment      *evb_session_get_assessment   (EvbSession           *self);

/**
 * evb_session_get_filter:
 *
 * Returns: (transfer none): the board's one filter, saved with the board
 *   (not in its undo history) whenever it changes.
 */
EvbFilter          *evb_session_get_filter       (EvbSession           *self);

/**
 * evb_session_get_filter_matches:
 *
 * Returns: (transfer none) (nullable): the ids of the cards the filter
 *   lets through, as a set, valid until the next `filter-changed` or
 *   change of a card; %NULL when the filter lets every card through.
 */
GHashTable         *evb_session_get_filter_matches (EvbSession         *self);

/**
 * evb_session_get_timeline_lanes:
 *
 * Returns: what the board's timeline groups its lanes by, as saved with
 *   the board (by evidence type when nothing was saved).
 */
EvbTimelineLanes    evb_session_get_timeline_lanes (EvbSession       *self);

/**
 * evb_session_set_timeline_lanes:
 * @lanes: what the timeline's lanes group by
 *
 * Saves @lanes with the board as a view setting (`timeline-lanes`, not in
 * its undo history), as the filter is.
 */
void                evb_session_set_timeline_lanes (EvbSession       *self,
                                                    EvbTimelineLanes  lanes);

/**
 * evb_session_get_task:
 *
 * Returns: (transfer none) (nullable): what the running task does.
 */
const char         *evb_session_get_task         (EvbSession           *self);
double              evb_session_get_task_progress (EvbSession          *self);
gboolean            evb_session_get_exporting    (EvbSession           *self);
/* Whether evb_session_cancel_task() has anything to stop. */
gboolean            evb_session_get_busy         (EvbSession           *self);

/**
 * evb_session_check_attachments:
 *
 * Checks every attachment again in a thread; a check still running is
 * superseded. Emits `attachments-checked`.
 */
void                evb_session_check_attachments (EvbSession          *self);

/**
 * evb_session_attach_files:
 * @files: (element-type GFile): files to attach, in order
 * @x: where the first new card goes, in board units
 * @y: the same
 * @node_id: (nullable): the evidence card that gets the (one) file, or
 *   %NULL for new cards, placed down and to the right of (@x, @y)
 *
 * Queues files: each is hashed in a thread (the task), then attached in
 * one undo step (evb_editing_attach()), selected, and a picture gets a
 * thumbnail.
 */
void                evb_session_attach_files     (EvbSession           *self,
                                                  GSList               *files,
                                                  double                x,
                                                  double                y,
                                                  const char           *node_id);

/**
 * evb_session_attach_files_full:
 * @files: (element-type GFile): files to attach, in order
 * @x: as for evb_session_attach_files()
 * @y: the same
 * @node_id: (nullable): the same
 * @embed: which files to keep in the board
 *
 * evb_session_attach_files() with a choice of what is kept in the board
 * (the window asks about files over the limit).
 */
void                evb_session_attach_files_full (EvbSession          *self,
                                                   GSList              *files,
                                                   double               x,
                                                   double               y,
                                                   const char          *node_id,
                                                   EvbSessionEmbed      embed);

/**
 * evb_session_cancel_task:
 *
 * Drops the files waiting to be attached and stops the file being hashed
 * or the image being exported. Thumbnails and checks go on.
 */
void                evb_session_cancel_task      (EvbSession           *self);

/**
 * evb_session_export_image_async:
 * @file: where the image goes (written whole or not at all)
 * @format: PNG, SVG or PDF
 * @options: the options; @options->attachments is ignored: the session's
 *   state goes in, as a snapshot
 *
 * Draws the board in a thread, on a copy of the board and a snapshot of
 * its attachment state (badges and thumbnails as on the canvas), as the
 * task. Fails with %G_IO_ERROR_BUSY while a task runs, and with
 * %G_IO_ERROR_CANCELLED after evb_session_cancel_task() or once the board
 * is closed.
 */
void                evb_session_export_image_async (EvbSession             *self,
                                                    GFile                  *file,
                                                    EvbExportFormat         format,
                                                    const EvbExportOptions *options,
                                                    GAsyncReadyCallback     callback,
                                                    gpointer                user_data);
/**
 * evb_session_export_report_async:
 * @file: where the report goes (written whole or not at all)
 * @format: PDF or HTML
 * @options: the picture's options and the paper, as for
 *   evb_session_export_image_async()
 *
 * Writes the board's investigation report (evb_report_to_file()) in a
 * thread, as an image export does; finish with
 * evb_session_export_image_finish().
 */
void                evb_session_export_report_async (EvbSession             *self,
                                                     GFile                  *file,
                                                     EvbReportFormat         format,
                                                     const EvbExportOptions *options,
                                                     GAsyncReadyCallback     callback,
                                                     gpointer                user_data);
/**
 * evb_session_export_image_finish:
 *
 * Returns: (transfer full) (nullable): the file written, or %NULL.
 */
GFile              *evb_session_export_image_finish (EvbSession            *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);

/**
 * evb_session_export_json_async:
 * @file: where the JSON goes (written atomically)
 *
 * Writes the board as JSON in a thread, from a copy taken now.
 */
void                evb_session_export_json_async (EvbSession          *self,
                                                   GFile               *file,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean            evb_session_export_json_finish (EvbSession         *self,
                                                    GAsyncResult       *result,
                                                    GError            **error);

/**
 * evb_session_export_matrix_csv_async:
 * @file: where the CSV goes (written whole or not at all)
 *
 * Writes the matrix of competing hypotheses (evb_matrix_to_csv()) in a
 * thread, from a copy of the board taken now: the matrix the matrix view
 * shows, of the filter's matches (evb_session_get_filter_matches(),
 * evb_matrix_new_filtered()) while a filter is set, of every card
 * otherwise.
 */
void                evb_session_export_matrix_csv_async  (EvbSession          *self,
                                                          GFile               *file,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean            evb_session_export_matrix_csv_finish (EvbSession          *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/**
 * evb_session_export_timeline_async:
 * @file: where the picture goes (written whole or not at all): PNG, SVG or
 *   PDF by its extension, PNG without one of those
 * @lanes: what the timeline's lanes group by
 *
 * Draws the board's timeline (evb_timeline_picture_to_file()) in a
 * thread, from a copy of the board taken now.
 */
void                evb_session_export_timeline_async  (EvbSession          *self,
                                                        GFile               *file,
                                                        EvbTimelineLanes     lanes,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean            evb_session_export_timeline_finish (EvbSession          *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/**
 * evb_session_save_copy_async:
 * @file: where the copy goes
 *
 * Copies the board file, with every committed change, in a thread.
 */
void                evb_session_save_copy_async  (EvbSession           *self,
                                                  GFile                *file,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean            evb_session_save_copy_finish (EvbSession           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);


/**
 * evb_session_get_embed_size_limit:
 *
 * Returns: the largest file the attach queue keeps in the board, in bytes:
 *   the `embed-size-limit` setting, or what
 *   evb_session_set_embed_size_limit() set
 */
guint64             evb_session_get_embed_size_limit (EvbSession       *self);

/**
 * evb_session_set_embed_size_limit:
 * @limit: the largest file kept in the board, in bytes (0: link every
 *   file), or G_MAXUINT64 to follow the `embed-size-limit` setting again
 *
 * Overrides the setting for this board's attach queue (tests use it to
 * attach linked files).
 */
void                evb_session_set_embed_size_limit (EvbSession       *self,
                                                      guint64           limit);

/**
 * evb_session_get_kept_attachment:
 *
 * Returns: (transfer none) (nullable): the one selected card when its
 *   file is kept in the board, or %NULL
 */
EvbNode            *evb_session_get_kept_attachment (EvbSession       *self);

/**
 * evb_session_save_attachment_async:
 * @file: where the file goes (written whole or not at all)
 *
 * Writes the file kept in the board for the one selected card
 * (evb_session_get_kept_attachment()) in a thread, verifying its SHA-256
 * on the way: a damaged file fails, and nothing is written.
 */
void                evb_session_save_attachment_async  (EvbSession          *self,
                                                        GFile               *file,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean            evb_session_save_attachment_finish (EvbSession          *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/**
 * evb_session_open_attachment_async:
 *
 * Writes a read-only temporary copy of the file kept in the board for the
 * one selected card, in a thread and verified as
 * evb_session_save_attachment_async() does, for an application to open.
 * Copies live in the user's cache folder, one folder per SHA-256.
 */
void                evb_session_open_attachment_async  (EvbSession          *self,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
/* Returns: (transfer full): the copy to open, or %NULL with @error set */
GFile              *evb_session_open_attachment_finish (EvbSession          *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/**
 * evb_session_close:
 * @error: return location for an error
 *
 * Cancels everything running for the board, then closes the document
 * (evb_document_close()): on failure the working copy stays and the next
 * start offers it. The session is of no further use.
 */
gboolean            evb_session_close            (EvbSession           *self,
                                                  GError              **error);

G_END_DECLS
