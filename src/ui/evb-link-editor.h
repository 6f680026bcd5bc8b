/* evb-link-editor.h: the inspector's page for one link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-editor.h"

G_BEGIN_DECLS

#define EVB_TYPE_LINK_EDITOR (evb_link_editor_get_type ())

/**
 * EvbLinkEditor:
 *
 * Shown when one link and no card is selected: its relation, strength
 * and note.
 */
G_DECLARE_FINAL_TYPE (EvbLinkEditor, evb_link_editor, EVB, LINK_EDITOR, EvbEditor)

GtkWidget *evb_link_editor_new (void);

G_END_DECLS
