/* fuzz-csv.c: libFuzzer harness for the CSV tables reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a nodes table, then, after a form feed, a links table. Any
 * input either fails with a GError that says something, or gives a board
 * whose tables read back to the same tables.
 */

#include "config.h"

#include <string.h>

#include "evb-formats.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *text = (const char *) data;
  const char *split = memchr (text, '\f', size);
  gsize nodes_length = split != NULL ? (gsize) (split - text) : size;
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(EvbBoard) again = NULL;
  g_autofree char *nodes = NULL;
  g_autofree char *links = NULL;
  g_autofree char *nodes_again = NULL;
  g_autofree char *links_again = NULL;

  board = evb_csv_read_board (text, nodes_length, split != NULL ? split + 1 : NULL,
                              split != NULL ? size - nodes_length - 1 : 0, "Fuzz", NULL, &error);
  if (board == NULL)
    {
      g_assert (error != NULL && error->message != NULL && error->message[0] != '\0');
      return 0;
    }

  nodes = evb_csv_write_nodes (board);
  links = evb_csv_write_links (board);
  again = evb_csv_read_board (nodes, strlen (nodes), links, strlen (links), "Fuzz", NULL, &error);
  if (again == NULL)
    g_error ("the tables of an accepted board were refused: %s", error->message);
  nodes_again = evb_csv_write_nodes (again);
  links_again = evb_csv_write_links (again);
  g_assert (strcmp (nodes, nodes_again) == 0);
  g_assert (strcmp (links, links_again) == 0);
  return 0;
}
