/* test-merge.c: evb_editing_merge and the UUIDv5 of the STIX writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "evb-editing.h"
#include "evb-formats.h"
#include "evb-json.h"

static EvbBoard *
make_board (void)
{
  static const char document[] =
    "{\"format\": \"evidence-board\", \"version\": 1, \"board\": {\"title\": \"B\"},"
    " \"nodes\": ["
    "  {\"id\": \"c\", \"kind\": \"claim\", \"title\": \"Claim\", \"x\": 0, \"y\": 0,"
    "   \"modified\": \"2026-01-01T00:00:00Z\"},"
    "  {\"id\": \"e\", \"kind\": \"evidence\", \"title\": \"Item\", \"x\": 0, \"y\": 300,"
    "   \"modified\": \"2026-01-01T00:00:00Z\"},"
    "  {\"id\": \"f\", \"kind\": \"evidence\", \"title\": \"Other item\", \"x\": 300, \"y\": 300,"
    "   \"modified\": \"2026-01-01T00:00:00Z\"}],"
    " \"links\": [{\"id\": \"l\", \"from\": \"e\", \"to\": \"c\", \"relation\": \"supports\"}]}";
  g_autoptr(GError) error = NULL;
  EvbBoard *board = evb_json_read_board (document, strlen (document), &error);

  g_assert_no_error (error);
  return board;
}

/* An edit stamps "now" as the card's modified time: newer than 2026-01-01. */
static void
edit_title (EvbBoard   *board,
            const char *id,
            const char *title)
{
  g_autoptr(EvbNodeData) data = evb_node_dup_data (evb_board_get_node (board, id));
  g_autoptr(GError) error = NULL;

  g_free (data->title);
  data->title = g_strdup (title);
  g_assert_true (evb_board_update_node (board, data, &error));
  g_assert_no_error (error);
}

static char *
snapshot (EvbBoard *board)
{
  return evb_json_write_board (board, NULL);
}

static void
test_merge_union_and_undo (void)
{
  g_autoptr(EvbBoard) ours = make_board ();
  g_autoptr(EvbBoard) theirs = make_board ();
  g_autoptr(EvbMergeReport) report = NULL;
  g_autoptr(EvbNodeData) added = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  g_autoptr(EvbLinkData) link = evb_link_data_new ("n", "c", EVB_RELATION_REFUTES);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *undone = NULL;

  /* Theirs: a new card and link, one card deleted, one link changed. */
  added->id = g_strdup ("n");
  added->title = g_strdup ("New");
  added->y = 600;
  g_assert_nonnull (evb_board_add_node (theirs, added, &error));
  link->id = g_strdup ("m");
  g_assert_nonnull (evb_board_add_link (theirs, link, &error));
  g_assert_true (evb_board_remove_node (theirs, "f", &error));
  {
    g_autoptr(EvbLinkData) changed = evb_link_dup_data (evb_board_get_link (theirs, "l"));

    changed->strength = EVB_STRENGTH_STRONG;
    g_assert_true (evb_board_update_link (theirs, changed, &error));
  }
  /* "e" differs: theirs edited now, ours last changed in January. */
  edit_title (theirs, "e", "Theirs");
  g_assert_no_error (error);

  before = snapshot (ours);
  g_assert_true (evb_editing_merge (ours, theirs, &report, &error));
  g_assert_no_error (error);
  after = snapshot (ours);

  g_assert_cmpuint (evb_board_get_n_nodes (ours), ==, 4);
  g_assert_cmpuint (evb_board_get_n_links (ours), ==, 2);
  g_assert_cmpstr (evb_node_get_title (evb_board_get_node (ours, "e")), ==, "Theirs");
  g_assert_nonnull (evb_board_get_node (ours, "f"));   /* deleted there: kept, reported */
  g_assert_cmpint (evb_link_get_strength (evb_board_get_link (ours, "l")), ==, EVB_STRENGTH_MODERATE);
  g_assert_cmpuint (report->nodes_added, ==, 1);
  g_assert_cmpuint (report->nodes_updated, ==, 1);
  g_assert_cmpuint (report->links_added, ==, 1);
  g_assert_cmpuint (report->conflicts->len, ==, 2);    /* card e, link l */
  g_assert_cmpuint (report->one_sided->len, ==, 3);    /* f here; n and m there */

  /* One undo step. */
  g_assert_cmpstr (evb_board_get_undo_label (ours), ==, "Merge Board");
  g_assert_true (evb_board_undo (ours, &error));
  undone = snapshot (ours);
  g_assert_cmpstr (undone, ==, before);
  g_assert_false (evb_board_can_undo (ours));
  g_assert_true (evb_board_redo (ours, &error));
  g_clear_pointer (&undone, g_free);
  undone = snapshot (ours);
  g_assert_cmpstr (undone, ==, after);
}

static void
test_merge_older_copy_is_kept (void)
{
  g_autoptr(EvbBoard) ours = make_board ();
  g_autoptr(EvbBoard) theirs = make_board ();
  g_autoptr(EvbMergeReport) report = NULL;
  g_autoptr(GError) error = NULL;

  edit_title (ours, "c", "Ours, newer");
  g_assert_true (evb_editing_merge (theirs, ours, NULL, &error));
  g_assert_cmpstr (evb_node_get_title (evb_board_get_node (theirs, "c")), ==, "Ours, newer");
  /* Merging back: the same content, only the times differ: no conflict. */
  g_assert_true (evb_editing_merge (ours, theirs, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->conflicts->len, ==, 0);
}

static void
add_group (EvbBoard   *board,
           const char *id,
           const char *label,
           const char *first,
           ...)
{
  g_autoptr(GStrvBuilder) members = g_strv_builder_new ();
  g_auto(GStrv) nodes = NULL;
  g_autoptr(EvbGroupData) data = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first);
  for (const char *node = first; node != NULL; node = va_arg (args, const char *))
    g_strv_builder_add (members, node);
  va_end (args);
  nodes = g_strv_builder_end (members);
  data = evb_group_data_new (label, (const char * const *) nodes);
  data->id = g_strdup (id);
  g_assert_nonnull (evb_board_add_group (board, data, &error));
  g_assert_no_error (error);
}

static gboolean
has_line (GPtrArray  *lines,
          const char *part)
{
  for (guint i = 0; i < lines->len; i++)
    if (strstr (g_ptr_array_index (lines, i), part) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_merge_groups (void)
{
  g_autoptr(EvbBoard) ours = make_board ();
  g_autoptr(EvbBoard) theirs = make_board ();
  g_autoptr(EvbMergeReport) report = NULL;
  g_autoptr(EvbNodeData) added = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  g_autoptr(EvbGroupData) renamed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *undone = NULL;
  EvbGroup *group;

  add_group (ours, "pair", "Pair", "c", "e", NULL);
  add_group (theirs, "pair", "Pair", "c", "e", NULL);
  /* Theirs renamed the group and edited one of its cards since. */
  renamed = evb_group_dup_data (evb_board_get_group (theirs, "pair"));
  g_free (renamed->label);
  renamed->label = g_strdup ("Theirs");
  g_assert_true (evb_board_update_group (theirs, renamed, &error));
  edit_title (theirs, "e", "Theirs");
  /* A new card in a new group there, with "f", which is in a group of
   * its own here. */
  added->id = g_strdup ("n");
  added->title = g_strdup ("New");
  added->y = 600;
  g_assert_nonnull (evb_board_add_node (theirs, added, &error));
  add_group (theirs, "new", "New group", "n", "f", NULL);
  add_group (ours, "mine", "Mine", "f", NULL);

  before = snapshot (ours);
  g_assert_true (evb_editing_merge (ours, theirs, &report, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (evb_board_get_n_groups (ours), ==, 3);
  g_assert_cmpstr (evb_group_get_label (evb_board_get_group (ours, "pair")), ==, "Theirs");
  group = evb_board_get_group (ours, "new");
  g_assert_nonnull (group);
  g_assert_cmpuint (evb_group_get_n_nodes (group), ==, 1);
  g_assert_cmpstr (evb_group_get_nodes (group)[0], ==, "n");
  /* In a group on each side: not guessed, it stays where it was here. */
  g_assert_true (evb_board_get_node_group (ours, "f") == evb_board_get_group (ours, "mine"));
  g_assert_cmpuint (report->groups_added, ==, 1);
  g_assert_cmpuint (report->groups_updated, ==, 1);
  g_assert_true (has_line (report->conflicts, "(pair) differs: the other board’s copy"));
  g_assert_true (has_line (report->conflicts, "(f) is in group “Mine” here and in group “New group”"));
  g_assert_true (has_line (report->one_sided, "(new) is only on the other board"));
  g_assert_true (has_line (report->one_sided, "(mine) is only on this board"));

  /* Still one undo step. */
  g_assert_cmpstr (evb_board_get_undo_label (ours), ==, "Merge Board");
  g_assert_true (evb_board_undo (ours, &error));
  undone = snapshot (ours);
  g_assert_cmpstr (undone, ==, before);
}

static void
test_merge_group_newer_here_is_kept (void)
{
  g_autoptr(EvbBoard) ours = make_board ();
  g_autoptr(EvbBoard) theirs = make_board ();
  g_autoptr(EvbMergeReport) report = NULL;
  g_autoptr(GError) error = NULL;

  add_group (ours, "pair", "Ours", "c", "e", NULL);
  add_group (theirs, "pair", "Theirs", "c", "e", "f", NULL);
  edit_title (ours, "c", "Ours, newer");

  g_assert_true (evb_editing_merge (ours, theirs, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (evb_group_get_label (evb_board_get_group (ours, "pair")), ==, "Ours");
  g_assert_cmpuint (evb_group_get_n_nodes (evb_board_get_group (ours, "pair")), ==, 2);
  g_assert_null (evb_board_get_node_group (ours, "f"));
  g_assert_cmpuint (report->groups_updated, ==, 0);
  g_assert_true (has_line (report->conflicts, "(pair) differs: this board’s copy"));

  /* The other way round their newer cards carry the group. */
  g_clear_pointer (&report, evb_merge_report_free);
  g_assert_true (evb_editing_merge (theirs, ours, &report, &error));
  g_assert_cmpstr (evb_group_get_label (evb_board_get_group (theirs, "pair")), ==, "Ours");
  g_assert_null (evb_board_get_node_group (theirs, "f"));
  g_assert_cmpuint (report->groups_updated, ==, 1);
}

static void
test_uuid5 (void)
{
  g_autofree char *dns = evb_uuid5 ("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org");

  /* RFC 9562's name-based example: uuid5(NAMESPACE_DNS, "python.org"). */
  g_assert_cmpstr (dns, ==, "886313e1-3b8a-5372-9b90-0c9aee199e5d");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/merge/union-and-undo", test_merge_union_and_undo);
  g_test_add_func ("/merge/older-copy-kept", test_merge_older_copy_is_kept);
  g_test_add_func ("/merge/groups", test_merge_groups);
  g_test_add_func ("/merge/group-newer-here-kept", test_merge_group_newer_here_is_kept);
  g_test_add_func ("/formats/uuid5", test_uuid5);
  return g_test_run ();
}
