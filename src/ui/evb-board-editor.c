/* evb-board-editor.c: the inspector's page for the board itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-board-editor.h"
#include "evb-editing.h"

struct _EvbBoardEditor
{
  EvbEditor    parent_instance;

  /* Template widgets */
  GtkWidget   *board_title_row;
  GtkTextView *board_description_view;
  GtkLabel    *board_summary;
};

G_DEFINE_FINAL_TYPE (EvbBoardEditor, evb_board_editor, EVB_TYPE_EDITOR)

/* Helpers */

/* The merge key joins the keys typed into one field into one undo step. */
static void
edit_board (EvbBoardEditor *self,
            gboolean        title,
            const char     *text)
{
  EvbEditor *editor = EVB_EDITOR (self);
  EvbBoard *board = evb_editor_get_board (editor);
  g_autofree char *merge_key = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (board == NULL || evb_editor_is_syncing (editor))
    return;

  merge_key = evb_editor_dup_merge_key (editor, title ? "board-title" : "board-description");
  ok = title ? evb_editing_set_board_title (board, text, merge_key, &error)
             : evb_editing_set_board_description (board, text, merge_key, &error);
  evb_editor_report (editor, ok, error);
}

/* "3 claims and 17 evidence items; 12 supporting and 4 refuting links." */
static char *
make_summary (EvbBoard *board)
{
  GPtrArray *nodes = evb_board_get_nodes (board);
  GPtrArray *links = evb_board_get_links (board);
  guint claims = 0, evidence = 0, supports = 0, refutes = 0;
  g_autofree char *nodes_text = NULL;
  g_autofree char *links_text = NULL;

  for (guint i = 0; i < nodes->len; i++)
    {
      if (evb_node_get_kind (g_ptr_array_index (nodes, i)) == EVB_NODE_KIND_CLAIM)
        claims++;
      else
        evidence++;
    }
  for (guint i = 0; i < links->len; i++)
    {
      if (evb_link_get_relation (g_ptr_array_index (links, i)) == EVB_RELATION_SUPPORTS)
        supports++;
      else
        refutes++;
    }
  /* Translators: part of the board summary, e.g. "3 claims and 17 evidence items" */
  nodes_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u claim", "%u claims", claims), claims);
  links_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u evidence item", "%u evidence items", evidence),
                                evidence);
  /* Translators: the board summary: claims, evidence items, supporting and refuting links */
  return g_strdup_printf (_("%s and %s; %u supporting and %u refuting links."), nodes_text, links_text,
                          supports, refutes);
}

/* Signal callbacks */

static void
board_title_changed_cb (GtkEditable    *editable,
                        EvbBoardEditor *self)
{
  edit_board (self, TRUE, gtk_editable_get_text (editable));
}

static void
board_description_changed_cb (GtkTextBuffer  *buffer,
                              EvbBoardEditor *self)
{
  g_autofree char *text = evb_editor_get_buffer_text (buffer);

  edit_board (self, FALSE, text);
}

/* EvbEditor */

static void
evb_board_editor_sync (EvbEditor *editor)
{
  EvbBoardEditor *self = EVB_BOARD_EDITOR (editor);
  EvbBoard *board = evb_editor_get_board (editor);
  g_autofree char *summary = NULL;

  evb_editor_set_text (self->board_title_row, board ? evb_board_get_title (board) : NULL);
  evb_editor_set_view_text (self->board_description_view, board ? evb_board_get_description (board) : NULL);
  if (board == NULL)
    return;

  summary = make_summary (board);
  gtk_label_set_text (self->board_summary, summary);
}

/* GtkWidget */

static gboolean
evb_board_editor_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (EVB_BOARD_EDITOR (widget)->board_title_row);
}

/* GObject */

static void
evb_board_editor_dispose (GObject *object)
{
  /* AdwBin unparents its child itself: it must not be left to the template too. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), EVB_TYPE_BOARD_EDITOR);

  G_OBJECT_CLASS (evb_board_editor_parent_class)->dispose (object);
}

static void
evb_board_editor_class_init (EvbBoardEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  EvbEditorClass *editor_class = EVB_EDITOR_CLASS (klass);

  object_class->dispose = evb_board_editor_dispose;
  widget_class->grab_focus = evb_board_editor_grab_focus;
  editor_class->sync = evb_board_editor_sync;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/evidenceboard/EvidenceBoard/evb-board-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, EvbBoardEditor, board_title_row);
  gtk_widget_class_bind_template_child (widget_class, EvbBoardEditor, board_description_view);
  gtk_widget_class_bind_template_child (widget_class, EvbBoardEditor, board_summary);
  gtk_widget_class_bind_template_callback (widget_class, board_title_changed_cb);
}

static void
evb_board_editor_init (EvbBoardEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (gtk_text_view_get_buffer (self->board_description_view), "changed",
                    G_CALLBACK (board_description_changed_cb), self);
  evb_editor_watch_focus (EVB_EDITOR (self), self->board_title_row);
  evb_editor_watch_focus (EVB_EDITOR (self), GTK_WIDGET (self->board_description_view));
}

/* Public API */

GtkWidget *
evb_board_editor_new (void)
{
  return g_object_new (EVB_TYPE_BOARD_EDITOR, NULL);
}
