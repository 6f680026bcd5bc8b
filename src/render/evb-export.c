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
#include <pango/pangocairo.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
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
  gboolean           cull;        /* skip what lies outside the clip (a tile) */
} Progress;

typedef struct
{
  int       fd;
  int       saved_errno;
  Progress *progress;
  guint64   written;
  GString  *buffer;   /* an SVG is kept to add its text layer, then written */
  GString  *output;   /* instead of fd: a picture for a report */
} Sink;

void
evb_export_options_init (EvbExportOptions *options)
{
  g_return_if_fail (options != NULL);

  options->scale = 1.0;
  options->background = EVB_EXPORT_BACKGROUND_LIGHT;
  options->legend = FALSE;
  options->node_ids = NULL;
  options->dimmed_ids = NULL;
  options->margin = 40.0;
  options->attachments = NULL;
  options->progress = NULL;
  options->progress_data = NULL;
  options->title_block = FALSE;
  options->paper = EVB_EXPORT_PAPER_FIT;
  options->orientation = EVB_EXPORT_ORIENTATION_PORTRAIT;
  options->tile = FALSE;
  options->filter_description = NULL;
}

gboolean
evb_export_paper_from_string (const char     *name,
                              EvbExportPaper *paper)
{
  static const char * const names[] = { "fit", "a4", "letter", "a3" };

  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      {
        if (paper != NULL)
          *paper = (EvbExportPaper) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
evb_export_paper_get_size (EvbExportPaper        paper,
                           EvbExportOrientation  orientation,
                           double               *width,
                           double               *height)
{
  double w, h;

  switch (paper)
    {
    case EVB_EXPORT_PAPER_A4:
      w = 595;
      h = 842;
      break;
    case EVB_EXPORT_PAPER_LETTER:
      w = 612;
      h = 792;
      break;
    case EVB_EXPORT_PAPER_A3:
      w = 842;
      h = 1191;
      break;
    case EVB_EXPORT_PAPER_FIT:
    default:
      return FALSE;
    }
  if (orientation == EVB_EXPORT_ORIENTATION_LANDSCAPE)
    {
      double t = w;

      w = h;
      h = t;
    }
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
  return TRUE;
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

/* The legend explains only what the picture shows: the kinds, relations
 * and strengths in use, and the grade badges when any item is graded. */

typedef struct
{
  gboolean types[EVB_N_EVIDENCE_TYPES];
  gboolean claims;
  gboolean attachments;
  gboolean relations[2];
  gboolean strengths[3];
  gboolean grades;
  guint    n_claims;
  guint    n_evidence;
  guint    n_links;
} Usage;

static void
find_usage (EvbBoard   *board,
            GHashTable *visible,
            Usage      *usage)
{
  GPtrArray *nodes = evb_board_get_nodes (board);
  GPtrArray *links = evb_board_get_links (board);

  memset (usage, 0, sizeof *usage);
  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *data = evb_node_get_data (g_ptr_array_index (nodes, i));

      if (visible != NULL && !g_hash_table_contains (visible, data->id))
        continue;
      if (data->kind == EVB_NODE_KIND_CLAIM)
        {
          usage->claims = TRUE;
          usage->n_claims++;
        }
      else
        {
          usage->n_evidence++;
          if (data->evidence_type >= 0 && data->evidence_type < EVB_N_EVIDENCE_TYPES)
            usage->types[data->evidence_type] = TRUE;
        }
      if (data->attachment_uri != NULL)
        usage->attachments = TRUE;
      if (data->reliability != '\0' || data->credibility != 0)
        usage->grades = TRUE;
    }
  for (guint i = 0; i < links->len; i++)
    {
      const EvbLinkData *data = evb_link_get_data (g_ptr_array_index (links, i));

      if (visible != NULL &&
          (!g_hash_table_contains (visible, data->from) || !g_hash_table_contains (visible, data->to)))
        continue;
      usage->n_links++;
      usage->relations[data->relation == EVB_RELATION_REFUTES] = TRUE;
      if (data->strength <= EVB_STRENGTH_STRONG)
        usage->strengths[data->strength] = TRUE;
    }
}

#define LEGEND_COLUMNS 3
#define LEGEND_ROW     24.0
#define FONT_LEGEND      "Cantarell, DejaVu Sans 9"
#define FONT_LEGEND_HEAD "Cantarell, DejaVu Sans Bold 10"

static const char *
strength_list (const Usage *usage,
               GString     *out)
{
  for (guint i = 0; i < 3; i++)
    if (usage->strengths[i])
      {
        if (out->len > 0)
          g_string_append (out, ", ");
        g_string_append (out, evb_strength_get_label ((EvbStrength) i));
      }
  return out->str;
}

/* Draws the legend at (x, y) when snapshot is not NULL; returns its height
 * either way, so that layout and drawing agree. */
static double
append_legend (EvbRenderer *renderer,
               GtkSnapshot *snapshot,
               const Usage *usage,
               double       x,
               double       y)
{
  const EvbPalette *palette = evb_renderer_get_palette (renderer);
  g_autoptr(GPtrArray) icons = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  double cy = y + 16 + 28;
  double column = (LEGEND_WIDTH - 32) / LEGEND_COLUMNS;
  guint rows;

  if (snapshot != NULL)
    {
      graphene_rect_t box = GRAPHENE_RECT_INIT (x, y, LEGEND_WIDTH,
                                                append_legend (renderer, NULL, usage, x, y));
      GskRoundedRect outline;
      float widths[4] = { 1, 1, 1, 1 };
      GdkRGBA colors[4] = { palette->card_border, palette->card_border, palette->card_border, palette->card_border };
      g_autoptr(PangoLayout) title = NULL;

      gsk_rounded_rect_init_from_rect (&outline, &box, 8);
      gtk_snapshot_push_rounded_clip (snapshot, &outline);
      gtk_snapshot_append_color (snapshot, &palette->card, &box);
      gtk_snapshot_pop (snapshot);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);

      title = _evb_renderer_create_layout (renderer, _("Legend"), FONT_LEGEND_HEAD, -1, -1);
      _evb_renderer_append_layout (snapshot, title, &palette->text, x + 16, y + 14);
    }

  for (guint i = 0; i < 2; i++)
    {
      EvbRelation relation = i == 0 ? EVB_RELATION_SUPPORTS : EVB_RELATION_REFUTES;
      const char *text = i == 0
        ? _("Supports: solid line with an arrow head, blue")
        : _("Refutes: dashed line with a bar end, orange");

      if (!usage->relations[i])
        continue;
      if (snapshot != NULL)
        {
          g_autoptr(PangoLayout) layout = _evb_renderer_create_layout (renderer, text, FONT_LEGEND,
                                                                        LEGEND_WIDTH - 100, 0);
          int lw, lh;

          _evb_renderer_append_link_sample (renderer, snapshot, relation, x + 16, cy + LEGEND_ROW / 2 - 2, 48);
          pango_layout_get_pixel_size (layout, &lw, &lh);
          _evb_renderer_append_layout (snapshot, layout, &palette->text, x + 76, cy + (LEGEND_ROW - 4 - lh) / 2);
        }
      cy += LEGEND_ROW;
    }
  if (usage->n_links > 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      if (snapshot != NULL)
        {
          /* Translators: %s is a list of link strengths, e.g. "Weak, Strong" */
          g_autofree char *text = g_strdup_printf (_("Strengths used: %s; a thicker line is stronger"),
                                                   strength_list (usage, list));
          g_autoptr(PangoLayout) layout = _evb_renderer_create_layout (renderer, text, FONT_LEGEND,
                                                                        LEGEND_WIDTH - 32, 0);

          _evb_renderer_append_layout (snapshot, layout, &palette->text, x + 16, cy + 2);
        }
      cy += LEGEND_ROW;
    }
  cy += 8;

  if (usage->claims)
    {
      g_ptr_array_add (icons, (gpointer) "evb-claim-symbolic");
      g_ptr_array_add (labels, (gpointer) _("Claim"));
    }
  if (usage->attachments)
    {
      g_ptr_array_add (icons, (gpointer) "evb-attachment-symbolic");
      g_ptr_array_add (labels, (gpointer) _("Attached file"));
    }
  for (guint t = 0; t < EVB_N_EVIDENCE_TYPES; t++)
    if (usage->types[t])
      {
        g_ptr_array_add (icons, (gpointer) _evb_renderer_get_type_icon ((EvbEvidenceType) t));
        g_ptr_array_add (labels, (gpointer) evb_evidence_type_get_label ((EvbEvidenceType) t));
      }
  rows = (icons->len + LEGEND_COLUMNS - 1) / LEGEND_COLUMNS;
  for (guint i = 0; snapshot != NULL && i < icons->len; i++)
    {
      double cx = x + 16 + (i % LEGEND_COLUMNS) * column;
      double ry = cy + (i / LEGEND_COLUMNS) * LEGEND_ROW;
      g_autoptr(PangoLayout) layout = NULL;

      _evb_renderer_append_icon (renderer, snapshot, g_ptr_array_index (icons, i),
                                 g_str_equal (g_ptr_array_index (icons, i), "evb-claim-symbolic")
                                   ? &palette->claim_header : &palette->icon, cx, ry + 2, 16);
      layout = _evb_renderer_create_layout (renderer, g_ptr_array_index (labels, i), FONT_LEGEND,
                                            column - 28, 0);
      _evb_renderer_append_layout (snapshot, layout, &palette->text, cx + 24, ry + 1);
    }
  cy += rows * LEGEND_ROW;

  if (usage->grades)
    {
      /* The Admiralty code: a letter for the source, a digit for the item. */
      cy += 8;
      if (snapshot != NULL)
        {
          g_autoptr(PangoLayout) head = _evb_renderer_create_layout (renderer,
            _("Grade badges, e.g. “B2”: the reliability of the source (A–F), then the credibility of the item (1–6)"),
            FONT_LEGEND, LEGEND_WIDTH - 32, -1);

          pango_layout_set_ellipsize (head, PANGO_ELLIPSIZE_NONE);
          _evb_renderer_append_layout (snapshot, head, &palette->text, x + 16, cy);
        }
      cy += 2 * LEGEND_ROW * 0.75 + 4;
      for (guint i = 0; i < 6; i++)
        {
          if (snapshot != NULL)
            {
              g_autofree char *left = g_strdup_printf ("%c  %s", 'A' + i, evb_reliability_get_label ('A' + i));
              g_autofree char *right = g_strdup_printf ("%u  %s", i + 1, evb_credibility_get_label (i + 1));
              g_autoptr(PangoLayout) ll = _evb_renderer_create_layout (renderer, left, FONT_LEGEND,
                                                                        (LEGEND_WIDTH - 32) / 2 - 8, 0);
              g_autoptr(PangoLayout) rl = _evb_renderer_create_layout (renderer, right, FONT_LEGEND,
                                                                        (LEGEND_WIDTH - 32) / 2 - 8, 0);

              _evb_renderer_append_layout (snapshot, ll, &palette->text, x + 16, cy);
              _evb_renderer_append_layout (snapshot, rl, &palette->text, x + 16 + (LEGEND_WIDTH - 32) / 2, cy);
            }
          cy += LEGEND_ROW * 0.75;
        }
    }
  return cy + 16 - y;
}

/* The title block */

#define TITLE_BLOCK_MAX_WIDTH 1000.0
#define TITLE_BLOCK_GAP       32.0
#define TITLE_BLOCK_MAX_CLAIMS 30

typedef struct
{
  PangoLayout *layout;
  double       y;       /* from the block's top */
  gboolean     dim;
} TitleLine;

static void
title_line_free (gpointer data)
{
  TitleLine *line = data;

  g_object_unref (line->layout);
  g_free (line);
}

static double
add_title_line (GPtrArray   *lines,
                EvbRenderer *renderer,
                const char  *text,
                const char  *font,
                double       width,
                double       y,
                gboolean     dim)
{
  TitleLine *line = g_new0 (TitleLine, 1);
  int lw, lh;

  line->layout = _evb_renderer_create_layout (renderer, text, font, width, -1);
  /* Wrapped, never cut: this is where a title is read in full. */
  pango_layout_set_ellipsize (line->layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_height (line->layout, -1000);
  line->y = y;
  line->dim = dim;
  g_ptr_array_add (lines, line);
  pango_layout_get_pixel_size (line->layout, &lw, &lh);
  return y + lh;
}

static char *
first_paragraph (const char *text)
{
  const char *end;
  g_autofree char *trimmed = NULL;

  if (text == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  end = strstr (trimmed, "\n\n");
  return end != NULL ? g_strndup (trimmed, end - trimmed) : g_steal_pointer (&trimmed);
}

static GPtrArray *
build_title_block (EvbRenderer *renderer,
                   EvbBoard    *board,
                   GHashTable  *visible,
                   const Usage *usage,
                   double       width,
                   double      *height)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (title_line_free);
  GPtrArray *nodes = evb_board_get_nodes (board);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *paragraph = first_paragraph (evb_board_get_description (board));
  g_autofree char *meta = NULL;
  g_autofree char *claims = NULL;
  g_autofree char *evidence = NULL;
  g_autofree char *links = NULL;
  const char *title = evb_board_get_title (board);
  double y = 0;

  y = add_title_line (lines, renderer, title != NULL && *title ? title : _("Untitled board"),
                      "Cantarell, DejaVu Sans Bold 20", width, y, FALSE);
  /* Translators: the line under an exported board's title: the date of
   * the export, then how many claims, evidence items and links it shows */
  claims = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u claim", "%u claims", usage->n_claims),
                            usage->n_claims);
  evidence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u evidence item", "%u evidence items",
                                           usage->n_evidence), usage->n_evidence);
  links = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u link", "%u links", usage->n_links),
                           usage->n_links);
  meta = g_strdup_printf (_("Exported %s · %s · %s · %s"), date, claims, evidence, links);
  y = add_title_line (lines, renderer, meta, "Cantarell, DejaVu Sans 10", width, y + 6, TRUE);
  if (paragraph != NULL && *paragraph != '\0')
    y = add_title_line (lines, renderer, paragraph, "Cantarell, DejaVu Sans 10", width, y + 10, FALSE);

  if (usage->n_claims > 0)
    {
      guint shown = 0;

      y = add_title_line (lines, renderer, _("Claims"), "Cantarell, DejaVu Sans Bold 10", width, y + 12, FALSE);
      for (guint i = 0; i < nodes->len; i++)
        {
          const EvbNodeData *data = evb_node_get_data (g_ptr_array_index (nodes, i));
          g_autofree char *text = NULL;

          if (data->kind != EVB_NODE_KIND_CLAIM ||
              (visible != NULL && !g_hash_table_contains (visible, data->id)))
            continue;
          /* A picture is not a list: past a screenful, the report has them. */
          if (++shown > TITLE_BLOCK_MAX_CLAIMS)
            {
              guint more = usage->n_claims - TITLE_BLOCK_MAX_CLAIMS;

              text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more claim",
                                                   "… and %u more claims", more), more);
              y = add_title_line (lines, renderer, text, "Cantarell, DejaVu Sans 10", width, y + 4, TRUE);
              break;
            }
          text = g_strdup_printf ("• %s", data->title != NULL ? data->title : "");
          y = add_title_line (lines, renderer, text, "Cantarell, DejaVu Sans 10", width, y + 4, FALSE);
        }
    }
  *height = y;
  return lines;
}

static void
append_title_block (EvbRenderer *renderer,
                    GtkSnapshot *snapshot,
                    GPtrArray   *lines,
                    double       x,
                    double       y)
{
  const EvbPalette *palette = evb_renderer_get_palette (renderer);

  for (guint i = 0; i < lines->len; i++)
    {
      TitleLine *line = g_ptr_array_index (lines, i);

      _evb_renderer_append_layout (snapshot, line->layout, line->dim ? &palette->text_dim : &palette->text,
                                   x, y + line->y);
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
  double          content_y; /* where the board part starts, from the top */
  Usage           usage;
  GPtrArray      *title;     /* (element-type TitleLine) or NULL */
  double          legend_height;
} Layout;

static void
layout_clear (Layout *layout)
{
  g_clear_pointer (&layout->title, g_ptr_array_unref);
}

static void
compute_layout (EvbRenderer            *renderer,
                EvbBoard               *board,
                const EvbExportOptions *options,
                Layout                 *layout)
{
  double margin = MAX (options->margin, 0);
  double w, h, title_height = 0;
  g_autoptr(GHashTable) visible = make_id_set (options->node_ids);

  memset (layout, 0, sizeof *layout);
  find_usage (board, visible, &layout->usage);

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

  if (options->title_block)
    {
      double text_width = CLAMP (w, LEGEND_WIDTH, TITLE_BLOCK_MAX_WIDTH);

      layout->title = build_title_block (renderer, board, visible, &layout->usage,
                                         text_width, &title_height);
      w = MAX (w, text_width);
      title_height += TITLE_BLOCK_GAP;
    }
  layout->content_y = margin + title_height;
  h += title_height;
  layout->legend_y = margin + h + (layout->has_content ? LEGEND_GAP : 0);
  if (options->legend)
    {
      layout->legend_height = append_legend (renderer, NULL, &layout->usage, 0, 0);
      w = MAX (w, LEGEND_WIDTH);
      h = layout->legend_y - margin + layout->legend_height;
    }
  layout->width = w + 2 * margin;
  layout->height = h + 2 * margin;
}

GPtrArray *
evb_export_options_apply_filter (EvbExportOptions *options,
                                 EvbBoard         *board,
                                 GHashTable       *matches,
                                 gboolean          hide)
{
  g_autoptr(GHashTable) chosen = NULL;
  GPtrArray *ids;
  GPtrArray *nodes;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);
  g_return_val_if_fail (matches != NULL, NULL);

  chosen = make_id_set (options->node_ids);
  ids = g_ptr_array_new ();
  nodes = evb_board_get_nodes (board);
  for (guint i = 0; i < nodes->len; i++)
    {
      const char *id = evb_node_get_id (g_ptr_array_index (nodes, i));

      if (chosen != NULL && !g_hash_table_contains (chosen, id))
        continue;
      if (g_hash_table_contains (matches, id) == hide)
        g_ptr_array_add (ids, (gpointer) id);
    }
  g_ptr_array_add (ids, NULL);
  if (hide)
    options->node_ids = (const char * const *) ids->pdata;
  else
    options->dimmed_ids = (const char * const *) ids->pdata;
  return ids;
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
  if (options->dimmed_ids != NULL)
    {
      g_autoptr(GHashTable) dimmed = make_id_set (options->dimmed_ids);

      evb_renderer_set_dimmed_nodes (renderer, dimmed);
    }
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
  compute_layout (renderer, board, options, &layout);
  if (width != NULL)
    *width = layout.width * options->scale;
  if (height != NULL)
    *height = layout.height * options->scale;
  layout_clear (&layout);
}

static GskRenderNode *
build_image (EvbRenderer            *renderer,
             const EvbExportOptions *options,
             const Layout           *layout,
             double                  zoom,
             gboolean                whole_pixels)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  const EvbPalette *palette = evb_renderer_get_palette (renderer);
  double margin = MAX (options->margin, 0);
  double width = layout->width, height = layout->height;

  /* A PNG is rounded up to whole pixels: the background covers the last
   * column and row too, or they would be half transparent, and the whole
   * picture stored with an alpha channel (a third more to compress). */
  if (whole_pixels)
    {
      width = ceil (width * zoom) / zoom;
      height = ceil (height * zoom) / zoom;
    }
  if (options->background != EVB_EXPORT_BACKGROUND_TRANSPARENT)
    gtk_snapshot_append_color (snapshot, &palette->background,
                               &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (layout->has_content)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (margin - layout->content.origin.x,
                                                              layout->content_y - layout->content.origin.y));
      evb_renderer_snapshot (renderer, snapshot, &layout->content, zoom);
      gtk_snapshot_restore (snapshot);
    }

  if (layout->title != NULL)
    append_title_block (renderer, snapshot, layout->title, margin, margin);
  if (options->legend)
    append_legend (renderer, snapshot, &layout->usage, margin, layout->legend_y);

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

static gboolean is_2d_transform_node (GskRenderNode *node);

/* SVG text
 *
 * cairo 1.16's SVG surface writes every glyph as an outline (a <symbol>
 * drawn with <use>): nothing in the file could be searched, selected or
 * read by a screen reader. So for SVG the renderer wraps each layout it
 * draws in a debug node (_evb_renderer_set_text_layer); cairo draws all but
 * those, and their lines become <text> elements, with the fonts named and a
 * fallback, in a group added before </svg>. Text therefore lies above the
 * shapes, in the order drawn. */

typedef struct
{
  GPtrArray *layouts;
  GString   *svg;
} TextLayer;

static cairo_user_data_key_t text_layer_key;

/* Board text is untrusted: escaped, and without the control characters
 * that XML 1.0 forbids even as references. */
void
_evb_export_append_xml_text (GString    *out,
                             const char *text,
                             gssize      length)
{
  const char *end = length < 0 ? text + strlen (text) : text + length;

  for (const char *p = text; p < end; p++)
    {
      switch (*p)
        {
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        case '\'':
          g_string_append (out, "&#39;");
          break;
        default:
          if ((guchar) *p < 0x20 && *p != '\t')
            g_string_append_c (out, ' ');
          else
            g_string_append_c (out, *p);
        }
    }
}

static void
append_font_family (GString    *out,
                    const char *families)
{
  g_auto(GStrv) names = g_strsplit (families != NULL ? families : "", ",", -1);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (names[i]));

      if (*name == '\0')
        continue;
      g_string_append (out, "'");
      _evb_export_append_xml_text (out, name, -1);
      g_string_append (out, "', ");
    }
  g_string_append (out, "sans-serif");
}

static gboolean
find_text_color (GskRenderNode *node,
                 GdkRGBA       *color)
{
  switch ((int) gsk_render_node_get_node_type (node))
    {
    case GSK_TEXT_NODE:
      *color = *gsk_text_node_get_color (node);
      return TRUE;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        if (find_text_color (gsk_container_node_get_child (node, i), color))
          return TRUE;
      return FALSE;
    case GSK_TRANSFORM_NODE:
      return find_text_color (gsk_transform_node_get_child (node), color);
    default:
      return FALSE;
    }
}

static int
compare_runs (gconstpointer a,
              gconstpointer b)
{
  const PangoGlyphItem *ra = *(PangoGlyphItem * const *) a;
  const PangoGlyphItem *rb = *(PangoGlyphItem * const *) b;

  return ra->item->offset - rb->item->offset;
}

static void
write_svg_text (TextLayer     *layer,
                cairo_t       *cr,
                GskRenderNode *child,
                PangoLayout   *layout)
{
  const PangoFontDescription *desc = pango_layout_get_font_description (layout);
  const char *text = pango_layout_get_text (layout);
  PangoLayoutIter *iter;
  cairo_matrix_t matrix;
  GdkRGBA color;
  double factor;
  char buf[4][G_ASCII_DTOSTR_BUF_SIZE];

  /* The layout's origin is where the translations above its text put it. */
  cairo_save (cr);
  while (is_2d_transform_node (child))
    {
      float xx, yx, xy, yy, dx, dy;
      cairo_matrix_t m;

      gsk_transform_to_2d (gsk_transform_node_get_transform (child), &xx, &yx, &xy, &yy, &dx, &dy);
      cairo_matrix_init (&m, xx, yx, xy, yy, dx, dy);
      cairo_transform (cr, &m);
      child = gsk_transform_node_get_child (child);
    }
  cairo_get_matrix (cr, &matrix);
  cairo_restore (cr);
  if (!find_text_color (child, &color))
    return;
  factor = sqrt (matrix.xx * matrix.xx + matrix.yx * matrix.yx);

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      g_autoptr(GPtrArray) runs = g_ptr_array_new ();
      g_autoptr(GString) content = g_string_new (NULL);
      g_autoptr(PangoFontDescription) font = NULL;
      PangoRectangle logical;
      double x, y;

      for (GSList *l = line->runs; l != NULL; l = l->next)
        g_ptr_array_add (runs, l->data);
      if (runs->len == 0)
        continue;
      /* In the order of the text, not of the line (right-to-left runs). */
      g_ptr_array_sort (runs, compare_runs);
      for (guint i = 0; i < runs->len; i++)
        {
          PangoGlyphItem *run = g_ptr_array_index (runs, i);

          if (run->item->analysis.flags & PANGO_ANALYSIS_FLAG_IS_ELLIPSIS)
            g_string_append (content, "…");
          else
            _evb_export_append_xml_text (content, text + run->item->offset, run->item->length);
        }
      font = pango_font_describe_with_absolute_size (((PangoGlyphItem *) g_ptr_array_index (runs, 0))->item->analysis.font);
      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      x = (double) logical.x / PANGO_SCALE;
      y = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      cairo_matrix_transform_point (&matrix, &x, &y);

      g_string_append_printf (layer->svg, "<text x=\"%s\" y=\"%s\" font-size=\"%s\" font-weight=\"%d\"",
                              g_ascii_formatd (buf[0], sizeof buf[0], "%.2f", x),
                              g_ascii_formatd (buf[1], sizeof buf[1], "%.2f", y),
                              g_ascii_formatd (buf[2], sizeof buf[2], "%.2f",
                                               factor * pango_font_description_get_size (font) / PANGO_SCALE),
                              (int) pango_font_description_get_weight (desc));
      if (pango_font_description_get_style (desc) != PANGO_STYLE_NORMAL)
        g_string_append (layer->svg, " font-style=\"italic\"");
      g_string_append (layer->svg, " font-family=\"");
      append_font_family (layer->svg, pango_font_description_get_family (desc));
      g_string_append_printf (layer->svg, "\" fill=\"#%02x%02x%02x\"",
                              (int) round (color.red * 255), (int) round (color.green * 255),
                              (int) round (color.blue * 255));
      if (color.alpha < 1)
        g_string_append_printf (layer->svg, " fill-opacity=\"%s\"",
                                g_ascii_formatd (buf[3], sizeof buf[3], "%.3f", color.alpha));
      g_string_append (layer->svg, " xml:space=\"preserve\">");
      g_string_append_len (layer->svg, content->str, content->len);
      g_string_append (layer->svg, "</text>\n");
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
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
      {
        TextLayer *layer = cairo_surface_get_user_data (cairo_get_target (cr), &text_layer_key);
        const char *message = gsk_debug_node_get_message (node);
        guint index;

        if (layer != NULL && message != NULL && sscanf (message, "evb-text %u", &index) == 1 &&
            index < layer->layouts->len)
          write_svg_text (layer, cr, gsk_debug_node_get_child (node),
                          g_ptr_array_index (layer->layouts, index));
        else
          draw_node_for_svg (gsk_debug_node_get_child (node), cr);
      }
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

  if (progress->cull)
    {
      graphene_rect_t bounds;
      double x1, y1, x2, y2;

      gsk_render_node_get_bounds (node, &bounds);
      cairo_clip_extents (cr, &x1, &y1, &x2, &y2);
      if (bounds.origin.x > x2 || bounds.origin.y > y2 ||
          bounds.origin.x + bounds.size.width < x1 || bounds.origin.y + bounds.size.height < y1)
        {
          progress->done++;
          return;
        }
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
  if (sink->buffer != NULL || sink->output != NULL)
    {
      g_string_append_len (sink->buffer != NULL ? sink->buffer : sink->output, (const char *) data, length);
      sink->written += length;
      length = 0;
    }

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

gboolean
_evb_export_surface_is_opaque (const guint8 *data,
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
void
_evb_export_convert_row (const guint32 *in,
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
  opaque = _evb_export_surface_is_opaque (data, width, height, stride);

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
      _evb_export_convert_row ((const guint32 *) (data + (gsize) y * stride), row, width, opaque);
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
  double largest;

  g_return_val_if_fail (EVB_IS_BOARD (board), 0);

  if (options == NULL)
    {
      evb_export_options_init (&defaults);
      options = &defaults;
    }
  renderer = create_renderer (board, options, EVB_EXPORT_PNG);
  compute_layout (renderer, board, options, &layout);
  largest = largest_png_scale (&layout);
  layout_clear (&layout);
  return largest;
}

/* Paper */

#define PAPER_MARGIN  36.0   /* half an inch */
#define PAPER_FOOTER  20.0
#define TILE_OVERLAP  36.0
#define MAX_TILES     400

static void
draw_footer (cairo_t    *cr,
             const char *text,
             double      page_width,
             double      page_height)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string ("Cantarell, DejaVu Sans 8");
  int lw, lh;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &lw, &lh);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_move_to (cr, (page_width - lw) / 2, page_height - PAPER_MARGIN - lh);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (desc);
  g_object_unref (layout);
}

/* Short ticks in the margins where the next page's picture starts or the
 * previous one's ends, to lay the pages edge to edge. */
static void
draw_overlap_marks (cairo_t *cr,
                    double   x0,
                    double   y0,
                    double   width,
                    double   height,
                    gboolean left,
                    gboolean right,
                    gboolean top,
                    gboolean bottom)
{
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  cairo_set_line_width (cr, 0.5);
  if (left)
    {
      cairo_move_to (cr, x0 + TILE_OVERLAP, y0 - 14);
      cairo_line_to (cr, x0 + TILE_OVERLAP, y0 - 2);
      cairo_move_to (cr, x0 + TILE_OVERLAP, y0 + height + 2);
      cairo_line_to (cr, x0 + TILE_OVERLAP, y0 + height + 8);
    }
  if (right)
    {
      cairo_move_to (cr, x0 + width - TILE_OVERLAP, y0 - 14);
      cairo_line_to (cr, x0 + width - TILE_OVERLAP, y0 - 2);
      cairo_move_to (cr, x0 + width - TILE_OVERLAP, y0 + height + 2);
      cairo_line_to (cr, x0 + width - TILE_OVERLAP, y0 + height + 8);
    }
  if (top)
    {
      cairo_move_to (cr, x0 - 14, y0 + TILE_OVERLAP);
      cairo_line_to (cr, x0 - 2, y0 + TILE_OVERLAP);
      cairo_move_to (cr, x0 + width + 2, y0 + TILE_OVERLAP);
      cairo_line_to (cr, x0 + width + 14, y0 + TILE_OVERLAP);
    }
  if (bottom)
    {
      cairo_move_to (cr, x0 - 14, y0 + height - TILE_OVERLAP);
      cairo_line_to (cr, x0 - 2, y0 + height - TILE_OVERLAP);
      cairo_move_to (cr, x0 + width + 2, y0 + height - TILE_OVERLAP);
      cairo_line_to (cr, x0 + width + 14, y0 + height - TILE_OVERLAP);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static guint
count_tiles (double size,
             double area)
{
  if (size <= area)
    return 1;
  return (guint) ceil ((size - TILE_OVERLAP) / (area - TILE_OVERLAP));
}

/* Pages for printing */

/* A printout records its pages on one surface, one below the other: GTK
 * asks for them one at a time, and in any order (the preview). */
typedef struct
{
  double height;
  guint  n_pages;
} StackedPages;

static cairo_user_data_key_t stacked_pages_key;

void
_evb_export_stack_pages (cairo_t *cr,
                         double   page_height)
{
  StackedPages *pages = g_new0 (StackedPages, 1);

  pages->height = page_height;
  cairo_surface_set_user_data (cairo_get_target (cr), &stacked_pages_key, pages, g_free);
}

guint
_evb_export_get_n_stacked_pages (cairo_t *cr)
{
  StackedPages *pages = cairo_surface_get_user_data (cairo_get_target (cr), &stacked_pages_key);

  return pages != NULL ? pages->n_pages : 0;
}

void
_evb_export_show_page (cairo_t *cr)
{
  StackedPages *pages = cairo_surface_get_user_data (cairo_get_target (cr), &stacked_pages_key);

  if (pages == NULL)
    {
      cairo_show_page (cr);
      return;
    }
  pages->n_pages++;
  cairo_translate (cr, 0, pages->height);
}

/* The picture on paper: scaled down to one page, or at its scale over
 * numbered pages that overlap by TILE_OVERLAP points. */
static void
draw_on_paper (GskRenderNode          *image,
               cairo_t                *cr,
               const EvbExportOptions *options,
               double                  width,
               double                  height,
               double                  scale,
               double                  page_width,
               double                  page_height,
               Progress               *progress)
{
  double area_w = page_width - 2 * PAPER_MARGIN;
  double area_h = page_height - 2 * PAPER_MARGIN - PAPER_FOOTER;
  guint cols, rows, leaves = progress->total;

  if (!options->tile)
    {
      double s = MIN (scale, MIN (area_w / width, area_h / height));

      cairo_save (cr);
      cairo_translate (cr, (page_width - width * s) / 2, PAPER_MARGIN + (area_h - height * s) / 2);
      cairo_scale (cr, s, s);
      draw_image (image, cr, FALSE, progress);
      cairo_restore (cr);
      _evb_export_show_page (cr);
      return;
    }

  cols = count_tiles (width * scale, area_w);
  rows = count_tiles (height * scale, area_h);
  if ((double) cols * rows > MAX_TILES)
    {
      /* A sheaf no one would tape together: fewer, still legible pages. */
      scale *= sqrt ((double) MAX_TILES / ((double) cols * rows));
      cols = count_tiles (width * scale, area_w);
      rows = count_tiles (height * scale, area_h);
    }
  progress->total = leaves * cols * rows;
  progress->cull = TRUE;
  for (guint r = 0; r < rows; r++)
    for (guint c = 0; c < cols; c++)
      {
        g_autofree char *footer = NULL;

        cairo_save (cr);
        cairo_rectangle (cr, PAPER_MARGIN, PAPER_MARGIN, area_w, area_h);
        cairo_clip (cr);
        cairo_translate (cr, PAPER_MARGIN - c * (area_w - TILE_OVERLAP),
                         PAPER_MARGIN - r * (area_h - TILE_OVERLAP));
        cairo_scale (cr, scale, scale);
        draw_image (image, cr, FALSE, progress);
        cairo_restore (cr);

        draw_overlap_marks (cr, PAPER_MARGIN, PAPER_MARGIN, area_w, area_h,
                            c > 0, c + 1 < cols, r > 0, r + 1 < rows);
        /* Translators: the footer of a board printed over several pages */
        footer = g_strdup_printf (_("Page %u of %u · row %u, column %u"),
                                  r * cols + c + 1, rows * cols, r + 1, c + 1);
        draw_footer (cr, footer, page_width, page_height);
        _evb_export_show_page (cr);
      }
  progress->cull = FALSE;
}

/* A band of a PNG drawn in a thread of its own (evb-export-png.c). */
typedef struct
{
  GPtrArray *images;  /* one picture a band */
  double     scale;
} BandDraw;

static void
draw_band (cairo_t  *cr,
           guint     band,
           gboolean  cull,
           gpointer  user_data)
{
  BandDraw *draw = user_data;
  Progress progress = { NULL, NULL, -1, 0, 0, PROGRESS_DRAWN_IMAGE, 0, cull };

  cairo_scale (cr, draw->scale, draw->scale);
  draw_image (g_ptr_array_index (draw->images, band), cr, FALSE, &progress);
}

static void
report_band_progress (double   fraction,
                      gpointer user_data)
{
  Progress *progress = user_data;

  report_progress (progress, PROGRESS_BUILT + (1 - PROGRESS_BUILT) * fraction);
}

static gboolean
draw_to_fd (GskRenderNode          *image,
            GPtrArray              *band_images,
            EvbExportFormat         format,
            const EvbExportOptions *options,
            GPtrArray              *texts,
            double                  width,
            double                  height,
            double                  scale,
            Sink                   *sink,
            Progress               *progress,
            const char             *path,
            GError                **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double page_width, page_height;
  gboolean on_paper = FALSE;
  TextLayer layer = { texts, NULL };

  switch (format)
    {
    case EVB_EXPORT_PNG:
      {
        int pw = (int) ceil (width * scale);
        int ph = (int) ceil (height * scale);

        if (band_images != NULL)
          {
            BandDraw band = { band_images, scale };

            status = _evb_export_write_png_bands (MAX (pw, 1), MAX (ph, 1), band_images->len,
                                                  draw_band, &band, sink_write, sink,
                                                  progress->callback != NULL ? report_band_progress : NULL,
                                                  progress);
            if (status != CAIRO_STATUS_SUCCESS || sink->saved_errno != 0)
              return set_write_error (error, path, sink->saved_errno, status);
            return TRUE;
          }
        surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (pw, 1), MAX (ph, 1));
        break;
      }
    case EVB_EXPORT_SVG:
      surface = cairo_svg_surface_create_for_stream (sink_write, sink, width * scale, height * scale);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      layer.svg = g_string_new (NULL);
      sink->buffer = g_string_new (NULL);
      cairo_surface_set_user_data (surface, &text_layer_key, &layer, NULL);
      break;
    case EVB_EXPORT_PDF:
      on_paper = evb_export_paper_get_size (options->paper, options->orientation,
                                            &page_width, &page_height);
      if (!on_paper)
        {
          page_width = width * scale;
          page_height = height * scale;
        }
      surface = cairo_pdf_surface_create_for_stream (sink_write, sink, page_width, page_height);
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
  progress->total = count_leaves (image);
  progress->drawn = format == EVB_EXPORT_PNG ? PROGRESS_DRAWN_IMAGE : PROGRESS_DRAWN_PAGES;
  if (on_paper)
    draw_on_paper (image, cr, options, width, height, scale, page_width, page_height, progress);
  else
    {
      cairo_scale (cr, scale, scale);
      draw_image (image, cr, format == EVB_EXPORT_SVG, progress);
    }
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

  if (sink->buffer != NULL)
    {
      g_autoptr(GString) svg = g_steal_pointer (&sink->buffer);
      const char *end = g_strrstr (svg->str, "</svg>");

      if (status == CAIRO_STATUS_SUCCESS && end != NULL)
        {
          g_string_insert (layer.svg, 0, "<g id=\"text\">\n");
          g_string_append (layer.svg, "</g>\n");
          g_string_insert_len (svg, end - svg->str, layer.svg->str, layer.svg->len);
          status = sink_write (sink, (const guchar *) svg->str, svg->len);
        }
      g_string_free (layer.svg, TRUE);
    }

  if (status != CAIRO_STATUS_SUCCESS || sink->saved_errno != 0)
    return set_write_error (error, path, sink->saved_errno, status);
  return TRUE;
}

/* Draws image (width × height units, at scale; a PNG in bands when
 * band_images holds a picture for each) into a temporary file
 * beside path and renames it over path when complete, so a failure half
 * way never leaves a partial image where the user looks. One that an
 * export killed earlier left is removed first; only ours. */
static gboolean
write_atomically (GskRenderNode          *image,
                  GPtrArray              *band_images,
                  EvbExportFormat         format,
                  const EvbExportOptions *options,
                  GPtrArray              *texts,
                  double                  width,
                  double                  height,
                  double                  scale,
                  Progress               *progress,
                  GCancellable           *cancellable,
                  const char             *path,
                  GError                **error)
{
  g_autoptr(EvbTempFile) temp = NULL;
  g_autofree char *tmp_path = NULL;
  Sink sink = { -1, 0, NULL, 0, NULL };
  gboolean ok;

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

  ok = draw_to_fd (image, band_images, format, options, texts, width, height, scale, &sink, progress,
                   path, error);

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
    report_progress (progress, 1);
  return ok;
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
  g_autofree char *display = NULL;
  EvbExportOptions defaults;
  Layout layout;
  Progress progress = { NULL, NULL, -1, 0, 0, PROGRESS_DRAWN_IMAGE, 0, FALSE };
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GPtrArray) band_images = NULL;
  double scale;

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
  if (format == EVB_EXPORT_SVG)
    {
      texts = g_ptr_array_new_with_free_func (g_object_unref);
      _evb_renderer_set_text_layer (renderer, texts);
    }
  compute_layout (renderer, board, options, &layout);

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
      layout_clear (&layout);
      return FALSE;
    }
  scale = format == EVB_EXPORT_PNG ? options->scale : vector_scale (format, &layout, options->scale);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      layout_clear (&layout);
      return FALSE;
    }

  /* A picture is drawn at the detail its pixels can show: a huge board
   * shrunk to a few thousand pixels gets the plain shapes of the zoomed-out
   * canvas. SVG and PDF can be zoomed into, so they always get every word. */
  image = build_image (renderer, options, &layout, format == EVB_EXPORT_PNG ? options->scale : 1.0,
                       format == EVB_EXPORT_PNG);
  /* A PNG of many rows is drawn in bands on every core, a picture each
   * (evb-export-png.c says why). */
  if (format == EVB_EXPORT_PNG)
    {
      guint n_bands = _evb_export_get_png_bands (MAX ((int) ceil (layout.height * scale), 1));

      if (n_bands > 1)
        {
          band_images = g_ptr_array_new_with_free_func ((GDestroyNotify) gsk_render_node_unref);
          g_ptr_array_add (band_images, gsk_render_node_ref (image));
          while (band_images->len < n_bands)
            {
              _evb_renderer_forget_drawn (renderer);
              g_ptr_array_add (band_images, build_image (renderer, options, &layout, scale, TRUE));
            }
        }
    }
  layout_clear (&layout);
  report_progress (&progress, PROGRESS_BUILT);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  return write_atomically (image, band_images, format, options, texts, layout.width, layout.height,
                           scale, &progress, cancellable, path, error);
}

/* For the benchmark's floor (tests/bench): the picture a PNG export draws,
 * built as evb_export_to_file() builds it. */
GskRenderNode *
_evb_export_build_png_image (EvbBoard               *board,
                             const EvbExportOptions *options,
                             int                    *width,
                             int                    *height)
{
  g_autoptr(EvbRenderer) renderer = create_renderer (board, options, EVB_EXPORT_PNG);
  GskRenderNode *image;
  Layout layout;

  compute_layout (renderer, board, options, &layout);
  image = build_image (renderer, options, &layout, options->scale, TRUE);
  *width = MAX ((int) ceil (layout.width * options->scale), 1);
  *height = MAX ((int) ceil (layout.height * options->scale), 1);
  layout_clear (&layout);
  return image;
}

/* For reports (evb-report.c) */

static GskRenderNode *
build_picture (EvbBoard               *board,
               const EvbExportOptions *options,
               EvbExportFormat         format,
               GPtrArray              *texts,
               double                 *width,
               double                 *height)
{
  g_autoptr(EvbRenderer) renderer = create_renderer (board, options, format);
  GskRenderNode *image;
  Layout layout;

  if (texts != NULL)
    _evb_renderer_set_text_layer (renderer, texts);
  compute_layout (renderer, board, options, &layout);
  image = build_image (renderer, options, &layout, 1.0, FALSE);
  *width = layout.width;
  *height = layout.height;
  layout_clear (&layout);
  if (texts != NULL)
    _evb_renderer_set_text_layer (renderer, NULL);
  return image;
}

void
_evb_export_draw_page (EvbBoard               *board,
                       const EvbExportOptions *options,
                       cairo_t                *cr,
                       double                  page_width,
                       double                  page_height)
{
  g_autoptr(GskRenderNode) image = NULL;
  EvbExportOptions one_page = *options;
  Progress progress = { NULL, NULL, -1, 0, 0, PROGRESS_DRAWN_PAGES, 0, FALSE };
  double width, height;

  one_page.tile = FALSE;
  image = build_picture (board, &one_page, EVB_EXPORT_PDF, NULL, &width, &height);
  progress.total = count_leaves (image);
  draw_on_paper (image, cr, &one_page, width, height, 1.0, page_width, page_height, &progress);
}

void
_evb_export_draw_paper (EvbBoard               *board,
                        const EvbExportOptions *options,
                        cairo_t                *cr,
                        double                  page_width,
                        double                  page_height)
{
  g_autoptr(GskRenderNode) image = NULL;
  Progress progress = { NULL, NULL, -1, 0, 0, PROGRESS_DRAWN_PAGES, 0, FALSE };
  double width, height;

  image = build_picture (board, options, EVB_EXPORT_PDF, NULL, &width, &height);
  progress.total = count_leaves (image);
  draw_on_paper (image, cr, options, width, height, 1.0, page_width, page_height, &progress);
}

char *
_evb_export_to_svg_string (EvbBoard               *board,
                           const EvbExportOptions *options,
                           GError                **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GskRenderNode) image = NULL;
  g_autoptr(GString) output = g_string_new (NULL);
  Sink sink = { -1, 0, NULL, 0, NULL, output };
  Progress progress = { NULL, NULL, -1, 0, 0, PROGRESS_DRAWN_PAGES, 0, FALSE };
  double width, height, scale;

  image = build_picture (board, options, EVB_EXPORT_SVG, texts, &width, &height);
  scale = MIN (1.0, MIN (EVB_EXPORT_SVG_MAX_SIZE / width, EVB_EXPORT_SVG_MAX_SIZE / height));
  if (!draw_to_fd (image, NULL, EVB_EXPORT_SVG, options, texts, width, height, scale, &sink, &progress,
                   "-", error))
    return NULL;
  return g_string_free (g_steal_pointer (&output), FALSE);
}

gboolean
_evb_export_write_node (GskRenderNode    *image,
                        GPtrArray        *texts,
                        double            width,
                        double            height,
                        EvbExportFormat   format,
                        const char       *path,
                        GError          **error)
{
  EvbExportOptions options;
  Progress progress = { NULL, NULL, -1, 0, 0, PROGRESS_DRAWN_IMAGE, 0, FALSE };
  double scale = 1.0;

  g_return_val_if_fail (image != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format <= EVB_EXPORT_PDF, FALSE);

  evb_export_options_init (&options);
  if (format == EVB_EXPORT_PNG &&
      (ceil (width) > EVB_EXPORT_MAX_PIXELS || ceil (height) > EVB_EXPORT_MAX_PIXELS ||
       ceil (width) * ceil (height) > EVB_EXPORT_MAX_AREA))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT,
                   _("The image would be %.0f × %.0f pixels, more than %d on a side or "
                     "%.0f million in all, at any scale"),
                   ceil (width), ceil (height), EVB_EXPORT_MAX_PIXELS, EVB_EXPORT_MAX_AREA / 1e6);
      return FALSE;
    }
  if (format != EVB_EXPORT_PNG)
    {
      double limit = format == EVB_EXPORT_PDF ? EVB_EXPORT_PDF_MAX_SIZE : EVB_EXPORT_SVG_MAX_SIZE;

      scale = MIN (1.0, MIN (limit / width, limit / height));
    }
  return write_atomically (image, NULL, format, &options, texts, width, height, scale, &progress, NULL,
                           path, error);
}
