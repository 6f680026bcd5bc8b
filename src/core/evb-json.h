/* evb-json.h: the JSON interchange format of DESIGN.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "evb-board.h"

G_BEGIN_DECLS

#define EVB_JSON_FORMAT  "evidence-board"
#define EVB_JSON_VERSION 1
/* Deeper documents are refused before json-glib sees them. */
#define EVB_JSON_MAX_DEPTH 64

/* Parses and validates a whole document into a new board without history.
 * Errors name the place: `nodes[3].kind: unknown kind "rumour"`. */
EvbBoard *evb_json_read_board       (const char  *data,
                                     gsize        length,
                                     GError     **error);
EvbBoard *evb_json_read_board_file  (const char  *path,
                                     GError     **error);

/* Pretty-printed UTF-8 JSON, nodes and links in drawing order. */
char     *evb_json_write_board      (EvbBoard    *board,
                                     gsize       *length);
/* Atomic: on failure path is untouched. */
gboolean  evb_json_write_board_file (EvbBoard    *board,
                                     const char  *path,
                                     GError     **error);

G_END_DECLS
