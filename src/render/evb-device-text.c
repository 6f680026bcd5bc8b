/* evb-device-text.c: text drawn at the size it has on screen
 *
 * The renderer draws a board once, in board units, and the canvas shows
 * that drawing under the zoom's scale. GTK 4.8's GL renderer draws a text
 * node under a scale by rasterising each glyph at the scale into a
 * texture of whole pixels, then stretching that texture over the glyph's
 * ink box measured in whole units of the text's coordinates (board units
 * here). Both roundings differ from glyph to glyph, so at 39 % every glyph
 * is resampled by its own factor and put up to a board unit off: the
 * letters overlap. At scale 1 (or another whole number, a HiDPI screen's)
 * both roundings are exact.
 *
 * So the text is handed to GL at the size it appears: the same glyph ids
 * of the same face, loaded at the size times the scale, at positions
 * times the scale, under a transform that divides by the scale. The
 * layout (line breaks, ellipsis, every advance) is the one the renderer
 * measured, unchanged; only where the scale is applied moves, from the
 * outlines' rasterisation to the font. Cairo draws such text as it drew
 * the original.
 *
 * GL draws the texture of a glyph at scale 1 one texel a pixel only when
 * the text's origin is on a whole pixel: otherwise every glyph is blurred
 * by the same fraction. The caller puts the drawing's origin on a whole
 * pixel; each text's own transform moves its origin to the nearest whole
 * pixel and its offset by as much back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "evb-device-text.h"

typedef struct
{
  PangoFont *font;
  double     scale;
} FontKey;

typedef struct
{
  GHashTable *fonts;  /* FontKey* → PangoFont* (the font at the scale, or the font itself) */
} Rewrite;

/* Where a node's coordinates are on screen: pixels a unit, and the pixel
 * position of its origin, relative to the drawing's origin. */
typedef struct
{
  double scale;
  double x;
  double y;
} Place;

static GskRenderNode *rewrite_node (Rewrite       *rewrite,
                                    GskRenderNode *node,
                                    const Place   *place);

static guint
font_key_hash (gconstpointer data)
{
  const FontKey *key = data;

  return g_direct_hash (key->font) ^ g_double_hash (&key->scale);
}

static gboolean
font_key_equal (gconstpointer a,
                gconstpointer b)
{
  const FontKey *ka = a, *kb = b;

  return ka->font == kb->font && ka->scale == kb->scale;
}

static gboolean
same_face (PangoFont *a,
           PangoFont *b)
{
  return hb_font_get_face (pango_font_get_hb_font (a)) == hb_font_get_face (pango_font_get_hb_font (b));
}

/* font at its size times scale, with the same rendering options (the
 * renderer's: no hinting). The size is the one cairo draws at (its font
 * matrix): a bitmap font, say colour emoji, describes itself at the size
 * of its strike (109 pixels) and is scaled down by fontconfig. The glyph
 * ids only mean the same glyphs in the same face: a font map that picks
 * another for the new size (an optical size) keeps the original. */
static PangoFont *
load_font_at (PangoFont *font,
              double     scale)
{
  PangoFontMap *map = pango_font_get_font_map (font);
  g_autoptr(PangoFontDescription) desc = NULL;
  cairo_font_options_t *options;
  cairo_scaled_font_t *cairo_font;
  cairo_matrix_t matrix;
  PangoContext *context;
  PangoFont *scaled;

  if (map == NULL || !PANGO_IS_CAIRO_FONT (font))
    return g_object_ref (font);
  cairo_font = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (font));
  if (cairo_font == NULL || cairo_scaled_font_status (cairo_font) != CAIRO_STATUS_SUCCESS)
    return g_object_ref (font);
  cairo_scaled_font_get_font_matrix (cairo_font, &matrix);
  if (matrix.yy <= 0)  /* upside down or sideways (a vertical gravity) */
    return g_object_ref (font);

  desc = pango_font_describe (font);
  pango_font_description_set_absolute_size (desc, matrix.yy * scale * PANGO_SCALE);
  context = pango_font_map_create_context (map);
  options = cairo_font_options_create ();
  cairo_scaled_font_get_font_options (cairo_font, options);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  scaled = pango_font_map_load_font (map, context, desc);
  g_object_unref (context);
  if (scaled != NULL && !same_face (scaled, font))
    g_clear_object (&scaled);
  return scaled != NULL ? scaled : g_object_ref (font);
}

static PangoFont *
get_font_at (Rewrite   *rewrite,
             PangoFont *font,
             double     scale)
{
  FontKey key = { font, scale };
  PangoFont *scaled = g_hash_table_lookup (rewrite->fonts, &key);

  if (scaled == NULL)
    {
      scaled = load_font_at (font, scale);
      g_hash_table_insert (rewrite->fonts, g_memdup2 (&key, sizeof key), scaled);
    }
  return scaled;
}

/* The text at the device's size, under a transform whose origin falls on
 * a whole pixel: GL puts glyphs at quarter pixels and draws each one's
 * texture at a whole pixel from that origin, one texel a pixel. The
 * fraction the origin moves goes into the text's offset, so every glyph
 * stays where it was. */
static GskRenderNode *
rewrite_text (Rewrite       *rewrite,
              GskRenderNode *node,
              const Place   *place)
{
  double scale = place->scale;
  PangoFont *font = gsk_text_node_get_font (node);
  PangoFont *scaled = get_font_at (rewrite, font, scale);
  const graphene_point_t *offset = gsk_text_node_get_offset (node);
  double fx = place->x - round (place->x), fy = place->y - round (place->y);
  g_autoptr(GskTransform) transform = NULL;
  const PangoGlyphInfo *glyphs;
  PangoGlyphString *string;
  GskRenderNode *text;
  GskRenderNode *result;
  double pen = 0;
  int placed = 0;
  guint n;

  if (scaled == font)
    return gsk_render_node_ref (node);

  /* Not the count from gsk_text_node_get_glyphs(): GTK 4.8 declares it
   * G_GNUC_PURE, so the compiler may keep the count from before the call. */
  n = gsk_text_node_get_num_glyphs (node);
  glyphs = gsk_text_node_get_glyphs (node, NULL);
  string = pango_glyph_string_new ();
  pango_glyph_string_set_size (string, n);
  for (guint i = 0; i < n; i++)
    {
      PangoGlyphInfo *glyph = &string->glyphs[i];
      int next;

      *glyph = glyphs[i];
      /* Advances summed before rounding: no drift along a long line. */
      pen += glyphs[i].geometry.width;
      next = (int) lround (pen * scale);
      glyph->geometry.width = next - placed;
      placed = next;
      glyph->geometry.x_offset = (int) lround (glyphs[i].geometry.x_offset * scale);
      glyph->geometry.y_offset = (int) lround (glyphs[i].geometry.y_offset * scale);
    }
  text = gsk_text_node_new (scaled, string, gsk_text_node_get_color (node),
                            &GRAPHENE_POINT_INIT (offset->x * scale + fx, offset->y * scale + fy));
  pango_glyph_string_free (string);
  if (text == NULL)  /* nothing with ink */
    return gsk_render_node_ref (node);
  transform = gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (-fx / scale, -fy / scale));
  transform = gsk_transform_scale (transform, 1 / scale, 1 / scale);
  result = gsk_transform_node_new (text, transform);
  gsk_render_node_unref (text);
  return result;
}

static GskRenderNode *
rewrite_container (Rewrite       *rewrite,
                   GskRenderNode *node,
                   const Place   *place)
{
  guint n = gsk_container_node_get_n_children (node);
  g_autofree GskRenderNode **children = g_new (GskRenderNode *, n);
  GskRenderNode *result;

  for (guint i = 0; i < n; i++)
    children[i] = rewrite_node (rewrite, gsk_container_node_get_child (node, i), place);
  result = gsk_container_node_new (children, n);
  for (guint i = 0; i < n; i++)
    gsk_render_node_unref (children[i]);
  return result;
}

static GskRenderNode *
rewrite_transform (Rewrite       *rewrite,
                   GskRenderNode *node,
                   const Place   *place)
{
  GskTransform *transform = gsk_transform_node_get_transform (node);
  g_autoptr(GskRenderNode) child = NULL;
  float sx = 1, sy = 1, dx, dy;
  Place inner;

  if (gsk_transform_get_category (transform) < GSK_TRANSFORM_CATEGORY_2D_AFFINE)
    return gsk_render_node_ref (node);
  gsk_transform_to_affine (transform, &sx, &sy, &dx, &dy);
  if (sx != sy || sx <= 0)
    return gsk_render_node_ref (node);
  inner.scale = place->scale * sx;
  inner.x = place->x + place->scale * dx;
  inner.y = place->y + place->scale * dy;
  child = rewrite_node (rewrite, gsk_transform_node_get_child (node), &inner);
  return gsk_transform_node_new (child, transform);
}

static GskRenderNode *
rewrite_node (Rewrite       *rewrite,
              GskRenderNode *node,
              const Place   *place)
{
  g_autoptr(GskRenderNode) child = NULL;

  switch ((int) gsk_render_node_get_node_type (node))
    {
    case GSK_TEXT_NODE:
      return rewrite_text (rewrite, node, place);
    case GSK_CONTAINER_NODE:
      return rewrite_container (rewrite, node, place);
    case GSK_TRANSFORM_NODE:
      return rewrite_transform (rewrite, node, place);
    case GSK_CLIP_NODE:
      child = rewrite_node (rewrite, gsk_clip_node_get_child (node), place);
      return gsk_clip_node_new (child, gsk_clip_node_get_clip (node));
    case GSK_ROUNDED_CLIP_NODE:
      child = rewrite_node (rewrite, gsk_rounded_clip_node_get_child (node), place);
      return gsk_rounded_clip_node_new (child, gsk_rounded_clip_node_get_clip (node));
    case GSK_OPACITY_NODE:
      child = rewrite_node (rewrite, gsk_opacity_node_get_child (node), place);
      return gsk_opacity_node_new (child, gsk_opacity_node_get_opacity (node));
    case GSK_DEBUG_NODE:
      child = rewrite_node (rewrite, gsk_debug_node_get_child (node), place);
      return gsk_debug_node_new (child, g_strdup (gsk_debug_node_get_message (node)));
    default:
      /* Shapes, pictures and cairo drawings; kinds the renderer draws
       * no text in keep theirs as it is. */
      return gsk_render_node_ref (node);
    }
}

GskRenderNode *
evb_device_text_node_new (GskRenderNode *node,
                          double         scale)
{
  Place place = { scale, 0, 0 };
  Rewrite rewrite;
  GskRenderNode *result;

  g_return_val_if_fail (GSK_IS_RENDER_NODE (node), NULL);
  g_return_val_if_fail (scale > 0, NULL);

  if (scale == 1.0)
    return gsk_render_node_ref (node);
  rewrite.fonts = g_hash_table_new_full (font_key_hash, font_key_equal, g_free, g_object_unref);
  result = rewrite_node (&rewrite, node, &place);
  g_hash_table_unref (rewrite.fonts);
  return result;
}
