/* test-app-export.c: a picture exported from the app shows what the screen shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A board with a card whose file is gone and a card with a picture is
 * opened in a window the way the application opens one (the session, in a
 * thread). Once the attachments have been checked and the picture's
 * thumbnail made, the session's image export, the one the export dialog
 * calls, must draw the "File missing" badge and the thumbnail, as the
 * command-line export of the same board does. The session's other file
 * work is checked beside it: Save a Copy and JSON export in threads, and
 * closing a board stopping what runs for it.
 */

#include "config.h"

#include <adwaita.h>
#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "evb-attachment.h"
#include "evb-editing.h"
#include "evb-export-dialog.h"
#include "evb-json.h"
#include "evb-palette.h"
#include "evb-session.h"
#include "evb-store.h"
#include "evb-window.h"
#include "test-dirs.h"

/* The picture: solid magenta, so its thumbnail is too. */
#define PICTURE_WIDTH  64
#define PICTURE_HEIGHT 40

#define WAIT_SECONDS 20

typedef struct
{
  EvbSession   *session;
  GError       *error;
  GFile        *exported;
  GAsyncResult *result;
  gboolean      done;
  guint         checks;
  guint         thumbnails;
} Waiter;

static void
wait_for (gboolean *done)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (!*done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (*done);
}

static void
wait_count (guint *count)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (*count == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (*count, >, 0);
}

static void
write_picture (const char *path)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, PICTURE_WIDTH, PICTURE_HEIGHT);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 0, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

/* An evidence card at (x, 0), 240 × 130, with a file attached. */
static void
add_card (EvbBoard   *board,
          const char *id,
          double      x,
          const char *path,
          const char *sha256,
          gint64      size,
          const char *media_type)
{
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_EVIDENCE);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  evb_node_data_set_string (&data->id, id);
  evb_node_data_set_string (&data->title, "Wreckage photographed at dawn");
  data->evidence_type = EVB_EVIDENCE_TYPE_PHOTO;
  data->x = x;
  data->y = 0;
  data->width = EVB_NODE_DEFAULT_WIDTH;
  data->height = EVB_NODE_DEFAULT_HEIGHT;
  data->attachment_uri = g_file_get_uri (file);
  evb_node_data_set_string (&data->attachment_sha256, sha256);
  data->attachment_size = size;
  evb_node_data_set_string (&data->attachment_media_type, media_type);
  g_assert_nonnull (evb_board_add_node (board, data, &error));
  g_assert_no_error (error);
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->session = evb_session_open_finish (result, &waiter->error);
  waiter->done = TRUE;
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->exported = evb_session_export_image_finish (EVB_SESSION (source), result, &waiter->error);
  waiter->done = TRUE;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Waiter *waiter = user_data;

  g_set_object (&waiter->result, result);
  waiter->done = TRUE;
}

static void
count_attach_failed_cb (gpointer  instance,
                        GFile    *file,
                        GError   *error,
                        guint    *count)
{
  g_test_message ("attach failed: %s", error->message);
  (*count)++;
}

static void
set_true_cb (gboolean *flag)
{
  *flag = TRUE;
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
count_thumbnail_cb (gpointer    instance,
                    const char *sha256,
                    guint      *count)
{
  (*count)++;
}

static gboolean
pixel_near (cairo_surface_t *surface,
            double           x,
            double           y,
            const GdkRGBA   *color,
            int              tolerance)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 p = *(const guint32 *) (data + (int) y * stride + (int) x * 4);
  int rgb[3] = { (p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff };

  g_test_message ("(%g, %g) is #%02x%02x%02x", x, y, rgb[0], rgb[1], rgb[2]);
  return abs (rgb[0] - (int) lround (color->red * 255)) <= tolerance &&
         abs (rgb[1] - (int) lround (color->green * 255)) <= tolerance &&
         abs (rgb[2] - (int) lround (color->blue * 255)) <= tolerance;
}

static void
test_badge_and_thumbnail (void)
{
  /* In the test's own home, which GLib removes afterwards. */
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "Boards", NULL);
  g_autofree char *picture = g_build_filename (dir, "Wreckage.png", NULL);
  g_autofree char *gone = g_build_filename (dir, "Wreckage, second pass.jpg", NULL);
  g_autofree char *board_path = g_build_filename (dir, "Wreckage.evboard", NULL);
  g_autofree char *png_path = g_build_filename (dir, "Wreckage export.png", NULL);
  g_autoptr(GFile) picture_file = NULL;
  g_autoptr(GFile) board_file = g_file_new_for_path (board_path);
  g_autoptr(GFile) png_file = g_file_new_for_path (png_path);
  g_autoptr(EvbBoard) board = evb_board_new ("Wreckage");
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  const EvbPalette *palette = evb_palette_get (FALSE);
  GdkRGBA magenta = { 1, 0, 1, 1 };
  EvbAttachmentState *state;
  EvbExportOptions options;
  cairo_surface_t *surface;
  EvbWindow *window;
  Waiter waiter = { 0 };
  gboolean recent_written = FALSE;
  gint64 size = 0;
  /* Exports start the board at margin + 8 (room for shadows). */
  double ox = 40 + 8, oy = 40 + 8;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  write_picture (picture);
  picture_file = g_file_new_for_path (picture);
  sha256 = evb_attachment_hash (picture_file, &size, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  add_card (board, "gone", 0, gone, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            4096, "image/jpeg");
  add_card (board, "picture", 300, picture, sha256, size, "image/png");
  g_assert_true (evb_store_write_new (board, board_path, FALSE, &error));
  g_assert_no_error (error);

  /* Opened as the application opens boards. */
  g_signal_connect_swapped (gtk_recent_manager_get_default (), "changed", G_CALLBACK (set_true_cb),
                            &recent_written);
  window = evb_window_new (NULL);
  g_signal_connect (window, "attachments-checked", G_CALLBACK (count_cb), &waiter.checks);
  g_signal_connect (window, "thumbnail-made", G_CALLBACK (count_thumbnail_cb), &waiter.thumbnails);
  evb_session_open_async (board_file, NULL, opened_cb, &waiter);
  wait_for (&waiter.done);
  g_assert_no_error (waiter.error);
  evb_window_set_session (window, waiter.session);
  gtk_window_present (GTK_WINDOW (window));

  wait_count (&waiter.checks);
  state = evb_session_get_attachments (waiter.session);
  g_assert_cmpint (evb_attachment_state_get_status (state, "gone"), ==, EVB_ATTACHMENT_MISSING);
  g_assert_cmpint (evb_attachment_state_get_status (state, "picture"), ==, EVB_ATTACHMENT_OK);
  wait_count (&waiter.thumbnails);
  g_assert_nonnull (evb_attachment_state_get_thumbnail (state, sha256));

  /* The export as the dialog runs it: whole board, 1×, light, no legend. */
  evb_export_options_init (&options);
  options.legend = FALSE;
  waiter.done = FALSE;
  evb_session_export_image_async (waiter.session, png_file, EVB_EXPORT_PNG, &options, exported_cb, &waiter);
  wait_for (&waiter.done);
  g_assert_no_error (waiter.error);
  g_assert_true (g_file_equal (waiter.exported, png_file));

  surface = cairo_image_surface_create_from_png (png_path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  /* The missing file's flag, in the top right corner above the bottom
   * edge, and the card's border: the palette's "broken" colour. */
  g_assert_true (pixel_near (surface, ox + 240 - 12 - 3, oy + 130 - 9 - 9, &palette->broken, 8));
  g_assert_true (pixel_near (surface, ox + 0.5, oy + 65, &palette->broken, 40));
  /* The picture's card has no flag... */
  g_assert_false (pixel_near (surface, ox + 300 + 240 - 12 - 3, oy + 130 - 9 - 9, &palette->broken, 8));
  /* ...and shows the thumbnail right of its text, below its header. */
  g_assert_true (pixel_near (surface, ox + 300 + 240 - 12 - 20, oy + 26 + 7 + 20, &magenta, 2));
  cairo_surface_destroy (surface);

  /* Export PDF… on paper: the dialog's choices reach the session's export,
   * a landscape A4 page (841.9 × 595.3 pt) rather than one the board's
   * size. A PNG has no paper, whatever was chosen for the last PDF. */
  {
    g_autofree char *pdf_path = g_build_filename (dir, "Wreckage export.pdf", NULL);
    g_autoptr(GFile) pdf_file = g_file_new_for_path (pdf_path);
    g_autofree char *pdf = NULL;
    gsize pdf_length = 0;
    EvbExportChoices choices;

    evb_export_choices_init (&choices);
    evb_export_choices_to_options (&choices, EVB_EXPORT_PDF, &options);
    g_assert_cmpint (options.paper, ==, EVB_EXPORT_PAPER_FIT);
    choices.paper = EVB_EXPORT_PAPER_A4;
    choices.orientation = EVB_EXPORT_ORIENTATION_LANDSCAPE;
    evb_export_choices_to_options (&choices, EVB_EXPORT_PNG, &options);
    g_assert_cmpint (options.paper, ==, EVB_EXPORT_PAPER_FIT);
    evb_export_choices_to_options (&choices, EVB_EXPORT_PDF, &options);
    g_clear_object (&waiter.exported);
    waiter.done = FALSE;
    evb_session_export_image_async (waiter.session, pdf_file, EVB_EXPORT_PDF, &options, exported_cb, &waiter);
    wait_for (&waiter.done);
    g_assert_no_error (waiter.error);
    g_assert_true (g_file_get_contents (pdf_path, &pdf, &pdf_length, &error));
    g_assert_no_error (error);
    {
      /* Searched to the end: compressed streams hold zero bytes, where
       * g_strstr_len() stops. */
      static const char needle[] = "/MediaBox [ 0 0 ";
      const char *box = NULL;
      double width = 0, height = 0;

      for (gsize i = 0; box == NULL && i + sizeof needle - 1 <= pdf_length; i++)
        if (memcmp (pdf + i, needle, sizeof needle - 1) == 0)
          box = pdf + i;
      /* cairo writes the size rounded or not, by version. */
      g_assert_nonnull (box);
      g_assert_cmpint (sscanf (box, "/MediaBox [ 0 0 %lf %lf", &width, &height), ==, 2);
      g_assert_cmpfloat_with_epsilon (width, 841.89, 0.6);
      g_assert_cmpfloat_with_epsilon (height, 595.28, 0.6);
    }
    g_unlink (pdf_path);
  }

  /* Export Report… goes the same way, with the statuses the window knows. */
  {
    g_autofree char *report_path = g_build_filename (dir, "Wreckage (report).html", NULL);
    g_autoptr(GFile) report_file = g_file_new_for_path (report_path);
    g_autofree char *html = NULL;

    g_clear_object (&waiter.exported);
    waiter.done = FALSE;
    evb_export_options_init (&options);
    evb_session_export_report_async (waiter.session, report_file, EVB_REPORT_HTML, &options,
                                     exported_cb, &waiter);
    wait_for (&waiter.done);
    g_assert_no_error (waiter.error);
    g_assert_true (g_file_equal (waiter.exported, report_file));
    g_assert_true (g_file_get_contents (report_path, &html, NULL, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (html, sha256));
    g_assert_nonnull (strstr (html, "Missing: the file is not where the board says"));
    g_assert_nonnull (strstr (html, "Checked: the file matches its size and SHA-256"));
    g_assert_nonnull (strstr (html, "<svg"));
    g_unlink (report_path);
  }

  /* Closing remembers the board again (with the title it has now): wait
   * for that write, not the one opening made, or it lands in the next
   * test, in this test's folders after they are gone. */
  recent_written = FALSE;
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&waiter.session);
  g_clear_object (&waiter.exported);
  /* The board went into the recent files, written a moment later: wait
   * for it, so that nothing writes while the next test starts. */
  wait_for (&recent_written);
  g_signal_handlers_disconnect_by_data (gtk_recent_manager_get_default (), &recent_written);
  g_unlink (png_path);
  g_unlink (picture);
  g_unlink (board_path);
  g_rmdir (dir);
}

/* Save a Copy and JSON export run in threads, on what the board holds
 * now: a card added a moment ago, not yet written back to the user's
 * file, is in both. */
static void
test_copy_and_json (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "Boards", NULL);
  g_autofree char *board_path = g_build_filename (dir, "Harbour.evboard", NULL);
  g_autofree char *copy_path = g_build_filename (dir, "Harbour (copy).evboard", NULL);
  g_autofree char *json_path = g_build_filename (dir, "Harbour.json", NULL);
  g_autoptr(GFile) board_file = g_file_new_for_path (board_path);
  g_autoptr(GFile) copy_file = g_file_new_for_path (copy_path);
  g_autoptr(GFile) json_file = g_file_new_for_path (json_path);
  g_autoptr(EvbBoard) board = evb_board_new ("Harbour");
  g_autoptr(EvbNodeData) data = evb_node_data_new (EVB_NODE_KIND_CLAIM);
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) copy = NULL;
  g_autoptr(EvbBoard) from_json = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter = { 0 };
  EvbNode *node;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (evb_store_write_new (board, board_path, FALSE, &error));
  g_assert_no_error (error);
  evb_session_open_async (board_file, NULL, opened_cb, &waiter);
  wait_for (&waiter.done);
  g_assert_no_error (waiter.error);
  /* Not written back for a minute: the copy must come from the working
   * copy, where every change is at once. */
  evb_document_set_write_back_delay (evb_session_get_document (waiter.session), 60 * 1000);
  evb_node_data_set_string (&data->title, "The tanker left on the 3rd");
  node = evb_editing_add_card (evb_session_get_board (waiter.session), data, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  waiter.done = FALSE;
  evb_session_save_copy_async (waiter.session, copy_file, done_cb, &waiter);
  wait_for (&waiter.done);
  g_assert_true (evb_session_save_copy_finish (waiter.session, waiter.result, &error));
  g_assert_no_error (error);
  waiter.done = FALSE;
  evb_session_export_json_async (waiter.session, json_file, done_cb, &waiter);
  wait_for (&waiter.done);
  g_assert_true (evb_session_export_json_finish (waiter.session, waiter.result, &error));
  g_assert_no_error (error);
  g_clear_object (&waiter.result);

  store = evb_store_open (copy_path, EVB_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  copy = evb_store_load (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (evb_board_get_node (copy, evb_node_get_id (node)));
  from_json = evb_json_read_board_file (json_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (evb_board_get_node (from_json, evb_node_get_id (node)));

  g_assert_true (evb_session_close (waiter.session, &error));
  g_assert_no_error (error);
  g_clear_object (&waiter.session);
}

/* Closing a board stops what was running for it: a file being hashed
 * for it lands nowhere, not on the board opened next, even if that one
 * should get the closed one's address. */
static void
test_close_stops_work (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "Boards", NULL);
  g_autofree char *first_path = g_build_filename (dir, "First.evboard", NULL);
  g_autofree char *second_path = g_build_filename (dir, "Second.evboard", NULL);
  g_autofree char *picture = g_build_filename (dir, "Harbour.png", NULL);
  g_autoptr(GFile) first_file = g_file_new_for_path (first_path);
  g_autoptr(GFile) second_file = g_file_new_for_path (second_path);
  g_autoptr(GFile) picture_file = g_file_new_for_path (picture);
  g_autoptr(EvbBoard) board = evb_board_new ("Empty");
  g_autoptr(EvbStore) store = NULL;
  g_autoptr(EvbBoard) on_disk = NULL;
  g_autoptr(GError) error = NULL;
  GSList files = { picture_file, &(GSList) { picture_file, NULL } };
  g_autoptr(EvbBoard) first_board = NULL;
  EvbSession *first;
  Waiter waiter = { 0 };
  Waiter second = { 0 };
  guint failed = 0;
  gint64 deadline;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  write_picture (picture);
  g_assert_true (evb_store_write_new (board, first_path, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (evb_store_write_new (board, second_path, FALSE, &error));
  g_assert_no_error (error);

  evb_session_open_async (first_file, NULL, opened_cb, &waiter);
  wait_for (&waiter.done);
  g_assert_no_error (waiter.error);
  first = waiter.session;
  first_board = g_object_ref (evb_session_get_board (first));
  g_signal_connect (first, "thumbnail-made", G_CALLBACK (count_thumbnail_cb), &waiter.thumbnails);
  g_signal_connect (first, "attach-failed", G_CALLBACK (count_attach_failed_cb), &failed);
  /* One file hashing, one waiting; nothing has come back yet. */
  evb_session_attach_files (first, &files, 0, 0, NULL);
  g_assert_nonnull (evb_session_get_task (first));
  g_assert_true (evb_session_close (first, &error));
  g_assert_no_error (error);
  g_assert_null (evb_session_get_task (first));

  evb_session_open_async (second_file, NULL, opened_cb, &second);
  wait_for (&second.done);
  g_assert_no_error (second.error);

  /* Every job holds the session: it goes when the last one has ended. */
  g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &waiter.session);
  g_object_unref (first);
  deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  while (waiter.session != NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (waiter.session);

  /* Nothing was tried: no card, no thumbnail, no error to show. */
  g_assert_cmpuint (waiter.thumbnails, ==, 0);
  g_assert_cmpuint (failed, ==, 0);
  g_assert_cmpuint (evb_board_get_n_nodes (first_board), ==, 0);
  g_assert_cmpuint (evb_board_get_n_nodes (evb_session_get_board (second.session)), ==, 0);
  store = evb_store_open (first_path, EVB_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  on_disk = evb_store_load (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (evb_board_get_n_nodes (on_disk), ==, 0);

  g_assert_true (evb_session_close (second.session, &error));
  g_assert_no_error (error);
  g_clear_object (&second.session);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *run = NULL;
  int status;

  /* Both read the system's data folders once, now, while they are
   * visible: the isolated folders hide the schemas libadwaita 1.2 needs
   * and the MIME database that tells an SVG icon from other files. */
  g_settings_schema_source_get_default ();
  g_free (g_content_type_guess ("icon.svg", NULL, 0, NULL));
  run = test_recent_files_for_run ("test-app-export");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/app-export/badge-and-thumbnail", test_badge_and_thumbnail);
  g_test_add_func ("/app-export/copy-and-json", test_copy_and_json);
  g_test_add_func ("/app-export/close-stops-work", test_close_stops_work);

  status = g_test_run ();
  test_remove_tree (run);
  return status;
}
