/* evb-status-page.c: what a window shows without a board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The recent boards are GTK's recent files of our MIME type. Each entry's
 * display name is the board's title, recorded when the board is opened and
 * closed (evb_status_page_remember()), so the list shows titles without
 * opening a file; the path is the row's subtitle. Each row can be removed
 * from the list (status.forget-recent), which leaves the file alone.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "evb-compat.h"
#include "evb-status-page.h"

#define BOARD_MIME_TYPE "application/x-evidence-board"

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

/* The path as people read it: the home folder as "~". */
static char *
dup_display_path (const char *path)
{
  const char *home = g_get_home_dir ();
  gsize home_len = strlen (home);

  if (g_str_has_prefix (path, home) && path[home_len] == G_DIR_SEPARATOR)
    return g_strconcat ("~", path + home_len, NULL);
  return g_strdup (path);
}

static void
forget_recent_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_recent_manager_remove_item (gtk_recent_manager_get_default (),
                                       g_variant_get_string (parameter, NULL), &error))
    g_debug ("Removing a recent board: %s", error->message);
  evb_status_page_refresh (EVB_STATUS_PAGE (widget));
}

static GtkWidget *
recent_row_new (EvbStatusPage *self,
                GtkRecentInfo *info,
                const char    *path)
{
  const char *uri = gtk_recent_info_get_uri (info);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *display_path = dup_display_path (path);
  g_autofree char *forget_name = NULL;
  GtkWidget *arrow, *forget;

  /* A title is the board's own text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gtk_recent_info_get_display_name (info));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), display_path);
  gtk_widget_set_tooltip_text (row, path);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  forget = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_set_valign (forget, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (forget, "flat");
  gtk_widget_set_tooltip_text (forget, _("Remove From List"));
  /* Translators: the accessible name of the button that removes a board from the recent boards, e.g. "Remove “Dolgiye Borody” from the list" */
  forget_name = g_strdup_printf (_("Remove “%s” from the list"), gtk_recent_info_get_display_name (info));
  gtk_accessible_update_property (GTK_ACCESSIBLE (forget), GTK_ACCESSIBLE_PROPERTY_LABEL, forget_name, -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (forget), "s", uri);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (forget), "status.forget-recent");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), forget);

  /* Decoration: a screen reader should not read "GtkImage". */
  arrow = g_object_new (GTK_TYPE_IMAGE, "icon-name", "go-next-symbolic",
                        "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  g_object_set_data_full (G_OBJECT (row), "evb-uri", g_strdup (uri), g_free);
  g_signal_connect_object (row, "activated", G_CALLBACK (recent_row_activated_cb), self,
                           G_CONNECT_SWAPPED);
  return row;
}

/* Most recently used first. */
static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GDateTime *ma = gtk_recent_info_get_modified ((GtkRecentInfo *) a);
  GDateTime *mb = gtk_recent_info_get_modified ((GtkRecentInfo *) b);

  if (ma == NULL || mb == NULL)
    return (ma == NULL) - (mb == NULL);
  return g_date_time_compare (mb, ma);
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

  gtk_widget_class_install_action (widget_class, "status.forget-recent", "s", forget_recent_action);
}

static void
evb_status_page_init (EvbStatusPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  evb_compat_name_mnemonic_buttons (GTK_WIDGET (self));
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
  items = g_list_sort (gtk_recent_manager_get_items (manager), compare_recent);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  for (GList *l = items; l != NULL && shown < MAX_RECENT; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      g_autoptr(GFile) file = g_file_new_for_uri (uri);
      g_autofree char *path = g_file_get_path (file);

      if (!g_str_has_suffix (uri, ".evboard") || path == NULL ||
          !g_file_test (path, G_FILE_TEST_EXISTS))
        continue;

      gtk_list_box_append (self->recent_list, recent_row_new (self, info, path));
      shown++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);

  gtk_widget_set_visible (GTK_WIDGET (self->recent_list), shown > 0);
  gtk_widget_set_visible (self->recent_label, shown > 0);
}

void
evb_status_page_remember (GFile      *file,
                          const char *title)
{
  g_autofree char *uri = NULL;
  g_autofree char *basename = NULL;
  GtkRecentData data = { 0 };

  g_return_if_fail (G_IS_FILE (file));

  uri = g_file_get_uri (file);
  basename = g_file_get_basename (file);
  data.display_name = (char *) (title != NULL && title[0] != '\0' ? title : basename);
  data.mime_type = (char *) BOARD_MIME_TYPE;
  data.app_name = (char *) g_get_application_name ();
  data.app_exec = (char *) "evidence-board %u";
  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}
