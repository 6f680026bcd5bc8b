/* evb-cli-progress.c: a progress bar on the terminal for long commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Work that ends within a second shows nothing: a bar that flashes by is
 * noise. After that, one line on stderr, "Importing… [#####     ] 42 %",
 * redrawn in place when a whole percent more is done, and cleared at the
 * end. Only on a terminal: anything else reading stderr (a script, a log)
 * gets the one error line of a failure and nothing more.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "evb-cli-progress.h"

/* Shown only for work that takes longer than this. The tests set
 * EVB_CLI_PROGRESS_AFTER_MS to see the bar of quick work too. */
#define SHOW_AFTER_USEC G_USEC_PER_SEC
#define BAR_WIDTH       30

struct _EvbCliProgress
{
  char    *label;
  gint64   start;
  gint64   show_after;
  int      percent;  /* what the bar shows; -1 before it is shown */
  gboolean shown;
};

EvbCliProgress *
evb_cli_progress_new (const char *label)
{
  EvbCliProgress *self;

  g_return_val_if_fail (label != NULL, NULL);

  if (!isatty (STDERR_FILENO))
    return NULL;
  self = g_new0 (EvbCliProgress, 1);
  self->label = g_strdup (label);
  self->start = g_get_monotonic_time ();
  self->show_after = SHOW_AFTER_USEC;
  if (g_getenv ("EVB_CLI_PROGRESS_AFTER_MS") != NULL)
    self->show_after = g_ascii_strtoll (g_getenv ("EVB_CLI_PROGRESS_AFTER_MS"), NULL, 10) * 1000;
  self->percent = -1;
  return self;
}

void
evb_cli_progress_update (double   fraction,
                         gpointer progress)
{
  EvbCliProgress *self = progress;
  char bar[BAR_WIDTH + 1];
  int percent, filled;

  if (self == NULL)
    return;
  percent = (int) floor (CLAMP (fraction, 0, 1) * 100);
  if (percent == self->percent)
    return;
  if (!self->shown && g_get_monotonic_time () - self->start < self->show_after)
    return;

  self->shown = TRUE;
  self->percent = percent;
  filled = percent * BAR_WIDTH / 100;
  for (int i = 0; i < BAR_WIDTH; i++)
    bar[i] = i < filled ? '#' : ' ';
  bar[BAR_WIDTH] = '\0';
  g_printerr ("\r");
  /* Translators: a progress bar on the terminal: "Importing… [#####     ]  42 %" */
  g_printerr (_("%s [%s] %3d %%"), self->label, bar, percent);
  fflush (stderr);
}

void
evb_cli_progress_free (EvbCliProgress *self)
{
  if (self == NULL)
    return;
  if (self->shown)
    {
      g_printerr ("\r\033[K");
      fflush (stderr);
    }
  g_free (self->label);
  g_free (self);
}
