/* test-groups.c: groups on a board: membership, deleting cards, undo of every command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "evb-board.h"
#include "evb-editing.h"
#include "evb-error.h"

static EvbBoard *
make_board (guint n)
{
  EvbBoard *board = evb_board_new ("Groups");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EvbNodeData) data = evb_node_data_new (i == 0 ? EVB_NODE_KIND_CLAIM
                                                              : EVB_NODE_KIND_EVIDENCE);
      g_autoptr(GError) error = NULL;

      data->id = g_strdup_printf ("n%u", i);
      if (i > 0)
        data->evidence_type = EVB_EVIDENCE_TYPE_PHOTO;
      data->x = 300.0 * i;
      g_assert_nonnull (evb_board_add_node (board, data, &error));
      g_assert_no_error (error);
    }
  evb_board_clear_history (board);
  return board;
}

static GPtrArray *
ids (const char *first,
     ...)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);
  va_list args;

  va_start (args, first);
  for (const char *id = first; id != NULL; id = va_arg (args, const char *))
    g_ptr_array_add (array, g_strdup (id));
  va_end (args);
  return array;
}

static char *
members (EvbGroup *group)
{
  return g_strjoinv (",", (char **) evb_group_get_nodes (group));
}

static void
count_cb (gpointer  instance,
          gpointer  item,
          guint    *count)
{
  (*count)++;
}

static void
test_membership (void)
{
  g_autoptr(EvbBoard) board = make_board (4);
  g_autoptr(GPtrArray) first = ids ("n1", "n2", NULL);
  g_autoptr(GPtrArray) second = ids ("n2", "n3", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbGroupData) bad = NULL;
  g_autofree char *list = NULL;
  guint added = 0, changed = 0, removed = 0;
  EvbGroup *a, *b;

  g_signal_connect (board, "group-added", G_CALLBACK (count_cb), &added);
  g_signal_connect (board, "group-changed", G_CALLBACK (count_cb), &changed);
  g_signal_connect (board, "group-removed", G_CALLBACK (count_cb), &removed);

  a = evb_editing_group (board, first, "Sources", &error);
  g_assert_no_error (error);
  g_assert_nonnull (a);
  g_assert_cmpstr (evb_group_get_label (a), ==, "Sources");
  g_assert_true (evb_board_get_node_group (board, "n1") == a);
  g_assert_null (evb_board_get_node_group (board, "n0"));
  g_assert_cmpuint (added, ==, 1);

  /* A card is in at most one group: grouping it again takes it out of the
   * first, in the same undo step. */
  b = evb_editing_group (board, second, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (evb_board_get_node_group (board, "n2") == b);
  list = members (a);
  g_assert_cmpstr (list, ==, "n1");
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Group");

  /* The board refuses a second group for a card, unknown cards and none. */
  {
    const char *taken[] = { "n0", "n3", NULL };
    const char *unknown[] = { "n0", "nope", NULL };

    bad = evb_group_data_new ("Bad", taken);
    g_assert_null (evb_board_add_group (board, bad, &error));
    g_assert_error (error, EVB_ERROR, EVB_ERROR_DUPLICATE);
    g_clear_error (&error);
    g_clear_pointer (&bad, evb_group_data_free);

    bad = evb_group_data_new ("Bad", unknown);
    g_assert_null (evb_board_add_group (board, bad, &error));
    g_assert_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_clear_pointer (&bad, evb_group_data_free);

    bad = evb_group_data_new ("Bad", NULL);
    g_assert_null (evb_board_add_group (board, bad, &error));
    g_assert_error (error, EVB_ERROR, EVB_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_cmpuint (evb_board_get_n_groups (board), ==, 2);
  g_assert_null (evb_board_get_node_group (board, "n0"));

  /* Undo puts n2 back in the first group and removes the second. */
  g_assert_true (evb_board_undo (board, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (evb_board_get_n_groups (board), ==, 1);
  g_assert_true (evb_board_get_node_group (board, "n2") == a);
  g_assert_null (evb_board_get_node_group (board, "n3"));
  g_assert_cmpuint (removed, ==, 1);
}

/* Deleting a card takes it out of its group; the last card's group goes
 * too, and undo brings back the cards and the group as they were. */
static void
test_delete_node (void)
{
  g_autoptr(EvbBoard) board = make_board (3);
  g_autoptr(GPtrArray) group_ids = ids ("n1", "n2", NULL);
  g_autoptr(GPtrArray) one = ids ("n1", NULL);
  g_autoptr(GPtrArray) both = ids ("n1", "n2", NULL);
  g_autoptr(EvbGroupData) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *list = NULL;
  EvbGroup *group;

  group = evb_editing_group (board, group_ids, "Pair", &error);
  g_assert_no_error (error);
  before = evb_group_dup_data (group);

  g_assert_true (evb_editing_delete (board, one, NULL, NULL, &error));
  g_assert_no_error (error);
  group = evb_board_get_group (board, before->id);
  list = members (group);
  g_assert_cmpstr (list, ==, "n2");
  g_assert_null (evb_board_get_node_group (board, "n1"));

  g_assert_true (evb_board_undo (board, &error));
  g_assert_true (evb_group_data_equal (evb_group_get_data (evb_board_get_group (board, before->id)),
                                       before));
  g_assert_true (evb_board_get_node_group (board, "n1") != NULL);

  g_assert_true (evb_editing_delete (board, both, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (evb_board_get_n_groups (board), ==, 0);
  g_assert_null (evb_board_get_group (board, before->id));

  g_assert_true (evb_board_undo (board, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (evb_board_get_n_groups (board), ==, 1);
  g_assert_true (evb_group_data_equal (evb_group_get_data (evb_board_get_group (board, before->id)),
                                       before));

  g_assert_true (evb_board_redo (board, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (evb_board_get_n_groups (board), ==, 0);
}

/* Each command is one undo step that undo reverses and redo repeats. */
static void
test_undo_every_command (void)
{
  g_autoptr(EvbBoard) board = make_board (3);
  g_autoptr(GPtrArray) cards = ids ("n0", "n1", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbGroupData) start = NULL;
  g_autoptr(GPtrArray) moved = NULL;
  g_autoptr(EvbEditingMove) move = NULL;
  g_autofree char *id = NULL;
  EvbGroup *group;

  group = evb_editing_group (board, cards, "Claims", &error);
  g_assert_no_error (error);
  /* A copy: the group's own string goes with its next change. */
  id = g_strdup (evb_group_get_id (group));
  start = evb_group_dup_data (group);

  g_assert_true (evb_editing_rename_group (board, id, "Renamed", NULL, &error));
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Rename Group");
  g_assert_cmpstr (evb_group_get_label (group), ==, "Renamed");
  g_assert_true (evb_board_undo (board, &error));
  g_assert_cmpstr (evb_group_get_label (group), ==, "Claims");
  g_assert_true (evb_board_redo (board, &error));
  g_assert_cmpstr (evb_group_get_label (group), ==, "Renamed");

  g_assert_true (evb_editing_set_group_color (board, id, "#26a269", &error));
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Change Group Color");
  g_assert_cmpstr (evb_group_get_color (group), ==, "#26a269");
  g_assert_false (evb_editing_set_group_color (board, id, "green", &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (evb_group_get_color (group), ==, "#26a269");
  g_assert_true (evb_board_undo (board, &error));
  g_assert_null (evb_group_get_color (group));

  g_assert_true (evb_editing_set_group_collapsed (board, id, TRUE, &error));
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Collapse Group");
  g_assert_true (evb_group_get_collapsed (group));
  g_assert_true (evb_editing_set_group_collapsed (board, id, FALSE, &error));
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Expand Group");
  g_assert_true (evb_board_undo (board, &error));
  g_assert_true (evb_group_get_collapsed (group));
  g_assert_true (evb_board_undo (board, &error));
  g_assert_false (evb_group_get_collapsed (group));

  /* Moving a group moves its cards, and only them, in one step. */
  moved = evb_editing_group_member_ids (group);
  move = evb_editing_move_begin (board, moved);
  g_assert_true (evb_editing_move_update (move, 10, 5, &error));
  g_assert_true (evb_editing_move_update (move, 40, 20, &error));
  g_assert_true (evb_editing_move_end (g_steal_pointer (&move), &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (evb_node_get_data (evb_board_get_node (board, "n1"))->x, ==, 340);
  g_assert_cmpfloat (evb_node_get_data (evb_board_get_node (board, "n2"))->x, ==, 600);
  g_assert_true (evb_board_undo (board, &error));
  g_assert_cmpfloat (evb_node_get_data (evb_board_get_node (board, "n1"))->x, ==, 300);
  g_assert_cmpfloat (evb_node_get_data (evb_board_get_node (board, "n0"))->y, ==, 0);

  g_clear_pointer (&start, evb_group_data_free);
  start = evb_group_dup_data (group);
  g_assert_true (evb_editing_ungroup (board, id, &error));
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Ungroup");
  g_assert_cmpuint (evb_board_get_n_groups (board), ==, 0);
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 3);
  g_assert_true (evb_board_undo (board, &error));
  g_assert_no_error (error);
  g_assert_true (evb_group_data_equal (evb_group_get_data (evb_board_get_group (board, start->id)),
                                       start));

  /* Undo of the first step removes the group altogether. */
  while (evb_board_can_undo (board))
    g_assert_true (evb_board_undo (board, &error));
  g_assert_cmpuint (evb_board_get_n_groups (board), ==, 0);
  g_assert_null (evb_board_get_node_group (board, "n0"));
}

/* Typing a label joins one undo step, as typing a title does. */
static void
test_rename_merges (void)
{
  g_autoptr(EvbBoard) board = make_board (2);
  g_autoptr(GPtrArray) cards = ids ("n1", NULL);
  g_autoptr(GError) error = NULL;
  EvbGroup *group = evb_editing_group (board, cards, "", &error);
  g_autofree char *id = g_strdup (evb_group_get_id (group));

  g_assert_true (evb_editing_rename_group (board, id, "A", "key-1", &error));
  g_assert_true (evb_editing_rename_group (board, id, "Ab", "key-1", &error));
  g_assert_true (evb_editing_rename_group (board, id, "Abc", "key-1", &error));
  g_assert_true (evb_board_undo (board, &error));
  g_assert_cmpstr (evb_group_get_label (group), ==, "");
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Group");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/groups/membership", test_membership);
  g_test_add_func ("/groups/delete-node", test_delete_node);
  g_test_add_func ("/groups/undo-every-command", test_undo_every_command);
  g_test_add_func ("/groups/rename-merges", test_rename_merges);

  return g_test_run ();
}
