/* evb-store-codec.c: board, node, link and tag rows to and from the model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "evb-error.h"
#include "evb-node-private.h"
#include "evb-store-private.h"

#define NODE_COLUMNS \
  "id, z, kind, title, body, x, y, width, height, claimant, evidence_type, source, " \
  "source_url, reliability, credibility, occurred, collected, color, attachment_uri, " \
  "attachment_sha256, attachment_size, attachment_media_type, created, modified, pinned, " \
  "attachment_embedded"
/* Boards older than schema 4 keep no files inside: no card's is embedded. */
#define NODE_COLUMNS_V3 \
  "id, z, kind, title, body, x, y, width, height, claimant, evidence_type, source, " \
  "source_url, reliability, credibility, occurred, collected, color, attachment_uri, " \
  "attachment_sha256, attachment_size, attachment_media_type, created, modified, pinned, 0"
/* Boards older than schema 3 have no pinned column: none of their cards is. */
#define NODE_COLUMNS_V2 \
  "id, z, kind, title, body, x, y, width, height, claimant, evidence_type, source, " \
  "source_url, reliability, credibility, occurred, collected, color, attachment_uri, " \
  "attachment_sha256, attachment_size, attachment_media_type, created, modified, 0, 0"

static const char * const statement_sql[N_STMTS] = {
  [STMT_INSERT_NODE] =
    "INSERT INTO node (" NODE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
    "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26) "
    "ON CONFLICT (id) DO UPDATE SET z = ?2, kind = ?3, title = ?4, body = ?5, x = ?6, "
    "y = ?7, width = ?8, height = ?9, claimant = ?10, evidence_type = ?11, source = ?12, "
    "source_url = ?13, reliability = ?14, credibility = ?15, occurred = ?16, "
    "collected = ?17, color = ?18, attachment_uri = ?19, attachment_sha256 = ?20, "
    "attachment_size = ?21, attachment_media_type = ?22, created = ?23, modified = ?24, "
    "pinned = ?25, attachment_embedded = ?26",
  [STMT_UPDATE_NODE] =
    "UPDATE node SET kind = ?3, title = ?4, body = ?5, x = ?6, y = ?7, width = ?8, "
    "height = ?9, claimant = ?10, evidence_type = ?11, source = ?12, source_url = ?13, "
    "reliability = ?14, credibility = ?15, occurred = ?16, collected = ?17, color = ?18, "
    "attachment_uri = ?19, attachment_sha256 = ?20, attachment_size = ?21, "
    "attachment_media_type = ?22, created = ?23, modified = ?24, pinned = ?25, "
    "attachment_embedded = ?26 WHERE id = ?1",
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
  [STMT_INSERT_GROUP] =
    "INSERT INTO card_group (id, z, label, color, collapsed) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (id) DO UPDATE SET z = ?2, label = ?3, color = ?4, collapsed = ?5",
  [STMT_UPDATE_GROUP] =
    "UPDATE card_group SET label = ?3, color = ?4, collapsed = ?5 WHERE id = ?1",
  [STMT_DELETE_GROUP] = "DELETE FROM card_group WHERE id = ?1",
  [STMT_GROUP_Z] = "UPDATE card_group SET z = ?2 WHERE id = ?1",
  [STMT_DELETE_GROUP_MEMBERS] = "DELETE FROM card_group_member WHERE group_id = ?1",
  [STMT_INSERT_GROUP_MEMBER] =
    "INSERT INTO card_group_member (group_id, position, node_id) VALUES (?1, ?2, ?3)",
};
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
      /* Embedded NULs are refused too. */
      if (text == NULL || !_evb_text_is_utf8 (text, bytes))
        return FALSE;
      *out = g_malloc (bytes + 1);
      memcpy (*out, text, bytes);
      (*out)[bytes] = '\0';
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

int
_evb_store_bind_text (sqlite3_stmt *stmt,
                      int           index,
                      const char   *text)
{
  if (text == NULL)
    return sqlite3_bind_null (stmt, index);
  return sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

/* Runs a cached statement to its end and resets it. */
int
_evb_store_step_done (sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Writing rows */

gboolean
_evb_store_prepare_statements (EvbStore  *self,
                               GError   **error)
{
  for (guint i = 0; i < N_STMTS; i++)
    {
      int rc = sqlite3_prepare_v3 (self->db, statement_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                   &self->stmts[i], NULL);
      if (rc != SQLITE_OK)
        {
          _evb_store_set_sqlite_error (error, self->db, rc, self->display_name);
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
      _evb_store_bind_text (stmt, 1, data->id);
      sqlite3_bind_int (stmt, 2, i);
      _evb_store_bind_text (stmt, 3, data->tags[i]);
      rc = _evb_store_step_done (stmt);
    }
  return rc;
}

static int
write_tags (EvbStore          *self,
            const EvbNodeData *data)
{
  sqlite3_stmt *stmt = self->stmts[STMT_DELETE_TAGS];
  int rc;

  _evb_store_bind_text (stmt, 1, data->id);
  rc = _evb_store_step_done (stmt);
  if (rc == SQLITE_OK)
    rc = insert_tags (self, data);
  return rc;
}

/* A grade's letter as a string that outlives any statement, since text is
 * bound without a copy (SQLITE_STATIC). */
static const char *
reliability_text (char reliability)
{
  static const char letters[] = "A\0B\0C\0D\0E\0F";

  if (reliability < 'A' || reliability > 'F')
    return NULL;
  return letters + 2 * (reliability - 'A');
}

/* Binds a node's 26 columns (NODE_COLUMNS) to parameters first + 1 to
 * first + 26: the single-row statements use ?1 to ?26, the writer's
 * statements of many rows one set after another. */
static void
bind_node (sqlite3_stmt      *stmt,
           int                first,
           const EvbNodeData *data,
           gint64             z)
{
  _evb_store_bind_text (stmt, first + 1, data->id);
  sqlite3_bind_int64 (stmt, first + 2, z);
  _evb_store_bind_text (stmt, first + 3, evb_node_kind_to_string (data->kind));
  _evb_store_bind_text (stmt, first + 4, data->title);
  _evb_store_bind_text (stmt, first + 5, data->body);
  sqlite3_bind_double (stmt, first + 6, data->x);
  sqlite3_bind_double (stmt, first + 7, data->y);
  sqlite3_bind_double (stmt, first + 8, data->width);
  sqlite3_bind_double (stmt, first + 9, data->height);
  _evb_store_bind_text (stmt, first + 10, data->claimant);
  _evb_store_bind_text (stmt, first + 11, data->evidence_type == EVB_EVIDENCE_TYPE_NONE
                         ? NULL : evb_evidence_type_to_string (data->evidence_type));
  _evb_store_bind_text (stmt, first + 12, data->source);
  _evb_store_bind_text (stmt, first + 13, data->source_url);
  _evb_store_bind_text (stmt, first + 14, reliability_text (data->reliability));
  if (data->credibility != 0)
    sqlite3_bind_int (stmt, first + 15, data->credibility);
  else
    sqlite3_bind_null (stmt, first + 15);
  _evb_store_bind_text (stmt, first + 16, data->occurred);
  _evb_store_bind_text (stmt, first + 17, data->collected);
  _evb_store_bind_text (stmt, first + 18, data->color);
  _evb_store_bind_text (stmt, first + 19, data->attachment_uri);
  _evb_store_bind_text (stmt, first + 20, data->attachment_sha256);
  if (data->attachment_size >= 0)
    sqlite3_bind_int64 (stmt, first + 21, data->attachment_size);
  else
    sqlite3_bind_null (stmt, first + 21);
  _evb_store_bind_text (stmt, first + 22, data->attachment_media_type);
  _evb_store_bind_text (stmt, first + 23, data->created);
  _evb_store_bind_text (stmt, first + 24, data->modified);
  sqlite3_bind_int (stmt, first + 25, data->pinned ? 1 : 0);
  sqlite3_bind_int (stmt, first + 26, data->attachment_embedded ? 1 : 0);
}

/* A link's 7 columns, as bind_node(). */
static void
bind_link (sqlite3_stmt      *stmt,
           int                first,
           const EvbLinkData *data,
           gint64             z)
{
  _evb_store_bind_text (stmt, first + 1, data->id);
  sqlite3_bind_int64 (stmt, first + 2, z);
  _evb_store_bind_text (stmt, first + 3, data->from);
  _evb_store_bind_text (stmt, first + 4, data->to);
  _evb_store_bind_text (stmt, first + 5, evb_relation_to_string (data->relation));
  _evb_store_bind_text (stmt, first + 6, evb_strength_to_string (data->strength));
  _evb_store_bind_text (stmt, first + 7, data->note);
}

/* An insert (or replace) with the given z, or an update that keeps it. */
int
_evb_store_write_node (EvbStore          *self,
                       const EvbNodeData *data,
                       gboolean           insert,
                       gint64             z,
                       gboolean           tags)
{
  sqlite3_stmt *stmt = self->stmts[insert ? STMT_INSERT_NODE : STMT_UPDATE_NODE];
  int rc;

  bind_node (stmt, 0, data, z);
  rc = _evb_store_step_done (stmt);
  if (rc == SQLITE_OK && !insert && sqlite3_changes (self->db) != 1)
    rc = SQLITE_CORRUPT; /* the file and the board disagree */
  if (rc == SQLITE_OK && tags)
    rc = write_tags (self, data);
  return rc;
}

int
_evb_store_write_link (EvbStore          *self,
                       const EvbLinkData *data,
                       gboolean           insert,
                       gint64             z)
{
  sqlite3_stmt *stmt = self->stmts[insert ? STMT_INSERT_LINK : STMT_UPDATE_LINK];
  int rc;

  bind_link (stmt, 0, data, z);
  rc = _evb_store_step_done (stmt);
  if (rc == SQLITE_OK && !insert && sqlite3_changes (self->db) != 1)
    rc = SQLITE_CORRUPT;
  return rc;
}

/* Writing a new file many rows at a time
 *
 * A new file's writer inserts its rows EVB_STORE_BATCH_ROWS to a
 * statement: SQLite then opens the table's and its indexes' cursors once
 * for all of them instead of once a row, which makes the inserts of an
 * import about a third faster. What is left over at the end goes in with
 * the same statement of one row. They are plain INSERTs, which fail on a
 * row that conflicts: an import that streams rows counts on the file to
 * refuse a link id or a pair of ends used twice. */

static const char * const batch_table[N_STORE_BATCH_TABLES] = {
  [EVB_STORE_BATCH_NODES] = "node (" NODE_COLUMNS ")",
  [EVB_STORE_BATCH_TAGS] = "tag (node_id, position, tag)",
  [EVB_STORE_BATCH_LINKS] = "link (id, z, from_id, to_id, relation, strength, note)",
};
static const int batch_columns[N_STORE_BATCH_TABLES] = {
  [EVB_STORE_BATCH_NODES] = 26,
  [EVB_STORE_BATCH_TAGS] = 3,
  [EVB_STORE_BATCH_LINKS] = 7,
};

/* The statements of EVB_STORE_BATCH_ROWS rows and of one, on the writer's own
 * connection, whose variable limit it raises to what they need (the
 * hardened limit is for statements that read other people's files). */
gboolean
_evb_store_prepare_batches (EvbStore      *self,
                            sqlite3_stmt **batches,
                            GError       **error)
{
  sqlite3_limit (self->db, SQLITE_LIMIT_VARIABLE_NUMBER,
                 EVB_STORE_BATCH_ROWS * batch_columns[EVB_STORE_BATCH_NODES]);
  for (guint i = 0; i < N_STORE_BATCHES; i++)
    {
      g_autoptr(GString) sql = g_string_new ("INSERT OR FAIL INTO ");
      guint table = i % N_STORE_BATCH_TABLES;
      guint n_rows = i < N_STORE_BATCH_TABLES ? EVB_STORE_BATCH_ROWS : 1;
      int rc;

      g_string_append_printf (sql, "%s VALUES ", batch_table[table]);
      for (guint row = 0; row < n_rows; row++)
        {
          g_string_append (sql, row == 0 ? "(" : ", (");
          for (int column = 0; column < batch_columns[table]; column++)
            g_string_append (sql, column == 0 ? "?" : ", ?");
          g_string_append_c (sql, ')');
        }
      rc = sqlite3_prepare_v3 (self->db, sql->str, sql->len, SQLITE_PREPARE_PERSISTENT,
                               &batches[i], NULL);
      if (rc != SQLITE_OK)
        {
          _evb_store_set_sqlite_error (error, self->db, rc, self->display_name);
          return FALSE;
        }
    }
  return TRUE;
}

/* The tags of n nodes, in order, as many rows a statement as can be. */
static int
insert_batch_tags (EvbStore           *self,
                   sqlite3_stmt      **batches,
                   const EvbNodeData **nodes,
                   guint               n)
{
  sqlite3_stmt *batch = batches[EVB_STORE_BATCH_TAGS];
  sqlite3_stmt *single = batches[EVB_STORE_ROW_TAGS];
  guint n_tags = 0, row = 0;
  int rc = SQLITE_OK;

  for (guint i = 0; i < n; i++)
    n_tags += nodes[i]->tags != NULL ? g_strv_length (nodes[i]->tags) : 0;

  for (guint i = 0; rc == SQLITE_OK && i < n; i++)
    {
      for (guint j = 0; rc == SQLITE_OK && nodes[i]->tags != NULL && nodes[i]->tags[j] != NULL;
           j++, row++)
        {
          /* Whole batches first, then the rest one by one. */
          gboolean batched = row < n_tags - n_tags % EVB_STORE_BATCH_ROWS;
          sqlite3_stmt *stmt = batched ? batch : single;
          int first = batched ? 3 * (row % EVB_STORE_BATCH_ROWS) : 0;

          _evb_store_bind_text (stmt, first + 1, nodes[i]->id);
          sqlite3_bind_int (stmt, first + 2, j);
          _evb_store_bind_text (stmt, first + 3, nodes[i]->tags[j]);
          if (!batched || row % EVB_STORE_BATCH_ROWS == EVB_STORE_BATCH_ROWS - 1)
            rc = _evb_store_step_done (stmt);
        }
    }
  return rc;
}

typedef void (*BindRow) (sqlite3_stmt  *stmt,
                         int            first,
                         gconstpointer  row,
                         gint64         z);

static void
bind_node_row (sqlite3_stmt  *stmt,
               int            first,
               gconstpointer  row,
               gint64         z)
{
  bind_node (stmt, first, row, z);
}

static void
bind_link_row (sqlite3_stmt  *stmt,
               int            first,
               gconstpointer  row,
               gint64         z)
{
  bind_link (stmt, first, row, z);
}

/* n rows: a whole batch in one statement, fewer one by one. */
static int
insert_rows (sqlite3_stmt  *batch,
             sqlite3_stmt  *single,
             int            n_columns,
             BindRow        bind,
             gconstpointer *rows,
             const gint64  *z,
             guint          n)
{
  int rc = SQLITE_OK;

  g_assert (n <= EVB_STORE_BATCH_ROWS);

  if (n == EVB_STORE_BATCH_ROWS)
    {
      for (guint i = 0; i < n; i++)
        bind (batch, n_columns * i, rows[i], z[i]);
      return _evb_store_step_done (batch);
    }
  for (guint i = 0; rc == SQLITE_OK && i < n; i++)
    {
      bind (single, 0, rows[i], z[i]);
      rc = _evb_store_step_done (single);
    }
  return rc;
}

/* n nodes (at most EVB_STORE_BATCH_ROWS) with z[i], then their tags. */
int
_evb_store_insert_nodes (EvbStore           *self,
                         sqlite3_stmt      **batches,
                         const EvbNodeData **nodes,
                         const gint64       *z,
                         guint               n)
{
  int rc = insert_rows (batches[EVB_STORE_BATCH_NODES], batches[EVB_STORE_ROW_NODES],
                        batch_columns[EVB_STORE_BATCH_NODES], bind_node_row,
                        (gconstpointer *) nodes, z, n);

  if (rc == SQLITE_OK)
    rc = insert_batch_tags (self, batches, nodes, n);
  return rc;
}

/* n links (at most EVB_STORE_BATCH_ROWS) with z[i]. */
int
_evb_store_insert_links (EvbStore           *self,
                         sqlite3_stmt      **batches,
                         const EvbLinkData **links,
                         const gint64       *z,
                         guint               n)
{
  return insert_rows (batches[EVB_STORE_BATCH_LINKS], batches[EVB_STORE_ROW_LINKS],
                      batch_columns[EVB_STORE_BATCH_LINKS], bind_link_row,
                      (gconstpointer *) links, z, n);
}

static int
write_group_members (EvbStore           *self,
                     const EvbGroupData *data)
{
  int rc;

  _evb_store_bind_text (self->stmts[STMT_DELETE_GROUP_MEMBERS], 1, data->id);
  rc = _evb_store_step_done (self->stmts[STMT_DELETE_GROUP_MEMBERS]);
  for (guint i = 0; rc == SQLITE_OK && data->nodes[i] != NULL; i++)
    {
      sqlite3_stmt *stmt = self->stmts[STMT_INSERT_GROUP_MEMBER];

      _evb_store_bind_text (stmt, 1, data->id);
      sqlite3_bind_int64 (stmt, 2, i);
      _evb_store_bind_text (stmt, 3, data->nodes[i]);
      rc = _evb_store_step_done (stmt);
    }
  return rc;
}

/* The z of a new group is set by _evb_store_write_group_order, which a
 * commit that changes groups runs at its end: boards hold few groups, so
 * renumbering them all is simpler than planning gaps as for nodes. */
int
_evb_store_write_group (EvbStore           *self,
                        const EvbGroupData *data,
                        gboolean            insert,
                        gboolean            members)
{
  sqlite3_stmt *stmt = self->stmts[insert ? STMT_INSERT_GROUP : STMT_UPDATE_GROUP];
  int rc;

  _evb_store_bind_text (stmt, 1, data->id);
  sqlite3_bind_int64 (stmt, 2, 0);
  _evb_store_bind_text (stmt, 3, data->label);
  _evb_store_bind_text (stmt, 4, data->color);
  sqlite3_bind_int (stmt, 5, data->collapsed ? 1 : 0);

  rc = _evb_store_step_done (stmt);
  if (rc == SQLITE_OK && !insert && sqlite3_changes (self->db) != 1)
    rc = SQLITE_CORRUPT;
  if (rc == SQLITE_OK && (insert || members))
    rc = write_group_members (self, data);
  return rc;
}

int
_evb_store_write_group_order (EvbStore *self,
                              EvbBoard *board)
{
  GPtrArray *groups = evb_board_get_groups (board);
  int rc = SQLITE_OK;

  for (guint i = 0; rc == SQLITE_OK && i < groups->len; i++)
    rc = _evb_store_write_z (self, STMT_GROUP_Z,
                             evb_group_get_id (g_ptr_array_index (groups, i)),
                             EVB_STORE_Z_GAP * i);
  return rc;
}

int
_evb_store_delete_row (EvbStore   *self,
                       int         which,
                       const char *id)
{
  sqlite3_stmt *stmt = self->stmts[which];

  _evb_store_bind_text (stmt, 1, id);
  return _evb_store_step_done (stmt);
}

int
_evb_store_write_z (EvbStore   *self,
                    int         which,
                    const char *id,
                    gint64      z)
{
  sqlite3_stmt *stmt = self->stmts[which];

  _evb_store_bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, z);
  return _evb_store_step_done (stmt);
}

int
_evb_store_write_board_meta (EvbStore   *self,
                             EvbBoard   *board)
{
  sqlite3_stmt *stmt = self->stmts[STMT_INSERT_BOARD];

  _evb_store_bind_text (stmt, 1, evb_board_get_title (board));
  _evb_store_bind_text (stmt, 2, evb_board_get_description (board));
  _evb_store_bind_text (stmt, 3, evb_board_get_created (board));
  _evb_store_bind_text (stmt, 4, evb_board_get_modified (board));
  return _evb_store_step_done (stmt);
}

/* A node and its tags into an empty schema: no old tags to delete first. */
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
      _evb_store_set_sqlite_error (error, self->db, rc, self->display_name);
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

  if (sqlite3_column_type (stmt, 24) != SQLITE_INTEGER ||
      (sqlite3_column_int64 (stmt, 24) != 0 && sqlite3_column_int64 (stmt, 24) != 1))
    return NULL;
  data->pinned = sqlite3_column_int64 (stmt, 24) == 1;

  if (sqlite3_column_type (stmt, 25) != SQLITE_INTEGER ||
      (sqlite3_column_int64 (stmt, 25) != 0 && sqlite3_column_int64 (stmt, 25) != 1))
    return NULL;
  data->attachment_embedded = sqlite3_column_int64 (stmt, 25) == 1;

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

static void
clear_loaded_group (gpointer row)
{
  g_clear_pointer (&((LoadedRow *) row)->data, evb_group_data_free);
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

/* Reads every group member into a table of group id → GPtrArray of node
 * ids, in their order. */
static GHashTable *
load_group_members (EvbStore  *self,
                    GError   **error)
{
  g_autoptr(GHashTable) members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT group_id, node_id FROM card_group_member "
                           "ORDER BY group_id, position",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *group_id = NULL;
      g_autofree char *node_id = NULL;
      GPtrArray *list;

      rc = SQLITE_OK;
      if (!column_text (stmt, 0, &group_id) || !column_text (stmt, 1, &node_id) ||
          group_id == NULL || node_id == NULL)
        {
          sqlite3_finalize (stmt);
          damaged (error, self->display_name, _("a field is not valid in the members of group"),
                   group_id);
          return NULL;
        }
      list = g_hash_table_lookup (members, group_id);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (members, g_strdup (group_id), list);
        }
      g_ptr_array_add (list, g_steal_pointer (&node_id));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _evb_store_set_sqlite_error (error, self->db, rc, self->display_name);
      return NULL;
    }
  return g_steal_pointer (&members);
}

/* After the nodes, whose ids the members name. */
static gboolean
load_groups (EvbStore  *self,
             EvbBoard  *board,
             GError   **error)
{
  g_autoptr(GHashTable) members = NULL;
  g_autoptr(GArray) groups = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  members = load_group_members (self, error);
  if (members == NULL)
    return FALSE;

  groups = g_array_new (FALSE, FALSE, sizeof (LoadedRow));
  g_array_set_clear_func (groups, clear_loaded_group);
  rc = sqlite3_prepare_v2 (self->db, "SELECT id, label, color, collapsed, z FROM card_group",
                           -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(EvbGroupData) data = g_new0 (EvbGroupData, 1);
      g_autoptr(GPtrArray) list = NULL;
      g_autofree char *key = NULL;
      LoadedRow row = { 0, NULL };

      rc = SQLITE_OK;
      if (!column_text (stmt, 0, &data->id) || !column_text (stmt, 1, &data->label) ||
          !column_text (stmt, 2, &data->color) || data->id == NULL ||
          sqlite3_column_type (stmt, 3) != SQLITE_INTEGER ||
          sqlite3_column_type (stmt, 4) != SQLITE_INTEGER)
        {
          g_autofree char *id = NULL;

          column_text (stmt, 0, &id);
          sqlite3_finalize (stmt);
          return damaged (error, self->display_name, _("a field is not valid in group"), id);
        }
      if (!g_hash_table_steal_extended (members, data->id, (gpointer *) &key,
                                        (gpointer *) &list))
        {
          sqlite3_finalize (stmt);
          return damaged (error, self->display_name, _("there are no cards in group"), data->id);
        }
      data->collapsed = sqlite3_column_int (stmt, 3) != 0;
      g_ptr_array_add (list, NULL);
      data->nodes = (char **) g_ptr_array_steal (list, NULL);
      row.z = sqlite3_column_int64 (stmt, 4);
      row.data = g_steal_pointer (&data);
      g_array_append_val (groups, row);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _evb_store_set_sqlite_error (error, self->db, rc, self->display_name);
      return FALSE;
    }
  if (g_hash_table_size (members) > 0)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, members);
      g_hash_table_iter_next (&iter, &key, NULL);
      return damaged (error, self->display_name, _("there are members of a missing group"),
                      key);
    }

  sort_loaded_rows (groups);
  for (guint i = 0; i < groups->len; i++)
    {
      LoadedRow *row = &g_array_index (groups, LoadedRow, i);
      EvbGroupData *data = g_steal_pointer (&row->data);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *id = g_strdup (data->id);

      if (_evb_board_load_group (board, data, &local_error) == NULL)
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_DAMAGED,
                       _("“%s” is damaged: group “%s”: %s"), self->display_name, id,
                       local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
_evb_store_load_rows (EvbStore  *self,
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
  /* The z of every item in the file is what commits need; a read-only
   * store never commits (`info`, `export`, `check` open boards so). */
  gboolean keep_z = (self->flags & EVB_STORE_FLAGS_READ_ONLY) == 0;
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
      _evb_store_set_sqlite_error (error, self->db, rc, self->display_name);
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
  rc = sqlite3_prepare_v2 (self->db,
                           self->schema_version >= EVB_SCHEMA_WITH_BLOBS ? "SELECT " NODE_COLUMNS " FROM node"
                           : self->schema_version >= 3 ? "SELECT " NODE_COLUMNS_V3 " FROM node"
                           : "SELECT " NODE_COLUMNS_V2 " FROM node",
                           -1, &stmt, NULL);
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
      _evb_store_set_sqlite_error (error, self->db, rc, self->display_name);
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
      g_autofree char *unkept_id = NULL;

      if (keep_z)
        g_hash_table_replace (self->node_z, id, g_memdup2 (&row->z, sizeof row->z));
      else
        unkept_id = id;
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
      _evb_store_set_sqlite_error (error, self->db, rc, self->display_name);
      return FALSE;
    }

  sort_loaded_rows (links);
  for (guint i = 0; i < links->len; i++)
    {
      LoadedRow *row = &g_array_index (links, LoadedRow, i);
      EvbLinkData *data = g_steal_pointer (&row->data);
      g_autoptr(GError) local_error = NULL;
      char *id = g_strdup (data->id);
      g_autofree char *unkept_id = NULL;

      if (keep_z)
        g_hash_table_replace (self->link_z, id, g_memdup2 (&row->z, sizeof row->z));
      else
        unkept_id = id;
      if (_evb_board_load_link (board, data, &local_error) == NULL)
        {
          g_set_error (error, EVB_ERROR, EVB_ERROR_DAMAGED,
                       _("“%s” is damaged: link “%s”: %s"), self->display_name, id,
                       local_error->message);
          return FALSE;
        }
    }

  if (self->schema_version >= EVB_SCHEMA_WITH_GROUPS)
    return load_groups (self, board, error);
  return TRUE;
}
