/* Help.  Reference pages are the files in docs/, found where they are
 * installed ($(docdir)), else in the source tree; TCPSIM_DOCS_DIR names
 * another folder (and then nothing else is tried). */
#include "config.h"

#include "cli/help.h"

#include <stdio.h>
#include <string.h>

static const struct
{
  const char *topic, *file, *what;
} topics[] = {
  { "scenario", "scenario-language.md", "the scenario language: statements, values, limits" },
  { "profiles", "profiles.md", "which profile for which question; every value's source" },
  { "trace", "trace.md", "the outputs: text log, TSV trace columns, pcap, timeline" },
  { "trace-format", "trace-format.md", "every field and value of the TSV and JSONL traces and the summary" },
  { "sweep", "sweep.md", "studies: tcpsim sweep, its measures, statistics and files" },
  { "models", "models.md", "the exact handshake model and Cardwell et al.'s formula" },
  { "campaign", "campaign.md", "the SQLite campaign database of a sweep" },
  { "linux", "linux-behaviour.md", "what a real Linux kernel did, case by case" },
  { "bench", "bench.md", "workload W, the sweep benchmark, the ns-3 comparison" },
  { "packetdrill", "packetdrill.md", "packetdrill scripts against a profile: what runs, how" },
};

const char cli_help_topics[] =
  "Reference pages ('tcpsim help TOPIC'): scenario, profiles, trace, sweep, models,\n"
  "campaign, linux, bench, trace-format.";

char *
cli_help_text (GOptionContext *ctx)
{
  /* FALSE: every group, not only the main one. */
  return g_option_context_get_help (ctx, FALSE, NULL);
}

gboolean
cli_parse_options (GOptionContext *ctx, int *argc, char ***argv, gboolean *helped, GError **error)
{
  gboolean help = FALSE;
  GOptionEntry entries[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, "Show every option of this command", NULL },
    { NULL },
  };
  g_option_context_set_help_enabled (ctx, FALSE);
  g_option_context_add_main_entries (ctx, entries, NULL);
  *helped = FALSE;
  if (!g_option_context_parse (ctx, argc, argv, error))
    return FALSE;
  if (help)
    {
      char *text = cli_help_text (ctx);
      fputs (text, stdout);
      g_free (text);
      *helped = TRUE;
    }
  return TRUE;
}

static char *
find_page (const char *file, GError **error)
{
  const char *env = g_getenv ("TCPSIM_DOCS_DIR");
  const char *dirs[] = { env, TCPSIM_DOCDIR, TCPSIM_SRCDIR "/docs" };
  for (gsize i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      if (dirs[i] == NULL || (env != NULL && i > 0))
        continue;
      char *path = g_build_filename (dirs[i], file, NULL);
      char *text;
      if (g_file_get_contents (path, &text, NULL, NULL))
        {
          g_free (path);
          return text;
        }
      g_free (path);
    }
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
               "the page %s is not installed (looked in %s%s)", file,
               env != NULL ? "TCPSIM_DOCS_DIR=" : TCPSIM_DOCDIR, env != NULL ? env : "");
  return NULL;
}

static void
list_topics (FILE *out)
{
  fputs ("Usage: tcpsim help TOPIC\n\nTopics:\n", out);
  for (gsize i = 0; i < G_N_ELEMENTS (topics); i++)
    fprintf (out, "  %-10s %s\n", topics[i].topic, topics[i].what);
  fputs ("\n'tcpsim SUBCOMMAND --help' lists a subcommand's options; 'man tcpsim' and\n"
         "'man tcpsim-scenario' are the manual pages.\n", out);
}

int
cli_help (int argc, char **argv)
{
  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      list_topics (stdout);
      return 0;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (topics); i++)
    if (strcmp (argv[1], topics[i].topic) == 0)
      {
        GError *err = NULL;
        char *text = find_page (topics[i].file, &err);
        if (text == NULL)
          {
            fprintf (stderr, "tcpsim help: %s\n", err->message);
            g_error_free (err);
            return 3;
          }
        fputs (text, stdout);
        g_free (text);
        return 0;
      }
  fprintf (stderr, "tcpsim help: no topic '%s'\n\n", argv[1]);
  list_topics (stderr);
  return 2;
}
