/* test-printout.c: a board and its report on pages for printing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "evb-json.h"
#include "evb-printout.h"

#define A4_WIDTH  595.0
#define A4_HEIGHT 842.0

static EvbBoard *
read_sample (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("EVB_SOURCE_ROOT"), "data", "samples",
                                            "dolgiye-borody.json", NULL);
  g_autoptr(GError) error = NULL;
  EvbBoard *board = evb_json_read_board_file (path, &error);

  g_assert_no_error (error);
  return board;
}

/* How many pixels of a page drawn on white are not white. */
static guint
count_ink (EvbPrintout *printout,
           guint        page)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 298, 421);
  cairo_t *cr = cairo_create (surface);
  const guchar *data;
  guint ink = 0;
  int stride;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, 0.5, 0.5);
  evb_printout_draw_page (printout, cr, page);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < 421; y++)
    for (int x = 0; x < 298; x++)
      if ((*(const guint32 *) (data + y * stride + x * 4) & 0xffffff) != 0xffffff)
        ink++;
  cairo_surface_destroy (surface);
  return ink;
}

static void
test_pages (void)
{
  g_autoptr(EvbBoard) board = read_sample ();
  g_autoptr(EvbPrintout) fitted = evb_printout_new (board, EVB_PRINTOUT_BOARD_FITTED, NULL,
                                                    A4_WIDTH, A4_HEIGHT);
  g_autoptr(EvbPrintout) tiled = evb_printout_new (board, EVB_PRINTOUT_BOARD_TILED, NULL,
                                                   A4_WIDTH, A4_HEIGHT);
  g_autoptr(EvbPrintout) report = evb_printout_new (board, EVB_PRINTOUT_REPORT, NULL,
                                                    A4_WIDTH, A4_HEIGHT);
  guint n;

  /* Fitted: one page, with the board on it. */
  g_assert_cmpuint (evb_printout_get_n_pages (fitted), ==, 1);
  g_assert_cmpuint (count_ink (fitted, 0), >, 1000);
  g_assert_cmpuint (count_ink (fitted, 1), ==, 0);

  /* At full size the sample (1,500 × 2,500 units) takes several A4 pages,
   * each with something on it. */
  n = evb_printout_get_n_pages (tiled);
  g_assert_cmpuint (n, >, 1);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (count_ink (tiled, i), >, 100);

  /* The report: the picture's page, then the text's, every one with ink. */
  n = evb_printout_get_n_pages (report);
  g_assert_cmpuint (n, >=, 3);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (count_ink (report, i), >, 100);
  g_assert_cmpuint (count_ink (report, n), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/printout/pages", test_pages);

  return g_test_run ();
}
