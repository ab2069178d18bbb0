/* One trace record: the columns that the TSV trace and the JSON Lines
 * trace share (docs/trace-format.md), made from a typed event.  The TSV
 * sink joins them with tabs, the JSONL sink writes them as an object;
 * trace_tsv_read.c turns a TSV row back into the event. */
#ifndef TCPSIM_TRACE_RECORD_H
#define TCPSIM_TRACE_RECORD_H

#include <glib.h>

#include "trace/trace.h"

/* The columns, in the TSV's order.  The first fifteen are the schema the
 * TSV always had; the later ones were appended so that readers of the old
 * schema keep working. */
typedef enum
{
  TRACE_COL_TIME,
  TRACE_COL_EVENT,
  TRACE_COL_HOST,
  TRACE_COL_CONN,
  TRACE_COL_SRC,
  TRACE_COL_SPORT,
  TRACE_COL_DST,
  TRACE_COL_DPORT,
  TRACE_COL_FLAGS,
  TRACE_COL_SEQ,
  TRACE_COL_ACK,
  TRACE_COL_LEN,
  TRACE_COL_DETAIL,
  TRACE_COL_WIN,
  TRACE_COL_PEER,
  TRACE_COL_WHY,    /* segments: trace_why_name () of the sender's reason */
  TRACE_COL_OPTS,   /* segments: mss=N,sackok,ts=VAL/ECR,ws=N */
  TRACE_COL_RSEQ,   /* segments: seq relative to the sender's ISN */
  TRACE_COL_RACK,   /* segments with ACK: ack relative to the peer's ISN */
  TRACE_COL_REXMIT, /* segments: 1 for a retransmission (trace_segment_is_retransmission) */
  TRACE_COL_COUNT
} TraceColumn;

/* The header names ("time", "event", …). */
extern const char *const trace_column_names[TRACE_COL_COUNT];

/* Whether JSON gives the column as a number (else a string). */
gboolean trace_column_is_number (TraceColumn c);

/* The event column's word for a kind: "send", "recv", "drop", "state",
 * "timer", "note", "call", "error", "arm", "cancel", "outcome". */
const char *trace_record_kind_word (TraceKind kind);

typedef struct
{
  GString *col[TRACE_COL_COUNT]; /* "" for an empty column; no tab or newline in any */
} TraceRecord;

void trace_record_init (TraceRecord *r);
void trace_record_clear (TraceRecord *r);
/* Fills r from ev. */
void trace_record_fill (TraceRecord *r, const TraceEvent *ev);

#endif
