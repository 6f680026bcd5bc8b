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
 * last, in a single selection that follows the board's selection.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-editing.h"
#include "evb-matrix.h"
#include "evb-matrix-view.h"

/* MatrixItem: one row of the model */

#define MATRIX_TYPE_ITEM (matrix_item_get_type ())

G_DECLARE_FINAL_TYPE (MatrixItem, matrix_item, MATRIX, ITEM, GObject)

struct _MatrixItem
{
  GObject   parent_instance;

  char       *id;      /* the evidence item; NULL for the footer */
  guint       row;     /* its row in the view's snapshot */
};

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

/* EvbMatrixView */

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
  guint               focus_idle;

  /* Template widgets */
  GtkColumnView      *column_view;
  GtkLabel           *summary_label;
  GtkMenuButton      *hypotheses_button;
};

G_DEFINE_FINAL_TYPE (EvbMatrixView, evb_matrix_view, ADW_TYPE_BIN)

enum {
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_rebuild (EvbMatrixView *self);

/* Helpers */

static const char *
node_title (EvbMatrixView *self,
            const char    *id)
{
  EvbNode *node = self->board != NULL ? evb_board_get_node (self->board, id) : NULL;

  return node != NULL ? evb_node_get_title (node) : "";
}

/* Shading: diagnosticity in five steps, 0 (tells nothing) to 4. */
static const char * const diagnosticity_classes[] = {
  "evb-diagnosticity-0", "evb-diagnosticity-1", "evb-diagnosticity-2",
  "evb-diagnosticity-3", "evb-diagnosticity-4",
};

static guint
diagnosticity_step (double diagnosticity)
{
  return (guint) CLAMP (diagnosticity * 4 + 0.5, 0, 4);
}

static const char *
cell_description (EvbMatrixCell cell)
{
  switch (cell)
    {
    case EVB_MATRIX_CELL_CC:
      return _("very consistent");
    case EVB_MATRIX_CELL_C:
      return _("consistent");
    case EVB_MATRIX_CELL_I:
      return _("inconsistent");
    case EVB_MATRIX_CELL_II:
      return _("very inconsistent");
    case EVB_MATRIX_CELL_N:
    default:
      return _("no link");
    }
}

static const char * const cell_classes[] = {
  [EVB_MATRIX_CELL_N] = "evb-cell-n",
  [EVB_MATRIX_CELL_C] = "evb-cell-c",
  [EVB_MATRIX_CELL_CC] = "evb-cell-cc",
  [EVB_MATRIX_CELL_I] = "evb-cell-i",
  [EVB_MATRIX_CELL_II] = "evb-cell-ii",
};

/* The column view's row widget: the cell's parent's parent. GTK 4.8 has
 * no API to style a row from its item, and shading the row whole reads
 * better than shading each cell. */
static GtkWidget *
row_widget (GtkWidget *cell_child)
{
  GtkWidget *cell = gtk_widget_get_parent (cell_child);

  return cell != NULL ? gtk_widget_get_parent (cell) : NULL;
}

static void
shade_row (GtkWidget *cell_child,
           int        step)
{
  GtkWidget *row = row_widget (cell_child);

  if (row == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (diagnosticity_classes); i++)
    {
      if ((int) i == step)
        gtk_widget_add_css_class (row, diagnosticity_classes[i]);
      else
        gtk_widget_remove_css_class (row, diagnosticity_classes[i]);
    }
}

/* Fixed columns: title, grades, diagnosticity */

typedef enum
{
  FIXED_TITLE,
  FIXED_GRADES,
  FIXED_DIAGNOSTICITY,
} FixedColumn;

static void
show_fixed (EvbMatrixView *self,
            GtkLabel      *label,
            MatrixItem    *item,
            FixedColumn    which)
{
  g_autofree char *text = NULL;

  if (self->matrix == NULL)
    return;
  if (item->id == NULL)
    {
      if (which == FIXED_TITLE)
        {
          /* Translators: the matrix's last row: each hypothesis's inconsistency score and likelihood */
          gtk_label_set_text (label, _("Inconsistency and likelihood"));
          gtk_widget_set_tooltip_text (GTK_WIDGET (label),
                                       _("Heuer’s inconsistency score of each hypothesis (the lowest survives "
                                         "best), and how likely the board makes it"));
          gtk_widget_add_css_class (GTK_WIDGET (label), "heading");
          shade_row (GTK_WIDGET (label), -1);
        }
      else
        gtk_label_set_text (label, "");
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (label), "heading");
  switch (which)
    {
    case FIXED_TITLE:
      gtk_label_set_text (label, node_title (self, item->id));
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), node_title (self, item->id));
      shade_row (GTK_WIDGET (label), diagnosticity_step (evb_matrix_get_diagnosticity (self->matrix, item->row)));
      break;
    case FIXED_GRADES:
      {
        EvbNode *node = evb_board_get_node (self->board, item->id);
        const EvbNodeData *data = node != NULL ? evb_node_get_data (node) : NULL;
        char grades[8] = "—";

        if (data != NULL && (data->reliability != '\0' || data->credibility > 0))
          g_snprintf (grades, sizeof grades, "%c%c", data->reliability != '\0' ? data->reliability : '-',
                      data->credibility > 0 ? '0' + data->credibility : '-');
        gtk_label_set_text (label, grades);
      }
      break;
    case FIXED_DIAGNOSTICITY:
    default:
      text = g_strdup_printf ("%.2f", evb_matrix_get_diagnosticity (self->matrix, item->row));
      gtk_label_set_text (label, text);
      break;
    }
}

static void
fixed_refresh_cb (MatrixItem *item,
                  GtkLabel   *label)
{
  EvbMatrixView *self = g_object_get_data (G_OBJECT (label), "evb-view");

  show_fixed (self, label, item, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "evb-fixed")));
}

static void
fixed_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                EvbMatrixView            *self)
{
  FixedColumn which = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "evb-fixed"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), which == FIXED_TITLE ? 0 : 1);
  if (which == FIXED_TITLE)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 20);
    }
  else
    gtk_widget_add_css_class (label, "numeric");
  g_object_set_data (G_OBJECT (label), "evb-view", self);
  g_object_set_data (G_OBJECT (label), "evb-fixed", GINT_TO_POINTER (which));
  gtk_list_item_set_child (list_item, label);
}

static void
fixed_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               EvbMatrixView            *self)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  MatrixItem *item = gtk_list_item_get_item (list_item);

  g_signal_connect_object (item, "refresh", G_CALLBACK (fixed_refresh_cb), label, 0);
  fixed_refresh_cb (item, GTK_LABEL (label));
}

static void
fixed_unbind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 EvbMatrixView            *self)
{
  g_signal_handlers_disconnect_by_data (gtk_list_item_get_item (list_item), gtk_list_item_get_child (list_item));
}

static GtkColumnViewColumn *
fixed_column_new (EvbMatrixView *self,
                  const char    *title,
                  FixedColumn    which,
                  GtkSorter     *sorter)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "evb-fixed", GINT_TO_POINTER (which));
  g_signal_connect (factory, "setup", G_CALLBACK (fixed_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (fixed_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (fixed_unbind_cb), self);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, which == FIXED_TITLE);
  return column;
}

/* Claim columns: one cell button per evidence item */

static GtkWidget *
cell_label (GtkWidget *button)
{
  return gtk_button_get_child (GTK_BUTTON (button));
}

/* A cell's button shows one cell, or, in the footer row, its column's
 * inconsistency and likelihood. Showing a cell again after an edit
 * elsewhere changes nothing unless its value or a title changed: an edit
 * refreshes every cell on screen. */
static void
show_cell (EvbMatrixView *self,
           GtkWidget     *button)
{
  MatrixItem *item = g_object_get_data (G_OBJECT (button), "evb-item");
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "evb-column"));
  GtkLabel *label = GTK_LABEL (cell_label (button));
  const char *claim_id, *claim_title, *item_title;
  EvbMatrixCell cell;
  g_autofree char *description = NULL;

  if (self->matrix == NULL || item == NULL || column >= evb_matrix_get_n_hypotheses (self->matrix))
    return;
  claim_id = evb_matrix_get_hypothesis (self->matrix, column);

  if (item->id == NULL)
    {
      const EvbClaimAssessment *a = self->assessment != NULL ? evb_assessment_get (self->assessment, claim_id)
                                                             : NULL;
      g_autofree char *text = NULL;

      /* Translators: under a hypothesis: its inconsistency score, then its likelihood */
      text = g_strdup_printf (_("%.1f\n%s"), evb_matrix_get_inconsistency (self->matrix, column),
                              a != NULL && a->assessed ? evb_likelihood_get_label (a->likelihood)
                                                       : _("not assessed"));
      gtk_label_set_text (label, text);
      for (guint i = 0; i < G_N_ELEMENTS (cell_classes); i++)
        gtk_widget_remove_css_class (button, cell_classes[i]);
      gtk_widget_add_css_class (button, "evb-matrix-footer");
      gtk_widget_set_focusable (button, FALSE);
      gtk_widget_set_can_target (button, FALSE);
      gtk_widget_set_tooltip_text (button, NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
      g_object_set_data (G_OBJECT (button), "evb-shown-cell", NULL);
      return;
    }

  cell = evb_matrix_get_cell (self->matrix, item->row, column);
  item_title = node_title (self, item->id);
  claim_title = node_title (self, claim_id);
  if (g_object_get_data (G_OBJECT (button), "evb-shown-cell") == GINT_TO_POINTER (cell + 1) &&
      g_object_get_data (G_OBJECT (button), "evb-shown-item-title") == item_title &&
      g_object_get_data (G_OBJECT (button), "evb-shown-claim-title") == claim_title)
    return;
  g_object_set_data (G_OBJECT (button), "evb-shown-cell", GINT_TO_POINTER (cell + 1));
  g_object_set_data (G_OBJECT (button), "evb-shown-item-title", (gpointer) item_title);
  g_object_set_data (G_OBJECT (button), "evb-shown-claim-title", (gpointer) claim_title);

  gtk_widget_remove_css_class (button, "evb-matrix-footer");
  gtk_widget_set_focusable (button, TRUE);
  gtk_widget_set_can_target (button, TRUE);
  gtk_label_set_text (label, evb_matrix_cell_to_string (cell));
  for (guint i = 0; i < G_N_ELEMENTS (cell_classes); i++)
    {
      if (i != cell)
        gtk_widget_remove_css_class (button, cell_classes[i]);
    }
  gtk_widget_add_css_class (button, cell_classes[cell]);
  /* Translators: a cell of the matrix for a screen reader: item, hypothesis, what the item says of it */
  description = g_strdup_printf (_("%s; %s: %s"), item_title, claim_title, cell_description (cell));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  gtk_widget_set_tooltip_text (button, cell_description (cell));
}

static void
cell_refresh_cb (MatrixItem *item,
                 GtkWidget  *box)
{
  show_cell (g_object_get_data (G_OBJECT (box), "evb-view"), box);
}

static void
set_cell (EvbMatrixView *self,
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

static void
select_position (EvbMatrixView *self,
                 guint          position)
{
  if (gtk_single_selection_get_selected (self->selection_model) != position)
    gtk_single_selection_set_selected (self->selection_model, position);
}

static GMenuModel *
cell_menu (EvbMatrixView *self,
           GtkWidget     *box)
{
  MatrixItem *item = g_object_get_data (G_OBJECT (box), "evb-item");
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (box), "evb-column"));
  static const EvbMatrixCell order[] = {
    EVB_MATRIX_CELL_CC, EVB_MATRIX_CELL_C, EVB_MATRIX_CELL_N, EVB_MATRIX_CELL_I, EVB_MATRIX_CELL_II,
  };
  GMenu *menu;

  if (item == NULL || item->id == NULL || column >= self->claim_ids->len)
    return NULL;
  menu = g_menu_new ();
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const char *value = evb_matrix_cell_to_string (order[i]);
      g_autofree char *label = g_strdup_printf ("%s — %s", value, cell_description (order[i]));
      g_autoptr(GMenuItem) menu_item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (menu_item, "matrix.set-cell", "(sss)", item->id,
                                         (const char *) g_ptr_array_index (self->claim_ids, column), value);
      g_menu_append_item (menu, menu_item);
    }
  return G_MENU_MODEL (menu);
}

/* One menu for every cell, pointing at the cell clicked: a menu button
 * in each of 20,000 cells costs too much to make while scrolling, and a
 * popover moved from widget to widget upsets GTK 4.8. */
static void
menu_closed_cb (EvbMatrixView *self)
{
  /* The keyboard goes on from the cell the menu was for. */
  if (self->menu_cell != NULL)
    gtk_widget_grab_focus (self->menu_cell);
}

static void
cell_clicked_cb (GtkButton *button,
                 GtkWidget *box)
{
  EvbMatrixView *self = g_object_get_data (G_OBJECT (box), "evb-view");
  g_autoptr(GMenuModel) menu = cell_menu (self, box);
  graphene_rect_t bounds;

  if (menu == NULL || !gtk_widget_compute_bounds (GTK_WIDGET (button), GTK_WIDGET (self), &bounds))
    return;
  select_position (self, gtk_list_item_get_position (g_object_get_data (G_OBJECT (box), "evb-list-item")));
  if (self->cell_menu == NULL)
    {
      self->cell_menu = gtk_popover_menu_new_from_model (NULL);
      gtk_widget_set_parent (self->cell_menu, GTK_WIDGET (self));
      g_signal_connect_swapped (self->cell_menu, "closed", G_CALLBACK (menu_closed_cb), self);
    }
  g_set_weak_pointer (&self->menu_cell, GTK_WIDGET (button));
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->cell_menu), menu);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->cell_menu),
                               &(GdkRectangle) { bounds.origin.x, bounds.origin.y,
                                                 bounds.size.width, bounds.size.height });
  gtk_popover_popup (GTK_POPOVER (self->cell_menu));
}

/* The next visible claim column from column, in direction step (±1). */
static int
next_column (EvbMatrixView *self,
             int            column,
             int            step)
{
  for (int i = column + step; i >= 0 && i < (int) self->claim_columns->len; i += step)
    {
      if (gtk_column_view_column_get_visible (g_ptr_array_index (self->claim_columns, i)))
        return i;
    }
  return -1;
}

/* Moves the keyboard to a cell; with select, its row becomes the selected
 * row (and its card the board's selection), as a click makes it. */
static gboolean
focus_cell (EvbMatrixView *self,
            guint          position,
            int            column,
            gboolean       select)
{
  g_autoptr(MatrixItem) item = NULL;
  GtkWidget *button;

  if (column < 0 || position >= g_list_model_get_n_items (G_LIST_MODEL (self->sort_model)))
    return FALSE;
  item = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);
  if (item->id == NULL)
    return FALSE;
  button = g_hash_table_lookup (g_ptr_array_index (self->bound, column), item);
  if (button == NULL || !gtk_widget_grab_focus (button))
    return FALSE;
  if (select)
    select_position (self, position);
  return TRUE;
}

static gboolean
cell_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkWidget             *box)
{
  EvbMatrixView *self = g_object_get_data (G_OBJECT (box), "evb-view");
  MatrixItem *item = g_object_get_data (G_OBJECT (box), "evb-item");
  GtkListItem *list_item = g_object_get_data (G_OBJECT (box), "evb-list-item");
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (box), "evb-column"));
  guint position = gtk_list_item_get_position (list_item);
  EvbMatrixCell cell;

  if (item == NULL || item->id == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_c:
      cell = EVB_MATRIX_CELL_C;
      break;
    case GDK_KEY_C:
      cell = EVB_MATRIX_CELL_CC;
      break;
    case GDK_KEY_i:
      cell = EVB_MATRIX_CELL_I;
      break;
    case GDK_KEY_I:
      cell = EVB_MATRIX_CELL_II;
      break;
    case GDK_KEY_n:
    case GDK_KEY_N:
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
    case GDK_KEY_BackSpace:
      cell = EVB_MATRIX_CELL_N;
      break;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      return focus_cell (self, position, next_column (self, column, -1), TRUE);
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      return focus_cell (self, position, next_column (self, column, 1), TRUE);
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      return position > 0 && focus_cell (self, position - 1, column, TRUE);
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      return focus_cell (self, position + 1, column, TRUE);
    default:
      return FALSE;
    }
  set_cell (self, item->id, g_ptr_array_index (self->claim_ids, column), cell);
  return TRUE;
}

static void
claim_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                EvbMatrixView            *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "evb-column"));
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new (NULL);
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "evb-matrix-cell");
  gtk_widget_set_hexpand (button, TRUE);
  g_signal_connect (button, "clicked", G_CALLBACK (cell_clicked_cb), button);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (cell_key_pressed_cb), button);
  gtk_widget_add_controller (button, keys);

  g_object_set_data (G_OBJECT (button), "evb-view", self);
  g_object_set_data (G_OBJECT (button), "evb-button", button);
  g_object_set_data (G_OBJECT (button), "evb-list-item", list_item);
  g_object_set_data (G_OBJECT (button), "evb-column", GUINT_TO_POINTER (column));
  gtk_list_item_set_child (list_item, button);
  /* The button, not the row, takes the focus: the arrows move between cells. */
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
claim_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               EvbMatrixView            *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  MatrixItem *item = gtk_list_item_get_item (list_item);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (box), "evb-column"));

  g_object_set_data (G_OBJECT (box), "evb-item", item);
  if (column < self->bound->len)
    g_hash_table_insert (g_ptr_array_index (self->bound, column), item,
                         g_object_get_data (G_OBJECT (box), "evb-button"));
  g_signal_connect_object (item, "refresh", G_CALLBACK (cell_refresh_cb), box, 0);
  show_cell (self, box);
}

static void
claim_unbind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 EvbMatrixView            *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  MatrixItem *item = gtk_list_item_get_item (list_item);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (box), "evb-column"));

  g_signal_handlers_disconnect_by_data (item, box);
  if (column < self->bound->len)
    {
      GHashTable *bound = g_ptr_array_index (self->bound, column);

      if (g_hash_table_lookup (bound, item) == g_object_get_data (G_OBJECT (box), "evb-button"))
        g_hash_table_remove (bound, item);
    }
  g_object_set_data (G_OBJECT (box), "evb-item", NULL);
}

/* Hypotheses: columns and the menu that hides them */

static void
column_visible_cb (GSimpleAction *action,
                   GVariant      *state,
                   gpointer       user_data)
{
  EvbMatrixView *self = user_data;
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (action), "evb-column"));
  const char *claim_id;
  gboolean visible = g_variant_get_boolean (state);

  if (column >= self->claim_ids->len)
    return;
  claim_id = g_ptr_array_index (self->claim_ids, column);
  g_simple_action_set_state (action, state);
  if (visible)
    g_hash_table_remove (self->hidden, claim_id);
  else
    g_hash_table_add (self->hidden, g_strdup (claim_id));
  gtk_column_view_column_set_visible (g_ptr_array_index (self->claim_columns, column), visible);
}

static void
remove_claim_columns (EvbMatrixView *self)
{
  for (guint i = 0; i < self->claim_columns->len; i++)
    gtk_column_view_remove_column (self->column_view, g_ptr_array_index (self->claim_columns, i));
  g_ptr_array_set_size (self->claim_columns, 0);
  g_ptr_array_set_size (self->claim_ids, 0);
  g_ptr_array_set_size (self->bound, 0);
}

static void
build_claim_columns (EvbMatrixView *self,
                     EvbMatrix     *matrix)
{
  g_autoptr(GMenu) menu = g_menu_new ();

  remove_claim_columns (self);
  g_clear_object (&self->column_actions);
  self->column_actions = g_simple_action_group_new ();

  for (guint i = 0; i < evb_matrix_get_n_hypotheses (matrix); i++)
    {
      const char *claim_id = evb_matrix_get_hypothesis (matrix, i);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      gboolean visible = !g_hash_table_contains (self->hidden, claim_id);
      g_autoptr(GSimpleAction) action = NULL;
      g_autofree char *name = g_strdup_printf ("hypothesis-%u", i);
      g_autofree char *detailed = g_strdup_printf ("matrix-columns.%s", name);

      g_object_set_data (G_OBJECT (factory), "evb-column", GUINT_TO_POINTER (i));
      g_signal_connect (factory, "setup", G_CALLBACK (claim_setup_cb), self);
      g_signal_connect (factory, "bind", G_CALLBACK (claim_bind_cb), self);
      g_signal_connect (factory, "unbind", G_CALLBACK (claim_unbind_cb), self);
      column = gtk_column_view_column_new (node_title (self, claim_id), factory);
      gtk_column_view_column_set_fixed_width (column, 170);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_visible (column, visible);
      g_object_set_data_full (G_OBJECT (column), "evb-claim-id", g_strdup (claim_id), g_free);
      gtk_column_view_append_column (self->column_view, column);
      g_ptr_array_add (self->claim_columns, column);
      g_ptr_array_add (self->claim_ids, g_strdup (claim_id));
      g_ptr_array_add (self->bound, g_hash_table_new (NULL, NULL));

      action = g_simple_action_new_stateful (name, NULL, g_variant_new_boolean (visible));
      g_object_set_data (G_OBJECT (action), "evb-column", GUINT_TO_POINTER (i));
      g_signal_connect (action, "change-state", G_CALLBACK (column_visible_cb), self);
      g_action_map_add_action (G_ACTION_MAP (self->column_actions), G_ACTION (action));
      g_menu_append (menu, node_title (self, claim_id), detailed);
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "matrix-columns", G_ACTION_GROUP (self->column_actions));
  gtk_menu_button_set_menu_model (self->hypotheses_button, G_MENU_MODEL (menu));
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
  set_cell (self, evidence_id, claim_id, cell);
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
  return g_utf8_collate (node_title (self, ia->id), node_title (self, ib->id));
}

/* Rebuild */

static void
update_summary (EvbMatrixView *self)
{
  g_autofree char *rows = NULL;
  g_autofree char *text = NULL;
  guint n_rows = evb_matrix_get_n_rows (self->matrix);
  guint n_columns = evb_matrix_get_n_hypotheses (self->matrix);

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
  matrix = evb_matrix_new (self->board, NULL);
  n_rows = evb_matrix_get_n_rows (matrix);
  in_place = same_rows (self, matrix);

  if (!same_hypotheses (self, matrix))
    build_claim_columns (self, matrix);
  else
    {
      for (guint i = 0; i < self->claim_columns->len; i++)
        gtk_column_view_column_set_title (g_ptr_array_index (self->claim_columns, i),
                                          node_title (self, g_ptr_array_index (self->claim_ids, i)));
    }

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

  self->items = g_hash_table_new (g_str_hash, g_str_equal);
  self->claim_columns = g_ptr_array_new ();
  self->claim_ids = g_ptr_array_new_with_free_func (g_free);
  self->bound = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  self->hidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->title_sorter = GTK_SORTER (gtk_custom_sorter_new (compare_title, self, NULL));
  self->diagnosticity_sorter = GTK_SORTER (gtk_custom_sorter_new (compare_diagnosticity, self, NULL));
  title = fixed_column_new (self, _("Evidence"), FIXED_TITLE, self->title_sorter);
  grades = fixed_column_new (self, _("Grades"), FIXED_GRADES, NULL);
  diagnosticity = fixed_column_new (self, _("Diagnosticity"), FIXED_DIAGNOSTICITY, self->diagnosticity_sorter);
  gtk_column_view_append_column (self->column_view, title);
  gtk_column_view_append_column (self->column_view, grades);
  gtk_column_view_append_column (self->column_view, diagnosticity);
  g_object_unref (title);
  g_object_unref (grades);
  g_object_unref (diagnosticity);

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
  remove_claim_columns (self);
  g_clear_pointer (&self->matrix, evb_matrix_free);

  if (board != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (board_signals); i++)
        g_signal_connect_swapped (board, board_signals[i], G_CALLBACK (schedule_rebuild), self);
      g_signal_connect_swapped (selection, "changed", G_CALLBACK (board_selection_changed_cb), self);
      schedule_rebuild (self);
    }
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
      return button != NULL ? gtk_label_get_text (GTK_LABEL (cell_label (button))) : NULL;
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
  return focus_cell (self, position, next_column (self, -1, 1), FALSE);
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
