/* test-json.c: the JSON interchange format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "evb-board.h"
#include "evb-error.h"
#include "evb-json.h"
#include "evb-json-private.h"
#include "evb-store.h"

/* A board with every field of every kind set, Cyrillic included. */
static EvbBoard *
make_full_board (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Повна дошка — full board");
  g_autoptr(GError) error = NULL;

  g_assert_true (evb_board_set_description (board, "Every field, \"quoted\"\nand\ttabbed", &error));

  /* A title of a few megabytes is a board, not an attack. */
  {
    g_autoptr(GString) title = g_string_new ("Долгие Бороды ");
    while (title->len < 3 * 1024 * 1024)
      g_string_append (title, "— заголовок, title, \"quoted\" ");
    g_assert_true (evb_board_set_title (board, title->str, &error));
  }

  for (int t = EVB_EVIDENCE_TYPE_NONE; t < EVB_N_EVIDENCE_TYPES; t++)
    {
      g_autoptr(EvbNodeData) d = evb_node_data_new (t == EVB_EVIDENCE_TYPE_NONE ? EVB_NODE_KIND_CLAIM
                                                                                : EVB_NODE_KIND_EVIDENCE);
      const char *tags[] = { "drone", "дрон", "peace-talks", NULL };
      g_autofree char *title = g_strdup_printf ("Node %d: Долгие Бороды", t);

      d->id = g_strdup_printf ("node-%d", t + 1);
      evb_node_data_set_string (&d->title, title);
      evb_node_data_set_string (&d->body, "A body with \\ backslash, \u00e9 and \x01 control");
      d->x = 100.5 * t;
      d->y = -0.1 * t;
      d->width = 250;
      d->height = 133.25;
      d->pinned = t % 2 == 0;
      if (t == EVB_EVIDENCE_TYPE_NONE)
        evb_node_data_set_string (&d->claimant, "Kremlin");
      else
        {
          d->evidence_type = t;
          evb_node_data_set_string (&d->collected, "2026-01-01T10:15:00+03:00");
          evb_node_data_set_string (&d->attachment_uri, "file:///evidence/video%20one.mp4");
          evb_node_data_set_string (&d->attachment_sha256,
                                    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
          d->attachment_size = G_GINT64_CONSTANT (5000000000);
          evb_node_data_set_string (&d->attachment_media_type, "video/mp4");
        }
      evb_node_data_set_string (&d->source, "Reuters");
      evb_node_data_set_string (&d->source_url, "https://example.org/a?b=c&d");
      d->reliability = "ABCDEF"[(t + 1) % 6];
      d->credibility = (t + 1) % 6 + 1;
      evb_node_data_set_string (&d->occurred, "2025-12-29");
      g_strfreev (d->tags);
      d->tags = g_strdupv ((char **) tags);
      evb_node_data_set_string (&d->color, "#3584e4");
      evb_node_data_set_string (&d->created, "2026-01-01T09:00:00Z");
      evb_node_data_set_string (&d->modified, "2026-01-02T09:00:00Z");
      g_assert_nonnull (evb_board_add_node (board, d, &error));
      g_assert_no_error (error);
    }

  for (int i = 0; i < 6; i++)
    {
      g_autofree char *from = g_strdup_printf ("node-%d", i + 2);
      g_autoptr(EvbLinkData) l = evb_link_data_new (from, "node-0", i % 2 ? EVB_RELATION_REFUTES
                                                                           : EVB_RELATION_SUPPORTS);
      l->strength = i % 3;
      if (i % 2 == 0)
        l->note = g_strdup ("Note — примітка");
      g_assert_nonnull (evb_board_add_link (board, l, &error));
      g_assert_no_error (error);
    }

  {
    const char *framed[] = { "node-2", "node-1", NULL };
    const char *folded[] = { "node-4", NULL };
    g_autoptr(EvbGroupData) g = evb_group_data_new ("Група — \"quoted\"", framed);
    g_autoptr(EvbGroupData) h = evb_group_data_new ("", folded);

    g->id = g_strdup ("group-1");
    g->color = g_strdup ("#e5a50a");
    h->id = g_strdup ("group-2");
    h->collapsed = TRUE;
    g_assert_nonnull (evb_board_add_group (board, g, &error));
    g_assert_nonnull (evb_board_add_group (board, h, &error));
    g_assert_no_error (error);
  }

  return g_steal_pointer (&board);
}

static void
test_round_trip (void)
{
  g_autoptr(EvbBoard) board = make_full_board ();
  g_autoptr(EvbBoard) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gsize length = 0;

  first = evb_json_write_board (board, &length);
  g_assert_cmpuint (length, ==, strlen (first));
  again = evb_json_read_board (first, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  second = evb_json_write_board (again, NULL);
  g_assert_cmpstr (first, ==, second);

  /* And the records themselves are equal, not just their text. */
  g_assert_cmpuint (evb_board_get_n_nodes (again), ==, evb_board_get_n_nodes (board));
  for (guint i = 0; i < evb_board_get_n_nodes (board); i++)
    g_assert_true (evb_node_data_equal (evb_node_get_data (g_ptr_array_index (evb_board_get_nodes (board), i)),
                                        evb_node_get_data (g_ptr_array_index (evb_board_get_nodes (again), i))));
  for (guint i = 0; i < evb_board_get_n_links (board); i++)
    g_assert_true (evb_link_data_equal (evb_link_get_data (g_ptr_array_index (evb_board_get_links (board), i)),
                                        evb_link_get_data (g_ptr_array_index (evb_board_get_links (again), i))));
  g_assert_cmpstr (evb_board_get_description (again), ==, evb_board_get_description (board));
  g_assert_cmpstr (evb_board_get_created (again), ==, evb_board_get_created (board));
  g_assert_cmpuint (evb_board_get_n_groups (again), ==, 2);
  for (guint i = 0; i < evb_board_get_n_groups (board); i++)
    g_assert_true (evb_group_data_equal (evb_group_get_data (g_ptr_array_index (evb_board_get_groups (board), i)),
                                         evb_group_get_data (g_ptr_array_index (evb_board_get_groups (again), i))));
  g_assert_nonnull (strstr (first, "\"collapsed\": true"));

  /* Whole numbers carry no fraction; others read back exactly. */
  g_assert_nonnull (strstr (first, "\"width\": 250,"));
  g_assert_nonnull (strstr (first, "\"height\": 133.25,"));
  g_assert_nonnull (strstr (first, "\"size\": 5000000000,"));
  g_assert_null (strstr (first, "\"evidence_type\": null"));
}

static void
test_sample (void)
{
  const char *root = g_getenv ("EVB_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (root, "data", "samples", "dolgiye-borody.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(EvbBoard) again = NULL;
  guint claims = 0, supports = 0, refutes = 0;
  gboolean types[EVB_N_EVIDENCE_TYPES] = { FALSE };

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("data/samples/dolgiye-borody.json is not there yet");
      return;
    }

  board = evb_json_read_board_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (board);
  for (guint i = 0; i < evb_board_get_n_nodes (board); i++)
    {
      EvbNode *node = g_ptr_array_index (evb_board_get_nodes (board), i);
      if (evb_node_get_kind (node) == EVB_NODE_KIND_CLAIM)
        claims++;
      else
        types[evb_node_get_evidence_type (node)] = TRUE;
    }
  for (guint i = 0; i < evb_board_get_n_links (board); i++)
    {
      if (evb_link_get_relation (g_ptr_array_index (evb_board_get_links (board), i)) == EVB_RELATION_SUPPORTS)
        supports++;
      else
        refutes++;
    }
  g_assert_cmpuint (claims, >=, 4);
  g_assert_cmpuint (supports, >=, 5);
  g_assert_cmpuint (refutes, >=, 4);
  /* The story's kinds of evidence are all there. */
  g_assert_true (types[EVB_EVIDENCE_TYPE_VIDEO]);
  g_assert_true (types[EVB_EVIDENCE_TYPE_SATELLITE_IMAGERY]);
  g_assert_true (types[EVB_EVIDENCE_TYPE_RADAR]);
  g_assert_true (types[EVB_EVIDENCE_TYPE_INTERCEPT]);
  g_assert_true (types[EVB_EVIDENCE_TYPE_STATEMENT]);
  g_assert_true (types[EVB_EVIDENCE_TYPE_REPORT]);
  g_assert_true (types[EVB_EVIDENCE_TYPE_SOCIAL_MEDIA]);
  g_assert_false (evb_board_can_undo (board));

  /* Its export is stable too. */
  first = evb_json_write_board (board, NULL);
  again = evb_json_read_board (first, strlen (first), &error);
  g_assert_no_error (error);
  second = evb_json_write_board (again, NULL);
  g_assert_cmpstr (first, ==, second);
}

typedef struct
{
  const char *name;
  const char *json;
  int         code;
  const char *message_start;
} BadInput;

#define HEAD "{\"format\":\"evidence-board\",\"version\":1,\"board\":{\"title\":\"T\"},"
#define CLAIM(id) "{\"id\":\"" id "\",\"kind\":\"claim\",\"title\":\"c\",\"x\":0,\"y\":0}"
#define EVIDENCE(id) "{\"id\":\"" id "\",\"kind\":\"evidence\",\"title\":\"e\",\"x\":300,\"y\":0}"

static const BadInput bad_inputs[] = {
  { "group-unknown-node", HEAD "\"nodes\":[" CLAIM ("n1") "],\"links\":[],"
    "\"groups\":[{\"id\":\"g1\",\"label\":\"G\",\"nodes\":[\"n1\",\"n9\"]}]}",
    EVB_ERROR_FORMAT, "groups[0].nodes[1]: no node with id “n9”" },
  { "group-node-in-two", HEAD "\"nodes\":[" CLAIM ("n1") "," EVIDENCE ("e1") "],\"links\":[],"
    "\"groups\":[{\"id\":\"g1\",\"label\":\"G\",\"nodes\":[\"n1\"]},"
    "{\"id\":\"g2\",\"label\":\"H\",\"nodes\":[\"e1\",\"n1\"]}]}",
    EVB_ERROR_FORMAT, "groups[1].nodes[1]: node “n1” is already in group “g1”" },
  { "group-node-twice", HEAD "\"nodes\":[" CLAIM ("n1") "],\"links\":[],"
    "\"groups\":[{\"id\":\"g1\",\"label\":\"G\",\"nodes\":[\"n1\",\"n1\"]}]}",
    EVB_ERROR_FORMAT, "groups[0].nodes[1]: node “n1” is listed twice" },
  { "group-no-nodes", HEAD "\"nodes\":[" CLAIM ("n1") "],\"links\":[],"
    "\"groups\":[{\"id\":\"g1\",\"label\":\"G\",\"nodes\":[]}]}",
    EVB_ERROR_FORMAT, "groups[0].nodes: a group must hold at least one node" },
  { "group-same-id", HEAD "\"nodes\":[" CLAIM ("n1") "," EVIDENCE ("e1") "],\"links\":[],"
    "\"groups\":[{\"id\":\"g1\",\"label\":\"G\",\"nodes\":[\"n1\"]},"
    "{\"id\":\"g1\",\"label\":\"H\",\"nodes\":[\"e1\"]}]}",
    EVB_ERROR_FORMAT, "groups[1].id: there is already a group with id “g1”" },
  { "group-bad-color", HEAD "\"nodes\":[" CLAIM ("n1") "],\"links\":[],"
    "\"groups\":[{\"id\":\"g1\",\"label\":\"G\",\"color\":\"red\",\"nodes\":[\"n1\"]}]}",
    EVB_ERROR_FORMAT, "groups[0].color: “red” is not a color" },
  { "group-collapsed-string", HEAD "\"nodes\":[" CLAIM ("n1") "],\"links\":[],"
    "\"groups\":[{\"id\":\"g1\",\"label\":\"G\",\"collapsed\":\"yes\",\"nodes\":[\"n1\"]}]}",
    EVB_ERROR_FORMAT, "groups[0].collapsed: must be true or false" },
  { "groups-not-array", HEAD "\"nodes\":[],\"links\":[],\"groups\":{}}",
    EVB_ERROR_FORMAT, "groups: must be an array" },
  { "group-member-number", HEAD "\"nodes\":[" CLAIM ("n1") "],\"links\":[],"
    "\"groups\":[{\"id\":\"g1\",\"label\":\"G\",\"nodes\":[1]}]}",
    EVB_ERROR_FORMAT, "groups[0].nodes[0]: must be a node id" },
  { "truncated", HEAD "\"nodes\":[" CLAIM ("n1"), EVB_ERROR_PARSE, "line 1, column " },
  { "truncated-string", HEAD "\"nodes\":[{\"id\":\"n1", EVB_ERROR_PARSE, "line 1, column " },
  { "trailing-comma", HEAD "\"nodes\":[" CLAIM ("n1") ",],\"links\":[]}", EVB_ERROR_PARSE, "line 1, column " },
  { "white-space", " \n\t ", EVB_ERROR_PARSE, "the file holds only white space" },
  { "not-an-object", "[1, 2, 3]", EVB_ERROR_FORMAT, "the document must be" },
  { "a-string", "\"evidence-board\"", EVB_ERROR_FORMAT, "the document must be" },
  { "wrong-format", "{\"format\":\"kumu\",\"version\":1,\"board\":{\"title\":\"T\"},\"nodes\":[],\"links\":[]}",
    EVB_ERROR_FORMAT, "format: “kumu”" },
  { "no-format", "{\"version\":1,\"board\":{\"title\":\"T\"},\"nodes\":[],\"links\":[]}",
    EVB_ERROR_FORMAT, "format: missing" },
  { "newer-version", "{\"format\":\"evidence-board\",\"version\":2,\"board\":{\"title\":\"T\"},\"nodes\":[],\"links\":[]}",
    EVB_ERROR_TOO_NEW, "version: version 2 is newer" },
  { "version-string", "{\"format\":\"evidence-board\",\"version\":\"1\",\"board\":{\"title\":\"T\"},\"nodes\":[],\"links\":[]}",
    EVB_ERROR_FORMAT, "version: must be an integer" },
  { "no-title", "{\"format\":\"evidence-board\",\"version\":1,\"board\":{},\"nodes\":[],\"links\":[]}",
    EVB_ERROR_FORMAT, "board.title: missing" },
  { "missing-nodes", HEAD "\"links\":[]}", EVB_ERROR_FORMAT, "nodes: missing" },
  { "missing-links", HEAD "\"nodes\":[]}", EVB_ERROR_FORMAT, "links: missing" },
  { "nodes-object", HEAD "\"nodes\":{},\"links\":[]}", EVB_ERROR_FORMAT, "nodes: must be an array" },
  { "unknown-kind", HEAD "\"nodes\":[" CLAIM ("n1") ",{\"id\":\"n2\",\"kind\":\"rumour\",\"title\":\"r\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[1].kind: unknown kind “rumour”" },
  { "unknown-evidence-type", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"evidence_type\":\"hearsay\",\"title\":\"r\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].evidence_type: unknown evidence type “hearsay”" },
  { "unknown-relation", HEAD "\"nodes\":[" CLAIM ("n1") "," EVIDENCE ("n2") "],\"links\":[{\"id\":\"l1\",\"from\":\"n2\",\"to\":\"n1\",\"relation\":\"proves\"}]}",
    EVB_ERROR_FORMAT, "links[0].relation: unknown relation “proves”" },
  { "unknown-strength", HEAD "\"nodes\":[" CLAIM ("n1") "," EVIDENCE ("n2") "],\"links\":[{\"id\":\"l1\",\"from\":\"n2\",\"to\":\"n1\",\"relation\":\"supports\",\"strength\":\"huge\"}]}",
    EVB_ERROR_FORMAT, "links[0].strength: unknown strength “huge”" },
  { "reliability-G", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"title\":\"r\",\"x\":0,\"y\":0,\"reliability\":\"G\"}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].reliability: must be a letter from A to F" },
  { "reliability-lower", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"title\":\"r\",\"x\":0,\"y\":0,\"reliability\":\"b\"}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].reliability:" },
  { "credibility-7", HEAD "\"nodes\":[" CLAIM ("n1") ",{\"id\":\"n2\",\"kind\":\"evidence\",\"title\":\"r\",\"x\":0,\"y\":0,\"credibility\":7}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[1].credibility: must be an integer from 1 to 6" },
  { "credibility-0", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"title\":\"r\",\"x\":0,\"y\":0,\"credibility\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].credibility: must be an integer from 1 to 6" },
  { "credibility-fraction", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"title\":\"r\",\"x\":0,\"y\":0,\"credibility\":2.5}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].credibility: must be an integer" },
  { "x-string", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"r\",\"x\":\"0\",\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].x: must be a number" },
  { "missing-y", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"r\",\"x\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].y: missing" },
  { "title-number", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":5,\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].title: must be a string" },
  { "tags-string", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"t\",\"x\":0,\"y\":0,\"tags\":\"a\"}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].tags: must be an array" },
  { "tag-number", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"t\",\"x\":0,\"y\":0,\"tags\":[\"a\",3]}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].tags[1]: must be a non-empty string" },
  { "bad-date", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"t\",\"x\":0,\"y\":0,\"occurred\":\"last week\"}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].occurred:" },
  { "bad-color", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"t\",\"x\":0,\"y\":0,\"color\":\"red\"}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].color:" },
  { "node-not-object", HEAD "\"nodes\":[42],\"links\":[]}", EVB_ERROR_FORMAT, "nodes[0]: must be an object" },
  { "duplicate-node", HEAD "\"nodes\":[" CLAIM ("n1") "," EVIDENCE ("n1") "],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[1].id: there is already a node with id “n1”" },
  { "duplicate-link-id", HEAD "\"nodes\":[" CLAIM ("n1") "," EVIDENCE ("n2") "],\"links\":[{\"id\":\"l1\",\"from\":\"n2\",\"to\":\"n1\",\"relation\":\"supports\"},{\"id\":\"l1\",\"from\":\"n1\",\"to\":\"n2\",\"relation\":\"supports\"}]}",
    EVB_ERROR_FORMAT, "links[1].id: there is already a link with id “l1”" },
  { "dangling-link", HEAD "\"nodes\":[" CLAIM ("n1") "],\"links\":[{\"id\":\"l1\",\"from\":\"n1\",\"to\":\"n99\",\"relation\":\"refutes\"}]}",
    EVB_ERROR_FORMAT, "links[0].to: no node with id “n99”" },
  { "self-link", HEAD "\"nodes\":[" CLAIM ("n1") "],\"links\":[{\"id\":\"l1\",\"from\":\"n1\",\"to\":\"n1\",\"relation\":\"refutes\"}]}",
    EVB_ERROR_FORMAT, "links[0].to: a link cannot go from a node to itself" },
  { "duplicate-link", HEAD "\"nodes\":[" CLAIM ("n1") "," EVIDENCE ("n2") "],\"links\":[{\"id\":\"l1\",\"from\":\"n2\",\"to\":\"n1\",\"relation\":\"supports\"},{\"id\":\"l2\",\"from\":\"n2\",\"to\":\"n1\",\"relation\":\"refutes\"}]}",
    EVB_ERROR_FORMAT, "links[1].to: there is already a link from “n2” to “n1”" },
  { "nan", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"t\",\"x\":NaN,\"y\":0}],\"links\":[]}",
    EVB_ERROR_PARSE, "line 1, column " },
  { "infinity", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"t\",\"x\":Infinity,\"y\":0}],\"links\":[]}",
    EVB_ERROR_PARSE, "line 1, column " },
  { "huge-number", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"t\",\"x\":1e400,\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0]." },
  { "huge-integer", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"t\",\"x\":99999999999999999999999,\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "byte 112: the number 99999999999999999999999 is too large" },
  { "size-over-64-bits", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"title\":\"t\",\"x\":0,\"y\":0,\"attachment\":{\"uri\":\"file:///a\",\"size\":9223372036854775808}}],\"links\":[]}",
    EVB_ERROR_FORMAT, "byte " },
  { "comment", HEAD "\"nodes\":[] /* none */,\"links\":[]}", EVB_ERROR_PARSE, "byte 72: JSON has no comments" },
  { "hex-number", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"t\",\"x\":0x10,\"y\":0}],\"links\":[]}",
    EVB_ERROR_PARSE, "byte 112: not a JSON number" },
  { "leading-zero", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"t\",\"x\":010,\"y\":0}],\"links\":[]}",
    EVB_ERROR_PARSE, "byte 112: not a JSON number" },
  { "bare-fraction", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"t\",\"x\":.5,\"y\":5.}],\"links\":[]}",
    EVB_ERROR_PARSE, "byte 112: not a JSON number" },
  { "single-quotes", HEAD "\"nodes\":[{\"id\":'n1',\"kind\":\"claim\",\"title\":\"t\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_PARSE, "byte 76: JSON text goes in double quotes" },
  { "raw-newline", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"two\nlines\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_PARSE, "byte 108: a control character inside text must be escaped" },
  { "nul-escape", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"a\\u0000b\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].title: text cannot hold a NUL character" },
  { "lone-surrogate", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"a\\ud800b\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].title: not valid UTF-8" },
  { "board-not-object", "{\"format\":\"evidence-board\",\"version\":1,\"board\":\"T\",\"nodes\":[],\"links\":[]}",
    EVB_ERROR_FORMAT, "board: must be an object" },
  { "no-board", "{\"format\":\"evidence-board\",\"version\":1,\"nodes\":[],\"links\":[]}",
    EVB_ERROR_FORMAT, "board: missing" },
  { "version-fraction", "{\"format\":\"evidence-board\",\"version\":1.5,\"board\":{\"title\":\"T\"},\"nodes\":[],\"links\":[]}",
    EVB_ERROR_FORMAT, "version: must be an integer" },
  { "version-zero", "{\"format\":\"evidence-board\",\"version\":0,\"board\":{\"title\":\"T\"},\"nodes\":[],\"links\":[]}",
    EVB_ERROR_FORMAT, "version: 0 is not a version" },
  { "format-number", "{\"format\":1,\"version\":1,\"board\":{\"title\":\"T\"},\"nodes\":[],\"links\":[]}",
    EVB_ERROR_FORMAT, "format: must be a string" },
  { "board-title-null", "{\"format\":\"evidence-board\",\"version\":1,\"board\":{\"title\":null},\"nodes\":[],\"links\":[]}",
    EVB_ERROR_FORMAT, "board.title: missing" },
  { "board-created-bad", "{\"format\":\"evidence-board\",\"version\":1,\"board\":{\"title\":\"T\",\"created\":\"yesterday\"},\"nodes\":[],\"links\":[]}",
    EVB_ERROR_FORMAT, "board.created: “yesterday”" },
  { "id-number", HEAD "\"nodes\":[{\"id\":1,\"kind\":\"claim\",\"title\":\"t\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].id: must be a string" },
  { "id-empty", HEAD "\"nodes\":[{\"id\":\"\",\"kind\":\"claim\",\"title\":\"t\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].id: must not be empty" },
  { "kind-missing", HEAD "\"nodes\":[{\"id\":\"n1\",\"title\":\"t\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].kind: missing" },
  { "width-string", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"t\",\"x\":0,\"y\":0,\"width\":\"wide\"}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].width: must be a number" },
  { "width-negative", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"t\",\"x\":0,\"y\":0,\"width\":-5}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].width" },
  { "reliability-number", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"title\":\"t\",\"x\":0,\"y\":0,\"reliability\":1}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].reliability: must be a string" },
  { "credibility-string", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"title\":\"t\",\"x\":0,\"y\":0,\"credibility\":\"3\"}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].credibility: must be an integer" },
  { "credibility-huge-float", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"title\":\"t\",\"x\":0,\"y\":0,\"credibility\":1e300}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].credibility: must be an integer" },
  { "credibility-float-7", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"title\":\"t\",\"x\":0,\"y\":0,\"credibility\":7.0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].credibility: must be an integer from 1 to 6" },
  { "newer-version-float", "{\"format\":\"evidence-board\",\"version\":2.0,\"board\":{\"title\":\"T\"},\"nodes\":[],\"links\":[]}",
    EVB_ERROR_TOO_NEW, "version: version 2 is newer than this app supports (1)" },
  { "credibility-huge", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"title\":\"t\",\"x\":0,\"y\":0,\"credibility\":4294967298}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].credibility: must be an integer from 1 to 6" },
  { "claim-with-evidence-type", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"evidence_type\":\"video\",\"title\":\"t\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].evidence_type: only evidence" },
  { "attachment-string", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"title\":\"t\",\"x\":0,\"y\":0,\"attachment\":\"file:///a\"}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].attachment: must be an object" },
  { "attachment-bad-sha", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"title\":\"t\",\"x\":0,\"y\":0,\"attachment\":{\"uri\":\"file:///a\",\"sha256\":\"abc\"}}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].attachment.sha256:" },
  { "link-not-object", HEAD "\"nodes\":[" CLAIM ("n1") "],\"links\":[\"l1\"]}",
    EVB_ERROR_FORMAT, "links[0]: must be an object" },
  { "link-from-missing", HEAD "\"nodes\":[" CLAIM ("n1") "," EVIDENCE ("n2") "],\"links\":[{\"id\":\"l1\",\"to\":\"n1\",\"relation\":\"supports\"}]}",
    EVB_ERROR_FORMAT, "links[0].from: missing" },
  { "link-dangling-from", HEAD "\"nodes\":[" CLAIM ("n1") "],\"links\":[{\"id\":\"l1\",\"from\":\"n7\",\"to\":\"n1\",\"relation\":\"supports\"}]}",
    EVB_ERROR_FORMAT, "links[0].from: no node with id “n7”" },
  { "strength-number", HEAD "\"nodes\":[" CLAIM ("n1") "," EVIDENCE ("n2") "],\"links\":[{\"id\":\"l1\",\"from\":\"n2\",\"to\":\"n1\",\"relation\":\"supports\",\"strength\":3}]}",
    EVB_ERROR_FORMAT, "links[0].strength: must be a string" },
  { "note-array", HEAD "\"nodes\":[" CLAIM ("n1") "," EVIDENCE ("n2") "],\"links\":[{\"id\":\"l1\",\"from\":\"n2\",\"to\":\"n1\",\"relation\":\"supports\",\"note\":[]}]}",
    EVB_ERROR_FORMAT, "links[0].note: must be a string" },
  { "attachment-no-uri", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"title\":\"t\",\"x\":0,\"y\":0,\"attachment\":{\"size\":3}}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].attachment.uri: missing" },
  { "attachment-negative", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"title\":\"t\",\"x\":0,\"y\":0,\"attachment\":{\"uri\":\"file:///a\",\"size\":-3}}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].attachment.size: must not be negative" },
  /* Escapes RFC 8259 does not have, which json-glib read as something else
   * or cut the text at (issue 14, item 2). */
  { "nul-escape-cuts", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"Safe title\\u0000 -- everything after this is lost\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].title: text cannot hold a NUL character (\\u0000)" },
  { "backslash-zero", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"Safe title\\0 -- everything after this is lost\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_PARSE, "nodes[0].title: “\\0” is not an escape of JSON text" },
  { "name-backslash-zero", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\\0junk\":\"t\",\"title\":\"t\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_PARSE, "nodes[0]: in a member name: “\\0” is not an escape" },
  { "name-nul-escape", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\\u0000junk\":\"t\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0]: in a member name: text cannot hold a NUL character" },
  { "octal-escape", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"\\101\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_PARSE, "nodes[0].title: “\\1” is not an escape of JSON text" },
  { "unknown-escape", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"t\",\"body\":\"\\q\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_PARSE, "nodes[0].body: “\\q” is not an escape of JSON text" },
  { "hex-escape", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"\\x41\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_PARSE, "nodes[0].title: “\\x” is not an escape of JSON text" },
  { "bad-unicode-escape", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"\\uZZZZ\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_PARSE, "nodes[0].title: “\\u” must be followed by four hexadecimal digits" },
  { "short-unicode-escape", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"\\u41\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_PARSE, "nodes[0].title: “\\u” must be followed by four hexadecimal digits" },
  { "escaped-newline", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"a\\\nb\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_PARSE, "nodes[0].title: a backslash must start an escape" },
  { "escape-in-board", "{\"format\":\"evidence-board\",\"version\":1,\"board\":{\"title\":\"T\\e\"},\"nodes\":[],\"links\":[]}",
    EVB_ERROR_PARSE, "board.title: “\\e” is not an escape" },
  { "escape-in-tag", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"t\",\"tags\":[\"a\",\"\\v\"],\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_PARSE, "nodes[0].tags[1]: “\\v” is not an escape" },
  { "low-surrogate-alone", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"\\udc00\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].title: not valid UTF-8 text: “\\udc00” is the second half" },
  { "high-surrogate-then-letter", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"\\ud83d\\u0041\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].title: not valid UTF-8 text: “\\ud83d” is the first half" },
  /* A lone surrogate where the reader quotes the value: the message was
   * not valid UTF-8 (issue 14, item 13). */
  { "lone-surrogate-kind", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"\\ud800\",\"title\":\"t\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].kind: not valid UTF-8 text: “\\ud800” is the first half" },
  { "lone-surrogate-format", "{\"format\":\"\\ud800\",\"version\":1,\"board\":{\"title\":\"T\"},\"nodes\":[],\"links\":[]}",
    EVB_ERROR_FORMAT, "format: not valid UTF-8 text" },
  { "control-in-kind", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"\\u001b[2J\",\"title\":\"t\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].kind: unknown kind “\\u001b[2J”" },
  /* A member twice and a second document (issue 14, item 3). */
  { "nodes-twice", HEAD "\"nodes\":[" CLAIM ("n1") "],\"links\":[],\"nodes\":[]}",
    EVB_ERROR_FORMAT, "nodes: given more than once in the same object" },
  { "format-twice", "{\"format\":\"evil\",\"format\":\"evidence-board\",\"version\":1,\"board\":{\"title\":\"T\"},\"nodes\":[],\"links\":[]}",
    EVB_ERROR_FORMAT, "format: given more than once in the same object" },
  { "title-twice", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"a\",\"title\":\"b\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].title: given more than once" },
  { "escaped-name-twice", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"a\",\"ti\\u0074le\":\"b\",\"x\":0,\"y\":0}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].ti\\u0074le: given more than once" },
  { "unknown-field-twice", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"a\",\"x\":0,\"y\":0,\"extra\":[{\"a\":1,\"a\":2}]}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].extra[0].a: given more than once" },
  { "attachment-uri-twice", HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"title\":\"t\",\"x\":0,\"y\":0,\"attachment\":{\"uri\":\"file:///a\",\"uri\":\"file:///b\"}}],\"links\":[]}",
    EVB_ERROR_FORMAT, "nodes[0].attachment.uri: given more than once" },
  { "board-title-twice", "{\"format\":\"evidence-board\",\"version\":1,\"board\":{\"title\":\"T\",\"title\":\"U\"},\"nodes\":[],\"links\":[]}",
    EVB_ERROR_FORMAT, "board.title: given more than once" },
  { "two-documents", HEAD "\"nodes\":[],\"links\":[]}" HEAD "\"nodes\":[" CLAIM ("n1") "],\"links\":[]}",
    EVB_ERROR_PARSE, "byte 83: there is more after the end of the document" },
  { "trailing-garbage", HEAD "\"nodes\":[],\"links\":[]}  x", EVB_ERROR_PARSE, "byte 85: there is more" },
  { "trailing-form-feed", HEAD "\"nodes\":[],\"links\":[]}\f", EVB_ERROR_PARSE, "byte 83: there is more" },
  /* json-glib took a member without its colon. */
  { "missing-colon", "{\"format\" \"evidence-board\",\"version\":1,\"board\":{\"title\":\"T\"},\"nodes\":[],\"links\":[]}",
    EVB_ERROR_PARSE, "line 1, column 11: not valid JSON: unexpected “\"”" },
  { "trailing-escape", HEAD "\"nodes\":[],\"links\":[]}\\u0000", EVB_ERROR_PARSE, "byte 83: there is more" },
};

/* Whether a folder is empty: a failed import leaves nothing, not even its
 * temporary file. */
static void
assert_empty_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (listing);
  name = g_dir_read_name (listing);
  if (name != NULL)
    g_error ("%s was left in %s", name, dir);
}

static void
test_bad_input (gconstpointer user_data)
{
  const BadInput *bad = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoard) board = evb_json_read_board (bad->json, strlen (bad->json), &error);
  g_autofree char *dir = g_dir_make_tmp ("evb-json-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bad.evboard", NULL);
  g_autoptr(GError) import_error = NULL;

  g_assert_null (board);
  g_assert_error (error, EVB_ERROR, bad->code);
  if (!g_str_has_prefix (error->message, bad->message_start))
    g_error ("“%s” does not start with “%s”", error->message, bad->message_start);

  /* Importing into a new file, which streams rows without a board,
   * refuses it with the same error and writes nothing. */
  g_assert_false (evb_json_import (bad->json, strlen (bad->json), path, TRUE, NULL, NULL, NULL,
                                   &import_error));
  g_assert_error (import_error, EVB_ERROR, bad->code);
  g_assert_cmpstr (import_error->message, ==, error->message);
  assert_empty_dir (dir);

  /* Nor does it touch a file it was asked to replace. */
  g_clear_error (&import_error);
  g_assert_true (g_file_set_contents (path, "kept", -1, NULL));
  g_assert_false (evb_json_import (bad->json, strlen (bad->json), path, TRUE, NULL, NULL, NULL,
                                   &import_error));
  g_assert_error (import_error, EVB_ERROR, bad->code);
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "kept");
  }
  g_unlink (path);
  assert_empty_dir (dir);
  g_rmdir (dir);
}

/* Every row of every table of a board file, as text, in rowid order. */
static char *
dump_rows (const char *path)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_master ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      const char *sql = (const char *) sqlite3_column_text (stmt, 1);

      g_string_append_printf (out, "schema %s: %s\n", name, sql ? sql : "");
      if (sql != NULL && g_str_has_prefix (sql, "CREATE TABLE"))
        g_ptr_array_add (tables, g_strdup (name));
    }
  sqlite3_finalize (stmt);
  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY rowid",
                                              (char *) g_ptr_array_index (tables, i));

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_string_append_printf (out, "%s:", (char *) g_ptr_array_index (tables, i));
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *text = (const char *) sqlite3_column_text (stmt, c);

              g_string_append_printf (out, " %d|%s", sqlite3_column_type (stmt, c),
                                      text != NULL ? text : "");
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  {
    sqlite3_stmt *pragma = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &pragma, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (pragma), ==, SQLITE_ROW);
    g_string_append_printf (out, "user_version %d\n", sqlite3_column_int (pragma, 0));
    sqlite3_finalize (pragma);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA application_id", -1, &pragma, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (pragma), ==, SQLITE_ROW);
    g_string_append_printf (out, "application_id %d\n", sqlite3_column_int (pragma, 0));
    sqlite3_finalize (pragma);
  }
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
keep_fractions (double   fraction,
                gpointer user_data)
{
  GArray *fractions = user_data;

  g_assert_true (fraction >= 0 && fraction <= 1);
  if (fractions->len > 0)
    g_assert_cmpfloat (fraction, >, g_array_index (fractions, double, fractions->len - 1));
  g_array_append_val (fractions, fraction);
}

/* A stand-in for the renderer's measuring (the core cannot lay out text):
 * a size that depends on the card, different from the default. */
static void
fit_by_title (const EvbNodeData *data,
              double            *width,
              double            *height)
{
  *width = 180 + 7 * strlen (data->title);
  *height = 90 + (data->body != NULL ? strlen (data->body) : 0);
}

/* The streamed import writes the rows the model's path writes (the model's
 * path sizes unsized cards with fit, as the CLI does). */
static void
assert_import_same_rows (const char        *json,
                         gsize              length,
                         EvbEditingFitFunc  fit,
                         gboolean           streams)
{
  g_autofree char *dir = g_dir_make_tmp ("evb-json-XXXXXX", NULL);
  g_autofree char *streamed = g_build_filename (dir, "streamed.evboard", NULL);
  g_autofree char *modelled = g_build_filename (dir, "modelled.evboard", NULL);
  g_autofree char *streamed_rows = NULL;
  g_autofree char *modelled_rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoard) board = evb_json_read_board (json, length, &error);
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) loaded = NULL;
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean was_streamed = FALSE;

  g_assert_no_error (error);
  if (fit != NULL)
    evb_json_fit_unsized (board, fit);
  g_assert_true (evb_store_write_new (board, modelled, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (_evb_json_import_full (json, length, streamed, FALSE, fit, keep_fractions, fractions,
                                        &was_streamed, &error));
  g_assert_no_error (error);

  streamed_rows = dump_rows (streamed);
  modelled_rows = dump_rows (modelled);
  g_assert_cmpuint (strlen (modelled_rows), >, 0);
  /* Every table of the format is compared, those the import leaves empty
   * (settings, files kept in the board) included. */
  {
    const char *tables[] = { "board", "node", "tag", "link", "setting", "blob",
                             "blob_chunk", "card_group", "card_group_member" };

    for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
      {
        g_autofree char *schema = g_strdup_printf ("schema %s: CREATE TABLE", tables[i]);

        if (strstr (modelled_rows, schema) == NULL)
          g_error ("no table %s in the dump:\n%s", tables[i], modelled_rows);
      }
  }
  g_assert_cmpstr (streamed_rows, ==, modelled_rows);
  g_assert_cmpint (was_streamed, ==, streams);
  /* The bar goes up to 1, and never back, even when the scanner declines
   * a document late; the model's path reports half way once it has the
   * board. */
  g_assert_cmpuint (fractions->len, >=, 2);
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);

  /* And it opens, passing every check of a board file. */
  store = evb_store_open (streamed, EVB_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  loaded = evb_store_load (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (evb_board_get_n_nodes (loaded), ==, evb_board_get_n_nodes (board));
  g_assert_cmpuint (evb_board_get_n_links (loaded), ==, evb_board_get_n_links (board));
  g_assert_cmpuint (evb_board_get_n_groups (loaded), ==, evb_board_get_n_groups (board));
  evb_store_close (store);

  /* Without overwrite, an existing file is refused and kept. */
  g_assert_false (evb_json_import (json, length, streamed, FALSE, fit, NULL, NULL, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
  g_clear_error (&error);
  g_assert_true (evb_json_import (json, length, streamed, TRUE, fit, NULL, NULL, &error));
  g_assert_no_error (error);

  g_unlink (streamed);
  g_unlink (modelled);
  assert_empty_dir (dir);
  g_rmdir (dir);
}

static void
test_bad_bytes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  const char invalid_utf8[] = HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"\xc3\x28\",\"x\":0,\"y\":0}],\"links\":[]}";

  g_assert_null (evb_json_read_board ("", 0, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "the file is empty");
  g_clear_error (&error);

  /* A NUL byte is not text either. */
  {
    const char with_nul[] = "{\"format\":\0\"evidence-board\"}";

    g_assert_null (evb_json_read_board (with_nul, sizeof with_nul - 1, &error));
    g_assert_error (error, EVB_ERROR, EVB_ERROR_PARSE);
    g_assert_true (g_str_has_prefix (error->message, "byte 10: "));
    g_clear_error (&error);
  }

  g_assert_null (evb_json_read_board (invalid_utf8, strlen (invalid_utf8), &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_PARSE);
  {
    g_autofree char *expected = g_strdup_printf ("byte %" G_GSIZE_FORMAT ": ",
                                                 (gsize) (strstr (invalid_utf8, "\xc3\x28") - invalid_utf8));
    g_assert_true (g_str_has_prefix (error->message, expected));
  }
  g_clear_error (&error);

  /* 100,000 levels would overflow json-glib's recursive parser. */
  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_assert_null (evb_json_read_board (deep->str, deep->len, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "nested more than"));
  g_clear_error (&error);

  /* Brackets inside strings do not count. */
  {
    g_autoptr(GString) s = g_string_new (HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"");
    g_autoptr(EvbBoard) board = NULL;
    for (int i = 0; i < 1000; i++)
      g_string_append (s, "[{\\\"");
    g_string_append (s, "\",\"x\":0,\"y\":0}],\"links\":[]}");
    board = evb_json_read_board (s->str, s->len, &error);
    g_assert_no_error (error);
    g_assert_nonnull (board);
  }
}

static void
test_big_title (void)
{
  g_autoptr(GString) s = g_string_new (HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoard) board = NULL;
  gsize title_length = 4 * 1024 * 1024;

  for (gsize i = 0; i < title_length / 8; i++)
    g_string_append (s, "Бороди ");
  g_string_append (s, "\",\"x\":0,\"y\":0}],\"links\":[]}");

  board = evb_json_read_board (s->str, s->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (evb_node_get_title (evb_board_get_node (board, "n1"))), >=, title_length);
}

static void
test_defaults_and_unknown_fields (void)
{
  const char *json = "{\"format\":\"evidence-board\",\"version\":1,\"extra\":{\"deep\":[1,2]},"
                     "\"board\":{\"title\":\"T\",\"colour\":\"x\"},"
                     "\"nodes\":[{\"id\":\"c\",\"kind\":\"claim\",\"title\":\"c\",\"x\":1,\"y\":2,\"future\":true},"
                     "{\"id\":\"e\",\"kind\":\"evidence\",\"title\":\"e\",\"x\":1.5,\"y\":2}],"
                     "\"links\":[{\"id\":\"l\",\"from\":\"e\",\"to\":\"c\",\"relation\":\"refutes\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoard) board = evb_json_read_board (json, strlen (json), &error);
  const EvbNodeData *c, *e;

  g_assert_no_error (error);
  c = evb_node_get_data (evb_board_get_node (board, "c"));
  e = evb_node_get_data (evb_board_get_node (board, "e"));
  g_assert_cmpfloat (c->width, ==, EVB_CLAIM_DEFAULT_WIDTH);
  g_assert_cmpfloat (e->height, ==, EVB_NODE_DEFAULT_HEIGHT);
  g_assert_cmpint (e->evidence_type, ==, EVB_EVIDENCE_TYPE_OTHER);
  g_assert_cmpint (evb_link_get_strength (evb_board_get_link (board, "l")), ==, EVB_STRENGTH_MODERATE);
  g_assert_false (evb_board_can_undo (board));
}

/* JSON has one kind of number: a tool that writes a grade as 3.0 or a size
 * as 1e3 means the integer, as JSON Schema says. */
static void
test_whole_floats (void)
{
  const char *json = "{\"format\":\"evidence-board\",\"version\":1.0,\"board\":{\"title\":\"T\"},"
                     "\"nodes\":[{\"id\":\"e\",\"kind\":\"evidence\",\"title\":\"e\",\"x\":0,\"y\":0,"
                     "\"credibility\":3.0,\"attachment\":{\"uri\":\"file:///a\",\"size\":1e3}}],"
                     "\"links\":[]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoard) board = evb_json_read_board (json, strlen (json), &error);
  g_autofree char *text = NULL;
  const EvbNodeData *e;

  g_assert_no_error (error);
  e = evb_node_get_data (evb_board_get_node (board, "e"));
  g_assert_cmpint (e->credibility, ==, 3);
  g_assert_cmpint (e->attachment_size, ==, 1000);

  /* And they are written back as integers. */
  text = evb_json_write_board (board, NULL);
  g_assert_nonnull (strstr (text, "\"version\": 1,\n"));
  g_assert_nonnull (strstr (text, "\"credibility\": 3,\n"));
  g_assert_nonnull (strstr (text, "\"size\": 1000\n"));
}

/* Whole numbers are written without a fraction, everything else reads back
 * as exactly the same double, and 64-bit sizes stay exact. */
static void
test_numbers (void)
{
  const double values[] = { 0, -0.0, 100, -7, 0.1, 1.0 / 3.0, -2.5e-7, 1234567.0000001,
                            9999999.999999998, 5e-324, 0.30000000000000004 };
  g_autoptr(EvbBoard) board = evb_board_new ("Numbers");
  g_autoptr(EvbBoard) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(EvbNodeData) d = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);

      d->id = g_strdup_printf ("n%u", i);
      evb_node_data_set_string (&d->title, "n");
      d->x = values[i];
      d->y = -values[i];
      d->width = 1 + fabs (values[i]) / 1000;
      evb_node_data_set_string (&d->attachment_uri, "file:///a");
      d->attachment_size = i == 0 ? G_MAXINT64 : (gint64) i;
      g_assert_nonnull (evb_board_add_node (board, d, &error));
      g_assert_no_error (error);
    }

  text = evb_json_write_board (board, NULL);
  g_assert_nonnull (strstr (text, "\"x\": 100,\n"));
  g_assert_nonnull (strstr (text, "\"x\": -7,\n"));
  g_assert_nonnull (strstr (text, "\"x\": 0.1,\n"));
  g_assert_nonnull (strstr (text, "\"size\": 9223372036854775807\n"));
  g_assert_null (strstr (text, ".0,"));

  again = evb_json_read_board (text, strlen (text), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *id = g_strdup_printf ("n%u", i);
      const EvbNodeData *d = evb_node_get_data (evb_board_get_node (again, id));

      g_assert_true (d->x == values[i]);
      g_assert_true (d->y == -values[i]);
      g_assert_cmpint (d->attachment_size, ==, i == 0 ? G_MAXINT64 : (gint64) i);
    }
  text_again = evb_json_write_board (again, NULL);
  g_assert_cmpstr (text, ==, text_again);
}

static void
test_write_file (void)
{
  g_autoptr(EvbBoard) board = make_full_board ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("evb-json-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "board.json", NULL);
  g_autofree char *blocker = g_build_filename (dir, "file", NULL);
  g_autofree char *bad = g_build_filename (blocker, "board.json", NULL);
  g_autoptr(EvbBoard) again = NULL;
  g_autofree char *folder = g_build_filename (dir, "folder", NULL);
  g_autofree char *inside = g_build_filename (folder, "keep.txt", NULL);
  g_autoptr(GDir) listing = NULL;
  const char *name;
  guint n_entries = 0;

  g_assert_true (evb_json_write_board_file (board, path, &error));
  g_assert_no_error (error);
  again = evb_json_read_board_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (evb_board_get_n_links (again), ==, 6);

  /* A place that cannot hold a file: a path under a regular file. */
  g_assert_true (g_file_set_contents (blocker, "x", 1, NULL));
  g_assert_false (evb_json_write_board_file (board, bad, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
  g_clear_error (&error);

  g_assert_null (evb_json_read_board_file (bad, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
  g_clear_error (&error);

  /* The last step fails: the temporary file is written, but a folder is in
   * the way of the rename. It must not be left behind. */
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (inside, "keep", 4, NULL));
  g_assert_false (evb_json_write_board_file (board, folder, &error));
  g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
  g_clear_error (&error);
  g_assert_true (g_file_test (inside, G_FILE_TEST_IS_REGULAR));

  /* Nothing but what the test made is left. */
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      if (g_strcmp0 (name, "board.json") != 0 && g_strcmp0 (name, "file") != 0 &&
          g_strcmp0 (name, "folder") != 0)
        g_error ("“%s” was left behind", name);
      n_entries++;
    }
  g_assert_cmpuint (n_entries, ==, 3);

  /* Overwriting gives the new text, whole. */
  {
    g_autoptr(EvbBoard) small = evb_board_new ("Small");
    g_autofree char *expected = evb_json_write_board (small, NULL);
    g_autofree char *contents = NULL;

    g_assert_true (evb_json_write_board_file (small, path, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, expected);
  }

  g_unlink (inside);
  g_rmdir (folder);
  g_unlink (path);
  g_unlink (blocker);
  g_rmdir (dir);
}

/* A folder the user may not write to: the write fails and the folder stays
 * empty. Root writes anywhere, so there the test skips itself. */
static void
test_write_read_only_folder (void)
{
  g_autoptr(EvbBoard) board = make_full_board ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("evb-json-XXXXXX", NULL);
  g_autofree char *locked = g_build_filename (dir, "locked", NULL);
  g_autofree char *path = g_build_filename (locked, "board.json", NULL);
  g_autoptr(GDir) listing = NULL;

  g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
  if (g_access (locked, W_OK) == 0)
    {
      g_test_skip ("this user can write to a read-only folder (root?)");
    }
  else
    {
      g_assert_false (evb_json_write_board_file (board, path, &error));
      g_assert_error (error, EVB_ERROR, EVB_ERROR_IO);
      listing = g_dir_open (locked, 0, NULL);
      g_assert_nonnull (listing);
      g_assert_null (g_dir_read_name (listing));
    }

  g_assert_cmpint (g_chmod (locked, 0700), ==, 0);
  g_assert_cmpint (g_rmdir (locked), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The streaming reader either declines a document or reads it exactly as
 * json-glib's tree does; the tree gives every error. */
static void
assert_readers_agree (const char *json,
                      gsize       length,
                      gboolean    streamed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoard) tree = _evb_json_read_board_tree (json, length, &error);
  g_autoptr(EvbBoard) streaming = _evb_json_read_board_streaming (json, length);

  if (streamed && streaming == NULL)
    g_error ("the streaming reader declined “%.*s”", (int) MIN (length, 200), json);
  if (streaming != NULL)
    {
      g_autofree char *expected = NULL;
      g_autofree char *got = NULL;

      if (tree == NULL)
        g_error ("the streaming reader accepted “%.*s”, the tree refused it: %s",
                 (int) MIN (length, 200), json, error->message);
      expected = evb_json_write_board (tree, NULL);
      got = evb_json_write_board (streaming, NULL);
      g_assert_cmpstr (got, ==, expected);
      g_assert_false (evb_board_can_undo (streaming));
    }
}

static const struct
{
  const char *json;
  gboolean    streamed;  /* the streaming reader must take it */
} agreeing[] = {
  { HEAD "\"nodes\":[],\"links\":[]}", TRUE },
  { " \r\n\t" HEAD "\"nodes\":[" CLAIM ("n1") "],\"links\":[]} \n", TRUE },
  /* Members in any order; unknown ones, nested deep, are skipped. */
  { "{\"links\":[],\"extra\":{\"a\":[1,{\"b\":[true,false,null]}]},\"nodes\":[],"
    "\"board\":{\"title\":\"T\",\"x\":[]},\"version\":1,\"format\":\"evidence-board\"}", FALSE },
  { "{\"nodes\":[" CLAIM ("n1") "," EVIDENCE ("n2") "],\"extra\":{\"a\":[1,{\"b\":[true,false,null]}]},"
    "\"links\":[{\"id\":\"l1\",\"from\":\"n2\",\"to\":\"n1\",\"relation\":\"supports\",\"more\":{}}],"
    "\"board\":{\"title\":\"T\",\"x\":[]},\"version\":1.0,\"format\":\"evidence-board\"}", TRUE },
  /* Escapes, and text that is not ASCII. */
  { HEAD "\"nodes\":[{\"id\":\"n\\u0031\",\"kind\":\"claim\",\"title\":\"\\\"a\\\\b\\/c\\b\\f\\n\\r\\t\\u00e9\\u20AC\\u001f\","
    "\"body\":\"Долгие Бороды — 🛸\",\"x\":0,\"y\":0}],\"links\":[]}", TRUE },
  { HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"\\ud83d\\ude00\",\"x\":0,\"y\":0}],\"links\":[]}", FALSE },
  { HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"\\uDFFF\",\"x\":0,\"y\":0}],\"links\":[]}", FALSE },
  /* Numbers of every shape. */
  { HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"title\":\"t\",\"x\":-0,\"y\":1.5e2,"
    "\"width\":123.456789012345678,\"height\":1E1,\"credibility\":3.0,"
    "\"attachment\":{\"uri\":\"file:///a\",\"size\":9007199254740992.0}}],\"links\":[]}", TRUE },
  { HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"t\",\"x\":1e-400,\"y\":-0.0}],\"links\":[]}", FALSE },
  { HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"t\",\"x\":0.1,\"y\":-9999999.999999999}],\"links\":[]}", TRUE },
  { HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"title\":\"t\",\"x\":0,\"y\":0,"
    "\"attachment\":{\"uri\":\"file:///a\",\"size\":9223372036854775807}}],\"links\":[]}", TRUE },
  /* Nulls count as absent; empty optional strings too. */
  { HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"title\":\"\",\"body\":null,\"source\":\"\","
    "\"tags\":null,\"attachment\":null,\"credibility\":null,\"x\":0,\"y\":0}],"
    "\"links\":[]}", TRUE },
  /* json-glib takes what is not strict JSON; the tree decides. */
  { "\xef\xbb\xbf" HEAD "\"nodes\":[],\"links\":[]}", FALSE },
  { HEAD "\"nodes\":[],\"links\":[]} {}", FALSE },
  { HEAD "\"nodes\":[],\"links\":[]}\f", FALSE },
  { HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"\\x41\\a\",\"x\":0,\"y\":0}],\"links\":[]}", FALSE },
  /* A member twice: json-glib keeps the last. */
  { HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\",\"title\":\"a\",\"title\":\"b\",\"x\":0,\"y\":0}],\"links\":[]}", FALSE },
  { HEAD "\"nodes\":[],\"links\":[],\"nodes\":[" CLAIM ("n1") "]}", FALSE },
  { HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"evidence\",\"title\":\"t\",\"x\":0,\"y\":0,"
    "\"attachment\":{\"uri\":\"file:///a\",\"uri\":\"file:///b\"}}],\"links\":[]}", FALSE },
  /* Names with escapes. */
  { HEAD "\"nodes\":[{\"i\\u0064\":\"n1\",\"kind\":\"claim\",\"title\":\"t\",\"x\":0,\"y\":0}],\"links\":[]}", FALSE },
};

static void
test_streaming_agrees (void)
{
  g_autoptr(EvbBoard) full = make_full_board ();
  g_autofree char *full_json = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *sample_path = NULL;
  gsize length = 0;

  for (guint i = 0; i < G_N_ELEMENTS (agreeing); i++)
    assert_readers_agree (agreeing[i].json, strlen (agreeing[i].json), agreeing[i].streamed);

  full_json = evb_json_write_board (full, &length);
  assert_readers_agree (full_json, length, TRUE);

  sample_path = g_build_filename (g_getenv ("EVB_SOURCE_ROOT"), "data", "samples",
                                  "dolgiye-borody.json", NULL);
  g_assert_true (g_file_get_contents (sample_path, &sample, &length, NULL));
  assert_readers_agree (sample, length, TRUE);

  /* Every prefix of a small document: all errors but one. */
  {
    const char *doc = agreeing[3].json;

    for (gsize n = 0; n < strlen (doc); n++)
      assert_readers_agree (doc, n, FALSE);
  }

  /* Errors are the tree's. */
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autoptr(EvbBoard) board = _evb_json_read_board_streaming (bad_inputs[i].json,
                                                                  strlen (bad_inputs[i].json));
      g_assert_null (board);
    }
}

/* The scanner skips plain text eight bytes at a time: a quote, a
 * backslash, a control character or a byte that is not ASCII is found at
 * every place in a word, and a string that ends inside the last word or
 * runs off the end of the document is seen as such. */
static void
test_scan_string_words (void)
{
  static const char *specials[] = {
    "\\\"", "\\\\", "\\n", "\\u00e9", "\x01", "\xc3\xa9", "\xe2\x82\xac", "\xff", "\xc3",
  };

  for (guint k = 0; k < G_N_ELEMENTS (specials); k++)
    for (guint before = 0; before < 19; before++)
      for (guint after = 0; after < 11; after++)
        {
          g_autofree char *text = g_strdup_printf ("\"%.*s%s%.*s\"", before, "abcdefghijklmnopqrstuvwxyz",
                                                   specials[k], after, "ABCDEFGHIJKLMNOP");
          g_autofree char *doc = g_strdup_printf (HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\","
                                                  "\"title\":%s,\"x\":0,\"y\":0}],\"links\":[]}",
                                                  text);
          EvbJsonScanner s = { text, text + strlen (text), 0 };
          EvbJsonScannedValue value;
          /* Accepted exactly when it is JSON and UTF-8: not a control
           * character, not a byte that begins no character, not half of one. */
          gboolean valid = k < 4 || k == 5 || k == 6;

          g_assert_cmpint (_evb_json_scan_string (&s, &value), ==, valid);
          if (valid)
            {
              g_assert_true (s.p == text + strlen (text));
              g_assert_cmpuint (value.length, ==, strlen (text) - 2);
              g_assert_cmpint (value.escaped, ==, k < 4);
            }
          assert_readers_agree (doc, strlen (doc), valid);

          /* Without its closing quote, at any length: never past the end. */
          for (gsize cut = 1; cut < strlen (text); cut++)
            {
              g_autofree char *part = g_strndup (text, cut);
              EvbJsonScanner t = { part, part + cut, 0 };

              g_assert_false (_evb_json_scan_string (&t, &value));
            }
        }
}

/* The document need not end with a NUL: a number that ends it is read
 * from its bytes alone, not on into what follows in memory. */
static void
test_number_at_the_end (void)
{
  const char digits[] = "12345.5";
  EvbJsonScanner s = { digits, digits + 2, 0 };
  EvbJsonScannedValue value;

  g_assert_true (_evb_json_scan_value (&s, &value));
  g_assert_cmpint (value.type, ==, EVB_JSON_VALUE_INTEGER);
  g_assert_cmpint (value.integer, ==, 12);
  g_assert_true (s.p == digits + 2);

  s = (EvbJsonScanner) { digits + 3, digits + 5, 0 };
  g_assert_true (_evb_json_scan_value (&s, &value));
  g_assert_cmpint (value.type, ==, EVB_JSON_VALUE_INTEGER);
  g_assert_cmpint (value.integer, ==, 45);

  s = (EvbJsonScanner) { digits, digits + 7, 0 };
  g_assert_true (_evb_json_scan_value (&s, &value));
  g_assert_cmpint (value.type, ==, EVB_JSON_VALUE_DOUBLE);
  g_assert_cmpfloat (value.number, ==, 12345.5);
}

/* The machine names come from the registered enum types; these are the
 * contract's words (docs, schema, other tools), so they are spelt out. */
static void
test_enum_names (void)
{
  static const char * const kinds[] = { "claim", "evidence" };
  static const char * const types[] = {
    "video", "photo", "satellite-imagery", "radar", "intercept",
    "document", "statement", "social-media", "report", "other",
  };
  static const char * const relations[] = { "supports", "refutes" };
  static const char * const strengths[] = { "weak", "moderate", "strong" };
  g_autoptr(GEnumClass) type_class = g_type_class_ref (EVB_TYPE_EVIDENCE_TYPE);
  EvbEvidenceType type;
  EvbNodeKind kind;
  EvbRelation relation;
  EvbStrength strength;

  g_assert_cmpuint (G_N_ELEMENTS (types), ==, EVB_N_EVIDENCE_TYPES);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_assert_cmpstr (evb_node_kind_to_string ((EvbNodeKind) i), ==, kinds[i]);
      g_assert_true (evb_node_kind_from_string (kinds[i], &kind));
      g_assert_cmpint (kind, ==, i);
    }
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_assert_cmpstr (evb_evidence_type_to_string ((EvbEvidenceType) i), ==, types[i]);
      g_assert_true (evb_evidence_type_from_string (types[i], &type));
      g_assert_cmpint (type, ==, i);
    }
  for (guint i = 0; i < G_N_ELEMENTS (relations); i++)
    {
      g_assert_cmpstr (evb_relation_to_string ((EvbRelation) i), ==, relations[i]);
      g_assert_true (evb_relation_from_string (relations[i], &relation));
      g_assert_cmpint (relation, ==, i);
    }
  for (guint i = 0; i < G_N_ELEMENTS (strengths); i++)
    {
      g_assert_cmpstr (evb_strength_to_string ((EvbStrength) i), ==, strengths[i]);
      g_assert_true (evb_strength_from_string (strengths[i], &strength));
      g_assert_cmpint (strength, ==, i);
    }

  /* Every registered value but a claim's "none" has a contract name. */
  g_assert_cmpuint (type_class->n_values, ==, EVB_N_EVIDENCE_TYPES + 1);
  g_assert_null (evb_evidence_type_to_string (EVB_EVIDENCE_TYPE_NONE));
  g_assert_false (evb_evidence_type_from_string ("none", NULL));
  g_assert_false (evb_evidence_type_from_string ("Video", NULL));
  g_assert_false (evb_evidence_type_from_string ("EVB_EVIDENCE_TYPE_VIDEO", NULL));
  g_assert_false (evb_node_kind_from_string (NULL, NULL));
  g_assert_false (evb_relation_from_string ("", NULL));
  g_assert_false (evb_strength_from_string ("medium", NULL));
}

/* A document with one node whose body (or the board's title) is n bytes. */
static char *
document_with (gsize    body_length,
               gsize    title_length)
{
  GString *json = g_string_sized_new (body_length + title_length + 256);

  g_string_append (json, "{\"format\": \"evidence-board\", \"version\": 1, "
                         "\"board\": {\"title\": \"");
  for (gsize i = 0; i < title_length; i++)
    g_string_append_c (json, 't');
  g_string_append (json, "\"}, \"nodes\": [{\"id\": \"n1\", \"kind\": \"claim\", "
                         "\"title\": \"Claim\", \"x\": 0, \"y\": 0, \"body\": \"");
  /* Two-byte characters, so that bytes and characters differ. */
  for (gsize i = 0; i + 1 < body_length; i += 2)
    g_string_append (json, "é");
  g_string_append (json, "\"}], \"links\": []}");
  return g_string_free (json, FALSE);
}

/* Limits: a body of several megabytes imports and exports whole; text over
 * 64 MiB (what a board file holds) and files over 1 GiB are refused with
 * the place named, never written half or silently dropped. */
static void
test_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("evb-json-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "huge.json", NULL);

  {
    g_autofree char *json = document_with (6 * 1024 * 1024, 5);
    g_autoptr(EvbBoard) board = evb_json_read_board (json, strlen (json), &error);
    g_autoptr(EvbBoard) again = NULL;
    g_autofree char *written = NULL;
    gsize length;

    g_assert_no_error (error);
    g_assert_cmpuint (strlen (evb_node_get_data (evb_board_get_node (board, "n1"))->body), ==,
                      6 * 1024 * 1024);
    written = evb_json_write_board (board, &length);
    again = evb_json_read_board (written, length, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (evb_node_get_data (evb_board_get_node (again, "n1"))->body, ==,
                     evb_node_get_data (evb_board_get_node (board, "n1"))->body);
  }

  {
    g_autofree char *json = document_with (EVB_MAX_TEXT_LENGTH + 2, 5);
    g_autoptr(EvbBoard) board = evb_json_read_board (json, strlen (json), &error);

    g_assert_null (board);
    g_assert_error (error, EVB_ERROR, EVB_ERROR_LIMIT);
    g_test_message ("%s", error->message);
    g_assert_true (g_str_has_prefix (error->message, "nodes[0].body: "));
    g_clear_error (&error);
  }

  {
    g_autofree char *json = document_with (4, EVB_MAX_TEXT_LENGTH + 1);
    g_autoptr(EvbBoard) board = evb_json_read_board (json, strlen (json), &error);

    g_assert_null (board);
    g_assert_error (error, EVB_ERROR, EVB_ERROR_LIMIT);
    g_test_message ("%s", error->message);
    g_assert_true (g_str_has_prefix (error->message, "board.title: "));
    g_clear_error (&error);
  }

  /* Just under 64 MiB passed the reader and then failed in the board
   * file, blaming the board (issue 14, item 11). */
  {
    g_autofree char *json = document_with ((gsize) 64 * 1024 * 1024 - 8, 5);
    g_autoptr(EvbBoard) board = evb_json_read_board (json, strlen (json), &error);

    g_assert_null (board);
    g_assert_error (error, EVB_ERROR, EVB_ERROR_LIMIT);
    g_test_message ("%s", error->message);
    g_assert_true (g_str_has_prefix (error->message, "nodes[0].body: "));
    g_clear_error (&error);
  }

  /* What the reader takes, a board file holds: the longest text there is,
   * and the longest a node's text may be together. */
  {
    g_autofree char *json = document_with (EVB_MAX_TEXT_LENGTH - 64, 5);
    g_autofree char *board_path = g_build_filename (dir, "longest.evboard", NULL);
    g_autoptr(EvbBoard) board = evb_json_read_board (json, strlen (json), &error);
    const EvbNodeData *data;

    g_assert_no_error (error);
    data = evb_node_get_data (evb_board_get_node (board, "n1"));
    g_assert_cmpuint (strlen (data->body), >, EVB_MAX_TEXT_LENGTH - 100);
    g_assert_true (evb_store_write_new (board, board_path, FALSE, &error));
    g_assert_no_error (error);
    g_unlink (board_path);
  }
  /* A title and a body that each fit, but not together. */
  {
    g_autoptr(GString) json = g_string_new (HEAD "\"nodes\":[{\"id\":\"n1\",\"kind\":\"claim\","
                                            "\"x\":0,\"y\":0,\"title\":\"");
    g_autoptr(EvbBoard) board = NULL;
    gsize at = json->len;

    g_string_set_size (json, at + 1024 * 1024);
    memset (json->str + at, 't', 1024 * 1024);
    g_string_append (json, "\",\"body\":\"");
    at = json->len;
    g_string_set_size (json, at + EVB_MAX_TEXT_LENGTH - 1024);
    memset (json->str + at, 'b', EVB_MAX_TEXT_LENGTH - 1024);
    g_string_append (json, "\"}],\"links\":[]}");

    board = evb_json_read_board (json->str, json->len, &error);
    g_assert_null (board);
    g_assert_error (error, EVB_ERROR, EVB_ERROR_LIMIT);
    g_test_message ("%s", error->message);
    g_assert_true (g_str_has_prefix (error->message, "nodes[0].body: together with"));
    g_clear_error (&error);
  }

  /* Over 1 GiB: refused before it is read (the file is sparse, so this
   * takes no space and no time). */
  {
    g_autoptr(EvbBoard) board = NULL;
    FILE *f = fopen (path, "w");

    g_assert_nonnull (f);
    g_assert_cmpint (ftruncate (fileno (f), ((goffset) 1 << 30) + 1), ==, 0);
    fclose (f);
    board = evb_json_read_board_file (path, &error);
    g_assert_null (board);
    g_assert_error (error, EVB_ERROR, EVB_ERROR_LIMIT);
    g_test_message ("%s", error->message);
    g_clear_error (&error);
  }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_import_same_rows (void)
{
  g_autoptr(EvbBoard) board = make_full_board ();
  g_autofree char *json = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("EVB_SOURCE_ROOT"), "data", "samples",
                                            "dolgiye-borody.json", NULL);
  g_autofree char *sample = NULL;
  gsize sample_length = 0;
  g_autoptr(GError) error = NULL;

  /* Groups name nodes the streaming does not keep: the model's path. */
  g_assert_cmpuint (evb_board_get_n_groups (board), >, 0);
  json = evb_json_write_board (board, NULL);
  assert_import_same_rows (json, strlen (json), fit_by_title, FALSE);
  assert_import_same_rows (json, strlen (json), NULL, FALSE);

  while (evb_board_get_n_groups (board) > 0)
    {
      EvbGroup *group = g_ptr_array_index (evb_board_get_groups (board), 0);

      g_assert_true (evb_board_remove_group (board, evb_group_get_id (group), &error));
      g_assert_no_error (error);
    }
  g_clear_pointer (&json, g_free);
  json = evb_json_write_board (board, NULL);
  assert_import_same_rows (json, strlen (json), fit_by_title, TRUE);

  if (g_file_get_contents (path, &sample, &sample_length, NULL))
    assert_import_same_rows (sample, sample_length, fit_by_title, TRUE);
}

/* The writer gathers rows into statements of EVB_STORE_BATCH_ROWS: with
 * counts around and across whole batches, and tags that straddle them,
 * what is read back from the file is the document, in its order. */
static void
test_import_batches (void)
{
  static const guint counts[][2] = {
    { 0, 0 }, { 1, 0 }, { 31, 30 }, { 32, 32 }, { 33, 31 }, { 64, 65 }, { 101, 71 },
  };
  g_autofree char *dir = g_dir_make_tmp ("evb-json-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "batches.evboard", NULL);

  for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
    {
      g_autoptr(GString) doc = g_string_new ("{\"format\":\"evidence-board\",\"version\":1,"
                                             "\"board\":{\"title\":\"Batches\","
                                             "\"created\":\"2026-01-01T09:00:00Z\","
                                             "\"modified\":\"2026-01-02T09:00:00Z\"},\"nodes\":[");
      g_autoptr(EvbBoard) expected = NULL;
      g_autoptr(EvbBoard) loaded = NULL;
      g_autoptr(EvbStore) store = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *want = NULL;
      g_autofree char *got = NULL;
      gboolean streamed = FALSE;

      for (guint i = 0; i < counts[c][0]; i++)
        {
          /* Ids out of sort order, and 0 to 4 tags a card, or no tags
           * member at all. */
          g_string_append_printf (doc, "%s{\"id\":\"n%u\",\"kind\":\"%s\",\"title\":\"Card %u\","
                                  "\"x\":%u,\"y\":%u,\"width\":200,\"height\":100",
                                  i > 0 ? "," : "", (i * 7919) % 1000, i % 3 ? "evidence" : "claim",
                                  i, i * 10, i % 7);
          if (i % 4 != 3)
            {
              g_string_append (doc, ",\"tags\":[");
              for (guint t = 0; t < (i * 3) % 5; t++)
                g_string_append_printf (doc, "%s\"t%u-%u\"", t > 0 ? "," : "", i, t);
              g_string_append_c (doc, ']');
            }
          g_string_append (doc, i % 3 ? ",\"evidence_type\":\"radar\",\"reliability\":\"B\","
                                        "\"credibility\":2}" : "}");
        }
      g_string_append (doc, "],\"links\":[");
      for (guint i = 0; i < counts[c][1]; i++)
        {
          /* Each pair once: i-th card to the (1 + i / n)-th after it. */
          guint n = counts[c][0], from = i % n, to = (from + 1 + i / n) % n;

          g_string_append_printf (doc, "%s{\"id\":\"l%u\",\"from\":\"n%u\",\"to\":\"n%u\","
                                  "\"relation\":\"%s\",\"strength\":\"weak\",\"note\":\"%u\"}",
                                  i > 0 ? "," : "", i, (from * 7919) % 1000, (to * 7919) % 1000,
                                  i % 2 ? "supports" : "refutes", i);
        }
      g_string_append (doc, "]}");

      expected = evb_json_read_board (doc->str, doc->len, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (evb_board_get_n_nodes (expected), ==, counts[c][0]);
      g_assert_cmpuint (evb_board_get_links (expected)->len, ==, counts[c][1]);

      g_assert_true (_evb_json_import_full (doc->str, doc->len, path, TRUE, NULL, NULL, NULL,
                                            &streamed, &error));
      g_assert_no_error (error);
      g_assert_true (streamed);
      store = evb_store_open (path, EVB_STORE_FLAGS_READ_ONLY, &error);
      g_assert_no_error (error);
      loaded = evb_store_load (store, &error);
      g_assert_no_error (error);

      want = evb_json_write_board (expected, NULL);
      got = evb_json_write_board (loaded, NULL);
      g_assert_cmpstr (got, ==, want);

      /* The model's path, through the same writer, reads back the same. */
      g_clear_object (&loaded);
      g_clear_object (&store);
      g_assert_true (evb_store_write_new (expected, path, TRUE, &error));
      g_assert_no_error (error);
      store = evb_store_open (path, EVB_STORE_FLAGS_READ_ONLY, &error);
      g_assert_no_error (error);
      loaded = evb_store_load (store, &error);
      g_assert_no_error (error);
      g_clear_pointer (&got, g_free);
      got = evb_json_write_board (loaded, NULL);
      g_assert_cmpstr (got, ==, want);
      g_clear_object (&store);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A streamed import leaves it to the new file to refuse a link id, or a
 * pair of ends, used twice: in a whole batch of rows, in the rows left over
 * at the end, and across the two. Each is refused with the model's message,
 * and nothing is written. */
static void
test_import_repeated_links (void)
{
  /* Links, then which link repeats which one's id or pair. */
  static const guint cases[][3] = {
    { 2, 0, 1 }, { 31, 3, 30 }, { 32, 5, 20 }, { 40, 2, 39 }, { 64, 33, 63 }, { 64, 0, 63 },
  };
  g_autofree char *dir = g_dir_make_tmp ("evb-json-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "repeats.evboard", NULL);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    for (guint pair = 0; pair < 2; pair++)
      {
        guint n_links = cases[c][0], first = cases[c][1], again = cases[c][2];
        g_autoptr(GString) doc = g_string_new ("{\"format\":\"evidence-board\",\"version\":1,"
                                               "\"board\":{\"title\":\"Repeats\"},\"nodes\":[");
        g_autoptr(GError) error = NULL;
        g_autoptr(GError) import_error = NULL;
        g_autoptr(EvbBoard) board = NULL;
        gboolean streamed = TRUE;

        for (guint i = 0; i <= n_links; i++)
          g_string_append_printf (doc, "%s{\"id\":\"n%u\",\"kind\":\"%s\",\"title\":\"Card\","
                                  "\"x\":0,\"y\":0,\"width\":200,\"height\":100%s}",
                                  i > 0 ? "," : "", i, i == 0 ? "claim" : "evidence",
                                  i == 0 ? "" : ",\"evidence_type\":\"radar\"");
        g_string_append (doc, "],\"links\":[");
        for (guint i = 0; i < n_links; i++)
          {
            /* Every evidence item supports the claim; one link repeats
             * another's id, or another's ends under an id of its own. */
            guint id = i == again && !pair ? first : i;
            guint from = i == again && pair ? first + 1 : i + 1;

            g_string_append_printf (doc, "%s{\"id\":\"l%u\",\"from\":\"n%u\",\"to\":\"n0\","
                                    "\"relation\":\"supports\"}", i > 0 ? "," : "", id, from);
          }
        g_string_append (doc, "]}");

        board = evb_json_read_board (doc->str, doc->len, &error);
        g_assert_null (board);
        g_assert_error (error, EVB_ERROR, EVB_ERROR_FORMAT);

        g_assert_false (_evb_json_import_full (doc->str, doc->len, path, TRUE, NULL, NULL, NULL,
                                               &streamed, &import_error));
        g_assert_false (streamed);
        g_assert_error (import_error, EVB_ERROR, EVB_ERROR_FORMAT);
        g_assert_cmpstr (import_error->message, ==, error->message);
        assert_empty_dir (dir);
      }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Dated, so that both paths write the same board row even when a second
 * passes between them. */
#define HEAD_DATED "{\"format\":\"evidence-board\",\"version\":1,\"board\":{\"title\":\"T\"," \
                   "\"created\":\"2026-01-01T09:00:00Z\",\"modified\":\"2026-01-02T09:00:00Z\"},"

/* Cards without a place need the whole board for the layout: the import
 * goes through the model for those, with the same result. */
static void
test_import_unplaced (void)
{
  const char *json = HEAD_DATED "\"nodes\":[" CLAIM ("n1") ",{\"id\":\"n2\",\"kind\":\"evidence\",\"title\":\"e\"}],"
                     "\"links\":[{\"id\":\"l1\",\"from\":\"n2\",\"to\":\"n1\",\"relation\":\"supports\"}]}";

  assert_import_same_rows (json, strlen (json), fit_by_title, FALSE);
  assert_import_same_rows (json, strlen (json), NULL, FALSE);
}

#define SIZED(id, x) "{\"id\":\"" id "\",\"kind\":\"claim\",\"title\":\"c\",\"x\":" x ",\"y\":0," \
                     "\"width\":240,\"height\":120}"

/* A card with a place but no size is sized to its text by whoever can
 * measure it: through the model, as the CLI sizes it. One with half a size
 * keeps the default for the other half, and streams. */
static void
test_import_unsized (void)
{
  const char *unsized = HEAD_DATED "\"nodes\":[" SIZED ("n1", "0") ","
                        "{\"id\":\"n2\",\"kind\":\"evidence\",\"title\":\"a longer title\","
                        "\"body\":\"and a body\",\"x\":400,\"y\":0}],"
                        "\"links\":[{\"id\":\"l1\",\"from\":\"n2\",\"to\":\"n1\",\"relation\":\"supports\"}]}";
  const char *half = HEAD_DATED "\"nodes\":[" SIZED ("n1", "0") ","
                     "{\"id\":\"n2\",\"kind\":\"claim\",\"title\":\"c\",\"x\":400,\"y\":0,\"width\":300}],"
                     "\"links\":[]}";
  g_autofree char *dir = g_dir_make_tmp ("evb-json-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "fitted.evboard", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) loaded = NULL;
  const EvbNodeData *data;

  assert_import_same_rows (unsized, strlen (unsized), fit_by_title, FALSE);
  assert_import_same_rows (unsized, strlen (unsized), NULL, FALSE);
  assert_import_same_rows (half, strlen (half), fit_by_title, TRUE);

  /* The unsized card got fit's size, the sized one kept its own. */
  g_assert_true (evb_json_import (unsized, strlen (unsized), path, FALSE, fit_by_title, NULL, NULL,
                                  &error));
  g_assert_no_error (error);
  store = evb_store_open (path, EVB_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  loaded = evb_store_load (store, &error);
  g_assert_no_error (error);
  data = evb_node_get_data (evb_board_get_node (loaded, "n2"));
  g_assert_cmpfloat (data->width, ==, 180 + 7 * strlen ("a longer title"));
  g_assert_cmpfloat (data->height, ==, 90 + strlen ("and a body"));
  data = evb_node_get_data (evb_board_get_node (loaded, "n1"));
  g_assert_cmpfloat (data->width, ==, 240);
  evb_store_close (store);
  g_unlink (path);
  g_rmdir (dir);
}

/* Groups, an empty list of them, pinned cards and the attachment fields
 * (embedded among them: JSON cannot carry the file, so the card refers to
 * it at its address) come out of both paths alike. */
static void
test_import_groups_and_attachments (void)
{
  const char *grouped = HEAD_DATED "\"nodes\":[" SIZED ("n1", "0") "," SIZED ("n2", "400") "," SIZED ("n3", "800") "],"
                        "\"links\":[{\"id\":\"l1\",\"from\":\"n2\",\"to\":\"n1\",\"relation\":\"supports\"}],"
                        "\"groups\":[{\"id\":\"g1\",\"label\":\"Frame\",\"color\":\"#e5a50a\",\"nodes\":[\"n3\",\"n1\"]},"
                        "{\"id\":\"g2\",\"label\":\"\",\"collapsed\":true,\"nodes\":[\"n2\"]}]}";
  const char *no_groups = HEAD_DATED "\"nodes\":[" SIZED ("n1", "0") "],\"links\":[],\"groups\":[]}";
  const char *attached = HEAD_DATED "\"nodes\":["
                         "{\"id\":\"e1\",\"kind\":\"evidence\",\"title\":\"e\",\"x\":0,\"y\":0,"
                         "\"width\":240,\"height\":120,\"pinned\":true,"
                         "\"attachment\":{\"uri\":\"file:///evidence/a.pdf\",\"sha256\":"
                         "\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\","
                         "\"media_type\":\"application/pdf\",\"size\":1234,\"embedded\":true}},"
                         "{\"id\":\"e2\",\"kind\":\"evidence\",\"title\":\"f\",\"x\":400,\"y\":0,"
                         "\"width\":240,\"height\":120,\"pinned\":false,"
                         "\"attachment\":{\"uri\":\"https://example.org/b.png\",\"embedded\":false}}],"
                         "\"links\":[]}";

  assert_import_same_rows (grouped, strlen (grouped), fit_by_title, FALSE);
  assert_import_same_rows (no_groups, strlen (no_groups), fit_by_title, TRUE);
  assert_import_same_rows (attached, strlen (attached), fit_by_title, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  /* test-schema.py validates this board's export against the JSON Schema. */
  if (argc == 3 && strcmp (argv[1], "--write-full-board") == 0)
    {
      g_autoptr(EvbBoard) board = make_full_board ();
      g_autoptr(GError) error = NULL;

      if (!evb_json_write_board_file (board, argv[2], &error))
        g_error ("%s", error->message);
      return 0;
    }

  /* test-schema.py checks that what the app exports of the sample board
   * still fits the schema. */
  if (argc == 4 && strcmp (argv[1], "--round-trip") == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EvbBoard) board = evb_json_read_board_file (argv[2], &error);

      if (board == NULL || !evb_json_write_board_file (board, argv[3], &error))
        g_error ("%s", error->message);
      return 0;
    }

  /* test-schema.py checks that the reader and the schema agree. */
  if (argc == 3 && strcmp (argv[1], "--read") == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EvbBoard) board = evb_json_read_board_file (argv[2], &error);

      if (board == NULL)
        {
          /* Raw UTF-8: g_printerr would turn “ ” into ? in the C locale. */
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      return 0;
    }

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/round-trip", test_round_trip);
  g_test_add_func ("/json/sample", test_sample);
  g_test_add_func ("/json/bad-bytes", test_bad_bytes);
  g_test_add_func ("/json/big-title", test_big_title);
  g_test_add_func ("/json/limits", test_limits);
  g_test_add_func ("/json/defaults-and-unknown-fields", test_defaults_and_unknown_fields);
  g_test_add_func ("/json/numbers", test_numbers);
  g_test_add_func ("/json/whole-floats", test_whole_floats);
  g_test_add_func ("/json/write-file", test_write_file);
  g_test_add_func ("/json/write-read-only-folder", test_write_read_only_folder);
  g_test_add_func ("/json/streaming-agrees", test_streaming_agrees);
  g_test_add_func ("/json/enum-names", test_enum_names);
  g_test_add_func ("/json/scan-string-words", test_scan_string_words);
  g_test_add_func ("/json/number-at-the-end", test_number_at_the_end);
  g_test_add_func ("/json/import-same-rows", test_import_same_rows);
  g_test_add_func ("/json/import-batches", test_import_batches);
  g_test_add_func ("/json/import-repeated-links", test_import_repeated_links);
  g_test_add_func ("/json/import-unplaced", test_import_unplaced);
  g_test_add_func ("/json/import-unsized", test_import_unsized);
  g_test_add_func ("/json/import-groups-and-attachments", test_import_groups_and_attachments);
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/json/bad/%s", bad_inputs[i].name);
      g_test_add_data_func (path, &bad_inputs[i], test_bad_input);
    }

  return g_test_run ();
}
