/* Simulated time: signed 64-bit nanoseconds since the start of a run.
 *
 * Integer time keeps runs exact and reproducible (no drift from adding
 * floating-point delays); 2^63 ns is about 292 years of simulated time. */
#ifndef TCPSIM_SIMTIME_H
#define TCPSIM_SIMTIME_H

#include <glib.h>

typedef gint64 SimTime;

#define SIM_NS ((SimTime) 1)
#define SIM_US ((SimTime) 1000)
#define SIM_MS ((SimTime) 1000000)
#define SIM_S  ((SimTime) 1000000000)
#define SIM_TIME_NEVER G_MAXINT64

/* Parses a number with a time unit (ns, us, ms, s, min), e.g. "50ms",
 * "1.5s", "250us".  A bare number is refused: units are mandatory.  Sets
 * *out and returns TRUE, or returns FALSE with *why pointing at a static
 * explanation. */
gboolean sim_time_parse (const char *text, SimTime *out, const char **why);

/* Writes seconds with nine decimals ("1.050000000") into buf. */
void sim_time_format_s9 (SimTime t, char *buf, gsize size);

/* Writes a short human form ("50ms", "1s", "1.5s", "131s") into buf. */
void sim_time_format_short (SimTime t, char *buf, gsize size);

static inline double
sim_time_to_s (SimTime t)
{
  return (double) t / (double) SIM_S;
}

#endif
