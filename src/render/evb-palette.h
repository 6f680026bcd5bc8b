/* evb-palette.h: the colours of a board, light and dark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>

#include "evb-types.h"

G_BEGIN_DECLS

/* Colours follow libadwaita's palette so the canvas sits well in the window.
 * Supports and refutes use blue and orange, a pair colour-blind people tell
 * apart; their line styles differ as well so grey-scale prints still read. */
typedef struct
{
  GdkRGBA background;
  GdkRGBA grid;
  GdkRGBA card;
  GdkRGBA card_border;
  GdkRGBA shadow;
  GdkRGBA text;
  GdkRGBA text_dim;
  GdkRGBA icon;
  GdkRGBA claim_header;
  GdkRGBA claim_header_text;
  GdkRGBA claim_border;
  GdkRGBA evidence_header;
  GdkRGBA badge_bg;
  GdkRGBA badge_text;
  GdkRGBA supports;
  GdkRGBA refutes;
  GdkRGBA note_bg;
  GdkRGBA selection;
  GdkRGBA hover;
  GdkRGBA highlight;
  GdkRGBA lod_claim;
  GdkRGBA lod_evidence;
  GdkRGBA broken;       /* a missing or changed attachment: flag and border */
  GdkRGBA broken_text;  /* text and icon on broken */
} EvbPalette;

const EvbPalette *evb_palette_get          (gboolean           dark);
/**
 * evb_palette_get_for_style:
 * @dark: the dark style
 * @high_contrast: libadwaita's high-contrast setting
 *
 * Returns: (transfer none): one of the four palettes.
 */
const EvbPalette *evb_palette_get_for_style (gboolean          dark,
                                             gboolean          high_contrast);
/**
 * evb_palette_contrast_ratio:
 * @foreground: a colour, translucent or not, drawn over @background
 * @background: an opaque colour
 *
 * Returns: the WCAG 2.1 contrast ratio, from 1 (none) to 21 (black on
 *   white).
 */
double            evb_palette_contrast_ratio (const GdkRGBA  *foreground,
                                              const GdkRGBA  *background);
const GdkRGBA    *evb_palette_get_relation (const EvbPalette  *palette,
                                            EvbRelation        relation);
/* "#rrggbb" for recolouring icons. */
char             *evb_palette_rgba_to_hex  (const GdkRGBA     *rgba);

G_END_DECLS
