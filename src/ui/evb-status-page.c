/* evb-status-page.c: what a window shows without a board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "evb-status-page.h"

/* More would push the buttons off a small screen. */
#define MAX_RECENT 6

struct _EvbStatusPage
{
  AdwBin      parent_instance;

  /* Template widgets */
  GtkListBox *recent_list;
  GtkWidget  *recent_label;
};

G_DEFINE_FINAL_TYPE (EvbStatusPage, evb_status_page, ADW_TYPE_BIN)

static void
recent_row_activated_cb (EvbStatusPage *self,
                         AdwActionRow  *row)
{
  const char *uri = g_object_get_data (G_OBJECT (row), "evb-uri");
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  GFile *files[] = { file };
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *application = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  if (application != NULL)
    g_application_open (G_APPLICATION (application), files, 1, "");
}

static void
evb_status_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), EVB_TYPE_STATUS_PAGE);

  G_OBJECT_CLASS (evb_status_page_parent_class)->dispose (object);
}

static void
evb_status_page_class_init (EvbStatusPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = evb_status_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/evidenceboard/EvidenceBoard/evb-status-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EvbStatusPage, recent_list);
  gtk_widget_class_bind_template_child (widget_class, EvbStatusPage, recent_label);
}

static void
evb_status_page_init (EvbStatusPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
evb_status_page_refresh (EvbStatusPage *self)
{
  GtkRecentManager *manager;
  GList *items;
  GtkWidget *child;
  guint shown = 0;

  g_return_if_fail (EVB_IS_STATUS_PAGE (self));

  manager = gtk_recent_manager_get_default ();
  items = gtk_recent_manager_get_items (manager);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  for (GList *l = items; l != NULL && shown < MAX_RECENT; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      g_autoptr(GFile) file = g_file_new_for_uri (uri);
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *parent = NULL;
      GtkWidget *row, *arrow;

      if (!g_str_has_suffix (uri, ".evboard") || path == NULL ||
          !g_file_test (path, G_FILE_TEST_EXISTS))
        continue;

      parent = g_path_get_dirname (path);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gtk_recent_info_get_display_name (info));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), parent);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      /* Decoration: a screen reader should not read "GtkImage". */
      arrow = g_object_new (GTK_TYPE_IMAGE, "icon-name", "go-next-symbolic",
                            "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      g_object_set_data_full (G_OBJECT (row), "evb-uri", g_strdup (uri), g_free);
      g_signal_connect_object (row, "activated", G_CALLBACK (recent_row_activated_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_list_box_append (self->recent_list, row);
      shown++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);

  gtk_widget_set_visible (GTK_WIDGET (self->recent_list), shown > 0);
  gtk_widget_set_visible (self->recent_label, shown > 0);
}
