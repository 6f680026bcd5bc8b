/* test-place-beside.c: a card added beside another is placed so their link crosses no card, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Adding a card with a card selected puts it right of that card, for the
 * person to link the two. On a crowded board the place right of it was
 * often taken, and the new card stepped down and right past the cards
 * there until one was free: beside a claim of the sample board it landed
 * past the next column, and the link to it ran through a card between.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "evb-canvas.h"
#include "evb-viewport.h"
#include "evb-window.h"
#include "test-run.h"
#include "test-screens.h"
#include "test-wait.h"
#include "test-windows.h"

static char *
read_sample (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("EVB_SAMPLES_DIR"), "dolgiye-borody.json", NULL);
  g_autoptr(GError) error = NULL;
  char *json = NULL;

  g_assert_true (g_file_get_contents (path, &json, NULL, &error));
  g_assert_no_error (error);
  return json;
}

/* Whether the segment from (x0, y0) to (x1, y1) passes through the inside
 * of the rectangle (sampled finely: a test needs no cleverness). */
static gboolean
segment_enters (double x0, double y0, double x1, double y1,
                double x, double y, double w, double h)
{
  for (int i = 0; i <= 2000; i++)
    {
      double t = i / 2000.0, px = x0 + t * (x1 - x0), py = y0 + t * (y1 - y0);

      if (px > x && px < x + w && py > y && py < y + h)
        return TRUE;
    }
  return FALSE;
}

/* The cards the new card overlaps, or its line to beside passes through:
 * their titles, or NULL when there are none. */
static char *
describe_obstacles (EvbBoard   *board,
                    const char *new_id,
                    const char *beside_id)
{
  GPtrArray *nodes = evb_board_get_nodes (board);
  GString *found = g_string_new (NULL);
  double nx, ny, nw, nh, bx, by, bw, bh;

  evb_node_get_bounds (evb_board_get_node (board, new_id), &nx, &ny, &nw, &nh);
  evb_node_get_bounds (evb_board_get_node (board, beside_id), &bx, &by, &bw, &bh);
  for (guint i = 0; i < nodes->len; i++)
    {
      EvbNode *node = g_ptr_array_index (nodes, i);
      const char *id = evb_node_get_id (node);
      double x, y, w, h;

      if (g_str_equal (id, new_id))
        continue;
      evb_node_get_bounds (node, &x, &y, &w, &h);
      if (x < nx + nw && nx < x + w && y < ny + nh && ny < y + h)
        g_string_append_printf (found, "overlaps “%s”; ", evb_node_get_title (node));
      else if (!g_str_equal (id, beside_id) &&
               segment_enters (nx + nw / 2, ny + nh / 2, bx + bw / 2, by + bh / 2, x, y, w, h))
        g_string_append_printf (found, "link crosses “%s”; ", evb_node_get_title (node));
    }
  return g_string_free (found, found->len == 0);
}

/* Beside every card of the sample board in turn, in the view at half
 * size centred on it (so the place right of it is in view): the new
 * card overlaps none and its line to the card beside it crosses none. */
static void
add_beside_each_card (gboolean fitted,
                      gboolean claim)
{
  g_autofree char *json = read_sample ();
  g_autoptr(EvbDocument) document = NULL;
  EvbWindow *window = open_board_window (json, 1280, 800, &document);
  EvbCanvas *canvas = evb_window_get_canvas (window);
  EvbSelection *selection = evb_canvas_get_selection (canvas);
  EvbBoard *board = evb_document_get_board (document);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  guint n_cards = evb_board_get_n_nodes (board);
  g_autoptr(GString) failures = g_string_new (NULL);

  for (guint i = 0; i < n_cards; i++)
    g_ptr_array_add (ids, g_strdup (evb_node_get_id (g_ptr_array_index (evb_board_get_nodes (board), i))));

  for (guint i = 0; i < ids->len; i++)
    {
      const char *beside = g_ptr_array_index (ids, i);
      g_autofree char *new_id = NULL;
      g_autofree char *obstacles = NULL;

      evb_selection_select (selection, beside, FALSE);
      if (fitted)
        evb_canvas_zoom_fit (canvas);
      else
        {
          evb_viewport_set (evb_canvas_get_viewport (canvas), 0, 0, 0.5);
          evb_canvas_center_node (canvas, beside);
        }
      wait_drawn (GTK_WIDGET (window));
      if (claim)
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-claim", NULL));
      else
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-evidence", "s", "video"));
      settle ();
      g_assert_cmpuint (evb_board_get_n_nodes (board), ==, n_cards + 1);
      new_id = g_strdup (evb_selection_get_last_node (selection));
      g_assert_nonnull (new_id);
      g_assert_cmpstr (new_id, !=, beside);

      obstacles = describe_obstacles (board, new_id, beside);
      if (obstacles != NULL)
        g_string_append_printf (failures, "beside %s: %s\n", beside, obstacles);
      /* The picture of the first claim's case, for a person to look at. */
      if (g_str_equal (beside, "c1"))
        save_screenshot (GTK_WIDGET (window), "place-beside-c1.png");

      /* One step: undo takes the card away, and the board is as it was. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
      settle ();
      g_assert_cmpuint (evb_board_get_n_nodes (board), ==, n_cards);
    }
  g_test_message ("%s", failures->str);
  g_assert_cmpstr (failures->str, ==, "");
  close_window (window);
}

static void
test_evidence_in_view (void)
{
  add_beside_each_card (FALSE, FALSE);
}

static void
test_claim_in_view (void)
{
  add_beside_each_card (FALSE, TRUE);
}

static void
test_evidence_board_fitted (void)
{
  add_beside_each_card (TRUE, FALSE);
}

static void
test_claim_board_fitted (void)
{
  add_beside_each_card (TRUE, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = test_run_init (&argc, &argv, "test-place-beside");
  int status;

  g_test_add_func ("/place-beside/evidence-in-view", test_evidence_in_view);
  g_test_add_func ("/place-beside/claim-in-view", test_claim_in_view);
  g_test_add_func ("/place-beside/evidence-board-fitted", test_evidence_board_fitted);
  g_test_add_func ("/place-beside/claim-board-fitted", test_claim_board_fitted);

  status = g_test_run ();
  test_remove_tree (home);
  return status;
}
