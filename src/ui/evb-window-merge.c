/* evb-window-merge.c: Merge Board…, the window's win.merge-board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The other board (a board file or a JSON document) is read in a thread;
 * the merge is first made on a copy of the open board, so that the person
 * sees every conflict before anything changes, then, when accepted, on the
 * board itself as one undo step (evb_editing_merge()).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-compat.h"
#include "evb-editing.h"
#include "evb-error.h"
#include "evb-json.h"
#include "evb-store.h"
#include "evb-store-blobs.h"
#include "evb-window-private.h"

static void
read_other_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  g_autofree char *path = g_file_get_path (task_data);
  g_autoptr(EvbStore) store = NULL;
  GError *error = NULL;
  EvbBoard *board;

  if (path == NULL)
    {
      g_task_return_new_error (task, EVB_ERROR, EVB_ERROR_IO, _("The file is not on this computer"));
      return;
    }
  store = evb_store_open (path, EVB_STORE_FLAGS_READ_ONLY, &error);
  if (store != NULL)
    board = evb_store_load (store, &error);
  /* The files kept in the other board go into ours first, so that its
   * cards find them once merged; unused ones are reclaimed at close. */
  if (store != NULL && board != NULL && source_object != NULL &&
      !evb_store_import_blobs (source_object, store, cancellable, &error))
    g_clear_object (&board);
  else if (g_error_matches (error, EVB_ERROR, EVB_ERROR_NOT_A_BOARD))
    {
      g_clear_error (&error);
      board = evb_json_read_board_file (path, &error);
    }
  else
    board = NULL;

  if (board == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, board, g_object_unref);
}

typedef struct
{
  EvbWindow *window;
  EvbBoard  *board;   /* the open board when the merge was asked for */
  EvbBoard  *other;
} MergeJob;

static void
merge_job_free (MergeJob *job)
{
  g_clear_object (&job->window);
  g_clear_object (&job->board);
  g_clear_object (&job->other);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MergeJob, merge_job_free)

static void
merge_answered_cb (gboolean  accepted,
                   gpointer  user_data)
{
  g_autoptr(MergeJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbMergeReport) report = NULL;

  /* The window may have another board by now: merge into the one seen. */
  if (!accepted || _evb_window_get_board (job->window) != job->board)
    return;
  if (!evb_editing_merge (job->board, job->other, &report, &error))
    {
      _evb_window_show_error (job->window, error);
      return;
    }
  _evb_window_show_undo_toast (job->window, _("Board merged"));
}

char *
_evb_window_merge_summary (const EvbMergeReport *report)
{
  g_autofree char *cards_added = NULL;
  g_autofree char *links_added = NULL;
  g_autofree char *groups_added = NULL;
  g_autofree char *cards_updated = NULL;
  g_autofree char *groups_updated = NULL;
  g_autofree char *added = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *changes = NULL;
  g_autofree char *conflicts = NULL;
  guint n;

  g_return_val_if_fail (report != NULL, NULL);

  n = report->nodes_added;
  cards_added = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u card", "%u cards", n), n);
  n = report->links_added;
  links_added = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u link", "%u links", n), n);
  n = report->groups_added;
  groups_added = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u group", "%u groups", n), n);
  n = report->nodes_updated;
  cards_updated = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u card", "%u cards", n), n);
  n = report->groups_updated;
  groups_updated = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u group", "%u groups", n), n);
  /* Translators: the counts of cards, links and groups a merge adds,
   * e.g. "2 cards, 1 link and 1 group" */
  added = g_strdup_printf (_("%s, %s and %s"), cards_added, links_added, groups_added);
  /* Translators: the counts of cards and groups a merge updates,
   * e.g. "1 card and 0 groups" */
  updated = g_strdup_printf (_("%s and %s"), cards_updated, groups_updated);
  /* Translators: the first %s is e.g. "2 cards, 1 link and 1 group", the
   * second "1 card and 0 groups" */
  changes = g_strdup_printf (_("%s will be added and %s updated."), added, updated);

  n = report->conflicts->len;
  if (n == 0)
    conflicts = g_strdup (_("No conflicts."));
  else
    /* Translators: the conflicts of a merge, listed below this sentence */
    conflicts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u conflict: the newer copy is kept "
                                              "(this board’s link, title and description).",
                                              "%u conflicts: in each, the newer copy is kept "
                                              "(this board’s link, title and description).",
                                              n),
                                 n);
  return g_strdup_printf ("%s %s", changes, conflicts);
}

static GtkWidget *
report_view (EvbMergeReport *report)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *scrolled, *label;

  for (guint i = 0; i < report->conflicts->len; i++)
    g_string_append_printf (text, "• %s\n", (const char *) g_ptr_array_index (report->conflicts, i));
  for (guint i = 0; i < report->one_sided->len; i++)
    g_string_append_printf (text, "• %s\n", (const char *) g_ptr_array_index (report->one_sided, i));
  if (text->len > 0)
    g_string_truncate (text, text->len - 1);

  label = gtk_label_new (text->str);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "caption");
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  return scrolled;
}

static void
other_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MergeJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoard) copy = NULL;
  g_autoptr(EvbMergeReport) report = NULL;
  g_autofree char *text = NULL;
  g_autofree char *body = NULL;
  GtkWidget *window;
  gsize length = 0;

  job->other = g_task_propagate_pointer (G_TASK (result), &error);
  if (job->other == NULL)
    {
      evb_compat_show_error (GTK_WIDGET (job->window), _("Could Not Merge"), error->message);
      return;
    }
  if (_evb_window_get_board (job->window) != job->board)
    return;

  /* A rehearsal on a copy: the report, with the open board untouched. */
  text = evb_json_write_board (job->board, &length);
  copy = evb_json_read_board (text, length, &error);
  if (copy == NULL || !evb_editing_merge (copy, job->other, &report, &error))
    {
      evb_compat_show_error (GTK_WIDGET (job->window), _("Could Not Merge"), error->message);
      return;
    }

  body = _evb_window_merge_summary (report);
  /* job goes to the answer: the window is taken from it first. */
  window = GTK_WIDGET (job->window);
  evb_compat_ask (window, _("Merge Board?"), body,
                  report->conflicts->len + report->one_sided->len > 0 ? report_view (report) : NULL,
                  _("_Merge"), merge_answered_cb, g_steal_pointer (&job));
}

void
_evb_window_merge_file (EvbWindow *self,
                        GFile     *file)
{
  g_autoptr(GTask) task = NULL;
  MergeJob *job;

  if (_evb_window_get_board (self) == NULL)
    return;
  job = g_new0 (MergeJob, 1);
  job->window = g_object_ref (self);
  job->board = g_object_ref (_evb_window_get_board (self));
  /* The task's source is our store, for the files kept in the other board. */
  task = g_task_new (self->session != NULL && evb_session_get_document (self->session) != NULL
                       ? evb_document_get_store (evb_session_get_document (self->session))
                       : NULL,
                     NULL, other_read_cb, job);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, read_other_thread);
}

static void
merge_source_chosen_cb (GFile    *file,
                        gpointer  user_data)
{
  g_autoptr(EvbWindow) self = user_data;

  if (file != NULL)
    _evb_window_merge_file (self, file);
}

void
_evb_window_merge_board_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  EvbWindow *self = EVB_WINDOW (widget);

  /* One pattern only: it matches .evboard and .json. */
  evb_compat_choose_file (GTK_WINDOW (self), _("Merge Board"), _("_Choose"), FALSE, NULL,
                          _("Boards and JSON files"), "*.[ej][vs]*", merge_source_chosen_cb,
                          g_object_ref (self));
}
