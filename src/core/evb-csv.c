/* evb-csv.c: a board as two CSV tables, nodes and links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shape of Kumu's elements and connections: a nodes table with ID,
 * Label, Type, Description and Tags ("|" between tags) first, then the
 * rest of a card's fields; a links table with ID, From, To (node ids),
 * Type (supports or refutes), Direction, Strength and Description. RFC
 * 4180, every field quoted; a field a spreadsheet would run as a formula is
 * prefixed with an apostrophe, which the reader takes off again.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "evb-error.h"
#include "evb-formats-private.h"
#include "evb-json.h"

typedef enum
{
  COL_ID, COL_LABEL, COL_TYPE, COL_DESCRIPTION, COL_TAGS, COL_EVIDENCE_TYPE,
  COL_CLAIMANT, COL_SOURCE, COL_SOURCE_URL, COL_RELIABILITY, COL_CREDIBILITY,
  COL_OCCURRED, COL_COLLECTED, COL_COLOR, COL_ATTACHMENT_URI, COL_ATTACHMENT_SHA256,
  COL_ATTACHMENT_SIZE, COL_ATTACHMENT_MEDIA_TYPE, COL_X, COL_Y, COL_WIDTH, COL_HEIGHT,
  COL_CREATED, COL_MODIFIED, N_NODE_COLUMNS
} NodeColumn;

static const char *node_columns[N_NODE_COLUMNS] = {
  "ID", "Label", "Type", "Description", "Tags", "Evidence Type", "Claimant", "Source",
  "Source URL", "Reliability", "Credibility", "Occurred", "Collected", "Color",
  "Attachment URI", "Attachment SHA-256", "Attachment Size", "Attachment Media Type",
  "X", "Y", "Width", "Height", "Created", "Modified",
};

typedef enum
{
  LCOL_ID, LCOL_FROM, LCOL_TO, LCOL_TYPE, LCOL_DIRECTION, LCOL_STRENGTH, LCOL_DESCRIPTION,
  N_LINK_COLUMNS
} LinkColumn;

static const char *link_columns[N_LINK_COLUMNS] = {
  "ID", "From", "To", "Type", "Direction", "Strength", "Description",
};

/* Writing */

static gboolean
is_number (const char *field)
{
  char *end = NULL;

  g_ascii_strtod (field, &end);
  return end != field && *end == '\0';
}

static void
append_field (GString    *out,
              const char *field,
              gboolean    last)
{
  if (field == NULL)
    field = "";
  g_string_append_c (out, '"');
  /* A field a spreadsheet would run as a formula gets an apostrophe first
   * (OWASP's advice against CSV injection, as the matrix's CSV); so does
   * one that starts with an apostrophe, so that the reader can always take
   * the first one off. A plain number is no formula. */
  if (field[0] != '\0' && strchr ("=+-@\t\r'", field[0]) != NULL && !is_number (field))
    g_string_append_c (out, '\'');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  g_string_append (out, last ? "\r\n" : ",");
}

static void
append_header (GString     *out,
               const char **names,
               guint        n)
{
  for (guint i = 0; i < n; i++)
    append_field (out, names[i], i + 1 == n);
}

static char *
format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value));
}

char *
evb_csv_write_nodes (EvbBoard *board)
{
  GPtrArray *nodes;
  GString *out;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  nodes = evb_board_get_nodes (board);
  out = g_string_sized_new (1024 + nodes->len * 512);
  append_header (out, node_columns, N_NODE_COLUMNS);
  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *d = evb_node_get_data (g_ptr_array_index (nodes, i));
      g_autofree char *tags = g_strjoinv ("|", d->tags);
      g_autofree char *credibility = d->credibility != 0 ? g_strdup_printf ("%d", d->credibility) : NULL;
      g_autofree char *size = d->attachment_uri != NULL && d->attachment_size >= 0
                                ? g_strdup_printf ("%" G_GINT64_FORMAT, d->attachment_size) : NULL;
      g_autofree char *x = format_double (d->x);
      g_autofree char *y = format_double (d->y);
      g_autofree char *width = format_double (d->width);
      g_autofree char *height = format_double (d->height);
      char reliability[2] = { d->reliability, '\0' };
      const char *fields[N_NODE_COLUMNS] = {
        d->id, d->title, evb_node_kind_to_string (d->kind), d->body, tags,
        d->kind == EVB_NODE_KIND_EVIDENCE ? evb_evidence_type_to_string (d->evidence_type) : NULL,
        d->claimant, d->source, d->source_url, reliability, credibility, d->occurred,
        d->collected, d->color, d->attachment_uri, d->attachment_sha256, size,
        d->attachment_media_type, x, y, width, height, d->created, d->modified,
      };

      for (guint c = 0; c < N_NODE_COLUMNS; c++)
        append_field (out, fields[c], c + 1 == N_NODE_COLUMNS);
    }
  return g_string_free (out, FALSE);
}

char *
evb_csv_write_links (EvbBoard *board)
{
  GPtrArray *links;
  GString *out;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  links = evb_board_get_links (board);
  out = g_string_sized_new (256 + links->len * 160);
  append_header (out, link_columns, N_LINK_COLUMNS);
  for (guint i = 0; i < links->len; i++)
    {
      const EvbLinkData *d = evb_link_get_data (g_ptr_array_index (links, i));
      const char *fields[N_LINK_COLUMNS] = {
        d->id, d->from, d->to, evb_relation_to_string (d->relation), "directed",
        evb_strength_to_string (d->strength), d->note,
      };

      for (guint c = 0; c < N_LINK_COLUMNS; c++)
        append_field (out, fields[c], c + 1 == N_LINK_COLUMNS);
    }
  return g_string_free (out, FALSE);
}

/* Reading */

typedef struct
{
  guint      line;    /* where the row starts, from 1 */
  GPtrArray *fields;  /* (element-type utf8) */
} Row;

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_clear_pointer (&row->fields, g_ptr_array_unref);
}

/* RFC 4180, strictly: a quote inside an unquoted field, text after a
 * closing quote, or a quote never closed is an error naming the line. */
static GArray *
parse_csv (const char  *data,
           gsize        length,
           const char  *table,
           GError     **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = data, *end = data + length;
  const char *bad = NULL;
  guint line = 1;

  g_array_set_clear_func (rows, row_clear);
  if (!g_utf8_validate_len (data, length, &bad))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_PARSE, _("%s: byte %u: not valid UTF-8 text"),
                   table, (guint) (bad - data));
      return NULL;
    }
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    p += 3;

  while (p < end)
    {
      Row row = { line, g_ptr_array_new_with_free_func (g_free) };
      gboolean row_done = FALSE;

      while (!row_done)
        {
          gboolean quoted = FALSE;

          g_string_truncate (field, 0);
          if (p < end && *p == '"')
            {
              guint start_line = line;

              quoted = TRUE;
              p++;
              for (;;)
                {
                  if (p >= end)
                    {
                      g_ptr_array_unref (row.fields);
                      g_set_error (error, EVB_ERROR, EVB_ERROR_PARSE,
                                   _("%s, line %u: a quoted field has no closing quote"), table, start_line);
                      return NULL;
                    }
                  if (*p == '"')
                    {
                      if (p + 1 < end && p[1] == '"')
                        {
                          g_string_append_c (field, '"');
                          p += 2;
                          continue;
                        }
                      p++;
                      break;
                    }
                  if (*p == '\n')
                    line++;
                  g_string_append_c (field, *p++);
                }
              if (p < end && *p != ',' && *p != '\n' && *p != '\r')
                {
                  g_ptr_array_unref (row.fields);
                  g_set_error (error, EVB_ERROR, EVB_ERROR_PARSE,
                               _("%s, line %u: text after the closing quote of a field"), table, line);
                  return NULL;
                }
            }
          else
            {
              while (p < end && *p != ',' && *p != '\n' && *p != '\r')
                {
                  if (*p == '"')
                    {
                      g_ptr_array_unref (row.fields);
                      g_set_error (error, EVB_ERROR, EVB_ERROR_PARSE,
                                   _("%s, line %u: a quote inside a field that does not start with one"),
                                   table, line);
                      return NULL;
                    }
                  g_string_append_c (field, *p++);
                }
            }

          /* The writer's apostrophe before what looks like a formula. */
          if (quoted && field->len >= 2 && field->str[0] == '\'' &&
              strchr ("=+-@\t\r'", field->str[1]) != NULL)
            g_string_erase (field, 0, 1);
          g_ptr_array_add (row.fields, g_strndup (field->str, field->len));

          if (p < end && *p == ',')
            p++;
          else
            {
              if (p < end && *p == '\r')
                p++;
              if (p < end && *p == '\n')
                p++;
              line++;
              row_done = TRUE;
            }
        }
      /* A blank line is no row. */
      if (row.fields->len == 1 && ((char *) g_ptr_array_index (row.fields, 0))[0] == '\0')
        g_ptr_array_unref (row.fields);
      else
        g_array_append_val (rows, row);
    }
  return g_steal_pointer (&rows);
}

static int
find_column (const char **names,
             guint        n,
             const char  *header)
{
  static const struct { const char *alias; const char *name; } aliases[] = {
    { "title", "Label" }, { "name", "Label" }, { "body", "Description" }, { "kind", "Type" },
    { "note", "Description" }, { "relation", "Type" }, { "source_url", "Source URL" },
    { "evidence_type", "Evidence Type" },
  };
  g_autofree char *trimmed = g_strstrip (g_strdup (header));

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_ascii_strcasecmp (trimmed, aliases[i].alias) == 0)
      {
        g_free (trimmed);
        trimmed = g_strdup (aliases[i].name);
        break;
      }
  for (guint i = 0; i < n; i++)
    if (g_ascii_strcasecmp (trimmed, names[i]) == 0)
      return (int) i;
  return -1;
}

/* The header: which column holds which field (-1: none). */
static gboolean
map_header (Row         *header,
            const char **names,
            guint        n,
            int         *map,
            const char  *table,
            GPtrArray   *skipped,
            GError     **error)
{
  for (guint i = 0; i < n; i++)
    map[i] = -1;
  for (guint c = 0; c < header->fields->len; c++)
    {
      const char *name = g_ptr_array_index (header->fields, c);
      int column = find_column (names, n, name);

      if (column < 0)
        {
          if (skipped != NULL)
            g_ptr_array_add (skipped,
                             g_strdup_printf (_("%s, line %u: the column “%s” has no field on a board; "
                                                "its values are not imported"),
                                              table, header->line, name));
          continue;
        }
      if (map[column] >= 0)
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                       _("%s, line %u: the column “%s” is there twice"), table, header->line, name);
          return FALSE;
        }
      map[column] = (int) c;
    }
  return TRUE;
}

static const char *
cell (Row        *row,
      const int  *map,
      guint       column)
{
  const char *value;

  if (map[column] < 0)
    return NULL;
  value = g_ptr_array_index (row->fields, map[column]);
  return value[0] != '\0' ? value : NULL;
}

static gboolean
check_width (Row         *row,
             Row         *header,
             const char  *table,
             GError     **error)
{
  if (row->fields->len == header->fields->len)
    return TRUE;
  g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
               _("%s, line %u: %u fields where the header has %u"), table, row->line,
               row->fields->len, header->fields->len);
  return FALSE;
}

static gboolean
set_number (JsonObject  *object,
            const char  *member,
            const char  *value,
            gboolean     integer,
            const char  *place,
            GError     **error)
{
  char *end = NULL;

  if (value == NULL)
    return TRUE;
  if (integer)
    {
      gint64 n = g_ascii_strtoll (value, &end, 10);

      if (end != value && *end == '\0')
        {
          json_object_set_int_member (object, member, n);
          return TRUE;
        }
    }
  else
    {
      double n = g_ascii_strtod (value, &end);

      if (end != value && *end == '\0' && isfinite (n))
        {
          json_object_set_double_member (object, member, n);
          return TRUE;
        }
    }
  {
    g_autofree char *shown = g_strescape (value, NULL);

    g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s: %s: “%s” is not a number"),
                 place, member, shown);
  }
  return FALSE;
}

static void
set_string (JsonObject *object,
            const char *member,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
}

static JsonObject *
read_node_row (Row         *row,
               const int   *map,
               guint        index,
               const char  *place,
               GError     **error)
{
  JsonObject *node = json_object_new ();
  const char *type = cell (row, map, COL_TYPE);
  const char *kind = "evidence";
  const char *evidence_type = cell (row, map, COL_EVIDENCE_TYPE);
  const char *tags = cell (row, map, COL_TAGS);
  const char *id = cell (row, map, COL_ID);
  g_autofree char *generated_id = NULL;

  if (type != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (type, -1);
      EvbEvidenceType evidence;
      EvbNodeKind node_kind;

      g_strstrip (lower);
      if (evb_node_kind_from_string (lower, &node_kind))
        kind = evb_node_kind_to_string (node_kind);
      else if (evb_evidence_type_from_string (lower, &evidence))
        {
          if (evidence_type == NULL)
            evidence_type = evb_evidence_type_to_string (evidence);
        }
      else
        {
          g_autofree char *shown = g_strescape (type, NULL);

          g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                       _("%s: Type: “%s” is neither claim, evidence nor an evidence type"),
                       place, shown);
          json_object_unref (node);
          return NULL;
        }
    }
  if (id == NULL)
    id = generated_id = g_strdup_printf ("csv-%u", row->line);

  json_object_set_string_member (node, "id", id);
  json_object_set_string_member (node, "kind", kind);
  json_object_set_string_member (node, "title", cell (row, map, COL_LABEL) != NULL
                                                  ? cell (row, map, COL_LABEL) : _("Untitled card"));
  set_string (node, "body", cell (row, map, COL_DESCRIPTION));
  set_string (node, "claimant", cell (row, map, COL_CLAIMANT));
  if (strcmp (kind, "evidence") == 0)
    json_object_set_string_member (node, "evidence_type", evidence_type != NULL ? evidence_type : "other");
  else
    set_string (node, "evidence_type", evidence_type);
  set_string (node, "source", cell (row, map, COL_SOURCE));
  set_string (node, "source_url", cell (row, map, COL_SOURCE_URL));
  set_string (node, "reliability", cell (row, map, COL_RELIABILITY));
  set_string (node, "occurred", cell (row, map, COL_OCCURRED));
  set_string (node, "collected", cell (row, map, COL_COLLECTED));
  set_string (node, "color", cell (row, map, COL_COLOR));
  set_string (node, "created", cell (row, map, COL_CREATED));
  set_string (node, "modified", cell (row, map, COL_MODIFIED));
  if (tags != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (tags, "|", -1);
      JsonArray *array = json_array_new ();

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_strstrip (parts[i]);
          if (parts[i][0] != '\0')
            json_array_add_string_element (array, parts[i]);
        }
      json_object_set_array_member (node, "tags", array);
    }
  if (!set_number (node, "credibility", cell (row, map, COL_CREDIBILITY), TRUE, place, error) ||
      !set_number (node, "x", cell (row, map, COL_X), FALSE, place, error) ||
      !set_number (node, "y", cell (row, map, COL_Y), FALSE, place, error) ||
      !set_number (node, "width", cell (row, map, COL_WIDTH), FALSE, place, error) ||
      !set_number (node, "height", cell (row, map, COL_HEIGHT), FALSE, place, error))
    {
      json_object_unref (node);
      return NULL;
    }
  /* A table from elsewhere has no places: the reader's layout places the
   * cards, and places them again once they are sized to their text
   * (evb_json_fit_unsized()), where a fixed grid would let grown cards
   * overlap. A row with only one of X and Y takes the other from a grid. */
  if (json_object_has_member (node, "x") && !json_object_has_member (node, "y"))
    json_object_set_int_member (node, "y", (index / 8) * 200);
  else if (json_object_has_member (node, "y") && !json_object_has_member (node, "x"))
    json_object_set_int_member (node, "x", (index % 8) * 300);

  if (cell (row, map, COL_ATTACHMENT_URI) != NULL || cell (row, map, COL_ATTACHMENT_SHA256) != NULL ||
      cell (row, map, COL_ATTACHMENT_SIZE) != NULL || cell (row, map, COL_ATTACHMENT_MEDIA_TYPE) != NULL)
    {
      JsonObject *attachment = json_object_new ();

      json_object_set_object_member (node, "attachment", attachment);
      json_object_set_string_member (attachment, "uri", cell (row, map, COL_ATTACHMENT_URI) != NULL
                                                          ? cell (row, map, COL_ATTACHMENT_URI) : "");
      set_string (attachment, "sha256", cell (row, map, COL_ATTACHMENT_SHA256));
      set_string (attachment, "media_type", cell (row, map, COL_ATTACHMENT_MEDIA_TYPE));
      if (!set_number (attachment, "size", cell (row, map, COL_ATTACHMENT_SIZE), TRUE, place, error))
        {
          json_object_unref (node);
          return NULL;
        }
    }
  return node;
}

gboolean
evb_csv_looks_like_nodes (const char *data,
                          gsize       length)
{
  const char *newline = memchr (data, '\n', length);
  g_autofree char *first = g_strndup (data, newline != NULL ? (gsize) (newline - data) : length);
  g_autofree char *lower = g_ascii_strdown (first, -1);

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  /* A header that names a label and is not JSON. */
  return lower[0] != '{' && lower[0] != '[' &&
         (strstr (lower, "label") != NULL || strstr (lower, "title") != NULL) &&
         strchr (lower, ',') != NULL;
}

/* A link's end: a node's id, or else the label of exactly one node (Kumu's
 * connections name their elements by label). */
static const char *
resolve_end (GHashTable *ids,
             GHashTable *labels,
             const char *end)
{
  const char *id;

  if (end == NULL || g_hash_table_contains (ids, end))
    return end;
  id = g_hash_table_lookup (labels, end);
  return id != NULL && id[0] != '\0' ? id : end;
}

EvbBoard *
evb_csv_read_board (const char  *nodes,
                    gsize        nodes_length,
                    const char  *links,
                    gsize        links_length,
                    const char  *title,
                    GPtrArray   *skipped,
                    GError     **error)
{
  g_autoptr(GArray) node_rows = NULL;
  g_autoptr(GArray) link_rows = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GPtrArray) node_places = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) link_places = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  /* label → id, or "" when two nodes share the label */
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);
  const char *nodes_table = _("nodes table");
  const char *links_table = _("links table");
  int node_map[N_NODE_COLUMNS], link_map[N_LINK_COLUMNS];
  JsonObject *out, *board_fields;
  JsonArray *out_nodes, *out_links;

  g_return_val_if_fail (nodes != NULL || nodes_length == 0, NULL);
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (nodes_length > EVB_FORMATS_MAX_CSV_SIZE || links_length > EVB_FORMATS_MAX_CSV_SIZE)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT, _("the file is larger than 1 GiB"));
      return NULL;
    }
  node_rows = parse_csv (nodes, nodes_length, nodes_table, error);
  if (node_rows == NULL)
    return NULL;
  if (links != NULL && (link_rows = parse_csv (links, links_length, links_table, error)) == NULL)
    return NULL;
  if (node_rows->len == 0)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s: the file is empty"), nodes_table);
      return NULL;
    }

  if (!map_header (&g_array_index (node_rows, Row, 0), node_columns, N_NODE_COLUMNS, node_map,
                   nodes_table, skipped, error))
    return NULL;
  if (node_map[COL_LABEL] < 0 && node_map[COL_ID] < 0)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                   _("%s, line 1: the header names neither a Label nor an ID column"), nodes_table);
      return NULL;
    }

  out = json_object_new ();
  document = json_node_init_object (json_node_alloc (), out);
  json_object_unref (out);
  json_object_set_string_member (out, "format", EVB_JSON_FORMAT);
  json_object_set_int_member (out, "version", EVB_JSON_VERSION);
  board_fields = json_object_new ();
  json_object_set_string_member (board_fields, "title", title);
  json_object_set_object_member (out, "board", board_fields);
  out_nodes = json_array_new ();
  out_links = json_array_new ();
  json_object_set_array_member (out, "nodes", out_nodes);
  json_object_set_array_member (out, "links", out_links);

  for (guint i = 1; i < node_rows->len; i++)
    {
      Row *row = &g_array_index (node_rows, Row, i);
      g_autofree char *place = g_strdup_printf (_("%s, line %u"), nodes_table, row->line);
      JsonObject *node;
      const char *id, *label;

      if (!check_width (row, &g_array_index (node_rows, Row, 0), nodes_table, error))
        return NULL;
      node = read_node_row (row, node_map, i - 1, place, error);
      if (node == NULL)
        return NULL;
      json_array_add_object_element (out_nodes, node);
      id = json_object_get_string_member (node, "id");
      label = json_object_get_string_member (node, "title");
      g_hash_table_add (ids, (gpointer) id);
      g_hash_table_insert (labels, (gpointer) label,
                           g_hash_table_contains (labels, label) ? (gpointer) "" : (gpointer) id);
      g_ptr_array_add (node_places, g_steal_pointer (&place));
    }

  if (link_rows != NULL && link_rows->len > 0)
    {
      Row *header = &g_array_index (link_rows, Row, 0);

      if (!map_header (header, link_columns, N_LINK_COLUMNS, link_map, links_table, skipped, error))
        return NULL;
      if (link_map[LCOL_FROM] < 0 || link_map[LCOL_TO] < 0 || link_map[LCOL_TYPE] < 0)
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                       _("%s, line 1: the header needs From, To and Type columns"), links_table);
          return NULL;
        }
      for (guint i = 1; i < link_rows->len; i++)
        {
          Row *row = &g_array_index (link_rows, Row, i);
          g_autofree char *place = g_strdup_printf (_("%s, line %u"), links_table, row->line);
          g_autofree char *generated_id = NULL;
          g_autofree char *relation = NULL;
          g_autofree char *strength = NULL;
          JsonObject *link;
          const char *id;

          if (!check_width (row, header, links_table, error))
            return NULL;
          id = cell (row, link_map, LCOL_ID);
          if (id == NULL)
            id = generated_id = g_strdup_printf ("csv-link-%u", row->line);
          relation = g_ascii_strdown (cell (row, link_map, LCOL_TYPE) != NULL
                                        ? cell (row, link_map, LCOL_TYPE) : "", -1);
          link = json_object_new ();
          json_object_set_string_member (link, "id", id);
          json_object_set_string_member (link, "from",
                                         resolve_end (ids, labels, cell (row, link_map, LCOL_FROM)) ?: "");
          json_object_set_string_member (link, "to",
                                         resolve_end (ids, labels, cell (row, link_map, LCOL_TO)) ?: "");
          json_object_set_string_member (link, "relation", g_strstrip (relation));
          if (cell (row, link_map, LCOL_STRENGTH) != NULL)
            {
              strength = g_ascii_strdown (cell (row, link_map, LCOL_STRENGTH), -1);
              json_object_set_string_member (link, "strength", g_strstrip (strength));
            }
          set_string (link, "note", cell (row, link_map, LCOL_DESCRIPTION));
          json_array_add_object_element (out_links, link);
          g_ptr_array_add (link_places, g_steal_pointer (&place));
        }
    }

  return _evb_formats_read_tree (document, node_places, link_places, ": ", error);
}
