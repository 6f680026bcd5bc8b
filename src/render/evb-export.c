/* evb-export.c: boards as PNG, SVG and PDF images
 *
 * Export draws the render nodes of the canvas's own renderer onto a cairo
 * surface, so a report shows the board as the investigator saw it. Text and
 * icons stay vector in SVG and PDF, and text stays text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <unistd.h>

#include "evb-error.h"
#include "evb-export.h"
#include "evb-export-private.h"
#include "evb-renderer-private.h"
#include "evb-temp-file.h"

#define LEGEND_WIDTH   600.0
#define LEGEND_GAP     32.0
#define EMPTY_SIZE     120.0

#ifndef PNG_COMPRESSION_LEVEL
#define PNG_COMPRESSION_LEVEL 1
#endif
#ifndef PNG_FILTERS
#define PNG_FILTERS PNG_FILTER_NONE
#endif

/* Progress of one export: building the picture is the first tenth; then
 * a PNG is drawn (one step per leaf render node: a text, a card's frame, a
 * link) and its rows written; an SVG or PDF is only recorded while drawing,
 * and written out when the surface is finished, which takes most of the
 * time: that part is measured in bytes against an estimate from the
 * number of leaves (measured: about 180 bytes each in a PDF, 1,000 in an
 * SVG; a little less is assumed), approaching its end without passing it. */
#define PROGRESS_BUILT       0.1
#define PROGRESS_DRAWN_IMAGE 0.9
#define PROGRESS_DRAWN_PAGES 0.3
#define PDF_BYTES_PER_LEAF   150.0
#define SVG_BYTES_PER_LEAF   800.0

typedef struct
{
  EvbExportProgress  callback;
  gpointer           data;
  int                percent;     /* the last one reported, or -1 */
  guint              done;        /* leaves drawn */
  guint              total;
  double             drawn;       /* where drawing ends */
  double             estimate;    /* bytes the finished file will have, 0 = not finishing */
} Progress;

typedef struct
{
  int       fd;
  int       saved_errno;
  Progress *progress;
  guint64   written;
} Sink;

void
evb_export_options_init (EvbExportOptions *options)
{
  g_return_if_fail (options != NULL);

  options->scale = 1.0;
  options->background = EVB_EXPORT_BACKGROUND_LIGHT;
  options->legend = FALSE;
  options->node_ids = NULL;
  options->margin = 40.0;
  options->attachments = NULL;
  options->progress = NULL;
  options->progress_data = NULL;
}

/* Reports whole percents only: a 100,000-node board has 200,000 steps. */
static void
report_progress (Progress *progress,
                 double    fraction)
{
  int percent;

  if (progress->callback == NULL)
    return;
  fraction = CLAMP (fraction, 0, 1);
  percent = (int) floor (fraction * 100);
  if (percent <= progress->percent)
    return;
  progress->percent = percent;
  progress->callback (fraction, progress->data);
}

gboolean
evb_export_format_from_path (const char      *path,
                             EvbExportFormat *format)
{
  g_autofree char *lower = NULL;
  EvbExportFormat f;

  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".png"))
    f = EVB_EXPORT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    f = EVB_EXPORT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    f = EVB_EXPORT_PDF;
  else
    return FALSE;

  if (format != NULL)
    *format = f;
  return TRUE;
}

/* Layout of the legend */

static const EvbEvidenceType legend_types[] = {
  EVB_EVIDENCE_TYPE_VIDEO, EVB_EVIDENCE_TYPE_PHOTO, EVB_EVIDENCE_TYPE_SATELLITE_IMAGERY,
  EVB_EVIDENCE_TYPE_RADAR, EVB_EVIDENCE_TYPE_INTERCEPT, EVB_EVIDENCE_TYPE_DOCUMENT,
  EVB_EVIDENCE_TYPE_STATEMENT, EVB_EVIDENCE_TYPE_SOCIAL_MEDIA, EVB_EVIDENCE_TYPE_REPORT,
  EVB_EVIDENCE_TYPE_OTHER,
};

#define LEGEND_COLUMNS 3
#define LEGEND_ROW     24.0

static double
legend_height (void)
{
  guint n_items = G_N_ELEMENTS (legend_types) + 2;   /* types, claim, attachment */
  guint rows = (n_items + LEGEND_COLUMNS - 1) / LEGEND_COLUMNS;

  /* title, link samples, icon grid */
  return 16 + 28 + 2 * LEGEND_ROW + 8 + rows * LEGEND_ROW + 16;
}

static void
append_legend (EvbRenderer *renderer,
               GtkSnapshot *snapshot,
               double       x,
               double       y)
{
  const EvbPalette *palette = evb_renderer_get_palette (renderer);
  graphene_rect_t box = GRAPHENE_RECT_INIT (x, y, LEGEND_WIDTH, legend_height ());
  GskRoundedRect outline;
  float widths[4] = { 1, 1, 1, 1 };
  GdkRGBA colors[4] = { palette->card_border, palette->card_border, palette->card_border, palette->card_border };
  g_autoptr(PangoLayout) title = NULL;
  double cy;
  guint i;

  gsk_rounded_rect_init_from_rect (&outline, &box, 8);
  gtk_snapshot_push_rounded_clip (snapshot, &outline);
  gtk_snapshot_append_color (snapshot, &palette->card, &box);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);

  title = _evb_renderer_create_layout (renderer, _("Legend"), "Cantarell, DejaVu Sans Bold 10", -1, -1);
  _evb_renderer_append_layout (snapshot, title, &palette->text, x + 16, y + 14);
  cy = y + 16 + 28;

  for (i = 0; i < 2; i++)
    {
      EvbRelation relation = i == 0 ? EVB_RELATION_SUPPORTS : EVB_RELATION_REFUTES;
      const char *text = i == 0
        ? _("Supports: solid line with an arrow head, blue; thicker is stronger")
        : _("Refutes: dashed line with a bar end, orange; thicker is stronger");
      g_autoptr(PangoLayout) layout = _evb_renderer_create_layout (renderer, text, "Cantarell, DejaVu Sans 9",
                                                                    LEGEND_WIDTH - 100, 0);
      int lw, lh;

      _evb_renderer_append_link_sample (renderer, snapshot, relation, x + 16, cy + LEGEND_ROW / 2 - 2, 48);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      _evb_renderer_append_layout (snapshot, layout, &palette->text, x + 76, cy + (LEGEND_ROW - 4 - lh) / 2);
      cy += LEGEND_ROW;
    }
  cy += 8;

  for (i = 0; i < G_N_ELEMENTS (legend_types) + 2; i++)
    {
      double cx = x + 16 + (i % LEGEND_COLUMNS) * ((LEGEND_WIDTH - 32) / LEGEND_COLUMNS);
      double ry = cy + (i / LEGEND_COLUMNS) * LEGEND_ROW;
      const char *icon, *label;
      g_autoptr(PangoLayout) layout = NULL;

      if (i == 0)
        {
          icon = "evb-claim-symbolic";
          label = _("Claim");
        }
      else if (i == 1)
        {
          icon = "evb-attachment-symbolic";
          label = _("Attached file");
        }
      else
        {
          icon = _evb_renderer_get_type_icon (legend_types[i - 2]);
          label = evb_evidence_type_get_label (legend_types[i - 2]);
        }
      _evb_renderer_append_icon (renderer, snapshot, icon,
                                 i == 0 ? &palette->claim_header : &palette->icon, cx, ry + 2, 16);
      layout = _evb_renderer_create_layout (renderer, label, "Cantarell, DejaVu Sans 9",
                                            (LEGEND_WIDTH - 32) / LEGEND_COLUMNS - 28, 0);
      _evb_renderer_append_layout (snapshot, layout, &palette->text, cx + 24, ry + 1);
    }
}

/* Geometry */

static GHashTable *
make_id_set (const char * const *ids)
{
  GHashTable *set;

  if (ids == NULL)
    return NULL;
  set = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; ids[i] != NULL; i++)
    g_hash_table_add (set, (gpointer) ids[i]);
  return set;
}

typedef struct
{
  graphene_rect_t content;   /* board coordinates of the board part, may be empty */
  gboolean        has_content;
  double          width;     /* in board units, margins included */
  double          height;
  double          legend_y;  /* offset from the top, board units */
} Layout;

static void
compute_layout (EvbRenderer            *renderer,
                const EvbExportOptions *options,
                Layout                 *layout)
{
  double margin = MAX (options->margin, 0);
  double w, h;

  layout->has_content = evb_renderer_get_extents (renderer, &layout->content);
  if (layout->has_content)
    {
      /* Shadows reach a few units past the cards. */
      graphene_rect_inset (&layout->content, -8, -8);
      w = layout->content.size.width;
      h = layout->content.size.height;
    }
  else
    {
      graphene_rect_init (&layout->content, 0, 0, 0, 0);
      w = options->legend ? 0 : EMPTY_SIZE;
      h = options->legend ? 0 : EMPTY_SIZE;
    }

  layout->legend_y = margin + h + (layout->has_content ? LEGEND_GAP : 0);
  if (options->legend)
    {
      w = MAX (w, LEGEND_WIDTH);
      h = layout->legend_y - margin + legend_height ();
    }
  layout->width = w + 2 * margin;
  layout->height = h + 2 * margin;
}

static EvbRenderer *
create_renderer (EvbBoard               *board,
                 const EvbExportOptions *options,
                 EvbExportFormat         format)
{
  EvbRenderer *renderer = evb_renderer_new (board);
  g_autoptr(GHashTable) visible = make_id_set (options->node_ids);

  _evb_renderer_set_vector_only (renderer, format != EVB_EXPORT_PNG);
  _evb_renderer_set_exporting (renderer, TRUE);
  evb_renderer_set_dark (renderer, options->background == EVB_EXPORT_BACKGROUND_DARK);
  if (visible != NULL)
    evb_renderer_set_visible_nodes (renderer, visible);
  if (options->attachments != NULL)
    evb_renderer_set_attachment_state (renderer, options->attachments);
  /* Derived from the board alone: the picture's cards say what the
   * window's say. */
  {
    g_autoptr(EvbAssessment) assessment = evb_assessment_new (board);

    evb_renderer_set_assessment (renderer, assessment);
  }
  return renderer;
}

void
evb_export_get_size (EvbBoard               *board,
                     const EvbExportOptions *options,
                     double                 *width,
                     double                 *height)
{
  g_autoptr(EvbRenderer) renderer = NULL;
  EvbExportOptions defaults;
  Layout layout;

  g_return_if_fail (EVB_IS_BOARD (board));

  if (options == NULL)
    {
      evb_export_options_init (&defaults);
      options = &defaults;
    }
  renderer = create_renderer (board, options, EVB_EXPORT_PNG);
  compute_layout (renderer, options, &layout);
  if (width != NULL)
    *width = layout.width * options->scale;
  if (height != NULL)
    *height = layout.height * options->scale;
}

static GskRenderNode *
build_image (EvbRenderer            *renderer,
             const EvbExportOptions *options,
             const Layout           *layout,
             double                  zoom)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  const EvbPalette *palette = evb_renderer_get_palette (renderer);
  double margin = MAX (options->margin, 0);

  if (options->background != EVB_EXPORT_BACKGROUND_TRANSPARENT)
    gtk_snapshot_append_color (snapshot, &palette->background,
                               &GRAPHENE_RECT_INIT (0, 0, layout->width, layout->height));

  if (layout->has_content)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (margin - layout->content.origin.x,
                                                              margin - layout->content.origin.y));
      evb_renderer_snapshot (renderer, snapshot, &layout->content, zoom);
      gtk_snapshot_restore (snapshot);
    }

  if (options->legend)
    append_legend (renderer, snapshot, margin, layout->legend_y);

  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

/* Drawing for SVG
 *
 * cairo 1.16's SVG surface loses the contents of a recording surface painted
 * through a translated pattern, and every cairo node (links, icons) is such a
 * recording surface. So SVG export walks the tree itself and wraps each cairo
 * node's recording in an unbounded one, which that surface handles. Drawing
 * stays vector. */

static void
append_corner (cairo_t *cr,
               double   cx,
               double   cy,
               double   rx,
               double   ry,
               double   from,
               double   to)
{
  if (rx <= 0 || ry <= 0)
    {
      cairo_line_to (cr, cx, cy);
      return;
    }
  cairo_save (cr);
  cairo_translate (cr, cx, cy);
  cairo_scale (cr, rx, ry);
  cairo_arc (cr, 0, 0, 1, from, to);
  cairo_restore (cr);
}

static void
rounded_rect_path (cairo_t              *cr,
                   const GskRoundedRect *rr)
{
  double x = rr->bounds.origin.x, y = rr->bounds.origin.y;
  double w = rr->bounds.size.width, h = rr->bounds.size.height;
  const graphene_size_t *c = rr->corner;

  cairo_new_path (cr);
  append_corner (cr, x + c[0].width, y + c[0].height, c[0].width, c[0].height, G_PI, 1.5 * G_PI);
  append_corner (cr, x + w - c[1].width, y + c[1].height, c[1].width, c[1].height, -0.5 * G_PI, 0);
  append_corner (cr, x + w - c[2].width, y + h - c[2].height, c[2].width, c[2].height, 0, 0.5 * G_PI);
  append_corner (cr, x + c[3].width, y + h - c[3].height, c[3].width, c[3].height, 0.5 * G_PI, G_PI);
  cairo_close_path (cr);
}

/* cairo 1.16's SVG surface writes patterns out only when it is finished,
 * and reads freed memory if their recording surfaces are gone by then
 * (valgrind: "uninitialised value", and links vanish from the SVG). So the
 * surface keeps each one until it is destroyed. */
static cairo_user_data_key_t keep_key;

static void
keep_until_finished (cairo_t         *cr,
                     cairo_surface_t *surface)
{
  cairo_surface_t *target = cairo_get_target (cr);
  GPtrArray *kept = cairo_surface_get_user_data (target, &keep_key);

  if (kept == NULL)
    {
      kept = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
      cairo_surface_set_user_data (target, &keep_key, kept, (cairo_destroy_func_t) g_ptr_array_unref);
    }
  g_ptr_array_add (kept, surface);
}

static void
draw_node_for_svg (GskRenderNode *node,
                   cairo_t       *cr)
{
  switch ((int) gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        draw_node_for_svg (gsk_container_node_get_child (node, i), cr);
      break;

    case GSK_TRANSFORM_NODE:
      {
        GskTransform *transform = gsk_transform_node_get_transform (node);
        float xx, yx, xy, yy, dx, dy;
        cairo_matrix_t matrix;

        if (gsk_transform_get_category (transform) < GSK_TRANSFORM_CATEGORY_2D)
          {
            gsk_render_node_draw (node, cr);
            break;
          }
        gsk_transform_to_2d (transform, &xx, &yx, &xy, &yy, &dx, &dy);
        cairo_matrix_init (&matrix, xx, yx, xy, yy, dx, dy);
        cairo_save (cr);
        cairo_transform (cr, &matrix);
        draw_node_for_svg (gsk_transform_node_get_child (node), cr);
        cairo_restore (cr);
      }
      break;

    case GSK_CLIP_NODE:
      {
        const graphene_rect_t *clip = gsk_clip_node_get_clip (node);

        cairo_save (cr);
        cairo_rectangle (cr, clip->origin.x, clip->origin.y, clip->size.width, clip->size.height);
        cairo_clip (cr);
        draw_node_for_svg (gsk_clip_node_get_child (node), cr);
        cairo_restore (cr);
      }
      break;

    case GSK_ROUNDED_CLIP_NODE:
      cairo_save (cr);
      rounded_rect_path (cr, gsk_rounded_clip_node_get_clip (node));
      cairo_clip (cr);
      draw_node_for_svg (gsk_rounded_clip_node_get_child (node), cr);
      cairo_restore (cr);
      break;

    case GSK_DEBUG_NODE:
      draw_node_for_svg (gsk_debug_node_get_child (node), cr);
      break;

    case GSK_CAIRO_NODE:
      {
        cairo_surface_t *recording = gsk_cairo_node_get_surface (node);
        cairo_surface_t *wrapper;
        cairo_t *wc;

        if (recording == NULL)
          break;
        {
          /* Bounded: an unbounded recording surface leaves its extents
           * uninitialised in cairo 1.16, and the SVG then loses it at random. */
          graphene_rect_t b;
          cairo_rectangle_t extents;

          gsk_render_node_get_bounds (node, &b);
          extents.x = MIN (0, floor (b.origin.x));
          extents.y = MIN (0, floor (b.origin.y));
          extents.width = ceil (b.origin.x + b.size.width) - extents.x;
          extents.height = ceil (b.origin.y + b.size.height) - extents.y;
          wrapper = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
        }
        wc = cairo_create (wrapper);
        cairo_set_source_surface (wc, recording, 0, 0);
        cairo_paint (wc);
        cairo_destroy (wc);

        cairo_save (cr);
        cairo_set_source_surface (cr, wrapper, 0, 0);
        cairo_paint (cr);
        cairo_restore (cr);
        keep_until_finished (cr, wrapper);
      }
      break;

    default:
      gsk_render_node_draw (node, cr);
      break;
    }
}

/* Draws the picture one leaf at a time, so that a long export can say how
 * far it is. A container node only draws its children in order, so walking
 * containers here draws exactly what gsk_render_node_draw would. */
static gboolean
is_2d_transform_node (GskRenderNode *node)
{
  return gsk_render_node_get_node_type (node) == GSK_TRANSFORM_NODE &&
         gsk_transform_get_category (gsk_transform_node_get_transform (node)) >=
           GSK_TRANSFORM_CATEGORY_2D;
}

static guint
count_leaves (GskRenderNode *node)
{
  guint n = 0;

  if (is_2d_transform_node (node))
    return count_leaves (gsk_transform_node_get_child (node));
  if (gsk_render_node_get_node_type (node) != GSK_CONTAINER_NODE)
    return 1;
  for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
    n += count_leaves (gsk_container_node_get_child (node, i));
  return n;
}

static void
draw_image (GskRenderNode *node,
            cairo_t       *cr,
            gboolean       for_svg,
            Progress      *progress)
{
  if (gsk_render_node_get_node_type (node) == GSK_CONTAINER_NODE)
    {
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        draw_image (gsk_container_node_get_child (node, i), cr, for_svg, progress);
      return;
    }
  if (is_2d_transform_node (node))
    {
      float xx, yx, xy, yy, dx, dy;
      cairo_matrix_t matrix;

      gsk_transform_to_2d (gsk_transform_node_get_transform (node), &xx, &yx, &xy, &yy, &dx, &dy);
      cairo_matrix_init (&matrix, xx, yx, xy, yy, dx, dy);
      cairo_save (cr);
      cairo_transform (cr, &matrix);
      draw_image (gsk_transform_node_get_child (node), cr, for_svg, progress);
      cairo_restore (cr);
      return;
    }

  if (for_svg)
    draw_node_for_svg (node, cr);
  else
    gsk_render_node_draw (node, cr);
  progress->done++;
  report_progress (progress, PROGRESS_BUILT + (progress->drawn - PROGRESS_BUILT) *
                             progress->done / MAX (progress->total, 1));
}

/* Writing */

static cairo_status_t
sink_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Sink *sink = closure;

  if (sink->saved_errno != 0)
    return CAIRO_STATUS_WRITE_ERROR;

  while (length > 0)
    {
      ssize_t n = write (sink->fd, data, length);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          sink->saved_errno = errno;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += n;
      length -= n;
      sink->written += n;
    }
  if (sink->progress != NULL && sink->progress->estimate > 0)
    report_progress (sink->progress,
                     sink->progress->drawn + (1 - sink->progress->drawn) *
                     (1 - exp (-(double) sink->written / sink->progress->estimate)));
  return CAIRO_STATUS_SUCCESS;
}

/* PNG, written with libpng rather than cairo's writer, which compresses at
 * zlib's default level and tries every row filter: that took a quarter of
 * the time of a big export. A board is flat colour and anti-aliased edges;
 * level 1 with the Sub filter makes files about as small, in a fraction of
 * the time. The pixels are those cairo would write (un-premultiplied
 * RGBA, or RGB when every pixel is opaque), with its white bKGD chunk. */

static void
png_write_cb (png_structp png,
              png_bytep   data,
              png_size_t  length)
{
  Sink *sink = png_get_io_ptr (png);

  while (length > 0)
    {
      unsigned int chunk = (unsigned int) MIN (length, G_MAXUINT);

      if (sink_write (sink, data, chunk) != CAIRO_STATUS_SUCCESS)
        png_error (png, "write error");
      data += chunk;
      length -= chunk;
    }
}

static void
png_flush_cb (png_structp png)
{
}

/* libpng's own handlers print to stderr ("libpng error: write error"):
 * a second line under the CLI's one, and noise under the app. The sink
 * keeps the errno the caller turns into a sentence. */
static void
png_error_cb (png_structp     png,
              png_const_charp message)
{
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp     png,
                png_const_charp message)
{
}

static gboolean
surface_is_opaque (const guint8 *data,
                   int           width,
                   int           height,
                   int           stride)
{
  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        if (row[x] < 0xff000000u)
          return FALSE;
    }
  return TRUE;
}

/* Cairo's ARGB32 is premultiplied and in native byte order. */
static void
convert_row (const guint32 *in,
             guint8        *out,
             int            width,
             gboolean       opaque)
{
  for (int x = 0; x < width; x++)
    {
      guint32 pixel = in[x];
      guint alpha = pixel >> 24;
      guint r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

      if (opaque)
        {
          out[0] = r;
          out[1] = g;
          out[2] = b;
          out += 3;
          continue;
        }
      if (alpha == 0)
        r = g = b = 0;
      else if (alpha != 0xff)
        {
          r = (r * 255 + alpha / 2) / alpha;
          g = (g * 255 + alpha / 2) / alpha;
          b = (b * 255 + alpha / 2) / alpha;
        }
      out[0] = r;
      out[1] = g;
      out[2] = b;
      out[3] = alpha;
      out += 4;
    }
}

static cairo_status_t
write_png (cairo_surface_t *surface,
           Sink            *sink,
           Progress        *progress)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data;
  gboolean opaque;
  guint8 *row;
  png_structp png;
  png_infop info;
  png_color_16 white = { 0, 0xff, 0xff, 0xff, 0xff };

  g_assert (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32);

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  opaque = surface_is_opaque (data, width, height, stride);

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, png_error_cb, png_warning_cb);
  if (png == NULL)
    return CAIRO_STATUS_NO_MEMORY;
  info = png_create_info_struct (png);
  row = g_malloc ((gsize) width * 4);
  if (info == NULL || setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, &info);
      g_free (row);
      return CAIRO_STATUS_WRITE_ERROR;
    }

  png_set_write_fn (png, sink, png_write_cb, png_flush_cb);
  png_set_IHDR (png, info, width, height, 8,
                opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA,
                PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_bKGD (png, info, &white);
  png_set_compression_level (png, PNG_COMPRESSION_LEVEL);
  png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTERS);
  png_write_info (png, info);
  for (int y = 0; y < height; y++)
    {
      convert_row ((const guint32 *) (data + (gsize) y * stride), row, width, opaque);
      png_write_row (png, row);
      if (progress != NULL)
        report_progress (progress, progress->drawn + (1 - progress->drawn) * y / height);
    }
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);
  g_free (row);
  return CAIRO_STATUS_SUCCESS;
}

gboolean
_evb_export_write_png (cairo_surface_t *surface,
                       int              fd)
{
  Sink sink = { fd, 0, NULL, 0 };
  cairo_status_t status = write_png (surface, &sink, NULL);

  errno = sink.saved_errno;
  return status == CAIRO_STATUS_SUCCESS;
}

static gboolean
set_write_error (GError     **error,
                 const char  *path,
                 int          saved_errno,
                 cairo_status_t status)
{
  g_autofree char *display = g_filename_display_name (path);

  if (saved_errno != 0)
    g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                 _("Could not write “%s”: %s"), display, g_strerror (saved_errno));
  else
    g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                 _("Could not draw the image for “%s”: %s"), display,
                 cairo_status_to_string (status));
  return FALSE;
}

/* Sizes */

static gboolean
png_fits (const Layout *layout,
          double        scale)
{
  double pw = ceil (layout->width * scale);
  double ph = ceil (layout->height * scale);

  return pw <= EVB_EXPORT_MAX_PIXELS && ph <= EVB_EXPORT_MAX_PIXELS &&
         pw * ph <= EVB_EXPORT_MAX_AREA;
}

/* The largest scale with two significant digits at which the PNG fits,
 * checked as printed: a suggestion that fails again helps no one (the old
 * "try --scale 0.01" did). 0 if none from EVB_EXPORT_MIN_SCALE on does. */
static double
largest_png_scale (const Layout *layout)
{
  double fit, step, nice;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  fit = MIN (EVB_EXPORT_MAX_PIXELS / layout->width, EVB_EXPORT_MAX_PIXELS / layout->height);
  fit = MIN (fit, sqrt (EVB_EXPORT_MAX_AREA / (layout->width * layout->height)));
  fit = MIN (fit, EVB_EXPORT_MAX_SCALE);
  step = pow (10, floor (log10 (fit)) - 1);
  for (nice = floor (fit / step) * step; nice >= EVB_EXPORT_MIN_SCALE; nice -= step)
    {
      double printed = g_ascii_strtod (g_ascii_formatd (buf, sizeof buf, "%g", nice), NULL);

      if (png_fits (layout, printed))
        return printed;
    }
  return png_fits (layout, EVB_EXPORT_MIN_SCALE) ? EVB_EXPORT_MIN_SCALE : 0;
}

/* SVG and PDF have their own size limits: past them, scale down. */
static double
vector_scale (EvbExportFormat  format,
              const Layout    *layout,
              double           scale)
{
  double limit = format == EVB_EXPORT_PDF ? EVB_EXPORT_PDF_MAX_SIZE : EVB_EXPORT_SVG_MAX_SIZE;

  return MIN (scale, MIN (limit / layout->width, limit / layout->height));
}

double
evb_export_get_largest_png_scale (EvbBoard               *board,
                                  const EvbExportOptions *options)
{
  g_autoptr(EvbRenderer) renderer = NULL;
  EvbExportOptions defaults;
  Layout layout;

  g_return_val_if_fail (EVB_IS_BOARD (board), 0);

  if (options == NULL)
    {
      evb_export_options_init (&defaults);
      options = &defaults;
    }
  renderer = create_renderer (board, options, EVB_EXPORT_PNG);
  compute_layout (renderer, options, &layout);
  return largest_png_scale (&layout);
}

static gboolean
draw_to_fd (GskRenderNode   *image,
            EvbExportFormat  format,
            double           width,
            double           height,
            double           scale,
            Sink            *sink,
            Progress        *progress,
            const char      *path,
            GError         **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  switch (format)
    {
    case EVB_EXPORT_PNG:
      {
        int pw = (int) ceil (width * scale);
        int ph = (int) ceil (height * scale);

        surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (pw, 1), MAX (ph, 1));
        break;
      }
    case EVB_EXPORT_SVG:
      surface = cairo_svg_surface_create_for_stream (sink_write, sink, width * scale, height * scale);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case EVB_EXPORT_PDF:
      surface = cairo_pdf_surface_create_for_stream (sink_write, sink, width * scale, height * scale);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Evidence Board");
      break;
    default:
      g_assert_not_reached ();
    }

  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return set_write_error (error, path, 0, status);
    }

  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  progress->total = count_leaves (image);
  progress->drawn = format == EVB_EXPORT_PNG ? PROGRESS_DRAWN_IMAGE : PROGRESS_DRAWN_PAGES;
  draw_image (image, cr, format == EVB_EXPORT_SVG, progress);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (format != EVB_EXPORT_PNG)
    {
      sink->progress = progress;
      progress->estimate = progress->total * (format == EVB_EXPORT_PDF ? PDF_BYTES_PER_LEAF
                                                                       : SVG_BYTES_PER_LEAF);
    }

  if (status == CAIRO_STATUS_SUCCESS && format == EVB_EXPORT_PNG)
    status = write_png (surface, sink, progress);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS || sink->saved_errno != 0)
    return set_write_error (error, path, sink->saved_errno, status);
  return TRUE;
}

gboolean
evb_export_to_file (EvbBoard               *board,
                    const char             *path,
                    EvbExportFormat         format,
                    const EvbExportOptions *options,
                    GCancellable           *cancellable,
                    GError                **error)
{
  g_autoptr(EvbRenderer) renderer = NULL;
  g_autoptr(GskRenderNode) image = NULL;
  g_autoptr(EvbTempFile) temp = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *display = NULL;
  EvbExportOptions defaults;
  Layout layout;
  Sink sink = { -1, 0, NULL, 0 };
  Progress progress = { NULL, NULL, -1, 0, 0, PROGRESS_DRAWN_IMAGE, 0 };
  double scale;
  gboolean ok;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format <= EVB_EXPORT_PDF, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      evb_export_options_init (&defaults);
      options = &defaults;
    }
  display = g_filename_display_name (path);
  progress.callback = options->progress;
  progress.data = options->progress_data;

  if (!isfinite (options->scale) || options->scale < EVB_EXPORT_MIN_SCALE ||
      options->scale > EVB_EXPORT_MAX_SCALE)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("The scale must be a number from %g to %g"),
                   EVB_EXPORT_MIN_SCALE, EVB_EXPORT_MAX_SCALE);
      return FALSE;
    }

  report_progress (&progress, 0);
  renderer = create_renderer (board, options, format);
  compute_layout (renderer, options, &layout);

  if (format == EVB_EXPORT_PNG && !png_fits (&layout, options->scale))
    {
      double pw = ceil (layout.width * options->scale);
      double ph = ceil (layout.height * options->scale);
      double largest = largest_png_scale (&layout);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (largest > 0)
        g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT,
                     _("The image would be %.0f × %.0f pixels, more than %d on a side or "
                       "%.0f million in all; try --scale %s, the largest scale that fits"),
                     pw, ph, EVB_EXPORT_MAX_PIXELS, EVB_EXPORT_MAX_AREA / 1e6,
                     g_ascii_formatd (buf, sizeof buf, "%g", largest));
      else
        g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT,
                     _("The image would be %.0f × %.0f pixels, more than %d on a side or "
                       "%.0f million in all, at any scale"),
                     pw, ph, EVB_EXPORT_MAX_PIXELS, EVB_EXPORT_MAX_AREA / 1e6);
      return FALSE;
    }
  scale = format == EVB_EXPORT_PNG ? options->scale : vector_scale (format, &layout, options->scale);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* A picture is drawn at the detail its pixels can show: a huge board
   * shrunk to a few thousand pixels gets the plain shapes of the zoomed-out
   * canvas. SVG and PDF can be zoomed into, so they always get every word. */
  image = build_image (renderer, options, &layout, format == EVB_EXPORT_PNG ? options->scale : 1.0);
  report_progress (&progress, PROGRESS_BUILT);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* A temporary file beside the target, renamed over it at the end, so a
   * failure half way never leaves a partial image where the user looks.
   * One that an export killed earlier left is removed first; only ours. */
  evb_temp_file_remove_stale_beside (path);
  temp = evb_temp_file_new_beside (path, 0644, error);
  if (temp == NULL)
    return FALSE;
  tmp_path = g_strdup (evb_temp_file_get_path (temp));
  sink.fd = evb_temp_file_dup_fd (temp, error);
  if (sink.fd < 0)
    {
      g_unlink (tmp_path);
      return FALSE;
    }

  ok = draw_to_fd (image, format, layout.width, layout.height, scale, &sink, &progress, path, error);

  if (ok && fsync (sink.fd) != 0)
    ok = set_write_error (error, path, errno, CAIRO_STATUS_SUCCESS);
  if (close (sink.fd) != 0 && ok)
    ok = set_write_error (error, path, errno, CAIRO_STATUS_SUCCESS);
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  if (ok && g_rename (tmp_path, path) != 0)
    ok = set_write_error (error, path, errno, CAIRO_STATUS_SUCCESS);

  if (!ok)
    g_unlink (tmp_path);
  else
    report_progress (&progress, 1);
  return ok;
}
