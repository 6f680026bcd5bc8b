/* render-test-board.c: boards for the renderer's tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "render-test-board.h"

EvbNode *
render_test_add_node (EvbBoard        *board,
                      const char      *id,
                      EvbNodeKind      kind,
                      EvbEvidenceType  type,
                      const char      *title,
                      double           x,
                      double           y)
{
  g_autoptr(EvbNodeData) data = evb_node_data_new (kind);
  g_autoptr(GError) error = NULL;
  EvbNode *node;

  evb_node_data_set_string (&data->id, id);
  evb_node_data_set_string (&data->title, title);
  data->x = x;
  data->y = y;
  if (kind == EVB_NODE_KIND_EVIDENCE)
    data->evidence_type = type;
  node = evb_board_add_node (board, data, &error);
  g_assert_no_error (error);
  return node;
}

static void
set_fields (EvbBoard   *board,
            const char *id,
            const char *source,
            char        reliability,
            int         credibility,
            const char *occurred,
            const char *claimant)
{
  g_autoptr(EvbNodeData) data = evb_node_dup_data (evb_board_get_node (board, id));
  g_autoptr(GError) error = NULL;

  evb_node_data_set_string (&data->source, source);
  data->reliability = reliability;
  data->credibility = credibility;
  evb_node_data_set_string (&data->occurred, occurred);
  evb_node_data_set_string (&data->claimant, claimant);
  evb_board_update_node (board, data, &error);
  g_assert_no_error (error);
}

EvbLink *
render_test_add_link (EvbBoard    *board,
                      const char  *id,
                      const char  *from,
                      const char  *to,
                      EvbRelation  relation,
                      EvbStrength  strength,
                      const char  *note)
{
  g_autoptr(EvbLinkData) data = evb_link_data_new (from, to, relation);
  g_autoptr(GError) error = NULL;
  EvbLink *link;

  g_free (data->id);
  data->id = g_strdup (id);
  data->strength = strength;
  evb_node_data_set_string (&data->note, note);
  link = evb_board_add_link (board, data, &error);
  g_assert_no_error (error);
  return link;
}

EvbBoard *
render_test_board_new (void)
{
  EvbBoard *board = evb_board_new ("Долгие Бороды");

  render_test_add_node (board, "c1", EVB_NODE_KIND_CLAIM, EVB_EVIDENCE_TYPE_NONE,
                        "Усадьба принадлежит фонду «Дар»", 600, 100);
  set_fields (board, "c1", NULL, '\0', 0, NULL, "Фонд борьбы с коррупцией");
  render_test_add_node (board, "c2", EVB_NODE_KIND_CLAIM, EVB_EVIDENCE_TYPE_NONE,
                        "The estate is a state guest house", 600, 420);
  set_fields (board, "c2", NULL, '\0', 0, NULL, "Kremlin press office");

  /* Same height as c1, so the link between them is horizontal. */
  render_test_add_node (board, "e1", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_DOCUMENT,
                        "Land registry extract naming the owner", 100, 110);
  set_fields (board, "e1", "Rosreestr", 'B', 2, "2016-03-02", NULL);
  render_test_add_node (board, "e2", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_SATELLITE_IMAGERY,
                        "Спутниковые снимки: новый причал и вертолётная площадка", 100, 300);
  set_fields (board, "e2", "Maxar via Google Earth", 'A', 1, "2015-08-14T09:30:00Z", NULL);
  render_test_add_node (board, "e3", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_STATEMENT,
                        "Press secretary: \"a place for official events\"", 100, 500);
  set_fields (board, "e3", "TASS interview", 'C', 3, "2017-03-03", NULL);
  render_test_add_node (board, "e4", EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_VIDEO,
                        "Drone video of the estate", 1050, 260);
  set_fields (board, "e4", "FBK investigation", 'B', 2, "2017-03-02", NULL);

  /* An accent colour, a coloured claim and attachments, one of them missing. */
  {
    g_autoptr(EvbNodeData) data = evb_node_dup_data (evb_board_get_node (board, "e3"));
    g_autoptr(EvbNodeData) claim = evb_node_dup_data (evb_board_get_node (board, "c2"));
    g_autoptr(EvbNodeData) video = evb_node_dup_data (evb_board_get_node (board, "e4"));
    g_autoptr(GError) error = NULL;

    evb_node_data_set_string (&data->color, "#e5a50a");
    evb_node_data_set_string (&data->attachment_uri, "https://example.org/interview.pdf");
    evb_node_data_set_string (&claim->color, "#26a269");
    evb_node_data_set_string (&video->attachment_uri, "file:///nonexistent/evidence-board/drone.mp4");
    g_assert_true (evb_board_update_node (board, data, &error));
    g_assert_true (evb_board_update_node (board, claim, &error));
    g_assert_true (evb_board_update_node (board, video, &error));
    g_assert_no_error (error);
  }

  render_test_add_link (board, "l1", "e1", "c1", EVB_RELATION_SUPPORTS, EVB_STRENGTH_STRONG, NULL);
  render_test_add_link (board, "l2", "e2", "c1", EVB_RELATION_SUPPORTS, EVB_STRENGTH_MODERATE, NULL);
  render_test_add_link (board, "l3", "e3", "c2", EVB_RELATION_SUPPORTS, EVB_STRENGTH_WEAK, "official statement only");
  render_test_add_link (board, "l4", "e2", "c2", EVB_RELATION_REFUTES, EVB_STRENGTH_MODERATE, NULL);
  render_test_add_link (board, "l5", "e4", "c1", EVB_RELATION_SUPPORTS, EVB_STRENGTH_MODERATE, NULL);
  render_test_add_link (board, "l6", "e4", "c2", EVB_RELATION_REFUTES, EVB_STRENGTH_STRONG, "private security, no visits");

  return board;
}
