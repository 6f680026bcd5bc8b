/* evb-store-write-back.c: writing a working copy back into the user's file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A board without files kept inside it is a few megabytes at most, and is
 * written back whole: SQLite's backup API into a temporary file beside the
 * user's file, synced, renamed over it (evb-store-backup.c). That is
 * atomic on every file system, and a reader never sees half a board.
 *
 * A board holding files can hold gigabytes, and copying them all after every
 * edit is out of the question. Such a board is written back in place,
 * inside one SQLite transaction on the user's file with a rollback journal
 * (journal_mode DELETE, synchronous FULL):
 *
 *  - the small tables (board, node, tag, link) are emptied and copied over
 *    row by row;
 *  - thumbnails and blobs are content-addressed, so they are compared by
 *    SHA-256: the ones the user's file lacks are copied (chunk by chunk,
 *    memory stays flat), the ones it holds and the working copy does not
 *    need any more are deleted. Only blobs that a card refers to are
 *    written: blobs that only the undo history still needs stay in the
 *    working copy, and reach the user's file again if an undo brings their
 *    card back;
 *  - freed pages go back to the file system (incremental vacuum) on boards
 *    made since format 4;
 *  - COMMIT. SQLite's journal makes it atomic: a process killed before the
 *    commit leaves a hot journal, and the next connection to open the file
 *    (the read-only checks of the next open copy it aside and recover it,
 *    evb-store-backup.c; a writer rolls it back) sees the old board whole.
 *
 * So a title edit on a board holding a gigabyte writes a few pages and two
 * fsyncs (docs/PERFORMANCE.md). In place needs the user's file to be a
 * board of the newest format (the first write-back after a migration is
 * whole) and working SQLite locks on its file system; whenever in place
 * fails for any reason, the whole copy is tried instead.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "evb-error.h"
#include "evb-store-blobs.h"
#include "evb-store-private.h"

/* The tables that are copied whole, in the order of the newest schema. */
static const char * const small_tables[] = { "board", "node", "tag", "link" };

/* A hook for tests: called after each blob is copied in place, so that a
 * test can kill the process in the middle of a write-back. */
void (*_evb_store_write_back_blob_hook) (void) = NULL;

static int
copy_table (sqlite3    *source,
            sqlite3    *dest,
            const char *table)
{
  g_autofree char *select_sql = g_strdup_printf ("SELECT * FROM %s", table);
  g_autofree char *delete_sql = g_strdup_printf ("DELETE FROM %s", table);
  g_autoptr(GString) insert_sql = g_string_new (NULL);
  sqlite3_stmt *select = NULL;
  sqlite3_stmt *insert = NULL;
  int n_columns;
  int rc;

  rc = sqlite3_exec (dest, delete_sql, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (source, select_sql, -1, &select, NULL);
  if (rc != SQLITE_OK)
    return rc;

  n_columns = sqlite3_column_count (select);
  g_string_printf (insert_sql, "INSERT INTO %s VALUES (", table);
  for (int i = 1; i <= n_columns; i++)
    g_string_append_printf (insert_sql, i > 1 ? ", ?%d" : "?%d", i);
  g_string_append_c (insert_sql, ')');
  rc = sqlite3_prepare_v2 (dest, insert_sql->str, -1, &insert, NULL);

  while (rc == SQLITE_OK && (rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      for (int i = 0; i < n_columns; i++)
        sqlite3_bind_value (insert, i + 1, sqlite3_column_value (select, i));
      rc = _evb_store_step_done (insert);
    }
  if (rc == SQLITE_DONE)
    rc = SQLITE_OK;
  sqlite3_finalize (select);
  sqlite3_finalize (insert);
  return rc;
}

/* Runs sql (one text column, then an integer one when with_id) into a
 * table of text → id. */
static int
read_keys (sqlite3     *db,
           const char  *sql,
           GHashTable  *keys)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      gint64 *id = g_new (gint64, 1);

      *id = sqlite3_column_count (stmt) > 1 ? sqlite3_column_int64 (stmt, 1) : 0;
      /* A row a crash left nameless is keyed by its id, so it goes too. */
      g_hash_table_replace (keys, key != NULL ? g_strdup (key)
                                              : g_strdup_printf ("#%" G_GINT64_FORMAT, *id),
                            id);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
exec_with_key (sqlite3    *db,
               const char *sql,
               const char *key,
               gint64      id)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      if (key != NULL)
        _evb_store_bind_text (stmt, 1, key);
      else
        sqlite3_bind_int64 (stmt, 1, id);
      rc = _evb_store_step_done (stmt);
    }
  sqlite3_finalize (stmt);
  return rc;
}

static int
sync_thumbnails (sqlite3 *source,
                 sqlite3 *dest)
{
  g_autoptr(GHashTable) want = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) have = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key;
  int rc;

  rc = read_keys (source, "SELECT sha256 FROM thumbnails", want);
  if (rc == SQLITE_OK)
    rc = read_keys (dest, "SELECT sha256 FROM thumbnails", have);

  g_hash_table_iter_init (&iter, have);
  while (rc == SQLITE_OK && g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (want, key))
      rc = exec_with_key (dest, "DELETE FROM thumbnails WHERE sha256 = ?1", key, 0);

  g_hash_table_iter_init (&iter, want);
  while (rc == SQLITE_OK && g_hash_table_iter_next (&iter, &key, NULL))
    {
      sqlite3_stmt *select = NULL, *insert = NULL;

      if (g_hash_table_contains (have, key))
        continue;
      rc = sqlite3_prepare_v2 (source, "SELECT png FROM thumbnails WHERE sha256 = ?1", -1,
                               &select, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2 (dest, "INSERT INTO thumbnails (sha256, png) VALUES (?1, ?2)",
                                 -1, &insert, NULL);
      if (rc == SQLITE_OK)
        {
          _evb_store_bind_text (select, 1, key);
          rc = sqlite3_step (select);
          if (rc == SQLITE_ROW)
            {
              _evb_store_bind_text (insert, 1, key);
              sqlite3_bind_value (insert, 2, sqlite3_column_value (select, 0));
              rc = _evb_store_step_done (insert);
            }
          else if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        }
      sqlite3_finalize (select);
      sqlite3_finalize (insert);
    }
  return rc;
}

/* Copies blob id of source into dest under sha256, chunk by chunk. */
static int
copy_blob (sqlite3    *source,
           sqlite3    *dest,
           const char *sha256,
           gint64      source_id)
{
  sqlite3_stmt *select = NULL, *insert = NULL;
  gint64 dest_id;
  int rc;

  rc = sqlite3_prepare_v2 (source, "SELECT size, media_type, added FROM blob WHERE id = ?1", -1,
                           &select, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (dest, "INSERT INTO blob (sha256, size, media_type, added) "
                                   "VALUES (?1, ?2, ?3, ?4)", -1, &insert, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (select, 1, source_id);
      rc = sqlite3_step (select);
      if (rc == SQLITE_ROW)
        {
          _evb_store_bind_text (insert, 1, sha256);
          for (int i = 0; i < 3; i++)
            sqlite3_bind_value (insert, i + 2, sqlite3_column_value (select, i));
          rc = _evb_store_step_done (insert);
        }
    }
  sqlite3_finalize (select);
  sqlite3_finalize (insert);
  if (rc != SQLITE_OK)
    return rc;
  dest_id = sqlite3_last_insert_rowid (dest);

  select = insert = NULL;
  rc = sqlite3_prepare_v2 (source, "SELECT seq, data FROM blob_chunk WHERE blob_id = ?1", -1,
                           &select, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (dest, "INSERT INTO blob_chunk (blob_id, seq, data) "
                                   "VALUES (?1, ?2, ?3)", -1, &insert, NULL);
  if (rc == SQLITE_OK)
    sqlite3_bind_int64 (select, 1, source_id);
  while (rc == SQLITE_OK && (rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      sqlite3_bind_int64 (insert, 1, dest_id);
      sqlite3_bind_value (insert, 2, sqlite3_column_value (select, 0));
      sqlite3_bind_value (insert, 3, sqlite3_column_value (select, 1));
      rc = _evb_store_step_done (insert);
    }
  if (rc == SQLITE_DONE)
    rc = SQLITE_OK;
  sqlite3_finalize (select);
  sqlite3_finalize (insert);
  return rc;
}

static int
sync_blobs (sqlite3  *source,
            sqlite3  *dest,
            gboolean *deleted)
{
  g_autoptr(GHashTable) want = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) have = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  /* Only what a card refers to (and the working copy holds). */
  rc = read_keys (source,
                  "SELECT b.sha256, b.id FROM blob b WHERE b.sha256 IN "
                  "(SELECT attachment_sha256 FROM node WHERE attachment_embedded = 1)", want);
  if (rc == SQLITE_OK)
    rc = read_keys (dest, "SELECT sha256, id FROM blob", have);

  g_hash_table_iter_init (&iter, have);
  while (rc == SQLITE_OK && g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (want, key))
      {
        gint64 id = *(gint64 *) value;

        rc = exec_with_key (dest, "DELETE FROM blob_chunk WHERE blob_id = ?1", NULL, id);
        if (rc == SQLITE_OK)
          rc = exec_with_key (dest, "DELETE FROM blob WHERE id = ?1", NULL, id);
        *deleted = TRUE;
      }

  g_hash_table_iter_init (&iter, want);
  while (rc == SQLITE_OK && g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (have, key))
      {
        rc = copy_blob (source, dest, key, *(gint64 *) value);
        if (rc == SQLITE_OK && _evb_store_write_back_blob_hook != NULL)
          _evb_store_write_back_blob_hook ();
      }
  return rc;
}

/* Whether the working copy holds files, so that a whole copy could be
 * large. */
static gboolean
holds_blobs (sqlite3 *source)
{
  gint64 value = 0;

  return _evb_store_query_int (source, "SELECT EXISTS (SELECT 1 FROM blob)", &value, "", NULL) &&
         value != 0;
}

static gboolean
write_back_in_place (sqlite3     *source,
                     const char  *dest_path,
                     const char  *display_name,
                     GError     **error)
{
  sqlite3 *dest;
  gint64 value = 0;
  gboolean deleted = FALSE;
  int rc = SQLITE_OK;

  dest = _evb_store_open_connection (dest_path, EVB_STORE_CONNECTION_READ_WRITE, display_name,
                                     error);
  if (dest == NULL)
    return FALSE;
  sqlite3_busy_timeout (dest, 2000);
  if (!_evb_store_exec_sql (dest,
                            "PRAGMA journal_mode = DELETE;"
                            "PRAGMA synchronous = FULL;"
                            "PRAGMA foreign_keys = OFF;"
                            "PRAGMA cache_size = -16384;"
                            "BEGIN IMMEDIATE;",
                            display_name, error))
    goto fail;

  /* The header was read before; this is the state under the lock. */
  if (!_evb_store_query_int (dest, "PRAGMA application_id", &value, display_name, error))
    goto fail;
  if (value != EVB_APPLICATION_ID ||
      !_evb_store_query_int (dest, "PRAGMA user_version", &value, display_name, error) ||
      value != EVB_SCHEMA_VERSION)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_A_BOARD,
                   _("“%s” is not a board of the newest format"), display_name);
      goto fail;
    }

  /* One snapshot of the working copy. */
  rc = sqlite3_exec (source, "BEGIN", NULL, NULL, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < G_N_ELEMENTS (small_tables); i++)
    rc = copy_table (source, dest, small_tables[i]);
  if (rc == SQLITE_OK)
    rc = sync_thumbnails (source, dest);
  if (rc == SQLITE_OK)
    rc = sync_blobs (source, dest, &deleted);
  _evb_store_rollback (source);
  if (rc == SQLITE_OK && deleted &&
      _evb_store_query_int (dest, "PRAGMA auto_vacuum", &value, display_name, NULL) && value == 2)
    rc = sqlite3_exec (dest, "PRAGMA incremental_vacuum", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (dest, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _evb_store_set_sqlite_error (error, dest, rc, display_name);
      goto fail;
    }
  rc = sqlite3_close (dest);
  if (rc != SQLITE_OK)
    {
      _evb_store_set_sqlite_error (error, NULL, rc, display_name);
      return FALSE;
    }
  return TRUE;

fail:
  _evb_store_rollback (dest);
  sqlite3_close (dest);
  return FALSE;
}

gboolean
_evb_store_write_back_database (sqlite3     *source,
                                const char  *dest_path,
                                GError     **error)
{
  g_autofree char *display_name = g_filename_display_name (dest_path);
  int version = 0;

  if (holds_blobs (source) &&
      _evb_store_read_header (dest_path, display_name, &version, NULL) &&
      version == EVB_SCHEMA_VERSION)
    {
      g_autoptr(GError) local_error = NULL;

      if (write_back_in_place (source, dest_path, display_name, &local_error))
        return TRUE;
      g_debug ("Writing back in place failed, copying the whole board: %s",
               local_error->message);
    }
  return _evb_store_backup_database (source, dest_path, error);
}

/* Copying files kept in another board (merge) */

static sqlite3 *
open_store_connection (EvbStore  *store,
                       gboolean   write,
                       GError   **error)
{
  EvbStoreConnectionMode mode = write ? EVB_STORE_CONNECTION_READ_WRITE
                              : (store->flags & EVB_STORE_FLAGS_READ_ONLY)
                                ? EVB_STORE_CONNECTION_IMMUTABLE
                                : EVB_STORE_CONNECTION_READ_ONLY;
  sqlite3 *db = _evb_store_open_connection (sqlite3_db_filename (store->db, "main"), mode,
                                            store->display_name, error);

  if (db != NULL)
    sqlite3_busy_timeout (db, 10000);
  return db;
}

gboolean
evb_store_import_blobs (EvbStore      *store,
                        EvbStore      *other,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GHashTable) want = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) have = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;
  sqlite3 *source = NULL, *dest = NULL;
  int rc;

  g_return_val_if_fail (EVB_IS_STORE (store), FALSE);
  g_return_val_if_fail (EVB_IS_STORE (other), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (store->db == NULL || other->db == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("“%s” is closed"),
                   store->db == NULL ? store->display_name : other->display_name);
      return FALSE;
    }
  if (other->schema_version < EVB_SCHEMA_WITH_BLOBS)
    return TRUE;

  source = open_store_connection (other, FALSE, error);
  if (source == NULL)
    return FALSE;
  dest = open_store_connection (store, TRUE, error);
  if (dest == NULL)
    {
      sqlite3_close (source);
      return FALSE;
    }

  rc = read_keys (source,
                  "SELECT b.sha256, b.id FROM blob b WHERE b.sha256 IN "
                  "(SELECT attachment_sha256 FROM node WHERE attachment_embedded = 1)", want);
  if (rc == SQLITE_OK)
    rc = read_keys (dest, "SELECT sha256, id FROM blob WHERE sha256 IS NOT NULL", have);

  /* One transaction a file: the board goes on saving edits between them. */
  g_hash_table_iter_init (&iter, want);
  while (rc == SQLITE_OK && g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_hash_table_contains (have, key))
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      rc = sqlite3_exec (dest, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      if (rc == SQLITE_OK)
        rc = copy_blob (source, dest, key, *(gint64 *) value);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (dest, "COMMIT", NULL, NULL, NULL);
      else
        _evb_store_rollback (dest);
    }
  if (rc != SQLITE_OK)
    _evb_store_set_sqlite_error (error, dest, rc, store->display_name);
  sqlite3_close (source);
  sqlite3_close (dest);
  return rc == SQLITE_OK && (error == NULL || *error == NULL);
}

gboolean
evb_store_write_back_to (EvbStore    *store,
                         const char  *dest_path,
                         GError     **error)
{
  g_return_val_if_fail (EVB_IS_STORE (store), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _evb_store_copy_from_store (store, _evb_store_write_back_database, dest_path, error);
}

gboolean
evb_store_write_back_file (const char  *source_path,
                           const char  *dest_path,
                           GError     **error)
{
  g_return_val_if_fail (source_path != NULL, FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _evb_store_copy_from_file (source_path, _evb_store_write_back_database, dest_path, error);
}
