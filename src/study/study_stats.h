/* Statistics of a sweep point (GSL).
 *
 * A point's samples are per connection, but connections inside one
 * replication are not independent, so the confidence interval of the mean
 * comes from replications: with y_i the sum and n_i the count of replication
 * i's samples (R replications with n_i > 0), the mean is the ratio
 * Σy/Σn and its variance the cluster-robust (delta method) estimate
 *   Var = Σ (y_i − mean·n_i)² / (R (R−1) n̄²),   n̄ = Σn/R,
 * with Student's t on R−1 degrees of freedom.  With one sample per
 * replication this is the usual t interval of s/√n.
 *
 * Quantiles are GSL's (gsl_stats_quantile_from_sorted_data: linear
 * interpolation between order statistics, R's type 7). */
#ifndef TCPSIM_STUDY_STATS_H
#define TCPSIM_STUDY_STATS_H

#include <glib.h>

typedef struct
{
  guint64 n;          /* samples */
  guint64 reps;       /* replications with at least one sample */
  double mean, sd;    /* sd: sample standard deviation (n−1); NaN when n < 2 */
  double ci_lo, ci_hi; /* interval of the mean at `level`; NaN when reps < 2 */
  double p50, p90, p99, max; /* NaN when n == 0 */
} StudySummary;

/* values[0..n): the samples, finite (sorted in place).  rep_sum[i], rep_n[i]
 * for i < nrep: each replication's sum and count (replications with rep_n 0
 * are skipped), consistent with values[] so that Σ rep_sum / Σ rep_n is the
 * mean; the arrays may be NULL when their count is 0.  level: e.g. 0.95; a
 * level outside (0, 1) leaves the interval NaN.  When every sample is equal
 * the interval has zero width (rounding in rep_sum does not widen it).
 * Every field NaN (n, reps 0) without samples. */
void study_stats_summary (double *values, gsize n, const double *rep_sum, const double *rep_n,
                          gsize nrep, double level, StudySummary *out);

/* The Wilson score interval of a proportion k/n at level; [0, 1] when
 * n == 0.  At k == 0 the lower bound is exactly 0, at k == n the upper
 * bound exactly 1.  NaN bounds when k > n or level is outside (0, 1). */
void study_stats_wilson (guint64 k, guint64 n, double level, double *lo, double *hi);

#endif
