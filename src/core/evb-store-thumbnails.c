/* evb-store-thumbnails.c: the thumbnails table of a board file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "evb-error.h"
#include "evb-store-private.h"

static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

/* Checks what can be checked without decoding: the PNG signature, and an
 * IHDR chunk first (as the PNG specification demands) whose width and
 * height are within the limit, so a small file cannot unpack into
 * gigabytes of pixels. The size has been checked by the caller. */
static gboolean
is_small_png (const guint8 *data,
              gsize         size)
{
  guint32 length, width, height;

  /* Signature, IHDR length and type, width, height. */
  if (size < 8 + 8 + 8 || memcmp (data, png_signature, sizeof png_signature) != 0)
    return FALSE;
  memcpy (&length, data + 8, 4);
  if (GUINT32_FROM_BE (length) != 13 || memcmp (data + 12, "IHDR", 4) != 0)
    return FALSE;
  memcpy (&width, data + 16, 4);
  memcpy (&height, data + 20, 4);
  width = GUINT32_FROM_BE (width);
  height = GUINT32_FROM_BE (height);
  return width >= 1 && height >= 1 &&
         width <= EVB_THUMBNAIL_MAX_PIXELS && height <= EVB_THUMBNAIL_MAX_PIXELS;
}

/* What get would refuse, one sentence a thumbnail; a blob over the limit
 * is never read. Returns the SQLite result code (SQLITE_DONE when fine). */
int
_evb_store_check_thumbnails (EvbStore  *self,
                             GPtrArray *problems)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT sha256, length (png), "
                           "CASE WHEN length (png) <= ?1 THEN substr (png, 1, 24) END "
                           "FROM thumbnails ORDER BY sha256",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    sqlite3_bind_int (stmt, 1, EVB_THUMBNAIL_MAX_BYTES);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *shown = g_strescape (key != NULL ? key : "", NULL);
      gint64 length = sqlite3_column_int64 (stmt, 1);
      const guint8 *head = sqlite3_column_blob (stmt, 2);
      int head_size = sqlite3_column_bytes (stmt, 2);
      guint8 start[24] = { 0 };

      rc = SQLITE_OK;
      if (head != NULL)
        memcpy (start, head, MIN (head_size, (int) sizeof start));
      if (!evb_store_is_sha256 (key))
        g_ptr_array_add (problems,
                         g_strdup_printf (_("thumbnail “%.70s” is not named by a SHA-256 digest"),
                                          shown));
      else if (length > EVB_THUMBNAIL_MAX_BYTES)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("thumbnail “%s” is larger than %d MiB"), shown,
                                          EVB_THUMBNAIL_MAX_BYTES / (1024 * 1024)));
      /* The header is all is_small_png reads: the length is passed along. */
      else if (head_size < (int) sizeof start || !is_small_png (start, MIN (length, G_MAXSIZE)))
        g_ptr_array_add (problems,
                         g_strdup_printf (_("thumbnail “%s” is not a PNG image of at most "
                                            "%d × %d pixels"), shown,
                                          EVB_THUMBNAIL_MAX_PIXELS, EVB_THUMBNAIL_MAX_PIXELS));
    }
  sqlite3_finalize (stmt);
  return rc;
}

gboolean
evb_store_is_sha256 (const char *text)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isdigit (text[i]) && !(text[i] >= 'a' && text[i] <= 'f'))
      return FALSE;
  return text[64] == '\0';
}

gboolean
evb_store_put_thumbnail (EvbStore    *store,
                         const char  *sha256,
                         GBytes      *png,
                         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gconstpointer data;
  gsize size;
  int rc;

  g_return_val_if_fail (EVB_IS_STORE (store), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  g_return_val_if_fail (png != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!evb_store_is_sha256 (sha256))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("“%s” is not a SHA-256 digest (64 lower-case hexadecimal digits)"), sha256);
      return FALSE;
    }
  data = g_bytes_get_data (png, &size);
  if (size > EVB_THUMBNAIL_MAX_BYTES)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT,
                   _("The thumbnail is larger than %d MiB"),
                   EVB_THUMBNAIL_MAX_BYTES / (1024 * 1024));
      return FALSE;
    }
  if (!is_small_png (data, size))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("The thumbnail is not a PNG image of at most %d × %d pixels"),
                   EVB_THUMBNAIL_MAX_PIXELS, EVB_THUMBNAIL_MAX_PIXELS);
      return FALSE;
    }
  if (store->db == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("“%s” is closed"), store->display_name);
      return FALSE;
    }
  if ((store->flags & EVB_STORE_FLAGS_READ_ONLY) || store->schema_version < 2)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                   _("Could not write “%s”: it is open read-only"), store->display_name);
      return FALSE;
    }
  if (!sqlite3_get_autocommit (store->db))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_TRANSACTION,
                   _("A thumbnail cannot be stored in the middle of a transaction"));
      return FALSE;
    }

  _evb_store_emit_will_write (store);

  rc = sqlite3_exec (store->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (store->db,
                             "INSERT INTO thumbnails (sha256, png) VALUES (?1, ?2) "
                             "ON CONFLICT (sha256) DO UPDATE SET png = ?2",
                             -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      _evb_store_bind_text (stmt, 1, sha256);
      sqlite3_bind_blob64 (stmt, 2, data, size, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (store->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _evb_store_set_sqlite_error (error, store->db, rc, store->display_name);
      _evb_store_rollback (store->db);
      return FALSE;
    }
  return TRUE;
}

GBytes *
evb_store_get_thumbnail (EvbStore    *store,
                         const char  *sha256,
                         GError     **error)
{
  g_autoptr(GBytes) png = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 length = 0;
  int rc;

  g_return_val_if_fail (EVB_IS_STORE (store), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!evb_store_is_sha256 (sha256))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_INVALID,
                   _("“%s” is not a SHA-256 digest (64 lower-case hexadecimal digits)"), sha256);
      return NULL;
    }
  if (store->db == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("“%s” is closed"), store->display_name);
      return NULL;
    }
  /* A board from before thumbnails, read as it is. */
  if (store->schema_version < 2)
    return NULL;

  /* The length first: a blob over the limit is never read into memory. */
  rc = SQLITE_OK;
  if (store->get_thumbnail == NULL)
    rc = sqlite3_prepare_v2 (store->db,
                             "SELECT length (png), CASE WHEN length (png) <= ?2 THEN png END "
                             "FROM thumbnails WHERE sha256 = ?1",
                             -1, &store->get_thumbnail, NULL);
  stmt = store->get_thumbnail;
  if (rc == SQLITE_OK)
    {
      _evb_store_bind_text (stmt, 1, sha256);
      sqlite3_bind_int (stmt, 2, EVB_THUMBNAIL_MAX_BYTES);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      length = sqlite3_column_int64 (stmt, 0);
      if (length <= EVB_THUMBNAIL_MAX_BYTES && sqlite3_column_type (stmt, 1) == SQLITE_BLOB)
        png = g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
    }
  else if (rc != SQLITE_DONE)
    _evb_store_set_sqlite_error (error, store->db, rc, store->display_name);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  /* None stored, or the error said above. */
  if (rc != SQLITE_ROW)
    return NULL;

  if (length > EVB_THUMBNAIL_MAX_BYTES)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT,
                   _("“%s” holds a thumbnail larger than %d MiB; it was ignored"),
                   store->display_name, EVB_THUMBNAIL_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (png == NULL ||
      !is_small_png (g_bytes_get_data (png, NULL), g_bytes_get_size (png)))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_DAMAGED,
                   _("“%s” holds a thumbnail that is not a PNG image of at most %d × %d "
                     "pixels; it was ignored"),
                   store->display_name, EVB_THUMBNAIL_MAX_PIXELS, EVB_THUMBNAIL_MAX_PIXELS);
      return NULL;
    }
  return g_steal_pointer (&png);
}

