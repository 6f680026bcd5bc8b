/* evb-json.h: the JSON interchange format of docs/DESIGN.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "evb-board.h"
#include "evb-editing.h"

G_BEGIN_DECLS

/**
 * EVB_JSON_FORMAT:
 *
 * The value of a document's `format` member.
 */
#define EVB_JSON_FORMAT  "evidence-board"

/**
 * EVB_JSON_VERSION:
 *
 * The newest `version` of the format this build reads, and the one it writes.
 */
#define EVB_JSON_VERSION 1

/**
 * EVB_JSON_MAX_DEPTH:
 *
 * Deeper documents are refused before json-glib sees them.
 */
#define EVB_JSON_MAX_DEPTH 64

/**
 * evb_json_read_board:
 * @data: (array length=length): the document, UTF-8 JSON (RFC 8259)
 * @length: the length of @data in bytes
 * @error: return location for a #GError, or %NULL
 *
 * Parses and validates a whole document into a new board without history.
 * Errors are in the %EVB_ERROR domain and name the place:
 * `nodes[3].kind: unknown kind “rumour”`.
 *
 * Returns: (transfer full) (nullable): the board, or %NULL with @error set
 */
EvbBoard *evb_json_read_board       (const char  *data,
                                     gsize        length,
                                     GError     **error);

/**
 * evb_json_read_board_file:
 * @path: (type filename): the file to read
 * @error: return location for a #GError, or %NULL
 *
 * Like evb_json_read_board() on the contents of @path. A file larger than
 * 1 GiB is refused before it is read.
 *
 * Returns: (transfer full) (nullable): the board, or %NULL with @error set
 */
EvbBoard *evb_json_read_board_file  (const char  *path,
                                     GError     **error);

/**
 * EvbJsonProgress:
 * @fraction: how much of the work is done, from 0 to 1
 * @user_data: the data given with the callback
 *
 * Called as a long import goes on, in the thread that imports.
 */
typedef void (*EvbJsonProgress) (double   fraction,
                                 gpointer user_data);

/**
 * evb_json_import:
 * @data: (array length=length): the document, UTF-8 JSON (RFC 8259)
 * @length: the length of @data in bytes
 * @path: (type filename): the new board file
 * @overwrite: whether to replace a file at @path
 * @fit: (nullable) (scope call): how to measure a card the document gave
 *   no size (evb_json_fit_unsized()); %NULL keeps the default size
 * @progress: (nullable) (scope call): called as the import goes on
 * @progress_data: (closure progress): data for @progress
 * @error: return location for a #GError, or %NULL
 *
 * Reads a document as evb_json_read_board() does and writes it as
 * evb_store_write_new() would write that board (its unsized cards fitted
 * with @fit first), without building the board when it can: the rows of a
 * well-formed document go into the file as soon as they are validated.
 * The same documents are accepted, with the same errors, and the same
 * rows are written; on failure nothing new is left and an existing file is
 * untouched. Errors about the document have the codes
 * %EVB_ERROR_PARSE, %EVB_ERROR_FORMAT, %EVB_ERROR_TOO_NEW or
 * %EVB_ERROR_LIMIT (as evb_json_read_board()'s); those about the board
 * file other codes (%EVB_ERROR_IO for one that exists without @overwrite).
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean  evb_json_import           (const char       *data,
                                     gsize             length,
                                     const char       *path,
                                     gboolean          overwrite,
                                     EvbEditingFitFunc fit,
                                     EvbJsonProgress   progress,
                                     gpointer          progress_data,
                                     GError          **error);

/**
 * evb_json_has_unsized:
 * @board: a board
 *
 * Returns: whether @board was read by evb_json_read_board() (or an import
 *   built on it: JSON Canvas, CSV) from a document that gave some cards no
 *   width and height, and evb_json_fit_unsized() has not sized them yet.
 */
gboolean  evb_json_has_unsized      (EvbBoard          *board);

/**
 * evb_json_fit_unsized:
 * @board: a board just read, not yet changed or stored
 * @func: how to measure a card (the render layer's evb_renderer_fit_card())
 *
 * Sizes the cards the document gave no size to their text, as a card added
 * in the app is sized, and lays out again those of them the document also
 * gave no place, so that a grown card overlaps none. Without this (where
 * nothing can measure text) such cards keep the default size. Does nothing
 * when evb_json_has_unsized() is %FALSE; call it on the thread that may
 * call @func.
 */
void      evb_json_fit_unsized      (EvbBoard          *board,
                                     EvbEditingFitFunc  func);

/**
 * evb_json_write_board:
 * @board: (transfer none): the board to write
 * @length: (out) (optional): return location for the length in bytes
 *
 * Writes @board as pretty-printed UTF-8 JSON, nodes and links in drawing
 * order. The output is stable: reading it and writing again gives the same
 * bytes.
 *
 * Returns: (transfer full): the NUL-terminated document; free with g_free()
 */
char     *evb_json_write_board      (EvbBoard    *board,
                                     gsize       *length);

/**
 * evb_json_write_board_file:
 * @board: (transfer none): the board to write
 * @path: (type filename): the file to write
 * @error: return location for a #GError, or %NULL
 *
 * Writes evb_json_write_board() to @path atomically: on failure @path is
 * untouched and nothing is left beside it.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean  evb_json_write_board_file (EvbBoard    *board,
                                     const char  *path,
                                     GError     **error);

G_END_DECLS
