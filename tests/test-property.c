/* Property test of the whole lifecycle: thousands of random scenarios
 * (random delays, loss in both directions, random data and closes from
 * either side, aborts), each run to the end with invariants checked after
 * every event:
 *
 *  - SND.UNA <= SND.NXT <= SND.MAX for every connection (RFC 9293 §3.3.1);
 *  - RCV.NXT never goes back;
 *  - no segment other than a reset is sent by a host for a connection it
 *    does not hold (a CLOSED connection sends nothing);
 *  - at the end, the two ends of every connection are both gone (CLOSED)
 *    or at least one of them reported an error.
 *
 * Each case is reproducible alone: the seed is in the test path and in
 * every failure message. */
#include <string.h>

#include <glib.h>

#include "scenario/scenario.h"
#include "scenario/scn_world.h"
/* White-box: the invariants are about connection blocks. */
#include "tcp/tcp_priv.h"

#define RUNS_DEFAULT 2000

typedef struct
{
  guint64 seed;
  World *w;
  GHashTable *rcv_nxt; /* "host/id" -> last RCV.NXT (+1, so 0 = unseen) */
  GHashTable *errors;  /* conn id -> TRUE when an end reported an error */
  GHashTable *ids;     /* every conn id seen */
  GString *text;       /* the scenario, printed on failure */
  guint64 segments;
} Prop;

static void G_GNUC_PRINTF (2, 3)
prop_fail (Prop *p, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_test_message ("seed %" G_GUINT64_FORMAT " at %.9f s: %s\nscenario:\n%s", p->seed,
                  sim_time_to_s (p->w->sim.now), msg, p->text->str);
  g_test_fail_printf ("seed %" G_GUINT64_FORMAT ": %s", p->seed, msg);
  g_free (msg);
}

static void
prop_sink (gpointer ctx, const TraceEvent *ev)
{
  Prop *p = ctx;
  if (ev->conn)
    g_hash_table_add (p->ids, GSIZE_TO_POINTER (ev->conn));
  /* A connection born again with an id seen before (an old duplicate SYN
   * reaching a listener after the first incarnation ended, RFC 9293 §3.5
   * figure 9) starts a new RCV.NXT history. */
  if (ev->kind == TRACE_STATE && ev->old_state == TCP_STATE_CLOSED)
    {
      char *key = g_strdup_printf ("%d/%" G_GUINT64_FORMAT, world_host_index (p->w, ev->host), ev->conn);
      g_hash_table_remove (p->rcv_nxt, key);
      g_free (key);
    }
  /* An error, or an abort (whose reset may be lost, leaving the peer
   * half-open: RFC 9293 §3.5.1), explains a connection left behind. */
  if (ev->kind == TRACE_ERROR || (ev->kind == TRACE_CALL && ev->call == TRACE_CALL_ABORT))
    g_hash_table_add (p->errors, GSIZE_TO_POINTER (ev->conn));
  if (ev->kind != TRACE_SEND)
    return;
  p->segments++;
  const TcpSegment *seg = ev->seg;
  if (seg->flags & TCP_FLAG_RST)
    return; /* a host answers strays with resets (RFC 9293 §3.10.7.1) */
  int h = world_host_index (p->w, ev->host);
  Host *host = p->w->hosts[h];
  TcpConn *conn = host_lookup_conn (host, host_conn_key (seg->sport, seg->daddr, seg->dport));
  if (conn == NULL || conn->state == TCP_STATE_CLOSED)
    prop_fail (p, "%s sent %s%s for a connection it does not hold", ev->host,
               seg->flags & TCP_FLAG_SYN ? "S" : "", seg->flags & TCP_FLAG_FIN ? "F" : "A");
}

static void
check_invariants (Prop *p)
{
  for (guint h = 0; h < p->w->nhosts; h++)
    {
      const HostConnTab *t = &p->w->hosts[h]->conns;
      for (guint64 i = 0; i <= t->mask; i++)
        {
          TcpConn *c = t->slots[i].endpoint;
          if (c == NULL || tcp_timewait_is (c))
            continue; /* a TIME-WAIT record keeps SND.UNA = SND.NXT = SND.MAX */
          if (!seq_leq (c->snd_una, c->snd_nxt) || !seq_leq (c->snd_nxt, c->snd_max))
            prop_fail (p, "%s conn %" G_GUINT64_FORMAT " (%s): SND.UNA %u, SND.NXT %u, SND.MAX %u",
                       p->w->hosts[h]->name, c->id, tcp_state_name (c->state), c->snd_una,
                       c->snd_nxt, c->snd_max);
          if (c->state == TCP_STATE_SYN_SENT)
            continue; /* RCV.NXT is not yet defined */
          char *key = g_strdup_printf ("%u/%" G_GUINT64_FORMAT, h, c->id);
          gpointer old = g_hash_table_lookup (p->rcv_nxt, key);
          guint64 prev = GPOINTER_TO_SIZE (old);
          if (prev != 0 && seq_lt (c->rcv_nxt, (guint32) (prev - 1)))
            prop_fail (p, "%s conn %" G_GUINT64_FORMAT ": RCV.NXT went back from %u to %u",
                       p->w->hosts[h]->name, c->id, (guint32) (prev - 1), c->rcv_nxt);
          g_hash_table_replace (p->rcv_nxt, key, GSIZE_TO_POINTER ((gsize) c->rcv_nxt + 1));
        }
    }
}

/* A random scenario: two hosts, a lossy link, one to three connections
 * with random exchanges and closes from both sides. */
static void
make_scenario (GString *s, guint64 seed)
{
  GRand *r = g_rand_new_with_seed ((guint32) (seed * 2654435761u + 17));
  const char *profiles[] = { "linux", "linux-classic", "rfc9293" };
  g_string_append_printf (s, "profile %s\nseed %" G_GUINT64_FORMAT "\n",
                          profiles[g_rand_int_range (r, 0, 3)], seed);
  g_string_append (s, "host a 10.0.0.1\nhost b 10.0.0.2\n");
  int delay = g_rand_int_range (r, 1, 120);
  for (int dir = 0; dir < 2; dir++)
    {
      /* Loss, and sometimes duplication, reordering and jitter. */
      int d = dir == 0 ? delay : delay + g_rand_int_range (r, -delay + 1, 40);
      g_string_append_printf (s, "link %s delay %dms loss %.3f", dir == 0 ? "a -> b" : "b -> a", d,
                              g_rand_double_range (r, 0, 0.4));
      if (g_rand_boolean (r))
        g_string_append_printf (s, " duplicate %.3f", g_rand_double_range (r, 0, 0.2));
      if (g_rand_boolean (r))
        g_string_append_printf (s, " reorder %.3f by %dms", g_rand_double_range (r, 0, 0.3),
                                g_rand_int_range (r, 1, 200));
      if (g_rand_boolean (r))
        g_string_append_printf (s, " jitter %dms%s", g_rand_int_range (r, 1, 30),
                                g_rand_boolean (r) ? " normal" : "");
      g_string_append_c (s, '\n');
    }
  g_string_append (s, "at 0s b listen 80\n");
  int nconns = g_rand_int_range (r, 1, 4);
  int t = 0;
  for (int i = 0; i < nconns; i++)
    {
      t += g_rand_int_range (r, 0, 300);
      g_string_append_printf (s, "at %dms a connect b:80 as c%d\n", t, i);
      g_string_append_printf (s, "on c%d established a send c%d %d\n", i, i,
                              g_rand_int_range (r, 1, 30000));
      g_string_append_printf (s, "on c%d received 1 b send c%d %d\n", i, i,
                              g_rand_int_range (r, 1, 30000));
      /* Each end closes at EOF, and one of them on its own at some point
       * (or aborts); the other side may also shut down early. */
      g_string_append_printf (s, "on c%d eof a close c%d\n", i, i);
      g_string_append_printf (s, "on c%d eof b close c%d\n", i, i);
      const char *closer = g_rand_boolean (r) ? "a" : "b";
      const char *how = g_rand_int_range (r, 0, 10) == 0 ? "abort" : "close";
      g_string_append_printf (s, "on c%d received %d %s %s c%d\n", i, g_rand_int_range (r, 1, 4),
                              closer, how, i);
    }
  g_string_append (s, "run until 3000s\n");
  g_rand_free (r);
}

static void
run_case (gconstpointer data)
{
  guint64 seed = GPOINTER_TO_SIZE (data);
  Prop p = { .seed = seed };
  p.text = g_string_new ("");
  make_scenario (p.text, seed);
  GError *err = NULL;
  Scenario *scn = scn_parse_string ("prop.scn", p.text->str, NULL, 0, &err);
  g_assert_no_error (err);
  p.w = world_new (scn, FALSE, 0, &err);
  g_assert_no_error (err);
  p.rcv_nxt = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p.errors = g_hash_table_new (g_direct_hash, g_direct_equal);
  p.ids = g_hash_table_new (g_direct_hash, g_direct_equal);
  trace_bus_subscribe (&p.w->bus, prop_sink, &p);
  while (sim_step (&p.w->sim, scn->until) && !g_test_failed ())
    check_invariants (&p);
  g_assert_false (p.w->sim.stalled);
  if (g_test_verbose ())
    g_test_message ("seed %" G_GUINT64_FORMAT ": %" G_GUINT64_FORMAT " events, %" G_GUINT64_FORMAT " segments, %u connections", seed, p.w->sim.events_run, p.segments, g_hash_table_size (p.ids));

  /* Every connection still held at the end must have a peer that
   * reported an error (e.g. the other end gave up and left it
   * half-open), or be waiting on a timer the run cut short. */
  for (guint h = 0; h < p.w->nhosts && !g_test_failed (); h++)
    {
      const HostConnTab *t = &p.w->hosts[h]->conns;
      for (guint64 i = 0; i <= t->mask; i++)
        {
          gpointer ep = t->slots[i].endpoint;
          if (ep == NULL)
            continue;
          guint64 id = tcp_timewait_is (ep) ? tcp_timewait_id (ep) : ((TcpConn *) ep)->id;
          TcpState st = tcp_timewait_is (ep) ? TCP_STATE_TIME_WAIT : ((TcpConn *) ep)->state;
          if (!g_hash_table_contains (p.errors, GSIZE_TO_POINTER (id)))
            prop_fail (&p, "%s conn %" G_GUINT64_FORMAT " still %s at the end, and no end of it "
                       "reported an error", p.w->hosts[h]->name, id, tcp_state_name (st));
        }
    }
  world_free (p.w);
  scn_free (scn);
  g_hash_table_destroy (p.rcv_nxt);
  g_hash_table_destroy (p.errors);
  g_hash_table_destroy (p.ids);
  g_string_free (p.text, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* TCPSIM_PROPERTY_RUNS changes the number of cases (and so the seeds
   * covered); each case's seed is its index, so any one reruns alone with
   * -p /property/lifecycle/SEED. */
  const char *env = g_getenv ("TCPSIM_PROPERTY_RUNS");
  guint runs = env ? (guint) g_ascii_strtoull (env, NULL, 10) : RUNS_DEFAULT;
  for (guint i = 1; i <= runs; i++)
    {
      char *path = g_strdup_printf ("/property/lifecycle/%u", i);
      g_test_add_data_func (path, GSIZE_TO_POINTER ((gsize) i), run_case);
      g_free (path);
    }
  return g_test_run ();
}
