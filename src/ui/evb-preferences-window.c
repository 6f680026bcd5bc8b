/* evb-preferences-window.c: the Preferences window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * AdwPreferencesWindow exists in every libadwaita we support (1.2 and
 * newer; AdwPreferencesDialog replaces it from 1.5 but it still works), so
 * there is nothing for the compat module. One row, built in C.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "evb-preferences-window.h"

#define MIB (G_GUINT64_CONSTANT (1024) * 1024)
/* 1 TiB in MiB: beyond any file anyone would want to copy into a board. */
#define MAX_LIMIT_MIB (1024.0 * 1024.0)

struct _EvbPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (EvbPreferencesWindow, evb_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The key is in bytes, the row in MiB. */
static gboolean
bytes_to_mib (GValue   *value,
              GVariant *variant,
              gpointer  user_data)
{
  g_value_set_double (value, (double) (g_variant_get_uint64 (variant) / MIB));
  return TRUE;
}

static GVariant *
mib_to_bytes (const GValue       *value,
              const GVariantType *expected_type,
              gpointer            user_data)
{
  return g_variant_new_uint64 ((guint64) g_value_get_double (value) * MIB);
}

static void
evb_preferences_window_dispose (GObject *object)
{
  EvbPreferencesWindow *self = EVB_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (evb_preferences_window_parent_class)->dispose (object);
}

static void
evb_preferences_window_class_init (EvbPreferencesWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = evb_preferences_window_dispose;
}

static void
evb_preferences_window_init (EvbPreferencesWindow *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *row = adw_action_row_new ();
  GtkAdjustment *adjustment = gtk_adjustment_new (1024, 0, MAX_LIMIT_MIB, 64, 1024, 0);
  GtkWidget *spin = gtk_spin_button_new (adjustment, 64, 0);
  GtkWidget *unit = gtk_label_new (_("MiB"));

  gtk_window_set_title (GTK_WINDOW (self), _("Preferences"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 320);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  /* One row: nothing to search. */
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);

  adw_preferences_group_set_title (group, _("Attachments"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Largest File Kept in the Board"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Attached files up to this size are copied into the board file, "
                                 "so the board carries its evidence. Larger files are linked. "
                                 "0 links every file."));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Largest file kept in the board, in MiB"), -1);
  gtk_widget_add_css_class (unit, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), unit);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (group, row);
  adw_preferences_page_add (page, group);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind_with_mapping (self->settings, "embed-size-limit", adjustment, "value",
                                G_SETTINGS_BIND_DEFAULT, bytes_to_mib, mib_to_bytes, NULL, NULL);
}

GtkWidget *
evb_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (EVB_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
}
