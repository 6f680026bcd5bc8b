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

#define LINKS_SUFFIX "-links.csv"
#define MAX_TABLE_SIZE (G_GUINT64_CONSTANT (1) << 30)

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
  size_t length = strlen (path);
  g_autofree char *stem = NULL;

  if (g_strcmp0 (format, "csv") != 0)
    return NULL;
  if (g_str_has_suffix (path, ".csv"))
    length -= strlen (".csv");
  stem = g_strndup (path, length);
  return g_strconcat (stem, LINKS_SUFFIX, NULL);
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

static char *
title_from_path (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *display = g_filename_display_name (base);
  char *dot = strrchr (display, '.');

  if (dot != NULL && dot != display)
    *dot = '\0';
  return g_steal_pointer (&display);
}

/* The links table beside a nodes table, when there is one: a regular file
 * of a sane size, read whole. */
static gboolean
read_links_table (const char  *path,
                  char       **contents,
                  gsize       *length,
                  GError     **error)
{
  g_autofree char *links_path = evb_cli_exchange_second_path (path, "csv");
  GStatBuf info;

  *contents = NULL;
  *length = 0;
  if (g_stat (links_path, &info) != 0)
    return TRUE;   /* nodes only */
  if (!S_ISREG (info.st_mode) || (guint64) info.st_size > MAX_TABLE_SIZE)
    {
      g_autofree char *display = g_filename_display_name (links_path);

      g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                   _("the links table “%s” is not a regular file of at most 1 GiB"), display);
      return FALSE;
    }
  if (!g_file_get_contents (links_path, contents, length, NULL))
    {
      g_autofree char *display = g_filename_display_name (links_path);

      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("cannot read the links table “%s”"), display);
      return FALSE;
    }
  return TRUE;
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
  g_autofree char *title = title_from_path (path);

  *board = NULL;
  if (starts_with_format (contents, length))
    return FALSE;
  if (evb_canvas_looks_like_canvas (contents, length))
    *board = evb_canvas_read_board (contents, length, title, skipped, error);
  else if (evb_csv_looks_like_nodes (contents, length))
    {
      g_autofree char *links = NULL;
      gsize links_length = 0;

      if (!read_links_table (path, &links, &links_length, error))
        return TRUE;
      *board = evb_csv_read_board (contents, length, links, links_length, title, skipped, error);
    }
  else
    return FALSE;

  if (*board != NULL)
    print_skipped (path, skipped);
  return TRUE;
}
