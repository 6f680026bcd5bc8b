/* fuzz-canvas.c: libFuzzer harness for the JSON Canvas reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any input either fails with a GError that says something, or gives a
 * board whose canvas export reads back to the same export.
 */

#include "config.h"

#include <string.h>

#include "evb-formats.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(EvbBoard) board = evb_canvas_read_board ((const char *) data, size, "Fuzz", skipped, &error);
  g_autoptr(EvbBoard) again = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gsize length = 0;

  if (board == NULL)
    {
      g_assert (error != NULL && error->message != NULL && error->message[0] != '\0');
      return 0;
    }

  first = evb_canvas_write_board (board, &length);
  again = evb_canvas_read_board (first, length, "Fuzz", NULL, &error);
  if (again == NULL)
    g_error ("the canvas export of an accepted board was refused: %s", error->message);
  second = evb_canvas_write_board (again, NULL);
  g_assert (strcmp (first, second) == 0);
  return 0;
}
