/* evb-json.c: the JSON interchange format of DESIGN.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading checks everything json-glib cannot. Before it parses: the size,
 * UTF-8, the nesting depth (json-glib parses recursively, so a deep document
 * could overflow the stack), whole numbers beyond 64 bits (which it wraps)
 * and the bits of syntax it is lenient about (comments, 0x10, 'quotes').
 * After: the contract field by field, building the board through
 * evb-board-private.h so it has no history. Every error starts with the
 * place it is about: `nodes[3].kind: …`, `links[0].to: …`, `byte 812: …`,
 * `line 3, column 14: …`.
 *
 * Writing is done by hand rather than with JsonGenerator so that the field
 * order is the data model's, whole numbers have no fraction, and the output
 * is byte-for-byte stable: export, import and export again give the same
 * text.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "evb-board-private.h"
#include "evb-error.h"
#include "evb-json.h"

/* Far beyond any real board, and well below what would hurt. */
#define MAX_DOCUMENT_SIZE ((gsize) 1 << 30)

/* Reading */

/* json-glib keeps whole numbers as gint64 and silently wraps those that do
 * not fit (99999999999999999999 reads as -1), so they are refused here. */
static gboolean
integer_fits (const char *digits,
              gsize       n_digits)
{
  static const char max[] = "9223372036854775807";

  if (n_digits != sizeof max - 1)
    return n_digits < sizeof max - 1;
  return strncmp (digits, max, n_digits) <= 0;
}

/* Checks one number against JSON's grammar, which is stricter than
 * json-glib's scanner (that takes 0x10, 01, .5 and 5.). Returns the index
 * just past it, or 0 when it is not a JSON number. */
static gsize
scan_number (const char *data,
             gsize       length,
             gsize       i,
             gboolean   *is_integer,
             gsize      *n_digits)
{
  gsize start;

  *is_integer = TRUE;
  if (i < length && data[i] == '-')
    i++;
  start = i;
  if (i < length && data[i] == '0')
    i++;
  else
    while (i < length && g_ascii_isdigit (data[i]))
      i++;
  if (i == start)
    return 0;
  *n_digits = i - start;

  if (i < length && data[i] == '.')
    {
      gsize fraction = ++i;

      *is_integer = FALSE;
      while (i < length && g_ascii_isdigit (data[i]))
        i++;
      if (i == fraction)
        return 0;
    }
  if (i < length && (data[i] == 'e' || data[i] == 'E'))
    {
      gsize exponent;

      *is_integer = FALSE;
      i++;
      if (i < length && (data[i] == '+' || data[i] == '-'))
        i++;
      exponent = i;
      while (i < length && g_ascii_isdigit (data[i]))
        i++;
      if (i == exponent)
        return 0;
    }
  /* "01" and "0x10" end here with a digit or a letter stuck to them. */
  if (i < length && (g_ascii_isalnum (data[i]) || data[i] == '.'))
    return 0;
  return i;
}

static gboolean
scan_error (GError     **error,
            int          code,
            gsize        offset,
            const char  *format,
            ...) G_GNUC_PRINTF (4, 5);

static gboolean
scan_error (GError     **error,
            int          code,
            gsize        offset,
            const char  *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Documents are at most MAX_DOCUMENT_SIZE, so the offset fits a guint;
   * G_GSIZE_FORMAT inside _() would hide the message from xgettext. */
  g_set_error (error, EVB_ERROR, code, _("byte %u: %s"), (guint) offset, message);
  return FALSE;
}

/* One quick pass over the bytes before json-glib sees them. Its parser
 * recurses once per level, so a document of 100,000 '[' would overflow the
 * stack; it wraps whole numbers that do not fit 64 bits; and it accepts
 * things that are not JSON (comments, 0x10, 'quotes'), which other tools
 * would then refuse. The rest of the syntax json-glib checks itself. */
static gboolean
scan_document (const char  *data,
               gsize        length,
               GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) data[i];

      if (in_string)
        {
          if (c == '\\')
            {
              /* C strings end at the first NUL: "a\u0000b" would quietly
               * come in as "a". */
              if (i + 5 < length && memcmp (data + i + 1, "u0000", 5) == 0)
                return scan_error (error, EVB_ERROR_FORMAT, i,
                                   _("text cannot hold a NUL character (\\u0000)"));
              i++;
            }
          else if (c == '"')
            in_string = FALSE;
          else if (c < 0x20)
            return scan_error (error, EVB_ERROR_PARSE, i,
                               _("a control character inside text must be escaped"));
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > EVB_JSON_MAX_DEPTH)
            return scan_error (error, EVB_ERROR_PARSE, i, _("nested more than %d levels deep"),
                               EVB_JSON_MAX_DEPTH);
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        case '/':
          return scan_error (error, EVB_ERROR_PARSE, i, _("JSON has no comments"));
        case '\'':
          return scan_error (error, EVB_ERROR_PARSE, i, _("JSON text goes in double quotes"));
        case '.':
        case '+':
        case '-':
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          {
            gboolean is_integer;
            gsize n_digits = 0;
            gsize end = scan_number (data, length, i, &is_integer, &n_digits);

            /* A lone "-" is left to json-glib, whose message about
             * "-Infinity" says more. */
            if (end == 0 && !(c == '-' && i + 1 < length && !g_ascii_isdigit (data[i + 1])))
              return scan_error (error, EVB_ERROR_PARSE, i, _("not a JSON number"));
            if (end == 0)
              break;
            if (is_integer &&
                !integer_fits (data + end - n_digits, n_digits))
              return scan_error (error, EVB_ERROR_FORMAT, i, _("the number %.*s is too large"),
                                 (int) MIN (end - i, 40), data + i);
            i = end - 1;
          }
          break;
        default:
          break;
        }
    }

  return TRUE;
}

typedef struct
{
  const char *place;
  JsonObject *object;
  GError    **error;
} Reader;

static gboolean
fail (Reader     *reader,
      const char *field,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (Reader     *reader,
      const char *field,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (field != NULL)
    g_set_error (reader->error, EVB_ERROR, EVB_ERROR_FORMAT, "%s%s%s: %s",
                 reader->place, reader->place[0] ? "." : "", field, message);
  else
    g_set_error (reader->error, EVB_ERROR, EVB_ERROR_FORMAT, "%s: %s", reader->place, message);
  return FALSE;
}

static JsonNode *
member (Reader     *reader,
        const char *name)
{
  JsonNode *node = json_object_get_member (reader->object, name);

  /* An explicit null counts as absent. */
  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

static gboolean
read_string (Reader      *reader,
             const char  *name,
             gboolean     required,
             char       **out)
{
  JsonNode *node = member (reader, name);

  if (node == NULL)
    {
      if (required)
        return fail (reader, name, _("missing"));
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (reader, name, _("must be a string"));

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  /* Optional strings are absent when empty; the title stays as it is. */
  if (!required && (*out)[0] == '\0')
    g_clear_pointer (out, g_free);
  return TRUE;
}

static gboolean
read_number (Reader     *reader,
             const char *name,
             gboolean    required,
             double     *out)
{
  JsonNode *node = member (reader, name);
  GType type;

  if (node == NULL)
    {
      if (required)
        return fail (reader, name, _("missing"));
      return TRUE;
    }
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return fail (reader, name, _("must be a number"));

  if (!isfinite (*out))
    return fail (reader, name, _("must be a finite number"));
  return TRUE;
}

static gboolean
read_integer (Reader     *reader,
              const char *name,
              gint64     *out,
              gboolean   *present)
{
  JsonNode *node = member (reader, name);

  GType type;

  *present = node != NULL;
  if (node == NULL)
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  /* JSON has one kind of number, and JSON Schema counts 3.0 as an integer:
   * a tool that computes a grade in floating point writes it that way.
   * Beyond 2^53 a double no longer says which integer was meant. */
  if (type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      if (value == floor (value) && fabs (value) <= 9007199254740992.0)
        {
          *out = (gint64) value;
          return TRUE;
        }
    }
  return fail (reader, name, _("must be an integer"));
}

static gboolean
read_tags (Reader       *reader,
           EvbNodeData  *data)
{
  JsonNode *node = member (reader, "tags");
  JsonArray *array;
  GStrvBuilder *builder;
  guint n;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (reader, "tags", _("must be an array of strings"));

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < n; i++)
    {
      JsonNode *tag = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (tag) || json_node_get_value_type (tag) != G_TYPE_STRING ||
          json_node_get_string (tag)[0] == '\0')
        {
          g_autofree char *field = g_strdup_printf ("tags[%u]", i);
          g_strv_builder_unref (builder);
          return fail (reader, field, _("must be a non-empty string"));
        }
      g_strv_builder_add (builder, json_node_get_string (tag));
    }
  g_strfreev (data->tags);
  data->tags = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return TRUE;
}

static gboolean
read_attachment (Reader      *reader,
                 EvbNodeData *data)
{
  JsonNode *node = member (reader, "attachment");
  g_autofree char *place = NULL;
  Reader inner;
  gint64 size = -1;
  gboolean has_size;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (reader, "attachment", _("must be an object"));

  place = g_strdup_printf ("%s.attachment", reader->place);
  inner = (Reader) { place, json_node_get_object (node), reader->error };
  if (!read_string (&inner, "uri", TRUE, &data->attachment_uri) ||
      !read_string (&inner, "sha256", FALSE, &data->attachment_sha256) ||
      !read_string (&inner, "media_type", FALSE, &data->attachment_media_type) ||
      !read_integer (&inner, "size", &size, &has_size))
    return FALSE;
  if (data->attachment_uri == NULL)
    return fail (&inner, "uri", _("must not be empty"));
  if (has_size && size < 0)
    return fail (&inner, "size", _("must not be negative"));
  data->attachment_size = has_size ? size : -1;
  return TRUE;
}

/* Turns a validation error of the core ("credibility: …") into one that
 * names its place ("nodes[2].credibility: …"). */
static void
prefix_error (GError     **error,
              GError      *inner,
              const char  *place)
{
  g_set_error (error, EVB_ERROR,
               inner->code == EVB_ERROR_DUPLICATE || inner->code == EVB_ERROR_NOT_FOUND ||
               inner->code == EVB_ERROR_INVALID ? EVB_ERROR_FORMAT : inner->code,
               "%s.%s", place, inner->message);
  g_error_free (inner);
}

static gboolean
read_node (EvbBoard   *board,
           JsonNode   *json,
           guint       index,
           GError    **error)
{
  g_autofree char *place = g_strdup_printf ("nodes[%u]", index);
  g_autoptr(EvbNodeData) data = NULL;
  g_autofree char *kind_name = NULL;
  g_autofree char *type_name = NULL;
  g_autofree char *reliability = NULL;
  GError *inner = NULL;
  EvbNodeKind kind;
  Reader reader;
  gint64 credibility = 0;
  gboolean has_credibility;

  if (!JSON_NODE_HOLDS_OBJECT (json))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s: must be an object"), place);
      return FALSE;
    }
  reader = (Reader) { place, json_node_get_object (json), error };

  if (!read_string (&reader, "kind", TRUE, &kind_name))
    return FALSE;
  if (!evb_node_kind_from_string (kind_name, &kind))
    return fail (&reader, "kind", _("unknown kind “%s”"), kind_name);

  data = evb_node_data_new (kind);
  if (!read_string (&reader, "id", TRUE, &data->id) ||
      !read_string (&reader, "title", TRUE, &data->title) ||
      !read_string (&reader, "body", FALSE, &data->body) ||
      !read_number (&reader, "x", TRUE, &data->x) ||
      !read_number (&reader, "y", TRUE, &data->y) ||
      !read_number (&reader, "width", FALSE, &data->width) ||
      !read_number (&reader, "height", FALSE, &data->height) ||
      !read_string (&reader, "claimant", FALSE, &data->claimant) ||
      !read_string (&reader, "evidence_type", FALSE, &type_name) ||
      !read_string (&reader, "source", FALSE, &data->source) ||
      !read_string (&reader, "source_url", FALSE, &data->source_url) ||
      !read_string (&reader, "reliability", FALSE, &reliability) ||
      !read_integer (&reader, "credibility", &credibility, &has_credibility) ||
      !read_string (&reader, "occurred", FALSE, &data->occurred) ||
      !read_string (&reader, "collected", FALSE, &data->collected) ||
      !read_tags (&reader, data) ||
      !read_string (&reader, "color", FALSE, &data->color) ||
      !read_attachment (&reader, data) ||
      !read_string (&reader, "created", FALSE, &data->created) ||
      !read_string (&reader, "modified", FALSE, &data->modified))
    return FALSE;

  if (data->id[0] == '\0')
    return fail (&reader, "id", _("must not be empty"));

  if (type_name != NULL)
    {
      EvbEvidenceType type;

      if (!evb_evidence_type_from_string (type_name, &type))
        return fail (&reader, "evidence_type", _("unknown evidence type “%s”"), type_name);
      if (kind != EVB_NODE_KIND_EVIDENCE)
        return fail (&reader, "evidence_type", _("only evidence has an evidence type"));
      data->evidence_type = type;
    }

  if (reliability != NULL)
    {
      if (strlen (reliability) != 1 || !evb_reliability_is_valid (reliability[0]))
        return fail (&reader, "reliability", _("must be a letter from A to F, not “%s”"),
                     reliability);
      data->reliability = reliability[0];
    }

  if (has_credibility)
    {
      if (!evb_credibility_is_valid ((int) CLAMP (credibility, -1, 7)))
        return fail (&reader, "credibility", _("must be an integer from 1 to 6"));
      data->credibility = (int) credibility;
    }

  if (!_evb_board_load_node (board, g_steal_pointer (&data), &inner))
    {
      prefix_error (error, inner, place);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_link (EvbBoard   *board,
           JsonNode   *json,
           guint       index,
           GError    **error)
{
  g_autofree char *place = g_strdup_printf ("links[%u]", index);
  g_autoptr(EvbLinkData) data = NULL;
  g_autofree char *relation_name = NULL;
  g_autofree char *strength_name = NULL;
  GError *inner = NULL;
  EvbRelation relation;
  Reader reader;

  if (!JSON_NODE_HOLDS_OBJECT (json))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s: must be an object"), place);
      return FALSE;
    }
  reader = (Reader) { place, json_node_get_object (json), error };

  if (!read_string (&reader, "relation", TRUE, &relation_name))
    return FALSE;
  if (!evb_relation_from_string (relation_name, &relation))
    return fail (&reader, "relation", _("unknown relation “%s”"), relation_name);

  data = evb_link_data_new (NULL, NULL, relation);
  if (!read_string (&reader, "id", TRUE, &data->id) ||
      !read_string (&reader, "from", TRUE, &data->from) ||
      !read_string (&reader, "to", TRUE, &data->to) ||
      !read_string (&reader, "strength", FALSE, &strength_name) ||
      !read_string (&reader, "note", FALSE, &data->note))
    return FALSE;

  if (data->id[0] == '\0')
    return fail (&reader, "id", _("must not be empty"));
  if (strength_name != NULL && !evb_strength_from_string (strength_name, &data->strength))
    return fail (&reader, "strength", _("unknown strength “%s”"), strength_name);
  if (evb_board_get_link (board, data->id) != NULL)
    return fail (&reader, "id", _("there is already a link with id “%s”"), data->id);

  if (!_evb_board_load_link (board, g_steal_pointer (&data), &inner))
    {
      prefix_error (error, inner, place);
      return FALSE;
    }
  return TRUE;
}

/* json-glib says "<data>:3:14: Parse error: unexpected character"; the
 * place goes first, in words, like every other error of the reader. */
static void
set_parse_error (GError     **error,
                 const char  *message)
{
  unsigned int line = 0, column = 0;
  int consumed = 0;
  const char *what;

  if (sscanf (message, "<data>:%u:%u: %n", &line, &column, &consumed) != 2 || consumed == 0)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_PARSE, _("not valid JSON: %s"), message);
      return;
    }

  what = message + consumed;
  if (g_str_has_prefix (what, "Parse error: "))
    what += strlen ("Parse error: ");
  if (g_str_has_prefix (what, "scanner: "))
    what += strlen ("scanner: ");
  g_set_error (error, EVB_ERROR, EVB_ERROR_PARSE, _("line %u, column %u: not valid JSON: %s"),
               line, column, what);
}

static JsonArray *
required_array (JsonObject  *root,
                const char  *name,
                GError     **error)
{
  JsonNode *node = json_object_get_member (root, name);

  if (node == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s: missing"), name);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s: must be an array"), name);
      return NULL;
    }
  return json_node_get_array (node);
}

EvbBoard *
evb_json_read_board (const char  *data,
                     gsize        length,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *created = NULL;
  g_autofree char *modified = NULL;
  g_autofree char *format = NULL;
  JsonObject *root, *meta;
  JsonArray *nodes, *links;
  JsonNode *node;
  const char *end = NULL;
  Reader reader;
  gint64 version;
  gboolean has_version;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length == 0)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_PARSE, _("the file is empty"));
      return NULL;
    }
  if (length > MAX_DOCUMENT_SIZE)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT, _("the file is larger than 1 GiB"));
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, &end))
    {
      scan_error (error, EVB_ERROR_PARSE, (gsize) (end - data), _("not valid UTF-8 text"));
      return NULL;
    }
  if (!scan_document (data, length, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &parse_error))
    {
      set_parse_error (error, parse_error->message);
      return NULL;
    }

  node = json_parser_get_root (parser);
  if (node == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_PARSE, _("the file holds only white space"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                   _("the document must be a JSON object with “format”: “evidence-board”"));
      return NULL;
    }
  root = json_node_get_object (node);
  reader = (Reader) { "", root, error };

  if (!read_string (&reader, "format", TRUE, &format))
    return NULL;
  if (g_strcmp0 (format, EVB_JSON_FORMAT) != 0)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                   _("format: “%s” is not an Evidence Board document"), format);
      return NULL;
    }
  if (!read_integer (&reader, "version", &version, &has_version))
    return NULL;
  if (!has_version)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("version: missing"));
      return NULL;
    }
  if (version > EVB_JSON_VERSION || version < 1)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, version);

      if (version > EVB_JSON_VERSION)
        g_set_error (error, EVB_ERROR, EVB_ERROR_TOO_NEW,
                     _("version: version %s is newer than this app supports (%d)"),
                     number, EVB_JSON_VERSION);
      else
        g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                     _("version: %s is not a version of the format"), number);
      return NULL;
    }

  node = json_object_get_member (root, "board");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                   node == NULL ? _("board: missing") : _("board: must be an object"));
      return NULL;
    }
  meta = json_node_get_object (node);
  reader = (Reader) { "board", meta, error };
  if (!read_string (&reader, "title", TRUE, &title) ||
      !read_string (&reader, "description", FALSE, &description) ||
      !read_string (&reader, "created", FALSE, &created) ||
      !read_string (&reader, "modified", FALSE, &modified))
    return NULL;
  if (created != NULL && !evb_date_is_valid (created))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                   _("board.created: “%s” is not an RFC 3339 date-time"), created);
      return NULL;
    }
  if (modified != NULL && !evb_date_is_valid (modified))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                   _("board.modified: “%s” is not an RFC 3339 date-time"), modified);
      return NULL;
    }

  if (!(nodes = required_array (root, "nodes", error)) ||
      !(links = required_array (root, "links", error)))
    return NULL;

  board = evb_board_new (NULL);
  _evb_board_load_meta (board, title, description, created, modified);

  for (guint i = 0, n = json_array_get_length (nodes); i < n; i++)
    if (!read_node (board, json_array_get_element (nodes, i), i, error))
      return NULL;
  for (guint i = 0, n = json_array_get_length (links); i < n; i++)
    if (!read_link (board, json_array_get_element (links, i), i, error))
      return NULL;

  return g_steal_pointer (&board);
}

EvbBoard *
evb_json_read_board_file (const char  *path,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  GStatBuf info;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Read, not mapped: a mapped file that someone truncates while we parse
   * kills the process with SIGBUS. Refuse a huge file before reading it. */
  if (g_stat (path, &info) == 0 && S_ISREG (info.st_mode) &&
      (guint64) info.st_size > MAX_DOCUMENT_SIZE)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT, _("the file is larger than 1 GiB"));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, "%s", local_error->message);
      return NULL;
    }

  return evb_json_read_board (contents, length, error);
}

/* Writing */

static void
append_string (GString    *out,
               const char *str)
{
  g_string_append_c (out, '"');
  for (const char *p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (value == floor (value) && fabs (value) < 1e15)
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) value);
      return;
    }

  /* The shortest of these that reads back as the same double. */
  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
  g_string_append (out, buffer);
}

typedef struct
{
  GString *out;
  gboolean first;
  int      indent;
} Writer;

static void
begin_field (Writer     *w,
             const char *name)
{
  g_string_append (w->out, w->first ? "\n" : ",\n");
  w->first = FALSE;
  for (int i = 0; i < w->indent; i++)
    g_string_append (w->out, "  ");
  append_string (w->out, name);
  g_string_append (w->out, ": ");
}

static void
field_string (Writer     *w,
              const char *name,
              const char *value)
{
  if (value == NULL)
    return;
  begin_field (w, name);
  append_string (w->out, value);
}

static void
field_number (Writer     *w,
              const char *name,
              double      value)
{
  begin_field (w, name);
  append_number (w->out, value);
}

static void
field_integer (Writer     *w,
               const char *name,
               gint64      value)
{
  begin_field (w, name);
  g_string_append_printf (w->out, "%" G_GINT64_FORMAT, value);
}

static void
end_object (Writer *w,
            int     indent)
{
  g_string_append_c (w->out, '\n');
  for (int i = 0; i < indent; i++)
    g_string_append (w->out, "  ");
  g_string_append_c (w->out, '}');
}

static void
write_node (GString           *out,
            const EvbNodeData *d)
{
  Writer w = { out, TRUE, 3 };

  g_string_append (out, "    {");
  field_string (&w, "id", d->id);
  field_string (&w, "kind", evb_node_kind_to_string (d->kind));
  field_string (&w, "title", d->title);
  field_string (&w, "body", d->body);
  field_number (&w, "x", d->x);
  field_number (&w, "y", d->y);
  field_number (&w, "width", d->width);
  field_number (&w, "height", d->height);
  field_string (&w, "claimant", d->claimant);
  if (d->kind == EVB_NODE_KIND_EVIDENCE)
    field_string (&w, "evidence_type", evb_evidence_type_to_string (d->evidence_type));
  field_string (&w, "source", d->source);
  field_string (&w, "source_url", d->source_url);
  if (d->reliability != '\0')
    {
      char grade[2] = { d->reliability, '\0' };
      field_string (&w, "reliability", grade);
    }
  if (d->credibility != 0)
    field_integer (&w, "credibility", d->credibility);
  field_string (&w, "occurred", d->occurred);
  field_string (&w, "collected", d->collected);
  if (d->tags != NULL && d->tags[0] != NULL)
    {
      begin_field (&w, "tags");
      g_string_append_c (out, '[');
      for (guint i = 0; d->tags[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          append_string (out, d->tags[i]);
        }
      g_string_append_c (out, ']');
    }
  field_string (&w, "color", d->color);
  if (d->attachment_uri != NULL)
    {
      Writer a = { out, TRUE, 4 };

      begin_field (&w, "attachment");
      g_string_append_c (out, '{');
      field_string (&a, "uri", d->attachment_uri);
      field_string (&a, "sha256", d->attachment_sha256);
      if (d->attachment_size >= 0)
        field_integer (&a, "size", d->attachment_size);
      field_string (&a, "media_type", d->attachment_media_type);
      end_object (&a, 3);
    }
  field_string (&w, "created", d->created);
  field_string (&w, "modified", d->modified);
  end_object (&w, 2);
}

static void
write_link (GString           *out,
            const EvbLinkData *d)
{
  Writer w = { out, TRUE, 3 };

  g_string_append (out, "    {");
  field_string (&w, "id", d->id);
  field_string (&w, "from", d->from);
  field_string (&w, "to", d->to);
  field_string (&w, "relation", evb_relation_to_string (d->relation));
  field_string (&w, "strength", evb_strength_to_string (d->strength));
  field_string (&w, "note", d->note);
  end_object (&w, 2);
}

char *
evb_json_write_board (EvbBoard *board,
                      gsize    *length)
{
  GPtrArray *nodes, *links;
  GString *out;
  Writer w;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  nodes = evb_board_get_nodes (board);
  links = evb_board_get_links (board);
  /* About 600 bytes a node; growing the string is the expensive part. */
  out = g_string_sized_new (1024 + nodes->len * 640 + links->len * 160);

  g_string_append (out, "{\n  \"format\": \"" EVB_JSON_FORMAT "\",\n  \"version\": ");
  g_string_append_printf (out, "%d,\n  \"board\": {", EVB_JSON_VERSION);
  w = (Writer) { out, TRUE, 2 };
  field_string (&w, "title", evb_board_get_title (board));
  field_string (&w, "description", evb_board_get_description (board));
  field_string (&w, "created", evb_board_get_created (board));
  field_string (&w, "modified", evb_board_get_modified (board));
  end_object (&w, 1);

  g_string_append (out, ",\n  \"nodes\": [");
  for (guint i = 0; i < nodes->len; i++)
    {
      g_string_append (out, i == 0 ? "\n" : ",\n");
      write_node (out, evb_node_get_data (g_ptr_array_index (nodes, i)));
    }
  g_string_append (out, nodes->len > 0 ? "\n  ],\n  \"links\": [" : "],\n  \"links\": [");
  for (guint i = 0; i < links->len; i++)
    {
      g_string_append (out, i == 0 ? "\n" : ",\n");
      write_link (out, evb_link_get_data (g_ptr_array_index (links, i)));
    }
  g_string_append (out, links->len > 0 ? "\n  ]\n}\n" : "]\n}\n");

  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

gboolean
evb_json_write_board_file (EvbBoard    *board,
                           const char  *path,
                           GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  text = evb_json_write_board (board, &length);
  /* A temporary file beside path, synced and renamed: path is either the
   * old file or the new one, and a failure leaves nothing behind. */
  if (!g_file_set_contents_full (path, text, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &local_error))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}
