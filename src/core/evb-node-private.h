/* evb-node-private.h: what the board needs of nodes and links (core-internal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-link.h"
#include "evb-node.h"

G_BEGIN_DECLS

/* As g_utf8_validate_len(), NUL refused, quicker on ASCII. */
gboolean     _evb_text_is_utf8      (const char  *text,
                                     gsize        length);

/* What evb_node_data_new() and evb_link_data_new() give, in place, without
 * any string: a row read straight into a file fills in its own. */
void         _evb_node_data_init    (EvbNodeData *data,
                                     EvbNodeKind  kind);
void         _evb_link_data_init    (EvbLinkData *data,
                                     EvbRelation  relation);

/* Both take ownership of data. Swapping returns the old data to the caller. */
EvbNode     *_evb_node_new          (EvbNodeData *data);
EvbNodeData *_evb_node_swap_data    (EvbNode     *node,
                                     EvbNodeData *data);
void         _evb_node_add_link     (EvbNode     *node,
                                     EvbLink     *link);
void         _evb_node_remove_link  (EvbNode     *node,
                                     EvbLink     *link);

EvbLink     *_evb_link_new          (EvbLinkData *data);
EvbLinkData *_evb_link_swap_data    (EvbLink     *link,
                                     EvbLinkData *data);

G_END_DECLS
