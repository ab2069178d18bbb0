/* The zero-window probe (RFC 9293 §3.8.6.1, RFC 1122 §4.2.2.17): while
 * the peer advertises a zero window, data waits and nothing is in flight,
 * the persist timer sends a probe every RTO, doubling up to rto_max
 * (Linux tcp_probe0_when, BSD tcp_setpersist), until an ACK opens the
 * window.  The probe is one byte of new data or, as Linux sends it
 * (tcp_xmit_probe_skb), <SEQ=SND.UNA-1><CTL=ACK> without data (profile
 * zwp).  The connection never gives up while probes are answered (RFC
 * 1122 §4.2.2.17); after retries2 unanswered ones (orphan_retries for an
 * orphan) the peer is dead: ETIMEDOUT, without a reset (Linux
 * tcp_write_err). */
#include "tcp/tcp_priv.h"

/* Data waits behind a zero window with nothing in flight.  A one-byte
 * probe raises SND.MAX above SND.NXT = SND.UNA without sending anything
 * else, so "nothing in flight" is SND.NXT = SND.UNA. */
static gboolean
window_blocks (const TcpConn *conn)
{
  gboolean sends = conn->state == TCP_STATE_ESTABLISHED || conn->state == TCP_STATE_CLOSE_WAIT
                   || conn->state == TCP_STATE_FIN_WAIT_1 || conn->state == TCP_STATE_CLOSING
                   || conn->state == TCP_STATE_LAST_ACK;
  return sends && conn->snd_wnd == 0 && conn->snd_nxt == conn->snd_una
         && seq_lt (conn->snd_nxt, conn->snd_end);
}

static SimTime
persist_interval (const TcpConn *conn)
{
  const TcpProfile *p = tcp_prof (conn);
  SimTime rto = MAX (conn->rto, p->rto_min);
  return MIN (sim_time_shl (rto, MIN (conn->persist_probes, 62u)), p->rto_max);
}

void
tcp_persist_check (TcpConn *conn)
{
  if (!window_blocks (conn))
    {
      tcp_persist_stop (conn);
      conn->persist_probes = 0;
      return;
    }
  if (!sim_timer_armed (&conn->persist_timer) && !sim_timer_armed (&conn->rexmit_timer))
    tcp_persist_arm (conn, persist_interval (conn));
}

static void
send_probe (TcpConn *conn)
{
  if (tcp_prof (conn)->zwp == TCP_ZWP_ACK)
    {
      tcp_send_window_probe (conn, conn->snd_una - 1, 0, TCP_FLAG_ACK);
      return;
    }
  /* The first unsent byte, beyond the window.  SND.NXT stays: if the peer
   * takes the byte its ACK advances SND.UNA past it. */
  gboolean last = conn->snd_end - conn->snd_una == 1;
  tcp_send_window_probe (conn, conn->snd_una, 1, TCP_FLAG_ACK | (last ? TCP_FLAG_PSH : 0));
  if (seq_lt (conn->snd_max, conn->snd_una + 1))
    conn->snd_max = conn->snd_una + 1;
}

void
tcp_persist_fired (Sim *sim, gpointer ctx)
{
  (void) sim;
  TcpConn *conn = ctx;
  if (!window_blocks (conn))
    {
      conn->persist_probes = 0;
      return;
    }
  /* Linux tcp_probe_timer: the connection is dead once max_probes
   * (tcp_retries2, or tcp_orphan_retries for an orphan) probes went
   * unanswered; answered ones never end it (RFC 1122 §4.2.2.17). */
  const TcpProfile *p = tcp_prof (conn);
  guint limit = conn->orphan && p->orphan_retries > 0 ? p->orphan_retries : p->retries2;
  if (conn->persist_unanswered >= limit)
    {
      tcp_trace_fire (conn, TRACE_FIRE_PERSIST_GIVEUP, conn->persist_unanswered, 0);
      tcp_conn_terminate (conn, TCP_ETIMEDOUT);
      return;
    }
  conn->persist_probes++;
  conn->persist_unanswered++;
  SimTime next = persist_interval (conn);
  tcp_trace_fire (conn, TRACE_FIRE_PERSIST_PROBE, conn->persist_probes, next);
  send_probe (conn);
  tcp_persist_arm (conn, next);
}
