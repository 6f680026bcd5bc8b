/* evb-status-page.h: what a window shows without a board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define EVB_TYPE_STATUS_PAGE (evb_status_page_get_type ())

G_DECLARE_FINAL_TYPE (EvbStatusPage, evb_status_page, EVB, STATUS_PAGE, AdwBin)

/**
 * EvbStatusPage:
 *
 * New Board, Open Board, Open Sample Board (app.* actions) and the boards
 * opened last; activating one opens it in the application.
 */

/* Lists the recent boards again (the ones whose files still exist). */
void evb_status_page_refresh (EvbStatusPage *self);

/**
 * evb_status_page_remember:
 * @file: a board file the user opened
 * @title: (nullable): the board's title, shown in the list
 *
 * Adds @file to the recent boards, or moves it to the top, under @title
 * (the file's name when @title is empty).
 */
void evb_status_page_remember (GFile      *file,
                               const char *title);

G_END_DECLS
