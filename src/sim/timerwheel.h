/* A kernel's timer wheel as a pure function: when does a timer armed now
 * for a given timeout really fire?  Linux counts time in jiffies (HZ ticks
 * a second) and keeps its timers on a hierarchical wheel
 * (kernel/time/timer.c): levels of 64 buckets, level L counting in units
 * of 8^L jiffies, the level chosen by how far away the expiry is, and the
 * expiry rounded up to the level's unit so that a timer never fires early
 * (calc_wheel_index, calc_index).  docs/linux-behaviour.md, "Timers fire late".
 *
 * A host's jiffies clock has a phase, the host's uptime at simulated time
 * 0: J(t) = floor((t + phase) · hz / 1 s), so its ticks fall at
 * k / hz - phase.  A phase drawn uniformly in [0, SIM_WHEEL_PHASE_TICKS
 * ticks) gives every level's rounding its whole range.
 *
 * Nothing here knows TCP: sim/ only. */
#ifndef TCPSIM_TIMERWHEEL_H
#define TCPSIM_TIMERWHEEL_H

#include <glib.h>

#include "sim/simtime.h"

/* Bits per level (LVL_CLK_SHIFT) and buckets per level (LVL_SIZE). */
#define SIM_WHEEL_LVL_SHIFT 3
#define SIM_WHEEL_LVL_SIZE 64
/* Levels of a wheel with HZ > 100 (LVL_DEPTH = 9); a timeout beyond the
 * last level's range stays on the last level here (the kernel caps it at
 * WHEEL_TIMEOUT_MAX, about 12 days at HZ = 250). */
#define SIM_WHEEL_DEPTH 9
/* A phase drawn in [0, 2^24 ticks) is uniform modulo the unit of every
 * level up to 8 (8^8 = 2^24). */
#define SIM_WHEEL_PHASE_TICKS (G_GUINT64_CONSTANT (1) << 24)

/* The jiffies counter at time t (>= 0) of a clock with this phase. */
guint64 sim_wheel_jiffies (SimTime t, SimTime phase, guint hz);

/* The instant the counter reaches tick k (the start of jiffy k), rounded
 * up to a nanosecond; never before t = -phase. */
SimTime sim_wheel_tick_time (guint64 k, SimTime phase, guint hz);

/* A duration in whole jiffies, rounded up as usecs_to_jiffies() and
 * msecs_to_jiffies() do (a duration of 0 is 0 jiffies). */
guint64 sim_wheel_to_jiffies (SimTime d, guint hz);

/* The duration of n jiffies, rounded up to a nanosecond. */
SimTime sim_wheel_from_jiffies (guint64 n, guint hz);

/* The level a timer goes to when its expiry is delta jiffies after the
 * wheel's clock (calc_wheel_index: level 0 below 63, level L below
 * 63 · 8^L). */
guint sim_wheel_level (guint64 delta);

/* The tick at which a timer with expiry `expires` fires when the wheel's
 * clock reads clk: ((expires >> 3L) + 1) << 3L for its level L. */
guint64 sim_wheel_fire_tick (guint64 expires, guint64 clk);

/* When a timer armed at now (>= 0) for timeout (>= 0) fires: the timeout
 * in whole jiffies d (rounded up), expires = J(now) + d, then the wheel's
 * rounding.  Never before now + timeout.  A timeout of SIM_TIME_NEVER, or
 * one whose firing time does not fit, gives SIM_TIME_NEVER. */
SimTime sim_wheel_fire (SimTime now, SimTime timeout, SimTime phase, guint hz);

#endif
