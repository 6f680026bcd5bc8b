/* evb-canvas-tool.c: the base of the canvas's gesture tools
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As in gaphas, each pointer gesture is its own small object (move, link,
 * rubber band, pan and zoom) instead of one switch in the widget: a tool
 * holds only the state of its gesture, and a new gesture is a new file.
 * The base keeps what every drag shares: where it started, where the
 * pointer is, and whether it has moved far enough to be a drag rather
 * than a click (a click must not move a card by a pixel).
 */

#include "config.h"

#include <math.h>

#include "evb-canvas-tool.h"

/* In widget pixels: less than this from the press is still a click. */
#define DRAG_THRESHOLD 3.0

typedef struct
{
  EvbCanvas *canvas;   /* unowned: the canvas owns the tool */
  double     start_x;
  double     start_y;
  double     x;
  double     y;
  gboolean   dragging;
} EvbCanvasToolPrivate;

enum {
  PROP_0,
  PROP_CANVAS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (EvbCanvasTool, evb_canvas_tool, G_TYPE_OBJECT)

static void
evb_canvas_tool_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  EvbCanvasToolPrivate *priv = evb_canvas_tool_get_instance_private (EVB_CANVAS_TOOL (object));

  switch (prop_id)
    {
    case PROP_CANVAS:
      g_value_set_object (value, priv->canvas);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
evb_canvas_tool_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  EvbCanvasToolPrivate *priv = evb_canvas_tool_get_instance_private (EVB_CANVAS_TOOL (object));

  switch (prop_id)
    {
    case PROP_CANVAS:
      priv->canvas = g_value_get_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
evb_canvas_tool_class_init (EvbCanvasToolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = evb_canvas_tool_get_property;
  object_class->set_property = evb_canvas_tool_set_property;

  properties[PROP_CANVAS] =
    g_param_spec_object ("canvas", NULL, NULL, EVB_TYPE_CANVAS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
evb_canvas_tool_init (EvbCanvasTool *self)
{
}

EvbCanvas *
evb_canvas_tool_get_canvas (EvbCanvasTool *self)
{
  EvbCanvasToolPrivate *priv = evb_canvas_tool_get_instance_private (self);

  g_return_val_if_fail (EVB_IS_CANVAS_TOOL (self), NULL);
  return priv->canvas;
}

gboolean
evb_canvas_tool_is_dragging (EvbCanvasTool *self)
{
  EvbCanvasToolPrivate *priv = evb_canvas_tool_get_instance_private (self);

  g_return_val_if_fail (EVB_IS_CANVAS_TOOL (self), FALSE);
  return priv->dragging;
}

void
evb_canvas_tool_get_start (EvbCanvasTool *self,
                           double        *x,
                           double        *y)
{
  EvbCanvasToolPrivate *priv = evb_canvas_tool_get_instance_private (self);

  g_return_if_fail (EVB_IS_CANVAS_TOOL (self));
  *x = priv->start_x;
  *y = priv->start_y;
}

void
evb_canvas_tool_get_point (EvbCanvasTool *self,
                           double        *x,
                           double        *y)
{
  EvbCanvasToolPrivate *priv = evb_canvas_tool_get_instance_private (self);

  g_return_if_fail (EVB_IS_CANVAS_TOOL (self));
  *x = priv->x;
  *y = priv->y;
}

void
evb_canvas_tool_press (EvbCanvasTool *self,
                       double         x,
                       double         y,
                       const char    *node_id)
{
  EvbCanvasToolPrivate *priv = evb_canvas_tool_get_instance_private (self);

  g_return_if_fail (EVB_IS_CANVAS_TOOL (self));

  priv->start_x = priv->x = x;
  priv->start_y = priv->y = y;
  priv->dragging = FALSE;
  if (EVB_CANVAS_TOOL_GET_CLASS (self)->press != NULL)
    EVB_CANVAS_TOOL_GET_CLASS (self)->press (self, x, y, node_id);
}

void
evb_canvas_tool_drag_update (EvbCanvasTool *self,
                             double         dx,
                             double         dy)
{
  EvbCanvasToolPrivate *priv = evb_canvas_tool_get_instance_private (self);

  g_return_if_fail (EVB_IS_CANVAS_TOOL (self));

  priv->x = priv->start_x + dx;
  priv->y = priv->start_y + dy;
  if (!priv->dragging && hypot (dx, dy) < DRAG_THRESHOLD)
    return;
  priv->dragging = TRUE;
  if (EVB_CANVAS_TOOL_GET_CLASS (self)->drag_update != NULL)
    EVB_CANVAS_TOOL_GET_CLASS (self)->drag_update (self, dx, dy);
}

void
evb_canvas_tool_drag_end (EvbCanvasTool *self,
                          double         dx,
                          double         dy)
{
  EvbCanvasToolPrivate *priv = evb_canvas_tool_get_instance_private (self);

  g_return_if_fail (EVB_IS_CANVAS_TOOL (self));

  if (EVB_CANVAS_TOOL_GET_CLASS (self)->drag_end != NULL)
    EVB_CANVAS_TOOL_GET_CLASS (self)->drag_end (self, dx, dy);
  priv->dragging = FALSE;
}

void
evb_canvas_tool_cancel (EvbCanvasTool *self)
{
  EvbCanvasToolPrivate *priv = evb_canvas_tool_get_instance_private (self);

  g_return_if_fail (EVB_IS_CANVAS_TOOL (self));

  if (EVB_CANVAS_TOOL_GET_CLASS (self)->cancel != NULL)
    EVB_CANVAS_TOOL_GET_CLASS (self)->cancel (self);
  priv->dragging = FALSE;
}

void
evb_canvas_tool_snapshot (EvbCanvasTool *self,
                          GtkSnapshot   *snapshot)
{
  g_return_if_fail (EVB_IS_CANVAS_TOOL (self));

  if (EVB_CANVAS_TOOL_GET_CLASS (self)->snapshot != NULL)
    EVB_CANVAS_TOOL_GET_CLASS (self)->snapshot (self, snapshot);
}
