/* The connection table of a host: endpoints by their 64-bit
 * demultiplexing key (local port, remote address, remote port;
 * host_conn_key()), in one open-addressing array.  Linear probing,
 * deletion by backward shift (Knuth 6.4 Algorithm R), so there are no
 * tombstones and a lookup touches one or two cache lines.  16 bytes a
 * slot; the array doubles at 3/4 full and halves below 1/8. */
#ifndef TCPSIM_HOST_CONNTAB_H
#define TCPSIM_HOST_CONNTAB_H

#include <glib.h>

typedef struct
{
  guint64 key;
  gpointer endpoint; /* NULL: the slot is free */
} HostConnSlot;

typedef struct
{
  HostConnSlot *slots;
  guint64 mask;  /* capacity - 1; capacity a power of two */
  guint64 count;
} HostConnTab;

void host_conntab_init (HostConnTab *t);
void host_conntab_clear (HostConnTab *t);
/* Adds key -> endpoint (not NULL).  FALSE, and no change, if key is
 * already bound. */
gboolean host_conntab_insert (HostConnTab *t, guint64 key, gpointer endpoint);
/* Replaces the endpoint bound to key (which must be bound). */
void host_conntab_replace (HostConnTab *t, guint64 key, gpointer endpoint);
/* Whether key was bound (it is not now). */
gboolean host_conntab_remove (HostConnTab *t, guint64 key);

/* The slot's place for key: its hash, reduced to the table. */
static inline guint64
host_conntab_home (const HostConnTab *t, guint64 key)
{
  /* All 64 bits matter: on a client every key has the same low 48 bits
   * (the server's address and port). */
  guint64 z = key;
  z = (z ^ (z >> 33)) * 0xff51afd7ed558ccdULL;
  z = (z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53ULL;
  return (z ^ (z >> 33)) & t->mask;
}

static inline gpointer
host_conntab_lookup (const HostConnTab *t, guint64 key)
{
  for (guint64 i = host_conntab_home (t, key);; i = (i + 1) & t->mask)
    {
      const HostConnSlot *s = &t->slots[i];
      if (s->endpoint == NULL)
        return NULL;
      if (s->key == key)
        return s->endpoint;
    }
}

#endif
