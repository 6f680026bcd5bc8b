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

/* Writes the matrix of competing hypotheses of board to path, whole or not
 * at all: `export BOARD OUT --format matrix-csv` (evb_matrix_to_csv(),
 * every claim a column), or matrix-png, matrix-svg, matrix-pdf (a table
 * drawn by evb_matrix_picture_to_file()). With matches (a filter's, as
 * evb_cli_find_filter_matches() finds them), only the matrix of those
 * (evb_matrix_new_filtered()); a picture says so, with the
 * filter_description. An unknown format is an EVB_ERROR_INVALID. */
gboolean evb_cli_export_matrix (EvbBoard    *board,
                                GHashTable  *matches,
                                const char  *filter_description,
                                const char  *path,
                                const char  *format,
                                GError     **error);

G_END_DECLS
