/* evb-floor-import.c: the floor of `evidence-board-cli import`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   evb-floor-import TEMPLATE.evboard INPUT.json OUTPUT.evboard
 *
 * The least work an import into a new board file can do: map the file (as
 * the CLI does), parse it with cJSON (a plain DOM parser, no validation
 * beyond JSON's grammar), and write the same rows with the same INSERT
 * statements (32 rows to a statement, the rest one at a time, as the app's
 * writer) into a database with the same schema (copied from TEMPLATE, an
 * empty board made by `evidence-board-cli new`, with its user_version and
 * application_id), the same pragmas and page size, the indexes that are
 * not constraints built after the rows (as the writer builds them), one
 * transaction, then fsync, rename and fsync of the folder, as the app's
 * writer does. Nothing is checked and nothing freed. evb-floors (run-floors) compares the rows of its
 * output with the CLI's, row by row.
 */

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define Z_GAP 1024
#define BATCH 32 /* EVB_STORE_BATCH_ROWS */
#define MAX_INDEXES 16
#define NODE_COLUMNS \
  "id, z, kind, title, body, x, y, width, height, claimant, evidence_type, source, " \
  "source_url, reliability, credibility, occurred, collected, color, attachment_uri, " \
  "attachment_sha256, attachment_size, attachment_media_type, created, modified, pinned, " \
  "attachment_embedded"

static void
die (const char *what,
     sqlite3    *db)
{
  fprintf (stderr, "evb-floor-import: %s: %s\n", what, db ? sqlite3_errmsg (db) : "failed");
  exit (1);
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    die (sql, db);
}

static int
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt;
  int value;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK || sqlite3_step (stmt) != SQLITE_ROW)
    die (sql, db);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* A member's text, NULL when absent, null or (for optional members) "". */
static const char *
text (const cJSON *object,
      const char  *name)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, name);
  const char *value = cJSON_GetStringValue (item);

  return value != NULL && value[0] != '\0' ? value : NULL;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_STATIC);
}

static void
step (sqlite3_stmt *stmt,
      sqlite3      *db)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    die ("insert", db);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/* The document mapped, as the CLI maps an input of a MiB or more
 * (evb-cli-input.c); read when it fills its last page. */
static char *
read_all (const char *path,
          size_t     *length)
{
  int fd = open (path, O_RDONLY);
  struct stat info;
  char *data;

  if (fd < 0 || fstat (fd, &info) != 0)
    die (path, NULL);
  *length = (size_t) info.st_size;
  if (info.st_size % sysconf (_SC_PAGESIZE) != 0)
    {
      data = mmap (NULL, *length + 1, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
      if (data == MAP_FAILED)
        die (path, NULL);
    }
  else
    {
      data = malloc (*length + 1);
      if (data == NULL || read (fd, data, *length) != (ssize_t) *length)
        die (path, NULL);
      data[*length] = '\0';
    }
  close (fd);
  return data;
}

/* "INSERT OR FAIL INTO table VALUES (?, …), …" of rows rows (BATCH, or
 * one for what is left over), as the app's writer prepares it. */
static sqlite3_stmt *
prepare_batch (sqlite3    *db,
               const char *table,
               int         columns,
               int         rows)
{
  char sql[16384];
  size_t n = (size_t) snprintf (sql, sizeof sql, "INSERT OR FAIL INTO %s VALUES ", table);
  sqlite3_stmt *stmt;

  for (int row = 0; row < rows; row++)
    {
      n += (size_t) snprintf (sql + n, sizeof sql - n, row == 0 ? "(" : ", (");
      for (int column = 0; column < columns; column++)
        n += (size_t) snprintf (sql + n, sizeof sql - n, column == 0 ? "?" : ", ?");
      n += (size_t) snprintf (sql + n, sizeof sql - n, ")");
    }
  if (sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    die ("prepare", db);
  return stmt;
}

static void
bind_node (sqlite3_stmt *stmt,
           int           first,
           const cJSON  *item,
           long long     z)
{
  const cJSON *attachment = cJSON_GetObjectItemCaseSensitive (item, "attachment");
  const cJSON *credibility = cJSON_GetObjectItemCaseSensitive (item, "credibility");
  const cJSON *size = cJSON_GetObjectItemCaseSensitive (attachment, "size");

  bind_text (stmt, first + 1, text (item, "id"));
  sqlite3_bind_int64 (stmt, first + 2, z);
  bind_text (stmt, first + 3, text (item, "kind"));
  bind_text (stmt, first + 4, cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (item, "title")));
  bind_text (stmt, first + 5, text (item, "body"));
  sqlite3_bind_double (stmt, first + 6, cJSON_GetNumberValue (cJSON_GetObjectItemCaseSensitive (item, "x")));
  sqlite3_bind_double (stmt, first + 7, cJSON_GetNumberValue (cJSON_GetObjectItemCaseSensitive (item, "y")));
  sqlite3_bind_double (stmt, first + 8, cJSON_GetNumberValue (cJSON_GetObjectItemCaseSensitive (item, "width")));
  sqlite3_bind_double (stmt, first + 9, cJSON_GetNumberValue (cJSON_GetObjectItemCaseSensitive (item, "height")));
  bind_text (stmt, first + 10, text (item, "claimant"));
  bind_text (stmt, first + 11, text (item, "evidence_type"));
  bind_text (stmt, first + 12, text (item, "source"));
  bind_text (stmt, first + 13, text (item, "source_url"));
  bind_text (stmt, first + 14, text (item, "reliability"));
  if (cJSON_IsNumber (credibility))
    sqlite3_bind_int (stmt, first + 15, credibility->valueint);
  else
    sqlite3_bind_null (stmt, first + 15);
  bind_text (stmt, first + 16, text (item, "occurred"));
  bind_text (stmt, first + 17, text (item, "collected"));
  bind_text (stmt, first + 18, text (item, "color"));
  bind_text (stmt, first + 19, text (attachment, "uri"));
  bind_text (stmt, first + 20, text (attachment, "sha256"));
  if (cJSON_IsNumber (size))
    sqlite3_bind_int64 (stmt, first + 21, (long long) size->valuedouble);
  else
    sqlite3_bind_null (stmt, first + 21);
  bind_text (stmt, first + 22, text (attachment, "media_type"));
  bind_text (stmt, first + 23, text (item, "created"));
  bind_text (stmt, first + 24, text (item, "modified"));
  sqlite3_bind_int (stmt, first + 25, cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (item, "pinned")));
  sqlite3_bind_int (stmt, first + 26, 0);
}

/* n nodes, a whole batch in one statement or fewer one by one, then their
 * tags: whole batches, then the rest one by one. */
static void
insert_nodes (sqlite3       *db,
              sqlite3_stmt  *node_batch,
              sqlite3_stmt  *node_stmt,
              sqlite3_stmt  *tag_batch,
              sqlite3_stmt  *tag_stmt,
              const cJSON  **items,
              long long     *z,
              int            n)
{
  int n_tags = 0, row = 0;

  if (n == BATCH)
    {
      for (int i = 0; i < n; i++)
        bind_node (node_batch, 26 * i, items[i], z[i]);
      step (node_batch, db);
    }
  else
    {
      for (int i = 0; i < n; i++)
        {
          bind_node (node_stmt, 0, items[i], z[i]);
          step (node_stmt, db);
        }
    }

  for (int i = 0; i < n; i++)
    n_tags += cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (items[i], "tags"));
  for (int i = 0; i < n; i++)
    {
      const cJSON *tag;
      int position = 0;

      cJSON_ArrayForEach (tag, cJSON_GetObjectItemCaseSensitive (items[i], "tags"))
        {
          int batched = row < n_tags - n_tags % BATCH;
          sqlite3_stmt *stmt = batched ? tag_batch : tag_stmt;
          int first = batched ? 3 * (row % BATCH) : 0;

          bind_text (stmt, first + 1, text (items[i], "id"));
          sqlite3_bind_int (stmt, first + 2, position++);
          bind_text (stmt, first + 3, cJSON_GetStringValue (tag));
          if (!batched || row % BATCH == BATCH - 1)
            step (stmt, db);
          row++;
        }
    }
}

static void
bind_link (sqlite3_stmt *stmt,
           int           first,
           const cJSON  *item,
           long long     z)
{
  const char *strength = text (item, "strength");

  bind_text (stmt, first + 1, text (item, "id"));
  sqlite3_bind_int64 (stmt, first + 2, z);
  bind_text (stmt, first + 3, text (item, "from"));
  bind_text (stmt, first + 4, text (item, "to"));
  bind_text (stmt, first + 5, text (item, "relation"));
  bind_text (stmt, first + 6, strength != NULL ? strength : "moderate");
  bind_text (stmt, first + 7, text (item, "note"));
}

static void
insert_links (sqlite3       *db,
              sqlite3_stmt  *link_batch,
              sqlite3_stmt  *link_stmt,
              const cJSON  **items,
              long long     *z,
              int            n)
{
  if (n == BATCH)
    {
      for (int i = 0; i < n; i++)
        bind_link (link_batch, 7 * i, items[i], z[i]);
      step (link_batch, db);
      return;
    }
  for (int i = 0; i < n; i++)
    {
      bind_link (link_stmt, 0, items[i], z[i]);
      step (link_stmt, db);
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *board_sql =
    "INSERT INTO board (id, title, description, created, modified) VALUES (1, ?1, ?2, ?3, ?4)";
  sqlite3 *template, *db;
  sqlite3_stmt *schema, *node_stmt, *tag_stmt, *link_stmt, *board_stmt;
  sqlite3_stmt *node_batch, *tag_batch, *link_batch;
  const cJSON *pending[BATCH];
  char *indexes[MAX_INDEXES];
  int n_indexes;
  long long pending_z[BATCH];
  int n_pending;
  char pragma[128], *tmp, *dir;
  size_t length;
  char *data;
  cJSON *root, *item;
  const cJSON *board;
  long long z;
  int fd, user_version, application_id;

  if (argc != 4)
    {
      fprintf (stderr, "usage: evb-floor-import TEMPLATE.evboard INPUT.json OUTPUT.evboard\n");
      return 2;
    }

  /* As evidence-board-cli (evb_store_init_library()): SQLite keeps no
   * memory statistics. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);

  /* The schema, as the app made it (not timed apart: it is a few rows). */
  if (sqlite3_open_v2 (argv[1], &template, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    die (argv[1], template);
  user_version = query_int (template, "PRAGMA user_version");
  application_id = query_int (template, "PRAGMA application_id");

  data = read_all (argv[2], &length);
  root = cJSON_ParseWithLength (data, length);
  if (root == NULL)
    die ("parse", NULL);

  tmp = malloc (strlen (argv[3]) + 8);
  sprintf (tmp, "%s.floor", argv[3]);
  unlink (tmp);
  if (sqlite3_open_v2 (tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    die (tmp, db);
  /* The app's writer chooses its page size and incremental vacuum (for
   * files kept in the board) before the first table: so does the floor. */
  exec_sql (db, "PRAGMA page_size = 8192;"
                "PRAGMA auto_vacuum = INCREMENTAL;"
                "PRAGMA journal_mode = OFF;"
                "PRAGMA synchronous = OFF;"
                "PRAGMA cache_size = -32768;"
                "PRAGMA ignore_check_constraints = ON;"
                "PRAGMA foreign_keys = OFF;"
                "BEGIN;");
  snprintf (pragma, sizeof pragma, "PRAGMA application_id = %d", application_id);
  exec_sql (db, pragma);
  snprintf (pragma, sizeof pragma, "PRAGMA user_version = %d", user_version);
  exec_sql (db, pragma);
  if (sqlite3_prepare_v2 (template, "SELECT type, sql FROM sqlite_master WHERE sql IS NOT NULL "
                                    "ORDER BY rowid", -1, &schema, NULL) != SQLITE_OK)
    die ("schema", template);
  n_indexes = 0;
  while (sqlite3_step (schema) == SQLITE_ROW)
    {
      const char *sql = (const char *) sqlite3_column_text (schema, 1);

      /* The writer builds these once the rows are in. */
      if (strcmp ((const char *) sqlite3_column_text (schema, 0), "index") == 0 &&
          n_indexes < MAX_INDEXES)
        indexes[n_indexes++] = strdup (sql);
      else
        exec_sql (db, sql);
    }
  sqlite3_finalize (schema);
  sqlite3_close (template);

  if (sqlite3_prepare_v3 (db, board_sql, -1, SQLITE_PREPARE_PERSISTENT, &board_stmt, NULL) != SQLITE_OK)
    die ("prepare", db);
  node_batch = prepare_batch (db, "node (" NODE_COLUMNS ")", 26, BATCH);
  tag_batch = prepare_batch (db, "tag (node_id, position, tag)", 3, BATCH);
  link_batch = prepare_batch (db, "link (id, z, from_id, to_id, relation, strength, note)", 7, BATCH);
  node_stmt = prepare_batch (db, "node (" NODE_COLUMNS ")", 26, 1);
  tag_stmt = prepare_batch (db, "tag (node_id, position, tag)", 3, 1);
  link_stmt = prepare_batch (db, "link (id, z, from_id, to_id, relation, strength, note)", 7, 1);

  /* The app's writer inserts BATCH rows a statement, and what is left
   * over with the same statements of one row: so does the floor. */
  n_pending = 0;
  z = 0;
  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (root, "nodes"))
    {
      pending[n_pending] = item;
      pending_z[n_pending++] = z;
      z += Z_GAP;
      if (n_pending == BATCH)
        {
          insert_nodes (db, node_batch, node_stmt, tag_batch, tag_stmt, pending, pending_z, n_pending);
          n_pending = 0;
        }
    }
  insert_nodes (db, node_batch, node_stmt, tag_batch, tag_stmt, pending, pending_z, n_pending);

  n_pending = 0;
  z = 0;
  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (root, "links"))
    {
      pending[n_pending] = item;
      pending_z[n_pending++] = z;
      z += Z_GAP;
      if (n_pending == BATCH)
        {
          insert_links (db, link_batch, link_stmt, pending, pending_z, n_pending);
          n_pending = 0;
        }
    }
  insert_links (db, link_batch, link_stmt, pending, pending_z, n_pending);

  for (int i = 0; i < n_indexes; i++)
    exec_sql (db, indexes[i]);

  board = cJSON_GetObjectItemCaseSensitive (root, "board");
  bind_text (board_stmt, 1, cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (board, "title")));
  bind_text (board_stmt, 2, text (board, "description"));
  bind_text (board_stmt, 3, text (board, "created"));
  bind_text (board_stmt, 4, text (board, "modified"));
  step (board_stmt, db);
  exec_sql (db, "COMMIT");
  sqlite3_finalize (node_batch);
  sqlite3_finalize (tag_batch);
  sqlite3_finalize (link_batch);
  sqlite3_finalize (node_stmt);
  sqlite3_finalize (tag_stmt);
  sqlite3_finalize (link_stmt);
  sqlite3_finalize (board_stmt);
  if (sqlite3_close (db) != SQLITE_OK)
    die ("close", db);

  /* As durable as the app's board file. */
  fd = open (tmp, O_RDONLY);
  if (fd < 0 || fsync (fd) != 0 || close (fd) != 0 || rename (tmp, argv[3]) != 0)
    die ("sync", NULL);
  dir = dirname (strdup (argv[3]));
  fd = open (dir, O_RDONLY | O_DIRECTORY);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return 0;
}
