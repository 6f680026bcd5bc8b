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

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "evb-board-private.h"
#include "evb-error.h"
#include "evb-json.h"
#include "evb-json-private.h"

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

/* The fields of a document are read through one set of functions from
 * either of two parsers: json-glib's tree (which, with the checks above,
 * decides what is an error and says where), or the streaming scanner
 * below, which reads a well-formed document in one pass without building
 * a tree. The scanner gives up, without a message, on anything it is not
 * sure about; then the document is read again with json-glib. So what is
 * accepted, what it becomes and every error message stay those of the
 * tree, and the scanner only has to be right about documents it accepts. */

typedef enum
{
  VALUE_ABSENT,  /* missing, or null */
  VALUE_STRING,
  VALUE_INTEGER,
  VALUE_DOUBLE,
  VALUE_BOOLEAN,
  VALUE_ARRAY,
  VALUE_OBJECT,
} ValueType;

/* A value the scanner has seen: where it is in the document. Strings are
 * decoded only when a field is read. */
typedef struct
{
  ValueType   type;
  gboolean    escaped;  /* a string with backslash escapes */
  const char *start;    /* a string's text inside the quotes; a container's opening bracket */
  gsize       length;
  gint64      integer;
  double      number;
} ScannedValue;

typedef struct
{
  const char   *key;
  gsize         key_length;
  guint         hash;
  ScannedValue  value;
} ScannedMember;

typedef struct
{
  ValueType            type;
  JsonNode            *node;     /* from json-glib's tree */
  const ScannedValue  *scanned;  /* from the scanner */
  GArray              *members;  /* the scanner's members of an object, if split already */
} Value;

typedef struct
{
  const char *place;
  JsonObject *object;   /* json-glib's, or */
  GArray     *members;  /* the scanner's ScannedMembers */
  GError    **error;
} Reader;

static gboolean scan_members (const char  *start,
                              gsize        length,
                              GArray      *members,
                              GArray      *elements);

/* The value of four hexadecimal digits, or -1. */
static int
hex4 (const char *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

static guint
hash_key (const char *key,
          gsize       length)
{
  guint hash = 2166136261u;

  for (gsize i = 0; i < length; i++)
    hash = (hash ^ (guchar) key[i]) * 16777619u;
  return hash;
}

/* A repeated key declines the fast path: json-glib decides what it means. */
static gboolean
has_member (GArray              *members,
            const ScannedMember *m)
{
  for (guint i = 0; i < members->len; i++)
    {
      const ScannedMember *other = &g_array_index (members, ScannedMember, i);

      if (other->hash == m->hash && other->key_length == m->key_length &&
          memcmp (other->key, m->key, m->key_length) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
value_from_node (JsonNode *node,
                 Value    *value)
{
  *value = (Value) { VALUE_ABSENT, node, NULL, NULL };
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (JSON_NODE_HOLDS_ARRAY (node))
    value->type = VALUE_ARRAY;
  else if (JSON_NODE_HOLDS_OBJECT (node))
    value->type = VALUE_OBJECT;
  else
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        value->type = VALUE_STRING;
      else if (type == G_TYPE_INT64)
        value->type = VALUE_INTEGER;
      else if (type == G_TYPE_DOUBLE)
        value->type = VALUE_DOUBLE;
      else
        value->type = VALUE_BOOLEAN;
    }
}

static void
value_from_scanned (const ScannedValue *scanned,
                    Value              *value)
{
  *value = (Value) { scanned != NULL ? scanned->type : VALUE_ABSENT, NULL, scanned, NULL };
}

/* Decodes a string the scanner has checked: only the escapes it lets
 * through (\uXXXX outside the surrogates and not NUL) can occur. */
static char *
decode_string (const ScannedValue *scanned)
{
  const char *p = scanned->start;
  const char *end = p + scanned->length;
  GString *out;

  if (!scanned->escaped)
    return g_strndup (p, scanned->length);

  out = g_string_sized_new (scanned->length);
  while (p < end)
    {
      const char *backslash = memchr (p, '\\', end - p);

      if (backslash == NULL)
        {
          g_string_append_len (out, p, end - p);
          break;
        }
      g_string_append_len (out, p, backslash - p);
      p = backslash + 1;
      switch (*p++)
        {
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          g_string_append_unichar (out, hex4 (p));
          p += 4;
          break;
        default: /* " \ / */
          g_string_append_c (out, p[-1]);
          break;
        }
    }
  return g_string_free (out, FALSE);
}

static char *
value_dup_string (const Value *value)
{
  g_assert (value->type == VALUE_STRING);

  if (value->node != NULL)
    return g_strdup (json_node_get_string (value->node));
  return decode_string (value->scanned);
}

static gint64
value_get_integer (const Value *value)
{
  g_assert (value->type == VALUE_INTEGER);

  return value->node != NULL ? json_node_get_int (value->node) : value->scanned->integer;
}

static double
value_get_double (const Value *value)
{
  g_assert (value->type == VALUE_DOUBLE);

  return value->node != NULL ? json_node_get_double (value->node) : value->scanned->number;
}

/* The elements of an array value. */
typedef struct
{
  JsonArray *array;
  GArray    *scanned;
} ValueList;

static gboolean
value_list_init (ValueList   *list,
                 const Value *value)
{
  g_assert (value->type == VALUE_ARRAY);

  *list = (ValueList) { NULL, NULL };
  if (value->node != NULL)
    {
      list->array = json_node_get_array (value->node);
      return TRUE;
    }
  list->scanned = g_array_new (FALSE, FALSE, sizeof (ScannedValue));
  return scan_members (value->scanned->start, value->scanned->length, NULL, list->scanned);
}

static guint
value_list_get_length (ValueList *list)
{
  return list->array != NULL ? json_array_get_length (list->array) : list->scanned->len;
}

static void
value_list_get (ValueList *list,
                guint      index,
                Value     *value)
{
  if (list->array != NULL)
    value_from_node (json_array_get_element (list->array, index), value);
  else
    value_from_scanned (&g_array_index (list->scanned, ScannedValue, index), value);
}

static void
value_list_clear (ValueList *list)
{
  g_clear_pointer (&list->scanned, g_array_unref);
}

/* Reads an object value. For the scanner's objects, *storage receives
 * what the caller frees. */
static gboolean
reader_init (Reader       *reader,
             const char   *place,
             const Value  *object,
             GArray      **storage,
             GError      **error)
{
  g_assert (object->type == VALUE_OBJECT);

  *reader = (Reader) { place, NULL, NULL, error };
  if (object->node != NULL)
    reader->object = json_node_get_object (object->node);
  else if (object->members != NULL)
    reader->members = object->members;
  else
    {
      *storage = g_array_new (FALSE, FALSE, sizeof (ScannedMember));
      if (!scan_members (object->scanned->start, object->scanned->length, *storage, NULL))
        return FALSE;
      reader->members = *storage;
    }
  return TRUE;
}

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

  /* The scanner does not want to know why. */
  if (reader->error == NULL)
    return FALSE;

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

static void
member (Reader     *reader,
        const char *name,
        Value      *value)
{
  if (reader->object != NULL)
    value_from_node (json_object_get_member (reader->object, name), value);
  else
    {
      gsize length = strlen (name);
      guint hash = hash_key (name, length);
      const ScannedMember *found = NULL;

      for (guint i = 0; i < reader->members->len; i++)
        {
          const ScannedMember *m = &g_array_index (reader->members, ScannedMember, i);

          if (m->hash == hash && m->key_length == length && memcmp (m->key, name, length) == 0)
            {
              found = m;
              break;
            }
        }
      value_from_scanned (found != NULL ? &found->value : NULL, value);
    }
}

static gboolean
read_string (Reader      *reader,
             const char  *name,
             gboolean     required,
             char       **out)
{
  Value value;

  member (reader, name, &value);
  if (value.type == VALUE_ABSENT)
    {
      if (required)
        return fail (reader, name, _("missing"));
      return TRUE;
    }
  if (value.type != VALUE_STRING)
    return fail (reader, name, _("must be a string"));

  g_free (*out);
  *out = value_dup_string (&value);
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
  Value value;

  member (reader, name, &value);
  if (value.type == VALUE_ABSENT)
    {
      if (required)
        return fail (reader, name, _("missing"));
      return TRUE;
    }
  if (value.type == VALUE_INTEGER)
    *out = (double) value_get_integer (&value);
  else if (value.type == VALUE_DOUBLE)
    *out = value_get_double (&value);
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
  Value value;

  member (reader, name, &value);
  *present = value.type != VALUE_ABSENT;
  if (value.type == VALUE_ABSENT)
    return TRUE;
  if (value.type == VALUE_INTEGER)
    {
      *out = value_get_integer (&value);
      return TRUE;
    }
  /* JSON has one kind of number, and JSON Schema counts 3.0 as an integer:
   * a tool that computes a grade in floating point writes it that way.
   * Beyond 2^53 a double no longer says which integer was meant. */
  if (value.type == VALUE_DOUBLE)
    {
      double number = value_get_double (&value);

      if (number == floor (number) && fabs (number) <= 9007199254740992.0)
        {
          *out = (gint64) number;
          return TRUE;
        }
    }
  return fail (reader, name, _("must be an integer"));
}

static gboolean
read_tags (Reader       *reader,
           EvbNodeData  *data)
{
  Value value;
  ValueList list;
  GPtrArray *tags;
  guint n;

  member (reader, "tags", &value);
  if (value.type == VALUE_ABSENT)
    return TRUE;
  if (value.type != VALUE_ARRAY)
    return fail (reader, "tags", _("must be an array of strings"));

  if (!value_list_init (&list, &value))
    {
      value_list_clear (&list);
      return FALSE;
    }
  n = value_list_get_length (&list);
  tags = g_ptr_array_new_full (n + 1, g_free);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *tag = NULL;
      Value element;

      value_list_get (&list, i, &element);
      if (element.type == VALUE_STRING)
        tag = value_dup_string (&element);
      if (tag == NULL || tag[0] == '\0')
        {
          g_autofree char *field = g_strdup_printf ("tags[%u]", i);
          g_ptr_array_unref (tags);
          value_list_clear (&list);
          return fail (reader, field, _("must be a non-empty string"));
        }
      g_ptr_array_add (tags, g_steal_pointer (&tag));
    }
  value_list_clear (&list);
  g_ptr_array_add (tags, NULL);
  g_strfreev (data->tags);
  data->tags = (char **) g_ptr_array_free (tags, FALSE);
  return TRUE;
}

static gboolean
read_attachment (Reader      *reader,
                 EvbNodeData *data)
{
  g_autoptr(GArray) storage = NULL;
  g_autofree char *place = NULL;
  Value value;
  Reader inner;
  gint64 size = -1;
  gboolean has_size;

  member (reader, "attachment", &value);
  if (value.type == VALUE_ABSENT)
    return TRUE;
  if (value.type != VALUE_OBJECT)
    return fail (reader, "attachment", _("must be an object"));

  place = g_strdup_printf ("%s.attachment", reader->place);
  if (!reader_init (&inner, place, &value, &storage, reader->error) ||
      !read_string (&inner, "uri", TRUE, &data->attachment_uri) ||
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
read_node (EvbBoard     *board,
           const Value  *json,
           guint         index,
           GError      **error)
{
  g_autoptr(GArray) storage = NULL;
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

  if (json->type != VALUE_OBJECT)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s: must be an object"), place);
      return FALSE;
    }
  if (!reader_init (&reader, place, json, &storage, error))
    return FALSE;

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
read_link (EvbBoard     *board,
           const Value  *json,
           guint         index,
           GError      **error)
{
  g_autoptr(GArray) storage = NULL;
  g_autofree char *place = g_strdup_printf ("links[%u]", index);
  g_autoptr(EvbLinkData) data = NULL;
  g_autofree char *relation_name = NULL;
  g_autofree char *strength_name = NULL;
  GError *inner = NULL;
  EvbRelation relation;
  Reader reader;

  if (json->type != VALUE_OBJECT)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s: must be an object"), place);
      return FALSE;
    }
  if (!reader_init (&reader, place, json, &storage, error))
    return FALSE;

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

/* The root's format, version and board, for either parser. */
static gboolean
read_head (Reader  *reader,
           char   **title,
           char   **description,
           char   **created,
           char   **modified)
{
  g_autofree char *format = NULL;
  g_autoptr(GArray) storage = NULL;
  GError **error = reader->error;
  Reader meta;
  Value board;
  gint64 version;
  gboolean has_version;

  if (!read_string (reader, "format", TRUE, &format))
    return FALSE;
  if (g_strcmp0 (format, EVB_JSON_FORMAT) != 0)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                   _("format: “%s” is not an Evidence Board document"), format);
      return FALSE;
    }
  if (!read_integer (reader, "version", &version, &has_version))
    return FALSE;
  if (!has_version)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("version: missing"));
      return FALSE;
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
      return FALSE;
    }

  /* Unlike other members, an explicit null here is not "missing". */
  member (reader, "board", &board);
  if (board.type != VALUE_OBJECT)
    {
      gboolean missing = reader->object != NULL ? !json_object_has_member (reader->object, "board")
                                                : board.scanned == NULL;

      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                   missing ? _("board: missing") : _("board: must be an object"));
      return FALSE;
    }
  if (!reader_init (&meta, "board", &board, &storage, error) ||
      !read_string (&meta, "title", TRUE, title) ||
      !read_string (&meta, "description", FALSE, description) ||
      !read_string (&meta, "created", FALSE, created) ||
      !read_string (&meta, "modified", FALSE, modified))
    return FALSE;
  /* Nodes and links are checked by the board; these go in as they are. */
  if (strlen (*title) > EVB_MAX_TEXT_LENGTH ||
      (*description != NULL && strlen (*description) > EVB_MAX_TEXT_LENGTH))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT,
                   _("%s: the text is longer than %d MiB"),
                   strlen (*title) > EVB_MAX_TEXT_LENGTH ? "board.title" : "board.description",
                   EVB_MAX_TEXT_LENGTH / (1024 * 1024));
      return FALSE;
    }
  if (*created != NULL && !evb_date_is_valid (*created))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                   _("board.created: “%s” is not an RFC 3339 date-time"), *created);
      return FALSE;
    }
  if (*modified != NULL && !evb_date_is_valid (*modified))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                   _("board.modified: “%s” is not an RFC 3339 date-time"), *modified);
      return FALSE;
    }
  return TRUE;
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

/* The reference reader: json-glib's tree, after the checks for what it
 * would let through. Every error message comes from here. */
EvbBoard *
_evb_json_read_board_tree (const char  *data,
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
  JsonObject *root;
  JsonArray *nodes, *links;
  JsonNode *node;
  const char *end = NULL;
  Reader reader;

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
  reader = (Reader) { "", root, NULL, error };
  if (!read_head (&reader, &title, &description, &created, &modified))
    return NULL;

  if (!(nodes = required_array (root, "nodes", error)) ||
      !(links = required_array (root, "links", error)))
    return NULL;

  board = evb_board_new (NULL);
  _evb_board_load_meta (board, title, description, created, modified);

  for (guint i = 0, n = json_array_get_length (nodes); i < n; i++)
    {
      Value item;

      value_from_node (json_array_get_element (nodes, i), &item);
      if (!read_node (board, &item, i, error))
        return NULL;
    }
  for (guint i = 0, n = json_array_get_length (links); i < n; i++)
    {
      Value item;

      value_from_node (json_array_get_element (links, i), &item);
      if (!read_link (board, &item, i, error))
        return NULL;
    }

  return g_steal_pointer (&board);
}

/* The streaming scanner: strict JSON (RFC 8259) in one pass, no tree. It
 * refuses (returns FALSE, without a message) anything json-glib would read
 * differently or that the checks above refuse: other white space, a byte
 * order mark, escapes of surrogates or NUL, escaped or repeated member
 * names, whole numbers beyond 64 bits, nesting deeper than
 * EVB_JSON_MAX_DEPTH, anything after the root. */

typedef struct
{
  const char *p;
  const char *end;
  guint       depth;
} Scanner;

static gboolean scan_value (Scanner      *s,
                            ScannedValue *value);

static inline void
skip_space (Scanner *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t'))
    s->p++;
}

static inline gboolean
expect (Scanner *s,
        char     c)
{
  skip_space (s);
  if (s->p >= s->end || *s->p != c)
    return FALSE;
  s->p++;
  skip_space (s);
  return TRUE;
}

static gboolean
scan_string (Scanner      *s,
             ScannedValue *value)
{
  const char *p = s->p + 1;
  gboolean non_ascii = FALSE;

  g_assert (*s->p == '"');

  value->type = VALUE_STRING;
  value->escaped = FALSE;
  value->start = p;
  for (;;)
    {
      guchar c;

      if (p >= s->end)
        return FALSE;
      c = (guchar) *p;
      if (c == '"')
        break;
      if (c < 0x20)
        return FALSE;
      if (c >= 0x80)
        non_ascii = TRUE;
      else if (c == '\\')
        {
          value->escaped = TRUE;
          if (++p >= s->end)
            return FALSE;
          if (*p == 'u')
            {
              int code = s->end - p > 4 ? hex4 (p + 1) : -1;

              if (code <= 0 || (code >= 0xd800 && code <= 0xdfff))
                return FALSE;
              p += 4;
            }
          else if (strchr ("\"\\/bfnrt", *p) == NULL || *p == '\0')
            return FALSE;
        }
      p++;
    }
  value->length = p - value->start;
  s->p = p + 1;
  return !non_ascii || g_utf8_validate_len (value->start, value->length, NULL);
}

static gboolean
scan_number_value (Scanner      *s,
                   ScannedValue *value)
{
  const char *start = s->p;
  gboolean is_integer;
  gsize n_digits = 0;
  gsize end = scan_number (start, s->end - start, 0, &is_integer, &n_digits);
  char *parsed_end = NULL;

  if (end == 0)
    return FALSE;
  value->start = start;
  value->length = end;
  value->escaped = FALSE;
  s->p = start + end;
  if (is_integer)
    {
      if (!integer_fits (start + end - n_digits, n_digits))
        return FALSE;
      value->type = VALUE_INTEGER;
      value->integer = g_ascii_strtoll (start, &parsed_end, 10);
    }
  else
    {
      value->type = VALUE_DOUBLE;
      value->number = g_ascii_strtod (start, &parsed_end);
    }
  return parsed_end == s->p;
}

static gboolean
scan_literal (Scanner    *s,
              const char *word)
{
  gsize length = strlen (word);

  if ((gsize) (s->end - s->p) < length || memcmp (s->p, word, length) != 0)
    return FALSE;
  s->p += length;
  return TRUE;
}

/* An object's members (when members is not NULL, with their names, no
 * name twice) or an array's elements (into elements, when not NULL). */
/* Steps into the array or object at s->p. FALSE when nested too deep; an
 * empty one is stepped over at once, with *empty set. */
static gboolean
enter_container (Scanner  *s,
                 char      close,
                 gboolean *empty)
{
  if (++s->depth > EVB_JSON_MAX_DEPTH)
    return FALSE;
  s->p++;
  skip_space (s);
  *empty = s->p < s->end && *s->p == close;
  if (*empty)
    {
      s->p++;
      s->depth--;
    }
  return TRUE;
}

/* After an element: a ',' sets *more and steps to the next one; the close
 * steps out of the container. FALSE on anything else. */
static gboolean
next_element (Scanner  *s,
              char      close,
              gboolean *more)
{
  skip_space (s);
  if (s->p >= s->end || (*s->p != close && *s->p != ','))
    return FALSE;
  *more = *s->p == ',';
  s->p++;
  if (*more)
    skip_space (s);
  else
    s->depth--;
  return TRUE;
}

static gboolean
scan_container (Scanner *s,
                GArray  *members,
                GArray  *elements)
{
  gboolean object = *s->p == '{';
  char close = object ? '}' : ']';
  gboolean empty, more = TRUE;

  if (!enter_container (s, close, &empty))
    return FALSE;

  while (!empty && more)
    {
      ScannedMember m;

      if (object)
        {
          ScannedValue key;

          if (s->p >= s->end || *s->p != '"' || !scan_string (s, &key) || key.escaped ||
              !expect (s, ':'))
            return FALSE;
          m.key = key.start;
          m.key_length = key.length;
        }
      if (s->p >= s->end || !scan_value (s, &m.value))
        return FALSE;

      if (object && members != NULL)
        {
          m.hash = hash_key (m.key, m.key_length);
          if (has_member (members, &m))
            return FALSE;
          g_array_append_val (members, m);
        }
      else if (!object && elements != NULL)
        g_array_append_val (elements, m.value);

      if (!next_element (s, close, &more))
        return FALSE;
    }
  return TRUE;
}

static gboolean
scan_value (Scanner      *s,
            ScannedValue *value)
{
  const char *start = s->p;

  switch (*s->p)
    {
    case '"':
      return scan_string (s, value);
    case '{':
    case '[':
      value->type = *s->p == '{' ? VALUE_OBJECT : VALUE_ARRAY;
      if (!scan_container (s, NULL, NULL))
        return FALSE;
      value->start = start;
      value->length = s->p - start;
      return TRUE;
    case 't':
    case 'f':
      value->type = VALUE_BOOLEAN;
      return scan_literal (s, *s->p == 't' ? "true" : "false");
    case 'n':
      value->type = VALUE_ABSENT;
      return scan_literal (s, "null");
    default:
      return scan_number_value (s, value);
    }
}

/* Scans again a container scan_value has already checked. */
static gboolean
scan_members (const char *start,
              gsize       length,
              GArray     *members,
              GArray     *elements)
{
  Scanner s = { start, start + length, 0 };

  return scan_container (&s, members, elements);
}

typedef gboolean (*ReadItemFunc) (EvbBoard     *board,
                                  const Value  *item,
                                  guint         index,
                                  GError      **error);

/* Reads the nodes or links array one item at a time. */
static gboolean
scan_items (Scanner      *s,
            EvbBoard     *board,
            ReadItemFunc  read_item,
            GArray       *members)
{
  gboolean empty, more = TRUE;

  g_assert (*s->p == '[');

  if (!enter_container (s, ']', &empty))
    return FALSE;

  for (guint i = 0; !empty && more; i++)
    {
      ScannedValue scanned;
      Value item;

      if (s->p >= s->end)
        return FALSE;
      if (*s->p == '{')
        {
          g_array_set_size (members, 0);
          if (!scan_container (s, members, NULL))
            return FALSE;
          item = (Value) { VALUE_OBJECT, NULL, NULL, members };
        }
      else
        {
          if (!scan_value (s, &scanned))
            return FALSE;
          value_from_scanned (&scanned, &item);
        }
      if (!read_item (board, &item, i, NULL) || !next_element (s, ']', &more))
        return FALSE;
    }
  return TRUE;
}

/* The board of a well-formed document that is read the same by
 * _evb_json_read_board_tree; NULL when the scanner cannot vouch for the
 * document, whether or not it has an error. */
EvbBoard *
_evb_json_read_board_streaming (const char *data,
                                gsize       length)
{
  g_autoptr(EvbBoard) board = evb_board_new (NULL);
  g_autoptr(GArray) root = g_array_new (FALSE, FALSE, sizeof (ScannedMember));
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (ScannedMember));
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *created = NULL;
  g_autofree char *modified = NULL;
  Scanner s = { data, data + length, 1 };
  gboolean have_nodes = FALSE, have_links = FALSE;
  Reader reader;

  if (length == 0 || length > MAX_DOCUMENT_SIZE)
    return NULL;

  skip_space (&s);
  if (s.p >= s.end || *s.p != '{')
    return NULL;
  s.p++;
  skip_space (&s);
  if (s.p < s.end && *s.p == '}')
    return NULL; /* no format: an error */

  for (;;)
    {
      ScannedMember m;
      ScannedValue key;

      if (s.p >= s.end || *s.p != '"' || !scan_string (&s, &key) || key.escaped ||
          !expect (&s, ':') || s.p >= s.end)
        return NULL;
      m.key = key.start;
      m.key_length = key.length;
      m.hash = hash_key (m.key, m.key_length);
      if (has_member (root, &m))
        return NULL;

      /* Links can only be checked against nodes already read. */
      if (*s.p == '[' && key.length == 5 && memcmp (key.start, "nodes", 5) == 0)
        {
          m.value = (ScannedValue) { VALUE_ARRAY, FALSE, s.p, 0, 0, 0 };
          if (!scan_items (&s, board, read_node, members))
            return NULL;
          have_nodes = TRUE;
        }
      else if (*s.p == '[' && key.length == 5 && memcmp (key.start, "links", 5) == 0)
        {
          m.value = (ScannedValue) { VALUE_ARRAY, FALSE, s.p, 0, 0, 0 };
          if (!have_nodes || !scan_items (&s, board, read_link, members))
            return NULL;
          have_links = TRUE;
        }
      else if (!scan_value (&s, &m.value))
        return NULL;
      g_array_append_val (root, m);

      skip_space (&s);
      if (s.p >= s.end)
        return NULL;
      if (*s.p == '}')
        break;
      if (*s.p != ',')
        return NULL;
      s.p++;
      skip_space (&s);
    }
  s.p++;
  skip_space (&s);
  if (s.p != s.end || !have_nodes || !have_links)
    return NULL;

  reader = (Reader) { "", NULL, root, NULL };
  if (!read_head (&reader, &title, &description, &created, &modified))
    return NULL;
  _evb_board_load_meta (board, title, description, created, modified);

  return g_steal_pointer (&board);
}

EvbBoard *
evb_json_read_board (const char  *data,
                     gsize        length,
                     GError     **error)
{
  EvbBoard *board;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  board = _evb_json_read_board_streaming (data, length);
  if (board != NULL)
    return board;
  return _evb_json_read_board_tree (data, length, error);
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

/* The errno behind a GFileError, so the sentence can say it in the
 * system's words; 0 when there is none. */
static int
errno_from_file_error (int code)
{
  static const struct { GFileError code; int errnum; } map[] = {
    { G_FILE_ERROR_EXIST, EEXIST }, { G_FILE_ERROR_ISDIR, EISDIR },
    { G_FILE_ERROR_ACCES, EACCES }, { G_FILE_ERROR_NAMETOOLONG, ENAMETOOLONG },
    { G_FILE_ERROR_NOENT, ENOENT }, { G_FILE_ERROR_NOTDIR, ENOTDIR },
    { G_FILE_ERROR_NXIO, ENXIO }, { G_FILE_ERROR_NODEV, ENODEV },
    { G_FILE_ERROR_ROFS, EROFS }, { G_FILE_ERROR_TXTBSY, ETXTBSY },
    { G_FILE_ERROR_LOOP, ELOOP }, { G_FILE_ERROR_NOSPC, ENOSPC },
    { G_FILE_ERROR_NOMEM, ENOMEM }, { G_FILE_ERROR_MFILE, EMFILE },
    { G_FILE_ERROR_NFILE, ENFILE }, { G_FILE_ERROR_IO, EIO },
    { G_FILE_ERROR_PERM, EPERM },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (map[i].code == (GFileError) code)
      return map[i].errnum;
  return 0;
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
      g_autofree char *display = g_filename_display_name (path);
      int errnum = local_error->domain == G_FILE_ERROR
                     ? errno_from_file_error (local_error->code) : 0;

      /* GLib's message names its temporary file and the system call that
       * failed; the person chose path and needs to know why. */
      if (errnum != 0)
        g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not write “%s”: %s"),
                     display, g_strerror (errnum));
      else
        g_set_error (error, EVB_ERROR, EVB_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}
