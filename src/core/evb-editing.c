/* evb-editing.c: the commands that change a board, one undo step each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Begin, change, roll back or commit, say what happened" used to be
 * written out by hand wherever the app changed a board: the window, the
 * canvas and the inspector each had their own copy, and each decided on
 * its own what a failed change left behind. Here it is written once. Every
 * command runs in its own transaction, so a failure halfway leaves the
 * board exactly as it was, and every command is one undo step.
 *
 * The commands nest: called inside an open transaction (a larger command
 * of the caller's), they join it, as evb_board_begin() does, and a failure
 * rolls back everything pending in it.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "evb-attachment.h"
#include "evb-editing.h"
#include "evb-error.h"

/* Commits, or rolls back when ok is FALSE. */
static gboolean
finish (EvbBoard  *board,
        gboolean   ok,
        GError   **error)
{
  if (!ok)
    {
      evb_board_rollback (board);
      return FALSE;
    }
  return evb_board_commit (board, error);
}

static gboolean
overlaps_a_card (EvbBoard          *board,
                 const EvbNodeData *data)
{
  GPtrArray *nodes = evb_board_get_nodes (board);

  for (guint i = 0; i < nodes->len; i++)
    {
      double x, y, w, h;

      evb_node_get_bounds (g_ptr_array_index (nodes, i), &x, &y, &w, &h);
      if (x < data->x + data->width && data->x < x + w &&
          y < data->y + data->height && data->y < y + h)
        return TRUE;
    }
  return FALSE;
}

void
evb_editing_find_free_place (EvbBoard    *board,
                             EvbNodeData *data)
{
  g_return_if_fail (EVB_IS_BOARD (board));
  g_return_if_fail (data != NULL);

  /* A handful of steps: on a crowded board the card lands near where it
   * was asked for rather than far off screen. */
  for (int i = 0; i < 20 && overlaps_a_card (board, data); i++)
    {
      data->x += EVB_EDITING_PLACE_STEP;
      data->y += EVB_EDITING_PLACE_STEP;
    }
}

EvbNode *
evb_editing_add_card (EvbBoard           *board,
                      const EvbNodeData  *data,
                      GError            **error)
{
  g_autoptr(EvbNodeData) placed = NULL;
  EvbNode *node;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  placed = evb_node_data_copy (data);
  evb_editing_find_free_place (board, placed);

  evb_board_begin (board, data->kind == EVB_NODE_KIND_CLAIM ? _("Add Claim") : _("Add Evidence"));
  node = evb_board_add_node (board, placed, error);
  if (!finish (board, node != NULL, error))
    return NULL;
  return node;
}

gboolean
evb_editing_update_card (EvbBoard           *board,
                         const char         *label,
                         const EvbNodeData  *data,
                         GError            **error)
{
  EvbNode *node;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);
  g_return_val_if_fail (data != NULL && data->id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  node = evb_board_get_node (board, data->id);
  if (node != NULL && evb_node_data_equal (data, evb_node_get_data (node)))
    return TRUE;

  evb_board_begin (board, label);
  return finish (board, evb_board_update_node (board, data, error), error);
}

gboolean
evb_editing_edit_cards (EvbBoard            *board,
                        const char          *label,
                        const char          *merge_key,
                        GPtrArray           *ids,
                        EvbEditingNodeFunc   func,
                        gconstpointer        user_data,
                        GError             **error)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func ((GDestroyNotify) evb_node_data_free);
  gboolean ok = TRUE;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Work out every new record first: ids may be the selection's own
   * array, which changes as the board does. */
  for (guint i = 0; i < ids->len; i++)
    {
      EvbNode *node = evb_board_get_node (board, g_ptr_array_index (ids, i));
      EvbNodeData *data;

      if (node == NULL)
        continue;
      data = evb_node_dup_data (node);
      func (data, user_data);
      if (evb_node_data_equal (data, evb_node_get_data (node)))
        evb_node_data_free (data);
      else
        g_ptr_array_add (changed, data);
    }
  if (changed->len == 0)
    return TRUE;

  evb_board_begin (board, label);
  if (merge_key != NULL)
    evb_board_set_merge_key (board, merge_key);
  for (guint i = 0; i < changed->len && ok; i++)
    ok = evb_board_update_node (board, g_ptr_array_index (changed, i), error);
  return finish (board, ok, error);
}

gboolean
evb_editing_set_board_title (EvbBoard    *board,
                             const char  *title,
                             const char  *merge_key,
                             GError     **error)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (title != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_strcmp0 (evb_board_get_title (board), title) == 0)
    return TRUE;
  evb_board_begin (board, _("Rename Board"));
  if (merge_key != NULL)
    evb_board_set_merge_key (board, merge_key);
  return finish (board, evb_board_set_title (board, title, error), error);
}

gboolean
evb_editing_set_board_description (EvbBoard    *board,
                                   const char  *description,
                                   const char  *merge_key,
                                   GError     **error)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (description != NULL && description[0] == '\0')
    description = NULL;
  if (g_strcmp0 (evb_board_get_description (board), description) == 0)
    return TRUE;
  evb_board_begin (board, _("Edit Board Description"));
  if (merge_key != NULL)
    evb_board_set_merge_key (board, merge_key);
  return finish (board, evb_board_set_description (board, description, error), error);
}

gboolean
evb_editing_update_link (EvbBoard           *board,
                         const char         *label,
                         const char         *merge_key,
                         const EvbLinkData  *data,
                         GError            **error)
{
  EvbLink *link;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);
  g_return_val_if_fail (data != NULL && data->id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  link = evb_board_get_link (board, data->id);
  if (link != NULL && evb_link_data_equal (data, evb_link_get_data (link)))
    return TRUE;

  evb_board_begin (board, label);
  if (merge_key != NULL)
    evb_board_set_merge_key (board, merge_key);
  return finish (board, evb_board_update_link (board, data, error), error);
}

static GPtrArray *
copy_ids (GPtrArray *ids)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (ids, i)));
  return copy;
}

gboolean
evb_editing_delete (EvbBoard   *board,
                    GPtrArray  *node_ids,
                    GPtrArray  *link_ids,
                    char      **message,
                    GError    **error)
{
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GPtrArray) links = NULL;
  gboolean ok = TRUE;
  guint n_links_before;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (message != NULL)
    *message = NULL;

  /* Removing an item unselects it, which changes the selection's arrays
   * under a loop that walks them: copy first. */
  nodes = copy_ids (node_ids);
  links = copy_ids (link_ids);
  if (nodes->len == 0 && links->len == 0)
    return TRUE;

  n_links_before = evb_board_get_n_links (board);
  evb_board_begin (board, _("Delete"));
  for (guint i = 0; i < links->len && ok; i++)
    {
      const char *id = g_ptr_array_index (links, i);

      /* A link may already be gone with a card deleted before it. */
      if (evb_board_get_link (board, id) != NULL)
        ok = evb_board_remove_link (board, id, error);
    }
  if (ok && nodes->len > 0)
    {
      g_ptr_array_add (nodes, NULL);
      ok = evb_board_remove_nodes (board, (const char * const *) nodes->pdata, error);
      g_ptr_array_set_size (nodes, nodes->len - 1);
    }
  if (!finish (board, ok, error))
    return FALSE;

  if (message != NULL)
    {
      /* Say so when links went too: the toast is what tells the person
       * what Undo would bring back. */
      if (nodes->len > 0 && evb_board_get_n_links (board) < n_links_before)
        *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Deleted %u card and its links",
                                                 "Deleted %u cards and their links", nodes->len), nodes->len);
      else if (nodes->len > 0)
        *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Deleted %u card", "Deleted %u cards",
                                                 nodes->len), nodes->len);
      else
        *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Deleted %u link", "Deleted %u links",
                                                 links->len), links->len);
    }
  return TRUE;
}

EvbLink *
evb_editing_link (EvbBoard     *board,
                  const char   *from,
                  const char   *to,
                  EvbRelation   relation,
                  GError      **error)
{
  g_autoptr(EvbLinkData) data = NULL;
  EvbLink *existing;
  gboolean ok;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  existing = evb_board_find_link (board, from, to);
  if (existing != NULL)
    {
      if (evb_link_get_relation (existing) == relation)
        return existing;
      data = evb_link_dup_data (existing);
      data->relation = relation;
      evb_board_begin (board, _("Relink"));
      ok = evb_board_update_link (board, data, error);
      return finish (board, ok, error) ? evb_board_get_link (board, data->id) : NULL;
    }

  data = evb_link_data_new (from, to, relation);
  evb_board_begin (board, relation == EVB_RELATION_SUPPORTS ? _("Link as Supports")
                                                            : _("Link as Refutes"));
  existing = evb_board_add_link (board, data, error);
  return finish (board, existing != NULL, error) ? existing : NULL;
}

gboolean
evb_editing_relink (EvbBoard    *board,
                    const char  *link_id,
                    const char  *from,
                    const char  *to,
                    GError     **error)
{
  g_autoptr(EvbLinkData) data = NULL;
  EvbLink *link;
  gboolean ok;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (link_id != NULL && from != NULL && to != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  link = evb_board_get_link (board, link_id);
  if (link == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND, _("The link is no longer on the board."));
      return FALSE;
    }
  data = evb_link_dup_data (link);
  if (g_str_equal (data->from, from) && g_str_equal (data->to, to))
    return TRUE;
  evb_node_data_set_string (&data->from, from);
  evb_node_data_set_string (&data->to, to);

  /* A link's ends are part of what it is (the store and the history key
   * a link by its ordered pair), so relinking is removing and adding it
   * again under the same id, in one step. */
  evb_board_begin (board, _("Relink"));
  ok = evb_board_remove_link (board, link_id, error) &&
       evb_board_add_link (board, data, error) != NULL;
  return finish (board, ok, error);
}

gboolean
evb_editing_nudge (EvbBoard   *board,
                   GPtrArray  *ids,
                   double      dx,
                   double      dy,
                   const char *merge_key,
                   GError    **error)
{
  g_autoptr(EvbEditingMove) move = NULL;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (ids->len == 0)
    return TRUE;
  move = evb_editing_move_begin (board, ids);
  if (merge_key != NULL)
    evb_board_set_merge_key (board, merge_key);
  if (!evb_editing_move_update (move, dx, dy, error))
    return FALSE;  /* the autoptr cancels it */
  return evb_editing_move_end (g_steal_pointer (&move), error);
}

typedef struct
{
  char   *id;
  double  x;
  double  y;
} MoveStart;

struct _EvbEditingMove
{
  EvbBoard *board;
  GArray   *starts;   /* MoveStart */
};

static void
clear_move_start (gpointer data)
{
  g_free (((MoveStart *) data)->id);
}

static void
move_free (EvbEditingMove *move)
{
  g_clear_object (&move->board);
  g_clear_pointer (&move->starts, g_array_unref);
  g_free (move);
}

EvbEditingMove *
evb_editing_move_begin (EvbBoard  *board,
                        GPtrArray *ids)
{
  EvbEditingMove *move;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  g_return_val_if_fail (ids != NULL, NULL);

  move = g_new0 (EvbEditingMove, 1);
  move->board = g_object_ref (board);
  move->starts = g_array_new (FALSE, FALSE, sizeof (MoveStart));
  g_array_set_clear_func (move->starts, clear_move_start);
  for (guint i = 0; i < ids->len; i++)
    {
      EvbNode *node = evb_board_get_node (board, g_ptr_array_index (ids, i));
      MoveStart start;

      if (node == NULL)
        continue;
      start.id = g_strdup (evb_node_get_id (node));
      evb_node_get_bounds (node, &start.x, &start.y, NULL, NULL);
      g_array_append_val (move->starts, start);
    }
  evb_board_begin (board, _("Move"));
  return move;
}

gboolean
evb_editing_move_update (EvbEditingMove  *move,
                         double           dx,
                         double           dy,
                         GError         **error)
{
  g_return_val_if_fail (move != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < move->starts->len; i++)
    {
      MoveStart *start = &g_array_index (move->starts, MoveStart, i);

      /* A card deleted meanwhile (by undo in another view) stays gone. */
      if (evb_board_get_node (move->board, start->id) == NULL)
        continue;
      if (!evb_board_move_node (move->board, start->id, round (start->x + dx),
                                round (start->y + dy), error))
        return FALSE;
    }
  return TRUE;
}

gboolean
evb_editing_move_end (EvbEditingMove  *move,
                      GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (move != NULL, FALSE);

  ok = evb_board_commit (move->board, error);
  move_free (move);
  return ok;
}

void
evb_editing_move_cancel (EvbEditingMove *move)
{
  g_return_if_fail (move != NULL);

  evb_board_rollback (move->board);
  move_free (move);
}

EvbNode *
evb_editing_attach (EvbBoard                *board,
                    const char              *node_id,
                    const EvbAttachmentInfo *info,
                    double                   x,
                    double                   y,
                    GError                 **error)
{
  EvbNode *target = NULL;
  g_autoptr(EvbNodeData) data = NULL;
  EvbNode *node;
  gboolean ok;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  g_return_val_if_fail (info != NULL && info->uri != NULL && info->sha256 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node_id != NULL)
    target = evb_board_get_node (board, node_id);

  if (target != NULL && evb_node_get_kind (target) == EVB_NODE_KIND_EVIDENCE)
    data = evb_node_dup_data (target);
  else
    {
      data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
      evb_node_data_set_string (&data->title, info->name != NULL ? info->name : info->uri);
      data->evidence_type = evb_attachment_guess_type (info->media_type != NULL ? info->media_type
                                                                                : "application/octet-stream");
      data->x = x;
      data->y = y;
      evb_editing_find_free_place (board, data);
    }
  evb_node_data_set_string (&data->attachment_uri, info->uri);
  evb_node_data_set_string (&data->attachment_sha256, info->sha256);
  data->attachment_size = info->size;
  evb_node_data_set_string (&data->attachment_media_type, info->media_type);

  evb_board_begin (board, _("Attach File"));
  if (data->id != NULL)
    {
      ok = evb_board_update_node (board, data, error);
      node = ok ? evb_board_get_node (board, data->id) : NULL;
    }
  else
    node = evb_board_add_node (board, data, error);
  return finish (board, node != NULL, error) ? node : NULL;
}

gboolean
evb_editing_remove_attachment (EvbBoard    *board,
                               const char  *node_id,
                               GError     **error)
{
  EvbNode *node;
  g_autoptr(EvbNodeData) data = NULL;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (node_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  node = evb_board_get_node (board, node_id);
  if (node == NULL || evb_node_get_data (node)->attachment_uri == NULL)
    return TRUE;
  data = evb_node_dup_data (node);
  g_clear_pointer (&data->attachment_uri, g_free);
  g_clear_pointer (&data->attachment_sha256, g_free);
  g_clear_pointer (&data->attachment_media_type, g_free);
  data->attachment_size = -1;

  evb_board_begin (board, _("Remove Attachment"));
  return finish (board, evb_board_update_node (board, data, error), error);
}

gboolean
evb_editing_set_cell (EvbBoard       *board,
                      const char     *evidence_id,
                      const char     *claim_id,
                      EvbMatrixCell   cell,
                      GError        **error)
{
  EvbLink *link;
  g_autoptr(EvbLinkData) data = NULL;
  gboolean ok;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (evidence_id != NULL && claim_id != NULL, FALSE);
  g_return_val_if_fail (cell <= EVB_MATRIX_CELL_II, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  link = evb_board_find_link (board, evidence_id, claim_id);
  if (link != NULL && evb_matrix_cell_for_link (link) == cell)
    return TRUE;
  if (link == NULL && cell == EVB_MATRIX_CELL_N)
    return TRUE;

  evb_board_begin (board, _("Edit Matrix"));
  if (cell == EVB_MATRIX_CELL_N)
    return finish (board, evb_board_remove_link (board, evb_link_get_id (link), error), error);

  data = link != NULL ? evb_link_dup_data (link)
                      : evb_link_data_new (evidence_id, claim_id, EVB_RELATION_SUPPORTS);
  data->relation = cell == EVB_MATRIX_CELL_C || cell == EVB_MATRIX_CELL_CC ? EVB_RELATION_SUPPORTS
                                                                          : EVB_RELATION_REFUTES;
  if (cell == EVB_MATRIX_CELL_CC || cell == EVB_MATRIX_CELL_II)
    data->strength = EVB_STRENGTH_STRONG;
  else if (link == NULL || data->strength == EVB_STRENGTH_STRONG)
    data->strength = EVB_STRENGTH_MODERATE;
  ok = link != NULL ? evb_board_update_link (board, data, error)
                    : evb_board_add_link (board, data, error) != NULL;
  return finish (board, ok, error);
}
