/* evb-cli.c: evidence-board-cli, the command-line tool of DESIGN.md
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

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "evb-attachment.h"
#include "evb-document.h"
#include "evb-error.h"
#include "evb-json.h"
#include "evb-store.h"
#include "evb-cli-assess.h"
#include "evb-cli-image.h"

#define PROGRAM "evidence-board-cli"

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

static const char *usage_text =
  N_("Usage:\n"
     "  evidence-board-cli new BOARD.evboard [--title TEXT]\n"
     "  evidence-board-cli info BOARD.evboard [--json]\n"
     "  evidence-board-cli import INPUT.json BOARD.evboard [--force]\n"
     "  evidence-board-cli export BOARD.evboard OUTPUT [--format json|png|svg|pdf] [--scale N]\n"
     "  evidence-board-cli check BOARD.evboard\n"
     "  evidence-board-cli assess BOARD.evboard [--json]\n");

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

/* One line: the place, then the problem. Multi-line messages are folded so
 * that scripts can rely on a single line. */
static int
fail (const char   *place,
      const GError *error)
{
  g_autofree char *message = g_strdup (error->message);

  g_strdelimit (message, "\n\r", ' ');
  g_printerr ("%s: %s: %s\n", PROGRAM, place, message);
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
      g_autofree char *base = g_path_get_basename (argv[1]);
      char *dot = strrchr (base, '.');
      if (dot != NULL && dot != base)
        *dot = '\0';
      title = g_steal_pointer (&base);
    }

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
      g_print (_("Title: %s\n"), evb_board_get_title (board));
      if (evb_board_get_description (board) != NULL)
        g_print (_("Description: %s\n"), evb_board_get_description (board));
      g_print (_("Created: %s\n"), evb_board_get_created (board));
      g_print (_("Modified: %s\n"), evb_board_get_modified (board));
      g_print (_("Nodes: %u (%u claims, %u evidence)\n"), c.nodes, c.claims, c.evidence);
      g_print (_("Links: %u (%u supports, %u refutes)\n"), c.links, c.supports, c.refutes);
      g_print (_("Attachments: %u\n"), c.attachments);
      g_print (_("Board format: %d\n"), evb_store_get_schema_version (store));
    }

  return EXIT_OK;
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
  GOptionEntry entries[] = {
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force, N_("Replace BOARD if it exists"), NULL },
    { NULL }
  };
  int status = EXIT_OK;

  if (!parse_options ("import", "INPUT.json BOARD.evboard", entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return usage_error (_("“import” takes a JSON file and a board file"));

  board = evb_json_read_board_file (argv[1], &error);
  if (board == NULL)
    return fail (argv[1], error);
  /* A board open in the app would be written back over the import a
   * second later: refuse instead, and keep the app out meanwhile. */
  target = g_file_new_for_commandline_arg (argv[2]);
  lock = evb_board_lock_acquire (target, &error);
  if (lock == NULL && g_error_matches (error, EVB_ERROR, EVB_ERROR_BUSY))
    return fail (argv[2], error);
  /* No folder for locks (a read-only home): then no app holds one either. */
  g_clear_error (&error);
  if (!evb_store_write_new (board, argv[2], force, &error))
    return fail (argv[2], error);
  return EXIT_OK;
}

static int
command_export (int    argc,
                char **argv)
{
  g_autofree char *format = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(EvbStore) store = NULL;
  double scale = 1.0;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("json, png, svg or pdf (default: from OUTPUT)"), N_("FORMAT") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale, N_("Scale of images (default: 1)"), N_("N") },
    { NULL }
  };
  int status = EXIT_OK;

  if (!parse_options ("export", "BOARD.evboard OUTPUT", entries, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return usage_error (_("“export” takes a board file and an output file"));
  if (!isfinite (scale) || scale <= 0 || scale > 100)
    return usage_error (_("--scale must be a number above 0 and at most 100"));

  if (format == NULL)
    {
      const char *dot = strrchr (argv[2], '.');

      if (dot == NULL || strchr (dot, '/') != NULL)
        return usage_error (_("cannot tell the format of “%s”; use --format"), argv[2]);
      format = g_ascii_strdown (dot + 1, -1);
    }
  /* The matrix of competing hypotheses (evb-cli-assess.c). */
  if (g_str_has_prefix (format, "matrix-"))
    {
      board = open_board (argv[1], &store, &error);
      if (board == NULL)
        return fail (argv[1], error);
      if (!evb_cli_export_matrix (board, argv[2], format, &error))
        return fail (argv[2], error);
      return EXIT_OK;
    }
  if (strcmp (format, "json") != 0 && strcmp (format, "png") != 0 &&
      strcmp (format, "svg") != 0 && strcmp (format, "pdf") != 0)
    return usage_error (_("unknown format “%s”: use json, png, svg or pdf"), format);

  board = open_board (argv[1], &store, &error);
  if (board == NULL)
    return fail (argv[1], error);

  if (strcmp (format, "json") == 0)
    {
      if (!evb_json_write_board_file (board, argv[2], &error))
        return fail (argv[2], error);
      return EXIT_OK;
    }

  if (!evb_cli_export_image (board, store, argv[2], format, scale, &error))
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

  evb_store_check (store, problems);

  nodes = evb_board_get_nodes (board);
  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *d = evb_node_get_data (g_ptr_array_index (nodes, i));
      g_autoptr(GError) verify_error = NULL;

      switch (evb_attachment_verify (d, NULL, &verify_error))
        {
        case EVB_ATTACHMENT_NONE:
          break;
        case EVB_ATTACHMENT_OK:
          checked++;
          break;
        case EVB_ATTACHMENT_MISSING:
          /* A file on another machine is no damage to the board. */
          missing++;
          g_print (_("%s: attachment of “%s” is missing: %s\n"), argv[1], d->id, d->attachment_uri);
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
        g_print ("%s: %s\n", argv[1], (const char *) g_ptr_array_index (problems, i));
      g_printerr (ngettext ("%s: %s: %u problem found\n", "%s: %s: %u problems found\n",
                            problems->len),
                  PROGRAM, argv[1], problems->len);
      return EXIT_FAILED;
    }

  g_print (_("%s: OK: %u nodes, %u links, %u attachments verified, %u missing\n"), argv[1],
           evb_board_get_n_nodes (board), evb_board_get_n_links (board), checked, missing);
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

int
main (int   argc,
      char *argv[])
{
  const char *command;

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

  return usage_error (_("unknown command “%s”"), command);
}
