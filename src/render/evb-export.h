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

typedef enum
{
  EVB_EXPORT_PNG,
  EVB_EXPORT_SVG,
  EVB_EXPORT_PDF,
} EvbExportFormat;

typedef enum
{
  EVB_EXPORT_BACKGROUND_LIGHT,
  EVB_EXPORT_BACKGROUND_DARK,
  EVB_EXPORT_BACKGROUND_TRANSPARENT,
} EvbExportBackground;

typedef struct
{
  double               scale;
  EvbExportBackground  background;
  gboolean             legend;
  const char * const  *node_ids;   /* NULL = whole board */
  double               margin;
  /* Statuses and thumbnails drawn on the cards, as on the canvas; NULL =
   * none. An export in a thread takes a snapshot
   * (evb_attachment_state_copy), never the state the app is changing. */
  EvbAttachmentState  *attachments;
} EvbExportOptions;

/* scale 1, light, no legend, whole board, margin 40, no attachment state */
void     evb_export_options_init     (EvbExportOptions       *options);
/* From the extension: .png, .svg, .pdf (any case). */
gboolean evb_export_format_from_path (const char             *path,
                                      EvbExportFormat        *format);
/* The size of the image in pixels (PNG) or points (SVG, PDF). */
void     evb_export_get_size         (EvbBoard               *board,
                                      const EvbExportOptions *options,
                                      double                 *width,
                                      double                 *height);
/* Writes atomically: on failure there is no file at path (an old one stays as it was). */
gboolean evb_export_to_file          (EvbBoard               *board,
                                      const char             *path,
                                      EvbExportFormat         format,
                                      const EvbExportOptions *options,
                                      GCancellable           *cancellable,
                                      GError                **error);

G_END_DECLS
