/* evb-selection.c: the one set of selected cards and links of a board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Before this object the canvas kept the selection and copied it into the
 * renderer and the inspector by hand; one copy missed an update now and
 * then. Now there is one set, and whoever shows it listens to `changed`.
 * The order matters to the keyboard (the last card selected is the one F2
 * edits) and to linking (first the evidence, then the claim), so ids are
 * kept in arrays, with a set beside them for membership.
 */

#include "config.h"

#include "evb-selection.h"

struct _EvbSelection
{
  GObject     parent_instance;

  EvbBoard   *board;
  GPtrArray  *nodes;   /* char *, in selection order */
  GPtrArray  *links;   /* char *, in selection order */
  GHashTable *ids;     /* char * (owned by the arrays) → itself */
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EvbSelection, evb_selection, G_TYPE_OBJECT)

static void
emit_changed (EvbSelection *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
remove_from (GPtrArray  *array,
             const char *id)
{
  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (g_ptr_array_index (array, i), id))
      {
        g_ptr_array_remove_index (array, i);
        return TRUE;
      }
  return FALSE;
}

/* Removes without emitting; TRUE when it was selected. */
static gboolean
drop_id (EvbSelection *self,
         const char   *id)
{
  if (!g_hash_table_contains (self->ids, id))
    return FALSE;
  /* The set's key is the array's string: drop it from the set first. */
  g_hash_table_remove (self->ids, id);
  if (!remove_from (self->nodes, id))
    remove_from (self->links, id);
  return TRUE;
}

/* Adds without emitting; TRUE when it was added. */
static gboolean
add_id (EvbSelection *self,
        const char   *id)
{
  GPtrArray *array;
  char *copy;

  if (id == NULL || g_hash_table_contains (self->ids, id))
    return FALSE;
  if (evb_board_get_node (self->board, id) != NULL)
    array = self->nodes;
  else if (evb_board_get_link (self->board, id) != NULL)
    array = self->links;
  else
    return FALSE;

  copy = g_strdup (id);
  g_ptr_array_add (array, copy);
  g_hash_table_add (self->ids, copy);
  return TRUE;
}

/* Empties without emitting; TRUE when anything was selected. */
static gboolean
drop_all (EvbSelection *self)
{
  if (g_hash_table_size (self->ids) == 0)
    return FALSE;
  g_hash_table_remove_all (self->ids);
  g_ptr_array_set_size (self->nodes, 0);
  g_ptr_array_set_size (self->links, 0);
  return TRUE;
}

static void
node_removed_cb (EvbSelection *self,
                 EvbNode      *node)
{
  if (drop_id (self, evb_node_get_id (node)))
    emit_changed (self);
}

static void
link_removed_cb (EvbSelection *self,
                 EvbLink      *link)
{
  if (drop_id (self, evb_link_get_id (link)))
    emit_changed (self);
}

static void
evb_selection_dispose (GObject *object)
{
  EvbSelection *self = EVB_SELECTION (object);

  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  g_clear_object (&self->board);

  G_OBJECT_CLASS (evb_selection_parent_class)->dispose (object);
}

static void
evb_selection_finalize (GObject *object)
{
  EvbSelection *self = EVB_SELECTION (object);

  g_clear_pointer (&self->ids, g_hash_table_unref);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->links, g_ptr_array_unref);

  G_OBJECT_CLASS (evb_selection_parent_class)->finalize (object);
}

static void
evb_selection_class_init (EvbSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = evb_selection_dispose;
  object_class->finalize = evb_selection_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
evb_selection_init (EvbSelection *self)
{
  self->nodes = g_ptr_array_new_with_free_func (g_free);
  self->links = g_ptr_array_new_with_free_func (g_free);
  self->ids = g_hash_table_new (g_str_hash, g_str_equal);
}

EvbSelection *
evb_selection_new (EvbBoard *board)
{
  EvbSelection *self;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  self = g_object_new (EVB_TYPE_SELECTION, NULL);
  self->board = g_object_ref (board);
  g_signal_connect_object (board, "node-removed", G_CALLBACK (node_removed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (board, "link-removed", G_CALLBACK (link_removed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

EvbBoard *
evb_selection_get_board (EvbSelection *self)
{
  g_return_val_if_fail (EVB_IS_SELECTION (self), NULL);
  return self->board;
}

GPtrArray *
evb_selection_get_nodes (EvbSelection *self)
{
  g_return_val_if_fail (EVB_IS_SELECTION (self), NULL);
  return self->nodes;
}

GPtrArray *
evb_selection_get_links (EvbSelection *self)
{
  g_return_val_if_fail (EVB_IS_SELECTION (self), NULL);
  return self->links;
}

GHashTable *
evb_selection_get_ids (EvbSelection *self)
{
  g_return_val_if_fail (EVB_IS_SELECTION (self), NULL);
  return self->ids;
}

gboolean
evb_selection_contains (EvbSelection *self,
                        const char   *id)
{
  g_return_val_if_fail (EVB_IS_SELECTION (self), FALSE);
  return id != NULL && g_hash_table_contains (self->ids, id);
}

gboolean
evb_selection_is_empty (EvbSelection *self)
{
  g_return_val_if_fail (EVB_IS_SELECTION (self), TRUE);
  return g_hash_table_size (self->ids) == 0;
}

const char *
evb_selection_get_last_node (EvbSelection *self)
{
  g_return_val_if_fail (EVB_IS_SELECTION (self), NULL);
  return self->nodes->len > 0 ? g_ptr_array_index (self->nodes, self->nodes->len - 1) : NULL;
}

void
evb_selection_select (EvbSelection *self,
                      const char   *id,
                      gboolean      add)
{
  gboolean changed = FALSE;

  g_return_if_fail (EVB_IS_SELECTION (self));
  g_return_if_fail (id != NULL);

  if (!add)
    {
      /* Already the only one: nothing changes. */
      if (g_hash_table_size (self->ids) == 1 && g_hash_table_contains (self->ids, id))
        return;
      if (evb_board_get_node (self->board, id) == NULL &&
          evb_board_get_link (self->board, id) == NULL)
        return;
      changed = drop_all (self);
    }
  changed |= add_id (self, id);
  if (changed)
    emit_changed (self);
}

void
evb_selection_unselect (EvbSelection *self,
                        const char   *id)
{
  g_return_if_fail (EVB_IS_SELECTION (self));
  g_return_if_fail (id != NULL);

  if (drop_id (self, id))
    emit_changed (self);
}

void
evb_selection_toggle (EvbSelection *self,
                      const char   *id)
{
  g_return_if_fail (EVB_IS_SELECTION (self));
  g_return_if_fail (id != NULL);

  if (drop_id (self, id) || add_id (self, id))
    emit_changed (self);
}

static gboolean
same_as (EvbSelection       *self,
         const char * const *ids)
{
  guint n_nodes = 0, n_links = 0;

  /* The same ids, and in each kind the same order. */
  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *id = ids[i];
      GPtrArray *held;
      guint *n;

      if (evb_board_get_node (self->board, id) != NULL)
        held = self->nodes, n = &n_nodes;
      else if (evb_board_get_link (self->board, id) != NULL)
        held = self->links, n = &n_links;
      else
        continue;
      if (*n >= held->len || !g_str_equal (g_ptr_array_index (held, *n), id))
        return FALSE;
      (*n)++;
    }
  return n_nodes == self->nodes->len && n_links == self->links->len;
}

void
evb_selection_set (EvbSelection       *self,
                   const char * const *ids)
{
  gboolean changed;

  g_return_if_fail (EVB_IS_SELECTION (self));

  if (ids == NULL)
    {
      evb_selection_clear (self);
      return;
    }
  if (same_as (self, ids))
    return;

  changed = drop_all (self);
  for (guint i = 0; ids[i] != NULL; i++)
    changed |= add_id (self, ids[i]);
  if (changed)
    emit_changed (self);
}

void
evb_selection_add (EvbSelection       *self,
                   const char * const *ids)
{
  gboolean changed = FALSE;

  g_return_if_fail (EVB_IS_SELECTION (self));

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    changed |= add_id (self, ids[i]);
  if (changed)
    emit_changed (self);
}

void
evb_selection_select_all (EvbSelection *self)
{
  GPtrArray *nodes;
  g_autoptr(GPtrArray) ids = NULL;

  g_return_if_fail (EVB_IS_SELECTION (self));

  /* Every card and no link, as Ctrl+A does in the canvas. */
  nodes = evb_board_get_nodes (self->board);
  ids = g_ptr_array_sized_new (nodes->len + 1);
  for (guint i = 0; i < nodes->len; i++)
    g_ptr_array_add (ids, (gpointer) evb_node_get_id (g_ptr_array_index (nodes, i)));
  g_ptr_array_add (ids, NULL);
  evb_selection_set (self, (const char * const *) ids->pdata);
}

void
evb_selection_clear (EvbSelection *self)
{
  g_return_if_fail (EVB_IS_SELECTION (self));

  if (drop_all (self))
    emit_changed (self);
}
