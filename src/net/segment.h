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
};

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
  guint32 len; /* payload bytes */

  /* Trace metadata, not on the wire: the connection id of the sender (0
   * when none) and the sender's ISN and peer ISN, so that sinks can print
   * relative sequence numbers for both the sender and the receiver. */
  guint64 conn_id;
  guint32 seq_base, ack_base;
  guint8 retransmit; /* the sender sends this sequence range again */
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
