/* Connection ids (tcp.h): a counter shared by the stacks of one run, and
 * the 4-tuples of active opens, so that the passive end of a connection
 * takes the id of the active open it answers.  An id names a connection
 * in traces and lets a scenario find both ends; no protocol rule reads it. */
#include "tcp/tcp_priv.h"

struct TcpIds
{
  guint64 next;
  GHashTable *active; /* TcpIdKey -> guint64 id, latest open per 4-tuple */
};

typedef struct
{
  guint32 laddr, raddr;
  guint16 lport, rport;
} TcpIdKey;

static guint
key_hash (gconstpointer p)
{
  const TcpIdKey *k = p;
  guint64 z = ((guint64) k->laddr << 32 | k->raddr) ^ ((guint64) k->lport << 16 | k->rport) << 7;
  return (guint) tcp_mix64 (z);
}

static gboolean
key_equal (gconstpointer a, gconstpointer b)
{
  const TcpIdKey *x = a, *y = b;
  return x->laddr == y->laddr && x->raddr == y->raddr && x->lport == y->lport
         && x->rport == y->rport;
}

TcpIds *
tcp_ids_new (void)
{
  TcpIds *ids = g_new0 (TcpIds, 1);
  ids->next = 1;
  ids->active = g_hash_table_new_full (key_hash, key_equal, g_free, g_free);
  return ids;
}

void
tcp_ids_free (TcpIds *ids)
{
  if (ids == NULL)
    return;
  g_hash_table_destroy (ids->active);
  g_free (ids);
}

void
tcp_ids_reset (TcpIds *ids)
{
  g_hash_table_remove_all (ids->active);
  ids->next = 1;
}

guint64
tcp_ids_next (const TcpIds *ids)
{
  return ids->next;
}

guint64
tcp_ids_active (TcpIds *ids, guint32 laddr, guint16 lport, guint32 raddr, guint16 rport)
{
  TcpIdKey *k = g_new (TcpIdKey, 1);
  *k = (TcpIdKey) { .laddr = laddr, .raddr = raddr, .lport = lport, .rport = rport };
  guint64 *id = g_new (guint64, 1);
  *id = ids->next++;
  g_hash_table_replace (ids->active, k, id);
  return *id;
}

guint64
tcp_ids_passive (TcpIds *ids, guint32 laddr, guint16 lport, guint32 raddr, guint16 rport)
{
  /* The active end's key: its local side is our remote side. */
  TcpIdKey k = { .laddr = raddr, .raddr = laddr, .lport = rport, .rport = lport };
  const guint64 *id = g_hash_table_lookup (ids->active, &k);
  return id != NULL ? *id : ids->next++;
}
