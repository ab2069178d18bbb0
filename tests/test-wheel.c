/* The Linux timer wheel model (sim/timerwheel.c) on its own, then the
 * handshakes it changes, run over many jiffies phases
 * (docs/linux-behaviour.md, "Timers fire late").  Random phases come from fixed seeds,
 * printed on failure; distributions are checked with GSL's chi-square
 * tail at the 0.1 % level, so a correct model fails about once in a
 * thousand seeds (the seeds here pass). */
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <gsl/gsl_cdf.h>

#include "scenario/scenario.h"
#include "scenario/scn_expect.h"
#include "scenario/scn_world.h"
#include "sim/rng.h"
#include "sim/timerwheel.h"
#include "tcp/tcp.h"
#include "trace/trace.h"

#define MS SIM_MS
#define S SIM_S
#define HZ 250
#define TICK (4 * MS)
#define PHASE_RANGE ((SimTime) SIM_WHEEL_PHASE_TICKS * TICK)

/* ---- the pure functions ----------------------------------------------------- */

static void
test_jiffies_and_ticks (void)
{
  /* Phase 0: tick k at k · 4 ms; J(t) counts the ticks at or before t. */
  g_assert_cmpuint (sim_wheel_jiffies (0, 0, HZ), ==, 0);
  g_assert_cmpuint (sim_wheel_jiffies (TICK - 1, 0, HZ), ==, 0);
  g_assert_cmpuint (sim_wheel_jiffies (TICK, 0, HZ), ==, 1);
  g_assert_cmpuint (sim_wheel_jiffies (1 * S, 0, HZ), ==, 250);
  /* A phase of 1 ms: the host has been up 1 ms at time 0. */
  g_assert_cmpuint (sim_wheel_jiffies (3 * MS - 1, 1 * MS, HZ), ==, 0);
  g_assert_cmpuint (sim_wheel_jiffies (3 * MS, 1 * MS, HZ), ==, 1);
  g_assert_cmpint (sim_wheel_tick_time (1, 1 * MS, HZ), ==, 3 * MS);
  g_assert_cmpint (sim_wheel_tick_time (250, 0, HZ), ==, 1 * S);
  /* HZ = 300 does not divide a second: ticks round up to a nanosecond. */
  g_assert_cmpint (sim_wheel_tick_time (1, 0, 300), ==, 3333334);
  g_assert_cmpuint (sim_wheel_jiffies (3333334, 0, 300), ==, 1);
  g_assert_cmpuint (sim_wheel_jiffies (3333333, 0, 300), ==, 0);
}

static void
test_to_jiffies_rounds_up (void)
{
  /* usecs_to_jiffies rounds up: 300 ms is 75 jiffies, 300.75 ms 76. */
  g_assert_cmpuint (sim_wheel_to_jiffies (0, HZ), ==, 0);
  g_assert_cmpuint (sim_wheel_to_jiffies (1, HZ), ==, 1);
  g_assert_cmpuint (sim_wheel_to_jiffies (40 * MS, HZ), ==, 10);
  g_assert_cmpuint (sim_wheel_to_jiffies (300 * MS, HZ), ==, 75);
  g_assert_cmpuint (sim_wheel_to_jiffies (300750 * SIM_US, HZ), ==, 76);
  g_assert_cmpint (sim_wheel_from_jiffies (76, HZ), ==, 304 * MS);
  g_assert_cmpuint (sim_wheel_to_jiffies (1 * S, HZ), ==, 250);
  g_assert_cmpuint (sim_wheel_to_jiffies (1 * S, 1000), ==, 1000);
}

static void
test_levels (void)
{
  /* LVL_START: 63, 504, 4032, 32256, 258048 (63 · 8^(L-1)). */
  static const struct
  {
    guint64 delta;
    guint level;
  } cases[] = {
    { 0, 0 }, { 62, 0 }, { 63, 1 }, { 503, 1 }, { 504, 2 }, { 4031, 2 }, { 4032, 3 },
    { 32255, 3 }, { 32256, 4 }, { 258047, 4 }, { 258048, 5 }, { G_MAXUINT32, 8 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("delta %" G_GUINT64_FORMAT, cases[i].delta);
      g_assert_cmpuint (sim_wheel_level (cases[i].delta), ==, cases[i].level);
    }
  /* A 1 s timer armed at jiffy 0: 250 jiffies on level 1, fires at the
   * next multiple of 8 above: 256.  A 40 ms delayed ACK (10 jiffies, level
   * 0) at jiffy 11.  A 4 s timer (1000, level 2) at 1024. */
  g_assert_cmpuint (sim_wheel_fire_tick (250, 0), ==, 256);
  g_assert_cmpuint (sim_wheel_fire_tick (256 + 250, 256), ==, 256 + 256);
  g_assert_cmpuint (sim_wheel_fire_tick (10, 0), ==, 11);
  g_assert_cmpuint (sim_wheel_fire_tick (1000, 0), ==, 1024);
  g_assert_cmpuint (sim_wheel_fire_tick (1024, 0), ==, 1088);
}

/* Lateness of a timer of a whole number of jiffies from lo_timeout to
 * hi_timeout, armed at a random instant with a random phase, n times: all
 * within (0, max], and uniform on it (chi-square over `bins` equal parts
 * of max, when bins > 0).  Never early. */
static void
check_lateness (guint64 seed, SimTime lo_timeout, SimTime hi_timeout, SimTime max, guint bins)
{
  const guint n = 10000;
  SimRng rng;
  sim_rng_init (&rng, seed, "test-wheel");
  guint *count = g_new0 (guint, MAX (bins, 1));
  SimTime worst = 0, best = SIM_TIME_MAX;
  for (guint i = 0; i < n; i++)
    {
      SimTime phase = (SimTime) (sim_rng_next (&rng) % (guint64) PHASE_RANGE);
      SimTime now = (SimTime) (sim_rng_next (&rng) % (guint64) (1000 * S));
      /* Whole jiffies, as TCP's timeouts are (a fraction of a jiffy more
       * rounds up to one more jiffy: usecs_to_jiffies). */
      SimTime timeout = lo_timeout
                        + TICK * (SimTime) (sim_rng_next (&rng) % (guint64) ((hi_timeout - lo_timeout) / TICK + 1));
      SimTime late = sim_wheel_fire (now, timeout, phase, HZ) - (now + timeout);
      if (late <= 0 || late > max)
        g_error ("seed %" G_GUINT64_FORMAT ": a %.9f s timer armed at %.9f s with phase %.9f s "
                 "fires %.9f s late, outside (0, %.3f]", seed, sim_time_to_s (timeout),
                 sim_time_to_s (now), sim_time_to_s (phase), sim_time_to_s (late),
                 sim_time_to_s (max));
      worst = MAX (worst, late);
      best = MIN (best, late);
      if (bins > 0)
        count[MIN ((guint) ((late - 1) * bins / max), bins - 1)]++;
    }
  if (bins > 0)
    {
      double chi2 = 0, e = (double) n / bins;
      for (guint b = 0; b < bins; b++)
        chi2 += (count[b] - e) * (count[b] - e) / e;
      double p = gsl_cdf_chisq_Q (chi2, bins - 1);
      g_test_message ("seed %" G_GUINT64_FORMAT ": lateness %.6f to %.6f s, chi-square %.2f on %u df, "
                      "P = %.4f", seed, sim_time_to_s (best), sim_time_to_s (worst), chi2, bins - 1, p);
      if (p < 0.001)
        g_error ("seed %" G_GUINT64_FORMAT ": lateness of %.3f-%.3f s timers is not uniform on "
                 "(0, %.3f] s: chi-square %.2f on %u df, P = %.5f", seed,
                 sim_time_to_s (lo_timeout), sim_time_to_s (hi_timeout), sim_time_to_s (max), chi2,
                 bins - 1, p);
    }
  g_free (count);
}

static void
test_lateness_1s (void)
{
  /* Level 1, 32 ms buckets: (0, 32 ms], uniform. */
  check_lateness (1, 1 * S, 1 * S, 32 * MS, 32);
}

static void
test_lateness_2s_16s (void)
{
  /* Level 2 (256 ms buckets); 2 to 2.016 s is still level 1. */
  check_lateness (2, 2 * S, 16 * S, 256 * MS, 0);
  check_lateness (3, 2100 * MS, 16 * S, 256 * MS, 32);
}

static void
test_lateness_16s_128s (void)
{
  /* Level 3, 2.048 s buckets (128 s is 32000 jiffies, still level 3). */
  check_lateness (4, 16200 * MS, 128 * S, 2048 * MS, 32);
}

static void
test_lateness_level0 (void)
{
  /* The 40 ms delayed ACK: 10 jiffies on level 0, fires 40-44 ms after it
   * was armed (docs/linux-behaviour.md). */
  check_lateness (5, 40 * MS, 40 * MS, 4 * MS, 16);
}

/* ---- handshakes over phases ------------------------------------------------ */

typedef struct
{
  SimTime established;    /* the client's ESTABLISHED, or -1 */
  SimTime etimedout;      /* the client's ETIMEDOUT, or -1 */
  SimTime synack[16];     /* the server's SYN-ACKs sent */
  guint nsynack;
} Seen;

static void
seen_event (gpointer ctx, const TraceEvent *ev)
{
  Seen *s = ctx;
  gboolean client = g_strcmp0 (ev->host, "client") == 0;
  if (ev->kind == TRACE_STATE && client && ev->state == TCP_STATE_ESTABLISHED && s->established < 0)
    s->established = ev->time;
  else if (ev->kind == TRACE_ERROR && client && ev->error == TCP_ETIMEDOUT)
    s->etimedout = ev->time;
  else if (ev->kind == TRACE_SEND && !client
           && (ev->seg->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == (TCP_FLAG_SYN | TCP_FLAG_ACK)
           && s->nsynack < G_N_ELEMENTS (s->synack))
    s->synack[s->nsynack++] = ev->time;
}

static Seen
run_phases (const char *body, SimTime client_phase, SimTime server_phase)
{
  char *text = g_strdup_printf ("profile linux\n"
                                "host client 10.0.0.1 jiffies_phase %" G_GINT64_FORMAT "ns\n"
                                "host server 10.0.0.2 jiffies_phase %" G_GINT64_FORMAT "ns\n"
                                "link client <-> server delay 50ms\n"
                                "at 0s server listen 80\n"
                                "at 0s client connect server:80 as c\n%s",
                                client_phase, server_phase, body);
  GError *err = NULL;
  Scenario *scn = scn_parse_string ("wheel.scn", text, NULL, 0, &err);
  g_assert_no_error (err);
  World *w = world_new (scn, TRUE, 1, &err);
  g_assert_no_error (err);
  Seen s = { .established = -1, .etimedout = -1 };
  trace_bus_subscribe (&w->bus, seen_event, &s);
  world_run (w, NULL);
  world_free (w);
  scn_free (scn);
  g_free (text);
  return s;
}

/* The first two SYN-ACKs lost.  The server's SYN-ACK timer (armed at
 * 0.05 s) and the client's retransmitted SYN (sent at 1 s) are both due
 * at 1.05 s nominal.  When the timer fires first (its lateness below the
 * client's), its SYN-ACK is the lost second one and the duplicate SYN,
 * arriving a few ms later, draws a third at once: connect() returns at
 * 1.1 s plus the client's lateness.  When the SYN arrives first, its
 * answer is the lost second SYN-ACK, the timer is pushed a second on and
 * connect() waits until about 2.1 s (at nominal instants, always). */
static void
first_two_synacks_lost (gboolean one_clock)
{
  const guint n = 2000;
  const guint64 seed = 6;
  SimRng rng;
  sim_rng_init (&rng, seed, "test-wheel/phases");
  guint early = 0;
  double gap_sum = 0;
  for (guint i = 0; i < n; i++)
    {
      SimTime pc = (SimTime) (sim_rng_next (&rng) % (guint64) PHASE_RANGE);
      SimTime ps = one_clock ? pc : (SimTime) (sim_rng_next (&rng) % (guint64) PHASE_RANGE);
      Seen s = run_phases ("fault server -> client drop SYN-ACK #1\n"
                           "fault server -> client drop SYN-ACK #2\nrun until 10s\n",
                           pc, ps);
      if (s.established < 0 || s.nsynack < 3)
        g_error ("seed %" G_GUINT64_FORMAT " run %u (phases %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                 " ns): not established by three SYN-ACKs", seed, i, pc, ps);
      SimTime gap = s.synack[2] - s.synack[1];
      if (s.established <= 1170 * MS)
        {
          /* The timer fired first: two SYN-ACKs less than one 32 ms bucket
           * apart, connect() in 1.09-1.17 s. */
          if (s.established < 1090 * MS || gap <= 0 || gap >= 32 * MS)
            g_error ("seed %" G_GUINT64_FORMAT " run %u: established at %.6f s, SYN-ACKs %.6f s "
                     "apart", seed, i, sim_time_to_s (s.established), sim_time_to_s (gap));
          if (one_clock && gap != 18 * MS)
            g_error ("seed %" G_GUINT64_FORMAT " run %u: one clock, SYN-ACKs %.6f s apart, not "
                     "18 ms", seed, i, sim_time_to_s (gap));
          early++;
          gap_sum += sim_time_to_s (gap);
        }
      else if (s.established < 2100 * MS)
        g_error ("seed %" G_GUINT64_FORMAT " run %u: established at %.6f s, neither ~1.1 nor "
                 "after 2.1 s", seed, i, sim_time_to_s (s.established));
    }
  double share = (double) early / n;
  g_test_message ("%s: the timer fired first for %.1f %% of %u phase draws (seed %" G_GUINT64_FORMAT
                  "); those SYN-ACKs %.1f ms apart on average", one_clock ? "one jiffies clock"
                  : "independent clocks", 100 * share, n, seed, 1000 * gap_sum / MAX (early, 1));
  /* Independent phases: each lateness is uniform on (0, 32 ms], so the
   * timer wins half the time.  One clock for both hosts (the measured
   * machine): the client's timer fires on a multiple of 8 jiffies, the
   * server's 8 or 16 jiffies later (armed 12.5 jiffies after): first
   * when the client's expiry was in the lower 3.5 of its 8 jiffies,
   * 7/16 of phases, and then exactly 18 ms before the SYN arrives. */
  if (one_clock)
    {
      g_assert_cmpfloat (share, >, 0.40);
      g_assert_cmpfloat (share, <, 0.48);
    }
  else
    {
      g_assert_cmpfloat (share, >, 0.45);
      g_assert_cmpfloat (share, <, 0.55);
    }
}

static void
test_first_two_synacks_lost (void)
{
  first_two_synacks_lost (FALSE);
}

static void
test_first_two_synacks_lost_one_clock (void)
{
  first_two_synacks_lost (TRUE);
}

/* Every SYN lost: ETIMEDOUT at 131 s nominal, 134.7 s measured.  The
 * lateness adds up: 0-32 ms, then 4 · 24 ms and 16 ms (each next timer is
 * armed on a multiple of 8 jiffies), up to 256 ms then 192 and 128 ms on
 * level 2, up to 2.048 s then 1.536 s on level 3: 133.3-135.3 s. */
static void
test_every_syn_lost (void)
{
  const guint n = 200;
  const guint64 seed = 7;
  SimRng rng;
  sim_rng_init (&rng, seed, "test-wheel/phases");
  SimTime lo = SIM_TIME_MAX, hi = 0;
  for (guint i = 0; i < n; i++)
    {
      SimTime pc = (SimTime) (sim_rng_next (&rng) % (guint64) PHASE_RANGE);
      SimTime ps = (SimTime) (sim_rng_next (&rng) % (guint64) PHASE_RANGE);
      Seen s = run_phases ("fault client -> server drop SYN every\n", pc, ps);
      if (s.etimedout < 131 * S || s.etimedout > 136 * S)
        g_error ("seed %" G_GUINT64_FORMAT " run %u (client phase %" G_GINT64_FORMAT " ns): "
                 "ETIMEDOUT at %.6f s", seed, i, pc, sim_time_to_s (s.etimedout));
      lo = MIN (lo, s.etimedout);
      hi = MAX (hi, s.etimedout);
    }
  g_test_message ("ETIMEDOUT from %.3f to %.3f s over %u phases", sim_time_to_s (lo),
                  sim_time_to_s (hi), n);
  g_assert_cmpint (lo, >=, 133 * S);
  g_assert_cmpint (hi, <=, 135400 * MS);
}

/* Exact timers on the same case: the arrival always goes first (sched.h:
 * a segment due at a timer's instant is handled first), so connect()
 * returns after 2 s, the delay the wheel removes. */
static void
test_first_two_synacks_lost_exact (void)
{
  char *body = "fault server -> client drop SYN-ACK #1\n"
               "fault server -> client drop SYN-ACK #2\nrun until 10s\n";
  char *text = g_strdup_printf ("profile linux\nhost client 10.0.0.1 timers exact\n"
                                "host server 10.0.0.2 timers exact\n"
                                "link client <-> server delay 50ms\n"
                                "at 0s server listen 80\nat 0s client connect server:80 as c\n%s",
                                body);
  GError *err = NULL;
  Scenario *scn = scn_parse_string ("exact.scn", text, NULL, 0, &err);
  g_assert_no_error (err);
  World *w = world_new (scn, TRUE, 1, &err);
  g_assert_no_error (err);
  Seen s = { .established = -1, .etimedout = -1 };
  trace_bus_subscribe (&w->bus, seen_event, &s);
  world_run (w, NULL);
  g_assert_cmpint (s.established, ==, 2100 * MS);
  /* 0.05 s; 1.05 s for the duplicate SYN, the timer re-armed to 2.05 s;
   * at 2.05 s the next duplicate again comes first. */
  g_assert_cmpuint (s.nsynack, ==, 3);
  g_assert_cmpint (s.synack[1], ==, 1050 * MS);
  g_assert_cmpint (s.synack[2], ==, 2050 * MS);
  world_free (w);
  scn_free (scn);
  g_free (text);
}

/* "at T late TOL" passes from T to T + TOL and fails a time before T,
 * which "± TOL" would let through.  With one clock at phase 0 the SYN is
 * sent again at 1.024 s (jiffy 256). */
static void
test_expect_late_window (void)
{
  const char *text = "profile linux\n"
                     "host client 10.0.0.1 jiffies_phase 0s\n"
                     "host server 10.0.0.2 jiffies_phase 0s\n"
                     "link client <-> server delay 50ms\n"
                     "fault client -> server drop SYN #1\n"
                     "at 0s server listen 80\n"
                     "at 0s client connect server:80 as c\n"
                     "expect client -> server SYN #2 at 1s late 32ms\n"      /* pass */
                     "expect client -> server SYN #2 at 1.024s late 0s\n"    /* pass: the edge */
                     "expect client -> server SYN #2 at 1s late 23ms\n"      /* fail: too late */
                     "expect client -> server SYN #2 at 1.03s late 32ms\n"   /* fail: early */
                     "expect client -> server SYN #2 at 1.03s ± 32ms\n"      /* pass */
                     "expect c ESTABLISHED at 1.1s late 32ms\n"              /* pass */
                     "run until 10s\n";
  GError *err = NULL;
  Scenario *scn = scn_parse_string ("late.scn", text, NULL, 0, &err);
  g_assert_no_error (err);
  World *w = world_new (scn, TRUE, 1, &err);
  g_assert_no_error (err);
  ScnChecker *chk = scn_checker_new (w);
  world_run (w, NULL);
  GString *report = g_string_new (NULL);
  g_assert_cmpuint (scn_checker_report (chk, report), ==, 2);
  g_assert_nonnull (strstr (report->str, "FAIL late.scn:10: "));
  g_assert_nonnull (strstr (report->str, "FAIL late.scn:11: "));
  g_assert_nonnull (strstr (report->str, "saw sent at 1.024"));
  g_string_free (report, TRUE);
  scn_checker_free (chk);
  world_free (w);
  scn_free (scn);
}

/* Each host's phase comes from its own stream, "jiffies/HOST": another
 * host does not move it, another seed does, a fixed one stays. */
static void
test_phase_streams (void)
{
  const char *two = "host a 10.0.0.1\nhost b 10.0.0.2\n";
  const char *three = "host z 10.0.0.9\nhost a 10.0.0.1\nhost b 10.0.0.2 jiffies_phase 7ms\n";
  GError *err = NULL;
  Scenario *s2 = scn_parse_string ("two.scn", two, NULL, 0, &err);
  g_assert_no_error (err);
  Scenario *s3 = scn_parse_string ("three.scn", three, NULL, 0, &err);
  g_assert_no_error (err);
  World *w2 = world_new (s2, TRUE, 5, &err);
  World *w3 = world_new (s3, TRUE, 5, &err);
  World *w2b = world_new (s2, TRUE, 6, &err);
  SimTime pa = tcp_stack_jiffies_phase (w2->stacks[0]);
  g_assert_cmpint (pa, ==, tcp_stack_jiffies_phase (w3->stacks[1]));
  g_assert_cmpint (pa, !=, tcp_stack_jiffies_phase (w2->stacks[1]));
  g_assert_cmpint (pa, !=, tcp_stack_jiffies_phase (w2b->stacks[0]));
  g_assert_cmpint (pa, >=, 0);
  g_assert_cmpint (pa, <, PHASE_RANGE);
  g_assert_cmpint (tcp_stack_jiffies_phase (w3->stacks[2]), ==, 7 * MS);
  world_free (w2);
  world_free (w3);
  world_free (w2b);
  scn_free (s2);
  scn_free (s3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/wheel/jiffies-and-ticks", test_jiffies_and_ticks);
  g_test_add_func ("/wheel/to-jiffies-rounds-up", test_to_jiffies_rounds_up);
  g_test_add_func ("/wheel/levels", test_levels);
  g_test_add_func ("/wheel/phase-streams", test_phase_streams);
  g_test_add_func ("/wheel/lateness/level0-40ms", test_lateness_level0);
  g_test_add_func ("/wheel/lateness/1s", test_lateness_1s);
  g_test_add_func ("/wheel/lateness/2s-16s", test_lateness_2s_16s);
  g_test_add_func ("/wheel/lateness/16s-128s", test_lateness_16s_128s);
  g_test_add_func ("/wheel/handshake/first-two-synacks-lost", test_first_two_synacks_lost);
  g_test_add_func ("/wheel/handshake/first-two-synacks-lost-one-clock",
                   test_first_two_synacks_lost_one_clock);
  g_test_add_func ("/wheel/handshake/first-two-synacks-lost-exact", test_first_two_synacks_lost_exact);
  g_test_add_func ("/wheel/handshake/every-syn-lost", test_every_syn_lost);
  g_test_add_func ("/wheel/expect/late-window", test_expect_late_window);
  return g_test_run ();
}
