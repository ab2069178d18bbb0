/* Moving an armed timer to another place in memory without changing its
 * place in the queue (sched.h): the same deadline, class and arm sequence,
 * so the order of events is exactly what it would have been.  The owner
 * of a timer may shrink into a smaller one this way (tcp_timewait.c). */
#ifndef TCPSIM_SCHED_MOVE_H
#define TCPSIM_SCHED_MOVE_H

#include "sim/sched.h"

/* to takes from's deadline, class, sequence and slot, and fires fn(ctx);
 * from is left disarmed.  Neither is armed or both are moved alike. */
void sim_timer_move (Sim *sim, SimTimer *from, SimTimer *to, SimTimerFn fn, gpointer ctx);

#endif
