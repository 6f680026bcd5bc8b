/* evb-cli-assess.h: the assess command's output and the matrix export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-board.h"

G_BEGIN_DECLS

/* The assessment of every claim and the matrix, as the one JSON object of
 * `assess --json` (see docs/ASSESSMENT.md). (transfer full) */
char *evb_cli_assessment_to_json (EvbBoard *board);

/* The same for people: a paragraph a claim. (transfer full) */
char *evb_cli_assessment_to_text (EvbBoard *board);

/* Writes the matrix of competing hypotheses of board as CSV
 * (evb_matrix_to_csv(), every claim a column) to path, whole or not at
 * all: `export BOARD OUT.csv --format matrix-csv`. */
gboolean evb_cli_export_matrix_csv (EvbBoard    *board,
                                    const char  *path,
                                    GError     **error);

G_END_DECLS
