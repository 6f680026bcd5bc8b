/* test-render.c: image export, checked by pixels, rsvg-convert and pdftotext
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "evb-error.h"
#include "evb-export.h"
#include "evb-export-private.h"
#include "evb-palette.h"
#include "evb-renderer-private.h"
#include "evb-renderer.h"
#include "evb-report.h"
#include "render-test-board.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("evb-render-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static cairo_surface_t *
export_png (EvbBoard               *board,
            const char             *path,
            const EvbExportOptions *options)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;

  g_assert_true (evb_export_to_file (board, path, EVB_EXPORT_PNG, options, NULL, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

/* The colour at an image pixel, un-premultiplied, as 0..255 per channel. */
static void
get_pixel (cairo_surface_t *surface,
           int              x,
           int              y,
           int              rgba[4])
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 p;
  int a;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  cairo_surface_flush (surface);
  p = *(const guint32 *) (data + y * stride + x * 4);
  a = p >> 24;
  rgba[3] = a;
  for (int i = 0; i < 3; i++)
    {
      int c = (p >> (16 - 8 * i)) & 0xff;
      rgba[i] = a > 0 ? (c * 255 + a / 2) / a : 0;
    }
}

static void
assert_pixel_is (cairo_surface_t *surface,
                 int              x,
                 int              y,
                 const GdkRGBA   *expected,
                 int              tolerance)
{
  int rgba[4];
  int want[3] = { lround (expected->red * 255), lround (expected->green * 255), lround (expected->blue * 255) };

  get_pixel (surface, x, y, rgba);
  if (abs (rgba[0] - want[0]) > tolerance || abs (rgba[1] - want[1]) > tolerance ||
      abs (rgba[2] - want[2]) > tolerance || rgba[3] != 255)
    g_error ("pixel (%d, %d) is #%02x%02x%02x alpha %d, expected #%02x%02x%02x",
             x, y, rgba[0], rgba[1], rgba[2], rgba[3], want[0], want[1], want[2]);
}

/* Where a board point lands in an export at scale 1 with the default margin. */
static void
board_origin (EvbBoard *board,
              double    margin,
              double   *ox,
              double   *oy)
{
  double x, y, w, h;

  g_assert_true (evb_board_get_extents (board, &x, &y, &w, &h));
  /* Exports keep 8 units around the cards for their shadows. */
  *ox = margin + 8 - x;
  *oy = margin + 8 - y;
}

static void
test_png_size (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  static const double scales[] = { 1, 2, 0.5 };
  double x, y, w, h;

  g_assert_true (evb_board_get_extents (board, &x, &y, &w, &h));

  for (guint i = 0; i < G_N_ELEMENTS (scales); i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, "size.png", NULL);
      EvbExportOptions options;
      cairo_surface_t *surface;

      evb_export_options_init (&options);
      options.scale = scales[i];
      surface = export_png (board, path, &options);
      g_assert_cmpint (cairo_image_surface_get_width (surface), ==,
                       (int) ceil ((w + 16 + 2 * options.margin) * scales[i]));
      g_assert_cmpint (cairo_image_surface_get_height (surface), ==,
                       (int) ceil ((h + 16 + 2 * options.margin) * scales[i]));
      cairo_surface_destroy (surface);
    }
}

static void
check_colours (Fixture  *fixture,
               gboolean  dark)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  const EvbPalette *palette = evb_palette_get (dark);
  g_autofree char *path = g_build_filename (fixture->dir, "colours.png", NULL);
  EvbExportOptions options;
  cairo_surface_t *surface;
  double ox, oy, cx, cy, cw, ch, ex, ey, ew, eh;

  evb_export_options_init (&options);
  options.background = dark ? EVB_EXPORT_BACKGROUND_DARK : EVB_EXPORT_BACKGROUND_LIGHT;
  surface = export_png (board, path, &options);
  board_origin (board, options.margin, &ox, &oy);

  /* The corner is background. */
  assert_pixel_is (surface, 1, 1, &palette->background, 1);
  assert_pixel_is (surface, cairo_image_surface_get_width (surface) - 2,
                   cairo_image_surface_get_height (surface) - 2, &palette->background, 1);

  /* Inside the claim's header band, right of its label. */
  evb_node_get_bounds (evb_board_get_node (board, "c1"), &cx, &cy, &cw, &ch);
  assert_pixel_is (surface, ox + cx + cw - 12, oy + cy + 12, &palette->claim_header, 2);

  /* On the supports link l1 half way between e1's right edge and c1's left
   * edge: both cards' centres are at the same height, so the line is level. */
  evb_node_get_bounds (evb_board_get_node (board, "e1"), &ex, &ey, &ew, &eh);
  {
    double lx = ox + (ex + ew + cx) / 2;
    double ly0 = oy + ey + eh / 2;
    double ly1 = oy + cy + ch / 2;

    g_assert_cmpfloat_with_epsilon (ly0, ly1, 1e-6);
    assert_pixel_is (surface, lx, ly0, &palette->supports, 2);
    /* …and well off the line it is background. */
    assert_pixel_is (surface, lx, ly0 - 30, &palette->background, 1);
  }

  cairo_surface_destroy (surface);
}

static void
test_colours_light (Fixture       *fixture,
                    gconstpointer  data)
{
  check_colours (fixture, FALSE);
}

static void
test_colours_dark (Fixture       *fixture,
                   gconstpointer  data)
{
  check_colours (fixture, TRUE);
}

static void
test_transparent (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  g_autofree char *path = g_build_filename (fixture->dir, "clear.png", NULL);
  EvbExportOptions options;
  cairo_surface_t *surface;
  double ox, oy, x, y, w, h;
  int rgba[4];

  evb_export_options_init (&options);
  options.background = EVB_EXPORT_BACKGROUND_TRANSPARENT;
  surface = export_png (board, path, &options);
  board_origin (board, options.margin, &ox, &oy);

  get_pixel (surface, 1, 1, rgba);
  g_assert_cmpint (rgba[3], ==, 0);
  /* Cards keep the light palette. */
  evb_node_get_bounds (evb_board_get_node (board, "c1"), &x, &y, &w, &h);
  assert_pixel_is (surface, ox + x + w - 12, oy + y + 12, &evb_palette_get (FALSE)->claim_header, 2);
  cairo_surface_destroy (surface);
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Empty");
  g_autofree char *path = g_build_filename (fixture->dir, "empty.png", NULL);
  const EvbPalette *palette = evb_palette_get (FALSE);
  EvbExportOptions options;
  cairo_surface_t *surface;
  int width, height;

  evb_export_options_init (&options);
  surface = export_png (board, path, &options);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (width, <=, 400);
  g_assert_cmpint (height, <=, 400);
  /* Nothing but background. */
  for (int y = 0; y < height; y += 7)
    for (int x = 0; x < width; x += 7)
      assert_pixel_is (surface, x, y, &palette->background, 0);
  cairo_surface_destroy (surface);

  /* With a legend the image grows to hold it, and it is not all background.
   * The legend explains only what is used: on an empty board, its box. */
  options.legend = TRUE;
  surface = export_png (board, path, &options);
  g_assert_cmpint (cairo_image_surface_get_width (surface), >, width);
  {
    int rgba[4];

    get_pixel (surface, options.margin + 30, options.margin + 30 + 24, rgba);
    g_assert_false (rgba[0] == 0xfa && rgba[1] == 0xfa && rgba[2] == 0xfa);
  }
  cairo_surface_destroy (surface);
}

static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  g_autofree char *path = g_build_filename (fixture->dir, "huge.png", NULL);
  g_autoptr(GError) error = NULL;
  EvbExportOptions options;
  double w, h;

  render_test_add_node (board, "far", EVB_NODE_KIND_CLAIM, EVB_EVIDENCE_TYPE_NONE, "Far away", 39000, 100);
  evb_export_options_init (&options);
  evb_export_get_size (board, &options, &w, &h);
  g_assert_cmpfloat (w, >, EVB_EXPORT_MAX_PIXELS);

  g_assert_false (evb_export_to_file (board, path, EVB_EXPORT_PNG, &options, NULL, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "32767"));
  g_assert_nonnull (strstr (error->message, "--scale 0."));
  g_assert_cmpuint (count_files (fixture->dir), ==, 0);

  /* The suggested scale works. */
  {
    const char *suggestion = strstr (error->message, "--scale ") + strlen ("--scale ");

    options.scale = g_ascii_strtod (suggestion, NULL);
    g_assert_cmpfloat (options.scale, >, 0);
    g_clear_error (&error);
    g_assert_true (evb_export_to_file (board, path, EVB_EXPORT_PNG, &options, NULL, &error));
    g_assert_no_error (error);
  }

  /* Vector formats have no such limit. */
  g_clear_pointer (&path, g_free);
  path = g_build_filename (fixture->dir, "huge.pdf", NULL);
  options.scale = 1;
  g_assert_true (evb_export_to_file (board, path, EVB_EXPORT_PDF, &options, NULL, &error));
  g_assert_no_error (error);
}

static void
test_unwritable (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  g_autofree char *missing = g_build_filename (fixture->dir, "missing", NULL);
  g_autofree char *path = g_build_filename (missing, "out.png", NULL);
  g_autofree char *keep = g_build_filename (fixture->dir, "keep.svg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *contents = NULL;

  g_assert_false (evb_export_to_file (board, path, EVB_EXPORT_PNG, NULL, NULL, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* A cancelled export leaves an existing file as it was, and nothing else. */
  g_assert_true (g_file_set_contents (keep, "old", -1, NULL));
  g_cancellable_cancel (cancellable);
  g_assert_false (evb_export_to_file (board, keep, EVB_EXPORT_SVG, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (g_file_get_contents (keep, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_assert_cmpuint (count_files (fixture->dir), ==, 1);
}

static void
test_format_from_path (void)
{
  EvbExportFormat format = EVB_EXPORT_PNG;

  g_assert_true (evb_export_format_from_path ("a/b.SVG", &format));
  g_assert_cmpint (format, ==, EVB_EXPORT_SVG);
  g_assert_true (evb_export_format_from_path ("b.pdf", &format));
  g_assert_cmpint (format, ==, EVB_EXPORT_PDF);
  g_assert_true (evb_export_format_from_path ("b.png", &format));
  g_assert_cmpint (format, ==, EVB_EXPORT_PNG);
  g_assert_false (evb_export_format_from_path ("b.jpeg", &format));
  g_assert_false (evb_export_format_from_path ("png", &format));
}

static char *
run (const char * const *argv,
     int                *status)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, status, &error))
    {
      g_test_skip (error->message);
      return NULL;
    }
  return out;
}

static void
test_svg_parses (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  g_autofree char *svg = g_build_filename (fixture->dir, "board.svg", NULL);
  g_autofree char *png = g_build_filename (fixture->dir, "check.png", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  EvbExportOptions options;
  cairo_surface_t *surface;
  double w, h;
  int status = -1;

  evb_export_options_init (&options);
  options.legend = TRUE;
  g_assert_true (evb_export_to_file (board, svg, EVB_EXPORT_SVG, &options, NULL, &error));
  g_assert_no_error (error);

  {
    const char *argv[] = { "rsvg-convert", "-o", png, svg, NULL };

    out = run (argv, &status);
    if (out == NULL)
      return;
  }
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* What rsvg-convert drew has the size we asked for. */
  evb_export_get_size (board, &options, &w, &h);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (abs (cairo_image_surface_get_width (surface) - (int) ceil (w)), <=, 1);
  g_assert_cmpint (abs (cairo_image_surface_get_height (surface) - (int) ceil (h)), <=, 1);

  /* Links and icons are cairo drawings, which SVG output once lost: the
   * supports link l1 and the claim band are where the PNG has them. */
  {
    double ox, oy, cx, cy, cw, ch, ex, ey, ew, eh;
    const EvbPalette *palette = evb_palette_get (FALSE);

    board_origin (board, options.margin, &ox, &oy);
    evb_node_get_bounds (evb_board_get_node (board, "c1"), &cx, &cy, &cw, &ch);
    evb_node_get_bounds (evb_board_get_node (board, "e1"), &ex, &ey, &ew, &eh);
    assert_pixel_is (surface, ox + (ex + ew + cx) / 2, oy + ey + eh / 2, &palette->supports, 3);
    assert_pixel_is (surface, ox + cx + cw - 12, oy + cy + 12, &palette->claim_header, 3);
  }
  cairo_surface_destroy (surface);

  /* Vector all through: no bitmaps (blurred shadows would be). */
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
    g_assert_null (strstr (contents, "<image"));
  }
}

static void
test_pdf_text (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  g_autofree char *pdf = g_build_filename (fixture->dir, "board.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = NULL;
  int status = -1;

  g_assert_true (evb_export_to_file (board, pdf, EVB_EXPORT_PDF, NULL, NULL, &error));
  g_assert_no_error (error);

  {
    const char *argv[] = { "pdftotext", "-raw", pdf, "-", NULL };

    text = run (argv, &status);
    if (text == NULL)
      return;
  }
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* Titles wrap, so compare with line breaks as spaces. */
  words = g_strsplit_set (text, " \n", -1);
  flat = g_strjoinv (" ", words);
  g_assert_nonnull (strstr (flat, "Land registry extract"));
  g_assert_nonnull (strstr (flat, "Усадьба принадлежит"));
  g_assert_nonnull (strstr (flat, "Спутниковые снимки"));
  g_assert_nonnull (strstr (flat, "Drone video"));
  g_assert_nonnull (strstr (flat, "B2"));
  g_assert_nonnull (strstr (flat, "2016-03-02"));
}

static void
test_selection_export (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  const char * const ids[] = { "e1", "c1", NULL };
  EvbExportOptions options;
  double w, h, x, y, cw, ch, ex, ey, ew, eh;

  evb_export_options_init (&options);
  options.node_ids = ids;
  evb_export_get_size (board, &options, &w, &h);
  evb_node_get_bounds (evb_board_get_node (board, "c1"), &x, &y, &cw, &ch);
  evb_node_get_bounds (evb_board_get_node (board, "e1"), &ex, &ey, &ew, &eh);
  g_assert_cmpfloat_with_epsilon (w, (x + cw - ex) + 16 + 2 * options.margin, 1e-6);
  g_assert_cmpfloat_with_epsilon (h, (MAX (y + ch, ey + eh) - MIN (y, ey)) + 16 + 2 * options.margin, 1e-6);
}

/* The colour of a render node at a board point, drawn onto transparency. */
static void
pixel_of_node (GskRenderNode *node,
               double         x,
               double         y,
               int            rgba[4])
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);

  cairo_translate (cr, -floor (x), -floor (y));
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  get_pixel (surface, 0, 0, rgba);
  cairo_surface_destroy (surface);
}

static void
test_renderer_states (void)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  g_autoptr(EvbRenderer) renderer = evb_renderer_new (board);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GskRenderNode) plain = NULL;
  g_autoptr(GskRenderNode) selected = NULL;
  g_autoptr(GskRenderNode) far = NULL;
  graphene_rect_t all = GRAPHENE_RECT_INIT (-1000, -1000, 4000, 4000);
  GtkSnapshot *snapshot;

  snapshot = gtk_snapshot_new ();
  evb_renderer_snapshot (renderer, snapshot, &all, 1.0);
  plain = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (plain);

  /* Selecting draws a ring outside the card: the drawing grows. */
  {
    g_autoptr(EvbSelection) selection = evb_selection_new (board);

    evb_selection_select (selection, "e4", FALSE);
    evb_renderer_set_selection (renderer, selection);
  }
  snapshot = gtk_snapshot_new ();
  evb_renderer_snapshot (renderer, snapshot, &all, 1.0);
  selected = gtk_snapshot_free_to_node (snapshot);
  /* The ring sits just outside the card, where there was background. */
  {
    double x, y, w, h;
    int before[4], after[4];

    evb_node_get_bounds (evb_board_get_node (board, "e4"), &x, &y, &w, &h);
    pixel_of_node (plain, x - 2, y + h / 2, before);
    pixel_of_node (selected, x - 2, y + h / 2, after);
    g_assert_cmpint (before[3], <, 64);   /* at most a bit of shadow */
    g_assert_cmpint (after[3], ==, 255);
    g_assert_cmpint (abs (after[2] - (int) lround (evb_palette_get (FALSE)->selection.blue * 255)), <=, 2);
  }

  /* Far zoomed out, and with a viewport that holds nothing. */
  snapshot = gtk_snapshot_new ();
  /* A viewport at the origin: the links' drawing needs no move there. */
  evb_renderer_snapshot (renderer, snapshot, &GRAPHENE_RECT_INIT (0, 0, 4000, 4000), 0.1);
  far = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (far);
  snapshot = gtk_snapshot_new ();
  evb_renderer_snapshot (renderer, snapshot, &GRAPHENE_RECT_INIT (50000, 50000, 10, 10), 1.0);
  g_assert_null (gtk_snapshot_free_to_node (snapshot));

  evb_renderer_set_dark (renderer, TRUE);
  g_assert_true (evb_renderer_get_dark (renderer));
  g_assert_true (evb_renderer_get_board (renderer) == board);
}

/* Everything on the test board, at 100 %. */
static GskRenderNode *
snapshot_all (EvbRenderer *renderer)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  evb_renderer_snapshot (renderer, snapshot, &GRAPHENE_RECT_INIT (-1000, -1000, 4000, 4000), 1.0);
  return gtk_snapshot_free_to_node (snapshot);
}

static gboolean
has_child (GskRenderNode *container,
           GskRenderNode *child)
{
  for (guint i = 0; i < gsk_container_node_get_n_children (container); i++)
    if (gsk_container_node_get_child (container, i) == child)
      return TRUE;
  return FALSE;
}

/* An unchanged board reuses its cards' render nodes; a change redraws
 * only what it touches, including the counts on the claim a new link reaches. */
static void
test_renderer_cache (void)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  g_autoptr(EvbRenderer) renderer = evb_renderer_new (board);
  g_autoptr(GskRenderNode) first = snapshot_all (renderer);
  g_autoptr(GskRenderNode) second = snapshot_all (renderer);
  g_autoptr(GskRenderNode) third = NULL;
  g_autoptr(GskRenderNode) fourth = NULL;
  guint n = gsk_container_node_get_n_children (first);
  guint kept = 0;

  g_assert_cmpint (gsk_render_node_get_node_type (first), ==, GSK_CONTAINER_NODE);
  g_assert_cmpuint (n, ==, gsk_container_node_get_n_children (second));
  for (guint i = 0; i < n; i++)
    g_assert_true (gsk_container_node_get_child (first, i) == gsk_container_node_get_child (second, i));

  /* A new link from e3 to c1: every card but e3 and c1 stays the same. */
  render_test_add_link (board, "new", "e3", "c1", EVB_RELATION_REFUTES, EVB_STRENGTH_WEAK, NULL);
  third = snapshot_all (renderer);
  for (guint i = 0; i < n; i++)
    if (has_child (third, gsk_container_node_get_child (second, i)))
      kept++;
  /* 6 lines, 2 notes and 6 cards before; 4 cards, 6 lines and 2 notes
   * are kept. */
  g_assert_cmpuint (n, ==, 14);
  g_assert_cmpuint (kept, ==, 12);

  /* The palette redraws everything. */
  evb_renderer_set_dark (renderer, TRUE);
  fourth = snapshot_all (renderer);
  for (guint i = 0; i < gsk_container_node_get_n_children (third); i++)
    g_assert_false (has_child (fourth, gsk_container_node_get_child (third, i)));
}

/* The colour at a board point of the whole board drawn at 10 %. */
static void
snapshot_far_pixel (EvbRenderer *renderer,
                    double       x,
                    double       y,
                    int          rgba[4])
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  evb_renderer_snapshot (renderer, snapshot, &GRAPHENE_RECT_INIT (-4000, -4000, 12000, 12000), 0.1);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  pixel_of_node (node, x, y, rgba);
}
static cairo_surface_t *
draw_far (EvbRenderer *renderer)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 1200);
  cairo_t *cr = cairo_create (surface);

  gtk_snapshot_scale (snapshot, 0.1, 0.1);
  evb_renderer_snapshot (renderer, snapshot, &GRAPHENE_RECT_INIT (-4000, -4000, 12000, 12000), 0.1);
  node = gtk_snapshot_free_to_node (snapshot);
  cairo_translate (cr, 400, 400);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
assert_same_far_drawing (EvbRenderer *a,
                         EvbRenderer *b)
{
  cairo_surface_t *sa = draw_far (a);
  cairo_surface_t *sb = draw_far (b);
  int stride = cairo_image_surface_get_stride (sa);
  guint drawn = 0;

  g_assert_cmpmem (cairo_image_surface_get_data (sa), stride * 1200,
                   cairo_image_surface_get_data (sb), stride * 1200);
  for (int i = 3; i < stride * 1200; i += 4)
    drawn += cairo_image_surface_get_data (sa)[i] != 0;
  g_assert_cmpuint (drawn, >, 1000);
  cairo_surface_destroy (sa);
  cairo_surface_destroy (sb);
}

/* Far out the board is drawn from shapes collected once: they follow a
 * hidden card, a moved card and the selection. */
static void
test_renderer_far (void)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  g_autoptr(EvbRenderer) renderer = evb_renderer_new (board);
  g_autoptr(GHashTable) visible = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) selected = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GPtrArray *nodes = evb_board_get_nodes (board);
  double x, y, w, h;
  int rgba[4];

  evb_node_get_bounds (evb_board_get_node (board, "e4"), &x, &y, &w, &h);

  /* A corner of e4 (lines end on its border, and none cross it). */
  snapshot_far_pixel (renderer, x + 4, y + 4, rgba);
  g_assert_cmpint (rgba[3], ==, 255);

  /* Hidden, as when exporting other cards: not drawn even with the whole
   * board in view. */
  for (guint i = 0; i < nodes->len; i++)
    if (g_strcmp0 (evb_node_get_id (g_ptr_array_index (nodes, i)), "e4") != 0)
      g_hash_table_add (visible, (gpointer) evb_node_get_id (g_ptr_array_index (nodes, i)));
  evb_renderer_set_visible_nodes (renderer, visible);
  snapshot_far_pixel (renderer, x + 4, y + 4, rgba);
  g_assert_cmpint (rgba[3], ==, 0);
  evb_renderer_set_visible_nodes (renderer, NULL);
  snapshot_far_pixel (renderer, x + 4, y + 4, rgba);
  g_assert_cmpint (rgba[3], ==, 255);

  /* Moved far to the left: drawn there, and gone from where it was. */
  g_assert_true (evb_board_move_node (board, "e4", x - 2000, y, &error));
  g_assert_no_error (error);
  snapshot_far_pixel (renderer, x + 4, y + 4, rgba);
  g_assert_cmpint (rgba[3], ==, 0);
  snapshot_far_pixel (renderer, x - 2000 + 4, y + 4, rgba);
  g_assert_cmpint (rgba[3], ==, 255);

  /* The shapes patched after the move (the card and its lines) draw what
   * a renderer that collects them afresh draws. */
  {
    g_autoptr(EvbRenderer) fresh = evb_renderer_new (board);

    assert_same_far_drawing (renderer, fresh);
  }

  /* Selected: a ring around it, outside the card. */
  snapshot_far_pixel (renderer, x - 2000 - 20, y + h / 2, rgba);
  g_assert_cmpint (rgba[3], ==, 0);
  {
    g_autoptr(EvbSelection) selection = evb_selection_new (board);

    evb_selection_select (selection, "e4", FALSE);
    evb_renderer_set_selection (renderer, selection);
  }
  snapshot_far_pixel (renderer, x - 2000 - 20, y + h / 2, rgba);
  g_assert_cmpint (rgba[3], ==, 255);
}

static void
count_cb (guint *n)
{
  (*n)++;
}

/* A filter's misses are drawn faint, with their links, up close and far
 * out; the others as before. */
static void
test_renderer_dimmed (void)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  g_autoptr(EvbRenderer) renderer = evb_renderer_new (board);
  g_autoptr(GHashTable) dimmed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GskRenderNode) plain = snapshot_all (renderer);
  g_autoptr(GskRenderNode) faint = NULL;
  guint n_invalidated = 0, n_faint = 0;
  double x, y, w, h, cx, cy, cw, ch;
  int before[4], after[4], far_before[4], far_after[4], other_before[4], other_after[4];
  int link_before[4], link_after[4], other_link_before[4], other_link_after[4];
  double lx, ly, ox, oy;

  g_signal_connect_swapped (renderer, "invalidated", G_CALLBACK (count_cb), &n_invalidated);
  evb_node_get_bounds (evb_board_get_node (board, "e4"), &x, &y, &w, &h);
  evb_node_get_bounds (evb_board_get_node (board, "c1"), &cx, &cy, &cw, &ch);
  pixel_of_node (plain, x + w / 2, y + h - 4, before);
  pixel_of_node (plain, cx + cw / 2, cy + ch - 4, other_before);
  snapshot_far_pixel (renderer, x + w / 2, y + h / 2, far_before);
  /* Far out, the middle of l5 (e4 to c1, along their centres) and of l1
   * (e1 to c1, which does not touch e4). */
  lx = (x + w / 2 + cx + cw / 2) / 2;
  ly = (y + h / 2 + cy + ch / 2) / 2;
  {
    double ex, ey, ew, eh;

    evb_node_get_bounds (evb_board_get_node (board, "e1"), &ex, &ey, &ew, &eh);
    ox = (ex + ew / 2 + cx + cw / 2) / 2;
    oy = (ey + eh / 2 + cy + ch / 2) / 2;
  }
  snapshot_far_pixel (renderer, lx, ly, link_before);
  snapshot_far_pixel (renderer, ox, oy, other_link_before);
  g_assert_cmpint (link_before[3], ==, 255);
  g_assert_cmpint (other_link_before[3], ==, 255);

  g_hash_table_add (dimmed, (gpointer) "e4");
  evb_renderer_set_dimmed_nodes (renderer, dimmed);
  g_assert_cmpuint (n_invalidated, ==, 1);
  faint = snapshot_all (renderer);
  pixel_of_node (faint, x + w / 2, y + h - 4, after);
  pixel_of_node (faint, cx + cw / 2, cy + ch - 4, other_after);
  g_assert_cmpint (before[3], ==, 255);
  g_assert_cmpint (after[3], <, 100);
  g_assert_cmpint (after[3], >, 30);
  g_assert_cmpmem (other_before, sizeof other_before, other_after, sizeof other_after);
  /* The card, its two links' lines (l5 and l6) and l6's note, each under
   * one opacity node. */
  for (guint i = 0; i < gsk_container_node_get_n_children (faint); i++)
    if (gsk_render_node_get_node_type (gsk_container_node_get_child (faint, i)) == GSK_OPACITY_NODE)
      n_faint++;
  g_assert_cmpuint (n_faint, ==, 4);

  /* Far out, the card is veiled in the background's colour. */
  snapshot_far_pixel (renderer, x + w / 2, y + h / 2, far_after);
  g_assert_false (far_before[0] == far_after[0] && far_before[1] == far_after[1] &&
                  far_before[2] == far_after[2]);
  /* So is its link, as up close; a link of other cards is not. */
  snapshot_far_pixel (renderer, lx, ly, link_after);
  snapshot_far_pixel (renderer, ox, oy, other_link_after);
  g_assert_false (link_before[0] == link_after[0] && link_before[1] == link_after[1] &&
                  link_before[2] == link_after[2]);
  g_assert_cmpmem (other_link_before, sizeof other_link_before, other_link_after, sizeof other_link_after);

  /* None dimmed: drawn as before, and an empty set is none. */
  evb_renderer_set_dimmed_nodes (renderer, NULL);
  g_assert_cmpuint (n_invalidated, ==, 2);
  evb_renderer_set_dimmed_nodes (renderer, NULL);
  g_assert_cmpuint (n_invalidated, ==, 2);
  {
    g_autoptr(GskRenderNode) again = snapshot_all (renderer);

    pixel_of_node (again, x + w / 2, y + h - 4, after);
    g_assert_cmpmem (before, sizeof before, after, sizeof after);
  }
}

/* The text of an HTML report of board with options, without its picture. */
static char *
report_text (EvbBoard               *board,
             const EvbExportOptions *options)
{
  g_autofree char *dir = g_dir_make_tmp ("evb-report-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.html", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  char *start, *end;

  g_assert_true (evb_report_to_file (board, path, EVB_REPORT_HTML, options, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
  g_unlink (path);
  g_rmdir (dir);
  start = strstr (html, "<svg");
  end = strstr (html, "</svg>");
  g_assert_true (start != NULL && end != NULL);
  memmove (start, end + strlen ("</svg>"), strlen (end + strlen ("</svg>")) + 1);
  return g_steal_pointer (&html);
}

/* With a filter applied, dimmed or hidden in the picture, the report
 * lists only the cards it lets through (here the evidence). */
static void
test_report_filtered (void)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  g_autoptr(GHashTable) matches = g_hash_table_new (g_str_hash, g_str_equal);
  const char *evidence[] = { "e1", "e2", "e3", "e4" };

  for (guint i = 0; i < G_N_ELEMENTS (evidence); i++)
    g_hash_table_add (matches, (gpointer) evidence[i]);
  {
    EvbExportOptions options;
    g_autofree char *text = NULL;

    evb_export_options_init (&options);
    text = report_text (board, &options);
    g_assert_nonnull (strstr (text, "The estate is a state guest house"));
    g_assert_nonnull (strstr (text, "Drone video of the estate"));
  }
  for (guint hide = 0; hide < 2; hide++)
    {
      EvbExportOptions options;
      g_autoptr(GPtrArray) ids = NULL;
      g_autofree char *text = NULL;

      evb_export_options_init (&options);
      ids = evb_export_options_apply_filter (&options, board, matches, hide);
      text = report_text (board, &options);
      g_assert_null (strstr (text, "The estate is a state guest house"));
      g_assert_null (strstr (text, "Усадьба принадлежит фонду"));
      g_assert_nonnull (strstr (text, "Drone video of the estate"));
      g_assert_nonnull (strstr (text, "Land registry extract naming the owner"));
      /* l3's note joins e3 to a claim left out. */
      g_assert_null (strstr (text, "official statement only"));
      g_assert_nonnull (strstr (text, "No claim is in this report."));
      g_assert_null (strstr (text, "Filtered by"));
    }
  /* Given the filter in words, the report says it chose the cards. */
  {
    EvbExportOptions options;
    g_autoptr(GPtrArray) ids = NULL;
    g_autofree char *text = NULL;

    evb_export_options_init (&options);
    ids = evb_export_options_apply_filter (&options, board, matches, FALSE);
    options.filter_description = "evidence only";
    text = report_text (board, &options);
    g_assert_nonnull (strstr (text, "Filtered by evidence only: the report lists 4 of 6 cards."));
    g_assert_nonnull (strstr (text, "The picture shows the other cards faint."));
  }
}

/* Pixels partly covered (alpha strictly between 0 and 255) in a far-out
 * drawing of the whole board onto transparency. */
static guint
count_partial_pixels (EvbRenderer *renderer,
                      EvbBoard    *board)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double x, y, w, h, zoom = 0.05;
  guint partial = 0;
  int stride;
  const guint8 *pixels;

  evb_board_get_extents (board, &x, &y, &w, &h);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (w * zoom) + 2, (int) (h * zoom) + 2);
  gtk_snapshot_scale (snapshot, zoom, zoom);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-x, -y));
  evb_renderer_snapshot (renderer, snapshot, &GRAPHENE_RECT_INIT (x, y, w, h), zoom);
  node = gtk_snapshot_free_to_node (snapshot);
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  stride = cairo_image_surface_get_stride (surface);
  pixels = cairo_image_surface_get_data (surface);
  for (int row = 0; row < cairo_image_surface_get_height (surface); row++)
    for (int col = 0; col < cairo_image_surface_get_width (surface); col++)
      {
        guint8 alpha = pixels[row * stride + col * 4 + 3];   /* ARGB32, little-endian */

        partial += alpha > 0 && alpha < 255;
      }
  cairo_surface_destroy (surface);
  return partial;
}

/* A far-out mesh of thousands of lines is drawn on screen without
 * anti-aliasing (it rasterises several times faster), in tiles too, which
 * decide by the zoom; an export of the same view keeps it. */
static void
test_renderer_dense (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Dense");
  g_autoptr(EvbRenderer) screen = NULL;
  g_autoptr(EvbRenderer) export = NULL;
  g_autoptr(EvbRenderer) tiled = NULL;
  guint on_screen, exported, in_tiles, n_links = 0;

  for (int row = 0; row < 30; row++)
    for (int col = 0; col < 40; col++)
      {
        g_autofree char *id = g_strdup_printf ("n%d-%d", row, col);

        render_test_add_node (board, id, EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_REPORT, "Report",
                              col * 330, row * 230 + (col % 3) * 40);
      }
  for (int row = 0; row < 30; row++)
    for (int col = 0; col < 40; col++)
      for (int k = 0; k < 2; k++)
        {
          int to_row = row + (k == 0 ? 1 : 2), to_col = col + (k == 0 ? 1 : -1);
          g_autofree char *from = g_strdup_printf ("n%d-%d", row, col);
          g_autofree char *to = g_strdup_printf ("n%d-%d", to_row, to_col);
          g_autofree char *id = g_strdup_printf ("l%u", n_links);

          if (to_row >= 30 || to_col < 0 || to_col >= 40)
            continue;
          render_test_add_link (board, id, from, to, k ? EVB_RELATION_REFUTES : EVB_RELATION_SUPPORTS,
                                EVB_STRENGTH_MODERATE, NULL);
          n_links++;
        }
  g_assert_cmpuint (n_links, >, 2000);

  screen = evb_renderer_new (board);
  export = evb_renderer_new (board);
  _evb_renderer_set_exporting (export, TRUE);
  tiled = evb_renderer_new (board);
  evb_renderer_set_tiled (tiled, TRUE);
  on_screen = count_partial_pixels (screen, board);
  exported = count_partial_pixels (export, board);
  in_tiles = count_partial_pixels (tiled, board);
  g_test_message ("partly covered pixels: %u on screen, %u in tiles, %u exported", on_screen,
                  in_tiles, exported);
  /* Only the cards' edges are smoothed on screen; exported, every line too. */
  g_assert_cmpuint (exported, >, 0);
  g_assert_cmpuint (on_screen * 3, <, exported * 2);
  g_assert_cmpuint (in_tiles * 3, <, exported * 2);
}

/* The PNG writer gives the pixels cairo's own writer gives, for opaque and
 * for translucent images alike. */
static void
compare_png_writers (Fixture         *fixture,
                     cairo_surface_t *surface)
{
  g_autofree char *ours = g_build_filename (fixture->dir, "ours.png", NULL);
  g_autofree char *theirs = g_build_filename (fixture->dir, "cairo.png", NULL);
  cairo_surface_t *a, *b;
  int fd;

  fd = g_open (ours, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_true (_evb_export_write_png (surface, fd));
  close (fd);
  g_assert_cmpint (cairo_surface_write_to_png (surface, theirs), ==, CAIRO_STATUS_SUCCESS);

  a = cairo_image_surface_create_from_png (ours);
  b = cairo_image_surface_create_from_png (theirs);
  g_assert_cmpint (cairo_surface_status (a), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_format (a), ==, cairo_image_surface_get_format (b));
  g_assert_cmpint (cairo_image_surface_get_width (a), ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (cairo_image_surface_get_height (a), ==, cairo_image_surface_get_height (b));
  g_assert_cmpint (cairo_image_surface_get_stride (a), ==, cairo_image_surface_get_stride (b));
  g_assert_cmpmem (cairo_image_surface_get_data (a),
                   cairo_image_surface_get_stride (a) * cairo_image_surface_get_height (a),
                   cairo_image_surface_get_data (b),
                   cairo_image_surface_get_stride (b) * cairo_image_surface_get_height (b));
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

static void
test_png_writer (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 257, 61);
  guint8 *pixels = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  /* Every alpha, with premultiplied colours that fit under it. */
  for (int y = 0; y < 61; y++)
    for (int x = 0; x < 257; x++)
      {
        guint32 alpha = (x + y * 257) % 256;
        guint32 r = g_rand_int_range (rand, 0, alpha + 1);
        guint32 g = g_rand_int_range (rand, 0, alpha + 1);
        guint32 b = g_rand_int_range (rand, 0, alpha + 1);

        ((guint32 *) (pixels + y * stride))[x] = alpha << 24 | r << 16 | g << 8 | b;
      }
  cairo_surface_mark_dirty (surface);
  compare_png_writers (fixture, surface);

  /* Opaque: RGB without alpha. */
  {
    cairo_t *cr = cairo_create (surface);

    cairo_set_source_rgb (cr, 0.2, 0.5, 0.9);
    cairo_paint (cr);
    cairo_set_source_rgba (cr, 1, 0.3, 0.1, 0.6);
    cairo_arc (cr, 100, 30, 25, 0, 2 * G_PI);
    cairo_fill (cr);
    cairo_destroy (cr);
  }
  compare_png_writers (fixture, surface);
  cairo_surface_destroy (surface);
}

/* A PNG drawn and compressed in bands on several threads has exactly the
 * pixels of the one drawn on one surface, for bands of any height, for
 * cards drawn in full (text, shadows) and as far-out shapes, opaque and
 * translucent, with group frames (one collapsed) and a filter's misses
 * drawn faint; and it is a well-formed PNG (cairo reads it, and pngcheck
 * checks every chunk and the stream when it is installed). */
static void
test_png_bands (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  const double scales[] = { 1.0, 0.12 };
  const guint bands[] = { 2, 3, 7 };
  g_autofree char *pngcheck = g_find_program_in_path ("pngcheck");

  for (guint i = 0; i < 240; i++)
    {
      g_autofree char *id = g_strdup_printf ("grid-%u", i);
      g_autofree char *title = g_strdup_printf ("Card %u with a title that wraps onto a second line", i);

      render_test_add_node (board, id, i % 5 == 0 ? EVB_NODE_KIND_CLAIM : EVB_NODE_KIND_EVIDENCE,
                            i % 5 == 0 ? EVB_EVIDENCE_TYPE_NONE : EVB_EVIDENCE_TYPE_VIDEO,
                            title, 600 + (i % 16) * 290.5, 900 + (i / 16) * 233.25);
      if (i > 0)
        {
          g_autofree char *link = g_strdup_printf ("grid-link-%u", i);
          g_autofree char *from = g_strdup_printf ("grid-%u", i - 1);

          render_test_add_link (board, link, from, id, i % 3 ? EVB_RELATION_SUPPORTS
                                                            : EVB_RELATION_REFUTES,
                                i % 3, i % 4 == 0 ? "a note on the link" : NULL);
        }
    }

  /* A frame across several bands, and a collapsed one. */
  {
    const char *framed[] = { "grid-17", "grid-18", "grid-33", "grid-34", "grid-50", NULL };
    const char *folded[] = { "grid-100", "grid-101", NULL };
    g_autoptr(EvbGroupData) frame = evb_group_data_new ("A frame over three rows", framed);
    g_autoptr(EvbGroupData) fold = evb_group_data_new ("Folded", folded);
    g_autoptr(GError) error = NULL;

    frame->id = g_strdup ("frame");
    frame->color = g_strdup ("#e5a50a");
    fold->id = g_strdup ("fold");
    fold->collapsed = TRUE;
    g_assert_nonnull (evb_board_add_group (board, frame, &error));
    g_assert_nonnull (evb_board_add_group (board, fold, &error));
    g_assert_no_error (error);
  }

  for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
    for (int variant = 0; variant <= 2; variant++)
      {
        g_autofree char *one_path = g_build_filename (fixture->dir, "one.png", NULL);
        g_autoptr(GHashTable) matches = g_hash_table_new (g_str_hash, g_str_equal);
        g_autoptr(GPtrArray) filtered = NULL;
        EvbExportOptions options;
        cairo_surface_t *one;

        evb_export_options_init (&options);
        options.scale = scales[s];
        /* 1: translucent; 2: every card but every seventh drawn faint. */
        if (variant == 1)
          options.background = EVB_EXPORT_BACKGROUND_TRANSPARENT;
        if (variant == 2)
          {
            GPtrArray *nodes = evb_board_get_nodes (board);

            for (guint n = 0; n < nodes->len; n += 7)
              g_hash_table_add (matches, (gpointer) evb_node_get_id (g_ptr_array_index (nodes, n)));
            filtered = evb_export_options_apply_filter (&options, board, matches, FALSE);
            g_assert_nonnull (options.dimmed_ids);
          }
        _evb_export_set_png_bands (1);
        one = export_png (board, one_path, &options);
        g_assert_cmpint (cairo_image_surface_get_height (one), >=, 7);

        for (guint b = 0; b < G_N_ELEMENTS (bands); b++)
          {
            g_autofree char *path = g_build_filename (fixture->dir, "bands.png", NULL);
            cairo_surface_t *banded;

            _evb_export_set_png_bands (bands[b]);
            banded = export_png (board, path, &options);
            g_assert_cmpint (cairo_image_surface_get_format (banded), ==,
                             cairo_image_surface_get_format (one));
            g_assert_cmpint (cairo_image_surface_get_width (banded), ==,
                             cairo_image_surface_get_width (one));
            g_assert_cmpint (cairo_image_surface_get_height (banded), ==,
                             cairo_image_surface_get_height (one));
            g_assert_cmpmem (cairo_image_surface_get_data (banded),
                             cairo_image_surface_get_stride (banded) * cairo_image_surface_get_height (banded),
                             cairo_image_surface_get_data (one),
                             cairo_image_surface_get_stride (one) * cairo_image_surface_get_height (one));
            cairo_surface_destroy (banded);

            if (pngcheck != NULL)
              {
                const char *argv[] = { pngcheck, "-q", path, NULL };
                g_autoptr(GError) error = NULL;
                int status;

                g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                                             NULL, NULL, NULL, NULL, &status, &error));
                g_assert_no_error (error);
                g_assert_true (g_spawn_check_wait_status (status, NULL));
              }
          }
        cairo_surface_destroy (one);
      }
  _evb_export_set_png_bands (0);
}

/* A PNG on a background is opaque to its last pixel, whatever the scale:
 * the picture's size is rounded up to whole pixels, and the background
 * used to stop short of the last column and row, leaving them half
 * transparent and the whole file with an alpha channel. */
static void
test_png_opaque_edges (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  g_autofree char *path = g_build_filename (fixture->dir, "edges.png", NULL);
  const double scales[] = { 0.37, 0.5, 1.13 };

  for (guint i = 0; i < G_N_ELEMENTS (scales); i++)
    {
      EvbExportOptions options;
      cairo_surface_t *surface;

      evb_export_options_init (&options);
      options.scale = scales[i];
      options.margin = 40.3;
      surface = export_png (board, path, &options);
      /* cairo reads an RGB file, one without alpha, as RGB24. */
      g_assert_cmpint (cairo_image_surface_get_format (surface), ==, CAIRO_FORMAT_RGB24);
      cairo_surface_destroy (surface);
    }
}

/* Issue 14.12: the suggested scale is one that works, and the largest one
 * with two significant digits that does. */
static double
suggested_scale (const GError *error)
{
  const char *suggestion = strstr (error->message, "--scale ");

  g_assert_nonnull (suggestion);
  return g_ascii_strtod (suggestion + strlen ("--scale "), NULL);
}

static void
assert_png_within_limits (const char *path)
{
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, NULL);

  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), <=, EVB_EXPORT_MAX_PIXELS);
  g_assert_cmpint (gdk_texture_get_height (texture), <=, EVB_EXPORT_MAX_PIXELS);
  g_assert_cmpfloat ((double) gdk_texture_get_width (texture) * gdk_texture_get_height (texture),
                     <=, EVB_EXPORT_MAX_AREA);
}

/* Cards at the model's bounds, ±10,000,000, joined across the board. */
static EvbBoard *
new_board_at_the_bounds (void)
{
  EvbBoard *board = evb_board_new ("At the bounds");

  render_test_add_node (board, "a", EVB_NODE_KIND_CLAIM, EVB_EVIDENCE_TYPE_NONE,
                        "Top left", -1e7, -1e7);
  render_test_add_node (board, "b", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO,
                        "Bottom right", 1e7, 1e7);
  render_test_add_node (board, "c", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_REPORT,
                        "Centre", 0, 0);
  render_test_add_link (board, "l1", "b", "a", EVB_RELATION_REFUTES, EVB_STRENGTH_STRONG, "across");
  render_test_add_link (board, "l2", "c", "a", EVB_RELATION_SUPPORTS, EVB_STRENGTH_WEAK, NULL);
  return board;
}

/* Issue 14.6 and 14.13: every board the model allows exports as SVG and
 * PDF (cairo aborted past 8,388,607 units), and the PDF page stays within
 * the PDF limit of 14,400 points a side, keeping the board's aspect. */
static void
test_board_at_the_bounds (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(EvbBoard) board = new_board_at_the_bounds ();
  g_autofree char *svg = g_build_filename (fixture->dir, "bounds.svg", NULL);
  g_autofree char *pdf = g_build_filename (fixture->dir, "bounds.pdf", NULL);
  g_autofree char *png = g_build_filename (fixture->dir, "bounds.png", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  EvbExportOptions options;
  double w, h, page_w = 0, page_h = 0;
  const char *box;
  gsize length;

  evb_export_options_init (&options);
  g_assert_true (evb_export_to_file (board, svg, EVB_EXPORT_SVG, &options, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (evb_export_to_file (board, pdf, EVB_EXPORT_PDF, &options, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (fixture->dir), ==, 2);

  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  /* A PDF has binary streams: search the bytes, not a string. */
  box = NULL;
  for (gsize i = 0; box == NULL && i + 11 < length; i++)
    if (memcmp (contents + i, "/MediaBox [", 11) == 0)
      box = contents + i;
  g_assert_nonnull (box);
  g_assert_cmpint (sscanf (box, "/MediaBox [ 0 0 %lf %lf ]", &page_w, &page_h), ==, 2);
  g_assert_cmpfloat (page_w, <=, EVB_EXPORT_PDF_MAX_SIZE);
  g_assert_cmpfloat (page_h, <=, EVB_EXPORT_PDF_MAX_SIZE);
  g_assert_cmpfloat (MAX (page_w, page_h), >=, EVB_EXPORT_PDF_MAX_SIZE - 1);
  evb_export_get_size (board, &options, &w, &h);
  g_assert_cmpfloat_with_epsilon (page_w / page_h, w / h, 0.01);

  /* As a PNG it is too large at scale 1; the scale the error suggests works. */
  g_assert_false (evb_export_to_file (board, png, EVB_EXPORT_PNG, &options, NULL, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_LIMIT);
  options.scale = suggested_scale (error);
  g_clear_error (&error);
  g_assert_true (evb_export_to_file (board, png, EVB_EXPORT_PNG, &options, NULL, &error));
  g_assert_no_error (error);
  assert_png_within_limits (png);

  /* And it shows the board: the links across it and the cards, which at
   * this scale are less than a pixel and drawn as dots, not nothing. */
  {
    g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (png, NULL);
    int tw = gdk_texture_get_width (texture), th = gdk_texture_get_height (texture);
    g_autofree guint32 *pixels = g_new (guint32, (gsize) tw * th);
    gsize drawn = 0;

    gdk_texture_download (texture, (guchar *) pixels, (gsize) tw * 4);
    /* Clearly drawn, not a faint trace of anti-aliasing (nor the last
     * row and column, which the background covers only in part). */
    for (gsize i = 0; i < (gsize) tw * th; i++)
      if ((pixels[i] >> 24) == 0xff && (ABS ((int) (pixels[i] & 0xff) - 0xfa) > 60 ||
          ABS ((int) ((pixels[i] >> 8) & 0xff) - 0xfa) > 60 ||
          ABS ((int) ((pixels[i] >> 16) & 0xff) - 0xfa) > 60))
        drawn++;
    g_assert_cmpuint (drawn, >, MAX (tw, th));
  }
}

/* Issue 14.8: a small board with two far cards made a 31,356 × 31,246 PNG
 * (4 GB while drawing). The PNG is capped at EVB_EXPORT_MAX_AREA pixels
 * however they are shaped, and the error names the largest scale that
 * fits: it works, and a tenth more does not. */
static void
test_pixel_area_cap (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Two far cards");
  g_autofree char *png = g_build_filename (fixture->dir, "square.png", NULL);
  g_autoptr(GError) error = NULL;
  EvbExportOptions options;
  double w, h, largest;

  render_test_add_node (board, "a", EVB_NODE_KIND_CLAIM, EVB_EVIDENCE_TYPE_NONE, "A", 0, 0);
  render_test_add_node (board, "b", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_OTHER, "B", 12000, 12000);
  evb_export_options_init (&options);
  evb_export_get_size (board, &options, &w, &h);
  g_assert_cmpfloat (w, <=, EVB_EXPORT_MAX_PIXELS);
  g_assert_cmpfloat (w * h, >, EVB_EXPORT_MAX_AREA);

  g_assert_false (evb_export_to_file (board, png, EVB_EXPORT_PNG, &options, NULL, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_LIMIT);
  g_assert_cmpuint (count_files (fixture->dir), ==, 0);
  largest = suggested_scale (error);
  g_assert_cmpfloat (largest, ==, evb_export_get_largest_png_scale (board, &options));
  g_clear_error (&error);

  options.scale = largest * 1.1;
  g_assert_false (evb_export_to_file (board, png, EVB_EXPORT_PNG, &options, NULL, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_LIMIT);
  g_clear_error (&error);

  options.scale = largest;
  g_assert_true (evb_export_to_file (board, png, EVB_EXPORT_PNG, &options, NULL, &error));
  g_assert_no_error (error);
  assert_png_within_limits (png);
}

/* Issue 14.13: a scale of 1e-300 reached GSK ("Gsk-CRITICAL"). */
static void
test_scale_range (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  g_autofree char *png = g_build_filename (fixture->dir, "tiny.png", NULL);
  const double scales[] = { 1e-300, EVB_EXPORT_MIN_SCALE / 2, -1, 0, EVB_EXPORT_MAX_SCALE * 1.01,
                            INFINITY, NAN };
  EvbExportOptions options;

  evb_export_options_init (&options);
  for (guint i = 0; i < G_N_ELEMENTS (scales); i++)
    {
      g_autoptr(GError) error = NULL;

      options.scale = scales[i];
      g_assert_false (evb_export_to_file (board, png, EVB_EXPORT_PNG, &options, NULL, &error));
      g_assert_error (error, EVB_ERROR, EVB_ERROR_INVALID);
    }
  g_assert_cmpuint (count_files (fixture->dir), ==, 0);

  options.scale = EVB_EXPORT_MIN_SCALE;
  g_assert_true (evb_export_to_file (board, png, EVB_EXPORT_PNG, &options, NULL, NULL));
}

static void
record_progress (double   fraction,
                 gpointer user_data)
{
  GArray *fractions = user_data;

  g_array_append_val (fractions, fraction);
}

/* Issue 14.8: a long export says how far it is. */
static void
test_progress (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  const EvbExportFormat formats[] = { EVB_EXPORT_PNG, EVB_EXPORT_SVG, EVB_EXPORT_PDF };
  const char *names[] = { "progress.png", "progress.svg", "progress.pdf" };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *path = g_build_filename (fixture->dir, names[f], NULL);
      g_autoptr(GError) error = NULL;
      EvbExportOptions options;

      /* Many cards, so that drawing has many steps to report. */
      for (guint i = 0; i < 200 && f == 0; i++)
        {
          g_autofree char *id = g_strdup_printf ("p%u", i);

          if (evb_board_get_node (board, id) == NULL)
            render_test_add_node (board, id, EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_PHOTO,
                                  "Card", 2000 + (i % 20) * 300, (i / 20) * 200);
        }

      evb_export_options_init (&options);
      options.progress = record_progress;
      options.progress_data = fractions;
      g_assert_true (evb_export_to_file (board, path, formats[f], &options, NULL, &error));
      g_assert_no_error (error);

      g_assert_cmpuint (fractions->len, >=, 3);
      g_assert_cmpuint (fractions->len, <=, 101);
      g_assert_cmpfloat (g_array_index (fractions, double, 0), ==, 0);
      g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1);
      for (guint i = 1; i < fractions->len; i++)
        g_assert_cmpfloat (g_array_index (fractions, double, i), >, g_array_index (fractions, double, i - 1));
    }
}

/* The image of a board area drawn at 100 %, on the light background. */
static cairo_surface_t *
draw_area (EvbRenderer           *renderer,
           const graphene_rect_t *viewport,
           const graphene_rect_t *area)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         area->size.width, area->size.height);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_t *cr = cairo_create (surface);

  evb_renderer_snapshot (renderer, snapshot, viewport, 1.0);
  node = gtk_snapshot_free_to_node (snapshot);
  gdk_cairo_set_source_rgba (cr, &evb_palette_get (FALSE)->background);
  cairo_paint (cr);
  cairo_translate (cr, -area->origin.x, -area->origin.y);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static gboolean
same_pixels (cairo_surface_t *a,
             cairo_surface_t *b)
{
  int stride = cairo_image_surface_get_stride (a);
  int height = cairo_image_surface_get_height (a);

  return memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                 (gsize) stride * height) == 0;
}

/* A link's note lies above every line: a line drawn later (lb) used to
 * cross the note of la, which could then no longer be read. */
static void
test_renderer_labels_over_lines (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Labels");
  g_autoptr(EvbRenderer) renderer = NULL;
  const EvbPalette *palette = evb_palette_get (FALSE);
  graphene_rect_t all = GRAPHENE_RECT_INIT (-100, -600, 1300, 1400);
  /* la runs level at y = 65 from x = 240 to 800, its note centred on
   * (520, 65); lb runs down x = 520 from y = -370 to 500, through it. */
  graphene_rect_t note = GRAPHENE_RECT_INIT (510, 58, 20, 14);
  graphene_rect_t tile = GRAPHENE_RECT_INIT (520, 66, 256, 256);
  cairo_surface_t *alone, *crossed, *part;
  int rgba[4];

  render_test_add_node (board, "ea", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO, "Video", 0, 0);
  render_test_add_node (board, "ca", EVB_NODE_KIND_CLAIM, 0, "Attack", 800, -10);
  render_test_add_link (board, "la", "ea", "ca", EVB_RELATION_SUPPORTS, EVB_STRENGTH_MODERATE,
                        "Seen by two witnesses");
  renderer = evb_renderer_new (board);
  alone = draw_area (renderer, &all, &note);

  render_test_add_node (board, "eb", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_RADAR, "Radar", 400, -500);
  render_test_add_node (board, "cb", EVB_NODE_KIND_CLAIM, 0, "Military site", 390, 500);
  render_test_add_link (board, "lb", "eb", "cb", EVB_RELATION_REFUTES, EVB_STRENGTH_STRONG, NULL);

  /* lb is there: a dash of it, well above the note. */
  {
    cairo_surface_t *above = draw_area (renderer, &all, &GRAPHENE_RECT_INIT (518, -360, 5, 1));
    gboolean seen = FALSE;

    for (int x = 0; x < 5; x++)
      {
        get_pixel (above, x, 0, rgba);
        seen |= rgba[3] == 255 && abs (rgba[0] - (int) lround (palette->refutes.red * 255)) <= 2 &&
                abs (rgba[2] - (int) lround (palette->refutes.blue * 255)) <= 2;
      }
    g_assert_true (seen);
    cairo_surface_destroy (above);
  }

  /* The middle of the note is the note's, not lb's: the note's background
   * lets a little of what lies beneath through (8 % in the light palette),
   * the line itself would differ by far more. */
  crossed = draw_area (renderer, &all, &note);
  for (int y = 0; y < note.size.height; y++)
    for (int x = 0; x < note.size.width; x++)
      {
        int want[4];

        get_pixel (alone, x, y, want);
        get_pixel (crossed, x, y, rgba);
        if (abs (want[0] - rgba[0]) > 24 || abs (want[1] - rgba[1]) > 24 ||
            abs (want[2] - rgba[2]) > 24)
          g_error ("lb is drawn over la's note: (%d, %d) is #%02x%02x%02x, not #%02x%02x%02x",
                   510 + x, 58 + y, rgba[0], rgba[1], rgba[2], want[0], want[1], want[2]);
      }

  /* A tile whose corner lies in the note, far from both lines' ends,
   * draws the whole note above lb too, as the tile beside it does. */
  part = draw_area (renderer, &tile, &note);
  g_assert_true (same_pixels (crossed, part));

  cairo_surface_destroy (alone);
  cairo_surface_destroy (crossed);
  cairo_surface_destroy (part);
}

int
main (int   argc,
      char *argv[])
{
  /* Export works without a display and must never need one. */
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/render/export/png-size", test_png_size);
  ADD ("/render/export/colours-light", test_colours_light);
  ADD ("/render/export/colours-dark", test_colours_dark);
  ADD ("/render/export/transparent", test_transparent);
  ADD ("/render/export/empty", test_empty);
  ADD ("/render/export/too-large", test_too_large);
  ADD ("/render/export/unwritable", test_unwritable);
  ADD ("/render/export/svg-parses", test_svg_parses);
  ADD ("/render/export/pdf-text", test_pdf_text);
  ADD ("/render/export/selection", test_selection_export);
  ADD ("/render/export/png-writer", test_png_writer);
  ADD ("/render/export/png-bands", test_png_bands);
  ADD ("/render/export/png-opaque-edges", test_png_opaque_edges);
  ADD ("/render/export/board-at-the-bounds", test_board_at_the_bounds);
  ADD ("/render/export/pixel-area-cap", test_pixel_area_cap);
  ADD ("/render/export/scale-range", test_scale_range);
  ADD ("/render/export/progress", test_progress);
  g_test_add_func ("/render/export/format-from-path", test_format_from_path);
  g_test_add_func ("/render/renderer/states", test_renderer_states);
  g_test_add_func ("/render/renderer/cache", test_renderer_cache);
  g_test_add_func ("/render/renderer/far", test_renderer_far);
  g_test_add_func ("/render/renderer/dimmed", test_renderer_dimmed);
  g_test_add_func ("/render/report/filtered", test_report_filtered);
  g_test_add_func ("/render/renderer/dense", test_renderer_dense);
  g_test_add_func ("/render/renderer/labels-over-lines", test_renderer_labels_over_lines);

  return g_test_run ();
}
