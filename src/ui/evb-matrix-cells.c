/* evb-matrix-cells.c: the matrix view's columns and their cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fixed columns (title, grades, diagnosticity) and one column per
 * claim. A claim's cell is a flat button: a click opens the view's one
 * menu of the five values, and the keys move and set (see
 * evb-matrix-view.h). Each cell listens to its row's "refresh" and shows
 * the snapshot again, touching its widgets only when what it shows
 * changed: an edit refreshes every cell on screen.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "evb-matrix-view-private.h"

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

/* What a cell says of its hypothesis, for a screen reader: "Consistent
 * with Kyiv did not attack the residence". */
static char *
cell_verdict (EvbMatrixCell  cell,
              const char    *claim_title)
{
  switch (cell)
    {
    case EVB_MATRIX_CELL_CC:
      /* Translators: a matrix cell for a screen reader; %s is a hypothesis (a claim's title) */
      return g_strdup_printf (_("Very consistent with %s"), claim_title);
    case EVB_MATRIX_CELL_C:
      /* Translators: a matrix cell for a screen reader; %s is a hypothesis (a claim's title) */
      return g_strdup_printf (_("Consistent with %s"), claim_title);
    case EVB_MATRIX_CELL_I:
      /* Translators: a matrix cell for a screen reader; %s is a hypothesis (a claim's title) */
      return g_strdup_printf (_("Inconsistent with %s"), claim_title);
    case EVB_MATRIX_CELL_II:
      /* Translators: a matrix cell for a screen reader; %s is a hypothesis (a claim's title) */
      return g_strdup_printf (_("Very inconsistent with %s"), claim_title);
    case EVB_MATRIX_CELL_N:
    default:
      /* Translators: a matrix cell for a screen reader; %s is a hypothesis (a claim's title) */
      return g_strdup_printf (_("No link to %s"), claim_title);
    }
}

/* GTK 4.8's column view names its rows and cells after their classes
 * ("GtkListItemWidget", "GtkColumnViewCell"), which is all a screen
 * reader would say of them, and has no API to name them. They are
 * public GtkAccessibles all the same: a cell's child names its cell
 * (its parent) and, in the title column, its row (the cell's parent),
 * each time it shows an item, since rows and cells are recycled. Nor
 * does GTK 4.8 give the table AT-SPI's Table interface, through which a
 * screen reader would say a cell's column header: each claim's cell says
 * its hypothesis itself. */
static void
name_accessible (GtkWidget  *widget,
                 const char *name)
{
  if (widget != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
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
          /* Cut off, "Inconsistency and like…" named neither: the row's
           * cells hold two lines already, and the label takes them. */
          gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_NONE);
          gtk_label_set_wrap (label, TRUE);
          shade_row (GTK_WIDGET (label), -1);
          name_accessible (gtk_widget_get_parent (GTK_WIDGET (label)), gtk_label_get_text (label));
          name_accessible (row_widget (GTK_WIDGET (label)), gtk_label_get_text (label));
        }
      else
        {
          /* An empty label would be read as "GtkLabel". */
          gtk_label_set_text (label, "");
          gtk_accessible_update_state (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
          name_accessible (gtk_widget_get_parent (GTK_WIDGET (label)), "");
        }
      return;
    }

  gtk_accessible_update_state (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_STATE_HIDDEN, FALSE, -1);
  gtk_widget_remove_css_class (GTK_WIDGET (label), "heading");
  /* A label that showed the last row may show an item now. */
  if (which == FIXED_TITLE)
    {
      gtk_label_set_wrap (label, FALSE);
      gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
    }
  switch (which)
    {
    case FIXED_TITLE:
      gtk_label_set_text (label, _evb_matrix_view_node_title (self, item->id));
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), _evb_matrix_view_node_title (self, item->id));
      shade_row (GTK_WIDGET (label), diagnosticity_step (evb_matrix_get_diagnosticity (self->matrix, item->row)));
      name_accessible (gtk_widget_get_parent (GTK_WIDGET (label)), gtk_label_get_text (label));
      name_accessible (row_widget (GTK_WIDGET (label)), gtk_label_get_text (label));
      break;
    case FIXED_GRADES:
      {
        EvbNode *node = evb_board_get_node (self->board, item->id);
        const EvbNodeData *data = node != NULL ? evb_node_get_data (node) : NULL;
        char grades[8] = "—";

        if (data != NULL && (data->reliability != '\0' || data->credibility > 0))
          {
            g_snprintf (grades, sizeof grades, "%c%c", data->reliability != '\0' ? data->reliability : '-',
                        data->credibility > 0 ? '0' + data->credibility : '-');
            /* Translators: a matrix cell for a screen reader: an item's grades, e.g. "Grades B2" */
            text = g_strdup_printf (_("Grades %s"), grades);
          }
        else
          text = g_strdup (_("Not graded"));
        gtk_label_set_text (label, grades);
        name_accessible (gtk_widget_get_parent (GTK_WIDGET (label)), text);
      }
      break;
    case FIXED_DIAGNOSTICITY:
    default:
      {
        g_autofree char *spoken = NULL;

        text = g_strdup_printf ("%.2f", evb_matrix_get_diagnosticity (self->matrix, item->row));
        gtk_label_set_text (label, text);
        /* Translators: a matrix cell for a screen reader, e.g. "Diagnosticity 0.75" */
        spoken = g_strdup_printf (_("Diagnosticity %s"), text);
        name_accessible (gtk_widget_get_parent (GTK_WIDGET (label)), spoken);
      }
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
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
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

GtkColumnViewColumn *
_evb_matrix_view_fixed_column_new (EvbMatrixView *self,
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

GtkWidget *
_evb_matrix_view_cell_label (GtkWidget *button)
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
  GtkLabel *label = GTK_LABEL (_evb_matrix_view_cell_label (button));
  const char *claim_id, *claim_title, *item_title;
  EvbMatrixCell cell;
  g_autofree char *description = NULL;

  if (self->matrix == NULL || item == NULL || column >= evb_matrix_get_n_hypotheses (self->matrix))
    return;
  claim_id = evb_matrix_get_hypothesis (self->matrix, column);
  claim_title = _evb_matrix_view_node_title (self, claim_id);

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
      /* Translators: the matrix's last row for a screen reader: a hypothesis, its
       * inconsistency score, its likelihood ("…: inconsistency 1.7, very unlikely") */
      description = g_strdup_printf (_("%s: inconsistency %.1f, %s"), claim_title,
                                     evb_matrix_get_inconsistency (self->matrix, column),
                                     a != NULL && a->assessed ? evb_likelihood_get_label (a->likelihood)
                                                              : _("not assessed"));
      name_accessible (button, description);
      name_accessible (gtk_widget_get_parent (button), description);
      g_object_set_data (G_OBJECT (button), "evb-shown-cell", NULL);
      return;
    }

  cell = evb_matrix_get_cell (self->matrix, item->row, column);
  item_title = _evb_matrix_view_node_title (self, item->id);
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
  /* The cell and its button say what the item says of the hypothesis;
   * the button, which takes the focus, says of which item too, as its
   * description: moving down a column changes the item, not the claim. */
  description = cell_verdict (cell, claim_title);
  name_accessible (gtk_widget_get_parent (button), description);
  name_accessible (button, description);
  /* After the tooltip, which GTK makes the description too. */
  gtk_widget_set_tooltip_text (button, cell_description (cell));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, item_title, -1);
}

static void
cell_refresh_cb (MatrixItem *item,
                 GtkWidget  *box)
{
  show_cell (g_object_get_data (G_OBJECT (box), "evb-view"), box);
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
int
_evb_matrix_view_next_column (EvbMatrixView *self,
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
gboolean
_evb_matrix_view_focus_cell (EvbMatrixView *self,
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
      return _evb_matrix_view_focus_cell (self, position, _evb_matrix_view_next_column (self, column, -1),
                                          TRUE);
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      return _evb_matrix_view_focus_cell (self, position, _evb_matrix_view_next_column (self, column, 1),
                                          TRUE);
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      return position > 0 && _evb_matrix_view_focus_cell (self, position - 1, column, TRUE);
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      return _evb_matrix_view_focus_cell (self, position + 1, column, TRUE);
    default:
      return FALSE;
    }
  _evb_matrix_view_set_cell (self, item->id, g_ptr_array_index (self->claim_ids, column), cell);
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

/* Claim headers
 *
 * GTK 4.8's column header shows its title on one line, cut at the
 * column's edge ("Ukraine tried to strike th"), and has no API to wrap
 * it, give it a tooltip or name it for a screen reader. A wrapping label
 * would not help: the header row measures every title's height for the
 * whole row's width, so it would get one line's height. So the title is
 * broken into lines here, with the header label's own font, at the
 * column's width; a long title widens its column up to
 * CLAIM_COLUMN_MAX_WIDTH to fit in HEADER_MAX_LINES, and beyond that its
 * last line ends in an ellipsis. The header widget, found as the
 * column's place among the header row's children (header_pressed_cb
 * finds it so too), gets the whole title as its tooltip and accessible
 * name. (Its role is a column header, but GTK 4.8's AT-SPI bridge has no
 * word for that role and says "filler"; later GTK says "column header".) */

#define CLAIM_COLUMN_WIDTH     170
#define CLAIM_COLUMN_MAX_WIDTH 260
#define HEADER_MAX_LINES       3

/* The GtkColumnViewTitle of a column: the header row is the column
 * view's child named "header", and holds one title a column, in order. */
static GtkWidget *
claim_header (EvbMatrixView       *self,
              GtkColumnViewColumn *column)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  GtkWidget *header = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
  GtkWidget *title;
  guint position = G_MAXUINT;

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) other = g_list_model_get_item (columns, i);

      if (other == column)
        {
          position = i;
          break;
        }
    }
  while (header != NULL && g_strcmp0 (gtk_widget_get_css_name (header), "header") != 0)
    header = gtk_widget_get_next_sibling (header);
  if (header == NULL || position == G_MAXUINT)
    return NULL;
  title = gtk_widget_get_first_child (header);
  for (guint i = 0; title != NULL && i < position; i++)
    title = gtk_widget_get_next_sibling (title);
  if (title == NULL || g_strcmp0 (G_OBJECT_TYPE_NAME (title), "GtkColumnViewTitle") != 0)
    return NULL;
  return title;
}

/* The label inside a column header (a box of the label and the sort arrow). */
static GtkWidget *
header_label (GtkWidget *title)
{
  GtkWidget *box = title != NULL ? gtk_widget_get_first_child (title) : NULL;
  GtkWidget *label = box != NULL ? gtk_widget_get_first_child (box) : NULL;

  return GTK_IS_LABEL (label) ? label : NULL;
}

static int
text_width (PangoLayout *layout,
            const char  *text,
            int          length)
{
  int width;

  pango_layout_set_width (layout, -1);
  pango_layout_set_text (layout, text, length);
  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* The title broken into lines no wider than width, as Pango breaks a
 * label; NULL when it needs more than max_lines. */
static GStrv
break_title (PangoLayout *layout,
             const char  *title,
             int          width,
             guint        max_lines)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int n_lines;

  pango_layout_set_text (layout, title, -1);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  n_lines = pango_layout_get_line_count (layout);
  if (n_lines > (int) max_lines)
    return NULL;
  for (int i = 0; i < n_lines; i++)
    {
      PangoLayoutLine *line = pango_layout_get_line_readonly (layout, i);
      g_autofree char *text = g_strndup (title + line->start_index, line->length);

      g_strv_builder_add (builder, g_strstrip (text));
    }
  return g_strv_builder_end (builder);
}

/* The title in at most max_lines lines of width, the last one cut with an
 * ellipsis. */
static char *
cut_title (PangoLayout *layout,
           const char  *title,
           int          width,
           guint        max_lines)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *rest = title;
  g_autofree char *last = NULL;
  char *end;

  pango_layout_set_text (layout, title, -1);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  for (guint i = 0; i + 1 < max_lines && i < (guint) pango_layout_get_line_count (layout); i++)
    {
      PangoLayoutLine *line = pango_layout_get_line_readonly (layout, i);
      g_autofree char *piece = g_strndup (title + line->start_index, line->length);

      g_string_append_printf (text, "%s\n", g_strstrip (piece));
      rest = title + line->start_index + line->length;
    }
  last = g_strconcat (rest, "…", NULL);
  end = last + strlen (rest);
  while (end > last && text_width (layout, last, -1) > width)
    {
      char *prev = g_utf8_prev_char (end);

      memmove (prev, end, strlen (end) + 1);
      end = prev;
    }
  /* "military site…", not "military site …". */
  while (end > last && end[-1] == ' ')
    {
      memmove (end - 1, end, strlen (end) + 1);
      end--;
    }
  g_string_append (text, last);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Shows the claim's title in its column's header on up to three lines. */
static void
update_claim_header (EvbMatrixView *self,
                     guint          index)
{
  GtkColumnViewColumn *column = g_ptr_array_index (self->claim_columns, index);
  const char *title = _evb_matrix_view_node_title (self, g_ptr_array_index (self->claim_ids, index));
  GtkWidget *header = claim_header (self, column);
  GtkWidget *label = header_label (header);
  g_autoptr(PangoLayout) layout = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = NULL;
  gboolean resized = g_object_get_data (G_OBJECT (column), "evb-resized") != NULL;
  int width = resized ? gtk_column_view_column_get_fixed_width (column) : CLAIM_COLUMN_WIDTH;
  int padding = 12;

  if (header == NULL || label == NULL)
    {
      /* Not GTK 4.8's header: the title as it is. */
      gtk_column_view_column_set_title (column, title);
      return;
    }
  /* Every edit rebuilds the matrix: a title shown at this width stays. */
  if (g_strcmp0 (g_object_get_data (G_OBJECT (column), "evb-header-title"), title) == 0 &&
      GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column), "evb-header-width")) == width)
    return;
  g_object_set_data_full (G_OBJECT (column), "evb-header-title", g_strdup (title), g_free);
  g_object_set_data (G_OBJECT (column), "evb-header-width", GINT_TO_POINTER (width));
  /* The header's padding and border: what it measures beyond its label,
   * the first time. (Later the header's measure may lag behind its
   * label's new text: it tells its column, not its parent, to resize.) */
  if (g_object_get_data (G_OBJECT (column), "evb-header-padding") == NULL)
    {
      int header_width, label_width;

      gtk_widget_measure (header, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &header_width, NULL, NULL);
      gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &label_width, NULL, NULL);
      if (header_width > label_width)
        padding = header_width - label_width;
      g_object_set_data (G_OBJECT (column), "evb-header-padding", GINT_TO_POINTER (padding + 1));
    }
  padding = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column), "evb-header-padding")) - 1;
  layout = gtk_widget_create_pango_layout (label, NULL);
  if (width <= 0)
    width = CLAIM_COLUMN_WIDTH;
  lines = break_title (layout, title, width - padding, HEADER_MAX_LINES);
  /* A column the person has not resized grows until the title fits. */
  if (lines == NULL && !resized)
    {
      int wider = width;

      while (lines == NULL && wider < CLAIM_COLUMN_MAX_WIDTH)
        {
          wider = MIN (wider + 10, CLAIM_COLUMN_MAX_WIDTH);
          lines = break_title (layout, title, wider - padding, HEADER_MAX_LINES);
        }
      if (lines != NULL)
        width = wider;
    }
  text = lines != NULL ? g_strjoinv ("\n", lines) : cut_title (layout, title, width - padding, HEADER_MAX_LINES);
  g_object_set_data (G_OBJECT (column), "evb-width", GINT_TO_POINTER (width));
  gtk_column_view_column_set_fixed_width (column, width);
  gtk_column_view_column_set_title (column, text);
  gtk_widget_set_tooltip_text (header, title);
  name_accessible (header, title);
  /* The header says the whole title: its lines need not be said again. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
}

/* The person dragged the column's edge: its title is broken again at the
 * new width, and the column no longer grows by itself. */
static void
column_width_cb (GtkColumnViewColumn *column,
                 GParamSpec          *pspec,
                 EvbMatrixView       *self)
{
  if (gtk_column_view_column_get_fixed_width (column) ==
      GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column), "evb-width")))
    return;
  g_object_set_data (G_OBJECT (column), "evb-resized", GINT_TO_POINTER (TRUE));
  for (guint i = 0; i < self->claim_columns->len; i++)
    {
      if (g_ptr_array_index (self->claim_columns, i) == column)
        update_claim_header (self, i);
    }
}

void
_evb_matrix_view_name_column_view (EvbMatrixView *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_strcmp0 (gtk_widget_get_css_name (child), "header") == 0)
        /* Translators: the matrix's header row, for a screen reader */
        name_accessible (child, _("Column headers"));
      else if (g_strcmp0 (gtk_widget_get_css_name (child), "listview") == 0)
        /* Translators: the matrix's rows, for a screen reader */
        name_accessible (child, _("Evidence items"));
    }
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      GtkWidget *header = claim_header (self, column);

      GtkWidget *label = header_label (header);

      if (header != NULL && g_object_get_data (G_OBJECT (column), "evb-claim-id") == NULL)
        name_accessible (header, gtk_column_view_column_get_title (column));
      /* The sort arrow beside it is drawn, not said ("GtkBuiltinIcon"). */
      for (GtkWidget *arrow = label != NULL ? gtk_widget_get_next_sibling (label) : NULL;
           arrow != NULL;
           arrow = gtk_widget_get_next_sibling (arrow))
        gtk_accessible_update_state (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
    }
}

void
_evb_matrix_view_update_claim_headers (EvbMatrixView *self)
{
  for (guint i = 0; i < self->claim_columns->len; i++)
    update_claim_header (self, i);
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

void
_evb_matrix_view_remove_claim_columns (EvbMatrixView *self)
{
  for (guint i = 0; i < self->claim_columns->len; i++)
    gtk_column_view_remove_column (self->column_view, g_ptr_array_index (self->claim_columns, i));
  g_ptr_array_set_size (self->claim_columns, 0);
  g_ptr_array_set_size (self->claim_ids, 0);
  g_ptr_array_set_size (self->bound, 0);
}

void
_evb_matrix_view_build_claim_columns (EvbMatrixView *self,
                                      EvbMatrix     *matrix)
{
  g_autoptr(GMenu) menu = g_menu_new ();

  _evb_matrix_view_remove_claim_columns (self);
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
      column = gtk_column_view_column_new (_evb_matrix_view_node_title (self, claim_id), factory);
      gtk_column_view_column_set_fixed_width (column, CLAIM_COLUMN_WIDTH);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_visible (column, visible);
      g_object_set_data_full (G_OBJECT (column), "evb-claim-id", g_strdup (claim_id), g_free);
      gtk_column_view_append_column (self->column_view, column);
      g_ptr_array_add (self->claim_columns, column);
      g_ptr_array_add (self->claim_ids, g_strdup (claim_id));
      g_ptr_array_add (self->bound, g_hash_table_new (NULL, NULL));
      update_claim_header (self, i);
      g_signal_connect_object (column, "notify::fixed-width", G_CALLBACK (column_width_cb), self, 0);

      action = g_simple_action_new_stateful (name, NULL, g_variant_new_boolean (visible));
      g_object_set_data (G_OBJECT (action), "evb-column", GUINT_TO_POINTER (i));
      g_signal_connect (action, "change-state", G_CALLBACK (column_visible_cb), self);
      g_action_map_add_action (G_ACTION_MAP (self->column_actions), G_ACTION (action));
      g_menu_append (menu, _evb_matrix_view_node_title (self, claim_id), detailed);
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "matrix-columns", G_ACTION_GROUP (self->column_actions));
  gtk_menu_button_set_menu_model (self->hypotheses_button, G_MENU_MODEL (menu));
}
