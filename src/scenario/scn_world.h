/* A World: the simulation built from a Scenario (hosts, stacks, links,
 * faults, generators) and the runtime of its timeline (timed steps and
 * reactions to connection events).  Trace sinks subscribe to world->bus
 * before world_run(). */
#ifndef TCPSIM_SCN_WORLD_H
#define TCPSIM_SCN_WORLD_H

#include <glib.h>
#include <signal.h>

#include "app/app_gen.h"
#include "net/host.h"
#include "net/link.h"
#include "scenario/scenario.h"
#include "sim/sched.h"
#include "tcp/tcp.h"
#include "trace/trace.h"

typedef struct World World;

/* One end of a named connection, as the timeline sees it. */
typedef struct
{
  World *world;
  int conn, end;
  TcpConn *tcp;     /* the world's reference, NULL until connected/accepted */
  guint64 received;
} WorldEnd;

typedef WorldEnd WorldEndPair[2];

typedef struct
{
  World *world;
  int index;
  SimTimer timer;
  gboolean fired;
} WorldStep;

struct World
{
  const Scenario *scn;
  Sim sim;
  TraceBus bus;
  guint64 seed;
  guint nhosts;
  Host **hosts;
  TcpIds *ids;          /* connection ids, shared by the stacks */
  TcpStack **stacks;
  guint nlinks;
  Link *links;
  WorldEndPair *ends;   /* per named connection */
  guint64 *conn_ids;    /* per named connection, 0 until it starts */
  WorldStep *steps;
  AppGen **gens;
  GPtrArray *unnamed;   /* accepted connections no step names */
};

/* seed overrides the scenario's when has_seed.  Fails (with a
 * "FILE:LINE:COL: error:" message) if a step cannot be set up. */
World *world_new (const Scenario *scn, gboolean has_seed, guint64 seed, GError **error);
void world_free (World *w);

/* Makes w, in whatever state a run left it, what
 * world_new (w->scn, TRUE, seed) would make, so that running it again
 * gives the same events and outputs as a new world (tests/test-reset.c
 * checks every scenario): clock at 0, queue empty, hosts up without
 * connections, stacks booted with seed's secrets, connection ids from 1,
 * links with seed's random streams and nothing in flight, generators
 * listening again with empty statistics, steps re-armed, named ends
 * cleared.  The trace bus keeps its subscribers, and tells them nothing of
 * the reset: a sink with state of its own (a measuring sink, a checker)
 * is the caller's to reset.  Keeps the world's allocations, which is the
 * point: a sweep runs many replications of one scenario.  Fails only if a
 * generator cannot listen again (world_new() would fail the same way);
 * w can then only be freed. */
gboolean world_reset (World *w, guint64 seed, GError **error);

/* The bounds of a run.  Zero in a field means no bound. */
typedef struct
{
  SimTime max_time;            /* used when the scenario has no `run until` */
  guint64 max_events;
  guint64 max_same_instant;    /* events in a row without the clock moving */
  const volatile sig_atomic_t *stop; /* polled between chunks of events */
} WorldLimits;

/* Why world_run() returned. */
typedef enum
{
  WORLD_DONE,          /* reached `run until`, or nothing was left to do */
  WORLD_STOPPED,       /* *limits->stop became non-zero */
  WORLD_STALLED,       /* max_same_instant events at one instant */
  WORLD_EVENT_LIMIT,   /* max_events ran with work still due */
  WORLD_TIME_LIMIT,    /* no `run until`, and work is left past max_time */
} WorldOutcome;

/* Runs the timeline within limits (NULL: none).  On WORLD_DONE with a
 * `run until`, the clock is left at that time. */
WorldOutcome world_run (World *w, const WorldLimits *limits);

/* Host index of a host name, or -1. */
int world_host_index (const World *w, const char *name);

/* The named connection with this id, or -1. */
int world_conn_by_id (const World *w, guint64 id);

#endif
