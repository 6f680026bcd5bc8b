/* evb-export-dialog.h: the options of an image export, then its file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "evb-session.h"

G_BEGIN_DECLS

/**
 * EvbExportChoices:
 * @selection: only the selected cards
 * @scale: 1 to 4 (PNG only)
 * @background: light, dark or transparent
 * @legend: what the lines and grades mean, in a corner
 * @title_block: the board's title, date, description and counts above it
 * @filter: the board's filter applies: the cards it leaves out are dimmed
 *   or hidden, as on the canvas
 * @paper: PDF only: the board's own size, or a paper it is scaled to fit
 * @orientation: PDF only, on paper: portrait or landscape
 *
 * The last image export's choices, offered again by the next one.
 */
typedef struct
{
  gboolean             selection;
  guint                scale;
  EvbExportBackground  background;
  gboolean             legend;
  gboolean             title_block;
  gboolean             filter;
  EvbExportPaper       paper;
  EvbExportOrientation orientation;
} EvbExportChoices;

/* Whole board, 2×, light, with the legend; a PDF the board's size. */
void  evb_export_choices_init         (EvbExportChoices    *choices);

/**
 * evb_export_choices_to_options:
 * @choices: what the person chose
 * @format: PNG, SVG or PDF
 * @options: (out caller-allocates): set from evb_export_options_init() and
 *   @choices; the paper only for a PDF. Areas and filters are left to the
 *   caller, who knows the selection.
 */
void  evb_export_choices_to_options   (const EvbExportChoices *choices,
                                       EvbExportFormat         format,
                                       EvbExportOptions       *options);

/**
 * evb_export_dialog_present:
 * @parent: the window
 * @session: the board to export
 * @format: PNG, SVG or PDF
 * @choices: what to offer; updated with what the person chose. Must live
 *   as long as @parent.
 * @callback: given to evb_session_export_image_async() once the options
 *   and the file are chosen, with a new reference to @parent as user data
 *
 * Asks the export options (area, scale, background, legend; for a PDF
 * the paper and orientation), then the file, then asks @session to
 * export. Nothing happens if the person cancels either.
 */
void  evb_export_dialog_present       (GtkWindow           *parent,
                                       EvbSession          *session,
                                       EvbExportFormat      format,
                                       EvbExportChoices    *choices,
                                       GAsyncReadyCallback  callback);

/**
 * evb_export_dialog_present_report:
 * @parent: the window
 * @session: the board to report on
 * @callback: given to evb_session_export_report_async() once the file is
 *   chosen, with a new reference to @parent as user data
 *
 * While the board's filter is set, first asks whether to apply it (the
 * picture dims or hides as the canvas does, the text lists only the
 * matching cards). Then asks for the file (PDF; HTML when its name ends
 * in .html), then asks @session to write the investigation report on A4.
 */
void  evb_export_dialog_present_report (GtkWindow           *parent,
                                        EvbSession          *session,
                                        GAsyncReadyCallback  callback);

/**
 * evb_export_dialog_suggest_name:
 * @board: the board
 * @extension: e.g. ".png"
 *
 * Returns: (transfer full): a file name from the board's title.
 */
char *evb_export_dialog_suggest_name  (EvbBoard            *board,
                                       const char          *extension);

G_END_DECLS
