/* evb-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One window per board. Opening a board that is already open presents its
 * window. At start, working copies left by a crash are offered back.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "evb-application.h"
#include "evb-compat.h"
#include "evb-error.h"
#include "evb-json.h"
#include "evb-preferences-window.h"
#include "evb-session.h"
#include "evb-store.h"
#include "evb-window.h"

struct _EvbApplication
{
  AdwApplication parent_instance;

  gboolean       open_sample;
  gboolean       offered_recovery;
  /* URIs of the boards being opened in a thread: asked again meanwhile
   * (a second click), they get no second window. */
  GHashTable    *opening;
};

G_DEFINE_FINAL_TYPE (EvbApplication, evb_application, ADW_TYPE_APPLICATION)

static EvbWindow *
find_empty_window (EvbApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (EVB_IS_WINDOW (l->data) && evb_window_get_document (l->data) == NULL &&
        !evb_window_get_loading (l->data))
      return l->data;
  return NULL;
}

static EvbWindow *
find_window_for (EvbApplication *self,
                 GFile          *file)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      EvbDocument *document;

      if (!EVB_IS_WINDOW (l->data) || !(document = evb_window_get_document (l->data)))
        continue;
      if (g_file_equal (evb_document_get_file (document), file))
        return l->data;
    }
  return NULL;
}

static EvbWindow *
window_for_session (EvbApplication *self,
                    EvbSession     *session)
{
  EvbWindow *window = find_empty_window (self);

  if (window == NULL)
    window = evb_window_new (ADW_APPLICATION (self));
  evb_window_set_session (window, session);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static GtkWidget *
any_window (EvbApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (evb_window_new (ADW_APPLICATION (self)));
      gtk_window_present (window);
    }
  return GTK_WIDGET (window);
}

static void
session_recovered_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(EvbApplication) self = user_data;
  g_autoptr(EvbSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = evb_session_recover_finish (result, &error);
  if (session == NULL)
    evb_compat_show_error (any_window (self), _("Could Not Recover Board"), error->message);
  else
    window_for_session (self, session);
  g_application_release (G_APPLICATION (self));
}

/* A board being opened: its URI leaves the application's set when its
 * window is there (or the error shown). */
typedef struct
{
  EvbApplication *app;
  char           *uri;
} Opening;

static void
opening_free (Opening *opening)
{
  g_hash_table_remove (opening->app->opening, opening->uri);
  g_object_unref (opening->app);
  g_free (opening->uri);
  g_free (opening);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Opening, opening_free)

static void
session_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Opening) opening = user_data;
  EvbApplication *self = opening->app;
  g_autoptr(EvbSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = evb_session_open_finish (result, &error);
  if (session == NULL)
    evb_compat_show_error (any_window (self), _("Could Not Open Board"), error->message);
  else
    window_for_session (self, session);
  g_application_release (G_APPLICATION (self));
}

/* The board is checked and copied in a thread; the application is held
 * meanwhile, so that it does not quit before there is a window. */
static void
open_file (EvbApplication *self,
           GFile          *file)
{
  g_autofree char *uri = NULL;
  Opening *opening;
  EvbWindow *window;

  if ((window = find_window_for (self, file)) != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }
  /* Asked again before its window is there: that window comes, presented. */
  uri = g_file_get_uri (file);
  if (g_hash_table_contains (self->opening, uri))
    return;

  opening = g_new0 (Opening, 1);
  opening->app = g_object_ref (self);
  opening->uri = g_strdup (uri);
  g_hash_table_add (self->opening, g_steal_pointer (&uri));
  g_application_hold (G_APPLICATION (self));
  evb_session_open_async (file, NULL, session_opened_cb, opening);
}

/* The sample
 *
 * An investigator expects one sample board, not a new copy at each click:
 * the sample has one copy in the user's data folder, written from the
 * shipped JSON the first time and reopened (with their edits) after that.
 * The way back to the shipped content is the sample window's Restore
 * Sample Board, one undo step (evb-window-actions.c). */

static const char *
sample_json_path (void)
{
  static char *path;

  if (path == NULL)
    {
      const char *dir = g_getenv ("EVB_SAMPLES_DIR");

      path = g_build_filename (dir ? dir : PKGDATADIR "/samples", "dolgiye-borody.json", NULL);
    }
  return path;
}

GFile *
evb_application_dup_sample_file (void)
{
  return g_file_new_build_filename (g_get_user_data_dir (), "evidence-board", "Samples",
                                    "Dolgiye Borody.evboard", NULL);
}

gboolean
evb_application_is_sample (GFile *file)
{
  g_autoptr(GFile) sample = evb_application_dup_sample_file ();

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  return g_file_equal (file, sample);
}

EvbBoard *
evb_application_read_sample (GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return evb_json_read_board_file (sample_json_path (), error);
}

GFile *
evb_application_make_sample (GError **error)
{
  g_autoptr(GFile) file = evb_application_dup_sample_file ();
  g_autoptr(GFile) folder = g_file_get_parent (file);
  g_autofree char *folder_path = g_file_get_path (folder);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(EvbBoard) board = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  board = evb_application_read_sample (error);
  if (board == NULL)
    return NULL;
  if (g_mkdir_with_parents (folder_path, 0700) != 0)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not create “%s”"), folder_path);
      return NULL;
    }
  if (!evb_store_write_new (board, path, TRUE, error))
    return NULL;
  return g_steal_pointer (&file);
}

static void
open_sample (EvbApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = evb_application_dup_sample_file ();

  /* Written only when there is none yet: an edited sample stays theirs. */
  if (!g_file_query_exists (file, NULL))
    {
      g_clear_object (&file);
      file = evb_application_make_sample (&error);
    }
  if (file == NULL)
    {
      evb_compat_show_error (any_window (self), _("Could Not Open the Sample Board"), error->message);
      return;
    }
  open_file (self, file);
}

/* Recovery
 *
 * A working copy with changes that never reached the user's file is always
 * offered back in a dialog (Recover, Later, Discard) on every libadwaita:
 * evb-compat only decides how the dialog is built. What each answer does is
 * evb_application_resolve_recovery(), the one place for it. */

typedef struct
{
  EvbApplication *app;
  EvbRecoverable *recoverable;
} Recovery;

static void
recovery_chosen_cb (EvbRecoveryChoice  choice,
                    gpointer           user_data)
{
  Recovery *recovery = user_data;
  g_autoptr(GError) error = NULL;

  if (!evb_application_resolve_recovery (recovery->app, recovery->recoverable, choice, &error))
    evb_compat_show_error (any_window (recovery->app),
                           choice == EVB_RECOVERY_DISCARD ? _("Could Not Discard Board")
                                                          : _("Could Not Recover Board"),
                           error->message);
  evb_recoverable_free (recovery->recoverable);
  g_object_unref (recovery->app);
  g_free (recovery);
}

static void
offer_recovery (EvbApplication *self)
{
  g_autoptr(GPtrArray) recoverables = NULL;

  if (self->offered_recovery)
    return;
  self->offered_recovery = TRUE;

  recoverables = evb_document_list_recoverable ();
  for (guint i = 0; i < recoverables->len; i++)
    {
      EvbRecoverable *r = g_ptr_array_index (recoverables, i);
      Recovery *recovery;

      /* The user's file already has everything: nothing to ask. */
      if (!r->unsaved)
        {
          evb_document_discard_recoverable (r, NULL);
          continue;
        }

      /* A test or a script can ask for recovery without a dialog. */
      if (g_strcmp0 (g_getenv ("EVB_RECOVER"), "always") == 0)
        {
          evb_application_resolve_recovery (self, r, EVB_RECOVERY_RECOVER, NULL);
          continue;
        }

      recovery = g_new0 (Recovery, 1);
      recovery->app = g_object_ref (self);
      recovery->recoverable = g_ptr_array_steal_index (recoverables, i--);
      evb_compat_ask_recovery (any_window (self),
                               recovery->recoverable->title ? recovery->recoverable->title
                                                            : recovery->recoverable->uri,
                               recovery_chosen_cb, recovery);
    }
}

/* Actions */

static void
board_created_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(EvbApplication) self = user_data;
  g_autoptr(EvbSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = evb_session_create_finish (result, &error);
  if (session == NULL)
    evb_compat_show_error (any_window (self), _("Could Not Create Board"), error->message);
  else
    window_for_session (self, session);
  g_application_release (G_APPLICATION (self));
}

/* A new board opens at once, in the drafts folder: it is given a place
 * when the person chooses (Save As, or the question on closing; see
 * evb-window-draft.c). Its file is written in a thread; the application
 * waits for the window. */
static void
new_board_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  EvbApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = evb_document_new_draft_file (&error);

  if (file == NULL)
    {
      evb_compat_show_error (any_window (self), _("Could Not Create Board"), error->message);
      return;
    }
  g_application_hold (G_APPLICATION (self));
  evb_session_create_async (file, _("Untitled Board"), NULL, board_created_cb, g_object_ref (self));
}

static void
open_board_chosen_cb (GFile    *file,
                      gpointer  user_data)
{
  g_autoptr(EvbApplication) self = user_data;

  if (file != NULL)
    open_file (self, file);
}

static void
open_board_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  EvbApplication *self = user_data;

  evb_compat_choose_file (gtk_application_get_active_window (GTK_APPLICATION (self)),
                          _("Open Board"), _("_Open"), FALSE, NULL, _("Evidence boards"),
                          "*.evboard", open_board_chosen_cb, g_object_ref (self));
}

static void
open_sample_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  open_sample (EVB_APPLICATION (user_data));
}

/* Importing reads and checks the whole JSON file, and later writes a new
 * board file: the session does both in a thread, so a big file never
 * freezes a window. A bad file changes nothing and says where it is
 * wrong. The window the board will show in is there from the start, on
 * its loading page: the person sees the work and can cancel it, and a
 * cancelled import leaves neither a file nor a half board. */

typedef struct
{
  EvbApplication *app;
  GFile          *source;
  GFile          *target;
  EvbBoard       *board;
  EvbWindow      *window;
  GCancellable   *cancellable;
} Import;

static void
import_free (Import *import)
{
  g_clear_object (&import->board);
  g_clear_object (&import->source);
  g_clear_object (&import->target);
  g_clear_object (&import->window);
  g_clear_object (&import->cancellable);
  g_clear_object (&import->app);
  g_free (import);
}

/* Stopped (cancelled, declined, or failed): the window goes back to its
 * status page and import is freed. */
static void
import_stop (Import       *import,
             const char   *heading,
             const GError *error)
{
  evb_window_end_loading (import->window);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    evb_compat_show_error (GTK_WIDGET (import->window), heading, error->message);
  import_free (import);
}

static void
imported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Import *import = user_data;
  g_autoptr(EvbSession) session = NULL;
  g_autoptr(GError) error = NULL;

  g_application_release (G_APPLICATION (import->app));
  session = evb_session_import_finish (result, &error);
  if (session != NULL && g_cancellable_is_cancelled (import->cancellable))
    {
      /* Cancelled after the file was in place: no trace of it stays. */
      g_autoptr(GError) close_error = NULL;

      if (!evb_session_close (session, &close_error))
        g_warning ("Closing a cancelled import: %s", close_error->message);
      g_file_delete (import->target, NULL, NULL);
      g_clear_object (&session);
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
    }
  if (session == NULL)
    {
      import_stop (import, _("Could Not Import"), error);
      return;
    }
  evb_window_set_session (import->window, session);
  gtk_window_present (GTK_WINDOW (import->window));
  import_free (import);
}

static void
write_import (Import *import)
{
  g_autofree char *name = g_file_get_basename (import->target);
  g_autofree char *step = g_strdup_printf (_("Writing “%s”…"), name);

  /* Its window was closed while the person chose the file. */
  if (g_cancellable_is_cancelled (import->cancellable))
    {
      import_stop (import, NULL, NULL);
      return;
    }
  evb_window_begin_loading (import->window, _("Importing Board"), step, import->cancellable);
  g_application_hold (G_APPLICATION (import->app));
  evb_session_import_async (import->board, import->target, import->cancellable, imported_cb, import);
}

static void
import_target_chosen_cb (GFile    *file,
                         gpointer  user_data)
{
  Import *import = user_data;

  if (file == NULL)
    {
      import_stop (import, NULL, NULL);
      return;
    }
  import->target = g_object_ref (file);
  write_import (import);
}

static void
choose_import_target (Import *import)
{
  g_autofree char *name = NULL;
  g_autofree char *suggested = NULL;
  char *dot;

  if (import->target != NULL)
    {
      write_import (import);
      return;
    }
  name = g_file_get_basename (import->source);
  if ((dot = strrchr (name, '.')) != NULL && dot != name)
    *dot = '\0';
  suggested = g_strconcat (name, ".evboard", NULL);
  evb_compat_choose_file (GTK_WINDOW (import->window),
                          _("Save Imported Board"), _("_Save"), TRUE, suggested,
                          _("Evidence boards"), "*.evboard", import_target_chosen_cb, import);
}

static void
skipped_answered_cb (gboolean accepted,
                     gpointer user_data)
{
  Import *import = user_data;

  if (accepted)
    choose_import_target (import);
  else
    import_stop (import, NULL, NULL);
}

/* What the file held that the board cannot: each item said, never lost
 * silently. The person decides whether the rest is worth importing. */
static void
ask_about_skipped (Import    *import,
                   GPtrArray *skipped)
{
  enum { SHOWN = 12 };
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Item Cannot Be Imported",
                                          "%u Items Cannot Be Imported", skipped->len),
                             skipped->len);
  for (guint i = 0; i < skipped->len && i < SHOWN; i++)
    g_string_append_printf (body, "%s%s", i > 0 ? "\n" : "", (char *) g_ptr_array_index (skipped, i));
  if (skipped->len > SHOWN)
    {
      guint rest = skipped->len - SHOWN;

      g_string_append_c (body, '\n');
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "and %u more",
                                                 "and %u more", rest), rest);
    }
  evb_compat_ask (GTK_WIDGET (import->window), heading, body->str, NULL, _("_Import the Rest"),
                  skipped_answered_cb, import);
}

static void
import_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Import *import = user_data;
  g_autoptr(GPtrArray) skipped = NULL;
  g_autoptr(GError) error = NULL;

  g_application_release (G_APPLICATION (import->app));
  import->board = evb_session_read_import_finish (result, &skipped, &error);
  if (import->board == NULL)
    {
      g_autofree char *base = g_file_get_basename (import->source);

      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, "%s: ", base);
      import_stop (import, _("Could Not Import"), error);
      return;
    }

  if (skipped->len > 0)
    ask_about_skipped (import, skipped);
  else
    choose_import_target (import);
}

void
evb_application_import (EvbApplication *self,
                        GFile          *source)
{
  g_return_if_fail (EVB_IS_APPLICATION (self));
  g_return_if_fail (G_IS_FILE (source));

  evb_application_import_to (self, source, NULL);
}

EvbWindow *
evb_application_import_to (EvbApplication *self,
                           GFile          *source,
                           GFile          *target)
{
  g_autofree char *name = NULL;
  g_autofree char *step = NULL;
  Import *import;

  g_return_val_if_fail (EVB_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (G_IS_FILE (source), NULL);
  g_return_val_if_fail (target == NULL || G_IS_FILE (target), NULL);

  import = g_new0 (Import, 1);
  import->app = g_object_ref (self);
  import->source = g_object_ref (source);
  import->target = target != NULL ? g_object_ref (target) : NULL;
  import->cancellable = g_cancellable_new ();
  import->window = find_empty_window (self);
  if (import->window == NULL)
    import->window = evb_window_new (ADW_APPLICATION (self));
  g_object_ref (import->window);
  name = g_file_get_basename (source);
  step = g_strdup_printf (_("Reading “%s”…"), name);
  evb_window_begin_loading (import->window, _("Importing Board"), step, import->cancellable);
  gtk_window_present (GTK_WINDOW (import->window));
  g_application_hold (G_APPLICATION (self));
  evb_session_read_import_async (source, import->cancellable, import_read_cb, import);
  return import->window;
}

static void
import_source_chosen_cb (GFile    *file,
                         gpointer  user_data)
{
  g_autoptr(EvbApplication) self = user_data;

  if (file != NULL)
    evb_application_import (self, file);
}

static void
import_json_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  EvbApplication *self = user_data;

  evb_compat_choose_file (gtk_application_get_active_window (GTK_APPLICATION (self)),
                          _("Import Board"), _("_Import"), FALSE, NULL,
                          _("JSON, JSON Canvas and CSV files"), "*.json;*.canvas;*.csv",
                          import_source_chosen_cb, g_object_ref (self));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (evb_preferences_window_new (parent)));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  evb_compat_show_about (gtk_application_get_active_window (GTK_APPLICATION (user_data)));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  /* Closing each window writes its board back. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { "new-board", new_board_action },
  { "open-board", open_board_action },
  { "open-sample", open_sample_action },
  { "import-json", import_json_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
evb_application_startup (GApplication *application)
{
  static const struct { const char *action; const char *accels[4]; } accels[] = {
    { "app.new-board", { "<Control>n", NULL } },
    { "app.open-board", { "<Control>o", NULL } },
    { "app.import-json", { "<Control>i", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.add-claim", { "<Control><Alt>c", NULL } },
    { "win.add-evidence-menu", { "<Control><Alt>e", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
    { "win.link-supports", { "<Control><Alt>s", NULL } },
    { "win.link-refutes", { "<Control><Alt>r", NULL } },
    { "win.link-to", { "<Control>l", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL } },
    { "win.zoom-out", { "<Control>minus", "<Control>KP_Subtract", NULL } },
    { "win.zoom-reset", { "<Control>0", "<Control>KP_0", NULL } },
    { "win.zoom-fit", { "<Control>1", NULL } },
    { "win.save-copy", { "<Control><Shift>s", NULL } },
    { "win.save-as", { "<Control>s", NULL } },
    { "win.export-png", { "<Control>e", NULL } },
    { "win.export-json", { "<Control><Shift>e", NULL } },
    { "win.print", { "<Control>p", NULL } },
    { "win.find", { "<Control>f", NULL } },
    { "win.toggle-filter", { "<Control><Shift>f", NULL } },
    /* Ctrl+G finds, as in every GNOME app (F3 too, as in browsers); groups
     * take Ctrl+Alt, beside the link commands. */
    { "win.find-next", { "<Control>g", "F3", NULL } },
    { "win.find-previous", { "<Control><Shift>g", "<Shift>F3", NULL } },
    { "win.group", { "<Control><Alt>g", NULL } },
    { "win.ungroup", { "<Control><Alt><Shift>g", NULL } },
    { "win.show-inspector", { "F9", NULL } },
    { "win.toggle-outline", { "F8", NULL } },
    { "win.focus-inspector", { "F6", NULL } },
    { "win.attach-file", { "<Control><Alt>a", NULL } },
    { "win.open-attachment", { "<Control><Alt>o", NULL } },
    { "win.tidy-up('layered')", { "<Control><Shift>l", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (evb_application_parent_class)->startup (application);
  evb_compat_prefer_cairo_for_software_gl ();

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (application), accels[i].action,
                                           accels[i].accels);
}

static void
evb_application_activate (GApplication *application)
{
  EvbApplication *self = EVB_APPLICATION (application);

  if (self->open_sample)
    {
      self->open_sample = FALSE;
      open_sample (self);
    }
  else if (gtk_application_get_active_window (GTK_APPLICATION (self)) == NULL)
    gtk_window_present (GTK_WINDOW (evb_window_new (ADW_APPLICATION (self))));
  else
    gtk_window_present (gtk_application_get_active_window (GTK_APPLICATION (self)));

  offer_recovery (self);
}

static void
evb_application_open (GApplication  *application,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  EvbApplication *self = EVB_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    open_file (self, files[i]);
  offer_recovery (self);
}

static int
evb_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  EvbApplication *self = EVB_APPLICATION (application);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("evidence-board %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_contains (options, "sample"))
    {
      /* With the app already running, its instance opens (or presents) the
       * one sample: an activate alone would only raise a window there. */
      if (g_application_register (application, NULL, NULL) && g_application_get_is_remote (application))
        {
          GDBusConnection *bus = g_application_get_dbus_connection (application);

          g_action_group_activate_action (G_ACTION_GROUP (application), "open-sample", NULL);
          if (bus != NULL)
            g_dbus_connection_flush_sync (bus, NULL, NULL);
          return 0;
        }
      self->open_sample = TRUE;
    }
  return -1;
}

static void
evb_application_finalize (GObject *object)
{
  EvbApplication *self = EVB_APPLICATION (object);

  g_clear_pointer (&self->opening, g_hash_table_unref);

  G_OBJECT_CLASS (evb_application_parent_class)->finalize (object);
}

static void
evb_application_class_init (EvbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = evb_application_finalize;

  app_class->startup = evb_application_startup;
  app_class->activate = evb_application_activate;
  app_class->open = evb_application_open;
  app_class->handle_local_options = evb_application_handle_local_options;
}

static void
evb_application_init (EvbApplication *self)
{
  static const GOptionEntry options[] = {
    { "sample", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the sample board"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version"), NULL },
    { NULL }
  };

  self->opening = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

EvbApplication *
evb_application_new (void)
{
  return g_object_new (EVB_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/evidenceboard/EvidenceBoard",
                       NULL);
}

gboolean
evb_application_get_opening (EvbApplication *self)
{
  g_return_val_if_fail (EVB_IS_APPLICATION (self), FALSE);
  return g_hash_table_size (self->opening) > 0;
}

/**
 * evb_application_resolve_recovery:
 * @self: the application
 * @recoverable: a working copy left by a crash
 * @choice: what the person chose
 * @error: where to say what went wrong
 *
 * Does what @choice says with @recoverable: Recover reopens it in a thread
 * and then in a window (its edits are written back to the user's file soon
 * after; a failure is shown in a dialog), Later leaves it to be offered at
 * the next start, Discard deletes it.
 *
 * Returns: %FALSE with @error set when discarding failed
 */
gboolean
evb_application_resolve_recovery (EvbApplication        *self,
                                  const EvbRecoverable  *recoverable,
                                  EvbRecoveryChoice      choice,
                                  GError               **error)
{
  g_return_val_if_fail (EVB_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (recoverable != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (choice)
    {
    case EVB_RECOVERY_LATER:
      return TRUE;

    case EVB_RECOVERY_DISCARD:
      return evb_document_discard_recoverable (recoverable, error);

    case EVB_RECOVERY_RECOVER:
      /* Reopened in a thread; the window comes when it is ready. */
      g_application_hold (G_APPLICATION (self));
      evb_session_recover_async (recoverable, NULL, session_recovered_cb, g_object_ref (self));
      return TRUE;

    default:
      g_return_val_if_reached (FALSE);
    }
}
