/* evb-title-popover.c: the in-place editor of a card's title
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * F2, Enter or a double-click on the canvas open it on a card. It is a
 * widget of its own (not part of the canvas) so the canvas stays the board
 * view and its gestures, and the editor can be reused by any other view
 * that shows cards. It holds the board only while it is open, and changes
 * it only through the editing layer, so one title edit is one undo step.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-editing.h"
#include "evb-title-popover.h"

struct _EvbTitlePopover
{
  GtkPopover  parent_instance;

  GtkWidget  *entry;
  EvbBoard   *board;     /* while open */
  char       *node_id;   /* while open */
};

G_DEFINE_FINAL_TYPE (EvbTitlePopover, evb_title_popover, GTK_TYPE_POPOVER)

enum {
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
entry_activate_cb (EvbTitlePopover *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  EvbNode *node = self->board != NULL ? evb_board_get_node (self->board, self->node_id) : NULL;
  g_autoptr(GError) error = NULL;

  if (node != NULL && g_strcmp0 (text, evb_node_get_title (node)) != 0)
    {
      g_autoptr(EvbNodeData) data = evb_node_dup_data (node);

      g_free (data->title);
      data->title = g_strdup (text);
      if (!evb_editing_update_card (self->board, _("Edit Title"), data, &error))
        g_signal_emit (self, signals[ERROR], 0, error);
    }
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
closed_cb (EvbTitlePopover *self)
{
  g_clear_object (&self->board);
  g_clear_pointer (&self->node_id, g_free);
}

static void
evb_title_popover_dispose (GObject *object)
{
  EvbTitlePopover *self = EVB_TITLE_POPOVER (object);

  closed_cb (self);

  G_OBJECT_CLASS (evb_title_popover_parent_class)->dispose (object);
}

static void
evb_title_popover_class_init (EvbTitlePopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = evb_title_popover_dispose;

  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
evb_title_popover_init (EvbTitlePopover *self)
{
  self->entry = gtk_entry_new ();
  gtk_widget_set_size_request (self->entry, 280, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Title"), -1);
  gtk_popover_set_child (GTK_POPOVER (self), self->entry);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (entry_activate_cb), self);
  g_signal_connect (self, "closed", G_CALLBACK (closed_cb), NULL);
}

GtkWidget *
evb_title_popover_new (void)
{
  return g_object_new (EVB_TYPE_TITLE_POPOVER, NULL);
}

void
evb_title_popover_edit (EvbTitlePopover *self,
                        EvbBoard        *board,
                        const char      *node_id)
{
  EvbNode *node;

  g_return_if_fail (EVB_IS_TITLE_POPOVER (self));
  g_return_if_fail (EVB_IS_BOARD (board));

  node = evb_board_get_node (board, node_id);
  if (node == NULL)
    return;

  g_set_object (&self->board, board);
  g_free (self->node_id);
  self->node_id = g_strdup (node_id);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), evb_node_get_title (node));
  gtk_popover_popup (GTK_POPOVER (self));
  gtk_widget_grab_focus (self->entry);
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
}

const char *
evb_title_popover_get_node_id (EvbTitlePopover *self)
{
  g_return_val_if_fail (EVB_IS_TITLE_POPOVER (self), NULL);

  return self->node_id;
}
