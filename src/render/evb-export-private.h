/* evb-export-private.h: for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>
#include <gsk/gsk.h>

#include "evb-board.h"
#include "evb-export.h"

G_BEGIN_DECLS

/* Writes an ARGB32 image surface as PNG to fd; FALSE with errno set if
 * writing failed (errno 0 for other failures). */
gboolean _evb_export_write_png (cairo_surface_t *surface,
                                int              fd);

/* PNG in bands on every core (evb-export-png.c) */

/* Draws the picture built for band (a picture each: see evb-export-png.c)
 * onto cr, whose origin is the picture's top left in pixels; cull: skip
 * what lies outside cr's clip. Called from several threads at once, each
 * with its own band and cr. */
typedef void (*EvbExportDrawBand) (cairo_t  *cr,
                                   guint     band,
                                   gboolean  cull,
                                   gpointer  user_data);

/* How many bands a picture this high is drawn in: one a core, of at least
 * 64 rows, unless tests or the benchmark set a number (0: automatic). */
guint           _evb_export_get_png_bands      (int                 height);
void            _evb_export_set_png_bands      (guint               n_bands);
/* Draws and writes a width × height PNG in n_bands bands (at least 2;
 * one band is the one-surface writer's work), the same pixels as
 * _evb_export_write_png() writes of the whole picture drawn at once.
 * progress (nullable) is called in the calling thread. */
cairo_status_t  _evb_export_write_png_bands    (int                 width,
                                                int                 height,
                                                guint               n_bands,
                                                EvbExportDrawBand   draw,
                                                gpointer            draw_data,
                                                cairo_write_func_t  write,
                                                gpointer            closure,
                                                EvbExportProgress   progress,
                                                gpointer            progress_data);
/* Shared with the one-surface writer in evb-export.c. */
gboolean        _evb_export_surface_is_opaque  (const guint8       *data,
                                                int                 width,
                                                int                 height,
                                                int                 stride);
void            _evb_export_convert_row        (const guint32      *in,
                                                guint8             *out,
                                                int                 width,
                                                gboolean            opaque);

/* The picture a PNG export draws (transfer full), and its size in
 * pixels: for the benchmark's one-core floor. */
GskRenderNode  *_evb_export_build_png_image    (EvbBoard               *board,
                                                const EvbExportOptions *options,
                                                int                    *width,
                                                int                    *height);

/* The board's picture (title block and legend as the options say) scaled
 * to one page of a report, then the page shown. */
void     _evb_export_draw_page          (EvbBoard               *board,
                                         const EvbExportOptions *options,
                                         cairo_t                *cr,
                                         double                  page_width,
                                         double                  page_height);
/* The board's picture on paper as the options say: scaled to one page,
 * or tiled over numbered pages; each page shown (_evb_export_show_page()). */
void     _evb_export_draw_paper         (EvbBoard               *board,
                                         const EvbExportOptions *options,
                                         cairo_t                *cr,
                                         double                  page_width,
                                         double                  page_height);
/* For printing: from now on, a page shown on cr's surface is not sent
 * anywhere but the next one is drawn page_height below it, so that all
 * of them can be replayed one at a time. */
void     _evb_export_stack_pages        (cairo_t                *cr,
                                         double                  page_height);
/* How many pages have been shown since _evb_export_stack_pages(). */
guint    _evb_export_get_n_stacked_pages (cairo_t               *cr);
/* cairo_show_page(), or the next stacked page. */
void     _evb_export_show_page          (cairo_t                *cr);
/* The report's pages on paper of this size (points), each one shown. */
void     _evb_report_draw               (EvbBoard               *board,
                                         const EvbExportOptions *options,
                                         cairo_t                *cr,
                                         double                  page_width,
                                         double                  page_height);
/* Untrusted text into XML or HTML: escaped (also ' and "), and control
 * characters XML 1.0 forbids even as references turned into spaces.
 * length -1: up to the NUL. */
void     _evb_export_append_xml_text    (GString                *out,
                                         const char             *text,
                                         gssize                  length);
/* The board's picture as an SVG document, text as <text> (transfer full). */
char    *_evb_export_to_svg_string      (EvbBoard               *board,
                                         const EvbExportOptions *options,
                                         GError                **error);

/* Writes a picture drawn elsewhere (the timeline) as export writes a
 * board's: PNG, SVG or PDF of width × height units, atomically, a PNG
 * refused past the size limits, SVG and PDF scaled down to theirs. texts:
 * for SVG, the layouts of its "evb-text N" debug nodes (see
 * _evb_renderer_set_text_layer), written as <text>; may be NULL. */
gboolean _evb_export_write_node         (GskRenderNode          *image,
                                         GPtrArray              *texts,
                                         double                  width,
                                         double                  height,
                                         EvbExportFormat         format,
                                         const char             *path,
                                         GError                **error);

G_END_DECLS
