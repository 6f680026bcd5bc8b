/* evb-formats-private.h: what the exchange formats share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "evb-formats.h"

G_BEGIN_DECLS

/* The largest table or canvas read, as for our JSON. */
#define EVB_FORMATS_MAX_CSV_SIZE ((gsize) 1 << 30)

/* The board as our JSON writes it, as a tree: (transfer full). */
JsonNode *_evb_formats_board_tree (EvbBoard     *board);

/* Reads a document of our JSON format through evb_json_read_board(), so
 * that every importer validates as JSON import does. An error naming
 * "nodes[i]" or "links[i]" is told with node_places[i] or link_places[i]
 * instead (the place in the imported file), the field after @separator
 * (".kind" or ": kind"). */
EvbBoard *_evb_formats_read_tree  (JsonNode     *document,
                                   GPtrArray    *node_places,
                                   GPtrArray    *link_places,
                                   const char   *separator,
                                   GError      **error);

/* Strict JSON (no duplicate keys, no trailing garbage, valid UTF-8, the
 * depth limit), then json-glib: (transfer full) root, or NULL. */
JsonNode *_evb_formats_parse_json (const char   *data,
                                   gsize         length,
                                   GError      **error);

G_END_DECLS
