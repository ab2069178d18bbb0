/* The sequence plot's data (trace_charts.h, plots/seqplot.gp), as
 * tcptrace draws it: one direction of one connection seen from its data
 * sender.  Sequence and acknowledgement numbers are relative to the
 * sender's initial sequence number (the seq of its SYN; its first segment
 * seen if no SYN was), so data starts at 1 as in Wireshark.
 *
 *   a segment sent      a vertical bar from seq to seq + length (SYN and
 *                       FIN count one), at its send time; a
 *                       retransmission in its own colour;
 *   a lost segment      a cross on its bar (the link dropped it);
 *   the ACK line        the acknowledgement of every ACK that arrives at
 *                       the sender, as a step line;
 *   the window line     ack + the advertised window (scaled by the
 *                       receiver's window scale when both SYNs carried
 *                       one, RFC 7323 §2.2; a SYN's window is never
 *                       scaled), a step line above it.
 *
 * The connection: the one asked for, else the first whose segment carries
 * data; its direction: the first of its hosts to send data. */
#include "trace/trace_charts.h"

#include <stdio.h>
#include <string.h>

#include "sim/simtime.h"
#include "trace/trace_gnuplot.h"
#include "trace/trace_words.h"

/* What the sink knows of every connection end before it chooses. */
typedef struct
{
  guint32 isn;
  gboolean has_isn;
  guint8 wscale;
  gboolean syn_wscale; /* its SYN offered a window scale */
} End;

struct TraceSeqplot
{
  char *title;
  guint64 want;        /* asked for, 0: the first with data */
  guint64 conn;        /* chosen, 0: not yet */
  char *sender, *receiver;
  GHashTable *ends;    /* "host\tconn" -> End */
  GString *data, *rexmit, *lost, *acks;
  guint ndata, nrexmit, nlost, nacks;
  double tmin, tmax, smax; /* the extent of what was recorded (window edges aside) */
  double wmax;             /* the highest window edge */
  gboolean pending;    /* the last segment sent may yet be dropped */
  double pend_t, pend_from, pend_to;
};

const char *const trace_seqplot_files[] = { "data.dat", "rexmit.dat", "lost.dat", "acks.dat",
                                            "params.gp", NULL };

TraceSeqplot *
trace_seqplot_new (const char *title, guint64 conn)
{
  TraceSeqplot *p = g_new0 (TraceSeqplot, 1);
  p->title = g_strdup (title ? title : "");
  p->want = conn;
  p->ends = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  p->data = g_string_new ("# time_s seq_from seq_to (new data)\n");
  p->rexmit = g_string_new ("# time_s seq_from seq_to (sent again)\n");
  p->lost = g_string_new ("# time_s seq_from seq_to (lost by the link)\n");
  p->acks = g_string_new ("# time_s ack window_edge (arriving at the sender)\n");
  return p;
}

void
trace_seqplot_free (TraceSeqplot *p)
{
  if (p == NULL)
    return;
  g_free (p->title);
  g_free (p->sender);
  g_free (p->receiver);
  g_hash_table_destroy (p->ends);
  g_string_free (p->data, TRUE);
  g_string_free (p->rexmit, TRUE);
  g_string_free (p->lost, TRUE);
  g_string_free (p->acks, TRUE);
  g_free (p);
}

guint64
trace_seqplot_conn (const TraceSeqplot *p)
{
  return p->conn;
}

const char *
trace_seqplot_sender (const TraceSeqplot *p)
{
  return p->sender;
}

static End *
end_of (TraceSeqplot *p, const char *host, guint64 conn)
{
  char key[160];
  g_snprintf (key, sizeof key, "%s\t%" G_GUINT64_FORMAT, host ? host : "", conn);
  End *e = g_hash_table_lookup (p->ends, key);
  if (e == NULL)
    {
      e = g_new0 (End, 1);
      g_hash_table_insert (p->ends, g_strdup (key), e);
    }
  return e;
}

static gboolean
resent (const TcpSegment *seg)
{
  switch ((TraceWhy) seg->tag.why)
    {
    case TRACE_WHY_SYN_RETRY:
    case TRACE_WHY_RTO:
    case TRACE_WHY_FAST_REXMIT:
      return TRUE;
    case TRACE_WHY_TLP:
    case TRACE_WHY_DATA:
      return trace_segment_is_retransmission (seg);
    default:
      return FALSE;
    }
}

static void
extend (TraceSeqplot *p, double t, double s)
{
  if (p->ndata + p->nrexmit + p->nacks == 0 || t < p->tmin)
    p->tmin = t;
  p->tmax = MAX (p->tmax, t);
  p->smax = MAX (p->smax, s);
}

static void
flush (TraceSeqplot *p, gboolean lost)
{
  if (!p->pending)
    return;
  p->pending = FALSE;
  if (lost)
    {
      g_string_append_printf (p->lost, "%.9f %.0f %.0f\n", p->pend_t, p->pend_from, p->pend_to);
      p->nlost++;
    }
}

void
trace_seqplot_event (gpointer sink, const TraceEvent *ev)
{
  TraceSeqplot *p = sink;
  if (ev->kind == TRACE_DROP)
    {
      /* A link drops right after the send (net/link.h). */
      flush (p, p->conn != 0 && ev->conn == p->conn && g_strcmp0 (ev->host, p->sender) == 0);
      return;
    }
  flush (p, FALSE);
  if (ev->seg == NULL || ev->conn == 0 || (p->conn != 0 && ev->conn != p->conn))
    return;
  const TcpSegment *seg = ev->seg;
  if (ev->kind == TRACE_SEND)
    {
      End *e = end_of (p, ev->host, ev->conn);
      if ((seg->flags & TCP_FLAG_SYN) && !e->has_isn)
        {
          e->isn = seg->seq;
          e->has_isn = TRUE;
          e->syn_wscale = (seg->opts & TCP_OPT_WSCALE) != 0;
          e->wscale = seg->wscale;
        }
      if (p->conn == 0 && seg->len > 0 && (p->want == 0 || p->want == ev->conn))
        {
          p->conn = ev->conn;
          p->sender = g_strdup (ev->host);
          p->receiver = g_strdup (ev->peer);
        }
      if (p->conn == 0 || g_strcmp0 (ev->host, p->sender) != 0)
        return;
      if (!e->has_isn)
        {
          e->isn = seg->seq - 1;
          e->has_isn = TRUE;
        }
      guint32 n = tcp_segment_seqlen (seg);
      if (n == 0)
        return; /* a pure ACK of the sender's: no sequence space */
      double from = (double) (guint32) (seg->seq - e->isn);
      double t = sim_time_to_s (ev->time);
      extend (p, t, from + n);
      GString *to = resent (seg) ? p->rexmit : p->data;
      g_string_append_printf (to, "%.9f %.0f %.0f\n", t, from, from + n);
      if (to == p->rexmit)
        p->nrexmit++;
      else
        p->ndata++;
      p->pending = TRUE;
      p->pend_t = t;
      p->pend_from = from;
      p->pend_to = from + n;
    }
  else if (ev->kind == TRACE_RECV && p->conn != 0 && g_strcmp0 (ev->host, p->sender) == 0
           && (seg->flags & TCP_FLAG_ACK))
    {
      End *mine = end_of (p, p->sender, p->conn);
      End *theirs = end_of (p, p->receiver, p->conn);
      if (!mine->has_isn)
        return;
      guint shift = (!(seg->flags & TCP_FLAG_SYN) && mine->syn_wscale && theirs->syn_wscale)
                      ? MIN (theirs->wscale, 14)
                      : 0;
      double ack = (double) (guint32) (seg->ack - mine->isn);
      double edge = ack + (double) ((guint64) seg->win << shift);
      extend (p, sim_time_to_s (ev->time), ack);
      p->wmax = MAX (p->wmax, edge);
      g_string_append_printf (p->acks, "%.9f %.0f %.0f\n", sim_time_to_s (ev->time), ack,
                              edge);
      p->nacks++;
    }
}

gboolean
trace_seqplot_write (const TraceSeqplot *p, const char *dir, GError **error)
{
  char *t = trace_gp_quote (p->title);
  char *who = p->conn != 0 ? g_strdup_printf ("connection %" G_GUINT64_FORMAT ": %s -> %s", p->conn,
                                              p->sender, p->receiver ? p->receiver : "?")
              : p->want != 0 ? g_strdup_printf ("connection %" G_GUINT64_FORMAT " sent no data", p->want)
                             : g_strdup ("no connection sent data");
  char *w = trace_gp_quote (who);
  GString *params = g_string_new ("");
  g_string_append_printf (params, "TITLE = %s\nSUBTITLE = %s\nNDATA = %u\nNREXMIT = %u\nNLOST = %u\n"
                          "NACKS = %u\nTMIN = %.9f\nTMAX = %.9f\nSMAX = %.0f\nWMAX = %.0f\n", t, w, p->ndata,
                          p->nrexmit, p->nlost, p->nacks, p->tmin, p->tmax, p->smax, p->wmax);
  g_free (t);
  g_free (w);
  g_free (who);
  const GString *bodies[] = { p->data, p->rexmit, p->lost, p->acks, params };
  gboolean ok = TRUE;
  for (guint i = 0; ok && trace_seqplot_files[i] != NULL; i++)
    {
      char *path = g_build_filename (dir, trace_seqplot_files[i], NULL);
      ok = g_file_set_contents (path, bodies[i]->str, (gssize) bodies[i]->len, error);
      g_free (path);
    }
  g_string_free (params, TRUE);
  return ok;
}
