/* evb-spatial-index.h: a uniform grid over rectangles, for culling and hit testing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <graphene.h>
#include <glib.h>

G_BEGIN_DECLS

/*
 * Ownership: evb_spatial_index_new() returns (transfer full) an index freed
 * with evb_spatial_index_free(); evb_spatial_index_query() returns
 * (transfer full) an array whose items are the (transfer none) pointers
 * that were inserted.
 */

typedef struct _EvbSpatialIndex EvbSpatialIndex;

EvbSpatialIndex *evb_spatial_index_new     (double                  cell_size);
void             evb_spatial_index_free    (EvbSpatialIndex        *self);
/* Adds item, or moves it when it is already there. Items are borrowed pointers. */
void             evb_spatial_index_set     (EvbSpatialIndex        *self,
                                            gpointer                item,
                                            const graphene_rect_t  *bounds);
void             evb_spatial_index_remove  (EvbSpatialIndex        *self,
                                            gpointer                item);
gboolean         evb_spatial_index_lookup  (EvbSpatialIndex        *self,
                                            gpointer                item,
                                            graphene_rect_t        *bounds);
guint            evb_spatial_index_get_size (EvbSpatialIndex       *self);
void             evb_spatial_index_clear   (EvbSpatialIndex        *self);
/* Every item whose bounds intersect rect (touching edges count), each once,
 * in no particular order. Free the array; it does not own the items. */
GPtrArray       *evb_spatial_index_query   (EvbSpatialIndex        *self,
                                            const graphene_rect_t  *rect);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EvbSpatialIndex, evb_spatial_index_free)

G_END_DECLS
