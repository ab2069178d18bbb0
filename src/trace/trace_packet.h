/* A segment as the bytes a capture shows: an IPv4 header (RFC 791) and a
 * TCP header (RFC 9293 §3.1) with its options, both with valid
 * checksums, and a payload of zeros.  Shared by the pcap and pcapng
 * writers. */
#ifndef TCPSIM_TRACE_PACKET_H
#define TCPSIM_TRACE_PACKET_H

#include <glib.h>

#include "net/segment.h"

/* The largest packet trace_packet_build () writes. */
#define TRACE_PACKET_MAX 65535u

/* Writes the packet into buf (TRACE_PACKET_MAX bytes) with IP id ip_id;
 * returns its length.  A payload longer than an IPv4 packet holds is cut
 * to fit. */
gsize trace_packet_build (const TcpSegment *seg, guint16 ip_id, guint8 *buf);

#endif
