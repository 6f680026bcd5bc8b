/* test-spatial-index.c: culling and picking against brute force
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "evb-renderer.h"
#include "evb-spatial-index.h"
#include "render-test-board.h"

static gboolean
touches (const graphene_rect_t *a,
         const graphene_rect_t *b)
{
  return a->origin.x <= b->origin.x + b->size.width &&
         b->origin.x <= a->origin.x + a->size.width &&
         a->origin.y <= b->origin.y + b->size.height &&
         b->origin.y <= a->origin.y + a->size.height;
}

static graphene_rect_t
random_rect (GRand  *rand,
             double  extent,
             double  max_size)
{
  return GRAPHENE_RECT_INIT (g_rand_double_range (rand, -extent, extent),
                             g_rand_double_range (rand, -extent, extent),
                             g_rand_double_range (rand, 0, max_size),
                             g_rand_double_range (rand, 0, max_size));
}

static int
compare_pointers (gconstpointer a,
                  gconstpointer b)
{
  gconstpointer pa = *(gconstpointer *) a, pb = *(gconstpointer *) b;

  return pa < pb ? -1 : pa > pb;
}

static void
assert_same_set (GPtrArray *found,
                 GPtrArray *expected)
{
  g_ptr_array_sort (found, compare_pointers);
  g_ptr_array_sort (expected, compare_pointers);
  g_assert_cmpuint (found->len, ==, expected->len);
  for (guint i = 0; i < found->len; i++)
    g_assert_true (g_ptr_array_index (found, i) == g_ptr_array_index (expected, i));
}

/* The bare index: random items, moves and removals, random queries. */
static void
test_index_random (void)
{
  for (guint32 seed = 1; seed <= 5; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(EvbSpatialIndex) index = evb_spatial_index_new (seed * 100.0);
      guint n = 300;
      graphene_rect_t *rects = g_new0 (graphene_rect_t, n);
      gboolean *present = g_new0 (gboolean, n);

      for (guint i = 0; i < n; i++)
        {
          rects[i] = random_rect (rand, 3000, i % 10 == 0 ? 1500 : 300);
          present[i] = TRUE;
          evb_spatial_index_set (index, &rects[i], &rects[i]);
        }
      for (guint i = 0; i < n / 3; i++)
        {
          guint k = g_rand_int_range (rand, 0, n);

          if (g_rand_boolean (rand))
            {
              rects[k] = random_rect (rand, 3000, 300);
              evb_spatial_index_set (index, &rects[k], &rects[k]);
              present[k] = TRUE;
            }
          else
            {
              evb_spatial_index_remove (index, &rects[k]);
              present[k] = FALSE;
            }
        }

      for (guint q = 0; q < 200; q++)
        {
          graphene_rect_t query = random_rect (rand, 3500, q % 20 == 0 ? 8000 : 900);
          g_autoptr(GPtrArray) found = evb_spatial_index_query (index, &query);
          g_autoptr(GPtrArray) expected = g_ptr_array_new ();

          for (guint i = 0; i < n; i++)
            if (present[i] && touches (&rects[i], &query))
              g_ptr_array_add (expected, &rects[i]);
          assert_same_set (found, expected);
        }

      g_free (rects);
      g_free (present);
    }
}

static graphene_rect_t
bounds_of (EvbNode *node)
{
  double x, y, w, h;

  evb_node_get_bounds (node, &x, &y, &w, &h);
  return GRAPHENE_RECT_INIT (x, y, w, h);
}

/* The renderer follows the board's signals: culling equals brute force after adds, moves and removals. */
static void
test_renderer_culling (void)
{
  for (guint32 seed = 11; seed <= 14; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(EvbBoard) board = evb_board_new ("Random");
      g_autoptr(EvbRenderer) renderer = evb_renderer_new (board);
      guint n = 400;

      /* Half the nodes exist before the renderer sees them, half after. */
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *id = g_strdup_printf ("n%u", i);

          render_test_add_node (board, id, i % 4 == 0 ? EVB_NODE_KIND_CLAIM : EVB_NODE_KIND_EVIDENCE,
                                EVB_EVIDENCE_TYPE_PHOTO, id,
                                g_rand_double_range (rand, -5000, 5000),
                                g_rand_double_range (rand, -5000, 5000));
        }
      for (guint i = 0; i < 60; i++)
        {
          g_autofree char *id = g_strdup_printf ("n%u", g_rand_int_range (rand, 0, n));
          g_autoptr(GError) error = NULL;

          if (evb_board_get_node (board, id) == NULL)
            continue;
          if (i % 3 == 0)
            evb_board_remove_node (board, id, &error);
          else
            evb_board_move_node (board, id, g_rand_double_range (rand, -5000, 5000),
                                 g_rand_double_range (rand, -5000, 5000), &error);
          g_assert_no_error (error);
        }

      for (guint q = 0; q < 150; q++)
        {
          graphene_rect_t query = random_rect (rand, 5500, q % 10 == 0 ? 12000 : 1500);
          g_autoptr(GPtrArray) found = evb_renderer_query_nodes (renderer, &query);
          g_autoptr(GPtrArray) expected = g_ptr_array_new ();
          GPtrArray *nodes = evb_board_get_nodes (board);
          guint last = 0;

          /* Drawing order first, then the set. */
          for (guint i = 0; i < found->len; i++)
            {
              guint index;

              g_assert_true (g_ptr_array_find (nodes, g_ptr_array_index (found, i), &index));
              if (i > 0)
                g_assert_cmpuint (index, >, last);
              last = index;
            }
          for (guint i = 0; i < nodes->len; i++)
            {
              graphene_rect_t r = bounds_of (g_ptr_array_index (nodes, i));

              if (touches (&r, &query))
                g_ptr_array_add (expected, g_ptr_array_index (nodes, i));
            }
          assert_same_set (found, expected);
        }
    }
}

static void
test_pick_topmost (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Pick");
  g_autoptr(EvbRenderer) renderer = evb_renderer_new (board);
  EvbNode *below, *above, *picked;
  EvbLink *link;

  below = render_test_add_node (board, "below", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_PHOTO, "Below", 0, 0);
  above = render_test_add_node (board, "above", EVB_NODE_KIND_CLAIM, EVB_EVIDENCE_TYPE_NONE, "Above", 100, 50);
  render_test_add_node (board, "far", EVB_NODE_KIND_CLAIM, EVB_EVIDENCE_TYPE_NONE, "Far", 1000, 50);

  /* Only the lower card here, both here, nothing here. */
  g_assert_true (evb_renderer_pick_node (renderer, 10, 10) == below);
  g_assert_true (evb_renderer_pick_node (renderer, 150, 100) == above);
  g_assert_null (evb_renderer_pick_node (renderer, 700, 500));

  /* Moving the lower card above the other changes nothing about order;
   * removing the upper one reveals the lower. */
  g_assert_true (evb_board_move_node (board, "below", 10, 10, NULL));
  picked = evb_renderer_pick_node (renderer, 150, 100);
  g_assert_true (picked == above);
  g_assert_true (evb_board_remove_node (board, "above", NULL));
  g_assert_true (evb_renderer_pick_node (renderer, 150, 100) == below);

  /* The link from below (10..250, 10..140) to far (1000..1260, 50..200) runs
   * between the cards; a point on its middle picks it. */
  link = render_test_add_link (board, "l", "below", "far", EVB_RELATION_SUPPORTS, EVB_STRENGTH_MODERATE, NULL);
  {
    double x0, y0, x1, y1;

    evb_renderer_get_border_point (renderer, evb_board_get_node (board, "below"), 1130, 125, &x0, &y0);
    evb_renderer_get_border_point (renderer, evb_board_get_node (board, "far"), 130, 75, &x1, &y1);
    g_assert_cmpfloat_with_epsilon (x0, 250, 1e-6);
    g_assert_cmpfloat_with_epsilon (x1, 1000, 1e-6);
    g_assert_true (evb_renderer_pick_link (renderer, (x0 + x1) / 2, (y0 + y1) / 2 + 2, 4) == link);
    g_assert_null (evb_renderer_pick_link (renderer, (x0 + x1) / 2, (y0 + y1) / 2 + 40, 4));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/index/random", test_index_random);
  g_test_add_func ("/render/index/renderer-culling", test_renderer_culling);
  g_test_add_func ("/render/index/pick-topmost", test_pick_topmost);

  return g_test_run ();
}
