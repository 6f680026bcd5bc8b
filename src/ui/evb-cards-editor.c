/* evb-cards-editor.c: the inspector's page for several cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row shows a value only when every selected card has it; otherwise it
 * selects nothing and says "Several grades". Choosing a value sets it on
 * every card in one undo step.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-cards-editor.h"

struct _EvbCardsEditor
{
  EvbEditor            parent_instance;

  char                *shown_tags;

  /* Template widgets */
  AdwPreferencesGroup *many_group;
  AdwComboRow         *many_type_row;
  AdwComboRow         *many_reliability_row;
  AdwComboRow         *many_credibility_row;
  GtkFlowBox          *many_tags_box;
  GtkWidget           *many_tag_entry;
  GtkBox              *many_color_box;
};

G_DEFINE_FINAL_TYPE (EvbCardsEditor, evb_cards_editor, EVB_TYPE_EDITOR)

/* Helpers */

/* The tags of first that every selected card has. */
static GStrv
dup_shared_tags (EvbCardsEditor    *self,
                 const EvbNodeData *first)
{
  EvbBoard *board = evb_editor_get_board (EVB_EDITOR (self));
  GPtrArray *ids = evb_editor_get_node_ids (EVB_EDITOR (self));
  g_autoptr(GStrvBuilder) shared = g_strv_builder_new ();

  for (guint t = 0; first->tags[t] != NULL; t++)
    {
      gboolean everywhere = TRUE;

      for (guint i = 0; i < ids->len && everywhere; i++)
        {
          EvbNode *node = evb_board_get_node (board, g_ptr_array_index (ids, i));

          if (node != NULL &&
              !g_strv_contains ((const char * const *) evb_node_get_data (node)->tags, first->tags[t]))
            everywhere = FALSE;
        }
      if (everywhere)
        g_strv_builder_add (shared, first->tags[t]);
    }
  return g_strv_builder_end (shared);
}

/* EvbEditor */

static void
evb_cards_editor_sync (EvbEditor *editor)
{
  EvbCardsEditor *self = EVB_CARDS_EDITOR (editor);
  EvbBoard *board = evb_editor_get_board (editor);
  GPtrArray *ids = evb_editor_get_node_ids (editor);
  g_auto(GStrv) shared_tags = NULL;
  const EvbNodeData *first = NULL;
  gboolean all_evidence = TRUE;
  gboolean same_type = TRUE, same_reliability = TRUE, same_credibility = TRUE, same_color = TRUE;
  guint n = 0;
  g_autofree char *title = NULL;

  if (board == NULL)
    return;

  for (guint i = 0; i < ids->len; i++)
    {
      EvbNode *node = evb_board_get_node (board, g_ptr_array_index (ids, i));
      const EvbNodeData *data;

      if (node == NULL)
        continue;
      data = evb_node_get_data (node);
      n++;
      all_evidence = all_evidence && data->kind == EVB_NODE_KIND_EVIDENCE;
      if (first == NULL)
        {
          first = data;
          continue;
        }
      same_type = same_type && data->evidence_type == first->evidence_type;
      same_reliability = same_reliability && data->reliability == first->reliability;
      same_credibility = same_credibility && data->credibility == first->credibility;
      same_color = same_color && g_strcmp0 (data->color, first->color) == 0;
    }
  if (first == NULL)
    return;

  /* Translators: the title of the inspector when several cards are selected */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Card Selected", "%u Cards Selected", n), n);
  adw_preferences_group_set_title (self->many_group, title);
  adw_preferences_group_set_description (self->many_group,
                                         _("A change here applies to every selected card"));

  gtk_widget_set_visible (GTK_WIDGET (self->many_type_row), all_evidence);
  evb_editor_set_combo (self->many_type_row,
                        all_evidence && same_type ? (guint) first->evidence_type : GTK_INVALID_LIST_POSITION);
  evb_editor_set_combo (self->many_reliability_row,
                        same_reliability ? evb_editor_reliability_position (first->reliability)
                                         : GTK_INVALID_LIST_POSITION);
  evb_editor_set_combo (self->many_credibility_row,
                        same_credibility ? (guint) first->credibility : GTK_INVALID_LIST_POSITION);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->many_type_row), same_type ? "" : _("Several types"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->many_reliability_row),
                               same_reliability ? "" : _("Several grades"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->many_credibility_row),
                               same_credibility ? "" : _("Several grades"));

  shared_tags = dup_shared_tags (self, first);
  evb_editor_show_tags (editor, self->many_tags_box, &self->shown_tags, (const char * const *) shared_tags);
  evb_editor_show_color (self->many_color_box, first->color, !same_color);
}

/* GtkWidget */

static gboolean
evb_cards_editor_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (EVB_CARDS_EDITOR (widget)->many_reliability_row));
}

/* GObject */

static void
evb_cards_editor_dispose (GObject *object)
{
  /* AdwBin unparents its child itself: it must not be left to the template too. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), EVB_TYPE_CARDS_EDITOR);

  G_OBJECT_CLASS (evb_cards_editor_parent_class)->dispose (object);
}

static void
evb_cards_editor_finalize (GObject *object)
{
  EvbCardsEditor *self = EVB_CARDS_EDITOR (object);

  g_free (self->shown_tags);

  G_OBJECT_CLASS (evb_cards_editor_parent_class)->finalize (object);
}

static void
evb_cards_editor_class_init (EvbCardsEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  EvbEditorClass *editor_class = EVB_EDITOR_CLASS (klass);

  object_class->dispose = evb_cards_editor_dispose;
  object_class->finalize = evb_cards_editor_finalize;
  widget_class->grab_focus = evb_cards_editor_grab_focus;
  editor_class->sync = evb_cards_editor_sync;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/evidenceboard/EvidenceBoard/evb-cards-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, EvbCardsEditor, many_group);
  gtk_widget_class_bind_template_child (widget_class, EvbCardsEditor, many_type_row);
  gtk_widget_class_bind_template_child (widget_class, EvbCardsEditor, many_reliability_row);
  gtk_widget_class_bind_template_child (widget_class, EvbCardsEditor, many_credibility_row);
  gtk_widget_class_bind_template_child (widget_class, EvbCardsEditor, many_tags_box);
  gtk_widget_class_bind_template_child (widget_class, EvbCardsEditor, many_tag_entry);
  gtk_widget_class_bind_template_child (widget_class, EvbCardsEditor, many_color_box);
}

static void
evb_cards_editor_init (EvbCardsEditor *self)
{
  EvbEditor *editor = EVB_EDITOR (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  evb_editor_setup_type_row (editor, self->many_type_row);
  evb_editor_setup_reliability_row (editor, self->many_reliability_row);
  evb_editor_setup_credibility_row (editor, self->many_credibility_row);
  evb_editor_setup_tag_entry (editor, self->many_tag_entry);
  evb_editor_setup_swatches (editor, self->many_color_box);
}

/* Public API */

GtkWidget *
evb_cards_editor_new (void)
{
  return g_object_new (EVB_TYPE_CARDS_EDITOR, NULL);
}
