/* Random streams: xoshiro256** seeded by SplitMix64 from (seed, name). */
#include "sim/rng.h"

#include <math.h>

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

guint64
sim_rng_hash_parts (const char *const *parts)
{
  /* FNV-1a runs over the bytes in order, so hashing the parts one after
   * the other is hashing their concatenation, without building it. */
  guint64 h = 0xcbf29ce484222325ULL; /* FNV-1a offset basis */
  for (; *parts != NULL; parts++)
    for (const unsigned char *p = (const unsigned char *) *parts; *p; p++)
      {
        h ^= *p;
        h *= 0x100000001b3ULL;
      }
  return h;
}

void
sim_rng_init_hashed (SimRng *rng, guint64 seed, guint64 name_hash)
{
  guint64 x = name_hash ^ splitmix64 (&seed);
  for (int i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
}

void
sim_rng_init_parts (SimRng *rng, guint64 seed, const char *const *parts)
{
  sim_rng_init_hashed (rng, seed, sim_rng_hash_parts (parts));
}

void
sim_rng_init (SimRng *rng, guint64 seed, const char *name)
{
  const char *parts[] = { name, NULL };
  sim_rng_init_parts (rng, seed, parts);
}

static inline guint64
rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

guint64
sim_rng_next (SimRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

double
sim_rng_exponential (SimRng *rng, double mean)
{
  /* 1 - U is in (0, 1], so the logarithm is finite. */
  return -mean * log (1.0 - sim_rng_uniform (rng));
}

double
sim_rng_normal (SimRng *rng, double mean, double sd)
{
  /* 1 - U1 is in (0, 1], so the logarithm is finite; the cosine branch of
   * Box-Muller alone is an exact standard normal. */
  double u1 = 1.0 - sim_rng_uniform (rng);
  double u2 = sim_rng_uniform (rng);
  return mean + sd * sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}
