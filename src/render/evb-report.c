/* evb-report.c: an investigation report of a board, as PDF or HTML
 *
 * A report is first a list of blocks (headings, paragraphs, labelled
 * fields, the picture) worked out from the board alone, then written by one
 * of two writers: PDF, laid out with pango on a cairo PDF surface so that
 * its text is real text, or one self-contained HTML file. Nothing is cut:
 * a report is where an editor reads every title, source and hash in full.
 *
 * Board text is untrusted: the HTML escapes all of it, makes links only of
 * http and https addresses, and forbids scripts with its content policy.
 * Following ICD 203, a claim's likelihood and its confidence are never in
 * one sentence: each has a field of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <unistd.h>

#include "evb-assessment.h"
#include "evb-date.h"
#include "evb-error.h"
#include "evb-export-private.h"
#include "evb-report.h"
#include "evb-temp-file.h"

#define PAGE_MARGIN   50.0
#define PAGE_FOOTER   24.0
#define LABEL_WIDTH   120.0
#define FONT_H1       "Cantarell, DejaVu Sans Bold 18"
#define FONT_H2       "Cantarell, DejaVu Sans Bold 14"
#define FONT_H3       "Cantarell, DejaVu Sans Bold 11"
#define FONT_TEXT     "Cantarell, DejaVu Sans 9.5"
#define FONT_LABEL    "Cantarell, DejaVu Sans Bold 9"
#define FONT_MONO     "DejaVu Sans Mono, Monospace 8"
#define FONT_FOOTER   "Cantarell, DejaVu Sans 8"

typedef enum
{
  BLOCK_TITLE,
  BLOCK_HEADING,
  BLOCK_SUBHEADING,
  BLOCK_TEXT,
  BLOCK_FIELD,
  BLOCK_PICTURE,
} BlockKind;

typedef struct
{
  BlockKind  kind;
  char      *label;   /* fields only */
  char      *text;
  gboolean   mono;    /* hashes */
  gboolean   link;    /* a web address */
} Block;

typedef struct
{
  int       fd;
  int       saved_errno;
} Output;

static void
block_free (gpointer data)
{
  Block *block = data;

  g_free (block->label);
  g_free (block->text);
  g_free (block);
}

static Block *
add_block (GPtrArray  *blocks,
           BlockKind   kind,
           const char *label,
           const char *text)
{
  Block *block = g_new0 (Block, 1);

  block->kind = kind;
  block->label = g_strdup (label);
  block->text = g_strdup (text != NULL ? text : "");
  g_ptr_array_add (blocks, block);
  return block;
}

/* A field only when there is something to say. */
static Block *
add_field (GPtrArray  *blocks,
           const char *label,
           const char *text)
{
  if (text == NULL || *text == '\0')
    return NULL;
  return add_block (blocks, BLOCK_FIELD, label, text);
}

static int
percent (double probability)
{
  return (int) round (probability * 100);
}

static const char *
node_title (EvbBoard   *board,
            const char *id)
{
  EvbNode *node = evb_board_get_node (board, id);

  return node != NULL ? evb_node_get_title (node) : id;
}

/* The blocks */

/* The cards the report lists, as a set, when the options leave some out
 * (a selection, or a filter's misses, hidden or dimmed in the picture);
 * NULL when it lists them all. */
static GHashTable *
find_listed (EvbBoard               *board,
             const EvbExportOptions *options)
{
  GHashTable *listed;

  if (options->node_ids == NULL && options->dimmed_ids == NULL)
    return NULL;
  listed = g_hash_table_new (g_str_hash, g_str_equal);
  if (options->node_ids != NULL)
    for (guint i = 0; options->node_ids[i] != NULL; i++)
      g_hash_table_add (listed, (gpointer) options->node_ids[i]);
  else
    {
      GPtrArray *nodes = evb_board_get_nodes (board);

      for (guint i = 0; i < nodes->len; i++)
        g_hash_table_add (listed, (gpointer) evb_node_get_id (g_ptr_array_index (nodes, i)));
    }
  if (options->dimmed_ids != NULL)
    for (guint i = 0; options->dimmed_ids[i] != NULL; i++)
      g_hash_table_remove (listed, options->dimmed_ids[i]);
  return listed;
}

static gboolean
is_listed (GHashTable *listed,
           const char *id)
{
  return listed == NULL || g_hash_table_contains (listed, id);
}

/* The assessment stays the whole board's (it is the claim's); the lists
 * of evidence name the listed cards only. */
static void
add_claim (GPtrArray     *blocks,
           EvbBoard      *board,
           EvbAssessment *assessment,
           GHashTable    *listed,
           EvbNode       *claim)
{
  const EvbNodeData *data = evb_node_get_data (claim);
  const EvbClaimAssessment *a = evb_assessment_get (assessment, data->id);
  GPtrArray *links = evb_node_get_links (claim);
  g_autoptr(GString) supporting = g_string_new (NULL);
  g_autoptr(GString) refuting = g_string_new (NULL);

  add_block (blocks, BLOCK_SUBHEADING, NULL, data->title);
  add_field (blocks, _("Claimed by"), data->claimant);
  add_field (blocks, _("Description"), data->body);
  if (a == NULL || !a->assessed)
    add_field (blocks, _("Assessment"), _("Not assessed: no evidence bears on it."));
  else
    {
      g_autofree char *likelihood = NULL;
      g_autofree char *confidence = NULL;
      g_autoptr(GString) why = g_string_new (NULL);

      /* Translators: a claim's likelihood, e.g. "very likely (87 %)" */
      likelihood = g_strdup_printf (_("%s (%d %%)"), evb_likelihood_get_label (a->likelihood),
                                    percent (a->probability));
      add_field (blocks, _("Likelihood"), likelihood);
      confidence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, from %u independent source",
                                                 "%s, from %u independent sources", a->n_sources),
                                    evb_confidence_get_label (a->confidence), a->n_sources);
      add_field (blocks, _("Confidence"), confidence);
      for (guint i = 0; i < a->contributions->len; i++)
        {
          const EvbContribution *c = &g_array_index (a->contributions, EvbContribution, i);

          g_autofree char *what = evb_contribution_describe (assessment, c);
          g_autofree char *weight = evb_contribution_describe_weight (c);

          if (why->len > 0)
            g_string_append_c (why, '\n');
          /* As the inspector says it: the item, what it is, what its weight does. */
          g_string_append_printf (why, "%s: %s; %s", node_title (board, c->node_id), what, weight);
        }
      add_field (blocks, _("Why"), why->str);
      if (a->linchpin_id != NULL)
        {
          EvbLikelihood without = evb_likelihood_from_probability (a->probability_without);
          /* Translators: a claim's linchpin, then what the claim would be
           * without it, e.g. "Satellite image; without it: likely (61 %)" */
          g_autofree char *linchpin = g_strdup_printf (_("%s; without it: %s (%d %%)"),
                                                       node_title (board, a->linchpin_id),
                                                       evb_likelihood_get_label (without),
                                                       percent (a->probability_without));

          add_field (blocks, _("Linchpin"), linchpin);
        }
    }

  for (guint i = 0; i < links->len; i++)
    {
      EvbLink *link = g_ptr_array_index (links, i);
      GString *list;

      if (g_strcmp0 (evb_link_get_to (link), data->id) != 0 || !is_listed (listed, evb_link_get_from (link)))
        continue;
      list = evb_link_get_relation (link) == EVB_RELATION_REFUTES ? refuting : supporting;
      if (list->len > 0)
        g_string_append_c (list, '\n');
      g_string_append_printf (list, "• %s (%s)", node_title (board, evb_link_get_from (link)),
                              evb_strength_get_label (evb_link_get_strength (link)));
    }
  add_field (blocks, _("Supporting"), supporting->len > 0 ? supporting->str : _("None"));
  add_field (blocks, _("Refuting"), refuting->len > 0 ? refuting->str : _("None"));
}

static const char *
attachment_status_text (EvbAttachmentStatus status)
{
  switch (status)
    {
    case EVB_ATTACHMENT_OK:
      return _("Checked: the file matches its size and SHA-256");
    case EVB_ATTACHMENT_MISSING:
      return _("Missing: the file is not where the board says");
    case EVB_ATTACHMENT_CHANGED:
      return _("Changed: the file’s size or SHA-256 differ from the board’s");
    case EVB_ATTACHMENT_UNREADABLE:
      return _("Unreadable: the file is there but cannot be read");
    case EVB_ATTACHMENT_NONE:
    default:
      return _("Not checked");
    }
}

static char *
attachment_name (const char *uri)
{
  g_autofree char *path = NULL;
  const char *slash;

  slash = strrchr (uri, '/');
  path = g_uri_unescape_string (slash != NULL && slash[1] != '\0' ? slash + 1 : uri, NULL);
  return path != NULL ? g_steal_pointer (&path) : g_strdup (uri);
}

static void
add_evidence (GPtrArray          *blocks,
              EvbNode            *node,
              EvbAttachmentState *attachments)
{
  const EvbNodeData *data = evb_node_get_data (node);
  g_autofree char *occurred = NULL;
  g_autofree char *collected = NULL;
  const char *meaning;
  Block *block;

  add_block (blocks, BLOCK_SUBHEADING, NULL, data->title);
  add_field (blocks, _("Description"), data->body);
  add_field (blocks, _("Type"), evb_evidence_type_get_label (data->evidence_type));
  add_field (blocks, _("Source"), data->source);
  block = add_field (blocks, _("Web address"), data->source_url);
  if (block != NULL)
    block->link = TRUE;
  meaning = evb_reliability_get_label (data->reliability);
  if (meaning != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%c — %s", data->reliability, meaning);

      add_field (blocks, _("Reliability"), text);
    }
  else
    add_field (blocks, _("Reliability"), _("Not graded"));
  meaning = evb_credibility_get_label (data->credibility);
  if (meaning != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%d — %s", data->credibility, meaning);

      add_field (blocks, _("Credibility"), text);
    }
  else
    add_field (blocks, _("Credibility"), _("Not graded"));
  /* As on the card, one moment for every reader: not the file's RFC 3339. */
  occurred = evb_date_format (data->occurred);
  collected = evb_date_format (data->collected);
  add_field (blocks, _("Occurred"), occurred);
  add_field (blocks, _("Collected"), collected);
  if (data->tags != NULL && data->tags[0] != NULL)
    {
      g_autofree char *tags = g_strjoinv (", ", data->tags);

      add_field (blocks, _("Tags"), tags);
    }
  if (data->attachment_uri != NULL)
    {
      g_autofree char *name = attachment_name (data->attachment_uri);
      EvbAttachmentStatus status = attachments != NULL
        ? evb_attachment_state_lookup_status (attachments, data)
        : EVB_ATTACHMENT_NONE;

      add_field (blocks, _("Attachment"), name);
      add_field (blocks, _("Address"), data->attachment_uri);
      if (data->attachment_size >= 0)
        {
          /* "1.2 MB (1,234,567 bytes)", in the reader's language. */
          g_autofree char *text = g_format_size_full (data->attachment_size,
                                                      G_FORMAT_SIZE_LONG_FORMAT);

          add_field (blocks, _("Size"), text);
        }
      block = add_field (blocks, _("SHA-256"), data->attachment_sha256);
      if (block != NULL)
        block->mono = TRUE;
      add_field (blocks, _("Status"), attachment_status_text (status));
    }
}

static GPtrArray *
build_blocks (EvbBoard               *board,
              const EvbExportOptions *options)
{
  EvbAttachmentState *attachments = options->attachments;
  g_autoptr(GHashTable) listed = find_listed (board, options);
  GPtrArray *blocks = g_ptr_array_new_with_free_func (block_free);
  g_autoptr(EvbAssessment) assessment = evb_assessment_new (board);
  GPtrArray *nodes = evb_board_get_nodes (board);
  GPtrArray *links = evb_board_get_links (board);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autofree char *exported = NULL;
  const char *title = evb_board_get_title (board);
  gboolean any = FALSE;

  add_block (blocks, BLOCK_PICTURE, NULL, NULL);
  add_block (blocks, BLOCK_TITLE, NULL, title != NULL && *title != '\0' ? title : _("Untitled board"));
  /* Translators: under a report's title, the date and time it was made */
  exported = g_strdup_printf (_("Investigation report, exported %s"), date);
  add_block (blocks, BLOCK_TEXT, NULL, exported);
  if (options->filter_description != NULL)
    {
      guint total = nodes->len;
      guint shown = listed != NULL ? g_hash_table_size (listed) : total;
      g_autofree char *filtered = NULL;

      /* Translators: under a report's title; %s is the filter in words,
       * e.g. "Filtered by tags: osint: the report lists 3 of 12 cards." */
      filtered = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Filtered by %s: the report lists %u of %u card.",
                                               "Filtered by %s: the report lists %u of %u cards.", total),
                                  options->filter_description, shown, total);
      add_block (blocks, BLOCK_TEXT, NULL, filtered);
      add_block (blocks, BLOCK_TEXT, NULL, options->dimmed_ids != NULL
                                             ? _("The picture shows the other cards faint.")
                                             : _("The picture leaves the other cards out."));
    }
  if (evb_board_get_description (board) != NULL && *evb_board_get_description (board) != '\0')
    add_block (blocks, BLOCK_TEXT, NULL, evb_board_get_description (board));

  add_block (blocks, BLOCK_HEADING, NULL, _("Claims"));
  for (guint i = 0; i < nodes->len; i++)
    if (evb_node_get_kind (g_ptr_array_index (nodes, i)) == EVB_NODE_KIND_CLAIM &&
        is_listed (listed, evb_node_get_id (g_ptr_array_index (nodes, i))))
      {
        add_claim (blocks, board, assessment, listed, g_ptr_array_index (nodes, i));
        any = TRUE;
      }
  if (!any)
    add_block (blocks, BLOCK_TEXT, NULL, listed != NULL ? _("No claim is in this report.")
                                                        : _("The board has no claims."));

  any = FALSE;
  add_block (blocks, BLOCK_HEADING, NULL, _("Evidence"));
  for (guint i = 0; i < nodes->len; i++)
    if (evb_node_get_kind (g_ptr_array_index (nodes, i)) == EVB_NODE_KIND_EVIDENCE &&
        is_listed (listed, evb_node_get_id (g_ptr_array_index (nodes, i))))
      {
        add_evidence (blocks, g_ptr_array_index (nodes, i), attachments);
        any = TRUE;
      }
  if (!any)
    add_block (blocks, BLOCK_TEXT, NULL, listed != NULL ? _("No evidence is in this report.")
                                                        : _("The board has no evidence."));

  any = FALSE;
  add_block (blocks, BLOCK_HEADING, NULL, _("Link Notes"));
  for (guint i = 0; i < links->len; i++)
    {
      const EvbLinkData *link = evb_link_get_data (g_ptr_array_index (links, i));
      g_autofree char *label = NULL;

      if (link->note == NULL || *link->note == '\0' || !is_listed (listed, link->from) ||
          !is_listed (listed, link->to))
        continue;
      /* Translators: a link in a report: "From item → to item (supports, strong)" */
      label = g_strdup_printf (_("%s → %s (%s, %s)"), node_title (board, link->from),
                               node_title (board, link->to), evb_relation_get_label (link->relation),
                               evb_strength_get_label (link->strength));
      add_block (blocks, BLOCK_TEXT, NULL, label);
      add_field (blocks, _("Note"), link->note);
      any = TRUE;
    }
  if (!any)
    add_block (blocks, BLOCK_TEXT, NULL, _("No link has a note."));
  return blocks;
}

/* PDF */

typedef struct
{
  cairo_t      *cr;
  PangoContext *pango;
  double        width;
  double        height;
  double        y;
  guint         page;
} Writer;

static cairo_status_t
output_write (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  Output *output = closure;

  while (length > 0 && output->saved_errno == 0)
    {
      ssize_t n = write (output->fd, data, length);

      if (n < 0)
        {
          if (errno != EINTR)
            output->saved_errno = errno;
          continue;
        }
      data += n;
      length -= n;
    }
  return output->saved_errno == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static PangoLayout *
create_layout (Writer     *writer,
               const char *text,
               const char *font,
               double      width)
{
  PangoLayout *layout = pango_layout_new (writer->pango);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  return layout;
}

static void
finish_page (Writer *writer)
{
  g_autofree char *number = NULL;
  g_autoptr(PangoLayout) footer = NULL;
  int w, h;

  /* Translators: the footer of a report's page */
  number = g_strdup_printf (_("Page %u"), writer->page);
  footer = create_layout (writer, number, FONT_FOOTER, writer->width);
  pango_layout_get_pixel_size (footer, &w, &h);
  cairo_set_source_rgb (writer->cr, 0.35, 0.35, 0.35);
  cairo_move_to (writer->cr, (writer->width - w) / 2, writer->height - PAGE_MARGIN - h + PAGE_FOOTER / 2);
  pango_cairo_show_layout (writer->cr, footer);
  _evb_export_show_page (writer->cr);
}

static void
new_page (Writer *writer)
{
  if (writer->page > 0)
    finish_page (writer);
  writer->page++;
  writer->y = PAGE_MARGIN;
}

/* Line by line, so that a long description runs on over pages. */
static double
show_layout (Writer      *writer,
             PangoLayout *layout,
             double       x,
             double       grey)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double bottom = writer->height - PAGE_MARGIN - PAGE_FOOTER;

  do
    {
      PangoRectangle logical;
      double line_height;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      line_height = (double) logical.height / PANGO_SCALE;
      if (writer->y + line_height > bottom && writer->y > PAGE_MARGIN)
        new_page (writer);
      cairo_set_source_rgb (writer->cr, grey, grey, grey);
      cairo_move_to (writer->cr, x + (double) logical.x / PANGO_SCALE,
                     writer->y + (double) (pango_layout_iter_get_baseline (iter) - logical.y) / PANGO_SCALE);
      pango_cairo_show_layout_line (writer->cr, pango_layout_iter_get_line_readonly (iter));
      writer->y += line_height;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  return writer->y;
}

static void
write_block (Writer      *writer,
             const Block *block)
{
  double text_width = writer->width - 2 * PAGE_MARGIN;
  double bottom = writer->height - PAGE_MARGIN - PAGE_FOOTER;
  g_autoptr(PangoLayout) layout = NULL;

  switch (block->kind)
    {
    case BLOCK_TITLE:
      layout = create_layout (writer, block->text, FONT_H1, text_width);
      show_layout (writer, layout, PAGE_MARGIN, 0);
      writer->y += 6;
      break;
    case BLOCK_HEADING:
      if (writer->y > bottom - 80)
        new_page (writer);
      writer->y += 14;
      layout = create_layout (writer, block->text, FONT_H2, text_width);
      show_layout (writer, layout, PAGE_MARGIN, 0);
      writer->y += 6;
      break;
    case BLOCK_SUBHEADING:
      /* Not alone at the foot of a page. */
      if (writer->y > bottom - 60)
        new_page (writer);
      writer->y += 10;
      layout = create_layout (writer, block->text, FONT_H3, text_width);
      show_layout (writer, layout, PAGE_MARGIN, 0);
      writer->y += 4;
      break;
    case BLOCK_TEXT:
      layout = create_layout (writer, block->text, FONT_TEXT, text_width);
      show_layout (writer, layout, PAGE_MARGIN, 0.1);
      writer->y += 4;
      break;
    case BLOCK_FIELD:
      {
        g_autoptr(PangoLayout) label = create_layout (writer, block->label, FONT_LABEL, LABEL_WIDTH - 8);
        double top, label_end, value_end;

        layout = create_layout (writer, block->text, block->mono ? FONT_MONO : FONT_TEXT,
                                text_width - LABEL_WIDTH);
        if (writer->y + 14 > bottom)
          new_page (writer);
        top = writer->y;
        label_end = show_layout (writer, label, PAGE_MARGIN, 0.35);
        writer->y = top;
        value_end = show_layout (writer, layout, PAGE_MARGIN + LABEL_WIDTH, 0.1);
        /* The value may have run on to the next page, leaving the label behind. */
        writer->y = value_end < top ? value_end : MAX (label_end, value_end);
        writer->y += 3;
      }
      break;
    case BLOCK_PICTURE:
    default:
      break;
    }
}

/* The picture's page, then the text's, on any cairo context: a PDF's or
 * a printout's. */
static void
draw_pages (EvbBoard               *board,
            const EvbExportOptions *options,
            GPtrArray              *blocks,
            cairo_t                *cr,
            double                  width,
            double                  height)
{
  EvbExportOptions picture = *options;
  Writer writer = { cr, NULL, width, height, 0, 0 };

  writer.pango = pango_cairo_create_context (writer.cr);
  /* Sizes in points, as on paper. */
  pango_cairo_context_set_resolution (writer.pango, 72);

  /* The picture explains itself: title block and legend. */
  picture.title_block = TRUE;
  picture.legend = TRUE;
  _evb_export_draw_page (board, &picture, writer.cr, writer.width, writer.height);

  new_page (&writer);
  for (guint i = 0; i < blocks->len; i++)
    write_block (&writer, g_ptr_array_index (blocks, i));
  finish_page (&writer);
  g_object_unref (writer.pango);
}

void
_evb_report_draw (EvbBoard               *board,
                  const EvbExportOptions *options,
                  cairo_t                *cr,
                  double                  page_width,
                  double                  page_height)
{
  g_autoptr(GPtrArray) blocks = NULL;

  g_return_if_fail (EVB_IS_BOARD (board));
  g_return_if_fail (options != NULL && cr != NULL);

  blocks = build_blocks (board, options);
  draw_pages (board, options, blocks, cr, page_width, page_height);
}

static gboolean
write_pdf (EvbBoard               *board,
           const EvbExportOptions *options,
           GPtrArray              *blocks,
           Output                 *output)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double width, height;

  if (!evb_export_paper_get_size (options->paper, options->orientation, &width, &height))
    evb_export_paper_get_size (EVB_EXPORT_PAPER_A4, options->orientation, &width, &height);
  surface = cairo_pdf_surface_create_for_stream (output_write, output, width, height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Evidence Board");
  if (evb_board_get_title (board) != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, evb_board_get_title (board));
  cr = cairo_create (surface);
  draw_pages (board, options, blocks, cr, width, height);

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return status == CAIRO_STATUS_SUCCESS && output->saved_errno == 0;
}

/* HTML */

/* As in the SVG's text, and a line break as <br>. */
static void
append_html (GString    *out,
             const char *text)
{
  const char *line = text;

  for (const char *nl; (nl = strchr (line, '\n')) != NULL; line = nl + 1)
    {
      _evb_export_append_xml_text (out, line, nl - line);
      g_string_append (out, "<br>");
    }
  _evb_export_append_xml_text (out, line, -1);
}

static gboolean
is_web_address (const char *text)
{
  return g_ascii_strncasecmp (text, "https://", 8) == 0 || g_ascii_strncasecmp (text, "http://", 7) == 0;
}

static const char html_style[] =
  "body{font-family:Cantarell,'DejaVu Sans',sans-serif;max-width:60em;margin:2em auto;padding:0 1em;"
  "color:#241f31;line-height:1.4}"
  "figure{margin:1em 0;overflow:auto}figure svg{max-width:100%;height:auto}"
  "h2{border-bottom:1px solid #ccc;margin-top:2em}h3{margin:1.5em 0 .3em}"
  "table.fields{border-collapse:collapse;width:100%}"
  "table.fields th{text-align:left;vertical-align:top;width:9em;padding:.15em .8em .15em 0;color:#555}"
  "table.fields td{padding:.15em 0;overflow-wrap:anywhere}"
  "code{font-family:'DejaVu Sans Mono',monospace;font-size:.9em;overflow-wrap:anywhere}";

static char *
build_html (EvbBoard    *board,
            GPtrArray   *blocks,
            const char  *svg)
{
  GString *out = g_string_new ("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n");
  const char *title = evb_board_get_title (board);
  gboolean in_table = FALSE;

  /* Nothing runs and nothing is fetched: the file stands alone. */
  g_string_append (out, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        "style-src 'unsafe-inline'; img-src data:\">\n");
  g_string_append (out, "<meta name=\"viewport\" content=\"width=device-width\">\n<title>");
  append_html (out, title != NULL && *title != '\0' ? title : _("Untitled board"));
  g_string_append_printf (out, "</title>\n<style>%s</style>\n</head>\n<body>\n", html_style);

  for (guint i = 0; i < blocks->len; i++)
    {
      const Block *block = g_ptr_array_index (blocks, i);

      if (in_table && block->kind != BLOCK_FIELD)
        {
          g_string_append (out, "</table>\n");
          in_table = FALSE;
        }
      switch (block->kind)
        {
        case BLOCK_TITLE:
          g_string_append (out, "<h1>");
          append_html (out, block->text);
          g_string_append (out, "</h1>\n");
          break;
        case BLOCK_HEADING:
          g_string_append (out, "<h2>");
          append_html (out, block->text);
          g_string_append (out, "</h2>\n");
          break;
        case BLOCK_SUBHEADING:
          g_string_append (out, "<h3>");
          append_html (out, block->text);
          g_string_append (out, "</h3>\n");
          break;
        case BLOCK_TEXT:
          g_string_append (out, "<p>");
          append_html (out, block->text);
          g_string_append (out, "</p>\n");
          break;
        case BLOCK_FIELD:
          if (!in_table)
            {
              g_string_append (out, "<table class=\"fields\">\n");
              in_table = TRUE;
            }
          g_string_append (out, "<tr><th>");
          append_html (out, block->label);
          g_string_append (out, "</th><td>");
          if (block->link && is_web_address (block->text))
            {
              g_string_append (out, "<a href=\"");
              append_html (out, block->text);
              g_string_append (out, "\" rel=\"noreferrer\">");
              append_html (out, block->text);
              g_string_append (out, "</a>");
            }
          else if (block->mono)
            {
              g_string_append (out, "<code>");
              append_html (out, block->text);
              g_string_append (out, "</code>");
            }
          else
            append_html (out, block->text);
          g_string_append (out, "</td></tr>\n");
          break;
        case BLOCK_PICTURE:
          {
            /* cairo's SVG, whose only board text is the escaped text layer. */
            const char *start = svg != NULL ? strstr (svg, "<svg") : NULL;

            if (start != NULL)
              {
                g_string_append (out, "<figure>\n");
                g_string_append (out, start);
                g_string_append (out, "</figure>\n");
              }
          }
          break;
        default:
          break;
        }
    }
  if (in_table)
    g_string_append (out, "</table>\n");
  g_string_append (out, "</body>\n</html>\n");
  return g_string_free (out, FALSE);
}

/* Writing */

static gboolean
set_write_error (GError     **error,
                 const char  *path,
                 int          saved_errno)
{
  g_autofree char *display = g_filename_display_name (path);

  if (saved_errno != 0)
    g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not write “%s”: %s"), display,
                 g_strerror (saved_errno));
  else
    g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not draw the report for “%s”"), display);
  return FALSE;
}

gboolean
evb_report_to_file (EvbBoard               *board,
                    const char             *path,
                    EvbReportFormat         format,
                    const EvbExportOptions *options,
                    GCancellable           *cancellable,
                    GError                **error)
{
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(EvbTempFile) temp = NULL;
  g_autofree char *tmp_path = NULL;
  EvbExportOptions defaults;
  Output output = { -1, 0 };
  gboolean ok;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format <= EVB_REPORT_HTML, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      evb_export_options_init (&defaults);
      options = &defaults;
    }
  if (options->progress != NULL)
    options->progress (0, options->progress_data);
  blocks = build_blocks (board, options);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  evb_temp_file_remove_stale_beside (path);
  temp = evb_temp_file_new_beside (path, 0644, error);
  if (temp == NULL)
    return FALSE;
  tmp_path = g_strdup (evb_temp_file_get_path (temp));
  output.fd = evb_temp_file_dup_fd (temp, error);
  if (output.fd < 0)
    {
      g_unlink (tmp_path);
      return FALSE;
    }

  if (format == EVB_REPORT_PDF)
    {
      ok = write_pdf (board, options, blocks, &output);
      if (!ok)
        set_write_error (error, path, output.saved_errno);
    }
  else
    {
      EvbExportOptions picture = *options;
      g_autofree char *svg = NULL;
      g_autofree char *html = NULL;

      picture.title_block = FALSE;
      picture.legend = TRUE;
      svg = _evb_export_to_svg_string (board, &picture, error);
      ok = svg != NULL;
      if (ok)
        {
          html = build_html (board, blocks, svg);
          ok = output_write (&output, (const guchar *) html, strlen (html)) == CAIRO_STATUS_SUCCESS;
          if (!ok)
            set_write_error (error, path, output.saved_errno);
        }
    }

  if (ok && fsync (output.fd) != 0)
    ok = set_write_error (error, path, errno);
  if (close (output.fd) != 0 && ok)
    ok = set_write_error (error, path, errno);
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  if (ok && g_rename (tmp_path, path) != 0)
    ok = set_write_error (error, path, errno);
  if (!ok)
    g_unlink (tmp_path);
  else if (options->progress != NULL)
    options->progress (1, options->progress_data);
  return ok;
}
