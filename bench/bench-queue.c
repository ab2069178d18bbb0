/* Benchmark of the event queue (src/sim/sched.c) in the classic hold
 * model: the queue holds N pending timers; each step pops the earliest
 * (sim_step fires it) and its handler re-arms it at now plus an
 * exponentially distributed increment (mean 1 ms).  The queue size stays
 * N, so the cost per event is one pop and one push at that size.
 *
 * For each N the program runs untimed warm-up events (until the time
 * distribution in the queue settles), then timed events in chunks until
 * the target time has passed, and prints one line:
 *   hold N=1000 ops=... time=... s  ... M events/s
 * and at the end the peak resident set size. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <glib.h>

#include "sim/rng.h"
#include "sim/sched.h"
#include "sim/simtime.h"

#define BENCH_SEED G_GUINT64_CONSTANT (1)
#define HOLD_MEAN ((double) SIM_MS)

typedef struct
{
  SimRng rng;
} Hold;

typedef struct
{
  SimTimer timer;
  Hold *hold;
} HoldItem;

static SimTime
hold_increment (Hold *h)
{
  return (SimTime) (sim_rng_exponential (&h->rng, HOLD_MEAN) + 0.5);
}

static void
hold_fired (Sim *sim, gpointer ctx)
{
  HoldItem *it = ctx;
  sim_timer_arm_in (sim, &it->timer, hold_increment (it->hold));
}

static guint64
hold_steps (Sim *sim, guint64 n)
{
  guint64 done = 0;
  while (done < n && sim_step (sim, SIM_TIME_NEVER))
    done++;
  return done;
}

static void
bench_hold (gsize n, double target_s)
{
  Sim sim;
  Hold hold;
  sim_init (&sim);
  sim_rng_init (&hold.rng, BENCH_SEED, "bench/hold");
  HoldItem *items = g_new (HoldItem, n);
  for (gsize i = 0; i < n; i++)
    {
      items[i].hold = &hold;
      sim_timer_init (&items[i].timer, hold_fired, &items[i]);
      sim_timer_arm (&sim, &items[i].timer, hold_increment (&hold));
    }

  /* Warm-up: let every timer fire about once, untimed. */
  hold_steps (&sim, MAX (n, (gsize) 100000));

  const guint64 chunk = 100000;
  guint64 ops = 0;
  gint64 t0 = g_get_monotonic_time ();
  gint64 elapsed_us;
  do
    {
      guint64 done = hold_steps (&sim, chunk);
      g_assert (done == chunk);
      ops += done;
      elapsed_us = g_get_monotonic_time () - t0;
    }
  while ((double) elapsed_us < target_s * 1e6);

  double secs = (double) elapsed_us / 1e6;
  g_assert (sim.len == n);
  printf ("hold N=%-8" G_GSIZE_FORMAT " ops=%-10" G_GUINT64_FORMAT " time=%.3f s  %.2f M events/s"
          "  (%.1f ns/event, sim time %.3f s)\n",
          n, ops, secs, (double) ops / secs / 1e6, secs * 1e9 / (double) ops,
          sim_time_to_s (sim.now));
  fflush (stdout);

  sim_clear (&sim);
  g_free (items);
}

int
main (int argc, char *argv[])
{
  double target_s = 1.0;
  gchar *sizes_arg = NULL;
  GOptionEntry entries[] = {
    { "seconds", 't', 0, G_OPTION_ARG_DOUBLE, &target_s,
      "Timed seconds per queue size (default 1)", "S" },
    { "sizes", 'n', 0, G_OPTION_ARG_STRING, &sizes_arg,
      "Comma-separated queue sizes (default 1000,100000,1000000)", "N,..." },
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
  if (!(target_s > 0.0))
    {
      fprintf (stderr, "bench-queue: --seconds must be positive\n");
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
      bench_hold ((gsize) n, target_s);
    }
  g_strfreev (sizes);
  g_free (sizes_arg);

  struct rusage ru;
  if (getrusage (RUSAGE_SELF, &ru) == 0)
    printf ("peak RSS %.1f MB\n", (double) ru.ru_maxrss / 1024.0); /* ru_maxrss is in KiB */
  return status;
}
