/* evb-inspector.c: the sidebar that edits the selected cards or link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every edit goes through the board's history. Text fields write at every
 * key, so the file always holds what the screen shows, but a board merge
 * key joins the keys typed into one field into one undo step: the session
 * ends when the field loses the focus or the selection changes.
 *
 * The board is the truth: after any change (ours, undo, another gesture)
 * sync() copies it into the widgets, touching only what differs, so the
 * cursor never jumps while typing.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-compat.h"
#include "evb-error.h"
#include "evb-inspector.h"

typedef struct
{
  const char *name;
  gsize       offset;
  const char *label;
} TextField;

/* Undo labels are shown in the undo toast and tooltips. */
static const TextField text_fields[] = {
  { "title", G_STRUCT_OFFSET (EvbNodeData, title), N_("Edit Title") },
  { "claimant", G_STRUCT_OFFSET (EvbNodeData, claimant), N_("Edit Claimant") },
  { "source", G_STRUCT_OFFSET (EvbNodeData, source), N_("Edit Source") },
  { "source_url", G_STRUCT_OFFSET (EvbNodeData, source_url), N_("Edit Web Address") },
  { "occurred", G_STRUCT_OFFSET (EvbNodeData, occurred), N_("Edit Date of the Event") },
  { "collected", G_STRUCT_OFFSET (EvbNodeData, collected), N_("Edit Date Collected") },
  { "body", G_STRUCT_OFFSET (EvbNodeData, body), N_("Edit Description") },
};

enum {
  FIELD_TITLE,
  FIELD_CLAIMANT,
  FIELD_SOURCE,
  FIELD_SOURCE_URL,
  FIELD_OCCURRED,
  FIELD_COLLECTED,
  FIELD_BODY,
  N_TEXT_ROWS = FIELD_BODY,
};

typedef struct
{
  const char *color;
  const char *name;
} Swatch;

/* GNOME's palette: a colour marks a card, it does not carry meaning. */
static const Swatch swatches[] = {
  { NULL, N_("No Colour") },
  { "#3584e4", N_("Blue") },
  { "#33d17a", N_("Green") },
  { "#f6d32d", N_("Yellow") },
  { "#ff7800", N_("Orange") },
  { "#e01b24", N_("Red") },
  { "#9141ac", N_("Purple") },
  { "#986a44", N_("Brown") },
};

static const char reliabilities[] = "ABCDEF";

struct _EvbInspector
{
  AdwBin          parent_instance;

  EvbBoard       *board;
  EvbSelection   *selection;    /* the board's one selection */
  EvbAttachmentState *attachments; /* NULL: nothing known of the files */
  GPtrArray      *none;         /* empty: what is selected without a board */
  guint           session;
  guint           sync_idle;
  gboolean        syncing;
  char           *shown_tags;
  char           *shown_many_tags;

  GtkWidget      *text_rows[N_TEXT_ROWS];
  GtkToggleButton *color_buttons[G_N_ELEMENTS (swatches)];
  GtkToggleButton *many_color_buttons[G_N_ELEMENTS (swatches)];

  /* Template widgets */
  GtkStack       *stack;
  GtkWidget      *board_title_row;
  GtkTextView    *board_description_view;
  GtkLabel       *board_summary;
  AdwPreferencesGroup *node_group;
  GtkWidget      *title_row;
  AdwComboRow    *kind_row;
  AdwComboRow    *type_row;
  GtkWidget      *claimant_row;
  GtkTextView    *body_view;
  GtkWidget      *source_row;
  GtkWidget      *url_row;
  AdwComboRow    *reliability_row;
  AdwComboRow    *credibility_row;
  GtkWidget      *occurred_row;
  GtkWidget      *collected_row;
  GtkWidget      *attachment_group;
  AdwActionRow   *attachment_row;
  GtkImage       *attachment_icon;
  GtkFlowBox     *tags_box;
  GtkWidget      *tag_entry;
  GtkBox         *color_box;
  AdwPreferencesGroup *link_group;
  AdwComboRow    *relation_row;
  AdwComboRow    *strength_row;
  GtkWidget      *note_row;
  AdwPreferencesGroup *many_group;
  AdwComboRow    *many_type_row;
  AdwComboRow    *many_reliability_row;
  AdwComboRow    *many_credibility_row;
  GtkFlowBox     *many_tags_box;
  GtkWidget      *many_tag_entry;
  GtkBox         *many_color_box;
};

G_DEFINE_FINAL_TYPE (EvbInspector, evb_inspector, ADW_TYPE_BIN)

enum {
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void sync_widgets (EvbInspector *self);

/* Helpers */

static GPtrArray *
node_ids (EvbInspector *self)
{
  return self->selection != NULL ? evb_selection_get_nodes (self->selection) : self->none;
}

static GPtrArray *
link_ids (EvbInspector *self)
{
  return self->selection != NULL ? evb_selection_get_links (self->selection) : self->none;
}

static EvbNode *
get_single_node (EvbInspector *self)
{
  if (self->board == NULL || node_ids (self)->len != 1)
    return NULL;
  return evb_board_get_node (self->board, g_ptr_array_index (node_ids (self), 0));
}

static EvbLink *
get_single_link (EvbInspector *self)
{
  if (self->board == NULL || node_ids (self)->len != 0 || link_ids (self)->len != 1)
    return NULL;
  return evb_board_get_link (self->board, g_ptr_array_index (link_ids (self), 0));
}

static void
report_error (EvbInspector *self,
              GError       *error)
{
  g_signal_emit (self, signals[ERROR], 0, error);
}

/* One transaction; merge_field joins it to the last one of the same typing
 * session. */
static void
begin_edit (EvbInspector *self,
            const char   *label,
            const char   *merge_field)
{
  evb_board_begin (self->board, label);
  if (merge_field != NULL)
    {
      g_autofree char *key = g_strdup_printf ("inspector:%s:%u", merge_field, self->session);

      evb_board_set_merge_key (self->board, key);
    }
}

/* Commits, or rolls back when a change failed (ok FALSE, error set). On any
 * error the widgets show the board again. */
static void
end_edit (EvbInspector *self,
          gboolean      ok,
          GError       *error)
{
  g_autoptr(GError) commit_error = NULL;

  if (!ok)
    {
      evb_board_rollback (self->board);
      report_error (self, error);
      sync_widgets (self);
      return;
    }
  if (!evb_board_commit (self->board, &commit_error))
    {
      report_error (self, commit_error);
      sync_widgets (self);
    }
}

typedef void (*NodeEditFunc) (EvbNodeData *data,
                              gconstpointer user_data);

/* Applies func to every selected card, in one transaction. */
static void
edit_nodes (EvbInspector  *self,
            const char    *label,
            const char    *merge_field,
            NodeEditFunc   func,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (self->board == NULL || self->syncing)
    return;

  begin_edit (self, label, merge_field);
  for (guint i = 0; i < node_ids (self)->len && ok; i++)
    {
      EvbNode *node = evb_board_get_node (self->board, g_ptr_array_index (node_ids (self), i));
      g_autoptr(EvbNodeData) data = NULL;

      if (node == NULL)
        continue;
      data = evb_node_dup_data (node);
      func (data, user_data);
      if (!evb_node_data_equal (data, evb_node_get_data (node)))
        ok = evb_board_update_node (self->board, data, &error);
    }
  end_edit (self, ok, error);
}

static void
edit_link (EvbInspector *self,
           const char   *label,
           const char   *merge_field,
           EvbRelation   relation,
           EvbStrength   strength,
           const char   *note)
{
  EvbLink *link = get_single_link (self);
  g_autoptr(EvbLinkData) data = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (link == NULL || self->syncing)
    return;

  data = evb_link_dup_data (link);
  data->relation = relation;
  data->strength = strength;
  evb_node_data_set_string (&data->note, note);
  if (evb_link_data_equal (data, evb_link_get_data (link)))
    return;

  begin_edit (self, label, merge_field);
  ok = evb_board_update_link (self->board, data, &error);
  end_edit (self, ok, error);
}

/* Sets text only when it differs, so the cursor stays where it is. */
static void
set_editable_text (GtkWidget  *editable,
                   const char *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (editable)), text ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (editable), text ? text : "");
}

static char *
get_body_text (EvbInspector *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static GtkStringList *
make_string_list (void)
{
  return gtk_string_list_new (NULL);
}

static void
set_model (AdwComboRow   *row,
           GtkStringList *list)
{
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
  g_object_unref (list);
}

static GtkStringList *
make_reliability_list (void)
{
  GtkStringList *list = make_string_list ();

  gtk_string_list_append (list, _("Not graded"));
  for (guint i = 0; reliabilities[i] != '\0'; i++)
    {
      /* Translators: a reliability grade and its meaning, e.g. "B — Usually reliable" */
      g_autofree char *item = g_strdup_printf (_("%c — %s"), reliabilities[i],
                                               evb_reliability_get_label (reliabilities[i]));

      gtk_string_list_append (list, item);
    }
  return list;
}

static GtkStringList *
make_credibility_list (void)
{
  GtkStringList *list = make_string_list ();

  gtk_string_list_append (list, _("Not graded"));
  for (int i = 1; i <= 6; i++)
    {
      /* Translators: a credibility grade and its meaning, e.g. "2 — Probably true" */
      g_autofree char *item = g_strdup_printf (_("%d — %s"), i, evb_credibility_get_label (i));

      gtk_string_list_append (list, item);
    }
  return list;
}

static GtkStringList *
make_type_list (void)
{
  GtkStringList *list = make_string_list ();

  for (int i = 0; i < EVB_N_EVIDENCE_TYPES; i++)
    gtk_string_list_append (list, evb_evidence_type_get_label (i));
  return list;
}

static guint
reliability_to_position (char reliability)
{
  const char *p = reliability != '\0' ? strchr (reliabilities, reliability) : NULL;

  return p != NULL ? (guint) (p - reliabilities) + 1 : 0;
}

static char
position_to_reliability (guint position)
{
  return position >= 1 && position <= 6 ? reliabilities[position - 1] : '\0';
}

static void
set_combo (AdwComboRow *row,
           guint        position)
{
  if (adw_combo_row_get_selected (row) != position)
    adw_combo_row_set_selected (row, position);
}

/* Tags */

static void
remove_tag_clicked_cb (GtkButton    *button,
                       EvbInspector *self);

static GtkWidget *
make_tag_pill (EvbInspector *self,
               const char   *tag)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *label = gtk_label_new (tag);
  GtkWidget *button = gtk_button_new_from_icon_name ("window-close-symbolic");
  /* Translators: the accessible name of the button that removes a tag */
  g_autofree char *name = g_strdup_printf (_("Remove tag “%s”"), tag);

  gtk_widget_add_css_class (box, "evb-tag");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_tooltip_text (button, _("Remove Tag"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data_full (G_OBJECT (button), "evb-tag", g_strdup (tag), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (remove_tag_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);
  return box;
}

static void
fill_tags (EvbInspector  *self,
           GtkFlowBox    *box,
           char         **shown,
           const char * const *tags)
{
  g_autofree char *joined = g_strjoinv ("\n", (char **) tags);
  GtkWidget *child;

  if (*shown != NULL && strcmp (*shown, joined) == 0)
    return;
  g_free (*shown);
  *shown = g_steal_pointer (&joined);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_flow_box_remove (box, child);
  for (guint i = 0; tags[i] != NULL; i++)
    gtk_flow_box_append (box, make_tag_pill (self, tags[i]));
  gtk_widget_set_visible (GTK_WIDGET (box), tags[0] != NULL);
}

static void
add_tags_edit (EvbNodeData   *data,
               gconstpointer  user_data)
{
  const char * const *add = user_data;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_addv (builder, (const char **) data->tags);
  for (guint i = 0; add[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) data->tags, add[i]))
      g_strv_builder_add (builder, add[i]);
  g_strfreev (data->tags);
  data->tags = g_strv_builder_end (builder);
}

static void
remove_tag_edit (EvbNodeData   *data,
                 gconstpointer  user_data)
{
  const char *tag = user_data;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; data->tags[i] != NULL; i++)
    if (strcmp (data->tags[i], tag) != 0)
      g_strv_builder_add (builder, data->tags[i]);
  g_strfreev (data->tags);
  data->tags = g_strv_builder_end (builder);
}

static void
remove_tag_clicked_cb (GtkButton    *button,
                       EvbInspector *self)
{
  g_autofree char *tag = g_strdup (g_object_get_data (G_OBJECT (button), "evb-tag"));

  edit_nodes (self, _("Remove Tag"), NULL, remove_tag_edit, tag);
}

static void
tag_entry_apply_cb (GtkWidget    *entry,
                    EvbInspector *self)
{
  g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (entry)), ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) tags = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *tag = g_strstrip (parts[i]);

      if (tag[0] != '\0')
        g_strv_builder_add (builder, tag);
    }
  tags = g_strv_builder_end (builder);
  if (tags[0] == NULL)
    return;

  edit_nodes (self, _("Add Tags"), NULL, add_tags_edit, tags);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* Colours */

static void
color_edit (EvbNodeData   *data,
            gconstpointer  user_data)
{
  evb_node_data_set_string (&data->color, user_data);
}

static void
color_toggled_cb (GtkToggleButton *button,
                  EvbInspector    *self)
{
  const Swatch *swatch = g_object_get_data (G_OBJECT (button), "evb-swatch");

  if (!gtk_toggle_button_get_active (button))
    return;
  edit_nodes (self, _("Change Colour"), NULL, color_edit, swatch->color);
}

static void
make_swatches (EvbInspector     *self,
               GtkBox           *box,
               GtkToggleButton **buttons)
{
  for (guint i = 0; i < G_N_ELEMENTS (swatches); i++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      g_autofree char *css = g_strdup_printf ("evb-swatch-%u", i);

      gtk_widget_add_css_class (button, "evb-swatch");
      gtk_widget_add_css_class (button, css);
      gtk_widget_set_tooltip_text (button, _(swatches[i].name));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(swatches[i].name), -1);
      if (i == 0)
        gtk_button_set_icon_name (GTK_BUTTON (button), "edit-clear-symbolic");
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), buttons[0]);
      g_object_set_data (G_OBJECT (button), "evb-swatch", (gpointer) &swatches[i]);
      g_signal_connect (button, "toggled", G_CALLBACK (color_toggled_cb), self);
      gtk_box_append (box, button);
      buttons[i] = GTK_TOGGLE_BUTTON (button);
    }
}

static void
sync_swatches (GtkToggleButton **buttons,
               const char       *color,
               gboolean          mixed)
{
  for (guint i = 0; i < G_N_ELEMENTS (swatches); i++)
    {
      gboolean active = !mixed && g_ascii_strcasecmp (swatches[i].color ? swatches[i].color : "",
                                                      color ? color : "") == 0;

      if (gtk_toggle_button_get_active (buttons[i]) != active)
        gtk_toggle_button_set_active (buttons[i], active);
    }
}

/* Field callbacks */

static void
text_changed_cb (GtkEditable  *editable,
                 EvbInspector *self);

static void
text_edit (EvbNodeData   *data,
           gconstpointer  user_data)
{
  const struct { const TextField *field; const char *text; } *edit = user_data;
  char **slot = G_STRUCT_MEMBER_P (data, edit->field->offset);

  /* A title may be empty, never absent; other fields are absent when empty. */
  if (edit->field->offset == G_STRUCT_OFFSET (EvbNodeData, title))
    {
      g_free (*slot);
      *slot = g_strdup (edit->text);
    }
  else
    evb_node_data_set_string (slot, edit->text);
}

static void
apply_text (EvbInspector *self,
            guint         index,
            const char   *text)
{
  const TextField *field = &text_fields[index];
  struct { const TextField *field; const char *text; } edit = { field, text };

  edit_nodes (self, _(field->label), field->name, text_edit, &edit);
}

static void
text_changed_cb (GtkEditable  *editable,
                 EvbInspector *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (editable), "evb-field"));
  const char *text = gtk_editable_get_text (editable);

  if (self->syncing)
    return;

  /* Dates are only written once they are dates; until then the row says so. */
  if (index == FIELD_OCCURRED || index == FIELD_COLLECTED)
    {
      gboolean valid = text[0] == '\0' || evb_date_is_valid (text);

      if (valid)
        gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
      else
        gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
      if (!valid)
        return;
    }

  apply_text (self, index, text);
}

static void
body_changed_cb (GtkTextBuffer *buffer,
                 EvbInspector  *self)
{
  g_autofree char *text = NULL;

  if (self->syncing)
    return;
  text = get_body_text (self);
  apply_text (self, FIELD_BODY, text);
}

/* Leaving a field ends its typing session: the next edit is a new step. */
static void
focus_leave_cb (GtkEventControllerFocus *controller,
                EvbInspector            *self)
{
  /* A date left half typed goes back to what the board holds. */
  gtk_widget_remove_css_class (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)), "error");
  self->session++;
  sync_widgets (self);
}

static void
watch_focus (EvbInspector *self,
             GtkWidget    *widget)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (widget, focus);
}

static void
kind_edit (EvbNodeData   *data,
           gconstpointer  user_data)
{
  data->kind = GPOINTER_TO_INT (user_data);
  if (data->kind == EVB_NODE_KIND_CLAIM)
    data->evidence_type = EVB_EVIDENCE_TYPE_NONE;
  else if (data->evidence_type == EVB_EVIDENCE_TYPE_NONE)
    data->evidence_type = EVB_EVIDENCE_TYPE_OTHER;
}

static void
type_edit (EvbNodeData   *data,
           gconstpointer  user_data)
{
  if (data->kind == EVB_NODE_KIND_EVIDENCE)
    data->evidence_type = GPOINTER_TO_INT (user_data);
}

static void
reliability_edit (EvbNodeData   *data,
                  gconstpointer  user_data)
{
  data->reliability = (char) GPOINTER_TO_INT (user_data);
}

static void
credibility_edit (EvbNodeData   *data,
                  gconstpointer  user_data)
{
  data->credibility = GPOINTER_TO_INT (user_data);
}

static void
combo_selected_cb (AdwComboRow  *row,
                   GParamSpec   *pspec,
                   EvbInspector *self)
{
  guint position = adw_combo_row_get_selected (row);

  if (self->syncing || position == GTK_INVALID_LIST_POSITION)
    return;

  if (row == self->kind_row)
    edit_nodes (self, _("Change Kind"), NULL, kind_edit,
                GINT_TO_POINTER (position == 0 ? EVB_NODE_KIND_CLAIM : EVB_NODE_KIND_EVIDENCE));
  else if (row == self->type_row || row == self->many_type_row)
    edit_nodes (self, _("Change Evidence Type"), NULL, type_edit, GINT_TO_POINTER (position));
  else if (row == self->reliability_row || row == self->many_reliability_row)
    edit_nodes (self, _("Grade Reliability"), NULL, reliability_edit,
                GINT_TO_POINTER (position_to_reliability (position)));
  else if (row == self->credibility_row || row == self->many_credibility_row)
    edit_nodes (self, _("Grade Credibility"), NULL, credibility_edit, GINT_TO_POINTER (position));
}

static void
link_changed_cb (EvbInspector *self)
{
  EvbLink *link = get_single_link (self);
  guint relation = adw_combo_row_get_selected (self->relation_row);
  guint strength = adw_combo_row_get_selected (self->strength_row);
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->note_row));
  const char *label;
  const char *merge = NULL;

  if (link == NULL || self->syncing || relation == GTK_INVALID_LIST_POSITION ||
      strength == GTK_INVALID_LIST_POSITION)
    return;

  if ((EvbRelation) relation != evb_link_get_relation (link))
    label = _("Change Relation");
  else if ((EvbStrength) strength != evb_link_get_strength (link))
    label = _("Change Strength");
  else
    {
      label = _("Edit Note");
      merge = "note";
    }
  edit_link (self, label, merge, relation, strength, note);
}

static void
remove_attachment_edit (EvbNodeData   *data,
                        gconstpointer  user_data)
{
  g_clear_pointer (&data->attachment_uri, g_free);
  g_clear_pointer (&data->attachment_sha256, g_free);
  g_clear_pointer (&data->attachment_media_type, g_free);
  data->attachment_size = -1;
}

static void
remove_attachment_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  edit_nodes (EVB_INSPECTOR (widget), _("Remove Attachment"), NULL, remove_attachment_edit, NULL);
}

static gboolean
is_web_address (const char *url)
{
  return url != NULL && (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://"));
}

/* Only web addresses open: a board from someone else must not make a
 * click run a local file or an unusual URI handler. */
static void
open_url_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  EvbInspector *self = EVB_INSPECTOR (widget);
  EvbNode *node = get_single_node (self);
  const char *url = node != NULL ? evb_node_get_data (node)->source_url : NULL;

  if (!is_web_address (url))
    return;
  evb_compat_open_uri (GTK_WINDOW (gtk_widget_get_root (widget)), url);
}

/* Model to widgets */

static const char *
status_text (EvbAttachmentStatus status)
{
  switch (status)
    {
    case EVB_ATTACHMENT_OK:
      return _("The file is there and unchanged");
    case EVB_ATTACHMENT_MISSING:
      return _("The file is missing");
    case EVB_ATTACHMENT_CHANGED:
      return _("The file has changed since it was attached");
    case EVB_ATTACHMENT_UNREADABLE:
      return _("The file cannot be read");
    case EVB_ATTACHMENT_NONE:
    default:
      return _("Not checked yet");
    }
}

static void
sync_attachment (EvbInspector      *self,
                 const EvbNodeData *data)
{
  EvbAttachmentStatus status = EVB_ATTACHMENT_NONE;
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;
  g_autofree char *size = NULL;
  g_autofree char *subtitle = NULL;
  gboolean flagged;

  gtk_widget_set_visible (self->attachment_group, data->kind == EVB_NODE_KIND_EVIDENCE);
  gtk_widget_set_visible (GTK_WIDGET (self->attachment_row), data->attachment_uri != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.remove-attachment",
                                 data->attachment_uri != NULL);
  if (data->attachment_uri == NULL)
    return;

  if (self->attachments != NULL)
    status = evb_attachment_state_lookup_status (self->attachments, data);
  flagged = evb_attachment_status_is_problem (status);

  file = g_file_new_for_uri (data->attachment_uri);
  name = g_file_get_basename (file);
  size = data->attachment_size >= 0 ? g_format_size (data->attachment_size) : g_strdup (_("Unknown size"));
  /* Translators: size, the first characters of the SHA-256, and whether the file checked out */
  subtitle = g_strdup_printf (_("%s · SHA-256 %.12s…\n%s"), size,
                              data->attachment_sha256 ? data->attachment_sha256 : "—",
                              status_text (status));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->attachment_row), name ? name : data->attachment_uri);
  adw_action_row_set_subtitle (self->attachment_row, subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->attachment_row), data->attachment_uri);
  gtk_image_set_from_icon_name (self->attachment_icon,
                                flagged ? "dialog-warning-symbolic" : "mail-attachment-symbolic");
  if (flagged)
    gtk_widget_add_css_class (GTK_WIDGET (self->attachment_icon), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->attachment_icon), "error");
}

static void
sync_node (EvbInspector *self,
           EvbNode      *node)
{
  const EvbNodeData *data = evb_node_get_data (node);
  gboolean evidence = data->kind == EVB_NODE_KIND_EVIDENCE;
  g_autofree char *body = get_body_text (self);

  adw_preferences_group_set_title (self->node_group, evb_node_kind_get_label (data->kind));
  for (guint i = 0; i < N_TEXT_ROWS; i++)
    {
      const char *value = G_STRUCT_MEMBER (const char *, data, text_fields[i].offset);

      /* A date being typed is not in the board yet: leave it. */
      if (gtk_widget_has_css_class (self->text_rows[i], "error") &&
          (gtk_widget_get_state_flags (self->text_rows[i]) & GTK_STATE_FLAG_FOCUS_WITHIN) != 0)
        continue;
      set_editable_text (self->text_rows[i], value);
      gtk_widget_remove_css_class (self->text_rows[i], "error");
    }
  if (g_strcmp0 (body, data->body ? data->body : "") != 0)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), data->body ? data->body : "", -1);

  set_combo (self->kind_row, evidence ? 1 : 0);
  gtk_widget_set_visible (GTK_WIDGET (self->type_row), evidence);
  if (evidence)
    set_combo (self->type_row, data->evidence_type);
  gtk_widget_set_visible (self->claimant_row, !evidence);
  gtk_widget_set_visible (self->collected_row, evidence);
  set_combo (self->reliability_row, reliability_to_position (data->reliability));
  set_combo (self->credibility_row, data->credibility);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.open-url", is_web_address (data->source_url));

  fill_tags (self, self->tags_box, &self->shown_tags, (const char * const *) data->tags);
  sync_swatches (self->color_buttons, data->color, FALSE);
  sync_attachment (self, data);
}

static void
sync_link (EvbInspector *self,
           EvbLink      *link)
{
  EvbNode *from = evb_board_get_node (self->board, evb_link_get_from (link));
  EvbNode *to = evb_board_get_node (self->board, evb_link_get_to (link));
  /* Translators: describes a link, e.g. From “Radar track” to “Drones struck…” */
  g_autofree char *description = g_strdup_printf (_("From “%s” to “%s”"),
                                                  from ? evb_node_get_title (from) : "?",
                                                  to ? evb_node_get_title (to) : "?");

  adw_preferences_group_set_description (self->link_group, description);
  set_combo (self->relation_row, evb_link_get_relation (link));
  set_combo (self->strength_row, evb_link_get_strength (link));
  set_editable_text (self->note_row, evb_link_get_note (link));
}

static void
sync_many (EvbInspector *self)
{
  g_autoptr(GStrvBuilder) shared = g_strv_builder_new ();
  g_auto(GStrv) shared_tags = NULL;
  const EvbNodeData *first = NULL;
  gboolean all_evidence = TRUE;
  gboolean same_type = TRUE, same_reliability = TRUE, same_credibility = TRUE, same_color = TRUE;
  guint n = 0;
  g_autofree char *title = NULL;

  for (guint i = 0; i < node_ids (self)->len; i++)
    {
      EvbNode *node = evb_board_get_node (self->board, g_ptr_array_index (node_ids (self), i));
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
  set_combo (self->many_type_row, all_evidence && same_type ? (guint) first->evidence_type : GTK_INVALID_LIST_POSITION);
  set_combo (self->many_reliability_row,
             same_reliability ? reliability_to_position (first->reliability) : GTK_INVALID_LIST_POSITION);
  set_combo (self->many_credibility_row,
             same_credibility ? (guint) first->credibility : GTK_INVALID_LIST_POSITION);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->many_type_row), same_type ? "" : _("Several types"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->many_reliability_row),
                               same_reliability ? "" : _("Several grades"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->many_credibility_row),
                               same_credibility ? "" : _("Several grades"));

  for (guint t = 0; first->tags[t] != NULL; t++)
    {
      gboolean everywhere = TRUE;

      for (guint i = 0; i < node_ids (self)->len && everywhere; i++)
        {
          EvbNode *node = evb_board_get_node (self->board, g_ptr_array_index (node_ids (self), i));

          if (node != NULL &&
              !g_strv_contains ((const char * const *) evb_node_get_data (node)->tags, first->tags[t]))
            everywhere = FALSE;
        }
      if (everywhere)
        g_strv_builder_add (shared, first->tags[t]);
    }
  shared_tags = g_strv_builder_end (shared);
  fill_tags (self, self->many_tags_box, &self->shown_many_tags, (const char * const *) shared_tags);
  sync_swatches (self->many_color_buttons, first->color, !same_color);
}


/* The board itself, when nothing is selected */

static void
edit_board (EvbInspector *self,
            gboolean      title,
            const char   *text)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->board == NULL || self->syncing)
    return;

  begin_edit (self, title ? _("Rename Board") : _("Edit Board Description"),
              title ? "board-title" : "board-description");
  ok = title ? evb_board_set_title (self->board, text, &error)
             : evb_board_set_description (self->board, text[0] != '\0' ? text : NULL, &error);
  end_edit (self, ok, error);
}

static void
board_title_changed_cb (GtkEditable  *editable,
                        EvbInspector *self)
{
  edit_board (self, TRUE, gtk_editable_get_text (editable));
}

static char *
get_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
board_description_changed_cb (GtkTextBuffer *buffer,
                              EvbInspector  *self)
{
  g_autofree char *text = get_buffer_text (buffer);

  edit_board (self, FALSE, text);
}

static void
sync_board (EvbInspector *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->board_description_view);
  g_autofree char *description = get_buffer_text (buffer);
  const char *wanted = self->board ? evb_board_get_description (self->board) : NULL;
  GPtrArray *nodes;
  guint claims = 0, evidence = 0, supports = 0, refutes = 0;
  g_autofree char *summary = NULL;
  g_autofree char *nodes_text = NULL;
  g_autofree char *links_text = NULL;

  set_editable_text (self->board_title_row, self->board ? evb_board_get_title (self->board) : NULL);
  if (g_strcmp0 (description, wanted ? wanted : "") != 0)
    gtk_text_buffer_set_text (buffer, wanted ? wanted : "", -1);
  if (self->board == NULL)
    return;

  nodes = evb_board_get_nodes (self->board);
  for (guint i = 0; i < nodes->len; i++)
    {
      EvbNode *node = g_ptr_array_index (nodes, i);

      if (evb_node_get_kind (node) == EVB_NODE_KIND_CLAIM)
        claims++;
      else
        evidence++;
    }
  for (guint i = 0; i < evb_board_get_n_links (self->board); i++)
    {
      if (evb_link_get_relation (g_ptr_array_index (evb_board_get_links (self->board), i)) == EVB_RELATION_SUPPORTS)
        supports++;
      else
        refutes++;
    }
  /* Translators: part of the board summary, e.g. "3 claims and 17 evidence items" */
  nodes_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u claim", "%u claims", claims), claims);
  links_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u evidence item", "%u evidence items", evidence),
                                evidence);
  /* Translators: the board summary: claims, evidence items, supporting and refuting links */
  summary = g_strdup_printf (_("%s and %s; %u supporting and %u refuting links."), nodes_text, links_text,
                             supports, refutes);
  gtk_label_set_text (self->board_summary, summary);
}

static void
sync_widgets (EvbInspector *self)
{
  EvbNode *node = get_single_node (self);
  EvbLink *link = get_single_link (self);

  self->syncing = TRUE;
  if (node != NULL)
    {
      sync_node (self, node);
      gtk_stack_set_visible_child_name (self->stack, "node");
    }
  else if (link != NULL)
    {
      sync_link (self, link);
      gtk_stack_set_visible_child_name (self->stack, "link");
    }
  else if (self->board != NULL && node_ids (self)->len > 1)
    {
      sync_many (self);
      gtk_stack_set_visible_child_name (self->stack, "many");
    }
  else
    {
      sync_board (self);
      gtk_stack_set_visible_child_name (self->stack, "none");
    }
  self->syncing = FALSE;
}

static gboolean
sync_idle_cb (gpointer user_data)
{
  EvbInspector *self = user_data;

  self->sync_idle = 0;
  sync_widgets (self);
  return G_SOURCE_REMOVE;
}

/* An undo of a big delete adds a thousand cards: sync once, after them. */
static void
board_changed_cb (EvbInspector *self)
{
  if (self->sync_idle == 0)
    self->sync_idle = g_idle_add_full (G_PRIORITY_DEFAULT, sync_idle_cb, self, NULL);
}

/* GObject */

static void
evb_inspector_dispose (GObject *object)
{
  EvbInspector *self = EVB_INSPECTOR (object);

  evb_inspector_set_board (self, NULL, NULL, NULL);
  g_clear_handle_id (&self->sync_idle, g_source_remove);
  /* AdwBin unparents its child itself: it must not be left to the template too. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EVB_TYPE_INSPECTOR);

  G_OBJECT_CLASS (evb_inspector_parent_class)->dispose (object);
}

static void
evb_inspector_finalize (GObject *object)
{
  EvbInspector *self = EVB_INSPECTOR (object);

  g_ptr_array_unref (self->none);
  g_free (self->shown_tags);
  g_free (self->shown_many_tags);

  G_OBJECT_CLASS (evb_inspector_parent_class)->finalize (object);
}

/* A sidebar keeps its width whatever its labels would like: long titles
 * and descriptions wrap instead of pushing the canvas aside. */
#define INSPECTOR_WIDTH 340

static void
evb_inspector_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  GTK_WIDGET_CLASS (evb_inspector_parent_class)->measure (widget, orientation, for_size, minimum, natural,
                                                          minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, INSPECTOR_WIDTH);
}

static void
evb_inspector_class_init (EvbInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = evb_inspector_dispose;
  object_class->finalize = evb_inspector_finalize;
  widget_class->measure = evb_inspector_measure;

  /* An edit could not be made (the error says why). */
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/evidenceboard/EvidenceBoard/evb-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, stack);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, board_title_row);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, board_description_view);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, board_summary);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, node_group);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, title_row);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, kind_row);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, type_row);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, claimant_row);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, body_view);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, source_row);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, url_row);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, reliability_row);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, credibility_row);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, occurred_row);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, collected_row);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, attachment_group);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, attachment_row);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, attachment_icon);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, tags_box);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, tag_entry);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, color_box);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, link_group);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, relation_row);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, strength_row);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, note_row);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, many_group);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, many_type_row);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, many_reliability_row);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, many_credibility_row);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, many_tags_box);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, many_tag_entry);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, many_color_box);

  gtk_widget_class_install_action (widget_class, "inspector.open-url", NULL, open_url_action);
  gtk_widget_class_install_action (widget_class, "inspector.remove-attachment", NULL,
                                   remove_attachment_action);

  gtk_widget_class_set_css_name (widget_class, "evb-inspector");
}

static void
evb_inspector_init (EvbInspector *self)
{
  AdwComboRow *combos[7];
  GtkStringList *relations, *strengths;

  gtk_widget_init_template (GTK_WIDGET (self));

  combos[0] = self->kind_row;
  combos[1] = self->type_row;
  combos[2] = self->reliability_row;
  combos[3] = self->credibility_row;
  combos[4] = self->many_type_row;
  combos[5] = self->many_reliability_row;
  combos[6] = self->many_credibility_row;

  self->none = g_ptr_array_new ();

  self->text_rows[FIELD_TITLE] = self->title_row;
  self->text_rows[FIELD_CLAIMANT] = self->claimant_row;
  self->text_rows[FIELD_SOURCE] = self->source_row;
  self->text_rows[FIELD_SOURCE_URL] = self->url_row;
  self->text_rows[FIELD_OCCURRED] = self->occurred_row;
  self->text_rows[FIELD_COLLECTED] = self->collected_row;
  for (guint i = 0; i < N_TEXT_ROWS; i++)
    {
      g_object_set_data (G_OBJECT (self->text_rows[i]), "evb-field", GUINT_TO_POINTER (i));
      g_signal_connect (self->text_rows[i], "changed", G_CALLBACK (text_changed_cb), self);
      watch_focus (self, self->text_rows[i]);
    }
  g_signal_connect (gtk_text_view_get_buffer (self->body_view), "changed",
                    G_CALLBACK (body_changed_cb), self);
  g_signal_connect (self->board_title_row, "changed", G_CALLBACK (board_title_changed_cb), self);
  watch_focus (self, self->board_title_row);
  g_signal_connect (gtk_text_view_get_buffer (self->board_description_view), "changed",
                    G_CALLBACK (board_description_changed_cb), self);
  watch_focus (self, GTK_WIDGET (self->board_description_view));
  watch_focus (self, GTK_WIDGET (self->body_view));

  set_model (self->type_row, make_type_list ());
  set_model (self->many_type_row, make_type_list ());
  set_model (self->reliability_row, make_reliability_list ());
  set_model (self->many_reliability_row, make_reliability_list ());
  set_model (self->credibility_row, make_credibility_list ());
  set_model (self->many_credibility_row, make_credibility_list ());
  relations = make_string_list ();
  gtk_string_list_append (relations, evb_relation_get_label (EVB_RELATION_SUPPORTS));
  gtk_string_list_append (relations, evb_relation_get_label (EVB_RELATION_REFUTES));
  set_model (self->relation_row, relations);
  strengths = make_string_list ();
  gtk_string_list_append (strengths, evb_strength_get_label (EVB_STRENGTH_WEAK));
  gtk_string_list_append (strengths, evb_strength_get_label (EVB_STRENGTH_MODERATE));
  gtk_string_list_append (strengths, evb_strength_get_label (EVB_STRENGTH_STRONG));
  set_model (self->strength_row, strengths);

  for (guint i = 0; i < G_N_ELEMENTS (combos); i++)
    g_signal_connect (combos[i], "notify::selected", G_CALLBACK (combo_selected_cb), self);
  g_signal_connect_swapped (self->relation_row, "notify::selected", G_CALLBACK (link_changed_cb), self);
  g_signal_connect_swapped (self->strength_row, "notify::selected", G_CALLBACK (link_changed_cb), self);
  g_signal_connect_swapped (self->note_row, "changed", G_CALLBACK (link_changed_cb), self);
  watch_focus (self, self->note_row);

  g_signal_connect (self->tag_entry, "apply", G_CALLBACK (tag_entry_apply_cb), self);
  g_signal_connect (self->tag_entry, "entry-activated", G_CALLBACK (tag_entry_apply_cb), self);
  g_signal_connect (self->many_tag_entry, "apply", G_CALLBACK (tag_entry_apply_cb), self);
  g_signal_connect (self->many_tag_entry, "entry-activated", G_CALLBACK (tag_entry_apply_cb), self);

  make_swatches (self, self->color_box, self->color_buttons);
  make_swatches (self, self->many_color_box, self->many_color_buttons);

  sync_widgets (self);
}

/* Public API */

GtkWidget *
evb_inspector_new (void)
{
  return g_object_new (EVB_TYPE_INSPECTOR, NULL);
}

static void
selection_changed_cb (EvbInspector *self)
{
  /* Another card: typing in it starts a new undo step. */
  self->session++;
  sync_widgets (self);
}

static void
attachment_status_changed_cb (EvbInspector *self)
{
  sync_widgets (self);
}

void
evb_inspector_set_board (EvbInspector       *self,
                         EvbBoard           *board,
                         EvbSelection       *selection,
                         EvbAttachmentState *attachments)
{
  g_return_if_fail (EVB_IS_INSPECTOR (self));
  g_return_if_fail (board == NULL || EVB_IS_BOARD (board));
  g_return_if_fail (board == NULL || (EVB_IS_SELECTION (selection) &&
                                      evb_selection_get_board (selection) == board));
  g_return_if_fail (attachments == NULL || EVB_IS_ATTACHMENT_STATE (attachments));

  if (self->board == board)
    return;

  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->attachments != NULL)
    g_signal_handlers_disconnect_by_data (self->attachments, self);
  g_set_object (&self->board, board);
  g_clear_object (&self->selection);
  g_clear_object (&self->attachments);
  if (board != NULL)
    {
      self->selection = g_object_ref (selection);
      self->attachments = attachments != NULL ? g_object_ref (attachments) : NULL;
    }
  if (board != NULL)
    {
      g_signal_connect_swapped (board, "node-changed", G_CALLBACK (board_changed_cb), self);
      g_signal_connect_swapped (board, "node-removed", G_CALLBACK (board_changed_cb), self);
      g_signal_connect_swapped (board, "link-changed", G_CALLBACK (board_changed_cb), self);
      g_signal_connect_swapped (board, "link-removed", G_CALLBACK (board_changed_cb), self);
      g_signal_connect_swapped (board, "node-added", G_CALLBACK (board_changed_cb), self);
      g_signal_connect_swapped (board, "link-added", G_CALLBACK (board_changed_cb), self);
      g_signal_connect_swapped (board, "changed", G_CALLBACK (board_changed_cb), self);
      g_signal_connect_swapped (selection, "changed", G_CALLBACK (selection_changed_cb), self);
      if (attachments != NULL)
        g_signal_connect_swapped (attachments, "status-changed",
                                  G_CALLBACK (attachment_status_changed_cb), self);
    }
  self->session++;
  sync_widgets (self);
}

void
evb_inspector_focus (EvbInspector *self)
{
  g_return_if_fail (EVB_IS_INSPECTOR (self));

  if (get_single_node (self) != NULL)
    gtk_widget_grab_focus (self->title_row);
  else if (get_single_link (self) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->relation_row));
  else if (node_ids (self)->len > 1)
    gtk_widget_grab_focus (GTK_WIDGET (self->many_reliability_row));
  else
    gtk_widget_grab_focus (self->board_title_row);
}
