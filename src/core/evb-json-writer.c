/* evb-json-writer.c: writing a board in the JSON interchange format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writing is done by hand rather than with JsonGenerator so that the field
 * order is the data model's, whole numbers have no fraction, and the output
 * is byte-for-byte stable: export, import and export again give the same
 * text.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "evb-error.h"
#include "evb-json.h"

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
  if (d->pinned)
    {
      begin_field (&w, "pinned");
      g_string_append (out, "true");
    }
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
      if (d->attachment_embedded)
        {
          begin_field (&a, "embedded");
          g_string_append (out, "true");
        }
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

static void
write_group (GString            *out,
             const EvbGroupData *d)
{
  Writer w = { out, TRUE, 3 };

  g_string_append (out, "    {");
  field_string (&w, "id", d->id);
  field_string (&w, "label", d->label);
  field_string (&w, "color", d->color);
  if (d->collapsed)
    {
      begin_field (&w, "collapsed");
      g_string_append (out, "true");
    }
  begin_field (&w, "nodes");
  g_string_append_c (out, '[');
  for (guint i = 0; d->nodes[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_string (out, d->nodes[i]);
    }
  g_string_append_c (out, ']');
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
  g_string_append (out, links->len > 0 ? "\n  ]" : "]");
  /* Optional: a board without groups is written as before them. */
  if (evb_board_get_n_groups (board) > 0)
    {
      GPtrArray *groups = evb_board_get_groups (board);

      g_string_append (out, ",\n  \"groups\": [");
      for (guint i = 0; i < groups->len; i++)
        {
          g_string_append (out, i == 0 ? "\n" : ",\n");
          write_group (out, evb_group_get_data (g_ptr_array_index (groups, i)));
        }
      g_string_append (out, "\n  ]");
    }
  g_string_append (out, "\n}\n");

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
