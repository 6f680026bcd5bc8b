/* main.c: evidence-board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "evb-application.h"
#include "evb-canvas.h"
#include "evb-store.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EvbApplication) app = NULL;

  evb_canvas_process_start = g_get_monotonic_time ();
  evb_store_init_library ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Evidence Board"));
  app = evb_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
