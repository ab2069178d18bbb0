/* --states and --seqplot (charts.h). */
#include "cli/charts.h"

#include <stdio.h>

#include "cli/plot.h"
#include "trace/trace_charts.h"

struct RunCharts
{
  TraceStates *states;
  TraceSeqplot *seqplot;
  guint64 seqplot_conn;
};

RunCharts *
run_charts_new (TraceBus *bus, gboolean states, gboolean seqplot, guint64 seqplot_conn,
                const char *title)
{
  if (!states && !seqplot)
    return NULL;
  RunCharts *c = g_new0 (RunCharts, 1);
  c->seqplot_conn = seqplot_conn;
  if (states)
    {
      c->states = trace_states_new (title);
      /* Every kind: the last event's time ends the states still open. */
      trace_bus_subscribe (bus, trace_states_event, c->states);
    }
  if (seqplot)
    {
      c->seqplot = trace_seqplot_new (title, seqplot_conn);
      trace_bus_subscribe_kinds (bus, trace_seqplot_event, c->seqplot,
                                 TRACE_KIND_BIT (TRACE_SEND) | TRACE_KIND_BIT (TRACE_RECV)
                                   | TRACE_KIND_BIT (TRACE_DROP));
    }
  return c;
}

/* Writes a chart's data with write (into a new scratch folder) and draws
 * it with script. */
static gboolean
draw (const char *gnuplot, const char *plots, const char *script, OutFile *out,
      gboolean (*write) (gconstpointer sink, const char *dir, GError **error), gconstpointer sink,
      GError **error)
{
  int lock = -1;
  char *dir = plot_scratch_new ("tcpsim-chart", &lock, error);
  if (dir == NULL)
    return FALSE;
  char *path = g_build_filename (plots, script, NULL);
  gboolean ok = write (sink, dir, error) && plot_render (gnuplot, path, dir, out, error);
  g_free (path);
  plot_scratch_remove (dir, lock);
  return ok;
}

static gboolean
write_states (gconstpointer sink, const char *dir, GError **error)
{
  return trace_states_write (sink, dir, CHARTS_MAX_STATE_ROWS, error);
}

static gboolean
write_seqplot (gconstpointer sink, const char *dir, GError **error)
{
  return trace_seqplot_write (sink, dir, error);
}

gboolean
run_charts_draw (RunCharts *c, const char *gnuplot, const char *plots, OutFile *states,
                 OutFile *seqplot, GError **error)
{
  if (c == NULL)
    return TRUE;
  if (states != NULL)
    {
      guint rows = trace_states_rows (c->states);
      if (rows > CHARTS_MAX_STATE_ROWS)
        fprintf (stderr, "tcpsim: --states %s: the run has %u connection ends; the chart shows the "
                 "first %u\n", states->path, rows, CHARTS_MAX_STATE_ROWS);
      if (!draw (gnuplot, plots, "states.gp", states, write_states, c->states, error))
        return FALSE;
    }
  if (seqplot != NULL)
    {
      guint64 conn = trace_seqplot_conn (c->seqplot);
      if (conn == 0 && c->seqplot_conn != 0)
        fprintf (stderr, "tcpsim: --seqplot %s: connection %" G_GUINT64_FORMAT " sent no data; the "
                 "chart says so\n", seqplot->path, c->seqplot_conn);
      else if (conn == 0)
        fprintf (stderr, "tcpsim: --seqplot %s: no connection sent data; the chart says so\n",
                 seqplot->path);
      else if (c->seqplot_conn == 0)
        fprintf (stderr, "tcpsim: --seqplot %s: connection %" G_GUINT64_FORMAT " (%s's data), the "
                 "first with data; --seqplot-conn ID draws another\n", seqplot->path, conn,
                 trace_seqplot_sender (c->seqplot));
      if (!draw (gnuplot, plots, "seqplot.gp", seqplot, write_seqplot, c->seqplot, error))
        return FALSE;
    }
  return TRUE;
}

void
run_charts_free (RunCharts *c)
{
  if (c == NULL)
    return;
  trace_states_free (c->states);
  trace_seqplot_free (c->seqplot);
  g_free (c);
}
