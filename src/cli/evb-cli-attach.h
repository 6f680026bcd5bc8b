/* evb-cli-attach.h: the attach and extract commands' work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-board.h"
#include "evb-store.h"

G_BEGIN_DECLS

/* `attach BOARD NODE-ID FILE [--reference]`: keeps a copy of the file in
 * the board (or, with reference, records its address and SHA-256) on the
 * evidence card node_id, in one undo step; store is the writable store of
 * board. */
gboolean evb_cli_attach_file  (EvbBoard    *board,
                               EvbStore    *store,
                               const char  *node_id,
                               const char  *file_path,
                               gboolean     reference,
                               GError     **error);

/* `extract BOARD NODE-ID OUT`: writes the file kept in the board for the
 * card node_id to out_path, whole or not at all, verifying its SHA-256. */
gboolean evb_cli_extract_file (EvbBoard    *board,
                               EvbStore    *store,
                               const char  *node_id,
                               const char  *out_path,
                               GError     **error);

G_END_DECLS
