/* evb-store-writer-private.h: writing a new board file row by row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internal to src/core: evb_store_write_new() writes a board's model
 * through it, and the JSON import (evb_json_import_file) streams the rows
 * it has validated through it without building a model. The file appears
 * at its path only when _evb_store_writer_finish() succeeds; until then it
 * is a temporary file beside it, discarded on any failure.
 */

#pragma once

#include "evb-board.h"

G_BEGIN_DECLS

typedef struct _EvbStoreWriter EvbStoreWriter;

/* NULL with error set when the temporary file or the schema cannot be
 * made, or when path exists and overwrite is FALSE. */
EvbStoreWriter *_evb_store_writer_new      (const char         *path,
                                            gboolean            overwrite,
                                            GError            **error);
/* The writer writes rows this many a statement. */
#define EVB_STORE_BATCH_ROWS 32

/* Rows in drawing order, already validated (CHECK constraints and foreign
 * keys are off while it writes; a row whose id, or link whose pair of
 * ends, the file already holds fails). FALSE once SQLite has failed;
 * _evb_store_writer_finish() then says why. The writer gathers rows into
 * statements of many: what it is given must stay alive until the writer
 * is flushed, finished or aborted. */
gboolean        _evb_store_writer_add_node (EvbStoreWriter     *writer,
                                            const EvbNodeData  *data);
gboolean        _evb_store_writer_add_link (EvbStoreWriter     *writer,
                                            const EvbLinkData  *data);
/* Writes every row still gathered; FALSE once SQLite has failed. */
gboolean        _evb_store_writer_flush    (EvbStoreWriter     *writer);
/* Every group of board, in its order, after the nodes they hold. The
 * streamed import writes none: a document with groups takes the model's
 * path (evb-json-reader.c). */
gboolean        _evb_store_writer_add_groups (EvbStoreWriter   *writer,
                                              EvbBoard         *board);
/* Writes the board row from meta's title, description and dates, commits,
 * syncs and puts the file in place. Frees writer either way. */
gboolean        _evb_store_writer_finish   (EvbStoreWriter     *writer,
                                            EvbBoard           *meta,
                                            GError            **error);
/* Deletes the temporary file and frees writer; NULL is fine. */
void            _evb_store_writer_abort    (EvbStoreWriter     *writer);

G_END_DECLS
