/* evb-timeline-picture.c: the timeline drawn as GSK render nodes, for the view and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The view and the exports draw through the same code, as the board's do
 * through EvbRenderer. Text and icons go through a renderer of the board
 * too: its pango context, its vector icons in the palette's colours, and
 * for SVG its text layer, so titles stay <text> a reader can search.
 *
 * The axis chooses its step from a table of calendar steps (minutes to
 * millennia), the smallest whose ticks are far enough apart to label;
 * ticks fall on calendar boundaries in UTC (the hour, midnight, the first
 * of the month, the year), and a second tier above them names the day,
 * month or year they belong to, repeated at the left edge so a view
 * zoomed to minutes still says which day it shows.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "evb-error.h"
#include "evb-export-private.h"
#include "evb-renderer-private.h"
#include "evb-timeline-picture.h"

#define LANE_HEADER   28.0
#define ROW_HEIGHT    60.0
#define LANE_GAP      8.0
#define MARK_RADIUS   9.0
#define MARK_Y        17.0
#define TITLE_Y       30.0
#define DATES_Y       46.0
#define LEFT_PAD      32.0
#define TICK_MIN_PX   120.0
#define HEADING       72.0
#define MARGIN        32.0
#define LIST_LINE     22.0
#define TITLE_MAX_WIDTH 360.0
#define STICKY_X      8.0
#define FONT_TITLE    "Cantarell, DejaVu Sans Bold 9.5"
#define FONT_DATES    "Cantarell, DejaVu Sans 8"
#define FONT_LANE     "Cantarell, DejaVu Sans Bold 9"
#define FONT_TICK     "Cantarell, DejaVu Sans 8.5"
#define FONT_MAJOR    "Cantarell, DejaVu Sans Bold 8.5"
#define FONT_HEADING  "Cantarell, DejaVu Sans Bold 15"
#define FONT_LIST     "Cantarell, DejaVu Sans 9.5"

#define USEC_PER_MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define USEC_PER_HOUR   (60 * USEC_PER_MINUTE)
#define USEC_PER_DAY    (24 * USEC_PER_HOUR)

struct _EvbTimelinePicture
{
  GObject           parent_instance;

  EvbBoard         *board;
  EvbRenderer      *renderer;   /* text, icons, palette */
  EvbTimeline      *timeline;
  EvbTimelineLanes  lanes;
  EvbSelection     *selection;
  char             *focus;
  gint64            origin;
  double            scale;      /* pixels per second */
  GArray           *lane_y;     /* double: the top of each lane */
  GArray           *room;       /* double per item: pixels to the next item in its row */
  GArray           *text_width; /* double per item: its title's or dates' width, the wider */
  GHashTable       *widths;     /* text → its width (double*), kept across updates */
  double            height;
};

G_DEFINE_FINAL_TYPE (EvbTimelinePicture, evb_timeline_picture, G_TYPE_OBJECT)

/* The axis */

typedef enum
{
  UNIT_MINUTE,
  UNIT_HOUR,
  UNIT_DAY,
  UNIT_MONTH,
  UNIT_YEAR,
} Unit;

typedef struct
{
  Unit unit;
  int  count;
} Step;

static const Step steps[] = {
  { UNIT_MINUTE, 1 }, { UNIT_MINUTE, 5 }, { UNIT_MINUTE, 15 }, { UNIT_MINUTE, 30 },
  { UNIT_HOUR, 1 }, { UNIT_HOUR, 3 }, { UNIT_HOUR, 6 }, { UNIT_HOUR, 12 },
  { UNIT_DAY, 1 }, { UNIT_DAY, 2 }, { UNIT_DAY, 7 },
  { UNIT_MONTH, 1 }, { UNIT_MONTH, 3 }, { UNIT_MONTH, 6 },
  { UNIT_YEAR, 1 }, { UNIT_YEAR, 2 }, { UNIT_YEAR, 5 }, { UNIT_YEAR, 10 }, { UNIT_YEAR, 25 },
  { UNIT_YEAR, 50 }, { UNIT_YEAR, 100 }, { UNIT_YEAR, 250 }, { UNIT_YEAR, 500 }, { UNIT_YEAR, 1000 },
};

static double
step_seconds (const Step *step)
{
  static const double unit_seconds[] = { 60, 3600, 86400, 30.44 * 86400, 365.25 * 86400 };

  return unit_seconds[step->unit] * step->count;
}

static const Step *
choose_step (double pixels_per_second)
{
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (step_seconds (&steps[i]) * pixels_per_second >= TICK_MIN_PX)
      return &steps[i];
  return &steps[G_N_ELEMENTS (steps) - 1];
}

/* The tier above: what the ticks belong to. */
static const Step *
major_step (const Step *minor)
{
  static const Step day = { UNIT_DAY, 1 }, month = { UNIT_MONTH, 1 }, year = { UNIT_YEAR, 1 };

  switch (minor->unit)
    {
    case UNIT_MINUTE:
    case UNIT_HOUR:
      return &day;
    case UNIT_DAY:
      return &month;
    case UNIT_MONTH:
      return &year;
    case UNIT_YEAR:
    default:
      return NULL;
    }
}

static GDateTime *
usec_to_date_time (gint64 time)
{
  g_autoptr(GDateTime) epoch = g_date_time_new_utc (1970, 1, 1, 0, 0, 0);

  return g_date_time_add (epoch, time);
}

static gint64
date_time_to_usec (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* The last tick at or before time; 0 with *ok FALSE past GDateTime's
 * years (1 to 9999). */
static gint64
first_tick (const Step *step,
            gint64      time,
            gboolean   *ok)
{
  g_autoptr(GDateTime) dt = usec_to_date_time (time);
  g_autoptr(GDateTime) tick = NULL;
  gint64 length;

  *ok = dt != NULL;
  if (dt == NULL)
    return 0;
  switch (step->unit)
    {
    case UNIT_MINUTE:
    case UNIT_HOUR:
    case UNIT_DAY:
      length = (step->unit == UNIT_MINUTE ? USEC_PER_MINUTE
                : step->unit == UNIT_HOUR ? USEC_PER_HOUR : USEC_PER_DAY) * step->count;
      /* Weeks start on a Monday: 1970-01-05 was one. */
      if (step->unit == UNIT_DAY && step->count == 7)
        return floor_div (time - 4 * USEC_PER_DAY, length) * length + 4 * USEC_PER_DAY;
      return floor_div (time, length) * length;
    case UNIT_MONTH:
      tick = g_date_time_new_utc (g_date_time_get_year (dt),
                                  (g_date_time_get_month (dt) - 1) / step->count * step->count + 1,
                                  1, 0, 0, 0);
      break;
    case UNIT_YEAR:
    default:
      tick = g_date_time_new_utc (MAX (1, g_date_time_get_year (dt) / step->count * step->count), 1, 1,
                                  0, 0, 0);
      break;
    }
  *ok = tick != NULL;
  return tick != NULL ? date_time_to_usec (tick) : 0;
}

static gboolean
next_tick (const Step *step,
           gint64     *time)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) next = NULL;

  switch (step->unit)
    {
    case UNIT_MINUTE:
      *time += step->count * USEC_PER_MINUTE;
      return TRUE;
    case UNIT_HOUR:
      *time += step->count * USEC_PER_HOUR;
      return TRUE;
    case UNIT_DAY:
      *time += step->count * USEC_PER_DAY;
      return TRUE;
    case UNIT_MONTH:
    case UNIT_YEAR:
    default:
      dt = usec_to_date_time (*time);
      if (dt != NULL)
        next = step->unit == UNIT_MONTH ? g_date_time_add_months (dt, step->count)
                                        : g_date_time_add_years (dt, step->count);
      if (next == NULL)
        return FALSE;
      *time = date_time_to_usec (next);
      return TRUE;
    }
}

static char *
format_tick (gint64      time,
             Unit        unit,
             gboolean    major)
{
  g_autoptr(GDateTime) dt = usec_to_date_time (time);

  if (dt == NULL)
    return g_strdup ("");
  switch (unit)
    {
    case UNIT_MINUTE:
    case UNIT_HOUR:
      return g_date_time_format (dt, "%H:%M");
    case UNIT_DAY:
      /* Translators: a day on the timeline's axis, as strftime() would
       * write it: "29 Dec" */
      return major ? g_date_time_format (dt, _("%-d %B %Y")) : g_date_time_format (dt, _("%-d %b"));
    case UNIT_MONTH:
      return major ? g_date_time_format (dt, _("%B %Y")) : g_date_time_format (dt, "%b");
    case UNIT_YEAR:
    default:
      return g_date_time_format (dt, "%Y");
    }
}

/* Helpers */

static const EvbPalette *
palette_of (EvbTimelinePicture *self)
{
  return evb_renderer_get_palette (self->renderer);
}

static double
item_x (EvbTimelinePicture *self,
        gint64              time)
{
  return (double) (time - self->origin) / G_USEC_PER_SEC * self->scale;
}

static double
row_top (EvbTimelinePicture    *self,
         const EvbTimelineItem *item)
{
  return g_array_index (self->lane_y, double, item->lane) + LANE_HEADER + item->row * ROW_HEIGHT;
}

static double
lane_height (const EvbTimelineLane *lane)
{
  return LANE_HEADER + lane->n_rows * ROW_HEIGHT + LANE_GAP;
}

static double title_width (EvbTimelinePicture *self,
                           guint               index);

/* The title's room counts: a click on a title picks its item. */
static void
item_box (EvbTimelinePicture *self,
          guint               index,
          graphene_rect_t    *rect)
{
  const EvbTimelineItem *item = evb_timeline_get_item (self->timeline, index);
  double x = item_x (self, item->occurred.start);
  double left = x, right = x;
  double top = row_top (self, item);

  if (item->occurred.date_only)
    right = MAX (right, item_x (self, item->occurred.end));
  if (item->has_collected)
    {
      left = MIN (left, item_x (self, item->collected.start));
      right = MAX (right, item_x (self, item->collected.start));
    }
  left -= MARK_RADIUS + 6;
  right = MAX (right + MARK_RADIUS + 6,
               x - MARK_RADIUS + MIN (title_width (self, index), g_array_index (self->text_width, double, index)) + 8);
  graphene_rect_init (rect, left, top + 1, right - left, ROW_HEIGHT - 2);
}

static int
compare_row_order (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  EvbTimeline *timeline = user_data;
  const EvbTimelineItem *ia = evb_timeline_get_item (timeline, *(const guint *) a);
  const EvbTimelineItem *ib = evb_timeline_get_item (timeline, *(const guint *) b);
  gint64 sa, sb, end;

  if (ia->lane != ib->lane)
    return ia->lane < ib->lane ? -1 : 1;
  if (ia->row != ib->row)
    return ia->row < ib->row ? -1 : 1;
  evb_timeline_get_extent (ia, &sa, &end);
  evb_timeline_get_extent (ib, &sb, &end);
  return (sa > sb) - (sa < sb);
}

/* A title takes the room up to the next item in its row, within reason:
 * the spacing guarantees the least of it. */
static void
measure_room (EvbTimelinePicture *self)
{
  guint n = evb_timeline_get_n_items (self->timeline);
  g_autofree guint *order = g_new (guint, MAX (n, 1));

  g_array_set_size (self->room, n);
  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof (guint), compare_row_order, self->timeline);
  for (guint k = 0; k < n; k++)
    {
      const EvbTimelineItem *item = evb_timeline_get_item (self->timeline, order[k]);
      double room = G_MAXDOUBLE;

      if (k + 1 < n)
        {
          const EvbTimelineItem *next = evb_timeline_get_item (self->timeline, order[k + 1]);
          gint64 start, end;

          evb_timeline_get_extent (next, &start, &end);
          if (next->lane == item->lane && next->row == item->row)
            room = (double) (start - item->occurred.start) / G_USEC_PER_SEC * self->scale;
        }
      g_array_index (self->room, double, order[k]) = room;
    }
}

static char *dup_dates_text (const EvbTimelineItem *item);

/* Laying out every title again after each edit of a big board would cost
 * a frame or more: widths are remembered by text. */
static double
text_width (EvbTimelinePicture *self,
            const char         *text,
            const char         *font)
{
  g_autofree char *key = g_strconcat (font, "\n", text, NULL);
  double *width = g_hash_table_lookup (self->widths, key);

  if (width == NULL)
    {
      g_autoptr(PangoLayout) layout = _evb_renderer_create_layout (self->renderer, text, font, -1, 0);
      int w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      width = g_new (double, 1);
      *width = w;
      g_hash_table_insert (self->widths, g_steal_pointer (&key), width);
    }
  return *width;
}

static void
measure_text (EvbTimelinePicture *self)
{
  guint n = evb_timeline_get_n_items (self->timeline);

  g_array_set_size (self->text_width, n);
  for (guint i = 0; i < n; i++)
    {
      const EvbTimelineItem *item = evb_timeline_get_item (self->timeline, i);
      g_autofree char *dates_text = dup_dates_text (item);

      g_array_index (self->text_width, double, i) = MAX (text_width (self, item->title, FONT_TITLE),
                                                         text_width (self, dates_text, FONT_DATES));
    }
}

static void
relayout (EvbTimelinePicture *self)
{
  double y = EVB_TIMELINE_PICTURE_AXIS_HEIGHT;

  evb_timeline_stack (self->timeline, self->scale, EVB_TIMELINE_PICTURE_SPACING);
  measure_room (self);
  g_array_set_size (self->lane_y, 0);
  for (guint l = 0; l < evb_timeline_get_n_lanes (self->timeline); l++)
    {
      g_array_append_val (self->lane_y, y);
      y += lane_height (evb_timeline_get_lane (self->timeline, l));
    }
  self->height = y;
}

static void
append_circle (GtkSnapshot   *snapshot,
               double         cx,
               double         cy,
               double         radius,
               const GdkRGBA *fill,
               const GdkRGBA *border,
               double         border_width)
{
  graphene_rect_t r = GRAPHENE_RECT_INIT (cx - radius, cy - radius, 2 * radius, 2 * radius);
  GskRoundedRect circle;

  gsk_rounded_rect_init_from_rect (&circle, &r, radius);
  gtk_snapshot_push_rounded_clip (snapshot, &circle);
  gtk_snapshot_append_color (snapshot, fill, &r);
  gtk_snapshot_pop (snapshot);
  if (border != NULL)
    {
      float widths[4] = { border_width, border_width, border_width, border_width };
      GdkRGBA colors[4] = { *border, *border, *border, *border };

      gtk_snapshot_append_border (snapshot, &circle, widths, colors);
    }
}

static void
append_box (GtkSnapshot           *snapshot,
            const graphene_rect_t *r,
            double                 radius,
            const GdkRGBA         *fill,
            const GdkRGBA         *border,
            double                 border_width)
{
  GskRoundedRect box;

  gsk_rounded_rect_init_from_rect (&box, r, radius);
  if (fill != NULL)
    {
      gtk_snapshot_push_rounded_clip (snapshot, &box);
      gtk_snapshot_append_color (snapshot, fill, r);
      gtk_snapshot_pop (snapshot);
    }
  if (border != NULL)
    {
      float widths[4] = { border_width, border_width, border_width, border_width };
      GdkRGBA colors[4] = { *border, *border, *border, *border };

      gtk_snapshot_append_border (snapshot, &box, widths, colors);
    }
}

/* Collected: a diamond, so that it reads without colour. */
static void
append_diamond (GtkSnapshot   *snapshot,
                double         cx,
                double         cy,
                double         size,
                const GdkRGBA *fill,
                const GdkRGBA *border)
{
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (cx - size - 2, cy - size - 2,
                                                                          2 * size + 4, 2 * size + 4));

  cairo_move_to (cr, cx, cy - size);
  cairo_line_to (cr, cx + size, cy);
  cairo_line_to (cr, cx, cy + size);
  cairo_line_to (cr, cx - size, cy);
  cairo_close_path (cr);
  gdk_cairo_set_source_rgba (cr, fill);
  cairo_fill_preserve (cr);
  gdk_cairo_set_source_rgba (cr, border);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

/* A warning sign: a triangle with an exclamation mark, drawn as shapes. */
static void
append_warning_sign (GtkSnapshot      *snapshot,
                     const EvbPalette *palette,
                     double            x,
                     double            y,
                     double            size)
{
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x - 1, y - 1, size + 2, size + 2));

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_move_to (cr, x + size / 2, y);
  cairo_line_to (cr, x + size, y + size * 0.9);
  cairo_line_to (cr, x, y + size * 0.9);
  cairo_close_path (cr);
  gdk_cairo_set_source_rgba (cr, &palette->broken);
  cairo_set_line_width (cr, 1.5);
  cairo_fill_preserve (cr);
  cairo_stroke (cr);
  gdk_cairo_set_source_rgba (cr, &palette->broken_text);
  cairo_rectangle (cr, x + size / 2 - 0.9, y + size * 0.3, 1.8, size * 0.32);
  cairo_fill (cr);
  cairo_arc (cr, x + size / 2, y + size * 0.74, 1.0, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
}

static char *
dup_dates_text (const EvbTimelineItem *item)
{
  g_autofree char *occurred = evb_timeline_format_date (&item->occurred);
  g_autofree char *collected = NULL;

  if (!item->has_collected)
    return g_steal_pointer (&occurred);
  collected = evb_timeline_format_date (&item->collected);
  /* Translators: when an item occurred, then when it was collected */
  return g_strdup_printf (_("%s → %s"), occurred, collected);
}

static double
title_width (EvbTimelinePicture *self,
             guint               index)
{
  double room = g_array_index (self->room, double, index) - 20;

  return CLAMP (room, EVB_TIMELINE_PICTURE_SPACING - 24, TITLE_MAX_WIDTH);
}

static void
append_item (EvbTimelinePicture    *self,
             GtkSnapshot           *snapshot,
             guint                  index,
             GHashTable            *selected)
{
  const EvbTimelineItem *item = evb_timeline_get_item (self->timeline, index);
  const EvbPalette *palette = palette_of (self);
  double x = item_x (self, item->occurred.start);
  double top = row_top (self, item);
  double cy = top + MARK_Y;
  gboolean claim = item->kind == EVB_NODE_KIND_CLAIM;
  const GdkRGBA *accent = claim ? &palette->claim_border : &palette->text_dim;
  graphene_rect_t box;
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) dates = NULL;
  g_autofree char *dates_text = NULL;
  double text_width = title_width (self, index);
  double text_x;

  item_box (self, index, &box);
  if (selected != NULL && g_hash_table_contains (selected, item->id))
    {
      GdkRGBA wash = palette->selection;

      wash.alpha *= 0.14f;
      append_box (snapshot, &box, 8, &wash, &palette->selection, 2);
    }
  if (self->focus != NULL && g_str_equal (self->focus, item->id))
    {
      graphene_rect_t ring;

      graphene_rect_inset_r (&box, -3, -3, &ring);
      append_box (snapshot, &ring, 10, NULL, &palette->text, 1);
    }

  /* A plain date covers its day: a bar when the day is wide enough to see. */
  if (item->occurred.date_only)
    {
      double end = item_x (self, item->occurred.end);

      if (end - x > 2 * MARK_RADIUS)
        {
          GdkRGBA bar = *accent;

          bar.alpha *= 0.25f;
          append_box (snapshot, &GRAPHENE_RECT_INIT (x, cy - 4, end - x, 8), 4, &bar, NULL, 0);
        }
    }

  if (item->has_collected)
    {
      double cx = item_x (self, item->collected.start);

      gtk_snapshot_append_color (snapshot, &palette->text_dim,
                                 &GRAPHENE_RECT_INIT (MIN (x, cx), cy - 1, fabs (cx - x), 2));
      append_diamond (snapshot, cx, cy, 6, &palette->card, &palette->text_dim);
    }

  if (claim)
    {
      append_circle (snapshot, x, cy, MARK_RADIUS + 1, &palette->claim_header, NULL, 0);
      _evb_renderer_append_icon (self->renderer, snapshot, "evb-claim-symbolic", &palette->claim_header_text,
                                 x - 6, cy - 6, 12);
    }
  else
    {
      append_circle (snapshot, x, cy, MARK_RADIUS + 1, &palette->card, &palette->card_border, 1.5);
      _evb_renderer_append_icon (self->renderer, snapshot, _evb_renderer_get_type_icon (item->evidence_type),
                                 &palette->icon, x - 6, cy - 6, 12);
    }
  if (item->n_warnings > 0)
    append_warning_sign (snapshot, palette, x + 4, cy - MARK_RADIUS - 6, 13);

  /* An item whose mark has scrolled off the left edge while its line is
   * still in view keeps its title at the edge, within the room its row
   * leaves it (up to the spacing after its extent). */
  text_x = x - MARK_RADIUS;
  if (text_x < STICKY_X)
    {
      gint64 start, end;
      double limit;

      evb_timeline_get_extent (item, &start, &end);
      limit = MAX (text_x + text_width, item_x (self, end) + EVB_TIMELINE_PICTURE_SPACING - 24);
      if (limit - STICKY_X >= 80)
        {
          text_width = MIN (limit - STICKY_X, TITLE_MAX_WIDTH);
          text_x = STICKY_X;
        }
    }
  title = _evb_renderer_create_layout (self->renderer, item->title, FONT_TITLE, text_width, 0);
  _evb_renderer_append_layout (snapshot, title, &palette->text, text_x, top + TITLE_Y);
  dates_text = dup_dates_text (item);
  dates = _evb_renderer_create_layout (self->renderer, dates_text, FONT_DATES, text_width, 0);
  _evb_renderer_append_layout (snapshot, dates, item->n_warnings > 0 ? &palette->broken : &palette->text_dim,
                               text_x, top + DATES_Y);
}

static void
append_lanes (EvbTimelinePicture *self,
              GtkSnapshot        *snapshot,
              double              width,
              double              top,
              double              bottom)
{
  const EvbPalette *palette = palette_of (self);
  guint n = evb_timeline_get_n_lanes (self->timeline);

  for (guint l = 0; l < n; l++)
    {
      const EvbTimelineLane *lane = evb_timeline_get_lane (self->timeline, l);
      double y = g_array_index (self->lane_y, double, l);
      double h = lane_height (lane);

      if (y > bottom || y + h < top)
        continue;
      /* Every other lane a shade darker, so a lane reads across the view. */
      if (l % 2 == 1)
        gtk_snapshot_append_color (snapshot, &palette->grid, &GRAPHENE_RECT_INIT (0, y, width, h));
      gtk_snapshot_append_color (snapshot, &palette->grid, &GRAPHENE_RECT_INIT (0, y, width, 1));
    }
}

/* The labels stay at the left edge: drawn after the items, on a plate. */
static void
append_lane_labels (EvbTimelinePicture *self,
                    GtkSnapshot        *snapshot,
                    double              top,
                    double              bottom)
{
  const EvbPalette *palette = palette_of (self);
  guint n = evb_timeline_get_n_lanes (self->timeline);

  for (guint l = 0; l < n; l++)
    {
      const EvbTimelineLane *lane = evb_timeline_get_lane (self->timeline, l);
      double y = g_array_index (self->lane_y, double, l);
      g_autoptr(PangoLayout) layout = NULL;
      const char *icon;
      int lw, lh;
      GdkRGBA plate = palette->background;

      if (y > bottom || y + LANE_HEADER < top)
        continue;
      layout = _evb_renderer_create_layout (self->renderer, lane->label, FONT_LANE, 260, 0);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      plate.alpha = 0.92f;
      append_box (snapshot, &GRAPHENE_RECT_INIT (6, y + 4, lw + 36, LANE_HEADER - 8), 6, &plate, NULL, 0);
      if (lane->kind == EVB_NODE_KIND_CLAIM)
        icon = "evb-claim-symbolic";
      else if (lane->evidence_type != EVB_EVIDENCE_TYPE_NONE)
        icon = _evb_renderer_get_type_icon (lane->evidence_type);
      else
        icon = "evb-type-other-symbolic";
      _evb_renderer_append_icon (self->renderer, snapshot, icon, &palette->text_dim, 12, y + 7, 14);
      _evb_renderer_append_layout (snapshot, layout, &palette->text_dim, 32, y + (LANE_HEADER - lh) / 2);
    }
}

/* Grid lines through the lanes at every tick, darker at the tier above. */
static void
append_grid (EvbTimelinePicture *self,
             GtkSnapshot        *snapshot,
             double              width,
             double              top,
             double              bottom)
{
  const EvbPalette *palette = palette_of (self);
  const Step *step = choose_step (self->scale);
  const Step *major = major_step (step);
  gint64 t0 = evb_timeline_picture_x_to_time (self, 0);
  gint64 t1 = evb_timeline_picture_x_to_time (self, width);
  gboolean ok;
  gint64 t = first_tick (step, t0, &ok);
  guint guard = 0;

  for (; ok && t <= t1 && guard < 1000; ok = next_tick (step, &t), guard++)
    {
      double x = round (item_x (self, t));
      gboolean ok2;
      GdkRGBA color = palette->grid;

      if (major != NULL && first_tick (major, t, &ok2) == t && ok2)
        color.alpha *= 2.5f;
      gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (x, top, 1, bottom - top));
    }
}

static void
append_axis (EvbTimelinePicture *self,
             GtkSnapshot        *snapshot,
             double              width)
{
  const EvbPalette *palette = palette_of (self);
  const Step *step = choose_step (self->scale);
  const Step *major = major_step (step);
  gint64 t0 = evb_timeline_picture_x_to_time (self, 0);
  gint64 t1 = evb_timeline_picture_x_to_time (self, width);
  double bottom = EVB_TIMELINE_PICTURE_AXIS_HEIGHT;
  gboolean ok;
  gint64 t;
  guint guard = 0;
  double sticky_right = 0;

  gtk_snapshot_append_color (snapshot, &palette->background, &GRAPHENE_RECT_INIT (0, 0, width, bottom));
  gtk_snapshot_append_color (snapshot, &palette->card_border, &GRAPHENE_RECT_INIT (0, bottom - 1, width, 1));

  for (t = first_tick (step, t0, &ok); ok && t <= t1 && guard < 1000; ok = next_tick (step, &t), guard++)
    {
      double x = round (item_x (self, t));
      g_autofree char *text = format_tick (t, step->unit, FALSE);
      g_autoptr(PangoLayout) layout = _evb_renderer_create_layout (self->renderer, text, FONT_TICK, -1, -1);

      gtk_snapshot_append_color (snapshot, &palette->text_dim, &GRAPHENE_RECT_INIT (x, bottom - 7, 1, 6));
      _evb_renderer_append_layout (snapshot, layout, &palette->text, x + 4, bottom - 24);
    }

  if (major == NULL)
    return;
  /* The day, month or year at the left edge, then where each begins. */
  guard = 0;
  for (t = first_tick (major, t0, &ok); ok && t <= t1 && guard < 1000; ok = next_tick (major, &t), guard++)
    {
      double x = MAX (round (item_x (self, t)), 0);
      g_autofree char *text = format_tick (t, major->unit, TRUE);
      g_autoptr(PangoLayout) layout = _evb_renderer_create_layout (self->renderer, text, FONT_MAJOR, -1, -1);
      int lw, lh;

      pango_layout_get_pixel_size (layout, &lw, &lh);
      if (x > 0 && x < sticky_right)
        continue;
      if (x == 0)
        {
          /* The edge's label gives way to the next one coming in. */
          gint64 next = t;
          double next_x;

          next_tick (major, &next);
          next_x = item_x (self, next);
          x = MIN (0, next_x - lw - 16);
          if (x + lw < lw / 2)
            continue;
        }
      _evb_renderer_append_layout (snapshot, layout, &palette->text, x + 4, 6);
      gtk_snapshot_append_color (snapshot, &palette->text_dim,
                                 &GRAPHENE_RECT_INIT (round (item_x (self, t)), 4, 1, bottom - 5));
      sticky_right = x + lw + 16;
    }
}

/* GObject */

static void
evb_timeline_picture_dispose (GObject *object)
{
  EvbTimelinePicture *self = EVB_TIMELINE_PICTURE (object);

  g_clear_object (&self->renderer);
  g_clear_object (&self->board);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->timeline, evb_timeline_free);

  G_OBJECT_CLASS (evb_timeline_picture_parent_class)->dispose (object);
}

static void
evb_timeline_picture_finalize (GObject *object)
{
  EvbTimelinePicture *self = EVB_TIMELINE_PICTURE (object);

  g_free (self->focus);
  g_array_unref (self->lane_y);
  g_array_unref (self->room);
  g_array_unref (self->text_width);
  g_hash_table_unref (self->widths);

  G_OBJECT_CLASS (evb_timeline_picture_parent_class)->finalize (object);
}

static void
evb_timeline_picture_class_init (EvbTimelinePictureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = evb_timeline_picture_dispose;
  object_class->finalize = evb_timeline_picture_finalize;
}

static void
evb_timeline_picture_init (EvbTimelinePicture *self)
{
  self->lane_y = g_array_new (FALSE, FALSE, sizeof (double));
  self->room = g_array_new (FALSE, FALSE, sizeof (double));
  self->text_width = g_array_new (FALSE, FALSE, sizeof (double));
  self->widths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->scale = 1.0 / 3600;
}

/* Public API */

EvbTimelinePicture *
evb_timeline_picture_new (EvbBoard *board)
{
  EvbTimelinePicture *self;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  self = g_object_new (EVB_TYPE_TIMELINE_PICTURE, NULL);
  self->board = g_object_ref (board);
  self->renderer = evb_renderer_new (board);
  self->lanes = EVB_TIMELINE_LANES_TYPE;
  evb_timeline_picture_update (self);
  return self;
}

void
evb_timeline_picture_update (EvbTimelinePicture *self)
{
  g_return_if_fail (EVB_IS_TIMELINE_PICTURE (self));

  g_clear_pointer (&self->timeline, evb_timeline_free);
  self->timeline = evb_timeline_new (self->board, self->lanes);
  measure_text (self);
  relayout (self);
}

EvbTimeline *
evb_timeline_picture_get_timeline (EvbTimelinePicture *self)
{
  g_return_val_if_fail (EVB_IS_TIMELINE_PICTURE (self), NULL);
  return self->timeline;
}

void
evb_timeline_picture_set_lanes (EvbTimelinePicture *self,
                                EvbTimelineLanes    lanes)
{
  g_return_if_fail (EVB_IS_TIMELINE_PICTURE (self));

  if (self->lanes == lanes)
    return;
  self->lanes = lanes;
  evb_timeline_picture_update (self);
}

EvbTimelineLanes
evb_timeline_picture_get_lanes (EvbTimelinePicture *self)
{
  g_return_val_if_fail (EVB_IS_TIMELINE_PICTURE (self), EVB_TIMELINE_LANES_TYPE);
  return self->lanes;
}

void
evb_timeline_picture_set_style (EvbTimelinePicture *self,
                                gboolean            dark,
                                gboolean            high_contrast)
{
  g_return_if_fail (EVB_IS_TIMELINE_PICTURE (self));

  evb_renderer_set_dark (self->renderer, dark);
  evb_renderer_set_high_contrast (self->renderer, high_contrast);
}

const EvbPalette *
evb_timeline_picture_get_palette (EvbTimelinePicture *self)
{
  g_return_val_if_fail (EVB_IS_TIMELINE_PICTURE (self), NULL);
  return palette_of (self);
}

void
evb_timeline_picture_set_selection (EvbTimelinePicture *self,
                                    EvbSelection       *selection)
{
  g_return_if_fail (EVB_IS_TIMELINE_PICTURE (self));
  g_return_if_fail (selection == NULL || EVB_IS_SELECTION (selection));

  g_set_object (&self->selection, selection);
}

void
evb_timeline_picture_set_focus (EvbTimelinePicture *self,
                                const char         *id)
{
  g_return_if_fail (EVB_IS_TIMELINE_PICTURE (self));

  g_free (self->focus);
  self->focus = g_strdup (id);
}

void
evb_timeline_picture_set_scale (EvbTimelinePicture *self,
                                gint64              origin,
                                double              pixels_per_second)
{
  g_return_if_fail (EVB_IS_TIMELINE_PICTURE (self));
  g_return_if_fail (isfinite (pixels_per_second));

  pixels_per_second = CLAMP (pixels_per_second, EVB_TIMELINE_PICTURE_MIN_SCALE,
                             EVB_TIMELINE_PICTURE_MAX_SCALE);
  self->origin = origin;
  if (self->scale == pixels_per_second)
    return;
  self->scale = pixels_per_second;
  relayout (self);
}

gint64
evb_timeline_picture_get_origin (EvbTimelinePicture *self)
{
  g_return_val_if_fail (EVB_IS_TIMELINE_PICTURE (self), 0);
  return self->origin;
}

double
evb_timeline_picture_get_scale (EvbTimelinePicture *self)
{
  g_return_val_if_fail (EVB_IS_TIMELINE_PICTURE (self), 1);
  return self->scale;
}

void
evb_timeline_picture_fit (EvbTimelinePicture *self,
                          double              width)
{
  gint64 start, end;
  double plot, seconds;

  g_return_if_fail (EVB_IS_TIMELINE_PICTURE (self));

  if (!evb_timeline_get_range (self->timeline, &start, &end))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      end = date_time_to_usec (now);
      start = end - 30 * USEC_PER_DAY;
    }
  /* Room for the last title on the right; a single moment shows its day. */
  plot = MAX (width - LEFT_PAD - EVB_TIMELINE_PICTURE_SPACING, 120);
  seconds = MAX ((double) (end - start) / G_USEC_PER_SEC, 3600);
  evb_timeline_picture_set_scale (self, 0, plot / seconds);
  self->origin = start - (gint64) (LEFT_PAD / self->scale * G_USEC_PER_SEC);
  if (end == start)
    self->origin -= (gint64) (plot / 2 / self->scale * G_USEC_PER_SEC);
}

double
evb_timeline_picture_time_to_x (EvbTimelinePicture *self,
                                gint64              time)
{
  g_return_val_if_fail (EVB_IS_TIMELINE_PICTURE (self), 0);
  return item_x (self, time);
}

gint64
evb_timeline_picture_x_to_time (EvbTimelinePicture *self,
                                double              x)
{
  double offset;

  g_return_val_if_fail (EVB_IS_TIMELINE_PICTURE (self), 0);

  offset = x / self->scale * G_USEC_PER_SEC;
  /* Far out, the view may reach past what a gint64 holds. */
  offset = CLAMP (offset, -4e17, 4e17);
  return self->origin + (gint64) offset;
}

double
evb_timeline_picture_get_height (EvbTimelinePicture *self)
{
  g_return_val_if_fail (EVB_IS_TIMELINE_PICTURE (self), 0);
  return self->height;
}

gboolean
evb_timeline_picture_get_item_rect (EvbTimelinePicture *self,
                                    guint               index,
                                    graphene_rect_t    *rect)
{
  g_return_val_if_fail (EVB_IS_TIMELINE_PICTURE (self), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (index >= evb_timeline_get_n_items (self->timeline))
    return FALSE;
  item_box (self, index, rect);
  return TRUE;
}

int
evb_timeline_picture_pick (EvbTimelinePicture *self,
                           double              x,
                           double              y)
{
  guint n;

  g_return_val_if_fail (EVB_IS_TIMELINE_PICTURE (self), -1);

  n = evb_timeline_get_n_items (self->timeline);
  /* The last drawn is on top. */
  for (guint i = n; i-- > 0;)
    {
      graphene_rect_t box;

      item_box (self, i, &box);
      if (graphene_rect_contains_point (&box, &GRAPHENE_POINT_INIT (x, y)))
        return (int) i;
    }
  return -1;
}

void
evb_timeline_picture_snapshot (EvbTimelinePicture *self,
                               GtkSnapshot        *snapshot,
                               double              width,
                               double              height,
                               double              scroll_y)
{
  const EvbPalette *palette;
  GHashTable *selected;
  double top = scroll_y + EVB_TIMELINE_PICTURE_AXIS_HEIGHT;
  double bottom = scroll_y + height;

  g_return_if_fail (EVB_IS_TIMELINE_PICTURE (self));
  g_return_if_fail (GTK_IS_SNAPSHOT (snapshot));

  palette = palette_of (self);
  selected = self->selection != NULL ? evb_selection_get_ids (self->selection) : NULL;
  gtk_snapshot_append_color (snapshot, &palette->background, &GRAPHENE_RECT_INIT (0, 0, width, height));

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, EVB_TIMELINE_PICTURE_AXIS_HEIGHT, width,
                                                         MAX (0, height - EVB_TIMELINE_PICTURE_AXIS_HEIGHT)));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, -scroll_y));
  append_lanes (self, snapshot, width, top, bottom);
  append_grid (self, snapshot, width, MAX (top, EVB_TIMELINE_PICTURE_AXIS_HEIGHT), MIN (bottom, self->height));
  for (guint i = 0; i < evb_timeline_get_n_items (self->timeline); i++)
    {
      graphene_rect_t box;

      item_box (self, i, &box);
      if (box.origin.x > width || box.origin.x + box.size.width < 0 ||
          box.origin.y > bottom || box.origin.y + box.size.height < top)
        continue;
      append_item (self, snapshot, i, selected);
    }
  append_lane_labels (self, snapshot, top, bottom);
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);

  append_axis (self, snapshot, width);
}

char **
evb_timeline_picture_dup_tick_labels (EvbTimelinePicture *self,
                                      double              width)
{
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  const Step *step;
  gint64 t1, t;
  gboolean ok;
  guint guard = 0;

  g_return_val_if_fail (EVB_IS_TIMELINE_PICTURE (self), NULL);

  step = choose_step (self->scale);
  t1 = evb_timeline_picture_x_to_time (self, width);
  for (t = first_tick (step, evb_timeline_picture_x_to_time (self, 0), &ok); ok && t <= t1 && guard < 1000;
       ok = next_tick (step, &t), guard++)
    {
      if (item_x (self, t) >= 0)
        {
          g_autofree char *label = format_tick (t, step->unit, FALSE);

          g_strv_builder_add (labels, label);
        }
    }
  return g_strv_builder_end (labels);
}

/* Export */

static double
append_list (EvbTimelinePicture *self,
             GtkSnapshot        *snapshot,
             const char         *heading,
             GPtrArray          *lines,
             gboolean            warning,
             double              y,
             double              width)
{
  const EvbPalette *palette = palette_of (self);
  g_autoptr(PangoLayout) layout = NULL;

  layout = _evb_renderer_create_layout (self->renderer, heading, FONT_TITLE, width, 0);
  if (snapshot != NULL)
    _evb_renderer_append_layout (snapshot, layout, &palette->text, MARGIN, y);
  y += LIST_LINE + 4;
  for (guint i = 0; i < lines->len; i++)
    {
      g_autoptr(PangoLayout) line = _evb_renderer_create_layout (self->renderer, g_ptr_array_index (lines, i),
                                                                 FONT_LIST, width - 24, 0);

      if (snapshot != NULL)
        {
          if (warning)
            append_warning_sign (snapshot, palette, MARGIN, y + 2, 13);
          _evb_renderer_append_layout (snapshot, line, &palette->text, MARGIN + 22, y);
        }
      y += LIST_LINE;
    }
  return y + LIST_LINE / 2;
}

static const char *
node_title (EvbBoard   *board,
            const char *id)
{
  EvbNode *node = evb_board_get_node (board, id);

  return node != NULL ? evb_node_get_title (node) : id;
}

gboolean
evb_timeline_picture_to_file (EvbBoard          *board,
                              const char        *path,
                              EvbExportFormat    format,
                              EvbTimelineLanes   lanes,
                              gboolean           dark,
                              GError           **error)
{
  g_autoptr(EvbTimelinePicture) self = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) image = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GPtrArray) undated = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *heading = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(PangoLayout) heading_layout = NULL;
  g_autoptr(PangoLayout) summary_layout = NULL;
  const EvbPalette *palette;
  const char *title;
  EvbTimeline *timeline;
  guint n_items;
  double plot, width, height, y;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self = evb_timeline_picture_new (board);
  evb_timeline_picture_set_lanes (self, lanes);
  evb_timeline_picture_set_style (self, dark, FALSE);
  if (format != EVB_EXPORT_PNG)
    _evb_renderer_set_vector_only (self->renderer, TRUE);
  _evb_renderer_set_exporting (self->renderer, TRUE);
  if (format == EVB_EXPORT_SVG)
    {
      texts = g_ptr_array_new_with_free_func (g_object_unref);
      _evb_renderer_set_text_layer (self->renderer, texts);
    }
  timeline = self->timeline;
  palette = palette_of (self);

  /* Wide enough that items a day apart rarely stack, not wider than a
   * wall: a long span stacks instead. */
  n_items = evb_timeline_get_n_items (timeline);
  plot = CLAMP (n_items * 110.0, 900, 6000);
  width = LEFT_PAD + plot + EVB_TIMELINE_PICTURE_SPACING;
  evb_timeline_picture_fit (self, width);

  for (guint i = 0; i < evb_timeline_get_n_undated (timeline); i++)
    g_ptr_array_add (undated, g_strdup (node_title (board, evb_timeline_get_undated (timeline, i))));
  for (guint i = 0; i < evb_timeline_get_n_warnings (timeline); i++)
    {
      const EvbTimelineWarning *w = evb_timeline_get_warning (timeline, i);
      g_autofree char *reason = evb_timeline_warning_describe (w, board);

      /* Translators: a warning in the timeline picture: an item's title, then why its dates don't add up */
      g_ptr_array_add (warnings, g_strdup_printf (_("%s: %s"), node_title (board, w->node_id), reason));
    }

  title = evb_board_get_title (board);
  /* Translators: the heading of the timeline picture; %s is the board's title */
  heading = g_strdup_printf (_("Timeline: %s"), title != NULL && title[0] != '\0' ? title : _("Untitled Board"));
  /* Translators: under the timeline picture's heading */
  summary = g_strdup_printf (_("Dated: %u · Undated: %u · Warnings: %u"), n_items,
                             evb_timeline_get_n_undated (timeline), evb_timeline_get_n_warnings (timeline));

  height = HEADING + self->height;
  y = height + MARGIN / 2;
  if (undated->len > 0)
    y = append_list (self, NULL, _("Undated"), undated, FALSE, y, width - 2 * MARGIN);
  if (warnings->len > 0)
    y = append_list (self, NULL, _("Warnings"), warnings, TRUE, y, width - 2 * MARGIN);
  height = y + MARGIN / 2;

  snapshot = gtk_snapshot_new ();
  gtk_snapshot_append_color (snapshot, &palette->background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  heading_layout = _evb_renderer_create_layout (self->renderer, heading, FONT_HEADING, width - 2 * MARGIN, 0);
  _evb_renderer_append_layout (snapshot, heading_layout, &palette->text, MARGIN, 18);
  summary_layout = _evb_renderer_create_layout (self->renderer, summary, FONT_DATES, width - 2 * MARGIN, 0);
  _evb_renderer_append_layout (snapshot, summary_layout, &palette->text_dim, MARGIN, 46);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, HEADING));
  evb_timeline_picture_snapshot (self, snapshot, width, self->height, 0);
  gtk_snapshot_restore (snapshot);
  y = HEADING + self->height + MARGIN / 2;
  if (undated->len > 0)
    y = append_list (self, snapshot, _("Undated"), undated, FALSE, y, width - 2 * MARGIN);
  if (warnings->len > 0)
    append_list (self, snapshot, _("Warnings"), warnings, TRUE, y, width - 2 * MARGIN);
  image = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (texts != NULL)
    _evb_renderer_set_text_layer (self->renderer, NULL);

  return _evb_export_write_node (image, texts, width, height, format, path, error);
}
