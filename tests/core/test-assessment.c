/* test-assessment.c: the assessment of claims and the matrix of hypotheses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "evb-assessment.h"
#include "evb-board.h"
#include "evb-editing.h"
#include "evb-matrix.h"

static void
add_claim (EvbBoard   *board,
           const char *id)
{
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_CLAIM);
  g_autoptr(GError) error = NULL;

  evb_node_data_set_string (&data->id, id);
  evb_node_data_set_string (&data->title, id);
  g_assert_nonnull (evb_board_add_node (board, data, &error));
  g_assert_no_error (error);
}

static void
add_item (EvbBoard   *board,
          const char *id,
          char        reliability,
          int         credibility,
          const char *source)
{
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  g_autoptr(GError) error = NULL;

  evb_node_data_set_string (&data->id, id);
  evb_node_data_set_string (&data->title, id);
  evb_node_data_set_string (&data->source, source);
  data->reliability = reliability;
  data->credibility = credibility;
  g_assert_nonnull (evb_board_add_node (board, data, &error));
  g_assert_no_error (error);
}

static void
link (EvbBoard    *board,
      const char  *from,
      const char  *to,
      EvbRelation  relation,
      EvbStrength  strength)
{
  g_autoptr(EvbLinkData) data = evb_link_data_new (from, to, relation);
  g_autoptr(GError) error = NULL;

  data->id = g_strdup_printf ("%s-%s", from, to);
  data->strength = strength;
  g_assert_nonnull (evb_board_add_link (board, data, &error));
  g_assert_no_error (error);
}

static void
set_grade (EvbBoard   *board,
           const char *id,
           char        reliability,
           int         credibility)
{
  g_autoptr(EvbNodeData) data = evb_node_dup_data (evb_board_get_node (board, id));
  g_autoptr(GError) error = NULL;

  data->reliability = reliability;
  data->credibility = credibility;
  g_assert_true (evb_board_update_node (board, data, &error));
  g_assert_no_error (error);
}

static double
probability (EvbAssessment *assessment,
             const char    *claim)
{
  const EvbClaimAssessment *a = evb_assessment_get (assessment, claim);

  g_assert_nonnull (a);
  g_assert_true (a->assessed);
  return a->probability;
}

static void
test_bands (void)
{
  static const struct { double p; const char *word; } cases[] = {
    { 0.0, "almost no chance" }, { 0.0499, "almost no chance" }, { 0.05, "very unlikely" },
    { 0.1999, "very unlikely" }, { 0.20, "unlikely" }, { 0.4499, "unlikely" },
    { 0.45, "roughly even chance" }, { 0.5499, "roughly even chance" }, { 0.55, "likely" },
    { 0.7999, "likely" }, { 0.80, "very likely" }, { 0.9499, "very likely" },
    { 0.95, "almost certain" }, { 1.0, "almost certain" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (evb_likelihood_to_string (evb_likelihood_from_probability (cases[i].p)), ==,
                     cases[i].word);
  g_assert_cmpstr (evb_confidence_to_string (EVB_CONFIDENCE_MODERATE), ==, "moderate");
}

static void
test_not_assessed (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Assess");
  g_autoptr(EvbAssessment) assessment = evb_assessment_new (board);
  const EvbClaimAssessment *a;

  add_claim (board, "alone");
  add_claim (board, "other");
  add_item (board, "e", 'A', 1, "Agency");
  /* Another claim that is not assessed bears on it: still nothing known. */
  link (board, "other", "alone", EVB_RELATION_SUPPORTS, EVB_STRENGTH_STRONG);
  a = evb_assessment_get (assessment, "alone");
  g_assert_false (a->assessed);
  g_assert_null (a->linchpin_id);
  g_assert_null (evb_assessment_get (assessment, "e"));
  g_assert_null (evb_assessment_get (assessment, "nowhere"));
}

/* Better-graded support never lowers a claim; every grade counts more than
 * the one below it, E and 5 almost nothing, F, 6 and ungraded in between. */
static void
test_monotone (void)
{
  const char grades[] = "ABCDE";
  double last = 1.0;

  for (guint i = 0; i + 2 < G_N_ELEMENTS (grades); i++)
    {
      g_assert_cmpfloat (evb_assessment_reliability_weight (grades[i]), >,
                         evb_assessment_reliability_weight (grades[i + 1]));
      g_assert_cmpfloat (evb_assessment_credibility_weight (i + 1), >,
                         evb_assessment_credibility_weight (i + 2));
    }
  g_assert_cmpfloat (evb_assessment_reliability_weight ('F'), >, evb_assessment_reliability_weight ('E'));
  g_assert_cmpfloat (evb_assessment_reliability_weight ('F'), <, evb_assessment_reliability_weight ('D'));
  g_assert_cmpfloat (evb_assessment_credibility_weight (6), >, evb_assessment_credibility_weight (5));
  g_assert_cmpfloat (evb_assessment_credibility_weight (6), <, evb_assessment_credibility_weight (4));
  g_assert_cmpfloat (evb_assessment_reliability_weight ('E'), <=, 0.05);

  /* Adding supporting items, each better graded, raises the claim each time. */
  {
    g_autoptr(EvbBoard) board = evb_board_new ("Assess");
    g_autoptr(EvbAssessment) assessment = evb_assessment_new (board);
    double before;

    add_claim (board, "c");
    add_item (board, "r", 'B', 2, "Refuter");
    link (board, "r", "c", EVB_RELATION_REFUTES, EVB_STRENGTH_STRONG);
    before = probability (assessment, "c");
    for (int i = 4; i >= 0; i--)
      {
        g_autofree char *id = g_strdup_printf ("s%d", i);
        double now;

        add_item (board, id, grades[i], i + 1, id);
        link (board, id, "c", EVB_RELATION_SUPPORTS, EVB_STRENGTH_MODERATE);
        now = probability (assessment, "c");
        g_assert_cmpfloat (now, >=, before);
        before = now;
      }

    /* Lowering the refuting source's grade, step by step, never lowers it. */
    last = probability (assessment, "c");
    for (guint i = 1; i < 5; i++)
      {
        double now;

        set_grade (board, "r", grades[i], 2);
        now = probability (assessment, "c");
        g_assert_cmpfloat (now, >=, last);
        last = now;
      }
  }
}

/* The explanation: contributions signed, largest first; the linchpin and
 * the probability without it, which deleting it really gives. */
static void
test_explanation_and_linchpin (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Assess");
  g_autoptr(EvbAssessment) assessment = evb_assessment_new (board);
  g_autoptr(GError) error = NULL;
  const EvbClaimAssessment *a;
  const EvbContribution *first, *last;
  g_autofree char *linchpin = NULL;
  double without;

  add_claim (board, "attack");
  add_item (board, "video", 'D', 4, "Ministry");
  add_item (board, "cia", 'B', 2, "CIA");
  add_item (board, "radar", 'C', 3, "Radar site");
  link (board, "video", "attack", EVB_RELATION_SUPPORTS, EVB_STRENGTH_MODERATE);
  link (board, "cia", "attack", EVB_RELATION_REFUTES, EVB_STRENGTH_STRONG);
  link (board, "radar", "attack", EVB_RELATION_REFUTES, EVB_STRENGTH_WEAK);

  a = evb_assessment_get (assessment, "attack");
  g_assert_true (a->assessed);
  g_assert_cmpuint (a->contributions->len, ==, 3);
  first = &g_array_index (a->contributions, EvbContribution, 0);
  last = &g_array_index (a->contributions, EvbContribution, 2);
  g_assert_cmpstr (first->node_id, ==, "cia");
  g_assert_cmpfloat (first->weight, <, 0);
  g_assert_cmpfloat (fabs (first->weight), >=, fabs (last->weight));
  g_assert_cmpint (first->relation, ==, EVB_RELATION_REFUTES);
  g_assert_cmpstr (first->link_id, ==, "cia-attack");
  g_assert_cmpfloat (a->probability, <, 0.5);
  g_assert_cmpuint (a->n_sources, ==, 3);

  g_assert_cmpstr (a->linchpin_id, ==, "cia");
  linchpin = g_strdup (a->linchpin_id);
  without = a->probability_without;
  g_assert_cmpfloat (without, >, a->probability);

  g_assert_true (evb_board_remove_node (board, linchpin, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (probability (assessment, "attack"), without, 1e-12);

  /* Undo brings it back, and the assessment with it. */
  g_assert_true (evb_board_undo (board, &error));
  g_assert_cmpstr (evb_assessment_get (assessment, "attack")->linchpin_id, ==, "cia");
}

/* Confidence grows with independent, well-graded, agreeing sources. */
static void
test_confidence (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Assess");
  g_autoptr(EvbAssessment) assessment = evb_assessment_new (board);

  add_claim (board, "c");
  add_item (board, "a", 'A', 1, "One");
  link (board, "a", "c", EVB_RELATION_SUPPORTS, EVB_STRENGTH_MODERATE);
  g_assert_cmpint (evb_assessment_get (assessment, "c")->confidence, ==, EVB_CONFIDENCE_LOW);

  /* The same source again is not a second one. */
  add_item (board, "b", 'A', 1, " one ");
  link (board, "b", "c", EVB_RELATION_SUPPORTS, EVB_STRENGTH_MODERATE);
  g_assert_cmpuint (evb_assessment_get (assessment, "c")->n_sources, ==, 1);
  g_assert_cmpint (evb_assessment_get (assessment, "c")->confidence, ==, EVB_CONFIDENCE_LOW);

  add_item (board, "d", 'B', 2, "Two");
  link (board, "d", "c", EVB_RELATION_SUPPORTS, EVB_STRENGTH_MODERATE);
  g_assert_cmpint (evb_assessment_get (assessment, "c")->confidence, ==, EVB_CONFIDENCE_MODERATE);
  add_item (board, "e", 'B', 1, "Three");
  link (board, "e", "c", EVB_RELATION_SUPPORTS, EVB_STRENGTH_STRONG);
  g_assert_cmpint (evb_assessment_get (assessment, "c")->confidence, ==, EVB_CONFIDENCE_HIGH);

  /* Strong, well-graded disagreement takes it down. */
  add_item (board, "x", 'A', 1, "Four");
  link (board, "x", "c", EVB_RELATION_REFUTES, EVB_STRENGTH_STRONG);
  g_assert_cmpint (evb_assessment_get (assessment, "c")->confidence, <, EVB_CONFIDENCE_HIGH);
}

/* A claim bearing on a claim passes on its standing, damped; cycles are
 * cut whatever order claims are asked in, and say so. */
static void
test_claims_and_cycles (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Assess");
  g_autoptr(EvbAssessment) assessment = evb_assessment_new (board);
  g_autoptr(EvbAssessment) other_order = NULL;
  const EvbClaimAssessment *a;
  double alone, with;

  add_claim (board, "top");
  add_claim (board, "mid");
  add_item (board, "e", 'A', 1, "Agency");
  add_item (board, "f", 'A', 1, "Other agency");
  link (board, "e", "top", EVB_RELATION_SUPPORTS, EVB_STRENGTH_MODERATE);
  link (board, "f", "mid", EVB_RELATION_SUPPORTS, EVB_STRENGTH_STRONG);
  alone = probability (assessment, "top");
  link (board, "mid", "top", EVB_RELATION_SUPPORTS, EVB_STRENGTH_MODERATE);
  with = probability (assessment, "top");
  g_assert_cmpfloat (with, >, alone);
  /* Damped: less than the item itself would pass on. */
  g_assert_cmpfloat (with - alone, <, probability (assessment, "mid") - 0.5);

  /* Close a cycle top → mid: both links between them are cut. */
  link (board, "top", "mid", EVB_RELATION_REFUTES, EVB_STRENGTH_WEAK);
  a = evb_assessment_get (assessment, "top");
  g_assert_cmpfloat_with_epsilon (a->probability, alone, 1e-12);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < a->contributions->len; i++)
      {
        const EvbContribution *c = &g_array_index (a->contributions, EvbContribution, i);

        if (g_str_equal (c->node_id, "mid"))
          {
            g_assert_true (c->cut);
            g_assert_cmpfloat (c->weight, ==, 0);
            g_assert_true (i == a->contributions->len - 1);
            found = TRUE;
          }
      }
    g_assert_true (found);
  }

  /* The same board asked the other way round gives the same numbers. */
  other_order = evb_assessment_new (board);
  g_assert_cmpfloat (probability (other_order, "mid"), ==, probability (assessment, "mid"));
  g_assert_cmpfloat (probability (other_order, "top"), ==, probability (assessment, "top"));

  /* Breaking the cycle passes the standing on again. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (evb_board_remove_link (board, "top-mid", &error));
    g_assert_cmpfloat_with_epsilon (probability (assessment, "top"), with, 1e-12);
  }
}

/* A long chain of claims (deeper than any call stack) assesses. */
static void
test_long_chain (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Chain");
  g_autoptr(EvbAssessment) assessment = evb_assessment_new (board);
  const guint n = 50000;

  add_item (board, "root", 'A', 1, "Root");
  evb_board_begin (board, "Chain");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", i);
      g_autofree char *prev = i > 0 ? g_strdup_printf ("c%u", i - 1) : g_strdup ("root");

      add_claim (board, id);
      link (board, prev, id, EVB_RELATION_SUPPORTS, EVB_STRENGTH_STRONG);
    }
  g_assert_true (evb_board_commit (board, NULL));
  g_assert_cmpfloat (probability (assessment, "c49999"), >, 0.5);
}

/* Only what an edit touches is worked out again. */
static void
test_incremental (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Assess");
  g_autoptr(EvbAssessment) assessment = evb_assessment_new (board);
  const EvbClaimAssessment *b_before;
  double a_before;

  add_claim (board, "a");
  add_claim (board, "b");
  add_item (board, "x", 'B', 2, "X");
  add_item (board, "y", 'B', 2, "Y");
  link (board, "x", "a", EVB_RELATION_SUPPORTS, EVB_STRENGTH_MODERATE);
  link (board, "y", "b", EVB_RELATION_SUPPORTS, EVB_STRENGTH_MODERATE);
  a_before = probability (assessment, "a");
  b_before = evb_assessment_get (assessment, "b");

  set_grade (board, "x", 'E', 5);
  g_assert_cmpfloat (probability (assessment, "a"), <, a_before);
  /* b was not touched: the same record, not a new one. */
  g_assert_true (evb_assessment_get (assessment, "b") == b_before);
}

static void
test_matrix (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Matrix");
  g_autoptr(EvbMatrix) matrix = NULL;
  g_autoptr(EvbMatrix) chosen = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  const char * const two[] = { "h2", "nope", "h1", NULL };

  add_claim (board, "h1");
  add_claim (board, "h2");
  add_item (board, "same", 'A', 1, "S");
  add_item (board, "diag", 'B', 2, "D");
  add_item (board, "none", 'C', 3, "=cmd|' /C calc'!A0");
  link (board, "same", "h1", EVB_RELATION_SUPPORTS, EVB_STRENGTH_MODERATE);
  link (board, "same", "h2", EVB_RELATION_SUPPORTS, EVB_STRENGTH_WEAK);
  link (board, "diag", "h1", EVB_RELATION_SUPPORTS, EVB_STRENGTH_STRONG);
  link (board, "diag", "h2", EVB_RELATION_REFUTES, EVB_STRENGTH_STRONG);

  matrix = evb_matrix_new (board, NULL);
  g_assert_cmpuint (evb_matrix_get_n_hypotheses (matrix), ==, 2);
  g_assert_cmpuint (evb_matrix_get_n_rows (matrix), ==, 3);
  g_assert_cmpint (evb_matrix_get_cell (matrix, 0, 0), ==, EVB_MATRIX_CELL_C);
  g_assert_cmpint (evb_matrix_get_cell (matrix, 1, 0), ==, EVB_MATRIX_CELL_CC);
  g_assert_cmpint (evb_matrix_get_cell (matrix, 1, 1), ==, EVB_MATRIX_CELL_II);
  g_assert_cmpint (evb_matrix_get_cell (matrix, 2, 1), ==, EVB_MATRIX_CELL_N);
  /* Consistent with both alike: tells nothing. */
  g_assert_cmpfloat (evb_matrix_get_diagnosticity (matrix, 0), ==, 0);
  g_assert_cmpfloat (evb_matrix_get_diagnosticity (matrix, 1), ==, 1);
  g_assert_cmpfloat (evb_matrix_get_inconsistency (matrix, 0), ==, 0);
  g_assert_cmpfloat_with_epsilon (evb_matrix_get_inconsistency (matrix, 1), 2 * 0.8 * 0.8, 1e-12);

  csv = evb_matrix_to_csv (matrix, board);
  g_assert_true (g_str_has_prefix (csv, "id,title,reliability,credibility,diagnosticity,h1,h2\r\n"
                                        "same,same,A,1,0.00,C,C\r\n"
                                        "diag,diag,B,2,1.00,CC,II\r\n"
                                        "none,none,C,3,0.00,N,N\r\n"));

  chosen = evb_matrix_new (board, two);
  g_assert_cmpuint (evb_matrix_get_n_hypotheses (chosen), ==, 2);
  g_assert_cmpstr (evb_matrix_get_hypothesis (chosen, 0), ==, "h2");

  /* Editing cells: one undo step each, the link made, changed, removed. */
  g_assert_true (evb_editing_set_cell (board, "none", "h1", EVB_MATRIX_CELL_II, &error));
  g_assert_no_error (error);
  g_assert_cmpint (evb_link_get_strength (evb_board_find_link (board, "none", "h1")), ==, EVB_STRENGTH_STRONG);
  g_assert_true (evb_editing_set_cell (board, "none", "h1", EVB_MATRIX_CELL_C, &error));
  g_assert_cmpint (evb_link_get_relation (evb_board_find_link (board, "none", "h1")), ==, EVB_RELATION_SUPPORTS);
  g_assert_cmpint (evb_link_get_strength (evb_board_find_link (board, "none", "h1")), ==, EVB_STRENGTH_MODERATE);
  g_assert_true (evb_editing_set_cell (board, "same", "h2", EVB_MATRIX_CELL_I, &error));
  g_assert_cmpint (evb_link_get_strength (evb_board_find_link (board, "same", "h2")), ==, EVB_STRENGTH_WEAK);
  g_assert_true (evb_editing_set_cell (board, "none", "h1", EVB_MATRIX_CELL_N, &error));
  g_assert_null (evb_board_find_link (board, "none", "h1"));
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Edit Matrix");
  g_assert_true (evb_board_undo (board, &error));
  g_assert_nonnull (evb_board_find_link (board, "none", "h1"));
}

static void
test_csv_quoting (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Matrix");
  g_autoptr(EvbMatrix) matrix = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);

  add_claim (board, "h, \"one\"");
  evb_node_data_set_string (&data->id, "e");
  evb_node_data_set_string (&data->title, "=HYPERLINK(\"x\")");
  g_assert_nonnull (evb_board_add_node (board, data, NULL));
  matrix = evb_matrix_new (board, NULL);
  csv = evb_matrix_to_csv (matrix, board);
  g_assert_cmpstr (csv, ==, "id,title,reliability,credibility,diagnosticity,\"h, \"\"one\"\"\"\r\n"
                            "e,\"'=HYPERLINK(\"\"x\"\")\",,,0.00,N\r\n");
}

/* The contribution of `from` to `claim`. */
static const EvbContribution *
contribution_of (EvbAssessment *assessment,
                 const char    *claim,
                 const char    *from)
{
  const EvbClaimAssessment *a = evb_assessment_get (assessment, claim);

  for (guint i = 0; i < a->contributions->len; i++)
    {
      const EvbContribution *c = &g_array_index (a->contributions, EvbContribution, i);

      if (g_str_equal (c->node_id, from))
        return c;
    }
  g_assert_not_reached ();
}

static void
assert_describes (EvbAssessment *assessment,
                  const char    *claim,
                  const char    *from,
                  const char    *what,
                  const char    *weight)
{
  const EvbContribution *c = contribution_of (assessment, claim, from);
  g_autofree char *described = evb_contribution_describe (assessment, c);
  g_autofree char *weighed = evb_contribution_describe_weight (c);

  g_assert_cmpstr (described, ==, what);
  g_assert_cmpstr (weighed, ==, weight);
}

/* "Why" says what each weight is, in words and with its unit: an analyst
 * read "+1.77" and could not tell what it meant. */
static void
test_describe (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Assess");
  g_autoptr(EvbAssessment) assessment = evb_assessment_new (board);

  add_claim (board, "top");
  add_claim (board, "mid");
  add_item (board, "b2", 'B', 2, "Paper");
  add_item (board, "d", 'D', 0, "Channel");
  add_item (board, "none", '\0', 0, NULL);
  add_item (board, "a1", 'A', 1, "Agency");
  link (board, "b2", "top", EVB_RELATION_SUPPORTS, EVB_STRENGTH_STRONG);
  link (board, "d", "top", EVB_RELATION_REFUTES, EVB_STRENGTH_MODERATE);
  link (board, "none", "top", EVB_RELATION_SUPPORTS, EVB_STRENGTH_WEAK);
  link (board, "a1", "mid", EVB_RELATION_SUPPORTS, EVB_STRENGTH_STRONG);
  link (board, "mid", "top", EVB_RELATION_REFUTES, EVB_STRENGTH_MODERATE);

  /* 0.8 × 0.8 × ln 16 */
  assert_describes (assessment, "top", "b2", "Strong support from an item graded B2",
                    "+1.77 log-odds: multiplies the odds by 5.9");
  /* 0.4 × 0.25 × ln 4 */
  assert_describes (assessment, "top", "d", "Moderate refutation from an item graded D",
                    "−0.14 log-odds: divides the odds by 1.15");
  assert_describes (assessment, "top", "none", "Weak support from an ungraded item",
                    "+0.04 log-odds: multiplies the odds by 1.04");
  /* mid: A1 strong: 94 %, very likely (almost certain from 95 %); passes 0.5 × (2p − 1) × ln 4 */
  assert_describes (assessment, "top", "mid", "Moderate refutation from a claim judged very likely (94 %)",
                    "−0.61 log-odds: divides the odds by 1.84");

  /* A cycle: the link is left out and moves nothing. */
  link (board, "top", "mid", EVB_RELATION_SUPPORTS, EVB_STRENGTH_WEAK);
  assert_describes (assessment, "top", "mid",
                    "Moderate refutation from a claim, left out: the claims it joins form a cycle",
                    "0 log-odds: moves nothing");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/assessment/bands", test_bands);
  g_test_add_func ("/assessment/not-assessed", test_not_assessed);
  g_test_add_func ("/assessment/monotone", test_monotone);
  g_test_add_func ("/assessment/explanation-and-linchpin", test_explanation_and_linchpin);
  g_test_add_func ("/assessment/confidence", test_confidence);
  g_test_add_func ("/assessment/claims-and-cycles", test_claims_and_cycles);
  g_test_add_func ("/assessment/long-chain", test_long_chain);
  g_test_add_func ("/assessment/incremental", test_incremental);
  g_test_add_func ("/assessment/describe", test_describe);
  g_test_add_func ("/matrix/cells-and-scores", test_matrix);
  g_test_add_func ("/matrix/csv-quoting", test_csv_quoting);

  return g_test_run ();
}
