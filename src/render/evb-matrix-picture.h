/* evb-matrix-picture.h: the matrix of competing hypotheses as a picture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "evb-board.h"
#include "evb-export.h"

G_BEGIN_DECLS

/**
 * evb_matrix_picture_to_file:
 * @board: the board
 * @matches: (nullable): the ids of the cards a filter lets through, as a
 *   set (evb_filter_find()), or %NULL for the whole matrix
 * @filter_description: (nullable): that filter in words
 *   (evb_filter_describe()), said after the count
 * @path: where the picture goes; written whole or not at all
 * @format: PNG, SVG or PDF
 * @dark: dark colours instead of light ones
 * @error: return location for an error
 *
 * Draws the board's matrix of competing hypotheses as a table, as the
 * matrix view shows it: one row per evidence item (title, grades,
 * diagnosticity, shaded by it), one column per claim with its cells (CC,
 * C, N, I, II), and under each column its inconsistency score and
 * likelihood. A filtered matrix (evb_matrix_new_filtered()) says above
 * the table what it leaves out, in the view's words
 * (evb_matrix_describe_scope()). Fails, saying why, when the table would
 * be larger than %EVB_EXPORT_MAX_PIXELS either way.
 *
 * Returns: whether the file was written.
 */
gboolean evb_matrix_picture_to_file (EvbBoard         *board,
                                     GHashTable       *matches,
                                     const char       *filter_description,
                                     const char       *path,
                                     EvbExportFormat   format,
                                     gboolean          dark,
                                     GError          **error);

G_END_DECLS
