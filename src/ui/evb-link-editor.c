/* evb-link-editor.c: the inspector's page for one link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-link-editor.h"

struct _EvbLinkEditor
{
  EvbEditor            parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *link_group;
  AdwComboRow         *relation_row;
  AdwComboRow         *strength_row;
  GtkWidget           *note_row;
};

G_DEFINE_FINAL_TYPE (EvbLinkEditor, evb_link_editor, EVB_TYPE_EDITOR)

/* Helpers */

static EvbLink *
get_link (EvbLinkEditor *self)
{
  EvbEditor *editor = EVB_EDITOR (self);
  EvbBoard *board = evb_editor_get_board (editor);
  GPtrArray *links = evb_editor_get_link_ids (editor);

  if (board == NULL || evb_editor_get_node_ids (editor)->len != 0 || links->len != 1)
    return NULL;
  return evb_board_get_link (board, g_ptr_array_index (links, 0));
}

static void
set_list (AdwComboRow *row,
          const char  *first,
          ...)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  va_list args;

  va_start (args, first);
  for (const char *item = first; item != NULL; item = va_arg (args, const char *))
    gtk_string_list_append (list, item);
  va_end (args);
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
  g_object_unref (list);
}

/* Signal callbacks */

static void
link_changed_cb (EvbLinkEditor *self)
{
  EvbEditor *editor = EVB_EDITOR (self);
  EvbLink *link = get_link (self);
  guint relation = adw_combo_row_get_selected (self->relation_row);
  guint strength = adw_combo_row_get_selected (self->strength_row);
  g_autoptr(EvbLinkData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *merge_key = NULL;
  const char *label;
  gboolean ok;

  if (link == NULL || evb_editor_is_syncing (editor) || relation == GTK_INVALID_LIST_POSITION ||
      strength == GTK_INVALID_LIST_POSITION)
    return;

  if ((EvbRelation) relation != evb_link_get_relation (link))
    label = _("Change Relation");
  else if ((EvbStrength) strength != evb_link_get_strength (link))
    label = _("Change Strength");
  else
    {
      label = _("Edit Note");
      merge_key = evb_editor_dup_merge_key (editor, "note");
    }

  data = evb_link_dup_data (link);
  data->relation = relation;
  data->strength = strength;
  evb_node_data_set_string (&data->note, gtk_editable_get_text (GTK_EDITABLE (self->note_row)));
  ok = evb_editing_update_link (evb_editor_get_board (editor), label, merge_key, data, &error);
  evb_editor_report (editor, ok, error);
}

/* EvbEditor */

static void
evb_link_editor_sync (EvbEditor *editor)
{
  EvbLinkEditor *self = EVB_LINK_EDITOR (editor);
  EvbBoard *board = evb_editor_get_board (editor);
  EvbLink *link = get_link (self);
  EvbNode *from, *to;
  g_autofree char *description = NULL;

  if (link == NULL)
    return;

  from = evb_board_get_node (board, evb_link_get_from (link));
  to = evb_board_get_node (board, evb_link_get_to (link));
  /* Translators: describes a link, e.g. From “Radar track” to “Drones struck…” */
  description = g_strdup_printf (_("From “%s” to “%s”"),
                                 from ? evb_node_get_title (from) : "?",
                                 to ? evb_node_get_title (to) : "?");
  adw_preferences_group_set_description (self->link_group, description);
  evb_editor_set_combo (self->relation_row, evb_link_get_relation (link));
  evb_editor_set_combo (self->strength_row, evb_link_get_strength (link));
  evb_editor_set_text (self->note_row, evb_link_get_note (link));
}

/* GtkWidget */

static gboolean
evb_link_editor_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (EVB_LINK_EDITOR (widget)->relation_row));
}

/* GObject */

static void
evb_link_editor_dispose (GObject *object)
{
  /* AdwBin unparents its child itself: it must not be left to the template too. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), EVB_TYPE_LINK_EDITOR);

  G_OBJECT_CLASS (evb_link_editor_parent_class)->dispose (object);
}

static void
evb_link_editor_class_init (EvbLinkEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  EvbEditorClass *editor_class = EVB_EDITOR_CLASS (klass);

  object_class->dispose = evb_link_editor_dispose;
  widget_class->grab_focus = evb_link_editor_grab_focus;
  editor_class->sync = evb_link_editor_sync;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/evidenceboard/EvidenceBoard/evb-link-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, EvbLinkEditor, link_group);
  gtk_widget_class_bind_template_child (widget_class, EvbLinkEditor, relation_row);
  gtk_widget_class_bind_template_child (widget_class, EvbLinkEditor, strength_row);
  gtk_widget_class_bind_template_child (widget_class, EvbLinkEditor, note_row);
}

static void
evb_link_editor_init (EvbLinkEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The order of the enums: a position is the value. */
  set_list (self->relation_row,
            evb_relation_get_label (EVB_RELATION_SUPPORTS),
            evb_relation_get_label (EVB_RELATION_REFUTES),
            NULL);
  set_list (self->strength_row,
            evb_strength_get_label (EVB_STRENGTH_WEAK),
            evb_strength_get_label (EVB_STRENGTH_MODERATE),
            evb_strength_get_label (EVB_STRENGTH_STRONG),
            NULL);
  g_signal_connect_swapped (self->relation_row, "notify::selected", G_CALLBACK (link_changed_cb), self);
  g_signal_connect_swapped (self->strength_row, "notify::selected", G_CALLBACK (link_changed_cb), self);
  g_signal_connect_swapped (self->note_row, "changed", G_CALLBACK (link_changed_cb), self);
  evb_editor_watch_focus (EVB_EDITOR (self), self->note_row);
}

/* Public API */

GtkWidget *
evb_link_editor_new (void)
{
  return g_object_new (EVB_TYPE_LINK_EDITOR, NULL);
}
