/* evb-tidy-up.c: Tidy Up with the cards gliding to their places
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layout is computed at once (evb-layout.c); then, on the frame clock
 * of the widget that draws the board, every card is moved a little further
 * each frame inside one open transaction (evb_editing_glide_*), so the
 * renderer draws the cards on their way and the whole glide is one undo
 * step. Without animations (the gtk-enable-animations setting), on a
 * widget that is not on screen (no frames would come) and when more cards
 * move than can be redrawn smoothly, the cards go straight to their places.
 */

#include "config.h"

#include <math.h>

#include "evb-tidy-up.h"

/* How long the cards glide, in microseconds. */
#define GLIDE_DURATION 250000
/* Above this many cards moving, each frame would take too long. */
#define GLIDE_MAX_CARDS 500

typedef struct
{
  GtkWidget          *widget;
  EvbEditingGlide    *glide;
  EvbTidyUpErrorFunc  error_func;
  gint64              start;
  guint               tick_id;
} TidyUp;

static const char tidy_up_key[] = "evb-tidy-up";

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  TidyUp *self = user_data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  g_autoptr(GError) error = NULL;
  double progress;

  if (self->start == 0)
    self->start = now;
  progress = (double) (now - self->start) / GLIDE_DURATION;
  if (progress >= 1)
    return G_SOURCE_REMOVE;  /* the end is in tick_destroy() */

  /* Fast first, slowing down into place. */
  if (!evb_editing_glide_update (self->glide, 1 - pow (1 - progress, 3), &error))
    return G_SOURCE_REMOVE;
  return G_SOURCE_CONTINUE;
}

/* However the glide stops (its end, finished early, the widget gone), the
 * cards go to their places and the step is committed. */
static void
tick_destroy (gpointer user_data)
{
  TidyUp *self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_object_get_data (G_OBJECT (self->widget), tidy_up_key) == self)
    g_object_set_data (G_OBJECT (self->widget), tidy_up_key, NULL);
  if (!evb_editing_glide_end (g_steal_pointer (&self->glide), &error) && self->error_func != NULL)
    self->error_func (self->widget, error);
  g_free (self);
}

void
evb_tidy_up_finish (GtkWidget *widget)
{
  TidyUp *self;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  self = g_object_get_data (G_OBJECT (widget), tidy_up_key);
  if (self != NULL)
    gtk_widget_remove_tick_callback (widget, self->tick_id);
}

/**
 * evb_tidy_up_start:
 * @widget: the widget that draws @board
 * @board: the board
 * @method: how to lay the cards out
 * @ids: (element-type utf8) (nullable): the cards to lay out, or %NULL for
 *   the whole board
 * @error_func: (nullable): told if the glide cannot be committed at its end
 * @error: return location for an error
 *
 * Lays the cards out in one undo step "Tidy Up", the cards gliding to
 * their places where animations are on. A glide already running ends
 * first.
 *
 * Returns: %FALSE with @error set when the layout failed.
 */
gboolean
evb_tidy_up_start (GtkWidget           *widget,
                   EvbBoard            *board,
                   EvbLayoutMethod      method,
                   GPtrArray           *ids,
                   EvbTidyUpErrorFunc   error_func,
                   GError             **error)
{
  g_autoptr(GArray) positions = NULL;
  EvbEditingGlide *glide;
  gboolean animate = FALSE;
  TidyUp *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  evb_tidy_up_finish (widget);

  positions = evb_layout_compute (board, method, ids, error);
  if (positions == NULL)
    return FALSE;
  glide = evb_editing_glide_begin (board, positions);

  g_object_get (gtk_widget_get_settings (widget), "gtk-enable-animations", &animate, NULL);
  if (!animate || !gtk_widget_get_mapped (widget) ||
      evb_editing_glide_get_n_cards (glide) == 0 ||
      evb_editing_glide_get_n_cards (glide) > GLIDE_MAX_CARDS)
    return evb_editing_glide_end (glide, error);

  self = g_new0 (TidyUp, 1);
  self->widget = widget;
  self->glide = glide;
  self->error_func = error_func;
  self->tick_id = gtk_widget_add_tick_callback (widget, tick_cb, self, tick_destroy);
  g_object_set_data (G_OBJECT (widget), tidy_up_key, self);
  return TRUE;
}
