/* Today's event queue (main before the queue branch), kept to measure
 * the new one against in the same run: an indexed binary min-heap of
 * timer pointers, every comparison reading two timers.  A verbatim copy of
 * the old src/sim/sched.c with the names prefixed old_heap_; only the
 * benchmark links it. */
#include "old-heap.h"

static inline gboolean
timer_before (const OldTimer *a, const OldTimer *b)
{
  if (a->when != b->when)
    return a->when < b->when;
  if (a->cls != b->cls)
    return a->cls < b->cls;
  return a->seq < b->seq;
}

static inline void
heap_place (OldHeap *sim, OldTimer *t, gsize i)
{
  sim->heap[i] = t;
  t->slot = (gint64) i;
}

static void
heap_sift_up (OldHeap *sim, gsize i)
{
  OldTimer *t = sim->heap[i];
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
heap_sift_down (OldHeap *sim, gsize i)
{
  OldTimer *t = sim->heap[i];
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
heap_remove_at (OldHeap *sim, gsize i)
{
  OldTimer *t = sim->heap[i];
  OldTimer *last = sim->heap[--sim->len];
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
old_heap_init (OldHeap *sim)
{
  *sim = (OldHeap) { 0 };
}

void
old_heap_clear (OldHeap *sim)
{
  /* Timers still armed belong to owners that may be gone already: the
   * queue forgets them without touching them. */
  g_free (sim->heap);
  sim->heap = NULL;
  sim->len = sim->cap = 0;
}

void
old_heap_reset (OldHeap *sim)
{
  /* Disarming is all a cancel of every timer would do: with the whole
   * heap going, no sifting is needed. */
  for (gsize i = 0; i < sim->len; i++)
    sim->heap[i]->slot = -1;
  OldTimer **heap = sim->heap;
  gsize cap = sim->cap;
  *sim = (OldHeap) { .heap = heap, .cap = cap };
}

void
old_heap_timer_init (OldTimer *t, OldHeapFn fn, gpointer ctx)
{
  *t = (OldTimer) { .when = 0, .seq = 0, .slot = -1, .fn = fn, .ctx = ctx, .cls = 1 };
}

void
old_heap_timer_arm (OldHeap *sim, OldTimer *t, SimTime when)
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
      sim->heap = g_renew (OldTimer *, sim->heap, sim->cap);
    }
  t->when = when;
  t->seq = sim->next_seq++;
  sim->heap[sim->len] = t;
  t->slot = (gint64) sim->len++;
  heap_sift_up (sim, (gsize) t->slot);
}

void
old_heap_timer_cancel (OldHeap *sim, OldTimer *t)
{
  if (t->slot < 0)
    return;
  g_assert ((gsize) t->slot < sim->len && sim->heap[t->slot] == t);
  heap_remove_at (sim, (gsize) t->slot);
}

SimTime
old_heap_next_time (const OldHeap *sim)
{
  return sim->len ? sim->heap[0]->when : SIM_TIME_NEVER;
}

gboolean
old_heap_step (OldHeap *sim, SimTime until)
{
  /* SIM_TIME_NEVER is the end of time, which the clock never reaches:
   * firing there would leave no later instant for what the handler arms. */
  if (sim->len == 0 || sim->heap[0]->when > until || sim->heap[0]->when == SIM_TIME_NEVER)
    return FALSE;
  OldTimer *t = sim->heap[0];
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
old_heap_run (OldHeap *sim, SimTime until, guint64 max_events)
{
  guint64 start = sim->events_run;
  sim->stopped = FALSE;
  while (!sim->stopped
         && (max_events == 0 || sim->events_run - start < max_events)
         && old_heap_step (sim, until))
    ;
}

void
old_heap_stop (OldHeap *sim)
{
  sim->stopped = TRUE;
}
