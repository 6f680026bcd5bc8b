/* fuzz-json-agree.c: libFuzzer harness: the two JSON readers agree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Boards from JSON are read by two parsers: json-glib's tree after
 * evb-json-scanner.c's check, and the streaming scanner. They must agree
 * on every input, at two levels.
 *
 * Values: whenever the streaming scanner reads a whole document as one
 * JSON value, the check and json-glib take it too and read the same
 * value (the same members in the same order, strings byte for byte,
 * numbers bit for bit). The scanner may leave to json-glib only what it
 * declines by design: escaped member names, surrogate escapes and objects
 * of more than EVB_JSON_MAX_SCANNED_MEMBERS members. Anything else the
 * check and json-glib accept, the scanner must accept too.
 *
 * Boards: a board from the streaming reader is the tree reader's board,
 * and the public reader accepts exactly what the tree reader accepts,
 * with the same board or the same error.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "evb-json.h"
#include "evb-json-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* abort (), not g_error (): libFuzzer keeps the input of a SIGABRT, not of
 * the SIGTRAP g_error may raise. */
#define disagree(...) G_STMT_START { g_printerr (__VA_ARGS__); g_printerr ("\n"); abort (); } G_STMT_END

static void assert_same_value (const EvbJsonScannedValue *scanned,
                               JsonNode                  *node);

static void
assert_same_members (const EvbJsonScannedValue *scanned,
                     JsonObject                *object)
{
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (EvbJsonScannedMember));
  g_autoptr(GList) names = json_object_get_members (object);
  GList *l = names;

  if (!_evb_json_scan_members (scanned->start, scanned->length, members, NULL))
    disagree ("the scanner refused an object it had read");
  g_assert_cmpuint (members->len, ==, json_object_get_size (object));
  for (guint i = 0; i < members->len; i++, l = l->next)
    {
      const EvbJsonScannedMember *m = &g_array_index (members, EvbJsonScannedMember, i);

      /* The scanner declines escaped names, so these are the raw bytes. */
      g_assert_nonnull (l);
      g_assert_cmpuint (strlen (l->data), ==, m->key_length);
      g_assert_true (memcmp (l->data, m->key, m->key_length) == 0);
      assert_same_value (&m->value, json_object_get_member (object, l->data));
    }
}

static void
assert_same_value (const EvbJsonScannedValue *scanned,
                   JsonNode                  *node)
{
  switch (scanned->type)
    {
    case EVB_JSON_VALUE_ABSENT:
      g_assert_true (JSON_NODE_HOLDS_NULL (node));
      break;
    case EVB_JSON_VALUE_STRING:
      {
        g_autofree char *text = _evb_json_decode_string (scanned);

        g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
        g_assert_cmpstr (text, ==, json_node_get_string (node));
      }
      break;
    case EVB_JSON_VALUE_INTEGER:
      g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
      g_assert_cmpint (scanned->integer, ==, json_node_get_int (node));
      break;
    case EVB_JSON_VALUE_DOUBLE:
      {
        double expected = json_node_get_double (node);

        g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_DOUBLE);
        g_assert_true (memcmp (&scanned->number, &expected, sizeof expected) == 0);
      }
      break;
    case EVB_JSON_VALUE_BOOLEAN:
      g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_BOOLEAN);
      g_assert_cmpint (json_node_get_boolean (node), ==, scanned->start[0] == 't');
      break;
    case EVB_JSON_VALUE_ARRAY:
      {
        g_autoptr(GArray) elements = g_array_new (FALSE, FALSE, sizeof (EvbJsonScannedValue));
        JsonArray *array;

        g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
        array = json_node_get_array (node);
        if (!_evb_json_scan_members (scanned->start, scanned->length, NULL, elements))
          disagree ("the scanner refused an array it had read");
        g_assert_cmpuint (elements->len, ==, json_array_get_length (array));
        for (guint i = 0; i < elements->len; i++)
          assert_same_value (&g_array_index (elements, EvbJsonScannedValue, i),
                             json_array_get_element (array, i));
      }
      break;
    case EVB_JSON_VALUE_OBJECT:
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      assert_same_members (scanned, json_node_get_object (node));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* What the scanner declines by design and json-glib reads: an object
 * with many members, or an escape it leaves to json-glib. */
static gboolean
has_declined_by_design (JsonNode   *node,
                        const char *data,
                        gsize       size)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      if (json_object_get_size (object) > EVB_JSON_MAX_SCANNED_MEMBERS)
        return TRUE;
      for (GList *l = members; l != NULL; l = l->next)
        {
          /* A name not found as it is between quotes was escaped. */
          g_autofree char *quoted = g_strdup_printf ("\"%s\"", (const char *) l->data);

          if (g_strstr_len (data, size, quoted) == NULL ||
              has_declined_by_design (json_object_get_member (object, l->data), data, size))
            return TRUE;
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (has_declined_by_design (json_array_get_element (array, i), data, size))
          return TRUE;
    }
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      /* A surrogate pair decodes to a character of four UTF-8 bytes
       * (a raw one is read by both). */
      for (const char *p = data; (p = memchr (p, '\\', data + size - p)) != NULL; p += 2)
        if (data + size - p >= 4 && p[1] == 'u' && (p[2] == 'd' || p[2] == 'D') &&
            strchr ("89abcdefABCDEF", p[3]) != NULL)
          return TRUE;
    }
  return FALSE;
}

static void
check_values (const char *data,
              gsize       size)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  EvbJsonScanner s = { data, data + size, 0 };
  EvbJsonScannedValue root;
  gboolean scanned, checked;

  s.p += _evb_json_byte_order_mark_length (data, size);
  _evb_json_skip_space (&s);
  scanned = s.p < s.end && _evb_json_scan_value (&s, &root);
  if (scanned)
    {
      _evb_json_skip_space (&s);
      scanned = s.p == s.end;
    }

  checked = size > 0 && g_utf8_validate_len (data, size, NULL) &&
            _evb_json_check_document (data, size, NULL) &&
            json_parser_load_from_data (parser, data, (gssize) size, NULL) &&
            json_parser_get_root (parser) != NULL;

  if (scanned && !checked)
    disagree ("the streaming scanner read what the check or json-glib refuse");
  if (scanned)
    assert_same_value (&root, json_parser_get_root (parser));
  else if (checked && !has_declined_by_design (json_parser_get_root (parser), data, size))
    disagree ("the check and json-glib read what the streaming scanner refuses");
}

static void
check_boards (const char *data,
              gsize       size)
{
  g_autoptr(GError) tree_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoard) tree = _evb_json_read_board_tree (data, size, &tree_error);
  g_autoptr(EvbBoard) streaming = _evb_json_read_board_streaming (data, size);
  g_autoptr(EvbBoard) board = evb_json_read_board (data, size, &error);
  g_autofree char *expected = tree != NULL ? evb_json_write_board (tree, NULL) : NULL;

  if (streaming != NULL)
    {
      g_autofree char *got = evb_json_write_board (streaming, NULL);

      if (tree == NULL)
        disagree ("the streaming reader accepted what the tree reader refuses: %s",
                 tree_error->message);
      g_assert_cmpstr (got, ==, expected);
    }

  g_assert_true ((board == NULL) == (tree == NULL));
  if (board != NULL)
    {
      g_autofree char *got = evb_json_write_board (board, NULL);

      g_assert_cmpstr (got, ==, expected);
    }
  else
    {
      g_assert_true (g_utf8_validate (tree_error->message, -1, NULL));
      g_assert_cmpstr (error->message, ==, tree_error->message);
      g_assert_cmpint (error->code, ==, tree_error->code);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  if (size > EVB_JSON_MAX_DOCUMENT_SIZE)
    return 0;

  check_values ((const char *) data, size);
  check_boards ((const char *) data, size);
  return 0;
}
