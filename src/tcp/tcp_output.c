/* Building and sending segments: SYN and SYN-ACK with their options
 * (RFC 9293 §3.7.1, RFC 7323, RFC 2018), data cut to the MSS within the
 * send and congestion windows (§3.8.6, RFC 5681 §3.1), FIN, bare ACKs,
 * resets, challenge ACKs and their limiter (RFC 5961 §7), tail loss
 * probes (RFC 8985 §7.3), keepalive probes (RFC 1122 §4.2.3.6), and the
 * ACK policy (delayed ACK, §3.8.6.3). */
#include "tcp/tcp_priv.h"

static void output_within (TcpConn *conn, guint32 wnd, TraceWhy why);

static TcpSegment
segment_template (TcpConn *conn, guint8 flags, guint32 seq)
{
  TcpSegment s = {
    .saddr = conn->laddr, .daddr = conn->raddr,
    .sport = conn->lport, .dport = conn->rport,
    .seq = seq, .flags = flags,
    .tag = { .conn = conn->id, .seq_base = conn->iss, .ack_base = conn->irs },
  };
  if (flags & TCP_FLAG_ACK)
    s.ack = conn->rcv_nxt;
  /* The window field of a SYN or SYN-ACK is never scaled (RFC 7323 §2.2);
   * later ones say what the receive buffer leaves (tcp_rcvbuf.c). */
  if (flags & TCP_FLAG_SYN)
    s.win = (guint16) MIN (tcp_rcv_window (conn), 65535u);
  else
    s.win = tcp_rcvbuf_window_field (conn);
  if (conn->ts_ok || ((flags & TCP_FLAG_SYN) && !(flags & TCP_FLAG_ACK)
                      && tcp_prof (conn)->timestamps))
    {
      s.opts |= TCP_OPT_TS;
      s.ts_val = (guint32) (tcp_now (conn) / SIM_MS) + conn->ts_offset;
      s.ts_ecr = (flags & TCP_FLAG_ACK) ? conn->ts_recent : 0;
    }
  return s;
}

/* Hands a segment to the host, tagged with why it is sent.  Any segment
 * with ACK satisfies the ACK we owe, so the delayed-ACK timer stops. */
static void
xmit (TcpConn *conn, TcpSegment *s, TraceWhy why)
{
  s->tag.why = (guint8) why;
  s->tag.retransmit = seq_lt (s->seq, conn->snd_max)
                      || (s->seq == conn->snd_max && (s->flags & TCP_FLAG_SYN)
                          && conn->snd_max != conn->iss);
  if (s->flags & TCP_FLAG_ACK)
    {
      tcp_delack_stop (conn);
      conn->unacked_segs = 0;
    }
  host_output (conn->stack->host, s);
}

void
tcp_stack_output (TcpStack *stack, TcpSegment *seg)
{
  host_output (stack->host, seg);
}

void
tcp_send_reset_reply (TcpStack *stack, const TcpSegment *seg)
{
  if (seg->flags & TCP_FLAG_RST)
    return;
  /* The reply's tag continues the offending segment's: same connection,
   * and each side's ISN where the trace numbers relative to it. */
  TcpSegment rst = {
    .saddr = stack->host->addr, .daddr = seg->saddr, .sport = seg->dport, .dport = seg->sport,
    .tag = { .conn = seg->tag.conn, .why = TRACE_WHY_REPLY_RST },
  };
  if (seg->flags & TCP_FLAG_ACK)
    {
      rst.seq = seg->ack;
      rst.flags = TCP_FLAG_RST;
      rst.tag.seq_base = seg->tag.ack_base;
    }
  else
    {
      rst.seq = 0;
      rst.ack = seg->seq + tcp_segment_seqlen (seg);
      rst.flags = TCP_FLAG_RST | TCP_FLAG_ACK;
      rst.tag.ack_base = seg->tag.seq_base;
    }
  stack->resets_sent++;
  tcp_stack_output (stack, &rst);
}

void
tcp_send_syn (TcpConn *conn, gboolean retransmit)
{
  const TcpProfile *p = tcp_prof (conn);
  /* Outside SYN-SENT our SYN answers the peer's: a SYN-ACK.  (FIN-WAIT-1
   * too, after a close() in SYN-RECEIVED, see tcp_retransmit_head().) */
  gboolean synack = conn->state != TCP_STATE_SYN_SENT;
  guint8 flags = TCP_FLAG_SYN | (synack ? TCP_FLAG_ACK : 0);
  if (synack)
    conn->rcv_wnd = p->win_synack;
  TcpSegment s = segment_template (conn, flags, conn->iss);
  s.opts |= TCP_OPT_MSS;
  s.mss = p->mss;
  /* A SYN offers what the profile has; a SYN-ACK only what both have. */
  if (synack ? conn->ws_ok : p->wscale != 0xff)
    {
      s.opts |= TCP_OPT_WSCALE;
      s.wscale = p->wscale;
    }
  if (synack ? conn->sack_ok : p->sack)
    s.opts |= TCP_OPT_SACK_OK;
  if (synack && !conn->ts_ok)
    s.opts &= (guint8) ~TCP_OPT_TS;
  if (!retransmit)
    conn->snd_max = conn->iss; /* first transmission */
  xmit (conn, &s, retransmit ? TRACE_WHY_SYN_RETRY : TRACE_WHY_SYN);
  conn->snd_nxt = conn->iss + 1;
  if (seq_lt (conn->snd_max, conn->iss + 1))
    conn->snd_max = conn->iss + 1; /* a FIN may have been sent after it */
  if (!retransmit)
    {
      conn->retries = 0;
      conn->first_tx = tcp_now (conn);
      conn->rtt_timing = TRUE;
      conn->rtt_seq = conn->iss;
      conn->rtt_start = tcp_now (conn);
      tcp_rexmit_arm (conn);
    }
}

static void
send_ack (TcpConn *conn, TraceWhy why)
{
  /* FreeBSD's tcp_output() sets FIN in FIN-WAIT-1, CLOSING and LAST-ACK
   * (tcp_outflags[]) and, the FIN sent, backs SND.NXT up to resend it:
   * every ACK there carries the FIN again from its sequence number.  A
   * challenge ACK is tcp_respond()'s, bare. */
  if (tcp_prof (conn)->ack_resends_fin && why != TRACE_WHY_CHALLENGE_ACK && conn->fin_sent
      && conn->snd_nxt == conn->snd_max
      && (conn->state == TCP_STATE_FIN_WAIT_1 || conn->state == TCP_STATE_CLOSING
          || conn->state == TCP_STATE_LAST_ACK))
    {
      TcpSegment s = segment_template (conn, TCP_FLAG_FIN | TCP_FLAG_ACK, conn->snd_max - 1);
      xmit (conn, &s, why);
      return;
    }
  TcpSegment s = segment_template (conn, TCP_FLAG_ACK, conn->snd_nxt);
  xmit (conn, &s, why);
}

void
tcp_send_ack (TcpConn *conn)
{
  send_ack (conn, TRACE_WHY_ACK);
}

void
tcp_send_rst (TcpConn *conn)
{
  /* RFC 9293 §3.10.5 sends <SEQ=SND.NXT><CTL=RST>; kernels add the ACK
   * (Linux tcp_send_active_reset(), FreeBSD tcp_drop()), FreeBSD with a
   * zero window. */
  const TcpProfile *p = tcp_prof (conn);
  guint8 flags = p->rst_ack ? TCP_FLAG_RST | TCP_FLAG_ACK : TCP_FLAG_RST;
  TcpSegment s = segment_template (conn, flags, conn->snd_nxt);
  if (p->rst_win0)
    s.win = 0;
  xmit (conn, &s, TRACE_WHY_RESET);
}

gboolean
tcp_ratelimit_ok (TcpConn *conn)
{
  /* RFC 5961 §7: at most challenge_ack_limit replies per window, the
   * window starting at the first reply after the previous one ended
   * (xnu tcp_is_ack_ratelimited; with a limit of one, Linux
   * __tcp_oow_rate_limited). */
  const TcpProfile *p = tcp_prof (conn);
  if (p->challenge_ack_limit == 0)
    return TRUE;
  SimTime now = tcp_now (conn);
  if (!conn->chack_started || now - conn->chack_window_start >= p->challenge_ack_window)
    {
      conn->chack_started = TRUE;
      conn->chack_window_start = now;
      conn->chack_count = 0;
    }
  if (conn->chack_count >= p->challenge_ack_limit)
    return FALSE;
  conn->chack_count++;
  return TRUE;
}

gboolean
tcp_send_challenge_ack (TcpConn *conn)
{
  if (!tcp_ratelimit_ok (conn))
    {
      conn->challenge_acks_limited++;
      tcp_trace_note (conn, TRACE_NOTE_CHALLENGE_ACK_LIMITED, 0);
      return FALSE;
    }
  conn->challenge_acks++;
  send_ack (conn, TRACE_WHY_CHALLENGE_ACK);
  return TRUE;
}

void
tcp_send_keepalive (TcpConn *conn)
{
  /* Linux tcp_xmit_probe_skb() and FreeBSD tcp_timer_keep() send
   * SND.UNA - 1: an old sequence number the peer must answer with an ACK
   * (RFC 9293 §3.8.4, RFC 1122 §4.2.3.6). */
  TcpSegment s = segment_template (conn, TCP_FLAG_ACK, conn->snd_una - 1);
  xmit (conn, &s, TRACE_WHY_KEEPALIVE);
}

void
tcp_send_window_probe (TcpConn *conn, guint32 seq, guint32 len, guint8 flags)
{
  TcpSegment s = segment_template (conn, flags, seq);
  s.len = len;
  xmit (conn, &s, TRACE_WHY_WINDOW_PROBE);
}

void
tcp_send_dup_ack (TcpConn *conn, const TcpSegment *seg)
{
  TcpSegment s = segment_template (conn, TCP_FLAG_ACK, conn->snd_nxt);
  /* Linux tcp_send_dupack(): tcp_dsack_set(seq, min(end_seq, rcv_nxt))
   * for a segment that starts below RCV.NXT. */
  guint32 end = seg->seq + tcp_segment_seqlen (seg);
  if (tcp_prof (conn)->dsack && conn->sack_ok && tcp_segment_seqlen (seg) > 0
      && !(seg->flags & TCP_FLAG_SYN) && seq_lt (seg->seq, conn->rcv_nxt))
    {
      s.opts |= TCP_OPT_SACK;
      s.sack_start = seg->seq;
      s.sack_end = seq_gt (end, conn->rcv_nxt) ? conn->rcv_nxt : end;
    }
  xmit (conn, &s, TRACE_WHY_ACK);
}

void
tcp_send_loss_probe (TcpConn *conn)
{
  /* RFC 8985 §7.3 (Linux tcp_send_loss_probe): one new segment if the
   * peer's window takes it, even beyond cwnd (tcp_write_xmit with
   * push_one = 2 forces a quota of one); otherwise the last segment sent,
   * again. */
  guint32 flight = conn->snd_max - conn->snd_una;
  if (seq_lt (conn->snd_max, conn->snd_end) && conn->snd_nxt == conn->snd_max
      && conn->snd_wnd >= flight + conn->mss)
    {
      output_within (conn, MIN (conn->snd_wnd, flight + conn->mss), TRACE_WHY_TLP);
      conn->tlp_out = TRUE;
      conn->tlp_high_seq = conn->snd_max;
      return;
    }
  gboolean fin = conn->fin_queued && conn->snd_max == conn->snd_end + 1;
  guint32 len = conn->snd_max - conn->last_seg_seq - (fin ? 1 : 0);
  guint8 flags = TCP_FLAG_ACK | (len > 0 ? TCP_FLAG_PSH : 0) | (fin ? TCP_FLAG_FIN : 0);
  TcpSegment s = segment_template (conn, flags, conn->last_seg_seq);
  s.len = len;
  xmit (conn, &s, TRACE_WHY_TLP);
  conn->tlp_out = TRUE;
  conn->tlp_high_seq = conn->snd_max;
}

void
tcp_ack_schedule (TcpConn *conn, gboolean at_once)
{
  const TcpProfile *p = tcp_prof (conn);
  if (at_once || p->delack == 0 || conn->unacked_segs >= 2)
    {
      tcp_send_ack (conn);
      return;
    }
  if (!sim_timer_armed (&conn->delack_timer))
    tcp_delack_arm (conn, p->delack);
}

static gboolean
state_sends_data (TcpState s)
{
  return s == TCP_STATE_ESTABLISHED || s == TCP_STATE_CLOSE_WAIT || s == TCP_STATE_FIN_WAIT_1
         || s == TCP_STATE_CLOSING || s == TCP_STATE_LAST_ACK;
}

/* Times the segment about to go at SND.NXT for an RTT sample (RFC 6298
 * §3), if it is new data and no other segment is timed. */
static void
rtt_time_segment (TcpConn *conn)
{
  if (!conn->rtt_timing && !seq_lt (conn->snd_nxt, conn->snd_max))
    {
      conn->rtt_timing = TRUE;
      conn->rtt_seq = conn->snd_nxt;
      conn->rtt_start = tcp_now (conn);
    }
}

/* Sends what the window wnd allows (RFC 9293 §3.8.6, RFC 5681 §3.1: the
 * smaller of the peer's window and cwnd); why tags the segments (new
 * data, a go-back-N after a timeout, a loss probe). */
static void
output_within (TcpConn *conn, guint32 wnd, TraceWhy why)
{
  if (!state_sends_data (conn->state))
    return;
  gboolean sent_new = FALSE;
  for (;;)
    {
      guint32 flight = conn->snd_nxt - conn->snd_una;
      guint32 left = conn->snd_end - conn->snd_nxt;
      if (seq_geq (conn->snd_nxt, conn->snd_end))
        left = 0;
      gboolean fin_due = conn->fin_queued && conn->snd_nxt == conn->snd_end;
      if (left == 0 && !fin_due)
        break;
      guint32 room = wnd > flight ? wnd - flight : 0;
      guint32 len = MIN (MIN (left, (guint32) conn->mss), room);
      if (left > 0 && len == 0)
        break; /* window closed */
      /* Sender-side silly window avoidance (RFC 9293 §3.8.6.2.1): a short
       * segment only for the tail of the data or when nothing is in flight. */
      if (len < left && len < conn->mss && flight > 0)
        break;
      guint8 flags = TCP_FLAG_ACK;
      if (len > 0 && len == left)
        flags |= TCP_FLAG_PSH;
      /* Piggyback the FIN on the last data segment (Linux tcp_send_fin
       * joins it to the unsent tail), unless the profile sends it in a
       * segment of its own. */
      if (conn->fin_queued && len == left && (len == 0 || tcp_prof (conn)->fin_merge))
        flags |= TCP_FLAG_FIN;
      TcpSegment s = segment_template (conn, flags, conn->snd_nxt);
      s.len = len;
      rtt_time_segment (conn);
      if (seq_geq (conn->snd_nxt, conn->snd_max))
        {
          conn->last_seg_seq = conn->snd_nxt;
          sent_new = TRUE;
        }
      xmit (conn, &s, why);
      conn->snd_nxt += tcp_segment_seqlen (&s);
      if (seq_gt (conn->snd_nxt, conn->snd_max))
        conn->snd_max = conn->snd_nxt;
      if (flags & TCP_FLAG_FIN)
        {
          conn->fin_sent = TRUE;
          break;
        }
    }
  if (conn->snd_una != conn->snd_nxt && !sim_timer_armed (&conn->rexmit_timer))
    tcp_rexmit_arm (conn);
  /* Linux tcp_write_xmit(): new data (re)schedules the loss probe. */
  if (sent_new)
    tcp_tlp_schedule (conn);
  tcp_persist_check (conn);
}

void
tcp_output (TcpConn *conn)
{
  output_within (conn, MIN (conn->snd_wnd, conn->cwnd), TRACE_WHY_DATA);
}

void
tcp_retransmit_una (TcpConn *conn)
{
  /* One segment from SND.UNA, SND.NXT left where it is: fast retransmit
   * (RFC 5681 §3.2 step 4) and a partial ACK in recovery (RFC 6582 §3.2
   * step 5).  The FIN rides along when it was sent right after, on the
   * same segment where the profile merges them (fin_merge). */
  guint32 seq = conn->snd_una;
  guint32 left = seq_lt (seq, conn->snd_end) ? conn->snd_end - seq : 0;
  guint32 len = MIN (left, (guint32) conn->mss);
  gboolean fin = conn->fin_sent && len == left && (len == 0 || tcp_prof (conn)->fin_merge);
  guint8 flags = TCP_FLAG_ACK | (len > 0 && len == left ? TCP_FLAG_PSH : 0) | (fin ? TCP_FLAG_FIN : 0);
  TcpSegment s = segment_template (conn, flags, seq);
  s.len = len;
  conn->rtt_timing = FALSE; /* Karn */
  xmit (conn, &s, TRACE_WHY_FAST_REXMIT);
}

void
tcp_retransmit_head (TcpConn *conn)
{
  /* Go back to the oldest unacknowledged byte and send one segment (RFC
   * 6298 §5.4, RFC 5681 §3.1: after a timeout cwnd is one segment). */
  tcp_cc_on_rto (conn);
  conn->rtt_timing = FALSE; /* Karn: no sample from a retransmission */
  if (conn->snd_una == conn->iss)
    {
      /* The earliest unacknowledged segment is our SYN: a close() in
       * SYN-RECEIVED (RFC 9293 §3.10.4) sent a FIN behind it.  Retransmit
       * the SYN-ACK, not a byte of data at its sequence number (RFC 6298
       * §5.4). */
      tcp_send_syn (conn, TRUE);
      return;
    }
  conn->snd_nxt = conn->snd_una;
  conn->fin_sent = FALSE;
  output_within (conn, MIN (conn->snd_wnd, conn->cwnd), TRACE_WHY_RTO);
}
