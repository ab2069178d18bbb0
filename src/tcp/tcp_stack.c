/* The TCP stack of one host: connection blocks and their lifetime, port
 * allocation, initial sequence numbers (RFC 6528), listeners and the
 * passive open of RFC 9293 §3.10.7.2 with their SYN and accept queues,
 * SYN cookies (RFC 4987 §3.6), host crash and restart, and trace
 * helpers. */
#include "tcp/tcp_priv.h"

#include <stdarg.h>

static const HostOps tcp_host_ops = {
  .conn_input = tcp_conn_input,
  .listen_input = tcp_listener_input,
};

static void
stack_reap (Sim *sim, gpointer ctx)
{
  (void) sim;
  TcpStack *stack = ctx;
  /* Unref may not add to the list (a connection is terminated only once),
   * but take a stable copy of the length anyway. */
  guint n = stack->dead->len;
  for (guint i = 0; i < n; i++)
    tcp_conn_unref (g_ptr_array_index (stack->dead, i));
  g_ptr_array_remove_range (stack->dead, 0, n);
}

static guint64 mix64 (guint64 z);

/* The secrets a host draws at boot: the ISN key (RFC 6528 §3), the SYN
 * cookie key, and the ephemeral port search offset.  Boot 0 keeps the
 * stream names of earlier versions, so runs without a crash are
 * unchanged. */
static void
stack_boot (TcpStack *stack)
{
  const char *h = stack->host->name;
  char *suffix = stack->boots ? g_strdup_printf ("/boot-%u", stack->boots) : g_strdup ("");
  char *name = g_strdup_printf ("isn/%s%s", h, suffix);
  SimRng rng;
  sim_rng_init (&rng, stack->seed, name);
  stack->isn_secret[0] = sim_rng_next (&rng);
  stack->isn_secret[1] = sim_rng_next (&rng);
  g_free (name);
  name = g_strdup_printf ("syncookie/%s%s", h, suffix);
  sim_rng_init (&rng, stack->seed, name);
  stack->cookie_secret[0] = sim_rng_next (&rng);
  stack->cookie_secret[1] = sim_rng_next (&rng);
  g_free (name);
  /* Linux starts its ephemeral search at a random offset in the range. */
  name = g_strdup_printf ("ports/%s%s", h, suffix);
  sim_rng_init (&rng, stack->seed, name);
  g_free (name);
  g_free (suffix);
  const TcpProfile *p = &stack->profile;
  guint range = (guint) p->port_hi - p->port_lo + 1;
  stack->next_port = (guint16) (p->port_lo + sim_rng_next (&rng) % range);
}

static void
listener_free (gpointer data)
{
  TcpListener *l = data;
  g_queue_clear (&l->embryonic);
  g_queue_clear (&l->acceptq);
  g_free (l);
}

TcpStack *
tcp_stack_new (Sim *sim, const TraceBus *trace, Host *host, const TcpProfile *profile,
               guint64 seed)
{
  TcpStack *stack = g_new0 (TcpStack, 1);
  stack->sim = sim;
  stack->trace = trace;
  stack->host = host;
  stack->profile = *profile;
  stack->seed = seed;
  stack_boot (stack);
  stack->dead = g_ptr_array_new ();
  stack->listeners = g_ptr_array_new_with_free_func (listener_free);
  sim_timer_init (&stack->reap_timer, stack_reap, stack);
  host->ops = &tcp_host_ops;
  return stack;
}

void
tcp_stack_free (TcpStack *stack)
{
  if (stack == NULL)
    return;
  sim_timer_cancel (stack->sim, &stack->reap_timer);
  stack_reap (stack->sim, stack);
  /* Connections still open at the end of a run: drop the stack's hold. */
  GList *conns = g_hash_table_get_values (stack->host->conns);
  for (GList *l = conns; l; l = l->next)
    {
      TcpConn *conn = l->data;
      tcp_timers_cancel (conn);
      conn->user = NULL;
      tcp_conn_unref (conn);
    }
  g_list_free (conns);
  g_hash_table_remove_all (stack->host->conns);
  g_ptr_array_free (stack->dead, TRUE);
  g_ptr_array_free (stack->listeners, TRUE);
  g_free (stack);
}

TcpConn *
tcp_conn_new (TcpStack *stack, guint32 raddr, guint16 rport, guint16 lport)
{
  TcpConn *conn = g_new0 (TcpConn, 1);
  conn->stack = stack;
  conn->refs = 1; /* the stack's */
  conn->state = TCP_STATE_CLOSED;
  conn->laddr = stack->host->addr;
  conn->raddr = raddr;
  conn->lport = lport;
  conn->rport = rport;
  conn->key = host_conn_key (lport, raddr, rport);
  conn->rto = stack->profile.rto_initial;
  conn->mss = stack->profile.mss_default; /* RFC 9293 §3.7.1, until the peer says more */
  conn->rcv_wnd = stack->profile.win_syn;
  conn->quickack_left = stack->profile.quickack;
  conn->keepalive = stack->profile.keepalive_default;
  conn->last_rcv = stack->sim->now;
  tcp_timers_init (conn);
  stack->conns_live++;
  return conn;
}

void
tcp_conn_bind (TcpConn *conn)
{
  host_bind_conn (conn->stack->host, &conn->key, conn);
}

TcpConn *
tcp_conn_ref (TcpConn *conn)
{
  conn->refs++;
  return conn;
}

void
tcp_conn_unref (TcpConn *conn)
{
  if (conn == NULL)
    return;
  g_assert (conn->refs > 0);
  if (--conn->refs == 0)
    {
      g_assert (!sim_timer_armed (&conn->rexmit_timer));
      g_assert (!sim_timer_armed (&conn->keep_timer));
      tcp_ooo_clear (conn);
      g_free (conn);
    }
}

void
tcp_conn_set_user (TcpConn *conn, const TcpUserOps *user, gpointer ctx)
{
  conn->user = user;
  conn->user_ctx = ctx;
}

static guint64
mix64 (guint64 z)
{
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

guint32
tcp_isn (TcpStack *stack, const TcpConn *conn)
{
  if (stack->isn_is_fixed)
    return stack->isn_fixed;
  /* RFC 6528 §3: ISN = M + F(localip, localport, remoteip, remoteport,
   * secretkey), M a clock ticking every isn_tick. */
  guint64 f = 0;
  if (stack->profile.isn_hash)
    {
      f = mix64 (stack->isn_secret[0] ^ (((guint64) conn->laddr << 32) | conn->raddr));
      f = mix64 (f ^ stack->isn_secret[1] ^ (((guint64) conn->lport << 16) | conn->rport));
    }
  guint64 m = (guint64) (stack->sim->now / stack->profile.isn_tick);
  return (guint32) (m + f);
}

void
tcp_trace_timer (TcpConn *conn, const char *fmt, ...)
{
  const TraceBus *bus = conn->stack->trace;
  if (!trace_on (bus))
    return;
  va_list ap;
  va_start (ap, fmt);
  char *detail = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  TraceEvent ev = {
    .kind = TRACE_TIMER, .time = tcp_now (conn), .host = conn->stack->host->name,
    .conn = conn->id, .detail = detail,
  };
  trace_emit (bus, &ev);
  g_free (detail);
}

void
tcp_trace_call (TcpStack *stack, TcpConn *conn, const char *fmt, ...)
{
  if (!trace_on (stack->trace))
    return;
  va_list ap;
  va_start (ap, fmt);
  char *detail = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  TraceEvent ev = {
    .kind = TRACE_CALL, .time = stack->sim->now, .host = stack->host->name,
    .conn = conn ? conn->id : 0, .detail = detail,
  };
  trace_emit (stack->trace, &ev);
  g_free (detail);
}

void
tcp_trace_error (TcpConn *conn, TcpError err)
{
  const TraceBus *bus = conn->stack->trace;
  if (!trace_on (bus))
    return;
  TraceEvent ev = {
    .kind = TRACE_ERROR, .time = tcp_now (conn), .host = conn->stack->host->name,
    .conn = conn->id, .error = err, .detail = tcp_error_name (err),
  };
  trace_emit (bus, &ev);
}

/* Options of an arriving SYN or SYN-ACK (RFC 9293 §3.7.1, RFC 7323 §1.3
 * and §3.2, RFC 2018 §2): each is used only if both ends offered it. */
void
tcp_conn_take_syn_options (TcpConn *conn, const TcpSegment *seg)
{
  const TcpProfile *p = tcp_prof (conn);
  guint16 peer_mss = (seg->opts & TCP_OPT_MSS) ? seg->mss : p->mss_default;
  conn->mss = MIN (p->mss, peer_mss);
  if ((seg->opts & TCP_OPT_WSCALE) && p->wscale != 0xff)
    {
      conn->ws_ok = TRUE;
      conn->snd_wscale = MIN (seg->wscale, 14);
      conn->rcv_wscale = p->wscale;
    }
  conn->sack_ok = (seg->opts & TCP_OPT_SACK_OK) && p->sack;
  conn->ts_ok = (seg->opts & TCP_OPT_TS) && p->timestamps;
  if (conn->ts_ok)
    conn->ts_recent = seg->ts_val;
  /* The window in a SYN or SYN-ACK is never scaled (RFC 7323 §2.2). */
  conn->snd_wnd = seg->win;
  conn->snd_wl1 = seg->seq;
  conn->snd_wl2 = seg->ack;
  tcp_cc_init (conn);
}

/* ---- listeners ------------------------------------------------------------ */

/* A SYN-RECEIVED child of a listener for the SYN (or cookie ACK) seg. */
static TcpConn *
listener_child (TcpListener *l, const TcpSegment *seg)
{
  TcpStack *stack = l->stack;
  TcpConn *conn = tcp_conn_new (stack, seg->saddr, seg->sport, seg->dport);
  conn->id = seg->conn_id ? seg->conn_id : stack->sim->next_conn_id++;
  conn->listener = l;
  conn->passive = TRUE;
  conn->keepalive = l->keepalive;
  l->syn_queue++;
  g_queue_push_tail (&l->embryonic, conn);
  tcp_conn_bind (conn);
  return conn;
}

void
tcp_listener_unqueue (TcpConn *conn)
{
  TcpListener *l = conn->listener;
  if (l == NULL)
    return;
  if (g_queue_remove (&l->embryonic, conn))
    l->syn_queue--;
  if (conn->in_acceptq)
    {
      g_queue_remove (&l->acceptq, conn);
      conn->in_acceptq = FALSE;
    }
}

static gboolean
acceptq_full (const TcpListener *l)
{
  return g_queue_get_length ((GQueue *) &l->acceptq) >= l->acceptq_max;
}

/* The action on a final ACK that finds the accept queue full: Linux
 * ignores it unless tcp_abort_on_overflow (tcp_check_req
 * listen_overflow), FreeBSD resets (syncache_expand). */
static TcpOverflowAction
ack_overflow_action (const TcpProfile *p)
{
  if (p->acceptq_full_ack == TCP_OVERFLOW_DROP && p->abort_on_overflow)
    return TCP_OVERFLOW_RST;
  return p->acceptq_full_ack;
}

gboolean
tcp_listener_admit (TcpConn *conn, const TcpSegment *seg)
{
  TcpListener *l = conn->listener;
  if (l == NULL || !acceptq_full (l))
    return TRUE;
  const TcpProfile *p = tcp_prof (conn);
  TcpOverflowAction action = ack_overflow_action (p);
  if (action == TCP_OVERFLOW_NONE)
    return TRUE;
  l->stats.accept_overflows++;
  if (action == TCP_OVERFLOW_DROP)
    {
      /* Linux inet_rsk(req)->acked = 1: the request stays, its SYN-ACK
       * timer runs on, and a later ACK may find room. */
      tcp_trace_timer (conn, "accept queue full: final ACK ignored");
      return FALSE;
    }
  tcp_trace_timer (conn, "accept queue full: reset");
  host_send_reset (conn->stack->host, seg); /* <SEQ=SEG.ACK><CTL=RST> */
  tcp_conn_terminate (conn, TCP_OK);
  return FALSE;
}

void
tcp_listener_established (TcpConn *conn)
{
  TcpListener *l = conn->listener;
  if (l == NULL)
    return;
  l->stats.established++;
  if (!l->auto_accept)
    {
      conn->in_acceptq = TRUE;
      g_queue_push_tail (&l->acceptq, conn);
      return;
    }
  conn->listener = NULL;
  l->stats.accepted++;
  if (l->accept != NULL)
    l->accept (l->accept_ctx, l, tcp_conn_ref (conn));
}

/* ---- SYN cookies (RFC 4987 §3.6; Linux net/ipv4/syncookies.c) ---------- */

#define COOKIE_BITS 24
#define COOKIE_MASK ((1u << COOKIE_BITS) - 1)
#define COOKIE_TS_BITS 6 /* option bits in the TSval (Linux TSBITS) */
#define COOKIE_TS_MASK ((1u << COOKIE_TS_BITS) - 1)
#define COOKIE_TS_NO_WSCALE 0xfu
#define COOKIE_TS_SACK 0x10u

static guint32
cookie_hash (const TcpStack *stack, guint32 saddr, guint16 sport, guint32 daddr, guint16 dport,
             guint32 count, guint c)
{
  guint64 z = mix64 (stack->cookie_secret[c] ^ (((guint64) saddr << 32) | daddr));
  z = mix64 (z ^ (((guint64) sport << 48) | ((guint64) dport << 32) | count));
  return (guint32) z;
}

/* Linux secure_tcp_syn_cookie(): the peer's ISN, a keyed hash, the
 * period count in the top 8 bits, and the MSS index hashed into the low
 * 24 (so that the ISN still looks random). */
static guint32
cookie_make (const TcpStack *stack, const TcpSegment *syn, guint32 count, guint idx)
{
  guint32 h1 = cookie_hash (stack, syn->saddr, syn->sport, syn->daddr, syn->dport, 0, 0);
  guint32 h2 = cookie_hash (stack, syn->saddr, syn->sport, syn->daddr, syn->dport, count, 1);
  return h1 + syn->seq + (count << COOKIE_BITS) + ((h2 + idx) & COOKIE_MASK);
}

/* Linux check_tcp_syn_cookie(): the MSS index, or -1 when the cookie is
 * forged or older than cookie_max_age periods. */
static gint
cookie_check (const TcpStack *stack, const TcpSegment *ack, guint32 count)
{
  const TcpProfile *p = &stack->profile;
  guint32 cookie = ack->ack - 1, peer_isn = ack->seq - 1;
  guint32 h1 = cookie_hash (stack, ack->saddr, ack->sport, ack->daddr, ack->dport, 0, 0);
  guint32 c = cookie - h1 - peer_isn;
  guint32 made = c >> COOKIE_BITS;
  guint32 age = (count - made) & (0xffffffffu >> COOKIE_BITS);
  if (age >= p->cookie_max_age)
    return -1;
  guint32 h2 = cookie_hash (stack, ack->saddr, ack->sport, ack->daddr, ack->dport,
                            (count - age) & (0xffffffffu >> COOKIE_BITS), 1);
  guint32 idx = (c - h2) & COOKIE_MASK;
  return idx < p->cookie_mss_n ? (gint) idx : -1;
}

static guint32
cookie_count (const TcpStack *stack)
{
  return (guint32) (stack->sim->now / stack->profile.cookie_period)
         & (0xffffffffu >> COOKIE_BITS);
}

static guint32
ts_offset_for (const TcpStack *stack, guint32 iss)
{
  return (guint32) mix64 (iss ^ stack->isn_secret[0]);
}

/* A stateless SYN-ACK whose ISN is the cookie.  The options the
 * connection needs later travel in the low bits of our TSval (Linux
 * cookie_init_timestamp()); without timestamps only the MSS survives, so
 * the SYN-ACK offers nothing else (tcp_conn_request:
 * tcp_clear_options()). */
static void
cookie_send (TcpListener *l, const TcpSegment *syn)
{
  TcpStack *stack = l->stack;
  const TcpProfile *p = &stack->profile;
  guint16 peer_mss = (syn->opts & TCP_OPT_MSS) ? syn->mss : p->mss_default;
  guint idx = 0;
  for (guint i = 0; i < p->cookie_mss_n; i++)
    if (p->cookie_mss[i] <= peer_mss)
      idx = i;
  guint32 cookie = cookie_make (stack, syn, cookie_count (stack), idx);
  TcpSegment s = {
    .saddr = stack->host->addr, .daddr = syn->saddr, .sport = syn->dport, .dport = syn->sport,
    .seq = cookie, .ack = syn->seq + 1, .flags = TCP_FLAG_SYN | TCP_FLAG_ACK,
    .win = p->win_synack, .opts = TCP_OPT_MSS, .mss = p->mss,
    .conn_id = syn->conn_id, .seq_base = cookie, .ack_base = syn->seq,
  };
  if ((syn->opts & TCP_OPT_TS) && p->timestamps)
    {
      guint32 bits = COOKIE_TS_NO_WSCALE;
      if ((syn->opts & TCP_OPT_WSCALE) && p->wscale != 0xff)
        {
          s.opts |= TCP_OPT_WSCALE;
          s.wscale = p->wscale;
          bits = MIN (syn->wscale, 14);
        }
      if ((syn->opts & TCP_OPT_SACK_OK) && p->sack)
        {
          s.opts |= TCP_OPT_SACK_OK;
          bits |= COOKIE_TS_SACK;
        }
      guint32 now_ts = (guint32) (stack->sim->now / SIM_MS) + ts_offset_for (stack, cookie);
      guint32 v = (now_ts & ~COOKIE_TS_MASK) | bits;
      if (seq_gt (v, now_ts))
        v -= 1u << COOKIE_TS_BITS; /* never ahead of the clock */
      s.opts |= TCP_OPT_TS;
      s.ts_val = v;
      s.ts_ecr = syn->ts_val;
    }
  l->stats.syncookies_sent++;
  l->last_cookie = stack->sim->now;
  l->cookies_sent = TRUE;
  host_output (stack->host, &s);
}

/* Linux cookie_v4_check(): an ACK for no connection, on a listener that
 * sent cookies recently, rebuilds the connection the cookie describes.
 * Returns FALSE when seg is not a valid cookie ACK. */
static gboolean
cookie_ack (TcpListener *l, const TcpSegment *seg)
{
  TcpStack *stack = l->stack;
  const TcpProfile *p = &stack->profile;
  if (p->synq_full != TCP_SYNQ_COOKIES || !l->cookies_sent
      || stack->sim->now - l->last_cookie >= p->cookie_period * p->cookie_max_age)
    return FALSE; /* tcp_synq_no_recent_overflow() */
  gint idx = cookie_check (stack, seg, cookie_count (stack));
  if (idx < 0)
    {
      l->stats.syncookies_failed++;
      return FALSE;
    }
  if (acceptq_full (l) && ack_overflow_action (p) != TCP_OVERFLOW_NONE)
    {
      /* No request to keep: the ACK is lost (or reset); the peer's next
       * segment carries the same cookie. */
      l->stats.accept_overflows++;
      if (ack_overflow_action (p) == TCP_OVERFLOW_RST)
        host_send_reset (stack->host, seg);
      return TRUE;
    }
  TcpConn *conn = listener_child (l, seg);
  conn->from_cookie = TRUE;
  conn->irs = seg->seq - 1;
  conn->rcv_nxt = seg->seq;
  conn->iss = seg->ack - 1;
  conn->snd_una = conn->iss;
  conn->snd_nxt = conn->snd_max = conn->snd_end = conn->iss + 1;
  conn->last_seg_seq = conn->iss;
  conn->ts_offset = ts_offset_for (stack, conn->iss);
  conn->mss = MIN (p->mss, p->cookie_mss[idx]);
  conn->rcv_wnd = p->win_synack;
  if ((seg->opts & TCP_OPT_TS) && p->timestamps)
    {
      guint32 bits = seg->ts_ecr & COOKIE_TS_MASK;
      conn->ts_ok = TRUE;
      conn->ts_recent = seg->ts_val;
      if ((bits & COOKIE_TS_NO_WSCALE) != COOKIE_TS_NO_WSCALE && p->wscale != 0xff)
        {
          conn->ws_ok = TRUE;
          conn->snd_wscale = bits & COOKIE_TS_NO_WSCALE;
          conn->rcv_wscale = p->wscale;
        }
      conn->sack_ok = (bits & COOKIE_TS_SACK) && p->sack;
    }
  tcp_cc_init (conn);
  l->stats.syncookies_ok++;
  tcp_set_state (conn, TCP_STATE_SYN_RECEIVED);
  tcp_conn_input (conn, seg);
  return TRUE;
}

/* ---- the passive open ----------------------------------------------------- */

/* A SYN for a listener (RFC 9293 §3.10.7.2), through its queues.
 * tw_snd_nxt, when not NULL, is SND.NXT of the TIME-WAIT incarnation this
 * SYN reopens. */
static void
listener_syn (TcpListener *l, const TcpSegment *seg, const guint32 *tw_snd_nxt)
{
  TcpStack *stack = l->stack;
  const TcpProfile *p = &stack->profile;
  l->stats.syns++;
  /* A full accept queue: Linux tcp_conn_request() and xnu drop the SYN
   * (LISTENOVERFLOWS); a stack may refuse it with a reset. */
  if (acceptq_full (l) && p->acceptq_full_syn != TCP_OVERFLOW_NONE)
    {
      if (p->acceptq_full_syn == TCP_OVERFLOW_RST)
        {
          l->stats.syn_refused++;
          host_send_reset (stack->host, seg);
        }
      else
        l->stats.syn_dropped++;
      return;
    }
  if (l->syn_queue >= l->syn_backlog)
    {
      switch (p->synq_full)
        {
        case TCP_SYNQ_COOKIES:
          if (p->cookie_mss_n > 0 && p->cookie_period > 0)
            {
              cookie_send (l, seg);
              return;
            }
          l->stats.syn_dropped++;
          return;
        case TCP_SYNQ_EVICT:
          {
            /* xnu tcp_dropdropablreq(): an embryonic connection makes
             * room (here the oldest, for determinism), silently. */
            TcpConn *old = g_queue_peek_head (&l->embryonic);
            l->stats.embryonic_evicted++;
            tcp_trace_timer (old, "evicted from a full SYN queue");
            tcp_conn_terminate (old, TCP_OK);
            break;
          }
        case TCP_SYNQ_DROP:
        case TCP_SYNQ_COUNT:
          l->stats.syn_dropped++;
          return; /* the client retries */
        }
    }
  TcpConn *conn = listener_child (l, seg);
  conn->irs = seg->seq;
  conn->rcv_nxt = seg->seq + 1;
  conn->iss = tcp_isn (stack, conn);
  /* RFC 1122 §4.2.2.13 (1): reopening from TIME-WAIT needs an ISN above
   * every sequence number of the old incarnation; Linux takes
   * SND.NXT + 65535 + 2 (tcp_timewait_state_process). */
  if (tw_snd_nxt != NULL && seq_lt (conn->iss, *tw_snd_nxt))
    conn->iss = *tw_snd_nxt + p->tw_isn_gap;
  conn->snd_una = conn->iss;
  conn->snd_nxt = conn->iss;
  conn->snd_max = conn->iss;
  conn->snd_end = conn->iss + 1;
  conn->ts_offset = ts_offset_for (stack, conn->iss);
  tcp_conn_take_syn_options (conn, seg);
  tcp_set_state (conn, TCP_STATE_SYN_RECEIVED);
  tcp_send_syn (conn, FALSE);
}

void
tcp_listener_input (gpointer endpoint, const TcpSegment *seg)
{
  TcpListener *l = endpoint;
  /* RFC 9293 §3.10.7.2, in order: RST ignored; an ACK gets
   * <SEQ=SEG.ACK><CTL=RST> (unless it carries a valid SYN cookie); a SYN
   * opens; anything else is dropped. */
  if (seg->flags & TCP_FLAG_RST)
    return;
  if (seg->flags & TCP_FLAG_ACK)
    {
      if (!(seg->flags & TCP_FLAG_SYN) && cookie_ack (l, seg))
        return;
      host_send_reset (l->stack->host, seg);
      return;
    }
  if (seg->flags & TCP_FLAG_SYN)
    listener_syn (l, seg, NULL);
}

void
tcp_listener_reopen (TcpListener *l, const TcpSegment *seg, guint32 tw_snd_nxt)
{
  listener_syn (l, seg, &tw_snd_nxt);
}

/* ---- crash and restart ---------------------------------------------------- */

void
tcp_stack_crash (TcpStack *stack)
{
  tcp_trace_call (stack, NULL, "crash: %u connections, %u listeners lost",
                  g_hash_table_size (stack->host->conns), stack->listeners->len);
  for (guint i = 0; i < stack->listeners->len; i++)
    {
      TcpListener *l = g_ptr_array_index (stack->listeners, i);
      if (!l->dead)
        host_unbind_listener (stack->host, l->port);
      l->dead = TRUE;
    }
  /* The host is gone with its applications: nobody is told, nothing is
   * sent.  Terminating unbinds each connection, so iterate over a copy. */
  GList *conns = g_hash_table_get_values (stack->host->conns);
  for (GList *it = conns; it; it = it->next)
    {
      TcpConn *conn = it->data;
      conn->user = NULL;
      tcp_conn_terminate (conn, TCP_OK);
    }
  g_list_free (conns);
  stack->host->down = TRUE;
}

void
tcp_stack_restart (TcpStack *stack)
{
  stack->boots++;
  stack_boot (stack);
  stack->host->down = FALSE;
  tcp_trace_call (stack, NULL, "restart (boot %u)", stack->boots);
}
