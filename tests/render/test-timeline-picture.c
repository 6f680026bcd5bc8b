/* test-timeline-picture.c: the timeline's picture, in pixels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Without a display: the picture's render nodes are drawn with cairo, as
 * export draws them. What is checked is what a person sees: the palette's
 * background, a ring in the selection colour around a selected item only,
 * an item where the picture says it is, and later items further right.
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>

#include "evb-timeline-picture.h"

#define WIDTH  1000
#define HEIGHT 500

static EvbBoard *
make_board (void)
{
  EvbBoard *board = evb_board_new ("Picture");
  static const struct { const char *id, *occurred, *collected; EvbNodeKind kind; } nodes[] = {
    { "c1", "2024-03-02", NULL, EVB_NODE_KIND_CLAIM },
    { "e1", "2024-03-01T22:10:00Z", "2024-03-04T09:00:00Z", EVB_NODE_KIND_EVIDENCE },
    { "e2", "2024-03-06T12:00:00Z", NULL, EVB_NODE_KIND_EVIDENCE },
    { "e3", NULL, NULL, EVB_NODE_KIND_EVIDENCE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
    {
      g_autoptr(EvbNodeData) data = evb_node_data_new (nodes[i].kind);
      g_autoptr(GError) error = NULL;

      data->id = g_strdup (nodes[i].id);
      evb_node_data_set_string (&data->title, nodes[i].id);
      if (nodes[i].kind == EVB_NODE_KIND_EVIDENCE)
        data->evidence_type = EVB_EVIDENCE_TYPE_VIDEO;
      evb_node_data_set_string (&data->occurred, nodes[i].occurred);
      evb_node_data_set_string (&data->collected, nodes[i].collected);
      evb_board_add_node (board, data, &error);
      g_assert_no_error (error);
    }
  return board;
}

static cairo_surface_t *
draw (EvbTimelinePicture *picture)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  evb_timeline_picture_snapshot (picture, snapshot, WIDTH, HEIGHT, 0);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static gboolean
pixel_is (cairo_surface_t *surface,
          int              x,
          int              y,
          const GdkRGBA   *color)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 pixel = *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + 4 * x);
  int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

  return abs (r - (int) lround (color->red * 255)) <= 3 &&
         abs (g - (int) lround (color->green * 255)) <= 3 &&
         abs (b - (int) lround (color->blue * 255)) <= 3;
}

/* Any pixel of the colour on the rectangle's border, one pixel inside. */
static gboolean
ring_has (cairo_surface_t       *surface,
          const graphene_rect_t *r,
          const GdkRGBA         *color)
{
  int x0 = (int) ceil (r->origin.x), x1 = (int) floor (r->origin.x + r->size.width) - 1;
  int y0 = (int) ceil (r->origin.y), y1 = (int) floor (r->origin.y + r->size.height) - 1;

  for (int x = MAX (x0 + 10, 0); x < MIN (x1 - 10, WIDTH); x++)
    if (pixel_is (surface, x, y0, color) || pixel_is (surface, x, y1, color))
      return TRUE;
  return FALSE;
}

static void
test_pixels (gconstpointer data)
{
  gboolean dark = GPOINTER_TO_INT (data);
  g_autoptr(EvbBoard) board = make_board ();
  g_autoptr(EvbSelection) selection = evb_selection_new (board);
  g_autoptr(EvbTimelinePicture) picture = evb_timeline_picture_new (board);
  EvbTimeline *timeline = evb_timeline_picture_get_timeline (picture);
  const EvbPalette *palette;
  cairo_surface_t *before, *after;
  graphene_rect_t r1, r2;
  int e1, e2;

  evb_timeline_picture_set_style (picture, dark, FALSE);
  palette = evb_timeline_picture_get_palette (picture);
  g_assert_true (palette == evb_palette_get_for_style (dark, FALSE));
  evb_timeline_picture_set_selection (picture, selection);
  evb_timeline_picture_fit (picture, WIDTH);

  e1 = evb_timeline_find_item (timeline, "e1");
  e2 = evb_timeline_find_item (timeline, "e2");
  g_assert_cmpint (e1, >=, 0);
  g_assert_cmpint (e2, >=, 0);
  g_assert_cmpint (evb_timeline_find_item (timeline, "e3"), ==, -1);
  g_assert_true (evb_timeline_picture_get_item_rect (picture, e1, &r1));
  g_assert_true (evb_timeline_picture_get_item_rect (picture, e2, &r2));
  /* Fitted: every item in view, later ones further right, below the axis. */
  g_assert_cmpfloat (r1.origin.x, >=, 0);
  g_assert_cmpfloat (r2.origin.x, >, r1.origin.x);
  g_assert_cmpfloat (evb_timeline_picture_time_to_x (picture, evb_timeline_get_item (timeline, e2)->occurred.start),
                     <, WIDTH);
  g_assert_cmpfloat (r1.origin.y, >=, EVB_TIMELINE_PICTURE_AXIS_HEIGHT);
  g_assert_cmpfloat (evb_timeline_picture_get_height (picture), <=, HEIGHT);
  /* A click on an item picks it; empty space picks nothing. */
  g_assert_cmpint (evb_timeline_picture_pick (picture, r1.origin.x + r1.size.width / 2,
                                              r1.origin.y + r1.size.height / 2), ==, e1);
  g_assert_cmpint (evb_timeline_picture_pick (picture, 5, HEIGHT - 5), ==, -1);

  before = draw (picture);
  /* The background is the palette's, under the lanes and below them. */
  g_assert_true (pixel_is (before, WIDTH - 2, HEIGHT - 2, &palette->background));
  g_assert_false (ring_has (before, &r1, &palette->selection));

  evb_selection_select (selection, "e1", FALSE);
  after = draw (picture);
  g_assert_true (ring_has (after, &r1, &palette->selection));
  g_assert_false (ring_has (after, &r2, &palette->selection));

  cairo_surface_destroy (before);
  cairo_surface_destroy (after);
}

/* The scale is clamped, and the picture keeps its items apart at any. */
static void
test_scale (void)
{
  g_autoptr(EvbBoard) board = make_board ();
  g_autoptr(EvbTimelinePicture) picture = evb_timeline_picture_new (board);

  evb_timeline_picture_set_scale (picture, 0, 1e9);
  g_assert_cmpfloat (evb_timeline_picture_get_scale (picture), ==, EVB_TIMELINE_PICTURE_MAX_SCALE);
  evb_timeline_picture_set_scale (picture, 0, 1e-20);
  g_assert_cmpfloat (evb_timeline_picture_get_scale (picture), ==, EVB_TIMELINE_PICTURE_MIN_SCALE);
  /* Far out, the two pieces of evidence share a lane but not a row. */
  g_assert_cmpuint (evb_timeline_get_lane (evb_timeline_picture_get_timeline (picture), 1)->n_rows, ==, 2);
  /* x and time convert both ways. */
  evb_timeline_picture_set_scale (picture, 1000000, 0.5);
  g_assert_cmpint (evb_timeline_picture_x_to_time (picture, 10), ==, 1000000 + 20 * G_USEC_PER_SEC);
  g_assert_cmpfloat (fabs (evb_timeline_picture_time_to_x (picture, 1000000 + 20 * G_USEC_PER_SEC) - 10), <, 1e-9);
}

static gboolean
all_match (char       **labels,
           const char  *pattern)
{
  if (labels[0] == NULL)
    return FALSE;
  for (guint i = 0; labels[i] != NULL; i++)
    if (!g_regex_match_simple (pattern, labels[i], 0, 0))
      return FALSE;
  return TRUE;
}

/* The axis's ticks adapt to the scale: years far out, then months, days,
 * hours and minutes, each far enough apart to be read. */
static void
test_ticks (void)
{
  g_autoptr(EvbBoard) board = make_board ();
  g_autoptr(EvbTimelinePicture) picture = evb_timeline_picture_new (board);
  EvbTimelineDate day;
  g_auto(GStrv) years = NULL;
  g_auto(GStrv) decades = NULL;
  g_auto(GStrv) hours = NULL;
  g_auto(GStrv) minutes = NULL;

  g_assert_true (evb_timeline_parse_date ("2024-03-01", &day));

  /* 150 px a year: one tick a year, on the year. */
  evb_timeline_picture_set_scale (picture, day.start, 150 / (365.25 * 86400));
  years = evb_timeline_picture_dup_tick_labels (picture, WIDTH);
  g_assert_true (all_match (years, "^[0-9]{4}$"));
  g_assert_cmpstr (years[0], ==, "2025");
  g_assert_cmpstr (years[1], ==, "2026");
  g_assert_cmpuint (g_strv_length (years), ==, 6);

  /* A century: steps of years, never crowded. */
  evb_timeline_picture_set_scale (picture, day.start, 1000 / (100 * 365.25 * 86400));
  decades = evb_timeline_picture_dup_tick_labels (picture, WIDTH);
  g_assert_true (all_match (decades, "^[0-9]{4}$"));
  g_assert_cmpuint (g_strv_length (decades), <=, WIDTH / 100);
  g_assert_cmpint (atoi (decades[1]) - atoi (decades[0]), >=, 10);

  /* A day: hours on the hour. */
  evb_timeline_picture_set_scale (picture, day.start, 1000.0 / 86400);
  hours = evb_timeline_picture_dup_tick_labels (picture, WIDTH);
  g_assert_true (all_match (hours, "^[0-9]{2}:00$"));
  g_assert_cmpstr (hours[0], ==, "00:00");

  /* 150 px a minute: every minute. */
  evb_timeline_picture_set_scale (picture, day.start + (gint64) 3630 * G_USEC_PER_SEC, 150.0 / 60);
  minutes = evb_timeline_picture_dup_tick_labels (picture, WIDTH);
  g_assert_cmpstr (minutes[0], ==, "01:01");
  g_assert_cmpstr (minutes[1], ==, "01:02");
  g_assert_cmpuint (g_strv_length (minutes), ==, 7);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/timeline-picture/pixels/light", GINT_TO_POINTER (FALSE), test_pixels);
  g_test_add_data_func ("/timeline-picture/pixels/dark", GINT_TO_POINTER (TRUE), test_pixels);
  g_test_add_func ("/timeline-picture/scale", test_scale);
  g_test_add_func ("/timeline-picture/ticks", test_ticks);

  return g_test_run ();
}
