/* SEGMENT ARRIVES for a connection: RFC 9293 §3.10.7.3 for SYN-SENT
 * (syn_sent_input), §3.10.7.4 for SYN-RECEIVED and the synchronized
 * states (synchronized_input).  The latter is a driver that calls one
 * function per step, in the RFC's order: step_check_sequence, step_rst,
 * step_security, step_syn, step_ack, step_urg, step_text, step_fin; each
 * says whether processing goes on.  What differs per state is inside the
 * step, in one function per state where there is more than a line (the
 * fifth step's ack_in_<state>()).  RFC 5961's challenge ACKs go through
 * the profile's limiter.  The seventh step sends the ACKs RFC 5681 §4.2
 * asks of out-of-order data; the queue itself is in tcp_reass.c,
 * congestion control in tcp_cc.c, listeners in tcp_stack.c
 * (§3.10.7.2). */
#include "tcp/tcp_priv.h"

static void
notify_established (TcpConn *conn)
{
  if (conn->user && conn->user->established)
    conn->user->established (conn->user_ctx, conn);
}

/* An RTT sample from the timestamp echo (RFC 7323 §4.1, usable for
 * retransmitted segments too) or, failing that, from the one timed
 * segment if it was never retransmitted (Karn, RFC 6298 §3). */
static void
rtt_from_ack (TcpConn *conn, const TcpSegment *seg)
{
  /* A kernel model (timers wheel) measures as Linux's
   * tcp_ack_update_rtt(): the segment's own send time, in microseconds,
   * when it was never retransmitted; the timestamp echo (milliseconds)
   * only otherwise. */
  if (tcp_prof (conn)->timers == TCP_TIMERS_WHEEL && conn->rtt_timing
      && seq_gt (seg->ack, conn->rtt_seq))
    {
      tcp_rtt_sample (conn, (tcp_now (conn) - conn->rtt_start) / SIM_US * SIM_US);
      conn->rtt_timing = FALSE;
      return;
    }
  if (conn->ts_ok && (seg->opts & TCP_OPT_TS) && seg->ts_ecr != 0)
    {
      SimTime now_ms = tcp_now (conn) / SIM_MS;
      guint32 sent_ms = seg->ts_ecr - conn->ts_offset;
      tcp_rtt_sample (conn, (now_ms - (SimTime) sent_ms) * SIM_MS);
      conn->rtt_timing = FALSE;
      return;
    }
  if (conn->rtt_timing && seq_gt (seg->ack, conn->rtt_seq))
    {
      tcp_rtt_sample (conn, tcp_now (conn) - conn->rtt_start);
      conn->rtt_timing = FALSE;
    }
}

/* The handshake is over for this end: RFC 6298 §5.7 says that if the SYN
 * or SYN-ACK was retransmitted and no RTT sample was taken, the RTO for
 * data starts at 3 s. */
static void
handshake_done (TcpConn *conn, const TcpSegment *seg)
{
  const TcpProfile *p = tcp_prof (conn);
  tcp_rexmit_stop (conn);
  /* Linux (tcp_synack_rtt_meas, tcp_ack_update_rtt) and ns-3
   * (EstimateRtt on the SYN-ACK) time the handshake; INET does not, and
   * its first data RTO is the initial one (profile rtt_from_handshake). */
  if (p->rtt_from_handshake)
    rtt_from_ack (conn, seg);
  else
    conn->rtt_timing = FALSE;
  conn->retries = 0;
  if (!conn->have_rtt)
    conn->rto = conn->handshake_retransmitted && p->rto_fallback > 0 ? p->rto_fallback
                                                                     : p->rto_initial;
  if (conn->keepalive)
    tcp_keepalive_arm (conn, p->keepalive_idle);
  /* The receive window stays what the SYN or SYN-ACK offered; with window
   * scaling it is sent as that value >> rcv_wscale (RFC 7323 §2.3). */
  conn->rcv_wnd = conn->passive ? tcp_prof (conn)->win_synack : tcp_prof (conn)->win_syn;
}

/* §3.10.7.3: SEGMENT ARRIVES in SYN-SENT. */
static void
syn_sent_input (TcpConn *conn, const TcpSegment *seg)
{
  gboolean has_ack = (seg->flags & TCP_FLAG_ACK) != 0;
  /* First, the ACK: it must acknowledge our SYN and nothing more. */
  if (has_ack && (seq_leq (seg->ack, conn->iss) || seq_gt (seg->ack, conn->snd_max)))
    {
      tcp_send_reset_reply (conn->stack, seg); /* <SEQ=SEG.ACK><CTL=RST> */
      return;
    }
  /* Second, RST: with an acceptable ACK the peer refused us. */
  if (seg->flags & TCP_FLAG_RST)
    {
      if (has_ack)
        tcp_conn_terminate (conn, TCP_ECONNREFUSED);
      return;
    }
  /* Fourth, SYN. */
  if (!(seg->flags & TCP_FLAG_SYN))
    return;
  conn->irs = seg->seq;
  conn->rcv_nxt = seg->seq + 1;
  tcp_conn_take_syn_options (conn, seg);
  if (has_ack)
    {
      conn->snd_una = seg->ack;
      handshake_done (conn, seg);
      tcp_set_state (conn, TCP_STATE_ESTABLISHED);
      /* <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, at once (Linux sends it before
       * any data the application writes in response).  Data queued in
       * SYN-SENT MAY ride on it (§3.10.7.3; BSD, INET): then the first
       * data segment is the ACK, and a bare one goes only if the window
       * lets nothing out. */
      guint32 nxt = conn->snd_nxt;
      if (tcp_prof (conn)->data_on_final_ack && seq_lt (conn->snd_nxt, conn->snd_end))
        tcp_output (conn);
      if (conn->snd_nxt == nxt)
        tcp_send_ack (conn);
      notify_established (conn);
      if (conn->state == TCP_STATE_ESTABLISHED || conn->state == TCP_STATE_FIN_WAIT_1)
        tcp_output (conn);
      return;
    }
  /* Simultaneous open (§3.5 figure 8): SYN-RECEIVED, and a SYN-ACK with
   * our own ISN again. */
  tcp_rexmit_stop (conn);
  tcp_set_state (conn, TCP_STATE_SYN_RECEIVED);
  tcp_send_syn (conn, TRUE);
  tcp_rexmit_arm (conn);
}

/* ---- SEGMENT ARRIVES in SYN-RECEIVED and the synchronized states ---------- */

/* Each step of §3.10.7.4 tells the driver whether the segment goes on to
 * the next step, or has been dealt with: dropped, answered, or its
 * connection is gone. */
typedef enum
{
  TCP_STEP_CONTINUE,
  TCP_STEP_STOP,
} TcpStep;

/* What the seventh step leaves for the eighth and for the end of
 * processing. */
typedef struct
{
  gboolean gap;      /* data was held out of order when the segment came */
  gboolean held_fin; /* the segment's data brought a held FIN in order */
  guint32 data;      /* bytes now in order, for the application */
  gboolean eof;      /* the eighth step took the peer's FIN */
} TcpArrival;

static gboolean
our_fin_acked (const TcpConn *conn)
{
  return conn->fin_queued && seq_gt (conn->snd_una, conn->snd_end);
}

static void
enter_time_wait (TcpConn *conn)
{
  tcp_rexmit_stop (conn);
  tcp_set_state (conn, TCP_STATE_TIME_WAIT);
  tcp_wait_arm (conn, tcp_prof (conn)->time_wait);
}

/* SYN-RECEIVED -> ESTABLISHED (§3.10.7.4 fifth): a passive open is handed
 * to its listener's application. */
static void
syn_received_acked (TcpConn *conn, const TcpSegment *seg)
{
  conn->snd_una = seg->ack;
  handshake_done (conn, seg);
  conn->snd_wnd = (guint32) seg->win << conn->snd_wscale;
  conn->snd_wl1 = seg->seq;
  conn->snd_wl2 = seg->ack;
  tcp_listener_unqueue (conn);
  tcp_set_state (conn, conn->fin_queued ? TCP_STATE_FIN_WAIT_1 : TCP_STATE_ESTABLISHED);
  tcp_listener_established (conn);
  notify_established (conn);
}

/* ---- first: check sequence number ------------------------------------------ */

/* A new SYN for a connection in TIME-WAIT may open a new incarnation if
 * its sequence number is above RCV.NXT (RFC 1122 §4.2.2.13) or its
 * timestamp is newer (RFC 6191 §2; Linux tcp_timewait_state_process).
 * Returns TCP_STEP_STOP when it did. */
static TcpStep
syn_in_time_wait (TcpConn *conn, const TcpSegment *seg)
{
  const TcpProfile *p = tcp_prof (conn);
  gboolean newer_ts = p->tw_reuse_ts && conn->ts_ok && (seg->opts & TCP_OPT_TS)
                      && (gint32) (conn->ts_recent - seg->ts_val) < 0;
  if (!((p->tw_reuse_syn && seq_gt (seg->seq, conn->rcv_nxt)) || newer_ts))
    return TCP_STEP_CONTINUE;
  Host *host = conn->stack->host;
  gpointer l = host_lookup_listener (host, conn->lport);
  if (l == NULL)
    return TCP_STEP_CONTINUE;
  guint32 tw_snd_nxt = conn->snd_max;
  tcp_trace_note (conn, TRACE_NOTE_TIME_WAIT_REOPENED, 0);
  tcp_conn_terminate (conn, TCP_OK);
  tcp_listener_reopen (l, seg, tw_snd_nxt);
  return TCP_STEP_STOP;
}

/* The peer's SYN again, in a passive SYN-RECEIVED: each profile answers
 * it its own way. */
static void
syn_in_syn_received (TcpConn *conn)
{
  const TcpProfile *p = tcp_prof (conn);
  switch (p->dup_syn)
    {
    case TCP_DUPSYN_ACK:
      /* RFC 793 §3.9: below RCV.NXT, the sequence check fails: ACK. */
      tcp_send_ack (conn);
      return;
    case TCP_DUPSYN_CHALLENGE_ACK:
      /* RFC 9293 §3.10.7.4 fourth, RFC 5961 §4.2. */
      tcp_send_challenge_ack (conn);
      return;
    case TCP_DUPSYN_IGNORE:
      return;
    case TCP_DUPSYN_RESEND_KEEP:
      /* ns-3 ProcessSynRcvd: SendEmptyPacket (SYN|ACK) takes one of the
       * SYN-ACK retries and leaves the timer that is running; with none
       * left it gives the request up instead (m_synCount == 0). */
      if (p->dup_syn_ratelimited && !tcp_ratelimit_ok (conn))
        return;
      if (conn->retries >= tcp_profile_synack_limit (p))
        {
          tcp_trace_note (conn, TRACE_NOTE_DUP_SYN_GIVEUP, 0);
          tcp_conn_terminate (conn, TCP_OK);
          return;
        }
      conn->retries++;
      tcp_send_syn (conn, TRUE);
      return;
    case TCP_DUPSYN_RESEND_SYNACK:
    case TCP_DUPSYN_RESEND_RESTART:
    case TCP_DUPSYN_COUNT:
      break;
    }
  /* Linux tcp_check_req: a retransmitted SYN is answered with a
   * SYN-ACK at once, unless tcp_oow_rate_limited() says one went out
   * less than 500 ms ago, and the timer restarts with the current
   * interval, without backoff and without counting a retry.  FreeBSD
   * syncache_add: the retry count goes back to 0, so the schedule
   * restarts. */
  if (p->dup_syn_ratelimited && !tcp_ratelimit_ok (conn))
    {
      tcp_trace_note (conn, TRACE_NOTE_DUP_SYN_LIMITED, 0);
      return;
    }
  if (p->dup_syn == TCP_DUPSYN_RESEND_RESTART)
    conn->retries = 0;
  tcp_send_syn (conn, TRUE);
  tcp_rexmit_arm (conn);
}

/* SYNs the acceptability test would call old or out of window, which the
 * profiles answer otherwise: a new incarnation from TIME-WAIT, the peer's
 * SYN again in a passive SYN-RECEIVED, and in an active one (simultaneous
 * open, §3.5 figure 8, line 4) the peer's SYN-ACK, which repeats its SYN,
 * which we have, and acknowledges ours. */
static TcpStep
syn_before_sequence_check (TcpConn *conn, const TcpSegment *seg)
{
  guint8 ctl = seg->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK | TCP_FLAG_RST);
  if (conn->state == TCP_STATE_TIME_WAIT && ctl == TCP_FLAG_SYN)
    return syn_in_time_wait (conn, seg);
  if (conn->state != TCP_STATE_SYN_RECEIVED || seg->seq != conn->irs)
    return TCP_STEP_CONTINUE;
  if (conn->passive && ctl == TCP_FLAG_SYN)
    {
      syn_in_syn_received (conn);
      return TCP_STEP_STOP;
    }
  if (!conn->passive && ctl == (TCP_FLAG_SYN | TCP_FLAG_ACK) && seg->ack == conn->snd_nxt)
    {
      syn_received_acked (conn, seg);
      /* Linux answers the crossing SYN-ACK with an ACK (its sequence
       * check finds the repeated SYN old); RFC 793 figure 8 and INET end
       * the open with the SYN-ACKs alone (profile simopen_ack). */
      if (tcp_prof (conn)->simopen_ack)
        tcp_send_ack (conn);
      return TCP_STEP_STOP;
    }
  return TCP_STEP_CONTINUE;
}

/* The four cases of the acceptability test (§3.10.7.4 first). */
static gboolean
segment_acceptable (const TcpConn *conn, const TcpSegment *seg)
{
  guint32 len = tcp_segment_seqlen (seg);
  guint32 wnd = tcp_rcv_window (conn);
  /* FreeBSD takes what its buffer has room for, beyond the window it
   * advertised (tcp_do_segment(): imax(sbspace, rcv_adv - rcv_nxt)). */
  if (tcp_prof (conn)->rcv_wnd_from_buffer
      && !(conn->state == TCP_STATE_SYN_RECEIVED && conn->passive))
    wnd = MAX (wnd, tcp_rcvbuf_free (conn)); /* not the syncache's half-open entry */
  if (len == 0)
    return wnd == 0 ? seg->seq == conn->rcv_nxt
                    : seq_leq (conn->rcv_nxt, seg->seq)
                        && seq_lt (seg->seq, conn->rcv_nxt + wnd);
  /* A bare FIN at RCV.NXT is taken under a zero window: it needs no
   * buffer (Linux tcp_data_queue, "some stacks are known to send bare FIN
   * packets in a loop even if we send RWIN 0"). */
  if (wnd == 0)
    return seg->len == 0 && (seg->flags & TCP_FLAG_FIN) && !(seg->flags & TCP_FLAG_SYN)
           && seg->seq == conn->rcv_nxt;
  guint32 last = seg->seq + len - 1;
  return (seq_leq (conn->rcv_nxt, seg->seq) && seq_lt (seg->seq, conn->rcv_nxt + wnd))
         || (seq_leq (conn->rcv_nxt, last) && seq_lt (last, conn->rcv_nxt + wnd));
}

/* §3.10.7.4 first: check sequence number.  An unacceptable segment is
 * answered <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and dropped, unless it
 * carries RST. */
static TcpStep
step_check_sequence (TcpConn *conn, const TcpSegment *seg)
{
  if (syn_before_sequence_check (conn, seg) == TCP_STEP_STOP)
    return TCP_STEP_STOP;
  if (segment_acceptable (conn, seg))
    return TCP_STEP_CONTINUE;
  const TcpProfile *p = tcp_prof (conn);
  guint8 f = seg->flags;
  if (f & TCP_FLAG_RST)
    return TCP_STEP_STOP;
  /* RFC 5961 §4.2: a SYN in a synchronized state draws a challenge
   * ACK whatever its sequence number (Linux tcp_validate_incoming:
   * syn_challenge). */
  if ((f & TCP_FLAG_SYN) && p->rfc5961 && conn->state != TCP_STATE_SYN_RECEIVED
      && conn->state != TCP_STATE_TIME_WAIT)
    {
      tcp_send_challenge_ack (conn);
      return TCP_STEP_STOP;
    }
  /* A FIN retransmitted into TIME-WAIT restarts the 2·MSL timer
   * (§3.10.7.4 eighth; Linux tcp_timewait_state_process). */
  if (conn->state == TCP_STATE_TIME_WAIT && (f & TCP_FLAG_FIN))
    tcp_wait_arm (conn, p->time_wait);
  /* <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; a duplicate (a FIN again, old
   * data) with a D-SACK block (RFC 2883), except in TIME-WAIT, whose Linux
   * mini-socket keeps no SACK state (tcp_timewait_state_process). */
  if (conn->state == TCP_STATE_TIME_WAIT)
    tcp_send_ack (conn);
  else
    tcp_send_dup_ack (conn, seg);
  return TCP_STEP_STOP;
}

/* ---- second: check the RST bit ----------------------------------------- */

/* §3.10.7.4 second, with RFC 5961 §3.2: only an exact RCV.NXT resets; an
 * in-window one draws a challenge ACK (RFC 793 §3.4: any RST in the
 * window resets). */
static TcpStep
step_rst (TcpConn *conn, const TcpSegment *seg)
{
  const TcpProfile *p = tcp_prof (conn);
  if (!(seg->flags & TCP_FLAG_RST))
    return TCP_STEP_CONTINUE;
  if (seg->seq != conn->rcv_nxt && p->rfc5961)
    {
      tcp_send_challenge_ack (conn);
      return TCP_STEP_STOP;
    }
  switch (conn->state)
    {
    case TCP_STATE_SYN_RECEIVED:
      /* A passive open goes back to LISTEN: the request is dropped.
       * An active one was refused. */
      tcp_conn_terminate (conn, conn->passive ? TCP_OK : TCP_ECONNREFUSED);
      break;
    case TCP_STATE_ESTABLISHED:
    case TCP_STATE_FIN_WAIT_1:
    case TCP_STATE_FIN_WAIT_2:
    case TCP_STATE_CLOSE_WAIT:
      tcp_conn_terminate (conn, TCP_ECONNRESET);
      break;
    case TCP_STATE_TIME_WAIT:
      /* RFC 1337 §4: ignoring an RST here prevents TIME-WAIT
       * assassination (the rfc9293 profile; Linux with tcp_rfc1337 =
       * 0 lets it through, as §3.10.7.4 second says). */
      if (!p->tw_rst_ignore)
        tcp_conn_terminate (conn, TCP_OK);
      break;
    default:
      /* CLOSING, LAST-ACK: delete the TCB; kernels tell the application
       * "connection reset" here too (Linux tcp_reset(), FreeBSD
       * tcp_do_segment(): so_error = ECONNRESET), the RFC does not. */
      tcp_conn_terminate (conn, p->rst_error_closing ? TCP_ECONNRESET : TCP_OK);
      break;
    }
  return TCP_STEP_STOP;
}

/* ---- third: security; fourth: SYN ----------------------------------------- */

/* §3.10.7.4 third: security.  The simulator has no security
 * compartments (and RFC 9293 dropped RFC 793's precedence check), so
 * every segment passes. */
static TcpStep
step_security (TcpConn *conn, const TcpSegment *seg)
{
  return TCP_STEP_CONTINUE;
}

/* §3.10.7.4 fourth: a SYN.  A passive SYN-RECEIVED goes back to LISTEN;
 * otherwise a challenge ACK (RFC 5961 §4.2), or for RFC 793 (§3.9) an
 * error: a reset, and the connection is reset. */
static TcpStep
step_syn (TcpConn *conn, const TcpSegment *seg)
{
  if (!(seg->flags & TCP_FLAG_SYN))
    return TCP_STEP_CONTINUE;
  if (conn->state == TCP_STATE_SYN_RECEIVED && conn->passive)
    tcp_conn_terminate (conn, TCP_OK);
  else if (conn->state == TCP_STATE_TIME_WAIT)
    tcp_send_ack (conn);
  else if (tcp_prof (conn)->rfc5961)
    tcp_send_challenge_ack (conn);
  else
    {
      tcp_send_rst (conn);
      tcp_conn_terminate (conn, TCP_ECONNRESET);
    }
  return TCP_STEP_STOP;
}

/* ---- fifth: check the ACK field ------------------------------------------ */

/* RFC 5681 §2 (DUPLICATE ACKNOWLEDGMENT): data outstanding, the segment
 * carries no data, no SYN or FIN, acknowledges SND.UNA and leaves the
 * window as it was. */
static gboolean
is_dup_ack (const TcpConn *conn, const TcpSegment *seg)
{
  /* Under a zero window the peer's ACKs answer window probes
   * (tcp_persist.c): not duplicates. */
  return seg->ack == conn->snd_una && conn->snd_una != conn->snd_max && seg->len == 0
         && conn->snd_wnd != 0
         && !(seg->flags & (TCP_FLAG_SYN | TCP_FLAG_FIN))
         && ((guint32) seg->win << conn->snd_wscale) == conn->snd_wnd;
}

/* SND.UNA < SEG.ACK =< SND.MAX: new data acknowledged. */
static void
ack_new_data (TcpConn *conn, const TcpSegment *seg)
{
  guint32 acked = seg->ack - conn->snd_una;
  conn->snd_una = seg->ack;
  if (seq_lt (conn->snd_nxt, conn->snd_una))
    conn->snd_nxt = conn->snd_una;
  rtt_from_ack (conn, seg);
  /* A backed-off RTO stays until a new sample recomputes it (RFC 6298
   * §5, last paragraph); the retry count starts over. */
  conn->retries = 0;
  /* Linux tcp_process_tlp_ack(): the probe's episode is over. */
  if (conn->tlp_out && seq_geq (seg->ack, conn->tlp_high_seq))
    conn->tlp_out = FALSE;
  /* Slow start / congestion avoidance (RFC 5681 §3.1), or recovery. */
  tcp_cc_on_ack (conn, acked);
  /* RFC 6298 §5.2-5.3: stop the timer when all is acknowledged,
   * otherwise restart it. */
  if (conn->snd_una == conn->snd_max)
    {
      tcp_rexmit_stop (conn);
      conn->tlp_armed = FALSE;
    }
  else
    {
      /* Linux tcp_set_xmit_timer(): a probe if one may go, else the RTO.
       * In recovery the timer restarts on every partial ACK (RFC 6582
       * §4.3, "Slow-but-Steady"). */
      tcp_rexmit_arm (conn);
      tcp_tlp_schedule (conn);
    }
}

/* §3.10.7.4 fifth, ESTABLISHED, which every later synchronized state does
 * first: SND.UNA, the timers, congestion control, and the send window. */
static TcpStep
ack_in_established (TcpConn *conn, const TcpSegment *seg)
{
  if (seq_gt (seg->ack, conn->snd_max))
    {
      /* It acknowledges something not yet sent: ACK and drop
       * (§3.10.7.4 fifth), or drop alone as Linux does. */
      if (!tcp_prof (conn)->ack_unsent_drop)
        tcp_send_ack (conn);
      return TCP_STEP_STOP;
    }
  if (seq_gt (seg->ack, conn->snd_una))
    ack_new_data (conn, seg);
  else if (is_dup_ack (conn, seg))
    tcp_cc_on_dupack (conn);
  /* Window update (§3.10.7.4 fifth, SND.WL1 / SND.WL2 rule). */
  if (seq_lt (conn->snd_wl1, seg->seq)
      || (conn->snd_wl1 == seg->seq && seq_leq (conn->snd_wl2, seg->ack)))
    {
      conn->snd_wnd = (guint32) seg->win << conn->snd_wscale;
      conn->snd_wl1 = seg->seq;
      conn->snd_wl2 = seg->ack;
    }
  return TCP_STEP_CONTINUE;
}

/* SYN-RECEIVED: SND.UNA < SEG.ACK =< SND.NXT makes the connection
 * ESTABLISHED (or FIN-WAIT-1 after a close()), and processing goes on as
 * there; any other ACK draws <SEQ=SEG.ACK><CTL=RST>. */
static TcpStep
ack_in_syn_received (TcpConn *conn, const TcpSegment *seg)
{
  if (!(seq_lt (conn->snd_una, seg->ack) && seq_leq (seg->ack, conn->snd_max)))
    {
      tcp_send_reset_reply (conn->stack, seg); /* <SEQ=SEG.ACK><CTL=RST> */
      return TCP_STEP_STOP;
    }
  /* A passive open must find room in its listener's accept queue. */
  if (!tcp_listener_admit (conn, seg))
    return TCP_STEP_STOP;
  tcp_conn_ref (conn);
  syn_received_acked (conn, seg);
  gboolean gone = conn->state == TCP_STATE_CLOSED;
  tcp_conn_unref (conn);
  return gone ? TCP_STEP_STOP : TCP_STEP_CONTINUE;
}

/* FIN-WAIT-1: once our FIN is acknowledged, FIN-WAIT-2; an orphan (the
 * user closed and will not read again) gets the profile's FIN-WAIT-2
 * lifetime, since no user CLOSE or ABORT will end it. */
static TcpStep
ack_in_fin_wait_1 (TcpConn *conn)
{
  const TcpProfile *p = tcp_prof (conn);
  if (our_fin_acked (conn))
    {
      tcp_set_state (conn, TCP_STATE_FIN_WAIT_2);
      if (conn->orphan && p->fin_wait2_timeout > 0)
        tcp_wait_arm (conn, p->fin_wait2_timeout);
    }
  return TCP_STEP_CONTINUE;
}

/* CLOSING: once our FIN is acknowledged, TIME-WAIT, and the segment is
 * done with.  Otherwise processing goes on to the later steps, which in
 * CLOSING only answer a duplicate and send what may go (§3.10.7.4 says
 * "otherwise, ignore the segment"). */
static TcpStep
ack_in_closing (TcpConn *conn)
{
  if (our_fin_acked (conn))
    enter_time_wait (conn);
  return conn->state == TCP_STATE_TIME_WAIT ? TCP_STEP_STOP : TCP_STEP_CONTINUE;
}

/* LAST-ACK: the ACK of our FIN deletes the TCB. */
static TcpStep
ack_in_last_ack (TcpConn *conn)
{
  if (!our_fin_acked (conn))
    return TCP_STEP_CONTINUE;
  tcp_conn_terminate (conn, TCP_OK);
  return TCP_STEP_STOP;
}

/* §3.10.7.4 fifth: check the ACK field.  Without ACK the segment is
 * dropped.  SYN-RECEIVED first becomes established; then what ESTABLISHED
 * does, and what the ACK of our FIN means in each closing state.
 * ESTABLISHED, CLOSE-WAIT and FIN-WAIT-2 need nothing more (no user
 * CLOSE waits for an "ok" here); in TIME-WAIT the only segment expected,
 * the peer's FIN again, is answered by the first or the eighth step. */
static TcpStep
step_ack (TcpConn *conn, const TcpSegment *seg)
{
  if (!(seg->flags & TCP_FLAG_ACK))
    return TCP_STEP_STOP;
  if (conn->state == TCP_STATE_SYN_RECEIVED
      && ack_in_syn_received (conn, seg) == TCP_STEP_STOP)
    return TCP_STEP_STOP;
  if (conn->ts_ok && (seg->opts & TCP_OPT_TS) && seq_leq (seg->seq, conn->rcv_nxt))
    conn->ts_recent = seg->ts_val; /* RFC 7323 §4.3 */
  if (ack_in_established (conn, seg) == TCP_STEP_STOP)
    return TCP_STEP_STOP;
  switch (conn->state)
    {
    case TCP_STATE_FIN_WAIT_1:
      return ack_in_fin_wait_1 (conn);
    case TCP_STATE_CLOSING:
      return ack_in_closing (conn);
    case TCP_STATE_LAST_ACK:
      return ack_in_last_ack (conn);
    default:
      return TCP_STEP_CONTINUE;
    }
}

/* ---- sixth: URG; seventh: segment text -------------------------------------- */

/* §3.10.7.4 sixth: the URG bit.  Urgent data is not simulated (and RFC
 * 6093 discourages its use): the bit changes nothing. */
static TcpStep
step_urg (TcpConn *conn, const TcpSegment *seg)
{
  return TCP_STEP_CONTINUE;
}

/* In-order data, len bytes from RCV.NXT, in a state that receives: it
 * advances RCV.NXT, over held ranges it joins too, and schedules its
 * ACK. */
static void
text_in_order (TcpConn *conn, const TcpSegment *seg, guint32 len, TcpArrival *a)
{
  guint8 f = seg->flags;
  guint32 before = conn->rcv_nxt;
  conn->rcv_nxt += len;
  if (len >= conn->mss)
    conn->unacked_segs++;
  gboolean quick = conn->quickack_left > 0;
  if (quick)
    conn->quickack_left--;
  /* A FIN on this segment ends the stream here: what is held beyond
   * it is discarded with the FIN (eighth step). */
  if (a->gap && !(f & TCP_FLAG_FIN))
    a->held_fin = tcp_ooo_pull (conn);
  /* In the buffer until the application reads it (tcp_rcvbuf.c); the
   * ACK below advertises what is left. */
  tcp_rcvbuf_add (conn, conn->rcv_nxt - before);
  if (!(f & TCP_FLAG_FIN) && !a->held_fin)
    tcp_ack_schedule (conn, quick || a->gap);
}

/* §3.10.7.4 seventh: process the segment text.  Bytes before RCV.NXT
 * were received already and are trimmed. */
static TcpStep
step_text (TcpConn *conn, const TcpSegment *seg, TcpArrival *a)
{
  guint8 f = seg->flags;
  guint32 seq = seg->seq;
  guint32 len = seg->len;
  if (seq_lt (seq, conn->rcv_nxt))
    {
      guint32 dup = conn->rcv_nxt - seq;
      len = dup >= len ? 0 : len - dup;
      seq = conn->rcv_nxt;
    }
  gboolean receiving = conn->state == TCP_STATE_ESTABLISHED
                       || conn->state == TCP_STATE_FIN_WAIT_1
                       || conn->state == TCP_STATE_FIN_WAIT_2;
  /* What lies beyond the window is not taken (§3.10.7.4 first: trimmed
   * to the window); a FIN behind it is not reached (eighth step). */
  if (receiving && seq == conn->rcv_nxt && len > tcp_rcv_window (conn))
    len = tcp_rcv_window (conn);
  if (receiving && (len > 0 || (f & TCP_FLAG_FIN)) && seq != conn->rcv_nxt)
    {
      /* Beyond RCV.NXT: held for later (a lone FIN too: the eighth step
       * processes it once the hole before it is filled), and a duplicate
       * ACK at once tells the sender where the hole is (RFC 5681 §4.2).
       * SACK-permitted is negotiated (tcp_conn_take_syn_options) but no
       * SACK or D-SACK blocks are sent (RFC 2018, RFC 2883): the ACK says
       * RCV.NXT only. */
      tcp_ooo_hold (conn, seq, len, (f & TCP_FLAG_FIN) != 0);
      tcp_send_ack (conn);
      /* The segment's ACK may have opened the window for our own data. */
      tcp_output (conn);
      return TCP_STEP_STOP;
    }
  guint32 rcv_before = conn->rcv_nxt;
  /* Anything held means this in-order segment fills all or part of a
   * gap: RFC 5681 §4.2, "an immediate ACK SHOULD be generated". */
  a->gap = conn->ooo_len > 0 || conn->ooo_fin;
  if (len > 0 && receiving)
    text_in_order (conn, seg, len, a);
  else if (seg->len > 0 && len == 0 && !(f & TCP_FLAG_FIN))
    {
      /* A pure duplicate: ACK at once (with a D-SACK block, RFC 2883).
       * With a FIN behind the old data (a go-back-N retransmission) the
       * FIN is new and goes on to the eighth step. */
      tcp_send_dup_ack (conn, seg);
      return TCP_STEP_STOP;
    }
  /* Every byte now in order, the segment's and the held ones it joined,
   * goes to the application in one delivery. */
  a->data = conn->rcv_nxt - rcv_before;
  conn->bytes_received += a->data;
  return TCP_STEP_CONTINUE;
}

/* ---- eighth: FIN ------------------------------------------------------------ */

/* §3.10.7.4 eighth: the FIN bit, if everything before it has arrived:
 * the segment's own, or one held behind the gap it filled. */
static TcpStep
step_fin (TcpConn *conn, const TcpSegment *seg, TcpArrival *a)
{
  gboolean fin = ((seg->flags & TCP_FLAG_FIN) && seg->seq + seg->len == conn->rcv_nxt)
                 || a->held_fin;
  if (!fin)
    return TCP_STEP_CONTINUE;
  conn->rcv_nxt++;
  /* Nothing follows a FIN (Linux tcp_fin purges its out-of-order
   * queue). */
  tcp_ooo_clear (conn);
  switch (conn->state)
    {
    case TCP_STATE_SYN_RECEIVED:
    case TCP_STATE_ESTABLISHED:
      tcp_set_state (conn, TCP_STATE_CLOSE_WAIT);
      /* Linux tcp_fin enters "pingpong" mode: the ACK of a FIN waits
       * for the delayed-ACK timer, so an application that closes at
       * once sends FIN+ACK in one segment; BSD (TF_ACKNOW) and RFC 9293
       * §3.10.7.4 eighth ACK it at once (profile ack_fin).  A FIN that
       * completes a gap is ACKed at once (RFC 5681 §4.2). */
      tcp_ack_schedule (conn, a->gap || tcp_prof (conn)->ack_fin == TCP_ACKFIN_NOW);
      a->eof = TRUE;
      break;
    case TCP_STATE_FIN_WAIT_1:
      /* Simultaneous close (§3.6 figure 13) if our FIN is not yet
       * acknowledged. */
      if (our_fin_acked (conn))
        enter_time_wait (conn);
      else
        tcp_set_state (conn, TCP_STATE_CLOSING);
      tcp_send_ack (conn);
      a->eof = TRUE;
      break;
    case TCP_STATE_FIN_WAIT_2:
      tcp_wait_stop (conn);
      enter_time_wait (conn);
      tcp_send_ack (conn);
      a->eof = TRUE;
      break;
    case TCP_STATE_TIME_WAIT:
      tcp_wait_arm (conn, tcp_prof (conn)->time_wait);
      tcp_send_ack (conn);
      break;
    default:
      break; /* CLOSE-WAIT, CLOSING, LAST-ACK: remain */
    }
  return TCP_STEP_CONTINUE;
}

/* After the eighth step: send what the segment made possible (data its
 * ACK let go, RFC 5681 §3.2 step 6 in recovery, a FIN), then tell the
 * application what arrived. */
static void
finish_input (TcpConn *conn, const TcpArrival *a)
{
  tcp_output (conn);
  /* An application that does not read hears of the data and the FIN when
   * it reads again (tcp_set_reading()). */
  gboolean reading = tcp_rcvbuf_reading (conn);
  if (a->eof && !reading)
    conn->eof_pending = TRUE;
  if (a->data > 0 && reading && conn->user && conn->user->received)
    conn->user->received (conn->user_ctx, conn, a->data);
  if (a->eof && reading && conn->user && conn->user->eof && conn->state != TCP_STATE_CLOSED)
    conn->user->eof (conn->user_ctx, conn);
}

/* §3.10.7.4 for SYN-RECEIVED and the synchronized states: the steps in
 * the RFC's order, each of which may end processing. */
/* FreeBSD's TIME-WAIT (tw_bsd_check, tcp_timewait.c): TRUE when it dealt
 * with the segment; a SYN that may reopen goes on to syn_in_time_wait(). */
static gboolean
time_wait_bsd (TcpConn *conn, const TcpSegment *seg)
{
  guint what = tcp_tw_bsd_check (seg, conn->rcv_nxt, conn->snd_nxt);
  if (what & TCP_TW_BSD_PASS)
    return FALSE;
  if (what & TCP_TW_BSD_REARM)
    tcp_wait_arm (conn, tcp_prof (conn)->time_wait);
  if (what & TCP_TW_BSD_ACK)
    tcp_send_ack (conn);
  return TRUE;
}

static void
synchronized_input (TcpConn *conn, const TcpSegment *seg)
{
  TcpArrival a = { 0 };
  if (conn->state == TCP_STATE_TIME_WAIT && tcp_prof (conn)->tw_bsd_check
      && time_wait_bsd (conn, seg))
    return;
  if (step_check_sequence (conn, seg) == TCP_STEP_STOP
      || step_rst (conn, seg) == TCP_STEP_STOP
      || step_security (conn, seg) == TCP_STEP_STOP
      || step_syn (conn, seg) == TCP_STEP_STOP
      || step_ack (conn, seg) == TCP_STEP_STOP
      || step_urg (conn, seg) == TCP_STEP_STOP
      || step_text (conn, seg, &a) == TCP_STEP_STOP
      || step_fin (conn, seg, &a) == TCP_STEP_STOP)
    return;
  finish_input (conn, &a);
}

void
tcp_conn_input (gpointer endpoint, const TcpSegment *seg)
{
  TcpConn *conn = endpoint;
  tcp_conn_ref (conn); /* callbacks may drop every other reference */
  /* The peer is alive: keepalive starts over (Linux tcp_ack resets
   * icsk_probes_out; rcv_tstamp, FreeBSD t_rcvtime). */
  conn->last_rcv = tcp_now (conn);
  conn->keepalive_out = 0;
  conn->persist_unanswered = 0; /* Linux tcp_ack: icsk_probes_out = 0 */
  if (conn->state == TCP_STATE_SYN_SENT)
    syn_sent_input (conn, seg);
  else
    synchronized_input (conn, seg);
  tcp_conn_unref (conn);
}
