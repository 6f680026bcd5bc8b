/* evb-assessment.c: how likely each claim is, from the board, and why
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rule (docs/ASSESSMENT.md states it for analysts, with a worked
 * example): a claim starts at even odds, and every link into it adds a
 * likelihood ratio, as a weight in log-odds. An evidence item's weight is
 * its link's strength (weak ln 2, moderate ln 4, strong ln 16) times its
 * source's reliability weight times its credibility weight (A and 1 count
 * whole, E and 5 almost nothing, F and 6 and ungraded a quarter), positive
 * when it supports and negative when it refutes. A claim linked to the
 * claim passes on its own assessment, damped: the strength times half of
 * how far it is above even chance (2p − 1, nothing below even). The sum
 * gives the probability, p = 1 / (1 + e^−sum). Links between claims that
 * close a cycle pass nothing and are listed as cut, so nothing loops and
 * the result does not depend on the order anything is asked in.
 *
 * Assessments are worked out when asked for and kept. A change of a link
 * or an item forgets only the claim it bears on and the claims downstream
 * of it; only a change among the links between claims (rare) forgets all,
 * since it may open or close a cycle.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "evb-assessment.h"

/* How much of a claim's own standing passes on to a claim it bears on. */
#define CLAIM_DAMPING 0.5

struct _EvbAssessment
{
  GObject     parent_instance;

  EvbBoard   *board;
  GHashTable *cache;        /* claim id → EvbClaimAssessment */
  GHashTable *claims;       /* ids of the board's claims */
  GHashTable *cut;          /* EvbLink * of links that close a cycle; NULL = stale */
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EvbAssessment, evb_assessment, G_TYPE_OBJECT)

EvbLikelihood
evb_likelihood_from_probability (double probability)
{
  if (probability < 0.05)
    return EVB_LIKELIHOOD_ALMOST_NO_CHANCE;
  if (probability < 0.20)
    return EVB_LIKELIHOOD_VERY_UNLIKELY;
  if (probability < 0.45)
    return EVB_LIKELIHOOD_UNLIKELY;
  if (probability < 0.55)
    return EVB_LIKELIHOOD_ROUGHLY_EVEN_CHANCE;
  if (probability < 0.80)
    return EVB_LIKELIHOOD_LIKELY;
  if (probability < 0.95)
    return EVB_LIKELIHOOD_VERY_LIKELY;
  return EVB_LIKELIHOOD_ALMOST_CERTAIN;
}

const char *
evb_likelihood_to_string (EvbLikelihood likelihood)
{
  static const char * const names[] = {
    "almost no chance", "very unlikely", "unlikely", "roughly even chance",
    "likely", "very likely", "almost certain",
  };

  g_return_val_if_fail (likelihood <= EVB_LIKELIHOOD_ALMOST_CERTAIN, NULL);
  return names[likelihood];
}

const char *
evb_likelihood_get_label (EvbLikelihood likelihood)
{
  switch (likelihood)
    {
    /* Translators: the likelihood words of ICD 203, said of a claim */
    case EVB_LIKELIHOOD_ALMOST_NO_CHANCE: return _("almost no chance");
    case EVB_LIKELIHOOD_VERY_UNLIKELY: return _("very unlikely");
    case EVB_LIKELIHOOD_UNLIKELY: return _("unlikely");
    case EVB_LIKELIHOOD_ROUGHLY_EVEN_CHANCE: return _("roughly even chance");
    case EVB_LIKELIHOOD_LIKELY: return _("likely");
    case EVB_LIKELIHOOD_VERY_LIKELY: return _("very likely");
    case EVB_LIKELIHOOD_ALMOST_CERTAIN: return _("almost certain");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
evb_confidence_to_string (EvbConfidence confidence)
{
  static const char * const names[] = { "low", "moderate", "high" };

  g_return_val_if_fail (confidence <= EVB_CONFIDENCE_HIGH, NULL);
  return names[confidence];
}

const char *
evb_confidence_get_label (EvbConfidence confidence)
{
  switch (confidence)
    {
    /* Translators: a confidence level, as in "Confidence: low" */
    case EVB_CONFIDENCE_LOW: return _("low");
    case EVB_CONFIDENCE_MODERATE: return _("moderate");
    case EVB_CONFIDENCE_HIGH: return _("high");
    default: g_return_val_if_reached (NULL);
    }
}

double
evb_assessment_reliability_weight (char reliability)
{
  switch (reliability)
    {
    case 'A': return 1.0;
    case 'B': return 0.8;
    case 'C': return 0.6;
    case 'D': return 0.4;
    case 'E': return 0.05;
    case 'F': return 0.25;   /* cannot be judged */
    default: return 0.25;    /* not graded: as little known as F */
    }
}

double
evb_assessment_credibility_weight (int credibility)
{
  switch (credibility)
    {
    case 1: return 1.0;
    case 2: return 0.8;
    case 3: return 0.6;
    case 4: return 0.4;
    case 5: return 0.05;
    case 6: return 0.25;     /* cannot be judged */
    default: return 0.25;    /* not graded */
    }
}

double
evb_assessment_strength_weight (EvbStrength strength)
{
  switch (strength)
    {
    case EVB_STRENGTH_WEAK: return G_LN2;           /* a likelihood ratio of 2 */
    case EVB_STRENGTH_MODERATE: return 2 * G_LN2;   /* 4 */
    case EVB_STRENGTH_STRONG: return 4 * G_LN2;     /* 16 */
    default: return 2 * G_LN2;
    }
}

static double
sigmoid (double x)
{
  return 1.0 / (1.0 + exp (-x));
}

static void
clear_contribution (gpointer data)
{
  EvbContribution *c = data;

  g_free (c->node_id);
  g_free (c->link_id);
}

static void
claim_assessment_free (EvbClaimAssessment *a)
{
  g_free (a->claim_id);
  g_clear_pointer (&a->contributions, g_array_unref);
  g_free (a->linchpin_id);
  g_free (a);
}

static gboolean
is_claim (EvbNode *node)
{
  return node != NULL && evb_node_get_kind (node) == EVB_NODE_KIND_CLAIM;
}

/* Cycles */

/* Links between claims that lie on a cycle: every link whose two ends are
 * in the same strongly connected component of the claims' graph (Tarjan's
 * algorithm, iteratively, so a long chain of claims cannot overflow the
 * stack). Which links are cut depends only on the board, never on the
 * order claims are asked for. */

typedef struct
{
  EvbNode *node;
  guint    next_link;   /* position in the node's links */
} Frame;

typedef struct
{
  int      index;
  int      lowlink;
  gboolean on_stack;
  int      component;
} Mark;

static EvbNode *
claim_target (EvbBoard *board,
              EvbNode  *node,
              EvbLink  *link)
{
  EvbNode *to;

  if (!g_str_equal (evb_link_get_from (link), evb_node_get_id (node)))
    return NULL;
  to = evb_board_get_node (board, evb_link_get_to (link));
  return is_claim (to) ? to : NULL;
}

static GHashTable *
find_cut_links (EvbBoard *board)
{
  g_autoptr(GHashTable) marks = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  GHashTable *cut = g_hash_table_new (NULL, NULL);
  GPtrArray *nodes = evb_board_get_nodes (board);
  GPtrArray *links = evb_board_get_links (board);
  int next_index = 0, next_component = 0;

  for (guint i = 0; i < nodes->len; i++)
    {
      EvbNode *root = g_ptr_array_index (nodes, i);
      Frame first = { root, 0 };
      Mark *mark;

      if (!is_claim (root) || g_hash_table_contains (marks, root))
        continue;

      mark = g_new0 (Mark, 1);
      mark->index = mark->lowlink = next_index++;
      mark->on_stack = TRUE;
      mark->component = -1;
      g_hash_table_insert (marks, root, mark);
      g_ptr_array_add (stack, root);
      g_array_append_val (frames, first);

      while (frames->len > 0)
        {
          Frame *frame = &g_array_index (frames, Frame, frames->len - 1);
          GPtrArray *node_links = evb_node_get_links (frame->node);
          Mark *here = g_hash_table_lookup (marks, frame->node);

          if (frame->next_link < node_links->len)
            {
              EvbLink *link = g_ptr_array_index (node_links, frame->next_link++);
              EvbNode *to = claim_target (board, frame->node, link);
              Mark *there;

              if (to == NULL)
                continue;
              there = g_hash_table_lookup (marks, to);
              if (there == NULL)
                {
                  Frame next = { to, 0 };

                  there = g_new0 (Mark, 1);
                  there->index = there->lowlink = next_index++;
                  there->on_stack = TRUE;
                  there->component = -1;
                  g_hash_table_insert (marks, to, there);
                  g_ptr_array_add (stack, to);
                  g_array_append_val (frames, next);   /* frame is stale now */
                }
              else if (there->on_stack)
                here->lowlink = MIN (here->lowlink, there->index);
              continue;
            }

          /* Done with this node: close its component if it is a root. */
          if (here->lowlink == here->index)
            {
              EvbNode *member;

              do
                {
                  Mark *m;

                  member = g_ptr_array_steal_index (stack, stack->len - 1);
                  m = g_hash_table_lookup (marks, member);
                  m->on_stack = FALSE;
                  m->component = next_component;
                }
              while (member != frame->node);
              next_component++;
            }
          {
            EvbNode *done = frame->node;

            g_array_set_size (frames, frames->len - 1);
            if (frames->len > 0)
              {
                Frame *parent = &g_array_index (frames, Frame, frames->len - 1);
                Mark *up = g_hash_table_lookup (marks, parent->node);
                Mark *down = g_hash_table_lookup (marks, done);

                up->lowlink = MIN (up->lowlink, down->lowlink);
              }
          }
        }
    }

  for (guint i = 0; i < links->len; i++)
    {
      EvbLink *link = g_ptr_array_index (links, i);
      EvbNode *from = evb_board_get_node (board, evb_link_get_from (link));
      EvbNode *to = evb_board_get_node (board, evb_link_get_to (link));
      Mark *a, *b;

      if (!is_claim (from) || !is_claim (to))
        continue;
      a = g_hash_table_lookup (marks, from);
      b = g_hash_table_lookup (marks, to);
      if (a != NULL && b != NULL && a->component == b->component)
        g_hash_table_add (cut, link);
    }
  return cut;
}

static GHashTable *
get_cut (EvbAssessment *self)
{
  if (self->cut == NULL)
    self->cut = find_cut_links (self->board);
  return self->cut;
}

/* Evaluation */

static char *
source_key (const EvbNodeData *data)
{
  g_autofree char *trimmed = NULL;

  if (data->source == NULL)
    return g_strconcat ("item:", data->id, NULL);
  trimmed = g_strstrip (g_strdup (data->source));
  if (trimmed[0] == '\0')
    return g_strconcat ("item:", data->id, NULL);
  return g_utf8_casefold (trimmed, -1);
}

static int
compare_contributions (gconstpointer a,
                       gconstpointer b)
{
  const EvbContribution *ca = a, *cb = b;
  double wa = fabs (ca->weight), wb = fabs (cb->weight);

  if (ca->cut != cb->cut)
    return ca->cut ? 1 : -1;
  return wa > wb ? -1 : wa < wb ? 1 : 0;
}

static EvbConfidence
judge_confidence (guint  n_sources,
                  double quality,
                  double for_,
                  double against)
{
  double conflict = MAX (for_, against) > 0 ? MIN (for_, against) / MAX (for_, against) : 0;

  if (n_sources >= 3 && quality >= 0.5 && conflict <= 0.25)
    return EVB_CONFIDENCE_HIGH;
  if (n_sources >= 2 && quality >= 0.3 && conflict <= 0.5)
    return EVB_CONFIDENCE_MODERATE;
  return EVB_CONFIDENCE_LOW;
}

/* Assesses claim, whose upstream claims are in the cache already. */
static EvbClaimAssessment *
assess_claim (EvbAssessment *self,
              EvbNode       *claim)
{
  EvbClaimAssessment *a = g_new0 (EvbClaimAssessment, 1);
  g_autoptr(GHashTable) sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTable *cut = get_cut (self);
  GPtrArray *links = evb_node_get_links (claim);
  const char *id = evb_node_get_id (claim);
  double sum = 0, quality = 0, for_ = 0, against = 0, best = -1;
  guint n_quality = 0;

  a->claim_id = g_strdup (id);
  a->contributions = g_array_new (FALSE, FALSE, sizeof (EvbContribution));
  g_array_set_clear_func (a->contributions, clear_contribution);

  for (guint i = 0; i < links->len; i++)
    {
      EvbLink *link = g_ptr_array_index (links, i);
      EvbNode *from;
      EvbContribution c = { 0 };
      double sign, q;

      if (!g_str_equal (evb_link_get_to (link), id))
        continue;
      from = evb_board_get_node (self->board, evb_link_get_from (link));
      if (from == NULL)
        continue;
      sign = evb_link_get_relation (link) == EVB_RELATION_SUPPORTS ? 1 : -1;
      c.node_id = g_strdup (evb_node_get_id (from));
      c.link_id = g_strdup (evb_link_get_id (link));
      c.relation = evb_link_get_relation (link);

      if (g_hash_table_contains (cut, link))
        c.cut = TRUE;
      else if (is_claim (from))
        {
          const EvbClaimAssessment *upstream = g_hash_table_lookup (self->cache, c.node_id);

          g_assert (upstream != NULL);
          if (upstream->assessed)
            {
              q = MAX (0, 2 * upstream->probability - 1);
              c.weight = sign * evb_assessment_strength_weight (evb_link_get_strength (link)) *
                         CLAIM_DAMPING * q;
              g_hash_table_add (sources, g_strconcat ("claim:", c.node_id, NULL));
              quality += q;
              n_quality++;
              a->assessed = TRUE;
            }
        }
      else
        {
          const EvbNodeData *data = evb_node_get_data (from);

          q = evb_assessment_reliability_weight (data->reliability) *
              evb_assessment_credibility_weight (data->credibility);
          c.weight = sign * evb_assessment_strength_weight (evb_link_get_strength (link)) * q;
          g_hash_table_add (sources, source_key (data));
          quality += q;
          n_quality++;
          a->assessed = TRUE;
        }

      sum += c.weight;
      if (c.weight > 0)
        for_ += c.weight;
      else
        against -= c.weight;
      g_array_append_val (a->contributions, c);
    }

  a->probability = sigmoid (sum);
  a->likelihood = evb_likelihood_from_probability (a->probability);
  a->n_sources = g_hash_table_size (sources);
  a->confidence = judge_confidence (a->n_sources, n_quality > 0 ? quality / n_quality : 0,
                                    for_, against);
  a->probability_without = a->probability;

  /* The linchpin, before sorting: on a tie the link added first wins. */
  for (guint i = 0; a->assessed && i < a->contributions->len; i++)
    {
      EvbContribution *c = &g_array_index (a->contributions, EvbContribution, i);
      double without = sigmoid (sum - c->weight);

      if (c->weight != 0 && fabs (a->probability - without) > best)
        {
          best = fabs (a->probability - without);
          g_free (a->linchpin_id);
          a->linchpin_id = g_strdup (c->node_id);
          a->probability_without = without;
        }
    }
  /* GLib's sort is stable (since 2.32): ties keep the links' order. */
  g_array_sort (a->contributions, compare_contributions);
  return a;
}

/* Assesses claim and, first, every claim upstream of it that is not in
 * the cache, without recursion (a chain of claims may be long). */
static const EvbClaimAssessment *
ensure (EvbAssessment *self,
        EvbNode       *claim)
{
  g_autoptr(GArray) frames = NULL;
  GHashTable *cut;
  EvbClaimAssessment *done = g_hash_table_lookup (self->cache, evb_node_get_id (claim));

  if (done != NULL)
    return done;

  cut = get_cut (self);
  frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  {
    Frame first = { claim, 0 };
    g_array_append_val (frames, first);
  }
  while (frames->len > 0)
    {
      Frame *frame = &g_array_index (frames, Frame, frames->len - 1);
      GPtrArray *links = evb_node_get_links (frame->node);
      const char *id = evb_node_get_id (frame->node);

      if (frame->next_link < links->len)
        {
          EvbLink *link = g_ptr_array_index (links, frame->next_link++);
          EvbNode *from;

          if (!g_str_equal (evb_link_get_to (link), id) || g_hash_table_contains (cut, link))
            continue;
          from = evb_board_get_node (self->board, evb_link_get_from (link));
          /* Uncut links between claims form no cycle: no frame repeats. */
          if (is_claim (from) && !g_hash_table_contains (self->cache, evb_node_get_id (from)))
            {
              Frame next = { from, 0 };

              g_array_append_val (frames, next);
            }
          continue;
        }
      done = assess_claim (self, frame->node);
      g_hash_table_replace (self->cache, done->claim_id, done);
      g_array_set_size (frames, frames->len - 1);
    }
  return done;
}

/* Invalidation */

static void
forget_all (EvbAssessment *self)
{
  g_hash_table_remove_all (self->cache);
  g_clear_pointer (&self->cut, g_hash_table_unref);
  g_signal_emit (self, signals[CHANGED], 0, NULL);
}

/* Forgets claim and every claim downstream of it. */
static void
forget_from (EvbAssessment *self,
             EvbNode       *claim)
{
  g_autoptr(GPtrArray) queue = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  g_ptr_array_add (queue, claim);
  g_hash_table_add (seen, claim);
  for (guint i = 0; i < queue->len; i++)
    {
      EvbNode *node = g_ptr_array_index (queue, i);
      GPtrArray *links = evb_node_get_links (node);

      if (g_hash_table_remove (self->cache, evb_node_get_id (node)))
        g_signal_emit (self, signals[CHANGED], 0, evb_node_get_id (node));
      for (guint j = 0; j < links->len; j++)
        {
          EvbNode *to = claim_target (self->board, node, g_ptr_array_index (links, j));

          if (to != NULL && !g_hash_table_contains (seen, to))
            {
              g_hash_table_add (seen, to);
              g_ptr_array_add (queue, to);
            }
        }
    }
}

static void
link_touched_cb (EvbAssessment *self,
                 EvbLink       *link)
{
  EvbNode *from = evb_board_get_node (self->board, evb_link_get_from (link));
  EvbNode *to = evb_board_get_node (self->board, evb_link_get_to (link));

  if (is_claim (from) && is_claim (to))
    forget_all (self);   /* may open or close a cycle */
  else if (is_claim (to))
    forget_from (self, to);
}

static void
node_changed_cb (EvbAssessment *self,
                 EvbNode       *node)
{
  const char *id = evb_node_get_id (node);
  GPtrArray *links;

  /* A claim that became evidence or the other way round changes the
   * claims' graph. */
  if (is_claim (node) != g_hash_table_contains (self->claims, id))
    {
      if (is_claim (node))
        g_hash_table_add (self->claims, g_strdup (id));
      else
        g_hash_table_remove (self->claims, id);
      forget_all (self);
      return;
    }

  /* Its grades or source may have changed: what it bears on. */
  links = evb_node_get_links (node);
  for (guint i = 0; i < links->len; i++)
    {
      EvbNode *to = claim_target (self->board, node, g_ptr_array_index (links, i));

      if (to != NULL)
        forget_from (self, to);
    }
}

static void
node_added_cb (EvbAssessment *self,
               EvbNode       *node)
{
  if (is_claim (node))
    g_hash_table_add (self->claims, g_strdup (evb_node_get_id (node)));
}

static void
node_removed_cb (EvbAssessment *self,
                 EvbNode       *node)
{
  /* Its links went first, each forgetting what it bore on. */
  g_hash_table_remove (self->claims, evb_node_get_id (node));
  if (g_hash_table_remove (self->cache, evb_node_get_id (node)))
    g_signal_emit (self, signals[CHANGED], 0, evb_node_get_id (node));
}

static void
evb_assessment_dispose (GObject *object)
{
  EvbAssessment *self = EVB_ASSESSMENT (object);

  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  g_clear_object (&self->board);

  G_OBJECT_CLASS (evb_assessment_parent_class)->dispose (object);
}

static void
evb_assessment_finalize (GObject *object)
{
  EvbAssessment *self = EVB_ASSESSMENT (object);

  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->claims, g_hash_table_unref);
  g_clear_pointer (&self->cut, g_hash_table_unref);

  G_OBJECT_CLASS (evb_assessment_parent_class)->finalize (object);
}

static void
evb_assessment_class_init (EvbAssessmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = evb_assessment_dispose;
  object_class->finalize = evb_assessment_finalize;

  /* The claim (id) whose assessment is out of date, or NULL for all. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
evb_assessment_init (EvbAssessment *self)
{
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) claim_assessment_free);
  self->claims = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

EvbAssessment *
evb_assessment_new (EvbBoard *board)
{
  EvbAssessment *self;
  GPtrArray *nodes;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  self = g_object_new (EVB_TYPE_ASSESSMENT, NULL);
  self->board = g_object_ref (board);
  nodes = evb_board_get_nodes (board);
  for (guint i = 0; i < nodes->len; i++)
    node_added_cb (self, g_ptr_array_index (nodes, i));

  g_signal_connect_object (board, "node-added", G_CALLBACK (node_added_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (board, "node-removed", G_CALLBACK (node_removed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (board, "node-changed", G_CALLBACK (node_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (board, "link-added", G_CALLBACK (link_touched_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (board, "link-removed", G_CALLBACK (link_touched_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (board, "link-changed", G_CALLBACK (link_touched_cb), self, G_CONNECT_SWAPPED);
  return self;
}

const EvbClaimAssessment *
evb_assessment_get (EvbAssessment *self,
                    const char    *claim_id)
{
  EvbNode *node;

  g_return_val_if_fail (EVB_IS_ASSESSMENT (self), NULL);
  g_return_val_if_fail (claim_id != NULL, NULL);

  node = evb_board_get_node (self->board, claim_id);
  if (!is_claim (node))
    return NULL;
  return ensure (self, node);
}

/* "Strong support", "Weak refutation", … */
static const char *
strength_and_relation (EvbStrength strength,
                       EvbRelation relation)
{
  gboolean supports = relation == EVB_RELATION_SUPPORTS;

  /* Translators: how strongly a link bears on a claim, the start of e.g.
   * "Strong support from an item graded B2" */
  switch (strength)
    {
    case EVB_STRENGTH_WEAK: return supports ? _("Weak support") : _("Weak refutation");
    case EVB_STRENGTH_STRONG: return supports ? _("Strong support") : _("Strong refutation");
    case EVB_STRENGTH_MODERATE:
    default: return supports ? _("Moderate support") : _("Moderate refutation");
    }
}

char *
evb_contribution_describe (EvbAssessment         *self,
                           const EvbContribution *contribution)
{
  EvbLink *link;
  EvbNode *node;
  const EvbNodeData *data;
  const char *what;

  g_return_val_if_fail (EVB_IS_ASSESSMENT (self), NULL);
  g_return_val_if_fail (contribution != NULL, NULL);

  link = evb_board_get_link (self->board, contribution->link_id);
  node = evb_board_get_node (self->board, contribution->node_id);
  what = strength_and_relation (link != NULL ? evb_link_get_strength (link) : EVB_STRENGTH_MODERATE,
                                contribution->relation);
  if (node == NULL)
    return g_strdup (what);
  data = evb_node_get_data (node);

  if (is_claim (node))
    {
      const EvbClaimAssessment *a;

      if (contribution->cut)
        /* Translators: e.g. "Strong support from a claim, left out: …" */
        return g_strdup_printf (_("%s from a claim, left out: the claims it joins form a cycle"), what);
      a = evb_assessment_get (self, data->id);
      if (a == NULL || !a->assessed)
        /* Translators: e.g. "Moderate support from a claim not assessed" */
        return g_strdup_printf (_("%s from a claim not assessed"), what);
      /* Translators: a link from a claim, with that claim's likelihood in
       * ICD 203's words, e.g. "Moderate support from a claim judged likely (72 %)" */
      return g_strdup_printf (_("%s from a claim judged %s (%d %%)"), what,
                              evb_likelihood_get_label (a->likelihood), (int) round (a->probability * 100));
    }

  if (data->reliability == '\0' && data->credibility == 0)
    /* Translators: e.g. "Weak support from an ungraded item" */
    return g_strdup_printf (_("%s from an ungraded item"), what);
  {
    g_autofree char *grade = g_strdup_printf ("%s%s",
                                              data->reliability != '\0' ? (char[]) { data->reliability, '\0' } : "",
                                              data->credibility != 0 ? (char[]) { (char) ('0' + data->credibility), '\0' } : "");

    /* Translators: an item's grade is its source's reliability (A–F) and
     * its credibility (1–6), e.g. "Strong support from an item graded B2" */
    return g_strdup_printf (_("%s from an item graded %s"), what, grade);
  }
}

char *
evb_contribution_describe_weight (const EvbContribution *contribution)
{
  double ratio;
  g_autofree char *times = NULL;

  g_return_val_if_fail (contribution != NULL, NULL);

  if (contribution->cut || fabs (contribution->weight) < 0.005)
    return g_strdup (_("0 log-odds: moves nothing"));
  ratio = exp (fabs (contribution->weight));
  times = g_strdup_printf (ratio < 1.95 ? "%.2f" : "%.1f", ratio);
  if (contribution->weight > 0)
    /* Translators: a link's weight, added to a claim's log-odds, and what
     * it does to the claim's odds, e.g. "+1.77 log-odds: multiplies the odds by 5.9" */
    return g_strdup_printf (_("+%.2f log-odds: multiplies the odds by %s"), contribution->weight, times);
  /* Translators: as "+1.77 log-odds: multiplies the odds by 5.9", for a
   * link that lowers a claim; the sign is a minus sign */
  return g_strdup_printf (_("−%.2f log-odds: divides the odds by %s"), -contribution->weight, times);
}

void
evb_assessment_invalidate_all (EvbAssessment *self)
{
  g_return_if_fail (EVB_IS_ASSESSMENT (self));
  forget_all (self);
}
