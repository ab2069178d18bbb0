/* The timeline's options and drawing (timeline.h). */
#include "cli/timeline.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "cli/plot.h"
#include "scenario/scenario.h"

void
cli_timeline_add_entries (CliTimeline *o, GOptionGroup *group)
{
  GOptionEntry entries[] = {
    { "conn", 0, 0, G_OPTION_ARG_STRING, &o->conn_text,
      "Timeline: draw only these connections (ids as in the log)", "ID[,ID...]" },
    { "hosts", 0, 0, G_OPTION_ARG_STRING, &o->hosts_text,
      "Timeline: draw only these hosts, in this order", "A,B[,...]" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &o->from_text,
      "Timeline: draw from this simulated time on", "TIME" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &o->to_text, "Timeline: draw up to this simulated time",
      "TIME" },
    { "absolute", 0, 0, G_OPTION_ARG_NONE, &o->absolute,
      "Timeline: absolute sequence numbers (default: relative to each side's ISN)", NULL },
    { "timeline-data", 0, 0, G_OPTION_ARG_FILENAME, &o->data_dir,
      "Keep the timeline's data for plots/timeline.gp in DIR (created if missing)", "DIR" },
    { "overview", 0, 0, G_OPTION_ARG_FILENAME, &o->overview_path,
      "Draw every connection, one row each, coloured by state (needs gnuplot)",
      "OUT.png|OUT.svg|OUT.pdf" },
    { NULL },
  };
  g_option_group_add_entries (group, entries);
}

static gboolean
parse_time (const char *opt, const char *text, SimTime *out, GError **error)
{
  char *msg = NULL;
  if (scn_time_from_text (text, out, &msg))
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s %s: %s", opt, text, msg);
  g_free (msg);
  return FALSE;
}

gboolean
cli_timeline_parse (CliTimeline *o, GError **error)
{
  o->opt = (TraceTimelineOptions) { 0 };
  o->opt.to = -1;
  o->opt.absolute = o->absolute;
  if (o->conn_text != NULL)
    {
      char **parts = g_strsplit (o->conn_text, ",", -1);
      guint n = g_strv_length (parts);
      o->conns = g_new0 (guint64, n + 1);
      for (guint i = 0; i < n; i++)
        {
          guint64 v;
          char *s = g_strstrip (parts[i]);
          if (!g_ascii_string_to_unsigned (s, 10, 1, G_MAXUINT64, &v, NULL))
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--conn %s: '%s' is not a connection id (a number from 1, as the log "
                           "prints after 'conn')", o->conn_text, s);
              g_strfreev (parts);
              return FALSE;
            }
          o->conns[i] = v;
        }
      g_strfreev (parts);
      o->opt.conns = o->conns;
      o->opt.nconns = n;
    }
  if (o->hosts_text != NULL)
    {
      o->hosts = g_strsplit (o->hosts_text, ",", -1);
      for (guint i = 0; o->hosts[i] != NULL; i++)
        if (*g_strstrip (o->hosts[i]) == '\0')
          {
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         "--hosts %s: an empty host name", o->hosts_text);
            return FALSE;
          }
      o->opt.hosts = (const char *const *) o->hosts;
    }
  if (o->from_text != NULL && !parse_time ("--from", o->from_text, &o->opt.from, error))
    return FALSE;
  if (o->to_text != NULL && !parse_time ("--to", o->to_text, &o->opt.to, error))
    return FALSE;
  if (o->opt.to >= 0 && o->opt.to < o->opt.from)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--to %s is before --from %s",
                   o->to_text, o->from_text);
      return FALSE;
    }
  if (o->overview_path != NULL && plot_format_of (o->overview_path) == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--overview %s: use a .png, .svg or .pdf name", o->overview_path);
      return FALSE;
    }
  return TRUE;
}

void
cli_timeline_clear (CliTimeline *o)
{
  g_free (o->conn_text);
  g_free (o->hosts_text);
  g_free (o->from_text);
  g_free (o->to_text);
  g_free (o->data_dir);
  g_free (o->overview_path);
  g_free (o->conns);
  g_strfreev (o->hosts);
  *o = (CliTimeline) { 0 };
}

/* Copies the data files into dir. */
static gboolean
keep_data (const char *scratch, const char *dir, GError **error)
{
  if (g_mkdir_with_parents (dir, 0777) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "--timeline-data %s: %s", dir,
                   g_strerror (errno));
      return FALSE;
    }
  const char *extra[] = { "overview.dat", "overview-params.gp", NULL };
  for (int pass = 0; pass < 2; pass++)
    for (const char *const *f = pass ? extra : trace_timeline_files; *f != NULL; f++)
      {
        char *from = g_build_filename (scratch, *f, NULL), *to = g_build_filename (dir, *f, NULL);
        char *data = NULL;
        gsize len = 0;
        gboolean ok = TRUE;
        if (g_file_get_contents (from, &data, &len, NULL))
          ok = g_file_set_contents (to, data, (gssize) len, error);
        g_free (data);
        g_free (from);
        g_free (to);
        if (!ok)
          return FALSE;
      }
  return TRUE;
}

gboolean
cli_timeline_draw (TraceTimeline *tl, const CliTimeline *o, const char *gnuplot, const char *plots,
                   OutFile *out, OutFile *overview, GError **error)
{
  int lock = -1;
  char *scratch = plot_scratch_new ("tcpsim-timeline", &lock, error);
  if (scratch == NULL)
    return FALSE;
  gboolean ok = trace_timeline_write (tl, scratch, error);
  if (ok && overview != NULL)
    ok = trace_timeline_write_overview (tl, scratch, error);
  if (ok && trace_timeline_note (tl) != NULL && out != NULL)
    fprintf (stderr, "tcpsim: --timeline %s: %s\n", out->path, trace_timeline_note (tl));
  if (ok && o->data_dir != NULL)
    ok = keep_data (scratch, o->data_dir, error);
  if (ok && out != NULL)
    {
      char *script = g_build_filename (plots, "timeline.gp", NULL);
      ok = plot_render (gnuplot, script, scratch, out, error);
      g_free (script);
    }
  if (ok && overview != NULL)
    {
      char *script = g_build_filename (plots, "overview.gp", NULL);
      ok = plot_render (gnuplot, script, scratch, overview, error);
      g_free (script);
    }
  plot_scratch_remove (scratch, lock);
  return ok;
}
