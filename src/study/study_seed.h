/* Which random numbers a replication draws.
 *
 * A sweep point is named by its key: every parameter set with -D or by
 * --vary, as NAME=VALUE sorted by name (a later -D of the same name wins).
 * Replication r of a point runs with the seed study_seed(seed, key, r), and
 * every random stream of the run derives from that (sim/rng.h), so
 * `tcpsim run FILE -D … --replication r` with the point's parameters gives
 * the same trace as the sweep's replication, alone. */
#ifndef TCPSIM_STUDY_SEED_H
#define TCPSIM_STUDY_SEED_H

#include <glib.h>

#include "scenario/scenario.h"

/* The key of the point with these defines (free it). */
char *study_point_key (const ScnDefine *defs, gsize n);

guint64 study_seed (guint64 seed, const char *key, guint32 r);

#endif
