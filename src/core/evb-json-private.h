/* evb-json-private.h: what the JSON scanner, reader and writer share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internal to src/core and its tests: the two readers behind
 * evb_json_read_board, and the streaming scanner they are built on.
 */

#pragma once

#include <string.h>

#include "evb-json.h"

G_BEGIN_DECLS

/* Far beyond any real board, and well below what would hurt. */
#define EVB_JSON_MAX_DOCUMENT_SIZE ((gsize) 1 << 30)

/* More members than any object of the format has: the streaming scanner
 * leaves such an object to the check and json-glib, so that comparing
 * names one by one stays cheap. */
#define EVB_JSON_MAX_SCANNED_MEMBERS 64

/* The readers */

/* json-glib's tree after the checks for what it lets through: the
 * reference, and the one that gives every error message. */
EvbBoard *_evb_json_read_board_tree      (const char  *data,
                                          gsize        length,
                                          GError     **error);
/* One pass without a tree. NULL, without saying why, for every document
 * it cannot vouch to read exactly as the tree reader does (any error, and
 * some unusual but valid JSON). */
EvbBoard *_evb_json_read_board_streaming (const char  *data,
                                          gsize        length);
/* evb_json_import(), saying whether the rows were streamed (TRUE) or the
 * document took the model's path (tests). */
gboolean  _evb_json_import_full          (const char        *data,
                                          gsize              length,
                                          const char        *path,
                                          gboolean           overwrite,
                                          EvbEditingFitFunc  fit,
                                          EvbJsonProgress    progress,
                                          gpointer           progress_data,
                                          gboolean          *streamed,
                                          GError           **error);

/* The scanner (evb-json-scanner.c) */

typedef enum
{
  EVB_JSON_VALUE_ABSENT,  /* missing, or null */
  EVB_JSON_VALUE_STRING,
  EVB_JSON_VALUE_INTEGER,
  EVB_JSON_VALUE_DOUBLE,
  EVB_JSON_VALUE_BOOLEAN,
  EVB_JSON_VALUE_ARRAY,
  EVB_JSON_VALUE_OBJECT,
} EvbJsonValueType;

/* A value the scanner has seen: where it is in the document. Strings are
 * decoded only when a field is read. */
typedef struct
{
  EvbJsonValueType  type;
  gboolean          escaped;  /* a string with backslash escapes */
  const char       *start;    /* a string's text inside the quotes; a container's opening bracket */
  gsize             length;
  gint64            integer;
  double            number;
} EvbJsonScannedValue;

typedef struct
{
  const char          *key;
  gsize                key_length;
  guint                hash;
  EvbJsonScannedValue  value;
} EvbJsonScannedMember;

typedef struct
{
  const char *p;
  const char *end;
  guint       depth;
} EvbJsonScanner;

/* Strict JSON (RFC 8259) and the limits above: everything json-glib
 * would let through that is not strict JSON, or that it would read
 * wrongly, refused with an error naming the place. Run before json-glib
 * sees a document, which must be valid UTF-8. */
gboolean  _evb_json_check_document (const char  *data,
                                    gsize        length,
                                    GError     **error);
/* Sets error to "byte OFFSET: message". Returns FALSE. */
gboolean  _evb_json_set_byte_error (GError     **error,
                                    int          code,
                                    gsize        offset,
                                    const char  *format,
                                    ...) G_GNUC_PRINTF (4, 5);

/* RFC 8259 lets a reader ignore a byte order mark, which some Windows
 * tools write; json-glib does, and so do both readers. */
static inline gsize
_evb_json_byte_order_mark_length (const char *data,
                                  gsize       length)
{
  return length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

static inline void
_evb_json_skip_space (EvbJsonScanner *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t'))
    s->p++;
}

static inline gboolean
_evb_json_expect (EvbJsonScanner *s,
                  char            c)
{
  _evb_json_skip_space (s);
  if (s->p >= s->end || *s->p != c)
    return FALSE;
  s->p++;
  _evb_json_skip_space (s);
  return TRUE;
}

gboolean  _evb_json_scan_string      (EvbJsonScanner       *s,
                                      EvbJsonScannedValue  *value);
gboolean  _evb_json_scan_value       (EvbJsonScanner       *s,
                                      EvbJsonScannedValue  *value);
gboolean  _evb_json_scan_container   (EvbJsonScanner       *s,
                                      GArray               *members,
                                      GArray               *elements);
gboolean  _evb_json_scan_members     (const char           *start,
                                      gsize                 length,
                                      GArray               *members,
                                      GArray               *elements);
gboolean  _evb_json_enter_container  (EvbJsonScanner       *s,
                                      char                  close,
                                      gboolean             *empty);
gboolean  _evb_json_next_element     (EvbJsonScanner       *s,
                                      char                  close,
                                      gboolean             *more);
char     *_evb_json_decode_string    (const EvbJsonScannedValue *scanned);
guint     _evb_json_hash_key         (const char           *key,
                                      gsize                 length);
gboolean  _evb_json_has_member       (GArray               *members,
                                      const EvbJsonScannedMember *m);

G_END_DECLS
