/* test-recovery.c: a board left by a crash is offered back, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A child process edits a board and dies before writing it back. The
 * application, started afresh, must ask (Recover, Later, Discard) on every
 * libadwaita: AdwMessageDialog before 1.5, AdwAlertDialog from 1.5. Each
 * answer is given through the dialog's own "response" signal, which both
 * dialogs route through one handler, and its effect on the working copy and
 * the user's file is checked.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "evb-application.h"
#include "evb-compat.h"
#include "evb-document.h"
#include "evb-store.h"
#include "evb-window.h"
#include "test-wait.h"

#define LEFT_NODE_ID "left-by-crash"

/* The child: an edit that is committed to the working copy but never
 * written back, then an exit that closes nothing, as a crash would. */
static int
leave_working_copy (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  EvbDocument *document = evb_document_new (file, "Crash test", &error);
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_CLAIM);

  if (document == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  evb_document_set_write_back_delay (document, G_MAXINT);
  data->id = g_strdup (LEFT_NODE_ID);
  evb_node_data_set_string (&data->title, "Made just before the crash");
  if (evb_board_add_node (evb_document_get_board (document), data, &error) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  _exit (0);
}

static gboolean
file_has_left_node (const char *path)
{
  g_autoptr(EvbStore) store = evb_store_open (path, EVB_STORE_FLAGS_READ_ONLY, NULL);
  g_autoptr(EvbBoard) board = store != NULL ? evb_store_load (store, NULL) : NULL;

  g_assert_nonnull (board);
  return evb_board_get_node (board, LEFT_NODE_ID) != NULL;
}

static guint
count_unsaved_recoverable (void)
{
  g_autoptr(GPtrArray) list = evb_document_list_recoverable ();
  guint n = 0;

  for (guint i = 0; i < list->len; i++)
    if (((EvbRecoverable *) g_ptr_array_index (list, i))->unsaved)
      n++;
  return n;
}

/* Runs this program as the crashing child, with this test's own folders:
 * GLib gives the isolated folders to this process only. */
static void
crash_after_edit (const char *board_path)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { "/proc/self/exe", "--leave-working-copy", board_path, NULL };
  int status;

  env = g_environ_setenv (env, "HOME", g_get_home_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_RUNTIME_DIR", g_get_user_runtime_dir (), TRUE);
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

/* The recovery dialog of either libadwaita, wherever it sits: a toplevel
 * (AdwMessageDialog) or inside its parent window (AdwAlertDialog). */
static GObject *
find_dialog_in (GtkWidget *widget)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  GType type = ADW_TYPE_ALERT_DIALOG;
#else
  GType type = ADW_TYPE_MESSAGE_DIALOG;
#endif

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_visible (widget))
    return G_OBJECT (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GObject *found = find_dialog_in (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
find_dialog (gpointer data)
{
  GObject **dialog = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; *dialog == NULL && i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      *dialog = find_dialog_in (window);
    }
  return *dialog != NULL;
}

static const char *
response_label (GObject    *dialog,
                const char *response)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  return adw_alert_dialog_get_response_label (ADW_ALERT_DIALOG (dialog), response);
#else
  return adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), response);
#endif
}

static const char *
dialog_heading (GObject *dialog)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  return adw_alert_dialog_get_heading (ADW_ALERT_DIALOG (dialog));
#else
  return adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog));
#endif
}

static EvbWindow *
window_for (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      EvbDocument *document;

      if (EVB_IS_WINDOW (window) && (document = evb_window_get_document (EVB_WINDOW (window))) != NULL &&
          g_file_equal (evb_document_get_file (document), file))
        return EVB_WINDOW (window);
    }
  return NULL;
}

static gboolean
no_window_left (gpointer data)
{
  return g_list_model_get_n_items (gtk_window_get_toplevels ()) == 0;
}

static void
destroy_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i - 1);

      gtk_window_destroy (GTK_WINDOW (window));
    }
  g_assert_true (wait_until (no_window_left, NULL, TIMEOUT_MS));
}

static gboolean
file_has_left_node_cb (gpointer data)
{
  return file_has_left_node (data);
}

static gboolean
dialog_gone (gpointer data)
{
  GObject *dialog = NULL;

  return !find_dialog (&dialog);
}

static void
settle_until_dialog_gone (GObject *dialog)
{
  g_assert_true (wait_until (dialog_gone, NULL, TIMEOUT_MS));
}

/* The crash, a fresh start, the dialog, and response as the answer
 * ("close": the dialog closed without a button). */
static void
answer_recovery (gconstpointer data)
{
  const char *response = data;
  g_autofree char *path = g_build_filename (g_get_home_dir (), "Case.evboard", NULL);
  g_autoptr(EvbApplication) app = NULL;
  GObject *dialog = NULL;
  EvbWindow *window;

  g_assert_true (g_mkdir_with_parents (g_get_home_dir (), 0700) == 0);
  crash_after_edit (path);
  g_assert_false (file_has_left_node (path));
  g_assert_cmpuint (count_unsaved_recoverable (), ==, 1);

  /* Registered (startup runs) but not run: no bus is needed for that. */
  app = evb_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_activate (G_APPLICATION (app));

  g_assert_true (wait_until (find_dialog, &dialog, TIMEOUT_MS));
  g_assert_cmpstr (dialog_heading (dialog), ==, "Recover Unsaved Board?");
  g_assert_cmpstr (response_label (dialog, "recover"), ==, "_Recover");
  g_assert_cmpstr (response_label (dialog, "later"), ==, "_Later");
  g_assert_cmpstr (response_label (dialog, "discard"), ==, "_Discard");
  /* Nothing happens before the person answers. */
  g_assert_null (window_for (path));
  g_assert_cmpuint (count_unsaved_recoverable (), ==, 1);

  if (g_str_equal (response, "close"))
    {
      /* Escape or the window manager: the dialog's close response. */
#if ADW_CHECK_VERSION (1, 5, 0)
      adw_dialog_close (ADW_DIALOG (dialog));
#else
      gtk_window_close (GTK_WINDOW (dialog));
#endif
      settle_until_dialog_gone (dialog);
    }
  else
    evb_compat_respond (dialog, response);

  switch (evb_compat_recovery_choice (response))
    {
    case EVB_RECOVERY_RECOVER:
      /* Open in a window, and written back once that window closes. */
      /* Reopened in a thread: the window comes when it is ready. */
      WAIT_FOR ((window = window_for (path)) != NULL);
      g_assert_nonnull (evb_board_get_node (evb_document_get_board (evb_window_get_document (window)),
                                            LEFT_NODE_ID));
      g_assert_cmpuint (count_unsaved_recoverable (), ==, 0);
      destroy_windows ();
      g_assert_true (wait_until (file_has_left_node_cb, path, TIMEOUT_MS));
      break;

    case EVB_RECOVERY_LATER:
      /* Kept, to be asked again at the next start. */
      g_assert_null (window_for (path));
      g_assert_cmpuint (count_unsaved_recoverable (), ==, 1);
      g_assert_false (file_has_left_node (path));
      destroy_windows ();
      break;

    case EVB_RECOVERY_DISCARD:
      g_assert_null (window_for (path));
      g_assert_cmpuint (count_unsaved_recoverable (), ==, 0);
      g_assert_false (file_has_left_node (path));
      destroy_windows ();
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Both dialogs' "response" handlers translate through this one function;
 * closing the dialog (Escape) keeps the working copy. */
static void
test_choices (void)
{
  g_assert_cmpint (evb_compat_recovery_choice ("recover"), ==, EVB_RECOVERY_RECOVER);
  g_assert_cmpint (evb_compat_recovery_choice ("discard"), ==, EVB_RECOVERY_DISCARD);
  g_assert_cmpint (evb_compat_recovery_choice ("later"), ==, EVB_RECOVERY_LATER);
  g_assert_cmpint (evb_compat_recovery_choice ("close"), ==, EVB_RECOVERY_LATER);
  g_assert_cmpint (evb_compat_recovery_choice (NULL), ==, EVB_RECOVERY_LATER);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--leave-working-copy"))
    return leave_working_copy (argv[2]);

  /* No session bus: every case registers an application with the same id,
   * and on a bus each would stay exported for the life of the connection
   * and meet the next. The app needs no bus to ask. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/evb-test-no-bus", TRUE);

  /* GTK starts with the system's folders (settings schemas, icon theme, the
   * MIME database that tells an SVG icon from a PNG); g_test_init() then
   * gives each test user folders of its own, removed after it. */
  gtk_init ();
  adw_init ();
  gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/recovery/choices", test_choices);
  g_test_add_data_func ("/recovery/recover", "recover", answer_recovery);
  g_test_add_data_func ("/recovery/later", "later", answer_recovery);
  g_test_add_data_func ("/recovery/discard", "discard", answer_recovery);
  g_test_add_data_func ("/recovery/close", "close", answer_recovery);

  return g_test_run ();
}
