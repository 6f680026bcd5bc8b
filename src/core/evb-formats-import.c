/* evb-formats-import.c: import by content, for the CLI and the app alike
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file to import is recognised by what it holds, not by its name: a JSON
 * Canvas, a CSV nodes table (with its links table beside it, when there is
 * one), or else our own JSON. One function reads each, so `import` and
 * the app's Import… accept the same files and refuse them in the same
 * words.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "evb-error.h"
#include "evb-formats.h"
#include "evb-json.h"

#define LINKS_SUFFIX "-links.csv"
/* As for a JSON document: a larger file is refused before it is read. */
#define MAX_FILE_SIZE (G_GUINT64_CONSTANT (1) << 30)

char *
evb_csv_links_path (const char *path)
{
  g_autofree char *stem = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  stem = g_str_has_suffix (path, ".csv") ? g_strndup (path, strlen (path) - strlen (".csv"))
                                         : g_strdup (path);
  return g_strconcat (stem, LINKS_SUFFIX, NULL);
}

/* The file name without its folder and extension, for a format that
 * carries no title of its own. */
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

/* Reads a whole file that is regular and of a sane size. Read, not mapped:
 * a mapped file someone truncates while we parse kills us with SIGBUS. */
static char *
read_whole_file (const char  *path,
                 gsize       *length,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  GStatBuf info;

  if (g_stat (path, &info) == 0 && (!S_ISREG (info.st_mode) ||
                                    (guint64) info.st_size > MAX_FILE_SIZE))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT,
                   _("not a regular file of at most 1 GiB"));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, length, &local_error))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  return contents;
}

gboolean
evb_formats_read_exchange (const char  *path,
                           const char  *contents,
                           gsize        length,
                           GPtrArray   *skipped,
                           EvbBoard   **board,
                           GError     **error)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL || length == 0, FALSE);
  g_return_val_if_fail (skipped != NULL, FALSE);
  g_return_val_if_fail (board != NULL, FALSE);

  *board = NULL;
  title = title_from_path (path);
  if (evb_canvas_looks_like_canvas (contents, length))
    *board = evb_canvas_read_board (contents, length, title, skipped, error);
  else if (evb_csv_looks_like_nodes (contents, length))
    {
      g_autofree char *links_path = evb_csv_links_path (path);
      g_autofree char *links = NULL;
      gsize links_length = 0;

      /* A nodes table may come alone; a links table beside it is read whole. */
      if (g_file_test (links_path, G_FILE_TEST_EXISTS))
        {
          g_autoptr(GError) local_error = NULL;

          links = read_whole_file (links_path, &links_length, &local_error);
          if (links == NULL)
            {
              g_autofree char *display = g_filename_display_name (links_path);

              g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("the links table “%s”: %s"),
                           display, local_error->message);
              return TRUE;
            }
        }
      *board = evb_csv_read_board (contents, length, links, links_length, title, skipped, error);
    }
  else
    return FALSE;
  return TRUE;
}

EvbBoard *
evb_formats_import_file (const char  *path,
                         GPtrArray   *skipped,
                         GError     **error)
{
  g_autofree char *contents = NULL;
  EvbBoard *board = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (skipped != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  contents = read_whole_file (path, &length, error);
  if (contents == NULL)
    return NULL;
  if (evb_formats_read_exchange (path, contents, length, skipped, &board, error))
    return board;
  return evb_json_read_board (contents, length, error);
}
