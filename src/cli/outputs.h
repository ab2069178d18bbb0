/* The output files of `tcpsim run` and `tcpsim plot`, and the trace sinks
 * behind them: one place that takes their options, opens them, subscribes
 * the sinks, finishes and draws, and publishes all or nothing (outfile.h).
 *
 *   --trace OUT.tsv | OUT.jsonl   the trace (JSON Lines by the extension)
 *   --log OUT.txt                 the text log
 *   --pcap OUT.pcap | OUT.pcapng  every segment, --capture sender|receiver|both
 *   --summary OUT.csv             one row per connection
 *   --timeline OUT.png|svg|pdf    the timeline diagram (gnuplot), with the
 *                                 options of cli/timeline.h (--conn, --hosts,
 *                                 --from, --to, --absolute, --timeline-data)
 *   --overview OUT.png|svg|pdf    every connection, one row each
 *   --states, --seqplot (and --seqplot-conn ID)   the charts (cli/charts.h) */
#ifndef TCPSIM_CLI_OUTPUTS_H
#define TCPSIM_CLI_OUTPUTS_H

#include <glib.h>

#include "cli/timeline.h"
#include "trace/trace.h"
#include "trace/trace_sinks.h"

typedef struct
{
  char *trace_path, *timeline_path, *pcap_path, *log_path, *summary_path;
  char *capture_text;
  TraceCapture capture;     /* read by cli_output_paths_parse */
  char *states_path, *seqplot_path;
  gint64 seqplot_conn;
  CliTimeline tl;           /* the timeline's options, --overview among them */
} CliOutputPaths;

void cli_output_paths_clear (CliOutputPaths *p);
/* Checks and reads the options given (--seqplot-conn, --capture, the
 * timeline's); FALSE with the message ("--capture x: use ...") in *error. */
gboolean cli_output_paths_parse (CliOutputPaths *p, GError **error);
/* Whether any output was asked for. */
gboolean cli_output_paths_any (const CliOutputPaths *p);
/* Whether an output needs the hosts and the time unit before the events
 * (the timeline or the overview): plot then reads the trace twice. */
gboolean cli_output_paths_need_hosts (const CliOutputPaths *p);

/* Adds the output options to a group: run's and plot's, which therefore
 * have the same ones. */
void cli_outputs_add_entries (GOptionGroup *g, CliOutputPaths *p);

typedef struct CliOutputs CliOutputs;

/* Checks what can be checked before anything is made: a picture's
 * extension (exit 2), gnuplot and the scripts (exit 3); then refuses an
 * output that is one of the inputs (NULL-terminated; by device and
 * inode), two outputs that are one file, or an output on standard output
 * while log_on_stdout (exit 2).  input_kind words the inputs in messages
 * ("scenario": "that is the scenario file", "the scenario includes that
 * file").  NULL with *status set, after a message on stderr. */
CliOutputs *cli_outputs_new (const CliOutputPaths *p, const char *input_kind,
                             const char *const *inputs, gboolean log_on_stdout, int *status);

/* Opens the files (from here on a signal is a request to stop and clean
 * up: cli_interrupt_defer (TRUE) first).  Exit status, or 0. */
int cli_outputs_open (CliOutputs *o);

/* Subscribes a sink for every output on bus.  The timeline draws hosts
 * left to right in this order, unit is a hint for its vertical unit (the
 * shortest link delay), title its title; chart_title is the charts'.
 * Exit status, or 0 (2 after a message when --hosts names no host). */
int cli_outputs_attach (CliOutputs *o, TraceBus *bus, const char *const *hosts, guint nhosts,
                        SimTime unit, const char *title, const char *chart_title);

/* TRUE if a write to an output failed already (stop early). */
gboolean cli_outputs_failed (const CliOutputs *o);

/* Finishes every output, draws the pictures, publishes all together.
 * Exit status, or 0 (messages on stderr; a signal meanwhile gives its
 * status). */
int cli_outputs_finish (CliOutputs *o);

/* Removes whatever was not published and frees o.  NULL is fine. */
void cli_outputs_free (CliOutputs *o);

#endif
