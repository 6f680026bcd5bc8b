/* evb-board.h: a board of claims, evidence and links, with its undo history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "evb-group.h"
#include "evb-link.h"
#include "evb-node.h"

G_BEGIN_DECLS

#define EVB_TYPE_BOARD (evb_board_get_type ())

G_DECLARE_FINAL_TYPE (EvbBoard, evb_board, EVB, BOARD, GObject)

/**
 * EvbBoard:
 *
 * The board model: nodes (claims and evidence) and the supports/refutes
 * links between them, in drawing order, with an undo history. Every change
 * is validated first and changes nothing on error. The app changes boards
 * only through the editing layer (evb-editing.h), which wraps each command
 * in one transaction.
 *
 * Properties (read-only, notified only when the value changes):
 * - `title`, `description` (utf8)
 * - `can-undo`, `can-redo` (gboolean)
 *
 * Signals (each carries the item, owned by the board; all are emitted as
 * the change is applied, inside the transaction, and again, inverted, when
 * a transaction is rolled back or a step undone):
 * - `node-added` (EvbNode *node)
 * - `node-removed` (EvbNode *node): the node is still valid during emission.
 *   A removed node's links are removed first, each with `link-removed`.
 * - `node-changed` (EvbNode *node): any field, position included.
 * - `link-added` (EvbLink *link)
 * - `link-removed` (EvbLink *link)
 * - `link-changed` (EvbLink *link): relation, strength or note.
 * - `group-added` (EvbGroup *group)
 * - `group-removed` (EvbGroup *group): the group is still valid during
 *   emission. Removing a node takes it out of its group first (one
 *   `group-changed`); a group left without members is removed.
 * - `group-changed` (EvbGroup *group): label, colour, collapsed or members.
 * - `changed` (void): the board's title or description changed.
 * - `committed` (void): a transaction, an undo or a redo reached the store
 *   (or finished, for a board without one): the moment to write it back.
 */

/**
 * evb_board_new:
 * @title: the board's title
 *
 * Returns: (transfer full): an empty board with no store and no history.
 */
EvbBoard    *evb_board_new              (const char  *title);

/* The board's fields. (transfer none): the strings belong to the board and
 * live until the field changes. */
const char  *evb_board_get_title        (EvbBoard    *board);
const char  *evb_board_get_description  (EvbBoard    *board);
const char  *evb_board_get_created      (EvbBoard    *board);
const char  *evb_board_get_modified     (EvbBoard    *board);

guint        evb_board_get_n_nodes      (EvbBoard    *board);
guint        evb_board_get_n_links      (EvbBoard    *board);

/**
 * evb_board_get_nodes:
 *
 * Returns: (transfer none) (element-type EvbNode): every node in drawing
 *   order (last on top). The array belongs to the board: do not change it,
 *   and do not keep it across a change of the board.
 */
GPtrArray   *evb_board_get_nodes        (EvbBoard    *board);

/**
 * evb_board_get_links:
 *
 * Returns: (transfer none) (element-type EvbLink): every link in drawing
 *   order, as evb_board_get_nodes().
 */
GPtrArray   *evb_board_get_links        (EvbBoard    *board);

/**
 * evb_board_get_node:
 * @id: a node id
 *
 * A hash lookup.
 *
 * Returns: (transfer none) (nullable): the node, or %NULL.
 */
EvbNode     *evb_board_get_node         (EvbBoard    *board,
                                         const char  *id);

/**
 * evb_board_get_link:
 * @id: a link id
 *
 * Returns: (transfer none) (nullable): the link, or %NULL.
 */
EvbLink     *evb_board_get_link         (EvbBoard    *board,
                                         const char  *id);

/**
 * evb_board_find_link:
 * @from: the id of the node the link starts at
 * @to: the id of the node it ends at
 *
 * Returns: (transfer none) (nullable): the one link from @from to @to (a
 *   board holds at most one per ordered pair), or %NULL.
 */
EvbLink     *evb_board_find_link        (EvbBoard    *board,
                                         const char  *from,
                                         const char  *to);

/* The union of all node bounds; FALSE on an empty board. */
gboolean     evb_board_get_extents      (EvbBoard    *board,
                                         double      *x,
                                         double      *y,
                                         double      *width,
                                         double      *height);

/*
 * Transactions. One transaction is one undo step and, when the board is
 * backed by a store, one SQLite transaction. Transactions nest: only the
 * outermost commit records the step, and a rollback at any depth undoes
 * every change pending since the outermost begin. Every change below made
 * outside a transaction runs in one of its own.
 */

/* @label: (transfer none): the undo step's name, e.g. "Move"; copied. */
void         evb_board_begin            (EvbBoard    *board,
                                         const char  *label);
/* Ends the transaction; the outermost commit records the step and writes
 * it to the store. On a store error the changes are rolled back. */
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

/* Changes. Each validates first and changes nothing on error; strings are
 * copied. */
gboolean     evb_board_set_title        (EvbBoard    *board,
                                         const char  *title,
                                         GError     **error);
gboolean     evb_board_set_description  (EvbBoard    *board,
                                         const char  *description,
                                         GError     **error);

/**
 * evb_board_add_node:
 * @data: the node's fields (copied); a %NULL id gets a fresh one; %NULL
 *   created/modified become now
 *
 * Returns: (transfer none) (nullable): the new node, owned by the board,
 *   or %NULL with @error set.
 */
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
/* @ids: (array zero-terminated=1): all or nothing. */
gboolean     evb_board_remove_nodes     (EvbBoard    *board,
                                         const char * const *ids,
                                         GError     **error);

/**
 * evb_board_add_link:
 * @data: the link's fields (copied); a %NULL id gets a fresh one
 *
 * Refuses a self link, a second link for the same ordered pair, and ends
 * that are not on the board.
 *
 * Returns: (transfer none) (nullable): the new link, owned by the board.
 */
EvbLink     *evb_board_add_link         (EvbBoard    *board,
                                         const EvbLinkData *data,
                                         GError     **error);
/* Relation, strength and note; a link's ends never change (relink is a
 * remove and an add: evb_editing_relink). */
gboolean     evb_board_update_link      (EvbBoard    *board,
                                         const EvbLinkData *data,
                                         GError     **error);
gboolean     evb_board_remove_link      (EvbBoard    *board,
                                         const char  *id,
                                         GError     **error);

/* Groups: labelled frames around cards. A node is in at most one group;
 * a group holds at least one node. */
guint        evb_board_get_n_groups     (EvbBoard    *board);

/**
 * evb_board_get_groups:
 *
 * Returns: (transfer none) (element-type EvbGroup): every group in drawing
 *   order, as evb_board_get_nodes().
 */
GPtrArray   *evb_board_get_groups       (EvbBoard    *board);

/**
 * evb_board_get_group:
 * @id: a group id
 *
 * Returns: (transfer none) (nullable): the group, or %NULL.
 */
EvbGroup    *evb_board_get_group        (EvbBoard    *board,
                                         const char  *id);

/**
 * evb_board_get_node_group:
 * @node_id: a node id
 *
 * Returns: (transfer none) (nullable): the group the node is in, or %NULL.
 */
EvbGroup    *evb_board_get_node_group   (EvbBoard    *board,
                                         const char  *node_id);

/**
 * evb_board_add_group:
 * @data: the group's fields (copied); a %NULL id gets a fresh one
 *
 * Refuses members that are not on the board, listed twice or already in
 * another group, and an empty member list.
 *
 * Returns: (transfer none) (nullable): the new group, owned by the board.
 */
EvbGroup    *evb_board_add_group        (EvbBoard    *board,
                                         const EvbGroupData *data,
                                         GError     **error);
/* Replaces every field of the group with data->id, members included. */
gboolean     evb_board_update_group     (EvbBoard    *board,
                                         const EvbGroupData *data,
                                         GError     **error);
/**
 * evb_board_get_group_frame:
 * @group: a group of @board
 *
 * The frame around the group's cards: their bounds grown by
 * %EVB_GROUP_PADDING, and by %EVB_GROUP_LABEL_HEIGHT at the top. For a
 * collapsed group, the collapsed card at the frame's top left.
 */
void         evb_board_get_group_frame  (EvbBoard    *board,
                                         EvbGroup    *group,
                                         double      *x,
                                         double      *y,
                                         double      *width,
                                         double      *height);
/* The frame as evb_board_get_group_frame() gives it for an expanded group,
 * whether the group is collapsed or not. */
void         evb_board_get_group_bounds (EvbBoard    *board,
                                         EvbGroup    *group,
                                         double      *x,
                                         double      *y,
                                         double      *width,
                                         double      *height);
/* Removes the frame only: its cards stay on the board. */
gboolean     evb_board_remove_group     (EvbBoard    *board,
                                         const char  *id,
                                         GError     **error);

/* History. The labels are (transfer none) and (nullable): NULL when there
 * is nothing to undo or redo. Undo and redo fail while a transaction is
 * open. */
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
