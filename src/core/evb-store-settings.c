/* evb-store-settings.c: the setting table of a board file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * View settings (the filter) belong to the board, so that a board mailed
 * to a colleague or reopened next year shows what it showed, but they are
 * not edits: they are written outside the undo history, like thumbnails,
 * and the JSON export leaves them out.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "evb-error.h"
#include "evb-store-private.h"

/* The first version with the setting table. */

gboolean
evb_store_put_setting (EvbStore    *store,
                       const char  *key,
                       const char  *value,
                       GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (EVB_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL && key[0] != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (value != NULL && (strlen (value) > EVB_SETTING_MAX_BYTES || !g_utf8_validate (value, -1, NULL)))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT,
                   _("The setting “%s” is longer than %d KiB or not text"), key,
                   EVB_SETTING_MAX_BYTES / 1024);
      return FALSE;
    }
  if (store->db == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("“%s” is closed"), store->display_name);
      return FALSE;
    }
  if ((store->flags & EVB_STORE_FLAGS_READ_ONLY) || store->schema_version < EVB_SCHEMA_WITH_SETTINGS)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                   _("Could not write “%s”: it is open read-only"), store->display_name);
      return FALSE;
    }
  if (!sqlite3_get_autocommit (store->db))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_TRANSACTION,
                   _("A setting cannot be stored in the middle of a transaction"));
      return FALSE;
    }

  _evb_store_emit_will_write (store);

  rc = sqlite3_exec (store->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (store->db,
                             value != NULL
                             ? "INSERT INTO setting (key, value) VALUES (?1, ?2) "
                               "ON CONFLICT (key) DO UPDATE SET value = ?2"
                             : "DELETE FROM setting WHERE key = ?1",
                             -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      _evb_store_bind_text (stmt, 1, key);
      if (value != NULL)
        _evb_store_bind_text (stmt, 2, value);
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

char *
evb_store_get_setting (EvbStore    *store,
                       const char  *key,
                       GError     **error)
{
  g_autofree char *value = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 length = 0;
  int rc;

  g_return_val_if_fail (EVB_IS_STORE (store), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (store->db == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("“%s” is closed"), store->display_name);
      return NULL;
    }
  /* A board from before settings, read as it is. */
  if (store->schema_version < EVB_SCHEMA_WITH_SETTINGS)
    return NULL;

  /* The length first: a value over the limit is never read into memory. */
  rc = sqlite3_prepare_v2 (store->db,
                           "SELECT length (CAST (value AS BLOB)), "
                           "CASE WHEN length (CAST (value AS BLOB)) <= ?2 THEN value END "
                           "FROM setting WHERE key = ?1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      _evb_store_bind_text (stmt, 1, key);
      sqlite3_bind_int (stmt, 2, EVB_SETTING_MAX_BYTES);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      length = sqlite3_column_int64 (stmt, 0);
      if (sqlite3_column_type (stmt, 1) == SQLITE_TEXT)
        value = g_strndup ((const char *) sqlite3_column_text (stmt, 1), sqlite3_column_bytes (stmt, 1));
    }
  else if (rc != SQLITE_DONE)
    _evb_store_set_sqlite_error (error, store->db, rc, store->display_name);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return NULL;

  if (length > EVB_SETTING_MAX_BYTES || value == NULL || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_DAMAGED,
                   _("“%s” holds a setting “%s” that is too long or not text; it was ignored"),
                   store->display_name, key);
      return NULL;
    }
  return g_steal_pointer (&value);
}
