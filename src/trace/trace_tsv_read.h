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

/* A trace is read one row at a time from its text (which must outlive
 * the reader), so a long trace needs no more memory than its text. */
typedef struct TraceTsvReader TraceTsvReader;

/* name is for messages. */
TraceTsvReader *trace_tsv_reader_new (const char *name, const char *text, gsize len);
/* The next event, valid until the next call (its strings until the
 * reader is freed); NULL at the end, or on bad input with *error set
 * (NUL bytes, a bad header or row), after which it stays NULL. */
const TraceEvent *trace_tsv_reader_next (TraceTsvReader *r, GError **error);
void trace_tsv_reader_free (TraceTsvReader *r);

/* Emits every event on bus, in order; *events (if not NULL) counts them.
 * FALSE with *error at the first bad row (the events before it were
 * emitted). */
gboolean trace_tsv_replay (const char *name, const char *text, gsize len, const TraceBus *bus,
                           guint64 *events, GError **error);

/* What a timeline needs before the events: a pass over the whole trace. */
typedef struct
{
  char **hosts;      /* NULL-terminated: the hosts that appear, ordered by their
                        address (from the segments they send; hosts that send
                        none follow, in order of appearance) */
  guint nhosts;
  SimTime min_delay; /* the shortest send-to-recv time of a segment (0 if none
                        arrived): the timeline's unit, as a run's shortest link
                        delay is */
  guint64 events;
} TraceTsvInfo;

/* Reads the whole trace, checking every row.  FALSE with *error on bad
 * input. */
gboolean trace_tsv_scan (const char *name, const char *text, gsize len, TraceTsvInfo *info,
                         GError **error);
void trace_tsv_info_clear (TraceTsvInfo *info);

#endif
