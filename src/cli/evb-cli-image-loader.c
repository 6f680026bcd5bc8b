/* evb-cli-image-loader.c: image export for evidence-board-cli, from the image module
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The functions of evb-cli-image.h, each opening the module
 * (evb-cli-image-module.h) the first time one is called. Commands that
 * draw nothing never load it, nor GTK.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>

#include "evb-cli-image-module.h"
#include "evb-error.h"
#include "evb-json.h"

/* Where the module is: EVB_CLI_IMAGE_MODULE names it (the tests and
 * programs that run the CLI from elsewhere); an executable in the build
 * tree has it beside itself; an installed one in its library folder. */
static char *
find_module (void)
{
  const char *named = g_getenv ("EVB_CLI_IMAGE_MODULE");
  g_autofree char *self = NULL;

  if (named != NULL && named[0] != '\0')
    return g_strdup (named);
  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self != NULL)
    {
      g_autofree char *folder = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (folder, EVB_CLI_IMAGE_MODULE_FILE, NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&beside);
    }
  return g_build_filename (EVB_CLI_MODULE_DIR, EVB_CLI_IMAGE_MODULE_FILE, NULL);
}

static const EvbCliImageModule *
load_module (GError **error)
{
  static const EvbCliImageModule *table;
  g_autofree char *path = NULL;
  EvbCliImageModuleGet get = NULL;
  GModule *module;

  if (table != NULL)
    return table;

  path = find_module ();
  module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                   /* Translators: %s is GModule's reason, which names the file */
                   _("pictures and reports need the image module, which cannot be loaded: %s"),
                   g_module_error ());
      return NULL;
    }
  if (!g_module_symbol (module, EVB_CLI_IMAGE_MODULE_SYMBOL, (gpointer *) &get) || get == NULL ||
      g_strcmp0 (get ()->version, PACKAGE_VERSION) != 0)
    {
      g_autofree char *display_name = g_filename_display_name (path);

      g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                   /* Translators: %s is a file name, %s a version like 0.1.0 */
                   _("the image module “%s” does not belong to this version (%s) of evidence-board-cli"),
                   display_name, PACKAGE_VERSION);
      g_module_close (module);
      return NULL;
    }
  /* Its types and resources stay registered until the process ends. */
  g_module_make_resident (module);
  table = get ();
  return table;
}

gboolean
evb_cli_export_image (EvbBoard                 *board,
                      EvbStore                 *store,
                      const char               *path,
                      const char               *format,
                      const EvbCliImageOptions *image_options,
                      GError                  **error)
{
  const EvbCliImageModule *module = load_module (error);

  return module != NULL && module->export_image (board, store, path, format, image_options, error);
}

gboolean
evb_cli_export_timeline (EvbBoard    *board,
                         const char  *path,
                         const char  *format,
                         gboolean     by_source,
                         GError     **error)
{
  const EvbCliImageModule *module = load_module (error);

  return module != NULL && module->export_timeline (board, path, format, by_source, error);
}

gboolean
evb_cli_export_matrix_picture (EvbBoard    *board,
                               GHashTable  *matches,
                               const char  *filter_description,
                               const char  *path,
                               const char  *format,
                               GError     **error)
{
  const EvbCliImageModule *module = load_module (error);

  return module != NULL &&
         module->export_matrix_picture (board, matches, filter_description, path, format, error);
}

GHashTable *
evb_cli_find_filter_matches (EvbBoard   *board,
                             EvbFilter  *filter,
                             GError    **error)
{
  const EvbCliImageModule *module = load_module (error);

  return module != NULL ? module->find_filter_matches (board, filter) : NULL;
}

/* Measures with the module's renderer, loaded only when a card needs it. */
static void
fit_card (const EvbNodeData *data,
          double            *width,
          double            *height)
{
  g_autoptr(GError) error = NULL;
  const EvbCliImageModule *module = load_module (&error);

  if (module == NULL)
    {
      /* Without the renderer a card keeps the size it has. */
      static gboolean said;

      if (!said)
        g_printerr ("evidence-board-cli: %s\n", error->message);
      said = TRUE;
      *width = data->width;
      *height = data->height;
      return;
    }
  module->fit_card (data, width, height);
}

void
evb_cli_fit_unsized (EvbBoard *board)
{
  g_return_if_fail (EVB_IS_BOARD (board));

  evb_json_fit_unsized (board, fit_card);
}

EvbEditingFitFunc
evb_cli_get_card_fit (void)
{
  return fit_card;
}
