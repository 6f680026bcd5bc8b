/* evb-window-private.h: what the window's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-editing.h"
#include "evb-export-dialog.h"
#include "evb-filter-bar.h"
#include "evb-inspector.h"
#include "evb-matrix-view.h"
#include "evb-timeline-view.h"
#include "evb-outline.h"
#include "evb-search-bar.h"
#include "evb-session.h"
#include "evb-status-page.h"
#include "evb-window.h"

G_BEGIN_DECLS

struct _EvbWindow
{
  AdwApplicationWindow  parent_instance;

  /* The open board and its background work; NULL on the status page. */
  EvbSession           *session;
  GSignalGroup         *session_signals;
  GSignalGroup         *board_signals;
  GSignalGroup         *selection_signals;
  GSignalGroup         *document_signals;
  GPtrArray            *none;  /* empty: the selection without a board */

  GFile                *last_export;
  GSettings            *settings;
  EvbExportChoices      export_choices;

  GtkWidget            *sidebar;
  gboolean              show_inspector;
  gboolean              inspector_wanted;
  int                   width;
  gboolean              narrow;
  guint                 narrow_idle;

  /* A new board without a place (evb-window-draft.c). */
  GObject              *draft_dialog;
  gboolean              discard_draft;

  /* Work before there is a board (an import): its Cancel cancels this. */
  GCancellable         *loading_cancellable;
  guint                 loading_pulse;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *window_title;
  GtkWidget            *zoom_button;
  GtkWidget            *add_evidence_button;
  GtkWidget            *add_claim_button;
  GMenuModel           *evidence_menu;
  GMenuModel           *add_menu;
  GtkWidget            *undo_button;
  GtkWidget            *redo_button;
  GtkWidget            *inspector_button;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkStack             *stack;
  EvbStatusPage        *status_page;
  EvbCanvas            *canvas;
  GtkWidget            *empty_hint;
  EvbOutline           *outline;
  GtkToggleButton      *outline_button;
  EvbInspector         *inspector;
  AdwViewStack         *view_stack;
  EvbMatrixView        *matrix_view;
  EvbTimelineView      *timeline_view;
  AdwViewSwitcherBar   *switcher_bar;
  GtkBox               *board_page;
  GtkWidget            *board_content;
  EvbSearchBar         *search_bar;
  GtkToggleButton      *search_button;
  EvbFilterBar         *filter_bar;
  GtkToggleButton      *filter_button;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  AdwStatusPage        *loading_page;
  GtkProgressBar       *loading_bar;
};

/* evb-window.c */
EvbBoard  *_evb_window_get_board             (EvbWindow    *self);
GPtrArray *_evb_window_get_selected_nodes    (EvbWindow    *self);
void       _evb_window_show_undo_toast       (EvbWindow    *self,
                                              const char   *message);
void       _evb_window_show_error            (EvbWindow    *self,
                                              const GError *error);
void       _evb_window_set_show_inspector    (EvbWindow    *self,
                                              gboolean      show);
/* A file was exported: a toast with an Open button. */
/* Switches to the board, centred on the card id. */
void       _evb_window_show_on_board         (EvbWindow    *self,
                                              const char   *id);
void       _evb_window_exported              (EvbWindow    *self,
                                              GFile        *file);
/* The GAsyncReadyCallback of every image export: user_data is a
 * reference to the window. Emits "exported". */
void       _evb_window_image_exported_cb     (GObject      *source,
                                              GAsyncResult *result,
                                              gpointer      user_data);

/* evb-window-groups.c: win.group, win.ungroup and the other group commands. */
void       _evb_window_class_groups_init     (GtkWidgetClass *widget_class);
void       _evb_window_groups_update         (EvbWindow      *self);
/* (nullable): the group the commands act on. */
EvbGroup  *_evb_window_get_current_group     (EvbWindow      *self);

/* evb-window-actions.c */
void       _evb_window_class_actions_init    (GtkWidgetClass *widget_class);
/* evb-window-merge.c: win.merge-board, and its second half once a file is
 * chosen: reads it, lists what would change and asks before merging. */
void       _evb_window_merge_board_action    (GtkWidget      *widget,
                                              const char     *action_name,
                                              GVariant       *parameter);
void       _evb_window_merge_file            (EvbWindow      *self,
                                              GFile          *file);
/* (transfer full): what the merge would do, the dialog's first sentence(s):
 * cards, links and groups added, cards and groups updated, conflicts. */
char      *_evb_window_merge_summary         (const EvbMergeReport *report);
void       _evb_window_actions_update        (EvbWindow      *self);
/* The undo and redo buttons' tooltips name their steps. */
void       _evb_window_history_update        (EvbWindow      *self);

/* evb-window-dnd.c */
void       _evb_window_dnd_init              (EvbWindow      *self);
/* Attaches files through the session, asking first whether to keep a copy
 * of those over the size limit set in Preferences. */
void       _evb_window_attach_files          (EvbWindow      *self,
                                              GSList         *files,
                                              double          x,
                                              double          y,
                                              const char     *node_id);

/* evb-window-draft.c */
void       _evb_window_class_draft_init      (GtkWidgetClass *widget_class);
gboolean   _evb_window_is_draft              (EvbWindow      *self);
gboolean   _evb_window_draft_keep_open       (EvbWindow      *self,
                                              GFile         **discard);
void       _evb_window_delete_draft          (GFile          *draft);
void       _evb_window_save_draft_as         (EvbWindow      *self,
                                              gboolean        close_after);
/* Save As without the file chooser: for tests. */
void       _evb_window_save_draft_to         (EvbWindow      *self,
                                              GFile          *target,
                                              gboolean        close_after);

G_END_DECLS
