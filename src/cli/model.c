/* `tcpsim model FILE [-D NAME=VALUE]… [--format text|csv]`: the model's
 * inputs as the scenario gives them, the schedules they make, the mean
 * handshake time given success, the probability that connect() fails,
 * Cardwell et al.'s term beside it, and the exact distribution. */
#include "config.h"

#include "cli/help.h"
#include "cli/defines.h"
#include "cli/model.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "scenario/scenario.h"
#include "study/study_model.h"
#include "tcp/tcp_profile.h"

enum
{
  EXIT_OK = 0,
  EXIT_INPUT = 2,
};

/* "0,1,3 s" for the times at[0..n), "none" when n is 0. */
static void
print_times (const char *label, const SimTime *at, guint n, SimTime give_up, const char *end)
{
  printf ("  %-26s", label);
  if (n == 0)
    fputs (" none", stdout);
  for (guint i = 0; i < n; i++)
    printf ("%s%.9g", i ? "," : " ", sim_time_to_s (at[i]));
  printf (" s; %s at %.9g s\n", end, sim_time_to_s (give_up));
}

static void
print_schedules (const StudyModelInput *in)
{
  static const char *const dupsyn[] = { "ACK", "challenge ACK", "SYN-ACK, count kept",
                                        "SYN-ACK, schedule restarted" };
  SimTime at[64], give_up;
  guint n = tcp_profile_syn_times (&in->client, at, G_N_ELEMENTS (at), &give_up);
  print_times ("client SYN retransmissions", at, MIN (n, G_N_ELEMENTS (at)), give_up,
               "connect() gives up");
  n = tcp_profile_synack_times (&in->server, at, G_N_ELEMENTS (at), &give_up);
  print_times ("server SYN-ACK retransm.", at, MIN (n, G_N_ELEMENTS (at)), give_up,
               "request dropped");
  printf ("  %-26s %s%s\n", "duplicate SYN answered by",
          in->server.dup_syn < G_N_ELEMENTS (dupsyn) ? dupsyn[in->server.dup_syn] : "?",
          in->server.dup_syn_ratelimited ? " (rate limited)" : "");
}

static void
print_text (const char *path, const StudyModelInput *in, const StudyModelResult *r)
{
  printf ("model of the opening handshake: %s\n", path);
  printf ("  %-26s %s -> %s\n", "profiles (client -> server)", in->client.name, in->server.name);
  printf ("  %-26s %.9g s forward, %.9g s back\n", "one-way delays", sim_time_to_s (in->delay_fwd),
          sim_time_to_s (in->delay_rev));
  printf ("  %-26s p = %g forward, q = %g back\n", "loss", in->p, in->q);
  print_schedules (in);
  printf ("  %-26s %.9f s\n", "mean given success", r->mean);
  printf ("  %-26s %.9g\n", "P(connect fails)", r->fail);
  if (isnan (r->csa_mean))
    printf ("  %-26s undefined (p or q >= 0.5)\n", "Cardwell et al. E[T_h]");
  else
    printf ("  %-26s %.9f s\n", "Cardwell et al. E[T_h]", r->csa_mean);
  printf ("distribution given success (%u values):\n", r->atoms->len);
  printf ("  %14s  %s\n", "time (s)", "probability");
  for (guint i = 0; i < r->atoms->len; i++)
    {
      const StudyModelAtom *a = &g_array_index (r->atoms, StudyModelAtom, i);
      printf ("  %14.9f  %.12g\n", sim_time_to_s (a->time), a->prob);
    }
}

/* One table: the summary rows, then one row per atom. */
static void
print_csv (const StudyModelResult *r)
{
  puts ("quantity,time_s,prob");
  printf ("mean,%.9f,\n", r->mean);
  printf ("fail,,%.12g\n", r->fail);
  printf ("csa_mean,%.9f,\n", r->csa_mean);
  for (guint i = 0; i < r->atoms->len; i++)
    {
      const StudyModelAtom *a = &g_array_index (r->atoms, StudyModelAtom, i);
      printf ("atom,%.9f,%.12g\n", sim_time_to_s (a->time), a->prob);
    }
}

int
cli_model (int argc, char **argv)
{
  char **defines = NULL, **files = NULL, *format = NULL;
  GOptionEntry entries[] = {
    { "define", 'D', 0, G_OPTION_ARG_STRING_ARRAY, &defines,
      "Set a scenario parameter (repeatable)", "NAME=VALUE" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, "Output format (default text)", "text|csv" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL },
  };
  GOptionContext *ctx = g_option_context_new ("FILE - the exact model of a scenario's handshake");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (
    ctx, "The client and server of the first generator (or connect step), their profiles and "
         "the links between them;\nsee docs/models.md.");
  GError *err = NULL;
  GArray *defs = g_array_new (FALSE, FALSE, sizeof (ScnDefine));
  Scenario *scn = NULL;
  StudyModelResult res = { 0 };
  int status = EXIT_INPUT;
  gboolean csv = FALSE;
  gboolean helped;
  if (!cli_parse_options (ctx, &argc, &argv, &helped, &err) || !cli_parse_defines (defines, defs, &err))
    {
      fprintf (stderr, "tcpsim model: %s\n", err->message);
      goto out;
    }
  if (helped)
    {
      status = EXIT_OK;
      goto out;
    }
  if (format != NULL && strcmp (format, "csv") != 0 && strcmp (format, "text") != 0)
    {
      fprintf (stderr, "tcpsim model: --format %s: expected text or csv\n", format);
      goto out;
    }
  csv = format != NULL && strcmp (format, "csv") == 0;
  if (files == NULL || files[0] == NULL || files[1] != NULL)
    {
      fprintf (stderr, "tcpsim model: name one scenario file\n");
      goto out;
    }
  scn = scn_parse_file (files[0], (const ScnDefine *) defs->data, defs->len, &err);
  if (scn == NULL)
    {
      fprintf (stderr, "%s\n", err->message);
      goto out;
    }
  StudyModelInput in;
  if (!study_model_input_from_scenario (scn, &in, &err) || !study_model_handshake (&in, &res, &err))
    {
      fprintf (stderr, "%s: error: %s\n", files[0], err->message);
      goto out;
    }
  if (csv)
    print_csv (&res);
  else
    print_text (files[0], &in, &res);
  status = EXIT_OK;
out:
  study_model_result_clear (&res);
  if (scn != NULL)
    scn_free (scn);
  g_clear_error (&err);
  g_array_free (defs, TRUE);
  g_option_context_free (ctx);
  g_strfreev (defines);
  g_strfreev (files);
  g_free (format);
  return status;
}
