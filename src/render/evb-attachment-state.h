/* evb-attachment-state.h: what is known of the files a board's evidence refers to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>

#include "evb-attachment.h"
#include "evb-board.h"
#include "evb-store.h"

G_BEGIN_DECLS

#define EVB_TYPE_ATTACHMENT_STATE (evb_attachment_state_get_type ())

G_DECLARE_FINAL_TYPE (EvbAttachmentState, evb_attachment_state, EVB, ATTACHMENT_STATE, GObject)

/**
 * EvbAttachmentState:
 *
 * One per open board: the status of each attachment (found by a check of
 * the files) and the thumbnail of each picture. The canvas, the inspector
 * and every export read it, so a picture exported from the app shows what
 * the screen shows. Nobody else keeps a copy.
 *
 * A status is remembered with the card's attachment URI and SHA-256 at
 * the time it was set: once the card gets another file, its status is
 * unknown (%EVB_ATTACHMENT_NONE) until the next check. Thumbnails are keyed
 * by SHA-256, so cards that share a file share its thumbnail.
 *
 * Signals:
 * - `status-changed` (const char *node_id): a card's status changed.
 * - `thumbnail-changed` (const char *sha256): a thumbnail came or went.
 */

/**
 * evb_attachment_state_new:
 * @board: the board whose cards the statuses belong to
 *
 * Returns: (transfer full): a state that knows nothing yet.
 */
EvbAttachmentState  *evb_attachment_state_new            (EvbBoard           *board);

/**
 * evb_attachment_state_get_board:
 *
 * Returns: (transfer none): the board.
 */
EvbBoard            *evb_attachment_state_get_board      (EvbAttachmentState *self);

/**
 * evb_attachment_state_copy:
 * @self: the state
 * @board: (nullable): the board the copy answers get_status() for, or
 *   %NULL for a snapshot handed to another thread
 *
 * A snapshot for work in another thread (an export), which must not read
 * a state the main thread goes on changing. Thumbnails are shared (a
 * texture never changes). Without a board the copy answers
 * lookup_status() (by a card's fields) and get_thumbnail(), and
 * get_problem_ids() lists every id whose last status was a problem.
 *
 * Returns: (transfer full): the copy.
 */
EvbAttachmentState  *evb_attachment_state_copy           (EvbAttachmentState *self,
                                                          EvbBoard           *board);

/* Remembers what a check found of a card's file; NONE forgets it. */
void                 evb_attachment_state_set_status     (EvbAttachmentState *self,
                                                          const char         *node_id,
                                                          EvbAttachmentStatus status);
/* Sets every status from evb_attachment_verify_board_finish()'s table
 * (node id → GINT_TO_POINTER (status)); cards not in it keep theirs. */
void                 evb_attachment_state_set_statuses   (EvbAttachmentState *self,
                                                          GHashTable         *statuses);
/* NONE when nothing is known of the card's current file (or it has none). */
EvbAttachmentStatus  evb_attachment_state_get_status     (EvbAttachmentState *self,
                                                          const char         *node_id);
/* The same for a card's fields, without a lookup of the node. */
EvbAttachmentStatus  evb_attachment_state_lookup_status  (EvbAttachmentState *self,
                                                          const EvbNodeData  *data);
/* How many cards' files are missing, changed or unreadable now. */
guint                evb_attachment_state_count_problems (EvbAttachmentState *self);

/**
 * evb_attachment_state_get_problem_ids:
 *
 * Returns: (transfer container) (element-type utf8): the ids of the cards
 *   whose file is missing, changed or unreadable, in no particular order.
 */
GPtrArray           *evb_attachment_state_get_problem_ids (EvbAttachmentState *self);

/* The thumbnail of the file with this SHA-256 (lower-case hex); NULL
 * removes it. The state keeps a reference. */
void                 evb_attachment_state_set_thumbnail  (EvbAttachmentState *self,
                                                          const char         *sha256,
                                                          GdkTexture         *texture);

/**
 * evb_attachment_state_get_thumbnail:
 *
 * Returns: (transfer none) (nullable): the thumbnail of the file with this
 *   SHA-256, or %NULL.
 */
GdkTexture          *evb_attachment_state_get_thumbnail  (EvbAttachmentState *self,
                                                          const char         *sha256);

/**
 * evb_attachment_state_load_thumbnails:
 * @self: the state
 * @store: the board file the thumbnails are kept in
 * @error: return location for an error
 *
 * Reads every stored thumbnail of the board's attachments (those that
 * decode; a damaged one is skipped) into the state. Used by the CLI's
 * export and when the app opens a board.
 */
gboolean             evb_attachment_state_load_thumbnails (EvbAttachmentState *self,
                                                           EvbStore           *store,
                                                           GError            **error);

G_END_DECLS
