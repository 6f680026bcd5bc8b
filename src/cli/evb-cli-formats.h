/* evb-cli-formats.h: export and import of the exchange formats
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-board.h"

G_BEGIN_DECLS

/* Whether export writes FORMAT through evb_cli_export_exchange():
 * canvas, graphml, stix or csv. */
gboolean  evb_cli_is_exchange_format  (const char  *format);

/* (transfer full) (nullable): the second file a format writes beside
 * PATH (csv: the links table, OUT-links.csv), or NULL. */
char     *evb_cli_exchange_second_path (const char *path,
                                        const char *format);

/* Writes BOARD to PATH (and the second path) atomically; on failure
 * nothing is left behind. */
gboolean  evb_cli_export_exchange     (EvbBoard    *board,
                                       const char  *path,
                                       const char  *format,
                                       GError     **error);

/* When CONTENTS is a JSON Canvas or a CSV nodes table, reads it (and a
 * links table beside it) into *board, printing what was skipped, and
 * returns TRUE: *board is NULL then with error set on failure. FALSE when
 * it is neither (our own JSON, or nothing we know). */
gboolean  evb_cli_import_exchange     (const char  *path,
                                       const char  *contents,
                                       gsize        length,
                                       EvbBoard   **board,
                                       GError     **error);

G_END_DECLS
