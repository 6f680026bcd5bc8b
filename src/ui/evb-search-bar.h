/* evb-search-bar.h: finding cards by their words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "evb-canvas.h"

G_BEGIN_DECLS

#define EVB_TYPE_SEARCH_BAR (evb_search_bar_get_type ())

G_DECLARE_FINAL_TYPE (EvbSearchBar, evb_search_bar, EVB, SEARCH_BAR, GtkWidget)

/**
 * EvbSearchBar:
 *
 * The search entry above the canvas, with the match count and previous
 * and next buttons (win.find-previous, win.find-next). It owns the
 * board's #EvbSearch and the matches: matching cards are highlighted on
 * the canvas as the person types, the current match is selected and
 * centred, and the matches follow the board's changes.
 *
 * Properties:
 * - `search-mode-enabled` (boolean): the bar is shown.
 * - `n-matches` (guint, read-only): how many cards match.
 */

/**
 * evb_search_bar_set_board:
 * @board: (nullable): the board to search, or %NULL (the bar closes)
 * @selection: (nullable): its selection, where the current match goes
 */
void      evb_search_bar_set_board       (EvbSearchBar *self,
                                          EvbBoard     *board,
                                          EvbSelection *selection);
/**
 * evb_search_bar_set_canvas:
 * @canvas: (nullable): where matches are highlighted and centred, and
 *   whose keys open the bar; not referenced
 */
void      evb_search_bar_set_canvas      (EvbSearchBar *self,
                                          EvbCanvas    *canvas);
gboolean  evb_search_bar_get_search_mode (EvbSearchBar *self);
void      evb_search_bar_set_search_mode (EvbSearchBar *self,
                                          gboolean      enabled);
guint     evb_search_bar_get_n_matches   (EvbSearchBar *self);
/* Looks among these cards only (node ids; the bar keeps a copy), as the
 * filter lets them through; NULL = every card. */
void      evb_search_bar_set_scope       (EvbSearchBar *self,
                                          GHashTable   *ids);
/* Opens the bar with the entry focused and its text selected. */
void      evb_search_bar_begin           (EvbSearchBar *self);
/* Selects and centres the next (1) or previous (-1) match, wrapping. */
void      evb_search_bar_step            (EvbSearchBar *self,
                                          int           step);

G_END_DECLS
