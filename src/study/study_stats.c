/* The statistics of one sweep point: mean, sample standard deviation,
 * quantiles and maximum of its per-connection samples; a confidence
 * interval of the mean from replications (cluster-robust ratio variance);
 * and the Wilson score interval of a proportion.  Distributions, quantiles
 * and sorting are GSL's; nothing here approximates them by hand.
 *
 * Every input comes from a sweep the user described, so nothing here
 * asserts on it: what cannot be estimated (an sd from one sample, an
 * interval from one replication, any interval at a level outside (0, 1))
 * is NaN. */
#include "study/study_stats.h"

#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

/* True for 0 < level < 1; written so that a NaN level is rejected too. */
static gboolean
level_valid (double level)
{
  return level > 0.0 && level < 1.0;
}

/* Half the width of the interval of the ratio Σy/Σn over the replications
 * with rep_n > 0, and their number in *reps.  NaN when fewer than two
 * replications (no degree of freedom) or the level is invalid.  zero_spread
 * is set when every sample is equal: the estimator then has no variance,
 * and rounding in the callers' sums (3 × 0.1 is not 0.3) must not open a
 * spurious interval. */
static double
ratio_half_width (const double *rep_sum, const double *rep_n, gsize nrep, double level,
                  gboolean zero_spread, guint64 *reps)
{
  double sum_y = 0.0, sum_n = 0.0;
  guint64 r = 0;

  for (gsize i = 0; i < nrep; i++)
    /* !(x > 0) also skips a NaN count. */
    if (rep_n[i] > 0.0)
      {
        sum_y += rep_sum[i];
        sum_n += rep_n[i];
        r++;
      }
  *reps = r;
  if (r < 2 || !level_valid (level))
    return NAN;
  if (zero_spread)
    return 0.0;

  /* Residuals about the ratio of these very sums, so that they add up to
   * zero (up to rounding) whatever the caller's values[] said. */
  double ratio = sum_y / sum_n;
  double nbar = sum_n / (double) r;
  double ss = 0.0;
  for (gsize i = 0; i < nrep; i++)
    if (rep_n[i] > 0.0)
      {
        double e = rep_sum[i] - ratio * rep_n[i];
        ss += e * e;
      }
  double var = ss / ((double) r * (double) (r - 1) * nbar * nbar);

  /* The lower tail's quantile, negated: 1 − (1 − level)/2 would round near
   * 1 and lose digits that the small tail probability keeps. */
  double t = -gsl_cdf_tdist_Pinv ((1.0 - level) / 2.0, (double) (r - 1));
  return t * sqrt (var);
}

void
study_stats_summary (double *values, gsize n, const double *rep_sum, const double *rep_n,
                     gsize nrep, double level, StudySummary *out)
{
  out->n = n;
  out->reps = 0;
  out->mean = out->sd = NAN;
  out->ci_lo = out->ci_hi = NAN;
  out->p50 = out->p90 = out->p99 = out->max = NAN;
  if (n == 0)
    return;

  gsl_sort (values, 1, n);
  out->mean = gsl_stats_mean (values, 1, n);
  /* GSL divides by n − 1: with one sample that is 0/0. */
  if (n >= 2)
    out->sd = gsl_stats_sd_m (values, 1, n, out->mean);

  out->p50 = gsl_stats_quantile_from_sorted_data (values, 1, n, 0.50);
  out->p90 = gsl_stats_quantile_from_sorted_data (values, 1, n, 0.90);
  out->p99 = gsl_stats_quantile_from_sorted_data (values, 1, n, 0.99);
  out->max = values[n - 1];

  /* Sorted, so equal ends mean equal values. */
  gboolean zero_spread = values[0] == values[n - 1];
  double half = ratio_half_width (rep_sum, rep_n, nrep, level, zero_spread, &out->reps);
  out->ci_lo = out->mean - half;
  out->ci_hi = out->mean + half;
}

void
study_stats_wilson (guint64 k, guint64 n, double level, double *lo, double *hi)
{
  if (!level_valid (level) || k > n)
    {
      *lo = *hi = NAN;
      return;
    }
  if (n == 0)
    {
      *lo = 0.0;
      *hi = 1.0;
      return;
    }

  /* Wilson (1927), in the form Agresti & Coull (1998) give it:
   *   (p̂ + z²/2n ± z √(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n). */
  double z = -gsl_cdf_ugaussian_Pinv ((1.0 - level) / 2.0); /* as for t */
  double nn = (double) n;
  double p = (double) k / nn;
  double z2n = z * z / nn;
  double centre = (p + z2n / 2.0) / (1.0 + z2n);
  double half = z * sqrt (p * (1.0 - p) / nn + z2n / (4.0 * nn)) / (1.0 + z2n);

  /* At k = 0 (k = n) the bound is 0 (1) in exact arithmetic; computed, it
   * is a difference of nearly equal numbers that can land a hair outside
   * [0, 1].  Pin the exact ends, and clamp the rest. */
  *lo = k == 0 ? 0.0 : MAX (0.0, centre - half);
  *hi = k == n ? 1.0 : MIN (1.0, centre + half);
}
