/* The timeline's command-line options (--conn, --hosts, --from, --to,
 * --absolute, --timeline-data, --overview) and its drawing, for every
 * subcommand that draws a timeline from trace events. */
#ifndef TCPSIM_CLI_TIMELINE_H
#define TCPSIM_CLI_TIMELINE_H

#include <glib.h>

#include "cli/outfile.h"
#include "trace/trace_sinks.h"

typedef struct
{
  /* as given */
  char *conn_text, *hosts_text, *from_text, *to_text;
  gboolean absolute;
  char *data_dir;      /* --timeline-data DIR: keep gnuplot's data there */
  char *overview_path; /* --overview OUT */
  /* parsed by cli_timeline_parse */
  guint64 *conns;
  char **hosts;
  TraceTimelineOptions opt;
} CliTimeline;

/* Adds the options to group (an output group). */
void cli_timeline_add_entries (CliTimeline *o, GOptionGroup *group);
/* Checks and reads the options; FALSE with "--conn: …" in *error. */
gboolean cli_timeline_parse (CliTimeline *o, GError **error);
void cli_timeline_clear (CliTimeline *o);

/* Writes tl's data into a scratch folder, tells on stderr what it chose
 * to draw (if it had to choose), draws plots/timeline.gp into out and,
 * when overview is not NULL, plots/overview.gp into it; copies the data
 * into o->data_dir when given. */
gboolean cli_timeline_draw (TraceTimeline *tl, const CliTimeline *o, const char *gnuplot,
                            const char *plots, OutFile *out, OutFile *overview, GError **error);

#endif
