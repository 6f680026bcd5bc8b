/* evb-timeline.h: the board's items on a time axis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "evb-board.h"

G_BEGIN_DECLS

/* What the lanes of a timeline group by. Claims have a lane of their own
 * either way. */
typedef enum
{
  EVB_TIMELINE_LANES_TYPE,    /* one lane per evidence type */
  EVB_TIMELINE_LANES_SOURCE,  /* one lane per source, then one for none */
} EvbTimelineLanes;

/**
 * EvbTimelineDate:
 * @start: the first microsecond the date covers, since 1970-01-01 UTC
 * @end: the last one: @start for a date-time, the day's last microsecond
 *   (UTC) for a plain date
 * @date_only: the text was a plain date (YYYY-MM-DD)
 *
 * A board's date as a span of time, so that comparisons are fair to plain
 * dates: "2025-12-29" is neither before nor after "2025-12-29T10:00:00Z".
 */
typedef struct
{
  gint64   start;
  gint64   end;
  gboolean date_only;
} EvbTimelineDate;

/**
 * evb_timeline_parse_date:
 * @text: a plain date (YYYY-MM-DD) or an RFC 3339 date-time
 * @date: (out): the span it covers
 *
 * Parses the same way on every machine: a date-time without a time zone
 * is read as UTC, never as the local time.
 *
 * Returns: whether @text is such a date.
 */
gboolean  evb_timeline_parse_date   (const char            *text,
                                     EvbTimelineDate       *date);
/**
 * evb_timeline_format_date:
 * @date: a date
 *
 * Returns: (transfer full): "2025-12-29" for a plain date, "2025-12-29
 *   14:05 UTC" for a date-time (seconds when it has them).
 */
char     *evb_timeline_format_date  (const EvbTimelineDate *date);

typedef enum
{
  /* The item was collected before it occurred. */
  EVB_TIMELINE_WARNING_COLLECTED_BEFORE_OCCURRED,
  /* Evidence occurred after a claim it supports was made. */
  EVB_TIMELINE_WARNING_AFTER_CLAIM,
} EvbTimelineWarningKind;

/**
 * EvbTimelineWarning:
 * @kind: what does not add up
 * @node_id: the item it is about
 * @claim_id: (nullable): for %EVB_TIMELINE_WARNING_AFTER_CLAIM, the claim
 */
typedef struct
{
  EvbTimelineWarningKind  kind;
  char                   *node_id;
  char                   *claim_id;
} EvbTimelineWarning;

/**
 * EvbTimelineItem:
 * @id: the node's id
 * @title: its title
 * @kind: claim or evidence
 * @evidence_type: the evidence type; %EVB_EVIDENCE_TYPE_NONE for claims
 * @occurred: when it occurred
 * @has_collected: whether @collected holds a date
 * @collected: when it was collected
 * @lane: the index of its lane
 * @row: its row within the lane, set by evb_timeline_stack() (0 before)
 * @n_warnings: how many warnings are about it
 *
 * One dated node on the timeline. Everything belongs to the timeline.
 */
typedef struct
{
  char            *id;
  char            *title;
  EvbNodeKind      kind;
  EvbEvidenceType  evidence_type;
  EvbTimelineDate  occurred;
  gboolean         has_collected;
  EvbTimelineDate  collected;
  guint            lane;
  guint            row;
  guint            n_warnings;
} EvbTimelineItem;

/**
 * EvbTimelineLane:
 * @label: "Claims", an evidence type's label, a source, or "No source"
 * @kind: the kind of its items
 * @evidence_type: by type, the lane's evidence type; otherwise
 *   %EVB_EVIDENCE_TYPE_NONE
 * @n_rows: how many rows evb_timeline_stack() gave it (at least 1)
 */
typedef struct
{
  char            *label;
  EvbNodeKind      kind;
  EvbEvidenceType  evidence_type;
  guint            n_rows;
} EvbTimelineLane;

/**
 * EvbTimeline:
 *
 * A snapshot of a board on a time axis: the nodes with an `occurred` date,
 * in order of that date (then of the board), each in a lane; the nodes
 * without one (or with one that cannot be read), listed apart in the
 * board's order; and the warnings where the dates do not add up. Pure:
 * built from the board alone, the same for the same board on any machine.
 */
typedef struct _EvbTimeline EvbTimeline;

/**
 * evb_timeline_new:
 * @board: the board
 * @lanes: what the lanes group by
 *
 * Returns: (transfer full): the timeline; free it with evb_timeline_free().
 */
EvbTimeline              *evb_timeline_new            (EvbBoard         *board,
                                                       EvbTimelineLanes  lanes);
void                      evb_timeline_free           (EvbTimeline      *timeline);

EvbTimelineLanes          evb_timeline_get_lanes      (EvbTimeline      *timeline);
guint                     evb_timeline_get_n_items    (EvbTimeline      *timeline);
/* (transfer none): item @index in order of time. */
const EvbTimelineItem    *evb_timeline_get_item       (EvbTimeline      *timeline,
                                                       guint             index);
/* The index of the item of node @id, or -1 when it is not on the axis. */
int                       evb_timeline_find_item      (EvbTimeline      *timeline,
                                                       const char       *id);
guint                     evb_timeline_get_n_lanes    (EvbTimeline      *timeline);
/* (transfer none) */
const EvbTimelineLane    *evb_timeline_get_lane       (EvbTimeline      *timeline,
                                                       guint             index);
guint                     evb_timeline_get_n_undated  (EvbTimeline      *timeline);
/* (transfer none): the id of undated node @index, in the board's order. */
const char               *evb_timeline_get_undated    (EvbTimeline      *timeline,
                                                       guint             index);
guint                     evb_timeline_get_n_warnings (EvbTimeline      *timeline);
/* (transfer none): in the order of the items they are about. */
const EvbTimelineWarning *evb_timeline_get_warning    (EvbTimeline      *timeline,
                                                       guint             index);
/* The first and last microsecond any item's dates cover; FALSE (and
 * nothing set) when no item is dated. */
gboolean                  evb_timeline_get_range      (EvbTimeline      *timeline,
                                                       gint64           *start,
                                                       gint64           *end);

/**
 * evb_timeline_get_extent:
 * @item: an item
 * @start: (out): the earliest microsecond of its dates
 * @end: (out): the latest
 *
 * Where the item's drawing reaches on the axis: from occurred to collected
 * (which may lie before it).
 */
void                      evb_timeline_get_extent     (const EvbTimelineItem *item,
                                                       gint64                *start,
                                                       gint64                *end);

/**
 * evb_timeline_stack:
 * @timeline: the timeline
 * @pixels_per_second: the scale of the axis
 * @min_spacing: how many pixels apart two items must be in one row
 *
 * Gives each item a row in its lane so that, at this scale, items in one
 * row are at least @min_spacing pixels apart (from the end of one item's
 * extent to the start of the next): items too close are stacked, never
 * drawn over each other. First fit, in order of time, so the same scale
 * always gives the same rows. Sets each lane's n_rows.
 *
 * Returns: whether any item's row changed.
 */
gboolean                  evb_timeline_stack          (EvbTimeline      *timeline,
                                                       double            pixels_per_second,
                                                       double            min_spacing);

/**
 * evb_timeline_warning_describe:
 * @warning: a warning
 * @board: the board the timeline was made from
 *
 * Returns: (transfer full): the reason in a sentence, naming the claim.
 */
char                     *evb_timeline_warning_describe (const EvbTimelineWarning *warning,
                                                         EvbBoard                 *board);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EvbTimeline, evb_timeline_free)

G_END_DECLS
