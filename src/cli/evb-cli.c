/* evb-cli.c: evidence-board-cli, the command-line tool of docs/DESIGN.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exit status 0 on success; 1 on failure with exactly one line
 * "evidence-board-cli: PLACE: what is wrong" on stderr; 2 on a usage error.
 * A failing command leaves no output file behind and never changes its
 * input: boards are opened read-only, and every output is written to a
 * temporary file that is renamed into place only when complete.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "evb-attachment.h"
#include "evb-document.h"
#include "evb-editing.h"
#include "evb-error.h"
#include "evb-json.h"
#include "evb-store.h"
#include "evb-store-blobs.h"
#include "evb-cli-assess.h"
#include "evb-cli-attach.h"
#include "evb-cli-formats.h"
#include "evb-cli-progress.h"
#include "evb-cli-text.h"
#include "evb-cli-image.h"
#include "evb-cli-input.h"

#define PROGRAM "evidence-board-cli"

/* The same limit as the JSON reader's, applied while reading, so that a
 * device or a file that grows is never read without end. */

/* evb-export.h is only there with the renderer. */
#define MIN_SCALE 0.0001
#define MAX_SCALE 100.0

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

static const char *usage_text =
  N_("Usage:\n"
     "  evidence-board-cli new BOARD.evboard [--title TEXT]\n"
     "  evidence-board-cli info BOARD.evboard [--json]\n"
     "  evidence-board-cli import INPUT.json|INPUT.canvas|INPUT.csv BOARD.evboard [--force]\n"
     "  evidence-board-cli export BOARD.evboard OUTPUT [--format FORMAT] [--scale N] [--force]\n"
     "      [--paper a4|letter|a3|fit] [--orientation portrait|landscape] [--tile] [--no-title] [--no-legend]\n"
     "      [--filter FILTER|board]  (pictures, reports and matrix-*)\n"
     "      [--lanes type|source]\n"
     "      FORMAT: json, png, svg, pdf, report, report-html, canvas, graphml, stix, csv,\n"
     "      matrix-csv, matrix-png, matrix-svg, matrix-pdf, timeline-png, timeline-svg, timeline-pdf\n"
     "  evidence-board-cli check BOARD.evboard\n"
     "  evidence-board-cli assess BOARD.evboard [--json]\n"
     "  evidence-board-cli merge BOARD.evboard OTHER.evboard|OTHER.json\n"
     "  evidence-board-cli layout BOARD.evboard [--method layered|force] [--selection ID,…]\n"
     "  evidence-board-cli attach BOARD.evboard NODE-ID FILE [--reference]\n"
     "  evidence-board-cli extract BOARD.evboard NODE-ID OUTPUT [--force]\n");

static int
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\n%s", PROGRAM, message, _(usage_text));
  return EXIT_USAGE;
}

/* A file name as the user typed it, made printable. */
static char *
escape_path (const char *path)
{
  g_autofree char *display = g_filename_display_name (path);

  return evb_cli_escape_text (display);
}

/* One line: the place, then the problem. Messages carry board text (ids,
 * titles): escaped, so they stay one line and cannot drive the terminal. */
static int
fail (const char   *place,
      const GError *error)
{
  g_autofree char *message = evb_cli_escape_text (error->message);
  g_autofree char *where = escape_path (place);

  g_printerr ("%s: %s: %s\n", PROGRAM, where, message);
  return EXIT_FAILED;
}

/* Parses the options of one command; the remaining arguments are its
 * positional ones. */
static gboolean
parse_options (const char    *command,
               const char    *parameters,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv,
               int           *status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("%s %s", PROGRAM, command);

  g_set_prgname (name);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = usage_error ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static EvbBoard *
open_board (const char  *path,
            EvbStore   **store_out,
            GError     **error)
{
  g_autoptr(EvbStore) store = evb_store_open (path, EVB_STORE_FLAGS_READ_ONLY, error);
  EvbBoard *board;

  if (store == NULL)
    return NULL;
  board = evb_store_load (store, error);
  if (board != NULL && store_out != NULL)
    *store_out = g_steal_pointer (&store);
  return board;
}

static int
command_new (int    argc,
             char **argv)
{
  g_autofree char *title = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;
  GOptionEntry entries[] = {
    { "title", 't', 0, G_OPTION_ARG_STRING, &title, N_("The board’s title"), N_("TEXT") },
    { NULL }
  };
  int status = EXIT_OK;

  if (!parse_options ("new", "BOARD.evboard", entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (_("“new” takes one board file"));

  if (title == NULL)
    {
      /* A file name is bytes, a title is UTF-8 text: a name in another
       * encoding would make a board the app refuses to open. */
      g_autofree char *base = g_path_get_basename (argv[1]);
      g_autofree char *display = g_filename_display_name (base);
      char *dot = strrchr (display, '.');

      if (dot != NULL && dot != display)
        *dot = '\0';
      title = g_steal_pointer (&display);
    }
  else if (!g_utf8_validate (title, -1, NULL))
    return usage_error (_("--title must be UTF-8 text"));

  store = evb_store_create (argv[1], title, &error);
  if (store == NULL)
    return fail (argv[1], error);
  evb_store_close (store);
  return EXIT_OK;
}

typedef struct
{
  guint nodes, claims, evidence, links, supports, refutes, attachments;
} Counts;

static Counts
count_board (EvbBoard *board)
{
  GPtrArray *nodes = evb_board_get_nodes (board);
  GPtrArray *links = evb_board_get_links (board);
  Counts c = { 0 };

  c.nodes = nodes->len;
  c.links = links->len;
  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *d = evb_node_get_data (g_ptr_array_index (nodes, i));

      if (d->kind == EVB_NODE_KIND_CLAIM)
        c.claims++;
      else
        c.evidence++;
      if (d->attachment_uri != NULL)
        c.attachments++;
    }
  for (guint i = 0; i < links->len; i++)
    {
      if (evb_link_get_relation (g_ptr_array_index (links, i)) == EVB_RELATION_SUPPORTS)
        c.supports++;
      else
        c.refutes++;
    }
  return c;
}

static int
command_info (int    argc,
              char **argv)
{
  gboolean as_json = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print one JSON object"), NULL },
    { NULL }
  };
  int status = EXIT_OK;
  Counts c;

  if (!parse_options ("info", "BOARD.evboard", entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (_("“info” takes one board file"));

  board = open_board (argv[1], &store, &error);
  if (board == NULL)
    return fail (argv[1], error);
  c = count_board (board);

  if (as_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, evb_board_get_title (board));
      if (evb_board_get_description (board) != NULL)
        {
          json_builder_set_member_name (builder, "description");
          json_builder_add_string_value (builder, evb_board_get_description (board));
        }
      json_builder_set_member_name (builder, "created");
      json_builder_add_string_value (builder, evb_board_get_created (board));
      json_builder_set_member_name (builder, "modified");
      json_builder_add_string_value (builder, evb_board_get_modified (board));
#define COUNT(name) json_builder_set_member_name (builder, #name); json_builder_add_int_value (builder, c.name)
      COUNT (nodes);
      COUNT (claims);
      COUNT (evidence);
      COUNT (links);
      COUNT (supports);
      COUNT (refutes);
      COUNT (attachments);
#undef COUNT
      json_builder_set_member_name (builder, "groups");
      json_builder_add_int_value (builder, evb_board_get_n_groups (board));
      json_builder_set_member_name (builder, "schema_version");
      json_builder_add_int_value (builder, evb_store_get_schema_version (store));
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *title = evb_cli_escape_text (evb_board_get_title (board));
      g_autofree char *created = evb_cli_escape_text (evb_board_get_created (board));
      g_autofree char *modified = evb_cli_escape_text (evb_board_get_modified (board));
      g_autofree char *claims = g_strdup_printf (ngettext ("%u claim", "%u claims", c.claims), c.claims);
      g_autofree char *evidence = g_strdup_printf (ngettext ("%u evidence item", "%u evidence items",
                                                             c.evidence), c.evidence);

      g_print (_("Title: %s\n"), title);
      if (evb_board_get_description (board) != NULL)
        {
          g_autofree char *description = evb_cli_escape_text (evb_board_get_description (board));

          g_print (_("Description: %s\n"), description);
        }
      g_print (_("Created: %s\n"), created);
      g_print (_("Modified: %s\n"), modified);
      /* Translators: the number of nodes, then "1 claim", "3 evidence items" */
      g_print (_("Nodes: %u (%s, %s)\n"), c.nodes, claims, evidence);
      g_print (_("Links: %u (%u supports, %u refutes)\n"), c.links, c.supports, c.refutes);
      g_print (_("Attachments: %u\n"), c.attachments);
      g_print (_("Groups: %u\n"), evb_board_get_n_groups (board));
      g_print (_("Board format: %d\n"), evb_store_get_schema_version (store));
    }

  /* The process ends now and its memory goes with it: freeing a big board
   * card by card (and glibc consolidating the freed heap) was a fifth of
   * the time of `info`. The store is closed, which also removes the copy a
   * read-only store may have recovered. */
  evb_store_close (store);
  (void) g_steal_pointer (&board);
  return EXIT_OK;
}

/* Replaces the error of a command whose input shrank while it was read
 * (evb-cli-input.c): TRUE then. */
static gboolean
input_changed (GError **error)
{
  if (!evb_cli_input_changed ())
    return FALSE;
  g_clear_error (error);
  g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
               _("the file changed while it was read; import it again"));
  return TRUE;
}

static int
command_import (int    argc,
                char **argv)
{
  gboolean force = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(EvbBoardLock) lock = NULL;
  g_autoptr(GBytes) input = NULL;
  const char *contents;
  gsize length = 0;
  GOptionEntry entries[] = {
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force, N_("Replace BOARD if it exists"), NULL },
    { NULL }
  };
  int status = EXIT_OK;

  if (!parse_options ("import", "INPUT.json BOARD.evboard", entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return usage_error (_("“import” takes a JSON file and a board file"));

  input = evb_cli_read_input (argv[1], &error);
  if (input == NULL)
    return fail (argv[1], error);
  contents = g_bytes_get_data (input, &length);
  if ((evb_cli_import_exchange (argv[1], contents, length, &board, &error) && board == NULL) ||
      input_changed (&error))
    return fail (argv[1], error);
  if (board != NULL)
    evb_cli_fit_unsized (board);
  /* A board open in the app would be written back over the import a
   * second later: refuse instead, and keep the app out meanwhile. */
  target = g_file_new_for_commandline_arg (argv[2]);
  lock = evb_board_lock_acquire (target, &error);
  if (lock == NULL && g_error_matches (error, EVB_ERROR, EVB_ERROR_BUSY))
    return fail (argv[2], error);
  /* No folder for locks (a read-only home): then no app holds one either. */
  g_clear_error (&error);
  if (board != NULL)
    {
      if (!evb_store_write_new (board, argv[2], force, &error))
        return fail (argv[2], error);
    }
  else
    {
      /* JSON goes into the file row by row, without a board in memory. */
      /* Translators: the label of the progress bar of an import on the terminal */
      g_autoptr(EvbCliProgress) progress = evb_cli_progress_new (_("Importing…"));
      gboolean ok = evb_json_import (contents, length, argv[2], force, evb_cli_get_card_fit (),
                                     progress != NULL ? evb_cli_progress_update : NULL,
                                     progress, &error);

      g_clear_pointer (&progress, evb_cli_progress_free);
      if (input_changed (&error))
        return fail (argv[1], error);
      if (!ok)
        {
          /* A document error is the input's; the rest is the board file's. */
          gboolean in_input = error->domain == EVB_ERROR &&
                              (error->code == EVB_ERROR_PARSE || error->code == EVB_ERROR_FORMAT ||
                               error->code == EVB_ERROR_LIMIT || error->code == EVB_ERROR_TOO_NEW);

          return fail (in_input ? argv[1] : argv[2], error);
        }
    }
  /* The process ends now: its memory goes with it, unfreed (a 100,000-card
   * document is a 100 MB buffer). */
  (void) g_steal_pointer (&input);
  return EXIT_OK;
}

/* Whether the file at fd starts with a SQLite header carrying our
 * application id, as shared-mime-info recognises a board. */
static gboolean
is_board_file (int fd)
{
  static const char sqlite_header[16] = "SQLite format 3";
  guint8 header[72];
  guint32 application_id;
  gsize done = 0;

  while (done < sizeof header)
    {
      ssize_t n = pread (fd, header + done, sizeof header - done, done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += n;
    }
  memcpy (&application_id, header + 68, sizeof application_id);
  return memcmp (header, sqlite_header, sizeof sqlite_header) == 0 &&
         GUINT32_FROM_BE (application_id) == EVB_APPLICATION_ID;
}

/* What export may write over. Never its own input, whatever the name
 * (a symbolic or hard link, "./case.evboard"), compared by device and
 * inode; never a board, even with --force: a board is replaced only by
 * import, and one open in the app would be written back over the export
 * (or, worse, lost when the app closes); and without --force, nothing that
 * exists. *mode is set to the mode of the file replaced, or -1. */
static gboolean
check_export_target (const char  *input,
                     const char  *output,
                     gboolean     force,
                     int         *mode,
                     GError     **error)
{
  struct stat input_info, output_info;
  gboolean is_board;
  int fd;

  *mode = -1;
  if (g_lstat (output, &output_info) != 0)
    return TRUE;   /* nothing there: the usual case */

  if (g_stat (output, &output_info) == 0 && g_stat (input, &input_info) == 0 &&
      output_info.st_dev == input_info.st_dev && output_info.st_ino == input_info.st_ino)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("this is the board being exported; choose another output file"));
      return FALSE;
    }

  fd = g_open (output, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      if (errno == ENOENT && force)
        return TRUE;   /* a dangling symbolic link: replaced itself */
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                   _("the file already exists and cannot be read to see what it is; "
                     "it was left as it is"));
      return FALSE;
    }
  if (fstat (fd, &output_info) != 0 || !S_ISREG (output_info.st_mode))
    {
      close (fd);
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                   _("not a regular file; export writes only regular files"));
      return FALSE;
    }
  is_board = is_board_file (fd);
  close (fd);
  if (is_board)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("this is a board file, and export never replaces a board, even with "
                     "--force; choose another output file"));
      return FALSE;
    }
  if (!force)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                   _("the file already exists; use --force to replace it"));
      return FALSE;
    }

  *mode = output_info.st_mode & 07777;
  return TRUE;
}

static int
command_export (int    argc,
                char **argv)
{
  g_autofree char *format = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(EvbBoardLock) lock = NULL;
  g_autofree char *second_path = NULL;
  double scale = 1.0;
  gboolean force = FALSE;
  g_autofree char *paper = NULL;
  g_autofree char *orientation = NULL;
  EvbCliImageOptions image_options = { 1.0, FALSE, FALSE, NULL, NULL, FALSE, NULL };
  g_autofree char *filter_text = NULL;
  g_autoptr(EvbFilter) filter = NULL;
  g_autofree char *lanes = NULL;
  gboolean ok;
  int mode = -1;
  mode_t old_umask = 0;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("json, png, svg, pdf, report, report-html, canvas, graphml, stix, csv, matrix-csv, -png, -svg, -pdf or timeline-png, -svg, -pdf (default: from OUTPUT)"), N_("FORMAT") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale, N_("Scale of images (default: 1)"), N_("N") },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force, N_("Replace OUTPUT if it exists (never a board)"), NULL },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper, N_("Paper of a PDF or report: a4, letter, a3 or fit (default: fit for a picture, a4 for a report)"), N_("PAPER") },
    { "orientation", 0, 0, G_OPTION_ARG_STRING, &orientation, N_("portrait or landscape (default: portrait)"), N_("ORIENTATION") },
    { "tile", 0, 0, G_OPTION_ARG_NONE, &image_options.tile, N_("Print a PDF at its scale over several pages instead of shrinking it to one"), NULL },
    { "no-title", 0, 0, G_OPTION_ARG_NONE, &image_options.no_title, N_("Leave out the title block of a picture"), NULL },
    { "no-legend", 0, 0, G_OPTION_ARG_NONE, &image_options.no_legend, N_("Leave out the legend of a picture"), NULL },
    { "filter", 0, 0, G_OPTION_ARG_STRING, &filter_text, N_("Dim or hide the cards a filter leaves out of a picture, and list only the others in a report or a matrix: the filter as JSON, or “board” for the one saved with the board"), N_("FILTER") },
    { "lanes", 0, 0, G_OPTION_ARG_STRING, &lanes, N_("Lanes of a timeline: type or source (default: type)"), N_("LANES") },
    { NULL }
  };
  int status = EXIT_OK;

  if (!parse_options ("export", "BOARD.evboard OUTPUT", entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return usage_error (_("“export” takes a board file and an output file"));
  /* Below the minimum, the largest board is a few pixels and GSK refuses the
   * transform; every valid board fits the size limits at the minimum. */
  if (!isfinite (scale) || scale < MIN_SCALE || scale > MAX_SCALE)
    return usage_error (_("--scale must be a number from %g to %g"), MIN_SCALE, MAX_SCALE);

  if (format == NULL)
    {
      const char *dot = strrchr (argv[2], '.');

      if (dot == NULL || strchr (dot, '/') != NULL)
        return usage_error (_("cannot tell the format of “%s”; use --format"), argv[2]);
      format = g_ascii_strdown (dot + 1, -1);
    }
  if (strcmp (format, "matrix-csv") != 0 && strcmp (format, "matrix-png") != 0 &&
      strcmp (format, "matrix-svg") != 0 && strcmp (format, "matrix-pdf") != 0 &&
      strcmp (format, "timeline-png") != 0 && strcmp (format, "timeline-svg") != 0 &&
      strcmp (format, "timeline-pdf") != 0 &&
      strcmp (format, "json") != 0 && strcmp (format, "png") != 0 &&
      strcmp (format, "svg") != 0 && strcmp (format, "pdf") != 0 &&
      strcmp (format, "report") != 0 && strcmp (format, "report-html") != 0 &&
      !evb_cli_is_exchange_format (format))
    return usage_error (_("unknown format “%s”: use json, png, svg, pdf, report, report-html, canvas, "
                          "graphml, stix, csv, matrix-csv, matrix-png, matrix-svg, matrix-pdf, timeline-png, "
                          "timeline-svg or timeline-pdf"), format);
  if (paper != NULL && strcmp (paper, "a4") != 0 && strcmp (paper, "letter") != 0 &&
      strcmp (paper, "a3") != 0 && strcmp (paper, "fit") != 0)
    return usage_error (_("unknown paper “%s”: use a4, letter, a3 or fit"), paper);
  if (orientation != NULL && strcmp (orientation, "portrait") != 0 &&
      strcmp (orientation, "landscape") != 0)
    return usage_error (_("unknown orientation “%s”: use portrait or landscape"), orientation);
  if (filter_text != NULL && strcmp (format, "png") != 0 && strcmp (format, "svg") != 0 &&
      strcmp (format, "pdf") != 0 && strcmp (format, "report") != 0 && strcmp (format, "report-html") != 0 &&
      !g_str_has_prefix (format, "matrix-"))
    return usage_error (_("--filter applies to pictures, reports and the matrix only: png, svg, pdf, report, "
                          "report-html, matrix-csv, matrix-png, matrix-svg or matrix-pdf"));
  if (filter_text != NULL && strcmp (filter_text, "board") != 0)
    {
      filter = evb_filter_new ();
      if (!evb_filter_load (filter, filter_text, &error))
        return usage_error ("--filter: %s", error->message);
    }
  if (lanes != NULL && strcmp (lanes, "type") != 0 && strcmp (lanes, "source") != 0)
    return usage_error (_("unknown lanes “%s”: use type or source"), lanes);
  image_options.scale = scale;
  image_options.paper = paper;
  image_options.orientation = orientation;

  board = open_board (argv[1], &store, &error);
  if (board == NULL)
    return fail (argv[1], error);
  if (g_strcmp0 (filter_text, "board") == 0)
    {
      g_autofree char *saved = evb_store_get_setting (store, "filter", &error);

      filter = evb_filter_new ();
      if (error != NULL || (saved != NULL && !evb_filter_load (filter, saved, &error)))
        return fail (argv[1], error);
    }
  image_options.filter = filter;

  if (!check_export_target (argv[1], argv[2], force, &mode, &error))
    return fail (argv[2], error);
  /* CSV writes its links table beside: checked as the output is. */
  second_path = evb_cli_exchange_second_path (argv[2], format);
  if (second_path != NULL)
    {
      int second_mode = -1;

      if (!check_export_target (argv[1], second_path, force, &second_mode, &error))
        return fail (second_path, error);
    }
  /* Keep the app out while we write, and stay out of a board it has open
   * (which the check above already refuses: the lock says so for a board
   * that the app has not written yet). */
  target = g_file_new_for_commandline_arg (argv[2]);
  lock = evb_board_lock_acquire (target, &error);
  if (lock == NULL && g_error_matches (error, EVB_ERROR, EVB_ERROR_BUSY))
    return fail (argv[2], error);
  g_clear_error (&error);

  /* A replaced file keeps its mode: the new file is created with no more
   * permissions than the old one had (a private 0600 file is never
   * readable by others, not even for a moment), then given the rest. */
  if (mode >= 0)
    old_umask = umask (~mode & 0777);
  if (strcmp (format, "json") == 0)
    ok = evb_json_write_board_file (board, argv[2], &error);
  else if (evb_cli_is_exchange_format (format))
    ok = evb_cli_export_exchange (board, argv[2], format, &error);
  else if (g_str_has_prefix (format, "matrix-"))
    {
      g_autoptr(GHashTable) matches = NULL;
      g_autofree char *filter_description = NULL;
      gboolean filtered = filter != NULL && evb_filter_is_active (filter);

      /* The matrix of competing hypotheses (evb-cli-assess.c): of the
       * filter's matches only, as the app's matrix view shows it. */
      if (filtered)
        {
          matches = evb_cli_find_filter_matches (board, filter, &error);
          filter_description = evb_filter_describe (filter);
        }
      ok = (!filtered || matches != NULL) &&
           evb_cli_export_matrix (board, matches, filter_description, argv[2], format, &error);
    }
  else if (g_str_has_prefix (format, "timeline-"))
    ok = evb_cli_export_timeline (board, argv[2], format, g_strcmp0 (lanes, "source") == 0, &error);
  else
    ok = evb_cli_export_image (board, store, argv[2], format, &image_options, &error);
  if (mode >= 0)
    {
      umask (old_umask);
      if (ok)
        g_chmod (argv[2], mode);
    }
  if (!ok)
    return fail (argv[2], error);
  return EXIT_OK;
}

static int
command_check (int    argc,
               char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *where = NULL;
  GOptionEntry entries[] = { { NULL } };
  GPtrArray *nodes;
  guint checked = 0, missing = 0, changed = 0;
  int status = EXIT_OK;

  if (!parse_options ("check", "BOARD.evboard", entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (_("“check” takes one board file"));

  board = open_board (argv[1], &store, &error);
  if (board == NULL)
    return fail (argv[1], error);
  where = escape_path (argv[1]);

  evb_store_check (store, problems);

  nodes = evb_board_get_nodes (board);
  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *d = evb_node_get_data (g_ptr_array_index (nodes, i));
      g_autoptr(GError) verify_error = NULL;

      /* A file kept in the board was hashed by evb_store_check above,
       * which names the card of a damaged one. */
      if (d->attachment_embedded)
        {
          checked++;
          continue;
        }
      switch (evb_attachment_verify (d, NULL, &verify_error))
        {
        case EVB_ATTACHMENT_NONE:
          break;
        case EVB_ATTACHMENT_OK:
          checked++;
          break;
        case EVB_ATTACHMENT_MISSING:
          /* A file on another machine is no damage to the board. */
          {
            g_autofree char *id = evb_cli_escape_text (d->id);
            g_autofree char *uri = evb_cli_escape_text (d->attachment_uri);

            missing++;
            g_print (_("%s: attachment of “%s” is missing: %s\n"), where, id, uri);
          }
          break;
        case EVB_ATTACHMENT_CHANGED:
        case EVB_ATTACHMENT_UNREADABLE:
        default:
          changed++;
          g_ptr_array_add (problems, g_strdup_printf (_("attachment of “%s” (%s): %s"), d->id,
                                                      d->attachment_uri, verify_error->message));
          break;
        }
    }

  if (problems->len > 0)
    {
      /* Every problem on stdout; the one-line summary on stderr. */
      for (guint i = 0; i < problems->len; i++)
        {
          g_autofree char *problem = evb_cli_escape_text (g_ptr_array_index (problems, i));

          g_print ("%s: %s\n", where, problem);
        }
      g_printerr (ngettext ("%s: %s: %u problem found\n", "%s: %s: %u problems found\n",
                            problems->len),
                  PROGRAM, where, problems->len);
      return EXIT_FAILED;
    }

  {
    guint n_nodes = evb_board_get_n_nodes (board), n_links = evb_board_get_n_links (board);
    g_autofree char *nodes_text = g_strdup_printf (ngettext ("%u node", "%u nodes", n_nodes), n_nodes);
    g_autofree char *links_text = g_strdup_printf (ngettext ("%u link", "%u links", n_links), n_links);
    g_autofree char *verified_text = g_strdup_printf (ngettext ("%u attachment verified",
                                                                "%u attachments verified", checked),
                                                      checked);

    /* Translators: the board, then "2 nodes", "1 link", "1 attachment verified" */
    g_print (_("%s: OK: %s, %s, %s, %u missing\n"), where, nodes_text, links_text, verified_text,
             missing);
  }
  return EXIT_OK;
}

static int
command_assess (int    argc,
                char **argv)
{
  gboolean as_json = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autofree char *text = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print one JSON object"), NULL },
    { NULL }
  };
  int status = EXIT_OK;

  if (!parse_options ("assess", "BOARD.evboard", entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (_("“assess” takes one board file"));

  board = open_board (argv[1], NULL, &error);
  if (board == NULL)
    return fail (argv[1], error);
  text = as_json ? evb_cli_assessment_to_json (board) : evb_cli_assessment_to_text (board);
  g_print ("%s%s", text, as_json ? "\n" : "");
  return EXIT_OK;
}

/* A board changed in place (merge, layout) is refused while the app or
 * another command has it open: the app would write its own copy back over
 * ours. The lock keeps them out while we write. */
static EvbBoard *
open_board_in_place (const char    *path,
                     EvbBoardLock **lock,
                     EvbStore     **store,
                     GError       **error)
{
  g_autoptr(GFile) target = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) lock_error = NULL;

  *lock = evb_board_lock_acquire (target, &lock_error);
  if (*lock == NULL && g_error_matches (lock_error, EVB_ERROR, EVB_ERROR_BUSY))
    {
      g_propagate_error (error, g_steal_pointer (&lock_error));
      return NULL;
    }
  /* No folder for locks (a read-only home): then no app holds one either. */
  *store = evb_store_open (path, EVB_STORE_FLAGS_NONE, error);
  if (*store == NULL)
    return NULL;
  return evb_store_load (*store, error);
}

/* The board to merge from: another board file (then *store_out is its
 * store, for the files kept in it), or a document import reads. */
static EvbBoard *
open_other (const char  *path,
            EvbStore   **store_out,
            GError     **error)
{
  g_autoptr(GBytes) input = NULL;
  const char *contents;
  gsize length = 0;
  EvbBoard *board = NULL;
  gboolean is_board;
  int fd;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  is_board = fd >= 0 && is_board_file (fd);
  if (fd >= 0)
    close (fd);
  if (is_board)
    return open_board (path, store_out, error);

  input = evb_cli_read_input (path, error);
  if (input == NULL)
    return NULL;
  contents = g_bytes_get_data (input, &length);
  if (!evb_cli_import_exchange (path, contents, length, &board, error))
    board = evb_json_read_board (contents, length, error);
  if (input_changed (error))
    g_clear_object (&board);
  return board;
}

static int
command_merge (int    argc,
               char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoard) other = NULL;
  g_autoptr(EvbStore) other_store = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoardLock) lock = NULL;
  g_autoptr(EvbMergeReport) report = NULL;
  g_autofree char *where = NULL;
  GOptionEntry entries[] = { { NULL } };
  int status = EXIT_OK;

  if (!parse_options ("merge", "BOARD.evboard OTHER", entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return usage_error (_("“merge” takes a board file and the board or JSON file to merge into it"));

  other = open_other (argv[2], &other_store, &error);
  if (other == NULL)
    return fail (argv[2], error);

  board = open_board_in_place (argv[1], &lock, &store, &error);
  if (board == NULL)
    return fail (argv[1], error);
  /* The files kept in the other board first, so that its cards find them;
   * any the merge leaves unused are reclaimed below. */
  if (other_store != NULL && !evb_store_import_blobs (store, other_store, NULL, &error))
    return fail (argv[1], error);
  /* One transaction: the whole merge reaches the file, or none of it. */
  if (!evb_editing_merge (board, other, &report, &error) ||
      evb_store_reclaim_blobs (store, &error) < 0)
    return fail (argv[1], error);
  g_clear_object (&board);
  evb_store_close (store);

  where = escape_path (argv[1]);
  for (guint i = 0; i < report->conflicts->len; i++)
    {
      g_autofree char *line = evb_cli_escape_text (g_ptr_array_index (report->conflicts, i));

      g_print (_("%s: conflict: %s\n"), where, line);
    }
  for (guint i = 0; i < report->one_sided->len; i++)
    {
      g_autofree char *line = evb_cli_escape_text (g_ptr_array_index (report->one_sided, i));

      g_print ("%s: %s\n", where, line);
    }
  g_print (_("%s: merged: %u cards added, %u cards updated, %u links added, "
             "%u groups added, %u groups updated, %u conflicts\n"),
           where, report->nodes_added, report->nodes_updated, report->links_added,
           report->groups_added, report->groups_updated, report->conflicts->len);
  return EXIT_OK;
}

/* Lays the board out in place: one undo step, so one SQLite transaction,
 * and refused while the app has the board open (it would write its own
 * copy back over the new places). */
static int
command_layout (int    argc,
                char **argv)
{
  g_autofree char *method_name = NULL;
  g_autofree char *selection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoardLock) lock = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  EvbLayoutMethod method = EVB_LAYOUT_LAYERED;
  GOptionEntry entries[] = {
    { "method", 'm', 0, G_OPTION_ARG_STRING, &method_name,
      N_("How to lay the cards out: layered (claims above their evidence) or force"),
      N_("METHOD") },
    { "selection", 's', 0, G_OPTION_ARG_STRING, &selection,
      N_("Lay out only these cards, the others stay"), N_("ID,…") },
    { NULL }
  };
  int status = EXIT_OK;

  if (!parse_options ("layout", "BOARD.evboard", entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (_("“layout” takes one board file"));
  if (method_name != NULL && !evb_layout_method_from_string (method_name, &method))
    return usage_error (_("unknown layout method “%s”: use layered or force"), method_name);

  board = open_board_in_place (argv[1], &lock, &store, &error);
  if (board == NULL)
    return fail (argv[1], error);

  if (selection != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (selection, ",", -1);

      ids = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_strstrip (parts[i]);
          if (parts[i][0] == '\0')
            continue;
          if (evb_board_get_node (board, parts[i]) == NULL)
            {
              g_set_error (&error, EVB_ERROR, EVB_ERROR_NOT_FOUND,
                           _("--selection: there is no card with id “%s”"), parts[i]);
              return fail (argv[1], error);
            }
          g_ptr_array_add (ids, g_strdup (parts[i]));
        }
    }

  if (!evb_editing_layout (board, method, ids, &error))
    return fail (argv[1], error);
  evb_store_close (store);
  return EXIT_OK;
}

/* Attaches a file to an evidence card in place, kept in the board unless
 * --reference: one undo step, and refused while the app has the board open
 * (it would write its own copy back over ours). */
static int
command_attach (int    argc,
                char **argv)
{
  gboolean reference = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoardLock) lock = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;
  GOptionEntry entries[] = {
    { "reference", 'r', 0, G_OPTION_ARG_NONE, &reference,
      N_("Record only where the file is and its SHA-256; do not keep a copy in the board"),
      NULL },
    { NULL }
  };
  int status = EXIT_OK;

  if (!parse_options ("attach", "BOARD.evboard NODE-ID FILE", entries, &argc, &argv, &status))
    return status;
  if (argc != 4)
    return usage_error (_("“attach” takes a board file, a card id and the file to attach"));

  if (!g_file_test (argv[3], G_FILE_TEST_EXISTS))
    {
      g_set_error (&error, EVB_ERROR, EVB_ERROR_NOT_FOUND, _("there is no such file"));
      return fail (argv[3], error);
    }
  board = open_board_in_place (argv[1], &lock, &store, &error);
  if (board == NULL)
    return fail (argv[1], error);
  if (!evb_cli_attach_file (board, store, argv[2], argv[3], reference, &error))
    /* Reading the file fails with GIO's errors, the board with ours. */
    return fail (error->domain == EVB_ERROR ? argv[1] : argv[3], error);
  g_clear_object (&board);
  evb_store_close (store);
  return EXIT_OK;
}

/* Writes the file kept in the board for a card, whole or not at all, after
 * its SHA-256 was verified. */
static int
command_extract (int    argc,
                 char **argv)
{
  gboolean force = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;
  GOptionEntry entries[] = {
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force, N_("Replace OUTPUT if it exists"), NULL },
    { NULL }
  };
  int status = EXIT_OK;
  int mode;

  if (!parse_options ("extract", "BOARD.evboard NODE-ID OUTPUT", entries, &argc, &argv, &status))
    return status;
  if (argc != 4)
    return usage_error (_("“extract” takes a board file, a card id and an output file"));

  board = open_board (argv[1], &store, &error);
  if (board == NULL)
    return fail (argv[1], error);
  if (!check_export_target (argv[1], argv[3], force, &mode, &error))
    return fail (argv[3], error);
  if (!evb_cli_extract_file (board, store, argv[2], argv[3], &error))
    /* Writing fails with I/O errors; a missing card or file, or a damaged
     * one, is the board's. */
    return fail (error->domain == EVB_ERROR && error->code != EVB_ERROR_IO ? argv[1] : argv[3],
                 error);
  return EXIT_OK;
}

int
main (int   argc,
      char *argv[])
{
  const char *command;

  evb_store_init_library ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    return usage_error (_("no command given"));

  command = argv[1];
  if (strcmp (command, "--help") == 0 || strcmp (command, "-h") == 0 ||
      strcmp (command, "help") == 0)
    {
      g_print ("%s", _(usage_text));
      return EXIT_OK;
    }
  if (strcmp (command, "--version") == 0)
    {
      g_print ("%s %s\n", PROGRAM, PACKAGE_VERSION);
      return EXIT_OK;
    }

  /* Each command sees its own name as argv[0]. */
  argc--;
  argv++;
  if (strcmp (command, "new") == 0)
    return command_new (argc, argv);
  if (strcmp (command, "info") == 0)
    return command_info (argc, argv);
  if (strcmp (command, "import") == 0)
    return command_import (argc, argv);
  if (strcmp (command, "export") == 0)
    return command_export (argc, argv);
  if (strcmp (command, "check") == 0)
    return command_check (argc, argv);
  if (strcmp (command, "assess") == 0)
    return command_assess (argc, argv);
  if (strcmp (command, "merge") == 0)
    return command_merge (argc, argv);
  if (strcmp (command, "layout") == 0)
    return command_layout (argc, argv);
  if (strcmp (command, "attach") == 0)
    return command_attach (argc, argv);
  if (strcmp (command, "extract") == 0)
    return command_extract (argc, argv);

  return usage_error (_("unknown command “%s”"), command);
}
