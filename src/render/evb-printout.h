/* evb-printout.h: a board or its report laid out on pages for printing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "evb-attachment-state.h"
#include "evb-board.h"

G_BEGIN_DECLS

typedef enum
{
  EVB_PRINTOUT_BOARD_FITTED,  /* the board's picture scaled to one page */
  EVB_PRINTOUT_BOARD_TILED,   /* at full size over numbered, overlapping pages */
  EVB_PRINTOUT_REPORT,        /* the investigation report */
} EvbPrintoutKind;

typedef struct _EvbPrintout EvbPrintout;

/**
 * evb_printout_new:
 * @board: the board
 * @kind: what to print
 * @attachments: (nullable): statuses and thumbnails drawn on the cards
 * @page_width: the printable width, in points
 * @page_height: the printable height, in points
 *
 * Lays out every page at once with the PDF export's and the report's own
 * code (title block, legend, tiles, page numbers), so a printout is the
 * PDF on the printer's paper. The pages are recorded, not rasterised:
 * each is drawn as vectors and text wherever it goes.
 *
 * Returns: (transfer full): the printout; free with evb_printout_free().
 */
EvbPrintout *evb_printout_new          (EvbBoard           *board,
                                        EvbPrintoutKind     kind,
                                        EvbAttachmentState *attachments,
                                        double              page_width,
                                        double              page_height);
guint        evb_printout_get_n_pages  (EvbPrintout        *printout);
/* Draws page (from 0) at cr's origin, clipped to the page. */
void         evb_printout_draw_page    (EvbPrintout        *printout,
                                        cairo_t            *cr,
                                        guint               page);
void         evb_printout_free         (EvbPrintout        *printout);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EvbPrintout, evb_printout_free)

G_END_DECLS
