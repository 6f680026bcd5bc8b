/* test-dirs.h: folders a UI test's whole run shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * g_test_init (G_TEST_OPTION_ISOLATE_DIRS) gives each test folders of its
 * own and removes them after it. GTK's recent files are a singleton made
 * once: made in the first test's folder, the next test that closes a board
 * writes into a folder that is gone (a warning, fatal in tests). So the
 * recent files get a folder of the run, made before g_test_init().
 */

#pragma once

#include <gtk/gtk.h>
#include <glib/gstdio.h>

static inline void
test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Returns: (transfer full): the run's folder, for test_remove_tree() after
 * g_test_run(). */
static inline char *
test_recent_files_for_run (const char *program)
{
  g_autofree char *template = g_strdup_printf ("evb-%s-XXXXXX", program);
  char *home = g_dir_make_tmp (template, NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);

  g_setenv ("XDG_DATA_HOME", data, TRUE);
  gtk_recent_manager_get_default ();
  return home;
}
