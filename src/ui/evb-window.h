/* evb-window.h: a window showing one board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "evb-canvas.h"
#include "evb-document.h"
#include "evb-export.h"
#include "evb-session.h"

G_BEGIN_DECLS

#define EVB_TYPE_WINDOW (evb_window_get_type ())

G_DECLARE_FINAL_TYPE (EvbWindow, evb_window, EVB, WINDOW, AdwApplicationWindow)

/**
 * EvbWindow:
 *
 * A window showing one board (an #EvbSession) or, without one, the status
 * page. Its behaviour is in win.* actions.
 *
 * Signals (emitted when the session says so):
 * - `exported` (GFile *file, GError *error): an image export finished:
 *   the file, or %NULL and why not (%G_IO_ERROR_CANCELLED after Cancel).
 * - `attachments-checked` (void): a check of the board's attachments
 *   finished.
 * - `thumbnail-made` (const char *sha256): a picture's thumbnail was made
 *   and stored.
 */

EvbWindow   *evb_window_new           (AdwApplication *application);
/**
 * evb_window_set_session:
 * @session: (nullable): the board to show; the window takes a reference.
 *   %NULL shows the status page.
 *
 * The board shown before is closed (evb_session_close()).
 */
void         evb_window_set_session   (EvbWindow      *self,
                                       EvbSession     *session);
/**
 * evb_window_get_session:
 *
 * Returns: (transfer none) (nullable): the open board's session.
 */
EvbSession  *evb_window_get_session   (EvbWindow      *self);
/* A new session for document (the session takes a reference), as
 * evb_window_set_session(). NULL shows the status page. */
void         evb_window_set_document  (EvbWindow      *self,
                                       EvbDocument    *document);
/**
 * evb_window_get_document:
 *
 * Returns: (transfer none) (nullable): the open board's document.
 */
EvbDocument *evb_window_get_document  (EvbWindow      *self);
EvbCanvas   *evb_window_get_canvas    (EvbWindow      *self);
void         evb_window_show_toast    (EvbWindow      *self,
                                       const char     *message);
/**
 * evb_window_begin_loading:
 * @title: what is being done, e.g. "Importing Board"
 * @description: (nullable): the step it is at, e.g. "Reading “a.json”…"
 * @cancellable: what the page's Cancel (`win.cancel-loading`) cancels;
 *   the window takes a reference
 *
 * Shows a page with a pulsing progress bar and Cancel instead of the
 * status page, for work done before there is a board to show. Called
 * again, it says the next step. Only a window without a board loads.
 */
void         evb_window_begin_loading (EvbWindow      *self,
                                       const char     *title,
                                       const char     *description,
                                       GCancellable   *cancellable);
/**
 * evb_window_end_loading:
 *
 * Back to the status page; evb_window_set_session() ends loading too.
 */
void         evb_window_end_loading   (EvbWindow      *self);
/* Whether the loading page shows (begin_loading() without an end). */
gboolean     evb_window_get_loading   (EvbWindow      *self);
/* What the export dialog runs once it has the options and the file:
 * evb_session_export_image_async(), with the board's attachment state;
 * "exported" says when it is done. Does nothing while a task runs. */
void         evb_window_export_image  (EvbWindow              *self,
                                       GFile                  *file,
                                       EvbExportFormat         format,
                                       const EvbExportOptions *options);

G_END_DECLS
