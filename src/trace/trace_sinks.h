/* The trace sinks.  Each writes to a stream the caller opened and
 * subscribes with trace_bus_subscribe (bus, trace_X_event, sink).
 *
 * Sinks do not check their writes: the stream's owner does, once, at the
 * end (ferror, fflush, fclose), or better through a checked writer under
 * the stream that keeps the first errno (the CLI's OutFile, cli/outfile.h,
 * a stream over an anonymous file that is linked into place only when
 * everything was written). */
#ifndef TCPSIM_TRACE_SINKS_H
#define TCPSIM_TRACE_SINKS_H

#include <stdio.h>

#include "trace/trace.h"

/* The text log: one tcpdump-like line per event.  Sequence numbers are
 * absolute in SYN segments and relative to each side's ISN otherwise, as
 * tcpdump prints them. */
typedef struct TraceText TraceText;
TraceText *trace_text_new (FILE *out);
void trace_text_event (gpointer sink, const TraceEvent *ev);
void trace_text_free (TraceText *t);

/* The TSV trace: a header line, then one record per event (see README,
 * "The TSV trace"). */
typedef struct TraceTsv TraceTsv;
TraceTsv *trace_tsv_new (FILE *out);
void trace_tsv_event (gpointer sink, const TraceEvent *ev);
void trace_tsv_free (TraceTsv *t);

/* The pcap: segments as captured packets (raw IPv4 with valid checksums
 * and nanosecond timestamps), at a capture point:
 *   SENDER    each segment as it leaves its sender, lost ones too (the
 *             default: what --pcap has always written);
 *   RECEIVER  each segment as it arrives (a lost one is not there; a
 *             link's copy is);
 *   BOTH      both, as if every host ran tcpdump.
 * Classic pcap (libpcap) or pcapng (libwiretap, trace_pcapng.h): one
 * interface per host, host names, and a comment on every lost,
 * retransmitted, probing or otherwise special packet. */
typedef enum
{
  TRACE_CAPTURE_SENDER,
  TRACE_CAPTURE_RECEIVER,
  TRACE_CAPTURE_BOTH,
} TraceCapture;
/* "sender", "receiver", "both"; FALSE for another word. */
gboolean trace_capture_parse (const char *text, TraceCapture *out);
/* Whether a file name asks for pcapng (it ends in .pcapng). */
gboolean trace_pcap_is_pcapng (const char *path);
typedef struct TracePcap TracePcap;
TracePcap *trace_pcap_new (FILE *out, gboolean pcapng, TraceCapture capture, GError **error);
void trace_pcap_event (gpointer sink, const TraceEvent *ev);
/* Flushes and closes out; FALSE with *error on a failure (a write to out,
 * or wiretap's scratch file).  out is closed even if trace_pcap_new
 * fails. */
gboolean trace_pcap_close (TracePcap *p, GError **error);

/* Timeline data for plots/timeline.gp.  Hosts are drawn left to right in
 * the order given. */
typedef struct TraceTimeline TraceTimeline;
TraceTimeline *trace_timeline_new (const char *const *hosts, guint nhosts, const char *title);
void trace_timeline_event (gpointer sink, const TraceEvent *ev);
/* The vertical unit: the shortest link delay (a flight is one unit). */
void trace_timeline_set_unit (TraceTimeline *t, SimTime unit);
/* The files trace_timeline_write() makes in its folder, NULL-terminated:
 * lifelines.dat, segments.dat, marks.dat and params.gp (plots/timeline.gp
 * says what each holds). */
extern const char *const trace_timeline_files[];
/* Writes trace_timeline_files into dir; FALSE with the reason ("No space
 * left on device") if a write fails. */
gboolean trace_timeline_write (TraceTimeline *t, const char *dir, GError **error);
/* The diagram's height in time units (YMAX), known after
 * trace_timeline_write: plots/timeline.gp draws 38 pixels per unit. */
double trace_timeline_height (const TraceTimeline *t);
void trace_timeline_free (TraceTimeline *t);

#endif
