/* The per-connection summary sink (trace_sinks.h, docs/trace-format.md,
 * "The summary").  It watches the events of each connection id (both
 * ends share it) and writes one CSV row per connection at the end.
 *
 * RTT samples follow Karn's rule (RFC 6298 §3, Karn and Partridge 1987):
 * a segment that uses sequence space (data, SYN or FIN), sent for the
 * first time, gives one sample, from its send to the arrival at its
 * sender of the first segment whose ACK covers its last byte; a range
 * that is ever sent again gives none, since an ACK of it could answer
 * either copy. */
#include "trace/trace_sinks.h"

#include <string.h>

#include "trace/trace_words.h"

typedef struct
{
  guint32 start;    /* the segment's seq */
  guint32 end;      /* seq just past the segment */
  SimTime sent;
  gboolean valid;   /* FALSE once the range was sent again */
} Pending;

typedef struct
{
  char *host;       /* the sending end */
  GArray *pending;  /* Pending, in send order */
} Flight;

typedef struct
{
  guint64 id;
  char *client, *server;
  guint client_port, server_port;
  gboolean have_start;
  SimTime start;                /* connect call, else the first SYN */
  gboolean established;
  SimTime established_at;       /* the client's ESTABLISHED */
  gboolean closing;
  SimTime close_start;          /* the first close, shutdown or abort call, FIN or RST */
  SimTime last_outcome;
  guint outcomes;
  guint rto, fast, tlp, syn_retry, keepalive, window_probe;
  guint rtt_n;
  SimTime rtt_min, rtt_max, rtt_sum;
  char *client_state, *server_state;
  char *error;                  /* the first error named on either end */
  Flight flights[2];            /* [0] the client's sends, [1] the server's */
} Conn;

struct TraceSummary
{
  GHashTable *conns; /* id -> Conn */
};

static void
conn_free (gpointer p)
{
  Conn *c = p;
  g_free (c->client);
  g_free (c->server);
  g_free (c->client_state);
  g_free (c->server_state);
  g_free (c->error);
  for (int i = 0; i < 2; i++)
    {
      g_free (c->flights[i].host);
      if (c->flights[i].pending)
        g_array_free (c->flights[i].pending, TRUE);
    }
  g_free (c);
}

TraceSummary *
trace_summary_new (void)
{
  TraceSummary *s = g_new0 (TraceSummary, 1);
  s->conns = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, conn_free);
  return s;
}

void
trace_summary_free (TraceSummary *s)
{
  if (s == NULL)
    return;
  g_hash_table_destroy (s->conns);
  g_free (s);
}

static Conn *
conn_get (TraceSummary *s, guint64 id)
{
  Conn *c = g_hash_table_lookup (s->conns, &id);
  if (c == NULL)
    {
      c = g_new0 (Conn, 1);
      c->id = id;
      g_hash_table_insert (s->conns, &c->id, c);
    }
  return c;
}

/* The flight of host's sends (created on first use; a third host, which
 * a connection never has, gets none). */
static Flight *
flight_of (Conn *c, const char *host)
{
  for (int i = 0; i < 2; i++)
    {
      if (c->flights[i].host == NULL)
        {
          c->flights[i].host = g_strdup (host);
          c->flights[i].pending = g_array_new (FALSE, FALSE, sizeof (Pending));
        }
      if (strcmp (c->flights[i].host, host) == 0)
        return &c->flights[i];
    }
  return NULL;
}

static gboolean
is_client (const Conn *c, const char *host)
{
  return c->client != NULL && strcmp (c->client, host) == 0;
}

static void
on_send (Conn *c, const TraceEvent *ev)
{
  const TcpSegment *seg = ev->seg;
  if ((seg->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == TCP_FLAG_SYN
      && (c->client == NULL || (is_client (c, ev->host) && c->server == NULL)))
    {
      /* The first SYN names both ends (a connect call named the client
       * only). */
      g_free (c->client);
      c->client = g_strdup (ev->host);
      c->server = g_strdup (ev->peer ? ev->peer : "");
      c->client_port = seg->sport;
      c->server_port = seg->dport;
    }
  if ((seg->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == TCP_FLAG_SYN && !c->have_start)
    {
      c->have_start = TRUE;
      c->start = ev->time;
    }
  /* A FIN, or a reset of our own (abort, keepalive give-up), starts the
   * close; a reset answering a stray segment (a refusal) does not. */
  if (((seg->flags & TCP_FLAG_FIN) || ((seg->flags & TCP_FLAG_RST) && seg->tag.why == TRACE_WHY_RESET))
      && !c->closing)
    {
      c->closing = TRUE;
      c->close_start = ev->time;
    }
  switch (seg->tag.why)
    {
    case TRACE_WHY_RTO: c->rto++; break;
    case TRACE_WHY_FAST_REXMIT: c->fast++; break;
    case TRACE_WHY_TLP: c->tlp++; break;
    case TRACE_WHY_SYN_RETRY: c->syn_retry++; break;
    case TRACE_WHY_KEEPALIVE: c->keepalive++; break;
    case TRACE_WHY_WINDOW_PROBE: c->window_probe++; break;
    default: break;
    }
  guint32 len = tcp_segment_seqlen (seg);
  Flight *f = flight_of (c, ev->host);
  if (len == 0 || f == NULL)
    return;
  guint32 end = seg->seq + len;
  gboolean again = trace_segment_is_retransmission (seg);
  for (guint i = 0; i < f->pending->len; i++)
    {
      Pending *p = &g_array_index (f->pending, Pending, i);
      /* Karn: a range this send covers again gives no sample. */
      if (seq_gt (p->end, seg->seq) && seq_lt (p->start, end))
        {
          p->valid = FALSE;
          again = TRUE;
        }
    }
  if (!again)
    {
      Pending p = { .start = seg->seq, .end = end, .sent = ev->time, .valid = TRUE };
      g_array_append_val (f->pending, p);
    }
}

static void
on_recv (Conn *c, const TraceEvent *ev)
{
  const TcpSegment *seg = ev->seg;
  if (!(seg->flags & TCP_FLAG_ACK))
    return;
  Flight *f = flight_of (c, ev->host);
  if (f == NULL)
    return;
  guint done = 0;
  while (done < f->pending->len)
    {
      Pending *p = &g_array_index (f->pending, Pending, done);
      if (!seq_leq (p->end, seg->ack))
        break;
      if (p->valid)
        {
          SimTime rtt = ev->time - p->sent;
          if (c->rtt_n == 0 || rtt < c->rtt_min)
            c->rtt_min = rtt;
          if (c->rtt_n == 0 || rtt > c->rtt_max)
            c->rtt_max = rtt;
          c->rtt_sum += rtt;
          c->rtt_n++;
        }
      done++;
    }
  g_array_remove_range (f->pending, 0, done);
}

void
trace_summary_event (gpointer sink, const TraceEvent *ev)
{
  TraceSummary *s = sink;
  if (ev->conn == 0)
    return;
  Conn *c = conn_get (s, ev->conn);
  switch (ev->kind)
    {
    case TRACE_SEND:
      on_send (c, ev);
      break;
    case TRACE_RECV:
      on_recv (c, ev);
      break;
    case TRACE_CALL:
      if (ev->call == TRACE_CALL_CONNECT && ev->label == NULL && !c->have_start)
        {
          c->have_start = TRUE;
          c->start = ev->time;
        }
      if ((ev->call == TRACE_CALL_CLOSE || ev->call == TRACE_CALL_SHUTDOWN
           || ev->call == TRACE_CALL_ABORT) && !c->closing)
        {
          c->closing = TRUE;
          c->close_start = ev->time;
        }
      if (ev->call == TRACE_CALL_CONNECT && ev->label == NULL && c->client == NULL)
        {
          /* The client, before its SYN names the server. */
          c->client = g_strdup (ev->host);
          c->client_port = ev->lport;
          c->server_port = ev->port;
        }
      break;
    case TRACE_STATE:
      if (ev->name == NULL)
        break;
      if (c->client == NULL || is_client (c, ev->host))
        {
          if (c->client == NULL)
            c->client = g_strdup (ev->host);
          g_free (c->client_state);
          c->client_state = g_strdup (ev->name);
          if (!c->established && strcmp (ev->name, "ESTABLISHED") == 0)
            {
              c->established = TRUE;
              c->established_at = ev->time;
            }
        }
      else
        {
          if (c->server == NULL || c->server[0] == '\0')
            {
              g_free (c->server);
              c->server = g_strdup (ev->host);
            }
          g_free (c->server_state);
          c->server_state = g_strdup (ev->name);
        }
      break;
    case TRACE_ERROR:
      if (c->error == NULL && ev->name != NULL)
        c->error = g_strdup (ev->name);
      break;
    case TRACE_OUTCOME:
      c->outcomes++;
      c->last_outcome = ev->time;
      if (c->error == NULL && ev->name != NULL && strcmp (ev->name, "OK") != 0)
        c->error = g_strdup (ev->name);
      break;
    default:
      break;
    }
}

/* A CSV field (RFC 4180): quoted when it holds a comma, quote or line
 * break. */
static void
put_field (FILE *out, const char *v)
{
  if (v == NULL)
    return;
  if (strpbrk (v, ",\"\r\n") == NULL)
    {
      fputs (v, out);
      return;
    }
  fputc ('"', out);
  for (const char *p = v; *p; p++)
    {
      if (*p == '"')
        fputc ('"', out);
      fputc (*p, out);
    }
  fputc ('"', out);
}

static void
put_time (FILE *out, gboolean have, SimTime t)
{
  char buf[40];
  fputc (',', out);
  if (!have)
    return;
  sim_time_format_s9 (t, buf, sizeof buf);
  fputs (buf, out);
}

static gint
by_id (gconstpointer a, gconstpointer b)
{
  guint64 x = (*(Conn *const *) a)->id, y = (*(Conn *const *) b)->id;
  return x < y ? -1 : x > y;
}

const char trace_summary_header[] =
  "conn,client,client_port,server,server_port,start,handshake,close,rto,fast_rexmit,tlp,"
  "syn_retry,keepalive_probes,window_probes,rtt_samples,rtt_min,rtt_mean,rtt_max,client_state,"
  "server_state,outcome,error";

void
trace_summary_write (TraceSummary *s, FILE *out)
{
  fprintf (out, "%s\n", trace_summary_header);
  GPtrArray *all = g_ptr_array_new ();
  GHashTableIter it;
  gpointer value;
  g_hash_table_iter_init (&it, s->conns);
  while (g_hash_table_iter_next (&it, NULL, &value))
    g_ptr_array_add (all, value);
  g_ptr_array_sort (all, by_id);
  for (guint i = 0; i < all->len; i++)
    {
      const Conn *c = all->pdata[i];
      fprintf (out, "%" G_GUINT64_FORMAT ",", c->id);
      put_field (out, c->client);
      fputc (',', out);
      if (c->client_port)
        fprintf (out, "%u", c->client_port);
      fputc (',', out);
      put_field (out, c->server);
      fputc (',', out);
      if (c->server_port)
        fprintf (out, "%u", c->server_port);
      put_time (out, c->have_start, c->start);
      put_time (out, c->have_start && c->established, c->established_at - c->start);
      /* Closed: from the first close to the last end's outcome, when both
       * ends (or the only one) are done. */
      guint ends = (c->client_state != NULL) + (c->server_state != NULL);
      gboolean closed = c->closing && c->outcomes >= MAX (ends, 1u) && c->last_outcome >= c->close_start;
      put_time (out, closed, c->last_outcome - c->close_start);
      fprintf (out, ",%u,%u,%u,%u,%u,%u,%u", c->rto, c->fast, c->tlp, c->syn_retry, c->keepalive,
               c->window_probe, c->rtt_n);
      put_time (out, c->rtt_n > 0, c->rtt_min);
      put_time (out, c->rtt_n > 0, c->rtt_n ? c->rtt_sum / c->rtt_n : 0);
      put_time (out, c->rtt_n > 0, c->rtt_max);
      fputc (',', out);
      put_field (out, c->client_state);
      fputc (',', out);
      put_field (out, c->server_state);
      fputc (',', out);
      /* ok: every end closed without an error; failed: an error was
       * named; open: the run ended first. */
      const char *outcome = c->error != NULL ? "failed"
                            : c->outcomes >= MAX (ends, 1u) ? "ok" : "open";
      fputs (outcome, out);
      fputc (',', out);
      put_field (out, c->error);
      fputc ('\n', out);
    }
  g_ptr_array_free (all, TRUE);
}
