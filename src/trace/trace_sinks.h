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

/* Timeline data for plots/timeline.gp (and plots/overview.gp).  Hosts
 * are drawn left to right in the order given.  The sink keeps the events
 * it is sent (only those the options select, and at most a bounded number
 * in all) and lays them out when written (trace_timeline_layout.h). */
typedef struct
{
  const guint64 *conns;      /* draw only these connections (nconns of them) */
  guint nconns;
  const char *const *hosts;  /* draw only these hosts, in this order (NULL-terminated) */
  SimTime from, to;          /* draw only what happens in [from, to] (to < 0: no end) */
  gboolean absolute;         /* absolute sequence numbers, not relative to the ISNs */
  guint max_segments;        /* more than this and no conns: draw one connection (0: 60) */
} TraceTimelineOptions;

typedef struct TraceTimeline TraceTimeline;
TraceTimeline *trace_timeline_new (const char *const *hosts, guint nhosts, const char *title);
/* Before the first event; opt and what it points to need not outlive
 * the call.  Fails (FALSE with a message) when a host named is not one. */
gboolean trace_timeline_set_options (TraceTimeline *t, const TraceTimelineOptions *opt,
                                     GError **error);
void trace_timeline_event (gpointer sink, const TraceEvent *ev);
/* A hint for the vertical unit, used when no segment arrives: the
 * shortest link delay.  Otherwise a unit is the median flight drawn. */
void trace_timeline_set_unit (TraceTimeline *t, SimTime unit);
/* The files trace_timeline_write() makes in its folder, NULL-terminated
 * (plots/timeline.gp says what each holds). */
extern const char *const trace_timeline_files[];
/* Writes trace_timeline_files into dir; FALSE with the reason ("No space
 * left on device") if a write fails.  What it chose to draw when the
 * selection was too big (a sentence for the user, or NULL) is in
 * trace_timeline_note(). */
gboolean trace_timeline_write (TraceTimeline *t, const char *dir, GError **error);
const char *trace_timeline_note (const TraceTimeline *t);
/* The picture's size in pixels, known after trace_timeline_write. */
void trace_timeline_size (const TraceTimeline *t, int *width, int *height);
/* The diagram's height in time units, known after trace_timeline_write. */
double trace_timeline_height (const TraceTimeline *t);
/* The overview of every connection (plots/overview.gp): overview.dat and
 * overview.gp in dir. */
gboolean trace_timeline_write_overview (TraceTimeline *t, const char *dir, GError **error);
void trace_timeline_free (TraceTimeline *t);

#endif
