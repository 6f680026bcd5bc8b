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

/* Removes a temporary database and whatever SQLite kept beside it. */
void
_evb_store_remove_temp (const char *path)
{
  static const char * const suffixes[] = { "", "-journal", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);
      g_unlink (name);
    }
}

/* Makes an empty temporary file beside path, with the permissions path has
 * (or the usual ones for a new file). */
char *
_evb_store_make_temp_beside (const char  *path,
                             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *tmp = g_build_filename (dir, name, NULL);
  struct stat st;
  int fd;

  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not write “%s”: %s"),
                   display, g_strerror (saved_errno));
      return NULL;
    }

  /* A board written over an existing one keeps that one's permissions. */
  if (g_stat (path, &st) == 0)
    fchmod (fd, st.st_mode & 07777);
  close (fd);

  return g_steal_pointer (&tmp);
}

/* Copies the database of source to dest_path atomically. */
gboolean
_evb_store_backup_database (sqlite3     *source,
                            const char  *dest_path,
                            GError     **error)
{
  g_autofree char *display_name = g_filename_display_name (dest_path);
  g_autofree char *tmp = NULL;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  tmp = _evb_store_make_temp_beside (dest_path, error);
  if (tmp == NULL)
    return FALSE;

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
  {
    g_autofree char *dir = g_path_get_dirname (dest_path);
    _evb_store_fsync_path (dir, TRUE, NULL);
  }
  return TRUE;

fail:
  g_clear_pointer (&dest, sqlite3_close);
  _evb_store_remove_temp (tmp);
  return FALSE;
}

gboolean
evb_store_backup_to (EvbStore    *store,
                     const char  *dest_path,
                     GError     **error)
{
  g_return_val_if_fail (EVB_IS_STORE (store), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (store->db == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("“%s” is closed"), store->display_name);
      return FALSE;
    }
  return _evb_store_backup_database (store->db, dest_path, error);
}

gboolean
evb_store_backup_file (const char  *source_path,
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
  /* The store may be checkpointing right now; that takes milliseconds. */
  sqlite3_busy_timeout (source, 5000);
  ok = _evb_store_backup_database (source, dest_path, error);
  sqlite3_close (source);
  return ok;
}

