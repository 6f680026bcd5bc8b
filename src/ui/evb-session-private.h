/* evb-session-private.h: what the session's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-session.h"

G_BEGIN_DECLS

/* The board's cancellable: cancelled when it closes. */
GCancellable *_evb_session_get_cancellable (EvbSession *self);

/* A session whose stored thumbnails were read already (in the thread that
 * opened its document): a table of SHA-256 → GdkTexture. */
EvbSession   *_evb_session_new_with_thumbnails (EvbDocument *document,
                                                GHashTable  *thumbnails);

G_END_DECLS
