/* evb-inspector.h: the sidebar that edits the selected cards or link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "evb-assessment.h"
#include "evb-attachment-state.h"
#include "evb-board.h"
#include "evb-selection.h"

G_BEGIN_DECLS

#define EVB_TYPE_INSPECTOR (evb_inspector_get_type ())

G_DECLARE_FINAL_TYPE (EvbInspector, evb_inspector, EVB, INSPECTOR, AdwBin)

GtkWidget *evb_inspector_new                   (void);
/* Edits board (NULL: nothing), following its one selection; shows what
 * attachments (may be NULL) knows of each file. Keeps references. */
void       evb_inspector_set_board             (EvbInspector        *self,
                                                EvbBoard            *board,
                                                EvbSelection        *selection,
                                                EvbAttachmentState  *attachments);
/* The board's assessment (NULL: none), explained on a claim's page. Keeps
 * a reference. */
void       evb_inspector_set_assessment        (EvbInspector        *self,
                                                EvbAssessment       *assessment);
/* The board's store, for when files kept in it were added. */
void       evb_inspector_set_store             (EvbInspector        *self,
                                                EvbStore            *store);
/* Puts the keyboard focus on the first field. */
void       evb_inspector_focus                 (EvbInspector        *self);

/**
 * evb_inspector_get_field:
 * @self: the inspector
 * @name: the id of a widget in one of the editors' templates, e.g.
 *   "reliability_row"
 *
 * For tests, which reach the fields by name whichever editor holds them.
 *
 * Returns: (transfer none) (nullable): the widget, or %NULL.
 */
GtkWidget *evb_inspector_get_field             (EvbInspector        *self,
                                                const char          *name);

G_END_DECLS
