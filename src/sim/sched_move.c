/* Moving an armed timer (sched_move.h).  The queue holds pointers to
 * timers and each timer its slot: the slot's pointer is redirected. */
#include "sim/sched_move.h"

void
sim_timer_move (Sim *sim, SimTimer *from, SimTimer *to, SimTimerFn fn, gpointer ctx)
{
  *to = *from;
  to->fn = fn;
  to->ctx = ctx;
  if (from->slot >= 0)
    {
      g_assert ((gsize) from->slot < sim->len && sim->heap[from->slot] == from);
      sim->heap[from->slot] = to;
      from->slot = -1;
    }
}
