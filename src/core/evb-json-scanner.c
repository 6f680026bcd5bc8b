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

/* The check keeps, for each level it is inside, where it is: the member
 * or element being read, to name the place of an error, and the names an
 * object has had, to refuse one given twice. */
typedef struct
{
  gboolean    object;
  gboolean    in_name;     /* an object's member name comes next, or is being read */
  const char *name;        /* the member being read, as written between its quotes */
  gsize       name_length;
  guint       index;       /* an array's element being read */
  GHashTable *names;       /* an object's member names so far, decoded */
} Level;

/* What may come next, white space aside. */
typedef enum
{
  EXPECT_VALUE,
  EXPECT_VALUE_OR_CLOSE,   /* just after '[' */
  EXPECT_NAME,
  EXPECT_NAME_OR_CLOSE,    /* just after '{' */
  EXPECT_COLON,
  EXPECT_COMMA_OR_CLOSE,
  EXPECT_END,              /* the root is read */
} Expect;

typedef struct
{
  const char *data;
  gsize       length;
  guint       depth;
  Expect      expect;
  Level       levels[EVB_JSON_MAX_DEPTH + 1];
  GError    **error;
} Check;

static void
check_clear (Check *check)
{
  for (guint i = 0; i <= EVB_JSON_MAX_DEPTH; i++)
    g_clear_pointer (&check->levels[i].names, g_hash_table_unref);
}

/* "nodes[3].title": the value being read. Inside a member name, the
 * object that holds it. */
static char *
check_dup_place (Check *check)
{
  GString *place = g_string_new (NULL);

  for (guint i = 1; i <= check->depth; i++)
    {
      Level *level = &check->levels[i];

      if (!level->object)
        g_string_append_printf (place, "[%u]", level->index);
      else if (!level->in_name && level->name != NULL)
        {
          if (place->len > 0)
            g_string_append_c (place, '.');
          g_string_append_len (place, level->name, level->name_length);
        }
    }
  return g_string_free (place, FALSE);
}

static gboolean
check_fail (Check      *check,
            int         code,
            gsize       offset,
            const char *format,
            ...) G_GNUC_PRINTF (4, 5);

/* Errors about text name the place in the board ("nodes[3].title: …");
 * at the root, where there is none, the byte. */
static gboolean
check_fail (Check      *check,
            int         code,
            gsize       offset,
            const char *format,
            ...)
{
  g_autofree char *message = NULL;
  g_autofree char *place = check_dup_place (check);
  Level *top = &check->levels[check->depth];
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (place[0] == '\0')
    return _evb_json_set_byte_error (check->error, code, offset, "%s", message);
  if (check->depth > 0 && top->object && top->in_name)
    /* Translators: the first %s is a place like “nodes[3]”, the second says what is wrong */
    g_set_error (check->error, EVB_ERROR, code, _("%s: in a member name: %s"), place, message);
  else
    g_set_error (check->error, EVB_ERROR, code, "%s: %s", place, message);
  return FALSE;
}

/* Checks one string from its opening quote at *i to its closing quote,
 * where *i is left: escapes as RFC 8259 has them and nothing a C string
 * or UTF-8 could not hold. A member name is also checked against the
 * others of its object. Text without its closing quote is json-glib's
 * to report. */
static gboolean
check_string (Check *check,
              gsize *i)
{
  const char *data = check->data;
  gsize start = *i + 1;
  gsize j = start;
  gboolean escaped = FALSE;
  Level *top = &check->levels[check->depth];

  for (; j < check->length && data[j] != '"'; j++)
    {
      guchar c = (guchar) data[j];
      int code, low;

      if (c < 0x20)
        return _evb_json_set_byte_error (check->error, EVB_ERROR_PARSE, j,
                                         _("a control character inside text must be escaped"));
      if (c != '\\')
        continue;

      escaped = TRUE;
      if (++j >= check->length)
        break;
      if (strchr ("\"\\/bfnrtu", data[j]) == NULL || data[j] == '\0')
        {
          /* Quote the escape only when it is one printable ASCII letter:
           * the message must stay valid, harmless text. */
          if (g_ascii_isgraph (data[j]))
            return check_fail (check, EVB_ERROR_PARSE, j - 1,
                               _("“\\%c” is not an escape of JSON text"), data[j]);
          return check_fail (check, EVB_ERROR_PARSE, j - 1,
                             _("a backslash must start an escape of JSON text"));
        }
      if (data[j] != 'u')
        continue;

      code = j + 4 < check->length ? hex4 (data + j + 1) : -1;
      if (code < 0)
        return check_fail (check, EVB_ERROR_PARSE, j - 1,
                           _("“\\u” must be followed by four hexadecimal digits"));
      /* C strings end at the first NUL: "a\u0000b" would quietly come in
       * as "a". */
      if (code == 0)
        return check_fail (check, EVB_ERROR_FORMAT, j - 1,
                           _("text cannot hold a NUL character (\\u0000)"));
      if (code >= 0xdc00 && code <= 0xdfff)
        return check_fail (check, EVB_ERROR_FORMAT, j - 1,
                           _("not valid UTF-8 text: “\\u%04x” is the second half of a "
                             "UTF-16 surrogate pair without the first"), (guint) code);
      if (code >= 0xd800 && code <= 0xdbff)
        {
          low = j + 10 < check->length && data[j + 5] == '\\' && data[j + 6] == 'u'
                  ? hex4 (data + j + 7) : -1;
          if (low < 0xdc00 || low > 0xdfff)
            return check_fail (check, EVB_ERROR_FORMAT, j - 1,
                               _("not valid UTF-8 text: “\\u%04x” is the first half of a "
                                 "UTF-16 surrogate pair without the second"), (guint) code);
          j += 6;
        }
      j += 4;
    }
  *i = j;

  if (check->depth == 0 || !top->object || !top->in_name || j >= check->length)
    return TRUE;

  /* json-glib keeps the last of two members with the same name, so a
   * later "nodes": [] would silently empty the board. */
  {
    EvbJsonScannedValue name = { EVB_JSON_VALUE_STRING, escaped, data + start, j - start, 0, 0 };
    char *decoded = _evb_json_decode_string (&name);

    top->in_name = FALSE;
    top->name = data + start;
    top->name_length = j - start;
    if (top->names == NULL)
      top->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    if (!g_hash_table_add (top->names, decoded))
      return check_fail (check, EVB_ERROR_FORMAT, start - 1,
                         _("given more than once in the same object"));
  }
  return TRUE;
}

/* "line 3, column 14: not valid JSON: …", as json-glib says it. */
static gboolean
check_fail_syntax (Check      *check,
                   gsize       offset,
                   const char *what)
{
  const char *line_start = check->data;
  guint line = 1;

  for (const char *p = check->data; p < check->data + offset; p++)
    if (*p == '\n')
      {
        line++;
        line_start = p + 1;
      }
  g_set_error (check->error, EVB_ERROR, EVB_ERROR_PARSE,
               _("line %u, column %u: not valid JSON: %s"), line,
               (guint) g_utf8_strlen (line_start, check->data + offset - line_start) + 1, what);
  return FALSE;
}

static gboolean
check_unexpected (Check *check,
                  gsize  offset)
{
  g_autofree char *what = NULL;
  char c = check->data[offset];

  if (!g_ascii_isgraph (c))
    return check_fail_syntax (check, offset, _("unexpected character"));
  what = g_strdup_printf (_("unexpected “%c”"), c);
  return check_fail_syntax (check, offset, what);
}

static gboolean
check_open (Check *check,
            gsize  i)
{
  Level *level;

  if (check->depth + 1 > EVB_JSON_MAX_DEPTH)
    return _evb_json_set_byte_error (check->error, EVB_ERROR_PARSE, i,
                                     _("nested more than %d levels deep"), EVB_JSON_MAX_DEPTH);

  level = &check->levels[++check->depth];
  level->object = check->data[i] == '{';
  level->in_name = level->object;
  level->name = NULL;
  level->index = 0;
  if (level->names != NULL)
    g_hash_table_remove_all (level->names);
  check->expect = level->object ? EXPECT_NAME_OR_CLOSE : EXPECT_VALUE_OR_CLOSE;
  return TRUE;
}

static void
check_after_value (Check *check)
{
  check->expect = check->depth == 0 ? EXPECT_END : EXPECT_COMMA_OR_CLOSE;
}

/* true, false or null, and nothing stuck to it. */
static gboolean
check_literal (Check *check,
               gsize *i)
{
  static const char * const words[] = { "true", "false", "null" };

  for (guint w = 0; w < G_N_ELEMENTS (words); w++)
    {
      gsize n = strlen (words[w]);

      if (check->length - *i >= n && memcmp (check->data + *i, words[w], n) == 0 &&
          (check->length - *i == n || !g_ascii_isalnum (check->data[*i + n])))
        {
          *i += n - 1;
          return TRUE;
        }
    }
  return check_fail_syntax (check, *i, _("unexpected word (JSON has true, false and null)"));
}

static gboolean
check_number (Check *check,
              gsize *i)
{
  gboolean is_integer;
  gsize n_digits = 0;
  gsize end = scan_number (check->data, check->length, *i, &is_integer, &n_digits);

  if (end == 0)
    return _evb_json_set_byte_error (check->error, EVB_ERROR_PARSE, *i,
                                     _("not a JSON number"));
  if (is_integer && !integer_fits (check->data + end - n_digits, n_digits))
    return _evb_json_set_byte_error (check->error, EVB_ERROR_FORMAT, *i,
                                     _("the number %.*s is too large"),
                                     (int) MIN (end - *i, 40), check->data + *i);
  *i = end - 1;
  return TRUE;
}

/* One token at data[*i], which is not white space; *i is left on its
 * last byte. */
static gboolean
check_token (Check *check,
             gsize *i)
{
  char c = check->data[*i];
  Level *top = &check->levels[check->depth];
  gboolean value = check->expect == EXPECT_VALUE || check->expect == EXPECT_VALUE_OR_CLOSE;

  /* These have messages of their own wherever they are. */
  if (c == '/')
    return _evb_json_set_byte_error (check->error, EVB_ERROR_PARSE, *i,
                                     _("JSON has no comments"));
  if (c == '\'')
    return _evb_json_set_byte_error (check->error, EVB_ERROR_PARSE, *i,
                                     _("JSON text goes in double quotes"));
  if (check->expect == EXPECT_END)
    return _evb_json_set_byte_error (check->error, EVB_ERROR_PARSE, *i,
                                     _("there is more after the end of the document"));

  switch (c)
    {
    case '"':
      if (check->expect == EXPECT_NAME || check->expect == EXPECT_NAME_OR_CLOSE)
        {
          check->expect = EXPECT_COLON;
          return check_string (check, i);
        }
      if (!value)
        break;
      check_after_value (check);
      return check_string (check, i);
    case '{':
    case '[':
      if (!value)
        break;
      return check_open (check, *i);
    case '}':
    case ']':
      if (top->object != (c == '}') ||
          (check->expect != EXPECT_COMMA_OR_CLOSE &&
           check->expect != (top->object ? EXPECT_NAME_OR_CLOSE : EXPECT_VALUE_OR_CLOSE)))
        break;
      check->depth--;
      check_after_value (check);
      return TRUE;
    case ':':
      if (check->expect != EXPECT_COLON)
        break;
      check->expect = EXPECT_VALUE;
      return TRUE;
    case ',':
      if (check->expect != EXPECT_COMMA_OR_CLOSE)
        break;
      if (top->object)
        {
          top->in_name = TRUE;
          check->expect = EXPECT_NAME;
        }
      else
        {
          top->index++;
          check->expect = EXPECT_VALUE;
        }
      return TRUE;
    case '-':
    case '.':
    case '+':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      if (!value)
        break;
      check_after_value (check);
      return check_number (check, i);
    default:
      if (!g_ascii_isalpha (c))
        return _evb_json_set_byte_error (check->error, EVB_ERROR_PARSE, *i,
                                         _("this byte is not part of any JSON value"));
      if (!value)
        break;
      check_after_value (check);
      return check_literal (check, i);
    }
  return check_unexpected (check, *i);
}

/* The whole grammar of RFC 8259, because json-glib is lenient beyond it
 * (it takes a member without its colon), and everything json-glib would
 * read as something else, refused with the place: comments, 'quotes',
 * 0x10, whole numbers beyond 64 bits (it wraps them), escapes RFC 8259
 * does not have (it reads "\q" as "q" and "\101" as "A"), NUL and lone
 * surrogates (which cut text or make it invalid UTF-8), a member name
 * given twice in one object (it keeps the last), anything after the root
 * (it reads the first of two documents), bytes between values that are no
 * part of JSON (it skips some), and nesting deeper than EVB_JSON_MAX_DEPTH
 * (its parser recurses once per level, so 100,000 '[' would overflow the
 * stack). The streaming reader refuses all of these too, so both readers
 * accept the same documents. The text must be valid UTF-8 already. */
gboolean
_evb_json_check_document (const char  *data,
                          gsize        length,
                          GError     **error)
{
  Check check = { data, length, 0, EXPECT_VALUE, { { 0, }, }, error };
  gboolean ok = TRUE;
  gsize i;

  for (i = _evb_json_byte_order_mark_length (data, length); ok && i < length; i++)
    {
      char c = data[i];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        ok = check_token (&check, &i);
    }

  /* Nothing but white space is json-glib's to say. */
  if (ok && check.expect != EXPECT_END && !(check.expect == EXPECT_VALUE && check.depth == 0))
    ok = check_fail_syntax (&check, length, _("the text ends before the document does"));
  check_clear (&check);
  return ok;
}

/* Only compared with the others of one object, to find a repeated name:
 * equal names must hash alike, and different ones of the format mostly
 * apart. The length and the first and last eight bytes do that without a
 * loop over every byte. */
guint
_evb_json_hash_key (const char *key,
                    gsize       length)
{
  guint64 head = 0, tail = 0;

  if (length >= 8)
    {
      memcpy (&head, key, 8);
      memcpy (&tail, key + length - 8, 8);
    }
  else
    memcpy (&head, key, length);
  head ^= (tail * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) ^ length;
  return (guint) (head ^ (head >> 32));
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


/* Decodes a string the scanner or the check has let through: only the
 * escapes of RFC 8259 occur, no NUL, surrogates only in pairs. */
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
          {
            gunichar c = hex4 (p);

            p += 4;
            /* A surrogate pair (the check lets only whole ones through)
             * is one character. */
            if (c >= 0xd800 && c <= 0xdbff && end - p >= 6 && p[0] == '\\' && p[1] == 'u')
              {
                c = 0x10000 + ((c - 0xd800) << 10) + (hex4 (p + 2) - 0xdc00);
                p += 6;
              }
            g_string_append_unichar (out, c);
          }
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

#define EVERY_BYTE(b) (G_GUINT64_CONSTANT (0x0101010101010101) * (b))

/* Whether any byte of w needs a look of its own in a string: a control
 * character, a quote, a backslash, or not ASCII. (The classic tests for a
 * zero byte and for a byte below n: exact as a yes or no for the word.) */
static inline gboolean
has_special_byte (guint64 w)
{
  guint64 quote = w ^ EVERY_BYTE ('"');
  guint64 backslash = w ^ EVERY_BYTE ('\\');

  return ((((w - EVERY_BYTE (0x20)) & ~w) |
          ((quote - EVERY_BYTE (1)) & ~quote) |
          ((backslash - EVERY_BYTE (1)) & ~backslash) |
          w) & EVERY_BYTE (0x80)) != 0;
}

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
      guint64 word;

      /* Most of a document is plain text: skip it eight bytes at a time. */
      while (s->end - p >= 8 && (memcpy (&word, p, 8), !has_special_byte (word)))
        p += 8;
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
  char buffer[64];
  g_autofree char *copy = NULL;
  const char *text;
  char *parsed_end = NULL;

  if (end == 0)
    return FALSE;
  value->start = start;
  value->length = end;
  value->escaped = FALSE;
  s->p = start + end;
  if (is_integer && !integer_fits (start + end - n_digits, n_digits))
    return FALSE;

  /* The C functions read up to a NUL, and the document need not end with
   * one: a number at its very end would be read on into what follows it
   * in memory (found by fuzz-json-agree). */
  if (end < sizeof buffer)
    {
      memcpy (buffer, start, end);
      buffer[end] = '\0';
      text = buffer;
    }
  else
    text = copy = g_strndup (start, end);

  if (is_integer)
    {
      value->type = EVB_JSON_VALUE_INTEGER;
      value->integer = g_ascii_strtoll (text, &parsed_end, 10);
    }
  else
    {
      value->type = EVB_JSON_VALUE_DOUBLE;
      value->number = g_ascii_strtod (text, &parsed_end);
    }
  return parsed_end == text + end;
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
  g_autoptr(GArray) own_members = NULL;
  gboolean object = *s->p == '{';
  char close = object ? '}' : ']';
  gboolean empty, more = TRUE;

  if (!_evb_json_enter_container (s, close, &empty))
    return FALSE;

  /* Names are compared in every object, also those only stepped over:
   * json-glib would keep the last of two, the check refuses them. */
  if (object && members == NULL && !empty)
    members = own_members = g_array_new (FALSE, FALSE, sizeof (EvbJsonScannedMember));

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

      if (object)
        {
          /* Names are compared one by one: many of them go to the check,
           * which has a hash table. */
          if (members->len >= EVB_JSON_MAX_SCANNED_MEMBERS)
            return FALSE;
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
      value->start = start;  /* what it is: 't' or 'f' */
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

