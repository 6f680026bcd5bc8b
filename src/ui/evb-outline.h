/* evb-outline.h: the board as a list, for the keyboard and screen readers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "evb-assessment.h"
#include "evb-board.h"
#include "evb-selection.h"

G_BEGIN_DECLS

#define EVB_TYPE_OUTLINE (evb_outline_get_type ())

G_DECLARE_FINAL_TYPE (EvbOutline, evb_outline, EVB, OUTLINE, GtkWidget)

/**
 * EvbOutline:
 *
 * The board as a tree list: each claim with the links of the evidence
 * (and claims) that support or refute it beneath, then the cards that are
 * linked to nothing. Each row shows, and says to a screen reader, the
 * relation, strength, grades and the claim's assessment.
 *
 * Enter selects the row's card or link on the board (the board's one
 * #EvbSelection); Delete, F2 and the context menu (Menu, Shift+F10, a
 * right click) act on it through the window's actions (`win.delete`,
 * `win.edit-title`, `win.link-to`, `win.link-supports`...). Typing a
 * title's first letters moves to it.
 *
 * A model, not a widget per card: a board of 10,000 cards costs as many
 * rows as fit on the screen.
 */

GtkWidget *evb_outline_new       (void);
/**
 * evb_outline_set_board:
 * @self: the outline
 * @board: (nullable): the board to list, or %NULL for none
 * @selection: (nullable): @board's selection
 * @assessment: (nullable): @board's assessment, shown in each claim's row
 *
 * Lists @board and keeps following its changes. Keeps references.
 */
void       evb_outline_set_board (EvbOutline    *self,
                                  EvbBoard      *board,
                                  EvbSelection  *selection,
                                  EvbAssessment *assessment);
/**
 * evb_outline_focus:
 * @self: the outline
 *
 * Puts the keyboard focus on the list.
 */
void       evb_outline_focus     (EvbOutline   *self);
/* Lists only these cards (node ids; the outline keeps a copy) at the top
 * level, as a filter that hides the others does; NULL = every card. */
void       evb_outline_set_scope (EvbOutline   *self,
                                  GHashTable   *ids);
/**
 * evb_outline_get_list_model:
 * @self: the outline
 *
 * For tests: the rows as they are listed, each an item whose `label`
 * property is what a screen reader says of it.
 *
 * Returns: (transfer none): the list's model.
 */
GListModel *evb_outline_get_list_model (EvbOutline *self);

/* For tests: how many times the rows were made from the board. */
guint      _evb_outline_get_n_rebuilds (EvbOutline *self);

G_END_DECLS
