/* evb-node-editor.c: the inspector's page for one card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each text field writes at every key, joined into one undo step per field
 * and typing session (see evb-editor.c). A date is read as people write
 * it (evb_date_parse()) and written in the board's form once it is a date;
 * while the field has the focus it keeps what was typed. Until it is a
 * date the row has the "error" style and a message beneath the group says
 * what is wrong (and is the row's accessible description); leaving it
 * puts back what the board holds. A calendar beside each date picks a day.
 * Dates are shown as the cards show them (evb_date_format()), the exact
 * value in the row's tooltip. What is typed is read as an edit of the
 * date the row held when the typing began (evb_date_parse_edit()): the
 * row shows neither seconds nor the offset, so they are kept unless the
 * person changes the minute or types an offset.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "evb-compat.h"
#include "evb-date.h"
#include "evb-node-editor.h"
#include "evb-store-blobs.h"

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
  const TextField *field;
  const char      *text;
} TextEdit;

/* The two date fields: FIELD_OCCURRED, FIELD_COLLECTED. */
#define N_DATE_ROWS 2

struct _EvbNodeEditor
{
  EvbEditor            parent_instance;

  GtkWidget           *text_rows[N_TEXT_ROWS];
  GtkWidget           *date_messages[N_DATE_ROWS];
  GtkCalendar         *calendars[N_DATE_ROWS];
  /* What a typing session in a date row edits: the board's value when
   * it began, the session's merge key, and the value last written. */
  char                *date_befores[N_DATE_ROWS];
  char                *date_sessions[N_DATE_ROWS];
  char                *date_written[N_DATE_ROWS];
  gboolean             opening_calendar;
  char                *shown_tags;

  /* The session's one assessment; a claim's page explains it. */
  EvbAssessment       *assessment;
  guint                assessment_idle;
  char                *linchpin_id;
  char                *shown_why;  /* what why_list shows, to rebuild only on change */

  /* Template widgets */
  AdwPreferencesGroup *node_group;
  GtkWidget           *title_row;
  AdwComboRow         *kind_row;
  AdwComboRow         *type_row;
  GtkWidget           *claimant_row;
  GtkSwitch           *pinned_switch;
  AdwPreferencesGroup *assessment_group;
  AdwActionRow        *likelihood_row;
  AdwActionRow        *confidence_row;
  AdwActionRow        *links_row;
  AdwActionRow        *linchpin_row;
  GtkWidget           *why_group;
  GtkListBox          *why_list;
  GtkTextView         *body_view;
  GtkWidget           *source_row;
  GtkWidget           *url_row;
  GtkWidget           *url_message;
  GtkWidget           *open_url_button;
  AdwComboRow         *reliability_row;
  AdwComboRow         *credibility_row;
  AdwPreferencesGroup *dates_group;
  GtkWidget           *occurred_row;
  GtkWidget           *collected_row;
  GtkWidget           *attachment_group;
  AdwActionRow        *attachment_row;
  GtkImage            *attachment_icon;
  GtkWidget           *remove_attachment_button;
  GtkWidget           *save_attachment_button;
  GtkWidget           *attachment_sha_row;
  AdwPreferencesRow   *attach_file_row;
  GtkLabel            *attachment_sha_label;
  /* Where files kept in the board are, for when they were added. */
  EvbStore            *store;
  char                *shown_blob_sha256;
  char                *shown_blob_added;
  GtkFlowBox          *tags_box;
  GtkWidget           *tag_entry;
  GtkBox              *color_box;
};

G_DEFINE_FINAL_TYPE (EvbNodeEditor, evb_node_editor, EVB_TYPE_EDITOR)

/* Helpers */

static EvbNode *
get_node (EvbNodeEditor *self)
{
  EvbBoard *board = evb_editor_get_board (EVB_EDITOR (self));
  GPtrArray *ids = evb_editor_get_node_ids (EVB_EDITOR (self));

  if (board == NULL || ids->len != 1)
    return NULL;
  return evb_board_get_node (board, g_ptr_array_index (ids, 0));
}

static gboolean
is_web_address (const char *url)
{
  const char *scheme = url != NULL ? g_uri_peek_scheme (url) : NULL;

  return g_strcmp0 (scheme, "https") == 0 || g_strcmp0 (scheme, "http") == 0;
}

/* Text in the web address row that is not one (a name typed in the wrong
 * row, say) is kept as typed, but the row says why it cannot be opened. */
static void
show_url_message (EvbNodeEditor *self,
                  const char    *url)
{
  gboolean wrong = url != NULL && url[0] != '\0' && !is_web_address (url);

  gtk_widget_set_visible (self->url_message, wrong);
  if (wrong)
    {
      gtk_widget_add_css_class (self->url_row, "warning");
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self->url_row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                      self->url_message, NULL, -1);
    }
  else
    {
      gtk_widget_remove_css_class (self->url_row, "warning");
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->url_row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
    }
}

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

/* The assessment */

static int
percent (double probability)
{
  return (int) round (probability * 100);
}

static const char *
node_title (EvbBoard   *board,
            const char *id)
{
  EvbNode *node = evb_board_get_node (board, id);

  return node != NULL ? evb_node_get_title (node) : id;
}

/* A link into the claim: what it comes from, in words (its strength,
 * relation and grades), and what its weight does to the claim's odds,
 * so the number has a unit and a meaning. */
static GtkWidget *
why_row_new (EvbBoard              *board,
             EvbAssessment         *assessment,
             const EvbContribution *contribution)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *what = evb_contribution_describe (assessment, contribution);
  g_autofree char *weight = evb_contribution_describe_weight (contribution);
  g_autofree char *subtitle = g_strdup_printf ("%s\n%s", what, weight);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), node_title (board, contribution->node_id));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "evb-node-id", g_strdup (contribution->node_id), g_free);
  return row;
}

/* The "why" list: rebuilt only when what it says changes, so the focus
 * stays on a row while other fields are edited. */
static void
show_why (EvbNodeEditor            *self,
          EvbBoard                 *board,
          const EvbClaimAssessment *a)
{
  GString *key = g_string_new (NULL);
  GtkWidget *child;

  for (guint i = 0; i < a->contributions->len; i++)
    {
      const EvbContribution *c = &g_array_index (a->contributions, EvbContribution, i);

      g_autofree char *what = evb_contribution_describe (self->assessment, c);

      /* The words change with a grade or a strength that leaves the weight. */
      g_string_append_printf (key, "%s\x1f%s\x1f%s\x1f%d%d%.2f\x1e", c->node_id, node_title (board, c->node_id),
                              what, c->relation, c->cut, c->weight);
    }
  if (g_strcmp0 (key->str, self->shown_why) == 0)
    {
      g_string_free (key, TRUE);
      return;
    }
  g_free (self->shown_why);
  self->shown_why = g_string_free (key, FALSE);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->why_list))) != NULL)
    gtk_list_box_remove (self->why_list, child);
  for (guint i = 0; i < a->contributions->len; i++)
    gtk_list_box_append (self->why_list,
                         why_row_new (board, self->assessment,
                                      &g_array_index (a->contributions, EvbContribution, i)));
}

static void
sync_assessment (EvbNodeEditor *self)
{
  EvbBoard *board = evb_editor_get_board (EVB_EDITOR (self));
  EvbNode *node = get_node (self);
  const EvbClaimAssessment *a = NULL;
  g_autofree char *likelihood = NULL;
  g_autofree char *confidence = NULL;
  g_autofree char *links = NULL;
  g_autofree char *linchpin = NULL;
  guint n_supports = 0, n_refutes = 0;

  if (node != NULL && evb_node_get_kind (node) == EVB_NODE_KIND_CLAIM && self->assessment != NULL)
    a = evb_assessment_get (self->assessment, evb_node_get_id (node));
  gtk_widget_set_visible (GTK_WIDGET (self->assessment_group), a != NULL);
  gtk_widget_set_visible (self->why_group, a != NULL && a->assessed && a->contributions->len > 0);
  g_clear_pointer (&self->linchpin_id, g_free);
  if (a == NULL)
    return;

  /* The counts of what bears on it stay here, now that the card shows a word. */
  for (guint i = 0; i < a->contributions->len; i++)
    {
      if (g_array_index (a->contributions, EvbContribution, i).relation == EVB_RELATION_SUPPORTS)
        n_supports++;
      else
        n_refutes++;
    }
  /* Translators: counts of the links into a claim, e.g. "2 supporting, 4 refuting" */
  links = g_strdup_printf (_("%u supporting, %u refuting"), n_supports, n_refutes);
  adw_action_row_set_subtitle (self->links_row, links);

  /* ICD 203: the likelihood and the confidence are never said in one
   * sentence, so each has a row of its own. */
  adw_preferences_group_set_description (self->assessment_group,
                                         a->assessed ? NULL : _("Not assessed: no evidence bears on it."));
  gtk_widget_set_visible (GTK_WIDGET (self->likelihood_row), a->assessed);
  gtk_widget_set_visible (GTK_WIDGET (self->confidence_row), a->assessed);
  gtk_widget_set_visible (GTK_WIDGET (self->linchpin_row), a->assessed && a->linchpin_id != NULL);
  if (!a->assessed)
    return;

  /* Translators: a claim's likelihood in ICD 203's words and as a percentage, e.g. "likely (72 %)" */
  likelihood = g_strdup_printf (_("%s (%d %%)"), evb_likelihood_get_label (a->likelihood),
                                percent (a->probability));
  adw_action_row_set_subtitle (self->likelihood_row, likelihood);
  confidence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, from %u independent source",
                                             "%s, from %u independent sources", a->n_sources),
                                evb_confidence_get_label (a->confidence), a->n_sources);
  adw_action_row_set_subtitle (self->confidence_row, confidence);

  if (a->linchpin_id != NULL)
    {
      EvbLikelihood without = evb_likelihood_from_probability (a->probability_without);

      self->linchpin_id = g_strdup (a->linchpin_id);
      /* Translators: the linchpin's title, then the claim without it, e.g. "without it: likely (61 %)" */
      linchpin = g_strdup_printf (_("%s\nwithout it: %s (%d %%)"), node_title (board, a->linchpin_id),
                                  evb_likelihood_get_label (without), percent (a->probability_without));
      adw_action_row_set_subtitle (self->linchpin_row, linchpin);
    }
  show_why (self, board, a);
}

static gboolean
assessment_idle_cb (gpointer user_data)
{
  EvbNodeEditor *self = user_data;

  self->assessment_idle = 0;
  sync_assessment (self);
  return G_SOURCE_REMOVE;
}

/* A link, a grade or a strength changed: once the change is over, show
 * the claim afresh. */
static void
assessment_changed_cb (EvbAssessment *assessment,
                       const char    *claim_id,
                       EvbNodeEditor *self)
{
  EvbNode *node = get_node (self);

  if (node == NULL || (claim_id != NULL && g_strcmp0 (claim_id, evb_node_get_id (node)) != 0))
    return;
  if (self->assessment_idle == 0)
    self->assessment_idle = g_idle_add_full (G_PRIORITY_DEFAULT, assessment_idle_cb, self, NULL);
}

static void
select_node (EvbNodeEditor *self,
             const char    *id)
{
  EvbSelection *selection = evb_editor_get_selection (EVB_EDITOR (self));

  if (selection != NULL && id != NULL)
    evb_selection_select (selection, id, FALSE);
}

static void
why_row_activated_cb (GtkListBox    *list,
                      GtkListBoxRow *row,
                      EvbNodeEditor *self)
{
  select_node (self, g_object_get_data (G_OBJECT (row), "evb-node-id"));
}

static void
linchpin_activated_cb (EvbNodeEditor *self)
{
  g_autofree char *id = g_strdup (self->linchpin_id);

  select_node (self, id);
}

/* Edits */

static void
text_edit (EvbNodeData   *data,
           gconstpointer  user_data)
{
  const TextEdit *edit = user_data;
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
apply_text (EvbNodeEditor *self,
            guint          index,
            const char    *text)
{
  const TextField *field = &text_fields[index];
  TextEdit edit = { field, text };

  evb_editor_edit_cards (EVB_EDITOR (self), _(field->label), field->name, text_edit, &edit);
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

/* Dates */

static guint
date_index (guint field)
{
  g_assert (field == FIELD_OCCURRED || field == FIELD_COLLECTED);
  return field - FIELD_OCCURRED;
}

/* The message beneath the dates: visible, and the row's description for
 * a screen reader, which also hears that the row is invalid. */
static void
show_date_message (EvbNodeEditor *self,
                   guint          field,
                   const char    *message)
{
  GtkWidget *row = self->text_rows[field];
  GtkWidget *label = self->date_messages[date_index (field)];

  gtk_label_set_text (GTK_LABEL (label), message != NULL ? message : "");
  gtk_widget_set_visible (label, message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                      label, NULL, -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
    }
}

static const char *
date_value (EvbNodeEditor *self,
            guint          field)
{
  EvbNode *node = get_node (self);

  return node != NULL ? G_STRUCT_MEMBER (const char *, evb_node_get_data (node), text_fields[field].offset)
                      : NULL;
}

static gboolean
same_date_value (const char *a,
                 const char *b)
{
  /* An empty field is an absent date. */
  return g_strcmp0 (a != NULL && a[0] != '\0' ? a : NULL, b != NULL && b[0] != '\0' ? b : NULL) == 0;
}

/* The date a typing session in the row edits: the board's value when the
 * session began. The row shows less than the board keeps (no seconds,
 * only UTC), and each key is written at once, so reading each key against
 * what the last one wrote would lose what the first one dropped. A value
 * changed from elsewhere meanwhile (undo, the calendar) starts afresh. */
static const char *
date_before (EvbNodeEditor *self,
             guint          field)
{
  guint i = date_index (field);
  const char *value = date_value (self, field);
  g_autofree char *session = evb_editor_dup_merge_key (EVB_EDITOR (self), text_fields[field].name);

  if (g_strcmp0 (session, self->date_sessions[i]) != 0 || !same_date_value (value, self->date_written[i]))
    {
      g_free (self->date_befores[i]);
      self->date_befores[i] = g_strdup (value);
      g_free (self->date_written[i]);
      self->date_written[i] = g_strdup (value);
      g_free (self->date_sessions[i]);
      self->date_sessions[i] = g_steal_pointer (&session);
    }
  return self->date_befores[i];
}

/* The row's text read as an edit of the session's date (evb_date_parse_edit()). */
static char *
parse_date_row (EvbNodeEditor  *self,
                guint           field,
                GError        **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->text_rows[field]));
  /* Even an emptied row begins the session: what is typed next edits
   * the date the row had. */
  const char *before = date_before (self, field);

  if (text[0] == '\0')
    return g_strdup ("");
  return evb_date_parse_edit (text, before, NULL, error);
}

/* While a date row has the focus it keeps what was typed: the error
 * being typed, or a form the board keeps differently ("12 May 2025"
 * for 2025-05-12). */
static gboolean
date_row_keeps_text (EvbNodeEditor *self,
                     guint          field,
                     const char    *value)
{
  GtkWidget *row = self->text_rows[field];
  g_autofree char *parsed = NULL;

  if ((gtk_widget_get_state_flags (row) & GTK_STATE_FLAG_FOCUS_WITHIN) == 0)
    return FALSE;
  if (gtk_widget_has_css_class (row, "error"))
    return TRUE;
  parsed = parse_date_row (self, field, NULL);
  return parsed != NULL && parsed[0] != '\0' && g_strcmp0 (parsed, value) == 0;
}

/* A date as the cards, pictures and reports show it ("2025-12-29 00:30
 * UTC"), not as the board keeps it ("2025-12-29T02:30:00+02:00"): the
 * exact value is the row's tooltip, and the shown form reads back as the
 * same moment when it is edited. */
static void
show_exact_date (GtkWidget  *row,
                 const char *value)
{
  g_autofree char *shown = evb_date_format (value);
  g_autofree char *exact = NULL;

  if (value != NULL && g_strcmp0 (shown, value) != 0)
    /* Translators: a row's tooltip: a date as the board file keeps it, e.g. "2025-12-29T02:30:00+02:00" */
    exact = g_strdup_printf (_("Kept in the board as %s"), value);
  gtk_widget_set_tooltip_text (row, exact);
}

static void
show_date (GtkWidget  *row,
           const char *value)
{
  g_autofree char *shown = evb_date_format (value);

  evb_editor_set_text (row, shown);
  gtk_widget_remove_css_class (row, "error");
  show_exact_date (row, value);
}

/* The calendar opens on the field's day (today when it has none). */
static void
calendar_popover_show_cb (GtkPopover    *popover,
                          EvbNodeEditor *self)
{
  GtkCalendar *calendar = GTK_CALENDAR (gtk_popover_get_child (popover));
  guint field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (calendar), "evb-field"));
  EvbNode *node = get_node (self);
  const char *value = node != NULL ? G_STRUCT_MEMBER (const char *, evb_node_get_data (node),
                                                      text_fields[field].offset) : NULL;
  g_autoptr(GDateTime) day = NULL;

  if (value != NULL && strlen (value) >= 10)
    {
      g_autofree char *plain = g_strndup (value, 10);
      int year, month, mday;

      if (sscanf (plain, "%4d-%2d-%2d", &year, &month, &mday) == 3)
        day = g_date_time_new_local (year, month, mday, 0, 0, 0);
    }
  if (day == NULL)
    day = g_date_time_new_now_local ();
  self->opening_calendar = TRUE;
  gtk_calendar_select_day (calendar, day);
  self->opening_calendar = FALSE;
}

/* A day picked keeps the time the field had, if any. */
static void
calendar_day_selected_cb (GtkCalendar   *calendar,
                          EvbNodeEditor *self)
{
  guint field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (calendar), "evb-field"));
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);
  EvbNode *node = get_node (self);
  const char *value = node != NULL ? G_STRUCT_MEMBER (const char *, evb_node_get_data (node),
                                                      text_fields[field].offset) : NULL;
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");
  g_autofree char *with_time = NULL;

  /* Opening the popover selects the field's day: that is no choice. */
  if (popover == NULL || self->opening_calendar || evb_editor_is_syncing (EVB_EDITOR (self)))
    return;
  if (value != NULL && strlen (value) > 10)
    with_time = g_strconcat (date, value + 10, NULL);
  show_date_message (self, field, NULL);
  apply_text (self, field, with_time != NULL ? with_time : date);
  gtk_popover_popdown (GTK_POPOVER (popover));
}

/* GTK 4.8's calendar names its four arrows after their images
 * ("GtkImage"); they are, in order, the month's and the year's. */
static void
name_calendar_arrows (GtkWidget *calendar)
{
  static const char *names[] = {
    N_("Previous Month"), N_("Next Month"), N_("Previous Year"), N_("Next Year"),
  };
  GtkWidget *header = gtk_widget_get_first_child (calendar);
  GtkWidget *arrows[G_N_ELEMENTS (names)];
  guint n = 0;

  for (GtkWidget *child = header != NULL ? gtk_widget_get_first_child (header) : NULL;
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child) && n++ < G_N_ELEMENTS (names))
      arrows[n - 1] = child;
  /* Another GTK may build its header otherwise: better no name than a wrong one. */
  if (n != G_N_ELEMENTS (names))
    return;
  for (guint i = 0; i < n; i++)
    gtk_accessible_update_property (GTK_ACCESSIBLE (arrows[i]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _(names[i]), -1);
}

static void
add_date_tools (EvbNodeEditor *self,
                guint          field,
                const char    *tooltip)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();
  GtkWidget *message = gtk_label_new (NULL);

  g_object_set_data (G_OBJECT (calendar), "evb-field", GUINT_TO_POINTER (field));
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  g_signal_connect (popover, "show", G_CALLBACK (calendar_popover_show_cb), self);
  g_signal_connect (calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), self);
  /* The calendar takes the focus when it opens: it says which date it sets. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (calendar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->text_rows[field])),
                                  -1);
  name_calendar_arrows (calendar);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self->text_rows[field]), button);
  self->calendars[date_index (field)] = GTK_CALENDAR (calendar);

  /* Beneath the group's rows (a group puts what is not a row there). */
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_widget_set_margin_top (message, 6);
  gtk_widget_add_css_class (message, "error");
  gtk_widget_add_css_class (message, "caption");
  gtk_widget_set_visible (message, FALSE);
  adw_preferences_group_add (self->dates_group, message);
  self->date_messages[date_index (field)] = message;
}

/* Signal callbacks */

static void
text_changed_cb (GtkEditable   *editable,
                 EvbNodeEditor *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (editable), "evb-field"));
  const char *text = gtk_editable_get_text (editable);

  if (evb_editor_is_syncing (EVB_EDITOR (self)))
    return;

  /* Dates are written in the board's form once they are dates; until
   * then the row says what is wrong. */
  if (index == FIELD_OCCURRED || index == FIELD_COLLECTED)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *date = parse_date_row (self, index, &error);

      show_date_message (self, index, error != NULL ? error->message : NULL);
      if (date == NULL)
        return;
      g_free (self->date_written[date_index (index)]);
      self->date_written[date_index (index)] = g_strdup (date);
      apply_text (self, index, date);
      return;
    }
  if (index == FIELD_SOURCE_URL)
    show_url_message (self, text);

  apply_text (self, index, text);
}

static void
body_changed_cb (GtkTextBuffer *buffer,
                 EvbNodeEditor *self)
{
  g_autofree char *text = NULL;

  if (evb_editor_is_syncing (EVB_EDITOR (self)))
    return;
  text = evb_editor_get_buffer_text (buffer);
  apply_text (self, FIELD_BODY, text);
}

static void
kind_selected_cb (AdwComboRow   *row,
                  GParamSpec    *pspec,
                  EvbNodeEditor *self)
{
  guint position = adw_combo_row_get_selected (row);

  if (position == GTK_INVALID_LIST_POSITION)
    return;
  evb_editor_edit_cards (EVB_EDITOR (self), _("Change Kind"), NULL, kind_edit,
                         GINT_TO_POINTER (position == 0 ? EVB_NODE_KIND_CLAIM : EVB_NODE_KIND_EVIDENCE));
}

static void
pinned_edit (EvbNodeData   *data,
             gconstpointer  user_data)
{
  data->pinned = GPOINTER_TO_INT (user_data);
}

static void
pinned_active_cb (GtkSwitch     *pinned_switch,
                  GParamSpec    *pspec,
                  EvbNodeEditor *self)
{
  gboolean pinned = gtk_switch_get_active (pinned_switch);

  evb_editor_edit_cards (EVB_EDITOR (self), pinned ? _("Pin") : _("Unpin"), NULL, pinned_edit,
                         GINT_TO_POINTER (pinned));
}

/* Actions */

static void
remove_attachment_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  EvbEditor *editor = EVB_EDITOR (widget);
  EvbNode *node = get_node (EVB_NODE_EDITOR (widget));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (node == NULL)
    return;
  ok = evb_editing_remove_attachment (evb_editor_get_board (editor), evb_node_get_id (node), &error);
  evb_editor_report (editor, ok, error);
}

/* Only web addresses open: a board from someone else must not make a
 * click run a local file or an unusual URI handler. */
static void
open_url_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  EvbNode *node = get_node (EVB_NODE_EDITOR (widget));
  const char *url = node != NULL ? evb_node_get_data (node)->source_url : NULL;

  if (!is_web_address (url))
    return;
  evb_compat_open_uri (GTK_WINDOW (gtk_widget_get_root (widget)), url);
}

/* The full SHA-256 to the clipboard, to compare with another copy. */
static void
copy_sha256_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EvbNode *node = get_node (EVB_NODE_EDITOR (widget));
  const char *sha256 = node != NULL ? evb_node_get_data (node)->attachment_sha256 : NULL;

  if (sha256 != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), sha256);
}

/* Model to widgets */

/* When a file was kept in the board, as every date of the app is shown
 * (evb_date_format()). */
static char *
format_added (const char *added)
{
  g_autoptr(GDateTime) when = NULL;

  if (added != NULL)
    when = g_date_time_new_from_iso8601 (added, NULL);
  if (when == NULL)
    return g_strdup (_("at an unknown time"));
  return evb_date_format (added);
}

static void
sync_attachment (EvbNodeEditor     *self,
                 const EvbNodeData *data)
{
  EvbAttachmentState *attachments = evb_editor_get_attachments (EVB_EDITOR (self));
  EvbAttachmentStatus status = EVB_ATTACHMENT_NONE;
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;
  g_autofree char *size = NULL;
  g_autofree char *subtitle = NULL;
  gboolean flagged;

  gtk_widget_set_visible (self->attachment_group, data->kind == EVB_NODE_KIND_EVIDENCE);
  gtk_widget_set_visible (GTK_WIDGET (self->attachment_row), data->attachment_uri != NULL);
  gtk_widget_set_visible (self->attachment_sha_row, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.remove-attachment",
                                 data->attachment_uri != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.copy-sha256",
                                 data->attachment_sha256 != NULL);
  /* A card holds one file: choosing another replaces it, and says so. */
  adw_preferences_row_set_title (self->attach_file_row, data->attachment_uri != NULL ? _("_Replace the File…")
                                                                                     : _("_Attach a File…"));
  if (data->attachment_uri == NULL)
    return;

  if (attachments != NULL)
    status = evb_attachment_state_lookup_status (attachments, data);
  flagged = evb_attachment_status_is_problem (status);

  file = g_file_new_for_uri (data->attachment_uri);
  name = g_file_get_basename (file);
  size = data->attachment_size >= 0 ? g_format_size (data->attachment_size) : g_strdup (_("Unknown size"));
  if (data->attachment_embedded)
    {
      g_autofree char *added = NULL;

      /* Read once per file: a sync comes with every edit of the card. */
      if (g_strcmp0 (self->shown_blob_sha256, data->attachment_sha256) != 0)
        {
          g_autoptr(EvbBlobInfo) blob = NULL;

          if (self->store != NULL && data->attachment_sha256 != NULL)
            blob = evb_store_get_blob_info (self->store, data->attachment_sha256, NULL);
          g_free (self->shown_blob_added);
          self->shown_blob_added = blob != NULL ? g_strdup (blob->added) : NULL;
          g_free (self->shown_blob_sha256);
          self->shown_blob_sha256 = g_strdup (data->attachment_sha256);
        }
      added = format_added (self->shown_blob_added);
      /* Translators: a file whose bytes are in the board file: its size, media
       * type, when it was added, and whether it checked out */
      subtitle = g_strdup_printf (_("Inside the board · %s · %s\nAdded %s · %s"), size,
                                  data->attachment_media_type ? data->attachment_media_type : "—",
                                  added,
                                  flagged ? _("The copy in the board is damaged")
                                  : status == EVB_ATTACHMENT_OK ? _("The copy in the board is intact")
                                  : status_text (status));
    }
  else
    /* Translators: a file the board refers to by its address: its size,
     * media type, and whether it checked out */
    subtitle = g_strdup_printf (_("Linked file · %s · %s\n%s"), size,
                                data->attachment_media_type ? data->attachment_media_type : "—",
                                status_text (status));
  gtk_widget_set_visible (self->save_attachment_button, data->attachment_embedded);
  gtk_widget_set_visible (self->attachment_sha_row, data->attachment_sha256 != NULL);
  gtk_label_set_label (self->attachment_sha_label,
                       data->attachment_sha256 != NULL ? data->attachment_sha256 : "");
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

/* EvbEditor */

static void
evb_node_editor_sync (EvbEditor *editor)
{
  EvbNodeEditor *self = EVB_NODE_EDITOR (editor);
  EvbNode *node = get_node (self);
  const EvbNodeData *data;
  gboolean evidence;

  if (node == NULL)
    return;

  data = evb_node_get_data (node);
  evidence = data->kind == EVB_NODE_KIND_EVIDENCE;
  adw_preferences_group_set_title (self->node_group, evb_node_kind_get_label (data->kind));
  for (guint i = 0; i < N_TEXT_ROWS; i++)
    {
      const char *value = G_STRUCT_MEMBER (const char *, data, text_fields[i].offset);

      if (i == FIELD_OCCURRED || i == FIELD_COLLECTED)
        {
          /* A date being typed: leave it as typed, but say what the
           * board now keeps, seconds and offset the row does not show. */
          if (date_row_keeps_text (self, i, value))
            {
              show_exact_date (self->text_rows[i], value);
              continue;
            }
          show_date_message (self, i, NULL);
          show_date (self->text_rows[i], value);
          continue;
        }
      evb_editor_set_text (self->text_rows[i], value);
      gtk_widget_remove_css_class (self->text_rows[i], "error");
    }
  evb_editor_set_view_text (self->body_view, data->body);

  evb_editor_set_combo (self->kind_row, evidence ? 1 : 0);
  gtk_widget_set_visible (GTK_WIDGET (self->type_row), evidence);
  if (evidence)
    evb_editor_set_combo (self->type_row, data->evidence_type);
  gtk_widget_set_visible (self->claimant_row, !evidence);
  gtk_switch_set_active (self->pinned_switch, data->pinned);
  gtk_widget_set_visible (self->collected_row, evidence);
  evb_editor_set_combo (self->reliability_row, evb_editor_reliability_position (data->reliability));
  evb_editor_set_combo (self->credibility_row, data->credibility);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.open-url", is_web_address (data->source_url));
  show_url_message (self, data->source_url);

  evb_editor_show_tags (editor, self->tags_box, &self->shown_tags, (const char * const *) data->tags);
  evb_editor_show_color (self->color_box, data->color, FALSE);
  sync_attachment (self, data);
  sync_assessment (self);
}

/* GtkWidget */

static gboolean
evb_node_editor_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (EVB_NODE_EDITOR (widget)->title_row);
}

/* On GTK 4.8 a button in a suffix of this template's rows never saw the
 * enabled state of our actions, not even when set on this widget (Open
 * Web Address stayed greyed out for every address); naming the actions
 * again once the editor is in a window makes the buttons follow them
 * (tests/ui/test-rough-edges.c, open-web-address). */
static void
evb_node_editor_root (GtkWidget *widget)
{

  GTK_WIDGET_CLASS (evb_node_editor_parent_class)->root (widget);

  evb_compat_refresh_actionables (widget);
}

/* GObject */

static void
evb_node_editor_dispose (GObject *object)
{
  /* AdwBin unparents its child itself: it must not be left to the template too. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  evb_node_editor_set_assessment (EVB_NODE_EDITOR (object), NULL);
  g_clear_handle_id (&EVB_NODE_EDITOR (object)->assessment_idle, g_source_remove);
  g_clear_object (&EVB_NODE_EDITOR (object)->store);
  gtk_widget_dispose_template (GTK_WIDGET (object), EVB_TYPE_NODE_EDITOR);

  G_OBJECT_CLASS (evb_node_editor_parent_class)->dispose (object);
}

static void
evb_node_editor_finalize (GObject *object)
{
  EvbNodeEditor *self = EVB_NODE_EDITOR (object);

  g_free (self->shown_tags);
  g_free (self->shown_why);
  g_free (self->shown_blob_sha256);
  g_free (self->shown_blob_added);
  g_free (self->linchpin_id);
  for (guint i = 0; i < N_DATE_ROWS; i++)
    {
      g_free (self->date_befores[i]);
      g_free (self->date_sessions[i]);
      g_free (self->date_written[i]);
    }

  G_OBJECT_CLASS (evb_node_editor_parent_class)->finalize (object);
}

static void
evb_node_editor_class_init (EvbNodeEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  EvbEditorClass *editor_class = EVB_EDITOR_CLASS (klass);

  object_class->dispose = evb_node_editor_dispose;
  object_class->finalize = evb_node_editor_finalize;
  widget_class->grab_focus = evb_node_editor_grab_focus;
  widget_class->root = evb_node_editor_root;
  editor_class->sync = evb_node_editor_sync;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/evidenceboard/EvidenceBoard/evb-node-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, node_group);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, type_row);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, claimant_row);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, pinned_switch);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, assessment_group);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, likelihood_row);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, confidence_row);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, links_row);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, linchpin_row);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, why_group);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, why_list);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, body_view);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, source_row);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, url_row);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, url_message);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, open_url_button);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, reliability_row);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, credibility_row);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, dates_group);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, occurred_row);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, collected_row);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, attachment_group);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, attachment_row);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, attachment_icon);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, remove_attachment_button);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, save_attachment_button);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, attachment_sha_row);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, attach_file_row);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, attachment_sha_label);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, tags_box);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, tag_entry);
  gtk_widget_class_bind_template_child (widget_class, EvbNodeEditor, color_box);

  gtk_widget_class_install_action (widget_class, "inspector.open-url", NULL, open_url_action);
  gtk_widget_class_install_action (widget_class, "inspector.remove-attachment", NULL,
                                   remove_attachment_action);
  gtk_widget_class_install_action (widget_class, "inspector.copy-sha256", NULL,
                                   copy_sha256_action);
}

static void
evb_node_editor_init (EvbNodeEditor *self)
{
  EvbEditor *editor = EVB_EDITOR (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->text_rows[FIELD_TITLE] = self->title_row;
  self->text_rows[FIELD_CLAIMANT] = self->claimant_row;
  self->text_rows[FIELD_SOURCE] = self->source_row;
  self->text_rows[FIELD_SOURCE_URL] = self->url_row;
  self->text_rows[FIELD_OCCURRED] = self->occurred_row;
  self->text_rows[FIELD_COLLECTED] = self->collected_row;
  add_date_tools (self, FIELD_OCCURRED, _("Choose the Date of the Event"));
  add_date_tools (self, FIELD_COLLECTED, _("Choose the Date Collected"));
  for (guint i = 0; i < N_TEXT_ROWS; i++)
    {
      g_object_set_data (G_OBJECT (self->text_rows[i]), "evb-field", GUINT_TO_POINTER (i));
      g_signal_connect (self->text_rows[i], "changed", G_CALLBACK (text_changed_cb), self);
      evb_editor_watch_focus (editor, self->text_rows[i]);
    }
  g_signal_connect (gtk_text_view_get_buffer (self->body_view), "changed",
                    G_CALLBACK (body_changed_cb), self);
  evb_editor_watch_focus (editor, GTK_WIDGET (self->body_view));

  g_signal_connect (self->kind_row, "notify::selected", G_CALLBACK (kind_selected_cb), self);
  g_signal_connect (self->pinned_switch, "notify::active", G_CALLBACK (pinned_active_cb), self);
  evb_editor_setup_type_row (editor, self->type_row);
  evb_editor_setup_reliability_row (editor, self->reliability_row);
  evb_editor_setup_credibility_row (editor, self->credibility_row);
  evb_editor_setup_tag_entry (editor, self->tag_entry);
  evb_editor_setup_swatches (editor, self->color_box);
  g_signal_connect (self->why_list, "row-activated", G_CALLBACK (why_row_activated_cb), self);
  g_signal_connect_swapped (self->linchpin_row, "activated", G_CALLBACK (linchpin_activated_cb), self);
}

/* Public API */

GtkWidget *
evb_node_editor_new (void)
{
  return g_object_new (EVB_TYPE_NODE_EDITOR, NULL);
}

void
evb_node_editor_set_store (EvbNodeEditor *self,
                           EvbStore      *store)
{
  g_return_if_fail (EVB_IS_NODE_EDITOR (self));
  g_return_if_fail (store == NULL || EVB_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_clear_pointer (&self->shown_blob_sha256, g_free);
  evb_editor_sync (EVB_EDITOR (self));
}

void
evb_node_editor_set_assessment (EvbNodeEditor *self,
                                EvbAssessment *assessment)
{
  g_return_if_fail (EVB_IS_NODE_EDITOR (self));
  g_return_if_fail (assessment == NULL || EVB_IS_ASSESSMENT (assessment));

  if (self->assessment == assessment)
    return;
  if (self->assessment != NULL)
    g_signal_handlers_disconnect_by_data (self->assessment, self);
  g_clear_handle_id (&self->assessment_idle, g_source_remove);
  g_set_object (&self->assessment, assessment);
  g_clear_pointer (&self->shown_why, g_free);
  if (assessment != NULL)
    g_signal_connect (assessment, "changed", G_CALLBACK (assessment_changed_cb), self);
  sync_assessment (self);
}
