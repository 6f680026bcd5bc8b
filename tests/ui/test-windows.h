/* test-windows.h: a window of the app for a UI test, and what it holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include "evb-json.h"
#include "evb-store.h"
#include "evb-window.h"
#include "test-screens.h"
#include "test-wait.h"

/* Closes window and waits until it is gone and the main loop is idle. */
static inline void
close_window (EvbWindow *window)
{
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_until (window_is_gone, window, TIMEOUT_MS));
  settle ();
}

/* A child of the window's template, by its id. */
static inline GtkWidget *
window_child (EvbWindow  *window,
              const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), EVB_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* The board file in a window of that size, drawn once; *document_out gets
 * its document (transfer full). */
static inline EvbWindow *
open_file_window (GFile        *file,
                  int           width,
                  int           height,
                  EvbDocument **document_out)
{
  g_autoptr(GError) error = NULL;
  EvbDocument *document = evb_document_open (file, &error);
  EvbWindow *window;

  g_assert_no_error (error);
  window = evb_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  evb_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));
  wait_drawn (GTK_WIDGET (window));
  *document_out = document;
  return window;
}

/* A board of its own in the test's home, from JSON, in a window of that
 * size, drawn once. */
static inline EvbWindow *
open_board_window (const char   *json,
                   int           width,
                   int           height,
                   EvbDocument **document_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_home_dir (), "test.evboard", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(EvbBoard) loaded = evb_json_read_board (json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
  g_assert_true (evb_store_write_new (loaded, path, TRUE, &error));
  g_assert_no_error (error);
  return open_file_window (file, width, height, document_out);
}
