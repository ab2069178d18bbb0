/* Benchmark of the event queue (src/sim/sched.c) in the classic hold
 * model, against today's binary heap (bench/old-heap.c) in the same run.
 *
 * The queue holds N pending timers; each step pops the earliest (sim_step
 * fires it) and its handler re-arms it at now plus a random increment:
 * exponentially distributed with mean 1 ms (the classic model: every
 * delay differs, so the queue's lanes never help), or with --delays K one
 * of K fixed delays (2 ms · j / (K + 1), j = 1 … K, mean 1 ms: timers of
 * one duration, as TCP's are).  The queue size stays N, so the cost per
 * event is one pop and one push at that size.
 *
 * Both queues run the same timers (same seed, same increments).  After an
 * untimed warm-up (every timer fires about once), the timed part
 * alternates between them, --reps slices each of --seconds / --reps, so
 * that a change in the machine's load hits both alike; it reports per N
 * the minimum and median ns per event of each and their ratio:
 *   hold N=1000000  exponential   new min   667.0 med   726.5 ns | old min  2020.4 med  2252.9 ns
 *     | old/new 3.03 (min) 3.10 (med)
 * (one line; 2-core AMD EPYC under load, 29 Nov 2026)
 *
 * --ops M instead times exactly M events of one queue (--queue new|old)
 * in one piece, for instruction counts that do not depend on the load:
 *   valgrind --tool=callgrind --toggle-collect='hold_timed_*' \
 *     bench/bench-queue --ops 200000 --queue new --sizes 1000000 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <glib.h>

#include "old-heap.h"
#include "sim/rng.h"
#include "sim/sched.h"
#include "sim/simtime.h"

#define BENCH_SEED G_GUINT64_CONSTANT (1)
#define HOLD_MEAN ((double) SIM_MS)

typedef struct
{
  SimRng rng;
  guint delays; /* 0: exponential */
} Hold;

static SimTime
hold_increment (Hold *h)
{
  if (h->delays == 0)
    return (SimTime) (sim_rng_exponential (&h->rng, HOLD_MEAN) + 0.5);
  guint64 j = 1 + sim_rng_next (&h->rng) % h->delays;
  return (SimTime) (2.0 * HOLD_MEAN * (double) j / (h->delays + 1) + 0.5);
}

static void
hold_init (Hold *h, guint delays)
{
  sim_rng_init (&h->rng, BENCH_SEED, "bench/hold");
  h->delays = delays;
}

/* ---- the new queue ------------------------------------------------------------ */

typedef struct
{
  SimTimer timer;
  Hold *hold;
} NewItem;

typedef struct
{
  Sim sim;
  Hold hold;
  NewItem *items;
} NewQueue;

static void
new_fired (Sim *sim, gpointer ctx)
{
  NewItem *it = ctx;
  sim_timer_arm_in (sim, &it->timer, hold_increment (it->hold));
}

static void
new_setup (NewQueue *q, gsize n, guint delays)
{
  sim_init (&q->sim);
  hold_init (&q->hold, delays);
  q->items = g_new (NewItem, n);
  for (gsize i = 0; i < n; i++)
    {
      q->items[i].hold = &q->hold;
      sim_timer_init (&q->items[i].timer, new_fired, &q->items[i]);
      sim_timer_arm (&q->sim, &q->items[i].timer, hold_increment (&q->hold));
    }
}

static inline void
new_steps (NewQueue *q, guint64 ops)
{
  for (guint64 i = 0; i < ops; i++)
    if (!sim_step (&q->sim, SIM_TIME_NEVER))
      g_error ("the new queue ran dry");
}

/* Timed and warm-up events go through different functions, so that
 * callgrind's --toggle-collect='hold_timed_*' counts only the timed. */
G_GNUC_NO_INLINE static void
hold_timed_new (NewQueue *q, guint64 ops)
{
  new_steps (q, ops);
}

G_GNUC_NO_INLINE static void
hold_warm_new (NewQueue *q, guint64 ops)
{
  new_steps (q, ops);
  g_assert (q->sim.now > 0); /* (and not folded into hold_timed_new) */
}

static void
new_teardown (NewQueue *q, gsize n)
{
  g_assert (q->sim.len == n);
  sim_clear (&q->sim);
  g_free (q->items);
}

/* ---- today's heap ----------------------------------------------------------- */

typedef struct
{
  OldTimer timer;
  Hold *hold;
} OldItem;

typedef struct
{
  OldHeap sim;
  Hold hold;
  OldItem *items;
} OldQueue;

static void
old_fired (OldHeap *sim, gpointer ctx)
{
  OldItem *it = ctx;
  old_heap_timer_arm (sim, &it->timer, sim_time_add (sim->now, hold_increment (it->hold)));
}

static void
old_setup (OldQueue *q, gsize n, guint delays)
{
  old_heap_init (&q->sim);
  hold_init (&q->hold, delays);
  q->items = g_new (OldItem, n);
  for (gsize i = 0; i < n; i++)
    {
      q->items[i].hold = &q->hold;
      old_heap_timer_init (&q->items[i].timer, old_fired, &q->items[i]);
      old_heap_timer_arm (&q->sim, &q->items[i].timer, hold_increment (&q->hold));
    }
}

static inline void
old_steps (OldQueue *q, guint64 ops)
{
  for (guint64 i = 0; i < ops; i++)
    if (!old_heap_step (&q->sim, SIM_TIME_NEVER))
      g_error ("the old heap ran dry");
}

/* Timed and warm-up events go through different functions, so that
 * callgrind's --toggle-collect='hold_timed_*' counts only the timed. */
G_GNUC_NO_INLINE static void
hold_timed_old (OldQueue *q, guint64 ops)
{
  old_steps (q, ops);
}

G_GNUC_NO_INLINE static void
hold_warm_old (OldQueue *q, guint64 ops)
{
  old_steps (q, ops);
  g_assert (q->sim.now > 0); /* (and not folded into hold_timed_old) */
}

static void
old_teardown (OldQueue *q, gsize n)
{
  g_assert (q->sim.len == n);
  old_heap_clear (&q->sim);
  g_free (q->items);
}

/* ---- timing ------------------------------------------------------------------ */

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *v, guint n)
{
  qsort (v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define CHUNK G_GUINT64_CONSTANT (20000)

/* Runs chunks of one queue until slice_s has passed; ns per event. */
#define TIME_SLICE(timed, q, slice_s, out)                                      \
  do                                                                            \
    {                                                                           \
      guint64 ops_ = 0;                                                         \
      gint64 t0_ = g_get_monotonic_time (), us_;                                \
      do                                                                        \
        {                                                                       \
          timed (q, CHUNK);                                                     \
          ops_ += CHUNK;                                                        \
          us_ = g_get_monotonic_time () - t0_;                                  \
        }                                                                       \
      while ((double) us_ < (slice_s) * 1e6);                                   \
      (out) = (double) us_ * 1e3 / (double) ops_;                               \
    }                                                                           \
  while (0)

static void
bench_hold (gsize n, guint delays, double target_s, guint reps)
{
  NewQueue *nq = g_new (NewQueue, 1);
  OldQueue *oq = g_new (OldQueue, 1);
  new_setup (nq, n, delays);
  old_setup (oq, n, delays);
  guint64 warm = MAX (n, (gsize) 100000);
  hold_warm_new (nq, warm);
  hold_warm_old (oq, warm);
  /* Same timers, same increments, same number of events: same clock. */
  g_assert (nq->sim.now == oq->sim.now);

  double *tn = g_new (double, reps), *to = g_new (double, reps);
  double slice = target_s / reps;
  for (guint r = 0; r < reps; r++)
    {
      /* Alternate which goes first, too. */
      if (r % 2 == 0)
        {
          TIME_SLICE (hold_timed_new, nq, slice, tn[r]);
          TIME_SLICE (hold_timed_old, oq, slice, to[r]);
        }
      else
        {
          TIME_SLICE (hold_timed_old, oq, slice, to[r]);
          TIME_SLICE (hold_timed_new, nq, slice, tn[r]);
        }
    }
  double nmed = median (tn, reps), omed = median (to, reps); /* sorts: [0] is the min */
  char kind[32] = "exponential";
  if (delays > 0)
    g_snprintf (kind, sizeof kind, "delays=%u", delays);
  printf ("hold N=%-8" G_GSIZE_FORMAT " %-13s new min %7.1f med %7.1f ns | old min %7.1f med %7.1f ns"
          " | old/new %.2f (min) %.2f (med)\n",
          n, kind,
          tn[0], nmed, to[0], omed, to[0] / tn[0], omed / nmed);
  fflush (stdout);
  g_free (tn);
  g_free (to);
  new_teardown (nq, n);
  old_teardown (oq, n);
  g_free (nq);
  g_free (oq);
}

static void
bench_fixed (gsize n, guint delays, guint64 ops, gboolean old)
{
  if (old)
    {
      OldQueue *q = g_new (OldQueue, 1);
      old_setup (q, n, delays);
      hold_warm_old (q, MAX (n, (gsize) 100000));
      hold_timed_old (q, ops);
      printf ("hold N=%" G_GSIZE_FORMAT " old heap: %" G_GUINT64_FORMAT " events timed\n", n, ops);
      old_teardown (q, n);
      g_free (q);
    }
  else
    {
      NewQueue *q = g_new (NewQueue, 1);
      new_setup (q, n, delays);
      hold_warm_new (q, MAX (n, (gsize) 100000));
      hold_timed_new (q, ops);
      printf ("hold N=%" G_GSIZE_FORMAT " new queue: %" G_GUINT64_FORMAT " events timed\n", n, ops);
      new_teardown (q, n);
      g_free (q);
    }
}

int
main (int argc, char *argv[])
{
  double target_s = 2.0;
  gint reps = 7, delays = 0;
  gint64 ops = 0;
  gchar *sizes_arg = NULL, *queue_arg = NULL;
  GOptionEntry entries[] = {
    { "seconds", 't', 0, G_OPTION_ARG_DOUBLE, &target_s,
      "Timed seconds per queue and size, over all repetitions (default 2)", "S" },
    { "reps", 'r', 0, G_OPTION_ARG_INT, &reps,
      "Interleaved repetitions (default 7)", "R" },
    { "sizes", 'n', 0, G_OPTION_ARG_STRING, &sizes_arg,
      "Comma-separated queue sizes (default 1000,100000,1000000)", "N,..." },
    { "delays", 'd', 0, G_OPTION_ARG_INT, &delays,
      "Increments from K fixed delays instead of exponential (default 0: exponential)", "K" },
    { "ops", 0, 0, G_OPTION_ARG_INT64, &ops,
      "Run exactly M timed events of one queue instead (for callgrind)", "M" },
    { "queue", 0, 0, G_OPTION_ARG_STRING, &queue_arg,
      "With --ops: new (default) or old", "new|old" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  GError *error = NULL;
  GOptionContext *ctx = g_option_context_new ("- event queue hold-model benchmark");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-queue: %s\n", error->message);
      g_error_free (error);
      g_option_context_free (ctx);
      return 2;
    }
  g_option_context_free (ctx);
  if (!(target_s > 0.0) || reps < 1 || delays < 0 || ops < 0)
    {
      fprintf (stderr, "bench-queue: --seconds, --reps and --ops must be positive, --delays not negative\n");
      return 2;
    }
  gboolean old = FALSE;
  if (queue_arg != NULL && strcmp (queue_arg, "old") == 0)
    old = TRUE;
  else if (queue_arg != NULL && strcmp (queue_arg, "new") != 0)
    {
      fprintf (stderr, "bench-queue: --queue is new or old, not \"%s\"\n", queue_arg);
      return 2;
    }

  gchar **sizes = g_strsplit (sizes_arg ? sizes_arg : "1000,100000,1000000", ",", -1);
  int status = 0;
  for (gchar **s = sizes; *s != NULL; s++)
    {
      guint64 n = 0;
      if (!g_ascii_string_to_unsigned (*s, 10, 1, G_MAXUINT32, &n, &error))
        {
          fprintf (stderr, "bench-queue: queue size \"%s\": %s\n", *s, error->message);
          g_clear_error (&error);
          status = 2;
          break;
        }
      if (ops > 0)
        bench_fixed ((gsize) n, (guint) delays, (guint64) ops, old);
      else
        bench_hold ((gsize) n, (guint) delays, target_s, (guint) reps);
    }
  g_strfreev (sizes);
  g_free (sizes_arg);
  g_free (queue_arg);

  struct rusage ru;
  if (getrusage (RUSAGE_SELF, &ru) == 0)
    printf ("peak RSS %.1f MB\n", (double) ru.ru_maxrss / 1024.0); /* ru_maxrss is in KiB */
  return status;
}
