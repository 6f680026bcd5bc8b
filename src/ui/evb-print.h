/* evb-print.h: print a board, or its report, through GTK's print dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "evb-attachment-state.h"
#include "evb-board.h"

G_BEGIN_DECLS

/**
 * evb_print_run:
 * @parent: the window the dialog belongs to
 * @board: the board to print
 * @attachments: (nullable): statuses and thumbnails drawn on the cards
 * @export_filename: (nullable): %NULL to show the print dialog (with its
 *   preview); a PDF path to print there without a dialog (for tests)
 * @kind_name: (nullable): without a dialog, what to print: "fitted",
 *   "tiled" or "report"; %NULL is "fitted"
 *
 * Prints the board fitted to a page, tiled over pages at full size, or its
 * investigation report: the print dialog has a tab to choose, and its page
 * setup picks the paper. Errors are shown in a dialog.
 */
void evb_print_run (GtkWindow          *parent,
                    EvbBoard           *board,
                    EvbAttachmentState *attachments,
                    const char         *export_filename,
                    const char         *kind_name);

G_END_DECLS
