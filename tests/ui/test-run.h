/* test-run.h: the start of a UI test program that opens windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "test-dirs.h"

/* GTK's singletons that remember a folder (the recent files) get one of
 * this run, removed at the end with test_remove_tree(); the system's
 * folders stay visible to GTK (settings schemas, icon theme, the MIME
 * database that tells an SVG icon from a PNG). Then g_test_init() gives
 * each test user folders of its own, removed after it. Without
 * animations a change is drawn in its final state at once, so a test
 * waits for a frame, not for an animation to end. The application loads
 * its style sheet; these windows get it here.
 *
 * Returns: (transfer full): the run's folder. */
static inline char *
test_run_init (int        *argc,
               char     ***argv,
               const char *program)
{
  g_autofree char *template = g_strdup_printf ("evb-%s-XXXXXX", program);
  char *home = g_dir_make_tmp (template, NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  g_autoptr(GtkCssProvider) css = NULL;

  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  gtk_init ();
  adw_init ();
  gtk_recent_manager_get_default ();
  gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/evidenceboard/EvidenceBoard/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  return home;
}
