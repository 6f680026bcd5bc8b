/* evb-board-editor.h: the inspector's page for the board itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-editor.h"

G_BEGIN_DECLS

#define EVB_TYPE_BOARD_EDITOR (evb_board_editor_get_type ())

/**
 * EvbBoardEditor:
 *
 * Shown when nothing is selected: the board's title and description, and
 * how many claims, evidence items and links it holds.
 */
G_DECLARE_FINAL_TYPE (EvbBoardEditor, evb_board_editor, EVB, BOARD_EDITOR, EvbEditor)

GtkWidget *evb_board_editor_new (void);

G_END_DECLS
