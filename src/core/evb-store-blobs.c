/* evb-store-blobs.c: files kept inside a board file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file kept in the board is a blob: one row of `blob` (SHA-256, size,
 * media type, when it was added) and its bytes as rows of `blob_chunk`,
 * EVB_BLOB_CHUNK_SIZE each (the last one shorter). Why chunks rather than
 * one BLOB written with sqlite3_blob_write:
 *
 *  - Embedding a gigabyte takes seconds, and the board must go on saving
 *    edits meanwhile. Chunks let the copy run in a thread on a connection of
 *    its own in short transactions (one per CHUNKS_PER_TRANSACTION), between
 *    which the store's own commits get the write lock. One BLOB would be one
 *    transaction (or a zeroblob first, with the file's size trusted before
 *    it was read).
 *  - Memory stays flat at one chunk either way, and a chunk is within
 *    SQLite's value limit for hostile files (EVB_STORE_MAX_VALUE_LENGTH).
 *  - The sizes can be checked at open without reading any data
 *    (length() of a BLOB reads only the record header).
 *
 * The SHA-256 is known only at the end, so a blob being written has none;
 * the last transaction names it, or drops the copy when the board already
 * holds those bytes (content addressing: two cards with one file store it
 * once). A blob a crash left nameless is reclaimed with the unused ones.
 *
 * Blobs are not part of the undo history: a card refers to one by its
 * SHA-256 with attachment_embedded, and that reference is what undo and redo
 * change. The bytes stay until evb_store_reclaim_blobs() runs, when no undo
 * step can bring the reference back (at close), so redo costs nothing.
 *
 * Every read checks what it reads: chunk numbers in order, every chunk but
 * the last full, the total equal to the recorded size, and the SHA-256 of
 * the bytes equal to the name. A damaged blob is an error, never bytes
 * handed on as good.
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#ifdef HAVE_NETTLE
#include <nettle/sha2.h>
#endif

#include "evb-error.h"
#include "evb-store-blobs.h"
#include "evb-store-private.h"
#include "evb-temp-file.h"

/* 16 MiB per transaction: the store's commits wait at most a few
 * milliseconds for the write lock, and each transaction costs little. */
#define CHUNKS_PER_TRANSACTION 16
/* 16 MiB per statement when reading. */
#define CHUNKS_PER_READ 16
/* How long a connection waits for another's write lock. */
#define BUSY_TIMEOUT_MS 10000
/* How long the sizes-only check of the main thread waits for one. */
#define QUICK_BUSY_TIMEOUT_MS 200

/* SHA-256 through nettle when the build has it: three to four times as
 * fast as GChecksum here, which would otherwise be most of the time of
 * keeping a file in the board (docs/PERFORMANCE.md). */
typedef struct
{
#ifdef HAVE_NETTLE
  struct sha256_ctx ctx;
#else
  GChecksum        *checksum;
#endif
  char              hex[65];
} Hasher;

static void
hasher_init (Hasher *hasher)
{
#ifdef HAVE_NETTLE
  sha256_init (&hasher->ctx);
#else
  hasher->checksum = g_checksum_new (G_CHECKSUM_SHA256);
#endif
  hasher->hex[0] = '\0';
}

static void
hasher_update (Hasher       *hasher,
               const guint8 *data,
               gsize         length)
{
#ifdef HAVE_NETTLE
  sha256_update (&hasher->ctx, length, data);
#else
  g_checksum_update (hasher->checksum, data, length);
#endif
}

/* The lower-case hex digest; the hasher is spent (and freed) after. */
static const char *
hasher_finish (Hasher *hasher)
{
#ifdef HAVE_NETTLE
  guint8 digest[SHA256_DIGEST_SIZE];

  sha256_digest (&hasher->ctx, sizeof digest, digest);
  for (guint i = 0; i < sizeof digest; i++)
    g_snprintf (hasher->hex + 2 * i, 3, "%02x", digest[i]);
#else
  g_strlcpy (hasher->hex, g_checksum_get_string (hasher->checksum), sizeof hasher->hex);
  g_clear_pointer (&hasher->checksum, g_checksum_free);
#endif
  return hasher->hex;
}

static void
hasher_clear (Hasher *hasher)
{
#ifndef HAVE_NETTLE
  g_clear_pointer (&hasher->checksum, g_checksum_free);
#else
  (void) hasher;
#endif
}

void
evb_blob_info_free (EvbBlobInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->sha256);
  g_free (info->media_type);
  g_free (info->added);
  g_free (info);
}

/* Helpers */

static EvbBlobInfo *read_blob_info (sqlite3     *db,
                                    const char  *sha256,
                                    gint64      *id,
                                    int         *rc_out);

static gboolean
check_open (EvbStore  *self,
            GError   **error)
{
  if (self->db == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("“%s” is closed"), self->display_name);
      return FALSE;
    }
  return TRUE;
}

/* A connection of its own to the file the store reads (a recovered copy
 * for a read-only store of a crashed board), so that blob work can run in a
 * thread while the store's connection is used by its own. */
static sqlite3 *
open_blob_connection (EvbStore  *self,
                      gboolean   write,
                      GError   **error)
{
  EvbStoreConnectionMode mode;
  const char *path;
  sqlite3 *db;

  path = sqlite3_db_filename (self->db, "main");
  if (write)
    mode = EVB_STORE_CONNECTION_READ_WRITE;
  else if (self->flags & EVB_STORE_FLAGS_READ_ONLY)
    mode = EVB_STORE_CONNECTION_IMMUTABLE;
  else
    mode = EVB_STORE_CONNECTION_READ_ONLY;

  db = _evb_store_open_connection (path, mode, self->display_name, error);
  if (db != NULL)
    sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  return db;
}

sqlite3 *
_evb_store_open_blob_source (const char  *path,
                             int          busy_ms,
                             GError     **error)
{
  g_autofree char *display_name = g_filename_display_name (path);
  sqlite3 *db;
  gint64 value = 0;
  int version = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND,
                   _("“%s”, which holds the files kept in the board, is gone"), display_name);
      return NULL;
    }
  if (!_evb_store_read_header (path, display_name, &version, error))
    return NULL;
  if (version < EVB_SCHEMA_WITH_BLOBS)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND,
                   _("“%s” keeps no files inside it"), display_name);
      return NULL;
    }
  /* Read under SQLite's locks: our own write-back may be changing the file
   * in place right now. Where locks do not work, write-back never runs in
   * place (it renames a new file over the old), so an immutable read sees
   * one whole board there. Every read checks the SHA-256 either way. */
  db = _evb_store_open_connection (path, EVB_STORE_CONNECTION_READ_ONLY, display_name, NULL);
  if (db != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      sqlite3_busy_timeout (db, busy_ms);
      if (_evb_store_query_int (db, "SELECT count (*) FROM blob", &value, display_name,
                                &local_error))
        return db;
      /* Busy is locks that work: a write-back of ours is committing. */
      if ((sqlite3_extended_errcode (db) & 0xff) == SQLITE_BUSY)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          sqlite3_close (db);
          return NULL;
        }
      sqlite3_close (db);
    }
  db = _evb_store_open_connection (path, EVB_STORE_CONNECTION_IMMUTABLE, display_name, error);
  if (db != NULL &&
      !_evb_store_query_int (db, "SELECT count (*) FROM blob", &value, display_name, error))
    g_clear_pointer (&db, sqlite3_close);
  return db;
}

/* A read transaction on the connection that holds blob sha256: the
 * store's own file, or its blob source when the store lacks it (a working
 * copy opened without the files of its user's file). Returns NULL with
 * error set, or the connection in a transaction, with *info, *id and the
 * name of its file to say in messages (which the caller frees). */
static sqlite3 *
open_blob_holder (EvbStore     *self,
                  const char   *sha256,
                  EvbBlobInfo **info,
                  gint64       *id,
                  char        **display_name,
                  GError      **error)
{
  g_autofree char *name = g_strdup (self->display_name);
  sqlite3 *db;
  int rc;

  db = open_blob_connection (self, FALSE, error);
  if (db == NULL)
    return NULL;
  /* One read transaction: the chunks belong to the row that was read. */
  rc = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    *info = read_blob_info (db, sha256, id, &rc);
  if (rc == SQLITE_OK && *info == NULL && self->blob_source != NULL)
    {
      /* Said of the user's file from here on: that is the board people
       * know, the working copy's name means nothing to them. */
      sqlite3_close (db);
      g_free (name);
      name = g_filename_display_name (self->blob_source);
      db = _evb_store_open_blob_source (self->blob_source, EVB_STORE_BUSY_TIMEOUT_MS, error);
      if (db == NULL)
        return NULL;
      /* No transaction: the chunks are read in batches, each under the
       * read lock for itself (read_chunks). */
      *info = read_blob_info (db, sha256, id, &rc);
    }
  if (rc != SQLITE_OK)
    {
      _evb_store_set_sqlite_error (error, db, rc, name);
      sqlite3_close (db);
      return NULL;
    }
  if (*info == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND,
                   _("“%s” is damaged: the file kept in it with SHA-256 %.12s… is missing"),
                   name, sha256);
      sqlite3_close (db);
      return NULL;
    }
  *display_name = g_steal_pointer (&name);
  return db;
}

static char *
now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static void
set_damaged (GError     **error,
             const char  *display_name,
             const char  *sha256,
             const char  *detail)
{
  g_set_error (error, EVB_ERROR, EVB_ERROR_DAMAGED,
               /* Translators: the first %s is a board file, the second the start of a
                * SHA-256, the third says what is wrong */
               _("“%s” is damaged: the file kept in it with SHA-256 %.12s… %s"),
               display_name, sha256, detail);
}

/* Deletes a blob and its chunks by rowid, inside the caller's transaction
 * (foreign keys may be off on this connection). */
static int
delete_blob_row (sqlite3 *db,
                 gint64   id)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "DELETE FROM blob_chunk WHERE blob_id = ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      rc = _evb_store_step_done (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_prepare_v2 (db, "DELETE FROM blob WHERE id = ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      rc = _evb_store_step_done (stmt);
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* Boards made since format 4 give the pages of deleted blobs back to the
 * file system; older ones reuse them for the next blob. */
static void
give_back_space (sqlite3    *db,
                 const char *display_name)
{
  gint64 auto_vacuum = 0;

  if (_evb_store_query_int (db, "PRAGMA auto_vacuum", &auto_vacuum, display_name, NULL) &&
      auto_vacuum == 2)
    sqlite3_exec (db, "PRAGMA incremental_vacuum", NULL, NULL, NULL);
}

/* Embedding */

/* Reads up to size bytes, fewer only at the end of the stream. */
static gssize
read_chunk (GInputStream  *input,
            guint8        *buffer,
            gsize          size,
            GCancellable  *cancellable,
            GError       **error)
{
  gsize got = 0;

  if (!g_input_stream_read_all (input, buffer, size, &got, cancellable, error))
    return -1;
  return got;
}

EvbBlobInfo *
evb_store_embed_file (EvbStore         *store,
                      GFile            *file,
                      const char       *media_type,
                      GCancellable     *cancellable,
                      EvbBlobProgress   progress,
                      gpointer          progress_data,
                      GError          **error)
{
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GFileInfo) file_info = NULL;
  Hasher hasher;
  g_autoptr(EvbBlobInfo) info = NULL;
  g_autofree guint8 *buffer = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;
  sqlite3_stmt *stmt = NULL;
  goffset total = -1, done = 0;
  gint64 id = 0, existing = 0;
  gint64 seq = 0;
  gboolean in_transaction = FALSE;
  int rc;

  g_return_val_if_fail (EVB_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_open (store, error))
    return NULL;
  if ((store->flags & EVB_STORE_FLAGS_READ_ONLY) || store->schema_version < EVB_SCHEMA_WITH_BLOBS)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                   _("Could not keep the file in “%s”: the board is open read-only"),
                   store->display_name);
      return NULL;
    }

  input = g_file_read (file, cancellable, error);
  if (input == NULL)
    return NULL;
  file_info = g_file_input_stream_query_info (input, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                              cancellable, NULL);
  if (file_info != NULL && g_file_info_has_attribute (file_info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    total = g_file_info_get_size (file_info);

  info = g_new0 (EvbBlobInfo, 1);
  info->media_type = g_strdup (media_type);
  info->added = now_utc ();

  db = open_blob_connection (store, TRUE, error);
  if (db == NULL)
    return NULL;
  /* Checkpoints every 64 MiB instead of every 4: each one syncs the board,
   * and at the default they cost a third of the time (docs/PERFORMANCE.md).
   * The WAL is the store's; it shrinks back when the store closes. */
  sqlite3_exec (db, "PRAGMA wal_autocheckpoint = 16384", NULL, NULL, NULL);

  /* The nameless row first, in a transaction of its own: the chunks
   * refer to it. */
  rc = sqlite3_prepare_v2 (db, "INSERT INTO blob (sha256, size, media_type, added) "
                               "VALUES (NULL, 0, ?1, ?2)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      _evb_store_bind_text (stmt, 1, info->media_type);
      _evb_store_bind_text (stmt, 2, info->added);
      rc = _evb_store_step_done (stmt);
      id = sqlite3_last_insert_rowid (db);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_OK)
    goto sqlite_fail;

  rc = sqlite3_prepare_v2 (db, "INSERT INTO blob_chunk (blob_id, seq, data) VALUES (?1, ?2, ?3)",
                           -1, &insert, NULL);
  if (rc != SQLITE_OK)
    goto sqlite_fail;

  hasher_init (&hasher);
  buffer = g_malloc (EVB_BLOB_CHUNK_SIZE);
  for (;;)
    {
      gssize got = read_chunk (G_INPUT_STREAM (input), buffer, EVB_BLOB_CHUNK_SIZE,
                               cancellable, error);

      if (got < 0)
        goto fail;
      if (got == 0)
        break;
      hasher_update (&hasher, buffer, got);

      if (!in_transaction)
        {
          rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
          if (rc != SQLITE_OK)
            goto sqlite_fail;
          in_transaction = TRUE;
        }
      sqlite3_bind_int64 (insert, 1, id);
      sqlite3_bind_int64 (insert, 2, seq);
      sqlite3_bind_blob (insert, 3, buffer, got, SQLITE_STATIC);
      rc = _evb_store_step_done (insert);
      if (rc != SQLITE_OK)
        goto sqlite_fail;
      seq++;
      done += got;

      if (seq % CHUNKS_PER_TRANSACTION == 0)
        {
          rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
          if (rc != SQLITE_OK)
            goto sqlite_fail;
          in_transaction = FALSE;
        }
      if (progress != NULL)
        progress (done, total, progress_data);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      if ((gsize) got < EVB_BLOB_CHUNK_SIZE)
        break;
    }
  g_clear_pointer (&insert, sqlite3_finalize);

  info->sha256 = g_strdup (hasher_finish (&hasher));
  info->size = done;

  if (!in_transaction)
    {
      rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        goto sqlite_fail;
      in_transaction = TRUE;
    }
  rc = sqlite3_prepare_v2 (db, "SELECT id FROM blob WHERE sha256 = ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      _evb_store_bind_text (stmt, 1, info->sha256);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        existing = sqlite3_column_int64 (stmt, 0);
      rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_OK)
    goto sqlite_fail;

  if (existing != 0)
    /* The board has these bytes already: the copy goes, and the card
     * will refer to the one there. */
    rc = delete_blob_row (db, id);
  else
    {
      rc = sqlite3_prepare_v2 (db, "UPDATE blob SET sha256 = ?2, size = ?3 WHERE id = ?1",
                               -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_int64 (stmt, 1, id);
          _evb_store_bind_text (stmt, 2, info->sha256);
          sqlite3_bind_int64 (stmt, 3, info->size);
          rc = _evb_store_step_done (stmt);
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    goto sqlite_fail;

  if (existing != 0)
    give_back_space (db, store->display_name);
  sqlite3_close (db);
  if (existing != 0)
    {
      EvbBlobInfo *stored = evb_store_get_blob_info (store, info->sha256, NULL);

      /* What the board recorded first (its time, its media type) stays. */
      if (stored != NULL)
        {
          evb_blob_info_free (info);
          info = stored;
        }
    }
  return g_steal_pointer (&info);

sqlite_fail:
  _evb_store_set_sqlite_error (error, db, rc, store->display_name);
fail:
  if (buffer != NULL)
    hasher_clear (&hasher);
  g_clear_pointer (&insert, sqlite3_finalize);
  g_clear_pointer (&stmt, sqlite3_finalize);
  _evb_store_rollback (db);
  /* Nothing half written stays behind (if this fails too, reclaiming
   * removes the nameless row later). */
  if (id != 0 && sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK)
    {
      if (delete_blob_row (db, id) == SQLITE_OK)
        sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
      _evb_store_rollback (db);
    }
  sqlite3_close (db);
  return NULL;
}

/* Reading */

static EvbBlobInfo *
read_blob_info (sqlite3     *db,
                const char  *sha256,
                gint64      *id,
                int         *rc_out)
{
  sqlite3_stmt *stmt = NULL;
  EvbBlobInfo *info = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT id, size, media_type, added FROM blob WHERE sha256 = ?1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      _evb_store_bind_text (stmt, 1, sha256);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      const char *media_type = (const char *) sqlite3_column_text (stmt, 2);
      const char *added = (const char *) sqlite3_column_text (stmt, 3);

      info = g_new0 (EvbBlobInfo, 1);
      info->sha256 = g_strdup (sha256);
      info->size = sqlite3_column_int64 (stmt, 1);
      /* Shown to people: only clean text from a hostile file. */
      if (media_type != NULL && g_utf8_validate (media_type, -1, NULL))
        info->media_type = g_strdup (media_type);
      info->added = g_strdup (added != NULL && g_utf8_validate (added, -1, NULL) ? added : "");
      if (id != NULL)
        *id = sqlite3_column_int64 (stmt, 0);
      rc = SQLITE_OK;
    }
  else if (rc == SQLITE_DONE)
    rc = SQLITE_OK;
  sqlite3_finalize (stmt);
  *rc_out = rc;
  return info;
}

EvbBlobInfo *
evb_store_get_blob_info (EvbStore    *store,
                         const char  *sha256,
                         GError     **error)
{
  g_autofree char *display_name = NULL;
  g_autoptr(GError) local_error = NULL;
  EvbBlobInfo *info = NULL;
  sqlite3 *db;

  g_return_val_if_fail (EVB_IS_STORE (store), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_open (store, error))
    return NULL;
  if (store->schema_version < EVB_SCHEMA_WITH_BLOBS)
    return NULL;
  db = open_blob_holder (store, sha256, &info, NULL, &display_name, &local_error);
  if (db == NULL)
    {
      /* Not there is no error here: the caller asked whether it is. */
      if (!g_error_matches (local_error, EVB_ERROR, EVB_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  _evb_store_rollback (db);
  sqlite3_close (db);
  return info;
}

/* Streams the chunks of blob id (of the given size and name) through
 * SHA-256, to output when there is one. Returns FALSE with error set
 * (EVB_ERROR_DAMAGED for a blob that is not what its row says). */
static gboolean
read_chunks (sqlite3        *db,
             const char     *display_name,
             gint64          id,
             gint64          size,
             const char     *sha256,
             GOutputStream  *output,
             GCancellable   *cancellable,
             EvbBlobProgress progress,
             gpointer        progress_data,
             GError        **error)
{
  Hasher hasher;
  sqlite3_stmt *stmt = NULL;
  gint64 expected_seq = 0;
  goffset done = 0;
  int rc;

  hasher_init (&hasher);
  /* In batches: outside a transaction (reading the user's file) each one
   * holds SQLite's read lock only for itself, so an in-place write-back can
   * commit meanwhile instead of waiting for a gigabyte to be read. Kept
   * files never change, and go only when no card refers to them. */
  rc = sqlite3_prepare_v2 (db, "SELECT seq, data FROM blob_chunk WHERE blob_id = ?1 "
                               "AND seq >= ?2 ORDER BY seq LIMIT "
                               G_STRINGIFY (CHUNKS_PER_READ), -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    sqlite3_bind_int64 (stmt, 1, id);
  while (rc == SQLITE_OK)
    {
      int n_rows = 0;

      sqlite3_bind_int64 (stmt, 2, expected_seq);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 seq = sqlite3_column_int64 (stmt, 0);
          const void *data = sqlite3_column_blob (stmt, 1);
          int bytes = sqlite3_column_bytes (stmt, 1);

          /* Every chunk but the last is full, and none runs past the size. */
          if (seq != expected_seq || sqlite3_column_type (stmt, 1) != SQLITE_BLOB ||
              (done > 0 && done % EVB_BLOB_CHUNK_SIZE != 0) ||
              bytes > EVB_BLOB_CHUNK_SIZE || bytes <= 0 || done + bytes > size)
            {
              sqlite3_finalize (stmt);
              hasher_clear (&hasher);
              set_damaged (error, display_name, sha256, _("has missing or wrong parts."));
              return FALSE;
            }
          hasher_update (&hasher, data, bytes);
          if (output != NULL &&
              !g_output_stream_write_all (output, data, bytes, NULL, cancellable, error))
            {
              sqlite3_finalize (stmt);
              hasher_clear (&hasher);
              return FALSE;
            }
          done += bytes;
          expected_seq++;
          if (progress != NULL)
            progress (done, size, progress_data);
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              sqlite3_finalize (stmt);
              hasher_clear (&hasher);
              return FALSE;
            }
          n_rows++;
        }
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE && n_rows == CHUNKS_PER_READ)
        rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      hasher_clear (&hasher);
      _evb_store_set_sqlite_error (error, db, rc, display_name);
      return FALSE;
    }
  if (done != size)
    {
      hasher_clear (&hasher);
      set_damaged (error, display_name, sha256, _("is shorter than its recorded size."));
      return FALSE;
    }
  if (g_strcmp0 (hasher_finish (&hasher), sha256) != 0)
    {
      set_damaged (error, display_name, sha256, _("does not have that SHA-256 any more."));
      return FALSE;
    }
  return TRUE;
}

gboolean
evb_store_extract_blob (EvbStore         *store,
                        const char       *sha256,
                        GOutputStream    *output,
                        GCancellable     *cancellable,
                        EvbBlobProgress   progress,
                        gpointer          progress_data,
                        GError          **error)
{
  g_autoptr(EvbBlobInfo) info = NULL;
  g_autofree char *display_name = NULL;
  sqlite3 *db;
  gint64 id = 0;
  gboolean ok;

  g_return_val_if_fail (EVB_IS_STORE (store), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (output), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_open (store, error))
    return FALSE;
  if (store->schema_version < EVB_SCHEMA_WITH_BLOBS)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND,
                   _("“%s” keeps no files inside it"), store->display_name);
      return FALSE;
    }
  db = open_blob_holder (store, sha256, &info, &id, &display_name, error);
  if (db == NULL)
    return FALSE;
  ok = read_chunks (db, display_name, id, info->size, sha256, output, cancellable, progress,
                    progress_data, error);
  _evb_store_rollback (db);
  sqlite3_close (db);
  return ok;
}

gboolean
evb_store_extract_blob_to_file (EvbStore        *store,
                                const char      *sha256,
                                const char      *path,
                                int              mode,
                                GCancellable    *cancellable,
                                EvbBlobProgress  progress,
                                gpointer         progress_data,
                                GError         **error)
{
  g_autoptr(EvbTempFile) temp = NULL;
  g_autoptr(GFile) temp_file = NULL;
  g_autoptr(GFileOutputStream) output = NULL;
  g_autofree char *display_name = NULL;
  int fd;
  gboolean ok;

  g_return_val_if_fail (EVB_IS_STORE (store), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display_name = g_filename_display_name (path);
  evb_temp_file_remove_stale_beside (path);
  temp = evb_temp_file_new_beside (path, mode, error);
  if (temp == NULL)
    return FALSE;
  fd = evb_temp_file_dup_fd (temp, error);
  if (fd < 0)
    {
      evb_temp_file_discard (g_steal_pointer (&temp));
      return FALSE;
    }
  /* Writes go straight to the file (no buffer), so fd syncs them. */
  temp_file = g_file_new_for_path (evb_temp_file_get_path (temp));
  output = g_file_append_to (temp_file, G_FILE_CREATE_NONE, cancellable, error);
  ok = output != NULL &&
       evb_store_extract_blob (store, sha256, G_OUTPUT_STREAM (output), cancellable, progress,
                               progress_data, error);
  if (ok && fsync (fd) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not write “%s”: %s"),
                   display_name, g_strerror (saved_errno));
      ok = FALSE;
    }
  if (output != NULL && !g_output_stream_close (G_OUTPUT_STREAM (output), NULL,
                                                ok ? error : NULL))
    ok = FALSE;
  close (fd);
  if (ok && g_rename (evb_temp_file_get_path (temp), path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not write “%s”: %s"),
                   display_name, g_strerror (saved_errno));
      ok = FALSE;
    }
  if (!ok)
    evb_temp_file_discard (g_steal_pointer (&temp));
  return ok;
}

/* Checking */

/* The sizes of a blob, and its chunks, as one row: id, size, number of
 * chunks, their bytes, the last seq. length() of a BLOB column reads the
 * record header, not the data, so this costs a few milliseconds for a
 * gigabyte. */
#define BLOB_SIZES_SQL \
  "SELECT b.id, b.size, " \
  "  (SELECT count (*) FROM blob_chunk c WHERE c.blob_id = b.id), " \
  "  (SELECT sum (length (c.data)) FROM blob_chunk c WHERE c.blob_id = b.id), " \
  "  (SELECT max (c.seq) FROM blob_chunk c WHERE c.blob_id = b.id) " \
  "FROM blob b WHERE b.sha256 = ?1"

/* What is wrong with blob sha256 in db (NULL: nothing, or not there when
 * *found is FALSE). Returns FALSE with error set when cancelled or SQLite
 * failed. */
static gboolean
judge_blob (sqlite3       *db,
            const char    *display_name,
            const char    *sha256,
            gboolean       full,
            gboolean      *found,
            const char   **problem,
            GCancellable  *cancellable,
            GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *found = FALSE;
  *problem = NULL;
  rc = sqlite3_prepare_v2 (db, BLOB_SIZES_SQL, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      _evb_store_bind_text (stmt, 1, sha256);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gint64 size = sqlite3_column_int64 (stmt, 1);
      gint64 n_chunks = sqlite3_column_int64 (stmt, 2);
      gint64 bytes = sqlite3_column_int64 (stmt, 3);
      gint64 last_seq = sqlite3_column_int64 (stmt, 4);
      gint64 want_chunks = (size + EVB_BLOB_CHUNK_SIZE - 1) / EVB_BLOB_CHUNK_SIZE;
      g_autoptr(GError) local_error = NULL;

      sqlite3_finalize (stmt);
      *found = TRUE;
      if (n_chunks != want_chunks || bytes != size ||
          (n_chunks > 0 && last_seq != n_chunks - 1))
        *problem = _("The file kept in the board does not have its recorded size.");
      else if (full &&
               !read_chunks (db, display_name, id, size, sha256, NULL, cancellable, NULL, NULL,
                             &local_error))
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          *problem = _("The file kept in the board does not have its SHA-256 any more.");
        }
      return TRUE;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _evb_store_set_sqlite_error (error, db, rc, display_name);
      return FALSE;
    }
  return TRUE;
}

GHashTable *
evb_store_find_damaged_blobs (EvbStore      *store,
                              gboolean       full,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GHashTable) damaged = NULL;
  g_autoptr(GPtrArray) referenced = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) source_error = NULL;
  g_autofree char *source_name = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db, *source = NULL;
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (EVB_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_open (store, error))
    return NULL;
  damaged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (store->schema_version < EVB_SCHEMA_WITH_BLOBS)
    return g_steal_pointer (&damaged);

  db = open_blob_connection (store, FALSE, error);
  if (db == NULL)
    return NULL;

  rc = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "SELECT DISTINCT attachment_sha256 FROM node "
                                 "WHERE attachment_embedded = 1 AND attachment_sha256 IS NOT NULL",
                             -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (referenced, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _evb_store_set_sqlite_error (error, db, rc, store->display_name);
      sqlite3_close (db);
      return NULL;
    }

  for (guint i = 0; ok && i < referenced->len; i++)
    {
      const char *sha256 = g_ptr_array_index (referenced, i);
      const char *problem = NULL;
      gboolean found = FALSE;

      ok = judge_blob (db, store->display_name, sha256, full, &found, &problem, cancellable,
                       error);
      /* A working copy opened lean reads the others from its user's file;
       * if that is gone, the sentence says so. */
      if (ok && !found && store->blob_source != NULL && source_error == NULL)
        {
          if (source == NULL)
            {
              /* The sizes-only check runs on the main thread: it waits
               * little for a write-back, and says nothing if it must. */
              source = _evb_store_open_blob_source (store->blob_source,
                                                    full ? EVB_STORE_BUSY_TIMEOUT_MS
                                                         : QUICK_BUSY_TIMEOUT_MS,
                                                    &source_error);
              source_name = g_filename_display_name (store->blob_source);
            }
          if (source != NULL)
            ok = judge_blob (source, source_name, sha256, full, &found, &problem, cancellable,
                             error);
        }
      /* Busy: a write-back is committing; the next check will see. */
      if (ok && !found && g_error_matches (source_error, EVB_ERROR, EVB_ERROR_BUSY))
        continue;
      if (ok && !found)
        {
          if (source_error == NULL ||
              g_error_matches (source_error, EVB_ERROR, EVB_ERROR_NOT_FOUND))
            problem = store->blob_source != NULL &&
                      !g_file_test (store->blob_source, G_FILE_TEST_EXISTS)
                      ? _("The file kept in the board is missing: the board file that held it is gone.")
                      : _("The file kept in the board is missing.");
          else
            {
              char *sentence =
                /* Translators: %s says why a file could not be read */
                g_strdup_printf (_("The file kept in the board cannot be read: %s"),
                                 source_error->message);

              g_hash_table_replace (damaged, g_strdup (sha256), sentence);
              continue;
            }
        }
      if (ok && problem != NULL)
        g_hash_table_replace (damaged, g_strdup (sha256), g_strdup (problem));
    }
  if (source != NULL)
    sqlite3_close (source);
  _evb_store_rollback (db);
  sqlite3_close (db);
  return ok ? g_steal_pointer (&damaged) : NULL;
}

/* For evb_store_check: one sentence per card whose kept file is damaged. */
int
_evb_store_check_blobs (EvbStore  *self,
                        GPtrArray *problems)
{
  g_autoptr(GHashTable) damaged = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  damaged = evb_store_find_damaged_blobs (self, TRUE, NULL, &error);
  if (damaged == NULL)
    {
      g_ptr_array_add (problems, g_strdup (error->message));
      return SQLITE_OK;
    }
  if (g_hash_table_size (damaged) == 0)
    return SQLITE_OK;

  rc = sqlite3_prepare_v2 (self->db, "SELECT id, title, attachment_sha256 FROM node "
                                     "WHERE attachment_embedded = 1 ORDER BY rowid",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *title = (const char *) sqlite3_column_text (stmt, 1);
      const char *sha256 = (const char *) sqlite3_column_text (stmt, 2);
      const char *problem = sha256 != NULL ? g_hash_table_lookup (damaged, sha256) : NULL;
      g_autofree char *shown_id = g_strescape (id != NULL ? id : "", NULL);
      g_autofree char *shown_title = g_strescape (title != NULL ? title : "", NULL);

      rc = SQLITE_OK;
      if (problem != NULL)
        g_ptr_array_add (problems,
                         /* Translators: card “title” (id): a sentence */
                         g_strdup_printf (_("card “%.70s” (%.70s): %s"), shown_title, shown_id,
                                          problem));
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Reclaiming */

gint64
evb_store_reclaim_blobs (EvbStore  *store,
                         GError   **error)
{
  static const char unused[] =
    "SELECT id FROM blob WHERE sha256 IS NULL OR sha256 NOT IN "
    "(SELECT attachment_sha256 FROM node WHERE attachment_embedded = 1 "
    " AND attachment_sha256 IS NOT NULL)";
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (EVB_IS_STORE (store), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!check_open (store, error))
    return -1;
  if ((store->flags & EVB_STORE_FLAGS_READ_ONLY) || store->schema_version < EVB_SCHEMA_WITH_BLOBS)
    return 0;

  rc = sqlite3_exec (store->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (store->db, unused, -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
      rc = SQLITE_OK;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc == SQLITE_DONE)
    rc = SQLITE_OK;
  if (rc == SQLITE_OK && ids->len > 0)
    _evb_store_emit_will_write (store);
  for (guint i = 0; rc == SQLITE_OK && i < ids->len; i++)
    rc = delete_blob_row (store->db, g_array_index (ids, gint64, i));
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (store->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _evb_store_set_sqlite_error (error, store->db, rc, store->display_name);
      _evb_store_rollback (store->db);
      return -1;
    }

  if (ids->len > 0)
    give_back_space (store->db, store->display_name);
  /* Until the next write: a write-back may now drop the files only the
   * user's file holds that no card refers to. */
  store->blobs_reclaimed = TRUE;
  return ids->len;
}

/* Reading from the user's file */

void
evb_store_set_blob_source (EvbStore   *store,
                           const char *path)
{
  g_return_if_fail (EVB_IS_STORE (store));

  if (g_strcmp0 (store->blob_source, path) == 0)
    return;
  g_free (store->blob_source);
  store->blob_source = g_strdup (path);
}

const char *
evb_store_get_blob_source (EvbStore *store)
{
  g_return_val_if_fail (EVB_IS_STORE (store), NULL);

  return store->blob_source;
}

gboolean
evb_store_blob_source_needs_pruning (EvbStore *store)
{
  g_autoptr(GHashTable) referenced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            g_free);
  g_autoptr(GHashTable) offered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key;
  sqlite3 *source;
  int rc;

  g_return_val_if_fail (EVB_IS_STORE (store), FALSE);

  if (store->db == NULL || store->blob_source == NULL ||
      (store->flags & EVB_STORE_FLAGS_READ_ONLY) || store->schema_version < EVB_SCHEMA_WITH_BLOBS)
    return FALSE;
  source = _evb_store_open_blob_source (store->blob_source, EVB_STORE_BUSY_TIMEOUT_MS, NULL);
  if (source == NULL)
    return FALSE;
  rc = _evb_store_read_keys (source, "SELECT sha256, id FROM blob", offered);
  sqlite3_close (source);
  if (rc == SQLITE_OK)
    rc = _evb_store_read_keys (store->db, "SELECT DISTINCT attachment_sha256 FROM node "
                                          "WHERE attachment_embedded = 1 "
                                          "AND attachment_sha256 IS NOT NULL", referenced);
  if (rc != SQLITE_OK)
    return FALSE;
  g_hash_table_iter_init (&iter, offered);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (referenced, key))
      return TRUE;
  return FALSE;
}
