/* Segment-in / segment-out tests of the TCP state machine (src/tcp/).
 *
 * One case per arc of RFC 9293's state diagram (§3.3.2, figure 5), per
 * rule of SEGMENT ARRIVES (§3.10.7) and of the user calls (§3.10.1-5) that
 * the code implements, and per timer of §3.10.8 with the numbers of the
 * profiles (docs/profiles.md).  Each case builds a connection
 * in a state through real segments (tcp-fixture.h), sends it one stimulus
 * and asserts the exact segments that come out, at the exact simulated
 * time, the state, and what the application is told.  Paths name the state
 * and the stimulus.  Invalid segments are tables.
 *
 * Beyond the state diagram: every profile's schedules and give-ups (from
 * the rules in tcp_profile.c and from the state machine), the tail loss
 * probe, keepalive, challenge-ACK limits, listen queues and SYN cookies,
 * host crash and restart, simultaneous open and close per profile.
 *
 * Sequence numbers: our ISS is TF_ISS, the peer's TF_IRS.  Unless a case
 * says otherwise the profile is linux. */
#include <glib.h>
#include <string.h>

#include "sim/rng.h"
#include "tcp-fixture.h"
#include "tcp/tcp.h"
#include "tcp/tcp_profile.h"

#define MS SIM_MS
#define S SIM_S

/* A test case registered with the fixture; data is the case's table row
 * (or NULL). */
#define TEST(path, fn) g_test_add ((path), TcpFixture, NULL, tf_setup, (fn), tf_teardown)
#define TEST_ROW(row, fn) \
  g_test_add ((row)->path, TcpFixture, (row), tf_setup, (fn), tf_teardown)

/* The fixture opens from port TF_LOCAL_PORT: a profile whose ephemeral
 * range leaves it out (inet: 1024-5000) is widened to take it. */
static void
use_profile_fixture_ports (TcpFixture *f, const char *name)
{
  tf_use_profile (f, name);
  TcpProfile *p = &f->stack->profile;
  p->port_lo = MIN (p->port_lo, TF_LOCAL_PORT);
  p->port_hi = MAX (p->port_hi, TF_LOCAL_PORT);
}

/* Runs to each time in at[] and asserts the same segment there. */
static void
expect_series (TcpFixture *f, SimTime base, const SimTime *at, gsize n, guint8 flags,
               guint32 seq, guint32 ack, guint32 len, TcpState state)
{
  for (gsize i = 0; i < n; i++)
    {
      tf_run_until (f, base + at[i]);
      tf_assert_sent (f, base + at[i], flags, seq, ack, len, state);
      tf_assert_quiet (f);
    }
}

/* ---- CLOSED (§3.10.1 OPEN, §3.10.7.1 SEGMENT ARRIVES) -------------------- */

static void
test_closed_connect_sends_syn (TcpFixture *f, gconstpointer data)
{
  tf_connect (f);
  /* §3.10.1: <SEQ=ISS><CTL=SYN>, SYN-SENT.  Linux's options: MSS 1460,
   * SACK-permitted, timestamps, window scale 10, window 64240. */
  const TcpSegment *syn = tf_assert_sent (f, 0, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  g_assert_cmpuint (syn->opts, ==, TCP_OPT_MSS | TCP_OPT_WSCALE | TCP_OPT_SACK_OK | TCP_OPT_TS);
  g_assert_cmpuint (syn->mss, ==, 1460);
  g_assert_cmpuint (syn->wscale, ==, 10);
  g_assert_cmpuint (syn->win, ==, 64240);
  g_assert_cmpuint (syn->ts_ecr, ==, 0);
  tf_assert_state_since (f, TCP_STATE_SYN_SENT, 0);
  tf_assert_quiet (f);
}

static void
test_closed_connect_sends_syn_rfc9293 (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "rfc9293");
  tf_connect (f);
  /* RFC 9293 §3.7.1: MSS only. */
  const TcpSegment *syn = tf_assert_sent (f, 0, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  g_assert_cmpuint (syn->opts, ==, TCP_OPT_MSS);
  g_assert_cmpuint (syn->mss, ==, 1460);
  g_assert_cmpuint (syn->win, ==, 65535);
  tf_assert_quiet (f);
}

/* §3.10.7.1: whatever arrives for no connection and no listener. */
typedef struct
{
  const char *path;
  TcpSegment in;
  guint8 reply_flags; /* 0: nothing is sent */
  guint32 reply_seq, reply_ack;
} ClosedCase;

static const ClosedCase closed_cases[] = {
  /* No ACK: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. */
  { "/tcp/closed/syn-gets-rstack",
    { .flags = TF_S, .seq = TF_IRS }, TF_RA, 0, TF_IRS + 1 },
  { "/tcp/closed/data-gets-rstack",
    { .flags = TCP_FLAG_PSH, .seq = TF_IRS + 1, .len = 100 }, TF_RA, 0, TF_IRS + 101 },
  { "/tcp/closed/fin-gets-rstack",
    { .flags = TCP_FLAG_FIN, .seq = TF_IRS + 1 }, TF_RA, 0, TF_IRS + 2 },
  /* ACK: <SEQ=SEG.ACK><CTL=RST>. */
  { "/tcp/closed/ack-gets-rst",
    { .flags = TF_A, .seq = TF_IRS + 1, .ack = 777 }, TF_R, 777, 0 },
  { "/tcp/closed/finack-gets-rst",
    { .flags = TF_FA, .seq = TF_IRS + 1, .ack = 778 }, TF_R, 778, 0 },
  { "/tcp/closed/synack-gets-rst",
    { .flags = TF_SA, .seq = TF_IRS, .ack = 779 }, TF_R, 779, 0 },
  /* A reset is never answered. */
  { "/tcp/closed/rst-ignored", { .flags = TF_R, .seq = TF_IRS + 1 }, 0, 0, 0 },
  { "/tcp/closed/rstack-ignored",
    { .flags = TF_RA, .seq = TF_IRS + 1, .ack = 780 }, 0, 0, 0 },
};

static void
test_closed_segment (TcpFixture *f, gconstpointer data)
{
  const ClosedCase *c = data;
  f->lport = TF_SERVER_PORT;
  f->rport = TF_PEER_PORT;
  tf_run_until (f, 1 * S);
  tf_inject (f, &c->in);
  if (c->reply_flags != 0)
    tf_assert_sent (f, 1 * S, c->reply_flags, c->reply_seq, c->reply_ack, 0,
                    TCP_STATE_CLOSED);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->states->len, ==, 0);
}

/* ---- LISTEN (§3.10.7.2) --------------------------------------------------- */

static void
test_listen_syn_sends_synack (TcpFixture *f, gconstpointer data)
{
  tf_build_listen (f);
  tf_run_until (f, 1 * S);
  TcpSegment syn = tf_peer_syn (TF_IRS);
  tf_inject (f, &syn);
  /* <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>, SYN-RECEIVED; the options both
   * ends have, window 65160 (measured). */
  const TcpSegment *sa
    = tf_assert_sent (f, 1 * S, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  g_assert_cmpuint (sa->opts, ==, TCP_OPT_MSS | TCP_OPT_WSCALE | TCP_OPT_SACK_OK | TCP_OPT_TS);
  g_assert_cmpuint (sa->mss, ==, 1460);
  g_assert_cmpuint (sa->wscale, ==, 10);
  g_assert_cmpuint (sa->win, ==, 65160);
  g_assert_cmpuint (sa->ts_ecr, ==, TF_PEER_TS_BASE + 1000);
  tf_assert_state_since (f, TCP_STATE_SYN_RECEIVED, 1 * S);
  g_assert_cmpuint (f->listener->syn_queue, ==, 1);
  g_assert_cmpuint (f->accepted, ==, 0);
  tf_assert_quiet (f);
}

static void
test_listen_syn_without_options (TcpFixture *f, gconstpointer data)
{
  /* RFC 9293 §3.7.1: no MSS option means 536; the SYN-ACK offers no option
   * the SYN did not (RFC 7323 §1.3, §3.2; RFC 2018 §2). */
  f->peer_ts = FALSE;
  tf_build_listen (f);
  tf_inject (f, &(TcpSegment) { .flags = TF_S, .seq = TF_IRS });
  const TcpSegment *sa
    = tf_assert_sent (f, 0, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  g_assert_cmpuint (sa->opts, ==, TCP_OPT_MSS);
  tf_run_until (f, TF_RTT);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  tf_assert_state (f, TCP_STATE_ESTABLISHED);
  g_assert_cmpint (tcp_send (f->conn, 1000), ==, TCP_OK);
  tf_assert_sent (f, TF_RTT, TF_A, TF_ISS + 1, TF_IRS + 1, 536, TCP_STATE_ESTABLISHED);
  tf_assert_sent (f, TF_RTT, TF_PA, TF_ISS + 537, TF_IRS + 1, 464, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
}

/* Everything but a SYN, in the order of §3.10.7.2. */
typedef struct
{
  const char *path;
  TcpSegment in;
  guint8 reply_flags; /* 0: nothing is sent */
  guint32 reply_seq;
} ListenCase;

static const ListenCase listen_cases[] = {
  /* First: an RST is ignored. */
  { "/tcp/listen/rst-ignored", { .flags = TF_R, .seq = TF_IRS }, 0, 0 },
  { "/tcp/listen/rstack-ignored", { .flags = TF_RA, .seq = TF_IRS, .ack = 555 }, 0, 0 },
  /* Second: any ACK gets <SEQ=SEG.ACK><CTL=RST>. */
  { "/tcp/listen/ack-gets-rst", { .flags = TF_A, .seq = TF_IRS + 1, .ack = 555 }, TF_R, 555 },
  { "/tcp/listen/synack-gets-rst", { .flags = TF_SA, .seq = TF_IRS, .ack = 556 }, TF_R, 556 },
  /* Fourth, other text or control: drop. */
  { "/tcp/listen/fin-dropped", { .flags = TCP_FLAG_FIN, .seq = TF_IRS }, 0, 0 },
  { "/tcp/listen/data-dropped", { .flags = TCP_FLAG_PSH, .seq = TF_IRS, .len = 10 }, 0, 0 },
};

static void
test_listen_segment (TcpFixture *f, gconstpointer data)
{
  const ListenCase *c = data;
  tf_build_listen (f);
  tf_run_until (f, 1 * S);
  tf_inject (f, &c->in);
  if (c->reply_flags != 0)
    tf_assert_sent (f, 1 * S, c->reply_flags, c->reply_seq, 0, 0, TCP_STATE_CLOSED);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->states->len, ==, 0);
  g_assert_cmpuint (f->listener->syn_queue, ==, 0);
  /* Still listening. */
  TcpSegment syn = tf_peer_syn (TF_IRS);
  tf_inject (f, &syn);
  tf_assert_sent (f, 1 * S, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
}

/* ---- SYN-SENT (§3.10.7.3) ------------------------------------------------- */

static void
test_syn_sent_synack_establishes_and_acks (TcpFixture *f, gconstpointer data)
{
  tf_build_syn_sent (f);
  tf_run_until (f, TF_RTT);
  TcpSegment synack = tf_peer_synack ();
  tf_inject (f, &synack);
  /* Fourth: our SYN is acknowledged: ESTABLISHED, <SEQ=SND.NXT>
   * <ACK=RCV.NXT><CTL=ACK> at once. */
  const TcpSegment *ack
    = tf_assert_sent (f, TF_RTT, TF_A, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  g_assert_true (ack->opts & TCP_OPT_TS);
  g_assert_cmpuint (ack->ts_ecr, ==, TF_PEER_TS_BASE + 100);
  tf_assert_state_since (f, TCP_STATE_ESTABLISHED, TF_RTT);
  g_assert_cmpuint (f->established, ==, 1);
  g_assert_true (f->conn->ts_ok && f->conn->sack_ok && f->conn->ws_ok);
  g_assert_cmpuint (f->conn->snd_wscale, ==, TF_PEER_WSCALE);
  g_assert_cmpuint (f->conn->mss, ==, 1460);
  /* The SYN timer is off. */
  tf_run_until (f, 200 * S);
  tf_assert_quiet (f);
  tf_assert_state (f, TCP_STATE_ESTABLISHED);
}

/* Segments that SYN-SENT refuses: the connection stays, and its SYN timer
 * too (the SYN is retransmitted at 1 s as if nothing had come). */
typedef struct
{
  const char *path;
  TcpSegment in;
  guint8 reply_flags; /* 0: nothing is sent */
  guint32 reply_seq;
} SynSentCase;

static const SynSentCase syn_sent_cases[] = {
  /* First: SEG.ACK =< ISS or SEG.ACK > SND.NXT: <SEQ=SEG.ACK><CTL=RST>. */
  { "/tcp/syn-sent/bad-ack-gets-rst",
    { .flags = TF_SA, .seq = TF_IRS, .ack = TF_ISS + 2 }, TF_R, TF_ISS + 2 },
  { "/tcp/syn-sent/ack-of-iss-gets-rst",
    { .flags = TF_SA, .seq = TF_IRS, .ack = TF_ISS }, TF_R, TF_ISS },
  { "/tcp/syn-sent/old-ack-gets-rst",
    { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS - 100 }, TF_R, TF_ISS - 100 },
  /* … unless it is a reset: drop it. */
  { "/tcp/syn-sent/rst-with-bad-ack-ignored",
    { .flags = TF_RA, .seq = 0, .ack = TF_ISS }, 0, 0 },
  { "/tcp/syn-sent/rst-with-future-ack-ignored",
    { .flags = TF_RA, .seq = 0, .ack = TF_ISS + 2 }, 0, 0 },
  /* Second: an RST without ACK is dropped. */
  { "/tcp/syn-sent/rst-without-ack-ignored", { .flags = TF_R, .seq = TF_IRS }, 0, 0 },
  /* Fifth: neither SYN nor RST: drop. */
  { "/tcp/syn-sent/ack-without-syn-dropped",
    { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 1 }, 0, 0 },
  { "/tcp/syn-sent/fin-dropped", { .flags = TCP_FLAG_FIN, .seq = TF_IRS + 1 }, 0, 0 },
};

static void
test_syn_sent_segment (TcpFixture *f, gconstpointer data)
{
  const SynSentCase *c = data;
  tf_build_syn_sent (f);
  tf_run_until (f, TF_RTT);
  tf_inject (f, &c->in);
  if (c->reply_flags != 0)
    tf_assert_sent (f, TF_RTT, c->reply_flags, c->reply_seq, 0, 0, TCP_STATE_SYN_SENT);
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_SYN_SENT, 0);
  tf_run_until (f, 1 * S);
  tf_assert_sent (f, 1 * S, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->user_errors->len, ==, 0);
}

static void
test_syn_sent_syn_simultaneous_open (TcpFixture *f, gconstpointer data)
{
  tf_build_syn_sent (f);
  tf_run_until (f, TF_RTT);
  /* §3.5 figure 8: the peer's SYN crosses ours: SYN-RECEIVED and
   * <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>. */
  TcpSegment syn = tf_peer_syn (TF_IRS);
  tf_inject (f, &syn);
  const TcpSegment *sa
    = tf_assert_sent (f, TF_RTT, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  g_assert_cmpuint (sa->opts, ==, TCP_OPT_MSS | TCP_OPT_WSCALE | TCP_OPT_SACK_OK | TCP_OPT_TS);
  tf_assert_quiet (f);
  /* The peer's SYN-ACK (its SYN again, acknowledging ours): ESTABLISHED
   * and an ACK. */
  tf_run_until (f, 2 * TF_RTT);
  TcpSegment synack = tf_peer_synack ();
  tf_inject (f, &synack);
  tf_assert_sent (f, 2 * TF_RTT, TF_A, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  tf_assert_state_since (f, TCP_STATE_ESTABLISHED, 2 * TF_RTT);
  g_assert_cmpuint (f->established, ==, 1);
  tf_run_until (f, 200 * S);
  tf_assert_quiet (f);
}

static void
test_syn_sent_close_deletes (TcpFixture *f, gconstpointer data)
{
  tf_build_syn_sent (f);
  tf_run_until (f, TF_RTT);
  /* §3.10.4: nothing was synchronized: delete the TCB, send nothing. */
  g_assert_cmpint (tcp_close (f->conn), ==, TCP_OK);
  tf_assert_closed (f, TF_RTT, TCP_OK);
  tf_run_until (f, 200 * S);
  tf_assert_quiet (f);
}

static void
test_syn_sent_data_queued (TcpFixture *f, gconstpointer data)
{
  tf_build_syn_sent (f);
  /* §3.10.2: data queued in SYN-SENT goes out once ESTABLISHED, after the
   * handshake's ACK (docs/linux-behaviour.md, clean lifecycle). */
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_quiet (f);
  tf_run_until (f, TF_RTT);
  TcpSegment synack = tf_peer_synack ();
  tf_inject (f, &synack);
  tf_assert_sent (f, TF_RTT, TF_A, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  tf_assert_sent (f, TF_RTT, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
}

/* ---- SYN-RECEIVED (§3.10.7.4 for SYN-RECEIVED) ---------------------------- */

static void
test_syn_received_ack_establishes (TcpFixture *f, gconstpointer data)
{
  tf_build_syn_received (f);
  tf_run_until (f, TF_RTT);
  /* Fifth: SND.UNA < SEG.ACK =< SND.NXT: ESTABLISHED; nothing to send.
   * The listener's application gets the connection. */
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_ESTABLISHED, TF_RTT);
  g_assert_cmpuint (f->accepted, ==, 1);
  g_assert_cmpuint (f->established, ==, 1);
  g_assert_cmpuint (f->listener->syn_queue, ==, 0);
  /* The SYN-ACK timer is off. */
  tf_run_until (f, 100 * S);
  tf_assert_quiet (f);
}

static void
test_syn_received_data_establishes (TcpFixture *f, gconstpointer data)
{
  tf_build_syn_received (f);
  tf_run_until (f, TF_RTT);
  /* The handshake's ACK was lost; the first data segment (ACK set) completes
   * the handshake (docs/linux-behaviour.md) and is acknowledged at once (quick-ACK). */
  tf_inject (f, &(TcpSegment) {
                  .flags = TF_PA, .seq = TF_IRS + 1, .ack = TF_ISS + 1, .len = 100 });
  tf_assert_sent (f, TF_RTT, TF_A, TF_ISS + 1, TF_IRS + 101, 0, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->accepted, ==, 1);
  g_assert_cmpuint (f->received, ==, 100);
}

static void
test_syn_received_fin_to_close_wait (TcpFixture *f, gconstpointer data)
{
  tf_build_syn_received (f);
  tf_run_until (f, TF_RTT);
  /* Fifth then eighth: the ACK establishes, the FIN moves on to
   * CLOSE-WAIT; its ACK waits for the delayed-ACK timer (40 ms). */
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  tf_assert_state_since (f, TCP_STATE_CLOSE_WAIT, TF_RTT);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->accepted, ==, 1);
  g_assert_cmpuint (f->eofs, ==, 1);
  tf_run_until (f, TF_RTT + 40 * MS);
  tf_assert_sent (f, TF_RTT + 40 * MS, TF_A, TF_ISS + 1, TF_IRS + 2, 0, TCP_STATE_CLOSE_WAIT);
  tf_assert_quiet (f);
}

/* Segments that SYN-RECEIVED answers without leaving the state.  The
 * SYN-ACK timer keeps running: the next SYN-ACK is due at 1 s. */
typedef struct
{
  const char *path;
  const char *profile;
  TcpSegment in;
  guint8 reply_flags; /* 0: nothing is sent */
  guint32 reply_seq, reply_ack;
} SynRcvdCase;

static const SynRcvdCase syn_rcvd_cases[] = {
  /* Fifth: an unacceptable ACK gets <SEQ=SEG.ACK><CTL=RST>. */
  { "/tcp/syn-received/bad-ack-gets-rst", "linux",
    { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 5 }, TF_R, TF_ISS + 5, 0 },
  { "/tcp/syn-received/ack-of-iss-gets-rst", "linux",
    { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS }, TF_R, TF_ISS, 0 },
  /* Second, RFC 5961 §3.2: an RST in the window but not at RCV.NXT draws
   * a challenge ACK. */
  { "/tcp/syn-received/rst-in-window-challenge-ack", "linux",
    { .flags = TF_R, .seq = TF_IRS + 10 }, TF_A, TF_ISS + 1, TF_IRS + 1 },
  /* First: an RST outside the window is dropped; anything else outside
   * gets <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. */
  { "/tcp/syn-received/rst-out-of-window-ignored", "linux",
    { .flags = TF_R, .seq = TF_IRS + 1000000 }, 0, 0, 0 },
  { "/tcp/syn-received/out-of-window-gets-ack", "linux",
    { .flags = TF_PA, .seq = TF_IRS + 1000000, .ack = TF_ISS + 1, .len = 10 },
    TF_A, TF_ISS + 1, TF_IRS + 1 },
  /* Fifth: no ACK bit: drop. */
  { "/tcp/syn-received/no-ack-dropped", "linux",
    { .flags = TCP_FLAG_PSH, .seq = TF_IRS + 1, .len = 10 }, 0, 0, 0 },
  /* docs/profiles.md: a duplicate SYN fails the sequence check and draws
   * an ACK (a challenge ACK, RFC 5961 §4) in rfc9293. */
  { "/tcp/syn-received/dup-syn-challenge-ack-rfc9293", "rfc9293",
    { .flags = TF_S, .seq = TF_IRS }, TF_A, TF_ISS + 1, TF_IRS + 1 },
};

static void
test_syn_received_segment (TcpFixture *f, gconstpointer data)
{
  const SynRcvdCase *c = data;
  tf_use_profile (f, c->profile);
  tf_build_syn_received (f);
  tf_run_until (f, TF_RTT);
  tf_inject (f, &c->in);
  if (c->reply_flags != 0)
    tf_assert_sent (f, TF_RTT, c->reply_flags, c->reply_seq, c->reply_ack, 0,
                    TCP_STATE_SYN_RECEIVED);
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_SYN_RECEIVED, 0);
  g_assert_cmpuint (f->accepted, ==, 0);
  tf_run_until (f, 1 * S);
  tf_assert_sent (f, 1 * S, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  tf_assert_quiet (f);
}

static void
test_syn_received_rst_passive_drops (TcpFixture *f, gconstpointer data)
{
  tf_build_syn_received (f);
  tf_run_until (f, TF_RTT);
  /* Second: a passive open returns to LISTEN; the user need not be
   * informed. */
  tf_inject (f, &(TcpSegment) { .flags = TF_R, .seq = TF_IRS + 1 });
  tf_assert_quiet (f);
  tf_assert_closed (f, TF_RTT, TCP_OK);
  g_assert_cmpuint (f->listener->syn_queue, ==, 0);
  g_assert_cmpuint (f->accepted, ==, 0);
  /* No SYN-ACK retransmission; the listener answers a new SYN. */
  tf_run_until (f, 2 * S);
  tf_assert_quiet (f);
  TcpSegment syn = tf_peer_syn (TF_IRS + 7);
  tf_inject (f, &syn);
  tf_assert_sent (f, 2 * S, TF_SA, TF_ISS, TF_IRS + 8, 0, TCP_STATE_SYN_RECEIVED);
}

static void
test_syn_received_rst_active_refused (TcpFixture *f, gconstpointer data)
{
  tf_build_syn_sent (f);
  TcpSegment syn = tf_peer_syn (TF_IRS);
  tf_inject (f, &syn);
  tf_assert_sent (f, 0, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  tf_run_until (f, TF_RTT);
  /* Second: an active open (from SYN-SENT) was refused. */
  tf_inject (f, &(TcpSegment) { .flags = TF_R, .seq = TF_IRS + 1 });
  tf_assert_quiet (f);
  tf_assert_closed (f, TF_RTT, TCP_ECONNREFUSED);
}

static void
test_syn_received_syn_returns_to_listen (TcpFixture *f, gconstpointer data)
{
  tf_build_syn_received (f);
  tf_run_until (f, TF_RTT);
  /* Fourth: a SYN in the window, in a passive SYN-RECEIVED: back to
   * LISTEN. */
  TcpSegment syn = tf_peer_syn (TF_IRS + 100);
  tf_inject (f, &syn);
  tf_assert_quiet (f);
  tf_assert_closed (f, TF_RTT, TCP_OK);
  g_assert_cmpuint (f->listener->syn_queue, ==, 0);
  tf_run_until (f, 100 * S);
  tf_assert_quiet (f);
}

static void
test_syn_received_dup_syn_resends_synack (TcpFixture *f, gconstpointer data)
{
  tf_build_syn_received (f);
  /* Linux (docs/profiles.md and docs/linux-behaviour.md): a retransmitted SYN gets a SYN-ACK at
   * once, and the timer restarts at now + the current interval without
   * backoff and without counting a retry. */
  tf_run_until (f, 500 * MS);
  TcpSegment syn = tf_peer_syn (TF_IRS);
  tf_inject (f, &syn);
  tf_assert_sent (f, 500 * MS, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  tf_assert_quiet (f);
  /* Not at 1 s, but 1 s after the duplicate; then doubling as before. */
  static const SimTime at[] = { 1500 * MS, 3500 * MS, 7500 * MS };
  expect_series (f, 0, at, G_N_ELEMENTS (at), TF_SA, TF_ISS, TF_IRS + 1, 0,
                 TCP_STATE_SYN_RECEIVED);
  tf_assert_state_since (f, TCP_STATE_SYN_RECEIVED, 0);
}

static void
test_syn_received_close_sends_fin (TcpFixture *f, gconstpointer data)
{
  /* A simultaneous open gives the user a connection in SYN-RECEIVED. */
  tf_build_syn_sent (f);
  TcpSegment syn = tf_peer_syn (TF_IRS);
  tf_inject (f, &syn);
  tf_assert_sent (f, 0, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  tf_run_until (f, 50 * MS);
  /* §3.10.4: nothing to send: <FIN>, FIN-WAIT-1. */
  g_assert_cmpint (tcp_close (f->conn), ==, TCP_OK);
  tf_assert_sent (f, 50 * MS, TF_FA, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_FIN_WAIT_1);
  tf_assert_quiet (f);
  /* The peer acknowledges SYN and FIN. */
  tf_run_until (f, TF_RTT);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 2 });
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_FIN_WAIT_2, TF_RTT);
}

static void
test_syn_received_close_then_synack_retransmitted (TcpFixture *f, gconstpointer data)
{
  tf_build_syn_sent (f);
  TcpSegment syn = tf_peer_syn (TF_IRS);
  tf_inject (f, &syn);
  tf_assert_sent (f, 0, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  tf_run_until (f, 50 * MS);
  g_assert_cmpint (tcp_close (f->conn), ==, TCP_OK);
  tf_assert_sent (f, 50 * MS, TF_FA, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_FIN_WAIT_1);
  /* Nothing comes back.  RFC 6298 §5.4: the timer retransmits the earliest
   * unacknowledged segment, which is our SYN (as a SYN-ACK), not a byte of
   * data at its sequence number. */
  tf_run_until (f, 1 * S);
  tf_assert_sent (f, 1 * S, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_FIN_WAIT_1);
  tf_assert_quiet (f);
  /* The peer acknowledges SYN and FIN. */
  tf_run_until (f, 1100 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 2 });
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_FIN_WAIT_2, 1100 * MS);
}

/* ---- ESTABLISHED (§3.10.7.4) ---------------------------------------------- */

static void
test_established_passive (TcpFixture *f, gconstpointer data)
{
  tf_build_established_passive (f);
  /* Both openings leave the same sequence space. */
  g_assert_cmpuint (f->conn->snd_una, ==, TF_ISS + 1);
  g_assert_cmpuint (f->conn->snd_nxt, ==, TF_ISS + 1);
  g_assert_cmpuint (f->conn->rcv_nxt, ==, TF_IRS + 1);
  g_assert_true (f->conn->passive);
}

static void
test_established_data_acked_quickack (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  /* Seventh: in-order text; Linux ACKs at once at connection start. */
  tf_inject (f, &(TcpSegment) {
                  .flags = TF_PA, .seq = TF_IRS + 1, .ack = TF_ISS + 1, .len = 100 });
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, TF_IRS + 101, 0, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->received, ==, 100);
}

static void
test_established_old_data_with_new_fin (TcpFixture *f, gconstpointer data)
{
  /* Our ACK of the data was lost; the peer retransmits the data with its
   * FIN behind it.  The data is a duplicate, trimmed away (§3.10.7.4
   * first), but the FIN at RCV.NXT is new (eighth): CLOSE-WAIT, and one
   * ACK (delayed, Linux) that covers the FIN. */
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  tf_inject (f, &(TcpSegment) {
                  .flags = TF_PA, .seq = TF_IRS + 1, .ack = TF_ISS + 1, .len = 100 });
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, TF_IRS + 101, 0, TCP_STATE_ESTABLISHED);
  tf_run_until (f, 500 * MS);
  tf_inject (f, &(TcpSegment) {
                  .flags = TF_PA | TCP_FLAG_FIN, .seq = TF_IRS + 1, .ack = TF_ISS + 1, .len = 100 });
  tf_assert_state_since (f, TCP_STATE_CLOSE_WAIT, 500 * MS);
  g_assert_cmpuint (f->eofs, ==, 1);
  g_assert_cmpuint (f->received, ==, 100);
  tf_run_until (f, 540 * MS);
  tf_assert_sent (f, 540 * MS, TF_A, TF_ISS + 1, TF_IRS + 102, 0, TCP_STATE_CLOSE_WAIT);
  tf_assert_quiet (f);
}

static void
test_established_delayed_ack_after_quickacks (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  guint32 seq = TF_IRS + 1;
  SimTime t = 200 * MS;
  /* Linux: 16 quick ACKs (TCP_MAX_QUICKACKS), then delayed ACKs (40 ms). */
  for (int i = 0; i < 16; i++, t += 100 * MS)
    {
      tf_run_until (f, t);
      tf_inject (f, &(TcpSegment) {
                      .flags = TF_PA, .seq = seq, .ack = TF_ISS + 1, .len = 10 });
      seq += 10;
      tf_assert_sent (f, t, TF_A, TF_ISS + 1, seq, 0, TCP_STATE_ESTABLISHED);
    }
  tf_run_until (f, t);
  tf_inject (f, &(TcpSegment) { .flags = TF_PA, .seq = seq, .ack = TF_ISS + 1, .len = 10 });
  tf_assert_quiet (f);
  tf_run_until (f, t + 40 * MS);
  tf_assert_sent (f, t + 40 * MS, TF_A, TF_ISS + 1, seq + 10, 0, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
}

static void
test_established_delayed_ack_rfc9293 (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "rfc9293");
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  /* RFC 9293 §3.8.6.3: delayed, less than 0.5 s (200 ms here). */
  tf_inject (f, &(TcpSegment) {
                  .flags = TF_PA, .seq = TF_IRS + 1, .ack = TF_ISS + 1, .len = 100 });
  tf_run_until (f, 399 * MS);
  tf_assert_quiet (f);
  tf_run_until (f, 400 * MS);
  tf_assert_sent (f, 400 * MS, TF_A, TF_ISS + 1, TF_IRS + 101, 0, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
}

static void
test_established_second_full_segment_acked (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "rfc9293");
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  /* RFC 1122 §4.2.3.2: an ACK at least every second full-sized segment. */
  tf_inject (f, &(TcpSegment) {
                  .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 1, .len = 1460 });
  tf_assert_quiet (f);
  tf_run_until (f, 210 * MS);
  tf_inject (f, &(TcpSegment) {
                  .flags = TF_PA, .seq = TF_IRS + 1461, .ack = TF_ISS + 1, .len = 1460 });
  tf_assert_sent (f, 210 * MS, TF_A, TF_ISS + 1, TF_IRS + 2921, 0, TCP_STATE_ESTABLISHED);
  tf_run_until (f, 1 * S);
  tf_assert_quiet (f);
}

static void
test_established_send_cuts_to_mss (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  /* §3.8.6: segments of at most the MSS, PSH on the last. */
  g_assert_cmpint (tcp_send (f->conn, 3000), ==, TCP_OK);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 1460, TCP_STATE_ESTABLISHED);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1461, TF_IRS + 1, 1460, TCP_STATE_ESTABLISHED);
  tf_assert_sent (f, 200 * MS, TF_PA, TF_ISS + 2921, TF_IRS + 1, 80, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
  /* All acknowledged: no retransmission. */
  tf_run_until (f, 300 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 3001 });
  tf_assert_quiet (f);
  tf_run_until (f, 100 * S);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->conn->snd_una, ==, TF_ISS + 3001);
}

static void
test_established_ooo_ack_opens_window (TcpFixture *f, gconstpointer data)
{
  /* Eleven segments queued, ten in flight (the initial window).  The peer's
   * next segment is out of order but acknowledges our first two: the
   * duplicate ACK goes at once, and so does the data the ACK made room
   * for (slow start: cwnd 10 -> 12 segments, 8 in flight). */
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  g_assert_cmpint (tcp_send (f->conn, 11 * 1460), ==, TCP_OK);
  for (guint i = 0; i < 10; i++)
    tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1 + i * 1460, TF_IRS + 1, 1460,
                    TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
  tf_run_until (f, 300 * MS);
  tf_inject (f, &(TcpSegment) {
                  .flags = TF_A, .seq = TF_IRS + 101, .ack = TF_ISS + 1 + 2 * 1460, .len = 50 });
  tf_assert_sent (f, 300 * MS, TF_A, TF_ISS + 1 + 10 * 1460, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  tf_assert_sent (f, 300 * MS, TF_PA, TF_ISS + 1 + 10 * 1460, TF_IRS + 1, 1460, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
}

/* Segments that ESTABLISHED answers (or drops) without leaving the state. */
typedef struct
{
  const char *path;
  TcpSegment in;
  guint8 reply_flags; /* 0: nothing is sent */
  guint32 reply_seq, reply_ack;
} EstabCase;

static const EstabCase estab_cases[] = {
  /* First: not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. */
  { "/tcp/established/out-of-window-gets-ack",
    { .flags = TF_PA, .seq = TF_IRS + 1 + 200000, .ack = TF_ISS + 1, .len = 100 },
    TF_A, TF_ISS + 1, TF_IRS + 1 },
  { "/tcp/established/old-duplicate-gets-ack",
    { .flags = TF_PA, .seq = TF_IRS + 1 - 100, .ack = TF_ISS + 1, .len = 100 },
    TF_A, TF_ISS + 1, TF_IRS + 1 },
  { "/tcp/established/dup-synack-gets-ack",
    { .flags = TF_SA, .seq = TF_IRS, .ack = TF_ISS + 1 }, TF_A, TF_ISS + 1, TF_IRS + 1 },
  /* … unless it is a reset. */
  { "/tcp/established/rst-out-of-window-ignored",
    { .flags = TF_R, .seq = TF_IRS + 1 + 200000 }, 0, 0, 0 },
  { "/tcp/established/rst-old-ignored", { .flags = TF_R, .seq = TF_IRS }, 0, 0, 0 },
  /* Second, RFC 5961 §3.2: in the window but not exactly RCV.NXT:
   * challenge ACK. */
  { "/tcp/established/rst-in-window-challenge-ack",
    { .flags = TF_R, .seq = TF_IRS + 1 + 100 }, TF_A, TF_ISS + 1, TF_IRS + 1 },
  { "/tcp/established/rstack-in-window-challenge-ack",
    { .flags = TF_RA, .seq = TF_IRS + 2, .ack = TF_ISS + 1 }, TF_A, TF_ISS + 1, TF_IRS + 1 },
  /* Fourth, RFC 5961 §4.2: a SYN, whatever its sequence number: challenge
   * ACK. */
  { "/tcp/established/syn-challenge-ack",
    { .flags = TF_S, .seq = TF_IRS + 1 + 100 }, TF_A, TF_ISS + 1, TF_IRS + 1 },
  { "/tcp/established/syn-at-rcv-nxt-challenge-ack",
    { .flags = TF_S, .seq = TF_IRS + 1 }, TF_A, TF_ISS + 1, TF_IRS + 1 },
  { "/tcp/established/syn-out-of-window-challenge-ack",
    { .flags = TF_S, .seq = TF_IRS - 100000 }, TF_A, TF_ISS + 1, TF_IRS + 1 },
  /* Fifth: no ACK bit: drop. */
  { "/tcp/established/no-ack-dropped",
    { .flags = TCP_FLAG_PSH, .seq = TF_IRS + 1, .len = 100 }, 0, 0, 0 },
  /* Fifth: it acknowledges what was not sent: dropped without a reply
   * by Linux (tcp_ack(), ack_unsent_drop); see test_ack_of_unsent for
   * the RFC's ACK. */
  { "/tcp/established/ack-of-unsent-linux-dropped",
    { .flags = TF_PA, .seq = TF_IRS + 1, .ack = TF_ISS + 100, .len = 100 }, 0, 0, 0 },
  /* Seventh: out of order, held (see /tcp/established/ooo/): a duplicate
   * ACK at once (RFC 5681 §4.2). */
  { "/tcp/established/out-of-order-gets-dup-ack",
    { .flags = TF_PA, .seq = TF_IRS + 1 + 100, .ack = TF_ISS + 1, .len = 100 },
    TF_A, TF_ISS + 1, TF_IRS + 1 },
  /* Eighth: a FIN beyond RCV.NXT is not processed yet (it is held), and
   * being out of order it draws the same duplicate ACK. */
  { "/tcp/established/fin-out-of-order-gets-dup-ack",
    { .flags = TF_FA, .seq = TF_IRS + 1 + 100, .ack = TF_ISS + 1 },
    TF_A, TF_ISS + 1, TF_IRS + 1 },
};

static void
test_established_segment (TcpFixture *f, gconstpointer data)
{
  const EstabCase *c = data;
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  tf_inject (f, &c->in);
  if (c->reply_flags != 0)
    tf_assert_sent (f, 200 * MS, c->reply_flags, c->reply_seq, c->reply_ack, 0,
                    TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_ESTABLISHED, TF_RTT);
  g_assert_cmpuint (f->received, ==, 0);
  g_assert_cmpuint (f->conn->rcv_nxt, ==, TF_IRS + 1);
  g_assert_cmpuint (f->user_errors->len, ==, 0);
  tf_run_until (f, 10 * S);
  tf_assert_quiet (f);
}

/* RFC 9293 §3.10.7.4 fifth: a segment that acknowledges data never sent
 * draws an ACK and is dropped, under the RFC's profile and FreeBSD's
 * (tcp_do_segment(): dropafterack); its data is not taken. */
static void
test_ack_of_unsent (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, data);
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  TcpSegment in = { .flags = TF_PA, .seq = TF_IRS + 1, .ack = TF_ISS + 100, .len = 100 };
  tf_inject (f, &in);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->received, ==, 0);
  g_assert_cmpuint (f->conn->rcv_nxt, ==, TF_IRS + 1);
}

static void
test_established_fin_to_close_wait (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  /* Eighth: CLOSE-WAIT; Linux delays the ACK of a FIN (40 ms), so that a
   * close() at once sends FIN and ACK in one segment. */
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_CLOSE_WAIT, 200 * MS);
  g_assert_cmpuint (f->eofs, ==, 1);
  tf_run_until (f, 240 * MS - 1);
  tf_assert_quiet (f);
  tf_run_until (f, 240 * MS);
  tf_assert_sent (f, 240 * MS, TF_A, TF_ISS + 1, TF_IRS + 2, 0, TCP_STATE_CLOSE_WAIT);
  tf_run_until (f, 100 * S);
  tf_assert_quiet (f);
  tf_assert_state (f, TCP_STATE_CLOSE_WAIT);
}

static void
test_established_fin_to_close_wait_rfc9293 (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "rfc9293");
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  tf_assert_state_since (f, TCP_STATE_CLOSE_WAIT, 200 * MS);
  tf_run_until (f, 400 * MS);
  tf_assert_sent (f, 400 * MS, TF_A, TF_ISS + 1, TF_IRS + 2, 0, TCP_STATE_CLOSE_WAIT);
  tf_assert_quiet (f);
}

static void
test_established_close_sends_fin (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  /* §3.10.4: <FIN>, FIN-WAIT-1. */
  g_assert_cmpint (tcp_close (f->conn), ==, TCP_OK);
  tf_assert_sent (f, 200 * MS, TF_FA, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_FIN_WAIT_1);
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_FIN_WAIT_1, 200 * MS);
  /* §3.10.2: no more sending. */
  g_assert_cmpint (tcp_send (f->conn, 10), ==, TCP_EPIPE);
  tf_assert_quiet (f);
}

static void
test_established_close_after_data (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  /* The FIN rides on the last data segment. */
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_sent (f, 200 * MS, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  g_assert_cmpint (tcp_close (f->conn), ==, TCP_OK);
  tf_assert_sent (f, 200 * MS, TF_FA, TF_ISS + 101, TF_IRS + 1, 0, TCP_STATE_FIN_WAIT_1);
  tf_assert_quiet (f);
  tf_run_until (f, 300 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 101 });
  tf_assert_state (f, TCP_STATE_FIN_WAIT_1);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 102 });
  tf_assert_state_since (f, TCP_STATE_FIN_WAIT_2, 300 * MS);
  tf_assert_quiet (f);
}

static void
test_established_shutdown_half_close (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  /* §3.6.1: shutdown() sends FIN; we still receive. */
  g_assert_cmpint (tcp_shutdown (f->conn), ==, TCP_OK);
  tf_assert_sent (f, 200 * MS, TF_FA, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_FIN_WAIT_1);
  tf_run_until (f, 300 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 2 });
  tf_assert_state_since (f, TCP_STATE_FIN_WAIT_2, 300 * MS);
  tf_run_until (f, 400 * MS);
  tf_inject (f, &(TcpSegment) {
                  .flags = TF_PA, .seq = TF_IRS + 1, .ack = TF_ISS + 2, .len = 500 });
  tf_assert_sent (f, 400 * MS, TF_A, TF_ISS + 2, TF_IRS + 501, 0, TCP_STATE_FIN_WAIT_2);
  g_assert_cmpuint (f->received, ==, 500);
  /* Not orphaned: no FIN-WAIT-2 timeout. */
  tf_run_until (f, 1000 * S);
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_FIN_WAIT_2, 300 * MS);
}

/* ---- Retransmission (RFC 6298, §3.10.8) ----------------------------------- */

static void
test_established_rto_backoff_and_give_up (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  /* SRTT 100 ms from the handshake: RTO = 100 + max(4 * 50, 200) ms. */
  g_assert_cmpint (f->conn->rto, ==, 300 * MS);
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_sent (f, TF_RTT, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  /* A tail loss probe first (docs/linux-behaviour.md: PTO = 2·SRTT + rto_min = 400
   * ms, clamped to the RTO deadline, 300 ms), then the RTO from the probe
   * (RFC 6298 §5.4-5.6), doubling from 300 ms up to Linux's 120 s.  Linux
   * gives up by time (retransmits_timed_out): 924.6 s after the first RTO
   * retransmission, checked when the timer fires: 15 of them here. */
  static const SimTime at[] = {
    300 * MS, 600 * MS, 1200 * MS, 2400 * MS, 4800 * MS, 9600 * MS, 19200 * MS, 38400 * MS,
    76800 * MS, 153600 * MS, 273600 * MS, 393600 * MS, 513600 * MS, 633600 * MS,
    753600 * MS, 873600 * MS,
  };
  expect_series (f, TF_RTT, at, G_N_ELEMENTS (at), TF_PA, TF_ISS + 1, TF_IRS + 1, 100,
                 TCP_STATE_ESTABLISHED);
  g_assert_cmpint (f->conn->rto, ==, 120 * S);
  g_assert_cmpuint (f->conn->retries, ==, 15);
  tf_run_until (f, TF_RTT + 993600 * MS - 1);
  tf_assert_state (f, TCP_STATE_ESTABLISHED);
  tf_run_until (f, TF_RTT + 993600 * MS);
  tf_assert_quiet (f);
  tf_assert_closed (f, TF_RTT + 993600 * MS, TCP_ETIMEDOUT);
}

static void
test_established_rto_backoff_and_give_up_rfc9293 (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "rfc9293");
  tf_build_established (f);
  /* RFC 6298 §2.4: SRTT + 4 * RTTVAR = 300 ms is raised to 1 s. */
  g_assert_cmpint (f->conn->rto, ==, 1 * S);
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_sent (f, TF_RTT, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  /* Doubling to the 60 s cap (§2.5); 8 retransmissions, then give up:
   * after 243 s, beyond R2 = 100 s (RFC 1122 §4.2.3.5). */
  static const SimTime at[] = { 1 * S, 3 * S, 7 * S, 15 * S, 31 * S, 63 * S, 123 * S, 183 * S };
  expect_series (f, TF_RTT, at, G_N_ELEMENTS (at), TF_PA, TF_ISS + 1, TF_IRS + 1, 100,
                 TCP_STATE_ESTABLISHED);
  tf_run_until (f, TF_RTT + 243 * S);
  tf_assert_quiet (f);
  tf_assert_closed (f, TF_RTT + 243 * S, TCP_ETIMEDOUT);
}

static void
test_established_ack_stops_rexmit (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_sent (f, TF_RTT, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  tf_run_until (f, 400 * MS);
  tf_assert_sent (f, 400 * MS, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  /* RFC 6298 §5.2: everything acknowledged: the timer stops. */
  tf_run_until (f, 500 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 101 });
  tf_run_until (f, 1000 * S);
  tf_assert_quiet (f);
  tf_assert_state (f, TCP_STATE_ESTABLISHED);
}

static void
test_established_rtt_from_timestamps (TcpFixture *f, gconstpointer data)
{
  tf_connect (f);
  tf_assert_sent (f, 0, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  /* The first SYN is lost; the second (1 s) is answered after 100 ms. The
   * SYN-ACK echoes the second SYN's TSval: an RTT sample despite the
   * retransmission (RFC 7323 §4.1), SRTT 100 ms, RTTVAR 50 ms. */
  tf_run_until (f, 1 * S);
  tf_assert_sent (f, 1 * S, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  tf_run_until (f, 1100 * MS);
  TcpSegment synack = tf_peer_synack ();
  tf_inject (f, &synack);
  tf_assert_sent (f, 1100 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpint (f->conn->srtt, ==, 100 * MS);
  g_assert_cmpint (f->conn->rttvar, ==, 50 * MS);
  /* Linux: RTO = SRTT + max(4 * RTTVAR, rto_min) = 300 ms; no 3 s
   * fallback (docs/linux-behaviour.md, first SYN lost).  The tail loss probe comes
   * at the RTO deadline (300 ms), the RTO 300 ms after it. */
  g_assert_cmpint (f->conn->rto, ==, 300 * MS);
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_sent (f, 1100 * MS, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  static const SimTime at[] = { 300 * MS, 600 * MS };
  expect_series (f, 1100 * MS, at, G_N_ELEMENTS (at), TF_PA, TF_ISS + 1, TF_IRS + 1, 100,
                 TCP_STATE_ESTABLISHED);
}

/* On the wheel the RTO is kept in whole jiffies, as Linux's
 * __tcp_set_rto() = usecs_to_jiffies(srtt + max(4·rttvar, rto_min)), and
 * the SYN-ACK's RTT is measured in microseconds from the SYN's send time
 * (tcp_ack_update_rtt: Karn's sample before the timestamp echo).  After a
 * 100.75 ms handshake (the measured machine's RTT, docs/linux-behaviour.md
 * part 4): 300.75 ms, 76 jiffies = 304 ms.  data: the RTT in µs. */
static void
test_wheel_rto_in_jiffies (TcpFixture *f, gconstpointer data)
{
  SimTime rtt = GPOINTER_TO_SIZE (data) * SIM_US;
  tf_use_wheel (f, 0);
  tf_connect (f);
  tf_assert_sent (f, 0, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  tf_run_until (f, rtt);
  TcpSegment synack = tf_peer_synack ();
  tf_inject (f, &synack);
  tf_assert_sent (f, rtt, TF_A, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpint (f->conn->srtt, ==, rtt);
  SimTime want = rtt == 100 * MS ? 300 * MS : 304 * MS;
  g_assert_cmpint (f->conn->rto, ==, want);
  /* Exact timers keep the nominal sum: 300.75 ms. */
}

/* The kernel model's estimator is Linux's tcp_rtt_estimator(): after the
 * handshake's 100 ms (SRTT 100 ms, mdev 200 ms, variance term 200 ms), a
 * 20 ms sample moves SRTT to 90 ms, but, being below SRTT, mdev only by
 * an eighth: (80 - 50) / 8 = 3.75 ms, to 203.75 ms, which becomes the
 * variance term; RTO = 293.75 ms, 74 jiffies = 296 ms.  (RFC 6298 would
 * give RTTVAR 57.5 ms and RTO 90 + max(230, 200) = 320 ms.) */
static void
test_wheel_linux_estimator (TcpFixture *f, gconstpointer data)
{
  tf_use_wheel (f, 0);
  tf_connect (f);
  tf_assert_sent (f, 0, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  tf_run_until (f, 100 * MS);
  TcpSegment synack = tf_peer_synack ();
  tf_inject (f, &synack);
  tf_assert_sent (f, 100 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpint (f->conn->rto, ==, 300 * MS);
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_sent (f, 100 * MS, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  tf_run_until (f, 120 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 101 });
  g_assert_cmpint (f->conn->srtt, ==, 90 * MS);
  g_assert_cmpint (f->conn->rto, ==, 296 * MS);
}

static void
test_exact_rto_not_in_jiffies (TcpFixture *f, gconstpointer data)
{
  tf_connect (f);
  tf_run_until (f, 100750 * SIM_US);
  TcpSegment synack = tf_peer_synack ();
  tf_inject (f, &synack);
  g_assert_cmpint (f->conn->state, ==, TCP_STATE_ESTABLISHED);
  /* The timestamp echo in whole milliseconds: 100 ms, RTO 300 ms. */
  g_assert_cmpint (f->conn->srtt, ==, 100 * MS);
  g_assert_cmpint (f->conn->rto, ==, 300 * MS);
}

static void
fallback_3s (TcpFixture *f)
{
  tf_connect (f);
  tf_assert_sent (f, 0, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  tf_run_until (f, 1 * S);
  tf_assert_sent (f, 1 * S, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  tf_run_until (f, 1100 * MS);
  /* Without SACK there is no tail loss probe (Linux tcp_is_sack()): the
   * RTO alone is seen. */
  TcpSegment synack = tf_peer_synack ();
  synack.opts &= (guint8) ~TCP_OPT_SACK_OK;
  tf_inject (f, &synack);
  tf_assert_sent (f, 1100 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  /* RFC 6298 §5.7: the SYN was retransmitted and, without timestamps,
   * Karn's rule leaves no RTT sample: the RTO for data is 3 s. */
  g_assert_false (f->conn->have_rtt);
  g_assert_cmpint (f->conn->rto, ==, 3 * S);
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_sent (f, 1100 * MS, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  static const SimTime at[] = { 3 * S, 9 * S };
  expect_series (f, 1100 * MS, at, G_N_ELEMENTS (at), TF_PA, TF_ISS + 1, TF_IRS + 1, 100,
                 TCP_STATE_ESTABLISHED);
}

static void
test_established_rfc6298_3s_fallback (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "rfc9293");
  fallback_3s (f);
}

static void
test_established_rfc6298_3s_fallback_linux (TcpFixture *f, gconstpointer data)
{
  /* Linux too, when the peer offers no timestamps (docs/profiles.md). */
  f->peer_ts = FALSE;
  fallback_3s (f);
}

/* ---- ESTABLISHED: the out-of-order queue (§3.10.7.4 seventh) ------------- */

/* Sequence offsets in these cases count from the peer's first byte,
 * TF_IRS + 1 (RCV.NXT when the connection is established). */
#define RX(off) (TF_IRS + 1 + (off))

/* The peer's data segment [off, off + len), acknowledging our SYN. */
static void
inject_data (TcpFixture *f, guint32 off, guint32 len, guint8 flags)
{
  tf_inject (f, &(TcpSegment) { .flags = flags, .seq = RX (off), .ack = TF_ISS + 1, .len = len });
}

/* Asserts the out-of-order queue: the ranges held, as pairs of offsets
 * (start, end), and the offset of a held FIN (-1: none). */
#define assert_held(f, fin, ...)                                                           \
  check_held ((f), __LINE__, (fin), (const guint32[]) { __VA_ARGS__ },                    \
              sizeof ((const guint32[]) { __VA_ARGS__ }) / sizeof (guint32) / 2)
#define assert_held_fin(f, fin) check_held ((f), __LINE__, (fin), NULL, 0)
#define assert_held_none(f) check_held ((f), __LINE__, -1, NULL, 0)

static void
check_held (TcpFixture *f, int line, gint64 fin, const guint32 *pairs, guint n)
{
  const TcpConn *c = f->conn;
  GString *got = g_string_new (NULL), *want = g_string_new (NULL);
  for (guint i = 0; i < c->ooo_len; i++)
    g_string_append_printf (got, " [%u, %u)", c->ooo[i].start - RX (0), c->ooo[i].end - RX (0));
  if (c->ooo_fin)
    g_string_append_printf (got, " FIN %u", c->ooo_fin_seq - RX (0));
  for (guint i = 0; i < n; i++)
    g_string_append_printf (want, " [%u, %u)", pairs[2 * i], pairs[2 * i + 1]);
  if (fin >= 0)
    g_string_append_printf (want, " FIN %u", (guint32) fin);
  if (g_strcmp0 (got->str, want->str) != 0)
    {
      char *msg = g_strdup_printf ("held:%s, expected:%s", got->str, want->str);
      g_assertion_message (G_LOG_DOMAIN, __FILE__, line, G_STRFUNC, msg);
      g_free (msg);
    }
  g_string_free (got, TRUE);
  g_string_free (want, TRUE);
}

static void
test_ooo_hole_then_missing_segment (TcpFixture *f, gconstpointer data)
{
  /* rfc9293: in-order data waits for the delayed ACK (200 ms), so the
   * immediate ACKs below are the out-of-order rules of RFC 5681 §4.2. */
  tf_use_profile (f, "rfc9293");
  tf_build_established (f);
  /* Two holes: [0, 100) and [200, 300).  Each segment beyond RCV.NXT is
   * held and draws a duplicate ACK at once. */
  tf_run_until (f, 200 * MS);
  inject_data (f, 100, 100, TF_PA);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  assert_held (f, -1, 100, 200);
  tf_run_until (f, 210 * MS);
  inject_data (f, 300, 100, TF_PA);
  tf_assert_sent (f, 210 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  assert_held (f, -1, 100, 200, 300, 400);
  g_assert_cmpuint (f->received, ==, 0);
  g_assert_cmpuint (f->conn->rcv_nxt, ==, RX (0));
  /* The first hole filled: RCV.NXT jumps over the held range, the 200
   * bytes go up in one delivery, and the ACK goes at once (it fills part
   * of the gap). */
  tf_run_until (f, 300 * MS);
  inject_data (f, 0, 100, TF_PA);
  tf_assert_sent (f, 300 * MS, TF_A, TF_ISS + 1, RX (200), 0, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->conn->rcv_nxt, ==, RX (200));
  g_assert_cmpuint (f->received, ==, 200);
  g_assert_cmpuint (f->received_calls, ==, 1);
  assert_held (f, -1, 300, 400);
  /* The last hole: everything in order, one more delivery, ACK at once. */
  tf_run_until (f, 400 * MS);
  inject_data (f, 200, 100, TF_PA);
  tf_assert_sent (f, 400 * MS, TF_A, TF_ISS + 1, RX (400), 0, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->received, ==, 400);
  g_assert_cmpuint (f->received_calls, ==, 2);
  g_assert_cmpuint (f->conn->bytes_received, ==, 400);
  assert_held_none (f);
  /* Nothing held any more: in-order data is ACKed late again. */
  tf_run_until (f, 500 * MS);
  inject_data (f, 400, 100, TF_PA);
  tf_run_until (f, 700 * MS - 1);
  tf_assert_quiet (f);
  tf_run_until (f, 700 * MS);
  tf_assert_sent (f, 700 * MS, TF_A, TF_ISS + 1, RX (500), 0, TCP_STATE_ESTABLISHED);
  tf_run_until (f, 10 * S);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->received, ==, 500);
  g_assert_cmpuint (f->received_calls, ==, 3);
}

/* Five segments of 100 bytes, [100k, 100k + 100), arriving in this order;
 * after each one the ACK (always at once, linux: duplicate ACKs, ACKs that
 * fill a gap, quick ACKs), the number of ranges held, and the bytes
 * delivered (0: no delivery). */
typedef struct
{
  const char *path;
  guint order[5];
  guint32 ack[5];
  guint held[5];
  guint32 delivered[5];
} OooOrderCase;

static const OooOrderCase ooo_order_cases[] = {
  { "/tcp/established/ooo/holes-filled-in-order",
    { 0, 1, 2, 3, 4 }, { 100, 200, 300, 400, 500 }, { 0, 0, 0, 0, 0 },
    { 100, 100, 100, 100, 100 } },
  { "/tcp/established/ooo/holes-filled-last-first",
    { 4, 3, 2, 1, 0 }, { 0, 0, 0, 0, 500 }, { 1, 1, 1, 1, 0 }, { 0, 0, 0, 0, 500 } },
  { "/tcp/established/ooo/holes-filled-first-last",
    { 1, 2, 3, 4, 0 }, { 0, 0, 0, 0, 500 }, { 1, 1, 1, 1, 0 }, { 0, 0, 0, 0, 500 } },
  { "/tcp/established/ooo/holes-filled-interleaved",
    { 2, 4, 1, 0, 3 }, { 0, 0, 0, 300, 500 }, { 1, 2, 2, 1, 0 }, { 0, 0, 0, 300, 200 } },
  { "/tcp/established/ooo/holes-filled-odd-then-even",
    { 1, 3, 0, 2, 4 }, { 0, 0, 200, 400, 500 }, { 1, 2, 1, 0, 0 }, { 0, 0, 200, 200, 100 } },
  { "/tcp/established/ooo/holes-filled-outside-in",
    { 0, 4, 1, 3, 2 }, { 100, 100, 200, 200, 500 }, { 0, 1, 1, 1, 0 },
    { 100, 0, 100, 0, 300 } },
};

static void
test_ooo_order (TcpFixture *f, gconstpointer data)
{
  const OooOrderCase *c = data;
  tf_build_established (f);
  guint64 delivered = 0;
  guint calls = 0;
  for (guint i = 0; i < 5; i++)
    {
      SimTime t = 200 * MS + i * 10 * MS;
      tf_run_until (f, t);
      inject_data (f, 100 * c->order[i], 100, TF_PA);
      tf_assert_sent (f, t, TF_A, TF_ISS + 1, RX (c->ack[i]), 0, TCP_STATE_ESTABLISHED);
      tf_assert_quiet (f);
      g_assert_cmpuint (f->conn->rcv_nxt, ==, RX (c->ack[i]));
      g_assert_cmpuint (f->conn->ooo_len, ==, c->held[i]);
      delivered += c->delivered[i];
      calls += c->delivered[i] > 0;
      g_assert_cmpuint (f->received, ==, delivered);
      g_assert_cmpuint (f->received_calls, ==, calls);
    }
  g_assert_cmpuint (f->received, ==, 500);
  tf_run_until (f, 10 * S);
  tf_assert_quiet (f);
}

static void
test_ooo_overlap_and_duplicates (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  SimTime t = 200 * MS;
  /* Each step: a segment beyond RCV.NXT, its duplicate ACK, what is held. */
#define STEP(off, len, ...)                                                                \
  do                                                                                       \
    {                                                                                      \
      t += 10 * MS;                                                                        \
      tf_run_until (f, t);                                                                 \
      inject_data (f, (off), (len), TF_PA);                                                \
      tf_assert_sent (f, t, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);           \
      assert_held (f, -1, __VA_ARGS__);                                                    \
    }                                                                                      \
  while (0)
  STEP (200, 100, 200, 300);
  STEP (200, 100, 200, 300);           /* an exact duplicate */
  STEP (220, 50, 200, 300);            /* inside what is held */
  STEP (250, 150, 200, 400);           /* overlapping its end */
  STEP (150, 60, 150, 400);            /* overlapping its start */
  STEP (400, 50, 150, 450);            /* adjacent after */
  STEP (100, 50, 100, 450);            /* adjacent before */
  STEP (500, 100, 100, 450, 500, 600); /* a second range */
  STEP (700, 10, 100, 450, 500, 600, 700, 710);
  STEP (440, 300, 100, 740);           /* over the first's end, covering the others */
#undef STEP
  g_assert_cmpuint (f->received, ==, 0);
  /* In-order data that overlaps the held range: RCV.NXT to its end, 740
   * bytes in one delivery. */
  t += 10 * MS;
  tf_run_until (f, t);
  inject_data (f, 0, 160, TF_PA);
  tf_assert_sent (f, t, TF_A, TF_ISS + 1, RX (740), 0, TCP_STATE_ESTABLISHED);
  assert_held_none (f);
  g_assert_cmpuint (f->received, ==, 740);
  g_assert_cmpuint (f->received_calls, ==, 1);
  /* A retransmission that covers a held range entirely. */
  t += 10 * MS;
  tf_run_until (f, t);
  inject_data (f, 800, 100, TF_PA);
  tf_assert_sent (f, t, TF_A, TF_ISS + 1, RX (740), 0, TCP_STATE_ESTABLISHED);
  assert_held (f, -1, 800, 900);
  t += 10 * MS;
  tf_run_until (f, t);
  inject_data (f, 740, 200, TF_PA);
  tf_assert_sent (f, t, TF_A, TF_ISS + 1, RX (940), 0, TCP_STATE_ESTABLISHED);
  assert_held_none (f);
  g_assert_cmpuint (f->received, ==, 940);
  g_assert_cmpuint (f->received_calls, ==, 2);
  tf_run_until (f, 10 * S);
  tf_assert_quiet (f);
}

static void
test_ooo_fin_held_until_hole_filled (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  /* The last data segment, with the FIN, overtakes the one before it:
   * held, FIN included, and a duplicate ACK; no end of stream yet. */
  tf_run_until (f, 200 * MS);
  inject_data (f, 100, 100, TF_PA | TCP_FLAG_FIN);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  assert_held (f, 200, 100, 200);
  g_assert_cmpuint (f->eofs, ==, 0);
  /* The hole filled: RCV.NXT over the data and the FIN, CLOSE-WAIT (the
   * eighth step for the held FIN), and the ACK of all of it at once (it
   * fills a gap: no delayed "pingpong" ACK, RFC 5681 §4.2). */
  tf_run_until (f, 300 * MS);
  inject_data (f, 0, 100, TF_PA);
  tf_assert_sent (f, 300 * MS, TF_A, TF_ISS + 1, RX (201), 0, TCP_STATE_CLOSE_WAIT);
  tf_assert_state_since (f, TCP_STATE_CLOSE_WAIT, 300 * MS);
  assert_held_none (f);
  g_assert_null (f->conn->ooo);
  g_assert_cmpuint (f->received, ==, 200);
  g_assert_cmpuint (f->received_calls, ==, 1);
  g_assert_cmpuint (f->eofs, ==, 1);
  /* No second ACK from the delayed-ACK timer; the close that follows is
   * the usual one. */
  tf_run_until (f, 1 * S);
  tf_assert_quiet (f);
  g_assert_cmpint (tcp_close (f->conn), ==, TCP_OK);
  tf_assert_sent (f, 1 * S, TF_FA, TF_ISS + 1, RX (201), 0, TCP_STATE_LAST_ACK);
  tf_assert_quiet (f);
}

static void
test_ooo_lone_fin_held_rfc9293 (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "rfc9293");
  tf_build_established (f);
  /* A bare FIN beyond a hole of 100 bytes. */
  tf_run_until (f, 200 * MS);
  inject_data (f, 100, 0, TF_FA);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  assert_held_fin (f, 100);
  /* Its retransmission, and an out-of-order FIN further on (the lower
   * one wins): nothing changes. */
  tf_run_until (f, 210 * MS);
  inject_data (f, 100, 0, TF_FA);
  tf_assert_sent (f, 210 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  tf_run_until (f, 220 * MS);
  inject_data (f, 150, 50, TF_FA);
  tf_assert_sent (f, 220 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  assert_held_fin (f, 100);
  /* The data: CLOSE-WAIT and its ACK at once, where the in-order FIN of
   * /tcp/established/fin-to-close-wait-rfc9293 waits 200 ms. */
  tf_run_until (f, 300 * MS);
  inject_data (f, 0, 100, TF_PA);
  tf_assert_sent (f, 300 * MS, TF_A, TF_ISS + 1, RX (101), 0, TCP_STATE_CLOSE_WAIT);
  assert_held_none (f);
  g_assert_cmpuint (f->received, ==, 100);
  g_assert_cmpuint (f->eofs, ==, 1);
  tf_run_until (f, 10 * S);
  tf_assert_quiet (f);
}

static void
test_ooo_fin_lower_than_held_data (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  inject_data (f, 200, 100, TF_PA);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  inject_data (f, 400, 100, TF_PA);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  /* A FIN at 250 says the stream ends there: what is held beyond it
   * goes. */
  inject_data (f, 250, 0, TF_FA);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  assert_held (f, 250, 200, 250);
  /* Data beyond the held FIN is not held. */
  inject_data (f, 240, 100, TF_PA);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  inject_data (f, 300, 100, TF_PA);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  assert_held (f, 250, 200, 250);
  /* In-order data that runs past the held FIN: the FIN was not the end
   * after all, and is forgotten. */
  tf_run_until (f, 300 * MS);
  inject_data (f, 0, 260, TF_PA);
  tf_assert_sent (f, 300 * MS, TF_A, TF_ISS + 1, RX (260), 0, TCP_STATE_ESTABLISHED);
  assert_held_none (f);
  g_assert_cmpuint (f->received, ==, 260);
  g_assert_cmpuint (f->eofs, ==, 0);
  tf_assert_quiet (f);
}

static void
test_ooo_in_order_fin_discards_held (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  inject_data (f, 300, 100, TF_PA);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  /* An in-order segment with a FIN ends the stream before what is held
   * (Linux tcp_fin: "we should reset in this case.  For now drop them"):
   * CLOSE-WAIT, the held range forgotten, the ACK at once (a gap was
   * there). */
  tf_run_until (f, 300 * MS);
  inject_data (f, 0, 100, TF_PA | TCP_FLAG_FIN);
  tf_assert_sent (f, 300 * MS, TF_A, TF_ISS + 1, RX (101), 0, TCP_STATE_CLOSE_WAIT);
  assert_held_none (f);
  g_assert_cmpuint (f->received, ==, 100);
  g_assert_cmpuint (f->eofs, ==, 1);
  tf_run_until (f, 10 * S);
  tf_assert_quiet (f);
}

static void
test_ooo_fin_wait_2_fin_held (TcpFixture *f, gconstpointer data)
{
  /* FIN-WAIT-2 from 300 ms; it still receives, and holds. */
  tf_build_fin_wait_2 (f);
  tf_run_until (f, 400 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = RX (100), .ack = TF_ISS + 2 });
  tf_assert_sent (f, 400 * MS, TF_A, TF_ISS + 2, RX (0), 0, TCP_STATE_FIN_WAIT_2);
  assert_held_fin (f, 100);
  tf_run_until (f, 500 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_PA, .seq = RX (0), .ack = TF_ISS + 2, .len = 100 });
  tf_assert_sent (f, 500 * MS, TF_A, TF_ISS + 2, RX (101), 0, TCP_STATE_TIME_WAIT);
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_TIME_WAIT, 500 * MS);
  g_assert_cmpuint (f->received, ==, 100);
  g_assert_cmpuint (f->eofs, ==, 1);
  tf_run_until (f, 60500 * MS);
  tf_assert_closed (f, 60500 * MS, TCP_OK);
  tf_assert_quiet (f);
}

static void
test_ooo_fin_wait_1_fin_held_to_closing (TcpFixture *f, gconstpointer data)
{
  /* FIN-WAIT-1 from 200 ms, our FIN not yet acknowledged. */
  tf_build_fin_wait_1 (f);
  tf_run_until (f, 250 * MS);
  inject_data (f, 100, 0, TF_FA);
  tf_assert_sent (f, 250 * MS, TF_A, TF_ISS + 2, RX (0), 0, TCP_STATE_FIN_WAIT_1);
  tf_run_until (f, 260 * MS);
  inject_data (f, 0, 100, TF_PA);
  tf_assert_sent (f, 260 * MS, TF_A, TF_ISS + 2, RX (101), 0, TCP_STATE_CLOSING);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->received, ==, 100);
  g_assert_cmpuint (f->eofs, ==, 1);
}

static void
test_ooo_beyond_window (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  /* linux, active open: the window is the SYN's, 64240, advertised in the
   * final ACK rounded up to the scale unit (win_round): 63 << 10. */
  g_assert_cmpuint (f->conn->rcv_wnd, ==, f->stack->profile.win_syn);
  guint32 wnd = tcp_rcv_window (f->conn);
  g_assert_cmpuint (wnd, ==, 63u << 10);
  /* Wholly beyond the window: unacceptable (first step), ACK, not held. */
  tf_run_until (f, 200 * MS);
  inject_data (f, wnd, 100, TF_PA);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  assert_held_none (f);
  g_assert_null (f->conn->ooo);
  /* Across the right edge: held up to the edge only; its FIN lies beyond
   * and is not held.  Nor is a FIN whose sequence number is the edge. */
  tf_run_until (f, 210 * MS);
  inject_data (f, wnd - 100, 200, TF_PA | TCP_FLAG_FIN);
  tf_assert_sent (f, 210 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  assert_held (f, -1, wnd - 100, wnd);
  tf_run_until (f, 220 * MS);
  inject_data (f, wnd - 200, 200, TF_FA);
  tf_assert_sent (f, 220 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  assert_held (f, -1, wnd - 200, wnd);
  /* Everything before it arrives: RCV.NXT stops at the old edge, the
   * connection stays ESTABLISHED (no FIN was held). */
  tf_run_until (f, 300 * MS);
  inject_data (f, 0, wnd - 200, TF_PA);
  tf_assert_sent (f, 300 * MS, TF_A, TF_ISS + 1, RX (wnd), 0, TCP_STATE_ESTABLISHED);
  assert_held_none (f);
  g_assert_cmpuint (f->received, ==, wnd);
  g_assert_cmpuint (f->received_calls, ==, 1);
  tf_assert_quiet (f);
}

static void
test_ooo_queue_bounded (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  /* One range per full-sized segment the window holds, plus one:
   * 64240 / 1460 + 1 = 45. */
  guint max = f->conn->rcv_wnd / f->conn->mss + 1;
  g_assert_cmpuint (max, ==, 45);
  tf_run_until (f, 200 * MS);
  /* One-byte segments three bytes apart: no two merge. */
  for (guint k = 1; k <= max; k++)
    {
      inject_data (f, 3 * k, 1, TF_PA);
      tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
    }
  g_assert_cmpuint (f->conn->ooo_len, ==, max);
  g_assert_cmpuint (f->conn->ooo_cap, ==, max);
  /* Full: a higher one is not held; a lower one is, in place of the
   * highest (Linux prunes from the highest sequence). */
  inject_data (f, 3 * max + 3, 1, TF_PA);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpuint (f->conn->ooo_len, ==, max);
  g_assert_cmpuint (f->conn->ooo[max - 1].start, ==, RX (3 * max));
  inject_data (f, 1, 1, TF_PA);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpuint (f->conn->ooo_len, ==, max);
  g_assert_cmpuint (f->conn->ooo[0].start, ==, RX (1));
  g_assert_cmpuint (f->conn->ooo[max - 1].start, ==, RX (3 * (max - 1)));
  /* Merging needs no room: a byte that joins two ranges. */
  inject_data (f, 2, 1, TF_PA);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpuint (f->conn->ooo_len, ==, max - 1);
  g_assert_cmpuint (f->conn->ooo[0].end, ==, RX (4));
  /* The first byte: RCV.NXT over [1, 4). */
  inject_data (f, 0, 1, TF_PA);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (4), 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpuint (f->conn->ooo_len, ==, max - 2);
  g_assert_cmpuint (f->received, ==, 4);
  tf_assert_quiet (f);
}

static void
test_ooo_reset_forgets_held (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  inject_data (f, 100, 100, TF_PA | TCP_FLAG_FIN);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  assert_held (f, 200, 100, 200);
  tf_inject (f, &(TcpSegment) { .flags = TF_R, .seq = RX (0) });
  tf_assert_closed (f, 200 * MS, TCP_ECONNRESET);
  /* CLOSED: the queue is gone with the rest of the receive state. */
  assert_held_none (f);
  g_assert_null (f->conn->ooo);
  g_assert_cmpuint (f->received, ==, 0);
  g_assert_cmpuint (f->eofs, ==, 0);
  tf_assert_quiet (f);
}

static void
test_ooo_freed_with_ranges_held (TcpFixture *f, gconstpointer data)
{
  /* The run ends with ranges and a FIN held: the connection (and its
   * queue) is freed by tcp_stack_free() at teardown.  Under
   * -fsanitize=address a leak here fails the test. */
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  inject_data (f, 100, 100, TF_PA);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  inject_data (f, 300, 100, TF_PA);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  inject_data (f, 500, 0, TF_FA);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (0), 0, TCP_STATE_ESTABLISHED);
  assert_held (f, 500, 100, 200, 300, 400);
  g_assert_nonnull (f->conn->ooo);
  tf_assert_quiet (f);
}

/* ---- FIN-WAIT-1 ----------------------------------------------------------- */

static void
test_fin_wait_1_ack_to_fin_wait_2 (TcpFixture *f, gconstpointer data)
{
  tf_build_fin_wait_1 (f);
  tf_run_until (f, 300 * MS);
  /* Fifth: our FIN is acknowledged: FIN-WAIT-2; nothing to send. */
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 2 });
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_FIN_WAIT_2, 300 * MS);
}

static void
test_fin_wait_1_fin_to_closing (TcpFixture *f, gconstpointer data)
{
  tf_build_fin_wait_1 (f);
  tf_run_until (f, 300 * MS);
  /* §3.6 figure 13, simultaneous close: the peer's FIN does not
   * acknowledge ours: CLOSING, and an ACK at once. */
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  tf_assert_sent (f, 300 * MS, TF_A, TF_ISS + 2, TF_IRS + 2, 0, TCP_STATE_CLOSING);
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_CLOSING, 300 * MS);
  g_assert_cmpuint (f->eofs, ==, 1);
}

static void
test_fin_wait_1_finack_to_time_wait (TcpFixture *f, gconstpointer data)
{
  tf_build_fin_wait_1 (f);
  tf_run_until (f, 300 * MS);
  /* Eighth: the FIN acknowledges ours: TIME-WAIT (through FIN-WAIT-2, as
   * the fifth step says), and an ACK at once. */
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 2 });
  tf_assert_sent (f, 300 * MS, TF_A, TF_ISS + 2, TF_IRS + 2, 0, TCP_STATE_TIME_WAIT);
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_TIME_WAIT, 300 * MS);
  /* 2·MSL: 60 s for Linux. */
  tf_run_until (f, 60300 * MS);
  tf_assert_closed (f, 60300 * MS, TCP_OK);
  tf_assert_quiet (f);
}

static void
test_fin_wait_1_fin_retransmitted (TcpFixture *f, gconstpointer data)
{
  tf_build_fin_wait_1 (f);
  /* A lone FIN lost (docs/linux-behaviour.md): resent after 300 ms by a tail loss
   * probe (PTO = 2·SRTT + rto_min = 400 ms, clamped to the RTO deadline);
   * then the RTO (300 ms, RFC 6298 §5) from the probe, doubling. */
  static const SimTime at[] = { 300 * MS, 600 * MS, 1200 * MS };
  expect_series (f, 200 * MS, at, G_N_ELEMENTS (at), TF_FA, TF_ISS + 1, TF_IRS + 1, 0,
                 TCP_STATE_FIN_WAIT_1);
  tf_run_until (f, 2400 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 2 });
  tf_assert_state_since (f, TCP_STATE_FIN_WAIT_2, 2400 * MS);
  tf_assert_quiet (f);
}

static void
test_fin_wait_1_orphan_gives_up (TcpFixture *f, gconstpointer data)
{
  tf_build_fin_wait_1 (f); /* close() at 200 ms: orphaned */
  /* docs/linux-behaviour.md: a closed (orphaned) socket aborts silently after the
   * probe and 8 RTO retransmissions (tcp_orphan_retries; the limit is
   * the time 8 backoffs from rto_min take, 102.2 s after the first). */
  static const SimTime at[] = { 300 * MS, 600 * MS, 1200 * MS, 2400 * MS, 4800 * MS,
                                9600 * MS, 19200 * MS, 38400 * MS, 76800 * MS };
  expect_series (f, 200 * MS, at, G_N_ELEMENTS (at), TF_FA, TF_ISS + 1, TF_IRS + 1, 0,
                 TCP_STATE_FIN_WAIT_1);
  g_assert_cmpuint (f->conn->retries, ==, 8);
  tf_run_until (f, 200 * MS + 153600 * MS - 1);
  tf_assert_state (f, TCP_STATE_FIN_WAIT_1);
  tf_run_until (f, 200 * MS + 153600 * MS);
  tf_assert_quiet (f);
  tf_assert_closed (f, 200 * MS + 153600 * MS, TCP_ETIMEDOUT);
}

static void
test_fin_wait_1_shutdown_gives_up_after_retries2 (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  /* Not orphaned: tcp_retries2 = 15, 924.6 s after the first RTO
   * retransmission; the probe comes first. */
  g_assert_cmpint (tcp_shutdown (f->conn), ==, TCP_OK);
  tf_assert_sent (f, 200 * MS, TF_FA, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_FIN_WAIT_1);
  static const SimTime at[] = {
    300 * MS, 600 * MS, 1200 * MS, 2400 * MS, 4800 * MS, 9600 * MS, 19200 * MS, 38400 * MS,
    76800 * MS, 153600 * MS, 273600 * MS, 393600 * MS, 513600 * MS, 633600 * MS,
    753600 * MS, 873600 * MS,
  };
  expect_series (f, 200 * MS, at, G_N_ELEMENTS (at), TF_FA, TF_ISS + 1, TF_IRS + 1, 0,
                 TCP_STATE_FIN_WAIT_1);
  tf_run_until (f, 200 * MS + 993600 * MS);
  tf_assert_quiet (f);
  tf_assert_closed (f, 200 * MS + 993600 * MS, TCP_ETIMEDOUT);
}

/* ---- FIN-WAIT-2 ----------------------------------------------------------- */

static void
test_fin_wait_2_fin_to_time_wait (TcpFixture *f, gconstpointer data)
{
  tf_build_fin_wait_2 (f);
  tf_run_until (f, 400 * MS);
  /* Eighth: TIME-WAIT, ACK at once. */
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 2 });
  tf_assert_sent (f, 400 * MS, TF_A, TF_ISS + 2, TF_IRS + 2, 0, TCP_STATE_TIME_WAIT);
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_TIME_WAIT, 400 * MS);
  g_assert_cmpuint (f->eofs, ==, 1);
  /* The FIN-WAIT-2 timeout (60 s after 300 ms) does not cut TIME-WAIT
   * short. */
  tf_run_until (f, 60400 * MS - 1);
  tf_assert_state (f, TCP_STATE_TIME_WAIT);
  tf_run_until (f, 60400 * MS);
  tf_assert_closed (f, 60400 * MS, TCP_OK);
}

static void
test_fin_wait_2_data_acked (TcpFixture *f, gconstpointer data)
{
  tf_build_fin_wait_2 (f);
  tf_run_until (f, 400 * MS);
  /* Seventh: FIN-WAIT-2 still receives. */
  tf_inject (f, &(TcpSegment) {
                  .flags = TF_PA, .seq = TF_IRS + 1, .ack = TF_ISS + 2, .len = 100 });
  tf_assert_sent (f, 400 * MS, TF_A, TF_ISS + 2, TF_IRS + 101, 0, TCP_STATE_FIN_WAIT_2);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->received, ==, 100);
}

static void
test_fin_wait_2_orphan_timeout (TcpFixture *f, gconstpointer data)
{
  /* close() at 200 ms orphaned the connection; FIN-WAIT-2 from 300 ms. */
  tf_build_fin_wait_2 (f);
  /* Linux tcp_fin_timeout: forgotten 60 s later, silently. */
  tf_run_until (f, 60300 * MS - 1);
  tf_assert_state (f, TCP_STATE_FIN_WAIT_2);
  tf_run_until (f, 60300 * MS);
  tf_assert_quiet (f);
  tf_assert_closed (f, 60300 * MS, TCP_OK);
  /* A FIN arriving later is answered by a bare RST (docs/linux-behaviour.md). */
  tf_run_until (f, 61 * S);
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 2 });
  tf_assert_sent (f, 61 * S, TF_R, TF_ISS + 2, 0, 0, TCP_STATE_CLOSED);
  tf_assert_quiet (f);
}

static void
test_fin_wait_2_close_after_shutdown_timeout (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  g_assert_cmpint (tcp_shutdown (f->conn), ==, TCP_OK);
  tf_assert_sent (f, 200 * MS, TF_FA, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_FIN_WAIT_1);
  tf_run_until (f, 300 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 2 });
  tf_assert_state_since (f, TCP_STATE_FIN_WAIT_2, 300 * MS);
  /* close() in FIN-WAIT-2 orphans it: the timeout runs from the close. */
  tf_run_until (f, 10 * S);
  g_assert_cmpint (tcp_close (f->conn), ==, TCP_OK);
  tf_assert_quiet (f);
  tf_run_until (f, 70 * S - 1);
  tf_assert_state (f, TCP_STATE_FIN_WAIT_2);
  tf_run_until (f, 70 * S);
  tf_assert_closed (f, 70 * S, TCP_OK);
  tf_assert_quiet (f);
}

static void
test_fin_wait_2_no_timeout_rfc9293 (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "rfc9293");
  tf_build_fin_wait_2 (f);
  /* The RFC has no FIN-WAIT-2 timeout. */
  tf_run_until (f, 10000 * S);
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_FIN_WAIT_2, 300 * MS);
}

/* ---- CLOSE-WAIT ----------------------------------------------------------- */

static void
test_close_wait_close_to_last_ack (TcpFixture *f, gconstpointer data)
{
  tf_build_close_wait (f); /* FIN at 200 ms, its ACK at 240 ms */
  tf_run_until (f, 500 * MS);
  /* §3.10.4: <FIN>, LAST-ACK. */
  g_assert_cmpint (tcp_close (f->conn), ==, TCP_OK);
  tf_assert_sent (f, 500 * MS, TF_FA, TF_ISS + 1, TF_IRS + 2, 0, TCP_STATE_LAST_ACK);
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_LAST_ACK, 500 * MS);
}

static void
test_close_wait_close_piggybacks_ack (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  /* Closing before the delayed ACK is due: one FIN+ACK segment (the
   * 3-segment close of docs/linux-behaviour.md), and no separate ACK. */
  tf_run_until (f, 210 * MS);
  g_assert_cmpint (tcp_close (f->conn), ==, TCP_OK);
  tf_assert_sent (f, 210 * MS, TF_FA, TF_ISS + 1, TF_IRS + 2, 0, TCP_STATE_LAST_ACK);
  tf_run_until (f, 300 * MS);
  tf_assert_quiet (f);
}

static void
test_close_wait_send_allowed (TcpFixture *f, gconstpointer data)
{
  tf_build_close_wait (f);
  tf_run_until (f, 500 * MS);
  /* §3.10.2: CLOSE-WAIT may still send. */
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_sent (f, 500 * MS, TF_PA, TF_ISS + 1, TF_IRS + 2, 100, TCP_STATE_CLOSE_WAIT);
  tf_assert_quiet (f);
}

static void
test_close_wait_fin_again_gets_ack (TcpFixture *f, gconstpointer data)
{
  tf_build_close_wait (f);
  tf_run_until (f, 500 * MS);
  /* A retransmitted FIN is below RCV.NXT: an ACK at once (first step). */
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  tf_assert_sent (f, 500 * MS, TF_A, TF_ISS + 1, TF_IRS + 2, 0, TCP_STATE_CLOSE_WAIT);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->eofs, ==, 1);
}

/* ---- CLOSING -------------------------------------------------------------- */

static void
test_closing_ack_to_time_wait (TcpFixture *f, gconstpointer data)
{
  tf_build_closing (f); /* our FIN at 200 ms, theirs at 300 ms */
  tf_run_until (f, 400 * MS);
  /* Fifth: our FIN is acknowledged: TIME-WAIT, nothing to send. */
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 2, .ack = TF_ISS + 2 });
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_TIME_WAIT, 400 * MS);
  tf_run_until (f, 60400 * MS);
  tf_assert_closed (f, 60400 * MS, TCP_OK);
  tf_assert_quiet (f);
}

static void
test_closing_fin_retransmitted (TcpFixture *f, gconstpointer data)
{
  tf_build_closing (f);
  /* Our FIN (200 ms) is still unacknowledged: retransmitted on the RTO. */
  tf_run_until (f, 500 * MS);
  tf_assert_sent (f, 500 * MS, TF_FA, TF_ISS + 1, TF_IRS + 2, 0, TCP_STATE_CLOSING);
  tf_assert_quiet (f);
}

/* ---- LAST-ACK ------------------------------------------------------------- */

static void
test_last_ack_ack_closes (TcpFixture *f, gconstpointer data)
{
  tf_build_last_ack (f); /* FIN at 340 ms */
  tf_run_until (f, 440 * MS);
  /* Fifth: our FIN acknowledged: CLOSED, no TIME-WAIT for the passive
   * closer. */
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 2, .ack = TF_ISS + 2 });
  tf_assert_quiet (f);
  tf_assert_closed (f, 440 * MS, TCP_OK);
  g_assert_cmpuint (f->closed, ==, 1);
  tf_run_until (f, 100 * S);
  tf_assert_quiet (f);
}

static void
test_last_ack_fin_retransmitted (TcpFixture *f, gconstpointer data)
{
  tf_build_last_ack (f);
  tf_run_until (f, 640 * MS);
  tf_assert_sent (f, 640 * MS, TF_FA, TF_ISS + 1, TF_IRS + 2, 0, TCP_STATE_LAST_ACK);
  tf_assert_quiet (f);
}

/* ---- TIME-WAIT ------------------------------------------------------------ */

static void
test_time_wait_expires_after_60s (TcpFixture *f, gconstpointer data)
{
  tf_build_time_wait (f); /* since 400 ms */
  tf_run_until (f, 60400 * MS - 1);
  tf_assert_state (f, TCP_STATE_TIME_WAIT);
  /* §3.10.8: 2·MSL (Linux TCP_TIMEWAIT_LEN). */
  tf_run_until (f, 60400 * MS);
  tf_assert_closed (f, 60400 * MS, TCP_OK);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->closed, ==, 1);
  /* The 4-tuple is free: a segment for it is answered as in CLOSED. */
  tf_run_until (f, 61 * S);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 2, .ack = TF_ISS + 2 });
  tf_assert_sent (f, 61 * S, TF_R, TF_ISS + 2, 0, 0, TCP_STATE_CLOSED);
}

static void
test_time_wait_expires_rfc9293 (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "rfc9293");
  tf_build_time_wait (f);
  /* 2·MSL with MSL = 2 minutes. */
  tf_run_until (f, 240400 * MS - 1);
  tf_assert_state (f, TCP_STATE_TIME_WAIT);
  tf_run_until (f, 240400 * MS);
  tf_assert_closed (f, 240400 * MS, TCP_OK);
}

static void
test_time_wait_fin_reacked_and_restarts (TcpFixture *f, gconstpointer data)
{
  tf_build_time_wait (f);
  tf_run_until (f, 10400 * MS);
  /* Eighth: a retransmitted FIN is acknowledged and restarts the 2·MSL
   * timeout. */
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 2 });
  tf_assert_sent (f, 10400 * MS, TF_A, TF_ISS + 2, TF_IRS + 2, 0, TCP_STATE_TIME_WAIT);
  tf_assert_quiet (f);
  tf_run_until (f, 70400 * MS - 1);
  tf_assert_state_since (f, TCP_STATE_TIME_WAIT, 400 * MS);
  tf_run_until (f, 70400 * MS);
  tf_assert_closed (f, 70400 * MS, TCP_OK);
  tf_assert_quiet (f);
}

static void
test_time_wait_new_syn_reopens (TcpFixture *f, gconstpointer data)
{
  /* The server closes first, so it holds TIME-WAIT on its listening port. */
  tf_build_established_passive (f);
  tf_build_time_wait (f); /* since 400 ms */
  guint64 old_id = f->conn_id;
  tf_run_until (f, 5 * S);
  /* RFC 1122 §4.2.2.13: a new SYN above RCV.NXT reopens the connection,
   * with an ISN above every sequence number of the old one (Linux:
   * SND.NXT + 65535 + 2). */
  guint32 new_irs = TF_IRS + 100000;
  guint32 new_iss = TF_ISS + 2 + 65535 + 2;
  TcpSegment syn = tf_peer_syn (new_irs);
  tf_inject (f, &syn);
  g_assert_cmpuint (f->conn_id, !=, old_id);
  tf_assert_sent (f, 5 * S, TF_SA, new_iss, new_irs + 1, 0, TCP_STATE_SYN_RECEIVED);
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_SYN_RECEIVED, 5 * S);
  /* The old incarnation is gone, without error. */
  guint64 new_id = f->conn_id;
  f->conn_id = old_id;
  tf_assert_closed (f, 5 * S, TCP_OK);
  f->conn_id = new_id;
  /* The new one completes. */
  tf_run_until (f, 5 * S + TF_RTT);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = new_irs + 1, .ack = new_iss + 1 });
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_ESTABLISHED, 5 * S + TF_RTT);
  g_assert_cmpuint (f->accepted, ==, 2);
}

static void
test_time_wait_old_syn_gets_ack (TcpFixture *f, gconstpointer data)
{
  tf_build_established_passive (f);
  tf_build_time_wait (f);
  tf_run_until (f, 5 * S);
  /* A SYN not above RCV.NXT and without a newer timestamp may be an old
   * duplicate: it fails the sequence check and gets an ACK; TIME-WAIT
   * goes on, not restarted. */
  TcpSegment syn = tf_peer_syn (TF_IRS);
  f->peer_ts = FALSE;
  tf_inject (f, &syn);
  tf_assert_sent (f, 5 * S, TF_A, TF_ISS + 2, TF_IRS + 2, 0, TCP_STATE_TIME_WAIT);
  tf_assert_quiet (f);
  tf_run_until (f, 60400 * MS);
  tf_assert_closed (f, 60400 * MS, TCP_OK);
}

static void
test_time_wait_rst_ignored_rfc9293 (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "rfc9293");
  tf_build_time_wait (f);
  tf_run_until (f, 1 * S);
  /* RFC 1337: ignoring RST in TIME-WAIT avoids TIME-WAIT assassination
   * (docs/profiles.md, rfc9293). */
  tf_inject (f, &(TcpSegment) { .flags = TF_R, .seq = TF_IRS + 2 });
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_TIME_WAIT, 400 * MS);
  tf_run_until (f, 240400 * MS);
  tf_assert_closed (f, 240400 * MS, TCP_OK);
}

/* ---- the compact TIME-WAIT record (tcp_timewait.c) -------------------------- */

/* The server's connection in TIME-WAIT since 400 ms, let go by its user,
 * so that the stack keeps only a TIME-WAIT record: the host's table then
 * holds the record for the 4-tuple. */
static void
tw_build_record (TcpFixture *f)
{
  tf_build_established_passive (f);
  tf_build_time_wait (f); /* since 400 ms */
  TcpConn *conn = f->conn;
  guint64 key = conn->key;
  tcp_conn_set_user (conn, NULL, NULL);
  g_assert_true (g_ptr_array_remove (f->conns, conn));
  f->conn = NULL;
  tcp_conn_unref (conn);
  g_assert_true (tcp_timewait_adopt (conn)); /* conn is gone */
  gpointer ep = host_lookup_conn (f->host, key);
  g_assert_nonnull (ep);
  g_assert_true (tcp_timewait_is (ep));
  g_assert_cmpuint (tcp_timewait_id (ep), ==, f->conn_id);
  g_assert_cmpuint (tcp_stack_count_in_state (f->stack, TCP_STATE_TIME_WAIT), ==, 1);
  g_assert_cmpuint (tcp_timewait_record_size (), <=, 112);
  tf_assert_quiet (f);
}

static gboolean
tw_is_record (TcpFixture *f)
{
  gpointer ep = host_lookup_conn (f->host, host_conn_key (TF_SERVER_PORT, TF_PEER_ADDR,
                                                          TF_PEER_PORT));
  return ep != NULL && tcp_timewait_is (ep);
}

static void
test_time_wait_record_fin_reacked (TcpFixture *f, gconstpointer data)
{
  tw_build_record (f);
  tf_run_until (f, 10400 * MS);
  /* As test_time_wait_fin_reacked_and_restarts: the retransmitted FIN is
   * ACKed, <SEQ=SND.NXT><ACK=RCV.NXT>, with our timestamp, and 2·MSL
   * starts again. */
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 2 });
  const TcpSegment *ack = tf_assert_sent (f, 10400 * MS, TF_A, TF_ISS + 2, TF_IRS + 2, 0,
                                          TCP_STATE_TIME_WAIT);
  /* The FIN fails the sequence check, so TS.Recent stays the one of the
   * first FIN, at 400 ms (RFC 7323 §4.3). */
  g_assert_true (ack->opts & TCP_OPT_TS);
  g_assert_cmpuint (ack->ts_ecr, ==, TF_PEER_TS_BASE + 400);
  g_assert_cmpuint (ack->tag.conn, ==, f->conn_id);
  tf_assert_quiet (f);
  g_assert_true (tw_is_record (f));
  /* A second one, likewise; an acceptable bare ACK at RCV.NXT updates
   * TS.Recent and is not answered; the next FIN's ACK echoes it. */
  tf_run_until (f, 15400 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 2 });
  ack = tf_assert_sent (f, 15400 * MS, TF_A, TF_ISS + 2, TF_IRS + 2, 0, TCP_STATE_TIME_WAIT);
  g_assert_cmpuint (ack->ts_ecr, ==, TF_PEER_TS_BASE + 400);
  tf_run_until (f, 16400 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 2, .ack = TF_ISS + 2 });
  tf_assert_quiet (f);
  tf_run_until (f, 20400 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 2 });
  ack = tf_assert_sent (f, 20400 * MS, TF_A, TF_ISS + 2, TF_IRS + 2, 0, TCP_STATE_TIME_WAIT);
  g_assert_cmpuint (ack->ts_ecr, ==, TF_PEER_TS_BASE + 16400);
  tf_run_until (f, 80400 * MS - 1);
  tf_assert_state_since (f, TCP_STATE_TIME_WAIT, 400 * MS);
  g_assert_true (tw_is_record (f));
  tf_run_until (f, 80400 * MS);
  tf_assert_closed (f, 80400 * MS, TCP_OK);
  tf_assert_quiet (f);
  g_assert_false (tw_is_record (f));
  g_assert_cmpuint (host_conn_count (f->host), ==, 0);
}

static void
test_time_wait_record_new_syn_reopens (TcpFixture *f, gconstpointer data)
{
  tw_build_record (f);
  guint64 old_id = f->conn_id;
  tf_run_until (f, 5 * S);
  /* As test_time_wait_new_syn_reopens: ISN SND.NXT + 65535 + 2. */
  guint32 new_irs = TF_IRS + 100000;
  guint32 new_iss = TF_ISS + 2 + 65535 + 2;
  TcpSegment syn = tf_peer_syn (new_irs);
  tf_inject (f, &syn);
  g_assert_cmpuint (f->conn_id, !=, old_id);
  tf_assert_sent (f, 5 * S, TF_SA, new_iss, new_irs + 1, 0, TCP_STATE_SYN_RECEIVED);
  tf_assert_quiet (f);
  g_assert_false (tw_is_record (f));
  guint64 new_id = f->conn_id;
  f->conn_id = old_id;
  tf_assert_closed (f, 5 * S, TCP_OK);
  f->conn_id = new_id;
  tf_run_until (f, 5 * S + TF_RTT);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = new_irs + 1, .ack = new_iss + 1 });
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_ESTABLISHED, 5 * S + TF_RTT);
  g_assert_cmpuint (f->accepted, ==, 2);
}

static void
test_time_wait_record_old_syn_gets_ack (TcpFixture *f, gconstpointer data)
{
  tw_build_record (f);
  tf_run_until (f, 5 * S);
  TcpSegment syn = tf_peer_syn (TF_IRS);
  f->peer_ts = FALSE;
  tf_inject (f, &syn);
  tf_assert_sent (f, 5 * S, TF_A, TF_ISS + 2, TF_IRS + 2, 0, TCP_STATE_TIME_WAIT);
  tf_assert_quiet (f);
  tf_run_until (f, 60400 * MS);
  tf_assert_closed (f, 60400 * MS, TCP_OK);
}

static void
test_time_wait_record_rst (TcpFixture *f, gconstpointer data)
{
  tw_build_record (f);
  tf_run_until (f, 1 * S);
  /* RFC 5961 §3.2: an RST in the window but not at RCV.NXT draws a
   * challenge ACK. */
  tf_inject (f, &(TcpSegment) { .flags = TF_R, .seq = TF_IRS + 10 });
  tf_assert_sent (f, 1 * S, TF_A, TF_ISS + 2, TF_IRS + 2, 0, TCP_STATE_TIME_WAIT);
  g_assert_true (tw_is_record (f));
  /* At RCV.NXT it ends TIME-WAIT (linux: tcp_rfc1337 = 0), silently. */
  tf_run_until (f, 2 * S);
  tf_inject (f, &(TcpSegment) { .flags = TF_R, .seq = TF_IRS + 2 });
  tf_assert_closed (f, 2 * S, TCP_OK);
  tf_assert_quiet (f);
  g_assert_false (tw_is_record (f));
  /* The 4-tuple is free: answered as in CLOSED. */
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 2, .ack = TF_ISS + 2 });
  tf_assert_sent (f, 2 * S, TF_R, TF_ISS + 2, 0, 0, TCP_STATE_CLOSED);
}

static void
test_time_wait_record_rst_ignored_rfc9293 (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "rfc9293");
  tw_build_record (f);
  tf_run_until (f, 1 * S);
  /* RFC 1337, as test_time_wait_rst_ignored_rfc9293. */
  tf_inject (f, &(TcpSegment) { .flags = TF_R, .seq = TF_IRS + 2 });
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_TIME_WAIT, 400 * MS);
  g_assert_true (tw_is_record (f));
  tf_run_until (f, 240400 * MS);
  tf_assert_closed (f, 240400 * MS, TCP_OK);
}

/* Held by its user, a connection in TIME-WAIT stays a full block. */
static void
test_time_wait_record_not_while_held (TcpFixture *f, gconstpointer data)
{
  tf_build_established_passive (f);
  tf_build_time_wait (f);
  g_assert_false (tcp_timewait_adopt (f->conn));
  /* The same segments as test_time_wait_record_fin_reacked's. */
  tf_run_until (f, 10400 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 2 });
  const TcpSegment *ack = tf_assert_sent (f, 10400 * MS, TF_A, TF_ISS + 2, TF_IRS + 2, 0,
                                          TCP_STATE_TIME_WAIT);
  g_assert_cmpuint (ack->ts_ecr, ==, TF_PEER_TS_BASE + 400);
  tf_run_until (f, 16400 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 2, .ack = TF_ISS + 2 });
  tf_assert_quiet (f);
  tf_run_until (f, 20400 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 2 });
  ack = tf_assert_sent (f, 20400 * MS, TF_A, TF_ISS + 2, TF_IRS + 2, 0, TCP_STATE_TIME_WAIT);
  g_assert_cmpuint (ack->ts_ecr, ==, TF_PEER_TS_BASE + 16400);
  g_assert_false (tw_is_record (f));
  tf_run_until (f, 80400 * MS);
  tf_assert_closed (f, 80400 * MS, TCP_OK);
}

/* ---- ABORT (§3.10.5) ------------------------------------------------------ */

/* ---- user calls refused (§3.10.2, §3.10.4, §3.10.5) ----------------------- */

typedef enum { CALL_SEND, CALL_CLOSE, CALL_SHUTDOWN, CALL_ABORT } Call;

typedef struct
{
  const char *path;
  void (*build) (TcpFixture *f);
  gboolean reset_first; /* the peer resets the connection before the call */
  Call call;
  TcpError err;
} CallCase;

static const CallCase call_cases[] = {
  { "/tcp/user/send-in-fin-wait-1-epipe", tf_build_fin_wait_1, FALSE, CALL_SEND, TCP_EPIPE },
  { "/tcp/user/send-in-fin-wait-2-epipe", tf_build_fin_wait_2, FALSE, CALL_SEND, TCP_EPIPE },
  { "/tcp/user/send-in-last-ack-epipe", tf_build_last_ack, FALSE, CALL_SEND, TCP_EPIPE },
  { "/tcp/user/send-in-time-wait-epipe", tf_build_time_wait, FALSE, CALL_SEND, TCP_EPIPE },
  { "/tcp/user/send-after-reset-enotconn", tf_build_established, TRUE, CALL_SEND,
    TCP_ENOTCONN },
  { "/tcp/user/close-after-reset-enotconn", tf_build_established, TRUE, CALL_CLOSE,
    TCP_ENOTCONN },
  { "/tcp/user/shutdown-after-reset-enotconn", tf_build_established, TRUE, CALL_SHUTDOWN,
    TCP_ENOTCONN },
  { "/tcp/user/abort-after-reset-enotconn", tf_build_established, TRUE, CALL_ABORT,
    TCP_ENOTCONN },
};

static void
test_user_call_refused (TcpFixture *f, gconstpointer data)
{
  const CallCase *c = data;
  c->build (f);
  if (c->reset_first)
    {
      tf_inject (f, &(TcpSegment) { .flags = TF_R, .seq = f->conn->rcv_nxt });
      tf_assert_state (f, TCP_STATE_CLOSED);
    }
  TcpState before = tf_state (f);
  guint n_states = f->states->len;
  TcpError err = TCP_OK;
  switch (c->call)
    {
    case CALL_SEND:
      err = tcp_send (f->conn, 10);
      break;
    case CALL_CLOSE:
      err = tcp_close (f->conn);
      break;
    case CALL_SHUTDOWN:
      err = tcp_shutdown (f->conn);
      break;
    case CALL_ABORT:
      err = tcp_abort (f->conn);
      break;
    }
  g_assert_cmpstr (tcp_error_name (err), ==, tcp_error_name (c->err));
  tf_assert_quiet (f);
  tf_assert_state (f, before);
  g_assert_cmpuint (f->states->len, ==, n_states);
}

/* ---- handshake timers ----------------------------------------------------- */

static void
test_syn_sent_retransmit_schedule_linux (TcpFixture *f, gconstpointer data)
{
  tf_build_syn_sent (f);
  /* Linux >= 6.5: 4 linear timeouts, then doubling; 6 + 4 retransmissions
   * (docs/linux-behaviour.md, every SYN lost). */
  static const SimTime at[] = { 1 * S, 2 * S, 3 * S, 4 * S, 5 * S, 7 * S, 11 * S, 19 * S,
                                35 * S, 67 * S };
  expect_series (f, 0, at, G_N_ELEMENTS (at), TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  tf_run_until (f, 131 * S - 1);
  tf_assert_state_since (f, TCP_STATE_SYN_SENT, 0);
  tf_run_until (f, 131 * S);
  tf_assert_quiet (f);
  tf_assert_closed (f, 131 * S, TCP_ETIMEDOUT);
  g_assert_cmpuint (f->closed, ==, 1);
}

static void
test_syn_sent_retransmit_schedule_linux_classic (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "linux-classic");
  tf_build_syn_sent (f);
  static const SimTime at[] = { 1 * S, 3 * S, 7 * S, 15 * S, 31 * S, 63 * S };
  expect_series (f, 0, at, G_N_ELEMENTS (at), TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  tf_run_until (f, 127 * S - 1);
  tf_assert_state (f, TCP_STATE_SYN_SENT);
  tf_run_until (f, 127 * S);
  tf_assert_quiet (f);
  tf_assert_closed (f, 127 * S, TCP_ETIMEDOUT);
}

static void
test_syn_sent_retransmit_schedule_rfc9293 (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "rfc9293");
  tf_build_syn_sent (f);
  /* RFC 6298 §5.5 doubling from 1 s up to the 60 s cap (§2.5); 7
   * retransmissions, then give up at 183 s: R2 for a SYN is at least 3
   * minutes (RFC 1122 §4.2.3.5). */
  static const SimTime at[] = { 1 * S, 3 * S, 7 * S, 15 * S, 31 * S, 63 * S, 123 * S };
  expect_series (f, 0, at, G_N_ELEMENTS (at), TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  tf_run_until (f, 183 * S - 1);
  tf_assert_state (f, TCP_STATE_SYN_SENT);
  tf_run_until (f, 183 * S);
  tf_assert_quiet (f);
  tf_assert_closed (f, 183 * S, TCP_ETIMEDOUT);
}

static void
test_syn_received_synack_retransmit_schedule (TcpFixture *f, gconstpointer data)
{
  tf_build_syn_received (f);
  /* Linux reqsk_timer_handler: 1, 3, 7, 15, 31 s after the first, doubling
   * from the start; the request is dropped silently at 63 s. */
  static const SimTime at[] = { 1 * S, 3 * S, 7 * S, 15 * S, 31 * S };
  expect_series (f, 0, at, G_N_ELEMENTS (at), TF_SA, TF_ISS, TF_IRS + 1, 0,
                 TCP_STATE_SYN_RECEIVED);
  tf_run_until (f, 63 * S - 1);
  tf_assert_state (f, TCP_STATE_SYN_RECEIVED);
  tf_run_until (f, 63 * S);
  tf_assert_quiet (f);
  tf_assert_closed (f, 63 * S, TCP_OK);
  g_assert_cmpuint (f->listener->syn_queue, ==, 0);
  g_assert_cmpuint (f->accepted, ==, 0);
  tf_run_until (f, 200 * S);
  tf_assert_quiet (f);
}


/* ---- handshake and timer knobs (issue 10) ----------------------------------- */

static void
test_knob_user_timeout_syn_sent (TcpFixture *f, gconstpointer data)
{
  tf_build_syn_sent (f);
  /* setsockopt (TCP_USER_TIMEOUT, 3 s) before any answer: Linux
   * tcp_write_timeout counts from the first SYN (retrans_stamp), so the
   * SYNs at 1 and 2 s go out and the connection fails at 3 s, long before
   * the count of 10 retransmissions runs out. */
  g_assert_cmpint (tcp_conn_set_user_timeout (f->conn, 3 * S), ==, TCP_OK);
  static const SimTime at[] = { 1 * S, 2 * S };
  expect_series (f, 0, at, G_N_ELEMENTS (at), TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  tf_run_until (f, 3 * S - 1);
  tf_assert_state (f, TCP_STATE_SYN_SENT);
  tf_run_until (f, 3 * S);
  tf_assert_closed (f, 3 * S, TCP_ETIMEDOUT);
  tf_assert_quiet (f);
}

static void
test_knob_user_timeout_shorter_than_rto (TcpFixture *f, gconstpointer data)
{
  /* The profile's user_timeout (a host key) applies to every new
   * connection.  Below the first RTO: the SYN is retransmitted once at
   * 1 s (Linux looks at the time only after a retransmission), and the
   * timer, clamped to a deadline already past, fires one tick later. */
  f->stack->profile.user_timeout = 500 * MS;
  tf_build_syn_sent (f);
  tf_run_until (f, 1 * S);
  tf_assert_sent (f, 1 * S, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  tf_run_until (f, 1 * S + 1);
  tf_assert_closed (f, 1 * S + 1, TCP_ETIMEDOUT);
  tf_assert_quiet (f);
}

static void
test_knob_user_timeout_data (TcpFixture *f, gconstpointer data)
{
  f->stack->profile.tlp = FALSE;
  tf_build_established (f);
  /* RTO after the 100 ms handshake sample: 300 ms.  Data at 100 ms is
   * never answered: retransmissions at 0.4, 1.0, 2.2 s; the user timeout
   * (2 s) counts from the first of them (retrans_stamp), and the timer is
   * clamped to it (tcp_clamp_rto_to_user_timeout): ETIMEDOUT at 2.4 s, not
   * at the next RTO (4.6 s), whatever retries2 says. */
  g_assert_cmpint (tcp_conn_set_user_timeout (f->conn, 2 * S), ==, TCP_OK);
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_sent (f, TF_RTT, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  static const SimTime at[] = { 400 * MS, 1000 * MS, 2200 * MS };
  expect_series (f, 0, at, G_N_ELEMENTS (at), TF_PA, TF_ISS + 1, TF_IRS + 1, 100,
                 TCP_STATE_ESTABLISHED);
  tf_run_until (f, 2400 * MS - 1);
  tf_assert_state (f, TCP_STATE_ESTABLISHED);
  tf_run_until (f, 2400 * MS);
  tf_assert_closed (f, 2400 * MS, TCP_ETIMEDOUT);
  tf_assert_quiet (f);
}

static void
test_knob_user_timeout_keepalive (TcpFixture *f, gconstpointer data)
{
  /* Linux tcp_keepalive_timer: with TCP_USER_TIMEOUT, a silent peer is
   * given up when a probe is out and the idle time reaches the user
   * timeout (12 s), not after keepalive_probes (9) probes.  Idle 10 s,
   * interval 5 s: the probe at 10.1 s, then at 15.1 s (idle 15 s) a reset
   * and ETIMEDOUT. */
  f->stack->profile.keepalive_idle = 10 * S;
  f->stack->profile.keepalive_intvl = 5 * S;
  tf_build_established (f);
  tcp_conn_set_keepalive (f->conn, TRUE);
  g_assert_cmpint (tcp_conn_set_user_timeout (f->conn, 12 * S), ==, TCP_OK);
  tf_run_until (f, 10100 * MS);
  tf_assert_sent (f, 10100 * MS, TF_A, TF_ISS, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  tf_run_until (f, 15100 * MS);
  tf_assert_sent (f, 15100 * MS, TF_RA, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_CLOSED);
  tf_assert_closed (f, 15100 * MS, TCP_ETIMEDOUT);
  tf_assert_quiet (f);
}

static void
test_knob_user_timeout_closed_refused (TcpFixture *f, gconstpointer data)
{
  tf_build_syn_sent (f);
  g_assert_cmpint (tcp_abort (f->conn), ==, TCP_OK);
  g_assert_cmpint (tcp_conn_set_user_timeout (f->conn, 1 * S), ==, TCP_ENOTCONN);
}

typedef struct
{
  const char *path;
  const char *profile;
  gboolean rtt_from_handshake;
  SimTime rexmit; /* when the lost data segment sent at 100 ms is resent */
} RttCase;

static const RttCase rtt_cases[] = {
  /* The SYN-ACK's RTT sample (100 ms) gives RTO 300 ms. */
  { "/tcp/knob/rtt-from-handshake/linux-on", "linux", TRUE, 400 * MS },
  /* No sample: the first data RTO is the initial one. */
  { "/tcp/knob/rtt-from-handshake/linux-off", "linux", FALSE, 1100 * MS },
  /* INET keeps its 3 s (REFERENCE part 2). */
  { "/tcp/knob/rtt-from-handshake/inet", "inet", FALSE, 3100 * MS },
  /* ns-3 times the SYN (EstimateRtt on the SYN-ACK): RTO = max (100 ms +
   * 4 · 50 ms, MinRto 1 s). */
  { "/tcp/knob/rtt-from-handshake/ns3", "ns3", TRUE, 1100 * MS },
};

static void
test_knob_rtt_from_handshake (TcpFixture *f, gconstpointer data)
{
  const RttCase *c = data;
  use_profile_fixture_ports (f, c->profile);
  f->stack->profile.rtt_from_handshake = c->rtt_from_handshake;
  f->stack->profile.tlp = FALSE;
  tf_build_established (f);
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_sent (f, TF_RTT, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  tf_run_until (f, c->rexmit - 1);
  tf_assert_quiet (f);
  tf_run_until (f, c->rexmit);
  tf_assert_sent (f, c->rexmit, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
}

static void
test_knob_simopen_ack_off (TcpFixture *f, gconstpointer data)
{
  /* Linux with simopen_ack off: the crossing SYN-ACK makes us
   * ESTABLISHED and nothing is sent (RFC 793 figure 8). */
  f->stack->profile.simopen_ack = FALSE;
  tf_build_syn_sent (f);
  tf_run_until (f, TF_RTT);
  TcpSegment syn = tf_peer_syn (TF_IRS);
  tf_inject (f, &syn);
  tf_assert_sent (f, TF_RTT, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  tf_run_until (f, 2 * TF_RTT);
  TcpSegment synack = tf_peer_synack ();
  tf_inject (f, &synack);
  tf_assert_state_since (f, TCP_STATE_ESTABLISHED, 2 * TF_RTT);
  tf_run_until (f, 10 * S);
  tf_assert_quiet (f);
}

static void
test_knob_dup_syn_keep_ns3 (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "ns3");
  tf_build_syn_received (f);
  /* ns-3 ProcessSynRcvd: a duplicate SYN draws a SYN-ACK at once that
   * takes one of the ConnCount retries; the timer armed for 3 s stays.
   * Then the backoff goes on from there: 3 << 2 = 12 s, 24 s, 48 s, 96 s,
   * and the request is dropped at 183 s (not 189 s). */
  tf_run_until (f, 1 * S);
  TcpSegment syn = tf_peer_syn (TF_IRS);
  tf_inject (f, &syn);
  tf_assert_sent (f, 1 * S, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  static const SimTime at[] = { 3 * S, 15 * S, 39 * S, 87 * S };
  expect_series (f, 0, at, G_N_ELEMENTS (at), TF_SA, TF_ISS, TF_IRS + 1, 0,
                 TCP_STATE_SYN_RECEIVED);
  tf_run_until (f, 183 * S - 1);
  tf_assert_state (f, TCP_STATE_SYN_RECEIVED);
  tf_run_until (f, 183 * S);
  tf_assert_closed (f, 183 * S, TCP_OK);
  tf_assert_quiet (f);
}

static void
test_knob_dup_syn_ignore (TcpFixture *f, gconstpointer data)
{
  f->stack->profile.dup_syn = TCP_DUPSYN_IGNORE;
  tf_build_syn_received (f);
  tf_run_until (f, 500 * MS);
  TcpSegment syn = tf_peer_syn (TF_IRS);
  tf_inject (f, &syn);
  tf_assert_quiet (f);
  /* The timer is untouched: the SYN-ACK schedule of Linux, 1 and 3 s. */
  static const SimTime at[] = { 1 * S, 3 * S };
  expect_series (f, 0, at, G_N_ELEMENTS (at), TF_SA, TF_ISS, TF_IRS + 1, 0,
                 TCP_STATE_SYN_RECEIVED);
}

typedef struct
{
  const char *path;
  const char *profile;
  SimTime syns[8];
  guint nsyns;
  SimTime give_up;
} SynLimitCase;

static const SynLimitCase syn_limit_cases[] = {
  /* INET: 3 s doubling, the 75 s connection-establishment timer ends it
   * whatever the count (12). */
  { "/tcp/knob/syn-time-limit/inet", "inet", { 3 * S, 9 * S, 21 * S, 45 * S }, 4, 75 * S },
  /* ns-3: ConnTimeout 3 s doubling, ConnCount 6 SYNs in all. */
  { "/tcp/knob/syn-time-limit/ns3", "ns3", { 3 * S, 9 * S, 21 * S, 45 * S, 93 * S }, 5, 189 * S },
};

static void
test_knob_syn_time_limit (TcpFixture *f, gconstpointer data)
{
  const SynLimitCase *c = data;
  use_profile_fixture_ports (f, c->profile);
  tf_build_syn_sent (f);
  expect_series (f, 0, c->syns, c->nsyns, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  tf_run_until (f, c->give_up - 1);
  tf_assert_state (f, TCP_STATE_SYN_SENT);
  tf_run_until (f, c->give_up);
  tf_assert_closed (f, c->give_up, TCP_ETIMEDOUT);
  tf_assert_quiet (f);
}

static void
test_knob_synack_time_limit (TcpFixture *f, gconstpointer data)
{
  /* Linux with synack_time_limit 5 s: SYN-ACKs at 0, 1, 3 s; the next
   * timeout (7 s) is cut to the bound: the request is dropped at 5 s. */
  f->stack->profile.synack_time_limit = 5 * S;
  tf_build_syn_received (f);
  static const SimTime at[] = { 1 * S, 3 * S };
  expect_series (f, 0, at, G_N_ELEMENTS (at), TF_SA, TF_ISS, TF_IRS + 1, 0,
                 TCP_STATE_SYN_RECEIVED);
  tf_run_until (f, 5 * S);
  tf_assert_closed (f, 5 * S, TCP_OK);
  tf_assert_quiet (f);
}

static void
test_knob_rfc5961_off (TcpFixture *f, gconstpointer data)
{
  /* Linux with rfc5961 off: an RST in the window but not at RCV.NXT
   * resets the connection (RFC 793 §3.4) instead of drawing a challenge
   * ACK. */
  f->stack->profile.rfc5961 = FALSE;
  tf_build_established (f);
  tf_run_until (f, 1 * S);
  tf_inject (f, &(TcpSegment) { .flags = TF_R, .seq = TF_IRS + 100 });
  tf_assert_closed (f, 1 * S, TCP_ECONNRESET);
  tf_assert_quiet (f);
}

/* ---- profiles (docs/profiles.md) ------------------------------------------ */

static void
test_profile_every_value_has_a_source (TcpFixture *f, gconstpointer data)
{
  guint n;
  const TcpProfileField *fields = tcp_profile_fields (&n);
  g_assert_cmpuint (tcp_profile_count (), ==, 9);
  g_autofree char *joined = tcp_profile_names ();
  g_auto (GStrv) names = g_strsplit (joined, ", ", -1);
  g_assert_cmpuint (g_strv_length (names), ==, tcp_profile_count ());
  for (guint i = 0; i < tcp_profile_count (); i++)
    {
      const TcpProfile *p = tcp_profile_nth (i);
      g_assert_true (tcp_profile_lookup (names[i]) == p);
      g_assert_nonnull (p->summary);
      for (guint k = 0; k < n; k++)
        {
          gboolean unconfirmed = 2;
          const char *src = tcp_profile_source (p, fields[k].key, &unconfirmed);
          if (src == NULL || *src == '\0')
            g_error ("profile %s: no source for %s", p->name, fields[k].key);
          g_assert_true (unconfirmed == TRUE || unconfirmed == FALSE);
          char *v = tcp_profile_value_str (p, &fields[k]);
          g_assert_true (v != NULL && *v != '\0');
          g_free (v);
          g_assert_true (tcp_profile_field (fields[k].key) == &fields[k]);
        }
    }
  /* docs/profiles.md marks Windows' initial RTO with *, not Linux's
   * minimum RTO. */
  gboolean unconfirmed = FALSE;
  g_assert_nonnull (tcp_profile_source (tcp_profile_lookup ("windows"), "rto_initial", &unconfirmed));
  g_assert_true (unconfirmed);
  g_assert_nonnull (tcp_profile_source (tcp_profile_lookup ("linux"), "rto_min", &unconfirmed));
  g_assert_false (unconfirmed);
  /* linux-classic has its own sources where it differs, linux's
   * elsewhere. */
  g_assert_cmpstr (tcp_profile_source (tcp_profile_lookup ("linux-classic"), "rto_min", NULL), ==,
                   tcp_profile_source (tcp_profile_lookup ("linux"), "rto_min", NULL));
  g_assert_cmpstr (tcp_profile_source (tcp_profile_lookup ("linux-classic"), "syn_linear", NULL),
                   !=, tcp_profile_source (tcp_profile_lookup ("linux"), "syn_linear", NULL));
  /* A profile that is not built in has no sources; unknown names. */
  TcpProfile custom = *tcp_profile_lookup ("linux");
  custom.name = "custom";
  g_assert_null (tcp_profile_source (&custom, "rto_min", NULL));
  g_assert_null (tcp_profile_source (tcp_profile_lookup ("linux"), "no_such_value", NULL));
  g_assert_null (tcp_profile_lookup ("plan9"));
  g_assert_null (tcp_profile_field ("no_such_value"));
}

static const struct
{
  const char *profile, *key, *text;
} value_rows[] = {
  { "linux", "rto_min", "200ms" },
  { "linux", "rto_max", "120s" },
  { "linux", "wscale", "10" },
  { "linux", "mss", "1460" },
  { "linux", "retries2", "15" },
  { "linux", "isn_tick", "64ns" },
  { "linux", "dup_syn", "synack" },
  { "linux", "giveup", "model-time" },
  { "linux", "synq_full", "cookies" },
  { "linux", "cookie_mss", "536,1300,1440,1460" },
  { "linux", "keepalive_default", "off" },
  { "freebsd", "keepalive_default", "on" },
  { "freebsd", "dup_syn", "synack-restart" },
  { "freebsd", "syn_slop", "200ms" },
  { "freebsd", "isn_tick", "954ns" },
  { "freebsd", "acceptq_full_ack", "rst" },
  { "macos", "synq_full", "evict" },
  { "macos", "cookie_mss", "-" },
  { "macos", "time_wait", "30s" },
  { "windows", "rto_initial", "3s" },
  { "windows", "acceptq_full_syn", "rst" },
  { "rfc793", "wscale", "none" },
  { "rfc793", "dup_syn", "ack" },
  { "rfc793", "rfc5961", "off" },
  { "rfc9293", "dup_syn", "challenge-ack" },
  { "rfc9293", "giveup", "count" },
  { "rfc9293", "simopen_ack", "off" },
  { "linux", "simopen_ack", "on" },
  { "linux", "rtt_from_handshake", "on" },
  { "linux", "user_timeout", "0" },
  { "ns3", "rto_initial", "3s" },
  { "ns3", "syn_retries", "5" },
  { "ns3", "dup_syn", "synack-keep" },
  { "ns3", "time_wait", "240s" },
  { "ns3", "delack", "200ms" },
  { "ns3", "mss", "536" },
  { "ns3", "init_cwnd", "10" },
  { "inet", "syn_time_limit", "75s" },
  { "inet", "synack_time_limit", "75s" },
  { "inet", "rto_max", "240s" },
  { "inet", "retries2", "12" },
  { "inet", "fin_wait2_timeout", "600s" },
  { "inet", "rtt_from_handshake", "off" },
  { "inet", "simopen_ack", "off" },
};

static void
test_profile_values (TcpFixture *f, gconstpointer data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (value_rows); i++)
    {
      char *v = tcp_profile_value_str (tcp_profile_lookup (value_rows[i].profile),
                                       tcp_profile_field (value_rows[i].key));
      g_assert_cmpstr (v, ==, value_rows[i].text);
      g_free (v);
    }
}

static void
test_profile_linux_model_timeout (TcpFixture *f, gconstpointer data)
{
  const TcpProfile *p = tcp_profile_lookup ("linux");
  /* tcp_model_timeout(): ilog2(120 s / 200 ms) = 9; 15 retries: 1023 ·
   * 200 ms + 6 · 120 s = 924.6 s; 8 (orphans): 511 · 200 ms = 102.2 s. */
  g_assert_cmpint (tcp_profile_model_timeout (p, 15), ==, 924600 * MS);
  g_assert_cmpint (tcp_profile_model_timeout (p, 8), ==, 102200 * MS);
  g_assert_cmpint (tcp_profile_model_timeout (p, 0), ==, 200 * MS);
  g_assert_false (tcp_profile_data_expired (p, 0, 15, 10000 * S));
  g_assert_false (tcp_profile_data_expired (p, 14, 15, 924600 * MS - 1));
  g_assert_true (tcp_profile_data_expired (p, 3, 15, 924600 * MS));
  /* The BSDs count. */
  const TcpProfile *b = tcp_profile_lookup ("freebsd");
  g_assert_false (tcp_profile_data_expired (b, 11, 12, 10000 * S));
  g_assert_true (tcp_profile_data_expired (b, 12, 12, 0));
}

/* The handshake schedules of docs/profiles.md, from the rules and from the
 * state machine (every SYN or SYN-ACK lost). */
typedef struct
{
  const char *path;
  const char *profile;
  gboolean synack;
  SimTime at[12];
  guint n;
  SimTime give_up;
} ScheduleCase;

static const ScheduleCase schedule_cases[] = {
  { "/tcp/schedule/syn/linux", "linux", FALSE,
    { 1 * S, 2 * S, 3 * S, 4 * S, 5 * S, 7 * S, 11 * S, 19 * S, 35 * S, 67 * S }, 10, 131 * S },
  { "/tcp/schedule/syn/linux-classic", "linux-classic", FALSE,
    { 1 * S, 3 * S, 7 * S, 15 * S, 31 * S, 63 * S }, 6, 127 * S },
  /* Doubling + 0.2 s slop (TCPT_RANGESET), bounded by keepinit 75 s. */
  { "/tcp/schedule/syn/freebsd", "freebsd", FALSE,
    { 1 * S, 3200 * MS, 7400 * MS, 15600 * MS, 31800 * MS, 64 * S }, 6, 75 * S },
  /* xnu tcp_syn_backoff 1,1,1,1,1,2,4,… × RTO, bounded by 75 s. */
  { "/tcp/schedule/syn/macos", "macos", FALSE,
    { 1 * S, 2 * S, 3 * S, 4 * S, 5 * S, 7 * S, 11 * S, 19 * S, 35 * S, 67 * S }, 10, 75 * S },
  { "/tcp/schedule/syn/windows", "windows", FALSE, { 3 * S, 9 * S }, 2, 21 * S },
  { "/tcp/schedule/syn/rfc793", "rfc793", FALSE,
    { 3 * S, 9 * S, 21 * S, 45 * S, 93 * S, 153 * S }, 6, 213 * S },
  { "/tcp/schedule/syn/rfc9293", "rfc9293", FALSE,
    { 1 * S, 3 * S, 7 * S, 15 * S, 31 * S, 63 * S, 123 * S }, 7, 183 * S },
  { "/tcp/schedule/synack/linux", "linux", TRUE,
    { 1 * S, 3 * S, 7 * S, 15 * S, 31 * S }, 5, 63 * S },
  /* FreeBSD syncache: 3 retransmissions, entry dropped at 15.6 s. */
  { "/tcp/schedule/synack/freebsd", "freebsd", TRUE,
    { 1 * S, 3200 * MS, 7400 * MS }, 3, 15600 * MS },
  { "/tcp/schedule/synack/macos", "macos", TRUE,
    { 1 * S, 3 * S, 7 * S, 15 * S, 31 * S, 63 * S }, 6, 75 * S },
  { "/tcp/schedule/synack/windows", "windows", TRUE, { 3 * S, 9 * S }, 2, 21 * S },
  { "/tcp/schedule/synack/rfc793", "rfc793", TRUE,
    { 3 * S, 9 * S, 21 * S, 45 * S, 93 * S, 153 * S }, 6, 213 * S },
};

static void
test_schedule (TcpFixture *f, gconstpointer data)
{
  const ScheduleCase *c = data;
  const TcpProfile *p = tcp_profile_lookup (c->profile);
  SimTime at[32], give_up = 0;
  guint n = c->synack ? tcp_profile_synack_times (p, at, G_N_ELEMENTS (at), &give_up)
                      : tcp_profile_syn_times (p, at, G_N_ELEMENTS (at), &give_up);
  g_assert_cmpuint (n, ==, c->n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (at[i], ==, c->at[i]);
  g_assert_cmpint (give_up, ==, c->give_up);

  tf_use_profile (f, c->profile);
  if (c->synack)
    {
      tf_build_syn_received (f);
      expect_series (f, 0, c->at, c->n, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
    }
  else
    {
      tf_build_syn_sent (f);
      expect_series (f, 0, c->at, c->n, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
    }
  tf_run_until (f, c->give_up - 1);
  tf_assert_state_since (f, c->synack ? TCP_STATE_SYN_RECEIVED : TCP_STATE_SYN_SENT, 0);
  tf_run_until (f, c->give_up);
  tf_assert_quiet (f);
  /* connect() fails; a passive open is forgotten silently. */
  tf_assert_closed (f, c->give_up, c->synack ? TCP_OK : TCP_ETIMEDOUT);
  tf_run_until (f, c->give_up + 1000 * S);
  tf_assert_quiet (f);
}

/* Data retransmissions of one lost segment until the profile gives up
 * (docs/profiles.md, data / FIN give-up), after an RTT sample of 100 ms
 * from the handshake.  Not linux: its tail loss probe comes first (see
 * /tcp/established/rto-backoff-and-give-up). */
typedef struct
{
  const char *path;
  const char *profile;
  SimTime at[16];
  guint n;
  SimTime give_up;
} GiveUpCase;

static const GiveUpCase giveup_cases[] = {
  /* max(30 ms, 300 ms) + 200 ms slop, doubling the 300 ms to 64 s; 12
   * retransmissions (TCP_MAXRXTSHIFT). */
  { "/tcp/give-up/freebsd-12-retries", "freebsd",
    { 500 * MS, 1300 * MS, 2700 * MS, 5300 * MS, 10300 * MS, 20100 * MS, 39500 * MS,
      78100 * MS, 142100 * MS, 206100 * MS, 270100 * MS, 334100 * MS },
    12, 398100 * MS },
  { "/tcp/give-up/macos-12-retries", "macos",
    { 500 * MS, 1300 * MS, 2700 * MS, 5300 * MS, 10300 * MS, 20100 * MS, 39500 * MS,
      78100 * MS, 142100 * MS, 206100 * MS, 270100 * MS, 334100 * MS },
    12, 398100 * MS },
  { "/tcp/give-up/windows-5-retries", "windows",
    { 300 * MS, 900 * MS, 2100 * MS, 4500 * MS, 9300 * MS }, 5, 18900 * MS },
  /* RTO at least 1 s; R2 >= 100 s (RFC 1122 §4.2.3.5). */
  { "/tcp/give-up/rfc793-r2", "rfc793",
    { 1 * S, 3 * S, 7 * S, 15 * S, 31 * S, 63 * S, 123 * S, 183 * S }, 8, 243 * S },
};

static void
test_give_up (TcpFixture *f, gconstpointer data)
{
  const GiveUpCase *c = data;
  tf_use_profile (f, c->profile);
  const TcpProfile *p = tcp_profile_lookup (c->profile);
  tf_build_established (f);
  SimTime rto = f->conn->rto;
  SimTime at[32], give_up = 0;
  guint n = tcp_profile_data_times (p, rto, FALSE, at, G_N_ELEMENTS (at), &give_up);
  g_assert_cmpuint (n, ==, c->n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (at[i], ==, c->at[i]);
  g_assert_cmpint (give_up, ==, c->give_up);
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_sent (f, TF_RTT, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  expect_series (f, TF_RTT, c->at, c->n, TF_PA, TF_ISS + 1, TF_IRS + 1, 100,
                 TCP_STATE_ESTABLISHED);
  tf_run_until (f, TF_RTT + c->give_up - 1);
  tf_assert_state (f, TCP_STATE_ESTABLISHED);
  tf_run_until (f, TF_RTT + c->give_up);
  tf_assert_quiet (f);
  tf_assert_closed (f, TF_RTT + c->give_up, TCP_ETIMEDOUT);
}

static void
test_give_up_linux_by_time (TcpFixture *f, gconstpointer data)
{
  /* No timestamps, a retransmitted SYN: no RTT sample, RTO 3 s (RFC 6298
   * §5.7); no SACK, so no tail loss probe. */
  f->peer_ts = FALSE;
  tf_connect (f);
  tf_assert_sent (f, 0, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  tf_run_until (f, 1 * S);
  tf_assert_sent (f, 1 * S, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  tf_run_until (f, 1100 * MS);
  TcpSegment synack = tf_peer_synack ();
  synack.opts &= (guint8) ~TCP_OPT_SACK_OK;
  tf_inject (f, &synack);
  tf_assert_sent (f, 1100 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpint (f->conn->rto, ==, 3 * S);
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_sent (f, 1100 * MS, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  /* Linux retransmits_timed_out(): tcp_retries2 = 15 is a time, 924.6 s
   * after the first retransmission (3 s), checked when the timer fires:
   * at 909 s 906 s have passed, at 1029 s 1026 s: 12 retransmissions,
   * not 15. */
  static const SimTime at[] = { 3 * S, 9 * S, 21 * S, 45 * S, 93 * S, 189 * S, 309 * S,
                                429 * S, 549 * S, 669 * S, 789 * S, 909 * S };
  expect_series (f, 1100 * MS, at, G_N_ELEMENTS (at), TF_PA, TF_ISS + 1, TF_IRS + 1, 100,
                 TCP_STATE_ESTABLISHED);
  g_assert_cmpuint (f->conn->retries, ==, 12);
  tf_run_until (f, 1100 * MS + 1029 * S - 1);
  tf_assert_state (f, TCP_STATE_ESTABLISHED);
  tf_run_until (f, 1100 * MS + 1029 * S);
  tf_assert_quiet (f);
  tf_assert_closed (f, 1100 * MS + 1029 * S, TCP_ETIMEDOUT);
  SimTime t[32], give_up;
  g_assert_cmpuint (tcp_profile_data_times (tcp_profile_lookup ("linux"), 3 * S, FALSE, t,
                                            G_N_ELEMENTS (t), &give_up), ==, 12);
  g_assert_cmpint (give_up, ==, 1029 * S);
  /* Orphans: 8 backoffs from 200 ms, 102.2 s. */
  g_assert_cmpuint (tcp_profile_data_times (tcp_profile_lookup ("linux"), 300 * MS, TRUE, t,
                                            G_N_ELEMENTS (t), &give_up), ==, 8);
  g_assert_cmpint (give_up, ==, 153300 * MS);
}

/* ---- fast retransmit and NewReno recovery (RFC 5681 §3.2, RFC 6582) ---- */

/* The peer acknowledges ack (no data) now. */
static void
peer_ack (TcpFixture *f, guint32 ack)
{
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = ack });
}

/* ESTABLISHED, then five full segments at 200 ms; the second is lost. */
static void
send_five (TcpFixture *f)
{
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  g_assert_cmpint (tcp_send (f->conn, 5 * 1460), ==, TCP_OK);
  for (guint i = 0; i < 5; i++)
    tf_assert_sent (f, 200 * MS, i == 4 ? TF_PA : TF_A, TF_ISS + 1 + i * 1460, TF_IRS + 1, 1460,
                    TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
}

static void
test_fastrexmit_third_dupack (TcpFixture *f, gconstpointer data)
{
  send_five (f);
  tf_run_until (f, 300 * MS);
  peer_ack (f, TF_ISS + 1461); /* the first segment */
  peer_ack (f, TF_ISS + 1461); /* duplicates, for segments 3 and 4 */
  peer_ack (f, TF_ISS + 1461);
  tf_assert_quiet (f);
  g_assert_false (f->conn->in_recovery);
  /* The third duplicate: the missing segment at once (step 2-4), ssthresh
   * half of the 4 segments in flight, cwnd ssthresh + 3 segments. */
  peer_ack (f, TF_ISS + 1461);
  tf_assert_sent (f, 300 * MS, TF_A, TF_ISS + 1461, TF_IRS + 1, 1460, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
  g_assert_true (f->conn->in_recovery);
  g_assert_cmpuint (f->conn->ssthresh, ==, 2 * 1460);
  g_assert_cmpuint (f->conn->cwnd, ==, 5 * 1460);
  g_assert_cmpuint (f->conn->recover, ==, TF_ISS + 1 + 5 * 1460);
  /* Each further duplicate inflates cwnd by one segment (step 5). */
  peer_ack (f, TF_ISS + 1461);
  g_assert_cmpuint (f->conn->cwnd, ==, 6 * 1460);
  tf_assert_quiet (f);
  /* A partial ACK (segments 2 and 3): segment 4 was lost too; it goes at
   * once, and cwnd deflates by what was acknowledged, plus one segment. */
  tf_run_until (f, 400 * MS);
  peer_ack (f, TF_ISS + 1 + 3 * 1460);
  tf_assert_sent (f, 400 * MS, TF_A, TF_ISS + 1 + 3 * 1460, TF_IRS + 1, 1460,
                  TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
  g_assert_true (f->conn->in_recovery);
  g_assert_cmpuint (f->conn->cwnd, ==, 6 * 1460 - 2 * 1460 + 1460);
  /* The full ACK ends recovery: cwnd min(ssthresh, FlightSize + SMSS). */
  tf_run_until (f, 500 * MS);
  peer_ack (f, TF_ISS + 1 + 5 * 1460);
  tf_assert_quiet (f);
  g_assert_false (f->conn->in_recovery);
  g_assert_cmpuint (f->conn->cwnd, ==, 2 * 1460);
  g_assert_cmpuint (f->conn->dupacks, ==, 0);
}

static void
test_fastrexmit_window_update_is_not_dup (TcpFixture *f, gconstpointer data)
{
  /* RFC 5681 §2: an ACK that changes the window is not a duplicate. */
  send_five (f);
  tf_run_until (f, 300 * MS);
  peer_ack (f, TF_ISS + 1461);
  for (guint i = 0; i < 3; i++)
    tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 1461,
                                  .win = TF_PEER_WIN - 1 - i });
  tf_assert_quiet (f);
  g_assert_cmpuint (f->conn->dupacks, ==, 0);
  g_assert_false (f->conn->in_recovery);
}

static void
test_fastrexmit_none_in_rfc793 (TcpFixture *f, gconstpointer data)
{
  /* RFC 793 has no fast retransmit: duplicates change nothing, the RTO
   * recovers the loss. */
  tf_use_profile (f, "rfc793");
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  g_assert_cmpint (tcp_send (f->conn, 2 * 1460), ==, TCP_OK);
  /* Initial window of one segment (RFC 793 profile). */
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 1460, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
  tf_run_until (f, 300 * MS);
  for (guint i = 0; i < 4; i++)
    peer_ack (f, TF_ISS + 1);
  tf_assert_quiet (f);
  g_assert_false (f->conn->in_recovery);
}

static void
test_fastrexmit_not_after_rto_for_old_data (TcpFixture *f, gconstpointer data)
{
  /* RFC 6582 §3.2 step 4 (and §4.1): after a timeout, duplicate ACKs for
   * data sent before it start no fast retransmit. */
  send_five (f);
  /* No answer: the loss probe at 402 ms, then the RTO (300 ms from it). */
  tf_run_until (f, 402 * MS);
  tf_assert_sent (f, 402 * MS, TF_PA, TF_ISS + 1 + 4 * 1460, TF_IRS + 1, 1460,
                  TCP_STATE_ESTABLISHED);
  tf_run_until (f, 702 * MS);
  tf_assert_sent (f, 702 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 1460, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->conn->recover, ==, TF_ISS + 1 + 5 * 1460);
  tf_run_until (f, 750 * MS);
  peer_ack (f, TF_ISS + 1461);
  tf_assert_sent (f, 750 * MS, TF_A, TF_ISS + 1461, TF_IRS + 1, 1460, TCP_STATE_ESTABLISHED);
  tf_assert_sent (f, 750 * MS, TF_A, TF_ISS + 2921, TF_IRS + 1, 1460, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
  for (guint i = 0; i < 3; i++)
    peer_ack (f, TF_ISS + 1461);
  tf_assert_quiet (f);
  g_assert_false (f->conn->in_recovery);
}

/* ---- tail loss probe (RFC 8985 §7, docs/linux-behaviour.md) --------------------------- */

static void
test_tlp_several_in_flight (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f); /* SRTT 100 ms, RTO 300 ms */
  tf_run_until (f, 200 * MS);
  g_assert_cmpint (tcp_send (f->conn, 3000), ==, TCP_OK);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 1460, TCP_STATE_ESTABLISHED);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1461, TF_IRS + 1, 1460, TCP_STATE_ESTABLISHED);
  tf_assert_sent (f, 200 * MS, TF_PA, TF_ISS + 2921, TF_IRS + 1, 80, TCP_STATE_ESTABLISHED);
  /* Three segments in flight: PTO = 2·SRTT + 2 ms (TCP_TIMEOUT_MIN) =
   * 202 ms, before the RTO; the probe is the last segment again. */
  tf_run_until (f, 402 * MS - 1);
  tf_assert_quiet (f);
  tf_run_until (f, 402 * MS);
  tf_assert_sent (f, 402 * MS, TF_PA, TF_ISS + 2921, TF_IRS + 1, 80, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
  /* Further losses fall to the RTO, from the probe: the head, doubling. */
  tf_run_until (f, 702 * MS);
  tf_assert_sent (f, 702 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 1460, TCP_STATE_ESTABLISHED);
  tf_run_until (f, 1302 * MS);
  tf_assert_sent (f, 1302 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 1460, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
}

static void
test_tlp_new_data_beyond_cwnd (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  /* Ten segments fill the initial window (RFC 6928); the rest waits. */
  g_assert_cmpint (tcp_send (f->conn, 20000), ==, TCP_OK);
  for (guint i = 0; i < 10; i++)
    tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1 + i * 1460, TF_IRS + 1, 1460,
                    TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
  /* Linux tcp_send_loss_probe(): the probe is one new segment, beyond
   * cwnd (push_one = 2), since the peer's window takes it. */
  tf_run_until (f, 402 * MS);
  tf_assert_sent (f, 402 * MS, TF_A, TF_ISS + 14601, TF_IRS + 1, 1460, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
  tf_run_until (f, 702 * MS);
  tf_assert_sent (f, 702 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 1460, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
}

static void
test_tlp_without_rtt_sample (TcpFixture *f, gconstpointer data)
{
  f->peer_ts = FALSE;
  tf_connect (f);
  tf_assert_sent (f, 0, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  tf_run_until (f, 1 * S);
  tf_assert_sent (f, 1 * S, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  tf_run_until (f, 1100 * MS);
  TcpSegment synack = tf_peer_synack ();
  tf_inject (f, &synack);
  tf_assert_sent (f, 1100 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  g_assert_false (f->conn->have_rtt);
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_sent (f, 1100 * MS, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  /* No sample: PTO = TCP_TIMEOUT_INIT (1 s), before the 3 s RTO; the RTO
   * then runs from the probe. */
  static const SimTime at[] = { 1 * S, 4 * S, 10 * S };
  expect_series (f, 1100 * MS, at, G_N_ELEMENTS (at), TF_PA, TF_ISS + 1, TF_IRS + 1, 100,
                 TCP_STATE_ESTABLISHED);
}

static void
test_tlp_ack_ends_episode (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_sent (f, 200 * MS, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  tf_run_until (f, 500 * MS);
  tf_assert_sent (f, 500 * MS, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  g_assert_true (f->conn->tlp_out);
  /* The probe is acknowledged: the episode is over, timers stop. */
  tf_run_until (f, 600 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 101 });
  g_assert_false (f->conn->tlp_out);
  tf_run_until (f, 700 * MS);
  tf_assert_quiet (f);
  /* New data gets a probe of its own (RTO 300 ms from the new sample). */
  g_assert_cmpint (f->conn->rto, ==, 300 * MS);
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_sent (f, 700 * MS, TF_PA, TF_ISS + 101, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  tf_run_until (f, 1000 * MS);
  tf_assert_sent (f, 1000 * MS, TF_PA, TF_ISS + 101, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
}

static void
test_tlp_off_freebsd (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "freebsd");
  tf_build_fin_wait_1 (f); /* FIN at 200 ms */
  /* No probe: the RTO alone, max(30 ms, SRTT + 4·RTTVAR) + 200 ms slop =
   * 500 ms, then 800 ms. */
  g_assert_cmpint (f->conn->rto, ==, 300 * MS);
  static const SimTime at[] = { 500 * MS, 1300 * MS };
  expect_series (f, 200 * MS, at, G_N_ELEMENTS (at), TF_FA, TF_ISS + 1, TF_IRS + 1, 0,
                 TCP_STATE_FIN_WAIT_1);
}

/* ---- keepalive (RFC 1122 §4.2.3.6, RFC 9293 §3.8.4) ------------------------ */

#define KA_IDLE (7200 * S)
#define KA_INTVL (75 * S)

static void
test_keepalive_dead_peer_linux (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f); /* the peer's last segment at 100 ms */
  tcp_conn_set_keepalive (f->conn, TRUE);
  /* Probes <SEQ=SND.UNA-1><ACK=RCV.NXT> after 2 hours idle, every 75 s;
   * 9 unanswered (Linux tcp_keepalive_probes): reset and ETIMEDOUT. */
  SimTime t0 = TF_RTT + KA_IDLE;
  tf_run_until (f, t0 - 1);
  tf_assert_quiet (f);
  for (int k = 0; k < 9; k++)
    {
      tf_run_until (f, t0 + k * KA_INTVL);
      tf_assert_sent (f, t0 + k * KA_INTVL, TF_A, TF_ISS, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
      tf_assert_quiet (f);
    }
  tf_run_until (f, t0 + 9 * KA_INTVL);
  tf_assert_sent (f, t0 + 9 * KA_INTVL, TF_RA, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_CLOSED);
  tf_assert_quiet (f);
  tf_assert_closed (f, t0 + 9 * KA_INTVL, TCP_ETIMEDOUT);
}

static void
test_keepalive_live_peer_answers (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  tcp_conn_set_keepalive (f->conn, TRUE);
  SimTime t0 = TF_RTT + KA_IDLE;
  tf_run_until (f, t0);
  tf_assert_sent (f, t0, TF_A, TF_ISS, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  /* The probe's sequence number is old: the peer answers with an ACK
   * (RFC 9293 §3.10.7.4 first); idle time starts over from it. */
  tf_run_until (f, t0 + TF_RTT);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  tf_run_until (f, t0 + TF_RTT + KA_IDLE - 1);
  tf_assert_quiet (f);
  tf_run_until (f, t0 + TF_RTT + KA_IDLE);
  tf_assert_sent (f, t0 + TF_RTT + KA_IDLE, TF_A, TF_ISS, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  /* Turned off: no more probes. */
  tcp_conn_set_keepalive (f->conn, FALSE);
  tf_run_until (f, 4 * KA_IDLE);
  tf_assert_quiet (f);
  tf_assert_state (f, TCP_STATE_ESTABLISHED);
}

static void
test_keepalive_off_by_default_linux (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  tf_run_until (f, 3 * KA_IDLE);
  tf_assert_quiet (f);
  tf_assert_state (f, TCP_STATE_ESTABLISHED);
}

static void
test_keepalive_on_for_all_freebsd (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "freebsd");
  tf_build_established (f);
  /* net.inet.tcp.always_keepalive: no call needed; 8 probes
   * (TCPTV_KEEPCNT), dropped at idle + 8 · 75 s. */
  SimTime t0 = TF_RTT + KA_IDLE;
  for (int k = 0; k < 8; k++)
    {
      tf_run_until (f, t0 + k * KA_INTVL);
      tf_assert_sent (f, t0 + k * KA_INTVL, TF_A, TF_ISS, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
    }
  tf_run_until (f, t0 + 8 * KA_INTVL);
  tf_assert_sent (f, t0 + 8 * KA_INTVL, TF_RA, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_CLOSED);
  tf_assert_closed (f, t0 + 8 * KA_INTVL, TCP_ETIMEDOUT);
}

static void
test_keepalive_deferred_by_data (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  tcp_conn_set_keepalive (f->conn, TRUE);
  SimTime t0 = TF_RTT + KA_IDLE;
  /* Data in flight when the timer fires: the retransmission timer
   * watches the peer; keepalive waits another idle period. */
  tf_run_until (f, t0 - 10 * MS);
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_sent (f, t0 - 10 * MS, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  tf_run_until (f, t0);
  tf_assert_quiet (f);
  tf_run_until (f, t0 + 80 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 101 });
  /* The timer fires at t0 + idle and finds the peer heard 80 ms later:
   * the probe waits for those 80 ms. */
  tf_run_until (f, t0 + KA_IDLE + 80 * MS - 1);
  tf_assert_quiet (f);
  tf_run_until (f, t0 + KA_IDLE + 80 * MS);
  tf_assert_sent (f, t0 + KA_IDLE + 80 * MS, TF_A, TF_ISS + 100, TF_IRS + 1, 0,
                  TCP_STATE_ESTABLISHED);
}

static void
test_keepalive_inherited_from_listener (TcpFixture *f, gconstpointer data)
{
  tf_build_listen (f);
  tcp_listener_set_keepalive (f->listener, TRUE);
  TcpSegment syn = tf_peer_syn (TF_IRS);
  tf_inject (f, &syn);
  tf_assert_sent (f, 0, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  tf_run_until (f, TF_RTT);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  tf_assert_state (f, TCP_STATE_ESTABLISHED);
  g_assert_true (f->conn->keepalive);
  tf_run_until (f, TF_RTT + KA_IDLE);
  tf_assert_sent (f, TF_RTT + KA_IDLE, TF_A, TF_ISS, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
}

/* ---- challenge ACK limits (RFC 5961 §7) ------------------------------------ */

static void
test_challenge_ack_ratelimit_linux (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  TcpSegment rst = { .flags = TF_R, .seq = TF_IRS + 101 };
  TcpSegment syn = tf_peer_syn (TF_IRS + 50);
  /* Linux tcp_send_challenge_ack(): one per 500 ms per socket
   * (tcp_invalid_ratelimit), shared by RST and SYN. */
  tf_run_until (f, 200 * MS);
  tf_inject (f, &rst);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  tf_run_until (f, 300 * MS);
  tf_inject (f, &rst);
  tf_run_until (f, 699 * MS);
  tf_inject (f, &syn);
  tf_assert_quiet (f);
  tf_run_until (f, 700 * MS);
  tf_inject (f, &syn);
  tf_assert_sent (f, 700 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->conn->challenge_acks, ==, 2);
  g_assert_cmpuint (f->conn->challenge_acks_limited, ==, 2);
  tf_assert_state_since (f, TCP_STATE_ESTABLISHED, TF_RTT);
}

static void
test_challenge_ack_ratelimit_macos (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "macos");
  tf_build_established (f);
  TcpSegment rst = { .flags = TF_R, .seq = TF_IRS + 101 };
  /* xnu tcp_is_ack_ratelimited(): 10 per second per connection. */
  for (int i = 0; i < 11; i++)
    {
      tf_run_until (f, 200 * MS + i * 10 * MS);
      tf_inject (f, &rst);
      if (i < 10)
        tf_assert_sent (f, 200 * MS + i * 10 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 0,
                        TCP_STATE_ESTABLISHED);
      tf_assert_quiet (f);
    }
  tf_run_until (f, 1200 * MS);
  tf_inject (f, &rst);
  tf_assert_sent (f, 1200 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpuint (f->conn->challenge_acks_limited, ==, 1);
}

static void
test_challenge_ack_unlimited_windows (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "windows");
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  for (int i = 0; i < 20; i++)
    {
      tf_inject (f, &(TcpSegment) { .flags = TF_R, .seq = TF_IRS + 101 });
      tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
    }
  tf_assert_quiet (f);
}

static void
test_rst_in_window_resets_rfc793 (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "rfc793");
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  /* RFC 793 §3.4: a reset is valid if its sequence number is in the
   * window; no challenge ACK. */
  tf_inject (f, &(TcpSegment) { .flags = TF_R, .seq = TF_IRS + 101 });
  tf_assert_quiet (f);
  tf_assert_closed (f, 200 * MS, TCP_ECONNRESET);
}

static void
test_syn_in_window_resets_rfc793 (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "rfc793");
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  /* RFC 793 §3.9: a SYN in the window is an error: send a reset, enter
   * CLOSED, tell the user "connection reset".  One outside the window
   * fails the sequence check: ACK. */
  TcpSegment old = tf_peer_syn (TF_IRS - 100000);
  tf_inject (f, &old);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  TcpSegment syn = tf_peer_syn (TF_IRS + 101);
  tf_inject (f, &syn);
  tf_assert_sent (f, 200 * MS, TF_R, TF_ISS + 1, 0, 0, TCP_STATE_CLOSED);
  tf_assert_closed (f, 200 * MS, TCP_ECONNRESET);
}

/* ---- duplicate SYN in SYN-RECEIVED, per profile ---------------------------- */

static void
test_syn_received_dup_syn_ratelimited_linux (TcpFixture *f, gconstpointer data)
{
  tf_build_syn_received (f);
  TcpSegment syn = tf_peer_syn (TF_IRS);
  tf_run_until (f, 500 * MS);
  tf_inject (f, &syn);
  tf_assert_sent (f, 500 * MS, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  /* tcp_check_req(): tcp_oow_rate_limited (500 ms): nothing, and the
   * timer stays where the first duplicate put it. */
  tf_run_until (f, 700 * MS);
  tf_inject (f, &syn);
  tf_assert_quiet (f);
  static const SimTime at[] = { 1500 * MS, 3500 * MS };
  expect_series (f, 0, at, G_N_ELEMENTS (at), TF_SA, TF_ISS, TF_IRS + 1, 0,
                 TCP_STATE_SYN_RECEIVED);
  /* Later, answered again; the timer restarts with the current interval
   * (4 s after two timeouts), not doubled. */
  tf_run_until (f, 3600 * MS);
  tf_inject (f, &syn);
  tf_assert_sent (f, 3600 * MS, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  tf_run_until (f, 7600 * MS);
  tf_assert_sent (f, 7600 * MS, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  tf_assert_quiet (f);
}

static void
test_syn_received_dup_syn_restarts_freebsd (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "freebsd");
  tf_build_syn_received (f);
  tf_run_until (f, 1 * S);
  tf_assert_sent (f, 1 * S, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  /* FreeBSD syncache_add(): SYN-ACK at once, sc_rxmits = 0: the schedule
   * starts over (1 s, then + 2.2, + 4.2 s) and the entry lives 3
   * retransmissions more. */
  tf_run_until (f, 2 * S);
  TcpSegment syn = tf_peer_syn (TF_IRS);
  tf_inject (f, &syn);
  tf_assert_sent (f, 2 * S, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  static const SimTime at[] = { 3 * S, 5200 * MS, 9400 * MS };
  expect_series (f, 0, at, G_N_ELEMENTS (at), TF_SA, TF_ISS, TF_IRS + 1, 0,
                 TCP_STATE_SYN_RECEIVED);
  tf_run_until (f, 17600 * MS - 1);
  tf_assert_state (f, TCP_STATE_SYN_RECEIVED);
  tf_run_until (f, 17600 * MS);
  tf_assert_quiet (f);
  tf_assert_closed (f, 17600 * MS, TCP_OK);
}

static void
test_syn_received_dup_syn_ack_rfc793 (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "rfc793");
  tf_build_syn_received (f);
  tf_run_until (f, TF_RTT);
  /* RFC 793: below RCV.NXT, the sequence check fails: an ACK, timer
   * untouched (SYN-ACK at 3 s). */
  TcpSegment syn = tf_peer_syn (TF_IRS);
  tf_inject (f, &syn);
  tf_assert_sent (f, TF_RTT, TF_A, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  tf_run_until (f, 3 * S);
  tf_assert_sent (f, 3 * S, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  tf_assert_quiet (f);
}

/* ---- listen queues (docs/profiles.md: accept queue full, SYN queue full) ---- */

/* A client at port `port` with ISN irs sends its SYN now. */
static void
syn_from (TcpFixture *f, guint16 port, guint32 irs)
{
  f->rport = port;
  TcpSegment syn = tf_peer_syn (irs);
  tf_inject (f, &syn);
}

/* The same, and our SYN-ACK answers it at once. */
static guint64
open_from (TcpFixture *f, guint16 port, guint32 irs)
{
  syn_from (f, port, irs);
  tf_assert_sent (f, f->sim.now, TF_SA, TF_ISS, irs + 1, 0, TCP_STATE_SYN_RECEIVED);
  return f->conn_id;
}

/* The client at port completes the handshake (its ACK now). */
static void
ack_from (TcpFixture *f, guint16 port, guint32 irs)
{
  f->rport = port;
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = irs + 1, .ack = TF_ISS + 1 });
}

static void
test_listen_lazy_accept (TcpFixture *f, gconstpointer data)
{
  tf_build_listen (f);
  tcp_listener_set_auto_accept (f->listener, FALSE);
  g_assert_null (tf_accept (f));
  open_from (f, TF_PEER_PORT, TF_IRS);
  tf_run_until (f, TF_RTT);
  ack_from (f, TF_PEER_PORT, TF_IRS);
  /* Established and queued; the application has not taken it. */
  tf_assert_state_since (f, TCP_STATE_ESTABLISHED, TF_RTT);
  g_assert_cmpuint (f->accepted, ==, 0);
  g_assert_cmpuint (tcp_listener_queued (f->listener), ==, 1);
  const TcpListenerStats *st = tcp_listener_stats (f->listener);
  g_assert_cmpuint (st->established, ==, 1);
  g_assert_cmpuint (st->accepted, ==, 0);
  /* Data waits in the connection meanwhile (and is acknowledged). */
  tf_run_until (f, 200 * MS);
  tf_inject (f, &(TcpSegment) {
                  .flags = TF_PA, .seq = TF_IRS + 1, .ack = TF_ISS + 1, .len = 100 });
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, TF_IRS + 101, 0, TCP_STATE_ESTABLISHED);
  tf_run_until (f, 300 * MS);
  TcpConn *conn = tf_accept (f);
  g_assert_nonnull (conn);
  g_assert_cmpuint (tcp_listener_queued (f->listener), ==, 0);
  g_assert_cmpuint (st->accepted, ==, 1);
  g_assert_cmpuint (conn->bytes_received, ==, 100);
  g_assert_null (tf_accept (f));
  g_assert_cmpint (tcp_send (conn, 10), ==, TCP_OK);
  tf_assert_sent (f, 300 * MS, TF_PA, TF_ISS + 1, TF_IRS + 101, 10, TCP_STATE_ESTABLISHED);
}

static void
test_listen_lazy_accept_reset_while_queued (TcpFixture *f, gconstpointer data)
{
  tf_build_listen (f);
  tcp_listener_set_auto_accept (f->listener, FALSE);
  open_from (f, TF_PEER_PORT, TF_IRS);
  tf_run_until (f, TF_RTT);
  ack_from (f, TF_PEER_PORT, TF_IRS);
  g_assert_cmpuint (tcp_listener_queued (f->listener), ==, 1);
  /* Reset before accept(): it leaves the queue; nobody is told. */
  tf_run_until (f, 200 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_R, .seq = TF_IRS + 1 });
  tf_assert_closed (f, 200 * MS, TCP_ECONNRESET);
  g_assert_cmpuint (tcp_listener_queued (f->listener), ==, 0);
  g_assert_null (tf_accept (f));
  tf_assert_quiet (f);
}

static void
test_listen_auto_accept_drains_queue (TcpFixture *f, gconstpointer data)
{
  tf_build_listen (f);
  tcp_listener_set_auto_accept (f->listener, FALSE);
  open_from (f, 40000, TF_IRS);
  open_from (f, 40001, TF_IRS + 1000);
  tf_run_until (f, TF_RTT);
  ack_from (f, 40000, TF_IRS);
  ack_from (f, 40001, TF_IRS + 1000);
  g_assert_cmpuint (tcp_listener_queued (f->listener), ==, 2);
  g_assert_cmpuint (f->accepted, ==, 0);
  tcp_listener_set_auto_accept (f->listener, TRUE);
  g_assert_cmpuint (tcp_listener_queued (f->listener), ==, 0);
  g_assert_cmpuint (f->accepted, ==, 2);
  g_assert_cmpuint (tcp_listener_stats (f->listener)->accepted, ==, 2);
  tf_assert_quiet (f);
}

static void
fill_accept_queue (TcpFixture *f, guint n)
{
  /* n clients complete their handshakes at 100 ms; nobody accepts. */
  tcp_listener_set_auto_accept (f->listener, FALSE);
  for (guint i = 0; i < n; i++)
    open_from (f, (guint16) (40000 + i), TF_IRS + i * 1000);
  tf_run_until (f, TF_RTT);
  for (guint i = 0; i < n; i++)
    ack_from (f, (guint16) (40000 + i), TF_IRS + i * 1000);
  g_assert_cmpuint (tcp_listener_queued (f->listener), ==, n);
  tf_assert_quiet (f);
}

static void
acceptq_full_final_ack (TcpFixture *f, gboolean abort_on_overflow)
{
  f->stack->profile.abort_on_overflow = abort_on_overflow;
  tf_listen_backlog (f, 2);
  /* Linux sk_acceptq_is_full() uses '>': backlog 2 holds 3. */
  g_assert_cmpuint (f->listener->acceptq_max, ==, 3);
  fill_accept_queue (f, 2);
  /* C and D send SYNs while there is room; D completes first. */
  guint64 c = open_from (f, 40010, 7000);
  open_from (f, 40011, 8000);
  tf_run_until (f, 200 * MS);
  ack_from (f, 40011, 8000);
  g_assert_cmpuint (tcp_listener_queued (f->listener), ==, 3);
  ack_from (f, 40010, 7000);
  f->conn_id = c;
  g_assert_cmpuint (tcp_listener_stats (f->listener)->accept_overflows, ==, 1);
}

static void
test_listen_acceptq_full_ack_ignored_linux (TcpFixture *f, gconstpointer data)
{
  acceptq_full_final_ack (f, FALSE);
  guint64 c = f->conn_id;
  /* Linux: the final ACK is ignored; the request stays and its SYN-ACK
   * is retransmitted (1 s after C's SYN). */
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_SYN_RECEIVED, TF_RTT);
  tf_run_until (f, 1100 * MS);
  tf_assert_sent (f, 1100 * MS, TF_SA, TF_ISS, 7001, 0, TCP_STATE_SYN_RECEIVED);
  /* The application takes one; C's ACK of the retransmission finds room. */
  tf_run_until (f, 1150 * MS);
  g_assert_nonnull (tf_accept (f));
  f->conn_id = c;
  tf_run_until (f, 1200 * MS);
  ack_from (f, 40010, 7000);
  tf_assert_state_since (f, TCP_STATE_ESTABLISHED, 1200 * MS);
  g_assert_cmpuint (tcp_listener_queued (f->listener), ==, 3);
  /* A SYN while the accept queue is full is dropped (tcp_conn_request,
   * LISTENOVERFLOWS). */
  tf_run_until (f, 1300 * MS);
  syn_from (f, 40020, 9000);
  tf_assert_quiet (f);
  g_assert_cmpuint (tcp_listener_stats (f->listener)->syn_dropped, ==, 1);
}

static void
test_listen_acceptq_full_abort_on_overflow_linux (TcpFixture *f, gconstpointer data)
{
  acceptq_full_final_ack (f, TRUE);
  /* tcp_abort_on_overflow = 1: the final ACK gets <SEQ=SEG.ACK><CTL=RST>
   * and the request is dropped. */
  tf_assert_sent (f, 200 * MS, TF_R, TF_ISS + 1, 0, 0, TCP_STATE_CLOSED);
  tf_assert_closed (f, 200 * MS, TCP_OK);
  tf_run_until (f, 100 * S);
  tf_assert_quiet (f);
}

static void
test_listen_acceptq_full_rst_freebsd (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "freebsd");
  tf_listen_backlog (f, 1);
  /* sonewconn(): overflow when sol_qlen > 3 * qlimit / 2. */
  g_assert_cmpuint (f->listener->acceptq_max, ==, 2);
  fill_accept_queue (f, 2);
  /* FreeBSD takes the SYN (the syncache does not look at the accept
   * queue) and resets at the final ACK (syncache_expand). */
  open_from (f, 40010, 7000);
  tf_run_until (f, 200 * MS);
  ack_from (f, 40010, 7000);
  tf_assert_sent (f, 200 * MS, TF_R, TF_ISS + 1, 0, 0, TCP_STATE_CLOSED);
  tf_assert_closed (f, 200 * MS, TCP_OK);
  g_assert_cmpuint (tcp_listener_stats (f->listener)->accept_overflows, ==, 1);
}

static void
test_listen_acceptq_full_drops_syn_macos (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "macos");
  tf_listen_backlog (f, 1);
  fill_accept_queue (f, 1);
  tf_run_until (f, 200 * MS);
  syn_from (f, 40010, 7000);
  tf_assert_quiet (f);
  g_assert_cmpuint (tcp_listener_stats (f->listener)->syn_dropped, ==, 1);
  g_assert_cmpuint (f->listener->syn_queue, ==, 0);
}

static void
test_listen_acceptq_full_refuses_syn_windows (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "windows");
  tf_listen_backlog (f, 1);
  fill_accept_queue (f, 1);
  tf_run_until (f, 200 * MS);
  syn_from (f, 40010, 7000);
  tf_assert_sent (f, 200 * MS, TF_RA, 0, 7001, 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpuint (tcp_listener_stats (f->listener)->syn_refused, ==, 1);
}

static void
test_listen_synq_full_drops_rfc9293 (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "rfc9293");
  tf_listen_backlog (f, 1);
  open_from (f, 40000, TF_IRS);
  syn_from (f, 40001, 7000);
  tf_assert_quiet (f);
  g_assert_cmpuint (tcp_listener_stats (f->listener)->syn_dropped, ==, 1);
}

static void
test_listen_synq_full_evicts_macos (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "macos");
  tf_listen_backlog (f, 1);
  guint64 a = open_from (f, 40000, TF_IRS);
  /* xnu tcp_dropdropablreq(): an embryonic connection makes room. */
  tf_run_until (f, TF_RTT);
  open_from (f, 40001, 7000);
  guint64 b = f->conn_id;
  f->conn_id = a;
  tf_assert_closed (f, TF_RTT, TCP_OK);
  f->conn_id = b;
  g_assert_cmpuint (tcp_listener_stats (f->listener)->embryonic_evicted, ==, 1);
  g_assert_cmpuint (f->listener->syn_queue, ==, 1);
  /* A's final ACK finds nothing: a reset (no SYN cookies on macOS). */
  tf_run_until (f, 200 * MS);
  ack_from (f, 40000, TF_IRS);
  tf_assert_sent (f, 200 * MS, TF_R, TF_ISS + 1, 0, 0, TCP_STATE_SYN_RECEIVED);
  tf_assert_quiet (f);
}

/* ---- SYN cookies (RFC 4987 §3.6) ------------------------------------------- */

/* The listener's SYN queue holds one (backlog 1) and A's SYN fills it; B's
 * SYN gets a cookie, which is returned. */
static guint32
cookie_for (TcpFixture *f, guint16 peer_mss)
{
  tf_listen_backlog (f, 1);
  guint64 a = open_from (f, 40000, TF_IRS);
  guint n_states = f->states->len;
  f->rport = 40001;
  TcpSegment syn = tf_peer_syn (7000);
  syn.mss = peer_mss;
  tf_inject (f, &syn);
  const TcpSegment *sa = tf_peek_sent (f);
  g_assert_nonnull (sa);
  guint32 cookie = sa->seq;
  tf_assert_sent (f, f->sim.now, TF_SA, cookie, 7001, 0, TCP_STATE_SYN_RECEIVED);
  g_assert_cmpuint (sa->mss, ==, 1460);
  /* Stateless: no connection was born. */
  g_assert_cmpuint (f->states->len, ==, n_states);
  g_assert_cmpuint (f->conn_id, ==, a);
  g_assert_cmpuint (tcp_listener_stats (f->listener)->syncookies_sent, ==, 1);
  return cookie;
}

static void
test_listen_syn_cookie_linux (TcpFixture *f, gconstpointer data)
{
  guint32 cookie = cookie_for (f, 1460);
  const TcpSegment *sa = &g_array_index (f->sent, TfSent, f->next_sent - 1).seg;
  /* With timestamps the options survive in the TSval's low 6 bits
   * (cookie_init_timestamp): window scale 7, SACK. */
  g_assert_cmpuint (sa->opts, ==, TCP_OPT_MSS | TCP_OPT_WSCALE | TCP_OPT_SACK_OK | TCP_OPT_TS);
  g_assert_cmpuint (sa->ts_val & 0x3f, ==, 0x10 | TF_PEER_WSCALE);
  /* B's ACK rebuilds the connection (cookie_v4_check), which goes to the
   * application at once. */
  tf_run_until (f, TF_RTT);
  f->rport = 40001;
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = 7001, .ack = cookie + 1 });
  tf_assert_state_since (f, TCP_STATE_ESTABLISHED, TF_RTT);
  g_assert_cmpuint (f->accepted, ==, 1);
  g_assert_true (f->conn->from_cookie);
  g_assert_cmpuint (f->conn->mss, ==, 1460);
  g_assert_true (f->conn->ws_ok && f->conn->sack_ok && f->conn->ts_ok);
  g_assert_cmpuint (f->conn->snd_wscale, ==, TF_PEER_WSCALE);
  g_assert_cmpuint (tcp_listener_stats (f->listener)->syncookies_ok, ==, 1);
  /* It works like any other. */
  tf_run_until (f, 200 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_PA, .seq = 7001, .ack = cookie + 1, .len = 100 });
  tf_assert_sent (f, 200 * MS, TF_A, cookie + 1, 7101, 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpint (tcp_send (f->conn, 10), ==, TCP_OK);
  tf_assert_sent (f, 200 * MS, TF_PA, cookie + 1, 7101, 10, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
}

static void
test_listen_syn_cookie_without_timestamps (TcpFixture *f, gconstpointer data)
{
  f->peer_ts = FALSE;
  guint32 cookie = cookie_for (f, 1400);
  const TcpSegment *sa = &g_array_index (f->sent, TfSent, f->next_sent - 1).seg;
  /* tcp_conn_request(): without timestamps only the MSS survives. */
  g_assert_cmpuint (sa->opts, ==, TCP_OPT_MSS);
  tf_run_until (f, TF_RTT);
  f->rport = 40001;
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = 7001, .ack = cookie + 1 });
  tf_assert_state (f, TCP_STATE_ESTABLISHED);
  /* msstab: the largest entry not above 1400 is 1300. */
  g_assert_cmpuint (f->conn->mss, ==, 1300);
  g_assert_false (f->conn->ws_ok || f->conn->sack_ok || f->conn->ts_ok);
}

static void
test_listen_syn_cookie_freebsd (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "freebsd");
  f->stack->profile.syn_backlog = 1; /* a full syncache without 15360 clients */
  guint32 cookie = cookie_for (f, 1400);
  tf_run_until (f, TF_RTT);
  f->rport = 40001;
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = 7001, .ack = cookie + 1 });
  tf_assert_state (f, TCP_STATE_ESTABLISHED);
  /* tcp_sc_msstab has 1400. */
  g_assert_cmpuint (f->conn->mss, ==, 1400);
}

static void
test_listen_syn_cookie_forged_gets_rst (TcpFixture *f, gconstpointer data)
{
  guint32 cookie = cookie_for (f, 1460);
  tf_run_until (f, TF_RTT);
  f->rport = 40001;
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = 7001, .ack = cookie + 2 });
  tf_assert_sent (f, TF_RTT, TF_R, cookie + 2, 0, 0, TCP_STATE_SYN_RECEIVED);
  g_assert_cmpuint (tcp_listener_stats (f->listener)->syncookies_failed, ==, 1);
  g_assert_cmpuint (tcp_listener_stats (f->listener)->syncookies_ok, ==, 0);
}

static void
test_listen_syn_cookie_expires (TcpFixture *f, gconstpointer data)
{
  guint32 old = cookie_for (f, 1460); /* at 0, period 0 */
  guint64 a = f->conn_id;
  /* A's request holds the SYN queue until 63 s; a cookie at 60 s. */
  f->rport = 40000;
  static const SimTime at[] = { 1 * S, 3 * S, 7 * S, 15 * S, 31 * S };
  expect_series (f, 0, at, G_N_ELEMENTS (at), TF_SA, TF_ISS, TF_IRS + 1, 0,
                 TCP_STATE_SYN_RECEIVED);
  tf_run_until (f, 60 * S);
  f->rport = 40002;
  TcpSegment syn = tf_peer_syn (9000);
  tf_inject (f, &syn);
  guint32 fresh = tf_peek_sent (f)->seq;
  tf_assert_sent (f, 60 * S, TF_SA, fresh, 9001, 0, TCP_STATE_SYN_RECEIVED);
  tf_run_until (f, 63 * S);
  f->conn_id = a;
  tf_assert_closed (f, 63 * S, TCP_OK);
  /* At 121 s (period 2) the cookie of period 0 is too old
   * (MAX_SYNCOOKIE_AGE), the one of period 1 is good. */
  tf_run_until (f, 121 * S);
  f->rport = 40001;
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = 7001, .ack = old + 1 });
  tf_assert_sent (f, 121 * S, TF_R, old + 1, 0, 0, TCP_STATE_CLOSED);
  g_assert_cmpuint (tcp_listener_stats (f->listener)->syncookies_failed, ==, 1);
  f->rport = 40002;
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = 9001, .ack = fresh + 1 });
  tf_assert_state_since (f, TCP_STATE_ESTABLISHED, 121 * S);
  /* Long after the last cookie, an ACK is not even tried as one. */
  tf_run_until (f, 300 * S);
  f->rport = 40003;
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = 9001, .ack = fresh + 1 });
  tf_assert_sent (f, 300 * S, TF_R, fresh + 1, 0, 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpuint (tcp_listener_stats (f->listener)->syncookies_failed, ==, 1);
}


/* A queued; B's SYN fills the SYN queue; C gets a cookie; B completes
 * and fills the accept queue (2); C's cookie ACK then finds no room, at
 * TF_RTT.  Returns C's cookie; the reset or silence that follows is the
 * caller's to assert. */
static guint32
cookie_ack_into_full_queue (TcpFixture *f)
{
  tf_listen_backlog (f, 1);
  tcp_listener_set_auto_accept (f->listener, FALSE);
  g_assert_cmpuint (f->listener->acceptq_max, ==, 2);
  open_from (f, 40000, TF_IRS);
  ack_from (f, 40000, TF_IRS);
  guint64 b = open_from (f, 40001, 6000);
  syn_from (f, 40002, 7000);
  const TcpSegment *sa = tf_peek_sent (f);
  g_assert_nonnull (sa);
  guint32 cookie = sa->seq;
  tf_assert_sent (f, 0, TF_SA, cookie, 7001, 0, TCP_STATE_SYN_RECEIVED);
  g_assert_cmpuint (tcp_listener_stats (f->listener)->syncookies_sent, ==, 1);
  tf_run_until (f, TF_RTT);
  ack_from (f, 40001, 6000);
  tf_assert_state_since (f, TCP_STATE_ESTABLISHED, TF_RTT);
  g_assert_cmpuint (tcp_listener_queued (f->listener), ==, 2);
  guint n_states = f->states->len;
  f->rport = 40002;
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = 7001, .ack = cookie + 1 });
  /* No connection was born from the cookie, and B is still under test. */
  g_assert_cmpuint (f->states->len, ==, n_states);
  g_assert_cmpuint (f->conn_id, ==, b);
  g_assert_cmpuint (tcp_listener_queued (f->listener), ==, 2);
  g_assert_cmpuint (tcp_listener_stats (f->listener)->accept_overflows, ==, 1);
  g_assert_cmpuint (tcp_listener_stats (f->listener)->syncookies_ok, ==, 0);
  return cookie;
}

static void
test_listen_syn_cookie_acceptq_full_linux (TcpFixture *f, gconstpointer data)
{
  /* Linux (tcp_check_req() with tcp_abort_on_overflow 0): the ACK is
   * dropped silently; the client's next segment brings the same cookie. */
  guint32 cookie = cookie_ack_into_full_queue (f);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->sent->len, ==, 3); /* the three SYN-ACKs */
  /* Once the application accepts one, the same ACK again at 200 ms is a
   * good cookie still (period 0) and C is established. */
  tf_run_until (f, 200 * MS);
  g_assert_nonnull (tf_accept (f));
  g_assert_cmpuint (tcp_listener_queued (f->listener), ==, 1);
  f->rport = 40002;
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = 7001, .ack = cookie + 1 });
  tf_assert_state_since (f, TCP_STATE_ESTABLISHED, 200 * MS);
  g_assert_cmpuint (tcp_listener_stats (f->listener)->syncookies_ok, ==, 1);
  g_assert_cmpuint (tcp_listener_stats (f->listener)->accept_overflows, ==, 1);
  g_assert_cmpuint (tcp_listener_queued (f->listener), ==, 2);
  tf_assert_quiet (f);
}

static void
test_listen_syn_cookie_acceptq_full_freebsd (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "freebsd");
  f->stack->profile.syn_backlog = 1;
  /* FreeBSD: a reset, as for any overflow at the final ACK (RFC 9293
   * §3.10.7.1 form: <SEQ=SEG.ACK><CTL=RST>), at once. */
  guint32 cookie = cookie_ack_into_full_queue (f);
  const TcpSegment *rst
    = tf_assert_sent (f, TF_RTT, TF_R, cookie + 1, 0, 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpuint (rst->sport, ==, TF_SERVER_PORT);
  g_assert_cmpuint (rst->dport, ==, 40002);
  g_assert_cmpuint (rst->daddr, ==, TF_PEER_ADDR);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->sent->len, ==, 4); /* the three SYN-ACKs, the reset */
}

static void
test_listen_port_in_use (TcpFixture *f, gconstpointer data)
{
  tf_build_listen (f);
  TcpError err = TCP_OK;
  g_assert_null (tcp_listen (f->stack, TF_SERVER_PORT, 0, NULL, NULL, &err));
  g_assert_cmpint (err, ==, TCP_EADDRINUSE);
}

/* Every state in RFC 9293 §3.3.2 spelling, and every error by its errno
 * name; each parses back from that name, from the underscore spelling and
 * in any case. */
static const struct
{
  TcpState state;
  const char *name, *underscores;
} state_names[] = {
  { TCP_STATE_CLOSED, "CLOSED", "closed" },
  { TCP_STATE_LISTEN, "LISTEN", "listen" },
  { TCP_STATE_SYN_SENT, "SYN-SENT", "syn_sent" },
  { TCP_STATE_SYN_RECEIVED, "SYN-RECEIVED", "SYN_RECEIVED" },
  { TCP_STATE_ESTABLISHED, "ESTABLISHED", "Established" },
  { TCP_STATE_FIN_WAIT_1, "FIN-WAIT-1", "fin_wait_1" },
  { TCP_STATE_FIN_WAIT_2, "FIN-WAIT-2", "FIN_WAIT_2" },
  { TCP_STATE_CLOSE_WAIT, "CLOSE-WAIT", "close_wait" },
  { TCP_STATE_CLOSING, "CLOSING", "closing" },
  { TCP_STATE_LAST_ACK, "LAST-ACK", "last_ack" },
  { TCP_STATE_TIME_WAIT, "TIME-WAIT", "Time_Wait" },
};

static const struct
{
  TcpError err;
  const char *name;
} error_names[] = {
  { TCP_OK, "OK" },
  { TCP_ETIMEDOUT, "ETIMEDOUT" },
  { TCP_ECONNREFUSED, "ECONNREFUSED" },
  { TCP_ECONNRESET, "ECONNRESET" },
  { TCP_EADDRNOTAVAIL, "EADDRNOTAVAIL" },
  { TCP_EADDRINUSE, "EADDRINUSE" },
  { TCP_ENOTCONN, "ENOTCONN" },
  { TCP_EPIPE, "EPIPE" },
  { TCP_ENOROUTE, "ENOROUTE" },
};

/* Spellings no state has: near misses, the wrong separator, a prefix, a
 * longer name, padding, the empty string. */
static const char *const bad_state_names[] = {
  "HALF-OPEN", "SYN-RECV", "SYN RECEIVED", "SYNSENT", "SYN-SENT ", " LISTEN",
  "FIN-WAIT", "FIN-WAIT-3", "TIME-WAITING", "CLOSE", "ESTAB", "SYN.SENT", "",
};

/* Error spellings that are refused: OK is not an error a scenario can
 * expect, and only whole errno names count. */
static const char *const bad_error_names[] = {
  "OK", "ok", "TIMEDOUT", "ETIMEOUT", "E_TIMEDOUT", "ECONNRESET ", "ECONN", "EINTR", "",
};

static void
test_names (TcpFixture *f, gconstpointer data)
{
  g_assert_cmpuint (G_N_ELEMENTS (state_names), ==, TCP_STATE_COUNT);
  for (gsize i = 0; i < G_N_ELEMENTS (state_names); i++)
    {
      g_assert_cmpint (state_names[i].state, ==, (TcpState) i);
      g_assert_cmpstr (tcp_state_name (state_names[i].state), ==, state_names[i].name);
      TcpState st = TCP_STATE_COUNT;
      g_assert_true (tcp_state_parse (state_names[i].name, &st));
      g_assert_cmpint (st, ==, state_names[i].state);
      st = TCP_STATE_COUNT;
      g_assert_true (tcp_state_parse (state_names[i].underscores, &st));
      g_assert_cmpint (st, ==, state_names[i].state);
      char *lower = g_ascii_strdown (state_names[i].name, -1);
      st = TCP_STATE_COUNT;
      g_assert_true (tcp_state_parse (lower, &st));
      g_assert_cmpint (st, ==, state_names[i].state);
      g_free (lower);
    }
  /* The one alias: the name of Linux, BSD and netstat for SYN-RECEIVED. */
  TcpState st = TCP_STATE_COUNT;
  g_assert_true (tcp_state_parse ("syn-rcvd", &st));
  g_assert_cmpint (st, ==, TCP_STATE_SYN_RECEIVED);
  st = TCP_STATE_COUNT;
  g_assert_true (tcp_state_parse ("SYN_RCVD", &st));
  g_assert_cmpint (st, ==, TCP_STATE_SYN_RECEIVED);
  /* A refused spelling leaves the output alone. */
  for (gsize i = 0; i < G_N_ELEMENTS (bad_state_names); i++)
    {
      st = TCP_STATE_COUNT;
      if (tcp_state_parse (bad_state_names[i], &st))
        g_error ("tcp_state_parse accepted \"%s\"", bad_state_names[i]);
      g_assert_cmpint (st, ==, TCP_STATE_COUNT);
    }

  g_assert_cmpuint (G_N_ELEMENTS (error_names), ==, TCP_ERROR_COUNT);
  for (gsize i = 0; i < G_N_ELEMENTS (error_names); i++)
    {
      g_assert_cmpint (error_names[i].err, ==, (TcpError) i);
      g_assert_cmpstr (tcp_error_name (error_names[i].err), ==, error_names[i].name);
      if (error_names[i].err == TCP_OK)
        continue; /* refused below */
      TcpError err = TCP_ERROR_COUNT;
      g_assert_true (tcp_error_parse (error_names[i].name, &err));
      g_assert_cmpint (err, ==, error_names[i].err);
      char *lower = g_ascii_strdown (error_names[i].name, -1);
      err = TCP_ERROR_COUNT;
      g_assert_true (tcp_error_parse (lower, &err));
      g_assert_cmpint (err, ==, error_names[i].err);
      g_free (lower);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad_error_names); i++)
    {
      TcpError err = TCP_ERROR_COUNT;
      if (tcp_error_parse (bad_error_names[i], &err))
        g_error ("tcp_error_parse accepted \"%s\"", bad_error_names[i]);
      g_assert_cmpint (err, ==, TCP_ERROR_COUNT);
    }
}

/* ---- host crash and restart (RFC 9293 §3.5.1) ------------------------------ */

static void
test_crash_server_silent_then_reset (TcpFixture *f, gconstpointer data)
{
  tf_build_established_passive (f);
  guint64 id = f->conn_id;
  tf_run_until (f, 1 * S);
  tcp_stack_crash (f->stack);
  /* Everything is gone at once: no segment, no callback. */
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_CLOSED, 1 * S);
  g_assert_cmpuint (f->closed, ==, 0);
  g_assert_cmpuint (f->user_errors->len, ==, 0);
  g_assert_true (f->host->down);
  g_assert_true (f->listener->dead);
  g_assert_cmpint (tcp_send (f->conn, 10), ==, TCP_ENOTCONN);
  /* Down: whatever arrives is dropped. */
  tf_run_until (f, 2 * S);
  tf_inject (f, &(TcpSegment) {
                  .flags = TF_PA, .seq = TF_IRS + 1, .ack = TF_ISS + 1, .len = 100 });
  tf_assert_quiet (f);
  g_assert_cmpuint (f->host->dropped_down, ==, 1);
  tf_run_until (f, 3 * S);
  tcp_stack_restart (f->stack);
  g_assert_false (f->host->down);
  g_assert_cmpuint (f->stack->boots, ==, 1);
  /* The peer's next segment finds no connection: <SEQ=SEG.ACK><CTL=RST>,
   * which resets the peer's half-open connection (§3.5.1, figure 11). */
  tf_run_until (f, 4 * S);
  tf_inject (f, &(TcpSegment) {
                  .flags = TF_PA, .seq = TF_IRS + 1, .ack = TF_ISS + 1, .len = 100 });
  tf_assert_sent (f, 4 * S, TF_R, TF_ISS + 1, 0, 0, TCP_STATE_CLOSED);
  /* No listener until the world makes one again. */
  tf_run_until (f, 5 * S);
  syn_from (f, 40001, 7000);
  tf_assert_sent (f, 5 * S, TF_RA, 0, 7001, 0, TCP_STATE_CLOSED);
  tf_listen (f);
  open_from (f, 40001, 7000);
  g_assert_cmpuint (f->conn_id, !=, id);
  tf_assert_quiet (f);
}

static void
test_crash_client_discovers_half_open (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  /* The peer crashed and came back; our next segment is answered with
   * <SEQ=SEG.ACK><CTL=RST>, SEG.ACK being our RCV.NXT: reset. */
  tf_run_until (f, 1 * S);
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_sent (f, 1 * S, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  tf_run_until (f, 1 * S + TF_RTT);
  tf_inject (f, &(TcpSegment) { .flags = TF_R, .seq = TF_IRS + 1 });
  tf_assert_closed (f, 1 * S + TF_RTT, TCP_ECONNRESET);
  tf_run_until (f, 100 * S);
  tf_assert_quiet (f);
}

static void
test_crash_cancels_timers_and_queues (TcpFixture *f, gconstpointer data)
{
  tf_build_listen (f);
  tcp_listener_set_auto_accept (f->listener, FALSE);
  open_from (f, 40000, TF_IRS);
  tf_run_until (f, TF_RTT);
  ack_from (f, 40000, TF_IRS);
  open_from (f, 40001, 7000);
  f->lport = TF_LOCAL_PORT;
  f->rport = TF_SERVER_PORT;
  tf_connect (f);
  tf_assert_sent (f, TF_RTT, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  guint64 secret = f->stack->isn_secret[0];
  tf_run_until (f, 500 * MS);
  tcp_stack_crash (f->stack);
  g_assert_cmpuint (tcp_listener_queued (f->listener), ==, 0);
  g_assert_cmpuint (f->listener->syn_queue, ==, 0);
  g_assert_null (tcp_accept (f->listener));
  g_assert_cmpuint (f->host->conns.count, ==, 0);
  tf_run_until (f, 2 * S);
  tcp_stack_restart (f->stack);
  /* A fresh ISN key (RFC 6528: drawn at boot). */
  g_assert_cmpuint (f->stack->isn_secret[0], !=, secret);
  tf_run_until (f, 300 * S);
  tf_assert_quiet (f);
}

/* ---- simultaneous open and close, per profile (RFC 9293 §3.5 fig. 8, §3.6
 * fig. 13) ------------------------------------------------------------------- */

typedef struct
{
  const char *path;
  const char *profile;
  guint8 synack_opts; /* what our SYN-ACK offers to a Linux-like peer */
  SimTime time_wait;
} SimulCase;

#define ALL_OPTS (TCP_OPT_MSS | TCP_OPT_WSCALE | TCP_OPT_SACK_OK | TCP_OPT_TS)

static const SimulCase simul_cases[] = {
  { "/tcp/simultaneous/linux", "linux", ALL_OPTS, 60 * S },
  { "/tcp/simultaneous/linux-classic", "linux-classic", ALL_OPTS, 60 * S },
  { "/tcp/simultaneous/freebsd", "freebsd", ALL_OPTS, 60 * S },
  { "/tcp/simultaneous/macos", "macos", ALL_OPTS, 30 * S },
  { "/tcp/simultaneous/windows", "windows", TCP_OPT_MSS | TCP_OPT_WSCALE | TCP_OPT_SACK_OK,
    120 * S },
  { "/tcp/simultaneous/rfc793", "rfc793", TCP_OPT_MSS, 240 * S },
  { "/tcp/simultaneous/rfc9293", "rfc9293", TCP_OPT_MSS, 240 * S },
  { "/tcp/simultaneous/ns3", "ns3", ALL_OPTS, 240 * S },
  { "/tcp/simultaneous/inet", "inet", TCP_OPT_MSS, 240 * S },
};

static void
test_simultaneous_open_and_close (TcpFixture *f, gconstpointer data)
{
  const SimulCase *c = data;
  use_profile_fixture_ports (f, c->profile);
  tf_build_syn_sent (f);
  /* The SYNs cross: SYN-RECEIVED, a SYN-ACK with our own ISN again. */
  tf_run_until (f, TF_RTT);
  TcpSegment syn = tf_peer_syn (TF_IRS);
  tf_inject (f, &syn);
  const TcpSegment *sa
    = tf_assert_sent (f, TF_RTT, TF_SA, TF_ISS, TF_IRS + 1, 0, TCP_STATE_SYN_RECEIVED);
  g_assert_cmpuint (sa->opts, ==, c->synack_opts);
  /* Its SYN-ACK: ESTABLISHED, and an ACK where the profile's
   * simopen_ack says (Linux); RFC 793 figure 8 and INET send none. */
  tf_run_until (f, 2 * TF_RTT);
  TcpSegment synack = tf_peer_synack ();
  tf_inject (f, &synack);
  if (tcp_profile_lookup (c->profile)->simopen_ack)
    tf_assert_sent (f, 2 * TF_RTT, TF_A, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  tf_assert_state_since (f, TCP_STATE_ESTABLISHED, 2 * TF_RTT);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->established, ==, 1);
  /* The FINs cross: CLOSING (an ACK at once), then TIME-WAIT for the
   * profile's 2·MSL. */
  tf_run_until (f, 3 * TF_RTT);
  g_assert_cmpint (tcp_close (f->conn), ==, TCP_OK);
  tf_assert_sent (f, 3 * TF_RTT, TF_FA, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_FIN_WAIT_1);
  tf_run_until (f, 4 * TF_RTT);
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  /* FreeBSD's tcp_output() carries the unacknowledged FIN on that ACK
   * again, from its sequence number (ack_resends_fin). */
  if (tcp_profile_lookup (c->profile)->ack_resends_fin)
    tf_assert_sent (f, 4 * TF_RTT, TF_FA, TF_ISS + 1, TF_IRS + 2, 0, TCP_STATE_CLOSING);
  else
    tf_assert_sent (f, 4 * TF_RTT, TF_A, TF_ISS + 2, TF_IRS + 2, 0, TCP_STATE_CLOSING);
  tf_run_until (f, 5 * TF_RTT);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 2, .ack = TF_ISS + 2 });
  tf_assert_state_since (f, TCP_STATE_TIME_WAIT, 5 * TF_RTT);
  tf_run_until (f, 5 * TF_RTT + c->time_wait - 1);
  tf_assert_state (f, TCP_STATE_TIME_WAIT);
  tf_run_until (f, 5 * TF_RTT + c->time_wait);
  tf_assert_closed (f, 5 * TF_RTT + c->time_wait, TCP_OK);
  tf_assert_quiet (f);
}

/* ---- TIME-WAIT per profile ------------------------------------------------- */

static void
test_time_wait_newer_timestamp_reopens_linux (TcpFixture *f, gconstpointer data)
{
  tf_build_established_passive (f);
  tf_build_time_wait (f);
  tf_run_until (f, 5 * S);
  /* RFC 6191: not above RCV.NXT, but a newer timestamp (Linux
   * tcp_timewait_state_process). */
  TcpSegment syn = tf_peer_syn (TF_IRS);
  tf_inject (f, &syn);
  tf_assert_sent (f, 5 * S, TF_SA, TF_ISS + 2 + 65535 + 2, TF_IRS + 1, 0,
                  TCP_STATE_SYN_RECEIVED);
}

static void
test_time_wait_newer_timestamp_ignored_freebsd (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "freebsd");
  tf_build_established_passive (f);
  tf_build_time_wait (f);
  tf_run_until (f, 5 * S);
  /* tcp_twcheck(): a SYN not above RCV.NXT does not reopen, and having
   * no ACK bit it is dropped without an answer (tw_bsd_check). */
  TcpSegment syn = tf_peer_syn (TF_IRS);
  tf_inject (f, &syn);
  tf_assert_quiet (f);
  /* An RST is ignored too (docs/profiles.md). */
  tf_inject (f, &(TcpSegment) { .flags = TF_R, .seq = TF_IRS + 2 });
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_TIME_WAIT, 400 * MS);
}

/* ---- ISN (RFC 6528, RFC 793 §3.3) ------------------------------------------ */

static void
test_isn_clock_only_rfc793 (TcpFixture *f, gconstpointer data)
{
  tf_use_profile (f, "rfc793");
  f->stack->isn_is_fixed = FALSE;
  tf_run_until (f, 1 * S);
  tf_connect (f);
  /* RFC 793 §3.3: a clock ticking every 4 us, nothing else. */
  tf_assert_sent (f, 1 * S, TF_S, 250000, 0, 0, TCP_STATE_SYN_SENT);
}

/* Connects from lport to the peer's port rport now and returns the ISN of
 * the SYN, which is asserted in full; the connection is then aborted
 * (silently, from SYN-SENT) so that its 4-tuple can be used again. */
static guint32
isn_of (TcpFixture *f, guint16 lport, guint16 rport)
{
  TcpError err = TCP_ERROR_COUNT;
  TcpConn *conn = tcp_connect_from (f->stack, lport, TF_PEER_ADDR, rport, NULL, NULL, &err);
  g_assert_cmpint (err, ==, TCP_OK);
  g_assert_nonnull (conn);
  g_assert_cmpuint (f->conn_id, ==, conn->id);
  const TcpSegment *syn = tf_peek_sent (f);
  g_assert_nonnull (syn);
  g_assert_cmpuint (syn->sport, ==, lport);
  g_assert_cmpuint (syn->dport, ==, rport);
  guint32 isn = syn->seq;
  f->lport = lport;
  f->rport = rport;
  tf_assert_sent (f, f->sim.now, TF_S, isn, 0, 0, TCP_STATE_SYN_SENT);
  g_assert_cmpint (tcp_abort (conn), ==, TCP_OK);
  tf_assert_closed (f, f->sim.now, TCP_OK);
  tcp_conn_unref (conn);
  tf_assert_quiet (f);
  return isn;
}

/* The ISNs of the default fixture stack (profile linux, seed 1, host
 * "local" 10.0.0.1) at time 0 for 10.0.0.1:50000 -> 10.0.0.2:80, and the
 * same with seed 2.  Pinned: they are a pure function of (seed, host
 * name, 4-tuple, time), so a change of the stream derivation, the hash or
 * the clock shows here. */
#define ISN_SEED1_50000_80 0x307eadb4u
#define ISN_SEED2_50000_80 0xd63e70f5u

static void
test_isn_hashed_linux (TcpFixture *f, gconstpointer data)
{
  f->stack->isn_is_fixed = FALSE;
  /* RFC 6528 §3: ISN = M + F(4-tuple, secret), M the clock.  Linux's M
   * ticks every 64 ns (secure_tcp_seq(): ktime_get_real_ns() >> 6). */
  g_assert_cmpint (f->stack->profile.isn_tick, ==, 64 * SIM_NS);
  g_assert_true (f->stack->profile.isn_hash);
  guint32 base = isn_of (f, 50000, 80);
  g_assert_cmphex (base, ==, ISN_SEED1_50000_80);
  /* F depends on each part of the 4-tuple: another local port, another
   * remote port each give another ISN at the same time. */
  guint32 other_lport = isn_of (f, 50001, 80);
  guint32 other_rport = isn_of (f, 50000, 81);
  g_assert_cmphex (other_lport, !=, base);
  g_assert_cmphex (other_rport, !=, base);
  g_assert_cmphex (other_lport, !=, other_rport);
  /* The clock: the same 4-tuple Δ later draws F + Δ/64 ns, exactly, and
   * only whole ticks count. */
  tf_run_until (f, 63 * SIM_NS);
  g_assert_cmphex (isn_of (f, 50000, 80), ==, base);
  tf_run_until (f, 64 * SIM_NS);
  g_assert_cmphex (isn_of (f, 50000, 80), ==, base + 1);
  tf_run_until (f, 1 * S);
  g_assert_cmphex (isn_of (f, 50000, 80), ==, base + 15625000u);
  g_assert_cmphex (isn_of (f, 50001, 80), ==, other_lport + 15625000u);
  /* M wraps modulo 2^32: after 2^32 ticks (about 275 s) the ISN is back
   * where it started. */
  tf_run_until (f, (SimTime) 64 * SIM_NS * G_GINT64_CONSTANT (0x100000000));
  g_assert_cmphex (isn_of (f, 50000, 80), ==, base);

  /* Another world with the same seed draws the same ISN for the same
   * 4-tuple at the same time; a world with seed 2 another one. */
  TcpFixture g;
  memset (&g, 0, sizeof g); /* as GTest hands a fixture over */
  tf_setup (&g, NULL);
  g.stack->isn_is_fixed = FALSE;
  g_assert_cmphex (isn_of (&g, 50000, 80), ==, ISN_SEED1_50000_80);
  tf_teardown (&g, NULL);
  memset (&g, 0, sizeof g);
  tf_setup (&g, NULL);
  tcp_stack_free (g.stack);
  g.stack = tcp_stack_new (&g.sim, &g.trace, g.ids, g.host, tcp_profile_lookup ("linux"), 2);
  g_assert_cmphex (isn_of (&g, 50000, 80), ==, ISN_SEED2_50000_80);
  g_assert_cmphex (ISN_SEED2_50000_80, !=, ISN_SEED1_50000_80);
  tf_teardown (&g, NULL);
}

/* ---- a reset arrives, or the user aborts, in each state (RFC 9293
 * §3.10.7.4 second check, §3.10.4 ABORT) ------------------------------------ */

typedef void (*BuildFn) (TcpFixture *f);

/* An acceptable reset arrives at `at` in the state `build` leaves: the
 * connection goes to CLOSED at once, silently, reporting err; the user
 * hears closed() once, a send() is refused, and nothing is ever sent
 * again (no retransmission, no timer left). */
typedef struct
{
  const char *path;
  BuildFn build;
  SimTime at;
  TcpSegment rst;
  TcpError err;
} ResetCase;

static const ResetCase reset_cases[] = {
  /* Second check in SYN-SENT: an RST with an acceptable ACK, "connection
   * reset" (Linux reports ECONNREFUSED); no more SYNs. */
  { "/tcp/syn-sent/rst-with-good-ack-refused", tf_build_syn_sent, TF_RTT,
    { .flags = TF_RA, .seq = 0, .ack = TF_ISS + 1 }, TCP_ECONNREFUSED },
  /* SEG.SEQ = RCV.NXT: "connection reset". */
  { "/tcp/established/rst-exact-resets", tf_build_established, 200 * MS,
    { .flags = TF_R, .seq = TF_IRS + 1 }, TCP_ECONNRESET },
  { "/tcp/fin-wait-1/rst-resets", tf_build_fin_wait_1, 300 * MS,
    { .flags = TF_R, .seq = TF_IRS + 1 }, TCP_ECONNRESET },
  { "/tcp/close-wait/rst-resets", tf_build_close_wait, 500 * MS,
    { .flags = TF_R, .seq = TF_IRS + 2 }, TCP_ECONNRESET },
  /* CLOSING, LAST-ACK: CLOSED; RFC 9293 gives no error, Linux's
   * tcp_reset() says ECONNRESET (the profile's rst_error_closing). */
  { "/tcp/closing/rst-closes", tf_build_closing, 400 * MS,
    { .flags = TF_R, .seq = TF_IRS + 2 }, TCP_ECONNRESET },
  /* Linux with net.ipv4.tcp_rfc1337 = 0: an RST at RCV.NXT ends
   * TIME-WAIT (docs/profiles.md). */
  { "/tcp/time-wait/rst-kills-linux", tf_build_time_wait, 1 * S,
    { .flags = TF_R, .seq = TF_IRS + 2 }, TCP_OK },
};

static void
test_reset_arrives (TcpFixture *f, gconstpointer data)
{
  const ResetCase *c = data;
  c->build (f);
  guint established = f->established;
  tf_run_until (f, c->at);
  tf_inject (f, &c->rst);
  tf_assert_quiet (f);
  tf_assert_closed (f, c->at, c->err);
  g_assert_cmpuint (f->closed, ==, 1);
  g_assert_cmpuint (f->established, ==, established);
  g_assert_cmpint (tcp_send (f->conn, 10), ==, TCP_ENOTCONN);
  tf_run_until (f, c->at + 300 * S);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->closed, ==, 1);
}

/* The user aborts at `at` (RFC 9293 §3.10.4): from ESTABLISHED and
 * CLOSE-WAIT a reset <SEQ=SND.NXT><CTL=RST>; from SYN-SENT (nothing
 * synchronized) and TIME-WAIT the TCB is deleted silently.  CLOSED at
 * once, with no error (the user asked for it), closed() once, and nothing
 * sent ever after. */
typedef struct
{
  const char *path;
  BuildFn build;
  SimTime at;
  gboolean sends_rst;
  guint32 rst_seq;
} AbortCase;

static const AbortCase abort_cases[] = {
  { "/tcp/abort/established-sends-rst", tf_build_established, 200 * MS, TRUE, TF_ISS + 1 },
  { "/tcp/abort/close-wait-sends-rst", tf_build_close_wait, 500 * MS, TRUE, TF_ISS + 1 },
  { "/tcp/abort/syn-sent-silent", tf_build_syn_sent, 500 * MS, FALSE, 0 },
  { "/tcp/abort/time-wait-silent", tf_build_time_wait, 1 * S, FALSE, 0 },
};

static void
test_abort (TcpFixture *f, gconstpointer data)
{
  const AbortCase *c = data;
  c->build (f);
  tf_run_until (f, c->at);
  /* Linux's abort: RST with ACK at RCV.NXT (tcp_send_active_reset(),
   * the profile's rst_ack). */
  guint32 rcv_nxt = f->conn->rcv_nxt;
  g_assert_cmpint (tcp_abort (f->conn), ==, TCP_OK);
  if (c->sends_rst)
    tf_assert_sent (f, c->at, TF_RA, c->rst_seq, rcv_nxt, 0, TCP_STATE_CLOSED);
  tf_assert_quiet (f); /* and nothing at all when the row says so */
  tf_assert_closed (f, c->at, TCP_OK);
  g_assert_cmpuint (f->closed, ==, 1);
  g_assert_cmpint (tcp_send (f->conn, 10), ==, TCP_ENOTCONN);
  tf_run_until (f, c->at + 300 * S);
  tf_assert_quiet (f);
}

/* ---- typed trace events: why a segment was sent, timers armed and
 * cancelled, what a timer did (trace/trace.h) ----------------------------- */

typedef struct
{
  TraceKind kind;
  SimTime at;
  int what;       /* fire, note, timer or call */
  guint count;
  SimTime span;
  guint8 why;     /* SEND: the tag's why */
} TfEvent;

static void
record_typed (gpointer ctx, const TraceEvent *ev)
{
  GArray *a = ctx;
  TfEvent e = { .kind = ev->kind, .at = ev->time, .count = ev->count, .span = ev->span };
  switch (ev->kind)
    {
    case TRACE_SEND:
      e.why = ev->seg->tag.why;
      break;
    case TRACE_TIMER:
      e.what = ev->fire;
      break;
    case TRACE_NOTE:
      e.what = ev->note;
      break;
    case TRACE_TIMER_ARM:
    case TRACE_TIMER_CANCEL:
      e.what = ev->timer;
      break;
    case TRACE_CALL:
      e.what = ev->call;
      break;
    default:
      break;
    }
  g_array_append_val (a, e);
}

/* The events of kind in order, from index *from on: the next one must be
 * (at, what); returns it. */
static const TfEvent *
next_event (GArray *a, guint *from, TraceKind kind, SimTime at, int what)
{
  for (; *from < a->len; (*from)++)
    {
      const TfEvent *e = &g_array_index (a, TfEvent, *from);
      if (e->kind != kind)
        continue;
      g_assert_cmpint (e->at, ==, at);
      g_assert_cmpint (e->what, ==, what);
      (*from)++;
      return e;
    }
  g_assert_not_reached ();
}

static void
test_trace_syn_retry_typed (TcpFixture *f, gconstpointer data)
{
  GArray *ev = g_array_new (FALSE, FALSE, sizeof (TfEvent));
  trace_bus_subscribe (&f->trace, record_typed, ev);
  /* Linux 6.x: the SYN timer is 1 s for the first retries
   * (tcp_syn_linear_timeouts), then doubles (scenarios/syn-timeout.scn). */
  tf_connect (f);
  tf_run_until (f, 1 * SIM_S + TF_RTT);
  TcpSegment synack = tf_peer_synack ();
  tf_inject (f, &synack);
  guint arm = 0, fire = 0, send = 0, cancel = 0, call = 0;
  g_assert_cmpint (next_event (ev, &call, TRACE_CALL, 0, TRACE_CALL_CONNECT)->count, ==, 0);
  g_assert_cmpuint (next_event (ev, &send, TRACE_SEND, 0, 0)->why, ==, TRACE_WHY_SYN);
  g_assert_cmpint (next_event (ev, &arm, TRACE_TIMER_ARM, 0, TRACE_TIMER_REXMIT)->span, ==,
                   1 * SIM_S);
  const TfEvent *e = next_event (ev, &fire, TRACE_TIMER, 1 * SIM_S, TRACE_FIRE_SYN_RETRY);
  g_assert_cmpuint (e->count, ==, 1);
  g_assert_cmpuint (next_event (ev, &send, TRACE_SEND, 1 * SIM_S, 0)->why, ==, TRACE_WHY_SYN_RETRY);
  g_assert_cmpint (next_event (ev, &arm, TRACE_TIMER_ARM, 1 * SIM_S, TRACE_TIMER_REXMIT)->span,
                   ==, 2 * SIM_S);
  /* The SYN-ACK stops the timer; the ACK that completes the handshake. */
  next_event (ev, &cancel, TRACE_TIMER_CANCEL, 1 * SIM_S + TF_RTT, TRACE_TIMER_REXMIT);
  g_assert_cmpuint (next_event (ev, &send, TRACE_SEND, 1 * SIM_S + TF_RTT, 0)->why, ==,
                    TRACE_WHY_ACK);
  g_array_free (ev, TRUE);
}

static void
test_trace_rto_typed (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  GArray *ev = g_array_new (FALSE, FALSE, sizeof (TfEvent));
  trace_bus_subscribe (&f->trace, record_typed, ev);
  tcp_send (f->conn, 100);
  SimTime t0 = TF_RTT;
  guint send = 0, fire = 0, arm = 0;
  tf_run_until (f, t0 + 10 * SIM_S);
  g_assert_cmpuint (next_event (ev, &send, TRACE_SEND, t0, 0)->why, ==, TRACE_WHY_DATA);
  const TfEvent *a = next_event (ev, &arm, TRACE_TIMER_ARM, t0, TRACE_TIMER_REXMIT);
  g_assert_cmpint (a->span, >, t0);
  /* The RTO (or, with SACK and an RTT sample, a loss probe first) fires
   * at the deadline armed; a retransmission by RTO is tagged so. */
  guint i = fire;
  const TfEvent *first = NULL;
  for (; i < ev->len; i++)
    if (g_array_index (ev, TfEvent, i).kind == TRACE_TIMER)
      {
        first = &g_array_index (ev, TfEvent, i);
        break;
      }
  g_assert_nonnull (first);
  g_assert_cmpint (first->at, ==, a->span);
  gboolean saw_rto = FALSE;
  for (guint k = 0; k < ev->len; k++)
    {
      const TfEvent *e = &g_array_index (ev, TfEvent, k);
      if (e->kind == TRACE_TIMER && e->what == TRACE_FIRE_RTO && !saw_rto)
        {
          saw_rto = TRUE;
          g_assert_cmpuint (e->count, ==, 1);
          /* The next event from TCP is the retransmission, tagged RTO. */
          const TfEvent *n = &g_array_index (ev, TfEvent, k + 1);
          g_assert_cmpint (n->kind, ==, TRACE_SEND);
          g_assert_cmpuint (n->why, ==, TRACE_WHY_RTO);
          g_assert_cmpint (n->at, ==, e->at);
          /* And the timer is armed again for the next RTO, span later. */
          const TfEvent *r = &g_array_index (ev, TfEvent, k + 2);
          g_assert_cmpint (r->kind, ==, TRACE_TIMER_ARM);
          g_assert_cmpint (r->span, ==, e->at + e->span);
        }
    }
  g_assert_true (saw_rto);
  g_array_free (ev, TRUE);
}

static void
test_trace_reset_reply_typed (TcpFixture *f, gconstpointer data)
{
  /* A segment for no connection: the reply is tagged as one (RFC 9293
   * §3.10.7.1), and the stack counts it. */
  GArray *ev = g_array_new (FALSE, FALSE, sizeof (TfEvent));
  trace_bus_subscribe (&f->trace, record_typed, ev);
  f->lport = 1234;
  f->rport = 4321;
  TcpSegment ack = { .flags = TF_A, .seq = 77, .ack = 99 };
  tf_inject (f, &ack);
  const TcpSegment *rst = tf_peek_sent (f);
  g_assert_nonnull (rst);
  g_assert_cmpuint (rst->flags, ==, TF_R);
  g_assert_cmpuint (rst->seq, ==, 99);
  g_assert_cmpuint (rst->tag.why, ==, TRACE_WHY_REPLY_RST);
  g_assert_cmpuint (f->stack->resets_sent, ==, 1);
  g_array_free (ev, TRUE);
}

/* ---- extreme values: deadlines past the end of time (issue 13) --------------- */

/* The last instant a run can reach: a timer whose deadline saturated to
 * SIM_TIME_NEVER has not fired by then (sched.h). */
#define END_OF_TIME (SIM_TIME_NEVER - 1)

static void
test_extreme_time_wait_never_ends (TcpFixture *f, gconstpointer data)
{
  f->stack->profile.time_wait = SIM_TIME_MAX;
  tf_build_time_wait (f); /* since 400 ms: 400 ms + 2^63 - 1 ns saturates */
  g_assert_cmpint (f->conn->wait_timer.when, ==, SIM_TIME_NEVER);
  tf_run_until (f, END_OF_TIME);
  tf_assert_state_since (f, TCP_STATE_TIME_WAIT, 400 * MS);
  tf_assert_quiet (f);
}

static void
test_extreme_time_wait_just_fits (TcpFixture *f, gconstpointer data)
{
  /* Below the end of time the arithmetic is exact to the nanosecond. */
  f->stack->profile.time_wait = SIM_TIME_MAX - 1 * S;
  tf_build_time_wait (f);
  SimTime at = SIM_TIME_MAX - 600 * MS;
  tf_run_until (f, at - 1);
  tf_assert_state (f, TCP_STATE_TIME_WAIT);
  tf_run_until (f, at);
  tf_assert_closed (f, at, TCP_OK);
  tf_assert_quiet (f);
}

static void
test_extreme_fin_wait_2_timeout_never (TcpFixture *f, gconstpointer data)
{
  f->stack->profile.fin_wait2_timeout = SIM_TIME_MAX;
  tf_build_fin_wait_2 (f); /* orphaned, since 300 ms */
  g_assert_cmpint (f->conn->wait_timer.when, ==, SIM_TIME_NEVER);
  tf_run_until (f, END_OF_TIME);
  tf_assert_state_since (f, TCP_STATE_FIN_WAIT_2, 300 * MS);
  tf_assert_quiet (f);
}

static void
test_extreme_keepalive_idle_never (TcpFixture *f, gconstpointer data)
{
  f->stack->profile.keepalive_idle = SIM_TIME_MAX;
  tf_build_established (f);
  tcp_conn_set_keepalive (f->conn, TRUE);
  g_assert_cmpint (f->conn->keep_timer.when, ==, SIM_TIME_NEVER);
  tf_run_until (f, END_OF_TIME);
  tf_assert_quiet (f);
  tf_assert_state (f, TCP_STATE_ESTABLISHED);
}

static void
test_extreme_keepalive_intvl_never (TcpFixture *f, gconstpointer data)
{
  f->stack->profile.keepalive_idle = 10 * S;
  f->stack->profile.keepalive_intvl = SIM_TIME_MAX;
  tf_build_established (f);
  tcp_conn_set_keepalive (f->conn, TRUE);
  tf_run_until (f, 10100 * MS);
  tf_assert_sent (f, 10100 * MS, TF_A, TF_ISS, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpint (f->conn->keep_timer.when, ==, SIM_TIME_NEVER);
  tf_run_until (f, END_OF_TIME);
  tf_assert_quiet (f);
  tf_assert_state (f, TCP_STATE_ESTABLISHED);
}

static void
test_extreme_keepalive_intvl_zero_one_tick (TcpFixture *f, gconstpointer data)
{
  /* An interval of 0 would probe again at the same instant, for ever
   * with enough probes: it waits one tick of the profile's clock (1 ms,
   * Linux's jiffy) instead. */
  f->stack->profile.keepalive_idle = 10 * S;
  f->stack->profile.keepalive_intvl = 0;
  f->stack->profile.keepalive_probes = 3;
  tf_build_established (f);
  tcp_conn_set_keepalive (f->conn, TRUE);
  SimTime t0 = 10100 * MS;
  for (int k = 0; k < 3; k++)
    {
      tf_run_until (f, t0 + k * MS);
      tf_assert_sent (f, t0 + k * MS, TF_A, TF_ISS, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
      tf_assert_quiet (f);
    }
  tf_run_until (f, t0 + 3 * MS);
  tf_assert_sent (f, t0 + 3 * MS, TF_RA, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_CLOSED);
  tf_assert_closed (f, t0 + 3 * MS, TCP_ETIMEDOUT);
}

static void
test_extreme_keepalive_idle_zero_data_in_flight (TcpFixture *f, gconstpointer data)
{
  /* Idle 0 with data in flight re-arms for another idle period, 0: one
   * tick instead, so the clock moves (before, 10 million events at one
   * instant until the loop guard stopped the run). */
  f->stack->profile.keepalive_idle = 0;
  f->stack->profile.clock_granularity = 1 * MS;
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_sent (f, 200 * MS, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  tcp_conn_set_keepalive (f->conn, TRUE);
  guint64 before = f->sim.events_run;
  tf_run_until (f, 300 * MS);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->sim.events_run - before, <=, 110);
  g_assert_false (f->sim.stalled);
}

static void
test_extreme_delack_never (TcpFixture *f, gconstpointer data)
{
  f->stack->profile.quickack = 0;
  f->stack->profile.delack = SIM_TIME_MAX;
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  tf_inject (f, &(TcpSegment) {
                  .flags = TF_PA, .seq = TF_IRS + 1, .ack = TF_ISS + 1, .len = 100 });
  g_assert_cmpint (f->conn->delack_timer.when, ==, SIM_TIME_NEVER);
  tf_run_until (f, END_OF_TIME);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->received, ==, 100);
}

static void
test_extreme_syn_rto_never (TcpFixture *f, gconstpointer data)
{
  f->stack->profile.rto_initial = SIM_TIME_MAX;
  f->stack->profile.rto_max = SIM_TIME_MAX;
  tf_connect (f);
  tf_assert_sent (f, 0, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  g_assert_cmpint (f->conn->rexmit_timer.when, ==, SIM_TIME_NEVER);
  tf_run_until (f, END_OF_TIME);
  tf_assert_quiet (f);
  tf_assert_state (f, TCP_STATE_SYN_SENT);
}

static void
test_extreme_syn_time_limit_huge (TcpFixture *f, gconstpointer data)
{
  /* first_tx + a bound of centuries: no deadline, not a wrapped one that
   * would give up at once. */
  f->stack->profile.syn_time_limit = SIM_TIME_MAX;
  tf_connect (f);
  tf_assert_sent (f, 0, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  tf_run_until (f, 1 * S);
  tf_assert_sent (f, 1 * S, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
}

static void
test_extreme_rto_backoff_saturates (TcpFixture *f, gconstpointer data)
{
  /* A count-based give-up far away and no upper bound: the RTO doubles
   * (RFC 6298 §5.5) exactly until 2^63 ns, then the next retransmission
   * never comes. */
  tf_use_profile (f, "freebsd");
  f->stack->profile.retries2 = 255;
  f->stack->profile.rto_max = SIM_TIME_MAX;
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_run_until (f, END_OF_TIME);
  tf_assert_state (f, TCP_STATE_ESTABLISHED);
  g_assert_cmpint (f->conn->rexmit_timer.when, ==, SIM_TIME_NEVER);
  /* The last RTO fitted; now + it did not. */
  g_assert_cmpint (f->conn->rto, >, SIM_TIME_MAX / 4);
  /* The data, then retransmissions at doubling gaps (plus the BSD slop). */
  g_assert_cmpuint (f->sent->len, >, 30);
  SimTime gap = 0;
  for (guint i = 2; i < f->sent->len; i++)
    {
      SimTime d = g_array_index (f->sent, TfSent, i).at - g_array_index (f->sent, TfSent, i - 1).at;
      g_assert_cmpint (d, >, gap);
      gap = d;
    }
  f->next_sent = f->sent->len;
}

static void
test_extreme_tlp_capped_by_rto (TcpFixture *f, gconstpointer data)
{
  /* 2·SRTT + a huge minimum saturates; the probe is never later than the
   * RTO (Linux tcp_schedule_loss_probe). */
  f->stack->profile.tlp_min = SIM_TIME_MAX;
  tf_build_established (f); /* SRTT 100 ms, RTO 300 ms */
  tf_run_until (f, 200 * MS);
  g_assert_cmpint (tcp_send (f->conn, 3000), ==, TCP_OK);
  f->next_sent = f->sent->len;
  g_assert_true (f->conn->tlp_armed);
  g_assert_cmpint (f->conn->rexmit_timer.when, ==, 500 * MS);
  g_assert_cmpint (f->conn->rto_deadline, ==, 500 * MS);
}

static void
test_extreme_rtt_sample_huge (TcpFixture *f, gconstpointer data)
{
  /* RFC 6298 §2.3's weighted sums of samples of centuries saturate
   * instead of wrapping to a negative SRTT or RTO. */
  tf_build_established (f);
  f->stack->profile.rto_max = SIM_TIME_MAX;
  tcp_rtt_sample (f->conn, SIM_TIME_MAX - 1);
  tcp_rtt_sample (f->conn, SIM_TIME_MAX);
  g_assert_cmpint (f->conn->rto, ==, SIM_TIME_MAX);
  tcp_rtt_sample (f->conn, 0);
  g_assert_cmpint (f->conn->srtt, >, SIM_TIME_MAX / 16);
  g_assert_cmpint (f->conn->rttvar, >, 0);
  g_assert_cmpint (f->conn->rto, >, f->conn->srtt);
}

/* ---- the ephemeral port search (RFC 6056 §3.3.4) ----------------------------- */

static TcpConn *
port_connect (TcpFixture *f, guint16 rport, TcpError *err)
{
  TcpConn *conn = tcp_connect (f->stack, TF_PEER_ADDR, rport, NULL, NULL, err);
  if (conn != NULL)
    g_ptr_array_add (f->conns, conn);
  return conn;
}

static void
test_ports_exhausted_sequence (TcpFixture *f, gconstpointer data)
{
  f->stack->profile.port_lo = 50000;
  f->stack->profile.port_hi = 50003;
  f->stack->next_port = 50002;
  TcpError err;
  static const guint16 expect[] = { 50002, 50003, 50000, 50001 };
  TcpConn *conns[4];
  for (guint i = 0; i < 4; i++)
    {
      conns[i] = port_connect (f, TF_SERVER_PORT, &err);
      g_assert_nonnull (conns[i]);
      g_assert_cmpuint (tcp_conn_local_port (conns[i]), ==, expect[i]);
    }
  /* Every connect() fails on its own, and the search start stays. */
  for (guint i = 0; i < 3; i++)
    {
      g_assert_null (port_connect (f, TF_SERVER_PORT, &err));
      g_assert_cmpint (err, ==, TCP_EADDRNOTAVAIL);
      g_assert_cmpuint (f->stack->next_port, ==, 50002);
    }
  /* Another remote port has every local port free. */
  TcpConn *other = port_connect (f, TF_SERVER_PORT + 1, &err);
  g_assert_cmpuint (tcp_conn_local_port (other), ==, 50002);
  /* A port freed is the next one found, from where the search is. */
  tcp_abort (conns[2]);
  TcpConn *again = port_connect (f, TF_SERVER_PORT, &err);
  g_assert_nonnull (again);
  g_assert_cmpuint (tcp_conn_local_port (again), ==, 50000);
  g_assert_cmpuint (f->stack->next_port, ==, 50001);
  f->next_sent = f->sent->len;
}

/* What the search always did: every port of the range in turn. */
static gboolean
ports_reference (TcpFixture *f, guint16 rport, guint16 *out)
{
  const TcpProfile *p = &f->stack->profile;
  guint16 port = f->stack->next_port;
  for (guint i = 0; i < (guint) p->port_hi - p->port_lo + 1; i++)
    {
      if (host_lookup_conn (f->host, host_conn_key (port, TF_PEER_ADDR, rport)) == NULL
          && host_lookup_listener (f->host, port) == NULL)
        {
          *out = port;
          return TRUE;
        }
      port = port >= p->port_hi ? p->port_lo : (guint16) (port + 1);
    }
  return FALSE;
}

/* Ports lo..hi (more than the search probes before it keeps a bitmap),
 * nremotes remote ports, listeners inside the range, connections opened and
 * aborted (abort_pct of the operations) at random: every choice is the
 * reference's. */
static void
ports_random (TcpFixture *f, guint16 lo, guint16 hi, guint nremotes, guint abort_pct, guint ops)
{
  guint64 seed = 13;
  g_test_message ("seed %" G_GUINT64_FORMAT, seed);
  SimRng rng;
  sim_rng_init (&rng, seed, "test/ports");
  f->stack->profile.port_lo = lo;
  f->stack->profile.port_hi = hi;
  f->stack->next_port = hi - 10;
  TcpError err;
  g_assert_nonnull (tcp_listen (f->stack, lo + 5, 0, NULL, NULL, &err));
  g_assert_nonnull (tcp_listen (f->stack, hi, 0, NULL, NULL, &err));
  GPtrArray *live = g_ptr_array_new ();
  guint failures = 0, bitmap_seen = 0;
  for (guint op = 0; op < ops; op++)
    {
      guint16 rport = (guint16) (80 + sim_rng_next (&rng) % nremotes);
      if (live->len > 0 && sim_rng_next (&rng) % 100 < abort_pct)
        {
          guint i = (guint) (sim_rng_next (&rng) % live->len);
          tcp_abort (g_ptr_array_index (live, i));
          g_ptr_array_remove_index_fast (live, i);
          continue;
        }
      guint16 want = 0;
      guint16 start = f->stack->next_port;
      gboolean ok = ports_reference (f, rport, &want);
      TcpConn *conn = port_connect (f, rport, &err);
      if (!ok)
        {
          g_assert_null (conn);
          g_assert_cmpint (err, ==, TCP_EADDRNOTAVAIL);
          g_assert_cmpuint (f->stack->next_port, ==, start);
          failures++;
          continue;
        }
      g_assert_nonnull (conn);
      g_assert_cmpuint (tcp_conn_local_port (conn), ==, want);
      g_ptr_array_add (live, conn);
      if (f->host->port_sets != NULL && g_hash_table_size (f->host->port_sets) > 0)
        bitmap_seen++;
      /* Drop what was sent: the peer is this loop. */
      f->next_sent = f->sent->len;
    }
  g_test_message ("%u failures, %u connects with a bitmap", failures, bitmap_seen);
  g_assert_cmpuint (failures, >, 100);
  g_assert_cmpuint (bitmap_seen, >, 100);
  /* Each remote's bitmap goes with its last connection. */
  for (guint i = 0; i < live->len; i++)
    tcp_abort (g_ptr_array_index (live, i));
  g_assert_cmpuint (g_hash_table_size (f->host->port_sets), ==, 0);
  g_ptr_array_free (live, TRUE);
  f->next_sent = f->sent->len;
}

static void
test_ports_random_vs_reference (TcpFixture *f, gconstpointer data)
{
  ports_random (f, 50000, 50299, 3, 45, 20000);
}

static void
test_ports_random_vs_reference_wide (TcpFixture *f, gconstpointer data)
{
  /* 4,500 ports, 71 words of 64: a summary word's 64 full words are
   * skipped at once. */
  ports_random (f, 41000, 45499, 1, 10, 9000);
}

static void
test_ports_bad_range (TcpFixture *f, gconstpointer data)
{
  /* The parser refuses these; a profile from the C API may hold them. */
  TcpError err;
  f->stack->profile.port_lo = 0;
  f->stack->profile.port_hi = 1;
  f->stack->next_port = 1;
  TcpConn *conn = port_connect (f, TF_SERVER_PORT, &err);
  g_assert_cmpuint (tcp_conn_local_port (conn), ==, 1);
  g_assert_null (port_connect (f, TF_SERVER_PORT, &err));
  g_assert_cmpint (err, ==, TCP_EADDRNOTAVAIL);
  f->stack->profile.port_lo = 60000;
  f->stack->profile.port_hi = 59999;
  g_assert_null (port_connect (f, TF_SERVER_PORT + 1, &err));
  g_assert_cmpint (err, ==, TCP_EADDRNOTAVAIL);
  f->next_sent = f->sent->len;
}

/* ---- the data path: receive buffer, window, per-stack behaviours ------------ */

/* The last segment the stack sent (a builder has asserted it). */
static const TcpSegment *
last_sent (TcpFixture *f)
{
  g_assert_cmpuint (f->sent->len, >, 0);
  return &g_array_index (f->sent, TfSent, f->sent->len - 1).seg;
}

static void
test_data_window_rounded_linux (TcpFixture *f, gconstpointer data)
{
  /* The SYN offered 64240 with window scale 10: Linux advertises it as
   * ALIGN(64240, 1024) >> 10 = 63 (__tcp_select_window). */
  tf_build_established (f);
  g_assert_cmpuint (last_sent (f)->win, ==, 63);
  g_assert_cmpuint (tcp_rcv_window (f->conn), ==, 63u << 10);
}

static void
test_data_window_truncated (TcpFixture *f, gconstpointer data)
{
  /* win_round off: 64240 >> 10 = 62, and the edge is what was said. */
  f->stack->profile.win_round = FALSE;
  tf_build_established (f);
  g_assert_cmpuint (last_sent (f)->win, ==, 62);
  g_assert_cmpuint (tcp_rcv_window (f->conn), ==, 62u << 10);
}

static void
test_data_queued_on_final_ack (TcpFixture *f, gconstpointer data)
{
  /* data_on_final_ack (BSD, INET, RFC 9293 §3.10.7.3 "MAY"): the data
   * queued in SYN-SENT is the handshake's final ACK; no bare ACK. */
  f->stack->profile.data_on_final_ack = TRUE;
  tf_build_syn_sent (f);
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_quiet (f);
  tf_run_until (f, TF_RTT);
  TcpSegment synack = tf_peer_synack ();
  tf_inject (f, &synack);
  tf_assert_sent (f, TF_RTT, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->established, ==, 1);
}

static void
test_data_final_ack_without_data (TcpFixture *f, gconstpointer data)
{
  /* data_on_final_ack with nothing queued: the bare ACK as usual. */
  f->stack->profile.data_on_final_ack = TRUE;
  tf_build_established (f);
}

/* An initial window of one segment keeps the tail of a 2000-byte send
 * unsent until the first segment is acknowledged; close() queues the FIN
 * behind it.  Returns at 300 ms, the ACK injected. */
static void
fin_behind_unsent_data (TcpFixture *f)
{
  f->stack->profile.init_cwnd = 1;
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  g_assert_cmpint (tcp_send (f->conn, 2000), ==, TCP_OK);
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 1460, TCP_STATE_ESTABLISHED);
  g_assert_cmpint (tcp_close (f->conn), ==, TCP_OK);
  tf_assert_quiet (f);
  tf_assert_state_since (f, TCP_STATE_FIN_WAIT_1, 200 * MS);
  tf_run_until (f, 300 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 1461 });
}

static void
test_data_fin_merged_linux (TcpFixture *f, gconstpointer data)
{
  /* Linux tcp_send_fin: the FIN joins the unsent tail. */
  fin_behind_unsent_data (f);
  tf_assert_sent (f, 300 * MS, TF_PA | TCP_FLAG_FIN, TF_ISS + 1461, TF_IRS + 1, 540,
                  TCP_STATE_FIN_WAIT_1);
  tf_assert_quiet (f);
}

static void
test_data_fin_separate (TcpFixture *f, gconstpointer data)
{
  f->stack->profile.fin_merge = FALSE;
  fin_behind_unsent_data (f);
  tf_assert_sent (f, 300 * MS, TF_PA, TF_ISS + 1461, TF_IRS + 1, 540, TCP_STATE_FIN_WAIT_1);
  tf_assert_sent (f, 300 * MS, TF_FA, TF_ISS + 2001, TF_IRS + 1, 0, TCP_STATE_FIN_WAIT_1);
  tf_assert_quiet (f);
}

static void
test_data_ack_fin_now (TcpFixture *f, gconstpointer data)
{
  /* ack_fin now (BSD TF_ACKNOW, packetdrill's Linux scripts): no wait for
   * the delayed-ACK timer as under linux (test_established_fin_...). */
  f->stack->profile.ack_fin = TCP_ACKFIN_NOW;
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, TF_IRS + 2, 0, TCP_STATE_CLOSE_WAIT);
  tf_run_until (f, 1 * S);
  tf_assert_quiet (f);
  g_assert_cmpuint (f->eofs, ==, 1);
}

static void
test_data_dsack_duplicate_fin_linux (TcpFixture *f, gconstpointer data)
{
  /* CLOSE-WAIT from 200 ms, the FIN ACKed at 240 ms; the peer sends it
   * again: ACK at once with D-SACK [FIN, FIN + 1) (RFC 2883 §4,
   * tcp_send_dupack). */
  tf_build_close_wait (f);
  tf_run_until (f, 300 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  const TcpSegment *s
      = tf_assert_sent (f, 300 * MS, TF_A, TF_ISS + 1, TF_IRS + 2, 0, TCP_STATE_CLOSE_WAIT);
  g_assert_true (s->opts & TCP_OPT_SACK);
  g_assert_cmpuint (s->sack_start, ==, TF_IRS + 1);
  g_assert_cmpuint (s->sack_end, ==, TF_IRS + 2);
  tf_assert_quiet (f);
}

static void
test_data_dsack_duplicate_data_linux (TcpFixture *f, gconstpointer data)
{
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  inject_data (f, 0, 100, TF_PA);
  const TcpSegment *s
      = tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (100), 0, TCP_STATE_ESTABLISHED);
  g_assert_false (s->opts & TCP_OPT_SACK);
  tf_run_until (f, 300 * MS);
  inject_data (f, 0, 100, TF_PA);
  s = tf_assert_sent (f, 300 * MS, TF_A, TF_ISS + 1, RX (100), 0, TCP_STATE_ESTABLISHED);
  g_assert_true (s->opts & TCP_OPT_SACK);
  g_assert_cmpuint (s->sack_start, ==, RX (0));
  g_assert_cmpuint (s->sack_end, ==, RX (100));
  tf_assert_quiet (f);
  g_assert_cmpuint (f->received, ==, 100);
}

static void
test_data_dsack_off (TcpFixture *f, gconstpointer data)
{
  f->stack->profile.dsack = FALSE;
  tf_build_close_wait (f);
  tf_run_until (f, 300 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_FA, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  const TcpSegment *s
      = tf_assert_sent (f, 300 * MS, TF_A, TF_ISS + 1, TF_IRS + 2, 0, TCP_STATE_CLOSE_WAIT);
  g_assert_false (s->opts & TCP_OPT_SACK);
  tf_assert_quiet (f);
}

/* ESTABLISHED at 100 ms (RTO 300 ms after the handshake's 100 ms
 * sample); the peer closes its window at 200 ms and 100 bytes wait. */
static void
zero_window_with_data (TcpFixture *f)
{
  tf_build_established (f);
  tf_run_until (f, 200 * MS);
  tf_inject_win (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  g_assert_cmpint (tcp_send (f->conn, 100), ==, TCP_OK);
  tf_assert_quiet (f);
}

static void
test_data_zero_window_probe_linux (TcpFixture *f, gconstpointer data)
{
  /* Linux: probes <SEQ=SND.UNA-1> without data on the persist timer,
   * RTO 300 ms then doubling: 500 ms, 1.1 s, 2.3 s. */
  zero_window_with_data (f);
  tf_run_until (f, 500 * MS - 1);
  tf_assert_quiet (f);
  tf_run_until (f, 500 * MS);
  tf_assert_sent (f, 500 * MS, TF_A, TF_ISS, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  tf_run_until (f, 600 * MS);
  tf_inject_win (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  tf_run_until (f, 1100 * MS - 1);
  tf_assert_quiet (f);
  tf_run_until (f, 1100 * MS);
  tf_assert_sent (f, 1100 * MS, TF_A, TF_ISS, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  /* The window opens: the data goes at once and the probes stop. */
  tf_run_until (f, 1200 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  tf_assert_sent (f, 1200 * MS, TF_PA, TF_ISS + 1, TF_IRS + 1, 100, TCP_STATE_ESTABLISHED);
  g_assert_false (sim_timer_armed (&f->conn->persist_timer));
  tf_run_until (f, 1300 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 101 });
  tf_run_until (f, 10 * S);
  tf_assert_quiet (f);
}

static void
test_data_zero_window_probe_byte (TcpFixture *f, gconstpointer data)
{
  /* zwp data (RFC 9293 §3.8.6.1): the probe is the first unsent byte.
   * The peer refuses it while its window is zero; when the window opens
   * the data goes from SND.UNA, the probed byte with it. */
  f->stack->profile.zwp = TCP_ZWP_DATA;
  zero_window_with_data (f);
  tf_run_until (f, 500 * MS);
  tf_assert_sent (f, 500 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 1, TCP_STATE_ESTABLISHED);
  tf_run_until (f, 600 * MS);
  tf_inject_win (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  /* Not a duplicate ACK (RFC 5681 §2): no fast retransmit however many. */
  tf_inject_win (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  tf_inject_win (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 1 });
  tf_assert_quiet (f);
  tf_run_until (f, 1100 * MS);
  tf_assert_sent (f, 1100 * MS, TF_A, TF_ISS + 1, TF_IRS + 1, 1, TCP_STATE_ESTABLISHED);
  /* This time the peer takes the byte and opens its window. */
  tf_run_until (f, 1200 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 2 });
  tf_assert_sent (f, 1200 * MS, TF_PA, TF_ISS + 2, TF_IRS + 1, 99, TCP_STATE_ESTABLISHED);
  tf_run_until (f, 1300 * MS);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 101 });
  tf_run_until (f, 10 * S);
  tf_assert_quiet (f);
}

static void
test_data_zero_window_probes_give_up (TcpFixture *f, gconstpointer data)
{
  /* A peer that answers nothing after closing its window: with retries2 3
   * the fourth expiry gives up (Linux tcp_probe_timer: probes_out >=
   * max_probes), ETIMEDOUT without a reset. */
  f->stack->profile.retries2 = 3;
  zero_window_with_data (f);
  tf_run_until (f, 4700 * MS - 1);
  tf_assert_sent (f, 500 * MS, TF_A, TF_ISS, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  tf_assert_sent (f, 1100 * MS, TF_A, TF_ISS, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  tf_assert_sent (f, 2300 * MS, TF_A, TF_ISS, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  tf_run_until (f, 10 * S);
  tf_assert_quiet (f);
  tf_assert_closed (f, 4700 * MS, TCP_ETIMEDOUT);
}

static void
test_data_rcvbuf_fills_and_reopens (TcpFixture *f, gconstpointer data)
{
  /* rfc9293 (no window scaling, delayed ACK 200 ms), a 3000-byte receive
   * buffer, and an application that stops reading. */
  tf_use_profile (f, "rfc9293");
  f->stack->profile.rcvbuf = 3000;
  tf_build_established (f);
  g_assert_cmpuint (last_sent (f)->win, ==, 3000);
  tcp_set_reading (f->conn, FALSE);
  tf_run_until (f, 200 * MS);
  inject_data (f, 0, 1460, TF_A);
  tf_assert_quiet (f);
  /* The second full segment is ACKed at once; 80 bytes are left, less
   * than min(rcvbuf/2, MSS), but the right edge does not move left. */
  tf_run_until (f, 250 * MS);
  inject_data (f, 1460, 1460, TF_A);
  const TcpSegment *s
      = tf_assert_sent (f, 250 * MS, TF_A, TF_ISS + 1, RX (2920), 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpuint (s->win, ==, 80);
  /* 200 bytes where 80 fit: the 80 are taken, the rest is not. */
  tf_run_until (f, 300 * MS);
  inject_data (f, 2920, 200, TF_PA);
  tf_run_until (f, 500 * MS);
  s = tf_assert_sent (f, 500 * MS, TF_A, TF_ISS + 1, RX (3000), 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpuint (s->win, ==, 0);
  g_assert_cmpuint (f->received, ==, 0);
  /* A probe of the closed window is answered with the zero window. */
  tf_run_until (f, 800 * MS);
  inject_data (f, 3000, 1, TF_A);
  s = tf_assert_sent (f, 800 * MS, TF_A, TF_ISS + 1, RX (3000), 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpuint (s->win, ==, 0);
  /* The application reads: everything at once, and a window update. */
  tf_run_until (f, 1 * S);
  tcp_set_reading (f->conn, TRUE);
  s = tf_assert_sent (f, 1 * S, TF_A, TF_ISS + 1, RX (3000), 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpuint (s->win, ==, 3000);
  g_assert_cmpuint (f->received, ==, 3000);
  g_assert_cmpuint (f->received_calls, ==, 1);
  tf_assert_quiet (f);
}

static void
test_data_fin_under_zero_window (TcpFixture *f, gconstpointer data)
{
  /* linux with a 1000-byte buffer: the final ACK offers 1024 (one scale
   * unit, rounded up).  The peer fills it; its bare FIN is still taken
   * (Linux tcp_data_queue), though the window is zero. */
  f->stack->profile.rcvbuf = 1000;
  tf_build_established (f);
  g_assert_cmpuint (last_sent (f)->win, ==, 1);
  tcp_set_reading (f->conn, FALSE);
  tf_run_until (f, 200 * MS);
  inject_data (f, 0, 1024, TF_PA);
  const TcpSegment *s
      = tf_assert_sent (f, 200 * MS, TF_A, TF_ISS + 1, RX (1024), 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpuint (s->win, ==, 0);
  tf_run_until (f, 300 * MS);
  inject_data (f, 1024, 0, TF_FA);
  tf_assert_state_since (f, TCP_STATE_CLOSE_WAIT, 300 * MS);
  tf_run_until (f, 340 * MS);
  s = tf_assert_sent (f, 340 * MS, TF_A, TF_ISS + 1, RX (1025), 0, TCP_STATE_CLOSE_WAIT);
  g_assert_cmpuint (s->win, ==, 0);
  g_assert_cmpuint (f->eofs, ==, 0);
  tf_run_until (f, 1 * S);
  tcp_set_reading (f->conn, TRUE);
  g_assert_cmpuint (f->received, ==, 1024);
  g_assert_cmpuint (f->eofs, ==, 1);
  tf_assert_quiet (f);
}

static void
test_data_mss_cuts_segments (TcpFixture *f, gconstpointer data)
{
  /* mss 536: the SYN offers it and data goes in segments of at most
   * min(536, the peer's 1460); init_cwnd 2 lets two of them out. */
  f->stack->profile.mss = 536;
  f->stack->profile.init_cwnd = 2;
  tf_connect (f);
  const TcpSegment *s = tf_assert_sent (f, 0, TF_S, TF_ISS, 0, 0, TCP_STATE_SYN_SENT);
  g_assert_true (s->opts & TCP_OPT_MSS);
  g_assert_cmpuint (s->mss, ==, 536);
  tf_run_until (f, TF_RTT);
  TcpSegment synack = tf_peer_synack ();
  tf_inject (f, &synack);
  tf_assert_sent (f, TF_RTT, TF_A, TF_ISS + 1, TF_IRS + 1, 0, TCP_STATE_ESTABLISHED);
  g_assert_cmpint (tcp_send (f->conn, 1500), ==, TCP_OK);
  tf_assert_sent (f, TF_RTT, TF_A, TF_ISS + 1, TF_IRS + 1, 536, TCP_STATE_ESTABLISHED);
  tf_assert_sent (f, TF_RTT, TF_A, TF_ISS + 537, TF_IRS + 1, 536, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
  tf_run_until (f, 2 * TF_RTT);
  tf_inject (f, &(TcpSegment) { .flags = TF_A, .seq = TF_IRS + 1, .ack = TF_ISS + 1073 });
  tf_assert_sent (f, 2 * TF_RTT, TF_PA, TF_ISS + 1073, TF_IRS + 1, 428, TCP_STATE_ESTABLISHED);
  tf_assert_quiet (f);
}

static void
test_data_eof_waits_for_read (TcpFixture *f, gconstpointer data)
{
  /* The FIN behind unread data: the application hears of the data and
   * then of the end when it reads. */
  tf_build_established (f);
  tcp_set_reading (f->conn, FALSE);
  tf_run_until (f, 200 * MS);
  inject_data (f, 0, 100, TF_PA | TCP_FLAG_FIN);
  tf_assert_state_since (f, TCP_STATE_CLOSE_WAIT, 200 * MS);
  g_assert_cmpuint (f->received, ==, 0);
  g_assert_cmpuint (f->eofs, ==, 0);
  tf_run_until (f, 240 * MS);
  tf_assert_sent (f, 240 * MS, TF_A, TF_ISS + 1, RX (101), 0, TCP_STATE_CLOSE_WAIT);
  tf_run_until (f, 1 * S);
  tcp_set_reading (f->conn, TRUE);
  g_assert_cmpuint (f->received, ==, 100);
  g_assert_cmpuint (f->eofs, ==, 1);
  /* CLOSE-WAIT receives no more: no window update. */
  tf_assert_quiet (f);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  TEST ("/tcp/closed/connect-sends-syn", test_closed_connect_sends_syn);
  TEST ("/tcp/closed/connect-sends-syn-rfc9293", test_closed_connect_sends_syn_rfc9293);
  for (gsize i = 0; i < G_N_ELEMENTS (closed_cases); i++)
    TEST_ROW (&closed_cases[i], test_closed_segment);

  TEST ("/tcp/listen/syn-sends-synack", test_listen_syn_sends_synack);
  TEST ("/tcp/listen/syn-without-options", test_listen_syn_without_options);
  for (gsize i = 0; i < G_N_ELEMENTS (listen_cases); i++)
    TEST_ROW (&listen_cases[i], test_listen_segment);

  TEST ("/tcp/syn-sent/synack-establishes-and-acks", test_syn_sent_synack_establishes_and_acks);
  for (gsize i = 0; i < G_N_ELEMENTS (syn_sent_cases); i++)
    TEST_ROW (&syn_sent_cases[i], test_syn_sent_segment);
  TEST ("/tcp/syn-sent/syn-simultaneous-open", test_syn_sent_syn_simultaneous_open);
  TEST ("/tcp/syn-sent/close-deletes", test_syn_sent_close_deletes);
  TEST ("/tcp/syn-sent/data-queued-until-established", test_syn_sent_data_queued);
  TEST ("/tcp/syn-sent/syn-retransmit-schedule-linux", test_syn_sent_retransmit_schedule_linux);
  TEST ("/tcp/syn-sent/syn-retransmit-schedule-linux-classic",
        test_syn_sent_retransmit_schedule_linux_classic);
  TEST ("/tcp/syn-sent/syn-retransmit-schedule-rfc9293",
        test_syn_sent_retransmit_schedule_rfc9293);

  TEST ("/tcp/syn-received/ack-establishes", test_syn_received_ack_establishes);
  TEST ("/tcp/syn-received/data-with-ack-establishes", test_syn_received_data_establishes);
  TEST ("/tcp/syn-received/fin-with-ack-to-close-wait", test_syn_received_fin_to_close_wait);
  for (gsize i = 0; i < G_N_ELEMENTS (syn_rcvd_cases); i++)
    TEST_ROW (&syn_rcvd_cases[i], test_syn_received_segment);
  TEST ("/tcp/syn-received/rst-passive-drops", test_syn_received_rst_passive_drops);
  TEST ("/tcp/syn-received/rst-active-refused", test_syn_received_rst_active_refused);
  TEST ("/tcp/syn-received/syn-in-window-returns-to-listen",
        test_syn_received_syn_returns_to_listen);
  TEST ("/tcp/syn-received/dup-syn-resends-synack", test_syn_received_dup_syn_resends_synack);
  TEST ("/tcp/syn-received/close-sends-fin", test_syn_received_close_sends_fin);
  TEST ("/tcp/syn-received/close-then-synack-retransmitted",
        test_syn_received_close_then_synack_retransmitted);
  TEST ("/tcp/syn-received/synack-retransmit-schedule",
        test_syn_received_synack_retransmit_schedule);

  TEST ("/tcp/established/passive", test_established_passive);
  TEST ("/tcp/established/data-acked-quickack", test_established_data_acked_quickack);
  TEST ("/tcp/established/old-data-with-new-fin", test_established_old_data_with_new_fin);
  TEST ("/tcp/established/ooo/ack-opens-window", test_established_ooo_ack_opens_window);
  TEST ("/tcp/established/delayed-ack-after-quickacks",
        test_established_delayed_ack_after_quickacks);
  TEST ("/tcp/established/delayed-ack-rfc9293", test_established_delayed_ack_rfc9293);
  TEST ("/tcp/established/second-full-segment-acked",
        test_established_second_full_segment_acked);
  TEST ("/tcp/established/send-cuts-to-mss", test_established_send_cuts_to_mss);
  for (gsize i = 0; i < G_N_ELEMENTS (estab_cases); i++)
    TEST_ROW (&estab_cases[i], test_established_segment);
  g_test_add ("/tcp/established/ack-of-unsent-rfc9293-gets-ack", TcpFixture, "rfc9293", tf_setup,
              test_ack_of_unsent, tf_teardown);
  g_test_add ("/tcp/established/ack-of-unsent-freebsd-gets-ack", TcpFixture, "freebsd", tf_setup,
              test_ack_of_unsent, tf_teardown);
  TEST ("/tcp/established/fin-to-close-wait", test_established_fin_to_close_wait);
  TEST ("/tcp/established/fin-to-close-wait-rfc9293", test_established_fin_to_close_wait_rfc9293);
  TEST ("/tcp/established/close-sends-fin", test_established_close_sends_fin);
  TEST ("/tcp/established/close-after-data", test_established_close_after_data);
  TEST ("/tcp/established/shutdown-half-close", test_established_shutdown_half_close);
  TEST ("/tcp/established/rto-backoff-and-give-up", test_established_rto_backoff_and_give_up);
  TEST ("/tcp/established/rto-backoff-and-give-up-rfc9293",
        test_established_rto_backoff_and_give_up_rfc9293);
  TEST ("/tcp/established/ack-stops-rexmit", test_established_ack_stops_rexmit);
  TEST ("/tcp/established/rtt-from-timestamps", test_established_rtt_from_timestamps);
  g_test_add ("/tcp/wheel/rto-after-100.75ms-handshake-304ms", TcpFixture, GSIZE_TO_POINTER (100750),
              tf_setup, test_wheel_rto_in_jiffies, tf_teardown);
  g_test_add ("/tcp/wheel/rto-after-100.001ms-handshake-304ms", TcpFixture, GSIZE_TO_POINTER (100001),
              tf_setup, test_wheel_rto_in_jiffies, tf_teardown);
  g_test_add ("/tcp/wheel/rto-after-100ms-handshake-300ms", TcpFixture, GSIZE_TO_POINTER (100000),
              tf_setup, test_wheel_rto_in_jiffies, tf_teardown);
  TEST ("/tcp/exact/rto-after-100.75ms-handshake", test_exact_rto_not_in_jiffies);
  TEST ("/tcp/wheel/linux-rtt-estimator", test_wheel_linux_estimator);
  TEST ("/tcp/established/rfc6298-3s-fallback", test_established_rfc6298_3s_fallback);
  TEST ("/tcp/established/rfc6298-3s-fallback-linux-no-ts",
        test_established_rfc6298_3s_fallback_linux);

  TEST ("/tcp/established/ooo/hole-then-missing-segment", test_ooo_hole_then_missing_segment);
  for (gsize i = 0; i < G_N_ELEMENTS (ooo_order_cases); i++)
    TEST_ROW (&ooo_order_cases[i], test_ooo_order);
  TEST ("/tcp/established/ooo/overlapping-and-duplicate-segments",
        test_ooo_overlap_and_duplicates);
  TEST ("/tcp/established/ooo/fin-held-until-hole-filled", test_ooo_fin_held_until_hole_filled);
  TEST ("/tcp/established/ooo/lone-fin-held-rfc9293", test_ooo_lone_fin_held_rfc9293);
  TEST ("/tcp/established/ooo/fin-below-held-data-wins", test_ooo_fin_lower_than_held_data);
  TEST ("/tcp/established/ooo/in-order-fin-discards-held", test_ooo_in_order_fin_discards_held);
  TEST ("/tcp/established/ooo/beyond-window", test_ooo_beyond_window);
  TEST ("/tcp/established/ooo/queue-bounded-by-window", test_ooo_queue_bounded);
  TEST ("/tcp/established/ooo/reset-forgets-held", test_ooo_reset_forgets_held);
  TEST ("/tcp/established/ooo/freed-with-ranges-held", test_ooo_freed_with_ranges_held);
  TEST ("/tcp/fin-wait-1/ooo-fin-held-to-closing", test_ooo_fin_wait_1_fin_held_to_closing);
  TEST ("/tcp/fin-wait-2/ooo-fin-held-to-time-wait", test_ooo_fin_wait_2_fin_held);

  TEST ("/tcp/fin-wait-1/ack-to-fin-wait-2", test_fin_wait_1_ack_to_fin_wait_2);
  TEST ("/tcp/fin-wait-1/fin-to-closing", test_fin_wait_1_fin_to_closing);
  TEST ("/tcp/fin-wait-1/finack-to-time-wait", test_fin_wait_1_finack_to_time_wait);
  TEST ("/tcp/fin-wait-1/fin-retransmitted", test_fin_wait_1_fin_retransmitted);
  TEST ("/tcp/fin-wait-1/orphan-gives-up-after-8-retries", test_fin_wait_1_orphan_gives_up);
  TEST ("/tcp/fin-wait-1/shutdown-gives-up-after-retries2",
        test_fin_wait_1_shutdown_gives_up_after_retries2);

  TEST ("/tcp/fin-wait-2/fin-to-time-wait", test_fin_wait_2_fin_to_time_wait);
  TEST ("/tcp/fin-wait-2/data-acked", test_fin_wait_2_data_acked);
  TEST ("/tcp/fin-wait-2/orphan-timeout", test_fin_wait_2_orphan_timeout);
  TEST ("/tcp/fin-wait-2/close-after-shutdown-timeout",
        test_fin_wait_2_close_after_shutdown_timeout);
  TEST ("/tcp/fin-wait-2/no-timeout-rfc9293", test_fin_wait_2_no_timeout_rfc9293);

  TEST ("/tcp/close-wait/close-to-last-ack", test_close_wait_close_to_last_ack);
  TEST ("/tcp/close-wait/close-piggybacks-ack", test_close_wait_close_piggybacks_ack);
  TEST ("/tcp/close-wait/send-allowed", test_close_wait_send_allowed);
  TEST ("/tcp/close-wait/fin-again-gets-ack", test_close_wait_fin_again_gets_ack);

  TEST ("/tcp/closing/ack-to-time-wait", test_closing_ack_to_time_wait);
  TEST ("/tcp/closing/fin-retransmitted", test_closing_fin_retransmitted);

  TEST ("/tcp/last-ack/ack-closes", test_last_ack_ack_closes);
  TEST ("/tcp/last-ack/fin-retransmitted", test_last_ack_fin_retransmitted);

  TEST ("/tcp/time-wait/expires-after-60s", test_time_wait_expires_after_60s);
  TEST ("/tcp/time-wait/expires-after-240s-rfc9293", test_time_wait_expires_rfc9293);
  TEST ("/tcp/time-wait/fin-reacked-and-restarts", test_time_wait_fin_reacked_and_restarts);
  TEST ("/tcp/time-wait/new-syn-reopens", test_time_wait_new_syn_reopens);
  TEST ("/tcp/time-wait/record/fin-reacked", test_time_wait_record_fin_reacked);
  TEST ("/tcp/time-wait/record/new-syn-reopens", test_time_wait_record_new_syn_reopens);
  TEST ("/tcp/time-wait/record/old-syn-gets-ack", test_time_wait_record_old_syn_gets_ack);
  TEST ("/tcp/time-wait/record/rst", test_time_wait_record_rst);
  TEST ("/tcp/time-wait/record/rst-ignored-rfc9293", test_time_wait_record_rst_ignored_rfc9293);
  TEST ("/tcp/time-wait/record/not-while-held", test_time_wait_record_not_while_held);
  TEST ("/tcp/time-wait/old-syn-gets-ack", test_time_wait_old_syn_gets_ack);
  TEST ("/tcp/time-wait/rst-ignored-rfc9293", test_time_wait_rst_ignored_rfc9293);


  for (gsize i = 0; i < G_N_ELEMENTS (reset_cases); i++)
    TEST_ROW (&reset_cases[i], test_reset_arrives);
  for (gsize i = 0; i < G_N_ELEMENTS (abort_cases); i++)
    TEST_ROW (&abort_cases[i], test_abort);
  for (gsize i = 0; i < G_N_ELEMENTS (call_cases); i++)
    TEST_ROW (&call_cases[i], test_user_call_refused);

  TEST ("/tcp/profile/every-value-has-a-source", test_profile_every_value_has_a_source);
  TEST ("/tcp/profile/values", test_profile_values);
  TEST ("/tcp/profile/linux-model-timeout", test_profile_linux_model_timeout);
  for (gsize i = 0; i < G_N_ELEMENTS (schedule_cases); i++)
    TEST_ROW (&schedule_cases[i], test_schedule);
  for (gsize i = 0; i < G_N_ELEMENTS (giveup_cases); i++)
    TEST_ROW (&giveup_cases[i], test_give_up);
  TEST ("/tcp/give-up/linux-by-time", test_give_up_linux_by_time);

  TEST ("/tcp/fast-retransmit/third-dupack-partial-and-full-ack", test_fastrexmit_third_dupack);
  TEST ("/tcp/fast-retransmit/window-update-is-not-dup", test_fastrexmit_window_update_is_not_dup);
  TEST ("/tcp/fast-retransmit/none-in-rfc793", test_fastrexmit_none_in_rfc793);
  TEST ("/tcp/fast-retransmit/not-after-rto-for-old-data", test_fastrexmit_not_after_rto_for_old_data);
  TEST ("/tcp/tlp/several-in-flight", test_tlp_several_in_flight);
  TEST ("/tcp/tlp/new-data-beyond-cwnd", test_tlp_new_data_beyond_cwnd);
  TEST ("/tcp/tlp/without-rtt-sample", test_tlp_without_rtt_sample);
  TEST ("/tcp/tlp/ack-ends-episode", test_tlp_ack_ends_episode);
  TEST ("/tcp/tlp/off-freebsd", test_tlp_off_freebsd);

  TEST ("/tcp/extreme/time-wait-never-ends", test_extreme_time_wait_never_ends);
  TEST ("/tcp/extreme/time-wait-just-fits", test_extreme_time_wait_just_fits);
  TEST ("/tcp/extreme/fin-wait-2-timeout-never", test_extreme_fin_wait_2_timeout_never);
  TEST ("/tcp/extreme/keepalive-idle-never", test_extreme_keepalive_idle_never);
  TEST ("/tcp/extreme/keepalive-intvl-never", test_extreme_keepalive_intvl_never);
  TEST ("/tcp/extreme/keepalive-intvl-zero-one-tick", test_extreme_keepalive_intvl_zero_one_tick);
  TEST ("/tcp/extreme/keepalive-idle-zero-data-in-flight",
        test_extreme_keepalive_idle_zero_data_in_flight);
  TEST ("/tcp/extreme/delack-never", test_extreme_delack_never);
  TEST ("/tcp/extreme/syn-rto-never", test_extreme_syn_rto_never);
  TEST ("/tcp/extreme/syn-time-limit-huge", test_extreme_syn_time_limit_huge);
  TEST ("/tcp/knob/user-timeout/syn-sent", test_knob_user_timeout_syn_sent);
  TEST ("/tcp/knob/user-timeout/shorter-than-rto", test_knob_user_timeout_shorter_than_rto);
  TEST ("/tcp/knob/user-timeout/data", test_knob_user_timeout_data);
  TEST ("/tcp/knob/user-timeout/closed-refused", test_knob_user_timeout_closed_refused);
  TEST ("/tcp/knob/user-timeout/keepalive", test_knob_user_timeout_keepalive);
  for (gsize i = 0; i < G_N_ELEMENTS (rtt_cases); i++)
    g_test_add (rtt_cases[i].path, TcpFixture, &rtt_cases[i], tf_setup,
                test_knob_rtt_from_handshake, tf_teardown);
  TEST ("/tcp/knob/simopen-ack-off", test_knob_simopen_ack_off);
  TEST ("/tcp/knob/dup-syn/synack-keep-ns3", test_knob_dup_syn_keep_ns3);
  TEST ("/tcp/knob/dup-syn/ignore", test_knob_dup_syn_ignore);
  for (gsize i = 0; i < G_N_ELEMENTS (syn_limit_cases); i++)
    g_test_add (syn_limit_cases[i].path, TcpFixture, &syn_limit_cases[i], tf_setup,
                test_knob_syn_time_limit, tf_teardown);
  TEST ("/tcp/knob/synack-time-limit", test_knob_synack_time_limit);
  TEST ("/tcp/knob/rfc5961-off", test_knob_rfc5961_off);
  TEST ("/tcp/extreme/rto-backoff-saturates", test_extreme_rto_backoff_saturates);
  TEST ("/tcp/extreme/tlp-capped-by-rto", test_extreme_tlp_capped_by_rto);
  TEST ("/tcp/extreme/rtt-sample-huge", test_extreme_rtt_sample_huge);
  TEST ("/tcp/ports/exhausted-sequence", test_ports_exhausted_sequence);
  TEST ("/tcp/ports/random-vs-reference", test_ports_random_vs_reference);
  TEST ("/tcp/ports/random-vs-reference-wide", test_ports_random_vs_reference_wide);
  TEST ("/tcp/ports/bad-range", test_ports_bad_range);

  TEST ("/tcp/keepalive/dead-peer-linux", test_keepalive_dead_peer_linux);
  TEST ("/tcp/keepalive/live-peer-answers", test_keepalive_live_peer_answers);
  TEST ("/tcp/keepalive/off-by-default-linux", test_keepalive_off_by_default_linux);
  TEST ("/tcp/keepalive/on-for-all-freebsd", test_keepalive_on_for_all_freebsd);
  TEST ("/tcp/keepalive/deferred-by-data", test_keepalive_deferred_by_data);
  TEST ("/tcp/keepalive/inherited-from-listener", test_keepalive_inherited_from_listener);

  TEST ("/tcp/challenge-ack/ratelimit-linux", test_challenge_ack_ratelimit_linux);
  TEST ("/tcp/challenge-ack/ratelimit-macos", test_challenge_ack_ratelimit_macos);
  TEST ("/tcp/challenge-ack/unlimited-windows", test_challenge_ack_unlimited_windows);
  TEST ("/tcp/established/rst-in-window-resets-rfc793", test_rst_in_window_resets_rfc793);
  TEST ("/tcp/established/syn-in-window-resets-rfc793", test_syn_in_window_resets_rfc793);
  TEST ("/tcp/syn-received/dup-syn-ratelimited-linux", test_syn_received_dup_syn_ratelimited_linux);
  TEST ("/tcp/syn-received/dup-syn-restarts-freebsd", test_syn_received_dup_syn_restarts_freebsd);
  TEST ("/tcp/syn-received/dup-syn-ack-rfc793", test_syn_received_dup_syn_ack_rfc793);

  TEST ("/tcp/listen/lazy-accept", test_listen_lazy_accept);
  TEST ("/tcp/listen/lazy-accept-reset-while-queued", test_listen_lazy_accept_reset_while_queued);
  TEST ("/tcp/listen/auto-accept-drains-queue", test_listen_auto_accept_drains_queue);
  TEST ("/tcp/listen/acceptq-full-ack-ignored-linux", test_listen_acceptq_full_ack_ignored_linux);
  TEST ("/tcp/listen/acceptq-full-abort-on-overflow-linux",
        test_listen_acceptq_full_abort_on_overflow_linux);
  TEST ("/tcp/listen/acceptq-full-rst-freebsd", test_listen_acceptq_full_rst_freebsd);
  TEST ("/tcp/listen/acceptq-full-drops-syn-macos", test_listen_acceptq_full_drops_syn_macos);
  TEST ("/tcp/listen/acceptq-full-refuses-syn-windows",
        test_listen_acceptq_full_refuses_syn_windows);
  TEST ("/tcp/listen/synq-full-drops-rfc9293", test_listen_synq_full_drops_rfc9293);
  TEST ("/tcp/listen/synq-full-evicts-macos", test_listen_synq_full_evicts_macos);
  TEST ("/tcp/listen/syn-cookie-linux", test_listen_syn_cookie_linux);
  TEST ("/tcp/listen/syn-cookie-without-timestamps", test_listen_syn_cookie_without_timestamps);
  TEST ("/tcp/listen/syn-cookie-freebsd", test_listen_syn_cookie_freebsd);
  TEST ("/tcp/listen/syn-cookie-forged-gets-rst", test_listen_syn_cookie_forged_gets_rst);
  TEST ("/tcp/listen/syn-cookie-expires", test_listen_syn_cookie_expires);
  TEST ("/tcp/listen/syn-cookie-acceptq-full-linux", test_listen_syn_cookie_acceptq_full_linux);
  TEST ("/tcp/listen/syn-cookie-acceptq-full-freebsd",
        test_listen_syn_cookie_acceptq_full_freebsd);
  TEST ("/tcp/listen/port-in-use", test_listen_port_in_use);
  TEST ("/tcp/names", test_names);

  TEST ("/tcp/crash/server-silent-then-reset", test_crash_server_silent_then_reset);
  TEST ("/tcp/crash/client-discovers-half-open", test_crash_client_discovers_half_open);
  TEST ("/tcp/crash/cancels-timers-and-queues", test_crash_cancels_timers_and_queues);

  for (gsize i = 0; i < G_N_ELEMENTS (simul_cases); i++)
    TEST_ROW (&simul_cases[i], test_simultaneous_open_and_close);
  TEST ("/tcp/time-wait/newer-timestamp-reopens-linux",
        test_time_wait_newer_timestamp_reopens_linux);
  TEST ("/tcp/time-wait/newer-timestamp-ignored-freebsd",
        test_time_wait_newer_timestamp_ignored_freebsd);
  TEST ("/tcp/isn/clock-only-rfc793", test_isn_clock_only_rfc793);
  TEST ("/tcp/isn/hashed-linux", test_isn_hashed_linux);

  TEST ("/tcp/data/window-rounded-linux", test_data_window_rounded_linux);
  TEST ("/tcp/data/window-truncated", test_data_window_truncated);
  TEST ("/tcp/data/queued-on-final-ack", test_data_queued_on_final_ack);
  TEST ("/tcp/data/final-ack-without-data", test_data_final_ack_without_data);
  TEST ("/tcp/data/fin-merged-linux", test_data_fin_merged_linux);
  TEST ("/tcp/data/fin-separate", test_data_fin_separate);
  TEST ("/tcp/data/ack-fin-now", test_data_ack_fin_now);
  TEST ("/tcp/data/dsack-duplicate-fin-linux", test_data_dsack_duplicate_fin_linux);
  TEST ("/tcp/data/dsack-duplicate-data-linux", test_data_dsack_duplicate_data_linux);
  TEST ("/tcp/data/dsack-off", test_data_dsack_off);
  TEST ("/tcp/data/zero-window-probe-linux", test_data_zero_window_probe_linux);
  TEST ("/tcp/data/zero-window-probe-byte", test_data_zero_window_probe_byte);
  TEST ("/tcp/data/zero-window-probes-give-up", test_data_zero_window_probes_give_up);
  TEST ("/tcp/data/rcvbuf-fills-and-reopens", test_data_rcvbuf_fills_and_reopens);
  TEST ("/tcp/data/eof-waits-for-read", test_data_eof_waits_for_read);
  TEST ("/tcp/data/mss-cuts-segments", test_data_mss_cuts_segments);
  TEST ("/tcp/data/fin-under-zero-window", test_data_fin_under_zero_window);

  g_test_add ("/tcp/trace/syn-retry-typed", TcpFixture, NULL, tf_setup, test_trace_syn_retry_typed,
              tf_teardown);
  g_test_add ("/tcp/trace/rto-typed", TcpFixture, NULL, tf_setup, test_trace_rto_typed, tf_teardown);
  g_test_add ("/tcp/trace/reset-reply-typed", TcpFixture, NULL, tf_setup,
              test_trace_reset_reply_typed, tf_teardown);
  return g_test_run ();
}
