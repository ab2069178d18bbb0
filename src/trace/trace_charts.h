/* Chart sinks: they collect what a chart needs from trace events alone
 * (so that a saved trace, replayed, draws the same chart) and write it as
 * data files for a gnuplot script in plots/, which documents them.
 *
 *   trace_states   plots/states.gp: a Gantt chart of every connection
 *                  end's TCP states over time.
 *   trace_seqplot  plots/seqplot.gp: sequence number against time for one
 *                  direction of one connection, tcptrace-style. */
#ifndef TCPSIM_TRACE_CHARTS_H
#define TCPSIM_TRACE_CHARTS_H

#include <glib.h>

#include "trace/trace.h"

/* ---- states ---- */

typedef struct TraceStates TraceStates;
/* title: the chart's title (the scenario's name). */
TraceStates *trace_states_new (const char *title);
void trace_states_event (gpointer sink, const TraceEvent *ev);
/* Connection ends (rows) seen so far. */
guint trace_states_rows (const TraceStates *s);
/* The files trace_states_write () makes, NULL-terminated. */
extern const char *const trace_states_files[];
/* Writes the first max_rows rows (in order of their first state) into
 * dir; FALSE with the reason if a write fails. */
gboolean trace_states_write (const TraceStates *s, const char *dir, guint max_rows, GError **error);
void trace_states_free (TraceStates *s);

/* ---- sequence plot ---- */

typedef struct TraceSeqplot TraceSeqplot;
/* conn: the connection to draw, 0 for the first that sends data. */
TraceSeqplot *trace_seqplot_new (const char *title, guint64 conn);
void trace_seqplot_event (gpointer sink, const TraceEvent *ev);
/* The connection drawn (0: none had data, or the one asked for never
 * showed) and its data sender. */
guint64 trace_seqplot_conn (const TraceSeqplot *p);
const char *trace_seqplot_sender (const TraceSeqplot *p);
extern const char *const trace_seqplot_files[];
gboolean trace_seqplot_write (const TraceSeqplot *p, const char *dir, GError **error);
void trace_seqplot_free (TraceSeqplot *p);

#endif
