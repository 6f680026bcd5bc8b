/* evb-editor.h: what the inspector's editors share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "evb-attachment-state.h"
#include "evb-board.h"
#include "evb-editing.h"
#include "evb-selection.h"

G_BEGIN_DECLS

#define EVB_TYPE_EDITOR (evb_editor_get_type ())

G_DECLARE_DERIVABLE_TYPE (EvbEditor, evb_editor, EVB, EDITOR, AdwBin)

/**
 * EvbEditor:
 *
 * One page of the inspector: the board editor, the node editor, the link
 * editor or the several-cards editor. The base class keeps the board, its
 * selection and its attachment state (references, never copies), the
 * typing session that joins the keys typed into one field into one undo
 * step, and the helpers the editors share (grades, tags, colours).
 *
 * The board is the truth: after any change the inspector calls
 * evb_editor_sync(), and the editor copies the board into its widgets,
 * touching only what differs so the cursor never jumps while typing.
 * Edits made while it syncs are ignored.
 *
 * Signals:
 * - `error` (GError *): an edit could not be made (the error says why);
 *   the widgets show the board again.
 */
struct _EvbEditorClass
{
  AdwBinClass parent_class;

  /* Copies the board into the widgets. */
  void (*sync) (EvbEditor *self);
};

/* Edits board (NULL: nothing) following its selection. Keeps references
 * and starts a new typing session. */
void                 evb_editor_set_board           (EvbEditor          *self,
                                                     EvbBoard           *board,
                                                     EvbSelection       *selection,
                                                     EvbAttachmentState *attachments);

/**
 * evb_editor_get_board:
 *
 * Returns: (transfer none) (nullable): the board edited, or %NULL.
 */
EvbBoard            *evb_editor_get_board           (EvbEditor          *self);

/**
 * evb_editor_get_selection:
 *
 * Returns: (transfer none) (nullable): the board's one selection, or %NULL
 *   without a board.
 */
EvbSelection        *evb_editor_get_selection       (EvbEditor          *self);

/**
 * evb_editor_get_attachments:
 *
 * Returns: (transfer none) (nullable): what is known of the board's files.
 */
EvbAttachmentState  *evb_editor_get_attachments     (EvbEditor          *self);

/**
 * evb_editor_get_node_ids:
 *
 * Returns: (transfer none) (element-type utf8): the selected card ids
 *   (empty without a board); valid until the selection changes.
 */
GPtrArray           *evb_editor_get_node_ids        (EvbEditor          *self);

/**
 * evb_editor_get_link_ids:
 *
 * Returns: (transfer none) (element-type utf8): the selected link ids
 *   (empty without a board); valid until the selection changes.
 */
GPtrArray           *evb_editor_get_link_ids        (EvbEditor          *self);

/* Copies the board into the widgets (the class's sync). */
void                 evb_editor_sync                (EvbEditor          *self);
/* TRUE while sync runs: changes of the widgets are not edits then. */
gboolean             evb_editor_is_syncing          (EvbEditor          *self);
/* Ends the typing session: the next key typed is a new undo step. */
void                 evb_editor_end_session         (EvbEditor          *self);

/**
 * evb_editor_dup_merge_key:
 * @field: the field typed into
 *
 * Returns: (transfer full): the merge key of this field in this typing
 *   session ("inspector:FIELD:N").
 */
char                *evb_editor_dup_merge_key       (EvbEditor          *self,
                                                     const char         *field);
/* Ends a typing session when widget loses the focus; a date left half
 * typed (the "error" style) goes back to what the board holds. Turns the
 * widget's own undo off: Ctrl+Z is the board's undo. */
void                 evb_editor_watch_focus         (EvbEditor          *self,
                                                     GtkWidget          *widget);
/* When an edit failed (ok FALSE), emits `error` and shows the board again. */
void                 evb_editor_report              (EvbEditor          *self,
                                                     gboolean            ok,
                                                     GError             *error);
/* Applies func to every selected card in one undo step (see
 * evb_editing_edit_cards()); merge_field (nullable) joins the typing
 * session's step of that field. Does nothing while syncing. */
void                 evb_editor_edit_cards          (EvbEditor          *self,
                                                     const char         *label,
                                                     const char         *merge_field,
                                                     EvbEditingNodeFunc  func,
                                                     gconstpointer       user_data);

/* Widgets: set only what differs, so the cursor stays where it is. */
void                 evb_editor_set_text            (GtkWidget          *editable,
                                                     const char         *text);
char                *evb_editor_get_buffer_text     (GtkTextBuffer      *buffer);
/* The same for a text view, which is then measured again: its height
 * follows the new text. */
void                 evb_editor_set_view_text       (GtkTextView        *view,
                                                     const char         *text);
void                 evb_editor_set_combo           (AdwComboRow        *row,
                                                     guint               position);

/* Grades and types: the combo rows' models and the edits they make. */
void                 evb_editor_setup_type_row      (EvbEditor          *self,
                                                     AdwComboRow        *row);
void                 evb_editor_setup_reliability_row  (EvbEditor       *self,
                                                        AdwComboRow     *row);
void                 evb_editor_setup_credibility_row  (EvbEditor       *self,
                                                        AdwComboRow     *row);
guint                evb_editor_reliability_position   (char             reliability);

/* Tags: the pills in box (each with a button that removes its tag from
 * every selected card), and the entry that adds tags. shown remembers
 * what box shows. */
void                 evb_editor_show_tags           (EvbEditor          *self,
                                                     GtkFlowBox         *box,
                                                     char              **shown,
                                                     const char * const *tags);
void                 evb_editor_setup_tag_entry     (EvbEditor          *self,
                                                     GtkWidget          *entry);

/* Colours: a row of swatches in box; mixed selects none of them. */
void                 evb_editor_setup_swatches      (EvbEditor          *self,
                                                     GtkBox             *box);
void                 evb_editor_show_color          (GtkBox             *box,
                                                     const char         *color,
                                                     gboolean            mixed);

G_END_DECLS
