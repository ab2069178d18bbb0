/* Connection states: names, the one place that writes conn->state (and
 * checks each transition against RFC 9293 §3.3.2, figure 5), and the end
 * of a connection. */
#include "tcp/tcp_priv.h"

static const char *const state_names[TCP_STATE_COUNT] = {
  [TCP_STATE_CLOSED] = "CLOSED",
  [TCP_STATE_LISTEN] = "LISTEN",
  [TCP_STATE_SYN_SENT] = "SYN-SENT",
  [TCP_STATE_SYN_RECEIVED] = "SYN-RECEIVED",
  [TCP_STATE_ESTABLISHED] = "ESTABLISHED",
  [TCP_STATE_FIN_WAIT_1] = "FIN-WAIT-1",
  [TCP_STATE_FIN_WAIT_2] = "FIN-WAIT-2",
  [TCP_STATE_CLOSE_WAIT] = "CLOSE-WAIT",
  [TCP_STATE_CLOSING] = "CLOSING",
  [TCP_STATE_LAST_ACK] = "LAST-ACK",
  [TCP_STATE_TIME_WAIT] = "TIME-WAIT",
};

const char *
tcp_state_name (TcpState state)
{
  return state_names[state];
}

gboolean
tcp_state_parse (const char *text, TcpState *out)
{
  /* Accept RFC spelling, underscores and any case: SYN-SENT, syn_sent. */
  char *norm = g_ascii_strup (text, -1);
  g_strdelimit (norm, "_", '-');
  gboolean found = FALSE;
  for (int i = 0; i < TCP_STATE_COUNT; i++)
    if (g_strcmp0 (norm, state_names[i]) == 0)
      {
        *out = (TcpState) i;
        found = TRUE;
      }
  if (!found && g_strcmp0 (norm, "SYN-RCVD") == 0)
    {
      *out = TCP_STATE_SYN_RECEIVED;
      found = TRUE;
    }
  g_free (norm);
  return found;
}

static const char *const error_names[TCP_ERROR_COUNT] = {
  [TCP_OK] = "OK",
  [TCP_ETIMEDOUT] = "ETIMEDOUT",
  [TCP_ECONNREFUSED] = "ECONNREFUSED",
  [TCP_ECONNRESET] = "ECONNRESET",
  [TCP_EADDRNOTAVAIL] = "EADDRNOTAVAIL",
  [TCP_EADDRINUSE] = "EADDRINUSE",
  [TCP_ENOTCONN] = "ENOTCONN",
  [TCP_EPIPE] = "EPIPE",
  [TCP_ENOROUTE] = "ENOROUTE",
};

const char *
tcp_error_name (TcpError err)
{
  return error_names[err];
}

gboolean
tcp_error_parse (const char *text, TcpError *out)
{
  for (int i = 1; i < TCP_ERROR_COUNT; i++)
    if (g_ascii_strcasecmp (text, error_names[i]) == 0)
      {
        *out = (TcpError) i;
        return TRUE;
      }
  return FALSE;
}

/* The arcs of RFC 9293 figure 5, plus the arcs every state has to CLOSED
 * (reset, abort, give-up; §3.10.7.4 second, §3.10.4, §3.10.8). */
static gboolean
transition_allowed (TcpState from, TcpState to)
{
  if (to == TCP_STATE_CLOSED)
    return from != TCP_STATE_CLOSED;
  switch (from)
    {
    case TCP_STATE_CLOSED:
      return to == TCP_STATE_LISTEN || to == TCP_STATE_SYN_SENT
             || to == TCP_STATE_SYN_RECEIVED; /* a listener's child */
    case TCP_STATE_LISTEN:
      return to == TCP_STATE_SYN_RECEIVED || to == TCP_STATE_SYN_SENT;
    case TCP_STATE_SYN_SENT:
      return to == TCP_STATE_SYN_RECEIVED || to == TCP_STATE_ESTABLISHED;
    case TCP_STATE_SYN_RECEIVED:
      return to == TCP_STATE_ESTABLISHED || to == TCP_STATE_FIN_WAIT_1
             || to == TCP_STATE_CLOSE_WAIT; /* SYN-ACK-ed FIN */
    case TCP_STATE_ESTABLISHED:
      return to == TCP_STATE_FIN_WAIT_1 || to == TCP_STATE_CLOSE_WAIT;
    case TCP_STATE_FIN_WAIT_1:
      return to == TCP_STATE_FIN_WAIT_2 || to == TCP_STATE_CLOSING
             || to == TCP_STATE_TIME_WAIT;
    case TCP_STATE_FIN_WAIT_2:
      return to == TCP_STATE_TIME_WAIT;
    case TCP_STATE_CLOSE_WAIT:
      return to == TCP_STATE_LAST_ACK;
    case TCP_STATE_CLOSING:
      return to == TCP_STATE_TIME_WAIT;
    case TCP_STATE_LAST_ACK:
    case TCP_STATE_TIME_WAIT:
    case TCP_STATE_COUNT:
      return FALSE;
    }
  return FALSE;
}

void
tcp_set_state (TcpConn *conn, TcpState state)
{
  TcpState old = conn->state;
  g_assert (transition_allowed (old, state));
  conn->state = state;
  if (trace_wants (conn->stack->trace, TRACE_STATE))
    {
      TraceEvent ev = {
        .kind = TRACE_STATE, .state = state, .old_state = old, .name = tcp_state_name (state),
      };
      tcp_trace_emit (conn->stack, conn, &ev);
    }
}

void
tcp_conn_terminate (TcpConn *conn, TcpError err)
{
  TcpStack *stack = conn->stack;
  if (conn->state == TCP_STATE_CLOSED)
    return;
  tcp_timers_cancel (conn);
  tcp_ooo_clear (conn); /* nothing more will be read */
  host_unbind_conn (stack->host, &conn->key);
  tcp_listener_unqueue (conn);
  conn->listener = NULL;
  tcp_set_state (conn, TCP_STATE_CLOSED);
  stack->conns_live--;
  if (err != TCP_OK)
    {
      tcp_trace_error (conn, err);
      if (conn->user && conn->user->error)
        conn->user->error (conn->user_ctx, conn, err);
    }
  tcp_trace_outcome (conn, err);
  if (conn->user && conn->user->closed)
    conn->user->closed (conn->user_ctx, conn);
  /* Release the stack's reference once the current event is over, so the
   * code that called us may still look at conn. */
  g_ptr_array_add (stack->dead, conn);
  if (!sim_timer_armed (&stack->reap_timer))
    sim_timer_arm (stack->sim, &stack->reap_timer, stack->sim->now);
}
