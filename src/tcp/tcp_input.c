/* SEGMENT ARRIVES for a connection (RFC 9293 §3.10.7.3 for SYN-SENT,
 * §3.10.7.4 for the other states): the checks that apply to every state
 * first, in the RFC's order (sequence number, RST, SYN, ACK, text, FIN),
 * each labelled with its step; the per-state parts inside each step.
 * RFC 5961's challenge ACKs go through the profile's limiter.  The
 * seventh step sends the ACKs RFC 5681 §4.2 asks of out-of-order data;
 * the queue itself is in tcp_reass.c.  Listeners are in tcp_stack.c
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
  sim_timer_cancel (conn->stack->sim, &conn->rexmit_timer);
  rtt_from_ack (conn, seg);
  conn->retries = 0;
  const TcpProfile *p = tcp_prof (conn);
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
      host_send_reset (conn->stack->host, seg); /* <SEQ=SEG.ACK><CTL=RST> */
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
       * any data the application writes in response). */
      tcp_send_ack (conn);
      notify_established (conn);
      if (conn->state == TCP_STATE_ESTABLISHED || conn->state == TCP_STATE_FIN_WAIT_1)
        tcp_output (conn);
      return;
    }
  /* Simultaneous open (§3.5 figure 8): SYN-RECEIVED, and a SYN-ACK with
   * our own ISN again. */
  sim_timer_cancel (conn->stack->sim, &conn->rexmit_timer);
  tcp_set_state (conn, TCP_STATE_SYN_RECEIVED);
  tcp_send_syn (conn, TRUE);
  tcp_rexmit_arm (conn);
}

/* The four cases of the acceptability test (§3.10.7.4 first). */
static gboolean
segment_acceptable (const TcpConn *conn, const TcpSegment *seg)
{
  guint32 len = tcp_segment_seqlen (seg);
  guint32 wnd = conn->rcv_wnd;
  if (len == 0)
    return wnd == 0 ? seg->seq == conn->rcv_nxt
                    : seq_leq (conn->rcv_nxt, seg->seq)
                        && seq_lt (seg->seq, conn->rcv_nxt + wnd);
  if (wnd == 0)
    return FALSE;
  guint32 last = seg->seq + len - 1;
  return (seq_leq (conn->rcv_nxt, seg->seq) && seq_lt (seg->seq, conn->rcv_nxt + wnd))
         || (seq_leq (conn->rcv_nxt, last) && seq_lt (last, conn->rcv_nxt + wnd));
}

/* ---- SEGMENT ARRIVES ------------------------------------------------------- */

static gboolean
our_fin_acked (const TcpConn *conn)
{
  return conn->fin_queued && seq_gt (conn->snd_una, conn->snd_end);
}

static void
enter_time_wait (TcpConn *conn)
{
  sim_timer_cancel (conn->stack->sim, &conn->rexmit_timer);
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

/* RFC 5681 §2 (DUPLICATE ACKNOWLEDGMENT): data outstanding, the segment
 * carries no data, no SYN or FIN, acknowledges SND.UNA and leaves the
 * window as it was. */
static gboolean
is_dup_ack (const TcpConn *conn, const TcpSegment *seg)
{
  return seg->ack == conn->snd_una && conn->snd_una != conn->snd_max && seg->len == 0
         && !(seg->flags & (TCP_FLAG_SYN | TCP_FLAG_FIN))
         && ((guint32) seg->win << conn->snd_wscale) == conn->snd_wnd;
}

/* §3.10.7.4 fifth, for the synchronized states: SND.UNA, the window, and
 * what the ACK of our FIN means in each closing state.  Returns FALSE when
 * processing must stop. */
static gboolean
process_ack (TcpConn *conn, const TcpSegment *seg)
{
  const TcpProfile *p = tcp_prof (conn);
  if (seq_gt (seg->ack, conn->snd_max))
    {
      /* It acknowledges something not yet sent: ACK and drop. */
      tcp_send_ack (conn);
      return FALSE;
    }
  if (seq_gt (seg->ack, conn->snd_una))
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
      tcp_cc_on_ack (conn, acked);
      /* RFC 6298 §5.2-5.3: stop the timer when all is acknowledged,
       * otherwise restart it. */
      if (conn->snd_una == conn->snd_max)
        {
          sim_timer_cancel (conn->stack->sim, &conn->rexmit_timer);
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

  switch (conn->state)
    {
    case TCP_STATE_FIN_WAIT_1:
      if (our_fin_acked (conn))
        {
          tcp_set_state (conn, TCP_STATE_FIN_WAIT_2);
          if (conn->orphan && p->fin_wait2_timeout > 0)
            tcp_wait_arm (conn, p->fin_wait2_timeout);
        }
      break;
    case TCP_STATE_CLOSING:
      if (our_fin_acked (conn))
        enter_time_wait (conn);
      return conn->state == TCP_STATE_TIME_WAIT ? FALSE : TRUE;
    case TCP_STATE_LAST_ACK:
      if (our_fin_acked (conn))
        {
          tcp_conn_terminate (conn, TCP_OK);
          return FALSE;
        }
      break;
    default:
      break;
    }
  return TRUE;
}

/* The rest of §3.10.7.4 for SYN-RECEIVED and the synchronized states. */
static void
synchronized_input (TcpConn *conn, const TcpSegment *seg)
{
  const TcpProfile *p = tcp_prof (conn);
  Sim *sim = conn->stack->sim;
  guint8 f = seg->flags;

  /* A new SYN for a connection in TIME-WAIT may open a new incarnation if
   * its sequence number is above RCV.NXT (RFC 1122 §4.2.2.13) or its
   * timestamp is newer (RFC 6191 §2; Linux tcp_timewait_state_process). */
  gboolean newer_ts = p->tw_reuse_ts && conn->ts_ok && (seg->opts & TCP_OPT_TS)
                      && (gint32) (conn->ts_recent - seg->ts_val) < 0;
  if (conn->state == TCP_STATE_TIME_WAIT && (f & (TCP_FLAG_SYN | TCP_FLAG_ACK | TCP_FLAG_RST)) == TCP_FLAG_SYN
      && ((p->tw_reuse_syn && seq_gt (seg->seq, conn->rcv_nxt)) || newer_ts))
    {
      Host *host = conn->stack->host;
      gpointer l = host_lookup_listener (host, conn->lport);
      if (l != NULL)
        {
          guint32 tw_snd_nxt = conn->snd_max;
          tcp_trace_timer (conn, "TIME-WAIT ended by a new SYN");
          tcp_conn_terminate (conn, TCP_OK);
          tcp_listener_reopen (l, seg, tw_snd_nxt);
          return;
        }
    }

  if (conn->state == TCP_STATE_SYN_RECEIVED && conn->passive
      && (f & (TCP_FLAG_SYN | TCP_FLAG_ACK | TCP_FLAG_RST)) == TCP_FLAG_SYN && seg->seq == conn->irs)
    {
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
          tcp_trace_timer (conn, "SYN-ACK for a duplicate SYN rate limited");
          return;
        }
      if (p->dup_syn == TCP_DUPSYN_RESEND_RESTART)
        conn->retries = 0;
      tcp_send_syn (conn, TRUE);
      tcp_rexmit_arm (conn);
      return;
    }

  if (conn->state == TCP_STATE_SYN_RECEIVED && !conn->passive
      && (f & (TCP_FLAG_SYN | TCP_FLAG_ACK | TCP_FLAG_RST)) == (TCP_FLAG_SYN | TCP_FLAG_ACK)
      && seg->seq == conn->irs && seg->ack == conn->snd_nxt)
    {
      /* Simultaneous open (§3.5 figure 8, line 4): the peer's SYN-ACK
       * repeats its SYN, which we have, and acknowledges ours. */
      syn_received_acked (conn, seg);
      tcp_send_ack (conn);
      return;
    }

  /* First: the sequence number. */
  if (!segment_acceptable (conn, seg))
    {
      if (f & TCP_FLAG_RST)
        return;
      /* RFC 5961 §4.2: a SYN in a synchronized state draws a challenge
       * ACK whatever its sequence number (Linux tcp_validate_incoming:
       * syn_challenge). */
      if ((f & TCP_FLAG_SYN) && p->rfc5961 && conn->state != TCP_STATE_SYN_RECEIVED
          && conn->state != TCP_STATE_TIME_WAIT)
        {
          tcp_send_challenge_ack (conn);
          return;
        }
      /* A FIN retransmitted into TIME-WAIT restarts the 2·MSL timer
       * (§3.10.7.4 eighth; Linux tcp_timewait_state_process). */
      if (conn->state == TCP_STATE_TIME_WAIT && (f & TCP_FLAG_FIN))
        tcp_wait_arm (conn, p->time_wait);
      tcp_send_ack (conn); /* <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> */
      return;
    }

  /* Second: RST (with RFC 5961 §3.2: only an exact RCV.NXT resets; an
   * in-window one draws a challenge ACK; RFC 793 §3.4: any RST in the
   * window resets). */
  if (f & TCP_FLAG_RST)
    {
      if (seg->seq != conn->rcv_nxt && p->rfc5961)
        {
          tcp_send_challenge_ack (conn);
          return;
        }
      switch (conn->state)
        {
        case TCP_STATE_SYN_RECEIVED:
          /* A passive open goes back to LISTEN: the request is dropped.
           * An active one was refused. */
          tcp_conn_terminate (conn, conn->passive ? TCP_OK : TCP_ECONNREFUSED);
          return;
        case TCP_STATE_ESTABLISHED:
        case TCP_STATE_FIN_WAIT_1:
        case TCP_STATE_FIN_WAIT_2:
        case TCP_STATE_CLOSE_WAIT:
          tcp_conn_terminate (conn, TCP_ECONNRESET);
          return;
        case TCP_STATE_TIME_WAIT:
          /* RFC 1337 §4: ignoring an RST here prevents TIME-WAIT
           * assassination (the rfc9293 profile; Linux with tcp_rfc1337 =
           * 0 lets it through, as §3.10.7.4 second says). */
          if (p->tw_rst_ignore)
            return;
          tcp_conn_terminate (conn, TCP_OK);
          return;
        default:
          /* CLOSING, LAST-ACK: delete the TCB. */
          tcp_conn_terminate (conn, TCP_OK);
          return;
        }
    }

  /* Fourth: SYN.  A passive SYN-RECEIVED goes back to LISTEN; otherwise a
   * challenge ACK (RFC 5961 §4.2), or for RFC 793 (§3.9) an error: a
   * reset, and the connection is reset. */
  if (f & TCP_FLAG_SYN)
    {
      if (conn->state == TCP_STATE_SYN_RECEIVED && conn->passive)
        tcp_conn_terminate (conn, TCP_OK);
      else if (conn->state == TCP_STATE_TIME_WAIT)
        tcp_send_ack (conn);
      else if (p->rfc5961)
        tcp_send_challenge_ack (conn);
      else
        {
          tcp_send_rst (conn);
          tcp_conn_terminate (conn, TCP_ECONNRESET);
        }
      return;
    }

  /* Fifth: ACK. */
  if (!(f & TCP_FLAG_ACK))
    return;
  if (conn->state == TCP_STATE_SYN_RECEIVED)
    {
      if (!(seq_lt (conn->snd_una, seg->ack) && seq_leq (seg->ack, conn->snd_max)))
        {
          host_send_reset (conn->stack->host, seg); /* <SEQ=SEG.ACK><CTL=RST> */
          return;
        }
      /* A passive open must find room in its listener's accept queue. */
      if (!tcp_listener_admit (conn, seg))
        return;
      tcp_conn_ref (conn);
      syn_received_acked (conn, seg);
      gboolean gone = conn->state == TCP_STATE_CLOSED;
      tcp_conn_unref (conn);
      if (gone)
        return;
    }
  if (conn->ts_ok && (seg->opts & TCP_OPT_TS) && seq_leq (seg->seq, conn->rcv_nxt))
    conn->ts_recent = seg->ts_val; /* RFC 7323 §4.3 */
  if (!process_ack (conn, seg))
    return;

  /* Seventh: segment text.  Bytes before RCV.NXT were received already
   * and are trimmed. */
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
      return;
    }
  guint32 rcv_before = conn->rcv_nxt;
  /* Anything held means this in-order segment fills all or part of a
   * gap: RFC 5681 §4.2, "an immediate ACK SHOULD be generated". */
  gboolean gap = conn->ooo_len > 0 || conn->ooo_fin;
  gboolean held_fin = FALSE;
  if (len > 0 && receiving)
    {
      conn->rcv_nxt += len;
      if (len >= conn->mss)
        conn->unacked_segs++;
      gboolean quick = conn->quickack_left > 0;
      if (quick)
        conn->quickack_left--;
      /* A FIN on this segment ends the stream here: what is held beyond
       * it is discarded with the FIN (eighth step). */
      if (gap && !(f & TCP_FLAG_FIN))
        held_fin = tcp_ooo_pull (conn);
      if (!(f & TCP_FLAG_FIN) && !held_fin)
        tcp_ack_schedule (conn, quick || gap);
    }
  else if (seg->len > 0 && len == 0 && !(f & TCP_FLAG_FIN))
    {
      /* A pure duplicate: ACK at once.  With a FIN behind the old data (a
       * go-back-N retransmission) the FIN is new and goes on to the
       * eighth step. */
      tcp_send_ack (conn);
      return;
    }
  /* Every byte now in order, the segment's and the held ones it joined,
   * goes to the application in one delivery. */
  guint32 data = conn->rcv_nxt - rcv_before;
  conn->bytes_received += data;

  /* Eighth: FIN, if everything before it has arrived: the segment's own,
   * or one held behind the gap it filled. */
  gboolean fin = ((f & TCP_FLAG_FIN) && seg->seq + seg->len == conn->rcv_nxt) || held_fin;
  gboolean eof = FALSE;
  if (fin)
    {
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
           * once sends FIN+ACK in one segment.  A FIN that completes a
           * gap is ACKed at once (RFC 5681 §4.2). */
          tcp_ack_schedule (conn, gap);
          eof = TRUE;
          break;
        case TCP_STATE_FIN_WAIT_1:
          /* Simultaneous close (§3.6 figure 13) if our FIN is not yet
           * acknowledged. */
          if (our_fin_acked (conn))
            enter_time_wait (conn);
          else
            tcp_set_state (conn, TCP_STATE_CLOSING);
          tcp_send_ack (conn);
          eof = TRUE;
          break;
        case TCP_STATE_FIN_WAIT_2:
          sim_timer_cancel (sim, &conn->wait_timer);
          enter_time_wait (conn);
          tcp_send_ack (conn);
          eof = TRUE;
          break;
        case TCP_STATE_TIME_WAIT:
          tcp_wait_arm (conn, p->time_wait);
          tcp_send_ack (conn);
          break;
        default:
          break; /* CLOSE-WAIT, CLOSING, LAST-ACK: remain */
        }
    }

  tcp_output (conn);
  if (data > 0 && conn->user && conn->user->received)
    conn->user->received (conn->user_ctx, conn, data);
  if (eof && conn->user && conn->user->eof && conn->state != TCP_STATE_CLOSED)
    conn->user->eof (conn->user_ctx, conn);
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
  if (conn->state == TCP_STATE_SYN_SENT)
    syn_sent_input (conn, seg);
  else
    synchronized_input (conn, seg);
  tcp_conn_unref (conn);
}
