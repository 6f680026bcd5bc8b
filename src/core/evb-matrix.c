/* evb-matrix.c: the matrix of competing hypotheses (Heuer's ACH)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The matrix is the board seen the other way round: instead of following
 * each claim's links, look along each item at every hypothesis. Heuer's
 * point is that the items that matter are those that discriminate (an item
 * consistent with every hypothesis tells nothing), and that hypotheses are
 * weeded out by what refutes them rather than proved by what fits. So each
 * row gets its diagnosticity, and each column the weighted count of
 * inconsistencies, as the open-source ACH computes it.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "evb-assessment.h"
#include "evb-matrix.h"

struct _EvbMatrix
{
  GPtrArray *hypotheses;     /* claim ids */
  GPtrArray *rows;           /* evidence ids */
  guint8    *cells;          /* rows × hypotheses, EvbMatrixCell */
  double    *diagnosticity;  /* one a row */
  double    *inconsistency;  /* one a hypothesis */
  guint      n_evidence;     /* on the board, shown or not */
  guint      n_claims;
  gboolean   filtered;       /* made for a filter's matches */
};

static const char * const cell_names[] = { "N", "C", "CC", "I", "II" };

const char *
evb_matrix_cell_to_string (EvbMatrixCell cell)
{
  g_return_val_if_fail (cell <= EVB_MATRIX_CELL_II, NULL);
  return cell_names[cell];
}

gboolean
evb_matrix_cell_from_string (const char    *str,
                             EvbMatrixCell *cell)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (cell_names); i++)
    if (g_ascii_strcasecmp (str, cell_names[i]) == 0)
      {
        if (cell != NULL)
          *cell = i;
        return TRUE;
      }
  return FALSE;
}

EvbMatrixCell
evb_matrix_cell_for_link (EvbLink *link)
{
  gboolean strong;

  g_return_val_if_fail (EVB_IS_LINK (link), EVB_MATRIX_CELL_N);

  strong = evb_link_get_strength (link) == EVB_STRENGTH_STRONG;
  if (evb_link_get_relation (link) == EVB_RELATION_SUPPORTS)
    return strong ? EVB_MATRIX_CELL_CC : EVB_MATRIX_CELL_C;
  return strong ? EVB_MATRIX_CELL_II : EVB_MATRIX_CELL_I;
}

/* Where a cell lies from very consistent (2) to very inconsistent (−2). */
static int
cell_score (EvbMatrixCell cell)
{
  switch (cell)
    {
    case EVB_MATRIX_CELL_CC: return 2;
    case EVB_MATRIX_CELL_C: return 1;
    case EVB_MATRIX_CELL_I: return -1;
    case EVB_MATRIX_CELL_II: return -2;
    case EVB_MATRIX_CELL_N:
    default: return 0;
    }
}

static int
cell_inconsistency (EvbMatrixCell cell)
{
  return cell == EVB_MATRIX_CELL_II ? 2 : cell == EVB_MATRIX_CELL_I ? 1 : 0;
}

/* rows and columns: the evidence and claims shown (sets), NULL = all. */
static EvbMatrix *
build_matrix (EvbBoard           *board,
              const char * const *hypotheses,
              GHashTable         *shown_rows,
              GHashTable         *shown_columns)
{
  EvbMatrix *matrix;
  g_autoptr(GHashTable) columns = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *nodes;
  guint n_columns;

  matrix = g_new0 (EvbMatrix, 1);
  matrix->hypotheses = g_ptr_array_new_with_free_func (g_free);
  matrix->rows = g_ptr_array_new_with_free_func (g_free);
  nodes = evb_board_get_nodes (board);

  if (hypotheses != NULL)
    {
      for (guint i = 0; hypotheses[i] != NULL; i++)
        {
          EvbNode *node = evb_board_get_node (board, hypotheses[i]);

          if (node != NULL && evb_node_get_kind (node) == EVB_NODE_KIND_CLAIM &&
              !g_hash_table_contains (columns, hypotheses[i]) &&
              (shown_columns == NULL || g_hash_table_contains (shown_columns, hypotheses[i])))
            {
              g_ptr_array_add (matrix->hypotheses, g_strdup (hypotheses[i]));
              g_hash_table_insert (columns, g_ptr_array_index (matrix->hypotheses, matrix->hypotheses->len - 1),
                                   GUINT_TO_POINTER (matrix->hypotheses->len));
            }
        }
    }
  for (guint i = 0; i < nodes->len; i++)
    {
      EvbNode *node = g_ptr_array_index (nodes, i);
      const char *id = evb_node_get_id (node);

      if (evb_node_get_kind (node) == EVB_NODE_KIND_EVIDENCE)
        {
          matrix->n_evidence++;
          if (shown_rows == NULL || g_hash_table_contains (shown_rows, id))
            g_ptr_array_add (matrix->rows, g_strdup (id));
          continue;
        }
      matrix->n_claims++;
      if (hypotheses == NULL && (shown_columns == NULL || g_hash_table_contains (shown_columns, id)))
        {
          g_ptr_array_add (matrix->hypotheses, g_strdup (id));
          g_hash_table_insert (columns, g_ptr_array_index (matrix->hypotheses, matrix->hypotheses->len - 1),
                               GUINT_TO_POINTER (matrix->hypotheses->len));
        }
    }

  n_columns = matrix->hypotheses->len;
  matrix->cells = g_new0 (guint8, (gsize) MAX (1, matrix->rows->len * n_columns));
  matrix->diagnosticity = g_new0 (double, MAX (1, matrix->rows->len));
  matrix->inconsistency = g_new0 (double, MAX (1, n_columns));

  for (guint r = 0; r < matrix->rows->len; r++)
    {
      EvbNode *item = evb_board_get_node (board, g_ptr_array_index (matrix->rows, r));
      const EvbNodeData *data = evb_node_get_data (item);
      GPtrArray *links = evb_node_get_links (item);
      double grade = evb_assessment_reliability_weight (data->reliability) *
                     evb_assessment_credibility_weight (data->credibility);
      int lowest = 2, highest = -2;

      for (guint i = 0; i < links->len; i++)
        {
          EvbLink *link = g_ptr_array_index (links, i);
          guint column;

          if (!g_str_equal (evb_link_get_from (link), data->id))
            continue;
          column = GPOINTER_TO_UINT (g_hash_table_lookup (columns, evb_link_get_to (link)));
          if (column > 0)
            matrix->cells[r * n_columns + column - 1] = evb_matrix_cell_for_link (link);
        }
      for (guint c = 0; c < n_columns; c++)
        {
          EvbMatrixCell cell = matrix->cells[r * n_columns + c];

          lowest = MIN (lowest, cell_score (cell));
          highest = MAX (highest, cell_score (cell));
          matrix->inconsistency[c] += cell_inconsistency (cell) * grade;
        }
      matrix->diagnosticity[r] = n_columns > 1 ? (highest - lowest) / 4.0 : 0;
    }
  matrix->filtered = shown_rows != NULL || shown_columns != NULL;
  return matrix;
}

EvbMatrix *
evb_matrix_new (EvbBoard           *board,
                const char * const *hypotheses)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  return build_matrix (board, hypotheses, NULL, NULL);
}

/* How many of the columns evb_matrix_new() would make the set holds. */
static guint
count_claims (EvbBoard           *board,
              const char * const *hypotheses,
              GHashTable         *ids)
{
  g_autoptr(GHashTable) counted = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *nodes = evb_board_get_nodes (board);

  if (hypotheses == NULL)
    {
      for (guint i = 0; i < nodes->len; i++)
        {
          EvbNode *node = g_ptr_array_index (nodes, i);

          if (evb_node_get_kind (node) == EVB_NODE_KIND_CLAIM &&
              g_hash_table_contains (ids, evb_node_get_id (node)))
            g_hash_table_add (counted, (gpointer) evb_node_get_id (node));
        }
      return g_hash_table_size (counted);
    }
  for (guint i = 0; hypotheses[i] != NULL; i++)
    {
      EvbNode *node = evb_board_get_node (board, hypotheses[i]);

      if (node != NULL && evb_node_get_kind (node) == EVB_NODE_KIND_CLAIM &&
          g_hash_table_contains (ids, hypotheses[i]))
        g_hash_table_add (counted, (gpointer) hypotheses[i]);
    }
  return g_hash_table_size (counted);
}

EvbMatrix *
evb_matrix_new_filtered (EvbBoard           *board,
                         const char * const *hypotheses,
                         GHashTable         *matches)
{
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  if (matches == NULL)
    return build_matrix (board, hypotheses, NULL, NULL);
  /* The hypotheses are the competing set (Heuer's ACH, ICD 203's
   * alternatives): a filter narrows the evidence weighed against them,
   * not the set. It narrows the columns only when it lets two or more
   * claims through, a set the person chose to weigh against each other
   * (a tag the hypotheses carry, a likelihood). When it lets none through
   * (evidence only, grades, dates, files, which claims seldom have) or
   * one (a tag that one claim shares with the evidence), every claim
   * stays a column: with one column every row's diagnosticity is 0 and
   * nothing competes, and with none nothing is weighed. */
  return build_matrix (board, hypotheses, matches,
                       count_claims (board, hypotheses, matches) >= 2 ? matches : NULL);
}

void
evb_matrix_free (EvbMatrix *matrix)
{
  if (matrix == NULL)
    return;
  g_ptr_array_unref (matrix->hypotheses);
  g_ptr_array_unref (matrix->rows);
  g_free (matrix->cells);
  g_free (matrix->diagnosticity);
  g_free (matrix->inconsistency);
  g_free (matrix);
}

guint
evb_matrix_get_n_hypotheses (EvbMatrix *matrix)
{
  g_return_val_if_fail (matrix != NULL, 0);
  return matrix->hypotheses->len;
}

const char *
evb_matrix_get_hypothesis (EvbMatrix *matrix,
                           guint      column)
{
  g_return_val_if_fail (matrix != NULL, NULL);
  g_return_val_if_fail (column < matrix->hypotheses->len, NULL);
  return g_ptr_array_index (matrix->hypotheses, column);
}

gboolean
evb_matrix_is_filtered (EvbMatrix *matrix)
{
  g_return_val_if_fail (matrix != NULL, FALSE);
  return matrix->filtered;
}

char *
evb_matrix_describe_scope (EvbMatrix *matrix)
{
  g_autofree char *rows = NULL;
  g_autofree char *columns = NULL;

  g_return_val_if_fail (matrix != NULL, NULL);

  if (!matrix->filtered)
    return NULL;
  /* As honest as the filter bar's count: what is left out is said, in
   * the view and in every picture of it, in the same words. */
  rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u evidence item",
                                       "%u of %u evidence items", matrix->n_evidence),
                          matrix->rows->len, matrix->n_evidence);
  columns = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u hypothesis",
                                          "%u of %u hypotheses", matrix->n_claims),
                             matrix->hypotheses->len, matrix->n_claims);
  /* Translators: "Filtered: 3 of 17 evidence items against 2 of 3 hypotheses." */
  return g_strdup_printf (_("Filtered: %s against %s."), rows, columns);
}

guint
evb_matrix_get_n_evidence (EvbMatrix *matrix)
{
  g_return_val_if_fail (matrix != NULL, 0);
  return matrix->n_evidence;
}

guint
evb_matrix_get_n_claims (EvbMatrix *matrix)
{
  g_return_val_if_fail (matrix != NULL, 0);
  return matrix->n_claims;
}

guint
evb_matrix_get_n_rows (EvbMatrix *matrix)
{
  g_return_val_if_fail (matrix != NULL, 0);
  return matrix->rows->len;
}

const char *
evb_matrix_get_row (EvbMatrix *matrix,
                    guint      row)
{
  g_return_val_if_fail (matrix != NULL, NULL);
  g_return_val_if_fail (row < matrix->rows->len, NULL);
  return g_ptr_array_index (matrix->rows, row);
}

EvbMatrixCell
evb_matrix_get_cell (EvbMatrix *matrix,
                     guint      row,
                     guint      column)
{
  g_return_val_if_fail (matrix != NULL, EVB_MATRIX_CELL_N);
  g_return_val_if_fail (row < matrix->rows->len, EVB_MATRIX_CELL_N);
  g_return_val_if_fail (column < matrix->hypotheses->len, EVB_MATRIX_CELL_N);
  return matrix->cells[row * matrix->hypotheses->len + column];
}

double
evb_matrix_get_diagnosticity (EvbMatrix *matrix,
                              guint      row)
{
  g_return_val_if_fail (matrix != NULL, 0);
  g_return_val_if_fail (row < matrix->rows->len, 0);
  return matrix->diagnosticity[row];
}

double
evb_matrix_get_inconsistency (EvbMatrix *matrix,
                              guint      column)
{
  g_return_val_if_fail (matrix != NULL, 0);
  g_return_val_if_fail (column < matrix->hypotheses->len, 0);
  return matrix->inconsistency[column];
}

static void
append_csv_field (GString    *out,
                  const char *field)
{
  if (field == NULL)
    field = "";
  /* A field a spreadsheet would run as a formula is quoted and prefixed
   * (OWASP's advice against CSV injection): boards come from others. */
  if (strpbrk (field, ",\"\r\n") != NULL || strchr ("=+-@\t", field[0]) != NULL)
    {
      g_string_append_c (out, '"');
      if (field[0] != '\0' && strchr ("=+-@\t", field[0]) != NULL)
        g_string_append_c (out, '\'');
      for (const char *p = field; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, field);
}

char *
evb_matrix_to_csv (EvbMatrix *matrix,
                   EvbBoard  *board)
{
  GString *out;

  g_return_val_if_fail (matrix != NULL, NULL);
  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  out = g_string_new ("id,title,reliability,credibility,diagnosticity");
  for (guint c = 0; c < matrix->hypotheses->len; c++)
    {
      EvbNode *claim = evb_board_get_node (board, g_ptr_array_index (matrix->hypotheses, c));

      g_string_append_c (out, ',');
      append_csv_field (out, claim != NULL ? evb_node_get_title (claim)
                                           : g_ptr_array_index (matrix->hypotheses, c));
    }
  g_string_append (out, "\r\n");

  for (guint r = 0; r < matrix->rows->len; r++)
    {
      EvbNode *item = evb_board_get_node (board, g_ptr_array_index (matrix->rows, r));
      const EvbNodeData *data = item != NULL ? evb_node_get_data (item) : NULL;
      char grade[2] = { data != NULL ? data->reliability : '\0', '\0' };
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      append_csv_field (out, g_ptr_array_index (matrix->rows, r));
      g_string_append_c (out, ',');
      append_csv_field (out, data != NULL ? data->title : NULL);
      g_string_append_printf (out, ",%s,", grade);
      if (data != NULL && data->credibility > 0)
        g_string_append_printf (out, "%d", data->credibility);
      g_string_append_printf (out, ",%s", g_ascii_formatd (number, sizeof number, "%.2f",
                                                             matrix->diagnosticity[r]));
      for (guint c = 0; c < matrix->hypotheses->len; c++)
        g_string_append_printf (out, ",%s", cell_names[evb_matrix_get_cell (matrix, r, c)]);
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}
