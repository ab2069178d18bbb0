/* Simulated time: overflow-checked arithmetic, parsing durations with
 * units and printing them. */
#include "sim/simtime.h"

#include <math.h>
#include <string.h>

SimTime
sim_time_add (SimTime a, SimTime b)
{
  /* Checked before adding: signed overflow is undefined (C11 §6.5p5). */
  if (b > 0 && a > SIM_TIME_MAX - b)
    return SIM_TIME_MAX;
  if (b < 0 && a < G_MININT64 - b)
    return G_MININT64;
  return a + b;
}

SimTime
sim_time_mul (SimTime a, gint64 k)
{
  if (a == 0 || k == 0)
    return 0;
  gboolean negative = (a < 0) != (k < 0);
  /* Magnitudes in unsigned arithmetic, where G_MININT64 has one. */
  guint64 ua = a < 0 ? (guint64) -(a + 1) + 1 : (guint64) a;
  guint64 uk = k < 0 ? (guint64) -(k + 1) + 1 : (guint64) k;
  guint64 limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;
  if (ua > limit / uk)
    return negative ? G_MININT64 : SIM_TIME_MAX;
  guint64 m = ua * uk;
  if (!negative)
    return (SimTime) m;
  return m == (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(SimTime) m;
}

SimTime
sim_time_shl (SimTime a, guint k)
{
  /* A shift by 63 or more, or of a negative value, is undefined in C
   * (C11 §6.5.7): multiply by 2^k, which saturates, instead. */
  if (a == 0)
    return 0;
  if (k >= 63)
    return a > 0 ? SIM_TIME_MAX : G_MININT64;
  return sim_time_mul (a, (gint64) 1 << k);
}

SimTime
sim_time_from_double (double ns)
{
  if (isnan (ns))
    return 0;
  /* 2^63 is exactly representable; every double below it converts. */
  double r = round (ns);
  if (r >= 9223372036854775808.0)
    return SIM_TIME_MAX;
  if (r <= -9223372036854775808.0)
    return -SIM_TIME_MAX;
  return (SimTime) r;
}

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
  if ((*p == 'e' || *p == 'E') && (g_ascii_isdigit (p[1]) || p[1] == '-' || p[1] == '+'))
    {
      *why = "a duration has no exponent (write 1000s, not 1e3s)";
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
