/* evb-pan-zoom-tool.c: move the view over the board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dragging empty space pans (the board point under the pointer stays under
 * it); a click on empty space clears the selection. The tool also owns the
 * canvas's scroll and pinch controllers, since they do the same job: the
 * wheel and touchpad pan (Shift turns vertical wheel motion horizontal),
 * Ctrl+scroll and a pinch zoom around the pointer, as libshumate does.
 *
 * Only the view changes here, never the board: cancelling a pan leaves the
 * view where it got to.
 */

#include "config.h"

#include <math.h>

#include "evb-canvas-private.h"
#include "evb-pan-zoom-tool.h"

/* One wheel notch zooms by this factor. */
#define ZOOM_STEP 1.2
/* One wheel notch pans by this many widget pixels. */
#define WHEEL_STEP 50

struct _EvbPanZoomTool
{
  EvbCanvasTool parent_instance;

  double        pan_origin_x;   /* the view's origin at the press */
  double        pan_origin_y;
  double        pinch_zoom;     /* the zoom when the pinch began */
};

G_DEFINE_FINAL_TYPE (EvbPanZoomTool, evb_pan_zoom_tool, EVB_TYPE_CANVAS_TOOL)

static EvbViewport *
get_viewport (EvbPanZoomTool *self)
{
  return evb_canvas_get_viewport (evb_canvas_tool_get_canvas (EVB_CANVAS_TOOL (self)));
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           EvbPanZoomTool           *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;
  EvbViewport *viewport = get_viewport (self);

  if (state & GDK_CONTROL_MASK)
    {
      double zoom = evb_viewport_get_zoom (viewport);
      double factor = wheel ? pow (ZOOM_STEP, -dy) : exp (-dy * 0.01);
      double px, py;

      _evb_canvas_get_pointer (evb_canvas_tool_get_canvas (EVB_CANVAS_TOOL (self)), &px, &py);
      evb_viewport_zoom_at (viewport, zoom * factor, px, py);
      return TRUE;
    }

  if (state & GDK_SHIFT_MASK && dx == 0)
    {
      dx = dy;
      dy = 0;
    }
  if (wheel)
    {
      dx *= WHEEL_STEP;
      dy *= WHEEL_STEP;
    }
  evb_viewport_pan (viewport, -dx, -dy);
  return TRUE;
}

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               EvbPanZoomTool   *self)
{
  self->pinch_zoom = evb_viewport_get_zoom (get_viewport (self));
}

static void
zoom_scale_changed_cb (GtkGestureZoom *gesture,
                       double          scale,
                       EvbPanZoomTool *self)
{
  GtkWidget *canvas = GTK_WIDGET (evb_canvas_tool_get_canvas (EVB_CANVAS_TOOL (self)));
  double cx, cy;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    {
      cx = gtk_widget_get_width (canvas) / 2.0;
      cy = gtk_widget_get_height (canvas) / 2.0;
    }
  evb_viewport_zoom_at (get_viewport (self), self->pinch_zoom * scale, cx, cy);
}

static void
evb_pan_zoom_tool_press (EvbCanvasTool *tool,
                         double         x,
                         double         y,
                         const char    *node_id)
{
  EvbPanZoomTool *self = EVB_PAN_ZOOM_TOOL (tool);
  EvbViewport *viewport = get_viewport (self);

  self->pan_origin_x = evb_viewport_get_origin_x (viewport);
  self->pan_origin_y = evb_viewport_get_origin_y (viewport);
}

static void
evb_pan_zoom_tool_drag_update (EvbCanvasTool *tool,
                               double         dx,
                               double         dy)
{
  EvbPanZoomTool *self = EVB_PAN_ZOOM_TOOL (tool);
  EvbViewport *viewport = get_viewport (self);
  double zoom = evb_viewport_get_zoom (viewport);

  evb_viewport_set (viewport, self->pan_origin_x - dx / zoom, self->pan_origin_y - dy / zoom, zoom);
}

static void
evb_pan_zoom_tool_drag_end (EvbCanvasTool *tool,
                            double         dx,
                            double         dy)
{
  /* A click on empty space clears the selection. */
  if (!evb_canvas_tool_is_dragging (tool))
    evb_selection_clear (evb_canvas_get_selection (evb_canvas_tool_get_canvas (tool)));
}

static void
evb_pan_zoom_tool_constructed (GObject *object)
{
  EvbPanZoomTool *self = EVB_PAN_ZOOM_TOOL (object);
  GtkWidget *canvas = GTK_WIDGET (evb_canvas_tool_get_canvas (EVB_CANVAS_TOOL (self)));
  GtkEventController *scroll;
  GtkGesture *zoom;

  G_OBJECT_CLASS (evb_pan_zoom_tool_parent_class)->constructed (object);

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect_object (zoom, "begin", G_CALLBACK (zoom_begin_cb), self, 0);
  g_signal_connect_object (zoom, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self, 0);
  gtk_widget_add_controller (canvas, GTK_EVENT_CONTROLLER (zoom));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_object (scroll, "scroll", G_CALLBACK (scroll_cb), self, 0);
  gtk_widget_add_controller (canvas, scroll);
}

static void
evb_pan_zoom_tool_class_init (EvbPanZoomToolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  EvbCanvasToolClass *tool_class = EVB_CANVAS_TOOL_CLASS (klass);

  object_class->constructed = evb_pan_zoom_tool_constructed;
  tool_class->press = evb_pan_zoom_tool_press;
  tool_class->drag_update = evb_pan_zoom_tool_drag_update;
  tool_class->drag_end = evb_pan_zoom_tool_drag_end;
}

static void
evb_pan_zoom_tool_init (EvbPanZoomTool *self)
{
}

EvbCanvasTool *
evb_pan_zoom_tool_new (EvbCanvas *canvas)
{
  g_return_val_if_fail (EVB_IS_CANVAS (canvas), NULL);

  return g_object_new (EVB_TYPE_PAN_ZOOM_TOOL, "canvas", canvas, NULL);
}
