/* The study a scenario documents: `sweep NAME SPEC` (a parameter and the
 * values it takes) and `runs N` (replications per point).  `tcpsim sweep
 * FILE` runs them; --vary and --runs on the command line replace them. */
#include "scenario/scn_parse_priv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A number with an optional unit suffix of letters ("0.05", "10ms"). */
static gboolean
split_number (const char *s, double *value, const char **unit)
{
  char *end;
  if (*s == '\0' || g_ascii_isspace (*s))
    return FALSE;
  *value = g_ascii_strtod (s, &end);
  if (end == s || !isfinite (*value))
    return FALSE;
  for (const char *q = end; *q; q++)
    if (!g_ascii_isalpha (*q))
      return FALSE;
  *unit = end;
  return TRUE;
}

/* START:STOP:STEP.  Values are START + i·STEP, printed with 12 significant
 * digits so that 0.1 + 2·0.05 reads 0.2, and STOP is included when it is
 * within a millionth of a step of a value. */
static gboolean
range_values (const char *spec, GPtrArray *out, const char **why)
{
  char **f = g_strsplit (spec, ":", -1);
  gboolean ok = FALSE;
  double a, b, step;
  const char *ua, *ub, *us;
  if (g_strv_length (f) != 3 || !split_number (f[0], &a, &ua) || !split_number (f[1], &b, &ub)
      || !split_number (f[2], &step, &us))
    *why = "a range is START:STOP:STEP, numbers with the same unit (0:0.3:0.05, 10ms:50ms:10ms)";
  else if (strcmp (ua, ub) != 0 || strcmp (ua, us) != 0)
    *why = "the range's START, STOP and STEP must have the same unit";
  else if (step == 0)
    *why = "the range's STEP is 0";
  else if (step < 0)
    *why = "the range's STEP must be positive";
  else if (b < a)
    *why = "the range is empty (STOP is below START)";
  else if ((b - a) / step + 1 > SCN_SWEEP_MAX_VALUES)
    *why = "the range has more than 100000 values";
  else if (out == NULL)
    ok = TRUE; /* only checked: a million sweep lines must not format 10^11 values */
  else
    {
      guint n = (guint) floor ((b - a) / step + 1e-6) + 1;
      for (guint i = 0; i < n; i++)
        {
          char num[G_ASCII_DTOSTR_BUF_SIZE];
          g_ascii_formatd (num, sizeof num, "%.12g", a + i * step);
          /* "-0" reads as 0. */
          g_ptr_array_add (out, g_strconcat (strcmp (num, "-0") == 0 ? "0" : num, ua, NULL));
        }
      ok = TRUE;
    }
  g_strfreev (f);
  return ok;
}

gboolean
scn_sweep_values (const char *spec, GPtrArray *out, const char **why)
{
  if (*spec == '\0')
    {
      *why = "there is no value (give a range 0:0.3:0.05 or a list a,b,c)";
      return FALSE;
    }
  if (strchr (spec, ':') != NULL)
    return range_values (spec, out, why);
  char **items = g_strsplit (spec, ",", -1);
  guint n = g_strv_length (items);
  gboolean ok = TRUE;
  if (n > SCN_SWEEP_MAX_VALUES)
    {
      *why = "the list has more than 100000 values";
      ok = FALSE;
    }
  /* Spaces around an item are the shell's or the writer's, not the value. */
  for (guint i = 0; ok && i < n; i++)
    if (g_strstrip (items[i])[0] == '\0')
      {
        *why = "a list item is empty (values are separated by single commas)";
        ok = FALSE;
      }
  /* The same value twice would be two points with the same seeds. */
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; ok && i < n; i++)
    if (!g_hash_table_add (seen, items[i]))
      {
        *why = "a value is listed twice";
        ok = FALSE;
      }
  g_hash_table_destroy (seen);
  for (guint i = 0; ok && out != NULL && i < n; i++)
    g_ptr_array_add (out, g_strdup (items[i]));
  g_strfreev (items);
  return ok;
}

void
scn_st_sweep (ScnParser *p, ScnCur *c)
{
  ScnTok *tn = scn_next (c, "a parameter name");
  if (tn == NULL)
    return;
  ScnTok *ts = scn_next (c, "the values (a range 0:0.3:0.05 or a list a,b,c)");
  if (ts == NULL || !scn_at_end (c))
    return;
  if (!g_hash_table_contains (p->params, tn->text))
    {
      pinvalid (p, tn, "'sweep %s': declare the parameter first with 'param %s = VALUE'", tn->text,
                tn->text);
      return;
    }
  if (g_hash_table_contains (p->swept, tn->text))
    {
      pinvalid (p, tn, "parameter '%s' is swept twice", tn->text);
      return;
    }
  const char *why;
  if (!scn_sweep_values (ts->text, NULL, &why))
    perr (p, ts, "bad sweep values '%s': %s", ts->text, why);
  else
    {
      ScnSweep sw = { .name = g_string_chunk_insert (p->scn->strings, tn->text),
                      .spec = g_string_chunk_insert (p->scn->strings, ts->text),
                      .loc = scn_loc_of (p, tn) };
      g_array_append_val (p->scn->sweeps, sw);
      g_hash_table_add (p->swept, (gpointer) sw.name);
    }
}

void
scn_st_runs (ScnParser *p, ScnCur *c)
{
  guint64 v;
  if (scn_val_uint (c, "a number of runs", 1, 1000000000, &v) && scn_at_end (c))
    p->scn->runs = (guint32) v;
}
