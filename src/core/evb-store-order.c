/* evb-store-order.c: planning the drawing order (z) of what an undo step adds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drawing order lives in a `z` column of node and link, remembered in
 * memory by id. Appended items get z spaced EVB_STORE_Z_GAP apart; an item
 * put back in the middle (undo of a delete) gets a z in the gap between its
 * neighbours, and only when a gap is used up is the table renumbered.
 */

#include "config.h"

#include "evb-store-private.h"


/* Gives the items a step added (present = still on the board at its end)
 * a z between the z of their neighbours in the drawing order. New items go
 * at the end; an undone delete goes back into the gap it left. Only when a
 * gap is too small are all items renumbered (returns TRUE; planned then
 * holds every item's z). Without adds this costs nothing, so a move stays
 * one UPDATE. */
gboolean
_evb_store_plan_order (GPtrArray   *items,
                       GHashTable  *added,
                       guint        n_present,
                       const char *(*get_id) (gpointer item),
                       GHashTable  *known_z,
                       GHashTable  *planned)
{
  guint n = items->len;
  guint i = 0;
  gboolean have_lower = FALSE;
  gint64 lower = 0;

  if (n_present == 0)
    return FALSE;

  /* Usually everything added sits at the end: start there. */
  {
    guint tail = 0;

    while (tail < n_present && tail < n &&
           g_hash_table_lookup (added, get_id (g_ptr_array_index (items, n - tail - 1))))
      tail++;
    if (tail == n_present)
      i = n - tail;
  }
  if (i > 0)
    {
      gint64 *z = g_hash_table_lookup (known_z, get_id (g_ptr_array_index (items, i - 1)));

      if (z == NULL)
        goto renumber;
      lower = *z;
      have_lower = TRUE;
    }

  while (i < n)
    {
      const char *id = get_id (g_ptr_array_index (items, i));
      gint64 base, step;
      guint j;

      if (!g_hash_table_lookup (added, id))
        {
          gint64 *z = g_hash_table_lookup (known_z, id);

          if (z == NULL || (have_lower && *z <= lower))
            goto renumber;
          lower = *z;
          have_lower = TRUE;
          i++;
          continue;
        }

      /* A run of added items [i, j) between lower and the item at j. */
      for (j = i; j < n && g_hash_table_lookup (added, get_id (g_ptr_array_index (items, j))); j++)
        ;
      step = EVB_STORE_Z_GAP;
      base = have_lower ? lower : 0;
      if (j < n)
        {
          gint64 *upper = g_hash_table_lookup (known_z, get_id (g_ptr_array_index (items, j)));

          if (upper == NULL)
            goto renumber;
          if (!have_lower)
            base = *upper - EVB_STORE_Z_GAP * (gint64) (j - i + 1);
          else if (*upper - lower <= (gint64) (j - i))
            goto renumber;
          else
            step = (*upper - lower) / (gint64) (j - i + 1);
        }
      for (guint k = i; k < j; k++)
        g_hash_table_insert (planned, (gpointer) get_id (g_ptr_array_index (items, k)),
                             g_memdup2 (&(gint64) { base + step * (gint64) (k - i + 1) },
                                        sizeof (gint64)));
      lower = base + step * (gint64) (j - i);
      have_lower = TRUE;
      i = j;
    }
  return FALSE;

renumber:
  g_hash_table_remove_all (planned);
  for (i = 0; i < n; i++)
    g_hash_table_insert (planned, (gpointer) get_id (g_ptr_array_index (items, i)),
                         g_memdup2 (&(gint64) { EVB_STORE_Z_GAP * (gint64) i }, sizeof (gint64)));
  return TRUE;
}

gint64
_evb_store_lookup_z (GHashTable *z_of,
                     const char *id)
{
  gint64 *z = g_hash_table_lookup (z_of, id);

  /* Not planned: added and removed again in the same step. */
  return z != NULL ? *z : 0;
}

void
_evb_store_remember_z (GHashTable *known_z,
                       GHashTable *planned,
                       gboolean    renumbered)
{
  GHashTableIter iter;
  gpointer key, value;

  if (renumbered)
    g_hash_table_remove_all (known_z);
  g_hash_table_iter_init (&iter, planned);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (known_z, g_strdup (key), g_memdup2 (value, sizeof (gint64)));
}

int
_evb_store_write_all_z (EvbStore  *self,
                        int        which,
                        GPtrArray *items,
                        const char *(*get_id) (gpointer item),
                        GHashTable *planned)
{
  int rc = SQLITE_OK;

  for (guint i = 0; rc == SQLITE_OK && i < items->len; i++)
    {
      const char *id = get_id (g_ptr_array_index (items, i));

      rc = _evb_store_write_z (self, which, id, _evb_store_lookup_z (planned, id));
    }
  return rc;
}

