/* evb-assessment.h: how likely each claim is, from the board, and why
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "evb-board.h"

G_BEGIN_DECLS

/* The words of ICD 203, in order; see evb_likelihood_from_probability()
 * for the bands. */
typedef enum
{
  EVB_LIKELIHOOD_ALMOST_NO_CHANCE,
  EVB_LIKELIHOOD_VERY_UNLIKELY,
  EVB_LIKELIHOOD_UNLIKELY,
  EVB_LIKELIHOOD_ROUGHLY_EVEN_CHANCE,
  EVB_LIKELIHOOD_LIKELY,
  EVB_LIKELIHOOD_VERY_LIKELY,
  EVB_LIKELIHOOD_ALMOST_CERTAIN,
} EvbLikelihood;

typedef enum
{
  EVB_CONFIDENCE_LOW,
  EVB_CONFIDENCE_MODERATE,
  EVB_CONFIDENCE_HIGH,
} EvbConfidence;

/* Half-open bands: < 5 % almost no chance, [5, 20) very unlikely, [20, 45)
 * unlikely, [45, 55) roughly even chance, [55, 80) likely, [80, 95) very
 * likely, >= 95 % almost certain. */
EvbLikelihood evb_likelihood_from_probability (double        probability);
/* "almost no chance" … "almost certain": the machine names of the CLI's
 * JSON, exactly ICD 203's words. */
const char   *evb_likelihood_to_string        (EvbLikelihood likelihood);
/* The same, translated, for people. */
const char   *evb_likelihood_get_label        (EvbLikelihood likelihood);
/* "low", "moderate", "high". */
const char   *evb_confidence_to_string        (EvbConfidence confidence);
const char   *evb_confidence_get_label        (EvbConfidence confidence);

/* How much a source's reliability (A–F, '\0' ungraded) and an item's
 * credibility (1–6, 0 ungraded) count, between 0 and 1. */
double        evb_assessment_reliability_weight (char        reliability);
double        evb_assessment_credibility_weight (int         credibility);
/* How many log-odds units a link of this strength moves a claim, for an
 * item graded A1. */
double        evb_assessment_strength_weight    (EvbStrength strength);

/**
 * EvbContribution:
 * @node_id: the item (evidence or claim) the link starts at
 * @link_id: the link into the claim
 * @relation: supports or refutes
 * @weight: what it adds to the claim's log-odds: positive supports,
 *   negative refutes, 0 for a link cut to break a cycle
 * @cut: %TRUE when the link closes a cycle of claims and passes nothing
 */
typedef struct
{
  char        *node_id;
  char        *link_id;
  EvbRelation  relation;
  double       weight;
  gboolean     cut;
} EvbContribution;

/**
 * EvbClaimAssessment:
 * @claim_id: the claim
 * @assessed: %FALSE when nothing on the board bears on the claim (no
 *   linked evidence, no assessed claim linked to it): then the fields
 *   below but @contributions mean nothing
 * @probability: between 0 and 1
 * @likelihood: the ICD 203 word for @probability
 * @confidence: how well the claim is corroborated
 * @n_sources: how many independent sources bear on it
 * @contributions: (element-type EvbContribution): every link into the
 *   claim, the largest |weight| first, cut links last
 * @linchpin_id: (nullable): the item whose link moves the probability most
 * @probability_without: the probability without the linchpin's link (0.5,
 *   knowing nothing, when it was the only one)
 *
 * One claim's assessment. Read-only; it belongs to its EvbAssessment and
 * lives until the board changes.
 */
typedef struct
{
  char          *claim_id;
  gboolean       assessed;
  double         probability;
  EvbLikelihood  likelihood;
  EvbConfidence  confidence;
  guint          n_sources;
  GArray        *contributions;
  char          *linchpin_id;
  double         probability_without;
} EvbClaimAssessment;

#define EVB_TYPE_ASSESSMENT (evb_assessment_get_type ())

G_DECLARE_FINAL_TYPE (EvbAssessment, evb_assessment, EVB, ASSESSMENT, GObject)

/**
 * EvbAssessment:
 *
 * The assessments of a board's claims, worked out when asked for and kept
 * until a change of the board touches them: a link, a grade or a strength
 * invalidates only the claim it bears on and the claims that claim bears
 * on, so an edit on a big board costs little.
 *
 * Signals:
 * - `changed` (void): some assessments are out of date; ask again.
 */

/**
 * evb_assessment_new:
 * @board: the board (a reference is kept)
 *
 * Returns: (transfer full): the assessments of @board's claims.
 */
EvbAssessment            *evb_assessment_new       (EvbBoard      *board);

/**
 * evb_assessment_get:
 * @claim_id: a claim on the board
 *
 * Returns: (transfer none) (nullable): the claim's assessment, valid until
 *   the board next changes; %NULL when @claim_id is not a claim.
 */
const EvbClaimAssessment *evb_assessment_get       (EvbAssessment *self,
                                                    const char    *claim_id);

/**
 * evb_contribution_describe:
 * @self: the assessment @contribution belongs to
 * @contribution: one of a claim's contributions
 *
 * What a link into a claim is, in words an analyst reads without the rule
 * at hand: its strength and relation, and where it comes from, an item's
 * grades or a claim's likelihood in ICD 203's words ("Strong support from
 * an item graded B2", "Moderate refutation from a claim judged likely
 * (72 %)"). The app's "Why", the report and the command line say it alike.
 *
 * Returns: (transfer full): the description
 */
char                     *evb_contribution_describe (EvbAssessment         *self,
                                                     const EvbContribution *contribution);

/**
 * evb_contribution_describe_weight:
 * @contribution: one of a claim's contributions
 *
 * What the link's weight does, with its unit: "+1.77 log-odds: multiplies
 * the odds by 5.9", "−0.89 log-odds: divides the odds by 2.4", or that it
 * moves nothing.
 *
 * Returns: (transfer full): the description
 */
char                     *evb_contribution_describe_weight (const EvbContribution *contribution);

/* Every claim assessed afresh (the benchmark's full run). */
void                      evb_assessment_invalidate_all (EvbAssessment *self);

G_END_DECLS
