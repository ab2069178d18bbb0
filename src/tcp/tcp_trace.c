/* Typed trace events from TCP (trace/trace.h): what happened, as values.
 * The wording is the sinks' (trace/trace_words.c); nothing here formats
 * text.  Each call returns at once when nobody traces. */
#include "tcp/tcp_priv.h"

void
tcp_trace_emit (TcpStack *stack, const TcpConn *conn, TraceEvent *ev)
{
  if (!trace_wants (stack->trace, ev->kind))
    return;
  ev->time = stack->sim->now;
  ev->host = stack->host->name;
  ev->conn = conn != NULL ? conn->id : 0;
  trace_emit (stack->trace, ev);
}

void
tcp_trace_fire (TcpConn *conn, TraceFire fire, guint count, SimTime span)
{
  if (!trace_wants (conn->stack->trace, TRACE_TIMER))
    return;
  TraceEvent ev = {
    .kind = TRACE_TIMER, .fire = fire, .count = count, .span = span,
    .syn = tcp_sending_syn (conn),
  };
  tcp_trace_emit (conn->stack, conn, &ev);
}

void
tcp_trace_note (TcpConn *conn, TraceNote note, guint count)
{
  if (!trace_wants (conn->stack->trace, TRACE_NOTE))
    return;
  TraceEvent ev = { .kind = TRACE_NOTE, .note = note, .count = count };
  tcp_trace_emit (conn->stack, conn, &ev);
}

void
tcp_trace_call (TcpStack *stack, TcpConn *conn, const TraceEvent *call, TcpError err)
{
  if (!trace_wants (stack->trace, TRACE_CALL))
    return;
  TraceEvent ev = *call;
  ev.kind = TRACE_CALL;
  ev.error = err;
  ev.name = err != TCP_OK ? tcp_error_name (err) : NULL;
  tcp_trace_emit (stack, conn, &ev);
}

void
tcp_trace_error (TcpConn *conn, TcpError err)
{
  if (!trace_wants (conn->stack->trace, TRACE_ERROR))
    return;
  TraceEvent ev = { .kind = TRACE_ERROR, .error = err, .name = tcp_error_name (err) };
  tcp_trace_emit (conn->stack, conn, &ev);
}

void
tcp_trace_outcome (TcpConn *conn, TcpError err)
{
  if (!trace_wants (conn->stack->trace, TRACE_OUTCOME))
    return;
  TraceEvent ev = { .kind = TRACE_OUTCOME, .error = err, .name = tcp_error_name (err) };
  tcp_trace_emit (conn->stack, conn, &ev);
}

void
tcp_trace_timer_arm (TcpConn *conn, TraceTimer timer, SimTime deadline)
{
  if (!trace_wants (conn->stack->trace, TRACE_TIMER_ARM))
    return;
  TraceEvent ev = { .kind = TRACE_TIMER_ARM, .timer = timer, .span = deadline };
  tcp_trace_emit (conn->stack, conn, &ev);
}

void
tcp_trace_timer_cancel (TcpConn *conn, TraceTimer timer)
{
  if (!trace_wants (conn->stack->trace, TRACE_TIMER_CANCEL))
    return;
  TraceEvent ev = { .kind = TRACE_TIMER_CANCEL, .timer = timer };
  tcp_trace_emit (conn->stack, conn, &ev);
}
