/* Reading a saved TSV trace back as the typed events that wrote it
 * (docs/trace-format.md), so that every sink can run on it again:
 * `tcpsim plot` draws, logs and summarises a saved trace this way.
 *
 * Columns are found by their header names, in any order; columns it does
 * not know are ignored, and a trace written before the why, opts, rseq,
 * rack and rexmit columns existed reads with those empty.  Every row is
 * checked by wording the event again: a row that would not come out the
 * same (a detail it cannot read, a number out of range) is an error
 * "NAME:LINE:COL: error: …", never a guess.
 *
 * What a TSV row does not hold, a replayed event does not have either:
 * TRACE_STATE's state and old_state are -1 (the name is authoritative),
 * and an error code is 1 when the row names an error, 0 when it does
 * not. */
#ifndef TCPSIM_TRACE_TSV_READ_H
#define TCPSIM_TRACE_TSV_READ_H

#include <glib.h>

#include "trace/trace.h"

typedef struct TraceTsvTrace TraceTsvTrace;

/* Reads the text of a TSV trace (len bytes; NUL bytes are an error);
 * name is for messages.  NULL with *error on bad input. */
TraceTsvTrace *trace_tsv_read (const char *name, const char *text, gsize len, GError **error);
void trace_tsv_trace_free (TraceTsvTrace *t);

/* The number of events read. */
guint trace_tsv_trace_len (const TraceTsvTrace *t);
/* Event i, valid while t lives. */
const TraceEvent *trace_tsv_trace_event (const TraceTsvTrace *t, guint i);
/* Emits every event on bus, in order. */
void trace_tsv_trace_replay (const TraceTsvTrace *t, const TraceBus *bus);

/* The hosts that appear, ordered by their address (from the segments
 * they send; hosts that send none follow, in order of appearance),
 * NULL-terminated, valid while t lives. */
const char *const *trace_tsv_trace_hosts (const TraceTsvTrace *t, guint *n);
/* The shortest time a segment took from send to recv (0 if none
 * arrived): the timeline's unit, as the shortest link delay is for a
 * run. */
SimTime trace_tsv_trace_min_delay (const TraceTsvTrace *t);

#endif
