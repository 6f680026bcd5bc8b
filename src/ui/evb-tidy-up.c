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
 *
 * A layout can put cards where the view does not reach, so the view goes
 * to the result before the cards start to glide, and the person watches
 * them arrive: the whole board tidied is shown as Zoom to Fit shows it
 * (the layout changed everything, and the person wants to see all of it),
 * unless every card already lands in view; a selection tidied changes the
 * view as little as it can (evb_viewport_reveal()), so a person zoomed in
 * on the cards they tidied stays at their zoom, the cards in view. The
 * view jumps rather than glides because every other view change of the
 * canvas (Zoom to Fit, Find) jumps too.
 */

#include "config.h"

#include <math.h>

#include "evb-canvas.h"
#include "evb-tidy-up.h"

/* Between the cards and the edge of the view, in pixels, as Zoom to Fit. */
#define VIEW_MARGIN 32
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

/* Moves the canvas's view to where the laid-out cards will be (see the
 * top of this file). */
static void
add_to_bounds (double  x,
               double  y,
               double  w,
               double  h,
               double *bounds)
{
  bounds[0] = MIN (bounds[0], x);
  bounds[1] = MIN (bounds[1], y);
  bounds[2] = MAX (bounds[2], x + w);
  bounds[3] = MAX (bounds[3], y + h);
}

/* Moves the canvas's view to where the laid-out cards will be (see the
 * top of this file); the whole board's cards that stay (pinned ones) count
 * when the whole board was tidied. */
static void
show_result (GtkWidget *widget,
             EvbBoard  *board,
             GArray    *positions,
             gboolean   whole_board)
{
  g_autoptr(GHashTable) moved = g_hash_table_new (g_str_hash, g_str_equal);
  double bounds[4] = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  EvbViewport *viewport;

  if (!EVB_IS_CANVAS (widget) || positions->len == 0 || width <= 0 || height <= 0)
    return;
  for (guint i = 0; i < positions->len; i++)
    {
      const EvbLayoutPosition *position = &g_array_index (positions, EvbLayoutPosition, i);
      EvbNode *node = evb_board_get_node (board, position->id);
      double w, h;

      if (node == NULL)
        continue;
      g_hash_table_add (moved, position->id);
      evb_node_get_bounds (node, NULL, NULL, &w, &h);
      add_to_bounds (position->x, position->y, w, h, bounds);
    }
  for (guint i = 0; whole_board && i < evb_board_get_n_nodes (board); i++)
    {
      EvbNode *node = g_ptr_array_index (evb_board_get_nodes (board), i);
      double x, y, w, h;

      if (g_hash_table_contains (moved, evb_node_get_id (node)))
        continue;
      evb_node_get_bounds (node, &x, &y, &w, &h);
      add_to_bounds (x, y, w, h, bounds);
    }
  if (bounds[0] > bounds[2])
    return;

  viewport = evb_canvas_get_viewport (EVB_CANVAS (widget));
  if (evb_viewport_reveal (viewport, bounds[0], bounds[1], bounds[2] - bounds[0], bounds[3] - bounds[1],
                           width, height, VIEW_MARGIN) && whole_board)
    evb_viewport_fit (viewport, bounds[0], bounds[1], bounds[2] - bounds[0], bounds[3] - bounds[1],
                      width, height, VIEW_MARGIN);
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
 * their places where animations are on. When @widget is an #EvbCanvas, its
 * view first goes where the cards will be, so none lands out of sight. A
 * glide already running ends first.
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
  show_result (widget, board, positions, ids == NULL);
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
