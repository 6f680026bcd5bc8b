/* evb-printout.c: a board or its report laid out on pages for printing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Printing draws what the PDF export and the report draw, on the paper the
 * print dialog chose. Their code writes its pages one after the other,
 * while GTK asks for pages one at a time and in any order (the preview
 * jumps about), so every page is recorded once, one below the other, on a
 * single unbounded recording surface, and a page is that surface replayed
 * through a window the size of the page.
 */

#include "config.h"

#include "evb-export-private.h"
#include "evb-printout.h"

struct _EvbPrintout
{
  cairo_surface_t *pages;
  double           page_width;
  double           page_height;
  guint            n_pages;
};

EvbPrintout *
evb_printout_new (EvbBoard           *board,
                  EvbPrintoutKind     kind,
                  EvbAttachmentState *attachments,
                  double              page_width,
                  double              page_height)
{
  EvbPrintout *printout;
  EvbExportOptions options;
  cairo_t *cr;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  g_return_val_if_fail (kind <= EVB_PRINTOUT_REPORT, NULL);
  g_return_val_if_fail (page_width > 0 && page_height > 0, NULL);

  printout = g_new0 (EvbPrintout, 1);
  printout->page_width = page_width;
  printout->page_height = page_height;
  printout->pages = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);

  evb_export_options_init (&options);
  options.attachments = attachments;
  options.title_block = TRUE;
  options.legend = TRUE;
  options.tile = kind == EVB_PRINTOUT_BOARD_TILED;

  cr = cairo_create (printout->pages);
  _evb_export_stack_pages (cr, page_height);
  if (kind == EVB_PRINTOUT_REPORT)
    _evb_report_draw (board, &options, cr, page_width, page_height);
  else
    _evb_export_draw_paper (board, &options, cr, page_width, page_height);
  printout->n_pages = MAX (_evb_export_get_n_stacked_pages (cr), 1);
  cairo_destroy (cr);
  return printout;
}

guint
evb_printout_get_n_pages (EvbPrintout *printout)
{
  g_return_val_if_fail (printout != NULL, 0);

  return printout->n_pages;
}

void
evb_printout_draw_page (EvbPrintout *printout,
                        cairo_t     *cr,
                        guint        page)
{
  g_return_if_fail (printout != NULL);
  g_return_if_fail (cr != NULL);

  if (page >= printout->n_pages)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, printout->page_width, printout->page_height);
  cairo_clip (cr);
  cairo_set_source_surface (cr, printout->pages, 0, -(double) page * printout->page_height);
  cairo_paint (cr);
  cairo_restore (cr);
}

void
evb_printout_free (EvbPrintout *printout)
{
  if (printout == NULL)
    return;
  cairo_surface_destroy (printout->pages);
  g_free (printout);
}
