/* evb-node.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "evb-error.h"
#include "evb-node-private.h"

struct _EvbNode
{
  GObject      parent_instance;

  EvbNodeData *data;
  GPtrArray   *links;
};

G_DEFINE_FINAL_TYPE (EvbNode, evb_node, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (EvbNodeData, evb_node_data, evb_node_data_copy, evb_node_data_free)

/* Board coordinates beyond this are surely a mistake (and would overflow
 * cairo and the spatial index); cards are never larger than this either. */
#define MAX_COORDINATE 1.0e7
#define MAX_SIZE       1.0e5

EvbNodeData *
evb_node_data_new (EvbNodeKind kind)
{
  EvbNodeData *data = g_new (EvbNodeData, 1);

  _evb_node_data_init (data, kind);
  data->tags = g_new0 (char *, 1);
  data->title = g_strdup ("");

  return data;
}

void
_evb_node_data_init (EvbNodeData *data,
                     EvbNodeKind  kind)
{
  *data = (EvbNodeData) { NULL };
  data->kind = kind;
  data->evidence_type = kind == EVB_NODE_KIND_EVIDENCE ? EVB_EVIDENCE_TYPE_OTHER
                                                       : EVB_EVIDENCE_TYPE_NONE;
  data->width = kind == EVB_NODE_KIND_CLAIM ? EVB_CLAIM_DEFAULT_WIDTH : EVB_NODE_DEFAULT_WIDTH;
  data->height = kind == EVB_NODE_KIND_CLAIM ? EVB_CLAIM_DEFAULT_HEIGHT : EVB_NODE_DEFAULT_HEIGHT;
  data->attachment_size = -1;
}

EvbNodeData *
evb_node_data_copy (const EvbNodeData *data)
{
  EvbNodeData *copy;

  g_return_val_if_fail (data != NULL, NULL);

  copy = g_memdup2 (data, sizeof *data);
  copy->id = g_strdup (data->id);
  copy->title = g_strdup (data->title);
  copy->body = g_strdup (data->body);
  copy->claimant = g_strdup (data->claimant);
  copy->source = g_strdup (data->source);
  copy->source_url = g_strdup (data->source_url);
  copy->occurred = g_strdup (data->occurred);
  copy->collected = g_strdup (data->collected);
  copy->tags = data->tags != NULL ? g_strdupv (data->tags) : g_new0 (char *, 1);
  copy->color = g_strdup (data->color);
  copy->attachment_uri = g_strdup (data->attachment_uri);
  copy->attachment_sha256 = g_strdup (data->attachment_sha256);
  copy->attachment_media_type = g_strdup (data->attachment_media_type);
  copy->created = g_strdup (data->created);
  copy->modified = g_strdup (data->modified);

  return copy;
}

void
evb_node_data_free (EvbNodeData *data)
{
  if (data == NULL)
    return;

  g_free (data->id);
  g_free (data->title);
  g_free (data->body);
  g_free (data->claimant);
  g_free (data->source);
  g_free (data->source_url);
  g_free (data->occurred);
  g_free (data->collected);
  g_strfreev (data->tags);
  g_free (data->color);
  g_free (data->attachment_uri);
  g_free (data->attachment_sha256);
  g_free (data->attachment_media_type);
  g_free (data->created);
  g_free (data->modified);
  g_free (data);
}

void
evb_node_data_set_string (char       **field,
                          const char  *value)
{
  g_return_if_fail (field != NULL);

  if (value != NULL && value[0] == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
}

gboolean
evb_node_data_equal (const EvbNodeData *a,
                     const EvbNodeData *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return g_strcmp0 (a->id, b->id) == 0 &&
         a->kind == b->kind &&
         g_strcmp0 (a->title, b->title) == 0 &&
         g_strcmp0 (a->body, b->body) == 0 &&
         a->x == b->x && a->y == b->y && a->width == b->width && a->height == b->height &&
         !a->pinned == !b->pinned &&
         g_strcmp0 (a->claimant, b->claimant) == 0 &&
         a->evidence_type == b->evidence_type &&
         g_strcmp0 (a->source, b->source) == 0 &&
         g_strcmp0 (a->source_url, b->source_url) == 0 &&
         a->reliability == b->reliability &&
         a->credibility == b->credibility &&
         g_strcmp0 (a->occurred, b->occurred) == 0 &&
         g_strcmp0 (a->collected, b->collected) == 0 &&
         g_strv_equal ((const char * const *) a->tags, (const char * const *) b->tags) &&
         g_strcmp0 (a->color, b->color) == 0 &&
         g_strcmp0 (a->attachment_uri, b->attachment_uri) == 0 &&
         g_strcmp0 (a->attachment_sha256, b->attachment_sha256) == 0 &&
         a->attachment_size == b->attachment_size &&
         g_strcmp0 (a->attachment_media_type, b->attachment_media_type) == 0 &&
         !a->attachment_embedded == !b->attachment_embedded &&
         g_strcmp0 (a->created, b->created) == 0 &&
         g_strcmp0 (a->modified, b->modified) == 0;
}

static gboolean
is_sha256 (const char *str)
{
  if (strlen (str) != 64)
    return FALSE;
  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (str[i]) || g_ascii_isupper (str[i]))
      return FALSE;
  return TRUE;
}

/* As g_utf8_validate_len() (which refuses NUL too), but most text is
 * ASCII: passed eight bytes at a time up to the first byte that is not
 * (or is NUL), from where GLib checks the rest. */
gboolean
_evb_text_is_utf8 (const char *text,
                   gsize       length)
{
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  gsize i = 0;

  for (; i + 8 <= length; i += 8)
    {
      guint64 word;

      memcpy (&word, text + i, 8);
      /* A byte with its top bit set, or a zero byte. */
      if (((word | ((word - ones) & ~word)) & high) != 0)
        break;
    }
  while (i < length && (guchar) text[i] < 0x80 && text[i] != '\0')
    i++;
  return i == length || g_utf8_validate_len (text + i, length - i, NULL);
}

static gboolean
check_utf8 (const char  *value,
            const char  *field,
            GError     **error)
{
  gsize length;

  if (value == NULL)
    return TRUE;
  length = strlen (value);
  if (length > EVB_MAX_TEXT_LENGTH)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT,
                   /* Translators: %s is a field name like “body”, %d a number */
                   _("%s: the text is longer than %d MiB"), field,
                   EVB_MAX_TEXT_LENGTH / (1024 * 1024));
      return FALSE;
    }
  if (!_evb_text_is_utf8 (value, length))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   /* Translators: %s is a field name like “title” */
                   _("%s: not valid UTF-8 text"), field);
      return FALSE;
    }
  return TRUE;
}

gboolean
evb_node_data_validate (const EvbNodeData  *data,
                        GError            **error)
{
  const struct { const char *name; const char *value; } strings[] = {
    { "id", data->id }, { "title", data->title }, { "body", data->body },
    { "claimant", data->claimant }, { "source", data->source },
    { "source_url", data->source_url }, { "occurred", data->occurred },
    { "collected", data->collected }, { "color", data->color },
    { "attachment.uri", data->attachment_uri },
    { "attachment.media_type", data->attachment_media_type },
    { "created", data->created }, { "modified", data->modified },
  };

  g_return_val_if_fail (data != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    if (!check_utf8 (strings[i].value, strings[i].name, error))
      return FALSE;

  if (data->id == NULL || data->id[0] == '\0')
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID, _("id: must not be empty"));
      return FALSE;
    }

  if (data->kind != EVB_NODE_KIND_CLAIM && data->kind != EVB_NODE_KIND_EVIDENCE)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID, _("kind: unknown kind"));
      return FALSE;
    }

  if (data->title == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID, _("title: missing"));
      return FALSE;
    }

  if (!isfinite (data->x) || !isfinite (data->y) ||
      fabs (data->x) > MAX_COORDINATE || fabs (data->y) > MAX_COORDINATE)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("x, y: the position must be a finite number within ±10,000,000"));
      return FALSE;
    }

  if (!isfinite (data->width) || !isfinite (data->height) ||
      data->width <= 0 || data->height <= 0 ||
      data->width > MAX_SIZE || data->height > MAX_SIZE)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("width, height: the size must be a positive number up to 100,000"));
      return FALSE;
    }

  if (data->kind == EVB_NODE_KIND_EVIDENCE)
    {
      if (data->evidence_type < 0 || data->evidence_type >= EVB_N_EVIDENCE_TYPES)
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                       _("evidence_type: unknown evidence type"));
          return FALSE;
        }
    }
  else if (data->evidence_type != EVB_EVIDENCE_TYPE_NONE)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("evidence_type: only evidence has an evidence type"));
      return FALSE;
    }

  if (data->reliability != '\0' && !evb_reliability_is_valid (data->reliability))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("reliability: must be a letter from A to F"));
      return FALSE;
    }

  if (data->credibility != 0 && !evb_credibility_is_valid (data->credibility))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("credibility: must be an integer from 1 to 6"));
      return FALSE;
    }

  if (data->occurred != NULL && !evb_date_is_valid (data->occurred))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("occurred: “%s” is not a date (YYYY-MM-DD) or an RFC 3339 date-time"),
                   data->occurred);
      return FALSE;
    }

  if (data->collected != NULL && !evb_date_is_valid (data->collected))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("collected: “%s” is not a date (YYYY-MM-DD) or an RFC 3339 date-time"),
                   data->collected);
      return FALSE;
    }

  if (data->created != NULL && !evb_date_is_valid (data->created))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("created: “%s” is not an RFC 3339 date-time"), data->created);
      return FALSE;
    }

  if (data->modified != NULL && !evb_date_is_valid (data->modified))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("modified: “%s” is not an RFC 3339 date-time"), data->modified);
      return FALSE;
    }

  if (data->color != NULL && !evb_color_is_valid (data->color))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("color: “%s” is not a colour like #3584e4"), data->color);
      return FALSE;
    }

  if (data->tags == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID, _("tags: missing"));
      return FALSE;
    }
  for (guint i = 0; data->tags[i] != NULL; i++)
    {
      if (strlen (data->tags[i]) > EVB_MAX_TEXT_LENGTH)
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT,
                       _("tags[%u]: the text is longer than %d MiB"), i,
                       EVB_MAX_TEXT_LENGTH / (1024 * 1024));
          return FALSE;
        }
      if (data->tags[i][0] == '\0' || !g_utf8_validate (data->tags[i], -1, NULL))
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                       _("tags[%u]: a tag must be non-empty UTF-8 text"), i);
          return FALSE;
        }
    }

  if (data->attachment_sha256 != NULL && !is_sha256 (data->attachment_sha256))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("attachment.sha256: must be 64 lower-case hexadecimal digits"));
      return FALSE;
    }

  if (data->attachment_size < -1)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("attachment.size: must not be negative"));
      return FALSE;
    }

  if (data->attachment_embedded &&
      (data->attachment_sha256 == NULL || data->attachment_size < 0))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("attachment.embedded: a file kept in the board needs its SHA-256 and "
                     "size"));
      return FALSE;
    }

  if (data->attachment_uri == NULL &&
      (data->attachment_sha256 != NULL || data->attachment_size >= 0 ||
       data->attachment_media_type != NULL || data->attachment_embedded))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("attachment.uri: an attachment needs the address of its file"));
      return FALSE;
    }

  return TRUE;
}

static void
evb_node_finalize (GObject *object)
{
  EvbNode *self = (EvbNode *) object;

  g_clear_pointer (&self->data, evb_node_data_free);
  g_clear_pointer (&self->links, g_ptr_array_unref);

  G_OBJECT_CLASS (evb_node_parent_class)->finalize (object);
}

static void
evb_node_class_init (EvbNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = evb_node_finalize;
}

static void
evb_node_init (EvbNode *self)
{
  /* Links are owned by the board; a node only points at its own. */
  self->links = g_ptr_array_new ();
}

EvbNode *
_evb_node_new (EvbNodeData *data)
{
  EvbNode *self = g_object_new (EVB_TYPE_NODE, NULL);

  self->data = data;
  return self;
}

EvbNodeData *
_evb_node_swap_data (EvbNode     *self,
                     EvbNodeData *data)
{
  EvbNodeData *old = self->data;

  self->data = data;
  return old;
}

void
_evb_node_add_link (EvbNode *self,
                    EvbLink *link)
{
  g_ptr_array_add (self->links, link);
}

void
_evb_node_remove_link (EvbNode *self,
                       EvbLink *link)
{
  g_ptr_array_remove (self->links, link);
}

const EvbNodeData *
evb_node_get_data (EvbNode *node)
{
  g_return_val_if_fail (EVB_IS_NODE (node), NULL);
  return node->data;
}

EvbNodeData *
evb_node_dup_data (EvbNode *node)
{
  g_return_val_if_fail (EVB_IS_NODE (node), NULL);
  return evb_node_data_copy (node->data);
}

const char *
evb_node_get_id (EvbNode *node)
{
  g_return_val_if_fail (EVB_IS_NODE (node), NULL);
  return node->data->id;
}

EvbNodeKind
evb_node_get_kind (EvbNode *node)
{
  g_return_val_if_fail (EVB_IS_NODE (node), EVB_NODE_KIND_CLAIM);
  return node->data->kind;
}

const char *
evb_node_get_title (EvbNode *node)
{
  g_return_val_if_fail (EVB_IS_NODE (node), NULL);
  return node->data->title;
}

EvbEvidenceType
evb_node_get_evidence_type (EvbNode *node)
{
  g_return_val_if_fail (EVB_IS_NODE (node), EVB_EVIDENCE_TYPE_NONE);
  return node->data->evidence_type;
}

void
evb_node_get_bounds (EvbNode *node,
                     double  *x,
                     double  *y,
                     double  *width,
                     double  *height)
{
  g_return_if_fail (EVB_IS_NODE (node));

  if (x != NULL)
    *x = node->data->x;
  if (y != NULL)
    *y = node->data->y;
  if (width != NULL)
    *width = node->data->width;
  if (height != NULL)
    *height = node->data->height;
}

GPtrArray *
evb_node_get_links (EvbNode *node)
{
  g_return_val_if_fail (EVB_IS_NODE (node), NULL);
  return node->links;
}

void
evb_node_count_incoming (EvbNode *node,
                         guint   *n_supports,
                         guint   *n_refutes)
{
  guint supports = 0, refutes = 0;

  g_return_if_fail (EVB_IS_NODE (node));

  for (guint i = 0; i < node->links->len; i++)
    {
      EvbLink *link = g_ptr_array_index (node->links, i);

      if (strcmp (evb_link_get_to (link), node->data->id) != 0)
        continue;
      if (evb_link_get_relation (link) == EVB_RELATION_SUPPORTS)
        supports++;
      else
        refutes++;
    }

  if (n_supports != NULL)
    *n_supports = supports;
  if (n_refutes != NULL)
    *n_refutes = refutes;
}
