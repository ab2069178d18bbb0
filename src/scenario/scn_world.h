/* A World: the simulation built from a Scenario (hosts, stacks, links,
 * faults, generators) and the runtime of its timeline (timed steps and
 * reactions to connection events).  Trace sinks subscribe to world->bus
 * before world_run(). */
#ifndef TCPSIM_SCN_WORLD_H
#define TCPSIM_SCN_WORLD_H

#include <glib.h>

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

/* Runs until the scenario's `run until`, or until nothing is left to do,
 * or max_events (0 = no limit) have run. */
void world_run (World *w, guint64 max_events);

/* Host index of a host name, or -1. */
int world_host_index (const World *w, const char *name);

/* The named connection with this id, or -1. */
int world_conn_by_id (const World *w, guint64 id);

#endif
