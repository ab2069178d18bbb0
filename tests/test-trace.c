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

static void
test_tsv_rows (void)
{
  char *out = run_to_memory (lifecycle, TRUE);
  char **lines = g_strsplit (out, "\n", -1);
  g_assert_cmpstr (lines[0], ==,
                   "time\tevent\thost\tconn\tsrc\tsport\tdst\tdport\tflags\tseq\tack\tlen\tdetail\twin\tpeer");
  /* Every record has the 15 columns. */
  guint n = 0;
  for (guint i = 1; lines[i] && lines[i][0]; i++, n++)
    {
      char **cols = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (cols), ==, 15);
      g_strfreev (cols);
    }
  g_assert_cmpuint (n, >, 20);
  /* The handshake, exactly (ports come from the seeded ephemeral search). */
  char *syn = g_strrstr (out, "0.000000000\tsend\tclient\t1\t10.0.0.1\t");
  g_assert_nonnull (syn);
  g_assert_nonnull (strstr (syn, "\t10.0.0.2\t80\tS\t1000\t0\t0\t\t64240\tserver\n"));
  g_assert_nonnull (strstr (out, "0.050000000\tstate\tserver\t1\t\t\t\t\t\t\t\t\tSYN-RECEIVED\t\t\n"));
  g_assert_nonnull (strstr (out, "\tSA\t5000\t1001\t0\t\t65160\tclient\n"));
  g_assert_nonnull (strstr (out, "0.100000000\tstate\tclient\t1\t\t\t\t\t\t\t\t\tESTABLISHED\t\t\n"));
  /* The request and the server's quick ACK of it. */
  g_assert_nonnull (strstr (out, "\t80\tPA\t1001\t5001\t100\t\t63\tserver\n"));
  g_assert_nonnull (strstr (out, "\tA\t5001\t1101\t0\t\t64\tclient\n"));
  /* The lost FIN: a send, then a drop with its reason. */
  g_assert_nonnull (strstr (out, "1.000000000\tdrop\tclient\t1\t10.0.0.1\t"));
  g_assert_nonnull (strstr (out, "\t80\tFA\t1101\t6001\t0\tfault\t63\tserver\n"));
  /* Linux resends the lone FIN as a tail loss probe at 2·SRTT + 200 ms. */
  g_assert_nonnull (strstr (out, "1.300000000\ttimer\tclient\t1\t\t\t\t\t\t\t\t\ttail loss probe\t\t\n"));
  g_strfreev (lines);
  free (out);
}

/* A duplicated FIN is ACKed with a D-SACK block, which the log prints as
 * tcpdump does, relative to the ISN it acknowledges; the server's window
 * field, 64, is its SYN-ACK's 65160 rounded up to the 1024-byte unit. */
static void
test_text_dsack (void)
{
  char *out = run_to_memory ("profile linux\n"
                             "host client 10.0.0.1\n"
                             "host server 10.0.0.2\n"
                             "link client <-> server delay 50ms\n"
                             "fault client -> server duplicate after 10ms FIN #1\n"
                             "at 0s server listen 80\n"
                             "at 0s client connect server:80 as c\n"
                             "at 1s client close c\n"
                             "at 1.5s server close c\n",
                             FALSE);
  g_assert_nonnull (strstr (out, "1.060000 server.80 > client.56682: [.] seq 1, ack 2, win 64, options "
                                 "[TS val 2039399387 ecr 2899491915,sack 1 {1:2}], length 0\n"));
  free (out);
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
  g_test_add_func ("/trace/text/lines", test_text_lines);
  g_test_add_func ("/trace/text/dsack", test_text_dsack);
  g_test_add_func ("/trace/pcap/tshark-agrees", test_pcap_tshark);
  g_test_add_func ("/trace/timeline/data", test_timeline_data);
  g_test_add_func ("/trace/words/table", test_words_table);
  g_test_add_func ("/trace/gnuplot/quote", test_gp_quote);
  return g_test_run ();
}
