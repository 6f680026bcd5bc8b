/* evb-export-dialog.c: the options of an image export, then its file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The options are asked first (area, scale, background, legend; a PDF's
 * paper and orientation), then the file. The drawing itself belongs to the
 * session: in a thread, on a copy of the board with what is known of its
 * files, so the picture shows what the screen shows.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "evb-compat.h"
#include "evb-export-dialog.h"

typedef struct
{
  GtkWindow           *parent;
  EvbSession          *session;
  EvbExportFormat      format;
  EvbExportChoices    *choices;
  GAsyncReadyCallback  callback;
  AdwComboRow         *area_row;
  AdwComboRow         *scale_row;
  AdwComboRow         *background_row;
  GtkSwitch           *legend_switch;
  GtkSwitch           *title_switch;
  AdwComboRow         *paper_row;
  AdwComboRow         *orientation_row;
  GtkWidget           *filter_row;
  GtkSwitch           *filter_switch;
} ExportDialog;

static const struct
{
  const char *extension;
  const char *title;
  const char *filter;
} image_formats[] = {
  [EVB_EXPORT_PNG] = { ".png", N_("Export PNG"), N_("PNG images") },
  [EVB_EXPORT_SVG] = { ".svg", N_("Export SVG"), N_("SVG images") },
  [EVB_EXPORT_PDF] = { ".pdf", N_("Export PDF"), N_("PDF documents") },
};

static void
export_dialog_free (ExportDialog *dialog)
{
  g_clear_object (&dialog->parent);
  g_clear_object (&dialog->session);
  g_free (dialog);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportDialog, export_dialog_free)

void
evb_export_choices_init (EvbExportChoices *choices)
{
  g_return_if_fail (choices != NULL);

  choices->selection = FALSE;
  choices->scale = 2;
  choices->background = EVB_EXPORT_BACKGROUND_LIGHT;
  choices->legend = TRUE;
  choices->title_block = TRUE;
  choices->filter = TRUE;
  choices->paper = EVB_EXPORT_PAPER_FIT;
  choices->orientation = EVB_EXPORT_ORIENTATION_PORTRAIT;
}

void
evb_export_choices_to_options (const EvbExportChoices *choices,
                               EvbExportFormat         format,
                               EvbExportOptions       *options)
{
  g_return_if_fail (choices != NULL);
  g_return_if_fail (options != NULL);

  evb_export_options_init (options);
  options->scale = choices->scale;
  options->background = choices->background;
  options->legend = choices->legend;
  options->title_block = choices->title_block;
  /* Pictures have no paper; on paper the board is scaled to one page. */
  if (format == EVB_EXPORT_PDF)
    {
      options->paper = choices->paper;
      options->orientation = choices->orientation;
    }
}

char *
evb_export_dialog_suggest_name (EvbBoard   *board,
                                const char *extension)
{
  const char *title = board != NULL ? evb_board_get_title (board) : NULL;
  g_autofree char *base = g_strdup (title != NULL && title[0] ? title : _("Board"));

  g_return_val_if_fail (extension != NULL, NULL);

  g_strdelimit (base, "/\\:", '-');
  return g_strconcat (base, extension, NULL);
}

static void
file_chosen_cb (GFile    *file,
                gpointer  user_data)
{
  g_autoptr(ExportDialog) dialog = user_data;
  EvbExportChoices *choices = dialog->choices;
  GPtrArray *selected = evb_selection_get_nodes (evb_session_get_selection (dialog->session));
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) filtered = NULL;
  GHashTable *matches = evb_session_get_filter_matches (dialog->session);
  EvbExportOptions options;

  if (file == NULL)
    return;

  evb_export_choices_to_options (choices, dialog->format, &options);
  if (choices->selection)
    {
      ids = g_ptr_array_new ();
      for (guint i = 0; i < selected->len; i++)
        g_ptr_array_add (ids, g_ptr_array_index (selected, i));
      g_ptr_array_add (ids, NULL);
      options.node_ids = (const char * const *) ids->pdata;
    }
  if (choices->filter && matches != NULL)
    filtered = evb_export_options_apply_filter (&options, evb_session_get_board (dialog->session), matches,
                                                evb_filter_get_hide (evb_session_get_filter (dialog->session)));
  evb_session_export_image_async (dialog->session, file, dialog->format, &options, dialog->callback,
                                  g_object_ref (dialog->parent));
}

static void
options_answered_cb (gboolean accepted,
                     gpointer user_data)
{
  ExportDialog *dialog = user_data;
  EvbExportChoices *choices = dialog->choices;
  g_autofree char *name = NULL;
  g_autofree char *pattern = NULL;

  if (!accepted)
    {
      export_dialog_free (dialog);
      return;
    }

  choices->selection = adw_combo_row_get_selected (dialog->area_row) == 1;
  choices->scale = adw_combo_row_get_selected (dialog->scale_row) + 1;
  choices->background = adw_combo_row_get_selected (dialog->background_row);
  choices->legend = gtk_switch_get_active (dialog->legend_switch);
  choices->title_block = gtk_switch_get_active (dialog->title_switch);
  if (dialog->format == EVB_EXPORT_PDF)
    {
      choices->paper = adw_combo_row_get_selected (dialog->paper_row);
      choices->orientation = adw_combo_row_get_selected (dialog->orientation_row);
    }
  /* Asked only while a filter is set: otherwise the last answer stands. */
  if (gtk_widget_get_visible (dialog->filter_row))
    choices->filter = gtk_switch_get_active (dialog->filter_switch);

  name = evb_export_dialog_suggest_name (evb_session_get_board (dialog->session),
                                         image_formats[dialog->format].extension);
  pattern = g_strconcat ("*", image_formats[dialog->format].extension, NULL);
  evb_compat_choose_file (dialog->parent, _(image_formats[dialog->format].title), _("_Export"), TRUE,
                          name, _(image_formats[dialog->format].filter), pattern, file_chosen_cb, dialog);
}

static AdwComboRow *
add_combo_row (GtkWidget          *group,
               const char         *title,
               const char * const *items,
               guint               selected)
{
  GtkWidget *row = adw_combo_row_new ();
  GtkStringList *list = gtk_string_list_new (items);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_object_unref (list);
  return ADW_COMBO_ROW (row);
}

/* The board's own size has no orientation to choose. */
static void
paper_selected_cb (AdwComboRow *paper_row,
                   GParamSpec  *pspec,
                   AdwComboRow *orientation_row)
{
  gtk_widget_set_sensitive (GTK_WIDGET (orientation_row),
                            adw_combo_row_get_selected (paper_row) != EVB_EXPORT_PAPER_FIT);
}

void
evb_export_dialog_present (GtkWindow           *parent,
                           EvbSession          *session,
                           EvbExportFormat      format,
                           EvbExportChoices    *choices,
                           GAsyncReadyCallback  callback)
{
  ExportDialog *dialog;
  GtkWidget *group;
  GtkWidget *legend_row;
  GtkWidget *title_row;
  gboolean has_selection;
  const char *areas[] = { _("Whole Board"), _("Selected Cards"), NULL };
  const char *scales[] = { "1×", "2×", "3×", "4×", NULL };
  const char *backgrounds[] = { _("Light"), _("Dark"), _("Transparent"), NULL };
  /* In the order of EvbExportPaper and EvbExportOrientation. */
  const char *papers[] = { _("Board Size"), _("A4"), _("Letter"), _("A3"), NULL };
  const char *orientations[] = { _("Portrait"), _("Landscape"), NULL };

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (EVB_IS_SESSION (session));
  g_return_if_fail (choices != NULL);
  g_return_if_fail (format <= EVB_EXPORT_PDF);

  dialog = g_new0 (ExportDialog, 1);
  dialog->parent = g_object_ref (parent);
  dialog->session = g_object_ref (session);
  dialog->format = format;
  dialog->choices = choices;
  dialog->callback = callback;
  has_selection = evb_selection_get_nodes (evb_session_get_selection (session))->len > 0;

  group = adw_preferences_group_new ();
  dialog->area_row = add_combo_row (group, _("Area"),
                                    has_selection ? areas : (const char *[]) { areas[0], NULL },
                                    has_selection && choices->selection ? 1 : 0);
  dialog->scale_row = add_combo_row (group, _("Scale"), scales, CLAMP (choices->scale, 1, 4) - 1);
  /* Vector images have no pixels to scale. */
  gtk_widget_set_visible (GTK_WIDGET (dialog->scale_row), format == EVB_EXPORT_PNG);
  dialog->background_row = add_combo_row (group, _("Background"), backgrounds, choices->background);
  /* A PDF to print or hand on: on paper, scaled to one page. */
  dialog->paper_row = add_combo_row (group, _("Paper"), papers, MIN (choices->paper, EVB_EXPORT_PAPER_A3));
  dialog->orientation_row = add_combo_row (group, _("Orientation"), orientations,
                                           MIN (choices->orientation, EVB_EXPORT_ORIENTATION_LANDSCAPE));
  gtk_widget_set_visible (GTK_WIDGET (dialog->paper_row), format == EVB_EXPORT_PDF);
  gtk_widget_set_visible (GTK_WIDGET (dialog->orientation_row), format == EVB_EXPORT_PDF);
  g_signal_connect (dialog->paper_row, "notify::selected", G_CALLBACK (paper_selected_cb), dialog->orientation_row);
  paper_selected_cb (dialog->paper_row, NULL, dialog->orientation_row);

  legend_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (legend_row), _("Legend"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (legend_row), _("What the lines and grades mean"));
  dialog->legend_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (dialog->legend_switch, choices->legend);
  gtk_widget_set_valign (GTK_WIDGET (dialog->legend_switch), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (legend_row), GTK_WIDGET (dialog->legend_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (legend_row), GTK_WIDGET (dialog->legend_switch));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), legend_row);

  title_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (title_row), _("Title Block"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (title_row),
                               _("The board’s title, the date, its description and counts"));
  dialog->title_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (dialog->title_switch, choices->title_block);
  gtk_widget_set_valign (GTK_WIDGET (dialog->title_switch), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (title_row), GTK_WIDGET (dialog->title_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (title_row), GTK_WIDGET (dialog->title_switch));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), title_row);

  dialog->filter_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->filter_row), _("Apply Filter"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (dialog->filter_row),
                               _("Dim or hide the cards the filter leaves out, as on the board"));
  dialog->filter_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (dialog->filter_switch, choices->filter);
  gtk_widget_set_valign (GTK_WIDGET (dialog->filter_switch), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (dialog->filter_row), GTK_WIDGET (dialog->filter_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (dialog->filter_row), GTK_WIDGET (dialog->filter_switch));
  gtk_widget_set_visible (dialog->filter_row, evb_filter_is_active (evb_session_get_filter (session)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), dialog->filter_row);

  evb_compat_ask (GTK_WIDGET (parent), _(image_formats[format].title), NULL, group,
                  _("_Choose File…"), options_answered_cb, dialog);
}

/* Report */

typedef struct
{
  GtkWindow           *parent;
  EvbSession          *session;
  GAsyncReadyCallback  callback;
  /* Asked only while a filter is set: list only the cards it lets through. */
  GtkSwitch           *filter_switch;
  gboolean             filter;
} ReportDialog;

static void
report_dialog_free (ReportDialog *dialog)
{
  g_object_unref (dialog->parent);
  g_object_unref (dialog->session);
  g_free (dialog);
}

static void
report_chosen_cb (GFile    *file,
                  gpointer  user_data)
{
  ReportDialog *dialog = user_data;
  GHashTable *matches = evb_session_get_filter_matches (dialog->session);
  g_autoptr(GPtrArray) filtered = NULL;
  g_autofree char *name = NULL;
  g_autofree char *filter_description = NULL;
  EvbExportOptions options;

  if (file != NULL)
    {
      /* PDF unless the person asked for a web page by its name. */
      name = g_ascii_strdown (g_file_peek_path (file) != NULL ? g_file_peek_path (file) : "", -1);
      evb_export_options_init (&options);
      options.paper = EVB_EXPORT_PAPER_A4;
      /* The picture dims or hides as the canvas does; the text lists the
       * matching cards only. The session copies the ids. */
      if (dialog->filter && matches != NULL)
        {
          filtered = evb_export_options_apply_filter (&options, evb_session_get_board (dialog->session), matches,
                                                      evb_filter_get_hide (evb_session_get_filter (dialog->session)));
          /* …and the report says by which filter. */
          filter_description = evb_filter_describe (evb_session_get_filter (dialog->session));
          options.filter_description = filter_description;
        }
      evb_session_export_report_async (dialog->session, file,
                                       g_str_has_suffix (name, ".html") || g_str_has_suffix (name, ".htm")
                                         ? EVB_REPORT_HTML : EVB_REPORT_PDF,
                                       &options, dialog->callback, g_object_ref (dialog->parent));
    }
  report_dialog_free (dialog);
}

static void
choose_report_file (ReportDialog *dialog)
{
  g_autofree char *name = NULL;

  /* Translators: the suggested file name of a report, after the board's title */
  name = evb_export_dialog_suggest_name (evb_session_get_board (dialog->session), _(" (report).pdf"));
  evb_compat_choose_file (dialog->parent, _("Export Report"), _("_Export"), TRUE, name,
                          _("PDF documents"), "*.pdf", report_chosen_cb, dialog);
}

static void
report_options_answered_cb (gboolean accepted,
                            gpointer user_data)
{
  ReportDialog *dialog = user_data;

  if (!accepted)
    {
      report_dialog_free (dialog);
      return;
    }
  dialog->filter = gtk_switch_get_active (dialog->filter_switch);
  choose_report_file (dialog);
}

void
evb_export_dialog_present_report (GtkWindow           *parent,
                                  EvbSession          *session,
                                  GAsyncReadyCallback  callback)
{
  ReportDialog *dialog;
  GtkWidget *group;
  GtkWidget *row;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (EVB_IS_SESSION (session));

  dialog = g_new0 (ReportDialog, 1);
  dialog->parent = g_object_ref (parent);
  dialog->session = g_object_ref (session);
  dialog->callback = callback;
  if (!evb_filter_is_active (evb_session_get_filter (session)))
    {
      choose_report_file (dialog);
      return;
    }

  group = adw_preferences_group_new ();
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Apply Filter"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("List only the cards the filter lets through"));
  dialog->filter_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (dialog->filter_switch, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (dialog->filter_switch), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (dialog->filter_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (dialog->filter_switch));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  evb_compat_ask (GTK_WIDGET (parent), _("Export Report"), NULL, group, _("_Choose File…"),
                  report_options_answered_cb, dialog);
}
