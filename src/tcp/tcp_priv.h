/* Internals shared by the files of tcp/: input, output, timers, state. */
#ifndef TCPSIM_TCP_PRIV_H
#define TCPSIM_TCP_PRIV_H

#include "tcp/tcp.h"

/* tcp_state.c */
void tcp_set_state (TcpConn *conn, TcpState state);
/* Moves conn to CLOSED, reporting err (TCP_OK for a normal end) to the
 * user first. */
void tcp_conn_terminate (TcpConn *conn, TcpError err);

/* tcp_stack.c */
TcpConn *tcp_conn_new (TcpStack *stack, guint32 raddr, guint16 rport, guint16 lport);
void tcp_conn_bind (TcpConn *conn);
void tcp_conn_take_syn_options (TcpConn *conn, const TcpSegment *seg);
guint32 tcp_isn (TcpStack *stack, const TcpConn *conn);
void tcp_trace_timer (TcpConn *conn, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
void tcp_trace_call (TcpStack *stack, TcpConn *conn, const char *fmt, ...) G_GNUC_PRINTF (3, 4);
void tcp_trace_error (TcpConn *conn, TcpError err);
void tcp_listener_input (gpointer endpoint, const TcpSegment *seg);
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
void tcp_conn_input (gpointer endpoint, const TcpSegment *seg);

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
void tcp_timers_cancel (TcpConn *conn);
void tcp_rexmit_arm (TcpConn *conn);
/* Replaces an armed RTO by a tail loss probe when the profile, the
 * connection and what is in flight allow one (RFC 8985 §7.2). */
void tcp_tlp_schedule (TcpConn *conn);
void tcp_keepalive_arm (TcpConn *conn, SimTime after);
void tcp_rtt_sample (TcpConn *conn, SimTime r);
void tcp_wait_arm (TcpConn *conn, SimTime after);

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
