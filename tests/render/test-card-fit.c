/* test-card-fit.c: cards sized to their text, and the text drawn whole
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "evb-editing.h"
#include "evb-formats.h"
#include "evb-json.h"
#include "evb-renderer-private.h"
#include "render-test-board.h"

static EvbNodeData *
card_with_title (EvbNodeKind  kind,
                 const char  *title)
{
  EvbNodeData *data = evb_node_data_new (kind);

  evb_node_data_set_string (&data->id, "n");
  evb_node_data_set_string (&data->title, title);
  if (kind == EVB_NODE_KIND_EVIDENCE)
    evb_node_data_set_string (&data->source, "Reuters");
  return data;
}

static void
test_long_title_grows_the_card (void)
{
  for (EvbNodeKind kind = EVB_NODE_KIND_CLAIM; kind <= EVB_NODE_KIND_EVIDENCE; kind++)
    {
      g_autoptr(EvbNodeData) small = card_with_title (kind, "Short");
      g_autoptr(GString) text = g_string_new (NULL);
      double w, h, prev_w = 0, prev_h = 0;
      double min_w = kind == EVB_NODE_KIND_CLAIM ? EVB_CLAIM_DEFAULT_WIDTH : EVB_NODE_DEFAULT_WIDTH;
      double min_h = kind == EVB_NODE_KIND_CLAIM ? EVB_CLAIM_DEFAULT_HEIGHT : EVB_NODE_DEFAULT_HEIGHT;

      /* A short title keeps the size of a new card. */
      evb_renderer_fit_card (small, &w, &h);
      g_assert_cmpfloat (w, ==, min_w);
      g_assert_cmpfloat (h, ==, min_h);

      /* Longer and longer: wider first, then taller, never smaller, up
       * to the largest card. */
      for (int i = 0; i < 60; i++)
        {
          g_autoptr(EvbNodeData) data = NULL;

          g_string_append (text, "Drone wreckage near Valdai ");
          data = card_with_title (kind, text->str);
          evb_renderer_fit_card (data, &w, &h);
          g_assert_cmpfloat (w, >=, prev_w);
          g_assert_cmpfloat (h, >=, prev_h);
          g_assert_cmpfloat (w, ==, floor (w));
          g_assert_cmpfloat (h, ==, floor (h));
          prev_w = w;
          prev_h = h;
        }
      g_assert_cmpfloat (prev_w, >, min_w);
      g_assert_cmpfloat (prev_h, >, min_h);
      g_assert_cmpfloat (prev_w, <=, 440);
      g_assert_cmpfloat (prev_h, <=, 400);
    }
}

/* A picture's card has room for its thumbnail beside the text. */
static void
test_picture_card (void)
{
  g_autoptr(EvbNodeData) picture = card_with_title (EVB_NODE_KIND_EVIDENCE, "Wreckage");
  double w, h;

  evb_node_data_set_string (&picture->attachment_uri, "file:///tmp/wreckage.jpg");
  evb_node_data_set_string (&picture->attachment_media_type, "image/jpeg");
  evb_renderer_fit_card (picture, &w, &h);
  /* Header 26 and 7, the 84-unit square, the footer 18 and 3, and 9 below. */
  g_assert_cmpfloat (h, >=, 26 + 7 + 84 + 18 + 3 + 9);
  g_assert_cmpfloat (h, <=, 26 + 7 + 84 + 18 + 3 + 9 + 2);
}

/* Every layout drawn for node, and whether one is its whole title, not
 * cut short. */
static gboolean
draws_whole (EvbRenderer *renderer,
             EvbNode     *node,
             const char  *text,
             double       zoom)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) rn = NULL;
  double x, y, w, h;
  gboolean found = FALSE;

  evb_node_get_bounds (node, &x, &y, &w, &h);
  _evb_renderer_set_text_layer (renderer, texts);
  /* A fresh renderer state: the text layer sees what is laid out now. */
  evb_renderer_set_dark (renderer, !evb_renderer_get_dark (renderer));
  evb_renderer_set_dark (renderer, !evb_renderer_get_dark (renderer));
  evb_renderer_snapshot (renderer, snapshot, &GRAPHENE_RECT_INIT (x, y, w, h), zoom);
  rn = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  _evb_renderer_set_text_layer (renderer, NULL);
  for (guint i = 0; i < texts->len; i++)
    {
      PangoLayout *layout = g_ptr_array_index (texts, i);

      if (g_str_equal (pango_layout_get_text (layout), text) && !pango_layout_is_ellipsized (layout))
        found = TRUE;
    }
  return found;
}

static EvbBoard *
read_sample (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("EVB_SOURCE_ROOT"), "data", "samples",
                                            "dolgiye-borody.json", NULL);
  g_autoptr(GError) error = NULL;
  EvbBoard *board = evb_json_read_board_file (path, &error);

  g_assert_no_error (error);
  return board;
}

/* The sample's cards hold their titles and sources at 100 %, as they are
 * drawn on screen and in every picture. */
static void
test_sample_titles_whole (void)
{
  g_autoptr(EvbBoard) board = read_sample ();
  g_autoptr(EvbRenderer) renderer = evb_renderer_new (board);
  GPtrArray *nodes = evb_board_get_nodes (board);

  for (guint i = 0; i < nodes->len; i++)
    {
      EvbNode *node = g_ptr_array_index (nodes, i);
      const EvbNodeData *data = evb_node_get_data (node);
      double w, h;

      if (!draws_whole (renderer, node, data->title, 1.0))
        g_error ("“%s” is not drawn whole on its card", data->title);
      if (data->source != NULL && !draws_whole (renderer, node, data->source, 1.0))
        g_error ("the source “%s” is not drawn whole on its card", data->source);
      /* And the card is no smaller than fitting makes it. */
      evb_renderer_fit_card (data, &w, &h);
      if (data->width < w || data->height < h)
        g_error ("%s is %g × %g, its text needs %g × %g", data->id, data->width, data->height, w, h);
    }
}

/* A card fitted to a title of any length draws it whole, up to the largest
 * card; past that, it ends in "…". */
static void
test_fitted_card_draws_title_whole (void)
{
  g_autoptr(EvbBoard) board = render_test_board_new ();
  g_autoptr(EvbRenderer) renderer = evb_renderer_new (board);
  g_autoptr(GError) error = NULL;
  const char *titles[] = {
    "Ukraine tried to strike Putin's Dolgiye Borody (Долгие Бороды) residence",
    "🛰️ US satellite imagery of the region shows no damage to the residence or its grounds "
    "in the days after the night of 28–29 December, according to officials",
    "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
  };

  evb_editing_set_fit_func (board, evb_renderer_fit_card);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    for (EvbNodeKind kind = EVB_NODE_KIND_CLAIM; kind <= EVB_NODE_KIND_EVIDENCE; kind++)
      {
        g_autoptr(EvbNodeData) data = card_with_title (kind, titles[i]);
        EvbNode *node;

        g_clear_pointer (&data->id, g_free);
        evb_node_data_set_string (&data->claimant, "Kremlin");
        data->x = 5000 + 1000 * i;
        data->y = 5000 + 1000 * kind;
        node = evb_editing_add_card (board, data, &error);
        g_assert_no_error (error);
        g_assert_true (draws_whole (renderer, node, titles[i], 1.0));
      }

  {
    g_autoptr(GString) huge = g_string_new (NULL);
    g_autoptr(EvbNodeData) data = NULL;
    EvbNode *node;

    for (int i = 0; i < 200; i++)
      g_string_append (huge, "very long ");
    data = card_with_title (EVB_NODE_KIND_CLAIM, huge->str);
    g_clear_pointer (&data->id, g_free);
    data->x = -9000;
    node = evb_editing_add_card (board, data, &error);
    g_assert_no_error (error);
    g_assert_false (draws_whole (renderer, node, huge->str, 1.0));
  }
}

#define CLAIM_TITLE "Ukraine attempted a drone strike on the presidential residence at Dolgiye Borody " \
                    "in the Novgorod region on the night of 28–29 December"
#define EVIDENCE_TITLE "Video released by the defence ministry of a downed drone in a snowy forest, " \
                       "said to be one of 91 shot down over the region"

static gboolean
overlap (EvbNode *a,
         EvbNode *b)
{
  double ax, ay, aw, ah, bx, by, bw, bh;

  evb_node_get_bounds (a, &ax, &ay, &aw, &ah);
  evb_node_get_bounds (b, &bx, &by, &bw, &bh);
  return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
}

/* Asserts that every card of board but keep is sized to its text and
 * draws its title whole, and that none overlaps another. */
static void
assert_fitted (EvbBoard   *board,
               const char *keep)
{
  g_autoptr(EvbRenderer) renderer = evb_renderer_new (board);
  GPtrArray *nodes = evb_board_get_nodes (board);

  for (guint i = 0; i < nodes->len; i++)
    {
      EvbNode *node = g_ptr_array_index (nodes, i);
      const EvbNodeData *data = evb_node_get_data (node);
      double w, h;

      for (guint j = i + 1; j < nodes->len; j++)
        if (overlap (node, g_ptr_array_index (nodes, j)))
          g_error ("%s overlaps %s", data->id, evb_node_get_id (g_ptr_array_index (nodes, j)));
      if (g_strcmp0 (data->id, keep) == 0)
        continue;
      evb_renderer_fit_card (data, &w, &h);
      g_assert_cmpfloat (data->width, ==, w);
      g_assert_cmpfloat (data->height, ==, h);
      if (!draws_whole (renderer, node, data->title, 1.0))
        g_error ("“%s” is cut on its imported card", data->title);
    }
}

/* Cards that an imported document gave no width and height are sized to
 * their text once something can measure it; a size the document gave is
 * kept; cards laid out because they had no place are laid out at their
 * new size. */
static void
test_import_fits_unsized (void)
{
  static const char json[] =
    "{\"format\": \"evidence-board\", \"version\": 1, \"board\": {\"title\": \"Import\"},"
    " \"nodes\": ["
    "  {\"id\": \"c1\", \"kind\": \"claim\", \"title\": \"" CLAIM_TITLE "\"},"
    "  {\"id\": \"c2\", \"kind\": \"claim\", \"title\": \"" CLAIM_TITLE " (again)\"},"
    "  {\"id\": \"e1\", \"kind\": \"evidence\", \"title\": \"" EVIDENCE_TITLE "\","
    "   \"source\": \"Russian Ministry of Defence, via its Telegram channel\"},"
    "  {\"id\": \"e2\", \"kind\": \"evidence\", \"title\": \"" EVIDENCE_TITLE " (2)\"},"
    "  {\"id\": \"e3\", \"kind\": \"evidence\", \"title\": \"" EVIDENCE_TITLE " (3)\","
    "   \"x\": 2000, \"y\": 0},"
    "  {\"id\": \"sized\", \"kind\": \"evidence\", \"title\": \"" EVIDENCE_TITLE "\","
    "   \"x\": 3000, \"y\": 0, \"width\": 300, \"height\": 200}],"
    " \"links\": [{\"id\": \"l1\", \"from\": \"e1\", \"to\": \"c1\", \"relation\": \"supports\"},"
    "             {\"id\": \"l2\", \"from\": \"e2\", \"to\": \"c1\", \"relation\": \"refutes\"},"
    "             {\"id\": \"l3\", \"from\": \"e2\", \"to\": \"c2\", \"relation\": \"supports\"}]}";
  static const char canvas[] =
    "{\"nodes\": [{\"id\": \"t\", \"type\": \"text\", \"text\": \"" CLAIM_TITLE "\","
    " \"x\": 0, \"y\": 0, \"width\": 250, \"height\": 60}], \"edges\": []}";
  static const char csv[] =
    "Label,Type\r\n\"" EVIDENCE_TITLE "\",video\r\n\"" CLAIM_TITLE "\",claim\r\n";
  g_autoptr(GError) error = NULL;
  double w, h;

  {
    g_autoptr(EvbBoard) board = evb_json_read_board (json, strlen (json), &error);
    EvbNode *c1;

    g_assert_no_error (error);
    g_assert_true (evb_json_has_unsized (board));
    /* Before: the default size, the title cut. */
    c1 = evb_board_get_node (board, "c1");
    evb_node_get_bounds (c1, NULL, NULL, &w, &h);
    g_assert_cmpfloat (w, ==, EVB_CLAIM_DEFAULT_WIDTH);
    {
      g_autoptr(EvbRenderer) renderer = evb_renderer_new (board);

      g_assert_false (draws_whole (renderer, c1, CLAIM_TITLE, 1.0));
    }

    evb_json_fit_unsized (board, evb_renderer_fit_card);
    g_assert_false (evb_json_has_unsized (board));
    evb_node_get_bounds (c1, NULL, NULL, &w, &h);
    g_assert_cmpfloat (w, >, EVB_CLAIM_DEFAULT_WIDTH);
    evb_node_get_bounds (evb_board_get_node (board, "sized"), NULL, NULL, &w, &h);
    g_assert_cmpfloat (w, ==, 300);
    g_assert_cmpfloat (h, ==, 200);
    /* A card the document placed stays where it was put. */
    evb_node_get_bounds (evb_board_get_node (board, "e3"), &w, &h, NULL, NULL);
    g_assert_cmpfloat (w, ==, 2000);
    g_assert_cmpfloat (h, ==, 0);
    assert_fitted (board, "sized");
  }

  {
    g_autoptr(EvbBoard) board = evb_canvas_read_board (canvas, strlen (canvas), "Canvas", NULL, &error);

    g_assert_no_error (error);
    evb_json_fit_unsized (board, evb_renderer_fit_card);
    assert_fitted (board, NULL);
  }

  {
    g_autoptr(EvbBoard) board = evb_csv_read_board (csv, strlen (csv), NULL, 0, "Table", NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (evb_board_get_n_nodes (board), ==, 2);
    evb_json_fit_unsized (board, evb_renderer_fit_card);
    assert_fitted (board, NULL);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/card-fit/long-title-grows", test_long_title_grows_the_card);
  g_test_add_func ("/card-fit/picture", test_picture_card);
  g_test_add_func ("/card-fit/fitted-draws-whole", test_fitted_card_draws_title_whole);
  g_test_add_func ("/card-fit/sample-titles-whole", test_sample_titles_whole);
  g_test_add_func ("/card-fit/import-fits-unsized", test_import_fits_unsized);

  return g_test_run ();
}
