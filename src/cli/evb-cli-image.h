/* evb-cli-image.h: image export for evidence-board-cli, when the renderer is built
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-board.h"
#include "evb-store.h"

G_BEGIN_DECLS

/* format is "png", "svg" or "pdf". The cards show the thumbnails stored in
 * store (may be NULL) and flag attachments whose local file is missing. */
gboolean evb_cli_export_image (EvbBoard    *board,
                               EvbStore    *store,
                               const char  *path,
                               const char  *format,
                               double       scale,
                               GError     **error);

G_END_DECLS
