/* evb-fault.c: a full disk, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Replaces write(), pwrite() and their kin so that, in one folder, only a
 * given number of bytes more fit: then a write is cut short and the next
 * fails with ENOSPC, as on a full file system. Built twice: as a module to
 * LD_PRELOAD into a program (EVB_FAULT_DIR, EVB_FAULT_ENOSPC_AFTER), and
 * into test programs linked with export_dynamic, which call
 * evb_fault_set_enospc() directly. Either way the functions here come
 * before the C library's, for SQLite, GLib and cairo alike, and reach the
 * real ones through dlsym (RTLD_NEXT).
 *
 * Only descriptors whose file lies in the folder count, so the working copy
 * of a document, stdout and everything else are never affected.
 */

/* The names below are the real symbols, whatever the build's file offset
 * size would make the headers call them. */
#undef _FILE_OFFSET_BITS
#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include "evb-fault.h"

static pthread_mutex_t fault_mutex = PTHREAD_MUTEX_INITIALIZER;
static char fault_dir[PATH_MAX];
static size_t fault_dir_len;
static int64_t fault_budget = -1;   /* bytes that still fit; -1: no limit */
static int fault_configured;

static void
configure_from_environment (void)
{
  const char *dir, *after;

  if (fault_configured)
    return;
  fault_configured = 1;
  dir = getenv ("EVB_FAULT_DIR");
  after = getenv ("EVB_FAULT_ENOSPC_AFTER");
  if (dir != NULL && after != NULL && strlen (dir) < sizeof fault_dir - 1)
    {
      strcpy (fault_dir, dir);
      fault_dir_len = strlen (dir);
      fault_budget = strtoll (after, NULL, 10);
    }
}

void
evb_fault_set_enospc (const char *dir,
                      int64_t     bytes)
{
  pthread_mutex_lock (&fault_mutex);
  fault_configured = 1;
  fault_budget = -1;
  fault_dir_len = 0;
  if (dir != NULL && strlen (dir) < sizeof fault_dir - 1)
    {
      strcpy (fault_dir, dir);
      fault_dir_len = strlen (dir);
      fault_budget = bytes;
    }
  pthread_mutex_unlock (&fault_mutex);
}

/* Whether fd is a file in the folder. */
static int
in_fault_dir (int fd)
{
  char link[64], target[PATH_MAX];
  ssize_t n;

  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  n = readlink (link, target, sizeof target - 1);
  if (n <= 0)
    return 0;
  target[n] = '\0';
  return strncmp (target, fault_dir, fault_dir_len) == 0 &&
         (target[fault_dir_len] == '/' || target[fault_dir_len] == '\0');
}

/* How many of count bytes may be written to fd: count when the folder is
 * not full, fewer when it fills up, or -1 (errno ENOSPC) when it is full. */
static ssize_t
allow (int    fd,
       size_t count)
{
  ssize_t allowed = (ssize_t) count;

  pthread_mutex_lock (&fault_mutex);
  configure_from_environment ();
  if (fault_budget >= 0 && count > 0 && in_fault_dir (fd))
    {
      if (fault_budget == 0)
        allowed = -1;
      else if ((int64_t) count > fault_budget)
        allowed = (ssize_t) fault_budget;
      if (allowed > 0)
        fault_budget -= allowed;
    }
  pthread_mutex_unlock (&fault_mutex);
  if (allowed < 0)
    errno = ENOSPC;
  return allowed;
}

/* The C library's function of that name (or the next interposer's). */
#define REAL(name) \
  static __typeof__ (&name) real_##name; \
  if (real_##name == NULL) \
    real_##name = (__typeof__ (&name)) dlsym (RTLD_NEXT, #name)

ssize_t
write (int         fd,
       const void *buf,
       size_t      count)
{
  ssize_t n;
  REAL (write);

  n = allow (fd, count);
  return n < 0 ? -1 : real_write (fd, buf, (size_t) n);
}

ssize_t
pwrite (int         fd,
        const void *buf,
        size_t      count,
        off_t       offset)
{
  ssize_t n;
  REAL (pwrite);

  n = allow (fd, count);
  return n < 0 ? -1 : real_pwrite (fd, buf, (size_t) n, offset);
}

ssize_t
pwrite64 (int         fd,
          const void *buf,
          size_t      count,
          off64_t     offset)
{
  ssize_t n;
  REAL (pwrite64);

  n = allow (fd, count);
  return n < 0 ? -1 : real_pwrite64 (fd, buf, (size_t) n, offset);
}

/* Vectors are written whole or refused: a short writev is rare enough. */
static size_t
iov_length (const struct iovec *iov,
            int                 iovcnt)
{
  size_t total = 0;

  for (int i = 0; i < iovcnt; i++)
    total += iov[i].iov_len;
  return total;
}

ssize_t
writev (int                 fd,
        const struct iovec *iov,
        int                 iovcnt)
{
  size_t total = iov_length (iov, iovcnt);
  ssize_t n;
  REAL (writev);

  n = allow (fd, total);
  if (n >= 0 && (size_t) n < total)
    {
      errno = ENOSPC;
      return -1;
    }
  return n < 0 ? -1 : real_writev (fd, iov, iovcnt);
}

/* Reserving space succeeds while some is left: the writes then run out. */
static int
allow_reserve (int fd)
{
  int full;

  pthread_mutex_lock (&fault_mutex);
  configure_from_environment ();
  full = fault_budget == 0 && in_fault_dir (fd);
  pthread_mutex_unlock (&fault_mutex);
  return !full;
}

int
fallocate (int   fd,
           int   mode,
           off_t offset,
           off_t len)
{
  REAL (fallocate);

  if (!allow_reserve (fd))
    {
      errno = ENOSPC;
      return -1;
    }
  return real_fallocate (fd, mode, offset, len);
}

int
fallocate64 (int     fd,
             int     mode,
             off64_t offset,
             off64_t len)
{
  REAL (fallocate64);

  if (!allow_reserve (fd))
    {
      errno = ENOSPC;
      return -1;
    }
  return real_fallocate64 (fd, mode, offset, len);
}

int
posix_fallocate (int   fd,
                 off_t offset,
                 off_t len)
{
  REAL (posix_fallocate);

  return allow_reserve (fd) ? real_posix_fallocate (fd, offset, len) : ENOSPC;
}

int
posix_fallocate64 (int     fd,
                   off64_t offset,
                   off64_t len)
{
  REAL (posix_fallocate64);

  return allow_reserve (fd) ? real_posix_fallocate64 (fd, offset, len) : ENOSPC;
}
