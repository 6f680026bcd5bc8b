/* evb-window.c: a window showing one board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Behaviour lives in win.* actions, switched on and off in one place,
 * actions_update(). Every change goes through the board's history, one
 * transaction a gesture; the document writes it to the working copy at
 * once and back to the user's file shortly after. There is never an
 * "unsaved changes" question.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-attachment.h"
#include "evb-compat.h"
#include "evb-error.h"
#include "evb-export.h"
#include "evb-inspector.h"
#include "evb-json.h"
#include "evb-search.h"
#include "evb-store.h"
#include "evb-thumbnail.h"
#include "evb-window.h"

/* Narrower than this, the inspector overlays the canvas instead of
 * sitting beside it. */
#define SIDEBAR_COLLAPSE_WIDTH 860

struct _EvbWindow
{
  AdwApplicationWindow  parent_instance;

  EvbDocument          *document;
  GFile                *last_export;
  GSettings            *settings;

  GtkWidget            *sidebar;
  gboolean              show_inspector;
  gboolean              inspector_wanted;
  int                   width;

  EvbSearch            *search;
  GPtrArray            *matches;
  guint                 match_index;

  /* Files waiting to be hashed and attached, the one being hashed, and
   * what the last check found of each attachment (node id → status). */
  GQueue                pending_files;
  struct _PendingFile  *current_file;
  GCancellable         *task_cancellable;
  guint                 progress_timeout;
  /* The open board's one selection and what is known of its files. */
  EvbSelection         *selection;
  EvbAttachmentState   *attachments;
  GPtrArray            *none;  /* empty: the selection without a board */
  GCancellable         *verify_cancellable;
  gboolean              exporting;

  /* Pictures waiting for a thumbnail (ThumbnailJob), made one at a time:
   * a board of large photos must not decode them all at once. */
  GQueue                thumbnail_jobs;
  char                 *thumbnail_making;  /* SHA-256 of the one being made */

  /* The last image export's choices */
  gboolean              export_selection;
  guint                 export_scale;
  EvbExportBackground   export_background;
  gboolean              export_legend;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkWidget            *zoom_button;
  GtkWidget            *add_evidence_button;
  GtkWidget            *add_claim_button;
  GMenuModel           *evidence_menu;
  GMenuModel           *add_menu;
  GtkWidget            *redo_button;
  gboolean              narrow;
  guint                 narrow_idle;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkStack             *stack;
  EvbCanvas            *canvas;
  EvbInspector         *inspector;
  GtkBox               *board_page;
  GtkWidget            *board_content;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkLabel             *search_count;
  GtkToggleButton      *search_button;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkListBox           *recent_list;
  GtkWidget            *recent_label;
};

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

static EvbBoard *
get_board (EvbWindow *self)
{
  return self->document != NULL ? evb_document_get_board (self->document) : NULL;
}

static GPtrArray *
selected_nodes (EvbWindow *self)
{
  return self->selection != NULL ? evb_selection_get_nodes (self->selection) : self->none;
}

static GPtrArray *
selected_links (EvbWindow *self)
{
  return self->selection != NULL ? evb_selection_get_links (self->selection) : self->none;
}

static void
actions_update (EvbWindow *self)
{
  EvbBoard *board = get_board (self);
  GPtrArray *nodes = selected_nodes (self);
  GPtrArray *links = selected_links (self);
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_board = board != NULL;

  gtk_widget_action_set_enabled (widget, "win.add-claim", has_board);
  gtk_widget_action_set_enabled (widget, "win.add-evidence", has_board);
  gtk_widget_action_set_enabled (widget, "win.add-evidence-menu", has_board);
  gtk_widget_action_set_enabled (widget, "win.delete", has_board && (nodes->len + links->len) > 0);
  gtk_widget_action_set_enabled (widget, "win.undo", has_board && evb_board_can_undo (board));
  gtk_widget_action_set_enabled (widget, "win.redo", has_board && evb_board_can_redo (board));
  gtk_widget_action_set_enabled (widget, "win.link-supports", has_board && nodes->len == 2);
  gtk_widget_action_set_enabled (widget, "win.link-refutes", has_board && nodes->len == 2);
  gtk_widget_action_set_enabled (widget, "win.edit-title", has_board && nodes->len > 0);
  gtk_widget_action_set_enabled (widget, "win.zoom-in", has_board);
  gtk_widget_action_set_enabled (widget, "win.zoom-out", has_board);
  gtk_widget_action_set_enabled (widget, "win.zoom-reset", has_board);
  gtk_widget_action_set_enabled (widget, "win.zoom-fit", has_board);
  gtk_widget_action_set_enabled (widget, "win.save-copy", has_board);
  gtk_widget_action_set_enabled (widget, "win.export-png", has_board && !self->exporting);
  gtk_widget_action_set_enabled (widget, "win.export-svg", has_board && !self->exporting);
  gtk_widget_action_set_enabled (widget, "win.export-pdf", has_board && !self->exporting);
  gtk_widget_action_set_enabled (widget, "win.export-json", has_board);
  gtk_widget_action_set_enabled (widget, "win.find", has_board);
  gtk_widget_action_set_enabled (widget, "win.find-next", has_board && self->matches->len > 0);
  gtk_widget_action_set_enabled (widget, "win.find-previous", has_board && self->matches->len > 0);
  gtk_widget_action_set_enabled (widget, "win.show-inspector", has_board);
  gtk_widget_action_set_enabled (widget, "win.focus-inspector", has_board);
  gtk_widget_action_set_enabled (widget, "win.attach-file", has_board);
  gtk_widget_action_set_enabled (widget, "win.check-attachments", has_board);
  gtk_widget_action_set_enabled (widget, "win.cancel-task", self->current_file != NULL || self->exporting);
  gtk_widget_action_set_enabled (widget, "win.open-attachment",
                                 has_board && nodes->len == 1 &&
                                 evb_board_get_node (board, g_ptr_array_index (nodes, 0)) != NULL &&
                                 evb_node_get_data (evb_board_get_node (board, g_ptr_array_index (nodes, 0)))->attachment_uri != NULL);
}

void
evb_window_show_toast (EvbWindow  *self,
                       const char *message)
{
  g_return_if_fail (EVB_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
show_error_toast (EvbWindow    *self,
                  const GError *error)
{
  evb_window_show_toast (self, error->message);
}

static void
canvas_error_cb (EvbWindow *self,
                 GError    *error)
{
  show_error_toast (self, error);
}

/* Delete on the canvas: "Deleted 2 cards", with a way back. */
static void
canvas_deleted_cb (EvbWindow  *self,
                   const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
update_title (EvbWindow *self)
{
  EvbBoard *board = get_board (self);
  const char *title = board != NULL ? evb_board_get_title (board) : NULL;
  g_autofree char *subtitle = NULL;

  if (title == NULL || title[0] == '\0')
    title = _("Evidence Board");
  if (self->document != NULL)
    subtitle = g_file_get_basename (evb_document_get_file (self->document));

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
  gtk_window_set_title (GTK_WINDOW (self), title);
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
  const GError *error = self->document ? evb_document_get_write_error (self->document) : NULL;

  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Changes cannot be written to the board file: %s. "
                                                 "They are kept safe and will be written when "
                                                 "possible."), error->message);
      gtk_label_set_text (self->banner_label, text);
    }
  gtk_revealer_set_reveal_child (self->banner_revealer, error != NULL);
}

static void
style_dark_cb (EvbWindow *self)
{
  evb_canvas_set_dark (self->canvas, adw_style_manager_get_dark (adw_style_manager_get_default ()));
}

/* Status page */

static void
recent_row_activated_cb (EvbWindow     *self,
                         AdwActionRow  *row)
{
  const char *uri = g_object_get_data (G_OBJECT (row), "evb-uri");
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  GFile *files[] = { file };

  g_application_open (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), files, 1, "");
}

static void
fill_recent_list (EvbWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  for (GList *l = items; l != NULL && shown < 6; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      g_autoptr(GFile) file = g_file_new_for_uri (uri);
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *parent = NULL;
      GtkWidget *row;

      if (!g_str_has_suffix (uri, ".evboard") || path == NULL ||
          !g_file_test (path, G_FILE_TEST_EXISTS))
        continue;

      parent = g_path_get_dirname (path);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gtk_recent_info_get_display_name (info));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), parent);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "evb-uri", g_strdup (uri), g_free);
      g_signal_connect_swapped (row, "activated", G_CALLBACK (recent_row_activated_cb), self);
      gtk_list_box_append (self->recent_list, row);
      shown++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);

  gtk_widget_set_visible (GTK_WIDGET (self->recent_list), shown > 0);
  gtk_widget_set_visible (self->recent_label, shown > 0);
}

/* Actions */

/* Steps a new card down and to the right past cards already where it
 * would go, so that it hides none and is hidden by none. */
static void
step_past_cards (EvbWindow   *self,
                 EvbNodeData *data)
{
  EvbRenderer *renderer = evb_canvas_get_renderer (self->canvas);

  for (int i = 0; i < 20; i++)
    {
      graphene_rect_t rect = GRAPHENE_RECT_INIT (data->x, data->y, data->width, data->height);
      g_autoptr(GPtrArray) hits = evb_renderer_query_nodes (renderer, &rect);

      if (hits->len == 0)
        break;
      data->x += 30;
      data->y += 30;
    }
}

static void
place_new_card (EvbWindow   *self,
                EvbNodeData *data)
{
  double cx, cy;

  evb_canvas_get_center (self->canvas, &cx, &cy);
  data->x = (int) (cx - data->width / 2);
  data->y = (int) (cy - data->height / 2);
  step_past_cards (self, data);
}

/* One undo step: adds data as a new card, or replaces the card with its id.
 * Returns the card, or NULL after saying what went wrong. */
static EvbNode *
commit_node (EvbWindow         *self,
             const char        *label,
             const EvbNodeData *data)
{
  EvbBoard *board = get_board (self);
  g_autoptr(GError) error = NULL;
  EvbNode *node;

  evb_board_begin (board, label);
  if (data->id != NULL && evb_board_get_node (board, data->id) != NULL)
    node = evb_board_update_node (board, data, &error) ? evb_board_get_node (board, data->id) : NULL;
  else
    node = evb_board_add_node (board, data, &error);
  if (node == NULL)
    {
      evb_board_rollback (board);
      show_error_toast (self, error);
      return NULL;
    }
  if (!evb_board_commit (board, &error))
    {
      show_error_toast (self, error);
      return NULL;
    }
  return node;
}

static void
add_node (EvbWindow       *self,
          EvbNodeKind      kind,
          EvbEvidenceType  type)
{
  EvbBoard *board = get_board (self);
  g_autoptr(EvbNodeData) data = NULL;
  g_autoptr(GError) error = NULL;
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
  place_new_card (self, data);

  node = commit_node (self, kind == EVB_NODE_KIND_CLAIM ? _("Add Claim") : _("Add Evidence"), data);
  if (node == NULL)
    return;

  evb_selection_select (self->selection, evb_node_get_id (node), FALSE);
  evb_canvas_edit_title (self->canvas, evb_node_get_id (node));
}

static void
add_claim_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  add_node (EVB_WINDOW (widget), EVB_NODE_KIND_CLAIM, EVB_EVIDENCE_TYPE_NONE);
}

static void
add_evidence_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EvbEvidenceType type = EVB_EVIDENCE_TYPE_OTHER;

  evb_evidence_type_from_string (g_variant_get_string (parameter, NULL), &type);
  add_node (EVB_WINDOW (widget), EVB_NODE_KIND_EVIDENCE, type);
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
    add_node (self, EVB_NODE_KIND_EVIDENCE, EVB_EVIDENCE_TYPE_OTHER);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  EvbBoard *board = get_board (self);
  g_autoptr(GPtrArray) node_ids = NULL;
  g_autoptr(GPtrArray) link_ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (board == NULL)
    return;

  node_ids = g_ptr_array_copy (selected_nodes (self), (GCopyFunc) g_strdup, NULL);
  g_ptr_array_set_free_func (node_ids, g_free);
  link_ids = g_ptr_array_copy (selected_links (self), (GCopyFunc) g_strdup, NULL);
  g_ptr_array_set_free_func (link_ids, g_free);
  if (node_ids->len == 0 && link_ids->len == 0)
    return;

  evb_board_begin (board, _("Delete"));
  for (guint i = 0; i < link_ids->len; i++)
    if (!evb_board_remove_link (board, g_ptr_array_index (link_ids, i), &error))
      break;
  if (error == NULL)
    {
      g_ptr_array_add (node_ids, NULL);
      evb_board_remove_nodes (board, (const char * const *) node_ids->pdata, &error);
      g_ptr_array_set_size (node_ids, node_ids->len - 1);
    }
  if (error != NULL)
    {
      evb_board_rollback (board);
      show_error_toast (self, error);
      return;
    }
  if (!evb_board_commit (board, &error))
    {
      show_error_toast (self, error);
      return;
    }

  if (node_ids->len > 0)
    message = g_strdup_printf (ngettext ("Deleted %u card", "Deleted %u cards", node_ids->len),
                               node_ids->len);
  else
    message = g_strdup_printf (ngettext ("Deleted %u link", "Deleted %u links", link_ids->len),
                               link_ids->len);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (get_board (self) != NULL && evb_board_can_undo (get_board (self)) &&
      !evb_board_undo (get_board (self), &error))
    show_error_toast (self, error);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (get_board (self) != NULL && evb_board_can_redo (get_board (self)) &&
      !evb_board_redo (get_board (self), &error))
    show_error_toast (self, error);
}

static void
link_selected (EvbWindow   *self,
               EvbRelation  relation)
{
  GPtrArray *nodes = selected_nodes (self);
  EvbBoard *board = get_board (self);
  g_autoptr(EvbLinkData) data = NULL;
  g_autoptr(GError) error = NULL;

  if (board == NULL || nodes->len != 2)
    {
      evb_window_show_toast (self, _("Select two cards: first the evidence, then the claim"));
      return;
    }

  data = evb_link_data_new (g_ptr_array_index (nodes, 0), g_ptr_array_index (nodes, 1), relation);
  evb_board_begin (board, relation == EVB_RELATION_SUPPORTS ? _("Link as Supports")
                                                            : _("Link as Refutes"));
  if (!evb_board_add_link (board, data, &error))
    {
      evb_board_rollback (board);
      show_error_toast (self, error);
      return;
    }
  if (!evb_board_commit (board, &error))
    show_error_toast (self, error);
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
edit_title_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  GPtrArray *nodes = selected_nodes (self);

  if (nodes->len > 0)
    evb_canvas_edit_title (self->canvas, g_ptr_array_index (nodes, nodes->len - 1));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);

  if (g_str_equal (action_name, "win.zoom-in"))
    evb_canvas_zoom_by (self->canvas, 1.25);
  else if (g_str_equal (action_name, "win.zoom-out"))
    evb_canvas_zoom_by (self->canvas, 0.8);
  else if (g_str_equal (action_name, "win.zoom-reset"))
    evb_canvas_zoom_reset (self->canvas);
  else
    evb_canvas_zoom_fit (self->canvas);
}

static char *
suggested_name (EvbWindow  *self,
                const char *extension)
{
  const char *title = evb_board_get_title (get_board (self));
  g_autofree char *base = g_strdup (title != NULL && title[0] ? title : _("Board"));

  g_strdelimit (base, "/\\:", '-');
  return g_strconcat (base, extension, NULL);
}

static void
save_copy_chosen_cb (GFile    *file,
                     gpointer  user_data)
{
  g_autoptr(EvbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;

  if (file == NULL || self->document == NULL)
    return;
  path = g_file_get_path (file);
  if (!evb_store_backup_to (evb_document_get_store (self->document), path, &error))
    {
      evb_compat_show_error (GTK_WIDGET (self), _("Could Not Save a Copy"), error->message);
      return;
    }
  message = g_strdup_printf (_("Saved a copy as “%s”"), g_file_peek_path (file));
  evb_window_show_toast (self, message);
}

static void
save_copy_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  g_autofree char *name = suggested_name (self, " (copy).evboard");

  evb_compat_choose_file (GTK_WINDOW (self), _("Save a Copy"), _("_Save"), TRUE, name,
                          _("Evidence boards"), "*.evboard", save_copy_chosen_cb,
                          g_object_ref (self));
}

static void
exported (EvbWindow *self,
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
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Image export. The options are asked first (area, scale, background,
 * legend), then the file. Drawing a big board takes a while, so it runs in
 * a thread on a copy of the board (the person may go on editing) and can
 * be cancelled; the file appears only when it is complete. */

static void     start_next_file     (EvbWindow *self);
static gboolean progress_timeout_cb (gpointer   user_data);

typedef struct
{
  char             *json;
  char             *path;
  EvbExportFormat   format;
  EvbExportOptions  options;
  GStrv             node_ids;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->json);
  g_free (job->path);
  g_strfreev (job->node_ids);
  g_clear_object (&job->options.attachments);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(EvbBoard) board = NULL;
  GError *error = NULL;

  board = evb_json_read_board (job->json, strlen (job->json), &error);
  if (board == NULL || !evb_export_to_file (board, job->path, job->format, &job->options, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
show_progress (EvbWindow  *self,
               const char *text)
{
  gtk_label_set_text (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  if (self->progress_timeout == 0)
    self->progress_timeout = g_timeout_add (100, progress_timeout_cb, self);
  if (self->task_cancellable == NULL || g_cancellable_is_cancelled (self->task_cancellable))
    g_set_object (&self->task_cancellable, g_cancellable_new ());
}

static void
hide_progress (EvbWindow *self)
{
  g_clear_handle_id (&self->progress_timeout, g_source_remove);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  EvbWindow *self = EVB_WINDOW (source);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;

  self->exporting = FALSE;
  hide_progress (self);
  actions_update (self);
  start_next_file (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        evb_compat_show_error (GTK_WIDGET (self), _("Could Not Export"), error->message);
      g_signal_emit (self, signals[EXPORTED], 0, NULL, error);
      return;
    }
  exported (self, file);
  g_signal_emit (self, signals[EXPORTED], 0, file, NULL);
}

void
evb_window_export_image (EvbWindow              *self,
                         GFile                  *file,
                         EvbExportFormat         format,
                         const EvbExportOptions *options)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  ExportJob *job;

  g_return_if_fail (EVB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->document == NULL || self->exporting || self->current_file != NULL)
    return;

  job = g_new0 (ExportJob, 1);
  job->json = evb_json_write_board (get_board (self), NULL);
  job->path = g_file_get_path (file);
  job->format = format;
  job->options = *options;
  job->node_ids = g_strdupv ((char **) options->node_ids);
  job->options.node_ids = (const char * const *) job->node_ids;
  /* What the screen shows of the files (badges, thumbnails) goes into the
   * picture too; the thread gets a snapshot the main loop can't change. */
  job->options.attachments = evb_attachment_state_copy (self->attachments, NULL);

  name = g_file_get_basename (file);
  /* Translators: %s is a file name */
  text = g_strdup_printf (_("Exporting “%s”…"), name);
  show_progress (self, text);
  self->exporting = TRUE;
  actions_update (self);

  task = g_task_new (self, self->task_cancellable, export_done_cb, g_object_ref (file));
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

typedef struct
{
  EvbWindow       *window;
  EvbExportFormat  format;
  AdwComboRow     *area_row;
  AdwComboRow     *scale_row;
  AdwComboRow     *background_row;
  GtkSwitch       *legend_switch;
} ExportDialog;

static void
export_file_chosen_cb (GFile    *file,
                       gpointer  user_data)
{
  ExportDialog *dialog = user_data;
  EvbWindow *self = dialog->window;
  EvbExportOptions options;
  g_autoptr(GPtrArray) ids = NULL;

  if (file != NULL && self->document != NULL)
    {
      evb_export_options_init (&options);
      options.scale = self->export_scale;
      options.background = self->export_background;
      options.legend = self->export_legend;
      if (self->export_selection)
        {
          GPtrArray *selected = selected_nodes (self);

          ids = g_ptr_array_new ();
          for (guint i = 0; i < selected->len; i++)
            g_ptr_array_add (ids, g_ptr_array_index (selected, i));
          g_ptr_array_add (ids, NULL);
          options.node_ids = (const char * const *) ids->pdata;
        }
      evb_window_export_image (self, file, dialog->format, &options);
    }
  g_object_unref (self);
  g_free (dialog);
}

static const struct
{
  const char *extension;
  const char *title;
  const char *filter;
} image_formats[] = {
  [EVB_EXPORT_PNG] = { ".png", N_("Export PNG"), N_("PNG images") },
  [EVB_EXPORT_SVG] = { ".svg", N_("Export SVG"), N_("SVG images") },
  [EVB_EXPORT_PDF] = { ".pdf", N_("Export PDF"), N_("PDF documents") },
};

static void
export_options_answered_cb (gboolean  accepted,
                            gpointer  user_data)
{
  ExportDialog *dialog = user_data;
  EvbWindow *self = dialog->window;
  g_autofree char *name = NULL;
  g_autofree char *pattern = NULL;

  if (!accepted || self->document == NULL)
    {
      g_object_unref (self);
      g_free (dialog);
      return;
    }

  self->export_selection = adw_combo_row_get_selected (dialog->area_row) == 1;
  self->export_scale = adw_combo_row_get_selected (dialog->scale_row) + 1;
  self->export_background = adw_combo_row_get_selected (dialog->background_row);
  self->export_legend = gtk_switch_get_active (dialog->legend_switch);

  name = suggested_name (self, image_formats[dialog->format].extension);
  pattern = g_strconcat ("*", image_formats[dialog->format].extension, NULL);
  evb_compat_choose_file (GTK_WINDOW (self), _(image_formats[dialog->format].title), _("_Export"), TRUE,
                          name, _(image_formats[dialog->format].filter), pattern,
                          export_file_chosen_cb, dialog);
}

static AdwComboRow *
add_combo_row (GtkWidget   *group,
               const char  *title,
               const char  *const *items,
               guint        selected)
{
  GtkWidget *row = adw_combo_row_new ();
  GtkStringList *list = gtk_string_list_new (items);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_object_unref (list);
  return ADW_COMBO_ROW (row);
}

static void
export_image_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  ExportDialog *dialog = g_new0 (ExportDialog, 1);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *legend_row = adw_action_row_new ();
  gboolean has_selection = selected_nodes (self)->len > 0;
  const char *areas[] = { _("Whole Board"), _("Selected Cards"), NULL };
  const char *scales[] = { "1×", "2×", "3×", "4×", NULL };
  const char *backgrounds[] = { _("Light"), _("Dark"), _("Transparent"), NULL };

  dialog->window = g_object_ref (self);
  if (g_str_equal (action_name, "win.export-svg"))
    dialog->format = EVB_EXPORT_SVG;
  else if (g_str_equal (action_name, "win.export-pdf"))
    dialog->format = EVB_EXPORT_PDF;
  else
    dialog->format = EVB_EXPORT_PNG;

  dialog->area_row = add_combo_row (group, _("Area"), has_selection ? areas : (const char *[]) { areas[0], NULL },
                                    has_selection && self->export_selection ? 1 : 0);
  dialog->scale_row = add_combo_row (group, _("Scale"), scales, CLAMP (self->export_scale, 1, 4) - 1);
  /* Vector images have no pixels to scale. */
  gtk_widget_set_visible (GTK_WIDGET (dialog->scale_row), dialog->format == EVB_EXPORT_PNG);
  dialog->background_row = add_combo_row (group, _("Background"), backgrounds, self->export_background);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (legend_row), _("Legend"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (legend_row), _("What the lines and grades mean"));
  dialog->legend_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (dialog->legend_switch, self->export_legend);
  gtk_widget_set_valign (GTK_WIDGET (dialog->legend_switch), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (legend_row), GTK_WIDGET (dialog->legend_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (legend_row), GTK_WIDGET (dialog->legend_switch));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), legend_row);

  evb_compat_ask (GTK_WIDGET (self), _(image_formats[dialog->format].title), NULL, group,
                  _("_Choose File…"), export_options_answered_cb, dialog);
}

static void
export_json_chosen_cb (GFile    *file,
                       gpointer  user_data)
{
  g_autoptr(EvbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (file == NULL || self->document == NULL)
    return;

  path = g_file_get_path (file);
  if (!evb_json_write_board_file (get_board (self), path, &error))
    {
      evb_compat_show_error (GTK_WIDGET (self), _("Could Not Export"), error->message);
      return;
    }
  exported (self, file);
}

static void
export_json_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  g_autofree char *name = suggested_name (self, ".json");

  evb_compat_choose_file (GTK_WINDOW (self), _("Export JSON"), _("_Export"), TRUE, name,
                          _("JSON files"), "*.json", export_json_chosen_cb, g_object_ref (self));
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

/* Attachments. A dropped or chosen file is hashed in a thread (a video of
 * several gigabytes takes a while: a bar shows how far, and it can be
 * cancelled), then becomes one undo step: a new evidence card with the
 * file attached, or the file attached to the selected card. */

typedef struct _PendingFile
{
  GFile   *file;
  double   x;
  double   y;
  char    *node_id;
  /* Only compared: a file queued for one board never lands on the next. */
  gpointer document;
  /* Written by the hashing thread, read by the progress timeout. */
  GMutex   lock;
  goffset  done;
  goffset  total;
} PendingFile;

static void
pending_file_free (PendingFile *pending)
{
  g_clear_object (&pending->file);
  g_free (pending->node_id);
  g_mutex_clear (&pending->lock);
  g_free (pending);
}


static void
hash_progress_cb (goffset  done,
                  goffset  total,
                  gpointer user_data)
{
  PendingFile *pending = user_data;

  g_mutex_lock (&pending->lock);
  pending->done = done;
  pending->total = total;
  g_mutex_unlock (&pending->lock);
}

static gboolean
progress_timeout_cb (gpointer user_data)
{
  EvbWindow *self = user_data;
  PendingFile *pending = self->current_file;
  goffset done, total;

  if (pending == NULL)
    return G_SOURCE_CONTINUE;
  g_mutex_lock (&pending->lock);
  done = pending->done;
  total = pending->total;
  g_mutex_unlock (&pending->lock);
  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, (double) done / total);
  else
    gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

/* The inspector is told once after a batch: it redraws all its fields. */
static void
set_attachment_status (EvbWindow           *self,
                       const char          *id,
                       EvbAttachmentStatus  status)
{
  evb_attachment_state_set_status (self->attachments, id, status);
}

/* Every attachment is checked when a board opens (and on request): a file
 * that is gone or changed since it was attached is flagged on its card and
 * in the inspector. Hashing runs in a thread. */
static void make_missing_thumbnails (EvbWindow  *self,
                                     GHashTable *statuses);

static void
board_verified_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(EvbWindow) self = user_data;
  g_autoptr(GHashTable) statuses = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer id, status;
  guint flagged = 0;

  statuses = evb_attachment_verify_board_finish (result, &error);
  if (statuses == NULL || (EvbBoard *) source != get_board (self))
    return;

  g_hash_table_iter_init (&iter, statuses);
  while (g_hash_table_iter_next (&iter, &id, &status))
    {
      set_attachment_status (self, id, GPOINTER_TO_INT (status));
      flagged += evb_attachment_status_is_problem (GPOINTER_TO_INT (status));
    }
  make_missing_thumbnails (self, statuses);
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
check_attachments (EvbWindow *self)
{
  if (get_board (self) == NULL)
    return;
  if (self->verify_cancellable != NULL)
    g_cancellable_cancel (self->verify_cancellable);
  g_set_object (&self->verify_cancellable, g_cancellable_new ());
  evb_attachment_verify_board_async (get_board (self), self->verify_cancellable, board_verified_cb,
                                     g_object_ref (self));
}

static void
check_attachments_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  check_attachments (EVB_WINDOW (widget));
}

static void
load_thumbnails (EvbWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!evb_attachment_state_load_thumbnails (self->attachments, evb_document_get_store (self->document),
                                             &error))
    g_debug ("Thumbnails not loaded: %s", error->message);
}

typedef struct
{
  EvbWindow *window;    /* a reference while the thumbnail is made */
  gpointer   document;  /* for comparison only: the board it was asked for */
  GFile     *file;
  char      *sha256;
} ThumbnailJob;

static void
thumbnail_job_free (ThumbnailJob *job)
{
  g_clear_object (&job->window);
  g_clear_object (&job->file);
  g_free (job->sha256);
  g_free (job);
}

static void make_next_thumbnail (EvbWindow *self);

static void
thumbnail_made_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ThumbnailJob *job = user_data;
  EvbWindow *self = job->window;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  png = evb_thumbnail_make_finish (result, &error);
  /* No thumbnail is no harm: the card shows its paperclip. */
  if (png != NULL && self->document != NULL && self->document == job->document)
    {
      if (!evb_document_put_thumbnail (self->document, job->sha256, png, &error))
        g_debug ("Thumbnail of %s not stored: %s", job->sha256, error->message);
      texture = gdk_texture_new_from_bytes (png, NULL);
      if (texture != NULL)
        evb_attachment_state_set_thumbnail (self->attachments, job->sha256, texture);
      g_signal_emit (self, signals[THUMBNAIL_MADE], 0, job->sha256);
    }
  else if (error != NULL)
    g_debug ("No thumbnail: %s", error->message);

  g_clear_pointer (&self->thumbnail_making, g_free);
  make_next_thumbnail (self);
  thumbnail_job_free (job);
}

static void
make_next_thumbnail (EvbWindow *self)
{
  ThumbnailJob *job;

  if (self->thumbnail_making != NULL)
    return;
  job = g_queue_pop_head (&self->thumbnail_jobs);
  if (job == NULL)
    return;
  self->thumbnail_making = g_strdup (job->sha256);
  job->window = g_object_ref (self);
  evb_thumbnail_make_async (job->file, EVB_THUMBNAIL_DEFAULT_SIZE, NULL, thumbnail_made_cb, job);
}

static gboolean
thumbnail_queued (EvbWindow  *self,
                  const char *sha256)
{
  if (g_strcmp0 (self->thumbnail_making, sha256) == 0)
    return TRUE;
  for (GList *l = self->thumbnail_jobs.head; l != NULL; l = l->next)
    if (g_strcmp0 (((ThumbnailJob *) l->data)->sha256, sha256) == 0)
      return TRUE;
  return FALSE;
}

static void
make_thumbnail (EvbWindow  *self,
                GFile      *file,
                const char *sha256)
{
  ThumbnailJob *job;

  if (thumbnail_queued (self, sha256))
    return;
  job = g_new0 (ThumbnailJob, 1);
  job->document = self->document;
  job->file = g_object_ref (file);
  job->sha256 = g_strdup (sha256);
  g_queue_push_tail (&self->thumbnail_jobs, job);
  make_next_thumbnail (self);
}

/* Pictures that are where they were and unchanged, but have no thumbnail in
 * the board (a board imported from JSON, or an attachment put back by undo
 * after its thumbnail went): make them now. */
static void
make_missing_thumbnails (EvbWindow  *self,
                         GHashTable *statuses)
{
  GHashTableIter iter;
  gpointer id, status;

  g_hash_table_iter_init (&iter, statuses);
  while (g_hash_table_iter_next (&iter, &id, &status))
    {
      EvbNode *node = evb_board_get_node (get_board (self), id);
      const EvbNodeData *data = node != NULL ? evb_node_get_data (node) : NULL;
      g_autoptr(GFile) file = NULL;

      if (GPOINTER_TO_INT (status) != EVB_ATTACHMENT_OK || data == NULL ||
          data->attachment_sha256 == NULL || data->attachment_uri == NULL ||
          data->attachment_media_type == NULL ||
          !g_str_has_prefix (data->attachment_media_type, "image/") ||
          /* Every stored thumbnail was loaded at open. */
          evb_attachment_state_get_thumbnail (self->attachments, data->attachment_sha256) != NULL)
        continue;
      file = g_file_new_for_uri (data->attachment_uri);
      if (g_file_is_native (file))
        make_thumbnail (self, file, data->attachment_sha256);
    }
}

static void
attach_hashed (EvbWindow   *self,
               PendingFile *pending,
               const char  *sha256,
               gint64       size)
{
  EvbBoard *board = get_board (self);
  EvbNode *target = pending->node_id != NULL ? evb_board_get_node (board, pending->node_id) : NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(EvbNodeData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (pending->file);
  g_autofree char *mime = NULL;
  const char *content_type = NULL;
  EvbNode *node;

  info = g_file_query_info (pending->file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info != NULL)
    {
      content_type = g_file_info_get_content_type (info);
      if (g_file_info_get_display_name (info) != NULL)
        {
          g_free (name);
          name = g_strdup (g_file_info_get_display_name (info));
        }
    }
  if (content_type != NULL)
    mime = g_content_type_get_mime_type (content_type);

  if (target != NULL && evb_node_get_kind (target) == EVB_NODE_KIND_EVIDENCE)
    data = evb_node_dup_data (target);
  else
    {
      data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
      evb_node_data_set_string (&data->title, name);
      data->evidence_type = evb_attachment_guess_type (mime ? mime : "application/octet-stream");
      data->x = pending->x;
      data->y = pending->y;
      step_past_cards (self, data);
    }
  g_free (data->attachment_uri);
  data->attachment_uri = g_file_get_uri (pending->file);
  evb_node_data_set_string (&data->attachment_sha256, sha256);
  data->attachment_size = size;
  evb_node_data_set_string (&data->attachment_media_type, mime);

  node = commit_node (self, _("Attach File"), data);
  if (node == NULL)
    return;

  set_attachment_status (self, evb_node_get_id (node), EVB_ATTACHMENT_OK);
  evb_selection_select (self->selection, evb_node_get_id (node), FALSE);
  if (mime != NULL && g_str_has_prefix (mime, "image/"))
    make_thumbnail (self, pending->file, sha256);
}

static void
file_hashed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(EvbWindow) self = user_data;
  PendingFile *pending = g_steal_pointer (&self->current_file);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  gint64 size = -1;

  sha256 = evb_attachment_hash_finish (result, &size, &error);
  if (sha256 != NULL && self->document != NULL && self->document == pending->document)
    attach_hashed (self, pending, sha256, size);
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *name = g_file_get_basename (pending->file);
      /* Translators: a file could not be attached; the second %s says why */
      g_autofree char *message = g_strdup_printf (_("Could not attach “%s”: %s"), name, error->message);

      evb_window_show_toast (self, message);
    }
  pending_file_free (pending);
  start_next_file (self);
}

static void
start_next_file (EvbWindow *self)
{
  PendingFile *pending;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (self->current_file != NULL || self->exporting)
    return;

  pending = g_queue_pop_head (&self->pending_files);
  if (pending == NULL || self->document == NULL)
    {
      if (pending != NULL)
        pending_file_free (pending);
      g_clear_handle_id (&self->progress_timeout, g_source_remove);
      gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
      actions_update (self);
      return;
    }

  self->current_file = pending;
  if (self->task_cancellable == NULL || g_cancellable_is_cancelled (self->task_cancellable))
    g_set_object (&self->task_cancellable, g_cancellable_new ());
  name = g_file_get_basename (pending->file);
  /* Translators: shown while a file is read to compute its SHA-256 */
  text = g_strdup_printf (_("Computing the SHA-256 of “%s”…"), name);
  gtk_label_set_text (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  if (self->progress_timeout == 0)
    self->progress_timeout = g_timeout_add (100, progress_timeout_cb, self);
  actions_update (self);

  evb_attachment_hash_async (pending->file, self->task_cancellable, hash_progress_cb, pending,
                             file_hashed_cb, g_object_ref (self));
}

/* Files become cards down and to the right of (x, y), in board units;
 * with attach_to, the one file is attached to that card instead. */
static void
queue_files (EvbWindow  *self,
             GSList     *files,
             double      x,
             double      y,
             const char *attach_to)
{
  for (GSList *l = files; l != NULL; l = l->next)
    {
      PendingFile *pending = g_new0 (PendingFile, 1);

      g_mutex_init (&pending->lock);
      pending->file = g_object_ref (l->data);
      pending->x = (int) x;
      pending->y = (int) y;
      pending->node_id = g_strdup (attach_to);
      pending->document = self->document;
      g_queue_push_tail (&self->pending_files, pending);
      x += 30;
      y += EVB_NODE_DEFAULT_HEIGHT + 20;
    }
  start_next_file (self);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         EvbWindow     *self)
{
  GSList *files;
  double bx, by;

  if (get_board (self) == NULL || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;

  evb_viewport_widget_to_board (evb_canvas_get_viewport (self->canvas), x, y, &bx, &by);
  queue_files (self, files, bx - EVB_NODE_DEFAULT_WIDTH / 2, by - EVB_NODE_DEFAULT_HEIGHT / 2, NULL);
  g_slist_free (files);
  return TRUE;
}

static void
attach_chosen_cb (GFile    *file,
                  gpointer  user_data)
{
  g_autoptr(EvbWindow) self = user_data;
  GPtrArray *nodes;
  const char *attach_to = NULL;
  GSList files = { file, NULL };
  EvbNodeData data = { 0 };

  if (file == NULL || get_board (self) == NULL)
    return;

  /* One selected evidence card gets the file; otherwise a new card. */
  nodes = selected_nodes (self);
  if (nodes->len == 1)
    {
      EvbNode *node = evb_board_get_node (get_board (self), g_ptr_array_index (nodes, 0));

      if (node != NULL && evb_node_get_kind (node) == EVB_NODE_KIND_EVIDENCE)
        attach_to = evb_node_get_id (node);
    }
  data.width = EVB_NODE_DEFAULT_WIDTH;
  data.height = EVB_NODE_DEFAULT_HEIGHT;
  place_new_card (self, &data);
  queue_files (self, &files, data.x, data.y, attach_to);
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

/* Files waiting to be attached are dropped, and the one being hashed stops. */
static void
cancel_attaching (EvbWindow *self)
{
  g_queue_clear_full (&self->pending_files, (GDestroyNotify) pending_file_free);
  if (self->task_cancellable != NULL)
    g_cancellable_cancel (self->task_cancellable);
}

/* Everything done in the background for the open board stops: attaching,
 * thumbnails still to make, the attachment check. */
static void
stop_board_work (EvbWindow *self)
{
  cancel_attaching (self);
  g_queue_clear_full (&self->thumbnail_jobs, (GDestroyNotify) thumbnail_job_free);
  if (self->verify_cancellable != NULL)
    g_cancellable_cancel (self->verify_cancellable);
  g_clear_object (&self->verify_cancellable);
}

static void
cancel_task_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  cancel_attaching (EVB_WINDOW (widget));
}

static void
open_attachment_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);
  GPtrArray *nodes = selected_nodes (self);
  EvbNode *node;
  const char *uri;
  g_autoptr(GFile) file = NULL;

  if (get_board (self) == NULL || nodes->len != 1)
    return;
  node = evb_board_get_node (get_board (self), g_ptr_array_index (nodes, 0));
  uri = node != NULL ? evb_node_get_data (node)->attachment_uri : NULL;
  if (uri == NULL)
    return;

  file = g_file_new_for_uri (uri);
  if (!g_file_query_exists (file, NULL))
    {
      g_autofree char *name = g_file_get_basename (file);
      /* Translators: %s is a file name */
      g_autofree char *message = g_strdup_printf (_("“%s” is not where the board says it is"), name);

      evb_window_show_toast (self, message);
      set_attachment_status (self, evb_node_get_id (node), EVB_ATTACHMENT_MISSING);
      return;
    }
  evb_compat_open_uri (GTK_WINDOW (self), uri);
}

/* Search: matching cards are highlighted as the person types, the current
 * match is selected and centred, Enter and Shift+Enter walk the matches. */

static void
show_match (EvbWindow *self)
{
  EvbNode *node;

  if (self->matches->len == 0)
    return;
  node = g_ptr_array_index (self->matches, self->match_index);
  evb_selection_select (self->selection, evb_node_get_id (node), FALSE);
  evb_canvas_center_node (self->canvas, evb_node_get_id (node));
}

static void
update_search_count (EvbWindow *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *text = NULL;

  if (query[0] == '\0')
    text = g_strdup ("");
  else if (self->matches->len == 0)
    text = g_strdup (_("No matches"));
  else
    /* Translators: the current search match and how many there are, e.g. "2 of 14" */
    text = g_strdup_printf (_("%u of %u"), self->match_index + 1, self->matches->len);
  gtk_label_set_text (self->search_count, text);
  if (query[0] != '\0' && self->matches->len == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
}

/* Runs the query again; keeps the current match when it still matches. */
static void
run_search (EvbWindow *self,
            gboolean   move)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  EvbNode *current = NULL;

  if (self->matches->len > 0)
    current = g_object_ref (g_ptr_array_index (self->matches, self->match_index));
  g_ptr_array_set_size (self->matches, 0);
  self->match_index = 0;

  if (self->search != NULL && gtk_search_bar_get_search_mode (self->search_bar))
    {
      g_autoptr(GPtrArray) found = evb_search_find (self->search, query);

      for (guint i = 0; i < found->len; i++)
        {
          EvbNode *node = g_ptr_array_index (found, i);

          g_ptr_array_add (self->matches, g_object_ref (node));
          g_hash_table_add (ids, (gpointer) evb_node_get_id (node));
          if (node == current)
            self->match_index = i;
        }
    }

  evb_canvas_set_highlighted (self->canvas, g_hash_table_size (ids) > 0 ? ids : NULL);
  g_clear_object (&current);
  if (move)
    show_match (self);
  update_search_count (self);
  actions_update (self);
}

/* A new query starts from its first match. */
static void
search_changed_cb (EvbWindow *self)
{
  g_ptr_array_set_size (self->matches, 0);
  run_search (self, TRUE);
}

static void
board_committed_cb (EvbWindow *self)
{
  if (gtk_search_bar_get_search_mode (self->search_bar))
    run_search (self, FALSE);
}

static void
step_match (EvbWindow *self,
            int        step)
{
  guint n = self->matches->len;

  if (n == 0)
    return;
  self->match_index = (self->match_index + n + step) % n;
  show_match (self);
  update_search_count (self);
}

static void
search_activate_cb (EvbWindow *self)
{
  step_match (self, 1);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);

  if (g_str_equal (action_name, "win.find-next"))
    step_match (self, 1);
  else if (g_str_equal (action_name, "win.find-previous"))
    step_match (self, -1);
  else
    {
      gtk_search_bar_set_search_mode (self->search_bar, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
    }
}

static void
search_mode_cb (EvbWindow *self)
{
  run_search (self, FALSE);
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
stop_search_cb (EvbWindow *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static gboolean
search_key_pressed_cb (EvbWindow       *self,
                       guint            keyval,
                       guint            keycode,
                       GdkModifierType  state)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_SHIFT_MASK))
    {
      step_match (self, -1);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/* Inspector */

static void
selection_changed_cb (EvbWindow *self)
{
  actions_update (self);
}

static void
inspector_error_cb (EvbWindow *self,
                    GError    *error)
{
  show_error_toast (self, error);
}

static void
set_show_inspector (EvbWindow *self,
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
  set_show_inspector (self, TRUE);
  evb_inspector_focus (self->inspector);
}

/* Narrow windows (phones, half a laptop screen) drop the header bar's
 * least needed buttons; they stay in the menu and on the keyboard. Done in
 * an idle because visibility cannot change during an allocation. libadwaita
 * 1.4's breakpoints would say this in the .ui file. */
#define NARROW_WIDTH 560

static void
apply_narrow_cb (gpointer user_data)
{
  EvbWindow *self = user_data;

  self->narrow_idle = 0;
  gtk_widget_set_visible (self->zoom_button, !self->narrow);
  gtk_widget_set_visible (self->redo_button, !self->narrow);
  gtk_widget_set_visible (GTK_WIDGET (self->search_button), !self->narrow);
  gtk_widget_set_visible (self->add_claim_button, !self->narrow);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->add_evidence_button),
                                  self->narrow ? self->add_menu : self->evidence_menu);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->add_evidence_button),
                                 self->narrow ? "list-add-symbolic" : "evb-add-evidence-symbolic");
  gtk_widget_set_tooltip_text (self->add_evidence_button, self->narrow ? _("Add") : _("Add Evidence"));
  if (evb_compat_sidebar_set_width (self->sidebar, self->width, SIDEBAR_COLLAPSE_WIDTH))
    {
      gboolean wanted = self->inspector_wanted;

      /* Collapsed, the inspector would cover the canvas: it waits to be
       * asked for. Expanded again, it comes back if it was there. */
      set_show_inspector (self, evb_compat_sidebar_get_collapsed (self->sidebar) ? FALSE : wanted);
      self->inspector_wanted = wanted;
    }
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

  evb_window_set_document (self, NULL);
  return GTK_WINDOW_CLASS (evb_window_parent_class)->close_request (window);
}

static void
evb_window_dispose (GObject *object)
{
  EvbWindow *self = EVB_WINDOW (object);

  if (self->document != NULL)
    evb_window_set_document (self, NULL);
  g_clear_object (&self->last_export);
  g_clear_object (&self->settings);
  g_clear_object (&self->search);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  g_clear_pointer (&self->none, g_ptr_array_unref);
  stop_board_work (self);
  g_clear_pointer (&self->thumbnail_making, g_free);
  g_clear_object (&self->task_cancellable);
  g_clear_handle_id (&self->progress_timeout, g_source_remove);
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
      set_show_inspector (self, g_value_get_boolean (value));
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
  window_class->close_request = evb_window_close_request;
  widget_class->size_allocate = evb_window_size_allocate;

  g_type_ensure (EVB_TYPE_CANVAS);
  g_type_ensure (EVB_TYPE_INSPECTOR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/evidenceboard/EvidenceBoard/evb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, add_evidence_button);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, add_claim_button);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, evidence_menu);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, add_menu);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, redo_button);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, board_page);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, board_content);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, search_count);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, EvbWindow, recent_label);

  gtk_widget_class_install_action (widget_class, "win.add-claim", NULL, add_claim_action);
  gtk_widget_class_install_action (widget_class, "win.add-evidence", "s", add_evidence_action);
  gtk_widget_class_install_action (widget_class, "win.add-evidence-menu", NULL, add_evidence_menu_action);
  gtk_widget_class_install_action (widget_class, "win.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.link-supports", NULL, link_supports_action);
  gtk_widget_class_install_action (widget_class, "win.link-refutes", NULL, link_refutes_action);
  gtk_widget_class_install_action (widget_class, "win.edit-title", NULL, edit_title_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.save-copy", NULL, save_copy_action);
  gtk_widget_class_install_action (widget_class, "win.export-png", NULL, export_image_action);
  gtk_widget_class_install_action (widget_class, "win.export-svg", NULL, export_image_action);
  gtk_widget_class_install_action (widget_class, "win.export-pdf", NULL, export_image_action);
  gtk_widget_class_install_action (widget_class, "win.export-json", NULL, export_json_action);
  gtk_widget_class_install_action (widget_class, "win.open-export", NULL, open_export_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.focus-inspector", NULL, focus_inspector_action);
  gtk_widget_class_install_action (widget_class, "win.attach-file", NULL, attach_file_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-task", NULL, cancel_task_action);
  gtk_widget_class_install_action (widget_class, "win.open-attachment", NULL, open_attachment_action);
  gtk_widget_class_install_action (widget_class, "win.check-attachments", NULL, check_attachments_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-inspector", "show-inspector");
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

static void
evb_window_init (EvbWindow *self)
{
  GtkEventController *keys;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->matches = g_ptr_array_new_with_free_func (g_object_unref);
  self->none = g_ptr_array_new ();
  self->show_inspector = TRUE;
  self->export_scale = 2;
  self->export_legend = TRUE;
  self->inspector_wanted = TRUE;

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
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self->canvas));
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (search_activate_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search", G_CALLBACK (stop_search_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_cb),
                           self, G_CONNECT_SWAPPED);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (search_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  g_signal_connect_object (self->inspector, "error", G_CALLBACK (inspector_error_cb), self,
                           G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), GTK_EVENT_CONTROLLER (drop));

  /* The application adds its icons itself; a window made without one (in
   * tests) finds them here too. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self))),
                                    "/io/github/evidenceboard/EvidenceBoard/icons");

  g_signal_connect_object (evb_canvas_get_viewport (self->canvas), "notify::zoom",
                           G_CALLBACK (zoom_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "error", G_CALLBACK (canvas_error_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "deleted", G_CALLBACK (canvas_deleted_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_dark_cb), self, G_CONNECT_SWAPPED);

  remember_size (self);
  fill_recent_list (self);
  actions_update (self);
  update_title (self);
}

EvbWindow *
evb_window_new (AdwApplication *application)
{
  return g_object_new (EVB_TYPE_WINDOW, "application", application, NULL);
}

void
evb_window_set_document (EvbWindow   *self,
                         EvbDocument *document)
{
  g_return_if_fail (EVB_IS_WINDOW (self));

  if (self->document == document)
    return;

  if (self->document != NULL)
    {
      g_autoptr(GError) error = NULL;

      g_signal_handlers_disconnect_by_data (evb_document_get_board (self->document), self);
      g_signal_handlers_disconnect_by_data (self->document, self);
      evb_canvas_set_board (self->canvas, NULL, NULL, NULL);
      evb_inspector_set_board (self->inspector, NULL, NULL, NULL);
      gtk_search_bar_set_search_mode (self->search_bar, FALSE);
      g_clear_object (&self->search);
      stop_board_work (self);
      g_ptr_array_set_size (self->matches, 0);
      /* A failed write-back keeps the working copy: the next start offers it. */
      if (!evb_document_close (self->document, &error))
        g_warning ("Closing %s: %s", evb_document_get_working_path (self->document), error->message);
      g_clear_object (&self->document);
      g_signal_handlers_disconnect_by_data (self->selection, self);
      g_clear_object (&self->selection);
      g_clear_object (&self->attachments);
    }

  if (document != NULL)
    {
      EvbBoard *board = evb_document_get_board (document);
      g_autofree char *uri = g_file_get_uri (evb_document_get_file (document));

      self->document = g_object_ref (document);
      self->selection = evb_selection_new (board);
      self->attachments = evb_attachment_state_new (board);
      g_signal_connect_swapped (self->selection, "changed", G_CALLBACK (selection_changed_cb), self);
      evb_canvas_set_board (self->canvas, board, self->selection, self->attachments);
      evb_inspector_set_board (self->inspector, board, self->selection, self->attachments);
      self->search = evb_search_new (board);
      g_signal_connect_swapped (board, "committed", G_CALLBACK (board_committed_cb), self);
      load_thumbnails (self);
      check_attachments (self);
      g_signal_connect_swapped (board, "notify::can-undo", G_CALLBACK (actions_update), self);
      g_signal_connect_swapped (board, "notify::can-redo", G_CALLBACK (actions_update), self);
      g_signal_connect_swapped (board, "notify::title", G_CALLBACK (update_title), self);
      g_signal_connect_swapped (document, "notify::write-error", G_CALLBACK (write_error_cb), self);
      gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
      gtk_stack_set_visible_child_name (self->stack, "board");
      gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
    }
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      fill_recent_list (self);
    }

  write_error_cb (self);
  update_title (self);
  actions_update (self);
}

EvbDocument *
evb_window_get_document (EvbWindow *self)
{
  g_return_val_if_fail (EVB_IS_WINDOW (self), NULL);
  return self->document;
}

EvbCanvas *
evb_window_get_canvas (EvbWindow *self)
{
  g_return_val_if_fail (EVB_IS_WINDOW (self), NULL);
  return self->canvas;
}
