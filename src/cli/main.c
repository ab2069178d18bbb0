/* tcpsim: the command line.  Subcommands: run, check; sweep, model,
 * profiles and plot live in their own files (plot in replot.c; run and
 * plot share their outputs, outputs.c).
 *
 * Exit status: 0 success; 1 an expectation failed; 2 bad input (the
 * scenario, an option); 3 the run could not produce what was asked (an
 * output file, gnuplot); 128 + N stopped by signal N (130 for Ctrl-C). */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cli/help.h"
#include "cli/defines.h"
#include "cli/interrupt.h"
#include "cli/model.h"
#include "cli/packetdrill.h"
#include "cli/outfile.h"
#include "cli/outputs.h"
#include "cli/plot.h"
#include "cli/profiles.h"
#include "cli/replot.h"
#include "cli/sweep.h"
#include "scenario/scenario.h"
#include "scenario/scn_expect.h"
#include "scenario/scn_world.h"
#include "study/study_seed.h"
#include "tcp/tcp_profile.h"
#include "trace/trace_sinks.h"

enum
{
  EXIT_OK = 0,
  EXIT_EXPECT = 1,
  EXIT_INPUT = 2,
  EXIT_OUTPUT = 3,
};

typedef struct
{
  char **defines;
  char *seed_text;
  CliOutputPaths out;           /* the outputs run shares with plot (outputs.h) */
  gboolean quiet;
  gboolean stats;
  gboolean syntax_only;
  gint64 max_events;
  gint64 max_same_instant;
  gint64 replication;
  char *max_time_text;
  SimTime max_time;
  char *max_wall_text;
  SimTime max_wall;             /* wall-clock nanoseconds; 0: no limit */
  char **files;
} Options;

static void
options_clear (Options *o)
{
  g_strfreev (o->defines);
  g_free (o->seed_text);
  cli_output_paths_clear (&o->out);
  g_free (o->max_time_text);
  g_free (o->max_wall_text);
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

/* Connections that generators have finished, for the progress line. */
static guint64
conns_done (const World *w)
{
  guint64 n = 0;
  for (guint i = 0; i < w->scn->gens->len; i++)
    {
      const AppGenStats *st = app_gen_stats (w->gens[i]);
      n += st->completed + st->failed;
    }
  return n;
}

static void
progress_show (const World *w, gint64 wall_start)
{
  double wall = (double) (g_get_monotonic_time () - wall_start) / 1e6;
  fprintf (stderr, "\r\033[Ksimulated %.3f s, %.2f M events/s, %" G_GUINT64_FORMAT
           " connections done, %.0f s", sim_time_to_s (w->sim.now),
           wall > 0 ? (double) w->sim.events_run / wall / 1e6 : 0.0, conns_done (w), wall);
  fflush (stderr);
}

static int
interrupted_status (const char *what, const World *w)
{
  /* A closed pipe needs no explanation: the reader left. */
  if (cli_interrupt_signal () != SIGPIPE)
    {
      if (w != NULL)
        fprintf (stderr, "tcpsim: interrupted at simulated time %.6f s; no output written\n",
                 sim_time_to_s (w->sim.now));
      else
        fprintf (stderr, "tcpsim: interrupted while %s; no output written\n", what);
    }
  return cli_interrupt_status ();
}

/* A note on stderr, once per profile the scenario's hosts use, when some
 * of its values that they keep could not be confirmed from a primary
 * source (the `*` of `tcpsim profiles`): a result that depends on them is
 * an estimate (docs/profiles.md). */
static void
note_unconfirmed (const Scenario *scn)
{
  guint nf;
  const TcpProfileField *fields = tcp_profile_fields (&nf);
  GHashTable *said = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint h = 0; h < scn->hosts->len; h++)
    {
      const ScnHost *host = &g_array_index (scn->hosts, ScnHost, h);
      const TcpProfile *base = tcp_profile_lookup (host->profile.name);
      if (base == NULL || g_hash_table_contains (said, base->name))
        continue;
      guint n = 0;
      for (guint i = 0; i < nf; i++)
        {
          gboolean unconfirmed = FALSE;
          tcp_profile_source (base, fields[i].key, &unconfirmed);
          if (!unconfirmed)
            continue;
          char *mine = tcp_profile_value_str (&host->profile, &fields[i]);
          char *theirs = tcp_profile_value_str (base, &fields[i]);
          n += strcmp (mine, theirs) == 0;
          g_free (mine);
          g_free (theirs);
        }
      if (n > 0)
        fprintf (stderr, "tcpsim: note: profile %s: %u of the values its hosts keep could not be "
                 "confirmed (marked * in 'tcpsim profiles %s')\n", base->name, n, base->name);
      g_hash_table_add (said, (gpointer) base->name);
    }
  g_hash_table_destroy (said);
}

/* Runs one scenario with the outputs asked for.  Returns an exit status.
 *
 * One run's outputs are all or nothing: every output is written to an
 * anonymous (or temporary) file, and all are published together only when
 * all succeeded, the picture included; a failure (exit 3) or a signal
 * publishes none and leaves any older files of those names untouched.
 * Outputs that are not regular files (devices, FIFOs, standard output)
 * are written as the run goes and cannot be taken back. */
static int
run_one (const char *path, const Options *o, gboolean checking, const ScnDefine *defs, gsize ndefs,
         guint64 seed, gboolean has_seed, guint *failed_out)
{
  GError *err = NULL;
  /* Nothing to clean up yet: a signal ends the process at once. */
  cli_interrupt_defer (FALSE);
  Scenario *scn = scn_parse_file (path, defs, ndefs, &err);
  if (scn == NULL)
    {
      print_error (NULL, err);
      g_error_free (err);
      return EXIT_INPUT;
    }
  if (!checking)
    note_unconfirmed (scn);
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
  TraceText *text = NULL;
  ScnChecker *chk = NULL;
  gboolean progress = FALSE;

  /* Everything that can fail before the run fails now, so that no output
   * is created for a run that cannot complete. */
  const char **inputs = g_new0 (const char *, scn->includes->len + 2);
  inputs[0] = path;
  for (guint f = 0; f < scn->includes->len; f++)
    inputs[f + 1] = g_ptr_array_index (scn->includes, f);
  CliOutputs *outs = cli_outputs_new (&o->out, "scenario", inputs, !checking && !o->quiet, &status);
  g_free (inputs);
  if (outs == NULL)
    goto out;

  /* From here on a signal is a request to stop and clean up. */
  cli_interrupt_defer (TRUE);
  if ((status = cli_outputs_open (outs)) != EXIT_OK)
    goto out;

  if (scn->expects->len > 0)
    chk = scn_checker_new (w);
  if (!checking && !o->quiet)
    {
      text = trace_text_new (stdout);
      trace_bus_subscribe (&w->bus, trace_text_event, text);
    }
  {
    const char **names = g_new (const char *, w->nhosts);
    for (guint i = 0; i < w->nhosts; i++)
      names[i] = w->hosts[i]->name;
    /* The timeline's title is the scenario's 'title', else its file
     * name; the charts' is the file name. */
    char *base = g_path_get_basename (path);
    status = cli_outputs_attach (outs, &w->bus, names, w->nhosts, shortest_delay (scn),
                                 scn->title ? scn->title : base, base);
    g_free (base);
    g_free (names);
    if (status != EXIT_OK)
      goto out;
  }

  gint64 wall_start = g_get_monotonic_time ();
  volatile sig_atomic_t *stop = cli_interrupt_install ();
  WorldLimits lim = {
    .max_time = o->max_time,
    .max_events = (guint64) o->max_events,
    .max_same_instant = (guint64) o->max_same_instant,
    .stop = stop,
  };
  char lim_time[32];
  /* The run goes in slices of events (world_run is resumable), and a
   * tick stops it every 200 ms: between them, tcpsim shows progress,
   * checks the wall clock and a signal, and notices a failed output
   * early.  Neither changes what the run does. */
  const guint64 slice = 1 << 16;
  const guint64 cap = o->max_events > 0 ? (guint64) o->max_events : G_MAXUINT64;
  cli_interrupt_tick (200);
  WorldOutcome outcome;
  for (;;)
    {
      lim.max_events = cap - w->sim.events_run > slice ? w->sim.events_run + slice : cap;
      outcome = world_run (w, &lim);
      gboolean sliced = outcome == WORLD_EVENT_LIMIT && lim.max_events < cap;
      if ((outcome != WORLD_STOPPED && !sliced) || cli_interrupt_signal () != 0)
        break;
      if (outcome == WORLD_STOPPED)
        cli_interrupt_clear_tick ();
      gint64 elapsed = g_get_monotonic_time () - wall_start;
      if (o->max_wall > 0 && elapsed * 1000 >= o->max_wall)
        {
          outcome = WORLD_STOPPED;
          break;
        }
      if (cli_outputs_failed (outs))
        {
          outcome = WORLD_STOPPED;
          break;
        }
      if (outcome != WORLD_STOPPED)
        continue; /* a slice: progress only on ticks */
      if (!progress && elapsed >= G_USEC_PER_SEC && isatty (STDERR_FILENO))
        progress = TRUE;
      if (progress)
        progress_show (w, wall_start);
    }
  lim.max_events = (guint64) o->max_events;
  if (cli_interrupt_signal () != 0)
    outcome = WORLD_STOPPED; /* whatever slice it ended */
  cli_interrupt_tick (0);
  if (progress)
    fputs ("\r\033[K", stderr);
  switch (outcome)
    {
    case WORLD_DONE:
      break;
    case WORLD_STOPPED:
      if (cli_interrupt_signal () != 0)
        {
          status = interrupted_status (NULL, w);
          goto out;
        }
      if (o->max_wall > 0 && (g_get_monotonic_time () - wall_start) * 1000 >= o->max_wall)
        {
          sim_time_format_short (o->max_wall, lim_time, sizeof lim_time);
          fprintf (stderr, "%s: error: the run reached the wall-clock limit (--max-wall %s) at "
                   "simulated time %.6f s; no output written\n",
                   path, lim_time, sim_time_to_s (w->sim.now));
          status = EXIT_INPUT;
          goto out;
        }
      /* An output failed: reported below, by its finish. */
      break;
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
  gboolean complete = outcome == WORLD_DONE;
  if (complete && o->stats)
    {
      double wall = (double) (g_get_monotonic_time () - wall_start) / 1e6;
      struct rusage ru;
      getrusage (RUSAGE_SELF, &ru);
      fprintf (stderr, "stats: %" G_GUINT64_FORMAT " events, simulated %.3f s, wall %.3f s, "
                  "%.2f M events/s, peak RSS %.1f MB\n",
                  w->sim.events_run, sim_time_to_s (w->sim.now), wall,
                  wall > 0 ? (double) w->sim.events_run / wall / 1e6 : 0.0, ru.ru_maxrss / 1024.0);
    }

  if (complete && !checking)
    print_gen_summary (stdout, w);

  if (complete && chk != NULL)
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

  /* Finish every output and check it; then draw; then publish all. */
  errno = 0;
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      int why = errno ? errno : EIO;
      g_set_error (&err, G_FILE_ERROR, g_file_error_from_errno (why), "standard output: %s",
                   g_strerror (why));
      goto fail_output;
    }
  {
    int st = cli_outputs_finish (outs);
    if (st > status)
      status = st;
  }
  goto out;

fail_output:
  if (cli_interrupt_signal () != 0)
    status = interrupted_status ("writing the outputs", NULL);
  else
    {
      print_error ("error", err);
      status = EXIT_OUTPUT;
    }
out:
  g_clear_error (&err);
  cli_interrupt_tick (0);
  cli_outputs_free (outs);
  trace_text_free (text);
  scn_checker_free (chk);
  world_free (w);
  scn_free (scn);
  cli_interrupt_defer (FALSE);
  return status;
}

/* ---- subcommands ------------------------------------------------------------ */

/* What this build can do beyond the core, for --version. */
static const char *
cli_features (void)
{
#ifdef HAVE_MPI
  return "built with: sweeps across MPI ranks (Open MPI)";
#else
  return "built without: sweeps across MPI ranks (./configure --with-mpi)";
#endif
}

static const char *const usage_summary =
  "Subcommands:\n"
  "  run FILE         run a scenario: log on stdout, optional trace, pcap, timeline\n"
  "  check FILE...    run scenarios and judge their expectations (exit 0 if all pass)\n"
  "  sweep FILE       replications over a grid of parameters: statistics, model, CSV, plots\n"
  "  plot TRACE.tsv   the timeline, charts, log, pcap, summary of a saved trace, again\n"
  "  model FILE       the exact model of a scenario's handshake: mean, failure, distribution\n"
  "  profiles [NAME]  the TCP profiles side by side, with the source of every value\n"
  "  packetdrill SCRIPT.pkt...  run packetdrill scripts against a profile's stack\n"
  "  help [TOPIC]     a reference page (scenario, profiles, trace, sweep, models, ...)\n"
  "\n"
  "'tcpsim SUBCOMMAND --help' shows every option of each; 'man tcpsim' is the manual.";

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
      "(default 86400s, one day; 0s: no limit; at most 10000000s)", "DURATION" },
    { "max-same-instant", 0, 0, G_OPTION_ARG_INT64, &o.max_same_instant,
      "Stop with an error after N events in a row at one instant (default 10000000; 0 = no limit)",
      "N" },
    { "max-wall", 0, 0, G_OPTION_ARG_STRING, &o.max_wall_text,
      "Stop with an error (exit 2, no output written) after this much real time (default: no "
      "limit)", "DURATION" },
    { NULL },
  };
  GOptionEntry out_entries[] = {
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
  GOptionContext *ctx = g_option_context_new (checking ? "FILE... - run scenarios and judge their expectations"
                                                       : "FILE - run a scenario");
  g_option_context_add_main_entries (ctx, run_entries, NULL);
  g_option_context_add_main_entries (ctx, files_entry, NULL);
  if (checking)
    g_option_context_add_main_entries (ctx, check_entries, NULL);
  else
    {
      GOptionGroup *g = g_option_group_new ("output", "Outputs:", "Show the output options", NULL, NULL);
      /* The outputs run shares with plot, then run's own. */
      cli_outputs_add_entries (g, &o.out);
      g_option_group_add_entries (g, out_entries);
      g_option_context_add_group (ctx, g);
      g_option_context_set_description (
        ctx,
        "Outputs are all or nothing: each is written to an anonymous file beside it (or a\n"
        "temporary name) and all are put in place together when the run and the picture are\n"
        "complete.  A device, a FIFO, /dev/stdout or - (standard output) is written directly.\n"
        "An output that names the scenario is refused.  Exit status: 0 success, 1 an expectation\n"
        "failed, 2 bad input or a limit reached, 3 an output failed, 128+N stopped by signal N\n"
        "(130 Ctrl-C); a progress line shows on a terminal after a second.");
    }
  GError *err = NULL;
  char *msg = NULL;
  int status = EXIT_OK;
  GArray *defs = g_array_new (FALSE, FALSE, sizeof (ScnDefine));
  guint64 seed = 0;
  gboolean has_seed = FALSE;
  gboolean helped;
  if (!cli_parse_options (ctx, &argc, &argv, &helped, &err) || !cli_parse_defines (o.defines, defs, &err))
    {
      fprintf (stderr, "tcpsim %s: %s\n", checking ? "check" : "run", err->message);
      status = EXIT_INPUT;
      goto out;
    }
  if (helped)
    goto out;
  /* Seeds and times are read as a scenario reads them: same units, same
   * ranges, same words. */
  if (o.seed_text != NULL && !scn_seed_from_text (o.seed_text, &seed, &msg))
    {
      fprintf (stderr, "tcpsim: --seed %s: %s\n", o.seed_text, msg);
      status = EXIT_INPUT;
      goto out;
    }
  has_seed = o.seed_text != NULL;
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
  const char *const time_opts[] = { "--max-wall", o.max_wall_text, "--max-time", o.max_time_text };
  SimTime *const time_vals[] = { &o.max_wall, &o.max_time };
  for (int i = 0; i < 2; i++)
    if (time_opts[2 * i + 1] != NULL && !scn_time_from_text (time_opts[2 * i + 1], time_vals[i], &msg))
      {
        fprintf (stderr, "tcpsim: %s %s: %s\n", time_opts[2 * i], time_opts[2 * i + 1], msg);
        status = EXIT_INPUT;
        goto out;
      }
  if (!cli_output_paths_parse (&o.out, &err))
    {
      fprintf (stderr, "tcpsim: %s\n", err->message);
      status = EXIT_INPUT;
      goto out;
    }
  guint nfiles = o.files ? g_strv_length (o.files) : 0;
  if (nfiles == 0 || (!checking && nfiles > 1))
    {
      fprintf (stderr, "tcpsim %s: %s\n", checking ? "check" : "run",
                  checking ? "name at least one scenario file" : "name one scenario file");
      status = EXIT_INPUT;
      goto out;
    }
  cli_interrupt_install ();
  guint files_failed = 0, expects_failed = 0;
  for (guint i = 0; i < nfiles && cli_interrupt_signal () == 0; i++)
    {
      guint failed = 0;
      int st = run_one (o.files[i], &o, checking, (const ScnDefine *) defs->data, defs->len, seed,
                        has_seed, &failed);
      expects_failed += failed;
      if (st != EXIT_OK)
        files_failed++;
      /* The worst status wins: input errors over failed expectations,
       * a signal over everything. */
      if (cli_interrupt_signal () != 0)
        status = cli_interrupt_status ();
      else if (st > status)
        status = st;
    }
  if (checking && !o.syntax_only)
    printf ("%u of %u scenarios passed (%u expectations failed)\n", nfiles - files_failed, nfiles,
             expects_failed);
out:
  g_free (msg);
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
  if (argc >= 2 && strcmp (argv[1], "plot") == 0)
    return cli_replot (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "help") == 0)
    return cli_help (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "packetdrill") == 0)
    return cli_packetdrill (argc - 1, argv + 1);

  gboolean version = FALSE;
  GOptionEntry entries[] = {
    { "version", 'V', 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL },
  };
  GOptionContext *ctx = g_option_context_new ("SUBCOMMAND ... - simulate TCP lifecycles");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx, usage_summary);
  GError *err = NULL;
  int status = EXIT_OK;
  gboolean helped;
  if (!cli_parse_options (ctx, &argc, &argv, &helped, &err))
    {
      fprintf (stderr, "tcpsim: %s\n", err->message);
      g_error_free (err);
      status = EXIT_INPUT;
    }
  else if (helped)
    status = EXIT_OK;
  else if (version)
    printf ("tcpsim %s\n%s\n", PACKAGE_VERSION, cli_features ());
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
