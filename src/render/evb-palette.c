/* evb-palette.c: the colours of a board, light and dark, normal and high contrast
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every palette keeps what WCAG 2.1 asks of boundaries (1.4.11): card
 * borders, the selection, search highlights and link lines stand out from
 * the background at 3:1 or more; tests/render/test-palette.c measures
 * each, and docs/ACCESSIBILITY.md lists the ratios. The high-contrast
 * palettes follow libadwaita's high-contrast setting: black on white and
 * white on black, borders at full strength.
 */

#include "config.h"

#include <math.h>

#include "evb-palette.h"

#define RGB(r, g, b) { (r) / 255.f, (g) / 255.f, (b) / 255.f, 1.f }
#define RGBA(r, g, b, a) { (r) / 255.f, (g) / 255.f, (b) / 255.f, (a) }

static const EvbPalette light_palette = {
  .background = RGB (0xfa, 0xfa, 0xfa),
  .grid = RGBA (0x00, 0x00, 0x00, 0.06f),
  .card = RGB (0xff, 0xff, 0xff),
  /* 0.45 black on the background is 3.3:1; a fainter border left white
   * cards on it at 1.5:1, as good as invisible to low vision. */
  .card_border = RGBA (0x00, 0x00, 0x00, 0.45f),
  .shadow = RGBA (0x00, 0x00, 0x00, 0.16f),
  .text = RGB (0x24, 0x1f, 0x31),
  .text_dim = RGB (0x5e, 0x5c, 0x64),
  .icon = RGB (0x3d, 0x38, 0x46),
  /* A deep purple: neither of the link colours, and dark enough for white text. */
  .claim_header = RGB (0x61, 0x35, 0x83),
  .claim_header_text = RGB (0xff, 0xff, 0xff),
  .claim_border = RGB (0x61, 0x35, 0x83),
  .evidence_header = RGB (0xeb, 0xeb, 0xed),
  .badge_bg = RGB (0x24, 0x1f, 0x31),
  .badge_text = RGB (0xff, 0xff, 0xff),
  .supports = RGB (0x1c, 0x71, 0xd8),
  .refutes = RGB (0xc6, 0x46, 0x00),
  .note_bg = RGBA (0xff, 0xff, 0xff, 0.92f),
  .selection = RGB (0x35, 0x84, 0xe4),
  .hover = RGBA (0x35, 0x84, 0xe4, 0.5f),
  /* A dark amber: libadwaita's yellow is 1.4:1 on the light background. */
  .highlight = RGB (0xae, 0x7b, 0x03),
  .lod_claim = RGB (0x81, 0x3d, 0x9c),
  .lod_evidence = RGB (0x9a, 0x99, 0x96),
  .broken = RGB (0xc0, 0x1c, 0x28),
  .broken_text = RGB (0xff, 0xff, 0xff),
};

static const EvbPalette dark_palette = {
  .background = RGB (0x24, 0x24, 0x24),
  .grid = RGBA (0xff, 0xff, 0xff, 0.05f),
  .card = RGB (0x38, 0x38, 0x38),
  .card_border = RGBA (0xff, 0xff, 0xff, 0.40f),
  .shadow = RGBA (0x00, 0x00, 0x00, 0.45f),
  .text = RGB (0xff, 0xff, 0xff),
  .text_dim = RGB (0xc0, 0xbf, 0xbc),
  .icon = RGB (0xde, 0xdd, 0xda),
  .claim_header = RGB (0x91, 0x41, 0xac),
  .claim_header_text = RGB (0xff, 0xff, 0xff),
  .claim_border = RGB (0xc0, 0x61, 0xcb),
  .evidence_header = RGB (0x2e, 0x2e, 0x32),
  .badge_bg = RGB (0xde, 0xdd, 0xda),
  .badge_text = RGB (0x24, 0x24, 0x24),
  .supports = RGB (0x62, 0xa0, 0xea),
  .refutes = RGB (0xff, 0xa3, 0x48),
  .note_bg = RGBA (0x30, 0x30, 0x30, 0.92f),
  .selection = RGB (0x78, 0xae, 0xed),
  .hover = RGBA (0x78, 0xae, 0xed, 0.5f),
  .highlight = RGBA (0xf5, 0xc2, 0x11, 0.85f),
  .lod_claim = RGB (0x91, 0x41, 0xac),
  .lod_evidence = RGB (0x77, 0x76, 0x7b),
  .broken = RGB (0xff, 0x7b, 0x63),
  .broken_text = RGB (0x24, 0x1f, 0x31),
};

static const EvbPalette high_contrast_light_palette = {
  .background = RGB (0xff, 0xff, 0xff),
  .grid = RGBA (0x00, 0x00, 0x00, 0.10f),
  .card = RGB (0xff, 0xff, 0xff),
  .card_border = RGB (0x00, 0x00, 0x00),
  .shadow = RGBA (0x00, 0x00, 0x00, 0.0f),
  .text = RGB (0x00, 0x00, 0x00),
  .text_dim = RGB (0x24, 0x1f, 0x31),
  .icon = RGB (0x00, 0x00, 0x00),
  .claim_header = RGB (0x3f, 0x1a, 0x5e),
  .claim_header_text = RGB (0xff, 0xff, 0xff),
  .claim_border = RGB (0x3f, 0x1a, 0x5e),
  .evidence_header = RGB (0xde, 0xdd, 0xda),
  .badge_bg = RGB (0x00, 0x00, 0x00),
  .badge_text = RGB (0xff, 0xff, 0xff),
  .supports = RGB (0x1a, 0x5f, 0xb4),
  .refutes = RGB (0xa3, 0x3b, 0x00),
  .note_bg = RGB (0xff, 0xff, 0xff),
  .selection = RGB (0x1a, 0x5f, 0xb4),
  .hover = RGBA (0x1a, 0x5f, 0xb4, 0.6f),
  .highlight = RGB (0x86, 0x5e, 0x00),
  .lod_claim = RGB (0x3f, 0x1a, 0x5e),
  .lod_evidence = RGB (0x5e, 0x5c, 0x64),
  .broken = RGB (0xa5, 0x1d, 0x2d),
  .broken_text = RGB (0xff, 0xff, 0xff),
};

static const EvbPalette high_contrast_dark_palette = {
  .background = RGB (0x00, 0x00, 0x00),
  .grid = RGBA (0xff, 0xff, 0xff, 0.12f),
  .card = RGB (0x1c, 0x1c, 0x1c),
  .card_border = RGB (0xff, 0xff, 0xff),
  .shadow = RGBA (0x00, 0x00, 0x00, 0.0f),
  .text = RGB (0xff, 0xff, 0xff),
  .text_dim = RGB (0xde, 0xdd, 0xda),
  .icon = RGB (0xff, 0xff, 0xff),
  .claim_header = RGB (0x61, 0x35, 0x83),
  .claim_header_text = RGB (0xff, 0xff, 0xff),
  .claim_border = RGB (0xdc, 0x8a, 0xdd),
  .evidence_header = RGB (0x30, 0x30, 0x30),
  .badge_bg = RGB (0xff, 0xff, 0xff),
  .badge_text = RGB (0x00, 0x00, 0x00),
  .supports = RGB (0x99, 0xc1, 0xf1),
  .refutes = RGB (0xff, 0xbe, 0x6f),
  .note_bg = RGB (0x00, 0x00, 0x00),
  .selection = RGB (0x99, 0xc1, 0xf1),
  .hover = RGBA (0x99, 0xc1, 0xf1, 0.6f),
  .highlight = RGB (0xf8, 0xe4, 0x5c),
  .lod_claim = RGB (0xc0, 0x61, 0xcb),
  .lod_evidence = RGB (0x9a, 0x99, 0x96),
  .broken = RGB (0xff, 0x7b, 0x63),
  .broken_text = RGB (0x00, 0x00, 0x00),
};

const EvbPalette *
evb_palette_get (gboolean dark)
{
  return evb_palette_get_for_style (dark, FALSE);
}

const EvbPalette *
evb_palette_get_for_style (gboolean dark,
                           gboolean high_contrast)
{
  if (high_contrast)
    return dark ? &high_contrast_dark_palette : &high_contrast_light_palette;
  return dark ? &dark_palette : &light_palette;
}

/* WCAG 2.1 relative luminance of an sRGB channel. */
static double
linear_channel (double c)
{
  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
relative_luminance (double r,
                    double g,
                    double b)
{
  return 0.2126 * linear_channel (r) + 0.7152 * linear_channel (g) + 0.0722 * linear_channel (b);
}

double
evb_palette_contrast_ratio (const GdkRGBA *foreground,
                            const GdkRGBA *background)
{
  double a, lf, lb;

  g_return_val_if_fail (foreground != NULL, 0);
  g_return_val_if_fail (background != NULL, 0);

  /* A translucent colour is seen over the background: blend it first. */
  a = CLAMP (foreground->alpha, 0.f, 1.f);
  lf = relative_luminance (foreground->red * a + background->red * (1 - a),
                           foreground->green * a + background->green * (1 - a),
                           foreground->blue * a + background->blue * (1 - a));
  lb = relative_luminance (background->red, background->green, background->blue);
  return (MAX (lf, lb) + 0.05) / (MIN (lf, lb) + 0.05);
}

const GdkRGBA *
evb_palette_get_relation (const EvbPalette *palette,
                          EvbRelation       relation)
{
  g_return_val_if_fail (palette != NULL, NULL);

  return relation == EVB_RELATION_REFUTES ? &palette->refutes : &palette->supports;
}

char *
evb_palette_rgba_to_hex (const GdkRGBA *rgba)
{
  g_return_val_if_fail (rgba != NULL, NULL);

  return g_strdup_printf ("#%02x%02x%02x",
                          (int) lround (CLAMP (rgba->red, 0.f, 1.f) * 255),
                          (int) lround (CLAMP (rgba->green, 0.f, 1.f) * 255),
                          (int) lround (CLAMP (rgba->blue, 0.f, 1.f) * 255));
}
