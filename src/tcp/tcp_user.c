/* User calls: OPEN (active and passive), SEND, CLOSE, ABORT
 * (RFC 9293 §3.10.1, §3.10.2, §3.10.4, §3.10.5), shutdown of the sending
 * side alone (half-close, §3.6.1), and the listener's accept(). */
#include "tcp/tcp_priv.h"

static void
trace_call_result (TcpStack *stack, TcpConn *conn, TraceCall what, TcpError err)
{
  TraceEvent call = { .call = what };
  tcp_trace_call (stack, conn, &call, err);
}

TcpListener *
tcp_listen (TcpStack *stack, guint16 port, guint backlog, TcpAcceptFn accept, gpointer ctx,
            TcpError *err)
{
  if (host_lookup_listener (stack->host, port) != NULL)
    {
      *err = TCP_EADDRINUSE;
      TraceEvent call = { .call = TRACE_CALL_LISTEN, .port = port };
      tcp_trace_call (stack, NULL, &call, TCP_EADDRINUSE);
      return NULL;
    }
  TcpListener *l = g_new0 (TcpListener, 1);
  l->stack = stack;
  l->port = port;
  const TcpProfile *p = &stack->profile;
  l->backlog = backlog ? backlog : p->backlog;
  l->syn_backlog = p->syn_backlog ? p->syn_backlog : l->backlog;
  l->acceptq_max = tcp_profile_acceptq_capacity (p, l->backlog);
  g_queue_init (&l->embryonic);
  g_queue_init (&l->acceptq);
  l->auto_accept = TRUE;
  l->keepalive = p->keepalive_default;
  l->accept = accept;
  l->accept_ctx = ctx;
  g_ptr_array_add (stack->listeners, l);
  host_bind_listener (stack->host, port, l);
  *err = TCP_OK;
  TraceEvent call = { .call = TRACE_CALL_LISTEN, .port = port };
  tcp_trace_call (stack, NULL, &call, TCP_OK);
  return l;
}

/* An ephemeral port whose 4-tuple to (raddr, rport) is free, searched
 * from where the last search stopped (RFC 6056 §3.3.4, algorithm 4's
 * sequential variant); the next search starts after it.  A failed search
 * leaves the start where it was (it went all the way round).  The host
 * keeps what makes this O(1) amortized when ports run out
 * (host_find_free_port). */
static gboolean
pick_port (TcpStack *stack, guint32 raddr, guint16 rport, guint16 *out)
{
  guint16 lo, hi;
  if (!tcp_stack_port_range (stack, &lo, &hi)
      || !host_find_free_port (stack->host, raddr, rport, lo, hi, stack->next_port, out))
    return FALSE;
  stack->next_port = *out >= hi ? lo : (guint16) (*out + 1);
  return TRUE;
}

TcpConn *
tcp_connect (TcpStack *stack, guint32 raddr, guint16 rport, const TcpUserOps *user,
             gpointer ctx, TcpError *err)
{
  return tcp_connect_from (stack, 0, raddr, rport, user, ctx, err);
}

TcpConn *
tcp_connect_from (TcpStack *stack, guint16 lport, guint32 raddr, guint16 rport,
                  const TcpUserOps *user, gpointer ctx, TcpError *err)
{
  TraceEvent call = { .call = TRACE_CALL_CONNECT, .addr = raddr, .port = rport };
  if (lport == 0 && !pick_port (stack, raddr, rport, &lport))
    {
      *err = TCP_EADDRNOTAVAIL;
      tcp_trace_call (stack, NULL, &call, TCP_EADDRNOTAVAIL);
      return NULL;
    }
  if (host_lookup_conn (stack->host, host_conn_key (lport, raddr, rport)) != NULL)
    {
      /* The 4-tuple is taken (bind() then connect() to the same peer). */
      *err = TCP_EADDRINUSE;
      call.lport = lport;
      tcp_trace_call (stack, NULL, &call, TCP_EADDRINUSE);
      return NULL;
    }
  TcpConn *conn = tcp_conn_new (stack, raddr, rport, lport);
  conn->id = tcp_ids_active (stack->ids);
  tcp_conn_set_user (conn, user, ctx);
  tcp_conn_bind (conn);
  conn->iss = tcp_isn (stack, conn);
  conn->snd_una = conn->snd_nxt = conn->snd_max = conn->iss;
  conn->snd_end = conn->iss + 1;
  conn->ts_offset = conn->iss * 2654435761u;
  call.lport = lport;
  tcp_trace_call (stack, conn, &call, TCP_OK);
  /* RFC 9293 §3.10.1: an active OPEN sends <SEQ=ISS><CTL=SYN> and enters
   * SYN-SENT. */
  tcp_set_state (conn, TCP_STATE_SYN_SENT);
  tcp_send_syn (conn, FALSE);
  *err = TCP_OK;
  return tcp_conn_ref (conn); /* the user's reference */
}

TcpError
tcp_send (TcpConn *conn, guint32 bytes)
{
  TcpError err = TCP_OK;
  switch (conn->state)
    {
    case TCP_STATE_SYN_SENT:
    case TCP_STATE_SYN_RECEIVED:
    case TCP_STATE_ESTABLISHED:
    case TCP_STATE_CLOSE_WAIT:
      /* §3.10.2: queued before establishment, sent when the window opens. */
      if (conn->fin_queued)
        err = TCP_EPIPE;
      break;
    case TCP_STATE_CLOSED:
      err = TCP_ENOTCONN;
      break;
    default:
      err = TCP_EPIPE; /* §3.10.2: "connection closing" */
      break;
    }
  TraceEvent call = { .call = TRACE_CALL_SEND, .count = bytes };
  tcp_trace_call (conn->stack, conn, &call, err);
  if (err != TCP_OK)
    return err;
  conn->snd_end += bytes;
  if (conn->state == TCP_STATE_ESTABLISHED || conn->state == TCP_STATE_CLOSE_WAIT)
    tcp_output (conn);
  return TCP_OK;
}

/* Queues our FIN and moves to the state that waits for its ACK
 * (§3.10.4): ESTABLISHED -> FIN-WAIT-1, CLOSE-WAIT -> LAST-ACK. */
static TcpError
close_sending (TcpConn *conn)
{
  switch (conn->state)
    {
    case TCP_STATE_SYN_SENT:
      /* §3.10.4: delete the TCB; nothing was synchronized. */
      tcp_conn_terminate (conn, TCP_OK);
      return TCP_OK;
    case TCP_STATE_SYN_RECEIVED:
    case TCP_STATE_ESTABLISHED:
      conn->fin_queued = TRUE;
      tcp_set_state (conn, TCP_STATE_FIN_WAIT_1);
      break;
    case TCP_STATE_CLOSE_WAIT:
      conn->fin_queued = TRUE;
      tcp_set_state (conn, TCP_STATE_LAST_ACK);
      break;
    case TCP_STATE_CLOSED:
      return TCP_ENOTCONN;
    default:
      return conn->fin_queued ? TCP_OK : TCP_ENOTCONN; /* already closing */
    }
  tcp_output (conn);
  return TCP_OK;
}

TcpError
tcp_shutdown (TcpConn *conn)
{
  TcpStack *stack = conn->stack;
  tcp_conn_ref (conn);
  TcpError err = conn->state == TCP_STATE_CLOSED ? TCP_ENOTCONN : TCP_OK;
  trace_call_result (stack, conn, TRACE_CALL_SHUTDOWN, err);
  if (err == TCP_OK)
    err = close_sending (conn);
  tcp_conn_unref (conn);
  return err;
}

TcpError
tcp_close (TcpConn *conn)
{
  TcpStack *stack = conn->stack;
  tcp_conn_ref (conn);
  TcpError err = conn->state == TCP_STATE_CLOSED ? TCP_ENOTCONN : TCP_OK;
  trace_call_result (stack, conn, TRACE_CALL_CLOSE, err);
  if (err == TCP_OK)
    {
      /* close() gives the connection up: it is now orphaned, which arms
       * the FIN-WAIT-2 timeout (Linux tcp_fin_timeout). */
      conn->user_closed = TRUE;
      conn->orphan = TRUE;
      err = close_sending (conn);
      if (conn->state == TCP_STATE_FIN_WAIT_2 && tcp_prof (conn)->fin_wait2_timeout > 0)
        tcp_wait_arm (conn, tcp_prof (conn)->fin_wait2_timeout);
    }
  tcp_conn_unref (conn);
  return err;
}

/* ABORT as RFC 9293 §3.10.5 does it, traced as the call `what`: in
 * SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1/2 and CLOSE-WAIT send
 * <SEQ=SND.NXT><CTL=RST>; in the other states just delete. */
static TcpError
reset_and_delete (TcpConn *conn, TraceCall what)
{
  TcpError err = conn->state == TCP_STATE_CLOSED ? TCP_ENOTCONN : TCP_OK;
  trace_call_result (conn->stack, conn, what, err);
  if (err != TCP_OK)
    return err;
  conn->user_closed = TRUE;
  switch (conn->state)
    {
    case TCP_STATE_SYN_RECEIVED:
    case TCP_STATE_ESTABLISHED:
    case TCP_STATE_FIN_WAIT_1:
    case TCP_STATE_FIN_WAIT_2:
    case TCP_STATE_CLOSE_WAIT:
      tcp_send_rst (conn);
      break;
    default:
      break;
    }
  tcp_conn_terminate (conn, TCP_OK);
  return TCP_OK;
}

TcpError
tcp_abort (TcpConn *conn)
{
  return reset_and_delete (conn, TRACE_CALL_ABORT);
}

TcpError
tcp_close_discarding (TcpConn *conn)
{
  /* Linux __tcp_close(): unread data is lost, so the peer must learn it
   * now: a reset from SND.NXT and no FIN (RFC 2525 §2.17), traced as the
   * close it is. */
  return reset_and_delete (conn, TRACE_CALL_CLOSE);
}

void
tcp_listener_close (TcpListener *l)
{
  TcpStack *stack = l->stack;
  TraceEvent call = { .call = TRACE_CALL_CLOSE, .port = l->port };
  tcp_trace_call (stack, NULL, &call, l->dead ? TCP_ENOTCONN : TCP_OK);
  if (l->dead)
    return;
  host_unbind_listener (stack->host, l->port);
  l->dead = TRUE;
  /* Connections that completed the handshake but were never accepted are
   * reset (Linux inet_csk_listen_stop() -> tcp_disconnect(); FreeBSD
   * soabort() -> tcp_drop()); half-open ones are forgotten silently
   * (request sockets and syncache entries send nothing). */
  TcpConn *conn;
  while ((conn = tcp_listener_acceptq_pop (l)) != NULL)
    {
      conn->listener = NULL;
      conn->user_closed = TRUE;
      tcp_send_rst (conn);
      tcp_conn_terminate (conn, TCP_OK);
    }
  /* The queues' links live in the connections (tcp_listen.c): unqueue
   * each, then forget it. */
  while (l->embryonic.head != NULL)
    {
      conn = l->embryonic.head->data;
      tcp_listener_unqueue (conn);
      conn->listener = NULL;
      conn->user_closed = TRUE;
      tcp_conn_terminate (conn, TCP_OK);
    }
}

void
tcp_listener_set_auto_accept (TcpListener *l, gboolean on)
{
  l->auto_accept = on;
  if (!on)
    return;
  /* Whatever waits is handed over now, oldest first. */
  TcpConn *conn;
  while ((conn = tcp_listener_acceptq_pop (l)) != NULL)
    {
      conn->listener = NULL;
      l->stats.accepted++;
      if (l->accept != NULL)
        l->accept (l->accept_ctx, l, tcp_conn_ref (conn));
    }
}

TcpConn *
tcp_accept (TcpListener *l)
{
  TcpConn *conn = tcp_listener_acceptq_pop (l);
  if (conn == NULL)
    {
      TraceEvent call = { .call = TRACE_CALL_ACCEPT, .port = l->port };
      tcp_trace_call (l->stack, NULL, &call, TCP_OK);
      return NULL;
    }
  conn->listener = NULL;
  l->stats.accepted++;
  TraceEvent call = { .call = TRACE_CALL_ACCEPT, .port = l->port };
  tcp_trace_call (l->stack, conn, &call, TCP_OK);
  return tcp_conn_ref (conn);
}

guint
tcp_listener_queued (const TcpListener *l)
{
  return l->acceptq.length;
}

void
tcp_listener_set_keepalive (TcpListener *l, gboolean on)
{
  l->keepalive = on;
}

const TcpListenerStats *
tcp_listener_stats (const TcpListener *l)
{
  return &l->stats;
}

/* setsockopt (TCP_USER_TIMEOUT): RFC 5482 §3, Linux do_tcp_setsockopt.
 * A closed connection refuses it (ENOTCONN), as the other calls do. */
TcpError
tcp_conn_set_user_timeout (TcpConn *conn, SimTime timeout)
{
  TcpError err = conn->state == TCP_STATE_CLOSED ? TCP_ENOTCONN : TCP_OK;
  TraceEvent call = { .call = TRACE_CALL_SETSOCKOPT, .span = timeout };
  tcp_trace_call (conn->stack, conn, &call, err);
  if (err == TCP_OK)
    conn->user_timeout = MAX (timeout, 0);
  return err;
}
