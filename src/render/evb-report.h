/* evb-report.h: an investigation report of a board, as PDF or HTML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "evb-board.h"
#include "evb-export.h"

G_BEGIN_DECLS

typedef enum
{
  EVB_REPORT_PDF,
  EVB_REPORT_HTML,
} EvbReportFormat;

/**
 * evb_report_to_file:
 * @board: the board
 * @path: the file to write, atomically (on failure there is none)
 * @format: PDF (real text, on the options' paper; FIT is A4) or one
 *   self-contained HTML file (the picture inline as SVG, no scripts)
 * @options: (nullable): the picture's options (background, attachment
 *   statuses, progress) and the paper; the picture always has its legend
 *
 * Writes the report a desk hands on: the board's picture; each claim's
 * assessment (likelihood, then confidence on a line of its own, why, the
 * linchpin) and its supporting and refuting evidence; every item with its
 * full text, source, web address, grades and their meanings, dates, and
 * its attachment's name, size, full SHA-256 and status; the links' notes.
 *
 * Returns: %TRUE on success
 */
gboolean evb_report_to_file (EvbBoard               *board,
                             const char             *path,
                             EvbReportFormat         format,
                             const EvbExportOptions *options,
                             GCancellable           *cancellable,
                             GError                **error);

G_END_DECLS
