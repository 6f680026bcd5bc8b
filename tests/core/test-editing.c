/* test-editing.c: the commands that change a board, one undo step each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "evb-board.h"
#include "evb-editing.h"
#include "evb-error.h"

static EvbNode *
add_at (EvbBoard    *board,
        const char  *id,
        EvbNodeKind  kind,
        double       x,
        double       y)
{
  g_autoptr(EvbNodeData) data = evb_node_data_new (kind);
  g_autoptr(GError) error = NULL;
  EvbNode *node;

  evb_node_data_set_string (&data->id, id);
  evb_node_data_set_string (&data->title, id);
  data->x = x;
  data->y = y;
  node = evb_board_add_node (board, data, &error);
  g_assert_no_error (error);
  return node;
}

static GPtrArray *
ids_of (const char *first,
        ...)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  va_list args;

  va_start (args, first);
  for (const char *id = first; id != NULL; id = va_arg (args, const char *))
    g_ptr_array_add (ids, g_strdup (id));
  va_end (args);
  return ids;
}

static void
test_add_card_free_place (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Editing");
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_CLAIM);
  g_autoptr(GError) error = NULL;
  EvbNode *first, *second;
  double x, y;

  data->x = 100;
  data->y = 100;
  first = evb_editing_add_card (board, data, &error);
  g_assert_no_error (error);
  evb_node_get_bounds (first, &x, &y, NULL, NULL);
  g_assert_cmpfloat (x, ==, 100);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Add Claim");

  /* The same place again: it steps past the first card until free. */
  second = evb_editing_add_card (board, data, &error);
  g_assert_no_error (error);
  evb_node_get_bounds (second, &x, &y, NULL, NULL);
  g_assert_cmpfloat (y, >=, 100 + EVB_CLAIM_DEFAULT_HEIGHT);
  g_assert_cmpfloat (y, <, 100 + EVB_CLAIM_DEFAULT_HEIGHT + EVB_EDITING_PLACE_STEP);
  g_assert_cmpfloat (x - 100, ==, y - 100);
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 2);

  /* One undo step each. */
  g_assert_true (evb_board_undo (board, &error));
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 1);
}

/* Whether the segment passes through the inside of a card other than
 * the two it joins (sampled finely: a test needs no cleverness). */
static gboolean
segment_crosses_a_card (EvbBoard   *board,
                        const char *from,
                        const char *to)
{
  GPtrArray *nodes = evb_board_get_nodes (board);
  double fx, fy, fw, fh, tx, ty, tw, th;

  evb_node_get_bounds (evb_board_get_node (board, from), &fx, &fy, &fw, &fh);
  evb_node_get_bounds (evb_board_get_node (board, to), &tx, &ty, &tw, &th);
  for (guint i = 0; i < nodes->len; i++)
    {
      EvbNode *node = g_ptr_array_index (nodes, i);
      double x, y, w, h;

      if (g_str_equal (evb_node_get_id (node), from) || g_str_equal (evb_node_get_id (node), to))
        continue;
      evb_node_get_bounds (node, &x, &y, &w, &h);
      for (int k = 0; k <= 1000; k++)
        {
          double t = k / 1000.0;
          double px = fx + fw / 2 + t * (tx + tw / 2 - fx - fw / 2);
          double py = fy + fh / 2 + t * (ty + th / 2 - fy - fh / 2);

          if (px > x && px < x + w && py > y && py < y + h)
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
overlaps_a_card (EvbBoard   *board,
                 const char *id)
{
  GPtrArray *nodes = evb_board_get_nodes (board);
  double nx, ny, nw, nh;

  evb_node_get_bounds (evb_board_get_node (board, id), &nx, &ny, &nw, &nh);
  for (guint i = 0; i < nodes->len; i++)
    {
      double x, y, w, h;

      if (g_str_equal (evb_node_get_id (g_ptr_array_index (nodes, i)), id))
        continue;
      evb_node_get_bounds (g_ptr_array_index (nodes, i), &x, &y, &w, &h);
      if (x < nx + nw && nx < x + w && y < ny + nh && ny < y + h)
        return TRUE;
    }
  return FALSE;
}

/* As on the sample board: claims in a column, evidence in the next, too
 * close for a claim between them. Beside a claim the place right of it is
 * taken; stepping down and right past the evidence, the new card's link
 * back to the claim ran through the evidence between. */
static void
test_add_card_beside (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Editing");
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_CLAIM);
  g_autoptr(EvbNodeData) stepped = NULL;
  g_autoptr(GError) error = NULL;
  EvbNode *node;
  double x, y;

  for (int i = 0; i < 5; i++)
    {
      g_autofree char *claim = g_strdup_printf ("c%d", i);
      g_autofree char *evidence = g_strdup_printf ("e%d", i);

      add_at (board, claim, EVB_NODE_KIND_CLAIM, 700, 60 + 260 * i);
      add_at (board, evidence, EVB_NODE_KIND_EVIDENCE, 1240, 150 + 170 * i);
    }
  evb_board_clear_history (board);
  /* Right of c1, as the window asks. */
  data->x = 700 + EVB_CLAIM_DEFAULT_WIDTH + 40;
  data->y = 320;

  /* The rule before: past the column, and the link crosses it. */
  stepped = evb_node_data_copy (data);
  evb_editing_find_free_place (board, stepped);
  g_assert_cmpfloat (stepped->x, >=, 1240 + EVB_NODE_DEFAULT_WIDTH);

  node = evb_editing_add_card_beside (board, data, "c1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_false (overlaps_a_card (board, evb_node_get_id (node)));
  g_assert_false (segment_crosses_a_card (board, evb_node_get_id (node), "c1"));
  /* Nearby: within the search around the place asked for. */
  evb_node_get_bounds (node, &x, &y, NULL, NULL);
  g_assert_cmpfloat (fabs (x - data->x), <=, EVB_EDITING_BESIDE_RINGS * EVB_EDITING_PLACE_STEP);
  g_assert_cmpfloat (fabs (y - data->y), <=, EVB_EDITING_BESIDE_RINGS * EVB_EDITING_PLACE_STEP);

  /* One step, named as any new card's. */
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Add Claim");
  g_assert_true (evb_board_undo (board, &error));
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 10);
  g_assert_false (evb_board_can_undo (board));

  /* A free place with a clear line: taken as it is. */
  data->x = 1240 + EVB_NODE_DEFAULT_WIDTH + 40;
  data->y = 150;
  node = evb_editing_add_card_beside (board, data, "e0", &error);
  evb_node_get_bounds (node, &x, &y, NULL, NULL);
  g_assert_cmpfloat (x, ==, data->x);
  g_assert_cmpfloat (y, ==, data->y);
}

/* Walled in beyond the search: the rule before, stepping down and right. */
static void
test_add_card_beside_walled_in (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Editing");
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  g_autoptr(EvbNodeData) stepped = NULL;
  g_autoptr(GError) error = NULL;
  EvbNode *node;
  double x, y;
  int n = 0;

  /* Cards edge to edge over the whole search, the one in the middle
   * being the card to go beside. */
  for (int i = -4; i <= 4; i++)
    for (int j = -8; j <= 8; j++)
      {
        g_autofree char *id = g_strdup_printf ("n%d", n++);

        add_at (board, id, EVB_NODE_KIND_EVIDENCE, i * EVB_NODE_DEFAULT_WIDTH, j * EVB_NODE_DEFAULT_HEIGHT);
      }
  data->x = EVB_NODE_DEFAULT_WIDTH + 40;
  data->y = 0;
  stepped = evb_node_data_copy (data);
  evb_editing_find_free_place (board, stepped);

  node = evb_editing_add_card_beside (board, data, "n76", &error);
  g_assert_no_error (error);
  evb_node_get_bounds (node, &x, &y, NULL, NULL);
  g_assert_cmpfloat (x, ==, stepped->x);
  g_assert_cmpfloat (y, ==, stepped->y);
}

static void
test_add_card_invalid_changes_nothing (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Editing");
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  g_autoptr(GError) error = NULL;

  add_at (board, "taken", EVB_NODE_KIND_CLAIM, 0, 0);
  evb_node_data_set_string (&data->id, "taken");
  g_assert_null (evb_editing_add_card (board, data, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_DUPLICATE);
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 1);
  g_assert_false (evb_board_in_transaction (board));
  /* Only the setup's own step is there to undo. */
  g_assert_cmpstr (evb_board_get_undo_label (board), !=, "Add Evidence");
}

static void
test_delete_message_and_undo (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Editing");
  g_autoptr(GPtrArray) nodes = ids_of ("a", "b", NULL);
  g_autoptr(GPtrArray) links = ids_of ("l1", NULL);
  g_autoptr(GPtrArray) none = ids_of (NULL);
  g_autoptr(EvbLinkData) link = evb_link_data_new ("a", "c", EVB_RELATION_REFUTES);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *link_message = NULL;

  add_at (board, "a", EVB_NODE_KIND_EVIDENCE, 0, 0);
  add_at (board, "b", EVB_NODE_KIND_EVIDENCE, 400, 0);
  add_at (board, "c", EVB_NODE_KIND_CLAIM, 800, 0);
  evb_node_data_set_string (&link->id, "l1");
  g_assert_nonnull (evb_board_add_link (board, link, &error));

  /* The link goes with card a; naming it too is no error. */
  g_assert_true (evb_editing_delete (board, nodes, links, &message, &error));
  g_assert_no_error (error);
  /* The toast says the link went too. */
  g_assert_cmpstr (message, ==, "Deleted 2 cards and their links");
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 1);
  g_assert_cmpuint (evb_board_get_n_links (board), ==, 0);

  g_assert_true (evb_board_undo (board, &error));
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 3);
  g_assert_cmpuint (evb_board_get_n_links (board), ==, 1);

  g_assert_true (evb_editing_delete (board, none, links, &link_message, &error));
  g_assert_cmpstr (link_message, ==, "Deleted 1 link");
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 3);

  /* A card that is not there: nothing at all is deleted. */
  g_ptr_array_add (none, g_strdup ("b"));
  g_ptr_array_add (none, g_strdup ("ghost"));
  g_assert_false (evb_editing_delete (board, none, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 3);
  g_assert_false (evb_board_in_transaction (board));
}

static void
test_link_and_relink (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Editing");
  g_autoptr(GError) error = NULL;
  EvbLink *link, *again;
  g_autofree char *id = NULL;

  add_at (board, "e", EVB_NODE_KIND_EVIDENCE, 0, 0);
  add_at (board, "c", EVB_NODE_KIND_CLAIM, 400, 0);
  add_at (board, "d", EVB_NODE_KIND_CLAIM, 800, 0);

  link = evb_editing_link (board, "e", "c", EVB_RELATION_SUPPORTS, &error);
  g_assert_no_error (error);
  g_assert_nonnull (link);
  id = g_strdup (evb_link_get_id (link));
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Link as Supports");

  /* Linking the same pair again changes the relation of the one link. */
  again = evb_editing_link (board, "e", "c", EVB_RELATION_REFUTES, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (evb_link_get_id (again), ==, id);
  g_assert_cmpint (evb_link_get_relation (again), ==, EVB_RELATION_REFUTES);
  g_assert_cmpuint (evb_board_get_n_links (board), ==, 1);

  g_assert_true (evb_editing_relink (board, id, "e", "d", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (evb_link_get_to (evb_board_get_link (board, id)), ==, "d");
  g_assert_cmpint (evb_link_get_relation (evb_board_get_link (board, id)), ==, EVB_RELATION_REFUTES);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Relink");

  /* A self link is refused and changes nothing. */
  g_assert_null (evb_editing_link (board, "c", "c", EVB_RELATION_SUPPORTS, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (evb_editing_relink (board, "nope", "e", "c", &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND);
  g_assert_cmpuint (evb_board_get_n_links (board), ==, 1);
  g_assert_false (evb_board_in_transaction (board));
}

static void
test_move_is_one_step (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Editing");
  g_autoptr(GPtrArray) ids = ids_of ("a", "b", NULL);
  g_autoptr(GError) error = NULL;
  EvbEditingMove *move;
  double x, y;

  add_at (board, "a", EVB_NODE_KIND_EVIDENCE, 0, 0);
  add_at (board, "b", EVB_NODE_KIND_EVIDENCE, 400, 0);

  move = evb_editing_move_begin (board, ids);
  for (int i = 1; i <= 10; i++)
    g_assert_true (evb_editing_move_update (move, i * 10.4, i * -3.0, &error));
  g_assert_true (evb_editing_move_end (move, &error));
  g_assert_no_error (error);
  evb_node_get_bounds (evb_board_get_node (board, "b"), &x, &y, NULL, NULL);
  g_assert_cmpfloat (x, ==, 504);
  g_assert_cmpfloat (y, ==, -30);

  g_assert_true (evb_board_undo (board, &error));
  evb_node_get_bounds (evb_board_get_node (board, "b"), &x, &y, NULL, NULL);
  g_assert_cmpfloat (x, ==, 400);
  g_assert_cmpfloat (y, ==, 0);

  /* Cancelled: as if it never happened. */
  move = evb_editing_move_begin (board, ids);
  g_assert_true (evb_editing_move_update (move, 50, 50, &error));
  evb_editing_move_cancel (move);
  evb_node_get_bounds (evb_board_get_node (board, "a"), &x, &y, NULL, NULL);
  g_assert_cmpfloat (x, ==, 0);
  g_assert_false (evb_board_in_transaction (board));

  g_assert_true (evb_editing_nudge (board, ids, -10, 0, NULL, &error));
  evb_node_get_bounds (evb_board_get_node (board, "a"), &x, &y, NULL, NULL);
  g_assert_cmpfloat (x, ==, -10);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Move");
}

/* Arrow keys held down: nudges in a row with one key are one undo step;
 * without a key each is a step of its own. */
static void
test_nudges_in_a_row_merge (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Editing");
  g_autoptr(GPtrArray) ids = ids_of ("a", NULL);
  g_autoptr(GError) error = NULL;
  double x, y;

  add_at (board, "a", EVB_NODE_KIND_EVIDENCE, 0, 0);
  for (int i = 0; i < 3; i++)
    g_assert_true (evb_editing_nudge (board, ids, 10, 0, "nudge a", &error));
  g_assert_true (evb_editing_nudge (board, ids, 0, 10, "nudge a", &error));
  evb_node_get_bounds (evb_board_get_node (board, "a"), &x, &y, NULL, NULL);
  g_assert_cmpfloat (x, ==, 30);
  g_assert_cmpfloat (y, ==, 10);
  g_assert_true (evb_board_undo (board, &error));
  evb_node_get_bounds (evb_board_get_node (board, "a"), &x, &y, NULL, NULL);
  g_assert_cmpfloat (x, ==, 0);
  g_assert_cmpfloat (y, ==, 0);

  g_assert_true (evb_board_redo (board, &error));
  g_assert_true (evb_editing_nudge (board, ids, 10, 0, NULL, &error));
  g_assert_true (evb_board_undo (board, &error));
  evb_node_get_bounds (evb_board_get_node (board, "a"), &x, &y, NULL, NULL);
  g_assert_cmpfloat (x, ==, 30);
}

static void
set_source (EvbNodeData   *data,
            gconstpointer  user_data)
{
  evb_node_data_set_string (&data->source, user_data);
}

static void
test_edit_cards_merges_typing (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Editing");
  g_autoptr(GPtrArray) ids = ids_of ("a", "b", "gone", NULL);
  g_autoptr(GError) error = NULL;

  add_at (board, "a", EVB_NODE_KIND_EVIDENCE, 0, 0);
  add_at (board, "b", EVB_NODE_KIND_EVIDENCE, 400, 0);
  evb_board_clear_history (board);

  g_assert_true (evb_editing_edit_cards (board, "Edit Source", "k1", ids, set_source, "R", &error));
  g_assert_true (evb_editing_edit_cards (board, "Edit Source", "k1", ids, set_source, "Re", &error));
  g_assert_true (evb_editing_edit_cards (board, "Edit Source", "k1", ids, set_source, "Reu", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (evb_node_get_data (evb_board_get_node (board, "b"))->source, ==, "Reu");

  /* Three keystrokes, one undo step. */
  g_assert_true (evb_board_undo (board, &error));
  g_assert_null (evb_node_get_data (evb_board_get_node (board, "a"))->source);
  g_assert_false (evb_board_can_undo (board));

  /* No change at all: no undo step. */
  g_assert_true (evb_editing_edit_cards (board, "Edit Source", NULL, ids, set_source, NULL, &error));
  g_assert_false (evb_board_can_undo (board));
}

static void
test_attach (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Editing");
  g_autoptr(GError) error = NULL;
  EvbAttachmentInfo info = {
    .uri = "file:///evidence/clip.mp4",
    .sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    .size = 1234,
    .media_type = "video/mp4",
    .name = "clip.mp4",
  };
  EvbNode *node, *same;
  const EvbNodeData *data;

  node = evb_editing_attach (board, NULL, &info, 10, 20, &error);
  g_assert_no_error (error);
  data = evb_node_get_data (node);
  g_assert_cmpstr (data->title, ==, "clip.mp4");
  g_assert_cmpint (data->evidence_type, ==, EVB_EVIDENCE_TYPE_VIDEO);
  g_assert_cmpint (data->attachment_size, ==, 1234);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Attach File");

  /* Onto an evidence card: the same card gets the file. */
  info.uri = "file:///evidence/other.png";
  info.media_type = "image/png";
  same = evb_editing_attach (board, evb_node_get_id (node), &info, 0, 0, &error);
  g_assert_true (same == node);
  g_assert_cmpstr (evb_node_get_data (node)->attachment_uri, ==, "file:///evidence/other.png");
  g_assert_cmpint (evb_node_get_data (node)->evidence_type, ==, EVB_EVIDENCE_TYPE_VIDEO);
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 1);

  g_assert_true (evb_editing_remove_attachment (board, evb_node_get_id (node), &error));
  g_assert_null (evb_node_get_data (node)->attachment_uri);
  g_assert_cmpint (evb_node_get_data (node)->attachment_size, ==, -1);
  g_assert_true (evb_board_undo (board, &error));
  g_assert_cmpstr (evb_node_get_data (node)->attachment_sha256, ==, info.sha256);
}

/* A stand-in for the render layer's measure: ten units a character of the
 * title on one line up to 400 wide, then 20 units a line. */
static guint n_fits;

static void
fake_fit (const EvbNodeData *data,
          double            *width,
          double            *height)
{
  double chars = g_utf8_strlen (data->title, -1);
  double lines = ceil (chars * 10 / 400);

  n_fits++;
  *width = MAX (EVB_NODE_DEFAULT_WIDTH, MIN (chars * 10, 400));
  *height = MAX (EVB_NODE_DEFAULT_HEIGHT, 60 + lines * 20);
}

static void
set_title_cb (EvbNodeData   *data,
              gconstpointer  user_data)
{
  evb_node_data_set_string (&data->title, user_data);
}

static void
set_tags_cb (EvbNodeData   *data,
             gconstpointer  user_data)
{
  g_strfreev (data->tags);
  data->tags = g_strdupv ((GStrv) user_data);
}

static void
assert_size (EvbBoard   *board,
             const char *id,
             double      width,
             double      height)
{
  double w, h;

  evb_node_get_bounds (evb_board_get_node (board, id), NULL, NULL, &w, &h);
  g_assert_cmpfloat (w, ==, width);
  g_assert_cmpfloat (h, ==, height);
}

static void
test_fit_new_and_edited_cards (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Editing");
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  g_autoptr(GPtrArray) ids = ids_of ("e1", NULL);
  g_autofree char *longer = g_strnfill (300, 'x');
  g_autoptr(GError) error = NULL;
  EvbNode *node;
  double w, h;

  evb_editing_set_fit_func (board, fake_fit);
  evb_node_data_set_string (&data->id, "e1");
  evb_node_data_set_string (&data->title, "A title of exactly thirty-five chr");
  g_assert_cmpint (g_utf8_strlen (data->title, -1), ==, 34);
  node = evb_editing_add_card (board, data, &error);
  g_assert_no_error (error);
  /* Added at the default size: fitted to its title. */
  assert_size (board, "e1", 340, EVB_NODE_DEFAULT_HEIGHT);

  /* A longer title grows it, in the title's own undo step. */
  g_assert_true (evb_editing_edit_cards (board, "Edit Title", NULL, ids, set_title_cb, longer, &error));
  g_assert_no_error (error);
  assert_size (board, "e1", 400, 60 + 8 * 20);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Edit Title");
  g_assert_true (evb_board_undo (board, &error));
  assert_size (board, "e1", 340, EVB_NODE_DEFAULT_HEIGHT);
  g_assert_true (evb_board_redo (board, &error));

  /* Tags are not on the measure: editing them measures nothing. */
  {
    static const char *tags[] = { "drone", NULL };

    n_fits = 0;
    g_assert_true (evb_editing_edit_cards (board, "Edit Tags", NULL, ids, set_tags_cb, tags, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_fits, ==, 0);
  }

  /* A card the user sized keeps its size when its title changes. */
  {
    g_autoptr(EvbEditingResize) resize = evb_editing_resize_begin (board, "e1");

    g_assert_nonnull (resize);
    g_assert_true (evb_editing_resize_update (resize, 10, 10, &error));
    g_assert_true (evb_editing_resize_update (resize, -30, 40, &error));
    g_assert_true (evb_editing_resize_end (g_steal_pointer (&resize), &error));
  }
  assert_size (board, "e1", 370, 260);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Resize Card");
  {
    g_autoptr(EvbNodeData) edited = evb_node_dup_data (node);

    evb_node_data_set_string (&edited->title, "Short");
    g_assert_true (evb_editing_update_card (board, "Edit Title", edited, &error));
    g_assert_no_error (error);
  }
  assert_size (board, "e1", 370, 260);

  /* Fit to Text makes it fitted again: one undo step. */
  g_assert_true (evb_editing_fit_cards (board, ids, &error));
  g_assert_no_error (error);
  fake_fit (evb_node_get_data (node), &w, &h);
  assert_size (board, "e1", w, h);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Fit to Text");
  g_assert_true (evb_board_undo (board, &error));
  assert_size (board, "e1", 370, 260);
}

static void
test_resize_is_one_step (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Editing");
  g_autoptr(GError) error = NULL;
  EvbEditingResize *resize;

  add_at (board, "c1", EVB_NODE_KIND_CLAIM, 0, 0);
  g_assert_null (evb_editing_resize_begin (board, "nope"));

  resize = evb_editing_resize_begin (board, "c1");
  for (int i = 1; i <= 10; i++)
    g_assert_true (evb_editing_resize_update (resize, 5 * i, 3 * i, &error));
  /* Never smaller than the smallest card. */
  g_assert_true (evb_editing_resize_update (resize, -1000, -1000, &error));
  assert_size (board, "c1", EVB_EDITING_MIN_CARD_WIDTH, EVB_EDITING_MIN_CARD_HEIGHT);
  g_assert_true (evb_editing_resize_update (resize, 50.4, 29.6, &error));
  g_assert_true (evb_editing_resize_end (resize, &error));
  g_assert_no_error (error);
  assert_size (board, "c1", EVB_CLAIM_DEFAULT_WIDTH + 50, EVB_CLAIM_DEFAULT_HEIGHT + 30);

  g_assert_true (evb_board_undo (board, &error));
  assert_size (board, "c1", EVB_CLAIM_DEFAULT_WIDTH, EVB_CLAIM_DEFAULT_HEIGHT);
  g_assert_cmpstr (evb_board_get_redo_label (board), ==, "Resize Card");

  /* A cancelled resize leaves nothing behind. */
  resize = evb_editing_resize_begin (board, "c1");
  g_assert_true (evb_editing_resize_update (resize, 80, 80, &error));
  evb_editing_resize_cancel (resize);
  assert_size (board, "c1", EVB_CLAIM_DEFAULT_WIDTH, EVB_CLAIM_DEFAULT_HEIGHT);
  g_assert_cmpstr (evb_board_get_redo_label (board), ==, "Resize Card");
}

/* The keyboard's resize: steps in a row with one key are one undo step,
 * as nudges are; a card never goes below the smallest size. */
static void
test_resize_steps_merge (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Editing");
  g_autoptr(GPtrArray) ids = ids_of ("e1", NULL);
  g_autoptr(GPtrArray) both = ids_of ("e1", "e2", NULL);
  g_autoptr(GError) error = NULL;

  add_at (board, "e1", EVB_NODE_KIND_EVIDENCE, 0, 0);
  add_at (board, "e2", EVB_NODE_KIND_EVIDENCE, 400, 0);
  g_assert_true (evb_editing_nudge (board, ids, 10, 0, "nudge e1", &error));
  for (int i = 0; i < 3; i++)
    g_assert_true (evb_editing_resize_cards (board, ids, 10, 0, "resize e1", &error));
  g_assert_true (evb_editing_resize_cards (board, ids, 0, -10, "resize e1", &error));
  g_assert_no_error (error);
  assert_size (board, "e1", EVB_NODE_DEFAULT_WIDTH + 30, EVB_NODE_DEFAULT_HEIGHT - 10);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Resize Card");

  /* One undo takes back the four steps, and only them (not the nudge). */
  g_assert_true (evb_board_undo (board, &error));
  assert_size (board, "e1", EVB_NODE_DEFAULT_WIDTH, EVB_NODE_DEFAULT_HEIGHT);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Move");
  g_assert_true (evb_board_redo (board, &error));

  /* Never smaller than the smallest card; once there, a step records nothing. */
  for (int i = 0; i < 40; i++)
    g_assert_true (evb_editing_resize_cards (board, ids, -10, -10, NULL, &error));
  assert_size (board, "e1", EVB_EDITING_MIN_CARD_WIDTH, EVB_EDITING_MIN_CARD_HEIGHT);
  /* The height got there first: the last step that did anything took
   * only the width to its smallest. */
  g_assert_true (evb_board_undo (board, &error));
  assert_size (board, "e1", EVB_EDITING_MIN_CARD_WIDTH + 10, EVB_EDITING_MIN_CARD_HEIGHT);

  /* Several cards grow alike, in one step. */
  g_assert_true (evb_editing_resize_cards (board, both, 0, 20, NULL, &error));
  assert_size (board, "e2", EVB_NODE_DEFAULT_WIDTH, EVB_NODE_DEFAULT_HEIGHT + 20);
  assert_size (board, "e1", EVB_EDITING_MIN_CARD_WIDTH + 10, EVB_EDITING_MIN_CARD_HEIGHT + 20);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Resize Cards");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/editing/add-card/free-place", test_add_card_free_place);
  g_test_add_func ("/editing/add-card/invalid", test_add_card_invalid_changes_nothing);
  g_test_add_func ("/editing/add-card/beside", test_add_card_beside);
  g_test_add_func ("/editing/add-card/beside-walled-in", test_add_card_beside_walled_in);
  g_test_add_func ("/editing/delete", test_delete_message_and_undo);
  g_test_add_func ("/editing/link", test_link_and_relink);
  g_test_add_func ("/editing/move", test_move_is_one_step);
  g_test_add_func ("/editing/nudges-merge", test_nudges_in_a_row_merge);
  g_test_add_func ("/editing/edit-cards", test_edit_cards_merges_typing);
  g_test_add_func ("/editing/attach", test_attach);
  g_test_add_func ("/editing/fit-cards", test_fit_new_and_edited_cards);
  g_test_add_func ("/editing/resize", test_resize_is_one_step);
  g_test_add_func ("/editing/resize-steps-merge", test_resize_steps_merge);

  return g_test_run ();
}
