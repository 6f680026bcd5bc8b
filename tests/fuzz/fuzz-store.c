/* fuzz-store.c: libFuzzer harness for opening board files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is written to a file and opened read-only like an untrusted
 * board someone mailed: it must fail with a GError, or load and check.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "evb-store.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static char *path;

/* The one file every input is written to, and its folder, go at exit. */
static void
remove_input (void)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) board = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  if (path == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("evb-fuzz-XXXXXX", NULL);
      path = g_build_filename (dir, "input.evboard", NULL);
      atexit (remove_input);
    }

  if (!g_file_set_contents (path, (const char *) data, size, &error))
    g_error ("%s", error->message);

  store = evb_store_open (path, EVB_STORE_FLAGS_READ_ONLY, &error);
  if (store != NULL)
    {
      board = evb_store_load (store, &error);
      evb_store_check (store, problems);
    }
  /* Thumbnails are read as the window reads them: by each attachment's hash. */
  if (board != NULL)
    {
      GPtrArray *nodes = evb_board_get_nodes (board);

      for (guint i = 0; i < nodes->len; i++)
        {
          const EvbNodeData *d = evb_node_get_data (g_ptr_array_index (nodes, i));
          g_autoptr(GError) thumbnail_error = NULL;
          g_autoptr(GBytes) png = NULL;

          if (!evb_store_is_sha256 (d->attachment_sha256))
            continue;
          png = evb_store_get_thumbnail (store, d->attachment_sha256, &thumbnail_error);
          g_assert (png != NULL || thumbnail_error == NULL ||
                    thumbnail_error->message[0] != '\0');
        }
    }
  if (board == NULL)
    g_assert (error != NULL && error->message[0] != '\0');

  return 0;
}
