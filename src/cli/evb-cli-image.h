/* evb-cli-image.h: image export for evidence-board-cli, when the renderer is built
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-board.h"
#include "evb-editing.h"
#include "evb-filter.h"
#include "evb-store.h"

G_BEGIN_DECLS

/* What export's options say about a picture or a report. */
typedef struct
{
  double      scale;
  gboolean    no_title;      /* leave out the title block */
  gboolean    no_legend;
  const char *paper;         /* NULL, "a4", "letter", "a3" or "fit" */
  const char *orientation;   /* NULL, "portrait" or "landscape" */
  gboolean    tile;
  /* NULL, or a filter (evb_filter_load()) whose misses are dimmed or
   * hidden as it says */
  EvbFilter  *filter;
} EvbCliImageOptions;

/* format is "png", "svg", "pdf", "report" (a PDF) or "report-html". The
 * cards show the thumbnails stored in store (may be NULL) and flag
 * attachments whose local file is missing. */
gboolean evb_cli_export_image (EvbBoard                 *board,
                               EvbStore                 *store,
                               const char               *path,
                               const char               *format,
                               const EvbCliImageOptions *image_options,
                               GError                  **error);

/* format is "timeline-png", "timeline-svg" or "timeline-pdf": the
 * board's timeline (evb_timeline_picture_to_file()), lanes by source or
 * by evidence type. */
gboolean evb_cli_export_timeline (EvbBoard                 *board,
                                  const char               *path,
                                  const char               *format,
                                  gboolean                  by_source,
                                  GError                  **error);
/* format is "matrix-png", "matrix-svg" or "matrix-pdf": the
 * competing-hypotheses matrix (evb_matrix_picture_to_file()) of the cards
 * in matches (NULL: all), with filter_description said under it. */
gboolean evb_cli_export_matrix_picture (EvbBoard    *board,
                                        GHashTable  *matches,
                                        const char  *filter_description,
                                        const char  *path,
                                        const char  *format,
                                        GError     **error);
/* The ids of the cards filter lets through, as a set (evb_filter_find()),
 * with the files' statuses export sees (a missing local file); without
 * the renderer no file's status is known. NULL when the image module
 * cannot be loaded. (transfer container) */
GHashTable *evb_cli_find_filter_matches (EvbBoard   *board,
                                         EvbFilter  *filter,
                                         GError    **error);
/* Sizes the cards an imported document gave no size to their text
 * (evb_json_fit_unsized()); without the renderer they keep the default. */
void     evb_cli_fit_unsized  (EvbBoard                 *board);
/* How to measure a card (evb_renderer_fit_card()); NULL without the
 * renderer. */
EvbEditingFitFunc evb_cli_get_card_fit (void);

G_END_DECLS
