/* evb-attachment-state.c: what is known of the files a board's evidence refers to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window once kept the statuses, the renderer a second copy, and the
 * thumbnails lived in the renderer and in the window's queue; an image
 * exported from the app was drawn from none of them, so it had no badges
 * and no thumbnails while the CLI's had both. Now each open board has one
 * of these, and the canvas, the inspector and the exports all read it.
 */

#include "config.h"

#include "evb-attachment-state.h"
#include "evb-thumbnail.h"

/* A status, with the attachment it was found for. */
typedef struct
{
  EvbAttachmentStatus  status;
  char                *uri;
  char                *sha256;
} Known;

struct _EvbAttachmentState
{
  GObject     parent_instance;

  EvbBoard   *board;
  GHashTable *statuses;    /* node id → Known */
  GHashTable *thumbnails;  /* sha256 → GdkTexture */
};

enum {
  STATUS_CHANGED,
  THUMBNAIL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EvbAttachmentState, evb_attachment_state, G_TYPE_OBJECT)

static void
known_free (Known *known)
{
  g_free (known->uri);
  g_free (known->sha256);
  g_free (known);
}

static EvbAttachmentStatus
status_for (EvbAttachmentState *self,
            const EvbNodeData  *data)
{
  Known *known;

  if (data->attachment_uri == NULL)
    return EVB_ATTACHMENT_NONE;
  known = g_hash_table_lookup (self->statuses, data->id);
  if (known == NULL ||
      g_strcmp0 (known->uri, data->attachment_uri) != 0 ||
      g_strcmp0 (known->sha256, data->attachment_sha256) != 0)
    return EVB_ATTACHMENT_NONE;
  return known->status;
}

static void
evb_attachment_state_dispose (GObject *object)
{
  EvbAttachmentState *self = EVB_ATTACHMENT_STATE (object);

  g_clear_object (&self->board);

  G_OBJECT_CLASS (evb_attachment_state_parent_class)->dispose (object);
}

static void
evb_attachment_state_finalize (GObject *object)
{
  EvbAttachmentState *self = EVB_ATTACHMENT_STATE (object);

  g_clear_pointer (&self->statuses, g_hash_table_unref);
  g_clear_pointer (&self->thumbnails, g_hash_table_unref);

  G_OBJECT_CLASS (evb_attachment_state_parent_class)->finalize (object);
}

static void
evb_attachment_state_class_init (EvbAttachmentStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = evb_attachment_state_dispose;
  object_class->finalize = evb_attachment_state_finalize;

  signals[STATUS_CHANGED] =
    g_signal_new ("status-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[THUMBNAIL_CHANGED] =
    g_signal_new ("thumbnail-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
evb_attachment_state_init (EvbAttachmentState *self)
{
  self->statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) known_free);
  self->thumbnails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

EvbAttachmentState *
evb_attachment_state_new (EvbBoard *board)
{
  EvbAttachmentState *self;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  self = g_object_new (EVB_TYPE_ATTACHMENT_STATE, NULL);
  self->board = g_object_ref (board);
  return self;
}

EvbAttachmentState *
evb_attachment_state_copy (EvbAttachmentState *self,
                           EvbBoard           *board)
{
  EvbAttachmentState *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (EVB_IS_ATTACHMENT_STATE (self), NULL);
  g_return_val_if_fail (board == NULL || EVB_IS_BOARD (board), NULL);

  copy = g_object_new (EVB_TYPE_ATTACHMENT_STATE, NULL);
  copy->board = board != NULL ? g_object_ref (board) : NULL;
  g_hash_table_iter_init (&iter, self->statuses);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Known *known = value, *twin = g_new0 (Known, 1);

      twin->status = known->status;
      twin->uri = g_strdup (known->uri);
      twin->sha256 = g_strdup (known->sha256);
      g_hash_table_insert (copy->statuses, g_strdup (key), twin);
    }
  g_hash_table_iter_init (&iter, self->thumbnails);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->thumbnails, g_strdup (key), g_object_ref (value));
  return copy;
}

EvbBoard *
evb_attachment_state_get_board (EvbAttachmentState *self)
{
  g_return_val_if_fail (EVB_IS_ATTACHMENT_STATE (self), NULL);
  return self->board;
}

void
evb_attachment_state_set_status (EvbAttachmentState  *self,
                                 const char          *node_id,
                                 EvbAttachmentStatus  status)
{
  EvbNode *node;
  const EvbNodeData *data = NULL;
  Known *known;

  g_return_if_fail (EVB_IS_ATTACHMENT_STATE (self));
  g_return_if_fail (node_id != NULL);
  g_return_if_fail (status >= EVB_ATTACHMENT_NONE && status <= EVB_ATTACHMENT_UNREADABLE);

  node = self->board != NULL ? evb_board_get_node (self->board, node_id) : NULL;
  if (node != NULL)
    data = evb_node_get_data (node);

  known = g_hash_table_lookup (self->statuses, node_id);
  if (status == EVB_ATTACHMENT_NONE)
    {
      if (known == NULL)
        return;
      g_hash_table_remove (self->statuses, node_id);
    }
  else
    {
      if (known != NULL && known->status == status && data != NULL &&
          g_strcmp0 (known->uri, data->attachment_uri) == 0 &&
          g_strcmp0 (known->sha256, data->attachment_sha256) == 0)
        return;
      known = g_new0 (Known, 1);
      known->status = status;
      if (data != NULL)
        {
          known->uri = g_strdup (data->attachment_uri);
          known->sha256 = g_strdup (data->attachment_sha256);
        }
      g_hash_table_replace (self->statuses, g_strdup (node_id), known);
    }
  g_signal_emit (self, signals[STATUS_CHANGED], 0, node_id);
}

void
evb_attachment_state_set_statuses (EvbAttachmentState *self,
                                   GHashTable         *statuses)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (EVB_IS_ATTACHMENT_STATE (self));
  g_return_if_fail (statuses != NULL);

  g_hash_table_iter_init (&iter, statuses);
  while (g_hash_table_iter_next (&iter, &key, &value))
    evb_attachment_state_set_status (self, key, GPOINTER_TO_INT (value));
}

EvbAttachmentStatus
evb_attachment_state_get_status (EvbAttachmentState *self,
                                 const char         *node_id)
{
  EvbNode *node;

  g_return_val_if_fail (EVB_IS_ATTACHMENT_STATE (self), EVB_ATTACHMENT_NONE);
  g_return_val_if_fail (node_id != NULL, EVB_ATTACHMENT_NONE);

  node = self->board != NULL ? evb_board_get_node (self->board, node_id) : NULL;
  if (node == NULL)
    return EVB_ATTACHMENT_NONE;
  return status_for (self, evb_node_get_data (node));
}

EvbAttachmentStatus
evb_attachment_state_lookup_status (EvbAttachmentState *self,
                                    const EvbNodeData  *data)
{
  g_return_val_if_fail (EVB_IS_ATTACHMENT_STATE (self), EVB_ATTACHMENT_NONE);
  g_return_val_if_fail (data != NULL, EVB_ATTACHMENT_NONE);

  return status_for (self, data);
}

GPtrArray *
evb_attachment_state_get_problem_ids (EvbAttachmentState *self)
{
  GPtrArray *ids;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (EVB_IS_ATTACHMENT_STATE (self), NULL);

  ids = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->statuses);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      /* Without a board (a snapshot for a thread), the caller checks each
       * status against the card it draws (lookup_status). */
      EvbAttachmentStatus status = self->board != NULL ? evb_attachment_state_get_status (self, key)
                                                       : ((Known *) value)->status;

      if (evb_attachment_status_is_problem (status))
        g_ptr_array_add (ids, key);
    }
  return ids;
}

guint
evb_attachment_state_count_problems (EvbAttachmentState *self)
{
  g_autoptr(GPtrArray) ids = NULL;

  g_return_val_if_fail (EVB_IS_ATTACHMENT_STATE (self), 0);

  ids = evb_attachment_state_get_problem_ids (self);
  return ids->len;
}

void
evb_attachment_state_set_thumbnail (EvbAttachmentState *self,
                                    const char         *sha256,
                                    GdkTexture         *texture)
{
  g_return_if_fail (EVB_IS_ATTACHMENT_STATE (self));
  g_return_if_fail (sha256 != NULL);
  g_return_if_fail (texture == NULL || GDK_IS_TEXTURE (texture));

  if (g_hash_table_lookup (self->thumbnails, sha256) == (gpointer) texture)
    return;
  if (texture != NULL)
    g_hash_table_replace (self->thumbnails, g_strdup (sha256), g_object_ref (texture));
  else if (!g_hash_table_remove (self->thumbnails, sha256))
    return;
  g_signal_emit (self, signals[THUMBNAIL_CHANGED], 0, sha256);
}

GdkTexture *
evb_attachment_state_get_thumbnail (EvbAttachmentState *self,
                                    const char         *sha256)
{
  g_return_val_if_fail (EVB_IS_ATTACHMENT_STATE (self), NULL);

  if (sha256 == NULL)
    return NULL;
  return g_hash_table_lookup (self->thumbnails, sha256);
}

gboolean
evb_attachment_state_load_thumbnails (EvbAttachmentState  *self,
                                      EvbStore            *store,
                                      GError             **error)
{
  g_autoptr(GHashTable) thumbnails = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (EVB_IS_ATTACHMENT_STATE (self), FALSE);
  g_return_val_if_fail (EVB_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  thumbnails = evb_thumbnail_load_from_store (store, self->board);
  g_hash_table_iter_init (&iter, thumbnails);
  while (g_hash_table_iter_next (&iter, &key, &value))
    evb_attachment_state_set_thumbnail (self, key, value);
  return TRUE;
}
