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

typedef struct TcpConn TcpConn;
typedef struct TcpListener TcpListener;
typedef struct TcpStack TcpStack;

/* A stretch of sequence space, [start, end) modulo 2^32. */
typedef struct
{
  guint32 start, end;
} TcpSeqRange;

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

struct TcpConn
{
  TcpStack *stack;
  guint64 id;
  guint64 key; /* demultiplexing key at the host, while bound */
  gint refs;
  TcpState state;
  TcpListener *listener; /* passive opens: the listener until accepted */

  guint32 laddr, raddr;
  guint16 lport, rport;

  /* Send sequence space (RFC 9293 §3.3.1). */
  guint32 iss, snd_una, snd_nxt, snd_max;
  guint32 snd_wnd;
  guint32 snd_wl1, snd_wl2;
  guint32 snd_end;      /* sequence after the last byte the user queued */
  guint32 cwnd, ssthresh;
  /* Fast retransmit and NewReno fast recovery (RFC 5681 §3.2, RFC 6582). */
  guint dupacks;        /* duplicate ACKs in a row */
  gboolean in_recovery;
  guint32 recover;      /* SND.MAX when recovery (or the last RTO) began */
  guint16 mss;          /* effective send MSS */
  guint8 snd_wscale, rcv_wscale; /* 0 when scaling not in use */
  gboolean fin_queued;  /* the user closed the sending side */
  gboolean fin_sent;

  /* Receive sequence space. */
  guint32 irs, rcv_nxt;
  guint32 rcv_wnd;

  /* Out-of-order queue (RFC 9293 §3.10.7.4 seventh): what arrived beyond
   * RCV.NXT, as sequence ranges (payload bytes are not simulated), sorted,
   * disjoint and never adjacent, all inside the receive window; and a FIN
   * beyond them.  The array is allocated at the first hole and freed with
   * the connection (tcp_ooo_clear()). */
  TcpSeqRange *ooo;
  guint ooo_len, ooo_cap;
  gboolean ooo_fin;
  guint32 ooo_fin_seq;  /* the sequence number the held FIN occupies */

  /* Options in use on this connection. */
  gboolean ts_ok, sack_ok, ws_ok;
  guint32 ts_recent;
  guint32 ts_offset;

  /* Retransmission (RFC 6298). */
  SimTime srtt, rttvar, rto;
  gboolean have_rtt;
  guint32 rtt_seq;      /* Karn timing without timestamps */
  SimTime rtt_start;
  gboolean rtt_timing;
  guint retries;        /* consecutive timeouts of the current segment */
  gboolean handshake_retransmitted;
  SimTime first_tx;     /* first SYN or SYN-ACK: handshake time bounds */
  SimTime retrans_stamp; /* first retransmission of this episode (Linux) */
  SimTime rto_deadline; /* when the RTO is due, even while a probe is armed */

  /* Tail loss probe (RFC 8985 §7). */
  gboolean tlp_armed;   /* the retransmission timer is a probe */
  gboolean tlp_out;     /* a probe was sent and not yet resolved */
  guint32 tlp_high_seq;
  guint32 last_seg_seq; /* where the latest new segment started */

  /* Keepalive (RFC 1122 §4.2.3.6). */
  gboolean keepalive;
  guint keepalive_out;  /* probes sent without an answer */
  SimTime last_rcv;     /* when the latest segment arrived */

  /* Challenge-ACK limiter (RFC 5961 §7). */
  gboolean chack_started;
  SimTime chack_window_start;
  guint chack_count;
  guint64 challenge_acks;           /* sent */
  guint64 challenge_acks_limited;   /* suppressed by the limiter */

  /* Acknowledgement. */
  guint quickack_left;
  guint unacked_segs;   /* full-sized segments received but not ACKed */

  gboolean orphan;      /* the user closed and will not read again */
  gboolean user_closed; /* close() or abort() was called */
  gboolean passive;
  gboolean in_acceptq;  /* established, waiting for tcp_accept() */
  gboolean from_cookie; /* rebuilt from a SYN cookie */

  SimTimer rexmit_timer;
  SimTimer delack_timer;
  SimTimer wait_timer;  /* TIME-WAIT and FIN-WAIT-2 */
  SimTimer keep_timer;  /* keepalive */

  const TcpUserOps *user;
  gpointer user_ctx;

  guint64 bytes_received;
};

struct TcpListener
{
  TcpStack *stack;
  guint16 port;
  guint backlog;
  guint syn_queue;     /* connections in SYN-RECEIVED */
  guint syn_backlog;   /* capacity of the SYN queue */
  guint acceptq_max;   /* capacity of the accept queue */
  GQueue embryonic;    /* TcpConn * in SYN-RECEIVED, oldest first */
  GQueue acceptq;      /* TcpConn * established, not yet accepted */
  gboolean auto_accept;
  gboolean keepalive;  /* inherited by its connections */
  gboolean dead;       /* its host crashed: it listens no more */
  SimTime last_cookie; /* when the latest SYN cookie was sent */
  gboolean cookies_sent;
  TcpAcceptFn accept;
  gpointer accept_ctx;
  TcpListenerStats stats;
};

struct TcpStack
{
  Sim *sim;
  const TraceBus *trace;
  Host *host;
  TcpProfile profile;   /* a copy: scenarios may override values */
  guint64 isn_secret[2];
  guint32 isn_fixed;
  gboolean isn_is_fixed;
  guint16 next_port;
  GPtrArray *dead;      /* CLOSED connections awaiting release */
  SimTimer reap_timer;
  GPtrArray *listeners;
  guint64 conns_live;
  guint64 seed;
  guint boots;          /* restarts so far */
  guint64 cookie_secret[2];
};

/* The stack of one host; installs itself as the host's HostOps.  The
 * ISN secret comes from the random stream "isn/HOST". */
TcpStack *tcp_stack_new (Sim *sim, const TraceBus *trace, Host *host,
                         const TcpProfile *profile, guint64 seed);
void tcp_stack_free (TcpStack *stack);

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

void tcp_conn_set_user (TcpConn *conn, const TcpUserOps *user, gpointer ctx);

/* SO_KEEPALIVE: probes after the profile's idle time, one each interval;
 * when that many go unanswered the connection is reset with ETIMEDOUT
 * (RFC 1122 §4.2.3.6, RFC 9293 §3.8.4).  The default is the profile's
 * keepalive_default (the listener's setting for a passive open). */
void tcp_conn_set_keepalive (TcpConn *conn, gboolean on);

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
TcpConn *tcp_conn_ref (TcpConn *conn);
void tcp_conn_unref (TcpConn *conn);

const char *tcp_state_name (TcpState state);   /* RFC spelling: "SYN-SENT" */
gboolean tcp_state_parse (const char *text, TcpState *out); /* SYN_SENT, syn-sent, … */
const char *tcp_error_name (TcpError err);     /* "ETIMEDOUT" */
gboolean tcp_error_parse (const char *text, TcpError *out);

#endif
