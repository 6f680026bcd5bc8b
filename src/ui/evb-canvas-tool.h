/* evb-canvas-tool.h: one pointer gesture on the canvas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "evb-canvas.h"

G_BEGIN_DECLS

#define EVB_TYPE_CANVAS_TOOL (evb_canvas_tool_get_type ())

G_DECLARE_DERIVABLE_TYPE (EvbCanvasTool, evb_canvas_tool, EVB, CANVAS_TOOL, GObject)

/**
 * EvbCanvasToolClass:
 * @press: the button went down at (@x, @y) in widget coordinates, on the
 *   card @node_id (or %NULL); the tool is now the canvas's active tool
 * @drag_update: the pointer moved past the drag threshold; (@dx, @dy) is
 *   the distance from the press in widget pixels
 * @drag_end: the button was released; called whether or not the pointer
 *   ever passed the threshold (see evb_canvas_tool_is_dragging())
 * @cancel: Escape, a lost grab or a new board ends the gesture: undo what
 *   it did so far
 * @snapshot: draws the tool's overlay above the board, in widget
 *   coordinates
 *
 * A tool is a small object that turns one kind of pointer gesture into
 * changes of the view, the selection or (through the editing layer) the
 * board. The canvas makes one of each, picks one on every press and
 * forwards the gesture to it until the button is released or the gesture
 * is cancelled. Every vfunc is optional.
 */
struct _EvbCanvasToolClass
{
  GObjectClass parent_class;

  void (*press)       (EvbCanvasTool *self,
                       double         x,
                       double         y,
                       const char    *node_id);
  void (*drag_update) (EvbCanvasTool *self,
                       double         dx,
                       double         dy);
  void (*drag_end)    (EvbCanvasTool *self,
                       double         dx,
                       double         dy);
  void (*cancel)      (EvbCanvasTool *self);
  void (*snapshot)    (EvbCanvasTool *self,
                       GtkSnapshot   *snapshot);
};

/**
 * evb_canvas_tool_get_canvas:
 *
 * Returns: (transfer none): the canvas the tool works on (it owns the tool).
 */
EvbCanvas *evb_canvas_tool_get_canvas  (EvbCanvasTool *self);
/* Whether the pointer has passed the drag threshold since the press. */
gboolean   evb_canvas_tool_is_dragging (EvbCanvasTool *self);
/* Where the button went down, in widget coordinates. */
void       evb_canvas_tool_get_start   (EvbCanvasTool *self,
                                        double        *x,
                                        double        *y);
/* Where the pointer is now, in widget coordinates. */
void       evb_canvas_tool_get_point   (EvbCanvasTool *self,
                                        double        *x,
                                        double        *y);

/* Called by the canvas: each forwards to the vfunc. */
void       evb_canvas_tool_press       (EvbCanvasTool *self,
                                        double         x,
                                        double         y,
                                        const char    *node_id);
void       evb_canvas_tool_drag_update (EvbCanvasTool *self,
                                        double         dx,
                                        double         dy);
void       evb_canvas_tool_drag_end    (EvbCanvasTool *self,
                                        double         dx,
                                        double         dy);
void       evb_canvas_tool_cancel      (EvbCanvasTool *self);
void       evb_canvas_tool_snapshot    (EvbCanvasTool *self,
                                        GtkSnapshot   *snapshot);

G_END_DECLS
