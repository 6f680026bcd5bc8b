/* evb-graphml.c: a board as GraphML (yEd, Gephi, Cytoscape)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every field is a declared <key>, so that a program that knows nothing
 * of boards still shows every value by its name.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "evb-formats.h"

typedef enum
{
  KEY_STRING,
  KEY_DOUBLE,
  KEY_INT,
  KEY_LONG,
} KeyType;

typedef struct
{
  const char *id;
  const char *domain;  /* graph, node, edge */
  const char *name;
  KeyType     type;
} Key;

static const Key keys[] = {
  { "g_title", "graph", "title", KEY_STRING },
  { "g_description", "graph", "description", KEY_STRING },
  { "g_created", "graph", "created", KEY_STRING },
  { "g_modified", "graph", "modified", KEY_STRING },
  { "n_label", "node", "label", KEY_STRING },
  { "n_kind", "node", "kind", KEY_STRING },
  { "n_body", "node", "body", KEY_STRING },
  { "n_x", "node", "x", KEY_DOUBLE },
  { "n_y", "node", "y", KEY_DOUBLE },
  { "n_width", "node", "width", KEY_DOUBLE },
  { "n_height", "node", "height", KEY_DOUBLE },
  { "n_claimant", "node", "claimant", KEY_STRING },
  { "n_evidence_type", "node", "evidence_type", KEY_STRING },
  { "n_source", "node", "source", KEY_STRING },
  { "n_source_url", "node", "source_url", KEY_STRING },
  { "n_reliability", "node", "reliability", KEY_STRING },
  { "n_credibility", "node", "credibility", KEY_INT },
  { "n_occurred", "node", "occurred", KEY_STRING },
  { "n_collected", "node", "collected", KEY_STRING },
  { "n_tags", "node", "tags", KEY_STRING },
  { "n_color", "node", "color", KEY_STRING },
  { "n_attachment_uri", "node", "attachment_uri", KEY_STRING },
  { "n_attachment_sha256", "node", "attachment_sha256", KEY_STRING },
  { "n_attachment_size", "node", "attachment_size", KEY_LONG },
  { "n_attachment_media_type", "node", "attachment_media_type", KEY_STRING },
  { "n_created", "node", "created", KEY_STRING },
  { "n_modified", "node", "modified", KEY_STRING },
  { "e_relation", "edge", "relation", KEY_STRING },
  { "e_strength", "edge", "strength", KEY_STRING },
  { "e_note", "edge", "note", KEY_STRING },
  { "e_color", "edge", "color", KEY_STRING },
};

/* XML 1.0 allows no control characters but tab, newline and carriage
 * return, not even escaped: a board's text may hold them, so they become
 * U+FFFD and the document stays well-formed. */
static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        case '\'':
          g_string_append (out, "&apos;");
          break;
        case '\r':
          g_string_append (out, "&#13;");
          break;
        case '\t':
        case '\n':
          g_string_append_c (out, (char) c);
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append (out, "\xef\xbf\xbd");
          /* U+FFFE and U+FFFF are not XML characters either. */
          else if (c == 0xef && (guchar) p[1] == 0xbf && ((guchar) p[2] == 0xbe || (guchar) p[2] == 0xbf))
            {
              g_string_append (out, "\xef\xbf\xbd");
              p += 2;
            }
          else
            g_string_append_c (out, (char) c);
        }
    }
}

static void
data_string (GString    *out,
             const char *indent,
             const char *key,
             const char *value)
{
  if (value == NULL)
    return;
  g_string_append_printf (out, "%s<data key=\"%s\">", indent, key);
  append_escaped (out, value);
  g_string_append (out, "</data>\n");
}

static void
data_double (GString    *out,
             const char *key,
             double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (buffer, sizeof buffer, value);
  g_string_append_printf (out, "      <data key=\"%s\">%s</data>\n", key, buffer);
}

char *
evb_graphml_write_board (EvbBoard *board,
                         gsize    *length)
{
  static const char *type_names[] = { "string", "double", "int", "long" };
  GPtrArray *nodes, *links;
  GString *out;

  g_return_val_if_fail (EVB_IS_BOARD (board), NULL);

  nodes = evb_board_get_nodes (board);
  links = evb_board_get_links (board);
  out = g_string_sized_new (4096 + nodes->len * 1024);

  g_string_append (out,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
                   "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                   "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
                   "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_string_append_printf (out, "  <key id=\"%s\" for=\"%s\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
                            keys[i].id, keys[i].domain, keys[i].name, type_names[keys[i].type]);

  g_string_append (out, "  <graph id=\"board\" edgedefault=\"directed\">\n");
  data_string (out, "    ", "g_title", evb_board_get_title (board));
  data_string (out, "    ", "g_description", evb_board_get_description (board));
  data_string (out, "    ", "g_created", evb_board_get_created (board));
  data_string (out, "    ", "g_modified", evb_board_get_modified (board));

  for (guint i = 0; i < nodes->len; i++)
    {
      const EvbNodeData *d = evb_node_get_data (g_ptr_array_index (nodes, i));

      g_string_append (out, "    <node id=\"");
      append_escaped (out, d->id);
      g_string_append (out, "\">\n");
      data_string (out, "      ", "n_label", d->title);
      data_string (out, "      ", "n_kind", evb_node_kind_to_string (d->kind));
      data_string (out, "      ", "n_body", d->body);
      data_double (out, "n_x", d->x);
      data_double (out, "n_y", d->y);
      data_double (out, "n_width", d->width);
      data_double (out, "n_height", d->height);
      data_string (out, "      ", "n_claimant", d->claimant);
      if (d->kind == EVB_NODE_KIND_EVIDENCE)
        data_string (out, "      ", "n_evidence_type", evb_evidence_type_to_string (d->evidence_type));
      data_string (out, "      ", "n_source", d->source);
      data_string (out, "      ", "n_source_url", d->source_url);
      if (d->reliability != '\0')
        {
          char grade[2] = { d->reliability, '\0' };

          data_string (out, "      ", "n_reliability", grade);
        }
      if (d->credibility != 0)
        g_string_append_printf (out, "      <data key=\"n_credibility\">%d</data>\n", d->credibility);
      data_string (out, "      ", "n_occurred", d->occurred);
      data_string (out, "      ", "n_collected", d->collected);
      if (d->tags != NULL && d->tags[0] != NULL)
        {
          /* One text value: Gephi and yEd have no list type. */
          g_autofree char *tags = g_strjoinv ("|", d->tags);

          data_string (out, "      ", "n_tags", tags);
        }
      data_string (out, "      ", "n_color", d->color);
      data_string (out, "      ", "n_attachment_uri", d->attachment_uri);
      data_string (out, "      ", "n_attachment_sha256", d->attachment_sha256);
      if (d->attachment_uri != NULL && d->attachment_size >= 0)
        g_string_append_printf (out, "      <data key=\"n_attachment_size\">%" G_GINT64_FORMAT "</data>\n",
                                d->attachment_size);
      data_string (out, "      ", "n_attachment_media_type", d->attachment_media_type);
      data_string (out, "      ", "n_created", d->created);
      data_string (out, "      ", "n_modified", d->modified);
      g_string_append (out, "    </node>\n");
    }

  for (guint i = 0; i < links->len; i++)
    {
      const EvbLinkData *d = evb_link_get_data (g_ptr_array_index (links, i));

      g_string_append (out, "    <edge id=\"");
      append_escaped (out, d->id);
      g_string_append (out, "\" source=\"");
      append_escaped (out, d->from);
      g_string_append (out, "\" target=\"");
      append_escaped (out, d->to);
      g_string_append (out, "\">\n");
      data_string (out, "      ", "e_relation", evb_relation_to_string (d->relation));
      data_string (out, "      ", "e_strength", evb_strength_to_string (d->strength));
      data_string (out, "      ", "e_note", d->note);
      /* Our palette's link colours (src/render/evb-palette.c). */
      data_string (out, "      ", "e_color", d->relation == EVB_RELATION_SUPPORTS ? "#1c71d8" : "#c64600");
      g_string_append (out, "    </edge>\n");
    }

  g_string_append (out, "  </graph>\n</graphml>\n");
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}
