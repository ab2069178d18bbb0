/* Tests of one-direction links (src/net/link.c) and segment classes and
 * scripted faults (src/net/fault.c).
 *
 * Each case builds a Sim, a TraceBus with a recording sink and one link
 * whose far end records (time, segment) for every arrival, then asserts
 * the exact arrivals at the exact simulated times and the exact trace
 * events (a drop's detail is its reason: "fault", "loss" or "queue"; an
 * arrival's is "late" when held back, "dup" for a copy, else none).
 *
 * Randomized cases use fixed seeds, print them with their intervals
 * (g_test_message, shown with --verbose or in the TAP log) and fail with
 * the seed; intervals are two-sided 99.9%. */
#include <math.h>
#include <string.h>

#include <glib.h>

#include "net/fault.h"
#include "net/link.h"
#include "net/segment.h"
#include "trace/trace_words.h"
#include "sim/rng.h"
#include "sim/sched.h"
#include "sim/simtime.h"
#include "trace/trace.h"

/* ---- segment templates ---------------------------------------------------------- */

#define ADDR_A 0x0a000001u /* 10.0.0.1 */
#define ADDR_B 0x0a000002u /* 10.0.0.2 */

static const TcpSegment SEG_SYN = {
  .saddr = ADDR_A, .daddr = ADDR_B, .sport = 40000, .dport = 80,
  .flags = TCP_FLAG_SYN, .opts = TCP_OPT_MSS, .mss = 1460, .win = 65535,
};
static const TcpSegment SEG_SYNACK = {
  .saddr = ADDR_A, .daddr = ADDR_B, .sport = 40000, .dport = 80,
  .flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .opts = TCP_OPT_MSS, .mss = 1460, .win = 65535,
};
static const TcpSegment SEG_ACK = {
  .saddr = ADDR_A, .daddr = ADDR_B, .sport = 40000, .dport = 80,
  .flags = TCP_FLAG_ACK, .win = 65535,
};
static const TcpSegment SEG_DATA = {
  .saddr = ADDR_A, .daddr = ADDR_B, .sport = 40000, .dport = 80,
  .flags = TCP_FLAG_ACK | TCP_FLAG_PSH, .win = 65535, .len = 1000,
};
static const TcpSegment SEG_FIN = {
  .saddr = ADDR_A, .daddr = ADDR_B, .sport = 40000, .dport = 80,
  .flags = TCP_FLAG_FIN | TCP_FLAG_ACK, .win = 65535,
};
static const TcpSegment SEG_RST = {
  .saddr = ADDR_A, .daddr = ADDR_B, .sport = 40000, .dport = 80,
  .flags = TCP_FLAG_RST,
};

/* A copy of a template whose seq field identifies it in the asserts. */
static TcpSegment
seg_id (const TcpSegment *tmpl, guint32 id)
{
  TcpSegment s = *tmpl;
  s.seq = id;
  s.tag.conn = 7;
  return s;
}

/* Field by field: a struct copy need not copy padding, so no memcmp. */
static void
assert_seg_equal (const TcpSegment *a, const TcpSegment *b)
{
  g_assert_cmpuint (a->saddr, ==, b->saddr);
  g_assert_cmpuint (a->daddr, ==, b->daddr);
  g_assert_cmpuint (a->sport, ==, b->sport);
  g_assert_cmpuint (a->dport, ==, b->dport);
  g_assert_cmpuint (a->seq, ==, b->seq);
  g_assert_cmpuint (a->ack, ==, b->ack);
  g_assert_cmpuint (a->flags, ==, b->flags);
  g_assert_cmpuint (a->opts, ==, b->opts);
  g_assert_cmpuint (a->wscale, ==, b->wscale);
  g_assert_cmpuint (a->win, ==, b->win);
  g_assert_cmpuint (a->mss, ==, b->mss);
  g_assert_cmpuint (a->ts_val, ==, b->ts_val);
  g_assert_cmpuint (a->ts_ecr, ==, b->ts_ecr);
  g_assert_cmpuint (a->len, ==, b->len);
  g_assert_cmpuint (a->tag.conn, ==, b->tag.conn);
  g_assert_cmpuint (a->tag.seq_base, ==, b->tag.seq_base);
  g_assert_cmpuint (a->tag.ack_base, ==, b->tag.ack_base);
  g_assert_cmpuint (a->tag.why, ==, b->tag.why);
  g_assert_cmpuint (a->tag.retransmit, ==, b->tag.retransmit);
}

/* ---- fixture ---------------------------------------------------------------------- */

typedef struct
{
  SimTime at;
  TcpSegment seg;
} Arrival;

typedef struct
{
  TraceKind kind;
  SimTime time;
  const char *host, *peer;
  guint64 conn;
  guint32 id; /* the segment's seq */
  char detail[16];
} Seen;

typedef struct
{
  Sim sim;
  TraceBus bus;
  Link link;
  GArray *arrivals; /* Arrival */
  GArray *events;   /* Seen */
  SimTimer clock;   /* a no-op timer used to move the clock forward */
} LinkFixture;

static void
record_arrival (gpointer ctx, const TcpSegment *seg)
{
  LinkFixture *fx = ctx;
  Arrival a = { .at = fx->sim.now, .seg = *seg };
  g_array_append_val (fx->arrivals, a);
}

static void
record_event (gpointer ctx, const TraceEvent *ev)
{
  LinkFixture *fx = ctx;
  Seen s = {
    .kind = ev->kind, .time = ev->time, .host = ev->host, .peer = ev->peer,
    .conn = ev->conn, .id = ev->seg ? ev->seg->seq : 0,
  };
  GString *detail = g_string_new (NULL);
  trace_words_detail (detail, ev);
  g_strlcpy (s.detail, detail->str, sizeof s.detail);
  g_string_free (detail, TRUE);
  g_array_append_val (fx->events, s);
}

static void
clock_noop (Sim *sim, gpointer ctx)
{
  (void) sim;
  (void) ctx;
}

/* A link "a" -> "b" with the given delay; traced unless trace is FALSE. */
static void
fixture_init (LinkFixture *fx, guint64 seed, SimTime delay, gboolean trace)
{
  sim_init (&fx->sim);
  trace_bus_init (&fx->bus);
  fx->arrivals = g_array_new (FALSE, FALSE, sizeof (Arrival));
  fx->events = g_array_new (FALSE, FALSE, sizeof (Seen));
  if (trace)
    trace_bus_subscribe (&fx->bus, record_event, fx);
  link_init (&fx->link, &fx->sim, &fx->bus, seed, "a", "b", ADDR_B, record_arrival, fx);
  fx->link.delay = delay;
  sim_timer_init (&fx->clock, clock_noop, NULL);
}

static void
fixture_clear (LinkFixture *fx)
{
  link_clear (&fx->link);
  sim_timer_cancel (&fx->sim, &fx->clock);
  g_array_free (fx->arrivals, TRUE);
  g_array_free (fx->events, TRUE);
  trace_bus_clear (&fx->bus);
  sim_clear (&fx->sim);
}

/* Runs everything due up to t, then leaves the clock at exactly t. */
static void
run_to (LinkFixture *fx, SimTime t)
{
  g_assert_cmpint (t, >=, fx->sim.now);
  sim_run (&fx->sim, t, 0);
  if (fx->sim.now < t)
    {
      sim_timer_arm (&fx->sim, &fx->clock, t);
      sim_run (&fx->sim, t, 0);
    }
  g_assert_cmpint (fx->sim.now, ==, t);
}

static void
send_at (LinkFixture *fx, SimTime t, const TcpSegment *tmpl, guint32 id)
{
  run_to (fx, t);
  TcpSegment s = seg_id (tmpl, id);
  link_send (&fx->link, &s);
}

static void
run_all (LinkFixture *fx)
{
  sim_run (&fx->sim, SIM_TIME_NEVER, 0);
}

static const Arrival *
arrival (const LinkFixture *fx, guint i)
{
  g_assert_cmpuint (i, <, fx->arrivals->len);
  return &g_array_index (fx->arrivals, Arrival, i);
}

static void
assert_arrival (const LinkFixture *fx, guint i, guint32 id, SimTime at)
{
  const Arrival *a = arrival (fx, i);
  if (a->seg.seq != id || a->at != at)
    g_test_message ("arrival %u: expected segment %u at %" G_GINT64_FORMAT
                    ", got segment %u at %" G_GINT64_FORMAT, i, id, at, a->seg.seq, a->at);
  g_assert_cmpuint (a->seg.seq, ==, id);
  g_assert_cmpint (a->at, ==, at);
}

/* The ids of the segments dropped, in order, each with this reason. */
static void
assert_drops (const LinkFixture *fx, const char *reason, const guint32 *ids, guint n)
{
  guint k = 0;
  for (guint i = 0; i < fx->events->len; i++)
    {
      const Seen *s = &g_array_index (fx->events, Seen, i);
      if (s->kind != TRACE_DROP)
        continue;
      g_assert_cmpstr (s->detail, ==, reason);
      g_assert_cmpstr (s->host, ==, "a");
      g_assert_cmpstr (s->peer, ==, "b");
      g_assert_cmpuint (k, <, n);
      g_assert_cmpuint (s->id, ==, ids[k]);
      k++;
    }
  g_assert_cmpuint (k, ==, n);
  g_assert_cmpuint (fx->link.dropped, ==, n);
}

#define ASSERT_DROPS(fx, reason, ...)                                            \
  do                                                                             \
    {                                                                            \
      static const guint32 ids_[] = { __VA_ARGS__ };                             \
      assert_drops ((fx), (reason), ids_, G_N_ELEMENTS (ids_));                  \
    }                                                                            \
  while (0)

/* The ids that arrived, in arrival order. */
static void
assert_arrived_ids (const LinkFixture *fx, const guint32 *ids, guint n)
{
  for (guint i = 0; i < MIN (n, fx->arrivals->len); i++)
    g_assert_cmpuint (arrival (fx, i)->seg.seq, ==, ids[i]);
  g_assert_cmpuint (fx->arrivals->len, ==, n);
}

#define ASSERT_ARRIVED(fx, ...)                                                  \
  do                                                                             \
    {                                                                            \
      static const guint32 ids_[] = { __VA_ARGS__ };                             \
      assert_arrived_ids ((fx), ids_, G_N_ELEMENTS (ids_));                      \
    }                                                                            \
  while (0)

/* ---- delay ------------------------------------------------------------------------ */

static void
test_delay_constant (void)
{
  LinkFixture fx;
  fixture_init (&fx, 1, 50 * SIM_MS, TRUE);
  send_at (&fx, 0, &SEG_SYN, 1);
  send_at (&fx, 7 * SIM_MS, &SEG_ACK, 2);
  send_at (&fx, 123 * SIM_MS + 1, &SEG_DATA, 3);
  run_all (&fx);

  g_assert_cmpuint (fx.arrivals->len, ==, 3);
  assert_arrival (&fx, 0, 1, 50 * SIM_MS);
  assert_arrival (&fx, 1, 2, 57 * SIM_MS);
  assert_arrival (&fx, 2, 3, 173 * SIM_MS + 1);
  /* The segment arrives as sent, every field. */
  TcpSegment expect = seg_id (&SEG_DATA, 3);
  assert_seg_equal (&arrival (&fx, 2)->seg, &expect);
  g_assert_cmpuint (fx.link.sent, ==, 3);
  g_assert_cmpuint (fx.link.delivered, ==, 3);
  g_assert_cmpuint (fx.link.dropped, ==, 0);

  /* The trace: SEND at the sending time from a to b, RECV at the arrival
   * time at b from a, in time order. */
  static const struct
  {
    TraceKind kind;
    SimTime time;
    guint32 id;
  } expect_ev[] = {
    { TRACE_SEND, 0, 1 }, { TRACE_SEND, 7 * SIM_MS, 2 },
    { TRACE_RECV, 50 * SIM_MS, 1 }, { TRACE_RECV, 57 * SIM_MS, 2 },
    { TRACE_SEND, 123 * SIM_MS + 1, 3 }, { TRACE_RECV, 173 * SIM_MS + 1, 3 },
  };
  g_assert_cmpuint (fx.events->len, ==, G_N_ELEMENTS (expect_ev));
  for (guint i = 0; i < G_N_ELEMENTS (expect_ev); i++)
    {
      const Seen *s = &g_array_index (fx.events, Seen, i);
      g_assert_cmpint (s->kind, ==, expect_ev[i].kind);
      g_assert_cmpint (s->time, ==, expect_ev[i].time);
      g_assert_cmpuint (s->id, ==, expect_ev[i].id);
      g_assert_cmpuint (s->conn, ==, 7);
      g_assert_cmpstr (s->host, ==, s->kind == TRACE_SEND ? "a" : "b");
      g_assert_cmpstr (s->peer, ==, s->kind == TRACE_SEND ? "b" : "a");
    }
  fixture_clear (&fx);
}

static void
test_delay_zero (void)
{
  /* No delay: the segment arrives at the sending instant, but through the
   * queue, not inside link_send. */
  LinkFixture fx;
  fixture_init (&fx, 1, 0, FALSE);
  send_at (&fx, 5 * SIM_MS, &SEG_ACK, 1);
  g_assert_cmpuint (fx.arrivals->len, ==, 0);
  run_all (&fx);
  g_assert_cmpuint (fx.arrivals->len, ==, 1);
  assert_arrival (&fx, 0, 1, 5 * SIM_MS);
  fixture_clear (&fx);
}

static void
test_delay_fifo_many (void)
{
  /* 5000 segments at random spacing (zero included) with about 50 in
   * flight, so the ring wraps and grows with its head in the middle. */
  const guint64 seed = 11;
  enum { N = 5000 };
  LinkFixture fx;
  fixture_init (&fx, seed, 50 * SIM_MS, FALSE);
  SimRng rng;
  sim_rng_init (&rng, seed, "test/link-fifo-many");
  SimTime *sent_at = g_new (SimTime, N);
  SimTime t = 0;
  for (guint32 i = 0; i < N; i++)
    {
      guint64 r = sim_rng_next (&rng);
      if (r % 4 != 0)
        t += (SimTime) ((r >> 8) % (2 * SIM_MS));
      sent_at[i] = t;
      send_at (&fx, t, i % 2 ? &SEG_DATA : &SEG_ACK, i);
    }
  run_all (&fx);

  g_assert_cmpuint (fx.arrivals->len, ==, N);
  for (guint32 i = 0; i < N; i++)
    {
      const Arrival *a = arrival (&fx, i);
      if (a->seg.seq != i || a->at != sent_at[i] + 50 * SIM_MS)
        g_test_message ("seed %" G_GUINT64_FORMAT ": arrival %u", seed, i);
      g_assert_cmpuint (a->seg.seq, ==, i);
      g_assert_cmpint (a->at, ==, sent_at[i] + 50 * SIM_MS);
      g_assert_cmpuint (a->seg.len, ==, i % 2 ? SEG_DATA.len : 0);
    }
  g_assert_cmpuint (fx.link.delivered, ==, N);
  g_assert_false (sim_timer_armed (&fx.link.timer));
  g_free (sent_at);
  fixture_clear (&fx);
}

static void
test_delay_same_instant (void)
{
  enum { N = 100 };
  LinkFixture fx;
  fixture_init (&fx, 1, 20 * SIM_MS, FALSE);
  run_to (&fx, 5 * SIM_MS);
  for (guint32 i = 0; i < N; i++)
    {
      TcpSegment s = seg_id (&SEG_DATA, i);
      link_send (&fx.link, &s);
    }
  /* One timer for the whole link, however many are in flight. */
  g_assert_cmpuint (fx.sim.len, ==, 1);
  run_all (&fx);

  g_assert_cmpuint (fx.arrivals->len, ==, N);
  for (guint32 i = 0; i < N; i++)
    assert_arrival (&fx, i, i, 25 * SIM_MS);
  fixture_clear (&fx);
}

/* A segment delivered on a link may make the receiver send on the same
 * link at once (a host answering itself): the ring must survive that, and
 * so must the segment handed to the receiver, which it reads only after
 * sending here. */
typedef struct
{
  LinkFixture *fx;
  guint32 echoes;
} Echo;

enum { ECHO_N = 20, ECHO_BURST = 5, ECHO_BASE = 1000 };

static void
echo_arrival (gpointer ctx, const TcpSegment *seg)
{
  Echo *e = ctx;
  if (seg->seq < ECHO_BASE)
    {
      /* Enough at once that the ring grows while seg is in use. */
      for (guint32 k = 0; k < ECHO_BURST; k++)
        {
          TcpSegment s = SEG_ACK;
          s.seq = ECHO_BASE + seg->seq * ECHO_BURST + k;
          link_send (&e->fx->link, &s);
          e->echoes++;
        }
    }
  record_arrival (e->fx, seg);
}

static void
test_delay_send_from_delivery (void)
{
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, FALSE);
  Echo echo = { .fx = &fx };
  fx.link.deliver = echo_arrival;
  fx.link.deliver_ctx = &echo;
  for (guint32 i = 0; i < ECHO_N; i++)
    send_at (&fx, (SimTime) i * SIM_MS, &SEG_DATA, i);
  run_all (&fx);

  /* Original i arrives at i ms + 10 ms, intact; its echoes arrive 10 ms
   * later, in the order they were sent. */
  g_assert_cmpuint (echo.echoes, ==, ECHO_N * ECHO_BURST);
  g_assert_cmpuint (fx.arrivals->len, ==, ECHO_N * (1 + ECHO_BURST));
  guint32 next_orig = 0, next_echo = ECHO_BASE;
  for (guint i = 0; i < fx.arrivals->len; i++)
    {
      const Arrival *a = arrival (&fx, i);
      if (a->seg.seq < ECHO_BASE)
        {
          TcpSegment expect = seg_id (&SEG_DATA, next_orig);
          assert_seg_equal (&a->seg, &expect);
          g_assert_cmpint (a->at, ==, (SimTime) next_orig * SIM_MS + 10 * SIM_MS);
          next_orig++;
        }
      else
        {
          guint32 orig = (a->seg.seq - ECHO_BASE) / ECHO_BURST;
          g_assert_cmpuint (a->seg.seq, ==, next_echo);
          g_assert_cmpuint (a->seg.flags, ==, TCP_FLAG_ACK);
          g_assert_cmpint (a->at, ==, (SimTime) orig * SIM_MS + 20 * SIM_MS);
          next_echo++;
        }
    }
  g_assert_cmpuint (next_orig, ==, ECHO_N);
  g_assert_cmpuint (next_echo, ==, ECHO_BASE + ECHO_N * ECHO_BURST);
  fixture_clear (&fx);
}

/* ---- rate and queue ------------------------------------------------------------------ */

/* 1 Mbit/s, 1000 payload bytes + 40 header bytes. */
#define RATE_1M G_GUINT64_CONSTANT (1000000)
#define TX_1000 ((SimTime) (1000 + 40) * 8 * SIM_US)

static void
test_rate_serialization (void)
{
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  fx.link.rate = RATE_1M;

  /* Five back to back: each waits for the one before it. */
  for (guint32 i = 0; i < 5; i++)
    send_at (&fx, 0, &SEG_DATA, i);
  /* One sent while the transmitter is still busy with those. */
  send_at (&fx, TX_1000 / 2, &SEG_DATA, 5);
  /* One after the transmitter went idle: no queueing. */
  send_at (&fx, SIM_S, &SEG_DATA, 6);
  /* A pure ACK: 40 bytes, 320 us. */
  send_at (&fx, 2 * SIM_S, &SEG_ACK, 7);
  run_all (&fx);

  g_assert_cmpint (TX_1000, ==, 8320 * SIM_US);
  g_assert_cmpuint (fx.arrivals->len, ==, 8);
  for (guint32 i = 0; i < 6; i++)
    assert_arrival (&fx, i, i, (SimTime) (i + 1) * TX_1000 + 10 * SIM_MS);
  assert_arrival (&fx, 6, 6, SIM_S + TX_1000 + 10 * SIM_MS);
  assert_arrival (&fx, 7, 7, 2 * SIM_S + 320 * SIM_US + 10 * SIM_MS);
  g_assert_cmpuint (fx.link.dropped, ==, 0);
  fixture_clear (&fx);
}

static void
test_rate_unlimited_queue (void)
{
  enum { N = 300 };
  LinkFixture fx;
  fixture_init (&fx, 1, 0, FALSE);
  fx.link.rate = RATE_1M;
  for (guint32 i = 0; i < N; i++)
    send_at (&fx, 0, &SEG_DATA, i);
  run_all (&fx);
  g_assert_cmpuint (fx.arrivals->len, ==, N);
  for (guint32 i = 0; i < N; i++)
    assert_arrival (&fx, i, i, (SimTime) (i + 1) * TX_1000);
  fixture_clear (&fx);
}

static void
test_rate_queue_limit (void)
{
  /* qlimit 3: while segment 0 is being serialized, three more may wait;
   * the rest of the burst is dropped with reason "queue". */
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  fx.link.rate = RATE_1M;
  fx.link.qlimit = 3;
  send_at (&fx, 0, &SEG_DATA, 0);
  for (guint32 i = 1; i <= 10; i++)
    send_at (&fx, TX_1000 / 2, &SEG_DATA, i);
  /* Segment 0 is gone and 1 is on the wire: one place is free. */
  send_at (&fx, TX_1000 + TX_1000 / 2, &SEG_DATA, 11);
  send_at (&fx, TX_1000 + TX_1000 / 2, &SEG_DATA, 12);
  run_all (&fx);

  ASSERT_ARRIVED (&fx, 0, 1, 2, 3, 11);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (arrival (&fx, i)->at, ==, (SimTime) (i + 1) * TX_1000 + 10 * SIM_MS);
  ASSERT_DROPS (&fx, "queue", 4, 5, 6, 7, 8, 9, 10, 12);
  for (guint i = 0; i < fx.events->len; i++)
    {
      const Seen *s = &g_array_index (fx.events, Seen, i);
      if (s->kind == TRACE_DROP)
        g_assert_cmpint (s->time, ==, s->id == 12 ? TX_1000 + TX_1000 / 2 : TX_1000 / 2);
    }

  /* Once the queue has drained, the link takes segments again. */
  send_at (&fx, SIM_S, &SEG_DATA, 13);
  run_all (&fx);
  g_assert_cmpuint (fx.arrivals->len, ==, 6);
  assert_arrival (&fx, 5, 13, SIM_S + TX_1000 + 10 * SIM_MS);
  fixture_clear (&fx);
}

static void
test_rate_queue_limit_burst_at_once (void)
{
  /* qlimit 1, a burst sent at one instant: the first is on the wire, one
   * waits, the other two are dropped, exactly as for a burst a nanosecond
   * later (the segment being sent does not count as waiting). */
  for (SimTime t0 = 0; t0 <= 1; t0++)
    {
      LinkFixture fx;
      fixture_init (&fx, 1, 0, TRUE);
      fx.link.rate = RATE_1M;
      fx.link.qlimit = 1;
      send_at (&fx, 0, &SEG_DATA, 0);
      for (guint32 i = 1; i <= 3; i++)
        send_at (&fx, t0, &SEG_DATA, i);
      run_all (&fx);
      ASSERT_ARRIVED (&fx, 0, 1);
      ASSERT_DROPS (&fx, "queue", 2, 3);
      fixture_clear (&fx);
    }
}

static void
test_rate_queue_limit_small_behind_large (void)
{
  /* A pure ACK behind one large segment being serialized: nothing waits,
   * so with qlimit 2 it is queued, not dropped. */
  LinkFixture fx;
  fixture_init (&fx, 1, 0, TRUE);
  fx.link.rate = RATE_1M;
  fx.link.qlimit = 2;
  send_at (&fx, 0, &SEG_DATA, 0);
  send_at (&fx, 1, &SEG_ACK, 1);
  run_all (&fx);
  ASSERT_ARRIVED (&fx, 0, 1);
  g_assert_cmpint (arrival (&fx, 1)->at, ==, TX_1000 + 40 * 8 * SIM_US);
  g_assert_cmpuint (fx.link.dropped, ==, 0);
  fixture_clear (&fx);
}

static void
test_rate_queue_limit_held_back (void)
{
  /* Segments held back by reordering still wait for the transmitter
   * first, so they count against the queue limit like any other: the
   * same drops as in /link/rate/queue-limit, every arrival late. */
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  fx.link.rate = RATE_1M;
  fx.link.qlimit = 3;
  fx.link.reorder = 1.0;
  fx.link.reorder_delay = SIM_S;
  send_at (&fx, 0, &SEG_DATA, 0);
  for (guint32 i = 1; i <= 10; i++)
    send_at (&fx, TX_1000 / 2, &SEG_DATA, i);
  send_at (&fx, TX_1000 + TX_1000 / 2, &SEG_DATA, 11);
  send_at (&fx, TX_1000 + TX_1000 / 2, &SEG_DATA, 12);
  run_all (&fx);

  ASSERT_ARRIVED (&fx, 0, 1, 2, 3, 11);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (arrival (&fx, i)->at, ==, (SimTime) (i + 1) * TX_1000 + 10 * SIM_MS + SIM_S);
  ASSERT_DROPS (&fx, "queue", 4, 5, 6, 7, 8, 9, 10, 12);
  g_assert_cmpuint (fx.link.held_back, ==, 5);
  fixture_clear (&fx);
}

/* ---- statistics helpers ------------------------------------------------------------ */

/* The two-sided 99.9% quantile of the standard normal distribution. */
#define Z999 3.2905

/* Fails the case (after the message) when got is outside want ± half. */
static void
check_within (guint64 seed, const char *what, double got, double want, double half)
{
  g_test_message ("seed %" G_GUINT64_FORMAT ", %s: %.6g (interval %.6g .. %.6g)", seed, what,
                  got, want - half, want + half);
  if (!(fabs (got - want) <= half))
    g_test_fail_printf ("seed %" G_GUINT64_FORMAT ": %s %.6g outside %.6g .. %.6g", seed, what,
                        got, want - half, want + half);
}

/* The half width of the 99.9% interval of a proportion p over n trials. */
static double
prop_half (double p, double n)
{
  return Z999 * sqrt (p * (1.0 - p) / n);
}

/* Mean and variance, Welford's way. */
typedef struct
{
  double n, mean, m2;
} Moments;

static void
moments_add (Moments *m, double x)
{
  m->n += 1.0;
  double d = x - m->mean;
  m->mean += d / m->n;
  m->m2 += d * (x - m->mean);
}

static double
moments_var (const Moments *m)
{
  return m->m2 / (m->n - 1.0);
}

/* The standard normal distribution function and density. */
static double
std_normal_cdf (double x)
{
  return 0.5 * erfc (-x / sqrt (2.0));
}

static double
std_normal_pdf (double x)
{
  return exp (-0.5 * x * x) / sqrt (2.0 * G_PI);
}

/* ---- jitter ------------------------------------------------------------------------ */

/* Sends n segments spaced far apart (so none can wait for another) on a
 * link with the given delay and jitter; returns each segment's delay, in
 * order, after checking that each arrived once and in order. */
static SimTime *
jitter_delays (guint64 seed, LinkJitterModel model, SimTime delay, SimTime jitter, guint32 n)
{
  const SimTime spacing = 100 * SIM_MS;
  g_assert_cmpint (delay + 4 * jitter, <, spacing);
  LinkFixture fx;
  fixture_init (&fx, seed, delay, FALSE);
  fx.link.jitter_model = model;
  fx.link.jitter = jitter;
  for (guint32 i = 0; i < n; i++)
    send_at (&fx, (SimTime) i * spacing, &SEG_DATA, i);
  run_all (&fx);
  g_assert_cmpuint (fx.arrivals->len, ==, n);
  SimTime *d = g_new (SimTime, n);
  for (guint32 i = 0; i < n; i++)
    {
      const Arrival *a = arrival (&fx, i);
      g_assert_cmpuint (a->seg.seq, ==, i);
      d[i] = a->at - (SimTime) i * spacing;
    }
  fixture_clear (&fx);
  return d;
}

static void
test_jitter_uniform (void)
{
  /* Delay 50 ms ± 10 ms: within the bounds, both ends reached, mean and
   * variance (width² / 12) of the uniform distribution. */
  const guint64 seed = 21;
  const guint32 n = 100000;
  const SimTime d = 50 * SIM_MS, j = 10 * SIM_MS;
  SimTime *delays = jitter_delays (seed, LINK_JITTER_UNIFORM, d, j, n);
  Moments m = { 0 };
  SimTime lo = G_MAXINT64, hi = 0;
  for (guint32 i = 0; i < n; i++)
    {
      if (delays[i] < d - j || delays[i] > d + j)
        g_test_fail_printf ("seed %" G_GUINT64_FORMAT ": segment %u delayed %" G_GINT64_FORMAT
                            " ns, outside 40 .. 60 ms", seed, i, delays[i]);
      lo = MIN (lo, delays[i]);
      hi = MAX (hi, delays[i]);
      moments_add (&m, (double) delays[i]);
    }
  g_assert_cmpint (lo, <, d - j + 10 * SIM_US);
  g_assert_cmpint (hi, >, d + j - 10 * SIM_US);
  double sd = (double) j / sqrt (3.0);
  check_within (seed, "uniform jitter mean (ns)", m.mean, (double) d, Z999 * sd / sqrt (n));
  /* The variance of the sample variance of a uniform is 0.8·σ⁴ / n. */
  check_within (seed, "uniform jitter variance (ns²)", moments_var (&m), sd * sd,
                Z999 * sqrt (0.8 / n) * sd * sd);
  g_free (delays);
}

static void
test_jitter_uniform_cut_at_zero (void)
{
  /* Delay 2 ms ± 5 ms would go below zero: the delay is uniform on what
   * is left, [0, 7 ms]. */
  const guint64 seed = 22;
  const guint32 n = 20000;
  const SimTime d = 2 * SIM_MS, j = 5 * SIM_MS;
  SimTime *delays = jitter_delays (seed, LINK_JITTER_UNIFORM, d, j, n);
  Moments m = { 0 };
  for (guint32 i = 0; i < n; i++)
    {
      g_assert_cmpint (delays[i], >=, 0);
      g_assert_cmpint (delays[i], <=, d + j);
      moments_add (&m, (double) delays[i]);
    }
  double width = (double) (d + j);
  check_within (seed, "cut uniform jitter mean (ns)", m.mean, width / 2.0,
                Z999 * width / sqrt (12.0 * n));
  g_free (delays);
}

static void
test_jitter_normal (void)
{
  /* Delay 50 ms, σ = 2 ms (the cut at zero is 25 σ away): sample mean,
   * standard deviation and the share within one σ. */
  const guint64 seed = 23;
  const guint32 n = 100000;
  const SimTime d = 50 * SIM_MS, sigma = 2 * SIM_MS;
  SimTime *delays = jitter_delays (seed, LINK_JITTER_NORMAL, d, sigma, n);
  Moments m = { 0 };
  guint32 within = 0;
  for (guint32 i = 0; i < n; i++)
    {
      moments_add (&m, (double) delays[i]);
      if (llabs (delays[i] - d) <= sigma)
        within++;
    }
  double s = (double) sigma;
  check_within (seed, "normal jitter mean (ns)", m.mean, (double) d, Z999 * s / sqrt (n));
  /* The sample standard deviation of a normal has a standard error of
   * σ / sqrt(2n). */
  check_within (seed, "normal jitter std dev (ns)", sqrt (moments_var (&m)), s,
                Z999 * s / sqrt (2.0 * n));
  double p1 = std_normal_cdf (1.0) - std_normal_cdf (-1.0);
  check_within (seed, "normal jitter share within 1 sigma", (double) within / n, p1,
                prop_half (p1, n));
  g_free (delays);
}

static void
test_jitter_normal_truncated (void)
{
  /* Delay 1 ms, σ = 5 ms: a draw below zero is drawn again, so delays are
   * the normal conditioned on >= 0 (not clamped to 0: no pile at zero,
   * mean d + σ·φ(a) / (1 - Φ(a)) with a = -d/σ, 4.38 ms, where clamping
   * would give 2.53 ms). */
  const guint64 seed = 24;
  const guint32 n = 50000;
  const SimTime d = 1 * SIM_MS, sigma = 5 * SIM_MS;
  SimTime *delays = jitter_delays (seed, LINK_JITTER_NORMAL, d, sigma, n);
  Moments m = { 0 };
  guint32 zero = 0, below_d = 0;
  for (guint32 i = 0; i < n; i++)
    {
      g_assert_cmpint (delays[i], >=, 0);
      zero += delays[i] == 0;
      below_d += delays[i] < d;
      moments_add (&m, (double) delays[i]);
    }
  g_assert_cmpuint (zero, <, 5);
  double a = -(double) d / (double) sigma;
  double tail = 1.0 - std_normal_cdf (a);
  double ratio = std_normal_pdf (a) / tail;
  double mean = (double) d + (double) sigma * ratio;
  double var = (double) sigma * (double) sigma * (1.0 + a * ratio - ratio * ratio);
  check_within (seed, "truncated normal mean (ns)", m.mean, mean, Z999 * sqrt (var / n));
  double pb = (std_normal_cdf (0.0) - std_normal_cdf (a)) / tail;
  check_within (seed, "truncated normal share below the delay", (double) below_d / n, pb,
                prop_half (pb, n));
  g_free (delays);
}

/* Jitter alone never reorders: segments sent close together arrive in the
 * order sent, each no earlier than its own lower bound and, when not held
 * up behind the one before, no later than its upper bound. */
static void
check_jitter_fifo (guint64 seed, LinkJitterModel model, SimTime j, SimTime lo, SimTime hi)
{
  enum { N = 20000 };
  const SimTime d = 20 * SIM_MS;
  LinkFixture fx;
  fixture_init (&fx, seed, d, FALSE);
  fx.link.jitter_model = model;
  fx.link.jitter = j;
  SimRng rng;
  sim_rng_init (&rng, seed, "test/link-jitter-fifo");
  SimTime *sent_at = g_new (SimTime, N);
  SimTime t = 0;
  for (guint32 i = 0; i < N; i++)
    {
      guint64 r = sim_rng_next (&rng);
      if (r % 4 != 0)
        t += (SimTime) ((r >> 8) % (2 * SIM_MS));
      sent_at[i] = t;
      send_at (&fx, t, &SEG_DATA, i);
      /* However many are in flight, the link has one timer. */
      g_assert_cmpuint (fx.sim.len, <=, 1);
    }
  run_all (&fx);

  g_assert_cmpuint (fx.arrivals->len, ==, N);
  guint32 held_up = 0;
  for (guint32 i = 0; i < N; i++)
    {
      const Arrival *a = arrival (&fx, i);
      SimTime prev = i > 0 ? arrival (&fx, i - 1)->at : 0;
      gboolean ok = a->seg.seq == i && a->at >= prev && a->at >= sent_at[i] + d + lo
                    && (a->at <= sent_at[i] + d + hi || a->at == prev);
      if (!ok)
        g_test_fail_printf ("seed %" G_GUINT64_FORMAT ": arrival %u is segment %u at %"
                            G_GINT64_FORMAT " (sent at %" G_GINT64_FORMAT ", previous arrival %"
                            G_GINT64_FORMAT ")", seed, i, a->seg.seq, a->at, sent_at[i], prev);
      if (i > 0 && a->at == prev && sent_at[i] != sent_at[i - 1])
        held_up++;
    }
  /* The FIFO rule did hold some up (else this case proves nothing). */
  g_test_message ("seed %" G_GUINT64_FORMAT ": %u of %u held up behind the one before", seed,
                  held_up, N);
  g_assert_cmpuint (held_up, >, 100);
  g_assert_cmpuint (fx.link.held_back, ==, 0);
  g_assert_null (fx.link.held);
  g_free (sent_at);
  fixture_clear (&fx);
}

static void
test_jitter_never_reorders (void)
{
  check_jitter_fifo (25, LINK_JITTER_UNIFORM, 10 * SIM_MS, -10 * SIM_MS, 10 * SIM_MS);
  /* Normal: no upper bound; the lower bound is a zero delay. */
  check_jitter_fifo (26, LINK_JITTER_NORMAL, 10 * SIM_MS, -20 * SIM_MS, G_MAXINT64 / 4);
}

/* ---- reordering ------------------------------------------------------------------ */

static void
test_reorder_exact (void)
{
  /* Every segment held back by 5 ms: they stay in order among themselves,
   * each 5 ms late, each traced "late". */
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  fx.link.reorder = 1.0;
  fx.link.reorder_delay = 5 * SIM_MS;
  for (guint32 i = 0; i < 4; i++)
    send_at (&fx, (SimTime) i * SIM_MS, &SEG_DATA, i);
  run_all (&fx);
  ASSERT_ARRIVED (&fx, 0, 1, 2, 3);
  for (guint32 i = 0; i < 4; i++)
    assert_arrival (&fx, i, i, (SimTime) i * SIM_MS + 15 * SIM_MS);
  guint recv = 0;
  for (guint i = 0; i < fx.events->len; i++)
    {
      const Seen *s = &g_array_index (fx.events, Seen, i);
      if (s->kind == TRACE_RECV)
        {
          g_assert_cmpstr (s->detail, ==, "late");
          g_assert_cmpstr (s->host, ==, "b");
          g_assert_cmpstr (s->peer, ==, "a");
          recv++;
        }
    }
  g_assert_cmpuint (recv, ==, 4);
  g_assert_cmpuint (fx.link.held_back, ==, 4);
  fixture_clear (&fx);
}

static void
test_reorder_zero_delay (void)
{
  /* Picked but held back by nothing: an ordinary arrival, not "late". */
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  fx.link.reorder = 1.0;
  send_at (&fx, 0, &SEG_DATA, 0);
  send_at (&fx, 0, &SEG_DATA, 1);
  run_all (&fx);
  assert_arrival (&fx, 0, 0, 10 * SIM_MS);
  assert_arrival (&fx, 1, 1, 10 * SIM_MS);
  for (guint i = 0; i < fx.events->len; i++)
    g_assert_cmpstr (g_array_index (fx.events, Seen, i).detail, ==, "");
  g_assert_cmpuint (fx.link.held_back, ==, 0);
  fixture_clear (&fx);
}

static void
test_reorder_rate (void)
{
  /* Reorder 0.1, held 5 ms, a segment every 1 ms over a 10 ms delay: the
   * share held back is within its interval; each arrives at exactly
   * +10 ms or +15 ms; arrivals are in (time, sending) order; a held one is
   * overtaken exactly when one of the four sent after it is not held. */
  const guint64 seed = 31;
  const double r = 0.1;
  enum { N = 100000, HOLD_MS = 5 };
  LinkFixture fx;
  fixture_init (&fx, seed, 10 * SIM_MS, FALSE);
  fx.link.reorder = r;
  fx.link.reorder_delay = HOLD_MS * SIM_MS;
  for (guint32 i = 0; i < N; i++)
    {
      send_at (&fx, (SimTime) i * SIM_MS, &SEG_DATA, i);
      g_assert_cmpuint (fx.sim.len, <=, 1);
    }
  run_all (&fx);
  g_assert_cmpuint (fx.arrivals->len, ==, N);

  gboolean *late = g_new0 (gboolean, N);
  guint32 *pos = g_new (guint32, N);
  guint32 nlate = 0;
  for (guint32 i = 0; i < N; i++)
    {
      const Arrival *a = arrival (&fx, i);
      guint32 id = a->seg.seq;
      SimTime base = (SimTime) id * SIM_MS + 10 * SIM_MS;
      g_assert_true (a->at == base || a->at == base + HOLD_MS * SIM_MS);
      late[id] = a->at != base;
      nlate += late[id];
      pos[id] = i;
      if (i > 0)
        {
          const Arrival *b = arrival (&fx, i - 1);
          g_assert_true (b->at < a->at || (b->at == a->at && b->seg.seq < id));
        }
    }
  g_assert_cmpuint (nlate, ==, fx.link.held_back);
  check_within (seed, "share held back", (double) nlate / N, r, prop_half (r, N));

  guint32 overtaken = 0;
  for (guint32 i = 0; i < N; i++)
    {
      if (!late[i])
        continue;
      gboolean expect = FALSE, got = FALSE;
      for (guint32 k = i + 1; k < MIN (N, i + HOLD_MS); k++)
        {
          expect |= !late[k];
          got |= pos[k] < pos[i];
        }
      if (got != expect)
        g_test_fail_printf ("seed %" G_GUINT64_FORMAT ": segment %u held back, overtaken %d",
                            seed, i, got);
      overtaken += got;
    }
  g_test_message ("seed %" G_GUINT64_FORMAT ": %u held back, %u of them overtaken", seed, nlate,
                  overtaken);
  g_assert_cmpuint (overtaken, >, nlate * 9 / 10);
  g_free (late);
  g_free (pos);
  fixture_clear (&fx);
}

/* ---- duplication ----------------------------------------------------------------- */

static void
test_duplicate_exact (void)
{
  /* Every segment twice, the copy 3 ms behind the original: later
   * segments arrive between them; a copy ties with the segment sent 3 ms
   * after its original and comes first, having been accepted first. */
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  fx.link.duplicate = 1.0;
  fx.link.duplicate_lag = 3 * SIM_MS;
  for (guint32 i = 0; i < 5; i++)
    send_at (&fx, (SimTime) i * SIM_MS, &SEG_DATA, i);
  run_all (&fx);

  static const struct
  {
    guint32 id;
    SimTime at_ms;
    const char *detail;
  } expect[] = {
    { 0, 10, "" }, { 1, 11, "" }, { 2, 12, "" }, { 0, 13, "dup" }, { 3, 13, "" },
    { 1, 14, "dup" }, { 4, 14, "" }, { 2, 15, "dup" }, { 3, 16, "dup" }, { 4, 17, "dup" },
  };
  g_assert_cmpuint (fx.arrivals->len, ==, G_N_ELEMENTS (expect));
  guint k = 0;
  for (guint i = 0; i < fx.events->len; i++)
    {
      const Seen *s = &g_array_index (fx.events, Seen, i);
      g_assert_cmpint (s->kind, !=, TRACE_DROP);
      if (s->kind != TRACE_RECV)
        continue;
      assert_arrival (&fx, k, expect[k].id, expect[k].at_ms * SIM_MS);
      TcpSegment orig = seg_id (&SEG_DATA, expect[k].id);
      assert_seg_equal (&arrival (&fx, k)->seg, &orig);
      g_assert_cmpuint (s->id, ==, expect[k].id);
      g_assert_cmpint (s->time, ==, expect[k].at_ms * SIM_MS);
      g_assert_cmpstr (s->detail, ==, expect[k].detail);
      k++;
    }
  g_assert_cmpuint (k, ==, G_N_ELEMENTS (expect));
  g_assert_cmpuint (fx.link.sent, ==, 5);
  g_assert_cmpuint (fx.link.duplicated, ==, 5);
  g_assert_cmpuint (fx.link.delivered, ==, 10);
  fixture_clear (&fx);
}

static void
test_duplicate_rate (void)
{
  /* Duplicate 0.05 with no lag, ten segments sent at each instant: the
   * share of copies is within its interval, and each copy arrives at the
   * same instant as its original, just after it and before the segment
   * sent next, even though that one arrives at the same instant too. */
  const guint64 seed = 32;
  const double p = 0.05;
  enum { N = 100000 };
  LinkFixture fx;
  fixture_init (&fx, seed, 10 * SIM_MS, FALSE);
  fx.link.duplicate = p;
  for (guint32 i = 0; i < N; i++)
    send_at (&fx, (SimTime) (i / 10) * SIM_MS, &SEG_DATA, i);
  run_all (&fx);

  guint32 copies = 0, next = 0;
  for (guint i = 0; i < fx.arrivals->len; i++)
    {
      const Arrival *a = arrival (&fx, i);
      g_assert_cmpint (a->at, ==, (SimTime) (a->seg.seq / 10) * SIM_MS + 10 * SIM_MS);
      if (i > 0 && a->seg.seq == arrival (&fx, i - 1)->seg.seq)
        {
          g_assert_true (i < 2 || arrival (&fx, i - 2)->seg.seq != a->seg.seq);
          copies++;
          continue;
        }
      g_assert_cmpuint (a->seg.seq, ==, next);
      next++;
    }
  g_assert_cmpuint (next, ==, N);
  g_assert_cmpuint (copies, ==, fx.link.duplicated);
  g_assert_cmpuint (fx.link.delivered, ==, N + copies);
  check_within (seed, "share duplicated", (double) copies / N, p, prop_half (p, N));
  fixture_clear (&fx);
}

static void
test_one_timer (void)
{
  /* A burst with held-back segments and copies: still one timer. */
  LinkFixture fx;
  fixture_init (&fx, 33, 20 * SIM_MS, FALSE);
  fx.link.reorder = 0.5;
  fx.link.reorder_delay = 7 * SIM_MS;
  fx.link.duplicate = 0.5;
  fx.link.duplicate_lag = 1 * SIM_MS;
  run_to (&fx, 5 * SIM_MS);
  for (guint32 i = 0; i < 100; i++)
    {
      TcpSegment s = seg_id (&SEG_DATA, i);
      link_send (&fx.link, &s);
    }
  g_assert_cmpuint (fx.link.count, >, 0);
  g_assert_cmpuint (fx.link.nheld, >, 0);
  g_assert_cmpuint (link_in_flight (&fx.link), ==, 100 + fx.link.duplicated);
  g_assert_cmpuint (fx.sim.len, ==, 1);
  run_all (&fx);
  g_assert_cmpuint (fx.arrivals->len, ==, 100 + fx.link.duplicated);
  g_assert_cmpuint (link_in_flight (&fx.link), ==, 0);
  g_assert_false (sim_timer_armed (&fx.link.timer));
  fixture_clear (&fx);
}

static void
test_reorder_send_from_delivery (void)
{
  /* As /link/delay/send-from-delivery, with the heap in use: every
   * original arrives intact, and so does every echo, once or twice. */
  LinkFixture fx;
  fixture_init (&fx, 34, 10 * SIM_MS, FALSE);
  fx.link.reorder = 0.5;
  fx.link.reorder_delay = 3 * SIM_MS;
  fx.link.duplicate = 0.3;
  Echo echo = { .fx = &fx };
  fx.link.deliver = echo_arrival;
  fx.link.deliver_ctx = &echo;
  for (guint32 i = 0; i < ECHO_N; i++)
    send_at (&fx, (SimTime) i * SIM_MS, &SEG_DATA, i);
  run_all (&fx);

  /* Copies of originals echo too, so count what each arrival says. */
  guint32 *seen = g_new0 (guint32, ECHO_BASE + 4 * ECHO_N * ECHO_BURST);
  for (guint i = 0; i < fx.arrivals->len; i++)
    {
      const Arrival *a = arrival (&fx, i);
      if (a->seg.seq < ECHO_BASE)
        {
          TcpSegment expect = seg_id (&SEG_DATA, a->seg.seq);
          assert_seg_equal (&a->seg, &expect);
          g_assert_cmpuint (a->seg.seq, <, ECHO_N);
        }
      else
        g_assert_cmpuint (a->seg.flags, ==, TCP_FLAG_ACK);
      seen[MIN (a->seg.seq, ECHO_BASE + 4 * ECHO_N * ECHO_BURST - 1)]++;
    }
  for (guint32 i = 0; i < ECHO_N; i++)
    g_assert_cmpuint (seen[i], >=, 1);
  g_assert_cmpuint (fx.arrivals->len, ==, fx.link.sent + fx.link.duplicated);
  g_assert_cmpuint (fx.link.sent, ==, ECHO_N + echo.echoes);
  g_assert_cmpuint (fx.link.held_back, >, 0);
  g_assert_cmpuint (fx.link.duplicated, >, 0);
  g_free (seen);
  fixture_clear (&fx);
}

/* ---- Bernoulli loss ------------------------------------------------------------------ */

typedef struct
{
  guint64 n;
} Counter;

static void
count_arrival (gpointer ctx, const TcpSegment *seg)
{
  (void) seg;
  ((Counter *) ctx)->n++;
}

/* Sends n segments through a lossy link and returns how many were lost. */
static guint64
lossy_run (guint64 seed, const char *src, const char *dst, double p, guint64 n)
{
  Sim sim;
  TraceBus bus;
  Link link;
  Counter got = { 0 };
  sim_init (&sim);
  trace_bus_init (&bus);
  link_init (&link, &sim, &bus, seed, src, dst, ADDR_B, count_arrival, &got);
  link.loss = p;
  link.delay = SIM_MS;
  TcpSegment s = SEG_DATA;
  for (guint64 i = 0; i < n; i++)
    {
      s.seq = (guint32) i;
      link_send (&link, &s);
      if (i % 1024 == 1023)
        sim_run (&sim, SIM_TIME_NEVER, 0);
    }
  sim_run (&sim, SIM_TIME_NEVER, 0);
  g_assert_cmpuint (link.sent, ==, n);
  g_assert_cmpuint (link.dropped + link.delivered, ==, n);
  g_assert_cmpuint (got.n, ==, link.delivered);
  guint64 lost = link.dropped;
  link_clear (&link);
  trace_bus_clear (&bus);
  sim_clear (&sim);
  return lost;
}

static void
check_loss_rate (guint64 seed, double p)
{
  const guint64 n = 1000000;
  guint64 lost = lossy_run (seed, "a", "b", p, n);
  double rate = (double) lost / (double) n;
  /* 99.9% two-sided interval of the normal approximation. */
  double half = 3.29 * sqrt (p * (1.0 - p) / (double) n);
  g_test_message ("seed %" G_GUINT64_FORMAT ", p %.2f: lost %" G_GUINT64_FORMAT " of %"
                  G_GUINT64_FORMAT " (%.5f, interval %.5f .. %.5f)",
                  seed, p, lost, n, rate, p - half, p + half);
  if (fabs (rate - p) > half)
    g_test_fail_printf ("seed %" G_GUINT64_FORMAT ", p %.2f: loss rate %.5f outside %.5f .. %.5f",
                        seed, p, rate, p - half, p + half);
}

static void
test_loss_rate_01 (void)
{
  check_loss_rate (1, 0.1);
}

static void
test_loss_rate_03 (void)
{
  check_loss_rate (2, 0.3);
}

static void
test_loss_extremes (void)
{
  g_assert_cmpuint (lossy_run (3, "a", "b", 0.0, 20000), ==, 0);
  g_assert_cmpuint (lossy_run (3, "a", "b", 1.0, 20000), ==, 20000);
}

static void
test_loss_reason (void)
{
  LinkFixture fx;
  fixture_init (&fx, 5, 10 * SIM_MS, TRUE);
  fx.link.loss = 0.5;
  for (guint32 i = 0; i < 200; i++)
    send_at (&fx, (SimTime) i * SIM_MS, &SEG_DATA, i);
  run_all (&fx);

  /* Every segment either arrived or was dropped as "loss", never both. */
  guint drops = 0;
  gboolean *dropped = g_new0 (gboolean, 200);
  for (guint i = 0; i < fx.events->len; i++)
    {
      const Seen *s = &g_array_index (fx.events, Seen, i);
      if (s->kind != TRACE_DROP)
        continue;
      g_assert_cmpstr (s->detail, ==, "loss");
      g_assert_cmpint (s->time, ==, (SimTime) s->id * SIM_MS);
      dropped[s->id] = TRUE;
      drops++;
    }
  for (guint i = 0; i < fx.arrivals->len; i++)
    g_assert_false (dropped[arrival (&fx, i)->seg.seq]);
  g_assert_cmpuint (drops + fx.arrivals->len, ==, 200);
  g_assert_cmpuint (drops, >, 50);
  g_assert_cmpuint (drops, <, 150);
  g_free (dropped);
  fixture_clear (&fx);
}

/* The drop pattern of n segments as a string of '.' (kept) and 'x'. */
typedef struct
{
  GString *pattern;
} PatternSink;

static void
pattern_event (gpointer ctx, const TraceEvent *ev)
{
  PatternSink *ps = ctx;
  if (ev->kind == TRACE_SEND)
    g_string_append_c (ps->pattern, '.');
  else if (ev->kind == TRACE_DROP)
    ps->pattern->str[ps->pattern->len - 1] = 'x';
}

typedef struct
{
  Link link;
  PatternSink sink;
  TraceBus bus;
} PatternLink;

static void
discard_arrival (gpointer ctx, const TcpSegment *seg)
{
  (void) ctx;
  (void) seg;
}

static void
pattern_link_init (PatternLink *pl, Sim *sim, guint64 seed, const char *src, const char *dst)
{
  trace_bus_init (&pl->bus);
  pl->sink.pattern = g_string_new (NULL);
  trace_bus_subscribe (&pl->bus, pattern_event, &pl->sink);
  link_init (&pl->link, sim, &pl->bus, seed, src, dst, ADDR_B, discard_arrival, NULL);
  pl->link.loss = 0.3;
}

static char *
pattern_link_clear (PatternLink *pl)
{
  link_clear (&pl->link);
  trace_bus_clear (&pl->bus);
  return g_string_free (pl->sink.pattern, FALSE);
}

/* The pattern of 2000 segments on src->dst; with other_too, a second link
 * from the same seed carries a segment between each two of the first. */
static char *
loss_pattern (guint64 seed, const char *src, const char *dst, gboolean other_too)
{
  Sim sim;
  sim_init (&sim);
  PatternLink pl, other;
  pattern_link_init (&pl, &sim, seed, src, dst);
  pattern_link_init (&other, &sim, seed, "b", "a");
  for (guint32 i = 0; i < 2000; i++)
    {
      TcpSegment s = seg_id (&SEG_DATA, i);
      link_send (&pl.link, &s);
      if (other_too)
        link_send (&other.link, &s);
    }
  sim_run (&sim, SIM_TIME_NEVER, 0);
  g_free (pattern_link_clear (&other));
  char *pattern = pattern_link_clear (&pl);
  sim_clear (&sim);
  g_assert_cmpuint (strlen (pattern), ==, 2000);
  return pattern;
}

static void
test_loss_streams (void)
{
  char *base = loss_pattern (42, "a", "b", FALSE);
  char *again = loss_pattern (42, "a", "b", FALSE);
  char *with_other = loss_pattern (42, "a", "b", TRUE);
  char *other_name = loss_pattern (42, "a", "c", FALSE);
  char *other_seed = loss_pattern (43, "a", "b", FALSE);

  /* Same seed, same stream: the same drops. */
  g_assert_cmpstr (again, ==, base);
  /* Traffic on another link does not disturb this one's stream. */
  g_assert_cmpstr (with_other, ==, base);
  /* Another name or another seed: another stream. */
  g_assert_cmpstr (other_name, !=, base);
  g_assert_cmpstr (other_seed, !=, base);
  g_assert_nonnull (strchr (base, 'x'));
  g_assert_nonnull (strchr (base, '.'));

  g_free (base);
  g_free (again);
  g_free (with_other);
  g_free (other_name);
  g_free (other_seed);
}

/* ---- Gilbert-Elliott loss ------------------------------------------------------------ */

typedef struct
{
  guint64 n, lost;
  guint64 bursts, burst_sum; /* complete runs of consecutive losses */
} LossRuns;

/* Sends n segments through a link with the given loss model (untraced)
 * and tallies its losses and their runs. */
static void
loss_runs (guint64 seed, LinkLossModel model, const LinkGilbert *g, double p, guint64 n,
           LossRuns *out)
{
  Sim sim;
  Link link;
  Counter got = { 0 };
  sim_init (&sim);
  link_init (&link, &sim, NULL, seed, "a", "b", ADDR_B, count_arrival, &got);
  link.delay = SIM_MS;
  if (model == LINK_LOSS_GILBERT)
    link_set_gilbert (&link, g->p, g->r, g->h, g->k);
  link.loss_model = model;
  link.loss = p;
  *out = (LossRuns) { .n = n };
  guint64 run = 0;
  TcpSegment s = SEG_DATA;
  for (guint64 i = 0; i < n; i++)
    {
      s.seq = (guint32) i;
      guint64 before = link.dropped;
      link_send (&link, &s);
      if (link.dropped != before)
        run++;
      else if (run > 0)
        {
          out->bursts++;
          out->burst_sum += run;
          run = 0;
        }
      if (i % 1024 == 1023)
        sim_run (&sim, SIM_TIME_NEVER, 0);
    }
  sim_run (&sim, SIM_TIME_NEVER, 0);
  out->lost = link.dropped;
  g_assert_cmpuint (link.dropped + link.delivered, ==, n);
  g_assert_cmpuint (got.n, ==, link.delivered);
  link_clear (&link);
  sim_clear (&sim);
}

/* The long-run loss rate of the chain, and the half width of its 99.9%
 * interval over n segments: losses are correlated, so the variance of the
 * mean is that of the noise within a state plus that of the state's loss
 * probability inflated by (1 + λ) / (1 - λ), λ = 1 - p - r being the
 * chain's second eigenvalue. */
static double
gilbert_rate (const LinkGilbert *g, double n, double *half)
{
  double pb = g->p / (g->p + g->r), pg = 1.0 - pb, lambda = 1.0 - g->p - g->r;
  double noise = pb * g->h * (1.0 - g->h) + pg * g->k * (1.0 - g->k);
  double state = (g->h - g->k) * (g->h - g->k) * pb * pg * (1.0 + lambda) / (1.0 - lambda);
  *half = Z999 * sqrt ((noise + state) / n);
  return pb * g->h + pg * g->k;
}

static void
test_gilbert_bursts (void)
{
  /* h = 1, k = 0: the loss rate is p / (p + r) and every loss burst is a
   * stay in the bad state, geometric with mean 1/r. */
  const guint64 seed = 41;
  const LinkGilbert g = { .p = 0.01, .r = 0.25, .h = 1.0, .k = 0.0 };
  const guint64 n = 1000000;
  LossRuns lr;
  loss_runs (seed, LINK_LOSS_GILBERT, &g, 0.0, n, &lr);
  double half;
  double want = gilbert_rate (&g, (double) n, &half);
  check_within (seed, "Gilbert loss rate (h=1)", (double) lr.lost / (double) n, want, half);
  double sd = sqrt (1.0 - g.r) / g.r;
  check_within (seed, "Gilbert mean burst length", (double) lr.burst_sum / (double) lr.bursts,
                1.0 / g.r, Z999 * sd / sqrt ((double) lr.bursts));
}

static void
test_gilbert_h_k (void)
{
  /* Losses in both states: p·h / (p + r) + r·k / (p + r). */
  const guint64 seed = 42;
  const LinkGilbert g = { .p = 0.02, .r = 0.2, .h = 0.6, .k = 0.01 };
  const guint64 n = 1000000;
  LossRuns lr;
  loss_runs (seed, LINK_LOSS_GILBERT, &g, 0.0, n, &lr);
  double half;
  double want = gilbert_rate (&g, (double) n, &half);
  check_within (seed, "Gilbert loss rate (h=0.6, k=0.01)", (double) lr.lost / (double) n, want,
                half);
  /* Bursts are longer than independent losses at that rate would give
   * (1 / (1 - rate), about 1.07). */
  g_assert_cmpfloat ((double) lr.burst_sum / (double) lr.bursts, >, 1.2);
}

static void
test_gilbert_extremes (void)
{
  LossRuns lr;
  /* Never leaves the good state (p = 0), which loses nothing. */
  const LinkGilbert never_bad = { .p = 0.0, .r = 0.5, .h = 1.0 };
  loss_runs (43, LINK_LOSS_GILBERT, &never_bad, 0.0, 20000, &lr);
  g_assert_cmpuint (lr.lost, ==, 0);
  /* Never leaves the bad state (r = 0), and starts in it: the stationary
   * distribution is all bad. */
  const LinkGilbert always_bad = { .p = 0.3, .r = 0.0, .h = 1.0 };
  loss_runs (43, LINK_LOSS_GILBERT, &always_bad, 0.0, 20000, &lr);
  g_assert_cmpuint (lr.lost, ==, 20000);
  /* p = r = 0: stays good, where k is Bernoulli loss. */
  const LinkGilbert stuck = { .k = 0.5 };
  loss_runs (44, LINK_LOSS_GILBERT, &stuck, 0.0, 100000, &lr);
  check_within (44, "Gilbert p=r=0 loss rate", (double) lr.lost / 100000.0, 0.5,
                prop_half (0.5, 100000.0));
  /* No loss model: nothing lost whatever `loss` says. */
  loss_runs (45, LINK_LOSS_NONE, NULL, 1.0, 20000, &lr);
  g_assert_cmpuint (lr.lost, ==, 0);
  /* Bernoulli through the same path. */
  loss_runs (45, LINK_LOSS_BERNOULLI, NULL, 1.0, 20000, &lr);
  g_assert_cmpuint (lr.lost, ==, 20000);
}

/* The drop pattern of 2000 segments on "a" -> "b" under Gilbert-Elliott
 * loss, with a fault dropping every 7th data segment when faulted. */
static char *
gilbert_pattern (guint64 seed, gboolean faulted)
{
  Sim sim;
  sim_init (&sim);
  PatternLink pl;
  pattern_link_init (&pl, &sim, seed, "a", "b");
  link_set_gilbert (&pl.link, 0.05, 0.3, 0.9, 0.01);
  if (faulted)
    for (guint32 k = 7; k <= 2000; k += 7)
      {
        LinkFault f = { .cls = SEG_CLASS_DATA, .nth = k, .until = SIM_TIME_NEVER };
        link_add_fault (&pl.link, &f);
      }
  for (guint32 i = 0; i < 2000; i++)
    {
      TcpSegment s = seg_id (&SEG_DATA, i);
      link_send (&pl.link, &s);
    }
  sim_run (&sim, SIM_TIME_NEVER, 0);
  char *pattern = pattern_link_clear (&pl);
  sim_clear (&sim);
  return pattern;
}

static void
test_gilbert_faults_do_not_shift (void)
{
  /* The chain steps on faulted segments too: faults change only the
   * segments they hit. */
  char *base = gilbert_pattern (46, FALSE);
  char *again = gilbert_pattern (46, FALSE);
  char *faulted = gilbert_pattern (46, TRUE);
  g_assert_cmpstr (again, ==, base);
  for (guint i = 0; i < 2000; i++)
    {
      if ((i + 1) % 7 == 0)
        g_assert_cmpint (faulted[i], ==, 'x');
      else
        g_assert_cmpint (faulted[i], ==, base[i]);
    }
  g_assert_nonnull (strstr (base, "xx"));
  g_free (base);
  g_free (again);
  g_free (faulted);
}

/* ---- random streams ------------------------------------------------------------------ */

typedef struct
{
  double loss;
  gboolean jitter, reorder, dup;
} StreamCase;

/* 3000 segments 100 ms apart on "a" -> "b" with the given models on; the
 * drop pattern ('.' kept, 'x' lost) and each segment's arrivals. */
static char *
stream_run (guint64 seed, const StreamCase *c, GArray **arrivals)
{
  enum { N = 3000 };
  LinkFixture fx;
  fixture_init (&fx, seed, 50 * SIM_MS, TRUE);
  fx.link.loss = c->loss;
  if (c->jitter)
    {
      fx.link.jitter_model = LINK_JITTER_NORMAL;
      fx.link.jitter = 5 * SIM_MS;
    }
  if (c->reorder)
    {
      fx.link.reorder = 0.2;
      fx.link.reorder_delay = 20 * SIM_MS;
    }
  if (c->dup)
    {
      fx.link.duplicate = 0.2;
      fx.link.duplicate_lag = 1 * SIM_MS;
    }
  for (guint32 i = 0; i < N; i++)
    send_at (&fx, (SimTime) i * 100 * SIM_MS, &SEG_DATA, i);
  run_all (&fx);
  char *pattern = g_malloc (N + 1);
  memset (pattern, '.', N);
  pattern[N] = '\0';
  for (guint i = 0; i < fx.events->len; i++)
    {
      const Seen *s = &g_array_index (fx.events, Seen, i);
      if (s->kind == TRACE_DROP)
        pattern[s->id] = 'x';
    }
  *arrivals = fx.arrivals;
  fx.arrivals = g_array_new (FALSE, FALSE, sizeof (Arrival));
  fixture_clear (&fx);
  return pattern;
}

static void
test_streams_independent (void)
{
  /* Turning jitter, reordering and duplication on does not change which
   * segments are lost; turning loss on does not change when (and how
   * often) the others arrive. */
  const guint64 seed = 51;
  const StreamCase loss_only = { .loss = 0.3 };
  const StreamCase all = { .loss = 0.3, .jitter = TRUE, .reorder = TRUE, .dup = TRUE };
  const StreamCase no_loss = { .jitter = TRUE, .reorder = TRUE, .dup = TRUE };
  GArray *a_loss, *a_all, *a_none;
  char *p_loss = stream_run (seed, &loss_only, &a_loss);
  char *p_all = stream_run (seed, &all, &a_all);
  char *p_none = stream_run (seed, &no_loss, &a_none);

  g_assert_cmpstr (p_all, ==, p_loss);
  g_assert_null (strchr (p_none, 'x'));
  /* Every arrival without loss whose segment survives the loss happens
   * the same way with loss. */
  guint k = 0;
  for (guint i = 0; i < a_none->len; i++)
    {
      const Arrival *want = &g_array_index (a_none, Arrival, i);
      if (p_all[want->seg.seq] == 'x')
        continue;
      g_assert_cmpuint (k, <, a_all->len);
      const Arrival *got = &g_array_index (a_all, Arrival, k);
      g_assert_cmpuint (got->seg.seq, ==, want->seg.seq);
      g_assert_cmpint (got->at, ==, want->at);
      k++;
    }
  g_assert_cmpuint (k, ==, a_all->len);
  g_assert_cmpuint (a_none->len, >, 3000);

  g_free (p_loss);
  g_free (p_all);
  g_free (p_none);
  g_array_free (a_loss, TRUE);
  g_array_free (a_all, TRUE);
  g_array_free (a_none, TRUE);
}

static void
test_streams_names (void)
{
  /* The documented streams, drawn as documented: "link/a->b/jitter" one
   * uniform per segment (delay ± j), "link/a->b/reorder" and
   * "link/a->b/dup" one Bernoulli draw each per segment. */
  const guint64 seed = 52;
  enum { N = 300 };
  const SimTime d = 50 * SIM_MS, j = 10 * SIM_MS, hold = 7 * SIM_MS, lag = 1 * SIM_MS;
  LinkFixture fx;
  fixture_init (&fx, seed, d, FALSE);
  fx.link.jitter_model = LINK_JITTER_UNIFORM;
  fx.link.jitter = j;
  fx.link.reorder = 0.3;
  fx.link.reorder_delay = hold;
  fx.link.duplicate = 0.3;
  fx.link.duplicate_lag = lag;
  for (guint32 i = 0; i < N; i++)
    send_at (&fx, (SimTime) i * 100 * SIM_MS, &SEG_DATA, i);
  run_all (&fx);

  SimRng jit, reo, dup;
  sim_rng_init (&jit, seed, "link/a->b/jitter");
  sim_rng_init (&reo, seed, "link/a->b/reorder");
  sim_rng_init (&dup, seed, "link/a->b/dup");
  guint k = 0;
  for (guint32 i = 0; i < N; i++)
    {
      SimTime at = (SimTime) i * 100 * SIM_MS + d
                   + (SimTime) llround (-(double) j + sim_rng_uniform (&jit) * 2.0 * (double) j);
      if (sim_rng_bernoulli (&reo, 0.3))
        at += hold;
      assert_arrival (&fx, k++, i, at);
      if (sim_rng_bernoulli (&dup, 0.3))
        assert_arrival (&fx, k++, i, at + lag);
    }
  g_assert_cmpuint (fx.arrivals->len, ==, k);
  fixture_clear (&fx);
}

/* ---- scripted faults ------------------------------------------------------------------ */

static void
add_fault (LinkFixture *fx, SegClass cls, guint32 nth, SimTime from, SimTime until)
{
  LinkFault f = { .cls = cls, .nth = nth, .from = from, .until = until };
  link_add_fault (&fx->link, &f);
}

static void
test_fault_first_syn (void)
{
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  fx.link.loss = 0.0;
  add_fault (&fx, SEG_CLASS_SYN, 1, 0, SIM_TIME_NEVER);
  send_at (&fx, 0, &SEG_SYNACK, 1);   /* a SYN-ACK is not a SYN */
  send_at (&fx, 1 * SIM_MS, &SEG_SYN, 2);
  send_at (&fx, 2 * SIM_MS, &SEG_ACK, 3);
  send_at (&fx, 1 * SIM_S, &SEG_SYN, 4);
  send_at (&fx, 3 * SIM_S, &SEG_SYN, 5);
  run_all (&fx);

  ASSERT_ARRIVED (&fx, 1, 3, 4, 5);
  ASSERT_DROPS (&fx, "fault", 2);
  assert_arrival (&fx, 2, 4, SIM_S + 10 * SIM_MS);
  fixture_clear (&fx);
}

static void
test_fault_second_fin (void)
{
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  add_fault (&fx, SEG_CLASS_FIN, 2, 0, SIM_TIME_NEVER);
  TcpSegment bare_fin = SEG_FIN;
  bare_fin.flags = TCP_FLAG_FIN;
  TcpSegment data_fin = SEG_DATA;
  data_fin.flags |= TCP_FLAG_FIN;
  send_at (&fx, 0, &SEG_DATA, 1);
  send_at (&fx, 0, &SEG_FIN, 2);        /* 1st FIN */
  send_at (&fx, 1 * SIM_MS, &SEG_ACK, 3);
  send_at (&fx, 2 * SIM_MS, &data_fin, 4); /* 2nd FIN: dropped */
  send_at (&fx, 3 * SIM_MS, &bare_fin, 5); /* 3rd */
  send_at (&fx, 4 * SIM_MS, &SEG_FIN, 6);  /* 4th */
  run_all (&fx);

  ASSERT_ARRIVED (&fx, 1, 2, 3, 5, 6);
  ASSERT_DROPS (&fx, "fault", 4);
  fixture_clear (&fx);
}

static void
test_fault_every_synack (void)
{
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  add_fault (&fx, SEG_CLASS_SYNACK, 0, 0, SIM_TIME_NEVER);
  send_at (&fx, 0, &SEG_SYN, 1);
  send_at (&fx, 1 * SIM_MS, &SEG_SYNACK, 2);
  send_at (&fx, 2 * SIM_MS, &SEG_ACK, 3);
  send_at (&fx, 3 * SIM_MS, &SEG_SYNACK, 4);
  send_at (&fx, 1 * SIM_S, &SEG_SYNACK, 5);
  send_at (&fx, 2 * SIM_S, &SEG_RST, 6);
  send_at (&fx, 3 * SIM_S, &SEG_SYNACK, 7);
  run_all (&fx);

  ASSERT_ARRIVED (&fx, 1, 3, 6);
  ASSERT_DROPS (&fx, "fault", 2, 4, 5, 7);
  fixture_clear (&fx);
}

static void
test_fault_partition (void)
{
  /* Everything sent in [100 ms, 200 ms) is dropped; the bounds are exact. */
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  add_fault (&fx, SEG_CLASS_ANY, 0, 100 * SIM_MS, 200 * SIM_MS);
  send_at (&fx, 0, &SEG_SYN, 1);
  send_at (&fx, 100 * SIM_MS - 1, &SEG_DATA, 2);
  send_at (&fx, 100 * SIM_MS, &SEG_ACK, 3);
  send_at (&fx, 150 * SIM_MS, &SEG_RST, 4);
  send_at (&fx, 150 * SIM_MS, &SEG_SYNACK, 5);
  send_at (&fx, 200 * SIM_MS - 1, &SEG_FIN, 6);
  send_at (&fx, 200 * SIM_MS, &SEG_DATA, 7);
  send_at (&fx, 300 * SIM_MS, &SEG_ACK, 8);
  run_all (&fx);

  ASSERT_ARRIVED (&fx, 1, 2, 7, 8);
  ASSERT_DROPS (&fx, "fault", 3, 4, 5, 6);
  /* A segment already in flight when the window opens still arrives. */
  assert_arrival (&fx, 1, 2, 110 * SIM_MS - 1);
  fixture_clear (&fx);
}

static void
test_fault_counts_only_its_class (void)
{
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  add_fault (&fx, SEG_CLASS_SYN, 2, 0, SIM_TIME_NEVER);
  send_at (&fx, 0, &SEG_ACK, 1);
  send_at (&fx, 1 * SIM_MS, &SEG_DATA, 2);
  send_at (&fx, 2 * SIM_MS, &SEG_SYN, 3);    /* 1st SYN */
  send_at (&fx, 3 * SIM_MS, &SEG_RST, 4);
  send_at (&fx, 4 * SIM_MS, &SEG_SYNACK, 5);
  send_at (&fx, 5 * SIM_MS, &SEG_FIN, 6);
  send_at (&fx, 6 * SIM_MS, &SEG_SYN, 7);    /* 2nd SYN: dropped */
  send_at (&fx, 7 * SIM_MS, &SEG_SYN, 8);    /* 3rd */
  run_all (&fx);

  ASSERT_ARRIVED (&fx, 1, 2, 3, 4, 5, 6, 8);
  ASSERT_DROPS (&fx, "fault", 7);
  fixture_clear (&fx);
}

static void
test_fault_independent_counts (void)
{
  /* Two faults on one link each see every segment: the "any" fault counts
   * the data segment the "data" fault drops. */
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  add_fault (&fx, SEG_CLASS_DATA, 1, 0, SIM_TIME_NEVER);
  add_fault (&fx, SEG_CLASS_ANY, 2, 0, SIM_TIME_NEVER);
  send_at (&fx, 0, &SEG_DATA, 1);          /* 1st data, 1st any */
  send_at (&fx, 1 * SIM_MS, &SEG_ACK, 2);  /* 2nd any */
  send_at (&fx, 2 * SIM_MS, &SEG_DATA, 3);
  send_at (&fx, 3 * SIM_MS, &SEG_ACK, 4);
  run_all (&fx);

  ASSERT_ARRIVED (&fx, 3, 4);
  ASSERT_DROPS (&fx, "fault", 1, 2);
  fixture_clear (&fx);
}

static void
test_fault_window_counts_inside (void)
{
  /* The n-th of a class counts only segments inside the window. */
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  add_fault (&fx, SEG_CLASS_SYN, 1, 100 * SIM_MS, SIM_TIME_NEVER);
  send_at (&fx, 0, &SEG_SYN, 1);
  send_at (&fx, 50 * SIM_MS, &SEG_SYN, 2);
  send_at (&fx, 150 * SIM_MS, &SEG_SYN, 3);  /* 1st in the window */
  send_at (&fx, 160 * SIM_MS, &SEG_SYN, 4);
  run_all (&fx);

  ASSERT_ARRIVED (&fx, 1, 2, 4);
  ASSERT_DROPS (&fx, "fault", 3);
  fixture_clear (&fx);
}

static void
test_fault_before_loss (void)
{
  /* A segment a fault drops is reported as "fault", even on a link that
   * loses everything. */
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  fx.link.loss = 1.0;
  add_fault (&fx, SEG_CLASS_SYN, 1, 0, SIM_TIME_NEVER);
  send_at (&fx, 0, &SEG_SYN, 1);
  send_at (&fx, 1 * SIM_MS, &SEG_SYN, 2);
  run_all (&fx);

  g_assert_cmpuint (fx.arrivals->len, ==, 0);
  guint k = 0;
  for (guint i = 0; i < fx.events->len; i++)
    {
      const Seen *s = &g_array_index (fx.events, Seen, i);
      if (s->kind != TRACE_DROP)
        continue;
      g_assert_cmpstr (s->detail, ==, k == 0 ? "fault" : "loss");
      g_assert_cmpuint (s->id, ==, k + 1);
      k++;
    }
  g_assert_cmpuint (k, ==, 2);
  fixture_clear (&fx);
}

static void
add_fault_action (LinkFixture *fx, LinkFaultAction action, SimTime delay, SegClass cls,
                  guint32 nth, SimTime from, SimTime until)
{
  LinkFault f = {
    .cls = cls, .nth = nth, .from = from, .until = until, .action = action, .delay = delay,
  };
  link_add_fault (&fx->link, &f);
}

/* The detail of the i-th TRACE_RECV ("" when none). */
static const char *
recv_detail (const LinkFixture *fx, guint i)
{
  for (guint k = 0; k < fx->events->len; k++)
    {
      const Seen *s = &g_array_index (fx->events, Seen, k);
      if (s->kind == TRACE_RECV && i-- == 0)
        return s->detail;
    }
  g_assert_not_reached ();
}

static void
test_fault_delay_first_syn (void)
{
  /* The first SYN is held 3 s: it arrives at 3.010 s, traced "late", and
   * everything sent after it overtakes it, the second SYN included. */
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  add_fault_action (&fx, LINK_FAULT_DELAY, 3 * SIM_S, SEG_CLASS_SYN, 1, 0, SIM_TIME_NEVER);
  send_at (&fx, 0, &SEG_SYN, 1);
  send_at (&fx, 1 * SIM_MS, &SEG_ACK, 2);
  send_at (&fx, 1 * SIM_S, &SEG_SYN, 3);
  send_at (&fx, 3 * SIM_S, &SEG_SYN, 4);
  run_all (&fx);

  ASSERT_ARRIVED (&fx, 2, 3, 1, 4);
  assert_arrival (&fx, 0, 2, 11 * SIM_MS);
  assert_arrival (&fx, 1, 3, SIM_S + 10 * SIM_MS);
  assert_arrival (&fx, 2, 1, 3 * SIM_S + 10 * SIM_MS);
  assert_arrival (&fx, 3, 4, 3 * SIM_S + 10 * SIM_MS);
  TcpSegment expect = seg_id (&SEG_SYN, 1);
  assert_seg_equal (&arrival (&fx, 2)->seg, &expect);
  g_assert_cmpstr (recv_detail (&fx, 0), ==, "");
  g_assert_cmpstr (recv_detail (&fx, 1), ==, "");
  g_assert_cmpstr (recv_detail (&fx, 2), ==, "late");
  g_assert_cmpstr (recv_detail (&fx, 3), ==, "");
  g_assert_cmpuint (fx.link.dropped, ==, 0);
  g_assert_cmpuint (fx.link.held_back, ==, 1);
  fixture_clear (&fx);
}

static void
test_fault_delay_window (void)
{
  /* Every data segment sent in [100 ms, 200 ms) is 50 ms late; the pure
   * ACKs between them are not and overtake them. */
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  add_fault_action (&fx, LINK_FAULT_DELAY, 50 * SIM_MS, SEG_CLASS_DATA, 0, 100 * SIM_MS,
                    200 * SIM_MS);
  send_at (&fx, 99 * SIM_MS, &SEG_DATA, 1);
  send_at (&fx, 100 * SIM_MS, &SEG_DATA, 2);
  send_at (&fx, 110 * SIM_MS, &SEG_ACK, 3);
  send_at (&fx, 199 * SIM_MS, &SEG_DATA, 4);
  send_at (&fx, 200 * SIM_MS, &SEG_DATA, 5);
  run_all (&fx);

  ASSERT_ARRIVED (&fx, 1, 3, 2, 5, 4);
  assert_arrival (&fx, 0, 1, 109 * SIM_MS);
  assert_arrival (&fx, 1, 3, 120 * SIM_MS);
  assert_arrival (&fx, 2, 2, 160 * SIM_MS);
  assert_arrival (&fx, 3, 5, 210 * SIM_MS);
  assert_arrival (&fx, 4, 4, 259 * SIM_MS);
  g_assert_cmpuint (fx.link.held_back, ==, 2);
  fixture_clear (&fx);
}

static void
test_fault_delay_with_rate (void)
{
  /* The delay is added after the transmitter: a delayed segment still
   * holds the ones behind it for its serialization time, no longer. */
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  fx.link.rate = RATE_1M;
  add_fault_action (&fx, LINK_FAULT_DELAY, 30 * SIM_MS, SEG_CLASS_ANY, 1, 0, SIM_TIME_NEVER);
  send_at (&fx, 0, &SEG_DATA, 0);
  send_at (&fx, 0, &SEG_DATA, 1);
  run_all (&fx);
  ASSERT_ARRIVED (&fx, 1, 0);
  assert_arrival (&fx, 0, 1, 2 * TX_1000 + 10 * SIM_MS);
  assert_arrival (&fx, 1, 0, TX_1000 + 40 * SIM_MS);
  fixture_clear (&fx);
}

static void
test_fault_duplicate_nth (void)
{
  /* The second data segment is delivered twice at the same instant, the
   * copy traced "dup"; one segment sent, two arrivals. */
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  add_fault_action (&fx, LINK_FAULT_DUPLICATE, 0, SEG_CLASS_DATA, 2, 0, SIM_TIME_NEVER);
  send_at (&fx, 0, &SEG_DATA, 1);
  send_at (&fx, 1 * SIM_MS, &SEG_ACK, 2);
  send_at (&fx, 2 * SIM_MS, &SEG_DATA, 3);
  send_at (&fx, 2 * SIM_MS, &SEG_DATA, 4);
  run_all (&fx);

  ASSERT_ARRIVED (&fx, 1, 2, 3, 3, 4);
  assert_arrival (&fx, 2, 3, 12 * SIM_MS);
  assert_arrival (&fx, 3, 3, 12 * SIM_MS);
  assert_arrival (&fx, 4, 4, 12 * SIM_MS);
  TcpSegment expect = seg_id (&SEG_DATA, 3);
  assert_seg_equal (&arrival (&fx, 3)->seg, &expect);
  g_assert_cmpstr (recv_detail (&fx, 2), ==, "");
  g_assert_cmpstr (recv_detail (&fx, 3), ==, "dup");
  g_assert_cmpstr (recv_detail (&fx, 4), ==, "");
  guint sends = 0;
  for (guint i = 0; i < fx.events->len; i++)
    sends += g_array_index (fx.events, Seen, i).kind == TRACE_SEND;
  g_assert_cmpuint (sends, ==, 4);
  g_assert_cmpuint (fx.link.sent, ==, 4);
  g_assert_cmpuint (fx.link.duplicated, ==, 1);
  g_assert_cmpuint (fx.link.delivered, ==, 5);
  fixture_clear (&fx);
}

static void
test_fault_duplicate_every_with_lag (void)
{
  /* Every SYN-ACK doubled, the copy 20 ms behind: an ACK sent 5 ms after
   * the SYN-ACK arrives between the original and its copy. */
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  add_fault_action (&fx, LINK_FAULT_DUPLICATE, 20 * SIM_MS, SEG_CLASS_SYNACK, 0, 0,
                    SIM_TIME_NEVER);
  send_at (&fx, 0, &SEG_SYNACK, 1);
  send_at (&fx, 5 * SIM_MS, &SEG_ACK, 2);
  send_at (&fx, 1 * SIM_S, &SEG_SYNACK, 3);
  run_all (&fx);

  ASSERT_ARRIVED (&fx, 1, 2, 1, 3, 3);
  assert_arrival (&fx, 0, 1, 10 * SIM_MS);
  assert_arrival (&fx, 1, 2, 15 * SIM_MS);
  assert_arrival (&fx, 2, 1, 30 * SIM_MS);
  assert_arrival (&fx, 3, 3, SIM_S + 10 * SIM_MS);
  assert_arrival (&fx, 4, 3, SIM_S + 30 * SIM_MS);
  g_assert_cmpstr (recv_detail (&fx, 2), ==, "dup");
  g_assert_cmpstr (recv_detail (&fx, 4), ==, "dup");
  g_assert_cmpuint (fx.link.duplicated, ==, 2);
  fixture_clear (&fx);
}

static void
test_fault_combined (void)
{
  /* Several faults on one segment: delays add up, each duplicate adds a
   * copy behind the (delayed) original, and a drop wins over all of
   * them, while every fault still counts the segment. */
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  add_fault_action (&fx, LINK_FAULT_DELAY, 100 * SIM_MS, SEG_CLASS_DATA, 0, 0, SIM_TIME_NEVER);
  add_fault_action (&fx, LINK_FAULT_DELAY, 20 * SIM_MS, SEG_CLASS_ANY, 0, 0, SIM_TIME_NEVER);
  add_fault_action (&fx, LINK_FAULT_DUPLICATE, 0, SEG_CLASS_DATA, 0, 0, SIM_TIME_NEVER);
  add_fault_action (&fx, LINK_FAULT_DUPLICATE, 5 * SIM_MS, SEG_CLASS_DATA, 0, 0, SIM_TIME_NEVER);
  add_fault_action (&fx, LINK_FAULT_DROP, 0, SEG_CLASS_DATA, 2, 0, SIM_TIME_NEVER);
  send_at (&fx, 0, &SEG_DATA, 1);  /* 120 ms late, two copies */
  send_at (&fx, 0, &SEG_DATA, 2);  /* dropped */
  send_at (&fx, 0, &SEG_ACK, 3);   /* 20 ms late */
  run_all (&fx);

  ASSERT_DROPS (&fx, "fault", 2);
  ASSERT_ARRIVED (&fx, 3, 1, 1, 1);
  assert_arrival (&fx, 0, 3, 30 * SIM_MS);
  assert_arrival (&fx, 1, 1, 130 * SIM_MS);
  assert_arrival (&fx, 2, 1, 130 * SIM_MS);
  assert_arrival (&fx, 3, 1, 135 * SIM_MS);
  g_assert_cmpstr (recv_detail (&fx, 0), ==, "late");
  g_assert_cmpstr (recv_detail (&fx, 1), ==, "late");
  g_assert_cmpstr (recv_detail (&fx, 2), ==, "dup");
  g_assert_cmpstr (recv_detail (&fx, 3), ==, "dup");
  for (guint i = 0; i < fx.link.faults->len; i++)
    g_assert_cmpuint (g_array_index (fx.link.faults, LinkFault, i).seen, ==, i == 1 ? 3 : 2);
  g_assert_cmpuint (fx.link.duplicated, ==, 2);
  fixture_clear (&fx);
}

static void
test_fault_delay_still_lost (void)
{
  /* Delaying or duplicating a segment does not shield it from loss. */
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  fx.link.loss = 1.0;
  add_fault_action (&fx, LINK_FAULT_DELAY, 1 * SIM_S, SEG_CLASS_SYN, 1, 0, SIM_TIME_NEVER);
  add_fault_action (&fx, LINK_FAULT_DUPLICATE, 0, SEG_CLASS_SYN, 2, 0, SIM_TIME_NEVER);
  send_at (&fx, 0, &SEG_SYN, 1);
  send_at (&fx, 1 * SIM_MS, &SEG_SYN, 2);
  run_all (&fx);
  g_assert_cmpuint (fx.arrivals->len, ==, 0);
  ASSERT_DROPS (&fx, "loss", 1, 2);
  g_assert_cmpuint (fx.link.duplicated, ==, 0);
  g_assert_cmpuint (fx.link.held_back, ==, 0);
  fixture_clear (&fx);
}

static void
test_fault_copy_kept (void)
{
  /* link_add_fault copies the fault and starts its count afresh. */
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, TRUE);
  LinkFault f = { .cls = SEG_CLASS_SYN, .nth = 2, .until = SIM_TIME_NEVER, .seen = 1 };
  link_add_fault (&fx.link, &f);
  f.nth = 1;
  send_at (&fx, 0, &SEG_SYN, 1);
  send_at (&fx, 1 * SIM_MS, &SEG_SYN, 2);
  run_all (&fx);
  ASSERT_ARRIVED (&fx, 1);
  ASSERT_DROPS (&fx, "fault", 2);
  fixture_clear (&fx);
}

static void
test_fault_action_names (void)
{
  static const struct
  {
    const char *text;
    LinkFaultAction action;
  } valid[] = {
    { "drop", LINK_FAULT_DROP }, { "delay", LINK_FAULT_DELAY },
    { "duplicate", LINK_FAULT_DUPLICATE }, { "DROP", LINK_FAULT_DROP },
    { "Delay", LINK_FAULT_DELAY }, { "dup", LINK_FAULT_DUPLICATE },
  };
  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      LinkFaultAction got = LINK_FAULT_ACTION_COUNT;
      g_assert_true (link_fault_action_parse (valid[i].text, &got));
      g_assert_cmpint (got, ==, valid[i].action);
    }
  g_assert_cmpstr (link_fault_action_name (LINK_FAULT_DROP), ==, "drop");
  g_assert_cmpstr (link_fault_action_name (LINK_FAULT_DELAY), ==, "delay");
  g_assert_cmpstr (link_fault_action_name (LINK_FAULT_DUPLICATE), ==, "duplicate");

  static const char *const invalid[] = { "", "drops", "delayed", "dupe", "reorder", "lose" };
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      LinkFaultAction got = LINK_FAULT_ACTION_COUNT;
      g_assert_false (link_fault_action_parse (invalid[i], &got));
      g_assert_cmpint (got, ==, LINK_FAULT_ACTION_COUNT);
    }
  /* A zeroed fault drops. */
  LinkFault zero = { 0 };
  g_assert_cmpint (zero.action, ==, LINK_FAULT_DROP);
}

/* ---- steady state ---------------------------------------------------------------------- */

/* Sends n segments 1 ms apart over a 50 ms delay (about 50 in flight).
 * Once warm, the link's storage is reused: a ring or heap is reallocated
 * only to grow past a new peak of occupancy (at most twice more here),
 * never per segment, and its capacity stays within twice its peak. */
static void
check_steady_state (guint64 seed, gboolean heap)
{
  enum { WARM = 5000, N = 100000 };
  LinkFixture fx;
  fixture_init (&fx, seed, 50 * SIM_MS, FALSE);
  fx.link.jitter_model = LINK_JITTER_UNIFORM;
  fx.link.jitter = 10 * SIM_MS;
  if (heap)
    {
      fx.link.reorder = 0.05;
      fx.link.reorder_delay = 5 * SIM_MS;
      fx.link.duplicate = 0.05;
    }
  const LinkSlot *ring = NULL, *held = NULL;
  guint32 cap = 0, held_cap = 0, peak = 0, held_peak = 0, grew = 0;
  for (guint32 i = 0; i < N; i++)
    {
      send_at (&fx, (SimTime) i * SIM_MS, &SEG_DATA, i);
      g_assert_cmpuint (fx.sim.len, <=, 1);
      peak = MAX (peak, fx.link.count);
      held_peak = MAX (held_peak, fx.link.nheld);
      if (i >= WARM && (fx.link.ring != ring || fx.link.held != held || fx.link.cap != cap
                        || fx.link.held_cap != held_cap))
        {
          g_assert_true (fx.link.cap > cap || fx.link.held_cap > held_cap);
          grew++;
        }
      ring = fx.link.ring;
      held = fx.link.held;
      cap = fx.link.cap;
      held_cap = fx.link.held_cap;
    }
  g_test_message ("seed %" G_GUINT64_FORMAT ": ring %u of %u, heap %u of %u at the peak, %u "
                  "growths after warming up", seed, peak, cap, held_peak, held_cap, grew);
  g_assert_cmpuint (grew, <=, 2);
  g_assert_cmpuint (cap, <=, 2 * MAX (peak, 8));
  g_assert_cmpuint (held_cap, <=, 2 * MAX (held_peak, 4));
  if (heap)
    g_assert_cmpuint (held_peak, >, 0);
  else
    g_assert_null (held);
  run_all (&fx);
  g_assert_cmpuint (fx.arrivals->len, ==, N + fx.link.duplicated);
  fixture_clear (&fx);
}

static void
test_steady_state_fifo (void)
{
  check_steady_state (61, FALSE);
}

static void
test_steady_state_heap (void)
{
  check_steady_state (62, TRUE);
}

/* ---- segment classes --------------------------------------------------------------------- */

static void
test_seg_class_match (void)
{
  enum { F = TCP_FLAG_FIN, S = TCP_FLAG_SYN, R = TCP_FLAG_RST, P = TCP_FLAG_PSH, A = TCP_FLAG_ACK };
  static const struct
  {
    const char *what;
    guint8 flags;
    guint32 len;
    /* any, SYN, SYN-ACK, ACK, FIN, RST, data */
    gboolean match[SEG_CLASS_COUNT];
  } cases[] = {
    { "SYN", S, 0, { 1, 1, 0, 0, 0, 0, 0 } },
    { "SYN-ACK", S | A, 0, { 1, 0, 1, 0, 0, 0, 0 } },
    { "pure ACK", A, 0, { 1, 0, 0, 1, 0, 0, 0 } },
    { "data", A | P, 100, { 1, 0, 0, 0, 0, 0, 1 } },
    { "data without ACK", 0, 1, { 1, 0, 0, 0, 0, 0, 1 } },
    { "FIN-ACK", F | A, 0, { 1, 0, 0, 0, 1, 0, 0 } },
    { "bare FIN", F, 0, { 1, 0, 0, 0, 1, 0, 0 } },
    { "FIN with data", F | A | P, 10, { 1, 0, 0, 0, 1, 0, 1 } },
    { "RST", R, 0, { 1, 0, 0, 0, 0, 1, 0 } },
    { "RST-ACK", R | A, 0, { 1, 0, 0, 0, 0, 1, 0 } },
    { "SYN with data", S, 5, { 1, 1, 0, 0, 0, 0, 1 } },
    { "SYN-FIN", S | F, 0, { 1, 1, 0, 0, 1, 0, 0 } },
    { "no flags", 0, 0, { 1, 0, 0, 0, 0, 0, 0 } },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (int c = 0; c < SEG_CLASS_COUNT; c++)
      {
        TcpSegment s = { .flags = cases[i].flags, .len = cases[i].len };
        gboolean got = seg_class_match ((SegClass) c, &s);
        if (got != cases[i].match[c])
          g_test_message ("%s: class %s gave %d", cases[i].what, seg_class_name ((SegClass) c), got);
        g_assert_cmpint (got, ==, cases[i].match[c]);
      }
}

static void
test_seg_class_names (void)
{
  static const struct
  {
    SegClass cls;
    const char *name;
  } names[] = {
    { SEG_CLASS_ANY, "any" }, { SEG_CLASS_SYN, "SYN" }, { SEG_CLASS_SYNACK, "SYN-ACK" },
    { SEG_CLASS_ACK, "ACK" }, { SEG_CLASS_FIN, "FIN" }, { SEG_CLASS_RST, "RST" },
    { SEG_CLASS_DATA, "data" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      SegClass got = SEG_CLASS_COUNT;
      g_assert_cmpstr (seg_class_name (names[i].cls), ==, names[i].name);
      g_assert_true (seg_class_parse (names[i].name, &got));
      g_assert_cmpint (got, ==, names[i].cls);
    }

  static const struct
  {
    const char *text;
    SegClass cls;
  } aliases[] = {
    { "synack", SEG_CLASS_SYNACK }, { "SYNACK", SEG_CLASS_SYNACK },
    { "syn-ack", SEG_CLASS_SYNACK }, { "Data", SEG_CLASS_DATA }, { "ANY", SEG_CLASS_ANY },
    { "fin", SEG_CLASS_FIN },
  };
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      SegClass got = SEG_CLASS_COUNT;
      g_assert_true (seg_class_parse (aliases[i].text, &got));
      g_assert_cmpint (got, ==, aliases[i].cls);
    }

  static const char *const invalid[] = { "", "SYN ACK", "SYN_ACK", "ack-syn", "push", "datas" };
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      SegClass got = SEG_CLASS_COUNT;
      g_assert_false (seg_class_parse (invalid[i], &got));
    }
}

/* ---- extreme values: arrivals past the end of time (issue 13) ---------------- */

/* Sends three segments over a link set up by the caller and runs to the
 * last instant a run can reach: those whose arrival saturated to
 * SIM_TIME_NEVER never arrive, and nothing arrives out of order. */
static void
run_extreme (LinkFixture *fx, guint expect_arrivals)
{
  send_at (fx, 0, &SEG_DATA, 1);
  send_at (fx, 1 * SIM_MS, &SEG_DATA, 2);
  send_at (fx, 2 * SIM_MS, &SEG_DATA, 3);
  run_to (fx, SIM_TIME_NEVER - 1);
  run_all (fx);
  g_assert_cmpuint (fx->arrivals->len, ==, expect_arrivals);
  for (guint i = 1; i < fx->arrivals->len; i++)
    g_assert_cmpint (arrival (fx, i)->at, >=, arrival (fx, i - 1)->at);
  g_assert_cmpuint (fx->link.sent, ==, 3);
}

static void
test_extreme_delay (void)
{
  LinkFixture fx;
  fixture_init (&fx, 1, SIM_TIME_MAX, FALSE);
  run_extreme (&fx, 0);
  g_assert_cmpint (sim_next_time (&fx.sim), ==, SIM_TIME_NEVER);
  fixture_clear (&fx);
}

static void
test_extreme_delay_just_fits (void)
{
  /* Exact below the end of time. */
  LinkFixture fx;
  fixture_init (&fx, 1, SIM_TIME_MAX - 10 * SIM_MS, FALSE);
  run_extreme (&fx, 3);
  assert_arrival (&fx, 0, 1, SIM_TIME_MAX - 10 * SIM_MS);
  assert_arrival (&fx, 2, 3, SIM_TIME_MAX - 8 * SIM_MS);
  fixture_clear (&fx);
}

static void
test_extreme_jitter (void)
{
  /* Jitter of centuries, both shapes: draws beyond 2^63 ns are clamped
   * before they become integers (undefined otherwise), and delay +
   * jitter is never negative. */
  for (int model = 0; model < 2; model++)
    {
      LinkFixture fx;
      fixture_init (&fx, 7, SIM_TIME_MAX / 2, FALSE);
      fx.link.jitter_model = model ? LINK_JITTER_NORMAL : LINK_JITTER_UNIFORM;
      fx.link.jitter = SIM_TIME_MAX;
      send_at (&fx, 0, &SEG_DATA, 1);
      send_at (&fx, 1, &SEG_DATA, 2);
      send_at (&fx, 2, &SEG_DATA, 3);
      run_all (&fx);
      g_assert_cmpuint (fx.link.sent, ==, 3);
      for (guint i = 0; i < fx.arrivals->len; i++)
        g_assert_cmpint (arrival (&fx, i)->at, >=, 0);
      fixture_clear (&fx);
    }
}

static void
test_extreme_serialization (void)
{
  /* 1 bit/s: each segment (1,040 bytes with headers) takes 8,320 s; the
   * second ends its transmission too late to arrive before the end of
   * time, and the third queues behind it. */
  LinkFixture fx;
  fixture_init (&fx, 1, SIM_TIME_MAX - 10000 * SIM_S, FALSE);
  fx.link.rate = 1;
  run_extreme (&fx, 1);
  assert_arrival (&fx, 0, 1, SIM_TIME_MAX - 1680 * SIM_S);
  fixture_clear (&fx);
}

static void
test_extreme_fault_delays (void)
{
  /* Two delay faults of centuries on one segment, and a duplicate lagging
   * centuries behind: the sums saturate, the other segments pass. */
  LinkFixture fx;
  fixture_init (&fx, 1, 10 * SIM_MS, FALSE);
  LinkFault delay = { .action = LINK_FAULT_DELAY, .delay = SIM_TIME_MAX, .cls = SEG_CLASS_DATA,
                      .nth = 2, .until = SIM_TIME_NEVER };
  link_add_fault (&fx.link, &delay);
  link_add_fault (&fx.link, &delay);
  LinkFault dup = { .action = LINK_FAULT_DUPLICATE, .delay = SIM_TIME_MAX - 1,
                    .cls = SEG_CLASS_DATA, .nth = 3, .until = SIM_TIME_NEVER };
  link_add_fault (&fx.link, &dup);
  run_extreme (&fx, 2);
  assert_arrival (&fx, 0, 1, 10 * SIM_MS);
  assert_arrival (&fx, 1, 3, 12 * SIM_MS);
  g_assert_cmpuint (fx.link.held_back, ==, 1);
  g_assert_cmpuint (fx.link.duplicated, ==, 1);
  fixture_clear (&fx);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/link/delay/constant", test_delay_constant);
  g_test_add_func ("/link/delay/zero", test_delay_zero);
  g_test_add_func ("/link/delay/fifo-many", test_delay_fifo_many);
  g_test_add_func ("/link/delay/same-instant", test_delay_same_instant);
  g_test_add_func ("/link/delay/send-from-delivery", test_delay_send_from_delivery);
  g_test_add_func ("/link/rate/serialization", test_rate_serialization);
  g_test_add_func ("/link/rate/unlimited-queue", test_rate_unlimited_queue);
  g_test_add_func ("/link/rate/queue-limit", test_rate_queue_limit);
  g_test_add_func ("/link/rate/queue-limit-burst-at-once", test_rate_queue_limit_burst_at_once);
  g_test_add_func ("/link/rate/queue-limit-small-behind-large", test_rate_queue_limit_small_behind_large);
  g_test_add_func ("/link/rate/queue-limit-held-back", test_rate_queue_limit_held_back);
  g_test_add_func ("/link/jitter/uniform", test_jitter_uniform);
  g_test_add_func ("/link/jitter/uniform-cut-at-zero", test_jitter_uniform_cut_at_zero);
  g_test_add_func ("/link/jitter/normal", test_jitter_normal);
  g_test_add_func ("/link/jitter/normal-truncated", test_jitter_normal_truncated);
  g_test_add_func ("/link/jitter/never-reorders", test_jitter_never_reorders);
  g_test_add_func ("/link/reorder/exact", test_reorder_exact);
  g_test_add_func ("/link/reorder/zero-delay", test_reorder_zero_delay);
  g_test_add_func ("/link/reorder/rate", test_reorder_rate);
  g_test_add_func ("/link/reorder/send-from-delivery", test_reorder_send_from_delivery);
  g_test_add_func ("/link/reorder/one-timer", test_one_timer);
  g_test_add_func ("/link/duplicate/exact", test_duplicate_exact);
  g_test_add_func ("/link/duplicate/rate", test_duplicate_rate);
  g_test_add_func ("/link/loss/rate-0.1", test_loss_rate_01);
  g_test_add_func ("/link/loss/rate-0.3", test_loss_rate_03);
  g_test_add_func ("/link/loss/extremes", test_loss_extremes);
  g_test_add_func ("/link/loss/reason", test_loss_reason);
  g_test_add_func ("/link/loss/streams", test_loss_streams);
  g_test_add_func ("/link/gilbert/bursts", test_gilbert_bursts);
  g_test_add_func ("/link/gilbert/h-k", test_gilbert_h_k);
  g_test_add_func ("/link/gilbert/extremes", test_gilbert_extremes);
  g_test_add_func ("/link/gilbert/faults-do-not-shift", test_gilbert_faults_do_not_shift);
  g_test_add_func ("/link/streams/independent", test_streams_independent);
  g_test_add_func ("/link/streams/names", test_streams_names);
  g_test_add_func ("/link/fault/first-syn", test_fault_first_syn);
  g_test_add_func ("/link/fault/second-fin", test_fault_second_fin);
  g_test_add_func ("/link/fault/every-synack", test_fault_every_synack);
  g_test_add_func ("/link/fault/partition", test_fault_partition);
  g_test_add_func ("/link/fault/counts-only-its-class", test_fault_counts_only_its_class);
  g_test_add_func ("/link/fault/independent-counts", test_fault_independent_counts);
  g_test_add_func ("/link/fault/window-counts-inside", test_fault_window_counts_inside);
  g_test_add_func ("/link/fault/before-loss", test_fault_before_loss);
  g_test_add_func ("/link/fault/delay-first-syn", test_fault_delay_first_syn);
  g_test_add_func ("/link/fault/delay-window", test_fault_delay_window);
  g_test_add_func ("/link/fault/delay-with-rate", test_fault_delay_with_rate);
  g_test_add_func ("/link/fault/duplicate-nth", test_fault_duplicate_nth);
  g_test_add_func ("/link/fault/duplicate-every-with-lag", test_fault_duplicate_every_with_lag);
  g_test_add_func ("/link/fault/combined", test_fault_combined);
  g_test_add_func ("/link/fault/delay-still-lost", test_fault_delay_still_lost);
  g_test_add_func ("/link/fault/copy-kept", test_fault_copy_kept);
  g_test_add_func ("/link/fault/action-names", test_fault_action_names);
  g_test_add_func ("/link/steady-state/fifo", test_steady_state_fifo);
  g_test_add_func ("/link/steady-state/heap", test_steady_state_heap);
  g_test_add_func ("/link/extreme/delay", test_extreme_delay);
  g_test_add_func ("/link/extreme/delay-just-fits", test_extreme_delay_just_fits);
  g_test_add_func ("/link/extreme/jitter", test_extreme_jitter);
  g_test_add_func ("/link/extreme/serialization", test_extreme_serialization);
  g_test_add_func ("/link/extreme/fault-delays", test_extreme_fault_delays);
  g_test_add_func ("/seg-class/match", test_seg_class_match);
  g_test_add_func ("/seg-class/names", test_seg_class_names);

  return g_test_run ();
}
