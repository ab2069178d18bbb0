/* Connection ids (tcp.h): a counter shared by the stacks of one run.  The
 * passive end of a connection takes the id of the active open it answers,
 * which the SYN (or SYN cookie ACK) brings in its observation tag
 * (net/segment.h, SegTag): no table of 4-tuples is kept, so a finished
 * connection leaves nothing behind.  An id names a connection in traces
 * and lets a scenario find both ends; no protocol rule reads it. */
#include "tcp/tcp_priv.h"

struct TcpIds
{
  guint64 next;
};

TcpIds *
tcp_ids_new (void)
{
  TcpIds *ids = g_new0 (TcpIds, 1);
  ids->next = 1;
  return ids;
}

void
tcp_ids_free (TcpIds *ids)
{
  g_free (ids);
}

void
tcp_ids_reset (TcpIds *ids)
{
  ids->next = 1;
}

guint64
tcp_ids_next (const TcpIds *ids)
{
  return ids->next;
}

guint64
tcp_ids_active (TcpIds *ids)
{
  return ids->next++;
}

guint64
tcp_ids_passive (TcpIds *ids, const TcpSegment *seg)
{
  return seg->tag.conn != 0 ? seg->tag.conn : ids->next++;
}
