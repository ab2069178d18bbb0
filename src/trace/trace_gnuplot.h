/* Text that goes to gnuplot as a string, never as code.
 *
 * gnuplot reads a single-quoted string literally: no backslash escapes, no
 * backquote command substitution, no @macro, no `!` shell escape inside
 * it; the only special character is the quote itself, written twice.  A
 * line break would end the command, so control characters become spaces.
 * tests/test-trace checks this against every character class with gnuplot
 * itself. */
#ifndef TCPSIM_TRACE_GNUPLOT_H
#define TCPSIM_TRACE_GNUPLOT_H

#include <glib.h>

/* s as a gnuplot string literal, quotes included (free it). */
char *trace_gp_quote (const char *s);

/* Whether s has a character that trace_gp_quote() cannot carry (a control
 * character): a file name with one cannot go to gnuplot. */
gboolean trace_gp_unquotable (const char *s);

#endif
