/* TCP endpoints: the transmission control block (TcpConn), listeners, and
 * the per-host stack that owns them; the user calls of RFC 9293 §3.10.1-5
 * and the callbacks through which applications learn what happened.
 *
 * Lifetime: tcp_connect() and an accepted connection hand the user one
 * reference (drop it with tcp_conn_unref()).  The stack keeps its own while
 * the connection is not CLOSED.  After the `closed` callback the connection
 * is inert: every call on it is refused. */
#ifndef TCPSIM_TCP_H
#define TCPSIM_TCP_H

#include <glib.h>

#include "net/host.h"
#include "net/segment.h"
#include "sim/rng.h"
#include "sim/sched.h"
#include "tcp/tcp_profile.h"
#include "trace/trace.h"

/* RFC 9293 §3.3.2 (figure 5). */
typedef enum
{
  TCP_STATE_CLOSED,
  TCP_STATE_LISTEN,
  TCP_STATE_SYN_SENT,
  TCP_STATE_SYN_RECEIVED,
  TCP_STATE_ESTABLISHED,
  TCP_STATE_FIN_WAIT_1,
  TCP_STATE_FIN_WAIT_2,
  TCP_STATE_CLOSE_WAIT,
  TCP_STATE_CLOSING,
  TCP_STATE_LAST_ACK,
  TCP_STATE_TIME_WAIT,
  TCP_STATE_COUNT
} TcpState;

typedef enum
{
  TCP_OK = 0,
  TCP_ETIMEDOUT,
  TCP_ECONNREFUSED,
  TCP_ECONNRESET,
  TCP_EADDRNOTAVAIL,
  TCP_EADDRINUSE,
  TCP_ENOTCONN,
  TCP_EPIPE,
  TCP_ENOROUTE,
  TCP_ERROR_COUNT
} TcpError;

/* Opaque: their insides are tcp/'s (tcp_priv.h).  Callers use the calls
 * and read-only accessors below. */
typedef struct TcpConn TcpConn;
typedef struct TcpListener TcpListener;
typedef struct TcpStack TcpStack;
typedef struct TcpIds TcpIds;

/* What an application hears about one connection.  Every member may be
 * NULL.  Callbacks run inside the simulation; they may make user calls on
 * any connection, including this one. */
typedef struct
{
  void (*established) (gpointer ctx, TcpConn *conn);
  void (*received) (gpointer ctx, TcpConn *conn, guint32 bytes);
  void (*eof) (gpointer ctx, TcpConn *conn);
  void (*error) (gpointer ctx, TcpConn *conn, TcpError err);
  void (*closed) (gpointer ctx, TcpConn *conn);
} TcpUserOps;

/* A listener's application: told of each connection that completes the
 * handshake (it then owns one reference and sets the connection's user).
 * With auto-accept off (tcp_listener_set_auto_accept()) it is not called:
 * connections wait in the accept queue until tcp_accept(). */
typedef void (*TcpAcceptFn) (gpointer ctx, TcpListener *listener, TcpConn *conn);

/* What a listener saw, for expectations and statistics. */
typedef struct
{
  guint64 syns;               /* SYNs that reached the listener */
  guint64 syn_dropped;        /* SYNs dropped at arrival (a queue was full) */
  guint64 syn_refused;        /* SYNs answered with RST (accept queue full) */
  guint64 syncookies_sent;    /* stateless SYN-ACKs */
  guint64 syncookies_ok;      /* connections rebuilt from a valid cookie */
  guint64 syncookies_failed;  /* ACKs whose cookie did not validate */
  guint64 embryonic_evicted;  /* SYN-RECEIVED connections evicted for a new SYN */
  guint64 accept_overflows;   /* final ACKs that found the accept queue full */
  guint64 established;        /* connections that entered the accept queue */
  guint64 accepted;           /* connections handed to the application */
} TcpListenerStats;

/* Connection ids: one space shared by the stacks of a run, so that both
 * ends of a connection carry the same id in traces (the passive end takes
 * the id of the active open whose 4-tuple it answers; a passive open that
 * answers no known active open gets a new one).  Ids start at 1. */
TcpIds *tcp_ids_new (void);
void tcp_ids_free (TcpIds *ids);
/* Forgets every id given, so that the next is 1 again (another run of the
 * same world); keeps the table's storage. */
void tcp_ids_reset (TcpIds *ids);
/* The id that the next new connection of this space will get. */
guint64 tcp_ids_next (const TcpIds *ids);

/* The stack of one host; installs itself as the host's HostOps.  The
 * ISN secret comes from the random stream "isn/HOST". */
TcpStack *tcp_stack_new (Sim *sim, const TraceBus *trace, TcpIds *ids, Host *host,
                         const TcpProfile *profile, guint64 seed);
void tcp_stack_free (TcpStack *stack);
/* Another run of the same world: the stack as tcp_stack_new() made it,
 * booted with seed's secrets (boot 0: ISN and SYN cookie keys, ephemeral
 * port offset), with no connection, no listener and nothing awaiting
 * release; the profile and a fixed ISN stay.  The stack drops its holds
 * quietly, as tcp_stack_free() does: no segment, no callback, no trace
 * event.  Connections an application still holds stay valid but inert
 * (unbound, their user cleared, timers stopped) until it drops them.
 * The host is left for host_reset() (listeners are not unbound there). */
void tcp_stack_reset (TcpStack *stack, guint64 seed);
/* The phase of the stack's jiffies clock for the `wheel` timer model:
 * the host's uptime at time 0 (sim/timerwheel.h).  Drawn at boot from the
 * stream "jiffies/HOST" unless fixed here; a fixed phase stays across
 * tcp_stack_reset() and restarts. */
void tcp_stack_set_jiffies_phase (TcpStack *stack, SimTime phase);
SimTime tcp_stack_jiffies_phase (const TcpStack *stack);
/* A fixed ISN for every connection of this stack (a scenario's `isn N`),
 * instead of RFC 6528's clock and hash. */
void tcp_stack_set_isn (TcpStack *stack, guint32 isn);
Host *tcp_stack_host (const TcpStack *stack);
Sim *tcp_stack_sim (const TcpStack *stack);
/* How many of the stack's connections are in state now. */
guint64 tcp_stack_count_in_state (const TcpStack *stack, TcpState state);
const TcpProfile *tcp_stack_profile (const TcpStack *stack);

/* Host crash (DESIGN: a host loses all connection state).  Every
 * connection and listener disappears at once, silently: no segment is
 * sent, and the host's own applications hear nothing more (no error, no
 * closed callback: they are gone with the host).  Their references stay
 * valid (connections are CLOSED and inert, listeners dead) and are dropped
 * as usual.  The host is marked down: it drops whatever arrives and sends
 * nothing.  A peer discovers the half-open connection through its next
 * segment, answered after the restart with a reset (RFC 9293 §3.5.1). */
void tcp_stack_crash (TcpStack *stack);
/* Brings a crashed host back: it answers again (with resets, as CLOSED),
 * with a fresh ISN secret (RFC 6528: a reboot draws a new key; the clock
 * goes on) and a fresh ephemeral port offset.  Listeners must be created
 * again by whoever runs the host's applications. */
void tcp_stack_restart (TcpStack *stack);

/* User calls (RFC 9293 §3.10.1-5).  Each emits a TRACE_CALL event. */
TcpListener *tcp_listen (TcpStack *stack, guint16 port, guint backlog,
                         TcpAcceptFn accept, gpointer ctx, TcpError *err);
TcpConn *tcp_connect (TcpStack *stack, guint32 raddr, guint16 rport,
                      const TcpUserOps *user, gpointer ctx, TcpError *err);
/* The same from a chosen local port (0 = an ephemeral one), as bind()
 * before connect(): needed for a simultaneous open (RFC 9293 §3.5 figure
 * 8).  EADDRINUSE if that 4-tuple is in use. */
TcpConn *tcp_connect_from (TcpStack *stack, guint16 lport, guint32 raddr, guint16 rport,
                           const TcpUserOps *user, gpointer ctx, TcpError *err);
TcpError tcp_send (TcpConn *conn, guint32 bytes);
TcpError tcp_shutdown (TcpConn *conn);
TcpError tcp_close (TcpConn *conn);
TcpError tcp_abort (TcpConn *conn);
/* close() with received data that the application never read: traced as
 * a close, but the connection is reset, as Linux does (RFC 2525 §2.17;
 * the profile's close_unread_rst says whether a stack does). */
TcpError tcp_close_discarding (TcpConn *conn);
/* Closes a listener: no more SYNs are taken (they are answered as for a
 * closed port), connections waiting in its accept queue are reset and
 * half-open ones forgotten.  The listener stays allocated (with the
 * stack) but inert. */
void tcp_listener_close (TcpListener *l);

void tcp_conn_set_user (TcpConn *conn, const TcpUserOps *user, gpointer ctx);

/* Whether the application reads data as it arrives (the default).  Off:
 * received data stays in the receive buffer (profile rcvbuf), the window
 * shrinks to zero and the `received` and `eof` callbacks wait.  On again:
 * the application reads everything buffered (one `received` call, then
 * `eof` if the FIN came), and a window update goes out when the window
 * grew by min(rcvbuf/2, MSS) (RFC 9293 §3.8.6.2.2). */
void tcp_set_reading (TcpConn *conn, gboolean on);

/* SO_KEEPALIVE: probes after the profile's idle time, one each interval;
 * when that many go unanswered the connection is reset with ETIMEDOUT
 * (RFC 1122 §4.2.3.6, RFC 9293 §3.8.4).  The default is the profile's
 * keepalive_default (the listener's setting for a passive open). */
void tcp_conn_set_keepalive (TcpConn *conn, gboolean on);

/* TCP_USER_TIMEOUT (RFC 5482; Linux tcp_write_timeout semantics): once a
 * retransmission has been made, the connection gives up with ETIMEDOUT
 * when its oldest unacknowledged segment has waited `timeout` (counted
 * from the first SYN of an active open, from the first retransmission of
 * data or FIN), whatever the retry count of the profile; with keepalive
 * on, a silent peer is given up once a probe is out and the idle time
 * reaches `timeout`, whatever keepalive_probes says; 0 turns it off.
 * A passive open in SYN-RECEIVED is not bound by it (Linux: its request
 * has no socket yet).  The default is the profile's user_timeout.  Emits
 * a TRACE_CALL event (TRACE_CALL_SETSOCKOPT). */
TcpError tcp_conn_set_user_timeout (TcpConn *conn, SimTime timeout);

/* Lazy accept: with auto-accept off, connections that complete the
 * handshake wait in the listener's accept queue (bounded by the backlog,
 * overflowing as the profile says) until the application takes them.
 * tcp_accept() returns the oldest (the caller owns one reference and sets
 * its user), or NULL when the queue is empty. */
void tcp_listener_set_auto_accept (TcpListener *l, gboolean on);
TcpConn *tcp_accept (TcpListener *l);
guint tcp_listener_queued (const TcpListener *l);
void tcp_listener_set_keepalive (TcpListener *l, gboolean on);
const TcpListenerStats *tcp_listener_stats (const TcpListener *l);
TcpStack *tcp_listener_stack (const TcpListener *l);
TcpConn *tcp_conn_ref (TcpConn *conn);
void tcp_conn_unref (TcpConn *conn);

/* Read-only accessors. */
guint64 tcp_conn_id (const TcpConn *conn);
TcpState tcp_conn_state (const TcpConn *conn);
TcpStack *tcp_conn_stack (const TcpConn *conn);
guint64 tcp_conn_bytes_received (const TcpConn *conn);
/* The initial send sequence number, and the remote port. */
guint32 tcp_conn_iss (const TcpConn *conn);
guint16 tcp_conn_remote_port (const TcpConn *conn);
/* The effective send MSS (the peer's option, at most ours). */
guint16 tcp_conn_mss (const TcpConn *conn);
guint16 tcp_conn_local_port (const TcpConn *conn);

const char *tcp_state_name (TcpState state);   /* RFC spelling: "SYN-SENT" */
gboolean tcp_state_parse (const char *text, TcpState *out); /* SYN_SENT, syn-sent, … */
const char *tcp_error_name (TcpError err);     /* "ETIMEDOUT" */
gboolean tcp_error_parse (const char *text, TcpError *out);

#endif
