/* Hosts: routing to links, demultiplexing to endpoints, and the search
 * for a free ephemeral port. */
#include "net/host.h"

/* The local ports bound towards one remote (address, port): one bit per
 * port.  8 KiB, so made only for a remote whose ports a search found
 * crowded (PORT_PROBES taken in a row), and freed when its last
 * connection goes. */
typedef struct
{
  guint64 bits[65536 / 64];
  guint64 full[65536 / 64 / 64]; /* one bit per word of bits: all 64 set */
  guint count; /* bits set */
} HostPortSet;

/* Table probes an ephemeral port search makes before it builds the
 * remote's bitmap: enough that a search among mostly free ports never
 * needs one. */
#define PORT_PROBES 64

static inline guint64
remote_of_key (guint64 key)
{
  return key & G_GUINT64_CONSTANT (0xffffffffffff);
}

static inline guint16
lport_of_key (guint64 key)
{
  return (guint16) (key >> 48);
}

static guint
remote_hash (gconstpointer key)
{
  guint64 z = *(const guint64 *) key;
  z = (z ^ (z >> 33)) * 0xff51afd7ed558ccdULL;
  return (guint) (z ^ (z >> 29));
}

static void
port_set_free (gpointer data)
{
  g_free (data);
}

static void
port_set_put (HostPortSet *set, guint16 port)
{
  guint w = port / 64;
  guint64 bit = G_GUINT64_CONSTANT (1) << (port % 64);
  g_assert (!(set->bits[w] & bit));
  set->bits[w] |= bit;
  if (set->bits[w] == ~G_GUINT64_CONSTANT (0))
    set->full[w / 64] |= G_GUINT64_CONSTANT (1) << (w % 64);
  set->count++;
}

/* Keeps the remote's port set, if it has one, in step with a bind
 * (on = TRUE) or an unbind of the connection with this key. */
static void
port_set_track (Host *host, guint64 key, gboolean on)
{
  if (host->port_sets == NULL || g_hash_table_size (host->port_sets) == 0)
    return;
  guint64 remote = remote_of_key (key);
  HostPortSet *set = g_hash_table_lookup (host->port_sets, &remote);
  if (set == NULL)
    return;
  guint16 port = lport_of_key (key);
  if (on)
    {
      port_set_put (set, port);
      return;
    }
  guint w = port / 64;
  guint64 bit = G_GUINT64_CONSTANT (1) << (port % 64);
  g_assert (set->bits[w] & bit);
  set->bits[w] &= ~bit;
  set->full[w / 64] &= ~(G_GUINT64_CONSTANT (1) << (w % 64));
  if (--set->count == 0)
    g_hash_table_remove (host->port_sets, &remote); /* frees set and its key */
}

Host *
host_new (Sim *sim, const TraceBus *trace, const char *name, guint32 addr)
{
  Host *host = g_new0 (Host, 1);
  host->name = g_strdup (name);
  host->addr = addr;
  host->sim = sim;
  host->trace = trace;
  host_conntab_init (&host->conns);
  host->listeners = g_hash_table_new (g_direct_hash, g_direct_equal);
  host->links = g_ptr_array_new ();
  return host;
}

void
host_free (Host *host)
{
  if (host == NULL)
    return;
  host_conntab_clear (&host->conns);
  g_hash_table_destroy (host->listeners);
  if (host->port_sets != NULL)
    g_hash_table_destroy (host->port_sets);
  g_ptr_array_free (host->links, TRUE);
  g_free (host->name);
  g_free (host);
}

void
host_reset (Host *host)
{
  /* A connection still bound would keep a key that points into freed
   * memory once its owner goes: the transport must have unbound them. */
  g_assert (host->conns.count == 0);
  /* Every port set went with its remote's last connection. */
  g_assert (host->port_sets == NULL || g_hash_table_size (host->port_sets) == 0);
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
  /* The table refuses a key already bound: a bug in the caller. */
  if (!host_conntab_insert (&host->conns, *key, endpoint))
    g_error ("host %s: connection key bound twice", host->name);
  port_set_track (host, *key, TRUE);
}

void
host_unbind_conn (Host *host, const guint64 *key)
{
  if (host_conntab_remove (&host->conns, *key))
    port_set_track (host, *key, FALSE);
}

void
host_rebind_conn (Host *host, guint64 key, gpointer endpoint)
{
  host_conntab_replace (&host->conns, key, endpoint);
}

GList *
host_conn_endpoints (Host *host)
{
  GList *out = NULL;
  const HostConnTab *t = &host->conns;
  for (guint64 i = 0; i <= t->mask; i++)
    if (t->slots[i].endpoint != NULL)
      out = g_list_prepend (out, t->slots[i].endpoint);
  return out;
}

guint
host_conn_count (const Host *host)
{
  return (guint) host->conns.count;
}

/* The remote's port set, made from the connections bound now. */
static HostPortSet *
port_set_make (Host *host, guint64 remote)
{
  if (host->port_sets == NULL)
    host->port_sets = g_hash_table_new_full (remote_hash, g_int64_equal, g_free, port_set_free);
  HostPortSet *set = g_new0 (HostPortSet, 1);
  const HostConnTab *t = &host->conns;
  for (guint64 i = 0; i <= t->mask; i++)
    if (t->slots[i].endpoint != NULL && remote_of_key (t->slots[i].key) == remote)
      port_set_put (set, lport_of_key (t->slots[i].key));
  g_hash_table_insert (host->port_sets, g_memdup2 (&remote, sizeof remote), set);
  return set;
}

/* The first port of [a, b] free in set (no connection, no listener), or
 * -1.  Full words are skipped 64 at a time, so a search among exhausted
 * ports tests at most 16 summary words and two partial ones.  Listeners
 * are looked up one by one: few ports in an ephemeral range have one,
 * and each is passed at most once per scan. */
static gint
port_set_scan (Host *host, const HostPortSet *set, guint a, guint b)
{
  guint p = a;
  while (p <= b)
    {
      guint w = p / 64;
      guint64 open_words = ~set->full[w / 64] & (~G_GUINT64_CONSTANT (0) << (w % 64));
      if (open_words == 0)
        {
          p = (w / 64 + 1) * 64 * 64;
          continue;
        }
      guint w_open = (w / 64) * 64 + (guint) __builtin_ctzll (open_words);
      if (w_open != w)
        {
          p = w_open * 64;
          continue;
        }
      guint64 free_bits = ~set->bits[w] & (~G_GUINT64_CONSTANT (0) << (p % 64));
      if (w == b / 64 && b % 64 != 63)
        free_bits &= (G_GUINT64_CONSTANT (1) << (b % 64 + 1)) - 1;
      if (free_bits == 0)
        {
          p = (w + 1) * 64;
          continue;
        }
      p = w * 64 + (guint) __builtin_ctzll (free_bits);
      if (host_lookup_listener (host, (guint16) p) == NULL)
        return (gint) p;
      p++;
    }
  return -1;
}

gboolean
host_find_free_port (Host *host, guint32 raddr, guint16 rport, guint16 lo, guint16 hi,
                     guint16 from, guint16 *out)
{
  g_assert (lo <= from && from <= hi);
  guint64 remote = remote_of_key (host_conn_key (0, raddr, rport));
  HostPortSet *set = host->port_sets != NULL ? g_hash_table_lookup (host->port_sets, &remote)
                                             : NULL;
  guint p = from;
  if (set == NULL)
    {
      /* Probe the table as the search always did; most searches end at
       * the first port. */
      guint range = (guint) hi - lo + 1;
      for (guint i = 0; i < MIN (range, PORT_PROBES); i++)
        {
          if (host_lookup_conn (host, host_conn_key ((guint16) p, raddr, rport)) == NULL
              && host_lookup_listener (host, (guint16) p) == NULL)
            {
              *out = (guint16) p;
              return TRUE;
            }
          p = p >= hi ? lo : p + 1;
        }
      if (range <= PORT_PROBES)
        return FALSE;
      set = port_set_make (host, remote);
    }
  /* The rest of the cycle from p: [p, hi], then [lo, p - 1].  (Ports
   * already probed come round again at the end, taken: harmless.) */
  gint found = port_set_scan (host, set, p, hi);
  if (found < 0 && p > lo)
    found = port_set_scan (host, set, lo, p - 1);
  if (set->count == 0)
    g_hash_table_remove (host->port_sets, &remote); /* listeners were in the way */
  if (found < 0)
    return FALSE;
  *out = (guint16) found;
  return TRUE;
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
