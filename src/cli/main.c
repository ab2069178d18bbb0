/* tcpsim: the command line.  Subcommands: run, check.
 *
 * Exit status: 0 success; 1 an expectation failed; 2 bad input (the
 * scenario, an option); 3 the run could not produce what was asked (an
 * output file, gnuplot); 130 interrupted. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cli/defines.h"
#include "cli/interrupt.h"
#include "cli/model.h"
#include "cli/outfile.h"
#include "cli/plot.h"
#include "cli/profiles.h"
#include "cli/sweep.h"
#include "scenario/scenario.h"
#include "scenario/scn_expect.h"
#include "scenario/scn_world.h"
#include "study/study_seed.h"
#include "trace/trace_sinks.h"

enum
{
  EXIT_OK = 0,
  EXIT_EXPECT = 1,
  EXIT_INPUT = 2,
  EXIT_OUTPUT = 3,
  EXIT_INTERRUPTED = 130,
};

static volatile sig_atomic_t *interrupted;

typedef struct
{
  char **defines;
  char *seed_text;
  char *trace_path, *timeline_path, *pcap_path, *log_path;
  gboolean quiet;
  gboolean stats;
  gboolean syntax_only;
  gint64 max_events;
  gint64 max_same_instant;
  gint64 replication;
  char *max_time_text;
  SimTime max_time;
  char **files;
} Options;

static void
options_clear (Options *o)
{
  g_strfreev (o->defines);
  g_free (o->seed_text);
  g_free (o->trace_path);
  g_free (o->timeline_path);
  g_free (o->pcap_path);
  g_free (o->log_path);
  g_free (o->max_time_text);
  g_strfreev (o->files);
}

static void
print_duration_stats (FILE *out, const char *what, const AppGen *gen, AppStat stat)
{
  static const struct
  {
    AppAgg agg;
    const char *name;
  } aggs[] = { { APP_AGG_MEAN, "mean" }, { APP_AGG_P50, "p50" }, { APP_AGG_P90, "p90" },
               { APP_AGG_P99, "p99" },   { APP_AGG_MAX, "max" } };
  fprintf (out, "  %-10s", what);
  SimTime v;
  if (!app_gen_duration (gen, stat, APP_AGG_MEAN, &v))
    {
      fputs (" none\n", out);
      return;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (aggs); i++)
    {
      app_gen_duration (gen, stat, aggs[i].agg, &v);
      fprintf (out, "%s%s %.3f ms", i ? "  " : " ", aggs[i].name, (double) v / SIM_MS);
    }
  fputc ('\n', out);
}

static void
print_gen_summary (FILE *out, const World *w)
{
  for (guint i = 0; i < w->scn->gens->len; i++)
    {
      const ScnGen *g = &g_array_index (w->scn->gens, ScnGen, i);
      const AppGenStats *st = app_gen_stats (w->gens[i]);
      fprintf (out, "gen %s: %u started, %u established, %u completed, %u failed", g->name, st->started,
               st->established, st->completed, st->failed);
      if (st->incomplete)
        fprintf (out, ", %u incomplete", st->incomplete);
      for (int e = 1; e < TCP_ERROR_COUNT; e++)
        if (st->errors[e])
          fprintf (out, " (%s %u)", tcp_error_name ((TcpError) e), st->errors[e]);
      fputc ('\n', out);
      print_duration_stats (out, "handshake", w->gens[i], APP_STAT_HANDSHAKE);
      print_duration_stats (out, "lifetime", w->gens[i], APP_STAT_LIFETIME);
    }
}

/* The shortest link delay: the timeline's vertical unit. */
static SimTime
shortest_delay (const Scenario *scn)
{
  SimTime d = 0;
  for (guint i = 0; i < scn->links->len; i++)
    {
      SimTime x = g_array_index (scn->links, ScnLink, i).delay;
      if (x > 0 && (d == 0 || x < d))
        d = x;
    }
  return d;
}

static void
print_error (const char *prefix, const GError *err)
{
  if (prefix != NULL)
    fprintf (stderr, "tcpsim: %s: %s\n", prefix, err->message);
  else
    fprintf (stderr, "%s\n", err->message);
}

/* Runs one scenario with the outputs asked for.  Returns an exit status. */
static int
run_one (const char *path, const Options *o, gboolean checking, const ScnDefine *defs, gsize ndefs,
         guint64 seed, gboolean has_seed, guint *failed_out)
{
  GError *err = NULL;
  Scenario *scn = scn_parse_file (path, defs, ndefs, &err);
  if (scn == NULL)
    {
      print_error (NULL, err);
      g_error_free (err);
      return EXIT_INPUT;
    }
  if (o->syntax_only)
    {
      printf ("OK %s (syntax)\n", path);
      scn_free (scn);
      return EXIT_OK;
    }
  if (o->replication >= 0)
    {
      /* The seed of this replication in a sweep of the same parameters
       * (study_seed.h). */
      char *key = study_point_key (defs, ndefs);
      seed = study_seed (has_seed ? seed : scn->seed, key, (guint32) o->replication);
      has_seed = TRUE;
      g_free (key);
    }
  World *w = world_new (scn, has_seed, seed, &err);
  if (w == NULL)
    {
      print_error (NULL, err);
      g_error_free (err);
      scn_free (scn);
      return EXIT_INPUT;
    }

  int status = EXIT_OK;
  OutFile *f_trace = NULL, *f_log = NULL, *f_pcap = NULL, *f_timeline = NULL;
  TraceText *text = NULL, *logtext = NULL;
  TraceTsv *tsv = NULL;
  TracePcap *pcap = NULL;
  TraceTimeline *tl = NULL;
  char *gnuplot = NULL, *plots = NULL, *tmpdir = NULL;
  ScnChecker *chk = NULL;

  /* Everything that can fail before the run fails now, so that no output
   * is created for a run that cannot complete. */
  if (o->timeline_path != NULL)
    {
      if (plot_format_of (o->timeline_path) == NULL)
        {
          fprintf (stderr, "tcpsim: --timeline %s: use a .png, .svg or .pdf name\n", o->timeline_path);
          status = EXIT_INPUT;
          goto out;
        }
      if ((gnuplot = plot_find_gnuplot (&err)) == NULL || (plots = plot_find_dir (&err)) == NULL)
        {
          print_error ("error", err);
          status = EXIT_OUTPUT;
          goto out;
        }
    }
  if ((o->trace_path && (f_trace = outfile_new (o->trace_path, TRUE, &err)) == NULL)
      || (o->log_path && (f_log = outfile_new (o->log_path, TRUE, &err)) == NULL)
      || (o->pcap_path && (f_pcap = outfile_new (o->pcap_path, FALSE, &err)) == NULL)
      || (o->timeline_path && (f_timeline = outfile_new (o->timeline_path, FALSE, &err)) == NULL))
    {
      print_error ("error", err);
      status = EXIT_OUTPUT;
      goto out;
    }
  if (f_pcap && (pcap = trace_pcap_new (f_pcap->tmp, &err)) == NULL)
    {
      print_error ("error", err);
      status = EXIT_OUTPUT;
      goto out;
    }

  if (scn->expects->len > 0)
    chk = scn_checker_new (w);
  if (!checking && !o->quiet)
    {
      text = trace_text_new (stdout);
      trace_bus_subscribe (&w->bus, trace_text_event, text);
    }
  if (f_log)
    {
      logtext = trace_text_new (f_log->fp);
      trace_bus_subscribe (&w->bus, trace_text_event, logtext);
    }
  if (f_trace)
    {
      tsv = trace_tsv_new (f_trace->fp);
      trace_bus_subscribe (&w->bus, trace_tsv_event, tsv);
    }
  if (pcap)
    trace_bus_subscribe (&w->bus, trace_pcap_event, pcap);
  if (f_timeline)
    {
      const char **names = g_new (const char *, w->nhosts);
      for (guint i = 0; i < w->nhosts; i++)
        names[i] = w->hosts[i]->name;
      char *title = g_path_get_basename (path);
      tl = trace_timeline_new (names, w->nhosts, title);
      trace_timeline_set_unit (tl, shortest_delay (scn));
      g_free (title);
      g_free (names);
      trace_bus_subscribe (&w->bus, trace_timeline_event, tl);
    }

  gint64 wall_start = g_get_monotonic_time ();
  WorldLimits lim = {
    .max_time = o->max_time,
    .max_events = (guint64) o->max_events,
    .max_same_instant = (guint64) o->max_same_instant,
    .stop = interrupted,
  };
  char lim_time[32];
  switch (world_run (w, &lim))
    {
    case WORLD_DONE:
      break;
    case WORLD_STOPPED:
      fprintf (stderr, "tcpsim: interrupted at simulated time %.6f s; no output written\n",
               sim_time_to_s (w->sim.now));
      status = EXIT_INTERRUPTED;
      goto out;
    case WORLD_STALLED:
      fprintf (stderr, "%s: error: endless loop: %" G_GINT64_FORMAT " events in a row at simulated time "
               "%.6f s without the clock moving (segments bouncing on zero-delay links?); "
               "raise --max-same-instant if this is intended\n",
               path, o->max_same_instant, sim_time_to_s (w->sim.now));
      status = EXIT_INPUT;
      goto out;
    case WORLD_EVENT_LIMIT:
      fprintf (stderr, "%s: error: the run reached the event limit (%" G_GUINT64_FORMAT
               " events) at simulated time %.6f s; raise it with --max-events\n",
               path, lim.max_events, sim_time_to_s (w->sim.now));
      status = EXIT_INPUT;
      goto out;
    case WORLD_TIME_LIMIT:
      sim_time_format_short (o->max_time, lim_time, sizeof lim_time);
      fprintf (stderr, "%s: error: the run is still going at the simulated-time limit (%s); end it "
               "with 'run until' in the scenario or raise --max-time\n", path, lim_time);
      status = EXIT_INPUT;
      goto out;
    }
  if (o->stats)
    {
      double wall = (double) (g_get_monotonic_time () - wall_start) / 1e6;
      struct rusage ru;
      getrusage (RUSAGE_SELF, &ru);
      fprintf (stderr, "stats: %" G_GUINT64_FORMAT " events, simulated %.3f s, wall %.3f s, "
                  "%.2f M events/s, peak RSS %.1f MB\n",
                  w->sim.events_run, sim_time_to_s (w->sim.now), wall,
                  wall > 0 ? (double) w->sim.events_run / wall / 1e6 : 0.0, ru.ru_maxrss / 1024.0);
    }

  if (!checking)
    print_gen_summary (stdout, w);

  if (chk != NULL)
    {
      GString *report = g_string_new ("");
      guint failed = scn_checker_report (chk, report);
      if (checking || failed > 0)
        fputs (report->str, checking ? stdout : stderr);
      g_string_free (report, TRUE);
      *failed_out = failed;
      if (failed > 0)
        status = EXIT_EXPECT;
    }

  /* Commit the outputs. */
  fflush (stdout);
  if (pcap)
    {
      gboolean ok = trace_pcap_close (pcap, &err);
      pcap = NULL;
      if (!ok || !outfile_commit (f_pcap, &err))
        goto fail_output;
    }
  if (f_trace && !outfile_commit (f_trace, &err))
    goto fail_output;
  if (f_log && !outfile_commit (f_log, &err))
    goto fail_output;
  if (tl)
    {
      tmpdir = g_dir_make_tmp ("tcpsim-timeline-XXXXXX", &err);
      if (tmpdir == NULL || !trace_timeline_write (tl, tmpdir, &err))
        goto fail_output;
      char *script = g_build_filename (plots, "timeline.gp", NULL);
      gboolean ok = plot_render (gnuplot, script, tmpdir, f_timeline->path, f_timeline->tmp, &err);
      g_free (script);
      if (!ok || !outfile_commit (f_timeline, &err))
        goto fail_output;
    }
  goto out;

fail_output:
  print_error ("error", err);
  status = EXIT_OUTPUT;
out:
  g_clear_error (&err);
  if (pcap)
    trace_pcap_close (pcap, NULL);
  outfile_discard (f_trace);
  outfile_discard (f_log);
  outfile_discard (f_pcap);
  outfile_discard (f_timeline);
  if (tmpdir != NULL)
    {
      for (gsize i = 0; trace_timeline_files[i] != NULL; i++)
        {
          char *p = g_build_filename (tmpdir, trace_timeline_files[i], NULL);
          g_unlink (p);
          g_free (p);
        }
      g_rmdir (tmpdir);
      g_free (tmpdir);
    }
  trace_text_free (text);
  trace_text_free (logtext);
  trace_tsv_free (tsv);
  trace_timeline_free (tl);
  scn_checker_free (chk);
  world_free (w);
  scn_free (scn);
  g_free (gnuplot);
  g_free (plots);
  return status;
}

/* ---- subcommands ------------------------------------------------------------ */

static const char *const usage_summary =
  "Subcommands:\n"
  "  run FILE      run a scenario: log on stdout, optional trace, pcap, timeline\n"
  "  check FILE…   run scenarios and judge their expectations (exit 0 if all pass)\n"
  "  sweep FILE    replications over a grid of parameters: statistics, model, CSV, plots\n"
  "  profiles [NAME]  print the TCP profiles side by side, with the source of every value\n"
  "  model FILE    the exact model of a scenario's handshake: mean, failure, distribution\n"
  "\n"
  "'tcpsim SUBCOMMAND --help' shows the options of each.";

static int
cmd_main (int argc, char **argv, gboolean checking)
{
  Options o = { 0 };
  GOptionEntry run_entries[] = {
    { "define", 'D', 0, G_OPTION_ARG_STRING_ARRAY, &o.defines,
      "Set a scenario parameter (repeatable)", "NAME=VALUE" },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &o.seed_text, "Override the scenario's seed", "N" },
    { "replication", 'R', 0, G_OPTION_ARG_INT64, &o.replication,
      "Run replication R of a sweep over the points with these -D values (same seeds, same trace)",
      "R" },
    { "max-events", 0, 0, G_OPTION_ARG_INT64, &o.max_events,
      "Stop with an error after N events (default 100000000; 0 = no limit)", "N" },
    { "max-time", 0, 0, G_OPTION_ARG_STRING, &o.max_time_text,
      "Without 'run until', stop with an error if events remain at this simulated time "
      "(default 1d = 86400s)", "DURATION" },
    { "max-same-instant", 0, 0, G_OPTION_ARG_INT64, &o.max_same_instant,
      "Stop with an error after N events in a row at one instant (default 10000000; 0 = no limit)",
      "N" },
    { NULL },
  };
  GOptionEntry out_entries[] = {
    { "trace", 't', 0, G_OPTION_ARG_FILENAME, &o.trace_path, "Write the TSV trace", "OUT.tsv" },
    { "timeline", 'T', 0, G_OPTION_ARG_FILENAME, &o.timeline_path,
      "Draw the timeline diagram (needs gnuplot)", "OUT.png|OUT.svg|OUT.pdf" },
    { "pcap", 'p', 0, G_OPTION_ARG_FILENAME, &o.pcap_path, "Write a pcap of every segment sent",
      "OUT.pcap" },
    { "log", 'l', 0, G_OPTION_ARG_FILENAME, &o.log_path, "Write the text log to a file", "OUT.txt" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet, "Do not print the log on stdout", NULL },
    { "stats", 0, 0, G_OPTION_ARG_NONE, &o.stats,
      "Print events run, wall time, events per second and peak memory on stderr", NULL },
    { NULL },
  };
  GOptionEntry check_entries[] = {
    { "syntax", 0, 0, G_OPTION_ARG_NONE, &o.syntax_only, "Only parse and validate; do not run",
      NULL },
    { NULL },
  };
  GOptionEntry files_entry[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.files, NULL, NULL },
    { NULL },
  };
  o.replication = -1;
  o.max_events = 100000000;
  o.max_same_instant = 10000000;
  o.max_time = 86400 * SIM_S;
  GOptionContext *ctx = g_option_context_new (checking ? "FILE… - check scenarios' expectations"
                                                       : "FILE - run a scenario");
  g_option_context_add_main_entries (ctx, run_entries, NULL);
  g_option_context_add_main_entries (ctx, files_entry, NULL);
  if (checking)
    g_option_context_add_main_entries (ctx, check_entries, NULL);
  else
    {
      GOptionGroup *g = g_option_group_new ("output", "Outputs:", "Show output options", NULL, NULL);
      g_option_group_add_entries (g, out_entries);
      g_option_context_add_group (ctx, g);
      g_option_context_set_description (
        ctx, "Outputs are written under a temporary name and renamed when the run is complete.");
    }
  GError *err = NULL;
  int status = EXIT_OK;
  GArray *defs = g_array_new (FALSE, FALSE, sizeof (ScnDefine));
  guint64 seed = 0;
  gboolean has_seed = FALSE;
  if (!g_option_context_parse (ctx, &argc, &argv, &err) || !cli_parse_defines (o.defines, defs, &err))
    {
      fprintf (stderr, "tcpsim %s: %s\n", checking ? "check" : "run", err->message);
      status = EXIT_INPUT;
      goto out;
    }
  if (o.seed_text != NULL)
    {
      char *end;
      seed = g_ascii_strtoull (o.seed_text, &end, 10);
      if (*o.seed_text == '\0' || *end != '\0' || !g_ascii_isdigit (*o.seed_text))
        {
          fprintf (stderr, "tcpsim: --seed %s: expected a whole number\n", o.seed_text);
          status = EXIT_INPUT;
          goto out;
        }
      has_seed = TRUE;
    }
  if (o.replication < -1 || o.replication > G_MAXUINT32)
    {
      fprintf (stderr, "tcpsim: --replication must be between 0 and %u\n", G_MAXUINT32);
      status = EXIT_INPUT;
      goto out;
    }
  if (o.max_events < 0 || o.max_same_instant < 0)
    {
      fprintf (stderr, "tcpsim: --max-events and --max-same-instant must not be negative\n");
      status = EXIT_INPUT;
      goto out;
    }
  if (o.max_time_text != NULL)
    {
      const char *why;
      if (!sim_time_parse (o.max_time_text, &o.max_time, &why))
        {
          fprintf (stderr, "tcpsim: --max-time %s: %s\n", o.max_time_text, why);
          status = EXIT_INPUT;
          goto out;
        }
    }
  guint nfiles = o.files ? g_strv_length (o.files) : 0;
  if (nfiles == 0 || (!checking && nfiles > 1))
    {
      fprintf (stderr, "tcpsim %s: %s\n", checking ? "check" : "run",
                  checking ? "name at least one scenario file" : "name one scenario file");
      status = EXIT_INPUT;
      goto out;
    }
  interrupted = cli_interrupt_install ();
  guint files_failed = 0, expects_failed = 0;
  for (guint i = 0; i < nfiles && !*interrupted; i++)
    {
      guint failed = 0;
      int st = run_one (o.files[i], &o, checking, (const ScnDefine *) defs->data, defs->len, seed,
                        has_seed, &failed);
      expects_failed += failed;
      if (st != EXIT_OK)
        files_failed++;
      /* The worst status wins: input errors over failed expectations. */
      if (st == EXIT_INTERRUPTED || (st > status && status != EXIT_INTERRUPTED))
        status = st;
    }
  if (checking && !o.syntax_only)
    printf ("%u of %u scenarios passed (%u expectations failed)\n", nfiles - files_failed, nfiles,
             expects_failed);
out:
  g_clear_error (&err);
  g_array_free (defs, TRUE);
  g_option_context_free (ctx);
  options_clear (&o);
  return status;
}

int
main (int argc, char **argv)
{
  if (argc >= 2 && strcmp (argv[1], "run") == 0)
    return cmd_main (argc - 1, argv + 1, FALSE);
  if (argc >= 2 && strcmp (argv[1], "check") == 0)
    return cmd_main (argc - 1, argv + 1, TRUE);
  if (argc >= 2 && strcmp (argv[1], "sweep") == 0)
    return cli_sweep (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "profiles") == 0)
    return tcp_cli_profiles (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "model") == 0)
    return cli_model (argc - 1, argv + 1);

  gboolean version = FALSE;
  GOptionEntry entries[] = {
    { "version", 'V', 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL },
  };
  GOptionContext *ctx = g_option_context_new ("SUBCOMMAND [OPTION…] - simulate TCP lifecycles");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx, usage_summary);
  GError *err = NULL;
  int status = EXIT_OK;
  if (!g_option_context_parse (ctx, &argc, &argv, &err))
    {
      fprintf (stderr, "tcpsim: %s\n", err->message);
      g_error_free (err);
      status = EXIT_INPUT;
    }
  else if (version)
    printf ("tcpsim %s\n", PACKAGE_VERSION);
  else
    {
      if (argc >= 2)
        fprintf (stderr, "tcpsim: unknown subcommand '%s'\n\n", argv[1]);
      char *help = g_option_context_get_help (ctx, TRUE, NULL);
      fputs (help, argc >= 2 ? stderr : stdout);
      g_free (help);
      status = argc >= 2 ? EXIT_INPUT : EXIT_OK;
    }
  g_option_context_free (ctx);
  return status;
}
