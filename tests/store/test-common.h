/* test-common.h: helpers shared by the store and document tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib/gstdio.h>
#include <string.h>

#include "evb-board-private.h"
#include "evb-error.h"
#include "evb-store.h"

/* A node with every field of EvbNodeData set. */
static inline EvbNodeData *
full_node_data (const char  *id,
                EvbNodeKind  kind,
                double       x)
{
  EvbNodeData *data = evb_node_data_new (kind);
  const char * const tags[] = { "drone", "unverified", "priority", NULL };

  data->id = g_strdup (id);
  evb_node_data_set_string (&data->title, "Drone attack on the Dolgiye Borody residence");
  evb_node_data_set_string (&data->body, "A body with\nlines, “quotes” and ünïcödé ✓");
  data->x = x;
  data->y = -123.25;
  data->width = 301.5;
  data->height = 177.75;
  data->pinned = kind == EVB_NODE_KIND_EVIDENCE;
  if (kind == EVB_NODE_KIND_CLAIM)
    evb_node_data_set_string (&data->claimant, "Russian Ministry of Defence");
  else
    {
      data->evidence_type = EVB_EVIDENCE_TYPE_SATELLITE_IMAGERY;
      evb_node_data_set_string (&data->collected, "2025-12-30");
      evb_node_data_set_string (&data->attachment_uri, "file:///home/me/evidence/drone%20video.mp4");
      evb_node_data_set_string (&data->attachment_sha256,
                                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
      data->attachment_size = G_GINT64_CONSTANT (5000000000);
      evb_node_data_set_string (&data->attachment_media_type, "video/mp4");
    }
  evb_node_data_set_string (&data->source, "Reuters");
  evb_node_data_set_string (&data->source_url, "https://example.org/a?b=c&d=e");
  data->reliability = 'B';
  data->credibility = 3;
  evb_node_data_set_string (&data->occurred, "2025-12-29T21:30:00+03:00");
  g_strfreev (data->tags);
  data->tags = g_strdupv ((char **) tags);
  evb_node_data_set_string (&data->color, "#a51d2d");
  evb_node_data_set_string (&data->created, "2026-01-02T03:04:05Z");
  evb_node_data_set_string (&data->modified, "2026-01-02T03:04:06Z");
  return data;
}

/* True when both boards hold the same nodes and links, in the same
 * drawing order, field by field. */
static inline void
assert_boards_equal (EvbBoard *a,
                     EvbBoard *b)
{
  GPtrArray *na = evb_board_get_nodes (a), *nb = evb_board_get_nodes (b);
  GPtrArray *la = evb_board_get_links (a), *lb = evb_board_get_links (b);

  g_assert_cmpstr (evb_board_get_title (a), ==, evb_board_get_title (b));
  g_assert_cmpstr (evb_board_get_description (a), ==, evb_board_get_description (b));
  g_assert_cmpstr (evb_board_get_created (a), ==, evb_board_get_created (b));
  g_assert_cmpuint (na->len, ==, nb->len);
  g_assert_cmpuint (la->len, ==, lb->len);
  for (guint i = 0; i < na->len; i++)
    {
      const EvbNodeData *da = evb_node_get_data (g_ptr_array_index (na, i));
      const EvbNodeData *db = evb_node_get_data (g_ptr_array_index (nb, i));

      g_assert_cmpstr (da->id, ==, db->id);
      g_assert_true (evb_node_data_equal (da, db));
    }
  for (guint i = 0; i < la->len; i++)
    g_assert_true (evb_link_data_equal (evb_link_get_data (g_ptr_array_index (la, i)),
                                        evb_link_get_data (g_ptr_array_index (lb, i))));
  g_assert_cmpuint (evb_board_get_n_groups (a), ==, evb_board_get_n_groups (b));
  for (guint i = 0; i < evb_board_get_n_groups (a); i++)
    g_assert_true (evb_group_data_equal (evb_group_get_data (g_ptr_array_index (evb_board_get_groups (a), i)),
                                         evb_group_get_data (g_ptr_array_index (evb_board_get_groups (b), i))));
}

static inline char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_strdup ("missing");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static inline int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The names in a folder, sorted and joined by spaces. */
static inline char *
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static inline void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_chmod (child, 0700);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static inline EvbBoard *
load_board (const char    *path,
            EvbStoreFlags  flags,
            EvbStore     **store_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbStore) store = evb_store_open (path, flags, &error);
  EvbBoard *board;

  g_assert_no_error (error);
  board = evb_store_load (store, &error);
  g_assert_no_error (error);
  if (store_out != NULL)
    *store_out = g_steal_pointer (&store);
  return board;
}

/* Adds a claim through the core API: one undo step, one commit. */
static inline void
add_claim (EvbBoard   *board,
           const char *id)
{
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_CLAIM);
  g_autoptr(GError) error = NULL;

  data->id = g_strdup (id);
  evb_node_data_set_string (&data->title, "Added by a test");
  g_assert_nonnull (evb_board_add_node (board, data, &error));
  g_assert_no_error (error);
}

/* Whether the board file at path, opened afresh, holds the node. */
static inline gboolean
file_has_node (const char *path,
               const char *id)
{
  g_autoptr(EvbBoard) board = load_board (path, EVB_STORE_FLAGS_READ_ONLY, NULL);

  return evb_board_get_node (board, id) != NULL;
}

/* A user's folder holding one board, case.evboard, of n claims c1, c2, …
 * 300 units apart from x = 10. */
typedef struct
{
  char  *dir;     /* the user's folder */
  char  *path;    /* the user's board */
  GFile *file;
} CaseFixture;

static inline void
case_fixture_init (CaseFixture *fixture,
                   const char  *dir_template,
                   guint        n_claims)
{
  g_autoptr(EvbBoard) board = evb_board_new ("Dolgiye Borody");
  g_autoptr(GError) error = NULL;

  for (guint i = 1; i <= n_claims; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", i);
      g_autoptr(EvbNodeData) claim = full_node_data (id, EVB_NODE_KIND_CLAIM, 10 + 300 * (i - 1));

      g_assert_nonnull (_evb_board_load_node (board, g_steal_pointer (&claim), &error));
    }
  fixture->dir = g_dir_make_tmp (dir_template, &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "case.evboard", NULL);
  g_assert_true (evb_store_write_new (board, fixture->path, FALSE, &error));
  g_assert_no_error (error);
  fixture->file = g_file_new_for_path (fixture->path);
}

static inline void
case_fixture_clear (CaseFixture *fixture)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  g_object_unref (fixture->file);
}

