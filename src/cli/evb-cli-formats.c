/* evb-cli-formats.c: export and import of the exchange formats
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JSON Canvas, GraphML, STIX and CSV for `export --format` and `import`
 * (see docs/DESIGN.md). CSV is two tables: OUT.csv holds the nodes
 * (Kumu's elements), OUT-links.csv beside it the links (its connections).
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "evb-error.h"
#include "evb-formats.h"
#include "evb-cli-formats.h"
#include "evb-cli-text.h"

gboolean
evb_cli_is_exchange_format (const char *format)
{
  return g_strcmp0 (format, "canvas") == 0 || g_strcmp0 (format, "graphml") == 0 ||
         g_strcmp0 (format, "stix") == 0 || g_strcmp0 (format, "csv") == 0;
}

char *
evb_cli_exchange_second_path (const char *path,
                              const char *format)
{
  if (g_strcmp0 (format, "csv") != 0)
    return NULL;
  return evb_csv_links_path (path);
}

static gboolean
write_file (const char  *path,
            const char  *text,
            gsize        length,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_file_set_contents_full (path, text, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &local_error))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
evb_cli_export_exchange (EvbBoard    *board,
                         const char  *path,
                         const char  *format,
                         GError     **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  if (strcmp (format, "canvas") == 0)
    text = evb_canvas_write_board (board, &length);
  else if (strcmp (format, "graphml") == 0)
    text = evb_graphml_write_board (board, &length);
  else if (strcmp (format, "stix") == 0)
    text = evb_stix_write_board (board, &length);
  else
    {
      g_autofree char *links_path = evb_cli_exchange_second_path (path, format);
      g_autofree char *links = evb_csv_write_links (board);

      text = evb_csv_write_nodes (board);
      /* Both tables or neither. */
      if (!write_file (links_path, links, strlen (links), error))
        return FALSE;
      if (!write_file (path, text, strlen (text), error))
        {
          g_unlink (links_path);
          return FALSE;
        }
      return TRUE;
    }
  return write_file (path, text, length, error);
}

static void
print_skipped (const char *path,
               GPtrArray  *skipped)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *where = evb_cli_escape_text (display);

  for (guint i = 0; i < skipped->len; i++)
    {
      g_autofree char *line = evb_cli_escape_text (g_ptr_array_index (skipped, i));

      g_print ("%s: %s\n", where, line);
    }
}

/* Whether the document's root object starts with a "format" member, as
 * every Evidence Board document the app writes does: then it is neither an
 * Obsidian canvas (which has no "format") nor a CSV table (which does not
 * start with "{"), and sniffing it, which parses the whole document with
 * json-glib, would cost more than importing it. */
static gboolean
starts_with_format (const char *contents,
                    gsize       length)
{
  const char *p = contents, *end = contents + length;

  if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p >= end || *p++ != '{')
    return FALSE;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (end - p < 8 || memcmp (p, "\"format\"", 8) != 0)
    return FALSE;
  p += 8;
  while (p < end && g_ascii_isspace (*p))
    p++;
  return p < end && *p == ':';
}

gboolean
evb_cli_import_exchange (const char  *path,
                         const char  *contents,
                         gsize        length,
                         EvbBoard   **board,
                         GError     **error)
{
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);

  *board = NULL;
  if (starts_with_format (contents, length))
    return FALSE;
  if (!evb_formats_read_exchange (path, contents, length, skipped, board, error))
    return FALSE;
  if (*board != NULL)
    print_skipped (path, skipped);
  return TRUE;
}
