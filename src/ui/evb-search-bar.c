/* evb-search-bar.c: finding cards by their words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Matching cards are highlighted as the person types, the current match
 * is selected and centred, Enter and Shift+Enter walk the matches. A new
 * query starts from its first match; a change to the board runs the query
 * again and keeps the current match when it still matches.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "evb-search.h"
#include "evb-search-bar.h"

struct _EvbSearchBar
{
  GtkWidget       parent_instance;

  EvbBoard       *board;
  EvbSelection   *selection;
  EvbCanvas      *canvas;  /* weak */
  EvbSearch      *search;
  GPtrArray      *matches;
  guint           match_index;
  GHashTable     *scope;  /* node ids searched, NULL = all */

  /* Template widgets */
  GtkSearchBar   *search_bar;
  GtkSearchEntry *search_entry;
  GtkLabel       *search_count;
};

enum {
  PROP_0,
  PROP_SEARCH_MODE_ENABLED,
  PROP_N_MATCHES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (EvbSearchBar, evb_search_bar, GTK_TYPE_WIDGET)

static void
show_match (EvbSearchBar *self)
{
  const char *id;

  if (self->matches->len == 0)
    return;
  id = evb_node_get_id (g_ptr_array_index (self->matches, self->match_index));
  if (self->selection != NULL)
    evb_selection_select (self->selection, id, FALSE);
  if (self->canvas != NULL)
    evb_canvas_center_node (self->canvas, id);
}

static void
update_count (EvbSearchBar *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *text = NULL;

  if (query[0] == '\0')
    text = g_strdup ("");
  else if (self->matches->len == 0)
    text = g_strdup (_("No matches"));
  else
    /* Translators: the current search match and how many there are, e.g. "2 of 14" */
    text = g_strdup_printf (_("%u of %u"), self->match_index + 1, self->matches->len);
  gtk_label_set_text (self->search_count, text);
  /* Read alone, "2 of 14" says little: a listener hears what it counts. */
  if (self->matches->len > 0)
    {
      /* Translators: the match counter read by a screen reader, e.g. "Match 2 of 14" */
      g_autofree char *spoken = g_strdup_printf (_("Match %u of %u"), self->match_index + 1, self->matches->len);

      gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_count), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      spoken, -1);
    }
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_count), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    query[0] != '\0' ? text : _("Matches"), -1);
  if (query[0] != '\0' && self->matches->len == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
}

/* Runs the query again; keeps the current match when it still matches. */
static void
run_search (EvbSearchBar *self,
            gboolean      move)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(EvbNode) current = NULL;
  guint n_before = self->matches->len;

  if (self->matches->len > 0)
    current = g_object_ref (g_ptr_array_index (self->matches, self->match_index));
  g_ptr_array_set_size (self->matches, 0);
  self->match_index = 0;

  if (self->search != NULL && gtk_search_bar_get_search_mode (self->search_bar))
    {
      g_autoptr(GPtrArray) found = evb_search_find (self->search, query);

      for (guint i = 0; i < found->len; i++)
        {
          EvbNode *node = g_ptr_array_index (found, i);

          if (self->scope != NULL && !g_hash_table_contains (self->scope, evb_node_get_id (node)))
            continue;
          if (node == current)
            self->match_index = self->matches->len;
          g_ptr_array_add (self->matches, g_object_ref (node));
          g_hash_table_add (ids, (gpointer) evb_node_get_id (node));
        }
    }

  if (self->canvas != NULL && evb_canvas_get_board (self->canvas) != NULL)
    evb_canvas_set_highlighted (self->canvas, g_hash_table_size (ids) > 0 ? ids : NULL);
  if (move)
    show_match (self);
  update_count (self);
  if (n_before != self->matches->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MATCHES]);
}

static void
search_changed_cb (EvbSearchBar *self)
{
  g_ptr_array_set_size (self->matches, 0);
  run_search (self, TRUE);
}

static void
board_committed_cb (EvbSearchBar *self)
{
  if (gtk_search_bar_get_search_mode (self->search_bar))
    run_search (self, FALSE);
}

static void
search_activate_cb (EvbSearchBar *self)
{
  evb_search_bar_step (self, 1);
}

static void
stop_search_cb (EvbSearchBar *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
search_mode_cb (EvbSearchBar *self)
{
  run_search (self, FALSE);
  if (!gtk_search_bar_get_search_mode (self->search_bar) && self->canvas != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE_ENABLED]);
}

static gboolean
key_pressed_cb (EvbSearchBar    *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_SHIFT_MASK))
    {
      evb_search_bar_step (self, -1);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
evb_search_bar_dispose (GObject *object)
{
  EvbSearchBar *self = EVB_SEARCH_BAR (object);

  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  g_clear_object (&self->board);
  g_clear_object (&self->selection);
  g_clear_object (&self->search);
  g_clear_weak_pointer (&self->canvas);
  gtk_widget_dispose_template (GTK_WIDGET (self), EVB_TYPE_SEARCH_BAR);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  g_clear_pointer (&self->scope, g_hash_table_unref);

  G_OBJECT_CLASS (evb_search_bar_parent_class)->dispose (object);
}

static void
evb_search_bar_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  EvbSearchBar *self = EVB_SEARCH_BAR (object);

  switch (prop_id)
    {
    case PROP_SEARCH_MODE_ENABLED:
      g_value_set_boolean (value, evb_search_bar_get_search_mode (self));
      break;
    case PROP_N_MATCHES:
      g_value_set_uint (value, evb_search_bar_get_n_matches (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
evb_search_bar_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  EvbSearchBar *self = EVB_SEARCH_BAR (object);

  switch (prop_id)
    {
    case PROP_SEARCH_MODE_ENABLED:
      evb_search_bar_set_search_mode (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
evb_search_bar_class_init (EvbSearchBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = evb_search_bar_dispose;
  object_class->get_property = evb_search_bar_get_property;
  object_class->set_property = evb_search_bar_set_property;

  properties[PROP_SEARCH_MODE_ENABLED] =
    g_param_spec_boolean ("search-mode-enabled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_MATCHES] =
    g_param_spec_uint ("n-matches", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/evidenceboard/EvidenceBoard/evb-search-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, EvbSearchBar, search_bar);
  gtk_widget_class_bind_template_child (widget_class, EvbSearchBar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, EvbSearchBar, search_count);
}

static void
evb_search_bar_init (EvbSearchBar *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->matches = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (search_activate_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search", G_CALLBACK (stop_search_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_cb),
                           self, G_CONNECT_SWAPPED);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
}

void
evb_search_bar_set_board (EvbSearchBar *self,
                          EvbBoard     *board,
                          EvbSelection *selection)
{
  g_return_if_fail (EVB_IS_SEARCH_BAR (self));
  g_return_if_fail (board == NULL || EVB_IS_BOARD (board));
  g_return_if_fail (selection == NULL || EVB_IS_SELECTION (selection));

  if (self->board != NULL)
    {
      gtk_search_bar_set_search_mode (self->search_bar, FALSE);
      g_signal_handlers_disconnect_by_data (self->board, self);
      g_clear_object (&self->search);
    }
  g_set_object (&self->board, board);
  g_set_object (&self->selection, selection);
  if (board != NULL)
    {
      self->search = evb_search_new (board);
      g_signal_connect_swapped (board, "committed", G_CALLBACK (board_committed_cb), self);
    }
  run_search (self, FALSE);
}

void
evb_search_bar_set_canvas (EvbSearchBar *self,
                           EvbCanvas    *canvas)
{
  g_return_if_fail (EVB_IS_SEARCH_BAR (self));
  g_return_if_fail (canvas == NULL || EVB_IS_CANVAS (canvas));

  g_set_weak_pointer (&self->canvas, canvas);
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (canvas));
}

gboolean
evb_search_bar_get_search_mode (EvbSearchBar *self)
{
  g_return_val_if_fail (EVB_IS_SEARCH_BAR (self), FALSE);
  return gtk_search_bar_get_search_mode (self->search_bar);
}

void
evb_search_bar_set_search_mode (EvbSearchBar *self,
                                gboolean      enabled)
{
  g_return_if_fail (EVB_IS_SEARCH_BAR (self));
  gtk_search_bar_set_search_mode (self->search_bar, enabled);
}

guint
evb_search_bar_get_n_matches (EvbSearchBar *self)
{
  g_return_val_if_fail (EVB_IS_SEARCH_BAR (self), 0);
  /* Asked by the window's actions while it is being disposed too. */
  return self->matches != NULL ? self->matches->len : 0;
}

void
evb_search_bar_set_scope (EvbSearchBar *self,
                          GHashTable   *ids)
{
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (EVB_IS_SEARCH_BAR (self));

  if (self->scope == NULL && ids == NULL)
    return;
  g_clear_pointer (&self->scope, g_hash_table_unref);
  if (ids != NULL)
    {
      self->scope = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_iter_init (&iter, ids);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (self->scope, g_strdup (key));
    }
  if (gtk_search_bar_get_search_mode (self->search_bar))
    run_search (self, FALSE);
}

void
evb_search_bar_begin (EvbSearchBar *self)
{
  g_return_if_fail (EVB_IS_SEARCH_BAR (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

void
evb_search_bar_step (EvbSearchBar *self,
                     int           step)
{
  guint n;

  g_return_if_fail (EVB_IS_SEARCH_BAR (self));

  n = self->matches->len;
  if (n == 0)
    return;
  self->match_index = (self->match_index + n + step) % n;
  show_match (self);
  update_count (self);
}
