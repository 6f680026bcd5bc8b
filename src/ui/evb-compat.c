/* evb-compat.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-compat.h"

typedef struct
{
  EvbFileChosenFunc callback;
  gpointer          user_data;
} Chooser;

#if GTK_CHECK_VERSION (4, 10, 0)
static void
dialog_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Chooser *chooser = user_data;
  GtkFileDialog *dialog = GTK_FILE_DIALOG (source);
  g_autoptr(GFile) file = NULL;
  gboolean save = GPOINTER_TO_INT (g_object_get_data (source, "evb-save"));

  file = save ? gtk_file_dialog_save_finish (dialog, result, NULL)
              : gtk_file_dialog_open_finish (dialog, result, NULL);
  chooser->callback (file, chooser->user_data);
  g_free (chooser);
}
#else
static void
native_response_cb (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  Chooser *chooser = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  chooser->callback (file, chooser->user_data);
  g_free (chooser);
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}
#endif

void
evb_compat_choose_file (GtkWindow         *parent,
                        const char        *title,
                        const char        *accept_label,
                        gboolean           save,
                        const char        *suggested_name,
                        const char        *filter_name,
                        const char        *filter_pattern,
                        EvbFileChosenFunc  callback,
                        gpointer           user_data)
{
  Chooser *chooser = g_new0 (Chooser, 1);
  GtkFileFilter *filter = gtk_file_filter_new ();

  chooser->callback = callback;
  chooser->user_data = user_data;
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_pattern (filter, filter_pattern);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    GtkFileDialog *dialog = gtk_file_dialog_new ();
    g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

    g_list_store_append (filters, filter);
    gtk_file_dialog_set_title (dialog, title);
    gtk_file_dialog_set_accept_label (dialog, accept_label);
    gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
    gtk_file_dialog_set_default_filter (dialog, filter);
    if (suggested_name != NULL)
      gtk_file_dialog_set_initial_name (dialog, suggested_name);
    g_object_set_data (G_OBJECT (dialog), "evb-save", GINT_TO_POINTER (save));
    if (save)
      gtk_file_dialog_save (dialog, parent, NULL, dialog_done_cb, chooser);
    else
      gtk_file_dialog_open (dialog, parent, NULL, dialog_done_cb, chooser);
    g_object_unref (dialog);
    g_object_unref (filter);
  }
#else
  {
    GtkFileChooserNative *native =
      gtk_file_chooser_native_new (title, parent,
                                   save ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                   accept_label, _("_Cancel"));

    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    if (save && suggested_name != NULL)
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested_name);
    g_signal_connect (native, "response", G_CALLBACK (native_response_cb), chooser);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
    g_object_unref (filter);
  }
#endif
}

void
evb_compat_show_error (GtkWidget  *parent,
                       const char *heading,
                       const char *body)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  AdwDialog *dialog = adw_alert_dialog_new (heading, body);

  adw_alert_dialog_add_response (ADW_ALERT_DIALOG (dialog), "close", _("_Close"));
  adw_dialog_present (dialog, parent);
#else
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (parent)), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
#endif
}

void
evb_compat_show_about (GtkWindow *parent)
{
  const char *developers[] = { "Evidence Board contributors", NULL };

#if ADW_CHECK_VERSION (1, 5, 0)
  AdwDialog *about = adw_about_dialog_new ();
#define ABOUT(f, ...) adw_about_dialog_set_##f (ADW_ABOUT_DIALOG (about), __VA_ARGS__)
#else
  GtkWidget *about = adw_about_window_new ();
#define ABOUT(f, ...) adw_about_window_set_##f (ADW_ABOUT_WINDOW (about), __VA_ARGS__)
  gtk_window_set_transient_for (GTK_WINDOW (about), parent);
#endif
  ABOUT (application_name, _("Evidence Board"));
  ABOUT (application_icon, APPLICATION_ID);
  ABOUT (version, PACKAGE_VERSION);
  ABOUT (developer_name, _("The Evidence Board developers"));
  ABOUT (developers, developers);
  ABOUT (comments, _("Weigh contested claims against their evidence: put claims and evidence on a board, "
                     "link what supports and what refutes, grade every source."));
  ABOUT (website, "https://github.com/evidenceboard/evidence-board");
  ABOUT (issue_url, "https://github.com/evidenceboard/evidence-board/issues");
  ABOUT (license_type, GTK_LICENSE_GPL_3_0);
  /* Translators: put your names here, one per line */
  ABOUT (translator_credits, _("translator-credits"));
#undef ABOUT
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (about, GTK_WIDGET (parent));
#else
  gtk_window_present (GTK_WINDOW (about));
#endif
}
