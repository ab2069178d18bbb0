/* The worker pool of a sweep.  Workers take blocks from a GThreadPool and
 * report finished blocks through a queue that the calling thread drains,
 * so that the caller (progress, the campaign database) never shares
 * state with a worker except through the queue and the stop flag. */
#include "study/study_runner.h"

#include "study/study_measure.h"
#include "study/study_seed.h"

typedef struct
{
  const StudyRunSpec *spec;
  const StudyTask *tasks;
  StudyRep *reps;
  GAsyncQueue *finished; /* Block * */
  volatile gint aborted; /* fn failed: every worker stops */
  /* The lowest index of a task that failed (G_MAXSIZE: none).  Workers
   * stop at tasks after it but still run those before it, so the first
   * failure in task order is always found, whatever the timing. */
  GMutex lock;
  gsize fail_at;
} Pool;

static gboolean
pool_past_failure (Pool *pool, gsize i)
{
  g_mutex_lock (&pool->lock);
  gboolean past = i > pool->fail_at;
  g_mutex_unlock (&pool->lock);
  return past;
}

static void
pool_fail (Pool *pool, gsize i)
{
  g_mutex_lock (&pool->lock);
  pool->fail_at = MIN (pool->fail_at, i);
  g_mutex_unlock (&pool->lock);
}

typedef struct
{
  gsize first, n;
  gsize ndone;   /* tasks done from first on */
  GError *error; /* the first failure in the block, with its task index */
  gsize error_at;
  gboolean stopped;
} Block;

/* Runs w, whose bus m is subscribed to, and keeps its records in rep, or
 * says in *error why the run did not end. */
static WorldOutcome
run_world (StudyMeasureSink *m, World *w, const WorldLimits *limits, StudyRep *rep,
           GError **error)
{
  study_measure_reset (m);
  WorldOutcome out = world_run (w, limits);
  char lim[32];
  switch (out)
    {
    case WORLD_DONE:
      {
        guint n;
        const StudyRecord *recs = study_measure_records (m, &n);
        rep->recs = g_memdup2 (recs, n * sizeof *recs);
        rep->n = n;
        rep->events = w->sim.events_run;
        rep->done = TRUE;
      }
      break;
    case WORLD_STOPPED:
      break;
    case WORLD_STALLED:
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "endless loop: %" G_GUINT64_FORMAT " events in a row at simulated time %.6f s",
                   limits->max_same_instant, sim_time_to_s (w->sim.now));
      break;
    case WORLD_EVENT_LIMIT:
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "the run reached the event limit (%" G_GUINT64_FORMAT " events) at simulated "
                   "time %.6f s; raise it with --max-events", limits->max_events,
                   sim_time_to_s (w->sim.now));
      break;
    case WORLD_TIME_LIMIT:
      sim_time_format_short (limits->max_time, lim, sizeof lim);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "the run is still going at the simulated-time limit (%s); end it with "
                   "'run until' in the scenario or raise --max-time", lim);
      break;
    }
  return out;
}

/* A new world for scn with m subscribed, or NULL with *error set. */
static World *
world_for (StudyMeasureSink *m, const Scenario *scn, guint64 seed, GError **error)
{
  World *w = world_new (scn, TRUE, seed, error);
  if (w != NULL)
    trace_bus_subscribe_kinds (&w->bus, study_measure_event, m, STUDY_MEASURE_KINDS);
  return w;
}

WorldOutcome
study_run_one (const Scenario *scn, guint64 seed, const WorldLimits *limits, StudyRep *rep,
               GError **error)
{
  StudyMeasureSink *m = study_measure_new ();
  World *w = world_for (m, scn, seed, error);
  WorldOutcome out = w != NULL ? run_world (m, w, limits, rep, error) : WORLD_STALLED;
  world_free (w);
  study_measure_free (m);
  return out;
}

static void
worker (gpointer data, gpointer user)
{
  Block *b = data;
  Pool *pool = user;
  const StudyRunSpec *spec = pool->spec;
  StudyMeasureSink *m = study_measure_new ();
  /* One world per point, reset between its replications (world_reset()
   * makes it what a new world for the replication's seed would be, at a
   * fraction of the cost of building one), built anew when the point
   * changes.  The measuring sink stays subscribed across resets. */
  World *w = NULL;
  guint32 w_point = 0;
  for (gsize i = b->first; i < b->first + b->n; i++)
    {
      if (g_atomic_int_get (&pool->aborted) || pool_past_failure (pool, i)
          || (spec->limits.stop && *spec->limits.stop))
        {
          b->stopped = TRUE;
          break;
        }
      const StudyTask *t = &pool->tasks[i];
      guint64 seed = study_seed (spec->seed, spec->keys[t->point], t->r);
      GError *err = NULL;
      /* A world that cannot be reset is replaced (world_new() then says
       * what is wrong, if anything is). */
      if (w != NULL && (t->point != w_point || !world_reset (w, seed, NULL)))
        g_clear_pointer (&w, world_free);
      if (w == NULL)
        {
          w = world_for (m, spec->scns[t->point], seed, &err);
          w_point = t->point;
        }
      WorldOutcome out = w != NULL ? run_world (m, w, &spec->limits, &pool->reps[i], &err)
                                   : WORLD_STALLED;
      if (out == WORLD_STOPPED)
        {
          b->stopped = TRUE;
          break;
        }
      if (out != WORLD_DONE)
        {
          g_prefix_error (&err, "point %u (%s), replication %u: ", t->point, spec->keys[t->point],
                          t->r);
          b->error = err;
          b->error_at = i;
          pool_fail (pool, i);
          break;
        }
      b->ndone++;
    }
  world_free (w);
  study_measure_free (m);
  g_async_queue_push (pool->finished, b);
}

StudyRunStatus
study_run (const StudyRunSpec *spec, const StudyTask *tasks, gsize n, StudyRep *reps,
           StudyBlockFn fn, gpointer ctx, GError **error)
{
  return study_run_at (spec, tasks, n, reps, fn, ctx, NULL, error);
}

StudyRunStatus
study_run_at (const StudyRunSpec *spec, const StudyTask *tasks, gsize n, StudyRep *reps,
              StudyBlockFn fn, gpointer ctx, gsize *failed_at, GError **error)
{
  if (failed_at != NULL)
    *failed_at = G_MAXSIZE;
  Pool pool = { .spec = spec, .tasks = tasks, .reps = reps, .finished = g_async_queue_new (),
                .fail_at = G_MAXSIZE };
  g_mutex_init (&pool.lock);
  gsize bsize = MAX (spec->block, 1);
  gsize nblocks = (n + bsize - 1) / bsize;
  Block *blocks = g_new0 (Block, nblocks);
  GThreadPool *tp = g_thread_pool_new (worker, &pool, (gint) MAX (spec->threads, 1), TRUE, NULL);
  for (gsize b = 0; b < nblocks; b++)
    {
      blocks[b].first = b * bsize;
      blocks[b].n = MIN (bsize, n - b * bsize);
      g_thread_pool_push (tp, &blocks[b], NULL);
    }
  StudyRunStatus status = STUDY_RUN_DONE;
  GError *fn_err = NULL;
  for (gsize done = 0; done < nblocks; done++)
    {
      Block *b = g_async_queue_pop (pool.finished);
      /* What a block finished before a stop or failure is kept too (a
       * campaign resumes after it). */
      if (b->ndone > 0 && fn != NULL && fn_err == NULL && !fn (ctx, b->first, b->ndone, &fn_err))
        g_atomic_int_set (&pool.aborted, 1);
    }
  g_thread_pool_free (tp, FALSE, TRUE);
  /* The first failure in task order, so the message does not depend on
   * timing; a stop is reported only when nothing failed. */
  Block *first_err = NULL;
  gboolean stopped = FALSE;
  for (gsize b = 0; b < nblocks; b++)
    {
      if (blocks[b].error != NULL && first_err == NULL)
        first_err = &blocks[b];
      stopped |= blocks[b].stopped;
    }
  if (first_err != NULL)
    {
      g_propagate_error (error, first_err->error);
      first_err->error = NULL;
      if (failed_at != NULL)
        *failed_at = first_err->error_at;
      status = STUDY_RUN_FAILED;
    }
  else if (fn_err != NULL)
    {
      g_propagate_error (error, fn_err);
      fn_err = NULL;
      status = STUDY_RUN_FAILED;
    }
  else if (stopped)
    status = STUDY_RUN_STOPPED;
  for (gsize b = 0; b < nblocks; b++)
    g_clear_error (&blocks[b].error);
  g_clear_error (&fn_err);
  g_free (blocks);
  g_mutex_clear (&pool.lock);
  g_async_queue_unref (pool.finished);
  return status;
}

void
study_reps_clear (StudyRep *reps, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_free (reps[i].recs);
      reps[i] = (StudyRep) { 0 };
    }
}
