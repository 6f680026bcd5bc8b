/* test-viewport.c: board ↔ widget coordinates, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "evb-viewport.h"

static void
test_convert (void)
{
  g_autoptr(EvbViewport) viewport = evb_viewport_new ();
  double bx, by, wx, wy;

  evb_viewport_set (viewport, 100, 50, 2.0);
  evb_viewport_widget_to_board (viewport, 20, 40, &bx, &by);
  g_assert_cmpfloat (bx, ==, 110);
  g_assert_cmpfloat (by, ==, 70);
  evb_viewport_board_to_widget (viewport, bx, by, &wx, &wy);
  g_assert_cmpfloat (wx, ==, 20);
  g_assert_cmpfloat (wy, ==, 40);
}

static void
test_zoom_keeps_point (void)
{
  g_autoptr(EvbViewport) viewport = evb_viewport_new ();

  evb_viewport_set (viewport, -300, 125, 0.7);
  for (int i = 0; i < 50; i++)
    {
      double wx = 10 + i * 13, wy = 400 - i * 7, before_x, before_y, after_x, after_y;

      evb_viewport_widget_to_board (viewport, wx, wy, &before_x, &before_y);
      evb_viewport_zoom_at (viewport, evb_viewport_get_zoom (viewport) * (i % 2 ? 1.3 : 0.8), wx, wy);
      evb_viewport_widget_to_board (viewport, wx, wy, &after_x, &after_y);
      g_assert_cmpfloat_with_epsilon (before_x, after_x, 1e-9);
      g_assert_cmpfloat_with_epsilon (before_y, after_y, 1e-9);
    }
}

static void
test_limits (void)
{
  g_autoptr(EvbViewport) viewport = evb_viewport_new ();

  evb_viewport_zoom_at (viewport, 100, 0, 0);
  g_assert_cmpfloat (evb_viewport_get_zoom (viewport), ==, EVB_VIEWPORT_MAX_ZOOM);
  evb_viewport_zoom_at (viewport, 0.0001, 0, 0);
  g_assert_cmpfloat (evb_viewport_get_zoom (viewport), ==, EVB_VIEWPORT_MIN_ZOOM);
}

static void
test_fit_and_pan (void)
{
  g_autoptr(EvbViewport) viewport = evb_viewport_new ();
  double wx, wy;

  /* A board of 2000 × 1000 in an 800 × 600 widget with a 50 px margin. */
  evb_viewport_fit (viewport, 100, 200, 2000, 1000, 800, 600, 50);
  g_assert_cmpfloat_with_epsilon (evb_viewport_get_zoom (viewport), 700.0 / 2000, 1e-9);
  evb_viewport_board_to_widget (viewport, 1100, 700, &wx, &wy);
  g_assert_cmpfloat_with_epsilon (wx, 400, 1e-9);
  g_assert_cmpfloat_with_epsilon (wy, 300, 1e-9);

  /* A small board is not blown up past 100 %. */
  evb_viewport_fit (viewport, 0, 0, 100, 100, 800, 600, 50);
  g_assert_cmpfloat (evb_viewport_get_zoom (viewport), ==, 1.0);

  evb_viewport_set (viewport, 0, 0, 2.0);
  evb_viewport_pan (viewport, 100, -50);
  g_assert_cmpfloat (evb_viewport_get_origin_x (viewport), ==, -50);
  g_assert_cmpfloat (evb_viewport_get_origin_y (viewport), ==, 25);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/viewport/convert", test_convert);
  g_test_add_func ("/viewport/zoom-keeps-point", test_zoom_keeps_point);
  g_test_add_func ("/viewport/limits", test_limits);
  g_test_add_func ("/viewport/fit-and-pan", test_fit_and_pan);

  return g_test_run ();
}
