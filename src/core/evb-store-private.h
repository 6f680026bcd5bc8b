/* evb-store-private.h: what the parts of the store share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store is one object in several files, one job each: evb-store.c (the
 * object, opening, loading and committing), evb-store-schema.c (the schema,
 * migrations and the checks of hostile files), evb-store-codec.c (rows to
 * and from the model), evb-store-order.c (drawing order), evb-store-backup.c
 * (atomic copies) and evb-store-thumbnails.c. Nothing outside them includes
 * this header.
 */

#pragma once

#include <sqlite3.h>

#include "evb-board-private.h"
#include "evb-store.h"
#include "evb-store-writer-private.h"

G_BEGIN_DECLS

/* Generous for real work (a body of several megabytes), small enough that
 * a hostile file cannot make us allocate gigabytes. */
#define EVB_STORE_MAX_VALUE_LENGTH (64 * 1024 * 1024)

/* The distance between the z of items appended one after the other; an
 * item put back between two gets the middle. */
#define EVB_STORE_Z_GAP G_GINT64_CONSTANT (1024)

/* The statements prepared once per writable store (evb-store-codec.c). */
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
  STMT_INSERT_GROUP,
  STMT_UPDATE_GROUP,
  STMT_DELETE_GROUP,
  STMT_GROUP_Z,
  STMT_DELETE_GROUP_MEMBERS,
  STMT_INSERT_GROUP_MEMBER,
  N_STMTS
};

/* How long a reader of the user's file waits for a write-back's lock. */
#define EVB_STORE_BUSY_TIMEOUT_MS 10000

/* The first board format with each table a feature needs (evb-store-schema.c). */
#define EVB_SCHEMA_WITH_SETTINGS 4
#define EVB_SCHEMA_WITH_BLOBS    5
#define EVB_SCHEMA_WITH_GROUPS   6

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

  /* A read-only store of a board with a journal or WAL beside it reads a
   * recovered copy in this private folder (evb-store-backup.c). */
  char          *recovery_dir;

  /* A working copy opened without the bytes of the files kept in the
   * user's file reads them from there (evb_store_set_blob_source). */
  char          *blob_source;
  /* Set by evb_store_reclaim_blobs: no undo step can bring back a file no
   * card refers to, so a write-back may drop those the user's file alone
   * holds. Cleared by the next write. */
  gboolean       blobs_reclaimed;
};

typedef enum
{
  EVB_STORE_CONNECTION_IMMUTABLE,  /* no locks, no journal, never a byte written */
  EVB_STORE_CONNECTION_READ_ONLY,  /* reads a -wal if there is one */
  EVB_STORE_CONNECTION_READ_WRITE,
  EVB_STORE_CONNECTION_CREATE,
} EvbStoreConnectionMode;

/* evb-store.c */
void      _evb_store_set_sqlite_error   (GError                **error,
                                         sqlite3                *db,
                                         int                     rc,
                                         const char             *display_name);
gboolean  _evb_store_exec_sql           (sqlite3                *db,
                                         const char             *sql,
                                         const char             *display_name,
                                         GError                **error);
gboolean  _evb_store_query_int          (sqlite3                *db,
                                         const char             *sql,
                                         gint64                 *value,
                                         const char             *display_name,
                                         GError                **error);
void      _evb_store_rollback           (sqlite3                *db);
void      _evb_store_emit_will_write    (EvbStore               *self);

/* evb-store-schema.c */
sqlite3  *_evb_store_open_connection    (const char             *path,
                                         EvbStoreConnectionMode  mode,
                                         const char             *display_name,
                                         GError                **error);
gboolean  _evb_store_run_migrations     (sqlite3                *db,
                                         int                     from,
                                         int                     to,
                                         const char             *display_name,
                                         GError                **error);
gboolean  _evb_store_read_header        (const char             *path,
                                         const char             *display_name,
                                         int                    *version,
                                         GError                **error);
gboolean  _evb_store_check_version      (int                     version,
                                         const char             *display_name,
                                         GError                **error);
gboolean  _evb_store_verify_database    (EvbStore               *self,
                                         sqlite3                *db,
                                         GError                **error);
gboolean  _evb_store_migrate            (EvbStore               *self,
                                         GError                **error);

/* evb-store-codec.c */
int       _evb_store_bind_text          (sqlite3_stmt           *stmt,
                                         int                     index,
                                         const char             *text);
int       _evb_store_step_done          (sqlite3_stmt           *stmt);
gboolean  _evb_store_prepare_statements (EvbStore               *self,
                                         GError                **error);
int       _evb_store_write_node         (EvbStore               *self,
                                         const EvbNodeData      *data,
                                         gboolean                insert,
                                         gint64                  z,
                                         gboolean                tags);
int       _evb_store_write_link         (EvbStore               *self,
                                         const EvbLinkData      *data,
                                         gboolean                insert,
                                         gint64                  z);
int       _evb_store_write_group        (EvbStore               *self,
                                         const EvbGroupData     *data,
                                         gboolean                insert,
                                         gboolean                members);
int       _evb_store_write_group_order  (EvbStore               *self,
                                         EvbBoard               *board);
int       _evb_store_delete_row         (EvbStore               *self,
                                         int                     which,
                                         const char             *id);
int       _evb_store_write_z            (EvbStore               *self,
                                         int                     which,
                                         const char             *id,
                                         gint64                  z);
int       _evb_store_write_board_meta   (EvbStore               *self,
                                         EvbBoard               *board);
/* How every new board file starts, before its first table: pages of
 * 8 KiB, which hold a board's rows and the chunks of the files kept in it
 * in half the pages and writes of 4 KiB ones; and incremental vacuum, which
 * gives the space of files taken out back to the file system (it can only
 * be chosen before the first table). */
#define EVB_STORE_NEW_FILE_PRAGMAS \
  "PRAGMA page_size = 8192;" \
  "PRAGMA auto_vacuum = INCREMENTAL;"

/* A new file's writer: statements of EVB_STORE_BATCH_ROWS rows into each
 * table, and the same statements of one row for what is left over. */
enum
{
  EVB_STORE_BATCH_NODES,
  EVB_STORE_BATCH_TAGS,
  EVB_STORE_BATCH_LINKS,
  N_STORE_BATCH_TABLES,
  EVB_STORE_ROW_NODES = N_STORE_BATCH_TABLES,
  EVB_STORE_ROW_TAGS,
  EVB_STORE_ROW_LINKS,
  N_STORE_BATCHES
};
gboolean  _evb_store_prepare_batches    (EvbStore               *self,
                                         sqlite3_stmt          **batches,
                                         GError                **error);
int       _evb_store_insert_nodes       (EvbStore               *self,
                                         sqlite3_stmt          **batches,
                                         const EvbNodeData     **nodes,
                                         const gint64           *z,
                                         guint                   n);
int       _evb_store_insert_links       (EvbStore               *self,
                                         sqlite3_stmt          **batches,
                                         const EvbLinkData     **links,
                                         const gint64           *z,
                                         guint                   n);
gboolean  _evb_store_load_rows          (EvbStore               *self,
                                         EvbBoard               *board,
                                         GError                **error);

/* evb-store-order.c */
gboolean  _evb_store_plan_order         (GPtrArray              *items,
                                         GHashTable             *added,
                                         guint                   n_present,
                                         const char           *(*get_id) (gpointer item),
                                         GHashTable             *known_z,
                                         GHashTable             *planned);
gint64    _evb_store_lookup_z           (GHashTable             *z_of,
                                         const char             *id);
void      _evb_store_remember_z         (GHashTable             *known_z,
                                         GHashTable             *planned,
                                         gboolean                renumbered);
int       _evb_store_write_all_z        (EvbStore               *self,
                                         int                     which,
                                         GPtrArray              *items,
                                         const char           *(*get_id) (gpointer item),
                                         GHashTable             *planned);

/* evb-store-backup.c */
gboolean  _evb_store_fsync_path         (const char             *path,
                                         gboolean                directory,
                                         GError                **error);
gboolean  _evb_store_has_journal        (const char             *path);
char     *_evb_store_copy_for_recovery  (const char             *path,
                                         const char             *display_name,
                                         char                  **dir,
                                         GError                **error);
void      _evb_store_remove_recovery_dir (const char            *dir);
void      _evb_store_remove_old_journal (const char             *path);
gboolean  _evb_store_backup_database    (sqlite3                *source,
                                         const char             *dest_path,
                                         GError                **error);
/* Which files kept in another board a copy takes from there (blob source). */
typedef enum
{
  EVB_STORE_FILL_NONE,        /* a copy of the database only */
  EVB_STORE_FILL_REFERENCED,  /* the files a card of the copy refers to */
  EVB_STORE_FILL_ALL,         /* every file the blob source holds */
} EvbStoreFill;
gboolean  _evb_store_copy_database      (sqlite3                *source,
                                         const char             *blob_source,
                                         EvbStoreFill            fill,
                                         const char             *dest_path,
                                         GError                **error);
/* A copy of a board into dest_path: the whole file (backup) or only what
 * changed (write-back). From an open store's connection, or from a file
 * through a read-only connection of its own (another thread's). */
typedef gboolean (*EvbStoreCopyFunc)    (sqlite3                *source,
                                         const char             *dest_path,
                                         GError                **error);
gboolean  _evb_store_copy_from_store    (EvbStore               *store,
                                         EvbStoreCopyFunc        copy,
                                         const char             *dest_path,
                                         GError                **error);
gboolean  _evb_store_copy_from_file     (const char             *source_path,
                                         EvbStoreCopyFunc        copy,
                                         const char             *dest_path,
                                         GError                **error);

/* evb-store-blobs.c */
int       _evb_store_check_blobs        (EvbStore               *self,
                                         GPtrArray              *problems);
sqlite3  *_evb_store_open_blob_source   (const char             *path,
                                         int                     busy_ms,
                                         GError                **error);

/* evb-store-write-back.c */
gboolean  _evb_store_write_back_database (sqlite3               *source,
                                          const char            *dest_path,
                                          GError               **error);
extern void (*_evb_store_write_back_blob_hook) (void);
int       _evb_store_copy_table         (sqlite3                *source,
                                         sqlite3                *dest,
                                         const char             *table);
int       _evb_store_read_keys          (sqlite3                *db,
                                         const char             *sql,
                                         GHashTable             *keys);
int       _evb_store_copy_blob          (sqlite3                *source,
                                         sqlite3                *dest,
                                         const char             *sha256,
                                         gint64                  source_id);
int       _evb_store_fill_blobs         (sqlite3                *blob_source,
                                         sqlite3                *dest,
                                         EvbStoreFill            fill);

/* evb-store-thumbnails.c */
int       _evb_store_check_thumbnails   (EvbStore               *self,
                                         GPtrArray              *problems);

G_END_DECLS
