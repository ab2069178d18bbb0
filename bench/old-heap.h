/* Today's event queue, kept for the benchmark (old-heap.c): the API of
 * src/sim/sched.h before the queue branch, prefixed old_heap_. */
#ifndef TCPSIM_OLD_HEAP_H
#define TCPSIM_OLD_HEAP_H

#include <glib.h>

#include "sim/simtime.h"

typedef struct OldHeap OldHeap;
typedef struct OldTimer OldTimer;
typedef void (*OldHeapFn) (OldHeap *sim, gpointer ctx);

struct OldTimer
{
  SimTime when;
  guint64 seq;
  gint64 slot;
  OldHeapFn fn;
  gpointer ctx;
  guint8 cls;
};

struct OldHeap
{
  SimTime now;
  guint64 next_seq;
  OldTimer **heap;
  gsize len, cap;
  guint64 events_run;
  gboolean stopped;
  guint64 instant_limit;
  guint64 same_instant;
  gboolean stalled;
};

void old_heap_init (OldHeap *sim);
void old_heap_clear (OldHeap *sim);
void old_heap_reset (OldHeap *sim);
void old_heap_timer_init (OldTimer *t, OldHeapFn fn, gpointer ctx);
void old_heap_timer_arm (OldHeap *sim, OldTimer *t, SimTime when);
void old_heap_timer_cancel (OldHeap *sim, OldTimer *t);
SimTime old_heap_next_time (const OldHeap *sim);
gboolean old_heap_step (OldHeap *sim, SimTime until);
void old_heap_run (OldHeap *sim, SimTime until, guint64 max_events);
void old_heap_stop (OldHeap *sim);

#endif
