/* evb-spatial-index.c: a uniform grid over rectangles, for culling and hit testing
 *
 * Boards are drawn by people: cards are of similar size and spread over a
 * plane, so a uniform grid with cells a little bigger than a card finds what is
 * in a viewport in time proportional to what is there, and moving a card only
 * touches the few cells it covers. Items that would cover many cells (a link
 * across the whole board) are kept aside in a list of their own, tested
 * against every query: a few hundred of them cost less than the thousands
 * of cell entries they would make.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "evb-spatial-index.h"

/* Items covering more cells than this go to the big set. */
#define MAX_CELLS_PER_ITEM 16

typedef struct
{
  graphene_rect_t bounds;
  int             x0, y0, x1, y1;   /* covered cells, inclusive */
  gboolean        big;
} Entry;

struct _EvbSpatialIndex
{
  double      cell_size;
  GHashTable *entries;   /* item → Entry */
  GHashTable *cells;     /* packed cell key → GPtrArray of items */
  GHashTable *big;       /* items in no cell */
};

static inline gint64
cell_key (int cx,
          int cy)
{
  return (gint64) (((guint64) (guint32) cx << 32) | (guint32) cy);
}

/* g_int64_hash folds the two halves together (cx ^ cy), which sends a
 * whole grid of cells to as many hash values as it has columns: lookups
 * then walk long chains (half the time of indexing 100,000 cards). A
 * multiply-and-shift mix (MurmurHash3's finaliser) spreads them. */
static guint
cell_hash (gconstpointer key)
{
  guint64 v = *(const guint64 *) key;

  v ^= v >> 33;
  v *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  v ^= v >> 33;
  return (guint) v;
}

static int
cell_of (EvbSpatialIndex *self,
         double           v)
{
  /* Clamp so that huge coordinates cannot overflow an int. */
  return (int) CLAMP (floor (v / self->cell_size), -1e9, 1e9);
}

static void
cell_range (EvbSpatialIndex       *self,
            const graphene_rect_t *r,
            int                   *x0,
            int                   *y0,
            int                   *x1,
            int                   *y1)
{
  *x0 = cell_of (self, r->origin.x);
  *y0 = cell_of (self, r->origin.y);
  *x1 = cell_of (self, r->origin.x + MAX (r->size.width, 0));
  *y1 = cell_of (self, r->origin.y + MAX (r->size.height, 0));
}

static void
unlink_entry (EvbSpatialIndex *self,
              gpointer         item,
              const Entry     *entry)
{
  if (entry->big)
    {
      g_hash_table_remove (self->big, item);
      return;
    }
  for (int cx = entry->x0; cx <= entry->x1; cx++)
    for (int cy = entry->y0; cy <= entry->y1; cy++)
      {
        gint64 key = cell_key (cx, cy);
        GPtrArray *cell = g_hash_table_lookup (self->cells, &key);

        if (cell == NULL)
          continue;
        g_ptr_array_remove_fast (cell, item);
        if (cell->len == 0)
          g_hash_table_remove (self->cells, &key);
      }
}

EvbSpatialIndex *
evb_spatial_index_new (double cell_size)
{
  EvbSpatialIndex *self = g_new0 (EvbSpatialIndex, 1);

  self->cell_size = cell_size > 0 ? cell_size : 512.0;
  self->entries = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->cells = g_hash_table_new_full (cell_hash, g_int64_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
  self->big = g_hash_table_new (NULL, NULL);
  return self;
}

void
evb_spatial_index_free (EvbSpatialIndex *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->entries);
  g_hash_table_unref (self->cells);
  g_hash_table_unref (self->big);
  g_free (self);
}

void
evb_spatial_index_clear (EvbSpatialIndex *self)
{
  g_return_if_fail (self != NULL);
  g_hash_table_remove_all (self->entries);
  g_hash_table_remove_all (self->cells);
  g_hash_table_remove_all (self->big);
}

guint
evb_spatial_index_get_size (EvbSpatialIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return g_hash_table_size (self->entries);
}

void
evb_spatial_index_set (EvbSpatialIndex       *self,
                       gpointer               item,
                       const graphene_rect_t *bounds)
{
  Entry *entry;
  graphene_rect_t norm;

  g_return_if_fail (self != NULL);
  g_return_if_fail (item != NULL);
  g_return_if_fail (bounds != NULL);

  graphene_rect_normalize_r (bounds, &norm);
  entry = g_hash_table_lookup (self->entries, item);
  if (entry != NULL)
    unlink_entry (self, item, entry);
  else
    {
      entry = g_new0 (Entry, 1);
      g_hash_table_insert (self->entries, item, entry);
    }

  entry->bounds = norm;
  cell_range (self, &norm, &entry->x0, &entry->y0, &entry->x1, &entry->y1);
  entry->big = ((double) entry->x1 - entry->x0 + 1) * ((double) entry->y1 - entry->y0 + 1) > MAX_CELLS_PER_ITEM;
  if (entry->big)
    {
      g_hash_table_add (self->big, item);
      return;
    }

  for (int cx = entry->x0; cx <= entry->x1; cx++)
    for (int cy = entry->y0; cy <= entry->y1; cy++)
      {
        gint64 key = cell_key (cx, cy);
        GPtrArray *cell = g_hash_table_lookup (self->cells, &key);

        if (cell == NULL)
          {
            cell = g_ptr_array_new ();
            g_hash_table_insert (self->cells, g_memdup2 (&key, sizeof key), cell);
          }
        g_ptr_array_add (cell, item);
      }
}

void
evb_spatial_index_remove (EvbSpatialIndex *self,
                          gpointer         item)
{
  Entry *entry;

  g_return_if_fail (self != NULL);

  entry = g_hash_table_lookup (self->entries, item);
  if (entry == NULL)
    return;
  unlink_entry (self, item, entry);
  g_hash_table_remove (self->entries, item);
}

gboolean
evb_spatial_index_lookup (EvbSpatialIndex *self,
                          gpointer         item,
                          graphene_rect_t *bounds)
{
  Entry *entry;

  g_return_val_if_fail (self != NULL, FALSE);

  entry = g_hash_table_lookup (self->entries, item);
  if (entry == NULL)
    return FALSE;
  if (bounds != NULL)
    *bounds = entry->bounds;
  return TRUE;
}

static gboolean
rects_touch (const graphene_rect_t *a,
             const graphene_rect_t *b)
{
  return a->origin.x <= b->origin.x + b->size.width &&
         b->origin.x <= a->origin.x + a->size.width &&
         a->origin.y <= b->origin.y + b->size.height &&
         b->origin.y <= a->origin.y + a->size.height;
}

GPtrArray *
evb_spatial_index_query (EvbSpatialIndex       *self,
                         const graphene_rect_t *rect)
{
  GPtrArray *result;
  graphene_rect_t norm;
  int x0, y0, x1, y1;
  double n_cells;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (rect != NULL, NULL);

  result = g_ptr_array_new ();
  graphene_rect_normalize_r (rect, &norm);
  cell_range (self, &norm, &x0, &y0, &x1, &y1);
  n_cells = ((double) x1 - x0 + 1) * ((double) y1 - y0 + 1);

  /* A view zoomed far out covers more cells than there are items: then
   * looking at every item is quicker than visiting empty cells. */
  if (n_cells > g_hash_table_size (self->cells))
    {
      GHashTableIter iter;
      gpointer item, value;

      g_hash_table_iter_init (&iter, self->entries);
      while (g_hash_table_iter_next (&iter, &item, &value))
        if (rects_touch (&((Entry *) value)->bounds, &norm))
          g_ptr_array_add (result, item);
      return result;
    }

  {
    GHashTableIter iter;
    gpointer item;

    g_hash_table_iter_init (&iter, self->big);
    while (g_hash_table_iter_next (&iter, &item, NULL))
      if (rects_touch (&((Entry *) g_hash_table_lookup (self->entries, item))->bounds, &norm))
        g_ptr_array_add (result, item);
  }

  for (int cx = x0; cx <= x1; cx++)
    for (int cy = y0; cy <= y1; cy++)
      {
        gint64 key = cell_key (cx, cy);
        GPtrArray *cell = g_hash_table_lookup (self->cells, &key);

        if (cell == NULL)
          continue;
        for (guint i = 0; i < cell->len; i++)
          {
            gpointer item = g_ptr_array_index (cell, i);
            Entry *entry = g_hash_table_lookup (self->entries, item);

            /* Report an item only from the first cell that both it and
             * the query cover, so no item comes twice. */
            if (cx != MAX (x0, entry->x0) || cy != MAX (y0, entry->y0))
              continue;
            if (rects_touch (&entry->bounds, &norm))
              g_ptr_array_add (result, item);
          }
      }

  return result;
}
