/* evb-renderer-groups.c: groups as labelled frames, and collapsed groups as one card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A group's frame is not stored: it is the union of its cards' bounds
 * (evb_board_get_group_frame), so it follows the cards wherever they are
 * moved, by whatever means. Frames are drawn behind the links and cards,
 * with the label in a band at the top, above the cards rather than over
 * them. A collapsed group hides its cards and is drawn as one card, "Label
 * — N cards", at the frame's top left; links to its cards end there.
 *
 * Groups are few (tens, not thousands), so they are drawn afresh on every
 * snapshot rather than cached, and looked up without a spatial index.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "evb-renderer-groups.h"
#include "evb-renderer-private.h"

#define FRAME_RADIUS  12.0
#define FONT_LABEL    "Cantarell, DejaVu Sans Bold 11"
#define FONT_COUNT    "Cantarell, DejaVu Sans 9"

static graphene_rect_t group_frame (EvbBoard *board,
                                    EvbGroup *group);

/* Signals */

/* Where each group's frame was last drawn, by group id: a card moving
 * inside an open group moves the frame, and only where the frame was and
 * where it is are drawn again. Kept on the renderer as object data, so
 * the renderer's own state is none the wiser. */
static GHashTable *
drawn_frames (EvbRenderer *self)
{
  static GQuark quark;
  GHashTable *frames;

  if (quark == 0)
    quark = g_quark_from_static_string ("evb-renderer-group-frames");
  frames = g_object_get_qdata (G_OBJECT (self), quark);
  if (frames == NULL)
    {
      frames = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_object_set_qdata_full (G_OBJECT (self), quark, frames, (GDestroyNotify) g_hash_table_unref);
    }
  return frames;
}

static void
remember_frame (EvbRenderer           *self,
                EvbGroup              *group,
                const graphene_rect_t *frame)
{
  g_hash_table_insert (drawn_frames (self), g_strdup (evb_group_get_id (group)),
                       g_memdup2 (frame, sizeof *frame));
}

static void
remember_frames (EvbRenderer *self)
{
  EvbBoard *board = evb_renderer_get_board (self);
  GPtrArray *groups = evb_board_get_groups (board);

  g_hash_table_remove_all (drawn_frames (self));
  for (guint i = 0; i < groups->len; i++)
    {
      EvbGroup *group = g_ptr_array_index (groups, i);
      graphene_rect_t frame = group_frame (board, group);

      remember_frame (self, group, &frame);
    }
}

static void
group_changed_cb (EvbRenderer *self)
{
  remember_frames (self);
  _evb_renderer_refresh_links (self);
}

/* A card of a collapsed group moved: the collapsed card may have moved
 * with it, and with it the ends of every link to the group. A card of an
 * open group changes the frame around it, which reaches past the card's
 * own area the renderer redraws: the frame's old and new places are drawn
 * again. */
static void
node_changed_cb (EvbRenderer *self,
                 EvbNode     *node)
{
  EvbBoard *board = evb_renderer_get_board (self);
  EvbGroup *group = evb_board_get_node_group (board, evb_node_get_id (node));
  graphene_rect_t *before;
  graphene_rect_t now;

  if (group == NULL)
    return;
  now = group_frame (board, group);
  before = g_hash_table_lookup (drawn_frames (self), evb_group_get_id (group));
  if (evb_group_get_collapsed (group))
    _evb_renderer_refresh_links (self);
  else if (before == NULL)
    _evb_renderer_invalidate (self);
  else if (!graphene_rect_equal (before, &now))
    {
      graphene_rect_t area;

      graphene_rect_union (before, &now, &area);
      _evb_renderer_invalidate_area (self, &area);
    }
  remember_frame (self, group, &now);
}

void
_evb_renderer_groups_connect (EvbRenderer *self)
{
  EvbBoard *board = evb_renderer_get_board (self);

  remember_frames (self);

  g_signal_connect_object (board, "group-added", G_CALLBACK (group_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (board, "group-removed", G_CALLBACK (group_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (board, "group-changed", G_CALLBACK (group_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (board, "node-changed", G_CALLBACK (node_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* Geometry */

static graphene_rect_t
group_frame (EvbBoard *board,
             EvbGroup *group)
{
  double x, y, width, height;

  evb_board_get_group_frame (board, group, &x, &y, &width, &height);
  return GRAPHENE_RECT_INIT (x, y, width, height);
}

gboolean
_evb_renderer_groups_hides_node (EvbRenderer     *self,
                                 EvbNode         *node,
                                 graphene_rect_t *rect)
{
  EvbBoard *board = evb_renderer_get_board (self);
  EvbGroup *group;

  if (evb_board_get_n_groups (board) == 0)
    return FALSE;
  group = evb_board_get_node_group (board, evb_node_get_id (node));
  if (group == NULL || !evb_group_get_collapsed (group))
    return FALSE;
  if (rect != NULL)
    *rect = group_frame (board, group);
  return TRUE;
}

/* A group is drawn when one of its cards would be. */
static gboolean
is_group_shown (EvbRenderer *self,
                EvbGroup    *group)
{
  EvbBoard *board = evb_renderer_get_board (self);
  const char * const *nodes = evb_group_get_nodes (group);

  for (guint i = 0; nodes[i] != NULL; i++)
    {
      EvbNode *node = evb_board_get_node (board, nodes[i]);

      if (node != NULL && _evb_renderer_is_node_shown (self, node))
        return TRUE;
    }
  return FALSE;
}

/* An open group is selected when every card in it is (a click on the
 * label selects them). A collapsed one shows the ring when any of its
 * hidden cards is selected, or the selection (the outline and search reach
 * hidden cards) would be nowhere to be seen. */
static gboolean
is_group_selected (EvbRenderer *self,
                   EvbGroup    *group)
{
  EvbSelection *selection = evb_renderer_get_selection (self);
  const char * const *nodes = evb_group_get_nodes (group);
  gboolean any = evb_group_get_collapsed (group);

  if (selection == NULL || evb_selection_is_empty (selection))
    return FALSE;
  for (guint i = 0; nodes[i] != NULL; i++)
    if (evb_selection_contains (selection, nodes[i]) == any)
      return any;
  return !any;
}

void
_evb_renderer_groups_add_extents (EvbRenderer     *self,
                                  graphene_rect_t *extents,
                                  gboolean        *any)
{
  EvbBoard *board = evb_renderer_get_board (self);
  GPtrArray *groups = evb_board_get_groups (board);

  for (guint i = 0; i < groups->len; i++)
    {
      EvbGroup *group = g_ptr_array_index (groups, i);
      graphene_rect_t r;

      if (!is_group_shown (self, group))
        continue;
      r = group_frame (board, group);
      if (*any)
        graphene_rect_union (extents, &r, extents);
      else
        *extents = r;
      *any = TRUE;
    }
}

/* Colours */

static GdkRGBA
mix (const GdkRGBA *a,
     const GdkRGBA *b,
     float          t)
{
  return (GdkRGBA) { a->red + (b->red - a->red) * t, a->green + (b->green - a->green) * t,
                     a->blue + (b->blue - a->blue) * t, 1.f };
}

void
_evb_renderer_groups_border_color (const EvbPalette *palette,
                                   const char       *color,
                                   GdkRGBA          *out)
{
  GdkRGBA base;

  if (color == NULL || !gdk_rgba_parse (&base, color))
    {
      *out = palette->card_border;
      return;
    }
  base.alpha = 1.f;
  /* Towards the text colour, which is far from the background, in small
   * steps until the border stands out: the hue stays recognisable. */
  *out = base;
  for (int step = 1; step <= 10 && evb_palette_contrast_ratio (out, &palette->background) < 3.0;
       step++)
    *out = mix (&base, &palette->text, step / 10.f);
}

static GdkRGBA
fill_color (const EvbPalette *palette,
            const char       *color,
            float             alpha)
{
  GdkRGBA fill;

  if (color == NULL || !gdk_rgba_parse (&fill, color))
    fill = palette->text;
  fill.alpha = alpha;
  return fill;
}

/* Drawing */

static void
append_rounded_border (GtkSnapshot           *snapshot,
                       const graphene_rect_t *r,
                       double                 radius,
                       double                 width,
                       const GdkRGBA         *color)
{
  GskRoundedRect box;
  float widths[4] = { width, width, width, width };
  GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&box, r, radius);
  gtk_snapshot_append_border (snapshot, &box, widths, colors);
}

static void
append_rounded_fill (GtkSnapshot           *snapshot,
                     const graphene_rect_t *r,
                     double                 radius,
                     const GdkRGBA         *color)
{
  GskRoundedRect box;

  gsk_rounded_rect_init_from_rect (&box, r, radius);
  gtk_snapshot_push_rounded_clip (snapshot, &box);
  gtk_snapshot_append_color (snapshot, color, r);
  gtk_snapshot_pop (snapshot);
}

static void
append_text (EvbRenderer   *self,
             GtkSnapshot   *snapshot,
             const char    *text,
             const char    *font,
             const GdkRGBA *color,
             double         x,
             double         y,
             double         width,
             double         height)
{
  g_autoptr(PangoLayout) layout = NULL;
  int h = 0;

  if (width <= 4)
    return;
  layout = _evb_renderer_create_layout (self, text, font, width, 0);
  pango_layout_get_pixel_size (layout, NULL, &h);
  _evb_renderer_append_layout (snapshot, layout, color, x, y + MAX (0, (height - h) / 2));
}

static void
append_frame (EvbRenderer           *self,
              GtkSnapshot           *snapshot,
              EvbGroup              *group,
              const graphene_rect_t *r,
              double                 zoom,
              gboolean               plain)
{
  const EvbPalette *palette = evb_renderer_get_palette (self);
  const char *color = evb_group_get_color (group);
  double px = 1.0 / zoom;
  GdkRGBA border, fill, band;

  _evb_renderer_groups_border_color (palette, color, &border);
  fill = fill_color (palette, color, evb_renderer_get_dark (self) ? 0.10f : 0.06f);
  band = fill_color (palette, color, evb_renderer_get_dark (self) ? 0.22f : 0.14f);

  append_rounded_fill (snapshot, r, FRAME_RADIUS, &fill);
  if (!plain)
    {
      graphene_rect_t header = GRAPHENE_RECT_INIT (r->origin.x, r->origin.y, r->size.width,
                                                   EVB_GROUP_LABEL_HEIGHT);
      GskRoundedRect top;

      gsk_rounded_rect_init (&top, &header,
                             &GRAPHENE_SIZE_INIT (FRAME_RADIUS, FRAME_RADIUS),
                             &GRAPHENE_SIZE_INIT (FRAME_RADIUS, FRAME_RADIUS),
                             &GRAPHENE_SIZE_INIT (0, 0), &GRAPHENE_SIZE_INIT (0, 0));
      gtk_snapshot_push_rounded_clip (snapshot, &top);
      gtk_snapshot_append_color (snapshot, &band, &header);
      gtk_snapshot_pop (snapshot);
      append_text (self, snapshot, evb_group_get_label (group), FONT_LABEL, &palette->text,
                   r->origin.x + 12, r->origin.y, r->size.width - 24, EVB_GROUP_LABEL_HEIGHT);
    }
  append_rounded_border (snapshot, r, FRAME_RADIUS, MAX (1.5, 1.5 * px), &border);
}

static void
append_collapsed (EvbRenderer           *self,
                  GtkSnapshot           *snapshot,
                  EvbGroup              *group,
                  const graphene_rect_t *r,
                  double                 zoom,
                  gboolean               plain)
{
  const EvbPalette *palette = evb_renderer_get_palette (self);
  const char *color = evb_group_get_color (group);
  guint n = evb_group_get_n_nodes (group);
  double px = 1.0 / zoom;
  g_autofree char *title = NULL;
  GdkRGBA border, band;

  _evb_renderer_groups_border_color (palette, color, &border);
  band = fill_color (palette, color, evb_renderer_get_dark (self) ? 0.30f : 0.18f);

  append_rounded_fill (snapshot, r, FRAME_RADIUS, &palette->card);
  append_rounded_fill (snapshot, r, FRAME_RADIUS, &band);
  append_rounded_border (snapshot, r, FRAME_RADIUS, MAX (2.5, 1.5 * px), &border);
  if (plain)
    return;

  /* Translators: a collapsed group drawn as one card: its label and how
   * many cards it holds, e.g. "Witnesses — 4 cards" */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %u card", "%s — %u cards", n),
                           evb_group_get_label (group)[0] != '\0' ? evb_group_get_label (group)
                                                                  : _("Group"),
                           n);
  append_text (self, snapshot, title, FONT_LABEL, &palette->text, r->origin.x + 14,
               r->origin.y, r->size.width - 28, r->size.height);
}

static void
append_selection (EvbRenderer           *self,
                  GtkSnapshot           *snapshot,
                  const graphene_rect_t *r,
                  double                 zoom)
{
  const EvbPalette *palette = evb_renderer_get_palette (self);
  double px = 1.0 / zoom;
  graphene_rect_t grown;

  graphene_rect_inset_r (r, -(2 + px), -(2 + px), &grown);
  append_rounded_border (snapshot, &grown, FRAME_RADIUS + 2 + px, 3 * MAX (1, px),
                         &palette->selection);
}

void
_evb_renderer_groups_snapshot (EvbRenderer           *self,
                               GtkSnapshot           *snapshot,
                               const graphene_rect_t *area,
                               double                 zoom,
                               EvbGroupLayer          layer,
                               gboolean               plain)
{
  EvbBoard *board = evb_renderer_get_board (self);
  GPtrArray *groups = evb_board_get_groups (board);

  for (guint i = 0; i < groups->len; i++)
    {
      EvbGroup *group = g_ptr_array_index (groups, i);
      gboolean collapsed = evb_group_get_collapsed (group);
      graphene_rect_t r;

      if (collapsed != (layer == EVB_GROUP_LAYER_COLLAPSED))
        continue;
      r = group_frame (board, group);
      if (!graphene_rect_intersection (area, &r, NULL) || !is_group_shown (self, group))
        continue;
      if (collapsed)
        append_collapsed (self, snapshot, group, &r, zoom, plain);
      else
        append_frame (self, snapshot, group, &r, zoom, plain);
      if (is_group_selected (self, group))
        append_selection (self, snapshot, &r, zoom);
    }
}

EvbGroup *
evb_renderer_pick_group (EvbRenderer *self,
                         double       x,
                         double       y)
{
  EvbBoard *board;
  GPtrArray *groups;

  g_return_val_if_fail (EVB_IS_RENDERER (self), NULL);

  board = evb_renderer_get_board (self);
  groups = evb_board_get_groups (board);
  for (guint i = groups->len; i > 0; i--)
    {
      EvbGroup *group = g_ptr_array_index (groups, i - 1);
      graphene_rect_t r = group_frame (board, group);

      /* The label's band of an open group, or the whole collapsed card. */
      if (!evb_group_get_collapsed (group))
        r.size.height = EVB_GROUP_LABEL_HEIGHT;
      if (graphene_rect_contains_point (&r, &GRAPHENE_POINT_INIT (x, y)) &&
          is_group_shown (self, group))
        return group;
    }
  return NULL;
}
