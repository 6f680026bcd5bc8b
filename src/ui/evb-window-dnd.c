/* evb-window-dnd.c: files dropped on the canvas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dropped files go to the session's attach queue: each becomes an evidence
 * card where it was dropped (the next ones down and to the right), once
 * its SHA-256 has been computed in a thread.
 */

#include "config.h"

#include "evb-window-private.h"

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         EvbWindow     *self)
{
  GSList *files;
  double bx, by;

  if (self->session == NULL || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;

  evb_viewport_widget_to_board (evb_canvas_get_viewport (self->canvas), x, y, &bx, &by);
  evb_session_attach_files (self->session, files, bx - EVB_NODE_DEFAULT_WIDTH / 2,
                            by - EVB_NODE_DEFAULT_HEIGHT / 2, NULL);
  g_slist_free (files);
  return TRUE;
}

void
_evb_window_dnd_init (EvbWindow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), GTK_EVENT_CONTROLLER (drop));
}
