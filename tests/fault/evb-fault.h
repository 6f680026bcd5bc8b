/* evb-fault.h: a full disk, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdint.h>

/* From now on only bytes more fit into files in dir (its subfolders
 * included); a negative bytes or a NULL dir lifts the limit. */
void evb_fault_set_enospc (const char *dir,
                           int64_t     bytes);
