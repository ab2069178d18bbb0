/* The event scheduler: one clock and one queue of timers for one run.
 *
 * A SimTimer is embedded in whatever owns it (a connection, a link, an
 * application) and remembers where it waits in the queue, so arming,
 * re-arming and cancelling are O(log n) at worst and never allocate.  The
 * queue is keyed by (time, class, arm sequence): at one instant,
 * SIM_CLASS_NET events (segments arriving) come before SIM_CLASS_TIMER
 * ones (protocol timers, application steps), as a kernel's timers never
 * fire early and a segment that arrives "at" a timer's deadline is
 * processed first; within a class, events fire in the order they were
 * armed.  Every run is deterministic.
 *
 * How (sched.c): a 4-ary min-heap whose entries hold the key inline, so
 * ordering never reads a timer; FIFO lanes for timers armed with one same
 * delay (TIME-WAIT, delayed ACK, RTOs), which need no sorting and put only
 * their head in the heap; a timer moved later while it waits in the heap
 * keeps its old entry until that entry surfaces.  None of this is visible
 * in the order of events.
 *
 * There is no global state: a Sim value holds a whole run, so a sweep may
 * run many of them in parallel threads (one Sim per thread). */
#ifndef TCPSIM_SCHED_H
#define TCPSIM_SCHED_H

#include <glib.h>

#include "sim/simtime.h"

typedef struct Sim Sim;
typedef struct SimTimer SimTimer;

/* Called when a timer fires.  The timer is already disarmed: the handler
 * may re-arm it, arm others, or free the timer's owner. */
typedef void (*SimTimerFn) (Sim *sim, gpointer ctx);

typedef enum
{
  SIM_CLASS_NET = 0,   /* deliveries from links */
  SIM_CLASS_TIMER = 1, /* everything else (the default) */
} SimClass;

/* Where an armed timer waits (SimTimer.slot): an index >= 0 in the heap,
 * or one of these. */
enum
{
  SIM_SLOT_IDLE = -1, /* not armed */
  SIM_SLOT_LANE = -2, /* in a lane, behind the lane's head */
};

struct SimTimer
{
  SimTime when;
  guint64 seq;     /* arm order, breaks ties within a class */
  SimTimerFn fn;
  gpointer ctx;
  gint32 slot;     /* heap index, or SIM_SLOT_IDLE / SIM_SLOT_LANE */
  guint32 lane_pos; /* position in its lane's ring, when lane != 0 */
  guint8 cls;      /* SimClass */
  guint8 lane;     /* 1 + index of its lane in Sim.lanes, 0 for none */
};

/* One entry of the heap: the key of the timer it stands for, inline. */
typedef struct
{
  SimTime when;
  guint64 key;     /* class << 63 | seq */
  SimTimer *timer;
} SimEntry;

/* Timers armed with one delay (and class) at a never decreasing clock
 * come due in the order they were armed: a lane keeps their entries in a
 * ring, in that order, and only its head in the heap.  Positions count
 * up from the lane's creation (modulo 2^32); a cancelled timer leaves a
 * hole (timer NULL) that the head skips. */
typedef struct
{
  SimTime delay;
  SimEntry *ring;  /* cap entries, cap a power of 2 (kept when empty) */
  guint32 cap;
  guint32 head, tail; /* positions of the first entry and past the last */
  guint8 cls;
} SimLane;

#define SIM_LANES 64

/* (sim_reset() sets each field: a field added here must be added there.) */
struct Sim
{
  SimTime now;
  guint64 next_seq;
  SimEntry *heap;  /* 4-ary min-heap on (when, key) */
  gsize heap_len, cap;
  gsize len;       /* armed timers: in the heap and behind lane heads */
  SimLane lanes[SIM_LANES];
  guint64 lanes_busy; /* bit i: lanes[i] is not empty */
  /* Per set of lanes, the last (delay, class) that found no lane there: a
   * lane is claimed for a delay seen twice in a row, not for one-offs. */
  SimTime lane_seen[SIM_LANES / 4];
  guint8 lane_seen_cls[SIM_LANES / 4];
  guint64 events_run;
  gboolean stopped;
  /* Guard against an endless loop of zero-delay events: more than
   * instant_limit events in a row at one instant (0 = no limit) stops the
   * run with `stalled` set, before the next one fires. */
  guint64 instant_limit;
  guint64 same_instant;
  gboolean stalled;
};

void sim_init (Sim *sim);
void sim_clear (Sim *sim);

/* Puts sim back in the state sim_init() gives (clock at 0, queue empty,
 * counters at 0) but keeps the queue's storage, for a run that reuses its
 * world.  Every timer still armed is disarmed, as sim_timer_cancel()
 * would: their owners must still exist (true between events, when every
 * armed timer belongs to a live owner). */
void sim_reset (Sim *sim);

/* Prepares a timer that is not armed, of class SIM_CLASS_TIMER.  Must be
 * called before any other use; cancelling an initialised timer that is not
 * armed does nothing. */
void sim_timer_init (SimTimer *t, SimTimerFn fn, gpointer ctx);

/* Sets the class of a timer that is not armed. */
static inline void
sim_timer_set_class (SimTimer *t, SimClass cls)
{
  g_assert (t->slot == SIM_SLOT_IDLE);
  t->cls = (guint8) cls;
}

/* Arms (or re-arms) t to fire at absolute time when (>= sim->now).  A
 * timer armed for SIM_TIME_NEVER is armed (sim_timer_armed() says so, and
 * it can be cancelled or re-armed) but never fires: that is where a
 * deadline computed from a huge value saturates (simtime.h). */
void sim_timer_arm (Sim *sim, SimTimer *t, SimTime when);

/* Arms (or re-arms) t to fire after delay (>= 0) from now; a deadline
 * beyond the end of time saturates to SIM_TIME_NEVER. */
static inline void
sim_timer_arm_in (Sim *sim, SimTimer *t, SimTime delay)
{
  sim_timer_arm (sim, t, sim_time_add (sim->now, delay));
}

void sim_timer_cancel (Sim *sim, SimTimer *t);

static inline gboolean
sim_timer_armed (const SimTimer *t)
{
  return t->slot != SIM_SLOT_IDLE;
}

/* Time of the earliest armed timer, or SIM_TIME_NEVER (also when every
 * armed timer waits for SIM_TIME_NEVER: none will ever fire). */
SimTime sim_next_time (const Sim *sim);

/* Fires the earliest timer if it is due at or before until (and before
 * SIM_TIME_NEVER, whatever until is), advancing the clock to its time.
 * Returns FALSE (clock unchanged) otherwise, or when the same-instant
 * limit is reached (then sim->stalled is set). */
gboolean sim_step (Sim *sim, SimTime until);

/* Fires timers in order until none is due at or before until, the queue is
 * empty, sim_stop() was called, or max_events (0 = no limit) have run.
 * Leaves the clock at the last fired timer's time. */
void sim_run (Sim *sim, SimTime until, guint64 max_events);

/* Makes sim_run() return after the current handler. */
void sim_stop (Sim *sim);

#endif
