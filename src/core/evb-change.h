/* evb-change.h: one recorded change inside a history transaction (core-internal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-group.h"
#include "evb-link.h"
#include "evb-node.h"

G_BEGIN_DECLS

typedef enum
{
  EVB_CHANGE_ADD_NODE,
  EVB_CHANGE_REMOVE_NODE,
  EVB_CHANGE_UPDATE_NODE,
  EVB_CHANGE_ADD_LINK,
  EVB_CHANGE_REMOVE_LINK,
  EVB_CHANGE_UPDATE_LINK,
  EVB_CHANGE_UPDATE_BOARD,
  EVB_CHANGE_ADD_GROUP,
  EVB_CHANGE_REMOVE_GROUP,
  EVB_CHANGE_UPDATE_GROUP,
} EvbChangeType;

/* A change holds the whole record before and after, so that undo is
 * applying the opposite change and the store writes whole rows. For adds
 * @before is NULL, for removes @after is NULL. @index is the drawing-order
 * position a removed item had, so undo puts it back where it was. For
 * board changes, the records are EvbBoardMeta; for group changes,
 * EvbGroupData (membership is part of the group's record). */
typedef struct
{
  char *title;
  char *description;
} EvbBoardMeta;

typedef struct
{
  EvbChangeType type;
  gpointer      before;
  gpointer      after;
  guint         index;
} EvbChange;

void          _evb_change_free        (EvbChange          *change);
EvbBoardMeta *_evb_board_meta_copy    (const EvbBoardMeta *meta);
void          _evb_board_meta_free    (EvbBoardMeta       *meta);

G_END_DECLS
