/* fuzz-replay.c: runs a fuzz harness over saved inputs, as a normal test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every crash the fuzzers found is kept in tests/fuzz/regressions/ and
 * replayed by the ordinary test suite through this driver.
 */

#include "config.h"

#include <glib.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
replay_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("%s", error->message);
  g_test_message ("replaying %s (%" G_GSIZE_FORMAT " bytes)", path, length);
  LLVMFuzzerTestOneInput ((const guint8 *) contents, length);
}

static void
replay_path (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          if (name[0] != '.' && g_strcmp0 (name, "README") != 0)
            replay_path (child);
        }
    }
  else
    replay_file (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (int i = 1; i < argc; i++)
    replay_path (argv[i]);

  /* Also the empty input and a few that are not boards at all. */
  LLVMFuzzerTestOneInput ((const guint8 *) "", 0);
  LLVMFuzzerTestOneInput ((const guint8 *) "SQLite format 3", 15);
  LLVMFuzzerTestOneInput ((const guint8 *) "{\"format\":\"evidence-board\"", 26);

  return 0;
}
