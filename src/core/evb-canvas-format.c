/* evb-canvas-format.c: JSON Canvas 1.0 (Obsidian's .canvas), and what
 * the exchange formats share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A node is a text node (a file node when it has an attachment) whose text
 * is "# title" and the body; its own fields go, exactly as our JSON writes
 * them, under the one member "evidence-board", so that our import gets the
 * board back unchanged. Any other canvas becomes cards and links as well as
 * it can, and says what it could not place.
 *
 * Groups are canvas group nodes around their cards, first in the list so
 * other programs draw them below the cards; our group record goes under
 * the same member. A group from another program takes the cards lying
 * wholly inside it (the smallest such group, when groups nest: a card is
 * in at most one group on a board).
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "evb-error.h"
#include "evb-formats-private.h"
#include "evb-json-private.h"
#include "evb-json.h"

/* The colours of our palette's link lines (src/render/evb-palette.c, light). */
#define SUPPORTS_COLOR "#1c71d8"
#define REFUTES_COLOR  "#c64600"

JsonNode *
_evb_formats_board_tree (EvbBoard *board)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  text = evb_json_write_board (board, &length);
  /* Our own writer's output: always valid JSON. */
  return json_from_string (text, NULL);
}

JsonNode *
_evb_formats_parse_json (const char  *data,
                         gsize        length,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  const char *end = NULL;
  JsonNode *root;

  if (length == 0)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_PARSE, _("the file is empty"));
      return NULL;
    }
  if (length > EVB_JSON_MAX_DOCUMENT_SIZE)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT, _("the file is larger than 1 GiB"));
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, &end))
    {
      _evb_json_set_byte_error (error, EVB_ERROR_PARSE, (gsize) (end - data),
                                _("not valid UTF-8 text"));
      return NULL;
    }
  /* What json-glib would let through (duplicate members, trailing
   * garbage, nesting without end) is refused as our JSON import refuses it. */
  if (!_evb_json_check_document (data, length, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &parse_error))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_PARSE, _("not valid JSON: %s"),
                   parse_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_PARSE, _("the file holds only white space"));
      return NULL;
    }
  return json_node_copy (root);
}

/* "nodes[12].kind: …" → place + ".kind: …". */
static char *
relocate_message (const char *message,
                  const char *prefix,
                  GPtrArray  *places,
                  const char *separator)
{
  const char *p;
  char *end = NULL;
  guint64 index;

  if (places == NULL || !g_str_has_prefix (message, prefix))
    return NULL;
  p = message + strlen (prefix);
  index = g_ascii_strtoull (p, &end, 10);
  if (end == p || *end != ']' || index >= places->len)
    return NULL;
  if (end[1] == '.')
    return g_strconcat (g_ptr_array_index (places, index), separator, end + 2, NULL);
  return g_strconcat (g_ptr_array_index (places, index), end + 1, NULL);
}

EvbBoard *
_evb_formats_read_tree (JsonNode   *document,
                        GPtrArray  *node_places,
                        GPtrArray  *link_places,
                        const char *separator,
                        GError    **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  gsize length = 0;
  EvbBoard *board;

  json_generator_set_root (generator, document);
  text = json_generator_to_data (generator, &length);
  board = evb_json_read_board (text, length, &local_error);
  if (board != NULL)
    return board;

  message = relocate_message (local_error->message, "nodes[", node_places, separator);
  if (message == NULL)
    message = relocate_message (local_error->message, "links[", link_places, separator);
  g_set_error_literal (error, local_error->domain, local_error->code,
                       message != NULL ? message : local_error->message);
  return NULL;
}

/* Writing */

static gint64
canvas_integer (double value)
{
  return (gint64) CLAMP (round (value), -1e15, 1e15);
}

static char *
card_text (const EvbNodeData *d)
{
  if (d->body != NULL)
    return g_strdup_printf ("# %s\n\n%s", d->title, d->body);
  return g_strdup_printf ("# %s", d->title);
}

char *
evb_canvas_write_board (EvbBoard *board,
                        gsize    *length)
{
  g_autoptr(JsonNode) tree = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *ours, *canvas, *head;
  JsonArray *our_nodes, *our_links, *our_groups, *nodes, *edges;
  GPtrArray *board_nodes;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  tree = _evb_formats_board_tree (board);
  ours = json_node_get_object (tree);
  our_nodes = json_object_get_array_member (ours, "nodes");
  our_links = json_object_get_array_member (ours, "links");
  board_nodes = evb_board_get_nodes (board);

  canvas = json_object_new ();
  nodes = json_array_new ();
  edges = json_array_new ();

  /* Written only when the board has groups. */
  our_groups = json_object_has_member (ours, "groups") ? json_object_get_array_member (ours, "groups")
                                                       : NULL;
  for (guint i = 0; our_groups != NULL && i < json_array_get_length (our_groups); i++)
    {
      EvbGroup *group = g_ptr_array_index (evb_board_get_groups (board), i);
      const EvbGroupData *d = evb_group_get_data (group);
      JsonObject *node = json_object_new ();
      g_autofree char *canvas_id = NULL;
      double x, y, width, height;

      /* Groups and cards have ids of their own; a canvas has one set. */
      canvas_id = evb_board_get_node (board, d->id) != NULL ? g_strconcat ("group:", d->id, NULL)
                                                             : g_strdup (d->id);
      /* Other programs have no collapsed groups: the frame goes round the
       * cards, and our record says it is collapsed. */
      evb_board_get_group_bounds (board, group, &x, &y, &width, &height);
      json_object_set_string_member (node, "id", canvas_id);
      json_object_set_string_member (node, "type", "group");
      json_object_set_string_member (node, "label", d->label);
      json_object_set_int_member (node, "x", canvas_integer (x));
      json_object_set_int_member (node, "y", canvas_integer (y));
      json_object_set_int_member (node, "width", canvas_integer (width));
      json_object_set_int_member (node, "height", canvas_integer (height));
      if (d->color != NULL)
        json_object_set_string_member (node, "color", d->color);
      json_object_set_member (node, EVB_FORMATS_NAMESPACE_KEY,
                              json_node_copy (json_array_get_element (our_groups, i)));
      json_array_add_object_element (nodes, node);
    }

  for (guint i = 0; i < board_nodes->len; i++)
    {
      const EvbNodeData *d = evb_node_get_data (g_ptr_array_index (board_nodes, i));
      JsonObject *node = json_object_new ();

      json_object_set_string_member (node, "id", d->id);
      if (d->attachment_uri != NULL)
        {
          g_autofree char *path = g_filename_from_uri (d->attachment_uri, NULL, NULL);

          json_object_set_string_member (node, "type", "file");
          json_object_set_string_member (node, "file", path != NULL ? path : d->attachment_uri);
        }
      else
        {
          g_autofree char *text = card_text (d);

          json_object_set_string_member (node, "type", "text");
          json_object_set_string_member (node, "text", text);
        }
      json_object_set_int_member (node, "x", canvas_integer (d->x));
      json_object_set_int_member (node, "y", canvas_integer (d->y));
      json_object_set_int_member (node, "width", canvas_integer (d->width));
      json_object_set_int_member (node, "height", canvas_integer (d->height));
      if (d->color != NULL)
        json_object_set_string_member (node, "color", d->color);
      json_object_set_member (node, EVB_FORMATS_NAMESPACE_KEY,
                              json_node_copy (json_array_get_element (our_nodes, i)));
      json_array_add_object_element (nodes, node);
    }

  for (guint i = 0; i < json_array_get_length (our_links); i++)
    {
      EvbLink *link = g_ptr_array_index (evb_board_get_links (board), i);
      const EvbLinkData *d = evb_link_get_data (link);
      JsonObject *edge = json_object_new ();

      json_object_set_string_member (edge, "id", d->id);
      json_object_set_string_member (edge, "fromNode", d->from);
      json_object_set_string_member (edge, "toNode", d->to);
      json_object_set_string_member (edge, "toEnd", "arrow");
      json_object_set_string_member (edge, "color", d->relation == EVB_RELATION_SUPPORTS
                                                      ? SUPPORTS_COLOR : REFUTES_COLOR);
      json_object_set_string_member (edge, "label", evb_relation_to_string (d->relation));
      json_object_set_member (edge, EVB_FORMATS_NAMESPACE_KEY,
                              json_node_copy (json_array_get_element (our_links, i)));
      json_array_add_object_element (edges, edge);
    }

  json_object_set_array_member (canvas, "nodes", nodes);
  json_object_set_array_member (canvas, "edges", edges);
  /* The board's own fields, for our import; other readers ignore it. */
  head = json_object_new ();
  json_object_set_string_member (head, "format", EVB_JSON_FORMAT);
  json_object_set_int_member (head, "version", EVB_JSON_VERSION);
  json_object_set_member (head, "board", json_node_copy (json_object_get_member (ours, "board")));
  json_object_set_object_member (canvas, EVB_FORMATS_NAMESPACE_KEY, head);

  root = json_node_init_object (json_node_alloc (), canvas);
  json_object_unref (canvas);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  {
    gsize n = 0;
    char *text = json_generator_to_data (generator, &n);
    char *result = g_strconcat (text, "\n", NULL);

    g_free (text);
    if (length != NULL)
      *length = n + 1;
    return result;
  }
}

/* Reading */

gboolean
evb_canvas_looks_like_canvas (const char *data,
                              gsize       length)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  root = _evb_formats_parse_json (data, length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);
  if (json_object_has_member (object, "format"))
    return FALSE;
  return (json_object_has_member (object, "nodes") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "nodes"))) ||
         (json_object_has_member (object, "edges") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "edges")));
}

static gboolean
wrong_type (GError     **error,
            const char  *place,
            const char  *member,
            const char  *what)
{
  /* Translators: “nodes[3].x: must be a number” */
  g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s.%s: must be %s"), place, member, what);
  return FALSE;
}

/* A member that must be a string when present: *value is NULL when absent. */
static gboolean
get_string (JsonObject   *object,
            const char   *place,
            const char   *member,
            gboolean      required,
            const char  **value,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s.%s: missing"), place, member);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (error, place, member, _("a string"));
  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_number (JsonObject  *object,
            const char  *place,
            const char  *member,
            gboolean    *present,
            double      *value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  *present = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return wrong_type (error, place, member, _("a number"));
  *value = json_node_get_double (node);
  *present = TRUE;
  return TRUE;
}

/* Obsidian's six preset colours, as the nearest of GNOME's palette. */
static const char *
canvas_color (const char *color)
{
  static const char *presets[] = {
    "#e01b24", "#ff7800", "#f6d32d", "#33d17a", "#33c7de", "#9141ac",
  };

  if (color == NULL)
    return NULL;
  if (color[0] >= '1' && color[0] <= '6' && color[1] == '\0')
    return presets[color[0] - '1'];
  return NULL;
}

static EvbEvidenceType
type_for_file (const char *file)
{
  g_autofree char *content_type = g_content_type_guess (file, NULL, 0, NULL);
  g_autofree char *mime = g_content_type_get_mime_type (content_type);

  if (mime != NULL && g_str_has_prefix (mime, "image/"))
    return EVB_EVIDENCE_TYPE_PHOTO;
  if (mime != NULL && g_str_has_prefix (mime, "video/"))
    return EVB_EVIDENCE_TYPE_VIDEO;
  return EVB_EVIDENCE_TYPE_DOCUMENT;
}

/* "# Title\n\nbody": the first line without its heading marks, the rest. */
static void
split_text (const char  *text,
            char       **title,
            char       **body)
{
  const char *newline = strchr (text, '\n');
  g_autofree char *first = newline != NULL ? g_strndup (text, newline - text) : g_strdup (text);
  const char *p = first;

  while (*p == '#')
    p++;
  *title = g_strstrip (g_strdup (p));
  *body = NULL;
  if (newline != NULL)
    {
      const char *rest = newline + 1;

      while (*rest == '\n' || *rest == '\r')
        rest++;
      if (*rest != '\0')
        *body = g_strdup (rest);
    }
}

/* One node of a canvas made by another program, as our JSON's node. */
static JsonObject *
foreign_node (JsonObject  *canvas_node,
              const char  *place,
              const char  *id,
              const char  *type,
              GError     **error)
{
  JsonObject *node;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  EvbEvidenceType evidence_type = EVB_EVIDENCE_TYPE_OTHER;
  const char *value = NULL;
  const char *color = NULL;
  const char *file = NULL, *url = NULL;

  if (strcmp (type, "text") == 0)
    {
      if (!get_string (canvas_node, place, "text", TRUE, &value, error))
        return NULL;
      split_text (value, &title, &body);
    }
  else if (strcmp (type, "file") == 0)
    {
      if (!get_string (canvas_node, place, "file", TRUE, &file, error))
        return NULL;
      if (file[0] == '\0')
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s.file: must not be empty"), place);
          return NULL;
        }
      title = g_path_get_basename (file);
      evidence_type = type_for_file (file);
    }
  else if (strcmp (type, "link") == 0)
    {
      if (!get_string (canvas_node, place, "url", TRUE, &url, error))
        return NULL;
      title = g_strdup (url);
    }

  if (title == NULL || title[0] == '\0')
    {
      g_free (title);
      title = g_strdup (_("Untitled card"));
    }
  if (!get_string (canvas_node, place, "color", FALSE, &color, error))
    return NULL;

  node = json_object_new ();
  json_object_set_string_member (node, "id", id);
  json_object_set_string_member (node, "kind", "evidence");
  json_object_set_string_member (node, "title", title);
  if (body != NULL)
    json_object_set_string_member (node, "body", body);
  json_object_set_string_member (node, "evidence_type", evb_evidence_type_to_string (evidence_type));
  if (url != NULL)
    json_object_set_string_member (node, "source_url", url);
  if (color != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (color, -1);

      if (canvas_color (color) != NULL)
        json_object_set_string_member (node, "color", canvas_color (color));
      else if (evb_color_is_valid (lower))
        json_object_set_string_member (node, "color", lower);
    }
  if (file != NULL)
    {
      JsonObject *attachment = json_object_new ();

      json_object_set_string_member (attachment, "uri", file);
      json_object_set_object_member (node, "attachment", attachment);
    }
  return node;
}

/* Our node, with the canvas's place and size where it was moved or
 * resized in another program (the canvas holds whole numbers only). */
static void
take_geometry (JsonObject *ours,
               JsonObject *canvas_node,
               const char *member)
{
  JsonNode *canvas_value = json_object_get_member (canvas_node, member);
  JsonNode *our_value = json_object_get_member (ours, member);
  double canvas, our;

  if (canvas_value == NULL || !JSON_NODE_HOLDS_VALUE (canvas_value))
    return;
  canvas = json_node_get_double (canvas_value);
  our = our_value != NULL && JSON_NODE_HOLDS_VALUE (our_value) ? json_node_get_double (our_value)
                                                               : NAN;
  if (isnan (our) || round (our) != canvas)
    json_object_set_member (ours, member, json_node_copy (canvas_value));
}

/* json-glib copies are shallow, and the parsed tree is sealed: a new
 * object for the members we change. */
static JsonObject *
copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (copy, name, json_node_copy (value));
  return copy;
}

static void
add_skipped (GPtrArray  *skipped,
             char       *sentence)
{
  if (skipped != NULL)
    g_ptr_array_add (skipped, sentence);
  else
    g_free (sentence);
}

static JsonArray *
optional_array (JsonObject  *root,
                const char  *name,
                GError     **error)
{
  JsonNode *node = json_object_get_member (root, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s: must be an array"), name);
      return NULL;
    }
  return json_node_get_array (node);
}

/* A group node of a canvas from another program, until the cards are
 * read: which lie inside it is known only then. */
typedef struct
{
  char   *place;
  char   *id;
  char   *label;
  char   *color;
  double  x, y, width, height;
} ForeignGroup;

static void
foreign_group_clear (gpointer data)
{
  ForeignGroup *group = data;

  g_free (group->place);
  g_free (group->id);
  g_free (group->label);
  g_free (group->color);
}

static gboolean
read_group_node (JsonObject  *node,
                 JsonNode    *namespaced,
                 const char  *place,
                 JsonArray   *out_groups,
                 GArray      *foreign_groups,
                 GPtrArray   *skipped,
                 GError     **error)
{
  ForeignGroup group = { NULL, };
  const char *id, *label = NULL, *color = NULL;
  gboolean has_x, has_y, has_width, has_height;

  if (namespaced != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (namespaced))
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s.%s: must be an object"),
                       place, EVB_FORMATS_NAMESPACE_KEY);
          return FALSE;
        }
      /* Our own group: its record says which cards, as the board had them. */
      json_array_add_object_element (out_groups,
                                     copy_object (json_node_get_object (namespaced)));
      return TRUE;
    }

  if (!get_string (node, place, "id", TRUE, &id, error) ||
      !get_string (node, place, "label", FALSE, &label, error) ||
      !get_string (node, place, "color", FALSE, &color, error) ||
      !get_number (node, place, "x", &has_x, &group.x, error) ||
      !get_number (node, place, "y", &has_y, &group.y, error) ||
      !get_number (node, place, "width", &has_width, &group.width, error) ||
      !get_number (node, place, "height", &has_height, &group.height, error))
    return FALSE;
  if (!has_x || !has_y || !has_width || !has_height)
    {
      add_skipped (skipped, g_strdup_printf (_("%s: a group without a place and size; its cards are kept"),
                                             place));
      return TRUE;
    }

  group.place = g_strdup (place);
  group.id = g_strdup (id);
  group.label = g_strdup (label != NULL ? label : "");
  if (canvas_color (color) != NULL)
    group.color = g_strdup (canvas_color (color));
  else if (color != NULL && evb_color_is_valid (color))
    group.color = g_strdup (color);
  g_array_append_val (foreign_groups, group);
  return TRUE;
}

static double
member_number (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : 0;
}

/* Puts each card in the smallest foreign group that holds it whole; a
 * card in one of our own groups stays there. */
static void
place_foreign_groups (GArray     *foreign_groups,
                      JsonArray  *out_nodes,
                      JsonArray  *out_groups,
                      GPtrArray  *skipped)
{
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) json_array_unref);

  for (guint i = 0; i < json_array_get_length (out_groups); i++)
    {
      JsonObject *group = json_array_get_object_element (out_groups, i);
      JsonNode *nodes = json_object_get_member (group, "nodes");

      if (nodes == NULL || !JSON_NODE_HOLDS_ARRAY (nodes))
        continue;
      for (guint j = 0; j < json_array_get_length (json_node_get_array (nodes)); j++)
        {
          JsonNode *id = json_array_get_element (json_node_get_array (nodes), j);

          if (JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_STRING)
            g_hash_table_add (taken, (gpointer) json_node_get_string (id));
        }
    }

  for (guint g = 0; g < foreign_groups->len; g++)
    g_ptr_array_add (members, json_array_new ());

  for (guint i = 0; i < json_array_get_length (out_nodes); i++)
    {
      JsonObject *node = json_array_get_object_element (out_nodes, i);
      const char *id = json_object_get_string_member (node, "id");
      double x = member_number (node, "x"), y = member_number (node, "y");
      double width = member_number (node, "width"), height = member_number (node, "height");
      int best = -1;

      if (g_hash_table_contains (taken, id))
        continue;
      for (guint g = 0; g < foreign_groups->len; g++)
        {
          const ForeignGroup *group = &g_array_index (foreign_groups, ForeignGroup, g);
          const ForeignGroup *current;

          if (x < group->x || y < group->y || x + width > group->x + group->width ||
              y + height > group->y + group->height)
            continue;
          current = best >= 0 ? &g_array_index (foreign_groups, ForeignGroup, best) : NULL;
          if (current == NULL || group->width * group->height < current->width * current->height)
            best = g;
        }
      if (best >= 0)
        json_array_add_string_element (g_ptr_array_index (members, best), id);
    }

  for (guint g = 0; g < foreign_groups->len; g++)
    {
      const ForeignGroup *group = &g_array_index (foreign_groups, ForeignGroup, g);
      JsonArray *nodes = g_ptr_array_index (members, g);
      JsonObject *result;

      if (json_array_get_length (nodes) == 0)
        {
          add_skipped (skipped, g_strdup_printf (_("%s: a group around no cards; skipped"),
                                                 group->place));
          continue;
        }
      result = json_object_new ();
      json_object_set_string_member (result, "id", group->id);
      json_object_set_string_member (result, "label", group->label);
      if (group->color != NULL)
        json_object_set_string_member (result, "color", group->color);
      json_object_set_array_member (result, "nodes", json_array_ref (nodes));
      json_array_add_object_element (out_groups, result);
    }
}

EvbBoard *
evb_canvas_read_board (const char  *data,
                       gsize        length,
                       const char  *title,
                       GPtrArray   *skipped,
                       GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GPtrArray) node_places = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) link_places = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) placed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) foreign_groups = g_array_new (FALSE, FALSE, sizeof (ForeignGroup));
  g_autoptr(JsonArray) out_groups = json_array_new ();
  JsonObject *canvas, *out, *board_fields;
  JsonArray *nodes, *edges, *out_nodes, *out_links;
  JsonNode *head;
  GError *local_error = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_array_set_clear_func (foreign_groups, foreign_group_clear);
  root = _evb_formats_parse_json (data, length, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                   _("a JSON Canvas must be a JSON object with “nodes” and “edges”"));
      return NULL;
    }
  canvas = json_node_get_object (root);
  nodes = optional_array (canvas, "nodes", &local_error);
  if (local_error == NULL)
    edges = optional_array (canvas, "edges", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  out = json_object_new ();
  document = json_node_init_object (json_node_alloc (), out);
  json_object_unref (out);
  json_object_set_string_member (out, "format", EVB_JSON_FORMAT);
  json_object_set_int_member (out, "version", EVB_JSON_VERSION);

  head = json_object_get_member (canvas, EVB_FORMATS_NAMESPACE_KEY);
  if (head != NULL && JSON_NODE_HOLDS_OBJECT (head) &&
      json_object_has_member (json_node_get_object (head), "board"))
    json_object_set_member (out, "board",
                            json_node_copy (json_object_get_member (json_node_get_object (head),
                                                                    "board")));
  else
    {
      board_fields = json_object_new ();
      json_object_set_string_member (board_fields, "title", title);
      json_object_set_object_member (out, "board", board_fields);
    }

  out_nodes = json_array_new ();
  out_links = json_array_new ();
  json_object_set_array_member (out, "nodes", out_nodes);
  json_object_set_array_member (out, "links", out_links);

  for (guint i = 0, n = nodes != NULL ? json_array_get_length (nodes) : 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (nodes, i);
      static const char *place_members[] = { "x", "y" };
      g_autofree char *place = g_strdup_printf ("nodes[%u]", i);
      JsonNode *namespaced;
      JsonObject *node, *result;
      const char *id, *type;
      double ignored;
      gboolean present;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s: must be an object"), place);
          return NULL;
        }
      node = json_node_get_object (element);
      if (!get_string (node, place, "id", TRUE, &id, error) ||
          !get_string (node, place, "type", TRUE, &type, error) ||
          !get_number (node, place, "x", &present, &ignored, error) ||
          !get_number (node, place, "y", &present, &ignored, error) ||
          !get_number (node, place, "width", &present, &ignored, error) ||
          !get_number (node, place, "height", &present, &ignored, error))
        return NULL;

      namespaced = json_object_get_member (node, EVB_FORMATS_NAMESPACE_KEY);
      if (strcmp (type, "group") == 0)
        {
          /* Edges to a group are not links, whoever made the canvas. */
          g_hash_table_add (groups, (gpointer) id);
          if (!read_group_node (node, namespaced, place, out_groups, foreign_groups, skipped,
                                error))
            return NULL;
          continue;
        }
      if (namespaced != NULL)
        {
          if (!JSON_NODE_HOLDS_OBJECT (namespaced))
            {
              g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s.%s: must be an object"),
                           place, EVB_FORMATS_NAMESPACE_KEY);
              return NULL;
            }
          result = copy_object (json_node_get_object (namespaced));
          json_object_set_string_member (result, "id", id);
          take_geometry (result, node, "x");
          take_geometry (result, node, "y");
          take_geometry (result, node, "width");
          take_geometry (result, node, "height");
          g_ptr_array_add (node_places, g_strdup_printf ("%s.%s", place, EVB_FORMATS_NAMESPACE_KEY));
        }
      else if (strcmp (type, "text") == 0 || strcmp (type, "file") == 0 ||
               strcmp (type, "link") == 0)
        {
          result = foreign_node (node, place, id, type, error);
          if (result == NULL)
            return NULL;
          /* The place only: the size suited another program's drawing of
           * the text, and the card is sized to its own (see
           * evb_json_fit_unsized()). */
          for (guint g = 0; g < G_N_ELEMENTS (place_members); g++)
            {
              JsonNode *value = json_object_get_member (node, place_members[g]);

              if (value != NULL && !JSON_NODE_HOLDS_NULL (value))
                json_object_set_member (result, place_members[g], json_node_copy (value));
            }
          g_ptr_array_add (node_places, g_strdup (place));
        }
      else
        {
          g_autofree char *quoted = g_strescape (type, NULL);

          g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                       _("%s.type: unknown node type “%s”"), place, quoted);
          return NULL;
        }
      if (!json_object_has_member (result, "x") || !json_object_has_member (result, "y"))
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s: needs “x” and “y”"), place);
          json_object_unref (result);
          return NULL;
        }
      g_hash_table_add (placed, (gpointer) id);
      json_array_add_object_element (out_nodes, result);
    }

  place_foreign_groups (foreign_groups, out_nodes, out_groups, skipped);
  if (json_array_get_length (out_groups) > 0)
    json_object_set_array_member (out, "groups", json_array_ref (out_groups));

  for (guint i = 0, n = edges != NULL ? json_array_get_length (edges) : 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (edges, i);
      g_autofree char *place = g_strdup_printf ("edges[%u]", i);
      g_autofree char *pair = NULL;
      JsonNode *namespaced;
      JsonObject *edge, *result;
      const char *id, *from, *to, *label;
      EvbRelation relation;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s: must be an object"), place);
          return NULL;
        }
      edge = json_node_get_object (element);
      if (!get_string (edge, place, "id", TRUE, &id, error) ||
          !get_string (edge, place, "fromNode", TRUE, &from, error) ||
          !get_string (edge, place, "toNode", TRUE, &to, error) ||
          !get_string (edge, place, "label", FALSE, &label, error))
        return NULL;

      if (g_hash_table_contains (groups, from) || g_hash_table_contains (groups, to))
        {
          add_skipped (skipped, g_strdup_printf (_("%s: an edge to or from a group is not a link; skipped"),
                                                 place));
          continue;
        }

      namespaced = json_object_get_member (edge, EVB_FORMATS_NAMESPACE_KEY);
      if (namespaced != NULL)
        {
          if (!JSON_NODE_HOLDS_OBJECT (namespaced))
            {
              g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s.%s: must be an object"),
                           place, EVB_FORMATS_NAMESPACE_KEY);
              return NULL;
            }
          result = copy_object (json_node_get_object (namespaced));
          json_object_set_string_member (result, "id", id);
          json_object_set_string_member (result, "from", from);
          json_object_set_string_member (result, "to", to);
          g_ptr_array_add (link_places, g_strdup_printf ("%s.%s", place, EVB_FORMATS_NAMESPACE_KEY));
        }
      else
        {
          g_autofree char *name = label != NULL ? g_utf8_strdown (label, -1) : NULL;

          if (name == NULL || !evb_relation_from_string (g_strstrip (name), &relation))
            {
              g_autofree char *shown = label != NULL ? g_strescape (label, NULL) : NULL;

              add_skipped (skipped,
                           shown != NULL
                             ? g_strdup_printf (_("%s: the label “%s” names no relation (supports or refutes); skipped"),
                                                place, shown)
                             : g_strdup_printf (_("%s: an edge without a label names no relation (supports or refutes); skipped"),
                                                place));
              continue;
            }
          pair = g_strdup_printf ("%s\n%s", from, to);
          if (strcmp (from, to) == 0 || g_hash_table_contains (pairs, pair))
            {
              add_skipped (skipped, g_strdup_printf (_("%s: a second link between the same cards, or a card "
                                                       "linked to itself; skipped"), place));
              continue;
            }
          result = json_object_new ();
          json_object_set_string_member (result, "id", id);
          json_object_set_string_member (result, "from", from);
          json_object_set_string_member (result, "to", to);
          json_object_set_string_member (result, "relation", evb_relation_to_string (relation));
          g_ptr_array_add (link_places, g_strdup (place));
        }
      g_hash_table_add (pairs, g_strdup_printf ("%s\n%s", from, to));
      json_array_add_object_element (out_links, result);
    }

  return _evb_formats_read_tree (document, node_places, link_places, ".", error);
}
