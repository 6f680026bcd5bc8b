/* evb-cli-text.h: board text made safe for a terminal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Board text made safe to print: control characters as escapes (\n,
 * \x1b, \u009b), invalid UTF-8 as U+FFFD. (transfer full) */
char *evb_cli_escape_text         (const char *text);

G_END_DECLS
