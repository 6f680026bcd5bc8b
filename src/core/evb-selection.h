/* evb-selection.h: the one set of selected cards and links of a board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "evb-board.h"

G_BEGIN_DECLS

#define EVB_TYPE_SELECTION (evb_selection_get_type ())

G_DECLARE_FINAL_TYPE (EvbSelection, evb_selection, EVB, SELECTION, GObject)

/**
 * EvbSelection:
 *
 * The node and link ids selected on one board, in the order they were
 * selected. There is one per open board: the canvas, the renderer, the
 * inspector and every other view observe it and never keep a copy.
 *
 * Ids that are not (or no longer) on the board are never held: selecting
 * one is ignored, and removing a node or link from the board unselects it.
 *
 * Signals:
 * - `changed` (void): the set or its order changed. Emitted once per call
 *   that changes something, never by a call that changes nothing.
 */

/**
 * evb_selection_new:
 * @board: the board whose items are selected
 *
 * Returns: (transfer full): an empty selection that follows @board (it
 *   keeps a reference to it).
 */
EvbSelection *evb_selection_new          (EvbBoard      *board);

/**
 * evb_selection_get_board:
 *
 * Returns: (transfer none): the board.
 */
EvbBoard     *evb_selection_get_board    (EvbSelection  *self);

/**
 * evb_selection_get_nodes:
 *
 * Returns: (transfer none) (element-type utf8): the selected node ids in
 *   the order they were selected; valid until the selection changes.
 */
GPtrArray    *evb_selection_get_nodes    (EvbSelection  *self);

/**
 * evb_selection_get_links:
 *
 * Returns: (transfer none) (element-type utf8): the selected link ids in
 *   the order they were selected; valid until the selection changes.
 */
GPtrArray    *evb_selection_get_links    (EvbSelection  *self);

/**
 * evb_selection_get_ids:
 *
 * Returns: (transfer none): every selected id (node and link) as a set of
 *   strings (keys), for fast membership tests while drawing.
 */
GHashTable   *evb_selection_get_ids      (EvbSelection  *self);

gboolean      evb_selection_contains     (EvbSelection  *self,
                                          const char    *id);
gboolean      evb_selection_is_empty     (EvbSelection  *self);

/**
 * evb_selection_get_last_node:
 *
 * Returns: (transfer none) (nullable): the id of the node selected last,
 *   the one the keyboard acts on, or %NULL when no node is selected.
 */
const char   *evb_selection_get_last_node (EvbSelection *self);

/* Selects @id (a node or link of the board); with @add FALSE it becomes
 * the only selected item. */
void          evb_selection_select       (EvbSelection  *self,
                                          const char    *id,
                                          gboolean       add);
void          evb_selection_unselect     (EvbSelection  *self,
                                          const char    *id);
void          evb_selection_toggle       (EvbSelection  *self,
                                          const char    *id);
/* Replaces the whole selection with these ids (NULL-terminated; nodes and
 * links may be mixed; unknown ids are skipped) in one change. */
void          evb_selection_set          (EvbSelection       *self,
                                          const char * const *ids);
/* Adds these ids (as evb_selection_set, but keeps what is selected). */
void          evb_selection_add          (EvbSelection       *self,
                                          const char * const *ids);
/* Every card, and no link. */
void          evb_selection_select_all   (EvbSelection  *self);
void          evb_selection_clear        (EvbSelection  *self);

G_END_DECLS
