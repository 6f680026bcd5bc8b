/* test-gl-text.c: the canvas's text under GTK's GL renderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Without tiles the canvas hands GTK the renderer's nodes under the
 * zoom's scale, and GTK 4.8's GL renderer garbled text drawn under a
 * fractional scale (docs/DESIGN.md, "Text under GL"). The canvas's own
 * drawing of the sample, its text alone, drawn by the window's GL
 * renderer, must agree at every zoom with the renderer's text drawn by
 * cairo under the zoom, as the tiles and the exports draw it.
 *
 * Skipped (exit 77) when GTK cannot make a GL renderer here.
 */

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>
/* After gtk.h, which it needs: GTK 4.8 has it in no other header. */
#include <gsk/gl/gskglrenderer.h>

#include "evb-canvas.h"
#include "evb-json.h"
#include "evb-palette.h"
#include "test-wait.h"

#define WIDTH  900
#define HEIGHT 640
/* Cairo 1.16 puts glyphs on whole pixels, GL on quarter pixels: the same
 * text may lie up to a pixel apart. So each pixel of GL's is compared with
 * the closest of cairo's 3 × 3 around it, in channel values (0–255); over
 * the pixels with ink in either drawing, the mean of those differences
 * stays below MEAN_LIMIT (clean text is within 1.5). Garbled text, every
 * glyph stretched by its own factor, differs by 9 to 14. */
#define MEAN_LIMIT 4.0

typedef struct
{
  GtkWidget   *window;
  EvbCanvas   *canvas;
  GskRenderer *gl;
} Fixture;

static gboolean
is_drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

/* Only the text nodes of node, where they were; NULL without any. */
static GskRenderNode *
text_only (GskRenderNode *node)
{
  g_autoptr(GskRenderNode) child = NULL;

  switch ((int) gsk_render_node_get_node_type (node))
    {
    case GSK_TEXT_NODE:
      return gsk_render_node_ref (node);
    case GSK_CONTAINER_NODE:
      {
        g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) gsk_render_node_unref);

        for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
          {
            GskRenderNode *text = text_only (gsk_container_node_get_child (node, i));

            if (text != NULL)
              g_ptr_array_add (kept, text);
          }
        return kept->len > 0 ? gsk_container_node_new ((GskRenderNode **) kept->pdata, kept->len) : NULL;
      }
    case GSK_TRANSFORM_NODE:
      child = text_only (gsk_transform_node_get_child (node));
      return child != NULL ? gsk_transform_node_new (child, gsk_transform_node_get_transform (node)) : NULL;
    case GSK_CLIP_NODE:
      child = text_only (gsk_clip_node_get_child (node));
      return child != NULL ? gsk_clip_node_new (child, gsk_clip_node_get_clip (node)) : NULL;
    case GSK_ROUNDED_CLIP_NODE:
      child = text_only (gsk_rounded_clip_node_get_child (node));
      return child != NULL ? gsk_rounded_clip_node_new (child, gsk_rounded_clip_node_get_clip (node)) : NULL;
    case GSK_OPACITY_NODE:
      child = text_only (gsk_opacity_node_get_child (node));
      return child != NULL ? gsk_opacity_node_new (child, gsk_opacity_node_get_opacity (node)) : NULL;
    case GSK_DEBUG_NODE:
      return text_only (gsk_debug_node_get_child (node));
    default:
      return NULL;
    }
}

/* Text alone on the palette's background. */
static GskRenderNode *
on_background (Fixture       *fixture,
               GskRenderNode *drawn)
{
  const EvbPalette *palette = evb_renderer_get_palette (evb_canvas_get_renderer (fixture->canvas));
  g_autoptr(GskRenderNode) background = NULL;
  g_autoptr(GskRenderNode) text = text_only (drawn);

  g_assert_nonnull (text);
  background = gsk_color_node_new (&palette->background, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
  return gsk_container_node_new ((GskRenderNode *[]) { background, text }, 2);
}

/* What the canvas draws (its snapshot, as GTK asks for it on a frame),
 * its text alone. */
static GskRenderNode *
canvas_text (Fixture *fixture)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) drawn = NULL;

  GTK_WIDGET_GET_CLASS (fixture->canvas)->snapshot (GTK_WIDGET (fixture->canvas), snapshot);
  drawn = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (drawn);
  return on_background (fixture, drawn);
}

/* The renderer's text for the canvas's view, as the tiles and the exports
 * draw it: the renderer's nodes under the zoom, untouched. */
static GskRenderNode *
renderer_text (Fixture *fixture)
{
  EvbViewport *viewport = evb_canvas_get_viewport (fixture->canvas);
  double zoom = evb_viewport_get_zoom (viewport);
  graphene_rect_t view = GRAPHENE_RECT_INIT (evb_viewport_get_origin_x (viewport),
                                             evb_viewport_get_origin_y (viewport),
                                             gtk_widget_get_width (GTK_WIDGET (fixture->canvas)) / zoom,
                                             gtk_widget_get_height (GTK_WIDGET (fixture->canvas)) / zoom);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) drawn = NULL;

  gtk_snapshot_scale (snapshot, zoom, zoom);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-view.origin.x, -view.origin.y));
  evb_renderer_snapshot (evb_canvas_get_renderer (fixture->canvas), snapshot, &view, zoom);
  drawn = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (drawn);
  return on_background (fixture, drawn);
}

static guint8 *
draw_gl (Fixture       *fixture,
         GskRenderNode *node)
{
  g_autoptr(GdkTexture) texture = gsk_renderer_render_texture (fixture->gl, node,
                                                               &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
  guint8 *pixels = g_malloc (WIDTH * HEIGHT * 4);

  g_assert_cmpint (gdk_texture_get_width (texture), ==, WIDTH);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, HEIGHT);
  gdk_texture_download (texture, pixels, WIDTH * 4);
  return pixels;
}

static guint8 *
draw_cairo (GskRenderNode *node)
{
  guint8 *pixels = g_malloc0 (WIDTH * HEIGHT * 4);
  cairo_surface_t *surface = cairo_image_surface_create_for_data (pixels, CAIRO_FORMAT_ARGB32,
                                                                  WIDTH, HEIGHT, WIDTH * 4);
  cairo_t *cr = cairo_create (surface);

  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return pixels;
}

static void
save_png (const guint8 *pixels,
          const char   *name)
{
  g_autoptr(GBytes) bytes = g_bytes_new (pixels, WIDTH * HEIGHT * 4);
  g_autoptr(GdkTexture) texture = gdk_memory_texture_new (WIDTH, HEIGHT, GDK_MEMORY_DEFAULT, bytes,
                                                          WIDTH * 4);

  gdk_texture_save_to_png (texture, name);
}

/* The smallest difference between GL's pixel at (x, y) and cairo's around it. */
static int
difference_near (const guint8 *gl,
                 const guint8 *reference,
                 int           x,
                 int           y)
{
  const guint8 *p = gl + (y * WIDTH + x) * 4;
  int best = 255;

  for (int ny = MAX (y - 1, 0); ny <= MIN (y + 1, HEIGHT - 1); ny++)
    for (int nx = MAX (x - 1, 0); nx <= MIN (x + 1, WIDTH - 1); nx++)
      {
        const guint8 *q = reference + (ny * WIDTH + nx) * 4;
        int d = 0;

        for (int c = 0; c < 3; c++)
          d = MAX (d, abs (p[c] - q[c]));
        best = MIN (best, d);
      }
  return best;
}

/* The canvas's text at this zoom, drawn by GL, is the renderer's drawn by
 * cairo. */
static void
assert_text_agrees (Fixture    *fixture,
                    double      zoom,
                    const char *look)
{
  EvbViewport *viewport = evb_canvas_get_viewport (fixture->canvas);
  g_autoptr(GskRenderNode) canvas = NULL;
  g_autoptr(GskRenderNode) renderer = NULL;
  g_autofree guint8 *gl = NULL;
  g_autofree guint8 *reference = NULL;
  guint64 sum = 0;
  guint n_ink = 0;
  double mean;

  /* A view that falls on no whole board unit or pixel, as a fitted one. */
  evb_viewport_set (viewport, -20.37, -10.71, zoom);
  canvas = canvas_text (fixture);
  renderer = renderer_text (fixture);
  gl = draw_gl (fixture, canvas);
  reference = draw_cairo (renderer);
  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        int i = (y * WIDTH + x) * 4;

        /* The background is the first pixel's colour. */
        if (memcmp (gl + i, gl, 3) == 0 && memcmp (reference + i, reference, 3) == 0)
          continue;
        n_ink++;
        sum += difference_near (gl, reference, x, y);
      }
  /* There is text to compare. */
  g_assert_cmpuint (n_ink, >, WIDTH * HEIGHT / 100);
  mean = (double) sum / n_ink;
  g_test_message ("%s, zoom %.2f: %u pixels with ink, mean difference %.2f", look, zoom, n_ink, mean);
  if (mean > MEAN_LIMIT && g_getenv ("EVB_TEST_SAVE") != NULL)
    {
      g_autofree char *gl_name = g_strdup_printf ("gl-text-%s-%.2f-gl.png", look, zoom);
      g_autofree char *cairo_name = g_strdup_printf ("gl-text-%s-%.2f-cairo.png", look, zoom);

      save_png (gl, gl_name);
      save_png (reference, cairo_name);
    }
  g_assert_cmpfloat (mean, <=, MEAN_LIMIT);
}

/* The sample fitted (about 39 %), closer, at 100 % and magnified, light,
 * dark and in high contrast. */
static void
test_sample (Fixture       *fixture,
             gconstpointer  data)
{
  static const double zooms[] = { 0.39, 0.6, 0.83, 1.0, 1.5, 2.5 };

  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    assert_text_agrees (fixture, zooms[i], "light");
  evb_canvas_set_dark (fixture->canvas, TRUE);
  assert_text_agrees (fixture, 0.39, "dark");
  evb_canvas_set_high_contrast (fixture->canvas, TRUE);
  assert_text_agrees (fixture, 0.39, "high-contrast");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("EVB_SOURCE_ROOT"), "data", "samples",
                                            "dolgiye-borody.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoard) board = evb_json_read_board_file (path, &error);
  g_autoptr(EvbSelection) selection = NULL;

  g_assert_no_error (error);
  selection = evb_selection_new (board);
  fixture->window = gtk_window_new ();
  fixture->canvas = EVB_CANVAS (evb_canvas_new ());
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->canvas));
  evb_canvas_set_board (fixture->canvas, board, selection, NULL);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (wait_until (is_drawn, fixture->canvas, TIMEOUT_MS));
  fixture->gl = gtk_native_get_renderer (GTK_NATIVE (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
}

/* Whether GTK makes a GL renderer for a window here (it falls back to
 * cairo when it cannot). */
static gboolean
has_gl (void)
{
  Fixture fixture = { 0 };
  gboolean gl;

  fixture_set_up (&fixture, NULL);
  gl = GSK_IS_GL_RENDERER (fixture.gl);
  fixture_tear_down (&fixture, NULL);
  return gl;
}

int
main (int   argc,
      char *argv[])
{
  /* The UI tests' environment asks for cairo; this test is about GL, and
   * about the canvas drawing without tiles, as it does with GL. */
  g_setenv ("GSK_RENDERER", "gl", TRUE);
  g_unsetenv ("EVB_TILES");
  gtk_test_init (&argc, &argv, NULL);
  if (!has_gl ())
    {
      g_printerr ("SKIP: GTK makes no GL renderer here\n");
      return 77;
    }
  g_test_add ("/gl-text/sample", Fixture, NULL, fixture_set_up, test_sample, fixture_tear_down);
  return g_test_run ();
}
