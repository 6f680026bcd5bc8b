/* evb-matrix.h: the matrix of competing hypotheses (Heuer's ACH)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "evb-board.h"

G_BEGIN_DECLS

/* What one evidence item's link says of one hypothesis. */
typedef enum
{
  EVB_MATRIX_CELL_N,    /* no link */
  EVB_MATRIX_CELL_C,    /* supports, weak or moderate: consistent */
  EVB_MATRIX_CELL_CC,   /* supports, strong: very consistent */
  EVB_MATRIX_CELL_I,    /* refutes, weak or moderate: inconsistent */
  EVB_MATRIX_CELL_II,   /* refutes, strong: very inconsistent */
} EvbMatrixCell;

/* "N", "C", "CC", "I", "II". */
const char    *evb_matrix_cell_to_string   (EvbMatrixCell  cell);
gboolean       evb_matrix_cell_from_string (const char    *str,
                                            EvbMatrixCell *cell);
/* The cell a link from an evidence item to a claim makes. */
EvbMatrixCell  evb_matrix_cell_for_link    (EvbLink       *link);

/**
 * EvbMatrix:
 *
 * A snapshot of the matrix of competing hypotheses of a board: the claims
 * are the hypotheses (columns), every evidence item is a row. Beside each
 * row its diagnosticity (0 when the item says the same of every
 * hypothesis, 1 when it is very consistent with one and very inconsistent
 * with another); under each column its inconsistency score (Heuer's rule:
 * II counts 2, I counts 1, C, CC and N nothing, each weighted by the item's
 * grades; the hypothesis with the lowest score survives best).
 */
typedef struct _EvbMatrix EvbMatrix;

/**
 * evb_matrix_new:
 * @board: the board
 * @hypotheses: (nullable) (array zero-terminated=1): the claim ids to use as
 *   columns, in this order (ids that are not claims are skipped), or %NULL
 *   for every claim in the board's order
 *
 * Returns: (transfer full): the matrix; free it with evb_matrix_free().
 */
EvbMatrix     *evb_matrix_new                (EvbBoard           *board,
                                              const char * const *hypotheses);
/**
 * evb_matrix_new_filtered:
 * @board: the board
 * @hypotheses: (nullable) (array zero-terminated=1): as for evb_matrix_new()
 * @matches: (nullable): the ids of the cards a filter lets through, as a
 *   set (evb_filter_find()), or %NULL when it lets every card through
 *
 * The matrix of the cards a filter lets through: the matching evidence as
 * rows, diagnosticity and scores computed over what is shown. The claims
 * stay the competing set: the matching claims become the columns only
 * when two or more match; when none or one does (a filter on evidence
 * only, on grades, dates or files, which claims seldom have, or a tag
 * one claim shares with the evidence), every claim stays a column, since
 * one hypothesis has nothing to compete with and none weighs nothing.
 * The view, the CSV and the pictures all make their matrix here, so they
 * follow the same rule.
 *
 * Returns: (transfer full): the matrix; free it with evb_matrix_free().
 */
EvbMatrix     *evb_matrix_new_filtered       (EvbBoard           *board,
                                              const char * const *hypotheses,
                                              GHashTable         *matches);
void           evb_matrix_free               (EvbMatrix          *matrix);

/* Whether it shows a filter's matches only (evb_matrix_new_filtered()). */
gboolean       evb_matrix_is_filtered        (EvbMatrix          *matrix);
/**
 * evb_matrix_describe_scope:
 * @matrix: the matrix
 *
 * What a filtered matrix leaves out, for a person: "Filtered: 3 of 17
 * evidence items against 2 of 3 hypotheses." The matrix view says it
 * above the table, and so does every picture of a filtered matrix.
 *
 * Returns: (transfer full) (nullable): the sentence, or %NULL when the
 *   matrix is not filtered (evb_matrix_is_filtered()).
 */
char          *evb_matrix_describe_scope     (EvbMatrix          *matrix);
/* How many evidence items and claims the board has, shown or not. */
guint          evb_matrix_get_n_evidence     (EvbMatrix          *matrix);
guint          evb_matrix_get_n_claims       (EvbMatrix          *matrix);

guint          evb_matrix_get_n_hypotheses   (EvbMatrix          *matrix);
/* (transfer none): the claim id of column @column. */
const char    *evb_matrix_get_hypothesis     (EvbMatrix          *matrix,
                                              guint               column);
guint          evb_matrix_get_n_rows         (EvbMatrix          *matrix);
/* (transfer none): the evidence id of row @row. */
const char    *evb_matrix_get_row            (EvbMatrix          *matrix,
                                              guint               row);
EvbMatrixCell  evb_matrix_get_cell           (EvbMatrix          *matrix,
                                              guint               row,
                                              guint               column);
double         evb_matrix_get_diagnosticity  (EvbMatrix          *matrix,
                                              guint               row);
double         evb_matrix_get_inconsistency  (EvbMatrix          *matrix,
                                              guint               column);

/**
 * evb_matrix_to_csv:
 * @matrix: the matrix
 * @board: the board it was made from
 *
 * RFC 4180 CSV: a header line, then one line an evidence item: its id,
 * title, reliability, credibility and diagnosticity, then its cell for each
 * hypothesis (the header names each column by the claim's title).
 *
 * Returns: (transfer full): the text.
 */
char          *evb_matrix_to_csv             (EvbMatrix          *matrix,
                                              EvbBoard           *board);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EvbMatrix, evb_matrix_free)

G_END_DECLS
