/* evb-compat.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "evb-compat.h"

#if !GTK_CHECK_VERSION (4, 14, 0)
#include <epoxy/gl.h>
#endif

/* Software GL
 *
 * Investigators open untrusted material in virtual machines without a GPU
 * (Qubes, Tails, VirtualBox without 3D), where Mesa's llvmpipe gives GL on
 * the CPU. GTK 4.8 draws the window with GL there, far slower than with
 * cairo, and the canvas keeps its tile cache for cairo (evb-tile-cache.c):
 * 2.7 frames a second at 10,000 cards under llvmpipe against 60 with
 * cairo. GTK 4.14 stopped using GL renderers on llvmpipe; this does the
 * same on older GTK, by asking a GL context of the display which
 * rasteriser it has, before any window chooses its renderer (GTK reads
 * GSK_RENDERER once, when the first window is realized). */
gboolean
evb_compat_is_software_gl (const char *renderer)
{
  static const char * const software[] = { "llvmpipe", "softpipe", "swrast" };

  for (guint i = 0; renderer != NULL && i < G_N_ELEMENTS (software); i++)
    if (strstr (renderer, software[i]) != NULL)
      return TRUE;
  return FALSE;
}

gboolean
evb_compat_prefer_cairo_for_software_gl (void)
{
#if GTK_CHECK_VERSION (4, 14, 0)
  return FALSE;
#else
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GdkGLContext) context = NULL;
  const char *renderer;
  gboolean software;

  if (display == NULL || g_getenv ("GSK_RENDERER") != NULL)
    return FALSE;
  context = gdk_display_create_gl_context (display, NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return FALSE;
  gdk_gl_context_make_current (context);
  renderer = (const char *) glGetString (GL_RENDERER);
  software = evb_compat_is_software_gl (renderer);
  if (software)
    {
      g_debug ("GL is drawn in software (%s): the window draws with cairo", renderer);
      g_setenv ("GSK_RENDERER", "cairo", FALSE);
    }
  gdk_gl_context_clear_current ();
  return software;
#endif
}

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
  /* Several patterns are separated by semicolons. */
  {
    g_auto(GStrv) patterns = g_strsplit (filter_pattern, ";", -1);

    for (guint i = 0; patterns[i] != NULL; i++)
      gtk_file_filter_add_pattern (filter, patterns[i]);
  }

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
  evb_compat_name_mnemonic_buttons (dialog);
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

/* The inspector beside the canvas. libadwaita 1.4 has AdwOverlaySplitView,
 * collapsed by a breakpoint on the window; 1.2 has AdwFlap, folded by
 * evb_compat_sidebar_set_width() from the window's size_allocate. Either
 * way the sidebar is at the end and overlays the canvas when collapsed. */
GtkWidget *
evb_compat_sidebar_new (AdwApplicationWindow *window,
                        GtkWidget            *content,
                        GtkWidget            *sidebar,
                        int                   collapse_width)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  GtkWidget *view = adw_overlay_split_view_new ();
  g_autofree char *condition = g_strdup_printf ("max-width: %dpx", collapse_width);
  AdwBreakpoint *breakpoint = adw_breakpoint_new (adw_breakpoint_condition_parse (condition));
  GValue collapsed = G_VALUE_INIT;

  adw_overlay_split_view_set_content (ADW_OVERLAY_SPLIT_VIEW (view), content);
  adw_overlay_split_view_set_sidebar (ADW_OVERLAY_SPLIT_VIEW (view), sidebar);
  adw_overlay_split_view_set_sidebar_position (ADW_OVERLAY_SPLIT_VIEW (view), GTK_PACK_END);
  adw_overlay_split_view_set_min_sidebar_width (ADW_OVERLAY_SPLIT_VIEW (view), 300);
  adw_overlay_split_view_set_max_sidebar_width (ADW_OVERLAY_SPLIT_VIEW (view), 380);
  g_value_init (&collapsed, G_TYPE_BOOLEAN);
  g_value_set_boolean (&collapsed, TRUE);
  adw_breakpoint_add_setter (breakpoint, G_OBJECT (view), "collapsed", &collapsed);
  adw_application_window_add_breakpoint (window, breakpoint);
  return view;
#else
  GtkWidget *flap = adw_flap_new ();

  adw_flap_set_content (ADW_FLAP (flap), content);
  adw_flap_set_flap (ADW_FLAP (flap), sidebar);
  adw_flap_set_flap_position (ADW_FLAP (flap), GTK_PACK_END);
  /* Until the first allocation says how wide the window is. */
  adw_flap_set_fold_policy (ADW_FLAP (flap), ADW_FLAP_FOLD_POLICY_AUTO);
  adw_flap_set_swipe_to_open (ADW_FLAP (flap), FALSE);
  gtk_widget_set_size_request (sidebar, 320, -1);
  gtk_widget_add_css_class (sidebar, "background");
  return flap;
#endif
}

const char *
evb_compat_sidebar_shown_property (void)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  return "show-sidebar";
#else
  return "reveal-flap";
#endif
}

gboolean
evb_compat_sidebar_get_collapsed (GtkWidget *view)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  return adw_overlay_split_view_get_collapsed (ADW_OVERLAY_SPLIT_VIEW (view));
#else
  return adw_flap_get_folded (ADW_FLAP (view));
#endif
}

/* Returns TRUE when this call collapsed or expanded the view. */
gboolean
evb_compat_sidebar_set_width (GtkWidget *view,
                              int        width,
                              int        collapse_width)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  return FALSE;
#else
  AdwFlapFoldPolicy policy = width <= collapse_width ? ADW_FLAP_FOLD_POLICY_ALWAYS
                                                     : ADW_FLAP_FOLD_POLICY_NEVER;

  if (adw_flap_get_fold_policy (ADW_FLAP (view)) == policy)
    return FALSE;
  adw_flap_set_fold_policy (ADW_FLAP (view), policy);
  return TRUE;
#endif
}

void
evb_compat_announce (GtkWidget  *widget,
                     const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (message != NULL);

#if GTK_CHECK_VERSION (4, 14, 0)
  gtk_accessible_announce (GTK_ACCESSIBLE (widget), message,
                           GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
#else
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message, -1);
#endif
}

/* "_Save" and "__init__" as a listener hears them: "Save", "_init_". */
static char *
strip_mnemonic (const char *label)
{
  GString *text = g_string_new (NULL);

  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] != '_')
            continue;
          p++;
        }
      g_string_append_c (text, *p);
    }
  return g_string_free (text, FALSE);
}

void
evb_compat_name_mnemonic_buttons (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  /* A button is also labelled by the label inside it: without its own
   * label property its name is said once, and without the underscore. A
   * check button has no such relation, so it is told the text itself. */
  if (GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root))
      && gtk_button_get_label (GTK_BUTTON (root)) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL);
  else if (GTK_IS_CHECK_BUTTON (root) && gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (root))
           && gtk_check_button_get_label (GTK_CHECK_BUTTON (root)) != NULL)
    {
      g_autofree char *name = strip_mnemonic (gtk_check_button_get_label (GTK_CHECK_BUTTON (root)));

      gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    evb_compat_name_mnemonic_buttons (child);
}

/* gtk_show_uri() is deprecated from 4.10, where launchers replace it. */
void
evb_compat_open_uri (GtkWindow  *parent,
                     const char *uri)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (uri);

  gtk_uri_launcher_launch (launcher, parent, NULL, NULL, NULL);
#else
  gtk_show_uri (parent, uri, GDK_CURRENT_TIME);
#endif
}

typedef struct
{
  EvbAnsweredFunc callback;
  gpointer        user_data;
} Question;

/* "response" of AdwAlertDialog and AdwMessageDialog alike. */
static void
question_response_cb (GObject    *dialog,
                      const char *response,
                      gpointer    user_data)
{
  Question *question = user_data;

  question->callback (g_strcmp0 (response, "accept") == 0, question->user_data);
  g_free (question);
}

void
evb_compat_ask (GtkWidget       *parent,
                const char      *heading,
                const char      *body,
                GtkWidget       *extra_child,
                const char      *accept_label,
                EvbAnsweredFunc  callback,
                gpointer         user_data)
{
  Question *question = g_new0 (Question, 1);

  question->callback = callback;
  question->user_data = user_data;

#if ADW_CHECK_VERSION (1, 5, 0)
  {
    AdwDialog *dialog = adw_alert_dialog_new (heading, body);

    adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "accept", accept_label, NULL);
    adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "accept",
                                              ADW_RESPONSE_SUGGESTED);
    adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "accept");
    adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
    if (extra_child != NULL)
      adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (dialog), extra_child);
    g_signal_connect (dialog, "response", G_CALLBACK (question_response_cb), question);
    adw_dialog_present (dialog, parent);
  }
#else
  {
    GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (parent)), heading, body);

    adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                      "accept", accept_label, NULL);
    adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept",
                                                ADW_RESPONSE_SUGGESTED);
    adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "accept");
    adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
    if (extra_child != NULL)
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), extra_child);
    g_signal_connect (dialog, "response", G_CALLBACK (question_response_cb), question);
    evb_compat_name_mnemonic_buttons (dialog);
    gtk_window_present (GTK_WINDOW (dialog));
  }
#endif
}

/* A question with three answers in the order shown, the last suggested
 * and the default; close_id answers Escape. response_cb takes the
 * "response" signal of either dialog. */
typedef struct
{
  const char *id;
  const char *label;
} Answer;

static GObject *
present_three_answers (GtkWidget    *parent,
                       const char   *heading,
                       const char   *body,
                       const Answer  answers[3],
                       const char   *close_id,
                       const char   *destructive_id,
                       GCallback     response_cb,
                       gpointer      user_data)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  AdwDialog *dialog = adw_alert_dialog_new (heading, body);

  for (guint i = 0; i < 3; i++)
    adw_alert_dialog_add_response (ADW_ALERT_DIALOG (dialog), answers[i].id, answers[i].label);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), destructive_id,
                                            ADW_RESPONSE_DESTRUCTIVE);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), answers[2].id,
                                            ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), answers[2].id);
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), close_id);
  g_signal_connect (dialog, "response", response_cb, user_data);
  adw_dialog_present (dialog, parent);
  return G_OBJECT (dialog);
#else
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (parent)), heading, body);

  for (guint i = 0; i < 3; i++)
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), answers[i].id, answers[i].label);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), destructive_id,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), answers[2].id,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), answers[2].id);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), close_id);
  g_signal_connect (dialog, "response", response_cb, user_data);
  evb_compat_name_mnemonic_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return G_OBJECT (dialog);
#endif
}

typedef struct
{
  EvbRecoveryChosenFunc callback;
  gpointer              user_data;
} RecoveryQuestion;

EvbRecoveryChoice
evb_compat_recovery_choice (const char *response)
{
  if (g_strcmp0 (response, "recover") == 0)
    return EVB_RECOVERY_RECOVER;
  if (g_strcmp0 (response, "discard") == 0)
    return EVB_RECOVERY_DISCARD;
  return EVB_RECOVERY_LATER;
}

/* "response" of AdwAlertDialog and AdwMessageDialog alike: both dialogs
 * end here, so what an answer means cannot differ between them. */
static void
recovery_response_cb (GObject    *dialog,
                      const char *response,
                      gpointer    user_data)
{
  RecoveryQuestion *question = user_data;

  g_signal_handlers_disconnect_by_func (dialog, recovery_response_cb, user_data);
  question->callback (evb_compat_recovery_choice (response), question->user_data);
  g_free (question);
}

GObject *
evb_compat_ask_recovery (GtkWidget             *parent,
                         const char            *board_name,
                         EvbRecoveryChosenFunc  callback,
                         gpointer               user_data)
{
  RecoveryQuestion *question;
  g_autofree char *body = NULL;
  const char *heading = _("Recover Unsaved Board?");

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);
  g_return_val_if_fail (board_name != NULL, NULL);
  g_return_val_if_fail (callback != NULL, NULL);

  question = g_new0 (RecoveryQuestion, 1);
  question->callback = callback;
  question->user_data = user_data;
  body = g_strdup_printf (_("Evidence Board closed before “%s” was written back to its file. "
                            "Its last changes are kept and can be recovered."), board_name);
  {
    const Answer answers[3] = {
      { "discard", _("_Discard") }, { "later", _("_Later") }, { "recover", _("_Recover") },
    };

    /* Later (Escape) keeps the working copy for the next start. */
    return present_three_answers (parent, heading, body, answers, "later", "discard",
                                  G_CALLBACK (recovery_response_cb), question);
  }
}

typedef struct
{
  EvbDraftChosenFunc callback;
  gpointer           user_data;
} DraftQuestion;

static void
draft_response_cb (GObject    *dialog,
                   const char *response,
                   gpointer    user_data)
{
  DraftQuestion *question = user_data;
  EvbDraftChoice choice = EVB_DRAFT_CANCEL;

  g_signal_handlers_disconnect_by_func (dialog, draft_response_cb, user_data);
  if (g_strcmp0 (response, "discard") == 0)
    choice = EVB_DRAFT_DISCARD;
  else if (g_strcmp0 (response, "save") == 0)
    choice = EVB_DRAFT_SAVE;
  question->callback (choice, question->user_data);
  g_free (question);
}

GObject *
evb_compat_ask_save_draft (GtkWidget          *parent,
                           const char         *board_title,
                           EvbDraftChosenFunc  callback,
                           gpointer            user_data)
{
  DraftQuestion *question;
  g_autofree char *body = NULL;
  const char *heading = _("Save the New Board?");

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);
  g_return_val_if_fail (board_title != NULL, NULL);
  g_return_val_if_fail (callback != NULL, NULL);

  question = g_new0 (DraftQuestion, 1);
  question->callback = callback;
  question->user_data = user_data;
  body = g_strdup_printf (_("“%s” has not been saved to a file yet. "
                            "If you discard it, everything on it is lost."), board_title);
  {
    const Answer answers[3] = {
      { "cancel", _("_Cancel") }, { "discard", _("_Discard") }, { "save", _("_Save As…") },
    };

    return present_three_answers (parent, heading, body, answers, "cancel", "discard",
                                  G_CALLBACK (draft_response_cb), question);
  }
}

void
evb_compat_respond (GObject    *dialog,
                    const char *response)
{
  g_return_if_fail (G_IS_OBJECT (dialog));
  g_return_if_fail (response != NULL);

#if ADW_CHECK_VERSION (1, 5, 0)
  g_return_if_fail (ADW_IS_ALERT_DIALOG (dialog));
  /* AdwAlertDialog has no public way to answer; a click emits this signal
   * and then closes the dialog, so do the same. */
  g_signal_emit_by_name (dialog, "response", response);
  adw_dialog_force_close (ADW_DIALOG (dialog));
#else
  g_return_if_fail (ADW_IS_MESSAGE_DIALOG (dialog));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (GTK_WINDOW (dialog));
#endif
}

void
evb_compat_refresh_actionables (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_ACTIONABLE (child) && gtk_actionable_get_action_name (GTK_ACTIONABLE (child)) != NULL)
        {
          g_autofree char *name = g_strdup (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)));

          gtk_actionable_set_action_name (GTK_ACTIONABLE (child), NULL);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (child), name);
        }
      evb_compat_refresh_actionables (child);
    }
}
