/* The MPI driver of sweeps (built with ./configure --with-mpi).
 *
 * Blocks of the task list are dealt to the ranks in turn (block b to rank
 * b mod size); each rank runs its blocks with study_run() on its own
 * threads, and every rank but 0 sends its results to rank 0 in one
 * message train: a header, then per task its record count, event count
 * and done flag, then the records, then an error message if it failed.
 * Messages between two ranks with the same tag arrive in order (MPI
 * non-overtaking), so rank 0 reads the train of whichever rank reports
 * first.  Records travel as bytes: ranks of one sweep run the same
 * binary. */
#include "study/study_mpi.h"

#include <limits.h>
#include <string.h>

#include <mpi.h>

struct StudyMpi
{
  int rank, size;
};

enum
{
  TAG_HEADER = 1,
  TAG_COUNTS,
  TAG_EVENTS,
  TAG_DONE,
  TAG_RECORDS,
  TAG_MESSAGE,
};

typedef struct
{
  gint32 status;     /* StudyRunStatus */
  guint32 nlocal;    /* tasks this rank ran */
  guint64 err_task;  /* the failed task's index in the whole list */
  guint64 nrecs;
  guint32 msglen;
} Header;

StudyMpi *
study_mpi_init (int *argc, char ***argv)
{
  int provided, size;
  /* Worker threads never call MPI; only the main thread does. */
  MPI_Init_thread (argc, argv, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_size (MPI_COMM_WORLD, &size);
  if (size < 2)
    {
      MPI_Finalize ();
      return NULL;
    }
  StudyMpi *mpi = g_new0 (StudyMpi, 1);
  mpi->size = size;
  MPI_Comm_rank (MPI_COMM_WORLD, &mpi->rank);
  return mpi;
}

void
study_mpi_finish (StudyMpi *mpi)
{
  if (mpi == NULL)
    return;
  MPI_Finalize ();
  g_free (mpi);
}

gboolean
study_mpi_is_root (const StudyMpi *mpi)
{
  return mpi == NULL || mpi->rank == 0;
}

gboolean
study_mpi_agree (StudyMpi *mpi, gboolean b)
{
  if (mpi == NULL)
    return b;
  int v = b ? 1 : 0;
  MPI_Bcast (&v, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return v != 0;
}

/* The indexes (in the whole list) of the tasks that are this rank's. */
static GArray *
my_tasks (const StudyMpi *mpi, gsize n, gsize bsize, int rank)
{
  GArray *idx = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (gsize b = (gsize) rank; b * bsize < n; b += (gsize) mpi->size)
    for (gsize i = b * bsize; i < MIN (n, (b + 1) * bsize); i++)
      {
        guint64 v = i;
        g_array_append_val (idx, v);
      }
  return idx;
}

/* Rank 0: its own blocks report through fn with whole-list indexes. */
typedef struct
{
  const guint64 *idx;
  StudyRep *global, *local;
  StudyBlockFn fn;
  gpointer ctx;
} RootCtx;

static gboolean
root_block (gpointer data, gsize first, gsize n, GError **error)
{
  RootCtx *rc = data;
  for (gsize i = first; i < first + n; i++)
    {
      gsize g = (gsize) rc->idx[i];
      rc->global[g] = rc->local[i];
      rc->local[i] = (StudyRep) { 0 };
      if (rc->fn != NULL && !rc->fn (rc->ctx, g, 1, error))
        return FALSE;
    }
  return TRUE;
}

/* MPI counts are ints: records go in pieces of at most 1 GiB. */
#define CHUNK ((gsize) 1 << 30)

static void
send_bytes (const void *buf, gsize len, int tag)
{
  const char *p = buf;
  for (gsize off = 0; off < len || (len == 0 && off == 0); off += CHUNK)
    {
      MPI_Send ((void *) (p + off), (int) MIN (CHUNK, len - off), MPI_BYTE, 0, tag, MPI_COMM_WORLD);
      if (len == 0)
        break;
    }
}

static void
recv_bytes (void *buf, gsize len, int src, int tag)
{
  char *p = buf;
  for (gsize off = 0; off < len || (len == 0 && off == 0); off += CHUNK)
    {
      MPI_Recv (p + off, (int) MIN (CHUNK, len - off), MPI_BYTE, src, tag, MPI_COMM_WORLD,
                MPI_STATUS_IGNORE);
      if (len == 0)
        break;
    }
}

static void
send_results (const GArray *idx, StudyRep *local, StudyRunStatus st, gsize failed_at,
              const GError *err)
{
  gsize n = idx->len;
  Header h = { .status = st, .nlocal = (guint32) n, .msglen = 0 };
  guint32 *counts = g_new0 (guint32, MAX (n, 1));
  guint64 *events = g_new0 (guint64, MAX (n, 1));
  guint8 *done = g_new0 (guint8, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    {
      counts[i] = local[i].n;
      events[i] = local[i].events;
      done[i] = local[i].done;
      h.nrecs += local[i].n;
    }
  StudyRecord *recs = g_new (StudyRecord, MAX (h.nrecs, 1));
  gsize at = 0;
  for (gsize i = 0; i < n; i++)
    {
      memcpy (recs + at, local[i].recs, local[i].n * sizeof *recs);
      at += local[i].n;
    }
  char *msg = NULL;
  if (err != NULL)
    {
      msg = g_strdup (err->message);
      h.msglen = (guint32) strlen (msg) + 1;
      /* Rank 0 keeps the failure first in the whole list's order. */
      h.err_task = failed_at < idx->len ? g_array_index (idx, guint64, failed_at) : G_MAXUINT64;
    }
  MPI_Send (&h, sizeof h, MPI_BYTE, 0, TAG_HEADER, MPI_COMM_WORLD);
  MPI_Send (counts, (int) n, MPI_UINT32_T, 0, TAG_COUNTS, MPI_COMM_WORLD);
  MPI_Send (events, (int) n, MPI_UINT64_T, 0, TAG_EVENTS, MPI_COMM_WORLD);
  MPI_Send (done, (int) n, MPI_UINT8_T, 0, TAG_DONE, MPI_COMM_WORLD);
  send_bytes (recs, h.nrecs * sizeof *recs, TAG_RECORDS);
  if (msg != NULL)
    MPI_Send (msg, (int) h.msglen, MPI_CHAR, 0, TAG_MESSAGE, MPI_COMM_WORLD);
  g_free (counts);
  g_free (events);
  g_free (done);
  g_free (recs);
  g_free (msg);
}

/* Rank 0 reads one rank's train into the whole list's slots. */
static StudyRunStatus
receive_results (const StudyMpi *mpi, gsize n, gsize bsize, StudyRep *reps, StudyBlockFn fn,
                 gpointer ctx, guint64 *err_task, GError **error)
{
  Header h;
  MPI_Status ms;
  MPI_Recv (&h, sizeof h, MPI_BYTE, MPI_ANY_SOURCE, TAG_HEADER, MPI_COMM_WORLD, &ms);
  int src = ms.MPI_SOURCE;
  GArray *idx = my_tasks (mpi, n, bsize, src);
  gsize nl = h.nlocal;
  guint32 *counts = g_new0 (guint32, MAX (nl, 1));
  guint64 *events = g_new0 (guint64, MAX (nl, 1));
  guint8 *done = g_new0 (guint8, MAX (nl, 1));
  StudyRecord *recs = g_new (StudyRecord, MAX (h.nrecs, 1));
  MPI_Recv (counts, (int) nl, MPI_UINT32_T, src, TAG_COUNTS, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  MPI_Recv (events, (int) nl, MPI_UINT64_T, src, TAG_EVENTS, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  MPI_Recv (done, (int) nl, MPI_UINT8_T, src, TAG_DONE, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  recv_bytes (recs, h.nrecs * sizeof *recs, src, TAG_RECORDS);
  *err_task = h.err_task;
  StudyRunStatus st = (StudyRunStatus) h.status;
  if (h.msglen > 0)
    {
      char *msg = g_new0 (char, h.msglen);
      MPI_Recv (msg, (int) h.msglen, MPI_CHAR, src, TAG_MESSAGE, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      msg[h.msglen - 1] = '\0';
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "rank %d: %s", src, msg);
      g_free (msg);
    }
  gsize at = 0;
  GError *fn_err = NULL;
  for (gsize i = 0; i < nl && i < idx->len; i++)
    {
      gsize g = (gsize) g_array_index (idx, guint64, i);
      if (done[i])
        {
          reps[g].n = counts[i];
          reps[g].events = events[i];
          reps[g].done = TRUE;
          reps[g].recs = g_memdup2 (recs + at, counts[i] * sizeof *recs);
          if (fn != NULL && fn_err == NULL && !fn (ctx, g, 1, &fn_err))
            st = STUDY_RUN_FAILED;
        }
      at += counts[i];
    }
  if (fn_err != NULL)
    {
      if (error != NULL && *error == NULL)
        g_propagate_error (error, fn_err);
      else
        g_error_free (fn_err);
    }
  g_free (counts);
  g_free (events);
  g_free (done);
  g_free (recs);
  g_array_free (idx, TRUE);
  return st;
}

StudyRunStatus
study_mpi_run (StudyMpi *mpi, const StudyRunSpec *spec, const StudyTask *tasks, gsize n,
               StudyRep *reps, StudyBlockFn fn, gpointer ctx, GError **error)
{
  if (mpi == NULL)
    return study_run (spec, tasks, n, reps, fn, ctx, error);
  /* Rank 0's plan, everywhere. */
  guint64 n64 = n;
  MPI_Bcast (&n64, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  n = (gsize) n64;
  if (n * sizeof (StudyTask) > INT_MAX)
    {
      /* Every rank sees the same n, so every rank stops here alike. */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "too many replications in one round for MPI (%" G_GSIZE_FORMAT "); run fewer "
                   "points or runs at a time", n);
      return STUDY_RUN_FAILED;
    }
  StudyTask *all = g_new0 (StudyTask, MAX (n, 1));
  if (mpi->rank == 0)
    memcpy (all, tasks, n * sizeof *all);
  MPI_Bcast (all, (int) (n * sizeof *all), MPI_BYTE, 0, MPI_COMM_WORLD);

  gsize bsize = MAX (spec->block, 1);
  GArray *idx = my_tasks (mpi, n, bsize, mpi->rank);
  StudyTask *mine = g_new0 (StudyTask, MAX (idx->len, 1));
  for (guint i = 0; i < idx->len; i++)
    mine[i] = all[g_array_index (idx, guint64, i)];
  StudyRep *local = g_new0 (StudyRep, MAX (idx->len, 1));
  GError *err = NULL;
  StudyRunStatus st;
  if (mpi->rank == 0)
    {
      RootCtx rc = { (const guint64 *) idx->data, reps, local, fn, ctx };
      gsize fa;
      st = study_run_at (spec, mine, idx->len, local, root_block, &rc, &fa, &err);
      /* The failure kept is the first in the whole list's order, as with
       * threads alone, whichever rank reports first. */
      guint64 first = fa < idx->len ? g_array_index (idx, guint64, fa) : G_MAXUINT64;
      for (int r = 1; r < mpi->size; r++)
        {
          GError *rerr = NULL;
          guint64 at = G_MAXUINT64;
          StudyRunStatus rst = receive_results (mpi, n, bsize, reps, fn, ctx, &at, &rerr);
          if (rst == STUDY_RUN_FAILED && (st != STUDY_RUN_FAILED || at < first))
            {
              st = rst;
              first = at;
              g_clear_error (&err);
              err = rerr;
              rerr = NULL;
            }
          else if (rst == STUDY_RUN_STOPPED && st == STUDY_RUN_DONE)
            st = rst;
          g_clear_error (&rerr);
        }
      if (err != NULL)
        g_propagate_error (error, err);
    }
  else
    {
      gsize fa;
      st = study_run_at (spec, mine, idx->len, local, NULL, NULL, &fa, &err);
      send_results (idx, local, st, fa, err);
      g_clear_error (&err);
    }
  /* Every rank leaves with rank 0's verdict. */
  gint32 verdict = st;
  MPI_Bcast (&verdict, 1, MPI_INT32_T, 0, MPI_COMM_WORLD);
  study_reps_clear (local, idx->len);
  g_free (local);
  g_free (mine);
  g_free (all);
  g_array_free (idx, TRUE);
  return (StudyRunStatus) verdict;
}
