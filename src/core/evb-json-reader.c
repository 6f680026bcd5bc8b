/* evb-json-reader.c: reading a board from the JSON interchange format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading checks everything json-glib cannot. Before it parses: the size,
 * UTF-8, and the scanner's check (evb-json-scanner.c) of strict RFC 8259
 * (json-glib is lenient), the nesting depth, whole numbers beyond 64 bits,
 * NUL, repeated member names and anything after the root. After: the
 * contract field by field, building the board through evb-board-private.h
 * so it has no history, and the length of each row a board file will hold.
 * Every error starts with the place it is about: `nodes[3].kind: …`,
 * `links[0].to: …`, `byte 812: …`, `line 3, column 14: …`.
 *
 * A well-formed document is read by the streaming scanner in one pass
 * instead; it declines, without a message, anything it is not sure about,
 * and the document is then read again by json-glib, which gives every
 * error. Both accept the same documents (tests/fuzz/fuzz-json-agree.c).
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
#include "evb-json-private.h"
#include "evb-layout.h"
#include "evb-node-private.h"
#include "evb-store.h"
#include "evb-store-writer-private.h"

/* The fields of a document are read through one set of functions from
 * either of two parsers: json-glib's tree (which, after the scanner's check,
 * decides what is an error and says where), or the streaming scanner
 * below, which reads a well-formed document in one pass without building
 * a tree. The scanner gives up, without a message, on anything it is not
 * sure about; then the document is read again with json-glib. So what is
 * accepted, what it becomes and every error message stay those of the
 * tree, and the scanner only has to be right about documents it accepts. */

typedef struct
{
  EvbJsonValueType           type;
  JsonNode                  *node;     /* from json-glib's tree */
  const EvbJsonScannedValue *scanned;  /* from the scanner */
  GArray                    *members;  /* the scanner's members of an object, if split already */
} Value;

typedef struct
{
  const char   *place;
  JsonObject   *object;   /* json-glib's, or */
  GArray       *members;  /* the scanner's EvbJsonScannedMembers */
  GError      **error;
  /* Where a streamed import keeps the text of the rows the writer has not
   * written yet (see WaitingRows); NULL: each string is allocated alone. */
  GStringChunk *strings;
  GPtrArray    *tags;
} Reader;

static void
value_from_node (JsonNode *node,
                 Value    *value)
{
  *value = (Value) { EVB_JSON_VALUE_ABSENT, node, NULL, NULL };
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (JSON_NODE_HOLDS_ARRAY (node))
    value->type = EVB_JSON_VALUE_ARRAY;
  else if (JSON_NODE_HOLDS_OBJECT (node))
    value->type = EVB_JSON_VALUE_OBJECT;
  else
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        value->type = EVB_JSON_VALUE_STRING;
      else if (type == G_TYPE_INT64)
        value->type = EVB_JSON_VALUE_INTEGER;
      else if (type == G_TYPE_DOUBLE)
        value->type = EVB_JSON_VALUE_DOUBLE;
      else
        value->type = EVB_JSON_VALUE_BOOLEAN;
    }
}

static void
value_from_scanned (const EvbJsonScannedValue *scanned,
                    Value                     *value)
{
  EvbJsonValueType type = scanned != NULL ? scanned->type : EVB_JSON_VALUE_ABSENT;

  *value = (Value) { type, NULL, scanned, NULL };
}

static char *
value_dup_string (const Value *value)
{
  g_assert (value->type == EVB_JSON_VALUE_STRING);

  if (value->node != NULL)
    return g_strdup (json_node_get_string (value->node));
  return _evb_json_decode_string (value->scanned);
}

/* The string, in strings when there are, allocated alone otherwise. */
static char *
value_get_text (const Value  *value,
                GStringChunk *strings)
{
  g_autofree char *decoded = NULL;

  if (strings == NULL)
    return value_dup_string (value);
  if (value->node == NULL && !value->scanned->escaped)
    return g_string_chunk_insert_len (strings, value->scanned->start, value->scanned->length);
  decoded = value_dup_string (value);
  return g_string_chunk_insert (strings, decoded);
}

static gint64
value_get_integer (const Value *value)
{
  g_assert (value->type == EVB_JSON_VALUE_INTEGER);

  return value->node != NULL ? json_node_get_int (value->node) : value->scanned->integer;
}

static double
value_get_double (const Value *value)
{
  g_assert (value->type == EVB_JSON_VALUE_DOUBLE);

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
  g_assert (value->type == EVB_JSON_VALUE_ARRAY);

  *list = (ValueList) { NULL, NULL };
  if (value->node != NULL)
    {
      list->array = json_node_get_array (value->node);
      return TRUE;
    }
  list->scanned = g_array_new (FALSE, FALSE, sizeof (EvbJsonScannedValue));
  return _evb_json_scan_members (value->scanned->start, value->scanned->length,
                                 NULL, list->scanned);
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
    value_from_scanned (&g_array_index (list->scanned, EvbJsonScannedValue, index), value);
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
  g_assert (object->type == EVB_JSON_VALUE_OBJECT);

  *reader = (Reader) { place, NULL, NULL, error, NULL, NULL };
  if (object->node != NULL)
    reader->object = json_node_get_object (object->node);
  else if (object->members != NULL)
    reader->members = object->members;
  else
    {
      *storage = g_array_new (FALSE, FALSE, sizeof (EvbJsonScannedMember));
      if (!_evb_json_scan_members (object->scanned->start, object->scanned->length, *storage, NULL))
        return FALSE;
      reader->members = *storage;
    }
  return TRUE;
}

/* A value from the document quoted in a message: control characters (an
 * escape sequence would reach the terminal) and bytes that are not UTF-8
 * written as escapes, and no longer than a line. */
static char *
dup_for_message (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p = text;
  guint n = 0;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (++n > 60)
        {
          g_string_append (out, "…");
          break;
        }
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p++);
          continue;
        }
      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029 ||
          (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
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
      const EvbJsonScannedMember *found = NULL;

      /* An item has a score of members: comparing lengths and bytes is
       * quicker than hashing the name first. */
      for (guint i = 0; i < reader->members->len; i++)
        {
          const EvbJsonScannedMember *m = &g_array_index (reader->members, EvbJsonScannedMember, i);

          if (m->key_length == length && memcmp (m->key, name, length) == 0)
            {
              found = m;
              break;
            }
        }
      value_from_scanned (found != NULL ? &found->value : NULL, value);
    }
}

/* A string member into *out: allocated alone, replacing (and freeing) what
 * *out held; or, with strings, in them (nothing is freed: *out is only
 * replaced). Optional strings are absent when empty; a required one (the
 * title) stays as it is. */
static gboolean
read_string_in (Reader        *reader,
                const char    *name,
                gboolean       required,
                GStringChunk  *strings,
                char         **out)
{
  Value value;

  member (reader, name, &value);
  if (value.type == EVB_JSON_VALUE_ABSENT)
    {
      if (required)
        return fail (reader, name, _("missing"));
      return TRUE;
    }
  if (value.type != EVB_JSON_VALUE_STRING)
    return fail (reader, name, _("must be a string"));

  if (strings == NULL)
    g_free (*out);
  *out = value_get_text (&value, strings);
  if (!required && (*out)[0] == '\0')
    {
      if (strings == NULL)
        g_free (*out);
      *out = NULL;
    }
  return TRUE;
}

static gboolean
read_string (Reader      *reader,
             const char  *name,
             gboolean     required,
             char       **out)
{
  return read_string_in (reader, name, required, NULL, out);
}

/* A field of a row: in the reader's strings when it has them. */
static gboolean
read_text (Reader      *reader,
           const char  *name,
           gboolean     required,
           char       **out)
{
  return read_string_in (reader, name, required, reader->strings, out);
}

static gboolean
read_number (Reader     *reader,
             const char *name,
             gboolean    required,
             double     *out)
{
  Value value;

  member (reader, name, &value);
  if (value.type == EVB_JSON_VALUE_ABSENT)
    {
      if (required)
        return fail (reader, name, _("missing"));
      return TRUE;
    }
  if (value.type == EVB_JSON_VALUE_INTEGER)
    *out = (double) value_get_integer (&value);
  else if (value.type == EVB_JSON_VALUE_DOUBLE)
    *out = value_get_double (&value);
  else
    return fail (reader, name, _("must be a number"));

  if (!isfinite (*out))
    return fail (reader, name, _("must be a finite number"));
  return TRUE;
}

static gboolean
read_boolean (Reader     *reader,
              const char *name,
              gboolean   *out)
{
  Value value;

  member (reader, name, &value);
  if (value.type == EVB_JSON_VALUE_ABSENT)
    return TRUE;
  if (value.type != EVB_JSON_VALUE_BOOLEAN)
    return fail (reader, name, _("must be true or false"));

  if (value.node != NULL)
    *out = json_node_get_boolean (value.node);
  else
    *out = value.scanned->start[0] == 't';
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
  *present = value.type != EVB_JSON_VALUE_ABSENT;
  if (value.type == EVB_JSON_VALUE_ABSENT)
    return TRUE;
  if (value.type == EVB_JSON_VALUE_INTEGER)
    {
      *out = value_get_integer (&value);
      return TRUE;
    }
  /* JSON has one kind of number, and JSON Schema counts 3.0 as an integer:
   * a tool that computes a grade in floating point writes it that way.
   * Beyond 2^53 a double no longer says which integer was meant. */
  if (value.type == EVB_JSON_VALUE_DOUBLE)
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
  if (value.type == EVB_JSON_VALUE_ABSENT)
    return TRUE;
  if (value.type != EVB_JSON_VALUE_ARRAY)
    return fail (reader, "tags", _("must be an array of strings"));

  if (!value_list_init (&list, &value))
    {
      value_list_clear (&list);
      return FALSE;
    }
  n = value_list_get_length (&list);
  /* With the reader's strings, the tags go into its array, which holds
   * the row's until the writer has written it. */
  if (reader->strings != NULL)
    {
      tags = reader->tags;
      g_ptr_array_set_size (tags, 0);
    }
  else
    tags = g_ptr_array_new_full (n + 1, g_free);
  for (guint i = 0; i < n; i++)
    {
      char *tag = NULL;
      Value element;

      value_list_get (&list, i, &element);
      if (element.type == EVB_JSON_VALUE_STRING)
        tag = value_get_text (&element, reader->strings);
      if (tag == NULL || tag[0] == '\0')
        {
          g_autofree char *field = g_strdup_printf ("tags[%u]", i);

          if (reader->strings == NULL)
            {
              g_free (tag);
              g_ptr_array_unref (tags);
            }
          value_list_clear (&list);
          return fail (reader, field, _("must be a non-empty string"));
        }
      g_ptr_array_add (tags, tag);
    }
  value_list_clear (&list);
  g_ptr_array_add (tags, NULL);
  if (reader->strings != NULL)
    data->tags = (char **) tags->pdata;
  else
    {
      g_strfreev (data->tags);
      data->tags = (char **) g_ptr_array_free (tags, FALSE);
    }
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
  gboolean embedded = FALSE;

  member (reader, "attachment", &value);
  if (value.type == EVB_JSON_VALUE_ABSENT)
    return TRUE;
  if (value.type != EVB_JSON_VALUE_OBJECT)
    return fail (reader, "attachment", _("must be an object"));

  /* Only messages name places: the scanner asks for none. */
  if (reader->error != NULL)
    place = g_strdup_printf ("%s.attachment", reader->place);
  if (!reader_init (&inner, place, &value, &storage, reader->error))
    return FALSE;
  inner.strings = reader->strings;
  if (!read_text (&inner, "uri", TRUE, &data->attachment_uri) ||
      !read_text (&inner, "sha256", FALSE, &data->attachment_sha256) ||
      !read_text (&inner, "media_type", FALSE, &data->attachment_media_type) ||
      !read_integer (&inner, "size", &size, &has_size) ||
      !read_boolean (&inner, "embedded", &embedded))
    return FALSE;
  /* JSON is text: the bytes of a file kept in the board stay behind, so an
   * imported card refers to the file at its address, and `embedded` is only
   * checked to be a boolean. */
  (void) embedded;
  if (data->attachment_uri == NULL)
    return fail (&inner, "uri", _("must not be empty"));
  if (has_size && size < 0)
    return fail (&inner, "size", _("must not be negative"));
  data->attachment_size = has_size ? size : -1;
  return TRUE;
}

typedef struct
{
  const char *name;
  const char *value;
} TextField;

/* Room for the numbers, the enum names and SQLite's record header. */
G_STATIC_ASSERT (EVB_MAX_TEXT_LENGTH + 64 * 1024 <= EVB_MAX_ROW_LENGTH);

/* A board file keeps all the text of a node, a link or the board in one
 * row, and SQLite refuses a row longer than EVB_MAX_ROW_LENGTH: refused
 * here, with the place, the text never reaches the store (which would
 * blame the board file). One field over EVB_MAX_TEXT_LENGTH is the
 * board's to refuse, unless check_each is set. */
static gboolean
check_row_length (Reader          *reader,
                  const TextField *fields,
                  guint            n_fields,
                  gboolean         check_each)
{
  const char *longest = NULL;
  gsize longest_length = 0, total = 0;

  for (guint i = 0; i < n_fields; i++)
    {
      gsize length = fields[i].value != NULL ? strlen (fields[i].value) : 0;

      total += length;
      if (length > longest_length)
        {
          longest = fields[i].name;
          longest_length = length;
        }
    }
  if (longest_length > EVB_MAX_TEXT_LENGTH && !check_each)
    return TRUE;
  if (total <= EVB_MAX_TEXT_LENGTH)
    return TRUE;
  if (reader->error == NULL)
    return FALSE;

  if (longest_length > EVB_MAX_TEXT_LENGTH)
    g_set_error (reader->error, EVB_ERROR, EVB_ERROR_LIMIT,
                 /* Translators: %s is a place like “nodes[0].body”, %d a number */
                 _("%s.%s: the text is longer than %d MiB"), reader->place, longest,
                 EVB_MAX_TEXT_LENGTH / (1024 * 1024));
  else
    g_set_error (reader->error, EVB_ERROR, EVB_ERROR_LIMIT,
                 /* Translators: %s is a place like “nodes[0].body”, %d a number */
                 _("%s.%s: together with the other text of the same item, longer than %d MiB"),
                 reader->place, longest, EVB_MAX_TEXT_LENGTH / (1024 * 1024));
  return FALSE;
}

/* A streamed import's rows wait in the writer until it has a batch to
 * write: the rows themselves wait here, and their text in one chunk, which
 * is cleared each time they are written. No string is allocated or freed
 * alone. */
#define WAITING_ROWS EVB_STORE_BATCH_ROWS

/* The tags of a row that has none. */
static char *no_tags[] = { NULL };

typedef struct
{
  GStringChunk *text;
  EvbNodeData   nodes[WAITING_ROWS];
  GPtrArray    *tags[WAITING_ROWS];
  EvbLinkData   links[WAITING_ROWS];
  guint         n;
} WaitingRows;

static WaitingRows *
waiting_rows_new (void)
{
  WaitingRows *rows = g_new0 (WaitingRows, 1);

  rows->text = g_string_chunk_new (64 * 1024);
  for (guint i = 0; i < WAITING_ROWS; i++)
    rows->tags[i] = g_ptr_array_new ();
  return rows;
}

static void
waiting_rows_free (WaitingRows *rows)
{
  g_string_chunk_free (rows->text);
  for (guint i = 0; i < WAITING_ROWS; i++)
    g_ptr_array_unref (rows->tags[i]);
  g_free (rows);
}

/* What reading the items of a document builds: the board, and the ids of
 * the cards that came without a place and of those without a size. Or,
 * when it streams into a new board file (evb_json_import), the rows go to
 * the writer as soon as they are validated, the board stays empty (it only
 * carries the title and dates), and the context keeps the ids of the nodes
 * so far, which links are checked against. A link id or a pair of ends
 * used twice is refused by the new file itself (the primary key of link
 * and its UNIQUE (from_id, to_id)): the writer fails, the document is
 * declined, and the model's path reads it again to say where. */
typedef struct
{
  EvbBoard       *board;
  GPtrArray      *unplaced;
  GPtrArray      *unsized;
  EvbStoreWriter *writer;
  WaitingRows    *rows;
  GHashTable     *node_ids;
  GStringChunk   *ids;
  /* How far the scanner is, reported in whole percents. */
  EvbJsonProgress progress;
  gpointer        progress_data;
  const char     *document;
  gsize           length;
  int             percent;
  /* The bytes of the item being read, when the scanner reads it. */
  gsize           item_length;
} ReadContext;

static void
read_context_init (ReadContext *context)
{
  *context = (ReadContext) { NULL };
  context->board = evb_board_new (NULL);
  context->unplaced = g_ptr_array_new_with_free_func (g_free);
  context->unsized = g_ptr_array_new_with_free_func (g_free);
}

/* The keys live in one string chunk: no allocation, and no free, per id. */
static void
read_context_init_streaming (ReadContext    *context,
                             EvbStoreWriter *writer)
{
  read_context_init (context);
  context->writer = writer;
  context->rows = waiting_rows_new ();
  context->node_ids = g_hash_table_new (g_str_hash, g_str_equal);
  context->ids = g_string_chunk_new (64 * 1024);
}

static void
read_contextclear (ReadContext *context)
{
  g_clear_object (&context->board);
  g_clear_pointer (&context->unplaced, g_ptr_array_unref);
  g_clear_pointer (&context->unsized, g_ptr_array_unref);
  g_clear_pointer (&context->rows, waiting_rows_free);
  g_clear_pointer (&context->node_ids, g_hash_table_unref);
  g_clear_pointer (&context->ids, g_string_chunk_free);
}

/* The writer writes the rows waiting, which makes room for more. */
static gboolean
write_waiting_rows (ReadContext *context)
{
  WaitingRows *rows = context->rows;
  gboolean ok;

  if (rows->n == 0)
    return TRUE;
  ok = _evb_store_writer_flush (context->writer);
  rows->n = 0;
  g_string_chunk_clear (rows->text);
  return ok;
}

/* One more row has been given to the writer. */
static gboolean
row_given (ReadContext *context)
{
  return ++context->rows->n < WAITING_ROWS || write_waiting_rows (context);
}

/* What _evb_board_load_node() checks, then the row into the new file. */
static gboolean
stream_node (ReadContext *context,
             EvbNodeData *data)
{
  if (!evb_node_data_validate (data, NULL) ||
      !g_hash_table_add (context->node_ids, g_string_chunk_insert (context->ids, data->id)))
    return FALSE;
  return _evb_store_writer_add_node (context->writer, data) && row_given (context);
}

/* What _evb_board_load_link() checks (validate_link() in evb-board.c, with
 * the board's table of nodes replaced by the context's), then the row. The
 * file checks that its id and its pair of ends are new. */
static gboolean
stream_link (ReadContext *context,
             EvbLinkData *data)
{
  if (!_evb_link_data_validate_fields (data, NULL) ||
      data->from == NULL || !g_hash_table_contains (context->node_ids, data->from) ||
      data->to == NULL || !g_hash_table_contains (context->node_ids, data->to) ||
      strcmp (data->from, data->to) == 0)
    return FALSE;
  return _evb_store_writer_add_link (context->writer, data) && row_given (context);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReadContext, read_contextclear)

/* Places the cards that came without x and y with the layered layout,
 * around the cards that have a place (which stay where they are), starting
 * at the top left of those. */
static gboolean
place_unplaced (ReadContext  *context,
                GError      **error)
{
  g_autoptr(GArray) positions = NULL;
  double x = 0, y = 0, width, height;

  if (context->unplaced->len == 0)
    return TRUE;

  if (context->unplaced->len < evb_board_get_n_nodes (context->board))
    {
      g_autoptr(GHashTable) unplaced = g_hash_table_new (g_str_hash, g_str_equal);
      GPtrArray *nodes = evb_board_get_nodes (context->board);
      gboolean first = TRUE;

      for (guint i = 0; i < context->unplaced->len; i++)
        g_hash_table_add (unplaced, g_ptr_array_index (context->unplaced, i));
      for (guint i = 0; i < nodes->len; i++)
        {
          EvbNode *node = g_ptr_array_index (nodes, i);
          double nx, ny;

          if (g_hash_table_contains (unplaced, evb_node_get_id (node)))
            continue;
          evb_node_get_bounds (node, &nx, &ny, &width, &height);
          x = first ? nx : MIN (x, nx);
          y = first ? ny : MIN (y, ny);
          first = FALSE;
        }
    }

  /* The layout starts where the cards it places are. */
  for (guint i = 0; i < context->unplaced->len; i++)
    _evb_board_load_position (context->board, g_ptr_array_index (context->unplaced, i), x, y);
  positions = evb_layout_compute (context->board, EVB_LAYOUT_LAYERED, context->unplaced, error);
  if (positions == NULL)
    return FALSE;
  for (guint i = 0; i < positions->len; i++)
    {
      const EvbLayoutPosition *p = &g_array_index (positions, EvbLayoutPosition, i);

      _evb_board_load_position (context->board, p->id, p->x, p->y);
    }
  return TRUE;
}

/* The cards a document gave no size, kept on the board it was read into
 * until evb_json_fit_unsized() measures them: the core cannot lay out
 * text, and a card at the default size cannot be told from one the
 * document sized so. */
typedef struct
{
  GPtrArray *unplaced;
  GPtrArray *unsized;
} Unsized;

static G_DEFINE_QUARK (evb-json-unsized, unsized)

static void
unsized_free (Unsized *unsized)
{
  g_ptr_array_unref (unsized->unplaced);
  g_ptr_array_unref (unsized->unsized);
  g_free (unsized);
}

static void
remember_unsized (ReadContext *context)
{
  Unsized *unsized;

  if (context->unsized->len == 0)
    return;
  unsized = g_new0 (Unsized, 1);
  unsized->unplaced = g_steal_pointer (&context->unplaced);
  unsized->unsized = g_steal_pointer (&context->unsized);
  g_object_set_qdata_full (G_OBJECT (context->board), unsized_quark (), unsized,
                           (GDestroyNotify) unsized_free);
}

gboolean
evb_json_has_unsized (EvbBoard *board)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);

  return g_object_get_qdata (G_OBJECT (board), unsized_quark ()) != NULL;
}

void
evb_json_fit_unsized (EvbBoard          *board,
                      EvbEditingFitFunc  func)
{
  Unsized *unsized;
  ReadContext context = { NULL };
  g_autoptr(GError) error = NULL;

  g_return_if_fail (EVB_IS_BOARD (board));
  g_return_if_fail (func != NULL);

  unsized = g_object_steal_qdata (G_OBJECT (board), unsized_quark ());
  if (unsized == NULL)
    return;

  for (guint i = 0; i < unsized->unsized->len; i++)
    {
      EvbNode *node = evb_board_get_node (board, g_ptr_array_index (unsized->unsized, i));
      double width, height;

      if (node == NULL)
        continue;
      func (evb_node_get_data (node), &width, &height);
      _evb_board_load_size (board, evb_node_get_id (node), width, height);
    }

  /* The layout placed the cards without a place at their old sizes: place
   * them again at their new ones, so that grown cards overlap none. The
   * layout does not fail on a board it has laid out once already. */
  context.board = board;
  context.unplaced = unsized->unplaced;
  if (!place_unplaced (&context, &error))
    g_warning ("Could not lay out the imported cards again: %s", error->message);
  unsized_free (unsized);
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

/* Decoded, a string is never longer than in JSON: an item that is short
 * enough cannot hold too much text. */
static gboolean
item_may_be_too_long (ReadContext *context)
{
  return context->item_length == 0 || context->item_length > EVB_MAX_TEXT_LENGTH;
}

static gboolean
read_node (ReadContext  *context,
           const Value  *json,
           guint         index,
           GError      **error)
{
  EvbBoard *board = context->board;
  g_autoptr(GArray) storage = NULL;
  /* Only messages name places: the scanner asks for none. */
  g_autofree char *place = error != NULL ? g_strdup_printf ("nodes[%u]", index) : NULL;
  g_autoptr(EvbNodeData) owned = NULL;
  EvbNodeData *data;
  g_autofree char *kind_name = NULL;
  g_autofree char *type_name = NULL;
  g_autofree char *reliability = NULL;
  GError *inner = NULL;
  EvbNodeKind kind;
  Reader reader;
  gint64 credibility = 0;
  gboolean has_credibility;
  double x = NAN, y = NAN;
  double width = NAN, height = NAN;

  if (json->type != EVB_JSON_VALUE_OBJECT)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s: must be an object"), place);
      return FALSE;
    }
  if (!reader_init (&reader, place, json, &storage, error))
    return FALSE;

  if (!read_string (&reader, "kind", TRUE, &kind_name))
    return FALSE;
  if (!evb_node_kind_from_string (kind_name, &kind))
    {
      g_autofree char *quoted = dup_for_message (kind_name);
      return fail (&reader, "kind", _("unknown kind “%s”"), quoted);
    }

  if (context->writer != NULL)
    {
      /* Straight into a waiting row, its text into theirs. */
      data = &context->rows->nodes[context->rows->n];
      _evb_node_data_init (data, kind);
      data->tags = no_tags;
      reader.strings = context->rows->text;
      reader.tags = context->rows->tags[context->rows->n];
    }
  else
    data = owned = evb_node_data_new (kind);
  if (!read_text (&reader, "id", TRUE, &data->id) ||
      !read_text (&reader, "title", TRUE, &data->title) ||
      !read_text (&reader, "body", FALSE, &data->body) ||
      !read_number (&reader, "x", FALSE, &x) ||
      !read_number (&reader, "y", FALSE, &y) ||
      !read_number (&reader, "width", FALSE, &width) ||
      !read_number (&reader, "height", FALSE, &height) ||
      !read_boolean (&reader, "pinned", &data->pinned) ||
      !read_text (&reader, "claimant", FALSE, &data->claimant) ||
      !read_string (&reader, "evidence_type", FALSE, &type_name) ||
      !read_text (&reader, "source", FALSE, &data->source) ||
      !read_text (&reader, "source_url", FALSE, &data->source_url) ||
      !read_string (&reader, "reliability", FALSE, &reliability) ||
      !read_integer (&reader, "credibility", &credibility, &has_credibility) ||
      !read_text (&reader, "occurred", FALSE, &data->occurred) ||
      !read_text (&reader, "collected", FALSE, &data->collected) ||
      !read_tags (&reader, data) ||
      !read_text (&reader, "color", FALSE, &data->color) ||
      !read_attachment (&reader, data) ||
      !read_text (&reader, "created", FALSE, &data->created) ||
      !read_text (&reader, "modified", FALSE, &data->modified))
    return FALSE;

  if (data->id[0] == '\0')
    return fail (&reader, "id", _("must not be empty"));

  /* A card without a place is placed by the layered layout once every
   * card and link is read (place_unplaced()). */
  if (isnan (x) != isnan (y))
    return fail (&reader, isnan (x) ? "x" : "y", _("missing: a card has both x and y, or neither"));
  if (isnan (x))
    {
      /* Placing needs the whole board: the model's reader does it. */
      if (context->writer != NULL)
        return FALSE;
      g_ptr_array_add (context->unplaced, g_strdup (data->id));
    }
  else
    {
      data->x = x;
      data->y = y;
    }
  /* A card without a size is sized to its text by whoever can measure it
   * (evb_json_fit_unsized()); one with half a size keeps the default for
   * the other half. */
  if (isnan (width) && isnan (height))
    {
      /* Sizing needs a renderer to measure the text, and placing again
       * the whole board: the model's reader does it. */
      if (context->writer != NULL)
        return FALSE;
      g_ptr_array_add (context->unsized, g_strdup (data->id));
    }
  if (!isnan (width))
    data->width = width;
  if (!isnan (height))
    data->height = height;

  if (type_name != NULL)
    {
      EvbEvidenceType type;

      if (!evb_evidence_type_from_string (type_name, &type))
        {
          g_autofree char *quoted = dup_for_message (type_name);
          return fail (&reader, "evidence_type", _("unknown evidence type “%s”"), quoted);
        }
      if (kind != EVB_NODE_KIND_EVIDENCE)
        return fail (&reader, "evidence_type", _("only evidence has an evidence type"));
      data->evidence_type = type;
    }

  if (reliability != NULL)
    {
      if (strlen (reliability) != 1 || !evb_reliability_is_valid (reliability[0]))
        {
          g_autofree char *quoted = dup_for_message (reliability);
          return fail (&reader, "reliability", _("must be a letter from A to F, not “%s”"),
                       quoted);
        }
      data->reliability = reliability[0];
    }

  if (has_credibility)
    {
      if (!evb_credibility_is_valid ((int) CLAMP (credibility, -1, 7)))
        return fail (&reader, "credibility", _("must be an integer from 1 to 6"));
      data->credibility = (int) credibility;
    }

  {
    const TextField fields[] = {
      { "id", data->id }, { "title", data->title }, { "body", data->body },
      { "claimant", data->claimant }, { "source", data->source },
      { "source_url", data->source_url }, { "occurred", data->occurred },
      { "collected", data->collected }, { "color", data->color },
      { "attachment.uri", data->attachment_uri },
      { "attachment.sha256", data->attachment_sha256 },
      { "attachment.media_type", data->attachment_media_type },
      { "created", data->created }, { "modified", data->modified },
    };

    if (item_may_be_too_long (context) &&
        !check_row_length (&reader, fields, G_N_ELEMENTS (fields), FALSE))
      return FALSE;
  }

  if (context->writer != NULL)
    return stream_node (context, data);
  if (!_evb_board_load_node (board, g_steal_pointer (&owned), &inner))
    {
      prefix_error (error, inner, place);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_link (ReadContext  *context,
           const Value  *json,
           guint         index,
           GError      **error)
{
  EvbBoard *board = context->board;
  g_autoptr(GArray) storage = NULL;
  g_autofree char *place = error != NULL ? g_strdup_printf ("links[%u]", index) : NULL;
  g_autoptr(EvbLinkData) owned = NULL;
  EvbLinkData *data;
  g_autofree char *relation_name = NULL;
  g_autofree char *strength_name = NULL;
  GError *inner = NULL;
  EvbRelation relation;
  Reader reader;

  if (json->type != EVB_JSON_VALUE_OBJECT)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s: must be an object"), place);
      return FALSE;
    }
  if (!reader_init (&reader, place, json, &storage, error))
    return FALSE;

  if (!read_string (&reader, "relation", TRUE, &relation_name))
    return FALSE;
  if (!evb_relation_from_string (relation_name, &relation))
    {
      g_autofree char *quoted = dup_for_message (relation_name);
      return fail (&reader, "relation", _("unknown relation “%s”"), quoted);
    }

  if (context->writer != NULL)
    {
      data = &context->rows->links[context->rows->n];
      _evb_link_data_init (data, relation);
      reader.strings = context->rows->text;
    }
  else
    data = owned = evb_link_data_new (NULL, NULL, relation);
  if (!read_text (&reader, "id", TRUE, &data->id) ||
      !read_text (&reader, "from", TRUE, &data->from) ||
      !read_text (&reader, "to", TRUE, &data->to) ||
      !read_string (&reader, "strength", FALSE, &strength_name) ||
      !read_text (&reader, "note", FALSE, &data->note))
    return FALSE;

  if (data->id[0] == '\0')
    return fail (&reader, "id", _("must not be empty"));
  if (strength_name != NULL && !evb_strength_from_string (strength_name, &data->strength))
    {
      g_autofree char *quoted = dup_for_message (strength_name);
      return fail (&reader, "strength", _("unknown strength “%s”"), quoted);
    }
  if (evb_board_get_link (board, data->id) != NULL)
    {
      g_autofree char *quoted = dup_for_message (data->id);
      return fail (&reader, "id", _("there is already a link with id “%s”"), quoted);
    }

  {
    const TextField fields[] = {
      { "id", data->id }, { "from", data->from }, { "to", data->to }, { "note", data->note },
    };

    if (item_may_be_too_long (context) &&
        !check_row_length (&reader, fields, G_N_ELEMENTS (fields), FALSE))
      return FALSE;
  }

  if (context->writer != NULL)
    return stream_link (context, data);
  if (!_evb_board_load_link (board, g_steal_pointer (&owned), &inner))
    {
      prefix_error (error, inner, place);
      return FALSE;
    }
  return TRUE;
}

/* After every node: a group names its members by id. The board checks
 * the same again; the checks here name the member's place. */
static gboolean
read_group (ReadContext  *context,
            const Value  *json,
            guint         index,
            GError      **error)
{
  EvbBoard *board = context->board;
  g_autoptr(GArray) storage = NULL;
  g_autofree char *place = g_strdup_printf ("groups[%u]", index);
  g_autoptr(EvbGroupData) data = g_new0 (EvbGroupData, 1);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) nodes = NULL;
  GError *inner = NULL;
  ValueList list;
  Value value;
  Reader reader;
  guint n;

  if (json->type != EVB_JSON_VALUE_OBJECT)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s: must be an object"), place);
      return FALSE;
    }
  /* A group names nodes the streaming import does not keep: a document
   * with groups takes the model's path. */
  if (context->writer != NULL)
    return FALSE;
  if (!reader_init (&reader, place, json, &storage, error))
    return FALSE;

  if (!read_string (&reader, "id", TRUE, &data->id) ||
      !read_string (&reader, "label", TRUE, &data->label) ||
      !read_string (&reader, "color", FALSE, &data->color) ||
      !read_boolean (&reader, "collapsed", &data->collapsed))
    return FALSE;
  if (data->id[0] == '\0')
    return fail (&reader, "id", _("must not be empty"));
  if (evb_board_get_group (board, data->id) != NULL)
    {
      g_autofree char *quoted = dup_for_message (data->id);
      return fail (&reader, "id", _("there is already a group with id “%s”"), quoted);
    }
  if (data->color != NULL && !evb_color_is_valid (data->color))
    {
      g_autofree char *quoted = dup_for_message (data->color);
      return fail (&reader, "color", _("“%s” is not a color like “#3584e4”"), quoted);
    }

  member (&reader, "nodes", &value);
  if (value.type == EVB_JSON_VALUE_ABSENT)
    return fail (&reader, "nodes", _("missing"));
  if (value.type != EVB_JSON_VALUE_ARRAY)
    return fail (&reader, "nodes", _("must be an array of node ids"));
  if (!value_list_init (&list, &value))
    {
      value_list_clear (&list);
      return FALSE;
    }
  n = value_list_get_length (&list);
  if (n == 0)
    {
      value_list_clear (&list);
      return fail (&reader, "nodes", _("a group must hold at least one node"));
    }
  nodes = g_ptr_array_new_full (n + 1, g_free);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *field = g_strdup_printf ("nodes[%u]", i);
      g_autofree char *id = NULL;
      g_autofree char *quoted = NULL;
      Value element;
      EvbGroup *other;

      value_list_get (&list, i, &element);
      if (element.type == EVB_JSON_VALUE_STRING)
        id = value_dup_string (&element);
      if (id == NULL || id[0] == '\0')
        {
          value_list_clear (&list);
          return fail (&reader, field, _("must be a node id"));
        }
      quoted = dup_for_message (id);
      if (evb_board_get_node (board, id) == NULL)
        {
          value_list_clear (&list);
          return fail (&reader, field, _("no node with id “%s”"), quoted);
        }
      if (!g_hash_table_add (seen, g_strdup (id)))
        {
          value_list_clear (&list);
          return fail (&reader, field, _("node “%s” is listed twice"), quoted);
        }
      other = evb_board_get_node_group (board, id);
      if (other != NULL)
        {
          g_autofree char *other_id = dup_for_message (evb_group_get_id (other));

          value_list_clear (&list);
          return fail (&reader, field, _("node “%s” is already in group “%s”"), quoted,
                       other_id);
        }
      g_ptr_array_add (nodes, g_steal_pointer (&id));
    }
  value_list_clear (&list);
  g_ptr_array_add (nodes, NULL);
  g_strfreev (data->nodes);
  data->nodes = (char **) g_ptr_array_free (g_steal_pointer (&nodes), FALSE);

  {
    const TextField fields[] = {
      { "id", data->id }, { "label", data->label }, { "color", data->color },
    };

    if (!check_row_length (&reader, fields, G_N_ELEMENTS (fields), FALSE))
      return FALSE;
  }

  if (!_evb_board_load_group (board, g_steal_pointer (&data), &inner))
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
      g_autofree char *quoted = dup_for_message (format);

      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                   _("format: “%s” is not an Evidence Board document"), quoted);
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
  if (board.type != EVB_JSON_VALUE_OBJECT)
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
  {
    const TextField fields[] = {
      { "title", *title }, { "description", *description },
      { "created", *created }, { "modified", *modified },
    };

    if (!check_row_length (&meta, fields, G_N_ELEMENTS (fields), TRUE))
      return FALSE;
  }
  if (*created != NULL && !evb_date_is_valid (*created))
    {
      g_autofree char *quoted = dup_for_message (*created);

      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                   _("board.created: “%s” is not an RFC 3339 date-time"), quoted);
      return FALSE;
    }
  if (*modified != NULL && !evb_date_is_valid (*modified))
    {
      g_autofree char *quoted = dup_for_message (*modified);

      g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT,
                   _("board.modified: “%s” is not an RFC 3339 date-time"), quoted);
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
  g_auto(ReadContext) context = { NULL };
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
  if (!_evb_json_check_document (data, length, error))
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

  read_context_init (&context);
  _evb_board_load_meta (context.board, title, description, created, modified);

  for (guint i = 0, n = json_array_get_length (nodes); i < n; i++)
    {
      Value item;

      value_from_node (json_array_get_element (nodes, i), &item);
      if (!read_node (&context, &item, i, error))
        return NULL;
    }
  for (guint i = 0, n = json_array_get_length (links); i < n; i++)
    {
      Value item;

      value_from_node (json_array_get_element (links, i), &item);
      if (!read_link (&context, &item, i, error))
        return NULL;
    }
  node = json_object_get_member (root, "groups");
  if (node != NULL)
    {
      JsonArray *groups;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_FORMAT, _("%s: must be an array"), "groups");
          return NULL;
        }
      groups = json_node_get_array (node);
      for (guint i = 0, n = json_array_get_length (groups); i < n; i++)
        {
          Value item;

          value_from_node (json_array_get_element (groups, i), &item);
          if (!read_group (&context, &item, i, error))
            return NULL;
        }
    }
  if (!place_unplaced (&context, error))
    return NULL;
  remember_unsized (&context);

  return g_steal_pointer (&context.board);
}

typedef gboolean (*ReadItemFunc) (ReadContext  *context,
                                  const Value  *item,
                                  guint         index,
                                  GError      **error);

static void
report_scan_progress (ReadContext *context,
                      const char  *p)
{
  int percent = (int) ((double) (p - context->document) * 100 / MAX (context->length, 1));

  if (percent <= context->percent)
    return;
  context->percent = percent;
  context->progress (percent / 100.0, context->progress_data);
}

/* Reads the nodes or links array one item at a time. */
static gboolean
scan_items (EvbJsonScanner *s,
            ReadContext    *context,
            ReadItemFunc  read_item,
            GArray       *members)
{
  gboolean empty, more = TRUE;

  g_assert (*s->p == '[');

  if (!_evb_json_enter_container (s, ']', &empty))
    return FALSE;

  for (guint i = 0; !empty && more; i++)
    {
      EvbJsonScannedValue scanned;
      const char *start = s->p;
      Value item;

      if (s->p >= s->end)
        return FALSE;
      if (*s->p == '{')
        {
          g_array_set_size (members, 0);
          if (!_evb_json_scan_container (s, members, NULL))
            return FALSE;
          item = (Value) { EVB_JSON_VALUE_OBJECT, NULL, NULL, members };
        }
      else
        {
          if (!_evb_json_scan_value (s, &scanned))
            return FALSE;
          value_from_scanned (&scanned, &item);
        }
      context->item_length = s->p - start;
      if (!read_item (context, &item, i, NULL) || !_evb_json_next_element (s, ']', &more))
        return FALSE;
      if (context->progress != NULL)
        report_scan_progress (context, s->p);
    }
  context->item_length = 0;
  /* The last rows too, before the links reuse the room of the nodes, and
   * before the document counts as read: the file refuses a repeated link
   * id or pair as its rows go in. */
  return context->writer == NULL || write_waiting_rows (context);
}

/* Groups name nodes, which may come later in the document: they are read
 * once the whole root has been scanned. */
static gboolean
read_groups_scanned (Reader      *reader,
                     ReadContext *context)
{
  ValueList list;
  Value groups;
  gboolean ok = TRUE;

  member (reader, "groups", &groups);
  if (groups.type == EVB_JSON_VALUE_ABSENT)
    return TRUE;
  if (groups.type != EVB_JSON_VALUE_ARRAY)
    return FALSE;
  if (!value_list_init (&list, &groups))
    {
      value_list_clear (&list);
      return FALSE;
    }
  for (guint i = 0, n = value_list_get_length (&list); ok && i < n; i++)
    {
      Value item;

      value_list_get (&list, i, &item);
      ok = read_group (context, &item, i, NULL);
    }
  value_list_clear (&list);
  return ok;
}

/* Reads a well-formed document in one pass into context: into its board,
 * or through its writer. FALSE when the scanner cannot vouch for the
 * document, whether or not it has an error. */
static gboolean
scan_document (ReadContext *context,
               const char  *data,
               gsize        length)
{
  g_autoptr(GArray) root = g_array_new (FALSE, FALSE, sizeof (EvbJsonScannedMember));
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (EvbJsonScannedMember));
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *created = NULL;
  g_autofree char *modified = NULL;
  EvbJsonScanner s = { data, data + length, 1 };
  gboolean have_nodes = FALSE, have_links = FALSE;
  Reader reader;

  if (length == 0 || length > EVB_JSON_MAX_DOCUMENT_SIZE)
    return FALSE;

  context->document = data;
  context->length = length;
  s.p += _evb_json_byte_order_mark_length (data, length);
  _evb_json_skip_space (&s);
  if (s.p >= s.end || *s.p != '{')
    return FALSE;
  s.p++;
  _evb_json_skip_space (&s);
  if (s.p < s.end && *s.p == '}')
    return FALSE; /* no format: an error */

  for (;;)
    {
      EvbJsonScannedMember m;
      EvbJsonScannedValue key;

      if (s.p >= s.end || *s.p != '"' || !_evb_json_scan_string (&s, &key) || key.escaped ||
          !_evb_json_expect (&s, ':') || s.p >= s.end)
        return FALSE;
      m.key = key.start;
      m.key_length = key.length;
      m.hash = _evb_json_hash_key (m.key, m.key_length);
      if (root->len >= EVB_JSON_MAX_SCANNED_MEMBERS || _evb_json_has_member (root, &m))
        return FALSE;

      /* Links can only be checked against nodes already read. */
      if (*s.p == '[' && key.length == 5 && memcmp (key.start, "nodes", 5) == 0)
        {
          m.value = (EvbJsonScannedValue) { EVB_JSON_VALUE_ARRAY, FALSE, s.p, 0, 0, 0 };
          if (!scan_items (&s, context, read_node, members))
            return FALSE;
          have_nodes = TRUE;
        }
      else if (*s.p == '[' && key.length == 5 && memcmp (key.start, "links", 5) == 0)
        {
          m.value = (EvbJsonScannedValue) { EVB_JSON_VALUE_ARRAY, FALSE, s.p, 0, 0, 0 };
          if (!have_nodes || !scan_items (&s, context, read_link, members))
            return FALSE;
          have_links = TRUE;
        }
      else if (!_evb_json_scan_value (&s, &m.value))
        return FALSE;
      g_array_append_val (root, m);

      _evb_json_skip_space (&s);
      if (s.p >= s.end)
        return FALSE;
      if (*s.p == '}')
        break;
      if (*s.p != ',')
        return FALSE;
      s.p++;
      _evb_json_skip_space (&s);
    }
  s.p++;
  _evb_json_skip_space (&s);
  if (s.p != s.end || !have_nodes || !have_links)
    return FALSE;

  reader = (Reader) { "", NULL, root, NULL };
  if (!read_head (&reader, &title, &description, &created, &modified) ||
      !read_groups_scanned (&reader, context) ||
      !place_unplaced (context, NULL))
    return FALSE;
  _evb_board_load_meta (context->board, title, description, created, modified);
  return TRUE;
}

/* The board of a well-formed document that is read the same by
 * _evb_json_read_board_tree; NULL when the scanner cannot vouch for the
 * document, whether or not it has an error. */
EvbBoard *
_evb_json_read_board_streaming (const char *data,
                                gsize       length)
{
  g_auto(ReadContext) context = { NULL };

  read_context_init (&context);
  if (!scan_document (&context, data, length))
    return NULL;
  remember_unsized (&context);
  return g_steal_pointer (&context.board);
}

/* Streams the rows of a document that the scanner vouches for into writer,
 * validated as the model would validate them; FALSE for every other
 * document, and for one whose cards need placing or sizing, or that has
 * groups (those take the whole board). *meta gets a board holding only the
 * title and dates. */
static gboolean
stream_to_writer (const char      *data,
                  gsize            length,
                  EvbStoreWriter  *writer,
                  EvbJsonProgress  progress,
                  gpointer         progress_data,
                  EvbBoard       **meta)
{
  g_auto(ReadContext) context = { NULL };

  read_context_init_streaming (&context, writer);
  context.progress = progress;
  context.progress_data = progress_data;
  context.percent = -1;
  if (!scan_document (&context, data, length))
    return FALSE;
  if (progress != NULL)
    report_scan_progress (&context, data + length);
  *meta = g_steal_pointer (&context.board);
  return TRUE;
}

/* A document the scanner declines late falls back to the model's path:
 * the bar it drives must not go back. */
typedef struct
{
  EvbJsonProgress callback;
  gpointer        data;
  double          last;
} ForwardProgress;

static void
forward_progress (double   fraction,
                  gpointer user_data)
{
  ForwardProgress *forward = user_data;

  if (fraction <= forward->last)
    return;
  forward->last = fraction;
  forward->callback (fraction, forward->data);
}

gboolean
_evb_json_import_full (const char        *data,
                       gsize              length,
                       const char        *path,
                       gboolean           overwrite,
                       EvbEditingFitFunc  fit,
                       EvbJsonProgress    progress,
                       gpointer           progress_data,
                       gboolean          *streamed,
                       GError           **error)
{
  g_autoptr(EvbBoard) board = NULL;
  EvbStoreWriter *writer = NULL;
  ForwardProgress forward = { progress, progress_data, -1 };
  EvbJsonProgress report = progress != NULL ? forward_progress : NULL;

  *streamed = FALSE;
  /* An existing file is refused after the document is read, as
   * evb_store_write_new() would refuse it: the model's path says so. */
  if (overwrite || !g_file_test (path, G_FILE_TEST_EXISTS))
    writer = _evb_store_writer_new (path, overwrite, NULL);
  if (writer != NULL)
    {
      if (stream_to_writer (data, length, writer, report, &forward, &board))
        {
          *streamed = TRUE;
          return _evb_store_writer_finish (writer, board, error);
        }
      /* Nothing of it stays: the temporary file goes. */
      _evb_store_writer_abort (writer);
    }

  /* Every document the scanner declined, with every error message. */
  board = evb_json_read_board (data, length, error);
  if (board == NULL)
    return FALSE;
  if (fit != NULL)
    evb_json_fit_unsized (board, fit);
  if (report != NULL)
    report (0.5, &forward);
  if (!evb_store_write_new (board, path, overwrite, error))
    return FALSE;
  if (report != NULL)
    report (1.0, &forward);
  return TRUE;
}

gboolean
evb_json_import (const char        *data,
                 gsize              length,
                 const char        *path,
                 gboolean           overwrite,
                 EvbEditingFitFunc  fit,
                 EvbJsonProgress    progress,
                 gpointer           progress_data,
                 GError           **error)
{
  gboolean streamed;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _evb_json_import_full (data, length, path, overwrite, fit, progress, progress_data,
                                &streamed, error);
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
      (guint64) info.st_size > EVB_JSON_MAX_DOCUMENT_SIZE)
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
