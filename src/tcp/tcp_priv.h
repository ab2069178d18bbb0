/* Internals shared by the files of tcp/: the transmission control block,
 * listeners and stacks, and the calls between input, output, timers,
 * state, listeners and congestion control.  Only src/tcp/ includes this
 * (tests/layers.sh keeps it so); white-box unit tests may too. */
#ifndef TCPSIM_TCP_PRIV_H
#define TCPSIM_TCP_PRIV_H

#include "tcp/tcp.h"

/* The random streams a stack draws at boot: ISN secret, cookie secret,
 * ephemeral port offset, jiffies phase (tcp_stack.c). */
#define TCP_BOOT_STREAMS 4

/* A stretch of sequence space, [start, end) modulo 2^32. */
typedef struct
{
  guint32 start, end;
} TcpSeqRange;

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
  SimTime user_timeout; /* TCP_USER_TIMEOUT (RFC 5482), 0 = none */
  /* Linux's estimator for the kernel model (tcp_timer.c), in its integer
   * microseconds: srtt << 3, mdev (4·RTTVAR), its maximum over the
   * current RTT, the variance term of the RTO, and the RTT's end. */
  gint64 lx_srtt8, lx_mdev, lx_mdev_max, lx_rttvar;
  guint32 lx_rtt_seq;

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
  /* Its places in the listener's queues (embryonic, acceptq), so that
   * leaving one is O(1): data is the connection while queued, else NULL. */
  GList synq_link, acceptq_link;

  SimTimer rexmit_timer;
  SimTimer delack_timer;
  SimTimer wait_timer;  /* TIME-WAIT and FIN-WAIT-2 */
  SimTimer keep_timer;  /* keepalive */

  const TcpUserOps *user;
  gpointer user_ctx;

  guint64 bytes_received;

  /* Receive buffer (tcp_rcvbuf.c): bytes in order the application has
   * not read, and the right edge of the window last advertised
   * (RCV.NXT + RCV.WND, RFC 9293 §3.8.6.2.2), which never moves left. */
  guint32 rcv_buffered;
  guint32 rcv_adv;
  gboolean rcv_adv_set;  /* a window has been advertised after the SYN */
  gboolean not_reading;  /* the application stopped reading */
  gboolean eof_pending;  /* the peer's FIN arrived while it was not reading */

  /* Persist timer (tcp_persist.c, RFC 9293 §3.8.6.1). */
  SimTimer persist_timer;
  guint persist_probes;  /* probes sent since the window closed */
  guint persist_unanswered; /* probes since the peer last sent anything */
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

typedef struct TcpTimeWait TcpTimeWait;

struct TcpStack
{
  Sim *sim;
  const TraceBus *trace;
  TcpIds *ids;          /* shared with the other stacks of the run */
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
  guint64 boot0_hash[TCP_BOOT_STREAMS]; /* boot 0's stream names, hashed */
  guint64 cookie_secret[2];
  guint64 resets_sent;  /* replies to segments no connection took */
  SimTime jiffies_phase; /* the wheel's clock: uptime at time 0 (sim/timerwheel.h) */
  gboolean jiffies_phase_fixed;
  GPtrArray *tw_chunks; /* storage of TIME-WAIT records (tcp_timewait.c) */
  TcpTimeWait *tw_free; /* records not in use */
};


/* tcp_stack.c: the ephemeral port range of the stack's profile, made
 * safe (no port 0); FALSE when it is empty. */
gboolean tcp_stack_port_range (const TcpStack *stack, guint16 *lo, guint16 *hi);

/* tcp_state.c */
void tcp_set_state (TcpConn *conn, TcpState state);
/* Moves conn to CLOSED, reporting err (TCP_OK for a normal end) to the
 * user first. */
void tcp_conn_terminate (TcpConn *conn, TcpError err);

/* tcp_stack.c */
TcpConn *tcp_conn_new (TcpStack *stack, guint32 raddr, guint16 rport, guint16 lport);
void tcp_conn_bind (TcpConn *conn);
void tcp_conn_take_syn_options (TcpConn *conn, const TcpSegment *seg);
void tcp_conn_input (gpointer endpoint, const TcpSegment *seg);

/* tcp_ids.c */
/* A new id for an active open. */
guint64 tcp_ids_active (TcpIds *ids);
/* The id of the active open whose SYN (or cookie ACK) seg is, from its
 * tag; a new one for a segment no connection sent. */
guint64 tcp_ids_passive (TcpIds *ids, const TcpSegment *seg);

/* tcp_isn.c (RFC 6528) */
guint32 tcp_isn (TcpStack *stack, const TcpConn *conn);
/* The keyed mixing function of the ISN and SYN cookie hashes. */
guint64 tcp_mix64 (guint64 z);
/* A passive open's timestamp offset for the ISN iss. */
guint32 tcp_ts_offset_for (const TcpStack *stack, guint32 iss);

/* tcp_trace.c: typed trace events (trace/trace.h).  Each checks
 * trace_on() first. */
/* Fills in time, host and connection (conn may be NULL) and emits ev. */
void tcp_trace_emit (TcpStack *stack, const TcpConn *conn, TraceEvent *ev);
void tcp_trace_fire (TcpConn *conn, TraceFire fire, guint count, SimTime span);
void tcp_trace_note (TcpConn *conn, TraceNote note, guint count);
/* A call and its result (TCP_OK or an error). */
void tcp_trace_call (TcpStack *stack, TcpConn *conn, const TraceEvent *call, TcpError err);
void tcp_trace_error (TcpConn *conn, TcpError err);
void tcp_trace_outcome (TcpConn *conn, TcpError err);
void tcp_trace_timer_arm (TcpConn *conn, TraceTimer timer, SimTime deadline);
void tcp_trace_timer_cancel (TcpConn *conn, TraceTimer timer);

/* tcp_listen.c */
void tcp_listener_input (gpointer endpoint, const TcpSegment *seg);
/* A SYN-RECEIVED child of listener l for the SYN (or cookie ACK) seg,
 * queued as embryonic and bound. */
TcpConn *tcp_listener_child (TcpListener *l, const TcpSegment *seg);
/* Takes the oldest connection off the accept queue (NULL if empty). */
TcpConn *tcp_listener_acceptq_pop (TcpListener *l);
/* Whether the accept queue is at its capacity. */
gboolean tcp_listener_acceptq_full (const TcpListener *l);
/* The action on a final ACK that finds the accept queue full. */
TcpOverflowAction tcp_listener_ack_overflow_action (const TcpProfile *p);
/* Removes conn from its listener's SYN queue or accept queue (it stays
 * the listener's child until established or closed). */
void tcp_listener_unqueue (TcpConn *conn);
/* Whether conn's listener has room in its accept queue; if not, applies
 * the profile's overflow action to the final ACK seg and returns FALSE
 * (the caller must stop processing seg). */
gboolean tcp_listener_admit (TcpConn *conn, const TcpSegment *seg);
/* SYN-RECEIVED -> established for a passive open: the accept queue or
 * the application. */
void tcp_listener_established (TcpConn *conn);
/* A SYN (no ACK, no RST) that ends a TIME-WAIT connection whose SND.NXT
 * was tw_snd_nxt: a new passive open with a larger ISN. */
void tcp_listener_reopen (TcpListener *l, const TcpSegment *seg, guint32 tw_snd_nxt);

/* tcp_syncookie.c (RFC 4987 §3.6) */
/* A stateless SYN-ACK for syn whose ISN is the cookie. */
void tcp_syncookie_send (TcpListener *l, const TcpSegment *syn);
/* An ACK for no connection: if it carries a valid cookie, rebuilds the
 * connection and returns TRUE; FALSE when it is not a cookie ACK. */
gboolean tcp_syncookie_ack (TcpListener *l, const TcpSegment *seg);

/* tcp_timewait.c: the compact TIME-WAIT record.  The host's table holds
 * either a TcpConn * or a record, told apart by tcp_timewait_is(). */
/* The host's conn_input: a record answers for itself; a connection that
 * the segment left in TIME-WAIT, held by nobody, becomes a record. */
void tcp_endpoint_input (gpointer endpoint, const TcpSegment *seg);
gboolean tcp_timewait_is (gconstpointer endpoint);
/* Replaces conn, in TIME-WAIT and held only by the stack, by a record;
 * FALSE (and nothing done) when anything but the record's fields could
 * still matter. */
gboolean tcp_timewait_adopt (TcpConn *conn);
/* Ends the record's connection as tcp_conn_terminate() (TCP_OK) ends a
 * connection in TIME-WAIT, with a control block rebuilt for it; returns
 * that block (CLOSED, the stack's until the reap). */
TcpConn *tcp_timewait_end (gpointer endpoint);
/* Forgets the record quietly (the end of a run). */
void tcp_timewait_discard (gpointer endpoint);
/* Frees the stack's record storage (every record is gone). */
void tcp_timewait_free_all (TcpStack *stack);
/* The record's connection id. */
guint64 tcp_timewait_id (gconstpointer endpoint);
gsize tcp_timewait_record_size (void);

/* tcp_reass.c: the out-of-order queue (RFC 9293 §3.10.7.4 seventh) */
/* Forgets the out-of-order queue and frees its memory. */
void tcp_ooo_clear (TcpConn *conn);
/* Holds [seq, seq + len), beyond RCV.NXT, and a FIN behind it if fin,
 * trimmed to the receive window. */
void tcp_ooo_hold (TcpConn *conn, guint32 seq, guint32 len, gboolean fin);
/* After in-order data: advances RCV.NXT over the held ranges it reaches.
 * Returns whether a held FIN is now in order. */
gboolean tcp_ooo_pull (TcpConn *conn);

/* tcp_output.c */
void tcp_output (TcpConn *conn);
/* Answers seg, which no connection takes or which a connection refuses,
 * with a reset (RFC 9293 §3.10.7.1, §3.10.7.3): nothing for a reset;
 * <SEQ=SEG.ACK><CTL=RST> if it has ACK; otherwise
 * <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. */
void tcp_send_reset_reply (TcpStack *stack, const TcpSegment *seg);
/* Hands a segment that no connection sends to the host (a SYN cookie's
 * SYN-ACK, a reset reply). */
void tcp_stack_output (TcpStack *stack, TcpSegment *seg);
void tcp_send_syn (TcpConn *conn, gboolean retransmit);
void tcp_send_ack (TcpConn *conn);
void tcp_send_rst (TcpConn *conn);
/* An ACK through the challenge-ACK limiter (RFC 5961 §7).  Returns FALSE
 * when the limiter suppressed it. */
gboolean tcp_send_challenge_ack (TcpConn *conn);
/* Whether the limiter lets one more rate-limited reply through now. */
gboolean tcp_ratelimit_ok (TcpConn *conn);
/* The tail loss probe (RFC 8985 §7.3): new data, or the last segment. */
void tcp_send_loss_probe (TcpConn *conn);
/* A keepalive probe: <SEQ=SND.UNA-1><ACK=RCV.NXT><CTL=ACK>, no data. */
void tcp_send_keepalive (TcpConn *conn);
/* A zero-window probe (tcp_persist.c): <SEQ=seq><CTL=flags>, len bytes. */
void tcp_send_window_probe (TcpConn *conn, guint32 seq, guint32 len, guint8 flags);
/* The ACK of a duplicate segment seg (RFC 9293 §3.10.7.4 first): with a
 * D-SACK block for its old part when the profile and SACK allow (RFC
 * 2883 §4). */
void tcp_send_dup_ack (TcpConn *conn, const TcpSegment *seg);
/* Schedules the ACK owed for received data or FIN: at once, or after the
 * delayed-ACK timeout (RFC 9293 §3.8.6.3). */
void tcp_ack_schedule (TcpConn *conn, gboolean at_once);
void tcp_retransmit_head (TcpConn *conn);
void tcp_retransmit_una (TcpConn *conn);

/* tcp_cc.c: congestion control (RFC 5681, RFC 6582), the only writer of
 * cwnd, ssthresh, dupacks, in_recovery and recover. */
/* The initial window (RFC 6928, from the profile) once the MSS is known. */
void tcp_cc_init (TcpConn *conn);
/* acked bytes of new data were acknowledged (SND.UNA already advanced). */
void tcp_cc_on_ack (TcpConn *conn, guint32 acked);
/* A duplicate ACK (RFC 5681 §2): counts it, and may retransmit at once
 * and enter fast recovery. */
void tcp_cc_on_dupack (TcpConn *conn);
/* The retransmission timer expired (call before retransmitting). */
void tcp_cc_on_rto (TcpConn *conn);

/* tcp_timer.c */
void tcp_timers_init (TcpConn *conn);
/* Our SYN is what the retransmission timer resends: an active open in
 * SYN-SENT, or a simultaneous open in SYN-RECEIVED (not a passive one,
 * which resends its SYN-ACK). */
gboolean tcp_sending_syn (const TcpConn *conn);
void tcp_timers_cancel (TcpConn *conn);
/* The same without trace events: the run is over and nobody listens. */
void tcp_timers_discard (TcpConn *conn);
/* Only this file arms and stops TCP timers, each traced
 * (TRACE_TIMER_ARM, TRACE_TIMER_CANCEL). */
void tcp_rexmit_arm (TcpConn *conn);
void tcp_rexmit_stop (TcpConn *conn);
void tcp_delack_arm (TcpConn *conn, SimTime after);
void tcp_delack_stop (TcpConn *conn);
void tcp_wait_stop (TcpConn *conn);
/* Replaces an armed RTO by a tail loss probe when the profile, the
 * connection and what is in flight allow one (RFC 8985 §7.2). */
void tcp_tlp_schedule (TcpConn *conn);
void tcp_keepalive_arm (TcpConn *conn, SimTime after);
void tcp_rtt_sample (TcpConn *conn, SimTime r);
void tcp_wait_arm (TcpConn *conn, SimTime after);

/* tcp_rcvbuf.c: the receive buffer and the window it leaves */
/* The window field of a segment about to go (not a SYN): the window the
 * buffer allows, never moving the advertised right edge left, scaled;
 * records the new right edge. */
guint16 tcp_rcvbuf_window_field (TcpConn *conn);
/* RCV.WND for the acceptability test: what was last advertised. */
guint32 tcp_rcv_window (const TcpConn *conn);
/* bytes came in order: they stay in the buffer unless the application
 * reads as data arrives. */
void tcp_rcvbuf_add (TcpConn *conn, guint32 bytes);
/* Whether the application reads data as it arrives. */
/* The receive buffer's size (the profile's, rounded up to the MSS where
 * the profile says) and its free space. */
guint32 tcp_rcvbuf_size (const TcpConn *conn);
/* When a timer of the stack armed now for the nominal instant `when`
 * fires: `when`, or later under the timer-wheel model (tcp_timer.c). */
SimTime tcp_stack_fire_time (const TcpStack *stack, SimTime when);
/* FreeBSD's TIME-WAIT rules (tcp_twcheck(), profile tw_bsd_check) for a
 * connection at RCV.NXT and SND.NXT: what to do with seg, as bits; 0
 * drops it.  PASS: the usual processing goes on (a SYN that may reopen). */
enum
{
  TCP_TW_BSD_PASS = 1 << 0,
  TCP_TW_BSD_REARM = 1 << 1, /* restart 2MSL */
  TCP_TW_BSD_ACK = 1 << 2,
};
guint tcp_tw_bsd_check (const TcpSegment *seg, guint32 rcv_nxt, guint32 snd_nxt);
/* A SYN+FIN segment the profile drops on arrival (drop_synfin). */
gboolean tcp_synfin_dropped (const TcpStack *stack, const TcpSegment *seg);
guint32 tcp_rcvbuf_free (const TcpConn *conn);
gboolean tcp_rcvbuf_reading (const TcpConn *conn);

/* tcp_persist.c: the zero-window probe (RFC 9293 §3.8.6.1, RFC 1122
 * §4.2.2.17) */
/* After output: arms the persist timer when data waits, the peer's window
 * is zero and nothing is in flight; stops it once the window opens. */
void tcp_persist_check (TcpConn *conn);
void tcp_persist_fired (Sim *sim, gpointer ctx);
/* tcp_timer.c */
void tcp_persist_arm (TcpConn *conn, SimTime after);
void tcp_persist_stop (TcpConn *conn);

static inline SimTime
tcp_now (const TcpConn *conn)
{
  return conn->stack->sim->now;
}

static inline const TcpProfile *
tcp_prof (const TcpConn *conn)
{
  return &conn->stack->profile;
}

#endif
