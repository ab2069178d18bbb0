/* Running gnuplot. */
#include "config.h"

#include "cli/plot.h"

#include "trace/trace_gnuplot.h"

#include <string.h>

char *
plot_find_gnuplot (GError **error)
{
  const char *configured = GNUPLOT_PROGRAM;
  char *path = g_path_is_absolute (configured) && g_file_test (configured, G_FILE_TEST_IS_EXECUTABLE)
                 ? g_strdup (configured)
                 : g_find_program_in_path ("gnuplot");
  if (path == NULL)
    g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT,
                 "gnuplot is not installed, and --timeline needs it "
                 "(on Debian: apt-get install gnuplot-nox)");
  return path;
}

char *
plot_find_dir (GError **error)
{
  const char *candidates[] = { g_getenv ("TCPSIM_PLOTS_DIR"), TCPSIM_SRCDIR "/plots",
                               TCPSIM_PKGDATADIR "/plots" };
  for (gsize i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      if (candidates[i] == NULL)
        continue;
      char *script = g_build_filename (candidates[i], "timeline.gp", NULL);
      gboolean found = g_file_test (script, G_FILE_TEST_IS_REGULAR);
      g_free (script);
      if (found)
        return g_strdup (candidates[i]);
    }
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
               "plots/timeline.gp not found (set TCPSIM_PLOTS_DIR to the folder holding it)");
  return NULL;
}

const char *
plot_format_of (const char *path)
{
  const char *dot = strrchr (path, '.');
  if (dot == NULL)
    return NULL;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    return "png";
  if (g_ascii_strcasecmp (dot, ".svg") == 0)
    return "svg";
  if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    return "pdf";
  return NULL;
}

/* Runs gnuplot on script with the variables vars (name, value, …, NULL)
 * set as strings, plus outfile (tmp) and fmt (from out's extension).
 * Values are single-quoted for gnuplot with control characters dropped,
 * so that no value (a file name, a title) can end the string or start a
 * command. */
gboolean
plot_run (const char *gnuplot, const char *script, const char *const *vars, const char *out,
          const char *tmp, GError **error)
{
  if (trace_gp_unquotable (tmp))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "%s: gnuplot cannot be given a file name with a control character", out);
      return FALSE;
    }
  GString *assign = g_string_new ("");
  for (gsize i = 0; vars != NULL && vars[i] != NULL && vars[i + 1] != NULL; i += 2)
    {
      char *q = trace_gp_quote (vars[i + 1]);
      g_string_append_printf (assign, "%s=%s; ", vars[i], q);
      g_free (q);
    }
  char *qout = trace_gp_quote (tmp);
  g_string_append_printf (assign, "outfile=%s; fmt='%s'", qout, plot_format_of (out));
  g_free (qout);
  const char *argv[] = { gnuplot, "-e", assign->str, script, NULL };
  char *err_out = NULL;
  int status = 0;
  gboolean ok = g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                              NULL, &err_out, &status, error);
  if (ok && !g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "gnuplot failed drawing %s:\n%s", out,
                   err_out ? err_out : "");
      ok = FALSE;
    }
  g_free (err_out);
  g_string_free (assign, TRUE);
  return ok;
}

gboolean
plot_render (const char *gnuplot, const char *script, const char *datadir, const char *out,
             const char *tmp, GError **error)
{
  const char *vars[] = { "datadir", datadir, NULL };
  return plot_run (gnuplot, script, vars, out, tmp, error);
}
