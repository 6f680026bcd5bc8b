/* evb-canvas-debug.c: the canvas's measuring and test hooks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing here runs unless an environment variable asks for it:
 *
 * - EVB_PERF_RUN=SECONDS (issue 7; tests/bench/run-window-frames and the
 *   window-frames test): print the time from the process start to the
 *   first frame of the board, then, once the board has been drawn at rest,
 *   sweep the view over the board for that long, print the frame times the GdkFrameClock saw (and where the view
 *   was when the first few late frames came) and quit. The
 *   scripts parse the "evb-perf:" lines: keep their wording.
 * - EVB_DEBUG_GEOMETRY (tests/ui/test-input.py): print where the canvas is
 *   in its window and its view whenever the view changes, so that a test
 *   driving real input knows where on screen a card is.
 *
 * They live apart from the widget so that the canvas reads as what it
 * does for a person, and the hooks can change without touching it.
 */

#include "config.h"

#include <math.h>

#include "evb-canvas-private.h"

gint64 evb_canvas_process_start;

/* Late frames a sweep names, at most. */
#define MAX_LATE_REPORTS 10

typedef struct
{
  EvbCanvas *canvas;
  gint64     start;
  gint64     last;
  double     seconds;
  GArray    *frames;
  guint      n_late;
  double     fit_zoom;
  double     cx;
  double     cy;
} PerfRun;

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static gboolean
perf_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  PerfRun *run = user_data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double t, zoom, width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  /* The sweep starts once the board has been drawn at rest, as a person
   * sees it before they pan: the first drawing of a whole view is not a
   * frame of the sweep. */
  if (run->start == 0 && !evb_canvas_is_exact (run->canvas))
    return G_SOURCE_CONTINUE;
  if (run->start == 0)
    run->start = now;
  else
    {
      double ms = (now - run->last) / 1000.0;
      gint64 interval = 0;

      g_array_append_val (run->frames, ms);

      /* Where the sweep was when a frame came late: the first few. */
      gdk_frame_clock_get_refresh_info (clock, now, &interval, NULL);
      if (interval > 0 && ms > 1.5 * interval / 1000.0 && run->n_late++ < MAX_LATE_REPORTS)
        g_print ("evb-perf: late frame at %.2f s, %.1f ms, zoom %.3f\n",
                 (now - run->start) / 1e6, ms, evb_viewport_get_zoom (evb_canvas_get_viewport (run->canvas)));
    }
  run->last = now;

  t = (now - run->start) / 1e6;
  if (t >= run->seconds)
    {
      double total = 0, worst = 0, p95;
      guint n = run->frames->len;

      for (guint i = 0; i < n; i++)
        {
          total += g_array_index (run->frames, double, i);
          worst = MAX (worst, g_array_index (run->frames, double, i));
        }
      g_array_sort (run->frames, compare_double);
      p95 = n > 0 ? g_array_index (run->frames, double, (guint) (n * 0.95)) : 0;
      g_print ("evb-perf: %u frames in %.2f s: %.1f frames per second, median %.1f ms, "
               "95th percentile %.1f ms, worst %.1f ms\n",
               n, total / 1000, n / (total / 1000),
               n > 0 ? g_array_index (run->frames, double, n / 2) : 0, p95, worst);
      g_array_unref (run->frames);
      g_free (run);
      g_application_quit (g_application_get_default ());
      return G_SOURCE_REMOVE;
    }

  /* Zoom from the whole board to 100 % and back while circling its centre. */
  zoom = exp (log (run->fit_zoom) + (log (1.0) - log (run->fit_zoom)) * (0.5 - 0.5 * cos (t * 1.3)));
  evb_viewport_set (evb_canvas_get_viewport (run->canvas),
                    run->cx + 400 * cos (t) - width / 2 / zoom,
                    run->cy + 300 * sin (t) - height / 2 / zoom, zoom);
  return G_SOURCE_CONTINUE;
}

void
evb_canvas_start_perf_run (EvbCanvas *self,
                           double     seconds)
{
  EvbBoard *board;
  PerfRun *run;
  double x, y, w, h;

  g_return_if_fail (EVB_IS_CANVAS (self));

  board = evb_canvas_get_board (self);
  if (board == NULL || !evb_board_get_extents (board, &x, &y, &w, &h))
    return;

  run = g_new0 (PerfRun, 1);
  run->canvas = self;
  run->seconds = seconds;
  run->frames = g_array_new (FALSE, FALSE, sizeof (double));
  run->fit_zoom = CLAMP (MIN (gtk_widget_get_width (GTK_WIDGET (self)) / w,
                              gtk_widget_get_height (GTK_WIDGET (self)) / h),
                         EVB_VIEWPORT_MIN_ZOOM, 1.0);
  run->cx = x + w / 2;
  run->cy = y + h / 2;
  gtk_widget_add_tick_callback (GTK_WIDGET (self), perf_tick_cb, run, NULL);
}

gboolean
_evb_canvas_debug_first_frame (void)
{
  if (g_getenv ("EVB_PERF_RUN") == NULL)
    return FALSE;
  g_print ("evb-perf: first frame of the board %.0f ms after the process started\n",
           (g_get_monotonic_time () - evb_canvas_process_start) / 1000.0);
  return TRUE;
}

void
_evb_canvas_debug_board_fitted (EvbCanvas *self)
{
  const char *perf = g_getenv ("EVB_PERF_RUN");

  if (perf != NULL)
    evb_canvas_start_perf_run (self, g_ascii_strtod (perf, NULL));
}

/* For tests that drive the canvas with real input (tests/ui/test-input.py):
 * where the canvas is in its window, and its view. */
void
_evb_canvas_debug_viewport_changed (EvbCanvas *self)
{
  EvbViewport *viewport = evb_canvas_get_viewport (self);
  graphene_point_t origin;
  GtkNative *native;
  double nx = 0, ny = 0;

  if (g_getenv ("EVB_DEBUG_GEOMETRY") == NULL)
    return;

  native = gtk_widget_get_native (GTK_WIDGET (self));
  if (native == NULL ||
      !gtk_widget_compute_point (GTK_WIDGET (self), GTK_WIDGET (native),
                                 &GRAPHENE_POINT_INIT (0, 0), &origin))
    return;
  gtk_native_get_surface_transform (native, &nx, &ny);
  g_printerr ("evb-geometry: canvas %.1f %.1f view %.3f %.3f zoom %.5f\n",
              origin.x + nx, origin.y + ny, evb_viewport_get_origin_x (viewport),
              evb_viewport_get_origin_y (viewport), evb_viewport_get_zoom (viewport));
}
