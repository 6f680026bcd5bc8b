/* fuzz-json.c: libFuzzer harness for the JSON importer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any input either fails with a GError or gives a board whose export
 * imports again to the same export. The streaming reader either declines
 * an input or reads it as json-glib's tree does.
 */

#include "config.h"

#include <string.h>

#include "evb-json.h"
#include "evb-json-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbBoard) board = evb_json_read_board ((const char *) data, size, &error);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(EvbBoard) again = NULL;
  g_autoptr(EvbBoard) tree = _evb_json_read_board_tree ((const char *) data, size, NULL);
  g_autoptr(EvbBoard) streaming = _evb_json_read_board_streaming ((const char *) data, size);
  gsize first_length = 0;

  if (streaming != NULL)
    {
      g_autofree char *expected = NULL;
      g_autofree char *got = NULL;

      if (tree == NULL)
        g_error ("the streaming reader accepted what the tree refuses");
      expected = evb_json_write_board (tree, NULL);
      got = evb_json_write_board (streaming, NULL);
      g_assert (strcmp (expected, got) == 0);
    }
  g_assert ((board == NULL) == (tree == NULL));

  if (board == NULL)
    {
      g_assert (error != NULL && error->message != NULL && error->message[0] != '\0');
      return 0;
    }

  first = evb_json_write_board (board, &first_length);
  again = evb_json_read_board (first, first_length, &error);
  if (again == NULL)
    g_error ("the export of an accepted board was refused: %s", error->message);
  second = evb_json_write_board (again, NULL);
  g_assert (strcmp (first, second) == 0);

  return 0;
}
