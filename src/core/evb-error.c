/* evb-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "evb-error.h"

G_DEFINE_QUARK (evb-error-quark, evb_error)
