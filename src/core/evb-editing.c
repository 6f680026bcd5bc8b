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
#include "evb-layout.h"

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

/* Card sizes */

/* The measure hangs on the board, so that every view and command of one
 * board sizes cards alike without passing it around. */
typedef struct
{
  EvbEditingFitFunc func;
} FitFunc;

static G_DEFINE_QUARK (evb-editing-fit-func, fit_func)

void
evb_editing_set_fit_func (EvbBoard          *board,
                          EvbEditingFitFunc  func)
{
  FitFunc *fit = NULL;

  g_return_if_fail (EVB_IS_BOARD (board));

  if (func != NULL)
    {
      fit = g_new0 (FitFunc, 1);
      fit->func = func;
    }
  g_object_set_qdata_full (G_OBJECT (board), fit_func_quark (), fit, g_free);
}

EvbEditingFitFunc
evb_editing_get_fit_func (EvbBoard *board)
{
  FitFunc *fit;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  fit = g_object_get_qdata (G_OBJECT (board), fit_func_quark ());
  return fit != NULL ? fit->func : NULL;
}

static gboolean
is_fitted (EvbEditingFitFunc  func,
           const EvbNodeData *data)
{
  double w, h;

  func (data, &w, &h);
  return w == data->width && h == data->height;
}

static gboolean
has_default_size (const EvbNodeData *data)
{
  if (data->kind == EVB_NODE_KIND_CLAIM)
    return data->width == EVB_CLAIM_DEFAULT_WIDTH && data->height == EVB_CLAIM_DEFAULT_HEIGHT;
  return data->width == EVB_NODE_DEFAULT_WIDTH && data->height == EVB_NODE_DEFAULT_HEIGHT;
}

/* A new card without a size of its own is sized to its text. */
static void
fit_new_card (EvbBoard    *board,
              EvbNodeData *data)
{
  EvbEditingFitFunc func = evb_editing_get_fit_func (board);

  if (func != NULL && has_default_size (data))
    func (data, &data->width, &data->height);
}

/* Whether an edit changed what a card's size is measured from (so that
 * editing tags on a thousand cards measures none of them). */
static gboolean
changes_measure (const EvbNodeData *a,
                 const EvbNodeData *b)
{
  return a->kind != b->kind || g_strcmp0 (a->title, b->title) != 0 ||
         g_strcmp0 (a->source, b->source) != 0 || g_strcmp0 (a->claimant, b->claimant) != 0 ||
         g_strcmp0 (a->color, b->color) != 0 || g_strcmp0 (a->occurred, b->occurred) != 0 ||
         g_strcmp0 (a->collected, b->collected) != 0 ||
         g_strcmp0 (a->attachment_uri, b->attachment_uri) != 0 ||
         g_strcmp0 (a->attachment_media_type, b->attachment_media_type) != 0;
}

/* An edit of a card sized to its text keeps it sized to its text; a card
 * the user sized stays as it is, and so does an edit that sets a size. */
static void
refit_card (EvbBoard          *board,
            const EvbNodeData *before,
            EvbNodeData       *after)
{
  EvbEditingFitFunc func = evb_editing_get_fit_func (board);

  if (func == NULL || after->width != before->width || after->height != before->height ||
      !changes_measure (before, after))
    return;
  if (is_fitted (func, before))
    func (after, &after->width, &after->height);
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

/* A card placed beside another */

typedef struct
{
  double x, y, width, height;
} Box;

/* Around a card a new one keeps clear of, and a link passes at least
 * this far from a card it does not join: a line that grazes a corner
 * reads as ending there. */
#define BESIDE_CLEARANCE 8.0

/* Between the new card and the card beside it, room for the link's line
 * and arrow head to be seen: the gap the window asks for. */
#define BESIDE_LINK_ROOM EVB_LAYOUT_GAP_X

static gboolean
boxes_overlap (const Box *a,
               const Box *b,
               double     margin)
{
  return a->x - margin < b->x + b->width && b->x - margin < a->x + a->width &&
         a->y - margin < b->y + b->height && b->y - margin < a->y + a->height;
}

/* Whether the segment from (x0, y0) to (x1, y1) passes through the box
 * grown by margin. */
static gboolean
segment_crosses_box (double     x0,
                     double     y0,
                     double     x1,
                     double     y1,
                     const Box *box,
                     double     margin)
{
  return _evb_layout_line_crosses_box (x0, y0, x1, y1, box->x - margin, box->y - margin,
                                       box->width + 2 * margin, box->height + 2 * margin);
}

/* Whether the card at place overlaps none of boxes and its link to the
 * card beside (the first of boxes is that card's) crosses none of the others. */
static gboolean
is_clear_place (GArray    *boxes,
                const Box *place)
{
  const Box *beside = &g_array_index (boxes, Box, 0);
  double x0 = place->x + place->width / 2, y0 = place->y + place->height / 2;
  double x1 = beside->x + beside->width / 2, y1 = beside->y + beside->height / 2;

  for (guint i = 0; i < boxes->len; i++)
    {
      const Box *box = &g_array_index (boxes, Box, i);

      if (boxes_overlap (box, place, i == 0 ? BESIDE_LINK_ROOM : BESIDE_CLEARANCE))
        return FALSE;
      if (i > 0 && segment_crosses_box (x0, y0, x1, y1, box, BESIDE_CLEARANCE))
        return FALSE;
    }
  return TRUE;
}

void
evb_editing_find_place_beside (EvbBoard    *board,
                               EvbNodeData *data,
                               const char  *beside_id)
{
  EvbNode *beside = NULL;
  GPtrArray *nodes;
  g_autoptr(GArray) boxes = NULL;
  Box area, *first;
  double reach = EVB_EDITING_BESIDE_RINGS * EVB_EDITING_PLACE_STEP;
  double best_distance = G_MAXDOUBLE, best_x = 0, best_y = 0;

  g_return_if_fail (EVB_IS_BOARD (board));
  g_return_if_fail (data != NULL);

  if (beside_id != NULL)
    beside = evb_board_get_node (board, beside_id);
  if (beside == NULL)
    {
      evb_editing_find_free_place (board, data);
      return;
    }

  /* Only cards in reach matter: every place tried and every line from
   * one to the card beside lie in this area. */
  boxes = g_array_new (FALSE, FALSE, sizeof (Box));
  g_array_set_size (boxes, 1);
  first = &g_array_index (boxes, Box, 0);
  evb_node_get_bounds (beside, &first->x, &first->y, &first->width, &first->height);
  area.x = MIN (data->x - reach, first->x);
  area.y = MIN (data->y - reach, first->y);
  area.width = MAX (data->x + data->width + reach, first->x + first->width) - area.x;
  area.height = MAX (data->y + data->height + reach, first->y + first->height) - area.y;
  nodes = evb_board_get_nodes (board);
  for (guint i = 0; i < nodes->len; i++)
    {
      EvbNode *node = g_ptr_array_index (nodes, i);
      Box box;

      if (node == beside)
        continue;
      evb_node_get_bounds (node, &box.x, &box.y, &box.width, &box.height);
      if (boxes_overlap (&box, &area, BESIDE_CLEARANCE))
        g_array_append_val (boxes, box);
    }

  /* Ring by ring out from the wanted place, the nearest clear place: a
   * later ring is no nearer than its own distance. Of places as near,
   * the one furthest right, then furthest down, as the stepping rule
   * goes: a new card comes after the others in reading order. */
  for (int ring = 0; ring <= EVB_EDITING_BESIDE_RINGS; ring++)
    {
      if (best_distance <= (double) ring * EVB_EDITING_PLACE_STEP)
        break;
      for (int i = ring; i >= -ring; i--)
        for (int j = ring; j >= -ring; j--)
          {
            Box place = { data->x + i * EVB_EDITING_PLACE_STEP, data->y + j * EVB_EDITING_PLACE_STEP,
                          data->width, data->height };
            double distance = hypot (i, j) * EVB_EDITING_PLACE_STEP;

            if ((ABS (i) != ring && ABS (j) != ring) || distance >= best_distance ||
                !is_clear_place (boxes, &place))
              continue;
            best_distance = distance;
            best_x = place.x;
            best_y = place.y;
          }
    }

  if (best_distance == G_MAXDOUBLE)
    {
      evb_editing_find_free_place (board, data);
      return;
    }
  data->x = best_x;
  data->y = best_y;
}

EvbNode *
evb_editing_add_card (EvbBoard           *board,
                      const EvbNodeData  *data,
                      GError            **error)
{
  return evb_editing_add_card_beside (board, data, NULL, error);
}

EvbNode *
evb_editing_add_card_beside (EvbBoard           *board,
                             const EvbNodeData  *data,
                             const char         *beside_id,
                             GError            **error)
{
  g_autoptr(EvbNodeData) placed = NULL;
  EvbNode *node;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  placed = evb_node_data_copy (data);
  fit_new_card (board, placed);
  evb_editing_find_place_beside (board, placed, beside_id);

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
  g_autoptr(EvbNodeData) fitted = NULL;
  EvbNode *node;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);
  g_return_val_if_fail (data != NULL && data->id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  node = evb_board_get_node (board, data->id);
  if (node != NULL && evb_node_data_equal (data, evb_node_get_data (node)))
    return TRUE;

  fitted = evb_node_data_copy (data);
  if (node != NULL)
    refit_card (board, evb_node_get_data (node), fitted);
  evb_board_begin (board, label);
  return finish (board, evb_board_update_node (board, fitted, error), error);
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
      refit_card (board, evb_node_get_data (node), data);
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
  double  from_x, from_y;
  double  to_x, to_y;
} GlideCard;

struct _EvbEditingGlide
{
  EvbBoard *board;
  GArray   *cards;  /* GlideCard */
};

static void
clear_glide_card (gpointer data)
{
  g_free (((GlideCard *) data)->id);
}

static void
glide_free (EvbEditingGlide *glide)
{
  g_clear_object (&glide->board);
  g_clear_pointer (&glide->cards, g_array_unref);
  g_free (glide);
}

EvbEditingGlide *
evb_editing_glide_begin (EvbBoard *board,
                         GArray   *positions)
{
  EvbEditingGlide *glide;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  g_return_val_if_fail (positions != NULL, NULL);

  glide = g_new0 (EvbEditingGlide, 1);
  glide->board = g_object_ref (board);
  glide->cards = g_array_sized_new (FALSE, FALSE, sizeof (GlideCard), positions->len);
  g_array_set_clear_func (glide->cards, clear_glide_card);
  for (guint i = 0; i < positions->len; i++)
    {
      const EvbLayoutPosition *p = &g_array_index (positions, EvbLayoutPosition, i);
      EvbNode *node = evb_board_get_node (board, p->id);
      GlideCard card = { NULL, 0, 0, p->x, p->y };

      if (node == NULL)
        continue;
      evb_node_get_bounds (node, &card.from_x, &card.from_y, NULL, NULL);
      /* A card already in its place keeps its modification time. */
      if (card.from_x == card.to_x && card.from_y == card.to_y)
        continue;
      card.id = g_strdup (p->id);
      g_array_append_val (glide->cards, card);
    }
  evb_board_begin (board, _("Tidy Up"));
  return glide;
}

guint
evb_editing_glide_get_n_cards (EvbEditingGlide *glide)
{
  g_return_val_if_fail (glide != NULL, 0);

  return glide->cards->len;
}

gboolean
evb_editing_glide_update (EvbEditingGlide  *glide,
                          double            progress,
                          GError          **error)
{
  g_return_val_if_fail (glide != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  progress = CLAMP (progress, 0.0, 1.0);
  for (guint i = 0; i < glide->cards->len; i++)
    {
      const GlideCard *card = &g_array_index (glide->cards, GlideCard, i);
      double x = progress < 1 ? round (card->from_x + (card->to_x - card->from_x) * progress)
                              : card->to_x;
      double y = progress < 1 ? round (card->from_y + (card->to_y - card->from_y) * progress)
                              : card->to_y;

      /* A card deleted meanwhile (by another view) stays gone. */
      if (evb_board_get_node (glide->board, card->id) == NULL)
        continue;
      if (!evb_board_move_node (glide->board, card->id, x, y, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
evb_editing_glide_end (EvbEditingGlide  *glide,
                       GError          **error)
{
  gboolean ok;

  g_return_val_if_fail (glide != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ok = evb_editing_glide_update (glide, 1.0, error);
  if (ok)
    ok = evb_board_commit (glide->board, error);
  else
    evb_board_rollback (glide->board);
  glide_free (glide);
  return ok;
}

void
evb_editing_glide_cancel (EvbEditingGlide *glide)
{
  if (glide == NULL)
    return;
  evb_board_rollback (glide->board);
  glide_free (glide);
}

gboolean
evb_editing_arrange (EvbBoard        *board,
                     GPtrArray       *ids,
                     EvbArrangement   arrangement,
                     GError         **error)
{
  static const char * const labels[] = {
    [EVB_ARRANGE_LEFT] = N_("Align Left Edges"),
    [EVB_ARRANGE_CENTRE] = N_("Align Centers"),
    [EVB_ARRANGE_RIGHT] = N_("Align Right Edges"),
    [EVB_ARRANGE_TOP] = N_("Align Top Edges"),
    [EVB_ARRANGE_MIDDLE] = N_("Align Middles"),
    [EVB_ARRANGE_BOTTOM] = N_("Align Bottom Edges"),
    [EVB_ARRANGE_SPREAD_ACROSS] = N_("Distribute Horizontally"),
    [EVB_ARRANGE_SPREAD_DOWN] = N_("Distribute Vertically"),
  };
  g_autoptr(GArray) positions = NULL;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);
  g_return_val_if_fail ((guint) arrangement < G_N_ELEMENTS (labels), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  positions = evb_layout_arrange (board, ids, arrangement);
  evb_board_begin (board, _(labels[arrangement]));
  for (guint i = 0; i < positions->len; i++)
    {
      const EvbLayoutPosition *p = &g_array_index (positions, EvbLayoutPosition, i);
      double x, y;

      evb_node_get_bounds (evb_board_get_node (board, p->id), &x, &y, NULL, NULL);
      if (x == p->x && y == p->y)
        continue;
      if (!evb_board_move_node (board, p->id, p->x, p->y, error))
        {
          evb_board_rollback (board);
          return FALSE;
        }
    }
  return evb_board_commit (board, error);
}

gboolean
evb_editing_layout (EvbBoard         *board,
                    EvbLayoutMethod   method,
                    GPtrArray        *ids,
                    GError          **error)
{
  g_autoptr(GArray) positions = NULL;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  positions = evb_layout_compute (board, method, ids, error);
  if (positions == NULL)
    return FALSE;
  return evb_editing_glide_end (evb_editing_glide_begin (board, positions), error);
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

static void
fit_card_cb (EvbNodeData   *data,
             gconstpointer  user_data)
{
  EvbEditingFitFunc func = ((const FitFunc *) user_data)->func;

  func (data, &data->width, &data->height);
}

gboolean
evb_editing_fit_cards (EvbBoard   *board,
                       GPtrArray  *ids,
                       GError    **error)
{
  FitFunc fit;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fit.func = evb_editing_get_fit_func (board);
  if (fit.func == NULL)
    return TRUE;
  return evb_editing_edit_cards (board, _("Fit to Text"), NULL, ids, fit_card_cb, &fit, error);
}

struct _EvbEditingResize
{
  EvbBoard *board;
  char     *id;
  double    width;   /* at the start */
  double    height;
};

static void
resize_free (EvbEditingResize *resize)
{
  g_clear_object (&resize->board);
  g_clear_pointer (&resize->id, g_free);
  g_free (resize);
}

EvbEditingResize *
evb_editing_resize_begin (EvbBoard   *board,
                          const char *id)
{
  EvbEditingResize *resize;
  EvbNode *node;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  node = evb_board_get_node (board, id);
  if (node == NULL)
    return NULL;
  resize = g_new0 (EvbEditingResize, 1);
  resize->board = g_object_ref (board);
  resize->id = g_strdup (id);
  evb_node_get_bounds (node, NULL, NULL, &resize->width, &resize->height);
  evb_board_begin (board, _("Resize Card"));
  return resize;
}

gboolean
evb_editing_resize_update (EvbEditingResize  *resize,
                           double             dw,
                           double             dh,
                           GError           **error)
{
  EvbNode *node;
  g_autoptr(EvbNodeData) data = NULL;

  g_return_val_if_fail (resize != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A card deleted meanwhile (by undo in another view) stays gone. */
  node = evb_board_get_node (resize->board, resize->id);
  if (node == NULL)
    return TRUE;
  data = evb_node_dup_data (node);
  data->width = MAX (round (resize->width + dw), EVB_EDITING_MIN_CARD_WIDTH);
  data->height = MAX (round (resize->height + dh), EVB_EDITING_MIN_CARD_HEIGHT);
  if (evb_node_data_equal (data, evb_node_get_data (node)))
    return TRUE;
  return evb_board_update_node (resize->board, data, error);
}

gboolean
evb_editing_resize_end (EvbEditingResize  *resize,
                        GError           **error)
{
  gboolean ok;

  g_return_val_if_fail (resize != NULL, FALSE);

  ok = evb_board_commit (resize->board, error);
  resize_free (resize);
  return ok;
}

void
evb_editing_resize_cancel (EvbEditingResize *resize)
{
  g_return_if_fail (resize != NULL);

  evb_board_rollback (resize->board);
  resize_free (resize);
}

typedef struct
{
  double dw, dh;
} ResizeStep;

static void
resize_card_cb (EvbNodeData   *data,
                gconstpointer  user_data)
{
  const ResizeStep *step = user_data;

  data->width = MAX (round (data->width + step->dw), EVB_EDITING_MIN_CARD_WIDTH);
  data->height = MAX (round (data->height + step->dh), EVB_EDITING_MIN_CARD_HEIGHT);
}

gboolean
evb_editing_resize_cards (EvbBoard    *board,
                          GPtrArray   *ids,
                          double       dw,
                          double       dh,
                          const char  *merge_key,
                          GError     **error)
{
  ResizeStep step = { dw, dh };

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A card at its smallest that is made smaller again changes nothing,
   * and evb_editing_edit_cards() then records no step. */
  return evb_editing_edit_cards (board, ids->len == 1 ? _("Resize Card") : _("Resize Cards"),
                                 merge_key, ids, resize_card_cb, &step, error);
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
  data->attachment_embedded = info->embedded;
  /* A picture's thumbnail takes room beside the text. */
  if (data->id == NULL)
    fit_new_card (board, data);
  else
    refit_card (board, evb_node_get_data (target), data);

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
  /* The bytes of a file kept in the board stay until the board is closed
   * (evb_store_reclaim_blobs), so that undo can bring the card's file back. */
  data->attachment_embedded = FALSE;

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

/* Merging */

void
evb_merge_report_free (EvbMergeReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->conflicts, g_ptr_array_unref);
  g_clear_pointer (&report->one_sided, g_ptr_array_unref);
  g_free (report);
}

/* A node's modified time; a plain date is its midnight in UTC. */
static GDateTime *
parse_modified (const char *modified)
{
  if (modified == NULL)
    return NULL;
  if (strlen (modified) == 10)
    {
      g_autofree char *midnight = g_strconcat (modified, "T00:00:00Z", NULL);

      return g_date_time_new_from_iso8601 (midnight, NULL);
    }
  return g_date_time_new_from_iso8601 (modified, NULL);
}

/* Whether theirs was changed after ours: an unknown time is the oldest. */
static gboolean
is_newer (const char *theirs,
          const char *ours)
{
  g_autoptr(GDateTime) t = parse_modified (theirs);
  g_autoptr(GDateTime) o = parse_modified (ours);

  if (t == NULL)
    return FALSE;
  if (o == NULL)
    return TRUE;
  return g_date_time_compare (t, o) > 0;
}

/* Equal but for the times: a card merged before took "now" as its
 * modified time, and is still the same card. */
static gboolean
same_content (const EvbNodeData *a,
              const EvbNodeData *b)
{
  g_autoptr(EvbNodeData) x = evb_node_data_copy (a);
  g_autoptr(EvbNodeData) y = evb_node_data_copy (b);

  g_clear_pointer (&x->created, g_free);
  g_clear_pointer (&x->modified, g_free);
  g_clear_pointer (&y->created, g_free);
  g_clear_pointer (&y->modified, g_free);
  return evb_node_data_equal (x, y);
}

static gboolean
merge_nodes (EvbBoard       *board,
             EvbBoard       *other,
             EvbMergeReport *r,
             GError        **error)
{
  GPtrArray *theirs = evb_board_get_nodes (other);
  GPtrArray *ours = evb_board_get_nodes (board);

  for (guint i = 0; i < ours->len; i++)
    {
      const EvbNodeData *d = evb_node_get_data (g_ptr_array_index (ours, i));

      if (evb_board_get_node (other, d->id) == NULL)
        g_ptr_array_add (r->one_sided,
                         g_strdup_printf (_("Card “%s” (%s) is only on this board (new here, or deleted "
                                            "on the other): kept"), d->title, d->id));
    }

  for (guint i = 0; i < theirs->len; i++)
    {
      const EvbNodeData *t = evb_node_get_data (g_ptr_array_index (theirs, i));
      EvbNode *mine = evb_board_get_node (board, t->id);
      const EvbNodeData *o;

      if (mine == NULL)
        {
          if (evb_board_add_node (board, t, error) == NULL)
            return FALSE;
          r->nodes_added++;
          g_ptr_array_add (r->one_sided,
                           g_strdup_printf (_("Card “%s” (%s) is only on the other board (new there, or "
                                              "deleted here): added"), t->title, t->id));
          continue;
        }
      o = evb_node_get_data (mine);
      if (same_content (o, t))
        continue;
      if (is_newer (t->modified, o->modified))
        {
          /* The update frees our copy's fields. */
          g_autofree char *our_modified = g_strdup (o->modified);

          if (!evb_board_update_node (board, t, error))
            return FALSE;
          r->nodes_updated++;
          g_ptr_array_add (r->conflicts,
                           g_strdup_printf (_("Card “%s” (%s) differs: the other board’s copy is newer "
                                              "(%s, ours %s) and was taken"), t->title, t->id,
                                            t->modified != NULL ? t->modified : "?",
                                            our_modified != NULL ? our_modified : "?"));
        }
      else
        g_ptr_array_add (r->conflicts,
                         g_strdup_printf (_("Card “%s” (%s) differs: this board’s copy is as new or "
                                            "newer (%s, theirs %s) and was kept"), o->title, o->id,
                                          o->modified != NULL ? o->modified : "?",
                                          t->modified != NULL ? t->modified : "?"));
    }
  return TRUE;
}

static gboolean
merge_links (EvbBoard       *board,
             EvbBoard       *other,
             EvbMergeReport *r,
             GError        **error)
{
  GPtrArray *theirs = evb_board_get_links (other);
  GPtrArray *ours = evb_board_get_links (board);

  for (guint i = 0; i < ours->len; i++)
    {
      const EvbLinkData *d = evb_link_get_data (g_ptr_array_index (ours, i));

      if (evb_board_get_link (other, d->id) == NULL)
        g_ptr_array_add (r->one_sided,
                         g_strdup_printf (_("Link %s (%s → %s) is only on this board (new here, or "
                                            "deleted on the other): kept"), d->id, d->from, d->to));
    }

  for (guint i = 0; i < theirs->len; i++)
    {
      const EvbLinkData *t = evb_link_get_data (g_ptr_array_index (theirs, i));
      EvbLink *mine = evb_board_get_link (board, t->id);
      EvbLink *same_ends;

      if (mine != NULL)
        {
          /* No time on a link to say which is newer: ours stays. */
          if (!evb_link_data_equal (evb_link_get_data (mine), t))
            g_ptr_array_add (r->conflicts,
                             g_strdup_printf (_("Link %s (%s → %s) differs on the two boards: this "
                                                "board’s was kept"), t->id, t->from, t->to));
          continue;
        }
      same_ends = evb_board_find_link (board, t->from, t->to);
      if (same_ends != NULL)
        {
          g_ptr_array_add (r->conflicts,
                           g_strdup_printf (_("Link %s (%s → %s) joins the same cards as link %s of "
                                              "this board, which was kept"), t->id, t->from, t->to,
                                            evb_link_get_id (same_ends)));
          continue;
        }
      if (evb_board_add_link (board, t, error) == NULL)
        return FALSE;
      r->links_added++;
      g_ptr_array_add (r->one_sided,
                       g_strdup_printf (_("Link %s (%s → %s) is only on the other board (new there, "
                                          "or deleted here): added"), t->id, t->from, t->to));
    }
  return TRUE;
}

/* The newest `modified` among a group's cards, or NULL when none has one. */
static const char *
newest_member_modified (EvbBoard *board,
                        EvbGroup *group)
{
  const char * const *nodes = evb_group_get_nodes (group);
  const char *newest = NULL;

  for (guint i = 0; nodes[i] != NULL; i++)
    {
      EvbNode *node = evb_board_get_node (board, nodes[i]);
      const char *modified = node != NULL ? evb_node_get_data (node)->modified : NULL;

      if (modified != NULL && (newest == NULL || is_newer (modified, newest)))
        newest = modified;
    }
  return newest;
}

/* Group id → its cards' newest modified time, taken before the cards are
 * merged: a card taken from the other board would make our group look as
 * new as theirs. */
static GHashTable *
collect_group_times (EvbBoard *board)
{
  GHashTable *times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *groups = evb_board_get_groups (board);

  for (guint i = 0; i < groups->len; i++)
    {
      EvbGroup *group = g_ptr_array_index (groups, i);

      g_hash_table_insert (times, g_strdup (evb_group_get_id (group)),
                           g_strdup (newest_member_modified (board, group)));
    }
  return times;
}

/* Equal fields and the same members in any order. */
static gboolean
same_group (const EvbGroupData *a,
            const EvbGroupData *b)
{
  if (g_strcmp0 (a->label, b->label) != 0 || g_strcmp0 (a->color, b->color) != 0 ||
      !a->collapsed != !b->collapsed ||
      g_strv_length (a->nodes) != g_strv_length (b->nodes))
    return FALSE;
  for (guint i = 0; a->nodes[i] != NULL; i++)
    if (!evb_group_data_has_node (b, a->nodes[i]))
      return FALSE;
  return TRUE;
}

/* The members a group of the other board gets here: theirs, less the
 * cards in another group on one of the boards (@contested), which stay
 * where they are here (@ours, or NULL for a new group). */
static GStrv
merged_members (EvbBoard           *board,
                const EvbGroupData *theirs,
                const EvbGroupData *ours,
                GHashTable         *contested)
{
  g_autoptr(GStrvBuilder) members = g_strv_builder_new ();

  for (guint i = 0; theirs->nodes[i] != NULL; i++)
    if (!g_hash_table_contains (contested, theirs->nodes[i]) &&
        evb_board_get_node (board, theirs->nodes[i]) != NULL)
      g_strv_builder_add (members, theirs->nodes[i]);
  for (guint i = 0; ours != NULL && ours->nodes[i] != NULL; i++)
    if (g_hash_table_contains (contested, ours->nodes[i]))
      g_strv_builder_add (members, ours->nodes[i]);
  return g_strv_builder_end (members);
}

/* Runs after the cards are merged, so every card of the other board is
 * here. A card in one group here and another there is not guessed at: it
 * stays in ours, and the report says so. */
static gboolean
merge_groups (EvbBoard       *board,
              EvbBoard       *other,
              GHashTable     *our_times,
              EvbMergeReport *r,
              GError        **error)
{
  GPtrArray *theirs = evb_board_get_groups (other);
  GPtrArray *ours = evb_board_get_groups (board);
  g_autoptr(GHashTable) contested = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < ours->len; i++)
    {
      EvbGroup *group = g_ptr_array_index (ours, i);

      if (evb_board_get_group (other, evb_group_get_id (group)) == NULL)
        g_ptr_array_add (r->one_sided,
                         g_strdup_printf (_("Group “%s” (%s) is only on this board (new here, or "
                                            "deleted on the other): kept"),
                                          evb_group_get_label (group), evb_group_get_id (group)));
    }

  for (guint i = 0; i < theirs->len; i++)
    {
      EvbGroup *group = g_ptr_array_index (theirs, i);
      const char * const *nodes = evb_group_get_nodes (group);

      for (guint j = 0; nodes[j] != NULL; j++)
        {
          EvbGroup *mine = evb_board_get_node_group (board, nodes[j]);
          EvbNode *node;

          if (mine == NULL || g_str_equal (evb_group_get_id (mine), evb_group_get_id (group)))
            continue;
          /* Keys belong to the other board, which the merge leaves alone. */
          g_hash_table_add (contested, (gpointer) nodes[j]);
          node = evb_board_get_node (board, nodes[j]);
          g_ptr_array_add (r->conflicts,
                           g_strdup_printf (_("Card “%s” (%s) is in group “%s” here and in group "
                                              "“%s” on the other board: it stays in “%s”"),
                                            evb_node_get_title (node), nodes[j],
                                            evb_group_get_label (mine), evb_group_get_label (group),
                                            evb_group_get_label (mine)));
        }
    }

  for (guint i = 0; i < theirs->len; i++)
    {
      EvbGroup *group = g_ptr_array_index (theirs, i);
      const EvbGroupData *t = evb_group_get_data (group);
      EvbGroup *mine = evb_board_get_group (board, t->id);
      const EvbGroupData *o = mine != NULL ? evb_group_get_data (mine) : NULL;
      const char *their_time;
      const char *our_time;
      g_autoptr(EvbGroupData) merged = NULL;

      if (o != NULL && same_group (o, t))
        continue;

      merged = evb_group_data_copy (t);
      g_strfreev (merged->nodes);
      merged->nodes = merged_members (board, t, o, contested);

      if (o == NULL)
        {
          if (merged->nodes[0] == NULL)
            {
              g_ptr_array_add (r->conflicts,
                               g_strdup_printf (_("Group “%s” (%s) is only on the other board, but "
                                                  "each of its cards is in another group here: not "
                                                  "added"), t->label, t->id));
              continue;
            }
          if (evb_board_add_group (board, merged, error) == NULL)
            return FALSE;
          r->groups_added++;
          g_ptr_array_add (r->one_sided,
                           g_strdup_printf (_("Group “%s” (%s) is only on the other board (new there, "
                                              "or deleted here): added"), t->label, t->id));
          continue;
        }

      their_time = newest_member_modified (other, group);
      our_time = g_hash_table_lookup (our_times, o->id);
      if (is_newer (their_time, our_time) && merged->nodes[0] != NULL)
        {
          if (!evb_board_update_group (board, merged, error))
            return FALSE;
          r->groups_updated++;
          g_ptr_array_add (r->conflicts,
                           g_strdup_printf (_("Group “%s” (%s) differs: the other board’s copy has "
                                              "the newer cards (%s, ours %s) and was taken"),
                                            t->label, t->id, their_time != NULL ? their_time : "?",
                                            our_time != NULL ? our_time : "?"));
        }
      else
        g_ptr_array_add (r->conflicts,
                         g_strdup_printf (_("Group “%s” (%s) differs: this board’s copy has cards "
                                            "as new or newer (%s, theirs %s) and was kept"),
                                          o->label, o->id, our_time != NULL ? our_time : "?",
                                          their_time != NULL ? their_time : "?"));
    }
  return TRUE;
}

gboolean
evb_editing_merge (EvbBoard        *board,
                   EvbBoard        *other,
                   EvbMergeReport **report,
                   GError         **error)
{
  g_autoptr(EvbMergeReport) r = g_new0 (EvbMergeReport, 1);
  g_autoptr(GHashTable) our_times = NULL;
  gboolean ok;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (EVB_IS_BOARD (other), FALSE);
  g_return_val_if_fail (board != other, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  r->conflicts = g_ptr_array_new_with_free_func (g_free);
  r->one_sided = g_ptr_array_new_with_free_func (g_free);

  if (g_strcmp0 (evb_board_get_title (board), evb_board_get_title (other)) != 0)
    g_ptr_array_add (r->conflicts,
                     g_strdup_printf (_("The board’s title differs (“%s” here, “%s” there): ours was kept"),
                                      evb_board_get_title (board), evb_board_get_title (other)));
  if (g_strcmp0 (evb_board_get_description (board), evb_board_get_description (other)) != 0)
    g_ptr_array_add (r->conflicts, g_strdup (_("The board’s description differs: ours was kept")));

  our_times = collect_group_times (board);
  evb_board_begin (board, _("Merge Board"));
  ok = merge_nodes (board, other, r, error) && merge_links (board, other, r, error) &&
       merge_groups (board, other, our_times, r, error);
  if (!finish (board, ok, error))
    return FALSE;

  if (report != NULL)
    *report = g_steal_pointer (&r);
  return TRUE;
}

/* Groups */

static gboolean
change_group (EvbBoard             *board,
              const char           *label,
              const char           *group_id,
              void                (*func) (EvbGroupData *data, gconstpointer value),
              gconstpointer         value,
              const char           *merge_key,
              GError              **error)
{
  g_autoptr(EvbGroupData) data = NULL;
  EvbGroup *group = evb_board_get_group (board, group_id);

  if (group == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_FOUND,
                   _("There is no group with id “%s” on the board"), group_id ? group_id : "");
      return FALSE;
    }

  data = evb_group_dup_data (group);
  func (data, value);
  if (evb_group_data_equal (data, evb_group_get_data (group)))
    return TRUE;

  evb_board_begin (board, label);
  if (merge_key != NULL)
    evb_board_set_merge_key (board, merge_key);
  return finish (board, evb_board_update_group (board, data, error), error);
}

/* Takes a card out of the group it is in, inside the open transaction. */
static gboolean
leave_group (EvbBoard    *board,
             const char  *node_id,
             GError     **error)
{
  EvbGroup *group = evb_board_get_node_group (board, node_id);
  g_autoptr(EvbGroupData) data = NULL;
  g_autoptr(GStrvBuilder) rest = NULL;

  if (group == NULL)
    return TRUE;

  data = evb_group_dup_data (group);
  rest = g_strv_builder_new ();
  for (guint i = 0; data->nodes[i] != NULL; i++)
    if (!g_str_equal (data->nodes[i], node_id))
      g_strv_builder_add (rest, data->nodes[i]);
  g_strfreev (data->nodes);
  data->nodes = g_strv_builder_end (rest);

  if (data->nodes[0] == NULL)
    return evb_board_remove_group (board, data->id, error);
  return evb_board_update_group (board, data, error);
}

EvbGroup *
evb_editing_group (EvbBoard    *board,
                   GPtrArray   *node_ids,
                   const char  *label,
                   GError     **error)
{
  g_autoptr(GStrvBuilder) members = NULL;
  g_auto(GStrv) nodes = NULL;
  g_autoptr(EvbGroupData) data = NULL;
  EvbGroup *group = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  g_return_val_if_fail (node_ids != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  members = g_strv_builder_new ();
  for (guint i = 0; i < node_ids->len; i++)
    {
      const char *id = g_ptr_array_index (node_ids, i);

      if (evb_board_get_node (board, id) != NULL)
        g_strv_builder_add (members, id);
    }
  nodes = g_strv_builder_end (members);
  if (nodes[0] == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID, _("Select the cards to group first"));
      return NULL;
    }

  evb_board_begin (board, _("Group"));
  for (guint i = 0; ok && nodes[i] != NULL; i++)
    ok = leave_group (board, nodes[i], error);
  if (ok)
    {
      data = evb_group_data_new (label != NULL ? label : _("Group"),
                                 (const char * const *) nodes);
      group = evb_board_add_group (board, data, error);
      ok = group != NULL;
    }
  if (!finish (board, ok, error))
    return NULL;
  return group;
}

gboolean
evb_editing_ungroup (EvbBoard    *board,
                     const char  *group_id,
                     GError     **error)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  evb_board_begin (board, _("Ungroup"));
  return finish (board, evb_board_remove_group (board, group_id, error), error);
}

static void
set_label (EvbGroupData  *data,
           gconstpointer  value)
{
  g_free (data->label);
  data->label = g_strdup (value);
}

static void
set_color (EvbGroupData  *data,
           gconstpointer  value)
{
  g_free (data->color);
  data->color = g_strdup (value);
}

static void
set_collapsed (EvbGroupData  *data,
               gconstpointer  value)
{
  data->collapsed = GPOINTER_TO_INT (value);
}

gboolean
evb_editing_rename_group (EvbBoard    *board,
                          const char  *group_id,
                          const char  *label,
                          const char  *merge_key,
                          GError     **error)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return change_group (board, _("Rename Group"), group_id, set_label, label, merge_key, error);
}

gboolean
evb_editing_set_group_color (EvbBoard    *board,
                             const char  *group_id,
                             const char  *color,
                             GError     **error)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (color != NULL && color[0] == '\0')
    color = NULL;
  return change_group (board, _("Change Group Color"), group_id, set_color, color, NULL, error);
}

gboolean
evb_editing_set_group_collapsed (EvbBoard    *board,
                                 const char  *group_id,
                                 gboolean     collapsed,
                                 GError     **error)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return change_group (board, collapsed ? _("Collapse Group") : _("Expand Group"), group_id,
                       set_collapsed, GINT_TO_POINTER (!!collapsed), NULL, error);
}

GPtrArray *
evb_editing_group_member_ids (EvbGroup *group)
{
  const char * const *nodes;
  GPtrArray *ids;

  g_return_val_if_fail (EVB_IS_GROUP (group), NULL);

  nodes = evb_group_get_nodes (group);
  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; nodes[i] != NULL; i++)
    g_ptr_array_add (ids, g_strdup (nodes[i]));
  return ids;
}

/* Replacing a board's content */

static gboolean
same_board (EvbBoard *board,
            EvbBoard *other)
{
  GPtrArray *a, *b;

  if (g_strcmp0 (evb_board_get_title (board), evb_board_get_title (other)) != 0 ||
      g_strcmp0 (evb_board_get_description (board), evb_board_get_description (other)) != 0)
    return FALSE;

  a = evb_board_get_nodes (board), b = evb_board_get_nodes (other);
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!evb_node_data_equal (evb_node_get_data (g_ptr_array_index (a, i)),
                              evb_node_get_data (g_ptr_array_index (b, i))))
      return FALSE;

  a = evb_board_get_links (board), b = evb_board_get_links (other);
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!evb_link_data_equal (evb_link_get_data (g_ptr_array_index (a, i)),
                              evb_link_get_data (g_ptr_array_index (b, i))))
      return FALSE;

  a = evb_board_get_groups (board), b = evb_board_get_groups (other);
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!evb_group_data_equal (evb_group_get_data (g_ptr_array_index (a, i)),
                               evb_group_get_data (g_ptr_array_index (b, i))))
      return FALSE;
  return TRUE;
}

/* Inside the open transaction: every group, card and link goes, then
 * @other's come in its drawing order, with its ids. */
static gboolean
replace_content (EvbBoard  *board,
                 EvbBoard  *other,
                 GError   **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  GPtrArray *items;

  while (evb_board_get_n_groups (board) > 0)
    if (!evb_board_remove_group (board, evb_group_get_id (g_ptr_array_index (evb_board_get_groups (board), 0)),
                                 error))
      return FALSE;
  items = evb_board_get_nodes (board);
  for (guint i = 0; i < items->len; i++)
    g_strv_builder_add (builder, evb_node_get_id (g_ptr_array_index (items, i)));
  ids = g_strv_builder_end (builder);
  if (ids[0] != NULL && !evb_board_remove_nodes (board, (const char * const *) ids, error))
    return FALSE;

  if (!evb_board_set_title (board, evb_board_get_title (other), error) ||
      !evb_board_set_description (board, evb_board_get_description (other), error))
    return FALSE;
  items = evb_board_get_nodes (other);
  for (guint i = 0; i < items->len; i++)
    if (evb_board_add_node (board, evb_node_get_data (g_ptr_array_index (items, i)), error) == NULL)
      return FALSE;
  items = evb_board_get_links (other);
  for (guint i = 0; i < items->len; i++)
    if (evb_board_add_link (board, evb_link_get_data (g_ptr_array_index (items, i)), error) == NULL)
      return FALSE;
  items = evb_board_get_groups (other);
  for (guint i = 0; i < items->len; i++)
    if (evb_board_add_group (board, evb_group_get_data (g_ptr_array_index (items, i)), error) == NULL)
      return FALSE;
  return TRUE;
}

gboolean
evb_editing_replace_board (EvbBoard    *board,
                           EvbBoard    *other,
                           const char  *label,
                           gboolean    *changed,
                           GError     **error)
{
  gboolean differs;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (EVB_IS_BOARD (other), FALSE);
  g_return_val_if_fail (board != other, FALSE);
  g_return_val_if_fail (label != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  differs = !same_board (board, other);
  if (changed != NULL)
    *changed = differs;
  if (!differs)
    return TRUE;

  evb_board_begin (board, label);
  return finish (board, replace_content (board, other, error), error);
}
