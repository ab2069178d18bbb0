/* What a sweep reports per point: counts of outcomes with the failure
 * probability's Wilson interval, each time measure's statistics
 * (study_stats.h), mean retransmissions per connection by kind, and the
 * model beside them. */
#ifndef TCPSIM_STUDY_SUMMARY_H
#define TCPSIM_STUDY_SUMMARY_H

#include <glib.h>

#include "study/study_record.h"
#include "study/study_runner.h"
#include "study/study_stats.h"
#include "tcp/tcp.h"

#define STUDY_LEVEL 0.95

typedef struct
{
  guint64 runs, conns, completed, failed, incomplete;
  guint64 errors[TCP_ERROR_COUNT];
  double fail_p, fail_lo, fail_hi; /* NaN without connections */
  guint64 hs_failed;               /* never ESTABLISHED at the client: what
                                      the model's failure probability is of */
  double hs_fail_p, hs_fail_lo, hs_fail_hi;
  StudySummary m[STUDY_MEASURES];  /* seconds */
  double rtx[STUDY_RTX_KINDS];     /* per connection; NaN without connections */
  gboolean has_model;
  double model_mean, model_fail, csa_mean;
} StudyPointSummary;

/* The summary of replications reps[0..runs), all done. */
void study_summarize (const StudyRep *reps, guint32 runs, StudyPointSummary *out);

#endif
