/* evb-tile-cache.c: the board drawn once into tiles, for the canvas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Without a GPU (GTK's cairo renderer: virtual machines, Qubes, Tails)
 * rasterising the board's render nodes takes most of every frame, and the
 * whole window is rasterised again for every frame of a pan or a zoom. So
 * the canvas keeps pictures of the board, as a map viewer does
 * (libshumate's ShumateMapLayer and ShumateMemoryCache are the model):
 *
 * - A level is a zoom (device pixels per board unit) and a pixel phase;
 *   its tiles are squares of EVB_TILE_SIZE device pixels, each drawn once
 *   by the renderer (its render nodes drawn with cairo onto an image, as
 *   GTK's cairo renderer draws them) and kept as that image.
 * - A moving view draws the tiles of the nearest of a few zoom levels
 *   (three an octave: shown at 0.89–1.12 of their size, which cairo scales
 *   with its bilinear filter), or of the exact zoom while only panning.
 *   Missing tiles are drawn within a time budget a frame, those that
 *   nothing stands in for first; meanwhile other levels' tiles stand in,
 *   scaled (blurred for a moment). A coarse level an octave below the
 *   view's, a few tiles, is kept too: it stands in wherever nothing else
 *   can. While the view moves, tiles that have a stand-in are drawn only
 *   with a third of the budget a frame on average: one tile can take a
 *   whole frame without a GPU.
 * - Once the view rests the canvas asks for its exact zoom and pixel
 *   phase: tiles then fall on whole device pixels and hold exactly the
 *   pixels a direct drawing of the view has (tests/ui/test-tile-cache.c
 *   checks it). Tiles hold the background too, so a tile shown covers
 *   whatever stood in for it.
 * - An edit redraws only the tiles it touches: the renderer's
 *   ::invalidated signal names the board rectangle that changed (a plain
 *   emission, any global change, redraws every tile). Touched tiles keep
 *   showing until they are drawn again, first in the next frame.
 * - Tiles are forgotten least recently shown first past a memory bound.
 * - A moving view does not wait for a tile: the renderer records its
 *   nodes here (quick) and a worker thread draws them (up to a second
 *   for a far-out tile of a large board), handing the image back through
 *   the main loop (::tiles-drawn); a tile touched or forgotten meanwhile
 *   changes its stamp and the image is dropped. Far out not even the
 *   recording is done here: the renderer hands over its scene, plain
 *   data (the board's shapes shared, the few marks around them copied),
 *   and the worker makes the nodes from it (recording a tile that held
 *   most of a 100,000-card board took the frame up to a tenth of a
 *   second, see evb_renderer_capture_scene()). Cards in detail go there
 *   too: the renderer draws their shadows from gradients, and their text
 *   once its fonts are made here (node_is_thread_safe). GTK 4.8's blurred
 *   box shadows, drawn through a global cache without a lock that the
 *   window's widgets share, keep a tile here; and a view at rest draws its
 *   own tiles here, in that frame. The worker runs at a lower priority
 *   than the window: the frame comes first.
 *
 * Overlays that change every frame (handles, the rubber band, the link
 * being drawn) are drawn by the canvas above the tiles.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <pango/pangocairo.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "evb-tile-cache.h"

/* Zoom levels a moving view uses: this many an octave. */
#define LEVELS_PER_OCTAVE 3
/* Other levels stand in for a missing tile when scaled by at least this
 * much: cairo scales down further with a slower filter. Any level larger
 * stands in, however blurred: the view opens on the whole board, whose
 * tiles then stand in for anything while the view moves. */
#define MIN_STAND_IN_RATIO 0.5
/* A moving view spends on tiles that have a stand-in this share of the
 * budget a frame, on average. */
#define MOVING_SHARE 3
/* The default memory bound: about five screens of 1920×1080. */
#define DEFAULT_MAX_BYTES (64 * 1024 * 1024)
/* Tiles given to the worker thread and not yet back: one being drawn and
 * one waiting, so that what a moving view needs next is not queued behind
 * tiles of zooms it has left. */
#define MAX_IN_FLIGHT 2
/* The worker thread's nice value (see lower_priority). */
#define WORKER_NICE 10

typedef struct _Level Level;

typedef struct
{
  Level      *level;
  gint64      key;       /* (column, row) packed */
  cairo_surface_t *image;  /* the tile's pixels; NULL: only the background */
  GskRenderNode   *node;   /* a cairo node that paints image, in device pixels */
  gboolean    dirty;     /* an edit touched it: draw again */
  guint64     shown;     /* the frame that last showed it */
  GList       link;      /* in the cache's LRU queue, data = this */
} Tile;

struct _Level
{
  double      scale;     /* device pixels per board unit */
  double      phase_x;   /* board 0 is at device -phase */
  double      phase_y;
  double      zoom;      /* the renderer's zoom: its level of detail */
  GHashTable *tiles;     /* &Tile.key → Tile */
  GHashTable *pending;   /* key → stamp of the drawing the worker has for it */
  guint64     shown;
  guint64     id;        /* tells the worker's results for a level freed meanwhile */
};

/* What the cache shares with its worker thread. */
typedef struct
{
  gatomicrefcount ref_count;
  /* Held while a tile of recorded nodes is drawn, on either thread: such
   * tiles share the renderer's cached nodes, and cairo replays a
   * recording without a lock. A scene's nodes are its own. */
  GMutex          draw_lock;
  GMutex          lock;      /* guards done and held */
  GCond           cond;
  GQueue          done;      /* Job: drawn, to hand back */
  gboolean        held;      /* tests: the worker waits before handing back */
  GMainContext   *context;   /* the cache's thread */
  EvbTileCache   *cache;     /* only on the cache's thread; NULL once disposed */
} Shared;

struct _EvbTileCache
{
  GObject      parent_instance;

  EvbRenderer *renderer;
  GPtrArray   *levels;   /* Level */
  GQueue       lru;      /* most recently shown first */
  gsize        bytes;
  gsize        max_bytes;
  guint        n_drawn;
  guint64      frame;
  gint64       credit;    /* µs a moving view may spend on tiles that have a stand-in */
  guint64      n_levels;  /* levels made so far: their ids */
  guint        stamp;     /* drawings given to the worker so far */
  Shared      *shared;
  GThreadPool *pool;      /* one worker; NULL: every tile drawn here */
  guint        n_in_flight;
  guint        n_dropped;
  guint        n_recorded; /* tiles whose nodes were made on this thread */
};

enum
{
  TILES_DRAWN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EvbTileCache, evb_tile_cache, G_TYPE_OBJECT)

/* A missing or touched tile of the view, in the order they are drawn. */
enum
{
  PRIORITY_TOUCHED,    /* an edit touched it: it follows a dragged card */
  PRIORITY_HOLE,       /* nothing stands in for it */
  PRIORITY_COARSE,     /* the coarse level's, which will stand in for everything */
  PRIORITY_STOOD_IN,   /* another level stands in for it */
};

typedef struct
{
  Level *level;
  int    column;
  int    row;
  int    priority;
  double distance;   /* from the view's centre, in tiles */
} Todo;

typedef struct
{
  double ox, oy, zoom, scale;   /* the view: origin, zoom, device pixels a widget pixel */
  int    width, height;
} View;

/* Helpers */

static gint64
pack_key (int column,
          int row)
{
  /* Through unsigned: shifting a negative column is undefined. */
  return (gint64) (((guint64) (guint32) column << 32) | (guint32) row);
}

static guint
key_hash (gconstpointer key)
{
  guint64 k = *(const gint64 *) key;

  /* Columns and rows both vary: mix them, not just fold the halves. */
  k *= G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  return (guint) (k >> 32);
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  return *(const gint64 *) a == *(const gint64 *) b;
}

static gsize
tile_bytes (Tile *tile)
{
  return tile->image != NULL ? (gsize) EVB_TILE_SIZE * EVB_TILE_SIZE * 4 : 0;
}

static void
tile_forget (EvbTileCache *self,
             Tile         *tile)
{
  g_queue_unlink (&self->lru, &tile->link);
  self->bytes -= tile_bytes (tile);
  g_hash_table_remove (tile->level->tiles, &tile->key);
}

static void
tile_free (gpointer data)
{
  Tile *tile = data;

  g_clear_pointer (&tile->node, gsk_render_node_unref);
  g_clear_pointer (&tile->image, cairo_surface_destroy);
  g_free (tile);
}

static Level *
level_new (double scale,
           double phase_x,
           double phase_y,
           double zoom)
{
  Level *level = g_new0 (Level, 1);

  level->scale = scale;
  level->phase_x = phase_x;
  level->phase_y = phase_y;
  level->zoom = zoom;
  level->tiles = g_hash_table_new_full (key_hash, key_equal, NULL, tile_free);
  level->pending = g_hash_table_new_full (key_hash, key_equal, g_free, NULL);
  return level;
}

static void
level_free (gpointer data)
{
  Level *level = data;

  g_hash_table_unref (level->tiles);
  g_hash_table_unref (level->pending);
  g_free (level);
}

static Level *
find_level (EvbTileCache *self,
            double        scale,
            double        phase_x,
            double        phase_y,
            double        zoom)
{
  Level *level;

  for (guint i = 0; i < self->levels->len; i++)
    {
      level = g_ptr_array_index (self->levels, i);
      if (level->scale == scale && level->phase_x == phase_x && level->phase_y == phase_y &&
          level->zoom == zoom)
        return level;
    }
  level = level_new (scale, phase_x, phase_y, zoom);
  level->id = ++self->n_levels;
  g_ptr_array_add (self->levels, level);
  return level;
}

/* At rest: the exact zoom, with the tiles' pixels on the view's. Moving:
 * the exact zoom's tiles while only panning, else the nearest level. */
static Level *
choose_level (EvbTileCache *self,
              const View   *view,
              gboolean      settled)
{
  double s = view->zoom * view->scale, q;
  Level *best = NULL;

  if (settled)
    return find_level (self, s, view->ox * s - floor (view->ox * s),
                       view->oy * s - floor (view->oy * s), view->zoom);

  for (guint i = 0; i < self->levels->len; i++)
    {
      Level *level = g_ptr_array_index (self->levels, i);

      if (level->scale == s && level->zoom == view->zoom &&
          (best == NULL || level->shown > best->shown))
        best = level;
    }
  if (best != NULL)
    return best;

  q = exp2 (round (log2 (s) * LEVELS_PER_OCTAVE) / LEVELS_PER_OCTAVE);
  return find_level (self, q, 0, 0, q / view->scale);
}

/* Where a level's tile (column, row) is in the view, in widget
 * coordinates: edges rounded to device pixels, so that neighbours meet
 * without a seam and, at rest, tiles fall on whole pixels. */
static graphene_rect_t
tile_bounds (const Level *level,
             const View  *view,
             int          column,
             int          row)
{
  double f = view->zoom * view->scale / level->scale;
  double x0 = round ((column * (double) EVB_TILE_SIZE + level->phase_x) * f - view->ox * view->zoom * view->scale);
  double y0 = round ((row * (double) EVB_TILE_SIZE + level->phase_y) * f - view->oy * view->zoom * view->scale);
  double x1 = round (((column + 1) * (double) EVB_TILE_SIZE + level->phase_x) * f - view->ox * view->zoom * view->scale);
  double y1 = round (((row + 1) * (double) EVB_TILE_SIZE + level->phase_y) * f - view->oy * view->zoom * view->scale);

  return GRAPHENE_RECT_INIT (x0 / view->scale, y0 / view->scale,
                             (x1 - x0) / view->scale, (y1 - y0) / view->scale);
}

/* The level's columns and rows that a rectangle in board coordinates
 * touches. */
static void
tile_range (const Level           *level,
            const graphene_rect_t *rect,
            int                   *c0,
            int                   *r0,
            int                   *c1,
            int                   *r1)
{
  double x0 = rect->origin.x * level->scale - level->phase_x;
  double y0 = rect->origin.y * level->scale - level->phase_y;
  double x1 = (rect->origin.x + rect->size.width) * level->scale - level->phase_x;
  double y1 = (rect->origin.y + rect->size.height) * level->scale - level->phase_y;

  *c0 = (int) floor (CLAMP (x0 / EVB_TILE_SIZE, G_MININT / 2, G_MAXINT / 2));
  *r0 = (int) floor (CLAMP (y0 / EVB_TILE_SIZE, G_MININT / 2, G_MAXINT / 2));
  *c1 = (int) floor (CLAMP (x1 / EVB_TILE_SIZE, G_MININT / 2, G_MAXINT / 2));
  *r1 = (int) floor (CLAMP (y1 / EVB_TILE_SIZE, G_MININT / 2, G_MAXINT / 2));
}

/* The board rectangle the view shows. */
static graphene_rect_t
view_rect (const View *view)
{
  return GRAPHENE_RECT_INIT (view->ox, view->oy, view->width / view->zoom,
                             view->height / view->zoom);
}

static Tile *
lookup_tile (const Level *level,
             int          column,
             int          row)
{
  gint64 key = pack_key (column, row);

  return g_hash_table_lookup (level->tiles, &key);
}

static Tile *add_tile (EvbTileCache *self,
                       Level        *level,
                       int           column,
                       int           row);

/* Drawing */

/* A render node that paints the image. Not a GdkMemoryTexture: GTK 4.8's
 * cairo renderer converts a texture's pixels through floats every time it
 * draws one (40 % of a sweep's time), while it paints a cairo node's
 * recording, here one image, with pixman's blits. The GL renderer keeps
 * either on the GPU. */
static GskRenderNode *
node_for_image (cairo_surface_t *image)
{
  GskRenderNode *node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (0, 0, EVB_TILE_SIZE, EVB_TILE_SIZE));
  cairo_t *cr = gsk_cairo_node_get_draw_context (node);

  cairo_set_source_surface (cr, image, 0, 0);
  /* A moving view shows tiles scaled by 0.89–1.12, a stand-in by up to
   * 0.5: cairo's default (good) filter scales down with a convolution, a
   * frame's worth of work for a full window; bilinear is a few
   * milliseconds and, for the moment a view moves, looks the same. At
   * rest tiles fall on whole pixels and no filter applies. */
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  /* Scaled, a tile's edge blends with what lies past it: its own edge
   * pixels, not transparency (a seam of background between tiles). */
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_destroy (cr);
  return node;
}

static void
append_tile (GtkSnapshot           *snapshot,
             Tile                  *tile,
             const graphene_rect_t *bounds)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &bounds->origin);
  gtk_snapshot_scale (snapshot, bounds->size.width / EVB_TILE_SIZE, bounds->size.height / EVB_TILE_SIZE);
  gtk_snapshot_append_node (snapshot, tile->node);
  gtk_snapshot_restore (snapshot);
}

/* What a tile is drawn from: the renderer's nodes for the tile and a
 * margin around it (rings and shadows of cards just outside reach in),
 * recorded on the main thread, or far out the renderer's plain data for
 * them (its scene, which becomes the same nodes on any thread), and where
 * they fall on the tile. Nothing in it changes once made, so a worker
 * thread may draw it. Neither node nor scene: only the background. */
typedef struct
{
  GskRenderNode    *node;
  EvbRendererScene *scene;
  GdkRGBA           background;
  double            dx, dy;      /* the tile's device origin at its level */
  double            scale;
  int               pad;         /* room drawn around the tile, then cut off */
} Picture;

static void
picture_clear (Picture *picture)
{
  g_clear_pointer (&picture->node, gsk_render_node_unref);
  g_clear_pointer (&picture->scene, evb_renderer_scene_free);
}

static void
record_tile (EvbTileCache *self,
             Level        *level,
             int           column,
             int           row,
             Picture      *picture)
{
  double s = level->scale;
  /* A whole number of device pixels: the renderer's far-out pictures then
   * fall on the tile's pixels as they fall on the view's. */
  double margin = ceil ((EVB_RENDERER_REACH_UNITS + EVB_RENDERER_REACH_PIXELS / level->zoom) * s);
  double dx = column * (double) EVB_TILE_SIZE + level->phase_x;
  double dy = row * (double) EVB_TILE_SIZE + level->phase_y;
  graphene_rect_t area = GRAPHENE_RECT_INIT ((dx - margin) / s, (dy - margin) / s,
                                             (EVB_TILE_SIZE + 2 * margin) / s,
                                             (EVB_TILE_SIZE + 2 * margin) / s);

  if (level->zoom < EVB_RENDERER_DETAIL_ZOOM)
    {
      /* Far out: plain data, quickly taken, even for a tile holding most
       * of a large board, whose recording took the frame up to a tenth
       * of a second. Whoever draws the tile makes its nodes. */
      picture->scene = evb_renderer_capture_scene (self->renderer, &area, level->zoom);
    }
  else
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      evb_renderer_snapshot (self->renderer, snapshot, &area, level->zoom);
      picture->node = gtk_snapshot_free_to_node (snapshot);
      self->n_recorded++;
    }
  picture->background = evb_renderer_get_palette (self->renderer)->background;
  picture->dx = dx;
  picture->dy = dy;
  picture->scale = s;
  /* GTK blurs shadows on a surface cut to what it draws on: drawn on the
   * tile alone, a shadow across its edge would lose what lies beyond.
   * Cards in detail are drawn with room around and the middle kept. */
  picture->pad = level->zoom >= EVB_RENDERER_DETAIL_ZOOM ? ceil (2.5 * EVB_RENDERER_REACH_UNITS * s) : 0;
}

/* Draws a picture with cairo as GTK's cairo renderer draws it, onto the
 * background; NULL when a scene draws nothing. Any thread; callers hold
 * draw_lock for a picture of nodes (the renderer's cached nodes). */
static cairo_surface_t *
rasterise (const Picture *picture)
{
  g_autoptr(GskRenderNode) node = NULL;
  int pad = picture->pad;
  cairo_surface_t *surface;
  cairo_t *cr;

  node = picture->node != NULL ? gsk_render_node_ref (picture->node)
                               : evb_renderer_scene_to_node (picture->scene);
  if (node == NULL)
    return NULL;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, EVB_TILE_SIZE + 2 * pad, EVB_TILE_SIZE + 2 * pad);
  cr = cairo_create (surface);
  gdk_cairo_set_source_rgba (cr, &picture->background);
  cairo_paint (cr);
  cairo_translate (cr, pad - picture->dx, pad - picture->dy);
  cairo_scale (cr, picture->scale, picture->scale);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  if (pad > 0)
    {
      cairo_surface_t *middle = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, EVB_TILE_SIZE, EVB_TILE_SIZE);

      cr = cairo_create (middle);
      cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
      cairo_set_source_surface (cr, surface, -pad, -pad);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      surface = middle;
    }
  cairo_surface_flush (surface);
  return surface;
}

/* Whether a text node may be drawn on another thread: pango makes a
 * font's cairo font on first use, and the boxes it draws for missing
 * glyphs, lazily and without a lock, and the window's widgets share the
 * fonts. Asked here, on the main thread, the cairo font exists before the
 * worker draws; afterwards pango only reads it (cairo's fonts lock
 * themselves). Text with a missing glyph stays here. */
static gboolean
text_is_thread_safe (GskRenderNode *node)
{
  PangoFont *font = gsk_text_node_get_font (node);
  /* The count from its own getter: GTK 4.8 declares
   * gsk_text_node_get_glyphs() pure, so a count it writes may be ignored. */
  guint n_glyphs = gsk_text_node_get_num_glyphs (node);
  const PangoGlyphInfo *glyphs;

  if (!PANGO_IS_CAIRO_FONT (font) || pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (font)) == NULL)
    return FALSE;
  glyphs = gsk_text_node_get_glyphs (node, NULL);
  for (guint i = 0; i < n_glyphs; i++)
    if ((glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0 &&
        glyphs[i].glyph != PANGO_GLYPH_EMPTY)
      return FALSE;
  return TRUE;
}

/* Whether a worker thread may draw the node while the main thread draws
 * the window. GTK 4.8 draws blurred box shadows (outset and inset shadow
 * nodes) through a global cache of corner masks without a lock, which the
 * window's own widgets use too: tiles with those are drawn on the main
 * thread (the renderer draws its cards' shadows with gradients). Text
 * needs its font made first (text_is_thread_safe). GL shaders need the
 * GL context. */
static gboolean
node_is_thread_safe (GskRenderNode *node)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        if (!node_is_thread_safe (gsk_container_node_get_child (node, i)))
          return FALSE;
      return TRUE;
    case GSK_TRANSFORM_NODE:
      return node_is_thread_safe (gsk_transform_node_get_child (node));
    case GSK_OPACITY_NODE:
      return node_is_thread_safe (gsk_opacity_node_get_child (node));
    case GSK_COLOR_MATRIX_NODE:
      return node_is_thread_safe (gsk_color_matrix_node_get_child (node));
    case GSK_REPEAT_NODE:
      return node_is_thread_safe (gsk_repeat_node_get_child (node));
    case GSK_CLIP_NODE:
      return node_is_thread_safe (gsk_clip_node_get_child (node));
    case GSK_ROUNDED_CLIP_NODE:
      return node_is_thread_safe (gsk_rounded_clip_node_get_child (node));
    case GSK_SHADOW_NODE:
      return node_is_thread_safe (gsk_shadow_node_get_child (node));
    case GSK_BLUR_NODE:
      return node_is_thread_safe (gsk_blur_node_get_child (node));
    case GSK_DEBUG_NODE:
      return node_is_thread_safe (gsk_debug_node_get_child (node));
    case GSK_BLEND_NODE:
      return node_is_thread_safe (gsk_blend_node_get_bottom_child (node)) &&
             node_is_thread_safe (gsk_blend_node_get_top_child (node));
    case GSK_CROSS_FADE_NODE:
      return node_is_thread_safe (gsk_cross_fade_node_get_start_child (node)) &&
             node_is_thread_safe (gsk_cross_fade_node_get_end_child (node));
    case GSK_COLOR_NODE:
    case GSK_LINEAR_GRADIENT_NODE:
    case GSK_REPEATING_LINEAR_GRADIENT_NODE:
    case GSK_RADIAL_GRADIENT_NODE:
    case GSK_REPEATING_RADIAL_GRADIENT_NODE:
    case GSK_CONIC_GRADIENT_NODE:
    case GSK_BORDER_NODE:
    case GSK_TEXTURE_NODE:
    case GSK_CAIRO_NODE:
      return TRUE;
    case GSK_TEXT_NODE:
      return text_is_thread_safe (node);
    case GSK_OUTSET_SHADOW_NODE:
    case GSK_INSET_SHADOW_NODE:
    case GSK_GL_SHADER_NODE:
    case GSK_NOT_A_RENDER_NODE:
    default:
      return FALSE;
    }
}

/* Shows a drawn image as the tile. */
static void
set_image (EvbTileCache    *self,
           Tile            *tile,
           cairo_surface_t *image)
{
  self->bytes -= tile_bytes (tile);
  g_clear_pointer (&tile->node, gsk_render_node_unref);
  g_clear_pointer (&tile->image, cairo_surface_destroy);
  tile->dirty = FALSE;
  self->n_drawn++;
  if (image == NULL)
    return;
  /* The node's recording refers to the image, which stays unchanged. */
  tile->image = image;
  tile->node = node_for_image (image);
  self->bytes += tile_bytes (tile);
}

/* Draws a recorded picture as the tile, on the cache's thread. Gives up
 * (FALSE) while the worker draws: a far-out tile can take it a tenth of
 * a second, and the frame is better shown with the tile drawn next time,
 * even at rest. */
static gboolean
draw_picture (EvbTileCache *self,
              Level        *level,
              int           column,
              int           row,
              Picture      *picture)
{
  cairo_surface_t *image = NULL;
  Tile *tile;

  if (picture->node != NULL)
    {
      if (!g_mutex_trylock (&self->shared->draw_lock))
        return FALSE;
      image = rasterise (picture);
      g_mutex_unlock (&self->shared->draw_lock);
    }
  else if (picture->scene != NULL)
    {
      /* Its own nodes, shared with nothing: no lock. */
      image = rasterise (picture);
      self->n_recorded++;
    }
  tile = lookup_tile (level, column, row);
  if (tile == NULL)
    tile = add_tile (self, level, column, row);
  set_image (self, tile, image);
  return TRUE;
}

/* The worker thread */

typedef struct
{
  Shared          *shared;
  guint64          level_id;
  gint64           key;
  guint            stamp;
  Picture          picture;
  cairo_surface_t *image;
  gboolean         stood_in;  /* something stood in for it: it costs credit */
  gint64           cost;      /* µs the worker took */
} Job;

static Shared *
shared_ref (Shared *shared)
{
  g_atomic_ref_count_inc (&shared->ref_count);
  return shared;
}

static void
shared_unref (gpointer data)
{
  Shared *shared = data;

  if (!g_atomic_ref_count_dec (&shared->ref_count))
    return;
  /* Jobs hold a reference: none is left. */
  g_mutex_clear (&shared->draw_lock);
  g_mutex_clear (&shared->lock);
  g_cond_clear (&shared->cond);
  g_main_context_unref (shared->context);
  g_free (shared);
}

static void
job_free (gpointer data)
{
  Job *job = data;

  picture_clear (&job->picture);
  g_clear_pointer (&job->image, cairo_surface_destroy);
  shared_unref (job->shared);
  g_free (job);
}

/* A drawn tile is shown unless something touched it (or forgot it, or
 * drew it here) since it was recorded: the stamp it was given is then no
 * longer the level's. */
static gboolean
take_job (EvbTileCache *self,
          Job          *job)
{
  Level *level = NULL;
  Tile *tile;

  self->n_in_flight--;
  /* The worker shares the machine with the frames: a moving view keeps
   * drawing what has a stand-in at the pace it did on the main thread. */
  if (job->stood_in)
    self->credit -= job->cost;
  for (guint i = 0; i < self->levels->len && level == NULL; i++)
    if (((Level *) g_ptr_array_index (self->levels, i))->id == job->level_id)
      level = g_ptr_array_index (self->levels, i);
  if (level == NULL ||
      GPOINTER_TO_UINT (g_hash_table_lookup (level->pending, &job->key)) != job->stamp)
    {
      self->n_dropped++;
      return FALSE;
    }
  g_hash_table_remove (level->pending, &job->key);
  tile = g_hash_table_lookup (level->tiles, &job->key);
  if (tile == NULL)
    tile = add_tile (self, level, (int) (job->key >> 32), (int) (gint32) (job->key & 0xffffffff));
  set_image (self, tile, g_steal_pointer (&job->image));
  return TRUE;
}

static gboolean
deliver_cb (gpointer data)
{
  Shared *shared = data;
  GQueue jobs;
  gboolean any = FALSE;
  Job *job;

  g_mutex_lock (&shared->lock);
  jobs = shared->done;
  g_queue_init (&shared->done);
  g_mutex_unlock (&shared->lock);
  while ((job = g_queue_pop_head (&jobs)) != NULL)
    {
      if (shared->cache != NULL)
        any |= take_job (shared->cache, job);
      job_free (job);
    }
  if (any)
    g_signal_emit (shared->cache, signals[TILES_DRAWN], 0);
  return G_SOURCE_REMOVE;
}

/* The worker draws what a moving view will want; the frame being shown,
 * and the display server that shows it, come first. On two cores, the
 * worker at the window's priority took turns with them: a frame in a
 * hundred was late. Linux gives each thread its own nice value. */
static void
lower_priority (void)
{
#if defined(__linux__) && defined(SYS_gettid)
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), WORKER_NICE) != 0)
    g_debug ("The tile worker keeps the window's priority: %s", g_strerror (errno));
#endif
}

static void
worker_draw (gpointer data,
             gpointer user_data)
{
  Job *job = data;
  Shared *shared = job->shared;
  gboolean first;
  static GPrivate lowered;

  if (g_private_get (&lowered) == NULL)
    {
      g_private_set (&lowered, GINT_TO_POINTER (TRUE));
      lower_priority ();
    }

  /* A scene's nodes are made here, shared with nothing. */
  if (job->picture.node != NULL)
    g_mutex_lock (&shared->draw_lock);
  job->cost = g_get_monotonic_time ();
  job->image = rasterise (&job->picture);
  job->cost = g_get_monotonic_time () - job->cost;
  if (job->picture.node != NULL)
    g_mutex_unlock (&shared->draw_lock);

  g_mutex_lock (&shared->lock);
  while (shared->held)
    g_cond_wait (&shared->cond, &shared->lock);
  first = g_queue_is_empty (&shared->done);
  g_queue_push_tail (&shared->done, job);
  g_mutex_unlock (&shared->lock);
  if (first)
    {
      /* Not g_main_context_invoke(): it would run the callback here when
       * the main thread is not iterating its context at that moment. */
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver_cb, shared_ref (shared), shared_unref);
      g_source_set_static_name (source, "[evb] tiles drawn");
      g_source_attach (source, shared->context);
      g_source_unref (source);
    }
}

/* Gives the picture (taking its node or scene) to the worker. */
static void
dispatch (EvbTileCache *self,
          Level        *level,
          int           column,
          int           row,
          Picture      *picture,
          gboolean      stood_in)
{
  Job *job = g_new0 (Job, 1);
  gint64 key = pack_key (column, row);

  job->shared = shared_ref (self->shared);
  job->level_id = level->id;
  job->key = key;
  /* Never 0: a missing entry reads as 0. */
  job->stamp = ++self->stamp != 0 ? self->stamp : ++self->stamp;
  job->picture = *picture;
  job->stood_in = stood_in;
  picture->node = NULL;
  picture->scene = NULL;
  g_hash_table_insert (level->pending, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (job->stamp));
  self->n_in_flight++;
  g_thread_pool_push (self->pool, job, NULL);
}

static Tile *
add_tile (EvbTileCache *self,
          Level        *level,
          int           column,
          int           row)
{
  Tile *tile = g_new0 (Tile, 1);

  tile->level = level;
  tile->key = pack_key (column, row);
  tile->link.data = tile;
  g_hash_table_insert (level->tiles, &tile->key, tile);
  g_queue_push_head_link (&self->lru, &tile->link);
  return tile;
}

static void
mark_shown (EvbTileCache *self,
            Level        *level,
            Tile         *tile)
{
  tile->shown = self->frame;
  level->shown = self->frame;
  g_queue_unlink (&self->lru, &tile->link);
  g_queue_push_head_link (&self->lru, &tile->link);
}

/* The other levels that may stand in for the view's, nearest zoom first. */
static GPtrArray *
stand_in_levels (EvbTileCache *self,
                 Level        *current,
                 Level        *coarse,
                 const View   *view)
{
  GPtrArray *levels = g_ptr_array_new ();
  double s = view->zoom * view->scale;

  for (guint i = 0; i < self->levels->len; i++)
    {
      Level *level = g_ptr_array_index (self->levels, i);
      double ratio = s / level->scale;

      if (level != current && level != coarse && ratio >= MIN_STAND_IN_RATIO &&
          g_hash_table_size (level->tiles) > 0)
        g_ptr_array_add (levels, level);
    }
  for (guint i = 1; i < levels->len; i++)
    for (guint j = i; j > 0; j--)
      {
        Level *a = levels->pdata[j - 1], *b = levels->pdata[j];

        if (fabs (log (s / a->scale)) <= fabs (log (s / b->scale)))
          break;
        levels->pdata[j - 1] = b;
        levels->pdata[j] = a;
      }
  return levels;
}

/* Appends, clipped to rect (widget coordinates), level's drawn tiles there.
 * Returns whether any was there. With draw FALSE only tells. */
static gboolean
append_level_in (EvbTileCache          *self,
                 GtkSnapshot           *snapshot,
                 Level                 *level,
                 const View            *view,
                 const graphene_rect_t *rect,
                 gboolean               draw)
{
  graphene_rect_t board = GRAPHENE_RECT_INIT (view->ox + rect->origin.x / view->zoom,
                                              view->oy + rect->origin.y / view->zoom,
                                              rect->size.width / view->zoom,
                                              rect->size.height / view->zoom);
  int c0, r0, c1, r1;
  gboolean any = FALSE;

  tile_range (level, &board, &c0, &r0, &c1, &r1);
  if (draw)
    gtk_snapshot_push_clip (snapshot, rect);
  for (int row = r0; row <= r1; row++)
    for (int column = c0; column <= c1; column++)
      {
        Tile *tile = lookup_tile (level, column, row);
        graphene_rect_t bounds;

        if (tile == NULL)
          continue;
        any = TRUE;
        if (!draw)
          return TRUE;
        mark_shown (self, level, tile);
        if (tile->node == NULL)
          continue;
        bounds = tile_bounds (level, view, column, row);
        append_tile (snapshot, tile, &bounds);
      }
  if (draw)
    gtk_snapshot_pop (snapshot);
  return any;
}

/* Whether the level has every tile under rect (widget coordinates). */
static gboolean
level_covers (Level                 *level,
              const View            *view,
              const graphene_rect_t *rect)
{
  graphene_rect_t board = GRAPHENE_RECT_INIT (view->ox + rect->origin.x / view->zoom,
                                              view->oy + rect->origin.y / view->zoom,
                                              rect->size.width / view->zoom,
                                              rect->size.height / view->zoom);
  int c0, r0, c1, r1;

  tile_range (level, &board, &c0, &r0, &c1, &r1);
  for (int row = r0; row <= r1; row++)
    for (int column = c0; column <= c1; column++)
      if (lookup_tile (level, column, row) == NULL)
        return FALSE;
  return TRUE;
}

/* Stand-ins are drawn farthest first, the nearest on top: those past the
 * nearest one that covers rect whole would be hidden under it. Returns
 * how many of stand_ins (nearest first) to draw. A view zooming in from
 * the whole board has a level every third of an octave behind it, each
 * covering the view: drawn, all of them, they were most of a frame. */
static guint
first_hidden (EvbTileCache          *self,
              GPtrArray             *stand_ins,
              const View            *view,
              const graphene_rect_t *rect)
{
  for (guint i = 0; i < stand_ins->len; i++)
    if (level_covers (stand_ins->pdata[i], view, rect))
      return i + 1;
  return stand_ins->len;
}

/* A level up to an octave below the view's: few tiles, quickly drawn,
 * kept for a whole octave of zooming, standing in wherever the view's own
 * level has nothing yet. */
static Level *
coarse_level (EvbTileCache *self,
              const View   *view)
{
  double s = view->zoom * view->scale;
  double c = exp2 (floor (log2 (s)) - 1);

  return find_level (self, c, 0, 0, c / view->scale);
}

/* Adds the level's tiles that the view lacks (missing, or touched by an
 * edit) to todo. */
static void
add_todo (EvbTileCache *self,
          GArray       *todo,
          GtkSnapshot  *snapshot,
          Level        *level,
          const View   *view,
          GPtrArray    *stand_ins,
          int           touched)
{
  graphene_rect_t board = view_rect (view);
  int c0, r0, c1, r1;

  tile_range (level, &board, &c0, &r0, &c1, &r1);
  for (int row = r0; row <= r1; row++)
    for (int column = c0; column <= c1; column++)
      {
        Tile *tile = lookup_tile (level, column, row);
        Todo item = { level, column, row, touched,
                      hypot (column - (c0 + c1) / 2.0, row - (r0 + r1) / 2.0) };

        if (tile != NULL && !tile->dirty)
          continue;
        if (tile == NULL && stand_ins == NULL)
          item.priority = PRIORITY_COARSE;
        else if (tile == NULL)
          {
            graphene_rect_t bounds = tile_bounds (level, view, column, row);

            item.priority = PRIORITY_HOLE;
            for (guint i = 0; i < stand_ins->len && item.priority == PRIORITY_HOLE; i++)
              if (append_level_in (self, snapshot, stand_ins->pdata[i], view, &bounds, FALSE))
                item.priority = PRIORITY_STOOD_IN;
          }
        else if (stand_ins == NULL)
          item.priority = PRIORITY_STOOD_IN;
        g_array_append_val (todo, item);
      }
}

static int
compare_todo (gconstpointer a,
              gconstpointer b)
{
  const Todo *x = a, *y = b;

  if (x->priority != y->priority)
    return x->priority - y->priority;
  return x->distance < y->distance ? -1 : x->distance > y->distance;
}

static void
evict (EvbTileCache *self)
{
  while (self->bytes > self->max_bytes && self->lru.tail != NULL)
    {
      Tile *tile = self->lru.tail->data;
      Level *level = tile->level;

      /* Never what this frame shows. */
      if (tile->shown == self->frame)
        break;
      tile_forget (self, tile);
      if (g_hash_table_size (level->tiles) == 0)
        g_ptr_array_remove_fast (self->levels, level);
    }
}

/* Signal callbacks */

static void
renderer_invalidated_cb (EvbTileCache          *self,
                         const graphene_rect_t *area)
{
  evb_tile_cache_invalidate (self, area);
}

/* GObject */

static void
evb_tile_cache_dispose (GObject *object)
{
  EvbTileCache *self = EVB_TILE_CACHE (object);

  if (self->pool != NULL)
    {
      /* Let a held worker go, drop what waits, and wait for the tile being
       * drawn: it draws the renderer's nodes. */
      _evb_tile_cache_hold_worker (self, FALSE);
      g_thread_pool_free (g_steal_pointer (&self->pool), TRUE, TRUE);
    }
  if (self->shared != NULL)
    {
      self->shared->cache = NULL;
      g_clear_pointer (&self->shared, shared_unref);
    }
  if (self->renderer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->renderer, self);
      evb_renderer_set_tiled (self->renderer, FALSE);
    }
  g_clear_object (&self->renderer);
  /* The queue's links live in the tiles, which the levels free. */
  g_queue_init (&self->lru);
  g_clear_pointer (&self->levels, g_ptr_array_unref);
  self->bytes = 0;

  G_OBJECT_CLASS (evb_tile_cache_parent_class)->dispose (object);
}

static void
evb_tile_cache_class_init (EvbTileCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = evb_tile_cache_dispose;

  /**
   * EvbTileCache::tiles-drawn:
   *
   * Tiles the worker thread drew are ready to show: draw another frame.
   */
  signals[TILES_DRAWN] = g_signal_new ("tiles-drawn", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
evb_tile_cache_init (EvbTileCache *self)
{
  self->levels = g_ptr_array_new_with_free_func (level_free);
  self->max_bytes = DEFAULT_MAX_BYTES;
  g_queue_init (&self->lru);

  self->shared = g_new0 (Shared, 1);
  g_atomic_ref_count_init (&self->shared->ref_count);
  g_mutex_init (&self->shared->draw_lock);
  g_mutex_init (&self->shared->lock);
  g_cond_init (&self->shared->cond);
  g_queue_init (&self->shared->done);
  self->shared->context = g_main_context_ref_thread_default ();
  self->shared->cache = self;
  /* One worker: the main thread, composing frames, has the other core
   * of a small machine. EVB_TILE_THREAD=0 draws every tile here. */
  if (g_strcmp0 (g_getenv ("EVB_TILE_THREAD"), "0") != 0)
    self->pool = g_thread_pool_new_full (worker_draw, NULL, job_free, 1, FALSE, NULL);
}

/* Public API */

EvbTileCache *
evb_tile_cache_new (EvbRenderer *renderer)
{
  EvbTileCache *self;

  g_return_val_if_fail (EVB_IS_RENDERER (renderer), NULL);

  self = g_object_new (EVB_TYPE_TILE_CACHE, NULL);
  self->renderer = g_object_ref (renderer);
  evb_renderer_set_tiled (renderer, TRUE);
  g_signal_connect_swapped (renderer, "invalidated", G_CALLBACK (renderer_invalidated_cb), self);
  return self;
}

void
evb_tile_cache_invalidate (EvbTileCache          *self,
                           const graphene_rect_t *area)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (EVB_IS_TILE_CACHE (self));
  for (guint i = 0; i < self->levels->len; i++)
    {
      Level *level = g_ptr_array_index (self->levels, i);
      graphene_rect_t grown;
      double reach;
      int c0, r0, c1, r1;

      if (area == NULL)
        {
          /* What the worker draws was recorded before: drop it. */
          g_hash_table_remove_all (level->pending);
          g_hash_table_iter_init (&iter, level->tiles);
          while (g_hash_table_iter_next (&iter, NULL, &value))
            ((Tile *) value)->dirty = TRUE;
          continue;
        }

      /* What is drawn around the item, and a pixel for rounding. */
      reach = EVB_RENDERER_REACH_UNITS + EVB_RENDERER_REACH_PIXELS / level->zoom + 1 / level->scale;
      graphene_rect_inset_r (area, -reach, -reach, &grown);
      tile_range (level, &grown, &c0, &r0, &c1, &r1);
      g_hash_table_iter_init (&iter, level->pending);
      while (g_hash_table_iter_next (&iter, &value, NULL))
        {
          gint64 key = *(gint64 *) value;
          int column = (int) (key >> 32), row = (int) (gint32) (key & 0xffffffff);

          if (column >= c0 && column <= c1 && row >= r0 && row <= r1)
            g_hash_table_iter_remove (&iter);
        }
      if ((double) (c1 - c0 + 1) * (r1 - r0 + 1) <= g_hash_table_size (level->tiles))
        {
          for (int row = r0; row <= r1; row++)
            for (int column = c0; column <= c1; column++)
              {
                Tile *tile = lookup_tile (level, column, row);

                if (tile != NULL)
                  tile->dirty = TRUE;
              }
          continue;
        }
      g_hash_table_iter_init (&iter, level->tiles);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          Tile *tile = value;
          int column = (int) (tile->key >> 32), row = (int) (gint32) (tile->key & 0xffffffff);

          if (column >= c0 && column <= c1 && row >= r0 && row <= r1)
            tile->dirty = TRUE;
        }
    }
}

gboolean
evb_tile_cache_snapshot (EvbTileCache *self,
                         GtkSnapshot  *snapshot,
                         EvbViewport  *viewport,
                         int           width,
                         int           height,
                         int           scale,
                         gboolean      settled,
                         gint64        budget_us)
{
  const EvbPalette *palette;
  g_autoptr(GArray) todo = NULL;
  g_autoptr(GPtrArray) stand_ins = NULL;
  graphene_rect_t board;
  View view;
  Level *level, *coarse;
  gint64 start;
  int c0, r0, c1, r1;
  guint n_left = 0, n_waiting = 0, n_drawn = 0;

  g_return_val_if_fail (EVB_IS_TILE_CACHE (self), TRUE);
  g_return_val_if_fail (GTK_IS_SNAPSHOT (snapshot), TRUE);
  g_return_val_if_fail (EVB_IS_VIEWPORT (viewport), TRUE);

  palette = evb_renderer_get_palette (self->renderer);
  gtk_snapshot_append_color (snapshot, &palette->background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (width <= 0 || height <= 0)
    return TRUE;

  self->frame++;
  view = (View) { evb_viewport_get_origin_x (viewport), evb_viewport_get_origin_y (viewport),
                  evb_viewport_get_zoom (viewport), MAX (scale, 1), width, height };
  level = choose_level (self, &view, settled);
  level->shown = self->frame;
  coarse = coarse_level (self, &view);
  stand_ins = stand_in_levels (self, level, coarse, &view);

  /* What the view lacks, from the middle out. */
  todo = g_array_new (FALSE, FALSE, sizeof (Todo));
  board = view_rect (&view);
  add_todo (self, todo, snapshot, level, &view, stand_ins, PRIORITY_TOUCHED);
  if (coarse != NULL)
    add_todo (self, todo, snapshot, coarse, &view, NULL, PRIORITY_COARSE);
  g_array_sort (todo, compare_todo);

  /* Touched tiles may take a few budgets: they follow a dragged card. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < todo->len; i++)
    {
      Todo *item = &g_array_index (todo, Todo, i);
      gint64 spent = g_get_monotonic_time () - start;
      gint64 key = pack_key (item->column, item->row);
      /* At rest the view's own tiles are all drawn now (or, while the
       * worker draws, in the next frame), as a direct drawing would draw
       * the view: what rests on screen is exact. */
      gboolean now = settled && item->level == level;
      Picture picture = { NULL };

      if (!now && g_hash_table_contains (item->level->pending, &key))
        {
          n_waiting++;
          continue;
        }
      if (!now &&
          ((n_drawn > 0 && spent > (item->priority == PRIORITY_TOUCHED ? 4 * budget_us : budget_us)) ||
           (!settled && item->priority >= PRIORITY_COARSE && self->credit <= 0)))
        {
          n_left++;
          continue;
        }
      /* The worker hands back a tile in a moment; the next is given
       * when it has room (its tiles_drawn asks for the frame). */
      if (!now && self->pool != NULL && self->n_in_flight >= MAX_IN_FLIGHT)
        {
          n_waiting++;
          continue;
        }
      n_drawn++;
      record_tile (self, item->level, item->column, item->row, &picture);
      if (!now && self->pool != NULL &&
          (picture.scene != NULL || (picture.node != NULL && node_is_thread_safe (picture.node))))
        {
          /* Drawn in the worker: the frame is not held up. */
          dispatch (self, item->level, item->column, item->row, &picture,
                    !settled && item->priority >= PRIORITY_COARSE);
          n_waiting++;
        }
      else
        {
          /* Drawn here: whatever the worker has for it is older. */
          g_hash_table_remove (item->level->pending, &key);
          if (!draw_picture (self, item->level, item->column, item->row, &picture))
            n_left++;
        }
      picture_clear (&picture);
      if (item->priority >= PRIORITY_COARSE)
        self->credit -= g_get_monotonic_time () - start - spent;
    }
  /* A moving view draws what another level stands in for only now and
   * then: a tile takes most of a frame without a GPU. */
  self->credit = MIN (self->credit + budget_us / MOVING_SHARE, budget_us);

  /* Stand-ins where tiles are still missing, the nearest zoom on top,
   * then the level's own tiles. */
  if (n_left + n_waiting > 0 && coarse != NULL && coarse != level)
    g_ptr_array_add (stand_ins, coarse);
  tile_range (level, &board, &c0, &r0, &c1, &r1);
  for (int row = r0; row <= r1 && n_left + n_waiting > 0; row++)
    for (int column = c0; column <= c1; column++)
      {
        graphene_rect_t bounds;

        if (lookup_tile (level, column, row) != NULL)
          continue;
        bounds = tile_bounds (level, &view, column, row);
        for (guint i = first_hidden (self, stand_ins, &view, &bounds); i > 0; i--)
          append_level_in (self, snapshot, stand_ins->pdata[i - 1], &view, &bounds, TRUE);
      }
  for (int row = r0; row <= r1; row++)
    for (int column = c0; column <= c1; column++)
      {
        Tile *tile = lookup_tile (level, column, row);
        graphene_rect_t bounds;

        if (tile == NULL)
          continue;
        mark_shown (self, level, tile);
        if (tile->node == NULL)
          continue;
        bounds = tile_bounds (level, &view, column, row);
        append_tile (snapshot, tile, &bounds);
      }

  evict (self);
  return n_left == 0;
}

guint
evb_tile_cache_get_n_drawn (EvbTileCache *self)
{
  g_return_val_if_fail (EVB_IS_TILE_CACHE (self), 0);
  return self->n_drawn;
}

void
evb_tile_cache_set_max_bytes (EvbTileCache *self,
                              gsize         max_bytes)
{
  g_return_if_fail (EVB_IS_TILE_CACHE (self));
  self->max_bytes = max_bytes;
}

gsize
evb_tile_cache_get_bytes (EvbTileCache *self)
{
  g_return_val_if_fail (EVB_IS_TILE_CACHE (self), 0);
  return self->bytes;
}

/**
 * evb_tile_cache_get_n_in_flight:
 * @self: a cache
 *
 * Returns: how many tiles the worker thread has that are not yet handed
 *   back (tests wait for none)
 */
guint
evb_tile_cache_get_n_in_flight (EvbTileCache *self)
{
  g_return_val_if_fail (EVB_IS_TILE_CACHE (self), 0);
  return self->n_in_flight;
}

/**
 * evb_tile_cache_get_n_dropped:
 * @self: a cache
 *
 * Returns: how many tiles the worker drew that were touched or forgotten
 *   meanwhile, and so not shown
 */
guint
evb_tile_cache_get_n_dropped (EvbTileCache *self)
{
  g_return_val_if_fail (EVB_IS_TILE_CACHE (self), 0);
  return self->n_dropped;
}

guint
_evb_tile_cache_get_n_recorded (EvbTileCache *self)
{
  g_return_val_if_fail (EVB_IS_TILE_CACHE (self), 0);
  return self->n_recorded;
}

void
_evb_tile_cache_hold_worker (EvbTileCache *self,
                             gboolean      hold)
{
  g_return_if_fail (EVB_IS_TILE_CACHE (self));

  g_mutex_lock (&self->shared->lock);
  self->shared->held = hold;
  g_cond_broadcast (&self->shared->cond);
  g_mutex_unlock (&self->shared->lock);
}
