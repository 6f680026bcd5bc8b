/* evb-attachment.h: the files evidence refers to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "evb-board.h"
#include "evb-node.h"

G_BEGIN_DECLS

typedef enum
{
  EVB_ATTACHMENT_NONE,        /* the node has no attachment */
  EVB_ATTACHMENT_OK,          /* the file is there with the recorded size and hash */
  EVB_ATTACHMENT_MISSING,     /* the file is not where the board says */
  EVB_ATTACHMENT_CHANGED,     /* the file's size or SHA-256 differ from the board's */
  EVB_ATTACHMENT_UNREADABLE,  /* the file is there but cannot be read */
} EvbAttachmentStatus;

/* Whether the status is one to flag: missing, changed or unreadable. */
gboolean evb_attachment_status_is_problem (EvbAttachmentStatus status);

/* Called from the hashing thread with bytes done and the total (-1 if unknown). */
typedef void (*EvbHashProgress) (goffset  done,
                                 goffset  total,
                                 gpointer user_data);

/* Streams the file through SHA-256 in 1 MiB chunks, so a multi-gigabyte
 * video never sits in memory. Returns the lower-case hex digest. */
char                *evb_attachment_hash        (GFile               *file,
                                                 gint64              *size,
                                                 GCancellable        *cancellable,
                                                 EvbHashProgress      progress,
                                                 gpointer             progress_data,
                                                 GError             **error);
/* The same in a thread. progress runs in that thread: hand it to the main
 * loop yourself (g_idle_add / g_main_context_invoke) if it touches widgets. */
void                 evb_attachment_hash_async  (GFile               *file,
                                                 GCancellable        *cancellable,
                                                 EvbHashProgress      progress,
                                                 gpointer             progress_data,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
char                *evb_attachment_hash_finish (GAsyncResult        *result,
                                                 gint64              *size,
                                                 GError             **error);

EvbAttachmentStatus  evb_attachment_verify      (const EvbNodeData   *data,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/* Checks every attachment of board in a thread (issue #8: when a board
 * opens): a file that is gone is MISSING without reading anything, one whose
 * size differs is CHANGED without hashing, the rest are hashed. A file kept
 * in the board is OK here: its copy is checked by the store. What the
 * thread needs is copied first, so the board may change meanwhile. The
 * result maps each id (char *) of a node with an attachment to
 * GINT_TO_POINTER (EvbAttachmentStatus); free it with g_hash_table_unref.
 * Fails only when cancelled. */
void                 evb_attachment_verify_board_async  (EvbBoard            *board,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
GHashTable          *evb_attachment_verify_board_finish (GAsyncResult        *result,
                                                         GError             **error);

/* Video → video, images → photo, PDFs, text and office files →
 * document, anything else (audio included: a recording is "other" until an
 * investigator says whether it is an intercept or a statement) → other. */
EvbEvidenceType      evb_attachment_guess_type  (const char          *content_type);

G_END_DECLS
