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
 *    card back. A working copy opened without the files of the user's file
 *    (evb_store_copy_without_blobs) does not hold those: one that no card
 *    refers to any more stays in the user's file, its only copy, until
 *    reclaiming at close says no undo step can want it (prune);
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
 * fails for any reason, the whole copy is tried instead. The whole copy
 * then takes from the old user's file the files the working copy lacks,
 * in the temporary file before the rename, so it is a complete board too.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "evb-error.h"
#include "evb-store-blobs.h"
#include "evb-store-private.h"

/* The tables that are copied whole, in the order of the newest schema. */
static const char * const small_tables[] = {
  "board", "node", "tag", "link", "setting", "card_group", "card_group_member"
};

/* A hook for tests: called after each blob is copied in place, so that a
 * test can kill the process in the middle of a write-back. */
void (*_evb_store_write_back_blob_hook) (void) = NULL;

int
_evb_store_copy_table (sqlite3    *source,
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
int
_evb_store_read_keys (sqlite3     *db,
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

  rc = _evb_store_read_keys (source, "SELECT sha256 FROM thumbnails", want);
  if (rc == SQLITE_OK)
    rc = _evb_store_read_keys (dest, "SELECT sha256 FROM thumbnails", have);

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
int
_evb_store_copy_blob (sqlite3    *source,
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

/* The SHA-256 of every file a card of db refers to. */
#define REFERENCED_SQL \
  "SELECT DISTINCT attachment_sha256 FROM node " \
  "WHERE attachment_embedded = 1 AND attachment_sha256 IS NOT NULL"

/* Makes the files kept in dest (the user's file) those the cards of source
 * (the working copy) refer to. A working copy opened lean holds only the
 * files added since (evb_store_set_blob_source): one that dest holds and
 * source lacks is the only copy, so it is deleted only when prune says no
 * undo step can bring its card back (after reclaiming at close). A file
 * neither holds is missing whatever happens (its card says so). */
static int
sync_blobs (sqlite3  *source,
            sqlite3  *dest,
            gboolean  prune,
            gboolean *deleted)
{
  g_autoptr(GHashTable) want = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) have = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  rc = _evb_store_read_keys (source, REFERENCED_SQL, want);
  if (rc == SQLITE_OK)
    rc = _evb_store_read_keys (source, "SELECT sha256, id FROM blob WHERE sha256 IS NOT NULL",
                               held);
  if (rc == SQLITE_OK)
    rc = _evb_store_read_keys (dest, "SELECT sha256, id FROM blob", have);

  g_hash_table_iter_init (&iter, have);
  while (rc == SQLITE_OK && g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (want, key) &&
        (prune || g_hash_table_contains (held, key) || *(const char *) key == '#'))
      {
        gint64 id = *(gint64 *) value;

        rc = exec_with_key (dest, "DELETE FROM blob_chunk WHERE blob_id = ?1", NULL, id);
        if (rc == SQLITE_OK)
          rc = exec_with_key (dest, "DELETE FROM blob WHERE id = ?1", NULL, id);
        *deleted = TRUE;
      }

  g_hash_table_iter_init (&iter, want);
  while (rc == SQLITE_OK && g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (have, key) && (value = g_hash_table_lookup (held, key)) != NULL)
      {
        rc = _evb_store_copy_blob (source, dest, key, *(gint64 *) value);
        if (rc == SQLITE_OK && _evb_store_write_back_blob_hook != NULL)
          _evb_store_write_back_blob_hook ();
      }
  return rc;
}

/* Whether the board keeps files, in the working copy or in the user's
 * file only, so that a whole copy could be large. */
static gboolean
holds_blobs (sqlite3 *source)
{
  gint64 value = 0;

  return _evb_store_query_int (source,
                               "SELECT EXISTS (SELECT 1 FROM blob) OR EXISTS "
                               "(SELECT 1 FROM node WHERE attachment_embedded = 1)",
                               &value, "", NULL) &&
         value != 0;
}

static gboolean
write_back_in_place (sqlite3     *source,
                     const char  *dest_path,
                     const char  *display_name,
                     gboolean     prune,
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
    rc = _evb_store_copy_table (source, dest, small_tables[i]);
  if (rc == SQLITE_OK)
    rc = sync_thumbnails (source, dest);
  if (rc == SQLITE_OK)
    rc = sync_blobs (source, dest, prune, &deleted);
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

static gboolean
write_back_database (sqlite3     *source,
                     const char  *dest_path,
                     gboolean     prune,
                     GError     **error)
{
  g_autofree char *display_name = g_filename_display_name (dest_path);
  int version = 0;

  if (holds_blobs (source) &&
      _evb_store_read_header (dest_path, display_name, &version, NULL) &&
      version == EVB_SCHEMA_VERSION)
    {
      g_autoptr(GError) local_error = NULL;

      if (write_back_in_place (source, dest_path, display_name, prune, &local_error))
        return TRUE;
      g_debug ("Writing back in place failed, copying the whole board: %s",
               local_error->message);
    }
  /* The whole copy takes the files the working copy lacks from the old
   * user's file, as in place keeps them there; a user's file that is gone
   * (recovery) gives none, and the new board holds everything else. */
  return _evb_store_copy_database (source, dest_path,
                                   prune ? EVB_STORE_FILL_REFERENCED : EVB_STORE_FILL_ALL,
                                   dest_path, error);
}

/* Keeps what the user's file alone holds: undo may bring its card back. */
gboolean
_evb_store_write_back_database (sqlite3     *source,
                                const char  *dest_path,
                                GError     **error)
{
  return write_back_database (source, dest_path, FALSE, error);
}

static gboolean
write_back_pruning (sqlite3     *source,
                    const char  *dest_path,
                    GError     **error)
{
  return write_back_database (source, dest_path, TRUE, error);
}

/* Copies into dest (inside the caller's transaction, or none) the files
 * kept in blob_source that dest lacks: those a card of dest refers to, or
 * every one. */
int
_evb_store_fill_blobs (sqlite3      *blob_source,
                       sqlite3      *dest,
                       EvbStoreFill  fill)
{
  g_autoptr(GHashTable) want = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) have = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) offered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  if (fill == EVB_STORE_FILL_NONE)
    return SQLITE_OK;
  rc = _evb_store_read_keys (blob_source, "SELECT sha256, id FROM blob WHERE sha256 IS NOT NULL",
                             offered);
  if (rc == SQLITE_OK)
    rc = _evb_store_read_keys (dest, "SELECT sha256, id FROM blob", have);
  if (rc == SQLITE_OK && fill == EVB_STORE_FILL_REFERENCED)
    rc = _evb_store_read_keys (dest, REFERENCED_SQL, want);

  g_hash_table_iter_init (&iter, offered);
  while (rc == SQLITE_OK && g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (have, key) &&
        (fill == EVB_STORE_FILL_ALL || g_hash_table_contains (want, key)))
      rc = _evb_store_copy_blob (blob_source, dest, key, *(gint64 *) value);
  return rc;
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

/* Copies the files of source that a card refers to and dest lacks, one
 * transaction a file: the board goes on saving edits between them. */
static int
import_from (sqlite3       *source,
             GHashTable    *referenced,
             sqlite3       *dest,
             GHashTable    *have,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GHashTable) offered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  rc = _evb_store_read_keys (source, "SELECT sha256, id FROM blob WHERE sha256 IS NOT NULL",
                             offered);
  g_hash_table_iter_init (&iter, offered);
  while (rc == SQLITE_OK && g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_hash_table_contains (referenced, key) || g_hash_table_contains (have, key))
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      rc = sqlite3_exec (dest, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      if (rc == SQLITE_OK)
        rc = _evb_store_copy_blob (source, dest, key, *(gint64 *) value);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (dest, "COMMIT", NULL, NULL, NULL);
      else
        _evb_store_rollback (dest);
      if (rc == SQLITE_OK)
        g_hash_table_replace (have, g_strdup (key), g_new0 (gint64, 1));
    }
  return rc;
}

gboolean
evb_store_import_blobs (EvbStore      *store,
                        EvbStore      *other,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GHashTable) referenced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            g_free);
  g_autoptr(GHashTable) have = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3 *source = NULL, *dest = NULL, *other_files = NULL;
  g_autoptr(GError) local_error = NULL;
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

  rc = _evb_store_read_keys (source, REFERENCED_SQL, referenced);
  if (rc == SQLITE_OK)
    rc = _evb_store_read_keys (dest, "SELECT sha256, id FROM blob WHERE sha256 IS NOT NULL", have);
  /* A working copy opened lean has the files of its user's file there. */
  if (rc == SQLITE_OK && store->blob_source != NULL)
    {
      sqlite3 *kept = _evb_store_open_blob_source (store->blob_source,
                                                   EVB_STORE_BUSY_TIMEOUT_MS, NULL);

      if (kept != NULL)
        {
          rc = _evb_store_read_keys (kept, "SELECT sha256, id FROM blob WHERE sha256 IS NOT NULL",
                                     have);
          sqlite3_close (kept);
        }
    }
  if (rc == SQLITE_OK)
    rc = import_from (source, referenced, dest, have, cancellable, &local_error);
  if (rc == SQLITE_OK && local_error == NULL && other->blob_source != NULL &&
      (other_files = _evb_store_open_blob_source (other->blob_source,
                                                         EVB_STORE_BUSY_TIMEOUT_MS,
                                                         &local_error)) != NULL)
    {
      rc = import_from (other_files, referenced, dest, have, cancellable, &local_error);
      sqlite3_close (other_files);
    }
  if (rc != SQLITE_OK && local_error == NULL)
    _evb_store_set_sqlite_error (&local_error, dest, rc, store->display_name);
  sqlite3_close (source);
  sqlite3_close (dest);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
evb_store_write_back_to (EvbStore    *store,
                         const char  *dest_path,
                         GError     **error)
{
  g_return_val_if_fail (EVB_IS_STORE (store), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A store that reads files from its user's file keeps the ones only
   * that file holds until reclaiming said no undo step needs them. */
  return _evb_store_copy_from_store (store,
                                     store->blob_source == NULL || store->blobs_reclaimed
                                       ? write_back_pruning : _evb_store_write_back_database,
                                     dest_path, error);
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
