/* The receive buffer: data in order that the application has not read,
 * the window it leaves (RFC 9293 §3.8.6.2.2, RFC 1122 §4.2.3.3, RFC 7323
 * §2.3), and the application's reading (tcp_set_reading()).  Payload bytes
 * are not simulated: the buffer is a count. */
#include "tcp/tcp_priv.h"

guint32
tcp_rcvbuf_size (const TcpConn *conn)
{
  /* FreeBSD tcp_mss_update() rounds the receive buffer up to a multiple
   * of the MSS once the peer's SYN has told it (65536 -> 65700 for 1460). */
  const TcpProfile *p = tcp_prof (conn);
  guint32 size = p->rcvbuf;
  if (p->rcvbuf_mss_round && conn->mss > 0 && conn->state != TCP_STATE_SYN_SENT
      && conn->state != TCP_STATE_CLOSED && conn->state != TCP_STATE_LISTEN)
    {
      guint64 r = ((guint64) size + conn->mss - 1) / conn->mss * conn->mss;
      size = (guint32) MIN (r, (guint64) G_MAXUINT32);
    }
  return size;
}

guint32
tcp_rcvbuf_free (const TcpConn *conn)
{
  guint32 size = tcp_rcvbuf_size (conn);
  return size > conn->rcv_buffered ? size - conn->rcv_buffered : 0;
}

gboolean
tcp_rcvbuf_reading (const TcpConn *conn)
{
  return !conn->not_reading;
}

void
tcp_rcvbuf_add (TcpConn *conn, guint32 bytes)
{
  if (conn->not_reading)
    conn->rcv_buffered += bytes;
}

guint32
tcp_rcv_window (const TcpConn *conn)
{
  /* Until a window has been advertised after the handshake, the one the
   * SYN or SYN-ACK offers: the profile's, at most the buffer. */
  if (!conn->rcv_adv_set)
    return MIN (conn->rcv_wnd, tcp_rcvbuf_size (conn));
  return seq_gt (conn->rcv_adv, conn->rcv_nxt) ? conn->rcv_adv - conn->rcv_nxt : 0;
}

/* The window the buffer allows now, before scaling: its free space, at
 * most the window the connection opened with (conn->rcv_wnd), and zero
 * when the buffer limits it to less than min(rcvbuf/2, MSS) (receiver
 * silly window avoidance, RFC 9293 §3.8.6.2.2; Linux __tcp_select_window
 * returns 0 below one MSS). */
static guint32
buffer_window (const TcpConn *conn)
{
  guint32 size = tcp_rcvbuf_size (conn);
  guint32 free = tcp_rcvbuf_free (conn);
  if (free >= conn->rcv_wnd)
    return conn->rcv_wnd;
  if (conn->rcv_buffered == 0)
    return free; /* a buffer smaller than the window: all of it */
  if (free < MIN (size / 2, (guint32) conn->mss))
    return 0;
  return free;
}

guint16
tcp_rcvbuf_window_field (TcpConn *conn)
{
  const TcpProfile *p = tcp_prof (conn);
  guint32 w = buffer_window (conn);
  /* The right edge never moves left (RFC 9293 §3.8.6.2.2, RFC 1122
   * §4.2.2.16; Linux tcp_select_window: "never shrink the offered
   * window"). */
  guint32 cur = conn->rcv_adv_set ? tcp_rcv_window (conn) : 0;
  w = MAX (w, cur);
  guint shift = conn->rcv_wscale;
  guint32 field;
  if (p->win_round && shift > 0)
    /* Linux __tcp_select_window: window = ALIGN(free_space, 1 <<
     * rcv_wscale), so that the scaling never hides space (64240 >> 10
     * is advertised as 63, not 62). */
    field = (guint32) (((guint64) w + (1u << shift) - 1) >> shift);
  else
    field = w >> shift;
  field = MIN (field, 65535u);
  conn->rcv_adv = conn->rcv_nxt + (field << shift);
  conn->rcv_adv_set = TRUE;
  return (guint16) field;
}

/* After the application read: a window update when the window the
 * buffer allows exceeds the advertised one by min(rcvbuf/2, MSS) (RFC
 * 9293 §3.8.6.2.2, the receiver's half of silly window avoidance). */
static void
window_update (TcpConn *conn)
{
  if (conn->state != TCP_STATE_ESTABLISHED && conn->state != TCP_STATE_FIN_WAIT_1
      && conn->state != TCP_STATE_FIN_WAIT_2)
    return;
  guint32 w = buffer_window (conn), cur = tcp_rcv_window (conn);
  if (w > cur && w - cur >= MIN (tcp_rcvbuf_size (conn) / 2, (guint32) conn->mss))
    tcp_send_ack (conn);
}

void
tcp_set_reading (TcpConn *conn, gboolean on)
{
  TraceEvent call = { .call = on ? TRACE_CALL_READ : TRACE_CALL_STOP_READING,
                      .count = on ? conn->rcv_buffered : 0 };
  if (conn->state == TCP_STATE_CLOSED)
    {
      tcp_trace_call (conn->stack, conn, &call, TCP_ENOTCONN);
      return;
    }
  tcp_trace_call (conn->stack, conn, &call, TCP_OK);
  if (!on)
    {
      conn->not_reading = TRUE;
      return;
    }
  if (!conn->not_reading)
    return;
  conn->not_reading = FALSE;
  guint32 bytes = conn->rcv_buffered;
  conn->rcv_buffered = 0;
  tcp_conn_ref (conn); /* the callbacks may drop every other reference */
  window_update (conn);
  if (bytes > 0 && conn->user && conn->user->received)
    conn->user->received (conn->user_ctx, conn, bytes);
  if (conn->eof_pending && conn->state != TCP_STATE_CLOSED)
    {
      conn->eof_pending = FALSE;
      if (conn->user && conn->user->eof)
        conn->user->eof (conn->user_ctx, conn);
    }
  tcp_conn_unref (conn);
}
