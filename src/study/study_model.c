/* The exact model of the opening handshake (docs/models.md derives it),
 * and the handshake term of Cardwell, Savage and Anderson (INFOCOM 2000).
 *
 * The client's SYN times are fixed by its profile (tcp_profile_syn_times,
 * the schedule tcp_timer.c plays) until a SYN-ACK reaches it.  Given which
 * SYNs the forward link delivers, the server is deterministic; each
 * SYN-ACK it sends is lost on its own with probability q.  The model walks
 * that tree in simulated-time order: a SYN arrival branches (lost with
 * probability p, or delivered and handled as tcp_listen.c and
 * tcp_input.c handle it), a SYN-ACK sent is a leaf of the distribution
 * when delivered and a step on when lost, and a path whose next event is
 * too late for any SYN-ACK to reach the client in time is a failure.
 * Branches of probability zero are not walked, which is exact.
 *
 * The rules it reproduces, each where the simulator has it:
 *  - links: a fixed delay and an independent Bernoulli draw per segment
 *    (net/link.c); a FIFO link with one delay keeps the send order;
 *  - ties: a segment arriving at the instant a timer falls due is handled
 *    first (sim/sched.c, SIM_CLASS_NET before SIM_CLASS_TIMER), which
 *    holds only for delays above 0 (check_input refuses 0); so a
 *    SYN-ACK arriving when the client's timer falls due, even the one
 *    that gives up, establishes the connection;
 *  - the client: it is ESTABLISHED by the first SYN-ACK that reaches it in
 *    SYN-SENT (tcp_input.c syn_sent_input); what the server sends instead
 *    (an ACK, a challenge ACK) is dropped there; SYNs it would send after
 *    that instant reach the server too late to change the answer, so
 *    the walk may let the client go on sending;
 *  - the server: the first SYN that reaches the listener makes a
 *    SYN-RECEIVED child that sends its SYN-ACK at once and arms the
 *    SYN-ACK timer (tcp_listen.c listener_syn, tcp_output.c
 *    tcp_send_syn); the timer gives up on the time bound or the count,
 *    else resends with the next interval (tcp_timer.c handshake_timeout,
 *    tcp_rexmit_arm); a forgotten request leaves the listener, and a
 *    later SYN makes a new child (tcp_state.c tcp_conn_terminate unbinds
 *    it at once); a duplicate SYN in SYN-RECEIVED does what the profile's
 *    dup_syn says, through the challenge-ACK limiter when
 *    dup_syn_ratelimited (tcp_input.c syn_in_syn_received,
 *    tcp_output.c tcp_ratelimit_ok). */
#include "study/study_model.h"

#include <math.h>

G_DEFINE_QUARK (tcpsim-study-model-error-quark, study_model_error)

/* More client SYNs than this that could still be answered in time would
 * make 2^n paths: out of reach. */
#define MODEL_MAX_SYNS 20

/* The server's passive open, as much of it as decides its SYN-ACKs. */
typedef struct
{
  gboolean open;        /* a child in SYN-RECEIVED */
  guint retries;        /* conn->retries */
  SimTime first_tx;     /* its first SYN-ACK: the synack_time_limit bound */
  SimTime timer;        /* the SYN-ACK timer, SIM_TIME_NEVER when not armed */
  gboolean chack_started; /* the challenge-ACK limiter of the child */
  SimTime chack_start;
  guint chack_count;
} ModelServer;

typedef struct
{
  const StudyModelInput *in;
  SimTime syn[MODEL_MAX_SYNS]; /* client SYN send times, the first at 0 */
  guint nsyn;                  /* those a SYN-ACK could still answer in time */
  SimTime give_up;             /* the client's ETIMEDOUT */
  SimTime last_send;           /* a SYN-ACK sent later arrives after give_up */
  GArray *atoms;               /* StudyModelAtom, unsorted */
  GHashTable *atom_at;         /* time -> index + 1 in atoms */
  double fail;
} ModelWalk;

/* ---- the server ------------------------------------------------------------ */

/* tcp_timer.c handshake_deadline() for a passive open. */
static SimTime
server_deadline (const TcpProfile *sp, const ModelServer *s)
{
  return sp->synack_time_limit > 0 ? s->first_tx + sp->synack_time_limit : SIM_TIME_NEVER;
}

/* tcp_rexmit_arm(): now + the current interval, bounded by the deadline. */
static void
server_arm (const TcpProfile *sp, ModelServer *s, SimTime now)
{
  s->timer = MIN (now + tcp_profile_synack_interval (sp, s->retries), server_deadline (sp, s));
}

/* tcp_ratelimit_ok(): at most challenge_ack_limit replies per window, the
 * window opening at the first reply after the previous one closed. */
static gboolean
server_ratelimit_ok (const TcpProfile *sp, ModelServer *s, SimTime now)
{
  if (sp->challenge_ack_limit == 0)
    return TRUE;
  if (!s->chack_started || now - s->chack_start >= sp->challenge_ack_window)
    {
      s->chack_started = TRUE;
      s->chack_start = now;
      s->chack_count = 0;
    }
  if (s->chack_count >= sp->challenge_ack_limit)
    return FALSE;
  s->chack_count++;
  return TRUE;
}

/* The server sends a SYN-ACK at `now` (<= last_send): delivered, it is an
 * atom of the distribution; lost, the walk goes on with *prob scaled.
 * Returns FALSE when nothing is left to walk on. */
static gboolean
walk_synack (ModelWalk *w, SimTime now, double *prob)
{
  double q = w->in->q;
  if (q < 1.0)
    {
      SimTime t = now + w->in->delay_rev;
      double add = *prob * (1.0 - q);
      guint idx = GPOINTER_TO_UINT (g_hash_table_lookup (w->atom_at, &t));
      if (idx == 0)
        {
          StudyModelAtom a = { .time = t, .prob = add };
          g_array_append_val (w->atoms, a);
          SimTime *key = g_new (SimTime, 1);
          *key = t;
          g_hash_table_insert (w->atom_at, key, GUINT_TO_POINTER (w->atoms->len));
        }
      else
        g_array_index (w->atoms, StudyModelAtom, idx - 1).prob += add;
    }
  *prob *= q;
  return *prob > 0.0;
}

/* A SYN reaches the server at now (tcp_listen.c listener_syn for the
 * listener, tcp_input.c syn_in_syn_received for the child). */
static gboolean
server_syn (ModelWalk *w, ModelServer *s, SimTime now, double *prob)
{
  const TcpProfile *sp = &w->in->server;
  if (!s->open)
    {
      *s = (ModelServer) { .open = TRUE, .retries = 0, .first_tx = now };
      server_arm (sp, s, now);
      return walk_synack (w, now, prob);
    }
  switch (sp->dup_syn)
    {
    case TCP_DUPSYN_ACK:
    case TCP_DUPSYN_CHALLENGE_ACK:
    case TCP_DUPSYN_IGNORE:
      /* An ACK, which the client drops in SYN-SENT, or nothing; the timer
       * runs on. */
      return TRUE;
    case TCP_DUPSYN_RESEND_KEEP:
      /* A SYN-ACK that counts as a retry; the timer runs on. */
      if (sp->dup_syn_ratelimited && !server_ratelimit_ok (sp, s, now))
        return TRUE;
      if (s->retries >= tcp_profile_synack_limit (sp))
        {
          /* No retry left: the request is given up (ns-3 m_synCount). */
          *s = (ModelServer) { .open = FALSE, .timer = SIM_TIME_NEVER };
          return TRUE;
        }
      s->retries++;
      return walk_synack (w, now, prob);
    case TCP_DUPSYN_RESEND_SYNACK:
    case TCP_DUPSYN_RESEND_RESTART:
    case TCP_DUPSYN_COUNT:
      break;
    }
  if (sp->dup_syn_ratelimited && !server_ratelimit_ok (sp, s, now))
    return TRUE;
  if (sp->dup_syn == TCP_DUPSYN_RESEND_RESTART)
    s->retries = 0; /* first_tx stays: the time bound still counts from it */
  server_arm (sp, s, now);
  return walk_synack (w, now, prob);
}

/* The SYN-ACK timer falls due at now (tcp_timer.c handshake_timeout). */
static gboolean
server_timer (ModelWalk *w, ModelServer *s, SimTime now, double *prob)
{
  const TcpProfile *sp = &w->in->server;
  if (now >= server_deadline (sp, s) || s->retries >= tcp_profile_synack_limit (sp))
    {
      /* Forgotten silently; the next SYN finds the listener. */
      *s = (ModelServer) { .open = FALSE, .timer = SIM_TIME_NEVER };
      return TRUE;
    }
  s->retries++;
  server_arm (sp, s, now);
  return walk_synack (w, now, prob);
}

/* ---- the walk ------------------------------------------------------------------ */

/* From the server's state s, with SYN k the next to arrive and prob the
 * probability of the path so far. */
static void
walk (ModelWalk *w, ModelServer s, guint k, double prob)
{
  double p = w->in->p;
  for (;;)
    {
      SimTime arrive = k < w->nsyn ? w->syn[k] + w->in->delay_fwd : SIM_TIME_NEVER;
      SimTime timer = s.open ? s.timer : SIM_TIME_NEVER;
      SimTime next = MIN (arrive, timer);
      if (next == SIM_TIME_NEVER || next > w->last_send)
        {
          /* Nothing from here on reaches the client before it gives up. */
          w->fail += prob;
          return;
        }
      gboolean ok;
      if (arrive <= timer)
        {
          /* A SYN arrival, before a timer due at the same instant
           * (sim/sched.c: SIM_CLASS_NET first). */
          k++;
          if (p > 0.0)
            walk (w, s, k, prob * p);
          prob *= 1.0 - p;
          if (prob <= 0.0)
            return;
          ok = server_syn (w, &s, arrive, &prob);
        }
      else
        ok = server_timer (w, &s, timer, &prob);
      if (!ok)
        return;
    }
}

/* ---- the result ---------------------------------------------------------------- */

static int
atom_cmp (gconstpointer a, gconstpointer b)
{
  SimTime x = ((const StudyModelAtom *) a)->time, y = ((const StudyModelAtom *) b)->time;
  return x < y ? -1 : x > y;
}

/* E[T_h] of Cardwell, Savage and Anderson (INFOCOM 2000; docs/models.md
 * derives it): each attempt in a direction fails with probability p_f (p_r),
 * the timeout doubles from T_s without a retry limit, so i failures cost
 * T_s·(2^i − 1) and the expected wait per direction is
 * Σ_i T_s·(2^i − 1)·p^i·(1 − p) = T_s·((1 − p)/(1 − 2p) − 1), finite for
 * p < 1/2 (docs/models.md). */
static double
csa_handshake (const StudyModelInput *in)
{
  if (in->p >= 0.5 || in->q >= 0.5)
    return NAN;
  double ts = sim_time_to_s (tcp_profile_syn_interval (&in->client, 0));
  double rtt = sim_time_to_s (in->delay_fwd + in->delay_rev);
  return rtt + ts * ((1.0 - in->q) / (1.0 - 2.0 * in->q) + (1.0 - in->p) / (1.0 - 2.0 * in->p) - 2.0);
}

/* What the listener does with the first SYN (tcp_listen.c listener_syn):
 * the model needs it to make a child. */
static gboolean
check_listener (const StudyModelInput *in, GError **error)
{
  const TcpProfile *sp = &in->server;
  guint backlog = in->backlog ? in->backlog : sp->backlog;
  guint synq = sp->syn_backlog ? sp->syn_backlog : backlog;
  if (tcp_profile_acceptq_capacity (sp, backlog) == 0 && sp->acceptq_full_syn != TCP_OVERFLOW_NONE)
    {
      g_set_error (error, STUDY_MODEL_ERROR, STUDY_MODEL_ERROR_OUT_OF_REACH,
                   "the server's accept queue holds no connection (backlog %u): every SYN is "
                   "refused, which the model does not describe", backlog);
      return FALSE;
    }
  if (synq == 0)
    {
      g_set_error (error, STUDY_MODEL_ERROR, STUDY_MODEL_ERROR_OUT_OF_REACH,
                   "the server's SYN queue holds no connection (backlog %u): every SYN %s, "
                   "which the model does not describe", backlog,
                   sp->synq_full == TCP_SYNQ_COOKIES ? "draws a SYN cookie" : "finds it full");
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_input (const StudyModelInput *in, GError **error)
{
  if (!(in->p >= 0.0 && in->p <= 1.0 && in->q >= 0.0 && in->q <= 1.0))
    {
      g_set_error (error, STUDY_MODEL_ERROR, STUDY_MODEL_ERROR_INVALID,
                   "loss probabilities must be in [0, 1] (p = %g, q = %g)", in->p, in->q);
      return FALSE;
    }
  if (in->delay_fwd < 0 || in->delay_rev < 0)
    {
      g_set_error (error, STUDY_MODEL_ERROR, STUDY_MODEL_ERROR_INVALID,
                   "delays must not be negative");
      return FALSE;
    }
  /* With a delay of 0 a segment arrives at the instant a timer sends it,
   * and the order against the peer's timers due then is their arming
   * order (sim/sched.c), not "arrivals first": a server timer armed
   * earlier fires before the client's SYN that arrives with it, and a
   * SYN-ACK sent at the instant connect() gives up comes too late. */
  if (in->delay_fwd == 0 || in->delay_rev == 0)
    {
      g_set_error (error, STUDY_MODEL_ERROR, STUDY_MODEL_ERROR_OUT_OF_REACH,
                   "the model needs one-way delays above 0 (%s is 0): at a zero delay, events at "
                   "one instant follow the order their timers were armed in",
                   in->delay_fwd == 0 ? "client->server" : "server->client");
      return FALSE;
    }
  return check_listener (in, error);
}

/* The client's SYN times that a SYN-ACK could still answer before it
 * gives up. */
static gboolean
client_schedule (ModelWalk *w, GError **error)
{
  SimTime at[256];
  guint n = tcp_profile_syn_times (&w->in->client, at, G_N_ELEMENTS (at), &w->give_up);
  w->last_send = w->give_up - w->in->delay_rev;
  guint relevant = 1;
  for (guint i = 0; i < MIN (n, G_N_ELEMENTS (at)); i++)
    if (at[i] + w->in->delay_fwd <= w->last_send)
      relevant++;
  if (relevant > MODEL_MAX_SYNS)
    {
      g_set_error (error, STUDY_MODEL_ERROR, STUDY_MODEL_ERROR_OUT_OF_REACH,
                   "the client sends %u SYNs that could still be answered in time; the model "
                   "enumerates at most %d (2^n loss patterns)", relevant, MODEL_MAX_SYNS);
      return FALSE;
    }
  w->syn[0] = 0;
  for (guint i = 1; i < relevant; i++)
    w->syn[i] = at[i - 1];
  w->nsyn = relevant;
  return TRUE;
}

gboolean
study_model_handshake (const StudyModelInput *in, StudyModelResult *out, GError **error)
{
  *out = (StudyModelResult) { .mean = NAN, .fail = 1.0, .csa_mean = NAN };
  if (!check_input (in, error))
    return FALSE;
  ModelWalk w = { .in = in };
  if (!client_schedule (&w, error))
    return FALSE;
  w.atoms = g_array_new (FALSE, FALSE, sizeof (StudyModelAtom));
  w.atom_at = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  ModelServer s = { .open = FALSE, .timer = SIM_TIME_NEVER };
  walk (&w, s, 0, 1.0);
  g_hash_table_destroy (w.atom_at);

  g_array_sort (w.atoms, atom_cmp);
  double sum = 0.0, success = 0.0;
  for (guint i = 0; i < w.atoms->len; i++)
    {
      const StudyModelAtom *a = &g_array_index (w.atoms, StudyModelAtom, i);
      success += a->prob;
      sum += a->prob * sim_time_to_s (a->time);
    }
  /* The distribution given success: each atom divided by P(success). */
  for (guint i = 0; i < w.atoms->len; i++)
    g_array_index (w.atoms, StudyModelAtom, i).prob /= success;
  out->atoms = w.atoms;
  out->fail = w.fail;
  out->mean = success > 0.0 ? sum / success : NAN;
  out->csa_mean = csa_handshake (in);
  return TRUE;
}

void
study_model_result_clear (StudyModelResult *out)
{
  if (out->atoms != NULL)
    g_array_free (out->atoms, TRUE);
  out->atoms = NULL;
}

/* ---- from a scenario ---------------------------------------------------------- */

static const char *
host_name (const Scenario *scn, int i)
{
  return g_array_index (scn->hosts, ScnHost, i).name;
}

static gboolean G_GNUC_PRINTF (3, 4)
refuse (GError **error, int code, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error_literal (error, STUDY_MODEL_ERROR, code, msg);
  g_free (msg);
  return FALSE;
}

/* The link src -> dst, which must have a fixed delay, Bernoulli (or no)
 * loss and nothing else that changes what arrives or when. */
static const ScnLink *
find_link (const Scenario *scn, int src, int dst, GError **error)
{
  const ScnLink *l = NULL;
  for (guint i = 0; i < scn->links->len && l == NULL; i++)
    {
      const ScnLink *x = &g_array_index (scn->links, ScnLink, i);
      if (x->src == src && x->dst == dst)
        l = x;
    }
  const char *a = host_name (scn, src), *b = host_name (scn, dst);
  if (l == NULL)
    {
      refuse (error, STUDY_MODEL_ERROR_OUT_OF_REACH, "no link %s->%s", a, b);
      return NULL;
    }
  const char *need = "fixed delays", *what = NULL;
  if (l->gilbert)
    {
      need = "independent loss";
      what = "has Gilbert-Elliott bursts";
    }
  else if (l->jitter > 0)
    what = "has jitter";
  else if (l->rate > 0)
    what = "has a rate (serialization, queueing)";
  else if (l->reorder > 0)
    what = "reorders";
  else if (l->duplicate > 0)
    {
      need = "each segment delivered at most once";
      what = "duplicates";
    }
  if (what != NULL)
    {
      refuse (error, STUDY_MODEL_ERROR_OUT_OF_REACH, "the model needs %s: link %s->%s %s", need,
              a, b, what);
      return NULL;
    }
  for (guint i = 0; i < scn->faults->len; i++)
    {
      const ScnFault *f = &g_array_index (scn->faults, ScnFault, i);
      if ((f->src == src && f->dst == dst) || (f->src == dst && f->dst == src))
        {
          refuse (error, STUDY_MODEL_ERROR_OUT_OF_REACH,
                  "the model needs links without faults: %s:%d has a fault on %s->%s",
                  f->loc.file, f->loc.line, host_name (scn, f->src), host_name (scn, f->dst));
          return NULL;
        }
    }
  return l;
}

/* The input for one client-server pair, the server's listen backlog
 * aside. */
static gboolean
input_for_pair (const Scenario *scn, int client, int server, StudyModelInput *in, GError **error)
{
  const ScnLink *fwd = find_link (scn, client, server, error);
  if (fwd == NULL)
    return FALSE;
  const ScnLink *rev = find_link (scn, server, client, error);
  if (rev == NULL)
    return FALSE;
  /* The model's atoms are nominal instants.  On the timer wheel each
   * timeout fires late by an amount set by the host's jiffies phase (up
   * to 32 ms for the 1-2 s handshake timeouts at HZ = 250, more for
   * longer ones: docs/linux-behaviour.md, "Timers fire late"), and a SYN-ACK timer and a
   * retransmitted SYN due at one nominal instant race; the distribution
   * is then a mixture over both hosts' phases, which the walk does not
   * enumerate. */
  int hosts[] = { client, server };
  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    if (g_array_index (scn->hosts, ScnHost, hosts[i]).profile.timers != TCP_TIMERS_EXACT)
      return refuse (error, STUDY_MODEL_ERROR_OUT_OF_REACH,
                     "the model needs nominal timers: host %s has `timers wheel` "
                     "(set `timers exact` to compare with the model)", host_name (scn, hosts[i]));
  *in = (StudyModelInput) {
    .client = g_array_index (scn->hosts, ScnHost, client).profile,
    .server = g_array_index (scn->hosts, ScnHost, server).profile,
    .delay_fwd = fwd->delay, .delay_rev = rev->delay,
    .p = fwd->loss, .q = rev->loss,
  };
  return TRUE;
}

/* Whether two clients of a generator see the same model: the values of
 * the client's profile that make its SYN schedule, and the links. */
static gboolean
same_client_model (const StudyModelInput *a, const StudyModelInput *b)
{
  const TcpProfile *x = &a->client, *y = &b->client;
  return x->rto_initial == y->rto_initial && x->rto_max == y->rto_max
         && x->syn_linear == y->syn_linear && x->syn_retries == y->syn_retries
         && x->syn_slop == y->syn_slop && x->syn_time_limit == y->syn_time_limit
         && a->delay_fwd == b->delay_fwd && a->delay_rev == b->delay_rev && a->p == b->p
         && a->q == b->q;
}

/* The listen step for server:port, or NULL. */
static const ScnStep *
find_listen (const Scenario *scn, int server, guint16 port)
{
  for (guint i = 0; i < scn->steps->len; i++)
    {
      const ScnStep *st = &g_array_index (scn->steps, ScnStep, i);
      if (st->kind == SCN_ACT_LISTEN && st->host == server && st->port == port)
        return st;
    }
  return NULL;
}

/* Steps that would make the pair's handshake something else. */
static gboolean
check_steps (const Scenario *scn, int client, int server, GError **error)
{
  for (guint i = 0; i < scn->steps->len; i++)
    {
      const ScnStep *st = &g_array_index (scn->steps, ScnStep, i);
      if ((st->kind == SCN_ACT_CRASH || st->kind == SCN_ACT_RESTART)
          && (st->host == client || st->host == server))
        return refuse (error, STUDY_MODEL_ERROR_OUT_OF_REACH,
                       "%s:%d: the model needs hosts that stay up: %s %s", st->loc.file,
                       st->loc.line, host_name (scn, st->host),
                       st->kind == SCN_ACT_CRASH ? "crashes" : "restarts");
    }
  return TRUE;
}

/* A `run until` before the client could give up would leave handshakes
 * unfinished, neither established nor failed. */
static gboolean
check_until (const Scenario *scn, const StudyModelInput *in, SimTime start, GError **error)
{
  SimTime at[256], give_up;
  tcp_profile_syn_times (&in->client, at, G_N_ELEMENTS (at), &give_up);
  if (scn->until == SIM_TIME_NEVER || start + give_up <= scn->until)
    return TRUE;
  char u[32], g[32];
  sim_time_format_short (scn->until, u, sizeof u);
  sim_time_format_short (start + give_up, g, sizeof g);
  return refuse (error, STUDY_MODEL_ERROR_OUT_OF_REACH,
                 "the run ends at %s, before connect() could give up (at %s): the model "
                 "needs the run to let every handshake finish", u, g);
}

static gboolean
input_from_gen (const Scenario *scn, StudyModelInput *in, GError **error)
{
  const ScnGen *g = &g_array_index (scn->gens, ScnGen, 0);
  if (!input_for_pair (scn, g->clients[0], g->server, in, error))
    return FALSE;
  for (guint i = 1; i < g->nclients; i++)
    {
      StudyModelInput other;
      if (!input_for_pair (scn, g->clients[i], g->server, &other, error))
        return FALSE;
      if (!same_client_model (in, &other))
        return refuse (error, STUDY_MODEL_ERROR_OUT_OF_REACH,
                       "generator %s: clients %s and %s differ in their SYN schedule or links; "
                       "the model describes one client", g->name,
                       host_name (scn, g->clients[0]), host_name (scn, g->clients[i]));
    }
  const ScnStep *l = find_listen (scn, g->server, g->port);
  in->backlog = l != NULL ? l->backlog : 0;
  for (guint i = 0; i < g->nclients; i++)
    if (!check_steps (scn, g->clients[i], g->server, error))
      return FALSE;
  /* With fixed gaps the last connection starts at start + (count-1)·gap;
   * Poisson arrivals have no last start to check against. */
  SimTime last = g->start + (g->poisson ? 0 : (SimTime) (g->count - 1) * g->interval);
  return check_until (scn, in, last, error);
}

static gboolean
input_from_connect (const Scenario *scn, StudyModelInput *in, GError **error)
{
  const ScnStep *c = NULL;
  for (guint i = 0; i < scn->steps->len && c == NULL; i++)
    {
      const ScnStep *st = &g_array_index (scn->steps, ScnStep, i);
      if (st->kind == SCN_ACT_CONNECT)
        c = st;
    }
  if (c == NULL)
    return refuse (error, STUDY_MODEL_ERROR_OUT_OF_REACH,
                   "no generator and no connect step: no handshake to model");
  if (!input_for_pair (scn, c->host, c->peer, in, error))
    return FALSE;
  const ScnStep *l = find_listen (scn, c->peer, c->port);
  if (l == NULL)
    return refuse (error, STUDY_MODEL_ERROR_OUT_OF_REACH,
                   "%s:%d: nothing listens on %s:%u: the model needs a listener", c->loc.file,
                   c->loc.line, host_name (scn, c->peer), c->port);
  if (!l->on_event && !c->on_event && l->at > c->at)
    return refuse (error, STUDY_MODEL_ERROR_OUT_OF_REACH,
                   "%s:%d: %s listens on port %u only after the connect: the model needs a "
                   "listener from the first SYN", l->loc.file, l->loc.line,
                   host_name (scn, c->peer), c->port);
  in->backlog = l->backlog;
  if (!check_steps (scn, c->host, c->peer, error))
    return FALSE;
  return check_until (scn, in, c->on_event ? 0 : c->at, error);
}

gboolean
study_model_input_from_scenario (const Scenario *scn, StudyModelInput *in, GError **error)
{
  if (!(scn->gens->len > 0 ? input_from_gen (scn, in, error)
                           : input_from_connect (scn, in, error)))
    return FALSE;
  /* TCP_USER_TIMEOUT cuts the SYN schedule short at a time that depends
   * on when the retransmission timer fires: the walk does not play it. */
  if (in->client.user_timeout > 0)
    return refuse (error, STUDY_MODEL_ERROR_OUT_OF_REACH,
                   "the model has no TCP_USER_TIMEOUT: the client's user_timeout is set");
  for (guint i = 0; i < scn->steps->len; i++)
    {
      const ScnStep *st = &g_array_index (scn->steps, ScnStep, i);
      if (st->kind == SCN_ACT_SETSOCKOPT)
        return refuse (error, STUDY_MODEL_ERROR_OUT_OF_REACH,
                       "%s:%d: the model has no TCP_USER_TIMEOUT: a connection sets one",
                       st->loc.file, st->loc.line);
    }
  return TRUE;
}
