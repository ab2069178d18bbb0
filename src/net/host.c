/* Hosts: routing to links and demultiplexing to endpoints. */
#include "net/host.h"

/* g_int64_hash keeps only the low 32 bits, which on a client are the
 * server's address and port for every connection: mix all 64. */
static guint
conn_key_hash (gconstpointer key)
{
  guint64 z = *(const guint64 *) key;
  z = (z ^ (z >> 33)) * 0xff51afd7ed558ccdULL;
  z = (z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53ULL;
  return (guint) (z ^ (z >> 33));
}

Host *
host_new (Sim *sim, const TraceBus *trace, const char *name, guint32 addr)
{
  Host *host = g_new0 (Host, 1);
  host->name = g_strdup (name);
  host->addr = addr;
  host->sim = sim;
  host->trace = trace;
  host->conns = g_hash_table_new (conn_key_hash, g_int64_equal);
  host->listeners = g_hash_table_new (g_direct_hash, g_direct_equal);
  host->links = g_ptr_array_new ();
  return host;
}

void
host_free (Host *host)
{
  if (host == NULL)
    return;
  g_hash_table_destroy (host->conns);
  g_hash_table_destroy (host->listeners);
  g_ptr_array_free (host->links, TRUE);
  g_free (host->name);
  g_free (host);
}

void
host_reset (Host *host)
{
  /* A connection still bound would keep a key that points into freed
   * memory once its owner goes: the transport must have unbound them. */
  g_assert (g_hash_table_size (host->conns) == 0);
  g_hash_table_remove_all (host->listeners);
  host->down = FALSE;
  host->dropped_down = 0;
}

void
host_add_link (Host *host, Link *link)
{
  g_ptr_array_add (host->links, link);
}

void
host_set_ops (Host *host, const HostOps *ops, gpointer ctx)
{
  host->ops = ops;
  host->ops_ctx = ctx;
}

void
host_set_down (Host *host, gboolean down)
{
  host->down = down;
}

void
host_bind_conn (Host *host, const guint64 *key, gpointer endpoint)
{
  g_assert (!g_hash_table_contains (host->conns, key));
  g_hash_table_insert (host->conns, (gpointer) key, endpoint);
}

void
host_unbind_conn (Host *host, const guint64 *key)
{
  g_hash_table_remove (host->conns, key);
}

gpointer
host_lookup_conn (Host *host, guint64 key)
{
  return g_hash_table_lookup (host->conns, &key);
}

GList *
host_conn_endpoints (Host *host)
{
  return g_hash_table_get_values (host->conns);
}

guint
host_conn_count (const Host *host)
{
  return g_hash_table_size (host->conns);
}

void
host_bind_listener (Host *host, guint16 port, gpointer endpoint)
{
  g_hash_table_insert (host->listeners, GUINT_TO_POINTER (port), endpoint);
}

void
host_unbind_listener (Host *host, guint16 port)
{
  g_hash_table_remove (host->listeners, GUINT_TO_POINTER (port));
}

gpointer
host_lookup_listener (Host *host, guint16 port)
{
  return g_hash_table_lookup (host->listeners, GUINT_TO_POINTER (port));
}

gboolean
host_output (Host *host, const TcpSegment *seg)
{
  if (host->down)
    {
      host->dropped_down++;
      return FALSE;
    }
  for (guint i = 0; i < host->links->len; i++)
    {
      Link *link = g_ptr_array_index (host->links, i);
      if (link->dst_addr == seg->daddr)
        {
          link_send (link, seg);
          return TRUE;
        }
    }
  return FALSE;
}

void
host_input (gpointer ctx, const TcpSegment *seg)
{
  Host *host = ctx;
  if (host->down)
    {
      host->dropped_down++;
      return;
    }
  if (seg->daddr != host->addr)
    return;
  gpointer ep = host_lookup_conn (host, host_conn_key (seg->dport, seg->saddr, seg->sport));
  if (ep != NULL)
    {
      host->ops->conn_input (ep, seg);
      return;
    }
  ep = host_lookup_listener (host, seg->dport);
  if (ep != NULL)
    {
      host->ops->listen_input (ep, seg);
      return;
    }
  if (host->ops != NULL && host->ops->unmatched != NULL)
    host->ops->unmatched (host->ops_ctx, seg);
}
