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

/* The TSV trace: a header line, then one record per event, the columns
 * of trace_record.h (docs/trace-format.md). */
typedef struct TraceTsv TraceTsv;
TraceTsv *trace_tsv_new (FILE *out);
void trace_tsv_event (gpointer sink, const TraceEvent *ev);
void trace_tsv_free (TraceTsv *t);

/* The JSON Lines trace: the TSV's records, one JSON object per line
 * (docs/trace-format.md). */
typedef struct TraceJsonl TraceJsonl;
TraceJsonl *trace_jsonl_new (FILE *out);
void trace_jsonl_event (gpointer sink, const TraceEvent *ev);
void trace_jsonl_free (TraceJsonl *t);

/* The per-connection summary: one CSV row per connection id, written at
 * the end (docs/trace-format.md, "The summary"). */
typedef struct TraceSummary TraceSummary;
extern const char trace_summary_header[];
TraceSummary *trace_summary_new (void);
void trace_summary_event (gpointer sink, const TraceEvent *ev);
void trace_summary_write (TraceSummary *s, FILE *out);
void trace_summary_free (TraceSummary *s);

/* The pcap: every segment as it leaves its sender (dropped ones too), as
 * raw IPv4 with valid checksums and nanosecond timestamps. */
typedef struct TracePcap TracePcap;
TracePcap *trace_pcap_new (FILE *out, GError **error);
void trace_pcap_event (gpointer sink, const TraceEvent *ev);
/* Flushes and closes out (libpcap closes its stream); FALSE with *error
 * on a write failure.  out is closed even if trace_pcap_new fails. */
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
