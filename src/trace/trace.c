/* The trace bus: a list of sinks called in subscription order. */
#include "trace/trace.h"

void
trace_bus_init (TraceBus *bus)
{
  *bus = (TraceBus) { 0 };
}

void
trace_bus_clear (TraceBus *bus)
{
  g_free (bus->sinks);
  *bus = (TraceBus) { 0 };
}

void
trace_bus_subscribe_kinds (TraceBus *bus, TraceSinkFn fn, gpointer ctx, guint32 kinds)
{
  bus->sinks = g_renew (TraceSink, bus->sinks, bus->n + 1);
  bus->sinks[bus->n++] = (TraceSink) { fn, ctx, kinds };
  bus->kinds |= kinds;
}

void
trace_bus_subscribe (TraceBus *bus, TraceSinkFn fn, gpointer ctx)
{
  trace_bus_subscribe_kinds (bus, fn, ctx, TRACE_ALL_KINDS);
}

void
trace_emit (const TraceBus *bus, const TraceEvent *ev)
{
  for (guint i = 0; i < bus->n; i++)
    if (bus->sinks[i].kinds & TRACE_KIND_BIT (ev->kind))
      bus->sinks[i].fn (bus->sinks[i].ctx, ev);
}
