/* test-board.c: the board model and its undo history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "evb-board-private.h"
#include "evb-node-private.h"
#include "evb-error.h"

/* A canonical text of a whole board, for comparing states. */
static char *
board_dump (EvbBoard *board)
{
  GString *out = g_string_new (NULL);
  GPtrArray *nodes = evb_board_get_nodes (board);
  GPtrArray *links = evb_board_get_links (board);

  g_string_append_printf (out, "board %s|%s\n", evb_board_get_title (board),
                          evb_board_get_description (board) ? evb_board_get_description (board) : "");
  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *d = evb_node_get_data (g_ptr_array_index (nodes, i));
      g_autofree char *tags = g_strjoinv (",", d->tags);

      g_string_append_printf (out, "node %s %d %s|%s %g,%g %gx%g %s %d %s %s %c%d %s %s [%s] %s %s %s\n",
                              d->id, d->kind, d->title, d->body ? d->body : "", d->x, d->y,
                              d->width, d->height, d->claimant ? d->claimant : "-",
                              d->evidence_type, d->source ? d->source : "-",
                              d->source_url ? d->source_url : "-",
                              d->reliability ? d->reliability : '-', d->credibility,
                              d->occurred ? d->occurred : "-", d->collected ? d->collected : "-",
                              tags, d->color ? d->color : "-",
                              d->attachment_uri ? d->attachment_uri : "-", d->modified);
    }
  for (guint i = 0; i < links->len; i++)
    {
      const EvbLinkData *d = evb_link_get_data (g_ptr_array_index (links, i));

      g_string_append_printf (out, "link %s %s>%s %d %d %s\n", d->id, d->from, d->to,
                              d->relation, d->strength, d->note ? d->note : "-");
    }
  return g_string_free (out, FALSE);
}

static EvbNode *
add_node (EvbBoard    *board,
          EvbNodeKind  kind,
          const char  *title,
          double       x,
          double       y)
{
  g_autoptr(EvbNodeData) data = evb_node_data_new (kind);
  g_autoptr(GError) error = NULL;
  EvbNode *node;

  evb_node_data_set_string (&data->title, title);
  data->x = x;
  data->y = y;
  node = evb_board_add_node (board, data, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static EvbLink *
add_link (EvbBoard    *board,
          const char  *from,
          const char  *to,
          EvbRelation  relation)
{
  g_autoptr(EvbLinkData) data = evb_link_data_new (from, to, relation);
  g_autoptr(GError) error = NULL;
  EvbLink *link = evb_board_add_link (board, data, &error);

  g_assert_no_error (error);
  g_assert_nonnull (link);
  return link;
}

static void
test_enums (void)
{
  EvbEvidenceType type;
  EvbNodeKind kind;
  EvbRelation relation;
  EvbStrength strength;

  for (int i = 0; i < EVB_N_EVIDENCE_TYPES; i++)
    {
      g_assert_true (evb_evidence_type_from_string (evb_evidence_type_to_string (i), &type));
      g_assert_cmpint (type, ==, i);
      g_assert_nonnull (evb_evidence_type_get_label (i));
    }
  g_assert_true (evb_evidence_type_from_string ("satellite-imagery", &type));
  g_assert_cmpint (type, ==, EVB_EVIDENCE_TYPE_SATELLITE_IMAGERY);
  g_assert_false (evb_evidence_type_from_string ("rumour", &type));
  g_assert_false (evb_evidence_type_from_string (NULL, &type));
  g_assert_true (evb_node_kind_from_string ("claim", &kind));
  g_assert_false (evb_node_kind_from_string ("Claim", &kind));
  g_assert_true (evb_relation_from_string ("refutes", &relation));
  g_assert_cmpint (relation, ==, EVB_RELATION_REFUTES);
  g_assert_true (evb_strength_from_string ("strong", &strength));
  g_assert_false (evb_strength_from_string ("huge", &strength));

  for (char c = 'A'; c <= 'F'; c++)
    {
      g_assert_true (evb_reliability_is_valid (c));
      g_assert_nonnull (evb_reliability_get_label (c));
    }
  g_assert_false (evb_reliability_is_valid ('G'));
  g_assert_false (evb_reliability_is_valid ('a'));
  g_assert_false (evb_credibility_is_valid (0));
  g_assert_false (evb_credibility_is_valid (7));
  g_assert_true (evb_credibility_is_valid (6));

  g_assert_true (evb_date_is_valid ("2025-12-29"));
  g_assert_true (evb_date_is_valid ("2025-12-29T03:00:00Z"));
  g_assert_true (evb_date_is_valid ("2025-12-29T03:00:00.5+03:00"));
  g_assert_false (evb_date_is_valid ("2025-02-30"));
  g_assert_false (evb_date_is_valid ("2025-12-29T03:00:00"));
  g_assert_false (evb_date_is_valid ("29/12/2025"));
  g_assert_false (evb_date_is_valid ("2025-12-29x"));
  g_assert_false (evb_date_is_valid (""));

  g_assert_true (evb_color_is_valid ("#3584e4"));
  g_assert_false (evb_color_is_valid ("3584e4"));
  g_assert_false (evb_color_is_valid ("#3584g4"));
}

static void
assert_add_fails (EvbBoard    *board,
                  EvbNodeData *data,
                  int          code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = board_dump (board);
  g_autofree char *after = NULL;

  g_assert_null (evb_board_add_node (board, data, &error));
  g_assert_error (error, EVB_ERROR, code);
  after = board_dump (board);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (evb_board_in_transaction (board));
}

/* Text is checked to be UTF-8 eight ASCII bytes at a time, then by GLib
 * from the first byte that is not ASCII: a bad byte, a cut sequence or a
 * good one at every place around those words is judged as GLib judges it. */
static void
test_validation_utf8 (void)
{
  static const char * const pieces[] = {
    "\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80", "\xc0\xaf", /* not UTF-8 */
    "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x93\xb7",           /* UTF-8 */
  };
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_CLAIM);

  evb_node_data_set_string (&data->id, "n1");
  for (guint p = 0; p < G_N_ELEMENTS (pieces); p++)
    for (guint before = 0; before <= 18; before++)
      for (guint after = 0; after <= 9; after += 3)
        {
          g_autoptr(GString) text = g_string_new (NULL);
          g_autoptr(GError) error = NULL;
          gboolean valid;

          for (guint i = 0; i < before; i++)
            g_string_append_c (text, 'a' + i % 26);
          g_string_append (text, pieces[p]);
          for (guint i = 0; i < after; i++)
            g_string_append_c (text, 'z');
          valid = g_utf8_validate (text->str, -1, NULL);
          g_assert_cmpint (valid, ==, p >= 5);

          evb_node_data_set_string (&data->title, text->str);
          g_assert_cmpint (evb_node_data_validate (data, &error), ==, valid);
          if (!valid)
            g_assert_error (error, EVB_ERROR, EVB_ERROR_INVALID);
        }
}

/* The quick check judges every text as g_utf8_validate_len() does: a NUL,
 * a bad byte, a cut sequence or a good one at every place around its words. */
static void
test_text_is_utf8 (void)
{
  static const char * const pieces[] = {
    "", "\xff", "\xc3", "\xe2\x82", "\xc0\xaf", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x93\xb7",
  };

  for (guint p = 0; p < G_N_ELEMENTS (pieces); p++)
    for (guint before = 0; before <= 18; before++)
      for (guint after = 0; after <= 9; after++)
        for (int nul = -1; nul < (int) (before + after); nul++)
          {
            g_autoptr(GString) text = g_string_new (NULL);

            for (guint i = 0; i < before; i++)
              g_string_append_c (text, 'a' + i % 26);
            g_string_append (text, pieces[p]);
            for (guint i = 0; i < after; i++)
              g_string_append_c (text, 'z');
            if (nul >= 0)
              text->str[nul < (int) before ? nul : nul - before + before + strlen (pieces[p])] = '\0';
            g_assert_cmpint (_evb_text_is_utf8 (text->str, text->len), ==,
                             g_utf8_validate_len (text->str, text->len, NULL));
          }
}

static void
test_validation (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Test");
  g_autoptr(EvbNodeData) data = NULL;
  g_autoptr(EvbLinkData) link = NULL;
  g_autoptr(GError) error = NULL;
  EvbNode *a, *b;

  a = add_node (board, EVB_NODE_KIND_CLAIM, "A", 0, 0);
  b = add_node (board, EVB_NODE_KIND_EVIDENCE, "B", 300, 0);
  g_assert_cmpstr (evb_node_get_id (a), !=, evb_node_get_id (b));
  g_assert_true (evb_board_get_node (board, evb_node_get_id (a)) == a);
  g_assert_null (evb_board_get_node (board, "nope"));
  g_assert_cmpint (evb_node_get_evidence_type (a), ==, EVB_EVIDENCE_TYPE_NONE);
  g_assert_cmpint (evb_node_get_evidence_type (b), ==, EVB_EVIDENCE_TYPE_OTHER);
  g_assert_nonnull (evb_node_get_data (a)->created);

  data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  data->reliability = 'G';
  assert_add_fails (board, data, EVB_ERROR_INVALID);
  data->reliability = 'B';
  data->credibility = 7;
  assert_add_fails (board, data, EVB_ERROR_INVALID);
  data->credibility = 2;
  data->evidence_type = 42;
  assert_add_fails (board, data, EVB_ERROR_INVALID);
  data->evidence_type = EVB_EVIDENCE_TYPE_RADAR;
  evb_node_data_set_string (&data->occurred, "yesterday");
  assert_add_fails (board, data, EVB_ERROR_INVALID);
  evb_node_data_set_string (&data->occurred, "2025-12-29");
  evb_node_data_set_string (&data->color, "red");
  assert_add_fails (board, data, EVB_ERROR_INVALID);
  evb_node_data_set_string (&data->color, NULL);
  data->x = 1.0 / 0.0;
  assert_add_fails (board, data, EVB_ERROR_INVALID);
  data->x = 10;
  data->width = -1;
  assert_add_fails (board, data, EVB_ERROR_INVALID);
  data->width = 200;
  evb_node_data_set_string (&data->attachment_sha256, "abc");
  assert_add_fails (board, data, EVB_ERROR_INVALID);
  evb_node_data_set_string (&data->attachment_sha256, NULL);
  evb_node_data_set_string (&data->id, evb_node_get_id (a));
  assert_add_fails (board, data, EVB_ERROR_DUPLICATE);
  evb_node_data_set_string (&data->id, NULL);

  /* A claim with an evidence type is invalid. */
  {
    g_autoptr(EvbNodeData) claim = evb_node_data_new (EVB_NODE_KIND_CLAIM);
    claim->evidence_type = EVB_EVIDENCE_TYPE_VIDEO;
    assert_add_fails (board, claim, EVB_ERROR_INVALID);
  }

  g_assert_nonnull (evb_board_add_node (board, data, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 3);

  /* Links: no self link, no dangling end, no duplicate ordered pair. */
  link = evb_link_data_new (evb_node_get_id (a), evb_node_get_id (a), EVB_RELATION_SUPPORTS);
  g_assert_null (evb_board_add_link (board, link, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&link, evb_link_data_free);

  link = evb_link_data_new (evb_node_get_id (b), "n999", EVB_RELATION_SUPPORTS);
  g_assert_null (evb_board_add_link (board, link, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&link, evb_link_data_free);

  add_link (board, evb_node_get_id (b), evb_node_get_id (a), EVB_RELATION_SUPPORTS);
  link = evb_link_data_new (evb_node_get_id (b), evb_node_get_id (a), EVB_RELATION_REFUTES);
  g_assert_null (evb_board_add_link (board, link, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_clear_pointer (&link, evb_link_data_free);

  /* The opposite direction is another ordered pair. */
  add_link (board, evb_node_get_id (a), evb_node_get_id (b), EVB_RELATION_REFUTES);
  g_assert_cmpuint (evb_board_get_n_links (board), ==, 2);
  g_assert_nonnull (evb_board_find_link (board, evb_node_get_id (a), evb_node_get_id (b)));

  link = evb_link_data_new (evb_node_get_id (b), evb_node_get_id (a), EVB_RELATION_SUPPORTS);
  link->strength = 9;
  g_assert_null (evb_board_add_link (board, link, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_INVALID);
  g_clear_error (&error);
}

typedef struct
{
  guint added, removed, changed, links_added, links_removed, links_changed;
  guint committed, can_undo;
} Counts;

static void count_cb (gpointer instance, gpointer item, guint *counter) { (*counter)++; }
static void count0_cb (gpointer instance, guint *counter) { (*counter)++; }
static void notify_cb (GObject *object, GParamSpec *pspec, guint *counter) { (*counter)++; }

static void
test_signals_and_links (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Signals");
  g_autoptr(GError) error = NULL;
  Counts c = { 0 };
  EvbNode *claim, *e1, *e2;
  EvbLink *l1;
  guint n_supports, n_refutes;

  g_signal_connect (board, "node-added", G_CALLBACK (count_cb), &c.added);
  g_signal_connect (board, "node-removed", G_CALLBACK (count_cb), &c.removed);
  g_signal_connect (board, "node-changed", G_CALLBACK (count_cb), &c.changed);
  g_signal_connect (board, "link-added", G_CALLBACK (count_cb), &c.links_added);
  g_signal_connect (board, "link-removed", G_CALLBACK (count_cb), &c.links_removed);
  g_signal_connect (board, "link-changed", G_CALLBACK (count_cb), &c.links_changed);
  g_signal_connect (board, "committed", G_CALLBACK (count0_cb), &c.committed);
  g_signal_connect (board, "notify::can-undo", G_CALLBACK (notify_cb), &c.can_undo);

  claim = add_node (board, EVB_NODE_KIND_CLAIM, "Claim", 0, 0);
  e1 = add_node (board, EVB_NODE_KIND_EVIDENCE, "E1", 300, 0);
  e2 = add_node (board, EVB_NODE_KIND_EVIDENCE, "E2", 300, 200);
  l1 = add_link (board, evb_node_get_id (e1), evb_node_get_id (claim), EVB_RELATION_SUPPORTS);
  add_link (board, evb_node_get_id (e2), evb_node_get_id (claim), EVB_RELATION_REFUTES);
  add_link (board, evb_node_get_id (e1), evb_node_get_id (e2), EVB_RELATION_SUPPORTS);
  g_assert_cmpuint (c.added, ==, 3);
  g_assert_cmpuint (c.links_added, ==, 3);
  g_assert_cmpuint (c.committed, ==, 6);
  g_assert_cmpuint (c.can_undo, ==, 1);

  evb_node_count_incoming (claim, &n_supports, &n_refutes);
  g_assert_cmpuint (n_supports, ==, 1);
  g_assert_cmpuint (n_refutes, ==, 1);
  g_assert_cmpuint (evb_node_get_links (e1)->len, ==, 2);

  {
    g_autoptr(EvbLinkData) d = evb_link_dup_data (l1);
    d->strength = EVB_STRENGTH_STRONG;
    g_free (d->note);
    d->note = g_strdup ("Shows the drone");
    g_assert_true (evb_board_update_link (board, d, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (c.links_changed, ==, 1);
    g_assert_cmpstr (evb_link_get_note (l1), ==, "Shows the drone");

    /* Ends cannot change through an update. */
    g_free (d->to);
    d->to = g_strdup (evb_node_get_id (e2));
    g_assert_false (evb_board_update_link (board, d, &error));
    g_assert_error (error, EVB_ERROR, EVB_ERROR_INVALID);
    g_clear_error (&error);
  }

  g_assert_true (evb_board_move_node (board, evb_node_get_id (e1), 10, 20, &error));
  g_assert_cmpuint (c.changed, ==, 1);
  /* A no-op update records nothing. */
  g_assert_true (evb_board_move_node (board, evb_node_get_id (e1), 10, 20, &error));
  g_assert_cmpuint (c.changed, ==, 1);

  /* Deleting a node deletes its links. */
  g_assert_true (evb_board_remove_node (board, evb_node_get_id (e1), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.removed, ==, 1);
  g_assert_cmpuint (c.links_removed, ==, 2);
  g_assert_cmpuint (evb_board_get_n_links (board), ==, 1);
  evb_node_count_incoming (claim, &n_supports, &n_refutes);
  g_assert_cmpuint (n_supports, ==, 0);
  g_assert_cmpuint (n_refutes, ==, 1);

  /* Undo brings back the node and both its links, in their places. */
  g_assert_true (evb_board_undo (board, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (evb_board_get_n_links (board), ==, 3);
  g_assert_nonnull (evb_board_get_node (board, "n2"));
  g_assert_true (g_ptr_array_index (evb_board_get_nodes (board), 1) ==
                 evb_board_get_node (board, "n2"));
  g_assert_cmpuint (evb_node_get_links (evb_board_get_node (board, "n2"))->len, ==, 2);
}

static void
test_transactions (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Transactions");
  g_autoptr(GError) error = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  EvbNode *a, *b;

  a = add_node (board, EVB_NODE_KIND_CLAIM, "A", 0, 0);
  b = add_node (board, EVB_NODE_KIND_EVIDENCE, "B", 300, 0);
  evb_board_clear_history (board);
  g_assert_false (evb_board_can_undo (board));
  start = board_dump (board);

  /* A drag: many moves, one step. */
  evb_board_begin (board, "Move");
  for (int i = 0; i < 50; i++)
    {
      g_assert_true (evb_board_move_node (board, evb_node_get_id (a), i, i * 2, &error));
      g_assert_true (evb_board_move_node (board, evb_node_get_id (b), 300 + i, i, &error));
    }
  /* Nested transactions join the outer one. */
  evb_board_begin (board, NULL);
  g_assert_true (evb_board_set_title (board, "Renamed", &error));
  g_assert_true (evb_board_commit (board, &error));
  g_assert_false (evb_board_can_undo (board));
  g_assert_true (evb_board_commit (board, &error));
  g_assert_no_error (error);
  g_assert_true (evb_board_can_undo (board));
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Move");
  g_assert_cmpstr (evb_board_get_title (board), ==, "Renamed");

  g_assert_true (evb_board_undo (board, &error));
  end = board_dump (board);
  g_assert_cmpstr (start, ==, end);
  g_assert_false (evb_board_can_undo (board));
  g_assert_true (evb_board_can_redo (board));
  g_assert_true (evb_board_redo (board, &error));
  g_assert_cmpfloat (evb_node_get_data (a)->y, ==, 98);
  g_assert_cmpstr (evb_board_get_title (board), ==, "Renamed");

  /* Rollback puts everything back and records nothing. */
  g_clear_pointer (&start, g_free);
  start = board_dump (board);
  evb_board_begin (board, "Aborted");
  add_node (board, EVB_NODE_KIND_CLAIM, "C", 0, 500);
  g_assert_true (evb_board_remove_node (board, evb_node_get_id (b), &error));
  evb_board_rollback (board);
  g_clear_pointer (&end, g_free);
  end = board_dump (board);
  g_assert_cmpstr (start, ==, end);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Move");

  /* Undo during a transaction is refused. */
  evb_board_begin (board, NULL);
  g_assert_false (evb_board_undo (board, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_TRANSACTION);
  g_clear_error (&error);
  g_assert_true (evb_board_commit (board, &error));

  /* A commit without a transaction is an error, not a crash. */
  g_assert_false (evb_board_commit (board, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_TRANSACTION);
  g_clear_error (&error);

  /* A new change clears the redo steps. */
  g_assert_true (evb_board_undo (board, &error));
  g_assert_true (evb_board_can_redo (board));
  add_node (board, EVB_NODE_KIND_CLAIM, "D", 0, 800);
  g_assert_false (evb_board_can_redo (board));
}

static gboolean fail_commits;
static guint commits_seen;

static gboolean
commit_func (EvbBoard   *board,
             GPtrArray  *changes,
             gpointer    user_data,
             GError    **error)
{
  commits_seen++;
  if (fail_commits)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, "disk full");
      return FALSE;
    }
  return TRUE;
}

static void
test_commit_failure (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Failing");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_CLAIM);
  EvbNode *a;

  _evb_board_set_commit_func (board, commit_func, NULL, NULL);
  a = add_node (board, EVB_NODE_KIND_CLAIM, "A", 0, 0);
  add_node (board, EVB_NODE_KIND_EVIDENCE, "B", 300, 0);
  add_link (board, "n2", "n1", EVB_RELATION_REFUTES);
  g_assert_cmpuint (commits_seen, ==, 3);
  before = board_dump (board);

  fail_commits = TRUE;
  g_assert_false (evb_board_remove_node (board, evb_node_get_id (a), &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
  g_clear_error (&error);
  after = board_dump (board);
  g_assert_cmpstr (before, ==, after);

  g_assert_null (evb_board_add_node (board, data, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
  g_clear_error (&error);
  g_clear_pointer (&after, g_free);
  after = board_dump (board);
  g_assert_cmpstr (before, ==, after);

  /* A failed undo leaves the board and the history as they were. */
  g_assert_false (evb_board_undo (board, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
  g_clear_error (&error);
  g_clear_pointer (&after, g_free);
  after = board_dump (board);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (evb_board_can_undo (board));
  g_assert_false (evb_board_can_redo (board));

  fail_commits = FALSE;
  g_assert_true (evb_board_undo (board, &error));
  g_assert_cmpuint (evb_board_get_n_links (board), ==, 0);
}

static void
test_multi_delete (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Delete");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *ids[] = { "n2", "n4", "n2", NULL };

  for (int i = 0; i < 6; i++)
    add_node (board, i % 2 ? EVB_NODE_KIND_EVIDENCE : EVB_NODE_KIND_CLAIM, "x", i * 300, 0);
  add_link (board, "n2", "n1", EVB_RELATION_SUPPORTS);
  add_link (board, "n4", "n1", EVB_RELATION_REFUTES);
  add_link (board, "n4", "n3", EVB_RELATION_SUPPORTS);
  add_link (board, "n6", "n5", EVB_RELATION_SUPPORTS);
  add_link (board, "n2", "n4", EVB_RELATION_SUPPORTS);
  before = board_dump (board);

  g_assert_true (evb_board_remove_nodes (board, ids, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 4);
  g_assert_cmpuint (evb_board_get_n_links (board), ==, 1);

  g_assert_true (evb_board_undo (board, &error));
  after = board_dump (board);
  g_assert_cmpstr (before, ==, after);

  /* An unknown id fails the whole delete. */
  {
    const char *bad[] = { "n1", "n77", NULL };
    g_assert_false (evb_board_remove_nodes (board, bad, &error));
    g_assert_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND);
    g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 6);
  }
}

/* Long random sequences of every kind of edit, undone back to the start
 * and redone to the end: each state on the way must match. */
static void
random_edit (EvbBoard *board,
             GRand    *rand)
{
  GPtrArray *nodes = evb_board_get_nodes (board);
  GPtrArray *links = evb_board_get_links (board);
  g_autoptr(GError) error = NULL;
  int op = g_rand_int_range (rand, 0, 10);

  if (nodes->len < 2)
    op = 0;

  switch (op)
    {
    case 0:
    case 1:
      {
        g_autoptr(EvbNodeData) d = evb_node_data_new (g_rand_boolean (rand));
        g_autofree char *title = g_strdup_printf ("Node %u", g_rand_int (rand));

        evb_node_data_set_string (&d->title, title);
        d->x = g_rand_int_range (rand, -2000, 2000);
        d->y = g_rand_int_range (rand, -2000, 2000);
        g_assert_nonnull (evb_board_add_node (board, d, &error));
        break;
      }
    case 2:
      {
        EvbNode *n = g_ptr_array_index (nodes, g_rand_int_range (rand, 0, nodes->len));
        g_assert_true (evb_board_remove_node (board, evb_node_get_id (n), &error));
        break;
      }
    case 3:
    case 4:
      {
        EvbNode *n = g_ptr_array_index (nodes, g_rand_int_range (rand, 0, nodes->len));
        g_assert_true (evb_board_move_node (board, evb_node_get_id (n),
                                            g_rand_double_range (rand, -100, 100),
                                            g_rand_double_range (rand, -100, 100), &error));
        break;
      }
    case 5:
      {
        EvbNode *n = g_ptr_array_index (nodes, g_rand_int_range (rand, 0, nodes->len));
        g_autoptr(EvbNodeData) d = evb_node_dup_data (n);
        const char *tags[] = { "drone", "moscow", NULL };

        d->kind = g_rand_boolean (rand);
        d->evidence_type = d->kind == EVB_NODE_KIND_EVIDENCE ? g_rand_int_range (rand, 0, EVB_N_EVIDENCE_TYPES)
                                                              : EVB_EVIDENCE_TYPE_NONE;
        d->reliability = "ABCDEF"[g_rand_int_range (rand, 0, 6)];
        d->credibility = g_rand_int_range (rand, 0, 7);
        evb_node_data_set_string (&d->source, g_rand_boolean (rand) ? "Reuters" : NULL);
        evb_node_data_set_string (&d->body, "Body text — кириллица");
        evb_node_data_set_string (&d->occurred, "2025-12-29");
        g_strfreev (d->tags);
        d->tags = g_strdupv ((char **) tags);
        g_assert_true (evb_board_update_node (board, d, &error));
        break;
      }
    case 6:
    case 7:
      {
        EvbNode *a = g_ptr_array_index (nodes, g_rand_int_range (rand, 0, nodes->len));
        EvbNode *b = g_ptr_array_index (nodes, g_rand_int_range (rand, 0, nodes->len));

        if (a != b && !evb_board_find_link (board, evb_node_get_id (a), evb_node_get_id (b)))
          add_link (board, evb_node_get_id (a), evb_node_get_id (b), g_rand_boolean (rand));
        break;
      }
    case 8:
      if (links->len > 0)
        {
          EvbLink *l = g_ptr_array_index (links, g_rand_int_range (rand, 0, links->len));

          if (g_rand_boolean (rand))
            g_assert_true (evb_board_remove_link (board, evb_link_get_id (l), &error));
          else
            {
              g_autoptr(EvbLinkData) d = evb_link_dup_data (l);
              d->relation = !d->relation;
              d->strength = g_rand_int_range (rand, 0, 3);
              g_assert_true (evb_board_update_link (board, d, &error));
            }
        }
      break;
    case 9:
      {
        /* A multi-node delete in one step */
        const char *ids[4] = { NULL };
        for (int i = 0; i < 3 && i < (int) nodes->len; i++)
          ids[i] = evb_node_get_id (g_ptr_array_index (nodes, g_rand_int_range (rand, 0, nodes->len)));
        g_assert_true (evb_board_remove_nodes (board, ids, &error));
        break;
      }
    default:
      g_assert_not_reached ();
    }
  g_assert_no_error (error);
}

static void
test_random_history (void)
{
  for (guint32 seed = 1; seed <= 20; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(EvbBoard) board = evb_board_new ("Random");
      g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      guint steps = 0;

      g_ptr_array_add (states, board_dump (board));
      for (int i = 0; i < 150; i++)
        {
          gboolean could_undo = evb_board_can_undo (board);
          g_autofree char *before = board_dump (board);
          g_autofree char *after = NULL;

          random_edit (board, rand);
          after = board_dump (board);
          if (g_strcmp0 (before, after) != 0)
            {
              g_ptr_array_add (states, g_steal_pointer (&after));
              steps++;
            }
          else
            g_assert_true (evb_board_can_undo (board) == could_undo || steps > 0);
        }

      /* Modification times differ between a state and its redo, so compare
       * from the last state backwards through undo with times included:
       * undo restores the records exactly. */
      for (guint i = states->len - 1; i > 0; i--)
        {
          g_autofree char *now = board_dump (board);
          g_assert_cmpstr (now, ==, g_ptr_array_index (states, i));
          g_assert_true (evb_board_undo (board, &error));
          g_assert_no_error (error);
        }
      {
        g_autofree char *now = board_dump (board);
        g_assert_cmpstr (now, ==, g_ptr_array_index (states, 0));
      }
      g_assert_false (evb_board_can_undo (board));

      for (guint i = 1; i < states->len; i++)
        {
          g_autofree char *now = NULL;
          g_assert_true (evb_board_redo (board, &error));
          now = board_dump (board);
          g_assert_cmpstr (now, ==, g_ptr_array_index (states, i));
        }
      g_assert_false (evb_board_can_redo (board));
      g_assert_finalize_object (g_steal_pointer (&board));
    }
}

static void
test_load (void)
{
  g_autoptr(EvbBoard) board = evb_board_new (NULL);
  g_autoptr(GError) error = NULL;
  EvbNodeData *data;
  EvbLinkData *link;

  _evb_board_load_meta (board, "Loaded", "Desc", "2026-01-01T09:00:00Z", "2026-01-02T09:00:00Z");
  data = evb_node_data_new (EVB_NODE_KIND_CLAIM);
  data->id = g_strdup ("c1");
  data->created = g_strdup ("2026-01-01T09:00:00Z");
  g_assert_nonnull (_evb_board_load_node (board, data, &error));
  data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  data->id = g_strdup ("c1");
  g_assert_null (_evb_board_load_node (board, data, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_DUPLICATE);
  g_clear_error (&error);
  data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  data->id = g_strdup ("e1");
  g_assert_nonnull (_evb_board_load_node (board, data, &error));

  link = evb_link_data_new ("e1", "c1", EVB_RELATION_REFUTES);
  link->id = g_strdup ("l1");
  g_assert_nonnull (_evb_board_load_link (board, link, &error));
  link = evb_link_data_new ("e1", "zz", EVB_RELATION_REFUTES);
  link->id = g_strdup ("l2");
  g_assert_null (_evb_board_load_link (board, link, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (evb_board_can_undo (board));
  g_assert_cmpstr (evb_board_get_modified (board), ==, "2026-01-02T09:00:00Z");
  g_assert_cmpstr (evb_node_get_data (evb_board_get_node (board, "c1"))->created, ==,
                   "2026-01-01T09:00:00Z");

  /* Fresh ids never collide with loaded ones. */
  {
    g_autoptr(EvbNodeData) d = evb_node_data_new (EVB_NODE_KIND_CLAIM);
    EvbNode *n = evb_board_add_node (board, d, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (evb_node_get_id (n), !=, "c1");
    g_assert_cmpstr (evb_node_get_id (n), !=, "e1");
  }
}

static gboolean
count_commits_cb (EvbBoard   *board,
                  GPtrArray  *changes,
                  gpointer    user_data,
                  GError    **error)
{
  (*(guint *) user_data)++;
  return TRUE;
}

static void
edit_title (EvbBoard   *board,
            const char *id,
            const char *key,
            const char *title)
{
  g_autoptr(EvbNodeData) data = evb_node_dup_data (evb_board_get_node (board, id));
  g_autoptr(GError) error = NULL;

  evb_board_begin (board, "Edit Title");
  evb_board_set_merge_key (board, key);
  evb_node_data_set_string (&data->title, title);
  g_assert_true (evb_board_update_node (board, data, &error));
  g_assert_true (evb_board_commit (board, &error));
  g_assert_no_error (error);
}

/* Typing: every key is written (the commit func runs each time), the whole
 * session is one undo step. */
static void
test_merge_key (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Typing");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (evb_node_get_id (add_node (board, EVB_NODE_KIND_CLAIM, "Old", 0, 0)));
  g_autofree char *start = NULL;
  g_autofree char *typed = NULL;
  guint commits = 0;
  const char *prefixes[] = { "H", "He", "Hel", "Hell", "Hello" };

  evb_board_clear_history (board);
  _evb_board_set_commit_func (board, count_commits_cb, &commits, NULL);
  start = board_dump (board);

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    edit_title (board, id, "session-1", prefixes[i]);
  g_assert_cmpuint (commits, ==, 5);
  g_assert_cmpstr (evb_node_get_title (evb_board_get_node (board, id)), ==, "Hello");
  typed = board_dump (board);

  /* One undo goes back to before the first key. */
  g_assert_true (evb_board_undo (board, &error));
  g_assert_false (evb_board_can_undo (board));
  g_assert_cmpstr (evb_node_get_title (evb_board_get_node (board, id)), ==, "Old");
  g_assert_true (evb_board_redo (board, &error));
  g_assert_cmpstr (evb_node_get_title (evb_board_get_node (board, id)), ==, "Hello");

  /* A new session is a new step. */
  edit_title (board, id, "session-2", "Hello!");
  edit_title (board, id, "session-2", "Hello!!");
  g_assert_true (evb_board_undo (board, &error));
  g_assert_cmpstr (evb_node_get_title (evb_board_get_node (board, id)), ==, "Hello");
  g_assert_true (evb_board_can_undo (board));

  /* After an undo, the same key does not reach into the undone step's
   * place: the edit is a step of its own and clears the redo. */
  edit_title (board, id, "session-2", "Hello?");
  g_assert_false (evb_board_can_redo (board));
  g_assert_true (evb_board_undo (board, &error));
  g_assert_cmpstr (evb_node_get_title (evb_board_get_node (board, id)), ==, "Hello");

  /* Adding a node never joins, even with the same key. */
  evb_board_begin (board, "Add");
  evb_board_set_merge_key (board, "session-1");
  add_node (board, EVB_NODE_KIND_EVIDENCE, "New", 300, 0);
  g_assert_true (evb_board_commit (board, &error));
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 2);
  g_assert_true (evb_board_undo (board, &error));
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 1);

  /* Joined steps still undo all the way back. */
  g_assert_true (evb_board_undo (board, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (evb_node_get_title (evb_board_get_node (board, id)), ==, "Old");
  g_assert_false (evb_board_can_undo (board));
  g_assert_cmpstr (typed, !=, start);
}

/* A typing session that ends as it began leaves no step: characters
 * taken back and typed again as they were. */
static void
test_merge_key_void (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Typing");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (evb_node_get_id (add_node (board, EVB_NODE_KIND_CLAIM, "Old", 0, 0)));

  evb_board_clear_history (board);
  edit_title (board, id, "session-1", "Ol");
  g_assert_true (evb_board_can_undo (board));
  edit_title (board, id, "session-1", "O");
  edit_title (board, id, "session-1", "Old");
  g_assert_false (evb_board_can_undo (board));
  g_assert_cmpstr (evb_node_get_title (evb_board_get_node (board, id)), ==, "Old");

  /* After an earlier step, the void session goes and the earlier stays. */
  edit_title (board, id, "session-2", "New");
  edit_title (board, id, "session-3", "New!");
  edit_title (board, id, "session-3", "New");
  g_assert_true (evb_board_can_undo (board));
  g_assert_true (evb_board_undo (board, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (evb_node_get_title (evb_board_get_node (board, id)), ==, "Old");
  g_assert_false (evb_board_can_undo (board));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/board/enums", test_enums);
  g_test_add_func ("/board/validation", test_validation);
  g_test_add_func ("/board/validation-utf8", test_validation_utf8);
  g_test_add_func ("/board/text-is-utf8", test_text_is_utf8);
  g_test_add_func ("/board/signals-and-links", test_signals_and_links);
  g_test_add_func ("/board/transactions", test_transactions);
  g_test_add_func ("/board/merge-key", test_merge_key);
  g_test_add_func ("/board/merge-key-void", test_merge_key_void);
  g_test_add_func ("/board/commit-failure", test_commit_failure);
  g_test_add_func ("/board/multi-delete", test_multi_delete);
  g_test_add_func ("/board/random-history", test_random_history);
  g_test_add_func ("/board/load", test_load);

  return g_test_run ();
}
