/* gnuplot string literals (trace_gnuplot.h says why they are safe). */
#include "trace/trace_gnuplot.h"

static gboolean
is_control (guchar c)
{
  return c < 0x20 || c == 0x7f;
}

char *
trace_gp_quote (const char *s)
{
  GString *q = g_string_new ("'");
  for (const char *p = s; *p; p++)
    {
      if (*p == '\'')
        g_string_append (q, "''");
      else
        g_string_append_c (q, is_control ((guchar) *p) ? ' ' : *p);
    }
  g_string_append_c (q, '\'');
  return g_string_free (q, FALSE);
}

gboolean
trace_gp_unquotable (const char *s)
{
  for (const char *p = s; *p; p++)
    if (is_control ((guchar) *p))
      return TRUE;
  return FALSE;
}
