/* render-look.c: exports a board in every palette and scale, for people to look at
 *
 * Usage: render-look OUTDIR [BOARD.json]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "evb-export.h"
#include "evb-json.h"
#include "render-test-board.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(GError) error = NULL;
  static const struct { const char *name; EvbExportBackground bg; double scale; gboolean legend; EvbExportFormat format; } outputs[] = {
    { "light-1x.png", EVB_EXPORT_BACKGROUND_LIGHT, 1, TRUE, EVB_EXPORT_PNG },
    { "light-2x.png", EVB_EXPORT_BACKGROUND_LIGHT, 2, FALSE, EVB_EXPORT_PNG },
    { "dark-1x.png", EVB_EXPORT_BACKGROUND_DARK, 1, TRUE, EVB_EXPORT_PNG },
    { "dark-2x.png", EVB_EXPORT_BACKGROUND_DARK, 2, FALSE, EVB_EXPORT_PNG },
    { "transparent-1x.png", EVB_EXPORT_BACKGROUND_TRANSPARENT, 1, FALSE, EVB_EXPORT_PNG },
    { "light.svg", EVB_EXPORT_BACKGROUND_LIGHT, 1, TRUE, EVB_EXPORT_SVG },
    { "light.pdf", EVB_EXPORT_BACKGROUND_LIGHT, 1, TRUE, EVB_EXPORT_PDF },
  };

  if (argc < 2)
    {
      g_printerr ("Usage: render-look OUTDIR [BOARD.json]\n");
      return 2;
    }
  if (argc > 2)
    board = evb_json_read_board_file (argv[2], &error);
  else
    board = render_test_board_new ();
  if (board == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autofree char *path = g_build_filename (argv[1], outputs[i].name, NULL);
      EvbExportOptions options;

      evb_export_options_init (&options);
      options.scale = outputs[i].scale;
      options.background = outputs[i].bg;
      options.legend = outputs[i].legend;
      if (!evb_export_to_file (board, path, outputs[i].format, &options, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print ("%s\n", path);
    }
  return 0;
}
