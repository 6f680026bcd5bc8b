/* evb-cli-image.c: image export for evidence-board-cli, drawn by the board renderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-cli-image.h"
#include "evb-error.h"
#include "evb-export.h"

gboolean
evb_cli_export_image (EvbBoard    *board,
                      const char  *path,
                      const char  *format,
                      double       scale,
                      GError     **error)
{
  EvbExportOptions options;
  EvbExportFormat export_format;

  if (g_strcmp0 (format, "png") == 0)
    export_format = EVB_EXPORT_PNG;
  else if (g_strcmp0 (format, "svg") == 0)
    export_format = EVB_EXPORT_SVG;
  else if (g_strcmp0 (format, "pdf") == 0)
    export_format = EVB_EXPORT_PDF;
  else
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID, _("unknown image format “%s”"), format);
      return FALSE;
    }

  /* Without a display: the renderer needs neither gtk_init nor a GdkDisplay. */
  evb_export_options_init (&options);
  options.scale = scale > 0 ? scale : 1.0;
  return evb_export_to_file (board, path, export_format, &options, NULL, error);
}
