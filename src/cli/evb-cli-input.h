/* evb-cli-input.h: reading the file a command imports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Inputs are refused above this size. */
#define EVB_CLI_MAX_INPUT_SIZE (G_GUINT64_CONSTANT (1) << 30)

/* The whole of the regular file at path, NUL-terminated after its last
 * byte (not counted in the size); NULL with error set when it is no regular
 * file, cannot be read, or is larger than EVB_CLI_MAX_INPUT_SIZE. */
GBytes   *evb_cli_read_input    (const char  *path,
                                 GError     **error);

/* Whether a file read by evb_cli_read_input() shrank while its bytes were
 * in use: what was read of it since is zeros, and whatever the command
 * made of them must not stand. */
gboolean  evb_cli_input_changed (void);

G_END_DECLS
