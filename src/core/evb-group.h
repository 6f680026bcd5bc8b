/* evb-group.h: a labelled frame around cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A group's frame is the union of its cards' bounds grown by
 * EVB_GROUP_PADDING on each side and by EVB_GROUP_LABEL_HEIGHT more at the
 * top, where the label sits. The renderer, hit-testing and the JSON Canvas
 * export all use these, so the frame is in the same place everywhere. */
#define EVB_GROUP_PADDING       20.0
#define EVB_GROUP_LABEL_HEIGHT  32.0
/* A collapsed group is one card of this size at the frame's top left. */
#define EVB_GROUP_COLLAPSED_WIDTH   240.0
#define EVB_GROUP_COLLAPSED_HEIGHT   72.0

/*
 * Ownership: evb_group_data_new(), evb_group_data_copy() and
 * evb_group_dup_data() return (transfer full) records, freed with
 * evb_group_data_free() (or g_autoptr). Everything an EvbGroup returns is
 * (transfer none): it belongs to the group and lives until the group next
 * changes. Groups belong to their board.
 */

/**
 * EvbGroupData:
 * @id: the group's id
 * @label: what the frame says; may be empty
 * @color: "#rrggbb", or %NULL for the board's neutral frame colour
 * @collapsed: drawn as one card in place of its members
 * @nodes: (array zero-terminated=1): the member node ids, never empty
 *   on a board; a node belongs to at most one group
 *
 * Every field of a group.
 */
typedef struct
{
  char      *id;
  char      *label;
  char      *color;
  gboolean   collapsed;
  char     **nodes;
} EvbGroupData;

#define EVB_TYPE_GROUP_DATA (evb_group_data_get_type ())

GType         evb_group_data_get_type  (void) G_GNUC_CONST;
/* @nodes: (array zero-terminated=1) (nullable): copied */
EvbGroupData *evb_group_data_new       (const char          *label,
                                        const char * const  *nodes);
EvbGroupData *evb_group_data_copy      (const EvbGroupData  *data);
void          evb_group_data_free      (EvbGroupData        *data);
gboolean      evb_group_data_equal     (const EvbGroupData  *a,
                                        const EvbGroupData  *b);
/* Whether @node_id is one of the members. */
gboolean      evb_group_data_has_node  (const EvbGroupData  *data,
                                        const char          *node_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EvbGroupData, evb_group_data_free)

#define EVB_TYPE_GROUP (evb_group_get_type ())

G_DECLARE_FINAL_TYPE (EvbGroup, evb_group, EVB, GROUP, GObject)

const EvbGroupData *evb_group_get_data      (EvbGroup   *group);
EvbGroupData       *evb_group_dup_data      (EvbGroup   *group);
const char         *evb_group_get_id        (EvbGroup   *group);
const char         *evb_group_get_label     (EvbGroup   *group);
/* (nullable): "#rrggbb" or %NULL */
const char         *evb_group_get_color     (EvbGroup   *group);
gboolean            evb_group_get_collapsed (EvbGroup   *group);
/* (array zero-terminated=1) (transfer none) */
const char * const *evb_group_get_nodes     (EvbGroup   *group);
guint               evb_group_get_n_nodes   (EvbGroup   *group);

G_END_DECLS
