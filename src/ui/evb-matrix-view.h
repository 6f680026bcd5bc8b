/* evb-matrix-view.h: the board as a matrix of competing hypotheses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "evb-assessment.h"
#include "evb-board.h"
#include "evb-selection.h"

G_BEGIN_DECLS

#define EVB_TYPE_MATRIX_VIEW (evb_matrix_view_get_type ())

G_DECLARE_FINAL_TYPE (EvbMatrixView, evb_matrix_view, EVB, MATRIX_VIEW, AdwBin)

/**
 * EvbMatrixView:
 *
 * A second view of the board: a #GtkColumnView with one row per evidence
 * item (its title, grades and diagnosticity; rows are shaded and can be
 * sorted by diagnosticity) and one column per claim, each cell reading
 * CC, C, N, I or II. The last row gives each hypothesis its inconsistency
 * score and its likelihood. Hypotheses can be hidden from a menu.
 *
 * A click on a cell opens a menu of the five values; with the keyboard,
 * the arrows move between cells and C, Shift+C (CC), I, Shift+I (II), N or
 * Delete set one. Each edit is one undo step (evb_editing_set_cell()).
 * Selecting a row or clicking a column header selects that card on the
 * board's one selection. The view follows the board: changes are gathered
 * and the snapshot is rebuilt once, in an idle.
 *
 * Installs the actions `matrix.set-cell` ("(sss)": evidence id, claim id,
 * "CC", "C", "N", "I" or "II") and `matrix.select` ("s": a card's id).
 *
 * Signals:
 * - `error` (GError *): an edit could not be made.
 */

GtkWidget  *evb_matrix_view_new           (void);
/* Shows board (NULL: nothing), following its one selection; the footer
 * shows assessment's words. Keeps references. */
void        evb_matrix_view_set_board     (EvbMatrixView *self,
                                           EvbBoard      *board,
                                           EvbSelection  *selection,
                                           EvbAssessment *assessment);

/**
 * evb_matrix_view_set_scope:
 * @matches: (nullable): the ids of the cards the board's filter lets
 *   through, as a set (copied), or %NULL for every card
 *
 * Shows only the matching evidence as rows and, when two or more claims
 * match, those claims as columns (otherwise every claim:
 * evb_matrix_new_filtered()), and says so above the matrix with how many
 * of how many are shown.
 */
void        evb_matrix_view_set_scope     (EvbMatrixView *self,
                                           GHashTable    *matches);

/* Puts the keyboard focus on a cell: in the selected row, or the first. */
void        evb_matrix_view_focus         (EvbMatrixView *self);

/**
 * evb_matrix_view_get_cell_text:
 * @evidence_id: a row
 * @claim_id: a column
 *
 * For tests: what the cell's widget shows now.
 *
 * Returns: (transfer none) (nullable): "CC" … "II", or %NULL when that
 *   cell has no widget (scrolled away, or not a cell).
 */
const char *evb_matrix_view_get_cell_text (EvbMatrixView *self,
                                           const char    *evidence_id,
                                           const char    *claim_id);

/* For tests and the debug log: how long the last rebuild of the snapshot
 * took, in microseconds. */
gint64      evb_matrix_view_get_rebuild_time (EvbMatrixView *self);

G_END_DECLS
