/* evb-node.h: a claim or an evidence item on a board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "evb-types.h"

G_BEGIN_DECLS

/*
 * Ownership: evb_node_data_new(), evb_node_data_copy() and
 * evb_node_dup_data() return (transfer full) records, freed with
 * evb_node_data_free() (or g_autoptr). Everything an EvbNode returns,
 * evb_node_get_data() and evb_node_get_links() included, is (transfer none):
 * it belongs to the node and lives until the node next changes. Nodes
 * themselves belong to their board (evb_board_get_node()).
 */

/**
 * EvbNodeData:
 *
 * Every field of a node, as a plain struct that can be copied, compared and
 * edited. A node on a board is never edited in place: copy its data with
 * evb_node_dup_data(), change the copy, and hand it to evb_board_update_node(),
 * which validates it and records the change in the history.
 *
 * Optional strings are %NULL when absent (never ""); @reliability is '\0' and
 * @credibility 0 when not graded; @attachment_size is -1 when unknown;
 * @evidence_type is %EVB_EVIDENCE_TYPE_NONE for claims; @tags is never %NULL.
 * A @pinned card keeps its place when the board is laid out automatically.
 * An @attachment_embedded card's file is kept inside the board file, as the
 * blob whose SHA-256 is @attachment_sha256 (evb-store-blobs.h); @attachment_uri
 * then says where it came from.
 */
typedef struct
{
  char            *id;
  EvbNodeKind      kind;
  char            *title;
  char            *body;
  double           x;
  double           y;
  double           width;
  double           height;
  gboolean         pinned;
  char            *claimant;
  EvbEvidenceType  evidence_type;
  char            *source;
  char            *source_url;
  char             reliability;
  int              credibility;
  char            *occurred;
  char            *collected;
  GStrv            tags;
  char            *color;
  char            *attachment_uri;
  char            *attachment_sha256;
  gint64           attachment_size;
  char            *attachment_media_type;
  gboolean         attachment_embedded;
  char            *created;
  char            *modified;
} EvbNodeData;

#define EVB_NODE_DEFAULT_WIDTH  240.0
#define EVB_NODE_DEFAULT_HEIGHT 130.0
#define EVB_CLAIM_DEFAULT_WIDTH  260.0
#define EVB_CLAIM_DEFAULT_HEIGHT 150.0

#define EVB_TYPE_NODE_DATA (evb_node_data_get_type ())

GType        evb_node_data_get_type  (void) G_GNUC_CONST;
EvbNodeData *evb_node_data_new       (EvbNodeKind        kind);
EvbNodeData *evb_node_data_copy      (const EvbNodeData *data);
void         evb_node_data_free      (EvbNodeData       *data);
gboolean     evb_node_data_equal     (const EvbNodeData *a,
                                      const EvbNodeData *b);
gboolean     evb_node_data_validate  (const EvbNodeData *data,
                                      GError           **error);
/* Replaces *field with a copy of value, turning "" into NULL. */
void         evb_node_data_set_string (char            **field,
                                      const char        *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EvbNodeData, evb_node_data_free)

#define EVB_TYPE_NODE (evb_node_get_type ())

G_DECLARE_FINAL_TYPE (EvbNode, evb_node, EVB, NODE, GObject)

/* Read-only views. The returned pointers live as long as the node's data is unchanged. */
const EvbNodeData *evb_node_get_data          (EvbNode *node);
EvbNodeData       *evb_node_dup_data          (EvbNode *node);
const char        *evb_node_get_id            (EvbNode *node);
EvbNodeKind        evb_node_get_kind          (EvbNode *node);
const char        *evb_node_get_title         (EvbNode *node);
EvbEvidenceType    evb_node_get_evidence_type (EvbNode *node);
void               evb_node_get_bounds        (EvbNode *node,
                                               double  *x,
                                               double  *y,
                                               double  *width,
                                               double  *height);
/* The links that start or end at this node, in the order they were added. */
GPtrArray         *evb_node_get_links         (EvbNode *node);
/* For claims: how many links into this node support it, and how many refute it. */
void               evb_node_count_incoming    (EvbNode *node,
                                               guint   *n_supports,
                                               guint   *n_refutes);

G_END_DECLS
