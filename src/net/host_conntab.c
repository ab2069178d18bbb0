/* The connection table of a host (host_conntab.h). */
#include "net/host_conntab.h"

#define CONNTAB_MIN 16

void
host_conntab_init (HostConnTab *t)
{
  t->slots = g_new0 (HostConnSlot, CONNTAB_MIN);
  t->mask = CONNTAB_MIN - 1;
  t->count = 0;
}

void
host_conntab_clear (HostConnTab *t)
{
  g_free (t->slots);
  t->slots = NULL;
  t->mask = 0;
  t->count = 0;
}

static void
put (HostConnTab *t, guint64 key, gpointer endpoint)
{
  guint64 i = host_conntab_home (t, key);
  while (t->slots[i].endpoint != NULL)
    i = (i + 1) & t->mask;
  t->slots[i] = (HostConnSlot) { .key = key, .endpoint = endpoint };
}

static void
resize (HostConnTab *t, guint64 capacity)
{
  HostConnSlot *old = t->slots;
  guint64 n = t->mask + 1;
  t->slots = g_new0 (HostConnSlot, capacity);
  t->mask = capacity - 1;
  for (guint64 i = 0; i < n; i++)
    if (old[i].endpoint != NULL)
      put (t, old[i].key, old[i].endpoint);
  g_free (old);
}

gboolean
host_conntab_insert (HostConnTab *t, guint64 key, gpointer endpoint)
{
  g_assert (endpoint != NULL);
  if (host_conntab_lookup (t, key) != NULL)
    return FALSE;
  if ((t->count + 1) * 4 > (t->mask + 1) * 3)
    resize (t, (t->mask + 1) * 2);
  put (t, key, endpoint);
  t->count++;
  return TRUE;
}

void
host_conntab_replace (HostConnTab *t, guint64 key, gpointer endpoint)
{
  g_assert (endpoint != NULL);
  for (guint64 i = host_conntab_home (t, key);; i = (i + 1) & t->mask)
    {
      g_assert (t->slots[i].endpoint != NULL);
      if (t->slots[i].key == key)
        {
          t->slots[i].endpoint = endpoint;
          return;
        }
    }
}

gboolean
host_conntab_remove (HostConnTab *t, guint64 key)
{
  guint64 i = host_conntab_home (t, key);
  for (;; i = (i + 1) & t->mask)
    {
      if (t->slots[i].endpoint == NULL)
        return FALSE;
      if (t->slots[i].key == key)
        break;
    }
  /* Backward shift: move up each later entry of the run whose home is
   * not cyclically in (i, j], so that no lookup meets a hole too early. */
  guint64 j = i;
  for (;;)
    {
      t->slots[i].endpoint = NULL;
      guint64 home;
      do
        {
          j = (j + 1) & t->mask;
          if (t->slots[j].endpoint == NULL)
            goto done;
          home = host_conntab_home (t, t->slots[j].key);
        }
      while (i <= j ? (i < home && home <= j) : (i < home || home <= j));
      t->slots[i] = t->slots[j];
      i = j;
    }
done:
  t->count--;
  if (t->mask + 1 > CONNTAB_MIN && t->count * 8 < t->mask + 1)
    resize (t, (t->mask + 1) / 2);
  return TRUE;
}
