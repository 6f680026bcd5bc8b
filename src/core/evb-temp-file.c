/* evb-temp-file.c: temporary files beside a user's file, and only ours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writing a file safely means writing a temporary file beside it and
 * renaming it over the target at the end. A process killed half way leaves
 * the temporary file behind, hidden and as large as what it was writing,
 * so the next writer should remove it. The earlier rule, "anything named
 * .NAME.XXXXXX beside the target", also removed files of the person's own
 * (issue 14: `.case.evboard.backup`, `.report.pdf.draft1`, rsync's
 * temporaries). A file is now taken for a stale temporary of ours only when
 * both hold:
 *
 *  - its name is `.NAME.evb-tmp-XXXXXX` (perhaps with the -journal, -wal or
 *    -shm that SQLite keeps beside a database), which no other program
 *    uses, and it is a regular file of this user;
 *  - its lock can be taken. Its maker holds an flock() on it from before
 *    anyone else can see it unlocked (the name is checked again after
 *    locking) until it is renamed or removed, and the kernel drops the lock
 *    when the maker dies. A file whose lock is held is still being written.
 *
 * flock() locks are independent of the fcntl() locks SQLite takes on the
 * same file, so a temporary database can be locked this way while SQLite
 * writes it. On a file system without flock() nothing is removed.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "evb-error.h"
#include "evb-temp-file.h"

#define MARKER ".evb-tmp-"

/* The files SQLite may keep beside a temporary database. */
static const char * const sqlite_suffixes[] = { "-journal", "-wal", "-shm" };

struct _EvbTempFile
{
  char *path;
  int   lock_fd;
};

/* Helpers */

static char *
temp_prefix (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  return g_strconcat (".", base, MARKER, NULL);
}

static gboolean
same_file (int         fd,
           const char *path)
{
  struct stat fd_st, path_st;

  return fstat (fd, &fd_st) == 0 && g_lstat (path, &path_st) == 0 &&
         fd_st.st_dev == path_st.st_dev && fd_st.st_ino == path_st.st_ino;
}

static void
remove_with_sqlite_files (const char *path)
{
  g_unlink (path);
  for (guint i = 0; i < G_N_ELEMENTS (sqlite_suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, sqlite_suffixes[i], NULL);
      g_unlink (name);
    }
}

/* The six characters g_mkstemp puts in place of XXXXXX, then perhaps one
 * of SQLite's suffixes. Returns the suffix, or NULL if rest is not one. */
static const char *
temp_suffix (const char *rest)
{
  for (guint i = 0; i < 6; i++)
    if (!g_ascii_isalnum (rest[i]))
      return NULL;
  if (rest[6] == '\0')
    return rest + 6;
  for (guint i = 0; i < G_N_ELEMENTS (sqlite_suffixes); i++)
    if (g_str_equal (rest + 6, sqlite_suffixes[i]))
      return rest + 6;
  return NULL;
}

/* Removes path if it is a temporary file of ours whose maker is gone. */
static gboolean
remove_if_stale (const char *path)
{
  struct stat st;
  gboolean removed = FALSE;
  int fd;

  /* O_NOFOLLOW and O_NONBLOCK: a symbolic link or a FIFO given our name is
   * not ours, and must not make us follow it or hang. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0);
  if (fd < 0)
    return FALSE;
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && st.st_uid == getuid () &&
      flock (fd, LOCK_EX | LOCK_NB) == 0 && same_file (fd, path))
    {
      /* Removed while locked, so its maker cannot be between creating it
       * and locking it (it checks the name again after locking). */
      remove_with_sqlite_files (path);
      removed = TRUE;
    }
  close (fd);
  return removed;
}

/* Public API */

/**
 * evb_temp_file_new_beside:
 * @path: the file that the temporary file will replace
 * @mode: the permissions of the temporary file when @path does not exist
 *   yet (the umask applies); when it does, @path's permissions are kept
 * @error: return location for a #GError, or %NULL
 *
 * Creates an empty temporary file `.NAME.evb-tmp-XXXXXX` in the folder of
 * @path and locks it until the returned object is freed. Rename it over
 * @path, or remove it with evb_temp_file_discard(), before freeing it.
 *
 * Returns: (transfer full): the temporary file, or %NULL with @error set
 *   (EVB_ERROR_IO, naming @path)
 */
EvbTempFile *
evb_temp_file_new_beside (const char  *path,
                          int          mode,
                          GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *prefix = NULL;
  struct stat st;
  int saved_errno = EEXIST;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir = g_path_get_dirname (path);
  prefix = temp_prefix (path);

  for (guint attempt = 0; attempt < 10; attempt++)
    {
      g_autofree char *name = g_strconcat (prefix, "XXXXXX", NULL);
      g_autofree char *tmp = g_build_filename (dir, name, NULL);
      EvbTempFile *temp;
      int fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, mode);

      if (fd < 0)
        {
          saved_errno = errno;
          break;
        }
      if (flock (fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK)
        {
          /* Someone took it for stale in the instant before our lock: it
           * is theirs to remove now. Another name. */
          close (fd);
          continue;
        }
      /* Locked (or on a file system without flock(), where nobody can
       * lock it and so nobody removes it). Still the file of that name? */
      if (!same_file (fd, tmp))
        {
          close (fd);
          continue;
        }

      /* A file written over an existing one keeps that one's permissions. */
      if (g_stat (path, &st) == 0)
        fchmod (fd, st.st_mode & 07777);

      temp = g_new0 (EvbTempFile, 1);
      temp->path = g_steal_pointer (&tmp);
      temp->lock_fd = fd;
      return temp;
    }

  {
    g_autofree char *display = g_filename_display_name (path);

    g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not write “%s”: %s"),
                 display, g_strerror (saved_errno));
  }
  return NULL;
}

/**
 * evb_temp_file_get_path:
 * @temp: a temporary file
 *
 * Returns: (transfer none): the path of the temporary file
 */
const char *
evb_temp_file_get_path (EvbTempFile *temp)
{
  g_return_val_if_fail (temp != NULL, NULL);

  return temp->path;
}

/**
 * evb_temp_file_dup_fd:
 * @temp: a temporary file
 * @error: return location for a #GError, or %NULL
 *
 * A descriptor of the temporary file, open for writing at its start, for
 * the caller to write and close. Closing it does not release the lock:
 * only freeing @temp does.
 *
 * Returns: the descriptor, or -1 with @error set
 */
int
evb_temp_file_dup_fd (EvbTempFile  *temp,
                      GError      **error)
{
  int fd;

  g_return_val_if_fail (temp != NULL, -1);

  fd = fcntl (temp->lock_fd, F_DUPFD_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (temp->path);

      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not write “%s”: %s"),
                   display, g_strerror (saved_errno));
    }
  return fd;
}

/**
 * evb_temp_file_discard:
 * @temp: (transfer full): a temporary file
 *
 * Removes the temporary file (and what SQLite kept beside it, if it was a
 * database), then frees @temp. Call it after every descriptor and database
 * connection of the file is closed.
 */
void
evb_temp_file_discard (EvbTempFile *temp)
{
  if (temp == NULL)
    return;
  remove_with_sqlite_files (temp->path);
  evb_temp_file_free (temp);
}

/**
 * evb_temp_file_free:
 * @temp: (transfer full): a temporary file
 *
 * Releases the lock and frees @temp. The file itself stays: by now it has
 * been renamed over its target (or else evb_temp_file_discard() was the
 * call to make).
 */
void
evb_temp_file_free (EvbTempFile *temp)
{
  if (temp == NULL)
    return;
  if (temp->lock_fd >= 0)
    close (temp->lock_fd);
  g_free (temp->path);
  g_free (temp);
}

/**
 * evb_temp_file_remove_stale_beside:
 * @path: a file that Evidence Board writes by way of temporary files
 *
 * Removes the temporary files of @path left by an Evidence Board process
 * that died while writing it: files named `.NAME.evb-tmp-XXXXXX` (and
 * SQLite's files beside them) whose lock nobody holds. Nothing else in the
 * folder is touched.
 *
 * Returns: how many temporary files were removed
 */
guint
evb_temp_file_remove_stale_beside (const char *path)
{
  g_autofree char *dir_path = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) orphans = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint removed = 0;

  g_return_val_if_fail (path != NULL, 0);

  dir_path = g_path_get_dirname (path);
  prefix = temp_prefix (path);
  dir = g_dir_open (dir_path, 0, NULL);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      const char *suffix;
      g_autofree char *full = NULL;

      if (!g_str_has_prefix (name, prefix) ||
          (suffix = temp_suffix (name + strlen (prefix))) == NULL)
        continue;
      full = g_build_filename (dir_path, name, NULL);
      if (*suffix == '\0')
        removed += remove_if_stale (full);
      else
        g_ptr_array_add (orphans, g_steal_pointer (&full));
    }

  /* SQLite's file of a temporary database that is gone: its maker removed
   * the database and died before this one, which it makes only while the
   * database exists (and holds its lock). */
  for (guint i = 0; i < orphans->len; i++)
    {
      const char *orphan = g_ptr_array_index (orphans, i);
      const char *dash = strrchr (orphan, '-');
      g_autofree char *database = g_strndup (orphan, dash - orphan);
      GStatBuf st;

      if (!g_file_test (database, G_FILE_TEST_EXISTS) &&
          g_lstat (orphan, &st) == 0 && S_ISREG (st.st_mode) && st.st_uid == getuid ())
        g_unlink (orphan);
    }

  return removed;
}
