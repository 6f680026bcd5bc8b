/* test-narrow.h: making a test's window narrow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "test-wait.h"

static inline int
test_minimum_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* The header bar drops buttons only once the inspector no longer fits
 * beside the canvas, and a window stays as wide as it was when it could
 * not shrink further: so the width is asked for twice, the second time
 * once the window can be that narrow (a default size equal to the one set
 * would change nothing). */
static inline void
test_make_narrow (GtkWindow *window,
                  int        width,
                  int        height)
{
  gtk_window_set_default_size (window, width, height);
  WAIT_FOR (test_minimum_width (GTK_WIDGET (window)) < width);
  gtk_window_set_default_size (window, width - 1, height);
  WAIT_FOR (gtk_widget_get_width (GTK_WIDGET (window)) <= width + 20);
}
