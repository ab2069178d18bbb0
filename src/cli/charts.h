/* The run's charts besides the timeline: --states (plots/states.gp) and
 * --seqplot (plots/seqplot.gp).  Their sinks (trace/trace_charts.h)
 * collect from trace events during the run; run_charts_draw () writes
 * their data into a scratch folder and runs gnuplot into each output. */
#ifndef TCPSIM_CLI_CHARTS_H
#define TCPSIM_CLI_CHARTS_H

#include <glib.h>

#include "cli/outfile.h"
#include "trace/trace.h"

/* The state chart's rows: at most this many connection ends are drawn. */
#define CHARTS_MAX_STATE_ROWS 50

typedef struct RunCharts RunCharts;

/* Sinks for the charts asked for (NULL outputs: none), subscribed to bus.
 * seqplot_conn: the connection for --seqplot, 0 for the first with
 * data.  title: the scenario's name. */
RunCharts *run_charts_new (TraceBus *bus, gboolean states, gboolean seqplot, guint64 seqplot_conn,
                           const char *title);

/* Draws each chart into its OutFile (NULL: not asked for) with gnuplot
 * and the scripts in plots; says on stderr what it chose or left out.
 * FALSE with the reason if a chart cannot be drawn. */
gboolean run_charts_draw (RunCharts *c, const char *gnuplot, const char *plots, OutFile *states,
                          OutFile *seqplot, GError **error);

/* NULL is fine. */
void run_charts_free (RunCharts *c);

#endif
