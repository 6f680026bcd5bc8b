/* evb-store.c: a board file (one SQLite database)
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
 *     whose locking is broken).
 *  3. sqlite_schema must hold exactly the rows a fresh database of that
 *     version holds (built in memory by the same migration steps), compared
 *     by type, name, table and whitespace-normalised SQL.
 *  4. PRAGMA quick_check. It verifies the b-trees, NOT NULL, CHECK and the
 *     STRICT column types, but not that indexes match their tables. On a
 *     board of 10,000 nodes (7 MB) it takes about 14 ms against 38 ms for
 *     integrity_check, which would break the 100 ms budget for opening;
 *     `evb_store_check` (and the CLI's check) runs the full one. Each row
 *     is validated again on load, so a bad index cannot turn into a bad
 *     board in memory. A writable store is checked on a read-only
 *     connection first (SQLite checks those about twice as fast, and a
 *     refused file gets no -wal or -shm beside it).
 *
 * A writable store uses WAL with synchronous=NORMAL: each commit is one
 * append to the WAL without an fsync. A process crash (the case that
 * matters, and the one the tests kill) loses nothing that was acknowledged,
 * because the WAL is in the OS page cache; a power cut can lose the last
 * commits but never corrupts the file. FULL would fsync on every undo step,
 * several milliseconds on a real disk, for a working copy that the document
 * writes back (with fsync) to the user's file a second later anyway.
 *
 * Drawing order lives in a `z` column of node and link, remembered in
 * memory by id. Appended items get z spaced Z_GAP apart; an item put back
 * in the middle (undo of a delete) gets a z in the gap between its
 * neighbours, and only when a gap is used up is the table renumbered.
 *
 * Measured on this machine with tests/store/store-timing (10,000 nodes,
 * 17,000 links): open with checks 16–19 ms, load 75–80 ms, one move
 * persisted 0.04 ms, undo of a 1,000-node delete 60 ms.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "evb-board-private.h"
#include "evb-change.h"
#include "evb-error.h"
#include "evb-store.h"

#define SQLITE_MAGIC "SQLite format 3"

/* Generous for real work (a body of several megabytes), small enough that
 * a hostile file cannot make us allocate gigabytes. */
#define MAX_VALUE_LENGTH (64 * 1024 * 1024)

/* The distance between the z of items appended one after the other; an
 * item put back between two gets the middle. */
#define Z_GAP G_GINT64_CONSTANT (1024)

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
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == EVB_SCHEMA_VERSION);

enum
{
  STMT_INSERT_NODE,
  STMT_UPDATE_NODE,
  STMT_DELETE_NODE,
  STMT_NODE_Z,
  STMT_DELETE_TAGS,
  STMT_INSERT_TAG,
  STMT_INSERT_LINK,
  STMT_UPDATE_LINK,
  STMT_DELETE_LINK,
  STMT_LINK_Z,
  STMT_INSERT_BOARD,
  STMT_UPDATE_BOARD,
  STMT_SET_MODIFIED,
  N_STMTS
};

#define NODE_COLUMNS \
  "id, z, kind, title, body, x, y, width, height, claimant, evidence_type, source, " \
  "source_url, reliability, credibility, occurred, collected, color, attachment_uri, " \
  "attachment_sha256, attachment_size, attachment_media_type, created, modified"

static const char * const statement_sql[N_STMTS] = {
  [STMT_INSERT_NODE] =
    "INSERT INTO node (" NODE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
    "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24) "
    "ON CONFLICT (id) DO UPDATE SET z = ?2, kind = ?3, title = ?4, body = ?5, x = ?6, "
    "y = ?7, width = ?8, height = ?9, claimant = ?10, evidence_type = ?11, source = ?12, "
    "source_url = ?13, reliability = ?14, credibility = ?15, occurred = ?16, "
    "collected = ?17, color = ?18, attachment_uri = ?19, attachment_sha256 = ?20, "
    "attachment_size = ?21, attachment_media_type = ?22, created = ?23, modified = ?24",
  [STMT_UPDATE_NODE] =
    "UPDATE node SET kind = ?3, title = ?4, body = ?5, x = ?6, y = ?7, width = ?8, "
    "height = ?9, claimant = ?10, evidence_type = ?11, source = ?12, source_url = ?13, "
    "reliability = ?14, credibility = ?15, occurred = ?16, collected = ?17, color = ?18, "
    "attachment_uri = ?19, attachment_sha256 = ?20, attachment_size = ?21, "
    "attachment_media_type = ?22, created = ?23, modified = ?24 WHERE id = ?1",
  [STMT_DELETE_NODE] = "DELETE FROM node WHERE id = ?1",
  [STMT_NODE_Z] = "UPDATE node SET z = ?2 WHERE id = ?1",
  [STMT_DELETE_TAGS] = "DELETE FROM tag WHERE node_id = ?1",
  [STMT_INSERT_TAG] = "INSERT INTO tag (node_id, position, tag) VALUES (?1, ?2, ?3)",
  [STMT_INSERT_LINK] =
    "INSERT INTO link (id, z, from_id, to_id, relation, strength, note) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO UPDATE SET z = ?2, "
    "from_id = ?3, to_id = ?4, relation = ?5, strength = ?6, note = ?7",
  [STMT_UPDATE_LINK] =
    "UPDATE link SET from_id = ?3, to_id = ?4, relation = ?5, strength = ?6, note = ?7 "
    "WHERE id = ?1",
  [STMT_DELETE_LINK] = "DELETE FROM link WHERE id = ?1",
  [STMT_LINK_Z] = "UPDATE link SET z = ?2 WHERE id = ?1",
  [STMT_INSERT_BOARD] =
    "INSERT INTO board (id, title, description, created, modified) VALUES (1, ?1, ?2, ?3, ?4)",
  [STMT_UPDATE_BOARD] = "UPDATE board SET title = ?1, description = ?2 WHERE id = 1",
  [STMT_SET_MODIFIED] = "UPDATE board SET modified = ?1 WHERE id = 1",
};

struct _EvbStore
{
  GObject        parent_instance;

  char          *path;
  char          *display_name;
  sqlite3       *db;
  EvbStoreFlags  flags;
  int            schema_version;
  gboolean       loaded;

  /* The z (drawing order) in the file of every node and link, by id. */
  GHashTable    *node_z;
  GHashTable    *link_z;

  sqlite3_stmt  *stmts[N_STMTS];
  /* Prepared on first use: a board opening asks for every picture's. */
  sqlite3_stmt  *get_thumbnail;
};

G_DEFINE_FINAL_TYPE (EvbStore, evb_store, G_TYPE_OBJECT)

enum
{
  WILL_WRITE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

/* Turns an SQLite failure into a sentence that names the file. */
static void
set_sqlite_error (GError     **error,
                  sqlite3     *db,
                  int          rc,
                  const char  *display_name)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, EVB_ERROR, EVB_ERROR_DAMAGED,
                   _("“%s” is damaged (%s)"), display_name, detail);
      break;
    case SQLITE_FULL:
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                   _("Could not write “%s”: the disk is full"), display_name);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, EVB_ERROR, EVB_ERROR_BUSY,
                   _("“%s” is in use by another program"), display_name);
      break;
    case SQLITE_TOOBIG:
      g_set_error (error, EVB_ERROR, EVB_ERROR_LIMIT,
                   _("“%s” holds a value larger than %d MiB"), display_name,
                   MAX_VALUE_LENGTH / (1024 * 1024));
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    default:
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                   _("Could not use “%s”: %s"), display_name, detail);
      break;
    }
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          const char  *display_name,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, display_name);
      return FALSE;
    }
  return TRUE;
}

/* Runs a statement that returns one integer (a pragma, a count). */
static gboolean
query_int (sqlite3     *db,
           const char  *sql,
           gint64      *value,
           const char  *display_name,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
      else if (rc == SQLITE_DONE)
        {
          *value = 0;
          rc = SQLITE_OK;
        }
    }
  if (rc != SQLITE_OK)
    set_sqlite_error (error, db, rc, display_name);
  sqlite3_finalize (stmt);
  return rc == SQLITE_OK;
}

static void
rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

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

  sqlite3_limit (db, SQLITE_LIMIT_LENGTH, MAX_VALUE_LENGTH);
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

static gboolean
run_migrations (sqlite3     *db,
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
      if (!exec_sql (db, migrations[i].sql, display_name, error))
        return FALSE;
    }
  return exec_sql (db, set_version, display_name, error);
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
          !run_migrations (db, 0, version, "memory", NULL))
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

static gboolean
fsync_path (const char  *path,
            gboolean     directory,
            GError     **error)
{
  int fd = g_open (path, (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC, 0);
  int saved_errno;

  if (fd < 0)
    goto fail;
  if (fsync (fd) != 0 && !(directory && (errno == EINVAL || errno == EBADF)))
    {
      saved_errno = errno;
      close (fd);
      errno = saved_errno;
      goto fail;
    }
  close (fd);
  return TRUE;

fail:
  saved_errno = errno;
  if (directory)
    return TRUE; /* some file systems cannot sync folders: the file is synced */
  {
    g_autofree char *display = g_filename_display_name (path);
    g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not write “%s”: %s"),
                 display, g_strerror (saved_errno));
  }
  return FALSE;
}

/* Removes a temporary database and whatever SQLite kept beside it. */
static void
remove_temp (const char *path)
{
  static const char * const suffixes[] = { "", "-journal", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);
      g_unlink (name);
    }
}

/* Makes an empty temporary file beside path, with the permissions path has
 * (or the usual ones for a new file). */
static char *
make_temp_beside (const char  *path,
                  GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *tmp = g_build_filename (dir, name, NULL);
  struct stat st;
  int fd;

  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not write “%s”: %s"),
                   display, g_strerror (saved_errno));
      return NULL;
    }

  /* A board written over an existing one keeps that one's permissions. */
  if (g_stat (path, &st) == 0)
    fchmod (fd, st.st_mode & 07777);
  close (fd);

  return g_steal_pointer (&tmp);
}

static char *
to_absolute (const char *path)
{
  return g_canonicalize_filename (path, NULL);
}

/* Text columns */

/* NULL for SQL NULL; FALSE for anything that is not clean UTF-8 text. */
static gboolean
column_text (sqlite3_stmt  *stmt,
             int            column,
             char         **out)
{
  const char *text;
  int bytes;

  *out = NULL;
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      return TRUE;
    case SQLITE_TEXT:
      text = (const char *) sqlite3_column_text (stmt, column);
      bytes = sqlite3_column_bytes (stmt, column);
      /* g_utf8_validate_len refuses embedded NULs too. */
      if (text == NULL || !g_utf8_validate_len (text, bytes, NULL))
        return FALSE;
      *out = g_strndup (text, bytes);
      return TRUE;
    default:
      return FALSE;
    }
}

/* A short text column read in place (valid until the next step), for the
 * enumerated fields that are parsed and not kept: no copy to free. */
static gboolean
column_peek (sqlite3_stmt  *stmt,
             int            column,
             const char   **out)
{
  *out = NULL;
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      return TRUE;
    case SQLITE_TEXT:
      *out = (const char *) sqlite3_column_text (stmt, column);
      /* Embedded NULs are refused, as column_text refuses them. */
      return *out != NULL && strlen (*out) == (size_t) sqlite3_column_bytes (stmt, column);
    default:
      return FALSE;
    }
}

static int
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    return sqlite3_bind_null (stmt, index);
  return sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

/* Runs a cached statement to its end and resets it. */
static int
step_done (sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Writing rows */

static gboolean
prepare_statements (EvbStore  *self,
                    GError   **error)
{
  for (guint i = 0; i < N_STMTS; i++)
    {
      int rc = sqlite3_prepare_v3 (self->db, statement_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                   &self->stmts[i], NULL);
      if (rc != SQLITE_OK)
        {
          set_sqlite_error (error, self->db, rc, self->display_name);
          return FALSE;
        }
    }
  return TRUE;
}

static int
insert_tags (EvbStore          *self,
             const EvbNodeData *data)
{
  sqlite3_stmt *stmt = self->stmts[STMT_INSERT_TAG];
  int rc = SQLITE_OK;

  for (guint i = 0; rc == SQLITE_OK && data->tags != NULL && data->tags[i] != NULL; i++)
    {
      bind_text (stmt, 1, data->id);
      sqlite3_bind_int (stmt, 2, i);
      bind_text (stmt, 3, data->tags[i]);
      rc = step_done (stmt);
    }
  return rc;
}

static int
write_tags (EvbStore          *self,
            const EvbNodeData *data)
{
  sqlite3_stmt *stmt = self->stmts[STMT_DELETE_TAGS];
  int rc;

  bind_text (stmt, 1, data->id);
  rc = step_done (stmt);
  if (rc == SQLITE_OK)
    rc = insert_tags (self, data);
  return rc;
}

/* An insert (or replace) with the given z, or an update that keeps it. */
static int
write_node (EvbStore          *self,
            const EvbNodeData *data,
            gboolean           insert,
            gint64             z,
            gboolean           tags)
{
  sqlite3_stmt *stmt = self->stmts[insert ? STMT_INSERT_NODE : STMT_UPDATE_NODE];
  char reliability[2] = { data->reliability, '\0' };
  int rc;

  bind_text (stmt, 1, data->id);
  sqlite3_bind_int64 (stmt, 2, z);
  bind_text (stmt, 3, evb_node_kind_to_string (data->kind));
  bind_text (stmt, 4, data->title);
  bind_text (stmt, 5, data->body);
  sqlite3_bind_double (stmt, 6, data->x);
  sqlite3_bind_double (stmt, 7, data->y);
  sqlite3_bind_double (stmt, 8, data->width);
  sqlite3_bind_double (stmt, 9, data->height);
  bind_text (stmt, 10, data->claimant);
  bind_text (stmt, 11, data->evidence_type == EVB_EVIDENCE_TYPE_NONE
                         ? NULL : evb_evidence_type_to_string (data->evidence_type));
  bind_text (stmt, 12, data->source);
  bind_text (stmt, 13, data->source_url);
  bind_text (stmt, 14, data->reliability != '\0' ? reliability : NULL);
  if (data->credibility != 0)
    sqlite3_bind_int (stmt, 15, data->credibility);
  else
    sqlite3_bind_null (stmt, 15);
  bind_text (stmt, 16, data->occurred);
  bind_text (stmt, 17, data->collected);
  bind_text (stmt, 18, data->color);
  bind_text (stmt, 19, data->attachment_uri);
  bind_text (stmt, 20, data->attachment_sha256);
  if (data->attachment_size >= 0)
    sqlite3_bind_int64 (stmt, 21, data->attachment_size);
  else
    sqlite3_bind_null (stmt, 21);
  bind_text (stmt, 22, data->attachment_media_type);
  bind_text (stmt, 23, data->created);
  bind_text (stmt, 24, data->modified);

  rc = step_done (stmt);
  if (rc == SQLITE_OK && !insert && sqlite3_changes (self->db) != 1)
    rc = SQLITE_CORRUPT; /* the file and the board disagree */
  if (rc == SQLITE_OK && tags)
    rc = write_tags (self, data);
  return rc;
}

static int
write_link (EvbStore          *self,
            const EvbLinkData *data,
            gboolean           insert,
            gint64             z)
{
  sqlite3_stmt *stmt = self->stmts[insert ? STMT_INSERT_LINK : STMT_UPDATE_LINK];
  int rc;

  bind_text (stmt, 1, data->id);
  sqlite3_bind_int64 (stmt, 2, z);
  bind_text (stmt, 3, data->from);
  bind_text (stmt, 4, data->to);
  bind_text (stmt, 5, evb_relation_to_string (data->relation));
  bind_text (stmt, 6, evb_strength_to_string (data->strength));
  bind_text (stmt, 7, data->note);

  rc = step_done (stmt);
  if (rc == SQLITE_OK && !insert && sqlite3_changes (self->db) != 1)
    rc = SQLITE_CORRUPT;
  return rc;
}

static int
delete_row (EvbStore   *self,
            int         which,
            const char *id)
{
  sqlite3_stmt *stmt = self->stmts[which];

  bind_text (stmt, 1, id);
  return step_done (stmt);
}

static int
write_z (EvbStore   *self,
         int         which,
         const char *id,
         gint64      z)
{
  sqlite3_stmt *stmt = self->stmts[which];

  bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, z);
  return step_done (stmt);
}

static int
write_board_meta (EvbStore   *self,
                  EvbBoard   *board)
{
  sqlite3_stmt *stmt = self->stmts[STMT_INSERT_BOARD];

  bind_text (stmt, 1, evb_board_get_title (board));
  bind_text (stmt, 2, evb_board_get_description (board));
  bind_text (stmt, 3, evb_board_get_created (board));
  bind_text (stmt, 4, evb_board_get_modified (board));
  return step_done (stmt);
}

/* Writes every row of board into an empty schema. */
static int
write_whole_board (EvbStore *self,
                   EvbBoard *board)
{
  GPtrArray *nodes = evb_board_get_nodes (board);
  GPtrArray *links = evb_board_get_links (board);
  int rc = write_board_meta (self, board);

  /* The tables are empty: no old tags to delete first. */
  for (guint i = 0; rc == SQLITE_OK && i < nodes->len; i++)
    {
      const EvbNodeData *data = evb_node_get_data (g_ptr_array_index (nodes, i));

      rc = write_node (self, data, TRUE, Z_GAP * i, FALSE);
      if (rc == SQLITE_OK)
        rc = insert_tags (self, data);
    }
  for (guint i = 0; rc == SQLITE_OK && i < links->len; i++)
    rc = write_link (self, evb_link_get_data (g_ptr_array_index (links, i)), TRUE, Z_GAP * i);
  return rc;
}

/* Committing undo steps */

static const char *
change_id (const EvbChange *change)
{
  gconstpointer record = change->after != NULL ? change->after : change->before;

  switch (change->type)
    {
    case EVB_CHANGE_ADD_NODE:
    case EVB_CHANGE_REMOVE_NODE:
    case EVB_CHANGE_UPDATE_NODE:
      return ((const EvbNodeData *) record)->id;
    case EVB_CHANGE_ADD_LINK:
    case EVB_CHANGE_REMOVE_LINK:
    case EVB_CHANGE_UPDATE_LINK:
      return ((const EvbLinkData *) record)->id;
    case EVB_CHANGE_UPDATE_BOARD:
    default:
      return NULL;
    }
}

/* Gives the items a step added (present = still on the board at its end)
 * a z between the z of their neighbours in the drawing order. New items go
 * at the end; an undone delete goes back into the gap it left. Only when a
 * gap is too small are all items renumbered (returns TRUE; planned then
 * holds every item's z). Without adds this costs nothing, so a move stays
 * one UPDATE. */
static gboolean
plan_order (GPtrArray   *items,
            GHashTable  *added,
            guint        n_present,
            const char *(*get_id) (gpointer item),
            GHashTable  *known_z,
            GHashTable  *planned)
{
  guint n = items->len;
  guint i = 0;
  gboolean have_lower = FALSE;
  gint64 lower = 0;

  if (n_present == 0)
    return FALSE;

  /* Usually everything added sits at the end: start there. */
  {
    guint tail = 0;

    while (tail < n_present && tail < n &&
           g_hash_table_lookup (added, get_id (g_ptr_array_index (items, n - tail - 1))))
      tail++;
    if (tail == n_present)
      i = n - tail;
  }
  if (i > 0)
    {
      gint64 *z = g_hash_table_lookup (known_z, get_id (g_ptr_array_index (items, i - 1)));

      if (z == NULL)
        goto renumber;
      lower = *z;
      have_lower = TRUE;
    }

  while (i < n)
    {
      const char *id = get_id (g_ptr_array_index (items, i));
      gint64 base, step;
      guint j;

      if (!g_hash_table_lookup (added, id))
        {
          gint64 *z = g_hash_table_lookup (known_z, id);

          if (z == NULL || (have_lower && *z <= lower))
            goto renumber;
          lower = *z;
          have_lower = TRUE;
          i++;
          continue;
        }

      /* A run of added items [i, j) between lower and the item at j. */
      for (j = i; j < n && g_hash_table_lookup (added, get_id (g_ptr_array_index (items, j))); j++)
        ;
      step = Z_GAP;
      base = have_lower ? lower : 0;
      if (j < n)
        {
          gint64 *upper = g_hash_table_lookup (known_z, get_id (g_ptr_array_index (items, j)));

          if (upper == NULL)
            goto renumber;
          if (!have_lower)
            base = *upper - Z_GAP * (gint64) (j - i + 1);
          else if (*upper - lower <= (gint64) (j - i))
            goto renumber;
          else
            step = (*upper - lower) / (gint64) (j - i + 1);
        }
      for (guint k = i; k < j; k++)
        g_hash_table_insert (planned, (gpointer) get_id (g_ptr_array_index (items, k)),
                             g_memdup2 (&(gint64) { base + step * (gint64) (k - i + 1) },
                                        sizeof (gint64)));
      lower = base + step * (gint64) (j - i);
      have_lower = TRUE;
      i = j;
    }
  return FALSE;

renumber:
  g_hash_table_remove_all (planned);
  for (i = 0; i < n; i++)
    g_hash_table_insert (planned, (gpointer) get_id (g_ptr_array_index (items, i)),
                         g_memdup2 (&(gint64) { Z_GAP * (gint64) i }, sizeof (gint64)));
  return TRUE;
}

static const char *
node_id (gpointer item)
{
  return evb_node_get_id (item);
}

static const char *
link_id (gpointer item)
{
  return evb_link_get_id (item);
}

static gint64
lookup_z (GHashTable *z_of,
          const char *id)
{
  gint64 *z = g_hash_table_lookup (z_of, id);

  /* Not planned: added and removed again in the same step. */
  return z != NULL ? *z : 0;
}

static void
remember_z (GHashTable *known_z,
            GHashTable *planned,
            gboolean    renumbered)
{
  GHashTableIter iter;
  gpointer key, value;

  if (renumbered)
    g_hash_table_remove_all (known_z);
  g_hash_table_iter_init (&iter, planned);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (known_z, g_strdup (key), g_memdup2 (value, sizeof (gint64)));
}

static int
write_all_z (EvbStore  *self,
             int        which,
             GPtrArray *items,
             const char *(*get_id) (gpointer item),
             GHashTable *planned)
{
  int rc = SQLITE_OK;

  for (guint i = 0; rc == SQLITE_OK && i < items->len; i++)
    {
      const char *id = get_id (g_ptr_array_index (items, i));

      rc = write_z (self, which, id, lookup_z (planned, id));
    }
  return rc;
}

static gboolean
commit_changes (EvbBoard   *board,
                GPtrArray  *changes,
                gpointer    user_data,
                GError    **error)
{
  EvbStore *self = user_data;
  g_autoptr(GHashTable) added_nodes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) added_links = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) node_z = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) link_z = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  guint n_nodes_present = 0, n_links_present = 0;
  gboolean renumber_nodes, renumber_links;
  int rc;

  if (self->db == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                   _("Could not save the change: “%s” is closed"), self->display_name);
      return FALSE;
    }

  g_signal_emit (self, signals[WILL_WRITE], 0);

  /* Which added items are still on the board at the end of the step. */
  for (guint i = 0; i < changes->len; i++)
    {
      const EvbChange *change = g_ptr_array_index (changes, i);
      const char *id = change_id (change);

      if (change->type == EVB_CHANGE_ADD_NODE && evb_board_get_node (board, id) != NULL &&
          !g_hash_table_contains (added_nodes, id))
        {
          g_hash_table_insert (added_nodes, (gpointer) id, GINT_TO_POINTER (TRUE));
          n_nodes_present++;
        }
      else if (change->type == EVB_CHANGE_ADD_LINK && evb_board_get_link (board, id) != NULL &&
               !g_hash_table_contains (added_links, id))
        {
          g_hash_table_insert (added_links, (gpointer) id, GINT_TO_POINTER (TRUE));
          n_links_present++;
        }
    }
  renumber_nodes = plan_order (evb_board_get_nodes (board), added_nodes, n_nodes_present,
                               node_id, self->node_z, node_z);
  renumber_links = plan_order (evb_board_get_links (board), added_links, n_links_present,
                               link_id, self->link_z, link_z);

  rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

  for (guint i = 0; rc == SQLITE_OK && i < changes->len; i++)
    {
      const EvbChange *change = g_ptr_array_index (changes, i);
      const EvbNodeData *node_before = change->before, *node_after = change->after;
      const EvbBoardMeta *meta;

      switch (change->type)
        {
        case EVB_CHANGE_ADD_NODE:
          rc = write_node (self, node_after, TRUE, lookup_z (node_z, node_after->id), TRUE);
          break;
        case EVB_CHANGE_UPDATE_NODE:
          rc = write_node (self, node_after, FALSE, 0,
                           !g_strv_equal ((const char * const *) node_before->tags,
                                          (const char * const *) node_after->tags));
          break;
        case EVB_CHANGE_REMOVE_NODE:
          rc = delete_row (self, STMT_DELETE_NODE, node_before->id);
          break;
        case EVB_CHANGE_ADD_LINK:
          rc = write_link (self, change->after, TRUE, lookup_z (link_z, change_id (change)));
          break;
        case EVB_CHANGE_UPDATE_LINK:
          rc = write_link (self, change->after, FALSE, 0);
          break;
        case EVB_CHANGE_REMOVE_LINK:
          rc = delete_row (self, STMT_DELETE_LINK, change_id (change));
          break;
        case EVB_CHANGE_UPDATE_BOARD:
          meta = change->after;
          bind_text (self->stmts[STMT_UPDATE_BOARD], 1, meta->title);
          bind_text (self->stmts[STMT_UPDATE_BOARD], 2, meta->description);
          rc = step_done (self->stmts[STMT_UPDATE_BOARD]);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  if (rc == SQLITE_OK && renumber_nodes)
    rc = write_all_z (self, STMT_NODE_Z, evb_board_get_nodes (board), node_id, node_z);
  if (rc == SQLITE_OK && renumber_links)
    rc = write_all_z (self, STMT_LINK_Z, evb_board_get_links (board), link_id, link_z);

  if (rc == SQLITE_OK)
    {
      bind_text (self->stmts[STMT_SET_MODIFIED], 1, evb_board_get_modified (board));
      rc = step_done (self->stmts[STMT_SET_MODIFIED]);
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, self->display_name);
      rollback (self->db);
      return FALSE;
    }

  /* The file changed: now the remembered order may follow. */
  for (guint i = 0; i < changes->len; i++)
    {
      const EvbChange *change = g_ptr_array_index (changes, i);

      if (change->type == EVB_CHANGE_REMOVE_NODE)
        g_hash_table_remove (self->node_z, change_id (change));
      else if (change->type == EVB_CHANGE_REMOVE_LINK)
        g_hash_table_remove (self->link_z, change_id (change));
    }
  remember_z (self->node_z, node_z, renumber_nodes);
  remember_z (self->link_z, link_z, renumber_links);
  return TRUE;
}

/* Opening */

static gboolean
read_header (const char  *path,
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

static gboolean
check_version (int          version,
               const char  *display_name,
               GError     **error)
{
  if (version > EVB_SCHEMA_VERSION || version < 0)
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

/* The checks that need SQLite, before any data is read. */
static gboolean
verify_database (EvbStore  *self,
                 sqlite3   *db,
                 GError   **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  gint64 value;
  int rc;

  /* The header said so, but a -wal file may hold a newer page 1. */
  if (!query_int (db, "PRAGMA application_id", &value, self->display_name, error))
    return FALSE;
  if (value != EVB_APPLICATION_ID)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_NOT_A_BOARD,
                   _("“%s” is not an Evidence Board file: it is an SQLite database of "
                     "another program"), self->display_name);
      return FALSE;
    }
  if (!query_int (db, "PRAGMA user_version", &value, self->display_name, error))
    return FALSE;
  if (!check_version (value, self->display_name, error))
    return FALSE;
  self->schema_version = value;

  rc = compare_schema (db, self->schema_version, problems);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, self->display_name);
      return FALSE;
    }
  if (problems->len > 0)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_DAMAGED, _("“%s” has been altered: %s"),
                   self->display_name, (const char *) g_ptr_array_index (problems, 0));
      return FALSE;
    }

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
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
      set_sqlite_error (error, db, rc, self->display_name);
      return FALSE;
    }
  return TRUE;
}

/* Brings a writable store of an older version up to date, in one
 * transaction: if any step fails the file stays as it was. */
static gboolean
migrate (EvbStore  *self,
         GError   **error)
{
  if (self->schema_version == EVB_SCHEMA_VERSION)
    return TRUE;

  if (!exec_sql (self->db, "BEGIN IMMEDIATE", self->display_name, error))
    return FALSE;
  if (!run_migrations (self->db, self->schema_version, EVB_SCHEMA_VERSION,
                       self->display_name, error) ||
      !exec_sql (self->db, "COMMIT", self->display_name, error))
    {
      rollback (self->db);
      return FALSE;
    }
  self->schema_version = EVB_SCHEMA_VERSION;
  return TRUE;
}

typedef enum
{
  CONNECTION_IMMUTABLE,  /* no locks, no journal, never a byte written */
  CONNECTION_READ_ONLY,  /* reads a -wal if there is one */
  CONNECTION_READ_WRITE,
  CONNECTION_CREATE,
} ConnectionMode;

static sqlite3 *
open_connection (const char      *path,
                 ConnectionMode   mode,
                 const char      *display_name,
                 GError         **error)
{
  g_autofree char *absolute = to_absolute (path);
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
    case CONNECTION_IMMUTABLE:
      full_uri = g_strconcat (uri, "?immutable=1", NULL);
      flags |= SQLITE_OPEN_READONLY;
      break;
    case CONNECTION_READ_ONLY:
      full_uri = g_steal_pointer (&uri);
      flags |= SQLITE_OPEN_READONLY;
      break;
    case CONNECTION_READ_WRITE:
    case CONNECTION_CREATE:
    default:
      full_uri = g_steal_pointer (&uri);
      flags |= SQLITE_OPEN_READWRITE | (mode == CONNECTION_CREATE ? SQLITE_OPEN_CREATE : 0);
      break;
    }

  rc = sqlite3_open_v2 (full_uri, &db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, display_name);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 1);
  harden_connection (db);
  return db;
}

static EvbStore *
store_new (const char *path)
{
  EvbStore *self = g_object_new (EVB_TYPE_STORE, NULL);

  self->path = g_strdup (path);
  self->display_name = g_filename_display_name (path);
  return self;
}

static void
close_db (EvbStore *self)
{
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  g_clear_pointer (&self->get_thumbnail, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close_v2);
}

/* GObject */

static void
evb_store_finalize (GObject *object)
{
  EvbStore *self = EVB_STORE (object);

  close_db (self);
  g_hash_table_unref (self->node_z);
  g_hash_table_unref (self->link_z);
  g_free (self->path);
  g_free (self->display_name);

  G_OBJECT_CLASS (evb_store_parent_class)->finalize (object);
}

static void
evb_store_class_init (EvbStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = evb_store_finalize;

  /**
   * EvbStore::will-write:
   *
   * Emitted before an undo step is written. A document uses it to mark its
   * working copy as ahead of the user's file before the change can land.
   */
  signals[WILL_WRITE] =
    g_signal_new ("will-write", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
evb_store_init (EvbStore *self)
{
  self->node_z = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->link_z = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Public API */

EvbStore *
evb_store_open (const char     *path,
                EvbStoreFlags   flags,
                GError        **error)
{
  g_autoptr(EvbStore) self = NULL;
  gboolean read_only = (flags & EVB_STORE_FLAGS_READ_ONLY) != 0;
  int version = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = store_new (path);
  self->flags = flags;

  if (!read_header (path, self->display_name, &version, error) ||
      !check_version (version, self->display_name, error))
    return NULL;

  if (read_only)
    {
      self->db = open_connection (path, CONNECTION_IMMUTABLE, self->display_name, error);
      if (self->db == NULL || !verify_database (self, self->db, error))
        return NULL;
    }
  else
    {
      g_autoptr(GError) local_error = NULL;
      sqlite3 *check;
      gboolean checked;

      g_autofree char *wal = g_strconcat (path, "-wal", NULL);

      /* Checked before the file is opened for writing (a refused file gets
       * no -wal or -shm beside it); SQLite also checks a read-only
       * connection about twice as fast. Only a -wal left by a crash needs
       * the non-immutable kind, which reads it. */
      check = open_connection (path,
                               g_file_test (wal, G_FILE_TEST_EXISTS) ? CONNECTION_READ_ONLY
                                                                     : CONNECTION_IMMUTABLE,
                               self->display_name, &local_error);
      checked = check != NULL && verify_database (self, check, &local_error);
      g_clear_pointer (&check, sqlite3_close);
      if (!checked && !g_error_matches (local_error, EVB_ERROR, EVB_ERROR_IO))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      self->db = open_connection (path, CONNECTION_READ_WRITE, self->display_name, error);
      if (self->db == NULL)
        return NULL;
      /* A hot rollback journal needs a writer to roll it back before the
       * file can be read: then the checks run on the writer. */
      if (!checked && !verify_database (self, self->db, error))
        return NULL;

      /* Foreign keys are per connection; they make deleting a node take its
       * tags and links with it. A cache of 16 MiB holds a board of 10,000
       * nodes, so big deletes and their undo do not spill. */
      if (!exec_sql (self->db,
                     "PRAGMA synchronous = NORMAL;"
                     "PRAGMA cache_size = -16384;"
                     "PRAGMA journal_mode = WAL;"
                     "PRAGMA foreign_keys = ON;",
                     self->display_name, error) ||
          !migrate (self, error) ||
          !prepare_statements (self, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

EvbStore *
evb_store_create (const char  *path,
                  const char  *title,
                  GError     **error)
{
  g_autoptr(EvbBoard) board = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  board = evb_board_new (title != NULL ? title : "");
  if (!evb_store_write_new (board, path, FALSE, error))
    return NULL;
  return evb_store_open (path, EVB_STORE_FLAGS_NONE, error);
}

gboolean
evb_store_write_new (EvbBoard    *board,
                     const char  *path,
                     gboolean     overwrite,
                     GError     **error)
{
  g_autoptr(EvbStore) store = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *version_sql = NULL;
  int rc;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display_name = g_filename_display_name (path);
  if (!overwrite && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                   _("Could not write “%s”: the file already exists"), display_name);
      return FALSE;
    }

  tmp = make_temp_beside (path, error);
  if (tmp == NULL)
    return FALSE;

  store = store_new (tmp);
  g_free (store->display_name);
  store->display_name = g_strdup (display_name);
  store->db = open_connection (tmp, CONNECTION_CREATE, display_name, error);
  if (store->db == NULL)
    goto fail;

  /* The temporary file needs no journal: if anything fails it is deleted.
   * It is synced once, below, before it takes the board's name. Foreign
   * keys and CHECK constraints stay off while it is filled: a board only
   * holds links whose ends it holds, the tags go in with their node, and
   * every field was validated when it entered the model, so the checks
   * could never fail (they were a tenth and a third of the time of
   * writing); loading checks all of them again, and `check` runs SQLite's
   * own integrity check. A larger cache keeps the indexes of a big board
   * from spilling (32 MiB at most, for this connection only). */
  if (!exec_sql (store->db,
                 "PRAGMA journal_mode = OFF;"
                 "PRAGMA synchronous = OFF;"
                 "PRAGMA cache_size = -32768;"
                 "PRAGMA ignore_check_constraints = ON;"
                 "PRAGMA foreign_keys = OFF;"
                 "BEGIN;",
                 display_name, error))
    goto fail;
  version_sql = g_strdup_printf ("PRAGMA application_id = %d", EVB_APPLICATION_ID);
  if (!exec_sql (store->db, version_sql, display_name, error) ||
      !run_migrations (store->db, 0, EVB_SCHEMA_VERSION, display_name, error) ||
      !prepare_statements (store, error))
    goto fail;

  rc = write_whole_board (store, board);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (store->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, store->db, rc, display_name);
      goto fail;
    }
  close_db (store);

  if (!fsync_path (tmp, FALSE, error))
    goto fail;

  if (overwrite)
    {
      if (g_rename (tmp, path) != 0)
        goto fail_errno;
    }
  else
    {
      /* link() refuses to replace a file that appeared meanwhile. Some file
       * systems (FAT on USB sticks) have no hard links: there a plain
       * rename after the check above has to do. */
      if (link (tmp, path) == 0)
        g_unlink (tmp);
      else if (errno == EEXIST)
        goto fail_errno;
      else if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          errno = EEXIST;
          goto fail_errno;
        }
      else if (g_rename (tmp, path) != 0)
        goto fail_errno;
    }

  {
    g_autofree char *dir = g_path_get_dirname (path);
    fsync_path (dir, TRUE, NULL);
  }
  return TRUE;

fail_errno:
  {
    int saved_errno = errno;

    if (saved_errno == EEXIST)
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                   _("Could not write “%s”: the file already exists"), display_name);
    else
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not write “%s”: %s"),
                   display_name, g_strerror (saved_errno));
  }
fail:
  close_db (store);
  remove_temp (tmp);
  return FALSE;
}

const char *
evb_store_get_path (EvbStore *store)
{
  g_return_val_if_fail (EVB_IS_STORE (store), NULL);

  return store->path;
}

int
evb_store_get_schema_version (EvbStore *store)
{
  g_return_val_if_fail (EVB_IS_STORE (store), 0);

  return store->schema_version;
}

static gboolean
damaged (GError     **error,
         const char  *display_name,
         const char  *what,
         const char  *id)
{
  g_set_error (error, EVB_ERROR, EVB_ERROR_DAMAGED, _("“%s” is damaged: %s “%s”"),
               display_name, what, id != NULL ? id : "?");
  return FALSE;
}

/* Reads every tag into a table of node id → GPtrArray of tags. */
static GHashTable *
load_tags (EvbStore  *self,
           GError   **error)
{
  g_autoptr(GHashTable) tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) g_ptr_array_unref);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT node_id, tag FROM tag ORDER BY node_id, position",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *node = NULL;
      g_autofree char *tag = NULL;
      GPtrArray *list;

      rc = SQLITE_OK;
      if (!column_text (stmt, 0, &node) || !column_text (stmt, 1, &tag) ||
          node == NULL || tag == NULL)
        {
          sqlite3_finalize (stmt);
          damaged (error, self->display_name, _("a tag of node"), node);
          return NULL;
        }
      list = g_hash_table_lookup (tags, node);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (tags, g_strdup (node), list);
        }
      g_ptr_array_add (list, g_steal_pointer (&tag));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, self->display_name);
      return NULL;
    }
  return g_steal_pointer (&tags);
}

static EvbNodeData *
read_node (sqlite3_stmt *stmt,
           GHashTable   *tags,
           gint64       *z)
{
  g_autoptr(EvbNodeData) data = g_new0 (EvbNodeData, 1);
  const char *kind, *evidence_type, *reliability;
  char **strings[] = {
    &data->id, NULL, NULL, &data->title, &data->body, NULL, NULL, NULL, NULL,
    &data->claimant, NULL, &data->source, &data->source_url, NULL,
    NULL, &data->occurred, &data->collected, &data->color, &data->attachment_uri,
    &data->attachment_sha256, NULL, &data->attachment_media_type, &data->created,
    &data->modified,
  };
  double *reals[] = { &data->x, &data->y, &data->width, &data->height };
  GPtrArray *list;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    if (strings[i] != NULL && !column_text (stmt, i, strings[i]))
      return NULL;
  if (!column_peek (stmt, 2, &kind) || !column_peek (stmt, 10, &evidence_type) ||
      !column_peek (stmt, 13, &reliability))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (reals); i++)
    {
      int type = sqlite3_column_type (stmt, 5 + i);

      if (type != SQLITE_FLOAT && type != SQLITE_INTEGER)
        return NULL;
      *reals[i] = sqlite3_column_double (stmt, 5 + i);
    }

  if (sqlite3_column_type (stmt, 1) != SQLITE_INTEGER || data->id == NULL ||
      kind == NULL || !evb_node_kind_from_string (kind, &data->kind))
    return NULL;
  *z = sqlite3_column_int64 (stmt, 1);

  data->evidence_type = EVB_EVIDENCE_TYPE_NONE;
  if (evidence_type != NULL &&
      !evb_evidence_type_from_string (evidence_type, &data->evidence_type))
    return NULL;

  if (reliability != NULL)
    {
      if (strlen (reliability) != 1)
        return NULL;
      data->reliability = reliability[0];
    }

  switch (sqlite3_column_type (stmt, 14))
    {
    case SQLITE_NULL:
      data->credibility = 0;
      break;
    case SQLITE_INTEGER:
      if (sqlite3_column_int64 (stmt, 14) < 1 || sqlite3_column_int64 (stmt, 14) > 6)
        return NULL;
      data->credibility = sqlite3_column_int (stmt, 14);
      break;
    default:
      return NULL;
    }

  switch (sqlite3_column_type (stmt, 20))
    {
    case SQLITE_NULL:
      data->attachment_size = -1;
      break;
    case SQLITE_INTEGER:
      data->attachment_size = sqlite3_column_int64 (stmt, 20);
      if (data->attachment_size < 0)
        return NULL;
      break;
    default:
      return NULL;
    }

  list = g_hash_table_lookup (tags, data->id);
  if (list != NULL)
    {
      g_ptr_array_add (list, NULL);
      data->tags = (GStrv) g_ptr_array_steal (list, NULL);
      g_hash_table_remove (tags, data->id);
    }
  else
    data->tags = g_new0 (char *, 1);

  return g_steal_pointer (&data);
}

static EvbLinkData *
read_link (sqlite3_stmt *stmt)
{
  g_autoptr(EvbLinkData) data = g_new0 (EvbLinkData, 1);
  const char *relation, *strength;

  if (!column_text (stmt, 0, &data->id) || !column_text (stmt, 1, &data->from) ||
      !column_text (stmt, 2, &data->to) || !column_peek (stmt, 3, &relation) ||
      !column_peek (stmt, 4, &strength) || !column_text (stmt, 5, &data->note))
    return NULL;
  if (data->id == NULL || data->from == NULL || data->to == NULL ||
      relation == NULL || !evb_relation_from_string (relation, &data->relation) ||
      strength == NULL || !evb_strength_from_string (strength, &data->strength))
    return NULL;
  return g_steal_pointer (&data);
}

/* A node or link row read from the file, waiting to be sorted by z. */
typedef struct
{
  gint64   z;
  gpointer data;
} LoadedRow;

static void
clear_loaded_node (gpointer row)
{
  g_clear_pointer (&((LoadedRow *) row)->data, evb_node_data_free);
}

static void
clear_loaded_link (gpointer row)
{
  g_clear_pointer (&((LoadedRow *) row)->data, evb_link_data_free);
}

static int
compare_loaded_rows (gconstpointer a,
                     gconstpointer b)
{
  gint64 za = ((const LoadedRow *) a)->z;
  gint64 zb = ((const LoadedRow *) b)->z;

  return za < zb ? -1 : za > zb;
}

/* Rows come in rowid order; a stable sort keeps it among equal z, as
 * ORDER BY z, rowid did. Boards are nearly always in order already. */
static void
sort_loaded_rows (GArray *rows)
{
  for (guint i = 1; i < rows->len; i++)
    if (compare_loaded_rows (&g_array_index (rows, LoadedRow, i - 1),
                             &g_array_index (rows, LoadedRow, i)) > 0)
      {
        g_array_sort (rows, compare_loaded_rows);
        return;
      }
}

static gboolean
load_rows (EvbStore  *self,
           EvbBoard  *board,
           GError   **error)
{
  g_autoptr(GHashTable) tags = NULL;
  g_autoptr(GArray) nodes = NULL;
  g_autoptr(GArray) links = NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *created = NULL;
  g_autofree char *modified = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT title, description, created, modified FROM board WHERE id = 1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      sqlite3_finalize (stmt);
      g_set_error (error, EVB_ERROR, EVB_ERROR_DAMAGED,
                   _("“%s” is damaged: the board record is missing"), self->display_name);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      set_sqlite_error (error, self->db, rc, self->display_name);
      return FALSE;
    }
  if (!column_text (stmt, 0, &title) || !column_text (stmt, 1, &description) ||
      !column_text (stmt, 2, &created) || !column_text (stmt, 3, &modified) ||
      title == NULL)
    {
      sqlite3_finalize (stmt);
      g_set_error (error, EVB_ERROR, EVB_ERROR_DAMAGED,
                   _("“%s” is damaged: the board record is not valid"), self->display_name);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  _evb_board_load_meta (board, title, description, created, modified);

  tags = load_tags (self, error);
  if (tags == NULL)
    return FALSE;

  /* Rows are read in the table's own order and sorted by z here: asking
   * SQLite for ORDER BY z would copy every row into its sorter first (there
   * is no index on z), which was a fifth of opening a big board. */
  nodes = g_array_new (FALSE, FALSE, sizeof (LoadedRow));
  g_array_set_clear_func (nodes, clear_loaded_node);
  rc = sqlite3_prepare_v2 (self->db, "SELECT " NODE_COLUMNS " FROM node", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LoadedRow row = { 0, NULL };

      rc = SQLITE_OK;
      row.data = read_node (stmt, tags, &row.z);
      if (row.data == NULL)
        {
          g_autofree char *id = NULL;

          column_text (stmt, 0, &id);
          sqlite3_finalize (stmt);
          return damaged (error, self->display_name, _("a field is not valid in node"), id);
        }
      g_array_append_val (nodes, row);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, self->display_name);
      return FALSE;
    }
  if (g_hash_table_size (tags) > 0)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, tags);
      g_hash_table_iter_next (&iter, &key, NULL);
      return damaged (error, self->display_name, _("there are tags of a missing node"), key);
    }

  sort_loaded_rows (nodes);
  for (guint i = 0; i < nodes->len; i++)
    {
      LoadedRow *row = &g_array_index (nodes, LoadedRow, i);
      EvbNodeData *data = g_steal_pointer (&row->data);
      g_autoptr(GError) local_error = NULL;
      /* The table's copy of the id outlives data, which loading takes
       * (replace, not insert, keeps this copy if a damaged file repeats an
       * id: that is refused below, with this id in the message). */
      char *id = g_strdup (data->id);

      g_hash_table_replace (self->node_z, id, g_memdup2 (&row->z, sizeof row->z));
      if (_evb_board_load_node (board, data, &local_error) == NULL)
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_DAMAGED,
                       _("“%s” is damaged: node “%s”: %s"), self->display_name, id,
                       local_error->message);
          return FALSE;
        }
    }
  g_clear_pointer (&nodes, g_array_unref);

  links = g_array_new (FALSE, FALSE, sizeof (LoadedRow));
  g_array_set_clear_func (links, clear_loaded_link);
  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT id, from_id, to_id, relation, strength, note, z FROM link",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LoadedRow row = { 0, NULL };

      rc = SQLITE_OK;
      row.data = read_link (stmt);
      if (row.data == NULL || sqlite3_column_type (stmt, 6) != SQLITE_INTEGER)
        {
          g_autofree char *id = NULL;

          g_clear_pointer (&row.data, evb_link_data_free);
          column_text (stmt, 0, &id);
          sqlite3_finalize (stmt);
          return damaged (error, self->display_name, _("a field is not valid in link"), id);
        }
      row.z = sqlite3_column_int64 (stmt, 6);
      g_array_append_val (links, row);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, self->display_name);
      return FALSE;
    }

  sort_loaded_rows (links);
  for (guint i = 0; i < links->len; i++)
    {
      LoadedRow *row = &g_array_index (links, LoadedRow, i);
      EvbLinkData *data = g_steal_pointer (&row->data);
      g_autoptr(GError) local_error = NULL;
      char *id = g_strdup (data->id);

      g_hash_table_replace (self->link_z, id, g_memdup2 (&row->z, sizeof row->z));
      if (_evb_board_load_link (board, data, &local_error) == NULL)
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_DAMAGED,
                       _("“%s” is damaged: link “%s”: %s"), self->display_name, id,
                       local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

EvbBoard *
evb_store_load (EvbStore  *store,
                GError   **error)
{
  g_autoptr(EvbBoard) board = NULL;
  gboolean ok;

  g_return_val_if_fail (EVB_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_return_val_if_fail (!store->loaded, NULL);

  if (store->db == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("“%s” is closed"), store->display_name);
      return NULL;
    }

  board = evb_board_new ("");
  /* One read transaction, so the rows come from one consistent state. */
  if (!exec_sql (store->db, "BEGIN", store->display_name, error))
    return NULL;
  ok = load_rows (store, board, error);
  rollback (store->db);
  if (!ok)
    return NULL;
  /* The board is in memory now; the pages read to load it would only
   * duplicate it (6.5 MiB of a 10,000-node board). Edits read back the few
   * pages they touch. */
  sqlite3_db_release_memory (store->db);

  store->loaded = TRUE;
  if (!(store->flags & EVB_STORE_FLAGS_READ_ONLY))
    _evb_board_set_commit_func (board, commit_changes, g_object_ref (store), g_object_unref);

  return g_steal_pointer (&board);
}

static int check_thumbnails (EvbStore  *self,
                             GPtrArray *problems);

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
    rc = check_thumbnails (store, problems);

  if (rc != SQLITE_DONE && rc != SQLITE_OK)
    {
      g_autoptr(GError) error = NULL;

      set_sqlite_error (&error, store->db, rc, store->display_name);
      g_ptr_array_add (problems, g_strdup (error->message));
    }

  return problems->len == before;
}

/* Copies the database of source to dest_path atomically. */
static gboolean
backup_database (sqlite3     *source,
                 const char  *dest_path,
                 GError     **error)
{
  g_autofree char *display_name = g_filename_display_name (dest_path);
  g_autofree char *tmp = NULL;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  tmp = make_temp_beside (dest_path, error);
  if (tmp == NULL)
    return FALSE;

  dest = open_connection (tmp, CONNECTION_CREATE, display_name, error);
  if (dest == NULL)
    goto fail;

  backup = sqlite3_backup_init (dest, "main", source, "main");
  if (backup == NULL)
    {
      set_sqlite_error (error, dest, sqlite3_errcode (dest), display_name);
      goto fail;
    }
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, dest, rc, display_name);
      goto fail;
    }

  /* The copy has the working copy's WAL mode in its header: the user's file
   * must be one self-contained file, readable without a -wal beside it. */
  if (!exec_sql (dest, "PRAGMA journal_mode = DELETE", display_name, error))
    goto fail;
  rc = sqlite3_close (dest);
  dest = NULL;
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, NULL, rc, display_name);
      goto fail;
    }

  if (!fsync_path (tmp, FALSE, error))
    goto fail;
  if (g_rename (tmp, dest_path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("Could not write “%s”: %s"),
                   display_name, g_strerror (saved_errno));
      goto fail;
    }
  {
    g_autofree char *dir = g_path_get_dirname (dest_path);
    fsync_path (dir, TRUE, NULL);
  }
  return TRUE;

fail:
  g_clear_pointer (&dest, sqlite3_close);
  remove_temp (tmp);
  return FALSE;
}

gboolean
evb_store_backup_to (EvbStore    *store,
                     const char  *dest_path,
                     GError     **error)
{
  g_return_val_if_fail (EVB_IS_STORE (store), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (store->db == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO, _("“%s” is closed"), store->display_name);
      return FALSE;
    }
  return backup_database (store->db, dest_path, error);
}

gboolean
evb_store_backup_file (const char  *source_path,
                       const char  *dest_path,
                       GError     **error)
{
  g_autofree char *display_name = NULL;
  sqlite3 *source;
  gboolean ok;

  g_return_val_if_fail (source_path != NULL, FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display_name = g_filename_display_name (source_path);
  /* Not immutable: the newest steps may still be in the -wal. */
  source = open_connection (source_path, CONNECTION_READ_ONLY, display_name, error);
  if (source == NULL)
    return FALSE;
  /* The store may be checkpointing right now; that takes milliseconds. */
  sqlite3_busy_timeout (source, 5000);
  ok = backup_database (source, dest_path, error);
  sqlite3_close (source);
  return ok;
}

/* Thumbnails */

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
static int
check_thumbnails (EvbStore  *self,
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

  g_signal_emit (store, signals[WILL_WRITE], 0);

  rc = sqlite3_exec (store->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (store->db,
                             "INSERT INTO thumbnails (sha256, png) VALUES (?1, ?2) "
                             "ON CONFLICT (sha256) DO UPDATE SET png = ?2",
                             -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      bind_text (stmt, 1, sha256);
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
      set_sqlite_error (error, store->db, rc, store->display_name);
      rollback (store->db);
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
      bind_text (stmt, 1, sha256);
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
    set_sqlite_error (error, store->db, rc, store->display_name);
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

void
evb_store_close (EvbStore *store)
{
  g_return_if_fail (EVB_IS_STORE (store));

  close_db (store);
}
