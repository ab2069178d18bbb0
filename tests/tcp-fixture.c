/* The segment-in / segment-out fixture of test-tcp.c: the simulated world
 * around one TcpStack, the recording trace sink, the peer's segment
 * templates, the builders of connections in each state, and the asserts
 * of exact segments at exact times.  See tcp-fixture.h. */
#include "tcp-fixture.h"

#include <stdarg.h>

#include "tcp/tcp_profile.h"

/* ---- recording ------------------------------------------------------------ */

static void
record (gpointer ctx, const TraceEvent *ev)
{
  TcpFixture *f = ctx;
  switch (ev->kind)
    {
    case TRACE_SEND:
      {
        TfSent s = { .at = ev->time, .seg = *ev->seg };
        g_array_append_val (f->sent, s);
        if (ev->seg->opts & TCP_OPT_TS)
          f->last_ts_val = ev->seg->ts_val;
        break;
      }
    case TRACE_STATE:
      {
        TfStateChange c = {
          .at = ev->time, .conn = ev->conn,
          .state = (TcpState) ev->state, .old_state = (TcpState) ev->old_state,
        };
        g_array_append_val (f->states, c);
        if (c.old_state == TCP_STATE_CLOSED)
          f->conn_id = c.conn; /* a connection is born: it is now under test */
        break;
      }
    case TRACE_ERROR:
      {
        TfError e = { .at = ev->time, .conn = ev->conn, .err = (TcpError) ev->error };
        g_array_append_val (f->trace_errors, e);
        break;
      }
    default:
      break;
    }
}

/* ---- the application ------------------------------------------------------ */

static void
user_established (gpointer ctx, TcpConn *conn)
{
  TcpFixture *f = ctx;
  f->established++;
}

static void
user_received (gpointer ctx, TcpConn *conn, guint32 bytes)
{
  TcpFixture *f = ctx;
  f->received += bytes;
  f->received_calls++;
}

static void
user_eof (gpointer ctx, TcpConn *conn)
{
  TcpFixture *f = ctx;
  f->eofs++;
}

static void
user_error (gpointer ctx, TcpConn *conn, TcpError err)
{
  TcpFixture *f = ctx;
  TfError e = { .at = f->sim.now, .conn = conn->id, .err = err };
  g_array_append_val (f->user_errors, e);
}

static void
user_closed (gpointer ctx, TcpConn *conn)
{
  TcpFixture *f = ctx;
  f->closed++;
}

static const TcpUserOps user_ops = {
  .established = user_established,
  .received = user_received,
  .eof = user_eof,
  .error = user_error,
  .closed = user_closed,
};

static void
user_hold (TcpFixture *f, TcpConn *conn)
{
  g_ptr_array_add (f->conns, conn);
  f->conn = conn;
}

static void
user_accept (gpointer ctx, TcpListener *listener, TcpConn *conn)
{
  TcpFixture *f = ctx;
  f->accepted++;
  tcp_conn_set_user (conn, &user_ops, f);
  user_hold (f, conn);
}

/* ---- the world ------------------------------------------------------------ */

static void
deliver_nowhere (gpointer ctx, const TcpSegment *seg)
{
}

static void
clock_fired (Sim *sim, gpointer ctx)
{
}

static void
stack_create (TcpFixture *f, const char *profile_name)
{
  const TcpProfile *profile = tcp_profile_lookup (profile_name);
  g_assert_nonnull (profile);
  f->stack = tcp_stack_new (&f->sim, &f->trace, f->ids, f->host, profile, 1);
  f->stack->isn_is_fixed = TRUE;
  f->stack->isn_fixed = TF_ISS;
  f->stack->next_port = TF_LOCAL_PORT;
  /* Segment-in/segment-out cases assert nominal instants; the wheel has
   * its own cases (tf_use_wheel). */
  f->stack->profile.timers = TCP_TIMERS_EXACT;
  f->peer_ts = profile->timestamps;
}

void
tf_use_wheel (TcpFixture *f, SimTime phase)
{
  f->stack->profile.timers = TCP_TIMERS_WHEEL;
  tcp_stack_set_jiffies_phase (f->stack, phase);
}

void
tf_setup (TcpFixture *f, gconstpointer data)
{
  sim_init (&f->sim);
  trace_bus_init (&f->trace);
  trace_bus_subscribe (&f->trace, record, f);
  f->host = host_new (&f->sim, &f->trace, "local", TF_LOCAL_ADDR);
  link_init (&f->link, &f->sim, &f->trace, 1, "local", "peer", TF_PEER_ADDR, deliver_nowhere,
             NULL);
  host_add_link (f->host, &f->link);
  sim_timer_init (&f->clock, clock_fired, f);
  f->sent = g_array_new (FALSE, FALSE, sizeof (TfSent));
  f->states = g_array_new (FALSE, FALSE, sizeof (TfStateChange));
  f->trace_errors = g_array_new (FALSE, FALSE, sizeof (TfError));
  f->user_errors = g_array_new (FALSE, FALSE, sizeof (TfError));
  f->conns = g_ptr_array_new ();
  f->ids = tcp_ids_new ();
  stack_create (f, "linux");
}

void
tf_teardown (TcpFixture *f, gconstpointer data)
{
  for (guint i = 0; i < f->conns->len; i++)
    tcp_conn_unref (g_ptr_array_index (f->conns, i));
  g_ptr_array_free (f->conns, TRUE);
  tcp_stack_free (f->stack);
  tcp_ids_free (f->ids);
  sim_timer_cancel (&f->sim, &f->clock);
  link_clear (&f->link);
  host_free (f->host);
  sim_clear (&f->sim);
  trace_bus_clear (&f->trace);
  g_array_free (f->sent, TRUE);
  g_array_free (f->states, TRUE);
  g_array_free (f->trace_errors, TRUE);
  g_array_free (f->user_errors, TRUE);
}

void
tf_use_profile (TcpFixture *f, const char *name)
{
  g_assert_cmpint (f->sim.now, ==, 0);
  g_assert_cmpuint (f->sent->len, ==, 0);
  g_assert_cmpuint (f->states->len, ==, 0);
  tcp_stack_free (f->stack);
  stack_create (f, name);
}

void
tf_run_until (TcpFixture *f, SimTime t)
{
  g_assert_cmpint (t, >=, f->sim.now);
  sim_timer_arm (&f->sim, &f->clock, t);
  sim_run (&f->sim, t, 0);
  g_assert_cmpint (f->sim.now, ==, t);
}

/* ---- the peer ------------------------------------------------------------- */

void
tf_inject (TcpFixture *f, const TcpSegment *tmpl)
{
  TcpSegment seg = *tmpl;
  if (seg.win == 0)
    seg.win = TF_PEER_WIN;
  tf_inject_win (f, &seg);
}

void
tf_inject_win (TcpFixture *f, const TcpSegment *tmpl)
{
  TcpSegment seg = *tmpl;
  seg.saddr = TF_PEER_ADDR;
  seg.daddr = TF_LOCAL_ADDR;
  seg.sport = f->rport;
  seg.dport = f->lport;
  if (f->peer_ts && !(seg.flags & TCP_FLAG_RST))
    {
      /* RFC 7323 §3.2: every segment but a reset carries TSval; TSecr
       * echoes the other end's latest TSval once it has seen one. */
      seg.opts |= TCP_OPT_TS;
      seg.ts_val = TF_PEER_TS_BASE + (guint32) (f->sim.now / SIM_MS);
      seg.ts_ecr = (seg.flags & TCP_FLAG_ACK) ? f->last_ts_val : 0;
    }
  host_input (f->host, &seg);
}

TcpSegment
tf_peer_syn (guint32 seq)
{
  return (TcpSegment) {
    .flags = TF_S, .seq = seq, .win = 64240,
    .opts = TCP_OPT_MSS | TCP_OPT_WSCALE | TCP_OPT_SACK_OK,
    .mss = 1460, .wscale = TF_PEER_WSCALE,
  };
}

TcpSegment
tf_peer_synack (void)
{
  return (TcpSegment) {
    .flags = TF_SA, .seq = TF_IRS, .ack = TF_ISS + 1, .win = 65160,
    .opts = TCP_OPT_MSS | TCP_OPT_WSCALE | TCP_OPT_SACK_OK,
    .mss = 1460, .wscale = TF_PEER_WSCALE,
  };
}

/* ---- application calls ---------------------------------------------------- */

void
tf_connect (TcpFixture *f)
{
  TcpError err = TCP_ERROR_COUNT;
  TcpConn *conn = tcp_connect (f->stack, TF_PEER_ADDR, TF_SERVER_PORT, &user_ops, f, &err);
  g_assert_cmpint (err, ==, TCP_OK);
  g_assert_nonnull (conn);
  g_assert_cmpuint (conn->lport, ==, TF_LOCAL_PORT);
  user_hold (f, conn);
  f->lport = conn->lport;
  f->rport = TF_SERVER_PORT;
}

void
tf_listen (TcpFixture *f)
{
  tf_listen_backlog (f, 0);
}

TcpConn *
tf_accept (TcpFixture *f)
{
  TcpConn *conn = tcp_accept (f->listener);
  if (conn == NULL)
    return NULL;
  tcp_conn_set_user (conn, &user_ops, f);
  user_hold (f, conn);
  f->conn_id = conn->id;
  return conn;
}

const TcpSegment *
tf_peek_sent (TcpFixture *f)
{
  if (f->next_sent >= f->sent->len)
    return NULL;
  return &g_array_index (f->sent, TfSent, f->next_sent).seg;
}

void
tf_listen_backlog (TcpFixture *f, guint backlog)
{
  TcpError err = TCP_ERROR_COUNT;
  f->listener = tcp_listen (f->stack, TF_SERVER_PORT, backlog, user_accept, f, &err);
  g_assert_cmpint (err, ==, TCP_OK);
  g_assert_nonnull (f->listener);
  f->lport = TF_SERVER_PORT;
  f->rport = TF_PEER_PORT;
}

/* ---- observations --------------------------------------------------------- */

static const TfStateChange *
last_change (const TcpFixture *f)
{
  for (guint i = f->states->len; i-- > 0;)
    {
      const TfStateChange *c = &g_array_index (f->states, TfStateChange, i);
      if (c->conn == f->conn_id)
        return c;
    }
  return NULL;
}

TcpState
tf_state (TcpFixture *f)
{
  const TfStateChange *c = last_change (f);
  TcpState s = c ? c->state : TCP_STATE_CLOSED;
  if (f->conn != NULL && f->conn->id == f->conn_id)
    g_assert_cmpstr (tcp_state_name (f->conn->state), ==, tcp_state_name (s));
  return s;
}

static void G_GNUC_PRINTF (5, 6)
fail (const char *file, int line, const char *func, TcpFixture *f, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *what = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  char now[32];
  sim_time_format_s9 (f->sim.now, now, sizeof now);
  char *msg = g_strdup_printf ("%s (now %s s)", what, now);
  g_free (what);
  g_assertion_message (G_LOG_DOMAIN, file, line, func, msg);
  g_free (msg);
}

/* "0.100000000 s [A] seq=1001 ack=5001 len=0 50000->80", and the window
 * of a segment that was really sent. */
static char *
describe (const TfSent *s, gboolean sent)
{
  char flags[8], at[32], win[24] = "";
  tcp_segment_flags_str (s->seg.flags, flags);
  sim_time_format_s9 (s->at, at, sizeof at);
  if (sent)
    g_snprintf (win, sizeof win, " win=%u", s->seg.win);
  return g_strdup_printf ("%s s [%s] seq=%u ack=%u len=%u%s %u->%u", at, flags, s->seg.seq,
                          s->seg.ack, s->seg.len, win, s->seg.sport, s->seg.dport);
}

const TcpSegment *
tf_check_sent (TcpFixture *f, const char *file, int line, const char *func, SimTime at,
               guint8 flags, guint32 seq, guint32 ack, guint32 len, TcpState state)
{
  TfSent want = {
    .at = at,
    .seg = {
      .flags = flags, .seq = seq, .ack = ack, .len = len,
      .sport = f->lport, .dport = f->rport,
    },
  };
  char *w = describe (&want, FALSE);
  if (f->next_sent >= f->sent->len)
    {
      fail (file, line, func, f, "expected %s, but nothing more was sent", w);
      g_free (w);
      return NULL;
    }
  const TfSent *got = &g_array_index (f->sent, TfSent, f->next_sent);
  f->next_sent++;
  const TcpSegment *s = &got->seg;
  if (got->at != at || s->flags != flags || s->seq != seq || s->ack != ack || s->len != len
      || s->saddr != TF_LOCAL_ADDR || s->daddr != TF_PEER_ADDR || s->sport != f->lport
      || s->dport != f->rport)
    {
      char *g = describe (got, TRUE);
      fail (file, line, func, f, "expected %s, sent %s", w, g);
      g_free (g);
    }
  g_free (w);
  tf_check_state (f, file, line, func, state);
  return s;
}

void
tf_check_quiet (TcpFixture *f, const char *file, int line, const char *func)
{
  if (f->next_sent < f->sent->len)
    {
      char *g = describe (&g_array_index (f->sent, TfSent, f->next_sent), TRUE);
      fail (file, line, func, f, "expected no segment, sent %s (and %u more)", g,
            f->sent->len - f->next_sent - 1);
      g_free (g);
    }
}

void
tf_check_state (TcpFixture *f, const char *file, int line, const char *func, TcpState state)
{
  TcpState s = tf_state (f);
  if (s != state)
    fail (file, line, func, f, "expected state %s, connection is in %s", tcp_state_name (state),
          tcp_state_name (s));
}

void
tf_check_state_since (TcpFixture *f, const char *file, int line, const char *func,
                      TcpState state, SimTime at)
{
  tf_check_state (f, file, line, func, state);
  const TfStateChange *c = last_change (f);
  if (c == NULL || c->at != at)
    {
      char want[32], got[32];
      sim_time_format_s9 (at, want, sizeof want);
      sim_time_format_s9 (c ? c->at : -1, got, sizeof got);
      fail (file, line, func, f, "expected %s since %s s, entered at %s s", tcp_state_name (state),
            want, got);
    }
}

static const TfError *
find_error (const GArray *errors, guint64 conn)
{
  const TfError *found = NULL;
  for (guint i = 0; i < errors->len; i++)
    {
      const TfError *e = &g_array_index (errors, TfError, i);
      if (e->conn == conn)
        {
          if (found != NULL)
            return e; /* the second one: reported below as unexpected */
          found = e;
        }
    }
  return found;
}

static gboolean
error_is (const TfError *e, guint64 conn, SimTime at, TcpError err)
{
  if (err == TCP_OK)
    return e == NULL;
  return e != NULL && e->conn == conn && e->at == at && e->err == err;
}

void
tf_check_closed (TcpFixture *f, const char *file, int line, const char *func, SimTime at,
                 TcpError err)
{
  tf_check_state_since (f, file, line, func, TCP_STATE_CLOSED, at);
  const TfError *te = find_error (f->trace_errors, f->conn_id);
  if (!error_is (te, f->conn_id, at, err))
    fail (file, line, func, f, "expected error %s in the trace, got %s",
          tcp_error_name (err), te ? tcp_error_name (te->err) : "none");
  if (f->conn == NULL || f->conn->id != f->conn_id)
    return; /* nobody holds it: nobody to call back */
  const TfError *ue = find_error (f->user_errors, f->conn_id);
  if (!error_is (ue, f->conn_id, at, err))
    fail (file, line, func, f, "expected error callback %s, got %s", tcp_error_name (err),
          ue ? tcp_error_name (ue->err) : "none");
}

/* ---- builders ------------------------------------------------------------- */

void
tf_build_syn_sent (TcpFixture *f)
{
  tf_connect (f);
  tf_assert_sent (f, 0, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  tf_assert_quiet (f);
}

void
tf_build_established (TcpFixture *f)
{
  tf_build_syn_sent (f);
  tf_run_until (f, TF_RTT);
  TcpSegment synack = tf_peer_synack ();
  tf_inject (f, &synack);
  tf_assert_sent (f, TF_RTT, TF_A, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpuint (f->established, ==, 1);
  tf_assert_quiet (f);
}

void
tf_build_listen (TcpFixture *f)
{
  tf_listen (f);
  tf_assert_quiet (f);
}

void
tf_build_syn_received (TcpFixture *f)
{
  tf_build_listen (f);
  TcpSegment syn = tf_peer_syn (TF_IRS);
  tf_inject (f, &syn);
  tf_assert_sent (f, 0, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  g_assert_cmpuint (f->listener->syn_queue, ==, 1);
  tf_assert_quiet (f);
}

void
tf_build_established_passive (TcpFixture *f)
{
  tf_build_syn_received (f);
  tf_run_until (f, TF_RTT);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  tf_assert_state (f, TCP_STATE_ESTABLISHED);
  g_assert_cmpuint (f->accepted, ==, 1);
  g_assert_cmpuint (f->established, ==, 1);
  g_assert_cmpuint (f->listener->syn_queue, ==, 0);
  tf_assert_quiet (f);
}

static void
ensure_established (TcpFixture *f)
{
  if (f->conn == NULL)
    tf_build_established (f);
  tf_assert_state (f, TCP_STATE_ESTABLISHED);
}

void
tf_build_fin_wait_1 (TcpFixture *f)
{
  ensure_established (f);
  SimTime t = f->sim.now + TF_RTT;
  tf_run_until (f, t);
  g_assert_cmpint (tcp_close (f->conn), ==, TCP_OK);
  tf_assert_sent (f, t, TF_FA, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_FIN_WAIT_1);
  tf_assert_quiet (f);
}

void
tf_build_fin_wait_2 (TcpFixture *f)
{
  tf_build_fin_wait_1 (f);
  SimTime t = f->sim.now + TF_RTT;
  tf_run_until (f, t);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 2 });
  tf_assert_state_since (f, TCP_STATE_FIN_WAIT_2, t);
  tf_assert_quiet (f);
}

void
tf_build_time_wait (TcpFixture *f)
{
  tf_build_fin_wait_2 (f);
  SimTime t = f->sim.now + TF_RTT;
  tf_run_until (f, t);
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 2 });
  tf_assert_sent (f, t, TF_A, TF_ISS + 2, TF_IRS + 2, 0, TCP_STATE_TIME_WAIT);
  tf_assert_state_since (f, TCP_STATE_TIME_WAIT, t);
  tf_assert_quiet (f);
}

void
tf_build_closing (TcpFixture *f)
{
  tf_build_fin_wait_1 (f);
  SimTime t = f->sim.now + TF_RTT;
  tf_run_until (f, t);
  /* The peer's FIN crosses ours: it does not acknowledge our FIN. */
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  tf_assert_sent (f, t, TF_A, TF_ISS + 2, TF_IRS + 2, 0, TCP_STATE_CLOSING);
  tf_assert_quiet (f);
}

void
tf_build_close_wait (TcpFixture *f)
{
  ensure_established (f);
  SimTime t = f->sim.now + TF_RTT;
  tf_run_until (f, t);
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  tf_assert_state_since (f, TCP_STATE_CLOSE_WAIT, t);
  g_assert_cmpuint (f->eofs, ==, 1);
  SimTime ack_at = t + f->stack->profile.delack;
  tf_run_until (f, ack_at);
  tf_assert_sent (f, ack_at, TF_A, TF_ISS + 1, TF_IRS + 2, 0, TCP_STATE_CLOSE_WAIT);
  tf_assert_quiet (f);
}

void
tf_build_last_ack (TcpFixture *f)
{
  tf_build_close_wait (f);
  SimTime t = f->sim.now + TF_RTT;
  tf_run_until (f, t);
  g_assert_cmpint (tcp_close (f->conn), ==, TCP_OK);
  tf_assert_sent (f, t, TF_FA, TF_ISS + 1, TF_IRS + 2, 0, TCP_STATE_LAST_ACK);
  tf_assert_quiet (f);
}
