/* evb-export-private.h: for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Writes an ARGB32 image surface as PNG to fd; FALSE with errno set if
 * writing failed (errno 0 for other failures). */
gboolean _evb_export_write_png (cairo_surface_t *surface,
                                int              fd);

G_END_DECLS
