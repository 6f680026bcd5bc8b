/* evb-editing.h: the commands that change a board, one undo step each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "evb-board.h"
#include "evb-layout.h"
#include "evb-matrix.h"

G_BEGIN_DECLS

/*
 * The window, the canvas and the inspector change a board only through
 * these functions. Each opens one history transaction (one undo step, one
 * SQLite transaction), makes every change or none (on error it rolls back
 * and the board is as it was), and says in @message what a toast should
 * say (a sentence, or %NULL when there is nothing to say). Errors are
 * sentences a person understands.
 */

/* How far a new card steps right and down past a card already there. */
#define EVB_EDITING_PLACE_STEP 30

/* How many steps around the wanted place a card placed beside another
 * looks for a place with a clear line to it: 20 steps, 600 board units,
 * a few cards' widths. */
#define EVB_EDITING_BESIDE_RINGS 20

/**
 * evb_editing_find_free_place:
 * @board: the board
 * @data: a card about to be added; its x and y are the wanted place
 *
 * Steps @data's position down and to the right past cards already there,
 * so that the new card hides none and is hidden by none (at most 20 steps).
 */
void      evb_editing_find_free_place (EvbBoard           *board,
                                       EvbNodeData        *data);

/**
 * evb_editing_find_place_beside:
 * @board: the board
 * @data: a card about to be added; its x and y are the wanted place
 * @beside_id: (nullable): the card the new one is placed beside, to be
 *   linked to it
 *
 * Moves @data to the free place nearest the wanted one (at most
 * %EVB_EDITING_BESIDE_RINGS steps of %EVB_EDITING_PLACE_STEP away) where it
 * keeps clear of every card (%EVB_LAYOUT_GAP_X from @beside_id's, room for
 * the link's arrow) and the straight line from it to @beside_id's card
 * passes through no other card, so that the link drawn there is seen
 * whole; of places as near, the one furthest right, then down. Where
 * there is no such place nearby, or without @beside_id, it does what
 * evb_editing_find_free_place() does.
 */
void      evb_editing_find_place_beside (EvbBoard         *board,
                                         EvbNodeData      *data,
                                         const char       *beside_id);

/**
 * evb_editing_add_card:
 * @board: the board
 * @data: the card; a %NULL id gets a fresh one; x and y are the wanted
 *   place, moved to a free one (evb_editing_find_free_place())
 * @error: return location for an error
 *
 * Adds a claim or evidence card as the undo step "Add Claim" or
 * "Add Evidence".
 *
 * Returns: (transfer none) (nullable): the new card, owned by the board.
 */
EvbNode  *evb_editing_add_card        (EvbBoard           *board,
                                       const EvbNodeData  *data,
                                       GError            **error);

/**
 * evb_editing_add_card_beside:
 * @board: the board
 * @data: the card, as for evb_editing_add_card()
 * @beside_id: (nullable): the card the new one goes beside, to be linked
 *   to it: the place is found by evb_editing_find_place_beside()
 * @error: return location for an error
 *
 * Adds a card as evb_editing_add_card() does, one undo step, placed so
 * that its link to @beside_id can be drawn without crossing a card.
 *
 * Returns: (transfer none) (nullable): the new card, owned by the board.
 */
EvbNode  *evb_editing_add_card_beside (EvbBoard           *board,
                                       const EvbNodeData  *data,
                                       const char         *beside_id,
                                       GError            **error);

/**
 * evb_editing_update_card:
 * @board: the board
 * @label: the undo step's name, e.g. "Edit Title"
 * @data: every field of the card with @data->id
 * @error: return location for an error
 *
 * Replaces a card's fields in one undo step. Nothing happens (and %TRUE is
 * returned) when @data equals the card.
 */
gboolean  evb_editing_update_card     (EvbBoard           *board,
                                       const char         *label,
                                       const EvbNodeData  *data,
                                       GError            **error);

typedef void (*EvbEditingNodeFunc) (EvbNodeData   *data,
                                    gconstpointer  user_data);

/**
 * evb_editing_edit_cards:
 * @board: the board
 * @label: the undo step's name
 * @merge_key: (nullable): joins the last undo step with the same key (for
 *   typing: see evb_board_set_merge_key()), or %NULL
 * @ids: (element-type utf8): the cards to change; ids no longer on the
 *   board are skipped
 * @func: changes one card's copy of its fields
 * @user_data: passed to @func
 * @error: return location for an error
 *
 * Applies @func to a copy of each card's fields and stores the ones that
 * changed, all in one undo step.
 */
gboolean  evb_editing_edit_cards      (EvbBoard           *board,
                                       const char         *label,
                                       const char         *merge_key,
                                       GPtrArray          *ids,
                                       EvbEditingNodeFunc  func,
                                       gconstpointer       user_data,
                                       GError            **error);

/**
 * evb_editing_set_board_title:
 * @board: the board
 * @title: the new title
 * @merge_key: (nullable): as for evb_editing_edit_cards()
 * @error: return location for an error
 *
 * Renames the board in one undo step "Rename Board".
 */
gboolean  evb_editing_set_board_title (EvbBoard           *board,
                                       const char         *title,
                                       const char         *merge_key,
                                       GError            **error);

/**
 * evb_editing_set_board_description:
 * @board: the board
 * @description: (nullable): the new description; "" is none
 * @merge_key: (nullable): as for evb_editing_edit_cards()
 * @error: return location for an error
 *
 * Changes the board's description in one undo step "Edit Board Description".
 */
gboolean  evb_editing_set_board_description (EvbBoard     *board,
                                             const char   *description,
                                             const char   *merge_key,
                                             GError      **error);

/**
 * evb_editing_update_link:
 * @board: the board
 * @label: the undo step's name
 * @merge_key: (nullable): as for evb_editing_edit_cards()
 * @data: every field of the link with @data->id
 * @error: return location for an error
 *
 * Replaces a link's relation, strength and note in one undo step; nothing
 * happens when @data equals the link.
 */
gboolean  evb_editing_update_link     (EvbBoard           *board,
                                       const char         *label,
                                       const char         *merge_key,
                                       const EvbLinkData  *data,
                                       GError            **error);

/**
 * evb_editing_delete:
 * @board: the board
 * @node_ids: (element-type utf8): cards to delete (with their links)
 * @link_ids: (element-type utf8): links to delete
 * @message: (out) (transfer full) (optional): "Deleted 3 cards" or
 *   "Deleted 1 link", for a toast with an Undo button
 * @error: return location for an error
 *
 * Deletes cards and links in one undo step "Delete". The arrays may be the
 * selection's own: they are copied before anything is removed.
 */
gboolean  evb_editing_delete          (EvbBoard           *board,
                                       GPtrArray          *node_ids,
                                       GPtrArray          *link_ids,
                                       char              **message,
                                       GError            **error);

/**
 * evb_editing_link:
 * @board: the board
 * @from: the node the link starts at (the evidence)
 * @to: the node it points at (the claim)
 * @relation: supports or refutes
 * @error: return location for an error
 *
 * Links two cards in one undo step "Link as Supports"/"Link as Refutes".
 * When the two are already linked in this direction, the existing link
 * takes the new relation instead ("Relink"), since a board holds at most
 * one link per ordered pair.
 *
 * Returns: (transfer none) (nullable): the link, owned by the board.
 */
EvbLink  *evb_editing_link            (EvbBoard           *board,
                                       const char         *from,
                                       const char         *to,
                                       EvbRelation         relation,
                                       GError            **error);

/**
 * evb_editing_relink:
 * @board: the board
 * @link_id: the link to point elsewhere
 * @from: its new start
 * @to: its new end
 * @error: return location for an error
 *
 * Moves a link's ends, keeping its relation, strength and note, in one
 * undo step "Relink".
 */
gboolean  evb_editing_relink          (EvbBoard           *board,
                                       const char         *link_id,
                                       const char         *from,
                                       const char         *to,
                                       GError            **error);

/**
 * evb_editing_nudge:
 * @board: the board
 * @ids: (element-type utf8): the cards to move
 * @dx: how far right, in board units
 * @dy: how far down, in board units
 * @merge_key: (nullable): nudges in a row with the same key are one undo
 *   step (evb_board_set_merge_key()); %NULL for a step of its own
 * @error: return location for an error
 *
 * Moves cards by a step in one undo step "Move".
 */
gboolean  evb_editing_nudge           (EvbBoard           *board,
                                       GPtrArray          *ids,
                                       double              dx,
                                       double              dy,
                                       const char         *merge_key,
                                       GError            **error);

/**
 * evb_editing_layout:
 * @board: the board
 * @method: how to lay the cards out
 * @ids: (element-type utf8) (nullable): the cards to lay out, or %NULL for
 *   the whole board
 * @error: return location for an error
 *
 * Lays cards out (evb_layout_compute()) in one undo step "Tidy Up". Pinned
 * cards, and cards not in @ids, stay where they are.
 */
gboolean  evb_editing_layout          (EvbBoard           *board,
                                       EvbLayoutMethod     method,
                                       GPtrArray          *ids,
                                       GError            **error);

/**
 * evb_editing_arrange:
 * @board: the board
 * @ids: (element-type utf8): the cards to align or distribute
 * @arrangement: how
 * @error: return location for an error
 *
 * Aligns or distributes cards (evb_layout_arrange()) in one undo step
 * named after it, e.g. "Align Left Edges".
 */
gboolean  evb_editing_arrange         (EvbBoard           *board,
                                       GPtrArray          *ids,
                                       EvbArrangement      arrangement,
                                       GError            **error);

/**
 * EvbEditingGlide:
 *
 * Tidy Up with the cards gliding to their places: one transaction from
 * the first frame to the last, so it is one undo step "Tidy Up" however
 * many frames were drawn.
 */
typedef struct _EvbEditingGlide EvbEditingGlide;

/**
 * evb_editing_glide_begin:
 * @board: the board
 * @positions: (element-type EvbLayoutPosition): where the cards go, from
 *   evb_layout_compute()
 *
 * Opens the "Tidy Up" transaction and remembers where each card starts.
 *
 * Returns: (transfer full): the glide; end it with evb_editing_glide_end().
 */
EvbEditingGlide *evb_editing_glide_begin   (EvbBoard         *board,
                                            GArray           *positions);
/* How many cards move (those already in their place do not). */
guint            evb_editing_glide_get_n_cards (EvbEditingGlide *glide);
/* Puts every card @progress (0 to 1) of the way, rounded to whole units. */
gboolean         evb_editing_glide_update  (EvbEditingGlide  *glide,
                                            double            progress,
                                            GError          **error);
/* Puts every card in its place, commits and frees the glide. */
gboolean         evb_editing_glide_end     (EvbEditingGlide  *glide,
                                            GError          **error);
/* Rolls the glide back and frees it. */
void             evb_editing_glide_cancel  (EvbEditingGlide  *glide);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EvbEditingGlide, evb_editing_glide_cancel)

/**
 * EvbEditingMove:
 *
 * A card drag: one transaction from the first motion to the release, so
 * the whole drag is one undo step however many motions it had.
 */
typedef struct _EvbEditingMove EvbEditingMove;

/**
 * evb_editing_move_begin:
 * @board: the board
 * @ids: (element-type utf8): the cards that move together
 *
 * Opens the "Move" transaction and remembers where each card started.
 *
 * Returns: (transfer full): the move; end it with evb_editing_move_end().
 */
EvbEditingMove *evb_editing_move_begin   (EvbBoard        *board,
                                          GPtrArray       *ids);
/* Puts every card at its start plus (dx, dy), rounded to whole units. */
gboolean        evb_editing_move_update  (EvbEditingMove  *move,
                                          double           dx,
                                          double           dy,
                                          GError         **error);
/* Commits the move and frees it. */
gboolean        evb_editing_move_end     (EvbEditingMove  *move,
                                          GError         **error);
/* Rolls the move back and frees it. */
void            evb_editing_move_cancel  (EvbEditingMove  *move);

/* The smallest card a resize leaves: room for the header and a line. */
#define EVB_EDITING_MIN_CARD_WIDTH  100.0
#define EVB_EDITING_MIN_CARD_HEIGHT 60.0

/**
 * EvbEditingFitFunc:
 * @data: a card's fields
 * @width: (out): the width the card needs to show its text
 * @height: (out): the height it needs
 *
 * Measures a card. The core cannot lay out text (that takes Pango, in the
 * render layer), so whoever shows a board hands a measure in with
 * evb_editing_set_fit_func(); without one, cards keep the size they have.
 * The result must be whole units and depend on @data alone.
 */
typedef void (*EvbEditingFitFunc) (const EvbNodeData *data,
                                   double            *width,
                                   double            *height);

/**
 * evb_editing_set_fit_func:
 * @board: the board
 * @func: (nullable): how to measure a card, or %NULL for none
 *
 * Sets how the commands size cards to their text. A card is *fitted* when
 * its size is what @func gives for it. New cards (added or made by
 * attaching a file) at the default size are fitted; an edit of a fitted
 * card refits it (in the same undo step), so a longer title grows it; a
 * card of any other size (resized by the user, or brought in with a size
 * of its own) keeps its size until evb_editing_fit_cards().
 */
void      evb_editing_set_fit_func    (EvbBoard           *board,
                                       EvbEditingFitFunc   func);
/* The measure set with evb_editing_set_fit_func(), or %NULL. */
EvbEditingFitFunc evb_editing_get_fit_func (EvbBoard      *board);

/**
 * evb_editing_fit_cards:
 * @board: the board
 * @ids: (element-type utf8): the cards to fit; ids no longer on the board
 *   are skipped
 * @error: return location for an error
 *
 * Sizes cards to their text (the measure of evb_editing_set_fit_func()) in
 * one undo step "Fit to Text". Nothing happens without a measure or when
 * every card already fits.
 */
gboolean  evb_editing_fit_cards       (EvbBoard           *board,
                                       GPtrArray          *ids,
                                       GError            **error);

/**
 * EvbEditingResize:
 *
 * A card's resize handle dragged: one transaction from the first motion to
 * the release, so one undo step "Resize Card".
 */
typedef struct _EvbEditingResize EvbEditingResize;

/**
 * evb_editing_resize_begin:
 * @board: the board
 * @id: the card
 *
 * Opens the "Resize Card" transaction and remembers the card's size.
 *
 * Returns: (transfer full) (nullable): the resize, or %NULL when @id is
 *   not on the board; end it with evb_editing_resize_end().
 */
EvbEditingResize *evb_editing_resize_begin  (EvbBoard         *board,
                                             const char       *id);
/* Makes the card its first size plus (dw, dh), rounded to whole units and
 * at least EVB_EDITING_MIN_CARD_WIDTH × EVB_EDITING_MIN_CARD_HEIGHT. */
gboolean          evb_editing_resize_update (EvbEditingResize *resize,
                                             double            dw,
                                             double            dh,
                                             GError          **error);
/* Commits the resize and frees it. */
gboolean          evb_editing_resize_end    (EvbEditingResize *resize,
                                             GError          **error);
/* Rolls the resize back and frees it. */
void              evb_editing_resize_cancel (EvbEditingResize *resize);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EvbEditingResize, evb_editing_resize_cancel)

/**
 * evb_editing_resize_cards:
 * @board: the board
 * @ids: (element-type utf8): the cards to resize; ids no longer on the
 *   board are skipped
 * @dw: how much wider, in board units (negative: narrower)
 * @dh: how much taller, in board units (negative: shorter)
 * @merge_key: (nullable): resizes in a row with the same key are one undo
 *   step (evb_board_set_merge_key()); %NULL for a step of its own
 * @error: return location for an error
 *
 * Makes each card @dw wider and @dh taller (the keyboard's resize: its top
 * left corner stays), rounded to whole units and at least
 * EVB_EDITING_MIN_CARD_WIDTH × EVB_EDITING_MIN_CARD_HEIGHT, in one undo
 * step "Resize Card" or "Resize Cards". As with the handle, the size is the
 * card's own from then on.
 */
gboolean  evb_editing_resize_cards    (EvbBoard           *board,
                                       GPtrArray          *ids,
                                       double              dw,
                                       double              dh,
                                       const char         *merge_key,
                                       GError            **error);

/**
 * evb_editing_set_cell:
 * @board: the board
 * @evidence_id: the item (the matrix's row)
 * @claim_id: the hypothesis (its column)
 * @cell: what the item should say of it
 * @error: return location for an error
 *
 * Makes the link from the item to the claim say @cell, in one undo step
 * "Edit Matrix": N removes it; C and I keep a weak link weak and make a
 * strong one moderate; CC and II make it strong; a missing link is made.
 */
gboolean  evb_editing_set_cell        (EvbBoard           *board,
                                       const char         *evidence_id,
                                       const char         *claim_id,
                                       EvbMatrixCell       cell,
                                       GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EvbEditingMove, evb_editing_move_cancel)

/*
 * Groups. Each command is one undo step; a card is in at most one group,
 * so grouping cards takes them out of the groups they were in (and removes
 * a group left without cards).
 */

/**
 * evb_editing_group:
 * @board: the board
 * @node_ids: (element-type utf8): the cards to group; ids no longer on the
 *   board are skipped
 * @label: (nullable): the group's label; %NULL for "Group"
 * @error: return location for an error
 *
 * Frames the cards in a new group, as the undo step "Group".
 *
 * Returns: (transfer none) (nullable): the new group, owned by the board.
 */
EvbGroup *evb_editing_group           (EvbBoard           *board,
                                       GPtrArray          *node_ids,
                                       const char         *label,
                                       GError            **error);
/* Removes the frame and keeps its cards: the undo step "Ungroup". */
gboolean  evb_editing_ungroup         (EvbBoard           *board,
                                       const char         *group_id,
                                       GError            **error);
/* "Rename Group"; @merge_key as for evb_editing_edit_cards(). */
gboolean  evb_editing_rename_group    (EvbBoard           *board,
                                       const char         *group_id,
                                       const char         *label,
                                       const char         *merge_key,
                                       GError            **error);
/* "Change Group Color"; @color: (nullable): "#rrggbb" or %NULL for none. */
gboolean  evb_editing_set_group_color (EvbBoard           *board,
                                       const char         *group_id,
                                       const char         *color,
                                       GError            **error);
/* "Collapse Group" or "Expand Group". */
gboolean  evb_editing_set_group_collapsed (EvbBoard       *board,
                                       const char         *group_id,
                                       gboolean            collapsed,
                                       GError            **error);
/**
 * evb_editing_group_member_ids:
 * @group: a group
 *
 * For moving a group with its cards through evb_editing_move_begin() or
 * evb_editing_nudge().
 *
 * Returns: (transfer full) (element-type utf8): the ids of its cards.
 */
GPtrArray *evb_editing_group_member_ids (EvbGroup         *group);

/**
 * EvbAttachmentInfo:
 * @uri: where the file is
 * @sha256: its SHA-256, lower-case hex
 * @size: its size in bytes
 * @media_type: (nullable): its MIME type
 * @name: (nullable): its display name, the title of a new card
 *
 * What is known of a file once it has been hashed. With @embedded, its
 * bytes are kept in the board as the blob named @sha256 (put there first
 * with evb_store_embed_file()), and @uri says where it came from.
 */
typedef struct
{
  const char *uri;
  const char *sha256;
  gint64      size;
  const char *media_type;
  const char *name;
  gboolean    embedded;
} EvbAttachmentInfo;

/**
 * evb_editing_attach:
 * @board: the board
 * @node_id: (nullable): the evidence card that gets the file, or %NULL
 *   (or a claim) for a new evidence card
 * @info: the file
 * @x: where a new card goes (moved to a free place)
 * @y: where a new card goes
 * @error: return location for an error
 *
 * Attaches a file in one undo step "Attach File" (one SQLite transaction
 * when the board is stored): to the evidence card
 * @node_id, or to a new evidence card titled with the file's name whose
 * type is guessed from its media type.
 *
 * Returns: (transfer none) (nullable): the card that holds the file.
 */
EvbNode  *evb_editing_attach          (EvbBoard                *board,
                                       const char              *node_id,
                                       const EvbAttachmentInfo *info,
                                       double                   x,
                                       double                   y,
                                       GError                 **error);

/**
 * evb_editing_remove_attachment:
 * @board: the board
 * @node_id: the card whose file reference goes
 * @error: return location for an error
 *
 * Removes a card's attachment in one undo step "Remove Attachment".
 */
gboolean  evb_editing_remove_attachment (EvbBoard          *board,
                                         const char        *node_id,
                                         GError           **error);

G_END_DECLS

G_BEGIN_DECLS

/**
 * EvbMergeReport:
 * @nodes_added: cards taken from the other board
 * @nodes_updated: cards on both whose other copy was newer and was taken
 * @links_added: links taken from the other board
 * @conflicts: (element-type utf8): one sentence for each item that differs
 *   on the two boards, saying which copy was kept
 * @one_sided: (element-type utf8): one sentence for each item on one board
 *   only (added on one side, or deleted on the other: a merge cannot tell,
 *   so it keeps the item and says so)
 * @groups_added: groups taken from the other board
 * @groups_updated: groups on both whose other copy was newer and was taken
 *
 * What evb_editing_merge() did. Free with evb_merge_report_free().
 */
typedef struct
{
  guint      nodes_added;
  guint      nodes_updated;
  guint      links_added;
  GPtrArray *conflicts;
  GPtrArray *one_sided;
  guint      groups_added;
  guint      groups_updated;
} EvbMergeReport;

void      evb_merge_report_free       (EvbMergeReport     *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EvbMergeReport, evb_merge_report_free)

/**
 * evb_editing_merge:
 * @board: the board that receives
 * @other: the board merged into it; not changed
 * @report: (out) (transfer full) (optional): what was done, or %NULL
 * @error: return location for an error
 *
 * Merges @other into @board in one undo step "Merge Board". Cards and
 * links are matched by id; new ones are added. A card that differs on the
 * two boards takes the copy with the newer `modified` (ours on a tie); a
 * link that differs keeps ours (links have no time); the board's title and
 * description stay ours. Groups are matched by id too: a new one comes with
 * its members; one that differs takes the copy whose members' newest
 * `modified` is newer (ours on a tie). A card in one group here and another
 * there stays where it is here. Every such difference is a conflict in
 * @report.
 * On error nothing changes.
 *
 * Returns: %TRUE on success
 */
gboolean  evb_editing_merge           (EvbBoard           *board,
                                       EvbBoard           *other,
                                       EvbMergeReport    **report,
                                       GError            **error);

/**
 * evb_editing_replace_board:
 * @board: the board whose content is replaced
 * @other: the board it becomes a copy of; not changed
 * @label: the undo step's name, e.g. "Restore Sample Board"
 * @changed: (out) (optional): whether @board differed from @other
 * @error: return location for an error
 *
 * Makes @board's title, description, cards, links and groups those of
 * @other (same ids, same drawing order) in one undo step @label, so that
 * undo gives back everything that was there. The board's view settings
 * (filter, lanes) stay. Nothing happens (no undo step) when the two are
 * already the same. On error nothing changes.
 *
 * Returns: %TRUE on success
 */
gboolean  evb_editing_replace_board   (EvbBoard           *board,
                                       EvbBoard           *other,
                                       const char         *label,
                                       gboolean           *changed,
                                       GError            **error);

G_END_DECLS
