/* The TCP stack of one host: its boot secrets, connection blocks and
 * their lifetime, the options a SYN negotiates, host crash and restart,
 * and the read-only accessors of tcp.h. */
#include "tcp/tcp_priv.h"

#include "sim/timerwheel.h"

#include <string.h>

static void
stack_unmatched (gpointer ctx, const TcpSegment *seg)
{
  /* RFC 9293 §3.10.7.1: a segment for no connection is answered as in
   * CLOSED. */
  if (!tcp_synfin_dropped (ctx, seg))
    tcp_send_reset_reply (ctx, seg);
}

static const HostOps tcp_host_ops = {
  .conn_input = tcp_endpoint_input,
  .listen_input = tcp_listener_input,
  .unmatched = stack_unmatched,
};

/* FreeBSD's net.inet.tcp.drop_synfin: a segment with both SYN and FIN is
 * dropped before any processing (tcp_input()), whatever it is for. */
gboolean
tcp_synfin_dropped (const TcpStack *stack, const TcpSegment *seg)
{
  return stack->profile.drop_synfin
         && (seg->flags & (TCP_FLAG_SYN | TCP_FLAG_FIN)) == (TCP_FLAG_SYN | TCP_FLAG_FIN);
}

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

/* The secrets a host draws at boot: the ISN key (RFC 6528 §3), the SYN
 * cookie key, the ephemeral port search offset, and the phase of its
 * jiffies clock (a kernel's counter starts at boot: its phase against
 * another host's is arbitrary).  Boot 0 keeps the
 * stream names of earlier versions, so runs without a crash are
 * unchanged. */
/* The names of a boot's streams, hashed: "isn/HOST", "syncookie/HOST",
 * "ports/HOST", "jiffies/HOST", with "/boot-N" after a restart. */
static void
boot_hashes (const TcpStack *stack, guint boots, guint64 *hash)
{
  const char *h = stack->host->name;
  char suffix[32] = "";
  if (boots)
    g_snprintf (suffix, sizeof suffix, "/boot-%u", boots);
  const char *isn[] = { "isn/", h, suffix, NULL };
  const char *cookie[] = { "syncookie/", h, suffix, NULL };
  const char *ports[] = { "ports/", h, suffix, NULL };
  const char *jiffies[] = { "jiffies/", h, suffix, NULL };
  hash[0] = sim_rng_hash_parts (isn);
  hash[1] = sim_rng_hash_parts (cookie);
  hash[2] = sim_rng_hash_parts (ports);
  hash[3] = sim_rng_hash_parts (jiffies);
}

static void
stack_boot (TcpStack *stack)
{
  /* The names of boot 0 are hashed once (tcp_stack_new): a sweep reboots
   * a stack for every replication. */
  guint64 hash[TCP_BOOT_STREAMS];
  if (stack->boots == 0)
    memcpy (hash, stack->boot0_hash, sizeof hash);
  else
    boot_hashes (stack, stack->boots, hash);
  SimRng rng;
  sim_rng_init_hashed (&rng, stack->seed, hash[0]);
  stack->isn_secret[0] = sim_rng_next (&rng);
  stack->isn_secret[1] = sim_rng_next (&rng);
  sim_rng_init_hashed (&rng, stack->seed, hash[1]);
  stack->cookie_secret[0] = sim_rng_next (&rng);
  stack->cookie_secret[1] = sim_rng_next (&rng);
  /* Linux starts its ephemeral search at a random offset in the range. */
  sim_rng_init_hashed (&rng, stack->seed, hash[2]);
  guint16 lo, hi;
  if (tcp_stack_port_range (stack, &lo, &hi))
    stack->next_port = (guint16) (lo + sim_rng_next (&rng) % ((guint) hi - lo + 1));
  else
    stack->next_port = lo;
  /* Uniform over 2^24 ticks, so the rounding of every wheel level is
   * uniform too (sim/timerwheel.h). */
  if (!stack->jiffies_phase_fixed)
    {
      sim_rng_init_hashed (&rng, stack->seed, hash[3]);
      guint hz = MAX (stack->profile.hz, 1);
      stack->jiffies_phase = (SimTime) (sim_rng_next (&rng)
                                        % (guint64) sim_wheel_from_jiffies (SIM_WHEEL_PHASE_TICKS, hz));
    }
}

gboolean
tcp_stack_port_range (const TcpStack *stack, guint16 *lo, guint16 *hi)
{
  /* The parser keeps 1 <= port_lo <= port_hi; a profile from the C API
   * may not: port 0 is no port (RFC 6335 §6: reserved), and a reversed
   * range is empty (connect() fails with EADDRNOTAVAIL, no search). */
  const TcpProfile *p = &stack->profile;
  *lo = MAX (p->port_lo, 1);
  *hi = p->port_hi;
  return *lo <= *hi;
}

static void
listener_free (gpointer data)
{
  TcpListener *l = data;
  /* The queues' links live in the connections (gone or going): nothing
   * to free. */
  g_free (l);
}

TcpStack *
tcp_stack_new (Sim *sim, const TraceBus *trace, TcpIds *ids, Host *host,
               const TcpProfile *profile, guint64 seed)
{
  TcpStack *stack = g_new0 (TcpStack, 1);
  stack->sim = sim;
  stack->trace = trace;
  stack->ids = ids;
  stack->host = host;
  stack->profile = *profile;
  stack->seed = seed;
  boot_hashes (stack, 0, stack->boot0_hash);
  stack_boot (stack);
  stack->dead = g_ptr_array_new ();
  stack->tw_chunks = g_ptr_array_new ();
  stack->listeners = g_ptr_array_new_with_free_func (listener_free);
  sim_timer_init (&stack->reap_timer, stack_reap, stack);
  host_set_ops (host, &tcp_host_ops, stack);
  return stack;
}

void
tcp_stack_set_jiffies_phase (TcpStack *stack, SimTime phase)
{
  stack->jiffies_phase = phase;
  stack->jiffies_phase_fixed = TRUE;
}

SimTime
tcp_stack_jiffies_phase (const TcpStack *stack)
{
  return stack->jiffies_phase;
}

void
tcp_stack_set_isn (TcpStack *stack, guint32 isn)
{
  stack->isn_fixed = isn;
  stack->isn_is_fixed = TRUE;
}

Host *
tcp_stack_host (const TcpStack *stack)
{
  return stack->host;
}

Sim *
tcp_stack_sim (const TcpStack *stack)
{
  return stack->sim;
}

guint64
tcp_stack_count_in_state (const TcpStack *stack, TcpState state)
{
  guint64 n = 0;
  GList *conns = host_conn_endpoints (stack->host);
  for (GList *l = conns; l; l = l->next)
    if (tcp_timewait_is (l->data) ? state == TCP_STATE_TIME_WAIT
                                  : ((const TcpConn *) l->data)->state == state)
      n++;
  g_list_free (conns);
  return n;
}

const TcpProfile *
tcp_stack_profile (const TcpStack *stack)
{
  return &stack->profile;
}

TcpStack *
tcp_listener_stack (const TcpListener *l)
{
  return l->stack;
}

guint64
tcp_conn_id (const TcpConn *conn)
{
  return conn->id;
}

TcpState
tcp_conn_state (const TcpConn *conn)
{
  return conn->state;
}

TcpStack *
tcp_conn_stack (const TcpConn *conn)
{
  return conn->stack;
}

guint64
tcp_conn_bytes_received (const TcpConn *conn)
{
  return conn->bytes_received;
}

guint32
tcp_conn_iss (const TcpConn *conn)
{
  return conn->iss;
}

guint16
tcp_conn_remote_port (const TcpConn *conn)
{
  return conn->rport;
}

guint16
tcp_conn_mss (const TcpConn *conn)
{
  return conn->mss;
}

guint16
tcp_conn_local_port (const TcpConn *conn)
{
  return conn->lport;
}

/* Drops every hold the stack has on connections, quietly: those
 * awaiting release and those still open at the end of a run. */
static void
stack_release (TcpStack *stack)
{
  sim_timer_cancel (stack->sim, &stack->reap_timer);
  stack_reap (stack->sim, stack);
  GList *conns = host_conn_endpoints (stack->host);
  for (GList *l = conns; l; l = l->next)
    {
      if (tcp_timewait_is (l->data))
        {
          tcp_timewait_discard (l->data);
          continue;
        }
      TcpConn *conn = l->data;
      tcp_timers_discard (conn);
      host_unbind_conn (stack->host, &conn->key);
      conn->user = NULL;
      tcp_conn_unref (conn);
    }
  g_list_free (conns);
}

void
tcp_stack_free (TcpStack *stack)
{
  if (stack == NULL)
    return;
  stack_release (stack);
  tcp_timewait_free_all (stack);
  g_ptr_array_free (stack->tw_chunks, TRUE);
  g_ptr_array_free (stack->dead, TRUE);
  g_ptr_array_free (stack->listeners, TRUE);
  g_free (stack);
}

void
tcp_stack_reset (TcpStack *stack, guint64 seed)
{
  stack_release (stack);
  /* Listeners die with the run (their queues hold no references: their
   * connections were the stack's).  The array keeps its storage. */
  g_ptr_array_set_size (stack->listeners, 0);
  stack->conns_live = 0;
  stack->resets_sent = 0;
  stack->seed = seed;
  /* A crash and restarts of the last run are forgotten: boot 0 again, so
   * the secrets are those a new stack draws for seed. */
  stack->boots = 0;
  stack_boot (stack);
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
  conn->user_timeout = stack->profile.user_timeout;
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

/* ---- crash and restart ---------------------------------------------------- */

void
tcp_stack_crash (TcpStack *stack)
{
  TraceEvent call = { .call = TRACE_CALL_CRASH, .count = host_conn_count (stack->host),
                      .count2 = stack->listeners->len };
  tcp_trace_call (stack, NULL, &call, TCP_OK);
  for (guint i = 0; i < stack->listeners->len; i++)
    {
      TcpListener *l = g_ptr_array_index (stack->listeners, i);
      if (!l->dead)
        host_unbind_listener (stack->host, l->port);
      l->dead = TRUE;
    }
  /* The host is gone with its applications: nobody is told, nothing is
   * sent.  Terminating unbinds each connection, so iterate over a copy. */
  GList *conns = host_conn_endpoints (stack->host);
  for (GList *it = conns; it; it = it->next)
    {
      if (tcp_timewait_is (it->data))
        {
          tcp_timewait_end (it->data);
          continue;
        }
      TcpConn *conn = it->data;
      conn->user = NULL;
      tcp_conn_terminate (conn, TCP_OK);
    }
  g_list_free (conns);
  host_set_down (stack->host, TRUE);
}

void
tcp_stack_restart (TcpStack *stack)
{
  stack->boots++;
  stack_boot (stack);
  host_set_down (stack->host, FALSE);
  TraceEvent call = { .call = TRACE_CALL_RESTART, .count = stack->boots };
  tcp_trace_call (stack, NULL, &call, TCP_OK);
}
