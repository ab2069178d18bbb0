/* Congestion control: the congestion window and slow-start threshold
 * (RFC 5681 §3.1, the initial window of RFC 6928 from the profile), the
 * duplicate-ACK count and fast retransmit (RFC 5681 §3.2), NewReno fast
 * recovery and its `recover` mark (RFC 6582 §3.2), and what a
 * retransmission timeout does to them (RFC 5681 §3.1, RFC 6582 §3.2 step
 * 4).  This file is the only one that writes cwnd, ssthresh, dupacks,
 * in_recovery and recover; input, output and the timers say what
 * happened through the tcp_cc_on_*() calls. */
#include "tcp/tcp_priv.h"

void
tcp_cc_init (TcpConn *conn)
{
  conn->cwnd = tcp_prof (conn)->init_cwnd * conn->mss;
  conn->ssthresh = G_MAXUINT32;
  conn->recover = conn->iss; /* RFC 6582 §3.2 step 1 */
}

/* RFC 6582 §3.2 step 5: new data acknowledged during fast recovery. */
static void
recovery_ack (TcpConn *conn, guint32 acked)
{
  if (seq_geq (conn->snd_una, conn->recover))
    {
      /* A full acknowledgement: deflate to min(ssthresh, FlightSize + SMSS)
       * (option 1) and leave recovery. */
      guint32 flight = conn->snd_max - conn->snd_una;
      conn->cwnd = MIN (conn->ssthresh, MAX (flight, (guint32) conn->mss) + conn->mss);
      conn->in_recovery = FALSE;
      return;
    }
  /* A partial acknowledgement: the next hole is lost too.  Retransmit it,
   * deflate by what was acknowledged and add back one segment. */
  tcp_retransmit_una (conn);
  conn->cwnd = conn->cwnd > acked ? conn->cwnd - acked : 0;
  if (acked >= conn->mss)
    conn->cwnd += conn->mss;
  conn->cwnd = MAX (conn->cwnd, (guint32) conn->mss);
}

void
tcp_cc_on_ack (TcpConn *conn, guint32 acked)
{
  conn->dupacks = 0;
  /* Slow start / congestion avoidance (RFC 5681 §3.1), or recovery. */
  if (conn->in_recovery)
    recovery_ack (conn, acked);
  else if (conn->cwnd < conn->ssthresh)
    conn->cwnd += MIN (acked, (guint32) conn->mss);
  else
    conn->cwnd += MAX (1u, (guint32) conn->mss * conn->mss / conn->cwnd);
}

/* RFC 5681 §3.2 steps 2-6 with RFC 6582's check of `recover`. */
void
tcp_cc_on_dupack (TcpConn *conn)
{
  guint thresh = tcp_prof (conn)->dupthresh;
  if (thresh == 0)
    return;
  conn->dupacks++;
  if (conn->in_recovery)
    {
      /* Step 5: inflate.  Step 6, new data if cwnd allows, is the
       * tcp_output() that ends every segment's processing. */
      conn->cwnd += conn->mss;
      return;
    }
  if (conn->dupacks != thresh || seq_lt (conn->snd_una, conn->recover))
    return;
  /* Steps 2-4: halve, retransmit the missing segment, inflate by the
   * segments that have left the network. */
  guint32 flight = conn->snd_max - conn->snd_una;
  conn->ssthresh = MAX (flight / 2, 2u * conn->mss);
  conn->recover = conn->snd_max;
  conn->in_recovery = TRUE;
  conn->tlp_armed = FALSE;
  tcp_trace_note (conn, TRACE_NOTE_FAST_REXMIT, conn->dupacks);
  tcp_retransmit_una (conn);
  conn->cwnd = conn->ssthresh + thresh * conn->mss;
  tcp_rexmit_arm (conn);
}

void
tcp_cc_on_rto (TcpConn *conn)
{
  /* RFC 5681 §3.1 (equation 4 and after a timeout cwnd is one segment). */
  guint32 flight = conn->snd_max - conn->snd_una;
  conn->ssthresh = MAX (flight / 2, 2u * conn->mss);
  conn->cwnd = conn->mss;
  /* RFC 6582 §3.2 step 4: a timeout ends recovery, and duplicate ACKs for
   * what was sent before it start no fast retransmit. */
  conn->in_recovery = FALSE;
  conn->dupacks = 0;
  conn->recover = conn->snd_max;
}
