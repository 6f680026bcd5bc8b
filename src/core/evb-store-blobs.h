/* evb-store-blobs.h: files kept inside a board file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "evb-store.h"

G_BEGIN_DECLS

/**
 * EVB_BLOB_CHUNK_SIZE:
 *
 * A file kept in a board is stored as rows of this many bytes (the last
 * one shorter), written and read one at a time: memory stays flat however
 * large the file.
 */
#define EVB_BLOB_CHUNK_SIZE (1024 * 1024)

/**
 * EvbBlobProgress:
 * @done: bytes done
 * @total: bytes in all, or -1 when unknown
 * @user_data: the data given with the function
 *
 * Called from the thread that embeds or extracts, after each chunk.
 */
typedef void (*EvbBlobProgress) (goffset  done,
                                 goffset  total,
                                 gpointer user_data);

/**
 * EvbBlobInfo:
 * @sha256: the SHA-256 of the bytes, 64 lower-case hexadecimal digits
 * @size: the number of bytes
 * @media_type: (nullable): the media type it was stored with
 * @added: when it was stored (ISO 8601, UTC)
 *
 * What a board file records of a file kept inside it. Free with
 * evb_blob_info_free().
 */
typedef struct
{
  char   *sha256;
  gint64  size;
  char   *media_type;
  char   *added;
} EvbBlobInfo;

void         evb_blob_info_free          (EvbBlobInfo      *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EvbBlobInfo, evb_blob_info_free)

/**
 * evb_store_embed_file:
 * @store: a writable store
 * @file: the file to keep in the board
 * @media_type: (nullable): its media type
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable) (scope call): called after each chunk, in the
 *   calling thread
 * @progress_data: data for @progress
 * @error: return location for a #GError, or %NULL
 *
 * Copies @file into the board file chunk by chunk, computing its SHA-256 on
 * the way; when the board already holds those bytes the copy is dropped, so
 * two cards with the same file store it once. This is not an undo step:
 * a card refers to the blob by its SHA-256 (evb_editing_attach() with
 * `embedded`), and blobs no card refers to are reclaimed later
 * (evb_store_reclaim_blobs()).
 *
 * It works through a connection of its own, in short transactions, so it
 * may run in a thread while @store goes on committing edits; @store must
 * stay open meanwhile. On failure or cancellation nothing is left behind.
 *
 * Returns: (transfer full) (nullable): what was stored, or %NULL with
 *   @error set
 */
EvbBlobInfo *evb_store_embed_file        (EvbStore         *store,
                                          GFile            *file,
                                          const char       *media_type,
                                          GCancellable     *cancellable,
                                          EvbBlobProgress   progress,
                                          gpointer          progress_data,
                                          GError          **error);

/**
 * evb_store_get_blob_info:
 * @store: a store
 * @sha256: a SHA-256
 * @error: return location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): what the board records of the blob,
 *   or %NULL: without an error when it holds no such blob (or is older
 *   than format 4), with @error set otherwise
 */
EvbBlobInfo *evb_store_get_blob_info     (EvbStore         *store,
                                          const char       *sha256,
                                          GError          **error);

/**
 * evb_store_extract_blob:
 * @store: a store
 * @sha256: the SHA-256 of the blob
 * @output: where the bytes go
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable) (scope call): called after each chunk
 * @progress_data: data for @progress
 * @error: return location for a #GError, or %NULL
 *
 * Writes a blob to @output chunk by chunk, checking the chunks and the
 * SHA-256 of the bytes on the way. A damaged blob fails with
 * %EVB_ERROR_DAMAGED, at the latest after its last chunk: the caller writes
 * to a temporary file and keeps it only on success. Works through a
 * connection of its own, so it may run in a thread. Does not close @output.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%EVB_ERROR_NOT_FOUND
 *   when the board holds no such blob)
 */
gboolean     evb_store_extract_blob      (EvbStore         *store,
                                          const char       *sha256,
                                          GOutputStream    *output,
                                          GCancellable     *cancellable,
                                          EvbBlobProgress   progress,
                                          gpointer          progress_data,
                                          GError          **error);

/**
 * evb_store_extract_blob_to_file:
 * @store: a store
 * @sha256: the SHA-256 of the blob
 * @path: the file to write
 * @mode: the permissions of the new file (0666 or 0444 for a read-only
 *   copy; the umask applies)
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable) (scope call): called after each chunk
 * @progress_data: data for @progress
 * @error: return location for a #GError, or %NULL
 *
 * Writes a blob to @path whole or not at all: into a temporary file beside
 * it (evb-temp-file.h), verifying the SHA-256 on the way, synced, then
 * renamed over @path. On failure (a damaged blob included) @path is
 * untouched.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 */
gboolean     evb_store_extract_blob_to_file (EvbStore        *store,
                                             const char      *sha256,
                                             const char      *path,
                                             int              mode,
                                             GCancellable    *cancellable,
                                             EvbBlobProgress  progress,
                                             gpointer         progress_data,
                                             GError         **error);

/**
 * evb_store_find_damaged_blobs:
 * @store: a store
 * @full: %FALSE to check the sizes of the chunks only (fast: no blob data is
 *   read), %TRUE to hash every blob too (reads everything)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * Checks the files kept in the board that cards refer to. Works through a
 * connection of its own, so it may run in a thread.
 *
 * Returns: (transfer full) (element-type utf8 utf8) (nullable): for each
 *   damaged or missing blob, its SHA-256 → a sentence saying what is wrong;
 *   empty when all are sound; %NULL with @error set when the check itself
 *   failed
 */
GHashTable  *evb_store_find_damaged_blobs (EvbStore        *store,
                                           gboolean         full,
                                           GCancellable    *cancellable,
                                           GError         **error);

/**
 * evb_store_import_blobs:
 * @store: a writable store
 * @other: another board's store
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, or %NULL
 *
 * Copies into @store every file kept in @other that a card of @other refers
 * to and @store lacks, chunk by chunk, one transaction each, so that cards
 * merged from @other (evb_editing_merge()) find their files. Through
 * connections of their own: it may run in a thread. Files no card ends up
 * referring to are reclaimed as usual.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 */
gboolean     evb_store_import_blobs      (EvbStore         *store,
                                          EvbStore         *other,
                                          GCancellable     *cancellable,
                                          GError          **error);

/**
 * evb_store_reclaim_blobs:
 * @store: a writable store, with no evb_store_embed_file() running
 * @error: return location for a #GError, or %NULL
 *
 * Deletes the blobs no card refers to (and ones a crash left half
 * written), and gives their space back to the file system on boards that
 * allow it (incremental vacuum). Call when the undo history that could
 * bring them back is gone: when a board is closed.
 *
 * Returns: the number of blobs deleted, or -1 with @error set
 */
gint64       evb_store_reclaim_blobs     (EvbStore         *store,
                                          GError          **error);

/**
 * evb_store_copy_without_blobs:
 * @store: a store of the user's file, opened read-only
 * @dest_path: where to write the working copy
 * @error: return location for a #GError, or %NULL
 *
 * Writes a working copy of @store to @dest_path atomically: every row of
 * every table but the bytes of the files kept in the board (the rows of
 * `blob` and `blob_chunk`), so that opening costs what the small tables
 * cost however large the kept files are. The store of the working copy
 * then reads those files from the user's file (evb_store_set_blob_source()).
 * A board that keeps no files, or one with a crashed writer's journal
 * beside it, is copied whole, as evb_store_backup_to() does.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 */
gboolean     evb_store_copy_without_blobs (EvbStore        *store,
                                           const char      *dest_path,
                                           GError         **error);

/**
 * evb_store_set_blob_source:
 * @store: a store (a working copy)
 * @path: (nullable): the board file that holds the files kept in the board
 *   that @store lacks (the user's file), or %NULL for none
 *
 * Every read of a kept file that @store lacks goes to @path (checked
 * against its SHA-256 as always); Save a Copy (evb_store_backup_to()) takes
 * them from there; a write-back to @path keeps them there, and drops the
 * ones no card refers to only after evb_store_reclaim_blobs(). Set it once,
 * before the store is used from other threads.
 */
void         evb_store_set_blob_source   (EvbStore         *store,
                                          const char       *path);

/**
 * evb_store_get_blob_source:
 * @store: a store
 *
 * Returns: (transfer none) (nullable): the path set with
 *   evb_store_set_blob_source()
 */
const char  *evb_store_get_blob_source   (EvbStore         *store);

/**
 * evb_store_blob_source_needs_pruning:
 * @store: a writable store with a blob source
 *
 * Whether the blob source holds files no card of @store refers to: after
 * evb_store_reclaim_blobs() a write-back drops them.
 *
 * Returns: %TRUE if a write-back would free space in the blob source
 */
gboolean     evb_store_blob_source_needs_pruning (EvbStore   *store);

/**
 * evb_store_copy_board_file:
 * @source_path: a board file that passed evb_store_open() before, such as
 *   a working copy in WAL mode that a store is editing
 * @blob_source_path: (nullable): the board file that holds the files kept
 *   in the board that @source_path lacks (evb_store_get_blob_source())
 * @dest_path: where to write the copy
 * @error: return location for a #GError, or %NULL
 *
 * Like evb_store_backup_file(), and the copy holds every file kept in the
 * board that a card refers to, read from @blob_source_path when
 * @source_path lacks it: a complete board (Save a Copy, a draft's Save As).
 * Safe in a thread.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 */
gboolean     evb_store_copy_board_file   (const char       *source_path,
                                          const char       *blob_source_path,
                                          const char       *dest_path,
                                          GError          **error);

G_END_DECLS
