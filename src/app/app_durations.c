/* Durations as distinct values with counts (app_durations.h). */
#include "app/app_durations.h"

#include <stdlib.h>
#include <string.h>

struct AppDurations
{
  GArray *vals;     /* AppDuration, distinct values */
  guint32 *index;   /* open addressing: 1 + position in vals, 0 = free */
  guint mask;       /* index size - 1 */
  guint64 samples;
  gboolean sorted;  /* vals is in increasing order */
};

static inline guint
slot_of (const AppDurations *d, SimTime v)
{
  guint64 z = (guint64) v;
  z = (z ^ (z >> 33)) * 0xff51afd7ed558ccdULL;
  z = (z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53ULL;
  return (guint) ((z ^ (z >> 33)) & d->mask);
}

static void
reindex (AppDurations *d, guint size)
{
  g_free (d->index);
  d->index = g_new0 (guint32, size);
  d->mask = size - 1;
  for (guint i = 0; i < d->vals->len; i++)
    {
      guint s = slot_of (d, g_array_index (d->vals, AppDuration, i).value);
      while (d->index[s] != 0)
        s = (s + 1) & d->mask;
      d->index[s] = i + 1;
    }
}

AppDurations *
app_durations_new (void)
{
  AppDurations *d = g_new0 (AppDurations, 1);
  d->vals = g_array_new (FALSE, FALSE, sizeof (AppDuration));
  d->sorted = TRUE;
  reindex (d, 16);
  return d;
}

void
app_durations_free (AppDurations *d)
{
  if (d == NULL)
    return;
  g_array_free (d->vals, TRUE);
  g_free (d->index);
  g_free (d);
}

void
app_durations_clear (AppDurations *d)
{
  g_array_set_size (d->vals, 0);
  memset (d->index, 0, (d->mask + 1) * sizeof *d->index);
  d->samples = 0;
  d->sorted = TRUE;
}

void
app_durations_add (AppDurations *d, SimTime v)
{
  d->samples++;
  guint s = slot_of (d, v);
  for (; d->index[s] != 0; s = (s + 1) & d->mask)
    {
      AppDuration *e = &g_array_index (d->vals, AppDuration, d->index[s] - 1);
      if (e->value == v)
        {
          e->count++;
          return;
        }
    }
  AppDuration e = { .value = v, .count = 1 };
  if (d->vals->len > 0 && g_array_index (d->vals, AppDuration, d->vals->len - 1).value > v)
    d->sorted = FALSE;
  g_array_append_val (d->vals, e);
  d->index[s] = d->vals->len;
  if ((guint64) d->vals->len * 2 > (guint64) d->mask + 1)
    reindex (d, (d->mask + 1) * 2);
}

guint64
app_durations_count (const AppDurations *d)
{
  return d->samples;
}

static int
cmp_value (const void *a, const void *b)
{
  SimTime x = ((const AppDuration *) a)->value, y = ((const AppDuration *) b)->value;
  return x < y ? -1 : x > y;
}

const AppDuration *
app_durations_sorted (AppDurations *d, guint *n)
{
  if (!d->sorted)
    {
      qsort (d->vals->data, d->vals->len, sizeof (AppDuration), cmp_value);
      reindex (d, d->mask + 1);
      d->sorted = TRUE;
    }
  *n = d->vals->len;
  return (const AppDuration *) d->vals->data;
}

gboolean
app_durations_mean (AppDurations *d, SimTime *out)
{
  if (d->samples == 0)
    return FALSE;
  guint n;
  const AppDuration *v = app_durations_sorted (d, &n);
  /* The sum in integers is exact (below 2^64 ns, 584 years); in double,
   * as the samples were summed one by one before, it is the same number
   * while below 2^53. */
  guint64 sum = 0;
  for (guint i = 0; i < n; i++)
    sum += (guint64) v[i].value * v[i].count;
  *out = (SimTime) ((double) sum / (double) d->samples + 0.5);
  return TRUE;
}

gboolean
app_durations_quantile (AppDurations *d, double q, SimTime *out)
{
  if (d->samples == 0)
    return FALSE;
  guint n;
  const AppDuration *v = app_durations_sorted (d, &n);
  /* Nearest rank: the ceil(q·n)-th smallest. */
  guint64 rank = (guint64) (q * (double) d->samples + 0.999999999);
  rank = MIN (MAX (rank, 1), d->samples);
  guint64 seen = 0;
  for (guint i = 0; i < n; i++)
    {
      seen += v[i].count;
      if (seen >= rank)
        {
          *out = v[i].value;
          return TRUE;
        }
    }
  g_assert_not_reached ();
}
