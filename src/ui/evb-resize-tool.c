/* evb-resize-tool.c: drag a card's corner or edge to resize it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A card selected on its own shows a handle at its bottom right corner;
 * dragging it makes the card wider and taller (the top left corner stays).
 * Its right and bottom edges resize it in one direction only, as a
 * window's do; the right edge leaves its middle to the link handle, which
 * sits there. The pointer says which (evb_resize_edge_get_cursor_name()).
 * The size is the card's own from then on: editing its title no longer
 * refits it (Fit to Text does). As with moving, the whole drag is one
 * EvbEditingResize, so one undo step: it opens at the first motion past
 * the threshold, commits on release and rolls back when the gesture is
 * cancelled.
 */

#include "config.h"

#include <math.h>

#include "evb-canvas-private.h"
#include "evb-editing.h"
#include "evb-resize-tool.h"

/* The handle: a square this many pixels wide, whatever the zoom. */
#define HANDLE_SIZE 10.0
/* How near an edge, in pixels either side of it, the pointer grabs it. */
#define EDGE_REACH 4.0

struct _EvbResizeTool
{
  EvbCanvasTool     parent_instance;

  char             *id;       /* the card pressed */
  EvbResizeEdge     edge;     /* the handle pressed */
  EvbEditingResize *resize;   /* from the first motion to the release */
  gboolean          failed;   /* the board refused a size: the rest of the drag does nothing */
};

G_DEFINE_FINAL_TYPE (EvbResizeTool, evb_resize_tool, EVB_TYPE_CANVAS_TOOL)

/* The one selected card, which has the handle. */
static EvbNode *
get_handle_card (EvbCanvas *canvas)
{
  EvbSelection *selection = evb_canvas_get_selection (canvas);
  EvbBoard *board = evb_canvas_get_board (canvas);
  GPtrArray *nodes;

  if (board == NULL || selection == NULL)
    return NULL;
  nodes = evb_selection_get_nodes (selection);
  if (nodes->len != 1)
    return NULL;
  return evb_board_get_node (board, g_ptr_array_index (nodes, 0));
}

static void
get_handle_corner (EvbCanvas *canvas,
                   EvbNode   *node,
                   double    *wx,
                   double    *wy)
{
  double x, y, w, h;

  evb_node_get_bounds (node, &x, &y, &w, &h);
  evb_viewport_board_to_widget (evb_canvas_get_viewport (canvas), x + w, y + h, wx, wy);
}

static void
evb_resize_tool_press (EvbCanvasTool *tool,
                       double         x,
                       double         y,
                       const char    *node_id)
{
  EvbResizeTool *self = EVB_RESIZE_TOOL (tool);

  g_assert (self->resize == NULL);

  self->failed = FALSE;
  self->edge = evb_resize_tool_pick_edge (evb_canvas_tool_get_canvas (tool), x, y);
  /* Picked by the canvas's gestures, so on a handle; a press driven
   * otherwise resizes by the corner. */
  if (self->edge == EVB_RESIZE_EDGE_NONE)
    self->edge = EVB_RESIZE_EDGE_CORNER;
  g_free (self->id);
  self->id = g_strdup (node_id);
}

static void
evb_resize_tool_drag_update (EvbCanvasTool *tool,
                             double         dx,
                             double         dy)
{
  EvbResizeTool *self = EVB_RESIZE_TOOL (tool);
  EvbCanvas *canvas = evb_canvas_tool_get_canvas (tool);
  double zoom = evb_viewport_get_zoom (evb_canvas_get_viewport (canvas));
  g_autoptr(GError) error = NULL;

  if (self->failed || self->id == NULL)
    return;
  if (self->resize == NULL)
    self->resize = evb_editing_resize_begin (evb_canvas_get_board (canvas), self->id);
  if (self->resize == NULL)
    return;
  if (self->edge == EVB_RESIZE_EDGE_RIGHT)
    dy = 0;
  else if (self->edge == EVB_RESIZE_EDGE_BOTTOM)
    dx = 0;
  if (!evb_editing_resize_update (self->resize, dx / zoom, dy / zoom, &error))
    {
      /* All or nothing: the card goes back to the size it had. */
      g_clear_pointer (&self->resize, evb_editing_resize_cancel);
      self->failed = TRUE;
      _evb_canvas_report_error (canvas, error);
    }
}

static void
evb_resize_tool_drag_end (EvbCanvasTool *tool,
                          double         dx,
                          double         dy)
{
  EvbResizeTool *self = EVB_RESIZE_TOOL (tool);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->id, g_free);
  if (self->resize != NULL && !evb_editing_resize_end (g_steal_pointer (&self->resize), &error))
    _evb_canvas_report_error (evb_canvas_tool_get_canvas (tool), error);
}

static void
evb_resize_tool_cancel (EvbCanvasTool *tool)
{
  EvbResizeTool *self = EVB_RESIZE_TOOL (tool);

  g_clear_pointer (&self->resize, evb_editing_resize_cancel);
  g_clear_pointer (&self->id, g_free);
}

static void
evb_resize_tool_dispose (GObject *object)
{
  EvbResizeTool *self = EVB_RESIZE_TOOL (object);

  g_clear_pointer (&self->resize, evb_editing_resize_cancel);
  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (evb_resize_tool_parent_class)->dispose (object);
}

static void
evb_resize_tool_class_init (EvbResizeToolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  EvbCanvasToolClass *tool_class = EVB_CANVAS_TOOL_CLASS (klass);

  object_class->dispose = evb_resize_tool_dispose;
  tool_class->press = evb_resize_tool_press;
  tool_class->drag_update = evb_resize_tool_drag_update;
  tool_class->drag_end = evb_resize_tool_drag_end;
  tool_class->cancel = evb_resize_tool_cancel;
}

static void
evb_resize_tool_init (EvbResizeTool *self)
{
}

EvbCanvasTool *
evb_resize_tool_new (EvbCanvas *canvas)
{
  g_return_val_if_fail (EVB_IS_CANVAS (canvas), NULL);

  return g_object_new (EVB_TYPE_RESIZE_TOOL, "canvas", canvas, NULL);
}

EvbResizeEdge
evb_resize_tool_pick_edge (EvbCanvas *canvas,
                           double     x,
                           double     y)
{
  EvbNode *node;
  double left, top, cx, cy;

  g_return_val_if_fail (EVB_IS_CANVAS (canvas), EVB_RESIZE_EDGE_NONE);

  node = get_handle_card (canvas);
  if (node == NULL)
    return EVB_RESIZE_EDGE_NONE;
  get_handle_corner (canvas, node, &cx, &cy);
  /* The square sits inside the corner; a little more around it is easier to hit. */
  if (x >= cx - HANDLE_SIZE - 3 && x <= cx + 4 && y >= cy - HANDLE_SIZE - 3 && y <= cy + 4)
    return EVB_RESIZE_EDGE_CORNER;

  {
    double bx, by;

    evb_node_get_bounds (node, &bx, &by, NULL, NULL);
    evb_viewport_board_to_widget (evb_canvas_get_viewport (canvas), bx, by, &left, &top);
  }
  if (fabs (x - cx) <= EDGE_REACH && y >= top && y <= cy &&
      _evb_canvas_pick_handle (canvas, x, y) != node)
    return EVB_RESIZE_EDGE_RIGHT;
  if (fabs (y - cy) <= EDGE_REACH && x >= left && x <= cx)
    return EVB_RESIZE_EDGE_BOTTOM;
  return EVB_RESIZE_EDGE_NONE;
}

EvbNode *
evb_resize_tool_pick (EvbCanvas *canvas,
                      double     x,
                      double     y)
{
  g_return_val_if_fail (EVB_IS_CANVAS (canvas), NULL);

  if (evb_resize_tool_pick_edge (canvas, x, y) == EVB_RESIZE_EDGE_NONE)
    return NULL;
  return get_handle_card (canvas);
}

const char *
evb_resize_edge_get_cursor_name (EvbResizeEdge edge)
{
  switch (edge)
    {
    case EVB_RESIZE_EDGE_CORNER:
      return "nwse-resize";
    case EVB_RESIZE_EDGE_RIGHT:
      return "ew-resize";
    case EVB_RESIZE_EDGE_BOTTOM:
      return "ns-resize";
    case EVB_RESIZE_EDGE_NONE:
    default:
      return NULL;
    }
}

void
evb_resize_tool_append_handle (EvbCanvas   *canvas,
                               GtkSnapshot *snapshot)
{
  EvbRenderer *renderer;
  const EvbPalette *palette;
  graphene_rect_t square;
  GskRoundedRect box;
  EvbNode *node;
  double cx, cy;
  float widths[4] = { 1.5, 1.5, 1.5, 1.5 };
  GdkRGBA colors[4];

  g_return_if_fail (EVB_IS_CANVAS (canvas));

  node = get_handle_card (canvas);
  renderer = evb_canvas_get_renderer (canvas);
  if (node == NULL || renderer == NULL)
    return;
  palette = evb_renderer_get_palette (renderer);
  get_handle_corner (canvas, node, &cx, &cy);
  square = GRAPHENE_RECT_INIT (cx - HANDLE_SIZE + 1, cy - HANDLE_SIZE + 1, HANDLE_SIZE, HANDLE_SIZE);
  for (guint i = 0; i < 4; i++)
    colors[i] = palette->card;
  gsk_rounded_rect_init_from_rect (&box, &square, 2);
  gtk_snapshot_push_rounded_clip (snapshot, &box);
  gtk_snapshot_append_color (snapshot, &palette->selection, &square);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &box, widths, colors);
}
