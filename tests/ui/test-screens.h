/* test-screens.h: waiting for a window to be drawn, and its screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One copy for every UI test: the waits are for conditions, never for a
 * time (test-wait.h), and a screenshot is taken only once the canvas rests
 * on exact tiles and the window has a drawing to take.
 */

#pragma once

#include <gtk/gtk.h>

#include "evb-canvas.h"
#include "evb-window.h"
#include "test-wait.h"

static inline gboolean
nothing_pending (gpointer data)
{
  return !g_main_context_pending (NULL);
}

/* Until the main context has nothing left to dispatch: the idles that
 * follow a change. A relayout waits for the next frame: wait_drawn(). */
static inline void
settle (void)
{
  g_assert_true (wait_until (nothing_pending, NULL, TIMEOUT_MS));
}

static inline gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

/* Until widget has been laid out and drawn again after a change: two
 * frames of its clock, so one whole frame (a relayout, say a search bar
 * that appeared and shortened the canvas) ran after the change. */
static inline void
wait_drawn (GtkWidget *widget)
{
  guint frames = 0;
  guint id;

  WAIT_FOR (gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0);
  id = gtk_widget_add_tick_callback (widget, count_frame_cb, &frames, NULL);
  gtk_widget_queue_draw (widget);
  WAIT_FOR (frames >= 2);
  gtk_widget_remove_tick_callback (widget, id);
  settle ();
}

static inline gboolean
window_is_gone (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (window == data)
        return FALSE;
    }
  return TRUE;
}

/* Draws the window as it is now into a texture, saved as name in
 * EVB_SCREENSHOT_DIR (this test's home without it), and returns it. */
static inline GdkTexture *
take_screenshot (GtkWidget  *window,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  const char *dir = g_getenv ("EVB_SCREENSHOT_DIR");
  g_autofree char *path = g_build_filename (dir ? dir : g_get_home_dir (), name, NULL);
  graphene_rect_t bounds;
  int width, height;

  /* On a loaded machine the window may not be mapped and drawn yet. */
  wait_drawn (window);
  /* Without a GPU the canvas draws from tiles: exact once the view rests. */
  if (EVB_IS_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (evb_window_get_canvas (EVB_WINDOW (window)))))
    {
      WAIT_FOR (evb_canvas_is_exact (evb_window_get_canvas (EVB_WINDOW (window))));
      /* The frame that made it exact may have queued another (a tile
       * finished, a toast moved): until that is drawn the window has no
       * picture to take. */
      wait_drawn (window);
    }
  /* The window's picture as it is now, after that frame, at its own size
   * (the window's area and its shadow) and then cut to the window: scaled
   * to the window's size, pictures in it would come out blurred. */
  paintable = gtk_widget_paintable_new (window);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  g_assert_true (gtk_widget_compute_bounds (window, window, &bounds));
  /* The paintable holds the window's last drawing, which a redraw queued
   * since (a progress bar's pulse, a spinner) throws away: then it has
   * none until the next frame, so take the picture again after it. */
  for (guint tries = 0; node == NULL && tries < 20; tries++)
    {
      if (tries > 0)
        {
          wait_drawn (window);
          snapshot = gtk_snapshot_new ();
        }
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), bounds.size.width, bounds.size.height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (-bounds.origin.x, -bounds.origin.y, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  return g_steal_pointer (&texture);
}

static inline void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  g_autoptr(GdkTexture) texture = take_screenshot (window, name);
}
