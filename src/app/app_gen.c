/* The request/response connection generator. */
#include "app/app_gen.h"

#include <stdlib.h>

struct AppGen
{
  Sim *sim;       /* the run's clock, where this application's timers live */
  TcpStack **clients;
  guint nclients;
  TcpStack *server;
  guint16 port;
  AppGenConfig cfg;
  char *name;     /* of the arrival stream, "gen/NAME" */
  guint64 stream_hash; /* that name, hashed once (sim_rng_hash_parts) */
  SimRng rng;
  SimTimer timer;
  AppGenStats stats;
  GQueue live; /* GenConn records whose connection is not yet closed */
};

typedef struct
{
  AppGen *gen;
  TcpConn *conn;   /* the user's reference */
  GList link;      /* in gen->live */
  SimTimer think;  /* the client's pause before its next request or close */
  SimTime start;
  guint64 got;     /* bytes received on this end */
  guint32 answered; /* server: requests answered; client: responses complete */
  gboolean is_server;
  gboolean failed;
  gboolean recorded; /* the outcome is counted */
} GenConn;

/* Counts a client connection's outcome once: completed when every
 * response arrived, incomplete otherwise. */
static void
record_outcome (GenConn *gc, SimTime now)
{
  AppGen *gen = gc->gen;
  if (gc->is_server || gc->failed || gc->recorded)
    return;
  gc->recorded = TRUE;
  if (gen->cfg.response == 0 || gc->answered >= gen->cfg.requests)
    {
      SimTime life = now - gc->start;
      app_durations_add (gen->stats.lifetime, life);
      gen->stats.completed++;
    }
  else
    gen->stats.incomplete++;
}

static void
client_next (GenConn *gc)
{
  /* After a complete response: another request, or the client's close. */
  AppGen *gen = gc->gen;
  if (gc->answered < gen->cfg.requests)
    tcp_send (gc->conn, gen->cfg.request);
  else if (gen->cfg.closer == APP_CLOSER_CLIENT)
    tcp_close (gc->conn);
}

static void
think_done (Sim *sim, gpointer ctx)
{
  (void) sim;
  client_next (ctx);
}

static void
gc_established (gpointer ctx, TcpConn *conn)
{
  GenConn *gc = ctx;
  if (gc->is_server)
    return;
  AppGen *gen = gc->gen;
  SimTime hs = gc->gen->sim->now - gc->start;
  app_durations_add (gen->stats.handshake, hs);
  gen->stats.established++;
  tcp_send (conn, gen->cfg.request);
}

static void
gc_received (gpointer ctx, TcpConn *conn, guint32 bytes)
{
  GenConn *gc = ctx;
  AppGen *gen = gc->gen;
  gc->got += bytes;
  if (gc->is_server)
    {
      /* Answer every request that is complete. */
      while (gc->answered < gen->cfg.requests
             && gc->got >= (guint64) (gc->answered + 1) * gen->cfg.request)
        {
          gc->answered++;
          if (gen->cfg.response > 0)
            tcp_send (conn, gen->cfg.response);
          if (gc->answered == gen->cfg.requests && gen->cfg.closer == APP_CLOSER_SERVER)
            tcp_close (conn);
        }
      return;
    }
  guint64 want = (guint64) (gc->answered + 1) * gen->cfg.response;
  if (gen->cfg.response > 0 && gc->got >= want)
    {
      gc->answered++;
      if (gen->cfg.think > 0 && (gc->answered < gen->cfg.requests || gen->cfg.closer == APP_CLOSER_CLIENT))
        sim_timer_arm_in (gen->sim, &gc->think, gen->cfg.think);
      else
        client_next (gc);
    }
}

static void
gen_conn_free (GenConn *gc)
{
  sim_timer_cancel (gc->gen->sim, &gc->think);
  tcp_conn_set_user (gc->conn, NULL, NULL);
  tcp_conn_unref (gc->conn);
  g_free (gc);
}

static void
gc_eof (gpointer ctx, TcpConn *conn)
{
  GenConn *gc = ctx;
  if (gc->is_server ? gc->gen->cfg.closer == APP_CLOSER_CLIENT : gc->gen->cfg.closer == APP_CLOSER_SERVER)
    tcp_close (conn);
  /* A client that closed first has its close done when the peer's FIN
   * arrives (it now waits in TIME-WAIT or CLOSING, RFC 9293 §3.6). */
  else if (!gc->is_server
           && (tcp_conn_state (conn) == TCP_STATE_TIME_WAIT
               || tcp_conn_state (conn) == TCP_STATE_CLOSING))
    record_outcome (gc, gc->gen->sim->now);
  /* In TIME-WAIT both directions are closed and the outcome is counted:
   * the application is done with the connection (as a socket is closed
   * before TIME-WAIT), and the stack may keep it as a small record
   * (tcp_timewait.c) instead of a full control block. */
  if (tcp_conn_state (conn) == TCP_STATE_TIME_WAIT)
    {
      g_queue_unlink (&gc->gen->live, &gc->link);
      gen_conn_free (gc);
    }
}

static void
gc_error (gpointer ctx, TcpConn *conn, TcpError err)
{
  GenConn *gc = ctx;
  if (gc->is_server)
    return;
  gc->failed = TRUE;
  gc->gen->stats.failed++;
  gc->gen->stats.errors[err]++;
}

static void
gc_closed (gpointer ctx, TcpConn *conn)
{
  GenConn *gc = ctx;
  AppGen *gen = gc->gen;
  record_outcome (gc, gc->gen->sim->now);
  g_queue_unlink (&gen->live, &gc->link);
  gen_conn_free (gc);
}

static const TcpUserOps gen_ops = {
  .established = gc_established,
  .received = gc_received,
  .eof = gc_eof,
  .error = gc_error,
  .closed = gc_closed,
};

static GenConn *
gen_conn_new (AppGen *gen, gboolean is_server)
{
  GenConn *gc = g_new0 (GenConn, 1);
  gc->gen = gen;
  gc->is_server = is_server;
  gc->link.data = gc;
  sim_timer_init (&gc->think, think_done, gc);
  return gc;
}

static void
gen_accept (gpointer ctx, TcpListener *l, TcpConn *conn)
{
  AppGen *gen = ctx;
  GenConn *gc = gen_conn_new (gen, TRUE);
  gc->conn = conn;
  g_queue_push_tail_link (&gen->live, &gc->link);
  tcp_conn_set_user (conn, &gen_ops, gc);
}

static SimTime
next_gap (AppGen *gen)
{
  if (!gen->cfg.poisson)
    return gen->cfg.interval;
  /* Exponential gaps (Poisson arrivals), rounded to the nanosecond.  A
   * huge mean can draw a gap beyond 2^63 ns, which no integer holds
   * (converting it is undefined, C11 §6.3.1.4): that arrival never comes. */
  double gap = sim_rng_exponential (&gen->rng, (double) gen->cfg.interval) + 0.5;
  if (!(gap < 9223372036854775808.0))
    return SIM_TIME_NEVER;
  return (SimTime) gap;
}

static void
gen_tick (Sim *sim, gpointer ctx)
{
  AppGen *gen = ctx;
  TcpStack *client = gen->clients[gen->stats.started % gen->nclients];
  GenConn *gc = gen_conn_new (gen, FALSE);
  gc->start = sim->now;
  gen->stats.started++;
  TcpError err;
  TcpConn *conn = tcp_connect (client, tcp_stack_host (gen->server)->addr, gen->port, &gen_ops, gc, &err);
  if (conn == NULL)
    {
      gen->stats.failed++;
      gen->stats.errors[err]++;
      g_free (gc);
    }
  else
    {
      gc->conn = conn;
      g_queue_push_tail_link (&gen->live, &gc->link);
    }
  if (gen->stats.started < gen->cfg.count)
    sim_timer_arm_in (sim, &gen->timer, next_gap (gen));
}

/* What app_gen_new() and app_gen_reset() share: the arrival stream,
 * the listener, the first arrival. */
static gboolean
gen_start (AppGen *gen, guint64 seed, TcpError *err)
{
  sim_rng_init_hashed (&gen->rng, seed, gen->stream_hash);
  if (tcp_listen (gen->server, gen->port, 0, gen_accept, gen, err) == NULL
      && *err != TCP_EADDRINUSE)
    return FALSE;
  /* A port that already has a listener (an earlier generator's, say) is
   * served by that listener's application: this generator only opens
   * connections (a SYN flood against a real service, for one). */
  if (gen->cfg.count > 0)
    sim_timer_arm (gen->sim, &gen->timer, gen->cfg.start);
  *err = TCP_OK;
  return TRUE;
}

AppGen *
app_gen_new (const char *name, TcpStack *const *clients, guint nclients, TcpStack *server,
             guint16 port, const AppGenConfig *cfg, guint64 seed, TcpError *err)
{
  g_return_val_if_fail (nclients > 0, NULL);
  AppGen *gen = g_new0 (AppGen, 1);
  gen->name = g_strdup (name);
  const char *stream[] = { "gen/", gen->name, NULL };
  gen->stream_hash = sim_rng_hash_parts (stream);
  gen->clients = g_memdup2 (clients, nclients * sizeof *clients);
  gen->nclients = nclients;
  gen->server = server;
  gen->sim = tcp_stack_sim (server);
  gen->port = port;
  gen->cfg = *cfg;
  if (gen->cfg.requests == 0)
    gen->cfg.requests = 1;
  gen->stats.handshake = app_durations_new ();
  gen->stats.lifetime = app_durations_new ();
  sim_timer_init (&gen->timer, gen_tick, gen);
  if (!gen_start (gen, seed, err))
    {
      app_gen_free (gen);
      return NULL;
    }
  return gen;
}

/* Connections still open when the run stopped. */
static void
gen_release (AppGen *gen)
{
  sim_timer_cancel (gen->sim, &gen->timer);
  GList *l;
  while ((l = g_queue_pop_head_link (&gen->live)) != NULL)
    gen_conn_free (l->data);
}

gboolean
app_gen_reset (AppGen *gen, guint64 seed, TcpError *err)
{
  gen_release (gen);
  AppDurations *handshake = gen->stats.handshake, *lifetime = gen->stats.lifetime;
  app_durations_clear (handshake);
  app_durations_clear (lifetime);
  gen->stats = (AppGenStats) { .handshake = handshake, .lifetime = lifetime };
  return gen_start (gen, seed, err);
}

void
app_gen_free (AppGen *gen)
{
  if (gen == NULL)
    return;
  gen_release (gen);
  app_durations_free (gen->stats.handshake);
  app_durations_free (gen->stats.lifetime);
  g_free (gen->clients);
  g_free (gen->name);
  g_free (gen);
}

const AppGenStats *
app_gen_stats (const AppGen *gen)
{
  return &gen->stats;
}

gboolean
app_gen_duration (const AppGen *gen, AppStat stat, AppAgg agg, SimTime *out)
{
  AppDurations *d = stat == APP_STAT_HANDSHAKE ? gen->stats.handshake : gen->stats.lifetime;
  guint n;
  const AppDuration *v = app_durations_sorted (d, &n);
  if (n == 0)
    return FALSE;
  switch (agg)
    {
    case APP_AGG_MEAN:
      return app_durations_mean (d, out);
    case APP_AGG_P50:
      return app_durations_quantile (d, 0.5, out);
    case APP_AGG_P90:
      return app_durations_quantile (d, 0.9, out);
    case APP_AGG_P99:
      return app_durations_quantile (d, 0.99, out);
    case APP_AGG_MIN:
      *out = v[0].value;
      return TRUE;
    case APP_AGG_MAX:
      *out = v[n - 1].value;
      return TRUE;
    }
  return FALSE;
}
