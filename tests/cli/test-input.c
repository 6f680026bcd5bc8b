/* test-input.c: the CLI's input file, mapped or read (evb-cli-input.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "evb-cli-input.h"

static char *
write_file (const char *dir,
            const char *name,
            gsize       size)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = g_malloc (size);

  memset (text, 'x', size);
  g_assert_true (g_file_set_contents (path, text, size, NULL));
  return path;
}

/* Whether bytes shows what was written to the file after it was read: a
 * mapping does, a copy in memory does not. */
static gboolean
sees_later_writes (const char *path,
                   GBytes     *bytes)
{
  const char *data = g_bytes_get_data (bytes, NULL);
  int fd = g_open (path, O_WRONLY, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, "y", 1, 0), ==, 1);
  close (fd);
  return data[0] == 'y';
}

static void
assert_contents (GBytes *bytes,
                 gsize   size)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  g_assert_cmpuint (length, ==, size);
  for (gsize i = 1; i < size; i++)
    if (data[i] != 'x')
      g_error ("byte %" G_GSIZE_FORMAT " is %d", i, data[i]);
  /* NUL after the last byte, not counted. */
  g_assert_cmpint (data[size], ==, '\0');
}

/* Small files and files that fill their last page are read; big ones are
 * mapped; all end in a NUL. */
static void
test_read_or_map (void)
{
  g_autofree char *dir = g_dir_make_tmp ("evb-input-XXXXXX", NULL);
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  struct { gsize size; gboolean mapped; } cases[] = {
    { 1, FALSE }, { 100 * 1024, FALSE }, { 3 * 1024 * 1024 + 100, TRUE }, { 768 * page, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file (dir, "input.json", cases[i].size);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = evb_cli_read_input (path, &error);

      g_assert_no_error (error);
      assert_contents (bytes, cases[i].size);
      g_assert_cmpint (sees_later_writes (path, bytes), ==, cases[i].mapped);
      g_clear_pointer (&bytes, g_bytes_unref);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_false (evb_cli_input_changed ());
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A mapped file cut short while in use: what is gone reads as zeros, the
 * process lives on, and the change is noted. */
static void
test_shrunk (void)
{
  g_autofree char *dir = g_dir_make_tmp ("evb-input-XXXXXX", NULL);
  gsize size = 3 * 1024 * 1024 + 100, kept = 1024 * 1024 + 7;
  g_autofree char *path = write_file (dir, "input.json", size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = evb_cli_read_input (path, &error);
  const char *data;
  gsize zeros = 0;

  g_assert_no_error (error);
  g_assert_false (evb_cli_input_changed ());
  g_assert_cmpint (truncate (path, kept), ==, 0);

  data = g_bytes_get_data (bytes, NULL);
  for (gsize i = 0; i < size; i++)
    {
      if (data[i] == '\0')
        zeros++;
      else
        g_assert_cmpint (data[i], ==, 'x');
    }
  /* The bytes past the new end, from the page it ends in (zero-filled
   * by the kernel) or mapped as zeros by the handler. */
  g_assert_cmpuint (zeros, ==, size - kept);
  g_assert_true (evb_cli_input_changed ());

  g_clear_pointer (&bytes, g_bytes_unref);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* What is not a regular file, or too big, is refused with a message. */
static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = evb_cli_read_input ("/dev/zero", &error);

  g_assert_null (bytes);
  g_assert_nonnull (error);
  g_clear_error (&error);
  bytes = evb_cli_read_input ("/nonexistent/input.json", &error);
  g_assert_null (bytes);
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-input/read-or-map", test_read_or_map);
  g_test_add_func ("/cli-input/refused", test_refused);
  /* Last: it leaves the change noted for the process. */
  g_test_add_func ("/cli-input/shrunk", test_shrunk);
  return g_test_run ();
}
