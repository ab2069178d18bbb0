/* Per-connection measures from typed trace events.  The two ends of a
 * connection share its id (tcp_ids.c), so one table keyed by id follows
 * both; the client is the end whose host made the connect call.  Ids of a
 * run count up from 1, so the table is an array indexed by id (a hash
 * table here cost a tenth of a sweep's time). */
#include "study/study_measure.h"

#include <string.h>

#include "tcp/tcp.h"

typedef struct
{
  StudyRecord rec;
  guint64 id;
  const char *client;   /* the client's host name */
  SimTime connect_at, syn_at, close_at;
  SimTime syn_seen;     /* the latest SYN to arrive at the server */
  int err_client, err_server;
  gboolean established;
} Conn;

struct StudyMeasureSink
{
  GArray *by_id;      /* guint32 by connection id: index + 1 in conns, 0 none */
  GArray *conns;      /* Conn */
  GArray *out;        /* StudyRecord */
};

StudyMeasureSink *
study_measure_new (void)
{
  StudyMeasureSink *m = g_new0 (StudyMeasureSink, 1);
  m->by_id = g_array_new (FALSE, TRUE, sizeof (guint32));
  m->conns = g_array_new (FALSE, FALSE, sizeof (Conn));
  m->out = g_array_new (FALSE, FALSE, sizeof (StudyRecord));
  return m;
}

void
study_measure_free (StudyMeasureSink *m)
{
  if (m == NULL)
    return;
  g_array_free (m->by_id, TRUE);
  g_array_free (m->conns, TRUE);
  g_array_free (m->out, TRUE);
  g_free (m);
}

void
study_measure_reset (StudyMeasureSink *m)
{
  /* Only the ids in use are non-zero: clear those. */
  for (guint i = 0; i < m->conns->len; i++)
    g_array_index (m->by_id, guint32, g_array_index (m->conns, Conn, i).id) = 0;
  g_array_set_size (m->conns, 0);
}

static Conn *
conn_of (StudyMeasureSink *m, guint64 id)
{
  if (id == 0 || id >= m->by_id->len)
    return NULL;
  guint32 idx = g_array_index (m->by_id, guint32, id);
  return idx == 0 ? NULL : &g_array_index (m->conns, Conn, idx - 1);
}

static void
on_connect (StudyMeasureSink *m, const TraceEvent *ev)
{
  /* A failed call has no connection; a second connect of one id (a
   * simultaneous open's other end) keeps the first client. */
  if (ev->conn == 0 || ev->error != 0 || conn_of (m, ev->conn) != NULL)
    return;
  if (ev->conn >= G_MAXUINT32)
    return; /* beyond what a run can open; not measured */
  Conn c = { .id = ev->conn, .client = ev->host, .connect_at = ev->time, .syn_at = STUDY_NONE,
             .syn_seen = STUDY_NONE,
             .close_at = STUDY_NONE };
  c.rec.conn = m->conns->len;
  c.rec.hs_client = c.rec.hs_server = c.rec.close_client = c.rec.close_server = STUDY_NONE;
  g_array_append_val (m->conns, c);
  if (ev->conn >= m->by_id->len)
    g_array_set_size (m->by_id, MAX ((guint) ev->conn + 1, m->by_id->len * 2));
  g_array_index (m->by_id, guint32, ev->conn) = m->conns->len;
}

static gboolean
is_client (const Conn *c, const TraceEvent *ev)
{
  return strcmp (ev->host, c->client) == 0;
}

static void
on_state (Conn *c, const TraceEvent *ev)
{
  gboolean client = is_client (c, ev);
  switch (ev->state)
    {
    case TCP_STATE_ESTABLISHED:
      if (client && c->rec.hs_client == STUDY_NONE)
        {
          c->rec.hs_client = ev->time - c->connect_at;
          c->established = TRUE;
        }
      else if (!client && c->rec.hs_server == STUDY_NONE)
        {
          /* The SYN that made the server's end drew its first SYN-ACK at
           * once; without one for this connection (a SYN cookie's has no
           * connection), the latest SYN to arrive. */
          SimTime start = c->syn_at != STUDY_NONE ? c->syn_at : c->syn_seen;
          if (start != STUDY_NONE)
            c->rec.hs_server = ev->time - start;
        }
      break;
    case TCP_STATE_TIME_WAIT:
    case TCP_STATE_CLOSED:
      if (c->close_at == STUDY_NONE)
        break;
      if (client && c->rec.close_client == STUDY_NONE)
        c->rec.close_client = ev->time - c->close_at;
      else if (!client && c->rec.close_server == STUDY_NONE)
        c->rec.close_server = ev->time - c->close_at;
      break;
    default:
      break;
    }
}

/* Which retransmission a sent segment is, or -1 for none (trace.h's
 * TraceWhy; the kinds of study_record.h). */
static int
rtx_kind (const TcpSegment *seg)
{
  gboolean fin = (seg->flags & TCP_FLAG_FIN) != 0;
  switch (seg->tag.why)
    {
    case TRACE_WHY_SYN_RETRY:
      return (seg->flags & TCP_FLAG_ACK) ? STUDY_RTX_SYNACK : STUDY_RTX_SYN;
    case TRACE_WHY_RTO:
    case TRACE_WHY_FAST_REXMIT:
    case TRACE_WHY_TLP:
      return fin ? STUDY_RTX_FIN : STUDY_RTX_DATA;
    case TRACE_WHY_KEEPALIVE:
    case TRACE_WHY_WINDOW_PROBE:
      return STUDY_RTX_PROBE;
    default:
      return -1;
    }
}

void
study_measure_event (gpointer ctx, const TraceEvent *ev)
{
  StudyMeasureSink *m = ctx;
  if (ev->kind == TRACE_CALL && ev->call == TRACE_CALL_CONNECT)
    {
      on_connect (m, ev);
      return;
    }
  Conn *c = conn_of (m, ev->conn);
  if (c == NULL)
    return;
  switch (ev->kind)
    {
    case TRACE_SEND:
      {
        int k = rtx_kind (ev->seg);
        if (k >= 0)
          c->rec.rtx[k]++;
        /* The server's first SYN-ACK leaves when the SYN that made its end
         * arrives: that SYN, not one a full queue dropped before. */
        if (c->syn_at == STUDY_NONE && ev->seg->tag.why == TRACE_WHY_SYN
            && (ev->seg->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == (TCP_FLAG_SYN | TCP_FLAG_ACK)
            && !is_client (c, ev))
          c->syn_at = ev->time;
      }
      break;
    case TRACE_RECV:
      if ((ev->seg->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == TCP_FLAG_SYN && !is_client (c, ev))
        c->syn_seen = ev->time;
      break;
    case TRACE_STATE:
      on_state (c, ev);
      break;
    case TRACE_CALL:
      if ((ev->call == TRACE_CALL_CLOSE || ev->call == TRACE_CALL_SHUTDOWN) && ev->error == 0
          && c->close_at == STUDY_NONE)
        c->close_at = ev->time;
      break;
    case TRACE_ERROR:
      if (is_client (c, ev))
        c->err_client = c->err_client ? c->err_client : ev->error;
      else
        c->err_server = c->err_server ? c->err_server : ev->error;
      break;
    default:
      break;
    }
}

const StudyRecord *
study_measure_records (StudyMeasureSink *m, guint *n)
{
  g_array_set_size (m->out, m->conns->len);
  for (guint i = 0; i < m->conns->len; i++)
    {
      const Conn *c = &g_array_index (m->conns, Conn, i);
      StudyRecord *r = &g_array_index (m->out, StudyRecord, i);
      *r = c->rec;
      if (c->err_client)
        r->outcome = c->err_client;
      else if (c->err_server)
        r->outcome = c->err_server;
      else
        r->outcome = c->established ? STUDY_OUTCOME_COMPLETED : STUDY_OUTCOME_INCOMPLETE;
    }
  *n = m->out->len;
  return (const StudyRecord *) m->out->data;
}
