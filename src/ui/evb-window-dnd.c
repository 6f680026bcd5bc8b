/* evb-window-dnd.c: files dropped on the canvas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dropped files go to the session's attach queue: each becomes an evidence
 * card where it was dropped (the next ones down and to the right), once
 * its SHA-256 has been computed in a thread (and its copy kept in the board,
 * up to the size set in Preferences; over it, the person is asked).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-compat.h"
#include "evb-window-private.h"

/* Files over the size limit set in Preferences: the person says whether
 * the board keeps a copy of them (it grows by their size) or links them. */
typedef struct
{
  EvbWindow      *window;
  GSList         *files;
  double          x;
  double          y;
  char           *node_id;
  GtkCheckButton *keep_button;
} AttachRequest;

static void
attach_request_free (AttachRequest *request)
{
  g_object_unref (request->window);
  g_slist_free_full (request->files, g_object_unref);
  g_free (request->node_id);
  g_clear_object (&request->keep_button);
  g_free (request);
}

static void
large_files_answered_cb (gboolean  accepted,
                         gpointer  user_data)
{
  AttachRequest *request = user_data;
  EvbWindow *self = request->window;

  if (accepted && self->session != NULL)
    evb_session_attach_files_full (self->session, request->files, request->x, request->y,
                                   request->node_id,
                                   gtk_check_button_get_active (request->keep_button)
                                     ? EVB_SESSION_EMBED_ALWAYS
                                     : EVB_SESSION_EMBED_WITHIN_LIMIT);
  attach_request_free (request);
}

void
_evb_window_attach_files (EvbWindow  *self,
                          GSList     *files,
                          double      x,
                          double      y,
                          const char *node_id)
{
  guint64 limit = evb_session_get_embed_size_limit (self->session);
  g_autofree char *first_name = NULL;
  g_autofree char *limit_text = NULL;
  g_autofree char *body = NULL;
  AttachRequest *request;
  GtkWidget *box, *keep, *link;
  guint n_large = 0;

  /* A limit of 0 links every file: nothing to ask. */
  if (limit == 0)
    {
      evb_session_attach_files_full (self->session, files, x, y, node_id,
                                     EVB_SESSION_EMBED_NEVER);
      return;
    }
  /* A stat per file, on this thread: quick, and the question must come
   * before anything is queued. */
  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autoptr(GFileInfo) info = g_file_query_info (l->data, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                                     G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);

      if (info != NULL && (guint64) g_file_info_get_size (info) > limit)
        {
          if (n_large++ == 0)
            first_name = g_strdup (g_file_info_get_display_name (info));
        }
    }
  if (n_large == 0)
    {
      evb_session_attach_files (self->session, files, x, y, node_id);
      return;
    }

  request = g_new0 (AttachRequest, 1);
  request->window = g_object_ref (self);
  request->files = g_slist_copy_deep (files, (GCopyFunc) g_object_ref, NULL);
  request->x = x;
  request->y = y;
  request->node_id = g_strdup (node_id);

  limit_text = g_format_size_full (limit, G_FORMAT_SIZE_IEC_UNITS);
  if (n_large == 1)
    /* Translators: the first %s is a file name, the second a size such as "1.0 GiB" */
    body = g_strdup_printf (_("“%s” is larger than %s, the largest file kept in the board "
                              "set in Preferences. A copy makes the board file that much "
                              "larger; a linked file stays where it is."), first_name, limit_text);
  else
    /* Translators: %u is a number of files, %s a size such as "1.0 GiB" */
    body = g_strdup_printf (ngettext ("%u file is larger than %s, the largest file kept in the "
                                      "board set in Preferences. A copy makes the board file "
                                      "that much larger; a linked file stays where it is.",
                                      "%u files are larger than %s, the largest file kept in "
                                      "the board set in Preferences. A copy makes the board "
                                      "file that much larger; a linked file stays where it is.",
                                      n_large), n_large, limit_text);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  link = gtk_check_button_new_with_mnemonic (_("_Link to the file where it is"));
  keep = gtk_check_button_new_with_mnemonic (_("_Keep a copy in the board"));
  gtk_check_button_set_group (GTK_CHECK_BUTTON (keep), GTK_CHECK_BUTTON (link));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (link), TRUE);
  gtk_box_append (GTK_BOX (box), link);
  gtk_box_append (GTK_BOX (box), keep);
  evb_compat_name_mnemonic_buttons (box);
  request->keep_button = g_object_ref (GTK_CHECK_BUTTON (keep));

  evb_compat_ask (GTK_WIDGET (self), n_large == 1 ? _("Large File") : _("Large Files"), body,
                  box, _("_Attach"), large_files_answered_cb, request);
}

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
  _evb_window_attach_files (self, files, bx - EVB_NODE_DEFAULT_WIDTH / 2,
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
