/* A connection generator with a request/response exchange.
 *
 * Connections start `interval` apart (fixed) or with exponential gaps of
 * mean `interval` (Poisson arrivals), from the client stacks in turn, to a
 * listening port on the server.  On each connection the client sends
 * `request` bytes and the server answers with `response` bytes,
 * `requests` times; between a response and the next request the client
 * waits `think`.  Then the closer closes: with CLOSER_SERVER (workload W
 * of bench/BENCH.md) the server closes right after its last response and
 * the client closes when it sees the FIN; with CLOSER_CLIENT the client
 * closes `think` after the last response and the server closes at EOF.
 *
 * Per connection it records the handshake time (connect call to
 * ESTABLISHED at the client) and the lifetime (connect call to the end of
 * the client's part of the close: CLOSED, or TIME-WAIT when the client
 * closed first), and the outcome. */
#ifndef TCPSIM_APP_GEN_H
#define TCPSIM_APP_GEN_H

#include <glib.h>

#include "app/app_durations.h"
#include "sim/rng.h"
#include "tcp/tcp.h"

typedef struct AppGen AppGen;

typedef enum
{
  APP_CLOSER_SERVER,
  APP_CLOSER_CLIENT,
} AppCloser;

typedef struct
{
  guint32 count;
  SimTime interval;  /* fixed gap, or the mean gap when poisson */
  gboolean poisson;
  SimTime start;
  guint32 request, response;
  guint32 requests;  /* exchanges per connection, at least 1 */
  SimTime think;
  AppCloser closer;
} AppGenConfig;

typedef struct
{
  guint32 started;
  guint32 established;
  guint32 completed;  /* every response arrived and the client closed cleanly */
  guint32 failed;     /* connect or the exchange ended with an error */
  guint32 incomplete; /* ended without error but without every response */
  guint32 errors[TCP_ERROR_COUNT];
  AppDurations *handshake; /* one sample per established connection */
  AppDurations *lifetime;  /* one sample per completed connection */
} AppGenStats;

/* The statistics an expectation can name. */
typedef enum
{
  APP_STAT_STARTED,
  APP_STAT_ESTABLISHED,
  APP_STAT_COMPLETED,
  APP_STAT_FAILED,
  APP_STAT_INCOMPLETE,
  APP_STAT_HANDSHAKE,
  APP_STAT_LIFETIME,
} AppStat;

typedef enum
{
  APP_AGG_MEAN,
  APP_AGG_P50,
  APP_AGG_P90,
  APP_AGG_P99,
  APP_AGG_MIN,
  APP_AGG_MAX,
} AppAgg;

/* Starts listening on the server at once (unless the port already has a
 * listener, whose application then serves these connections too); the
 * first connection starts at cfg->start.  clients are used in turn.  The
 * arrival stream is named "gen/NAME".  Returns NULL with *err set if the
 * server cannot listen for another reason. */
AppGen *app_gen_new (const char *name, TcpStack *const *clients, guint nclients, TcpStack *server,
                     guint16 port, const AppGenConfig *cfg, guint64 seed, TcpError *err);
void app_gen_free (AppGen *gen);

/* Another run of the same world, with the arrival stream drawn from seed:
 * drops the connections of the last run (quietly: their users are
 * cleared first), empties the statistics (keeping the arrays' storage),
 * listens again as app_gen_new() does and re-arms the first arrival.
 * Call it after the server's stack and host were reset
 * (tcp_stack_reset(), host_reset()): the old listener is gone.  FALSE
 * with *err set if the server cannot listen (as app_gen_new() would
 * fail); the generator then starts nothing. */
gboolean app_gen_reset (AppGen *gen, guint64 seed, TcpError *err);

const AppGenStats *app_gen_stats (const AppGen *gen);

/* A duration statistic (handshake or lifetime) aggregated; FALSE when
 * there are no samples.  Percentiles are nearest-rank. */
gboolean app_gen_duration (const AppGen *gen, AppStat stat, AppAgg agg, SimTime *out);

#endif
