/* evb-canvas-gestures.c: which tool a press on the canvas goes to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The canvas has one drag gesture. On each press this picks the tool from
 * what is under the pointer, as Gaphor users expect: a card's link handle
 * links (EvbLinkTool), the corner or the right or bottom edge of a card
 * selected on its own resizes it (EvbResizeTool), a card moves the selection (EvbMoveTool), Shift on
 * empty space draws a rubber band (EvbRubberBandTool), empty space pans
 * (EvbPanZoomTool). A click on a link, or Shift+click on a card, only
 * selects and needs no tool. The chosen tool gets the drag until release;
 * a lost grab or Escape (canvas.cancel-gesture, enabled only while a tool
 * is active so that Escape otherwise reaches the window) cancels it.
 *
 * A double-click on a card opens its title editor; a right click on a
 * card selects it (unless it is already) and opens its menu, whose items
 * are the window's actions on the selection. A double-click on a group's
 * label or collapsed card collapses or expands the group; a press there
 * selects the group's cards and moves them (evb-canvas-groups.c).
 *
 * It is apart from evb-canvas.c so that the widget holds the view and the
 * drawing, and a new gesture changes only this file and its tool.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-canvas-private.h"
#include "evb-link-tool.h"
#include "evb-move-tool.h"
#include "evb-pan-zoom-tool.h"
#include "evb-resize-tool.h"
#include "evb-rubber-band-tool.h"

struct _EvbCanvasGestures
{
  EvbCanvas     *canvas;            /* unowned: it owns this */
  GtkGesture    *drag;              /* owned by the canvas */
  GtkGesture    *click;             /* owned by the canvas */
  GtkGesture    *menu_click;        /* owned by the canvas */
  GtkWidget     *card_menu;         /* a child of the canvas */
  EvbCanvasTool *move_tool;
  EvbCanvasTool *link_tool;
  EvbCanvasTool *rubber_band_tool;
  EvbCanvasTool *pan_zoom_tool;
  EvbCanvasTool *resize_tool;
  EvbCanvasTool *active;            /* one of the above from press to release */
  char          *pending_edit;      /* the card double-clicked */
  guint          edit_idle;
};

static EvbCanvasTool *
pick_tool (EvbCanvasGestures  *self,
           double              x,
           double              y,
           gboolean            shift,
           const char        **node_id)
{
  EvbViewport *viewport = evb_canvas_get_viewport (self->canvas);
  EvbRenderer *renderer = evb_canvas_get_renderer (self->canvas);
  EvbSelection *selection = evb_canvas_get_selection (self->canvas);
  double bx, by;
  EvbNode *node;
  EvbLink *link;
  gboolean move;

  *node_id = NULL;
  evb_viewport_widget_to_board (viewport, x, y, &bx, &by);

  if ((node = evb_resize_tool_pick (self->canvas, x, y)) != NULL)
    {
      *node_id = evb_node_get_id (node);
      return self->resize_tool;
    }

  if ((node = _evb_canvas_pick_handle (self->canvas, x, y)) != NULL)
    {
      *node_id = evb_node_get_id (node);
      return self->link_tool;
    }

  if ((node = evb_renderer_pick_node (renderer, bx, by)) != NULL)
    {
      /* Clicks that only select need no tool: Shift+click adds a card
       * to the selection or takes it out. */
      if (shift)
        {
          evb_selection_toggle (selection, evb_node_get_id (node));
          return NULL;
        }
      *node_id = evb_node_get_id (node);
      return self->move_tool;
    }

  if (_evb_canvas_groups_press (self->canvas, bx, by, shift, &move))
    return move ? self->move_tool : NULL;

  if ((link = evb_renderer_pick_link (renderer, bx, by,
                                      6 / evb_viewport_get_zoom (viewport))) != NULL)
    {
      evb_selection_select (selection, evb_link_get_id (link), shift);
      return NULL;
    }

  return shift ? self->rubber_band_tool : self->pan_zoom_tool;
}

static void
set_active_tool (EvbCanvasGestures *self,
                 EvbCanvasTool     *tool)
{
  EvbSelection *selection = evb_canvas_get_selection (self->canvas);

  self->active = tool;
  /* Escape is the canvas's only while a gesture can be cancelled or a
   * selection cleared; otherwise it goes on to the window. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self->canvas), "canvas.cancel-gesture",
                                 tool != NULL || (selection != NULL && !evb_selection_is_empty (selection)));
}

static void
cancel_active_tool (EvbCanvasGestures *self)
{
  EvbCanvasTool *tool = self->active;

  if (tool == NULL)
    return;
  set_active_tool (self, NULL);
  evb_canvas_tool_cancel (tool);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static void
drag_begin_cb (GtkGestureDrag    *gesture,
               double             x,
               double             y,
               EvbCanvasGestures *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  EvbCanvasTool *tool;
  const char *node_id;

  cancel_active_tool (self);
  if (evb_canvas_get_board (self->canvas) == NULL)
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  tool = pick_tool (self, x, y, (state & GDK_SHIFT_MASK) != 0, &node_id);
  if (tool == NULL)
    return;
  set_active_tool (self, tool);
  evb_canvas_tool_press (tool, x, y, node_id);
}

static void
drag_update_cb (GtkGestureDrag    *gesture,
                double             dx,
                double             dy,
                EvbCanvasGestures *self)
{
  if (self->active != NULL)
    evb_canvas_tool_drag_update (self->active, dx, dy);
}

static void
drag_end_cb (GtkGestureDrag    *gesture,
             double             dx,
             double             dy,
             EvbCanvasGestures *self)
{
  EvbCanvasTool *tool = self->active;

  if (tool == NULL)
    return;
  set_active_tool (self, NULL);
  evb_canvas_tool_drag_end (tool, dx, dy);
}

/* A lost grab, or Escape (which resets the gesture). */
static void
drag_cancel_cb (GtkGesture        *gesture,
                GdkEventSequence  *sequence,
                EvbCanvasGestures *self)
{
  cancel_active_tool (self);
}

static void
edit_pending_cb (gpointer user_data)
{
  EvbCanvasGestures *self = user_data;
  g_autofree char *id = g_steal_pointer (&self->pending_edit);

  self->edit_idle = 0;
  evb_canvas_edit_title (self->canvas, id);
}

static void
click_pressed_cb (GtkGestureClick   *gesture,
                  int                n_press,
                  double             x,
                  double             y,
                  EvbCanvasGestures *self)
{
  double bx, by;
  EvbNode *node;

  if (n_press != 2 || evb_canvas_get_board (self->canvas) == NULL)
    return;

  evb_viewport_widget_to_board (evb_canvas_get_viewport (self->canvas), x, y, &bx, &by);
  node = evb_renderer_pick_node (evb_canvas_get_renderer (self->canvas), bx, by);
  if (node == NULL)
    {
      _evb_canvas_groups_double_click (self->canvas, bx, by);
      return;
    }

  /* After the drag gesture has seen this press too (it takes the focus). */
  g_free (self->pending_edit);
  self->pending_edit = g_strdup (evb_node_get_id (node));
  if (self->edit_idle == 0)
    self->edit_idle = g_idle_add_once (edit_pending_cb, self);
}

static GMenuModel *
create_card_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) edit = g_menu_new ();
  g_autoptr(GMenu) remove = g_menu_new ();

  g_menu_append (edit, _("Edit _Title"), "win.edit-title");
  g_menu_append (edit, _("_Fit to Text"), "win.fit-to-text");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (edit));
  g_menu_append (remove, _("_Delete"), "win.delete");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (remove));
  return G_MENU_MODEL (menu);
}

static void
menu_pressed_cb (GtkGestureClick   *gesture,
                 int                n_press,
                 double             x,
                 double             y,
                 EvbCanvasGestures *self)
{
  EvbSelection *selection = evb_canvas_get_selection (self->canvas);
  double bx, by;
  EvbNode *node;

  if (evb_canvas_get_board (self->canvas) == NULL || selection == NULL)
    return;
  evb_viewport_widget_to_board (evb_canvas_get_viewport (self->canvas), x, y, &bx, &by);
  node = evb_renderer_pick_node (evb_canvas_get_renderer (self->canvas), bx, by);
  if (node == NULL)
    return;
  if (!evb_selection_contains (selection, evb_node_get_id (node)))
    evb_selection_select (selection, evb_node_get_id (node), FALSE);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->card_menu), &(GdkRectangle) { x, y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->card_menu));
}

EvbCanvasGestures *
_evb_canvas_gestures_new (EvbCanvas *canvas)
{
  EvbCanvasGestures *self = g_new0 (EvbCanvasGestures, 1);

  self->canvas = canvas;
  self->drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (self->drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (self->drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (self->drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  g_signal_connect (self->drag, "cancel", G_CALLBACK (drag_cancel_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (canvas), GTK_EVENT_CONTROLLER (self->drag));

  self->click = gtk_gesture_click_new ();
  g_signal_connect (self->click, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (canvas), GTK_EVENT_CONTROLLER (self->click));

  self->menu_click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->menu_click), GDK_BUTTON_SECONDARY);
  g_signal_connect (self->menu_click, "pressed", G_CALLBACK (menu_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (canvas), GTK_EVENT_CONTROLLER (self->menu_click));
  {
    g_autoptr(GMenuModel) model = create_card_menu ();

    self->card_menu = gtk_popover_menu_new_from_model (model);
    gtk_popover_set_has_arrow (GTK_POPOVER (self->card_menu), FALSE);
    gtk_widget_set_halign (self->card_menu, GTK_ALIGN_START);
    gtk_widget_set_parent (self->card_menu, GTK_WIDGET (canvas));
  }

  self->move_tool = evb_move_tool_new (canvas);
  self->link_tool = evb_link_tool_new (canvas);
  self->rubber_band_tool = evb_rubber_band_tool_new (canvas);
  self->pan_zoom_tool = evb_pan_zoom_tool_new (canvas);
  self->resize_tool = evb_resize_tool_new (canvas);
  set_active_tool (self, NULL);
  return self;
}

void
_evb_canvas_gestures_free (EvbCanvasGestures *self)
{
  _evb_canvas_gestures_cancel (self);
  /* The canvas outlives this only while it is being disposed: its drag
   * gesture must not call into freed memory. */
  g_signal_handlers_disconnect_by_data (self->drag, self);
  g_signal_handlers_disconnect_by_data (self->click, self);
  g_signal_handlers_disconnect_by_data (self->menu_click, self);
  g_clear_pointer (&self->card_menu, gtk_widget_unparent);
  g_clear_object (&self->move_tool);
  g_clear_object (&self->link_tool);
  g_clear_object (&self->rubber_band_tool);
  g_clear_object (&self->pan_zoom_tool);
  g_clear_object (&self->resize_tool);
  g_free (self);
}

gboolean
_evb_canvas_gestures_cancel (EvbCanvasGestures *self)
{
  gboolean busy = self->active != NULL || self->pending_edit != NULL;

  g_clear_handle_id (&self->edit_idle, g_source_remove);
  g_clear_pointer (&self->pending_edit, g_free);
  /* Resetting the gesture emits its cancel signal (drag_cancel_cb) and
   * keeps the rest of this press from reaching a tool. */
  if (self->active != NULL)
    gtk_event_controller_reset (GTK_EVENT_CONTROLLER (self->drag));
  cancel_active_tool (self);
  return busy;
}

void
_evb_canvas_gestures_snapshot (EvbCanvasGestures *self,
                               GtkSnapshot       *snapshot)
{
  if (self->active != NULL)
    evb_canvas_tool_snapshot (self->active, snapshot);
}
