/* evb-renderer-private.h: drawing helpers shared with export's legend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-renderer.h"

G_BEGIN_DECLS

/* icon is a name like "evb-claim-symbolic"; drawn as vector with librsvg. */
void         _evb_renderer_append_icon        (EvbRenderer   *self,
                                               GtkSnapshot   *snapshot,
                                               const char    *icon,
                                               const GdkRGBA *color,
                                               double         x,
                                               double         y,
                                               double         size);
/* A short sample of a link's line and end, from (x, y) to (x + width, y). */
void         _evb_renderer_append_link_sample (EvbRenderer   *self,
                                               GtkSnapshot   *snapshot,
                                               EvbRelation    relation,
                                               double         x,
                                               double         y,
                                               double         width);
PangoLayout *_evb_renderer_create_layout      (EvbRenderer   *self,
                                               const char    *text,
                                               const char    *font,
                                               double         width,
                                               double         height);
void         _evb_renderer_append_layout      (GtkSnapshot   *snapshot,
                                               PangoLayout   *layout,
                                               const GdkRGBA *color,
                                               double         x,
                                               double         y);
const char  *_evb_renderer_get_type_icon      (EvbEvidenceType type);
/* Drawing a picture to keep: a dense far-out view keeps its anti-aliasing. */
/* Drops the render nodes kept for cards and links, so that the next
 * snapshot builds new ones: export draws a PNG in bands, each a picture of
 * its own (cairo cannot paint one recording from two threads at once). */
void         _evb_renderer_forget_drawn       (EvbRenderer   *self);
void         _evb_renderer_set_exporting      (EvbRenderer   *self,
                                               gboolean       exporting);
/* Nothing that turns into a bitmap in SVG or PDF (blurred shadows). */
void         _evb_renderer_set_vector_only    (EvbRenderer   *self,
                                               gboolean       vector_only);
/* For SVG export, whose text must stay text: every layout drawn from now on
 * is added to texts (a reference), and its render nodes are wrapped in a
 * debug node "evb-text N", N its index in texts. NULL stops. */
void         _evb_renderer_set_text_layer     (EvbRenderer   *self,
                                               GPtrArray     *texts);

G_END_DECLS
