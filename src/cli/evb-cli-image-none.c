/* evb-cli-image-none.c: image export in a build without the renderer (-Dgui=false)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-assessment.h"
#include "evb-cli-image.h"
#include "evb-error.h"

static gboolean
not_built (const char  *format,
           GError     **error)
{
  g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
               _("export to %s is not available in this build (it was built without -Dgui)"),
               format);
  return FALSE;
}

gboolean
evb_cli_export_image (EvbBoard                 *board,
                      EvbStore                 *store,
                      const char               *path,
                      const char               *format,
                      const EvbCliImageOptions *image_options,
                      GError                  **error)
{
  return not_built (format, error);
}

gboolean
evb_cli_export_timeline (EvbBoard    *board,
                         const char  *path,
                         const char  *format,
                         gboolean     by_source,
                         GError     **error)
{
  return not_built (format, error);
}

gboolean
evb_cli_export_matrix_picture (EvbBoard    *board,
                               GHashTable  *matches,
                               const char  *filter_description,
                               const char  *path,
                               const char  *format,
                               GError     **error)
{
  return not_built (format, error);
}

GHashTable *
evb_cli_find_filter_matches (EvbBoard   *board,
                             EvbFilter  *filter,
                             GError    **error)
{
  g_autoptr(EvbAssessment) assessment = evb_assessment_new (board);
  EvbFilterContext context = { assessment, NULL, NULL };

  return evb_filter_find (filter, board, &context);
}

void
evb_cli_fit_unsized (EvbBoard *board)
{
}

EvbEditingFitFunc
evb_cli_get_card_fit (void)
{
  return NULL;
}
