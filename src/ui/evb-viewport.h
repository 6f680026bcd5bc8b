/* evb-viewport.h: the camera of a canvas: board ↔ widget coordinates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * Ownership: evb_viewport_new() returns (transfer full). The viewport is a
 * plain GObject (the camera: zoom and the board point at the widget's
 * origin), notified through its properties, and tested without a display.
 */

/* The model allows positions within ±10,000,000 and cards up to 100,000
 * wide, so a valid board spans up to 20,100,000 units: at this zoom that is
 * about 100 pixels, and fitting shows any board in any window. (At 5 %, a
 * board at the bounds opened as an empty canvas.) */
#define EVB_VIEWPORT_MIN_ZOOM 0.000005
#define EVB_VIEWPORT_MAX_ZOOM 4.0

#define EVB_TYPE_VIEWPORT (evb_viewport_get_type ())

G_DECLARE_FINAL_TYPE (EvbViewport, evb_viewport, EVB, VIEWPORT, GObject)

EvbViewport *evb_viewport_new              (void);
double       evb_viewport_get_zoom         (EvbViewport *self);
double       evb_viewport_get_origin_x     (EvbViewport *self);
double       evb_viewport_get_origin_y     (EvbViewport *self);
/* origin is the board point at the widget's top-left corner. */
void         evb_viewport_set              (EvbViewport *self,
                                            double       origin_x,
                                            double       origin_y,
                                            double       zoom);
void         evb_viewport_widget_to_board  (EvbViewport *self,
                                            double       wx,
                                            double       wy,
                                            double      *bx,
                                            double      *by);
void         evb_viewport_board_to_widget  (EvbViewport *self,
                                            double       bx,
                                            double       by,
                                            double      *wx,
                                            double      *wy);
/* Keeps the board point under (wx, wy) where it is. Zoom is clamped. */
void         evb_viewport_zoom_at          (EvbViewport *self,
                                            double       zoom,
                                            double       wx,
                                            double       wy);
/* Moves the view by a distance in widget pixels. */
void         evb_viewport_pan              (EvbViewport *self,
                                            double       dx,
                                            double       dy);
/* Shows the rectangle (board coordinates) centred in a widget of the given
 * size, with a margin in pixels, never zooming in past 100 %. */
void         evb_viewport_fit              (EvbViewport *self,
                                            double       x,
                                            double       y,
                                            double       width,
                                            double       height,
                                            double       widget_width,
                                            double       widget_height,
                                            double       margin);
/* Brings the rectangle (board coordinates) into view with the least
 * change: none when it is inside the view (with the margin) already; at the
 * same zoom, centred, when it fits at that zoom; otherwise fitted as
 * evb_viewport_fit() does. Returns whether the view changed. */
gboolean     evb_viewport_reveal           (EvbViewport *self,
                                            double       x,
                                            double       y,
                                            double       width,
                                            double       height,
                                            double       widget_width,
                                            double       widget_height,
                                            double       margin);
/* Centres the board point in a widget of the given size. */
void         evb_viewport_center_on        (EvbViewport *self,
                                            double       bx,
                                            double       by,
                                            double       widget_width,
                                            double       widget_height);

G_END_DECLS
