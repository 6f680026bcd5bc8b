/* evb-print.c: print a board, or its report, through GTK's print dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GtkPrintOperation brings the dialog, the preview and the page setup;
 * the pages themselves are EvbPrintout's, which lays them out with the
 * PDF export's and the report's own code once the paper is known. The
 * last print settings and page setup are kept for the next print, as
 * people expect of a print dialog.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "evb-compat.h"
#include "evb-print.h"
#include "evb-printout.h"

typedef struct
{
  EvbBoard           *board;
  EvbAttachmentState *attachments;
  EvbPrintoutKind     kind;
  EvbPrintout        *printout;
  GtkWidget          *choices[EVB_PRINTOUT_REPORT + 1];
} PrintJob;

static GtkPrintSettings *last_settings;
static GtkPageSetup *last_page_setup;

static void
print_job_free (PrintJob *job)
{
  g_clear_object (&job->board);
  g_clear_object (&job->attachments);
  g_clear_pointer (&job->printout, evb_printout_free);
  g_free (job);
}

static GObject *
create_custom_widget_cb (GtkPrintOperation *operation,
                         PrintJob          *job)
{
  static const char *labels[] = {
    N_("The board on one page"),
    N_("The board at full size over several pages, to tape together"),
    N_("The investigation report: the board, then every claim and item in full"),
  };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (_("What to Print"));

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (box), heading);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      job->choices[i] = gtk_check_button_new_with_label (_(labels[i]));
      if (i > 0)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (job->choices[i]),
                                    GTK_CHECK_BUTTON (job->choices[0]));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (job->choices[i]), i == job->kind);
      gtk_box_append (GTK_BOX (box), job->choices[i]);
    }
  return G_OBJECT (box);
}

static void
custom_widget_apply_cb (GtkPrintOperation *operation,
                        GtkWidget         *widget,
                        PrintJob          *job)
{
  for (guint i = 0; i < G_N_ELEMENTS (job->choices); i++)
    if (job->choices[i] != NULL && gtk_check_button_get_active (GTK_CHECK_BUTTON (job->choices[i])))
      job->kind = i;
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  g_clear_pointer (&job->printout, evb_printout_free);
  job->printout = evb_printout_new (job->board, job->kind, job->attachments,
                                    gtk_print_context_get_width (context),
                                    gtk_print_context_get_height (context));
  gtk_print_operation_set_n_pages (operation, evb_printout_get_n_pages (job->printout));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              PrintJob          *job)
{
  if (job->printout != NULL && page >= 0)
    evb_printout_draw_page (job->printout, gtk_print_context_get_cairo_context (context), page);
}

/* Preview */

/* Pages past this are counted, not drawn: a board tiled at full size can
 * take a hundred sheets. */
#define PREVIEW_MAX_PAGES 40
/* Pixels a point in the preview. */
#define PREVIEW_SCALE 1.0

static GdkTexture *
render_page (EvbPrintout *printout,
             guint        page,
             double       width,
             double       height)
{
  int pw = (int) ceil (width * PREVIEW_SCALE), ph = (int) ceil (height * PREVIEW_SCALE);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;

  /* Paper is white whatever the style. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, PREVIEW_SCALE, PREVIEW_SCALE);
  evb_printout_draw_page (printout, cr, page);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * ph);
  texture = gdk_memory_texture_new (pw, ph, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  return texture;
}

static void
preview_closed_cb (GtkWidget *window,
                   gpointer   user_data)
{
  GtkPrintOperationPreview *preview = g_object_get_data (G_OBJECT (window), "evb-preview");

  gtk_print_operation_preview_end_preview (preview);
}

/* GTK's own preview hands a PDF to a viewer program, which many systems
 * lack: the pages are shown in a window of the app's own instead, drawn
 * from the same printout as the print. */
static gboolean
preview_cb (GtkPrintOperation        *operation,
            GtkPrintOperationPreview *preview,
            GtkPrintContext          *context,
            GtkWindow                *parent,
            PrintJob                 *job)
{
  GtkPageSetup *setup = gtk_print_context_get_page_setup (context);
  g_autoptr(EvbPrintout) printout = NULL;
  GtkWidget *window, *scrolled, *box;
  double width, height;
  guint n;

  /* The page without the printer's margins, as printing gets it. */
  width = gtk_page_setup_get_page_width (setup, GTK_UNIT_POINTS);
  height = gtk_page_setup_get_page_height (setup, GTK_UNIT_POINTS);
  /* GTK insists on a context to lay pages out on, though the pages come
   * from the printout. */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create (surface);

    gtk_print_context_set_cairo_context (context, cr, 72, 72);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
  printout = evb_printout_new (job->board, job->kind, job->attachments, width, height);
  n = evb_printout_get_n_pages (printout);

  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Print Preview"));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), (int) (width * PREVIEW_SCALE) + 60, 900);
  gtk_window_set_titlebar (GTK_WINDOW (window), adw_header_bar_new ());
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  for (guint i = 0; i < MIN (n, PREVIEW_MAX_PAGES); i++)
    {
      g_autoptr(GdkTexture) texture = render_page (printout, i, width, height);
      GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
      g_autofree char *label = g_strdup_printf (_("Page %u of %u"), i + 1, n);

      /* A sheet of paper, at its size. */
      gtk_picture_set_can_shrink (GTK_PICTURE (picture), FALSE);
      gtk_widget_set_halign (picture, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (picture, "card");
      gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_box_append (GTK_BOX (box), picture);
    }
  if (n > PREVIEW_MAX_PAGES)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more page",
                                                            "and %u more pages", n - PREVIEW_MAX_PAGES),
                                               n - PREVIEW_MAX_PAGES);
      GtkWidget *label = gtk_label_new (more);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  /* The preview is the print operation: the window keeps it until closed. */
  g_object_set_data_full (G_OBJECT (window), "evb-preview", g_object_ref (preview), g_object_unref);
  g_signal_connect (window, "destroy", G_CALLBACK (preview_closed_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
  return TRUE;
}

static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         GtkWindow               *parent)
{
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      evb_compat_show_error (GTK_WIDGET (parent), _("Could Not Print"), error != NULL ? error->message : NULL);
      return;
    }
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      g_set_object (&last_settings, gtk_print_operation_get_print_settings (operation));
      g_set_object (&last_page_setup, gtk_print_operation_get_default_page_setup (operation));
    }
}

void
evb_print_run (GtkWindow          *parent,
               EvbBoard           *board,
               EvbAttachmentState *attachments,
               const char         *export_filename,
               const char         *kind_name)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GError) error = NULL;
  PrintJob *job;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (EVB_IS_BOARD (board));

  job = g_new0 (PrintJob, 1);
  job->board = g_object_ref (board);
  job->attachments = attachments != NULL ? g_object_ref (attachments) : NULL;
  if (g_strcmp0 (kind_name, "tiled") == 0)
    job->kind = EVB_PRINTOUT_BOARD_TILED;
  else if (g_strcmp0 (kind_name, "report") == 0)
    job->kind = EVB_PRINTOUT_REPORT;
  g_object_set_data_full (G_OBJECT (operation), "evb-print-job", job, (GDestroyNotify) print_job_free);

  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_job_name (operation, evb_board_get_title (board));
  gtk_print_operation_set_custom_tab_label (operation, _("Board"));
  if (last_settings != NULL)
    gtk_print_operation_set_print_settings (operation, last_settings);
  if (last_page_setup != NULL)
    gtk_print_operation_set_default_page_setup (operation, last_page_setup);
  g_signal_connect (operation, "create-custom-widget", G_CALLBACK (create_custom_widget_cb), job);
  g_signal_connect (operation, "custom-widget-apply", G_CALLBACK (custom_widget_apply_cb), job);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  g_signal_connect (operation, "preview", G_CALLBACK (preview_cb), job);
  g_signal_connect (operation, "done", G_CALLBACK (done_cb), parent);

  if (export_filename != NULL)
    {
      gtk_print_operation_set_export_filename (operation, export_filename);
      gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, parent, &error);
    }
  else
    {
      gtk_print_operation_set_allow_async (operation, TRUE);
      gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error);
    }
  if (error != NULL)
    evb_compat_show_error (GTK_WIDGET (parent), _("Could Not Print"), error->message);
}
