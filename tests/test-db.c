/* Tests of the campaign database (src/study/study_db.c).
 *
 * The database's contract: what is put is loaded back exactly (times,
 * STUDY_NONE, every outcome, the largest counts), in order of r and conn;
 * a file is reopened only by the same scenario text and seed; a file that
 * is not a campaign is refused and left alone; a replication is stored once,
 * whole, and only when its transaction commits.  Every case works in its
 * own temporary directory. */
#include <string.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "study/study_db.h"
#include "study/study_record.h"
#include "tcp/tcp.h"

static const char scenario[] = "host client 10.0.0.1\n"
                               "host server 10.0.0.2\n"
                               "link client <-> server delay 50ms loss 0.1\n";
#define SEED 42

/* ---- fixture: a temporary directory and a database path in it ------------- */

typedef struct
{
  char *dir;
  char *path; /* dir/campaign.sqlite, not created */
} Fixture;

static void
fx_setup (Fixture *fx, gconstpointer data)
{
  GError *err = NULL;
  fx->dir = g_dir_make_tmp ("tcpsim-db-XXXXXX", &err);
  g_assert_no_error (err);
  fx->path = g_build_filename (fx->dir, "campaign.sqlite", NULL);
}

/* Removes dir and what is in it: databases, their -wal and -shm files,
 * and the folders some tests make. */
static void
rm_tree (const char *dir)
{
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  GDir *d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      char *f = g_build_filename (dir, name, NULL);
      if (g_file_test (f, G_FILE_TEST_IS_DIR))
        rm_tree (f);
      else
        g_assert_cmpint (g_remove (f), ==, 0);
      g_free (f);
    }
  g_dir_close (d);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
fx_teardown (Fixture *fx, gconstpointer data)
{
  rm_tree (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
}

static StudyDb *
open_ok (const char *path)
{
  GError *err = NULL;
  StudyDb *db = study_db_open (path, "test", scenario, SEED, &err);
  g_assert_no_error (err);
  g_assert_nonnull (db);
  return db;
}

static gint64
point_ok (StudyDb *db, const char *key, const char *name, const char *value)
{
  GError *err = NULL;
  gint64 id = -1;
  const char *names[] = { name }, *values[] = { value };
  g_assert_true (study_db_point (db, key, names, values, name != NULL ? 1 : 0, &id, &err));
  g_assert_no_error (err);
  return id;
}

static void
put_ok (StudyDb *db, gint64 point, guint32 r, const StudyRecord *recs, guint n)
{
  GError *err = NULL;
  g_assert_true (study_db_put (db, point, r, recs, n, 1000 + r, &err));
  g_assert_no_error (err);
}

/* A record with every field derived from (r, conn), so any mix-up shows. */
static StudyRecord
rec_make (guint32 r, guint32 conn)
{
  StudyRecord c = {
    .conn = conn,
    .outcome = STUDY_OUTCOME_COMPLETED,
    .hs_client = 100 * SIM_MS + r,
    .hs_server = 50 * SIM_MS + r,
    .close_client = 2 * SIM_S + conn,
    .close_server = STUDY_NONE,
    .rtx = { r % 3, 0, conn, 0, 1 },
  };
  return c;
}

/* ---- loading into a list of replications ---------------------------------- */

typedef struct
{
  guint32 r;
  GArray *recs; /* StudyRecord */
} Rep;

typedef struct
{
  GArray *reps; /* Rep */
} Loaded;

static void
loaded_add (gpointer ctx, guint32 r, const StudyRecord *recs, guint n)
{
  Loaded *l = ctx;
  Rep rep = { .r = r, .recs = g_array_sized_new (FALSE, FALSE, sizeof (StudyRecord), n) };
  g_array_append_vals (rep.recs, recs, n);
  g_array_append_val (l->reps, rep);
}

static Loaded *
load_ok (StudyDb *db, gint64 point, guint32 runs)
{
  Loaded *l = g_new0 (Loaded, 1);
  l->reps = g_array_new (FALSE, FALSE, sizeof (Rep));
  GError *err = NULL;
  g_assert_true (study_db_load_point (db, point, runs, loaded_add, l, &err));
  g_assert_no_error (err);
  return l;
}

static void
loaded_free (Loaded *l)
{
  for (guint i = 0; i < l->reps->len; i++)
    g_array_free (g_array_index (l->reps, Rep, i).recs, TRUE);
  g_array_free (l->reps, TRUE);
  g_free (l);
}

/* Field by field: StudyRecord has padding, memcmp would compare it. */
static void
assert_rec_equal (const StudyRecord *a, const StudyRecord *b)
{
  g_assert_cmpuint (a->conn, ==, b->conn);
  g_assert_cmpint (a->outcome, ==, b->outcome);
  for (int m = 0; m < STUDY_MEASURES; m++)
    g_assert_cmpint (study_record_time (a, m), ==, study_record_time (b, m));
  for (int k = 0; k < STUDY_RTX_KINDS; k++)
    g_assert_cmpuint (a->rtx[k], ==, b->rtx[k]);
}

static void
assert_rep (const Loaded *l, guint i, guint32 r, const StudyRecord *recs, guint n)
{
  g_assert_cmpuint (i, <, l->reps->len);
  const Rep *rep = &g_array_index (l->reps, Rep, i);
  g_assert_cmpuint (rep->r, ==, r);
  g_assert_cmpuint (rep->recs->len, ==, n);
  for (guint j = 0; j < n; j++)
    assert_rec_equal (&g_array_index (rep->recs, StudyRecord, j), &recs[j]);
}

/* ---- round trips ------------------------------------------------------------ */

/* Replication 0: one connection per outcome, with the extremes of every
 * field; replication 1: none at all (still a done replication). */
static GArray *
edge_records (void)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (StudyRecord));
  for (gint32 o = STUDY_OUTCOME_INCOMPLETE; o < TCP_ERROR_COUNT; o++)
    {
      StudyRecord c = rec_make (0, a->len);
      c.outcome = o;
      g_array_append_val (a, c);
    }
  StudyRecord nothing = { .conn = a->len,
                          .outcome = STUDY_OUTCOME_INCOMPLETE,
                          .hs_client = STUDY_NONE,
                          .hs_server = STUDY_NONE,
                          .close_client = STUDY_NONE,
                          .close_server = STUDY_NONE };
  g_array_append_val (a, nothing);
  StudyRecord big = { .conn = G_MAXUINT32,
                      .outcome = STUDY_OUTCOME_COMPLETED,
                      .hs_client = 0,
                      .hs_server = 1,
                      .close_client = G_MAXINT64 - 1,
                      .close_server = G_MAXINT64,
                      .rtx = { G_MAXUINT32, G_MAXUINT32 - 1, 1u << 31, 7, G_MAXUINT32 } };
  g_array_append_val (a, big);
  return a;
}

static void
test_roundtrip (Fixture *fx, gconstpointer data)
{
  StudyDb *db = open_ok (fx->path);
  gint64 p = point_ok (db, "loss=0.1", "loss", "0.1");
  GArray *edge = edge_records ();
  GError *err = NULL;
  g_assert_true (study_db_begin (db, &err));
  put_ok (db, p, 0, (StudyRecord *) (void *) edge->data, edge->len);
  put_ok (db, p, 1, NULL, 0);
  g_assert_true (study_db_commit (db, &err));
  g_assert_no_error (err);

  Loaded *l = load_ok (db, p, 100);
  g_assert_cmpuint (l->reps->len, ==, 2);
  assert_rep (l, 0, 0, (StudyRecord *) (void *) edge->data, edge->len);
  assert_rep (l, 1, 1, NULL, 0);
  loaded_free (l);
  study_db_close (db);

  /* The same from a second opening, with the same text and seed. */
  db = open_ok (fx->path);
  g_assert_cmpint (point_ok (db, "loss=0.1", "loss", "0.1"), ==, p);
  l = load_ok (db, p, 100);
  g_assert_cmpuint (l->reps->len, ==, 2);
  assert_rep (l, 0, 0, (StudyRecord *) (void *) edge->data, edge->len);
  assert_rep (l, 1, 1, NULL, 0);
  loaded_free (l);
  study_db_close (db);
  g_array_free (edge, TRUE);
}

/* Stored out of order, loaded in order of r; runs bounds r. */
static void
test_load_runs (Fixture *fx, gconstpointer data)
{
  StudyDb *db = open_ok (fx->path);
  gint64 p = point_ok (db, "loss=0", "loss", "0");
  gint64 q = point_ok (db, "loss=0.2", "loss", "0.2");
  const guint32 order[] = { 7, 2, 9, 0, 5, 1, 8, 3, 6, 4 };
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      StudyRecord two[] = { rec_make (order[i], 0), rec_make (order[i], 1) };
      put_ok (db, p, order[i], two, 2);
      put_ok (db, q, order[i], two, 1);
    }
  Loaded *l = load_ok (db, p, 5);
  g_assert_cmpuint (l->reps->len, ==, 5);
  for (guint32 r = 0; r < 5; r++)
    {
      StudyRecord two[] = { rec_make (r, 0), rec_make (r, 1) };
      assert_rep (l, r, r, two, 2);
    }
  loaded_free (l);
  l = load_ok (db, q, 0);
  g_assert_cmpuint (l->reps->len, ==, 0);
  loaded_free (l);
  l = load_ok (db, q, G_MAXUINT32);
  g_assert_cmpuint (l->reps->len, ==, 10);
  loaded_free (l);
  study_db_close (db);
}

static void
test_point_same_key (Fixture *fx, gconstpointer data)
{
  StudyDb *db = open_ok (fx->path);
  gint64 a = point_ok (db, "loss=0.1", "loss", "0.1");
  gint64 b = point_ok (db, "loss=0.2", "loss", "0.2");
  g_assert_cmpint (a, !=, b);
  g_assert_cmpint (point_ok (db, "loss=0.1", "loss", "0.1"), ==, a);
  /* A point of no parameters (a sweep without --vary) is a point too. */
  gint64 c = point_ok (db, "", NULL, NULL);
  g_assert_cmpint (c, !=, a);
  g_assert_cmpint (c, !=, b);
  study_db_close (db);
  db = open_ok (fx->path);
  g_assert_cmpint (point_ok (db, "loss=0.2", "loss", "0.2"), ==, b);
  g_assert_cmpint (point_ok (db, "", NULL, NULL), ==, c);
  study_db_close (db);
}

/* ---- refusals --------------------------------------------------------------- */

static void
test_other_text (Fixture *fx, gconstpointer data)
{
  study_db_close (open_ok (fx->path));
  GError *err = NULL;
  char *other = g_strconcat (scenario, "# one more line\n", NULL);
  StudyDb *db = study_db_open (fx->path, "test", other, SEED, &err);
  g_assert_null (db);
  g_assert_error (err, STUDY_DB_ERROR, STUDY_DB_ERROR_MISMATCH);
  g_assert_nonnull (strstr (err->message, fx->path));
  g_assert_nonnull (strstr (err->message, "another scenario"));
  char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, other, -1);
  sha[12] = '\0';
  g_assert_nonnull (strstr (err->message, sha));
  g_free (sha);
  g_free (other);
  g_clear_error (&err);
  /* Refusing changed nothing: the right scenario still opens it. */
  study_db_close (open_ok (fx->path));
}

static void
test_other_seed (Fixture *fx, gconstpointer data)
{
  study_db_close (open_ok (fx->path));
  GError *err = NULL;
  StudyDb *db = study_db_open (fx->path, "test", scenario, SEED + 1, &err);
  g_assert_null (db);
  g_assert_error (err, STUDY_DB_ERROR, STUDY_DB_ERROR_MISMATCH);
  g_assert_nonnull (strstr (err->message, fx->path));
  g_assert_nonnull (strstr (err->message, "seed"));
  g_clear_error (&err);
}

/* Each opens a file that is not a campaign, which must stay as it was. */
static void
test_not_sqlite (Fixture *fx, gconstpointer data)
{
  const char text[] = "loss,hs_client\n0.1,0.150\n0.2,3.150\n"
                      "a CSV file given to --db by mistake, long enough to have a header\n";
  g_assert_true (g_file_set_contents (fx->path, text, -1, NULL));
  GError *err = NULL;
  StudyDb *db = study_db_open (fx->path, "test", scenario, SEED, &err);
  g_assert_null (db);
  g_assert_error (err, STUDY_DB_ERROR, STUDY_DB_ERROR_OPEN);
  g_assert_nonnull (strstr (err->message, fx->path));
  g_clear_error (&err);
  char *after;
  g_assert_true (g_file_get_contents (fx->path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, text);
  g_free (after);
}

static void
test_not_campaign (Fixture *fx, gconstpointer data)
{
  sqlite3 *s;
  g_assert_cmpint (sqlite3_open (fx->path, &s), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (s, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", NULL, NULL,
                                 NULL),
                   ==, SQLITE_OK);
  sqlite3_close (s);
  GError *err = NULL;
  StudyDb *db = study_db_open (fx->path, "test", scenario, SEED, &err);
  g_assert_null (db);
  g_assert_error (err, STUDY_DB_ERROR, STUDY_DB_ERROR_OPEN);
  g_assert_nonnull (strstr (err->message, fx->path));
  g_assert_nonnull (strstr (err->message, "not a tcpsim campaign"));
  g_clear_error (&err);
  /* Left alone: still in rollback-journal mode, no table of ours. */
  g_assert_cmpint (sqlite3_open (fx->path, &s), ==, SQLITE_OK);
  sqlite3_stmt *st;
  g_assert_cmpint (sqlite3_prepare_v2 (s, "PRAGMA journal_mode", -1, &st, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (st, 0), ==, "delete");
  sqlite3_finalize (st);
  g_assert_cmpint (sqlite3_prepare_v2 (s, "SELECT count(*) FROM sqlite_master", -1, &st, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (st, 0), ==, 1);
  sqlite3_finalize (st);
  sqlite3_close (s);
}

/* A campaign written by a future tcpsim (another format) is refused. */
static void
test_other_format (Fixture *fx, gconstpointer data)
{
  study_db_close (open_ok (fx->path));
  sqlite3 *s;
  g_assert_cmpint (sqlite3_open (fx->path, &s), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (s, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (s);
  GError *err = NULL;
  StudyDb *db = study_db_open (fx->path, "test", scenario, SEED, &err);
  g_assert_null (db);
  g_assert_error (err, STUDY_DB_ERROR, STUDY_DB_ERROR_OPEN);
  g_assert_nonnull (strstr (err->message, "format 99"));
  g_clear_error (&err);
}

static void
test_unwritable (Fixture *fx, gconstpointer data)
{
  GError *err = NULL;
  char *path = g_build_filename (fx->dir, "no-such-dir", "campaign.sqlite", NULL);
  StudyDb *db = study_db_open (path, "test", scenario, SEED, &err);
  g_assert_null (db);
  g_assert_error (err, STUDY_DB_ERROR, STUDY_DB_ERROR_OPEN);
  g_assert_nonnull (strstr (err->message, path));
  g_clear_error (&err);
  g_free (path);

  /* A campaign in a read-only folder (no room for its -wal file), then a
   * read-only campaign file.  Root writes to both anyway: then there is
   * nothing to test. */
  char *sub = g_build_filename (fx->dir, "ro", NULL);
  path = g_build_filename (sub, "campaign.sqlite", NULL);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  study_db_close (open_ok (path));
  g_assert_cmpint (g_chmod (sub, 0555), ==, 0);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  if (g_access (path, W_OK) == 0)
    g_test_message ("%s is writable despite mode 0444 (root?): not tested", path);
  else
    {
      db = study_db_open (path, "test", scenario, SEED, &err);
      g_assert_null (db);
      g_assert_error (err, STUDY_DB_ERROR, STUDY_DB_ERROR_OPEN);
      g_assert_nonnull (strstr (err->message, path));
      g_clear_error (&err);
      g_assert_cmpint (g_chmod (path, 0644), ==, 0);
      db = study_db_open (path, "test", scenario, SEED, &err);
      g_assert_null (db);
      g_assert_error (err, STUDY_DB_ERROR, STUDY_DB_ERROR_OPEN);
      g_assert_nonnull (strstr (err->message, path));
      g_clear_error (&err);
    }
  g_free (path);
  g_free (sub);
}

/* ---- transactions ------------------------------------------------------------ */

static void
test_put_twice (Fixture *fx, gconstpointer data)
{
  StudyDb *db = open_ok (fx->path);
  gint64 p = point_ok (db, "loss=0.1", "loss", "0.1");
  StudyRecord first[] = { rec_make (3, 0) };
  StudyRecord second[] = { rec_make (4, 0), rec_make (4, 1) };
  GError *err = NULL;
  g_assert_true (study_db_begin (db, &err));
  put_ok (db, p, 3, first, 1);
  g_assert_false (study_db_put (db, p, 3, second, 2, 7, &err));
  g_assert_error (err, STUDY_DB_ERROR, STUDY_DB_ERROR_IO);
  g_assert_nonnull (strstr (err->message, "already stored"));
  g_clear_error (&err);
  /* A record list with a conn twice fails after its replication row is
   * written: the savepoint takes that row back too. */
  StudyRecord dup[] = { rec_make (5, 0), rec_make (5, 0) };
  g_assert_false (study_db_put (db, p, 5, dup, 2, 7, &err));
  g_assert_error (err, STUDY_DB_ERROR, STUDY_DB_ERROR_IO);
  g_clear_error (&err);
  /* The transaction goes on after a failed put. */
  put_ok (db, p, 4, second, 2);
  g_assert_true (study_db_commit (db, &err));
  g_assert_no_error (err);
  Loaded *l = load_ok (db, p, 10);
  g_assert_cmpuint (l->reps->len, ==, 2);
  assert_rep (l, 0, 3, first, 1);
  assert_rep (l, 1, 4, second, 2);
  loaded_free (l);
  /* Outside a transaction too. */
  g_assert_false (study_db_put (db, p, 4, first, 1, 7, &err));
  g_assert_error (err, STUDY_DB_ERROR, STUDY_DB_ERROR_IO);
  g_clear_error (&err);
  study_db_close (db);
}

/* A sweep killed in the middle of a block: begin, put, never commit. */
static void
test_uncommitted (Fixture *fx, gconstpointer data)
{
  StudyDb *db = open_ok (fx->path);
  gint64 p = point_ok (db, "loss=0.1", "loss", "0.1");
  StudyRecord one[] = { rec_make (0, 0) };
  GError *err = NULL;
  g_assert_true (study_db_begin (db, &err));
  put_ok (db, p, 0, one, 1);
  g_assert_true (study_db_commit (db, &err));
  g_assert_true (study_db_begin (db, &err));
  for (guint32 r = 1; r < 100; r++)
    put_ok (db, p, r, one, 1);
  gint64 q = point_ok (db, "loss=0.2", "loss", "0.2");
  put_ok (db, q, 0, one, 1);
  study_db_close (db);

  db = open_ok (fx->path);
  Loaded *l = load_ok (db, p, 1000);
  g_assert_cmpuint (l->reps->len, ==, 1);
  assert_rep (l, 0, 0, one, 1);
  loaded_free (l);
  l = load_ok (db, q, 1000);
  g_assert_cmpuint (l->reps->len, ==, 0);
  loaded_free (l);
  study_db_close (db);
}

/* The same with a real kill: a child commits one block, stores part of
 * the next and dies by SIGKILL, never closing the file. */
static void
test_killed (Fixture *fx, gconstpointer data)
{
  pid_t pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      StudyDb *db = open_ok (fx->path);
      gint64 p = point_ok (db, "loss=0.1", "loss", "0.1");
      g_assert_true (study_db_begin (db, NULL));
      for (guint32 r = 0; r < 10; r++)
        {
          StudyRecord c = rec_make (r, 0);
          put_ok (db, p, r, &c, 1);
        }
      g_assert_true (study_db_commit (db, NULL));
      g_assert_true (study_db_begin (db, NULL));
      /* Enough to spill pages of the open transaction to the WAL. */
      for (guint32 r = 10; r < 50000; r++)
        {
          StudyRecord c = rec_make (r, 0);
          put_ok (db, p, r, &c, 1);
        }
      kill (getpid (), SIGKILL);
    }
  int status;
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  char *wal = g_strconcat (fx->path, "-wal", NULL);
  GStatBuf sb;
  if (g_stat (wal, &sb) == 0)
    g_test_message ("the dead sweep left %s of %ld bytes", wal, (long) sb.st_size);
  g_free (wal);

  StudyDb *db = open_ok (fx->path);
  gint64 p = point_ok (db, "loss=0.1", "loss", "0.1");
  Loaded *l = load_ok (db, p, G_MAXUINT32);
  g_assert_cmpuint (l->reps->len, ==, 10);
  for (guint32 r = 0; r < 10; r++)
    {
      StudyRecord c = rec_make (r, 0);
      assert_rep (l, r, r, &c, 1);
    }
  loaded_free (l);
  /* The sweep resumes where the block began. */
  StudyRecord c = rec_make (10, 0);
  put_ok (db, p, 10, &c, 1);
  study_db_close (db);
}

/* ---- reading it from outside ------------------------------------------------ */

/* The views as the sqlite3 shell sees them: one column per parameter, the
 * parameter a number, times in seconds, NULL where the moment never came. */
static void
test_sqlite3_cli (Fixture *fx, gconstpointer data)
{
  char *sqlite3_bin = g_find_program_in_path ("sqlite3");
  if (sqlite3_bin == NULL)
    {
      g_test_skip ("no sqlite3 program");
      return;
    }
  StudyDb *db = open_ok (fx->path);
  const char *names[] = { "loss", "delay", "profile" };
  const char *v1[] = { "0.1", "50ms", "linux" }, *v2[] = { "0.25", "1s", "windows" };
  gint64 p1, p2;
  GError *err = NULL;
  g_assert_true (study_db_point (db, "loss=0.1,delay=50ms,profile=linux", names, v1, 3, &p1, &err));
  g_assert_true (study_db_point (db, "loss=0.25,delay=1s,profile=windows", names, v2, 3, &p2, &err));
  StudyRecord c = rec_make (0, 0);
  c.hs_client = 1500 * SIM_MS;
  c.outcome = TCP_ETIMEDOUT;
  put_ok (db, p1, 0, &c, 1);
  c.hs_client = 250 * SIM_MS;
  c.outcome = STUDY_OUTCOME_COMPLETED;
  put_ok (db, p2, 0, &c, 1);
  put_ok (db, p2, 1, &c, 1);
  study_db_close (db);

  char *argv[] = { sqlite3_bin, "-batch", "-separator", "|", fx->path,
                   "SELECT loss, delay, profile, r, outcome, failed, hs_client,"
                   " coalesce(close_server, 'none'), rtx_syn FROM samples ORDER BY point, r;"
                   " SELECT loss, avg(hs_client), avg(failed) FROM samples GROUP BY loss"
                   " ORDER BY loss;",
                   NULL };
  char *out = NULL, *errout = NULL;
  int status;
  g_assert_true (
    g_spawn_sync (NULL, argv, NULL, (GSpawnFlags) 0, NULL, NULL, &out, &errout, &status, &err));
  g_assert_no_error (err);
  g_assert_cmpstr (errout, ==, "");
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_cmpstr (out, ==,
                   "0.1|0.05|linux|0|ETIMEDOUT|1|1.5|none|0\n"
                   "0.25|1.0|windows|0|completed|0|0.25|none|0\n"
                   "0.25|1.0|windows|1|completed|0|0.25|none|0\n"
                   "0.1|1.5|1.0\n"
                   "0.25|0.25|0.0\n");
  g_free (out);
  g_free (errout);
  g_free (sqlite3_bin);
}

/* docs/campaign.md prints every CREATE TABLE exactly as the file has it. */
static void
test_schema_documented (Fixture *fx, gconstpointer data)
{
  study_db_close (open_ok (fx->path));
  char *doc_path = g_build_filename (TCPSIM_SRCDIR, "docs", "campaign.md", NULL);
  char *doc = NULL;
  g_assert_true (g_file_get_contents (doc_path, &doc, NULL, NULL));
  sqlite3 *s;
  g_assert_cmpint (sqlite3_open (fx->path, &s), ==, SQLITE_OK);
  sqlite3_stmt *st;
  g_assert_cmpint (sqlite3_prepare_v2 (s, "SELECT name, sql FROM sqlite_master WHERE type = 'table'",
                                       -1, &st, NULL),
                   ==, SQLITE_OK);
  int tables = 0;
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      const char *sql = (const char *) sqlite3_column_text (st, 1);
      if (strstr (doc, sql) == NULL)
        g_error ("docs/campaign.md lacks table %s as created:\n%s", sqlite3_column_text (st, 0),
                 sql);
      tables++;
    }
  g_assert_cmpint (tables, ==, 5);
  sqlite3_finalize (st);
  sqlite3_close (s);
  g_free (doc);
  g_free (doc_path);
}

/* ---- speed ------------------------------------------------------------------ */

typedef struct
{
  guint32 next_r; /* the r expected next */
  guint count;
} Counted;

static void
count_rep (gpointer ctx, guint32 r, const StudyRecord *recs, guint n)
{
  Counted *c = ctx;
  g_assert_cmpuint (r, ==, c->next_r);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (recs[0].hs_client, ==, 100 * SIM_MS + r);
  c->next_r++;
  c->count++;
}

/* The size of a sweep: 7 points (loss 0:0.3:0.05) × 30,000 replications of
 * one connection.  Full size with -m perf; a tenth otherwise. */
static void
test_speed (Fixture *fx, gconstpointer data)
{
  const guint points = 7, reps = g_test_perf () ? 30000 : 3000;
  StudyDb *db = open_ok (fx->path);
  gint64 ids[7];
  GTimer *t = g_timer_new ();
  GError *err = NULL;
  g_assert_true (study_db_begin (db, &err));
  for (guint k = 0; k < points; k++)
    {
      char value[16], key[32];
      g_snprintf (value, sizeof value, "%.2f", 0.05 * k);
      g_snprintf (key, sizeof key, "loss=%s", value);
      ids[k] = point_ok (db, key, "loss", value);
      for (guint32 r = 0; r < reps; r++)
        {
          StudyRecord c = rec_make (r, 0);
          put_ok (db, ids[k], r, &c, 1);
        }
    }
  g_assert_true (study_db_commit (db, &err));
  g_assert_no_error (err);
  double store = g_timer_elapsed (t, NULL);
  study_db_close (db);

  g_timer_start (t);
  db = open_ok (fx->path);
  Counted counted = { 0 };
  for (guint k = 0; k < points; k++)
    {
      counted.next_r = 0;
      g_assert_true (study_db_load_point (db, ids[k], reps, count_rep, &counted, &err));
      g_assert_cmpuint (counted.next_r, ==, reps);
    }
  g_assert_cmpuint (counted.count, ==, points * reps);
  double load = g_timer_elapsed (t, NULL);
  study_db_close (db);
  GStatBuf sb;
  g_assert_cmpint (g_stat (fx->path, &sb), ==, 0);
  g_test_minimized_result (store, "store %u replications: %.3f s", points * reps, store);
  g_test_minimized_result (load, "load %u replications: %.3f s", points * reps, load);
  g_test_message ("file size: %.1f MB", sb.st_size / 1e6);
  g_timer_destroy (t);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fx_setup, fn, fx_teardown)
  ADD ("/db/roundtrip/exact", test_roundtrip);
  ADD ("/db/load/runs-and-order", test_load_runs);
  ADD ("/db/point/same-key-same-id", test_point_same_key);
  ADD ("/db/open/other-text-refused", test_other_text);
  ADD ("/db/open/other-seed-refused", test_other_seed);
  ADD ("/db/open/not-sqlite-refused", test_not_sqlite);
  ADD ("/db/open/not-campaign-refused", test_not_campaign);
  ADD ("/db/open/other-format-refused", test_other_format);
  ADD ("/db/open/unwritable-refused", test_unwritable);
  ADD ("/db/put/twice-fails", test_put_twice);
  ADD ("/db/put/uncommitted-leaves-nothing", test_uncommitted);
  ADD ("/db/put/killed-keeps-committed-only", test_killed);
  ADD ("/db/view/sqlite3-cli", test_sqlite3_cli);
  ADD ("/db/schema/documented", test_schema_documented);
  ADD ("/db/speed/store-and-load", test_speed);
#undef ADD

  return g_test_run ();
}
