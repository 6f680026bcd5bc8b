/* evb-store.h: a board file (one SQLite database)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "evb-board.h"

G_BEGIN_DECLS

/**
 * EVB_APPLICATION_ID:
 *
 * The SQLite application id of a board file ("EVBD"), at offset 68 of its
 * header.
 */
#define EVB_APPLICATION_ID   0x45564244 /* "EVBD" */

/**
 * EVB_SCHEMA_VERSION:
 *
 * The newest board format (SQLite user_version) this version reads and
 * writes. Older ones are read, and migrated when opened for writing.
 */
#define EVB_SCHEMA_VERSION   6

/**
 * EVB_THUMBNAIL_MAX_BYTES:
 *
 * Thumbnails stored in a board are PNG images of at most this many bytes
 * (and %EVB_THUMBNAIL_MAX_PIXELS a side): a hostile board cannot make
 * anyone decode more than a few MiB of pixels.
 */
#define EVB_THUMBNAIL_MAX_BYTES  (2 * 1024 * 1024)

/**
 * EVB_THUMBNAIL_MAX_PIXELS:
 *
 * The largest width and height of a stored thumbnail.
 */
#define EVB_THUMBNAIL_MAX_PIXELS 1024

/**
 * EvbStoreFlags:
 * @EVB_STORE_FLAGS_NONE: a writable store, in WAL mode with
 *   synchronous=NORMAL: a crashed process loses no acknowledged step
 * @EVB_STORE_FLAGS_READ_ONLY: a read-only store. It never writes a byte in
 *   or beside the file: the file is opened immutable (no locks, no journal),
 *   or, when a rollback journal or a WAL is beside it (left by a program that
 *   crashed), a copy of the file and its journal in a private temporary
 *   folder is recovered by SQLite and read instead
 *
 * How evb_store_open() opens a board file.
 */
typedef enum
{
  EVB_STORE_FLAGS_NONE      = 0,
  EVB_STORE_FLAGS_READ_ONLY = 1 << 0,
} EvbStoreFlags;

#define EVB_TYPE_STORE (evb_store_get_type ())

/**
 * EvbStore:
 *
 * A board file: one SQLite database, treated as hostile until it has
 * passed every check. Load its board with evb_store_load(); the board's
 * undo steps are then written to it, one SQLite transaction each.
 *
 * Signals:
 *
 * - `will-write` (no arguments, no return value): emitted before each undo
 *   step, and each thumbnail, is written to the store, so that a document
 *   can record that its working copy is about to be ahead of the user's
 *   file.
 */
G_DECLARE_FINAL_TYPE (EvbStore, evb_store, EVB, STORE, GObject)

/**
 * evb_store_open:
 * @path: the board file
 * @flags: how to open it
 * @error: return location for a #GError, or %NULL
 *
 * Opens an existing board file. Refuses, with an error that names the file
 * and without writing anything, a file that is not a board
 * (%EVB_ERROR_NOT_A_BOARD), a newer format (%EVB_ERROR_TOO_NEW), or a
 * damaged or altered one (%EVB_ERROR_DAMAGED). A writable store migrates an
 * older format.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
EvbStore   *evb_store_open            (const char     *path,
                                       EvbStoreFlags   flags,
                                       GError        **error);

/**
 * evb_store_create:
 * @path: where to create the board file; nothing may be there yet
 * @title: (nullable): the board's title
 * @error: return location for a #GError, or %NULL
 *
 * Creates a new, empty board file and opens it for writing.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
EvbStore   *evb_store_create          (const char     *path,
                                       const char     *title,
                                       GError        **error);

/**
 * evb_store_write_new:
 * @board: the board to write
 * @path: the board file to write
 * @overwrite: whether to replace a file at @path
 * @error: return location for a #GError, or %NULL
 *
 * Writes @board into a new board file at @path, atomically: a temporary
 * file beside it, synced, then linked or renamed into place. On failure
 * nothing new is left and an existing file is untouched. A journal or WAL
 * of a replaced file is removed, so SQLite never pairs it with the new one.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%EVB_ERROR_IO if @path
 *   exists and @overwrite is %FALSE)
 */
gboolean    evb_store_write_new       (EvbBoard       *board,
                                       const char     *path,
                                       gboolean        overwrite,
                                       GError        **error);

/**
 * evb_store_init_library:
 *
 * Sets SQLite up for this process; call it first in main(), before
 * anything opens a board (later it does nothing). SQLite's memory
 * statistics are turned off: nothing reads them, and keeping them takes a
 * lock and a count on every allocation (a twentieth of an import).
 */
void        evb_store_init_library    (void);

/**
 * evb_store_get_path:
 * @store: a store
 *
 * Returns: (transfer none): the path @store was opened with
 */
const char *evb_store_get_path        (EvbStore       *store);

/**
 * evb_store_get_schema_version:
 * @store: a store
 *
 * Returns: the board format of the file (after migration, for a writable
 *   store)
 */
int         evb_store_get_schema_version (EvbStore    *store);

/**
 * evb_store_load:
 * @store: a store that has not been loaded yet
 * @error: return location for a #GError, or %NULL
 *
 * Reads the whole board, checking every row. Unless @store is read-only,
 * every later transaction of the returned board is written to @store, one
 * SQLite transaction per undo step (emitting `will-write` first). Call once
 * per store.
 *
 * Returns: (transfer full): the board, or %NULL with @error set
 */
EvbBoard   *evb_store_load            (EvbStore       *store,
                                       GError        **error);

/**
 * evb_store_check:
 * @store: a store
 * @problems: (element-type utf8): an array (with g_free() as its free
 *   function) that gets one sentence per problem
 *
 * Checks the file thoroughly, as the CLI's `check` does: the schema, PRAGMA
 * integrity_check, foreign keys, every CHECK constraint (naming the rows
 * that break one) and the thumbnails.
 *
 * Returns: %TRUE when no problem was found
 */
gboolean    evb_store_check           (EvbStore       *store,
                                       GPtrArray      *problems);

/**
 * evb_store_backup_to:
 * @store: a store
 * @dest_path: where to write the copy
 * @error: return location for a #GError, or %NULL
 *
 * Copies the database to @dest_path atomically (a temporary file beside it,
 * synced, then renamed over @dest_path). On failure @dest_path is
 * untouched.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 */
gboolean    evb_store_backup_to       (EvbStore       *store,
                                       const char     *dest_path,
                                       GError        **error);

/**
 * evb_store_backup_file:
 * @source_path: a board file that passed evb_store_open() before, such as
 *   a working copy in WAL mode that a store is editing
 * @dest_path: where to write the copy
 * @error: return location for a #GError, or %NULL
 *
 * Like evb_store_backup_to(), through a connection of its own: safe in a
 * thread while the store goes on committing, because a WAL reader sees one
 * consistent state.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 */
gboolean    evb_store_backup_file     (const char     *source_path,
                                       const char     *dest_path,
                                       GError        **error);

/**
 * evb_store_write_back_to:
 * @store: a store (the working copy)
 * @dest_path: the user's file
 * @error: return location for a #GError, or %NULL
 *
 * Writes the board to @dest_path, atomically and without copying what is
 * there already: a board holding files kept inside it is written in place
 * in one SQLite transaction, copying only the files @dest_path lacks; any
 * other board (or when in place is not possible) as evb_store_backup_to()
 * does. See evb-store-write-back.c. On failure @dest_path holds the old
 * board.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 */
gboolean    evb_store_write_back_to   (EvbStore       *store,
                                       const char     *dest_path,
                                       GError        **error);

/**
 * evb_store_write_back_file:
 * @source_path: a working copy that passed evb_store_open() before
 * @dest_path: the user's file
 * @error: return location for a #GError, or %NULL
 *
 * Like evb_store_write_back_to(), through a connection of its own, as
 * evb_store_backup_file() is: safe in a thread.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 */
gboolean    evb_store_write_back_file (const char     *source_path,
                                       const char     *dest_path,
                                       GError        **error);

/**
 * evb_store_put_thumbnail:
 * @store: a writable store
 * @sha256: the SHA-256 of the attachment's bytes (64 lower-case hex digits)
 * @png: the thumbnail, a PNG image within %EVB_THUMBNAIL_MAX_BYTES and
 *   %EVB_THUMBNAIL_MAX_PIXELS
 * @error: return location for a #GError, or %NULL
 *
 * Stores (or replaces) the thumbnail of an attachment, in a small
 * transaction of its own, emitting `will-write` first. Thumbnails are
 * derived data, like a cache: storing one is not an undo step, and the JSON
 * export leaves them out.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 */
gboolean    evb_store_put_thumbnail   (EvbStore       *store,
                                       const char     *sha256,
                                       GBytes         *png,
                                       GError        **error);

/**
 * evb_store_get_thumbnail:
 * @store: a store
 * @sha256: the SHA-256 of the attachment's bytes
 * @error: return location for a #GError, or %NULL
 *
 * Reads the thumbnail of an attachment. A stored blob that is too large or
 * not a PNG image within the limits is refused with an error, never handed
 * on to a decoder.
 *
 * Returns: (transfer full) (nullable): the PNG image, or %NULL: without an
 *   error when there is none (and on boards from before thumbnails, format
 *   1, opened read-only), with @error set otherwise
 */
GBytes     *evb_store_get_thumbnail   (EvbStore       *store,
                                       const char     *sha256,
                                       GError        **error);

/**
 * EVB_SETTING_MAX_BYTES:
 *
 * The longest value of a board setting: settings are small (a filter), and
 * a hostile board must not hand a parser megabytes.
 */
#define EVB_SETTING_MAX_BYTES (64 * 1024)

/**
 * evb_store_put_setting:
 * @store: a writable store
 * @key: the setting's name, e.g. "filter"
 * @value: (nullable): its value (at most %EVB_SETTING_MAX_BYTES), or
 *   %NULL to remove it
 * @error: return location for a #GError, or %NULL
 *
 * Stores a view setting of the board in a small transaction of its own,
 * emitting `will-write` first. A setting is not an undo step, and the JSON
 * export leaves it out.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 */
gboolean    evb_store_put_setting     (EvbStore       *store,
                                       const char     *key,
                                       const char     *value,
                                       GError        **error);

/**
 * evb_store_get_setting:
 * @store: a store
 * @key: the setting's name
 * @error: return location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): the value, or %NULL: without an
 *   error when there is none (and on boards from before settings opened
 *   read-only), with @error set when it cannot be read or is too long
 */
char       *evb_store_get_setting     (EvbStore       *store,
                                       const char     *key,
                                       GError        **error);

/**
 * evb_store_is_sha256:
 * @text: (nullable): a string
 *
 * Returns: %TRUE when @text is 64 lower-case hexadecimal digits
 */
gboolean    evb_store_is_sha256       (const char     *text);

/**
 * evb_store_close:
 * @store: a store
 *
 * Closes the database (and removes the recovered copy of a read-only
 * store, if there was one). Later calls fail with an error saying that the
 * store is closed.
 */
void        evb_store_close           (EvbStore       *store);

G_END_DECLS
