/* evb-export.h: boards as PNG, SVG and PDF images
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "evb-attachment-state.h"
#include "evb-board.h"

G_BEGIN_DECLS

/* Cairo's image surfaces stop here. */
#define EVB_EXPORT_MAX_PIXELS 32767
/* A PNG holds at most this many pixels (400 MB of memory while drawing),
 * whatever its shape: a tiny board file must not cost gigabytes. */
#define EVB_EXPORT_MAX_AREA   100000000.0
/* A PDF page is at most this many points on a side (the PDF specification's
 * limit); a larger board is scaled down to fit, keeping its aspect. */
#define EVB_EXPORT_PDF_MAX_SIZE 14400.0
/* Cairo keeps coordinates as 24.8 fixed-point numbers; an SVG is scaled
 * down to stay well inside them. */
#define EVB_EXPORT_SVG_MAX_SIZE 4194304.0
/* The scales export accepts. At the smallest, every board the model allows
 * (positions within ±10,000,000) fits the PNG limits. */
#define EVB_EXPORT_MIN_SCALE  0.0001
#define EVB_EXPORT_MAX_SCALE  100.0

typedef enum
{
  EVB_EXPORT_PNG,
  EVB_EXPORT_SVG,
  EVB_EXPORT_PDF,
} EvbExportFormat;

/* The paper of a PDF. FIT makes one page the size of the board. */
typedef enum
{
  EVB_EXPORT_PAPER_FIT,
  EVB_EXPORT_PAPER_A4,
  EVB_EXPORT_PAPER_LETTER,
  EVB_EXPORT_PAPER_A3,
} EvbExportPaper;

typedef enum
{
  EVB_EXPORT_ORIENTATION_PORTRAIT,
  EVB_EXPORT_ORIENTATION_LANDSCAPE,
} EvbExportOrientation;

typedef enum
{
  EVB_EXPORT_BACKGROUND_LIGHT,
  EVB_EXPORT_BACKGROUND_DARK,
  EVB_EXPORT_BACKGROUND_TRANSPARENT,
} EvbExportBackground;

/**
 * EvbExportProgress:
 * @fraction: how much of the export is done, from 0 to 1, never decreasing
 * @user_data: the options' progress_data
 *
 * Called from the thread that exports (hand it to the main loop yourself
 * if it touches widgets), at most about a hundred times an export.
 */
typedef void (*EvbExportProgress) (double   fraction,
                                   gpointer user_data);

typedef struct
{
  double               scale;
  EvbExportBackground  background;
  gboolean             legend;
  const char * const  *node_ids;   /* NULL = whole board */
  /* Drawn faint, with their links: a filter's misses (dimmed, not
   * hidden). NULL = none. */
  const char * const  *dimmed_ids;
  double               margin;
  /* Statuses and thumbnails drawn on the cards, as on the canvas; NULL =
   * none. An export in a thread takes a snapshot
   * (evb_attachment_state_copy), never the state the app is changing. */
  EvbAttachmentState  *attachments;
  /* NULL = no progress reports. */
  EvbExportProgress    progress;
  gpointer             progress_data;
  /* Above the board: its title, the date of the export, the first
   * paragraph of its description, its counts and its claims' titles. */
  gboolean             title_block;
  /* PDF only: on paper other than FIT, the picture is scaled down to one
   * page, or with tile drawn at its scale over as many pages as it takes,
   * numbered, with marks where they overlap. */
  EvbExportPaper       paper;
  EvbExportOrientation orientation;
  gboolean             tile;
  /* Reports only: the filter that chose the cards, in words
   * (evb_filter_describe()), said under the title; NULL = none said. */
  const char          *filter_description;
} EvbExportOptions;

/* scale 1, light, no legend, whole board, margin 40, no attachment state,
 * no progress, no title block, paper FIT, portrait, no tiling, no filter
 * described */
void     evb_export_options_init     (EvbExportOptions       *options);
/**
 * evb_export_options_apply_filter:
 * @options: the options, whose node_ids (a selection) may be set
 * @board: the board
 * @matches: the ids of the cards a filter lets through (a set)
 * @hide: leave the others out (TRUE) or draw them faint
 *
 * Sets node_ids (the matching cards, of the selection if there is one) or
 * dimmed_ids (the others).
 *
 * Returns: (transfer container): the NULL-terminated array the options now
 *   point to (ids owned by the board): keep it while exporting.
 */
GPtrArray *evb_export_options_apply_filter (EvbExportOptions *options,
                                            EvbBoard         *board,
                                            GHashTable       *matches,
                                            gboolean          hide);
/* From the extension: .png, .svg, .pdf (any case). */
gboolean evb_export_format_from_path (const char             *path,
                                      EvbExportFormat        *format);
/* The size of the image in pixels (PNG) or points (SVG, PDF) at the
 * options' scale; a PDF or an SVG over its limit is then scaled down. */
void     evb_export_get_size         (EvbBoard               *board,
                                      const EvbExportOptions *options,
                                      double                 *width,
                                      double                 *height);
/* The largest scale, with two significant digits, at which the board
 * exports as a PNG within EVB_EXPORT_MAX_PIXELS a side and
 * EVB_EXPORT_MAX_AREA in all (the other options as given). */
double   evb_export_get_largest_png_scale (EvbBoard               *board,
                                           const EvbExportOptions *options);
/* Writes atomically: on failure there is no file at path (an old one stays
 * as it was). A PNG over the size limits is refused with EVB_ERROR_LIMIT,
 * naming the largest scale that fits. */
gboolean evb_export_to_file          (EvbBoard               *board,
                                      const char             *path,
                                      EvbExportFormat         format,
                                      const EvbExportOptions *options,
                                      GCancellable           *cancellable,
                                      GError                **error);

/* "a4", "letter", "a3", "fit"; FALSE for anything else. */
gboolean evb_export_paper_from_string (const char            *name,
                                       EvbExportPaper        *paper);
/* The page size in points, portrait or landscape; FALSE for FIT. */
gboolean evb_export_paper_get_size    (EvbExportPaper         paper,
                                       EvbExportOrientation   orientation,
                                       double                *width,
                                       double                *height);

G_END_DECLS
