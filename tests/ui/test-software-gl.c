/* test-software-gl.c: on GTK 4.8, a window drawn by GL in software draws
 * with cairo instead, as GTK 4.14 does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under Xvfb, Mesa gives GL through llvmpipe: the machine an investigator
 * has in a virtual machine without a GPU. There the window must end up
 * with GTK's cairo renderer, which the canvas's tiles are made for.
 */

#include "config.h"

#include <gtk/gtk.h>

#include "evb-compat.h"
#include "test-wait.h"

static void
test_names (void)
{
  g_assert_true (evb_compat_is_software_gl ("llvmpipe (LLVM 15.0.6, 256 bits)"));
  g_assert_true (evb_compat_is_software_gl ("softpipe"));
  g_assert_true (evb_compat_is_software_gl ("Software Rasterizer (swrast)"));
  g_assert_false (evb_compat_is_software_gl ("Mesa Intel(R) UHD Graphics 620 (KBL GT2)"));
  g_assert_false (evb_compat_is_software_gl ("AMD Radeon RX 6600 (radeonsi, navi23, LLVM 15.0.6)"));
  g_assert_false (evb_compat_is_software_gl (NULL));
}

static void
test_window (void)
{
  GtkWidget *window;
  GskRenderer *renderer;

#if GTK_CHECK_VERSION (4, 14, 0)
  g_test_skip ("GTK 4.14 and newer choose cairo over software GL themselves");
  return;
#endif
  /* A renderer the person chose wins. */
  g_setenv ("GSK_RENDERER", "gl", TRUE);
  g_assert_false (evb_compat_prefer_cairo_for_software_gl ());
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");

  g_unsetenv ("GSK_RENDERER");
  if (!evb_compat_prefer_cairo_for_software_gl ())
    {
      g_test_skip ("this display has no GL in software");
      return;
    }
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");

  window = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_realized (window));
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_test_message ("the window draws with %s", G_OBJECT_TYPE_NAME (renderer));
  g_assert_true (GSK_IS_CAIRO_RENDERER (renderer));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  g_test_add_func ("/software-gl/names", test_names);
  g_test_add_func ("/software-gl/window", test_window);
  return g_test_run ();
}
