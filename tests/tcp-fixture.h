/* A segment-in / segment-out fixture for the TCP state machine (in the
 * manner of smoltcp's socket tests and lwIP's test_tcp_state.c).
 *
 * One host, "local" (10.0.0.1), runs a TcpStack with fixed ISNs.  Its only
 * link leads to 10.0.0.2 with no delay and delivers nowhere: the "peer" is
 * the test itself, which injects segments with tf_inject() and reads what
 * the stack sent from a recording trace sink.  Time moves only when a test
 * says so (tf_run_until()), so every segment is asserted at its exact
 * simulated time, to the nanosecond.
 *
 * The builders drive a connection into a state through real segments and
 * assert each segment on the way, so every test starts with nothing left
 * to assert.  Sequence numbers after the handshake are the same for both
 * openings: we have sent ISS + 1 = TF_ISS + 1, the peer IRS + 1 =
 * TF_IRS + 1.  Each step of a builder happens one TF_RTT after the previous
 * one; the header of each builder says when it leaves the connection. */
#ifndef TCPSIM_TESTS_TCP_FIXTURE_H
#define TCPSIM_TESTS_TCP_FIXTURE_H

#include <glib.h>

#include "net/host.h"
#include "net/link.h"
#include "net/segment.h"
#include "sim/sched.h"
#include "sim/simtime.h"
#include "tcp/tcp.h"
/* White-box: the fixture builds and inspects connection blocks. */
#include "tcp/tcp_priv.h"
#include "trace/trace.h"

#define TF_LOCAL_ADDR 0x0a000001u /* 10.0.0.1 */
#define TF_PEER_ADDR 0x0a000002u  /* 10.0.0.2 */
#define TF_LOCAL_PORT 50000       /* our ephemeral port for active opens */
#define TF_SERVER_PORT 80         /* the peer's port (active), our listener (passive) */
#define TF_PEER_PORT 40000        /* the peer's port when it connects to us */
#define TF_ISS 1000u              /* our fixed ISN */
#define TF_IRS 5000u              /* the peer's ISN */
#define TF_PEER_WIN 65535         /* the peer's window field */
#define TF_PEER_WSCALE 7
#define TF_PEER_TS_BASE 700000u   /* the peer's TSval clock: this + now in ms */
#define TF_RTT (100 * SIM_MS)     /* the peer answers one RTT after we send */

/* Flag sets as segments carry them. */
#define TF_S (TCP_FLAG_SYN)
#define TF_SA (TCP_FLAG_SYN | TCP_FLAG_ACK)
#define TF_A (TCP_FLAG_ACK)
#define TF_PA (TCP_FLAG_PSH | TCP_FLAG_ACK)
#define TF_FA (TCP_FLAG_FIN | TCP_FLAG_ACK)
#define TF_R (TCP_FLAG_RST)
#define TF_RA (TCP_FLAG_RST | TCP_FLAG_ACK)

typedef struct
{
  SimTime at;
  TcpSegment seg;
} TfSent;

typedef struct
{
  SimTime at;
  guint64 conn;
  TcpState state, old_state;
} TfStateChange;

typedef struct
{
  SimTime at;
  guint64 conn;
  TcpError err;
} TfError;

typedef struct
{
  Sim sim;
  TraceBus trace;
  Host *host;
  Link link;           /* local -> 10.0.0.2, delay 0, delivers nowhere */
  TcpIds *ids;
  TcpStack *stack;
  SimTimer clock;      /* armed by tf_run_until() so that now reaches t */

  GArray *sent;        /* TfSent: every segment the stack sent */
  guint next_sent;     /* the first one no assert has consumed */
  GArray *states;      /* TfStateChange: every TRACE_STATE */
  GArray *trace_errors; /* TfError: every TRACE_ERROR */
  GArray *user_errors; /* TfError: every TcpUserOps.error call */
  guint established;   /* TcpUserOps.established calls */
  guint eofs;          /* TcpUserOps.eof calls */
  guint closed;        /* TcpUserOps.closed calls */
  guint64 received;    /* bytes reported by TcpUserOps.received */
  guint received_calls; /* TcpUserOps.received calls */
  guint accepted;      /* connections handed to the listener's application */

  TcpListener *listener;
  GPtrArray *conns;    /* the user's references, dropped at teardown */
  TcpConn *conn;       /* the latest of them */
  guint64 conn_id;     /* the connection under test: the latest one born */
  guint16 lport, rport; /* the 4-tuple of injected segments */

  gboolean peer_ts;    /* the peer sends timestamps (it offers what we offer) */
  guint32 last_ts_val; /* our latest TSval, which the peer echoes */
} TcpFixture;

/* GTest fixture functions: a linux-profile stack at time 0. */
void tf_setup (TcpFixture *f, gconstpointer data);
void tf_teardown (TcpFixture *f, gconstpointer data);

/* The stack's timers on the wheel (the fixture's default is exact
 * instants), with this jiffies phase. */
void tf_use_wheel (TcpFixture *f, SimTime phase);
/* Replaces the profile; only before anything has happened. */
void tf_use_profile (TcpFixture *f, const char *name);

/* Fires every event due up to t and leaves the clock at exactly t. */
void tf_run_until (TcpFixture *f, SimTime t);

/* The peer sends tmpl (a template with designated initialisers) now.
 * Filled in: addresses and ports from the fixture's 4-tuple; win, when 0,
 * with TF_PEER_WIN; and when the peer uses timestamps and the segment is
 * not a reset, TSval from the peer's clock and TSecr with our latest
 * TSval (0 in a SYN). */
void tf_inject (TcpFixture *f, const TcpSegment *tmpl);
/* The same with the window field as given, 0 included (tf_inject reads 0
 * as TF_PEER_WIN). */
void tf_inject_win (TcpFixture *f, const TcpSegment *tmpl);

/* The peer's SYN (seq TF_IRS, or what is given) with the options a Linux
 * peer sends: MSS 1460, window scale 7, SACK permitted, timestamps. */
TcpSegment tf_peer_syn (guint32 seq);
/* The peer's SYN-ACK for our SYN: seq TF_IRS, ack TF_ISS + 1, options as
 * in tf_peer_syn(). */
TcpSegment tf_peer_synack (void);

/* Application calls, asserting that they succeed. */
void tf_connect (TcpFixture *f);
void tf_listen (TcpFixture *f);
/* listen() with this backlog (0: the profile's). */
void tf_listen_backlog (TcpFixture *f, guint backlog);
/* accept() on the listener: the connection (now held by the user, with
 * the fixture's callbacks and under test), or NULL when none waits. */
TcpConn *tf_accept (TcpFixture *f);

/* The next segment no assert has consumed, without consuming it (to read
 * a value the test cannot know beforehand, like a SYN cookie); NULL when
 * there is none. */
const TcpSegment *tf_peek_sent (TcpFixture *f);

/* The state of the connection under test, from its last TRACE_STATE (and
 * checked against the connection itself while the user holds it). */
TcpState tf_state (TcpFixture *f);

/* Builders.  Each asserts every segment on the way, leaves none
 * unasserted, and notes where it leaves the clock. */
void tf_build_syn_sent (TcpFixture *f);        /* SYN at 0; now 0 */
void tf_build_established (TcpFixture *f);     /* SYN-ACK at 100 ms, ACK; now 100 ms */
void tf_build_listen (TcpFixture *f);          /* now 0 */
void tf_build_syn_received (TcpFixture *f);    /* SYN at 0, SYN-ACK; now 0 */
void tf_build_established_passive (TcpFixture *f); /* ACK at 100 ms; now 100 ms */
/* The closing builders start from an ESTABLISHED connection (building an
 * active one if there is none) and take one TF_RTT per step from now. */
void tf_build_fin_wait_1 (TcpFixture *f); /* close() at +100 ms: FIN */
void tf_build_fin_wait_2 (TcpFixture *f); /* FIN-WAIT-1; its ACK at +200 ms */
void tf_build_time_wait (TcpFixture *f);  /* FIN-WAIT-2; the peer's FIN at +300 ms: ACK */
void tf_build_closing (TcpFixture *f);    /* FIN-WAIT-1; the peer's FIN at +200 ms: ACK */
/* The peer's FIN at +100 ms; our delayed ACK (profile delack) later; now
 * at that ACK. */
void tf_build_close_wait (TcpFixture *f);
void tf_build_last_ack (TcpFixture *f);   /* CLOSE-WAIT; close() 100 ms later: FIN */

/* Asserts that the next unasserted segment is exactly this one, sent at
 * time at, and that the connection under test is then in state.  Returns
 * the segment for further checks. */
#define tf_assert_sent(f, at, flags, seq, ack, len, state)                                 \
  tf_check_sent ((f), __FILE__, __LINE__, G_STRFUNC, (at), (flags), (seq), (ack), (len), \
                 (state))
const TcpSegment *tf_check_sent (TcpFixture *f, const char *file, int line, const char *func,
                                 SimTime at, guint8 flags, guint32 seq, guint32 ack,
                                 guint32 len, TcpState state);

/* Asserts that every segment sent so far has been asserted. */
#define tf_assert_quiet(f) tf_check_quiet ((f), __FILE__, __LINE__, G_STRFUNC)
void tf_check_quiet (TcpFixture *f, const char *file, int line, const char *func);

#define tf_assert_state(f, state) \
  tf_check_state ((f), __FILE__, __LINE__, G_STRFUNC, (state))
void tf_check_state (TcpFixture *f, const char *file, int line, const char *func,
                     TcpState state);

/* Asserts that the connection under test entered state at time at and has
 * not left it. */
#define tf_assert_state_since(f, state, at) \
  tf_check_state_since ((f), __FILE__, __LINE__, G_STRFUNC, (state), (at))
void tf_check_state_since (TcpFixture *f, const char *file, int line, const char *func,
                           TcpState state, SimTime at);

/* Asserts that the connection under test went to CLOSED at time at and
 * reported err (TCP_OK: no error) through the TcpUserOps error callback
 * (when the user holds it) and the trace. */
#define tf_assert_closed(f, at, err) \
  tf_check_closed ((f), __FILE__, __LINE__, G_STRFUNC, (at), (err))
void tf_check_closed (TcpFixture *f, const char *file, int line, const char *func, SimTime at,
                      TcpError err);

#endif
