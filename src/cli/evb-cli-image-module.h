/* evb-cli-image-module.h: the renderer's part of evidence-board-cli, loaded when needed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pictures, reports and measuring cards take the renderer, and the
 * renderer takes GTK: about ninety shared libraries, which cost every
 * command 10 ms to load before main() even when it writes no picture
 * (import, info, check). So that part of the CLI is a module,
 * evidence-board-cli-image.so, that evb-cli-image-loader.c opens the first
 * time a command needs it. The module is linked without the core: it
 * uses the executable's (which exports its symbols), so there is one copy
 * of every type. It gives its functions in one table.
 */

#pragma once

#include "evb-cli-image.h"

G_BEGIN_DECLS

#define EVB_CLI_IMAGE_MODULE_FILE "evidence-board-cli-image.so"
#define EVB_CLI_IMAGE_MODULE_SYMBOL "evb_cli_image_module_get"

typedef struct
{
  /* PACKAGE_VERSION of the build that made the module: a module of
   * another version may disagree on every structure here. */
  const char *version;
  gboolean   (*export_image)          (EvbBoard                 *board,
                                       EvbStore                 *store,
                                       const char               *path,
                                       const char               *format,
                                       const EvbCliImageOptions *image_options,
                                       GError                  **error);
  gboolean   (*export_timeline)       (EvbBoard                 *board,
                                       const char               *path,
                                       const char               *format,
                                       gboolean                  by_source,
                                       GError                  **error);
  gboolean   (*export_matrix_picture) (EvbBoard                 *board,
                                       GHashTable               *matches,
                                       const char               *filter_description,
                                       const char               *path,
                                       const char               *format,
                                       GError                  **error);
  GHashTable *(*find_filter_matches)  (EvbBoard                 *board,
                                       EvbFilter                *filter);
  EvbEditingFitFunc fit_card;
} EvbCliImageModule;

typedef const EvbCliImageModule *(*EvbCliImageModuleGet) (void);

G_END_DECLS
