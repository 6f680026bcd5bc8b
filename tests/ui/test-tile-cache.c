/* test-tile-cache.c: the canvas's tiles, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * At rest the tiles must hold exactly what a direct drawing of the view
 * holds, and an edit must draw again only the tiles it touches, and every
 * one of them (a tile left stale fails the exactness check after it).
 */

#include "config.h"

#include <math.h>

#include <gtk/gtk.h>

#include "evb-editing.h"
#include "evb-renderer.h"
#include "evb-tile-cache.h"
#include "evb-viewport.h"
#include "render-test-board.h"

#define WIDTH  900
#define HEIGHT 700
/* Anti-aliased edges may differ by rounding in the last bits of a
 * coordinate: by at most TOLERANCE in a colour channel, or, at a few
 * pixels of a slanted line (cairo replays a line's recording through a
 * clone the size of what it draws on), by at most EDGE_TOLERANCE at
 * MAX_EDGE_VALUES channel values. A stale tile or a cut shadow differs by
 * far more, at hundreds. */
#define TOLERANCE 3
#define EDGE_TOLERANCE 16
#define MAX_EDGE_VALUES 16

typedef struct
{
  EvbBoard     *board;
  EvbRenderer  *renderer;
  EvbTileCache *tiles;
  EvbViewport  *viewport;
} Fixture;

/* A grid of cards, each evidence card supporting the claim to its right. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->board = evb_board_new ("Tiles");
  for (int row = 0; row < 6; row++)
    for (int column = 0; column < 8; column++)
      {
        g_autofree char *id = g_strdup_printf ("n%d-%d", column, row);
        g_autofree char *title = g_strdup_printf ("Card %d %d", column, row);

        render_test_add_node (fixture->board, id, column % 2 ? EVB_NODE_KIND_CLAIM : EVB_NODE_KIND_EVIDENCE,
                              EVB_EVIDENCE_TYPE_VIDEO, title, column * 330.0, row * 210.0);
        if (column % 2 == 1)
          {
            g_autofree char *link = g_strdup_printf ("l%d-%d", column, row);
            g_autofree char *from = g_strdup_printf ("n%d-%d", column - 1, row);

            render_test_add_link (fixture->board, link, from, id, EVB_RELATION_SUPPORTS,
                                  EVB_STRENGTH_STRONG, row % 2 ? "A note" : NULL);
          }
      }
  fixture->renderer = evb_renderer_new (fixture->board);
  fixture->tiles = evb_tile_cache_new (fixture->renderer);
  fixture->viewport = evb_viewport_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->tiles);
  g_assert_finalize_object (fixture->renderer);
  g_assert_finalize_object (fixture->board);
  g_assert_finalize_object (fixture->viewport);
}

static cairo_surface_t *
draw_node (GskRenderNode *node)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* The view at rest from the tiles, drawn as GTK's cairo renderer draws it. */
static cairo_surface_t *
draw_tiles (Fixture *fixture)
{
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  gboolean complete;

  /* Each call draws at least one missing tile. */
  do
    {
      g_clear_pointer (&node, gsk_render_node_unref);
      snapshot = gtk_snapshot_new ();
      complete = evb_tile_cache_snapshot (fixture->tiles, snapshot, fixture->viewport, WIDTH, HEIGHT,
                                          1, TRUE, 0);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  while (!complete);
  return draw_node (node);
}

static cairo_surface_t *draw_direct_with (Fixture     *fixture,
                                          EvbRenderer *renderer);

/* The view drawn directly, as the canvas draws it without tiles. */
static cairo_surface_t *
draw_direct (Fixture *fixture)
{
  return draw_direct_with (fixture, fixture->renderer);
}

static cairo_surface_t *
draw_direct_with (Fixture     *fixture,
                  EvbRenderer *renderer)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  double zoom = evb_viewport_get_zoom (fixture->viewport);
  graphene_rect_t view = GRAPHENE_RECT_INIT (evb_viewport_get_origin_x (fixture->viewport),
                                             evb_viewport_get_origin_y (fixture->viewport),
                                             WIDTH / zoom, HEIGHT / zoom);

  gtk_snapshot_append_color (snapshot, &evb_renderer_get_palette (renderer)->background,
                             &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_scale (snapshot, zoom, zoom);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-view.origin.x, -view.origin.y));
  evb_renderer_snapshot (renderer, snapshot, &view, zoom);
  gtk_snapshot_restore (snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  return draw_node (node);
}

static void
assert_tiles_exact (Fixture *fixture)
{
  cairo_surface_t *tiles = draw_tiles (fixture);
  cairo_surface_t *direct = draw_direct (fixture);
  const guint8 *a = cairo_image_surface_get_data (tiles);
  const guint8 *b = cairo_image_surface_get_data (direct);
  int stride = cairo_image_surface_get_stride (tiles);
  int worst = 0, n_off = 0, n_ink = 0;

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH * 4; x++)
      {
        int d = abs (a[y * stride + x] - b[y * stride + x]);

        worst = MAX (worst, d);
        n_off += d > TOLERANCE;
        n_ink += b[y * stride + x] != b[x % 4];
      }
  g_test_message ("zoom %.3f: worst difference %d, %d values beyond %d",
                  evb_viewport_get_zoom (fixture->viewport), worst, n_off, TOLERANCE);
  if (n_off > 0 && g_getenv ("EVB_TEST_SAVE") != NULL)
    {
      cairo_surface_write_to_png (tiles, "tiles.png");
      cairo_surface_write_to_png (direct, "direct.png");
    }
  /* The view is not empty: the comparison means something. */
  g_assert_cmpint (n_ink, >, WIDTH * HEIGHT / 50);
  g_assert_cmpint (worst, <=, EDGE_TOLERANCE);
  g_assert_cmpint (n_off, <=, MAX_EDGE_VALUES);
  cairo_surface_destroy (tiles);
  cairo_surface_destroy (direct);
}

/* At rest, at zooms with cards in detail, in plain shapes and magnified,
 * from views that do not fall on whole pixels, the tiles are the drawing. */
static void
test_exact (Fixture       *fixture,
            gconstpointer  data)
{
  static const double zooms[] = { 0.83, 1.7, 0.2 };
  EvbSelection *selection = evb_selection_new (fixture->board);

  evb_renderer_set_selection (fixture->renderer, selection);
  evb_selection_select (selection, "n3-2", FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    {
      evb_viewport_set (fixture->viewport, 140.37, 95.71, zooms[i]);
      assert_tiles_exact (fixture);
    }
  evb_renderer_set_selection (fixture->renderer, NULL);
  g_assert_finalize_object (selection);
}

/* Moving a card draws again the tiles under where it was and where it is
 * and under its link, nothing else; the result is still exact. */
static void
test_invalidation (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  EvbSelection *selection = evb_selection_new (fixture->board);
  guint n_view, before;

  evb_renderer_set_selection (fixture->renderer, selection);
  evb_viewport_set (fixture->viewport, -30.25, -40.5, 1.0);
  assert_tiles_exact (fixture);
  n_view = evb_tile_cache_get_n_drawn (fixture->tiles);
  /* 900 × 700 pixels on a phase: 4 or 5 columns, 3 or 4 rows; and the
   * coarse level's few tiles at half the zoom. */
  g_test_message ("the view took %u tiles", n_view);
  g_assert_cmpuint (n_view, >=, 12);
  g_assert_cmpuint (n_view, <=, 20 + 9);

  /* Nothing changed: nothing is drawn. */
  assert_tiles_exact (fixture);
  g_assert_cmpuint (evb_tile_cache_get_n_drawn (fixture->tiles), ==, n_view);

  /* A card near the top left moves a little: a few tiles. */
  before = evb_tile_cache_get_n_drawn (fixture->tiles);
  g_assert_true (evb_board_move_node (fixture->board, "n1-0", 360, 30, &error));
  g_assert_no_error (error);
  assert_tiles_exact (fixture);
  g_test_message ("a move drew %u of %u tiles", evb_tile_cache_get_n_drawn (fixture->tiles) - before, n_view);
  g_assert_cmpuint (evb_tile_cache_get_n_drawn (fixture->tiles) - before, >=, 1);
  g_assert_cmpuint (evb_tile_cache_get_n_drawn (fixture->tiles) - before, <, n_view / 2);

  /* Selecting a card rings it: its tiles only. */
  before = evb_tile_cache_get_n_drawn (fixture->tiles);
  evb_selection_select (selection, "n2-2", FALSE);
  assert_tiles_exact (fixture);
  g_test_message ("a selection drew %u of %u tiles", evb_tile_cache_get_n_drawn (fixture->tiles) - before, n_view);
  g_assert_cmpuint (evb_tile_cache_get_n_drawn (fixture->tiles) - before, >=, 1);
  g_assert_cmpuint (evb_tile_cache_get_n_drawn (fixture->tiles) - before, <, n_view / 4);

  /* Hovering another, then none. */
  before = evb_tile_cache_get_n_drawn (fixture->tiles);
  evb_renderer_set_hovered (fixture->renderer, "n0-1");
  assert_tiles_exact (fixture);
  g_assert_cmpuint (evb_tile_cache_get_n_drawn (fixture->tiles) - before, <, n_view / 2);
  before = evb_tile_cache_get_n_drawn (fixture->tiles);
  evb_renderer_set_hovered (fixture->renderer, NULL);
  assert_tiles_exact (fixture);
  g_assert_cmpuint (evb_tile_cache_get_n_drawn (fixture->tiles) - before, <, n_view / 2);

  /* A global change (here the palette) draws every tile again. */
  before = evb_tile_cache_get_n_drawn (fixture->tiles);
  evb_renderer_set_dark (fixture->renderer, TRUE);
  assert_tiles_exact (fixture);
  g_assert_cmpuint (evb_tile_cache_get_n_drawn (fixture->tiles) - before, ==, n_view);

  evb_renderer_set_selection (fixture->renderer, NULL);
  g_assert_finalize_object (selection);
}

/* What other features draw reaches the tiles: a group's frame follows a
 * card that moves inside it (the frame reaches past the card's own area),
 * and cards a filter leaves out are dimmed. */
static void
test_groups_and_dimming (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GHashTable) dimmed = g_hash_table_new (g_str_hash, g_str_equal);
  EvbGroup *group;
  guint n_view, before;

  evb_viewport_set (fixture->viewport, -30.25, -40.5, 0.8);
  g_ptr_array_add (ids, (gpointer) "n0-0");
  g_ptr_array_add (ids, (gpointer) "n0-1");
  group = evb_editing_group (fixture->board, ids, "Frame", &error);
  g_assert_no_error (error);
  g_assert_nonnull (group);
  assert_tiles_exact (fixture);
  n_view = evb_tile_cache_get_n_drawn (fixture->tiles);

  /* The lower card goes down and right: the frame grows with it, and
   * only the tiles under the frame's old and new places are drawn. */
  before = evb_tile_cache_get_n_drawn (fixture->tiles);
  g_assert_true (evb_board_move_node (fixture->board, "n0-1", 120, 420, &error));
  g_assert_no_error (error);
  assert_tiles_exact (fixture);
  g_test_message ("a move in a group drew %u of %u tiles",
                  evb_tile_cache_get_n_drawn (fixture->tiles) - before, n_view);
  g_assert_cmpuint (evb_tile_cache_get_n_drawn (fixture->tiles) - before, >=, 1);
  g_assert_cmpuint (evb_tile_cache_get_n_drawn (fixture->tiles) - before, <, n_view);

  /* And back, shrinking the frame: still exact. */
  g_assert_true (evb_board_move_node (fixture->board, "n0-1", 0, 210, &error));
  assert_tiles_exact (fixture);

  g_hash_table_add (dimmed, (gpointer) "n1-0");
  g_hash_table_add (dimmed, (gpointer) "n2-1");
  evb_renderer_set_dimmed_nodes (fixture->renderer, dimmed);
  assert_tiles_exact (fixture);
  evb_renderer_set_dimmed_nodes (fixture->renderer, NULL);
  assert_tiles_exact (fixture);
}

/* A moving view shows what it has and draws missing tiles a few a frame;
 * once it rests, everything comes to the exact drawing. */
static void
test_moving (Fixture       *fixture,
             gconstpointer  data)
{
  for (int i = 0; i < 30; i++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;

      evb_viewport_set (fixture->viewport, 10.0 * i, 7.3 * i, 0.5 * pow (1.07, i));
      evb_tile_cache_snapshot (fixture->tiles, snapshot, fixture->viewport, WIDTH, HEIGHT, 1, FALSE, 0);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      g_assert_nonnull (node);
    }
  assert_tiles_exact (fixture);

  /* A memory bound of nothing keeps only what the last frame showed. */
  evb_tile_cache_set_max_bytes (fixture->tiles, 0);
  assert_tiles_exact (fixture);
  g_assert_cmpuint (evb_tile_cache_get_bytes (fixture->tiles), <=, 20 * EVB_TILE_SIZE * EVB_TILE_SIZE * 4);
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the worker has handed back every tile. */
static void
wait_for_worker (Fixture *fixture)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (30, timeout_cb, &timed_out);

  while (evb_tile_cache_get_n_in_flight (fixture->tiles) > 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

/* A tile the worker draws while an edit touches it is dropped when it
 * comes back, and the view at rest shows the edit. */
static void
test_worker_race (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GError) error = NULL;
  guint drawn;

  /* Far out cards are plain shapes, which the worker may draw. */
  evb_viewport_set (fixture->viewport, -30.25, -40.5, 0.2);
  assert_tiles_exact (fixture);
  /* The view at rest gave the coarse level's tiles to the worker. */
  wait_for_worker (fixture);

  /* A card moves: a moving view at the same zoom gives its tiles to
   * the worker, which draws them and then waits. */
  g_assert_true (evb_board_move_node (fixture->board, "n1-0", 900, 400, &error));
  g_assert_no_error (error);
  _evb_tile_cache_hold_worker (fixture->tiles, TRUE);
  snapshot = gtk_snapshot_new ();
  evb_tile_cache_snapshot (fixture->tiles, snapshot, fixture->viewport, WIDTH, HEIGHT, 1, FALSE, G_USEC_PER_SEC);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_cmpuint (evb_tile_cache_get_n_in_flight (fixture->tiles), >, 0);
  drawn = evb_tile_cache_get_n_drawn (fixture->tiles);

  /* Meanwhile the palette changes: every tile is touched, those in the
   * worker too. Shown, they would keep the light palette at rest. */
  evb_renderer_set_dark (fixture->renderer, TRUE);
  _evb_tile_cache_hold_worker (fixture->tiles, FALSE);
  wait_for_worker (fixture);
  g_assert_cmpuint (evb_tile_cache_get_n_dropped (fixture->tiles), >, 0);
  g_assert_cmpuint (evb_tile_cache_get_n_drawn (fixture->tiles), ==, drawn);
  assert_tiles_exact (fixture);
  wait_for_worker (fixture);

  /* Without an edit in between, what the worker draws is shown. */
  g_assert_true (evb_board_move_node (fixture->board, "n1-0", 330, 0, &error));
  g_assert_no_error (error);
  snapshot = gtk_snapshot_new ();
  evb_tile_cache_snapshot (fixture->tiles, snapshot, fixture->viewport, WIDTH, HEIGHT, 1, FALSE, G_USEC_PER_SEC);
  g_clear_pointer (&node, gsk_render_node_unref);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_cmpuint (evb_tile_cache_get_n_in_flight (fixture->tiles), >, 0);
  drawn = evb_tile_cache_get_n_drawn (fixture->tiles);
  wait_for_worker (fixture);
  g_assert_cmpuint (evb_tile_cache_get_n_drawn (fixture->tiles), >, drawn);
  assert_tiles_exact (fixture);
}

/* Cards in detail, text and shadows, are drawn by the worker too while the
 * view moves, and what it draws is exact: at rest, on the same pixels,
 * nothing is drawn again and the tiles are the direct drawing. */
static void
test_worker_detail (Fixture       *fixture,
                    gconstpointer  data)
{
  guint drawn, given = 0;

  /* Whole board units at 100 %: the moving view's level is the one at rest. */
  evb_viewport_set (fixture->viewport, -30, -40, 1.0);
  do
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;

      drawn = evb_tile_cache_get_n_drawn (fixture->tiles);
      evb_tile_cache_snapshot (fixture->tiles, snapshot, fixture->viewport, WIDTH, HEIGHT, 1, FALSE,
                               G_USEC_PER_SEC);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      given += evb_tile_cache_get_n_in_flight (fixture->tiles);
      /* Nothing was drawn here: a tile drawn here counts at once. */
      g_assert_cmpuint (evb_tile_cache_get_n_drawn (fixture->tiles), ==, drawn);
      wait_for_worker (fixture);
    }
  while (evb_tile_cache_get_n_drawn (fixture->tiles) > drawn);
  g_test_message ("the worker drew %u tiles", evb_tile_cache_get_n_drawn (fixture->tiles));
  g_assert_cmpuint (given, >=, 12);

  drawn = evb_tile_cache_get_n_drawn (fixture->tiles);
  assert_tiles_exact (fixture);
  g_assert_cmpuint (evb_tile_cache_get_n_drawn (fixture->tiles), ==, drawn);
}

/* Moving frames at the view's zoom until every tile the view needs is
 * drawn: no tile's nodes may be made here (tiles with nothing in them are
 * drawn here, as the background). Returns how many tiles were given to
 * the worker. */
static guint
move_until_drawn (Fixture *fixture)
{
  guint drawn, given = 0, recorded = _evb_tile_cache_get_n_recorded (fixture->tiles);

  do
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;

      drawn = evb_tile_cache_get_n_drawn (fixture->tiles);
      evb_tile_cache_snapshot (fixture->tiles, snapshot, fixture->viewport, WIDTH, HEIGHT, 1, FALSE,
                               G_USEC_PER_SEC);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      given += evb_tile_cache_get_n_in_flight (fixture->tiles);
      g_assert_cmpuint (_evb_tile_cache_get_n_recorded (fixture->tiles), ==, recorded);
      wait_for_worker (fixture);
    }
  while (evb_tile_cache_get_n_drawn (fixture->tiles) > drawn);
  return given;
}

/* Far out, a tile's cards and lines are plain shapes: the worker is given
 * them as plain data and records the tile's nodes itself, so a moving view
 * records nothing here, even for a tile holding most of the board or all
 * of it, with a selection, highlights, dimmed cards and a missing file
 * about. What the
 * worker drew is what rests on screen: at rest on the same pixels nothing
 * is drawn again, and the tiles are the direct drawing. */
static void
test_worker_far (Fixture       *fixture,
                 gconstpointer  data)
{
  /* Zooms of the levels a moving view uses (three an octave) at the
   * board's origin: the moving view's tiles are those at rest. A tile
   * holds about half of the board at the first, all of it at the second. */
  static const double zooms[] = { -7, -13 };
  g_autoptr(GHashTable) highlighted = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) dimmed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(EvbNodeData) card = NULL;
  g_autoptr(GError) error = NULL;
  EvbSelection *selection = evb_selection_new (fixture->board);
  EvbAttachmentState *attachments = evb_attachment_state_new (fixture->board);
  guint drawn, given;

  evb_renderer_set_selection (fixture->renderer, selection);
  evb_selection_select (selection, "n3-2", FALSE);
  g_hash_table_add (highlighted, (gpointer) "n5-1");
  evb_renderer_set_highlighted (fixture->renderer, highlighted);
  g_hash_table_add (dimmed, (gpointer) "n2-3");
  evb_renderer_set_dimmed_nodes (fixture->renderer, dimmed);
  /* A card whose file is missing: a border far out (it moves below). */
  card = evb_node_dup_data (evb_board_get_node (fixture->board, "n1-0"));
  card->attachment_uri = g_strdup ("file:///nowhere/photo.jpg");
  g_assert_true (evb_board_update_node (fixture->board, card, &error));
  g_assert_no_error (error);
  evb_renderer_set_attachment_state (fixture->renderer, attachments);
  evb_attachment_state_set_status (attachments, "n1-0", EVB_ATTACHMENT_MISSING);

  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    {
      evb_viewport_set (fixture->viewport, 0, 0, exp2 (zooms[i] / 3));
      given = move_until_drawn (fixture);
      g_test_message ("zoom %.3f: the worker drew %u tiles, %u recorded here",
                      evb_viewport_get_zoom (fixture->viewport), given,
                      _evb_tile_cache_get_n_recorded (fixture->tiles));
      g_assert_cmpuint (given, >=, 1);
      g_assert_cmpuint (_evb_tile_cache_get_n_recorded (fixture->tiles), ==, 0);

      drawn = evb_tile_cache_get_n_drawn (fixture->tiles);
      assert_tiles_exact (fixture);
      g_assert_cmpuint (evb_tile_cache_get_n_drawn (fixture->tiles), ==, drawn);
      g_assert_cmpuint (_evb_tile_cache_get_n_recorded (fixture->tiles), ==, 0);
    }

  /* A card dragged far out while the worker has tiles of the whole
   * board's shapes: the shapes it was given stay as they were (the
   * renderer changes a copy), its tiles are dropped, and the view at rest
   * shows the card where it went. */
  evb_viewport_set (fixture->viewport, 0, 0, exp2 (zooms[0] / 3));
  g_assert_true (evb_board_move_node (fixture->board, "n1-0", 900, 400, &error));
  g_assert_no_error (error);
  _evb_tile_cache_hold_worker (fixture->tiles, TRUE);
  {
    g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
    g_autoptr(GskRenderNode) node = NULL;

    evb_tile_cache_snapshot (fixture->tiles, snapshot, fixture->viewport, WIDTH, HEIGHT, 1, FALSE,
                             G_USEC_PER_SEC);
    node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  }
  g_assert_cmpuint (evb_tile_cache_get_n_in_flight (fixture->tiles), >, 0);
  g_assert_true (evb_board_move_node (fixture->board, "n1-0", 1000, 500, &error));
  g_assert_no_error (error);
  _evb_tile_cache_hold_worker (fixture->tiles, FALSE);
  wait_for_worker (fixture);
  g_assert_cmpuint (evb_tile_cache_get_n_dropped (fixture->tiles), >, 0);
  assert_tiles_exact (fixture);

  /* What the renderer keeps about the board far out (the board's shapes,
   * the cards with a missing file) followed the card: a renderer that
   * never saw the board before draws the same. */
  {
    g_autoptr(EvbRenderer) fresh = evb_renderer_new (fixture->board);
    cairo_surface_t *kept = draw_direct (fixture), *anew;

    evb_renderer_set_tiled (fresh, TRUE);
    evb_renderer_set_selection (fresh, selection);
    evb_renderer_set_highlighted (fresh, highlighted);
    evb_renderer_set_dimmed_nodes (fresh, dimmed);
    evb_renderer_set_attachment_state (fresh, attachments);
    anew = draw_direct_with (fixture, fresh);
    g_assert_cmpmem (cairo_image_surface_get_data (kept), cairo_image_surface_get_stride (kept) * HEIGHT,
                     cairo_image_surface_get_data (anew), cairo_image_surface_get_stride (anew) * HEIGHT);
    cairo_surface_destroy (kept);
    cairo_surface_destroy (anew);
  }

  /* The file is found again: its border goes. */
  evb_attachment_state_set_status (attachments, "n1-0", EVB_ATTACHMENT_OK);
  assert_tiles_exact (fixture);

  evb_renderer_set_attachment_state (fixture->renderer, NULL);
  g_assert_finalize_object (attachments);
  evb_renderer_set_selection (fixture->renderer, NULL);
  g_assert_finalize_object (selection);
}

/* Whether pango draws text as a box for a missing glyph here. */
static gboolean
has_missing_glyph (const char *text)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (map);
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  PangoLayoutIter *iter;
  gboolean missing = FALSE;

  pango_layout_set_text (layout, text, -1);
  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);

      for (int i = 0; run != NULL && i < run->glyphs->num_glyphs; i++)
        missing |= (run->glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0;
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);
  g_object_unref (context);
  return missing;
}

/* Text with a glyph no font has is drawn as a box, which pango makes
 * lazily without a lock: its tile is drawn here, in the frame, and the
 * rest still go to the worker. */
static void
test_missing_glyph_here (Fixture       *fixture,
                         gconstpointer  data)
{
  /* A private-use character: no font here should have it. */
  const char *title = "Card \xee\x80\x80";
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(EvbNodeData) card = NULL;
  g_autoptr(GError) error = NULL;

  if (!has_missing_glyph (title))
    {
      g_test_skip ("a font here has the private-use character");
      return;
    }
  card = evb_node_dup_data (evb_board_get_node (fixture->board, "n0-0"));
  g_free (card->title);
  card->title = g_strdup (title);
  g_assert_true (evb_board_update_node (fixture->board, card, &error));
  g_assert_no_error (error);

  evb_viewport_set (fixture->viewport, -30, -40, 1.0);
  evb_tile_cache_snapshot (fixture->tiles, snapshot, fixture->viewport, WIDTH, HEIGHT, 1, FALSE,
                           G_USEC_PER_SEC);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  /* The card's tile, drawn in the frame; others given to the worker. */
  g_assert_cmpuint (evb_tile_cache_get_n_drawn (fixture->tiles), >=, 1);
  g_assert_cmpuint (evb_tile_cache_get_n_in_flight (fixture->tiles), >, 0);
  wait_for_worker (fixture);
  assert_tiles_exact (fixture);
}

int
main (int   argc,
      char *argv[])
{
  /* Tiles need no display. */
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/tile-cache/exact", Fixture, NULL, fixture_set_up, test_exact, fixture_tear_down);
  g_test_add ("/tile-cache/invalidation", Fixture, NULL, fixture_set_up, test_invalidation, fixture_tear_down);
  g_test_add ("/tile-cache/groups-and-dimming", Fixture, NULL, fixture_set_up, test_groups_and_dimming,
              fixture_tear_down);
  g_test_add ("/tile-cache/moving", Fixture, NULL, fixture_set_up, test_moving, fixture_tear_down);
  g_test_add ("/tile-cache/worker-race", Fixture, NULL, fixture_set_up, test_worker_race, fixture_tear_down);
  g_test_add ("/tile-cache/worker-detail", Fixture, NULL, fixture_set_up, test_worker_detail,
              fixture_tear_down);
  g_test_add ("/tile-cache/worker-far", Fixture, NULL, fixture_set_up, test_worker_far, fixture_tear_down);
  g_test_add ("/tile-cache/missing-glyph-here", Fixture, NULL, fixture_set_up, test_missing_glyph_here,
              fixture_tear_down);
  return g_test_run ();
}
