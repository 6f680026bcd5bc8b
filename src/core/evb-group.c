/* evb-group.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "evb-group-private.h"

struct _EvbGroup
{
  GObject       parent_instance;

  EvbGroupData *data;
};

G_DEFINE_FINAL_TYPE (EvbGroup, evb_group, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (EvbGroupData, evb_group_data, evb_group_data_copy, evb_group_data_free)

EvbGroupData *
evb_group_data_new (const char         *label,
                    const char * const *nodes)
{
  EvbGroupData *data = g_new0 (EvbGroupData, 1);

  data->label = g_strdup (label != NULL ? label : "");
  data->nodes = nodes != NULL ? g_strdupv ((char **) nodes) : g_new0 (char *, 1);
  return data;
}

EvbGroupData *
evb_group_data_copy (const EvbGroupData *data)
{
  EvbGroupData *copy;

  g_return_val_if_fail (data != NULL, NULL);

  copy = g_new0 (EvbGroupData, 1);
  copy->id = g_strdup (data->id);
  copy->label = g_strdup (data->label);
  copy->color = g_strdup (data->color);
  copy->collapsed = data->collapsed;
  copy->nodes = data->nodes != NULL ? g_strdupv (data->nodes) : g_new0 (char *, 1);
  return copy;
}

void
evb_group_data_free (EvbGroupData *data)
{
  if (data == NULL)
    return;

  g_free (data->id);
  g_free (data->label);
  g_free (data->color);
  g_strfreev (data->nodes);
  g_free (data);
}

gboolean
evb_group_data_equal (const EvbGroupData *a,
                      const EvbGroupData *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->label, b->label) == 0 &&
         g_strcmp0 (a->color, b->color) == 0 &&
         !a->collapsed == !b->collapsed &&
         g_strv_equal ((const char * const *) a->nodes, (const char * const *) b->nodes);
}

gboolean
evb_group_data_has_node (const EvbGroupData *data,
                         const char         *node_id)
{
  g_return_val_if_fail (data != NULL, FALSE);

  return node_id != NULL && data->nodes != NULL &&
         g_strv_contains ((const char * const *) data->nodes, node_id);
}

static void
evb_group_finalize (GObject *object)
{
  EvbGroup *self = (EvbGroup *) object;

  g_clear_pointer (&self->data, evb_group_data_free);

  G_OBJECT_CLASS (evb_group_parent_class)->finalize (object);
}

static void
evb_group_class_init (EvbGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = evb_group_finalize;
}

static void
evb_group_init (EvbGroup *self)
{
}

EvbGroup *
_evb_group_new (EvbGroupData *data)
{
  EvbGroup *self = g_object_new (EVB_TYPE_GROUP, NULL);

  self->data = data;
  return self;
}

EvbGroupData *
_evb_group_swap_data (EvbGroup     *self,
                      EvbGroupData *data)
{
  EvbGroupData *old = self->data;

  self->data = data;
  return old;
}

const EvbGroupData *
evb_group_get_data (EvbGroup *group)
{
  g_return_val_if_fail (EVB_IS_GROUP (group), NULL);
  return group->data;
}

EvbGroupData *
evb_group_dup_data (EvbGroup *group)
{
  g_return_val_if_fail (EVB_IS_GROUP (group), NULL);
  return evb_group_data_copy (group->data);
}

const char *
evb_group_get_id (EvbGroup *group)
{
  g_return_val_if_fail (EVB_IS_GROUP (group), NULL);
  return group->data->id;
}

const char *
evb_group_get_label (EvbGroup *group)
{
  g_return_val_if_fail (EVB_IS_GROUP (group), NULL);
  return group->data->label;
}

const char *
evb_group_get_color (EvbGroup *group)
{
  g_return_val_if_fail (EVB_IS_GROUP (group), NULL);
  return group->data->color;
}

gboolean
evb_group_get_collapsed (EvbGroup *group)
{
  g_return_val_if_fail (EVB_IS_GROUP (group), FALSE);
  return group->data->collapsed;
}

const char * const *
evb_group_get_nodes (EvbGroup *group)
{
  g_return_val_if_fail (EVB_IS_GROUP (group), NULL);
  return (const char * const *) group->data->nodes;
}

guint
evb_group_get_n_nodes (EvbGroup *group)
{
  g_return_val_if_fail (EVB_IS_GROUP (group), 0);
  return g_strv_length (group->data->nodes);
}
