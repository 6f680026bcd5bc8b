/* evb-cli-image.h: image export for evidence-board-cli, when the renderer is built
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-board.h"

G_BEGIN_DECLS

/* format is "png", "svg" or "pdf". */
gboolean evb_cli_export_image (EvbBoard    *board,
                               const char  *path,
                               const char  *format,
                               double       scale,
                               GError     **error);

G_END_DECLS
