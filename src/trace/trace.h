/* The trace bus and its typed events.  The simulation core says what
 * happened, as values (which segment and why it was sent, which timer
 * fired and what it did, which call with which arguments and result); the
 * sinks (text log, TSV, pcap, timeline data, expectation checks) subscribe
 * and do the wording (trace_words.h).  Sinks never change what happens,
 * and an emitter checks trace_on() before doing any work to build an
 * event, so a run nobody traces pays nothing.
 *
 * Strings in an event (host names, state and error names) are static or
 * owned by the emitter, valid for the duration of the call. */
#ifndef TCPSIM_TRACE_H
#define TCPSIM_TRACE_H

#include <glib.h>

#include "net/segment.h"
#include "sim/simtime.h"

typedef enum
{
  TRACE_SEND,         /* a segment entered a link (host = sender, peer = receiver);
                         seg->tag says why it was sent */
  TRACE_RECV,         /* a segment left a link (host = receiver, peer = sender); arrival */
  TRACE_DROP,         /* a link lost a segment (host = sender); drop */
  TRACE_STATE,        /* a connection changed state; state, old_state, name */
  TRACE_TIMER,        /* a TCP timer fired; fire says which and what it did */
  TRACE_NOTE,         /* a protocol decision worth seeing that no timer made; note */
  TRACE_CALL,         /* an application call with its arguments and result; call */
  TRACE_ERROR,        /* a connection failed; error, name */
  TRACE_TIMER_ARM,    /* a TCP timer was armed; timer, deadline */
  TRACE_TIMER_CANCEL, /* an armed TCP timer was stopped before it fired; timer */
  TRACE_OUTCOME,      /* a connection ended (reached CLOSED); error (0: a normal end), name */
  TRACE_KIND_COUNT
} TraceKind;

/* Why a segment was sent (the tag's `why`). */
typedef enum
{
  TRACE_WHY_NONE,          /* not sent by TCP (a test's segment) */
  TRACE_WHY_SYN,           /* the first SYN or SYN-ACK of a connection */
  TRACE_WHY_SYN_RETRY,     /* a SYN or SYN-ACK sent again (timer, duplicate SYN) */
  TRACE_WHY_SYNCOOKIE,     /* a stateless SYN-ACK (RFC 4987 §3.6) */
  TRACE_WHY_DATA,          /* new data or FIN, as the windows allow (RFC 9293 §3.8.6) */
  TRACE_WHY_ACK,           /* an acknowledgement (RFC 9293 §3.8.6.3) */
  TRACE_WHY_RTO,           /* retransmission on timeout (RFC 6298 §5.4) */
  TRACE_WHY_FAST_REXMIT,   /* fast retransmit (RFC 5681 §3.2, RFC 6582) */
  TRACE_WHY_TLP,           /* tail loss probe (RFC 8985 §7.3) */
  TRACE_WHY_KEEPALIVE,     /* keepalive probe (RFC 1122 §4.2.3.6) */
  TRACE_WHY_WINDOW_PROBE,  /* zero-window probe (RFC 9293 §3.8.6.1) */
  TRACE_WHY_CHALLENGE_ACK, /* challenge ACK (RFC 5961 §3.2, §4.2, §5.2) */
  TRACE_WHY_RESET,         /* a reset of our own: abort, keepalive give-up */
  TRACE_WHY_REPLY_RST,     /* a reset answering a stray segment (RFC 9293 §3.10.7.1) */
  TRACE_WHY_COUNT
} TraceWhy;

/* Why a link dropped a segment. */
typedef enum
{
  TRACE_DROP_LOSS,  /* the random loss model */
  TRACE_DROP_FAULT, /* a scripted fault */
  TRACE_DROP_QUEUE, /* the queue before the transmitter was full */
} TraceDrop;

/* How a segment arrived. */
typedef enum
{
  TRACE_ARRIVAL_NORMAL,
  TRACE_ARRIVAL_LATE, /* held back (reordering, a delay fault) */
  TRACE_ARRIVAL_DUP,  /* a copy made by the link */
} TraceArrival;

/* TCP timers (TRACE_TIMER_ARM, TRACE_TIMER_CANCEL). */
typedef enum
{
  TRACE_TIMER_REXMIT,     /* retransmission (RFC 6298), SYN and SYN-ACK retries */
  TRACE_TIMER_TLP,        /* the tail loss probe on the retransmission timer */
  TRACE_TIMER_DELACK,     /* delayed ACK */
  TRACE_TIMER_TIME_WAIT,  /* 2·MSL */
  TRACE_TIMER_FIN_WAIT_2, /* FIN-WAIT-2 timeout of an orphan */
  TRACE_TIMER_KEEPALIVE,
  TRACE_TIMER_PERSIST,    /* zero-window probe (RFC 9293 §3.8.6.1) */
  TRACE_TIMER_COUNT
} TraceTimer;

/* What a timer did when it fired (TRACE_TIMER).  count and span say more
 * where the comment names them. */
typedef enum
{
  TRACE_FIRE_SYN_RETRY,         /* SYN (syn) or SYN-ACK sent again; count = retry number */
  TRACE_FIRE_SYN_GIVEUP_COUNT,  /* handshake abandoned after count retries */
  TRACE_FIRE_SYN_GIVEUP_TIME,   /* handshake abandoned: no answer within span */
  TRACE_FIRE_RTO,               /* data retransmitted; count = retry, span = next RTO */
  TRACE_FIRE_RTO_GIVEUP,        /* connection abandoned after count retransmissions */
  TRACE_FIRE_TLP,               /* tail loss probe sent */
  TRACE_FIRE_DELACK,            /* the delayed ACK sent */
  TRACE_FIRE_TIME_WAIT,         /* TIME-WAIT over */
  TRACE_FIRE_FIN_WAIT_2,        /* an orphan's FIN-WAIT-2 timed out */
  TRACE_FIRE_KEEPALIVE_PROBE,   /* probe number count sent */
  TRACE_FIRE_KEEPALIVE_GIVEUP,  /* count probes unanswered: reset */
  TRACE_FIRE_USER_TIMEOUT,      /* TCP_USER_TIMEOUT: abandoned after count retransmissions, the
                                   oldest segment unanswered for span */
  TRACE_FIRE_PERSIST_PROBE,     /* zero-window probe number count sent; span = next */
  TRACE_FIRE_PERSIST_GIVEUP,    /* count zero-window probes unanswered: ETIMEDOUT */
  TRACE_FIRE_COUNT
} TraceFire;

/* Protocol decisions that no timer made (TRACE_NOTE). */
typedef enum
{
  TRACE_NOTE_FAST_REXMIT,          /* after count duplicate ACKs */
  TRACE_NOTE_OOO_FULL,             /* the out-of-order queue dropped its highest range */
  TRACE_NOTE_TIME_WAIT_REOPENED,   /* a new SYN ended TIME-WAIT (RFC 1122 §4.2.2.13) */
  TRACE_NOTE_DUP_SYN_LIMITED,      /* no SYN-ACK for a duplicate SYN: rate limit */
  TRACE_NOTE_CHALLENGE_ACK_LIMITED,/* RFC 5961 §7 limiter suppressed a challenge ACK */
  TRACE_NOTE_ACCEPTQ_FULL_IGNORED, /* a final ACK found the accept queue full: ignored */
  TRACE_NOTE_ACCEPTQ_FULL_RESET,   /* … and the connection is reset */
  TRACE_NOTE_SYNQ_EVICTED,         /* evicted from a full SYN queue */
  TRACE_NOTE_DUP_SYN_GIVEUP,       /* a duplicate SYN found no SYN-ACK retry left (ns-3) */
  TRACE_NOTE_COUNT
} TraceNote;

/* Application calls (TRACE_CALL). */
typedef enum
{
  TRACE_CALL_LISTEN,   /* port */
  TRACE_CALL_CONNECT,  /* addr, port, lport (0: none was chosen) */
  TRACE_CALL_SEND,     /* count = bytes */
  TRACE_CALL_SHUTDOWN,
  TRACE_CALL_CLOSE,
  TRACE_CALL_ABORT,
  TRACE_CALL_ACCEPT,   /* port; conn 0: nothing was queued */
  TRACE_CALL_CRASH,    /* count = connections lost, count2 = listeners lost */
  TRACE_CALL_RESTART,  /* count = boot number */
  TRACE_CALL_SETSOCKOPT, /* TCP_USER_TIMEOUT; span = its value */
  TRACE_CALL_STOP_READING, /* received data stays in the buffer */
  TRACE_CALL_READ,     /* reading again: count = bytes that were waiting */
  TRACE_CALL_SOCKET,   /* a socket API call (app_socket.h): label = the call as
                          written ("read(4, 1000)"), result = what it returned,
                          error = an errno (AppErrno) when it returned -1, with
                          its name in name */
  TRACE_CALL_COUNT
} TraceCall;

typedef struct
{
  TraceKind kind;
  SimTime time;
  const char *host;
  const char *peer;      /* segments: the other end's host name */
  guint64 conn;          /* connection id, 0 when none */
  const TcpSegment *seg; /* SEND, RECV, DROP */
  union
  {
    TraceDrop drop;       /* DROP */
    TraceArrival arrival; /* RECV */
    TraceFire fire;       /* TIMER */
    TraceNote note;       /* NOTE */
    TraceCall call;       /* CALL */
    TraceTimer timer;     /* TIMER_ARM, TIMER_CANCEL */
  };
  int state, old_state;  /* STATE: TcpState values */
  int error;             /* ERROR, OUTCOME: TcpError value; CALL: the result (0: success) */
  const char *name;      /* STATE: the new state's name; ERROR, OUTCOME, CALL: the
                            error's name (NULL on success) */
  const char *label;     /* CALL: the scenario's name of the connection, for a
                            call made where it has no socket */
  gboolean syn;          /* TIMER: a SYN (TRUE) or a SYN-ACK handshake */
  guint count, count2;   /* see TraceFire, TraceNote, TraceCall */
  SimTime span;          /* TIMER: see TraceFire; TIMER_ARM: the deadline */
  guint32 addr;          /* CALL connect: the remote address */
  guint16 port, lport;   /* CALL: see TraceCall */
  gint64 result;         /* CALL socket: the value returned */
} TraceEvent;

typedef void (*TraceSinkFn) (gpointer ctx, const TraceEvent *ev);

/* A set of event kinds, one bit each. */
#define TRACE_KIND_BIT(k) (1u << (k))
#define TRACE_ALL_KINDS (TRACE_KIND_BIT (TRACE_KIND_COUNT) - 1)

typedef struct
{
  TraceSinkFn fn;
  gpointer ctx;
  guint32 kinds; /* the kinds it is called for */
} TraceSink;

typedef struct
{
  TraceSink *sinks;
  guint n;
  guint32 kinds; /* every sink's kinds together */
} TraceBus;

void trace_bus_init (TraceBus *bus);
void trace_bus_clear (TraceBus *bus);
/* A sink for every kind of event. */
void trace_bus_subscribe (TraceBus *bus, TraceSinkFn fn, gpointer ctx);
/* A sink for some kinds only (TRACE_KIND_BIT (TRACE_SEND) | …): events of
 * no subscriber's kinds are not even built (trace_wants). */
void trace_bus_subscribe_kinds (TraceBus *bus, TraceSinkFn fn, gpointer ctx, guint32 kinds);

static inline gboolean
trace_on (const TraceBus *bus)
{
  return bus != NULL && bus->n > 0;
}

/* Whether any sink takes events of this kind: emitters check it before
 * building one. */
static inline gboolean
trace_wants (const TraceBus *bus, TraceKind kind)
{
  return trace_on (bus) && (bus->kinds & TRACE_KIND_BIT (kind)) != 0;
}

void trace_emit (const TraceBus *bus, const TraceEvent *ev);

#endif
