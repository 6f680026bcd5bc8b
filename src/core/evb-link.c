/* evb-link.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "evb-node-private.h"

struct _EvbLink
{
  GObject      parent_instance;

  EvbLinkData *data;
};

G_DEFINE_FINAL_TYPE (EvbLink, evb_link, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (EvbLinkData, evb_link_data, evb_link_data_copy, evb_link_data_free)

EvbLinkData *
evb_link_data_new (const char  *from,
                   const char  *to,
                   EvbRelation  relation)
{
  EvbLinkData *data = g_new (EvbLinkData, 1);

  _evb_link_data_init (data, relation);
  data->from = g_strdup (from);
  data->to = g_strdup (to);

  return data;
}

void
_evb_link_data_init (EvbLinkData *data,
                     EvbRelation  relation)
{
  *data = (EvbLinkData) { NULL };
  data->relation = relation;
  data->strength = EVB_STRENGTH_MODERATE;
}

EvbLinkData *
evb_link_data_copy (const EvbLinkData *data)
{
  EvbLinkData *copy;

  g_return_val_if_fail (data != NULL, NULL);

  copy = g_memdup2 (data, sizeof *data);
  copy->id = g_strdup (data->id);
  copy->from = g_strdup (data->from);
  copy->to = g_strdup (data->to);
  copy->note = g_strdup (data->note);

  return copy;
}

void
evb_link_data_free (EvbLinkData *data)
{
  if (data == NULL)
    return;

  g_free (data->id);
  g_free (data->from);
  g_free (data->to);
  g_free (data->note);
  g_free (data);
}

gboolean
evb_link_data_equal (const EvbLinkData *a,
                     const EvbLinkData *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->from, b->from) == 0 &&
         g_strcmp0 (a->to, b->to) == 0 &&
         a->relation == b->relation &&
         a->strength == b->strength &&
         g_strcmp0 (a->note, b->note) == 0;
}

static void
evb_link_finalize (GObject *object)
{
  EvbLink *self = (EvbLink *) object;

  g_clear_pointer (&self->data, evb_link_data_free);

  G_OBJECT_CLASS (evb_link_parent_class)->finalize (object);
}

static void
evb_link_class_init (EvbLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = evb_link_finalize;
}

static void
evb_link_init (EvbLink *self)
{
}

EvbLink *
_evb_link_new (EvbLinkData *data)
{
  EvbLink *self = g_object_new (EVB_TYPE_LINK, NULL);

  self->data = data;
  return self;
}

EvbLinkData *
_evb_link_swap_data (EvbLink     *self,
                     EvbLinkData *data)
{
  EvbLinkData *old = self->data;

  self->data = data;
  return old;
}

const EvbLinkData *
evb_link_get_data (EvbLink *link)
{
  g_return_val_if_fail (EVB_IS_LINK (link), NULL);
  return link->data;
}

EvbLinkData *
evb_link_dup_data (EvbLink *link)
{
  g_return_val_if_fail (EVB_IS_LINK (link), NULL);
  return evb_link_data_copy (link->data);
}

const char *
evb_link_get_id (EvbLink *link)
{
  g_return_val_if_fail (EVB_IS_LINK (link), NULL);
  return link->data->id;
}

const char *
evb_link_get_from (EvbLink *link)
{
  g_return_val_if_fail (EVB_IS_LINK (link), NULL);
  return link->data->from;
}

const char *
evb_link_get_to (EvbLink *link)
{
  g_return_val_if_fail (EVB_IS_LINK (link), NULL);
  return link->data->to;
}

EvbRelation
evb_link_get_relation (EvbLink *link)
{
  g_return_val_if_fail (EVB_IS_LINK (link), EVB_RELATION_SUPPORTS);
  return link->data->relation;
}

EvbStrength
evb_link_get_strength (EvbLink *link)
{
  g_return_val_if_fail (EVB_IS_LINK (link), EVB_STRENGTH_MODERATE);
  return link->data->strength;
}

const char *
evb_link_get_note (EvbLink *link)
{
  g_return_val_if_fail (EVB_IS_LINK (link), NULL);
  return link->data->note;
}
