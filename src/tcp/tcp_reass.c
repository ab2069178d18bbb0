/* The out-of-order queue (reassembly) of RFC 9293 §3.10.7.4 seventh:
 * "segments with higher beginning sequence numbers that are within the
 * window may be held for later processing"; every profile holds them
 * (Linux tcp_data_queue_ofo, FreeBSD tcp_reass, xnu, Windows; RFC 793
 * said the same).  Payload bytes are not simulated: only sequence ranges
 * are held.  The ranges lie inside the window, so their sequence space is
 * bounded by it; their number is bounded by one per full-sized segment
 * the window holds, plus one (FreeBSD tcp_reass: sb_hiwat / t_maxseg +
 * 1).  Beyond that the highest range goes, as Linux tcp_prune_ofo_queue()
 * prunes from the highest sequence: what lies nearest RCV.NXT is worth
 * the most.  The seventh and eighth steps (tcp_input.c) decide what is
 * held and when it is pulled. */
#include "tcp/tcp_priv.h"

#include <string.h>

void
tcp_ooo_clear (TcpConn *conn)
{
  g_clear_pointer (&conn->ooo, g_free);
  conn->ooo_len = conn->ooo_cap = 0;
  conn->ooo_fin = FALSE;
}

static guint
ooo_max (const TcpConn *conn)
{
  return conn->rcv_wnd / MAX (conn->mss, 1u) + 1;
}

/* Cuts every held range to end at or before seq (where a FIN is). */
static void
ooo_trim_to (TcpConn *conn, guint32 seq)
{
  guint n = 0;
  while (n < conn->ooo_len && seq_lt (conn->ooo[n].start, seq))
    {
      if (seq_gt (conn->ooo[n].end, seq))
        conn->ooo[n].end = seq;
      n++;
    }
  conn->ooo_len = n;
}

/* Holds [start, end), start beyond RCV.NXT, merged with every range it
 * overlaps or touches. */
static void
ooo_insert (TcpConn *conn, guint32 start, guint32 end)
{
  TcpSeqRange *r = conn->ooo;
  guint n = conn->ooo_len;
  guint i = 0;
  while (i < n && seq_lt (r[i].end, start))
    i++;
  guint j = i;
  while (j < n && seq_leq (r[j].start, end))
    {
      if (seq_lt (r[j].start, start))
        start = r[j].start;
      if (seq_gt (r[j].end, end))
        end = r[j].end;
      j++;
    }
  if (j > i)
    {
      /* r[i..j-1] become one range. */
      r[i] = (TcpSeqRange) { start, end };
      memmove (&r[i + 1], &r[j], (n - j) * sizeof *r);
      conn->ooo_len = n - (j - i - 1);
      return;
    }
  if (n == ooo_max (conn))
    {
      tcp_trace_note (conn, TRACE_NOTE_OOO_FULL, 0);
      if (i == n)
        return; /* the new range is the highest */
      n--;
    }
  if (n == conn->ooo_cap)
    {
      conn->ooo_cap = MIN (MAX (4u, 2 * conn->ooo_cap), ooo_max (conn));
      conn->ooo = r = g_renew (TcpSeqRange, conn->ooo, conn->ooo_cap);
    }
  memmove (&r[i + 1], &r[i], (n - i) * sizeof *r);
  r[i] = (TcpSeqRange) { start, end };
  conn->ooo_len = n + 1;
}

/* Holds what an out-of-order segment brings: [seq, seq + len) and a FIN
 * behind it, trimmed to the window's right edge; nothing of it beyond a
 * FIN already held (after a FIN there is no data: Linux tcp_fin purges
 * the queue; of two FINs the lower one wins). */
void
tcp_ooo_hold (TcpConn *conn, guint32 seq, guint32 len, gboolean fin)
{
  guint32 edge = conn->rcv_nxt + tcp_rcv_window (conn);
  guint32 end = seq + len;
  if (seq_gt (end, edge))
    {
      end = edge;
      fin = FALSE;
    }
  else if (fin && end == edge)
    fin = FALSE; /* the FIN's own sequence number is outside */
  if (fin && (!conn->ooo_fin || seq_lt (end, conn->ooo_fin_seq)))
    {
      conn->ooo_fin = TRUE;
      conn->ooo_fin_seq = end;
      ooo_trim_to (conn, end);
    }
  if (conn->ooo_fin && seq_gt (end, conn->ooo_fin_seq))
    end = conn->ooo_fin_seq;
  if (seq_lt (seq, end))
    ooo_insert (conn, seq, end);
}

/* After in-order data: RCV.NXT advances over every held range it now
 * reaches.  Returns whether the FIN held behind them is now in order. */
gboolean
tcp_ooo_pull (TcpConn *conn)
{
  guint k = 0;
  while (k < conn->ooo_len && seq_leq (conn->ooo[k].start, conn->rcv_nxt))
    {
      if (seq_gt (conn->ooo[k].end, conn->rcv_nxt))
        conn->rcv_nxt = conn->ooo[k].end;
      k++;
    }
  if (k > 0)
    {
      memmove (conn->ooo, conn->ooo + k, (conn->ooo_len - k) * sizeof *conn->ooo);
      conn->ooo_len -= k;
    }
  if (conn->ooo_fin && seq_lt (conn->ooo_fin_seq, conn->rcv_nxt))
    conn->ooo_fin = FALSE; /* data went past it: it was not the end */
  return conn->ooo_fin && conn->ooo_fin_seq == conn->rcv_nxt;
}
