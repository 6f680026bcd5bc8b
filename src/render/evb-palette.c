/* evb-palette.c: the colours of a board, light and dark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
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
  .card_border = RGBA (0x00, 0x00, 0x00, 0.18f),
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
  .highlight = RGBA (0xf6, 0xd3, 0x2d, 0.85f),
  .lod_claim = RGB (0x81, 0x3d, 0x9c),
  .lod_evidence = RGB (0x9a, 0x99, 0x96),
  .broken = RGB (0xc0, 0x1c, 0x28),
  .broken_text = RGB (0xff, 0xff, 0xff),
};

static const EvbPalette dark_palette = {
  .background = RGB (0x24, 0x24, 0x24),
  .grid = RGBA (0xff, 0xff, 0xff, 0.05f),
  .card = RGB (0x38, 0x38, 0x38),
  .card_border = RGBA (0xff, 0xff, 0xff, 0.12f),
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

const EvbPalette *
evb_palette_get (gboolean dark)
{
  return dark ? &dark_palette : &light_palette;
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
