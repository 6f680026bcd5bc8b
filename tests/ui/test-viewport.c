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
  evb_viewport_zoom_at (viewport, EVB_VIEWPORT_MIN_ZOOM / 100, 0, 0);
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

/* Issue 14.13: a board at the model's bounds (±10,000,000, cards up to
 * 100,000 wide) fits in a small window; zoom stopped at 5 % and showed an
 * empty canvas. */
static void
test_fit_board_at_the_bounds (void)
{
  g_autoptr(EvbViewport) viewport = evb_viewport_new ();
  const double x = -1e7, y = -1e7, w = 2e7 + 1e5, h = 2e7 + 1e5;
  const double sizes[][2] = { { 800, 600 }, { 360, 300 }, { 1920, 1080 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      double ww = sizes[i][0], wh = sizes[i][1], left, top, right, bottom;

      evb_viewport_fit (viewport, x, y, w, h, ww, wh, 24);
      g_assert_cmpfloat_with_epsilon (evb_viewport_get_zoom (viewport),
                                      MIN (ww - 48, wh - 48) / w, 1e-12);
      evb_viewport_board_to_widget (viewport, x, y, &left, &top);
      evb_viewport_board_to_widget (viewport, x + w, y + h, &right, &bottom);
      g_assert_cmpfloat (left, >=, 0);
      g_assert_cmpfloat (top, >=, 0);
      g_assert_cmpfloat (right, <=, ww);
      g_assert_cmpfloat (bottom, <=, wh);
      /* And it shows something: the board is most of the window's height or width. */
      g_assert_cmpfloat (MAX (right - left, bottom - top), >=, MIN (ww, wh) - 48 - 1e-6);
    }
}

/* Reveal changes the view as little as it can: not at all for what is in
 * view, a pan at the same zoom for what fits, a fit for what does not. */
static void
test_reveal (void)
{
  g_autoptr(EvbViewport) viewport = evb_viewport_new ();
  double left, top, right, bottom;

  /* A 1000×600 widget showing board 0…500 × 0…300 at 200 %. */
  evb_viewport_set (viewport, 0, 0, 2.0);
  g_assert_false (evb_viewport_reveal (viewport, 100, 100, 200, 100, 1000, 600, 20));
  g_assert_cmpfloat (evb_viewport_get_origin_x (viewport), ==, 0);
  g_assert_cmpfloat (evb_viewport_get_zoom (viewport), ==, 2.0);

  /* Off to the right but small enough: centred, still at 200 %. */
  g_assert_true (evb_viewport_reveal (viewport, 2000, 1000, 200, 100, 1000, 600, 20));
  g_assert_cmpfloat (evb_viewport_get_zoom (viewport), ==, 2.0);
  evb_viewport_widget_to_board (viewport, 500, 300, &left, &top);
  g_assert_cmpfloat_with_epsilon (left, 2100, 1e-9);
  g_assert_cmpfloat_with_epsilon (top, 1050, 1e-9);

  /* Larger than the view at 200 %: zoomed out until it fits. */
  g_assert_true (evb_viewport_reveal (viewport, -1000, -1000, 3000, 1000, 1000, 600, 20));
  g_assert_cmpfloat (evb_viewport_get_zoom (viewport), <, 2.0);
  evb_viewport_widget_to_board (viewport, 0, 0, &left, &top);
  evb_viewport_widget_to_board (viewport, 1000, 600, &right, &bottom);
  g_assert_cmpfloat (left, <=, -1000);
  g_assert_cmpfloat (top, <=, -1000);
  g_assert_cmpfloat (right, >=, 2000);
  g_assert_cmpfloat (bottom, >=, 0);
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
  g_test_add_func ("/viewport/fit-board-at-the-bounds", test_fit_board_at_the_bounds);
  g_test_add_func ("/viewport/reveal", test_reveal);

  return g_test_run ();
}
