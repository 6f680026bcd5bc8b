/* test-layout.c: automatic layout, pinned cards and cards without a place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gstdio.h>

#include "evb-board.h"
#include "evb-editing.h"
#include "evb-error.h"
#include "evb-json-private.h"
#include "evb-json.h"
#include "evb-layout.h"
#include "evb-store.h"

/* A link's note at its largest, as the renderer draws it. */
#define NOTE_WIDTH 184.0
#define NOTE_HEIGHT 36.0
/* The rows alone left 79 to 133 lines through cards on each board of
 * test_layered_shared(). */
#define SHARED_MAX_CROSSINGS 25

/* The i-th card of a generated board (the first n_claims are claims), piled
 * up in a small corner, its size varied when vary_size is set. */
static EvbNodeData *
new_piled_card (guint    i,
                guint    n_claims,
                GRand   *rand,
                gboolean vary_size)
{
  gboolean claim = i < n_claims;
  EvbNodeData *data = evb_node_data_new (claim ? EVB_NODE_KIND_CLAIM : EVB_NODE_KIND_EVIDENCE);

  data->id = g_strdup_printf ("%s%u", claim ? "c" : "e", claim ? i : i - n_claims);
  evb_node_data_set_string (&data->title, data->id);
  data->x = g_rand_int_range (rand, 0, 400);
  data->y = g_rand_int_range (rand, 0, 400);
  if (vary_size)
    {
      data->width += g_rand_int_range (rand, -40, 80);
      data->height += g_rand_int_range (rand, -20, 60);
    }
  return data;
}

/* A board like a real one, the same for the same seed: claims, some of
 * them bearing on earlier claims, and evidence bearing on one to three
 * claims each, all piled up in a small corner with card sizes that vary. */
static EvbBoard *
make_board (guint   n_claims,
            guint   n_evidence,
            guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  EvbBoard *board = evb_board_new ("Layout");

  for (guint i = 0; i < n_claims + n_evidence; i++)
    {
      g_autoptr(EvbNodeData) data = new_piled_card (i, n_claims, rand, TRUE);
      g_autoptr(GError) error = NULL;

      evb_board_add_node (board, data, &error);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < n_claims + n_evidence; i++)
    {
      gboolean claim = i < n_claims;
      g_autofree char *from = g_strdup_printf ("%s%u", claim ? "c" : "e",
                                               claim ? i : i - n_claims);
      guint n_links = claim ? (i > 0 && g_rand_boolean (rand) ? 1 : 0)
                            : (guint) g_rand_int_range (rand, 1, 4);

      for (guint k = 0; k < n_links; k++)
        {
          /* A claim bears only on earlier claims, so links never go round. */
          g_autofree char *to = g_strdup_printf ("c%d", g_rand_int_range (rand, 0, claim ? i
                                                                               : n_claims));
          g_autoptr(EvbLinkData) link = NULL;
          g_autoptr(GError) error = NULL;

          if (evb_board_find_link (board, from, to) != NULL)
            continue;
          link = evb_link_data_new (from, to, g_rand_boolean (rand) ? EVB_RELATION_SUPPORTS
                                                                   : EVB_RELATION_REFUTES);
          evb_board_add_link (board, link, &error);
          g_assert_no_error (error);
        }
    }
  return board;
}

static void
apply (EvbBoard *board,
       GArray   *positions)
{
  for (guint i = 0; i < positions->len; i++)
    {
      const EvbLayoutPosition *p = &g_array_index (positions, EvbLayoutPosition, i);
      g_autoptr(GError) error = NULL;

      g_assert_true (evb_board_move_node (board, p->id, p->x, p->y, &error));
      g_assert_no_error (error);
    }
}

static void
assert_no_overlaps (EvbBoard *board)
{
  GPtrArray *nodes = evb_board_get_nodes (board);

  for (guint i = 0; i < nodes->len; i++)
    for (guint j = i + 1; j < nodes->len; j++)
      {
        const EvbNodeData *a = evb_node_get_data (g_ptr_array_index (nodes, i));
        const EvbNodeData *b = evb_node_get_data (g_ptr_array_index (nodes, j));

        if (a->x < b->x + b->width && b->x < a->x + a->width &&
            a->y < b->y + b->height && b->y < a->y + a->height)
          g_error ("%s (%g, %g, %g×%g) overlaps %s (%g, %g, %g×%g)", a->id, a->x, a->y,
                   a->width, a->height, b->id, b->x, b->y, b->width, b->height);
      }
}

/* Every link's start (the evidence, or a claim bearing on another) lies
 * wholly below its end. */
static void
assert_links_point_up (EvbBoard *board)
{
  GPtrArray *links = evb_board_get_links (board);

  for (guint i = 0; i < links->len; i++)
    {
      const EvbLinkData *link = evb_link_get_data (g_ptr_array_index (links, i));
      const EvbNodeData *from = evb_node_get_data (evb_board_get_node (board, link->from));
      const EvbNodeData *to = evb_node_get_data (evb_board_get_node (board, link->to));

      if (from->y < to->y + to->height)
        g_error ("%s (y %g) is not below %s (y %g, height %g)", from->id, from->y, to->id,
                 to->y, to->height);
    }
}

static GHashTable *
positions_of (EvbBoard *board)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *nodes = evb_board_get_nodes (board);

  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *data = evb_node_get_data (g_ptr_array_index (nodes, i));

      g_hash_table_insert (table, g_strdup (data->id),
                           g_strdup_printf ("%.17g,%.17g", data->x, data->y));
    }
  return table;
}

static void
assert_same_positions (GHashTable *a,
                       GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (a), ==, g_hash_table_size (b));
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpstr (value, ==, g_hash_table_lookup (b, key));
}

static void
set_pinned (EvbBoard   *board,
            const char *id,
            double      x,
            double      y)
{
  g_autoptr(EvbNodeData) data = evb_node_dup_data (evb_board_get_node (board, id));
  g_autoptr(GError) error = NULL;

  data->pinned = TRUE;
  data->x = x;
  data->y = y;
  g_assert_true (evb_board_update_node (board, data, &error));
  g_assert_no_error (error);
}

static void
test_layered (void)
{
  for (guint32 seed = 1; seed <= 5; seed++)
    {
      g_autoptr(EvbBoard) board = make_board (12, 60, seed);
      g_autoptr(GArray) positions = NULL;
      g_autoptr(GError) error = NULL;

      positions = evb_layout_compute (board, EVB_LAYOUT_LAYERED, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (positions->len, ==, 72);
      apply (board, positions);
      assert_no_overlaps (board);
      assert_links_point_up (board);
    }
}

static void
test_force (void)
{
  for (guint32 seed = 1; seed <= 3; seed++)
    {
      g_autoptr(EvbBoard) board = make_board (10, 50, seed);
      g_autoptr(GArray) positions = NULL;
      g_autoptr(GError) error = NULL;

      positions = evb_layout_compute (board, EVB_LAYOUT_FORCE, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (positions->len, ==, 60);
      apply (board, positions);
      assert_no_overlaps (board);
    }
}

/* Whether the straight line from (x0, y0) to (x1, y1) passes through the
 * box, its edges left out (Liang and Barsky's clipping). */
static gboolean
line_crosses_box (double x0, double y0, double x1, double y1,
                  double bx, double by, double bw, double bh)
{
  const double p[] = { -(x1 - x0), x1 - x0, -(y1 - y0), y1 - y0 };
  const double q[] = { x0 - bx, bx + bw - x0, y0 - by, by + bh - y0 };
  double enter = 0, leave = 1;

  for (guint i = 0; i < 4; i++)
    {
      if (p[i] == 0)
        {
          if (q[i] <= 0)
            return FALSE;
          continue;
        }
      if (p[i] < 0)
        enter = MAX (enter, q[i] / p[i]);
      else
        leave = MIN (leave, q[i] / p[i]);
    }
  return enter < leave;
}

/* A claim and @n_evidence pieces of evidence bearing on it, piled up. */
static EvbBoard *
make_claim_board (guint n_evidence)
{
  EvbBoard *board = evb_board_new ("Residence");

  for (guint i = 0; i <= n_evidence; i++)
    {
      g_autoptr(EvbNodeData) data = evb_node_data_new (i == 0 ? EVB_NODE_KIND_CLAIM
                                                              : EVB_NODE_KIND_EVIDENCE);
      g_autoptr(GError) error = NULL;

      data->id = g_strdup_printf ("n%u", i);
      evb_node_data_set_string (&data->title, data->id);
      g_assert_nonnull (evb_board_add_node (board, data, &error));
      g_assert_no_error (error);
      if (i > 0)
        {
          g_autoptr(EvbLinkData) link = evb_link_data_new (data->id, "n0", i % 2 ? EVB_RELATION_SUPPORTS
                                                                                : EVB_RELATION_REFUTES);

          g_assert_nonnull (evb_board_add_link (board, link, &error));
          g_assert_no_error (error);
        }
    }
  return board;
}

static void
bounds_of (EvbBoard *board,
           double   *width,
           double   *height)
{
  GPtrArray *nodes = evb_board_get_nodes (board);
  double x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = -G_MAXDOUBLE, y2 = -G_MAXDOUBLE;

  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *d = evb_node_get_data (g_ptr_array_index (nodes, i));

      x1 = MIN (x1, d->x);
      y1 = MIN (y1, d->y);
      x2 = MAX (x2, d->x + d->width);
      y2 = MAX (y2, d->y + d->height);
    }
  *width = x2 - x1;
  *height = y2 - y1;
}

/* A claim and the pieces of evidence bearing on it, as an investigator's
 * board has them: no link runs through another card and reads as if it
 * bore on that card instead, neither with a few pieces side by side under
 * the claim nor with so many that one row cannot hold them. */
static void
test_layered_links_clear (void)
{
  for (guint n_evidence = 1; n_evidence <= 14; n_evidence++)
    {
      g_autoptr(EvbBoard) board = make_claim_board (n_evidence);
      g_autoptr(GArray) positions = NULL;
      g_autoptr(GError) error = NULL;
      GPtrArray *links, *nodes;

      positions = evb_layout_compute (board, EVB_LAYOUT_LAYERED, NULL, &error);
      g_assert_no_error (error);
      apply (board, positions);
      assert_no_overlaps (board);
      assert_links_point_up (board);

      links = evb_board_get_links (board);
      nodes = evb_board_get_nodes (board);
      for (guint i = 0; i < links->len; i++)
        {
          const EvbLinkData *link = evb_link_get_data (g_ptr_array_index (links, i));
          const EvbNodeData *from = evb_node_get_data (evb_board_get_node (board, link->from));
          const EvbNodeData *to = evb_node_get_data (evb_board_get_node (board, link->to));
          double x0 = from->x + from->width / 2, y0 = from->y + from->height / 2;
          double x1 = to->x + to->width / 2, y1 = to->y + to->height / 2;

          for (guint k = 0; k < nodes->len; k++)
            {
              const EvbNodeData *other = evb_node_get_data (g_ptr_array_index (nodes, k));

              if (other == from || other == to)
                continue;
              if (line_crosses_box (x0, y0, x1, y1, other->x, other->y, other->width, other->height))
                g_error ("with %u pieces of evidence, the link from %s to %s runs through %s",
                         n_evidence, from->id, to->id, other->id);
            }
        }
    }
}

/* How many times a link's straight line runs through a card that is
 * neither of its ends (it reads as if it bore on that card), and how many
 * notes, drawn at the middle of their line at their largest, lie on a
 * card. */
static guint
count_crossings (EvbBoard *board,
                 guint    *notes_on_cards)
{
  GPtrArray *links = evb_board_get_links (board);
  GPtrArray *nodes = evb_board_get_nodes (board);
  guint crossings = 0;

  *notes_on_cards = 0;
  for (guint i = 0; i < links->len; i++)
    {
      const EvbLinkData *link = evb_link_get_data (g_ptr_array_index (links, i));
      const EvbNodeData *from = evb_node_get_data (evb_board_get_node (board, link->from));
      const EvbNodeData *to = evb_node_get_data (evb_board_get_node (board, link->to));
      double x0 = from->x + from->width / 2, y0 = from->y + from->height / 2;
      double x1 = to->x + to->width / 2, y1 = to->y + to->height / 2;
      /* The line between the cards' edges: from a card's middle, the
       * smaller share of the way that reaches its side or its top. */
      double t0 = MIN (fabs (x1 - x0) > 0 ? from->width / 2 / fabs (x1 - x0) : G_MAXDOUBLE,
                       fabs (y1 - y0) > 0 ? from->height / 2 / fabs (y1 - y0) : G_MAXDOUBLE);
      double t1 = MIN (fabs (x1 - x0) > 0 ? to->width / 2 / fabs (x1 - x0) : G_MAXDOUBLE,
                       fabs (y1 - y0) > 0 ? to->height / 2 / fabs (y1 - y0) : G_MAXDOUBLE);
      double mx = (x0 + (x1 - x0) * t0 + x1 - (x1 - x0) * t1) / 2;
      double my = (y0 + (y1 - y0) * t0 + y1 - (y1 - y0) * t1) / 2;
      gboolean note = link->note != NULL && *link->note != '\0', note_on_card = FALSE;

      for (guint k = 0; k < nodes->len; k++)
        {
          const EvbNodeData *other = evb_node_get_data (g_ptr_array_index (nodes, k));

          if (note && other->x < mx + NOTE_WIDTH / 2 && mx - NOTE_WIDTH / 2 < other->x + other->width &&
              other->y < my + NOTE_HEIGHT / 2 && my - NOTE_HEIGHT / 2 < other->y + other->height)
            note_on_card = TRUE;
          if (other == from || other == to)
            continue;
          if (line_crosses_box (x0, y0, x1, y1, other->x, other->y, other->width, other->height))
            crossings++;
        }
      *notes_on_cards += note_on_card;
    }
  return crossings;
}

/* @n_claims claims and @n_evidence pieces of evidence piled up, each piece
 * bearing on one to @share claims (supporting some, refuting others), half
 * of the links with a note: what an investigation looks like. */
static EvbBoard *
make_shared_board (guint   n_claims,
                   guint   n_evidence,
                   guint   share,
                   guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  EvbBoard *board = evb_board_new ("Shared");

  for (guint i = 0; i < n_claims + n_evidence; i++)
    {
      gboolean claim = i < n_claims;
      g_autoptr(EvbNodeData) data = new_piled_card (i, n_claims, rand, FALSE);
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (evb_board_add_node (board, data, &error));
      g_assert_no_error (error);
      if (claim)
        continue;

      for (guint k = g_rand_int_range (rand, 1, share + 1); k > 0; k--)
        {
          g_autofree char *to = g_strdup_printf ("c%d", g_rand_int_range (rand, 0, n_claims));
          g_autoptr(EvbLinkData) link = NULL;

          if (evb_board_find_link (board, data->id, to) != NULL)
            continue;
          link = evb_link_data_new (data->id, to, g_rand_boolean (rand) ? EVB_RELATION_SUPPORTS
                                                                       : EVB_RELATION_REFUTES);
          if (g_rand_boolean (rand))
            link->note = g_strdup ("Says so in passing");
          g_assert_nonnull (evb_board_add_link (board, link, &error));
          g_assert_no_error (error);
        }
    }
  return board;
}

static void
lay_out (EvbBoard *board)
{
  g_autoptr(GArray) positions = NULL;
  g_autoptr(GError) error = NULL;

  positions = evb_layout_compute (board, EVB_LAYOUT_LAYERED, NULL, &error);
  g_assert_no_error (error);
  apply (board, positions);
  assert_no_overlaps (board);
  assert_links_point_up (board);
}

/* The sample investigation: seven claims and seventeen pieces of evidence,
 * most of them bearing on several claims. The rows alone left 71 lines
 * running through cards and 9 notes on cards, 1,570 by 1,774 units; it
 * must still fit a 16:9 window at about the same zoom. */
static void
test_layered_shared_sample (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("EVB_SOURCE_ROOT"), "data", "samples",
                                            "dolgiye-borody.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoard) board = evb_json_read_board_file (path, &error);
  guint crossings, notes;
  double width, height;

  g_assert_no_error (error);
  lay_out (board);
  crossings = count_crossings (board, &notes);
  bounds_of (board, &width, &height);
  g_test_message ("sample: %u lines through cards, %u notes on cards, %g by %g",
                  crossings, notes, width, height);
  g_assert_cmpuint (crossings, <, 10);
  g_assert_cmpuint (notes, <=, 1);
  g_assert_cmpfloat (MAX (width / 16, height / 9), <=, 1.1 * MAX (1570.0 / 16, 1774.0 / 9));
}

/* Evidence shared between two, three or four claims, as investigations
 * have it: few lines through cards and notes on cards, and the board not
 * much wider (the rows alone were up to 1,840 units wide, as tall). */
static void
test_layered_shared (void)
{
  for (guint share = 2; share <= 4; share++)
    for (guint32 seed = 1; seed <= 6; seed++)
      {
        g_autoptr(EvbBoard) board = make_shared_board (6, 24, share, seed);
        guint crossings, notes;
        double width, height;

        lay_out (board);
        crossings = count_crossings (board, &notes);
        bounds_of (board, &width, &height);
        g_test_message ("shared by up to %u, seed %u: %u lines through cards, %u notes on cards, "
                        "%g by %g", share, seed, crossings, notes, width, height);
        g_assert_cmpuint (crossings, <=, SHARED_MAX_CROSSINGS);
        g_assert_cmpuint (notes, <=, 2);
        g_assert_cmpfloat (width, <=, 10 * (EVB_NODE_DEFAULT_WIDTH + EVB_LAYOUT_GAP_X));
      }
}

/* Links clear of the cards, yet the evidence still fits a screen: rows of
 * four were about 1,100 units wide for 13 pieces of evidence (four cards
 * and three gaps), and moving wrapped cards sideways until their links
 * were clear spread them over about 9,500. */
static void
test_layered_compact (void)
{
  const double row_of_four = 4 * EVB_NODE_DEFAULT_WIDTH + 3 * EVB_LAYOUT_GAP_X;

  for (guint n_evidence = 5; n_evidence <= 14; n_evidence++)
    {
      g_autoptr(EvbBoard) board = make_claim_board (n_evidence);
      g_autoptr(GArray) positions = NULL;
      g_autoptr(GError) error = NULL;
      double width, height;

      positions = evb_layout_compute (board, EVB_LAYOUT_LAYERED, NULL, &error);
      g_assert_no_error (error);
      apply (board, positions);
      bounds_of (board, &width, &height);
      if (n_evidence <= 13)
        g_assert_cmpfloat (width, <=, 1.5 * row_of_four + EVB_LAYOUT_GAP_X);
      else
        g_assert_cmpfloat (width, <=, 1.7 * row_of_four);
      /* No taller than two rows more than rows of four. */
      g_assert_cmpfloat (height, <=, EVB_CLAIM_DEFAULT_HEIGHT +
                         ((n_evidence + 3) / 4 + 2) * (EVB_NODE_DEFAULT_HEIGHT + EVB_LAYOUT_GAP_Y));
    }
}

/* A pinned card where the bowl would go stays there, and the evidence
 * goes around it without overlapping it. */
static void
test_layered_bowl_pinned (void)
{
  g_autoptr(EvbBoard) board = make_claim_board (13);
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  g_autoptr(GArray) positions = NULL;
  g_autoptr(GError) error = NULL;
  double x, y;

  data->id = g_strdup ("pinned");
  evb_node_data_set_string (&data->title, data->id);
  g_assert_nonnull (evb_board_add_node (board, data, &error));
  g_assert_no_error (error);
  /* Under the claim, four rows down: in the middle of a bowl. */
  set_pinned (board, "pinned", 0, 900);

  positions = evb_layout_compute (board, EVB_LAYOUT_LAYERED, NULL, &error);
  g_assert_no_error (error);
  apply (board, positions);
  evb_node_get_bounds (evb_board_get_node (board, "pinned"), &x, &y, NULL, NULL);
  g_assert_cmpfloat (x, ==, 0);
  g_assert_cmpfloat (y, ==, 900);
  assert_no_overlaps (board);
  assert_links_point_up (board);
}

/* The same board gives the same places, whoever asks and however often. */
static void
test_deterministic (void)
{
  for (EvbLayoutMethod method = EVB_LAYOUT_LAYERED; method <= EVB_LAYOUT_FORCE; method++)
    {
      g_autoptr(EvbBoard) a = make_board (8, 40, 7);
      g_autoptr(EvbBoard) b = make_board (8, 40, 7);
      g_autoptr(GArray) first = NULL;
      g_autoptr(GArray) other = NULL;
      g_autoptr(GHashTable) pa = NULL;
      g_autoptr(GHashTable) pb = NULL;

      /* Another layout in between must not change the next one. */
      first = evb_layout_compute (a, method, NULL, NULL);
      other = evb_layout_compute (b, method == EVB_LAYOUT_LAYERED ? EVB_LAYOUT_FORCE
                                                                 : EVB_LAYOUT_LAYERED, NULL, NULL);
      g_clear_pointer (&other, g_array_unref);
      other = evb_layout_compute (b, method, NULL, NULL);
      apply (a, first);
      apply (b, other);
      pa = positions_of (a);
      pb = positions_of (b);
      assert_same_positions (pa, pb);
    }
}

/* Pinned cards stay; the rest go around them without touching them. */
static void
test_pinned (void)
{
  for (EvbLayoutMethod method = EVB_LAYOUT_LAYERED; method <= EVB_LAYOUT_FORCE; method++)
    {
      g_autoptr(EvbBoard) board = make_board (10, 40, 3);
      g_autoptr(GArray) positions = NULL;
      g_autoptr(GError) error = NULL;
      double x, y;

      /* Right where the layout would put cards. */
      set_pinned (board, "c3", 5, 3);
      set_pinned (board, "e7", 300, 260);
      set_pinned (board, "e8", 900, 500);

      positions = evb_layout_compute (board, method, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (positions->len, ==, 47);
      for (guint i = 0; i < positions->len; i++)
        {
          const char *id = g_array_index (positions, EvbLayoutPosition, i).id;

          g_assert_true (g_strcmp0 (id, "c3") != 0 && g_strcmp0 (id, "e7") != 0 &&
                         g_strcmp0 (id, "e8") != 0);
        }
      apply (board, positions);
      evb_node_get_bounds (evb_board_get_node (board, "e7"), &x, &y, NULL, NULL);
      g_assert_cmpfloat (x, ==, 300);
      g_assert_cmpfloat (y, ==, 260);
      assert_no_overlaps (board);
    }
}

/* Laying out a selection leaves the other cards where they are. */
static void
test_selection (void)
{
  g_autoptr(EvbBoard) board = make_board (6, 30, 11);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GArray) positions = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *nodes;

  /* Spread the others out first, so they do not overlap each other. */
  positions = evb_layout_compute (board, EVB_LAYOUT_LAYERED, NULL, NULL);
  apply (board, positions);
  g_clear_pointer (&positions, g_array_unref);
  before = positions_of (board);

  for (guint i = 0; i < 10; i++)
    g_ptr_array_add (ids, g_strdup_printf ("e%u", i));
  g_ptr_array_add (ids, g_strdup ("no-such-card"));
  positions = evb_layout_compute (board, EVB_LAYOUT_FORCE, ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (positions->len, ==, 10);
  apply (board, positions);
  assert_no_overlaps (board);

  nodes = evb_board_get_nodes (board);
  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *data = evb_node_get_data (g_ptr_array_index (nodes, i));
      g_autofree char *now = g_strdup_printf ("%.17g,%.17g", data->x, data->y);

      if (data->kind == EVB_NODE_KIND_EVIDENCE && atoi (data->id + 1) < 10)
        continue;
      g_assert_cmpstr (now, ==, g_hash_table_lookup (before, data->id));
    }
}

static void
test_empty (void)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Empty");
  g_autoptr(GArray) positions = evb_layout_compute (board, EVB_LAYOUT_FORCE, NULL, NULL);

  g_assert_nonnull (positions);
  g_assert_cmpuint (positions->len, ==, 0);
}

/* Tidy Up is one undo step, and undo puts every card back. */
static void
test_editing_one_step (void)
{
  g_autoptr(EvbBoard) board = make_board (5, 20, 5);
  g_autoptr(GHashTable) before = positions_of (board);
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GHashTable) undone = NULL;
  g_autoptr(GError) error = NULL;

  evb_board_clear_history (board);
  g_assert_true (evb_editing_layout (board, EVB_LAYOUT_LAYERED, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Tidy Up");
  assert_no_overlaps (board);
  after = positions_of (board);

  g_assert_true (evb_board_undo (board, &error));
  g_assert_false (evb_board_can_undo (board));
  undone = positions_of (board);
  assert_same_positions (before, undone);

  g_assert_true (evb_board_redo (board, &error));
  g_clear_pointer (&undone, g_hash_table_unref);
  undone = positions_of (board);
  assert_same_positions (after, undone);
}

/* Gliding: halfway is halfway, the end is the layout, all one undo step;
 * cancelled, nothing moved and nothing to undo. */
static void
test_glide (void)
{
  g_autoptr(EvbBoard) board = make_board (3, 10, 9);
  g_autoptr(GHashTable) before = positions_of (board);
  g_autoptr(GHashTable) undone = NULL;
  g_autoptr(GArray) positions = NULL;
  g_autoptr(GError) error = NULL;
  EvbEditingGlide *glide;
  const EvbLayoutPosition *p;
  double x0, y0, x, y;

  evb_board_clear_history (board);
  positions = evb_layout_compute (board, EVB_LAYOUT_LAYERED, NULL, &error);
  g_assert_no_error (error);
  p = &g_array_index (positions, EvbLayoutPosition, 0);
  evb_node_get_bounds (evb_board_get_node (board, p->id), &x0, &y0, NULL, NULL);

  glide = evb_editing_glide_begin (board, positions);
  g_assert_cmpuint (evb_editing_glide_get_n_cards (glide), >, 0);
  g_assert_true (evb_editing_glide_update (glide, 0.5, &error));
  evb_node_get_bounds (evb_board_get_node (board, p->id), &x, &y, NULL, NULL);
  g_assert_cmpfloat (fabs (x - (x0 + p->x) / 2), <=, 0.5);
  g_assert_cmpfloat (fabs (y - (y0 + p->y) / 2), <=, 0.5);
  evb_editing_glide_cancel (glide);
  undone = positions_of (board);
  assert_same_positions (before, undone);
  g_assert_false (evb_board_can_undo (board));

  glide = evb_editing_glide_begin (board, positions);
  g_assert_true (evb_editing_glide_update (glide, 0.3, &error));
  g_assert_true (evb_editing_glide_update (glide, 0.7, &error));
  g_assert_true (evb_editing_glide_end (glide, &error));
  g_assert_no_error (error);
  evb_node_get_bounds (evb_board_get_node (board, p->id), &x, &y, NULL, NULL);
  g_assert_cmpfloat (x, ==, p->x);
  g_assert_cmpfloat (y, ==, p->y);
  assert_no_overlaps (board);
  g_assert_cmpstr (evb_board_get_undo_label (board), ==, "Tidy Up");
  g_assert_true (evb_board_undo (board, &error));
  g_assert_false (evb_board_can_undo (board));
  g_clear_pointer (&undone, g_hash_table_unref);
  undone = positions_of (board);
  assert_same_positions (before, undone);
}

static EvbBoard *
row_board (void)
{
  const double xs[] = { 0, 100, 700, 1000 }, ys[] = { 50, 0, 300, 120 };
  const double widths[] = { 240, 100, 300, 200 }, heights[] = { 130, 40, 200, 100 };
  EvbBoard *board = evb_board_new ("Arrange");

  for (guint i = 0; i < G_N_ELEMENTS (xs); i++)
    {
      g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_CLAIM);

      data->id = g_strdup_printf ("n%u", i);
      data->x = xs[i];
      data->y = ys[i];
      data->width = widths[i];
      data->height = heights[i];
      g_assert_nonnull (evb_board_add_node (board, data, NULL));
    }
  evb_board_clear_history (board);
  return board;
}

static void
test_arrange (void)
{
  const struct
  {
    EvbArrangement  how;
    const char     *label;
    const char     *places;
  } cases[] = {
    { EVB_ARRANGE_LEFT, "Align Left Edges", "n0 0 50\nn1 0 0\nn2 0 300\nn3 0 120\n" },
    { EVB_ARRANGE_RIGHT, "Align Right Edges", "n0 960 50\nn1 1100 0\nn2 900 300\nn3 1000 120\n" },
    { EVB_ARRANGE_CENTRE, "Align Centers", "n0 480 50\nn1 550 0\nn2 450 300\nn3 500 120\n" },
    { EVB_ARRANGE_TOP, "Align Top Edges", "n0 0 0\nn1 100 0\nn2 700 0\nn3 1000 0\n" },
    { EVB_ARRANGE_BOTTOM, "Align Bottom Edges", "n0 0 370\nn1 100 460\nn2 700 300\nn3 1000 400\n" },
    { EVB_ARRANGE_MIDDLE, "Align Middles", "n0 0 185\nn1 100 230\nn2 700 150\nn3 1000 200\n" },
    /* 1200 wide, 840 of cards: gaps of 120 between, the outer two stay. */
    { EVB_ARRANGE_SPREAD_ACROSS, "Distribute Horizontally", "n0 0 50\nn1 360 0\nn2 580 300\nn3 1000 120\n" },
    /* 500 high, 470 of cards: gaps of 10, top to bottom n1 n0 n3 n2. */
    { EVB_ARRANGE_SPREAD_DOWN, "Distribute Vertically", "n0 0 50\nn1 100 0\nn2 700 300\nn3 1000 190\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(EvbBoard) board = row_board ();
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GHashTable) before = positions_of (board);
      g_autoptr(GHashTable) undone = NULL;
      g_autoptr(GString) places = g_string_new (NULL);
      g_autoptr(GError) error = NULL;

      for (guint k = 0; k < 4; k++)
        g_ptr_array_add (ids, g_strdup_printf ("n%u", k));
      g_assert_true (evb_editing_arrange (board, ids, cases[i].how, &error));
      g_assert_no_error (error);
      for (guint k = 0; k < 4; k++)
        {
          const EvbNodeData *d = evb_node_get_data (g_ptr_array_index (evb_board_get_nodes (board), k));

          g_string_append_printf (places, "%s %g %g\n", d->id, d->x, d->y);
        }
      g_assert_cmpstr (places->str, ==, cases[i].places);
      g_assert_cmpstr (evb_board_get_undo_label (board), ==, cases[i].label);
      g_assert_true (evb_board_undo (board, &error));
      g_assert_false (evb_board_can_undo (board));
      undone = positions_of (board);
      assert_same_positions (before, undone);
    }
}

/* Pinning is an edit like any other: one undo step, undone. */
static void
test_pinned_undo (void)
{
  g_autoptr(EvbBoard) board = make_board (2, 2, 1);
  g_autoptr(EvbNodeData) data = evb_node_dup_data (evb_board_get_node (board, "e1"));
  g_autoptr(GError) error = NULL;

  g_assert_false (data->pinned);
  data->pinned = TRUE;
  g_assert_true (evb_editing_update_card (board, "Pin", data, &error));
  g_assert_no_error (error);
  g_assert_true (evb_node_get_data (evb_board_get_node (board, "e1"))->pinned);
  g_assert_true (evb_board_undo (board, &error));
  g_assert_false (evb_node_get_data (evb_board_get_node (board, "e1"))->pinned);
  g_assert_true (evb_board_redo (board, &error));
  g_assert_true (evb_node_get_data (evb_board_get_node (board, "e1"))->pinned);
}

/* Both readers give the same board (or both refuse); returns the board. */
static EvbBoard *
read_both (const char  *json,
           GError     **error)
{
  g_autoptr(EvbBoard) streamed = _evb_json_read_board_streaming (json, strlen (json));
  g_autoptr(EvbBoard) tree = _evb_json_read_board_tree (json, strlen (json), error);

  if (tree == NULL)
    {
      g_assert_null (streamed);
      return NULL;
    }
  if (streamed != NULL)
    {
      g_autofree char *a = evb_json_write_board (streamed, NULL);
      g_autofree char *b = evb_json_write_board (tree, NULL);

      g_assert_cmpstr (a, ==, b);
    }
  return g_steal_pointer (&tree);
}

static char *
document (const char *nodes,
          const char *links)
{
  return g_strdup_printf ("{\"format\": \"evidence-board\", \"version\": 1, "
                          "\"board\": {\"title\": \"T\"}, \"nodes\": [%s], \"links\": [%s]}",
                          nodes, links);
}

/* Cards without x and y are placed: none overlaps, evidence under the
 * claims it bears on, the cards that had a place stay there. */
static void
test_json_optional_position (void)
{
  g_autoptr(EvbBoard) source = make_board (8, 40, 21);
  g_autofree char *json = evb_json_write_board (source, NULL);
  g_autoptr(GRegex) coordinates = g_regex_new ("\\n *\"[xy]\": [-0-9.e]+,", 0, 0, NULL);
  g_autofree char *without = g_regex_replace_literal (coordinates, json, -1, 0, "", 0, NULL);
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (strstr (without, "\"x\""));
  board = read_both (without, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 48);
  assert_no_overlaps (board);
  assert_links_point_up (board);
}

static void
test_json_some_positions (void)
{
  g_autofree char *json = document (
    "{\"id\": \"c\", \"kind\": \"claim\", \"title\": \"C\", \"x\": 500, \"y\": 100},"
    "{\"id\": \"d\", \"kind\": \"claim\", \"title\": \"D\"},"
    "{\"id\": \"e\", \"kind\": \"evidence\", \"title\": \"E\", \"evidence_type\": \"video\"},"
    "{\"id\": \"f\", \"kind\": \"evidence\", \"title\": \"F\", \"evidence_type\": \"photo\","
    " \"x\": 520, \"y\": 400, \"pinned\": true},"
    "{\"id\": \"g\", \"kind\": \"claim\", \"title\": \"G\", \"x\": 0, \"y\": 900}",
    "{\"id\": \"l1\", \"from\": \"e\", \"to\": \"c\", \"relation\": \"supports\"},"
    "{\"id\": \"l2\", \"from\": \"e\", \"to\": \"d\", \"relation\": \"refutes\"},"
    "{\"id\": \"l3\", \"from\": \"e\", \"to\": \"g\", \"relation\": \"refutes\"}");
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(GError) error = NULL;
  double x, y;

  board = read_both (json, &error);
  g_assert_no_error (error);
  evb_node_get_bounds (evb_board_get_node (board, "c"), &x, &y, NULL, NULL);
  g_assert_cmpfloat (x, ==, 500);
  g_assert_cmpfloat (y, ==, 100);
  evb_node_get_bounds (evb_board_get_node (board, "f"), &x, &y, NULL, NULL);
  g_assert_cmpfloat (x, ==, 520);
  g_assert_cmpfloat (y, ==, 400);
  g_assert_true (evb_node_get_data (evb_board_get_node (board, "f"))->pinned);
  g_assert_false (evb_node_get_data (evb_board_get_node (board, "c"))->pinned);
  assert_no_overlaps (board);
  assert_links_point_up (board);
}

static void
test_json_refuses (void)
{
  const struct { const char *node; const char *message; } cases[] = {
    { "{\"id\": \"c\", \"kind\": \"claim\", \"title\": \"C\", \"x\": 5}",
      "nodes[0].y: missing: a card has both x and y, or neither" },
    { "{\"id\": \"c\", \"kind\": \"claim\", \"title\": \"C\", \"y\": 5}",
      "nodes[0].x: missing: a card has both x and y, or neither" },
    { "{\"id\": \"c\", \"kind\": \"claim\", \"title\": \"C\", \"pinned\": 1}",
      "nodes[0].pinned: must be true or false" },
    { "{\"id\": \"c\", \"kind\": \"claim\", \"title\": \"C\", \"pinned\": \"true\"}",
      "nodes[0].pinned: must be true or false" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = document (cases[i].node, "");
      g_autoptr(GError) error = NULL;
      g_autoptr(EvbBoard) board = read_both (json, &error);

      g_assert_null (board);
      g_assert_error (error, EVB_ERROR, EVB_ERROR_FORMAT);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* pinned: true is written, and read back; false is left out. */
static void
test_json_pinned_round_trip (void)
{
  g_autoptr(EvbBoard) board = make_board (2, 3, 4);
  g_autoptr(EvbBoard) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;

  set_pinned (board, "e2", 10, 20);
  json = evb_json_write_board (board, NULL);
  g_assert_nonnull (strstr (json, "\"pinned\": true"));
  g_assert_null (strstr (json, "\"pinned\": false"));
  back = read_both (json, &error);
  g_assert_no_error (error);
  g_assert_true (evb_node_get_data (evb_board_get_node (back, "e2"))->pinned);
  g_assert_false (evb_node_get_data (evb_board_get_node (back, "e1"))->pinned);
  again = evb_json_write_board (back, NULL);
  g_assert_cmpstr (json, ==, again);
}

/* pinned goes into the board file, is written with each edit, and undone. */
static void
test_store_pinned (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "layout", NULL);
  g_autofree char *path = g_build_filename (dir, "pinned.evboard", NULL);
  g_autoptr(EvbBoard) board = make_board (2, 3, 4);
  g_autoptr(EvbNodeData) data = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  set_pinned (board, "e0", 10, 20);
  g_assert_true (evb_store_write_new (board, path, FALSE, &error));
  g_assert_no_error (error);
  g_clear_object (&board);

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(EvbStore) store = evb_store_open (path, EVB_STORE_FLAGS_NONE, &error);

      g_assert_no_error (error);
      g_assert_cmpint (evb_store_get_schema_version (store), ==, EVB_SCHEMA_VERSION);
      board = evb_store_load (store, &error);
      g_assert_no_error (error);
      switch (round)
        {
        case 0:
          g_assert_true (evb_node_get_data (evb_board_get_node (board, "e0"))->pinned);
          g_assert_false (evb_node_get_data (evb_board_get_node (board, "e1"))->pinned);
          data = evb_node_dup_data (evb_board_get_node (board, "e1"));
          data->pinned = TRUE;
          g_assert_true (evb_editing_update_card (board, "Pin", data, &error));
          g_assert_no_error (error);
          break;
        case 1:
          g_assert_true (evb_node_get_data (evb_board_get_node (board, "e1"))->pinned);
          /* Undo is written too (the history is not: unpin by hand). */
          data->pinned = FALSE;
          g_assert_true (evb_editing_update_card (board, "Unpin", data, &error));
          g_assert_true (evb_board_undo (board, &error));
          g_assert_no_error (error);
          break;
        default:
          g_assert_true (evb_node_get_data (evb_board_get_node (board, "e1"))->pinned);
          g_assert_true (evb_node_get_data (evb_board_get_node (board, "e0"))->pinned);
          break;
        }
      evb_store_close (store);
      g_clear_object (&board);
    }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_method_names (void)
{
  EvbLayoutMethod method = EVB_LAYOUT_FORCE;

  g_assert_cmpstr (evb_layout_method_to_string (EVB_LAYOUT_LAYERED), ==, "layered");
  g_assert_cmpstr (evb_layout_method_to_string (EVB_LAYOUT_FORCE), ==, "force");
  g_assert_true (evb_layout_method_from_string ("layered", &method));
  g_assert_cmpint (method, ==, EVB_LAYOUT_LAYERED);
  g_assert_false (evb_layout_method_from_string ("circle", &method));
  g_assert_false (evb_layout_method_from_string (NULL, &method));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/layout/layered", test_layered);
  g_test_add_func ("/layout/layered-links-clear", test_layered_links_clear);
  g_test_add_func ("/layout/layered-compact", test_layered_compact);
  g_test_add_func ("/layout/layered-bowl-pinned", test_layered_bowl_pinned);
  g_test_add_func ("/layout/layered-shared", test_layered_shared);
  g_test_add_func ("/layout/layered-shared-sample", test_layered_shared_sample);
  g_test_add_func ("/layout/force", test_force);
  g_test_add_func ("/layout/deterministic", test_deterministic);
  g_test_add_func ("/layout/pinned", test_pinned);
  g_test_add_func ("/layout/selection", test_selection);
  g_test_add_func ("/layout/empty", test_empty);
  g_test_add_func ("/layout/method-names", test_method_names);
  g_test_add_func ("/layout/editing-one-step", test_editing_one_step);
  g_test_add_func ("/layout/glide", test_glide);
  g_test_add_func ("/layout/arrange", test_arrange);
  g_test_add_func ("/layout/pinned-undo", test_pinned_undo);
  g_test_add_func ("/layout/json-optional-position", test_json_optional_position);
  g_test_add_func ("/layout/json-some-positions", test_json_some_positions);
  g_test_add_func ("/layout/json-refuses", test_json_refuses);
  g_test_add_func ("/layout/json-pinned-round-trip", test_json_pinned_round_trip);
  g_test_add_func ("/layout/store-pinned", test_store_pinned);

  return g_test_run ();
}
