/* evb-window.h: a window showing one board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "evb-canvas.h"
#include "evb-document.h"
#include "evb-export.h"

G_BEGIN_DECLS

#define EVB_TYPE_WINDOW (evb_window_get_type ())

G_DECLARE_FINAL_TYPE (EvbWindow, evb_window, EVB, WINDOW, AdwApplicationWindow)

EvbWindow   *evb_window_new           (AdwApplication *application);
/* Takes a reference. NULL shows the status page. */
void         evb_window_set_document  (EvbWindow      *self,
                                       EvbDocument    *document);
EvbDocument *evb_window_get_document  (EvbWindow      *self);
EvbCanvas   *evb_window_get_canvas    (EvbWindow      *self);
void         evb_window_show_toast    (EvbWindow      *self,
                                       const char     *message);
/* What the export dialog runs once it has the options and the file: in a
 * thread, on a copy of the board; "exported" says when it is done. */
void         evb_window_export_image  (EvbWindow              *self,
                                       GFile                  *file,
                                       EvbExportFormat         format,
                                       const EvbExportOptions *options);

G_END_DECLS
