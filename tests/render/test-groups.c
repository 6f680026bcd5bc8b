/* test-groups.c: groups drawn as frames behind their cards, collapsed groups as one card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "evb-editing.h"
#include "evb-renderer-groups.h"
#include "evb-renderer.h"
#include "render-test-board.h"

static GskRenderNode *
snapshot_all (EvbRenderer *renderer,
              double       zoom)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  evb_renderer_snapshot (renderer, snapshot, &GRAPHENE_RECT_INIT (-1000, -1000, 4000, 4000), zoom);
  return gtk_snapshot_free_to_node (snapshot);
}

/* The colour of a render node at a board point, drawn onto transparency,
 * un-premultiplied, 0..255 a channel. */
static void
pixel_at (GskRenderNode *node,
          double         x,
          double         y,
          int            rgba[4])
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  guint32 p;
  int a;

  cairo_translate (cr, -floor (x), -floor (y));
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  p = *(const guint32 *) cairo_image_surface_get_data (surface);
  a = p >> 24;
  rgba[3] = a;
  for (int i = 0; i < 3; i++)
    {
      int c = (p >> (16 - 8 * i)) & 0xff;
      rgba[i] = a > 0 ? (c * 255 + a / 2) / a : 0;
    }
  cairo_surface_destroy (surface);
}

static void
count_cb (EvbRenderer *renderer,
          guint       *count)
{
  (*count)++;
}

static EvbGroup *
group_evidence (EvbBoard *board)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  EvbGroup *group;

  g_ptr_array_add (ids, (gpointer) "e1");
  g_ptr_array_add (ids, (gpointer) "e2");
  g_ptr_array_add (ids, (gpointer) "e3");
  group = evb_editing_group (board, ids, "Evidence", &error);
  g_assert_no_error (error);
  return group;
}

/* The frame's border is drawn left of the cards, where there was nothing,
 * in the border colour; the group's label band is picked. */
static void
test_frame_drawn (void)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  g_autoptr(EvbRenderer) renderer = evb_renderer_new (board);
  g_autoptr(GskRenderNode) before = snapshot_all (renderer, 1.0);
  g_autoptr(GskRenderNode) after = NULL;
  const EvbPalette *palette = evb_renderer_get_palette (renderer);
  graphene_rect_t extents_before, extents_after;
  double x, y, w, h;
  int was[4], now[4];
  guint invalidated = 0;
  EvbGroup *group;

  g_assert_true (evb_renderer_get_extents (renderer, &extents_before));
  g_signal_connect (renderer, "invalidated", G_CALLBACK (count_cb), &invalidated);
  group = group_evidence (board);
  g_assert_cmpuint (invalidated, >, 0);
  after = snapshot_all (renderer, 1.0);

  evb_board_get_group_frame (board, group, &x, &y, &w, &h);
  g_assert_cmpfloat (x, ==, 100 - EVB_GROUP_PADDING);
  pixel_at (before, x + 0.5, y + h / 2, was);
  pixel_at (after, x + 0.5, y + h / 2, now);
  g_assert_cmpint (was[3], <, 64);
  g_assert_cmpint (now[3], >, 100);
  /* Grey: the card border's colour, over nothing. */
  g_assert_cmpint (abs (now[0] - (int) lround (palette->card_border.red * 255)), <=, 8);

  /* Exports make room for the frame and its label. */
  g_assert_true (evb_renderer_get_extents (renderer, &extents_after));
  g_assert_cmpfloat (extents_after.origin.x, <=, x);
  g_assert_cmpfloat (extents_after.origin.y, <=, y);
  g_assert_cmpfloat (extents_after.origin.y, <, extents_before.origin.y);

  g_assert_true (evb_renderer_pick_group (renderer, x + 30, y + 10) == group);
  g_assert_null (evb_renderer_pick_group (renderer, x + 30, y + h / 2));
  /* Far out the frame is still drawn, as an outline. */
  {
    g_autoptr(GskRenderNode) far = snapshot_all (renderer, 0.1);
    g_assert_nonnull (far);
  }
}

/* Collapsed, the cards are neither drawn nor picked, one card stands in
 * their place, and links to them end at it. */
static void
test_collapsed_hides_members (void)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  g_autoptr(EvbRenderer) renderer = evb_renderer_new (board);
  g_autoptr(GskRenderNode) open = NULL;
  g_autoptr(GskRenderNode) closed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  double x, y, w, h, ex, ey, ew, eh;
  int was[4], now[4];
  guint invalidated = 0;
  EvbLink *l1 = evb_board_get_link (board, "l1");
  EvbGroup *group;
  graphene_rect_t collapsed;

  group = group_evidence (board);
  id = g_strdup (evb_group_get_id (group));
  open = snapshot_all (renderer, 1.0);
  evb_node_get_bounds (evb_board_get_node (board, "e3"), &ex, &ey, &ew, &eh);
  g_assert_true (evb_renderer_pick_node (renderer, ex + ew / 2, ey + eh / 2) ==
                 evb_board_get_node (board, "e3"));

  g_signal_connect (renderer, "invalidated", G_CALLBACK (count_cb), &invalidated);
  g_assert_true (evb_editing_set_group_collapsed (board, id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (invalidated, >, 0);
  closed = snapshot_all (renderer, 1.0);

  /* e3 lies below the collapsed card: its place is empty now. */
  evb_board_get_group_frame (board, group, &x, &y, &w, &h);
  g_assert_cmpfloat (y + h, <, ey);
  pixel_at (open, ex + ew / 2, ey + eh / 2, was);
  pixel_at (closed, ex + ew / 2, ey + eh / 2, now);
  g_assert_cmpint (was[3], ==, 255);
  g_assert_cmpint (now[3], <, 64);
  g_assert_null (evb_renderer_pick_node (renderer, ex + ew / 2, ey + eh / 2));

  /* The collapsed card is opaque and picked as the group. */
  pixel_at (closed, x + w / 2, y + h / 2, now);
  g_assert_cmpint (now[3], ==, 255);
  g_assert_true (evb_renderer_pick_group (renderer, x + w / 2, y + h / 2) == group);

  /* l1 runs from e1 (inside) to c1: it starts at the collapsed card now. */
  {
    graphene_rect_t area;
    g_autoptr(GPtrArray) near = NULL;

    collapsed = GRAPHENE_RECT_INIT (x, y, w, h);
    graphene_rect_inset_r (&collapsed, -2, -2, &area);
    area.origin.x = x + w - 2;
    area.size.width = 6;
    near = evb_renderer_query_links (renderer, &area);
    g_assert_true (g_ptr_array_find (near, l1, NULL));
  }

  /* Expanding brings the cards back. */
  g_assert_true (evb_board_undo (board, &error));
  g_assert_true (evb_renderer_pick_node (renderer, ex + ew / 2, ey + eh / 2) ==
                 evb_board_get_node (board, "e3"));
}

/* Whatever colour a person picks, the frame's border stands out from the
 * background at 3:1 in every palette. */
static void
test_border_contrast (void)
{
  const char *colors[] = { NULL, "#f6d32d", "#ffffff", "#000000", "#3584e4", "#e01b24",
                           "#33d17a", "#9141ac", "#fafafa", "#242424" };

  for (int dark = 0; dark <= 1; dark++)
    for (int high = 0; high <= 1; high++)
      {
        const EvbPalette *palette = evb_palette_get_for_style (dark, high);

        for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
          {
            GdkRGBA border;
            double ratio;

            _evb_renderer_groups_border_color (palette, colors[i], &border);
            ratio = evb_palette_contrast_ratio (&border, &palette->background);
            if (ratio < 3.0)
              g_error ("%s%s: the frame of a %s group is %.2f:1", dark ? "dark" : "light",
                       high ? " high contrast" : "", colors[i] ? colors[i] : "plain", ratio);
          }
      }
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/groups/frame", test_frame_drawn);
  g_test_add_func ("/render/groups/collapsed", test_collapsed_hides_members);
  g_test_add_func ("/render/groups/border-contrast", test_border_contrast);

  return g_test_run ();
}
