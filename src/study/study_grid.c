/* Sweep points as a mixed-radix number: point k's value on the last axis
 * is k mod (its size), and so on leftwards, so the first --vary changes
 * slowest and the output lists points the way a reader nests loops. */
#include "study/study_grid.h"

#include <string.h>

StudyGrid *
study_grid_new (void)
{
  StudyGrid *g = g_new0 (StudyGrid, 1);
  g->axes = g_array_new (FALSE, FALSE, sizeof (StudyAxis));
  g->fixed = g_array_new (FALSE, FALSE, sizeof (ScnDefine));
  return g;
}

void
study_grid_free (StudyGrid *g)
{
  if (g == NULL)
    return;
  for (guint i = 0; i < g->axes->len; i++)
    {
      StudyAxis *a = &g_array_index (g->axes, StudyAxis, i);
      g_free (a->name);
      g_ptr_array_free (a->values, TRUE);
    }
  for (guint i = 0; i < g->fixed->len; i++)
    {
      ScnDefine *d = &g_array_index (g->fixed, ScnDefine, i);
      g_free ((char *) d->name);
      g_free ((char *) d->value);
    }
  g_array_free (g->axes, TRUE);
  g_array_free (g->fixed, TRUE);
  g_free (g);
}

void
study_grid_fix (StudyGrid *g, const char *name, const char *value)
{
  ScnDefine d = { g_strdup (name), g_strdup (value) };
  g_array_append_val (g->fixed, d);
}

gboolean
study_grid_vary (StudyGrid *g, const char *name, const char *spec, GError **error)
{
  for (guint i = 0; i < g->axes->len; i++)
    if (strcmp (g_array_index (g->axes, StudyAxis, i).name, name) == 0)
      {
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     "--vary %s=%s: '%s' is varied twice", name, spec, name);
        return FALSE;
      }
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  /* An axis of no values would be a grid of no points: scn_sweep_values
   * refuses an empty spec, and this stays as a guard. */
  const char *why = "there is no value to sweep over";
  if (!scn_sweep_values (spec, values, &why) || values->len == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--vary %s=%s: %s", name, spec,
                   why);
      g_ptr_array_free (values, TRUE);
      return FALSE;
    }
  if ((guint64) study_grid_npoints (g) * values->len > STUDY_MAX_POINTS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--vary %s=%s: the sweep would have more than %d points", name, spec,
                   STUDY_MAX_POINTS);
      g_ptr_array_free (values, TRUE);
      return FALSE;
    }
  StudyAxis a = { g_strdup (name), values };
  g_array_append_val (g->axes, a);
  return TRUE;
}

guint
study_grid_npoints (const StudyGrid *g)
{
  guint n = 1;
  for (guint i = 0; i < g->axes->len; i++)
    n *= g_array_index (g->axes, StudyAxis, i).values->len;
  return n;
}

const char *
study_grid_value (const StudyGrid *g, guint k, guint a)
{
  for (guint i = g->axes->len; i-- > a + 1;)
    k /= g_array_index (g->axes, StudyAxis, i).values->len;
  const StudyAxis *ax = &g_array_index (g->axes, StudyAxis, a);
  return g_ptr_array_index (ax->values, k % ax->values->len);
}

void
study_grid_defines (const StudyGrid *g, guint k, GArray *defs)
{
  g_array_set_size (defs, 0);
  for (guint i = 0; i < g->fixed->len; i++)
    {
      const ScnDefine *d = &g_array_index (g->fixed, ScnDefine, i);
      gboolean varied = FALSE;
      for (guint a = 0; a < g->axes->len; a++)
        varied |= strcmp (g_array_index (g->axes, StudyAxis, a).name, d->name) == 0;
      if (!varied)
        g_array_append_val (defs, *d);
    }
  for (guint a = 0; a < g->axes->len; a++)
    {
      ScnDefine d = { g_array_index (g->axes, StudyAxis, a).name, study_grid_value (g, k, a) };
      g_array_append_val (defs, d);
    }
}
