/* A multiset of durations: each distinct value once, with its count.
 * In a deterministic simulation durations repeat heavily (every lossless
 * lifecycle of workload W takes the same time; losses add whole RTOs), so
 * the table stays small while every statistic over it (mean, nearest-rank
 * percentiles, min, max) is exactly what the list of all samples gives.
 * The distinct values are sorted once, when a statistic is first asked
 * for after new values arrived. */
#ifndef TCPSIM_APP_DURATIONS_H
#define TCPSIM_APP_DURATIONS_H

#include <glib.h>

#include "sim/simtime.h"

typedef struct AppDurations AppDurations;

typedef struct
{
  SimTime value;
  guint64 count;
} AppDuration;

AppDurations *app_durations_new (void);
void app_durations_free (AppDurations *d);
/* Forgets every sample, keeping the storage. */
void app_durations_clear (AppDurations *d);
void app_durations_add (AppDurations *d, SimTime v);
/* Samples added (with repeats). */
guint64 app_durations_count (const AppDurations *d);
/* The distinct values in increasing order, each with its count; *n is
 * set to their number.  Valid until the next add or clear. */
const AppDuration *app_durations_sorted (AppDurations *d, guint *n);
/* The mean, rounded to the nanosecond as the sum of the samples in
 * double divided by their number (exact while the sum is below 2^53 ns,
 * and the sum itself exact below 2^64 ns); the q-quantile by nearest
 * rank, the ceil(q n)-th smallest sample.  FALSE without samples. */
gboolean app_durations_mean (AppDurations *d, SimTime *out);
gboolean app_durations_quantile (AppDurations *d, double q, SimTime *out);

#endif
