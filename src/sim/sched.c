/* The event queue: an indexed binary min-heap of SimTimer pointers.
 *
 * Each timer stores its heap slot, so cancel and re-arm find it in O(1)
 * and restore the heap in O(log n).  Ordering is the strict key
 * (when, class, seq): seq grows with every arm, so equal times of one
 * class pop in FIFO order of arming (the rule of Shadow's event_compare
 * and ns-3's Scheduler::EventKey), and arrivals precede timers. */
#include "sim/sched.h"

static inline gboolean
timer_before (const SimTimer *a, const SimTimer *b)
{
  if (a->when != b->when)
    return a->when < b->when;
  if (a->cls != b->cls)
    return a->cls < b->cls;
  return a->seq < b->seq;
}

static inline void
heap_place (Sim *sim, SimTimer *t, gsize i)
{
  sim->heap[i] = t;
  t->slot = (gint64) i;
}

static void
heap_sift_up (Sim *sim, gsize i)
{
  SimTimer *t = sim->heap[i];
  while (i > 0)
    {
      gsize parent = (i - 1) / 2;
      if (!timer_before (t, sim->heap[parent]))
        break;
      heap_place (sim, sim->heap[parent], i);
      i = parent;
    }
  heap_place (sim, t, i);
}

static void
heap_sift_down (Sim *sim, gsize i)
{
  SimTimer *t = sim->heap[i];
  gsize n = sim->len;
  for (;;)
    {
      gsize child = 2 * i + 1;
      if (child >= n)
        break;
      if (child + 1 < n && timer_before (sim->heap[child + 1], sim->heap[child]))
        child++;
      if (!timer_before (sim->heap[child], t))
        break;
      heap_place (sim, sim->heap[child], i);
      i = child;
    }
  heap_place (sim, t, i);
}

static void
heap_remove_at (Sim *sim, gsize i)
{
  SimTimer *t = sim->heap[i];
  SimTimer *last = sim->heap[--sim->len];
  t->slot = -1;
  if (i == sim->len)
    return;
  heap_place (sim, last, i);
  if (i > 0 && timer_before (last, sim->heap[(i - 1) / 2]))
    heap_sift_up (sim, i);
  else
    heap_sift_down (sim, i);
}

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
  sim->heap = NULL;
  sim->len = sim->cap = 0;
}

void
sim_reset (Sim *sim)
{
  /* Disarming is all a cancel of every timer would do: with the whole
   * heap going, no sifting is needed. */
  for (gsize i = 0; i < sim->len; i++)
    sim->heap[i]->slot = -1;
  SimTimer **heap = sim->heap;
  gsize cap = sim->cap;
  *sim = (Sim) { .heap = heap, .cap = cap };
}

void
sim_timer_init (SimTimer *t, SimTimerFn fn, gpointer ctx)
{
  *t = (SimTimer) { .when = 0, .seq = 0, .slot = -1, .fn = fn, .ctx = ctx, .cls = SIM_CLASS_TIMER };
}

void
sim_timer_arm (Sim *sim, SimTimer *t, SimTime when)
{
  g_assert (when >= sim->now);
  if (t->slot >= 0)
    {
      /* Re-arm in place.  The new seq is the largest yet and the class is
       * unchanged, so a key at the same or a later time can only move
       * down, an earlier one only up. */
      gboolean later = when >= t->when;
      t->when = when;
      t->seq = sim->next_seq++;
      if (later)
        heap_sift_down (sim, (gsize) t->slot);
      else
        heap_sift_up (sim, (gsize) t->slot);
      return;
    }
  if (sim->len == sim->cap)
    {
      sim->cap = sim->cap ? sim->cap * 2 : 64;
      sim->heap = g_renew (SimTimer *, sim->heap, sim->cap);
    }
  t->when = when;
  t->seq = sim->next_seq++;
  sim->heap[sim->len] = t;
  t->slot = (gint64) sim->len++;
  heap_sift_up (sim, (gsize) t->slot);
}

void
sim_timer_cancel (Sim *sim, SimTimer *t)
{
  if (t->slot < 0)
    return;
  g_assert ((gsize) t->slot < sim->len && sim->heap[t->slot] == t);
  heap_remove_at (sim, (gsize) t->slot);
}

SimTime
sim_next_time (const Sim *sim)
{
  return sim->len ? sim->heap[0]->when : SIM_TIME_NEVER;
}

gboolean
sim_step (Sim *sim, SimTime until)
{
  /* SIM_TIME_NEVER is the end of time, which the clock never reaches:
   * firing there would leave no later instant for what the handler arms. */
  if (sim->len == 0 || sim->heap[0]->when > until || sim->heap[0]->when == SIM_TIME_NEVER)
    return FALSE;
  SimTimer *t = sim->heap[0];
  if (t->when == sim->now && sim->events_run > 0)
    {
      if (sim->instant_limit > 0 && ++sim->same_instant >= sim->instant_limit)
        {
          sim->stalled = TRUE;
          return FALSE;
        }
    }
  else
    sim->same_instant = 0;
  heap_remove_at (sim, 0);
  sim->now = t->when;
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
