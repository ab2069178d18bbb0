/* A host: a name, an IPv4 address, outgoing links, and the tables that
 * demultiplex arriving segments to connections (by 4-tuple) and listeners
 * (by port).  What a connection or listener does with a segment is the TCP
 * layer's business: it installs HostOps, which also says what to do with
 * a segment that matches neither (TCP answers it with a reset, RFC 9293
 * §3.10.7.1: that rule is TCP's, not the host's). */
#ifndef TCPSIM_HOST_H
#define TCPSIM_HOST_H

#include <glib.h>

#include "net/host_conntab.h"
#include "net/link.h"
#include "net/segment.h"
#include "sim/sched.h"
#include "trace/trace.h"

typedef struct Host Host;

typedef struct
{
  void (*conn_input) (gpointer endpoint, const TcpSegment *seg);
  void (*listen_input) (gpointer endpoint, const TcpSegment *seg);
  /* A segment for this host that no endpoint takes; ctx is the one given
   * to host_set_ops(). */
  void (*unmatched) (gpointer ctx, const TcpSegment *seg);
} HostOps;

struct Host
{
  char *name;
  guint32 addr;
  Sim *sim;
  const TraceBus *trace;
  HostConnTab conns;     /* demultiplexing key -> endpoint */
  GHashTable *listeners; /* port -> endpoint */
  /* Local ports in use towards a remote (address, port) that ephemeral
   * port searches found crowded: guint64 remote (addr << 16 | port) ->
   * HostPortSet *, kept in step with conns (host.c).  NULL until then. */
  GHashTable *port_sets;
  GPtrArray *links;      /* outgoing Link *, not owned */
  const HostOps *ops;
  gpointer ops_ctx;
  gboolean down;         /* crashed: drops what arrives, sends nothing */
  guint64 dropped_down;  /* segments that arrived or were to leave while down */
};

Host *host_new (Sim *sim, const TraceBus *trace, const char *name, guint32 addr);
void host_free (Host *host);

/* Back to the state of a new host for another run of the same world: up,
 * no counts, and nothing bound (the transport layer has released its
 * endpoints first; listeners still bound are forgotten).  Keeps the name,
 * address, links and ops, and the tables' storage. */
void host_reset (Host *host);

void host_add_link (Host *host, Link *link);

/* Who handles what arrives (the transport layer). */
void host_set_ops (Host *host, const HostOps *ops, gpointer ctx);

/* A crashed host (down) drops whatever arrives and sends nothing. */
void host_set_down (Host *host, gboolean down);

/* The demultiplexing key of a connection at this host. */
static inline guint64
host_conn_key (guint16 lport, guint32 raddr, guint16 rport)
{
  return ((guint64) lport << 48) | ((guint64) raddr << 16) | rport;
}

/* key is read at the call (the table keeps a copy). */
void host_bind_conn (Host *host, const guint64 *key, gpointer endpoint);
void host_unbind_conn (Host *host, const guint64 *key);
/* Another endpoint for a bound key (the same connection, in a new form). */
void host_rebind_conn (Host *host, guint64 key, gpointer endpoint);
static inline gpointer
host_lookup_conn (Host *host, guint64 key)
{
  return host_conntab_lookup (&host->conns, key);
}
/* The endpoints bound now, in no particular order (free the list). */
GList *host_conn_endpoints (Host *host);
guint host_conn_count (const Host *host);

/* The first local port p of [lo, hi], taken in cyclic order from `from`
 * (lo <= from <= hi), such that no connection is bound to (p, raddr,
 * rport) and no listener to p: the search of RFC 6056 §3.3.4
 * (algorithm 4's sequential variant) for an ephemeral port.  FALSE when
 * every port of the range is taken.  O(1) amortized: a few table probes,
 * or for a remote whose ports are crowded a bitmap scanned a word (64
 * ports) at a time, so a host whose ports are exhausted fails each
 * connect() in at most (hi - lo) / 64 word tests. */
gboolean host_find_free_port (Host *host, guint32 raddr, guint16 rport, guint16 lo, guint16 hi,
                              guint16 from, guint16 *out);

void host_bind_listener (Host *host, guint16 port, gpointer endpoint);
void host_unbind_listener (Host *host, guint16 port);
gpointer host_lookup_listener (Host *host, guint16 port);

/* Sends seg on the link towards seg->daddr.  Returns FALSE when the host
 * has no route there (the segment is discarded). */
gboolean host_output (Host *host, const TcpSegment *seg);

/* Delivers a segment that arrived on a link (a LinkDeliverFn). */
void host_input (gpointer host, const TcpSegment *seg);

#endif
