/* Running replications on all cores.
 *
 * A list of tasks (point, replication) is cut into blocks of consecutive
 * tasks; a pool of worker threads (GThreadPool) runs the blocks, each
 * worker with its own measuring sink, and every result lands in the slot
 * of its task, so what is computed from the results does not depend on
 * the number of threads or the order blocks finish in. */
#ifndef TCPSIM_STUDY_RUNNER_H
#define TCPSIM_STUDY_RUNNER_H

#include <glib.h>

#include "scenario/scn_world.h"
#include "study/study_record.h"

typedef struct
{
  guint32 point;
  guint32 r;
} StudyTask;

/* One replication's result. */
typedef struct
{
  StudyRecord *recs; /* g_free */
  guint32 n;
  gboolean done;
  guint64 events;
} StudyRep;

typedef struct
{
  const Scenario *const *scns; /* per point, parsed with the point's parameters */
  const char *const *keys;     /* per point (study_seed.h) */
  guint64 seed;                /* the scenario's or --seed */
  WorldLimits limits;          /* per replication; limits.stop also stops the pool */
  guint threads;               /* at least 1 */
  guint block;                 /* tasks per block, at least 1 */
} StudyRunSpec;

/* Called in the calling thread as blocks finish: tasks [first, first+n)
 * have their results in reps. */
typedef gboolean (*StudyBlockFn) (gpointer ctx, gsize first, gsize n, GError **error);

typedef enum
{
  STUDY_RUN_DONE,
  STUDY_RUN_STOPPED, /* *limits.stop became non-zero */
  STUDY_RUN_FAILED,  /* a replication did not end well, or fn failed: *error */
} StudyRunStatus;

/* Runs tasks[0..n) into reps[0..n).  A replication that hits a limit
 * fails the run with a message naming its point and replication (the
 * first such in task order). */
StudyRunStatus study_run (const StudyRunSpec *spec, const StudyTask *tasks, gsize n, StudyRep *reps,
                          StudyBlockFn fn, gpointer ctx, GError **error);

/* The same, saying in *failed_at which task failed first (G_MAXSIZE when
 * none did, or when only fn failed): the MPI driver compares ranks'. */
StudyRunStatus study_run_at (const StudyRunSpec *spec, const StudyTask *tasks, gsize n,
                             StudyRep *reps, StudyBlockFn fn, gpointer ctx, gsize *failed_at,
                             GError **error);

/* Runs one replication in this thread (the MPI driver and tests use it). */
WorldOutcome study_run_one (const Scenario *scn, guint64 seed, const WorldLimits *limits,
                            StudyRep *rep, GError **error);

void study_reps_clear (StudyRep *reps, gsize n);

#endif
