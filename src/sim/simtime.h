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

/* The end of simulated time, about 292 years.  Time arithmetic on values
 * a user can set (sim_time_add() and its kin) saturates here instead of
 * overflowing, and the scheduler never fires a timer armed for this
 * instant (sched.h): a deadline that saturates is one that the run never
 * reaches.  SIM_TIME_NEVER says the same where "no deadline" is meant. */
#define SIM_TIME_MAX G_MAXINT64
#define SIM_TIME_NEVER SIM_TIME_MAX

/* Parses a number with a time unit (ns, us, ms, s, min), e.g. "50ms",
 * "1.5s", "250us".  A bare number is refused: units are mandatory.  Sets
 * *out and returns TRUE, or returns FALSE with *why pointing at a static
 * explanation. */
gboolean sim_time_parse (const char *text, SimTime *out, const char **why);

/* Writes seconds with nine decimals ("1.050000000") into buf. */
void sim_time_format_s9 (SimTime t, char *buf, gsize size);

/* Writes a short human form ("50ms", "1s", "1.5s", "131s") into buf. */
void sim_time_format_short (SimTime t, char *buf, gsize size);

/* Overflow-checked arithmetic on times and durations.  Every result is
 * exact when it fits in [G_MININT64, SIM_TIME_MAX] and clamped to that
 * range otherwise, so a huge user value gives a deadline of
 * SIM_TIME_NEVER instead of a wrapped (earlier, or negative) one, and
 * never undefined behaviour.  Use them wherever a time is computed from a
 * value that a scenario, a profile or the C API can set. */

/* a + b. */
SimTime sim_time_add (SimTime a, SimTime b);

/* a · k. */
SimTime sim_time_mul (SimTime a, gint64 k);

/* a · 2^k: the backoff RTO << k of RFC 6298 §5.5, for any k (a shift of
 * 63 or more is undefined in C; this saturates instead). */
SimTime sim_time_shl (SimTime a, guint k);

/* A duration given in floating point (a random draw such as an
 * exponential gap or a normal jitter), rounded to the nearest nanosecond
 * and clamped to [-SIM_TIME_MAX, SIM_TIME_MAX]; NaN gives 0.  Converting
 * an out-of-range double to an integer directly is undefined (C11
 * §6.3.1.4). */
SimTime sim_time_from_double (double ns);

static inline double
sim_time_to_s (SimTime t)
{
  return (double) t / (double) SIM_S;
}

#endif
