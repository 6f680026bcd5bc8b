/* evb-session-private.h: what the session's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-session.h"

G_BEGIN_DECLS

/* The board's cancellable: cancelled when it closes. */
GCancellable *_evb_session_get_cancellable (EvbSession *self);

G_END_DECLS
