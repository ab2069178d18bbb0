/* A point's summary.  Failed connections stay in every count: the
 * failure probability is over all connections, and a time measure is over
 * the connections that reached it (a conditional mean), as docs/sweep.md
 * says. */
#include "study/study_summary.h"

#include <math.h>

void
study_summarize (const StudyRep *reps, guint32 runs, StudyPointSummary *out)
{
  *out = (StudyPointSummary) { 0 };
  out->runs = runs;
  guint64 total = 0;
  for (guint32 r = 0; r < runs; r++)
    total += reps[r].n;
  GArray *vals = g_array_sized_new (FALSE, FALSE, sizeof (double), total);
  double *rep_sum = g_new (double, MAX (runs, 1));
  double *rep_n = g_new (double, MAX (runs, 1));
  guint64 rtx[STUDY_RTX_KINDS] = { 0 };
  for (guint32 r = 0; r < runs; r++)
    for (guint32 i = 0; i < reps[r].n; i++)
      {
        const StudyRecord *rec = &reps[r].recs[i];
        out->conns++;
        if (rec->outcome == STUDY_OUTCOME_COMPLETED)
          out->completed++;
        else if (rec->outcome == STUDY_OUTCOME_INCOMPLETE)
          out->incomplete++;
        else if (rec->outcome > 0 && rec->outcome < TCP_ERROR_COUNT)
          out->errors[rec->outcome]++;
        if (rec->hs_client == STUDY_NONE)
          out->hs_failed++;
        for (int k = 0; k < STUDY_RTX_KINDS; k++)
          rtx[k] += rec->rtx[k];
      }
  out->failed = out->conns - out->completed;
  if (out->conns > 0)
    {
      out->fail_p = (double) out->failed / (double) out->conns;
      study_stats_wilson (out->failed, out->conns, STUDY_LEVEL, &out->fail_lo, &out->fail_hi);
      out->hs_fail_p = (double) out->hs_failed / (double) out->conns;
      study_stats_wilson (out->hs_failed, out->conns, STUDY_LEVEL, &out->hs_fail_lo, &out->hs_fail_hi);
      for (int k = 0; k < STUDY_RTX_KINDS; k++)
        out->rtx[k] = (double) rtx[k] / (double) out->conns;
    }
  else
    {
      out->fail_p = out->fail_lo = out->fail_hi = NAN;
      out->hs_fail_p = out->hs_fail_lo = out->hs_fail_hi = NAN;
      for (int k = 0; k < STUDY_RTX_KINDS; k++)
        out->rtx[k] = NAN;
    }
  for (int m = 0; m < STUDY_MEASURES; m++)
    {
      g_array_set_size (vals, 0);
      for (guint32 r = 0; r < runs; r++)
        {
          rep_sum[r] = rep_n[r] = 0;
          for (guint32 i = 0; i < reps[r].n; i++)
            {
              SimTime t = study_record_time (&reps[r].recs[i], (StudyMeasure) m);
              if (t == STUDY_NONE)
                continue;
              double s = sim_time_to_s (t);
              g_array_append_val (vals, s);
              rep_sum[r] += s;
              rep_n[r] += 1;
            }
        }
      study_stats_summary ((double *) vals->data, vals->len, rep_sum, rep_n, runs, STUDY_LEVEL,
                           &out->m[m]);
    }
  out->model_mean = out->model_fail = out->csa_mean = NAN;
  g_free (rep_sum);
  g_free (rep_n);
  g_array_free (vals, TRUE);
}
