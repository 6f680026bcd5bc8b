/* evb-bench.c: how fast Evidence Board is on large boards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every figure goes through the code the app and the CLI run, on
 * deterministic synthetic boards (evb-synthetic.c). Each is the median of
 * several runs. Prints a table, and one JSON object a line with --json.
 *
 *   evb-bench [--sizes 1000,10000,100000] [--runs 5] [--json FILE]
 *             [--only import,open,export,move,search,filter,delete,assess,matrix,frame,hit,png,memory]
 *   evb-bench --write-board N PATH     writes a synthetic board file
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "evb-assessment.h"
#include "evb-board.h"
#include "evb-editing.h"
#include "evb-filter.h"
#include "evb-json.h"
#include "evb-matrix.h"
#include "evb-search.h"
#include "evb-store.h"
#include "evb-synthetic.h"

#ifdef HAVE_RENDER
#include <fcntl.h>
#include "evb-export.h"
#include "evb-export-private.h"
#include "evb-renderer.h"
#endif

typedef struct
{
  guint       n_nodes;
  const char *name;
  double      value;
  const char *unit;
  double      target;
} Result;

static GArray *results;
static char *tmpdir;
static guint n_runs = 5;
static GStrv only;

/* Whether to measure a stage: all of them unless --only names some (for
 * profiling one stage with perf or callgrind). */
static gboolean
wanted (const char *stage)
{
  return only == NULL || g_strv_contains ((const char * const *) only, stage);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static void
report (guint       n_nodes,
        const char *name,
        double      value,
        const char *unit,
        double      target)
{
  Result r = { n_nodes, name, value, unit, target };

  g_array_append_val (results, r);
  g_printerr ("  %-34s %10.3f %s\n", name, value, unit);
}

static long
resident_kib (void)
{
  g_autofree char *statm = NULL;
  long pages_total = 0, pages_resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    return 0;
  if (sscanf (statm, "%ld %ld", &pages_total, &pages_resident) != 2)
    return 0;
  return pages_resident * (sysconf (_SC_PAGESIZE) / 1024);
}

/* Aborts when two cards overlap: cards in a grid of cells, each compared
 * with the cards in the cells it covers. */
static void
assert_no_overlaps (EvbBoard *board)
{
  g_autoptr(GHashTable) cells = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       (GDestroyNotify) g_ptr_array_unref);
  GPtrArray *nodes = evb_board_get_nodes (board);
  const double cell = 512;

  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *a = evb_node_get_data (g_ptr_array_index (nodes, i));

      for (gint64 cx = (gint64) floor (a->x / cell); cx <= (gint64) floor ((a->x + a->width) / cell); cx++)
        for (gint64 cy = (gint64) floor (a->y / cell); cy <= (gint64) floor ((a->y + a->height) / cell); cy++)
          {
            gint64 key = (cx << 32) ^ (cy & 0xffffffff);
            GPtrArray *list = g_hash_table_lookup (cells, &key);

            if (list == NULL)
              {
                list = g_ptr_array_new ();
                g_hash_table_insert (cells, g_memdup2 (&key, sizeof key), list);
              }
            for (guint k = 0; k < list->len; k++)
              {
                const EvbNodeData *b = g_ptr_array_index (list, k);

                if (a->x < b->x + b->width && b->x < a->x + a->width &&
                    a->y < b->y + b->height && b->y < a->y + a->height)
                  g_error ("layout: %s overlaps %s", a->id, b->id);
              }
            g_ptr_array_add (list, (gpointer) a);
          }
    }
}

static char *
board_path (guint       n_nodes,
            const char *what)
{
  g_autofree char *name = g_strdup_printf ("%s-%u.evboard", what, n_nodes);
  return g_build_filename (tmpdir, name, NULL);
}

static EvbBoard *
open_board (const char *path,
            EvbStore  **store_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = evb_store_open (path, EVB_STORE_FLAGS_NONE, &error);
  EvbBoard *board;

  if (store == NULL)
    g_error ("%s", error->message);
  board = evb_store_load (store, &error);
  if (board == NULL)
    g_error ("%s", error->message);
  if (store_out != NULL)
    *store_out = g_steal_pointer (&store);
  return board;
}

static void
bench_size (guint n_nodes)
{
  g_autoptr(EvbBoard) synthetic = evb_synthetic_board_new (n_nodes, 42);
  g_autofree char *json = NULL;
  g_autofree char *path = board_path (n_nodes, "bench");
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;
  gsize json_length = 0;
  guint runs = n_nodes >= 100000 ? MAX (1, MIN (n_runs, 3)) : n_runs;
  double *t = g_new0 (double, MAX (runs, 1000));
  gboolean large = n_nodes >= 100000;

  g_printerr ("%u nodes, %u links\n", evb_board_get_n_nodes (synthetic),
              evb_board_get_n_links (synthetic));

  json = evb_json_write_board (synthetic, &json_length);

  /* Import: parse and validate the JSON, write a new board file. The
   * other stages open that file, so it is written once in any case. */
  if (!wanted ("import") &&
      !evb_store_write_new (synthetic, path, TRUE, &error))
    g_error ("write: %s", error->message);
  for (guint i = 0; wanted ("import") && i < runs; i++)
    {
      double start = now_ms ();
      g_autoptr(EvbBoard) board = evb_json_read_board (json, json_length, &error);

      if (board == NULL || !evb_store_write_new (board, path, TRUE, &error))
        g_error ("import: %s", error->message);
      t[i] = now_ms () - start;
    }
  if (wanted ("import"))
    report (n_nodes, "import JSON", median (t, runs), "ms",
            n_nodes == 10000 ? 250 : n_nodes == 100000 ? 3000 : 0);

  /* Open: check and load the whole board into the model. */
  for (guint i = 0; wanted ("open") && i < runs; i++)
    {
      double start = now_ms ();
      g_autoptr(EvbStore) store = NULL;
      g_autoptr(EvbBoard) board = open_board (path, &store);

      t[i] = now_ms () - start;
      g_assert_cmpuint (evb_board_get_n_nodes (board), ==, n_nodes);
    }
  if (wanted ("open"))
    report (n_nodes, "open board", median (t, runs), "ms",
            n_nodes == 10000 ? 100 : n_nodes == 100000 ? 1000 : 0);

  for (guint i = 0; wanted ("export") && i < runs; i++)
    {
      double start = now_ms ();
      g_autofree char *out = evb_json_write_board (synthetic, NULL);

      t[i] = now_ms () - start;
    }
  if (wanted ("export"))
    report (n_nodes, "export JSON", median (t, runs), "ms", n_nodes == 10000 ? 150 : 0);

  {
    g_autoptr(EvbStore) store = NULL;
    g_autoptr(EvbBoard) board = open_board (path, &store);
    GPtrArray *nodes = evb_board_get_nodes (board);
    guint moves = large ? 20 : 200;

    /* Persist a move: one history step, one SQLite transaction. */
    for (guint i = 0; wanted ("move") && i < moves; i++)
      {
        EvbNode *node = g_ptr_array_index (nodes, g_rand_int_range (rand, 0, nodes->len));
        double start = now_ms ();

        if (!evb_board_move_node (board, evb_node_get_id (node), g_rand_double_range (rand, 0, 5000),
                                  g_rand_double_range (rand, 0, 5000), &error))
          g_error ("move: %s", error->message);
        t[i] = now_ms () - start;
      }
    if (wanted ("move"))
      report (n_nodes, "persist a move", median (t, moves), "ms", n_nodes == 10000 ? 2 : 0);

    /* Search as you type: the first query folds every card's text, the
     * next ones (each key) scan the folded text. */
    if (wanted ("search"))
      {
        const char *keys[] = { "r", "ra", "rad", "rada", "radar", "radar s", "radar st" };
        g_autoptr(EvbSearch) search = evb_search_new (board);
        guint found = 0;
        double first;
        double start = now_ms ();

        g_ptr_array_unref (evb_search_find (search, "radar"));
        first = now_ms () - start;
        for (guint i = 0; i < G_N_ELEMENTS (keys) * 3; i++)
          {
            g_autoptr(GPtrArray) hits = NULL;

            start = now_ms ();
            hits = evb_search_find (search, keys[i % G_N_ELEMENTS (keys)]);
            t[i] = now_ms () - start;
            found = hits->len;
          }
        report (n_nodes, "search, first query", first, "ms", 0);
        report (n_nodes, "search, each key after", median (t, G_N_ELEMENTS (keys) * 3), "ms", 0);
        g_printerr ("    (the last query found %u cards)\n", found);
      }

    /* A filter applied as the person clicks: the set of matching cards,
     * and the complement the canvas dims, worked out afresh each time.
     * The assessment is warm, as the canvas's cards have asked for it. */
    if (wanted ("filter"))
      {
        g_autoptr(EvbAssessment) assessment = evb_assessment_new (board);
        g_autoptr(EvbFilter) filter = evb_filter_new ();
        const char *tags[] = { "drone", "osint", NULL };
        EvbFilterContext context = { assessment, NULL, NULL };
        double t_find[21];
        guint found = 0;

        for (guint i = 0; i < nodes->len; i++)
          evb_assessment_get (assessment, evb_node_get_id (g_ptr_array_index (nodes, i)));
        evb_filter_set_reliability (filter, 'A', 'C');
        evb_filter_set_credibility (filter, 0, 4);
        evb_filter_set_tags (filter, tags);
        evb_filter_set_likelihoods (filter, (1u << EVB_LIKELIHOOD_LIKELY) | EVB_FILTER_UNASSESSED);
        for (guint i = 0; i < 21; i++)
          {
            g_autoptr(GHashTable) matches = NULL;
            g_autoptr(GHashTable) dimmed = g_hash_table_new (g_str_hash, g_str_equal);
            double start = now_ms ();

            /* Each run a different kind, as a click changes the filter. */
            evb_filter_set_kinds (filter, i % 2 ? 1u << EVB_NODE_KIND_EVIDENCE : 0);
            matches = evb_filter_find (filter, board, &context);
            t_find[i] = now_ms () - start;
            for (guint n = 0; n < nodes->len; n++)
              {
                const char *id = evb_node_get_id (g_ptr_array_index (nodes, n));

                if (!g_hash_table_contains (matches, id))
                  g_hash_table_add (dimmed, (gpointer) id);
              }
            t[i] = now_ms () - start;
            found = g_hash_table_size (matches);
          }
        /* Issue 16: "at 10,000 nodes within a frame". */
        report (n_nodes, "filter, matching set", median (t_find, 21), "ms", n_nodes == 10000 ? 4 : 0);
        report (n_nodes, "filter, matching and dimmed sets", median (t, 21), "ms",
                n_nodes == 10000 ? 16 : 0);
        g_printerr ("    (the last filter let %u cards through)\n", found);
      }

    /* Delete 1,000 nodes (and their links) in one step, then undo it. */
    if (!large && wanted ("delete"))
      {
        double *t_undo = g_new0 (double, runs);

        for (guint r = 0; r < runs; r++)
          {
            guint n = MIN (1000, nodes->len / 2);
            g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
            double start;

            for (guint i = 0; i < n; i++)
              g_ptr_array_add (ids, g_strdup (evb_node_get_id (g_ptr_array_index (nodes, i * (nodes->len / n)))));
            g_ptr_array_add (ids, NULL);

            start = now_ms ();
            if (!evb_board_remove_nodes (board, (const char * const *) ids->pdata, &error))
              g_error ("delete: %s", error->message);
            t[r] = now_ms () - start;

            start = now_ms ();
            if (!evb_board_undo (board, &error))
              g_error ("undo: %s", error->message);
            t_undo[r] = now_ms () - start;
          }
        report (n_nodes, "delete 1,000 nodes", median (t, runs), "ms", 0);
        report (n_nodes, "undo a 1,000-node delete", median (t_undo, runs), "ms",
                n_nodes == 10000 ? 100 : 0);
        g_free (t_undo);
      }

    /* Tidy Up, layered, of the whole board: the layout, every card moved
     * and written in one step (as `evidence-board-cli layout` does), then
     * undone for the next run. Target 2 s at 10,000 nodes; 5 s at most. */
    if (!large && wanted ("layout"))
      {
        for (guint r = 0; r < runs; r++)
          {
            double start = now_ms ();

            if (!evb_editing_layout (board, EVB_LAYOUT_LAYERED, NULL, &error))
              g_error ("layout: %s", error->message);
            t[r] = now_ms () - start;
            if (r == 0)
              assert_no_overlaps (board);
            if (!evb_board_undo (board, &error))
              g_error ("undo: %s", error->message);
          }
        report (n_nodes, "Tidy Up, layered (no overlaps)", median (t, runs), "ms",
                n_nodes == 10000 ? 2000 : 0);
      }

    /* The assessment of every claim from scratch, as when a board opens;
     * then, after one link's strength changes, the assessment of the claim
     * it points at: the edit invalidates only what it bears on, and the
     * claim is worked out again when asked for. */
    if (wanted ("assess"))
      {
        g_autoptr(EvbAssessment) assessment = evb_assessment_new (board);
        g_autoptr(GPtrArray) claims = g_ptr_array_new ();
        g_autoptr(GPtrArray) edited = g_ptr_array_new ();
        GPtrArray *links = evb_board_get_links (board);
        guint edits = large ? 20 : 200;
        double *t_edit = g_new0 (double, edits);

        for (guint i = 0; i < nodes->len; i++)
          {
            if (evb_node_get_kind (g_ptr_array_index (nodes, i)) == EVB_NODE_KIND_CLAIM)
              g_ptr_array_add (claims, (gpointer) evb_node_get_id (g_ptr_array_index (nodes, i)));
          }
        for (guint i = 0; i < links->len; i++)
          {
            EvbLink *link = g_ptr_array_index (links, i);
            EvbNode *to = evb_board_get_node (board, evb_link_get_to (link));

            if (to != NULL && evb_node_get_kind (to) == EVB_NODE_KIND_CLAIM)
              g_ptr_array_add (edited, link);
          }
        if (edited->len == 0)
          g_error ("assess: the synthetic board has no link into a claim");

        for (guint r = 0; r < runs; r++)
          {
            double start;

            evb_assessment_invalidate_all (assessment);
            start = now_ms ();
            for (guint i = 0; i < claims->len; i++)
              evb_assessment_get (assessment, g_ptr_array_index (claims, i));
            t[r] = now_ms () - start;
          }
        report (n_nodes, "assess every claim", median (t, runs), "ms", n_nodes == 10000 ? 50 : 0);
        g_printerr ("    (%u claims)\n", claims->len);

        for (guint i = 0; i < edits; i++)
          {
            EvbLink *link = g_ptr_array_index (edited, g_rand_int_range (rand, 0, edited->len));
            g_autoptr(EvbLinkData) data = evb_link_data_copy (evb_link_get_data (link));
            g_autofree char *claim_id = g_strdup (data->to);
            double start;

            data->strength = data->strength == EVB_STRENGTH_STRONG ? EVB_STRENGTH_WEAK : EVB_STRENGTH_STRONG;
            if (!evb_board_update_link (board, data, &error))
              g_error ("link edit: %s", error->message);
            start = now_ms ();
            if (evb_assessment_get (assessment, claim_id) == NULL)
              g_error ("assess: %s is no claim", claim_id);
            t_edit[i] = now_ms () - start;
          }
        report (n_nodes, "assess a claim after a link edit", median (t_edit, edits), "ms",
                n_nodes == 10000 ? 1 : 0);
        g_free (t_edit);
      }

    /* The matrix of competing hypotheses: the snapshot the matrix view
     * rebuilds after a change. */
    if (wanted ("matrix"))
      {
        guint n_rows = 0, n_columns = 0;

        for (guint r = 0; r < runs; r++)
          {
            double start = now_ms ();
            g_autoptr(EvbMatrix) matrix = evb_matrix_new (board, NULL);

            t[r] = now_ms () - start;
            n_rows = evb_matrix_get_n_rows (matrix);
            n_columns = evb_matrix_get_n_hypotheses (matrix);
          }
        report (n_nodes, "matrix snapshot", median (t, runs), "ms", 0);
        g_printerr ("    (%u rows, %u hypotheses)\n", n_rows, n_columns);
      }

#ifdef HAVE_RENDER
    {
      g_autoptr(EvbRenderer) renderer = evb_renderer_new (board);
      double bx, by, bw, bh, zoom;
      graphene_rect_t whole, one_to_one, band;
      guint frames = large ? 5 : 30;

      evb_board_get_extents (board, &bx, &by, &bw, &bh);
      zoom = MIN (1920.0 / bw, 1080.0 / bh);
      graphene_rect_init (&whole, bx, by, bw, bh);
      graphene_rect_init (&one_to_one, bx + bw / 2, by + bh / 2, 1920, 1080);

      /* Frames: building the render nodes of a view, as the canvas does. */
      for (guint i = 0; wanted ("frame") && i < frames; i++)
        {
          g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
          g_autoptr(GskRenderNode) node = NULL;
          double start = now_ms ();

          gtk_snapshot_scale (snapshot, zoom, zoom);
          evb_renderer_snapshot (renderer, snapshot, &whole, zoom);
          node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
          t[i] = now_ms () - start;
        }
      if (wanted ("frame"))
        report (n_nodes, "whole-board frame (1920x1080)", median (t, frames), "ms",
                n_nodes == 10000 ? 8 : n_nodes == 100000 ? 16 : 0);

      /* The same after each frame's change (a card dragged while zoomed
       * out): the renderer collects the board's shapes again. */
      for (guint i = 0; wanted ("frame") && i < frames; i++)
        {
          g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
          g_autoptr(GskRenderNode) node = NULL;
          EvbNode *moved = g_ptr_array_index (evb_board_get_nodes (board), i);
          double mx, my, start;

          evb_node_get_bounds (moved, &mx, &my, NULL, NULL);
          if (!evb_board_move_node (board, evb_node_get_id (moved), mx + 10, my, &error))
            g_error ("move: %s", error->message);
          start = now_ms ();
          gtk_snapshot_scale (snapshot, zoom, zoom);
          evb_renderer_snapshot (renderer, snapshot, &whole, zoom);
          node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
          t[i] = now_ms () - start;
        }
      if (wanted ("frame"))
        report (n_nodes, "whole-board frame after a move", median (t, frames), "ms", 0);

      for (guint i = 0; wanted ("frame") && i < frames; i++)
        {
          g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
          g_autoptr(GskRenderNode) node = NULL;
          double start = now_ms ();

          evb_renderer_snapshot (renderer, snapshot, &one_to_one, 1.0);
          node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
          t[i] = now_ms () - start;
        }
      if (wanted ("frame"))
        report (n_nodes, "1:1 frame (1920x1080)", median (t, frames), "ms",
                n_nodes == 10000 ? 4 : 0);

      /* A far-out tile, as the canvas's tile cache captures it, right
       * after a link changed: the renderer collects the board's shapes
       * again on the main thread (the worker draws the scene). */
      if (wanted ("frame"))
        {
          GPtrArray *links = evb_board_get_links (board);
          graphene_rect_t tile;

          evb_renderer_set_tiled (renderer, TRUE);
          graphene_rect_init (&tile, bx, by, 256 / zoom, 256 / zoom);
          for (guint i = 0; i < frames && links->len > 0; i++)
            {
              EvbLink *link = g_ptr_array_index (links, i % links->len);
              g_autoptr(EvbLinkData) data = evb_link_data_copy (evb_link_get_data (link));
              g_autoptr(EvbRendererScene) scene = NULL;
              double start;

              data->strength = data->strength == EVB_STRENGTH_STRONG ? EVB_STRENGTH_WEAK
                                                                     : EVB_STRENGTH_STRONG;
              if (!evb_board_update_link (board, data, &error))
                g_error ("update link: %s", error->message);
              start = now_ms ();
              scene = evb_renderer_capture_scene (renderer, &tile, zoom);
              t[i] = now_ms () - start;
            }
          evb_renderer_set_tiled (renderer, FALSE);
          report (n_nodes, "far-out tile after a link changes", median (t, frames), "ms", 0);
        }

      if (wanted ("hit"))
        {
          guint picks = 1000;
          double start = now_ms ();
          guint hits = 0;

          for (guint i = 0; i < picks; i++)
            hits += evb_renderer_pick_node (renderer, g_rand_double_range (rand, bx, bx + bw),
                                            g_rand_double_range (rand, by, by + bh)) != NULL;
          report (n_nodes, "hit-test a point", (now_ms () - start) * 1000.0 / picks, "us",
                  n_nodes == 10000 ? 10 : 0);
          (void) hits;
        }

      /* A rubber band that holds about 1,000 nodes. */
      if (wanted ("hit"))
        {
          double side = sqrt (1000.0 / n_nodes) * MAX (bw, bh);
          guint found = 0;

          graphene_rect_init (&band, bx + bw / 2 - side / 2, by + bh / 2 - side / 2, side, side);
          for (guint i = 0; i < runs; i++)
            {
              double start = now_ms ();
              g_autoptr(GPtrArray) hit = evb_renderer_query_nodes (renderer, &band);

              t[i] = now_ms () - start;
              found = hit->len;
            }
          report (n_nodes, "rubber-band select", median (t, runs), "ms", 0);
          g_printerr ("    (the band held %u nodes)\n", found);
        }

      if (!large && wanted ("png"))
        {
          g_autofree char *png = g_build_filename (tmpdir, "bench.png", NULL);
          EvbExportOptions options;

          evb_export_options_init (&options);
          options.scale = 3000.0 / (bw + 2 * options.margin);
          for (guint i = 0; i < runs; i++)
            {
              double start = now_ms ();

              if (!evb_export_to_file (board, png, EVB_EXPORT_PNG, &options, NULL, &error))
                g_error ("png: %s", error->message);
              t[i] = now_ms () - start;
            }
          report (n_nodes, "PNG export, 3000 px wide", median (t, runs), "ms",
                  n_nodes == 10000 ? 400 : 0);
        }
    }
#endif
  }

  g_free (t);
}

#ifdef HAVE_RENDER
/* The one-core floor of a PNG export: the picture's render nodes, built
 * beforehand (not timed), drawn onto one image surface and written with
 * libpng at level 1 without filters, then synced, as the export's file
 * is. */
static double
floor_png (GskRenderNode *image,
           int            width,
           int            height,
           double         scale,
           const char    *path)
{
  double start = now_ms ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  int fd;

  cairo_scale (cr, scale, scale);
  gsk_render_node_draw (image, cr);
  cairo_destroy (cr);
  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || !_evb_export_write_png (surface, fd) || fsync (fd) != 0 || close (fd) != 0)
    g_error ("floor png: %s", g_strerror (errno));
  cairo_surface_destroy (surface);
  return now_ms () - start;
}

static void
assert_same_pixels (const char *a_path,
                    const char *b_path)
{
  cairo_surface_t *a = cairo_image_surface_create_from_png (a_path);
  cairo_surface_t *b = cairo_image_surface_create_from_png (b_path);
  int height = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);

  if (cairo_surface_status (a) != CAIRO_STATUS_SUCCESS || cairo_surface_status (b) != CAIRO_STATUS_SUCCESS ||
      cairo_image_surface_get_width (a) != cairo_image_surface_get_width (b) ||
      height != cairo_image_surface_get_height (b) ||
      cairo_image_surface_get_format (a) != cairo_image_surface_get_format (b) ||
      memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b), (gsize) stride * height) != 0)
    g_error ("png floor: %s and %s differ", a_path, b_path);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

/* PNG export at about 3,000 px against its one-core floor, and against
 * itself on one band (the code before the bands), interleaved: export,
 * floor, one band, export, floor, ... The floor's picture is checked to be
 * the export's, pixel for pixel. */
static void
bench_png_floor (guint n_nodes)
{
  g_autoptr(EvbBoard) board = evb_synthetic_board_new (n_nodes, 42);
  g_autoptr(GskRenderNode) image = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ours = g_build_filename (tmpdir, "ours.png", NULL);
  g_autofree char *one = g_build_filename (tmpdir, "one-band.png", NULL);
  g_autofree char *floor_path = g_build_filename (tmpdir, "floor.png", NULL);
  double *t_ours = g_new0 (double, n_runs), *t_one = g_new0 (double, n_runs);
  double *t_floor = g_new0 (double, n_runs);
  double bx, by, bw, bh, m_ours, m_one, m_floor;
  EvbExportOptions options;
  int width, height;

  evb_board_get_extents (board, &bx, &by, &bw, &bh);
  evb_export_options_init (&options);
  options.scale = 3000.0 / (bw + 2 * options.margin);
  image = _evb_export_build_png_image (board, &options, &width, &height);

  for (guint i = 0; i < n_runs; i++)
    {
      double start = now_ms ();

      _evb_export_set_png_bands (0);
      if (!evb_export_to_file (board, ours, EVB_EXPORT_PNG, &options, NULL, &error))
        g_error ("png: %s", error->message);
      t_ours[i] = now_ms () - start;

      t_floor[i] = floor_png (image, width, height, options.scale, floor_path);

      _evb_export_set_png_bands (1);
      start = now_ms ();
      if (!evb_export_to_file (board, one, EVB_EXPORT_PNG, &options, NULL, &error))
        g_error ("png: %s", error->message);
      t_one[i] = now_ms () - start;
      _evb_export_set_png_bands (0);
    }
  assert_same_pixels (ours, floor_path);
  assert_same_pixels (one, floor_path);

  m_ours = median (t_ours, n_runs);
  m_one = median (t_one, n_runs);
  m_floor = median (t_floor, n_runs);
  g_print ("png-floor %u nodes %d x %d px, %u cores: bands %.1f ms, one band (before) %.1f ms, "
           "one-core floor %.1f ms; ratio %.2f (before %.2f); same pixels\n",
           n_nodes, width, height, g_get_num_processors (), m_ours, m_one, m_floor,
           m_ours / m_floor, m_one / m_floor);
  g_unlink (ours);
  g_unlink (one);
  g_unlink (floor_path);
  g_free (t_ours);
  g_free (t_one);
  g_free (t_floor);
}
#endif

/* Draws a board's 1:1 view at its top left corner, as the window would. */
#ifdef HAVE_RENDER
static void
draw_corner (EvbRenderer *renderer,
             EvbBoard    *board)
{
  double bx, by, bw, bh;
  graphene_rect_t r;
  g_autoptr(GtkSnapshot) s = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) n = NULL;

  evb_board_get_extents (board, &bx, &by, &bw, &bh);
  graphene_rect_init (&r, bx, by, 1920, 1080);
  evb_renderer_snapshot (renderer, s, &r, 1.0);
  n = gtk_snapshot_free_to_node (g_steal_pointer (&s));
}
#endif

/* In a child process: the resident memory an open board adds to the
 * running app. The baseline is a process that already has a small board
 * open and drawn (five cards of the same generator, so the same fonts,
 * and the code that reads boards and lays out text, are resident, as they
 * are in the app's window before any board opens); then the big board is
 * opened and drawn beside it. */
static int
measure_memory (const char *path)
{
  g_autofree char *small_path = g_strconcat (path, "-small.evboard", NULL);
  g_autoptr(EvbBoard) small_synthetic = evb_synthetic_board_new (5, 42);
  g_autoptr(EvbStore) small_store = NULL;
  g_autoptr(EvbBoard) small = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(GError) error = NULL;
  long before, after;
#ifdef HAVE_RENDER
  g_autoptr(EvbRenderer) small_renderer = NULL;
  g_autoptr(EvbRenderer) renderer = NULL;
#endif

  if (!evb_store_write_new (small_synthetic, small_path, TRUE, &error))
    g_error ("write: %s", error->message);
  small = open_board (small_path, &small_store);
  g_unlink (small_path);
#ifdef HAVE_RENDER
  small_renderer = evb_renderer_new (small);
  draw_corner (small_renderer, small);
#endif

  before = resident_kib ();
  board = open_board (path, &store);
#ifdef HAVE_RENDER
  renderer = evb_renderer_new (board);
  draw_corner (renderer, board);
#endif
  after = resident_kib ();
  g_print ("%ld\n", after - before);
  return 0;
}

static void
bench_memory (const char *self_path,
              guint       n_nodes)
{
  g_autofree char *path = board_path (n_nodes, "bench");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { self_path, "--memory", path, NULL };
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("memory child: %s", error->message);
  report (n_nodes, "memory a board adds", g_ascii_strtod (out, NULL) / 1024.0, "MiB",
          n_nodes == 10000 ? 40 : 0);
}

static void
print_table (FILE *json_out)
{
  struct rusage usage;
  g_autofree char *cpu = NULL;
  g_autofree char *cpuinfo = NULL;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    {
      char *line = strstr (cpuinfo, "model name");
      if (line != NULL)
        {
          char *colon = strchr (line, ':');
          char *end = strchr (line, '\n');
          if (colon && end)
            cpu = g_strstrip (g_strndup (colon + 1, end - colon - 1));
        }
    }

  getrusage (RUSAGE_SELF, &usage);
  g_print ("\nEvidence Board benchmark, %s, %u cores, %u runs (median)\n\n",
           cpu ? cpu : "unknown CPU", g_get_num_processors (), n_runs);
  g_print ("| Nodes | Measure | Result | Target | Met |\n|---:|---|---:|---:|:-:|\n");
  for (guint i = 0; i < results->len; i++)
    {
      Result *r = &g_array_index (results, Result, i);
      g_autofree char *target = r->target > 0 ? g_strdup_printf ("<= %g %s", r->target, r->unit)
                                              : g_strdup ("");

      g_print ("| %u | %s | %.3f %s | %s | %s |\n", r->n_nodes, r->name, r->value, r->unit, target,
               r->target > 0 ? (r->value <= r->target ? "yes" : "**no**") : "");
      if (json_out != NULL)
        fprintf (json_out,
                 "{\"nodes\": %u, \"measure\": \"%s\", \"value\": %.4f, \"unit\": \"%s\", \"target\": %g}\n",
                 r->n_nodes, r->name, r->value, r->unit, r->target);
    }
  g_print ("\nPeak resident memory of the benchmark process: %.1f MiB\n", usage.ru_maxrss / 1024.0);
  if (json_out != NULL)
    fprintf (json_out, "{\"measure\": \"peak memory\", \"value\": %.1f, \"unit\": \"MiB\"}\n",
             usage.ru_maxrss / 1024.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *sizes_arg = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *write_board = NULL;
  int runs_arg = 5;
  g_auto(GStrv) sizes = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_arg, "Board sizes, comma-separated", "N,N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs_arg, "Runs for each median", "N" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, "Also write JSON lines to FILE", "FILE" },
    { "only", 0, 0, G_OPTION_ARG_STRING_ARRAY, &only, "Measure only these stages (import, open, export, move, search, filter, delete, layout, assess, matrix, frame, hit, png, memory; or png-floor alone: PNG export against its one-core floor); may be repeated or comma-separated", "STAGE" },
    { "write-board", 0, 0, G_OPTION_ARG_FILENAME, &write_board, "Write a synthetic board of --sizes nodes to FILE and exit", "FILE" },
    { NULL }
  };
  FILE *json_out = NULL;

  if (argc == 3 && strcmp (argv[1], "--memory") == 0)
    return measure_memory (argv[2]);

  context = g_option_context_new ("- measure Evidence Board");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  n_runs = CLAMP (runs_arg, 1, 1000);
  if (only != NULL)
    {
      g_autofree char *joined = g_strjoinv (",", only);

      g_strfreev (only);
      only = g_strsplit (joined, ",", -1);
    }
  sizes = g_strsplit (sizes_arg ? sizes_arg : "1000,10000,100000", ",", -1);

  if (write_board != NULL)
    {
      g_autoptr(EvbBoard) board = evb_synthetic_board_new (atoi (sizes[0]), 42);
      if (!evb_store_write_new (board, write_board, TRUE, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      return 0;
    }

  results = g_array_new (FALSE, FALSE, sizeof (Result));
  tmpdir = g_dir_make_tmp ("evb-bench-XXXXXX", &error);
  if (tmpdir == NULL)
    g_error ("%s", error->message);

  /* --only png-floor: only the PNG export against its floor. */
  if (only != NULL && g_strv_length (only) == 1 && strcmp (only[0], "png-floor") == 0)
    {
#ifdef HAVE_RENDER
      for (guint i = 0; sizes[i] != NULL; i++)
        if (atoi (sizes[i]) > 0)
          bench_png_floor ((guint) atoi (sizes[i]));
#endif
      g_rmdir (tmpdir);
      return 0;
    }

  for (guint i = 0; sizes[i] != NULL; i++)
    {
      guint n = (guint) atoi (sizes[i]);
      if (n == 0)
        continue;
      bench_size (n);
      if (wanted ("memory"))
        bench_memory (argv[0], n);
    }

  if (json_path != NULL)
    json_out = fopen (json_path, "w");
  print_table (json_out);
  if (json_out != NULL)
    fclose (json_out);

  /* Clean up the board files. */
  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;
    while (dir && (name = g_dir_read_name (dir)))
      {
        g_autofree char *p = g_build_filename (tmpdir, name, NULL);
        g_unlink (p);
      }
    g_rmdir (tmpdir);
  }

  return 0;
}
