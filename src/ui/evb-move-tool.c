/* evb-move-tool.c: drag cards to move them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pressing a card selects it (unless it already is) and dragging moves
 * every selected card with it. The whole drag is one EvbEditingMove, so
 * one undo step however many motions it had: it opens at the first motion
 * past the threshold (a click moves nothing and leaves no undo step),
 * commits on release and rolls back when the gesture is cancelled (Escape,
 * a lost grab), putting every card back where it was.
 */

#include "config.h"

#include "evb-canvas-private.h"
#include "evb-editing.h"
#include "evb-move-tool.h"

struct _EvbMoveTool
{
  EvbCanvasTool   parent_instance;

  EvbEditingMove *move;      /* from the first motion to the release */
  gboolean        failed;    /* the board refused a move: the rest of the drag does nothing */
  char           *pressed;   /* the card pressed: a click without a drag selects just it */
};

G_DEFINE_FINAL_TYPE (EvbMoveTool, evb_move_tool, EVB_TYPE_CANVAS_TOOL)

static void
evb_move_tool_press (EvbCanvasTool *tool,
                     double         x,
                     double         y,
                     const char    *node_id)
{
  EvbMoveTool *self = EVB_MOVE_TOOL (tool);
  EvbSelection *selection = evb_canvas_get_selection (evb_canvas_tool_get_canvas (tool));

  g_assert (self->move == NULL);

  self->failed = FALSE;
  g_free (self->pressed);
  self->pressed = g_strdup (node_id);
  if (node_id != NULL && !evb_selection_contains (selection, node_id))
    evb_selection_select (selection, node_id, FALSE);
}

static void
evb_move_tool_drag_update (EvbCanvasTool *tool,
                           double         dx,
                           double         dy)
{
  EvbMoveTool *self = EVB_MOVE_TOOL (tool);
  EvbCanvas *canvas = evb_canvas_tool_get_canvas (tool);
  double zoom = evb_viewport_get_zoom (evb_canvas_get_viewport (canvas));
  g_autoptr(GError) error = NULL;

  if (self->failed)
    return;
  if (self->move == NULL)
    self->move = evb_editing_move_begin (evb_canvas_get_board (canvas),
                                         evb_selection_get_nodes (evb_canvas_get_selection (canvas)));
  if (!evb_editing_move_update (self->move, dx / zoom, dy / zoom, &error))
    {
      /* All or nothing: the cards go back to where the drag began. */
      g_clear_pointer (&self->move, evb_editing_move_cancel);
      self->failed = TRUE;
      _evb_canvas_report_error (canvas, error);
    }
}

static void
evb_move_tool_drag_end (EvbCanvasTool *tool,
                        double         dx,
                        double         dy)
{
  EvbMoveTool *self = EVB_MOVE_TOOL (tool);
  g_autoptr(GError) error = NULL;

  g_autofree char *pressed = g_steal_pointer (&self->pressed);

  if (self->move != NULL && !evb_editing_move_end (g_steal_pointer (&self->move), &error))
    _evb_canvas_report_error (evb_canvas_tool_get_canvas (tool), error);
  /* A plain click inside a multi-selection selects just that card, as in
   * a file manager; only a drag moves the whole selection. */
  else if (self->move == NULL && !self->failed && pressed != NULL)
    evb_selection_select (evb_canvas_get_selection (evb_canvas_tool_get_canvas (tool)), pressed, FALSE);
}

static void
evb_move_tool_cancel (EvbCanvasTool *tool)
{
  EvbMoveTool *self = EVB_MOVE_TOOL (tool);

  g_clear_pointer (&self->move, evb_editing_move_cancel);
  g_clear_pointer (&self->pressed, g_free);
}

static void
evb_move_tool_dispose (GObject *object)
{
  EvbMoveTool *self = EVB_MOVE_TOOL (object);

  g_clear_pointer (&self->move, evb_editing_move_cancel);
  g_clear_pointer (&self->pressed, g_free);

  G_OBJECT_CLASS (evb_move_tool_parent_class)->dispose (object);
}

static void
evb_move_tool_class_init (EvbMoveToolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  EvbCanvasToolClass *tool_class = EVB_CANVAS_TOOL_CLASS (klass);

  object_class->dispose = evb_move_tool_dispose;
  tool_class->press = evb_move_tool_press;
  tool_class->drag_update = evb_move_tool_drag_update;
  tool_class->drag_end = evb_move_tool_drag_end;
  tool_class->cancel = evb_move_tool_cancel;
}

static void
evb_move_tool_init (EvbMoveTool *self)
{
}

EvbCanvasTool *
evb_move_tool_new (EvbCanvas *canvas)
{
  g_return_val_if_fail (EVB_IS_CANVAS (canvas), NULL);

  return g_object_new (EVB_TYPE_MOVE_TOOL, "canvas", canvas, NULL);
}
