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

/* Copies the database of source to dest_path atomically. */
gboolean
_evb_store_backup_database (sqlite3     *source,
                            const char  *dest_path,
                            GError     **error)
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
  rc = sqlite3_close (dest);
  dest = NULL;
  if (rc != SQLITE_OK)
    {
      _evb_store_set_sqlite_error (error, NULL, rc, display_name);
      goto fail;
    }

  if (!_evb_store_fsync_path (tmp, FALSE, error))
    goto fail;
  if (g_rename (tmp, dest_path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not write “%s”: %s"),
                   display_name, g_strerror (saved_errno));
      goto fail;
    }
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
