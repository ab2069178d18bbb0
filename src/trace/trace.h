/* The trace bus.  The simulation core emits typed events; sinks (text log,
 * TSV, pcap, timeline data, expectation checks) subscribe and observe.
 * Sinks never change what happens, and an emitter checks trace_on() before
 * doing any work to build an event, so a run nobody traces pays nothing. */
#ifndef TCPSIM_TRACE_H
#define TCPSIM_TRACE_H

#include <glib.h>

#include "net/segment.h"
#include "sim/simtime.h"

typedef enum
{
  TRACE_SEND,  /* a segment entered a link (host = sender, peer = receiver) */
  TRACE_RECV,  /* a segment left a link (host = receiver, peer = sender) */
  TRACE_DROP,  /* a link lost a segment (host = sender); detail = reason */
  TRACE_STATE, /* a connection changed state; detail = new state's name */
  TRACE_TIMER, /* a timer fired; detail = its name and what it did */
  TRACE_CALL,  /* an application call; detail = the call and its result */
  TRACE_ERROR, /* a call or connection failed; detail = error name */
} TraceKind;

typedef struct
{
  TraceKind kind;
  SimTime time;
  const char *host;
  const char *peer;      /* segments: the other end's host name */
  guint64 conn;          /* connection id, 0 when none */
  const TcpSegment *seg; /* SEND, RECV, DROP */
  int state, old_state;  /* STATE: TcpState values */
  int error;             /* ERROR: TcpError value */
  const char *detail;
} TraceEvent;

typedef void (*TraceSinkFn) (gpointer ctx, const TraceEvent *ev);

typedef struct
{
  TraceSinkFn fn;
  gpointer ctx;
} TraceSink;

typedef struct
{
  TraceSink *sinks;
  guint n;
} TraceBus;

void trace_bus_init (TraceBus *bus);
void trace_bus_clear (TraceBus *bus);
void trace_bus_subscribe (TraceBus *bus, TraceSinkFn fn, gpointer ctx);

static inline gboolean
trace_on (const TraceBus *bus)
{
  return bus != NULL && bus->n > 0;
}

void trace_emit (const TraceBus *bus, const TraceEvent *ev);

/* Name of a trace kind as in the TSV "event" column ("send", "recv", …). */
const char *trace_kind_name (TraceKind kind);

#endif
