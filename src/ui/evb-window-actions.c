/* evb-window-actions.c: the window's win.* actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every action is installed on the class and switched on and off in one
 * place, _evb_window_actions_update(). Board changes go through the
 * editing layer (evb-editing.h), one undo step each; file work goes to
 * the session, which runs it in a thread.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-application.h"
#include "evb-compat.h"
#include "evb-editing.h"
#include "evb-tidy-up.h"
#include "evb-link-chooser.h"
#include "evb-print.h"
#include "evb-window-private.h"

static gboolean
selected_node_has_attachment (EvbWindow *self)
{
  GPtrArray *nodes = _evb_window_get_selected_nodes (self);
  EvbNode *node;

  if (nodes->len != 1)
    return FALSE;
  node = evb_board_get_node (_evb_window_get_board (self), g_ptr_array_index (nodes, 0));
  return node != NULL && evb_node_get_data (node)->attachment_uri != NULL;
}

/* The sample's one copy (evb-application.c): its window can restore it. */
static gboolean
window_shows_sample (EvbWindow *self)
{
  return self->session != NULL &&
         evb_application_is_sample (evb_document_get_file (evb_session_get_document (self->session)));
}

/* The undo and redo buttons say which step they take back or do again
 * ("Undo Change Reliability"), as the undo toast does: an investigator
 * several edits in does not have to guess. */
void
_evb_window_history_update (EvbWindow *self)
{
  EvbBoard *board = _evb_window_get_board (self);
  const char *undo = board != NULL ? evb_board_get_undo_label (board) : NULL;
  const char *redo = board != NULL ? evb_board_get_redo_label (board) : NULL;
  g_autofree char *undo_text = NULL;
  g_autofree char *redo_text = NULL;

  /* Translators: the undo button's tooltip, with the name of the step it
   * takes back, e.g. "Undo Change Reliability" */
  undo_text = undo != NULL ? g_strdup_printf (_("Undo %s"), undo) : g_strdup (_("Undo"));
  /* Translators: the redo button's tooltip, e.g. "Redo Change Reliability" */
  redo_text = redo != NULL ? g_strdup_printf (_("Redo %s"), redo) : g_strdup (_("Redo"));
  gtk_widget_set_tooltip_text (self->undo_button, undo_text);
  gtk_widget_set_tooltip_text (self->redo_button, redo_text);
}

void
_evb_window_actions_update (EvbWindow *self)
{
  EvbBoard *board = _evb_window_get_board (self);
  GPtrArray *nodes = _evb_window_get_selected_nodes (self);
  GPtrArray *links = self->session != NULL ? evb_selection_get_links (evb_session_get_selection (self->session))
                                           : self->none;
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_board = board != NULL;
  gboolean exporting = has_board && evb_session_get_exporting (self->session);
  gboolean has_matches = has_board && evb_search_bar_get_n_matches (self->search_bar) > 0;

  gtk_widget_action_set_enabled (widget, "win.add-claim", has_board);
  gtk_widget_action_set_enabled (widget, "win.merge-board", has_board);
  gtk_widget_action_set_enabled (widget, "win.restore-sample", has_board && window_shows_sample (self));
  gtk_widget_action_set_enabled (widget, "win.add-evidence", has_board);
  gtk_widget_action_set_enabled (widget, "win.add-evidence-menu", has_board);
  gtk_widget_action_set_enabled (widget, "win.delete", has_board && (nodes->len + links->len) > 0);
  gtk_widget_action_set_enabled (widget, "win.undo", has_board && evb_board_can_undo (board));
  gtk_widget_action_set_enabled (widget, "win.redo", has_board && evb_board_can_redo (board));
  _evb_window_history_update (self);
  /* Enabled with any selection: with the wrong one, a toast says why. */
  gtk_widget_action_set_enabled (widget, "win.link-supports", has_board);
  gtk_widget_action_set_enabled (widget, "win.link-refutes", has_board);
  gtk_widget_action_set_enabled (widget, "win.link-to", has_board);
  gtk_widget_action_set_enabled (widget, "win.edit-title", has_board && nodes->len > 0);
  gtk_widget_action_set_enabled (widget, "win.zoom-in", has_board);
  gtk_widget_action_set_enabled (widget, "win.zoom-out", has_board);
  gtk_widget_action_set_enabled (widget, "win.zoom-reset", has_board);
  gtk_widget_action_set_enabled (widget, "win.zoom-fit", has_board);
  gtk_widget_action_set_enabled (widget, "win.save-copy", has_board);
  gtk_widget_action_set_enabled (widget, "win.save-as", has_board && _evb_window_is_draft (self));
  gtk_widget_action_set_enabled (widget, "win.export-png", has_board && !exporting);
  gtk_widget_action_set_enabled (widget, "win.export-svg", has_board && !exporting);
  gtk_widget_action_set_enabled (widget, "win.export-pdf", has_board && !exporting);
  gtk_widget_action_set_enabled (widget, "win.export-report", has_board && !exporting);
  gtk_widget_action_set_enabled (widget, "win.print", has_board);
  gtk_widget_action_set_enabled (widget, "win.export-json", has_board);
  gtk_widget_action_set_enabled (widget, "win.export-matrix-csv", has_board);
  gtk_widget_action_set_enabled (widget, "win.export-timeline", has_board);
  gtk_widget_action_set_enabled (widget, "win.show-view", has_board);
  gtk_widget_action_set_enabled (widget, "win.find", has_board);
  gtk_widget_action_set_enabled (widget, "win.toggle-filter", has_board);
  gtk_widget_action_set_enabled (widget, "win.find-next", has_matches);
  gtk_widget_action_set_enabled (widget, "win.find-previous", has_matches);
  gtk_widget_action_set_enabled (widget, "win.show-inspector", has_board);
  gtk_widget_action_set_enabled (widget, "win.toggle-outline", has_board);
  /* Without a board the header bar shows only what applies: the menu. A
   * narrow window drops the buttons it has in the Add menu or the menu. */
  /* The outline's button only where the inspector fits beside the canvas
   * too: below that its width would keep the window from going narrow.
   * F8 works at every width. */
  gtk_widget_set_visible (GTK_WIDGET (self->outline_button),
                          has_board && self->sidebar != NULL && !evb_compat_sidebar_get_collapsed (self->sidebar));
  gtk_widget_set_visible (self->add_claim_button, has_board && !self->narrow);
  gtk_widget_set_visible (self->add_evidence_button, has_board);
  gtk_widget_set_visible (self->undo_button, has_board);
  gtk_widget_set_visible (self->redo_button, has_board && !self->narrow);
  gtk_widget_set_visible (GTK_WIDGET (self->search_button), has_board && !self->narrow);
  /* Like the outline's: one more button would keep the header (and the
   * window) from going narrow. The menu and Ctrl+Shift+F reach it always. */
  gtk_widget_set_visible (GTK_WIDGET (self->filter_button),
                          has_board && self->sidebar != NULL && !evb_compat_sidebar_get_collapsed (self->sidebar));
  /* The zoom readout is the widest of them, and Ctrl+0 and the menu have
   * it: where the inspector no longer fits beside the canvas, its room
   * goes to the board's title, which was cut at 600 px. It reads the
   * board's zoom, so it shows with the board only: beside the timeline's
   * time axis or the matrix it named a zoom that is not on screen. */
  gtk_widget_set_visible (self->zoom_button,
                          has_board && self->sidebar != NULL && !evb_compat_sidebar_get_collapsed (self->sidebar)
                          && g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "board") == 0);
  gtk_widget_set_visible (self->inspector_button, has_board);
  gtk_widget_action_set_enabled (widget, "win.focus-inspector", has_board);
  gtk_widget_action_set_enabled (widget, "win.attach-file", has_board);
  gtk_widget_action_set_enabled (widget, "win.check-attachments", has_board);
  gtk_widget_action_set_enabled (widget, "win.cancel-task", has_board && evb_session_get_busy (self->session));
  gtk_widget_action_set_enabled (widget, "win.open-attachment", has_board && selected_node_has_attachment (self));
  gtk_widget_action_set_enabled (widget, "win.save-attachment",
                                 has_board && evb_session_get_kept_attachment (self->session) != NULL);
  gtk_widget_action_set_enabled (widget, "win.tidy-up", has_board && evb_board_get_n_nodes (board) > 0);
  gtk_widget_action_set_enabled (widget, "win.arrange", has_board && nodes->len >= 2);
  gtk_widget_action_set_enabled (widget, "win.fit-to-text", has_board && nodes->len > 0);
  _evb_window_groups_update (self);
}

/* Adding cards */

/* Where a new card goes: right of the last selected card when it fits in
 * view there, otherwise centred in the view. The editing layer moves it to
 * a free place, and add_card() makes the view follow if that is out of
 * view. Returns the last selected card, which the person is about to
 * link it to: the editing layer then keeps that link's line clear of
 * other cards, wherever the new card goes. */
static const char *
place_at_view_centre (EvbWindow   *self,
                      EvbNodeData *data)
{
  GPtrArray *selected = _evb_window_get_selected_nodes (self);
  EvbViewport *viewport = evb_canvas_get_viewport (self->canvas);
  EvbNode *last = NULL;
  double cx, cy, left, top, right, bottom, x, y, width;

  evb_canvas_get_center (self->canvas, &cx, &cy);
  data->x = (int) (cx - data->width / 2);
  data->y = (int) (cy - data->height / 2);

  if (selected->len > 0)
    last = evb_board_get_node (_evb_window_get_board (self),
                               g_ptr_array_index (selected, selected->len - 1));
  if (last == NULL)
    return NULL;
  evb_node_get_bounds (last, &x, &y, &width, NULL);
  x += width + EVB_LAYOUT_GAP_X;
  evb_viewport_widget_to_board (viewport, 0, 0, &left, &top);
  evb_viewport_widget_to_board (viewport, gtk_widget_get_width (GTK_WIDGET (self->canvas)),
                                gtk_widget_get_height (GTK_WIDGET (self->canvas)), &right, &bottom);
  if (x >= left && y >= top && x + data->width <= right && y + data->height <= bottom)
    {
      data->x = x;
      data->y = y;
    }
  return evb_node_get_id (last);
}

static void
add_card (EvbWindow       *self,
          EvbNodeKind      kind,
          EvbEvidenceType  type)
{
  EvbBoard *board = _evb_window_get_board (self);
  g_autoptr(EvbNodeData) data = NULL;
  g_autoptr(GError) error = NULL;
  const char *beside;
  EvbNode *node;

  if (board == NULL)
    return;

  data = evb_node_data_new (kind);
  g_free (data->title);
  if (kind == EVB_NODE_KIND_CLAIM)
    data->title = g_strdup (_("New claim"));
  else
    {
      data->evidence_type = type;
      /* Translators: the title of a new card, e.g. "New radar" */
      data->title = g_strdup_printf (_("New %s"), evb_evidence_type_get_label (type));
    }
  beside = place_at_view_centre (self, data);

  node = evb_editing_add_card_beside (board, data, beside, &error);
  if (node == NULL)
    {
      _evb_window_show_error (self, error);
      return;
    }
  evb_selection_select (evb_session_get_selection (self->session), evb_node_get_id (node), FALSE);
  evb_canvas_center_on_node (self->canvas, evb_node_get_id (node));
  evb_canvas_edit_title (self->canvas, evb_node_get_id (node));
}

static void
add_claim_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  add_card (EVB_WINDOW (widget), EVB_NODE_KIND_CLAIM, EVB_EVIDENCE_TYPE_NONE);
}

static void
add_evidence_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EvbEvidenceType type = EVB_EVIDENCE_TYPE_OTHER;

  evb_evidence_type_from_string (g_variant_get_string (parameter, NULL), &type);
  add_card (EVB_WINDOW (widget), EVB_NODE_KIND_EVIDENCE, type);
}

static void
add_evidence_menu_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);

  /* The menu of evidence types, to choose with the keyboard. */
  if (gtk_widget_get_visible (self->add_evidence_button))
    gtk_menu_button_popup (GTK_MENU_BUTTON (self->add_evidence_button));
  else
    add_card (self, EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_OTHER);
}

/* Editing */

static void
tidy_up_failed (GtkWidget    *canvas,
                const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (canvas);

  if (EVB_IS_WINDOW (root))
    _evb_window_show_error (EVB_WINDOW (root), error);
}

/* Two cards or more selected: those; otherwise the whole board. */
static void
tidy_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  EvbBoard *board = _evb_window_get_board (self);
  GPtrArray *nodes = _evb_window_get_selected_nodes (self);
  EvbLayoutMethod method = EVB_LAYOUT_LAYERED;
  g_autoptr(GError) error = NULL;

  if (board == NULL)
    return;
  evb_layout_method_from_string (g_variant_get_string (parameter, NULL), &method);
  if (!evb_tidy_up_start (GTK_WIDGET (self->canvas), board, method, nodes->len >= 2 ? nodes : NULL,
                          tidy_up_failed, &error))
    _evb_window_show_error (self, error);
}

static void
arrange_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  EvbBoard *board = _evb_window_get_board (self);
  g_autoptr(GEnumClass) klass = g_type_class_ref (EVB_TYPE_ARRANGEMENT);
  GEnumValue *value = g_enum_get_value_by_nick (klass, g_variant_get_string (parameter, NULL));
  g_autoptr(GError) error = NULL;

  if (board == NULL || value == NULL)
    return;
  if (!evb_editing_arrange (board, _evb_window_get_selected_nodes (self), value->value, &error))
    _evb_window_show_error (self, error);
}

/* The selected cards, sized to their text again (the user's size goes). */
static void
fit_to_text_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  EvbBoard *board = _evb_window_get_board (self);
  g_autoptr(GError) error = NULL;

  if (board == NULL)
    return;
  if (!evb_editing_fit_cards (board, _evb_window_get_selected_nodes (self), &error))
    _evb_window_show_error (self, error);
}

/* The sample's one copy (evb-application.c) back as shipped. One undo step
 * with an Undo toast, as Delete has, instead of a question first: the
 * investigator's edits are one Ctrl+Z away, so nothing is lost by a
 * wrong click, and the window, its view and its history stay. */
static void
restore_sample_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  EvbBoard *board = _evb_window_get_board (self);
  g_autoptr(EvbBoard) sample = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed;

  if (board == NULL || !window_shows_sample (self))
    return;
  sample = evb_application_read_sample (&error);
  if (sample == NULL ||
      !evb_editing_replace_board (board, sample, _("Restore Sample Board"), &changed, &error))
    {
      _evb_window_show_error (self, error);
      return;
    }
  if (changed)
    _evb_window_show_undo_toast (self, _("Sample board restored"));
  else
    evb_window_show_toast (self, _("The sample board is as shipped"));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  EvbBoard *board = _evb_window_get_board (self);
  EvbSelection *selection;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  if (board == NULL)
    return;
  selection = evb_session_get_selection (self->session);
  if (evb_selection_is_empty (selection))
    return;

  if (!evb_editing_delete (board, evb_selection_get_nodes (selection), evb_selection_get_links (selection),
                           &message, &error))
    {
      _evb_window_show_error (self, error);
      return;
    }
  if (message != NULL)
    _evb_window_show_undo_toast (self, message);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  EvbBoard *board = _evb_window_get_board (self);
  g_autoptr(GError) error = NULL;

  if (board != NULL && evb_board_can_undo (board) && !evb_board_undo (board, &error))
    _evb_window_show_error (self, error);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  EvbBoard *board = _evb_window_get_board (self);
  g_autoptr(GError) error = NULL;

  if (board != NULL && evb_board_can_redo (board) && !evb_board_redo (board, &error))
    _evb_window_show_error (self, error);
}

static void
link_selected (EvbWindow   *self,
               EvbRelation  relation)
{
  GPtrArray *nodes = _evb_window_get_selected_nodes (self);
  EvbBoard *board = _evb_window_get_board (self);
  g_autoptr(GError) error = NULL;

  if (board == NULL)
    return;
  if (nodes->len != 2)
    {
      g_autofree char *message = NULL;

      if (nodes->len < 2)
        message = g_strdup (_("Select two cards to link: first the evidence, then the claim. Or use Link To…"));
      else
        /* Translators: %u is how many cards are selected (always more than two) */
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u card is selected: select only two, first the evidence, then the claim",
                                                "%u cards are selected: select only two, first the evidence, then the claim",
                                                nodes->len), nodes->len);
      evb_window_show_toast (self, message);
      return;
    }
  if (evb_editing_link (board, g_ptr_array_index (nodes, 0), g_ptr_array_index (nodes, 1), relation,
                        &error) == NULL)
    _evb_window_show_error (self, error);
}

static void
link_supports_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  link_selected (EVB_WINDOW (widget), EVB_RELATION_SUPPORTS);
}

static void
link_refutes_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  link_selected (EVB_WINDOW (widget), EVB_RELATION_REFUTES);
}

static void
link_chosen_cb (EvbWindow   *self,
                const char  *to_id,
                EvbRelation  relation,
                GObject     *chooser)
{
  EvbBoard *board = _evb_window_get_board (self);
  const char *from_id = g_object_get_data (chooser, "evb-from");
  g_autoptr(GError) error = NULL;
  EvbLink *link;

  if (board == NULL || evb_board_get_node (board, from_id) == NULL || evb_board_get_node (board, to_id) == NULL)
    return;
  link = evb_editing_link (board, from_id, to_id, relation, &error);
  if (link == NULL)
    {
      _evb_window_show_error (self, error);
      return;
    }
  /* The new link is selected: the inspector shows it to grade at once. */
  evb_selection_select (evb_session_get_selection (self->session), evb_link_get_id (link), FALSE);
}

static void
link_to_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  GPtrArray *nodes = _evb_window_get_selected_nodes (self);
  EvbBoard *board = _evb_window_get_board (self);
  const char *from_id;
  EvbLinkChooser *chooser;

  if (board == NULL)
    return;
  if (nodes->len == 0)
    {
      evb_window_show_toast (self, _("Select the card to link from first"));
      return;
    }
  from_id = g_ptr_array_index (nodes, nodes->len - 1);
  chooser = evb_link_chooser_new (GTK_WINDOW (self), board, from_id);
  g_object_set_data_full (G_OBJECT (chooser), "evb-from", g_strdup (from_id), g_free);
  g_signal_connect_object (chooser, "chosen", G_CALLBACK (link_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (chooser));
}

static void
edit_title_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  GPtrArray *nodes = _evb_window_get_selected_nodes (self);

  if (nodes->len > 0)
    evb_canvas_edit_title (self->canvas, g_ptr_array_index (nodes, nodes->len - 1));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);

  /* The timeline zooms its time axis: the buttons and keys act on the view shown. */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "timeline") == 0)
    {
      evb_timeline_view_zoom (self->timeline_view, g_str_equal (action_name, "win.zoom-in") ? 1.25
                                                   : g_str_equal (action_name, "win.zoom-out") ? 0.8 : 0);
      return;
    }
  if (g_str_equal (action_name, "win.zoom-in"))
    evb_canvas_zoom_by (self->canvas, 1.25);
  else if (g_str_equal (action_name, "win.zoom-out"))
    evb_canvas_zoom_by (self->canvas, 0.8);
  else if (g_str_equal (action_name, "win.zoom-reset"))
    evb_canvas_zoom_reset (self->canvas);
  else
    evb_canvas_zoom_fit (self->canvas);
}

/* Files out: Save a Copy, exports */

/* The files the window writes through the session alone, one row each:
 * choose where, write in the session's thread, say so in a toast. */
typedef struct
{
  const char *title;            /* of the file chooser */
  const char *suffix;           /* added to the board's name */
  const char *filter_name;
  const char *pattern;
  const char *failure;          /* the error dialog's heading */
  gboolean    is_copy;          /* "Saved a copy as …" rather than "Exported to …" */
  void      (*write_async)  (EvbSession *, GFile *, GAsyncReadyCallback, gpointer);
  gboolean  (*write_finish) (EvbSession *, GAsyncResult *, GError **);
} FileWrite;

static const FileWrite save_copy = {
  N_("Save a Copy"), " (copy).evboard", N_("Evidence boards"), "*.evboard",
  N_("Could Not Save a Copy"), TRUE,
  evb_session_save_copy_async, evb_session_save_copy_finish,
};

static const FileWrite export_json = {
  N_("Export JSON"), ".json", N_("JSON files"), "*.json",
  N_("Could Not Export"), FALSE,
  evb_session_export_json_async, evb_session_export_json_finish,
};

static const FileWrite save_attachment = {
  N_("Save Attachment As"), "", N_("All files"), "*",
  N_("Could Not Save the Attachment"), TRUE,
  evb_session_save_attachment_async, evb_session_save_attachment_finish,
};

static const FileWrite export_matrix_csv = {
  N_("Export Matrix as CSV"), ".csv", N_("CSV files"), "*.csv",
  N_("Could Not Export"), FALSE,
  evb_session_export_matrix_csv_async, evb_session_export_matrix_csv_finish,
};

static void export_timeline_async (EvbSession          *session,
                                   GFile               *file,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);

/* The pattern matches .png, .svg and .pdf: the file chooser takes one. */
static const FileWrite export_timeline = {
  N_("Export Timeline"), " timeline.png", N_("PNG, SVG and PDF images"), "*.[ps][nvd][gf]",
  N_("Could Not Export"), FALSE,
  export_timeline_async, evb_session_export_timeline_finish,
};

/* A file being written for the window, for the toast that says so. */
typedef struct
{
  EvbWindow       *window;
  GFile           *file;
  const FileWrite *write;
} FileJob;

static void
file_job_free (FileJob *job)
{
  g_object_unref (job->window);
  g_clear_object (&job->file);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FileJob, file_job_free)

static void
file_written_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FileJob) job = user_data;
  g_autoptr(GError) error = NULL;

  if (!job->write->write_finish (EVB_SESSION (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        evb_compat_show_error (GTK_WIDGET (job->window), _(job->write->failure), error->message);
      return;
    }
  if (job->write->is_copy)
    {
      g_autofree char *message = g_strdup_printf (_("Saved a copy as “%s”"), g_file_peek_path (job->file));

      evb_window_show_toast (job->window, message);
    }
  else
    _evb_window_exported (job->window, job->file);
}

static void
file_chosen_cb (GFile    *file,
                gpointer  user_data)
{
  FileJob *job = user_data;

  if (file == NULL || job->window->session == NULL)
    {
      file_job_free (job);
      return;
    }
  job->file = g_object_ref (file);
  job->write->write_async (job->window->session, file, file_written_cb, job);
}

static void
choose_and_write (EvbWindow       *self,
                  const FileWrite *write)
{
  g_autofree char *name = evb_export_dialog_suggest_name (_evb_window_get_board (self), write->suffix);
  FileJob *job = g_new0 (FileJob, 1);

  job->window = g_object_ref (self);
  job->write = write;
  evb_compat_choose_file (GTK_WINDOW (self), _(write->title), write->is_copy ? _("_Save") : _("_Export"),
                          TRUE, name, _(write->filter_name), write->pattern, file_chosen_cb, job);
}

/* Save Attachment As…: the file kept in the board, under its own name. */
static void
save_attachment_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  EvbNode *node = self->session != NULL ? evb_session_get_kept_attachment (self->session) : NULL;
  g_autoptr(GFile) original = NULL;
  g_autofree char *name = NULL;
  FileJob *job;

  if (node == NULL)
    return;
  original = g_file_new_for_uri (evb_node_get_data (node)->attachment_uri);
  name = g_file_get_basename (original);
  job = g_new0 (FileJob, 1);
  job->window = g_object_ref (self);
  job->write = &save_attachment;
  evb_compat_choose_file (GTK_WINDOW (self), _(save_attachment.title), _("_Save"), TRUE, name,
                          _(save_attachment.filter_name), save_attachment.pattern,
                          file_chosen_cb, job);
}

static void
save_copy_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  choose_and_write (EVB_WINDOW (widget), &save_copy);
}

static void
export_json_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  choose_and_write (EVB_WINDOW (widget), &export_json);
}

static void
export_matrix_csv_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  choose_and_write (EVB_WINDOW (widget), &export_matrix_csv);
}

/* In the lanes the timeline shows. */
static void
export_timeline_async (EvbSession          *session,
                       GFile               *file,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  FileJob *job = user_data;
  EvbTimelinePicture *picture = evb_timeline_view_get_picture (job->window->timeline_view);

  evb_session_export_timeline_async (session, file,
                                     picture != NULL ? evb_timeline_picture_get_lanes (picture)
                                                     : EVB_TIMELINE_LANES_TYPE,
                                     callback, user_data);
}

static void
export_timeline_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  choose_and_write (EVB_WINDOW (widget), &export_timeline);
}

static void
export_image_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  EvbExportFormat format = EVB_EXPORT_PNG;

  if (self->session == NULL)
    return;
  if (g_str_equal (action_name, "win.export-svg"))
    format = EVB_EXPORT_SVG;
  else if (g_str_equal (action_name, "win.export-pdf"))
    format = EVB_EXPORT_PDF;
  evb_export_dialog_present (GTK_WINDOW (self), self->session, format, &self->export_choices,
                             _evb_window_image_exported_cb);
}

static void
export_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);

  if (self->session == NULL)
    return;
  evb_export_dialog_present_report (GTK_WINDOW (self), self->session, _evb_window_image_exported_cb);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  EvbBoard *board = _evb_window_get_board (self);

  if (board == NULL)
    return;
  evb_print_run (GTK_WINDOW (self), board, evb_session_get_attachments (self->session), NULL, NULL);
}

/* Views */

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  adw_view_stack_set_visible_child_name (self->view_stack, name);
  /* The keyboard goes where the view switched to. */
  if (g_str_equal (name, "matrix"))
    evb_matrix_view_focus (self->matrix_view);
  else if (g_str_equal (name, "timeline"))
    evb_timeline_view_focus (self->timeline_view);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

void
_evb_window_show_on_board (EvbWindow  *self,
                           const char *id)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "board");
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  evb_canvas_center_on_node (self->canvas, id);
}

static void
open_export_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  g_autofree char *uri = NULL;

  if (self->last_export == NULL)
    return;
  uri = g_file_get_uri (self->last_export);
  evb_compat_open_uri (GTK_WINDOW (self), uri);
}

/* Search */

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);

  if (g_str_equal (action_name, "win.find-next"))
    evb_search_bar_step (self->search_bar, 1);
  else if (g_str_equal (action_name, "win.find-previous"))
    evb_search_bar_step (self->search_bar, -1);
  else
    evb_search_bar_begin (self->search_bar);
}

static void
toggle_filter_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);

  evb_filter_bar_set_search_mode (self->filter_bar, !evb_filter_bar_get_search_mode (self->filter_bar));
}

/* F6-style: from the canvas into the inspector's first field and back. */
static void
focus_inspector_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->inspector)))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
      return;
    }
  _evb_window_set_show_inspector (self, TRUE);
  evb_inspector_focus (self->inspector);
}

/* Attachments */

static void
attach_chosen_cb (GFile    *file,
                  gpointer  user_data)
{
  g_autoptr(EvbWindow) self = user_data;
  GPtrArray *nodes;
  const char *attach_to = NULL;
  GSList files = { file, NULL };
  EvbNodeData data = { 0 };

  if (file == NULL || self->session == NULL)
    return;

  /* One selected evidence card gets the file; otherwise a new card. */
  nodes = _evb_window_get_selected_nodes (self);
  if (nodes->len == 1)
    {
      EvbNode *node = evb_board_get_node (_evb_window_get_board (self), g_ptr_array_index (nodes, 0));

      if (node != NULL && evb_node_get_kind (node) == EVB_NODE_KIND_EVIDENCE)
        attach_to = evb_node_get_id (node);
    }
  data.width = EVB_NODE_DEFAULT_WIDTH;
  data.height = EVB_NODE_DEFAULT_HEIGHT;
  place_at_view_centre (self, &data);
  _evb_window_attach_files (self, &files, data.x, data.y, attach_to);
}

static void
attach_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);

  evb_compat_choose_file (GTK_WINDOW (self), _("Attach a File"), _("_Attach"), FALSE, NULL,
                          _("All files"), "*", attach_chosen_cb, g_object_ref (self));
}

static void
cancel_task_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);

  if (self->session != NULL)
    evb_session_cancel_task (self->session);
}

static void
check_attachments_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);

  if (self->session != NULL)
    evb_session_check_attachments (self->session);
}

static void
attachment_copied_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(EvbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) copy = NULL;
  g_autofree char *uri = NULL;

  copy = evb_session_open_attachment_finish (EVB_SESSION (source), result, &error);
  if (copy == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        evb_compat_show_error (GTK_WIDGET (self), _("Could Not Open the Attachment"),
                               error->message);
      return;
    }
  uri = g_file_get_uri (copy);
  evb_compat_open_uri (GTK_WINDOW (self), uri);
}

static void
open_attachment_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  GPtrArray *nodes = _evb_window_get_selected_nodes (self);
  EvbNode *node;
  const char *uri;
  g_autoptr(GFile) file = NULL;

  if (self->session == NULL || nodes->len != 1)
    return;
  node = evb_board_get_node (_evb_window_get_board (self), g_ptr_array_index (nodes, 0));
  uri = node != NULL ? evb_node_get_data (node)->attachment_uri : NULL;
  if (uri == NULL)
    return;

  /* A file kept in the board opens as a read-only copy of its bytes,
   * wherever the original went. */
  if (evb_node_get_data (node)->attachment_embedded)
    {
      evb_session_open_attachment_async (self->session, attachment_copied_cb, g_object_ref (self));
      return;
    }

  file = g_file_new_for_uri (uri);
  if (!g_file_query_exists (file, NULL))
    {
      g_autofree char *name = g_file_get_basename (file);
      /* Translators: %s is a file name */
      g_autofree char *message = g_strdup_printf (_("“%s” is not where the board says it is"), name);

      evb_window_show_toast (self, message);
      evb_attachment_state_set_status (evb_session_get_attachments (self->session), evb_node_get_id (node),
                                       EVB_ATTACHMENT_MISSING);
      return;
    }
  evb_compat_open_uri (GTK_WINDOW (self), uri);
}

static void
toggle_outline_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);

  gtk_toggle_button_set_active (self->outline_button, !gtk_toggle_button_get_active (self->outline_button));
}

void
_evb_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.add-claim", NULL, add_claim_action);
  gtk_widget_class_install_action (widget_class, "win.add-evidence", "s", add_evidence_action);
  gtk_widget_class_install_action (widget_class, "win.add-evidence-menu", NULL, add_evidence_menu_action);
  gtk_widget_class_install_action (widget_class, "win.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.link-supports", NULL, link_supports_action);
  gtk_widget_class_install_action (widget_class, "win.link-refutes", NULL, link_refutes_action);
  gtk_widget_class_install_action (widget_class, "win.link-to", NULL, link_to_action);
  gtk_widget_class_install_action (widget_class, "win.edit-title", NULL, edit_title_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.save-copy", NULL, save_copy_action);
  gtk_widget_class_install_action (widget_class, "win.export-png", NULL, export_image_action);
  gtk_widget_class_install_action (widget_class, "win.export-svg", NULL, export_image_action);
  gtk_widget_class_install_action (widget_class, "win.export-pdf", NULL, export_image_action);
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL, export_report_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.restore-sample", NULL, restore_sample_action);
  gtk_widget_class_install_action (widget_class, "win.export-json", NULL, export_json_action);
  gtk_widget_class_install_action (widget_class, "win.merge-board", NULL, _evb_window_merge_board_action);
  gtk_widget_class_install_action (widget_class, "win.export-matrix-csv", NULL, export_matrix_csv_action);
  gtk_widget_class_install_action (widget_class, "win.export-timeline", NULL, export_timeline_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  /* The canvas takes Tab for its cards: the views have keys of their own. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-view", "s", "board");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-view", "s", "matrix");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-view", "s", "timeline");
  gtk_widget_class_install_action (widget_class, "win.open-export", NULL, open_export_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-filter", NULL, toggle_filter_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.focus-inspector", NULL, focus_inspector_action);
  gtk_widget_class_install_action (widget_class, "win.attach-file", NULL, attach_file_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-task", NULL, cancel_task_action);
  gtk_widget_class_install_action (widget_class, "win.open-attachment", NULL, open_attachment_action);
  gtk_widget_class_install_action (widget_class, "win.save-attachment", NULL, save_attachment_action);
  gtk_widget_class_install_action (widget_class, "win.check-attachments", NULL, check_attachments_action);
  gtk_widget_class_install_action (widget_class, "win.tidy-up", "s", tidy_up_action);
  gtk_widget_class_install_action (widget_class, "win.arrange", "s", arrange_action);
  gtk_widget_class_install_action (widget_class, "win.fit-to-text", NULL, fit_to_text_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-outline", NULL, toggle_outline_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-inspector", "show-inspector");
  _evb_window_class_groups_init (widget_class);
}
