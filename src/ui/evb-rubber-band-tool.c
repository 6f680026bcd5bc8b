/* evb-rubber-band-tool.c: Shift+drag on empty space selects with a rectangle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The band is drawn while the button is down and only read on release,
 * when it replaces the selection with the cards it touches (found in the
 * renderer's spatial index, so a large board costs nothing per motion).
 * Cancelling leaves the selection as it was.
 */

#include "config.h"

#include <math.h>

#include "evb-canvas-private.h"
#include "evb-palette.h"
#include "evb-rubber-band-tool.h"

struct _EvbRubberBandTool
{
  EvbCanvasTool parent_instance;
};

G_DEFINE_FINAL_TYPE (EvbRubberBandTool, evb_rubber_band_tool, EVB_TYPE_CANVAS_TOOL)

/* The band in widget coordinates. */
static void
get_band (EvbCanvasTool   *tool,
          graphene_rect_t *band)
{
  double x0, y0, x, y;

  evb_canvas_tool_get_start (tool, &x0, &y0);
  evb_canvas_tool_get_point (tool, &x, &y);
  graphene_rect_init (band, MIN (x0, x), MIN (y0, y), fabs (x - x0), fabs (y - y0));
}

static void
evb_rubber_band_tool_drag_update (EvbCanvasTool *tool,
                                  double         dx,
                                  double         dy)
{
  gtk_widget_queue_draw (GTK_WIDGET (evb_canvas_tool_get_canvas (tool)));
}

static void
evb_rubber_band_tool_drag_end (EvbCanvasTool *tool,
                               double         dx,
                               double         dy)
{
  EvbCanvas *canvas = evb_canvas_tool_get_canvas (tool);
  EvbViewport *viewport = evb_canvas_get_viewport (canvas);
  graphene_rect_t band;
  double x1, y1, x2, y2;
  g_autoptr(GPtrArray) hits = NULL;

  gtk_widget_queue_draw (GTK_WIDGET (canvas));
  if (!evb_canvas_tool_is_dragging (tool))
    return;

  get_band (tool, &band);
  evb_viewport_widget_to_board (viewport, band.origin.x, band.origin.y, &x1, &y1);
  evb_viewport_widget_to_board (viewport, band.origin.x + band.size.width,
                                band.origin.y + band.size.height, &x2, &y2);
  graphene_rect_init (&band, x1, y1, x2 - x1, y2 - y1);
  hits = evb_renderer_query_nodes (evb_canvas_get_renderer (canvas), &band);
  /* The band selects what is in it, nothing else. */
  for (guint i = 0; i < hits->len; i++)
    hits->pdata[i] = (gpointer) evb_node_get_id (g_ptr_array_index (hits, i));
  g_ptr_array_add (hits, NULL);
  evb_selection_set (evb_canvas_get_selection (canvas), (const char * const *) hits->pdata);
}

static void
evb_rubber_band_tool_cancel (EvbCanvasTool *tool)
{
  gtk_widget_queue_draw (GTK_WIDGET (evb_canvas_tool_get_canvas (tool)));
}

static void
evb_rubber_band_tool_snapshot (EvbCanvasTool *tool,
                               GtkSnapshot   *snapshot)
{
  EvbRenderer *renderer = evb_canvas_get_renderer (evb_canvas_tool_get_canvas (tool));
  const EvbPalette *palette = evb_renderer_get_palette (renderer);
  graphene_rect_t band;
  GdkRGBA fill = palette->selection;
  float widths[4] = { 1, 1, 1, 1 };
  GdkRGBA colors[4] = { palette->selection, palette->selection, palette->selection,
                        palette->selection };
  GskRoundedRect outline;

  if (!evb_canvas_tool_is_dragging (tool))
    return;

  get_band (tool, &band);
  fill.alpha = 0.15f;
  gtk_snapshot_append_color (snapshot, &fill, &band);
  gsk_rounded_rect_init_from_rect (&outline, &band, 0);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

static void
evb_rubber_band_tool_class_init (EvbRubberBandToolClass *klass)
{
  EvbCanvasToolClass *tool_class = EVB_CANVAS_TOOL_CLASS (klass);

  tool_class->drag_update = evb_rubber_band_tool_drag_update;
  tool_class->drag_end = evb_rubber_band_tool_drag_end;
  tool_class->cancel = evb_rubber_band_tool_cancel;
  tool_class->snapshot = evb_rubber_band_tool_snapshot;
}

static void
evb_rubber_band_tool_init (EvbRubberBandTool *self)
{
}

EvbCanvasTool *
evb_rubber_band_tool_new (EvbCanvas *canvas)
{
  g_return_val_if_fail (EVB_IS_CANVAS (canvas), NULL);

  return g_object_new (EVB_TYPE_RUBBER_BAND_TOOL, "canvas", canvas, NULL);
}
