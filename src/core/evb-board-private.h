/* evb-board-private.h: what the store and the JSON reader need of a board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-board.h"
#include "evb-change.h"

G_BEGIN_DECLS

/* Called at the outermost commit (and for undo and redo) with the changes of
 * the step, in order. If it fails, the board puts every change back and the
 * commit fails with its error. This is how a store makes one undo step one
 * SQLite transaction. */
typedef gboolean (*EvbBoardCommitFunc) (EvbBoard   *board,
                                        GPtrArray  *changes,
                                        gpointer    user_data,
                                        GError    **error);

void      _evb_board_set_commit_func (EvbBoard           *board,
                                      EvbBoardCommitFunc  func,
                                      gpointer            user_data,
                                      GDestroyNotify      destroy);

/* Building a board from a file or a document: no history, no signals, no
 * commit func, no timestamps touched. Each validates like the public API
 * (a node's data, a link's endpoints, duplicates) and takes ownership of
 * data whether it succeeds or not. */
void      _evb_board_load_meta       (EvbBoard           *board,
                                      const char         *title,
                                      const char         *description,
                                      const char         *created,
                                      const char         *modified);
EvbNode  *_evb_board_load_node       (EvbBoard           *board,
                                      EvbNodeData        *data,
                                      GError            **error);
EvbLink  *_evb_board_load_link       (EvbBoard           *board,
                                      EvbLinkData        *data,
                                      GError            **error);
/* The checks of _evb_board_load_link() that need no board: lengths, id,
 * relation, strength, UTF-8. The JSON import that streams rows into a new
 * file without a board checks the ends, the pair and the id itself. */
gboolean  _evb_link_data_validate_fields (const EvbLinkData *data,
                                          GError           **error);
/* After every node it names. */
EvbGroup *_evb_board_load_group      (EvbBoard           *board,
                                      EvbGroupData       *data,
                                      GError            **error);
/* Puts a loaded node somewhere else (the JSON reader places cards that
 * came without a position once it has read them all). */
void      _evb_board_load_position   (EvbBoard           *board,
                                      const char         *id,
                                      double              x,
                                      double              y);
/* Sizes a loaded node (the importer sizes cards that came without a size
 * once it can measure them). */
void      _evb_board_load_size       (EvbBoard           *board,
                                      const char         *id,
                                      double              width,
                                      double              height);
void      _evb_board_set_modified    (EvbBoard           *board,
                                      const char         *modified);

G_END_DECLS
