/* evb-timeline-picture.h: the timeline drawn as GSK render nodes, for the view and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "evb-board.h"
#include "evb-export.h"
#include "evb-palette.h"
#include "evb-selection.h"
#include "evb-timeline.h"

G_BEGIN_DECLS

/* Items in one row are this many pixels apart at least: room for a title. */
#define EVB_TIMELINE_PICTURE_SPACING     176.0
/* The axis above the lanes. */
#define EVB_TIMELINE_PICTURE_AXIS_HEIGHT 48.0
/* The scales the axis allows, in pixels per second: ten thousand years in
 * a hundred pixels, one minute in six hundred. */
#define EVB_TIMELINE_PICTURE_MIN_SCALE   3e-10
#define EVB_TIMELINE_PICTURE_MAX_SCALE   10.0

#define EVB_TYPE_TIMELINE_PICTURE (evb_timeline_picture_get_type ())

G_DECLARE_FINAL_TYPE (EvbTimelinePicture, evb_timeline_picture, EVB, TIMELINE_PICTURE, GObject)

/**
 * EvbTimelinePicture:
 *
 * Draws a board's #EvbTimeline: an axis on top whose ticks adapt from
 * years to minutes (with the day, month or year above them), a band per
 * lane with its label, and each item as a mark where it occurred, joined
 * by a line to a second mark where it was collected, with its title and
 * dates below, a warning sign where its dates do not add up, and a ring
 * when it is selected.
 *
 * Coordinates are the picture's: x in pixels with the time `origin` at 0,
 * y from the top of the axis. The axis and the lane labels stay in view
 * when the view scrolls. The view and every export draw through this, in
 * the palette of the style asked for.
 *
 * The picture builds its timeline from the board when it is made and
 * when asked (evb_timeline_picture_update()); it does not follow the
 * board by itself.
 */

/* Returns: (transfer full): a picture of board's timeline, lanes by type. */
EvbTimelinePicture *evb_timeline_picture_new          (EvbBoard           *board);
/* Builds the timeline again from the board (after it changed). */
void                evb_timeline_picture_update       (EvbTimelinePicture *self);
/* Returns: (transfer none): the timeline drawn, until the next update. */
EvbTimeline        *evb_timeline_picture_get_timeline (EvbTimelinePicture *self);
void                evb_timeline_picture_set_lanes    (EvbTimelinePicture *self,
                                                       EvbTimelineLanes    lanes);
EvbTimelineLanes    evb_timeline_picture_get_lanes    (EvbTimelinePicture *self);
void                evb_timeline_picture_set_style    (EvbTimelinePicture *self,
                                                       gboolean            dark,
                                                       gboolean            high_contrast);
/* Returns: (transfer none): the colours in use. */
const EvbPalette   *evb_timeline_picture_get_palette  (EvbTimelinePicture *self);
/* Rings the selected items; the picture keeps a reference (NULL: none).
 * It does not redraw by itself: the view does when the selection changes. */
void                evb_timeline_picture_set_selection (EvbTimelinePicture *self,
                                                        EvbSelection       *selection);
/* The item the keyboard is on, drawn with a focus outline; NULL: none. */
void                evb_timeline_picture_set_focus    (EvbTimelinePicture *self,
                                                       const char         *id);

/* The time (microseconds since 1970, UTC) at x = 0 and the pixels per
 * second (clamped to the limits above); stacks the items for that scale. */
void                evb_timeline_picture_set_scale    (EvbTimelinePicture *self,
                                                       gint64              origin,
                                                       double              pixels_per_second);
gint64              evb_timeline_picture_get_origin   (EvbTimelinePicture *self);
double              evb_timeline_picture_get_scale    (EvbTimelinePicture *self);
/* Shows every item's dates between x = 0 and width (room left for the
 * last title); a timeline without items shows the last month. */
void                evb_timeline_picture_fit          (EvbTimelinePicture *self,
                                                       double              width);
double              evb_timeline_picture_time_to_x    (EvbTimelinePicture *self,
                                                       gint64              time);
gint64              evb_timeline_picture_x_to_time    (EvbTimelinePicture *self,
                                                       double              x);

/* The height of the axis and every lane at the present scale. */
double              evb_timeline_picture_get_height   (EvbTimelinePicture *self);
/* The box of item index (mark, line, title and dates): FALSE when index
 * is out of range. */
gboolean            evb_timeline_picture_get_item_rect (EvbTimelinePicture *self,
                                                        guint               index,
                                                        graphene_rect_t    *rect);
/* The item at (x, y) in picture coordinates (scroll_y already added), or
 * -1. */
int                 evb_timeline_picture_pick         (EvbTimelinePicture *self,
                                                       double              x,
                                                       double              y);

/**
 * evb_timeline_picture_dup_tick_labels:
 * @width: the view's width
 *
 * For tests: the labels of the axis's ticks between x = 0 and @width at
 * the present scale, left to right.
 *
 * Returns: (transfer full) (array zero-terminated=1): the labels.
 */
char              **evb_timeline_picture_dup_tick_labels (EvbTimelinePicture *self,
                                                          double              width);

/**
 * evb_timeline_picture_snapshot:
 * @snapshot: where to draw, at the view's origin
 * @width: the view's size
 * @height:
 * @scroll_y: how far the lanes are scrolled up under the axis
 *
 * Draws the background, the lanes and items in view, and over them the
 * axis and the lanes' labels.
 */
void                evb_timeline_picture_snapshot     (EvbTimelinePicture *self,
                                                       GtkSnapshot        *snapshot,
                                                       double              width,
                                                       double              height,
                                                       double              scroll_y);

/**
 * evb_timeline_picture_to_file:
 * @board: the board
 * @path: where the picture goes; written whole or not at all
 * @format: PNG, SVG (text stays text) or PDF
 * @lanes: what the lanes group by
 * @dark: dark colours instead of light ones
 * @error: return location for an error
 *
 * Draws the whole timeline: a heading, the axis and lanes with every
 * dated item, then the undated items and the warnings with their reasons.
 *
 * Returns: whether the file was written.
 */
gboolean            evb_timeline_picture_to_file      (EvbBoard           *board,
                                                       const char         *path,
                                                       EvbExportFormat     format,
                                                       EvbTimelineLanes    lanes,
                                                       gboolean            dark,
                                                       GError            **error);

G_END_DECLS
