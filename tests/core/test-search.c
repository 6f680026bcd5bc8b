/* test-search.c: finding cards by what they say
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "evb-board.h"
#include "evb-search.h"

static void
add (EvbBoard    *board,
     const char  *id,
     EvbNodeKind  kind,
     double       x,
     double       y,
     const char  *title,
     const char  *body,
     const char  *source,
     const char  *claimant,
     const char  *tag)
{
  g_autoptr(EvbNodeData) data = evb_node_data_new (kind);
  g_autoptr(GError) error = NULL;

  evb_node_data_set_string (&data->id, id);
  evb_node_data_set_string (&data->title, title);
  evb_node_data_set_string (&data->body, body);
  evb_node_data_set_string (&data->source, source);
  evb_node_data_set_string (&data->claimant, claimant);
  if (tag != NULL)
    {
      g_strfreev (data->tags);
      data->tags = g_strsplit (tag, ",", -1);
    }
  data->x = x;
  data->y = y;
  g_assert_nonnull (evb_board_add_node (board, data, &error));
  g_assert_no_error (error);
}

static EvbBoard *
make_board (void)
{
  EvbBoard *board = evb_board_new ("Search");

  add (board, "c1", EVB_NODE_KIND_CLAIM, 0, 0, "Drones struck the Novgorod residence",
       NULL, NULL, "Ministry of Defence", NULL);
  add (board, "e1", EVB_NODE_KIND_EVIDENCE, 400, 300, "Café owner’s statement",
       "Heard nothing that night", "Local press", NULL, "witness");
  add (board, "e2", EVB_NODE_KIND_EVIDENCE, 0, 300, "Satellite pass",
       "No damage visible at Долгие Бороды", "Planet Labs", NULL, "imagery,ÉTÉ");
  add (board, "e3", EVB_NODE_KIND_EVIDENCE, 0, 600, "Radar track", NULL,
       "Air defence units", NULL, NULL);
  return board;
}

static char *
found_ids (EvbSearch  *search,
           const char *query)
{
  g_autoptr(GPtrArray) found = evb_search_find (search, query);
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (ids, "%s%s", i ? " " : "", evb_node_get_id (g_ptr_array_index (found, i)));
  return g_string_free (ids, FALSE);
}

#define assert_finds(search, query, expected) \
  G_STMT_START { \
    g_autofree char *ids_ = found_ids (search, query); \
    g_assert_cmpstr (ids_, ==, expected); \
  } G_STMT_END

static void
test_fold (void)
{
  g_autofree char *a = evb_search_fold ("Café ÉTÉ Straße");
  g_autofree char *b = evb_search_fold ("Ёлка ДОЛГИЕ");
  g_autofree char *c = evb_search_fold ("ﬁle");

  g_assert_cmpstr (a, ==, "cafe ete strasse");
  g_assert_cmpstr (b, ==, "елка долгие");
  g_assert_cmpstr (c, ==, "file");
}

static void
test_fields (void)
{
  g_autoptr(EvbBoard) board = make_board ();
  g_autoptr(EvbSearch) search = evb_search_new (board);

  assert_finds (search, "novgorod", "c1");        /* title */
  assert_finds (search, "HEARD", "e1");           /* body, case */
  assert_finds (search, "planet", "e2");          /* source */
  assert_finds (search, "ministry", "c1");        /* claimant */
  assert_finds (search, "witness", "e1");         /* tag */
  assert_finds (search, "cafe", "e1");            /* accents in the text */
  assert_finds (search, "CAFÉ", "e1");            /* and in the query */
  assert_finds (search, "ete", "e2");
  assert_finds (search, "долгие бороды", "e2");   /* Cyrillic, two words */
  assert_finds (search, "  ", "");
  assert_finds (search, "", "");
  assert_finds (search, "nothing-like-this", "");
}

/* Every word must be there, in any field; a word never spans two fields. */
static void
test_words_and_order (void)
{
  g_autoptr(EvbBoard) board = make_board ();
  g_autoptr(EvbSearch) search = evb_search_new (board);

  assert_finds (search, "defence", "c1 e3");
  assert_finds (search, "radar defence", "e3");
  assert_finds (search, "track air", "e3");
  assert_finds (search, "track\nair", "e3");
  assert_finds (search, "trackair", "");
  /* Reading order: top to bottom, then left to right. */
  assert_finds (search, "e", "c1 e2 e1 e3");
}

/* Changed and removed cards are searched as they are now. */
static void
test_follows_changes (void)
{
  g_autoptr(EvbBoard) board = make_board ();
  g_autoptr(EvbSearch) search = evb_search_new (board);
  g_autoptr(EvbNodeData) data = NULL;
  g_autoptr(GError) error = NULL;

  assert_finds (search, "radar", "e3");
  data = evb_node_dup_data (evb_board_get_node (board, "e3"));
  evb_node_data_set_string (&data->title, "Primary radar return");
  g_assert_true (evb_board_update_node (board, data, &error));
  assert_finds (search, "return", "e3");
  assert_finds (search, "track", "");

  g_assert_true (evb_board_undo (board, &error));
  assert_finds (search, "return", "");
  assert_finds (search, "track", "e3");

  g_assert_true (evb_board_remove_node (board, "e3", &error));
  assert_finds (search, "radar", "");
  add (board, "e4", EVB_NODE_KIND_EVIDENCE, 0, 900, "Radar again", NULL, NULL, NULL, NULL);
  assert_finds (search, "radar", "e4");
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/fold", test_fold);
  g_test_add_func ("/search/fields", test_fields);
  g_test_add_func ("/search/words-and-order", test_words_and_order);
  g_test_add_func ("/search/follows-changes", test_follows_changes);

  return g_test_run ();
}
