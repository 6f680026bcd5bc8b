/* evb-board.c: the board model and its undo history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change is made by a few primitive operations (add, remove or replace
 * one node, link or the board's title and description). A public change
 * records each primitive it makes as an EvbChange holding the whole record
 * before and after, then applies it. The outermost commit hands the changes
 * of the transaction to the commit func (the store writes them in one SQLite
 * transaction) and pushes them as one undo step. Undo applies the opposite
 * changes in reverse order, and goes through the commit func too, so the
 * file always holds what the screen shows.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "evb-board-private.h"
#include "evb-error.h"
#include "evb-group-private.h"
#include "evb-node-private.h"

/* Old steps are dropped past this; it bounds the memory of a long session. */
#define MAX_UNDO_STEPS 1000

typedef struct
{
  char      *label;
  char      *merge_key;
  GPtrArray *changes;
} Step;

struct _EvbBoard
{
  GObject             parent_instance;

  char               *title;
  char               *description;
  char               *created;
  char               *modified;

  GPtrArray          *nodes;
  GPtrArray          *links;
  GHashTable         *node_by_id;
  GHashTable         *link_by_id;
  GHashTable         *link_by_pair;
  guint               next_node_serial;
  guint               next_link_serial;

  /* Groups in drawing order, by id, and by member node id (a node is in
   * at most one group, so the last table answers "which group" at once). */
  GPtrArray          *groups;
  GHashTable         *group_by_id;
  GHashTable         *group_by_node;
  guint               next_group_serial;

  /* The open transaction */
  guint               depth;
  char               *label;
  char               *merge_key;
  char               *timestamp;
  GPtrArray          *pending;
  GHashTable         *pending_updates;

  GQueue              undo_steps;
  GQueue              redo_steps;

  EvbBoardCommitFunc  commit_func;
  gpointer            commit_data;
  GDestroyNotify      commit_destroy;
};

G_DEFINE_FINAL_TYPE (EvbBoard, evb_board, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

enum {
  NODE_ADDED,
  NODE_REMOVED,
  NODE_CHANGED,
  LINK_ADDED,
  LINK_REMOVED,
  LINK_CHANGED,
  GROUP_ADDED,
  GROUP_REMOVED,
  GROUP_CHANGED,
  CHANGED,
  COMMITTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
step_free (Step *step)
{
  g_free (step->label);
  g_free (step->merge_key);
  g_ptr_array_unref (step->changes);
  g_free (step);
}

EvbBoardMeta *
_evb_board_meta_copy (const EvbBoardMeta *meta)
{
  EvbBoardMeta *copy = g_new0 (EvbBoardMeta, 1);

  copy->title = g_strdup (meta->title);
  copy->description = g_strdup (meta->description);
  return copy;
}

void
_evb_board_meta_free (EvbBoardMeta *meta)
{
  if (meta == NULL)
    return;
  g_free (meta->title);
  g_free (meta->description);
  g_free (meta);
}

static gpointer
copy_record (EvbChangeType type,
             gconstpointer record)
{
  if (record == NULL)
    return NULL;

  switch (type)
    {
    case EVB_CHANGE_ADD_NODE:
    case EVB_CHANGE_REMOVE_NODE:
    case EVB_CHANGE_UPDATE_NODE:
      return evb_node_data_copy (record);
    case EVB_CHANGE_ADD_LINK:
    case EVB_CHANGE_REMOVE_LINK:
    case EVB_CHANGE_UPDATE_LINK:
      return evb_link_data_copy (record);
    case EVB_CHANGE_UPDATE_BOARD:
      return _evb_board_meta_copy (record);
    case EVB_CHANGE_ADD_GROUP:
    case EVB_CHANGE_REMOVE_GROUP:
    case EVB_CHANGE_UPDATE_GROUP:
      return evb_group_data_copy (record);
    default:
      g_assert_not_reached ();
    }
}

static void
free_record (EvbChangeType type,
             gpointer      record)
{
  switch (type)
    {
    case EVB_CHANGE_ADD_NODE:
    case EVB_CHANGE_REMOVE_NODE:
    case EVB_CHANGE_UPDATE_NODE:
      evb_node_data_free (record);
      break;
    case EVB_CHANGE_ADD_LINK:
    case EVB_CHANGE_REMOVE_LINK:
    case EVB_CHANGE_UPDATE_LINK:
      evb_link_data_free (record);
      break;
    case EVB_CHANGE_UPDATE_BOARD:
      _evb_board_meta_free (record);
      break;
    case EVB_CHANGE_ADD_GROUP:
    case EVB_CHANGE_REMOVE_GROUP:
    case EVB_CHANGE_UPDATE_GROUP:
      evb_group_data_free (record);
      break;
    default:
      g_assert_not_reached ();
    }
}

void
_evb_change_free (EvbChange *change)
{
  if (change == NULL)
    return;
  free_record (change->type, change->before);
  free_record (change->type, change->after);
  g_free (change);
}

static EvbChange *
change_new (EvbChangeType type,
            gpointer      before,
            gpointer      after,
            guint         index)
{
  EvbChange *change = g_new0 (EvbChange, 1);

  change->type = type;
  change->before = before;
  change->after = after;
  change->index = index;
  return change;
}

static EvbChange *
change_invert (const EvbChange *change)
{
  EvbChangeType type;

  switch (change->type)
    {
    case EVB_CHANGE_ADD_NODE:
      type = EVB_CHANGE_REMOVE_NODE;
      break;
    case EVB_CHANGE_REMOVE_NODE:
      type = EVB_CHANGE_ADD_NODE;
      break;
    case EVB_CHANGE_ADD_LINK:
      type = EVB_CHANGE_REMOVE_LINK;
      break;
    case EVB_CHANGE_REMOVE_LINK:
      type = EVB_CHANGE_ADD_LINK;
      break;
    case EVB_CHANGE_ADD_GROUP:
      type = EVB_CHANGE_REMOVE_GROUP;
      break;
    case EVB_CHANGE_REMOVE_GROUP:
      type = EVB_CHANGE_ADD_GROUP;
      break;
    case EVB_CHANGE_UPDATE_NODE:
    case EVB_CHANGE_UPDATE_LINK:
    case EVB_CHANGE_UPDATE_BOARD:
    case EVB_CHANGE_UPDATE_GROUP:
      type = change->type;
      break;
    default:
      g_assert_not_reached ();
    }

  return change_new (type,
                     copy_record (change->type, change->after),
                     copy_record (change->type, change->before),
                     change->index);
}

static char *
pair_key (const char *from,
          const char *to)
{
  return g_strconcat (from, "\x1f", to, NULL);
}

/* Primitive operations: no validation, no recording. */

static void
apply_add_node (EvbBoard    *self,
                EvbNodeData *data,
                guint        index,
                gboolean     emit)
{
  EvbNode *node = _evb_node_new (data);

  g_hash_table_insert (self->node_by_id, g_strdup (data->id), node);
  if (index >= self->nodes->len)
    g_ptr_array_add (self->nodes, node);
  else
    g_ptr_array_insert (self->nodes, index, node);

  if (emit)
    g_signal_emit (self, signals[NODE_ADDED], 0, node);
}

static guint
index_of (GPtrArray *array,
          gpointer   item)
{
  /* Searching from the end is quicker for the usual case of recent items. */
  for (guint i = array->len; i > 0; i--)
    if (g_ptr_array_index (array, i - 1) == item)
      return i - 1;

  g_assert_not_reached ();
}

static void
apply_remove_node (EvbBoard *self,
                   EvbNode  *node)
{
  g_autoptr(EvbNode) hold = g_object_ref (node);

  g_assert (evb_node_get_links (node)->len == 0);

  g_ptr_array_remove_index (self->nodes, index_of (self->nodes, node));
  g_hash_table_remove (self->node_by_id, evb_node_get_id (node));
  g_signal_emit (self, signals[NODE_REMOVED], 0, node);
}

static void
apply_update_node (EvbBoard    *self,
                   EvbNode     *node,
                   EvbNodeData *data)
{
  evb_node_data_free (_evb_node_swap_data (node, data));
  g_signal_emit (self, signals[NODE_CHANGED], 0, node);
}

static void
apply_add_link (EvbBoard    *self,
                EvbLinkData *data,
                guint        index,
                gboolean     emit)
{
  EvbLink *link = _evb_link_new (data);
  EvbNode *from = g_hash_table_lookup (self->node_by_id, data->from);
  EvbNode *to = g_hash_table_lookup (self->node_by_id, data->to);

  g_assert (from != NULL && to != NULL);

  g_hash_table_insert (self->link_by_id, g_strdup (data->id), link);
  g_hash_table_insert (self->link_by_pair, pair_key (data->from, data->to), link);
  if (index >= self->links->len)
    g_ptr_array_add (self->links, link);
  else
    g_ptr_array_insert (self->links, index, link);
  _evb_node_add_link (from, link);
  _evb_node_add_link (to, link);

  if (emit)
    g_signal_emit (self, signals[LINK_ADDED], 0, link);
}

static void
apply_remove_link (EvbBoard *self,
                   EvbLink  *link)
{
  g_autoptr(EvbLink) hold = g_object_ref (link);
  g_autofree char *key = pair_key (evb_link_get_from (link), evb_link_get_to (link));
  EvbNode *from = g_hash_table_lookup (self->node_by_id, evb_link_get_from (link));
  EvbNode *to = g_hash_table_lookup (self->node_by_id, evb_link_get_to (link));

  _evb_node_remove_link (from, link);
  _evb_node_remove_link (to, link);
  g_hash_table_remove (self->link_by_pair, key);
  g_hash_table_remove (self->link_by_id, evb_link_get_id (link));
  g_ptr_array_remove_index (self->links, index_of (self->links, link));
  g_signal_emit (self, signals[LINK_REMOVED], 0, link);
}

static void
apply_update_link (EvbBoard    *self,
                   EvbLink     *link,
                   EvbLinkData *data)
{
  evb_link_data_free (_evb_link_swap_data (link, data));
  g_signal_emit (self, signals[LINK_CHANGED], 0, link);
}

static void
index_group_members (EvbBoard *self,
                     EvbGroup *group,
                     gboolean  add)
{
  const char * const *nodes = evb_group_get_nodes (group);

  for (guint i = 0; nodes[i] != NULL; i++)
    if (add)
      g_hash_table_insert (self->group_by_node, g_strdup (nodes[i]), group);
    else if (g_hash_table_lookup (self->group_by_node, nodes[i]) == group)
      g_hash_table_remove (self->group_by_node, nodes[i]);
}

static void
apply_add_group (EvbBoard     *self,
                 EvbGroupData *data,
                 guint         index,
                 gboolean      emit)
{
  EvbGroup *group = _evb_group_new (data);

  g_hash_table_insert (self->group_by_id, g_strdup (data->id), group);
  index_group_members (self, group, TRUE);
  if (index >= self->groups->len)
    g_ptr_array_add (self->groups, group);
  else
    g_ptr_array_insert (self->groups, index, group);

  if (emit)
    g_signal_emit (self, signals[GROUP_ADDED], 0, group);
}

static void
apply_remove_group (EvbBoard *self,
                    EvbGroup *group)
{
  g_autoptr(EvbGroup) hold = g_object_ref (group);

  index_group_members (self, group, FALSE);
  g_ptr_array_remove_index (self->groups, index_of (self->groups, group));
  g_hash_table_remove (self->group_by_id, evb_group_get_id (group));
  g_signal_emit (self, signals[GROUP_REMOVED], 0, group);
}

static void
apply_update_group (EvbBoard     *self,
                    EvbGroup     *group,
                    EvbGroupData *data)
{
  index_group_members (self, group, FALSE);
  evb_group_data_free (_evb_group_swap_data (group, data));
  index_group_members (self, group, TRUE);
  g_signal_emit (self, signals[GROUP_CHANGED], 0, group);
}

static void
apply_update_board (EvbBoard           *self,
                    const EvbBoardMeta *meta)
{
  gboolean title_changed = g_strcmp0 (self->title, meta->title) != 0;
  gboolean description_changed = g_strcmp0 (self->description, meta->description) != 0;

  g_free (self->title);
  self->title = g_strdup (meta->title);
  g_free (self->description);
  self->description = g_strdup (meta->description);

  if (title_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  if (description_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
apply_change (EvbBoard        *self,
              const EvbChange *change)
{
  switch (change->type)
    {
    case EVB_CHANGE_ADD_NODE:
      apply_add_node (self, evb_node_data_copy (change->after), change->index, TRUE);
      break;
    case EVB_CHANGE_REMOVE_NODE:
      apply_remove_node (self, evb_board_get_node (self, ((EvbNodeData *) change->before)->id));
      break;
    case EVB_CHANGE_UPDATE_NODE:
      apply_update_node (self,
                         evb_board_get_node (self, ((EvbNodeData *) change->after)->id),
                         evb_node_data_copy (change->after));
      break;
    case EVB_CHANGE_ADD_LINK:
      apply_add_link (self, evb_link_data_copy (change->after), change->index, TRUE);
      break;
    case EVB_CHANGE_REMOVE_LINK:
      apply_remove_link (self, evb_board_get_link (self, ((EvbLinkData *) change->before)->id));
      break;
    case EVB_CHANGE_UPDATE_LINK:
      apply_update_link (self,
                         evb_board_get_link (self, ((EvbLinkData *) change->after)->id),
                         evb_link_data_copy (change->after));
      break;
    case EVB_CHANGE_UPDATE_BOARD:
      apply_update_board (self, change->after);
      break;
    case EVB_CHANGE_ADD_GROUP:
      apply_add_group (self, evb_group_data_copy (change->after), change->index, TRUE);
      break;
    case EVB_CHANGE_REMOVE_GROUP:
      apply_remove_group (self,
                          evb_board_get_group (self, ((EvbGroupData *) change->before)->id));
      break;
    case EVB_CHANGE_UPDATE_GROUP:
      apply_update_group (self,
                          evb_board_get_group (self, ((EvbGroupData *) change->after)->id),
                          evb_group_data_copy (change->after));
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
apply_inverse (EvbBoard  *self,
               GPtrArray *changes)
{
  for (guint i = changes->len; i > 0; i--)
    {
      EvbChange *inverse = change_invert (g_ptr_array_index (changes, i - 1));

      apply_change (self, inverse);
      _evb_change_free (inverse);
    }
}

static GPtrArray *
invert_changes (GPtrArray *changes)
{
  GPtrArray *inverse = g_ptr_array_new_full (changes->len, (GDestroyNotify) _evb_change_free);

  for (guint i = changes->len; i > 0; i--)
    g_ptr_array_add (inverse, change_invert (g_ptr_array_index (changes, i - 1)));
  return inverse;
}

static void
notify_history (EvbBoard *self,
                gboolean  could_undo,
                gboolean  could_redo)
{
  if (could_undo != evb_board_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != evb_board_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* Recording */

static void
ensure_transaction (EvbBoard  *self,
                    gboolean  *implicit)
{
  *implicit = self->depth == 0;
  if (*implicit)
    evb_board_begin (self, NULL);
}

static gboolean
finish_implicit (EvbBoard  *self,
                 gboolean   implicit,
                 gboolean   ok,
                 GError   **error)
{
  if (!implicit)
    return ok;
  if (!ok)
    {
      evb_board_rollback (self);
      return FALSE;
    }
  return evb_board_commit (self, error);
}

static void
record (EvbBoard  *self,
        EvbChange *change)
{
  g_ptr_array_add (self->pending, change);
}

static char
update_key_prefix (EvbChangeType type)
{
  if (type == EVB_CHANGE_UPDATE_NODE)
    return 'n';
  if (type == EVB_CHANGE_UPDATE_GROUP)
    return 'g';
  return 'l';
}

/* Two updates of one item in one transaction become one change: a drag
 * moves a card many times but is one step with one before and one after. */
static gboolean
merge_update (EvbBoard      *self,
              EvbChangeType  type,
              const char    *id,
              gconstpointer  after)
{
  g_autofree char *key = g_strdup_printf ("%c%s", update_key_prefix (type), id);
  EvbChange *change = g_hash_table_lookup (self->pending_updates, key);

  if (change == NULL)
    return FALSE;

  free_record (type, change->after);
  change->after = copy_record (type, after);
  return TRUE;
}

static void
remember_update (EvbBoard   *self,
                 EvbChange  *change,
                 const char *id)
{
  char *key = g_strdup_printf ("%c%s", update_key_prefix (change->type), id);

  g_hash_table_insert (self->pending_updates, key, change);
}

static void
forget_update (EvbBoard      *self,
               EvbChangeType  type,
               const char    *id)
{
  g_autofree char *key = g_strdup_printf ("%c%s", update_key_prefix (type), id);

  g_hash_table_remove (self->pending_updates, key);
}

static const char *
transaction_timestamp (EvbBoard *self)
{
  if (self->timestamp == NULL)
    self->timestamp = evb_now_timestamp ();
  return self->timestamp;
}

static char *
make_id (GHashTable *table,
         guint      *serial,
         char        prefix)
{
  for (;;)
    {
      char *id = g_strdup_printf ("%c%u", prefix, ++(*serial));

      if (!g_hash_table_contains (table, id))
        return id;
      g_free (id);
    }
}

/* GObject */

static void
evb_board_dispose (GObject *object)
{
  EvbBoard *self = (EvbBoard *) object;

  if (self->commit_destroy != NULL)
    g_clear_pointer (&self->commit_data, self->commit_destroy);
  self->commit_func = NULL;

  G_OBJECT_CLASS (evb_board_parent_class)->dispose (object);
}

static void
evb_board_finalize (GObject *object)
{
  EvbBoard *self = (EvbBoard *) object;

  /* Nodes only point at their links, so drop the links' references first. */
  for (guint i = 0; i < self->nodes->len; i++)
    g_ptr_array_set_size (evb_node_get_links (g_ptr_array_index (self->nodes, i)), 0);

  g_queue_clear_full (&self->undo_steps, (GDestroyNotify) step_free);
  g_queue_clear_full (&self->redo_steps, (GDestroyNotify) step_free);
  g_clear_pointer (&self->pending_updates, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->group_by_node, g_hash_table_unref);
  g_clear_pointer (&self->group_by_id, g_hash_table_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->link_by_pair, g_hash_table_unref);
  g_clear_pointer (&self->link_by_id, g_hash_table_unref);
  g_clear_pointer (&self->node_by_id, g_hash_table_unref);
  g_clear_pointer (&self->links, g_ptr_array_unref);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_free (self->label);
  g_free (self->merge_key);
  g_free (self->timestamp);
  g_free (self->title);
  g_free (self->description);
  g_free (self->created);
  g_free (self->modified);

  G_OBJECT_CLASS (evb_board_parent_class)->finalize (object);
}

static void
evb_board_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  EvbBoard *self = EVB_BOARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, evb_board_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, evb_board_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
evb_board_class_init (EvbBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = evb_board_dispose;
  object_class->finalize = evb_board_finalize;
  object_class->get_property = evb_board_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[NODE_ADDED] =
    g_signal_new ("node-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, EVB_TYPE_NODE);
  signals[NODE_REMOVED] =
    g_signal_new ("node-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, EVB_TYPE_NODE);
  signals[NODE_CHANGED] =
    g_signal_new ("node-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, EVB_TYPE_NODE);
  signals[LINK_ADDED] =
    g_signal_new ("link-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, EVB_TYPE_LINK);
  signals[LINK_REMOVED] =
    g_signal_new ("link-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, EVB_TYPE_LINK);
  signals[LINK_CHANGED] =
    g_signal_new ("link-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, EVB_TYPE_LINK);
  signals[GROUP_ADDED] =
    g_signal_new ("group-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, EVB_TYPE_GROUP);
  signals[GROUP_REMOVED] =
    g_signal_new ("group-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, EVB_TYPE_GROUP);
  signals[GROUP_CHANGED] =
    g_signal_new ("group-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, EVB_TYPE_GROUP);
  /* The title or the description changed. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A transaction, an undo or a redo reached the store (or the board has none). */
  signals[COMMITTED] =
    g_signal_new ("committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
evb_board_init (EvbBoard *self)
{
  self->nodes = g_ptr_array_new_with_free_func (g_object_unref);
  self->links = g_ptr_array_new_with_free_func (g_object_unref);
  self->node_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->link_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->link_by_pair = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->groups = g_ptr_array_new_with_free_func (g_object_unref);
  self->group_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->group_by_node = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) _evb_change_free);
  self->pending_updates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->undo_steps);
  g_queue_init (&self->redo_steps);
}

/* Public API */

EvbBoard *
evb_board_new (const char *title)
{
  EvbBoard *self = g_object_new (EVB_TYPE_BOARD, NULL);

  self->title = g_strdup (title != NULL ? title : "");
  self->created = evb_now_timestamp ();
  self->modified = g_strdup (self->created);
  return self;
}

const char *
evb_board_get_title (EvbBoard *board)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  return board->title;
}

const char *
evb_board_get_description (EvbBoard *board)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  return board->description;
}

const char *
evb_board_get_created (EvbBoard *board)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  return board->created;
}

const char *
evb_board_get_modified (EvbBoard *board)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  return board->modified;
}

guint
evb_board_get_n_nodes (EvbBoard *board)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), 0);
  return board->nodes->len;
}

guint
evb_board_get_n_links (EvbBoard *board)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), 0);
  return board->links->len;
}

GPtrArray *
evb_board_get_nodes (EvbBoard *board)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  return board->nodes;
}

GPtrArray *
evb_board_get_links (EvbBoard *board)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  return board->links;
}

EvbNode *
evb_board_get_node (EvbBoard   *board,
                    const char *id)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (board->node_by_id, id);
}

EvbLink *
evb_board_get_link (EvbBoard   *board,
                    const char *id)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (board->link_by_id, id);
}

EvbLink *
evb_board_find_link (EvbBoard   *board,
                     const char *from,
                     const char *to)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  if (from == NULL || to == NULL)
    return NULL;

  key = pair_key (from, to);
  return g_hash_table_lookup (board->link_by_pair, key);
}

gboolean
evb_board_get_extents (EvbBoard *board,
                       double   *x,
                       double   *y,
                       double   *width,
                       double   *height)
{
  double x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = -G_MAXDOUBLE, y2 = -G_MAXDOUBLE;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);

  for (guint i = 0; i < board->nodes->len; i++)
    {
      const EvbNodeData *data = evb_node_get_data (g_ptr_array_index (board->nodes, i));

      x1 = MIN (x1, data->x);
      y1 = MIN (y1, data->y);
      x2 = MAX (x2, data->x + data->width);
      y2 = MAX (y2, data->y + data->height);
    }

  if (board->nodes->len == 0)
    x1 = y1 = x2 = y2 = 0;

  if (x != NULL)
    *x = x1;
  if (y != NULL)
    *y = y1;
  if (width != NULL)
    *width = x2 - x1;
  if (height != NULL)
    *height = y2 - y1;

  return board->nodes->len > 0;
}

void
evb_board_begin (EvbBoard   *board,
                 const char *label)
{
  g_return_if_fail (EVB_IS_BOARD (board));

  if (board->depth++ == 0)
    {
      g_free (board->label);
      board->label = g_strdup (label);
      g_clear_pointer (&board->timestamp, g_free);
    }
  else if (board->label == NULL && label != NULL)
    board->label = g_strdup (label);
}

void
evb_board_set_merge_key (EvbBoard   *board,
                         const char *key)
{
  g_return_if_fail (EVB_IS_BOARD (board));
  g_return_if_fail (board->depth > 0);

  g_free (board->merge_key);
  board->merge_key = g_strdup (key);
}

gboolean
evb_board_in_transaction (EvbBoard *board)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  return board->depth > 0;
}

static void
end_transaction (EvbBoard *self)
{
  self->depth = 0;
  g_hash_table_remove_all (self->pending_updates);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->merge_key, g_free);
  g_clear_pointer (&self->timestamp, g_free);
}

static gboolean
write_changes (EvbBoard   *self,
               GPtrArray  *changes,
               GError    **error)
{
  if (self->commit_func == NULL)
    return TRUE;
  return self->commit_func (self, changes, self->commit_data, error);
}

static const char *
record_id (EvbChangeType type,
           gconstpointer record)
{
  if (type == EVB_CHANGE_UPDATE_NODE)
    return ((const EvbNodeData *) record)->id;
  if (type == EVB_CHANGE_UPDATE_LINK)
    return ((const EvbLinkData *) record)->id;
  if (type == EVB_CHANGE_UPDATE_GROUP)
    return ((const EvbGroupData *) record)->id;
  return "";
}

/* Whether a change leaves its record as it was, but for the time it was
 * modified. */
static gboolean
change_is_void (const EvbChange *change)
{
  switch (change->type)
    {
    case EVB_CHANGE_UPDATE_NODE:
      {
        const EvbNodeData *before = change->before;
        g_autoptr(EvbNodeData) after = evb_node_data_copy (change->after);

        g_free (after->modified);
        after->modified = g_strdup (before->modified);
        return evb_node_data_equal (before, after);
      }
    case EVB_CHANGE_UPDATE_LINK:
      return evb_link_data_equal (change->before, change->after);
    case EVB_CHANGE_UPDATE_GROUP:
      return evb_group_data_equal (change->before, change->after);
    case EVB_CHANGE_UPDATE_BOARD:
      {
        const EvbBoardMeta *before = change->before, *after = change->after;

        return g_strcmp0 (before->title, after->title) == 0 &&
               g_strcmp0 (before->description, after->description) == 0;
      }
    case EVB_CHANGE_ADD_NODE:
    case EVB_CHANGE_REMOVE_NODE:
    case EVB_CHANGE_ADD_LINK:
    case EVB_CHANGE_REMOVE_LINK:
    case EVB_CHANGE_ADD_GROUP:
    case EVB_CHANGE_REMOVE_GROUP:
    default:
      return FALSE;
    }
}

/* A typing session that ends where it began (a digit typed and taken
 * back, a date emptied and typed again as it was) is no step: undoing it
 * would change nothing, and the undo button would name a change that is
 * not there. Only joined steps are checked: a single command that changes
 * nothing records no change in the first place. */
static void
drop_void_step (EvbBoard *self)
{
  Step *last = g_queue_peek_head (&self->undo_steps);

  for (guint i = 0; i < last->changes->len; i++)
    if (!change_is_void (g_ptr_array_index (last->changes, i)))
      return;
  step_free (g_queue_pop_head (&self->undo_steps));
}

/* Typing into a field commits at every key, so the file always holds what
 * the screen shows; but it should be undone as one step. A transaction
 * whose merge key is the key of the last step, with nothing undone since,
 * and which only updates records, joins that step: each record keeps its
 * oldest before and takes the newest after. */
static gboolean
join_last_step (EvbBoard *self)
{
  Step *last = g_queue_peek_head (&self->undo_steps);

  if (self->merge_key == NULL || last == NULL || last->merge_key == NULL ||
      strcmp (self->merge_key, last->merge_key) != 0 || self->redo_steps.length > 0)
    return FALSE;

  for (guint i = 0; i < self->pending->len; i++)
    {
      EvbChange *change = g_ptr_array_index (self->pending, i);

      if (change->type != EVB_CHANGE_UPDATE_NODE && change->type != EVB_CHANGE_UPDATE_LINK &&
          change->type != EVB_CHANGE_UPDATE_BOARD && change->type != EVB_CHANGE_UPDATE_GROUP)
        return FALSE;
    }

  for (guint i = 0; i < self->pending->len; i++)
    {
      EvbChange *change = g_ptr_array_index (self->pending, i);
      const char *id = record_id (change->type, change->after);
      gboolean joined = FALSE;

      for (guint j = 0; j < last->changes->len && !joined; j++)
        {
          EvbChange *old = g_ptr_array_index (last->changes, j);

          if (old->type == change->type && strcmp (record_id (old->type, old->after), id) == 0)
            {
              free_record (old->type, old->after);
              old->after = copy_record (change->type, change->after);
              joined = TRUE;
            }
        }
      if (!joined)
        g_ptr_array_add (last->changes, change_new (change->type,
                                                    copy_record (change->type, change->before),
                                                    copy_record (change->type, change->after),
                                                    change->index));
    }

  g_ptr_array_set_size (self->pending, 0);
  return TRUE;
}

gboolean
evb_board_commit (EvbBoard  *board,
                  GError   **error)
{
  gboolean could_undo, could_redo;
  g_autofree char *old_modified = NULL;
  Step *step;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (board->depth == 0)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_TRANSACTION,
                   _("There is no transaction to commit"));
      return FALSE;
    }

  if (--board->depth > 0)
    return TRUE;

  if (board->pending->len == 0)
    {
      end_transaction (board);
      return TRUE;
    }

  old_modified = g_steal_pointer (&board->modified);
  board->modified = g_strdup (transaction_timestamp (board));

  if (!write_changes (board, board->pending, error))
    {
      g_free (board->modified);
      board->modified = g_steal_pointer (&old_modified);
      apply_inverse (board, board->pending);
      g_ptr_array_set_size (board->pending, 0);
      end_transaction (board);
      return FALSE;
    }

  could_undo = evb_board_can_undo (board);
  could_redo = evb_board_can_redo (board);

  if (join_last_step (board))
    {
      drop_void_step (board);
      end_transaction (board);
      notify_history (board, could_undo, could_redo);
      g_signal_emit (board, signals[COMMITTED], 0);
      return TRUE;
    }

  step = g_new0 (Step, 1);
  step->merge_key = g_steal_pointer (&board->merge_key);
  step->label = g_steal_pointer (&board->label);
  step->changes = g_steal_pointer (&board->pending);
  board->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) _evb_change_free);
  g_queue_push_head (&board->undo_steps, step);
  while (board->undo_steps.length > MAX_UNDO_STEPS)
    step_free (g_queue_pop_tail (&board->undo_steps));
  g_queue_clear_full (&board->redo_steps, (GDestroyNotify) step_free);

  end_transaction (board);
  notify_history (board, could_undo, could_redo);
  g_signal_emit (board, signals[COMMITTED], 0);

  return TRUE;
}

void
evb_board_rollback (EvbBoard *board)
{
  g_return_if_fail (EVB_IS_BOARD (board));

  if (board->depth == 0)
    return;

  apply_inverse (board, board->pending);
  g_ptr_array_set_size (board->pending, 0);
  end_transaction (board);
}

static gboolean
check_no_transaction (EvbBoard  *self,
                      GError   **error)
{
  if (self->depth == 0)
    return TRUE;
  g_set_error (error, EVB_ERROR, EVB_ERROR_TRANSACTION,
               _("Cannot undo or redo while a change is in progress"));
  return FALSE;
}

/* A board file holds no longer text; refused here, the value never gets
 * into the board (or the undo history) in the first place. */
static gboolean
check_length (const char  *value,
              const char  *field,
              GError     **error)
{
  if (value == NULL || strlen (value) <= EVB_MAX_TEXT_LENGTH)
    return TRUE;
  g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT,
               /* Translators: %s is a field name like “title”, %d a number */
               _("%s: the text is longer than %d MiB"), field,
               EVB_MAX_TEXT_LENGTH / (1024 * 1024));
  return FALSE;
}

gboolean
evb_board_set_title (EvbBoard    *board,
                     const char  *title,
                     GError     **error)
{
  EvbBoardMeta before = { board->title, board->description };
  EvbBoardMeta after = { (char *) title, board->description };
  EvbChange *change;
  gboolean implicit;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (title != NULL, FALSE);

  if (!check_length (title, "title", error))
    return FALSE;
  if (!g_utf8_validate (title, -1, NULL))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID, _("title: not valid UTF-8 text"));
      return FALSE;
    }
  if (g_strcmp0 (title, board->title) == 0)
    return TRUE;

  ensure_transaction (board, &implicit);
  change = change_new (EVB_CHANGE_UPDATE_BOARD, _evb_board_meta_copy (&before),
                       _evb_board_meta_copy (&after), 0);
  apply_update_board (board, change->after);
  record (board, change);
  return finish_implicit (board, implicit, TRUE, error);
}

gboolean
evb_board_set_description (EvbBoard    *board,
                           const char  *description,
                           GError     **error)
{
  EvbBoardMeta before = { board->title, board->description };
  EvbBoardMeta after = { board->title, (char *) description };
  EvbChange *change;
  gboolean implicit;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);

  if (description != NULL && description[0] == '\0')
    after.description = NULL;
  if (!check_length (after.description, "description", error))
    return FALSE;
  if (after.description != NULL && !g_utf8_validate (after.description, -1, NULL))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID, _("description: not valid UTF-8 text"));
      return FALSE;
    }
  if (g_strcmp0 (after.description, board->description) == 0)
    return TRUE;

  ensure_transaction (board, &implicit);
  change = change_new (EVB_CHANGE_UPDATE_BOARD, _evb_board_meta_copy (&before),
                       _evb_board_meta_copy (&after), 0);
  apply_update_board (board, change->after);
  record (board, change);
  return finish_implicit (board, implicit, TRUE, error);
}

EvbNode *
evb_board_add_node (EvbBoard           *board,
                    const EvbNodeData  *data,
                    GError            **error)
{
  g_autoptr(EvbNodeData) copy = NULL;
  gboolean implicit;
  const char *id;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  copy = evb_node_data_copy (data);
  if (copy->id == NULL)
    copy->id = make_id (board->node_by_id, &board->next_node_serial, 'n');
  if (copy->created == NULL)
    copy->created = g_strdup (transaction_timestamp (board));
  if (copy->modified == NULL)
    copy->modified = g_strdup (copy->created);

  if (!evb_node_data_validate (copy, error))
    return NULL;
  if (g_hash_table_contains (board->node_by_id, copy->id))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_DUPLICATE,
                   _("id: there is already a node with id “%s”"), copy->id);
      return NULL;
    }

  ensure_transaction (board, &implicit);
  id = copy->id;
  record (board, change_new (EVB_CHANGE_ADD_NODE, NULL, evb_node_data_copy (copy),
                             board->nodes->len));
  apply_add_node (board, g_steal_pointer (&copy), board->nodes->len, TRUE);
  {
    EvbNode *node = g_hash_table_lookup (board->node_by_id, id);

    if (!finish_implicit (board, implicit, TRUE, error))
      return NULL;
    return node;
  }
}

static EvbNode *
lookup_node (EvbBoard    *self,
             const char  *id,
             GError     **error)
{
  EvbNode *node = id != NULL ? g_hash_table_lookup (self->node_by_id, id) : NULL;

  if (node == NULL)
    g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND,
                 _("There is no node with id “%s” on the board"), id ? id : "");
  return node;
}

static EvbLink *
lookup_link (EvbBoard    *self,
             const char  *id,
             GError     **error)
{
  EvbLink *link = id != NULL ? g_hash_table_lookup (self->link_by_id, id) : NULL;

  if (link == NULL)
    g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND,
                 _("There is no link with id “%s” on the board"), id ? id : "");
  return link;
}

gboolean
evb_board_update_node (EvbBoard           *board,
                       const EvbNodeData  *data,
                       GError            **error)
{
  g_autoptr(EvbNodeData) copy = NULL;
  const EvbNodeData *current;
  EvbChange *change;
  gboolean implicit;
  EvbNode *node;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (!(node = lookup_node (board, data->id, error)))
    return FALSE;
  current = evb_node_get_data (node);

  copy = evb_node_data_copy (data);
  /* A change of kind keeps the data valid: claims have no evidence type. */
  if (copy->kind == EVB_NODE_KIND_CLAIM)
    copy->evidence_type = EVB_EVIDENCE_TYPE_NONE;
  else if (copy->evidence_type == EVB_EVIDENCE_TYPE_NONE)
    copy->evidence_type = EVB_EVIDENCE_TYPE_OTHER;
  g_free (copy->created);
  copy->created = g_strdup (current->created);
  g_free (copy->modified);
  copy->modified = g_strdup (current->modified);

  if (evb_node_data_equal (copy, current))
    return TRUE;

  g_free (copy->modified);
  copy->modified = g_strdup (transaction_timestamp (board));

  if (!evb_node_data_validate (copy, error))
    return FALSE;

  ensure_transaction (board, &implicit);
  if (!merge_update (board, EVB_CHANGE_UPDATE_NODE, copy->id, copy))
    {
      change = change_new (EVB_CHANGE_UPDATE_NODE, evb_node_data_copy (current),
                           evb_node_data_copy (copy), 0);
      record (board, change);
      remember_update (board, change, copy->id);
    }
  apply_update_node (board, node, g_steal_pointer (&copy));

  return finish_implicit (board, implicit, TRUE, error);
}

gboolean
evb_board_move_node (EvbBoard    *board,
                     const char  *id,
                     double       x,
                     double       y,
                     GError     **error)
{
  g_autoptr(EvbNodeData) data = NULL;
  EvbNode *node;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);

  if (!(node = lookup_node (board, id, error)))
    return FALSE;

  data = evb_node_dup_data (node);
  data->x = x;
  data->y = y;
  return evb_board_update_node (board, data, error);
}

static void
remove_group_recorded (EvbBoard *self,
                       EvbGroup *group)
{
  const EvbGroupData *data = evb_group_get_data (group);

  forget_update (self, EVB_CHANGE_UPDATE_GROUP, data->id);
  record (self, change_new (EVB_CHANGE_REMOVE_GROUP, evb_group_data_copy (data), NULL,
                            index_of (self->groups, group)));
  apply_remove_group (self, group);
}

static void
update_group_recorded (EvbBoard     *self,
                       EvbGroup     *group,
                       EvbGroupData *copy)
{
  if (!merge_update (self, EVB_CHANGE_UPDATE_GROUP, copy->id, copy))
    {
      EvbChange *change = change_new (EVB_CHANGE_UPDATE_GROUP,
                                      evb_group_dup_data (group),
                                      evb_group_data_copy (copy), 0);
      record (self, change);
      remember_update (self, change, copy->id);
    }
  apply_update_group (self, group, copy);
}

/* A group is a frame around cards: one left without any is removed
 * rather than kept as an empty frame nobody can see or select. */
static void
leave_group_recorded (EvbBoard   *self,
                      EvbGroup   *group,
                      const char *node_id)
{
  EvbGroupData *copy = evb_group_dup_data (group);
  guint j = 0;

  for (guint i = 0; copy->nodes[i] != NULL; i++)
    if (g_str_equal (copy->nodes[i], node_id))
      g_free (copy->nodes[i]);
    else
      copy->nodes[j++] = copy->nodes[i];
  copy->nodes[j] = NULL;

  if (j == 0)
    {
      evb_group_data_free (copy);
      remove_group_recorded (self, group);
    }
  else
    update_group_recorded (self, group, copy);
}

static void
remove_link_recorded (EvbBoard *self,
                      EvbLink  *link)
{
  const EvbLinkData *data = evb_link_get_data (link);

  forget_update (self, EVB_CHANGE_UPDATE_LINK, data->id);
  record (self, change_new (EVB_CHANGE_REMOVE_LINK, evb_link_data_copy (data), NULL,
                            index_of (self->links, link)));
  apply_remove_link (self, link);
}

static void
remove_node_recorded (EvbBoard *self,
                      EvbNode  *node)
{
  GPtrArray *links = evb_node_get_links (node);
  EvbGroup *group = g_hash_table_lookup (self->group_by_node, evb_node_get_id (node));

  /* Recorded before the node goes, so that undo puts the node back
   * before its group refers to it again. */
  if (group != NULL)
    leave_group_recorded (self, group, evb_node_get_id (node));

  while (links->len > 0)
    remove_link_recorded (self, g_ptr_array_index (links, links->len - 1));

  forget_update (self, EVB_CHANGE_UPDATE_NODE, evb_node_get_id (node));
  record (self, change_new (EVB_CHANGE_REMOVE_NODE, evb_node_dup_data (node), NULL,
                            index_of (self->nodes, node)));
  apply_remove_node (self, node);
}

gboolean
evb_board_remove_node (EvbBoard    *board,
                       const char  *id,
                       GError     **error)
{
  gboolean implicit;
  EvbNode *node;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);

  if (!(node = lookup_node (board, id, error)))
    return FALSE;

  ensure_transaction (board, &implicit);
  remove_node_recorded (board, node);
  return finish_implicit (board, implicit, TRUE, error);
}

gboolean
evb_board_remove_nodes (EvbBoard            *board,
                        const char * const  *ids,
                        GError             **error)
{
  gboolean implicit;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);

  for (guint i = 0; ids[i] != NULL; i++)
    if (!lookup_node (board, ids[i], error))
      return FALSE;

  ensure_transaction (board, &implicit);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      EvbNode *node = g_hash_table_lookup (board->node_by_id, ids[i]);

      /* The same id twice is harmless. */
      if (node != NULL)
        remove_node_recorded (board, node);
    }
  return finish_implicit (board, implicit, TRUE, error);
}

/* What a link's data must be on its own, whatever board it goes into. */
gboolean
_evb_link_data_validate_fields (const EvbLinkData  *data,
                                GError            **error)
{
  if (!check_length (data->id, "id", error) || !check_length (data->note, "note", error))
    return FALSE;
  if (data->id == NULL || data->id[0] == '\0' || !g_utf8_validate (data->id, -1, NULL))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID, _("id: must not be empty"));
      return FALSE;
    }
  if (data->relation != EVB_RELATION_SUPPORTS && data->relation != EVB_RELATION_REFUTES)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID, _("relation: unknown relation"));
      return FALSE;
    }
  if (data->strength != EVB_STRENGTH_WEAK && data->strength != EVB_STRENGTH_MODERATE &&
      data->strength != EVB_STRENGTH_STRONG)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID, _("strength: unknown strength"));
      return FALSE;
    }
  if (data->note != NULL && !g_utf8_validate (data->note, -1, NULL))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID, _("note: not valid UTF-8 text"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_link (EvbBoard           *self,
               const EvbLinkData  *data,
               EvbLink            *existing,
               GError            **error)
{
  EvbLink *same_pair;

  if (!_evb_link_data_validate_fields (data, error))
    return FALSE;
  if (data->from == NULL || !g_hash_table_contains (self->node_by_id, data->from))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND, _("from: no node with id “%s”"),
                   data->from ? data->from : "");
      return FALSE;
    }
  if (data->to == NULL || !g_hash_table_contains (self->node_by_id, data->to))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND, _("to: no node with id “%s”"),
                   data->to ? data->to : "");
      return FALSE;
    }
  if (strcmp (data->from, data->to) == 0)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("to: a link cannot go from a node to itself"));
      return FALSE;
    }

  same_pair = evb_board_find_link (self, data->from, data->to);
  if (same_pair != NULL && same_pair != existing)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_DUPLICATE,
                   _("to: there is already a link from “%s” to “%s”"), data->from, data->to);
      return FALSE;
    }

  return TRUE;
}

EvbLink *
evb_board_add_link (EvbBoard           *board,
                    const EvbLinkData  *data,
                    GError            **error)
{
  g_autoptr(EvbLinkData) copy = NULL;
  gboolean implicit;
  EvbLink *link;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  copy = evb_link_data_copy (data);
  if (copy->note != NULL && copy->note[0] == '\0')
    g_clear_pointer (&copy->note, g_free);
  if (copy->id == NULL)
    copy->id = make_id (board->link_by_id, &board->next_link_serial, 'l');

  if (!validate_link (board, copy, NULL, error))
    return NULL;
  if (g_hash_table_contains (board->link_by_id, copy->id))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_DUPLICATE,
                   _("id: there is already a link with id “%s”"), copy->id);
      return NULL;
    }

  ensure_transaction (board, &implicit);
  record (board, change_new (EVB_CHANGE_ADD_LINK, NULL, evb_link_data_copy (copy),
                             board->links->len));
  apply_add_link (board, evb_link_data_copy (copy), board->links->len, TRUE);
  link = g_hash_table_lookup (board->link_by_id, copy->id);

  if (!finish_implicit (board, implicit, TRUE, error))
    return NULL;
  return link;
}

gboolean
evb_board_update_link (EvbBoard           *board,
                       const EvbLinkData  *data,
                       GError            **error)
{
  g_autoptr(EvbLinkData) copy = NULL;
  const EvbLinkData *current;
  gboolean implicit;
  EvbLink *link;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (!(link = lookup_link (board, data->id, error)))
    return FALSE;
  current = evb_link_get_data (link);

  copy = evb_link_data_copy (data);
  if (copy->note != NULL && copy->note[0] == '\0')
    g_clear_pointer (&copy->note, g_free);
  if (evb_link_data_equal (copy, current))
    return TRUE;

  if (g_strcmp0 (copy->from, current->from) != 0 || g_strcmp0 (copy->to, current->to) != 0)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("A link’s ends cannot change; remove it and link again"));
      return FALSE;
    }
  if (!validate_link (board, copy, link, error))
    return FALSE;

  ensure_transaction (board, &implicit);
  if (!merge_update (board, EVB_CHANGE_UPDATE_LINK, copy->id, copy))
    {
      EvbChange *change = change_new (EVB_CHANGE_UPDATE_LINK, evb_link_data_copy (current),
                                      evb_link_data_copy (copy), 0);
      record (board, change);
      remember_update (board, change, copy->id);
    }
  apply_update_link (board, link, g_steal_pointer (&copy));

  return finish_implicit (board, implicit, TRUE, error);
}

gboolean
evb_board_remove_link (EvbBoard    *board,
                       const char  *id,
                       GError     **error)
{
  gboolean implicit;
  EvbLink *link;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);

  if (!(link = lookup_link (board, id, error)))
    return FALSE;

  ensure_transaction (board, &implicit);
  remove_link_recorded (board, link);
  return finish_implicit (board, implicit, TRUE, error);
}

gboolean
evb_board_can_undo (EvbBoard *board)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  return board->undo_steps.length > 0;
}

gboolean
evb_board_can_redo (EvbBoard *board)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  return board->redo_steps.length > 0;
}

const char *
evb_board_get_undo_label (EvbBoard *board)
{
  Step *step;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  step = g_queue_peek_head (&board->undo_steps);
  return step != NULL ? step->label : NULL;
}

const char *
evb_board_get_redo_label (EvbBoard *board)
{
  Step *step;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  step = g_queue_peek_head (&board->redo_steps);
  return step != NULL ? step->label : NULL;
}

static void
apply_all (EvbBoard  *self,
           GPtrArray *changes)
{
  for (guint i = 0; i < changes->len; i++)
    apply_change (self, g_ptr_array_index (changes, i));
}

/* Moves the step at the head of from to the head of to, applying it
 * forwards (redo) or backwards (undo) and writing it to the store. */
static gboolean
replay (EvbBoard  *self,
        GQueue    *from,
        GQueue    *to,
        gboolean   backwards,
        GError   **error)
{
  gboolean could_undo = evb_board_can_undo (self);
  gboolean could_redo = evb_board_can_redo (self);
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *old_modified = NULL;
  Step *step;

  if (!check_no_transaction (self, error))
    return FALSE;

  step = g_queue_peek_head (from);
  if (step == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_TRANSACTION,
                   backwards ? _("There is nothing to undo") : _("There is nothing to redo"));
      return FALSE;
    }

  if (backwards)
    changes = invert_changes (step->changes);
  else
    changes = g_ptr_array_ref (step->changes);

  apply_all (self, changes);

  old_modified = g_steal_pointer (&self->modified);
  self->modified = evb_now_timestamp ();

  if (!write_changes (self, changes, error))
    {
      g_free (self->modified);
      self->modified = g_steal_pointer (&old_modified);
      apply_inverse (self, changes);
      return FALSE;
    }

  g_queue_push_head (to, g_queue_pop_head (from));
  notify_history (self, could_undo, could_redo);
  g_signal_emit (self, signals[COMMITTED], 0);
  return TRUE;
}

gboolean
evb_board_undo (EvbBoard  *board,
                GError   **error)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  return replay (board, &board->undo_steps, &board->redo_steps, TRUE, error);
}

gboolean
evb_board_redo (EvbBoard  *board,
                GError   **error)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  return replay (board, &board->redo_steps, &board->undo_steps, FALSE, error);
}

void
evb_board_clear_history (EvbBoard *board)
{
  gboolean could_undo, could_redo;

  g_return_if_fail (EVB_IS_BOARD (board));

  could_undo = evb_board_can_undo (board);
  could_redo = evb_board_can_redo (board);
  g_queue_clear_full (&board->undo_steps, (GDestroyNotify) step_free);
  g_queue_clear_full (&board->redo_steps, (GDestroyNotify) step_free);
  notify_history (board, could_undo, could_redo);
}

/* Private API for loading */

void
_evb_board_set_commit_func (EvbBoard           *board,
                            EvbBoardCommitFunc  func,
                            gpointer            user_data,
                            GDestroyNotify      destroy)
{
  g_return_if_fail (EVB_IS_BOARD (board));

  if (board->commit_destroy != NULL && board->commit_data != NULL)
    board->commit_destroy (board->commit_data);
  board->commit_func = func;
  board->commit_data = user_data;
  board->commit_destroy = destroy;
}

void
_evb_board_load_meta (EvbBoard   *board,
                      const char *title,
                      const char *description,
                      const char *created,
                      const char *modified)
{
  g_return_if_fail (EVB_IS_BOARD (board));

  g_free (board->title);
  board->title = g_strdup (title != NULL ? title : "");
  g_free (board->description);
  board->description = description != NULL && description[0] != '\0' ? g_strdup (description)
                                                                       : NULL;
  if (created != NULL)
    {
      g_free (board->created);
      board->created = g_strdup (created);
    }
  if (modified != NULL)
    {
      g_free (board->modified);
      board->modified = g_strdup (modified);
    }
}

void
_evb_board_set_modified (EvbBoard   *board,
                         const char *modified)
{
  g_return_if_fail (EVB_IS_BOARD (board));

  g_free (board->modified);
  board->modified = g_strdup (modified);
}

EvbNode *
_evb_board_load_node (EvbBoard     *board,
                      EvbNodeData  *data,
                      GError      **error)
{
  g_autoptr(EvbNodeData) owned = data;
  const char *id;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  if (!evb_node_data_validate (owned, error))
    return NULL;
  if (g_hash_table_contains (board->node_by_id, owned->id))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_DUPLICATE,
                   _("id: there is already a node with id “%s”"), owned->id);
      return NULL;
    }

  id = owned->id;
  apply_add_node (board, g_steal_pointer (&owned), G_MAXUINT, FALSE);
  return g_hash_table_lookup (board->node_by_id, id);
}

void
_evb_board_load_position (EvbBoard   *board,
                          const char *id,
                          double      x,
                          double      y)
{
  EvbNode *node;
  EvbNodeData *data;

  g_return_if_fail (EVB_IS_BOARD (board));

  node = g_hash_table_lookup (board->node_by_id, id);
  g_return_if_fail (node != NULL);

  data = evb_node_dup_data (node);
  data->x = x;
  data->y = y;
  evb_node_data_free (_evb_node_swap_data (node, data));
}

void
_evb_board_load_size (EvbBoard   *board,
                      const char *id,
                      double      width,
                      double      height)
{
  EvbNode *node;
  EvbNodeData *data;

  g_return_if_fail (EVB_IS_BOARD (board));
  g_return_if_fail (width > 0 && height > 0);

  node = g_hash_table_lookup (board->node_by_id, id);
  g_return_if_fail (node != NULL);

  data = evb_node_dup_data (node);
  data->width = width;
  data->height = height;
  evb_node_data_free (_evb_node_swap_data (node, data));
}

EvbLink *
_evb_board_load_link (EvbBoard     *board,
                      EvbLinkData  *data,
                      GError      **error)
{
  g_autoptr(EvbLinkData) owned = data;
  const char *id;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  if (owned->note != NULL && owned->note[0] == '\0')
    g_clear_pointer (&owned->note, g_free);
  if (!validate_link (board, owned, NULL, error))
    return NULL;
  if (g_hash_table_contains (board->link_by_id, owned->id))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_DUPLICATE,
                   _("id: there is already a link with id “%s”"), owned->id);
      return NULL;
    }

  id = owned->id;
  apply_add_link (board, g_steal_pointer (&owned), G_MAXUINT, FALSE);
  return g_hash_table_lookup (board->link_by_id, id);
}

/* Groups */

/* Checks a group's fields and members. @existing is the group being
 * updated (its own members may stay in it), or NULL for a new one. */
static gboolean
validate_group (EvbBoard            *self,
                const EvbGroupData  *data,
                EvbGroup            *existing,
                GError             **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (!check_length (data->id, "id", error) || !check_length (data->label, "label", error))
    return FALSE;
  if (data->id == NULL || data->id[0] == '\0' || !g_utf8_validate (data->id, -1, NULL))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID, _("id: must not be empty"));
      return FALSE;
    }
  if (data->label == NULL || !g_utf8_validate (data->label, -1, NULL))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID, _("label: not valid UTF-8 text"));
      return FALSE;
    }
  if (data->color != NULL && !evb_color_is_valid (data->color))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("color: must be a color like “#3584e4”"));
      return FALSE;
    }
  if (data->nodes == NULL || data->nodes[0] == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("nodes: a group must hold at least one node"));
      return FALSE;
    }

  for (guint i = 0; data->nodes[i] != NULL; i++)
    {
      const char *id = data->nodes[i];
      EvbGroup *other;

      if (!g_hash_table_contains (self->node_by_id, id))
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND,
                       _("nodes: no node with id “%s”"), id);
          return FALSE;
        }
      if (!g_hash_table_add (seen, (gpointer) id))
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_DUPLICATE,
                       _("nodes: node “%s” is listed twice"), id);
          return FALSE;
        }
      other = g_hash_table_lookup (self->group_by_node, id);
      if (other != NULL && other != existing)
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_DUPLICATE,
                       _("nodes: node “%s” is already in group “%s”"), id,
                       evb_group_get_id (other));
          return FALSE;
        }
    }
  return TRUE;
}

static EvbGroup *
lookup_group (EvbBoard    *self,
              const char  *id,
              GError     **error)
{
  EvbGroup *group = id != NULL ? g_hash_table_lookup (self->group_by_id, id) : NULL;

  if (group == NULL)
    g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND,
                 _("There is no group with id “%s” on the board"), id ? id : "");
  return group;
}

static EvbGroupData *
normalise_group (const EvbGroupData *data)
{
  EvbGroupData *copy = evb_group_data_copy (data);

  if (copy->label == NULL)
    copy->label = g_strdup ("");
  if (copy->color != NULL && copy->color[0] == '\0')
    g_clear_pointer (&copy->color, g_free);
  copy->collapsed = !!copy->collapsed;
  return copy;
}

guint
evb_board_get_n_groups (EvbBoard *board)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), 0);
  return board->groups->len;
}

GPtrArray *
evb_board_get_groups (EvbBoard *board)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  return board->groups;
}

EvbGroup *
evb_board_get_group (EvbBoard   *board,
                     const char *id)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (board->group_by_id, id);
}

EvbGroup *
evb_board_get_node_group (EvbBoard   *board,
                          const char *node_id)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  if (node_id == NULL)
    return NULL;
  return g_hash_table_lookup (board->group_by_node, node_id);
}

EvbGroup *
evb_board_add_group (EvbBoard            *board,
                     const EvbGroupData  *data,
                     GError             **error)
{
  g_autoptr(EvbGroupData) copy = NULL;
  gboolean implicit;
  EvbGroup *group;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  copy = normalise_group (data);
  if (copy->id == NULL)
    copy->id = make_id (board->group_by_id, &board->next_group_serial, 'g');

  if (!validate_group (board, copy, NULL, error))
    return NULL;
  if (g_hash_table_contains (board->group_by_id, copy->id))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_DUPLICATE,
                   _("id: there is already a group with id “%s”"), copy->id);
      return NULL;
    }

  ensure_transaction (board, &implicit);
  record (board, change_new (EVB_CHANGE_ADD_GROUP, NULL, evb_group_data_copy (copy),
                             board->groups->len));
  apply_add_group (board, evb_group_data_copy (copy), board->groups->len, TRUE);
  group = g_hash_table_lookup (board->group_by_id, copy->id);

  if (!finish_implicit (board, implicit, TRUE, error))
    return NULL;
  return group;
}

gboolean
evb_board_update_group (EvbBoard            *board,
                        const EvbGroupData  *data,
                        GError             **error)
{
  g_autoptr(EvbGroupData) copy = NULL;
  gboolean implicit;
  EvbGroup *group;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (!(group = lookup_group (board, data->id, error)))
    return FALSE;

  copy = normalise_group (data);
  if (evb_group_data_equal (copy, evb_group_get_data (group)))
    return TRUE;
  if (!validate_group (board, copy, group, error))
    return FALSE;

  ensure_transaction (board, &implicit);
  update_group_recorded (board, group, g_steal_pointer (&copy));
  return finish_implicit (board, implicit, TRUE, error);
}

gboolean
evb_board_remove_group (EvbBoard    *board,
                        const char  *id,
                        GError     **error)
{
  gboolean implicit;
  EvbGroup *group;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);

  if (!(group = lookup_group (board, id, error)))
    return FALSE;

  ensure_transaction (board, &implicit);
  remove_group_recorded (board, group);
  return finish_implicit (board, implicit, TRUE, error);
}

EvbGroup *
_evb_board_load_group (EvbBoard      *board,
                       EvbGroupData  *data,
                       GError       **error)
{
  g_autoptr(EvbGroupData) owned = data;
  g_autoptr(EvbGroupData) copy = NULL;
  const char *id;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  copy = normalise_group (owned);
  if (!validate_group (board, copy, NULL, error))
    return NULL;
  if (g_hash_table_contains (board->group_by_id, copy->id))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_DUPLICATE,
                   _("id: there is already a group with id “%s”"), copy->id);
      return NULL;
    }

  id = copy->id;
  apply_add_group (board, g_steal_pointer (&copy), G_MAXUINT, FALSE);
  return g_hash_table_lookup (board->group_by_id, id);
}

static void
group_frame (EvbBoard *board,
             EvbGroup *group,
             gboolean  collapsed,
             double   *x,
             double   *y,
             double   *width,
             double   *height)
{
  double x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = -G_MAXDOUBLE, y2 = -G_MAXDOUBLE;
  const char * const *nodes;

  nodes = evb_group_get_nodes (group);
  for (guint i = 0; nodes[i] != NULL; i++)
    {
      EvbNode *node = g_hash_table_lookup (board->node_by_id, nodes[i]);
      const EvbNodeData *data;

      if (node == NULL)
        continue;
      data = evb_node_get_data (node);
      x1 = MIN (x1, data->x);
      y1 = MIN (y1, data->y);
      x2 = MAX (x2, data->x + data->width);
      y2 = MAX (y2, data->y + data->height);
    }
  if (x1 > x2)
    x1 = y1 = x2 = y2 = 0;

  x1 -= EVB_GROUP_PADDING;
  y1 -= EVB_GROUP_PADDING + EVB_GROUP_LABEL_HEIGHT;
  x2 += EVB_GROUP_PADDING;
  y2 += EVB_GROUP_PADDING;

  if (collapsed)
    {
      x2 = x1 + EVB_GROUP_COLLAPSED_WIDTH;
      y2 = y1 + EVB_GROUP_COLLAPSED_HEIGHT;
    }

  if (x != NULL)
    *x = x1;
  if (y != NULL)
    *y = y1;
  if (width != NULL)
    *width = x2 - x1;
  if (height != NULL)
    *height = y2 - y1;
}

void
evb_board_get_group_frame (EvbBoard *board,
                           EvbGroup *group,
                           double   *x,
                           double   *y,
                           double   *width,
                           double   *height)
{
  g_return_if_fail (EVB_IS_BOARD (board));
  g_return_if_fail (EVB_IS_GROUP (group));

  group_frame (board, group, evb_group_get_collapsed (group), x, y, width, height);
}

void
evb_board_get_group_bounds (EvbBoard *board,
                            EvbGroup *group,
                            double   *x,
                            double   *y,
                            double   *width,
                            double   *height)
{
  g_return_if_fail (EVB_IS_BOARD (board));
  g_return_if_fail (EVB_IS_GROUP (group));

  group_frame (board, group, FALSE, x, y, width, height);
}
