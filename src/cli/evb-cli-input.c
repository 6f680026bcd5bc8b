/* evb-cli-input.c: reading the file a command imports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A big input is mapped rather than read. Its bytes are then the pages the
 * kernel already holds for the file: nothing is copied, and no fresh
 * memory has to be zeroed first, which for a 100 MB document is a tenth of
 * an import (tests/bench/run-floors).
 *
 * A mapped file that shrinks while it is in use would end the process
 * with SIGBUS at its first byte past the new end. A handler maps a page of
 * zeros there instead and notes that the file changed; zeros are valid in
 * no format the CLI reads (JSON, CSV and XML refuse NUL), so the command
 * fails, and evb_cli_input_changed() lets it say why. A file that changes
 * without shrinking is read as it is at each moment, as read(2) would.
 *
 * Small files, and files that fill their last page (with no byte left for
 * the terminating NUL), are read into memory.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "evb-cli-input.h"
#include "evb-error.h"

/* Below this a file is read: mapping it would save little. */
#define MAP_AT_LEAST (1024 * 1024)

/* The mapping the SIGBUS handler may mend; one at a time. */
static char *mapped_start;
static gsize mapped_length;
static gsize page_size;
static volatile sig_atomic_t mapped_changed;

static void
on_bus_error (int        signal_number,
              siginfo_t *info,
              void      *context)
{
  uintptr_t address = (uintptr_t) info->si_addr;
  uintptr_t start = (uintptr_t) mapped_start;

  if (mapped_start != NULL && address >= start && address < start + mapped_length)
    {
      void *page = (void *) (address & ~(uintptr_t) (page_size - 1));

      /* Zeros where the file's bytes are gone; the access is tried again. */
      if (mmap (page, page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)
          != MAP_FAILED)
        {
          mapped_changed = 1;
          return;
        }
    }
  /* Any other bus error is what it always was: the access is tried again
   * and ends the process. */
  signal (SIGBUS, SIG_DFL);
}

gboolean
evb_cli_input_changed (void)
{
  return mapped_changed != 0;
}

typedef struct
{
  void  *start;
  gsize  length;
} Mapping;

static void
mapping_free (gpointer data)
{
  Mapping *mapping = data;

  if (mapping->start == (void *) mapped_start)
    mapped_start = NULL;
  munmap (mapping->start, mapping->length);
  g_free (mapping);
}

/* The file mapped whole, or NULL when it is not to be (or cannot be). */
static GBytes *
map_input (int          fd,
           gsize        size)
{
  struct sigaction action = { 0 };
  Mapping *mapping;
  void *start;

  page_size = (gsize) sysconf (_SC_PAGESIZE);
  if (size < MAP_AT_LEAST || size % page_size == 0 || mapped_start != NULL)
    return NULL;

  /* The bytes after the end of the file in its last page are zeros: the
   * terminating NUL. */
  start = mmap (NULL, size + 1, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  if (start == MAP_FAILED)
    return NULL;

  action.sa_sigaction = on_bus_error;
  action.sa_flags = SA_SIGINFO;
  sigemptyset (&action.sa_mask);
  if (sigaction (SIGBUS, &action, NULL) != 0)
    {
      munmap (start, size + 1);
      return NULL;
    }
  mapped_start = start;
  mapped_length = size + 1;

  mapping = g_new (Mapping, 1);
  mapping->start = start;
  mapping->length = size + 1;
  return g_bytes_new_with_free_func (start, size, mapping_free, mapping);
}

/* read(2) again after a signal; -1 with error set on a failure. */
static gssize
read_some (int      fd,
           guint8  *buffer,
           gsize    size,
           GError **error)
{
  for (;;)
    {
      gssize n = read (fd, buffer, size);

      if (n >= 0)
        return n;
      if (errno != EINTR)
        {
          int saved_errno = errno;

          g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("cannot read the file: %s"),
                       g_strerror (saved_errno));
          return -1;
        }
    }
}

/* The file read into memory: first the size fstat gave, then whatever a
 * file that grew meanwhile still has, a chunk at a time, counted, since a
 * device such as /dev/zero has no end at all. */
static GBytes *
read_whole (int      fd,
            gsize    size,
            GError **error)
{
  g_autofree guint8 *contents = NULL;
  guint8 chunk[64 * 1024];
  gsize filled, allocated;
  gssize n = 0;

  allocated = size + 1;
  contents = g_malloc (allocated);
  for (filled = 0; filled < size; filled += n)
    {
      n = read_some (fd, contents + filled, size - filled, error);
      if (n <= 0)
        break;
    }
  while (n >= 0 && (n = read_some (fd, chunk, sizeof chunk, error)) > 0)
    {
      if ((guint64) filled + n > EVB_CLI_MAX_INPUT_SIZE)
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT, _("the file is larger than 1 GiB"));
          return NULL;
        }
      if (filled + n + 1 > allocated)
        {
          allocated = MAX (2 * allocated, filled + n + 1);
          contents = g_realloc (contents, allocated);
        }
      memcpy (contents + filled, chunk, n);
      filled += n;
    }
  if (n < 0)
    return NULL;

  /* Terminated, as g_file_get_contents does, though the readers take a
   * length. */
  contents[filled] = '\0';
  return g_bytes_new_take (g_steal_pointer (&contents), filled);
}

/* Opened without blocking: a FIFO with no writer would wait for ever. */
GBytes *
evb_cli_read_input (const char  *path,
                    GError     **error)
{
  struct stat info;
  GBytes *bytes;
  int fd;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("cannot open the file: %s"),
                   g_strerror (saved_errno));
      return NULL;
    }
  if (fstat (fd, &info) != 0 || !S_ISREG (info.st_mode))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                   _("not a regular file (a device, a pipe or a folder cannot be imported)"));
      close (fd);
      return NULL;
    }
  if ((guint64) info.st_size > EVB_CLI_MAX_INPUT_SIZE)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT, _("the file is larger than 1 GiB"));
      close (fd);
      return NULL;
    }

  bytes = map_input (fd, info.st_size);
  if (bytes == NULL)
    bytes = read_whole (fd, info.st_size, error);
  close (fd);
  return bytes;
}
