/* evb-tile-cache.h: the board drawn once into tiles, for the canvas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "evb-renderer.h"
#include "evb-viewport.h"

G_BEGIN_DECLS

/* Tiles are squares of this many device pixels. */
#define EVB_TILE_SIZE 256

#define EVB_TYPE_TILE_CACHE (evb_tile_cache_get_type ())

G_DECLARE_FINAL_TYPE (EvbTileCache, evb_tile_cache, EVB, TILE_CACHE, GObject)

/**
 * evb_tile_cache_new:
 * @renderer: draws the tiles; the cache keeps a reference, follows its
 *   ::invalidated signal and tells it that it is drawn in tiles
 *   (evb_renderer_set_tiled())
 *
 * Returns: (transfer full): an empty cache
 */
EvbTileCache *evb_tile_cache_new             (EvbRenderer   *renderer);
/* Forgets the tiles that area (board coordinates; NULL = everything)
 * touches: they are drawn again before they are shown at rest. */
void          evb_tile_cache_invalidate      (EvbTileCache           *self,
                                              const graphene_rect_t  *area);
/**
 * evb_tile_cache_snapshot:
 * @viewport: the view to draw
 * @width: @height: the view's size in widget pixels
 * @scale: the device pixels per widget pixel
 * @settled: the view has come to rest: draw at its exact zoom and pixel
 *   phase (otherwise at the nearest of a few zoom levels, so that a
 *   moving view reuses its tiles)
 * @budget_us: how long to spend drawing missing tiles (at least one is
 *   drawn when any is missing); the rest show the nearest level's tiles
 *   scaled, or the background
 *
 * Appends the board as the tiles of the view, with the background, in
 * widget coordinates. A moving view's tiles without blurred shadows are
 * drawn by a worker thread: ::tiles-drawn tells when they are ready.
 *
 * Returns: %TRUE when every tile shown was current or is being drawn by
 *   the worker; %FALSE when some are still to be drawn here (draw
 *   another frame).
 */
gboolean      evb_tile_cache_snapshot        (EvbTileCache  *self,
                                              GtkSnapshot   *snapshot,
                                              EvbViewport   *viewport,
                                              int            width,
                                              int            height,
                                              int            scale,
                                              gboolean       settled,
                                              gint64         budget_us);
/* How many tiles have been drawn so far (tests and measurements). */
guint         evb_tile_cache_get_n_drawn     (EvbTileCache  *self);
/* The most memory the tiles may take, in bytes (least recently shown go first). */
void          evb_tile_cache_set_max_bytes   (EvbTileCache  *self,
                                              gsize          max_bytes);
gsize         evb_tile_cache_get_bytes       (EvbTileCache  *self);
guint         evb_tile_cache_get_n_in_flight (EvbTileCache  *self);
guint         evb_tile_cache_get_n_dropped   (EvbTileCache  *self);
/* Tests: how many tiles' render nodes were made on the cache's thread
 * (recorded there, or made there from a far-out scene to draw at rest). */
guint         _evb_tile_cache_get_n_recorded (EvbTileCache  *self);
/* Tests: while held, the worker thread draws its tile and then waits
 * before handing it back (a tile touched meanwhile must not be shown). */
void          _evb_tile_cache_hold_worker    (EvbTileCache  *self,
                                              gboolean       hold);

G_END_DECLS
