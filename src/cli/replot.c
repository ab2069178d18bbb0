/* `tcpsim plot` (replot.h): read a saved trace, replay its events on a
 * trace bus, and let the same output sinks as `tcpsim run` (outputs.h)
 * make the pictures and files. */
#include "config.h"

#include "cli/replot.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "cli/help.h"
#include "cli/interrupt.h"
#include "cli/outputs.h"
#include "trace/trace_tsv_read.h"

enum
{
  EXIT_OK = 0,
  EXIT_INPUT = 2,
};

int
cli_replot (int argc, char **argv)
{
  CliOutputPaths out = { 0 };
  char **files = NULL;
  char *title_opt = NULL;
  GOptionEntry files_entry[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title_opt,
      "The title of the pictures (default: the trace's file name; run's timeline takes the "
      "scenario's 'title', else its file name)", "TEXT" },
    { NULL },
  };
  GOptionContext *ctx = g_option_context_new ("TRACE.tsv - draw and write outputs from a saved trace");
  g_option_context_add_main_entries (ctx, files_entry, NULL);
  GOptionGroup *g = g_option_group_new ("output", "Outputs:", "Show the output options", NULL, NULL);
  /* The outputs of run's output group, the same options. */
  cli_outputs_add_entries (g, &out);
  g_option_context_add_group (ctx, g);
  g_option_context_set_description (
    ctx,
    "TRACE.tsv is a trace written by 'tcpsim run --trace' (docs/trace-format.md); - reads\n"
    "standard input.  The outputs are those of 'tcpsim run', made from the trace's events, all\n"
    "or nothing.  The timeline draws the hosts in the order of their addresses (--hosts\n"
    "chooses); the pictures are titled with --title, else the trace's file name.  Exit\n"
    "status: 0 success, 2 bad input (FILE:LINE:COL: error: ...), 3 an output failed, 128+N\n"
    "stopped by signal N.");
  GError *err = NULL;
  int status = EXIT_OK;
  gboolean helped;
  char *text = NULL; /* standard input's */
  GMappedFile *map = NULL;
  const char *data = NULL;
  gsize len = 0;
  TraceTsvInfo info = { 0 };
  CliOutputs *outs = NULL;
  TraceBus bus;
  trace_bus_init (&bus);
  if (!cli_parse_options (ctx, &argc, &argv, &helped, &err))
    {
      fprintf (stderr, "tcpsim plot: %s\n", err->message);
      status = EXIT_INPUT;
      goto out;
    }
  if (helped)
    goto out;
  if (files == NULL || files[0] == NULL || files[1] != NULL)
    {
      fprintf (stderr, "tcpsim plot: name one trace file\n");
      status = EXIT_INPUT;
      goto out;
    }
  if (!cli_output_paths_parse (&out, &err))
    {
      fprintf (stderr, "tcpsim plot: %s\n", err->message);
      status = EXIT_INPUT;
      goto out;
    }
  if (!cli_output_paths_any (&out))
    {
      fprintf (stderr, "tcpsim plot: name an output (--timeline, --overview, --states, --seqplot, "
               "--log, --pcap, --trace, --summary)\n");
      status = EXIT_INPUT;
      goto out;
    }
  const char *path = files[0];
  gboolean from_stdin = strcmp (path, "-") == 0;
  if (from_stdin)
    {
      GString *all = g_string_new ("");
      char buf[65536];
      size_t n;
      while ((n = fread (buf, 1, sizeof buf, stdin)) > 0)
        g_string_append_len (all, buf, (gssize) n);
      len = all->len;
      text = g_string_free (all, FALSE);
      data = text;
    }
  else
    {
      /* Mapped, not read: a long trace costs page cache, not heap. */
      if ((map = g_mapped_file_new (path, FALSE, &err)) == NULL)
        {
          fprintf (stderr, "tcpsim plot: %s\n", err->message);
          status = EXIT_INPUT;
          goto out;
        }
      data = g_mapped_file_get_contents (map);
      len = g_mapped_file_get_length (map);
      if (data == NULL)
        data = ""; /* an empty file maps to nothing */
    }
  const char *name = from_stdin ? "<stdin>" : path;
  if (g_str_has_suffix (path, ".jsonl"))
    {
      fprintf (stderr, "%s:1:1: error: plot reads TSV traces; write one with 'tcpsim run --trace "
               "OUT.tsv'\n", name);
      status = EXIT_INPUT;
      goto out;
    }
  /* A picture needs the hosts and the time unit first: a pass that also
   * checks every row before any output exists.  Otherwise a bad row
   * found while replaying discards the outputs (all or nothing). */
  if (cli_output_paths_need_hosts (&out) && !trace_tsv_scan (name, data, len, &info, &err))
    {
      fprintf (stderr, "%s\n", err->message);
      status = EXIT_INPUT;
      goto out;
    }
  const char *inputs[] = { from_stdin ? NULL : path, NULL };
  if ((outs = cli_outputs_new (&out, "trace", inputs, FALSE, &status)) == NULL)
    goto out;
  cli_interrupt_install ();
  cli_interrupt_defer (TRUE);
  if ((status = cli_outputs_open (outs)) != EXIT_OK)
    goto out;
  char *title = title_opt != NULL ? g_strdup (title_opt)
                : from_stdin ? g_strdup ("stdin") : g_path_get_basename (path);
  status = cli_outputs_attach (outs, &bus, (const char *const *) info.hosts, info.nhosts,
                               info.min_delay, title, title);
  g_free (title);
  if (status != EXIT_OK)
    goto out;
  /* The events, to every output. */
  if (!trace_tsv_replay (name, data, len, &bus, NULL, &err))
    {
      fprintf (stderr, "%s\n", err->message);
      status = EXIT_INPUT;
      goto out;
    }
  status = cli_outputs_finish (outs);

out:
  cli_outputs_free (outs);
  cli_interrupt_defer (FALSE);
  trace_bus_clear (&bus);
  trace_tsv_info_clear (&info);
  if (map != NULL)
    g_mapped_file_unref (map);
  g_free (text);
  g_clear_error (&err);
  g_strfreev (files);
  g_free (title_opt);
  cli_output_paths_clear (&out);
  g_option_context_free (ctx);
  return status;
}
