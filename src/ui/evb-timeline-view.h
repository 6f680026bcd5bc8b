/* evb-timeline-view.h: the board's items on a time axis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "evb-board.h"
#include "evb-selection.h"
#include "evb-timeline-picture.h"

G_BEGIN_DECLS

#define EVB_TYPE_TIMELINE_VIEW (evb_timeline_view_get_type ())

G_DECLARE_FINAL_TYPE (EvbTimelineView, evb_timeline_view, EVB, TIMELINE_VIEW, AdwBin)

/**
 * EvbTimelineView:
 *
 * A third view of the board: its dated items on a time axis
 * (#EvbTimelinePicture), in lanes by evidence type or by source (a switch
 * in the view's bar), with menus listing the undated items and the
 * warnings with their reasons (a tooltip on an item says them too).
 *
 * It zooms and pans with the board's gestures: Ctrl+scroll and a pinch
 * zoom around the pointer, dragging and scrolling pan, and + , - and 0
 * zoom in, out and to fit. Selection is the board's one #EvbSelection: a
 * click selects an item, Ctrl+click adds or removes it; the arrow keys move
 * between items (Left and Right in order of time, Up and Down to the
 * nearest row), Ctrl+arrows move without selecting and Space then toggles,
 * Enter shows the item on the board. The drawing is one accessible object
 * (GTK 4.8 cannot expose drawn items): its name is the focused item's
 * date, kind and title, and its warnings.
 *
 * Installs the actions `timeline.zoom` ("d": a factor, 0 to fit),
 * `timeline.move` ("(iib)": dx, dy, whether to select) and
 * `timeline.show-on-board`.
 *
 * Signals:
 * - `show-on-board` (const char *id): the person asked to see the item on
 *   the board.
 * - `lanes-changed` (void): the lanes group by something else now
 *   (evb_timeline_view_get_lanes()); only with a board.
 */

GtkWidget  *evb_timeline_view_new       (void);
/* Shows board (NULL: nothing), following it and its one selection. Keeps
 * references. */
void        evb_timeline_view_set_board (EvbTimelineView  *self,
                                         EvbBoard         *board,
                                         EvbSelection     *selection);
/* Puts the keyboard focus on the drawing, on the selected item or the first. */
void        evb_timeline_view_focus     (EvbTimelineView  *self);
/* Zooms around the middle of the view; factor 0 fits every item. */
void        evb_timeline_view_zoom      (EvbTimelineView  *self,
                                         double            factor);
void        evb_timeline_view_set_lanes (EvbTimelineView  *self,
                                         EvbTimelineLanes  lanes);
EvbTimelineLanes evb_timeline_view_get_lanes (EvbTimelineView *self);

/**
 * evb_timeline_view_get_picture:
 *
 * For tests and export: what the view draws.
 *
 * Returns: (transfer none) (nullable): the picture, %NULL without a board.
 */
EvbTimelinePicture *evb_timeline_view_get_picture (EvbTimelineView *self);

/* For tests: whether the picture has been made (it is made when the view
 * is first shown or asked for it; evb_timeline_view_get_picture() makes it). */
gboolean            _evb_timeline_view_has_picture (EvbTimelineView *self);

/**
 * evb_timeline_view_dup_item_name:
 * @id: a node's id
 *
 * Returns: (transfer full) (nullable): what a screen reader says of the
 *   item on the timeline (its date, kind and title, its warnings), or
 *   %NULL when it is not on the axis.
 */
char       *evb_timeline_view_dup_item_name (EvbTimelineView *self,
                                             const char      *id);

G_END_DECLS
