/* evb-synthetic.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "evb-board-private.h"
#include "evb-synthetic.h"

#define CELL_W 320.0
#define CELL_H 200.0

static const char * const words[] = {
  "drone", "residence", "Moscow", "Kyiv", "satellite", "radar", "intercept", "statement",
  "video", "region", "assessment", "officials", "attack", "lakeshore", "explosive",
  "negotiations", "retaliation", "Novgorod", "briefing", "evidence", "analysts", "strike",
};

static const char * const sources[] = {
  "Reuters", "The Wall Street Journal", "Russian Ministry of Defence", "CIA (via US official)",
  "Ukrainian General Staff", "ANI", "Live Mint", "Truth Social", "X (Twitter)", "Telegram",
};

static const char * const tag_pool[] = {
  "drone", "peace-talks", "us-intelligence", "kremlin", "kyiv", "unverified", "imagery",
  "osint", "priority",
};

static char *
make_sentence (GRand *rand,
               guint  n_words)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n_words; i++)
    {
      if (i > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }
  if (s->len > 0)
    s->str[0] = g_ascii_toupper (s->str[0]);
  return g_string_free (s, FALSE);
}

EvbBoard *
evb_synthetic_board_new (guint   n_nodes,
                         guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  EvbBoard *board = evb_board_new (NULL);
  guint columns = MAX (1, (guint) ceil (sqrt (n_nodes * 1.6)));
  g_autofree char *title = g_strdup_printf ("Synthetic board of %u nodes (seed %u)", n_nodes, seed);
  guint n_links;

  _evb_board_load_meta (board, title, "Generated for benchmarks and stress tests.",
                        "2026-01-01T09:00:00Z", "2026-01-01T09:00:00Z");

  for (guint i = 0; i < n_nodes; i++)
    {
      EvbNodeData *d = evb_node_data_new (i % 5 == 0 ? EVB_NODE_KIND_CLAIM : EVB_NODE_KIND_EVIDENCE);
      guint n_tags = g_rand_int_range (rand, 0, 4);
      g_autoptr(GError) error = NULL;

      d->id = g_strdup_printf ("n%u", i + 1);
      g_free (d->title);
      d->title = make_sentence (rand, g_rand_int_range (rand, 3, 10));
      d->body = make_sentence (rand, g_rand_int_range (rand, 10, 40));
      d->x = (i % columns) * CELL_W + g_rand_int_range (rand, 0, 40);
      d->y = (i / columns) * CELL_H + g_rand_int_range (rand, 0, 30);
      d->source = g_strdup (sources[g_rand_int_range (rand, 0, G_N_ELEMENTS (sources))]);
      d->source_url = g_strdup_printf ("https://example.org/item/%u", i + 1);
      d->reliability = "ABCDEF"[g_rand_int_range (rand, 0, 6)];
      d->credibility = g_rand_int_range (rand, 1, 7);
      d->occurred = g_strdup_printf ("2025-12-%02d", g_rand_int_range (rand, 1, 32));
      d->color = g_rand_int_range (rand, 0, 10) == 0 ? g_strdup ("#e5a50a") : NULL;
      d->created = g_strdup ("2026-01-01T09:00:00Z");
      d->modified = g_strdup ("2026-01-02T10:30:00Z");
      g_strfreev (d->tags);
      d->tags = g_new0 (char *, n_tags + 1);
      for (guint t = 0; t < n_tags; t++)
        d->tags[t] = g_strdup (tag_pool[(i + t * 3) % G_N_ELEMENTS (tag_pool)]);

      if (d->kind == EVB_NODE_KIND_CLAIM)
        d->claimant = g_strdup (sources[g_rand_int_range (rand, 0, G_N_ELEMENTS (sources))]);
      else
        {
          d->evidence_type = g_rand_int_range (rand, 0, EVB_N_EVIDENCE_TYPES);
          d->collected = g_strdup_printf ("2026-01-%02d", g_rand_int_range (rand, 1, 29));
          if (i % 7 == 0)
            {
              d->attachment_uri = g_strdup_printf ("file:///evidence/item-%u.mp4", i + 1);
              d->attachment_sha256 = g_strdup ("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
              d->attachment_size = g_rand_int_range (rand, 1000, 100000000);
              d->attachment_media_type = g_strdup ("video/mp4");
            }
        }

      if (!_evb_board_load_node (board, d, &error))
        g_error ("synthetic node: %s", error->message);
    }

  /* About 1.7 links a node: mostly to grid neighbours, one in twenty far away. */
  n_links = (guint) (n_nodes * 1.7);
  for (guint made = 0, tries = 0; made < n_links && n_nodes > 1 && tries < n_links * 4; tries++)
    {
      guint from = g_rand_int_range (rand, 0, n_nodes);
      guint to;
      EvbLinkData *l;
      g_autoptr(GError) error = NULL;
      g_autofree char *from_id = NULL;
      g_autofree char *to_id = NULL;

      if (g_rand_int_range (rand, 0, 20) == 0)
        to = g_rand_int_range (rand, 0, n_nodes);
      else
        {
          int dx = g_rand_int_range (rand, -2, 3);
          int dy = g_rand_int_range (rand, -2, 3);
          gint64 t = (gint64) from + dx + (gint64) dy * columns;

          if (t < 0 || t >= n_nodes)
            continue;
          to = (guint) t;
        }
      if (to == from)
        continue;

      from_id = g_strdup_printf ("n%u", from + 1);
      to_id = g_strdup_printf ("n%u", to + 1);
      if (evb_board_find_link (board, from_id, to_id))
        continue;

      l = evb_link_data_new (from_id, to_id, g_rand_int_range (rand, 0, 3) == 0 ? EVB_RELATION_REFUTES
                                                                                : EVB_RELATION_SUPPORTS);
      l->id = g_strdup_printf ("l%u", made + 1);
      l->strength = g_rand_int_range (rand, 0, 3);
      if (made % 4 == 0)
        l->note = make_sentence (rand, 4);
      if (!_evb_board_load_link (board, l, &error))
        g_error ("synthetic link: %s", error->message);
      made++;
    }

  return board;
}
