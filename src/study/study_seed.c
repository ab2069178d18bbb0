/* Replication seeds: (scenario seed, point key, replication) hashed into
 * one 64-bit seed, FNV-1a over the key and SplitMix64 finalizers between
 * the parts, so that neighbouring r and similar keys give unrelated
 * streams. */
#include "study/study_seed.h"

#include <string.h>

#include "sim/rng.h"

static int
cmp_define (gconstpointer a, gconstpointer b)
{
  return strcmp (((const ScnDefine *) a)->name, ((const ScnDefine *) b)->name);
}

char *
study_point_key (const ScnDefine *defs, gsize n)
{
  /* The last -D of a name wins, as in the parser; a stable sort keeps
   * the order of equal names, so the last of each run is the one. */
  GArray *sorted = g_array_sized_new (FALSE, FALSE, sizeof (ScnDefine), n);
  g_array_append_vals (sorted, defs, n);
  g_array_sort (sorted, cmp_define); /* g_array_sort is stable (merge sort) */
  GString *key = g_string_new ("");
  for (guint i = 0; i < sorted->len; i++)
    {
      const ScnDefine *d = &g_array_index (sorted, ScnDefine, i);
      if (i + 1 < sorted->len && strcmp (d->name, g_array_index (sorted, ScnDefine, i + 1).name) == 0)
        continue;
      if (key->len > 0)
        g_string_append_c (key, ' ');
      g_string_append_printf (key, "%s=%s", d->name, d->value);
    }
  g_array_free (sorted, TRUE);
  return g_string_free (key, FALSE);
}

static guint64
splitmix (guint64 x)
{
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

guint64
study_seed (guint64 seed, const char *key, guint32 r)
{
  guint64 h = 0xcbf29ce484222325ull;
  for (const unsigned char *p = (const unsigned char *) key; *p; p++)
    h = (h ^ *p) * 0x100000001b3ull;
  /* 63 bits: the range a scenario's `seed` and --seed accept. */
  return splitmix (splitmix (splitmix (seed) ^ h) ^ r) >> 1;
}
