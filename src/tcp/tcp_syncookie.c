/* SYN cookies (RFC 4987 §3.6; Linux net/ipv4/syncookies.c): a listener
 * whose SYN queue is full answers with a stateless SYN-ACK whose ISN
 * encodes the connection, and rebuilds the connection from the ACK. */
#include "tcp/tcp_priv.h"

#define COOKIE_BITS 24
#define COOKIE_MASK ((1u << COOKIE_BITS) - 1)
#define COOKIE_TS_BITS 6 /* option bits in the TSval (Linux TSBITS) */
#define COOKIE_TS_MASK ((1u << COOKIE_TS_BITS) - 1)
#define COOKIE_TS_NO_WSCALE 0xfu
#define COOKIE_TS_SACK 0x10u

static guint32
cookie_hash (const TcpStack *stack, guint32 saddr, guint16 sport, guint32 daddr, guint16 dport,
             guint32 count, guint c)
{
  guint64 z = tcp_mix64 (stack->cookie_secret[c] ^ (((guint64) saddr << 32) | daddr));
  z = tcp_mix64 (z ^ (((guint64) sport << 48) | ((guint64) dport << 32) | count));
  return (guint32) z;
}

/* Linux secure_tcp_syn_cookie(): the peer's ISN, a keyed hash, the
 * period count in the top 8 bits, and the MSS index hashed into the low
 * 24 (so that the ISN still looks random). */
static guint32
cookie_make (const TcpStack *stack, const TcpSegment *syn, guint32 count, guint idx)
{
  guint32 h1 = cookie_hash (stack, syn->saddr, syn->sport, syn->daddr, syn->dport, 0, 0);
  guint32 h2 = cookie_hash (stack, syn->saddr, syn->sport, syn->daddr, syn->dport, count, 1);
  return h1 + syn->seq + (count << COOKIE_BITS) + ((h2 + idx) & COOKIE_MASK);
}

/* Linux check_tcp_syn_cookie(): the MSS index, or -1 when the cookie is
 * forged or older than cookie_max_age periods. */
static gint
cookie_check (const TcpStack *stack, const TcpSegment *ack, guint32 count)
{
  const TcpProfile *p = &stack->profile;
  guint32 cookie = ack->ack - 1, peer_isn = ack->seq - 1;
  guint32 h1 = cookie_hash (stack, ack->saddr, ack->sport, ack->daddr, ack->dport, 0, 0);
  guint32 c = cookie - h1 - peer_isn;
  guint32 made = c >> COOKIE_BITS;
  guint32 age = (count - made) & (0xffffffffu >> COOKIE_BITS);
  if (age >= p->cookie_max_age)
    return -1;
  guint32 h2 = cookie_hash (stack, ack->saddr, ack->sport, ack->daddr, ack->dport,
                            (count - age) & (0xffffffffu >> COOKIE_BITS), 1);
  guint32 idx = (c - h2) & COOKIE_MASK;
  return idx < p->cookie_mss_n ? (gint) idx : -1;
}

static guint32
cookie_count (const TcpStack *stack)
{
  return (guint32) (stack->sim->now / stack->profile.cookie_period)
         & (0xffffffffu >> COOKIE_BITS);
}

/* A stateless SYN-ACK whose ISN is the cookie.  The options the
 * connection needs later travel in the low bits of our TSval (Linux
 * cookie_init_timestamp()); without timestamps only the MSS survives, so
 * the SYN-ACK offers nothing else (tcp_conn_request:
 * tcp_clear_options()). */
void
tcp_syncookie_send (TcpListener *l, const TcpSegment *syn)
{
  TcpStack *stack = l->stack;
  const TcpProfile *p = &stack->profile;
  guint16 peer_mss = (syn->opts & TCP_OPT_MSS) ? syn->mss : p->mss_default;
  guint idx = 0;
  for (guint i = 0; i < p->cookie_mss_n; i++)
    if (p->cookie_mss[i] <= peer_mss)
      idx = i;
  guint32 cookie = cookie_make (stack, syn, cookie_count (stack), idx);
  TcpSegment s = {
    .saddr = stack->host->addr, .daddr = syn->saddr, .sport = syn->dport, .dport = syn->sport,
    .seq = cookie, .ack = syn->seq + 1, .flags = TCP_FLAG_SYN | TCP_FLAG_ACK,
    .win = (guint16) MIN (p->win_synack, p->rcvbuf), .opts = TCP_OPT_MSS, .mss = p->mss,
    .tag = { .conn = syn->tag.conn, .seq_base = cookie, .ack_base = syn->seq,
             .why = TRACE_WHY_SYNCOOKIE },
  };
  if ((syn->opts & TCP_OPT_TS) && p->timestamps)
    {
      guint32 bits = COOKIE_TS_NO_WSCALE;
      if ((syn->opts & TCP_OPT_WSCALE) && p->wscale != 0xff)
        {
          s.opts |= TCP_OPT_WSCALE;
          s.wscale = p->wscale;
          bits = MIN (syn->wscale, 14);
        }
      if ((syn->opts & TCP_OPT_SACK_OK) && p->sack)
        {
          s.opts |= TCP_OPT_SACK_OK;
          bits |= COOKIE_TS_SACK;
        }
      guint32 now_ts = (guint32) (stack->sim->now / SIM_MS) + tcp_ts_offset_for (stack, cookie);
      guint32 v = (now_ts & ~COOKIE_TS_MASK) | bits;
      if (seq_gt (v, now_ts))
        v -= 1u << COOKIE_TS_BITS; /* never ahead of the clock */
      s.opts |= TCP_OPT_TS;
      s.ts_val = v;
      s.ts_ecr = syn->ts_val;
    }
  l->stats.syncookies_sent++;
  l->last_cookie = stack->sim->now;
  l->cookies_sent = TRUE;
  tcp_stack_output (stack, &s);
}

/* Linux cookie_v4_check(): an ACK for no connection, on a listener that
 * sent cookies recently, rebuilds the connection the cookie describes.
 * Returns FALSE when seg is not a valid cookie ACK. */
gboolean
tcp_syncookie_ack (TcpListener *l, const TcpSegment *seg)
{
  TcpStack *stack = l->stack;
  const TcpProfile *p = &stack->profile;
  if (p->synq_full != TCP_SYNQ_COOKIES || !l->cookies_sent
      || stack->sim->now - l->last_cookie >= sim_time_mul (p->cookie_period, p->cookie_max_age))
    return FALSE; /* tcp_synq_no_recent_overflow() */
  gint idx = cookie_check (stack, seg, cookie_count (stack));
  if (idx < 0)
    {
      l->stats.syncookies_failed++;
      return FALSE;
    }
  if (tcp_listener_acceptq_full (l) && tcp_listener_ack_overflow_action (p) != TCP_OVERFLOW_NONE)
    {
      /* No request to keep: the ACK is lost (or reset); the peer's next
       * segment carries the same cookie. */
      l->stats.accept_overflows++;
      if (tcp_listener_ack_overflow_action (p) == TCP_OVERFLOW_RST)
        tcp_send_reset_reply (stack, seg);
      return TRUE;
    }
  TcpConn *conn = tcp_listener_child (l, seg);
  conn->from_cookie = TRUE;
  conn->irs = seg->seq - 1;
  conn->rcv_nxt = seg->seq;
  conn->iss = seg->ack - 1;
  conn->snd_una = conn->iss;
  conn->snd_nxt = conn->snd_max = conn->snd_end = conn->iss + 1;
  conn->last_seg_seq = conn->iss;
  conn->ts_offset = tcp_ts_offset_for (stack, conn->iss);
  conn->mss = MIN (p->mss, p->cookie_mss[idx]);
  conn->rcv_wnd = p->win_synack;
  if ((seg->opts & TCP_OPT_TS) && p->timestamps)
    {
      guint32 bits = seg->ts_ecr & COOKIE_TS_MASK;
      conn->ts_ok = TRUE;
      conn->ts_recent = seg->ts_val;
      if ((bits & COOKIE_TS_NO_WSCALE) != COOKIE_TS_NO_WSCALE && p->wscale != 0xff)
        {
          conn->ws_ok = TRUE;
          conn->snd_wscale = bits & COOKIE_TS_NO_WSCALE;
          conn->rcv_wscale = p->wscale;
        }
      conn->sack_ok = (bits & COOKIE_TS_SACK) && p->sack;
    }
  tcp_cc_init (conn);
  l->stats.syncookies_ok++;
  tcp_set_state (conn, TCP_STATE_SYN_RECEIVED);
  tcp_conn_input (conn, seg);
  return TRUE;
}

