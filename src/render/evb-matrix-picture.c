/* evb-matrix-picture.c: the matrix of competing hypotheses as a picture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A table drawn with cairo and pango, in the colours of the matrix view:
 * a picture for a report, where the view is for working. The picture is
 * drawn into memory and written with g_file_set_contents(), so a failed
 * write leaves no half file.
 */

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "evb-assessment.h"
#include "evb-error.h"
#include "evb-matrix.h"
#include "evb-matrix-picture.h"

#define MARGIN        24.0
#define PAD           8.0
#define ROW_HEIGHT    26.0
#define TITLE_WIDTH   300.0
#define GRADES_WIDTH  64.0
#define DIAG_WIDTH    100.0
#define CELL_WIDTH    150.0
#define HEADING_SPACE 44.0
#define FONT          "Cantarell, DejaVu Sans 10"

typedef struct
{
  double fg[3];
  double bg[3];
  double consistent[3];
  double inconsistent[3];
} Colours;

static const Colours light = {
  { 0.14, 0.14, 0.16 }, { 1, 1, 1 }, { 0.15, 0.55, 0.33 }, { 0.75, 0.11, 0.16 },
};
static const Colours dark_colours = {
  { 0.93, 0.93, 0.93 }, { 0.14, 0.14, 0.15 }, { 0.34, 0.83, 0.55 }, { 0.96, 0.38, 0.32 },
};

typedef struct
{
  EvbBoard      *board;
  EvbMatrix     *matrix;
  EvbAssessment *assessment;
  const Colours *colours;
  char          *scope;           /* what a filter leaves out, or NULL */
  double         scope_height;
  double         header_height;
  double         width;
  double         height;
} Table;

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *text,
             double      width,
             gboolean    bold,
             gboolean    wrap)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT);

  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, pango_units_from_double (width));
  if (wrap)
    {
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_height (layout, -4);
    }
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return layout;
}

static void
set_colour (cairo_t      *cr,
            const double  rgb[3],
            double        alpha)
{
  cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], alpha);
}

/* Text in the box (x, y, width, height), centred vertically; align is
 * PANGO_ALIGN_LEFT, CENTER or RIGHT. */
static void
draw_text (cairo_t        *cr,
           const char     *text,
           double          x,
           double          y,
           double          width,
           double          height,
           gboolean        bold,
           PangoAlignment  align,
           gboolean        wrap)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, text, width - 2 * PAD, bold, wrap);
  int text_height;

  pango_layout_set_alignment (layout, align);
  pango_layout_get_pixel_size (layout, NULL, &text_height);
  cairo_move_to (cr, x + PAD, y + (height - text_height) / 2);
  pango_cairo_show_layout (cr, layout);
}

static double
claim_columns_x (void)
{
  return MARGIN + TITLE_WIDTH + GRADES_WIDTH + DIAG_WIDTH;
}

static const char *
node_title (EvbBoard   *board,
            const char *id)
{
  EvbNode *node = evb_board_get_node (board, id);

  return node != NULL ? evb_node_get_title (node) : id;
}

static void
measure (Table   *table,
         cairo_t *cr)
{
  guint n_columns = evb_matrix_get_n_hypotheses (table->matrix);

  table->width = claim_columns_x () + n_columns * CELL_WIDTH + MARGIN;
  table->scope_height = 0;
  if (table->scope != NULL)
    {
      g_autoptr(PangoLayout) layout = NULL;
      int h;

      layout = make_layout (cr, table->scope, table->width - 2 * MARGIN, FALSE, TRUE);
      pango_layout_get_pixel_size (layout, NULL, &h);
      table->scope_height = h + PAD;
    }
  table->header_height = ROW_HEIGHT;
  for (guint i = 0; i < n_columns; i++)
    {
      g_autoptr(PangoLayout) layout = make_layout (cr, node_title (table->board,
                                                                   evb_matrix_get_hypothesis (table->matrix, i)),
                                                   CELL_WIDTH - 2 * PAD, TRUE, TRUE);
      int h;

      pango_layout_get_pixel_size (layout, NULL, &h);
      table->header_height = MAX (table->header_height, h + 2 * PAD);
    }
  table->height = MARGIN + HEADING_SPACE + table->scope_height + table->header_height
                  + (evb_matrix_get_n_rows (table->matrix) + 2) * ROW_HEIGHT + MARGIN;
}

static void
draw (Table   *table,
      cairo_t *cr)
{
  const Colours *c = table->colours;
  guint n_rows = evb_matrix_get_n_rows (table->matrix);
  guint n_columns = evb_matrix_get_n_hypotheses (table->matrix);
  double x0 = MARGIN, cx = claim_columns_x ();
  double y = MARGIN;
  g_autofree char *heading = NULL;
  const char *board_title = evb_board_get_title (table->board);

  set_colour (cr, c->bg, 1);
  cairo_paint (cr);

  /* Translators: the heading of the matrix picture; %s is the board's title */
  heading = g_strdup_printf (_("Competing hypotheses: %s"),
                             board_title != NULL && board_title[0] != '\0' ? board_title : _("Untitled Board"));
  set_colour (cr, c->fg, 1);
  draw_text (cr, heading, x0 - PAD, y, table->width - 2 * MARGIN + 2 * PAD, HEADING_SPACE - 12, TRUE,
             PANGO_ALIGN_LEFT, FALSE);
  y += HEADING_SPACE;
  /* A filtered matrix says so above itself, as the view does. */
  if (table->scope != NULL)
    {
      draw_text (cr, table->scope, x0 - PAD, y, table->width - 2 * MARGIN + 2 * PAD, table->scope_height - PAD,
                 FALSE, PANGO_ALIGN_LEFT, TRUE);
      y += table->scope_height;
    }

  /* Header */
  set_colour (cr, c->fg, 0.08);
  cairo_rectangle (cr, x0, y, table->width - 2 * MARGIN, table->header_height);
  cairo_fill (cr);
  set_colour (cr, c->fg, 1);
  draw_text (cr, _("Evidence"), x0, y, TITLE_WIDTH, table->header_height, TRUE, PANGO_ALIGN_LEFT, FALSE);
  draw_text (cr, _("Grades"), x0 + TITLE_WIDTH, y, GRADES_WIDTH, table->header_height, TRUE,
             PANGO_ALIGN_RIGHT, FALSE);
  draw_text (cr, _("Diagnosticity"), x0 + TITLE_WIDTH + GRADES_WIDTH, y, DIAG_WIDTH, table->header_height,
             TRUE, PANGO_ALIGN_RIGHT, FALSE);
  for (guint i = 0; i < n_columns; i++)
    draw_text (cr, node_title (table->board, evb_matrix_get_hypothesis (table->matrix, i)),
               cx + i * CELL_WIDTH, y, CELL_WIDTH, table->header_height, TRUE, PANGO_ALIGN_CENTER, TRUE);
  y += table->header_height;

  /* Rows: shaded by diagnosticity, as in the view. */
  for (guint r = 0; r < n_rows; r++, y += ROW_HEIGHT)
    {
      const char *id = evb_matrix_get_row (table->matrix, r);
      EvbNode *node = evb_board_get_node (table->board, id);
      const EvbNodeData *data = node != NULL ? evb_node_get_data (node) : NULL;
      double diagnosticity = evb_matrix_get_diagnosticity (table->matrix, r);
      char grades[8] = "—";
      char number[16];

      set_colour (cr, c->fg, 0.03 * (int) CLAMP (diagnosticity * 4 + 0.5, 0, 4));
      cairo_rectangle (cr, x0, y, table->width - 2 * MARGIN, ROW_HEIGHT);
      cairo_fill (cr);

      if (data != NULL && (data->reliability != '\0' || data->credibility > 0))
        g_snprintf (grades, sizeof grades, "%c%c", data->reliability != '\0' ? data->reliability : '-',
                    data->credibility > 0 ? '0' + data->credibility : '-');
      g_snprintf (number, sizeof number, "%.2f", diagnosticity);
      set_colour (cr, c->fg, 1);
      draw_text (cr, node_title (table->board, id), x0, y, TITLE_WIDTH, ROW_HEIGHT, FALSE, PANGO_ALIGN_LEFT,
                 FALSE);
      draw_text (cr, grades, x0 + TITLE_WIDTH, y, GRADES_WIDTH, ROW_HEIGHT, FALSE, PANGO_ALIGN_RIGHT, FALSE);
      draw_text (cr, number, x0 + TITLE_WIDTH + GRADES_WIDTH, y, DIAG_WIDTH, ROW_HEIGHT, FALSE,
                 PANGO_ALIGN_RIGHT, FALSE);

      for (guint i = 0; i < n_columns; i++)
        {
          EvbMatrixCell cell = evb_matrix_get_cell (table->matrix, r, i);
          const double *rgb = c->fg;
          double alpha = 0.45;

          if (cell == EVB_MATRIX_CELL_C || cell == EVB_MATRIX_CELL_CC)
            rgb = c->consistent, alpha = 1;
          else if (cell == EVB_MATRIX_CELL_I || cell == EVB_MATRIX_CELL_II)
            rgb = c->inconsistent, alpha = 1;
          if (cell == EVB_MATRIX_CELL_CC || cell == EVB_MATRIX_CELL_II)
            {
              set_colour (cr, rgb, 0.18);
              cairo_rectangle (cr, cx + i * CELL_WIDTH + 4, y + 3, CELL_WIDTH - 8, ROW_HEIGHT - 6);
              cairo_fill (cr);
            }
          set_colour (cr, rgb, alpha);
          draw_text (cr, evb_matrix_cell_to_string (cell), cx + i * CELL_WIDTH, y, CELL_WIDTH, ROW_HEIGHT,
                     cell != EVB_MATRIX_CELL_N, PANGO_ALIGN_CENTER, FALSE);
        }
    }

  /* Under each column: inconsistency and likelihood. */
  set_colour (cr, c->fg, 1);
  draw_text (cr, _("Inconsistency and likelihood"), x0, y, TITLE_WIDTH + GRADES_WIDTH + DIAG_WIDTH,
             2 * ROW_HEIGHT, TRUE, PANGO_ALIGN_LEFT, FALSE);
  for (guint i = 0; i < n_columns; i++)
    {
      const EvbClaimAssessment *a = evb_assessment_get (table->assessment,
                                                        evb_matrix_get_hypothesis (table->matrix, i));
      g_autofree char *text = NULL;

      /* Translators: under a hypothesis: its inconsistency score, then its likelihood */
      text = g_strdup_printf (_("%.1f\n%s"), evb_matrix_get_inconsistency (table->matrix, i),
                              a != NULL && a->assessed ? evb_likelihood_get_label (a->likelihood)
                                                       : _("not assessed"));
      draw_text (cr, text, cx + i * CELL_WIDTH, y, CELL_WIDTH, 2 * ROW_HEIGHT, FALSE, PANGO_ALIGN_CENTER,
                 FALSE);
    }

  /* Grid: lines between rows and columns. */
  set_colour (cr, c->fg, 0.15);
  cairo_set_line_width (cr, 1);
  for (double ly = MARGIN + HEADING_SPACE + table->scope_height + table->header_height; ly <= y + 0.5; ly += ROW_HEIGHT)
    {
      cairo_move_to (cr, x0, ly + 0.5);
      cairo_line_to (cr, table->width - MARGIN, ly + 0.5);
    }
  for (guint i = 0; i <= n_columns; i++)
    {
      cairo_move_to (cr, cx + i * CELL_WIDTH + 0.5, MARGIN + HEADING_SPACE + table->scope_height);
      cairo_line_to (cr, cx + i * CELL_WIDTH + 0.5, y + 2 * ROW_HEIGHT);
    }
  cairo_stroke (cr);
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

gboolean
evb_matrix_picture_to_file (EvbBoard         *board,
                            GHashTable       *matches,
                            const char       *filter_description,
                            const char       *path,
                            EvbExportFormat   format,
                            gboolean          dark,
                            GError          **error)
{
  g_autoptr(EvbMatrix) matrix = NULL;
  g_autoptr(EvbAssessment) assessment = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *measuring, *surface;
  cairo_t *cr;
  cairo_status_t status;
  Table table = { 0 };
  g_autofree char *scope = NULL;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The matrix of the filter's matches, built as the view builds it. */
  matrix = evb_matrix_new_filtered (board, NULL, matches);
  assessment = evb_assessment_new (board);
  scope = evb_matrix_describe_scope (matrix);
  if (scope != NULL && filter_description != NULL)
    {
      g_autofree char *sentence = g_steal_pointer (&scope);

      /* Translators: after "Filtered: 3 of 17 evidence items against 2 of
       * 3 hypotheses." in a matrix picture; %s is the filter in words,
       * e.g. "evidence only; tags: osint" */
      scope = g_strdup_printf (_("%s Filter: %s."), sentence, filter_description);
    }
  table.scope = scope;
  table.board = board;
  table.matrix = matrix;
  table.assessment = assessment;
  table.colours = dark ? &dark_colours : &light;

  measuring = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (measuring);
  measure (&table, cr);
  cairo_destroy (cr);
  cairo_surface_destroy (measuring);
  if (table.width > EVB_EXPORT_MAX_PIXELS || table.height > EVB_EXPORT_MAX_PIXELS)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("The matrix of %u items and %u hypotheses is too large for one picture; export it as CSV instead"),
                   evb_matrix_get_n_rows (matrix), evb_matrix_get_n_hypotheses (matrix));
      return FALSE;
    }

  switch (format)
    {
    case EVB_EXPORT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_cb, bytes, table.width, table.height);
      break;
    case EVB_EXPORT_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_cb, bytes, table.width, table.height);
      break;
    case EVB_EXPORT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) table.width, (int) table.height);
      break;
    }
  cr = cairo_create (surface);
  draw (&table, cr);
  cairo_destroy (cr);
  status = format == EVB_EXPORT_PNG ? cairo_surface_write_to_png_stream (surface, append_cb, bytes)
                                    : CAIRO_STATUS_SUCCESS;
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not draw the matrix: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }

  /* Replaced atomically: a failed write leaves no half picture. */
  return g_file_set_contents (path, (const char *) bytes->data, bytes->len, error);
}
