/* evb-link-tool.c: drag from a card's handle onto another card to link them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * While dragging, a dashed line runs from the handle (the dot on the right
 * edge of a selected or hovered card) to the pointer. Dropping it on
 * another card asks in a small popover whether the first card supports or
 * refutes the second; the answer makes the link with evb_editing_link(),
 * one undo step. Dropping on empty space, on the same card, Escape or
 * closing the popover makes nothing. The popover is the tool's: it is a
 * child of the canvas so that it follows the canvas's allocation.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "evb-canvas-private.h"
#include "evb-compat.h"
#include "evb-editing.h"
#include "evb-link-tool.h"
#include "evb-palette.h"

struct _EvbLinkTool
{
  EvbCanvasTool  parent_instance;

  char          *from;      /* the card the drag started on */
  char          *to;        /* the card it was dropped on, while the popover asks */
  GtkWidget     *popover;   /* a child of the canvas */
};

G_DEFINE_FINAL_TYPE (EvbLinkTool, evb_link_tool, EVB_TYPE_CANVAS_TOOL)

static void
append_line (GtkSnapshot   *snapshot,
             double         x1,
             double         y1,
             double         x2,
             double         y2,
             const GdkRGBA *color)
{
  cairo_t *cr;
  graphene_rect_t bounds;

  graphene_rect_init (&bounds, MIN (x1, x2) - 4, MIN (y1, y2) - 4, fabs (x2 - x1) + 8,
                      fabs (y2 - y1) + 8);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 2);
  cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x2, y2);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
create_link (EvbLinkTool *self,
             EvbRelation  relation)
{
  EvbCanvas *canvas = evb_canvas_tool_get_canvas (EVB_CANVAS_TOOL (self));
  EvbBoard *board = evb_canvas_get_board (canvas);
  g_autoptr(GError) error = NULL;

  if (board != NULL && self->from != NULL && self->to != NULL &&
      evb_editing_link (board, self->from, self->to, relation, &error) == NULL)
    _evb_canvas_report_error (canvas, error);

  gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
supports_clicked_cb (EvbLinkTool *self)
{
  create_link (self, EVB_RELATION_SUPPORTS);
}

static void
refutes_clicked_cb (EvbLinkTool *self)
{
  create_link (self, EVB_RELATION_REFUTES);
}

/* Closed by a choice, Escape, a click elsewhere or a new board. */
static void
popover_closed_cb (EvbLinkTool *self)
{
  g_clear_pointer (&self->to, g_free);
}

static void
ask_relation (EvbLinkTool *self,
              EvbNode     *target)
{
  EvbCanvas *canvas = evb_canvas_tool_get_canvas (EVB_CANVAS_TOOL (self));

  g_free (self->to);
  self->to = g_strdup (evb_node_get_id (target));
  _evb_canvas_point_popover_at_node (canvas, GTK_POPOVER (self->popover), target);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
evb_link_tool_press (EvbCanvasTool *tool,
                     double         x,
                     double         y,
                     const char    *node_id)
{
  EvbLinkTool *self = EVB_LINK_TOOL (tool);

  g_free (self->from);
  self->from = g_strdup (node_id);
}

static void
evb_link_tool_drag_update (EvbCanvasTool *tool,
                           double         dx,
                           double         dy)
{
  gtk_widget_queue_draw (GTK_WIDGET (evb_canvas_tool_get_canvas (tool)));
}

static void
evb_link_tool_drag_end (EvbCanvasTool *tool,
                        double         dx,
                        double         dy)
{
  EvbLinkTool *self = EVB_LINK_TOOL (tool);
  EvbCanvas *canvas = evb_canvas_tool_get_canvas (tool);
  double x, y, bx, by;
  EvbNode *target;

  gtk_widget_queue_draw (GTK_WIDGET (canvas));
  if (!evb_canvas_tool_is_dragging (tool))
    return;

  evb_canvas_tool_get_point (tool, &x, &y);
  evb_viewport_widget_to_board (evb_canvas_get_viewport (canvas), x, y, &bx, &by);
  target = evb_renderer_pick_node (evb_canvas_get_renderer (canvas), bx, by);
  if (target != NULL && g_strcmp0 (evb_node_get_id (target), self->from) != 0)
    ask_relation (self, target);
}

static void
evb_link_tool_cancel (EvbCanvasTool *tool)
{
  gtk_widget_queue_draw (GTK_WIDGET (evb_canvas_tool_get_canvas (tool)));
}

static void
evb_link_tool_snapshot (EvbCanvasTool *tool,
                        GtkSnapshot   *snapshot)
{
  EvbLinkTool *self = EVB_LINK_TOOL (tool);
  EvbCanvas *canvas = evb_canvas_tool_get_canvas (tool);
  const EvbPalette *palette = evb_renderer_get_palette (evb_canvas_get_renderer (canvas));
  EvbNode *from = evb_board_get_node (evb_canvas_get_board (canvas), self->from);
  double hx, hy, x, y;

  if (!evb_canvas_tool_is_dragging (tool) || from == NULL)
    return;

  evb_canvas_tool_get_point (tool, &x, &y);
  _evb_canvas_handle_position (canvas, from, &hx, &hy);
  append_line (snapshot, hx, hy, x, y, &palette->selection);
  _evb_canvas_append_handle (snapshot, x, y, &palette->selection, &palette->card);
}

static void
evb_link_tool_constructed (GObject *object)
{
  EvbLinkTool *self = EVB_LINK_TOOL (object);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (_("This card…"));
  GtkWidget *supports = gtk_button_new_with_mnemonic (_("_Supports"));
  GtkWidget *refutes = gtk_button_new_with_mnemonic (_("_Refutes"));

  G_OBJECT_CLASS (evb_link_tool_parent_class)->constructed (object);

  self->popover = gtk_popover_new ();
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (supports, "suggested-action");
  /* Not "destructive-action": refuting loses no data, and red would say it does. */
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), supports);
  gtk_box_append (GTK_BOX (box), refutes);
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);
  evb_compat_name_mnemonic_buttons (box);
  g_signal_connect_object (supports, "clicked", G_CALLBACK (supports_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (refutes, "clicked", G_CALLBACK (refutes_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->popover, "closed", G_CALLBACK (popover_closed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (evb_canvas_tool_get_canvas (EVB_CANVAS_TOOL (self))));
}

static void
evb_link_tool_dispose (GObject *object)
{
  EvbLinkTool *self = EVB_LINK_TOOL (object);

  g_clear_pointer (&self->popover, gtk_widget_unparent);

  G_OBJECT_CLASS (evb_link_tool_parent_class)->dispose (object);
}

static void
evb_link_tool_finalize (GObject *object)
{
  EvbLinkTool *self = EVB_LINK_TOOL (object);

  g_free (self->from);
  g_free (self->to);

  G_OBJECT_CLASS (evb_link_tool_parent_class)->finalize (object);
}

static void
evb_link_tool_class_init (EvbLinkToolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  EvbCanvasToolClass *tool_class = EVB_CANVAS_TOOL_CLASS (klass);

  object_class->constructed = evb_link_tool_constructed;
  object_class->dispose = evb_link_tool_dispose;
  object_class->finalize = evb_link_tool_finalize;
  tool_class->press = evb_link_tool_press;
  tool_class->drag_update = evb_link_tool_drag_update;
  tool_class->drag_end = evb_link_tool_drag_end;
  tool_class->cancel = evb_link_tool_cancel;
  tool_class->snapshot = evb_link_tool_snapshot;
}

static void
evb_link_tool_init (EvbLinkTool *self)
{
}

EvbCanvasTool *
evb_link_tool_new (EvbCanvas *canvas)
{
  g_return_val_if_fail (EVB_IS_CANVAS (canvas), NULL);

  return g_object_new (EVB_TYPE_LINK_TOOL, "canvas", canvas, NULL);
}
