/* evb-store-backup.c: atomic copies of a board file, and syncing them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "evb-error.h"
#include "evb-store-blobs.h"
#include "evb-store-private.h"
#include "evb-temp-file.h"

gboolean
_evb_store_fsync_path (const char  *path,
                       gboolean     directory,
                       GError     **error)
{
  int fd = g_open (path, (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC, 0);
  int saved_errno;

  if (fd < 0)
    goto fail;
  if (fsync (fd) != 0 && !(directory && (errno == EINVAL || errno == EBADF)))
    {
      saved_errno = errno;
      close (fd);
      errno = saved_errno;
      goto fail;
    }
  close (fd);
  return TRUE;

fail:
  saved_errno = errno;
  if (directory)
    return TRUE; /* some file systems cannot sync folders: the file is synced */
  {
    g_autofree char *display = g_filename_display_name (path);
    g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not write “%s”: %s"),
                 display, g_strerror (saved_errno));
  }
  return FALSE;
}

/* A journal or WAL beside a board file */

static const char * const journal_suffixes[] = { "-journal", "-wal" };

/* Whether SQLite keeps a rollback journal or a WAL beside path. A
 * connection opened immutable would ignore it, and read a board torn
 * halfway through a transaction (hot journal) or without its last commits
 * (WAL). An empty one holds nothing. */
gboolean
_evb_store_has_journal (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (journal_suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, journal_suffixes[i], NULL);
      GStatBuf st;

      if (g_lstat (name, &st) == 0 && (!S_ISREG (st.st_mode) || st.st_size > 0))
        return TRUE;
    }
  return FALSE;
}

/* Copies a regular file into a new file. FALSE with errno set on failure
 * (EINVAL when source is not a regular file: a FIFO or a device given the
 * name of a journal must not hang us or fill the disk). */
static gboolean
copy_regular_file (const char *source,
                   const char *dest)
{
  char buffer[64 * 1024];
  struct stat st;
  gboolean ok = FALSE;
  int in, out = -1;
  int saved_errno = 0;

  in = g_open (source, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (in < 0)
    return FALSE;
  if (fstat (in, &st) != 0 || !S_ISREG (st.st_mode))
    {
      saved_errno = S_ISREG (st.st_mode) ? errno : EINVAL;
      goto out;
    }
  out = g_open (dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0)
    {
      saved_errno = errno;
      goto out;
    }
  for (;;)
    {
      gssize n = read (in, buffer, sizeof buffer);
      gssize written = 0;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          goto out;
        }
      if (n == 0)
        break;
      while (written < n)
        {
          gssize w = write (out, buffer + written, n - written);

          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            {
              saved_errno = errno;
              goto out;
            }
          written += w;
        }
    }
  ok = TRUE;

out:
  close (in);
  if (out >= 0 && close (out) != 0 && ok)
    {
      saved_errno = errno;
      ok = FALSE;
    }
  errno = saved_errno;
  return ok;
}

/* Copies the board at path with its journal or WAL into a new private
 * folder (returned in dir), where a normal connection can roll the journal
 * back or read the WAL as SQLite would in place, without a byte written
 * beside the user's file (we may have no right to, and the file may be a
 * copy someone sent). Returns the copy's path. */
char *
_evb_store_copy_for_recovery (const char  *path,
                              const char  *display_name,
                              char       **dir,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("evidence-board-XXXXXX", &local_error);
  g_autofree char *copy = NULL;

  if (folder == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not read “%s”: %s"),
                   display_name, local_error->message);
      return NULL;
    }
  copy = g_build_filename (folder, "board.evboard", NULL);
  *dir = g_steal_pointer (&folder);

  if (!copy_regular_file (path, copy))
    goto fail;
  for (guint i = 0; i < G_N_ELEMENTS (journal_suffixes); i++)
    {
      g_autofree char *source = g_strconcat (path, journal_suffixes[i], NULL);
      g_autofree char *dest = g_strconcat (copy, journal_suffixes[i], NULL);

      if (!g_file_test (source, G_FILE_TEST_EXISTS))
        continue;
      if (!copy_regular_file (source, dest))
        goto fail;
    }
  return g_steal_pointer (&copy);

fail:
  {
    int saved_errno = errno;

    if (saved_errno == EINVAL)
      g_set_error (error, EVB_ERROR, EVB_ERROR_DAMAGED,
                   _("“%s” is damaged: the journal beside it is not a regular file"),
                   display_name);
    else
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not read “%s”: %s"),
                   display_name, g_strerror (saved_errno));
  }
  return NULL;
}

/* Removes a folder made by _evb_store_copy_for_recovery, once the
 * connection to the copy is closed. */
void
_evb_store_remove_recovery_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* A board file was just put at path, by rename. A journal or WAL left
 * beside it belonged to the file it replaced (what it held was read, on a
 * copy, before this board was written): left there, SQLite would pair it
 * with the new file and roll its old pages into it, or replay the old
 * commits over it, the next time anyone opens it. */
void
_evb_store_remove_old_journal (const char *path)
{
  static const char * const suffixes[] = { "-journal", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);
      GStatBuf st;

      if (g_lstat (name, &st) == 0 && S_ISREG (st.st_mode))
        g_unlink (name);
    }
}

/* Whether dest lacks a file that fill asks for. */
static gboolean
lacks_blobs (sqlite3      *dest,
             EvbStoreFill  fill)
{
  gint64 value = 0;

  /* An older board has no files to lack. */
  if (fill == EVB_STORE_FILL_NONE ||
      !_evb_store_query_int (dest, "SELECT count (*) FROM sqlite_schema WHERE name = 'blob'",
                             &value, "", NULL) ||
      value == 0)
    return FALSE;
  if (fill == EVB_STORE_FILL_ALL)
    return TRUE;
  return !_evb_store_query_int (dest,
                                "SELECT EXISTS (SELECT 1 FROM node WHERE attachment_embedded = 1 "
                                "AND attachment_sha256 NOT IN "
                                "(SELECT sha256 FROM blob WHERE sha256 IS NOT NULL))",
                                &value, "", NULL) ||
         value != 0;
}

/* Copies into dest the files kept in blob_source_path that fill asks for
 * (evb_store_set_blob_source: a working copy opened without them). A
 * blob source that is gone or keeps no files gives none: the copy then
 * holds everything there still is, and the cards whose files are missing
 * say so. Any other failure fails the copy, which must not lose files
 * that the blob source still holds. */
static gboolean
fill_from_blob_source (sqlite3      *dest,
                       const char   *blob_source_path,
                       EvbStoreFill  fill,
                       const char   *display_name,
                       GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3 *blob_source;
  int rc;

  if (blob_source_path == NULL || !lacks_blobs (dest, fill))
    return TRUE;
  blob_source = _evb_store_open_blob_source (blob_source_path, EVB_STORE_BUSY_TIMEOUT_MS,
                                             &local_error);
  if (blob_source == NULL)
    {
      if (g_error_matches (local_error, EVB_ERROR, EVB_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  rc = sqlite3_exec (blob_source, "BEGIN", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (dest, "BEGIN", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = _evb_store_fill_blobs (blob_source, dest, fill);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (dest, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _evb_store_set_sqlite_error (error, dest, rc, display_name);
      _evb_store_rollback (dest);
    }
  _evb_store_rollback (blob_source);
  sqlite3_close (blob_source);
  return rc == SQLITE_OK;
}

/* Copies the database of source to dest_path atomically. */
gboolean
_evb_store_backup_database (sqlite3     *source,
                            const char  *dest_path,
                            GError     **error)
{
  return _evb_store_copy_database (source, NULL, EVB_STORE_FILL_NONE, dest_path, error);
}

/* Closes dest, a finished copy in the temporary file tmp, syncs it and
 * gives it dest_path's name. On failure the caller discards tmp. */
static gboolean
put_in_place (sqlite3     *dest,
              const char  *tmp,
              const char  *dest_path,
              const char  *display_name,
              GError     **error)
{
  int rc = sqlite3_close (dest);

  if (rc != SQLITE_OK)
    {
      _evb_store_set_sqlite_error (error, NULL, rc, display_name);
      return FALSE;
    }
  if (!_evb_store_fsync_path (tmp, FALSE, error))
    return FALSE;
  if (g_rename (tmp, dest_path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not write “%s”: %s"),
                   display_name, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* Copies the database of source to dest_path atomically, with the files
 * of blob_source that fill asks for. */
gboolean
_evb_store_copy_database (sqlite3      *source,
                          const char   *blob_source,
                          EvbStoreFill  fill,
                          const char   *dest_path,
                          GError      **error)
{
  g_autofree char *display_name = g_filename_display_name (dest_path);
  g_autoptr(EvbTempFile) temp = NULL;
  const char *tmp;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  temp = evb_temp_file_new_beside (dest_path, 0666, error);
  if (temp == NULL)
    return FALSE;
  tmp = evb_temp_file_get_path (temp);

  dest = _evb_store_open_connection (tmp, EVB_STORE_CONNECTION_CREATE, display_name, error);
  if (dest == NULL)
    goto fail;

  backup = sqlite3_backup_init (dest, "main", source, "main");
  if (backup == NULL)
    {
      _evb_store_set_sqlite_error (error, dest, sqlite3_errcode (dest), display_name);
      goto fail;
    }
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      _evb_store_set_sqlite_error (error, dest, rc, display_name);
      goto fail;
    }

  /* The copy has the working copy's WAL mode in its header: the user's file
   * must be one self-contained file, readable without a -wal beside it. */
  if (!_evb_store_exec_sql (dest, "PRAGMA journal_mode = DELETE", display_name, error))
    goto fail;
  /* Synced as a whole below, before it takes the name. */
  if (!_evb_store_exec_sql (dest, "PRAGMA synchronous = OFF", display_name, error) ||
      !fill_from_blob_source (dest, blob_source, fill, display_name, error))
    goto fail;
  if (!put_in_place (g_steal_pointer (&dest), tmp, dest_path, display_name, error))
    goto fail;
  _evb_store_remove_old_journal (dest_path);
  {
    g_autofree char *dir = g_path_get_dirname (dest_path);
    _evb_store_fsync_path (dir, TRUE, NULL);
  }
  return TRUE;

fail:
  g_clear_pointer (&dest, sqlite3_close);
  evb_temp_file_discard (g_steal_pointer (&temp));
  return FALSE;
}

gboolean
_evb_store_copy_from_store (EvbStore          *store,
                            EvbStoreCopyFunc   copy,
                            const char        *dest_path,
                            GError           **error)
{
  if (store->db == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("“%s” is closed"), store->display_name);
      return FALSE;
    }
  return copy (store->db, dest_path, error);
}

gboolean
_evb_store_copy_from_file (const char        *source_path,
                           EvbStoreCopyFunc   copy,
                           const char        *dest_path,
                           GError           **error)
{
  g_autofree char *display_name = g_filename_display_name (source_path);
  sqlite3 *source;
  gboolean ok;

  /* Not immutable: the newest steps may still be in the -wal. */
  source = _evb_store_open_connection (source_path, EVB_STORE_CONNECTION_READ_ONLY,
                                       display_name, error);
  if (source == NULL)
    return FALSE;
  /* The store may be checkpointing right now; that takes milliseconds. */
  sqlite3_busy_timeout (source, 5000);
  ok = copy (source, dest_path, error);
  sqlite3_close (source);
  return ok;
}

gboolean
evb_store_backup_to (EvbStore    *store,
                     const char  *dest_path,
                     GError     **error)
{
  g_return_val_if_fail (EVB_IS_STORE (store), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (store->blob_source != NULL)
    {
      if (store->db == NULL)
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("“%s” is closed"), store->display_name);
          return FALSE;
        }
      /* A complete board: the files only the user's file holds too. */
      return _evb_store_copy_database (store->db, store->blob_source, EVB_STORE_FILL_REFERENCED,
                                       dest_path, error);
    }
  return _evb_store_copy_from_store (store, _evb_store_backup_database, dest_path, error);
}

gboolean
evb_store_backup_file (const char  *source_path,
                       const char  *dest_path,
                       GError     **error)
{
  g_return_val_if_fail (source_path != NULL, FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _evb_store_copy_from_file (source_path, _evb_store_backup_database, dest_path, error);
}

/* The tables of a board but the bytes of the files kept in it, in the
 * order sqlite_schema lists them. */
static int
read_lean_tables (sqlite3   *db,
                  GPtrArray *tables)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table' "
                               "AND name NOT LIKE 'sqlite_%' "
                               "AND name NOT IN ('blob', 'blob_chunk') ORDER BY rowid",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Writes a board of source's version to dest_path with every row of
 * source but the files kept in it: the same migrations make the same
 * schema, and the rows are copied as they are. */
static gboolean
copy_lean_database (EvbStore    *store,
                    const char  *dest_path,
                    GError     **error)
{
  g_autofree char *display_name = g_filename_display_name (dest_path);
  g_autofree char *version_sql = NULL;
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(EvbTempFile) temp = NULL;
  const char *tmp;
  sqlite3 *dest = NULL;
  int rc;

  temp = evb_temp_file_new_beside (dest_path, 0666, error);
  if (temp == NULL)
    return FALSE;
  tmp = evb_temp_file_get_path (temp);
  dest = _evb_store_open_connection (tmp, EVB_STORE_CONNECTION_CREATE, display_name, error);
  if (dest == NULL)
    goto fail;

  /* As a new board file: synced as a whole before it takes its name. */
  version_sql = g_strdup_printf ("PRAGMA application_id = %d", EVB_APPLICATION_ID);
  if (!_evb_store_exec_sql (dest,
                            EVB_STORE_NEW_FILE_PRAGMAS
                            "PRAGMA journal_mode = OFF;"
                            "PRAGMA synchronous = OFF;"
                            "PRAGMA foreign_keys = OFF;"
                            "BEGIN;",
                            display_name, error) ||
      !_evb_store_exec_sql (dest, version_sql, display_name, error) ||
      !_evb_store_run_migrations (dest, 0, store->schema_version, display_name, error))
    goto fail;

  /* One snapshot of the user's file. */
  rc = sqlite3_exec (store->db, "BEGIN", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = read_lean_tables (store->db, tables);
  for (guint i = 0; rc == SQLITE_OK && i < tables->len; i++)
    rc = _evb_store_copy_table (store->db, dest, g_ptr_array_index (tables, i));
  _evb_store_rollback (store->db);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (dest, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _evb_store_set_sqlite_error (error, dest, rc, display_name);
      goto fail;
    }
  if (!put_in_place (g_steal_pointer (&dest), tmp, dest_path, display_name, error))
    goto fail;
  return TRUE;

fail:
  g_clear_pointer (&dest, sqlite3_close);
  evb_temp_file_discard (g_steal_pointer (&temp));
  return FALSE;
}

gboolean
evb_store_copy_without_blobs (EvbStore    *store,
                              const char  *dest_path,
                              GError     **error)
{
  gint64 value = 0;

  g_return_val_if_fail (EVB_IS_STORE (store), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (store->db == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("“%s” is closed"), store->display_name);
      return FALSE;
    }
  /* A board that keeps no files is copied whole, page by page: nothing to
   * leave out. So is one read through a copy recovered from a crashed
   * writer's journal: its file cannot be read from until a writer rolls
   * the journal back. */
  if (store->schema_version >= EVB_SCHEMA_WITH_BLOBS && store->recovery_dir == NULL)
    {
      if (!_evb_store_query_int (store->db, "SELECT EXISTS (SELECT 1 FROM blob)", &value,
                                 store->display_name, error))
        return FALSE;
      if (value != 0)
        return copy_lean_database (store, dest_path, error);
    }
  return evb_store_backup_to (store, dest_path, error);
}

gboolean
evb_store_copy_board_file (const char  *source_path,
                           const char  *blob_source_path,
                           const char  *dest_path,
                           GError     **error)
{
  g_autofree char *display_name = NULL;
  sqlite3 *source;
  gboolean ok;

  g_return_val_if_fail (source_path != NULL, FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display_name = g_filename_display_name (source_path);
  /* Not immutable: the newest steps may still be in the -wal. */
  source = _evb_store_open_connection (source_path, EVB_STORE_CONNECTION_READ_ONLY,
                                       display_name, error);
  if (source == NULL)
    return FALSE;
  sqlite3_busy_timeout (source, 5000);
  ok = _evb_store_copy_database (source, blob_source_path, EVB_STORE_FILL_REFERENCED, dest_path,
                                 error);
  sqlite3_close (source);
  return ok;
}
