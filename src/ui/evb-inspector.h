/* evb-inspector.h: the sidebar that edits the selected cards or link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "evb-attachment.h"
#include "evb-board.h"

G_BEGIN_DECLS

#define EVB_TYPE_INSPECTOR (evb_inspector_get_type ())

G_DECLARE_FINAL_TYPE (EvbInspector, evb_inspector, EVB, INSPECTOR, AdwBin)

GtkWidget *evb_inspector_new                   (void);
void       evb_inspector_set_board             (EvbInspector        *self,
                                                EvbBoard            *board);
/* Node ids and link ids (char *); the inspector keeps copies. */
void       evb_inspector_set_selection         (EvbInspector        *self,
                                                GPtrArray           *node_ids,
                                                GPtrArray           *link_ids);
/* What the last check found of each attachment (node id → status), shown
 * beside the file. NULL: not checked yet. */
void       evb_inspector_set_attachment_status (EvbInspector        *self,
                                                GHashTable          *statuses);
/* Puts the keyboard focus on the first field. */
void       evb_inspector_focus                 (EvbInspector        *self);

G_END_DECLS
