/* evb-cli-image.c: image export for evidence-board-cli, drawn by the board renderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <gmodule.h>

#include "evb-attachment.h"
#include "evb-cli-image-module.h"
#include "evb-cli-progress.h"
#include "evb-error.h"
#include "evb-export.h"
#include "evb-json.h"
#include "evb-matrix-picture.h"
#include "evb-report.h"
#include "evb-renderer.h"
#include "evb-thumbnail.h"
#include "evb-timeline-picture.h"

/* Only what costs nothing: a local file that is not there is flagged.
 * Hashing every attachment is `check`'s work, not export's. */
static GHashTable *
find_missing_files (EvbBoard *board)
{
  GHashTable *statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *nodes = evb_board_get_nodes (board);

  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *data = evb_node_get_data (g_ptr_array_index (nodes, i));
      g_autoptr(GFile) file = NULL;

      if (data->attachment_uri == NULL || !g_str_has_prefix (data->attachment_uri, "file:"))
        continue;
      file = g_file_new_for_uri (data->attachment_uri);
      if (!g_file_query_exists (file, NULL))
        g_hash_table_insert (statuses, g_strdup (data->id),
                             GINT_TO_POINTER (EVB_ATTACHMENT_MISSING));
    }
  return statuses;
}

static EvbAttachmentStatus
filter_attachment_status (const EvbNodeData *data,
                          gpointer           user_data)
{
  return evb_attachment_state_lookup_status (user_data, data);
}

/* One way to find a filter's matches for every export: the pictures, the
 * reports and the matrix agree on what the filter lets through. */
static GHashTable *
find_matches (EvbBoard           *board,
              EvbFilter          *filter,
              EvbAttachmentState *attachments)
{
  g_autoptr(EvbAssessment) assessment = evb_assessment_new (board);
  EvbFilterContext context = { assessment, filter_attachment_status, attachments };

  return evb_filter_find (filter, board, &context);
}

static GHashTable *
find_filter_matches (EvbBoard  *board,
                             EvbFilter *filter)
{
  g_autoptr(EvbAttachmentState) attachments = evb_attachment_state_new (board);
  g_autoptr(GHashTable) statuses = find_missing_files (board);

  evb_attachment_state_set_statuses (attachments, statuses);
  return find_matches (board, filter, attachments);
}

static gboolean
export_image (EvbBoard                 *board,
                      EvbStore                 *store,
                      const char               *path,
                      const char               *format,
                      const EvbCliImageOptions *image_options,
                      GError                  **error)
{
  g_autoptr(EvbAttachmentState) attachments = evb_attachment_state_new (board);
  g_autoptr(GHashTable) statuses = NULL;
  /* Translators: the label of the progress bar of an export on the terminal */
  g_autoptr(EvbCliProgress) progress = evb_cli_progress_new (_("Exporting…"));
  g_autoptr(GPtrArray) filtered = NULL;
  g_autofree char *filter_description = NULL;
  EvbExportOptions options;
  EvbExportFormat export_format;
  gboolean ok;

  if (g_strcmp0 (format, "png") == 0)
    export_format = EVB_EXPORT_PNG;
  else if (g_strcmp0 (format, "svg") == 0)
    export_format = EVB_EXPORT_SVG;
  else if (g_strcmp0 (format, "pdf") == 0 || g_strcmp0 (format, "report") == 0)
    export_format = EVB_EXPORT_PDF;
  else if (g_strcmp0 (format, "report-html") == 0)
    export_format = EVB_EXPORT_SVG;
  else
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID, _("unknown image format “%s”"), format);
      return FALSE;
    }

  /* Without a display: the renderer needs neither gtk_init nor a GdkDisplay. */
  evb_export_options_init (&options);
  options.scale = image_options->scale > 0 ? image_options->scale : 1.0;
  options.title_block = !image_options->no_title;
  options.legend = !image_options->no_legend;
  options.tile = image_options->tile;
  if (image_options->paper != NULL)
    evb_export_paper_from_string (image_options->paper, &options.paper);
  if (g_strcmp0 (image_options->orientation, "landscape") == 0)
    options.orientation = EVB_EXPORT_ORIENTATION_LANDSCAPE;
  if (store != NULL && !evb_attachment_state_load_thumbnails (attachments, store, error))
    return FALSE;
  statuses = find_missing_files (board);
  evb_attachment_state_set_statuses (attachments, statuses);
  options.attachments = attachments;
  if (image_options->filter != NULL && evb_filter_is_active (image_options->filter))
    {
      g_autoptr(GHashTable) matches = find_matches (board, image_options->filter, attachments);

      filtered = evb_export_options_apply_filter (&options, board, matches,
                                                  evb_filter_get_hide (image_options->filter));
      /* A report says which filter chose its cards. */
      filter_description = evb_filter_describe (image_options->filter);
      options.filter_description = filter_description;
    }
  if (progress != NULL)
    {
      options.progress = evb_cli_progress_update;
      options.progress_data = progress;
    }
  if (g_str_has_prefix (format, "report"))
    {
      if (image_options->paper == NULL)
        options.paper = EVB_EXPORT_PAPER_A4;
      ok = evb_report_to_file (board, path,
                               export_format == EVB_EXPORT_PDF ? EVB_REPORT_PDF : EVB_REPORT_HTML,
                               &options, NULL, error);
    }
  else
    ok = evb_export_to_file (board, path, export_format, &options, NULL, error);
  return ok;
}

/* The picture a format name like "timeline-png" asks for. */
static gboolean
picture_format (const char       *format,
                const char       *prefix,
                EvbExportFormat  *export_format,
                GError          **error)
{
  static const struct
  {
    const char      *name;
    EvbExportFormat  format;
  } pictures[] = {
    { "png", EVB_EXPORT_PNG },
    { "svg", EVB_EXPORT_SVG },
    { "pdf", EVB_EXPORT_PDF },
  };

  if (g_str_has_prefix (format, prefix))
    {
      for (guint i = 0; i < G_N_ELEMENTS (pictures); i++)
        {
          if (strcmp (format + strlen (prefix), pictures[i].name) == 0)
            {
              *export_format = pictures[i].format;
              return TRUE;
            }
        }
    }
  g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID, _("unknown image format “%s”"), format);
  return FALSE;
}

static gboolean
export_timeline (EvbBoard    *board,
                         const char  *path,
                         const char  *format,
                         gboolean     by_source,
                         GError     **error)
{
  EvbExportFormat export_format;

  if (!picture_format (format, "timeline-", &export_format, error))
    return FALSE;
  return evb_timeline_picture_to_file (board, path, export_format,
                                       by_source ? EVB_TIMELINE_LANES_SOURCE : EVB_TIMELINE_LANES_TYPE,
                                       FALSE, error);
}

/* format is "matrix-png", "matrix-svg" or "matrix-pdf". */
static gboolean
export_matrix_picture (EvbBoard    *board,
                       GHashTable  *matches,
                       const char  *filter_description,
                       const char  *path,
                       const char  *format,
                       GError     **error)
{
  EvbExportFormat export_format;

  if (!picture_format (format, "matrix-", &export_format, error))
    return FALSE;
  return evb_matrix_picture_to_file (board, matches, filter_description, path, export_format,
                                     FALSE, error);
}

G_MODULE_EXPORT const EvbCliImageModule *evb_cli_image_module_get (void);

const EvbCliImageModule *
evb_cli_image_module_get (void)
{
  static const EvbCliImageModule module = {
    PACKAGE_VERSION,
    export_image,
    export_timeline,
    export_matrix_picture,
    find_filter_matches,
    evb_renderer_fit_card,
  };

  return &module;
}
