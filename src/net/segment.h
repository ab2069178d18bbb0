/* A TCP segment in flight: the IPv4 and TCP header fields that matter to
 * a connection's lifecycle, the options of RFC 9293 §3.2 / RFC 7323 /
 * RFC 2018, and the payload length (payload bytes themselves are not
 * simulated; the pcap sink writes zeros).
 *
 * A segment is a small value: links copy it, nobody keeps pointers. */
#ifndef TCPSIM_SEGMENT_H
#define TCPSIM_SEGMENT_H

#include <glib.h>

/* Header flag bits, as on the wire (RFC 9293 §3.1). */
enum
{
  TCP_FLAG_FIN = 0x01,
  TCP_FLAG_SYN = 0x02,
  TCP_FLAG_RST = 0x04,
  TCP_FLAG_PSH = 0x08,
  TCP_FLAG_ACK = 0x10,
};

/* Which options are present. */
enum
{
  TCP_OPT_MSS = 1 << 0,
  TCP_OPT_WSCALE = 1 << 1,
  TCP_OPT_SACK_OK = 1 << 2,
  TCP_OPT_TS = 1 << 3,
  TCP_OPT_SACK = 1 << 4, /* one SACK block (RFC 2018), here only a D-SACK (RFC 2883) */
};

/* An observation tag that travels with a segment, as ns-3's packet tags
 * do: set by the sender for the trace sinks, copied by links, never on the
 * wire and never read by protocol code (no decision depends on it).  It
 * lets a sink name the connection and print sequence numbers relative to
 * each side's ISN, as tcpdump and Wireshark do; the passive end of a
 * connection takes the id of its SYN's sender from it (tcp_ids.c). */
typedef struct
{
  guint64 conn;              /* the sender's connection id, 0 when none */
  guint32 seq_base, ack_base; /* the sender's ISN and the peer's */
  guint8 why;                /* a TraceWhy (trace/trace.h) */
  guint8 retransmit;         /* the sender sends this sequence range again */
} SegTag;

typedef struct
{
  guint32 saddr, daddr; /* host byte order */
  guint16 sport, dport;
  guint32 seq, ack;
  guint8 flags;
  guint8 opts;
  guint8 wscale;
  guint16 win; /* the 16-bit field as sent (unscaled) */
  guint16 mss;
  guint32 ts_val, ts_ecr;
  guint32 sack_start, sack_end; /* TCP_OPT_SACK: the block [start, end) */
  guint32 len; /* payload bytes */

  /* Not on the wire: an observation tag (see SegTag). */
  SegTag tag;
} TcpSegment;

/* Sequence space used by the segment: payload plus one for SYN and FIN
 * (RFC 9293 §3.4). */
static inline guint32
tcp_segment_seqlen (const TcpSegment *s)
{
  return s->len + ((s->flags & TCP_FLAG_SYN) ? 1 : 0) + ((s->flags & TCP_FLAG_FIN) ? 1 : 0);
}

/* Flag letters in the order S, F, R, P, A ("SA", "FA", "PA", "R"), written
 * into buf (at least 6 bytes). */
void tcp_segment_flags_str (guint8 flags, char *buf);

/* Dotted quad for an address in host byte order, into buf (16 bytes). */
void net_addr_str (guint32 addr, char *buf);

/* Parses a dotted quad; returns FALSE when text is not one. */
gboolean net_addr_parse (const char *text, guint32 *out);

/* Sequence number comparisons modulo 2^32 (RFC 9293 §3.4). */
static inline gboolean seq_lt (guint32 a, guint32 b) { return (gint32) (a - b) < 0; }
static inline gboolean seq_leq (guint32 a, guint32 b) { return (gint32) (a - b) <= 0; }
static inline gboolean seq_gt (guint32 a, guint32 b) { return (gint32) (a - b) > 0; }
static inline gboolean seq_geq (guint32 a, guint32 b) { return (gint32) (a - b) >= 0; }

#endif
