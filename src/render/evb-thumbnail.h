/* evb-thumbnail.h: small PNG previews of image attachments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "evb-board.h"
#include "evb-store.h"

G_BEGIN_DECLS

/*
 * Ownership: evb_thumbnail_make_finish() returns (transfer full) PNG bytes;
 * evb_thumbnail_load_from_store() returns (transfer full) a table whose
 * textures it holds a reference to (g_hash_table_unref() frees it all).
 */

/* A good max_size for cards: sharp up to about 300 % zoom. */
#define EVB_THUMBNAIL_DEFAULT_SIZE 256

/* Images with more pixels than this are not previewed: decoding some
 * formats needs the whole image in memory (4 bytes a pixel). */
#define EVB_THUMBNAIL_MAX_SOURCE_PIXELS (100 * 1000 * 1000)

/* Decodes the image in file (a local file) in a GTask thread and returns
 * PNG bytes at most max_size pixels on the long side, never enlarged,
 * turned upright by its EXIF orientation. The image's size is read from
 * its header first, and an absurd one (over EVB_THUMBNAIL_MAX_SOURCE_PIXELS)
 * is refused with EVB_ERROR_LIMIT before anything is decoded; a file that
 * is no image gdk-pixbuf can read fails with EVB_ERROR_FORMAT. The result
 * fits evb_store_put_thumbnail's limits. */
void    evb_thumbnail_make_async  (GFile                *file,
                                   int                   max_size,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
GBytes *evb_thumbnail_make_finish (GAsyncResult         *result,
                                   GError              **error);

/* The thumbnails store holds for the attachments on board, decoded: a table
 * of SHA-256 (char *) → GdkTexture for evb_renderer_set_thumbnail or
 * EvbExportOptions. One the store refuses (too large, not a PNG) or that
 * does not decode is left out with a debug message: the card shows its
 * paperclip alone. Runs in this thread; stored thumbnails are small (a few
 * milliseconds for a hundred). */
GHashTable *evb_thumbnail_load_from_store (EvbStore *store,
                                           EvbBoard *board);

G_END_DECLS
