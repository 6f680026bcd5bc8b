/* test-palette.c: every palette keeps WCAG's contrast for boundaries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * WCAG 2.1 (1.4.11) asks 3:1 for what tells one thing from another: card
 * borders, the selection ring, search highlights and link lines, against
 * the board's background; and 4.5:1 for text (1.4.3). Run with --verbose
 * to print the table kept in docs/ACCESSIBILITY.md.
 */

#include "config.h"

#include "evb-palette.h"

static const struct
{
  const char *name;
  gboolean    dark;
  gboolean    high_contrast;
} styles[] = {
  { "light", FALSE, FALSE },
  { "dark", TRUE, FALSE },
  { "high contrast light", FALSE, TRUE },
  { "high contrast dark", TRUE, TRUE },
};

static void
test_ratio_known_values (void)
{
  GdkRGBA black = { 0, 0, 0, 1 }, white = { 1, 1, 1, 1 }, clear = { 0, 0, 0, 0 };
  GdkRGBA grey = { 0x76 / 255.f, 0x76 / 255.f, 0x76 / 255.f, 1 };

  g_assert_cmpfloat_with_epsilon (evb_palette_contrast_ratio (&black, &white), 21.0, 0.01);
  g_assert_cmpfloat_with_epsilon (evb_palette_contrast_ratio (&white, &black), 21.0, 0.01);
  g_assert_cmpfloat_with_epsilon (evb_palette_contrast_ratio (&white, &white), 1.0, 0.001);
  /* A colour with no alpha is the background itself. */
  g_assert_cmpfloat_with_epsilon (evb_palette_contrast_ratio (&clear, &white), 1.0, 0.001);
  /* #767676 on white is the well-known 4.54:1. */
  g_assert_cmpfloat_with_epsilon (evb_palette_contrast_ratio (&grey, &white), 4.54, 0.01);
}

static void
assert_contrast (const char    *style,
                 const char    *what,
                 const GdkRGBA *foreground,
                 const GdkRGBA *background,
                 double         minimum)
{
  double ratio = evb_palette_contrast_ratio (foreground, background);

  g_test_message ("| %s | %s | %.2f:1 |", style, what, ratio);
  if (ratio < minimum)
    g_error ("%s palette: %s at %.2f:1, below %.1f:1", style, what, ratio, minimum);
}

static void
test_boundaries (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      const EvbPalette *p = evb_palette_get_for_style (styles[i].dark, styles[i].high_contrast);
      const char *s = styles[i].name;

      assert_contrast (s, "card border", &p->card_border, &p->background, 3.0);
      assert_contrast (s, "claim border", &p->claim_border, &p->background, 3.0);
      assert_contrast (s, "selection", &p->selection, &p->background, 3.0);
      assert_contrast (s, "search highlight", &p->highlight, &p->background, 3.0);
      assert_contrast (s, "supports line", &p->supports, &p->background, 3.0);
      assert_contrast (s, "refutes line", &p->refutes, &p->background, 3.0);
      assert_contrast (s, "text on a card", &p->text, &p->card, 4.5);
      assert_contrast (s, "claim header text", &p->claim_header_text, &p->claim_header, 4.5);
    }
}

static void
test_high_contrast_is_stronger (void)
{
  for (int dark = 0; dark <= 1; dark++)
    {
      const EvbPalette *normal = evb_palette_get_for_style (dark, FALSE);
      const EvbPalette *high = evb_palette_get_for_style (dark, TRUE);

      g_assert_true (normal != high);
      g_assert_cmpfloat (evb_palette_contrast_ratio (&high->card_border, &high->background), >,
                         evb_palette_contrast_ratio (&normal->card_border, &normal->background));
      g_assert_cmpfloat (evb_palette_contrast_ratio (&high->text, &high->card), >=,
                         evb_palette_contrast_ratio (&normal->text, &normal->card));
    }
  g_assert_true (evb_palette_get (FALSE) == evb_palette_get_for_style (FALSE, FALSE));
  g_assert_true (evb_palette_get (TRUE) == evb_palette_get_for_style (TRUE, FALSE));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/palette/ratio", test_ratio_known_values);
  g_test_add_func ("/palette/boundaries", test_boundaries);
  g_test_add_func ("/palette/high-contrast", test_high_contrast_is_stronger);
  return g_test_run ();
}
