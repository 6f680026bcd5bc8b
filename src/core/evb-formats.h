/* evb-formats.h: exchange formats other than our own JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JSON Canvas 1.0 (Obsidian's .canvas), GraphML, a STIX 2.1 bundle and a
 * pair of CSV tables (Kumu's elements and connections). The writers never
 * fail; the readers build a board through the same validation as
 * evb_json_read_board() and fail with one error that names the place.
 */

#pragma once

#include <gio/gio.h>

#include "evb-board.h"

G_BEGIN_DECLS

/**
 * EVB_FORMATS_NAMESPACE_KEY:
 *
 * The member under which a JSON Canvas node, edge or document keeps our
 * own fields, exactly as our JSON writes them.
 */
#define EVB_FORMATS_NAMESPACE_KEY "evidence-board"

/**
 * evb_canvas_write_board:
 * @board: the board
 * @length: (out) (optional): the length in bytes
 *
 * Returns: (transfer full): the board as a JSON Canvas 1.0 document.
 */
char     *evb_canvas_write_board  (EvbBoard    *board,
                                   gsize       *length);

/**
 * evb_canvas_looks_like_canvas:
 * @data: (array length=length): a document
 * @length: its length in bytes
 *
 * Returns: whether @data is a JSON object with a `nodes` or `edges` array
 *   and no `format` member: a JSON Canvas rather than our JSON.
 */
gboolean  evb_canvas_looks_like_canvas (const char *data,
                                        gsize       length);

/**
 * evb_canvas_read_board:
 * @data: (array length=length): a JSON Canvas document
 * @length: its length in bytes
 * @title: the board's title when the document carries none
 * @skipped: (element-type utf8) (nullable): receives one sentence for each
 *   item that has no place on a board (a group, an edge whose label names
 *   no relation), so that nothing is lost unsaid
 * @error: return location for an error
 *
 * Text, file and link nodes become cards, the title from the first line;
 * an edge labelled “supports” or “refutes” becomes that link. Nodes and
 * edges written by evb_canvas_write_board() come back exactly.
 *
 * Returns: (transfer full) (nullable): the board, or %NULL with @error set.
 */
EvbBoard *evb_canvas_read_board   (const char  *data,
                                   gsize        length,
                                   const char  *title,
                                   GPtrArray   *skipped,
                                   GError     **error);

/**
 * evb_graphml_write_board:
 * @board: the board
 * @length: (out) (optional): the length in bytes
 *
 * Returns: (transfer full): the board as a GraphML document: every field a
 *   declared `<key>`.
 */
char     *evb_graphml_write_board (EvbBoard    *board,
                                   gsize       *length);

/**
 * evb_stix_write_board:
 * @board: the board
 * @length: (out) (optional): the length in bytes
 *
 * Returns: (transfer full): the board as a STIX 2.1 bundle with
 *   deterministic ids (see docs/DESIGN.md for the mapping).
 */
char     *evb_stix_write_board    (EvbBoard    *board,
                                   gsize       *length);

/**
 * evb_uuid5:
 * @namespace_uuid: a UUID in its usual text form
 * @name: the name
 *
 * Returns: (transfer full): the name-based (SHA-1) UUID of RFC 9562.
 */
char     *evb_uuid5               (const char  *namespace_uuid,
                                   const char  *name);

/**
 * evb_csv_write_nodes:
 * @board: the board
 *
 * Returns: (transfer full): the nodes table (Kumu's elements): RFC 4180,
 *   every field quoted, formulas defused.
 */
char     *evb_csv_write_nodes     (EvbBoard    *board);

/**
 * evb_csv_write_links:
 * @board: the board
 *
 * Returns: (transfer full): the links table (Kumu's connections).
 */
char     *evb_csv_write_links     (EvbBoard    *board);

/**
 * evb_csv_looks_like_nodes:
 * @data: (array length=length): a document
 * @length: its length in bytes
 *
 * Returns: whether the first line is a nodes table's header.
 */
gboolean  evb_csv_looks_like_nodes (const char *data,
                                    gsize       length);

/**
 * evb_csv_read_board:
 * @nodes: (array length=nodes_length): the nodes table
 * @nodes_length: its length in bytes
 * @links: (array length=links_length) (nullable): the links table, or %NULL
 * @links_length: its length in bytes
 * @title: the board's title
 * @skipped: (element-type utf8) (nullable): receives a sentence for each
 *   column that has no field on a board
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the board, or %NULL with @error set;
 *   errors name the table and line.
 */
EvbBoard *evb_csv_read_board      (const char  *nodes,
                                   gsize        nodes_length,
                                   const char  *links,
                                   gsize        links_length,
                                   const char  *title,
                                   GPtrArray   *skipped,
                                   GError     **error);

/**
 * evb_csv_links_path:
 * @path: (type filename): the nodes table
 *
 * The links table that goes beside a nodes table: `board.csv` has
 * `board-links.csv`.
 *
 * Returns: (transfer full) (type filename): its path
 */
char     *evb_csv_links_path      (const char  *path);

/**
 * evb_formats_read_exchange:
 * @path: (type filename): where @contents came from (for a CSV nodes table,
 *   the links table is looked for beside it; the name gives the title)
 * @contents: (array length=length): the file's contents
 * @length: their length in bytes
 * @skipped: (element-type utf8): gets one sentence per item not imported
 * @board: (out) (transfer full) (nullable): the board read
 * @error: return location for a #GError, or %NULL
 *
 * Reads @contents when they are a JSON Canvas or a CSV nodes table.
 *
 * Returns: %FALSE when @contents are in neither format (then nothing is
 *   set); %TRUE otherwise, with @board set, or %NULL and @error set
 */
gboolean  evb_formats_read_exchange (const char  *path,
                                     const char  *contents,
                                     gsize        length,
                                     GPtrArray   *skipped,
                                     EvbBoard   **board,
                                     GError     **error);

/**
 * evb_formats_import_file:
 * @path: (type filename): a JSON Canvas, a CSV nodes table or our JSON
 * @skipped: (element-type utf8): gets one sentence per item not imported
 * @error: return location for a #GError, or %NULL
 *
 * Reads a file to import, recognising its format by its contents. A file
 * that is not regular or larger than 1 GiB is refused before it is read.
 *
 * Returns: (transfer full) (nullable): the board, or %NULL with @error set
 */
EvbBoard *evb_formats_import_file (const char  *path,
                                   GPtrArray   *skipped,
                                   GError     **error);

G_END_DECLS
