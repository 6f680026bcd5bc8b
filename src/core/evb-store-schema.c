/* evb-store-schema.c: the board schema, its migrations and the checks of hostile files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Boards come from other people, so a file is treated as hostile until it
 * has passed every check, in this order, and nothing is read before:
 *
 *  1. The first 100 bytes are read with plain read(2), before SQLite sees the
 *     file: the SQLite magic, our application id at offset 68 and a schema
 *     version (offset 60) we know. An empty file is not a board either
 *     (SQLite would happily treat it as a new database).
 *  2. SQLite opens it with its defences for untrusted files: defensive mode,
 *     untrusted schema, no triggers, no views, no extensions, cell size
 *     checks, no mmap and tight limits. Read-only stores are opened with
 *     `immutable=1`: no locks, no journal, no -wal or -shm beside the file,
 *     so opening read-only never writes a byte (and works on FUSE files
 *     whose locking is broken). Immutable would ignore a hot journal or a
 *     WAL that a crashed program left beside the file, and read a torn or
 *     an old board: then the file and its journal are copied to a private
 *     folder, where SQLite recovers them as it would in place, and the
 *     checks and the reading run on that copy (evb-store-backup.c).
 *  3. sqlite_schema must hold exactly the rows a fresh database of that
 *     version holds (built in memory by the same migration steps), compared
 *     by type, name, table and whitespace-normalised SQL.
 *  4. PRAGMA quick_check. It verifies the b-trees, NOT NULL and the STRICT
 *     column types, but not that indexes match their tables, and not CHECK
 *     constraints on a connection that does not trust the schema (ours);
 *     `evb_store_check` runs those one by one. On a board of 10,000 nodes
 *     (7 MB) it takes about 14 ms against 38 ms for integrity_check, which
 *     would break the 100 ms budget for opening; `evb_store_check` (and the
 *     CLI's check) runs the full one. Each row is validated again on load,
 *     so a bad index or a broken CHECK cannot turn into a bad board in
 *     memory. A writable store is checked on a read-only
 *     connection first (SQLite checks those about twice as fast, and a
 *     refused file gets no -wal or -shm beside it).
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "evb-error.h"
#include "evb-store-private.h"

#define SQLITE_MAGIC "SQLite format 3"

/* Schema version 1. Changing a statement here changes the expected schema,
 * so every existing board would be refused: later versions add steps. */
static const char schema_v1[] =
  "CREATE TABLE board (\n"
  "  id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),\n"
  "  title TEXT NOT NULL,\n"
  "  description TEXT,\n"
  "  created TEXT NOT NULL,\n"
  "  modified TEXT NOT NULL\n"
  ") STRICT;\n"
  "CREATE TABLE node (\n"
  "  id TEXT PRIMARY KEY NOT NULL CHECK (length (id) > 0),\n"
  "  z INTEGER NOT NULL,\n"
  "  kind TEXT NOT NULL CHECK (kind IN ('claim', 'evidence')),\n"
  "  title TEXT NOT NULL,\n"
  "  body TEXT,\n"
  "  x REAL NOT NULL,\n"
  "  y REAL NOT NULL,\n"
  "  width REAL NOT NULL CHECK (width > 0),\n"
  "  height REAL NOT NULL CHECK (height > 0),\n"
  "  claimant TEXT,\n"
  "  evidence_type TEXT CHECK (evidence_type IN ('video', 'photo', 'satellite-imagery',"
  " 'radar', 'intercept', 'document', 'statement', 'social-media', 'report', 'other')),\n"
  "  source TEXT,\n"
  "  source_url TEXT,\n"
  "  reliability TEXT CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),\n"
  "  credibility INTEGER CHECK (credibility BETWEEN 1 AND 6),\n"
  "  occurred TEXT,\n"
  "  collected TEXT,\n"
  "  color TEXT,\n"
  "  attachment_uri TEXT,\n"
  "  attachment_sha256 TEXT,\n"
  "  attachment_size INTEGER CHECK (attachment_size >= 0),\n"
  "  attachment_media_type TEXT,\n"
  "  created TEXT,\n"
  "  modified TEXT,\n"
  "  CHECK ((kind = 'claim') = (evidence_type IS NULL))\n"
  ") STRICT;\n"
  "CREATE TABLE tag (\n"
  "  node_id TEXT NOT NULL REFERENCES node (id) ON DELETE CASCADE,\n"
  "  position INTEGER NOT NULL CHECK (position >= 0),\n"
  "  tag TEXT NOT NULL CHECK (length (tag) > 0),\n"
  "  PRIMARY KEY (node_id, position)\n"
  ") STRICT;\n"
  "CREATE TABLE link (\n"
  "  id TEXT PRIMARY KEY NOT NULL CHECK (length (id) > 0),\n"
  "  z INTEGER NOT NULL,\n"
  "  from_id TEXT NOT NULL REFERENCES node (id) ON DELETE CASCADE,\n"
  "  to_id TEXT NOT NULL REFERENCES node (id) ON DELETE CASCADE,\n"
  "  relation TEXT NOT NULL CHECK (relation IN ('supports', 'refutes')),\n"
  "  strength TEXT NOT NULL CHECK (strength IN ('weak', 'moderate', 'strong')),\n"
  "  note TEXT,\n"
  "  CHECK (from_id <> to_id),\n"
  "  UNIQUE (from_id, to_id)\n"
  ") STRICT;\n"
  /* Deleting a node cascades to its links by to_id too; without this index
   * every delete would scan the link table. */
  "CREATE INDEX link_to ON link (to_id);\n";

/* Version 2: thumbnails of image attachments, keyed by the SHA-256 of the
 * attachment's bytes. They are derived data, like a cache kept in the file
 * so the board stays portable: no undo step, not in the JSON export. */
static const char schema_v2[] =
  "CREATE TABLE thumbnails (\n"
  "  sha256 TEXT PRIMARY KEY NOT NULL CHECK (length (sha256) = 64),\n"
  "  png BLOB NOT NULL\n"
  ") STRICT;\n";

/* Version 3: cards the user pinned, which automatic layout leaves where
 * they are. Older boards read as having none pinned. */
static const char schema_v3[] =
  "ALTER TABLE node ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));\n";

/* Version 4: view settings kept with the board (the filter), by key. Like
 * thumbnails they are no undo step and stay out of the JSON export; the
 * value is text the app parses and checks itself. */
static const char schema_v4[] =
  "CREATE TABLE setting (\n"
  "  key TEXT PRIMARY KEY NOT NULL CHECK (length (key) > 0),\n"
  "  value TEXT NOT NULL\n"
  ") STRICT;\n";
/* Version 5: files kept inside the board (evb-store-blobs.c). A blob is
 * content-addressed by the SHA-256 of its bytes, so two cards with the same
 * file store it once; its bytes are rows of at most EVB_BLOB_CHUNK_SIZE in
 * blob_chunk, written and read one chunk at a time so a file of gigabytes
 * never sits in memory, and so writing one can be cut into short
 * transactions while the board goes on saving edits. A blob being written
 * has no sha256 yet (it is known at the end); one left so by a crash is
 * reclaimed. A card says with attachment_embedded that its file's bytes are
 * the blob with its attachment_sha256. Older boards read as having none. */
static const char schema_v5[] =
  "CREATE TABLE blob (\n"
  "  id INTEGER PRIMARY KEY NOT NULL,\n"
  "  sha256 TEXT UNIQUE CHECK (sha256 IS NULL OR length (sha256) = 64),\n"
  "  size INTEGER NOT NULL CHECK (size >= 0),\n"
  "  media_type TEXT,\n"
  "  added TEXT NOT NULL\n"
  ") STRICT;\n"
  "CREATE TABLE blob_chunk (\n"
  "  blob_id INTEGER NOT NULL REFERENCES blob (id) ON DELETE CASCADE,\n"
  "  seq INTEGER NOT NULL CHECK (seq >= 0),\n"
  "  data BLOB NOT NULL,\n"
  "  PRIMARY KEY (blob_id, seq)\n"
  ") STRICT;\n"
  "ALTER TABLE node ADD COLUMN attachment_embedded INTEGER NOT NULL DEFAULT 0"
  " CHECK (attachment_embedded IN (0, 1));\n";
/* Version 6: groups, labelled frames around cards. A node is in at most
 * one group (UNIQUE node_id); members are deleted with their node or their
 * group. Older boards read as having no groups. */
static const char schema_v6[] =
  "CREATE TABLE card_group (\n"
  "  id TEXT PRIMARY KEY NOT NULL CHECK (length (id) > 0),\n"
  "  z INTEGER NOT NULL,\n"
  "  label TEXT NOT NULL,\n"
  "  color TEXT,\n"
  "  collapsed INTEGER NOT NULL DEFAULT 0 CHECK (collapsed IN (0, 1))\n"
  ") STRICT;\n"
  "CREATE TABLE card_group_member (\n"
  "  group_id TEXT NOT NULL REFERENCES card_group (id) ON DELETE CASCADE,\n"
  "  position INTEGER NOT NULL CHECK (position >= 0),\n"
  "  node_id TEXT NOT NULL UNIQUE REFERENCES node (id) ON DELETE CASCADE,\n"
  "  PRIMARY KEY (group_id, position)\n"
  ") STRICT;\n";

typedef struct
{
  int         version;
  const char *sql;
} Migration;

/* Step i takes a board from version migrations[i].version - 1 to
 * migrations[i].version. Version 1 is the first, from an empty database. */
static const Migration migrations[] = {
  { 1, schema_v1 },
  { 2, schema_v2 },
  { 3, schema_v3 },
  { 4, schema_v4 },
  { 5, schema_v5 },
  { 6, schema_v6 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == EVB_SCHEMA_VERSION);

/* Everything SQLite offers against hostile database files. */
static void
harden_connection (sqlite3 *db)
{
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_WRITABLE_SCHEMA, 0, NULL);
  sqlite3_enable_load_extension (db, 0);

  sqlite3_limit (db, SQLITE_LIMIT_LENGTH, EVB_STORE_MAX_VALUE_LENGTH);
  sqlite3_limit (db, SQLITE_LIMIT_SQL_LENGTH, 100000);
  sqlite3_limit (db, SQLITE_LIMIT_COLUMN, 100);
  sqlite3_limit (db, SQLITE_LIMIT_EXPR_DEPTH, 100);
  sqlite3_limit (db, SQLITE_LIMIT_COMPOUND_SELECT, 10);
  sqlite3_limit (db, SQLITE_LIMIT_VDBE_OP, 25000);
  sqlite3_limit (db, SQLITE_LIMIT_FUNCTION_ARG, 8);
  sqlite3_limit (db, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_limit (db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 100);
  sqlite3_limit (db, SQLITE_LIMIT_VARIABLE_NUMBER, 100);
  sqlite3_limit (db, SQLITE_LIMIT_TRIGGER_DEPTH, 1);
  sqlite3_limit (db, SQLITE_LIMIT_WORKER_THREADS, 0);

  sqlite3_exec (db,
                "PRAGMA trusted_schema = OFF;"
                "PRAGMA cell_size_check = ON;"
                "PRAGMA mmap_size = 0;",
                NULL, NULL, NULL);
}

static char *
normalise_sql (const char *sql)
{
  GString *out;
  gboolean space = FALSE;

  if (sql == NULL)
    return g_strdup ("");

  out = g_string_new (NULL);
  for (const char *p = sql; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Reads sqlite_schema into a table of "type name" → "tbl_name\nsql". */
static GHashTable *
read_schema (sqlite3 *db,
             int     *rc_out)
{
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT type, name, tbl_name, sql FROM sqlite_schema",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      const char *tbl_name = (const char *) sqlite3_column_text (stmt, 2);
      g_autofree char *sql = normalise_sql ((const char *) sqlite3_column_text (stmt, 3));

      rc = SQLITE_OK;
      g_hash_table_replace (rows,
                            g_strdup_printf ("%s %s", type != NULL ? type : "",
                                             name != NULL ? name : ""),
                            g_strdup_printf ("%s\n%s", tbl_name != NULL ? tbl_name : "", sql));
    }
  if (rc == SQLITE_DONE)
    rc = SQLITE_OK;
  sqlite3_finalize (stmt);
  *rc_out = rc;
  return rows;
}

gboolean
_evb_store_run_migrations (sqlite3     *db,
                           int          from,
                           int          to,
                           const char  *display_name,
                           GError     **error)
{
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", to);

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      if (migrations[i].version <= from || migrations[i].version > to)
        continue;
      if (!_evb_store_exec_sql (db, migrations[i].sql, display_name, error))
        return FALSE;
    }
  return _evb_store_exec_sql (db, set_version, display_name, error);
}

/* What sqlite_schema holds in a sound board of the given version: made by
 * running the same migration steps in an in-memory database. */
static GHashTable *
expected_schema (int version)
{
  static GHashTable *cache[EVB_SCHEMA_VERSION + 1];
  static GMutex mutex;
  GHashTable *rows;

  g_assert (version >= 1 && version <= EVB_SCHEMA_VERSION);

  g_mutex_lock (&mutex);
  if (cache[version] == NULL)
    {
      sqlite3 *db = NULL;
      int rc;

      if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL)
          != SQLITE_OK ||
          !_evb_store_run_migrations (db, 0, version, "memory", NULL))
        g_error ("Cannot build the expected board schema: %s", sqlite3_errmsg (db));
      cache[version] = read_schema (db, &rc);
      g_assert (rc == SQLITE_OK);
      sqlite3_close (db);
    }
  rows = g_hash_table_ref (cache[version]);
  g_mutex_unlock (&mutex);

  return rows;
}

/* Compares sqlite_schema with what the version should hold; adds one
 * sentence per difference to problems (which may be NULL to stop at the
 * first). Returns the SQLite result code of reading the schema. */
static int
compare_schema (sqlite3   *db,
                int        version,
                GPtrArray *problems)
{
  g_autoptr(GHashTable) expected = expected_schema (version);
  g_autoptr(GHashTable) actual = NULL;
  g_autoptr(GList) keys = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  actual = read_schema (db, &rc);
  if (rc != SQLITE_OK)
    return rc;

  /* Sorted so the sentences come in the same order every time. */
  keys = g_list_sort (g_hash_table_get_keys (actual), (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *type_name = l->data;
      const char *name = strchr (type_name, ' ') + 1;
      g_autofree char *type = g_strndup (type_name, name - type_name - 1);
      const char *want = g_hash_table_lookup (expected, type_name);

      if (want == NULL)
        /* Translators: the first %s is "table", "view", "trigger" or "index" */
        g_ptr_array_add (problems, g_strdup_printf (_("unexpected %s “%s”"), type, name));
      else if (g_strcmp0 (want, g_hash_table_lookup (actual, type_name)) != 0)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("the definition of %s “%s” was changed"),
                                          type, name));
    }

  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *type_name = key;
      const char *name = strchr (type_name, ' ') + 1;
      g_autofree char *type = g_strndup (type_name, name - type_name - 1);

      if (!g_hash_table_contains (actual, type_name))
        g_ptr_array_add (problems, g_strdup_printf (_("%s “%s” is missing"), type, name));
    }

  return SQLITE_OK;
}

/* Opening */

gboolean
_evb_store_read_header (const char  *path,
                        const char  *display_name,
                        int         *version,
                        GError     **error)
{
  guint8 header[100];
  gsize got = 0;
  struct stat st;
  guint32 application_id, user_version;
  int fd;

  /* O_NONBLOCK: a FIFO named like a board must not hang the open. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, EVB_ERROR, saved_errno == ENOENT ? EVB_ERROR_NOT_FOUND : EVB_ERROR_IO,
                   _("Could not open “%s”: %s"), display_name, g_strerror (saved_errno));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_A_BOARD,
                   _("“%s” is not an Evidence Board file: it is not a regular file"),
                   display_name);
      return FALSE;
    }
  while (got < sizeof header)
    {
      gssize n = read (fd, header + got, sizeof header - got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not read “%s”: %s"),
                       display_name, g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        break;
      got += n;
    }
  close (fd);

  if (got == 0)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_A_BOARD,
                   _("“%s” is not an Evidence Board file: it is empty"), display_name);
      return FALSE;
    }
  if (got < sizeof header || memcmp (header, SQLITE_MAGIC, sizeof SQLITE_MAGIC) != 0)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_A_BOARD,
                   _("“%s” is not an Evidence Board file"), display_name);
      return FALSE;
    }

  memcpy (&application_id, header + 68, sizeof application_id);
  application_id = GUINT32_FROM_BE (application_id);
  if (application_id != EVB_APPLICATION_ID)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_A_BOARD,
                   _("“%s” is not an Evidence Board file: it is an SQLite database of "
                     "another program"), display_name);
      return FALSE;
    }

  memcpy (&user_version, header + 60, sizeof user_version);
  *version = (int) GUINT32_FROM_BE (user_version);
  return TRUE;
}

gboolean
_evb_store_check_version (int          version,
                          const char  *display_name,
                          GError     **error)
{
  /* The header holds an unsigned number and PRAGMA user_version a signed
   * one: either way, no version of Evidence Board writes a negative one. */
  if (version < 0)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_DAMAGED,
                   _("“%s” is damaged: %d is not a valid board format version"),
                   display_name, version);
      return FALSE;
    }
  if (version > EVB_SCHEMA_VERSION)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_TOO_NEW,
                   _("“%s” was made by a newer version of Evidence Board (board format %d; "
                     "this version reads format %d and older)"),
                   display_name, version, EVB_SCHEMA_VERSION);
      return FALSE;
    }
  if (version == 0)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_DAMAGED,
                   _("“%s” is damaged: it has no board format version"), display_name);
      return FALSE;
    }
  return TRUE;
}

/* Runs a quick_check statement; a damaged file is an error. */
static gboolean
run_quick_check (EvbStore    *self,
                 sqlite3     *db,
                 const char  *sql,
                 GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const char *result = (const char *) sqlite3_column_text (stmt, 0);

          if (g_strcmp0 (result, "ok") != 0)
            {
              g_set_error (error, EVB_ERROR, EVB_ERROR_DAMAGED, _("“%s” is damaged: %s"),
                           self->display_name, result != NULL ? result : "?");
              sqlite3_finalize (stmt);
              return FALSE;
            }
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    {
      _evb_store_set_sqlite_error (error, db, rc, self->display_name);
      return FALSE;
    }
  return TRUE;
}

/* The checks that need SQLite, before any data is read. */
gboolean
_evb_store_verify_database (EvbStore  *self,
                            sqlite3   *db,
                            GError   **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  gint64 value;
  int rc;

  /* The header said so, but a -wal file may hold a newer page 1. */
  if (!_evb_store_query_int (db, "PRAGMA application_id", &value, self->display_name, error))
    return FALSE;
  if (value != EVB_APPLICATION_ID)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_A_BOARD,
                   _("“%s” is not an Evidence Board file: it is an SQLite database of "
                     "another program"), self->display_name);
      return FALSE;
    }
  if (!_evb_store_query_int (db, "PRAGMA user_version", &value, self->display_name, error))
    return FALSE;
  if (!_evb_store_check_version (value, self->display_name, error))
    return FALSE;
  self->schema_version = value;

  rc = compare_schema (db, self->schema_version, problems);
  if (rc != SQLITE_OK)
    {
      _evb_store_set_sqlite_error (error, db, rc, self->display_name);
      return FALSE;
    }
  if (problems->len > 0)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_DAMAGED, _("“%s” has been altered: %s"),
                   self->display_name, (const char *) g_ptr_array_index (problems, 0));
      return FALSE;
    }

  /* The bytes of the files kept in the board are left to the reads, which
   * check every chunk and the SHA-256: a quick_check of their table reads
   * every byte, which made opening cost a second or more per gigabyte. */
  if (self->schema_version >= EVB_SCHEMA_WITH_BLOBS)
    {
      g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);

      rc = sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                   "AND name <> 'blob_chunk' ORDER BY rowid", -1, &stmt, NULL);
      while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
          rc = SQLITE_OK;
        }
      sqlite3_finalize (stmt);
      stmt = NULL;
      if (rc != SQLITE_DONE)
        {
          _evb_store_set_sqlite_error (error, db, rc, self->display_name);
          return FALSE;
        }
      for (guint i = 0; i < tables->len; i++)
        {
          /* A hostile file names its own tables: quoted as an identifier. */
          char *sql = sqlite3_mprintf ("PRAGMA quick_check (\"%w\")",
                                       (const char *) g_ptr_array_index (tables, i));
          gboolean ok;

          if (sql == NULL)
            {
              _evb_store_set_sqlite_error (error, db, SQLITE_NOMEM, self->display_name);
              return FALSE;
            }
          ok = run_quick_check (self, db, sql, error);
          sqlite3_free (sql);
          if (!ok)
            return FALSE;
        }
      return TRUE;
    }
  return run_quick_check (self, db, "PRAGMA quick_check", error);
}

/* Brings a writable store of an older version up to date, in one
 * transaction: if any step fails the file stays as it was. */
gboolean
_evb_store_migrate (EvbStore  *self,
                    GError   **error)
{
  if (self->schema_version == EVB_SCHEMA_VERSION)
    return TRUE;

  if (!_evb_store_exec_sql (self->db, "BEGIN IMMEDIATE", self->display_name, error))
    return FALSE;
  if (!_evb_store_run_migrations (self->db, self->schema_version, EVB_SCHEMA_VERSION,
                                  self->display_name, error) ||
      !_evb_store_exec_sql (self->db, "COMMIT", self->display_name, error))
    {
      _evb_store_rollback (self->db);
      return FALSE;
    }
  self->schema_version = EVB_SCHEMA_VERSION;
  return TRUE;
}

sqlite3 *
_evb_store_open_connection (const char      *path,
                            EvbStoreConnectionMode   mode,
                            const char      *display_name,
                            GError         **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = NULL;
  g_autofree char *full_uri = NULL;
  sqlite3 *db = NULL;
  /* A store is used from one thread at a time: SQLite's own mutexes
   * would only cost time on every call. */
  int flags = SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX;
  int rc;

  uri = g_filename_to_uri (absolute, NULL, error);
  if (uri == NULL)
    return NULL;

  switch (mode)
    {
    case EVB_STORE_CONNECTION_IMMUTABLE:
      full_uri = g_strconcat (uri, "?immutable=1", NULL);
      flags |= SQLITE_OPEN_READONLY;
      break;
    case EVB_STORE_CONNECTION_READ_ONLY:
      full_uri = g_steal_pointer (&uri);
      flags |= SQLITE_OPEN_READONLY;
      break;
    case EVB_STORE_CONNECTION_READ_WRITE:
    case EVB_STORE_CONNECTION_CREATE:
    default:
      full_uri = g_steal_pointer (&uri);
      flags |= SQLITE_OPEN_READWRITE;
      if (mode == EVB_STORE_CONNECTION_CREATE)
        flags |= SQLITE_OPEN_CREATE;
      break;
    }

  rc = sqlite3_open_v2 (full_uri, &db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      _evb_store_set_sqlite_error (error, db, rc, display_name);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 1);
  harden_connection (db);
  return db;
}

/* The column that names a row of table in a sentence. */
static const char *
key_column (const char *table)
{
  if (g_str_equal (table, "tag"))
    return "node_id";
  if (g_str_equal (table, "thumbnails"))
    return "sha256";
  if (g_str_equal (table, "setting"))
    return "key";
  if (g_str_equal (table, "blob_chunk"))
    return "blob_id";
  if (g_str_equal (table, "card_group_member"))
    return "group_id";
  return "id";
}

/* Calls func for every CHECK constraint in the CREATE TABLE statements of
 * sql (our own schema text), with the table and the expression. */
static void
foreach_check (const char *sql,
               void      (*func) (const char *table, const char *expression, gpointer data),
               gpointer    data)
{
  g_autofree char *table = NULL;

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (g_str_has_prefix (p, "CREATE TABLE ") || g_str_has_prefix (p, "ALTER TABLE "))
        {
          const char *name = p + strlen (p[0] == 'C' ? "CREATE TABLE " : "ALTER TABLE ");

          g_free (table);
          table = g_strndup (name, strcspn (name, " ("));
        }
      else if (table != NULL && g_str_has_prefix (p, "CHECK ("))
        {
          const char *start = p + strlen ("CHECK (");
          const char *end = start;
          g_autofree char *expression = NULL;
          int depth = 1;

          for (; *end != '\0' && depth > 0; end++)
            depth += (*end == '(') - (*end == ')');
          g_assert (depth == 0);
          expression = g_strndup (start, end - 1 - start);
          func (table, expression, data);
          p = end - 1;
        }
    }
}

typedef struct
{
  EvbStore  *self;
  GPtrArray *problems;
  int        rc;
} CheckConstraints;

static void
check_one_constraint (const char *table,
                      const char *expression,
                      gpointer    data)
{
  CheckConstraints *check = data;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (check->rc != SQLITE_OK)
    return;

  /* A CHECK fails when its expression is false, not when it is NULL. A
   * few rows named are enough to say what is wrong. */
  sql = g_strdup_printf ("SELECT %s FROM %s WHERE (%s) IS FALSE ORDER BY rowid LIMIT 10",
                         key_column (table), table, expression);
  rc = sqlite3_prepare_v2 (check->self->db, sql, -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *shown = g_strescape (key != NULL ? key : "", NULL);

      rc = SQLITE_OK;
      /* Translators: the first %s is a table ("node", "link", "tag",
       * "board"), the third a rule of the board format in SQL */
      g_ptr_array_add (check->problems,
                       g_strdup_printf (_("%s “%.70s” breaks the rule CHECK (%s)"),
                                        table, shown, expression));
    }
  sqlite3_finalize (stmt);
  check->rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* PRAGMA integrity_check leaves out CHECK constraints on a connection that
 * does not trust the schema (ours never does), so they are run here one by
 * one, from the same schema text, naming the rows that break them. Only
 * for a schema that compare_schema found as it should be. */
static int
check_constraints (EvbStore  *self,
                   GPtrArray *problems)
{
  CheckConstraints check = { self, problems, SQLITE_OK };

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    if (migrations[i].version <= self->schema_version)
      foreach_check (migrations[i].sql, check_one_constraint, &check);
  return check.rc;
}

gboolean
evb_store_check (EvbStore  *store,
                 GPtrArray *problems)
{
  guint before;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (EVB_IS_STORE (store), FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  before = problems->len;
  if (store->db == NULL)
    {
      g_ptr_array_add (problems, g_strdup_printf (_("“%s” is closed"), store->display_name));
      return FALSE;
    }

  rc = compare_schema (store->db, store->schema_version, problems);
  if (rc == SQLITE_OK && problems->len == before)
    rc = check_constraints (store, problems);

  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (store->db, "PRAGMA integrity_check", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *result = (const char *) sqlite3_column_text (stmt, 0);

      rc = SQLITE_OK;
      if (g_strcmp0 (result, "ok") != 0)
        g_ptr_array_add (problems, g_strdup_printf (_("integrity check: %s"),
                                                    result != NULL ? result : "?"));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (rc == SQLITE_DONE)
    rc = sqlite3_prepare_v2 (store->db, "PRAGMA foreign_key_check", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 0);
      const char *parent = (const char *) sqlite3_column_text (stmt, 2);

      rc = SQLITE_OK;
      g_ptr_array_add (problems,
                       g_strdup_printf (_("row %lld of table “%s” refers to a missing row "
                                          "of table “%s”"),
                                        (long long) sqlite3_column_int64 (stmt, 1),
                                        table != NULL ? table : "?",
                                        parent != NULL ? parent : "?"));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if ((rc == SQLITE_DONE || rc == SQLITE_OK) && store->schema_version >= 2)
    rc = _evb_store_check_thumbnails (store, problems);
  if ((rc == SQLITE_DONE || rc == SQLITE_OK) && store->schema_version >= EVB_SCHEMA_WITH_BLOBS)
    rc = _evb_store_check_blobs (store, problems);

  if (rc != SQLITE_DONE && rc != SQLITE_OK)
    {
      g_autoptr(GError) error = NULL;

      _evb_store_set_sqlite_error (&error, store->db, rc, store->display_name);
      g_ptr_array_add (problems, g_strdup (error->message));
    }

  return problems->len == before;
}

