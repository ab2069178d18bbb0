/* The campaign database of a sweep, in SQLite: the schema (docs/campaign.md
 * prints it), the check that a database belongs to this scenario and seed,
 * and fast transactional storage of replications.
 *
 * Why these choices:
 * - Every statement the sweep runs often is prepared once, at open, and
 *   kept in the StudyDb; a put binds and steps, it never parses SQL.
 * - Times are INTEGER nanoseconds, so a record read back is bit-for-bit the
 *   one written; STUDY_NONE is NULL, so SQL aggregates skip it on their own.
 * - replication and connection are WITHOUT ROWID tables keyed by (point, r)
 *   and (point, r, conn): the primary key is the storage order, so loading
 *   a point in order of r is one range scan and needs no extra index.
 * - A database is a campaign when its header carries our application_id;
 *   user_version is the format, so a future tcpsim can tell an old file.
 *   Nothing is written to a file before it is known to be empty or ours:
 *   pointing --db at someone else's SQLite file must not change it.
 * - Each put is a savepoint inside the caller's transaction, so a failed
 *   put (a replication already stored, a duplicate conn) leaves nothing of
 *   itself and the transaction goes on; an uncommitted transaction is
 *   rolled back by SQLite (on close, or by recovery after a crash), so only
 *   whole replications are ever seen. */
#include "config.h"

#include "study/study_db.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "sim/simtime.h"

G_DEFINE_QUARK (tcpsim-study-db-error-quark, study_db_error)

/* "tcps" in the database header: `PRAGMA application_id`. */
#define CAMPAIGN_APPLICATION_ID 0x74637073
/* `PRAGMA user_version` and campaign.format; bump on any change of the
 * tables below, and teach study_db_open what to do with the old one. */
#define CAMPAIGN_FORMAT 1

/* Keep in step with docs/campaign.md, which tests/test-db.c checks. */
static const char schema_sql[] =
  "CREATE TABLE campaign (\n"
  "  key   TEXT PRIMARY KEY NOT NULL,\n"
  "  value TEXT NOT NULL\n"
  ") WITHOUT ROWID;\n"
  "CREATE TABLE point (\n"
  "  id  INTEGER PRIMARY KEY,\n"
  "  key TEXT NOT NULL UNIQUE\n"
  ");\n"
  "CREATE TABLE point_param (\n"
  "  point INTEGER NOT NULL REFERENCES point (id),\n"
  "  ord   INTEGER NOT NULL,\n"
  "  name  TEXT NOT NULL,\n"
  "  value TEXT NOT NULL,\n"
  "  num   REAL,\n"
  "  PRIMARY KEY (point, name),\n"
  "  UNIQUE (point, ord)\n"
  ") WITHOUT ROWID;\n"
  "CREATE TABLE replication (\n"
  "  point  INTEGER NOT NULL REFERENCES point (id),\n"
  "  r      INTEGER NOT NULL CHECK (r >= 0),\n"
  "  events INTEGER NOT NULL,\n"
  "  PRIMARY KEY (point, r)\n"
  ") WITHOUT ROWID;\n"
  "CREATE TABLE connection (\n"
  "  point           INTEGER NOT NULL,\n"
  "  r               INTEGER NOT NULL,\n"
  "  conn            INTEGER NOT NULL CHECK (conn >= 0),\n"
  "  outcome         TEXT NOT NULL,\n"
  "  hs_client_ns    INTEGER,\n"
  "  hs_server_ns    INTEGER,\n"
  "  close_client_ns INTEGER,\n"
  "  close_server_ns INTEGER,\n"
  "  rtx_syn         INTEGER NOT NULL,\n"
  "  rtx_synack      INTEGER NOT NULL,\n"
  "  rtx_data        INTEGER NOT NULL,\n"
  "  rtx_fin         INTEGER NOT NULL,\n"
  "  rtx_probe       INTEGER NOT NULL,\n"
  "  PRIMARY KEY (point, r, conn),\n"
  "  FOREIGN KEY (point, r) REFERENCES replication (point, r)\n"
  ") WITHOUT ROWID;\n";

typedef enum
{
  ST_CAMPAIGN_ADD,
  ST_CAMPAIGN_GET,
  ST_POINT_FIND,
  ST_POINT_ADD,
  ST_PARAM_ADD,
  ST_REP_ADD,
  ST_CONN_ADD,
  ST_LOAD,
  ST_BEGIN,
  ST_COMMIT,
  ST_SAVEPOINT,
  ST_RELEASE,
  ST_ROLLBACK_TO,
  ST_COUNT
} Stmt;

static const char *const stmt_sql[ST_COUNT] = {
  [ST_CAMPAIGN_ADD] = "INSERT INTO campaign (key, value) VALUES (?1, ?2)",
  [ST_CAMPAIGN_GET] = "SELECT value FROM campaign WHERE key = ?1",
  [ST_POINT_FIND] = "SELECT id FROM point WHERE key = ?1",
  [ST_POINT_ADD] = "INSERT INTO point (key) VALUES (?1)",
  [ST_PARAM_ADD] = "INSERT INTO point_param (point, ord, name, value, num)"
                   " VALUES (?1, ?2, ?3, ?4, ?5)",
  [ST_REP_ADD] = "INSERT INTO replication (point, r, events) VALUES (?1, ?2, ?3)",
  [ST_CONN_ADD] = "INSERT INTO connection (point, r, conn, outcome, hs_client_ns,"
                  " hs_server_ns, close_client_ns, close_server_ns, rtx_syn, rtx_synack,"
                  " rtx_data, rtx_fin, rtx_probe)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
  /* The LEFT JOIN keeps replications without connections: they are done
   * too.  Both tables are ordered by their keys, so SQLite walks them in
   * (r, conn) order without sorting. */
  [ST_LOAD] = "SELECT rep.r, c.conn, c.outcome, c.hs_client_ns, c.hs_server_ns,"
              " c.close_client_ns, c.close_server_ns, c.rtx_syn, c.rtx_synack, c.rtx_data,"
              " c.rtx_fin, c.rtx_probe"
              " FROM replication AS rep"
              " LEFT JOIN connection AS c ON c.point = rep.point AND c.r = rep.r"
              " WHERE rep.point = ?1 AND rep.r < ?2"
              " ORDER BY rep.r, c.conn",
  /* IMMEDIATE takes the write lock now: a deferred transaction that reads
   * first and writes later can fail with SQLITE_BUSY halfway through. */
  [ST_BEGIN] = "BEGIN IMMEDIATE",
  [ST_COMMIT] = "COMMIT",
  [ST_SAVEPOINT] = "SAVEPOINT tcpsim_step",
  [ST_RELEASE] = "RELEASE tcpsim_step",
  [ST_ROLLBACK_TO] = "ROLLBACK TO tcpsim_step",
};

struct StudyDb
{
  sqlite3 *sql;
  char *path;
  sqlite3_stmt *st[ST_COUNT];
  /* Parameter names the grid and samples views have a column for. */
  GHashTable *view_names;
};

/* Sets error to "path: what: SQLite's message". */
static gboolean
db_fail (StudyDb *db, StudyDbError code, const char *what, GError **error)
{
  g_set_error (error, STUDY_DB_ERROR, code, "%s: %s: %s", db->path, what,
               sqlite3_errmsg (db->sql));
  return FALSE;
}

static gboolean
db_exec (StudyDb *db, StudyDbError code, const char *sql, const char *what, GError **error)
{
  if (sqlite3_exec (db->sql, sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_fail (db, code, what, error);
  return TRUE;
}

/* Steps a prepared statement that returns no rows, and resets it. */
static gboolean
db_run (StudyDb *db, Stmt s, const char *what, GError **error)
{
  int rc = sqlite3_step (db->st[s]);
  gboolean ok = rc == SQLITE_DONE;
  if (!ok)
    db_fail (db, STUDY_DB_ERROR_IO, what, error);
  sqlite3_reset (db->st[s]);
  sqlite3_clear_bindings (db->st[s]);
  return ok;
}

/* After a failed step: undoes what it did and keeps the caller's
 * transaction.  If SQLite has already rolled the whole transaction back
 * (a full disk, an I/O error), the savepoint is gone and these fail: the
 * caller's commit will then report that nothing is active. */
static void
db_savepoint_undo (StudyDb *db)
{
  sqlite3_step (db->st[ST_ROLLBACK_TO]);
  sqlite3_reset (db->st[ST_ROLLBACK_TO]);
  sqlite3_step (db->st[ST_RELEASE]);
  sqlite3_reset (db->st[ST_RELEASE]);
}

/* Reads one integer from a PRAGMA query. */
static gboolean
db_pragma_int (StudyDb *db, const char *sql, gint64 *out, GError **error)
{
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2 (db->sql, sql, -1, &st, NULL) != SQLITE_OK)
    return db_fail (db, STUDY_DB_ERROR_OPEN, "cannot open", error);
  int rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  if (rc != SQLITE_ROW)
    return db_fail (db, STUDY_DB_ERROR_OPEN, "cannot open", error);
  return TRUE;
}

/* A parameter's value as a number, for the views: a plain number, or a
 * duration ("10ms") in seconds, so that SQL and pandas sort and average
 * parameters numerically.  NAN when it is neither (a word like "linux"). */
static double
param_number (const char *value)
{
  char *end;
  double x = g_ascii_strtod (value, &end);
  if (end != value && *end == '\0' && isfinite (x))
    return x;
  SimTime t;
  const char *why;
  if (sim_time_parse (value, &t, &why))
    return sim_time_to_s (t);
  return NAN;
}

/* ---- the views ------------------------------------------------------------- */

/* Views cannot have a column per parameter unless their text names each
 * one, so they are rewritten whenever a point brings a parameter they do
 * not have.  Columns follow the parameters' first appearance (the order of
 * --vary). */
static gboolean
views_rebuild (StudyDb *db, GError **error)
{
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2 (db->sql,
                          "SELECT name FROM point_param GROUP BY name"
                          " ORDER BY MIN(point), MIN(ord)",
                          -1, &st, NULL)
      != SQLITE_OK)
    return db_fail (db, STUDY_DB_ERROR_IO, "cannot list parameters", error);
  GString *grid = g_string_new ("DROP VIEW IF EXISTS samples;\n"
                                "DROP VIEW IF EXISTS grid;\n"
                                "CREATE VIEW grid AS SELECT p.id AS point, p.key AS key");
  GString *samples = g_string_new ("CREATE VIEW samples AS SELECT c.point AS point");
  int rc;
  g_hash_table_remove_all (db->view_names);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (st, 0);
      /* %Q quotes a string literal, %w doubles quotes inside an identifier. */
      char *col = sqlite3_mprintf (",\n  (SELECT coalesce(pp.num, pp.value) FROM point_param AS pp"
                                   " WHERE pp.point = p.id AND pp.name = %Q) AS \"%w\"",
                                   name, name);
      char *ref = sqlite3_mprintf (", g.\"%w\" AS \"%w\"", name, name);
      g_string_append (grid, col);
      g_string_append (samples, ref);
      sqlite3_free (col);
      sqlite3_free (ref);
      g_hash_table_add (db->view_names, g_strdup (name));
    }
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    {
      g_string_free (grid, TRUE);
      g_string_free (samples, TRUE);
      return db_fail (db, STUDY_DB_ERROR_IO, "cannot list parameters", error);
    }
  g_string_append (grid, "\nFROM point AS p;\n");
  g_string_append (samples,
                   ",\n  c.r AS r, c.conn AS conn, c.outcome AS outcome,"
                   " c.outcome <> 'completed' AS failed,\n"
                   "  c.hs_client_ns / 1e9 AS hs_client, c.hs_server_ns / 1e9 AS hs_server,\n"
                   "  c.close_client_ns / 1e9 AS close_client,"
                   " c.close_server_ns / 1e9 AS close_server,\n"
                   "  c.rtx_syn AS rtx_syn, c.rtx_synack AS rtx_synack, c.rtx_data AS rtx_data,"
                   " c.rtx_fin AS rtx_fin, c.rtx_probe AS rtx_probe\n"
                   "FROM connection AS c JOIN grid AS g ON g.point = c.point;\n");
  g_string_append (grid, samples->str);
  g_string_free (samples, TRUE);
  gboolean ok = db_exec (db, STUDY_DB_ERROR_IO, grid->str, "cannot write the views", error);
  g_string_free (grid, TRUE);
  return ok;
}

static gboolean
views_load_names (StudyDb *db, GError **error)
{
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2 (db->sql, "SELECT DISTINCT name FROM point_param", -1, &st, NULL)
      != SQLITE_OK)
    return db_fail (db, STUDY_DB_ERROR_OPEN, "cannot read the parameters", error);
  int rc;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_hash_table_add (db->view_names, g_strdup ((const char *) sqlite3_column_text (st, 0)));
  sqlite3_finalize (st);
  if (rc != SQLITE_DONE)
    return db_fail (db, STUDY_DB_ERROR_OPEN, "cannot read the parameters", error);
  return TRUE;
}

/* ---- opening --------------------------------------------------------------- */

static gboolean
campaign_put (StudyDb *db, const char *key, const char *value, GError **error)
{
  sqlite3_bind_text (db->st[ST_CAMPAIGN_ADD], 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (db->st[ST_CAMPAIGN_ADD], 2, value, -1, SQLITE_TRANSIENT);
  return db_run (db, ST_CAMPAIGN_ADD, "cannot write the campaign", error);
}

/* The value of a campaign key, newly allocated; NULL with error if absent. */
static char *
campaign_get (StudyDb *db, const char *key, GError **error)
{
  sqlite3_stmt *st = db->st[ST_CAMPAIGN_GET];
  sqlite3_bind_text (st, 1, key, -1, SQLITE_STATIC);
  int rc = sqlite3_step (st);
  char *v = NULL;
  if (rc == SQLITE_ROW)
    v = g_strdup ((const char *) sqlite3_column_text (st, 0));
  else if (rc == SQLITE_DONE)
    g_set_error (error, STUDY_DB_ERROR, STUDY_DB_ERROR_OPEN,
                 "%s: the campaign has no '%s'; the file is damaged", db->path, key);
  else
    db_fail (db, STUDY_DB_ERROR_OPEN, "cannot read the campaign", error);
  sqlite3_reset (st);
  sqlite3_clear_bindings (st);
  return v;
}

static gboolean
db_prepare (StudyDb *db, GError **error)
{
  for (int i = 0; i < ST_COUNT; i++)
    /* PERSISTENT: these live as long as the connection. */
    if (sqlite3_prepare_v3 (db->sql, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &db->st[i], NULL)
        != SQLITE_OK)
      return db_fail (db, STUDY_DB_ERROR_OPEN, "cannot prepare statements", error);
  return TRUE;
}

/* Makes an empty database a campaign: tables, views, the campaign rows
 * and the header marks, in one transaction so that a crash leaves either
 * an empty file or a whole campaign. */
static gboolean
campaign_create (StudyDb *db, const char *scenario_name, const char *text, const char *sha,
                 const char *seed, GError **error)
{
  char *pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                   CAMPAIGN_APPLICATION_ID, CAMPAIGN_FORMAT);
  gboolean ok = db_exec (db, STUDY_DB_ERROR_OPEN, schema_sql, "cannot create the campaign", error)
                && db_exec (db, STUDY_DB_ERROR_OPEN, pragmas, "cannot create the campaign", error)
                && db_prepare (db, error) && views_rebuild (db, error);
  g_free (pragmas);
  if (!ok)
    return FALSE;
  GDateTime *now = g_date_time_new_now_utc ();
  char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  char *format = g_strdup_printf ("%d", CAMPAIGN_FORMAT);
  ok = campaign_put (db, "format", format, error)
       && campaign_put (db, "scenario_name", scenario_name != NULL ? scenario_name : "", error)
       && campaign_put (db, "scenario_text", text, error)
       && campaign_put (db, "scenario_sha256", sha, error) && campaign_put (db, "seed", seed, error)
       && campaign_put (db, "tcpsim_version", PACKAGE_VERSION, error)
       && campaign_put (db, "created", created, error);
  g_free (format);
  g_free (created);
  g_date_time_unref (now);
  return ok;
}

/* An existing campaign must be one this tcpsim reads, of this scenario
 * text and seed: results of another scenario mixed into these would be
 * silently wrong. */
static gboolean
campaign_check (StudyDb *db, const char *text, const char *sha, const char *seed, GError **error)
{
  if (!db_prepare (db, error) || !views_load_names (db, error))
    return FALSE;
  char *their_sha = campaign_get (db, "scenario_sha256", error);
  if (their_sha == NULL)
    return FALSE;
  char *their_text = NULL;
  gboolean ok = TRUE;
  if (strcmp (their_sha, sha) != 0)
    {
      g_set_error (error, STUDY_DB_ERROR, STUDY_DB_ERROR_MISMATCH,
                   "%s was made from another scenario (sha256 %.12s\u2026 there, %.12s\u2026 here);"
                   " use another --db file",
                   db->path, their_sha, sha);
      ok = FALSE;
    }
  /* The hash stands for the text; comparing the text too costs nothing and
   * catches a file whose campaign rows were edited by hand. */
  else if ((their_text = campaign_get (db, "scenario_text", error)) == NULL)
    ok = FALSE;
  else if (strcmp (their_text, text) != 0)
    {
      g_set_error (error, STUDY_DB_ERROR, STUDY_DB_ERROR_MISMATCH,
                   "%s: its scenario text does not match its sha256 %.12s\u2026;"
                   " the file was edited, use another --db file",
                   db->path, their_sha);
      ok = FALSE;
    }
  g_free (their_sha);
  g_free (their_text);
  if (!ok)
    return FALSE;
  char *their_seed = campaign_get (db, "seed", error);
  if (their_seed == NULL)
    return FALSE;
  if (strcmp (their_seed, seed) != 0)
    {
      g_set_error (error, STUDY_DB_ERROR, STUDY_DB_ERROR_MISMATCH,
                   "%s was made with another seed (%s there, %s here);"
                   " use --seed %s or another --db file",
                   db->path, their_seed, seed, their_seed);
      ok = FALSE;
    }
  g_free (their_seed);
  return ok;
}

StudyDb *
study_db_open (const char *path, const char *scenario_name, const char *scenario_text,
               guint64 seed, GError **error)
{
  g_return_val_if_fail (path != NULL && scenario_text != NULL, NULL);
  StudyDb *db = g_new0 (StudyDb, 1);
  db->path = g_strdup (path);
  db->view_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Opening never fails on a file that is not SQLite: SQLite reads the
   * header only on first use, so the checks below are what refuse it. */
  if (sqlite3_open_v2 (path, &db->sql, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
      != SQLITE_OK)
    {
      if (db->sql == NULL)
        g_set_error (error, STUDY_DB_ERROR, STUDY_DB_ERROR_OPEN, "%s: cannot open: out of memory",
                     path);
      else
        db_fail (db, STUDY_DB_ERROR_OPEN, "cannot open", error);
      study_db_close (db);
      return NULL;
    }
  /* Another process (a second sweep on the same file) holds the write lock
   * for a whole block; wait for it a while rather than fail at once. */
  sqlite3_busy_timeout (db->sql, 10000);

  char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, scenario_text, -1);
  char *seed_text = g_strdup_printf ("%" G_GUINT64_FORMAT, seed);
  gint64 app_id = 0, format = 0, objects = 0;
  gboolean ok = db_pragma_int (db, "PRAGMA application_id", &app_id, error)
                && db_pragma_int (db, "PRAGMA user_version", &format, error)
                && db_pragma_int (db, "SELECT count(*) FROM sqlite_master", &objects, error);
  if (ok && sqlite3_db_readonly (db->sql, "main") == 1)
    {
      g_set_error (error, STUDY_DB_ERROR, STUDY_DB_ERROR_OPEN, "%s: cannot open: not writable",
                   path);
      ok = FALSE;
    }
  gboolean empty = ok && app_id == 0 && format == 0 && objects == 0;
  if (ok && !empty && app_id != CAMPAIGN_APPLICATION_ID)
    {
      g_set_error (error, STUDY_DB_ERROR, STUDY_DB_ERROR_OPEN,
                   "%s is an SQLite database but not a tcpsim campaign; use another --db file",
                   path);
      ok = FALSE;
    }
  else if (ok && !empty && format != CAMPAIGN_FORMAT)
    {
      g_set_error (error, STUDY_DB_ERROR, STUDY_DB_ERROR_OPEN,
                   "%s is a campaign of format %" G_GINT64_FORMAT
                   ", this tcpsim (%s) reads format %d; use another --db file",
                   path, format, PACKAGE_VERSION, CAMPAIGN_FORMAT);
      ok = FALSE;
    }
  /* WAL: a committed block costs one append and no rewrite of the main
   * file; NORMAL: in WAL mode a crash may lose the last commits but never
   * corrupts, and lost replications are simply run again.  Only now, when
   * the file is known to be empty or ours, may anything be written. */
  ok = ok
       && db_exec (db, STUDY_DB_ERROR_OPEN,
                   "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                   " PRAGMA foreign_keys = ON;",
                   "cannot open", error);
  if (ok && empty)
    {
      /* Two sweeps may create the same file at once: the first to take the
       * write lock creates it, the other finds a campaign and checks it. */
      ok = db_exec (db, STUDY_DB_ERROR_OPEN, "BEGIN IMMEDIATE", "cannot open", error)
           && db_pragma_int (db, "SELECT count(*) FROM sqlite_master", &objects, error);
      if (ok && objects == 0)
        ok = campaign_create (db, scenario_name, scenario_text, sha, seed_text, error);
      else if (ok)
        ok = campaign_check (db, scenario_text, sha, seed_text, error);
      if (ok)
        ok = db_exec (db, STUDY_DB_ERROR_OPEN, "COMMIT", "cannot create the campaign", error);
      else
        sqlite3_exec (db->sql, "ROLLBACK", NULL, NULL, NULL);
    }
  else if (ok)
    /* Taking the write lock once proves the file and its directory (for
     * the -wal and -shm files) writable: a sweep must fail now, not after
     * its first block of simulations. */
    ok = campaign_check (db, scenario_text, sha, seed_text, error)
         && db_exec (db, STUDY_DB_ERROR_OPEN, "BEGIN IMMEDIATE; COMMIT;", "cannot write", error);
  g_free (sha);
  g_free (seed_text);
  if (!ok)
    {
      study_db_close (db);
      return NULL;
    }
  return db;
}

void
study_db_close (StudyDb *db)
{
  if (db == NULL)
    return;
  for (int i = 0; i < ST_COUNT; i++)
    sqlite3_finalize (db->st[i]);
  /* An open transaction is rolled back here: only committed replications
   * are kept. */
  sqlite3_close (db->sql);
  g_hash_table_unref (db->view_names);
  g_free (db->path);
  g_free (db);
}

/* ---- points ---------------------------------------------------------------- */

gboolean
study_db_point (StudyDb *db, const char *key, const char *const *names,
                const char *const *values, guint n, gint64 *id, GError **error)
{
  sqlite3_stmt *find = db->st[ST_POINT_FIND];
  sqlite3_bind_text (find, 1, key, -1, SQLITE_STATIC);
  int rc = sqlite3_step (find);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64 (find, 0);
  else if (rc != SQLITE_DONE)
    db_fail (db, STUDY_DB_ERROR_IO, "cannot read points", error);
  sqlite3_reset (find);
  sqlite3_clear_bindings (find);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return FALSE;

  /* A new point: the point, its parameters and the views change together. */
  if (!db_run (db, ST_SAVEPOINT, "cannot add a point", error))
    return FALSE;
  sqlite3_bind_text (db->st[ST_POINT_ADD], 1, key, -1, SQLITE_STATIC);
  gboolean ok = db_run (db, ST_POINT_ADD, "cannot add a point", error);
  gint64 pid = sqlite3_last_insert_rowid (db->sql);
  gboolean new_name = FALSE;
  for (guint i = 0; ok && i < n; i++)
    {
      sqlite3_stmt *st = db->st[ST_PARAM_ADD];
      double num = param_number (values[i]);
      sqlite3_bind_int64 (st, 1, pid);
      sqlite3_bind_int64 (st, 2, i);
      sqlite3_bind_text (st, 3, names[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (st, 4, values[i], -1, SQLITE_STATIC);
      if (isnan (num))
        sqlite3_bind_null (st, 5);
      else
        sqlite3_bind_double (st, 5, num);
      ok = db_run (db, ST_PARAM_ADD, "cannot add a point's parameter", error);
      new_name = new_name || !g_hash_table_contains (db->view_names, names[i]);
    }
  if (ok && new_name)
    ok = views_rebuild (db, error);
  if (ok)
    ok = db_run (db, ST_RELEASE, "cannot add a point", error);
  if (!ok)
    {
      db_savepoint_undo (db);
      /* The views may have been rewritten and then undone: read back the
       * names they have now. */
      g_hash_table_remove_all (db->view_names);
      views_load_names (db, NULL);
      return FALSE;
    }
  *id = pid;
  return TRUE;
}

/* ---- replications ---------------------------------------------------------- */

gboolean
study_db_begin (StudyDb *db, GError **error)
{
  return db_run (db, ST_BEGIN, "cannot begin a transaction", error);
}

gboolean
study_db_commit (StudyDb *db, GError **error)
{
  return db_run (db, ST_COMMIT, "cannot commit", error);
}

static void
bind_time (sqlite3_stmt *st, int col, SimTime t)
{
  if (t == STUDY_NONE)
    sqlite3_bind_null (st, col);
  else
    sqlite3_bind_int64 (st, col, t);
}

gboolean
study_db_put (StudyDb *db, gint64 point, guint32 r, const StudyRecord *recs, guint n,
              guint64 events, GError **error)
{
  /* An outcome study_outcome_name cannot spell would come back as another
   * one: that is a bug of the caller, not of the file. */
  for (guint i = 0; i < n; i++)
    {
      gint32 back;
      g_return_val_if_fail (study_outcome_parse (study_outcome_name (recs[i].outcome), &back)
                              && back == recs[i].outcome,
                            FALSE);
    }
  if (!db_run (db, ST_SAVEPOINT, "cannot store a replication", error))
    return FALSE;

  sqlite3_stmt *rep = db->st[ST_REP_ADD];
  sqlite3_bind_int64 (rep, 1, point);
  sqlite3_bind_int64 (rep, 2, r);
  /* events < 2^63 in any run that ends; stored as its bits regardless. */
  sqlite3_bind_int64 (rep, 3, (sqlite3_int64) events);
  int rc = sqlite3_step (rep);
  gboolean ok = rc == SQLITE_DONE;
  if (!ok && sqlite3_extended_errcode (db->sql) == SQLITE_CONSTRAINT_PRIMARYKEY)
    g_set_error (error, STUDY_DB_ERROR, STUDY_DB_ERROR_IO,
                 "%s: replication %" G_GUINT32_FORMAT " of point %" G_GINT64_FORMAT
                 " is already stored",
                 db->path, r, point);
  else if (!ok)
    db_fail (db, STUDY_DB_ERROR_IO, "cannot store a replication", error);
  sqlite3_reset (rep);

  sqlite3_stmt *st = db->st[ST_CONN_ADD];
  for (guint i = 0; ok && i < n; i++)
    {
      const StudyRecord *c = &recs[i];
      sqlite3_bind_int64 (st, 1, point);
      sqlite3_bind_int64 (st, 2, r);
      sqlite3_bind_int64 (st, 3, c->conn);
      /* The names are static strings (study_record.c, tcp/). */
      sqlite3_bind_text (st, 4, study_outcome_name (c->outcome), -1, SQLITE_STATIC);
      bind_time (st, 5, c->hs_client);
      bind_time (st, 6, c->hs_server);
      bind_time (st, 7, c->close_client);
      bind_time (st, 8, c->close_server);
      for (int k = 0; k < STUDY_RTX_KINDS; k++)
        sqlite3_bind_int64 (st, 9 + k, c->rtx[k]);
      rc = sqlite3_step (st);
      ok = rc == SQLITE_DONE;
      if (!ok)
        {
          char *what = g_strdup_printf ("cannot store connection %" G_GUINT32_FORMAT
                                        " of replication %" G_GUINT32_FORMAT
                                        " of point %" G_GINT64_FORMAT,
                                        c->conn, r, point);
          db_fail (db, STUDY_DB_ERROR_IO, what, error);
          g_free (what);
        }
      sqlite3_reset (st);
    }
  if (ok)
    ok = db_run (db, ST_RELEASE, "cannot store a replication", error);
  if (!ok)
    db_savepoint_undo (db);
  return ok;
}

gboolean
study_db_load_point (StudyDb *db, gint64 point, guint32 runs, StudyDbRepFn fn, gpointer ctx,
                     GError **error)
{
  sqlite3_stmt *st = db->st[ST_LOAD];
  sqlite3_bind_int64 (st, 1, point);
  sqlite3_bind_int64 (st, 2, runs);
  GArray *recs = g_array_new (FALSE, FALSE, sizeof (StudyRecord));
  gboolean have = FALSE, ok = TRUE;
  guint32 cur = 0;
  int rc = SQLITE_DONE;
  while (ok && (rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      guint32 r = (guint32) sqlite3_column_int64 (st, 0);
      if (have && r != cur)
        {
          fn (ctx, cur, (const StudyRecord *) (void *) recs->data, recs->len);
          g_array_set_size (recs, 0);
        }
      have = TRUE;
      cur = r;
      /* NULL conn: a replication without connections (the LEFT JOIN). */
      if (sqlite3_column_type (st, 1) == SQLITE_NULL)
        continue;
      StudyRecord c = { .conn = (guint32) sqlite3_column_int64 (st, 1) };
      const char *outcome = (const char *) sqlite3_column_text (st, 2);
      if (outcome == NULL || !study_outcome_parse (outcome, &c.outcome))
        {
          g_set_error (error, STUDY_DB_ERROR, STUDY_DB_ERROR_IO,
                       "%s: connection %" G_GUINT32_FORMAT " of replication %" G_GUINT32_FORMAT
                       " of point %" G_GINT64_FORMAT " has an unknown outcome '%s'",
                       db->path, c.conn, r, point, outcome != NULL ? outcome : "(null)");
          ok = FALSE;
          break;
        }
      SimTime *t[] = { &c.hs_client, &c.hs_server, &c.close_client, &c.close_server };
      for (int m = 0; m < STUDY_MEASURES; m++)
        *t[m] = sqlite3_column_type (st, 3 + m) == SQLITE_NULL ? STUDY_NONE
                                                               : sqlite3_column_int64 (st, 3 + m);
      for (int k = 0; k < STUDY_RTX_KINDS; k++)
        c.rtx[k] = (guint32) sqlite3_column_int64 (st, 7 + k);
      g_array_append_val (recs, c);
    }
  if (ok && rc != SQLITE_DONE)
    ok = db_fail (db, STUDY_DB_ERROR_IO, "cannot load a point", error);
  if (ok && have)
    fn (ctx, cur, (const StudyRecord *) (void *) recs->data, recs->len);
  sqlite3_reset (st);
  sqlite3_clear_bindings (st);
  g_array_free (recs, TRUE);
  return ok;
}
