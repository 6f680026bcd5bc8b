/* evb-link.h: a supports or refutes link between two nodes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "evb-types.h"

G_BEGIN_DECLS

/*
 * Ownership: evb_link_data_new(), evb_link_data_copy() and
 * evb_link_dup_data() return (transfer full) records, freed with
 * evb_link_data_free() (or g_autoptr). Everything an EvbLink returns is
 * (transfer none): it belongs to the link and lives until the link next
 * changes. Links belong to their board.
 */

/**
 * EvbLinkData:
 *
 * Every field of a link. @from and @to are node ids; @note is %NULL when absent.
 */
typedef struct
{
  char        *id;
  char        *from;
  char        *to;
  EvbRelation  relation;
  EvbStrength  strength;
  char        *note;
} EvbLinkData;

#define EVB_TYPE_LINK_DATA (evb_link_data_get_type ())

GType        evb_link_data_get_type (void) G_GNUC_CONST;
EvbLinkData *evb_link_data_new      (const char        *from,
                                     const char        *to,
                                     EvbRelation        relation);
EvbLinkData *evb_link_data_copy     (const EvbLinkData *data);
void         evb_link_data_free     (EvbLinkData       *data);
gboolean     evb_link_data_equal    (const EvbLinkData *a,
                                     const EvbLinkData *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EvbLinkData, evb_link_data_free)

#define EVB_TYPE_LINK (evb_link_get_type ())

G_DECLARE_FINAL_TYPE (EvbLink, evb_link, EVB, LINK, GObject)

const EvbLinkData *evb_link_get_data     (EvbLink *link);
EvbLinkData       *evb_link_dup_data     (EvbLink *link);
const char        *evb_link_get_id       (EvbLink *link);
const char        *evb_link_get_from     (EvbLink *link);
const char        *evb_link_get_to       (EvbLink *link);
EvbRelation        evb_link_get_relation (EvbLink *link);
EvbStrength        evb_link_get_strength (EvbLink *link);
const char        *evb_link_get_note     (EvbLink *link);

G_END_DECLS
