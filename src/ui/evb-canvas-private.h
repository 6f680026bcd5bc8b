/* evb-canvas-private.h: what the canvas's tools, popovers and debug hooks
 * share with it, and nothing outside src/ui/evb-canvas*.c and the tools uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-canvas.h"
#include "evb-canvas-tool.h"

G_BEGIN_DECLS

/* The link handle: the dot on the right edge of a selected or hovered card. */
#define EVB_CANVAS_HANDLE_RADIUS 7.0

/* Emits the canvas's `error` signal: a gesture could not change the board. */
void     _evb_canvas_report_error           (EvbCanvas     *self,
                                             const GError  *error);
/* The last pointer position over the canvas, in widget coordinates. */
void     _evb_canvas_get_pointer            (EvbCanvas     *self,
                                             double        *x,
                                             double        *y);
/* Where @node's link handle is, in widget coordinates. */
void     _evb_canvas_handle_position        (EvbCanvas     *self,
                                             EvbNode       *node,
                                             double        *wx,
                                             double        *wy);
void     _evb_canvas_append_handle          (GtkSnapshot   *snapshot,
                                             double         x,
                                             double         y,
                                             const GdkRGBA *fill,
                                             const GdkRGBA *ring);
/* Points a popover (a child of the canvas) at @node as it is on screen. */
void     _evb_canvas_point_popover_at_node  (EvbCanvas     *self,
                                             GtkPopover    *popover,
                                             EvbNode       *node);

/* The card whose link handle is at (@wx, @wy) in widget coordinates. */
EvbNode *_evb_canvas_pick_handle            (EvbCanvas     *self,
                                             double         wx,
                                             double         wy);
/* Cancels the pointer gesture in progress (Escape): a move rolls back. */
/* Returns whether a gesture (or a pending title edit) was under way. */
gboolean _evb_canvas_cancel_gesture         (EvbCanvas     *self);

/* evb-canvas-actions.c: the canvas.* actions and their key bindings. */
void     _evb_canvas_class_install_actions  (GtkWidgetClass *widget_class);

/* evb-canvas-gestures.c: the drag gesture and the tools it feeds. */
typedef struct _EvbCanvasGestures EvbCanvasGestures;

EvbCanvasGestures *_evb_canvas_gestures_new      (EvbCanvas         *canvas);
void               _evb_canvas_gestures_free     (EvbCanvasGestures *self);
/* Cancels the active tool, if any (Escape, a new board). */
gboolean           _evb_canvas_gestures_cancel   (EvbCanvasGestures *self);
/* Draws the active tool's overlay. */
void               _evb_canvas_gestures_snapshot (EvbCanvasGestures *self,
                                                  GtkSnapshot       *snapshot);

/* evb-canvas-groups.c: the group label editor, the context menu, and
 * what a press or a double click on a group does. */
void        _evb_canvas_groups_init         (EvbCanvas *self);
GMenuModel *_evb_canvas_groups_menu_new     (void);
void        _evb_canvas_popup_context_menu  (EvbCanvas *self,
                                             double     wx,
                                             double     wy);
gboolean    _evb_canvas_groups_press        (EvbCanvas *self,
                                             double     bx,
                                             double     by,
                                             gboolean   shift,
                                             gboolean  *move);
gboolean    _evb_canvas_groups_double_click (EvbCanvas *self,
                                             double     bx,
                                             double     by);

/* evb-canvas-debug.c: measuring and test hooks, driven by environment
 * variables (EVB_PERF_RUN, EVB_DEBUG_GEOMETRY). */

/* Prints the time to the first frame once under EVB_PERF_RUN; returns
 * whether it did (then the canvas stops asking). */
gboolean _evb_canvas_debug_first_frame      (void);
/* Under EVB_DEBUG_GEOMETRY, prints where the canvas is and its view. */
void     _evb_canvas_debug_viewport_changed (EvbCanvas     *self);
/* The board has just been fitted to the view: starts the EVB_PERF_RUN sweep. */
void     _evb_canvas_debug_board_fitted     (EvbCanvas     *self);

G_END_DECLS
