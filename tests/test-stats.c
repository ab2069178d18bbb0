/* Tests of a sweep point's statistics (src/study/study_stats.c).
 *
 * Every expected value is computed apart from GSL: means, variances and
 * R type 7 quantiles exactly with python3's fractions (and cross-checked
 * with statistics.stdev and statistics.quantiles(method='inclusive'), which
 * is type 7); Student t quantiles from their closed forms at 2 and 4
 * degrees of freedom, checked against the printed table of the NIST/SEMATECH
 * e-Handbook §1.3.6.7.2 (4.303, 9.925 at ν = 2; 2.776, 4.604 at ν = 4) and,
 * at ν = 9 where no closed form is short, only to that table's three
 * decimals; normal quantiles from python3's statistics.NormalDist; Wilson
 * bounds from the formula of Agresti & Coull (1998) in python3, and checked
 * against the worked examples of Newcombe (1998) to their four decimals. */
#include <math.h>

#include <glib.h>

#include "study/study_stats.h"

#define REL 1e-9

/* |got − want| ≤ rel·|want|, or exact equality for want == 0. */
static void
assert_close (double got, double want, double rel)
{
  if (want == 0.0)
    g_assert_cmpfloat (got, ==, 0.0);
  else
    g_assert_cmpfloat_with_epsilon (got, want, rel * fabs (want));
}

/* Student's t quantile for ν = 2 and ν = 4 in closed form, by inverting
 * the closed-form CDFs F₂(t) = ½ + t / (2√(2 + t²)) and
 * F₄(t) = ½ + (3/8) u (1 − u²/12), u = t / √(1 + t²/4) (a cubic in u,
 * solved trigonometrically), so that the expected intervals do not come
 * from GSL itself; /stats/t-closed-forms-match-table checks them against
 * the printed table. */
static double
t_quantile_df2 (double p)
{
  return (2.0 * p - 1.0) / sqrt (2.0 * p * (1.0 - p));
}

static double
t_quantile_df4 (double p)
{
  double a = 4.0 * p * (1.0 - p);
  double q = cos (acos (sqrt (a)) / 3.0) / sqrt (a);
  return copysign (2.0 * sqrt (q - 1.0), p - 0.5);
}

/* ---- one sample per replication ------------------------------------------ */

/* 2.5, 7, 1, 4, 10.5 (given unsorted, as a sweep would): mean 5, variance
 * 115/8; p50 = x(3) = 4, p90 = x(4) + 0.6 (x(5) − x(4)) = 91/10,
 * p99 = x(4) + 0.96 (x(5) − x(4)) = 259/25 (fractions).  The 95% interval
 * is 5 ± t(0.975; 4) √(115/8 / 5) = [0.2923082791289042, 9.707691720871097],
 * the 99% one 5 ± t(0.995; 4) · same = [−2.806622672777581, 12.806622672777582]
 * (python3, closed-form t). */
static const double sample5[] = { 2.5, 7.0, 1.0, 4.0, 10.5 };

static void
test_one_per_rep_known (void)
{
  double v[5], ones[5];
  StudySummary s;

  for (int i = 0; i < 5; i++)
    {
      v[i] = sample5[i];
      ones[i] = 1.0;
    }
  study_stats_summary (v, 5, sample5, ones, 5, 0.95, &s);

  g_assert_cmpuint (s.n, ==, 5);
  g_assert_cmpuint (s.reps, ==, 5);
  assert_close (s.mean, 5.0, REL);
  assert_close (s.sd, sqrt (115.0 / 8.0), REL);
  assert_close (s.sd, 3.7914377220257753, REL);
  assert_close (s.ci_lo, 0.2923082791289042, REL);
  assert_close (s.ci_hi, 9.707691720871097, REL);
  assert_close (s.p50, 4.0, REL);
  assert_close (s.p90, 9.1, REL);
  assert_close (s.p99, 10.36, REL);
  g_assert_cmpfloat (s.max, ==, 10.5);

  /* The values come back sorted: the header says "sorted in place". */
  for (int i = 1; i < 5; i++)
    g_assert_cmpfloat (v[i - 1], <=, v[i]);

  for (int i = 0; i < 5; i++)
    v[i] = sample5[i];
  study_stats_summary (v, 5, sample5, ones, 5, 0.99, &s);
  assert_close (s.ci_lo, -2.806622672777581, REL);
  assert_close (s.ci_hi, 12.806622672777582, REL);
}

/* The closed forms above agree with the printed table (NIST/SEMATECH
 * e-Handbook §1.3.6.7.2) to its three decimals. */
static void
test_t_closed_forms_match_table (void)
{
  g_assert_cmpfloat_with_epsilon (t_quantile_df2 (0.975), 4.303, 5e-4);
  g_assert_cmpfloat_with_epsilon (t_quantile_df2 (0.995), 9.925, 5e-4);
  g_assert_cmpfloat_with_epsilon (t_quantile_df4 (0.975), 2.776, 5e-4);
  g_assert_cmpfloat_with_epsilon (t_quantile_df4 (0.995), 4.604, 5e-4);
}

/* 12 3 7 7 20 1 15 9 4 11: mean 89/10, variance 3029/90, p50 8, p90 31/2,
 * p99 391/20 (fractions; statistics.quantiles agrees).  ν = 9: the t factor
 * (half width over s/√n) is checked against the table's 2.262 and 3.250. */
static void
test_one_per_rep_df9_table (void)
{
  static const double x[] = { 12, 3, 7, 7, 20, 1, 15, 9, 4, 11 };
  double v[10], ones[10];
  StudySummary s;

  for (int i = 0; i < 10; i++)
    {
      v[i] = x[i];
      ones[i] = 1.0;
    }
  study_stats_summary (v, 10, x, ones, 10, 0.95, &s);
  assert_close (s.mean, 8.9, REL);
  assert_close (s.sd, sqrt (3029.0 / 90.0), REL);
  assert_close (s.p50, 8.0, REL);
  assert_close (s.p90, 15.5, REL);
  assert_close (s.p99, 19.55, REL);
  g_assert_cmpfloat (s.max, ==, 20.0);
  double se = sqrt (3029.0 / 90.0 / 10.0);
  g_assert_cmpfloat_with_epsilon ((s.ci_hi - s.mean) / se, 2.262, 5e-4);
  g_assert_cmpfloat_with_epsilon ((s.mean - s.ci_lo) / se, 2.262, 5e-4);

  for (int i = 0; i < 10; i++)
    v[i] = x[i];
  study_stats_summary (v, 10, x, ones, 10, 0.99, &s);
  g_assert_cmpfloat_with_epsilon ((s.ci_hi - s.mean) / se, 3.250, 5e-4);
}

/* ---- several samples per replication ------------------------------------- */

/* Replications {1, 2, 3}, {4, 6}, {} and {2, 2.5, 3.5, 5}: the empty one is
 * skipped, so R = 3, y = (6, 10, 13), n = (3, 2, 4), ratio 29/9, n̄ = 3 and
 * Var = Σ (y − 29/9 n)² / (3 · 2 · 9) = 1057/2187 (fractions).  The 95%
 * interval is 29/9 ± t(0.975; 2) √(1057/2187)
 * = [0.23099504914794444, 6.2134493952965] (python3, closed-form t). */
static void
test_cluster_robust (void)
{
  double v[] = { 1.0, 2.0, 3.0, 4.0, 6.0, 2.0, 2.5, 3.5, 5.0 };
  const double rep_sum[] = { 6.0, 10.0, 0.0, 13.0 };
  const double rep_n[] = { 3.0, 2.0, 0.0, 4.0 };
  StudySummary s;

  study_stats_summary (v, G_N_ELEMENTS (v), rep_sum, rep_n, 4, 0.95, &s);
  g_assert_cmpuint (s.n, ==, 9);
  g_assert_cmpuint (s.reps, ==, 3);
  assert_close (s.mean, 29.0 / 9.0, REL);
  assert_close (s.mean, (6.0 + 10.0 + 13.0) / (3.0 + 2.0 + 4.0), 1e-15);
  /* statistics.stdev of the nine values. */
  assert_close (s.sd, 1.5833333333333333, REL);
  assert_close (s.ci_lo, 0.23099504914794444, REL);
  assert_close (s.ci_hi, 6.2134493952965, REL);

  double half = t_quantile_df2 (0.975) * sqrt (1057.0 / 2187.0);
  assert_close (s.ci_hi - s.mean, half, REL);
}

/* With n_i = 1 the cluster-robust variance is s²/R, so the interval is the
 * textbook mean ± t(ν = R − 1) s/√n built here from the summary's own sd. */
static void
test_cluster_one_per_rep_is_t_interval (void)
{
  double v[5], ones[5];
  StudySummary s;

  for (int i = 0; i < 5; i++)
    {
      v[i] = sample5[i];
      ones[i] = 1.0;
    }
  study_stats_summary (v, 5, sample5, ones, 5, 0.95, &s);
  double half = t_quantile_df4 (0.975) * s.sd / sqrt (5.0);
  assert_close (s.ci_lo, s.mean - half, 1e-12);
  assert_close (s.ci_hi, s.mean + half, 1e-12);
}

/* ---- Wilson score intervals ----------------------------------------------- */

typedef struct
{
  guint64 k, n;
  double level;
  double lo, hi;
} WilsonCase;

/* python3: z = NormalDist().inv_cdf(1 − (1 − level)/2) (1.9599639845400536,
 * 2.5758293035489), bounds (p̂ + z²/2n ± z √(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n);
 * at k = 0 and k = n the exact ends 0 and 1. */
static const WilsonCase wilson_cases[] = {
  { 0, 10, 0.95, 0.0, 0.27753279986288915 },
  { 1, 10, 0.95, 0.017876213095072896, 0.40415002679523837 },
  { 10, 10, 0.95, 0.7224672001371109, 1.0 },
  { 0, 1000, 0.95, 0.0, 0.0038267584855551217 },
  { 1, 1000, 0.95, 0.00017654637062607809, 0.005642558597957934 },
  { 1000, 1000, 0.95, 0.996173241514445, 1.0 },
  { 0, 10, 0.99, 0.0, 0.39885409330490795 },
  { 1, 10, 0.99, 0.011851503411032915, 0.5072317712328934 },
  { 10, 10, 0.99, 0.6011459066950919, 1.0 },
  { 0, 1000, 0.99, 0.0, 0.006591164903406826 },
  { 1, 1000, 0.99, 0.00011741635361832078, 0.008460566219981692 },
  { 1000, 1000, 0.99, 0.9934088350965931, 1.0 },
};

static void
test_wilson_known (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (wilson_cases); i++)
    {
      const WilsonCase *c = &wilson_cases[i];
      double lo, hi;

      study_stats_wilson (c->k, c->n, c->level, &lo, &hi);
      assert_close (lo, c->lo, REL);
      assert_close (hi, c->hi, REL);
      /* The ends are exact, not merely close. */
      if (c->k == 0)
        g_assert_cmpfloat (lo, ==, 0.0);
      if (c->k == c->n)
        g_assert_cmpfloat (hi, ==, 1.0);
    }
}

/* Newcombe, "Two-sided confidence intervals for the single proportion",
 * Statistics in Medicine 17 (1998): the Wilson score interval (his method
 * 3) of his examples 0/20, 1/29, 15/148, 81/263 at 95%, printed to four
 * decimals. */
static void
test_wilson_newcombe (void)
{
  static const WilsonCase cases[] = {
    { 0, 20, 0.95, 0.0, 0.1611 },
    { 1, 29, 0.95, 0.0061, 0.1718 },
    { 15, 148, 0.95, 0.0624, 0.1605 },
    { 81, 263, 0.95, 0.2553, 0.3662 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double lo, hi;

      study_stats_wilson (cases[i].k, cases[i].n, cases[i].level, &lo, &hi);
      g_assert_cmpfloat_with_epsilon (lo, cases[i].lo, 5e-5);
      g_assert_cmpfloat_with_epsilon (hi, cases[i].hi, 5e-5);
    }
}

static void
test_wilson_edges (void)
{
  double lo, hi;

  study_stats_wilson (0, 0, 0.95, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0.0);
  g_assert_cmpfloat (hi, ==, 1.0);

  /* One trial: both exact ends still hold. */
  study_stats_wilson (0, 1, 0.95, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0.0);
  g_assert_cmpfloat (hi, <, 1.0);
  study_stats_wilson (1, 1, 0.95, &lo, &hi);
  g_assert_cmpfloat (lo, >, 0.0);
  g_assert_cmpfloat (hi, ==, 1.0);

  /* Not a proportion, or not a level: NaN, not an abort. */
  study_stats_wilson (3, 2, 0.95, &lo, &hi);
  g_assert_true (isnan (lo) && isnan (hi));
  static const double bad_levels[] = { 0.0, 1.0, -0.5, 1.5, NAN };
  for (gsize i = 0; i < G_N_ELEMENTS (bad_levels); i++)
    {
      study_stats_wilson (1, 10, bad_levels[i], &lo, &hi);
      g_assert_true (isnan (lo) && isnan (hi));
    }
}

/* ---- edge cases of a summary ---------------------------------------------- */

static void
assert_all_nan (const StudySummary *s)
{
  g_assert_true (isnan (s->mean) && isnan (s->sd));
  g_assert_true (isnan (s->ci_lo) && isnan (s->ci_hi));
  g_assert_true (isnan (s->p50) && isnan (s->p90) && isnan (s->p99) && isnan (s->max));
}

static void
test_edge_empty (void)
{
  StudySummary s;

  study_stats_summary (NULL, 0, NULL, NULL, 0, 0.95, &s);
  g_assert_cmpuint (s.n, ==, 0);
  g_assert_cmpuint (s.reps, ==, 0);
  assert_all_nan (&s);

  /* Replications that ran but measured nothing. */
  const double rep_sum[] = { 0.0, 0.0 };
  const double rep_n[] = { 0.0, 0.0 };
  study_stats_summary (NULL, 0, rep_sum, rep_n, 2, 0.95, &s);
  g_assert_cmpuint (s.n, ==, 0);
  g_assert_cmpuint (s.reps, ==, 0);
  assert_all_nan (&s);
}

static void
test_edge_one_sample (void)
{
  double v[] = { 42.5 };
  const double rep_sum[] = { 0.0, 42.5, 0.0 };
  const double rep_n[] = { 0.0, 1.0, 0.0 };
  StudySummary s;

  study_stats_summary (v, 1, rep_sum, rep_n, 3, 0.95, &s);
  g_assert_cmpuint (s.n, ==, 1);
  g_assert_cmpuint (s.reps, ==, 1);
  g_assert_cmpfloat (s.mean, ==, 42.5);
  g_assert_true (isnan (s.sd));
  g_assert_true (isnan (s.ci_lo) && isnan (s.ci_hi));
  g_assert_cmpfloat (s.p50, ==, 42.5);
  g_assert_cmpfloat (s.p90, ==, 42.5);
  g_assert_cmpfloat (s.p99, ==, 42.5);
  g_assert_cmpfloat (s.max, ==, 42.5);
}

/* One replication: an sd of its samples, but no degree of freedom for an
 * interval.  1 2 3 4: mean 5/2, variance 5/3; p50 2.5, p90 3.7, p99 3.97. */
static void
test_edge_one_rep (void)
{
  double v[] = { 4.0, 1.0, 3.0, 2.0 };
  const double rep_sum[] = { 10.0 };
  const double rep_n[] = { 4.0 };
  StudySummary s;

  study_stats_summary (v, 4, rep_sum, rep_n, 1, 0.95, &s);
  g_assert_cmpuint (s.n, ==, 4);
  g_assert_cmpuint (s.reps, ==, 1);
  assert_close (s.mean, 2.5, REL);
  assert_close (s.sd, sqrt (5.0 / 3.0), REL);
  g_assert_true (isnan (s.ci_lo) && isnan (s.ci_hi));
  assert_close (s.p50, 2.5, REL);
  assert_close (s.p90, 3.7, REL);
  assert_close (s.p99, 3.97, REL);
  g_assert_cmpfloat (s.max, ==, 4.0);
}

/* Equal values: sd 0 and an interval of zero width at the mean, also when
 * the replication sums carry rounding (3 × 0.1 ≠ 0.3 in binary). */
static void
test_edge_equal_values (void)
{
  double v[7];
  const double ones[] = { 1, 1, 1, 1, 1, 1, 1 };
  const double each[] = { 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1 };
  StudySummary s;

  for (int i = 0; i < 7; i++)
    v[i] = 0.1;
  study_stats_summary (v, 7, each, ones, 7, 0.95, &s);
  g_assert_cmpuint (s.reps, ==, 7);
  g_assert_cmpfloat (s.mean, ==, 0.1);
  g_assert_cmpfloat (s.sd, ==, 0.0);
  g_assert_cmpfloat (s.ci_lo, ==, 0.1);
  g_assert_cmpfloat (s.ci_hi, ==, 0.1);
  g_assert_cmpfloat (s.p50, ==, 0.1);
  g_assert_cmpfloat (s.p99, ==, 0.1);
  g_assert_cmpfloat (s.max, ==, 0.1);

  const double rep_sum[] = { 0.1 + 0.1 + 0.1, 0.1 + 0.1 + 0.1 + 0.1 };
  const double rep_n[] = { 3.0, 4.0 };
  for (int i = 0; i < 7; i++)
    v[i] = 0.1;
  study_stats_summary (v, 7, rep_sum, rep_n, 2, 0.95, &s);
  g_assert_cmpuint (s.reps, ==, 2);
  g_assert_cmpfloat (s.sd, ==, 0.0);
  g_assert_cmpfloat (s.ci_lo, ==, s.mean);
  g_assert_cmpfloat (s.ci_hi, ==, s.mean);
  assert_close (s.mean, 0.1, 1e-15);
}

/* A level outside (0, 1) leaves the interval NaN and the rest intact. */
static void
test_edge_bad_level (void)
{
  static const double bad_levels[] = { 0.0, 1.0, -0.5, 1.5, NAN };
  double v[5], ones[5];
  StudySummary s;

  for (gsize j = 0; j < G_N_ELEMENTS (bad_levels); j++)
    {
      for (int i = 0; i < 5; i++)
        {
          v[i] = sample5[i];
          ones[i] = 1.0;
        }
      study_stats_summary (v, 5, sample5, ones, 5, bad_levels[j], &s);
      g_assert_cmpuint (s.reps, ==, 5);
      assert_close (s.mean, 5.0, REL);
      g_assert_true (isnan (s.ci_lo) && isnan (s.ci_hi));
      g_assert_cmpfloat (s.max, ==, 10.5);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stats/t-closed-forms-match-table", test_t_closed_forms_match_table);
  g_test_add_func ("/stats/summary/one-per-rep-known", test_one_per_rep_known);
  g_test_add_func ("/stats/summary/one-per-rep-df9-table", test_one_per_rep_df9_table);
  g_test_add_func ("/stats/summary/cluster-robust", test_cluster_robust);
  g_test_add_func ("/stats/summary/cluster-one-per-rep-is-t-interval",
                   test_cluster_one_per_rep_is_t_interval);
  g_test_add_func ("/stats/wilson/known", test_wilson_known);
  g_test_add_func ("/stats/wilson/newcombe-table", test_wilson_newcombe);
  g_test_add_func ("/stats/wilson/edges", test_wilson_edges);
  g_test_add_func ("/stats/edge/empty", test_edge_empty);
  g_test_add_func ("/stats/edge/one-sample", test_edge_one_sample);
  g_test_add_func ("/stats/edge/one-rep", test_edge_one_rep);
  g_test_add_func ("/stats/edge/equal-values", test_edge_equal_values);
  g_test_add_func ("/stats/edge/bad-level", test_edge_bad_level);

  return g_test_run ();
}
