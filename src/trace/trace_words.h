/* Words for typed trace events: the one place where what the core
 * reports becomes text.  The text log, the TSV trace and the timeline data
 * all word events through these calls, so they cannot disagree. */
#ifndef TCPSIM_TRACE_WORDS_H
#define TCPSIM_TRACE_WORDS_H

#include <glib.h>

#include "trace/trace.h"

/* The TSV "event" column and the text log's keyword for a kind ("send",
 * "recv", "drop", "state", "timer", "call", "error"; a TRACE_NOTE is
 * worded "timer" as the log has always done).  NULL for kinds that the
 * text log and the TSV trace do not show (timer armed or cancelled,
 * outcome). */
const char *trace_kind_name (TraceKind kind);

/* Appends the event's detail: the new state, what a timer did, the call
 * and its result, the error, or a drop reason or arrival kind ("late",
 * "dup"; nothing for a normal arrival or a send). */
void trace_words_detail (GString *out, const TraceEvent *ev);

/* Whether a segment is a retransmission: it carries sequence space (data,
 * SYN or FIN) that its sender sent before.  A keepalive probe (no
 * payload, seq one below snd_una) and a pure ACK sent while a
 * retransmitted range is outstanding repeat nothing: they are not
 * (RFC 1122 §4.2.3.6 calls the probe a probe; Wireshark too).  Every sink
 * that marks retransmissions asks this, so a trace read back
 * (trace_tsv_read.h) marks the same ones. */
gboolean trace_segment_is_retransmission (const TcpSegment *seg);

/* Short names for tools that want them ("rto", "keepalive", …). */
const char *trace_why_name (TraceWhy why);
const char *trace_timer_name (TraceTimer timer);
const char *trace_call_name (TraceCall call);

#endif
