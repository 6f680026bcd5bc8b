/* evb-cli-assess.c: the assess command's output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both forms say the same: every claim in the board's order, assessed or
 * not, with the items that moved it and its linchpin, then the matrix of
 * competing hypotheses. Following ICD 203, the text never puts the
 * likelihood word and the confidence level in one sentence.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "evb-assessment.h"
#include "evb-cli-assess.h"
#include "evb-cli-text.h"
#include "evb-error.h"
#include "evb-matrix.h"
#include "evb-cli-image.h"

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Rounded so that a printed board reads the same on every machine. */
static double
rounded (double value)
{
  return round (value * 1e6) / 1e6;
}

static void
add_claim (JsonBuilder              *builder,
           EvbNode                  *claim,
           const EvbClaimAssessment *a)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, evb_node_get_id (claim));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, evb_node_get_title (claim));
  json_builder_set_member_name (builder, "assessed");
  json_builder_add_boolean_value (builder, a->assessed);
  json_builder_set_member_name (builder, "probability");
  if (a->assessed)
    json_builder_add_double_value (builder, rounded (a->probability));
  else
    json_builder_add_null_value (builder);
  add_nullable_string (builder, "likelihood", a->assessed ? evb_likelihood_to_string (a->likelihood) : NULL);
  add_nullable_string (builder, "confidence", a->assessed ? evb_confidence_to_string (a->confidence) : NULL);

  json_builder_set_member_name (builder, "contributions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < a->contributions->len; i++)
    {
      const EvbContribution *c = &g_array_index (a->contributions, EvbContribution, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "node");
      json_builder_add_string_value (builder, c->node_id);
      json_builder_set_member_name (builder, "link");
      json_builder_add_string_value (builder, c->link_id);
      json_builder_set_member_name (builder, "relation");
      json_builder_add_string_value (builder, evb_relation_to_string (c->relation));
      json_builder_set_member_name (builder, "weight");
      json_builder_add_double_value (builder, rounded (c->weight));
      if (c->cut)
        {
          json_builder_set_member_name (builder, "cut");
          json_builder_add_boolean_value (builder, TRUE);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "linchpin");
  if (a->assessed && a->linchpin_id != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "node");
      json_builder_add_string_value (builder, a->linchpin_id);
      json_builder_set_member_name (builder, "probability_without");
      json_builder_add_double_value (builder, rounded (a->probability_without));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static void
add_matrix (JsonBuilder *builder,
            EvbMatrix   *matrix)
{
  guint columns = evb_matrix_get_n_hypotheses (matrix);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hypotheses");
  json_builder_begin_array (builder);
  for (guint c = 0; c < columns; c++)
    json_builder_add_string_value (builder, evb_matrix_get_hypothesis (matrix, c));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint r = 0; r < evb_matrix_get_n_rows (matrix); r++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, evb_matrix_get_row (matrix, r));
      json_builder_set_member_name (builder, "cells");
      json_builder_begin_object (builder);
      /* Only the hypotheses the item has a link to: any other is N. A
       * dense table would be rows × claims (16 million cells, 400 MB, on
       * the 10,000-node benchmark board). */
      for (guint c = 0; c < columns; c++)
        {
          EvbMatrixCell cell = evb_matrix_get_cell (matrix, r, c);

          if (cell == EVB_MATRIX_CELL_N)
            continue;
          json_builder_set_member_name (builder, evb_matrix_get_hypothesis (matrix, c));
          json_builder_add_string_value (builder, evb_matrix_cell_to_string (cell));
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "diagnosticity");
      json_builder_add_double_value (builder, rounded (evb_matrix_get_diagnosticity (matrix, r)));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "inconsistency");
  json_builder_begin_object (builder);
  for (guint c = 0; c < columns; c++)
    {
      json_builder_set_member_name (builder, evb_matrix_get_hypothesis (matrix, c));
      json_builder_add_double_value (builder, rounded (evb_matrix_get_inconsistency (matrix, c)));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

char *
evb_cli_assessment_to_json (EvbBoard *board)
{
  g_autoptr(EvbAssessment) assessment = evb_assessment_new (board);
  g_autoptr(EvbMatrix) matrix = evb_matrix_new (board, NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  GPtrArray *nodes = evb_board_get_nodes (board);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "claims");
  json_builder_begin_array (builder);
  for (guint i = 0; i < nodes->len; i++)
    {
      EvbNode *node = g_ptr_array_index (nodes, i);

      if (evb_node_get_kind (node) == EVB_NODE_KIND_CLAIM)
        add_claim (builder, node, evb_assessment_get (assessment, evb_node_get_id (node)));
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "matrix");
  add_matrix (builder, matrix);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static void
append_item (GString    *out,
             EvbBoard   *board,
             const char *id)
{
  EvbNode *node = evb_board_get_node (board, id);

  g_autofree char *title = evb_cli_escape_text (node != NULL ? evb_node_get_title (node) : id);
  g_autofree char *shown_id = evb_cli_escape_text (id);

  g_string_append_printf (out, "%s (%s)", title, shown_id);
}

static int
percent (double probability)
{
  return (int) round (probability * 100);
}

char *
evb_cli_assessment_to_text (EvbBoard *board)
{
  g_autoptr(EvbAssessment) assessment = evb_assessment_new (board);
  GPtrArray *nodes = evb_board_get_nodes (board);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < nodes->len; i++)
    {
      EvbNode *node = g_ptr_array_index (nodes, i);
      const EvbClaimAssessment *a;

      if (evb_node_get_kind (node) != EVB_NODE_KIND_CLAIM)
        continue;
      a = evb_assessment_get (assessment, evb_node_get_id (node));
      if (out->len > 0)
        g_string_append_c (out, '\n');
      append_item (out, board, evb_node_get_id (node));
      g_string_append_c (out, '\n');
      if (!a->assessed)
        {
          g_string_append_printf (out, "  %s\n", _("Not assessed: no evidence bears on it."));
          continue;
        }
      /* Translators: "Likelihood: very likely (87 %)" */
      g_string_append_printf (out, _("  Likelihood: %s (%d %%)\n"),
                              evb_likelihood_get_label (a->likelihood), percent (a->probability));
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "  Confidence: %s, from %u independent source\n",
                                                "  Confidence: %s, from %u independent sources\n", a->n_sources),
                              evb_confidence_get_label (a->confidence), a->n_sources);
      g_string_append_printf (out, "  %s\n", _("Why:"));
      /* Each item, then what it is and what its weight does, as the app's
       * inspector says it (evb_contribution_describe()). */
      for (guint j = 0; j < a->contributions->len; j++)
        {
          const EvbContribution *c = &g_array_index (a->contributions, EvbContribution, j);
          g_autofree char *what = evb_contribution_describe (assessment, c);
          g_autofree char *weight = evb_contribution_describe_weight (c);

          g_string_append (out, "    ");
          append_item (out, board, c->node_id);
          g_string_append_printf (out, "\n      %s; %s\n", what, weight);
        }
      if (a->linchpin_id != NULL)
        {
          EvbLikelihood without = evb_likelihood_from_probability (a->probability_without);

          g_string_append_printf (out, "  %s ", _("Linchpin:"));
          append_item (out, board, a->linchpin_id);
          /* Translators: what the claim would be without its linchpin, e.g. "without it: likely (61 %)" */
          g_string_append_printf (out, _("; without it: %s (%d %%)\n"),
                                  evb_likelihood_get_label (without), percent (a->probability_without));
        }
    }
  if (out->len == 0)
    g_string_append_printf (out, "%s\n", _("The board has no claims."));
  return g_string_free (out, FALSE);
}

gboolean
evb_cli_export_matrix (EvbBoard    *board,
                       GHashTable  *matches,
                       const char  *filter_description,
                       const char  *path,
                       const char  *format,
                       GError     **error)
{
  if (g_strcmp0 (format, "matrix-csv") == 0)
    {
      /* Only the filtered rows and columns, and no word of the filter: a
       * note line would be a row to every CSV reader (docs/DESIGN.md). */
      g_autoptr(EvbMatrix) matrix = evb_matrix_new_filtered (board, NULL, matches);
      g_autofree char *csv = evb_matrix_to_csv (matrix, board);

      /* g_file_set_contents() replaces the file atomically. */
      return g_file_set_contents (path, csv, -1, error);
    }
  if (g_strcmp0 (format, "matrix-png") == 0 || g_strcmp0 (format, "matrix-svg") == 0 ||
      g_strcmp0 (format, "matrix-pdf") == 0)
    return evb_cli_export_matrix_picture (board, matches, filter_description, path, format,
                                          error);
  g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
               _("Unknown format “%s”: use matrix-csv, matrix-png, matrix-svg or matrix-pdf"), format);
  return FALSE;
}
