/* evb-search.h: finding cards by what they say
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-board.h"

G_BEGIN_DECLS

/*
 * Ownership: evb_search_new() returns (transfer full) and keeps a reference
 * to the board; evb_search_find() returns (transfer full) an array that
 * holds a reference to each matching EvbNode;
 * evb_search_fold() returns (transfer full) a string to g_free().
 */

#define EVB_TYPE_SEARCH (evb_search_get_type ())

G_DECLARE_FINAL_TYPE (EvbSearch, evb_search, EVB, SEARCH, GObject)

EvbSearch *evb_search_new   (EvbBoard   *board);
/* The nodes whose title, body, source, claimant or tags hold every word of
 * query, ignoring case and accents, in reading order (top to bottom, then
 * left to right). An empty query finds nothing. */
GPtrArray *evb_search_find  (EvbSearch  *self,
                             const char *query);

/* Text as search compares it: decomposed, without accents, case-folded. */
char      *evb_search_fold  (const char *text);

G_END_DECLS
