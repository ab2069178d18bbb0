/* Listeners and the passive open (RFC 9293 §3.10.7.2): the SYN queue of
 * connections in SYN-RECEIVED and the accept queue of established ones,
 * what a stack does when either is full (Linux tcp_conn_request() and
 * tcp_check_req(), FreeBSD syncache, xnu), and reopening a TIME-WAIT
 * 4-tuple with a new SYN (RFC 1122 §4.2.2.13). */
#include "tcp/tcp_priv.h"

/* A SYN-RECEIVED child of a listener for the SYN (or cookie ACK) seg. */
TcpConn *
tcp_listener_child (TcpListener *l, const TcpSegment *seg)
{
  TcpStack *stack = l->stack;
  TcpConn *conn = tcp_conn_new (stack, seg->saddr, seg->sport, seg->dport);
  conn->id = tcp_ids_passive (stack->ids, seg);
  conn->listener = l;
  conn->passive = TRUE;
  conn->keepalive = l->keepalive;
  l->syn_queue++;
  conn->synq_link.data = conn;
  g_queue_push_tail_link (&l->embryonic, &conn->synq_link);
  tcp_conn_bind (conn);
  return conn;
}

void
tcp_listener_unqueue (TcpConn *conn)
{
  TcpListener *l = conn->listener;
  if (l == NULL)
    return;
  /* The links live in the connection: unlinking is O(1). */
  if (conn->synq_link.data != NULL)
    {
      g_queue_unlink (&l->embryonic, &conn->synq_link);
      conn->synq_link.data = NULL;
      l->syn_queue--;
    }
  if (conn->in_acceptq)
    {
      g_queue_unlink (&l->acceptq, &conn->acceptq_link);
      conn->acceptq_link.data = NULL;
      conn->in_acceptq = FALSE;
    }
}

TcpConn *
tcp_listener_acceptq_pop (TcpListener *l)
{
  GList *link = g_queue_pop_head_link (&l->acceptq);
  if (link == NULL)
    return NULL;
  TcpConn *conn = link->data;
  conn->acceptq_link.data = NULL;
  conn->in_acceptq = FALSE;
  return conn;
}

gboolean
tcp_listener_acceptq_full (const TcpListener *l)
{
  return g_queue_get_length ((GQueue *) &l->acceptq) >= l->acceptq_max;
}

/* The action on a final ACK that finds the accept queue full: Linux
 * ignores it unless tcp_abort_on_overflow (tcp_check_req
 * listen_overflow), FreeBSD resets (syncache_expand). */
TcpOverflowAction
tcp_listener_ack_overflow_action (const TcpProfile *p)
{
  if (p->acceptq_full_ack == TCP_OVERFLOW_DROP && p->abort_on_overflow)
    return TCP_OVERFLOW_RST;
  return p->acceptq_full_ack;
}

gboolean
tcp_listener_admit (TcpConn *conn, const TcpSegment *seg)
{
  TcpListener *l = conn->listener;
  if (l == NULL || !tcp_listener_acceptq_full (l))
    return TRUE;
  const TcpProfile *p = tcp_prof (conn);
  TcpOverflowAction action = tcp_listener_ack_overflow_action (p);
  if (action == TCP_OVERFLOW_NONE)
    return TRUE;
  l->stats.accept_overflows++;
  if (action == TCP_OVERFLOW_DROP)
    {
      /* Linux inet_rsk(req)->acked = 1: the request stays, its SYN-ACK
       * timer runs on, and a later ACK may find room. */
      tcp_trace_note (conn, TRACE_NOTE_ACCEPTQ_FULL_IGNORED, 0);
      return FALSE;
    }
  tcp_trace_note (conn, TRACE_NOTE_ACCEPTQ_FULL_RESET, 0);
  tcp_send_reset_reply (conn->stack, seg); /* <SEQ=SEG.ACK><CTL=RST> */
  tcp_conn_terminate (conn, TCP_OK);
  return FALSE;
}

void
tcp_listener_established (TcpConn *conn)
{
  TcpListener *l = conn->listener;
  if (l == NULL)
    return;
  l->stats.established++;
  if (!l->auto_accept)
    {
      conn->in_acceptq = TRUE;
      conn->acceptq_link.data = conn;
      g_queue_push_tail_link (&l->acceptq, &conn->acceptq_link);
      return;
    }
  conn->listener = NULL;
  l->stats.accepted++;
  if (l->accept != NULL)
    l->accept (l->accept_ctx, l, tcp_conn_ref (conn));
}

/* A SYN for a listener (RFC 9293 §3.10.7.2), through its queues.
 * tw_snd_nxt, when not NULL, is SND.NXT of the TIME-WAIT incarnation this
 * SYN reopens. */
static void
listener_syn (TcpListener *l, const TcpSegment *seg, const guint32 *tw_snd_nxt)
{
  TcpStack *stack = l->stack;
  const TcpProfile *p = &stack->profile;
  l->stats.syns++;
  /* A full accept queue: Linux tcp_conn_request() and xnu drop the SYN
   * (LISTENOVERFLOWS); a stack may refuse it with a reset. */
  if (tcp_listener_acceptq_full (l) && p->acceptq_full_syn != TCP_OVERFLOW_NONE)
    {
      if (p->acceptq_full_syn == TCP_OVERFLOW_RST)
        {
          l->stats.syn_refused++;
          tcp_send_reset_reply (stack, seg);
        }
      else
        l->stats.syn_dropped++;
      return;
    }
  if (l->syn_queue >= l->syn_backlog)
    {
      switch (p->synq_full)
        {
        case TCP_SYNQ_COOKIES:
          if (p->cookie_mss_n > 0 && p->cookie_period > 0)
            {
              tcp_syncookie_send (l, seg);
              return;
            }
          l->stats.syn_dropped++;
          return;
        case TCP_SYNQ_EVICT:
          {
            /* xnu tcp_dropdropablreq(): an embryonic connection makes
             * room (here the oldest, for determinism), silently. */
            TcpConn *old = g_queue_peek_head (&l->embryonic);
            if (old == NULL)
              {
                /* A SYN queue of no room (backlog 0) has nobody to evict:
                 * the SYN is dropped, as with TCP_SYNQ_DROP. */
                l->stats.syn_dropped++;
                return;
              }
            l->stats.embryonic_evicted++;
            tcp_trace_note (old, TRACE_NOTE_SYNQ_EVICTED, 0);
            tcp_conn_terminate (old, TCP_OK);
            break;
          }
        case TCP_SYNQ_DROP:
        case TCP_SYNQ_COUNT:
          l->stats.syn_dropped++;
          return; /* the client retries */
        }
    }
  TcpConn *conn = tcp_listener_child (l, seg);
  conn->irs = seg->seq;
  conn->rcv_nxt = seg->seq + 1;
  conn->iss = tcp_isn (stack, conn);
  /* RFC 1122 §4.2.2.13 (1): reopening from TIME-WAIT needs an ISN above
   * every sequence number of the old incarnation; Linux takes
   * SND.NXT + 65535 + 2 (tcp_timewait_state_process). */
  if (tw_snd_nxt != NULL && seq_lt (conn->iss, *tw_snd_nxt))
    conn->iss = *tw_snd_nxt + p->tw_isn_gap;
  conn->snd_una = conn->iss;
  conn->snd_nxt = conn->iss;
  conn->snd_max = conn->iss;
  conn->snd_end = conn->iss + 1;
  conn->ts_offset = tcp_ts_offset_for (stack, conn->iss);
  tcp_conn_take_syn_options (conn, seg);
  tcp_set_state (conn, TCP_STATE_SYN_RECEIVED);
  tcp_send_syn (conn, FALSE);
}

void
tcp_listener_input (gpointer endpoint, const TcpSegment *seg)
{
  TcpListener *l = endpoint;
  if (tcp_synfin_dropped (l->stack, seg))
    return;
  /* FreeBSD drops a SYN-ACK at a listener without a reset (tcp-testsuite
   * rcv-syn-ack-listen); RFC 9293 §3.10.7.2 answers any ACK with one. */
  if ((seg->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK | TCP_FLAG_RST)) == (TCP_FLAG_SYN | TCP_FLAG_ACK)
      && l->stack->profile.listen_synack_drop)
    return;
  /* RFC 9293 §3.10.7.2, in order: RST ignored; an ACK gets
   * <SEQ=SEG.ACK><CTL=RST> (unless it carries a valid SYN cookie); a SYN
   * opens; anything else is dropped. */
  if (seg->flags & TCP_FLAG_RST)
    return;
  if (seg->flags & TCP_FLAG_ACK)
    {
      if (!(seg->flags & TCP_FLAG_SYN) && tcp_syncookie_ack (l, seg))
        return;
      tcp_send_reset_reply (l->stack, seg);
      return;
    }
  if (seg->flags & TCP_FLAG_SYN)
    listener_syn (l, seg, NULL);
}

void
tcp_listener_reopen (TcpListener *l, const TcpSegment *seg, guint32 tw_snd_nxt)
{
  listener_syn (l, seg, &tw_snd_nxt);
}

