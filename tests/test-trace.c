/* Trace sinks: the TSV schema and exact rows, the text log's lines, the
 * pcap dissected by tshark and compared with the TSV, and the timeline
 * data (lost segments, compressed gaps). */
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "scenario/scenario.h"
#include "scenario/scn_world.h"
#include "trace/trace_gnuplot.h"
#include "trace/trace_sinks.h"
#include "trace/trace_tsv_read.h"
#include "trace/trace_words.h"

/* The lifecycle of handshake.scn with fixed ISNs and nominal timers
 * (timers exact), so rows are exact. */
static const char *const lifecycle =
  "profile linux\n"
  "host client 10.0.0.1 isn 1000 timers exact\n"
  "host server 10.0.0.2 isn 5000 timers exact\n"
  "link client <-> server delay 50ms\n"
  "fault client -> server drop FIN #1\n"
  "at 0s server listen 80\n"
  "at 0s client connect server:80 as c\n"
  "on c established client send c 100\n"
  "on c received 100 server send c 1000\n"
  "at 1s client close c\n"
  "on c eof server close c\n"
  "run until 2s\n";

typedef struct
{
  Scenario *scn;
  World *world;
} Run;

static void
run_start (Run *r, const char *text)
{
  GError *err = NULL;
  r->scn = scn_parse_string ("t.scn", text, NULL, 0, &err);
  g_assert_no_error (err);
  r->world = world_new (r->scn, FALSE, 0, &err);
  g_assert_no_error (err);
}

static void
run_finish (Run *r)
{
  world_free (r->world);
  scn_free (r->scn);
}

static char *
run_to_memory (const char *text, gboolean tsv)
{
  Run r;
  run_start (&r, text);
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream (&buf, &len);
  TraceTsv *t = NULL;
  TraceText *x = NULL;
  if (tsv)
    {
      t = trace_tsv_new (mem);
      trace_bus_subscribe (&r.world->bus, trace_tsv_event, t);
    }
  else
    {
      x = trace_text_new (mem);
      trace_bus_subscribe (&r.world->bus, trace_text_event, x);
    }
  world_run (r.world, NULL);
  fclose (mem);
  trace_tsv_free (t);
  trace_text_free (x);
  run_finish (&r);
  return buf;
}

/* The whole TSV of the lifecycle, row for row: the twenty columns
 * (docs/trace-format.md), segments with their why, options, relative
 * numbers and retransmission mark; timers armed (with their deadline) and
 * cancelled; the lost FIN's drop and its tail loss probe; the outcome. */
static const char lifecycle_tsv[] =
    "time\tevent\thost\tconn\tsrc\tsport\tdst\tdport\tflags\tseq\tack\tlen\tdetail\twin\tpeer\twhy\topts\trseq\track\trexmit\n"
    "0.000000000\tcall\tserver\t\t\t\t\t\t\t\t\t\tlisten 80\t\t\t\t\t\t\t\n"
    "0.000000000\tcall\tclient\t1\t\t\t\t\t\t\t\t\tconnect 10.0.0.2:80 from port 56682\t\t\t\t\t\t\t\n"
    "0.000000000\tstate\tclient\t1\t\t\t\t\t\t\t\t\tSYN-SENT\t\t\t\t\t\t\t\n"
    "0.000000000\tsend\tclient\t1\t10.0.0.1\t56682\t10.0.0.2\t80\tS\t1000\t0\t0\t\t64240\tserver\tsyn\tmss=1460,sackok,ts=145972072/0,ws=10\t0\t\t0\n"
    "0.000000000\tarm\tclient\t1\t\t\t\t\t\t\t\t\trexmit until 1.000000000\t\t\t\t\t\t\t\n"
    "0.050000000\trecv\tserver\t1\t10.0.0.1\t56682\t10.0.0.2\t80\tS\t1000\t0\t0\t\t64240\tclient\tsyn\tmss=1460,sackok,ts=145972072/0,ws=10\t0\t\t0\n"
    "0.050000000\tstate\tserver\t1\t\t\t\t\t\t\t\t\tSYN-RECEIVED\t\t\t\t\t\t\t\n"
    "0.050000000\tsend\tserver\t1\t10.0.0.2\t80\t10.0.0.1\t56682\tSA\t5000\t1001\t0\t\t65160\tclient\tsyn\tmss=1460,sackok,ts=1443885680/145972072,ws=10\t0\t1\t0\n"
    "0.050000000\tarm\tserver\t1\t\t\t\t\t\t\t\t\trexmit until 1.050000000\t\t\t\t\t\t\t\n"
    "0.100000000\trecv\tclient\t1\t10.0.0.2\t80\t10.0.0.1\t56682\tSA\t5000\t1001\t0\t\t65160\tserver\tsyn\tmss=1460,sackok,ts=1443885680/145972072,ws=10\t0\t1\t0\n"
    "0.100000000\tcancel\tclient\t1\t\t\t\t\t\t\t\t\trexmit\t\t\t\t\t\t\t\n"
    "0.100000000\tstate\tclient\t1\t\t\t\t\t\t\t\t\tESTABLISHED\t\t\t\t\t\t\t\n"
    "0.100000000\tsend\tclient\t1\t10.0.0.1\t56682\t10.0.0.2\t80\tA\t1001\t5001\t0\t\t63\tserver\tack\tts=145972172/1443885680\t1\t1\t0\n"
    "0.100000000\tcall\tclient\t1\t\t\t\t\t\t\t\t\tsend 100\t\t\t\t\t\t\t\n"
    "0.100000000\tsend\tclient\t1\t10.0.0.1\t56682\t10.0.0.2\t80\tPA\t1001\t5001\t100\t\t63\tserver\tnew\tts=145972172/1443885680\t1\t1\t0\n"
    "0.100000000\tarm\tclient\t1\t\t\t\t\t\t\t\t\trexmit until 0.400000000\t\t\t\t\t\t\t\n"
    "0.100000000\tarm\tclient\t1\t\t\t\t\t\t\t\t\ttlp until 0.400000000\t\t\t\t\t\t\t\n"
    "0.150000000\trecv\tserver\t1\t10.0.0.1\t56682\t10.0.0.2\t80\tA\t1001\t5001\t0\t\t63\tclient\tack\tts=145972172/1443885680\t1\t1\t0\n"
    "0.150000000\tcancel\tserver\t1\t\t\t\t\t\t\t\t\trexmit\t\t\t\t\t\t\t\n"
    "0.150000000\tstate\tserver\t1\t\t\t\t\t\t\t\t\tESTABLISHED\t\t\t\t\t\t\t\n"
    "0.150000000\trecv\tserver\t1\t10.0.0.1\t56682\t10.0.0.2\t80\tPA\t1001\t5001\t100\t\t63\tclient\tnew\tts=145972172/1443885680\t1\t1\t0\n"
    "0.150000000\tsend\tserver\t1\t10.0.0.2\t80\t10.0.0.1\t56682\tA\t5001\t1101\t0\t\t64\tclient\tack\tts=1443885780/145972172\t1\t101\t0\n"
    "0.150000000\tcall\tserver\t1\t\t\t\t\t\t\t\t\tsend 1000\t\t\t\t\t\t\t\n"
    "0.150000000\tsend\tserver\t1\t10.0.0.2\t80\t10.0.0.1\t56682\tPA\t5001\t1101\t1000\t\t64\tclient\tnew\tts=1443885780/145972172\t1\t101\t0\n"
    "0.150000000\tarm\tserver\t1\t\t\t\t\t\t\t\t\trexmit until 0.450000000\t\t\t\t\t\t\t\n"
    "0.150000000\tarm\tserver\t1\t\t\t\t\t\t\t\t\ttlp until 0.450000000\t\t\t\t\t\t\t\n"
    "0.200000000\trecv\tclient\t1\t10.0.0.2\t80\t10.0.0.1\t56682\tA\t5001\t1101\t0\t\t64\tserver\tack\tts=1443885780/145972172\t1\t101\t0\n"
    "0.200000000\tcancel\tclient\t1\t\t\t\t\t\t\t\t\ttlp\t\t\t\t\t\t\t\n"
    "0.200000000\trecv\tclient\t1\t10.0.0.2\t80\t10.0.0.1\t56682\tPA\t5001\t1101\t1000\t\t64\tserver\tnew\tts=1443885780/145972172\t1\t101\t0\n"
    "0.200000000\tsend\tclient\t1\t10.0.0.1\t56682\t10.0.0.2\t80\tA\t1101\t6001\t0\t\t63\tserver\tack\tts=145972272/1443885780\t101\t1001\t0\n"
    "0.250000000\trecv\tserver\t1\t10.0.0.1\t56682\t10.0.0.2\t80\tA\t1101\t6001\t0\t\t63\tclient\tack\tts=145972272/1443885780\t101\t1001\t0\n"
    "0.250000000\tcancel\tserver\t1\t\t\t\t\t\t\t\t\ttlp\t\t\t\t\t\t\t\n"
    "1.000000000\tcall\tclient\t1\t\t\t\t\t\t\t\t\tclose\t\t\t\t\t\t\t\n"
    "1.000000000\tstate\tclient\t1\t\t\t\t\t\t\t\t\tFIN-WAIT-1\t\t\t\t\t\t\t\n"
    "1.000000000\tsend\tclient\t1\t10.0.0.1\t56682\t10.0.0.2\t80\tFA\t1101\t6001\t0\t\t63\tserver\tnew\tts=145973072/1443885780\t101\t1001\t0\n"
    "1.000000000\tdrop\tclient\t1\t10.0.0.1\t56682\t10.0.0.2\t80\tFA\t1101\t6001\t0\tfault\t63\tserver\tnew\tts=145973072/1443885780\t101\t1001\t0\n"
    "1.000000000\tarm\tclient\t1\t\t\t\t\t\t\t\t\trexmit until 1.300000000\t\t\t\t\t\t\t\n"
    "1.000000000\tarm\tclient\t1\t\t\t\t\t\t\t\t\ttlp until 1.300000000\t\t\t\t\t\t\t\n"
    "1.300000000\ttimer\tclient\t1\t\t\t\t\t\t\t\t\ttail loss probe\t\t\t\t\t\t\t\n"
    "1.300000000\tsend\tclient\t1\t10.0.0.1\t56682\t10.0.0.2\t80\tFA\t1101\t6001\t0\t\t63\tserver\ttlp\tts=145973372/1443885780\t101\t1001\t1\n"
    "1.300000000\tarm\tclient\t1\t\t\t\t\t\t\t\t\trexmit until 1.600000000\t\t\t\t\t\t\t\n"
    "1.350000000\trecv\tserver\t1\t10.0.0.1\t56682\t10.0.0.2\t80\tFA\t1101\t6001\t0\t\t63\tclient\ttlp\tts=145973372/1443885780\t101\t1001\t1\n"
    "1.350000000\tstate\tserver\t1\t\t\t\t\t\t\t\t\tCLOSE-WAIT\t\t\t\t\t\t\t\n"
    "1.350000000\tarm\tserver\t1\t\t\t\t\t\t\t\t\tdelack until 1.390000000\t\t\t\t\t\t\t\n"
    "1.350000000\tcall\tserver\t1\t\t\t\t\t\t\t\t\tclose\t\t\t\t\t\t\t\n"
    "1.350000000\tstate\tserver\t1\t\t\t\t\t\t\t\t\tLAST-ACK\t\t\t\t\t\t\t\n"
    "1.350000000\tcancel\tserver\t1\t\t\t\t\t\t\t\t\tdelack\t\t\t\t\t\t\t\n"
    "1.350000000\tsend\tserver\t1\t10.0.0.2\t80\t10.0.0.1\t56682\tFA\t6001\t1102\t0\t\t64\tclient\tnew\tts=1443886980/145973372\t1001\t102\t0\n"
    "1.350000000\tarm\tserver\t1\t\t\t\t\t\t\t\t\trexmit until 1.650000000\t\t\t\t\t\t\t\n"
    "1.350000000\tarm\tserver\t1\t\t\t\t\t\t\t\t\ttlp until 1.650000000\t\t\t\t\t\t\t\n"
    "1.400000000\trecv\tclient\t1\t10.0.0.2\t80\t10.0.0.1\t56682\tFA\t6001\t1102\t0\t\t64\tserver\tnew\tts=1443886980/145973372\t1001\t102\t0\n"
    "1.400000000\tcancel\tclient\t1\t\t\t\t\t\t\t\t\trexmit\t\t\t\t\t\t\t\n"
    "1.400000000\tstate\tclient\t1\t\t\t\t\t\t\t\t\tFIN-WAIT-2\t\t\t\t\t\t\t\n"
    "1.400000000\tarm\tclient\t1\t\t\t\t\t\t\t\t\tfin-wait-2 until 61.400000000\t\t\t\t\t\t\t\n"
    "1.400000000\tcancel\tclient\t1\t\t\t\t\t\t\t\t\tfin-wait-2\t\t\t\t\t\t\t\n"
    "1.400000000\tstate\tclient\t1\t\t\t\t\t\t\t\t\tTIME-WAIT\t\t\t\t\t\t\t\n"
    "1.400000000\tarm\tclient\t1\t\t\t\t\t\t\t\t\ttime-wait until 61.400000000\t\t\t\t\t\t\t\n"
    "1.400000000\tsend\tclient\t1\t10.0.0.1\t56682\t10.0.0.2\t80\tA\t1102\t6002\t0\t\t63\tserver\tack\tts=145973472/1443886980\t102\t1002\t0\n"
    "1.450000000\trecv\tserver\t1\t10.0.0.1\t56682\t10.0.0.2\t80\tA\t1102\t6002\t0\t\t63\tclient\tack\tts=145973472/1443886980\t102\t1002\t0\n"
    "1.450000000\tcancel\tserver\t1\t\t\t\t\t\t\t\t\ttlp\t\t\t\t\t\t\t\n"
    "1.450000000\tstate\tserver\t1\t\t\t\t\t\t\t\t\tCLOSED\t\t\t\t\t\t\t\n"
    "1.450000000\toutcome\tserver\t1\t\t\t\t\t\t\t\t\tOK\t\t\t\t\t\t\t\n"
  ;

static void
test_tsv_rows (void)
{
  char *out = run_to_memory (lifecycle, TRUE);
  g_assert_cmpstr (out, ==, lifecycle_tsv);
  free (out);
}

/* A duplicated FIN is ACKed with a D-SACK block, which the log prints as
 * tcpdump does, relative to the ISN it acknowledges; the server's window
 * field, 64, is its SYN-ACK's 65160 rounded up to the 1024-byte unit. */
static const char dsack_scn[] = "profile linux\n"
                                "host client 10.0.0.1\n"
                                "host server 10.0.0.2\n"
                                "link client <-> server delay 50ms\n"
                                "fault client -> server duplicate after 10ms FIN #1\n"
                                "at 0s server listen 80\n"
                                "at 0s client connect server:80 as c\n"
                                "at 1s client close c\n"
                                "at 1.5s server close c\n";

static char *reread (const char *tsv, GError **error);

static void
test_text_dsack (void)
{
  char *out = run_to_memory (dsack_scn, FALSE);
  g_assert_nonnull (strstr (out, "1.060000 server.80 > client.56682: [.] seq 1, ack 2, win 64, options "
                                 "[TS val 2039399387 ecr 2899491915,sack 1 {1:2}], length 0\n"));
  free (out);
  /* The TSV's opts carry the block, absolute; read back, it is the same
   * trace. */
  char *tsv = run_to_memory (dsack_scn, TRUE);
  g_assert_nonnull (strstr (tsv, "\tack\tts=2039399387/2899491915,sack=3863446612-3863446613\t1\t2\t0\n"));
  GError *err = NULL;
  char *again = reread (tsv, &err);
  g_assert_no_error (err);
  g_assert_cmpstr (again, ==, tsv);
  free (again);
  free (tsv);
}

/* Every event of a TSV trace, kept (the reader lends one at a time). */
typedef struct
{
  TraceTsvReader *r; /* owns the strings */
  GArray *ev, *seg;  /* TraceEvent, TcpSegment (seg pointers set by events_at) */
} Events;

static void
events_free (Events *e)
{
  if (e == NULL)
    return;
  trace_tsv_reader_free (e->r);
  g_array_free (e->ev, TRUE);
  g_array_free (e->seg, TRUE);
  g_free (e);
}

static Events *
events_read (const char *text, gsize len, GError **error)
{
  Events *e = g_new0 (Events, 1);
  e->r = trace_tsv_reader_new ("t.tsv", text, len);
  e->ev = g_array_new (FALSE, FALSE, sizeof (TraceEvent));
  e->seg = g_array_new (FALSE, FALSE, sizeof (TcpSegment));
  const TraceEvent *ev;
  GError *err = NULL;
  while ((ev = trace_tsv_reader_next (e->r, &err)) != NULL)
    {
      g_array_append_val (e->ev, *ev);
      TcpSegment seg = { 0 };
      if (ev->seg != NULL)
        seg = *ev->seg;
      g_array_append_val (e->seg, seg);
    }
  if (err != NULL)
    {
      g_propagate_error (error, err);
      events_free (e);
      return NULL;
    }
  return e;
}

static const TraceEvent *
events_at (Events *e, guint i)
{
  TraceEvent *ev = &g_array_index (e->ev, TraceEvent, i);
  if (ev->seg != NULL)
    ev->seg = &g_array_index (e->seg, TcpSegment, i);
  return ev;
}

/* Reads a TSV trace and writes it again through the TSV sink. */
static char *
reread (const char *tsv, GError **error)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream (&buf, &len);
  TraceTsv *w = trace_tsv_new (mem);
  TraceBus bus;
  trace_bus_init (&bus);
  trace_bus_subscribe (&bus, trace_tsv_event, w);
  guint64 n;
  gboolean ok = trace_tsv_replay ("t.tsv", tsv, strlen (tsv), &bus, &n, error);
  trace_bus_clear (&bus);
  fclose (mem);
  trace_tsv_free (w);
  if (!ok)
    {
      free (buf);
      return NULL;
    }
  return buf;
}

/* A trace read back replays as the same events: written again, it is the
 * same bytes; the typed fields are the ones the core emitted. */
static void
test_tsv_read_roundtrip (void)
{
  GError *err = NULL;
  char *again = reread (lifecycle_tsv, &err);
  g_assert_no_error (err);
  g_assert_cmpstr (again, ==, lifecycle_tsv);
  free (again);

  Events *t = events_read (lifecycle_tsv, strlen (lifecycle_tsv), &err);
  g_assert_no_error (err);
  g_assert_cmpuint (t->ev->len, ==, 62);
  /* Row 4: the first SYN, every field. */
  const TraceEvent *ev = events_at (t, 3);
  g_assert_cmpint (ev->kind, ==, TRACE_SEND);
  g_assert_cmpint (ev->time, ==, 0);
  g_assert_cmpstr (ev->host, ==, "client");
  g_assert_cmpstr (ev->peer, ==, "server");
  g_assert_cmpuint (ev->conn, ==, 1);
  g_assert_cmpuint (ev->seg->saddr, ==, 0x0a000001);
  g_assert_cmpuint (ev->seg->daddr, ==, 0x0a000002);
  g_assert_cmpuint (ev->seg->sport, ==, 56682);
  g_assert_cmpuint (ev->seg->dport, ==, 80);
  g_assert_cmpuint (ev->seg->flags, ==, TCP_FLAG_SYN);
  g_assert_cmpuint (ev->seg->seq, ==, 1000);
  g_assert_cmpuint (ev->seg->win, ==, 64240);
  g_assert_cmpuint (ev->seg->opts, ==, TCP_OPT_MSS | TCP_OPT_SACK_OK | TCP_OPT_TS | TCP_OPT_WSCALE);
  g_assert_cmpuint (ev->seg->mss, ==, 1460);
  g_assert_cmpuint (ev->seg->wscale, ==, 10);
  g_assert_cmpuint (ev->seg->ts_val, ==, 145972072);
  g_assert_cmpuint (ev->seg->tag.why, ==, TRACE_WHY_SYN);
  g_assert_cmpuint (ev->seg->tag.seq_base, ==, 1000);
  /* Row 5: the retransmission timer armed until 1 s. */
  ev = events_at (t, 4);
  g_assert_cmpint (ev->kind, ==, TRACE_TIMER_ARM);
  g_assert_cmpint (ev->timer, ==, TRACE_TIMER_REXMIT);
  g_assert_cmpint (ev->span, ==, SIM_S);
  /* The connect call's arguments. */
  ev = events_at (t, 1);
  g_assert_cmpint (ev->call, ==, TRACE_CALL_CONNECT);
  g_assert_cmpuint (ev->addr, ==, 0x0a000002);
  g_assert_cmpuint (ev->port, ==, 80);
  g_assert_cmpuint (ev->lport, ==, 56682);
  /* The tail loss probe: a fire, then the FIN sent again. */
  gboolean tlp = FALSE;
  for (guint i = 0; i < t->ev->len; i++)
    {
      ev = events_at (t, i);
      if (ev->kind == TRACE_SEND && ev->seg->tag.why == TRACE_WHY_TLP)
        {
          g_assert_cmpint (ev->time, ==, 1300 * SIM_MS);
          g_assert_true (ev->seg->tag.retransmit);
          g_assert_cmpint (events_at (t, i - 1)->kind, ==, TRACE_TIMER);
          g_assert_cmpint (events_at (t, i - 1)->fire, ==, TRACE_FIRE_TLP);
          tlp = TRUE;
        }
    }
  g_assert_true (tlp);
  events_free (t);
  TraceTsvInfo info;
  g_assert_true (trace_tsv_scan ("t.tsv", lifecycle_tsv, strlen (lifecycle_tsv), &info, &err));
  g_assert_no_error (err);
  g_assert_cmpuint (info.nhosts, ==, 2);
  g_assert_cmpstr (info.hosts[0], ==, "client");
  g_assert_cmpstr (info.hosts[1], ==, "server");
  g_assert_null (info.hosts[2]);
  g_assert_cmpint (info.min_delay, ==, 50 * SIM_MS);
  g_assert_cmpuint (info.events, ==, 62);
  trace_tsv_info_clear (&info);
}

/* Every detail the words table makes reads back as the same event. */
static void
test_tsv_read_details (void)
{
  static const char *const details[][2] = {
    { "timer", "rexmit SYN #3" }, { "timer", "rexmit SYN-ACK #2" },
    { "timer", "rexmit: give up after 6 SYN retransmissions" },
    { "timer", "rexmit: give up, SYN-ACK not answered within 1.5s" },
    { "timer", "rexmit #4, next RTO 3.2s" }, { "timer", "rexmit #1, next RTO 200ms" },
    { "timer", "rexmit: give up after 15 retransmissions" }, { "timer", "tail loss probe" },
    { "timer", "delayed ACK" }, { "timer", "TIME-WAIT expired" }, { "timer", "FIN-WAIT-2 timeout" },
    { "timer", "keepalive probe #9" }, { "timer", "keepalive: no answer to 9 probes" },
    { "note", "fast retransmit after 3 duplicate ACKs" },
    { "note", "out-of-order queue full: highest range dropped" },
    { "note", "accept queue full: reset" }, { "note", "evicted from a full SYN queue" },
    { "call", "listen 80: EADDRINUSE" }, { "call", "accept 80" },
    { "call", "connect 10.0.0.2:80" }, { "call", "connect 10.0.0.2:80 from port 40000: EADDRNOTAVAIL" },
    { "call", "send 100" }, { "call", "send 5: ENOTCONN" }, { "call", "shutdown" },
    { "call", "close" }, { "call", "abort" }, { "call", "crash: 3 connections, 1 listeners lost" },
    { "call", "restart (boot 2)" }, { "call", "send c: ECONNRESET" }, { "call", "close c: " },
    { "state", "CLOSE-WAIT" }, { "error", "ETIMEDOUT" }, { "outcome", "ECONNREFUSED" },
    { "outcome", "OK" }, { "arm", "keepalive until 7200.000000000" }, { "cancel", "delack" },
    /* 36: the knobs' calls and fires */
    { "timer", "rexmit: user timeout 3s reached after 2 retransmissions" },
    { "timer", "zero-window probe #2, next in 400ms" },
    { "timer", "zero-window probe: no answer to 15 probes" },
    { "call", "setsockopt user_timeout 2.5s" }, { "call", "setsockopt user_timeout 0" },
    { "call", "stop-reading" }, { "call", "read: 1000 bytes were waiting" },
    { "arm", "persist until 1.200000000" },
    { "note", "duplicate SYN, no SYN-ACK retry left: request given up" },
  };
  GString *tsv = g_string_new ("time\tevent\thost\tconn\tdetail\n");
  for (gsize i = 0; i < G_N_ELEMENTS (details); i++)
    g_string_append_printf (tsv, "1.000000000\t%s\tserver\t2\t%s\n", details[i][0], details[i][1]);
  /* A trace of the old schema: its columns only, a note said "timer". */
  g_string_append (tsv, "2.000000000\ttimer\tclient\t1\tchallenge ACK rate limited\n");
  GError *err = NULL;
  Events *t = events_read (tsv->str, tsv->len, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (t->ev->len, ==, G_N_ELEMENTS (details) + 1);
  const TraceEvent *ev = events_at (t, 4);
  g_assert_cmpint (ev->fire, ==, TRACE_FIRE_RTO);
  g_assert_cmpuint (ev->count, ==, 4);
  g_assert_cmpint (ev->span, ==, 3200 * SIM_MS);
  ev = events_at (t, 28);
  g_assert_cmpstr (ev->label, ==, "c");
  g_assert_cmpstr (ev->name, ==, "ECONNRESET");
  ev = events_at (t, 36);
  g_assert_cmpint (ev->fire, ==, TRACE_FIRE_USER_TIMEOUT);
  g_assert_cmpuint (ev->count, ==, 2);
  g_assert_cmpint (ev->span, ==, 3 * SIM_S);
  ev = events_at (t, 37);
  g_assert_cmpint (ev->fire, ==, TRACE_FIRE_PERSIST_PROBE);
  g_assert_cmpuint (ev->count, ==, 2);
  g_assert_cmpint (ev->span, ==, 400 * SIM_MS);
  ev = events_at (t, 38);
  g_assert_cmpint (ev->fire, ==, TRACE_FIRE_PERSIST_GIVEUP);
  g_assert_cmpuint (ev->count, ==, 15);
  ev = events_at (t, 39);
  g_assert_cmpint (ev->call, ==, TRACE_CALL_SETSOCKOPT);
  g_assert_cmpint (ev->span, ==, 2500 * SIM_MS);
  g_assert_cmpint (events_at (t, 40)->span, ==, 0);
  g_assert_cmpint (events_at (t, 41)->call, ==, TRACE_CALL_STOP_READING);
  ev = events_at (t, 42);
  g_assert_cmpint (ev->call, ==, TRACE_CALL_READ);
  g_assert_cmpuint (ev->count, ==, 1000);
  g_assert_cmpint (ev->error, ==, 0);
  ev = events_at (t, 43);
  g_assert_cmpint (ev->timer, ==, TRACE_TIMER_PERSIST);
  g_assert_cmpint (ev->span, ==, 1200 * SIM_MS);
  g_assert_cmpint (events_at (t, 44)->note, ==, TRACE_NOTE_DUP_SYN_GIVEUP);
  ev = events_at (t, G_N_ELEMENTS (details));
  g_assert_cmpint (ev->kind, ==, TRACE_NOTE);
  g_assert_cmpint (ev->note, ==, TRACE_NOTE_CHALLENGE_ACK_LIMITED);
  events_free (t);
  g_string_free (tsv, TRUE);
}

/* Bad input: a message with file, line and column, never a crash. */
static void
test_tsv_read_invalid (void)
{
  static const char head[] = "time\tevent\thost\tconn\tsrc\tsport\tdst\tdport\tflags\tseq\tack\tlen\tdetail\twin\tpeer\n";
  static const struct
  {
    const char *text, *message;
  } cases[] = {
    { "", "t.tsv:1:1: error: an empty file: not a tcpsim trace" },
    { "a\tb\n", "t.tsv:1:1: error: not a tcpsim trace: the header has no column 'time'" },
    { "time\tevent\thost\tconn\tdetail\ttime\n",
      "t.tsv:1:29: error: the column 'time' appears twice" },
    { "x\0y", "t.tsv:1:1: error: a NUL byte: not a text file" },
    { "+1.0\tcall\ts\t\tclose\t\t\t\t\t\t\t\t\t\t\n",
      "t.tsv:2:1: error: time: expected seconds with nine decimals, found '+1.0'" },
    { "1.000000000\tcall\ts\n", "t.tsv:2:1: error: expected 15 tab-separated fields as in the header, found 3" },
    { "1.000000000\tfly\ts\t\t\t\t\t\t\t\t\t\t\t\t\n", "t.tsv:2:13: error: unknown event 'fly'" },
    { "1.000000000\tcall\ts\t-1\t\t\t\t\t\t\t\t\tclose\t\t\n",
      "t.tsv:2:20: error: conn: expected a number from 0 to 18446744073709551615, found '-1'" },
    { "1.000000000\tcall\ts\t1\t\t\t\t\t\t\t\t\tfly away\t\t\n",
      "t.tsv:2:30: error: detail: cannot read the call 'fly away'" },
    { "1.000000000\ttimer\ts\t1\t\t\t\t\t\t\t\t\trexmit #x\t\t\n",
      "t.tsv:2:31: error: detail: not a timer tcpsim writes: 'rexmit #x'" },
    { "1.000000000\tsend\ts\t1\t10.0.0.1\t1\t10.0.0.2\t70000\tS\t1\t0\t0\t\t10\tp\n",
      "t.tsv:2:42: error: dport: expected a number from 0 to 65535, found '70000'" },
    { "1.000000000\tsend\ts\t1\t10.0.0.999\t1\t10.0.0.2\t7\tS\t1\t0\t0\t\t10\tp\n",
      "t.tsv:2:22: error: src: expected an IPv4 address, found '10.0.0.999'" },
    { "1.000000000\tsend\ts\t1\t10.0.0.1\t1\t10.0.0.2\t7\tSX\t1\t0\t0\t\t10\tp\n",
      "t.tsv:2:44: error: flags: unknown flag 'X'" },
    { "1.000000000\tsend\ts\t1\t10.0.0.1\t1\t10.0.0.2\t7\tAS\t1\t0\t0\t\t10\tp\n",
      "t.tsv:2:44: error: flags: 'AS' is not what tcpsim writes for this row (it would write 'SA')" },
    { "1.000000000\tstate\ts\t1\t10.0.0.1\t\t\t\t\t\t\t\tCLOSED\t\t\n",
      "t.tsv:2:23: error: src: '10.0.0.1' is not what tcpsim writes for this row (it would write '')" },
    { "1.000000000\tdrop\ts\t1\t10.0.0.1\t1\t10.0.0.2\t7\tS\t1\t0\t0\tgone\t10\tp\n",
      "t.tsv:2:52: error: detail: a drop is 'loss', 'fault' or 'queue', found 'gone'" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean whole = i < 4;
      char *text = whole ? NULL : g_strconcat (head, cases[i].text, NULL);
      const char *in = whole ? cases[i].text : text;
      gsize len = whole && i == 3 ? 3 : strlen (in);
      GError *err = NULL;
      Events *t = events_read (in, len, &err);
      if (t != NULL || err == NULL || strcmp (err->message, cases[i].message) != 0)
        g_error ("case %" G_GSIZE_FORMAT ": expected '%s', got '%s'", i, cases[i].message,
                 err ? err->message : "success");
      g_error_free (err);
      g_free (text);
    }
}

/* Random bytes and random damage to a good trace: always an answer,
 * never a crash (seeded; the seed is printed on failure). */
static void
test_tsv_read_fuzz (void)
{
  guint32 seed = 20261129;
  GRand *rng = g_rand_new_with_seed (seed);
  gsize n = strlen (lifecycle_tsv);
  for (int round = 0; round < 3000; round++)
    {
      char *text = g_memdup2 (lifecycle_tsv, n + 1);
      int edits = g_rand_int_range (rng, 1, 6);
      for (int e = 0; e < edits; e++)
        {
          gsize at = (gsize) g_rand_int_range (rng, 0, (gint32) n);
          static const char pool[] = "\t\n0123456789.:-/,=abcSAFRP xyz";
          text[at] = pool[g_rand_int_range (rng, 0, (gint32) sizeof pool - 1)];
        }
      gsize len = (gsize) g_rand_int_range (rng, 0, (gint32) n + 1);
      GError *err = NULL;
      Events *t = events_read (text, len, &err);
      if (t == NULL && (err == NULL || !g_str_has_prefix (err->message, "t.tsv:")))
        g_error ("seed %u round %d: a failure without a located message", seed, round);
      g_clear_error (&err);
      events_free (t);
      g_free (text);
    }
  g_rand_free (rng);
}

/* The JSON Lines trace holds the TSV's records: one object per line, its
 * members the non-empty columns, numbers as numbers. */
static void
test_jsonl_lines (void)
{
  Run r;
  run_start (&r, lifecycle);
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream (&buf, &len);
  TraceJsonl *j = trace_jsonl_new (mem);
  trace_bus_subscribe (&r.world->bus, trace_jsonl_event, j);
  world_run (r.world, NULL);
  fclose (mem);
  trace_jsonl_free (j);
  run_finish (&r);
  char **lines = g_strsplit (buf, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 63); /* 62 records and the empty tail */
  g_assert_cmpstr (lines[0], ==, "{\"time\":0.000000000,\"event\":\"call\",\"host\":\"server\",\"detail\":\"listen 80\"}");
  g_assert_cmpstr (lines[3], ==, "{\"time\":0.000000000,\"event\":\"send\",\"host\":\"client\",\"conn\":1,"
                   "\"src\":\"10.0.0.1\",\"sport\":56682,\"dst\":\"10.0.0.2\",\"dport\":80,\"flags\":\"S\","
                   "\"seq\":1000,\"ack\":0,\"len\":0,\"win\":64240,\"peer\":\"server\",\"why\":\"syn\","
                   "\"opts\":\"mss=1460,sackok,ts=145972072/0,ws=10\",\"rseq\":0,\"rexmit\":0}");
  g_assert_cmpstr (lines[61], ==, "{\"time\":1.450000000,\"event\":\"outcome\",\"host\":\"server\",\"conn\":1,\"detail\":\"OK\"}");
  g_strfreev (lines);
  free (buf);

  /* Quotes, backslashes and control characters are escaped. */
  mem = open_memstream (&buf, &len);
  j = trace_jsonl_new (mem);
  TraceEvent ev = { .kind = TRACE_CALL, .time = SIM_S, .host = "a\"b\\c\x01", .call = TRACE_CALL_CLOSE,
                    .label = "x\ty", .name = "E" };
  trace_jsonl_event (j, &ev);
  fclose (mem);
  trace_jsonl_free (j);
  g_assert_cmpstr (buf, ==, "{\"time\":1.000000000,\"event\":\"call\",\"host\":\"a\\\"b\\\\c\\u0001\","
                   "\"detail\":\"close x y: E\"}\n");
  free (buf);

  /* A byte that is not UTF-8 (a hand-edited trace read back) becomes
   * U+FFFD: JSON text is UTF-8. */
  mem = open_memstream (&buf, &len);
  j = trace_jsonl_new (mem);
  TraceEvent bad = { .kind = TRACE_ERROR, .time = SIM_S, .host = "c\xff", .name = "EPIPE" };
  trace_jsonl_event (j, &bad);
  fclose (mem);
  trace_jsonl_free (j);
  g_assert_cmpstr (buf, ==, "{\"time\":1.000000000,\"event\":\"error\",\"host\":\"c\xef\xbf\xbd\","
                   "\"detail\":\"EPIPE\"}\n");
  free (buf);
}

static void
test_text_lines (void)
{
  char *out = run_to_memory (lifecycle, FALSE);
  /* The whole log, line for line.  SYNs print absolute sequence numbers,
   * later segments relative ones, as tcpdump does; the lost FIN is
   * printed where it is lost, then its tail loss probe at 1.3 s (PTO
   * 300 ms) as a retransmission.  The ephemeral port and the TSval
   * offsets come from seed 1 (the scenario's default). */
  static const char expected[] =
    "0.000000 server call listen 80\n"
    "0.000000 client conn 1 call connect 10.0.0.2:80 from port 56682\n"
    "0.000000 client conn 1 state SYN-SENT\n"
    "0.000000 client.56682 > server.80: [S] seq 1000, win 64240, options [mss 1460,sackOK,TS val 145972072 ecr 0,wscale 10], length 0\n"
    "0.050000 server conn 1 state SYN-RECEIVED\n"
    "0.050000 server.80 > client.56682: [S.] seq 5000, ack 1001, win 65160, options [mss 1460,sackOK,TS val 1443885680 ecr 145972072,wscale 10], length 0\n"
    "0.100000 client conn 1 state ESTABLISHED\n"
    "0.100000 client.56682 > server.80: [.] seq 1, ack 1, win 63, options [TS val 145972172 ecr 1443885680], length 0\n"
    "0.100000 client conn 1 call send 100\n"
    "0.100000 client.56682 > server.80: [P.] seq 1:101, ack 1, win 63, options [TS val 145972172 ecr 1443885680], length 100\n"
    "0.150000 server conn 1 state ESTABLISHED\n"
    "0.150000 server.80 > client.56682: [.] seq 1, ack 101, win 64, options [TS val 1443885780 ecr 145972172], length 0\n"
    "0.150000 server conn 1 call send 1000\n"
    "0.150000 server.80 > client.56682: [P.] seq 1:1001, ack 101, win 64, options [TS val 1443885780 ecr 145972172], length 1000\n"
    "0.200000 client.56682 > server.80: [.] seq 101, ack 1001, win 63, options [TS val 145972272 ecr 1443885780], length 0\n"
    "1.000000 client conn 1 call close\n"
    "1.000000 client conn 1 state FIN-WAIT-1\n"
    "1.000000 client.56682 > server.80: [F.] seq 101, ack 1001, win 63, options [TS val 145973072 ecr 1443885780], length 0\n"
    "1.000000 client.56682 > server.80: LOST (fault) [F.] seq 101, ack 1001, win 63, options [TS val 145973072 ecr 1443885780], length 0\n"
    "1.300000 client conn 1 timer tail loss probe\n"
    "1.300000 client.56682 > server.80: [F.] seq 101, ack 1001, win 63, options [TS val 145973372 ecr 1443885780], length 0 (retransmission)\n"
    "1.350000 server conn 1 state CLOSE-WAIT\n"
    "1.350000 server conn 1 call close\n"
    "1.350000 server conn 1 state LAST-ACK\n"
    "1.350000 server.80 > client.56682: [F.] seq 1001, ack 102, win 64, options [TS val 1443886980 ecr 145973372], length 0\n"
    "1.400000 client conn 1 state FIN-WAIT-2\n"
    "1.400000 client conn 1 state TIME-WAIT\n"
    "1.400000 client.56682 > server.80: [.] seq 102, ack 1002, win 63, options [TS val 145973472 ecr 1443886980], length 0\n"
    "1.450000 server conn 1 state CLOSED\n"
    ;
  g_assert_cmpstr (out, ==, expected);
  free (out);
}

/* Runs tshark on a pcap and returns its fields, one line per frame. */
static char *
tshark_fields (const char *pcap)
{
  const char *tshark = g_getenv ("TSHARK");
  if (tshark == NULL || tshark[0] == '\0')
    return NULL;
  const char *argv[] = {
    tshark, "-r", pcap, "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE", "-o", "tcp.relative_sequence_numbers:FALSE",
    "-T", "fields", "-E", "separator=\t",
    "-e", "frame.time_relative", "-e", "ip.src", "-e", "tcp.srcport", "-e", "ip.dst",
    "-e", "tcp.dstport", "-e", "tcp.flags.str", "-e", "tcp.seq_raw", "-e", "tcp.ack_raw",
    "-e", "tcp.len", "-e", "tcp.checksum.status", "-e", "ip.checksum.status",
    "-e", "tcp.options.mss_val", "-e", "tcp.options.wscale.shift", NULL,
  };
  char *out = NULL, *err = NULL;
  int status;
  GError *error = NULL;
  gboolean ok = g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                              &status, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("tshark failed: %s", err);
  g_free (err);
  return out;
}

static void
test_pcap_tshark (void)
{
  if (g_getenv ("TSHARK") == NULL || g_getenv ("TSHARK")[0] == '\0')
    {
      g_test_skip ("tshark not installed");
      return;
    }
  char *dir = g_dir_make_tmp ("tcpsim-pcap-XXXXXX", NULL);
  char *path = g_build_filename (dir, "t.pcap", NULL);
  Run r;
  run_start (&r, lifecycle);
  GError *err = NULL;
  FILE *out = fopen (path, "wb");
  g_assert_nonnull (out);
  TracePcap *p = trace_pcap_new (out, FALSE, TRACE_CAPTURE_SENDER, &err);
  g_assert_no_error (err);
  trace_bus_subscribe (&r.world->bus, trace_pcap_event, p);
  /* Keep the sends to compare with what tshark reads. */
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream (&buf, &len);
  TraceTsv *tsv = trace_tsv_new (mem);
  trace_bus_subscribe (&r.world->bus, trace_tsv_event, tsv);
  world_run (r.world, NULL);
  g_assert_true (trace_pcap_close (p, &err));
  fclose (mem);
  trace_tsv_free (tsv);
  run_finish (&r);

  char *fields = tshark_fields (path);
  char **frames = g_strsplit (fields, "\n", -1);
  char **rows = g_strsplit (buf, "\n", -1);
  guint f = 0;
  for (guint i = 1; rows[i] && rows[i][0]; i++)
    {
      char **c = g_strsplit (rows[i], "\t", -1);
      if (strcmp (c[1], "send") == 0)
        {
          g_assert_nonnull (frames[f]);
          char **t = g_strsplit (frames[f], "\t", -1);
          /* time, addresses, ports, seq, ack, length agree with the TSV. */
          g_assert_cmpfloat_with_epsilon (g_ascii_strtod (t[0], NULL), g_ascii_strtod (c[0], NULL), 1e-9);
          g_assert_cmpstr (t[1], ==, c[4]);
          g_assert_cmpstr (t[2], ==, c[5]);
          g_assert_cmpstr (t[3], ==, c[6]);
          g_assert_cmpstr (t[4], ==, c[7]);
          g_assert_cmpstr (t[6], ==, c[9]);
          if (strchr (c[8], 'A'))
            g_assert_cmpstr (t[7], ==, c[10]);
          g_assert_cmpstr (t[8], ==, c[11]);
          /* Both checksums verified (Wireshark: 0 bad, 1 good, 2 unverified). */
          g_assert_cmpstr (t[9], ==, "1");
          g_assert_cmpstr (t[10], ==, "1");
          /* Flags: tshark writes e.g. "·······A··S·"; compare the set. */
          gboolean syn = strchr (c[8], 'S') != NULL, fin = strchr (c[8], 'F') != NULL;
          g_assert_cmpint (strstr (t[5], "S") != NULL, ==, syn);
          g_assert_cmpint (strstr (t[5], "F") != NULL, ==, fin);
          if (syn)
            {
              g_assert_cmpstr (t[11], ==, "1460");
              g_assert_cmpstr (t[12], ==, "10");
            }
          g_strfreev (t);
          f++;
        }
      g_strfreev (c);
    }
  g_assert_cmpuint (f, >=, 10);
  g_assert_true (frames[f] == NULL || frames[f][0] == '\0');
  g_strfreev (frames);
  g_strfreev (rows);
  g_free (fields);
  free (buf);
  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
}

static char *
read_file (const char *dir, const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_unlink (path);
  g_free (path);
  return text;
}

static void
test_timeline_data (void)
{
  Run r;
  run_start (&r, lifecycle);
  const char *names[] = { "client", "server" };
  TraceTimeline *tl = trace_timeline_new (names, 2, "t");
  trace_timeline_set_unit (tl, 50 * SIM_MS);
  trace_bus_subscribe (&r.world->bus, trace_timeline_event, tl);
  world_run (r.world, NULL);
  char *dir = g_dir_make_tmp ("tcpsim-tl-XXXXXX", NULL);
  GError *err = NULL;
  g_assert_true (trace_timeline_write (tl, dir, &err));
  g_assert_no_error (err);
  char *segs = read_file (dir, "segments.dat");
  char *marks = read_file (dir, "marks.dat");
  char *params = read_file (dir, "params.gp");
  char *lines = read_file (dir, "cuts.dat");
  for (const char *const *f = trace_timeline_files; *f; f++)
    {
      char *p = g_build_filename (dir, *f, NULL);
      g_unlink (p);
      g_free (p);
    }
  g_rmdir (dir);
  /* The SYN: from client (x 0) to server (x 1), a segment (style 0),
   * delivered (0), labelled as a textbook does. */
  g_assert_nonnull (strstr (segs, "0.0000 0.1120 1.0000 0.8880 0 0 "));
  g_assert_nonnull (strstr (segs, " \"SYN seq=0\" \"SYN client."));
  /* The lost FIN stops halfway (dx 0.5), flagged lost; its retransmission
   * (a tail loss probe) is styled 1 and says why it was sent. */
  g_assert_nonnull (strstr (segs, " 0.5000 0.4440 0 1 "));
  g_assert_nonnull (strstr (segs, " \"FIN+ACK seq=101 ack=1001\" "));
  g_assert_nonnull (strstr (segs, " 1 0 0.5000 10.2933 1 0.5000 10.6669 \"FIN+ACK seq=101 ack=1001 (TLP)\" "));
  /* The hover text: absolute numbers, times, options, why. */
  g_assert_nonnull (strstr (segs, "\\nflags S seq 1000 ack 0 len 0 win 64240\\noptions mss 1460"));
  /* States beside the lifelines, the client's on the left. */
  g_assert_nonnull (strstr (marks, "0 0.0320 0 -1 -0.0848 0.2411 \"SYN-SENT\"\n"));
  g_assert_nonnull (strstr (marks, "1 1.0320 0 1 1.0848 1.0320 \"SYN-RECEIVED\"\n"));
  /* The idle gap before the close at 1 s is cut and labelled. */
  g_assert_nonnull (strstr (lines, " \"750 ms later\"\n"));
  g_assert_nonnull (strstr (params, "set x2tics ('client' 0, 'server' 1)\n"));
  g_assert_nonnull (strstr (params, "\"1.000\""));
  g_free (segs);
  g_free (marks);
  g_free (params);
  g_free (lines);
  g_free (dir);
  trace_timeline_free (tl);
  run_finish (&r);
}

/* ---- the per-connection summary (trace_summary.c) ------------------------- */

/* One segment event of connection 1 between c (10.0.0.1:5000) and s
 * (10.0.0.2:80). */
static void
seg_event (TraceSummary *sum, TraceKind kind, SimTime t, gboolean from_client, guint8 flags,
           guint32 seq, guint32 ack, guint32 len, TraceWhy why, gboolean rexmit)
{
  TcpSegment seg = {
    .saddr = from_client ? 0x0a000001 : 0x0a000002, .daddr = from_client ? 0x0a000002 : 0x0a000001,
    .sport = from_client ? 5000 : 80, .dport = from_client ? 80 : 5000, .seq = seq, .ack = ack,
    .flags = flags, .len = len, .tag = { .conn = 1, .why = (guint8) why, .retransmit = rexmit },
  };
  const char *sender = from_client ? "c" : "s", *receiver = from_client ? "s" : "c";
  TraceEvent ev = { .kind = kind, .time = t, .conn = 1, .seg = &seg,
                    .host = kind == TRACE_RECV ? receiver : sender,
                    .peer = kind == TRACE_RECV ? sender : receiver };
  trace_summary_event (sum, &ev);
}

static void
named_event (TraceSummary *sum, TraceKind kind, SimTime t, const char *host, const char *name)
{
  TraceEvent ev = { .kind = kind, .time = t, .conn = 1, .host = host, .name = name };
  trace_summary_event (sum, &ev);
}

/* Karn's rule and the row's every field, on events made by hand: a SYN
 * sent twice gives no sample; an RTO that resends the first of two data
 * segments spoils that one's sample only; one ACK covering both gives the
 * second's. */
static void
test_summary_karn (void)
{
  TraceSummary *sum = trace_summary_new ();
  const SimTime ms = SIM_MS;
  TraceEvent call = { .kind = TRACE_CALL, .call = TRACE_CALL_CONNECT, .conn = 1, .host = "c",
                      .addr = 0x0a000002, .port = 80, .lport = 5000 };
  trace_summary_event (sum, &call);
  named_event (sum, TRACE_STATE, 0, "c", "SYN-SENT");
  seg_event (sum, TRACE_SEND, 0, TRUE, TCP_FLAG_SYN, 100, 0, 0, TRACE_WHY_SYN, FALSE);
  seg_event (sum, TRACE_SEND, 1000 * ms, TRUE, TCP_FLAG_SYN, 100, 0, 0, TRACE_WHY_SYN_RETRY, TRUE);
  seg_event (sum, TRACE_RECV, 1050 * ms, TRUE, TCP_FLAG_SYN, 100, 0, 0, TRACE_WHY_SYN_RETRY, TRUE);
  named_event (sum, TRACE_STATE, 1050 * ms, "s", "SYN-RECEIVED");
  seg_event (sum, TRACE_SEND, 1050 * ms, FALSE, TCP_FLAG_SYN | TCP_FLAG_ACK, 900, 101, 0, TRACE_WHY_SYN, FALSE);
  seg_event (sum, TRACE_RECV, 1100 * ms, FALSE, TCP_FLAG_SYN | TCP_FLAG_ACK, 900, 101, 0, TRACE_WHY_SYN, FALSE);
  named_event (sum, TRACE_STATE, 1100 * ms, "c", "ESTABLISHED");
  seg_event (sum, TRACE_SEND, 1100 * ms, TRUE, TCP_FLAG_ACK, 101, 901, 0, TRACE_WHY_ACK, FALSE);
  seg_event (sum, TRACE_SEND, 1100 * ms, TRUE, TCP_FLAG_ACK, 101, 901, 100, TRACE_WHY_DATA, FALSE);
  seg_event (sum, TRACE_SEND, 1100 * ms, TRUE, TCP_FLAG_ACK, 201, 901, 100, TRACE_WHY_DATA, FALSE);
  seg_event (sum, TRACE_RECV, 1150 * ms, TRUE, TCP_FLAG_ACK, 101, 901, 0, TRACE_WHY_ACK, FALSE);
  named_event (sum, TRACE_STATE, 1150 * ms, "s", "ESTABLISHED");
  seg_event (sum, TRACE_SEND, 1300 * ms, TRUE, TCP_FLAG_ACK, 101, 901, 100, TRACE_WHY_RTO, TRUE);
  /* A keepalive-like probe: no payload, below snd_una: not a retransmission. */
  seg_event (sum, TRACE_SEND, 1310 * ms, TRUE, TCP_FLAG_ACK, 100, 901, 0, TRACE_WHY_KEEPALIVE, TRUE);
  seg_event (sum, TRACE_RECV, 1350 * ms, FALSE, TCP_FLAG_ACK, 901, 301, 0, TRACE_WHY_ACK, FALSE);
  TraceEvent close = { .kind = TRACE_CALL, .call = TRACE_CALL_ABORT, .time = 2000 * ms, .conn = 1,
                       .host = "c" };
  trace_summary_event (sum, &close);
  seg_event (sum, TRACE_SEND, 2000 * ms, TRUE, TCP_FLAG_RST, 301, 0, 0, TRACE_WHY_RESET, FALSE);
  named_event (sum, TRACE_STATE, 2000 * ms, "c", "CLOSED");
  named_event (sum, TRACE_OUTCOME, 2000 * ms, "c", "OK");
  named_event (sum, TRACE_STATE, 2050 * ms, "s", "CLOSED");
  named_event (sum, TRACE_ERROR, 2050 * ms, "s", "ECONNRESET");
  named_event (sum, TRACE_OUTCOME, 2050 * ms, "s", "ECONNRESET");
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream (&buf, &len);
  trace_summary_write (sum, mem);
  fclose (mem);
  trace_summary_free (sum);
  /* Samples: the SYN-ACK (1.05 -> 1.15: 100 ms) and the second segment
   * (1.1 -> 1.35: 250 ms); not the SYN, not the first segment. */
  g_assert_cmpstr (buf, ==,
                   "conn,client,client_port,server,server_port,start,handshake,close,rto,fast_rexmit,"
                   "tlp,syn_retry,keepalive_probes,window_probes,rtt_samples,rtt_min,rtt_mean,rtt_max,"
                   "client_state,server_state,outcome,error\n"
                   "1,c,5000,s,80,0.000000000,1.100000000,0.050000000,1,0,0,1,1,0,2,0.100000000,"
                   "0.175000000,0.250000000,CLOSED,CLOSED,failed,ECONNRESET\n");
  free (buf);
}

/* ---- the wording of typed events (trace_words.c) -------------------------- */

typedef struct
{
  TraceEvent ev;
  const char *kind; /* the TSV event column, NULL: not shown */
  const char *text;
} WordCase;

static void
test_words_table (void)
{
  static const WordCase cases[] = {
    { { .kind = TRACE_TIMER, .fire = TRACE_FIRE_SYN_RETRY, .syn = TRUE, .count = 2 }, "timer", "rexmit SYN #2" },
    { { .kind = TRACE_TIMER, .fire = TRACE_FIRE_SYN_RETRY, .count = 1 }, "timer", "rexmit SYN-ACK #1" },
    { { .kind = TRACE_TIMER, .fire = TRACE_FIRE_SYN_GIVEUP_COUNT, .syn = TRUE, .count = 6 }, "timer",
      "rexmit: give up after 6 SYN retransmissions" },
    { { .kind = TRACE_TIMER, .fire = TRACE_FIRE_SYN_GIVEUP_TIME, .syn = TRUE, .span = 75 * SIM_S }, "timer",
      "rexmit: give up, SYN not answered within 75s" },
    { { .kind = TRACE_TIMER, .fire = TRACE_FIRE_RTO, .count = 3, .span = 1600 * SIM_MS }, "timer",
      "rexmit #3, next RTO 1.6s" },
    { { .kind = TRACE_TIMER, .fire = TRACE_FIRE_RTO_GIVEUP, .count = 15 }, "timer",
      "rexmit: give up after 15 retransmissions" },
    { { .kind = TRACE_TIMER, .fire = TRACE_FIRE_TLP }, "timer", "tail loss probe" },
    { { .kind = TRACE_TIMER, .fire = TRACE_FIRE_DELACK }, "timer", "delayed ACK" },
    { { .kind = TRACE_TIMER, .fire = TRACE_FIRE_TIME_WAIT }, "timer", "TIME-WAIT expired" },
    { { .kind = TRACE_TIMER, .fire = TRACE_FIRE_FIN_WAIT_2 }, "timer", "FIN-WAIT-2 timeout" },
    { { .kind = TRACE_TIMER, .fire = TRACE_FIRE_KEEPALIVE_PROBE, .count = 4 }, "timer", "keepalive probe #4" },
    { { .kind = TRACE_TIMER, .fire = TRACE_FIRE_KEEPALIVE_GIVEUP, .count = 9 }, "timer",
      "keepalive: no answer to 9 probes" },
    { { .kind = TRACE_TIMER, .fire = TRACE_FIRE_PERSIST_PROBE, .count = 2, .span = 1200 * SIM_MS },
      "timer", "zero-window probe #2, next in 1.2s" },
    { { .kind = TRACE_TIMER, .fire = TRACE_FIRE_PERSIST_GIVEUP, .count = 15 }, "timer",
      "zero-window probe: no answer to 15 probes" },
    { { .kind = TRACE_NOTE, .note = TRACE_NOTE_FAST_REXMIT, .count = 3 }, "timer",
      "fast retransmit after 3 duplicate ACKs" },
    { { .kind = TRACE_NOTE, .note = TRACE_NOTE_SYNQ_EVICTED }, "timer", "evicted from a full SYN queue" },
    { { .kind = TRACE_NOTE, .note = TRACE_NOTE_CHALLENGE_ACK_LIMITED }, "timer", "challenge ACK rate limited" },
    { { .kind = TRACE_CALL, .call = TRACE_CALL_LISTEN, .port = 80 }, "call", "listen 80" },
    { { .kind = TRACE_CALL, .call = TRACE_CALL_LISTEN, .port = 80, .error = 5, .name = "EADDRINUSE" }, "call",
      "listen 80: EADDRINUSE" },
    { { .kind = TRACE_CALL, .call = TRACE_CALL_CONNECT, .addr = 0x0a000002u, .port = 80, .lport = 40164 },
      "call", "connect 10.0.0.2:80 from port 40164" },
    { { .kind = TRACE_CALL, .call = TRACE_CALL_CONNECT, .addr = 0x0a000002u, .port = 80, .error = 4,
        .name = "EADDRNOTAVAIL" }, "call", "connect 10.0.0.2:80: EADDRNOTAVAIL" },
    { { .kind = TRACE_CALL, .call = TRACE_CALL_SEND, .count = 100, .error = 7, .name = "EPIPE" }, "call",
      "send 100: EPIPE" },
    { { .kind = TRACE_CALL, .call = TRACE_CALL_CLOSE }, "call", "close" },
    { { .kind = TRACE_CALL, .call = TRACE_CALL_ACCEPT, .port = 80, .conn = 3 }, "call", "accept 80" },
    { { .kind = TRACE_CALL, .call = TRACE_CALL_ACCEPT, .port = 80 }, "call", "accept 80: nothing queued" },
    { { .kind = TRACE_CALL, .call = TRACE_CALL_CRASH, .count = 2, .count2 = 1 }, "call",
      "crash: 2 connections, 1 listeners lost" },
    { { .kind = TRACE_CALL, .call = TRACE_CALL_RESTART, .count = 1 }, "call", "restart (boot 1)" },
    { { .kind = TRACE_CALL, .call = TRACE_CALL_STOP_READING }, "call", "stop-reading" },
    { { .kind = TRACE_CALL, .call = TRACE_CALL_READ, .count = 5400 }, "call",
      "read: 5400 bytes were waiting" },
    { { .kind = TRACE_CALL, .call = TRACE_CALL_SEND, .label = "c", .error = 6, .name = "ENOTCONN" }, "call",
      "send c: ENOTCONN" },
    { { .kind = TRACE_STATE, .name = "SYN-SENT" }, "state", "SYN-SENT" },
    { { .kind = TRACE_ERROR, .name = "ETIMEDOUT" }, "error", "ETIMEDOUT" },
    { { .kind = TRACE_DROP, .drop = TRACE_DROP_QUEUE }, "drop", "queue" },
    { { .kind = TRACE_RECV, .arrival = TRACE_ARRIVAL_DUP }, "recv", "dup" },
    { { .kind = TRACE_RECV, .arrival = TRACE_ARRIVAL_NORMAL }, "recv", "" },
    { { .kind = TRACE_TIMER_ARM, .timer = TRACE_TIMER_KEEPALIVE }, NULL, "keepalive" },
    { { .kind = TRACE_TIMER_ARM, .timer = TRACE_TIMER_PERSIST }, NULL, "persist" },
    { { .kind = TRACE_TIMER_CANCEL, .timer = TRACE_TIMER_DELACK }, NULL, "delack" },
    { { .kind = TRACE_OUTCOME, .name = "OK" }, NULL, "OK" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GString *s = g_string_new (NULL);
      trace_words_detail (s, &cases[i].ev);
      g_test_message ("case %zu: %s", i, s->str);
      g_assert_cmpstr (s->str, ==, cases[i].text);
      g_assert_cmpstr (trace_kind_name (cases[i].ev.kind), ==, cases[i].kind);
      g_string_free (s, TRUE);
    }
  g_assert_cmpstr (trace_why_name (TRACE_WHY_FAST_REXMIT), ==, "fast-rexmit");
  g_assert_cmpstr (trace_why_name (TRACE_WHY_DATA), ==, "new");
  g_assert_cmpstr (trace_timer_name (TRACE_TIMER_TIME_WAIT), ==, "time-wait");
  g_assert_cmpstr (trace_call_name (TRACE_CALL_SHUTDOWN), ==, "shutdown");
}

/* Hostile text through trace_gp_quote() comes back from gnuplot as the same
 * text (control characters as spaces) and runs nothing: one string per
 * character class that means something to gnuplot or a shell. */
static void
test_gp_quote (void)
{
  static const char *const hostile[] = {
    "x\";system(\"touch PWNED-dq\");\"",  /* a double-quoted title closed early */
    "x';system('touch PWNED-sq');'",    /* a single-quoted one */
    "a\n!touch PWNED-nl",               /* a new line, then a shell escape */
    "`touch PWNED-bq`",                  /* backquote substitution */
    "$(touch PWNED-dollar)",             /* a shell's substitution */
    "@TITLE macro; print 1",             /* a macro and a command separator */
    "back\\slash \\n \\\" end\\",        /* backslashes are not escapes here */
    "tab\there\rcr\x7f" "del",           /* control characters */
    "näme ünïcode → ok",                 /* UTF-8 passes through */
    "",
  };
  char *gnuplot = g_find_program_in_path ("gnuplot");
  if (gnuplot == NULL)
    {
      g_test_skip ("gnuplot is not installed");
      return;
    }
  char *dir = g_dir_make_tmp ("tcpsim-gp-XXXXXX", NULL);
  g_assert_nonnull (dir);
  char *script = g_build_filename (dir, "q.gp", NULL);
  GString *gp = g_string_new ("set print '-'\n");
  for (gsize i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      char *q = trace_gp_quote (hostile[i]);
      g_string_append_printf (gp, "S = %s\nprint '[' . S . ']'\n", q);
      g_free (q);
    }
  g_assert_true (g_file_set_contents (script, gp->str, -1, NULL));
  const char *argv[] = { gnuplot, script, NULL };
  char *out = NULL, *err = NULL;
  int status;
  g_assert_true (g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  GString *want = g_string_new ("");
  for (gsize i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_string_append_c (want, '[');
      for (const char *c = hostile[i]; *c; c++)
        g_string_append_c (want, ((guchar) *c < 0x20 || *c == 0x7f) ? ' ' : *c);
      g_string_append (want, "]\n");
    }
  g_assert_cmpstr (out, ==, want->str);
  g_assert_cmpstr (err, ==, "");
  /* Nothing ran: the folder holds the script only. */
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    g_assert_cmpstr (name, ==, "q.gp");
  g_dir_close (d);
  g_assert_true (trace_gp_unquotable ("a\nb"));
  g_assert_false (trace_gp_unquotable ("a b'\"`$"));
  g_unlink (script);
  g_rmdir (dir);
  g_string_free (want, TRUE);
  g_string_free (gp, TRUE);
  g_free (out);
  g_free (err);
  g_free (script);
  g_free (dir);
  g_free (gnuplot);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/trace/tsv/rows", test_tsv_rows);
  g_test_add_func ("/trace/tsv-read/roundtrip", test_tsv_read_roundtrip);
  g_test_add_func ("/trace/tsv-read/details", test_tsv_read_details);
  g_test_add_func ("/trace/tsv-read/invalid", test_tsv_read_invalid);
  g_test_add_func ("/trace/tsv-read/fuzz", test_tsv_read_fuzz);
  g_test_add_func ("/trace/jsonl/lines", test_jsonl_lines);
  g_test_add_func ("/trace/summary/karn", test_summary_karn);
  g_test_add_func ("/trace/text/lines", test_text_lines);
  g_test_add_func ("/trace/text/dsack", test_text_dsack);
  g_test_add_func ("/trace/pcap/tshark-agrees", test_pcap_tshark);
  g_test_add_func ("/trace/timeline/data", test_timeline_data);
  g_test_add_func ("/trace/words/table", test_words_table);
  g_test_add_func ("/trace/gnuplot/quote", test_gp_quote);
  return g_test_run ();
}
