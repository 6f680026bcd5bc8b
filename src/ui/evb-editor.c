/* evb-editor.c: what the inspector's editors share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every edit goes through the editing layer (evb-editing.h), one undo step
 * each. Text fields write at every key, so the file always holds what the
 * screen shows, but a merge key joins the keys typed into one field into
 * one undo step: the typing session ends when the field loses the focus or
 * the selection changes.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-editor.h"

typedef struct
{
  const char *color;
  const char *name;
} Swatch;

/* GNOME's palette: a colour marks a card, it does not carry meaning. */
static const Swatch swatches[] = {
  { NULL, N_("No Color") },
  { "#3584e4", N_("Blue") },
  { "#33d17a", N_("Green") },
  { "#f6d32d", N_("Yellow") },
  { "#ff7800", N_("Orange") },
  { "#e01b24", N_("Red") },
  { "#9141ac", N_("Purple") },
  { "#986a44", N_("Brown") },
};

static const char reliabilities[] = "ABCDEF";

typedef struct
{
  EvbBoard           *board;
  EvbSelection       *selection;   /* the board's one selection */
  EvbAttachmentState *attachments; /* NULL: nothing known of the files */
  GPtrArray          *none;        /* empty: what is selected without a board */
  guint               session;
  gboolean            syncing;
} EvbEditorPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (EvbEditor, evb_editor, ADW_TYPE_BIN)

enum {
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Grades and types */

static void
set_model (AdwComboRow   *row,
           GtkStringList *list)
{
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
  g_object_unref (list);
}

static void
meaning_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* Wide enough for most meanings on one line, never wider than a phone. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  gtk_label_set_width_chars (GTK_LABEL (label), 20);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Selected"), -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (item, box);
}

static void
meaning_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 AdwComboRow              *row)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (box)), gtk_string_object_get_string (string));
  gtk_widget_set_opacity (gtk_widget_get_last_child (box),
                          gtk_list_item_get_position (item) == adw_combo_row_get_selected (row) ? 1 : 0);
}

/* A grade's meaning is a phrase ("6 — Truth cannot be judged"): the
 * drop-down's items wrap instead of ending in "…", and the chosen one is
 * the row's subtitle, so the whole meaning shows and the row's title has
 * the width it needs (German and Ukrainian titles broke mid-word). */
static void
show_full_meanings (AdwComboRow *row)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (meaning_setup_cb), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (meaning_bind_cb), row, 0);
  adw_combo_row_set_list_factory (row, factory);
  adw_combo_row_set_use_subtitle (row, TRUE);
  g_object_unref (factory);
}

static char
position_to_reliability (guint position)
{
  return position >= 1 && position <= 6 ? reliabilities[position - 1] : '\0';
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
type_selected_cb (AdwComboRow *row,
                  GParamSpec  *pspec,
                  EvbEditor   *self)
{
  guint position = adw_combo_row_get_selected (row);

  if (position != GTK_INVALID_LIST_POSITION)
    evb_editor_edit_cards (self, _("Change Evidence Type"), NULL, type_edit, GINT_TO_POINTER (position));
}

static void
reliability_selected_cb (AdwComboRow *row,
                         GParamSpec  *pspec,
                         EvbEditor   *self)
{
  guint position = adw_combo_row_get_selected (row);

  if (position != GTK_INVALID_LIST_POSITION)
    evb_editor_edit_cards (self, _("Grade Reliability"), NULL, reliability_edit,
                           GINT_TO_POINTER (position_to_reliability (position)));
}

static void
credibility_selected_cb (AdwComboRow *row,
                         GParamSpec  *pspec,
                         EvbEditor   *self)
{
  guint position = adw_combo_row_get_selected (row);

  if (position != GTK_INVALID_LIST_POSITION)
    evb_editor_edit_cards (self, _("Grade Credibility"), NULL, credibility_edit, GINT_TO_POINTER (position));
}

/* Tags */

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
remove_tag_clicked_cb (GtkButton *button,
                       EvbEditor *self)
{
  g_autofree char *tag = g_strdup (g_object_get_data (G_OBJECT (button), "evb-tag"));

  evb_editor_edit_cards (self, _("Remove Tag"), NULL, remove_tag_edit, tag);
}

static GtkWidget *
make_tag_pill (EvbEditor  *self,
               const char *tag)
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
tag_entry_apply_cb (GtkWidget *entry,
                    EvbEditor *self)
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

  evb_editor_edit_cards (self, _("Add Tags"), NULL, add_tags_edit, tags);
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
                  EvbEditor       *self)
{
  const Swatch *swatch = g_object_get_data (G_OBJECT (button), "evb-swatch");

  if (!gtk_toggle_button_get_active (button))
    return;
  evb_editor_edit_cards (self, _("Change Color"), NULL, color_edit, swatch->color);
}

/* Signal callbacks */

static void
selection_changed_cb (EvbEditor *self)
{
  /* Another card: typing in it starts a new undo step. */
  evb_editor_end_session (self);
}

/* Leaving a field ends its typing session: the next edit is a new step. */
static void
focus_leave_cb (GtkEventControllerFocus *controller,
                EvbEditor               *self)
{
  /* A date left half typed goes back to what the board holds. */
  gtk_widget_remove_css_class (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)), "error");
  evb_editor_end_session (self);
  evb_editor_sync (self);
}

/* GObject */

static void
evb_editor_dispose (GObject *object)
{
  evb_editor_set_board (EVB_EDITOR (object), NULL, NULL, NULL);

  G_OBJECT_CLASS (evb_editor_parent_class)->dispose (object);
}

static void
evb_editor_finalize (GObject *object)
{
  EvbEditorPrivate *priv = evb_editor_get_instance_private (EVB_EDITOR (object));

  g_ptr_array_unref (priv->none);

  G_OBJECT_CLASS (evb_editor_parent_class)->finalize (object);
}

static void
evb_editor_class_init (EvbEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = evb_editor_dispose;
  object_class->finalize = evb_editor_finalize;

  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
evb_editor_init (EvbEditor *self)
{
  EvbEditorPrivate *priv = evb_editor_get_instance_private (self);

  priv->none = g_ptr_array_new ();
}

/* API for the editors */

void
evb_editor_set_board (EvbEditor          *self,
                      EvbBoard           *board,
                      EvbSelection       *selection,
                      EvbAttachmentState *attachments)
{
  EvbEditorPrivate *priv = evb_editor_get_instance_private (self);

  g_return_if_fail (EVB_IS_EDITOR (self));
  g_return_if_fail (board == NULL || EVB_IS_SELECTION (selection));

  if (priv->selection != NULL)
    g_signal_handlers_disconnect_by_data (priv->selection, self);
  g_set_object (&priv->board, board);
  g_clear_object (&priv->selection);
  g_clear_object (&priv->attachments);
  if (board != NULL)
    {
      priv->selection = g_object_ref (selection);
      priv->attachments = attachments != NULL ? g_object_ref (attachments) : NULL;
      g_signal_connect_swapped (selection, "changed", G_CALLBACK (selection_changed_cb), self);
    }
  evb_editor_end_session (self);
}

EvbBoard *
evb_editor_get_board (EvbEditor *self)
{
  EvbEditorPrivate *priv = evb_editor_get_instance_private (self);

  g_return_val_if_fail (EVB_IS_EDITOR (self), NULL);

  return priv->board;
}

EvbSelection *
evb_editor_get_selection (EvbEditor *self)
{
  EvbEditorPrivate *priv = evb_editor_get_instance_private (self);

  g_return_val_if_fail (EVB_IS_EDITOR (self), NULL);

  return priv->selection;
}

EvbAttachmentState *
evb_editor_get_attachments (EvbEditor *self)
{
  EvbEditorPrivate *priv = evb_editor_get_instance_private (self);

  g_return_val_if_fail (EVB_IS_EDITOR (self), NULL);

  return priv->attachments;
}

GPtrArray *
evb_editor_get_node_ids (EvbEditor *self)
{
  EvbEditorPrivate *priv = evb_editor_get_instance_private (self);

  g_return_val_if_fail (EVB_IS_EDITOR (self), NULL);

  return priv->selection != NULL ? evb_selection_get_nodes (priv->selection) : priv->none;
}

GPtrArray *
evb_editor_get_link_ids (EvbEditor *self)
{
  EvbEditorPrivate *priv = evb_editor_get_instance_private (self);

  g_return_val_if_fail (EVB_IS_EDITOR (self), NULL);

  return priv->selection != NULL ? evb_selection_get_links (priv->selection) : priv->none;
}

void
evb_editor_sync (EvbEditor *self)
{
  EvbEditorPrivate *priv = evb_editor_get_instance_private (self);

  g_return_if_fail (EVB_IS_EDITOR (self));

  /* A sync from inside a sync (a combo's model set) must not end the outer one. */
  if (priv->syncing || EVB_EDITOR_GET_CLASS (self)->sync == NULL)
    return;
  priv->syncing = TRUE;
  EVB_EDITOR_GET_CLASS (self)->sync (self);
  priv->syncing = FALSE;
}

gboolean
evb_editor_is_syncing (EvbEditor *self)
{
  EvbEditorPrivate *priv = evb_editor_get_instance_private (self);

  g_return_val_if_fail (EVB_IS_EDITOR (self), FALSE);

  return priv->syncing;
}

void
evb_editor_end_session (EvbEditor *self)
{
  EvbEditorPrivate *priv = evb_editor_get_instance_private (self);

  g_return_if_fail (EVB_IS_EDITOR (self));

  priv->session++;
}

char *
evb_editor_dup_merge_key (EvbEditor  *self,
                          const char *field)
{
  EvbEditorPrivate *priv = evb_editor_get_instance_private (self);

  g_return_val_if_fail (EVB_IS_EDITOR (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  return g_strdup_printf ("inspector:%s:%u", field, priv->session);
}

void
evb_editor_watch_focus (EvbEditor *self,
                        GtkWidget *widget)
{
  GtkEventController *focus;

  g_return_if_fail (EVB_IS_EDITOR (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (widget, focus);

  /* The board's history is the one undo: with the field's own, Ctrl+Z
   * past the board's steps flipped the field between empty and typed
   * text, and each flip was written as a new step. Without it Ctrl+Z
   * reaches win.undo, which takes back the field's typing session. */
  if (GTK_IS_EDITABLE (widget))
    gtk_editable_set_enable_undo (GTK_EDITABLE (widget), FALSE);
  else if (GTK_IS_TEXT_VIEW (widget))
    gtk_text_buffer_set_enable_undo (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), FALSE);
}

void
evb_editor_report (EvbEditor *self,
                   gboolean   ok,
                   GError    *error)
{
  g_return_if_fail (EVB_IS_EDITOR (self));

  if (ok)
    return;
  g_signal_emit (self, signals[ERROR], 0, error);
  evb_editor_sync (self);
}

void
evb_editor_edit_cards (EvbEditor          *self,
                       const char         *label,
                       const char         *merge_field,
                       EvbEditingNodeFunc  func,
                       gconstpointer       user_data)
{
  EvbEditorPrivate *priv = evb_editor_get_instance_private (self);
  g_autofree char *merge_key = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_return_if_fail (EVB_IS_EDITOR (self));

  if (priv->board == NULL || priv->syncing)
    return;

  if (merge_field != NULL)
    merge_key = evb_editor_dup_merge_key (self, merge_field);
  ok = evb_editing_edit_cards (priv->board, label, merge_key, evb_selection_get_nodes (priv->selection),
                               func, user_data, &error);
  evb_editor_report (self, ok, error);
}

/* Widgets */

void
evb_editor_set_text (GtkWidget  *editable,
                     const char *text)
{
  g_return_if_fail (GTK_IS_EDITABLE (editable));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (editable)), text ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (editable), text ? text : "");
}

char *
evb_editor_get_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), NULL);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Frames to wait at most for a text view to lay its new text out. */
#define RELAYOUT_FRAMES 60

static gboolean
resize_when_laid_out_cb (GtkWidget     *widget,
                         GdkFrameClock *clock,
                         gpointer       user_data)
{
  int *frames = user_data;
  GtkTextIter end;
  GdkRectangle location;
  int height;

  /* Lays the text out to its end: GTK lays out only what is in view. */
  gtk_text_buffer_get_end_iter (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), &end);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (widget), &end, &location);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (widget), &height, NULL, NULL, NULL);
  /* Again while the view finds its width (the inspector may be placed
   * beside the board after the text comes): a few frames, not one. */
  if (gtk_widget_get_height (widget) > 0 && height != gtk_widget_get_height (widget))
    gtk_widget_queue_resize (widget);
  return ++*frames < RELAYOUT_FRAMES ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

void
evb_editor_set_view_text (GtkTextView *view,
                          const char  *text)
{
  GtkTextBuffer *buffer;
  g_autofree char *shown = NULL;

  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  buffer = gtk_text_view_get_buffer (view);
  shown = evb_editor_get_buffer_text (buffer);
  if (g_strcmp0 (shown, text ? text : "") == 0)
    return;
  gtk_text_buffer_set_text (buffer, text ? text : "", -1);
  /* GTK 4.8 lays the new text of a text view on screen out after this and
   * then keeps the view at its old height, the rest cut off: once its
   * measure says otherwise, ask for its size again. */
  gtk_widget_add_tick_callback (GTK_WIDGET (view), resize_when_laid_out_cb, g_new0 (int, 1), g_free);
}

void
evb_editor_set_combo (AdwComboRow *row,
                      guint        position)
{
  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  if (adw_combo_row_get_selected (row) != position)
    adw_combo_row_set_selected (row, position);
}

void
evb_editor_setup_type_row (EvbEditor   *self,
                           AdwComboRow *row)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  g_return_if_fail (EVB_IS_EDITOR (self));

  for (int i = 0; i < EVB_N_EVIDENCE_TYPES; i++)
    gtk_string_list_append (list, evb_evidence_type_get_label (i));
  set_model (row, list);
  g_signal_connect (row, "notify::selected", G_CALLBACK (type_selected_cb), self);
}

void
evb_editor_setup_reliability_row (EvbEditor   *self,
                                  AdwComboRow *row)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  g_return_if_fail (EVB_IS_EDITOR (self));

  gtk_string_list_append (list, _("Not graded"));
  for (guint i = 0; reliabilities[i] != '\0'; i++)
    {
      /* Translators: a reliability grade and its meaning, e.g. "B — Usually reliable" */
      g_autofree char *item = g_strdup_printf (_("%c — %s"), reliabilities[i],
                                               evb_reliability_get_label (reliabilities[i]));

      gtk_string_list_append (list, item);
    }
  set_model (row, list);
  show_full_meanings (row);
  g_signal_connect (row, "notify::selected", G_CALLBACK (reliability_selected_cb), self);
}

void
evb_editor_setup_credibility_row (EvbEditor   *self,
                                  AdwComboRow *row)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  g_return_if_fail (EVB_IS_EDITOR (self));

  gtk_string_list_append (list, _("Not graded"));
  for (int i = 1; i <= 6; i++)
    {
      /* Translators: a credibility grade and its meaning, e.g. "2 — Probably true" */
      g_autofree char *item = g_strdup_printf (_("%d — %s"), i, evb_credibility_get_label (i));

      gtk_string_list_append (list, item);
    }
  set_model (row, list);
  show_full_meanings (row);
  g_signal_connect (row, "notify::selected", G_CALLBACK (credibility_selected_cb), self);
}

guint
evb_editor_reliability_position (char reliability)
{
  const char *p = reliability != '\0' ? strchr (reliabilities, reliability) : NULL;

  return p != NULL ? (guint) (p - reliabilities) + 1 : 0;
}

void
evb_editor_show_tags (EvbEditor          *self,
                      GtkFlowBox         *box,
                      char              **shown,
                      const char * const *tags)
{
  g_autofree char *joined = g_strjoinv ("\n", (char **) tags);
  GtkWidget *child;

  g_return_if_fail (EVB_IS_EDITOR (self));

  if (*shown != NULL && strcmp (*shown, joined) == 0)
    return;
  g_free (*shown);
  *shown = g_steal_pointer (&joined);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_flow_box_remove (box, child);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      GtkWidget *pill = make_tag_pill (self, tags[i]);

      gtk_flow_box_append (box, pill);
      /* The flow box's child is what takes the focus: named after the tag,
       * not "GtkFlowBoxChild". */
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (pill)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, tags[i], -1);
    }
  gtk_widget_set_visible (GTK_WIDGET (box), tags[0] != NULL);
}

void
evb_editor_setup_tag_entry (EvbEditor *self,
                            GtkWidget *entry)
{
  g_return_if_fail (EVB_IS_EDITOR (self));

  g_signal_connect (entry, "apply", G_CALLBACK (tag_entry_apply_cb), self);
  g_signal_connect (entry, "entry-activated", G_CALLBACK (tag_entry_apply_cb), self);
}

void
evb_editor_setup_swatches (EvbEditor *self,
                           GtkBox    *box)
{
  GtkToggleButton *first = NULL;

  g_return_if_fail (EVB_IS_EDITOR (self));

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
        {
          gtk_button_set_icon_name (GTK_BUTTON (button), "edit-clear-symbolic");
          first = GTK_TOGGLE_BUTTON (button);
        }
      else
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), first);
      g_object_set_data (G_OBJECT (button), "evb-swatch", (gpointer) &swatches[i]);
      g_signal_connect (button, "toggled", G_CALLBACK (color_toggled_cb), self);
      gtk_box_append (box, button);
    }
}

void
evb_editor_show_color (GtkBox     *box,
                       const char *color,
                       gboolean    mixed)
{
  for (GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (box));
       button != NULL;
       button = gtk_widget_get_next_sibling (button))
    {
      const Swatch *swatch = g_object_get_data (G_OBJECT (button), "evb-swatch");
      gboolean active = !mixed && g_ascii_strcasecmp (swatch->color ? swatch->color : "",
                                                      color ? color : "") == 0;

      if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)) != active)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), active);
    }
}
