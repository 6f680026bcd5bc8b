/* evb-matrix-view-private.h: what the matrix view's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "evb-matrix.h"
#include "evb-matrix-view.h"

G_BEGIN_DECLS

/* MatrixItem: one row of the model; its "refresh" signal tells the cells
 * showing it that the snapshot changed. */

#define MATRIX_TYPE_ITEM (matrix_item_get_type ())

G_DECLARE_FINAL_TYPE (MatrixItem, matrix_item, MATRIX, ITEM, GObject)

struct _MatrixItem
{
  GObject   parent_instance;

  char       *id;      /* the evidence item; NULL for the footer */
  guint       row;     /* its row in the view's snapshot */
};

struct _EvbMatrixView
{
  AdwBin              parent_instance;

  EvbBoard           *board;
  EvbSelection       *selection;
  EvbAssessment      *assessment;
  EvbMatrix          *matrix;
  guint               rebuild_idle;
  gint64              rebuild_time;
  gboolean            syncing_selection;

  GListStore         *store;
  GtkSortListModel   *sort_model;
  GtkSingleSelection *selection_model;
  GHashTable         *items;          /* evidence id → MatrixItem (in store) */
  GtkSorter          *title_sorter;
  GtkSorter          *diagnosticity_sorter;

  /* One per claim, in the board's order (the snapshot's columns). */
  GPtrArray          *claim_columns;  /* GtkColumnViewColumn */
  GPtrArray          *claim_ids;      /* char * */
  GPtrArray          *bound;          /* per column: GHashTable MatrixItem → cell button */
  GHashTable         *hidden;         /* claim ids the person hid */
  GSimpleActionGroup *column_actions;
  GtkWidget          *cell_menu;      /* the cells' menu, a child of the view */
  GtkWidget          *menu_cell;      /* (weak) the cell it is for */
  gboolean            dirty;          /* the snapshot is older than the board */
  GHashTable         *scope;          /* the filter's matches (ids, copied); NULL = all */
  guint               focus_idle;

  /* Template widgets */
  GtkColumnView      *column_view;
  GtkLabel           *summary_label;
  GtkMenuButton      *hypotheses_button;
};

typedef enum
{
  FIXED_TITLE,
  FIXED_GRADES,
  FIXED_DIAGNOSTICITY,
} FixedColumn;

/* evb-matrix-view.c */
const char          *_evb_matrix_view_node_title           (EvbMatrixView *self,
                                                            const char    *id);
/* One undo step; emits `error` when the edit cannot be made. */
void                 _evb_matrix_view_set_cell             (EvbMatrixView *self,
                                                            const char    *evidence_id,
                                                            const char    *claim_id,
                                                            EvbMatrixCell  cell);

/* evb-matrix-cells.c: the columns and their cells */
GtkColumnViewColumn *_evb_matrix_view_fixed_column_new     (EvbMatrixView *self,
                                                            const char    *title,
                                                            FixedColumn    which,
                                                            GtkSorter     *sorter);
void                 _evb_matrix_view_build_claim_columns  (EvbMatrixView *self,
                                                            EvbMatrix     *matrix);
void                 _evb_matrix_view_remove_claim_columns (EvbMatrixView *self);
/* Names the header row, the rows' list and the fixed columns' headers
 * for screen readers (GTK 4.8 names them after their classes). */
void                 _evb_matrix_view_name_column_view     (EvbMatrixView *self);
/* Shows each claim's title again in its column's header (wrapped). */
void                 _evb_matrix_view_update_claim_headers (EvbMatrixView *self);
GtkWidget           *_evb_matrix_view_cell_label           (GtkWidget     *button);
int                  _evb_matrix_view_next_column          (EvbMatrixView *self,
                                                            int            column,
                                                            int            step);
gboolean             _evb_matrix_view_focus_cell           (EvbMatrixView *self,
                                                            guint          position,
                                                            int            column,
                                                            gboolean       select);

G_END_DECLS
