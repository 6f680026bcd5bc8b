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
 * @path: where the picture goes; written whole or not at all
 * @format: PNG, SVG or PDF
 * @dark: dark colours instead of light ones
 * @error: return location for an error
 *
 * Draws the board's matrix of competing hypotheses as a table, as the
 * matrix view shows it: one row per evidence item (title, grades,
 * diagnosticity, shaded by it), one column per claim with its cells (CC,
 * C, N, I, II), and under each column its inconsistency score and
 * likelihood. Fails, saying why, when the table would be larger than
 * %EVB_EXPORT_MAX_PIXELS either way.
 *
 * Returns: whether the file was written.
 */
gboolean evb_matrix_picture_to_file (EvbBoard         *board,
                                     const char       *path,
                                     EvbExportFormat   format,
                                     gboolean          dark,
                                     GError          **error);

G_END_DECLS
