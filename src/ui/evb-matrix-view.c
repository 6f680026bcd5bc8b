/* evb-matrix-view.c: the board as a matrix of competing hypotheses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The view shows an EvbMatrix snapshot. The board is the truth: any change
 * of it schedules one rebuild of the snapshot in an idle (an undo of a big
 * delete is a thousand signals). When the rows are the same items as
 * before, the rows' objects stay and their cells are told to show the new
 * snapshot, so the cell with the keyboard focus keeps it while the person
 * types C, I, N down a column; otherwise the list is replaced.
 *
 * The model: a GListStore of MatrixItem (one per evidence item, and a last
 * "footer" item that gives each column its inconsistency and likelihood),
 * sorted by the column view's sorter behind a sorter that keeps the footer
 * last, in a single selection that follows the board's selection. The
 * columns and their cells are in evb-matrix-cells.c.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-compat.h"
#include "evb-editing.h"
#include "evb-matrix-view-private.h"

G_DEFINE_FINAL_TYPE (MatrixItem, matrix_item, G_TYPE_OBJECT)

enum {
  ITEM_REFRESH,
  N_ITEM_SIGNALS
};

static guint item_signals[N_ITEM_SIGNALS];

static void
matrix_item_finalize (GObject *object)
{
  g_free (MATRIX_ITEM (object)->id);

  G_OBJECT_CLASS (matrix_item_parent_class)->finalize (object);
}

static void
matrix_item_class_init (MatrixItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = matrix_item_finalize;

  /* The snapshot changed: the cells showing this row show it again. */
  item_signals[ITEM_REFRESH] =
    g_signal_new ("refresh", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
matrix_item_init (MatrixItem *self)
{
}

static MatrixItem *
matrix_item_new (const char *id,
                 guint       row)
{
  MatrixItem *item = g_object_new (MATRIX_TYPE_ITEM, NULL);

  item->id = g_strdup (id);
  item->row = row;
  return item;
}

G_DEFINE_FINAL_TYPE (EvbMatrixView, evb_matrix_view, ADW_TYPE_BIN)

enum {
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_rebuild (EvbMatrixView *self);

/* Helpers */

const char *
_evb_matrix_view_node_title (EvbMatrixView *self,
                             const char    *id)
{
  EvbNode *node = self->board != NULL ? evb_board_get_node (self->board, id) : NULL;

  return node != NULL ? evb_node_get_title (node) : "";
}

void
_evb_matrix_view_set_cell (EvbMatrixView *self,
                           const char    *evidence_id,
                           const char    *claim_id,
                           EvbMatrixCell  cell)
{
  g_autoptr(GError) error = NULL;

  if (self->board == NULL)
    return;
  if (!evb_editing_set_cell (self->board, evidence_id, claim_id, cell, &error))
    g_signal_emit (self, signals[ERROR], 0, error);
}

static gboolean
same_hypotheses (EvbMatrixView *self,
                 EvbMatrix     *matrix)
{
  if (self->claim_ids->len != evb_matrix_get_n_hypotheses (matrix))
    return FALSE;
  for (guint i = 0; i < self->claim_ids->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (self->claim_ids, i), evb_matrix_get_hypothesis (matrix, i)) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
same_rows (EvbMatrixView *self,
           EvbMatrix     *matrix)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  /* The store holds the rows in the snapshot's order, then the footer. */
  if (n != evb_matrix_get_n_rows (matrix) + 1)
    return FALSE;
  for (guint i = 0; i + 1 < n; i++)
    {
      g_autoptr(MatrixItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (g_strcmp0 (item->id, evb_matrix_get_row (matrix, i)) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Selection: the board's and the view's follow each other */

static void
select_row_of_board (EvbMatrixView *self)
{
  GPtrArray *nodes = self->selection != NULL ? evb_selection_get_nodes (self->selection) : NULL;
  MatrixItem *wanted = NULL;
  guint position = GTK_INVALID_LIST_POSITION;
  guint n;

  if (nodes != NULL && nodes->len == 1)
    wanted = g_hash_table_lookup (self->items, g_ptr_array_index (nodes, 0));
  n = g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));
  for (guint i = 0; wanted != NULL && i < n; i++)
    {
      g_autoptr(MatrixItem) item = g_list_model_get_item (G_LIST_MODEL (self->sort_model), i);

      if (item == wanted)
        {
          position = i;
          break;
        }
    }
  if (gtk_single_selection_get_selected (self->selection_model) == position)
    return;
  self->syncing_selection = TRUE;
  gtk_single_selection_set_selected (self->selection_model, position);
  self->syncing_selection = FALSE;
}

static void
board_selection_changed_cb (EvbMatrixView *self)
{
  select_row_of_board (self);
}

static void
row_selected_cb (EvbMatrixView *self)
{
  MatrixItem *item = gtk_single_selection_get_selected_item (self->selection_model);

  if (self->syncing_selection || self->selection == NULL || item == NULL || item->id == NULL)
    return;
  if (!evb_selection_contains (self->selection, item->id) ||
      evb_selection_get_nodes (self->selection)->len != 1)
    evb_selection_select (self->selection, item->id, FALSE);
}

static void
select_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EvbMatrixView *self = EVB_MATRIX_VIEW (widget);

  if (self->selection != NULL)
    evb_selection_select (self->selection, g_variant_get_string (parameter, NULL), FALSE);
}

static void
set_cell_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  EvbMatrixView *self = EVB_MATRIX_VIEW (widget);
  const char *evidence_id, *claim_id, *value;
  EvbMatrixCell cell;

  g_variant_get (parameter, "(&s&s&s)", &evidence_id, &claim_id, &value);
  if (!evb_matrix_cell_from_string (value, &cell))
    return;
  _evb_matrix_view_set_cell (self, evidence_id, claim_id, cell);
}

/* GTK 4.8 tells nobody which column header was clicked; the header's
 * widget is found under the pointer. The click still sorts. */
static void
header_pressed_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   EvbMatrixView   *self)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  GtkWidget *title = picked;
  guint index = 0;
  g_autoptr(GtkColumnViewColumn) column = NULL;
  const char *claim_id;

  while (title != NULL && g_strcmp0 (G_OBJECT_TYPE_NAME (title), "GtkColumnViewTitle") != 0)
    title = gtk_widget_get_parent (title);
  if (title == NULL || self->selection == NULL)
    return;
  for (GtkWidget *w = gtk_widget_get_prev_sibling (title); w != NULL; w = gtk_widget_get_prev_sibling (w))
    index++;
  if (index >= g_list_model_get_n_items (columns))
    return;
  column = g_list_model_get_item (columns, index);
  claim_id = g_object_get_data (G_OBJECT (column), "evb-claim-id");
  if (claim_id != NULL)
    evb_selection_select (self->selection, claim_id, FALSE);
}

/* Sorting */

static int
footer_last (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  gboolean fa = ((const MatrixItem *) a)->id == NULL;
  gboolean fb = ((const MatrixItem *) b)->id == NULL;

  return fa - fb;
}

static int
compare_diagnosticity (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  EvbMatrixView *self = user_data;
  const MatrixItem *ia = a, *ib = b;
  double da, db;

  if (self->matrix == NULL || ia->id == NULL || ib->id == NULL)
    return 0;
  da = evb_matrix_get_diagnosticity (self->matrix, ia->row);
  db = evb_matrix_get_diagnosticity (self->matrix, ib->row);
  return (da > db) - (da < db);
}

static int
compare_title (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  EvbMatrixView *self = user_data;
  const MatrixItem *ia = a, *ib = b;

  if (ia->id == NULL || ib->id == NULL)
    return 0;
  return g_utf8_collate (_evb_matrix_view_node_title (self, ia->id), _evb_matrix_view_node_title (self, ib->id));
}

/* Rebuild */

static void
update_summary (EvbMatrixView *self)
{
  g_autofree char *rows = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *text = NULL;
  guint n_rows = evb_matrix_get_n_rows (self->matrix);
  guint n_columns = evb_matrix_get_n_hypotheses (self->matrix);
  guint n_evidence = evb_matrix_get_n_evidence (self->matrix);
  guint n_claims = evb_matrix_get_n_claims (self->matrix);

  if (n_claims == 0 || n_evidence == 0)
    {
      gtk_label_set_text (self->summary_label,
                          _("Add claims (the hypotheses) and evidence linked to them to weigh them here."));
      return;
    }
  text = evb_matrix_describe_scope (self->matrix);
  if (text != NULL)
    {
      if (n_rows > 0)
        {
          g_autofree char *sentence = g_steal_pointer (&text);

          text = g_strdup_printf ("%s %s", sentence, _("Select a cell and type C, I or N, or click it."));
        }
      gtk_label_set_text (self->summary_label, text);
      return;
    }
  if (n_columns == 0 || n_rows == 0)
    {
      gtk_label_set_text (self->summary_label,
                          _("Add claims (the hypotheses) and evidence linked to them to weigh them here."));
      return;
    }
  rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u evidence item", "%u evidence items", n_rows), n_rows);
  /* Translators: "17 evidence items against 3 hypotheses. …" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s against %u hypothesis. Select a cell and type C, I or N, or click it.",
                                       "%s against %u hypotheses. Select a cell and type C, I or N, or click it.",
                                       n_columns),
                          rows, n_columns);
  gtk_label_set_text (self->summary_label, text);
}

static void
rebuild (EvbMatrixView *self)
{
  gint64 start = g_get_monotonic_time ();
  EvbMatrix *matrix;
  guint n_rows;
  gboolean in_place;

  if (self->board == NULL)
    return;

  self->dirty = FALSE;
  matrix = evb_matrix_new_filtered (self->board, NULL, self->scope);
  n_rows = evb_matrix_get_n_rows (matrix);
  in_place = same_rows (self, matrix);

  if (!same_hypotheses (self, matrix))
    _evb_matrix_view_build_claim_columns (self, matrix);
  else
    _evb_matrix_view_update_claim_headers (self);

  if (in_place)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

      g_clear_pointer (&self->matrix, evb_matrix_free);
      self->matrix = matrix;
      /* Rows keep their places while cells are edited: the row under the
       * keyboard must not jump away. A click on a header sorts again. */
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(MatrixItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

          g_signal_emit (item, item_signals[ITEM_REFRESH], 0);
        }
    }
  else
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_full (n_rows + 1, g_object_unref);

      g_clear_pointer (&self->matrix, evb_matrix_free);
      self->matrix = matrix;
      g_hash_table_remove_all (self->items);
      for (guint i = 0; i < n_rows; i++)
        {
          MatrixItem *item = matrix_item_new (evb_matrix_get_row (matrix, i), i);

          g_hash_table_insert (self->items, item->id, item);
          g_ptr_array_add (items, item);
        }
      g_ptr_array_add (items, matrix_item_new (NULL, 0));
      g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                           items->pdata, items->len);
      select_row_of_board (self);
    }

  update_summary (self);
  self->rebuild_time = g_get_monotonic_time () - start;
  g_debug ("Matrix of %u × %u rebuilt in %.2f ms", n_rows, evb_matrix_get_n_hypotheses (matrix),
           self->rebuild_time / 1000.0);
}

static gboolean
rebuild_idle_cb (gpointer user_data)
{
  EvbMatrixView *self = user_data;

  self->rebuild_idle = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* Only a view on screen follows the board: a hidden one (the canvas is
 * shown) is rebuilt when it is shown again. */
static void
schedule_rebuild (EvbMatrixView *self)
{
  self->dirty = TRUE;
  if (self->rebuild_idle == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->rebuild_idle = g_idle_add_full (G_PRIORITY_DEFAULT, rebuild_idle_cb, self, NULL);
}

/* GtkWidget */

static void
evb_matrix_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  EvbMatrixView *self = EVB_MATRIX_VIEW (widget);

  GTK_WIDGET_CLASS (evb_matrix_view_parent_class)->size_allocate (widget, width, height, baseline);
  if (self->cell_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->cell_menu));
}

static void
evb_matrix_view_map (GtkWidget *widget)
{
  EvbMatrixView *self = EVB_MATRIX_VIEW (widget);

  GTK_WIDGET_CLASS (evb_matrix_view_parent_class)->map (widget);
  if (self->dirty)
    {
      g_clear_handle_id (&self->rebuild_idle, g_source_remove);
      rebuild (self);
    }
}

/* GObject */

static void
evb_matrix_view_dispose (GObject *object)
{
  EvbMatrixView *self = EVB_MATRIX_VIEW (object);

  evb_matrix_view_set_board (self, NULL, NULL, NULL);
  g_clear_handle_id (&self->rebuild_idle, g_source_remove);
  g_clear_handle_id (&self->focus_idle, g_source_remove);
  g_clear_weak_pointer (&self->menu_cell);
  g_clear_pointer (&self->cell_menu, gtk_widget_unparent);
  /* AdwBin unparents its child itself: it must not be left to the template too. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EVB_TYPE_MATRIX_VIEW);
  g_clear_object (&self->column_actions);

  G_OBJECT_CLASS (evb_matrix_view_parent_class)->dispose (object);
}

static void
evb_matrix_view_finalize (GObject *object)
{
  EvbMatrixView *self = EVB_MATRIX_VIEW (object);

  g_clear_pointer (&self->matrix, evb_matrix_free);
  g_clear_object (&self->selection_model);
  g_clear_object (&self->store);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->claim_columns, g_ptr_array_unref);
  g_clear_pointer (&self->claim_ids, g_ptr_array_unref);
  g_clear_pointer (&self->bound, g_ptr_array_unref);
  g_clear_pointer (&self->hidden, g_hash_table_unref);
  g_clear_pointer (&self->scope, g_hash_table_unref);
  g_clear_object (&self->title_sorter);
  g_clear_object (&self->diagnosticity_sorter);

  G_OBJECT_CLASS (evb_matrix_view_parent_class)->finalize (object);
}

static void
evb_matrix_view_class_init (EvbMatrixViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = evb_matrix_view_dispose;
  object_class->finalize = evb_matrix_view_finalize;
  widget_class->map = evb_matrix_view_map;
  widget_class->size_allocate = evb_matrix_view_size_allocate;

  /* An edit could not be made (the error says why). */
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/evidenceboard/EvidenceBoard/evb-matrix-view.ui");
  gtk_widget_class_bind_template_child (widget_class, EvbMatrixView, column_view);
  gtk_widget_class_bind_template_child (widget_class, EvbMatrixView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, EvbMatrixView, hypotheses_button);

  gtk_widget_class_install_action (widget_class, "matrix.set-cell", "(sss)", set_cell_action);
  gtk_widget_class_install_action (widget_class, "matrix.select", "s", select_action);
  gtk_widget_class_set_css_name (widget_class, "evb-matrix-view");
}

static void
evb_matrix_view_init (EvbMatrixView *self)
{
  g_autoptr(GtkMultiSorter) sorter = gtk_multi_sorter_new ();
  GtkColumnViewColumn *title, *grades, *diagnosticity;
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));
  evb_compat_name_mnemonic_buttons (GTK_WIDGET (self));

  self->items = g_hash_table_new (g_str_hash, g_str_equal);
  self->claim_columns = g_ptr_array_new ();
  self->claim_ids = g_ptr_array_new_with_free_func (g_free);
  self->bound = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  self->hidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->title_sorter = GTK_SORTER (gtk_custom_sorter_new (compare_title, self, NULL));
  self->diagnosticity_sorter = GTK_SORTER (gtk_custom_sorter_new (compare_diagnosticity, self, NULL));
  title = _evb_matrix_view_fixed_column_new (self, _("Evidence"), FIXED_TITLE, self->title_sorter);
  grades = _evb_matrix_view_fixed_column_new (self, _("Grades"), FIXED_GRADES, NULL);
  diagnosticity = _evb_matrix_view_fixed_column_new (self, _("Diagnosticity"), FIXED_DIAGNOSTICITY,
                                                     self->diagnosticity_sorter);
  gtk_column_view_append_column (self->column_view, title);
  gtk_column_view_append_column (self->column_view, grades);
  gtk_column_view_append_column (self->column_view, diagnosticity);
  g_object_unref (title);
  g_object_unref (grades);
  g_object_unref (diagnosticity);
  _evb_matrix_view_name_column_view (self);

  /* The footer stays last whichever way the rows are sorted. */
  self->store = g_list_store_new (MATRIX_TYPE_ITEM);
  gtk_multi_sorter_append (sorter, GTK_SORTER (gtk_custom_sorter_new (footer_last, NULL, NULL)));
  gtk_multi_sorter_append (sorter, g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                              GTK_SORTER (g_object_ref (sorter)));
  self->selection_model = gtk_single_selection_new (G_LIST_MODEL (self->sort_model));
  gtk_single_selection_set_autoselect (self->selection_model, FALSE);
  gtk_single_selection_set_can_unselect (self->selection_model, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection_model));
  g_signal_connect_swapped (self->selection_model, "notify::selected", G_CALLBACK (row_selected_cb), self);

  click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (header_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (click));

  gtk_column_view_sort_by_column (self->column_view, diagnosticity, GTK_SORT_DESCENDING);
}

/* Public API */

GtkWidget *
evb_matrix_view_new (void)
{
  return g_object_new (EVB_TYPE_MATRIX_VIEW, NULL);
}

void
evb_matrix_view_set_board (EvbMatrixView *self,
                           EvbBoard      *board,
                           EvbSelection  *selection,
                           EvbAssessment *assessment)
{
  static const char * const board_signals[] = {
    "node-changed", "node-removed", "node-added",
    "link-changed", "link-removed", "link-added",
    "changed",
  };

  g_return_if_fail (EVB_IS_MATRIX_VIEW (self));
  g_return_if_fail (board == NULL || EVB_IS_BOARD (board));
  g_return_if_fail (board == NULL || EVB_IS_SELECTION (selection));
  g_return_if_fail (assessment == NULL || EVB_IS_ASSESSMENT (assessment));

  if (self->board == board && self->assessment == assessment)
    return;

  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_handle_id (&self->rebuild_idle, g_source_remove);
  g_set_object (&self->board, board);
  if (board == NULL)
    {
      selection = NULL;
      assessment = NULL;
    }
  g_set_object (&self->selection, selection);
  g_set_object (&self->assessment, assessment);
  g_hash_table_remove_all (self->hidden);
  if (self->store == NULL)
    return;
  g_hash_table_remove_all (self->items);
  g_list_store_remove_all (self->store);
  _evb_matrix_view_remove_claim_columns (self);
  g_clear_pointer (&self->matrix, evb_matrix_free);

  if (board != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (board_signals); i++)
        g_signal_connect_swapped (board, board_signals[i], G_CALLBACK (schedule_rebuild), self);
      g_signal_connect_swapped (selection, "changed", G_CALLBACK (board_selection_changed_cb), self);
      schedule_rebuild (self);
    }
}

void
evb_matrix_view_set_scope (EvbMatrixView *self,
                           GHashTable    *matches)
{
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (EVB_IS_MATRIX_VIEW (self));

  /* The session's set lives until the board next changes; the rebuild
   * comes in an idle, after that change. */
  g_clear_pointer (&self->scope, g_hash_table_unref);
  if (matches != NULL)
    {
      self->scope = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_iter_init (&iter, matches);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (self->scope, g_strdup (key));
    }
  if (self->board != NULL)
    schedule_rebuild (self);
}

const char *
evb_matrix_view_get_cell_text (EvbMatrixView *self,
                               const char    *evidence_id,
                               const char    *claim_id)
{
  MatrixItem *item;
  GtkWidget *button;

  g_return_val_if_fail (EVB_IS_MATRIX_VIEW (self), NULL);

  item = g_hash_table_lookup (self->items, evidence_id);
  for (guint i = 0; item != NULL && i < self->claim_ids->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (self->claim_ids, i), claim_id) != 0)
        continue;
      button = g_hash_table_lookup (g_ptr_array_index (self->bound, i), item);
      return button != NULL ? gtk_label_get_text (GTK_LABEL (_evb_matrix_view_cell_label (button))) : NULL;
    }
  return NULL;
}

static gboolean
focus_first_cell (EvbMatrixView *self)
{
  guint position = gtk_single_selection_get_selected (self->selection_model);

  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;
  /* Showing the matrix leaves the board's selection as it is. */
  return _evb_matrix_view_focus_cell (self, position, _evb_matrix_view_next_column (self, -1, 1), FALSE);
}

static gboolean
focus_idle_cb (gpointer user_data)
{
  EvbMatrixView *self = user_data;

  self->focus_idle = 0;
  if (!focus_first_cell (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  return G_SOURCE_REMOVE;
}

void
evb_matrix_view_focus (EvbMatrixView *self)
{
  g_return_if_fail (EVB_IS_MATRIX_VIEW (self));

  if (self->dirty)
    rebuild (self);
  if (focus_first_cell (self))
    return;
  /* A view just shown has no cells until its first frame is laid out. */
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  if (self->focus_idle == 0)
    self->focus_idle = g_idle_add_full (G_PRIORITY_LOW, focus_idle_cb, self, NULL);
}

gint64
evb_matrix_view_get_rebuild_time (EvbMatrixView *self)
{
  g_return_val_if_fail (EVB_IS_MATRIX_VIEW (self), 0);
  return self->rebuild_time;
}
