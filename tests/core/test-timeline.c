/* test-timeline.c: dates, order, lanes, stacking, undated items and warnings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "evb-board.h"
#include "evb-timeline.h"

#define USEC_PER_HOUR (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define USEC_PER_DAY  (24 * USEC_PER_HOUR)

static void
add_node (EvbBoard        *board,
          const char      *id,
          EvbNodeKind      kind,
          EvbEvidenceType  type,
          const char      *source,
          const char      *occurred,
          const char      *collected)
{
  g_autoptr(EvbNodeData) data = evb_node_data_new (kind);
  g_autoptr(GError) error = NULL;

  data->id = g_strdup (id);
  evb_node_data_set_string (&data->title, id);
  if (kind == EVB_NODE_KIND_EVIDENCE)
    data->evidence_type = type;
  evb_node_data_set_string (&data->source, source);
  evb_node_data_set_string (&data->occurred, occurred);
  evb_node_data_set_string (&data->collected, collected);
  evb_board_add_node (board, data, &error);
  g_assert_no_error (error);
}

static void
add_link (EvbBoard    *board,
          const char  *from,
          const char  *to,
          EvbRelation  relation)
{
  g_autoptr(EvbLinkData) data = evb_link_data_new (from, to, relation);
  g_autoptr(GError) error = NULL;

  evb_board_add_link (board, data, &error);
  g_assert_no_error (error);
}

static void
test_parse_date (void)
{
  EvbTimelineDate date, other;
  g_autofree char *text = NULL;

  /* A plain date is the whole day, in UTC. */
  g_assert_true (evb_timeline_parse_date ("1970-01-02", &date));
  g_assert_true (date.date_only);
  g_assert_cmpint (date.start, ==, USEC_PER_DAY);
  g_assert_cmpint (date.end, ==, 2 * USEC_PER_DAY - 1);

  /* A date-time is an instant; its zone counts. */
  g_assert_true (evb_timeline_parse_date ("1970-01-02T01:00:00Z", &date));
  g_assert_false (date.date_only);
  g_assert_cmpint (date.start, ==, USEC_PER_DAY + USEC_PER_HOUR);
  g_assert_cmpint (date.end, ==, date.start);
  g_assert_true (evb_timeline_parse_date ("1970-01-02T03:00:00+02:00", &other));
  g_assert_cmpint (other.start, ==, date.start);
  /* RFC 3339's space and lower case, and fractions of a second. */
  g_assert_true (evb_timeline_parse_date ("1970-01-02 01:00:00.5z", &other));
  g_assert_cmpint (other.start, ==, date.start + G_USEC_PER_SEC / 2);

  /* No zone is UTC, whatever the machine's: the same on every one. */
  g_setenv ("TZ", "Pacific/Auckland", TRUE);
  g_assert_true (evb_timeline_parse_date ("1970-01-02T01:00:00", &other));
  g_assert_cmpint (other.start, ==, date.start);
  g_unsetenv ("TZ");

  /* Before 1970 and the first year. */
  g_assert_true (evb_timeline_parse_date ("1969-12-31", &date));
  g_assert_cmpint (date.start, ==, -USEC_PER_DAY);
  g_assert_true (evb_timeline_parse_date ("0001-01-01", &date));

  g_assert_false (evb_timeline_parse_date (NULL, &date));
  g_assert_false (evb_timeline_parse_date ("", &date));
  g_assert_false (evb_timeline_parse_date ("2025-02-30", &date));
  g_assert_false (evb_timeline_parse_date ("2025-13-01", &date));
  g_assert_false (evb_timeline_parse_date ("0000-01-01", &date));
  g_assert_false (evb_timeline_parse_date ("2025-1-01", &date));
  g_assert_false (evb_timeline_parse_date ("25-01-01", &date));
  g_assert_false (evb_timeline_parse_date ("2025-01-01X", &date));
  g_assert_false (evb_timeline_parse_date ("2025-01-01Tnoon", &date));
  g_assert_false (evb_timeline_parse_date ("yesterday", &date));

  g_assert_true (evb_timeline_parse_date ("2025-12-29", &date));
  text = evb_timeline_format_date (&date);
  g_assert_cmpstr (text, ==, "2025-12-29");
  g_clear_pointer (&text, g_free);
  g_assert_true (evb_timeline_parse_date ("2025-12-29T16:05:00+01:00", &date));
  text = evb_timeline_format_date (&date);
  g_assert_cmpstr (text, ==, "2025-12-29 15:05 UTC");
  g_clear_pointer (&text, g_free);
  g_assert_true (evb_timeline_parse_date ("2025-12-29T16:05:09Z", &date));
  text = evb_timeline_format_date (&date);
  g_assert_cmpstr (text, ==, "2025-12-29 16:05:09 UTC");
}

static void
test_order_and_undated (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Order");
  g_autoptr(EvbTimeline) timeline = NULL;
  static const char * const expected[] = { "old", "morning", "day", "tie-a", "tie-b", "late" };

  add_node (board, "late", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO, NULL, "2025-03-01", NULL);
  add_node (board, "none", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO, NULL, NULL, "2025-01-01");
  /* Same instant: the board's order decides. */
  add_node (board, "tie-a", EVB_NODE_KIND_CLAIM, EVB_EVIDENCE_TYPE_NONE, NULL, "2025-02-01T12:00:00Z", NULL);
  add_node (board, "tie-b", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_PHOTO, NULL, "2025-02-01T13:00:00+01:00", NULL);
  /* The whole day sorts after an instant at its start. */
  add_node (board, "morning", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_PHOTO, NULL, "2025-02-01T00:00:00Z", NULL);
  add_node (board, "day", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_RADAR, NULL, "2025-02-01", NULL);
  add_node (board, "also-none", EVB_NODE_KIND_CLAIM, EVB_EVIDENCE_TYPE_NONE, NULL, NULL, NULL);
  add_node (board, "old", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO, NULL, "1999-12-31T23:59:59Z", NULL);

  timeline = evb_timeline_new (board, EVB_TIMELINE_LANES_TYPE);
  g_assert_cmpuint (evb_timeline_get_n_items (timeline), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpstr (evb_timeline_get_item (timeline, i)->id, ==, expected[i]);
      g_assert_cmpint (evb_timeline_find_item (timeline, expected[i]), ==, (int) i);
    }
  /* "morning" (midnight) sorts before "day" only because its span ends first. */
  g_assert_cmpint (evb_timeline_get_item (timeline, 1)->occurred.start, ==,
                   evb_timeline_get_item (timeline, 2)->occurred.start);

  /* Undated items are kept apart, in the board's order, not dropped. */
  g_assert_cmpuint (evb_timeline_get_n_undated (timeline), ==, 2);
  g_assert_cmpstr (evb_timeline_get_undated (timeline, 0), ==, "none");
  g_assert_cmpstr (evb_timeline_get_undated (timeline, 1), ==, "also-none");
  g_assert_cmpint (evb_timeline_find_item (timeline, "none"), ==, -1);
}

static void
test_range (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Range");
  g_autoptr(EvbTimeline) timeline = NULL;
  g_autoptr(EvbTimeline) empty = NULL;
  EvbTimelineDate first, last;
  gint64 start = 0, end = 0;

  empty = evb_timeline_new (board, EVB_TIMELINE_LANES_TYPE);
  g_assert_false (evb_timeline_get_range (empty, &start, &end));
  g_assert_cmpuint (evb_timeline_get_n_lanes (empty), ==, 0);
  g_assert_false (evb_timeline_stack (empty, 1, 10));

  add_node (board, "a", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO, NULL, "2025-02-01", "2025-03-01T10:00:00Z");
  add_node (board, "b", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO, NULL, "2025-02-10", NULL);
  timeline = evb_timeline_new (board, EVB_TIMELINE_LANES_TYPE);
  g_assert_true (evb_timeline_get_range (timeline, &start, &end));
  /* From the first occurred to the last collected. */
  evb_timeline_parse_date ("2025-02-01", &first);
  evb_timeline_parse_date ("2025-03-01T10:00:00Z", &last);
  g_assert_cmpint (start, ==, first.start);
  g_assert_cmpint (end, ==, last.end);
}

static void
test_lanes (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Lanes");
  g_autoptr(EvbTimeline) by_type = NULL;
  g_autoptr(EvbTimeline) by_source = NULL;
  const EvbTimelineLane *lane;

  add_node (board, "r", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_REPORT, "reuters", "2025-01-01", NULL);
  add_node (board, "v", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO, "Ministry", "2025-01-02", NULL);
  add_node (board, "c", EVB_NODE_KIND_CLAIM, EVB_EVIDENCE_TYPE_NONE, "Ministry", "2025-01-03", NULL);
  add_node (board, "v2", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO, NULL, "2025-01-04", NULL);
  add_node (board, "r2", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_REPORT, "Reuters", "2025-01-05", NULL);
  /* Undated: no lane of its own. */
  add_node (board, "p", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_PHOTO, "Agency", NULL, NULL);

  /* By type: claims first, then the types in their usual order. */
  by_type = evb_timeline_new (board, EVB_TIMELINE_LANES_TYPE);
  g_assert_cmpint (evb_timeline_get_lanes (by_type), ==, EVB_TIMELINE_LANES_TYPE);
  g_assert_cmpuint (evb_timeline_get_n_lanes (by_type), ==, 3);
  lane = evb_timeline_get_lane (by_type, 0);
  g_assert_cmpint (lane->kind, ==, EVB_NODE_KIND_CLAIM);
  lane = evb_timeline_get_lane (by_type, 1);
  g_assert_cmpint (lane->evidence_type, ==, EVB_EVIDENCE_TYPE_VIDEO);
  g_assert_cmpstr (lane->label, ==, evb_evidence_type_get_label (EVB_EVIDENCE_TYPE_VIDEO));
  g_assert_cmpint (evb_timeline_get_lane (by_type, 2)->evidence_type, ==, EVB_EVIDENCE_TYPE_REPORT);
  g_assert_cmpuint (evb_timeline_get_item (by_type, evb_timeline_find_item (by_type, "c"))->lane, ==, 0);
  g_assert_cmpuint (evb_timeline_get_item (by_type, evb_timeline_find_item (by_type, "v"))->lane, ==, 1);
  g_assert_cmpuint (evb_timeline_get_item (by_type, evb_timeline_find_item (by_type, "v2"))->lane, ==, 1);
  g_assert_cmpuint (evb_timeline_get_item (by_type, evb_timeline_find_item (by_type, "r"))->lane, ==, 2);

  /* By source: claims first whatever their source, then the sources
   * alphabetically ignoring case (each spelling its own), then none. */
  by_source = evb_timeline_new (board, EVB_TIMELINE_LANES_SOURCE);
  g_assert_cmpuint (evb_timeline_get_n_lanes (by_source), ==, 5);
  g_assert_cmpint (evb_timeline_get_lane (by_source, 0)->kind, ==, EVB_NODE_KIND_CLAIM);
  g_assert_cmpstr (evb_timeline_get_lane (by_source, 1)->label, ==, "Ministry");
  g_assert_cmpstr (evb_timeline_get_lane (by_source, 2)->label, ==, "Reuters");
  g_assert_cmpstr (evb_timeline_get_lane (by_source, 3)->label, ==, "reuters");
  g_assert_cmpint (evb_timeline_get_lane (by_source, 4)->kind, ==, EVB_NODE_KIND_EVIDENCE);
  g_assert_cmpuint (evb_timeline_get_item (by_source, evb_timeline_find_item (by_source, "c"))->lane, ==, 0);
  g_assert_cmpuint (evb_timeline_get_item (by_source, evb_timeline_find_item (by_source, "v"))->lane, ==, 1);
  g_assert_cmpuint (evb_timeline_get_item (by_source, evb_timeline_find_item (by_source, "r2"))->lane, ==, 2);
  g_assert_cmpuint (evb_timeline_get_item (by_source, evb_timeline_find_item (by_source, "r"))->lane, ==, 3);
  g_assert_cmpuint (evb_timeline_get_item (by_source, evb_timeline_find_item (by_source, "v2"))->lane, ==, 4);
}

static guint
row_of (EvbTimeline *timeline,
        const char  *id)
{
  return evb_timeline_get_item (timeline, evb_timeline_find_item (timeline, id))->row;
}

static void
test_stacking (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Stacking");
  g_autoptr(EvbTimeline) timeline = NULL;
  /* One pixel an hour. */
  double pps = 1.0 / 3600;

  add_node (board, "a", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO, NULL, "2025-01-01T00:00:00Z", NULL);
  add_node (board, "b", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO, NULL, "2025-01-01T05:00:00Z", NULL);
  add_node (board, "c", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO, NULL, "2025-01-01T10:00:00Z", NULL);
  add_node (board, "d", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO, NULL, "2025-01-01T12:00:00Z", NULL);
  /* Collected two days later: its line reaches far right. */
  add_node (board, "e", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO, NULL, "2025-01-02T00:00:00Z", "2025-01-04T00:00:00Z");
  add_node (board, "f", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO, NULL, "2025-01-03T00:00:00Z", NULL);
  /* Another lane: stacked on its own. */
  add_node (board, "g", EVB_NODE_KIND_CLAIM, EVB_EVIDENCE_TYPE_NONE, NULL, "2025-01-01T00:00:00Z", NULL);

  timeline = evb_timeline_new (board, EVB_TIMELINE_LANES_TYPE);
  /* Before stacking, every item is in its lane's first row. */
  for (guint i = 0; i < evb_timeline_get_n_items (timeline); i++)
    g_assert_cmpuint (evb_timeline_get_item (timeline, i)->row, ==, 0);

  /* 10 px apart at least: b (at 5) is too close to a (0) and goes to a
   * second row; c (10) fits after a; d (12) is too close to c and to b,
   * so a third row. */
  g_assert_true (evb_timeline_stack (timeline, pps, 10));
  g_assert_cmpuint (row_of (timeline, "a"), ==, 0);
  g_assert_cmpuint (row_of (timeline, "b"), ==, 1);
  g_assert_cmpuint (row_of (timeline, "c"), ==, 0);
  g_assert_cmpuint (row_of (timeline, "d"), ==, 2);
  /* e starts at 24: the first row is free (c ends at 10). */
  g_assert_cmpuint (row_of (timeline, "e"), ==, 0);
  /* f (48) is under e's line (24 to 72): the next free row. */
  g_assert_cmpuint (row_of (timeline, "f"), ==, 1);
  g_assert_cmpuint (row_of (timeline, "g"), ==, 0);
  g_assert_cmpuint (evb_timeline_get_lane (timeline, 0)->n_rows, ==, 1);
  g_assert_cmpuint (evb_timeline_get_lane (timeline, 1)->n_rows, ==, 3);

  /* The same scale gives the same rows. */
  g_assert_false (evb_timeline_stack (timeline, pps, 10));

  /* Zoomed in (100 px an hour), nothing is too close: one row, but for f
   * which lies under e's line at any scale. */
  g_assert_true (evb_timeline_stack (timeline, 100 * pps, 10));
  for (guint i = 0; i < evb_timeline_get_n_items (timeline); i++)
    {
      const EvbTimelineItem *item = evb_timeline_get_item (timeline, i);

      g_assert_cmpuint (item->row, ==, g_str_equal (item->id, "f") ? 1 : 0);
    }
  g_assert_cmpuint (evb_timeline_get_lane (timeline, 1)->n_rows, ==, 2);

  /* Far out, everything is in one place: one row each. */
  evb_timeline_stack (timeline, pps / 1000, 10);
  g_assert_cmpuint (evb_timeline_get_lane (timeline, 1)->n_rows, ==, 6);
  /* In any row, items keep at least the spacing at any scale. */
  for (double scale = pps / 100; scale < 1000 * pps; scale *= 3.7)
    {
      evb_timeline_stack (timeline, scale, 25);
      for (guint i = 0; i < evb_timeline_get_n_items (timeline); i++)
        for (guint j = 0; j < evb_timeline_get_n_items (timeline); j++)
          {
            const EvbTimelineItem *p = evb_timeline_get_item (timeline, i);
            const EvbTimelineItem *q = evb_timeline_get_item (timeline, j);
            gint64 ps, pe, qs, qe;

            if (i == j || p->lane != q->lane || p->row != q->row)
              continue;
            evb_timeline_get_extent (p, &ps, &pe);
            evb_timeline_get_extent (q, &qs, &qe);
            if (ps <= qs)
              g_assert_cmpfloat ((double) (qs - pe) / G_USEC_PER_SEC * scale, >=, 25 - 1e-6);
          }
    }
}

static void
test_warnings (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Warnings");
  g_autoptr(EvbTimeline) timeline = NULL;
  const EvbTimelineWarning *warning;
  g_autofree char *reason = NULL;

  add_node (board, "claim", EVB_NODE_KIND_CLAIM, EVB_EVIDENCE_TYPE_NONE, NULL, "2025-12-29", NULL);
  add_node (board, "undated-claim", EVB_NODE_KIND_CLAIM, EVB_EVIDENCE_TYPE_NONE, NULL, NULL, NULL);
  /* Collected before it occurred. */
  add_node (board, "early", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO, NULL,
            "2025-12-28T10:00:00Z", "2025-12-28T09:00:00Z");
  /* The same day as a plain date: not before. */
  add_node (board, "same-day", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO, NULL,
            "2025-12-28T10:00:00Z", "2025-12-28");
  /* After the claim it supports: a warning. */
  add_node (board, "after", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO, NULL, "2025-12-31", NULL);
  /* On the claim's day, later that day: not after a plain date. */
  add_node (board, "that-day", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO, NULL,
            "2025-12-29T23:00:00Z", NULL);
  /* After, but it refutes: nothing to say. */
  add_node (board, "refutes", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_REPORT, NULL, "2026-01-05", NULL);
  /* After a claim with no date: nothing to compare. */
  add_node (board, "no-claim-date", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_REPORT, NULL, "2026-01-05", NULL);
  /* Undated evidence supporting the claim: nothing to compare either. */
  add_node (board, "undated", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_REPORT, NULL, NULL, NULL);

  add_link (board, "after", "claim", EVB_RELATION_SUPPORTS);
  add_link (board, "that-day", "claim", EVB_RELATION_SUPPORTS);
  add_link (board, "early", "claim", EVB_RELATION_SUPPORTS);
  add_link (board, "refutes", "claim", EVB_RELATION_REFUTES);
  add_link (board, "no-claim-date", "undated-claim", EVB_RELATION_SUPPORTS);
  add_link (board, "undated", "claim", EVB_RELATION_SUPPORTS);

  timeline = evb_timeline_new (board, EVB_TIMELINE_LANES_TYPE);
  g_assert_cmpuint (evb_timeline_get_n_warnings (timeline), ==, 2);

  warning = evb_timeline_get_warning (timeline, 0);
  g_assert_cmpint (warning->kind, ==, EVB_TIMELINE_WARNING_COLLECTED_BEFORE_OCCURRED);
  g_assert_cmpstr (warning->node_id, ==, "early");
  g_assert_null (warning->claim_id);
  reason = evb_timeline_warning_describe (warning, board);
  g_assert_nonnull (reason);
  g_clear_pointer (&reason, g_free);

  warning = evb_timeline_get_warning (timeline, 1);
  g_assert_cmpint (warning->kind, ==, EVB_TIMELINE_WARNING_AFTER_CLAIM);
  g_assert_cmpstr (warning->node_id, ==, "after");
  g_assert_cmpstr (warning->claim_id, ==, "claim");
  reason = evb_timeline_warning_describe (warning, board);
  /* The reason names the claim. */
  g_assert_nonnull (strstr (reason, "claim"));

  g_assert_cmpuint (evb_timeline_get_item (timeline, evb_timeline_find_item (timeline, "early"))->n_warnings, ==, 1);
  g_assert_cmpuint (evb_timeline_get_item (timeline, evb_timeline_find_item (timeline, "after"))->n_warnings, ==, 1);
  g_assert_cmpuint (evb_timeline_get_item (timeline, evb_timeline_find_item (timeline, "same-day"))->n_warnings, ==, 0);
  g_assert_cmpuint (evb_timeline_get_item (timeline, evb_timeline_find_item (timeline, "that-day"))->n_warnings, ==, 0);
  g_assert_cmpuint (evb_timeline_get_item (timeline, evb_timeline_find_item (timeline, "refutes"))->n_warnings, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timeline/parse-date", test_parse_date);
  g_test_add_func ("/timeline/order-and-undated", test_order_and_undated);
  g_test_add_func ("/timeline/range", test_range);
  g_test_add_func ("/timeline/lanes", test_lanes);
  g_test_add_func ("/timeline/stacking", test_stacking);
  g_test_add_func ("/timeline/warnings", test_warnings);

  return g_test_run ();
}
