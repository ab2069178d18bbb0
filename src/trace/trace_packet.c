/* Segments as captured bytes (trace_packet.h). */
#include "trace/trace_packet.h"

#include <string.h>

static void
put16 (guint8 *b, guint16 v)
{
  b[0] = (guint8) (v >> 8);
  b[1] = (guint8) v;
}

static void
put32 (guint8 *b, guint32 v)
{
  put16 (b, (guint16) (v >> 16));
  put16 (b + 2, (guint16) v);
}

/* The Internet checksum (RFC 1071) over len bytes, continuing sum. */
static guint32
csum_add (guint32 sum, const guint8 *b, gsize len)
{
  for (gsize i = 0; i + 1 < len; i += 2)
    sum += (guint32) (b[i] << 8 | b[i + 1]);
  if (len & 1)
    sum += (guint32) (b[len - 1] << 8);
  return sum;
}

static guint16
csum_fold (guint32 sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) ~sum;
}

/* Builds the TCP options in the order Linux sends them: MSS, SACK-permitted
 * with timestamps, window scale (NOPs pad to 32-bit words). */
static gsize
build_options (guint8 *o, const TcpSegment *seg)
{
  gsize n = 0;
  if (seg->opts & TCP_OPT_MSS)
    {
      o[n++] = 2;
      o[n++] = 4;
      put16 (o + n, seg->mss);
      n += 2;
    }
  if ((seg->opts & TCP_OPT_SACK_OK) && (seg->opts & TCP_OPT_TS))
    {
      o[n++] = 4;
      o[n++] = 2;
    }
  else if (seg->opts & TCP_OPT_SACK_OK)
    {
      o[n++] = 1;
      o[n++] = 1;
      o[n++] = 4;
      o[n++] = 2;
    }
  if (seg->opts & TCP_OPT_TS)
    {
      if (!(seg->opts & TCP_OPT_SACK_OK))
        {
          o[n++] = 1;
          o[n++] = 1;
        }
      o[n++] = 8;
      o[n++] = 10;
      put32 (o + n, seg->ts_val);
      put32 (o + n + 4, seg->ts_ecr);
      n += 8;
    }
  if (seg->opts & TCP_OPT_WSCALE)
    {
      o[n++] = 1;
      o[n++] = 3;
      o[n++] = 3;
      o[n++] = seg->wscale;
    }
  if (seg->opts & TCP_OPT_SACK)
    {
      /* RFC 2018 §3: NOP, NOP, kind 5, length 10, one block (a D-SACK,
       * RFC 2883). */
      o[n++] = 1;
      o[n++] = 1;
      o[n++] = 5;
      o[n++] = 10;
      put32 (o + n, seg->sack_start);
      put32 (o + n + 4, seg->sack_end);
      n += 8;
    }
  while (n % 4)
    o[n++] = 0; /* end of option list */
  return n;
}

gsize
trace_packet_build (const TcpSegment *seg, guint16 ip_id, guint8 *buf)
{
  guint8 *ip = buf;
  guint8 *tcp = ip + 20;
  gsize optlen = build_options (tcp + 20, seg);
  gsize tcplen = 20 + optlen;
  guint32 payload = MIN (seg->len, 65535u - 20 - (guint32) tcplen);
  gsize total = 20 + tcplen + payload;

  memset (ip, 0, 20);
  ip[0] = 0x45;
  put16 (ip + 2, (guint16) total);
  put16 (ip + 4, ip_id);
  put16 (ip + 6, 0x4000); /* DF */
  ip[8] = 64;
  ip[9] = 6; /* TCP */
  put32 (ip + 12, seg->saddr);
  put32 (ip + 16, seg->daddr);
  put16 (ip + 10, csum_fold (csum_add (0, ip, 20)));

  put16 (tcp, seg->sport);
  put16 (tcp + 2, seg->dport);
  put32 (tcp + 4, seg->seq);
  put32 (tcp + 8, seg->ack);
  tcp[12] = (guint8) ((tcplen / 4) << 4);
  tcp[13] = seg->flags;
  put16 (tcp + 14, seg->win);
  put16 (tcp + 16, 0);
  put16 (tcp + 18, 0);
  memset (tcp + tcplen, 0, payload);
  /* Pseudo-header: source, destination, zero, protocol, TCP length. */
  guint8 pseudo[12];
  memcpy (pseudo, ip + 12, 8);
  pseudo[8] = 0;
  pseudo[9] = 6;
  put16 (pseudo + 10, (guint16) (tcplen + payload));
  guint32 sum = csum_add (0, pseudo, sizeof pseudo);
  sum = csum_add (sum, tcp, tcplen + payload);
  put16 (tcp + 16, csum_fold (sum));

  return total;
}
