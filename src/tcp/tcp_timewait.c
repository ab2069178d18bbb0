/* The compact TIME-WAIT record (Linux inet_timewait_sock,
 * tcp_timewait_state_process()): when a connection has entered TIME-WAIT
 * and nobody holds it any more (the application let go, no listener
 * queue has it, no timer but 2·MSL runs), the full control block is
 * replaced by a record of what RFC 9293 §3.10.7.4 and the profile need to
 * answer a segment for the rest of the 2·MSL: the sequence numbers, the
 * receive window, the timestamp state, the challenge-ACK limiter, and the
 * timer, moved in place (sched_move.h) so that the order of events does
 * not change.
 *
 * The host's table maps the connection's key to the record's address with
 * the low bit set (tcp_timewait_is()).  A segment is answered here exactly
 * as tcp_input.c answers it in TIME-WAIT (each step below names the one it
 * mirrors), through a control block on the C stack for building segments
 * and trace events; where the connection ends (the timer, an RST, a new
 * SYN that reopens it, a crash), a full control block is rebuilt and ends
 * the usual way, so every trace event and segment is as before. */
#include "tcp/tcp_priv.h"

#include "sim/sched_move.h"

#include <string.h>

struct TcpTimeWait
{
  SimTimer timer;             /* 2·MSL; while free, timer.ctx links the free list */
  TcpStack *stack;
  guint64 id;
  guint64 key;                /* host_conn_key(): local port, remote address and port */
  SimTime chack_window_start; /* RFC 5961 §7 limiter */
  guint32 snd_nxt;            /* = SND.UNA = SND.MAX: our FIN is acknowledged */
  guint32 rcv_nxt, iss, irs;
  guint32 rcv_wnd;
  guint32 ts_recent, ts_offset;
  guint16 chack_count;
  guint8 rcv_wscale;
  guint8 flags;               /* TW_* */
};

enum
{
  TW_TS_OK = 1 << 0,
  TW_CHACK_STARTED = 1 << 1,
  TW_PASSIVE = 1 << 2,
};

/* Records come from chunks of the stack (no allocation per record and no
 * allocator header), freed with the stack. */
#define TW_CHUNK 1024

static void tw_fired (Sim *sim, gpointer ctx);

static TcpTimeWait *
tw_alloc (TcpStack *stack)
{
  if (stack->tw_free == NULL)
    {
      TcpTimeWait *chunk = g_new (TcpTimeWait, TW_CHUNK);
      g_ptr_array_add (stack->tw_chunks, chunk);
      for (guint i = 0; i < TW_CHUNK; i++)
        {
          chunk[i].timer.ctx = stack->tw_free;
          stack->tw_free = &chunk[i];
        }
    }
  TcpTimeWait *tw = stack->tw_free;
  stack->tw_free = tw->timer.ctx;
  return tw;
}

static void
tw_release (TcpTimeWait *tw)
{
  TcpStack *stack = tw->stack;
  tw->timer.ctx = stack->tw_free;
  stack->tw_free = tw;
}

void
tcp_timewait_free_all (TcpStack *stack)
{
  for (guint i = 0; i < stack->tw_chunks->len; i++)
    g_free (g_ptr_array_index (stack->tw_chunks, i));
  g_ptr_array_set_size (stack->tw_chunks, 0);
  stack->tw_free = NULL;
}

gboolean
tcp_timewait_is (gconstpointer endpoint)
{
  return ((guintptr) endpoint & 1) != 0;
}

static TcpTimeWait *
tw_of (gpointer endpoint)
{
  return (TcpTimeWait *) ((guintptr) endpoint & ~(guintptr) 1);
}

static gpointer
tw_endpoint (TcpTimeWait *tw)
{
  return (gpointer) ((guintptr) tw | 1);
}

/* The control block of the record, as the connection had it: what
 * building a segment, tracing and ending read. */
static void
tw_fill (TcpConn *conn, const TcpTimeWait *tw)
{
  memset (conn, 0, sizeof *conn);
  TcpStack *stack = tw->stack;
  conn->stack = stack;
  conn->id = tw->id;
  conn->key = tw->key;
  conn->refs = 1;
  conn->state = TCP_STATE_TIME_WAIT;
  conn->laddr = stack->host->addr;
  conn->lport = (guint16) (tw->key >> 48);
  conn->raddr = (guint32) (tw->key >> 16);
  conn->rport = (guint16) tw->key;
  conn->iss = tw->iss;
  conn->irs = tw->irs;
  conn->snd_una = conn->snd_nxt = conn->snd_max = tw->snd_nxt;
  conn->snd_end = tw->snd_nxt - 1; /* our FIN's sequence number */
  conn->fin_queued = conn->fin_sent = TRUE;
  conn->rcv_nxt = tw->rcv_nxt;
  conn->rcv_wnd = tw->rcv_wnd;
  conn->rcv_wscale = tw->rcv_wscale;
  conn->ts_ok = (tw->flags & TW_TS_OK) != 0;
  conn->ts_recent = tw->ts_recent;
  conn->ts_offset = tw->ts_offset;
  conn->chack_started = (tw->flags & TW_CHACK_STARTED) != 0;
  conn->chack_window_start = tw->chack_window_start;
  conn->chack_count = tw->chack_count;
  conn->passive = (tw->flags & TW_PASSIVE) != 0;
  conn->orphan = conn->user_closed = TRUE;
  conn->mss = stack->profile.mss_default;
  conn->last_rcv = stack->sim->now;
  tcp_timers_init (conn);
}

/* Takes back what sending through the stand-in may have changed. */
static void
tw_take (TcpTimeWait *tw, const TcpConn *conn)
{
  tw->chack_window_start = conn->chack_window_start;
  tw->chack_count = (guint16) conn->chack_count;
  if (conn->chack_started)
    tw->flags |= TW_CHACK_STARTED;
}

gboolean
tcp_timewait_adopt (TcpConn *conn)
{
  /* Only when nothing but the record's fields can matter any more. */
  if (conn->state != TCP_STATE_TIME_WAIT || conn->refs != 1 || conn->user != NULL
      || conn->listener != NULL || conn->in_acceptq || conn->snd_una != conn->snd_nxt
      || conn->snd_nxt != conn->snd_max || !conn->fin_sent || conn->ooo_len > 0 || conn->ooo_fin
      || sim_timer_armed (&conn->rexmit_timer) || sim_timer_armed (&conn->delack_timer)
      || sim_timer_armed (&conn->keep_timer) || !sim_timer_armed (&conn->wait_timer)
      || conn->chack_count > G_MAXUINT16)
    return FALSE;
  TcpStack *stack = conn->stack;
  TcpTimeWait *tw = tw_alloc (stack);
  *tw = (TcpTimeWait) {
    .stack = stack, .id = conn->id, .key = conn->key,
    .chack_window_start = conn->chack_window_start,
    .snd_nxt = conn->snd_nxt, .rcv_nxt = conn->rcv_nxt, .iss = conn->iss, .irs = conn->irs,
    .rcv_wnd = conn->rcv_wnd, .ts_recent = conn->ts_recent, .ts_offset = conn->ts_offset,
    .chack_count = (guint16) conn->chack_count, .rcv_wscale = conn->rcv_wscale,
    .flags = (conn->ts_ok ? TW_TS_OK : 0) | (conn->chack_started ? TW_CHACK_STARTED : 0)
             | (conn->passive ? TW_PASSIVE : 0),
  };
  sim_timer_move (stack->sim, &conn->wait_timer, &tw->timer, tw_fired, tw);
  /* The table's entry now names the record; the control block goes as a
   * released connection goes (the stack's reference, dropped at once:
   * no event, and nothing else holds it). */
  host_rebind_conn (stack->host, tw->key, tw_endpoint (tw));
  tcp_ooo_clear (conn);
  conn->state = TCP_STATE_CLOSED; /* quietly: the connection lives on in tw */
  tcp_conn_unref (conn);
  return TRUE;
}

/* A full control block in TIME-WAIT again, for an end of the connection
 * (tcp_conn_terminate()); the record is gone.  The timer is disarmed
 * quietly: the caller traces its cancel where the connection would. */
static TcpConn *
tw_revive (TcpTimeWait *tw)
{
  TcpConn *conn = g_new (TcpConn, 1);
  tw_fill (conn, tw);
  sim_timer_cancel (tw->stack->sim, &tw->timer);
  tw_release (tw);
  return conn;
}

/* tcp_conn_terminate() of a connection whose 2·MSL timer is armed: its
 * cancel is the first thing traced (tcp_timers_cancel()). */
static void
tw_terminate (TcpConn *conn)
{
  tcp_trace_timer_cancel (conn, TRACE_TIMER_TIME_WAIT);
  tcp_conn_terminate (conn, TCP_OK);
}

/* tcp_timer.c wait_fired(). */
static void
tw_fired (Sim *sim, gpointer ctx)
{
  (void) sim;
  TcpConn *conn = tw_revive (ctx);
  TcpStack *stack = conn->stack;
  tcp_trace_fire (conn, TRACE_FIRE_TIME_WAIT, 0, 0);
  tcp_conn_terminate (conn, TCP_OK);
  /* Nothing but the stack's release list holds a revived block: free it
   * now, not at the reap event.  On the kernel's timer wheel a tick ends
   * thousands of TIME-WAITs at once, and each 112-byte record would
   * otherwise come back as a full block until the tick is over. */
  guint n = stack->dead->len;
  if (n > 0 && g_ptr_array_index (stack->dead, n - 1) == conn && conn->refs == 1)
    {
      g_ptr_array_remove_index (stack->dead, n - 1);
      tcp_conn_unref (conn);
    }
}

/* tcp_wait_arm() in TIME-WAIT. */
static void
tw_rearm (TcpTimeWait *tw, TcpConn *stand_in)
{
  TcpStack *stack = tw->stack;
  /* Through the profile's timer model, as tcp_wait_arm() does. */
  SimTime when = tcp_stack_fire_time (stack, sim_time_add (stack->sim->now, stack->profile.time_wait));
  sim_timer_arm (stack->sim, &tw->timer, when);
  tcp_trace_timer_arm (stand_in, TRACE_TIMER_TIME_WAIT, when);
}

/* tcp_input.c segment_acceptable(). */
static gboolean
tw_acceptable (const TcpTimeWait *tw, const TcpSegment *seg)
{
  guint32 len = tcp_segment_seqlen (seg);
  guint32 wnd = tw->rcv_wnd;
  if (len == 0)
    return wnd == 0 ? seg->seq == tw->rcv_nxt
                    : seq_leq (tw->rcv_nxt, seg->seq) && seq_lt (seg->seq, tw->rcv_nxt + wnd);
  if (wnd == 0)
    return FALSE;
  guint32 last = seg->seq + len - 1;
  return (seq_leq (tw->rcv_nxt, seg->seq) && seq_lt (seg->seq, tw->rcv_nxt + wnd))
         || (seq_leq (tw->rcv_nxt, last) && seq_lt (last, tw->rcv_nxt + wnd));
}

/* tcp_conn_input() -> synchronized_input() in TIME-WAIT, step by step. */
static void
tw_input (TcpTimeWait *tw, const TcpSegment *seg)
{
  TcpStack *stack = tw->stack;
  const TcpProfile *p = &stack->profile;
  guint8 f = seg->flags;
  TcpConn stand_in;
  tw_fill (&stand_in, tw);

  /* First, syn_in_time_wait(): a new SYN may reopen (RFC 1122
   * §4.2.2.13, RFC 6191). */
  if ((f & (TCP_FLAG_SYN | TCP_FLAG_ACK | TCP_FLAG_RST)) == TCP_FLAG_SYN)
    {
      gboolean newer_ts = p->tw_reuse_ts && (tw->flags & TW_TS_OK) && (seg->opts & TCP_OPT_TS)
                          && (gint32) (tw->ts_recent - seg->ts_val) < 0;
      if ((p->tw_reuse_syn && seq_gt (seg->seq, tw->rcv_nxt)) || newer_ts)
        {
          TcpListener *l = host_lookup_listener (stack->host, (guint16) (tw->key >> 48));
          if (l != NULL)
            {
              guint32 tw_snd_nxt = tw->snd_nxt;
              TcpConn *conn = tw_revive (tw);
              tcp_trace_note (conn, TRACE_NOTE_TIME_WAIT_REOPENED, 0);
              tw_terminate (conn);
              tcp_listener_reopen (l, seg, tw_snd_nxt);
              return;
            }
        }
    }
  /* FreeBSD tcp_twcheck() (tw_bsd_check), as time_wait_bsd() in
   * tcp_input.c.  A SYN it would pass on has had its chance to reopen
   * above: the record drops it. */
  if (p->tw_bsd_check)
    {
      guint what = tcp_tw_bsd_check (seg, tw->rcv_nxt, tw->snd_nxt);
      if (what & TCP_TW_BSD_REARM)
        tw_rearm (tw, &stand_in);
      if (what & TCP_TW_BSD_ACK)
        tcp_send_ack (&stand_in);
      return;
    }
  /* First, step_check_sequence(): an unacceptable segment is ACKed
   * (unless RST); a FIN again restarts 2·MSL. */
  if (!tw_acceptable (tw, seg))
    {
      if (f & TCP_FLAG_RST)
        return;
      if (f & TCP_FLAG_FIN)
        tw_rearm (tw, &stand_in);
      tcp_send_ack (&stand_in);
      return;
    }
  /* Second, step_rst(): RFC 5961 §3.2, then RFC 1337 per profile. */
  if (f & TCP_FLAG_RST)
    {
      if (seg->seq != tw->rcv_nxt && p->rfc5961)
        {
          tcp_send_challenge_ack (&stand_in);
          tw_take (tw, &stand_in);
          return;
        }
      if (!p->tw_rst_ignore)
        tw_terminate (tw_revive (tw));
      return;
    }
  /* Fourth, step_syn(): in TIME-WAIT an ACK. */
  if (f & TCP_FLAG_SYN)
    {
      tcp_send_ack (&stand_in);
      return;
    }
  /* Fifth, step_ack(): the timestamp to echo (RFC 7323 §4.3); an ACK of
   * something never sent is ACKed.  (SND.UNA = SND.MAX: nothing else to
   * acknowledge, no duplicate ACK; the send window no longer matters.) */
  if (!(f & TCP_FLAG_ACK))
    return;
  if ((tw->flags & TW_TS_OK) && (seg->opts & TCP_OPT_TS) && seq_leq (seg->seq, tw->rcv_nxt))
    {
      tw->ts_recent = seg->ts_val;
      stand_in.ts_recent = seg->ts_val;
    }
  if (seq_gt (seg->ack, tw->snd_nxt))
    {
      tcp_send_ack (&stand_in);
      return;
    }
  /* Seventh, step_text(): TIME-WAIT takes no data; a pure duplicate is
   * ACKed. */
  guint32 len = seg->len;
  if (seq_lt (seg->seq, tw->rcv_nxt))
    {
      guint32 dup = tw->rcv_nxt - seg->seq;
      len = dup >= len ? 0 : len - dup;
    }
  if (seg->len > 0 && len == 0 && !(f & TCP_FLAG_FIN))
    {
      tcp_send_ack (&stand_in);
      return;
    }
  /* Eighth, step_fin(): a FIN at RCV.NXT restarts 2·MSL and is ACKed.
   * (finish_input() sends nothing in TIME-WAIT.) */
  if ((f & TCP_FLAG_FIN) && seg->seq + seg->len == tw->rcv_nxt)
    {
      tw->rcv_nxt++;
      stand_in.rcv_nxt++;
      tw_rearm (tw, &stand_in);
      tcp_send_ack (&stand_in);
    }
}

guint
tcp_tw_bsd_check (const TcpSegment *seg, guint32 rcv_nxt, guint32 snd_nxt)
{
  /* tcp_twcheck(), in its order: a RST is dropped; a SYN above RCV.NXT
   * may reopen (the caller's usual path); without ACK, dropped; a
   * duplicate FIN restarts 2MSL; "acknowledge the segment if it has data
   * or is not a duplicate ACK". */
  guint8 f = seg->flags;
  if (f & TCP_FLAG_RST)
    return 0;
  if ((f & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == TCP_FLAG_SYN && seq_gt (seg->seq, rcv_nxt))
    return TCP_TW_BSD_PASS;
  if (!(f & TCP_FLAG_ACK))
    return 0;
  guint what = 0;
  if ((f & TCP_FLAG_FIN) && seg->seq + seg->len + ((f & TCP_FLAG_SYN) ? 1 : 0) + 1 == rcv_nxt)
    what |= TCP_TW_BSD_REARM;
  if (f != TCP_FLAG_ACK || seg->len != 0 || seg->seq != rcv_nxt || seg->ack != snd_nxt)
    what |= TCP_TW_BSD_ACK;
  return what;
}

void
tcp_endpoint_input (gpointer endpoint, const TcpSegment *seg)
{
  if (tcp_timewait_is (endpoint))
    {
      if (!tcp_synfin_dropped (tw_of (endpoint)->stack, seg))
        tw_input (tw_of (endpoint), seg);
      return;
    }
  TcpConn *conn = endpoint;
  if (tcp_synfin_dropped (conn->stack, seg))
    return;
  tcp_conn_input (conn, seg);
  /* The stack holds conn until the reap event, so it is still here. */
  if (conn->state == TCP_STATE_TIME_WAIT)
    tcp_timewait_adopt (conn);
}

TcpConn *
tcp_timewait_end (gpointer endpoint)
{
  TcpConn *conn = tw_revive (tw_of (endpoint));
  tw_terminate (conn);
  return conn;
}

void
tcp_timewait_discard (gpointer endpoint)
{
  TcpTimeWait *tw = tw_of (endpoint);
  sim_timer_cancel (tw->stack->sim, &tw->timer);
  host_unbind_conn (tw->stack->host, &tw->key);
  tw_release (tw);
}

guint64
tcp_timewait_id (gconstpointer endpoint)
{
  return tw_of ((gpointer) endpoint)->id;
}

gsize
tcp_timewait_record_size (void)
{
  return sizeof (TcpTimeWait);
}
