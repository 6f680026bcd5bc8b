/* evb-store.h: a board file (one SQLite database)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "evb-board.h"

G_BEGIN_DECLS

#define EVB_APPLICATION_ID   0x45564244 /* "EVBD" */
#define EVB_SCHEMA_VERSION   1

typedef enum
{
  EVB_STORE_FLAGS_NONE      = 0,
  EVB_STORE_FLAGS_READ_ONLY = 1 << 0,
} EvbStoreFlags;

#define EVB_TYPE_STORE (evb_store_get_type ())

G_DECLARE_FINAL_TYPE (EvbStore, evb_store, EVB, STORE, GObject)

/* Opens an existing board file. Refuses, with a GError that names the file
 * and writes nothing, a file that is not a board, a newer schema, or a
 * damaged or tampered one. A writable store migrates an older schema. */
EvbStore   *evb_store_open            (const char     *path,
                                       EvbStoreFlags   flags,
                                       GError        **error);
/* Creates a new, empty board file; fails if path exists. */
EvbStore   *evb_store_create          (const char     *path,
                                       const char     *title,
                                       GError        **error);
/* Writes board into a new board file at path, atomically: on failure there
 * is no file at path. Fails if path exists, unless overwrite. */
gboolean    evb_store_write_new       (EvbBoard       *board,
                                       const char     *path,
                                       gboolean        overwrite,
                                       GError        **error);

const char *evb_store_get_path        (EvbStore       *store);
int         evb_store_get_schema_version (EvbStore    *store);

/* Reads the whole board. Unless the store is read-only, every later
 * transaction of the returned board is written to the store, one SQLite
 * transaction per undo step. Call once per store. */
EvbBoard   *evb_store_load            (EvbStore       *store,
                                       GError        **error);

/* PRAGMA integrity_check, foreign keys and the schema. Adds one sentence per
 * problem to problems; TRUE when there are none. */
gboolean    evb_store_check           (EvbStore       *store,
                                       GPtrArray      *problems);

/* Copies the database to dest_path atomically (a temporary file beside it,
 * synced, then renamed over dest_path). On failure dest_path is untouched. */
gboolean    evb_store_backup_to       (EvbStore       *store,
                                       const char     *dest_path,
                                       GError        **error);

void        evb_store_close           (EvbStore       *store);

G_END_DECLS
