/* evb-cards-editor.h: the inspector's page for several cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-editor.h"

G_BEGIN_DECLS

#define EVB_TYPE_CARDS_EDITOR (evb_cards_editor_get_type ())

/**
 * EvbCardsEditor:
 *
 * Shown when several cards are selected: a change of type, grade, tags
 * or colour applies to every one of them.
 */
G_DECLARE_FINAL_TYPE (EvbCardsEditor, evb_cards_editor, EVB, CARDS_EDITOR, EvbEditor)

GtkWidget *evb_cards_editor_new (void);

G_END_DECLS
