/* Drawing a sweep.  Which parameter goes across and which makes the
 * curves is decided here; the scripts take them as variables, so that
 * they also run by hand on the CSV files. */
#include "cli/sweep_plot.h"

#include "cli/plot.h"

/* The axis to draw across: the first that takes several values and whose
 * values are numbers (with a unit or not), else the first that takes
 * several values; another that takes several values gives the curves.
 * An axis of one value is left to the picture's note. */
static void
plot_axes (const StudyGrid *g, const char **x, const char **group)
{
  int xa = -1, any = -1;
  for (guint a = 0; a < g->axes->len; a++)
    {
      const StudyAxis *ax = &g_array_index (g->axes, StudyAxis, a);
      if (ax->values->len < 2)
        continue;
      if (any < 0)
        any = (int) a;
      char *end;
      const char *v = g_ptr_array_index (ax->values, 0);
      g_ascii_strtod (v, &end);
      if (xa < 0 && end != v)
        xa = (int) a;
    }
  if (xa < 0)
    xa = any >= 0 ? any : 0;
  *x = g_array_index (g->axes, StudyAxis, xa).name;
  *group = "";
  for (guint a = 0; a < g->axes->len; a++)
    if ((int) a != xa && g_array_index (g->axes, StudyAxis, a).values->len > 1)
      {
        *group = g_array_index (g->axes, StudyAxis, a).name;
        break;
      }
}

static gboolean
render (const SweepPlot *p, const char *script_name, gboolean cdf, OutFile *out, GError **error)
{
  const char *x, *group;
  plot_axes (p->grid, &x, &group);
  char *script = g_build_filename (p->plots_dir, script_name, NULL);
  char *title = g_path_get_basename (p->scenario);
  const char *latency[] = { "csv", p->results, "x", x, "group", group, "title", title, NULL };
  const char *dist[] = { "samples", p->samples, "modelcdf", p->modelcdf, "csv", p->results,
                         "x", x, "group", group, "title", title, NULL };
  gboolean ok = plot_run (p->gnuplot, script, cdf ? dist : latency, out, p->scratch, error);
  g_free (script);
  g_free (title);
  return ok;
}

gboolean
sweep_plot_latency (const SweepPlot *p, OutFile *out, GError **error)
{
  return render (p, "sweep-latency.gp", FALSE, out, error);
}

gboolean
sweep_plot_cdf (const SweepPlot *p, OutFile *out, GError **error)
{
  return render (p, "sweep-cdf.gp", TRUE, out, error);
}
