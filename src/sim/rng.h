/* Random streams.  Every source of randomness in a run (a link's losses, a
 * host's ISN secret, a generator's arrivals) owns a stream seeded from the
 * pair (run seed, stream name), so adding a link does not change what
 * another link drops and any replication can be reproduced alone.
 *
 * The generator is xoshiro256** (Blackman and Vigna), seeded through
 * SplitMix64 from a 64-bit FNV-1a hash of the name mixed with the seed. */
#ifndef TCPSIM_RNG_H
#define TCPSIM_RNG_H

#include <glib.h>

typedef struct
{
  guint64 s[4];
} SimRng;

void sim_rng_init (SimRng *rng, guint64 seed, const char *name);
/* The same with the name given in parts (NULL-terminated), as if joined. */
void sim_rng_init_parts (SimRng *rng, guint64 seed, const char *const *parts);
/* The same in two halves, for an owner that reseeds one stream many
 * times (a sweep's replications): the name's hash once, then a seed. */
guint64 sim_rng_hash_parts (const char *const *parts);
void sim_rng_init_hashed (SimRng *rng, guint64 seed, guint64 name_hash);

guint64 sim_rng_next (SimRng *rng);

/* Uniform in [0, 1), 53 random bits. */
static inline double
sim_rng_uniform (SimRng *rng)
{
  return (double) (sim_rng_next (rng) >> 11) * 0x1.0p-53;
}

/* TRUE with probability p. */
static inline gboolean
sim_rng_bernoulli (SimRng *rng, double p)
{
  return p > 0.0 && sim_rng_uniform (rng) < p;
}

/* Exponentially distributed with the given mean. */
double sim_rng_exponential (SimRng *rng, double mean);

/* Normally distributed with the given mean and standard deviation (>= 0).
 * Box-Muller, two uniforms per value, no value kept for the next call, so
 * the stream's state is only its four words. */
double sim_rng_normal (SimRng *rng, double mean, double sd);

#endif
