/* evb-floor-info.c: the floor of `evidence-board-cli info`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   evb-floor-info BOARD.evboard
 *
 * The least work opening a board file can do and still have the board in
 * memory: open it read-only and immutable, as the CLI does, run
 * PRAGMA quick_check (the app's open runs it on every file), read every
 * row of every table and copy its strings, and print the counts `info`
 * prints. Nothing is checked beyond quick_check, nothing is freed.
 */

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
die (const char *what,
     sqlite3    *db)
{
  fprintf (stderr, "evb-floor-info: %s: %s\n", what, db ? sqlite3_errmsg (db) : "failed");
  exit (1);
}

/* Reads every row of a query, copying each text column; returns the rows. */
static long
read_rows (sqlite3    *db,
           const char *sql,
           int         count_column,
           const char *match,
           long       *matches)
{
  sqlite3_stmt *stmt;
  long rows = 0;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    die (sql, db);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int n = sqlite3_column_count (stmt);

      for (int c = 0; c < n; c++)
        if (sqlite3_column_type (stmt, c) == SQLITE_TEXT)
          {
            const unsigned char *text = sqlite3_column_text (stmt, c);
            int length = sqlite3_column_bytes (stmt, c);
            char *copy = malloc (length + 1);

            memcpy (copy, text, length + 1);
            if (c == count_column && match != NULL && strcmp (copy, match) == 0)
              (*matches)++;
          }
        else
          (void) sqlite3_column_double (stmt, c);
      rows++;
    }
  sqlite3_finalize (stmt);
  return rows;
}

int
main (int   argc,
      char *argv[])
{
  sqlite3 *db;
  sqlite3_stmt *check;
  char *uri;
  long nodes, links, claims = 0, supports = 0;

  if (argc != 2)
    {
      fprintf (stderr, "usage: evb-floor-info BOARD.evboard\n");
      return 2;
    }
  uri = sqlite3_mprintf ("file:%s?immutable=1", argv[1]);
  if (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
    die (argv[1], db);
  if (sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &check, NULL) != SQLITE_OK ||
      sqlite3_step (check) != SQLITE_ROW ||
      strcmp ((const char *) sqlite3_column_text (check, 0), "ok") != 0)
    die ("quick_check", db);
  sqlite3_finalize (check);

  read_rows (db, "SELECT * FROM board", -1, NULL, NULL);
  nodes = read_rows (db, "SELECT * FROM node", 2, "claim", &claims);
  read_rows (db, "SELECT * FROM tag", -1, NULL, NULL);
  links = read_rows (db, "SELECT * FROM link", 4, "supports", &supports);
  printf ("Nodes: %ld (%ld claims, %ld evidence)\n", nodes, claims, nodes - claims);
  printf ("Links: %ld (%ld supports, %ld refutes)\n", links, supports, links - supports);
  return 0;
}
