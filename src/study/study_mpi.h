/* Sweeps across MPI ranks (./configure --with-mpi).
 *
 * Every rank parses the scenario and builds the same points; rank 0 plans
 * each round (it alone reads and writes the campaign) and broadcasts the
 * task list; the blocks of that list are dealt to the ranks in turn, each
 * rank runs its blocks on its threads, and rank 0 gathers the results
 * into the same slots a single process fills, so the outputs are the same
 * bytes as with -j 1.  Built without MPI, a sweep has no StudyMpi (NULL)
 * and these calls are trivial. */
#ifndef TCPSIM_STUDY_MPI_H
#define TCPSIM_STUDY_MPI_H

#include "config.h"

#include <glib.h>

#include "study/study_runner.h"

typedef struct StudyMpi StudyMpi;

#ifdef HAVE_MPI

/* NULL when the process was not started by mpirun (or with one rank):
 * then the sweep runs alone, as without MPI. */
StudyMpi *study_mpi_init (int *argc, char ***argv);
void study_mpi_finish (StudyMpi *mpi);
gboolean study_mpi_is_root (const StudyMpi *mpi);
/* Rank 0's value of b, on every rank. */
gboolean study_mpi_agree (StudyMpi *mpi, gboolean b);
/* study_run() across ranks: tasks and n count on rank 0 only; on rank 0
 * reps[0..n) are filled and fn is called per block as results come in. */
StudyRunStatus study_mpi_run (StudyMpi *mpi, const StudyRunSpec *spec, const StudyTask *tasks,
                              gsize n, StudyRep *reps, StudyBlockFn fn, gpointer ctx,
                              GError **error);

#else

static inline StudyMpi *
study_mpi_init (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  return NULL;
}

static inline void
study_mpi_finish (StudyMpi *mpi)
{
  (void) mpi;
}

static inline gboolean
study_mpi_is_root (const StudyMpi *mpi)
{
  (void) mpi;
  return TRUE;
}

static inline gboolean
study_mpi_agree (StudyMpi *mpi, gboolean b)
{
  (void) mpi;
  return b;
}

static inline StudyRunStatus
study_mpi_run (StudyMpi *mpi, const StudyRunSpec *spec, const StudyTask *tasks, gsize n,
               StudyRep *reps, StudyBlockFn fn, gpointer ctx, GError **error)
{
  (void) mpi;
  return study_run (spec, tasks, n, reps, fn, ctx, error);
}

#endif

#endif
