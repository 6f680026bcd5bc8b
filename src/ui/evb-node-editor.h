/* evb-node-editor.h: the inspector's page for one card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-assessment.h"
#include "evb-editor.h"
#include "evb-store.h"

G_BEGIN_DECLS

#define EVB_TYPE_NODE_EDITOR (evb_node_editor_get_type ())

/**
 * EvbNodeEditor:
 *
 * Shown when one card is selected: every field of it, its tags, colour
 * and attachment; for a claim, its assessment explained (likelihood,
 * confidence, why, linchpin). Installs the actions inspector.open-url,
 * inspector.remove-attachment and inspector.copy-sha256.
 */
G_DECLARE_FINAL_TYPE (EvbNodeEditor, evb_node_editor, EVB, NODE_EDITOR, EvbEditor)

GtkWidget *evb_node_editor_new            (void);
/* The board's assessment (NULL: none): a claim's page explains it and
 * follows its changes. Keeps a reference. */
void       evb_node_editor_set_assessment (EvbNodeEditor *self,
                                           EvbAssessment *assessment);

/* The board's store (NULL: none), which says when a file kept in the
 * board was added. Keeps a reference. */
void       evb_node_editor_set_store      (EvbNodeEditor *self,
                                           EvbStore      *store);

G_END_DECLS
