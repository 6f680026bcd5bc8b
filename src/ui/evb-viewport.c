/* evb-viewport.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like ShumateViewport, a plain object with no widget: it can be tested
 * without a display, and the canvas only asks it to convert.
 */

#include "config.h"

#include <math.h>

#include "evb-viewport.h"

struct _EvbViewport
{
  GObject parent_instance;

  double  origin_x;
  double  origin_y;
  double  zoom;
};

G_DEFINE_FINAL_TYPE (EvbViewport, evb_viewport, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ZOOM,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
evb_viewport_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  EvbViewport *self = EVB_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
evb_viewport_class_init (EvbViewportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = evb_viewport_get_property;

  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, EVB_VIEWPORT_MIN_ZOOM, EVB_VIEWPORT_MAX_ZOOM, 1.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The origin or the zoom changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
evb_viewport_init (EvbViewport *self)
{
  self->zoom = 1.0;
}

EvbViewport *
evb_viewport_new (void)
{
  return g_object_new (EVB_TYPE_VIEWPORT, NULL);
}

double
evb_viewport_get_zoom (EvbViewport *self)
{
  g_return_val_if_fail (EVB_IS_VIEWPORT (self), 1.0);
  return self->zoom;
}

double
evb_viewport_get_origin_x (EvbViewport *self)
{
  g_return_val_if_fail (EVB_IS_VIEWPORT (self), 0);
  return self->origin_x;
}

double
evb_viewport_get_origin_y (EvbViewport *self)
{
  g_return_val_if_fail (EVB_IS_VIEWPORT (self), 0);
  return self->origin_y;
}

void
evb_viewport_set (EvbViewport *self,
                  double       origin_x,
                  double       origin_y,
                  double       zoom)
{
  gboolean zoom_changed;

  g_return_if_fail (EVB_IS_VIEWPORT (self));
  g_return_if_fail (isfinite (origin_x) && isfinite (origin_y) && isfinite (zoom));

  zoom = CLAMP (zoom, EVB_VIEWPORT_MIN_ZOOM, EVB_VIEWPORT_MAX_ZOOM);
  if (origin_x == self->origin_x && origin_y == self->origin_y && zoom == self->zoom)
    return;

  zoom_changed = zoom != self->zoom;
  self->origin_x = origin_x;
  self->origin_y = origin_y;
  self->zoom = zoom;

  if (zoom_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
evb_viewport_widget_to_board (EvbViewport *self,
                              double       wx,
                              double       wy,
                              double      *bx,
                              double      *by)
{
  g_return_if_fail (EVB_IS_VIEWPORT (self));

  *bx = self->origin_x + wx / self->zoom;
  *by = self->origin_y + wy / self->zoom;
}

void
evb_viewport_board_to_widget (EvbViewport *self,
                              double       bx,
                              double       by,
                              double      *wx,
                              double      *wy)
{
  g_return_if_fail (EVB_IS_VIEWPORT (self));

  *wx = (bx - self->origin_x) * self->zoom;
  *wy = (by - self->origin_y) * self->zoom;
}

void
evb_viewport_zoom_at (EvbViewport *self,
                      double       zoom,
                      double       wx,
                      double       wy)
{
  double bx, by;

  g_return_if_fail (EVB_IS_VIEWPORT (self));

  zoom = CLAMP (zoom, EVB_VIEWPORT_MIN_ZOOM, EVB_VIEWPORT_MAX_ZOOM);
  evb_viewport_widget_to_board (self, wx, wy, &bx, &by);
  evb_viewport_set (self, bx - wx / zoom, by - wy / zoom, zoom);
}

void
evb_viewport_pan (EvbViewport *self,
                  double       dx,
                  double       dy)
{
  g_return_if_fail (EVB_IS_VIEWPORT (self));

  evb_viewport_set (self, self->origin_x - dx / self->zoom, self->origin_y - dy / self->zoom,
                    self->zoom);
}

void
evb_viewport_fit (EvbViewport *self,
                  double       x,
                  double       y,
                  double       width,
                  double       height,
                  double       widget_width,
                  double       widget_height,
                  double       margin)
{
  double zoom;

  g_return_if_fail (EVB_IS_VIEWPORT (self));

  if (widget_width <= 2 * margin || widget_height <= 2 * margin)
    margin = 0;
  if (width <= 0 || height <= 0 || widget_width <= 0 || widget_height <= 0)
    return;

  zoom = MIN ((widget_width - 2 * margin) / width, (widget_height - 2 * margin) / height);
  zoom = CLAMP (MIN (zoom, 1.0), EVB_VIEWPORT_MIN_ZOOM, EVB_VIEWPORT_MAX_ZOOM);
  evb_viewport_set (self,
                    x + width / 2 - widget_width / 2 / zoom,
                    y + height / 2 - widget_height / 2 / zoom,
                    zoom);
}

gboolean
evb_viewport_reveal (EvbViewport *self,
                     double       x,
                     double       y,
                     double       width,
                     double       height,
                     double       widget_width,
                     double       widget_height,
                     double       margin)
{
  double left, top, right, bottom;

  g_return_val_if_fail (EVB_IS_VIEWPORT (self), FALSE);

  if (widget_width <= 2 * margin || widget_height <= 2 * margin)
    margin = 0;
  if (width < 0 || height < 0 || widget_width <= 0 || widget_height <= 0)
    return FALSE;

  evb_viewport_widget_to_board (self, margin, margin, &left, &top);
  evb_viewport_widget_to_board (self, widget_width - margin, widget_height - margin, &right, &bottom);
  if (x >= left && y >= top && x + width <= right && y + height <= bottom)
    return FALSE;
  /* The zoom the person chose stays while the rectangle fits at it. */
  if (width <= right - left && height <= bottom - top)
    evb_viewport_center_on (self, x + width / 2, y + height / 2, widget_width, widget_height);
  else
    evb_viewport_fit (self, x, y, width, height, widget_width, widget_height, margin);
  return TRUE;
}

void
evb_viewport_center_on (EvbViewport *self,
                        double       bx,
                        double       by,
                        double       widget_width,
                        double       widget_height)
{
  g_return_if_fail (EVB_IS_VIEWPORT (self));

  evb_viewport_set (self, bx - widget_width / 2 / self->zoom, by - widget_height / 2 / self->zoom,
                    self->zoom);
}
