/* evb-canvas.h: the board canvas widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "evb-board.h"
#include "evb-renderer.h"
#include "evb-viewport.h"

G_BEGIN_DECLS

#define EVB_TYPE_CANVAS (evb_canvas_get_type ())

G_DECLARE_FINAL_TYPE (EvbCanvas, evb_canvas, EVB, CANVAS, GtkWidget)

/**
 * EvbCanvas:
 *
 * The board view: cards and links drawn by an EvbRenderer, moved, linked
 * and selected with the pointer and the keyboard (canvas.* actions).
 *
 * Signals:
 * - `error` (GError *): a gesture or key could not change the board; the
 *   message is a sentence for a toast.
 * - `deleted` (const char *message): canvas.delete (Delete, BackSpace)
 *   deleted the selection as one undo step; @message ("Deleted 2 cards")
 *   is for a toast with an Undo button.
 */

GtkWidget   *evb_canvas_new              (void);
/* Shows board (NULL: nothing) with its one selection and what is known
 * of its attachments (may be NULL). The canvas keeps references. */
void         evb_canvas_set_board        (EvbCanvas          *self,
                                          EvbBoard           *board,
                                          EvbSelection       *selection,
                                          EvbAttachmentState *attachments);
EvbBoard    *evb_canvas_get_board        (EvbCanvas   *self);
EvbViewport *evb_canvas_get_viewport     (EvbCanvas   *self);
EvbRenderer *evb_canvas_get_renderer     (EvbCanvas   *self);
void         evb_canvas_set_dark         (EvbCanvas   *self,
                                          gboolean     dark);
/* Draws with the high-contrast palette. */
void         evb_canvas_set_high_contrast (EvbCanvas *self,
                                           gboolean   high_contrast);

/* Returns: (transfer none) (nullable): the selection shown. */
EvbSelection *evb_canvas_get_selection   (EvbCanvas   *self);
void         evb_canvas_zoom_by          (EvbCanvas   *self,
                                          double       factor);
void         evb_canvas_zoom_reset       (EvbCanvas   *self);
void         evb_canvas_zoom_fit         (EvbCanvas   *self);
/* The centre of the view, in board coordinates. */
void         evb_canvas_get_center       (EvbCanvas   *self,
                                          double      *bx,
                                          double      *by);
void         evb_canvas_center_on_node   (EvbCanvas   *self,
                                          const char  *id);
void         evb_canvas_center_node      (EvbCanvas   *self,
                                          const char  *id);
/* Node ids (string keys) to draw with a search highlight; NULL = none. */
void         evb_canvas_set_highlighted  (EvbCanvas   *self,
                                          GHashTable  *ids);
/* Opens the in-place title editor on a card. */
/* Opens a small popover on the group's label to rename it. */
void         evb_canvas_edit_group_label (EvbCanvas   *self,
                                          const char  *group_id);
/* (nullable): the id of the group whose label is being edited, or NULL. */
const char  *evb_canvas_get_editing_group (EvbCanvas  *self);
void         evb_canvas_edit_title       (EvbCanvas   *self,
                                          const char  *id);

/* Measures frame times while sweeping the view (EVB_PERF_RUN). */
void         evb_canvas_start_perf_run   (EvbCanvas   *self,
                                          double       seconds);
/* When the process started, for "time to first frame" (set by main). */
extern gint64 evb_canvas_process_start;

G_END_DECLS
