/* evb-synthetic.h: deterministic synthetic boards for benchmarks and stress tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-board.h"

G_BEGIN_DECLS

/* A board of n_nodes nodes (one claim in five) with about 1.7 links a node,
 * laid out on a grid, with a few long links, and every field filled in.
 * The same seed gives the same board. Built without history. */
EvbBoard *evb_synthetic_board_new (guint   n_nodes,
                                   guint32 seed);

G_END_DECLS
