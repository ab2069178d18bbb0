/* Initial sequence numbers (RFC 6528 §3): a clock plus a keyed hash of
 * the 4-tuple, and the keyed mixing function that the SYN cookies share. */
#include "tcp/tcp_priv.h"

guint64
tcp_mix64 (guint64 z)
{
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

guint32
tcp_isn (TcpStack *stack, const TcpConn *conn)
{
  if (stack->isn_is_fixed)
    return stack->isn_fixed;
  /* RFC 6528 §3: ISN = M + F(localip, localport, remoteip, remoteport,
   * secretkey), M a clock ticking every isn_tick. */
  guint64 f = 0;
  if (stack->profile.isn_hash)
    {
      f = tcp_mix64 (stack->isn_secret[0] ^ (((guint64) conn->laddr << 32) | conn->raddr));
      f = tcp_mix64 (f ^ stack->isn_secret[1] ^ (((guint64) conn->lport << 16) | conn->rport));
    }
  /* A tick of 0 (refused by the parser, reachable from the C API) is
   * taken as the clock's own granularity, 1 ns, not a division by 0. */
  guint64 m = (guint64) (stack->sim->now / MAX (stack->profile.isn_tick, SIM_NS));
  return (guint32) (m + f);
}

guint32
tcp_ts_offset_for (const TcpStack *stack, guint32 iss)
{
  return (guint32) tcp_mix64 (iss ^ stack->isn_secret[0]);
}

