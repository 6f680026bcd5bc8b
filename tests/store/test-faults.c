/* test-faults.c: a full disk under write-back and board and JSON writing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 8: "Write-back and export onto a full filesystem leave the user's
 * file intact and show an error." Two ways to fill a disk:
 *
 * - tests/fault/evb-fault.c, linked into this program, makes the user's
 *   folder hold only N bytes more: writes then come up short and fail with
 *   ENOSPC, exactly as on a full file system, for SQLite and GLib alike.
 *   Every N from 0 to past the size of a whole write is tried.
 * - A real tmpfs of a few hundred KiB, filled up, in a mount namespace of
 *   a child process (so the mount goes away with it). This needs root and a
 *   machine that lets it mount; elsewhere (CI containers) it is skipped.
 */

#include "config.h"

#define _GNU_SOURCE /* unshare */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>
#include <unistd.h>

#include "evb-document.h"
#include "evb-fault.h"
#include "evb-json.h"
#include "test-common.h"

static const char *self_exe;

typedef CaseFixture Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  case_fixture_init (fixture, "evb-faults-XXXXXX", 20);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  evb_fault_set_enospc (NULL, -1);
  case_fixture_clear (fixture);
}

/* The error a person sees says what happened, and names the file. */
static void
assert_disk_full_error (const GError *error,
                        const char   *name)
{
  g_assert_error ((GError *) error, EVB_ERROR, EVB_ERROR_IO);
  g_assert_nonnull (strstr (error->message, name));
  if (strstr (error->message, "disk is full") == NULL &&
      strstr (error->message, g_strerror (ENOSPC)) == NULL)
    g_error ("“%s” does not say that the disk is full", error->message);
}

/* The user's folder holds the board and nothing else (no temporary file). */
static void
assert_only_board (Fixture *fixture)
{
  g_autofree char *listing = list_dir (fixture->dir);

  g_assert_cmpstr (listing, ==, "case.evboard");
}

static void
wait_write_back (EvbDocument *document)
{
  while (!evb_document_get_saved (document) && evb_document_get_write_error (document) == NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* Write-back onto a full disk, with every amount of room left from none to
 * more than a whole copy. */
static void
test_write_back_full (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = evb_document_open (fixture->file, &error);
  g_autofree char *before = file_checksum (fixture->path);
  gint64 size;
  guint failures = 0;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  size = st.st_size;
  add_claim (evb_document_get_board (document), "pending");

  for (gint64 room = 0; room < size; room += MAX (1, size / 23))
    {
      g_autofree char *after = NULL;

      evb_fault_set_enospc (fixture->dir, room);
      g_assert_false (evb_document_write_back (document, &error));
      assert_disk_full_error (error, "case.evboard");
      if (room == 0)
        g_test_message ("%s", error->message);
      g_clear_error (&error);
      failures++;

      /* The user's file is the old board, whole; the edit is kept. */
      after = file_checksum (fixture->path);
      g_assert_cmpstr (before, ==, after);
      assert_only_board (fixture);
      g_assert_false (evb_document_get_saved (document));
      assert_disk_full_error (evb_document_get_write_error (document), "case.evboard");
      g_assert_nonnull (evb_board_get_node (evb_document_get_board (document), "pending"));
    }
  g_test_message ("%u write-backs onto a full disk refused", failures);

  /* Room again: the next write-back works and clears the error. */
  evb_fault_set_enospc (NULL, -1);
  g_assert_true (evb_document_write_back (document, &error));
  g_assert_no_error (error);
  g_assert_null (evb_document_get_write_error (document));
  g_assert_true (evb_document_get_saved (document));
  g_assert_true (file_has_node (fixture->path, "pending"));
  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* The automatic write-back after an edit: the error is shown (write-error),
 * the document tries again by itself, and once there is room it succeeds
 * without another edit. */
static void
test_write_back_retry (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EvbDocument) document = evb_document_open (fixture->file, &error);
  g_autofree char *before = file_checksum (fixture->path);
  g_autofree char *after = NULL;
  guint notified = 0, tick;
  gint64 start;

  g_assert_no_error (error);
  evb_document_set_write_back_delay (document, 0);
  g_signal_connect_swapped (document, "notify::write-error", G_CALLBACK (g_atomic_int_inc),
                            &notified);

  evb_fault_set_enospc (fixture->dir, 0);
  add_claim (evb_document_get_board (document), "pending");
  wait_write_back (document);
  assert_disk_full_error (evb_document_get_write_error (document), "case.evboard");
  g_assert_cmpuint (notified, ==, 1);
  after = file_checksum (fixture->path);
  g_assert_cmpstr (before, ==, after);
  assert_only_board (fixture);

  /* Space comes back (the person deleted something elsewhere). */
  evb_fault_set_enospc (NULL, -1);
  start = g_get_monotonic_time ();
  tick = g_timeout_add (100, tick_cb, NULL);
  while (!evb_document_get_saved (document))
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () - start > 20 * G_USEC_PER_SEC)
        g_error ("no write-back in 20 s after the disk had room again");
    }
  g_source_remove (tick);
  g_test_message ("retried and saved after %.1f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  g_assert_null (evb_document_get_write_error (document));
  g_assert_cmpuint (notified, ==, 2);
  g_assert_true (file_has_node (fixture->path, "pending"));

  /* A close onto a full disk keeps the working copy for recovery. */
  add_claim (evb_document_get_board (document), "at-close");
  evb_fault_set_enospc (fixture->dir, 1000);
  g_assert_false (evb_document_close (document, &error));
  assert_disk_full_error (error, "case.evboard");
  g_clear_error (&error);
  assert_only_board (fixture);
  g_assert_false (file_has_node (fixture->path, "at-close"));
  evb_fault_set_enospc (NULL, -1);
  {
    g_autoptr(GPtrArray) list = evb_document_list_recoverable ();
    g_autoptr(EvbDocument) recovered = NULL;

    g_assert_cmpuint (list->len, ==, 1);
    recovered = evb_document_recover (g_ptr_array_index (list, 0), &error);
    g_assert_no_error (error);
    g_assert_true (evb_document_close (recovered, &error));
    g_assert_no_error (error);
  }
  g_assert_true (file_has_node (fixture->path, "at-close"));
}

/* Writing a whole board over an existing one (the CLI's import --force). */
static void
test_write_new_full (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(EvbBoard) board = load_board (fixture->path, EVB_STORE_FLAGS_READ_ONLY, NULL);
  g_autofree char *before = file_checksum (fixture->path);
  g_autoptr(GError) error = NULL;
  guint failures = 0;

  g_assert_true (evb_board_set_title (board, "Replaced", &error));
  for (gint64 room = 0; room < 64 * 1024; room += 2731)
    {
      g_autofree char *after = NULL;

      evb_fault_set_enospc (fixture->dir, room);
      if (evb_store_write_new (board, fixture->path, TRUE, &error))
        break;
      assert_disk_full_error (error, "case.evboard");
      g_clear_error (&error);
      failures++;
      after = file_checksum (fixture->path);
      g_assert_cmpstr (before, ==, after);
      assert_only_board (fixture);
    }
  g_assert_cmpuint (failures, >, 5);
  g_test_message ("%u board writes onto a full disk refused", failures);
}

/* JSON export (evb_json_write_board_file) over an existing file. */
static void
test_json_full (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(EvbBoard) board = load_board (fixture->path, EVB_STORE_FLAGS_READ_ONLY, NULL);
  g_autofree char *json = g_build_filename (fixture->dir, "case.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  guint failures = 0;

  g_assert_true (g_file_set_contents (json, "old export", -1, NULL));
  for (gint64 room = 0; ; room += 997)
    {
      g_autofree char *contents = NULL;

      evb_fault_set_enospc (fixture->dir, room);
      if (evb_json_write_board_file (board, json, &error))
        break;
      assert_disk_full_error (error, "case.json");
      /* The sentence names the file the person chose, not a temporary one. */
      if (room == 0)
        g_test_message ("%s", error->message);
      g_assert_null (strstr (error->message, "case.json."));
      g_clear_error (&error);
      failures++;
      g_assert_true (g_file_get_contents (json, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "old export");
      listing = (g_free (listing), list_dir (fixture->dir));
      g_assert_cmpstr (listing, ==, "case.evboard case.json");
    }
  g_assert_cmpuint (failures, >, 5);
  g_test_message ("%u JSON writes onto a full disk refused", failures);
}

/* A real full file system: a small tmpfs, filled up. */

static gboolean
fill_up (const char *path)
{
  g_autofree char *block = g_malloc0 (4096);
  FILE *f = fopen (path, "w");
  gboolean full = FALSE;

  if (f == NULL)
    return FALSE;
  setvbuf (f, NULL, _IONBF, 0);
  for (guint i = 0; i < 100000 && !full; i++)
    full = fwrite (block, 1, 4096, f) != 4096 && errno == ENOSPC;
  fclose (f);
  return full;
}

/* Runs in a child with a mount namespace of its own. */
static void
tmpfs_child (void)
{
  g_autofree char *mount_point = g_dir_make_tmp ("evb-tmpfs-XXXXXX", NULL);
  g_autofree char *user_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *filler = NULL;
  g_autofree char *json = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(EvbDocument) document = NULL;
  g_autoptr(EvbBoard) board = evb_board_new ("On a small disk");
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (mount_point);
  if (unshare (CLONE_NEWNS) != 0 ||
      mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      mount ("evb-test", mount_point, "tmpfs", 0, "size=512k") != 0)
    {
      printf ("cannot mount: %s\n", g_strerror (errno));
      g_rmdir (mount_point);
      return;
    }

  user_dir = g_build_filename (mount_point, "user", NULL);
  g_assert_cmpint (g_mkdir (user_dir, 0700), ==, 0);
  path = g_build_filename (user_dir, "case.evboard", NULL);
  json = g_build_filename (user_dir, "case.json", NULL);
  filler = g_build_filename (mount_point, "filler", NULL);
  file = g_file_new_for_path (path);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", i);
      g_autoptr(EvbNodeData) claim = full_node_data (id, EVB_NODE_KIND_CLAIM, 300 * i);

      g_assert_nonnull (_evb_board_load_node (board, g_steal_pointer (&claim), &error));
    }
  g_assert_true (evb_store_write_new (board, path, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (evb_json_write_board_file (board, json, &error));
  g_assert_no_error (error);

  /* The working copy lives elsewhere (the data folder), as for a person
   * whose board is on a full USB stick. */
  document = evb_document_open (file, &error);
  g_assert_no_error (error);
  add_claim (evb_document_get_board (document), "pending");
  before = file_checksum (path);
  g_assert_true (fill_up (filler));

  g_assert_false (evb_document_write_back (document, &error));
  assert_disk_full_error (error, "case.evboard");
  printf ("write-back: %s\n", error->message);
  g_clear_error (&error);
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);

  g_assert_false (evb_store_write_new (board, path, TRUE, &error));
  assert_disk_full_error (error, "case.evboard");
  g_clear_error (&error);
  g_clear_pointer (&after, g_free);
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);

  g_assert_false (evb_json_write_board_file (board, json, &error));
  assert_disk_full_error (error, "case.json");
  printf ("JSON: %s\n", error->message);
  g_clear_error (&error);
  {
    g_autoptr(EvbBoard) reread = evb_json_read_board_file (json, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (evb_board_get_n_nodes (reread), ==, 20);
  }
  {
    g_autofree char *listing = list_dir (user_dir);
    g_assert_cmpstr (listing, ==, "case.evboard case.json");
  }

  /* Room again. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  g_assert_true (evb_document_write_back (document, &error));
  g_assert_no_error (error);
  g_assert_true (file_has_node (path, "pending"));
  g_assert_true (evb_document_close (document, &error));
  g_assert_no_error (error);
  printf ("passed\n");

  umount2 (mount_point, MNT_DETACH);
  g_rmdir (mount_point);
}

static void
test_tmpfs (void)
{
  const char *argv[] = { self_exe, "--tmpfs-child", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = NULL;
  int status;

  /* The child's working copies go to this test's data folder. */
  envp = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, &out, NULL,
                &status, &error);
  g_assert_no_error (error);
  if (g_str_has_prefix (out, "cannot mount"))
    {
      g_test_skip (g_strstrip (out));
      return;
    }
  g_test_message ("%s", out);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_str_has_suffix (out, "passed\n"));
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 2 && g_str_equal (argv[1], "--tmpfs-child"))
    {
      tmpfs_child ();
      return 0;
    }
  self_exe = argv[0];
  /* Each test gets its own XDG folders: working copies stay apart. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/faults/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("write-back-full", test_write_back_full);
  ADD ("write-back-retry", test_write_back_retry);
  ADD ("write-new-full", test_write_new_full);
  ADD ("json-full", test_json_full);
  g_test_add_func ("/faults/tmpfs", test_tmpfs);

  return g_test_run ();
}
