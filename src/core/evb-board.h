/* evb-board.h: a board of claims, evidence and links, with its undo history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "evb-link.h"
#include "evb-node.h"

G_BEGIN_DECLS

#define EVB_TYPE_BOARD (evb_board_get_type ())

G_DECLARE_FINAL_TYPE (EvbBoard, evb_board, EVB, BOARD, GObject)

EvbBoard    *evb_board_new              (const char  *title);

const char  *evb_board_get_title        (EvbBoard    *board);
const char  *evb_board_get_description  (EvbBoard    *board);
const char  *evb_board_get_created      (EvbBoard    *board);
const char  *evb_board_get_modified     (EvbBoard    *board);

/* Lookup by id is a hash lookup. The arrays are in drawing order (last on top)
 * and belong to the board: do not change them. */
guint        evb_board_get_n_nodes      (EvbBoard    *board);
guint        evb_board_get_n_links      (EvbBoard    *board);
GPtrArray   *evb_board_get_nodes        (EvbBoard    *board);
GPtrArray   *evb_board_get_links        (EvbBoard    *board);
EvbNode     *evb_board_get_node         (EvbBoard    *board,
                                         const char  *id);
EvbLink     *evb_board_get_link         (EvbBoard    *board,
                                         const char  *id);
EvbLink     *evb_board_find_link        (EvbBoard    *board,
                                         const char  *from,
                                         const char  *to);
/* The union of all node bounds; FALSE on an empty board. */
gboolean     evb_board_get_extents      (EvbBoard    *board,
                                         double      *x,
                                         double      *y,
                                         double      *width,
                                         double      *height);

/* Transactions. One transaction is one undo step and, when the board is
 * backed by a store, one SQLite transaction. Transactions nest: only the
 * outermost commit records the step. Every change below outside a
 * transaction runs in one of its own. */
void         evb_board_begin            (EvbBoard    *board,
                                         const char  *label);
gboolean     evb_board_commit           (EvbBoard    *board,
                                         GError     **error);
void         evb_board_rollback         (EvbBoard    *board);
gboolean     evb_board_in_transaction   (EvbBoard    *board);
/* Inside a transaction: if the last undo step was committed with the same
 * key and nothing was undone since, this transaction joins it instead of
 * making a step of its own (for typing: each key is written at once, the
 * whole edit is undone at once). Only transactions that update, never add
 * or remove, join. Use a fresh key for each editing session. */
void         evb_board_set_merge_key    (EvbBoard    *board,
                                         const char  *key);

/* Changes. Each validates first and changes nothing on error. */
gboolean     evb_board_set_title        (EvbBoard    *board,
                                         const char  *title,
                                         GError     **error);
gboolean     evb_board_set_description  (EvbBoard    *board,
                                         const char  *description,
                                         GError     **error);
/* data->id may be NULL: a fresh id is made. NULL created/modified become now. */
EvbNode     *evb_board_add_node         (EvbBoard    *board,
                                         const EvbNodeData *data,
                                         GError     **error);
/* Replaces every field of the node with data->id; sets modified to now. */
gboolean     evb_board_update_node      (EvbBoard    *board,
                                         const EvbNodeData *data,
                                         GError     **error);
gboolean     evb_board_move_node        (EvbBoard    *board,
                                         const char  *id,
                                         double       x,
                                         double       y,
                                         GError     **error);
/* Removes the node and every link that starts or ends at it. */
gboolean     evb_board_remove_node      (EvbBoard    *board,
                                         const char  *id,
                                         GError     **error);
gboolean     evb_board_remove_nodes     (EvbBoard    *board,
                                         const char * const *ids,
                                         GError     **error);
EvbLink     *evb_board_add_link         (EvbBoard    *board,
                                         const EvbLinkData *data,
                                         GError     **error);
gboolean     evb_board_update_link      (EvbBoard    *board,
                                         const EvbLinkData *data,
                                         GError     **error);
gboolean     evb_board_remove_link      (EvbBoard    *board,
                                         const char  *id,
                                         GError     **error);

/* History */
gboolean     evb_board_can_undo         (EvbBoard    *board);
gboolean     evb_board_can_redo         (EvbBoard    *board);
const char  *evb_board_get_undo_label   (EvbBoard    *board);
const char  *evb_board_get_redo_label   (EvbBoard    *board);
gboolean     evb_board_undo             (EvbBoard    *board,
                                         GError     **error);
gboolean     evb_board_redo             (EvbBoard    *board,
                                         GError     **error);
void         evb_board_clear_history    (EvbBoard    *board);

G_END_DECLS
