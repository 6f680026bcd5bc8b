/* test-filter.c: which cards a filter lets through, and its saved form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "evb-assessment.h"
#include "evb-error.h"
#include "evb-filter.h"
#include "evb-matrix.h"

typedef struct
{
  const char          *id;
  EvbNodeKind          kind;
  EvbEvidenceType      type;
  char                 reliability;
  int                  credibility;
  const char          *occurred;
  const char          *collected;
  const char          *tags;
  const char          *attachment;  /* a URI; its status is in the id, see status_of */
} Card;

/* c1 is supported by strong A1 evidence (likely or better), c2 has nothing
 * linked (unassessed). */
static const Card cards[] = {
  { "c1", EVB_NODE_KIND_CLAIM, EVB_EVIDENCE_TYPE_NONE, 'B', 2, "2026-01-10", NULL, "drone", NULL },
  { "c2", EVB_NODE_KIND_CLAIM, EVB_EVIDENCE_TYPE_NONE, '\0', 0, NULL, NULL, NULL, NULL },
  { "video", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO, 'A', 1, "2026-01-01T23:30:00+03:00",
    "2026-01-05", "drone,osint", "file:///v.mp4" },
  { "photo-missing", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_PHOTO, 'C', 3, "2026-01-31",
    "2026-02-01", "osint", "file:///p.jpg" },
  { "radar-changed", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_RADAR, 'F', 6, NULL, NULL, NULL,
    "file:///r.bin" },
  { "statement", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_STATEMENT, '\0', 0, "2025-12-31", NULL,
    "witness", NULL },
};

static EvbAttachmentStatus
status_of (const EvbNodeData *data,
           gpointer           user_data)
{
  g_assert_true (user_data == (gpointer) cards);
  if (g_str_has_suffix (data->id, "-missing"))
    return EVB_ATTACHMENT_MISSING;
  if (g_str_has_suffix (data->id, "-changed"))
    return EVB_ATTACHMENT_CHANGED;
  return EVB_ATTACHMENT_OK;
}

static EvbBoard *
make_board (void)
{
  EvbBoard *board = evb_board_new ("Filter");
  g_autoptr(EvbLinkData) link = evb_link_data_new ("video", "c1", EVB_RELATION_SUPPORTS);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    {
      g_autoptr(EvbNodeData) data = evb_node_data_new (cards[i].kind);

      evb_node_data_set_string (&data->id, cards[i].id);
      evb_node_data_set_string (&data->title, cards[i].id);
      data->evidence_type = cards[i].type;
      data->reliability = cards[i].reliability;
      data->credibility = cards[i].credibility;
      evb_node_data_set_string (&data->occurred, cards[i].occurred);
      evb_node_data_set_string (&data->collected, cards[i].collected);
      if (cards[i].tags != NULL)
        {
          g_strfreev (data->tags);
          data->tags = g_strsplit (cards[i].tags, ",", -1);
        }
      evb_node_data_set_string (&data->attachment_uri, cards[i].attachment);
      data->x = i * 300;
      g_assert_nonnull (evb_board_add_node (board, data, &error));
      g_assert_no_error (error);
    }
  link->strength = EVB_STRENGTH_STRONG;
  g_assert_nonnull (evb_board_add_link (board, link, &error));
  g_assert_no_error (error);
  return board;
}

typedef struct
{
  EvbBoard         *board;
  EvbAssessment    *assessment;
  EvbFilter        *filter;
  EvbFilterContext  context;
  guint             n_changed;
} Fixture;

static void
changed_cb (EvbFilter *filter,
            Fixture   *fixture)
{
  fixture->n_changed++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->board = make_board ();
  fixture->assessment = evb_assessment_new (fixture->board);
  fixture->filter = evb_filter_new ();
  fixture->context.assessment = fixture->assessment;
  fixture->context.attachment_status = status_of;
  fixture->context.user_data = (gpointer) cards;
  g_signal_connect (fixture->filter, "changed", G_CALLBACK (changed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->filter);
  g_assert_finalize_object (fixture->assessment);
  g_assert_finalize_object (fixture->board);
}

/* The matching ids in board order, space-separated. */
static char *
matching (Fixture *fixture)
{
  g_autoptr(GHashTable) found = evb_filter_find (fixture->filter, fixture->board, &fixture->context);
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    {
      EvbNode *node = evb_board_get_node (fixture->board, cards[i].id);
      gboolean matches = evb_filter_matches (fixture->filter, node, &fixture->context);

      /* The set and the single test agree. */
      g_assert_cmpint (matches, ==, g_hash_table_contains (found, cards[i].id));
      if (matches)
        g_string_append_printf (ids, "%s%s", ids->len > 0 ? " " : "", cards[i].id);
    }
  return g_string_free (ids, FALSE);
}

#define assert_matching(fixture, expected) \
  G_STMT_START { \
    g_autofree char *ids_ = matching (fixture); \
    g_assert_cmpstr (ids_, ==, expected); \
  } G_STMT_END

#define ALL "c1 c2 video photo-missing radar-changed statement"

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_assert_false (evb_filter_is_active (fixture->filter));
  assert_matching (fixture, ALL);
  evb_filter_clear (fixture->filter);
  g_assert_cmpuint (fixture->n_changed, ==, 0);
}

static void
test_kinds (Fixture       *fixture,
            gconstpointer  data)
{
  evb_filter_set_kinds (fixture->filter, 1 << EVB_NODE_KIND_CLAIM);
  g_assert_true (evb_filter_is_active (fixture->filter));
  assert_matching (fixture, "c1 c2");
  evb_filter_set_kinds (fixture->filter, 1 << EVB_NODE_KIND_EVIDENCE);
  assert_matching (fixture, "video photo-missing radar-changed statement");
  evb_filter_set_kinds (fixture->filter, (1 << EVB_NODE_KIND_EVIDENCE) | (1 << EVB_NODE_KIND_CLAIM));
  assert_matching (fixture, ALL);
  /* Setting what is set already says nothing. */
  evb_filter_set_kinds (fixture->filter, (1 << EVB_NODE_KIND_EVIDENCE) | (1 << EVB_NODE_KIND_CLAIM));
  g_assert_cmpuint (fixture->n_changed, ==, 3);
}

static void
test_types (Fixture       *fixture,
            gconstpointer  data)
{
  /* Claims are not evidence of any type: the kind leaves them out. */
  evb_filter_set_evidence_types (fixture->filter,
                                 (1 << EVB_EVIDENCE_TYPE_VIDEO) | (1 << EVB_EVIDENCE_TYPE_RADAR));
  assert_matching (fixture, "c1 c2 video radar-changed");
  evb_filter_set_kinds (fixture->filter, 1 << EVB_NODE_KIND_EVIDENCE);
  assert_matching (fixture, "video radar-changed");
}

static void
test_reliability (Fixture       *fixture,
                  gconstpointer  data)
{
  /* Inclusive at both ends; ungraded cards fail. */
  evb_filter_set_reliability (fixture->filter, 'B', 'C');
  assert_matching (fixture, "c1 photo-missing");
  evb_filter_set_reliability (fixture->filter, '\0', 'B');
  assert_matching (fixture, "c1 video");
  evb_filter_set_reliability (fixture->filter, 'C', '\0');
  assert_matching (fixture, "photo-missing radar-changed");
  /* The wrong way round is the same range. */
  evb_filter_set_reliability (fixture->filter, 'F', 'A');
  assert_matching (fixture, "c1 video photo-missing radar-changed");
  evb_filter_set_reliability (fixture->filter, 'A', 'A');
  assert_matching (fixture, "video");
}

static void
test_credibility (Fixture       *fixture,
                  gconstpointer  data)
{
  evb_filter_set_credibility (fixture->filter, 2, 3);
  assert_matching (fixture, "c1 photo-missing");
  evb_filter_set_credibility (fixture->filter, 0, 1);
  assert_matching (fixture, "video");
  evb_filter_set_credibility (fixture->filter, 6, 0);
  assert_matching (fixture, "radar-changed");
}

static void
test_tags (Fixture       *fixture,
           gconstpointer  data)
{
  const char *any[] = { "witness", "drone", "", "drone", NULL };
  const char *none[] = { NULL };

  evb_filter_set_tags (fixture->filter, any);
  assert_matching (fixture, "c1 video statement");
  g_assert_cmpstrv (evb_filter_get_tags (fixture->filter), ((const char *[]) { "drone", "witness", NULL }));
  evb_filter_set_tags (fixture->filter, none);
  g_assert_false (evb_filter_is_active (fixture->filter));
  assert_matching (fixture, ALL);
}

static void
test_dates (Fixture       *fixture,
            gconstpointer  data)
{
  /* The day a date names, in its own time zone; undated cards fail. */
  evb_filter_set_date_range (fixture->filter, EVB_FILTER_DATE_OCCURRED, "2026-01-01", "2026-01-31");
  assert_matching (fixture, "c1 video photo-missing");
  evb_filter_set_date_range (fixture->filter, EVB_FILTER_DATE_OCCURRED, "2026-01-02", NULL);
  assert_matching (fixture, "c1 photo-missing");
  evb_filter_set_date_range (fixture->filter, EVB_FILTER_DATE_OCCURRED, NULL, "2026-01-01");
  assert_matching (fixture, "video statement");
  /* Collected concerns evidence only. */
  evb_filter_set_date_range (fixture->filter, EVB_FILTER_DATE_COLLECTED, "2026-01-05", "2026-01-05");
  assert_matching (fixture, "c1 c2 video");
  evb_filter_set_date_range (fixture->filter, EVB_FILTER_DATE_COLLECTED, "2026-02-01", "2026-01-05");
  g_assert_cmpstr (evb_filter_get_date_from (fixture->filter), ==, "2026-01-05");
  assert_matching (fixture, "c1 c2 video photo-missing");
}

static void
test_attachments (Fixture       *fixture,
                  gconstpointer  data)
{
  evb_filter_set_attachments (fixture->filter, EVB_FILTER_ATTACHMENT_MISSING);
  assert_matching (fixture, "c1 c2 photo-missing");
  evb_filter_set_attachments (fixture->filter,
                              EVB_FILTER_ATTACHMENT_CHANGED | EVB_FILTER_ATTACHMENT_FINE);
  assert_matching (fixture, "c1 c2 video radar-changed");
  evb_filter_set_attachments (fixture->filter, EVB_FILTER_ATTACHMENT_NO_FILE);
  assert_matching (fixture, "c1 c2 statement");
  /* Without statuses, a file whose check has not run matches no status. */
  fixture->context.attachment_status = NULL;
  evb_filter_set_attachments (fixture->filter, EVB_FILTER_ATTACHMENT_FINE);
  assert_matching (fixture, "c1 c2");
}

static void
test_likelihoods (Fixture       *fixture,
                  gconstpointer  data)
{
  const EvbClaimAssessment *c1 = evb_assessment_get (fixture->assessment, "c1");

  g_assert_true (c1->assessed);
  evb_filter_set_likelihoods (fixture->filter, 1u << c1->likelihood);
  assert_matching (fixture, "c1 video photo-missing radar-changed statement");
  evb_filter_set_likelihoods (fixture->filter, EVB_FILTER_UNASSESSED);
  assert_matching (fixture, "c2 video photo-missing radar-changed statement");
  evb_filter_set_likelihoods (fixture->filter, ~(1u << c1->likelihood) & ~EVB_FILTER_UNASSESSED);
  assert_matching (fixture, "video photo-missing radar-changed statement");
  /* Without an assessment no claim is assessed. */
  fixture->context.assessment = NULL;
  evb_filter_set_likelihoods (fixture->filter, EVB_FILTER_UNASSESSED);
  assert_matching (fixture, ALL);
}

static void
test_combined (Fixture       *fixture,
               gconstpointer  data)
{
  const char *osint[] = { "osint", NULL };

  evb_filter_set_kinds (fixture->filter, 1 << EVB_NODE_KIND_EVIDENCE);
  evb_filter_set_tags (fixture->filter, osint);
  assert_matching (fixture, "video photo-missing");
  evb_filter_set_reliability (fixture->filter, 'A', 'B');
  assert_matching (fixture, "video");
  evb_filter_set_attachments (fixture->filter, EVB_FILTER_ATTACHMENT_MISSING);
  assert_matching (fixture, "");
  fixture->n_changed = 0;
  evb_filter_set_hide (fixture->filter, TRUE);
  evb_filter_clear (fixture->filter);
  g_assert_cmpuint (fixture->n_changed, ==, 2);
  /* Clearing keeps the mode. */
  g_assert_true (evb_filter_get_hide (fixture->filter));
  assert_matching (fixture, ALL);
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *tags[] = { "osint", "a \"quoted\" tag", NULL };
  g_autoptr(EvbFilter) copy = evb_filter_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  g_autofree char *empty = NULL;
  char best, worst;
  int cbest, cworst;

  empty = evb_filter_to_string (fixture->filter);
  g_assert_cmpstr (empty, ==, "{}");

  evb_filter_set_kinds (fixture->filter, 1 << EVB_NODE_KIND_EVIDENCE);
  evb_filter_set_evidence_types (fixture->filter, 1 << EVB_EVIDENCE_TYPE_SATELLITE_IMAGERY);
  evb_filter_set_reliability (fixture->filter, '\0', 'C');
  evb_filter_set_credibility (fixture->filter, 2, 0);
  evb_filter_set_tags (fixture->filter, tags);
  evb_filter_set_date_range (fixture->filter, EVB_FILTER_DATE_COLLECTED, NULL, "2026-03-01");
  evb_filter_set_attachments (fixture->filter, EVB_FILTER_ATTACHMENT_CHANGED);
  evb_filter_set_likelihoods (fixture->filter, (1u << EVB_LIKELIHOOD_LIKELY) | EVB_FILTER_UNASSESSED);
  evb_filter_set_hide (fixture->filter, TRUE);
  text = evb_filter_to_string (fixture->filter);
  g_assert_null (strchr (text, '\n'));

  g_assert_true (evb_filter_load (copy, text, &error));
  g_assert_no_error (error);
  again = evb_filter_to_string (copy);
  g_assert_cmpstr (again, ==, text);
  g_assert_cmpuint (evb_filter_get_kinds (copy), ==, 1 << EVB_NODE_KIND_EVIDENCE);
  g_assert_cmpuint (evb_filter_get_evidence_types (copy), ==, 1 << EVB_EVIDENCE_TYPE_SATELLITE_IMAGERY);
  evb_filter_get_reliability (copy, &best, &worst);
  g_assert_cmpint (best, ==, '\0');
  g_assert_cmpint (worst, ==, 'C');
  evb_filter_get_credibility (copy, &cbest, &cworst);
  g_assert_cmpint (cbest, ==, 2);
  g_assert_cmpint (cworst, ==, 0);
  g_assert_cmpstrv (evb_filter_get_tags (copy), ((const char *[]) { "a \"quoted\" tag", "osint", NULL }));
  g_assert_cmpint (evb_filter_get_date_field (copy), ==, EVB_FILTER_DATE_COLLECTED);
  g_assert_null (evb_filter_get_date_from (copy));
  g_assert_cmpstr (evb_filter_get_date_to (copy), ==, "2026-03-01");
  g_assert_cmpuint (evb_filter_get_attachments (copy), ==, EVB_FILTER_ATTACHMENT_CHANGED);
  g_assert_cmpuint (evb_filter_get_likelihoods (copy), ==,
                    (1u << EVB_LIKELIHOOD_LIKELY) | EVB_FILTER_UNASSESSED);
  g_assert_true (evb_filter_get_hide (copy));

  /* Loading the same again changes nothing, and says nothing. */
  fixture->n_changed = 0;
  g_assert_true (evb_filter_load (fixture->filter, text, &error));
  g_assert_cmpuint (fixture->n_changed, ==, 0);
  g_assert_true (evb_filter_load (fixture->filter, "{\"unknown\": 1}", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  g_assert_false (evb_filter_is_active (fixture->filter));
}

static void
test_load_errors (void)
{
  static const struct { const char *text; int code; const char *member; } bad[] = {
    { "not json", EVB_ERROR_PARSE, NULL },
    { "[1]", EVB_ERROR_PARSE, NULL },
    { "{\"kinds\": [\"rumour\"]}", EVB_ERROR_INVALID, "kinds" },
    { "{\"types\": \"video\"}", EVB_ERROR_INVALID, "types" },
    { "{\"reliability\": [\"A\", \"G\"]}", EVB_ERROR_INVALID, "reliability" },
    { "{\"reliability\": [\"D\", \"B\"]}", EVB_ERROR_INVALID, "reliability" },
    { "{\"credibility\": [0, 7]}", EVB_ERROR_INVALID, "credibility" },
    { "{\"credibility\": [1]}", EVB_ERROR_INVALID, "credibility" },
    { "{\"tags\": [1]}", EVB_ERROR_INVALID, "tags" },
    { "{\"occurred\": [\"2026-01-01T00:00:00Z\", \"\"]}", EVB_ERROR_INVALID, "occurred" },
    { "{\"collected\": [\"2026-13-01\", \"\"]}", EVB_ERROR_INVALID, "collected" },
    { "{\"attachments\": [\"lost\"]}", EVB_ERROR_INVALID, "attachments" },
    { "{\"likelihoods\": [\"certain\"]}", EVB_ERROR_INVALID, "likelihoods" },
    { "{\"hide\": 1}", EVB_ERROR_INVALID, "hide" },
  };
  g_autoptr(EvbFilter) filter = evb_filter_new ();
  g_autofree char *before = NULL;

  evb_filter_set_kinds (filter, 1 << EVB_NODE_KIND_CLAIM);
  before = evb_filter_to_string (filter);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      g_assert_false (evb_filter_load (filter, bad[i].text, &error));
      g_assert_error (error, EVB_ERROR, bad[i].code);
      if (bad[i].member != NULL)
        g_assert_nonnull (strstr (error->message, bad[i].member));
      /* A refused filter leaves the one there as it was. */
      after = evb_filter_to_string (filter);
      g_assert_cmpstr (after, ==, before);
    }
}

/* The matrix of a filter's matches: the matching evidence as rows, the
 * matching claims as columns (every claim when the filter lets none
 * through), the scores of what is shown. */
static void
test_matrix (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(EvbLinkData) refutes = evb_link_data_new ("radar-changed", "c1", EVB_RELATION_REFUTES);
  g_autoptr(EvbMatrix) all = NULL;
  g_autoptr(EvbMatrix) osint = NULL;
  g_autoptr(EvbMatrix) drone = NULL;
  g_autoptr(GHashTable) matches = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *whole_scope = NULL;
  g_autofree char *osint_scope = NULL;
  g_autofree char *drone_scope = NULL;
  const char * const osint_tags[] = { "osint", NULL };
  const char * const drone_tags[] = { "drone", NULL };

  g_assert_nonnull (evb_board_add_link (fixture->board, refutes, &error));
  all = evb_matrix_new_filtered (fixture->board, NULL, NULL);
  g_assert_false (evb_matrix_is_filtered (all));
  g_assert_cmpuint (evb_matrix_get_n_rows (all), ==, 4);
  g_assert_cmpuint (evb_matrix_get_n_hypotheses (all), ==, 2);
  g_assert_cmpfloat (evb_matrix_get_inconsistency (all, 0), >, 0);
  whole_scope = evb_matrix_describe_scope (all);
  g_assert_null (whole_scope);

  /* Two items, and no claim: both claims stay columns. */
  evb_filter_set_tags (fixture->filter, osint_tags);
  matches = evb_filter_find (fixture->filter, fixture->board, &fixture->context);
  osint = evb_matrix_new_filtered (fixture->board, NULL, matches);
  g_assert_true (evb_matrix_is_filtered (osint));
  g_assert_cmpuint (evb_matrix_get_n_evidence (osint), ==, 4);
  g_assert_cmpuint (evb_matrix_get_n_claims (osint), ==, 2);
  g_assert_cmpuint (evb_matrix_get_n_rows (osint), ==, 2);
  g_assert_cmpstr (evb_matrix_get_row (osint, 0), ==, "video");
  g_assert_cmpstr (evb_matrix_get_row (osint, 1), ==, "photo-missing");
  g_assert_cmpuint (evb_matrix_get_n_hypotheses (osint), ==, 2);
  g_assert_cmpint (evb_matrix_get_cell (osint, 0, 0), ==, EVB_MATRIX_CELL_CC);
  /* The view's line and the pictures' (one sentence, in the core). */
  osint_scope = evb_matrix_describe_scope (osint);
  g_assert_cmpstr (osint_scope, ==, "Filtered: 2 of 4 evidence items against 2 of 2 hypotheses.");
  g_clear_pointer (&matches, g_hash_table_unref);

  /* c1 and the video: one row. One claim matches, and one hypothesis has
   * nothing to compete with, so both stay columns; the radar that refutes
   * c1, left out, no longer counts against it. */
  evb_filter_set_tags (fixture->filter, drone_tags);
  matches = evb_filter_find (fixture->filter, fixture->board, &fixture->context);
  drone = evb_matrix_new_filtered (fixture->board, NULL, matches);
  g_assert_cmpuint (evb_matrix_get_n_rows (drone), ==, 1);
  g_assert_cmpstr (evb_matrix_get_row (drone, 0), ==, "video");
  g_assert_cmpuint (evb_matrix_get_n_hypotheses (drone), ==, 2);
  g_assert_cmpstr (evb_matrix_get_hypothesis (drone, 0), ==, "c1");
  g_assert_cmpstr (evb_matrix_get_hypothesis (drone, 1), ==, "c2");
  g_assert_cmpfloat (evb_matrix_get_inconsistency (drone, 0), ==, 0);
  /* CC against c1, N against c2: the row now tells them apart. */
  g_assert_cmpfloat (evb_matrix_get_diagnosticity (drone, 0), ==, 0.5);
  drone_scope = evb_matrix_describe_scope (drone);
  g_assert_cmpstr (drone_scope, ==, "Filtered: 1 of 4 evidence items against 2 of 2 hypotheses.");
}

/* The claims stay the competing set: a filter narrows the columns only
 * when it lets two or more claims through. */
static void
test_matrix_hypotheses (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(EvbNodeData) c3 = evb_node_data_new (EVB_NODE_KIND_CLAIM);
  g_autoptr(EvbLinkData) refutes = evb_link_data_new ("radar-changed", "c3", EVB_RELATION_REFUTES);
  g_autoptr(GHashTable) matches = NULL;
  g_autoptr(GError) error = NULL;
  const char * const drone_tags[] = { "drone", NULL };
  const char * const witness_tags[] = { "witness", NULL };
  const char * const c3_and_c2[] = { "c3", "c2", NULL };
  const char * const c3_c2_c1[] = { "c3", "c2", "c1", NULL };

  evb_node_data_set_string (&c3->id, "c3");
  evb_node_data_set_string (&c3->title, "c3");
  g_strfreev (c3->tags);
  c3->tags = g_strsplit ("drone", ",", -1);
  g_assert_nonnull (evb_board_add_node (fixture->board, c3, &error));
  g_assert_no_error (error);
  g_assert_nonnull (evb_board_add_link (fixture->board, refutes, &error));
  g_assert_no_error (error);

  /* Two claims carry the tag: the person chose them, they are the columns. */
  evb_filter_set_tags (fixture->filter, drone_tags);
  matches = evb_filter_find (fixture->filter, fixture->board, &fixture->context);
  {
    g_autoptr(EvbMatrix) matrix = evb_matrix_new_filtered (fixture->board, NULL, matches);
    g_autofree char *scope = evb_matrix_describe_scope (matrix);

    g_assert_cmpuint (evb_matrix_get_n_hypotheses (matrix), ==, 2);
    g_assert_cmpstr (evb_matrix_get_hypothesis (matrix, 0), ==, "c1");
    g_assert_cmpstr (evb_matrix_get_hypothesis (matrix, 1), ==, "c3");
    g_assert_cmpuint (evb_matrix_get_n_rows (matrix), ==, 1);
    g_assert_cmpstr (scope, ==, "Filtered: 1 of 4 evidence items against 2 of 3 hypotheses.");
  }
  /* Among the hypotheses asked for, only c3 matches: both stay, in the
   * order asked; when c1 is asked for too, two match and c2 goes. */
  {
    g_autoptr(EvbMatrix) matrix = evb_matrix_new_filtered (fixture->board, c3_and_c2, matches);

    g_assert_cmpuint (evb_matrix_get_n_hypotheses (matrix), ==, 2);
    g_assert_cmpstr (evb_matrix_get_hypothesis (matrix, 0), ==, "c3");
    g_assert_cmpstr (evb_matrix_get_hypothesis (matrix, 1), ==, "c2");
  }
  {
    g_autoptr(EvbMatrix) matrix = evb_matrix_new_filtered (fixture->board, c3_c2_c1, matches);

    g_assert_cmpuint (evb_matrix_get_n_hypotheses (matrix), ==, 2);
    g_assert_cmpstr (evb_matrix_get_hypothesis (matrix, 0), ==, "c3");
    g_assert_cmpstr (evb_matrix_get_hypothesis (matrix, 1), ==, "c1");
  }
  g_clear_pointer (&matches, g_hash_table_unref);

  /* A tag on evidence only, and evidence only by kind: every claim. */
  evb_filter_set_tags (fixture->filter, witness_tags);
  matches = evb_filter_find (fixture->filter, fixture->board, &fixture->context);
  {
    g_autoptr(EvbMatrix) matrix = evb_matrix_new_filtered (fixture->board, NULL, matches);
    g_autofree char *scope = evb_matrix_describe_scope (matrix);

    g_assert_cmpuint (evb_matrix_get_n_hypotheses (matrix), ==, 3);
    g_assert_cmpuint (evb_matrix_get_n_rows (matrix), ==, 1);
    g_assert_cmpstr (evb_matrix_get_row (matrix, 0), ==, "statement");
    g_assert_cmpstr (scope, ==, "Filtered: 1 of 4 evidence items against 3 of 3 hypotheses.");
  }
  g_clear_pointer (&matches, g_hash_table_unref);
  evb_filter_clear (fixture->filter);
  evb_filter_set_kinds (fixture->filter, 1 << EVB_NODE_KIND_EVIDENCE);
  matches = evb_filter_find (fixture->filter, fixture->board, &fixture->context);
  {
    g_autoptr(EvbMatrix) matrix = evb_matrix_new_filtered (fixture->board, NULL, matches);

    g_assert_cmpuint (evb_matrix_get_n_hypotheses (matrix), ==, 3);
    g_assert_cmpuint (evb_matrix_get_n_rows (matrix), ==, 4);
    /* Every row is weighed: the radar counts against c3. */
    g_assert_cmpfloat (evb_matrix_get_inconsistency (matrix, 2), >, 0);
  }
}

/* What a report says of the filter it applies. */
static void
test_describe (Fixture       *fixture,
               gconstpointer  data)
{
  const char * const tags[] = { "osint", "drone", NULL };
  g_autofree char *none = evb_filter_describe (fixture->filter);
  g_autofree char *some = NULL;
  g_autofree char *open_ended = NULL;

  g_assert_cmpstr (none, ==, "every card");
  evb_filter_set_kinds (fixture->filter, 1u << EVB_NODE_KIND_EVIDENCE);
  evb_filter_set_evidence_types (fixture->filter, 1u << EVB_EVIDENCE_TYPE_VIDEO | 1u << EVB_EVIDENCE_TYPE_RADAR);
  evb_filter_set_reliability (fixture->filter, 'A', 'C');
  evb_filter_set_credibility (fixture->filter, 0, 3);
  evb_filter_set_tags (fixture->filter, tags);
  evb_filter_set_date_range (fixture->filter, EVB_FILTER_DATE_COLLECTED, "2026-01-01", "2026-01-31");
  evb_filter_set_attachments (fixture->filter, EVB_FILTER_ATTACHMENT_CHANGED | EVB_FILTER_ATTACHMENT_MISSING);
  evb_filter_set_likelihoods (fixture->filter, 1u << EVB_LIKELIHOOD_LIKELY | EVB_FILTER_UNASSESSED);
  some = evb_filter_describe (fixture->filter);
  g_assert_cmpstr (some, ==, "evidence only; evidence type: Video, Radar; reliability A to C; "
                             "credibility 3 or better; tags: drone, osint; "
                             "collected from 2026-01-01 to 2026-01-31; attachment: changed, missing; "
                             "likelihood: likely, not assessed");

  evb_filter_clear (fixture->filter);
  evb_filter_set_date_range (fixture->filter, EVB_FILTER_DATE_OCCURRED, "2025-12-29", NULL);
  evb_filter_set_reliability (fixture->filter, 'B', '\0');
  open_ended = evb_filter_describe (fixture->filter);
  g_assert_cmpstr (open_ended, ==, "reliability B or worse; occurred on or after 2025-12-29");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/filter/empty", test_empty);
  ADD ("/filter/kinds", test_kinds);
  ADD ("/filter/types", test_types);
  ADD ("/filter/reliability", test_reliability);
  ADD ("/filter/credibility", test_credibility);
  ADD ("/filter/tags", test_tags);
  ADD ("/filter/dates", test_dates);
  ADD ("/filter/attachments", test_attachments);
  ADD ("/filter/likelihoods", test_likelihoods);
  ADD ("/filter/combined", test_combined);
  ADD ("/filter/round-trip", test_round_trip);
  ADD ("/filter/matrix", test_matrix);
  ADD ("/filter/matrix-hypotheses", test_matrix_hypotheses);
  ADD ("/filter/describe", test_describe);
#undef ADD
  g_test_add_func ("/filter/load-errors", test_load_errors);

  return g_test_run ();
}
