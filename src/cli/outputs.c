/* The outputs of run and plot (outputs.h). */
#include "config.h"

#include "cli/outputs.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/charts.h"
#include "cli/interrupt.h"
#include "cli/outfile.h"
#include "cli/plot.h"

enum
{
  EXIT_INPUT = 2,
  EXIT_OUTPUT = 3,
};

/* In the order of run's messages: the files written during the run
 * first, then the pictures, drawn after the others are finished. */
enum
{
  OUT_TRACE,
  OUT_LOG,
  OUT_PCAP,
  OUT_SUMMARY,
  OUT_TIMELINE,
  OUT_OVERVIEW,
  OUT_STATES,
  OUT_SEQPLOT,
  OUT_COUNT
};
#define OUT_FIRST_PICTURE OUT_TIMELINE

struct CliOutputs
{
  const CliOutputPaths *p;
  const char *option[OUT_COUNT];
  const char *path[OUT_COUNT];
  OutFile *file[OUT_COUNT];
  gboolean jsonl;
  TraceText *log;
  TraceTsv *tsv;
  TraceJsonl *jsonl_sink;
  TracePcap *pcap;
  TraceSummary *summary;
  TraceTimeline *tl;
  RunCharts *charts;
  char *gnuplot, *plots;
};

void
cli_output_paths_clear (CliOutputPaths *p)
{
  g_free (p->trace_path);
  g_free (p->timeline_path);
  g_free (p->pcap_path);
  g_free (p->log_path);
  g_free (p->summary_path);
  g_free (p->capture_text);
  g_free (p->states_path);
  g_free (p->seqplot_path);
  cli_timeline_clear (&p->tl);
}

gboolean
cli_output_paths_parse (CliOutputPaths *p, GError **error)
{
  if (p->seqplot_conn < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--seqplot-conn must not be negative");
      return FALSE;
    }
  if (p->capture_text != NULL && !trace_capture_parse (p->capture_text, &p->capture))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--capture %s: use sender, receiver or both", p->capture_text);
      return FALSE;
    }
  return cli_timeline_parse (&p->tl, error);
}

gboolean
cli_output_paths_any (const CliOutputPaths *p)
{
  return p->trace_path != NULL || p->timeline_path != NULL || p->pcap_path != NULL
         || p->log_path != NULL || p->summary_path != NULL || p->tl.overview_path != NULL
         || p->states_path != NULL || p->seqplot_path != NULL;
}

gboolean
cli_output_paths_need_hosts (const CliOutputPaths *p)
{
  return p->timeline_path != NULL || p->tl.overview_path != NULL;
}

void
cli_outputs_add_entries (GOptionGroup *g, CliOutputPaths *p)
{
  /* g_option_group_add_entries copies the entries. */
  const GOptionEntry entries[] = {
    { "trace", 't', 0, G_OPTION_ARG_FILENAME, &p->trace_path,
      "Write the trace: TSV, or JSON Lines for a .jsonl name", "OUT.tsv|OUT.jsonl" },
    { "timeline", 'T', 0, G_OPTION_ARG_FILENAME, &p->timeline_path,
      "Draw the timeline diagram (needs gnuplot)", "OUT.png|OUT.svg|OUT.pdf" },
    { "pcap", 'p', 0, G_OPTION_ARG_FILENAME, &p->pcap_path,
      "Write a pcap of every segment sent; pcapng (host names, comments) if OUT ends in .pcapng",
      "OUT.pcap|OUT.pcapng" },
    { "capture", 0, 0, G_OPTION_ARG_STRING, &p->capture_text,
      "Where --pcap captures: as segments leave their sender (default, lost ones too), as they "
      "arrive, or both", "sender|receiver|both" },
    { "states", 0, 0, G_OPTION_ARG_FILENAME, &p->states_path,
      "Draw every connection end's TCP states over time (the first 50; needs gnuplot)",
      "OUT.png|OUT.svg|OUT.pdf" },
    { "seqplot", 0, 0, G_OPTION_ARG_FILENAME, &p->seqplot_path,
      "Draw sequence numbers against time, tcptrace-style, for the first connection with data "
      "(needs gnuplot)", "OUT.png|OUT.svg|OUT.pdf" },
    { "seqplot-conn", 0, 0, G_OPTION_ARG_INT64, &p->seqplot_conn,
      "The connection --seqplot draws (its id, as in the log)", "ID" },
    { "log", 'l', 0, G_OPTION_ARG_FILENAME, &p->log_path, "Write the text log to a file", "OUT.txt" },
    { "summary", 0, 0, G_OPTION_ARG_FILENAME, &p->summary_path,
      "Write one CSV row per connection: times, retransmissions, RTT, states, outcome",
      "OUT.csv" },
    { NULL },
  };
  g_option_group_add_entries (g, entries);
  cli_timeline_add_entries (&p->tl, g);
}

static void
print_error (const GError *err)
{
  fprintf (stderr, "tcpsim: error: %s\n", err->message);
}

/* A terminal, /dev/null: several writers do each other no harm. */
static gboolean
is_char_device (const char *path)
{
  struct stat st;
  if (strcmp (path, "-") == 0)
    return fstat (STDOUT_FILENO, &st) == 0 && S_ISCHR (st.st_mode);
  return stat (path, &st) == 0 && S_ISCHR (st.st_mode);
}

static gboolean
refused (const CliOutputs *o, const char *input_kind, const char *const *inputs,
         gboolean log_on_stdout)
{
  for (int i = 0; i < OUT_COUNT; i++)
    {
      if (o->path[i] == NULL || is_char_device (o->path[i]))
        continue;
      /* Compared by device and inode: another name for the same file
       * (a link, ./s.scn, a symlink) is the same file. */
      for (guint f = 0; inputs != NULL && inputs[f] != NULL; f++)
        if (outfile_same_file (o->path[i], inputs[f]))
          {
            if (f == 0)
              fprintf (stderr, "tcpsim: %s %s: that is the %s file; an output never replaces "
                       "an input\n", o->option[i], o->path[i], input_kind);
            else
              fprintf (stderr, "tcpsim: %s %s: the %s includes that file; an output never "
                       "replaces an input\n", o->option[i], o->path[i], input_kind);
            return TRUE;
          }
      for (int j = 0; j < i; j++)
        if (o->path[j] != NULL && outfile_same_file (o->path[i], o->path[j]))
          {
            fprintf (stderr, "tcpsim: %s %s and %s %s are the same file\n", o->option[j],
                     o->path[j], o->option[i], o->path[i]);
            return TRUE;
          }
      if (log_on_stdout && outfile_is_stdout (o->path[i]))
        {
          fprintf (stderr, "tcpsim: %s %s: standard output already carries the log; add -q\n",
                   o->option[i], o->path[i]);
          return TRUE;
        }
    }
  return FALSE;
}

CliOutputs *
cli_outputs_new (const CliOutputPaths *p, const char *input_kind, const char *const *inputs,
                 gboolean log_on_stdout, int *status)
{
  CliOutputs *o = g_new0 (CliOutputs, 1);
  o->p = p;
  static const char *const options[OUT_COUNT] = {
    [OUT_TRACE] = "--trace",       [OUT_LOG] = "--log",           [OUT_PCAP] = "--pcap",
    [OUT_SUMMARY] = "--summary",   [OUT_TIMELINE] = "--timeline", [OUT_OVERVIEW] = "--overview",
    [OUT_STATES] = "--states",     [OUT_SEQPLOT] = "--seqplot",
  };
  memcpy (o->option, options, sizeof options);
  o->path[OUT_TRACE] = p->trace_path;
  o->path[OUT_LOG] = p->log_path;
  o->path[OUT_PCAP] = p->pcap_path;
  o->path[OUT_SUMMARY] = p->summary_path;
  o->path[OUT_TIMELINE] = p->timeline_path;
  o->path[OUT_OVERVIEW] = p->tl.overview_path;
  o->path[OUT_STATES] = p->states_path;
  o->path[OUT_SEQPLOT] = p->seqplot_path;
  o->jsonl = p->trace_path != NULL && g_str_has_suffix (p->trace_path, ".jsonl");
  GError *err = NULL;
  gboolean pictures = FALSE;
  for (int i = OUT_FIRST_PICTURE; i < OUT_COUNT; i++)
    if (o->path[i] != NULL)
      {
        pictures = TRUE;
        if (plot_format_of (o->path[i]) == NULL)
          {
            fprintf (stderr, "tcpsim: %s %s: use a .png, .svg or .pdf name\n", o->option[i],
                     o->path[i]);
            *status = EXIT_INPUT;
            goto fail;
          }
      }
  if (pictures
      && ((o->gnuplot = plot_find_gnuplot (&err)) == NULL || (o->plots = plot_find_dir (&err)) == NULL))
    {
      print_error (err);
      g_error_free (err);
      *status = EXIT_OUTPUT;
      goto fail;
    }
  if (refused (o, input_kind, inputs, log_on_stdout))
    {
      *status = EXIT_INPUT;
      goto fail;
    }
  return o;
fail:
  cli_outputs_free (o);
  return NULL;
}

int
cli_outputs_open (CliOutputs *o)
{
  GError *err = NULL;
  for (int i = 0; i < OUT_COUNT; i++)
    if (o->path[i] != NULL && (o->file[i] = outfile_new (o->path[i], &err)) == NULL)
      {
        if (cli_interrupt_signal () != 0)
          {
            g_clear_error (&err);
            if (cli_interrupt_signal () != SIGPIPE)
              fprintf (stderr, "tcpsim: interrupted while opening the outputs; no output written\n");
            return cli_interrupt_status ();
          }
        print_error (err);
        g_error_free (err);
        return EXIT_OUTPUT;
      }
  if (o->file[OUT_PCAP] != NULL
      && (o->pcap = trace_pcap_new (outfile_take_stream (o->file[OUT_PCAP]),
                                    trace_pcap_is_pcapng (o->path[OUT_PCAP]), o->p->capture, &err))
           == NULL)
    {
      print_error (err);
      g_error_free (err);
      return EXIT_OUTPUT;
    }
  return 0;
}

int
cli_outputs_attach (CliOutputs *o, TraceBus *bus, const char *const *hosts, guint nhosts,
                    SimTime unit, const char *title, const char *chart_title)
{
  if (o->file[OUT_LOG])
    {
      o->log = trace_text_new (o->file[OUT_LOG]->fp);
      trace_bus_subscribe (bus, trace_text_event, o->log);
    }
  if (o->file[OUT_TRACE] && o->jsonl)
    {
      o->jsonl_sink = trace_jsonl_new (o->file[OUT_TRACE]->fp);
      trace_bus_subscribe (bus, trace_jsonl_event, o->jsonl_sink);
    }
  else if (o->file[OUT_TRACE])
    {
      o->tsv = trace_tsv_new (o->file[OUT_TRACE]->fp);
      trace_bus_subscribe (bus, trace_tsv_event, o->tsv);
    }
  if (o->pcap)
    trace_bus_subscribe (bus, trace_pcap_event, o->pcap);
  if (o->file[OUT_SUMMARY])
    {
      o->summary = trace_summary_new ();
      trace_bus_subscribe (bus, trace_summary_event, o->summary);
    }
  if (o->file[OUT_TIMELINE] || o->file[OUT_OVERVIEW])
    {
      o->tl = trace_timeline_new (hosts, nhosts, title);
      trace_timeline_set_unit (o->tl, unit);
      GError *err = NULL;
      if (!trace_timeline_set_options (o->tl, &o->p->tl.opt, &err))
        {
          fprintf (stderr, "tcpsim: %s\n", err->message);
          g_error_free (err);
          return EXIT_INPUT;
        }
      trace_bus_subscribe (bus, trace_timeline_event, o->tl);
    }
  if (o->file[OUT_STATES] || o->file[OUT_SEQPLOT])
    o->charts = run_charts_new (bus, o->file[OUT_STATES] != NULL, o->file[OUT_SEQPLOT] != NULL,
                                (guint64) o->p->seqplot_conn, chart_title);
  return 0;
}

gboolean
cli_outputs_failed (const CliOutputs *o)
{
  for (int i = 0; i < OUT_COUNT; i++)
    if (o->file[i] != NULL && o->file[i]->err != 0)
      return TRUE;
  return FALSE;
}

int
cli_outputs_finish (CliOutputs *o)
{
  GError *err = NULL;
  if (o->pcap)
    {
      /* Its write errors are the file's, reported by outfile_finish. */
      gboolean ok = trace_pcap_close (o->pcap, &err);
      o->pcap = NULL;
      if (!ok && o->file[OUT_PCAP]->err == 0)
        goto fail;
      g_clear_error (&err);
    }
  if (o->summary)
    trace_summary_write (o->summary, o->file[OUT_SUMMARY]->fp);
  for (int i = 0; i < OUT_FIRST_PICTURE; i++)
    if (o->file[i] != NULL && !outfile_finish (o->file[i], &err))
      goto fail;
  if (o->tl
      && (!cli_timeline_draw (o->tl, &o->p->tl, o->gnuplot, o->plots, o->file[OUT_TIMELINE],
                              o->file[OUT_OVERVIEW], &err)
          || (o->file[OUT_TIMELINE] && !outfile_finish (o->file[OUT_TIMELINE], &err))
          || (o->file[OUT_OVERVIEW] && !outfile_finish (o->file[OUT_OVERVIEW], &err))))
    goto fail;
  if (o->charts
      && (!run_charts_draw (o->charts, o->gnuplot, o->plots, o->file[OUT_STATES],
                            o->file[OUT_SEQPLOT], &err)
          || (o->file[OUT_STATES] && !outfile_finish (o->file[OUT_STATES], &err))
          || (o->file[OUT_SEQPLOT] && !outfile_finish (o->file[OUT_SEQPLOT], &err))))
    goto fail;
  if (cli_interrupt_signal () != 0)
    {
      if (cli_interrupt_signal () != SIGPIPE)
        fprintf (stderr, "tcpsim: interrupted while writing the outputs; no output written\n");
      return cli_interrupt_status ();
    }
  if (!outfile_publish_all (o->file, OUT_COUNT, &err))
    goto fail;
  return 0;

fail:
  if (cli_interrupt_signal () != 0)
    {
      g_clear_error (&err);
      if (cli_interrupt_signal () != SIGPIPE)
        fprintf (stderr, "tcpsim: interrupted while %s; no output written\n",
                 o->tl != NULL || o->charts != NULL ? "drawing" : "writing the outputs");
      return cli_interrupt_status ();
    }
  print_error (err);
  g_error_free (err);
  return EXIT_OUTPUT;
}

void
cli_outputs_free (CliOutputs *o)
{
  if (o == NULL)
    return;
  if (o->pcap)
    trace_pcap_close (o->pcap, NULL);
  for (int i = 0; i < OUT_COUNT; i++)
    outfile_discard (o->file[i]);
  run_charts_free (o->charts);
  trace_text_free (o->log);
  trace_tsv_free (o->tsv);
  trace_jsonl_free (o->jsonl_sink);
  trace_summary_free (o->summary);
  trace_timeline_free (o->tl);
  g_free (o->gnuplot);
  g_free (o->plots);
  g_free (o);
}
