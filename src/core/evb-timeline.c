/* evb-timeline.c: the board's items on a time axis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dates on a board are plain dates or RFC 3339 date-times. Each becomes a
 * span in microseconds since 1970 (UTC): an instant for a date-time, the
 * whole day (UTC) for a plain date. Warnings compare spans, so a plain
 * date never counts as before or after a time on the same day: an
 * analyst who wrote only the day must not be told the dates don't add up.
 *
 * Everything here is a pure function of the board: the view, the picture
 * and the CLI's export all build the same timeline from the same board.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "evb-timeline.h"

#define USEC_PER_DAY (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

struct _EvbTimeline
{
  EvbTimelineLanes  lanes_by;
  GPtrArray        *items;     /* EvbTimelineItem*, in order of time */
  GHashTable       *index;     /* id → position + 1 in items */
  GPtrArray        *lanes;     /* EvbTimelineLane* */
  GPtrArray        *undated;   /* char* node ids */
  GPtrArray        *warnings;  /* EvbTimelineWarning* */
};

/* Dates */

static gboolean
parse_digits (const char *p,
              guint       n,
              int        *value)
{
  *value = 0;
  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      *value = *value * 10 + (p[i] - '0');
    }
  return TRUE;
}

static gint64
to_usec (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

gboolean
evb_timeline_parse_date (const char      *text,
                         EvbTimelineDate *date)
{
  int year, month, day;

  g_return_val_if_fail (date != NULL, FALSE);

  if (text == NULL || strlen (text) < 10)
    return FALSE;
  if (!parse_digits (text, 4, &year) || text[4] != '-' || !parse_digits (text + 5, 2, &month) ||
      text[7] != '-' || !parse_digits (text + 8, 2, &day))
    return FALSE;
  if (year < 1 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  if (text[10] == '\0')
    {
      g_autoptr(GDateTime) midnight = g_date_time_new_utc (year, month, day, 0, 0, 0);

      if (midnight == NULL)
        return FALSE;
      date->start = to_usec (midnight);
      date->end = date->start + USEC_PER_DAY - 1;
      date->date_only = TRUE;
      return TRUE;
    }
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ')
    return FALSE;

  {
    /* With UTC as the default zone: the local one would make the same
     * board read differently on another machine. */
    g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
    g_autofree char *normalised = g_strdup (text);
    g_autoptr(GDateTime) dt = NULL;

    /* RFC 3339 allows a space and a lower-case t and z; GLib wants
     * upper case. */
    normalised[10] = 'T';
    if (g_str_has_suffix (normalised, "z"))
      normalised[strlen (normalised) - 1] = 'Z';
    dt = g_date_time_new_from_iso8601 (normalised, utc);
    if (dt == NULL)
      return FALSE;
    date->start = date->end = to_usec (dt);
    date->date_only = FALSE;
    return TRUE;
  }
}

char *
evb_timeline_format_date (const EvbTimelineDate *date)
{
  g_autoptr(GDateTime) epoch = NULL;
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (date != NULL, NULL);

  epoch = g_date_time_new_utc (1970, 1, 1, 0, 0, 0);
  dt = g_date_time_add (epoch, date->start);
  if (dt == NULL)
    return g_strdup ("?");
  if (date->date_only)
    return g_date_time_format (dt, "%Y-%m-%d");
  if (date->start % (60 * G_USEC_PER_SEC) != 0)
    return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S UTC");
  return g_date_time_format (dt, "%Y-%m-%d %H:%M UTC");
}

/* Building */

static void
item_free (EvbTimelineItem *item)
{
  g_free (item->id);
  g_free (item->title);
  g_free (item);
}

static void
lane_free (EvbTimelineLane *lane)
{
  g_free (lane->label);
  g_free (lane);
}

static void
warning_free (EvbTimelineWarning *warning)
{
  g_free (warning->node_id);
  g_free (warning->claim_id);
  g_free (warning);
}

typedef struct
{
  EvbTimelineItem *item;
  guint            board_index;
} Sortable;

static int
compare_by_time (gconstpointer a,
                 gconstpointer b)
{
  const Sortable *sa = a, *sb = b;
  const EvbTimelineDate *da = &sa->item->occurred, *db = &sb->item->occurred;

  if (da->start != db->start)
    return da->start < db->start ? -1 : 1;
  if (da->end != db->end)
    return da->end < db->end ? -1 : 1;
  return (sa->board_index > sb->board_index) - (sa->board_index < sb->board_index);
}

/* Sources are compared case-folded, then as written: the same order on
 * every machine, whatever its locale. */
static int
compare_sources (gconstpointer a,
                 gconstpointer b)
{
  const char *sa = *(const char * const *) a, *sb = *(const char * const *) b;
  g_autofree char *fa = g_utf8_casefold (sa, -1);
  g_autofree char *fb = g_utf8_casefold (sb, -1);
  int cmp = strcmp (fa, fb);

  return cmp != 0 ? cmp : strcmp (sa, sb);
}

static EvbTimelineLane *
lane_new (const char      *label,
          EvbNodeKind      kind,
          EvbEvidenceType  type)
{
  EvbTimelineLane *lane = g_new0 (EvbTimelineLane, 1);

  lane->label = g_strdup (label);
  lane->kind = kind;
  lane->evidence_type = type;
  lane->n_rows = 1;
  return lane;
}

/* Claims first, then the evidence types in their usual order or the
 * sources in alphabetical order, then evidence without a source. Only
 * lanes with an item. */
static void
assign_lanes (EvbTimeline *self,
              EvbBoard    *board)
{
  g_autoptr(GHashTable) source_lane = g_hash_table_new (g_str_hash, g_str_equal);
  int type_lane[EVB_N_EVIDENCE_TYPES];
  int claim_lane = -1, no_source_lane = -1;
  gboolean has_claims = FALSE, has_unsourced = FALSE;
  gboolean has_type[EVB_N_EVIDENCE_TYPES] = { FALSE };
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();

  for (guint i = 0; i < self->items->len; i++)
    {
      EvbTimelineItem *item = g_ptr_array_index (self->items, i);
      const EvbNodeData *data = evb_node_get_data (evb_board_get_node (board, item->id));

      if (item->kind == EVB_NODE_KIND_CLAIM)
        has_claims = TRUE;
      else if (self->lanes_by == EVB_TIMELINE_LANES_TYPE)
        has_type[CLAMP (item->evidence_type, 0, EVB_N_EVIDENCE_TYPES - 1)] = TRUE;
      else if (data->source == NULL)
        has_unsourced = TRUE;
      else if (!g_hash_table_contains (source_lane, data->source))
        {
          g_hash_table_insert (source_lane, data->source, NULL);
          g_ptr_array_add (sources, data->source);
        }
    }

  if (has_claims)
    {
      claim_lane = self->lanes->len;
      g_ptr_array_add (self->lanes, lane_new (_("Claims"), EVB_NODE_KIND_CLAIM, EVB_EVIDENCE_TYPE_NONE));
    }
  for (int t = 0; t < EVB_N_EVIDENCE_TYPES; t++)
    {
      type_lane[t] = -1;
      if (!has_type[t])
        continue;
      type_lane[t] = self->lanes->len;
      g_ptr_array_add (self->lanes, lane_new (evb_evidence_type_get_label (t), EVB_NODE_KIND_EVIDENCE, t));
    }
  g_ptr_array_sort (sources, compare_sources);
  for (guint i = 0; i < sources->len; i++)
    {
      const char *source = g_ptr_array_index (sources, i);

      g_hash_table_insert (source_lane, (gpointer) source, GUINT_TO_POINTER (self->lanes->len + 1));
      g_ptr_array_add (self->lanes, lane_new (source, EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_NONE));
    }
  if (has_unsourced)
    {
      no_source_lane = self->lanes->len;
      g_ptr_array_add (self->lanes, lane_new (_("No source"), EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_NONE));
    }

  for (guint i = 0; i < self->items->len; i++)
    {
      EvbTimelineItem *item = g_ptr_array_index (self->items, i);
      const EvbNodeData *data = evb_node_get_data (evb_board_get_node (board, item->id));

      if (item->kind == EVB_NODE_KIND_CLAIM)
        item->lane = claim_lane;
      else if (self->lanes_by == EVB_TIMELINE_LANES_TYPE)
        item->lane = type_lane[CLAMP (item->evidence_type, 0, EVB_N_EVIDENCE_TYPES - 1)];
      else if (data->source == NULL)
        item->lane = no_source_lane;
      else
        item->lane = GPOINTER_TO_UINT (g_hash_table_lookup (source_lane, data->source)) - 1;
    }
}

static void
add_warning (EvbTimeline            *self,
             EvbTimelineItem        *item,
             EvbTimelineWarningKind  kind,
             const char             *claim_id)
{
  EvbTimelineWarning *warning = g_new0 (EvbTimelineWarning, 1);

  warning->kind = kind;
  warning->node_id = g_strdup (item->id);
  warning->claim_id = g_strdup (claim_id);
  g_ptr_array_add (self->warnings, warning);
  item->n_warnings++;
}

static void
find_warnings (EvbTimeline *self,
               EvbBoard    *board)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      EvbTimelineItem *item = g_ptr_array_index (self->items, i);
      GPtrArray *links;

      if (item->has_collected && item->collected.end < item->occurred.start)
        add_warning (self, item, EVB_TIMELINE_WARNING_COLLECTED_BEFORE_OCCURRED, NULL);
      if (item->kind != EVB_NODE_KIND_EVIDENCE)
        continue;

      /* Evidence that came about after the claim was made cannot be what
       * the claimant relied on: worth a second look, not an error. */
      links = evb_node_get_links (evb_board_get_node (board, item->id));
      for (guint k = 0; k < links->len; k++)
        {
          EvbLink *link = g_ptr_array_index (links, k);
          EvbNode *claim;
          EvbTimelineDate made;

          if (evb_link_get_relation (link) != EVB_RELATION_SUPPORTS ||
              !g_str_equal (evb_link_get_from (link), item->id))
            continue;
          claim = evb_board_get_node (board, evb_link_get_to (link));
          if (claim == NULL || evb_node_get_kind (claim) != EVB_NODE_KIND_CLAIM ||
              !evb_timeline_parse_date (evb_node_get_data (claim)->occurred, &made))
            continue;
          if (item->occurred.start > made.end)
            add_warning (self, item, EVB_TIMELINE_WARNING_AFTER_CLAIM, evb_node_get_id (claim));
        }
    }
}

EvbTimeline *
evb_timeline_new (EvbBoard         *board,
                  EvbTimelineLanes  lanes)
{
  EvbTimeline *self;
  GPtrArray *nodes;
  g_autoptr(GArray) sortable = g_array_new (FALSE, FALSE, sizeof (Sortable));

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  self = g_new0 (EvbTimeline, 1);
  self->lanes_by = lanes;
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
  self->lanes = g_ptr_array_new_with_free_func ((GDestroyNotify) lane_free);
  self->undated = g_ptr_array_new_with_free_func (g_free);
  self->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) warning_free);

  nodes = evb_board_get_nodes (board);
  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *data = evb_node_get_data (g_ptr_array_index (nodes, i));
      EvbTimelineItem *item;
      Sortable s;

      item = g_new0 (EvbTimelineItem, 1);
      if (!evb_timeline_parse_date (data->occurred, &item->occurred))
        {
          g_free (item);
          g_ptr_array_add (self->undated, g_strdup (data->id));
          continue;
        }
      item->id = g_strdup (data->id);
      item->title = g_strdup (data->title);
      item->kind = data->kind;
      item->evidence_type = data->kind == EVB_NODE_KIND_EVIDENCE ? data->evidence_type
                                                                : EVB_EVIDENCE_TYPE_NONE;
      item->has_collected = evb_timeline_parse_date (data->collected, &item->collected);
      s.item = item;
      s.board_index = i;
      g_array_append_val (sortable, s);
    }

  g_array_sort (sortable, compare_by_time);
  for (guint i = 0; i < sortable->len; i++)
    {
      EvbTimelineItem *item = g_array_index (sortable, Sortable, i).item;

      g_ptr_array_add (self->items, item);
      g_hash_table_insert (self->index, item->id, GUINT_TO_POINTER (i + 1));
    }

  assign_lanes (self, board);
  find_warnings (self, board);
  return self;
}

void
evb_timeline_free (EvbTimeline *timeline)
{
  if (timeline == NULL)
    return;
  g_hash_table_unref (timeline->index);
  g_ptr_array_unref (timeline->items);
  g_ptr_array_unref (timeline->lanes);
  g_ptr_array_unref (timeline->undated);
  g_ptr_array_unref (timeline->warnings);
  g_free (timeline);
}

/* Queries */

EvbTimelineLanes
evb_timeline_get_lanes (EvbTimeline *timeline)
{
  g_return_val_if_fail (timeline != NULL, EVB_TIMELINE_LANES_TYPE);
  return timeline->lanes_by;
}

guint
evb_timeline_get_n_items (EvbTimeline *timeline)
{
  g_return_val_if_fail (timeline != NULL, 0);
  return timeline->items->len;
}

const EvbTimelineItem *
evb_timeline_get_item (EvbTimeline *timeline,
                       guint        index)
{
  g_return_val_if_fail (timeline != NULL, NULL);
  g_return_val_if_fail (index < timeline->items->len, NULL);
  return g_ptr_array_index (timeline->items, index);
}

int
evb_timeline_find_item (EvbTimeline *timeline,
                        const char  *id)
{
  g_return_val_if_fail (timeline != NULL, -1);

  if (id == NULL)
    return -1;
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (timeline->index, id)) - 1;
}

guint
evb_timeline_get_n_lanes (EvbTimeline *timeline)
{
  g_return_val_if_fail (timeline != NULL, 0);
  return timeline->lanes->len;
}

const EvbTimelineLane *
evb_timeline_get_lane (EvbTimeline *timeline,
                       guint        index)
{
  g_return_val_if_fail (timeline != NULL, NULL);
  g_return_val_if_fail (index < timeline->lanes->len, NULL);
  return g_ptr_array_index (timeline->lanes, index);
}

guint
evb_timeline_get_n_undated (EvbTimeline *timeline)
{
  g_return_val_if_fail (timeline != NULL, 0);
  return timeline->undated->len;
}

const char *
evb_timeline_get_undated (EvbTimeline *timeline,
                          guint        index)
{
  g_return_val_if_fail (timeline != NULL, NULL);
  g_return_val_if_fail (index < timeline->undated->len, NULL);
  return g_ptr_array_index (timeline->undated, index);
}

guint
evb_timeline_get_n_warnings (EvbTimeline *timeline)
{
  g_return_val_if_fail (timeline != NULL, 0);
  return timeline->warnings->len;
}

const EvbTimelineWarning *
evb_timeline_get_warning (EvbTimeline *timeline,
                          guint        index)
{
  g_return_val_if_fail (timeline != NULL, NULL);
  g_return_val_if_fail (index < timeline->warnings->len, NULL);
  return g_ptr_array_index (timeline->warnings, index);
}

void
evb_timeline_get_extent (const EvbTimelineItem *item,
                         gint64                *start,
                         gint64                *end)
{
  g_return_if_fail (item != NULL);

  *start = item->occurred.start;
  *end = item->occurred.end;
  if (item->has_collected)
    {
      *start = MIN (*start, item->collected.start);
      *end = MAX (*end, item->collected.end);
    }
}

gboolean
evb_timeline_get_range (EvbTimeline *timeline,
                        gint64      *start,
                        gint64      *end)
{
  gint64 first = G_MAXINT64, last = G_MININT64;

  g_return_val_if_fail (timeline != NULL, FALSE);

  if (timeline->items->len == 0)
    return FALSE;
  for (guint i = 0; i < timeline->items->len; i++)
    {
      gint64 s, e;

      evb_timeline_get_extent (g_ptr_array_index (timeline->items, i), &s, &e);
      first = MIN (first, s);
      last = MAX (last, e);
    }
  if (start != NULL)
    *start = first;
  if (end != NULL)
    *end = last;
  return TRUE;
}

/* Stacking */

static int
compare_extent_start (gconstpointer a,
                      gconstpointer b)
{
  const EvbTimelineItem *ia = *(EvbTimelineItem * const *) a;
  const EvbTimelineItem *ib = *(EvbTimelineItem * const *) b;
  gint64 sa, ea, sb, eb;

  evb_timeline_get_extent (ia, &sa, &ea);
  evb_timeline_get_extent (ib, &sb, &eb);
  return (sa > sb) - (sa < sb);
}

gboolean
evb_timeline_stack (EvbTimeline *timeline,
                    double       pixels_per_second,
                    double       min_spacing)
{
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GPtrArray) row_ends = NULL;   /* per lane: GArray of double */
  gint64 origin = 0;
  gboolean changed = FALSE;

  g_return_val_if_fail (timeline != NULL, FALSE);
  g_return_val_if_fail (pixels_per_second > 0 && isfinite (pixels_per_second), FALSE);

  if (!evb_timeline_get_range (timeline, &origin, NULL))
    return FALSE;

  /* In order of where each item's drawing starts (the items are sorted by
   * when they occurred; collected can lie before that). The sort is
   * stable, so ties keep the order of time. */
  /* Not g_ptr_array_copy(): the copy would free the items too. */
  order = g_ptr_array_sized_new (timeline->items->len);
  g_ptr_array_extend (order, timeline->items, NULL, NULL);
  g_ptr_array_sort (order, compare_extent_start);
  row_ends = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint l = 0; l < timeline->lanes->len; l++)
    g_ptr_array_add (row_ends, g_array_new (FALSE, FALSE, sizeof (double)));

  for (guint i = 0; i < order->len; i++)
    {
      EvbTimelineItem *item = g_ptr_array_index (order, i);
      GArray *ends = g_ptr_array_index (row_ends, item->lane);
      gint64 s, e;
      double x0, x1;
      guint row;

      /* Relative to the first date: doubles stay exact to the microsecond. */
      evb_timeline_get_extent (item, &s, &e);
      x0 = (double) (s - origin) / G_USEC_PER_SEC * pixels_per_second;
      x1 = (double) (e - origin) / G_USEC_PER_SEC * pixels_per_second;
      for (row = 0; row < ends->len; row++)
        if (g_array_index (ends, double, row) + min_spacing <= x0)
          break;
      if (row == ends->len)
        g_array_append_val (ends, x1);
      else
        g_array_index (ends, double, row) = x1;
      if (item->row != row)
        changed = TRUE;
      item->row = row;
    }

  for (guint l = 0; l < timeline->lanes->len; l++)
    {
      EvbTimelineLane *lane = g_ptr_array_index (timeline->lanes, l);
      GArray *ends = g_ptr_array_index (row_ends, l);

      lane->n_rows = MAX (1, ends->len);
    }
  return changed;
}

char *
evb_timeline_warning_describe (const EvbTimelineWarning *warning,
                               EvbBoard                 *board)
{
  EvbNode *claim;

  g_return_val_if_fail (warning != NULL, NULL);
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  switch (warning->kind)
    {
    case EVB_TIMELINE_WARNING_COLLECTED_BEFORE_OCCURRED:
      return g_strdup (_("Collected before it occurred"));
    case EVB_TIMELINE_WARNING_AFTER_CLAIM:
    default:
      claim = evb_board_get_node (board, warning->claim_id);
      /* Translators: %s is the title of a claim that the evidence supports */
      return g_strdup_printf (_("Dated after the claim it supports was made: “%s”"),
                              claim != NULL ? evb_node_get_title (claim) : warning->claim_id);
    }
}
