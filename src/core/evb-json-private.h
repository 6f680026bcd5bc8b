/* evb-json-private.h: the two readers behind evb_json_read_board, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-json.h"

G_BEGIN_DECLS

/* json-glib's tree after the checks for what it lets through: the
 * reference, and the one that gives every error message. */
EvbBoard *_evb_json_read_board_tree      (const char  *data,
                                          gsize        length,
                                          GError     **error);
/* One pass without a tree. NULL, without saying why, for every document
 * it cannot vouch to read exactly as the tree reader does (any error, and
 * some unusual but valid JSON). */
EvbBoard *_evb_json_read_board_streaming (const char  *data,
                                          gsize        length);

G_END_DECLS
