/* Moving an armed timer (sched_move.h).  The queue refers to a timer from
 * its heap entry (slot >= 0) and, for a timer in a lane, from the lane's
 * ring entry (lane_pos), whether or not it is the lane's head in the heap
 * (sched.c): every such pointer is redirected to the new place.  Keys
 * (when, class, sequence) stay in the entries, so the order is unchanged,
 * lazily moved entries included. */
#include "sim/sched_move.h"

void
sim_timer_move (Sim *sim, SimTimer *from, SimTimer *to, SimTimerFn fn, gpointer ctx)
{
  *to = *from;
  to->fn = fn;
  to->ctx = ctx;
  if (from->slot == SIM_SLOT_IDLE)
    return;
  if (from->slot >= 0)
    {
      g_assert ((gsize) from->slot < sim->heap_len && sim->heap[from->slot].timer == from);
      sim->heap[from->slot].timer = to;
    }
  if (from->lane != 0)
    {
      SimLane *l = &sim->lanes[from->lane - 1];
      SimEntry *e = &l->ring[from->lane_pos & (l->cap - 1)];
      g_assert (e->timer == from);
      e->timer = to;
    }
  from->slot = SIM_SLOT_IDLE;
  from->lane = 0;
}
