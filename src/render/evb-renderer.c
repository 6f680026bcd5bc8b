/* evb-renderer.c: draws a board as GSK render nodes, for the canvas and for export
 *
 * One renderer serves the canvas and every image export, so what an
 * investigator sees on screen is what ends up in a report. It uses no widget
 * and no display: GtkSnapshot, pango and librsvg all work without one.
 *
 * Cards and links are drawn once into cached render nodes; selection, hover
 * and search highlights are drawn around them on every snapshot, so changing
 * the selection never redraws a card.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <graphene-gobject.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "evb-date.h"
#include "evb-renderer-groups.h"
#include "evb-renderer-private.h"
#include "evb-render-resources.h"
#include "evb-spatial-index.h"

#define ICON_PREFIX    "/io/github/evidenceboard/EvidenceBoard/render/icons/"
#define ICON_INK       "#2e3436"
#define CARD_RADIUS    8.0
#define CELL_SIZE      512.0
#define FONT_TITLE     "Cantarell, DejaVu Sans Bold 11"
#define FONT_BODY      "Cantarell, DejaVu Sans 9"
#define FONT_SMALL     "Cantarell, DejaVu Sans Bold 8"
#define FONT_BADGE     "Cantarell, DejaVu Sans Bold 9"
#define FONT_NOTE      "Cantarell, DejaVu Sans Italic 8.5"
#define NOTE_MAX_WIDTH 170.0
/* Cards grow to their text: wider first, until the title takes at most
 * TITLE_LINES lines and the source SOURCE_LINES, then taller, up to the
 * largest card; text past that ends in "…" (the tooltip and the inspector
 * hold all of it). */
#define CARD_PAD        12.0
#define CARD_MAX_WIDTH  440.0
#define CARD_MAX_HEIGHT 400.0
#define CARD_WIDTH_STEP 20.0
#define TITLE_LINES     3
#define SOURCE_LINES    2
#define CLAIM_HEADER    30.0
#define EVIDENCE_HEADER 26.0
/* The footer's line: as tall as a broken attachment's flag. */
#define FOOTER_MIN      18.0
/* About a line of the title: less than this left over draws nothing more. */
#define MIN_TITLE_ROOM  14.0
#define THUMBNAIL_MAX  84.0
#define THUMBNAIL_MIN  36.0
/* Cards a filter leaves out, when dimmed rather than hidden: faint, but
 * there, so the board keeps its shape. */
#define DIMMED_OPACITY 0.25

/* A note's box is at most this big (before its padding), unless a fallback
 * font is unusually tall: then the link's bounds grow when it is laid out. */
#define NOTE_MAX_HEIGHT (2 * 14.0)

typedef struct
{
  graphene_point_t p0;       /* start, on the border of the from card */
  graphene_point_t p1;       /* end, on the border of the to card */
  graphene_rect_t  label;    /* the note's box, empty without a note; see label_known */
  graphene_rect_t  bounds;   /* everything drawn (room for the note before it is laid out) */
  double           width;
  gboolean         valid;    /* FALSE when the cards overlap */
  gboolean         label_known;  /* the note has been laid out (see ensure_label) */
} LinkGeometry;

/* Far out, a card or line is a plain shape: a card's corners, or a line's
 * ends. Floats are precise to a unit at the largest coordinates allowed,
 * far below a pixel at the zooms that draw them. */
typedef struct
{
  float x0, y0, x1, y1;
} Shape;

#define N_LINE_STYLES ((EVB_RELATION_REFUTES + 1) * (EVB_STRENGTH_STRONG + 1))

/* More lines than this in a far-out view are drawn without anti-aliasing. */
#define DENSE_LINES 2000
#define N_CARD_STYLES (EVB_NODE_KIND_EVIDENCE + 1)

/* Cards and lines by their place in an overview's arrays, for patching
 * them in place: a table of pointers, open-addressed and sized once for
 * all of them. A GHashTable grew and rehashed its way to 270,000 entries,
 * half of collecting a board of 100,000 cards. 0 means absent. */
typedef struct
{
  gconstpointer *keys;
  guint         *values;
  gsize          mask;
} SlotMap;

static SlotMap *
slot_map_new (guint n)
{
  SlotMap *map = g_new (SlotMap, 1);
  gsize size = 16;

  while (size < 2 * (gsize) n)
    size *= 2;
  map->keys = g_new0 (gconstpointer, size);
  map->values = g_new (guint, size);
  map->mask = size - 1;
  return map;
}

static void
slot_map_free (SlotMap *map)
{
  g_free (map->keys);
  g_free (map->values);
  g_free (map);
}

static inline gsize
slot_map_first (const SlotMap *map,
                gconstpointer  key)
{
  return (gsize) (((guint64) GPOINTER_TO_SIZE (key) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) >> 32)
         & map->mask;
}

/* At most the n keys it was made for. */
static void
slot_map_set (SlotMap       *map,
              gconstpointer  key,
              guint          value)
{
  gsize i = slot_map_first (map, key);

  while (map->keys[i] != NULL && map->keys[i] != key)
    i = (i + 1) & map->mask;
  map->keys[i] = key;
  map->values[i] = value;
}

static guint
slot_map_get (const SlotMap *map,
              gconstpointer  key)
{
  for (gsize i = slot_map_first (map, key); map->keys[i] != NULL; i = (i + 1) & map->mask)
    if (map->keys[i] == key)
      return map->values[i];
  return 0;
}

/* The shapes of a set of cards and lines, grouped by how they are drawn.
 * Shared with the scenes a worker thread draws (EvbRendererScene): a
 * shared overview's shapes never change, see own_overview(). */
typedef struct
{
  gatomicrefcount  ref_count;
  GArray          *lines[N_LINE_STYLES];  /* Shape, by relation × strength */
  GArray          *cards[N_CARD_STYLES];  /* Shape, by kind */
  graphene_rect_t  bounds;                /* holds every card; empty without cards */
  SlotMap         *card_index;            /* EvbNode* → index × N_CARD_STYLES + kind + 1; NULL in parts */
  SlotMap         *line_index;            /* EvbLink* → index + 1 in lines; NULL in parts */
  double           dense_zoom;            /* see dense_zoom(); the whole board's only */
} Overview;

/* A card drawn, once at each level of detail that has been asked for. */
typedef enum
{
  CARD_DETAIL_NORMAL,
  CARD_DETAIL_CLOSE,   /* also the start of the description and the tags */
  N_CARD_DETAILS
} CardDetail;

typedef struct
{
  GskRenderNode *nodes[N_CARD_DETAILS];
} CardNodes;

/* A link drawn: its line and its note apart, so that every note can lie
 * above every line (a line drawn later would cross an earlier note). */
typedef struct
{
  GskRenderNode *line;
  GskRenderNode *label;   /* NULL without a note */
} LinkNodes;

struct _EvbRenderer
{
  GObject          parent_instance;

  EvbBoard        *board;
  gboolean         dark;
  gboolean         high_contrast;
  gboolean         show_link_notes;
  gboolean         vector_only;
  gboolean         exporting;
  EvbSelection    *selection;    /* NULL = nothing selected */
  GHashTable      *drawn_selection; /* the ids last drawn selected: what a change redraws */
  gboolean         tiled;        /* drawn into the canvas's tiles: see evb_renderer_set_tiled() */
  GHashTable      *highlighted;  /* id → id */
  GHashTable      *visible;      /* node id → id, NULL = all */
  GHashTable      *dimmed;       /* node id → id (a filter's misses), NULL = none */
  char            *hovered;

  EvbSpatialIndex *node_index;
  EvbSpatialIndex *link_index;
  GHashTable      *node_cache;   /* EvbNode* → CardNodes */
  GHashTable      *link_cache;   /* EvbLink* → LinkNodes */
  GHashTable      *link_geometry;/* EvbLink* → LinkGeometry */
  GHashTable      *node_order;   /* EvbNode* → index + 1; NULL when stale */
  GHashTable      *link_order;   /* EvbLink* → index + 1; NULL when stale */

  PangoContext    *pango;
  GHashTable      *icons;        /* "name #rrggbb" → RsvgHandle */

  EvbAttachmentState *attachments; /* statuses and thumbnails; NULL = none known */
  EvbAssessment   *assessment;   /* NULL: claims show counts of their links */

  Overview        *overview;     /* every visible card and line; NULL when stale */
  GArray          *problem_cards; /* graphene_rect_t: visible cards whose attachment is broken,
                                   * shared with scenes; NULL when stale */
  double           dense_zoom;   /* the last overview's, to notice a change */
};

G_DEFINE_FINAL_TYPE (EvbRenderer, evb_renderer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BOARD,
  PROP_DARK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  INVALIDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const type_icons[EVB_N_EVIDENCE_TYPES] = {
  "evb-type-video-symbolic",
  "evb-type-photo-symbolic",
  "evb-type-satellite-imagery-symbolic",
  "evb-type-radar-symbolic",
  "evb-type-intercept-symbolic",
  "evb-type-document-symbolic",
  "evb-type-statement-symbolic",
  "evb-type-social-media-symbolic",
  "evb-type-report-symbolic",
  "evb-type-other-symbolic",
};

/* Helpers */

static const EvbPalette *
get_palette (EvbRenderer *self)
{
  return evb_palette_get_for_style (self->dark, self->high_contrast);
}

static graphene_rect_t
node_rect (EvbNode *node)
{
  double x, y, w, h;

  evb_node_get_bounds (node, &x, &y, &w, &h);
  return GRAPHENE_RECT_INIT (x, y, MAX (w, 1), MAX (h, 1));
}

static gboolean
is_visible_node (EvbRenderer *self,
                 EvbNode     *node)
{
  return (self->visible == NULL ||
          g_hash_table_contains (self->visible, evb_node_get_id (node))) &&
         !_evb_renderer_groups_hides_node (self, node, NULL);
}

gboolean
_evb_renderer_is_node_shown (EvbRenderer *self,
                             EvbNode     *node)
{
  return self->visible == NULL || g_hash_table_contains (self->visible, evb_node_get_id (node));
}

/* Where a link to the node ends: its card, or the collapsed group's. */
static graphene_rect_t
link_end_rect (EvbRenderer *self,
               EvbNode     *node)
{
  graphene_rect_t r;

  if (!_evb_renderer_groups_hides_node (self, node, &r))
    r = node_rect (node);
  return r;
}

static gboolean
is_visible_link (EvbRenderer *self,
                 EvbLink     *link)
{
  return self->visible == NULL ||
         (g_hash_table_contains (self->visible, evb_link_get_from (link)) &&
          g_hash_table_contains (self->visible, evb_link_get_to (link)));
}

static double
strength_width (EvbStrength strength)
{
  switch (strength)
    {
    case EVB_STRENGTH_WEAK:
      return 1.5;
    case EVB_STRENGTH_STRONG:
      return 4.0;
    case EVB_STRENGTH_MODERATE:
    default:
      return 2.5;
    }
}

static void
border_point (const graphene_rect_t *r,
              double                 tx,
              double                 ty,
              double                *ox,
              double                *oy)
{
  double cx = r->origin.x + r->size.width / 2;
  double cy = r->origin.y + r->size.height / 2;
  double dx = tx - cx;
  double dy = ty - cy;
  double t = G_MAXDOUBLE;

  if (fabs (dx) < 1e-9 && fabs (dy) < 1e-9)
    {
      *ox = cx;
      *oy = cy;
      return;
    }
  if (fabs (dx) > 1e-9)
    t = MIN (t, (r->size.width / 2) / fabs (dx));
  if (fabs (dy) > 1e-9)
    t = MIN (t, (r->size.height / 2) / fabs (dy));
  *ox = cx + dx * t;
  *oy = cy + dy * t;
}

static GHashTable *
copy_id_set (GHashTable *ids)
{
  GHashTable *copy;
  GHashTableIter iter;
  gpointer key;

  if (ids == NULL || g_hash_table_size (ids) == 0)
    return NULL;
  copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (copy, g_strdup (key));
  return copy;
}

static gboolean
set_contains (GHashTable *set,
              const char *id)
{
  return set != NULL && g_hash_table_contains (set, id);
}

static gboolean
is_dimmed_link (EvbRenderer *self,
                EvbLink     *link)
{
  return self->dimmed != NULL &&
         (g_hash_table_contains (self->dimmed, evb_link_get_from (link)) ||
          g_hash_table_contains (self->dimmed, evb_link_get_to (link)));
}

static gboolean
is_selected (EvbRenderer *self,
             const char  *id)
{
  return self->selection != NULL && evb_selection_contains (self->selection, id);
}

static double
luminance (const GdkRGBA *c)
{
  return 0.2126 * c->red + 0.7152 * c->green + 0.0722 * c->blue;
}

/* Cairo */

/* Cairo nodes are built here rather than with gtk_snapshot_append_cairo(),
 * which moves a translated node's recording surface away from 0,0: cairo
 * 1.16's SVG surface loses the contents of such surfaces. Each node is drawn
 * at the origin and moved into place with a transform node instead.
 *
 * Cairo keeps coordinates as 24.8 fixed-point numbers, which wrap past
 * ±8,388,607: a link or the far-out shapes across a board of ±10,000,000
 * (what the model allows) recorded at board scale became garbage that
 * aborted SVG and PDF export and crashed PNG export. A node larger than
 * CAIRO_MAX_EXTENT is recorded scaled down, and scaled back by its
 * transform.
 *
 * The far-out shapes are recorded at the zoom they are drawn at, for the
 * same reason and one more: cairo paints a recording scaled down by
 * replaying it at its own resolution first, which at a zoom of 0.001 %
 * (fitting a board at the model's bounds) is an image of gigabytes. */
#define CAIRO_MAX_EXTENT 4194304.0

typedef struct
{
  GskRenderNode    *node;
  graphene_point_t  origin;
  double            scale;
} CairoDraw;

static cairo_user_data_key_t cairo_draw_key;

static void
cairo_draw_free (gpointer data)
{
  CairoDraw *draw = data;

  gsk_render_node_unref (draw->node);
  g_free (draw);
}

static cairo_t *
begin_cairo_at (const graphene_rect_t *bounds,
                double                 resolution)
{
  CairoDraw *draw = g_new0 (CairoDraw, 1);
  double extent = MAX (bounds->size.width, bounds->size.height);
  cairo_t *cr;

  draw->scale = MIN (resolution, extent > CAIRO_MAX_EXTENT ? CAIRO_MAX_EXTENT / extent : 1.0);
  draw->node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, bounds->size.width * draw->scale,
                                                        bounds->size.height * draw->scale));
  draw->origin = bounds->origin;
  cr = gsk_cairo_node_get_draw_context (draw->node);
  cairo_set_user_data (cr, &cairo_draw_key, draw, cairo_draw_free);
  cairo_scale (cr, draw->scale, draw->scale);
  cairo_translate (cr, -bounds->origin.x, -bounds->origin.y);
  return cr;
}

static cairo_t *
begin_cairo (GtkSnapshot           *snapshot,
             const graphene_rect_t *bounds)
{
  return begin_cairo_at (bounds, 1.0);
}

/* The node drawn with cr (begin_cairo_at()), moved into place. */
static GskRenderNode *
finish_cairo (cairo_t *cr)
{
  CairoDraw *draw = cairo_get_user_data (cr, &cairo_draw_key);
  GskRenderNode *node = gsk_render_node_ref (draw->node);
  GskTransform *transform = gsk_transform_translate (NULL, &draw->origin);
  GskRenderNode *moved;

  if (draw->scale != 1.0)
    transform = gsk_transform_scale (transform, 1 / draw->scale, 1 / draw->scale);
  cairo_destroy (cr);
  /* A move by nothing is no transform at all. */
  moved = transform != NULL ? gsk_transform_node_new (node, transform) : gsk_render_node_ref (node);
  gsk_render_node_unref (node);
  g_clear_pointer (&transform, gsk_transform_unref);
  return moved;
}

static void
end_cairo (GtkSnapshot *snapshot,
           cairo_t     *cr)
{
  GskRenderNode *node = finish_cairo (cr);

  gtk_snapshot_append_node (snapshot, node);
  gsk_render_node_unref (node);
}

/* Icons */

static RsvgHandle *
lookup_icon (EvbRenderer   *self,
             const char    *icon,
             const GdkRGBA *color)
{
  g_autofree char *hex = evb_palette_rgba_to_hex (color);
  g_autofree char *key = g_strconcat (icon, " ", hex, NULL);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) svg = NULL;
  RsvgHandle *handle;

  handle = g_hash_table_lookup (self->icons, key);
  if (handle != NULL)
    return handle;

  path = g_strconcat (ICON_PREFIX, icon, ".svg", NULL);
  bytes = g_resource_lookup_data (evb_render_get_resource (), path, 0, &error);
  if (bytes == NULL)
    {
      g_critical ("Missing icon %s: %s", icon, error->message);
      return NULL;
    }

  /* Symbolic icons are drawn in one ink; swapping it for the palette's
   * colour keeps the icon a vector in SVG and PDF output. */
  svg = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_string_replace (svg, ICON_INK, hex, 0);
  handle = rsvg_handle_new_from_data ((const guint8 *) svg->str, svg->len, &error);
  if (handle == NULL)
    {
      g_critical ("Broken icon %s: %s", icon, error->message);
      return NULL;
    }

  g_hash_table_insert (self->icons, g_steal_pointer (&key), handle);
  return handle;
}

void
_evb_renderer_append_icon (EvbRenderer   *self,
                           GtkSnapshot   *snapshot,
                           const char    *icon,
                           const GdkRGBA *color,
                           double         x,
                           double         y,
                           double         size)
{
  RsvgHandle *handle = lookup_icon (self, icon, color);
  RsvgRectangle viewport = { x, y, size, size };
  cairo_t *cr;

  if (handle == NULL)
    return;

  cr = begin_cairo (snapshot, &GRAPHENE_RECT_INIT (x, y, size, size));
  rsvg_handle_render_document (handle, cr, &viewport, NULL);
  end_cairo (snapshot, cr);
}

const char *
_evb_renderer_get_type_icon (EvbEvidenceType type)
{
  if (type < 0 || type >= EVB_N_EVIDENCE_TYPES)
    return "evb-type-other-symbolic";
  return type_icons[type];
}

/* Text */

PangoLayout *
_evb_renderer_create_layout (EvbRenderer *self,
                             const char  *text,
                             const char  *font,
                             double       width,
                             double       height)
{
  PangoLayout *layout = pango_layout_new (self->pango);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  if (height > 0)
    pango_layout_set_height (layout, (int) (height * PANGO_SCALE));
  else if (height == 0)
    pango_layout_set_height (layout, -1);  /* one line */

  return layout;
}

/* The text layer of an SVG export hangs on the renderer's pango context,
 * which every layout knows, so the many callers need not pass the renderer. */
static G_DEFINE_QUARK (evb-text-layer, text_layer)

void
_evb_renderer_append_layout (GtkSnapshot   *snapshot,
                             PangoLayout   *layout,
                             const GdkRGBA *color,
                             double         x,
                             double         y)
{
  GPtrArray *texts = g_object_get_qdata (G_OBJECT (pango_layout_get_context (layout)),
                                         text_layer_quark ());

  if (texts != NULL)
    {
      /* Built by hand: gtk_snapshot_push_debug() does nothing unless
       * GTK_DEBUG=snapshot. */
      GtkSnapshot *inner = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) child = NULL;

      /* The layout's origin is that of the debug node's coordinates. */
      gtk_snapshot_append_layout (inner, layout, color);
      child = gtk_snapshot_free_to_node (inner);
      if (child != NULL)
        {
          g_autoptr(GskRenderNode) node = NULL;

          g_ptr_array_add (texts, g_object_ref (layout));
          node = gsk_debug_node_new (child, g_strdup_printf ("evb-text %u", texts->len - 1));
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
          gtk_snapshot_append_node (snapshot, node);
          gtk_snapshot_restore (snapshot);
        }
      return;
    }
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

void
_evb_renderer_set_text_layer (EvbRenderer *self,
                              GPtrArray   *texts)
{
  g_return_if_fail (EVB_IS_RENDERER (self));

  g_object_set_qdata_full (G_OBJECT (self->pango), text_layer_quark (),
                           texts != NULL ? g_ptr_array_ref (texts) : NULL,
                           (GDestroyNotify) g_ptr_array_unref);
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return h;
}

static double
layout_width (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

/* Dates read as "2014-07-17" or "2014-07-17 13:20 UTC". */
static char *
format_date (const char *date)
{
  return evb_date_format (date);
}

static char *
format_grade (const EvbNodeData *data)
{
  if (data->reliability == '\0' && data->credibility == 0)
    return NULL;
  return g_strdup_printf ("%c%c",
                          data->reliability != '\0' ? data->reliability : '-',
                          data->credibility != 0 ? '0' + data->credibility : '-');
}

/* NONE when nothing is known about this attachment (or there is none). */
static EvbAttachmentStatus
lookup_attachment_status (EvbRenderer       *self,
                          const EvbNodeData *data)
{
  if (self->attachments == NULL || data->attachment_uri == NULL)
    return EVB_ATTACHMENT_NONE;
  return evb_attachment_state_lookup_status (self->attachments, data);
}

static const char *
status_label (EvbAttachmentStatus status)
{
  switch (status)
    {
    case EVB_ATTACHMENT_MISSING:
      /* Translators: on an evidence card whose attached file is gone; keep it short */
      return _("File missing");
    case EVB_ATTACHMENT_CHANGED:
      /* Translators: on an evidence card whose attached file's SHA-256 differs; keep it short */
      return _("File changed");
    case EVB_ATTACHMENT_UNREADABLE:
      /* Translators: on an evidence card whose attached file cannot be read; keep it short */
      return _("File unreadable");
    case EVB_ATTACHMENT_NONE:
    case EVB_ATTACHMENT_OK:
    default:
      return NULL;
    }
}

static GdkTexture *
lookup_thumbnail (EvbRenderer       *self,
                  const EvbNodeData *data)
{
  if (self->attachments == NULL || data->attachment_sha256 == NULL)
    return NULL;
  return evb_attachment_state_get_thumbnail (self->attachments, data->attachment_sha256);
}

/* Links */

static void
line_path (cairo_t            *cr,
           EvbRelation         relation,
           double              x0,
           double              y0,
           double              x1,
           double              y1,
           double              width,
           const GdkRGBA      *color)
{
  double dx = x1 - x0, dy = y1 - y0;
  double len = hypot (dx, dy);
  double ux, uy, head;

  if (len < 1e-6)
    return;
  ux = dx / len;
  uy = dy / len;
  head = 9 + 2 * width;

  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, width);

  if (relation == EVB_RELATION_SUPPORTS)
    {
      /* Solid line ending in a filled arrow head. */
      double bx = x1 - ux * head, by = y1 - uy * head;

      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      cairo_move_to (cr, x0, y0);
      cairo_line_to (cr, bx + ux, by + uy);
      cairo_stroke (cr);

      cairo_move_to (cr, x1, y1);
      cairo_line_to (cr, bx - uy * head * 0.5, by + ux * head * 0.5);
      cairo_line_to (cr, bx + uy * head * 0.5, by - ux * head * 0.5);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
  else
    {
      /* Dashed line ending in a bar across it, like a T on its side. */
      double dashes[2] = { 3 * width + 5, 2 * width + 4 };
      double gap = 2 + width;
      double ex = x1 - ux * gap, ey = y1 - uy * gap;
      double bar = head * 0.75;

      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      cairo_set_dash (cr, dashes, 2, 0);
      cairo_move_to (cr, x0, y0);
      cairo_line_to (cr, ex, ey);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      cairo_set_line_width (cr, width + 1.5);
      cairo_move_to (cr, ex - uy * bar, ey + ux * bar);
      cairo_line_to (cr, ex + uy * bar, ey - ux * bar);
      cairo_stroke (cr);
    }
}

void
_evb_renderer_append_link_sample (EvbRenderer *self,
                                  GtkSnapshot *snapshot,
                                  EvbRelation  relation,
                                  double       x,
                                  double       y,
                                  double       width)
{
  const GdkRGBA *color = evb_palette_get_relation (get_palette (self), relation);
  cairo_t *cr = begin_cairo (snapshot,
                                           &GRAPHENE_RECT_INIT (x - 2, y - 12, width + 4, 24));

  line_path (cr, relation, x, y, x + width, y, strength_width (EVB_STRENGTH_MODERATE), color);
  end_cairo (snapshot, cr);
}

static PangoLayout *
create_note_layout (EvbRenderer *self,
                    EvbLink     *link)
{
  const char *note = evb_link_get_note (link);

  if (!self->show_link_notes || note == NULL || *note == '\0')
    return NULL;
  return _evb_renderer_create_layout (self, note, FONT_NOTE, NOTE_MAX_WIDTH, 2 * 14);
}

/* Laying out a note takes pango and harfbuzz: a board of 10,000 nodes has
 * about 4,000 notes, and a zoomed-out view or picture shows none of them.
 * So the geometry of a link starts with room for the largest note around
 * its middle, and the note's box is measured when it is drawn or hit. */
static LinkGeometry *
compute_link_geometry (EvbRenderer *self,
                       EvbLink     *link)
{
  LinkGeometry *g = g_new0 (LinkGeometry, 1);
  EvbNode *from = evb_board_get_node (self->board, evb_link_get_from (link));
  EvbNode *to = evb_board_get_node (self->board, evb_link_get_to (link));
  const char *note = evb_link_get_note (link);
  graphene_rect_t a, b;
  double ax, ay, bx, by, pad;

  g_assert (from != NULL && to != NULL);

  a = link_end_rect (self, from);
  b = link_end_rect (self, to);
  graphene_rect_get_center (&b, &g->p1);
  graphene_rect_get_center (&a, &g->p0);
  border_point (&a, g->p1.x, g->p1.y, &ax, &ay);
  border_point (&b, g->p0.x, g->p0.y, &bx, &by);
  g->valid = !graphene_rect_intersection (&a, &b, NULL);
  g->p0 = GRAPHENE_POINT_INIT (ax, ay);
  g->p1 = GRAPHENE_POINT_INIT (bx, by);
  g->width = strength_width (evb_link_get_strength (link));

  pad = 12 + 2 * g->width;
  graphene_rect_init (&g->bounds, MIN (ax, bx) - pad, MIN (ay, by) - pad,
                      fabs (bx - ax) + 2 * pad, fabs (by - ay) + 2 * pad);
  graphene_rect_init (&g->label, 0, 0, 0, 0);

  if (self->show_link_notes && note != NULL && *note != '\0' && g->valid)
    {
      double w = NOTE_MAX_WIDTH + 12 + 2;
      double h = NOTE_MAX_HEIGHT + 6 + 2;
      graphene_rect_t room = GRAPHENE_RECT_INIT ((ax + bx) / 2 - w / 2, (ay + by) / 2 - h / 2,
                                                 w, h);

      graphene_rect_union (&g->bounds, &room, &g->bounds);
    }
  else
    g->label_known = TRUE;

  return g;
}

/* Lays out the note of a link to know its box. */
static void
ensure_label (EvbRenderer  *self,
              EvbLink      *link,
              LinkGeometry *g)
{
  g_autoptr(PangoLayout) note = NULL;
  double w, h;

  if (g->label_known)
    return;
  g->label_known = TRUE;

  note = create_note_layout (self, link);
  g_assert (note != NULL);
  w = layout_width (note) + 12;
  h = layout_height (note) + 6;
  graphene_rect_init (&g->label, (g->p0.x + g->p1.x) / 2 - w / 2,
                      (g->p0.y + g->p1.y) / 2 - h / 2, w, h);
  if (!graphene_rect_contains_rect (&g->bounds, &g->label))
    {
      graphene_rect_union (&g->bounds, &g->label, &g->bounds);
      evb_spatial_index_set (self->link_index, link, &g->bounds);
    }
}

static LinkGeometry *
lookup_link_geometry (EvbRenderer *self,
                      EvbLink     *link)
{
  LinkGeometry *g = g_hash_table_lookup (self->link_geometry, link);

  if (g == NULL)
    {
      g = compute_link_geometry (self, link);
      g_hash_table_insert (self->link_geometry, link, g);
    }
  return g;
}

/* The geometry of a link without its note's box. */
static const LinkGeometry *
get_link_geometry (EvbRenderer *self,
                   EvbLink     *link)
{
  return lookup_link_geometry (self, link);
}

/* The geometry of a link with its note's box. */
static const LinkGeometry *
get_link_geometry_with_label (EvbRenderer *self,
                              EvbLink     *link)
{
  LinkGeometry *g = lookup_link_geometry (self, link);

  ensure_label (self, link, g);
  return g;
}

static void
update_link (EvbRenderer *self,
             EvbLink     *link)
{
  const LinkGeometry *g;

  g_hash_table_remove (self->link_cache, link);
  g_hash_table_remove (self->link_geometry, link);
  g = get_link_geometry (self, link);
  evb_spatial_index_set (self->link_index, link, &g->bounds);
}

static LinkNodes *
build_link_nodes (EvbRenderer *self,
                  EvbLink     *link)
{
  const EvbPalette *palette = get_palette (self);
  const LinkGeometry *g = get_link_geometry_with_label (self, link);
  EvbRelation relation = evb_link_get_relation (link);
  const GdkRGBA *color = evb_palette_get_relation (palette, relation);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(PangoLayout) note = NULL;
  LinkNodes *nodes;
  cairo_t *cr;

  if (!g->valid)
    return NULL;

  nodes = g_new0 (LinkNodes, 1);
  snapshot = gtk_snapshot_new ();
  cr = begin_cairo (snapshot, &g->bounds);
  line_path (cr, relation, g->p0.x, g->p0.y, g->p1.x, g->p1.y, g->width, color);
  end_cairo (snapshot, cr);
  nodes->line = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));

  note = create_note_layout (self, link);
  if (note != NULL)
    {
      GskRoundedRect box;
      float widths[4] = { 1, 1, 1, 1 };
      GdkRGBA colors[4] = { *color, *color, *color, *color };

      snapshot = gtk_snapshot_new ();
      gsk_rounded_rect_init_from_rect (&box, &g->label, 6);
      gtk_snapshot_push_rounded_clip (snapshot, &box);
      gtk_snapshot_append_color (snapshot, &palette->note_bg, &g->label);
      gtk_snapshot_pop (snapshot);
      gtk_snapshot_append_border (snapshot, &box, widths, colors);
      /* Centred lines within the layout's full width, centred on the box. */
      pango_layout_set_alignment (note, PANGO_ALIGN_CENTER);
      _evb_renderer_append_layout (snapshot, note, &palette->text,
                                   g->label.origin.x + g->label.size.width / 2 - NOTE_MAX_WIDTH / 2,
                                   g->label.origin.y + 3);
      nodes->label = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }

  return nodes;
}

static void
link_nodes_free (LinkNodes *nodes)
{
  g_clear_pointer (&nodes->line, gsk_render_node_unref);
  g_clear_pointer (&nodes->label, gsk_render_node_unref);
  g_free (nodes);
}

/* Cards */

/* A source or a claimant is often long ("The Wall Street Journal, citing
 * a person familiar with…"): it gets two lines before it ends in "…". */
static PangoLayout *
create_source_layout (EvbRenderer *self,
                      const char  *source,
                      double       width)
{
  PangoLayout *layout = _evb_renderer_create_layout (self, source, FONT_BODY, width, -1);

  pango_layout_set_height (layout, -SOURCE_LINES);
  return layout;
}

static void
append_badge (EvbRenderer *self,
              GtkSnapshot *snapshot,
              const char  *text,
              double       right,
              double       cy)
{
  const EvbPalette *palette = get_palette (self);
  g_autoptr(PangoLayout) layout = _evb_renderer_create_layout (self, text, FONT_BADGE, -1, -1);
  double w = layout_width (layout) + 10;
  double h = layout_height (layout) + 2;
  graphene_rect_t r = GRAPHENE_RECT_INIT (right - w, cy - h / 2, w, h);
  GskRoundedRect box;

  gsk_rounded_rect_init_from_rect (&box, &r, 4);
  gtk_snapshot_push_rounded_clip (snapshot, &box);
  gtk_snapshot_append_color (snapshot, &palette->badge_bg, &r);
  gtk_snapshot_pop (snapshot);
  _evb_renderer_append_layout (snapshot, layout, &palette->badge_text, r.origin.x + 5, r.origin.y + 1);
}

/* A card's soft shadow: its rounded box 2 units lower, blurred by a
 * Gaussian (σ = 3 units: what gtk_snapshot_append_outset_shadow() draws for
 * a blur radius of 6), built from gradients: the four edges fade along
 * linear ones, the corners along radial ones. GTK 4.8 draws its outset
 * shadows through a global cache of corner masks without a lock, which
 * kept cards in detail out of the tile cache's worker thread; gradients
 * are drawn from their stops alone, on any thread, at any scale. */
#define SHADOW_OFFSET 2.0
#define SHADOW_SIGMA  3.0
#define SHADOW_REACH  (2 * SHADOW_SIGMA)

static void
append_card_shadow (GtkSnapshot           *snapshot,
                    const graphene_rect_t *card,
                    const GdkRGBA         *color)
{
  /* Coverage across a straight edge, 0.5 erfc (d / (σ √2)), at the
   * distances d = -6, -4, … 6 units outside it, the last taken to 0. */
  static const float fade[] = { 0.977f, 0.909f, 0.748f, 0.5f, 0.252f, 0.091f, 0.0f };
  GskColorStop out[G_N_ELEMENTS (fade)], round[G_N_ELEMENTS (fade)];
  graphene_rect_t s;
  double radius, reach = SHADOW_REACH, x0, y0, x1, y1, corner;
  guint n = G_N_ELEMENTS (fade);

  graphene_rect_offset_r (card, 0, SHADOW_OFFSET, &s);
  radius = MIN (CARD_RADIUS, MIN (s.size.width, s.size.height) / 2);
  x0 = s.origin.x;
  y0 = s.origin.y;
  x1 = x0 + s.size.width;
  y1 = y0 + s.size.height;
  corner = radius + reach;

  for (guint i = 0; i < n; i++)
    {
      double d = -reach + 2 * reach * i / (n - 1);

      /* Linear: from reach inside the edge (full) to reach outside. */
      out[i].offset = (float) i / (n - 1);
      out[i].color = *color;
      out[i].color.alpha *= fade[i];
      /* Radial: from the corner's centre out, the fade past the arc; a
       * corner smaller than the reach starts part-way down it. */
      round[i].offset = (float) CLAMP ((radius + d) / corner, 0, 1);
      round[i].color = out[i].color;
    }
  for (guint i = 1; i < n; i++)
    round[i].offset = MAX (round[i].offset, round[i - 1].offset);

  /* The middle, where the shadow is whole. */
  if (x1 - x0 > 2 * radius && y1 - y0 > 2 * radius)
    gtk_snapshot_append_color (snapshot, color,
                               &GRAPHENE_RECT_INIT (x0 + radius, y0 + radius,
                                                    x1 - x0 - 2 * radius, y1 - y0 - 2 * radius));
  if (x1 - x0 > 2 * radius)
    {
      /* Top and bottom edges. */
      gtk_snapshot_append_linear_gradient (snapshot,
                                           &GRAPHENE_RECT_INIT (x0 + radius, y0 - reach,
                                                                x1 - x0 - 2 * radius, corner),
                                           &GRAPHENE_POINT_INIT (x0, y0 + reach),
                                           &GRAPHENE_POINT_INIT (x0, y0 - reach), out, n);
      gtk_snapshot_append_linear_gradient (snapshot,
                                           &GRAPHENE_RECT_INIT (x0 + radius, y1 - radius,
                                                                x1 - x0 - 2 * radius, corner),
                                           &GRAPHENE_POINT_INIT (x0, y1 - reach),
                                           &GRAPHENE_POINT_INIT (x0, y1 + reach), out, n);
    }
  if (y1 - y0 > 2 * radius)
    {
      /* Left and right edges. */
      gtk_snapshot_append_linear_gradient (snapshot,
                                           &GRAPHENE_RECT_INIT (x0 - reach, y0 + radius,
                                                                corner, y1 - y0 - 2 * radius),
                                           &GRAPHENE_POINT_INIT (x0 + reach, y0),
                                           &GRAPHENE_POINT_INIT (x0 - reach, y0), out, n);
      gtk_snapshot_append_linear_gradient (snapshot,
                                           &GRAPHENE_RECT_INIT (x1 - radius, y0 + radius,
                                                                corner, y1 - y0 - 2 * radius),
                                           &GRAPHENE_POINT_INIT (x1 - reach, y0),
                                           &GRAPHENE_POINT_INIT (x1 + reach, y0), out, n);
    }
  /* The four corners, each a square around its arc's centre. */
  for (guint i = 0; i < 4; i++)
    {
      double cx = i % 2 == 0 ? x0 + radius : x1 - radius;
      double cy = i < 2 ? y0 + radius : y1 - radius;
      graphene_rect_t square = GRAPHENE_RECT_INIT (i % 2 == 0 ? cx - corner : cx,
                                                   i < 2 ? cy - corner : cy, corner, corner);

      gtk_snapshot_append_radial_gradient (snapshot, &square, &GRAPHENE_POINT_INIT (cx, cy),
                                           corner, corner, 0, 1, round, n);
    }
}

static void
append_card_frame (EvbRenderer           *self,
                   GtkSnapshot           *snapshot,
                   const graphene_rect_t *r,
                   double                 header,
                   const GdkRGBA         *header_color,
                   const GdkRGBA         *accent,
                   const GdkRGBA         *border,
                   double                 border_width)
{
  const EvbPalette *palette = get_palette (self);
  GskRoundedRect outline;
  float widths[4] = { border_width, border_width, border_width, border_width };
  GdkRGBA colors[4] = { *border, *border, *border, *border };

  gsk_rounded_rect_init_from_rect (&outline, r, CARD_RADIUS);
  if (self->vector_only)
    {
      /* Blurred shadows become bitmaps in SVG and PDF: a crisp one stays vector. */
      GskRoundedRect drop;
      graphene_rect_t below;
      GdkRGBA color = palette->shadow;

      graphene_rect_offset_r (r, 0, 1.5, &below);
      graphene_rect_inset (&below, -1, -0.5);
      gsk_rounded_rect_init_from_rect (&drop, &below, CARD_RADIUS + 1);
      color.alpha *= 0.8f;
      gtk_snapshot_push_rounded_clip (snapshot, &drop);
      gtk_snapshot_append_color (snapshot, &color, &below);
      gtk_snapshot_pop (snapshot);
    }
  else
    append_card_shadow (snapshot, r, &palette->shadow);
  gtk_snapshot_push_rounded_clip (snapshot, &outline);
  gtk_snapshot_append_color (snapshot, &palette->card, r);
  gtk_snapshot_append_color (snapshot, header_color,
                             &GRAPHENE_RECT_INIT (r->origin.x, r->origin.y, r->size.width, header));
  if (accent != NULL)
    gtk_snapshot_append_color (snapshot, accent,
                               &GRAPHENE_RECT_INIT (r->origin.x, r->origin.y, 6, r->size.height));
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

/* The claim's likelihood on one line ending at bottom: a gauge filled to
 * the probability, then the ICD 203 word (the word carries it without
 * colour). Returns the line's top. */
static double
append_likelihood (EvbRenderer              *self,
                   GtkSnapshot              *snapshot,
                   const EvbClaimAssessment *a,
                   double                    x,
                   double                    bottom,
                   double                    width)
{
  const EvbPalette *palette = get_palette (self);
  g_autoptr(PangoLayout) word = NULL;
  double gauge = MIN (56, width / 3), lh, top;
  graphene_rect_t track, fill;
  GskRoundedRect box;

  if (a == NULL || !a->assessed)
    {
      word = _evb_renderer_create_layout (self, _("Not assessed"), FONT_BODY, width, 0);
      lh = layout_height (word);
      _evb_renderer_append_layout (snapshot, word, &palette->text_dim, x, bottom - lh);
      return bottom - lh;
    }

  word = _evb_renderer_create_layout (self, evb_likelihood_get_label (a->likelihood), FONT_BODY,
                                      MAX (width - gauge - 8, 10), 0);
  lh = layout_height (word);
  top = bottom - lh;
  track = GRAPHENE_RECT_INIT (x, top + lh / 2 - 3, gauge, 6);
  fill = GRAPHENE_RECT_INIT (x, track.origin.y, MAX (gauge * a->probability, 1), 6);
  gsk_rounded_rect_init_from_rect (&box, &track, 3);
  gtk_snapshot_push_rounded_clip (snapshot, &box);
  gtk_snapshot_append_color (snapshot, &palette->card_border, &track);
  gtk_snapshot_append_color (snapshot, &palette->claim_border, &fill);
  gtk_snapshot_pop (snapshot);
  _evb_renderer_append_layout (snapshot, word, &palette->text, x + gauge + 8, top);
  return top;
}

/* Close up, the start of the description and the tags fill what the title
 * leaves of the card between top and bottom; a card sized to its title
 * has no room for them, and shows none. */
static void
append_details (EvbRenderer       *self,
                GtkSnapshot       *snapshot,
                const EvbNodeData *data,
                double             x,
                double             top,
                double             width,
                double             bottom)
{
  const EvbPalette *palette = get_palette (self);

  if (data->tags[0] != NULL)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(PangoLayout) tags = NULL;

      for (guint i = 0; data->tags[i] != NULL; i++)
        g_string_append_printf (text, i == 0 ? "#%s" : "  #%s", data->tags[i]);
      tags = _evb_renderer_create_layout (self, text->str, FONT_SMALL, width, 0);
      if (bottom - layout_height (tags) < top)
        return;
      bottom -= layout_height (tags);
      _evb_renderer_append_layout (snapshot, tags, &palette->text_dim, x, bottom);
      bottom -= 3;
    }
  if (data->body != NULL && bottom - top >= MIN_TITLE_ROOM)
    {
      g_autoptr(PangoLayout) body = _evb_renderer_create_layout (self, data->body, FONT_BODY,
                                                                  width, bottom - top);

      if (layout_height (body) <= bottom - top)
        _evb_renderer_append_layout (snapshot, body, &palette->text_dim, x, top);
    }
}

static void
append_claim (EvbRenderer *self,
              GtkSnapshot *snapshot,
              EvbNode     *node,
              CardDetail   detail)
{
  const EvbPalette *palette = get_palette (self);
  const EvbNodeData *data = evb_node_get_data (node);
  graphene_rect_t r = node_rect (node);
  double x = r.origin.x, y = r.origin.y, w = r.size.width, h = r.size.height;
  double header = MIN (CLAIM_HEADER, h / 3);
  double pad = CARD_PAD;
  double bottom = y + h - 10;
  GdkRGBA header_color = palette->claim_header;
  GdkRGBA header_text = palette->claim_header_text;
  guint n_supports = 0, n_refutes = 0;
  g_autoptr(PangoLayout) kind = NULL;
  g_autoptr(PangoLayout) title = NULL;

  if (data->color != NULL && gdk_rgba_parse (&header_color, data->color))
    {
      /* The node's own colour replaces the band; keep its label readable. */
      if (luminance (&header_color) > 0.55)
        header_text = (GdkRGBA) { 0.14f, 0.12f, 0.19f, 1 };
      else
        header_text = (GdkRGBA) { 1, 1, 1, 1 };
    }
  else
    header_color = palette->claim_header;

  append_card_frame (self, snapshot, &r, header, &header_color, NULL, &header_color, 2.5);

  /* Header: the claim flag and the word, so no one mistakes it for evidence. */
  _evb_renderer_append_icon (self, snapshot, "evb-claim-symbolic", &header_text,
                             x + pad, y + (header - 16) / 2, 16);
  kind = _evb_renderer_create_layout (self, evb_node_kind_get_label (EVB_NODE_KIND_CLAIM), FONT_SMALL, w / 2, 0);
  _evb_renderer_append_layout (snapshot, kind, &header_text,
                               x + pad + 22, y + (header - layout_height (kind)) / 2);

  /* How likely it is, in ICD 203's words, with a gauge; the counts stay
   * in the inspector. Without an assessment, counts of what bears on it. */
  if (self->assessment != NULL && h >= 80)
    bottom = append_likelihood (self, snapshot, evb_assessment_get (self->assessment, data->id),
                                x + pad, bottom, w - 2 * pad) - 4;
  else if (h >= 80)
    {
      g_autofree char *sup = NULL;
      g_autofree char *ref = NULL;
      g_autoptr(PangoLayout) ls = NULL;
      g_autoptr(PangoLayout) lr = NULL;
      double lh, cx, cy;

      evb_node_count_incoming (node, &n_supports, &n_refutes);
      sup = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u supporting", "%u supporting", n_supports), n_supports);
      ref = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u refuting", "%u refuting", n_refutes), n_refutes);
      ls = _evb_renderer_create_layout (self, sup, FONT_BODY, -1, -1);
      lr = _evb_renderer_create_layout (self, ref, FONT_BODY, -1, -1);
      lh = layout_height (ls);
      cx = x + pad;
      cy = bottom - lh;

      _evb_renderer_append_link_sample (self, snapshot, EVB_RELATION_SUPPORTS, cx, cy + lh / 2, 22);
      cx += 27;
      _evb_renderer_append_layout (snapshot, ls, &palette->text, cx, cy);
      cx += layout_width (ls) + 14;
      _evb_renderer_append_link_sample (self, snapshot, EVB_RELATION_REFUTES, cx, cy + lh / 2, 22);
      cx += 27;
      _evb_renderer_append_layout (snapshot, lr, &palette->text, cx, cy);
      bottom = cy - 4;
    }

  if (data->claimant != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Claimed by %s"), data->claimant);
      g_autoptr(PangoLayout) claimant = create_source_layout (self, text, w - 2 * pad);

      /* Only with a line of the title left above it. */
      if (bottom - layout_height (claimant) - 4 - (y + header + 8) >= MIN_TITLE_ROOM)
        {
          bottom -= layout_height (claimant);
          _evb_renderer_append_layout (snapshot, claimant, &palette->text_dim, x + pad, bottom);
          bottom -= 4;
        }
    }

  title = _evb_renderer_create_layout (self, data->title, FONT_TITLE, w - 2 * pad,
                                       MAX (bottom - (y + header + 8), 1));
  _evb_renderer_append_layout (snapshot, title, &palette->text, x + pad, y + header + 8);
  if (detail == CARD_DETAIL_CLOSE)
    append_details (self, snapshot, data, x + pad, y + header + 8 + layout_height (title) + 6,
                    w - 2 * pad, bottom);
}

/* The warning flag of a broken attachment, right-aligned at right and
 * centred on cy; returns its width. Icon, words and a solid colour, so it
 * reads without colour too. */
static double
append_attachment_flag (EvbRenderer         *self,
                        GtkSnapshot         *snapshot,
                        EvbAttachmentStatus  status,
                        double               right,
                        double               cy,
                        double               max_width)
{
  const EvbPalette *palette = get_palette (self);
  g_autoptr(PangoLayout) layout = NULL;
  graphene_rect_t r;
  GskRoundedRect box;
  double w, h;

  layout = _evb_renderer_create_layout (self, status_label (status), FONT_SMALL,
                                        MAX (max_width - 32, 10), 0);
  h = MAX (layout_height (layout) + 4, 18);
  w = 8 + 14 + 4 + layout_width (layout) + 8;
  r = GRAPHENE_RECT_INIT (right - w, cy - h / 2, w, h);
  gsk_rounded_rect_init_from_rect (&box, &r, h / 2);
  gtk_snapshot_push_rounded_clip (snapshot, &box);
  gtk_snapshot_append_color (snapshot, &palette->broken, &r);
  gtk_snapshot_pop (snapshot);
  _evb_renderer_append_icon (self, snapshot, "evb-attachment-warning-symbolic",
                             &palette->broken_text, r.origin.x + 7, cy - 7, 14);
  _evb_renderer_append_layout (snapshot, layout, &palette->broken_text,
                               r.origin.x + 8 + 14 + 4, cy - layout_height (layout) / 2);
  return w;
}

/* The thumbnail fills a square (cropped to it, centred) with rounded
 * corners and a hairline, so light and dark pictures both sit on the card. */
static void
append_thumbnail (EvbRenderer           *self,
                  GtkSnapshot           *snapshot,
                  GdkTexture            *texture,
                  const graphene_rect_t *square)
{
  const EvbPalette *palette = get_palette (self);
  double tw = gdk_texture_get_width (texture);
  double th = gdk_texture_get_height (texture);
  double scale = MAX (square->size.width / tw, square->size.height / th);
  graphene_rect_t drawn;
  GskRoundedRect box;
  float widths[4] = { 1, 1, 1, 1 };
  GdkRGBA colors[4] = { palette->card_border, palette->card_border, palette->card_border,
                        palette->card_border };

  graphene_rect_init (&drawn,
                      square->origin.x + (square->size.width - tw * scale) / 2,
                      square->origin.y + (square->size.height - th * scale) / 2,
                      tw * scale, th * scale);
  gsk_rounded_rect_init_from_rect (&box, square, 4);
  gtk_snapshot_push_rounded_clip (snapshot, &box);
  gtk_snapshot_append_color (snapshot, &palette->evidence_header, square);
  gtk_snapshot_append_texture (snapshot, texture, &drawn);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &box, widths, colors);
}

static void
append_evidence (EvbRenderer *self,
                 GtkSnapshot *snapshot,
                 EvbNode     *node,
                 CardDetail   detail)
{
  const EvbPalette *palette = get_palette (self);
  const EvbNodeData *data = evb_node_get_data (node);
  graphene_rect_t r = node_rect (node);
  double x = r.origin.x, y = r.origin.y, w = r.size.width, h = r.size.height;
  double header = MIN (EVIDENCE_HEADER, h / 3);
  double pad = CARD_PAD;
  double left = x + pad;
  double bottom = y + h - 9;
  double right = x + w - pad;
  double text_right;
  double top = y + header + 7;
  GdkRGBA accent;
  gboolean has_accent = data->color != NULL && gdk_rgba_parse (&accent, data->color);
  EvbAttachmentStatus status = lookup_attachment_status (self, data);
  gboolean broken = evb_attachment_status_is_problem (status);
  GdkTexture *thumbnail = lookup_thumbnail (self, data);
  g_autofree char *grade = format_grade (data);
  g_autofree char *date = NULL;
  g_autoptr(PangoLayout) type = NULL;
  g_autoptr(PangoLayout) title = NULL;

  /* A broken attachment also shows in the card's edge, for small cards
   * without a footer and for a glance across the board. */
  append_card_frame (self, snapshot, &r, header, &palette->evidence_header,
                     has_accent ? &accent : NULL,
                     broken ? &palette->broken : &palette->card_border, broken ? 2 : 1);
  if (has_accent)
    left += 4;

  /* Header: the kind of evidence, and the Admiralty grade on the right. */
  _evb_renderer_append_icon (self, snapshot, _evb_renderer_get_type_icon (data->evidence_type),
                             &palette->icon, left, y + (header - 16) / 2, 16);
  if (grade != NULL)
    append_badge (self, snapshot, grade, right, y + header / 2);
  type = _evb_renderer_create_layout (self, evb_evidence_type_get_label (data->evidence_type),
                                      FONT_SMALL, right - left - 22 - (grade ? 34 : 0), 0);
  _evb_renderer_append_layout (snapshot, type, &palette->text_dim,
                               left + 22, y + (header - layout_height (type)) / 2);

  /* Footer: date on the left, attachment (or its warning flag) on the right. */
  if (data->occurred != NULL)
    date = format_date (data->occurred);
  else if (data->collected != NULL)
    {
      g_autofree char *collected = format_date (data->collected);
      date = g_strdup_printf (_("collected %s"), collected);
    }
  if ((date != NULL || data->attachment_uri != NULL) && h >= 70)
    {
      g_autoptr(PangoLayout) dl = _evb_renderer_create_layout (self, date ? date : "",
                                                                FONT_BODY, -1, 0);
      double lh = MAX (layout_height (dl), broken ? FOOTER_MIN : 14);
      double used = 0;

      if (broken)
        used = append_attachment_flag (self, snapshot, status, right, bottom - lh / 2,
                                       right - left) + 6;
      else if (data->attachment_uri != NULL)
        {
          _evb_renderer_append_icon (self, snapshot, "evb-attachment-symbolic", &palette->icon,
                                     right - 14, bottom - lh / 2 - 7, 14);
          used = 20;
        }
      if (date != NULL)
        {
          pango_layout_set_width (dl, (int) (MAX (right - left - used, 1) * PANGO_SCALE));
          pango_layout_set_ellipsize (dl, PANGO_ELLIPSIZE_END);
          _evb_renderer_append_layout (snapshot, dl, &palette->text_dim, left,
                                       bottom - lh / 2 - layout_height (dl) / 2);
        }
      bottom -= lh + 3;
    }

  /* The thumbnail: a square on the right between header and footer, the
   * text beside it. */
  text_right = right;
  if (thumbnail != NULL)
    {
      double side = MIN (MIN (bottom - top, THUMBNAIL_MAX), (right - left) * 0.4);

      if (side >= THUMBNAIL_MIN)
        {
          append_thumbnail (self, snapshot, thumbnail,
                            &GRAPHENE_RECT_INIT (right - side, top, side, side));
          text_right = right - side - 8;
        }
    }

  if (data->source != NULL)
    {
      g_autoptr(PangoLayout) sl = create_source_layout (self, data->source, text_right - left);

      /* Only with a line of the title left above it. */
      if (bottom - layout_height (sl) - 3 - top >= MIN_TITLE_ROOM)
        {
          bottom -= layout_height (sl);
          _evb_renderer_append_layout (snapshot, sl, &palette->text_dim, left, bottom);
          bottom -= 3;
        }
    }

  title = _evb_renderer_create_layout (self, data->title, FONT_TITLE, text_right - left,
                                       MAX (bottom - top, 1));
  _evb_renderer_append_layout (snapshot, title, &palette->text, left, top);
  if (detail == CARD_DETAIL_CLOSE)
    append_details (self, snapshot, data, left, top + layout_height (title) + 6,
                    text_right - left, bottom);
}

/* Fitting cards to their text */

/* Laid out as the renderer lays text out, so a card measured is a card
 * drawn alike. */
static PangoContext *
create_pango_context (void)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Text is laid out once and then drawn at any zoom and scale: unhinted
   * metrics keep it the same shape at every size. */
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, 96);
  pango_context_set_round_glyph_positions (context, FALSE);
  cairo_font_options_destroy (options);
  return context;
}

typedef struct
{
  double height;
  int    lines;
} Measure;

static Measure
measure_text (PangoContext *context,
              const char   *text,
              const char   *font,
              double        width)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);
  Measure m;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  m.height = layout_height (layout);
  m.lines = pango_layout_get_line_count (layout);
  return m;
}

/* The height a card of this width needs, and whether its title and source
 * take no more lines than they should at it. The sums follow
 * append_claim() and append_evidence() from the bottom up. */
static double
measure_card (PangoContext      *context,
              const EvbNodeData *data,
              double             width,
              gboolean          *fits)
{
  double body = measure_text (context, "Ag", FONT_BODY, -1).height;
  double text_width = width - 2 * CARD_PAD;
  double height, text, side = 0;
  Measure title;

  if (data->kind == EVB_NODE_KIND_CLAIM)
    {
      title = measure_text (context, data->title, FONT_TITLE, text_width);
      height = 10 + body + 4 + title.height + 8 + CLAIM_HEADER;
      *fits = title.lines <= TITLE_LINES;
      if (data->claimant != NULL)
        {
          g_autofree char *line = g_strdup_printf (_("Claimed by %s"), data->claimant);
          Measure claimant = measure_text (context, line, FONT_BODY, text_width);

          height += MIN (claimant.lines, SOURCE_LINES) * (claimant.height / MAX (claimant.lines, 1)) + 4;
          *fits = *fits && claimant.lines <= SOURCE_LINES;
        }
      return height;
    }

  if (data->color != NULL)
    text_width -= 4;    /* the accent stripe */
  height = 9 + 7 + EVIDENCE_HEADER;
  if (data->occurred != NULL || data->collected != NULL || data->attachment_uri != NULL)
    height += MAX (body, FOOTER_MIN) + 3;
  if (data->attachment_media_type != NULL && g_str_has_prefix (data->attachment_media_type, "image/"))
    {
      /* Expect a thumbnail: a square beside the text, which narrows it. */
      side = MIN (THUMBNAIL_MAX, text_width * 0.4);
      text_width -= side + 8;
    }
  title = measure_text (context, data->title, FONT_TITLE, text_width);
  text = title.height;
  *fits = title.lines <= TITLE_LINES;
  if (data->source != NULL)
    {
      Measure source = measure_text (context, data->source, FONT_BODY, text_width);

      text += MIN (source.lines, SOURCE_LINES) * (source.height / MAX (source.lines, 1)) + 3;
      *fits = *fits && source.lines <= SOURCE_LINES;
    }
  return height + MAX (text, side);
}

void
evb_renderer_fit_card (const EvbNodeData *data,
                       double            *width,
                       double            *height)
{
  static PangoContext *context;
  gboolean claim;
  double min_width, min_height, w, h = 0;

  g_return_if_fail (data != NULL);
  g_return_if_fail (width != NULL && height != NULL);

  /* Only ever used on the thread that draws (the main one in the app). */
  if (context == NULL)
    context = create_pango_context ();

  claim = data->kind == EVB_NODE_KIND_CLAIM;
  min_width = claim ? EVB_CLAIM_DEFAULT_WIDTH : EVB_NODE_DEFAULT_WIDTH;
  min_height = claim ? EVB_CLAIM_DEFAULT_HEIGHT : EVB_NODE_DEFAULT_HEIGHT;
  for (w = min_width; w <= CARD_MAX_WIDTH; w += CARD_WIDTH_STEP)
    {
      gboolean fits;

      h = measure_card (context, data, w, &fits);
      if (fits)
        break;
    }
  if (w > CARD_MAX_WIDTH)
    {
      gboolean fits;

      w = CARD_MAX_WIDTH;
      h = measure_card (context, data, w, &fits);
    }
  *width = w;
  /* A unit spare: pango's unhinted heights are fractions. */
  *height = CLAMP (ceil (h) + 1, min_height, CARD_MAX_HEIGHT);
}

static GskRenderNode *
build_card_node (EvbRenderer *self,
                 EvbNode     *node,
                 CardDetail   detail)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  if (evb_node_get_kind (node) == EVB_NODE_KIND_CLAIM)
    append_claim (self, snapshot, node, detail);
  else
    append_evidence (self, snapshot, node, detail);

  return gtk_snapshot_free_to_node (snapshot);
}

static void
card_nodes_free (CardNodes *nodes)
{
  for (guint i = 0; i < N_CARD_DETAILS; i++)
    g_clear_pointer (&nodes->nodes[i], gsk_render_node_unref);
  g_free (nodes);
}

/* Each card is laid out once at each level of detail it is drawn at, and
 * kept until it (or the look of every card) changes: crossing the zoom
 * between the levels swaps cached nodes, and lays nothing out again. */
static GskRenderNode *
get_card_node (EvbRenderer *self,
               EvbNode     *node,
               CardDetail   detail)
{
  CardNodes *nodes = g_hash_table_lookup (self->node_cache, node);

  if (nodes == NULL)
    {
      nodes = g_new0 (CardNodes, 1);
      g_hash_table_insert (self->node_cache, node, nodes);
    }
  if (nodes->nodes[detail] == NULL)
    nodes->nodes[detail] = build_card_node (self, node, detail);
  return nodes->nodes[detail];
}

static const LinkNodes *
get_link_nodes (EvbRenderer *self,
                EvbLink     *link)
{
  LinkNodes *nodes = g_hash_table_lookup (self->link_cache, link);

  if (nodes == NULL)
    {
      nodes = build_link_nodes (self, link);
      if (nodes == NULL)
        return NULL;
      g_hash_table_insert (self->link_cache, link, nodes);
    }
  return nodes;
}

void
_evb_renderer_set_vector_only (EvbRenderer *self,
                               gboolean     vector_only)
{
  g_return_if_fail (EVB_IS_RENDERER (self));

  vector_only = !!vector_only;
  if (self->vector_only == vector_only)
    return;
  self->vector_only = vector_only;
  g_hash_table_remove_all (self->node_cache);
}

void
_evb_renderer_set_exporting (EvbRenderer *self,
                             gboolean     exporting)
{
  g_return_if_fail (EVB_IS_RENDERER (self));

  self->exporting = !!exporting;
}

/* Order */

static guint
node_order (EvbRenderer *self,
            EvbNode     *node)
{
  if (self->node_order == NULL)
    {
      GPtrArray *nodes = evb_board_get_nodes (self->board);

      self->node_order = g_hash_table_new (NULL, NULL);
      for (guint i = 0; i < nodes->len; i++)
        g_hash_table_insert (self->node_order, g_ptr_array_index (nodes, i), GUINT_TO_POINTER (i + 1));
    }
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->node_order, node));
}

static guint
link_order (EvbRenderer *self,
            EvbLink     *link)
{
  if (self->link_order == NULL)
    {
      GPtrArray *links = evb_board_get_links (self->board);

      self->link_order = g_hash_table_new (NULL, NULL);
      for (guint i = 0; i < links->len; i++)
        g_hash_table_insert (self->link_order, g_ptr_array_index (links, i), GUINT_TO_POINTER (i + 1));
    }
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->link_order, link));
}

static int
compare_node_order (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  guint oa = node_order (user_data, *(EvbNode **) a);
  guint ob = node_order (user_data, *(EvbNode **) b);

  return oa < ob ? -1 : oa > ob;
}

static int
compare_link_order (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  guint oa = link_order (user_data, *(EvbLink **) a);
  guint ob = link_order (user_data, *(EvbLink **) b);

  return oa < ob ? -1 : oa > ob;
}

/* Signal callbacks */

/* Everything may look different (the palette, a setting, a new set of
 * shown cards): the canvas's tiles all go. */
static void
invalidate (EvbRenderer *self)
{
  g_signal_emit (self, signals[INVALIDATED], 0, NULL);
}

/* Only what is drawn in area (board coordinates, the item's own bounds;
 * see EVB_RENDERER_REACH_UNITS) changed. */
static void
invalidate_area (EvbRenderer           *self,
                 const graphene_rect_t *area)
{
  g_signal_emit (self, signals[INVALIDATED], 0, area);
}

static void
invalidate_node (EvbRenderer *self,
                 EvbNode     *node)
{
  graphene_rect_t r;

  if (evb_spatial_index_lookup (self->node_index, node, &r))
    invalidate_area (self, &r);
}

static void
invalidate_link (EvbRenderer *self,
                 EvbLink     *link)
{
  graphene_rect_t r;

  if (evb_spatial_index_lookup (self->link_index, link, &r))
    invalidate_area (self, &r);
}

/* A card or link by id: the selection, hover and search highlights name
 * both. */
static void
invalidate_id (EvbRenderer *self,
               const char  *id)
{
  EvbNode *node;
  EvbLink *link;

  if (id == NULL)
    return;
  if ((node = evb_board_get_node (self->board, id)) != NULL)
    invalidate_node (self, node);
  else if ((link = evb_board_get_link (self->board, id)) != NULL)
    invalidate_link (self, link);
}

/* Many changed ids cost more to redraw one by one than all at once. */
#define MAX_INVALIDATED_IDS 256

/* Redraws each id in one set and not in the other (NULL is empty);
 * everything when that is a lot. */
static void
invalidate_difference (EvbRenderer *self,
                       GHashTable  *a,
                       GHashTable  *b)
{
  GHashTable *sets[2] = { a, b };
  GHashTableIter iter;
  gpointer key;
  guint n = 0;

  for (guint s = 0; s < 2; s++)
    if (sets[s] != NULL)
      n += g_hash_table_size (sets[s]);
  if (n > MAX_INVALIDATED_IDS)
    {
      invalidate (self);
      return;
    }
  for (guint s = 0; s < 2; s++)
    {
      if (sets[s] == NULL)
        continue;
      g_hash_table_iter_init (&iter, sets[s]);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!set_contains (sets[1 - s], key))
          invalidate_id (self, key);
    }
}

static void
selection_changed_cb (EvbRenderer *self)
{
  GHashTable *ids = evb_selection_get_ids (self->selection);

  invalidate_difference (self, self->drawn_selection, ids);
  g_clear_pointer (&self->drawn_selection, g_hash_table_unref);
  self->drawn_selection = copy_id_set (ids);
}

static void overview_unref      (Overview    *overview);
static void overview_patch_node (EvbRenderer *self,
                                 EvbNode     *node);

/* A card moved, or an attachment's status changed. */
static void
forget_problems (EvbRenderer *self)
{
  g_clear_pointer (&self->problem_cards, g_array_unref);
}

/* Cards or lines moved, came or went, or were hidden. */
static void
forget_overview (EvbRenderer *self)
{
  g_clear_pointer (&self->overview, overview_unref);
  forget_problems (self);
}

static void
invalidate_link_ends (EvbRenderer *self,
                      EvbLink     *link)
{
  /* Claims show counts of their incoming links. */
  EvbNode *to = evb_board_get_node (self->board, evb_link_get_to (link));
  EvbNode *from = evb_board_get_node (self->board, evb_link_get_from (link));

  if (to != NULL)
    {
      g_hash_table_remove (self->node_cache, to);
      invalidate_node (self, to);
    }
  if (from != NULL)
    {
      g_hash_table_remove (self->node_cache, from);
      invalidate_node (self, from);
    }
}

static void
node_added_cb (EvbRenderer *self,
               EvbNode     *node)
{
  graphene_rect_t r = node_rect (node);

  g_clear_pointer (&self->node_order, g_hash_table_unref);
  evb_spatial_index_set (self->node_index, node, &r);
  forget_overview (self);
  invalidate_area (self, &r);
}

static void
node_removed_cb (EvbRenderer *self,
                 EvbNode     *node)
{
  g_clear_pointer (&self->node_order, g_hash_table_unref);
  invalidate_node (self, node);
  evb_spatial_index_remove (self->node_index, node);
  g_hash_table_remove (self->node_cache, node);
  forget_overview (self);
}

static void
node_changed_cb (EvbRenderer *self,
                 EvbNode     *node)
{
  graphene_rect_t r = node_rect (node);
  GPtrArray *links = evb_node_get_links (node);

  /* Where the card and its links were, then where they are. */
  invalidate_node (self, node);
  for (guint i = 0; i < links->len; i++)
    invalidate_link (self, g_ptr_array_index (links, i));
  evb_spatial_index_set (self->node_index, node, &r);
  g_hash_table_remove (self->node_cache, node);
  for (guint i = 0; i < links->len; i++)
    update_link (self, g_ptr_array_index (links, i));
  overview_patch_node (self, node);
  forget_problems (self);
  invalidate_area (self, &r);
  for (guint i = 0; i < links->len; i++)
    invalidate_link (self, g_ptr_array_index (links, i));
}

static void
link_added_cb (EvbRenderer *self,
               EvbLink     *link)
{
  g_clear_pointer (&self->link_order, g_hash_table_unref);
  update_link (self, link);
  invalidate_link_ends (self, link);
  forget_overview (self);
  invalidate_link (self, link);
}

static void
link_removed_cb (EvbRenderer *self,
                 EvbLink     *link)
{
  g_clear_pointer (&self->link_order, g_hash_table_unref);
  invalidate_link (self, link);
  evb_spatial_index_remove (self->link_index, link);
  g_hash_table_remove (self->link_cache, link);
  g_hash_table_remove (self->link_geometry, link);
  invalidate_link_ends (self, link);
  forget_overview (self);
}

static void
link_changed_cb (EvbRenderer *self,
                 EvbLink     *link)
{
  invalidate_link (self, link);
  update_link (self, link);
  invalidate_link_ends (self, link);
  forget_overview (self);
  invalidate_link (self, link);
}

void
_evb_renderer_invalidate (EvbRenderer *self)
{
  invalidate (self);
}

void
_evb_renderer_forget_drawn (EvbRenderer *self)
{
  g_return_if_fail (EVB_IS_RENDERER (self));

  g_hash_table_remove_all (self->node_cache);
  g_hash_table_remove_all (self->link_cache);
}

void
_evb_renderer_invalidate_area (EvbRenderer           *self,
                               const graphene_rect_t *area)
{
  invalidate_area (self, area);
}

void
_evb_renderer_refresh_links (EvbRenderer *self)
{
  GPtrArray *links = evb_board_get_links (self->board);

  for (guint i = 0; i < links->len; i++)
    update_link (self, g_ptr_array_index (links, i));
  forget_overview (self);
  invalidate (self);
}

static void
rebuild (EvbRenderer *self)
{
  GPtrArray *nodes = evb_board_get_nodes (self->board);
  GPtrArray *links = evb_board_get_links (self->board);

  evb_spatial_index_clear (self->node_index);
  evb_spatial_index_clear (self->link_index);
  g_hash_table_remove_all (self->node_cache);
  g_hash_table_remove_all (self->link_cache);
  g_hash_table_remove_all (self->link_geometry);
  g_clear_pointer (&self->node_order, g_hash_table_unref);
  g_clear_pointer (&self->link_order, g_hash_table_unref);
  forget_overview (self);

  for (guint i = 0; i < nodes->len; i++)
    {
      graphene_rect_t r = node_rect (g_ptr_array_index (nodes, i));
      evb_spatial_index_set (self->node_index, g_ptr_array_index (nodes, i), &r);
    }
  for (guint i = 0; i < links->len; i++)
    update_link (self, g_ptr_array_index (links, i));
}

/* GObject */

static void
evb_renderer_dispose (GObject *object)
{
  EvbRenderer *self = EVB_RENDERER (object);

  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  g_clear_object (&self->board);
  g_clear_pointer (&self->node_cache, g_hash_table_unref);
  g_clear_pointer (&self->link_cache, g_hash_table_unref);
  g_clear_pointer (&self->link_geometry, g_hash_table_unref);
  g_clear_pointer (&self->node_order, g_hash_table_unref);
  g_clear_pointer (&self->link_order, g_hash_table_unref);
  g_clear_pointer (&self->icons, g_hash_table_unref);
  if (self->attachments != NULL)
    g_signal_handlers_disconnect_by_data (self->attachments, self);
  g_clear_object (&self->attachments);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->drawn_selection, g_hash_table_unref);
  if (self->assessment != NULL)
    g_signal_handlers_disconnect_by_data (self->assessment, self);
  g_clear_object (&self->assessment);
  g_clear_pointer (&self->node_index, evb_spatial_index_free);
  g_clear_pointer (&self->link_index, evb_spatial_index_free);
  g_clear_pointer (&self->highlighted, g_hash_table_unref);
  g_clear_pointer (&self->visible, g_hash_table_unref);
  g_clear_pointer (&self->dimmed, g_hash_table_unref);
  g_clear_pointer (&self->hovered, g_free);
  g_clear_object (&self->pango);
  forget_overview (self);

  G_OBJECT_CLASS (evb_renderer_parent_class)->dispose (object);
}

static void
evb_renderer_constructed (GObject *object)
{
  EvbRenderer *self = EVB_RENDERER (object);

  G_OBJECT_CLASS (evb_renderer_parent_class)->constructed (object);

  g_assert (self->board != NULL);
  g_signal_connect_swapped (self->board, "node-added", G_CALLBACK (node_added_cb), self);
  g_signal_connect_swapped (self->board, "node-removed", G_CALLBACK (node_removed_cb), self);
  g_signal_connect_swapped (self->board, "node-changed", G_CALLBACK (node_changed_cb), self);
  g_signal_connect_swapped (self->board, "link-added", G_CALLBACK (link_added_cb), self);
  g_signal_connect_swapped (self->board, "link-removed", G_CALLBACK (link_removed_cb), self);
  g_signal_connect_swapped (self->board, "link-changed", G_CALLBACK (link_changed_cb), self);
  _evb_renderer_groups_connect (self);
  rebuild (self);
}

static void
evb_renderer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  EvbRenderer *self = EVB_RENDERER (object);

  switch (prop_id)
    {
    case PROP_BOARD:
      g_value_set_object (value, self->board);
      break;
    case PROP_DARK:
      g_value_set_boolean (value, self->dark);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
evb_renderer_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  EvbRenderer *self = EVB_RENDERER (object);

  switch (prop_id)
    {
    case PROP_BOARD:
      self->board = g_value_dup_object (value);
      break;
    case PROP_DARK:
      evb_renderer_set_dark (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
evb_renderer_class_init (EvbRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  /* gtk_init() registers the render node types; export runs without it, and
   * asking for one type's GType registers them all. */
  g_type_ensure (GSK_TYPE_CONTAINER_NODE);

  object_class->dispose = evb_renderer_dispose;
  object_class->constructed = evb_renderer_constructed;
  object_class->get_property = evb_renderer_get_property;
  object_class->set_property = evb_renderer_set_property;

  properties[PROP_BOARD] =
    g_param_spec_object ("board", NULL, NULL, EVB_TYPE_BOARD,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DARK] =
    g_param_spec_boolean ("dark", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EvbRenderer::invalidated:
   * @renderer: the renderer
   * @area: (nullable): the board rectangle whose drawing changed, or %NULL
   *   when anything may have changed
   *
   * Something drawn changed: the canvas should queue a redraw. With an
   * area, only what is drawn there changed: the item's own bounds (a card,
   * a link with its note), which rings, halos and shadows may overstep by
   * EVB_RENDERER_REACH_UNITS board units plus EVB_RENDERER_REACH_PIXELS
   * pixels at the zoom drawn. A card that moves emits its old and its new
   * place and those of its links, one emission each.
   */
  signals[INVALIDATED] =
    g_signal_new ("invalidated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  GRAPHENE_TYPE_RECT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
evb_renderer_init (EvbRenderer *self)
{
  self->show_link_notes = TRUE;
  self->node_index = evb_spatial_index_new (CELL_SIZE);
  self->link_index = evb_spatial_index_new (CELL_SIZE);
  self->node_cache = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) card_nodes_free);
  self->link_cache = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) link_nodes_free);
  self->link_geometry = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->icons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  self->pango = create_pango_context ();
}

/* Public API */

EvbRenderer *
evb_renderer_new (EvbBoard *board)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  return g_object_new (EVB_TYPE_RENDERER, "board", board, NULL);
}

EvbBoard *
evb_renderer_get_board (EvbRenderer *self)
{
  g_return_val_if_fail (EVB_IS_RENDERER (self), NULL);
  return self->board;
}

void
evb_renderer_set_dark (EvbRenderer *self,
                       gboolean     dark)
{
  g_return_if_fail (EVB_IS_RENDERER (self));

  dark = !!dark;
  if (self->dark == dark)
    return;
  self->dark = dark;
  g_hash_table_remove_all (self->node_cache);
  g_hash_table_remove_all (self->link_cache);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DARK]);
  invalidate (self);
}

void
evb_renderer_set_high_contrast (EvbRenderer *self,
                                gboolean     high_contrast)
{
  g_return_if_fail (EVB_IS_RENDERER (self));

  high_contrast = !!high_contrast;
  if (self->high_contrast == high_contrast)
    return;
  self->high_contrast = high_contrast;
  g_hash_table_remove_all (self->node_cache);
  g_hash_table_remove_all (self->link_cache);
  invalidate (self);
}

gboolean
evb_renderer_get_dark (EvbRenderer *self)
{
  g_return_val_if_fail (EVB_IS_RENDERER (self), FALSE);
  return self->dark;
}

const EvbPalette *
evb_renderer_get_palette (EvbRenderer *self)
{
  g_return_val_if_fail (EVB_IS_RENDERER (self), NULL);
  return get_palette (self);
}

void
evb_renderer_set_selection (EvbRenderer  *self,
                            EvbSelection *selection)
{
  g_return_if_fail (EVB_IS_RENDERER (self));
  g_return_if_fail (selection == NULL || EVB_IS_SELECTION (selection));

  if (self->selection == selection)
    return;
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, selection_changed_cb, self);
  g_set_object (&self->selection, selection);
  g_clear_pointer (&self->drawn_selection, g_hash_table_unref);
  if (selection != NULL)
    {
      g_signal_connect_object (selection, "changed", G_CALLBACK (selection_changed_cb), self,
                               G_CONNECT_SWAPPED);
      self->drawn_selection = copy_id_set (evb_selection_get_ids (selection));
    }
  invalidate (self);
}

EvbSelection *
evb_renderer_get_selection (EvbRenderer *self)
{
  g_return_val_if_fail (EVB_IS_RENDERER (self), NULL);
  return self->selection;
}

void
evb_renderer_set_hovered (EvbRenderer *self,
                          const char  *id)
{
  g_return_if_fail (EVB_IS_RENDERER (self));

  if (g_strcmp0 (self->hovered, id) == 0)
    return;
  invalidate_id (self, self->hovered);
  g_free (self->hovered);
  self->hovered = g_strdup (id);
  invalidate_id (self, self->hovered);
}

void
evb_renderer_set_highlighted (EvbRenderer *self,
                              GHashTable  *ids)
{
  g_autoptr(GHashTable) old = NULL;

  g_return_if_fail (EVB_IS_RENDERER (self));

  old = g_steal_pointer (&self->highlighted);
  self->highlighted = copy_id_set (ids);
  invalidate_difference (self, old, self->highlighted);
}

void
evb_renderer_set_show_link_notes (EvbRenderer *self,
                                  gboolean     show)
{
  GPtrArray *links;

  g_return_if_fail (EVB_IS_RENDERER (self));

  show = !!show;
  if (self->show_link_notes == show)
    return;
  self->show_link_notes = show;
  links = evb_board_get_links (self->board);
  for (guint i = 0; i < links->len; i++)
    update_link (self, g_ptr_array_index (links, i));
  invalidate (self);
}

gboolean
evb_renderer_get_show_link_notes (EvbRenderer *self)
{
  g_return_val_if_fail (EVB_IS_RENDERER (self), FALSE);
  return self->show_link_notes;
}

void
evb_renderer_set_tiled (EvbRenderer *self,
                        gboolean     tiled)
{
  g_return_if_fail (EVB_IS_RENDERER (self));

  tiled = !!tiled;
  if (self->tiled == tiled)
    return;
  self->tiled = tiled;
  invalidate (self);
}

void
evb_renderer_set_visible_nodes (EvbRenderer *self,
                                GHashTable  *ids)
{
  g_return_if_fail (EVB_IS_RENDERER (self));

  g_clear_pointer (&self->visible, g_hash_table_unref);
  if (ids != NULL)
    {
      self->visible = copy_id_set (ids);
      if (self->visible == NULL)
        self->visible = g_hash_table_new (g_str_hash, g_str_equal);
    }
  forget_overview (self);
  invalidate (self);
}

void
evb_renderer_set_dimmed_nodes (EvbRenderer *self,
                               GHashTable  *ids)
{
  g_return_if_fail (EVB_IS_RENDERER (self));

  if (self->dimmed == NULL && (ids == NULL || g_hash_table_size (ids) == 0))
    return;
  g_clear_pointer (&self->dimmed, g_hash_table_unref);
  self->dimmed = copy_id_set (ids);
  invalidate (self);
}

static void
attachment_status_changed_cb (EvbRenderer *self,
                              const char  *node_id)
{
  EvbNode *node = evb_board_get_node (self->board, node_id);

  forget_problems (self);
  if (node != NULL)
    {
      g_hash_table_remove (self->node_cache, node);
      invalidate_node (self, node);
    }
}

static void
thumbnail_changed_cb (EvbRenderer *self,
                      const char  *sha256)
{
  GPtrArray *nodes;

  /* Nothing drawn yet (an export setting up): nothing to redraw. */
  if (g_hash_table_size (self->node_cache) == 0)
    {
      invalidate (self);
      return;
    }

  /* Several items can share one file. */
  nodes = evb_board_get_nodes (self->board);
  for (guint i = 0; i < nodes->len; i++)
    {
      EvbNode *node = g_ptr_array_index (nodes, i);

      if (g_strcmp0 (evb_node_get_data (node)->attachment_sha256, sha256) == 0)
        {
          g_hash_table_remove (self->node_cache, node);
          invalidate_node (self, node);
        }
    }
}

void
evb_renderer_set_attachment_state (EvbRenderer        *self,
                                   EvbAttachmentState *state)
{
  g_return_if_fail (EVB_IS_RENDERER (self));
  g_return_if_fail (state == NULL || EVB_IS_ATTACHMENT_STATE (state));

  if (self->attachments == state)
    return;
  if (self->attachments != NULL)
    g_signal_handlers_disconnect_by_data (self->attachments, self);
  g_set_object (&self->attachments, state);
  if (state != NULL)
    {
      g_signal_connect_object (state, "status-changed", G_CALLBACK (attachment_status_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (state, "thumbnail-changed", G_CALLBACK (thumbnail_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  if (self->node_cache != NULL)
    g_hash_table_remove_all (self->node_cache);
  forget_overview (self);
  invalidate (self);
}

EvbAttachmentState *
evb_renderer_get_attachment_state (EvbRenderer *self)
{
  g_return_val_if_fail (EVB_IS_RENDERER (self), NULL);
  return self->attachments;
}

static void
assessment_changed_cb (EvbRenderer *self,
                       const char  *claim_id)
{
  EvbNode *node = claim_id != NULL ? evb_board_get_node (self->board, claim_id) : NULL;

  if (claim_id == NULL)
    {
      g_hash_table_remove_all (self->node_cache);
      invalidate (self);
    }
  else if (node != NULL)
    {
      g_hash_table_remove (self->node_cache, node);
      invalidate_node (self, node);
    }
}

void
evb_renderer_set_assessment (EvbRenderer   *self,
                             EvbAssessment *assessment)
{
  g_return_if_fail (EVB_IS_RENDERER (self));
  g_return_if_fail (assessment == NULL || EVB_IS_ASSESSMENT (assessment));

  if (self->assessment == assessment)
    return;
  if (self->assessment != NULL)
    g_signal_handlers_disconnect_by_data (self->assessment, self);
  g_set_object (&self->assessment, assessment);
  if (assessment != NULL)
    g_signal_connect_object (assessment, "changed", G_CALLBACK (assessment_changed_cb), self,
                             G_CONNECT_SWAPPED);
  assessment_changed_cb (self, NULL);
}

EvbAssessment *
evb_renderer_get_assessment (EvbRenderer *self)
{
  g_return_val_if_fail (EVB_IS_RENDERER (self), NULL);
  return self->assessment;
}

GPtrArray *
evb_renderer_query_nodes (EvbRenderer           *self,
                          const graphene_rect_t *rect)
{
  GPtrArray *found;

  g_return_val_if_fail (EVB_IS_RENDERER (self), NULL);
  g_return_val_if_fail (rect != NULL, NULL);

  found = evb_spatial_index_query (self->node_index, rect);
  if (self->visible != NULL || evb_board_get_n_groups (self->board) > 0)
    for (guint i = found->len; i > 0; i--)
      if (!is_visible_node (self, g_ptr_array_index (found, i - 1)))
        g_ptr_array_remove_index_fast (found, i - 1);

  g_ptr_array_sort_with_data (found, compare_node_order, self);
  return found;
}

GPtrArray *
evb_renderer_query_links (EvbRenderer           *self,
                          const graphene_rect_t *rect)
{
  GPtrArray *found;

  g_return_val_if_fail (EVB_IS_RENDERER (self), NULL);
  g_return_val_if_fail (rect != NULL, NULL);

  found = evb_spatial_index_query (self->link_index, rect);
  if (self->visible != NULL)
    for (guint i = found->len; i > 0; i--)
      if (!is_visible_link (self, g_ptr_array_index (found, i - 1)))
        g_ptr_array_remove_index_fast (found, i - 1);

  g_ptr_array_sort_with_data (found, compare_link_order, self);
  return found;
}

EvbNode *
evb_renderer_pick_node (EvbRenderer *self,
                        double       x,
                        double       y)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (EVB_IS_RENDERER (self), NULL);

  found = evb_renderer_query_nodes (self, &GRAPHENE_RECT_INIT (x, y, 0, 0));
  for (guint i = found->len; i > 0; i--)
    {
      EvbNode *node = g_ptr_array_index (found, i - 1);
      graphene_rect_t r = node_rect (node);

      if (x >= r.origin.x && x <= r.origin.x + r.size.width &&
          y >= r.origin.y && y <= r.origin.y + r.size.height)
        return node;
    }
  return NULL;
}

static double
distance_to_segment (const graphene_point_t *a,
                     const graphene_point_t *b,
                     double                  x,
                     double                  y)
{
  double dx = b->x - a->x, dy = b->y - a->y;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((x - a->x) * dx + (y - a->y) * dy) / len2 : 0;

  t = CLAMP (t, 0, 1);
  return hypot (x - (a->x + t * dx), y - (a->y + t * dy));
}

EvbLink *
evb_renderer_pick_link (EvbRenderer *self,
                        double       x,
                        double       y,
                        double       tolerance)
{
  g_autoptr(GPtrArray) found = NULL;
  EvbLink *best = NULL;
  double best_distance = G_MAXDOUBLE;

  g_return_val_if_fail (EVB_IS_RENDERER (self), NULL);

  tolerance = MAX (tolerance, 0);
  found = evb_renderer_query_links (self, &GRAPHENE_RECT_INIT (x - tolerance, y - tolerance,
                                                               2 * tolerance, 2 * tolerance));
  for (guint i = found->len; i > 0; i--)
    {
      EvbLink *link = g_ptr_array_index (found, i - 1);
      const LinkGeometry *g = get_link_geometry_with_label (self, link);
      double d;

      if (!g->valid)
        continue;
      if (graphene_rect_contains_point (&g->label, &GRAPHENE_POINT_INIT (x, y)))
        d = 0;
      else
        d = distance_to_segment (&g->p0, &g->p1, x, y) - g->width / 2;
      if (d <= tolerance && d < best_distance)
        {
          best = link;
          best_distance = d;
        }
    }
  return best;
}

void
evb_renderer_get_border_point (EvbRenderer *self,
                               EvbNode     *node,
                               double       toward_x,
                               double       toward_y,
                               double      *out_x,
                               double      *out_y)
{
  graphene_rect_t r;
  double x, y;

  g_return_if_fail (EVB_IS_RENDERER (self));
  g_return_if_fail (EVB_IS_NODE (node));

  r = node_rect (node);
  border_point (&r, toward_x, toward_y, &x, &y);
  if (out_x != NULL)
    *out_x = x;
  if (out_y != NULL)
    *out_y = y;
}

gboolean
evb_renderer_get_extents (EvbRenderer     *self,
                          graphene_rect_t *extents)
{
  GPtrArray *nodes, *links;
  gboolean any = FALSE;
  graphene_rect_t acc = GRAPHENE_RECT_INIT (0, 0, 0, 0);

  g_return_val_if_fail (EVB_IS_RENDERER (self), FALSE);

  nodes = evb_board_get_nodes (self->board);
  links = evb_board_get_links (self->board);
  for (guint i = 0; i < nodes->len; i++)
    {
      EvbNode *node = g_ptr_array_index (nodes, i);
      graphene_rect_t r;

      if (!is_visible_node (self, node))
        continue;
      r = node_rect (node);
      if (any)
        graphene_rect_union (&acc, &r, &acc);
      else
        acc = r;
      any = TRUE;
    }
  for (guint i = 0; i < links->len && any; i++)
    {
      EvbLink *link = g_ptr_array_index (links, i);
      LinkGeometry *g;

      if (!is_visible_link (self, link))
        continue;
      g = lookup_link_geometry (self, link);
      /* A note whose room lies inside the extents so far cannot add to
       * them: only notes near the edges need laying out. */
      if (!g->label_known && graphene_rect_contains_rect (&acc, &g->bounds))
        continue;
      ensure_label (self, link, g);
      if (g->label.size.width > 0)
        graphene_rect_union (&acc, &g->label, &acc);
    }
  _evb_renderer_groups_add_extents (self, &acc, &any);
  if (extents != NULL)
    *extents = acc;
  return any;
}

/* A card's ring as a node of its own, for a scene drawn on any thread. */
static GskRenderNode *
ring_node (const graphene_rect_t *r,
           double                 outset,
           double                 width,
           const GdkRGBA         *color)
{
  GskRoundedRect ring;
  float widths[4] = { width, width, width, width };
  GdkRGBA colors[4] = { *color, *color, *color, *color };
  graphene_rect_t grown;

  graphene_rect_inset_r (r, -outset, -outset, &grown);
  gsk_rounded_rect_init_from_rect (&ring, &grown, CARD_RADIUS + outset);
  return gsk_border_node_new (&ring, widths, colors);
}

static void
append_ring (GtkSnapshot           *snapshot,
             const graphene_rect_t *r,
             double                 outset,
             double                 width,
             const GdkRGBA         *color)
{
  GskRoundedRect ring;
  float widths[4] = { width, width, width, width };
  GdkRGBA colors[4] = { *color, *color, *color, *color };
  graphene_rect_t grown;

  graphene_rect_inset_r (r, -outset, -outset, &grown);
  gsk_rounded_rect_init_from_rect (&ring, &grown, CARD_RADIUS + outset);
  gtk_snapshot_append_border (snapshot, &ring, widths, colors);
}

static void
append_link_halo (GtkSnapshot        *snapshot,
                  const LinkGeometry *g,
                  double              width,
                  const GdkRGBA      *color)
{
  cairo_t *cr = begin_cairo (snapshot, &g->bounds);

  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, g->p0.x, g->p0.y);
  cairo_line_to (cr, g->p1.x, g->p1.y);
  cairo_stroke (cr);
  end_cairo (snapshot, cr);
}

static Overview *
overview_new (void)
{
  Overview *overview = g_new0 (Overview, 1);

  g_atomic_ref_count_init (&overview->ref_count);
  for (guint i = 0; i < N_LINE_STYLES; i++)
    overview->lines[i] = g_array_new (FALSE, FALSE, sizeof (Shape));
  for (guint i = 0; i < N_CARD_STYLES; i++)
    overview->cards[i] = g_array_new (FALSE, FALSE, sizeof (Shape));
  return overview;
}

static Overview *
overview_ref (Overview *overview)
{
  g_atomic_ref_count_inc (&overview->ref_count);
  return overview;
}

/* Any thread: a worker drops the scenes it drew. */
static void
overview_unref (Overview *overview)
{
  if (!g_atomic_ref_count_dec (&overview->ref_count))
    return;
  for (guint i = 0; i < N_LINE_STYLES; i++)
    g_array_unref (overview->lines[i]);
  for (guint i = 0; i < N_CARD_STYLES; i++)
    g_array_unref (overview->cards[i]);
  g_clear_pointer (&overview->card_index, slot_map_free);
  g_clear_pointer (&overview->line_index, slot_map_free);
  g_free (overview);
}

static gboolean
overview_has_cards (const Overview *overview)
{
  for (guint i = 0; i < N_CARD_STYLES; i++)
    if (overview->cards[i]->len > 0)
      return TRUE;
  return FALSE;
}

static guint
line_style (EvbLink *link)
{
  return evb_link_get_relation (link) * (EVB_STRENGTH_STRONG + 1) + evb_link_get_strength (link);
}

static Shape
card_shape (const graphene_rect_t *r)
{
  return (Shape) { r->origin.x, r->origin.y,
                   r->origin.x + r->size.width, r->origin.y + r->size.height };
}

static Shape
line_shape (const LinkGeometry *g)
{
  return (Shape) { g->p0.x, g->p0.y, g->p1.x, g->p1.y };
}

/* Collects the shapes of the visible cards and lines among these; indexed,
 * it remembers where each went, so a moved card can be patched in place. */
static Overview *
overview_collect (EvbRenderer *self,
                  GPtrArray   *nodes,
                  GPtrArray   *links,
                  gboolean     indexed)
{
  Overview *overview = overview_new ();

  if (indexed)
    {
      overview->card_index = slot_map_new (nodes->len);
      overview->line_index = slot_map_new (links->len);
    }

  for (guint i = 0; i < nodes->len; i++)
    {
      EvbNode *node = g_ptr_array_index (nodes, i);
      graphene_rect_t r;
      Shape shape;

      if (!is_visible_node (self, node))
        continue;
      r = node_rect (node);
      if (overview_has_cards (overview))
        graphene_rect_union (&overview->bounds, &r, &overview->bounds);
      else
        overview->bounds = r;
      shape = card_shape (&r);
      g_array_append_val (overview->cards[evb_node_get_kind (node)], shape);
      /* The kind is kept with the index: a card that changes kind moves. */
      if (indexed)
        slot_map_set (overview->card_index, node,
                      (overview->cards[evb_node_get_kind (node)]->len - 1) * N_CARD_STYLES +
                      evb_node_get_kind (node) + 1);
    }
  for (guint i = 0; i < links->len; i++)
    {
      EvbLink *link = g_ptr_array_index (links, i);
      const LinkGeometry *g;
      Shape shape;

      if (!is_visible_link (self, link))
        continue;
      g = get_link_geometry (self, link);
      if (!g->valid)
        continue;
      shape = line_shape (g);
      g_array_append_val (overview->lines[line_style (link)], shape);
      if (indexed)
        slot_map_set (overview->line_index, link, overview->lines[line_style (link)]->len);
    }
  return overview;
}

/* Below this zoom a 1920×1080 view of the board, its lines spread evenly,
 * would hold more than DENSE_LINES lines; rounded down to a third of an
 * octave, so that it rarely changes as cards come and go. 0 for a board
 * with fewer lines. */
static double
dense_zoom (const Overview *overview)
{
  double area = MAX (overview->bounds.size.width, 1.0) * MAX (overview->bounds.size.height, 1.0);
  guint n_lines = 0;

  for (guint style = 0; style < N_LINE_STYLES; style++)
    n_lines += overview->lines[style]->len;
  if (n_lines <= DENSE_LINES)
    return 0;
  return exp2 (floor (3 * log2 (sqrt (n_lines * 1920.0 * 1080.0 / (area * DENSE_LINES)))) / 3);
}

static gboolean draws_dense_lines (EvbRenderer *self,
                                   guint        n_lines,
                                   double       zoom);

/* The whole board's shapes, collected once after each change. */
static Overview *
get_overview (EvbRenderer *self)
{
  if (self->overview == NULL)
    {
      double before = self->dense_zoom;

      self->overview = overview_collect (self, evb_board_get_nodes (self->board),
                                         evb_board_get_links (self->board), TRUE);
      self->overview->dense_zoom = dense_zoom (self->overview);
      self->dense_zoom = self->overview->dense_zoom;
      /* Tiles drawn with the other choice of anti-aliasing go. */
      if (self->tiled && self->dense_zoom != before)
        invalidate (self);
    }
  return self->overview;
}

/* Whether the lines of a far-out view are drawn without anti-aliasing (see
 * snapshot_plain). A single view decides by the lines it holds. Tiles
 * must not depend on what else they hold: they decide by the zoom, below
 * which a 1920×1080 view of the board would hold more than DENSE_LINES. */
static gboolean
draws_dense_lines (EvbRenderer *self,
                   guint        n_lines,
                   double       zoom)
{
  if (self->exporting)
    return FALSE;
  if (self->tiled)
    return zoom < get_overview (self)->dense_zoom;
  return n_lines > DENSE_LINES;
}

/* The overview, about to change in place: while a scene that a worker
 * thread draws holds it, its shapes are copied first (a few megabytes at
 * 100,000 cards, only while dragging a card far out). The indexes move to
 * the copy: scenes do not read them. */
static Overview *
own_overview (EvbRenderer *self)
{
  Overview *shared = self->overview, *copy;

  if (g_atomic_ref_count_compare (&shared->ref_count, 1))
    return shared;
  copy = g_new0 (Overview, 1);
  g_atomic_ref_count_init (&copy->ref_count);
  for (guint i = 0; i < N_LINE_STYLES; i++)
    copy->lines[i] = g_array_copy (shared->lines[i]);
  for (guint i = 0; i < N_CARD_STYLES; i++)
    copy->cards[i] = g_array_copy (shared->cards[i]);
  copy->bounds = shared->bounds;
  copy->card_index = g_steal_pointer (&shared->card_index);
  copy->line_index = g_steal_pointer (&shared->line_index);
  copy->dense_zoom = shared->dense_zoom;
  overview_unref (shared);
  self->overview = copy;
  return copy;
}

/* A card moved or was resized: its shape and its lines' shapes change in
 * place, instead of collecting the whole board again (dragging a card far
 * out). Anything else about it that changed, its kind, starts afresh. */
static void
overview_patch_node (EvbRenderer *self,
                     EvbNode     *node)
{
  Overview *overview = self->overview;
  GPtrArray *links = evb_node_get_links (node);
  guint slot, index;
  graphene_rect_t r;
  Shape *card;

  if (overview == NULL)
    return;
  slot = slot_map_get (overview->card_index, node);
  if (slot == 0 || (slot - 1) % N_CARD_STYLES != (guint) evb_node_get_kind (node))
    {
      /* Hidden cards are not drawn. A card drawn as the other kind (or,
       * which cannot happen, a visible one missing) starts afresh. */
      if (slot != 0 || is_visible_node (self, node))
        forget_overview (self);
      return;
    }
  overview = own_overview (self);
  card = &g_array_index (overview->cards[evb_node_get_kind (node)], Shape,
                         (slot - 1) / N_CARD_STYLES);
  /* A card that made an edge of the bounds may have taken it along (the
   * bounds would only ever grow, and a fitted view would stop using the
   * overview): collect afresh. */
  if (card->x0 <= overview->bounds.origin.x || card->y0 <= overview->bounds.origin.y ||
      card->x1 >= overview->bounds.origin.x + overview->bounds.size.width ||
      card->y1 >= overview->bounds.origin.y + overview->bounds.size.height)
    {
      forget_overview (self);
      return;
    }
  r = node_rect (node);
  *card = card_shape (&r);
  graphene_rect_union (&overview->bounds, &r, &overview->bounds);
  for (guint i = 0; i < links->len; i++)
    {
      EvbLink *link = g_ptr_array_index (links, i);
      const LinkGeometry *g = get_link_geometry (self, link);

      index = slot_map_get (overview->line_index, link);
      if (index == 0 && (!g->valid || !is_visible_link (self, link)))
        continue;
      if (index == 0 || !g->valid)
        {
          /* The cards came apart or came to overlap. */
          forget_overview (self);
          return;
        }
      g_array_index (overview->lines[line_style (link)], Shape, index - 1) = line_shape (g);
    }
}

/* Far out, a view's drawing as plain data (EvbRendererScene): the shapes
 * and the few rectangles around them are taken here, on the thread that
 * owns the board, and any thread makes the render nodes from them. The
 * canvas's worker thread draws a far-out tile so, from the board's shapes
 * alone: recording the shapes of a tile holding most of a large board
 * took the frame up to a tenth of a second. A view drawn directly makes
 * the same nodes from the same data, so a tile is what the view draws. */

/* A rectangle as the far-out drawing passes it to cairo. */
typedef struct
{
  double x, y, width, height;
} Box;

struct _EvbRendererScene
{
  const EvbPalette *palette;       /* static */
  graphene_rect_t   viewport;
  double            zoom;
  Overview         *overview;      /* the cards and lines (a reference) */
  gboolean          clip;          /* the overview holds more than reaches the viewport */
  gboolean          dense;         /* lines without anti-aliasing (see snapshot_plain) */
  GskRenderNode    *frames;        /* the groups' frames, and collapsed groups: few, */
  GskRenderNode    *collapsed;     /* made here; NULL without any */
  GArray           *veiled_lines[EVB_STRENGTH_STRONG + 1]; /* Shape: dimmed cards' links; NULL without a filter */
  GArray           *highlights;    /* Box; NULL without highlights */
  GArray           *veiled_cards;  /* Box; NULL without a filter */
  GArray           *problems;      /* graphene_rect_t: every card with a broken attachment
                                    * (get_problem_cards()); NULL without attachments */
  GArray           *selected;      /* graphene_rect_t: selected cards, ringed */
};

/* A scene takes the whole board's shapes, and who draws it skips those out
 * of reach, when the area covers a good share of the board (skipping costs
 * little beside drawing) or is likely to hold more shapes than the spatial
 * index gives here in a fraction of a millisecond: it sorts what it finds
 * and looks up each link's ends (a few µs a shape; 1–5 ms for a tile of
 * 500 cards of a 10,000-card board), while skipping is a few comparisons a
 * shape (about 1 ms for the 270,000 shapes of 100,000 cards). */
#define WHOLE_SHARE  0.25
#define WHOLE_SHAPES 256

static gboolean
takes_whole_overview (const Overview        *overview,
                      const graphene_rect_t *area)
{
  double board = MAX (overview->bounds.size.width, 1.0) * MAX (overview->bounds.size.height, 1.0);
  graphene_rect_t common;
  guint n_shapes = 0;
  double share;

  if (!graphene_rect_intersection (area, &overview->bounds, &common))
    return FALSE;
  share = (double) common.size.width * common.size.height / board;
  for (guint kind = 0; kind < N_CARD_STYLES; kind++)
    n_shapes += overview->cards[kind]->len;
  for (guint style = 0; style < N_LINE_STYLES; style++)
    n_shapes += overview->lines[style]->len;
  return share >= WHOLE_SHARE || share * n_shapes >= WHOLE_SHAPES;
}

static GArray *
box_array (void)
{
  return g_array_new (FALSE, FALSE, sizeof (Box));
}

static void
add_box (GArray *boxes,
         double  x,
         double  y,
         double  width,
         double  height)
{
  Box box = { x, y, width, height };

  g_array_append_val (boxes, box);
}

/* A visible node of the board with this id, if it is in the area. */
static EvbNode *
lookup_drawn_node (EvbRenderer           *self,
                   const char            *id,
                   const graphene_rect_t *area,
                   graphene_rect_t       *rect)
{
  EvbNode *node = evb_board_get_node (self->board, id);

  if (node == NULL || !is_visible_node (self, node))
    return NULL;
  *rect = node_rect (node);
  return graphene_rect_intersection (area, rect, NULL) ? node : NULL;
}

/* The links of dimmed cards, far out: the background is laid over each
 * line as over the cards, so they are as faint as up close
 * (is_dimmed_link()). Each is laid once, from its first end when both are
 * dimmed, with the width and anti-aliasing it was drawn with. */
static void
collect_veiled_lines (EvbRenderer           *self,
                      EvbRendererScene      *scene,
                      const graphene_rect_t *reach)
{
  GHashTableIter iter;
  gpointer key;

  for (int strength = EVB_STRENGTH_WEAK; strength <= EVB_STRENGTH_STRONG; strength++)
    scene->veiled_lines[strength] = g_array_new (FALSE, FALSE, sizeof (Shape));
  g_hash_table_iter_init (&iter, self->dimmed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      EvbNode *node = evb_board_get_node (self->board, key);
      GPtrArray *links = node != NULL ? evb_node_get_links (node) : NULL;

      for (guint i = 0; links != NULL && i < links->len; i++)
        {
          EvbLink *link = g_ptr_array_index (links, i);
          const char *from = evb_link_get_from (link);
          const LinkGeometry *g;
          Shape shape;

          if (!is_visible_link (self, link) ||
              (!g_str_equal (from, key) && g_hash_table_contains (self->dimmed, from)))
            continue;
          g = get_link_geometry (self, link);
          if (!g->valid || !graphene_rect_intersection (reach, &g->bounds, NULL))
            continue;
          shape = line_shape (g);
          g_array_append_val (scene->veiled_lines[evb_link_get_strength (link)], shape);
        }
    }
}

/* The cards whose attachment is broken, kept until a card or a status
 * changes: asking the attachment state for them took 13 ms at 100,000
 * cards, for every far-out tile. */
static GArray *
get_problem_cards (EvbRenderer *self)
{
  g_autoptr(GPtrArray) ids = NULL;

  if (self->problem_cards != NULL)
    return self->problem_cards;
  ids = evb_attachment_state_get_problem_ids (self->attachments);
  self->problem_cards = g_array_sized_new (FALSE, FALSE, sizeof (graphene_rect_t), ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      EvbNode *node = evb_board_get_node (self->board, g_ptr_array_index (ids, i));
      graphene_rect_t r;

      if (node == NULL || !is_visible_node (self, node))
        continue;
      r = node_rect (node);
      g_array_append_val (self->problem_cards, r);
    }
  return self->problem_cards;
}

/* Highlights, dimmed cards, broken attachments and the selection are
 * looked up from their own (usually short) lists, not by asking every
 * card. */
static void
collect_marks (EvbRenderer           *self,
               EvbRendererScene      *scene,
               const graphene_rect_t *reach,
               double                 hairline)
{
  GHashTableIter iter;
  gpointer key;
  graphene_rect_t r;

  if (self->highlighted != NULL && g_hash_table_size (self->highlighted) > 0)
    {
      scene->highlights = box_array ();
      g_hash_table_iter_init (&iter, self->highlighted);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (lookup_drawn_node (self, key, reach, &r) != NULL)
          add_box (scene->highlights, r.origin.x - 6 * hairline, r.origin.y - 6 * hairline,
                   r.size.width + 12 * hairline, r.size.height + 12 * hairline);
    }
  if (self->dimmed != NULL)
    {
      scene->veiled_cards = box_array ();
      g_hash_table_iter_init (&iter, self->dimmed);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (lookup_drawn_node (self, key, reach, &r) != NULL)
          add_box (scene->veiled_cards, r.origin.x, r.origin.y, r.size.width, r.size.height);
    }
  /* A board whose files are not on this machine has a broken attachment
   * on every card that has one: those in reach are found where the scene
   * is drawn. */
  if (self->attachments != NULL)
    scene->problems = g_array_ref (get_problem_cards (self));
  scene->selected = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  if (self->selection != NULL && !evb_selection_is_empty (self->selection))
    {
      g_hash_table_iter_init (&iter, evb_selection_get_ids (self->selection));
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (lookup_drawn_node (self, key, reach, &r) != NULL)
          g_array_append_val (scene->selected, r);
    }
}

/* One layer of the groups, as a node (NULL: none there). */
static GskRenderNode *
groups_node (EvbRenderer           *self,
             const graphene_rect_t *reach,
             double                 zoom,
             EvbGroupLayer          layer)
{
  GtkSnapshot *snapshot;

  if (evb_board_get_groups (self->board)->len == 0)
    return NULL;
  snapshot = gtk_snapshot_new ();
  _evb_renderer_groups_snapshot (self, snapshot, reach, zoom, layer, TRUE);
  return gtk_snapshot_free_to_node (snapshot);
}

/* Takes the drawing of viewport from these shapes (taking the overview);
 * clip: it holds more than reaches the viewport. */
static EvbRendererScene *
capture_plain (EvbRenderer           *self,
               Overview              *overview,
               gboolean               clip,
               const graphene_rect_t *viewport,
               double                 zoom)
{
  EvbRendererScene *scene = g_new0 (EvbRendererScene, 1);
  /* A pixel at any zoom: fitting a board at the model's bounds takes a zoom
   * of about 0.003 %, where lines a hundred units wide would vanish. */
  double hairline = 1.0 / zoom;
  guint n_lines = 0;
  graphene_rect_t reach;

  /* Highlights and rings drawn around cards outside the view reach into it. */
  graphene_rect_inset_r (viewport, -8 * hairline, -8 * hairline, &reach);

  scene->palette = get_palette (self);
  scene->viewport = *viewport;
  scene->zoom = zoom;
  scene->overview = overview;
  scene->clip = clip;
  for (guint style = 0; style < N_LINE_STYLES; style++)
    n_lines += overview->lines[style]->len;
  scene->dense = n_lines > 0 && draws_dense_lines (self, n_lines, zoom);
  scene->frames = groups_node (self, &reach, zoom, EVB_GROUP_LAYER_FRAMES);
  scene->collapsed = groups_node (self, &reach, zoom, EVB_GROUP_LAYER_COLLAPSED);
  if (n_lines > 0 && self->dimmed != NULL)
    collect_veiled_lines (self, scene, &reach);
  if (overview_has_cards (overview))
    collect_marks (self, scene, &reach, hairline);
  return scene;
}

/* Whether a shape's box, with room for its width, reaches into rect. */
static inline gboolean
shape_reaches (const Shape           *shape,
               const graphene_rect_t *rect)
{
  return MAX (shape->x0, shape->x1) >= rect->origin.x &&
         MIN (shape->x0, shape->x1) <= rect->origin.x + rect->size.width &&
         MAX (shape->y0, shape->y1) >= rect->origin.y &&
         MIN (shape->y0, shape->y1) <= rect->origin.y + rect->size.height;
}

/* Adds the lines to the path (those reaching into reach, when not NULL). */
static guint
path_lines (cairo_t               *cr,
            GArray                *lines,
            const graphene_rect_t *reach)
{
  guint n = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      const Shape *line = &g_array_index (lines, Shape, i);

      if (reach != NULL && !shape_reaches (line, reach))
        continue;
      cairo_move_to (cr, line->x0, line->y0);
      cairo_line_to (cr, line->x1, line->y1);
      n++;
    }
  return n;
}

static void
path_boxes (cairo_t *cr,
            GArray  *boxes)
{
  for (guint i = 0; i < boxes->len; i++)
    {
      const Box *box = &g_array_index (boxes, Box, i);

      cairo_rectangle (cr, box->x, box->y, box->width, box->height);
    }
}

/* Far out, the board is two cairo nodes: one for the lines, drawn as one
 * path a relation and strength, and one for the cards, one path a kind.
 * Tens of thousands of small render nodes cost far more to build (and to
 * draw onto cairo surfaces when exporting) than the shapes. NULL when
 * nothing reaches the viewport. */
static GskRenderNode *
lines_node (const EvbRendererScene *scene,
            const graphene_rect_t  *reach)
{
  const Overview *overview = scene->overview;
  double hairline = 1.0 / scene->zoom;
  guint n = 0;
  cairo_t *cr;

  cr = begin_cairo_at (&scene->viewport, MIN (scene->zoom, 1.0));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  /* Lines a pixel or two wide look the same with cairo's faster
   * anti-aliasing, which takes half the time to draw 17,000 of them
   * (a 3,000 px picture of 10,000 nodes). On screen, a mesh of
   * thousands of lines (where no single line can be followed) is drawn
   * without anti-aliasing: three to five times faster to rasterise,
   * which cairo does on every renderer, GL included. Exports keep it. */
  cairo_set_antialias (cr, scene->dense ? CAIRO_ANTIALIAS_NONE : CAIRO_ANTIALIAS_FAST);
  for (guint style = 0; style < N_LINE_STYLES; style++)
    {
      EvbRelation relation = style / (EVB_STRENGTH_STRONG + 1);
      EvbStrength strength = style % (EVB_STRENGTH_STRONG + 1);
      guint m = path_lines (cr, overview->lines[style], reach);

      if (m == 0)
        continue;
      gdk_cairo_set_source_rgba (cr, evb_palette_get_relation (scene->palette, relation));
      cairo_set_line_width (cr, MAX (strength_width (strength), 1.5 * hairline));
      cairo_stroke (cr);
      n += m;
    }
  if (scene->veiled_lines[EVB_STRENGTH_WEAK] != NULL)
    {
      GdkRGBA veil = scene->palette->background;

      veil.alpha = 1.0 - DIMMED_OPACITY;
      gdk_cairo_set_source_rgba (cr, &veil);
      for (int strength = EVB_STRENGTH_WEAK; strength <= EVB_STRENGTH_STRONG; strength++)
        {
          guint m = path_lines (cr, scene->veiled_lines[strength], NULL);

          if (m == 0)
            continue;
          cairo_set_line_width (cr, MAX (strength_width (strength), 1.5 * hairline));
          cairo_stroke (cr);
          n += m;
        }
    }
  if (n == 0)
    {
      /* Nothing drawn is no node at all. */
      cairo_destroy (cr);
      return NULL;
    }
  return finish_cairo (cr);
}

/* Broken attachments stay visible from afar: one more path, no text.
 * Returns whether any is in reach. */
static gboolean
path_problems (cairo_t                *cr,
               const EvbRendererScene *scene)
{
  double hairline = 1.0 / scene->zoom;
  graphene_rect_t reach;
  gboolean any = FALSE;

  /* Where capture_plain() looks for the other marks. */
  graphene_rect_inset_r (&scene->viewport, -8 * hairline, -8 * hairline, &reach);
  for (guint i = 0; i < scene->problems->len; i++)
    {
      const graphene_rect_t *r = &g_array_index (scene->problems, graphene_rect_t, i);

      if (!graphene_rect_intersection (&reach, r, NULL))
        continue;
      cairo_rectangle (cr, r->origin.x + 1.5 * hairline, r->origin.y + 1.5 * hairline,
                       r->size.width - 3 * hairline, r->size.height - 3 * hairline);
      any = TRUE;
    }
  return any;
}

static GskRenderNode *
cards_node (const EvbRendererScene *scene,
            const graphene_rect_t  *reach)
{
  const EvbPalette *palette = scene->palette;
  double hairline = 1.0 / scene->zoom;
  gboolean any = FALSE;
  cairo_t *cr;

  cr = begin_cairo_at (&scene->viewport, MIN (scene->zoom, 1.0));
  if (scene->highlights != NULL && scene->highlights->len > 0)
    {
      path_boxes (cr, scene->highlights);
      gdk_cairo_set_source_rgba (cr, &palette->highlight);
      cairo_fill (cr);
      any = TRUE;
    }
  for (int kind = EVB_NODE_KIND_CLAIM; kind <= EVB_NODE_KIND_EVIDENCE; kind++)
    {
      GArray *cards = scene->overview->cards[kind];
      gboolean some = FALSE;

      for (guint i = 0; i < cards->len; i++)
        {
          const Shape *card = &g_array_index (cards, Shape, i);
          /* At least two pixels, so that no card vanishes from a fitted view. */
          double w = MAX (card->x1 - card->x0, 2 * hairline);
          double h = MAX (card->y1 - card->y0, 2 * hairline);

          if (reach != NULL && !shape_reaches (card, reach))
            continue;
          cairo_rectangle (cr, (card->x0 + card->x1 - w) / 2, (card->y0 + card->y1 - h) / 2, w, h);
          some = TRUE;
        }
      if (!some)
        continue;
      gdk_cairo_set_source_rgba (cr, kind == EVB_NODE_KIND_CLAIM ? &palette->lod_claim
                                                                 : &palette->lod_evidence);
      cairo_fill (cr);
      any = TRUE;
    }
  /* Dimmed cards: the background laid over them, as faint as up close. */
  if (scene->veiled_cards != NULL && scene->veiled_cards->len > 0)
    {
      GdkRGBA veil = palette->background;

      path_boxes (cr, scene->veiled_cards);
      veil.alpha = 1.0 - DIMMED_OPACITY;
      gdk_cairo_set_source_rgba (cr, &veil);
      cairo_fill (cr);
      any = TRUE;
    }
  if (scene->problems != NULL && path_problems (cr, scene))
    {
      gdk_cairo_set_source_rgba (cr, &palette->broken);
      cairo_set_line_width (cr, 3 * hairline);
      cairo_stroke (cr);
      any = TRUE;
    }
  if (!any)
    {
      cairo_destroy (cr);
      return NULL;
    }
  return finish_cairo (cr);
}

static void
add_node (GPtrArray     *nodes,
          GskRenderNode *node)
{
  if (node != NULL)
    g_ptr_array_add (nodes, node);
}

/* The nodes of a far-out view: the groups' frames, the lines, collapsed
 * groups, the cards and the selection's rings. */
static GskRenderNode *
scene_to_node (const EvbRendererScene *scene)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) gsk_render_node_unref);
  double hairline = 1.0 / scene->zoom;
  graphene_rect_t reach;

  /* What reaches into the viewport: a card is at least two pixels, a
   * line's width at most MAX (4, 1.5 pixels) and its end square. */
  graphene_rect_inset_r (&scene->viewport, -(EVB_RENDERER_REACH_UNITS + EVB_RENDERER_REACH_PIXELS * hairline),
                         -(EVB_RENDERER_REACH_UNITS + EVB_RENDERER_REACH_PIXELS * hairline), &reach);
  if (scene->frames != NULL)
    g_ptr_array_add (nodes, gsk_render_node_ref (scene->frames));
  add_node (nodes, lines_node (scene, scene->clip ? &reach : NULL));
  if (scene->collapsed != NULL)
    g_ptr_array_add (nodes, gsk_render_node_ref (scene->collapsed));
  if (overview_has_cards (scene->overview))
    {
      add_node (nodes, cards_node (scene, scene->clip ? &reach : NULL));
      for (guint i = 0; i < scene->selected->len; i++)
        g_ptr_array_add (nodes, ring_node (&g_array_index (scene->selected, graphene_rect_t, i),
                                           3 * hairline, 3 * hairline, &scene->palette->selection));
    }
  if (nodes->len == 0)
    return NULL;
  if (nodes->len == 1)
    return gsk_render_node_ref (g_ptr_array_index (nodes, 0));
  return gsk_container_node_new ((GskRenderNode **) nodes->pdata, nodes->len);
}

static void
snapshot_plain (EvbRenderer           *self,
                GtkSnapshot           *snapshot,
                const graphene_rect_t *area,
                const graphene_rect_t *viewport,
                double                 zoom)
{
  Overview *overview = get_overview (self);
  g_autoptr(EvbRendererScene) scene = NULL;
  GskRenderNode *node;

  /* With the whole board in view, draw its collected shapes; otherwise
   * collect those the index finds in the view. */
  if (graphene_rect_contains_rect (area, &overview->bounds))
    scene = capture_plain (self, overview_ref (overview), FALSE, viewport, zoom);
  else
    {
      g_autoptr(GPtrArray) nodes = evb_renderer_query_nodes (self, area);
      g_autoptr(GPtrArray) links = evb_renderer_query_links (self, area);

      scene = capture_plain (self, overview_collect (self, nodes, links, FALSE), FALSE, viewport, zoom);
    }
  node = scene_to_node (scene);
  if (node != NULL)
    {
      gtk_snapshot_append_node (snapshot, node);
      gsk_render_node_unref (node);
    }
}

/* A cached node, faint when a filter dims it. */
static void
append_faded (GtkSnapshot   *snapshot,
              GskRenderNode *node,
              gboolean       dimmed)
{
  if (dimmed)
    {
      gtk_snapshot_push_opacity (snapshot, DIMMED_OPACITY);
      gtk_snapshot_append_node (snapshot, node);
      gtk_snapshot_pop (snapshot);
    }
  else
    gtk_snapshot_append_node (snapshot, node);
}

void
evb_renderer_snapshot (EvbRenderer           *self,
                       GtkSnapshot           *snapshot,
                       const graphene_rect_t *viewport,
                       double                 zoom)
{
  const EvbPalette *palette;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GPtrArray) links = NULL;
  graphene_rect_t area;
  CardDetail detail;
  double px;

  g_return_if_fail (EVB_IS_RENDERER (self));
  g_return_if_fail (GTK_IS_SNAPSHOT (snapshot));
  g_return_if_fail (viewport != NULL);

  zoom = zoom > 0 ? zoom : 1.0;
  palette = get_palette (self);
  px = 1.0 / zoom;

  /* Shadows and selection rings reach a little outside the cards. */
  graphene_rect_inset_r (viewport, -16, -16, &area);
  if (zoom < EVB_RENDERER_DETAIL_ZOOM)
    {
      snapshot_plain (self, snapshot, &area, viewport, zoom);
      return;
    }

  detail = zoom >= EVB_RENDERER_CLOSE_ZOOM ? CARD_DETAIL_CLOSE : CARD_DETAIL_NORMAL;
  nodes = evb_renderer_query_nodes (self, &area);
  links = evb_renderer_query_links (self, &area);

  _evb_renderer_groups_snapshot (self, snapshot, &area, zoom, EVB_GROUP_LAYER_FRAMES, FALSE);
  /* Every line, then every note: a note crossed by a line drawn after it
   * could not be read. Both passes go through the links in the board's
   * order, so a tile, which draws what reaches into it, draws a note
   * crossing its edge the same as the tile beside it. */
  for (guint i = 0; i < links->len; i++)
    {
      EvbLink *link = g_ptr_array_index (links, i);
      const char *id = evb_link_get_id (link);
      const LinkGeometry *g = get_link_geometry (self, link);
      const LinkNodes *rn;

      if (!g->valid)
        continue;
      if (is_selected (self, id))
        append_link_halo (snapshot, g, g->width + MAX (8, 8 * px), &palette->hover);
      else if (g_strcmp0 (self->hovered, id) == 0)
        append_link_halo (snapshot, g, g->width + MAX (6, 6 * px), &palette->hover);
      else if (set_contains (self->highlighted, id))
        append_link_halo (snapshot, g, g->width + MAX (8, 8 * px), &palette->highlight);

      rn = get_link_nodes (self, link);
      if (rn != NULL)
        append_faded (snapshot, rn->line, is_dimmed_link (self, link));
    }
  for (guint i = 0; i < links->len; i++)
    {
      EvbLink *link = g_ptr_array_index (links, i);
      const LinkNodes *rn;

      if (!get_link_geometry (self, link)->valid)
        continue;
      rn = get_link_nodes (self, link);
      if (rn != NULL && rn->label != NULL)
        append_faded (snapshot, rn->label, is_dimmed_link (self, link));
    }
  _evb_renderer_groups_snapshot (self, snapshot, &area, zoom, EVB_GROUP_LAYER_COLLAPSED, FALSE);

  for (guint i = 0; i < nodes->len; i++)
    {
      EvbNode *node = g_ptr_array_index (nodes, i);
      const char *id = evb_node_get_id (node);
      graphene_rect_t r = node_rect (node);
      GskRenderNode *rn;

      if (set_contains (self->highlighted, id))
        append_ring (snapshot, &r, 3 + 2 * px, 5 * MAX (1, px), &palette->highlight);

      rn = get_card_node (self, node, detail);
      if (rn != NULL)
        append_faded (snapshot, rn, set_contains (self->dimmed, id));

      if (is_selected (self, id))
        append_ring (snapshot, &r, 2 + px, 3 * MAX (1, px), &palette->selection);
      else if (g_strcmp0 (self->hovered, id) == 0)
        append_ring (snapshot, &r, 1 + px, 2 * MAX (1, px), &palette->hover);
    }
}

EvbRendererScene *
evb_renderer_capture_scene (EvbRenderer           *self,
                            const graphene_rect_t *viewport,
                            double                 zoom)
{
  EvbRendererScene *scene;
  graphene_rect_t area;
  Overview *overview;

  g_return_val_if_fail (EVB_IS_RENDERER (self), NULL);
  g_return_val_if_fail (viewport != NULL, NULL);

  zoom = zoom > 0 ? zoom : 1.0;
  if (zoom >= EVB_RENDERER_DETAIL_ZOOM)
    return NULL;
  /* The same area as evb_renderer_snapshot() asks the index for. */
  graphene_rect_inset_r (viewport, -16, -16, &area);
  overview = get_overview (self);
  if (graphene_rect_contains_rect (&area, &overview->bounds))
    scene = capture_plain (self, overview_ref (overview), FALSE, viewport, zoom);
  else if (self->tiled && takes_whole_overview (overview, &area))
    {
      /* Tiles decide how to draw lines by the zoom alone, not by how many
       * there are (draws_dense_lines()): the whole board's count is as
       * good as the area's. */
      scene = capture_plain (self, overview_ref (overview), TRUE, viewport, zoom);
    }
  else
    {
      g_autoptr(GPtrArray) nodes = evb_renderer_query_nodes (self, &area);
      g_autoptr(GPtrArray) links = evb_renderer_query_links (self, &area);

      scene = capture_plain (self, overview_collect (self, nodes, links, FALSE), FALSE, viewport, zoom);
    }
  if (scene->frames == NULL && scene->collapsed == NULL && !overview_has_cards (scene->overview))
    {
      guint n_lines = 0;

      for (guint style = 0; style < N_LINE_STYLES; style++)
        n_lines += scene->overview->lines[style]->len;
      if (n_lines == 0)
        g_clear_pointer (&scene, evb_renderer_scene_free);
    }
  return scene;
}

GskRenderNode *
evb_renderer_scene_to_node (const EvbRendererScene *scene)
{
  g_return_val_if_fail (scene != NULL, NULL);

  return scene_to_node (scene);
}

void
evb_renderer_scene_free (EvbRendererScene *scene)
{
  if (scene == NULL)
    return;
  overview_unref (scene->overview);
  g_clear_pointer (&scene->frames, gsk_render_node_unref);
  g_clear_pointer (&scene->collapsed, gsk_render_node_unref);
  for (int strength = EVB_STRENGTH_WEAK; strength <= EVB_STRENGTH_STRONG; strength++)
    g_clear_pointer (&scene->veiled_lines[strength], g_array_unref);
  g_clear_pointer (&scene->highlights, g_array_unref);
  g_clear_pointer (&scene->veiled_cards, g_array_unref);
  g_clear_pointer (&scene->problems, g_array_unref);
  g_clear_pointer (&scene->selected, g_array_unref);
  g_free (scene);
}
