/* evb-inspector.c: the sidebar that edits the selected cards or link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stack of editors, one per kind of selection: the board editor when
 * nothing is selected, the node editor for one card, the link editor for
 * one link alone and the cards editor for several cards. The inspector
 * follows the board's one selection, shows the editor that fits it and
 * tells that editor to sync after any change of the board (ours, undo,
 * another gesture). Editors not shown are synced when they are shown.
 */

#include "config.h"

#include "evb-board-editor.h"
#include "evb-cards-editor.h"
#include "evb-inspector.h"
#include "evb-link-editor.h"
#include "evb-node-editor.h"

struct _EvbInspector
{
  AdwBin              parent_instance;

  EvbBoard           *board;
  EvbSelection       *selection;   /* the board's one selection */
  EvbAttachmentState *attachments; /* NULL: nothing known of the files */
  guint               sync_idle;

  /* Template widgets */
  GtkStack           *stack;
  EvbEditor          *board_editor;
  EvbEditor          *node_editor;
  EvbEditor          *link_editor;
  EvbEditor          *cards_editor;
};

G_DEFINE_FINAL_TYPE (EvbInspector, evb_inspector, ADW_TYPE_BIN)

enum {
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

/* The editor that fits the selection. */
static EvbEditor *
get_editor (EvbInspector *self)
{
  GPtrArray *nodes, *links;

  if (self->board == NULL)
    return self->board_editor;

  nodes = evb_selection_get_nodes (self->selection);
  links = evb_selection_get_links (self->selection);
  if (nodes->len == 1 && evb_board_get_node (self->board, g_ptr_array_index (nodes, 0)) != NULL)
    return self->node_editor;
  if (nodes->len == 0 && links->len == 1 &&
      evb_board_get_link (self->board, g_ptr_array_index (links, 0)) != NULL)
    return self->link_editor;
  if (nodes->len > 1)
    return self->cards_editor;
  return self->board_editor;
}

/* What the selection is, as a string to tell one from another: the ids of
 * its cards, then of its links. */
static char *
selection_key (EvbInspector *self)
{
  GString *key = g_string_new (NULL);
  GPtrArray *nodes, *links;

  if (self->board == NULL)
    return g_string_free (key, FALSE);
  nodes = evb_selection_get_nodes (self->selection);
  links = evb_selection_get_links (self->selection);
  for (guint i = 0; i < nodes->len; i++)
    g_string_append_printf (key, "%s\n", (const char *) g_ptr_array_index (nodes, i));
  g_string_append_c (key, '\n');
  for (guint i = 0; i < links->len; i++)
    g_string_append_printf (key, "%s\n", (const char *) g_ptr_array_index (links, i));
  return g_string_free (key, FALSE);
}

static GtkScrolledWindow *
find_scrolled (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return GTK_SCROLLED_WINDOW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found = find_scrolled (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Each editor scrolls on its own. Shown for another card than the one it
 * showed last, an editor starts at the top, where the title is: scrolled
 * down, it would hide the new card's title under the old card's place.
 * The same card again (selected anew, or edited) keeps its place. */
static void
scroll_to_top_if_new (EvbInspector *self,
                      EvbEditor    *editor)
{
  g_autofree char *key = selection_key (self);
  GtkScrolledWindow *scrolled;

  if (g_strcmp0 (key, g_object_get_data (G_OBJECT (editor), "evb-shown")) == 0)
    return;
  scrolled = find_scrolled (GTK_WIDGET (editor));
  if (scrolled != NULL)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled), 0);
  g_object_set_data_full (G_OBJECT (editor), "evb-shown", g_steal_pointer (&key), g_free);
}

static void
sync_widgets (EvbInspector *self)
{
  EvbEditor *editor = get_editor (self);

  evb_editor_sync (editor);
  scroll_to_top_if_new (self, editor);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (editor));
}

static void
forward_board (EvbInspector *self)
{
  EvbEditor *editors[] = { self->board_editor, self->node_editor, self->link_editor, self->cards_editor };

  for (guint i = 0; i < G_N_ELEMENTS (editors); i++)
    {
      evb_editor_set_board (editors[i], self->board, self->selection, self->attachments);
      /* Another board's cards are other cards, whatever their ids. */
      g_object_set_data (G_OBJECT (editors[i]), "evb-shown", NULL);
    }
}

/* Signal callbacks */

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

static void
selection_changed_cb (EvbInspector *self)
{
  /* The editors end their typing session on a new selection themselves. */
  sync_widgets (self);
}

/* A board's check sets a status for each of its attachments, a thousand on
 * a big board: sync once, after them, as for board changes. */
static void
attachment_status_changed_cb (EvbInspector *self)
{
  board_changed_cb (self);
}

static void
editor_error_cb (EvbInspector *self,
                 GError       *error)
{
  g_signal_emit (self, signals[ERROR], 0, error);
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
  widget_class->measure = evb_inspector_measure;

  /* An edit could not be made (the error says why). */
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  g_type_ensure (EVB_TYPE_BOARD_EDITOR);
  g_type_ensure (EVB_TYPE_NODE_EDITOR);
  g_type_ensure (EVB_TYPE_LINK_EDITOR);
  g_type_ensure (EVB_TYPE_CARDS_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/evidenceboard/EvidenceBoard/evb-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, stack);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, board_editor);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, node_editor);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, link_editor);
  gtk_widget_class_bind_template_child (widget_class, EvbInspector, cards_editor);

  gtk_widget_class_set_css_name (widget_class, "evb-inspector");
}

static void
evb_inspector_init (EvbInspector *self)
{
  EvbEditor *editors[4];

  gtk_widget_init_template (GTK_WIDGET (self));

  editors[0] = self->board_editor;
  editors[1] = self->node_editor;
  editors[2] = self->link_editor;
  editors[3] = self->cards_editor;
  for (guint i = 0; i < G_N_ELEMENTS (editors); i++)
    g_signal_connect_swapped (editors[i], "error", G_CALLBACK (editor_error_cb), self);

  sync_widgets (self);
}

/* Public API */

GtkWidget *
evb_inspector_new (void)
{
  return g_object_new (EVB_TYPE_INSPECTOR, NULL);
}

void
evb_inspector_set_board (EvbInspector       *self,
                         EvbBoard           *board,
                         EvbSelection       *selection,
                         EvbAttachmentState *attachments)
{
  static const char * const board_signals[] = {
    "node-changed", "node-removed", "node-added",
    "link-changed", "link-removed", "link-added",
    "changed",
  };

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
      for (guint i = 0; i < G_N_ELEMENTS (board_signals); i++)
        g_signal_connect_swapped (board, board_signals[i], G_CALLBACK (board_changed_cb), self);
      g_signal_connect_swapped (selection, "changed", G_CALLBACK (selection_changed_cb), self);
      if (attachments != NULL)
        g_signal_connect_swapped (attachments, "status-changed",
                                  G_CALLBACK (attachment_status_changed_cb), self);
    }
  forward_board (self);
  sync_widgets (self);
}

void
evb_inspector_set_assessment (EvbInspector  *self,
                              EvbAssessment *assessment)
{
  g_return_if_fail (EVB_IS_INSPECTOR (self));
  g_return_if_fail (assessment == NULL || EVB_IS_ASSESSMENT (assessment));

  /* Only a claim's page explains an assessment. */
  evb_node_editor_set_assessment (EVB_NODE_EDITOR (self->node_editor), assessment);
}

void
evb_inspector_set_store (EvbInspector *self,
                         EvbStore     *store)
{
  g_return_if_fail (EVB_IS_INSPECTOR (self));

  evb_node_editor_set_store (EVB_NODE_EDITOR (self->node_editor), store);
}

void
evb_inspector_focus (EvbInspector *self)
{
  g_return_if_fail (EVB_IS_INSPECTOR (self));

  gtk_widget_grab_focus (GTK_WIDGET (get_editor (self)));
}

GtkWidget *
evb_inspector_get_field (EvbInspector *self,
                         const char   *name)
{
  EvbEditor *editors[] = { self->board_editor, self->node_editor, self->link_editor, self->cards_editor };

  g_return_val_if_fail (EVB_IS_INSPECTOR (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (editors); i++)
    {
      GObject *field = gtk_widget_get_template_child (GTK_WIDGET (editors[i]), G_OBJECT_TYPE (editors[i]), name);

      if (field != NULL)
        return GTK_WIDGET (field);
    }
  return NULL;
}
