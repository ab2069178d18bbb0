/* Tests of the event scheduler (src/sim/sched.c) and of simulated time
 * (src/sim/simtime.c).
 *
 * The scheduler's contract is the strict key (when, arm sequence): a timer
 * fires before every timer with a later time, and before every timer armed
 * after it for the same time.  The small cases pin that down by hand; the
 * randomized case checks a long mix of arm, re-arm, cancel and fire against
 * a reference model that finds the minimum key by scanning an array, and a
 * second one (several seeds) drives the queue's lanes and lazy moves
 * against a sorted sequence of every armed key. */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "sim/rng.h"
#include "sim/sched.h"
#include "sim/simtime.h"

/* ---- a fixture of probe timers -------------------------------------------- */

typedef struct Fixture Fixture;
typedef struct Probe Probe;

/* Runs inside a probe's handler, after the firing is recorded. */
typedef void (*ProbeAction) (Fixture *fx, Probe *p);

struct Probe
{
  SimTimer timer;
  int id;
  Fixture *fx;
  ProbeAction action;
  gpointer arg;   /* the action's argument */
  int fired;      /* times this probe has fired */
  gboolean armed_in_handler; /* sim_timer_armed() seen on entry */
};

typedef struct
{
  int id;
  SimTime at;
} Firing;

#define N_PROBES 16

struct Fixture
{
  Sim sim;
  Probe probes[N_PROBES];
  GArray *firings; /* Firing */
};

static void
probe_fired (Sim *sim, gpointer ctx)
{
  Probe *p = ctx;
  Firing f = { .id = p->id, .at = sim->now };
  p->armed_in_handler = sim_timer_armed (&p->timer);
  p->fired++;
  g_array_append_val (p->fx->firings, f);
  if (p->action != NULL)
    p->action (p->fx, p);
}

static void
fixture_init (Fixture *fx)
{
  sim_init (&fx->sim);
  fx->firings = g_array_new (FALSE, FALSE, sizeof (Firing));
  for (int i = 0; i < N_PROBES; i++)
    {
      fx->probes[i] = (Probe) { .id = i, .fx = fx };
      sim_timer_init (&fx->probes[i].timer, probe_fired, &fx->probes[i]);
    }
}

static void
fixture_clear (Fixture *fx)
{
  g_array_free (fx->firings, TRUE);
  sim_clear (&fx->sim);
}

static void
arm (Fixture *fx, int id, SimTime when)
{
  sim_timer_arm (&fx->sim, &fx->probes[id].timer, when);
}

/* Asserts that exactly the listed firings happened, in this order. */
static void
assert_firings (const Fixture *fx, const Firing *expect, guint n)
{
  for (guint i = 0; i < MIN (n, fx->firings->len); i++)
    {
      const Firing *got = &g_array_index (fx->firings, Firing, i);
      if (got->id != expect[i].id || got->at != expect[i].at)
        g_test_message ("firing %u: expected probe %d at %" G_GINT64_FORMAT
                        ", got probe %d at %" G_GINT64_FORMAT,
                        i, expect[i].id, expect[i].at, got->id, got->at);
      g_assert_cmpint (got->id, ==, expect[i].id);
      g_assert_cmpint (got->at, ==, expect[i].at);
    }
  g_assert_cmpuint (fx->firings->len, ==, n);
}

#define ASSERT_FIRINGS(fx, ...)                                                  \
  do                                                                             \
    {                                                                            \
      static const Firing expect_[] = { __VA_ARGS__ };                           \
      assert_firings ((fx), expect_, G_N_ELEMENTS (expect_));                    \
    }                                                                            \
  while (0)

/* ---- ordering --------------------------------------------------------------- */

static void
test_order_by_time (void)
{
  Fixture fx;
  fixture_init (&fx);
  arm (&fx, 0, 50 * SIM_MS);
  arm (&fx, 1, 10 * SIM_MS);
  arm (&fx, 2, 40 * SIM_MS);
  arm (&fx, 3, 20 * SIM_MS);
  arm (&fx, 4, 30 * SIM_MS);
  arm (&fx, 5, 30 * SIM_MS + 1);
  arm (&fx, 6, 0);

  sim_run (&fx.sim, SIM_TIME_NEVER, 0);

  ASSERT_FIRINGS (&fx, { 6, 0 }, { 1, 10 * SIM_MS }, { 3, 20 * SIM_MS }, { 4, 30 * SIM_MS },
                  { 5, 30 * SIM_MS + 1 }, { 2, 40 * SIM_MS }, { 0, 50 * SIM_MS });
  g_assert_cmpint (fx.sim.now, ==, 50 * SIM_MS);
  g_assert_cmpuint (fx.sim.events_run, ==, 7);
  g_assert_cmpuint (fx.sim.len, ==, 0);
  for (int i = 0; i < 7; i++)
    {
      g_assert_false (sim_timer_armed (&fx.probes[i].timer));
      g_assert_false (fx.probes[i].armed_in_handler);
    }
  fixture_clear (&fx);
}

static void
test_fifo_ties (void)
{
  /* Equal times fire in arm order, whatever the ids and wherever the
   * heap happens to put them. */
  static const int arm_order[] = { 7, 3, 11, 0, 5, 14, 2, 9, 1, 12 };
  Fixture fx;
  fixture_init (&fx);
  arm (&fx, 15, 20 * SIM_MS);
  for (guint i = 0; i < G_N_ELEMENTS (arm_order); i++)
    arm (&fx, arm_order[i], 10 * SIM_MS);
  arm (&fx, 13, 5 * SIM_MS);

  sim_run (&fx.sim, SIM_TIME_NEVER, 0);

  g_assert_cmpuint (fx.firings->len, ==, G_N_ELEMENTS (arm_order) + 2);
  g_assert_cmpint (g_array_index (fx.firings, Firing, 0).id, ==, 13);
  for (guint i = 0; i < G_N_ELEMENTS (arm_order); i++)
    {
      const Firing *f = &g_array_index (fx.firings, Firing, i + 1);
      g_assert_cmpint (f->id, ==, arm_order[i]);
      g_assert_cmpint (f->at, ==, 10 * SIM_MS);
    }
  g_assert_cmpint (g_array_index (fx.firings, Firing, fx.firings->len - 1).id, ==, 15);
  fixture_clear (&fx);
}

typedef struct
{
  SimTimer timer;
  int arm_pos;   /* position in arm order */
  GArray *got;   /* int: arm positions in firing order */
} TieTimer;

static void
tie_fired (Sim *sim, gpointer ctx)
{
  (void) sim;
  TieTimer *t = ctx;
  g_array_append_val (t->got, t->arm_pos);
}

static void
test_fifo_ties_many (void)
{
  /* Enough ties that the heap has several levels: 500 timers at one
   * instant, armed in a shuffled order of their array slots, fire in arm
   * order. */
  enum { N = 500 };
  const guint64 seed = 7;
  Sim sim;
  sim_init (&sim);
  TieTimer *timers = g_new0 (TieTimer, N);
  int *order = g_new (int, N);
  GArray *got = g_array_new (FALSE, FALSE, sizeof (int));
  SimRng rng;
  sim_rng_init (&rng, seed, "test/fifo-ties-many");
  for (int i = 0; i < N; i++)
    order[i] = i;
  for (int i = N - 1; i > 0; i--)
    {
      int j = (int) (sim_rng_next (&rng) % (guint64) (i + 1));
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
  for (int k = 0; k < N; k++)
    {
      TieTimer *t = &timers[order[k]];
      t->arm_pos = k;
      t->got = got;
      sim_timer_init (&t->timer, tie_fired, t);
      sim_timer_arm (&sim, &t->timer, SIM_S);
    }

  sim_run (&sim, SIM_TIME_NEVER, 0);

  g_assert_cmpuint (got->len, ==, N);
  for (int k = 0; k < N; k++)
    if (g_array_index (got, int, k) != k)
      {
        g_test_fail_printf ("seed %" G_GUINT64_FORMAT ": firing %d was armed %d-th", seed, k,
                            g_array_index (got, int, k));
        break;
      }
  g_array_free (got, TRUE);
  g_free (order);
  g_free (timers);
  sim_clear (&sim);
}

/* ---- re-arm ----------------------------------------------------------------- */

static void
test_rearm_earlier (void)
{
  Fixture fx;
  fixture_init (&fx);
  arm (&fx, 0, 30 * SIM_MS);
  arm (&fx, 1, 20 * SIM_MS);
  arm (&fx, 2, 10 * SIM_MS);
  arm (&fx, 3, 40 * SIM_MS);
  arm (&fx, 0, 5 * SIM_MS);
  arm (&fx, 3, 15 * SIM_MS);

  g_assert_true (sim_timer_armed (&fx.probes[0].timer));
  g_assert_cmpuint (fx.sim.len, ==, 4);
  g_assert_cmpint (sim_next_time (&fx.sim), ==, 5 * SIM_MS);
  sim_run (&fx.sim, SIM_TIME_NEVER, 0);

  ASSERT_FIRINGS (&fx, { 0, 5 * SIM_MS }, { 2, 10 * SIM_MS }, { 3, 15 * SIM_MS },
                  { 1, 20 * SIM_MS });
  fixture_clear (&fx);
}

static void
test_rearm_later (void)
{
  Fixture fx;
  fixture_init (&fx);
  arm (&fx, 0, 10 * SIM_MS);
  arm (&fx, 1, 20 * SIM_MS);
  arm (&fx, 2, 30 * SIM_MS);
  arm (&fx, 3, 5 * SIM_MS);
  arm (&fx, 0, 25 * SIM_MS);
  arm (&fx, 3, 35 * SIM_MS);

  g_assert_cmpuint (fx.sim.len, ==, 4);
  g_assert_cmpint (sim_next_time (&fx.sim), ==, 20 * SIM_MS);
  sim_run (&fx.sim, SIM_TIME_NEVER, 0);

  ASSERT_FIRINGS (&fx, { 1, 20 * SIM_MS }, { 0, 25 * SIM_MS }, { 2, 30 * SIM_MS },
                  { 3, 35 * SIM_MS });
  fixture_clear (&fx);
}

static void
test_rearm_same_time_goes_last (void)
{
  /* Re-arming takes a new sequence number, so a timer re-armed for the
   * time it already had moves behind the others armed for that time. */
  Fixture fx;
  fixture_init (&fx);
  arm (&fx, 0, 10 * SIM_MS);
  arm (&fx, 1, 10 * SIM_MS);
  arm (&fx, 2, 10 * SIM_MS);
  arm (&fx, 3, 10 * SIM_MS);
  arm (&fx, 0, 10 * SIM_MS);
  arm (&fx, 2, 10 * SIM_MS);

  sim_run (&fx.sim, SIM_TIME_NEVER, 0);

  ASSERT_FIRINGS (&fx, { 1, 10 * SIM_MS }, { 3, 10 * SIM_MS }, { 0, 10 * SIM_MS },
                  { 2, 10 * SIM_MS });
  fixture_clear (&fx);
}

static void
test_rearm_earlier_onto_tie (void)
{
  /* Moved earlier onto a time others already hold: it goes behind them
   * (the sift-up path must respect the sequence too). */
  Fixture fx;
  fixture_init (&fx);
  arm (&fx, 0, 10 * SIM_MS);
  arm (&fx, 1, 10 * SIM_MS);
  arm (&fx, 2, 30 * SIM_MS);
  arm (&fx, 3, 10 * SIM_MS);
  arm (&fx, 2, 10 * SIM_MS);
  /* And moved later onto a tie. */
  arm (&fx, 4, 5 * SIM_MS);
  arm (&fx, 4, 10 * SIM_MS);

  sim_run (&fx.sim, SIM_TIME_NEVER, 0);

  ASSERT_FIRINGS (&fx, { 0, 10 * SIM_MS }, { 1, 10 * SIM_MS }, { 3, 10 * SIM_MS },
                  { 2, 10 * SIM_MS }, { 4, 10 * SIM_MS });
  fixture_clear (&fx);
}

static void
test_arm_in (void)
{
  Fixture fx;
  fixture_init (&fx);
  arm (&fx, 0, 100 * SIM_MS);
  g_assert_true (sim_step (&fx.sim, SIM_TIME_NEVER));
  g_assert_cmpint (fx.sim.now, ==, 100 * SIM_MS);
  sim_timer_arm_in (&fx.sim, &fx.probes[1].timer, 7 * SIM_MS);
  sim_timer_arm_in (&fx.sim, &fx.probes[2].timer, 0);
  g_assert_cmpint (fx.probes[1].timer.when, ==, 107 * SIM_MS);

  sim_run (&fx.sim, SIM_TIME_NEVER, 0);

  ASSERT_FIRINGS (&fx, { 0, 100 * SIM_MS }, { 2, 100 * SIM_MS }, { 1, 107 * SIM_MS });
  fixture_clear (&fx);
}

/* ---- cancel ----------------------------------------------------------------- */

static void
test_cancel_armed (void)
{
  Fixture fx;
  fixture_init (&fx);
  for (int i = 0; i < 8; i++)
    arm (&fx, i, (SimTime) (i + 1) * SIM_MS);

  /* The head, a middle one and the last one in the heap array. */
  sim_timer_cancel (&fx.sim, &fx.probes[0].timer);
  sim_timer_cancel (&fx.sim, &fx.probes[4].timer);
  sim_timer_cancel (&fx.sim, &fx.probes[7].timer);
  g_assert_false (sim_timer_armed (&fx.probes[0].timer));
  g_assert_false (sim_timer_armed (&fx.probes[4].timer));
  g_assert_true (sim_timer_armed (&fx.probes[1].timer));
  g_assert_cmpuint (fx.sim.len, ==, 5);
  g_assert_cmpint (sim_next_time (&fx.sim), ==, 2 * SIM_MS);

  /* Cancelling again is a no-op. */
  sim_timer_cancel (&fx.sim, &fx.probes[4].timer);
  g_assert_cmpuint (fx.sim.len, ==, 5);

  sim_run (&fx.sim, SIM_TIME_NEVER, 0);

  ASSERT_FIRINGS (&fx, { 1, 2 * SIM_MS }, { 2, 3 * SIM_MS }, { 3, 4 * SIM_MS },
                  { 5, 6 * SIM_MS }, { 6, 7 * SIM_MS });
  fixture_clear (&fx);
}

static void
test_cancel_then_rearm (void)
{
  Fixture fx;
  fixture_init (&fx);
  arm (&fx, 0, 10 * SIM_MS);
  arm (&fx, 1, 10 * SIM_MS);
  sim_timer_cancel (&fx.sim, &fx.probes[0].timer);
  arm (&fx, 0, 10 * SIM_MS);

  sim_run (&fx.sim, SIM_TIME_NEVER, 0);

  ASSERT_FIRINGS (&fx, { 1, 10 * SIM_MS }, { 0, 10 * SIM_MS });
  fixture_clear (&fx);
}

static void
test_cancel_unarmed (void)
{
  Fixture fx;
  fixture_init (&fx);
  arm (&fx, 1, 10 * SIM_MS);
  arm (&fx, 2, 20 * SIM_MS);

  /* Never armed. */
  sim_timer_cancel (&fx.sim, &fx.probes[0].timer);
  g_assert_false (sim_timer_armed (&fx.probes[0].timer));
  g_assert_cmpuint (fx.sim.len, ==, 2);

  /* Already fired: disarmed by the firing, so cancel is a no-op too. */
  g_assert_true (sim_step (&fx.sim, SIM_TIME_NEVER));
  g_assert_false (sim_timer_armed (&fx.probes[1].timer));
  sim_timer_cancel (&fx.sim, &fx.probes[1].timer);
  g_assert_cmpuint (fx.sim.len, ==, 1);
  g_assert_true (sim_timer_armed (&fx.probes[2].timer));

  /* On an empty queue. */
  Sim empty;
  sim_init (&empty);
  SimTimer lone;
  sim_timer_init (&lone, probe_fired, NULL);
  sim_timer_cancel (&empty, &lone);
  g_assert_cmpuint (empty.len, ==, 0);
  g_assert_false (sim_step (&empty, SIM_TIME_NEVER));
  sim_clear (&empty);

  sim_run (&fx.sim, SIM_TIME_NEVER, 0);
  ASSERT_FIRINGS (&fx, { 1, 10 * SIM_MS }, { 2, 20 * SIM_MS });
  fixture_clear (&fx);
}

static void
action_cancel_other (Fixture *fx, Probe *p)
{
  Probe *victim = p->arg;
  sim_timer_cancel (&fx->sim, &victim->timer);
}

static void
test_cancel_from_handler (void)
{
  Fixture fx;
  fixture_init (&fx);
  /* 0 at 10 ms cancels 1 (due at 20 ms) and 3 (due at the same instant,
   * armed after it); 2 at 30 ms still fires. */
  fx.probes[0].action = action_cancel_other;
  fx.probes[0].arg = &fx.probes[1];
  fx.probes[4].action = action_cancel_other;
  fx.probes[4].arg = &fx.probes[3];
  arm (&fx, 0, 10 * SIM_MS);
  arm (&fx, 4, 10 * SIM_MS);
  arm (&fx, 3, 10 * SIM_MS);
  arm (&fx, 1, 20 * SIM_MS);
  arm (&fx, 2, 30 * SIM_MS);

  sim_run (&fx.sim, SIM_TIME_NEVER, 0);

  ASSERT_FIRINGS (&fx, { 0, 10 * SIM_MS }, { 4, 10 * SIM_MS }, { 2, 30 * SIM_MS });
  g_assert_cmpint (fx.probes[1].fired, ==, 0);
  g_assert_cmpint (fx.probes[3].fired, ==, 0);
  g_assert_false (sim_timer_armed (&fx.probes[1].timer));
  fixture_clear (&fx);
}

static void
action_cancel_self (Fixture *fx, Probe *p)
{
  /* The timer is already disarmed: cancelling it must be harmless. */
  sim_timer_cancel (&fx->sim, &p->timer);
}

static void
test_cancel_self_in_handler (void)
{
  Fixture fx;
  fixture_init (&fx);
  fx.probes[0].action = action_cancel_self;
  arm (&fx, 0, 10 * SIM_MS);
  arm (&fx, 1, 20 * SIM_MS);

  sim_run (&fx.sim, SIM_TIME_NEVER, 0);

  ASSERT_FIRINGS (&fx, { 0, 10 * SIM_MS }, { 1, 20 * SIM_MS });
  fixture_clear (&fx);
}

/* ---- handlers that re-arm ---------------------------------------------------- */

static void
action_periodic (Fixture *fx, Probe *p)
{
  int limit = GPOINTER_TO_INT (p->arg);
  if (p->fired < limit)
    sim_timer_arm_in (&fx->sim, &p->timer, 10 * SIM_MS);
}

static void
test_handler_rearms_self (void)
{
  Fixture fx;
  fixture_init (&fx);
  fx.probes[0].action = action_periodic;
  fx.probes[0].arg = GINT_TO_POINTER (4);
  arm (&fx, 0, 10 * SIM_MS);
  arm (&fx, 1, 25 * SIM_MS);

  sim_run (&fx.sim, SIM_TIME_NEVER, 0);

  ASSERT_FIRINGS (&fx, { 0, 10 * SIM_MS }, { 0, 20 * SIM_MS }, { 1, 25 * SIM_MS },
                  { 0, 30 * SIM_MS }, { 0, 40 * SIM_MS });
  /* The handler always ran with its timer disarmed. */
  g_assert_false (fx.probes[0].armed_in_handler);
  g_assert_false (sim_timer_armed (&fx.probes[0].timer));
  fixture_clear (&fx);
}

static void
action_rearm_now_once (Fixture *fx, Probe *p)
{
  if (p->fired == 1)
    sim_timer_arm (&fx->sim, &p->timer, fx->sim.now);
}

static void
test_handler_rearms_self_now (void)
{
  /* Re-armed for the current instant, a timer runs again at once but
   * behind the timers already due at that instant. */
  Fixture fx;
  fixture_init (&fx);
  fx.probes[0].action = action_rearm_now_once;
  arm (&fx, 0, 10 * SIM_MS);
  arm (&fx, 1, 10 * SIM_MS);
  arm (&fx, 2, 11 * SIM_MS);

  sim_run (&fx.sim, SIM_TIME_NEVER, 0);

  ASSERT_FIRINGS (&fx, { 0, 10 * SIM_MS }, { 1, 10 * SIM_MS }, { 0, 10 * SIM_MS },
                  { 2, 11 * SIM_MS });
  fixture_clear (&fx);
}

static void
action_arm_other (Fixture *fx, Probe *p)
{
  Probe *other = p->arg;
  sim_timer_arm (&fx->sim, &other->timer, fx->sim.now + 5 * SIM_MS);
}

static void
test_handler_rearms_other (void)
{
  /* A handler moves another armed timer earlier (re-arm from a handler). */
  Fixture fx;
  fixture_init (&fx);
  fx.probes[0].action = action_arm_other;
  fx.probes[0].arg = &fx.probes[1];
  arm (&fx, 0, 10 * SIM_MS);
  arm (&fx, 1, 100 * SIM_MS);
  arm (&fx, 2, 20 * SIM_MS);

  sim_run (&fx.sim, SIM_TIME_NEVER, 0);

  ASSERT_FIRINGS (&fx, { 0, 10 * SIM_MS }, { 1, 15 * SIM_MS }, { 2, 20 * SIM_MS });
  fixture_clear (&fx);
}

/* ---- running ----------------------------------------------------------------- */

static void
test_step (void)
{
  Fixture fx;
  fixture_init (&fx);
  g_assert_false (sim_step (&fx.sim, SIM_TIME_NEVER));
  g_assert_cmpint (fx.sim.now, ==, 0);

  arm (&fx, 0, 10 * SIM_MS);
  g_assert_false (sim_step (&fx.sim, 10 * SIM_MS - 1));
  g_assert_cmpint (fx.sim.now, ==, 0);
  g_assert_cmpuint (fx.sim.events_run, ==, 0);
  g_assert_true (sim_step (&fx.sim, 10 * SIM_MS));
  g_assert_cmpint (fx.sim.now, ==, 10 * SIM_MS);
  g_assert_cmpuint (fx.sim.events_run, ==, 1);
  ASSERT_FIRINGS (&fx, { 0, 10 * SIM_MS });
  fixture_clear (&fx);
}

static void
test_run_until_inclusive (void)
{
  Fixture fx;
  fixture_init (&fx);
  arm (&fx, 0, 10 * SIM_MS);
  arm (&fx, 1, 20 * SIM_MS);
  arm (&fx, 2, 20 * SIM_MS);
  arm (&fx, 3, 20 * SIM_MS + 1);
  arm (&fx, 4, 30 * SIM_MS);

  sim_run (&fx.sim, 20 * SIM_MS, 0);
  ASSERT_FIRINGS (&fx, { 0, 10 * SIM_MS }, { 1, 20 * SIM_MS }, { 2, 20 * SIM_MS });
  g_assert_cmpint (fx.sim.now, ==, 20 * SIM_MS);
  g_assert_true (sim_timer_armed (&fx.probes[3].timer));
  g_assert_true (sim_timer_armed (&fx.probes[4].timer));
  g_assert_cmpuint (fx.sim.len, ==, 2);
  g_assert_cmpint (sim_next_time (&fx.sim), ==, 20 * SIM_MS + 1);

  /* Nothing due: the clock stays at the last fired timer's time. */
  sim_run (&fx.sim, 20 * SIM_MS, 0);
  g_assert_cmpuint (fx.firings->len, ==, 3);
  g_assert_cmpint (fx.sim.now, ==, 20 * SIM_MS);

  sim_run (&fx.sim, SIM_TIME_NEVER, 0);
  ASSERT_FIRINGS (&fx, { 0, 10 * SIM_MS }, { 1, 20 * SIM_MS }, { 2, 20 * SIM_MS },
                  { 3, 20 * SIM_MS + 1 }, { 4, 30 * SIM_MS });
  fixture_clear (&fx);
}

static void
test_run_until_covers_new_timers (void)
{
  /* Timers armed by handlers during the run fire in the same run when they
   * are due by until, and stay queued when they are not. */
  Fixture fx;
  fixture_init (&fx);
  fx.probes[0].action = action_periodic;
  fx.probes[0].arg = GINT_TO_POINTER (100);
  arm (&fx, 0, 0);

  sim_run (&fx.sim, 35 * SIM_MS, 0);

  ASSERT_FIRINGS (&fx, { 0, 0 }, { 0, 10 * SIM_MS }, { 0, 20 * SIM_MS }, { 0, 30 * SIM_MS });
  g_assert_true (sim_timer_armed (&fx.probes[0].timer));
  g_assert_cmpint (sim_next_time (&fx.sim), ==, 40 * SIM_MS);
  fixture_clear (&fx);
}

static void
test_max_events (void)
{
  Fixture fx;
  fixture_init (&fx);
  for (int i = 0; i < 10; i++)
    arm (&fx, i, (SimTime) (i + 1) * SIM_MS);

  sim_run (&fx.sim, SIM_TIME_NEVER, 3);
  g_assert_cmpuint (fx.firings->len, ==, 3);
  g_assert_cmpuint (fx.sim.events_run, ==, 3);
  g_assert_cmpint (fx.sim.now, ==, 3 * SIM_MS);

  /* The limit counts from the start of each run, not of the Sim. */
  sim_run (&fx.sim, SIM_TIME_NEVER, 4);
  g_assert_cmpuint (fx.firings->len, ==, 7);
  g_assert_cmpuint (fx.sim.events_run, ==, 7);
  g_assert_cmpint (fx.sim.now, ==, 7 * SIM_MS);

  /* A limit beyond what is due: until still stops the run. */
  sim_run (&fx.sim, 8 * SIM_MS, 100);
  g_assert_cmpuint (fx.firings->len, ==, 8);

  sim_run (&fx.sim, SIM_TIME_NEVER, 0);
  g_assert_cmpuint (fx.firings->len, ==, 10);
  for (int i = 0; i < 10; i++)
    g_assert_cmpint (g_array_index (fx.firings, Firing, i).id, ==, i);
  fixture_clear (&fx);
}

static void
action_stop (Fixture *fx, Probe *p)
{
  (void) p;
  sim_stop (&fx->sim);
}

static void
test_stop (void)
{
  Fixture fx;
  fixture_init (&fx);
  fx.probes[1].action = action_stop;
  arm (&fx, 0, 10 * SIM_MS);
  arm (&fx, 1, 20 * SIM_MS);
  arm (&fx, 2, 20 * SIM_MS);
  arm (&fx, 3, 30 * SIM_MS);

  sim_run (&fx.sim, SIM_TIME_NEVER, 0);
  /* The run returns after the stopping handler, even though another timer
   * is due at the same instant. */
  ASSERT_FIRINGS (&fx, { 0, 10 * SIM_MS }, { 1, 20 * SIM_MS });
  g_assert_true (fx.sim.stopped);
  g_assert_cmpint (fx.sim.now, ==, 20 * SIM_MS);
  g_assert_cmpuint (fx.sim.len, ==, 2);

  /* A new run starts afresh. */
  sim_run (&fx.sim, SIM_TIME_NEVER, 0);
  ASSERT_FIRINGS (&fx, { 0, 10 * SIM_MS }, { 1, 20 * SIM_MS }, { 2, 20 * SIM_MS },
                  { 3, 30 * SIM_MS });
  g_assert_false (fx.sim.stopped);
  fixture_clear (&fx);
}

static void
test_next_time (void)
{
  Fixture fx;
  fixture_init (&fx);
  g_assert_cmpint (sim_next_time (&fx.sim), ==, SIM_TIME_NEVER);
  arm (&fx, 0, 30 * SIM_MS);
  g_assert_cmpint (sim_next_time (&fx.sim), ==, 30 * SIM_MS);
  arm (&fx, 1, 20 * SIM_MS);
  g_assert_cmpint (sim_next_time (&fx.sim), ==, 20 * SIM_MS);
  arm (&fx, 2, 40 * SIM_MS);
  g_assert_cmpint (sim_next_time (&fx.sim), ==, 20 * SIM_MS);
  sim_timer_cancel (&fx.sim, &fx.probes[1].timer);
  g_assert_cmpint (sim_next_time (&fx.sim), ==, 30 * SIM_MS);
  arm (&fx, 0, 50 * SIM_MS);
  g_assert_cmpint (sim_next_time (&fx.sim), ==, 40 * SIM_MS);
  arm (&fx, 0, 1 * SIM_MS);
  g_assert_cmpint (sim_next_time (&fx.sim), ==, 1 * SIM_MS);
  g_assert_true (sim_step (&fx.sim, SIM_TIME_NEVER));
  g_assert_cmpint (sim_next_time (&fx.sim), ==, 40 * SIM_MS);
  g_assert_true (sim_step (&fx.sim, SIM_TIME_NEVER));
  g_assert_cmpint (sim_next_time (&fx.sim), ==, SIM_TIME_NEVER);
  fixture_clear (&fx);
}

/* ---- randomized, against a reference model ---------------------------------- */

/* The reference keeps each timer's key in a plain array and finds the
 * earliest by scanning it: obviously right, and O(n). */

enum { RAND_POOL = 1000, RAND_OPS = 200000 };
#define RAND_SEED G_GUINT64_CONSTANT (20240611)

typedef struct RandState RandState;

typedef struct
{
  SimTimer timer;
  guint idx;
  RandState *st;
  /* the reference model's view of this timer */
  gboolean ref_armed;
  SimTime ref_when;
  guint64 ref_seq;
} RandTimer;

struct RandState
{
  Sim sim;
  SimRng rng;
  guint64 seed;
  RandTimer timers[RAND_POOL];
  guint64 ref_seq;   /* the reference's arm counter */
  guint ref_armed;   /* how many the reference holds */
  guint op;          /* operation number, for failure messages */
  guint fired, rearmed_in_handler, cancelled_in_handler;
};

/* Fails with the seed and the operation in the message. */
#define RAND_CHECK(st, cond, ...)                                                \
  do                                                                             \
    {                                                                            \
      if (!(cond))                                                               \
        {                                                                        \
          char *detail_ = g_strdup_printf (__VA_ARGS__);                         \
          char *msg_ = g_strdup_printf ("seed %" G_GUINT64_FORMAT ", op %u: %s", \
                                        (st)->seed, (st)->op, detail_);          \
          g_test_message ("%s", msg_);                                          \
          g_test_fail_printf ("%s", msg_);                                       \
          g_free (detail_);                                                      \
          g_free (msg_);                                                         \
          return;                                                                \
        }                                                                        \
    }                                                                            \
  while (0)

static RandTimer *
ref_earliest (RandState *st)
{
  RandTimer *best = NULL;
  for (guint i = 0; i < RAND_POOL; i++)
    {
      RandTimer *t = &st->timers[i];
      if (!t->ref_armed)
        continue;
      if (best == NULL || t->ref_when < best->ref_when
          || (t->ref_when == best->ref_when && t->ref_seq < best->ref_seq))
        best = t;
    }
  return best;
}

/* Delays from 0 to 63 us in whole microseconds, so ties are common. */
static SimTime
rand_delay (RandState *st)
{
  return (SimTime) (sim_rng_next (&st->rng) % 64) * SIM_US;
}

static void
rand_arm (RandState *st, RandTimer *t, SimTime when)
{
  sim_timer_arm (&st->sim, &t->timer, when);
  if (!t->ref_armed)
    st->ref_armed++;
  t->ref_armed = TRUE;
  t->ref_when = when;
  t->ref_seq = st->ref_seq++;
}

static void
rand_cancel (RandState *st, RandTimer *t)
{
  sim_timer_cancel (&st->sim, &t->timer);
  if (t->ref_armed)
    st->ref_armed--;
  t->ref_armed = FALSE;
}

static void
rand_fired (Sim *sim, gpointer ctx)
{
  RandTimer *t = ctx;
  RandState *st = t->st;
  RandTimer *expect = ref_earliest (st);

  if (g_test_failed ())
    return;
  RAND_CHECK (st, expect != NULL, "timer %u fired with nothing armed in the reference", t->idx);
  RAND_CHECK (st, expect == t,
              "timer %u fired (when %" G_GINT64_FORMAT "), reference expected timer %u "
              "(when %" G_GINT64_FORMAT ", seq %" G_GUINT64_FORMAT ")",
              t->idx, t->timer.when, expect->idx, expect->ref_when, expect->ref_seq);
  RAND_CHECK (st, sim->now == t->ref_when, "clock %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT,
              sim->now, t->ref_when);
  RAND_CHECK (st, !sim_timer_armed (&t->timer), "timer %u still armed in its handler", t->idx);
  t->ref_armed = FALSE;
  st->ref_armed--;
  st->fired++;

  /* Handlers also arm, re-arm and cancel: a quarter re-arm themselves, an
   * eighth cancel or re-arm some other timer. */
  guint64 r = sim_rng_next (&st->rng);
  if (r % 4 == 0)
    {
      rand_arm (st, t, sim->now + rand_delay (st));
      st->rearmed_in_handler++;
    }
  if ((r >> 8) % 8 == 0)
    {
      RandTimer *other = &st->timers[sim_rng_next (&st->rng) % RAND_POOL];
      if ((r >> 16) % 2 == 0)
        {
          rand_cancel (st, other);
          st->cancelled_in_handler++;
        }
      else
        rand_arm (st, other, sim->now + rand_delay (st));
    }
}

static void
rand_run (RandState *st)
{
  for (st->op = 0; st->op < RAND_OPS && !g_test_failed (); st->op++)
    {
      guint64 r = sim_rng_next (&st->rng);
      RandTimer *t = &st->timers[(r >> 8) % RAND_POOL];
      switch (r % 8)
        {
        case 0: case 1: case 2:
          /* arm or re-arm */
          rand_arm (st, t, st->sim.now + rand_delay (st));
          break;
        case 3:
          /* cancel, armed or not */
          rand_cancel (st, t);
          break;
        default:
          {
            /* fire the earliest */
            RandTimer *expect = ref_earliest (st);
            gboolean stepped = sim_step (&st->sim, SIM_TIME_NEVER);
            RAND_CHECK (st, stepped == (expect != NULL), "sim_step returned %d with %u armed",
                        stepped, st->ref_armed);
          }
          break;
        }
      RAND_CHECK (st, st->sim.len == st->ref_armed, "queue holds %" G_GSIZE_FORMAT
                  ", reference %u", st->sim.len, st->ref_armed);
      RandTimer *head = ref_earliest (st);
      SimTime ref_next = head ? head->ref_when : SIM_TIME_NEVER;
      RAND_CHECK (st, sim_next_time (&st->sim) == ref_next,
                  "sim_next_time %" G_GINT64_FORMAT ", reference %" G_GINT64_FORMAT,
                  sim_next_time (&st->sim), ref_next);
    }
  /* Drain what is left, still checked timer by timer. */
  while (!g_test_failed () && sim_step (&st->sim, SIM_TIME_NEVER))
    ;
  RAND_CHECK (st, st->ref_armed == 0 && st->sim.len == 0, "%u left after draining",
              st->ref_armed);
}

static void
test_random_vs_reference (void)
{
  RandState *st = g_new0 (RandState, 1);
  st->seed = RAND_SEED;
  g_test_message ("seed %" G_GUINT64_FORMAT, st->seed);
  sim_init (&st->sim);
  sim_rng_init (&st->rng, st->seed, "test/sched-random");
  for (guint i = 0; i < RAND_POOL; i++)
    {
      st->timers[i] = (RandTimer) { .idx = i, .st = st };
      sim_timer_init (&st->timers[i].timer, rand_fired, &st->timers[i]);
    }

  rand_run (st);

  if (!g_test_failed ())
    {
      /* The mix actually exercised what it claims to. */
      g_test_message ("fired %u, re-armed in handler %u, cancelled in handler %u",
                      st->fired, st->rearmed_in_handler, st->cancelled_in_handler);
      g_assert_cmpuint (st->fired, >, RAND_OPS / 4);
      g_assert_cmpuint (st->rearmed_in_handler, >, 1000);
      g_assert_cmpuint (st->cancelled_in_handler, >, 1000);
    }
  sim_clear (&st->sim);
  g_free (st);
}

/* ---- randomized, lanes and lazy moves, against a sorted reference ------------ */

/* A second model for the parts of the queue the first one barely reaches:
 * both classes; a few dozen fixed delays (more than there are lanes, so
 * lanes fill, collide and fall back to the heap), ties, the end of time;
 * deadlines moved later while waiting in the heap (the lazy path), moved
 * earlier, cancelled at a lane's head, middle and tail; handlers that do
 * all of this; and a sim_reset() half way.  The reference keeps every
 * armed key in a GSequence sorted by (when, class, arm order): its first
 * element is what must fire next.  Several seeds, each printed on failure;
 * the mix is counted so that the test shows it exercised each path. */

enum { LANE_POOL = 3000, LANE_OPS = 600000, LANE_FIXED = 90 };
static const guint64 lane_seeds[] = { 1, 20240611, 777, 0xC0FFEE };

typedef struct LaneState LaneState;

typedef struct
{
  SimTimer timer;
  guint idx;
  LaneState *st;
  GSequenceIter *ref; /* NULL when the reference holds it not armed */
  SimTime ref_when;
  guint64 ref_seq;
} LaneTimer;

struct LaneState
{
  Sim sim;
  SimRng rng;
  guint64 seed;
  LaneTimer timers[LANE_POOL];
  GSequence *ref;     /* LaneTimer *, sorted by key */
  guint64 ref_seq;
  guint op;
  /* the mix */
  guint fired, behind_head, lazy, earlier, cancelled_in_lane, never, in_handler;
};

#define LANE_CHECK(st, cond, ...)                                                \
  do                                                                             \
    {                                                                            \
      if (!(cond))                                                               \
        {                                                                        \
          char *detail_ = g_strdup_printf (__VA_ARGS__);                         \
          char *msg_ = g_strdup_printf ("seed %" G_GUINT64_FORMAT ", op %u: %s", \
                                        (st)->seed, (st)->op, detail_);          \
          g_test_message ("%s", msg_);                                          \
          g_test_fail_printf ("%s", msg_);                                       \
          g_free (detail_);                                                      \
          g_free (msg_);                                                         \
          return;                                                                \
        }                                                                        \
    }                                                                            \
  while (0)

static gint
lane_ref_cmp (gconstpointer a, gconstpointer b, gpointer data)
{
  (void) data;
  const LaneTimer *x = a, *y = b;
  if (x->ref_when != y->ref_when)
    return x->ref_when < y->ref_when ? -1 : 1;
  if (x->timer.cls != y->timer.cls)
    return x->timer.cls < y->timer.cls ? -1 : 1;
  return x->ref_seq < y->ref_seq ? -1 : x->ref_seq > y->ref_seq;
}

static LaneTimer *
lane_ref_first (LaneState *st)
{
  GSequenceIter *it = g_sequence_get_begin_iter (st->ref);
  return g_sequence_iter_is_end (it) ? NULL : g_sequence_get (it);
}

/* A delay: mostly one of LANE_FIXED fixed ones (lanes), else a small
 * random one (ties at one instant), a large one, or the end of time. */
static SimTime
lane_delay (LaneState *st)
{
  guint64 r = sim_rng_next (&st->rng);
  switch (r % 16)
    {
    case 0: case 1: case 2:
      return (SimTime) ((r >> 8) % 64) * SIM_US;
    case 3:
      return (SimTime) ((r >> 8) % 1000000) * SIM_US;
    case 4:
      if ((r >> 8) % 8 == 0)
        return SIM_TIME_NEVER;
      /* fall through */
    default:
      return (SimTime) (1 + (r >> 8) % LANE_FIXED) * 37 * SIM_US;
    }
}

static void
lane_arm (LaneState *st, LaneTimer *t, SimTime delay)
{
  SimTime when = sim_time_add (st->sim.now, delay);
  gboolean was_heap = t->timer.slot >= 0 && t->timer.lane == 0;
  gboolean later = sim_timer_armed (&t->timer) && when >= t->timer.when;
  sim_timer_arm (&st->sim, &t->timer, when);
  if (t->timer.slot == SIM_SLOT_LANE)
    st->behind_head++;
  if (was_heap && later && t->timer.slot > 0 && st->sim.heap[t->timer.slot].when != when)
    st->lazy++;
  if (was_heap && !later)
    st->earlier++;
  if (when == SIM_TIME_NEVER)
    st->never++;
  if (t->ref != NULL)
    g_sequence_remove (t->ref);
  t->ref_when = when;
  t->ref_seq = st->ref_seq++;
  t->ref = g_sequence_insert_sorted (st->ref, t, lane_ref_cmp, NULL);
}

static void
lane_cancel (LaneState *st, LaneTimer *t)
{
  if (t->timer.lane != 0)
    st->cancelled_in_lane++;
  sim_timer_cancel (&st->sim, &t->timer);
  if (t->ref != NULL)
    g_sequence_remove (t->ref);
  t->ref = NULL;
}

static void
lane_fired (Sim *sim, gpointer ctx)
{
  LaneTimer *t = ctx;
  LaneState *st = t->st;
  LaneTimer *expect = lane_ref_first (st);
  if (g_test_failed ())
    return;
  LANE_CHECK (st, expect == t,
              "timer %u fired (class %u, when %" G_GINT64_FORMAT "), reference expected %d "
              "(class %d, when %" G_GINT64_FORMAT ", seq %" G_GUINT64_FORMAT ")",
              t->idx, t->timer.cls, sim->now, expect ? (int) expect->idx : -1,
              expect ? expect->timer.cls : -1, expect ? expect->ref_when : -1,
              expect ? expect->ref_seq : 0);
  LANE_CHECK (st, sim->now == t->ref_when, "clock %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT,
              sim->now, t->ref_when);
  LANE_CHECK (st, !sim_timer_armed (&t->timer), "timer %u still armed in its handler", t->idx);
  g_sequence_remove (t->ref);
  t->ref = NULL;
  st->fired++;

  guint64 r = sim_rng_next (&st->rng);
  if (r % 3 == 0)
    {
      lane_arm (st, t, lane_delay (st));
      st->in_handler++;
    }
  if ((r >> 8) % 4 == 0)
    {
      LaneTimer *other = &st->timers[sim_rng_next (&st->rng) % LANE_POOL];
      switch ((r >> 16) % 3)
        {
        case 0:
          lane_cancel (st, other);
          break;
        case 1:
          lane_arm (st, other, lane_delay (st));
          break;
        default:
          /* later than now by at least its deadline's distance: the lazy path */
          if (sim_timer_armed (&other->timer) && other->timer.when != SIM_TIME_NEVER)
            lane_arm (st, other, 2 * (other->timer.when - sim->now) + 1);
          break;
        }
      st->in_handler++;
    }
}

static void
lane_check_next (LaneState *st)
{
  LaneTimer *head = lane_ref_first (st);
  SimTime ref_next = head ? head->ref_when : SIM_TIME_NEVER;
  LANE_CHECK (st, sim_next_time (&st->sim) == ref_next,
              "sim_next_time %" G_GINT64_FORMAT ", reference %" G_GINT64_FORMAT,
              sim_next_time (&st->sim), ref_next);
  LANE_CHECK (st, st->sim.len == (gsize) g_sequence_get_length (st->ref),
              "queue holds %" G_GSIZE_FORMAT ", reference %d", st->sim.len,
              g_sequence_get_length (st->ref));
}

static void
lane_run_seed (guint64 seed)
{
  LaneState *st = g_new0 (LaneState, 1);
  st->seed = seed;
  st->ref = g_sequence_new (NULL);
  sim_init (&st->sim);
  sim_rng_init (&st->rng, seed, "test/sched-lanes");
  for (guint i = 0; i < LANE_POOL; i++)
    {
      LaneTimer *t = &st->timers[i];
      *t = (LaneTimer) { .idx = i, .st = st };
      sim_timer_init (&t->timer, lane_fired, t);
      if (i % 3 == 0)
        sim_timer_set_class (&t->timer, SIM_CLASS_NET);
    }

  for (st->op = 0; st->op < LANE_OPS && !g_test_failed (); st->op++)
    {
      if (st->op == LANE_OPS / 2)
        {
          /* Half way, a reset: everything disarmed, the clock at 0. */
          sim_reset (&st->sim);
          for (guint i = 0; i < LANE_POOL; i++)
            {
              LANE_CHECK (st, !sim_timer_armed (&st->timers[i].timer), "timer %u armed after reset", i);
              st->timers[i].ref = NULL;
            }
          g_sequence_remove_range (g_sequence_get_begin_iter (st->ref), g_sequence_get_end_iter (st->ref));
        }
      guint64 r = sim_rng_next (&st->rng);
      LaneTimer *t = &st->timers[(r >> 8) % LANE_POOL];
      SimTime left = t->timer.when - st->sim.now;
      gboolean movable = sim_timer_armed (&t->timer) && t->timer.when != SIM_TIME_NEVER;
      switch (r % 11)
        {
        case 0: case 1: case 2:
          lane_arm (st, t, lane_delay (st));
          break;
        case 3:
          /* Move an armed deadline later (lazy in the heap), or to the
           * same time (later in arm order). */
          if (movable)
            lane_arm (st, t, (r >> 32) % 4 == 0 ? left : left + 1 + (SimTime) ((r >> 34) % 500) * SIM_US);
          break;
        case 4:
          /* Or earlier, by half or by one nanosecond (not before now). */
          if (movable && left > 0)
            lane_arm (st, t, (r >> 32) % 2 == 0 ? left / 2 : left - 1);
          break;
        case 10:
          {
            /* A burst: several timers of both classes armed at this
             * instant with one delay; now and then hundreds, so that a
             * lane's ring grows while it wraps around. */
            SimTime d = lane_delay (st);
            guint burst = (r >> 32) % 64 == 0 ? 300 : 6;
            for (guint k = 0; k < burst; k++)
              lane_arm (st, &st->timers[sim_rng_next (&st->rng) % LANE_POOL], d);
          }
          break;
        case 5:
          lane_cancel (st, t);
          break;
        default:
          {
            LaneTimer *expect = lane_ref_first (st);
            gboolean due = expect != NULL && expect->ref_when != SIM_TIME_NEVER;
            gboolean stepped = sim_step (&st->sim, SIM_TIME_NEVER);
            LANE_CHECK (st, stepped == due, "sim_step returned %d, reference %d", stepped, due);
          }
          break;
        }
      lane_check_next (st);
    }
  /* Drain what can fire, still checked one by one; what is left waits for
   * the end of time. */
  while (!g_test_failed () && sim_step (&st->sim, SIM_TIME_NEVER))
    ;
  if (!g_test_failed ())
    {
      LaneTimer *left = lane_ref_first (st);
      LANE_CHECK (st, left == NULL || left->ref_when == SIM_TIME_NEVER,
                  "timer %u due at %" G_GINT64_FORMAT " left after draining", left->idx, left->ref_when);
      lane_check_next (st);
    }
  if (!g_test_failed ())
    {
      g_test_message ("seed %" G_GUINT64_FORMAT ": fired %u, behind a lane head %u, lazy %u, "
                      "earlier %u, cancelled in a lane %u, never %u, in handlers %u",
                      seed, st->fired, st->behind_head, st->lazy, st->earlier,
                      st->cancelled_in_lane, st->never, st->in_handler);
      g_assert_cmpuint (st->fired, >, LANE_OPS / 5);
      g_assert_cmpuint (st->behind_head, >, 10000);
      g_assert_cmpuint (st->lazy, >, 1000);
      g_assert_cmpuint (st->earlier, >, 1000);
      g_assert_cmpuint (st->cancelled_in_lane, >, 1000);
      g_assert_cmpuint (st->never, >, 100);
      g_assert_cmpuint (st->in_handler, >, 10000);
    }
  sim_clear (&st->sim);
  g_sequence_free (st->ref);
  g_free (st);
}

static void
test_random_lanes_vs_reference (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (lane_seeds) && !g_test_failed (); i++)
    lane_run_seed (lane_seeds[i]);
}

/* ---- simulated time ------------------------------------------------------------ */

static void
test_time_parse_valid (void)
{
  static const struct
  {
    const char *text;
    SimTime expect;
  } cases[] = {
    { "50ms", 50 * SIM_MS },
    { "1.1s", G_GINT64_CONSTANT (1100000000) },
    { "250us", 250 * SIM_US },
    { "3ns", 3 },
    { "2min", 120 * SIM_S },
    { "1.5s", 1500 * SIM_MS },
    { "0s", 0 },
    { "0.5ms", 500 * SIM_US },
    { "1.25min", 75 * SIM_S },
    { "0.000000001s", 1 },
    /* A fraction of a nanosecond rounds to the nearest. */
    { "0.0000000016s", 2 },
    { "0.0000000014s", 1 },
    { "2.6ns", 3 },
    { "0.3s", 300 * SIM_MS },
    { "0.7min", 42 * SIM_S },
    { "131s", 131 * SIM_S },
    { "007ms", 7 * SIM_MS },
    { "1.050s", 1050 * SIM_MS },
    { "9223372036s", G_GINT64_CONSTANT (9223372036) * SIM_S },
    /* Large counts of small units are in range (10 s and about 2.8 h). */
    { "10000000000ns", 10 * SIM_S },
    { "10000000000us", G_GINT64_CONSTANT (10000) * SIM_S },
    { "9223372036.854775807s", G_MAXINT64 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SimTime out = -1;
      const char *why = NULL;
      gboolean ok = sim_time_parse (cases[i].text, &out, &why);
      if (!ok)
        g_test_message ("\"%s\" refused: %s", cases[i].text, why);
      g_assert_true (ok);
      if (out != cases[i].expect)
        g_test_message ("\"%s\" parsed as %" G_GINT64_FORMAT, cases[i].text, out);
      g_assert_cmpint (out, ==, cases[i].expect);
    }
}

static void
test_time_parse_invalid (void)
{
  static const struct
  {
    const char *text;
    const char *why_has; /* a word the explanation must contain */
  } cases[] = {
    { "50", "unit" },
    { "ms", "duration" },
    { "1.5x", "unit" },
    { "-1s", "duration" },
    { "", "duration" },
    { "s", "duration" },
    { ".s", "duration" },
    { "1 s", "unit" },
    { "1sec", "unit" },
    { "1ss", "unit" },
    { "1.5", "unit" },
    { "10000000000s", "large" },
    { "153722868min", "large" },
    /* The fraction pushes it past 2^63 - 1 ns. */
    { "9223372036.9s", "large" },
    { "9223372036.854775808s", "large" },
    { "99999999999999999999999ns", "large" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SimTime out = -7;
      const char *why = NULL;
      gboolean ok = sim_time_parse (cases[i].text, &out, &why);
      if (ok)
        g_test_message ("\"%s\" accepted as %" G_GINT64_FORMAT, cases[i].text, out);
      g_assert_false (ok);
      g_assert_nonnull (why);
      if (strstr (why, cases[i].why_has) == NULL)
        g_test_message ("\"%s\": explanation \"%s\" lacks \"%s\"", cases[i].text, why,
                        cases[i].why_has);
      g_assert_nonnull (strstr (why, cases[i].why_has));
    }
}

static void
test_time_format_short (void)
{
  static const struct
  {
    SimTime t;
    const char *expect;
  } cases[] = {
    { 50 * SIM_MS, "50ms" },
    { SIM_S, "1s" },
    { 1500 * SIM_MS, "1.5s" },
    { 131 * SIM_S, "131s" },
    { 120 * SIM_S, "120s" },
    { 250 * SIM_US, "250us" },
    { 3, "3ns" },
    { 999 * SIM_MS, "999ms" },
    { 1100 * SIM_MS, "1.1s" },
    { 1050 * SIM_MS, "1.05s" },
    { G_GINT64_CONSTANT (1234567891), "1.234567891s" },
    { 1500 * SIM_US, "0.0015s" },
    { 1001, "0.000001001s" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char buf[64];
      memset (buf, 'X', sizeof buf);
      sim_time_format_short (cases[i].t, buf, sizeof buf);
      g_assert_cmpstr (buf, ==, cases[i].expect);
    }
}

static void
test_time_format_s9 (void)
{
  static const struct
  {
    SimTime t;
    const char *expect;
  } cases[] = {
    { 1050 * SIM_MS, "1.050000000" },
    { 0, "0.000000000" },
    { 3, "0.000000003" },
    { 131 * SIM_S, "131.000000000" },
    { 50 * SIM_MS, "0.050000000" },
    { G_GINT64_CONSTANT (1234567891), "1.234567891" },
    { -50 * SIM_MS, "-0.050000000" },
    { G_MAXINT64, "9223372036.854775807" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char buf[64];
      memset (buf, 'X', sizeof buf);
      sim_time_format_s9 (cases[i].t, buf, sizeof buf);
      g_assert_cmpstr (buf, ==, cases[i].expect);
    }
}

static void
test_time_roundtrip (void)
{
  /* What format_short writes, parse reads back to the same value. */
  static const SimTime values[] = {
    50 * SIM_MS, SIM_S, 1500 * SIM_MS, 131 * SIM_S, 250 * SIM_US, 3,
    G_GINT64_CONSTANT (1234567891), 1500 * SIM_US, 1001,
  };
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      char buf[64];
      SimTime back = -1;
      const char *why = NULL;
      sim_time_format_short (values[i], buf, sizeof buf);
      g_assert_true (sim_time_parse (buf, &back, &why));
      g_assert_cmpint (back, ==, values[i]);
    }
}

static void
count_fired (Sim *sim, gpointer ctx)
{
  (void) sim;
  (void) ctx;
}

static void
rearm_now (Sim *sim, gpointer ctx)
{
  sim_timer_arm (sim, ctx, sim->now);
}

static void
test_run_instant_limit (void)
{
  /* A timer that re-arms itself at the same instant forever: the guard
   * stops the run after instant_limit events at that instant, with the
   * clock there and the timer still queued. */
  Sim sim;
  sim_init (&sim);
  sim.instant_limit = 1000;
  SimTimer loop, later;
  sim_timer_init (&loop, rearm_now, &loop);
  sim_timer_init (&later, count_fired, NULL);
  sim_timer_arm (&sim, &loop, 5 * SIM_S);
  sim_timer_arm (&sim, &later, 6 * SIM_S);
  sim_run (&sim, SIM_TIME_NEVER, 0);
  g_assert_true (sim.stalled);
  g_assert_cmpint (sim.now, ==, 5 * SIM_S);
  g_assert_cmpuint (sim.events_run, ==, 1000);
  g_assert_true (sim_timer_armed (&loop));
  sim_timer_cancel (&sim, &loop);
  sim_timer_cancel (&sim, &later);
  sim_clear (&sim);

  /* A burst at one instant that ends below the limit is no loop. */
  sim_init (&sim);
  sim.instant_limit = 1000;
  SimTimer burst[1000];
  for (guint i = 0; i < G_N_ELEMENTS (burst); i++)
    {
      sim_timer_init (&burst[i], count_fired, NULL);
      sim_timer_arm (&sim, &burst[i], 2 * SIM_S);
    }
  sim_run (&sim, SIM_TIME_NEVER, 0);
  g_assert_false (sim.stalled);
  g_assert_cmpuint (sim.events_run, ==, 1000);
  sim_clear (&sim);
}

typedef struct
{
  GString *log;
  char name;
} Named;

static void
record_order (Sim *sim, gpointer ctx)
{
  (void) sim;
  Named *n = ctx;
  g_string_append_c (n->log, n->name);
}

static void
test_class_order (void)
{
  /* At one instant, NET events come before TIMER events whatever the arm
   * order; within a class, FIFO.  At different instants, time decides. */
  Sim sim;
  sim_init (&sim);
  GString *log = g_string_new ("");
  Named n[5] = { { log, 'a' }, { log, 'b' }, { log, 'c' }, { log, 'd' }, { log, 'e' } };
  SimTimer t[5];
  for (int i = 0; i < 5; i++)
    sim_timer_init (&t[i], record_order, &n[i]);
  sim_timer_set_class (&t[2], SIM_CLASS_NET);
  sim_timer_set_class (&t[3], SIM_CLASS_NET);
  sim_timer_arm (&sim, &t[0], SIM_S);      /* timer, armed first */
  sim_timer_arm (&sim, &t[1], SIM_S);      /* timer */
  sim_timer_arm (&sim, &t[2], SIM_S);      /* net, armed after both */
  sim_timer_arm (&sim, &t[3], SIM_S);      /* net */
  sim_timer_arm (&sim, &t[4], SIM_S - 1);  /* a timer just before */
  sim_run (&sim, SIM_TIME_NEVER, 0);
  g_assert_cmpstr (log->str, ==, "ecdab");
  /* Re-arming keeps the class. */
  g_string_truncate (log, 0);
  sim_timer_arm (&sim, &t[0], 2 * SIM_S);
  sim_timer_arm (&sim, &t[2], 3 * SIM_S);
  sim_timer_arm (&sim, &t[2], 2 * SIM_S);
  sim_run (&sim, SIM_TIME_NEVER, 0);
  g_assert_cmpstr (log->str, ==, "ca");
  g_string_free (log, TRUE);
  sim_clear (&sim);
}

/* ---- the end of time: saturating arithmetic and timers that never fire ---------- */

#define TMAX SIM_TIME_MAX
#define TMIN G_MININT64

static void
test_time_add_saturates (void)
{
  static const struct
  {
    SimTime a, b, sum;
  } cases[] = {
    { 0, 0, 0 },
    { 1, 2, 3 },
    { -5, 3, -2 },
    { TMAX - 1, 1, TMAX },
    { TMAX - 1, 2, TMAX },
    { TMAX, TMAX, TMAX },
    { TMAX, 1, TMAX },
    { 1, TMAX, TMAX },
    { TMAX, -1, TMAX - 1 },
    { TMAX, TMIN, -1 },
    { TMIN + 1, -1, TMIN },
    { TMIN, -1, TMIN },
    { TMIN, TMIN, TMIN },
    { TMIN, TMAX, -1 },
    /* A deadline a user's value pushes past the end: now + 2^63 - 1. */
    { 400 * SIM_MS, TMAX, TMAX },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%" G_GINT64_FORMAT " + %" G_GINT64_FORMAT, cases[i].a, cases[i].b);
      g_assert_cmpint (sim_time_add (cases[i].a, cases[i].b), ==, cases[i].sum);
    }
}

static void
test_time_mul_saturates (void)
{
  static const struct
  {
    SimTime a;
    gint64 k;
    SimTime product;
  } cases[] = {
    { 0, TMAX, 0 },
    { TMAX, 0, 0 },
    { 3, 4, 12 },
    { -3, 4, -12 },
    { 3, -4, -12 },
    { -3, -4, 12 },
    { TMAX, 1, TMAX },
    { TMAX, -1, -TMAX },
    { TMIN, 1, TMIN },
    { TMIN, -1, TMAX },
    { TMAX / 2, 2, TMAX - 1 },
    { TMAX / 2 + 1, 2, TMAX },
    { TMAX / 7 + 1, 7, TMAX },
    { G_GINT64_CONSTANT (1) << 62, -2, TMIN },
    { (G_GINT64_CONSTANT (1) << 62) + 1, -2, TMIN },
    { TMAX, TMAX, TMAX },
    { TMIN, TMAX, TMIN },
    { TMIN, TMIN, TMAX },
    /* SYN-cookie age: a period of centuries times 255. */
    { TMAX / 3, 255, TMAX },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%" G_GINT64_FORMAT " * %" G_GINT64_FORMAT, cases[i].a, cases[i].k);
      g_assert_cmpint (sim_time_mul (cases[i].a, cases[i].k), ==, cases[i].product);
    }
}

static void
test_time_shl_saturates (void)
{
  /* The RTO backoff, RFC 6298 §5.5: exact while it fits, then the end of
   * time, for every shift count (63 and more are undefined in C). */
  g_assert_cmpint (sim_time_shl (0, 200), ==, 0);
  g_assert_cmpint (sim_time_shl (SIM_S, 0), ==, SIM_S);
  g_assert_cmpint (sim_time_shl (SIM_S, 5), ==, 32 * SIM_S);
  g_assert_cmpint (sim_time_shl (1, 62), ==, G_GINT64_CONSTANT (1) << 62);
  g_assert_cmpint (sim_time_shl (1, 63), ==, TMAX);
  g_assert_cmpint (sim_time_shl (2, 62), ==, TMAX);
  g_assert_cmpint (sim_time_shl (SIM_S, 33), ==, SIM_S << 33);
  g_assert_cmpint (sim_time_shl (SIM_S, 34), ==, TMAX);
  g_assert_cmpint (sim_time_shl (TMAX, 1), ==, TMAX);
  g_assert_cmpint (sim_time_shl (TMAX / 2, 1), ==, TMAX - 1);
  g_assert_cmpint (sim_time_shl (TMAX / 2 + 1, 1), ==, TMAX);
  for (guint k = 0; k < 300; k++)
    g_assert_cmpint (sim_time_shl (120 * SIM_S, k), >=, 120 * SIM_S);
  g_assert_cmpint (sim_time_shl (-SIM_S, 2), ==, -4 * SIM_S);
  g_assert_cmpint (sim_time_shl (-SIM_S, 63), ==, TMIN);
  g_assert_cmpint (sim_time_shl (-1, 64), ==, TMIN);
}

static void
test_time_from_double (void)
{
  static const struct
  {
    double ns;
    SimTime t;
  } cases[] = {
    { 0.0, 0 },
    { 0.4999, 0 },
    { 0.5, 1 },  /* half away from zero, as llround() */
    { -0.5, -1 },
    { 2.5, 3 },
    { 1e9, SIM_S },
    { 9007199254740993.0, 9007199254740992 }, /* 2^53 + 1 is not a double */
    { 9223372036854774784.0, G_GINT64_CONSTANT (9223372036854774784) }, /* largest below 2^63 */
    { 9223372036854775808.0, TMAX },
    { 1e19, TMAX },
    { 1e300, TMAX },
    { -1e300, -TMAX },
    { -9223372036854775808.0, -TMAX },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%g", cases[i].ns);
      g_assert_cmpint (sim_time_from_double (cases[i].ns), ==, cases[i].t);
    }
  g_assert_cmpint (sim_time_from_double (INFINITY), ==, TMAX);
  g_assert_cmpint (sim_time_from_double (-INFINITY), ==, -TMAX);
  g_assert_cmpint (sim_time_from_double (NAN), ==, 0);
}

static void
test_never_never_fires (void)
{
  /* A timer armed for SIM_TIME_NEVER is armed, can be cancelled and
   * re-armed, and never fires, even when the run has no end. */
  Fixture fx;
  fixture_init (&fx);
  arm (&fx, 0, SIM_TIME_NEVER);
  arm (&fx, 1, SIM_TIME_NEVER - 1);
  arm (&fx, 2, 5 * SIM_S);
  g_assert_true (sim_timer_armed (&fx.probes[0].timer));
  sim_run (&fx.sim, SIM_TIME_NEVER, 0);
  ASSERT_FIRINGS (&fx, { 2, 5 * SIM_S }, { 1, SIM_TIME_NEVER - 1 });
  g_assert_cmpint (fx.sim.now, ==, SIM_TIME_NEVER - 1);
  g_assert_true (sim_timer_armed (&fx.probes[0].timer));
  g_assert_cmpint (sim_next_time (&fx.sim), ==, SIM_TIME_NEVER);
  g_assert_false (sim_step (&fx.sim, SIM_TIME_NEVER));
  /* From the last instant before the end, any delay saturates. */
  sim_timer_arm_in (&fx.sim, &fx.probes[3].timer, 1);
  sim_timer_arm_in (&fx.sim, &fx.probes[4].timer, SIM_TIME_MAX);
  g_assert_cmpint (fx.probes[3].timer.when, ==, SIM_TIME_NEVER);
  g_assert_cmpint (fx.probes[4].timer.when, ==, SIM_TIME_NEVER);
  sim_run (&fx.sim, SIM_TIME_NEVER, 0);
  g_assert_cmpuint (fx.firings->len, ==, 2);
  g_assert_cmpuint (fx.sim.len, ==, 3);
  sim_timer_cancel (&fx.sim, &fx.probes[0].timer);
  g_assert_false (sim_timer_armed (&fx.probes[0].timer));
  g_assert_cmpuint (fx.sim.len, ==, 2);
  fixture_clear (&fx);
}

static void
test_arm_in_saturates (void)
{
  /* now + a huge delay: never, not a time before now (which the
   * scheduler would refuse) nor a negative one. */
  Fixture fx;
  fixture_init (&fx);
  arm (&fx, 0, 3 * SIM_S);
  sim_run (&fx.sim, SIM_TIME_NEVER, 0);
  sim_timer_arm_in (&fx.sim, &fx.probes[1].timer, SIM_TIME_MAX);
  sim_timer_arm_in (&fx.sim, &fx.probes[2].timer, SIM_TIME_MAX - 3 * SIM_S);
  sim_timer_arm_in (&fx.sim, &fx.probes[3].timer, SIM_TIME_MAX - 3 * SIM_S - 1);
  g_assert_cmpint (fx.probes[1].timer.when, ==, SIM_TIME_NEVER);
  g_assert_cmpint (fx.probes[2].timer.when, ==, SIM_TIME_NEVER);
  g_assert_cmpint (fx.probes[3].timer.when, ==, SIM_TIME_NEVER - 1);
  sim_run (&fx.sim, SIM_TIME_NEVER, 0);
  ASSERT_FIRINGS (&fx, { 0, 3 * SIM_S }, { 3, SIM_TIME_NEVER - 1 });
  fixture_clear (&fx);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sched/order-by-time", test_order_by_time);
  g_test_add_func ("/sched/fifo-ties", test_fifo_ties);
  g_test_add_func ("/sched/fifo-ties-many", test_fifo_ties_many);
  g_test_add_func ("/sched/rearm/earlier", test_rearm_earlier);
  g_test_add_func ("/sched/rearm/later", test_rearm_later);
  g_test_add_func ("/sched/rearm/same-time-goes-last", test_rearm_same_time_goes_last);
  g_test_add_func ("/sched/rearm/onto-tie-goes-last", test_rearm_earlier_onto_tie);
  g_test_add_func ("/sched/rearm/arm-in", test_arm_in);
  g_test_add_func ("/sched/cancel/armed", test_cancel_armed);
  g_test_add_func ("/sched/cancel/then-rearm", test_cancel_then_rearm);
  g_test_add_func ("/sched/cancel/unarmed-is-noop", test_cancel_unarmed);
  g_test_add_func ("/sched/cancel/from-handler", test_cancel_from_handler);
  g_test_add_func ("/sched/cancel/self-in-handler", test_cancel_self_in_handler);
  g_test_add_func ("/sched/handler/rearms-self", test_handler_rearms_self);
  g_test_add_func ("/sched/handler/rearms-self-now", test_handler_rearms_self_now);
  g_test_add_func ("/sched/handler/rearms-other", test_handler_rearms_other);
  g_test_add_func ("/sched/run/step", test_step);
  g_test_add_func ("/sched/run/until-inclusive", test_run_until_inclusive);
  g_test_add_func ("/sched/run/until-covers-new-timers", test_run_until_covers_new_timers);
  g_test_add_func ("/sched/run/max-events", test_max_events);
  g_test_add_func ("/sched/run/stop", test_stop);
  g_test_add_func ("/sched/run/instant-limit", test_run_instant_limit);
  g_test_add_func ("/sched/class-order", test_class_order);
  g_test_add_func ("/sched/next-time", test_next_time);
  g_test_add_func ("/sched/random-vs-reference", test_random_vs_reference);
  g_test_add_func ("/sched/random-lanes-vs-reference", test_random_lanes_vs_reference);
  g_test_add_func ("/simtime/parse/valid", test_time_parse_valid);
  g_test_add_func ("/simtime/parse/invalid", test_time_parse_invalid);
  g_test_add_func ("/simtime/format/short", test_time_format_short);
  g_test_add_func ("/simtime/format/s9", test_time_format_s9);
  g_test_add_func ("/simtime/roundtrip", test_time_roundtrip);
  g_test_add_func ("/simtime/add-saturates", test_time_add_saturates);
  g_test_add_func ("/simtime/mul-saturates", test_time_mul_saturates);
  g_test_add_func ("/simtime/shl-saturates", test_time_shl_saturates);
  g_test_add_func ("/simtime/from-double", test_time_from_double);
  g_test_add_func ("/sched/never/never-fires", test_never_never_fires);
  g_test_add_func ("/sched/never/arm-in-saturates", test_arm_in_saturates);

  return g_test_run ();
}
