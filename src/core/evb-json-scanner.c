/* evb-json-scanner.c: strict JSON (RFC 8259) without a tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two scans of the bytes of a document. The check runs before json-glib
 * sees a document and refuses, naming the place, what json-glib would let
 * through or read wrongly: its parser recurses once per level, so a
 * document of 100,000 '[' would overflow the stack; it wraps whole numbers
 * that do not fit 64 bits; it accepts things that are not JSON (comments,
 * 0x10, 'quotes'). The streaming scanner below it reads a well-formed
 * document in one pass for the fast reader of evb-json-reader.c, and gives
 * up, without a message, on anything it is not sure about.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "evb-error.h"
#include "evb-json-private.h"

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

gboolean
_evb_json_set_byte_error (GError     **error,
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

  /* Documents are at most EVB_JSON_MAX_DOCUMENT_SIZE, so the offset fits a guint;
   * G_GSIZE_FORMAT inside _() would hide the message from xgettext. */
  g_set_error (error, EVB_ERROR, code, _("byte %u: %s"), (guint) offset, message);
  return FALSE;
}

/* One quick pass over the bytes before json-glib sees them. Its parser
 * recurses once per level, so a document of 100,000 '[' would overflow the
 * stack; it wraps whole numbers that do not fit 64 bits; and it accepts
 * things that are not JSON (comments, 0x10, 'quotes'), which other tools
 * would then refuse. The rest of the syntax json-glib checks itself. */
gboolean
_evb_json_check_document (const char  *data,
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
                return _evb_json_set_byte_error (error, EVB_ERROR_FORMAT, i,
                                   _("text cannot hold a NUL character (\\u0000)"));
              i++;
            }
          else if (c == '"')
            in_string = FALSE;
          else if (c < 0x20)
            return _evb_json_set_byte_error (error, EVB_ERROR_PARSE, i,
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
            return _evb_json_set_byte_error (error, EVB_ERROR_PARSE, i, _("nested more than %d levels deep"),
                               EVB_JSON_MAX_DEPTH);
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        case '/':
          return _evb_json_set_byte_error (error, EVB_ERROR_PARSE, i, _("JSON has no comments"));
        case '\'':
          return _evb_json_set_byte_error (error, EVB_ERROR_PARSE, i, _("JSON text goes in double quotes"));
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
              return _evb_json_set_byte_error (error, EVB_ERROR_PARSE, i, _("not a JSON number"));
            if (end == 0)
              break;
            if (is_integer &&
                !integer_fits (data + end - n_digits, n_digits))
              return _evb_json_set_byte_error (error, EVB_ERROR_FORMAT, i, _("the number %.*s is too large"),
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

guint
_evb_json_hash_key (const char *key,
                    gsize       length)
{
  guint hash = 2166136261u;

  for (gsize i = 0; i < length; i++)
    hash = (hash ^ (guchar) key[i]) * 16777619u;
  return hash;
}

/* A repeated key declines the fast path: json-glib decides what it means. */
gboolean
_evb_json_has_member (GArray                     *members,
                      const EvbJsonScannedMember *m)
{
  for (guint i = 0; i < members->len; i++)
    {
      const EvbJsonScannedMember *other = &g_array_index (members, EvbJsonScannedMember, i);

      if (other->hash == m->hash && other->key_length == m->key_length &&
          memcmp (other->key, m->key, m->key_length) == 0)
        return TRUE;
    }
  return FALSE;
}


/* Decodes a string the scanner has checked: only the escapes it lets
 * through (\uXXXX outside the surrogates and not NUL) can occur. */
char *
_evb_json_decode_string (const EvbJsonScannedValue *scanned)
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

/* The streaming scanner: strict JSON (RFC 8259) in one pass, no tree. It
 * refuses (returns FALSE, without a message) anything json-glib would read
 * differently or that the checks above refuse: other white space, a byte
 * order mark, escapes of surrogates or NUL, escaped or repeated member
 * names, whole numbers beyond 64 bits, nesting deeper than
 * EVB_JSON_MAX_DEPTH, anything after the root. */

gboolean
_evb_json_scan_string (EvbJsonScanner      *s,
                       EvbJsonScannedValue *value)
{
  const char *p = s->p + 1;
  gboolean non_ascii = FALSE;

  g_assert (*s->p == '"');

  value->type = EVB_JSON_VALUE_STRING;
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
scan_number_value (EvbJsonScanner      *s,
                   EvbJsonScannedValue *value)
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
      value->type = EVB_JSON_VALUE_INTEGER;
      value->integer = g_ascii_strtoll (start, &parsed_end, 10);
    }
  else
    {
      value->type = EVB_JSON_VALUE_DOUBLE;
      value->number = g_ascii_strtod (start, &parsed_end);
    }
  return parsed_end == s->p;
}

static gboolean
scan_literal (EvbJsonScanner *s,
              const char     *word)
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
gboolean
_evb_json_enter_container (EvbJsonScanner *s,
                           char            close,
                           gboolean       *empty)
{
  if (++s->depth > EVB_JSON_MAX_DEPTH)
    return FALSE;
  s->p++;
  _evb_json_skip_space (s);
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
gboolean
_evb_json_next_element (EvbJsonScanner *s,
                        char            close,
                        gboolean       *more)
{
  _evb_json_skip_space (s);
  if (s->p >= s->end || (*s->p != close && *s->p != ','))
    return FALSE;
  *more = *s->p == ',';
  s->p++;
  if (*more)
    _evb_json_skip_space (s);
  else
    s->depth--;
  return TRUE;
}

gboolean
_evb_json_scan_container (EvbJsonScanner *s,
                          GArray         *members,
                          GArray         *elements)
{
  gboolean object = *s->p == '{';
  char close = object ? '}' : ']';
  gboolean empty, more = TRUE;

  if (!_evb_json_enter_container (s, close, &empty))
    return FALSE;

  while (!empty && more)
    {
      EvbJsonScannedMember m;

      if (object)
        {
          EvbJsonScannedValue key;

          if (s->p >= s->end || *s->p != '"' || !_evb_json_scan_string (s, &key) || key.escaped ||
              !_evb_json_expect (s, ':'))
            return FALSE;
          m.key = key.start;
          m.key_length = key.length;
        }
      if (s->p >= s->end || !_evb_json_scan_value (s, &m.value))
        return FALSE;

      if (object && members != NULL)
        {
          m.hash = _evb_json_hash_key (m.key, m.key_length);
          if (_evb_json_has_member (members, &m))
            return FALSE;
          g_array_append_val (members, m);
        }
      else if (!object && elements != NULL)
        g_array_append_val (elements, m.value);

      if (!_evb_json_next_element (s, close, &more))
        return FALSE;
    }
  return TRUE;
}

gboolean
_evb_json_scan_value (EvbJsonScanner      *s,
                      EvbJsonScannedValue *value)
{
  const char *start = s->p;

  switch (*s->p)
    {
    case '"':
      return _evb_json_scan_string (s, value);
    case '{':
    case '[':
      value->type = *s->p == '{' ? EVB_JSON_VALUE_OBJECT : EVB_JSON_VALUE_ARRAY;
      if (!_evb_json_scan_container (s, NULL, NULL))
        return FALSE;
      value->start = start;
      value->length = s->p - start;
      return TRUE;
    case 't':
    case 'f':
      value->type = EVB_JSON_VALUE_BOOLEAN;
      return scan_literal (s, *s->p == 't' ? "true" : "false");
    case 'n':
      value->type = EVB_JSON_VALUE_ABSENT;
      return scan_literal (s, "null");
    default:
      return scan_number_value (s, value);
    }
}

/* Scans again a container _evb_json_scan_value has already checked. */
gboolean
_evb_json_scan_members (const char *start,
                        gsize       length,
                        GArray     *members,
                        GArray     *elements)
{
  EvbJsonScanner s = { start, start + length, 0 };

  return _evb_json_scan_container (&s, members, elements);
}

