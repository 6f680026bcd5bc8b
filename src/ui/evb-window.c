/* evb-window.c: a window showing one board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shell: the header bar, the status page or the board, the inspector
 * beside the canvas or over it in a narrow window, and the progress of the
 * session's task. The board and everything done for it in the background
 * belong to the EvbSession; the window observes it. Behaviour lives in
 * win.* actions (evb-window-actions.c), dropping files in
 * evb-window-dnd.c, the export options in evb-export-dialog.c.
 *
 * Every change goes through the editing layer, one undo step a gesture;
 * the document writes it to the working copy at once and back to the
 * user's file shortly after. There is never an "unsaved changes" question.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-compat.h"
#include "evb-window-private.h"

/* Narrower than this, the inspector overlays the canvas instead of
 * sitting beside it. */
#define SIDEBAR_COLLAPSE_WIDTH 860

/* Narrow windows (phones, half a laptop screen) drop the header bar's
 * least needed buttons; they stay in the menu and on the keyboard. */
#define NARROW_WIDTH 560

enum {
  PROP_0,
  PROP_SHOW_INSPECTOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  EXPORTED,
  ATTACHMENTS_CHECKED,
  THUMBNAIL_MADE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EvbWindow, evb_window, ADW_TYPE_APPLICATION_WINDOW)

EvbBoard *
_evb_window_get_board (EvbWindow *self)
{
  return self->session != NULL ? evb_session_get_board (self->session) : NULL;
}

GPtrArray *
_evb_window_get_selected_nodes (EvbWindow *self)
{
  return self->session != NULL ? evb_selection_get_nodes (evb_session_get_selection (self->session))
                               : self->none;
}

/* libadwaita 1.2's toast names its button "_Undo Undo" (see
 * evb_compat_name_mnemonic_buttons()) and its close button "GtkImage". */
static void
name_toast_buttons (EvbWindow *self)
{
  GtkWidget *content = adw_toast_overlay_get_child (self->toast_overlay);

  for (GtkWidget *toast = gtk_widget_get_first_child (GTK_WIDGET (self->toast_overlay)); toast != NULL;
       toast = gtk_widget_get_next_sibling (toast))
    {
      if (toast == content)
        continue;
      evb_compat_name_mnemonic_buttons (toast);
      for (GtkWidget *child = gtk_widget_get_first_child (toast); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)) == NULL)
          gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Dismiss"), -1);
    }
}

/* A toast waiting in the queue gets its widget when the one before goes. */
static void
toast_dismissed_cb (EvbWindow *self)
{
  /* A closing window dismisses its toasts after its overlay is gone. */
  if (self->toast_overlay == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  name_toast_buttons (self);
}

static void
add_toast (EvbWindow *self,
           AdwToast  *toast)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  g_autofree char *title = g_strdup (adw_toast_get_title (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, G_CONNECT_SWAPPED);
  name_toast_buttons (self);
  /* What the toast says is said where the focus is. Before GTK 4.14 that
   * takes over the focused widget's description, which only the canvas
   * gives back (it describes the selection anew); elsewhere a tooltip
   * would be lost. */
  if (EVB_IS_CANVAS (focus))
    evb_compat_announce (focus, title);
}

void
evb_window_show_toast (EvbWindow  *self,
                       const char *message)
{
  g_return_if_fail (EVB_IS_WINDOW (self));

  add_toast (self, adw_toast_new (message));
}

void
_evb_window_show_error (EvbWindow    *self,
                        const GError *error)
{
  evb_window_show_toast (self, error->message);
}

/* Shown: the outline takes the keyboard, as the search bar does. */
static void
outline_toggled_cb (EvbWindow *self)
{
  if (gtk_toggle_button_get_active (self->outline_button))
    evb_outline_focus (self->outline);
}

static void
error_cb (EvbWindow *self,
          GError    *error)
{
  _evb_window_show_error (self, error);
}

/* After a deletion: "Deleted 2 cards", with a way back. */
void
_evb_window_show_undo_toast (EvbWindow  *self,
                             const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  add_toast (self, toast);
}

static void
update_title (EvbWindow *self)
{
  EvbBoard *board = _evb_window_get_board (self);
  const char *title = board != NULL ? evb_board_get_title (board) : NULL;
  g_autofree char *subtitle = NULL;

  if (title == NULL || title[0] == '\0')
    title = _("Evidence Board");
  if (self->session != NULL && _evb_window_is_draft (self))
    subtitle = g_strdup (_("Not saved to a file yet"));
  else if (self->session != NULL)
    subtitle = g_file_get_basename (evb_document_get_file (evb_session_get_document (self->session)));

  adw_view_switcher_title_set_title (self->window_title, title);
  adw_view_switcher_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* An empty board says how to begin; the first card takes the hint away. */
static void
update_empty_hint (EvbWindow *self)
{
  EvbBoard *board = _evb_window_get_board (self);

  gtk_widget_set_visible (self->empty_hint, board != NULL && evb_board_get_n_nodes (board) == 0);
}

/* The views switch in the header bar, or in a bar at the bottom when the
 * header bar is too narrow for the switcher; not without a board. */
static void
update_switcher (EvbWindow *self)
{
  gboolean has_board = self->session != NULL;

  adw_view_switcher_title_set_view_switcher_enabled (self->window_title, has_board);
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    has_board && adw_view_switcher_title_get_title_visible (self->window_title));
}

static void
zoom_changed_cb (EvbWindow *self)
{
  double zoom = evb_viewport_get_zoom (evb_canvas_get_viewport (self->canvas));
  /* Translators: the zoom level, e.g. "75 %" */
  g_autofree char *label = g_strdup_printf (_("%.0f %%"), zoom * 100);

  gtk_button_set_label (GTK_BUTTON (self->zoom_button), label);
}

static void
write_error_cb (EvbWindow *self)
{
  const GError *error = NULL;

  if (self->session != NULL)
    error = evb_document_get_write_error (evb_session_get_document (self->session));
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Changes cannot be written to the board file: %s. "
                                                 "They are kept safe and will be written when "
                                                 "possible."), error->message);
      gtk_label_set_text (self->banner_label, text);
    }
  gtk_revealer_set_reveal_child (self->banner_revealer, error != NULL);
}

/* Save As gave the board another file (a draft its place): the window
 * names it, the recent boards list it, and Save As is for drafts only. */
static void
file_changed_cb (EvbWindow *self)
{
  EvbDocument *document = evb_window_get_document (self);

  if (document == NULL)
    return;
  evb_status_page_remember (evb_document_get_file (document),
                            evb_board_get_title (evb_document_get_board (document)));
  update_title (self);
  _evb_window_actions_update (self);
}

static void
style_dark_cb (EvbWindow *self)
{
  evb_canvas_set_dark (self->canvas, adw_style_manager_get_dark (adw_style_manager_get_default ()));
}

static void
style_high_contrast_cb (EvbWindow *self)
{
  evb_canvas_set_high_contrast (self->canvas,
                                adw_style_manager_get_high_contrast (adw_style_manager_get_default ()));
}

/* The session's task (attaching, exporting) in the bar above the canvas. */
static void
update_progress (EvbWindow *self)
{
  const char *task = self->session != NULL ? evb_session_get_task (self->session) : NULL;

  if (task != NULL)
    {
      double progress = evb_session_get_task_progress (self->session);

      gtk_label_set_text (self->progress_label, task);
      if (progress < 0)
        gtk_progress_bar_pulse (self->progress_bar);
      else
        gtk_progress_bar_set_fraction (self->progress_bar, progress);
    }
  gtk_revealer_set_reveal_child (self->progress_revealer, task != NULL);
}

/* The lanes the person picks are kept with the board by its session. */
static void
timeline_lanes_changed_cb (EvbWindow *self)
{
  if (self->session != NULL)
    evb_session_set_timeline_lanes (self->session, evb_timeline_view_get_lanes (self->timeline_view));
}

/* Loading: work done before there is a board to show (an import that
 * reads one file and writes another). The window is there from the start,
 * so the person sees that something happens and can stop it. How far the
 * work is cannot be told, so the bar pulses. */

static gboolean
pulse_loading_cb (gpointer user_data)
{
  EvbWindow *self = user_data;

  gtk_progress_bar_pulse (self->loading_bar);
  return G_SOURCE_CONTINUE;
}

static void
stop_loading (EvbWindow *self)
{
  g_clear_handle_id (&self->loading_pulse, g_source_remove);
  g_clear_object (&self->loading_cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-loading", FALSE);
}

static void
cancel_loading_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);

  if (self->loading_cancellable == NULL)
    return;
  g_cancellable_cancel (self->loading_cancellable);
  /* Whoever loads ends the page once its thread has stopped. */
  gtk_widget_action_set_enabled (widget, "win.cancel-loading", FALSE);
}

/* The filter's matches go to whoever shows cards: hidden or dimmed on
 * the canvas, the matrix's rows, and the search looks among them only. */
static void
filter_changed_cb (EvbWindow *self)
{
  EvbRenderer *renderer = evb_canvas_get_renderer (self->canvas);
  GHashTable *matches = NULL;
  g_autoptr(GHashTable) dimmed = NULL;
  gboolean hide = FALSE;

  if (self->session != NULL)
    {
      matches = evb_session_get_filter_matches (self->session);
      hide = evb_filter_get_hide (evb_session_get_filter (self->session));
    }
  if (matches != NULL && !hide)
    {
      GPtrArray *nodes = evb_board_get_nodes (evb_session_get_board (self->session));

      dimmed = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < nodes->len; i++)
        {
          const char *id = evb_node_get_id (g_ptr_array_index (nodes, i));

          if (!g_hash_table_contains (matches, id))
            g_hash_table_add (dimmed, (gpointer) id);
        }
    }
  if (renderer != NULL)
    {
      evb_renderer_set_visible_nodes (renderer, hide ? matches : NULL);
      evb_renderer_set_dimmed_nodes (renderer, dimmed);
    }
  evb_search_bar_set_scope (self->search_bar, matches);
  evb_outline_set_scope (self->outline, hide ? matches : NULL);
  /* The matrix shows the matching rows only, dimmed or hidden alike: it
   * says how many it leaves out. */
  evb_matrix_view_set_scope (self->matrix_view, matches);
}

/* Closed with the keyboard inside it, the bar gives the keyboard back to
 * the board, as the search bar does. */
static void
filter_bar_toggled_cb (EvbWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (!evb_filter_bar_get_search_mode (self->filter_bar) &&
      (focus == NULL || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->filter_bar)) ||
       !gtk_widget_get_mapped (focus)))
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
task_changed_cb (EvbWindow *self)
{
  update_progress (self);
  _evb_window_actions_update (self);
}

static void
attachments_checked_cb (EvbWindow *self,
                        guint      flagged)
{
  if (flagged > 0)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u attachment is missing or has changed",
                                      "%u attachments are missing or have changed", flagged), flagged);

      evb_window_show_toast (self, message);
    }
  g_signal_emit (self, signals[ATTACHMENTS_CHECKED], 0);
}

static void
thumbnail_made_cb (EvbWindow  *self,
                   const char *sha256)
{
  g_signal_emit (self, signals[THUMBNAIL_MADE], 0, sha256);
}

static void
attach_failed_cb (EvbWindow *self,
                  GFile     *file,
                  GError    *error)
{
  g_autofree char *name = g_file_get_basename (file);
  /* Translators: a file could not be attached; the second %s says why */
  g_autofree char *message = g_strdup_printf (_("Could not attach “%s”: %s"), name, error->message);

  evb_window_show_toast (self, message);
}

void
_evb_window_exported (EvbWindow *self,
                      GFile     *file)
{
  g_autofree char *message = NULL;
  g_autofree char *name = g_file_get_basename (file);
  AdwToast *toast;

  g_set_object (&self->last_export, file);
  message = g_strdup_printf (_("Exported to “%s”"), name);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "win.open-export");
  add_toast (self, toast);
}

void
_evb_window_image_exported_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(EvbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = evb_session_export_image_finish (EVB_SESSION (source), result, &error);

  if (file == NULL)
    {
      /* Busy: the files being attached come first, as before. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY))
        evb_compat_show_error (GTK_WIDGET (self), _("Could Not Export"), error->message);
      g_signal_emit (self, signals[EXPORTED], 0, NULL, error);
      return;
    }
  _evb_window_exported (self, file);
  g_signal_emit (self, signals[EXPORTED], 0, file, NULL);
}

void
evb_window_export_image (EvbWindow              *self,
                         GFile                  *file,
                         EvbExportFormat         format,
                         const EvbExportOptions *options)
{
  g_return_if_fail (EVB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->session == NULL || evb_session_get_busy (self->session))
    return;
  evb_session_export_image_async (self->session, file, format, options, _evb_window_image_exported_cb,
                                  g_object_ref (self));
}

/* The inspector */

void
_evb_window_set_show_inspector (EvbWindow *self,
                                gboolean   show)
{
  if (self->show_inspector == show)
    return;
  self->show_inspector = show;
  /* What the person asked for, as opposed to what a narrow window forces. */
  if (self->sidebar == NULL || !evb_compat_sidebar_get_collapsed (self->sidebar))
    self->inspector_wanted = show;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_INSPECTOR]);
}

/* Narrow layout. Done in an idle because visibility cannot change during
 * an allocation. libadwaita 1.4's breakpoints would say this in the .ui
 * file. */
static void
apply_narrow_cb (gpointer user_data)
{
  EvbWindow *self = user_data;

  self->narrow_idle = 0;
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->add_evidence_button),
                                  self->narrow ? self->add_menu : self->evidence_menu);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->add_evidence_button),
                                 self->narrow ? "list-add-symbolic" : "evb-add-evidence-symbolic");
  gtk_widget_set_tooltip_text (self->add_evidence_button, self->narrow ? _("Add") : _("Add Evidence"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_evidence_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->narrow ? _("Add") : _("Add Evidence"), -1);
  if (evb_compat_sidebar_set_width (self->sidebar, self->width, SIDEBAR_COLLAPSE_WIDTH))
    {
      gboolean wanted = self->inspector_wanted;

      /* Collapsed, the inspector would cover the canvas: it waits to be
       * asked for. Expanded again, it comes back if it was there. */
      _evb_window_set_show_inspector (self, evb_compat_sidebar_get_collapsed (self->sidebar) ? FALSE : wanted);
      self->inspector_wanted = wanted;
    }
  _evb_window_actions_update (self);   /* which header buttons show */
}

static void
evb_window_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  EvbWindow *self = EVB_WINDOW (widget);
  gboolean narrow = width < NARROW_WIDTH;
  gboolean collapse = width <= SIDEBAR_COLLAPSE_WIDTH;

  GTK_WIDGET_CLASS (evb_window_parent_class)->size_allocate (widget, width, height, baseline);

  if (narrow != self->narrow || collapse != (self->width <= SIDEBAR_COLLAPSE_WIDTH) || self->width == 0)
    {
      self->narrow = narrow;
      if (self->narrow_idle == 0)
        self->narrow_idle = g_idle_add_once (apply_narrow_cb, self);
    }
  self->width = width;
}

/* Closing writes everything back: nothing is ever unsaved. */
static gboolean
evb_window_close_request (GtkWindow *window)
{
  EvbWindow *self = EVB_WINDOW (window);
  g_autoptr(GFile) discard = NULL;

  /* A new board without a place asks first (evb-window-draft.c). */
  if (_evb_window_draft_keep_open (self, &discard))
    return TRUE;
  if (self->loading_cancellable != NULL)
    g_cancellable_cancel (self->loading_cancellable);
  stop_loading (self);
  evb_window_set_session (self, NULL);
  if (discard != NULL)
    _evb_window_delete_draft (discard);
  return GTK_WINDOW_CLASS (evb_window_parent_class)->close_request (window);
}

static void
evb_window_dispose (GObject *object)
{
  EvbWindow *self = EVB_WINDOW (object);

  if (self->session != NULL)
    evb_window_set_session (self, NULL);
  if (self->loading_cancellable != NULL)
    g_cancellable_cancel (self->loading_cancellable);
  stop_loading (self);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->board_signals);
  g_clear_object (&self->selection_signals);
  g_clear_object (&self->document_signals);
  g_clear_object (&self->last_export);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->none, g_ptr_array_unref);
  g_clear_handle_id (&self->narrow_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), EVB_TYPE_WINDOW);

  G_OBJECT_CLASS (evb_window_parent_class)->dispose (object);
}

static void
evb_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  EvbWindow *self = EVB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_INSPECTOR:
      g_value_set_boolean (value, self->show_inspector);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
evb_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  EvbWindow *self = EVB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_INSPECTOR:
      _evb_window_set_show_inspector (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
evb_window_class_init (EvbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = evb_window_dispose;
  object_class->get_property = evb_window_get_property;
  object_class->set_property = evb_window_set_property;
  window_class->close_request = evb_window_close_request;
  widget_class->size_allocate = evb_window_size_allocate;
  _evb_window_class_draft_init (widget_class);

  properties[PROP_SHOW_INSPECTOR] =
    g_param_spec_boolean ("show-inspector", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* An image export finished: the file, or NULL and why not. */
  signals[EXPORTED] =
    g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_FILE, G_TYPE_ERROR);
  /* The check of the board's attachments finished. */
  signals[ATTACHMENTS_CHECKED] =
    g_signal_new ("attachments-checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  /* A thumbnail of an attached image was made and stored (its SHA-256). */
  signals[THUMBNAIL_MADE] =
    g_signal_new ("thumbnail-made", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (EVB_TYPE_CANVAS);
  g_type_ensure (EVB_TYPE_INSPECTOR);
  g_type_ensure (EVB_TYPE_FILTER_BAR);
  g_type_ensure (EVB_TYPE_MATRIX_VIEW);
  g_type_ensure (EVB_TYPE_OUTLINE);
  g_type_ensure (EVB_TYPE_SEARCH_BAR);
  g_type_ensure (EVB_TYPE_STATUS_PAGE);
  g_type_ensure (EVB_TYPE_TIMELINE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/evidenceboard/EvidenceBoard/evb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, add_evidence_button);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, add_claim_button);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, evidence_menu);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, add_menu);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, redo_button);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, inspector_button);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, empty_hint);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, outline);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, outline_button);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, matrix_view);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, timeline_view);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, board_page);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, board_content);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, loading_bar);
  gtk_widget_class_install_action (widget_class, "win.cancel-loading", NULL, cancel_loading_action);

  _evb_window_class_actions_init (widget_class);
}

/* The size of the last window closed is the size of the next one. Without
 * the installed schema (running from the build tree), nothing is kept. */
static void
remember_size (EvbWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL || !(schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE)))
    return;

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

/* What the window observes of the open board, connected once and pointed
 * at each new board. */
static void
connect_observers (EvbWindow *self)
{
  self->session_signals = g_signal_group_new (EVB_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::task", G_CALLBACK (task_changed_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::task-progress",
                                  G_CALLBACK (update_progress), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::exporting",
                                  G_CALLBACK (_evb_window_actions_update), self);
  g_signal_group_connect_swapped (self->session_signals, "attachments-checked",
                                  G_CALLBACK (attachments_checked_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "thumbnail-made", G_CALLBACK (thumbnail_made_cb),
                                  self);
  g_signal_group_connect_swapped (self->session_signals, "filter-changed", G_CALLBACK (filter_changed_cb),
                                  self);
  g_signal_group_connect_swapped (self->session_signals, "attach-failed", G_CALLBACK (attach_failed_cb),
                                  self);

  self->board_signals = g_signal_group_new (EVB_TYPE_BOARD);
  g_signal_group_connect_swapped (self->board_signals, "notify::can-undo",
                                  G_CALLBACK (_evb_window_actions_update), self);
  g_signal_group_connect_swapped (self->board_signals, "notify::can-redo",
                                  G_CALLBACK (_evb_window_actions_update), self);
  g_signal_group_connect_swapped (self->board_signals, "notify::title", G_CALLBACK (update_title), self);
  /* "committed" after a step: a removed node is gone by then. */
  g_signal_group_connect_swapped (self->board_signals, "node-added", G_CALLBACK (update_empty_hint), self);
  g_signal_group_connect_swapped (self->board_signals, "committed", G_CALLBACK (update_empty_hint), self);
  /* Every step renames what undo and redo take. */
  g_signal_group_connect_swapped (self->board_signals, "committed",
                                  G_CALLBACK (_evb_window_history_update), self);
  /* Which group commands apply. */
  g_signal_group_connect_swapped (self->board_signals, "group-added",
                                  G_CALLBACK (_evb_window_actions_update), self);
  g_signal_group_connect_swapped (self->board_signals, "group-removed",
                                  G_CALLBACK (_evb_window_actions_update), self);
  g_signal_group_connect_swapped (self->board_signals, "group-changed",
                                  G_CALLBACK (_evb_window_actions_update), self);

  self->selection_signals = g_signal_group_new (EVB_TYPE_SELECTION);
  g_signal_group_connect_swapped (self->selection_signals, "changed",
                                  G_CALLBACK (_evb_window_actions_update), self);

  self->document_signals = g_signal_group_new (EVB_TYPE_DOCUMENT);
  g_signal_group_connect_swapped (self->document_signals, "notify::write-error",
                                  G_CALLBACK (write_error_cb), self);
  g_signal_group_connect_swapped (self->document_signals, "notify::file",
                                  G_CALLBACK (file_changed_cb), self);
}

static void
evb_window_init (EvbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  evb_compat_name_mnemonic_buttons (GTK_WIDGET (self));

  self->none = g_ptr_array_new ();
  self->show_inspector = TRUE;
  self->inspector_wanted = TRUE;
  evb_export_choices_init (&self->export_choices);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-loading", FALSE);

  /* The split between canvas and inspector is the one thing built in C:
   * which widget does it depends on the libadwaita version. */
  g_object_ref (self->board_content);
  g_object_ref (self->inspector);
  gtk_box_remove (self->board_page, self->board_content);
  gtk_box_remove (self->board_page, GTK_WIDGET (self->inspector));
  self->sidebar = evb_compat_sidebar_new (ADW_APPLICATION_WINDOW (self), self->board_content,
                                          GTK_WIDGET (self->inspector), SIDEBAR_COLLAPSE_WIDTH);
  gtk_widget_set_hexpand (self->sidebar, TRUE);
  gtk_box_append (self->board_page, self->sidebar);
  g_object_unref (self->board_content);
  g_object_unref (self->inspector);
  g_object_bind_property (self, "show-inspector", self->sidebar, evb_compat_sidebar_shown_property (),
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  g_object_bind_property (self->search_button, "active", self->search_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  evb_search_bar_set_canvas (self->search_bar, self->canvas);
  g_object_bind_property (self->filter_button, "active", self->filter_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->filter_bar, "notify::search-mode-enabled", G_CALLBACK (filter_bar_toggled_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::n-matches", G_CALLBACK (_evb_window_actions_update),
                           self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->inspector, "error", G_CALLBACK (error_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "error", G_CALLBACK (error_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->matrix_view, "error", G_CALLBACK (error_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name", G_CALLBACK (_evb_window_actions_update),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->window_title, "notify::title-visible", G_CALLBACK (update_switcher),
                           self, G_CONNECT_SWAPPED);
  update_switcher (self);
  g_signal_connect_object (self->outline, "activated", G_CALLBACK (evb_canvas_center_on_node), self->canvas,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline_view, "show-on-board", G_CALLBACK (_evb_window_show_on_board), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline_view, "lanes-changed", G_CALLBACK (timeline_lanes_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outline_button, "notify::active", G_CALLBACK (outline_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "deleted", G_CALLBACK (_evb_window_show_undo_toast), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (evb_canvas_get_viewport (self->canvas), "notify::zoom",
                           G_CALLBACK (zoom_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_dark_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (style_high_contrast_cb), self, G_CONNECT_SWAPPED);
  _evb_window_dnd_init (self);
  connect_observers (self);

  /* The application adds its icons itself; a window made without one (in
   * tests) finds them here too. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self))),
                                    "/io/github/evidenceboard/EvidenceBoard/icons");

  remember_size (self);
  evb_status_page_refresh (self->status_page);
  _evb_window_actions_update (self);
  update_title (self);
}

EvbWindow *
evb_window_new (AdwApplication *application)
{
  return g_object_new (EVB_TYPE_WINDOW, "application", application, NULL);
}

void
evb_window_set_session (EvbWindow  *self,
                        EvbSession *session)
{
  g_return_if_fail (EVB_IS_WINDOW (self));
  g_return_if_fail (session == NULL || EVB_IS_SESSION (session));

  if (session != NULL || self->loading_cancellable != NULL)
    stop_loading (self);
  if (self->session == session)
    {
      if (session == NULL)
        gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (self->session != NULL)
    {
      g_autoptr(EvbSession) old = g_steal_pointer (&self->session);
      g_autoptr(GError) error = NULL;

      g_signal_group_set_target (self->session_signals, NULL);
      g_signal_group_set_target (self->board_signals, NULL);
      g_signal_group_set_target (self->selection_signals, NULL);
      g_signal_group_set_target (self->document_signals, NULL);
      evb_canvas_set_board (self->canvas, NULL, NULL, NULL);
      /* While the window is disposed the canvas may have let its renderer go. */
      if (evb_canvas_get_renderer (self->canvas) != NULL)
        evb_renderer_set_assessment (evb_canvas_get_renderer (self->canvas), NULL);
      evb_inspector_set_board (self->inspector, NULL, NULL, NULL);
      evb_inspector_set_assessment (self->inspector, NULL);
      evb_inspector_set_store (self->inspector, NULL);
      evb_matrix_view_set_board (self->matrix_view, NULL, NULL, NULL);
      evb_timeline_view_set_board (self->timeline_view, NULL, NULL);
      evb_outline_set_board (self->outline, NULL, NULL, NULL);
      evb_search_bar_set_board (self->search_bar, NULL, NULL);
      /* The recent boards show the title it has now. */
      evb_status_page_remember (evb_document_get_file (evb_session_get_document (old)),
                                evb_board_get_title (evb_session_get_board (old)));
      evb_filter_bar_set_session (self->filter_bar, NULL);
      /* A failed write-back keeps the working copy: the next start offers it. */
      if (!evb_session_close (old, &error))
        g_warning ("Closing %s: %s", evb_document_get_working_path (evb_session_get_document (old)),
                   error->message);
    }

  if (session != NULL)
    {
      EvbBoard *board = evb_session_get_board (session);
      EvbSelection *selection = evb_session_get_selection (session);

      self->session = g_object_ref (session);
      evb_canvas_set_board (self->canvas, board, selection, evb_session_get_attachments (session));
      evb_inspector_set_board (self->inspector, board, selection, evb_session_get_attachments (session));
      /* The session's one assessment: cards, inspector and matrix show the same. */
      evb_renderer_set_assessment (evb_canvas_get_renderer (self->canvas), evb_session_get_assessment (session));
      evb_inspector_set_assessment (self->inspector, evb_session_get_assessment (session));
      evb_inspector_set_store (self->inspector, evb_session_get_document (session) != NULL
                                                  ? evb_document_get_store (evb_session_get_document (session))
                                                  : NULL);
      evb_matrix_view_set_board (self->matrix_view, board, selection, evb_session_get_assessment (session));
      evb_timeline_view_set_board (self->timeline_view, board, selection);
      evb_timeline_view_set_lanes (self->timeline_view, evb_session_get_timeline_lanes (session));
      evb_outline_set_board (self->outline, board, selection, evb_session_get_assessment (session));
      evb_search_bar_set_board (self->search_bar, board, selection);
      evb_filter_bar_set_session (self->filter_bar, session);
      g_signal_group_set_target (self->session_signals, session);
      g_signal_group_set_target (self->board_signals, board);
      g_signal_group_set_target (self->selection_signals, selection);
      g_signal_group_set_target (self->document_signals, evb_session_get_document (session));
      evb_status_page_remember (evb_document_get_file (evb_session_get_document (session)),
                                evb_board_get_title (board));
      gtk_stack_set_visible_child_name (self->stack, "board");
      gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
    }
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      evb_status_page_refresh (self->status_page);
    }

  filter_changed_cb (self);
  write_error_cb (self);
  update_switcher (self);
  update_empty_hint (self);
  update_title (self);
  update_progress (self);
  _evb_window_actions_update (self);
}

void
evb_window_begin_loading (EvbWindow    *self,
                          const char   *title,
                          const char   *description,
                          GCancellable *cancellable)
{
  g_return_if_fail (EVB_IS_WINDOW (self));
  g_return_if_fail (title != NULL);
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->session == NULL);

  g_set_object (&self->loading_cancellable, cancellable);
  adw_status_page_set_title (self->loading_page, title);
  adw_status_page_set_description (self->loading_page, description);
  if (self->loading_pulse == 0)
    self->loading_pulse = g_timeout_add (100, pulse_loading_cb, self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-loading",
                                 !g_cancellable_is_cancelled (cancellable));
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

void
evb_window_end_loading (EvbWindow *self)
{
  g_return_if_fail (EVB_IS_WINDOW (self));

  if (self->loading_cancellable == NULL)
    return;
  stop_loading (self);
  if (self->session == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      evb_status_page_refresh (self->status_page);
    }
}

gboolean
evb_window_get_loading (EvbWindow *self)
{
  g_return_val_if_fail (EVB_IS_WINDOW (self), FALSE);
  return self->loading_cancellable != NULL;
}

EvbSession *
evb_window_get_session (EvbWindow *self)
{
  g_return_val_if_fail (EVB_IS_WINDOW (self), NULL);
  return self->session;
}

void
evb_window_set_document (EvbWindow   *self,
                         EvbDocument *document)
{
  g_autoptr(EvbSession) session = NULL;

  g_return_if_fail (EVB_IS_WINDOW (self));
  g_return_if_fail (document == NULL || EVB_IS_DOCUMENT (document));

  if (document == evb_window_get_document (self))
    return;
  if (document != NULL)
    session = evb_session_new (document);
  evb_window_set_session (self, session);
}

EvbDocument *
evb_window_get_document (EvbWindow *self)
{
  g_return_val_if_fail (EVB_IS_WINDOW (self), NULL);
  return self->session != NULL ? evb_session_get_document (self->session) : NULL;
}

EvbCanvas *
evb_window_get_canvas (EvbWindow *self)
{
  g_return_val_if_fail (EVB_IS_WINDOW (self), NULL);
  return self->canvas;
}
