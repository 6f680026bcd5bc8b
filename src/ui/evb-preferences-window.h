/* evb-preferences-window.h: the Preferences window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define EVB_TYPE_PREFERENCES_WINDOW (evb_preferences_window_get_type ())

/**
 * EvbPreferencesWindow:
 *
 * The application's settings that are no board's: for now, the largest
 * file that attaching keeps inside the board (the `embed-size-limit` key).
 */
G_DECLARE_FINAL_TYPE (EvbPreferencesWindow, evb_preferences_window, EVB, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/**
 * evb_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer full): a new Preferences window
 */
GtkWidget *evb_preferences_window_new (GtkWindow *parent);

G_END_DECLS
