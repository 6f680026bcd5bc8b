/* test-attachments.c: attachment flags and thumbnails on evidence cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>

#include "evb-export.h"
#include "evb-palette.h"
#include "evb-renderer.h"
#include "render-test-board.h"

#define SHA_PHOTO "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define SHA_OTHER "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

/* Evidence "e1" with an attachment at (0, 0), 240 × 130, and "e2" with
 * another one beside it. */
static EvbBoard *
attachment_board_new (void)
{
  EvbBoard *board = evb_board_new ("Attachments");
  const char *ids[] = { "e1", "e2" };
  const char *hashes[] = { SHA_PHOTO, SHA_OTHER };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(EvbNodeData) data = NULL;
      g_autoptr(GError) error = NULL;

      render_test_add_node (board, ids[i], EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_PHOTO,
                            "Wreckage photographed at dawn", 300 * i, 0);
      data = evb_node_dup_data (evb_board_get_node (board, ids[i]));
      evb_node_data_set_string (&data->attachment_uri, "file:///nonexistent/evb/wreckage.jpg");
      evb_node_data_set_string (&data->attachment_sha256, hashes[i]);
      data->attachment_size = 4096;
      evb_node_data_set_string (&data->occurred, "2025-12-30");
      evb_node_data_set_string (&data->source, "Field team");
      g_assert_true (evb_board_update_node (board, data, &error));
      g_assert_no_error (error);
    }
  return board;
}

/* The card of e1 (and a margin around it) as pixels at 100 %. */
static cairo_surface_t *
draw_card (EvbRenderer *renderer,
           double       zoom)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 260, 150);
  cairo_t *cr;

  evb_renderer_snapshot (renderer, snapshot, &GRAPHENE_RECT_INIT (-10, -10, 260, 150), zoom);
  node = gtk_snapshot_free_to_node (snapshot);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_translate (cr, 10, 10);
  if (node != NULL)
    gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static char *
surface_checksum (cairo_surface_t *surface)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, cairo_image_surface_get_data (surface),
                                      cairo_image_surface_get_stride (surface) *
                                      cairo_image_surface_get_height (surface));
}

static char *
card_checksum (EvbRenderer *renderer)
{
  cairo_surface_t *surface = draw_card (renderer, 1.0);
  char *checksum = surface_checksum (surface);

  cairo_surface_destroy (surface);
  return checksum;
}

/* The colour at a board point of draw_card's surface, opaque there. */
static void
get_pixel (cairo_surface_t *surface,
           double           board_x,
           double           board_y,
           int              rgb[3])
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 p = *(const guint32 *) (data + (int) (board_y + 10) * stride + (int) (board_x + 10) * 4);

  rgb[0] = (p >> 16) & 0xff;
  rgb[1] = (p >> 8) & 0xff;
  rgb[2] = p & 0xff;
}

static gboolean
pixel_near (cairo_surface_t *surface,
            double           x,
            double           y,
            const GdkRGBA   *color,
            int              tolerance)
{
  int rgb[3];

  get_pixel (surface, x, y, rgb);
  g_test_message ("(%g, %g) is #%02x%02x%02x", x, y, rgb[0], rgb[1], rgb[2]);
  return abs (rgb[0] - (int) lround (color->red * 255)) <= tolerance &&
         abs (rgb[1] - (int) lround (color->green * 255)) <= tolerance &&
         abs (rgb[2] - (int) lround (color->blue * 255)) <= tolerance;
}

static void
count_cb (guint *count)
{
  (*count)++;
}

/* A state of the renderer's own, as each open board has one. */
static EvbAttachmentState *
state_for (EvbRenderer *renderer)
{
  EvbAttachmentState *state = evb_attachment_state_new (evb_renderer_get_board (renderer));

  evb_renderer_set_attachment_state (renderer, state);
  return state;
}

/* Each status that needs attention looks different from the others and
 * from the plain paperclip; OK and unknown look alike. */
static void
test_status (void)
{
  g_autoptr(EvbBoard) board = attachment_board_new ();
  g_autoptr(EvbRenderer) renderer = evb_renderer_new (board);
  g_autoptr(EvbAttachmentState) state = state_for (renderer);
  g_autofree char *unknown = card_checksum (renderer);
  g_autofree char *ok = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *unreadable = NULL;
  g_autofree char *forgotten = NULL;
  guint invalidated = 0;

  g_signal_connect_swapped (renderer, "invalidated", G_CALLBACK (count_cb), &invalidated);

  g_assert_cmpint (evb_attachment_state_get_status (state, "e1"), ==, EVB_ATTACHMENT_NONE);
  evb_attachment_state_set_status (state, "e1", EVB_ATTACHMENT_OK);
  g_assert_cmpuint (invalidated, ==, 1);
  ok = card_checksum (renderer);
  g_assert_cmpstr (ok, ==, unknown);

  evb_attachment_state_set_status (state, "e1", EVB_ATTACHMENT_MISSING);
  g_assert_cmpint (evb_attachment_state_get_status (state, "e1"), ==,
                   EVB_ATTACHMENT_MISSING);
  missing = card_checksum (renderer);
  /* The same again: nothing to redraw. */
  evb_attachment_state_set_status (state, "e1", EVB_ATTACHMENT_MISSING);
  g_assert_cmpuint (invalidated, ==, 2);
  evb_attachment_state_set_status (state, "e1", EVB_ATTACHMENT_CHANGED);
  changed = card_checksum (renderer);
  evb_attachment_state_set_status (state, "e1", EVB_ATTACHMENT_UNREADABLE);
  unreadable = card_checksum (renderer);

  g_assert_cmpstr (missing, !=, unknown);
  g_assert_cmpstr (changed, !=, unknown);
  g_assert_cmpstr (unreadable, !=, unknown);
  g_assert_cmpstr (missing, !=, changed);
  g_assert_cmpstr (missing, !=, unreadable);
  g_assert_cmpstr (changed, !=, unreadable);

  /* The flag and the border in the palette's colour, light and dark: the
   * right end of the flag sits in the footer, at the card's right padding. */
  for (int dark = 0; dark <= 1; dark++)
    {
      const EvbPalette *palette = evb_palette_get (dark);
      cairo_surface_t *surface;

      evb_renderer_set_dark (renderer, dark);
      surface = draw_card (renderer, 1.0);
      g_assert_true (pixel_near (surface, 240 - 12 - 3, 130 - 9 - 9, &palette->broken, 8));
      g_assert_true (pixel_near (surface, 0.5, 65, &palette->broken, 40));
      cairo_surface_destroy (surface);
    }
  evb_renderer_set_dark (renderer, FALSE);

  /* Another file attached: what was found about the old one no longer holds. */
  {
    g_autoptr(EvbNodeData) data = evb_node_dup_data (evb_board_get_node (board, "e1"));
    g_autoptr(GError) error = NULL;

    evb_node_data_set_string (&data->attachment_sha256, SHA_OTHER);
    g_assert_true (evb_board_update_node (board, data, &error));
    g_assert_no_error (error);
    g_assert_cmpint (evb_attachment_state_get_status (state, "e1"), ==,
                     EVB_ATTACHMENT_NONE);
    evb_node_data_set_string (&data->attachment_sha256, SHA_PHOTO);
    g_assert_true (evb_board_update_node (board, data, &error));
    g_assert_cmpint (evb_attachment_state_get_status (state, "e1"), ==,
                     EVB_ATTACHMENT_UNREADABLE);
  }

  /* NONE forgets. */
  evb_attachment_state_set_status (state, "e1", EVB_ATTACHMENT_NONE);
  forgotten = card_checksum (renderer);
  g_assert_cmpstr (forgotten, ==, unknown);

  /* An id not on the board is kept for later and harms nothing. */
  evb_attachment_state_set_status (state, "nowhere", EVB_ATTACHMENT_MISSING);
  g_assert_cmpint (evb_attachment_state_get_status (state, "nowhere"), ==,
                   EVB_ATTACHMENT_NONE);
}

/* A broken attachment shows from afar too, as an outline. */
static void
test_status_far (void)
{
  g_autoptr(EvbBoard) board = attachment_board_new ();
  g_autoptr(EvbRenderer) renderer = evb_renderer_new (board);
  g_autoptr(EvbAttachmentState) state = state_for (renderer);
  const EvbPalette *palette = evb_palette_get (FALSE);
  cairo_surface_t *before = draw_card (renderer, 0.2);
  cairo_surface_t *after = NULL;

  g_assert_false (pixel_near (before, 2, 65, &palette->broken, 40));
  evb_attachment_state_set_status (state, "e1", EVB_ATTACHMENT_CHANGED);
  after = draw_card (renderer, 0.2);
  g_assert_true (pixel_near (after, 2, 65, &palette->broken, 40));
  cairo_surface_destroy (before);
  cairo_surface_destroy (after);
}

static GdkTexture *
solid_texture (guint8 r,
               guint8 g,
               guint8 b,
               int    width,
               int    height)
{
  g_autoptr(GBytes) bytes = NULL;
  guint8 *pixels = g_malloc (width * height * 3);

  for (int i = 0; i < width * height; i++)
    {
      pixels[3 * i] = r;
      pixels[3 * i + 1] = g;
      pixels[3 * i + 2] = b;
    }
  bytes = g_bytes_new_take (pixels, width * height * 3);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8, bytes, width * 3);
}

static guint
count_texture_nodes (GskRenderNode *node)
{
  guint n = 0;

  if (node == NULL)
    return 0;
  switch ((int) gsk_render_node_get_node_type (node))
    {
    case GSK_TEXTURE_NODE:
      return 1;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        n += count_texture_nodes (gsk_container_node_get_child (node, i));
      return n;
    case GSK_TRANSFORM_NODE:
      return count_texture_nodes (gsk_transform_node_get_child (node));
    case GSK_CLIP_NODE:
      return count_texture_nodes (gsk_clip_node_get_child (node));
    case GSK_ROUNDED_CLIP_NODE:
      return count_texture_nodes (gsk_rounded_clip_node_get_child (node));
    default:
      return 0;
    }
}

static guint
textures_drawn (EvbRenderer *renderer,
                double       zoom)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  evb_renderer_snapshot (renderer, snapshot, &GRAPHENE_RECT_INIT (-100, -100, 1000, 400), zoom);
  node = gtk_snapshot_free_to_node (snapshot);
  return count_texture_nodes (node);
}

static void
test_thumbnail (void)
{
  g_autoptr(EvbBoard) board = attachment_board_new ();
  g_autoptr(EvbRenderer) renderer = evb_renderer_new (board);
  g_autoptr(EvbAttachmentState) state = state_for (renderer);
  g_autoptr(GdkTexture) magenta = solid_texture (0xff, 0x00, 0xff, 32, 20);
  GdkRGBA want = { 1, 0, 1, 1 };
  g_autofree char *plain = card_checksum (renderer);
  g_autofree char *with = NULL;
  g_autofree char *without = NULL;
  cairo_surface_t *surface;
  guint invalidated = 0;
  /* The thumbnail's square sits right of the text, below the header. */
  double tx = 240 - 12 - 20, ty = 26 + 7 + 20;

  g_assert_cmpuint (textures_drawn (renderer, 1.0), ==, 0);
  g_signal_connect_swapped (renderer, "invalidated", G_CALLBACK (count_cb), &invalidated);
  evb_attachment_state_set_thumbnail (state, SHA_PHOTO, magenta);
  g_assert_cmpuint (invalidated, ==, 1);
  /* Only e1 has that hash. */
  g_assert_cmpuint (textures_drawn (renderer, 1.0), ==, 1);
  with = card_checksum (renderer);
  g_assert_cmpstr (with, !=, plain);
  surface = draw_card (renderer, 1.0);
  g_assert_true (pixel_near (surface, tx, ty, &want, 2));
  /* The text keeps its side: the title starts at the left as before. */
  g_assert_false (pixel_near (surface, 40, ty, &want, 60));
  cairo_surface_destroy (surface);

  /* Far out, cards are plain shapes: no pictures to decode or scale. */
  g_assert_cmpuint (textures_drawn (renderer, 0.2), ==, 0);

  /* A second item with the same file shows it too. */
  {
    g_autoptr(EvbNodeData) data = evb_node_dup_data (evb_board_get_node (board, "e2"));
    g_autoptr(GError) error = NULL;

    evb_node_data_set_string (&data->attachment_sha256, SHA_PHOTO);
    g_assert_true (evb_board_update_node (board, data, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (textures_drawn (renderer, 1.0), ==, 2);
  }

  evb_attachment_state_set_thumbnail (state, SHA_PHOTO, NULL);
  g_assert_cmpuint (textures_drawn (renderer, 1.0), ==, 0);
  without = card_checksum (renderer);
  g_assert_cmpstr (without, ==, plain);

  /* A flag and a thumbnail together. */
  evb_attachment_state_set_thumbnail (state, SHA_PHOTO, magenta);
  evb_attachment_state_set_status (state, "e1", EVB_ATTACHMENT_CHANGED);
  surface = draw_card (renderer, 1.0);
  g_assert_true (pixel_near (surface, tx, ty, &want, 2));
  g_assert_true (pixel_near (surface, 240 - 12 - 3, 130 - 9 - 9,
                             &evb_palette_get (FALSE)->broken, 8));
  cairo_surface_destroy (surface);
}

/* Export takes both through its options, as the CLI does from a board file. */
static void
test_export (void)
{
  g_autoptr(EvbBoard) board = attachment_board_new ();
  g_autoptr(GdkTexture) magenta = solid_texture (0xff, 0x00, 0xff, 32, 20);
  g_autoptr(EvbAttachmentState) state = evb_attachment_state_new (board);
  g_autoptr(EvbAttachmentState) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("evb-attachments-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "board.png", NULL);
  const EvbPalette *palette = evb_palette_get (FALSE);
  GdkRGBA want = { 1, 0, 1, 1 };
  EvbExportOptions options;
  cairo_surface_t *surface;
  /* Exports start the board at margin + 8 (room for shadows). */
  double ox = 40 + 8, oy = 40 + 8;

  evb_attachment_state_set_thumbnail (state, SHA_PHOTO, magenta);
  evb_attachment_state_set_status (state, "e2", EVB_ATTACHMENT_MISSING);
  evb_export_options_init (&options);
  g_assert_null (options.attachments);
  /* What an export thread gets: a snapshot without a board. */
  snapshot = evb_attachment_state_copy (state, NULL);
  evb_attachment_state_set_status (state, "e2", EVB_ATTACHMENT_NONE);
  options.attachments = snapshot;
  g_assert_true (evb_export_to_file (board, path, EVB_EXPORT_PNG, &options, NULL, &error));
  g_assert_no_error (error);

  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  /* pixel_near reads at board coordinates + 10. */
  g_assert_true (pixel_near (surface, ox - 10 + 240 - 12 - 20, oy - 10 + 26 + 7 + 20, &want, 2));
  g_assert_true (pixel_near (surface, ox - 10 + 300 + 240 - 12 - 3, oy - 10 + 130 - 9 - 9,
                             &palette->broken, 8));
  cairo_surface_destroy (surface);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* Like export: no display. */
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/attachments/status", test_status);
  g_test_add_func ("/render/attachments/status-far", test_status_far);
  g_test_add_func ("/render/attachments/thumbnail", test_thumbnail);
  g_test_add_func ("/render/attachments/export", test_export);

  return g_test_run ();
}
