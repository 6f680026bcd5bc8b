/* evb-store.c: a board file (one SQLite database)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store is one object in several files, one job each (their shared
 * declarations are in evb-store-private.h):
 *
 *  - evb-store.c: the object, opening, creating, loading and committing
 *    undo steps;
 *  - evb-store-schema.c: the schema, its migrations, and the checks every
 *    board file passes before anything is read from it;
 *  - evb-store-codec.c: board, node, link and tag rows to and from the model;
 *  - evb-store-order.c: the drawing order (z) of what an undo step adds;
 *  - evb-store-backup.c: atomic copies of a board file;
 *  - evb-store-thumbnails.c: the thumbnails table;
 *  - evb-store-blobs.c: files kept inside the board (blobs);
 *  - evb-store-write-back.c: writing a working copy back into the user's
 *    file, in place when it holds files.
 *
 * A writable store uses WAL with synchronous=NORMAL: each commit is one
 * append to the WAL without an fsync. A process crash (the case that
 * matters, and the one the tests kill) loses nothing that was acknowledged,
 * because the WAL is in the OS page cache; a power cut can lose the last
 * commits but never corrupts the file. FULL would fsync on every undo step,
 * several milliseconds on a real disk, for a working copy that the document
 * writes back (with fsync) to the user's file a second later anyway.
 *
 * Measured on this machine with tests/store/store-timing (10,000 nodes,
 * 17,000 links): open with checks 16–19 ms, load 75–80 ms, one move
 * persisted 0.04 ms, undo of a 1,000-node delete 60 ms.
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "evb-change.h"
#include "evb-error.h"
#include "evb-store-private.h"
#include "evb-temp-file.h"

G_DEFINE_FINAL_TYPE (EvbStore, evb_store, G_TYPE_OBJECT)

enum
{
  WILL_WRITE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

/* Turns an SQLite failure into a sentence that names the file. */
void
_evb_store_set_sqlite_error (GError     **error,
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
                   EVB_STORE_MAX_VALUE_LENGTH / (1024 * 1024));
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

gboolean
_evb_store_exec_sql (sqlite3     *db,
                     const char  *sql,
                     const char  *display_name,
                     GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _evb_store_set_sqlite_error (error, db, rc, display_name);
      return FALSE;
    }
  return TRUE;
}

/* Runs a statement that returns one integer (a pragma, a count). */
gboolean
_evb_store_query_int (sqlite3     *db,
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
    _evb_store_set_sqlite_error (error, db, rc, display_name);
  sqlite3_finalize (stmt);
  return rc == SQLITE_OK;
}

void
_evb_store_rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
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
    case EVB_CHANGE_ADD_GROUP:
    case EVB_CHANGE_REMOVE_GROUP:
    case EVB_CHANGE_UPDATE_GROUP:
      return ((const EvbGroupData *) record)->id;
    case EVB_CHANGE_UPDATE_BOARD:
    default:
      return NULL;
    }
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
  gboolean groups_changed = FALSE;
  int rc;

  if (self->db == NULL)
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                   _("Could not save the change: “%s” is closed"), self->display_name);
      return FALSE;
    }

  _evb_store_emit_will_write (self);

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
  renumber_nodes = _evb_store_plan_order (evb_board_get_nodes (board), added_nodes, n_nodes_present,
                                          node_id, self->node_z, node_z);
  renumber_links = _evb_store_plan_order (evb_board_get_links (board), added_links, n_links_present,
                                          link_id, self->link_z, link_z);

  rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

  for (guint i = 0; rc == SQLITE_OK && i < changes->len; i++)
    {
      const EvbChange *change = g_ptr_array_index (changes, i);
      const EvbNodeData *node_before = change->before, *node_after = change->after;
      const EvbGroupData *group_before = change->before, *group_after = change->after;
      const EvbBoardMeta *meta;

      switch (change->type)
        {
        case EVB_CHANGE_ADD_NODE:
          rc = _evb_store_write_node (self, node_after, TRUE,
                                      _evb_store_lookup_z (node_z, node_after->id), TRUE);
          break;
        case EVB_CHANGE_UPDATE_NODE:
          rc = _evb_store_write_node (self, node_after, FALSE, 0,
                                      !g_strv_equal ((const char * const *) node_before->tags,
                                          (const char * const *) node_after->tags));
          break;
        case EVB_CHANGE_REMOVE_NODE:
          rc = _evb_store_delete_row (self, STMT_DELETE_NODE, node_before->id);
          break;
        case EVB_CHANGE_ADD_LINK:
          rc = _evb_store_write_link (self, change->after, TRUE,
                                      _evb_store_lookup_z (link_z, change_id (change)));
          break;
        case EVB_CHANGE_UPDATE_LINK:
          rc = _evb_store_write_link (self, change->after, FALSE, 0);
          break;
        case EVB_CHANGE_REMOVE_LINK:
          rc = _evb_store_delete_row (self, STMT_DELETE_LINK, change_id (change));
          break;
        case EVB_CHANGE_ADD_GROUP:
          rc = _evb_store_write_group (self, change->after, TRUE, TRUE);
          groups_changed = TRUE;
          break;
        case EVB_CHANGE_UPDATE_GROUP:
          rc = _evb_store_write_group (self, change->after, FALSE,
                                       !g_strv_equal ((const char * const *) group_before->nodes,
                                                      (const char * const *) group_after->nodes));
          break;
        case EVB_CHANGE_REMOVE_GROUP:
          rc = _evb_store_delete_row (self, STMT_DELETE_GROUP, change_id (change));
          groups_changed = TRUE;
          break;
        case EVB_CHANGE_UPDATE_BOARD:
          meta = change->after;
          _evb_store_bind_text (self->stmts[STMT_UPDATE_BOARD], 1, meta->title);
          _evb_store_bind_text (self->stmts[STMT_UPDATE_BOARD], 2, meta->description);
          rc = _evb_store_step_done (self->stmts[STMT_UPDATE_BOARD]);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  if (rc == SQLITE_OK && renumber_nodes)
    rc = _evb_store_write_all_z (self, STMT_NODE_Z, evb_board_get_nodes (board), node_id, node_z);
  if (rc == SQLITE_OK && renumber_links)
    rc = _evb_store_write_all_z (self, STMT_LINK_Z, evb_board_get_links (board), link_id, link_z);
  if (rc == SQLITE_OK && groups_changed)
    rc = _evb_store_write_group_order (self, board);

  if (rc == SQLITE_OK)
    {
      _evb_store_bind_text (self->stmts[STMT_SET_MODIFIED], 1, evb_board_get_modified (board));
      rc = _evb_store_step_done (self->stmts[STMT_SET_MODIFIED]);
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _evb_store_set_sqlite_error (error, self->db, rc, self->display_name);
      _evb_store_rollback (self->db);
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
  _evb_store_remember_z (self->node_z, node_z, renumber_nodes);
  _evb_store_remember_z (self->link_z, link_z, renumber_links);
  return TRUE;
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
  if (self->recovery_dir != NULL)
    _evb_store_remove_recovery_dir (self->recovery_dir);
  g_clear_pointer (&self->recovery_dir, g_free);
}

void
_evb_store_emit_will_write (EvbStore *self)
{
  self->blobs_reclaimed = FALSE;
  g_signal_emit (self, signals[WILL_WRITE], 0);
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
  g_free (self->blob_source);

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

  if (!_evb_store_read_header (path, self->display_name, &version, error) ||
      !_evb_store_check_version (version, self->display_name, error))
    return NULL;

  if (read_only && _evb_store_has_journal (path))
    {
      g_autofree char *copy = NULL;

      /* Left by a program that crashed in the middle of a transaction (a
       * hot journal) or before a checkpoint (a WAL): immutable would read
       * a torn or an old board. SQLite recovers it on a copy, as it would
       * in place, and everything is read from there. */
      copy = _evb_store_copy_for_recovery (path, self->display_name, &self->recovery_dir, error);
      if (copy == NULL)
        return NULL;
      self->db = _evb_store_open_connection (copy, EVB_STORE_CONNECTION_READ_WRITE,
                                             self->display_name, error);
      if (self->db == NULL || !_evb_store_verify_database (self, self->db, error))
        return NULL;
    }
  else if (read_only)
    {
      self->db = _evb_store_open_connection (path, EVB_STORE_CONNECTION_IMMUTABLE,
                                             self->display_name, error);
      if (self->db == NULL || !_evb_store_verify_database (self, self->db, error))
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
      check = _evb_store_open_connection (path,
                                          g_file_test (wal, G_FILE_TEST_EXISTS)
                                            ? EVB_STORE_CONNECTION_READ_ONLY
                                            : EVB_STORE_CONNECTION_IMMUTABLE,
                                          self->display_name, &local_error);
      checked = check != NULL && _evb_store_verify_database (self, check, &local_error);
      g_clear_pointer (&check, sqlite3_close);
      if (!checked && !g_error_matches (local_error, EVB_ERROR, EVB_ERROR_IO))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      self->db = _evb_store_open_connection (path, EVB_STORE_CONNECTION_READ_WRITE,
                                             self->display_name, error);
      if (self->db == NULL)
        return NULL;
      /* A hot rollback journal needs a writer to roll it back before the
       * file can be read: then the checks run on the writer. */
      if (!checked && !_evb_store_verify_database (self, self->db, error))
        return NULL;

      /* Foreign keys are per connection; they make deleting a node take its
       * tags and links with it. A cache of 16 MiB holds a board of 10,000
       * nodes, so big deletes and their undo do not spill. */
      /* A file being kept in the board is written by a thread of its own in
       * short transactions (evb-store-blobs.c): an edit waits for the one
       * under way instead of failing. */
      sqlite3_busy_timeout (self->db, 5000);
      if (!_evb_store_exec_sql (self->db,
                                "PRAGMA synchronous = NORMAL;"
                                "PRAGMA cache_size = -16384;"
                                "PRAGMA journal_mode = WAL;"
                                "PRAGMA foreign_keys = ON;",
                                self->display_name, error) ||
          !_evb_store_migrate (self, error) ||
          !_evb_store_prepare_statements (self, error))
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

/* Writing a new board file
 *
 * A new file is written row by row into a temporary file beside its path,
 * in one transaction, and takes the path only when complete. Both the
 * model (evb_store_write_new) and the JSON import that streams validated
 * rows without building a model (evb_json_import_file) write through this. */

/* Rows wait in the writer until there are EVB_STORE_BATCH_ROWS of a kind
 * (evb-store-codec.c); they belong to whoever gave them. */
struct _EvbStoreWriter
{
  EvbStore          *store;
  EvbTempFile       *temp;
  char              *path;
  gboolean           overwrite;
  gint64             n_nodes;
  gint64             n_links;
  int                rc;  /* the first SQLite failure; nothing is written after it */
  sqlite3_stmt      *batches[N_STORE_BATCHES];
  const EvbNodeData *nodes[EVB_STORE_BATCH_ROWS];
  gint64             node_z[EVB_STORE_BATCH_ROWS];
  guint              n_pending_nodes;
  const EvbLinkData *links[EVB_STORE_BATCH_ROWS];
  gint64             link_z[EVB_STORE_BATCH_ROWS];
  guint              n_pending_links;
  GPtrArray         *indexes;  /* the CREATE INDEX of each index built at the end */
};

static void
writer_free (EvbStoreWriter *writer)
{
  for (guint i = 0; i < N_STORE_BATCHES; i++)
    g_clear_pointer (&writer->batches[i], sqlite3_finalize);
  if (writer->store != NULL)
    close_db (writer->store);
  g_clear_object (&writer->store);
  if (writer->temp != NULL)
    evb_temp_file_discard (g_steal_pointer (&writer->temp));
  g_free (writer->path);
  g_clear_pointer (&writer->indexes, g_ptr_array_unref);
  g_free (writer);
}

/* An index that is no constraint is built once the rows are in: SQLite
 * then sorts its keys once and fills its pages in order, instead of
 * finding the place of every key as it comes. The sqlite_schema row it
 * leaves is the same as the migration's. */
static int
defer_indexes (EvbStoreWriter *writer)
{
  sqlite3 *db = writer->store->db;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int rc;

  writer->indexes = g_ptr_array_new_with_free_func (g_free);
  rc = sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_schema "
                               "WHERE type = 'index' AND sql IS NOT NULL", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      rc = SQLITE_OK;
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (writer->indexes, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rc;
  rc = SQLITE_OK;
  for (guint i = 0; rc == SQLITE_OK && i < names->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP INDEX \"%s\"",
                                              (const char *) g_ptr_array_index (names, i));

      rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
    }
  return rc;
}

static int
build_indexes (EvbStoreWriter *writer)
{
  int rc = SQLITE_OK;

  for (guint i = 0; rc == SQLITE_OK && i < writer->indexes->len; i++)
    rc = sqlite3_exec (writer->store->db, g_ptr_array_index (writer->indexes, i), NULL, NULL, NULL);
  return rc;
}

EvbStoreWriter *
_evb_store_writer_new (const char  *path,
                       gboolean     overwrite,
                       GError     **error)
{
  EvbStoreWriter *writer;
  g_autofree char *display_name = NULL;
  g_autofree char *version_sql = NULL;
  const char *tmp;
  int rc;

  display_name = g_filename_display_name (path);
  if (!overwrite && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, EVB_ERROR, EVB_ERROR_IO,
                   _("Could not write “%s”: the file already exists"), display_name);
      return NULL;
    }

  writer = g_new0 (EvbStoreWriter, 1);
  writer->path = g_strdup (path);
  writer->overwrite = overwrite;
  writer->temp = evb_temp_file_new_beside (path, 0666, error);
  if (writer->temp == NULL)
    {
      writer_free (writer);
      return NULL;
    }
  tmp = evb_temp_file_get_path (writer->temp);

  writer->store = store_new (tmp);
  g_free (writer->store->display_name);
  writer->store->display_name = g_strdup (display_name);
  writer->store->db = _evb_store_open_connection (tmp, EVB_STORE_CONNECTION_CREATE, display_name,
                                                  error);
  if (writer->store->db == NULL)
    {
      writer_free (writer);
      return NULL;
    }

  /* The temporary file needs no journal: if anything fails it is deleted.
   * It is synced once, at the end, before it takes the board's name.
   * Foreign keys and CHECK constraints stay off while it is filled: a board
   * only holds links whose ends it holds, the tags go in with their node,
   * and every field was validated before it reached the writer, so the
   * checks could never fail (they were a tenth and a third of the time of
   * writing); loading checks all of them again, and `check` runs SQLite's
   * own integrity check. A larger cache keeps the indexes of a big board
   * from spilling (32 MiB at most, for this connection only). */
  version_sql = g_strdup_printf ("PRAGMA application_id = %d", EVB_APPLICATION_ID);
  if (!_evb_store_exec_sql (writer->store->db,
                            EVB_STORE_NEW_FILE_PRAGMAS
                            "PRAGMA journal_mode = OFF;"
                            "PRAGMA synchronous = OFF;"
                            "PRAGMA cache_size = -32768;"
                            "PRAGMA ignore_check_constraints = ON;"
                            "PRAGMA foreign_keys = OFF;"
                            "BEGIN;",
                            display_name, error) ||
      !_evb_store_exec_sql (writer->store->db, version_sql, display_name, error) ||
      !_evb_store_run_migrations (writer->store->db, 0, EVB_SCHEMA_VERSION, display_name, error) ||
      !_evb_store_prepare_statements (writer->store, error) ||
      !_evb_store_prepare_batches (writer->store, writer->batches, error))
    {
      writer_free (writer);
      return NULL;
    }
  rc = defer_indexes (writer);
  if (rc != SQLITE_OK)
    {
      _evb_store_set_sqlite_error (error, writer->store->db, rc, display_name);
      writer_free (writer);
      return NULL;
    }
  return writer;
}

static void
flush_nodes (EvbStoreWriter *writer)
{
  if (writer->rc == SQLITE_OK && writer->n_pending_nodes > 0)
    writer->rc = _evb_store_insert_nodes (writer->store, writer->batches, writer->nodes,
                                          writer->node_z, writer->n_pending_nodes);
  writer->n_pending_nodes = 0;
}

static void
flush_links (EvbStoreWriter *writer)
{
  if (writer->rc == SQLITE_OK && writer->n_pending_links > 0)
    writer->rc = _evb_store_insert_links (writer->store, writer->batches, writer->links,
                                          writer->link_z, writer->n_pending_links);
  writer->n_pending_links = 0;
}

/* Every row still waiting, nodes before links. */
static void
flush_all (EvbStoreWriter *writer)
{
  flush_nodes (writer);
  flush_links (writer);
}

gboolean
_evb_store_writer_flush (EvbStoreWriter *writer)
{
  flush_all (writer);
  return writer->rc == SQLITE_OK;
}

gboolean
_evb_store_writer_add_node (EvbStoreWriter    *writer,
                            const EvbNodeData *data)
{
  if (writer->rc != SQLITE_OK)
    return FALSE;
  writer->nodes[writer->n_pending_nodes] = data;
  writer->node_z[writer->n_pending_nodes] = EVB_STORE_Z_GAP * writer->n_nodes++;
  if (++writer->n_pending_nodes == EVB_STORE_BATCH_ROWS)
    flush_nodes (writer);
  return writer->rc == SQLITE_OK;
}

gboolean
_evb_store_writer_add_link (EvbStoreWriter    *writer,
                            const EvbLinkData *data)
{
  if (writer->rc != SQLITE_OK)
    return FALSE;
  writer->links[writer->n_pending_links] = data;
  writer->link_z[writer->n_pending_links] = EVB_STORE_Z_GAP * writer->n_links++;
  if (++writer->n_pending_links == EVB_STORE_BATCH_ROWS)
    flush_links (writer);
  return writer->rc == SQLITE_OK;
}

gboolean
_evb_store_writer_add_groups (EvbStoreWriter *writer,
                              EvbBoard       *board)
{
  GPtrArray *groups = evb_board_get_groups (board);

  flush_all (writer);
  for (guint i = 0; writer->rc == SQLITE_OK && i < groups->len; i++)
    writer->rc = _evb_store_write_group (writer->store,
                                         evb_group_get_data (g_ptr_array_index (groups, i)),
                                         TRUE, TRUE);
  if (writer->rc == SQLITE_OK)
    writer->rc = _evb_store_write_group_order (writer->store, board);
  return writer->rc == SQLITE_OK;
}

void
_evb_store_writer_abort (EvbStoreWriter *writer)
{
  if (writer != NULL)
    writer_free (writer);
}

gboolean
_evb_store_writer_finish (EvbStoreWriter  *writer,
                          EvbBoard        *meta,
                          GError         **error)
{
  EvbStore *store = writer->store;
  const char *path = writer->path;
  const char *display_name = store->display_name;
  const char *tmp = evb_temp_file_get_path (writer->temp);
  int rc;

  flush_all (writer);
  rc = writer->rc;
  if (rc == SQLITE_OK)
    rc = build_indexes (writer);
  if (rc == SQLITE_OK)
    rc = _evb_store_write_board_meta (store, meta);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (store->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _evb_store_set_sqlite_error (error, store->db, rc, display_name);
      goto fail;
    }
  close_db (store);

  if (!_evb_store_fsync_path (tmp, FALSE, error))
    goto fail;

  if (writer->overwrite)
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
  /* In place: nothing left to discard. */
  g_clear_pointer (&writer->temp, evb_temp_file_free);

  _evb_store_remove_old_journal (path);
  {
    g_autofree char *dir = g_path_get_dirname (path);
    _evb_store_fsync_path (dir, TRUE, NULL);
  }
  writer_free (writer);
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
  writer_free (writer);
  return FALSE;
}

gboolean
evb_store_write_new (EvbBoard    *board,
                     const char  *path,
                     gboolean     overwrite,
                     GError     **error)
{
  EvbStoreWriter *writer;
  GPtrArray *nodes, *links;

  g_return_val_if_fail (EVB_IS_BOARD (board), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  writer = _evb_store_writer_new (path, overwrite, error);
  if (writer == NULL)
    return FALSE;
  nodes = evb_board_get_nodes (board);
  links = evb_board_get_links (board);
  for (guint i = 0; i < nodes->len; i++)
    _evb_store_writer_add_node (writer, evb_node_get_data (g_ptr_array_index (nodes, i)));
  for (guint i = 0; i < links->len; i++)
    _evb_store_writer_add_link (writer, evb_link_get_data (g_ptr_array_index (links, i)));
  _evb_store_writer_add_groups (writer, board);
  return _evb_store_writer_finish (writer, board, error);
}

void
evb_store_init_library (void)
{
  /* SQLITE_MISUSE once SQLite is initialised: then it stays as it is. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
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
  if (!_evb_store_exec_sql (store->db, "BEGIN", store->display_name, error))
    return NULL;
  ok = _evb_store_load_rows (store, board, error);
  _evb_store_rollback (store->db);
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

void
evb_store_close (EvbStore *store)
{
  g_return_if_fail (EVB_IS_STORE (store));

  close_db (store);
}
