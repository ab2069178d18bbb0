/* The event queue: a 4-ary min-heap of inline keys, FIFO lanes for timers
 * of one delay, and lazy moves of a deadline to later.
 *
 * Ordering is the strict key (when, class, seq): seq grows with every arm,
 * so equal times of one class pop in FIFO order of arming (the rule of
 * Shadow's event_compare and ns-3's Scheduler::EventKey), and arrivals
 * precede timers.  Keys are unique, so every correct priority queue pops
 * the same sequence: the structures below change the cost, never the
 * order (tests/test-sched.c checks them against a scan of every key).
 *
 * The heap.  Each entry is (when, class << 63 | seq, timer): comparisons
 * read only the array, never a timer (the binary heap of timer pointers
 * this replaces spent 38% of a million-connection run dereferencing them
 * in its sift-down).  Four children per node halve the depth; the four
 * sit side by side in 96 bytes.  A timer still records its heap index
 * (SimTimer.slot) so that a cancel finds it in O(1).
 *
 * Lanes.  A timer armed for now + d, with the clock never going back,
 * comes due no earlier than every timer armed before it for now' + d, and
 * after them at a tie (larger seq): timers of one delay and class form a
 * FIFO that needs no sorting.  TIME-WAIT (2 MSL), FIN-WAIT-2, the delayed
 * ACK and the first RTOs are such delays, and they are most of what waits
 * in a run of many connections.  A lane is a ring of entries (append and
 * cancel O(1), a cancel leaving a hole that the head skips, read in order
 * without touching a timer) whose head alone has an entry in the heap;
 * when the head leaves, its successor takes its heap entry (a sift-down
 * only: its key is larger).  A ring keeps its storage and grows to the
 * most entries and holes it held at once.  Lanes are found by hashing
 * (delay, class) to a set of four of the SIM_LANES lanes; an empty lane of
 * the set is claimed by a delay that arrives there twice in a row (a
 * one-off would only pay for the lane), and a timer whose set has no lane
 * for it goes to the heap directly.  The hold model's random delays
 * therefore cost one hash and a few compares, no more.  Below LANE_MIN_PENDING pending timers there are no lanes.
 *
 * Lazy moves.  A timer in the heap (not in a lane) that is re-armed later
 * (a retransmission timer pushed back by an ACK) only records its new
 * deadline and seq: its entry keeps the old, smaller key, which is still a
 * lower bound, and is moved to the real key when it reaches the root.  The
 * root is fixed up after every operation, so it always holds the true
 * earliest key (sim_next_time() reads it).  Moving a deadline earlier
 * re-positions the entry at once. */
#include "sim/sched.h"

#define ARITY 4

static inline guint64
timer_key (const SimTimer *t)
{
  return ((guint64) t->cls << 63) | t->seq;
}

static inline SimEntry
entry_of (SimTimer *t)
{
  return (SimEntry) { .when = t->when, .key = timer_key (t), .timer = t };
}

/* Without branches: which child of four is least is a coin toss that a
 * branch predictor loses half the time.  Times are never negative, so as
 * unsigned numbers they keep their order; (when, key) is then one 128-bit
 * number where the compiler has them. */
#ifdef __SIZEOF_INT128__
__extension__ typedef unsigned __int128 SchedU128;
static inline gboolean
entry_before (const SimEntry *a, const SimEntry *b)
{
  SchedU128 x = ((SchedU128) (guint64) a->when << 64) | a->key;
  SchedU128 y = ((SchedU128) (guint64) b->when << 64) | b->key;
  return x < y;
}
#else
static inline gboolean
entry_before (const SimEntry *a, const SimEntry *b)
{
  return (a->when < b->when) | ((a->when == b->when) & (a->key < b->key));
}
#endif

/* An entry whose timer was moved later since it was placed. */
static inline gboolean
entry_stale (const SimEntry *e)
{
  return e->when != e->timer->when || e->key != timer_key (e->timer);
}

/* ---- the heap --------------------------------------------------------------- */

static inline void
heap_place (Sim *sim, const SimEntry *e, gsize i)
{
  sim->heap[i] = *e;
  e->timer->slot = (gint32) i;
}

/* Puts e into the hole at i, moving it towards the root. */
static void
heap_sift_up (Sim *sim, gsize i, const SimEntry *ep)
{
  SimEntry e = *ep;
  SimEntry *h = sim->heap;
  while (i > 0)
    {
      gsize parent = (i - 1) / ARITY;
      if (!entry_before (&e, &h[parent]))
        break;
      heap_place (sim, &h[parent], i);
      i = parent;
    }
  heap_place (sim, &e, i);
}

/* Puts e into the hole at i, moving it towards the leaves. */
static void
heap_sift_down (Sim *sim, gsize i, const SimEntry *ep)
{
  SimEntry e = *ep;
  SimEntry *h = sim->heap;
  gsize n = sim->heap_len;
  for (;;)
    {
      gsize first = ARITY * i + 1;
      if (first >= n)
        break;
      gsize best = first;
      if (first + ARITY <= n)
        {
          /* A full family, the usual case: a fixed tournament, the
           * winners picked by arithmetic so that no branch is taken. */
          gsize a = first + (gsize) entry_before (&h[first + 1], &h[first]);
          gsize b = first + 2 + (gsize) entry_before (&h[first + 3], &h[first + 2]);
          best = a ^ ((a ^ b) & -(gsize) entry_before (&h[b], &h[a]));
        }
      else
        for (gsize c = first + 1; c < n; c++)
          if (entry_before (&h[c], &h[best]))
            best = c;
      if (!entry_before (&h[best], &e))
        break;
      heap_place (sim, &h[best], i);
      i = best;
    }
  heap_place (sim, &e, i);
}

/* Replaces the entry at i by e, whichever way e's key moved. */
static void
heap_update (Sim *sim, gsize i, const SimEntry *e)
{
  if (i > 0 && entry_before (e, &sim->heap[(i - 1) / ARITY]))
    heap_sift_up (sim, i, e);
  else
    heap_sift_down (sim, i, e);
}

static void
heap_push (Sim *sim, const SimEntry *e)
{
  if (sim->heap_len == sim->cap)
    {
      sim->cap = sim->cap ? sim->cap * 2 : 64;
      g_assert (sim->cap <= (gsize) G_MAXINT32);
      sim->heap = g_renew (SimEntry, sim->heap, sim->cap);
    }
  heap_sift_up (sim, sim->heap_len++, e);
}

/* Fills the hole at i with the last entry.  That entry comes from the
 * bottom and most likely goes back there, so the hole first sinks along
 * the least children without comparing them to it (Floyd's bottom-up
 * deletion: one comparison in four saved, and the least predictable
 * branch), then the entry rises from where the hole stopped. */
static void
heap_remove_at (Sim *sim, gsize i)
{
  SimEntry last = sim->heap[--sim->heap_len];
  if (i >= sim->heap_len)
    return;
  SimEntry *h = sim->heap;
  gsize n = sim->heap_len;
  if (i > 0 && entry_before (&last, &h[(i - 1) / ARITY]))
    {
      heap_sift_up (sim, i, &last);
      return;
    }
  for (;;)
    {
      gsize first = ARITY * i + 1;
      if (first + ARITY > n)
        break;
      gsize a = first + (gsize) entry_before (&h[first + 1], &h[first]);
      gsize b = first + 2 + (gsize) entry_before (&h[first + 3], &h[first + 2]);
      gsize best = a ^ ((a ^ b) & -(gsize) entry_before (&h[b], &h[a]));
      heap_place (sim, &h[best], i);
      i = best;
    }
  heap_update (sim, i, &last);
}

/* Moves stale entries off the root until the root holds its timer's real
 * key: then it is the earliest of all (every entry is a lower bound of its
 * timer's key).  Each lazy move costs at most one such fix. */
static inline void
heap_fix_root (Sim *sim)
{
  while (sim->heap_len > 0 && entry_stale (&sim->heap[0]))
    {
      SimEntry e = entry_of (sim->heap[0].timer);
      heap_sift_down (sim, 0, &e);
    }
}

/* ---- lanes ------------------------------------------------------------------ */

/* The first of the LANE_WAYS lanes where (delay, class) may live: a set
 * of four, so that a delay that is always busy (TIME-WAIT's) is not shut
 * out by another one that happens to hash alike (one application's tick,
 * always holding one timer). */
#define LANE_WAYS 4

/* A small queue is a small heap: below this many pending timers, lanes
 * would cost more than they save (a sweep's replications of one
 * connection keep a handful), and every timer goes to the heap. */
#define LANE_MIN_PENDING 64
G_STATIC_ASSERT (SIM_LANES % LANE_WAYS == 0 && SIM_LANES / LANE_WAYS == 16);
G_STATIC_ASSERT (SIM_LANES == 64); /* Sim.lanes_busy has a bit for each */
G_STATIC_ASSERT (G_N_ELEMENTS (((Sim *) NULL)->lane_seen) == SIM_LANES / LANE_WAYS);

/* Index of the lowest set bit of x (not 0). */
static inline guint
lowest_bit64 (guint64 x)
{
#if defined(__GNUC__) || defined(__clang__)
  return (guint) __builtin_ctzll (x);
#else
  guint i = 0;
  while (!(x & 1))
    x >>= 1, i++;
  return i;
#endif
}

static inline guint
lane_set (SimTime delay, guint8 cls)
{
  guint64 x = ((guint64) delay ^ ((guint64) cls << 61)) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  return (guint) (x >> 60) * LANE_WAYS;
}

static inline SimEntry *
lane_at (const SimLane *l, guint32 pos)
{
  return &l->ring[pos & (l->cap - 1)];
}

static void
lane_append (SimLane *l, SimTimer *t)
{
  if (l->tail - l->head == l->cap)
    {
      /* Double the ring; each entry goes to its position modulo the new
       * size, so the positions the timers hold stay right. */
      guint32 cap = l->cap ? l->cap * 2 : 64;
      g_assert (cap <= (guint32) G_MAXINT32);
      SimEntry *ring = g_new (SimEntry, cap);
      for (guint32 pos = l->head; pos != l->tail; pos++)
        ring[pos & (cap - 1)] = *lane_at (l, pos);
      g_free (l->ring);
      l->ring = ring;
      l->cap = cap;
    }
  t->lane_pos = l->tail;
  *lane_at (l, l->tail++) = entry_of (t);
}

/* Takes an armed timer out of the queue: out of its lane (its successor
 * inheriting its heap entry if it was the head) or out of the heap. */
static void
queue_detach (Sim *sim, SimTimer *t)
{
  if (t->lane != 0)
    {
      SimLane *l = &sim->lanes[t->lane - 1];
      if (t->slot >= 0)
        {
          /* The head: its successor, the first entry that is not a hole,
           * takes its heap entry.  Lane entries are never stale, and the
           * successor's key is larger, so it can only move down. */
          l->head++;
          while (l->head != l->tail && lane_at (l, l->head)->timer == NULL)
            l->head++;
          if (l->head != l->tail)
            heap_sift_down (sim, (gsize) t->slot, lane_at (l, l->head));
          else
            {
              sim->lanes_busy &= ~(G_GUINT64_CONSTANT (1) << (t->lane - 1));
              heap_remove_at (sim, (gsize) t->slot);
            }
        }
      else
        {
          /* Behind the head: a hole, trimmed at once if it is the last. */
          lane_at (l, t->lane_pos)->timer = NULL;
          while (l->tail != l->head && lane_at (l, l->tail - 1)->timer == NULL)
            l->tail--;
        }
      t->lane = 0;
    }
  else
    {
      g_assert ((gsize) t->slot < sim->heap_len && sim->heap[t->slot].timer == t);
      heap_remove_at (sim, (gsize) t->slot);
    }
  t->slot = SIM_SLOT_IDLE;
  sim->len--;
}

/* Queues a timer that is not armed, its when and seq set. */
static void
queue_insert (Sim *sim, SimTimer *t)
{
  sim->len++;
  if (sim->len > LANE_MIN_PENDING && t->when != SIM_TIME_NEVER)
    {
      SimTime delay = t->when - sim->now;
      guint set = lane_set (delay, t->cls);
      guint busy = (guint) (sim->lanes_busy >> set) & ((1u << LANE_WAYS) - 1);
      for (guint b = busy; b != 0; b &= b - 1)
        {
          guint i = set + (guint) g_bit_nth_lsf (b, -1);
          SimLane *l = &sim->lanes[i];
          if (l->delay == delay && l->cls == t->cls)
            {
              t->lane = (guint8) (i + 1);
              t->slot = SIM_SLOT_LANE;
              lane_append (l, t);
              return;
            }
        }
      SimLane *free_lane = NULL;
      if (busy != (1u << LANE_WAYS) - 1)
        free_lane = &sim->lanes[set + (guint) g_bit_nth_lsf (~busy, -1)];
      guint seen = set / LANE_WAYS;
      if (free_lane != NULL && (sim->lane_seen[seen] != delay || sim->lane_seen_cls[seen] != t->cls))
        {
          /* The first of its delay here, maybe the only one: the heap. */
          sim->lane_seen[seen] = delay;
          sim->lane_seen_cls[seen] = t->cls;
          free_lane = NULL;
        }
      if (free_lane != NULL)
        {
          /* The second in a row: this delay claims the empty lane. */
          free_lane->delay = delay;
          free_lane->cls = t->cls;
          free_lane->head = free_lane->tail = 0;
          t->lane = (guint8) (free_lane - sim->lanes + 1);
          sim->lanes_busy |= G_GUINT64_CONSTANT (1) << (t->lane - 1);
          lane_append (free_lane, t);
          heap_push (sim, lane_at (free_lane, t->lane_pos));
          return;
        }
    }
  SimEntry e = entry_of (t);
  heap_push (sim, &e);
}

/* ---- the API ------------------------------------------------------------------ */

void
sim_init (Sim *sim)
{
  *sim = (Sim) { 0 };
}

void
sim_clear (Sim *sim)
{
  /* Timers still armed belong to owners that may be gone already: the
   * queue forgets them without touching them. */
  g_free (sim->heap);
  for (guint i = 0; i < SIM_LANES; i++)
    g_free (sim->lanes[i].ring);
  *sim = (Sim) { 0 };
}

void
sim_reset (Sim *sim)
{
  /* Disarming is all a cancel of every timer would do: with the whole
   * queue going, no sifting is needed.  The storage stays. */
  for (gsize i = 0; i < sim->heap_len; i++)
    {
      sim->heap[i].timer->slot = SIM_SLOT_IDLE;
      sim->heap[i].timer->lane = 0;
    }
  for (guint64 busy = sim->lanes_busy; busy != 0; busy &= busy - 1)
    {
      /* (An empty lane needs nothing: a claim starts it afresh.) */
      SimLane *l = &sim->lanes[lowest_bit64 (busy)];
      for (guint32 pos = l->head; pos != l->tail; pos++)
        {
          SimTimer *t = lane_at (l, pos)->timer;
          if (t != NULL)
            {
              t->slot = SIM_SLOT_IDLE;
              t->lane = 0;
            }
        }
      l->head = l->tail = 0;
    }
  /* Every other field as sim_init() sets it, one by one: a copy of the
   * whole Sim, lanes included, costs a sweep's replication more than its
   * events do.  (A field added to Sim must be added here.) */
  sim->now = 0;
  sim->next_seq = 0;
  sim->heap_len = sim->len = 0;
  sim->lanes_busy = 0;
  sim->events_run = 0;
  sim->stopped = FALSE;
  sim->instant_limit = 0;
  sim->same_instant = 0;
  sim->stalled = FALSE;
}

void
sim_timer_init (SimTimer *t, SimTimerFn fn, gpointer ctx)
{
  *t = (SimTimer) { .slot = SIM_SLOT_IDLE, .fn = fn, .ctx = ctx, .cls = SIM_CLASS_TIMER };
}

void
sim_timer_arm (Sim *sim, SimTimer *t, SimTime when)
{
  g_assert (when >= sim->now);
  if (t->slot >= 0 && t->lane == 0)
    {
      /* In the heap: re-arm in place.  The new seq is the largest yet and
       * the class is unchanged, so a later deadline (or the same) leaves
       * the entry's key a lower bound: a lazy move, which heap_fix_root()
       * completes at once if the entry is the root.  An earlier one is
       * placed now. */
      gboolean later = when >= t->when;
      t->when = when;
      t->seq = sim->next_seq++;
      if (!later)
        {
          SimEntry e = entry_of (t);
          heap_update (sim, (gsize) t->slot, &e);
        }
      heap_fix_root (sim);
      return;
    }
  gboolean detached = t->slot != SIM_SLOT_IDLE;
  if (detached)
    queue_detach (sim, t);
  t->when = when;
  t->seq = sim->next_seq++;
  queue_insert (sim, t);
  /* A new entry is never stale: only a removal can bring a stale one up. */
  if (detached)
    heap_fix_root (sim);
}

void
sim_timer_cancel (Sim *sim, SimTimer *t)
{
  if (t->slot == SIM_SLOT_IDLE)
    return;
  queue_detach (sim, t);
  heap_fix_root (sim);
}

SimTime
sim_next_time (const Sim *sim)
{
  return sim->heap_len ? sim->heap[0].when : SIM_TIME_NEVER;
}

gboolean
sim_step (Sim *sim, SimTime until)
{
  /* SIM_TIME_NEVER is the end of time, which the clock never reaches:
   * firing there would leave no later instant for what the handler arms. */
  if (sim->heap_len == 0)
    return FALSE;
  SimTime when = sim->heap[0].when;
  if (when > until || when == SIM_TIME_NEVER)
    return FALSE;
  SimTimer *t = sim->heap[0].timer;
  if (when == sim->now && sim->events_run > 0)
    {
      if (sim->instant_limit > 0 && ++sim->same_instant >= sim->instant_limit)
        {
          sim->stalled = TRUE;
          return FALSE;
        }
    }
  else
    sim->same_instant = 0;
  queue_detach (sim, t);
  heap_fix_root (sim);
  sim->now = when;
  sim->events_run++;
  t->fn (sim, t->ctx);
  return TRUE;
}

void
sim_run (Sim *sim, SimTime until, guint64 max_events)
{
  guint64 start = sim->events_run;
  sim->stopped = FALSE;
  while (!sim->stopped
         && (max_events == 0 || sim->events_run - start < max_events)
         && sim_step (sim, until))
    ;
}

void
sim_stop (Sim *sim)
{
  sim->stopped = TRUE;
}
