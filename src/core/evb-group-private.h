/* evb-group-private.h: what the board needs of groups (core-internal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-group.h"

G_BEGIN_DECLS

/* Both take ownership of data. Swapping returns the old data to the caller. */
EvbGroup     *_evb_group_new       (EvbGroupData *data);
EvbGroupData *_evb_group_swap_data (EvbGroup     *group,
                                    EvbGroupData *data);

G_END_DECLS
