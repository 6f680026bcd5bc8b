/* evb-link-chooser.c: choose a card to link to, and the relation, by keyboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two steps in one window: type to narrow the list of cards and press
 * Enter (the first match is chosen unless another row is), then Supports
 * (the default button) or Refutes. Nothing changes the board here: the
 * window's action makes the link through the editing layer.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-compat.h"
#include "evb-link-chooser.h"
#include "evb-types.h"

struct _EvbLinkChooser
{
  AdwWindow           parent_instance;

  EvbBoard           *board;
  char               *from_id;
  char               *to_id;

  GtkStack           *stack;
  GtkSearchEntry     *entry;
  GtkListView        *list_view;
  GtkSingleSelection *rows;
  GtkCustomFilter    *filter;
  GtkLabel           *relation_label;
  GtkWidget          *supports_button;
};

enum
{
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EvbLinkChooser, evb_link_chooser, ADW_TYPE_WINDOW)

static gboolean
match_cb (gpointer item,
          gpointer user_data)
{
  EvbLinkChooser *self = user_data;
  EvbNode *node = item;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *needle = NULL;
  g_autofree char *title = NULL;

  if (g_str_equal (evb_node_get_id (node), self->from_id))
    return FALSE;
  if (query[0] == '\0')
    return TRUE;
  needle = g_utf8_casefold (query, -1);
  title = g_utf8_casefold (evb_node_get_title (node), -1);
  return strstr (title, needle) != NULL;
}

static void
search_changed_cb (EvbLinkChooser *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->rows)) > 0)
    gtk_single_selection_set_selected (self->rows, 0);
}

/* Step two: the relation. */
static void
choose_card (EvbLinkChooser *self,
             EvbNode        *node)
{
  EvbNode *from = evb_board_get_node (self->board, self->from_id);
  g_autofree char *text = NULL;

  if (node == NULL || from == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  g_free (self->to_id);
  self->to_id = g_strdup (evb_node_get_id (node));
  /* Translators: the question before the relation buttons: "“<card>” … “<card>”" */
  text = g_strdup_printf (_("How does “%s” bear on “%s”?"), evb_node_get_title (from), evb_node_get_title (node));
  gtk_label_set_text (self->relation_label, text);
  gtk_stack_set_visible_child_name (self->stack, "relation");
  gtk_widget_grab_focus (self->supports_button);
}

static void
entry_activate_cb (EvbLinkChooser *self)
{
  choose_card (self, gtk_single_selection_get_selected_item (self->rows));
}

static void
row_activate_cb (EvbLinkChooser *self,
                 guint           position)
{
  g_autoptr(EvbNode) node = g_list_model_get_item (G_LIST_MODEL (self->rows), position);

  choose_card (self, node);
}

static gboolean
entry_key_cb (EvbLinkChooser  *self,
              guint            keyval,
              guint            keycode,
              GdkModifierType  state)
{
  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
      return TRUE;
    }
  return FALSE;
}

static void
relation_clicked (EvbLinkChooser *self,
                  EvbRelation     relation)
{
  g_autofree char *to_id = g_strdup (self->to_id);

  g_signal_emit (self, signals[CHOSEN], 0, to_id, relation);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
supports_cb (EvbLinkChooser *self)
{
  relation_clicked (self, EVB_RELATION_SUPPORTS);
}

static void
refutes_cb (EvbLinkChooser *self)
{
  relation_clicked (self, EVB_RELATION_REFUTES);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item)
{
  EvbNode *node = gtk_list_item_get_item (list_item);
  const char *kind = evb_node_get_kind (node) == EVB_NODE_KIND_CLAIM
                       ? evb_node_kind_get_label (EVB_NODE_KIND_CLAIM)
                       : evb_evidence_type_get_label (evb_node_get_evidence_type (node));
  /* Translators: a card in the Link To list: "<title> (<kind>)" */
  g_autofree char *text = g_strdup_printf (_("%s (%s)"), evb_node_get_title (node), kind);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

static void
evb_link_chooser_dispose (GObject *object)
{
  EvbLinkChooser *self = EVB_LINK_CHOOSER (object);

  g_clear_object (&self->board);
  g_clear_pointer (&self->from_id, g_free);
  g_clear_pointer (&self->to_id, g_free);
  G_OBJECT_CLASS (evb_link_chooser_parent_class)->dispose (object);
}

static void
evb_link_chooser_class_init (EvbLinkChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = evb_link_chooser_dispose;
  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
build_card_page (EvbLinkChooser *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->entry, "placeholder-text", _("Search cards"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search Cards"), -1);
  g_signal_connect_swapped (self->entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (entry_activate_cb), self);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (entry_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (NULL, factory));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->rows));
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cards"),
                                  -1);
  g_signal_connect_swapped (self->list_view, "activate", G_CALLBACK (row_activate_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list_view));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->entry));
  gtk_box_append (GTK_BOX (box), scrolled);
  return box;
}

static GtkWidget *
build_relation_page (EvbLinkChooser *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *refutes = gtk_button_new_with_mnemonic (_("_Refutes"));

  self->relation_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->relation_label, TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->relation_label), TRUE);
  self->supports_button = gtk_button_new_with_mnemonic (_("_Supports"));
  gtk_widget_add_css_class (self->supports_button, "suggested-action");
  gtk_widget_add_css_class (refutes, "pill");
  gtk_widget_add_css_class (self->supports_button, "pill");
  g_signal_connect_swapped (self->supports_button, "clicked", G_CALLBACK (supports_cb), self);
  g_signal_connect_swapped (refutes, "clicked", G_CALLBACK (refutes_cb), self);
  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (buttons), refutes);
  gtk_box_append (GTK_BOX (buttons), self->supports_button);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->relation_label));
  gtk_box_append (GTK_BOX (box), buttons);
  evb_compat_name_mnemonic_buttons (buttons);
  return box;
}

static void
evb_link_chooser_init (EvbLinkChooser *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();

  gtk_window_set_default_size (GTK_WINDOW (self), 420, 480);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_title (GTK_WINDOW (self), _("Link To"));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);

  self->filter = gtk_custom_filter_new (match_cb, self, NULL);
  self->rows = gtk_single_selection_new (NULL);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT);
  gtk_widget_set_margin_start (GTK_WIDGET (self->stack), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->stack), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->stack), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->stack), 12);
  gtk_stack_add_named (self->stack, build_card_page (self), "card");
  gtk_stack_add_named (self->stack, build_relation_page (self), "relation");

  gtk_box_append (GTK_BOX (content), header);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), content);
}

EvbLinkChooser *
evb_link_chooser_new (GtkWindow  *parent,
                      EvbBoard   *board,
                      const char *from_id)
{
  EvbLinkChooser *self;
  GListStore *cards;
  GPtrArray *nodes;
  EvbNode *from;
  g_autofree char *title = NULL;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  g_return_val_if_fail (from_id != NULL, NULL);

  self = g_object_new (EVB_TYPE_LINK_CHOOSER, "transient-for", parent, NULL);
  self->board = g_object_ref (board);
  self->from_id = g_strdup (from_id);
  from = evb_board_get_node (board, from_id);
  if (from != NULL)
    {
      /* Translators: the title of the Link To dialog: "Link “<card>” To" */
      title = g_strdup_printf (_("Link “%s” To"), evb_node_get_title (from));
      gtk_window_set_title (GTK_WINDOW (self), title);
    }

  cards = g_list_store_new (EVB_TYPE_NODE);
  nodes = evb_board_get_nodes (board);
  for (guint i = 0; i < nodes->len; i++)
    g_list_store_append (cards, g_ptr_array_index (nodes, i));
  gtk_single_selection_set_model (self->rows,
                                  G_LIST_MODEL (gtk_filter_list_model_new (G_LIST_MODEL (cards),
                                                                           GTK_FILTER (g_object_ref (self->filter)))));
  search_changed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  return self;
}
