/* Building a World from a Scenario and running its timeline.
 *
 * Reactions ("on c established client send c 100") do not run inside the
 * TCP callback that reports the event: each is a zero-delay event of its
 * own, as an application woken by the kernel runs after the segment has
 * been processed.  Same-instant events keep their order (FIFO ties). */
#include "scenario/scn_world.h"

static void step_fire (Sim *sim, gpointer ctx);
static void world_release (World *w);

int
world_host_index (const World *w, const char *name)
{
  for (guint i = 0; i < w->nhosts; i++)
    if (g_strcmp0 (w->hosts[i]->name, name) == 0)
      return (int) i;
  return -1;
}

int
world_conn_by_id (const World *w, guint64 id)
{
  for (guint i = 0; i < w->scn->conns->len; i++)
    if (w->conn_ids[i] == id && id != 0)
      return (int) i;
  return -1;
}

/* Fires the reactions waiting for this event on this end. */
static void
react (WorldEnd *we, ScnEventKind ev, TcpError err)
{
  World *w = we->world;
  const Scenario *scn = w->scn;
  const ScnConn *sc = &g_array_index (scn->conns, ScnConn, we->conn);
  for (guint i = 0; i < scn->steps->len; i++)
    {
      const ScnStep *s = &g_array_index (scn->steps, ScnStep, i);
      WorldStep *ws = &w->steps[i];
      if (!s->on_event || ws->fired || s->ev_conn != we->conn || s->host != sc->host[we->end]
          || s->ev != ev)
        continue;
      if (ev == SCN_EV_RECEIVED && we->received < s->ev_bytes)
        continue;
      if (ev == SCN_EV_ERROR && s->ev_error != TCP_OK && s->ev_error != err)
        continue;
      ws->fired = TRUE;
      sim_timer_arm (&w->sim, &ws->timer, w->sim.now);
    }
}

static void
end_established (gpointer ctx, TcpConn *conn)
{
  react (ctx, SCN_EV_ESTABLISHED, TCP_OK);
}

static void
end_received (gpointer ctx, TcpConn *conn, guint32 bytes)
{
  WorldEnd *we = ctx;
  we->received += bytes;
  react (we, SCN_EV_RECEIVED, TCP_OK);
}

static void
end_eof (gpointer ctx, TcpConn *conn)
{
  react (ctx, SCN_EV_EOF, TCP_OK);
}

static void
end_error (gpointer ctx, TcpConn *conn, TcpError err)
{
  react (ctx, SCN_EV_ERROR, err);
}

static void
end_closed (gpointer ctx, TcpConn *conn)
{
  react (ctx, SCN_EV_CLOSED, TCP_OK);
}

static const TcpUserOps end_ops = {
  .established = end_established,
  .received = end_received,
  .eof = end_eof,
  .error = end_error,
  .closed = end_closed,
};

static void
unnamed_closed (gpointer ctx, TcpConn *conn)
{
  World *w = ctx;
  tcp_conn_set_user (conn, NULL, NULL);
  g_ptr_array_remove_fast (w->unnamed, conn);
  tcp_conn_unref (conn);
}

static const TcpUserOps unnamed_ops = { .closed = unnamed_closed };

static void
world_accept (gpointer ctx, TcpListener *l, TcpConn *conn)
{
  World *w = ctx;
  int ci = world_conn_by_id (w, tcp_conn_id (conn));
  if (ci >= 0)
    {
      WorldEnd *we = &w->ends[ci][1];
      const ScnConn *sc = &g_array_index (w->scn->conns, ScnConn, ci);
      if (we->tcp == NULL && w->stacks[sc->host[1]] == tcp_listener_stack (l))
        {
          we->tcp = conn;
          tcp_conn_set_user (conn, &end_ops, we);
          return;
        }
    }
  /* Nobody names it: it stays open until the peer or a timer ends it. */
  g_ptr_array_add (w->unnamed, conn);
  tcp_conn_set_user (conn, &unnamed_ops, w);
}

/* The ends of the connection a crafted segment belongs to: the named one,
 * else the latest named one between the two hosts.  *a is the sender's
 * end, *b the receiver's (either may be NULL). */
static void
inject_ends (World *w, const ScnStep *s, TcpConn **a, TcpConn **b)
{
  *a = *b = NULL;
  for (int i = (int) w->scn->conns->len - 1; i >= 0; i--)
    {
      if (s->conn >= 0 && i != s->conn)
        continue;
      const ScnConn *sc = &g_array_index (w->scn->conns, ScnConn, i);
      for (int e = 0; e < 2; e++)
        if (sc->host[e] == s->host && sc->host[1 - e] == s->peer)
          {
            *a = w->ends[i][e].tcp;
            *b = w->ends[i][1 - e].tcp;
            if (*a != NULL || *b != NULL)
              return;
          }
    }
}

/* `inject`: a segment as if the sender's host had sent it, on its link
 * to the receiver (delay, loss and faults apply); its TCP knows nothing
 * of it.  Relative numbers count from each end's ISN. */
static void
inject (World *w, const ScnStep *s)
{
  const ScnInject *in = &s->inj;
  TcpConn *a, *b;
  inject_ends (w, s, &a, &b);
  TcpSegment seg = {
    .saddr = w->hosts[s->host]->addr, .daddr = w->hosts[s->peer]->addr,
    .flags = in->flags, .win = in->win, .len = in->len, .opts = in->opts,
    .mss = in->mss, .wscale = in->wscale,
  };
  guint32 iss_a = a != NULL ? tcp_conn_iss (a) : 0, iss_b = b != NULL ? tcp_conn_iss (b) : 0;
  if (in->has_ports)
    {
      seg.sport = in->sport;
      seg.dport = in->dport;
    }
  else if (a != NULL || b != NULL)
    {
      seg.sport = a != NULL ? tcp_conn_local_port (a) : tcp_conn_remote_port (b);
      seg.dport = b != NULL ? tcp_conn_local_port (b) : tcp_conn_remote_port (a);
    }
  if (in->absolute)
    iss_a = iss_b = 0;
  seg.seq = in->seq + iss_a;
  seg.ack = (in->flags & TCP_FLAG_ACK) ? in->ack + iss_b : 0;
  seg.tag.seq_base = iss_a;
  seg.tag.ack_base = iss_b;
  host_output (w->hosts[s->host], &seg);
}

static void
run_step (World *w, const ScnStep *s)
{
  TcpStack *stack = w->stacks[s->host];
  TcpError err;
  if (s->kind == SCN_ACT_LISTEN)
    {
      tcp_listen (stack, s->port, s->backlog, world_accept, w, &err);
      return;
    }
  if (s->kind == SCN_ACT_INJECT)
    {
      inject (w, s);
      return;
    }
  if (s->kind == SCN_ACT_CRASH)
    {
      /* Every connection and listener on the host vanishes without a
       * segment or a callback (the host is gone); its named ends stay
       * inert.  Reactions do not fire for them. */
      tcp_stack_crash (stack);
      return;
    }
  if (s->kind == SCN_ACT_RESTART)
    {
      tcp_stack_restart (stack);
      return;
    }
  if (s->kind == SCN_ACT_CONNECT)
    {
      const TcpUserOps *ops = NULL;
      gpointer ctx = NULL;
      if (s->conn >= 0)
        {
          /* Name the connection before it starts, so that its first state
           * change is already known to be c's. */
          w->conn_ids[s->conn] = tcp_ids_next (w->ids);
          ops = &end_ops;
          ctx = &w->ends[s->conn][0];
        }
      TcpConn *conn = tcp_connect_from (stack, s->lport, w->hosts[s->peer]->addr, s->port, ops, ctx,
                                        &err);
      if (s->conn >= 0)
        {
          if (conn == NULL)
            w->conn_ids[s->conn] = 0;
          else
            g_assert (tcp_conn_id (conn) == w->conn_ids[s->conn]);
          w->ends[s->conn][0].tcp = conn;
        }
      else if (conn != NULL)
        {
          g_ptr_array_add (w->unnamed, conn);
          tcp_conn_set_user (conn, &unnamed_ops, w);
        }
      return;
    }
  const ScnConn *sc = &g_array_index (w->scn->conns, ScnConn, s->conn);
  int end = sc->host[0] == s->host ? 0 : 1;
  TcpConn *conn = w->ends[s->conn][end].tcp;
  if (conn == NULL)
    {
      /* The end does not exist (yet): the call fails like one on a socket
       * that is not connected. */
      static const TraceCall calls[] = {
        [SCN_ACT_LISTEN] = TRACE_CALL_LISTEN, [SCN_ACT_CONNECT] = TRACE_CALL_CONNECT,
        [SCN_ACT_SEND] = TRACE_CALL_SEND, [SCN_ACT_SHUTDOWN] = TRACE_CALL_SHUTDOWN,
        [SCN_ACT_CLOSE] = TRACE_CALL_CLOSE, [SCN_ACT_ABORT] = TRACE_CALL_ABORT,
        [SCN_ACT_CRASH] = TRACE_CALL_CRASH, [SCN_ACT_RESTART] = TRACE_CALL_RESTART,
        [SCN_ACT_SETSOCKOPT] = TRACE_CALL_SETSOCKOPT,
        [SCN_ACT_STOP_READING] = TRACE_CALL_STOP_READING, [SCN_ACT_READ] = TRACE_CALL_READ,
      };
      if (trace_on (&w->bus))
        {
          TraceEvent ev = { .kind = TRACE_CALL, .time = w->sim.now, .host = w->hosts[s->host]->name,
                            .call = calls[s->kind], .label = sc->name, .error = TCP_ENOTCONN,
                            .name = tcp_error_name (TCP_ENOTCONN) };
          trace_emit (&w->bus, &ev);
        }
      return;
    }
  switch (s->kind)
    {
    case SCN_ACT_SEND:
      tcp_send (conn, s->bytes);
      break;
    case SCN_ACT_SHUTDOWN:
      tcp_shutdown (conn);
      break;
    case SCN_ACT_CLOSE:
      tcp_close (conn);
      break;
    case SCN_ACT_ABORT:
      tcp_abort (conn);
      break;
    case SCN_ACT_SETSOCKOPT:
      tcp_conn_set_user_timeout (conn, s->value);
      break;
    case SCN_ACT_STOP_READING:
      tcp_set_reading (conn, FALSE);
      break;
    case SCN_ACT_READ:
      tcp_set_reading (conn, TRUE);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
step_fire (Sim *sim, gpointer ctx)
{
  WorldStep *ws = ctx;
  run_step (ws->world, &g_array_index (ws->world->scn->steps, ScnStep, ws->index));
}

static void
gen_error (const ScnGen *g, TcpError err, GError **error)
{
  g_set_error (error, SCN_ERROR, SCN_ERROR_INVALID,
               "%s:%d:%d: error: generator '%s' cannot listen on port %u: %s", g->loc.file,
               g->loc.line, g->loc.col, g->name, g->port, tcp_error_name (err));
}

/* The named ends as nobody has touched them and the timed steps armed,
 * in step order (the order of arming breaks ties between equal times, so
 * a reset world must arm them as a new one does: here, before the
 * generators). */
static void
world_timeline_start (World *w)
{
  const Scenario *scn = w->scn;
  for (guint i = 0; i < scn->conns->len; i++)
    {
      w->conn_ids[i] = 0;
      for (int e = 0; e < 2; e++)
        w->ends[i][e] = (WorldEnd) { .world = w, .conn = (int) i, .end = e };
    }
  for (guint i = 0; i < scn->steps->len; i++)
    {
      const ScnStep *s = &g_array_index (scn->steps, ScnStep, i);
      WorldStep *ws = &w->steps[i];
      *ws = (WorldStep) { .world = w, .index = (int) i };
      sim_timer_init (&ws->timer, step_fire, ws);
      if (!s->on_event)
        sim_timer_arm (&w->sim, &ws->timer, s->at);
    }
}

World *
world_new (const Scenario *scn, gboolean has_seed, guint64 seed, GError **error)
{
  World *w = g_new0 (World, 1);
  w->scn = scn;
  w->seed = has_seed ? seed : scn->seed;
  sim_init (&w->sim);
  trace_bus_init (&w->bus);
  w->nhosts = scn->hosts->len;
  w->hosts = g_new0 (Host *, w->nhosts);
  w->stacks = g_new0 (TcpStack *, w->nhosts);
  w->ids = tcp_ids_new ();
  for (guint i = 0; i < w->nhosts; i++)
    {
      const ScnHost *h = &g_array_index (scn->hosts, ScnHost, i);
      w->hosts[i] = host_new (&w->sim, &w->bus, h->name, h->addr);
      w->stacks[i] = tcp_stack_new (&w->sim, &w->bus, w->ids, w->hosts[i], &h->profile, w->seed);
      if (h->isn_fixed)
        tcp_stack_set_isn (w->stacks[i], h->isn);
      if (h->jiffies_phase_fixed)
        tcp_stack_set_jiffies_phase (w->stacks[i], h->jiffies_phase);
    }
  w->nlinks = scn->links->len;
  w->links = g_new0 (Link, w->nlinks);
  for (guint i = 0; i < w->nlinks; i++)
    {
      const ScnLink *sl = &g_array_index (scn->links, ScnLink, i);
      Host *src = w->hosts[sl->src], *dst = w->hosts[sl->dst];
      Link *l = &w->links[i];
      link_init (l, &w->sim, &w->bus, w->seed, src->name, dst->name, dst->addr, host_input, dst);
      l->delay = sl->delay;
      l->loss = sl->loss;
      if (sl->gilbert)
        link_set_gilbert (l, sl->ge_p, sl->ge_r, sl->ge_h, sl->ge_k);
      if (sl->jitter > 0)
        {
          l->jitter_model = sl->jitter_normal ? LINK_JITTER_NORMAL : LINK_JITTER_UNIFORM;
          l->jitter = sl->jitter;
        }
      l->reorder = sl->reorder;
      l->reorder_delay = sl->reorder_by > 0 ? sl->reorder_by : MAX (sl->delay, SIM_MS);
      l->duplicate = sl->duplicate;
      l->duplicate_lag = sl->duplicate_lag;
      l->rate = sl->rate;
      l->qlimit = sl->qlimit;
      host_add_link (src, l);
    }
  for (guint i = 0; i < scn->faults->len; i++)
    {
      const ScnFault *f = &g_array_index (scn->faults, ScnFault, i);
      Link *l = NULL;
      for (guint j = 0; j < w->nlinks && l == NULL; j++)
        {
          const ScnLink *sl = &g_array_index (scn->links, ScnLink, j);
          if (sl->src == f->src && sl->dst == f->dst)
            l = &w->links[j];
        }
      if (l == NULL)
        {
          g_set_error (error, SCN_ERROR, SCN_ERROR_INVALID,
                       "%s:%d:%d: error: no link carries segments from '%s' to '%s'", f->loc.file,
                       f->loc.line, f->loc.col, w->hosts[f->src]->name, w->hosts[f->dst]->name);
          world_free (w);
          return NULL;
        }
      link_add_fault (l, &f->fault);
    }
  guint nconns = scn->conns->len;
  w->ends = g_new0 (WorldEndPair, nconns);
  w->conn_ids = g_new0 (guint64, nconns);
  w->unnamed = g_ptr_array_new ();
  w->steps = g_new0 (WorldStep, scn->steps->len);
  world_timeline_start (w);
  w->gens = g_new0 (AppGen *, scn->gens->len);
  for (guint i = 0; i < scn->gens->len; i++)
    {
      const ScnGen *g = &g_array_index (scn->gens, ScnGen, i);
      AppGenConfig cfg = { .count = g->count, .interval = g->interval, .poisson = g->poisson,
                           .start = g->start, .request = g->request, .response = g->response,
                           .requests = g->requests, .think = g->think, .closer = g->closer };
      TcpStack *clients[SCN_GEN_MAX_CLIENTS];
      for (guint c = 0; c < g->nclients; c++)
        clients[c] = w->stacks[g->clients[c]];
      TcpError err;
      w->gens[i] = app_gen_new (g->name, clients, g->nclients, w->stacks[g->server], g->port, &cfg,
                                w->seed, &err);
      if (w->gens[i] == NULL)
        {
          gen_error (g, err, error);
          world_free (w);
          return NULL;
        }
    }
  return w;
}

/* Events run between looks at limits->stop. */
#define WORLD_CHUNK 1000000

WorldOutcome
world_run (World *w, const WorldLimits *limits)
{
  static const WorldLimits none = { 0 };
  const WorldLimits *lim = limits != NULL ? limits : &none;
  SimTime until = w->scn->until;
  if (until == SIM_TIME_NEVER && lim->max_time > 0)
    until = lim->max_time;
  w->sim.instant_limit = lim->max_same_instant;
  guint64 cap = lim->max_events;
  for (;;)
    {
      if (lim->stop != NULL && *lim->stop)
        return WORLD_STOPPED;
      guint64 chunk = WORLD_CHUNK;
      if (cap > 0)
        chunk = MIN (chunk, cap - w->sim.events_run);
      guint64 before = w->sim.events_run;
      sim_run (&w->sim, until, chunk);
      if (w->sim.stalled)
        return WORLD_STALLED;
      if (w->sim.events_run - before < chunk)
        break;
      if (cap > 0 && w->sim.events_run >= cap)
        {
          if (sim_next_time (&w->sim) <= until)
            return WORLD_EVENT_LIMIT;
          break;
        }
    }
  if (w->scn->until == SIM_TIME_NEVER)
    return sim_next_time (&w->sim) == SIM_TIME_NEVER ? WORLD_DONE : WORLD_TIME_LIMIT;
  /* The clock ends at `run until`. */
  w->sim.now = w->scn->until;
  return WORLD_DONE;
}

/* Drops the world's references to connections (named ends and unnamed
 * ones), quietly. */
static void
world_release (World *w)
{
  const Scenario *scn = w->scn;
  if (w->ends != NULL)
    for (guint i = 0; i < scn->conns->len; i++)
      for (int e = 0; e < 2; e++)
        if (w->ends[i][e].tcp != NULL)
          {
            tcp_conn_set_user (w->ends[i][e].tcp, NULL, NULL);
            tcp_conn_unref (w->ends[i][e].tcp);
            w->ends[i][e].tcp = NULL;
          }
  if (w->unnamed != NULL)
    {
      for (guint i = 0; i < w->unnamed->len; i++)
        {
          TcpConn *conn = g_ptr_array_index (w->unnamed, i);
          tcp_conn_set_user (conn, NULL, NULL);
          tcp_conn_unref (conn);
        }
      g_ptr_array_set_size (w->unnamed, 0);
    }
}

gboolean
world_reset (World *w, guint64 seed, GError **error)
{
  const Scenario *scn = w->scn;
  /* world_new() makes its calls (a generator's listen) before anyone can
   * subscribe: the bus is muted meanwhile, so that the sinks kept see
   * what they would see on a new world (nothing until world_run()). */
  guint nsinks = w->bus.n;
  w->bus.n = 0;
  /* First, while every owner of an armed timer still exists: the queue
   * is emptied and the clock goes back to 0. */
  sim_reset (&w->sim);
  w->seed = seed;
  /* Then the holds on connections: the world's, then the stacks' (which
   * free connections and listeners).  The generators drop theirs last,
   * in app_gen_reset(), which must follow the stacks and hosts since it
   * listens again; their connections stay valid (if inert) until then. */
  world_release (w);
  for (guint i = 0; i < w->nhosts; i++)
    tcp_stack_reset (w->stacks[i], seed);
  for (guint i = 0; i < w->nlinks; i++)
    link_reset (&w->links[i], seed);
  for (guint i = 0; i < w->nhosts; i++)
    host_reset (w->hosts[i]);
  tcp_ids_reset (w->ids);
  /* The rest in world_new()'s order: steps armed before the generators. */
  world_timeline_start (w);
  for (guint i = 0; i < scn->gens->len; i++)
    {
      TcpError err;
      if (!app_gen_reset (w->gens[i], seed, &err))
        {
          gen_error (&g_array_index (scn->gens, ScnGen, i), err, error);
          w->bus.n = nsinks;
          return FALSE;
        }
    }
  w->bus.n = nsinks;
  return TRUE;
}

void
world_free (World *w)
{
  if (w == NULL)
    return;
  const Scenario *scn = w->scn;
  if (w->steps != NULL)
    for (guint i = 0; i < scn->steps->len; i++)
      sim_timer_cancel (&w->sim, &w->steps[i].timer);
  if (w->gens != NULL)
    for (guint i = 0; i < scn->gens->len; i++)
      app_gen_free (w->gens[i]);
  world_release (w);
  if (w->unnamed != NULL)
    g_ptr_array_free (w->unnamed, TRUE);
  for (guint i = 0; i < w->nhosts; i++)
    tcp_stack_free (w->stacks[i]);
  for (guint i = 0; i < w->nlinks; i++)
    link_clear (&w->links[i]);
  for (guint i = 0; i < w->nhosts; i++)
    host_free (w->hosts[i]);
  tcp_ids_free (w->ids);
  g_free (w->stacks);
  g_free (w->hosts);
  g_free (w->links);
  g_free (w->ends);
  g_free (w->conn_ids);
  g_free (w->steps);
  g_free (w->gens);
  sim_clear (&w->sim);
  trace_bus_clear (&w->bus);
  g_free (w);
}
