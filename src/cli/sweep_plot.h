/* The pictures of a sweep: gnuplot with plots/sweep-latency.gp and
 * plots/sweep-cdf.gp on the sweep's CSV files. */
#ifndef TCPSIM_CLI_SWEEP_PLOT_H
#define TCPSIM_CLI_SWEEP_PLOT_H

#include <glib.h>

#include "cli/outfile.h"
#include "study/study_grid.h"

typedef struct
{
  const char *gnuplot, *plots_dir; /* plot_find_gnuplot (), plot_find_dir () */
  const StudyGrid *grid;
  const char *scenario;            /* its base name is the title */
  const char *results, *samples, *modelcdf; /* the CSV files (study_csv.h) */
  const char *scratch;             /* a folder of ours where gnuplot draws */
} SweepPlot;

/* Mean client handshake time and connect failures against the varied
 * parameter; reads results. */
gboolean sweep_plot_latency (const SweepPlot *p, OutFile *out, GError **error);
/* The client handshake time's distribution per point; reads samples,
 * modelcdf and results. */
gboolean sweep_plot_cdf (const SweepPlot *p, OutFile *out, GError **error);

#endif
