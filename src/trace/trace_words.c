/* Wording of typed trace events (trace_words.h).  The sentences are the
 * ones the log has always printed, so logs and traces written before the
 * core emitted typed events read the same. */
#include "trace/trace_words.h"

const char *
trace_kind_name (TraceKind kind)
{
  static const char *const names[TRACE_KIND_COUNT] = {
    [TRACE_SEND] = "send", [TRACE_RECV] = "recv", [TRACE_DROP] = "drop",
    [TRACE_STATE] = "state", [TRACE_TIMER] = "timer", [TRACE_NOTE] = "timer",
    [TRACE_CALL] = "call", [TRACE_ERROR] = "error",
  };
  return kind < TRACE_KIND_COUNT ? names[kind] : NULL;
}

const char *
trace_why_name (TraceWhy why)
{
  static const char *const names[TRACE_WHY_COUNT] = {
    [TRACE_WHY_NONE] = "none", [TRACE_WHY_SYN] = "syn", [TRACE_WHY_SYN_RETRY] = "syn-retry",
    [TRACE_WHY_SYNCOOKIE] = "syncookie", [TRACE_WHY_DATA] = "new", [TRACE_WHY_ACK] = "ack",
    [TRACE_WHY_RTO] = "rto", [TRACE_WHY_FAST_REXMIT] = "fast-rexmit", [TRACE_WHY_TLP] = "tlp",
    [TRACE_WHY_KEEPALIVE] = "keepalive", [TRACE_WHY_WINDOW_PROBE] = "window-probe",
    [TRACE_WHY_CHALLENGE_ACK] = "challenge-ack", [TRACE_WHY_RESET] = "reset",
    [TRACE_WHY_REPLY_RST] = "reply-rst",
  };
  return why < TRACE_WHY_COUNT ? names[why] : "none";
}

gboolean
trace_segment_is_retransmission (const TcpSegment *seg)
{
  return seg->tag.retransmit && tcp_segment_seqlen (seg) > 0;
}

const char *
trace_timer_name (TraceTimer timer)
{
  static const char *const names[TRACE_TIMER_COUNT] = {
    [TRACE_TIMER_REXMIT] = "rexmit", [TRACE_TIMER_TLP] = "tlp",
    [TRACE_TIMER_DELACK] = "delack", [TRACE_TIMER_TIME_WAIT] = "time-wait",
    [TRACE_TIMER_FIN_WAIT_2] = "fin-wait-2", [TRACE_TIMER_KEEPALIVE] = "keepalive",
    [TRACE_TIMER_PERSIST] = "persist",
  };
  return timer < TRACE_TIMER_COUNT ? names[timer] : "?";
}

const char *
trace_call_name (TraceCall call)
{
  static const char *const names[TRACE_CALL_COUNT] = {
    [TRACE_CALL_LISTEN] = "listen", [TRACE_CALL_CONNECT] = "connect",
    [TRACE_CALL_SEND] = "send", [TRACE_CALL_SHUTDOWN] = "shutdown",
    [TRACE_CALL_CLOSE] = "close", [TRACE_CALL_ABORT] = "abort",
    [TRACE_CALL_ACCEPT] = "accept", [TRACE_CALL_CRASH] = "crash",
    [TRACE_CALL_RESTART] = "restart", [TRACE_CALL_SETSOCKOPT] = "setsockopt",
    [TRACE_CALL_STOP_READING] = "stop-reading", [TRACE_CALL_READ] = "read",
    [TRACE_CALL_SOCKET] = "socket call",
  };
  return call < TRACE_CALL_COUNT ? names[call] : "?";
}

static void
word_fire (GString *s, const TraceEvent *ev)
{
  const char *what = ev->syn ? "SYN" : "SYN-ACK";
  char span[32];
  switch (ev->fire)
    {
    case TRACE_FIRE_SYN_RETRY:
      g_string_append_printf (s, "rexmit %s #%u", what, ev->count);
      break;
    case TRACE_FIRE_SYN_GIVEUP_COUNT:
      g_string_append_printf (s, "rexmit: give up after %u %s retransmissions", ev->count, what);
      break;
    case TRACE_FIRE_SYN_GIVEUP_TIME:
      sim_time_format_short (ev->span, span, sizeof span);
      g_string_append_printf (s, "rexmit: give up, %s not answered within %s", what, span);
      break;
    case TRACE_FIRE_RTO:
      sim_time_format_short (ev->span, span, sizeof span);
      g_string_append_printf (s, "rexmit #%u, next RTO %s", ev->count, span);
      break;
    case TRACE_FIRE_RTO_GIVEUP:
      g_string_append_printf (s, "rexmit: give up after %u retransmissions", ev->count);
      break;
    case TRACE_FIRE_TLP:
      g_string_append (s, "tail loss probe");
      break;
    case TRACE_FIRE_DELACK:
      g_string_append (s, "delayed ACK");
      break;
    case TRACE_FIRE_TIME_WAIT:
      g_string_append (s, "TIME-WAIT expired");
      break;
    case TRACE_FIRE_FIN_WAIT_2:
      g_string_append (s, "FIN-WAIT-2 timeout");
      break;
    case TRACE_FIRE_KEEPALIVE_PROBE:
      g_string_append_printf (s, "keepalive probe #%u", ev->count);
      break;
    case TRACE_FIRE_KEEPALIVE_GIVEUP:
      g_string_append_printf (s, "keepalive: no answer to %u probes", ev->count);
      break;
    case TRACE_FIRE_USER_TIMEOUT:
      sim_time_format_short (ev->span, span, sizeof span);
      g_string_append_printf (s, "rexmit: user timeout %s reached after %u retransmissions", span,
                              ev->count);
      break;
    case TRACE_FIRE_PERSIST_PROBE:
      sim_time_format_short (ev->span, span, sizeof span);
      g_string_append_printf (s, "zero-window probe #%u, next in %s", ev->count, span);
      break;
    case TRACE_FIRE_PERSIST_GIVEUP:
      g_string_append_printf (s, "zero-window probe: no answer to %u probes", ev->count);
      break;
    case TRACE_FIRE_COUNT:
      break;
    }
}

static void
word_note (GString *s, const TraceEvent *ev)
{
  static const char *const fixed[TRACE_NOTE_COUNT] = {
    [TRACE_NOTE_OOO_FULL] = "out-of-order queue full: highest range dropped",
    [TRACE_NOTE_TIME_WAIT_REOPENED] = "TIME-WAIT ended by a new SYN",
    [TRACE_NOTE_DUP_SYN_LIMITED] = "SYN-ACK for a duplicate SYN rate limited",
    [TRACE_NOTE_CHALLENGE_ACK_LIMITED] = "challenge ACK rate limited",
    [TRACE_NOTE_ACCEPTQ_FULL_IGNORED] = "accept queue full: final ACK ignored",
    [TRACE_NOTE_ACCEPTQ_FULL_RESET] = "accept queue full: reset",
    [TRACE_NOTE_SYNQ_EVICTED] = "evicted from a full SYN queue",
    [TRACE_NOTE_DUP_SYN_GIVEUP] = "duplicate SYN, no SYN-ACK retry left: request given up",
  };
  if (ev->note == TRACE_NOTE_FAST_REXMIT)
    g_string_append_printf (s, "fast retransmit after %u duplicate ACKs", ev->count);
  else if (ev->note < TRACE_NOTE_COUNT)
    g_string_append (s, fixed[ev->note]);
}

static void
word_call (GString *s, const TraceEvent *ev)
{
  if (ev->call == TRACE_CALL_SOCKET)
    {
      /* "read(4, 1000) = 1000", "connect(3, …) = -1 EINPROGRESS". */
      g_string_append_printf (s, "%s = %" G_GINT64_FORMAT, ev->label, ev->result);
      if (ev->result < 0 && ev->name != NULL)
        g_string_append_printf (s, " %s", ev->name);
      return;
    }
  g_string_append (s, trace_call_name (ev->call));
  if (ev->label != NULL)
    {
      /* A call on a connection the scenario names, where it has no socket. */
      g_string_append_printf (s, " %s: %s", ev->label, ev->name ? ev->name : "");
      return;
    }
  switch (ev->call)
    {
    case TRACE_CALL_LISTEN:
      g_string_append_printf (s, " %u", ev->port);
      break;
    case TRACE_CALL_ACCEPT:
      g_string_append_printf (s, " %u", ev->port);
      if (ev->conn == 0)
        {
          g_string_append (s, ": nothing queued");
          return;
        }
      break;
    case TRACE_CALL_CONNECT:
      {
        char dst[16];
        net_addr_str (ev->addr, dst);
        g_string_append_printf (s, " %s:%u", dst, ev->port);
        if (ev->lport != 0)
          g_string_append_printf (s, " from port %u", ev->lport);
      }
      break;
    case TRACE_CALL_SEND:
      g_string_append_printf (s, " %u", ev->count);
      break;
    case TRACE_CALL_CRASH:
      g_string_append_printf (s, ": %u connections, %u listeners lost", ev->count, ev->count2);
      return;
    case TRACE_CALL_RESTART:
      g_string_append_printf (s, " (boot %u)", ev->count);
      return;
    case TRACE_CALL_SETSOCKOPT:
      {
        char v[32];
        sim_time_format_short (ev->span, v, sizeof v);
        g_string_append_printf (s, " user_timeout %s", ev->span == 0 ? "0" : v);
      }
      break;
    case TRACE_CALL_READ:
      g_string_append_printf (s, ": %u bytes were waiting", ev->count);
      break;
    default:
      break;
    }
  if (ev->error != 0 && ev->name != NULL)
    g_string_append_printf (s, ": %s", ev->name);
}

void
trace_words_detail (GString *s, const TraceEvent *ev)
{
  switch (ev->kind)
    {
    case TRACE_DROP:
      {
        static const char *const reasons[] = {
          [TRACE_DROP_LOSS] = "loss", [TRACE_DROP_FAULT] = "fault", [TRACE_DROP_QUEUE] = "queue",
        };
        g_string_append (s, reasons[ev->drop]);
      }
      break;
    case TRACE_RECV:
      if (ev->arrival == TRACE_ARRIVAL_LATE)
        g_string_append (s, "late");
      else if (ev->arrival == TRACE_ARRIVAL_DUP)
        g_string_append (s, "dup");
      break;
    case TRACE_STATE:
    case TRACE_ERROR:
    case TRACE_OUTCOME:
      if (ev->name != NULL)
        g_string_append (s, ev->name);
      break;
    case TRACE_TIMER:
      word_fire (s, ev);
      break;
    case TRACE_NOTE:
      word_note (s, ev);
      break;
    case TRACE_CALL:
      word_call (s, ev);
      break;
    case TRACE_TIMER_ARM:
    case TRACE_TIMER_CANCEL:
      g_string_append (s, trace_timer_name (ev->timer));
      break;
    case TRACE_SEND:
    case TRACE_KIND_COUNT:
      break;
    }
}
