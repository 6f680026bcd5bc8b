/* evb-store.h: a board file (one SQLite database)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "evb-board.h"

G_BEGIN_DECLS

#define EVB_APPLICATION_ID   0x45564244 /* "EVBD" */
#define EVB_SCHEMA_VERSION   2

/* Thumbnails stored in a board are PNG images of at most this many bytes
 * and pixels on either side: a hostile board cannot make anyone decode
 * more than a few MiB of pixels. */
#define EVB_THUMBNAIL_MAX_BYTES  (2 * 1024 * 1024)
#define EVB_THUMBNAIL_MAX_PIXELS 1024

/* READ_ONLY opens the file immutable: no locks, no journal, nothing
 * written beside it, and a -wal file beside it is ignored (boards the app
 * writes for people never have one). A writable store is in WAL mode with
 * synchronous=NORMAL: a crashed process loses no acknowledged step. */
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
/* Writes board into a new board file at path, atomically (a temporary file
 * beside it, synced, then linked or renamed into place): on failure nothing
 * new is left and an existing file is untouched. Fails with EVB_ERROR_IO if
 * path exists, unless overwrite. */
gboolean    evb_store_write_new       (EvbBoard       *board,
                                       const char     *path,
                                       gboolean        overwrite,
                                       GError        **error);

const char *evb_store_get_path        (EvbStore       *store);
int         evb_store_get_schema_version (EvbStore    *store);

/* Signals: "will-write" (no arguments) is emitted before each undo step (and
 * each thumbnail) is written to a store, so that a document can record that its working copy
 * is about to be ahead of the user's file. */

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

/* The same for the board file at source_path (a working copy in WAL mode
 * that a store is editing), read through a connection of its own: safe in
 * a thread while the store goes on committing, because a WAL reader sees
 * one consistent state. The file must have passed evb_store_open before. */
gboolean    evb_store_backup_file     (const char     *source_path,
                                       const char     *dest_path,
                                       GError        **error);

/* Thumbnails of attachments, keyed by the attachment's SHA-256 (64
 * lower-case hex digits). They are derived from the attachment's bytes,
 * like a cache: storing one is not an undo step, and the JSON export
 * leaves them out. put replaces a thumbnail in a small transaction of its
 * own (emitting "will-write" first) and refuses anything but a PNG image
 * within the limits above. get returns NULL without an error when there is
 * none (and on boards from before thumbnails, schema 1, opened read-only);
 * a stored blob that is too large or not a PNG is refused with an error,
 * never handed on to a decoder. */
gboolean    evb_store_put_thumbnail   (EvbStore       *store,
                                       const char     *sha256,
                                       GBytes         *png,
                                       GError        **error);
GBytes     *evb_store_get_thumbnail   (EvbStore       *store,
                                       const char     *sha256,
                                       GError        **error);

/* TRUE for 64 lower-case hexadecimal digits. */
gboolean    evb_store_is_sha256       (const char     *text);

void        evb_store_close           (EvbStore       *store);

G_END_DECLS
