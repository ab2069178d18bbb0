/* `tcpsim plot TRACE.tsv`: the outputs of a run, made again from its
 * saved TSV trace (trace/trace_tsv_read.h): the timeline, the log, the
 * pcap, the summary, the trace itself (TSV or JSON Lines). */
#ifndef TCPSIM_CLI_REPLOT_H
#define TCPSIM_CLI_REPLOT_H

/* argv[0] is the subcommand ("plot").  Returns the exit status: 0; 2 bad
 * input (an option, the trace: FILE:LINE:COL: error: …); 3 an output
 * failed; 128 + N stopped by signal N. */
int cli_replot (int argc, char **argv);

#endif
