/* Simulated time: parsing durations with units and printing them. */
#include "sim/simtime.h"

#include <string.h>

static const struct
{
  const char *suffix;
  SimTime unit;
} time_units[] = {
  { "ns", SIM_NS },
  { "us", SIM_US },
  { "ms", SIM_MS },
  { "s", SIM_S },
  { "min", 60 * SIM_S },
};

gboolean
sim_time_parse (const char *text, SimTime *out, const char **why)
{
  /* Digits, an optional fraction, then a unit.  The value is assembled in
   * integer arithmetic so that "1.1s" is exactly 1100000000 ns. */
  const char *p = text;
  guint64 whole = 0, frac = 0, frac_scale = 1;
  gboolean digits = FALSE;

  while (g_ascii_isdigit (*p))
    {
      if (whole > G_MAXUINT64 / 10)
        {
          *why = "duration is too large";
          return FALSE;
        }
      whole = whole * 10 + (guint64) (*p - '0');
      digits = TRUE;
      p++;
    }
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        {
          if (frac_scale < 1000000000000ULL)
            {
              frac = frac * 10 + (guint64) (*p - '0');
              frac_scale *= 10;
            }
          digits = TRUE;
          p++;
        }
    }
  if (!digits)
    {
      *why = "expected a duration such as 50ms or 1.5s";
      return FALSE;
    }
  if (*p == '\0')
    {
      *why = "duration needs a unit (ns, us, ms, s or min)";
      return FALSE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (time_units); i++)
    if (strcmp (p, time_units[i].suffix) == 0)
      {
        guint64 unit = (guint64) time_units[i].unit;
        /* frac/frac_scale of a unit, rounded to the nearest nanosecond
         * (frac < 10^12 and unit <= 6·10^10: the product fits). */
        guint64 sub = (frac * unit + frac_scale / 2) / frac_scale;
        if (whole > (guint64) G_MAXINT64 / unit || whole * unit > (guint64) G_MAXINT64 - sub)
          {
            *why = "duration is too large";
            return FALSE;
          }
        *out = (SimTime) (whole * unit + sub);
        return TRUE;
      }
  *why = "unknown time unit (use ns, us, ms, s or min)";
  return FALSE;
}

void
sim_time_format_s9 (SimTime t, char *buf, gsize size)
{
  const char *sign = t < 0 ? "-" : "";
  guint64 a = t < 0 ? (guint64) -(t + 1) + 1 : (guint64) t;
  g_snprintf (buf, size, "%s%" G_GUINT64_FORMAT ".%09" G_GUINT64_FORMAT,
              sign, a / SIM_S, a % SIM_S);
}

void
sim_time_format_short (SimTime t, char *buf, gsize size)
{
  /* Largest unit in which the value is a whole number; otherwise seconds
   * with up to nine decimals and trailing zeros removed. */
  if (t != 0 && t % SIM_S == 0)
    g_snprintf (buf, size, "%" G_GINT64_FORMAT "s", t / SIM_S);
  else if (t % SIM_MS == 0 && t > -SIM_S && t < SIM_S)
    g_snprintf (buf, size, "%" G_GINT64_FORMAT "ms", t / SIM_MS);
  else if (t % SIM_US == 0 && t > -SIM_MS && t < SIM_MS)
    g_snprintf (buf, size, "%" G_GINT64_FORMAT "us", t / SIM_US);
  else if (t > -SIM_US && t < SIM_US)
    g_snprintf (buf, size, "%" G_GINT64_FORMAT "ns", t);
  else
    {
      char tmp[40];
      sim_time_format_s9 (t, tmp, sizeof tmp);
      gsize n = strlen (tmp);
      while (n > 0 && tmp[n - 1] == '0')
        tmp[--n] = '\0';
      if (n > 0 && tmp[n - 1] == '.')
        tmp[--n] = '\0';
      g_snprintf (buf, size, "%ss", tmp);
    }
}
