/* `tcpsim packetdrill SCRIPT.pkt…`: packetdrill scripts against a
 * profile's stack (pd/pd_run.h, docs/packetdrill.md). */
#include "cli/packetdrill.h"

#include <stdio.h>
#include <string.h>

#include "cli/help.h"
#include "cli/interrupt.h"
#include "cli/outputs.h"
#include "pd/pd_parse.h"
#include "pd/pd_run.h"
#include "scenario/scenario.h"
#include "trace/trace_sinks.h"

enum
{
  EXIT_PASS = 0,
  EXIT_FAILED = 1,
  EXIT_BAD = 2,
  EXIT_OUT = 3,
  EXIT_SKIPPED = 77, /* automake's "skipped" */
};

/* The symbol #ifdef tests for a profile: the system packetdrill would run
 * on (FreeBSD's suite writes `#ifdef FreeBSD`). */
static const char *
os_symbol (const char *profile)
{
  if (g_str_has_prefix (profile, "linux"))
    return "Linux";
  if (strcmp (profile, "freebsd") == 0)
    return "FreeBSD";
  if (strcmp (profile, "macos") == 0)
    return "__APPLE__";
  if (strcmp (profile, "windows") == 0)
    return "_WIN32";
  return NULL;
}

typedef struct
{
  char *profile;
  char *tolerance;
  gint64 tolerance_usecs;
  gboolean verbose, quiet;
  char **defines;
  CliOutputPaths *out;
  char **files;
  char *seed_text;
} Options;

static int
run_script (const char *file, const Options *o, const TcpProfile *profile, SimTime tolerance,
            guint64 seed)
{
  GPtrArray *defs = g_ptr_array_new ();
  const char *os = os_symbol (o->profile);
  if (os != NULL)
    g_ptr_array_add (defs, (gpointer) os);
  for (guint i = 0; o->defines != NULL && o->defines[i] != NULL; i++)
    g_ptr_array_add (defs, o->defines[i]);
  g_ptr_array_add (defs, NULL);
  GError *err = NULL;
  PdScript *script = pd_parse_file (file, (const char *const *) defs->pdata, &err);
  g_ptr_array_free (defs, TRUE);
  if (script == NULL)
    {
      fprintf (stderr, "%s\n", err->message);
      g_error_free (err);
      return EXIT_BAD;
    }

  int status = EXIT_PASS;
  TraceBus bus;
  trace_bus_init (&bus);
  TraceText *text = NULL;
  CliOutputs *outs = NULL;
  /* The outputs of `tcpsim run` (cli/outputs.h): the script is their
   * input, and the two hosts are the stack and the script. */
  const char *inputs[] = { file, NULL };
  if (cli_output_paths_any (o->out))
    {
      if ((outs = cli_outputs_new (o->out, "script", inputs, o->verbose, &status)) == NULL)
        goto out;
      cli_interrupt_defer (TRUE);
      if ((status = cli_outputs_open (outs)) != EXIT_PASS)
        goto out;
      static const char *const hosts[] = { "stack", "script" };
      char *title = g_path_get_basename (file);
      /* The links have no delay: a millisecond is the drawing's unit. */
      status = cli_outputs_attach (outs, &bus, hosts, G_N_ELEMENTS (hosts), SIM_MS, title, title);
      g_free (title);
      if (status != EXIT_PASS)
        goto out;
    }
  if (o->verbose)
    {
      text = trace_text_new (stdout);
      trace_bus_subscribe (&bus, trace_text_event, text);
    }

  PdRunOptions ro = { .profile = profile, .tolerance = tolerance, .seed = seed };
  GString *notes = g_string_new (NULL);
  PdOutcome r = pd_run (script, &ro, &bus, notes, &err);
  if (!o->quiet || r != PD_PASS)
    fputs (notes->str, stderr);
  g_string_free (notes, TRUE);
  switch (r)
    {
    case PD_PASS:
      if (!o->quiet)
        printf ("%s: PASS (profile %s)\n", file, o->profile);
      break;
    case PD_FAIL:
      fprintf (stderr, "%s\n", err->message);
      printf ("%s: FAIL (profile %s)\n", file, o->profile);
      status = EXIT_FAILED;
      break;
    case PD_BAD_SCRIPT:
      fprintf (stderr, "%s\n", err->message);
      status = EXIT_BAD;
      break;
    case PD_SKIP:
      fprintf (stderr, "%s\n", err->message);
      printf ("%s: SKIP\n", file);
      status = EXIT_SKIPPED;
      break;
    }
  g_clear_error (&err);
  fflush (stdout);

  /* The outputs tell what happened, pass or fail: a failing script is
   * the one worth looking at. */
  if (outs != NULL)
    {
      int st = cli_outputs_finish (outs);
      if (st != EXIT_PASS)
        status = st;
    }
out:
  g_clear_error (&err);
  cli_outputs_free (outs);
  cli_interrupt_defer (FALSE);
  trace_text_free (text);
  trace_bus_clear (&bus);
  pd_script_free (script);
  return status;
}

int
cli_packetdrill (int argc, char **argv)
{
  CliOutputPaths out = { 0 };
  Options o = { .tolerance_usecs = -1, .out = &out };
  GOptionEntry entries[] = {
    { "profile", 'P', 0, G_OPTION_ARG_STRING, &o.profile,
      "The stack under test (default linux; `tcpsim profiles` lists them)", "NAME" },
    { "tolerance", 0, 0, G_OPTION_ARG_STRING, &o.tolerance,
      "How far a segment or a call may be from its time (default: the script's "
      "--tolerance_usecs, else 4ms)", "DURATION" },
    { "tolerance_usecs", 0, 0, G_OPTION_ARG_INT64, &o.tolerance_usecs,
      "The same in microseconds, as packetdrill spells it", "N" },
    { "define", 'D', 0, G_OPTION_ARG_STRING_ARRAY, &o.defines,
      "A symbol for #ifdef (repeatable; the profile's system, e.g. FreeBSD, is defined)",
      "NAME" },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &o.seed_text, "The run's seed (ISNs, ports)", "N" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &o.verbose, "Print the run's log on stdout", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet,
      "Print nothing for a script that passes", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.files, NULL, NULL },
    { NULL },
  };
  GOptionContext *ctx = g_option_context_new ("SCRIPT.pkt... - run packetdrill scripts against a "
                                              "profile's stack");
  g_option_context_add_main_entries (ctx, entries, NULL);
  GOptionGroup *g = g_option_group_new ("output", "Outputs (as in tcpsim run):",
                                        "Show the output options", NULL, NULL);
  cli_outputs_add_entries (g, &out);
  g_option_context_add_group (ctx, g);
  g_option_context_set_description (
    ctx,
    "The stack under test is a tcpsim host (192.168.0.1) with the profile; the script is\n"
    "the remote end (192.0.2.1).  Exit status: 0 every script passed, 1 a check failed\n"
    "(the script's FILE:LINE:COL, expected and actual), 2 a bad script or option,\n"
    "3 an output failed, 77 skipped (an IPv6 script, a sysctl tcpsim does not model).\n"
    "docs/packetdrill.md says what is supported.");
  GError *err = NULL;
  int status = EXIT_PASS;
  gboolean helped;
  char *msg = NULL;
  if (!cli_parse_options (ctx, &argc, &argv, &helped, &err))
    {
      fprintf (stderr, "tcpsim packetdrill: %s\n", err->message);
      status = EXIT_BAD;
      goto out;
    }
  if (helped)
    goto out;
  if (!cli_output_paths_parse (&out, &err))
    {
      fprintf (stderr, "tcpsim packetdrill: %s\n", err->message);
      status = EXIT_BAD;
      goto out;
    }
  if (o.profile == NULL)
    o.profile = g_strdup ("linux");
  const TcpProfile *profile = tcp_profile_lookup (o.profile);
  if (profile == NULL)
    {
      g_autofree char *names = tcp_profile_names ();
      fprintf (stderr, "tcpsim packetdrill: unknown profile '%s' (profiles: %s)\n", o.profile,
               names);
      status = EXIT_BAD;
      goto out;
    }
  SimTime tolerance = -1;
  if (o.tolerance != NULL && !scn_time_from_text (o.tolerance, &tolerance, &msg))
    {
      fprintf (stderr, "tcpsim packetdrill: --tolerance %s: %s\n", o.tolerance, msg);
      status = EXIT_BAD;
      goto out;
    }
  if (o.tolerance_usecs >= 0)
    {
      if (o.tolerance_usecs > 100000000)
        {
          fprintf (stderr, "tcpsim packetdrill: --tolerance_usecs is at most 100000000\n");
          status = EXIT_BAD;
          goto out;
        }
      tolerance = o.tolerance_usecs * SIM_US;
    }
  guint64 seed = 1;
  if (o.seed_text != NULL && !scn_seed_from_text (o.seed_text, &seed, &msg))
    {
      fprintf (stderr, "tcpsim packetdrill: --seed %s: %s\n", o.seed_text, msg);
      status = EXIT_BAD;
      goto out;
    }
  guint n = o.files != NULL ? g_strv_length (o.files) : 0;
  if (n == 0)
    {
      fprintf (stderr, "tcpsim packetdrill: name a script\n");
      status = EXIT_BAD;
      goto out;
    }
  if (n > 1 && cli_output_paths_any (&out))
    {
      fprintf (stderr, "tcpsim packetdrill: the outputs (--trace, --timeline, …) take one script\n");
      status = EXIT_BAD;
      goto out;
    }
  cli_interrupt_install ();
  guint passed = 0, skipped = 0;
  for (guint i = 0; i < n; i++)
    {
      int st = run_script (o.files[i], &o, profile, tolerance, seed);
      if (st == EXIT_PASS)
        passed++;
      else if (st == EXIT_SKIPPED)
        skipped++;
      /* The worst status wins; a skip only when nothing failed. */
      if (st == EXIT_SKIPPED)
        {
          if (status == EXIT_PASS)
            status = st;
        }
      else if (st != EXIT_PASS && (status == EXIT_PASS || status == EXIT_SKIPPED || st > status))
        status = st;
    }
  if (n > 1)
    printf ("%u of %u scripts passed, %u skipped (profile %s)\n", passed, n, skipped, o.profile);
  if (n > 1 && status == EXIT_SKIPPED && passed > 0)
    status = EXIT_PASS;
out:
  g_free (msg);
  g_clear_error (&err);
  g_option_context_free (ctx);
  g_free (o.profile);
  g_free (o.tolerance);
  g_strfreev (o.defines);
  cli_output_paths_clear (&out);
  g_strfreev (o.files);
  g_free (o.seed_text);
  return status;
}
