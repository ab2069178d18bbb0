/* The Linux timer wheel's rounding (kernel/time/timer.c: calc_index,
 * calc_wheel_index; include/linux/jiffies.h: usecs_to_jiffies), as pure
 * integer functions of a clock phase and HZ.  Integer arithmetic only, so
 * that every run is exact; a second is split off before multiplying by
 * HZ, so nothing overflows for times up to the end of simulated time and
 * HZ up to 10^6. */
#include "sim/timerwheel.h"

guint64
sim_wheel_jiffies (SimTime t, SimTime phase, guint hz)
{
  g_assert (hz > 0 && t >= 0 && phase >= 0);
  guint64 x = (guint64) t + (guint64) phase;
  guint64 q = x / SIM_S, r = x % SIM_S;
  return q * hz + r * hz / SIM_S;
}

SimTime
sim_wheel_tick_time (guint64 k, SimTime phase, guint hz)
{
  g_assert (hz > 0);
  guint64 q = k / hz, s = k % hz;
  SimTime within = (SimTime) ((s * SIM_S + hz - 1) / hz);
  if (q > (guint64) (SIM_TIME_MAX / SIM_S))
    return SIM_TIME_NEVER;
  SimTime t = sim_time_add ((SimTime) q * SIM_S, within);
  return t == SIM_TIME_NEVER ? t : t - phase;
}

guint64
sim_wheel_to_jiffies (SimTime d, guint hz)
{
  /* _usecs_to_jiffies: (u + USEC_PER_SEC / HZ - 1) / (USEC_PER_SEC / HZ),
   * i.e. rounded up to whole jiffies. */
  g_assert (hz > 0 && d >= 0);
  guint64 q = (guint64) d / SIM_S, r = (guint64) d % SIM_S;
  return q * hz + (r * hz + SIM_S - 1) / SIM_S;
}

SimTime
sim_wheel_from_jiffies (guint64 n, guint hz)
{
  return sim_wheel_tick_time (n, 0, hz);
}

guint
sim_wheel_level (guint64 delta)
{
  /* LVL_START(L + 1) = (LVL_SIZE - 1) << (L · LVL_CLK_SHIFT). */
  for (guint lvl = 0; lvl + 1 < SIM_WHEEL_DEPTH; lvl++)
    if (delta < ((guint64) (SIM_WHEEL_LVL_SIZE - 1) << (lvl * SIM_WHEEL_LVL_SHIFT)))
      return lvl;
  return SIM_WHEEL_DEPTH - 1;
}

guint64
sim_wheel_fire_tick (guint64 expires, guint64 clk)
{
  /* calc_index(): "round up with level granularity to prevent" a timer
   * armed at the edge of a tick, or truncated on an outer level, from
   * firing early: the bucket after the truncated expiry. */
  guint shift = sim_wheel_level (expires - clk) * SIM_WHEEL_LVL_SHIFT;
  return ((expires >> shift) + 1) << shift;
}

SimTime
sim_wheel_fire (SimTime now, SimTime timeout, SimTime phase, guint hz)
{
  if (timeout >= SIM_TIME_NEVER - now)
    return SIM_TIME_NEVER;
  guint64 clk = sim_wheel_jiffies (now, phase, hz);
  guint64 expires = clk + sim_wheel_to_jiffies (timeout, hz);
  return sim_wheel_tick_time (sim_wheel_fire_tick (expires, clk), phase, hz);
}
