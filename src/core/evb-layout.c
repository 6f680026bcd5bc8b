/* evb-layout.c: automatic layout of a board's cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * igraph decides the shape: for the layered method, Sugiyama's layers (the
 * claim a link points at above the evidence it starts from) and the order
 * inside each layer (few crossings); for the force method, Fruchterman and
 * Reingold's spring embedding. igraph thinks of points, and cards are
 * boxes of different sizes, so the places are then made from the shape:
 *
 *  - layered: each layer becomes a row as tall as its tallest card, rows
 *    one under the other; inside a row the cards keep igraph's order and,
 *    where they can, its horizontal place, and step right past the cards
 *    before them and past every card that stays. Rows never share a
 *    height, so cards of different rows cannot overlap. A claim whose
 *    own evidence wrapped into several rows then gets it in a bowl under
 *    it, where it fits, so no link runs through a card of a row above.
 *    Evidence shared between claims cannot go in a bowl: last, each card
 *    that a line or a link's note runs through (or whose own lines run
 *    through others) moves to the free place in the rows it may take, or
 *    changes places with another card, where the fewest do
 *    (untangle_links).
 *  - force: the cards are put at igraph's points scaled to card sizes,
 *    from the middle outwards, each at the free place nearest its point.
 *
 * Cards that stay (pinned, or not among those laid out) are obstacles in
 * both. igraph's random numbers are seeded for every layout, so the same
 * board always gives the same places; igraph keeps its random generator
 * and error handler in globals, so layouts take turns.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
/* igraph's headers test macros they do not define. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wundef"
#include <igraph.h>
#pragma GCC diagnostic pop

#include "evb-enums.h"
#include "evb-error.h"
#include "evb-layout.h"

/* The side of a cell of the grid that finds cards near a place. */
#define CELL_SIZE 256.0
/* How far apart the force method keeps cards, and the step of its search
 * for a free place. */
#define FORCE_MARGIN 24.0
#define FORCE_STEP 24.0
#define SEED 20261201
/* How many cards a row holds before a layer may go on in another row: a
 * card in a second row sits straight under a card of the first, and its
 * link then runs through that card as if it bore on it. An investigator's
 * claim with a handful of pieces of evidence keeps them side by side. */
#define MIN_CARDS_PER_ROW 4
/* A claim with more pieces of evidence than a row holds gets them in a
 * bowl under it instead (fan_out_evidence), up to this many; its slots
 * step a quarter of a card and a gap across, and a link keeps this far
 * from every card it passes. */
#define MAX_FAN_CARDS 24
#define FAN_CLEARANCE 8.0
/* A link's note at its largest, as the renderer draws it, and how far a
 * line keeps from a card it passes when cards are moved to clear it. */
#define NOTE_WIDTH 184.0
#define NOTE_HEIGHT 36.0
#define LINK_CLEARANCE 4.0
/* Untangling (untangle_links) goes over the cards this many times at
 * most, within this many tests of a line or note against a card: a board
 * of dozens of cards takes a few million. */
#define UNTANGLE_PASSES 8
#define UNTANGLE_BUDGET ((gint64) 20000000)

typedef struct
{
  EvbNode *node;
  double   x, y, width, height;
  double   min_y;   /* below the claims that stay which it bears on */
  double   layer;   /* from igraph */
  double   order;   /* igraph's horizontal place */
  double   above_sum;    /* the middles of the claims above it that are placed, */
  guint    above_count;  /* and how many */
  gboolean placed;
} Card;

/* Boxes in a grid of cells, to ask "what is near here?" quickly. */
typedef struct
{
  GHashTable *cells;  /* cell key → GArray of box indices */
  GArray     *boxes;  /* x, y, width, height of each box */
} Occupancy;

static GMutex igraph_lock;

/* Helpers */

static gint64
cell_key (gint64 cx,
          gint64 cy)
{
  return (gint64) (((guint64) cx << 32) ^ ((guint64) cy & 0xffffffff));
}

static void
occupancy_init (Occupancy *occ)
{
  occ->cells = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                      (GDestroyNotify) g_array_unref);
  occ->boxes = g_array_new (FALSE, FALSE, sizeof (double) * 4);
}

static void
occupancy_clear (Occupancy *occ)
{
  g_clear_pointer (&occ->cells, g_hash_table_unref);
  g_clear_pointer (&occ->boxes, g_array_unref);
}

static void
occupancy_add (Occupancy *occ,
               double     x,
               double     y,
               double     width,
               double     height)
{
  double box[4] = { x, y, width, height };
  guint index = occ->boxes->len;

  g_array_append_vals (occ->boxes, box, 1);
  for (gint64 cx = (gint64) floor (x / CELL_SIZE); cx <= (gint64) floor ((x + width) / CELL_SIZE); cx++)
    for (gint64 cy = (gint64) floor (y / CELL_SIZE); cy <= (gint64) floor ((y + height) / CELL_SIZE); cy++)
      {
        gint64 key = cell_key (cx, cy);
        GArray *list = g_hash_table_lookup (occ->cells, &key);

        if (list == NULL)
          {
            list = g_array_new (FALSE, FALSE, sizeof (guint));
            g_hash_table_insert (occ->cells, g_memdup2 (&key, sizeof key), list);
          }
        g_array_append_val (list, index);
      }
}

/* The first box but box @skip that overlaps the given one grown by
 * @margin on every side, or NULL. Touching is not overlapping. */
static const double *
occupancy_find_other (Occupancy *occ,
                      double     x,
                      double     y,
                      double     width,
                      double     height,
                      double     margin,
                      guint      skip)
{
  double x1 = x - margin, y1 = y - margin, x2 = x + width + margin, y2 = y + height + margin;

  for (gint64 cx = (gint64) floor (x1 / CELL_SIZE); cx <= (gint64) floor (x2 / CELL_SIZE); cx++)
    for (gint64 cy = (gint64) floor (y1 / CELL_SIZE); cy <= (gint64) floor (y2 / CELL_SIZE); cy++)
      {
        gint64 key = cell_key (cx, cy);
        GArray *list = g_hash_table_lookup (occ->cells, &key);

        for (guint i = 0; list != NULL && i < list->len; i++)
          {
            const double *b = &g_array_index (occ->boxes, double,
                                              4 * g_array_index (list, guint, i));

            if (g_array_index (list, guint, i) == skip)
              continue;
            if (b[0] < x2 && x1 < b[0] + b[2] && b[1] < y2 && y1 < b[1] + b[3])
              return b;
          }
      }
  return NULL;
}

static const double *
occupancy_find (Occupancy *occ,
                double     x,
                double     y,
                double     width,
                double     height,
                double     margin)
{
  return occupancy_find_other (occ, x, y, width, height, margin, G_MAXUINT);
}

static void
set_igraph_error (GError         **error,
                  igraph_error_t   code)
{
  g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT,
               /* Translators: %s is igraph's own explanation, in English */
               _("The cards could not be laid out: %s"), igraph_strerror (code));
}

static void
prepare_igraph (void)
{
  static gsize done = 0;

  /* igraph's default handler aborts the program on any error. */
  if (g_once_init_enter (&done))
    {
      igraph_set_error_handler (igraph_error_handler_ignore);
      igraph_set_warning_handler (igraph_warning_handler_ignore);
      g_once_init_leave (&done, 1);
    }
  igraph_rng_seed (igraph_rng_default (), SEED);
}

/* The cards laid out, in board order, and every other card as an obstacle. */
static GArray *
collect_cards (EvbBoard   *board,
               GPtrArray  *node_ids,
               GHashTable *index_of,
               Occupancy  *fixed)
{
  g_autoptr(GHashTable) wanted = NULL;
  GPtrArray *nodes = evb_board_get_nodes (board);
  GArray *cards = g_array_new (FALSE, TRUE, sizeof (Card));

  if (node_ids != NULL)
    {
      wanted = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < node_ids->len; i++)
        g_hash_table_add (wanted, g_ptr_array_index (node_ids, i));
    }

  for (guint i = 0; i < nodes->len; i++)
    {
      EvbNode *node = g_ptr_array_index (nodes, i);
      const EvbNodeData *data = evb_node_get_data (node);

      if (data->pinned || (wanted != NULL && !g_hash_table_contains (wanted, data->id)))
        {
          occupancy_add (fixed, data->x, data->y, data->width, data->height);
          continue;
        }
      g_hash_table_insert (index_of, data->id, GUINT_TO_POINTER (cards->len));
      g_array_append_val (cards, ((Card) { node, data->x, data->y, data->width, data->height,
                                            -G_MAXDOUBLE, 0, 0, 0, 0, FALSE }));
    }
  return cards;
}

/* The links between cards laid out, as igraph edges from the claim (the
 * link's end) to the evidence (its start), so claims come first; and for
 * links to claims that stay, the lowest place the evidence may take. */
static igraph_error_t
collect_edges (EvbBoard            *board,
               GHashTable          *index_of,
               GArray              *cards,
               igraph_vector_int_t *edges)
{
  GPtrArray *links = evb_board_get_links (board);

  for (guint i = 0; i < links->len; i++)
    {
      const EvbLinkData *link = evb_link_get_data (g_ptr_array_index (links, i));
      gpointer from, to;
      gboolean has_from = g_hash_table_lookup_extended (index_of, link->from, NULL, &from);
      gboolean has_to = g_hash_table_lookup_extended (index_of, link->to, NULL, &to);

      if (has_from && has_to)
        {
          IGRAPH_CHECK (igraph_vector_int_push_back (edges, GPOINTER_TO_UINT (to)));
          IGRAPH_CHECK (igraph_vector_int_push_back (edges, GPOINTER_TO_UINT (from)));
        }
      else if (has_from)
        {
          Card *card = &g_array_index (cards, Card, GPOINTER_TO_UINT (from));
          EvbNode *claim = evb_board_get_node (board, link->to);
          double x, y, width, height;

          evb_node_get_bounds (claim, &x, &y, &width, &height);
          card->min_y = MAX (card->min_y, y + height + EVB_LAYOUT_GAP_Y);
          card->above_sum += x + width / 2;
          card->above_count++;
        }
    }
  return IGRAPH_SUCCESS;
}

static int
compare_by_layer (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const Card *cards = user_data;
  const Card *ca = &cards[*(const guint *) a], *cb = &cards[*(const guint *) b];

  if (ca->layer != cb->layer)
    return ca->layer < cb->layer ? -1 : 1;
  if (ca->order != cb->order)
    return ca->order < cb->order ? -1 : 1;
  return *(const guint *) a < *(const guint *) b ? -1 : 1;
}

/* A card that nothing above bears on (a claim at the top) was put as far
 * left as it could go, and the cards under it step right from under it:
 * the links from the far ones then run flat through their neighbours.
 * Over the middle of the cards under it, where nothing else is, they fan
 * out to both sides instead. */
static void
centre_over_cards_below (GArray         *cards,
                         const guint    *first_below,
                         const guint    *below,
                         Occupancy      *fixed)
{
  Occupancy placed;

  occupancy_init (&placed);
  for (guint i = 0; i < cards->len; i++)
    {
      const Card *card = &g_array_index (cards, Card, i);

      occupancy_add (&placed, card->x, card->y, card->width, card->height);
    }

  for (guint i = 0; i < cards->len; i++)
    {
      Card *card = &g_array_index (cards, Card, i);
      double left = G_MAXDOUBLE, right = -G_MAXDOUBLE, x;

      if (card->above_count > 0 || first_below[i] == first_below[i + 1])
        continue;
      for (guint k = first_below[i]; k < first_below[i + 1]; k++)
        {
          const Card *under = &g_array_index (cards, Card, below[k]);

          left = MIN (left, under->x);
          right = MAX (right, under->x + under->width);
        }
      x = ceil ((left + right - card->width) / 2);
      if (x == card->x ||
          occupancy_find_other (&placed, x, card->y, card->width, card->height,
                                EVB_LAYOUT_GAP_X / 2, i) != NULL ||
          occupancy_find (fixed, x, card->y, card->width, card->height,
                          EVB_LAYOUT_GAP_X / 2) != NULL)
        continue;
      /* Its old box matches nothing any more; the new one is added. */
      g_array_index (placed.boxes, double, 4 * i) = NAN;
      occupancy_add (&placed, x, card->y, card->width, card->height);
      card->x = x;
    }
  occupancy_clear (&placed);
}

/* Liang and Barsky's clipping. */
gboolean
_evb_layout_line_crosses_box (double x0, double y0, double x1, double y1,
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

/* Two slots of a bowl (centres relative to the claim's middle, boxes
 * @width × @height) that cannot both be taken: the cards would touch, or
 * the link from one to the claim would pass through the other. */
static gboolean
fan_slots_clash (double ax, double ay,
                 double bx, double by,
                 double width,
                 double height)
{
  double w = width + 2 * FAN_CLEARANCE, h = height + 2 * FAN_CLEARANCE;

  if (fabs (ay - by) < height + EVB_LAYOUT_GAP_Y && fabs (ax - bx) < width + EVB_LAYOUT_GAP_X)
    return TRUE;
  /* A link runs from its card up to the claim at (0, 0): it can only
   * pass a box that reaches above the card and across the link. */
  return (by - h / 2 < ay && bx - w / 2 < MAX (ax, 0) && MIN (ax, 0) < bx + w / 2 &&
          _evb_layout_line_crosses_box (ax, ay, 0, 0, bx - w / 2, by - h / 2, w, h)) ||
         (ay - h / 2 < by && ax - w / 2 < MAX (bx, 0) && MIN (bx, 0) < ax + w / 2 &&
          _evb_layout_line_crosses_box (bx, by, 0, 0, ax - w / 2, ay - h / 2, w, h));
}

/* Fills @rows rows of slots, each 2 × @cols + 1 quarter-card steps wide,
 * from the bottom row up and from the middle out, taking every slot that
 * clashes with none taken before, until @n are taken. The lowest cards
 * sit under the claim and the higher ones further out, so each link runs
 * up inside the cards above it: a bowl. */
static gboolean
fill_bowl (guint   n,
           guint   rows,
           guint   cols,
           double  first_y,
           double  width,
           double  height,
           double *slots)
{
  double step = (width + EVB_LAYOUT_GAP_X) / 4;
  guint taken = 0;

  for (guint r = rows; r-- > 0;)
    {
      double y = first_y + r * (height + EVB_LAYOUT_GAP_Y);

      for (guint k = 0; k < 2 * cols + 1; k++)
        {
          /* 0, -1, 1, -2, 2, … */
          double x = (k % 2 == 0 ? (double) k / 2 : -(double) (k + 1) / 2) * step;
          gboolean free = TRUE;

          for (guint t = 0; t < taken && free; t++)
            free = !fan_slots_clash (x, y, slots[2 * t], slots[2 * t + 1], width, height);
          if (!free)
            continue;
          slots[2 * taken] = x;
          slots[2 * taken + 1] = y;
          if (++taken == n)
            return TRUE;
        }
    }
  return FALSE;
}

/* The smallest bowl (width and height together) for @n cards, in @slots;
 * returns its width and height. */
static void
find_bowl (guint   n,
           double  first_y,
           double  width,
           double  height,
           double *slots,
           double *bowl_width,
           double *bowl_height)
{
  g_autofree double *trial = g_new (double, 2 * n);
  double step = (width + EVB_LAYOUT_GAP_X) / 4, best = G_MAXDOUBLE;
  guint least_rows = (n + MIN_CARDS_PER_ROW - 1) / MIN_CARDS_PER_ROW;

  *bowl_width = *bowl_height = 0;
  for (guint rows = least_rows; rows <= least_rows + 3; rows++)
    {
      /* The bottom row alone needs room for its share. */
      guint per_row = (n + rows - 1) / rows;
      guint cols = (guint) ceil ((per_row - 1) * (width + EVB_LAYOUT_GAP_X) / 2 / step);

      for (guint tries = 0; tries < 16; tries++, cols++)
        {
          double left = 0, right = 0, bottom = 0;

          if (!fill_bowl (n, rows, cols, first_y, width, height, trial))
            continue;
          for (guint i = 0; i < n; i++)
            {
              left = MIN (left, trial[2 * i]);
              right = MAX (right, trial[2 * i]);
              bottom = MAX (bottom, trial[2 * i + 1]);
            }
          if (right - left + bottom < best)
            {
              best = right - left + bottom;
              memcpy (slots, trial, sizeof (double) * 2 * n);
              *bowl_width = right - left + width;
              *bowl_height = bottom - first_y + height;
            }
          break;
        }
    }
}

static int
compare_by_place (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const Card *cards = user_data;
  const Card *ca = &cards[*(const guint *) a], *cb = &cards[*(const guint *) b];

  if (ca->y != cb->y)
    return ca->y < cb->y ? -1 : 1;
  if (ca->x != cb->x)
    return ca->x < cb->x ? -1 : 1;
  return *(const guint *) a < *(const guint *) b ? -1 : 1;
}

static int
compare_slots (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const double *sa = a, *sb = b;

  if (sa[1] != sb[1])
    return sa[1] < sb[1] ? -1 : 1;
  return sa[0] < sb[0] ? -1 : sa[0] > sb[0];
}

/* Bowls already found: many claims have the same number of cards of the
 * same size, and finding a bowl tries dozens. */
typedef struct
{
  guint  n;
  double first_y, width, height;
} BowlKey;

typedef struct
{
  BowlKey key;
  double  bowl_width, bowl_height;
  double  slots[2 * MAX_FAN_CARDS];
} Bowl;

static guint
bowl_hash (gconstpointer data)
{
  const BowlKey *key = data;

  return key->n ^ (g_double_hash (&key->first_y) * 31) ^
         (g_double_hash (&key->width) * 17) ^ g_double_hash (&key->height);
}

static gboolean
bowl_equal (gconstpointer a,
            gconstpointer b)
{
  const BowlKey *ka = a, *kb = b;

  return ka->n == kb->n && ka->first_y == kb->first_y && ka->width == kb->width &&
         ka->height == kb->height;
}

static const Bowl *
lookup_bowl (GHashTable *bowls,
             guint       n,
             double      first_y,
             double      width,
             double      height)
{
  BowlKey key = { n, first_y, width, height };
  Bowl *bowl = g_hash_table_lookup (bowls, &key);

  if (bowl == NULL)
    {
      bowl = g_new0 (Bowl, 1);
      bowl->key = key;
      find_bowl (n, first_y, width, height, bowl->slots, &bowl->bowl_width, &bowl->bowl_height);
      g_hash_table_add (bowls, bowl);
    }
  return bowl;
}

/* Whether a card other than the @n in @skip overlaps the box. */
static gboolean
occupancy_has_other (Occupancy   *occ,
                     double       x,
                     double       y,
                     double       width,
                     double       height,
                     const guint *skip,
                     guint        n)
{
  for (gint64 cx = (gint64) floor (x / CELL_SIZE); cx <= (gint64) floor ((x + width) / CELL_SIZE); cx++)
    for (gint64 cy = (gint64) floor (y / CELL_SIZE); cy <= (gint64) floor ((y + height) / CELL_SIZE); cy++)
      {
        gint64 key = cell_key (cx, cy);
        GArray *list = g_hash_table_lookup (occ->cells, &key);

        for (guint i = 0; list != NULL && i < list->len; i++)
          {
            guint index = g_array_index (list, guint, i);
            const double *b = &g_array_index (occ->boxes, double, 4 * index);
            gboolean skipped = FALSE;

            for (guint k = 0; k < n && !skipped; k++)
              skipped = skip[k] == index;
            if (!skipped && b[0] < x + width && x < b[0] + b[2] && b[1] < y + height && y < b[1] + b[3])
              return TRUE;
          }
      }
  return FALSE;
}

/* A claim with more pieces of evidence than a row holds had them wrap
 * into rows straight under each other, and a link from a lower row ran
 * through a card of the row above as if it bore on it. Moving the lower
 * cards sideways until their links were clear fanned the rows out to
 * many times their width (straight links converge on the claim). So such
 * a claim's evidence, when it bears on nothing else and nothing bears on
 * it, goes into a bowl under the claim instead: the lowest row under the
 * claim, the rows above further and further out, so every link runs up
 * between the cards above it. Only where the bowl's whole box is free of
 * other cards (those of other claims, those that stay): elsewhere the
 * rows stay as they were. */
static void
fan_out_evidence (GArray      *cards,
                  const guint *first_below,
                  const guint *below,
                  Occupancy   *fixed)
{
  g_autoptr(GHashTable) bowls = g_hash_table_new_full (bowl_hash, bowl_equal, NULL, g_free);
  Occupancy placed = { NULL, NULL };

  for (guint i = 0; i < cards->len; i++)
    {
      const Card *claim = &g_array_index (cards, Card, i);
      guint n = first_below[i + 1] - first_below[i];
      const guint *under = below + first_below[i];
      double slots[2 * MAX_FAN_CARDS];
      guint order[MAX_FAN_CARDS];
      const Bowl *bowl;
      double width = 0, height = 0, top = G_MAXDOUBLE, bottom = -G_MAXDOUBLE, mid_x, mid_y;
      double bowl_width, bowl_height, left = G_MAXDOUBLE, area_y;
      gboolean alone = TRUE;

      if (n <= MIN_CARDS_PER_ROW || n > MAX_FAN_CARDS)
        continue;
      for (guint k = 0; k < n && alone; k++)
        {
          const Card *card = &g_array_index (cards, Card, under[k]);

          alone = card->above_count == 1 && first_below[under[k]] == first_below[under[k] + 1];
          width = MAX (width, card->width);
          height = MAX (height, card->height);
          top = MIN (top, card->y);
          bottom = MAX (bottom, card->y);
        }
      /* Side by side in one row, their links are clear already. */
      if (!alone || top == bottom)
        continue;

      mid_x = claim->x + claim->width / 2;
      mid_y = claim->y + claim->height / 2;
      if (placed.cells == NULL)
        {
          occupancy_init (&placed);
          for (guint k = 0; k < cards->len; k++)
            {
              const Card *card = &g_array_index (cards, Card, k);

              occupancy_add (&placed, card->x, card->y, card->width, card->height);
            }
        }
      /* Every bowl has a card right under the claim, two rows or more
       * down: where another card is in the way, no bowl fits, and
       * finding one would be wasted. */
      area_y = claim->y + claim->height;
      if (occupancy_has_other (&placed, mid_x - width / 2, area_y, width,
                               top + 2 * height + EVB_LAYOUT_GAP_Y - area_y, under, n))
        continue;
      bowl = lookup_bowl (bowls, n, top + height / 2 - mid_y, width, height);
      bowl_width = bowl->bowl_width;
      bowl_height = bowl->bowl_height;
      if (bowl_width == 0)
        continue;
      memcpy (slots, bowl->slots, sizeof (double) * 2 * n);
      for (guint k = 0; k < n; k++)
        left = MIN (left, slots[2 * k]);
      left = mid_x + left - width / 2;
      if (occupancy_has_other (&placed, left - EVB_LAYOUT_GAP_X / 2, area_y, bowl_width + EVB_LAYOUT_GAP_X,
                               top + bowl_height - area_y + EVB_LAYOUT_GAP_Y / 2, under, n) ||
          occupancy_find (fixed, left, area_y, bowl_width, top + bowl_height - area_y,
                          EVB_LAYOUT_GAP_X / 2) != NULL)
        continue;

      /* The cards keep their reading order (the rows' order, top row
       * first) in the bowl's. */
      memcpy (order, under, sizeof (guint) * n);
      g_qsort_with_data (order, n, sizeof (guint), compare_by_place, cards->data);
      g_qsort_with_data (slots, n, 2 * sizeof (double), compare_slots, NULL);
      for (guint k = 0; k < n; k++)
        {
          Card *card = &g_array_index (cards, Card, order[k]);

          card->x = ceil (mid_x + slots[2 * k] - card->width / 2);
          card->y = ceil (mid_y + slots[2 * k + 1] - card->height / 2);
          g_array_index (placed.boxes, double, 4 * order[k]) = NAN;
          occupancy_add (&placed, card->x, card->y, card->width, card->height);
        }
    }
  occupancy_clear (&placed);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

static int
compare_by_cost (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const guint *cost = user_data;
  guint ca = cost[*(const guint *) a], cb = cost[*(const guint *) b];

  if (ca != cb)
    return ca > cb ? -1 : 1;
  return *(const guint *) a < *(const guint *) b ? -1 : 1;
}

/* Untangling: the rows put shared evidence where its claims' middles
 * are, and where evidence wraps into several rows (or a claim bears on a
 * claim rows above) a link from a lower row runs straight through cards
 * of the rows between, as if it bore on them, and a link's note, drawn
 * at its middle, lands on a card: 71 lines and 9 notes on the sample
 * board. Shared evidence fits no bowl, and moving cards sideways until
 * every line is clear spreads the rows far (see fan_out_evidence). So
 * each card that such a line or note meets, or whose own lines and notes
 * meet others, the worst first, tries every free place (a sixteenth
 * of a card and a gap apart) in every row it may take (below every card it
 * bears on, above every card that bears on it), from a card beyond the
 * rows' left end to a card beyond their right end, and changing places
 * with each other card; it takes the one that leaves the fewest lines
 * and notes on cards, the nearest of those, and only if that is fewer
 * than now. A few passes, until nothing moves. The board grows by at
 * most a card to each side, and rows stay rows, so hardly in height:
 * the sample board, already taller than a 16:9 window, fits one at the
 * same zoom.
 *
 * Each try counts every link against the card, and the card's own links
 * against every card: a board too big for one look at every card that
 * way keeps its rows (a board of 10,000 cards is laid out as fast as
 * before), and a mid-sized one stops after UNTANGLE_BUDGET tests, about
 * a quarter of a second. */

typedef struct
{
  guint    from, to;   /* boxes: cards laid out, then cards that stay */
  gboolean has_note;
} Segment;

typedef struct
{
  GArray  *cards;
  GArray  *boxes;       /* x, y, width, height of every card */
  guint    n_cards;     /* the first boxes are the cards laid out */
  GArray  *segments;
  guint   *first_seg;   /* a card's links: first_seg[i] … first_seg[i + 1] */
  guint   *seg_of;
  gint64   budget;      /* line and box tests left */
} Untangle;

static double *
untangle_box (Untangle *u,
              guint     i)
{
  return &g_array_index (u->boxes, double, 4 * i);
}

/* The note's box at the middle of the line between the two cards' edges,
 * as the renderer draws it (at its largest). */
static void
note_box (const double *a,
          const double *b,
          double       *note)
{
  double ax = a[0] + a[2] / 2, ay = a[1] + a[3] / 2;
  double bx = b[0] + b[2] / 2, by = b[1] + b[3] / 2;
  double dx = bx - ax, dy = by - ay;
  double ta = G_MAXDOUBLE, tb = G_MAXDOUBLE, mx, my;

  if (fabs (dx) > 1e-9)
    {
      ta = MIN (ta, a[2] / 2 / fabs (dx));
      tb = MIN (tb, b[2] / 2 / fabs (dx));
    }
  if (fabs (dy) > 1e-9)
    {
      ta = MIN (ta, a[3] / 2 / fabs (dy));
      tb = MIN (tb, b[3] / 2 / fabs (dy));
    }
  if (ta == G_MAXDOUBLE)
    ta = tb = 0;
  mx = (ax + dx * ta + bx - dx * tb) / 2;
  my = (ay + dy * ta + by - dy * tb) / 2;
  note[0] = mx - NOTE_WIDTH / 2;
  note[1] = my - NOTE_HEIGHT / 2;
  note[2] = NOTE_WIDTH;
  note[3] = NOTE_HEIGHT;
}

/* A link where its cards are now: its line between their middles, and
 * its note's box when it has one. */
typedef struct
{
  const Segment *s;
  double         x0, y0, x1, y1;
  double         note[4];
} Line;

static void
line_of (Untangle      *u,
         const Segment *s,
         Line          *line)
{
  const double *a = untangle_box (u, s->from), *b = untangle_box (u, s->to);

  line->s = s;
  line->x0 = a[0] + a[2] / 2;
  line->y0 = a[1] + a[3] / 2;
  line->x1 = b[0] + b[2] / 2;
  line->y1 = b[1] + b[3] / 2;
  if (s->has_note)
    note_box (a, b, line->note);
}

/* How badly a link meets card @k: 1 when its line runs through the card
 * (not one of its ends), and 1 more when its note lies on it. */
static guint
line_cost (Untangle   *u,
           const Line *line,
           guint       k)
{
  const double *box = untangle_box (u, k);
  const double *note = line->note;
  double c = LINK_CLEARANCE;
  guint cost = 0;

  u->budget--;
  if (k != line->s->from && k != line->s->to &&
      MIN (line->x0, line->x1) < box[0] + box[2] + c && box[0] - c < MAX (line->x0, line->x1) &&
      MIN (line->y0, line->y1) < box[1] + box[3] + c && box[1] - c < MAX (line->y0, line->y1) &&
      _evb_layout_line_crosses_box (line->x0, line->y0, line->x1, line->y1,
                        box[0] - c, box[1] - c, box[2] + 2 * c, box[3] + 2 * c))
    cost++;
  if (line->s->has_note &&
      note[0] < box[0] + box[2] && box[0] < note[0] + note[2] &&
      note[1] < box[1] + box[3] && box[1] < note[1] + note[3])
    cost++;
  return cost;
}

static gboolean
segment_touches (const Segment *s,
                 guint          c)
{
  return s->from == c || s->to == c;
}

/* Every line or note that meets card @c or card @d (G_MAXUINT for none),
 * and every card that their own lines and notes meet, where they are
 * now; each once. */
static guint
cards_cost (Untangle *u,
            guint     c,
            guint     d)
{
  guint cost = 0;
  Line line;

  for (guint l = 0; l < u->segments->len; l++)
    {
      const Segment *s = &g_array_index (u->segments, Segment, l);

      if (segment_touches (s, c) || segment_touches (s, d))
        continue;
      line_of (u, s, &line);
      cost += line_cost (u, &line, c);
      if (d != G_MAXUINT)
        cost += line_cost (u, &line, d);
    }
  for (guint end = 0; end < 2; end++)
    {
      guint card = end == 0 ? c : d;

      if (card == G_MAXUINT)
        continue;
      for (guint i = u->first_seg[card]; i < u->first_seg[card + 1]; i++)
        {
          const Segment *s = &g_array_index (u->segments, Segment, u->seg_of[i]);

          /* A link between the two is counted with the first. */
          if (end == 1 && segment_touches (s, c))
            continue;
          line_of (u, s, &line);
          for (guint k = 0; k < u->boxes->len; k++)
            cost += line_cost (u, &line, k);
        }
    }
  return cost;
}

/* Whether card @c may stand at (x, y): clear of every other card by half
 * a gap, and below every card it bears on and above every card that
 * bears on it, so links still point up. */
static gboolean
untangle_place_free (Untangle *u,
                     guint     c,
                     double    x,
                     double    y)
{
  const double *own = untangle_box (u, c);
  double margin = EVB_LAYOUT_GAP_X / 2;

  u->budget -= u->boxes->len;
  for (guint i = u->first_seg[c]; i < u->first_seg[c + 1]; i++)
    {
      const Segment *s = &g_array_index (u->segments, Segment, u->seg_of[i]);
      const double *other = untangle_box (u, s->from == c ? s->to : s->from);

      if (s->from == c ? y < other[1] + other[3] + EVB_LAYOUT_GAP_Y / 2
                       : y + own[3] + EVB_LAYOUT_GAP_Y / 2 > other[1])
        return FALSE;
    }
  for (guint k = 0; k < u->boxes->len; k++)
    {
      const double *b = untangle_box (u, k);

      if (k != c && b[0] < x + own[2] + margin && x - margin < b[0] + b[2] &&
          b[1] < y + own[3] + margin && y - margin < b[1] + b[3])
        return FALSE;
    }
  return TRUE;
}

static void
untangle_links (GArray     *cards,
                EvbBoard   *board,
                GHashTable *index_of)
{
  GPtrArray *nodes = evb_board_get_nodes (board);
  GPtrArray *links = evb_board_get_links (board);
  g_autoptr(GHashTable) fixed_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree guint *fill = NULL;
  g_autofree guint *order = g_new (guint, cards->len + 1);
  g_autofree guint *worst = g_new (guint, cards->len + 1);
  Untangle u = { cards, NULL, cards->len, NULL, NULL, NULL, UNTANGLE_BUDGET };
  double left = G_MAXDOUBLE, right = -G_MAXDOUBLE;
  gboolean moved = TRUE;

  /* One look at every card's lines takes cards × links tests: on a
   * board too big for even that, the rows stay as they are. */
  if ((gint64) nodes->len * links->len > UNTANGLE_BUDGET / 8)
    return;

  u.boxes = g_array_new (FALSE, FALSE, sizeof (double) * 4);
  u.segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  for (guint i = 0; i < cards->len; i++)
    {
      const Card *card = &g_array_index (cards, Card, i);
      double box[4] = { card->x, card->y, card->width, card->height };

      g_array_append_vals (u.boxes, box, 1);
      left = MIN (left, card->x);
      right = MAX (right, card->x + card->width);
      g_array_append_val (rows, card->y);
    }
  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *data = evb_node_get_data (g_ptr_array_index (nodes, i));
      double box[4] = { data->x, data->y, data->width, data->height };

      if (g_hash_table_contains (index_of, data->id))
        continue;
      g_hash_table_insert (fixed_of, data->id, GUINT_TO_POINTER (u.boxes->len));
      g_array_append_vals (u.boxes, box, 1);
    }
  for (guint i = 0; i < links->len; i++)
    {
      const EvbLinkData *link = evb_link_get_data (g_ptr_array_index (links, i));
      gpointer from, to;
      Segment s;

      if (!g_hash_table_lookup_extended (index_of, link->from, NULL, &from) &&
          !g_hash_table_lookup_extended (fixed_of, link->from, NULL, &from))
        continue;
      if (!g_hash_table_lookup_extended (index_of, link->to, NULL, &to) &&
          !g_hash_table_lookup_extended (fixed_of, link->to, NULL, &to))
        continue;
      s.from = GPOINTER_TO_UINT (from);
      s.to = GPOINTER_TO_UINT (to);
      s.has_note = link->note != NULL && *link->note != '\0';
      g_array_append_val (u.segments, s);
    }

  /* Each card's links. */
  u.first_seg = g_new0 (guint, u.boxes->len + 1);
  u.seg_of = g_new (guint, 2 * u.segments->len + 1);
  for (guint l = 0; l < u.segments->len; l++)
    {
      const Segment *s = &g_array_index (u.segments, Segment, l);

      u.first_seg[s->from + 1]++;
      u.first_seg[s->to + 1]++;
    }
  for (guint i = 0; i < u.boxes->len; i++)
    u.first_seg[i + 1] += u.first_seg[i];
  fill = g_memdup2 (u.first_seg, sizeof (guint) * (u.boxes->len));
  for (guint l = 0; l < u.segments->len; l++)
    {
      const Segment *s = &g_array_index (u.segments, Segment, l);

      u.seg_of[fill[s->from]++] = l;
      u.seg_of[fill[s->to]++] = l;
    }

  g_array_sort (rows, compare_doubles);

  for (guint pass = 0; pass < UNTANGLE_PASSES && moved && u.budget > 0; pass++)
    {
      moved = FALSE;
      /* The worst first, while the budget lasts. */
      for (guint c = 0; c < u.n_cards; c++)
        {
          order[c] = c;
          worst[c] = cards_cost (&u, c, G_MAXUINT);
        }
      g_qsort_with_data (order, u.n_cards, sizeof (guint), compare_by_cost, worst);

      for (guint i = 0; i < u.n_cards && u.budget > 0 && worst[order[i]] > 0; i++)
        {
          guint c = order[i];
          double *box = untangle_box (&u, c);
          double home_x = box[0], home_y = box[1], best_x = box[0], best_y = box[1];
          double step = ceil ((box[2] + EVB_LAYOUT_GAP_X) / 16), best_distance = 0;
          guint cost = cards_cost (&u, c, G_MAXUINT), best = cost, swap = G_MAXUINT;

          if (cost == 0)
            continue;
          for (guint r = 0; r < rows->len && u.budget > 0; r++)
            {
              double y = g_array_index (rows, double, r);

              if (r > 0 && y == g_array_index (rows, double, r - 1))
                continue;
              for (double x = left - box[2] - EVB_LAYOUT_GAP_X; x <= right + EVB_LAYOUT_GAP_X; x += step)
                {
                  double distance = hypot (x - home_x, y - home_y);
                  guint trial;

                  if ((x == home_x && y == home_y) || !untangle_place_free (&u, c, x, y))
                    continue;
                  box[0] = x;
                  box[1] = y;
                  trial = cards_cost (&u, c, G_MAXUINT);
                  box[0] = home_x;
                  box[1] = home_y;
                  if (trial < best || (trial == best && best < cost && distance < best_distance))
                    {
                      best = trial;
                      best_x = x;
                      best_y = y;
                      best_distance = distance;
                    }
                }
            }
          /* Or it changes places with another card. */
          for (guint d = 0; d < u.n_cards && u.budget > 0; d++)
            {
              double *other = untangle_box (&u, d);
              double other_x = other[0], other_y = other[1];
              double distance = hypot (other_x - home_x, other_y - home_y);
              gboolean free;
              guint before, trial;

              if (d == c)
                continue;
              other[0] = other[1] = NAN;
              free = untangle_place_free (&u, c, other_x, other_y);
              box[0] = other_x;
              box[1] = other_y;
              free = free && untangle_place_free (&u, d, home_x, home_y);
              box[0] = home_x;
              box[1] = home_y;
              other[0] = other_x;
              other[1] = other_y;
              if (!free)
                continue;
              before = cards_cost (&u, c, d);
              box[0] = other_x;
              box[1] = other_y;
              other[0] = home_x;
              other[1] = home_y;
              trial = cards_cost (&u, c, d);
              if (trial < before && cost - (before - trial) < best)
                {
                  best = cost - (before - trial);
                  best_x = other_x;
                  best_y = other_y;
                  best_distance = distance;
                  swap = d;
                }
              box[0] = home_x;
              box[1] = home_y;
              other[0] = other_x;
              other[1] = other_y;
            }

          if (best < cost)
            {
              Card *card = &g_array_index (cards, Card, c);

              if (swap != G_MAXUINT)
                {
                  Card *other = &g_array_index (cards, Card, swap);
                  double *other_box = untangle_box (&u, swap);

                  other_box[0] = other->x = home_x;
                  other_box[1] = other->y = home_y;
                }
              box[0] = card->x = best_x;
              box[1] = card->y = best_y;
              moved = TRUE;
            }
        }
    }

  g_array_unref (u.boxes);
  g_array_unref (u.segments);
  g_free (u.first_seg);
  g_free (u.seg_of);
}

/* Rows one under the other, in igraph's order. A card goes under the
 * middle of the claims above it it bears on (or as far left as it can),
 * past the cards before it in the row and past the cards that stay. A
 * layer wider than the whole would be in a 16:9 frame (and than
 * MIN_CARDS_PER_ROW cards) goes on in another row under it: a board fitted
 * to a window stays readable. */
static void
place_rows (GArray                    *cards,
            EvbBoard                  *board,
            GHashTable                *index_of,
            const igraph_vector_int_t *edges,
            Occupancy                 *fixed,
            double                     origin_x,
            double                     origin_y)
{
  g_autofree guint *order = g_new (guint, cards->len);
  g_autofree guint *first_below = g_new0 (guint, cards->len + 1);
  g_autofree guint *below = NULL;
  igraph_integer_t n_edges = igraph_vector_int_size (edges) / 2;
  double row_y = origin_y, area = 0, widest = 0, max_width;
  guint start = 0;

  for (guint i = 0; i < cards->len; i++)
    {
      const Card *card = &g_array_index (cards, Card, i);

      area += (card->width + EVB_LAYOUT_GAP_X) * (card->height + EVB_LAYOUT_GAP_Y);
      widest = MAX (widest, card->width);
    }
  max_width = MAX (MIN_CARDS_PER_ROW * (widest + EVB_LAYOUT_GAP_X) - EVB_LAYOUT_GAP_X,
                   ceil (sqrt (area * 16 / 9)));

  /* The cards under each card (an edge goes from the claim down). */
  below = g_new (guint, n_edges + 1);
  for (igraph_integer_t e = 0; e < n_edges; e++)
    first_below[VECTOR (*edges)[2 * e] + 1]++;
  for (guint i = 0; i < cards->len; i++)
    first_below[i + 1] += first_below[i];
  {
    g_autofree guint *fill = g_memdup2 (first_below, sizeof (guint) * cards->len);

    for (igraph_integer_t e = 0; e < n_edges; e++)
      below[fill[VECTOR (*edges)[2 * e]]++] = VECTOR (*edges)[2 * e + 1];
  }

  for (guint i = 0; i < cards->len; i++)
    order[i] = i;
  g_qsort_with_data (order, cards->len, sizeof (guint), compare_by_layer, cards->data);

  while (start < cards->len)
    {
      double layer = g_array_index (cards, Card, order[start]).layer;
      double row_height = 0, cursor = origin_x;
      guint end = start;

      while (end < cards->len && g_array_index (cards, Card, order[end]).layer == layer)
        {
          const Card *card = &g_array_index (cards, Card, order[end]);

          row_height = MAX (row_height, card->height);
          row_y = MAX (row_y, ceil (card->min_y));
          end++;
        }

      for (guint i = start; i < end; i++)
        {
          Card *card = &g_array_index (cards, Card, order[i]);
          double wanted = origin_x, x;
          const double *obstacle;

          if (card->above_count > 0)
            wanted = ceil (card->above_sum / card->above_count - card->width / 2);
          x = MAX (cursor, wanted);
          if (x + card->width > origin_x + max_width && cursor > origin_x)
            {
              row_y = ceil (row_y + row_height + EVB_LAYOUT_GAP_Y);
              x = CLAMP (wanted, origin_x, origin_x + max_width - card->width);
            }
          while ((obstacle = occupancy_find (fixed, x, row_y, card->width, row_height,
                                             EVB_LAYOUT_GAP_X / 2)) != NULL)
            x = ceil (obstacle[0] + obstacle[2] + EVB_LAYOUT_GAP_X);
          card->x = x;
          card->y = row_y;
          card->placed = TRUE;
          cursor = x + card->width + EVB_LAYOUT_GAP_X;

          for (guint k = first_below[order[i]]; k < first_below[order[i] + 1]; k++)
            {
              Card *under = &g_array_index (cards, Card, below[k]);

              if (under->placed)
                continue;
              under->above_sum += x + card->width / 2;
              under->above_count++;
            }
        }

      row_y = ceil (row_y + row_height + EVB_LAYOUT_GAP_Y);
      start = end;
    }

  centre_over_cards_below (cards, first_below, below, fixed);
  fan_out_evidence (cards, first_below, below, fixed);
  untangle_links (cards, board, index_of);
}

static igraph_error_t
layout_layered (GArray              *cards,
                igraph_vector_int_t *edges)
{
  igraph_t graph;
  igraph_matrix_t res;

  IGRAPH_CHECK (igraph_create (&graph, edges, cards->len, IGRAPH_DIRECTED));
  IGRAPH_FINALLY (igraph_destroy, &graph);
  IGRAPH_CHECK (igraph_matrix_init (&res, 0, 0));
  IGRAPH_FINALLY (igraph_matrix_destroy, &res);

  /* igraph's sweeps that reduce crossings take most of the time: on a
   * board of 10,000 cards 100 sweeps took 3.6 s and 10 took 0.7 s, with
   * the crossings already mostly gone after the first few. */
  IGRAPH_CHECK (igraph_layout_sugiyama (&graph, &res, NULL, NULL, NULL, 1.0, 1.0,
                                        cards->len <= 1000 ? 100 : 10, NULL));
  for (guint i = 0; i < cards->len; i++)
    {
      Card *card = &g_array_index (cards, Card, i);

      card->order = MATRIX (res, i, 0);
      card->layer = MATRIX (res, i, 1);
    }

  igraph_matrix_destroy (&res);
  igraph_destroy (&graph);
  IGRAPH_FINALLY_CLEAN (2);
  return IGRAPH_SUCCESS;
}

static int
compare_by_distance (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  const double *distance = user_data;
  double da = distance[*(const guint *) a], db = distance[*(const guint *) b];

  if (da != db)
    return da < db ? -1 : 1;
  return *(const guint *) a < *(const guint *) b ? -1 : 1;
}

/* The free place nearest (x, y): rings of candidates further and further
 * out, the nearest candidate of the first ring that has a free one. */
static void
find_free_place (Occupancy *occ,
                 Card      *card,
                 double     x,
                 double     y)
{
  for (int ring = 0; ; ring++)
    {
      double best_distance = G_MAXDOUBLE, best_x = x, best_y = y;

      for (int i = -ring; i <= ring; i++)
        for (int j = -ring; j <= ring; j++)
          {
            double cx, cy, distance;

            if (ABS (i) != ring && ABS (j) != ring)
              continue;
            cx = x + i * FORCE_STEP;
            cy = y + j * FORCE_STEP;
            distance = (double) i * i + (double) j * j;
            if (distance < best_distance &&
                occupancy_find (occ, cx, cy, card->width, card->height, FORCE_MARGIN) == NULL)
              {
                best_distance = distance;
                best_x = cx;
                best_y = cy;
              }
          }
      if (best_distance < G_MAXDOUBLE)
        {
          card->x = best_x;
          card->y = best_y;
          return;
        }
    }
}

static igraph_error_t
layout_force (GArray              *cards,
              igraph_vector_int_t *edges,
              Occupancy           *fixed,
              double               origin_x,
              double               origin_y)
{
  g_autofree double *distance = g_new (double, cards->len);
  g_autofree guint *order = g_new (guint, cards->len);
  guint columns = MAX (1, (guint) ceil (sqrt (cards->len)));
  double slot_x = 0, slot_y = 0, min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE;
  double mid_x = 0, mid_y = 0;
  igraph_t graph;
  igraph_matrix_t res;

  IGRAPH_CHECK (igraph_create (&graph, edges, cards->len, IGRAPH_UNDIRECTED));
  IGRAPH_FINALLY (igraph_destroy, &graph);
  IGRAPH_CHECK (igraph_matrix_init (&res, cards->len, 2));
  IGRAPH_FINALLY (igraph_matrix_destroy, &res);

  /* A grid in board order to start from, so the result does not depend
   * on where the cards were. */
  for (guint i = 0; i < cards->len; i++)
    {
      MATRIX (res, i, 0) = i % columns;
      MATRIX (res, i, 1) = i / columns;
    }
  IGRAPH_CHECK (igraph_layout_fruchterman_reingold (&graph, &res, TRUE, 500, sqrt (cards->len),
                                                    IGRAPH_LAYOUT_AUTOGRID, NULL,
                                                    NULL, NULL, NULL, NULL));

  for (guint i = 0; i < cards->len; i++)
    {
      const Card *card = &g_array_index (cards, Card, i);

      slot_x = MAX (slot_x, card->width);
      slot_y = MAX (slot_y, card->height);
      min_x = MIN (min_x, MATRIX (res, i, 0));
      min_y = MIN (min_y, MATRIX (res, i, 1));
      mid_x += MATRIX (res, i, 0) / cards->len;
      mid_y += MATRIX (res, i, 1) / cards->len;
    }
  /* igraph keeps linked points about one unit apart: a card and a gap. */
  slot_x += EVB_LAYOUT_GAP_X;
  slot_y += EVB_LAYOUT_GAP_X;

  for (guint i = 0; i < cards->len; i++)
    {
      order[i] = i;
      distance[i] = hypot (MATRIX (res, i, 0) - mid_x, MATRIX (res, i, 1) - mid_y);
    }
  g_qsort_with_data (order, cards->len, sizeof (guint), compare_by_distance, distance);

  for (guint i = 0; i < cards->len; i++)
    {
      guint k = order[i];
      Card *card = &g_array_index (cards, Card, k);

      find_free_place (fixed, card,
                       round (origin_x + (MATRIX (res, k, 0) - min_x) * slot_x),
                       round (origin_y + (MATRIX (res, k, 1) - min_y) * slot_y));
      occupancy_add (fixed, card->x, card->y, card->width, card->height);
    }

  igraph_matrix_destroy (&res);
  igraph_destroy (&graph);
  IGRAPH_FINALLY_CLEAN (2);
  return IGRAPH_SUCCESS;
}

/* Public API */

const char *
evb_layout_method_to_string (EvbLayoutMethod method)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (EVB_TYPE_LAYOUT_METHOD);
  GEnumValue *value = g_enum_get_value (klass, method);

  return value != NULL ? value->value_nick : NULL;
}

gboolean
evb_layout_method_from_string (const char      *str,
                               EvbLayoutMethod *method)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (EVB_TYPE_LAYOUT_METHOD);
  GEnumValue *value;

  g_return_val_if_fail (method != NULL, FALSE);

  value = str != NULL ? g_enum_get_value_by_nick (klass, str) : NULL;
  if (value == NULL)
    return FALSE;
  *method = value->value;
  return TRUE;
}

static void
clear_position (gpointer data)
{
  g_free (((EvbLayoutPosition *) data)->id);
}

typedef struct
{
  const EvbNodeData *data;
  double             x, y;
} Arranged;

static int
compare_across (gconstpointer a,
                gconstpointer b)
{
  const Arranged *pa = a, *pb = b;

  if (pa->data->x != pb->data->x)
    return pa->data->x < pb->data->x ? -1 : 1;
  return g_strcmp0 (pa->data->id, pb->data->id);
}

static int
compare_down (gconstpointer a,
              gconstpointer b)
{
  const Arranged *pa = a, *pb = b;

  if (pa->data->y != pb->data->y)
    return pa->data->y < pb->data->y ? -1 : 1;
  return g_strcmp0 (pa->data->id, pb->data->id);
}

/* Even gaps between the cards in the order of their left (top) edges; the
 * first and the last stay. */
static void
spread (GArray   *cards,
        gboolean  across)
{
  double start, end, room = 0, cursor;
  Arranged *first, *last;

  if (cards->len < 3)
    return;
  g_array_sort (cards, across ? compare_across : compare_down);
  first = &g_array_index (cards, Arranged, 0);
  last = &g_array_index (cards, Arranged, cards->len - 1);
  start = across ? first->data->x : first->data->y;
  end = across ? last->data->x + last->data->width : last->data->y + last->data->height;
  for (guint i = 0; i < cards->len; i++)
    {
      const EvbNodeData *d = g_array_index (cards, Arranged, i).data;

      room += across ? d->width : d->height;
    }
  cursor = start;
  for (guint i = 0; i < cards->len; i++)
    {
      Arranged *card = &g_array_index (cards, Arranged, i);
      double gap = (end - start - room) / (cards->len - 1);

      if (i > 0 && i < cards->len - 1)
        {
          if (across)
            card->x = round (cursor);
          else
            card->y = round (cursor);
        }
      cursor += (across ? card->data->width : card->data->height) + gap;
    }
}

GArray *
evb_layout_arrange (EvbBoard       *board,
                    GPtrArray      *node_ids,
                    EvbArrangement  arrangement)
{
  g_autoptr(GArray) cards = g_array_new (FALSE, FALSE, sizeof (Arranged));
  double x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = -G_MAXDOUBLE, y2 = -G_MAXDOUBLE;
  GArray *positions;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  g_return_val_if_fail (node_ids != NULL, NULL);

  for (guint i = 0; i < node_ids->len; i++)
    {
      EvbNode *node = evb_board_get_node (board, g_ptr_array_index (node_ids, i));
      Arranged card;

      if (node == NULL)
        continue;
      card.data = evb_node_get_data (node);
      card.x = card.data->x;
      card.y = card.data->y;
      x1 = MIN (x1, card.x);
      y1 = MIN (y1, card.y);
      x2 = MAX (x2, card.x + card.data->width);
      y2 = MAX (y2, card.y + card.data->height);
      g_array_append_val (cards, card);
    }

  switch (arrangement)
    {
    case EVB_ARRANGE_SPREAD_ACROSS:
    case EVB_ARRANGE_SPREAD_DOWN:
      spread (cards, arrangement == EVB_ARRANGE_SPREAD_ACROSS);
      break;
    case EVB_ARRANGE_LEFT:
    case EVB_ARRANGE_CENTRE:
    case EVB_ARRANGE_RIGHT:
    case EVB_ARRANGE_TOP:
    case EVB_ARRANGE_MIDDLE:
    case EVB_ARRANGE_BOTTOM:
    default:
      for (guint i = 0; i < cards->len; i++)
        {
          Arranged *card = &g_array_index (cards, Arranged, i);

          if (arrangement == EVB_ARRANGE_LEFT)
            card->x = x1;
          else if (arrangement == EVB_ARRANGE_CENTRE)
            card->x = round ((x1 + x2 - card->data->width) / 2);
          else if (arrangement == EVB_ARRANGE_RIGHT)
            card->x = x2 - card->data->width;
          else if (arrangement == EVB_ARRANGE_TOP)
            card->y = y1;
          else if (arrangement == EVB_ARRANGE_MIDDLE)
            card->y = round ((y1 + y2 - card->data->height) / 2);
          else if (arrangement == EVB_ARRANGE_BOTTOM)
            card->y = y2 - card->data->height;
        }
      break;
    }

  positions = g_array_sized_new (FALSE, FALSE, sizeof (EvbLayoutPosition), cards->len);
  g_array_set_clear_func (positions, clear_position);
  for (guint i = 0; i < cards->len; i++)
    {
      const Arranged *card = &g_array_index (cards, Arranged, i);
      EvbLayoutPosition position = { g_strdup (card->data->id), card->x, card->y };

      g_array_append_val (positions, position);
    }
  return positions;
}

GArray *
evb_layout_compute (EvbBoard         *board,
                    EvbLayoutMethod   method,
                    GPtrArray        *node_ids,
                    GError          **error)
{
  g_autoptr(GHashTable) index_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) cards = NULL;
  GArray *positions;
  igraph_vector_int_t edges;
  igraph_error_t rc;
  Occupancy fixed;
  double origin_x = G_MAXDOUBLE, origin_y = G_MAXDOUBLE;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  g_return_val_if_fail (method == EVB_LAYOUT_LAYERED || method == EVB_LAYOUT_FORCE, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  occupancy_init (&fixed);
  cards = collect_cards (board, node_ids, index_of, &fixed);
  for (guint i = 0; i < cards->len; i++)
    {
      origin_x = MIN (origin_x, round (g_array_index (cards, Card, i).x));
      origin_y = MIN (origin_y, round (g_array_index (cards, Card, i).y));
    }

  g_mutex_lock (&igraph_lock);
  prepare_igraph ();
  rc = igraph_vector_int_init (&edges, 0);
  if (rc == IGRAPH_SUCCESS)
    rc = collect_edges (board, index_of, cards, &edges);
  if (rc == IGRAPH_SUCCESS && cards->len > 0)
    {
      if (method == EVB_LAYOUT_LAYERED)
        {
          rc = layout_layered (cards, &edges);
          if (rc == IGRAPH_SUCCESS)
            place_rows (cards, board, index_of, &edges, &fixed, origin_x, origin_y);
        }
      else
        rc = layout_force (cards, &edges, &fixed, origin_x, origin_y);
    }
  igraph_vector_int_destroy (&edges);
  g_mutex_unlock (&igraph_lock);
  occupancy_clear (&fixed);

  if (rc != IGRAPH_SUCCESS)
    {
      set_igraph_error (error, rc);
      return NULL;
    }

  positions = g_array_sized_new (FALSE, FALSE, sizeof (EvbLayoutPosition), cards->len);
  g_array_set_clear_func (positions, clear_position);
  for (guint i = 0; i < cards->len; i++)
    {
      const Card *card = &g_array_index (cards, Card, i);
      EvbLayoutPosition position = { g_strdup (evb_node_get_id (card->node)), card->x, card->y };

      g_array_append_val (positions, position);
    }
  return positions;
}
