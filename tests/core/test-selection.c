/* test-selection.c: the one selection of a board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "evb-board.h"
#include "evb-selection.h"

static void
add_node (EvbBoard   *board,
          const char *id,
          double      x)
{
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  g_autoptr(GError) error = NULL;

  evb_node_data_set_string (&data->id, id);
  evb_node_data_set_string (&data->title, id);
  data->x = x;
  g_assert_nonnull (evb_board_add_node (board, data, &error));
  g_assert_no_error (error);
}

static EvbBoard *
make_board (void)
{
  EvbBoard *board = evb_board_new ("Selection");
  g_autoptr(EvbLinkData) link = evb_link_data_new ("a", "b", EVB_RELATION_SUPPORTS);
  g_autoptr(GError) error = NULL;

  add_node (board, "a", 0);
  add_node (board, "b", 400);
  add_node (board, "c", 800);
  evb_node_data_set_string (&link->id, "l1");
  g_assert_nonnull (evb_board_add_link (board, link, &error));
  g_assert_no_error (error);
  return board;
}

static void
count_cb (EvbSelection *selection,
          guint        *count)
{
  (*count)++;
}

static char *
joined (GPtrArray *ids)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? "," : "", (char *) g_ptr_array_index (ids, i));
  return g_string_free (s, FALSE);
}

#define assert_ids(array, expected) G_STMT_START {   \
    g_autofree char *got_ = joined (array);          \
    g_assert_cmpstr (got_, ==, expected);            \
  } G_STMT_END

static void
test_select_order_and_signal (void)
{
  g_autoptr(EvbBoard) board = make_board ();
  g_autoptr(EvbSelection) selection = evb_selection_new (board);
  guint changes = 0;

  g_signal_connect (selection, "changed", G_CALLBACK (count_cb), &changes);
  g_assert_true (evb_selection_is_empty (selection));
  g_assert_null (evb_selection_get_last_node (selection));

  evb_selection_select (selection, "b", FALSE);
  evb_selection_select (selection, "l1", TRUE);
  evb_selection_select (selection, "a", TRUE);
  g_assert_cmpuint (changes, ==, 3);
  assert_ids (evb_selection_get_nodes (selection), "b,a");
  assert_ids (evb_selection_get_links (selection), "l1");
  g_assert_cmpstr (evb_selection_get_last_node (selection), ==, "a");
  g_assert_true (evb_selection_contains (selection, "l1"));
  g_assert_cmpuint (g_hash_table_size (evb_selection_get_ids (selection)), ==, 3);

  /* Nothing changes: no signal. */
  evb_selection_select (selection, "a", TRUE);
  evb_selection_select (selection, "nope", TRUE);
  evb_selection_select (selection, "nope", FALSE);
  evb_selection_unselect (selection, "c");
  g_assert_cmpuint (changes, ==, 3);
  assert_ids (evb_selection_get_nodes (selection), "b,a");

  /* Selecting alone replaces; the same again is no change. */
  evb_selection_select (selection, "c", FALSE);
  assert_ids (evb_selection_get_nodes (selection), "c");
  g_assert_cmpuint (evb_selection_get_links (selection)->len, ==, 0);
  evb_selection_select (selection, "c", FALSE);
  g_assert_cmpuint (changes, ==, 4);

  evb_selection_toggle (selection, "a");
  assert_ids (evb_selection_get_nodes (selection), "c,a");
  evb_selection_toggle (selection, "c");
  assert_ids (evb_selection_get_nodes (selection), "a");
  g_assert_false (evb_selection_contains (selection, "c"));
  g_assert_cmpuint (changes, ==, 6);

  evb_selection_clear (selection);
  evb_selection_clear (selection);
  g_assert_true (evb_selection_is_empty (selection));
  g_assert_cmpuint (changes, ==, 7);
}

static void
test_set_and_all (void)
{
  g_autoptr(EvbBoard) board = make_board ();
  g_autoptr(EvbSelection) selection = evb_selection_new (board);
  const char * const ids[] = { "c", "unknown", "l1", "a", NULL };
  const char * const more[] = { "b", "a", NULL };
  guint changes = 0;

  g_signal_connect (selection, "changed", G_CALLBACK (count_cb), &changes);
  evb_selection_set (selection, ids);
  assert_ids (evb_selection_get_nodes (selection), "c,a");
  assert_ids (evb_selection_get_links (selection), "l1");
  g_assert_cmpuint (changes, ==, 1);
  /* The same set in the same order: no change. */
  evb_selection_set (selection, ids);
  g_assert_cmpuint (changes, ==, 1);

  evb_selection_add (selection, more);
  assert_ids (evb_selection_get_nodes (selection), "c,a,b");
  g_assert_cmpuint (changes, ==, 2);

  /* All cards, and the link is no longer selected. */
  evb_selection_select_all (selection);
  assert_ids (evb_selection_get_nodes (selection), "a,b,c");
  g_assert_cmpuint (evb_selection_get_links (selection)->len, ==, 0);
  g_assert_cmpuint (changes, ==, 3);
  evb_selection_set (selection, NULL);
  g_assert_true (evb_selection_is_empty (selection));
  g_assert_cmpuint (changes, ==, 4);
}

/* Removing an item from the board (delete, undo of an add) unselects it,
 * and undoing the removal does not select it again. */
static void
test_follows_board (void)
{
  g_autoptr(EvbBoard) board = make_board ();
  g_autoptr(EvbSelection) selection = evb_selection_new (board);
  g_autoptr(GError) error = NULL;
  guint changes = 0;

  evb_selection_select (selection, "a", FALSE);
  evb_selection_select (selection, "l1", TRUE);
  evb_selection_select (selection, "c", TRUE);
  g_signal_connect (selection, "changed", G_CALLBACK (count_cb), &changes);

  g_assert_true (evb_board_remove_node (board, "a", &error));
  g_assert_no_error (error);
  /* The node and the link that went with it. */
  assert_ids (evb_selection_get_nodes (selection), "c");
  g_assert_cmpuint (evb_selection_get_links (selection)->len, ==, 0);
  g_assert_cmpuint (changes, ==, 2);

  g_assert_true (evb_board_undo (board, &error));
  g_assert_no_error (error);
  assert_ids (evb_selection_get_nodes (selection), "c");
  g_assert_cmpuint (changes, ==, 2);
}

static void
test_outlives_nothing (void)
{
  EvbBoard *board = make_board ();
  EvbSelection *selection = evb_selection_new (board);

  evb_selection_select (selection, "a", FALSE);
  g_object_unref (board);
  /* The selection holds the board alive. */
  g_assert_nonnull (evb_board_get_node (evb_selection_get_board (selection), "a"));
  g_assert_finalize_object (selection);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/selection/order-and-signal", test_select_order_and_signal);
  g_test_add_func ("/selection/set-and-all", test_set_and_all);
  g_test_add_func ("/selection/follows-board", test_follows_board);
  g_test_add_func ("/selection/lifetime", test_outlives_nothing);

  return g_test_run ();
}
