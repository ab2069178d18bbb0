/* `tcpsim profiles`: every profile value in a table, one row per value and
 * one column per profile (a value that could not be confirmed from a
 * primary source carries a '*'), the schedules the rules make of them
 * (handshake retransmissions, give-ups), then the sources, profile by
 * profile.  `tcpsim profiles NAME`: one profile, each value beside its
 * source.  `tcpsim profiles --keys`: the scenario host keys as the
 * markdown table of docs/scenario-language.md. */
#include "config.h"

#include "cli/help.h"
#include "cli/profiles.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "scenario/scenario.h"
#include "tcp/tcp_profile.h"

/* "1,3.2,7.4 s": times in seconds, no unit on each. */
static char *
times_str (const SimTime *at, guint n, guint shown)
{
  if (n == 0)
    return g_strdup ("none");
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < MIN (n, shown); i++)
    {
      char buf[32];
      sim_time_format_short (at[i], buf, sizeof buf);
      gsize len = strlen (buf);
      if (len > 1 && buf[len - 1] == 's' && g_ascii_isdigit (buf[len - 2]))
        buf[len - 1] = '\0'; /* "3.2s" -> "3.2"; "200ms" keeps its unit */
      g_string_append_printf (s, "%s%s", i ? "," : "", buf);
    }
  if (n > shown)
    g_string_append_printf (s, ",… (%u)", n);
  g_string_append (s, " s");
  return g_string_free (s, FALSE);
}

static char *
short_time (SimTime t)
{
  char buf[32];
  sim_time_format_short (t, buf, sizeof buf);
  return g_strdup (buf);
}

typedef enum
{
  ROW_SYN_TIMES,
  ROW_SYN_GIVE_UP,
  ROW_SYNACK_TIMES,
  ROW_SYNACK_GIVE_UP,
  ROW_DATA_GIVE_UP,
  ROW_ORPHAN_GIVE_UP,
  ROW_COUNT
} DerivedRow;

static const char *const derived_labels[ROW_COUNT] = {
  [ROW_SYN_TIMES] = "SYN retransmissions (after the first)",
  [ROW_SYN_GIVE_UP] = "connect() gives up (ETIMEDOUT)",
  [ROW_SYNACK_TIMES] = "SYN-ACK retransmissions",
  [ROW_SYNACK_GIVE_UP] = "passive open dropped",
  [ROW_DATA_GIVE_UP] = "data give-up, first RTO = initial",
  [ROW_ORPHAN_GIVE_UP] = "orphan give-up, first RTO = initial",
};

static char *
derived_value (const TcpProfile *p, DerivedRow row)
{
  SimTime at[64], give_up = 0;
  guint n;
  switch (row)
    {
    case ROW_SYN_TIMES:
      n = tcp_profile_syn_times (p, at, G_N_ELEMENTS (at), &give_up);
      return times_str (at, n, 12);
    case ROW_SYN_GIVE_UP:
      tcp_profile_syn_times (p, at, G_N_ELEMENTS (at), &give_up);
      return short_time (give_up);
    case ROW_SYNACK_TIMES:
      n = tcp_profile_synack_times (p, at, G_N_ELEMENTS (at), &give_up);
      return times_str (at, n, 12);
    case ROW_SYNACK_GIVE_UP:
      tcp_profile_synack_times (p, at, G_N_ELEMENTS (at), &give_up);
      return short_time (give_up);
    case ROW_DATA_GIVE_UP:
    case ROW_ORPHAN_GIVE_UP:
      {
        n = tcp_profile_data_times (p, p->rto_initial, row == ROW_ORPHAN_GIVE_UP, at,
                                    G_N_ELEMENTS (at), &give_up);
        char t[32];
        sim_time_format_short (give_up, t, sizeof t);
        return g_strdup_printf ("%u rexmits, %s", n, t);
      }
    case ROW_COUNT:
      break;
    }
  g_assert_not_reached ();
}

/* The text of field f in p, with '*' when its source is unconfirmed. */
static char *
cell (const TcpProfile *p, const TcpProfileField *f)
{
  gboolean unconfirmed = FALSE;
  tcp_profile_source (p, f->key, &unconfirmed);
  char *v = tcp_profile_value_str (p, f);
  if (!unconfirmed)
    return v;
  char *m = g_strdup_printf ("%s*", v);
  g_free (v);
  return m;
}

/* Display width of a UTF-8 string (the labels have '·' and '…'). */
static int
width_of (const char *s)
{
  return (int) g_utf8_strlen (s, -1);
}

static void
print_padded (const char *s, int width)
{
  fputs (s, stdout);
  for (int i = width_of (s); i < width; i++)
    fputc (' ', stdout);
}

static void
print_all (void)
{
  guint nf, np = tcp_profile_count ();
  const TcpProfileField *fields = tcp_profile_fields (&nf);
  guint nrows = nf + ROW_COUNT;
  /* rows × (label + profiles) */
  char ***table = g_new0 (char **, nrows);
  for (guint r = 0; r < nrows; r++)
    {
      table[r] = g_new0 (char *, np + 1);
      if (r < nf)
        table[r][0] = g_strdup_printf ("%s (%s)", fields[r].label, fields[r].key);
      else
        table[r][0] = g_strdup (derived_labels[r - nf]);
      for (guint c = 0; c < np; c++)
        {
          const TcpProfile *p = tcp_profile_nth (c);
          table[r][c + 1] = r < nf ? cell (p, &fields[r]) : derived_value (p, (DerivedRow) (r - nf));
        }
    }
  int *w = g_new0 (int, np + 1);
  w[0] = width_of ("value");
  for (guint c = 0; c < np; c++)
    w[c + 1] = width_of (tcp_profile_nth (c)->name);
  for (guint r = 0; r < nrows; r++)
    for (guint c = 0; c <= np; c++)
      w[c] = MAX (w[c], width_of (table[r][c]));

  print_padded ("value", w[0] + 2);
  for (guint c = 0; c < np; c++)
    print_padded (tcp_profile_nth (c)->name, w[c + 1] + 2);
  fputc ('\n', stdout);
  for (guint r = 0; r < nrows; r++)
    {
      if (r == nf)
        fputs ("-- schedules the rules make of these values, every segment lost --\n", stdout);
      for (guint c = 0; c <= np; c++)
        print_padded (table[r][c], w[c] + 2);
      fputc ('\n', stdout);
      g_strfreev (table[r]);
    }
  g_free (table);
  g_free (w);
  fputs ("\n* = could not be confirmed from a primary source (docs/profiles.md)\n", stdout);

  for (guint c = 0; c < np; c++)
    {
      const TcpProfile *p = tcp_profile_nth (c);
      printf ("\nsources: %s (%s)\n", p->name, p->summary);
      int kw = 0;
      for (guint k = 0; k < nf; k++)
        kw = MAX (kw, width_of (fields[k].key));
      for (guint k = 0; k < nf; k++)
        {
          gboolean unconfirmed = FALSE;
          const char *src = tcp_profile_source (p, fields[k].key, &unconfirmed);
          fputs ("  ", stdout);
          print_padded (fields[k].key, kw + 2);
          printf ("%s%s\n", unconfirmed ? "* " : "", src ? src : "?");
        }
    }
}

static void
print_one (const TcpProfile *p)
{
  guint nf;
  const TcpProfileField *fields = tcp_profile_fields (&nf);
  printf ("%s: %s\n\n", p->name, p->summary);
  int kw = 0, vw = 0;
  char **vals = g_new0 (char *, nf + 1);
  for (guint k = 0; k < nf; k++)
    {
      vals[k] = cell (p, &fields[k]);
      kw = MAX (kw, width_of (fields[k].key));
      vw = MAX (vw, width_of (vals[k]));
    }
  for (guint k = 0; k < nf; k++)
    {
      gboolean unconfirmed = FALSE;
      const char *src = tcp_profile_source (p, fields[k].key, &unconfirmed);
      fputs ("  ", stdout);
      print_padded (fields[k].key, kw + 2);
      print_padded (vals[k], vw + 2);
      printf ("%s  (%s)\n", src ? src : "?", fields[k].label);
    }
  g_strfreev (vals);
  fputc ('\n', stdout);
  for (guint r = 0; r < ROW_COUNT; r++)
    {
      char *v = derived_value (p, (DerivedRow) r);
      printf ("  %s: %s\n", derived_labels[r], v);
      g_free (v);
    }
  fputs ("\n* = could not be confirmed from a primary source (docs/profiles.md)\n", stdout);
}

int
tcp_cli_profiles (int argc, char **argv)
{
  GOptionContext *ctx = g_option_context_new ("[NAME] - the OS profiles and their sources");
  /* The names from the table, so a new profile is listed without an edit. */
  g_autofree char *all = tcp_profile_names ();
  g_autofree char *summary = g_strdup_printf ("Without NAME: every profile side by side, then the "
                                              "sources.\nProfiles: %s.", all);
  g_option_context_set_summary (ctx, summary);
  gboolean keys = FALSE;
  const GOptionEntry entries[] = {
    { "keys", 0, 0, G_OPTION_ARG_NONE, &keys,
      "print the scenario host keys (one per profile value) as a markdown table", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_option_context_add_main_entries (ctx, entries, NULL);
  GError *err = NULL;
  gboolean helped;
  gboolean ok = cli_parse_options (ctx, &argc, &argv, &helped, &err);
  g_option_context_free (ctx);
  if (ok && helped)
    return 0;
  if (!ok)
    {
      fprintf (stderr, "tcpsim profiles: %s\n", err->message);
      g_error_free (err);
      return 2;
    }
  if (keys)
    {
      if (argc > 1)
        {
          fprintf (stderr, "tcpsim profiles: --keys takes no profile name\n");
          return 2;
        }
      char *table = scn_host_keys_markdown ();
      fputs (table, stdout);
      g_free (table);
      return 0;
    }
  if (argc > 2)
    {
      fprintf (stderr, "tcpsim profiles: one profile name at most\n");
      return 2;
    }
  if (argc == 2)
    {
      const TcpProfile *p = tcp_profile_lookup (argv[1]);
      if (p == NULL)
        {
          char *names = tcp_profile_names ();
          fprintf (stderr, "tcpsim profiles: unknown profile '%s' (profiles: %s)\n", argv[1], names);
          g_free (names);
          return 2;
        }
      print_one (p);
      return 0;
    }
  print_all ();
  return 0;
}
