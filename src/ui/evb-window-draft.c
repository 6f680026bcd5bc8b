/* evb-window-draft.c: a new board before it has a place of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * New Board opens a board at once, in the drafts folder
 * (evb_document_new_draft_file()): a board like any other, written back
 * and recovered like any other, so nothing put on it can be lost, and no
 * question comes before the work. The person gives it a place when they
 * choose: Save As (win.save-as, Ctrl+S) moves the document to the file
 * they say (evb_document_save_as_async()): the same board, with its undo
 * history, goes on in this window with the new file's lock and
 * write-backs, and the draft is deleted; a board still called "Untitled
 * Board" takes the file's name as its title. Closing a window on a draft asks
 * "Save the New Board?" (Cancel, Discard, Save As…) as GNOME apps ask for
 * an unsaved document; a draft with nothing on it closes without a
 * question and is deleted. A draft is also among the recent boards, so
 * even one left by a crash or a logout is found again.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "evb-compat.h"
#include "evb-export-dialog.h"
#include "evb-window-private.h"

typedef struct
{
  EvbWindow   *window;
  EvbDocument *document;
  GFile       *draft;
  GFile       *target;
  gboolean     close_after;   /* the close question's Save As */
} SaveAs;

static void
save_as_free (SaveAs *job)
{
  g_object_unref (job->window);
  g_clear_object (&job->document);
  g_clear_object (&job->draft);
  g_clear_object (&job->target);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveAs, save_as_free)

gboolean
_evb_window_is_draft (EvbWindow *self)
{
  EvbDocument *document = evb_window_get_document (self);

  return document != NULL && evb_document_file_is_draft (evb_document_get_file (document));
}

/* The draft's file, its working copy already closed: gone, and gone from
 * the recent boards. */
void
_evb_window_delete_draft (GFile *draft)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_file_get_uri (draft);

  if (!g_file_delete (draft, NULL, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_warning ("Deleting the draft %s: %s", g_file_peek_path (draft), error->message);
  gtk_recent_manager_remove_item (gtk_recent_manager_get_default (), uri, NULL);
}

static void
saved_as_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SaveAs) job = user_data;
  g_autoptr(GError) error = NULL;
  EvbWindow *self = job->window;
  gboolean ok = evb_document_save_as_finish (EVB_DOCUMENT (source), result, &error);

  /* The window closed the board meanwhile: nobody to tell. */
  if (evb_window_get_document (self) != job->document)
    return;
  if (!ok)
    {
      /* The draft stays as it was: nothing is lost. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        evb_compat_show_error (GTK_WIDGET (self), _("Could Not Save the Board"), error->message);
      return;
    }

  /* The document edits the new file now (the window follows its `file`):
   * the draft is nobody's any more. */
  _evb_window_delete_draft (job->draft);
  if (job->close_after)
    gtk_window_close (GTK_WINDOW (self));
}

static void
start_save_as (SaveAs *job)
{
  evb_document_save_as_async (job->document, job->target, NULL, saved_as_cb, job);
}

/* A new board still called what New Board called it takes the name the
 * person just gave its file: "Residence strike.evboard" is the board
 * "Residence strike" in the window, the recent boards and the title block
 * of every picture and report made of it. A title they gave it stays. */
static void
name_after_target (SaveAs *job)
{
  EvbBoard *board = _evb_window_get_board (job->window);
  g_autofree char *base = g_file_get_basename (job->target);
  g_autofree char *title = NULL;
  g_autoptr(GError) error = NULL;

  if (board == NULL || g_strcmp0 (evb_board_get_title (board), _("Untitled Board")) != 0 || base == NULL)
    return;
  title = g_filename_display_name (base);
  if (g_str_has_suffix (title, ".evboard"))
    title[strlen (title) - strlen (".evboard")] = '\0';
  if (title[0] == '\0')
    return;
  /* The copy is written all the same when this fails: it keeps the old title. */
  if (!evb_editing_set_board_title (board, title, NULL, &error))
    g_warning ("Naming the board after its file: %s", error->message);
}

static SaveAs *
save_as_new (EvbWindow *self,
             gboolean   close_after)
{
  SaveAs *job = g_new0 (SaveAs, 1);

  job->window = g_object_ref (self);
  job->document = g_object_ref (evb_window_get_document (self));
  job->draft = g_object_ref (evb_document_get_file (job->document));
  job->close_after = close_after;
  return job;
}

static void
target_chosen_cb (GFile    *file,
                  gpointer  user_data)
{
  g_autoptr(SaveAs) job = user_data;
  EvbDocument *document = evb_window_get_document (job->window);

  /* Cancelled, or the window has another board by now. */
  if (file == NULL || document == NULL || !g_file_equal (evb_document_get_file (document), job->draft))
    return;
  job->target = g_object_ref (file);
  name_after_target (job);
  start_save_as (g_steal_pointer (&job));
}

void
_evb_window_save_draft_as (EvbWindow *self,
                           gboolean   close_after)
{
  g_autofree char *name = NULL;

  if (!_evb_window_is_draft (self))
    return;
  name = evb_export_dialog_suggest_name (_evb_window_get_board (self), ".evboard");
  evb_compat_choose_file (GTK_WINDOW (self), _("Save Board As"), _("_Save"), TRUE, name,
                          _("Evidence boards"), "*.evboard", target_chosen_cb,
                          save_as_new (self, close_after));
}

void
_evb_window_save_draft_to (EvbWindow *self,
                           GFile     *target,
                           gboolean   close_after)
{
  SaveAs *job;

  if (!_evb_window_is_draft (self))
    return;
  job = save_as_new (self, close_after);
  job->target = g_object_ref (target);
  name_after_target (job);
  start_save_as (job);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _evb_window_save_draft_as (EVB_WINDOW (widget), FALSE);
}

static void
draft_chosen_cb (EvbDraftChoice  choice,
                 gpointer        user_data)
{
  g_autoptr(EvbWindow) self = user_data;

  self->draft_dialog = NULL;
  switch (choice)
    {
    case EVB_DRAFT_DISCARD:
      self->discard_draft = TRUE;
      gtk_window_close (GTK_WINDOW (self));
      break;
    case EVB_DRAFT_SAVE:
      _evb_window_save_draft_as (self, TRUE);
      break;
    case EVB_DRAFT_CANCEL:
    default:
      break;
    }
}

gboolean
_evb_window_draft_keep_open (EvbWindow  *self,
                             GFile     **discard)
{
  EvbBoard *board = _evb_window_get_board (self);

  *discard = NULL;
  if (!_evb_window_is_draft (self))
    return FALSE;
  /* Discarded, or nothing on it to lose. */
  if (self->discard_draft || (evb_board_get_n_nodes (board) == 0 && evb_board_get_n_links (board) == 0))
    {
      *discard = g_object_ref (evb_document_get_file (evb_window_get_document (self)));
      return FALSE;
    }
  if (self->draft_dialog == NULL)
    self->draft_dialog = evb_compat_ask_save_draft (GTK_WIDGET (self), evb_board_get_title (board),
                                                    draft_chosen_cb, g_object_ref (self));
  return TRUE;
}

void
_evb_window_class_draft_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
}
