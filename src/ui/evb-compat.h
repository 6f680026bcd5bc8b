/* evb-compat.h: one place for what differs between GTK 4.8 / libadwaita 1.2
 * (Debian 12) and the newest (the Flatpak runtime)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* GTK 4.14 and newer draw with cairo where GL is only Mesa's software
 * rasteriser (llvmpipe, softpipe); GTK 4.8 still draws with GL there. Does
 * as newer GTK does: call once the display is open, before the first
 * window is shown. A GSK_RENDERER the person set wins. Returns whether it
 * chose cairo. */
gboolean evb_compat_prefer_cairo_for_software_gl (void);
/* Whether a GL_RENDERER string names a software rasteriser. */
gboolean evb_compat_is_software_gl (const char *renderer);

/* Called with the chosen file, or NULL when the person cancelled. */
typedef void (*EvbFileChosenFunc) (GFile    *file,
                                   gpointer  user_data);

/* GtkFileDialog on GTK 4.10 and newer, GtkFileChooserNative before.
 * filter_pattern may hold several patterns separated by semicolons. */
void evb_compat_choose_file   (GtkWindow         *parent,
                               const char        *title,
                               const char        *accept_label,
                               gboolean           save,
                               const char        *suggested_name,
                               const char        *filter_name,
                               const char        *filter_pattern,
                               EvbFileChosenFunc  callback,
                               gpointer           user_data);

/* AdwAlertDialog on libadwaita 1.5 and newer, AdwMessageDialog before: an
 * error with one Close button. */
void evb_compat_show_error    (GtkWidget         *parent,
                               const char        *heading,
                               const char        *body);

/* A question with Cancel and accept_label (suggested); extra_child sits
 * under the body. AdwAlertDialog on 1.5 and newer, AdwMessageDialog before. */
typedef void (*EvbAnsweredFunc) (gboolean  accepted,
                                 gpointer  user_data);

void evb_compat_ask           (GtkWidget         *parent,
                               const char        *heading,
                               const char        *body,
                               GtkWidget         *extra_child,
                               const char        *accept_label,
                               EvbAnsweredFunc    callback,
                               gpointer           user_data);

/**
 * EvbRecoveryChoice:
 * @EVB_RECOVERY_LATER: keep the working copy and ask again at the next start
 * @EVB_RECOVERY_RECOVER: open the working copy, whose edits are then written
 *   back to the user's file
 * @EVB_RECOVERY_DISCARD: delete the working copy; the user's file stays as it is
 *
 * What the person answered when asked about a board left by a crash.
 */
typedef enum
{
  EVB_RECOVERY_LATER,
  EVB_RECOVERY_RECOVER,
  EVB_RECOVERY_DISCARD,
} EvbRecoveryChoice;

typedef void (*EvbRecoveryChosenFunc) (EvbRecoveryChoice  choice,
                                       gpointer           user_data);

/**
 * evb_compat_ask_recovery:
 * @parent: a widget in the window the dialog belongs to
 * @board_name: the board's title, or its file when it has none
 * @callback: called once with the answer
 * @user_data: passed to @callback
 *
 * Asks whether to recover a board whose last changes never reached its file,
 * with the responses "recover", "later" and "discard" (closing the dialog
 * means later). Every libadwaita asks the same question; only the dialog
 * differs: AdwAlertDialog on 1.5 and newer, AdwMessageDialog before.
 *
 * Returns: (transfer none): the dialog, an AdwAlertDialog or an
 *   AdwMessageDialog, for evb_compat_respond()
 */
GObject          *evb_compat_ask_recovery     (GtkWidget             *parent,
                                               const char            *board_name,
                                               EvbRecoveryChosenFunc  callback,
                                               gpointer               user_data);

/**
 * evb_compat_recovery_choice:
 * @response: a response id of the recovery dialog
 *
 * The one translation of the dialog's responses, used by both dialogs'
 * response handlers. An unknown response (the dialog closed some other
 * way) keeps the working copy.
 *
 * Returns: the choice @response stands for
 */
EvbRecoveryChoice evb_compat_recovery_choice  (const char            *response);

/**
 * EvbDraftChoice:
 * @EVB_DRAFT_CANCEL: keep the window open
 * @EVB_DRAFT_DISCARD: close and delete the new board
 * @EVB_DRAFT_SAVE: choose a place for the new board, then close
 *
 * What the person answered when a window with a new board that has no
 * place yet was closed.
 */
typedef enum
{
  EVB_DRAFT_CANCEL,
  EVB_DRAFT_DISCARD,
  EVB_DRAFT_SAVE,
} EvbDraftChoice;

typedef void (*EvbDraftChosenFunc) (EvbDraftChoice  choice,
                                    gpointer        user_data);

/**
 * evb_compat_ask_save_draft:
 * @parent: a widget in the window the dialog belongs to
 * @board_title: the new board's title
 * @callback: called once with the answer
 * @user_data: passed to @callback
 *
 * Asks "Save the new board?" as GNOME apps ask on closing an unsaved
 * document, with the responses "cancel", "discard" and "save" (closing
 * the dialog means cancel).
 *
 * Returns: (transfer none): the dialog, for evb_compat_respond()
 */
GObject          *evb_compat_ask_save_draft   (GtkWidget             *parent,
                                               const char            *board_title,
                                               EvbDraftChosenFunc     callback,
                                               gpointer               user_data);

/**
 * evb_compat_respond:
 * @dialog: a dialog returned by evb_compat_ask_recovery()
 * @response: the response id to answer with
 *
 * Answers @dialog as a click on @response would, through the same
 * "response" signal, and closes it. For tests, on either kind of dialog.
 */
void              evb_compat_respond          (GObject               *dialog,
                                               const char            *response);

/* Tells a screen reader what just changed on @widget (which has the focus):
 * gtk_accessible_announce() on GTK 4.14 and newer; before, @widget's
 * accessible description becomes @message, which screen readers present
 * when the focused object's description changes. */
void evb_compat_announce      (GtkWidget         *widget,
                               const char        *message);

/* Gives every button under @root that has a mnemonic the name a screen
 * reader should say: GTK 4.8 names a button after both its label, underscore
 * and all, and the label inside it ("_New Board New Board"), and a check
 * button after its label with the underscore. Call it once the buttons have
 * their labels; a label set later needs another call. */
void evb_compat_name_mnemonic_buttons (GtkWidget *root);

/* AdwAboutDialog on 1.5 and newer, AdwAboutWindow before. */
void evb_compat_show_about    (GtkWindow         *parent);

/* Hands a URI (a web address or a file) to the system's application. */
void        evb_compat_open_uri               (GtkWindow            *parent,
                                               const char           *uri);

/* A sidebar at the end that overlays the content when the window is at most
 * collapse_width wide: AdwOverlaySplitView and a breakpoint on 1.4 and
 * newer, AdwFlap before. */
GtkWidget  *evb_compat_sidebar_new            (AdwApplicationWindow *window,
                                               GtkWidget            *content,
                                               GtkWidget            *sidebar,
                                               int                   collapse_width);
/* The boolean property that shows the sidebar. */
const char *evb_compat_sidebar_shown_property (void);
gboolean    evb_compat_sidebar_get_collapsed  (GtkWidget            *view);
/* For AdwFlap, which has no breakpoints: call from size_allocate (in an
 * idle). Returns TRUE when the view collapsed or expanded. */
gboolean    evb_compat_sidebar_set_width      (GtkWidget            *view,
                                               int                   width,
                                               int                   collapse_width);

/* GTK 4.8 does not always tell an actionable widget of an action group
 * inserted above it before it was in its place, nor of the action's
 * enabled state (it stays insensitive): call from a widget's root vfunc,
 * and every actionable in it looks its action up again. Newer GTK needs
 * nothing; this does no harm there. */
void        evb_compat_refresh_actionables    (GtkWidget            *widget);

G_END_DECLS
