/* Connection timers: retransmission (RFC 6298, with the SYN and SYN-ACK
 * schedules, time bounds and give-up rules of the profile), the tail loss
 * probe that shares its timer (RFC 8985 §7), delayed ACK (RFC 9293
 * §3.8.6.3), TIME-WAIT (2·MSL, §3.10.8), the FIN-WAIT-2 timeout of
 * orphaned connections, and keepalive (RFC 1122 §4.2.3.6, RFC 9293
 * §3.8.4).  Every number comes from the profile (tcp_profile.c), and so
 * does the timer model: exact instants, or a Linux kernel's timer wheel
 * (sim/timerwheel.h, docs/linux-behaviour.md, "Timers fire late"). */
#include "tcp/tcp_priv.h"

#include "sim/timerwheel.h"

static void rexmit_fired (Sim *sim, gpointer ctx);
static void delack_fired (Sim *sim, gpointer ctx);
static void wait_fired (Sim *sim, gpointer ctx);
static void keep_fired (Sim *sim, gpointer ctx);

void
tcp_timers_init (TcpConn *conn)
{
  sim_timer_init (&conn->rexmit_timer, rexmit_fired, conn);
  sim_timer_init (&conn->delack_timer, delack_fired, conn);
  sim_timer_init (&conn->wait_timer, wait_fired, conn);
  sim_timer_init (&conn->keep_timer, keep_fired, conn);
  sim_timer_init (&conn->persist_timer, tcp_persist_fired, conn);
}

/* The wait timer serves TIME-WAIT and the FIN-WAIT-2 timeout. */
static TraceTimer
wait_timer_kind (const TcpConn *conn)
{
  return conn->state == TCP_STATE_TIME_WAIT ? TRACE_TIMER_TIME_WAIT : TRACE_TIMER_FIN_WAIT_2;
}

static gboolean
wheel_on (const TcpProfile *p)
{
  return p->timers == TCP_TIMERS_WHEEL && p->hz > 0;
}

/* When a timer armed now for the nominal instant `when` fires: then, or
 * under the wheel model as a kernel's timer armed with
 * sk_reset_timer(jiffies + usecs_to_jiffies(when - now)) fires: the
 * timeout rounded up to whole jiffies, the expiry up to the granularity of
 * the wheel level its distance picks (calc_wheel_index).  Never early. */
SimTime
tcp_stack_fire_time (const TcpStack *stack, SimTime when)
{
  const TcpProfile *p = &stack->profile;
  SimTime now = stack->sim->now;
  if (!wheel_on (p) || when == SIM_TIME_NEVER || when < now)
    return when;
  return sim_wheel_fire (now, when - now, stack->jiffies_phase, p->hz);
}

static SimTime
fire_time (const TcpConn *conn, SimTime when)
{
  return tcp_stack_fire_time (conn->stack, when);
}

/* Every arm of a TCP timer goes through here, so that it is traced and
 * follows the profile's timer model. */
static void
timer_arm (TcpConn *conn, SimTimer *timer, TraceTimer kind, SimTime when)
{
  when = fire_time (conn, when);
  sim_timer_arm (conn->stack->sim, timer, when);
  tcp_trace_timer_arm (conn, kind, when);
}

static void
timer_stop (TcpConn *conn, SimTimer *timer, TraceTimer kind)
{
  if (!sim_timer_armed (timer))
    return;
  sim_timer_cancel (conn->stack->sim, timer);
  tcp_trace_timer_cancel (conn, kind);
}

void
tcp_timers_cancel (TcpConn *conn)
{
  tcp_rexmit_stop (conn);
  tcp_delack_stop (conn);
  tcp_wait_stop (conn);
  timer_stop (conn, &conn->keep_timer, TRACE_TIMER_KEEPALIVE);
  tcp_persist_stop (conn);
}

void
tcp_timers_discard (TcpConn *conn)
{
  Sim *sim = conn->stack->sim;
  sim_timer_cancel (sim, &conn->rexmit_timer);
  sim_timer_cancel (sim, &conn->delack_timer);
  sim_timer_cancel (sim, &conn->wait_timer);
  sim_timer_cancel (sim, &conn->keep_timer);
  sim_timer_cancel (sim, &conn->persist_timer);
  conn->tlp_armed = FALSE;
}

void
tcp_rexmit_stop (TcpConn *conn)
{
  timer_stop (conn, &conn->rexmit_timer, conn->tlp_armed ? TRACE_TIMER_TLP : TRACE_TIMER_REXMIT);
  conn->tlp_armed = FALSE;
}

void
tcp_delack_arm (TcpConn *conn, SimTime after)
{
  timer_arm (conn, &conn->delack_timer, TRACE_TIMER_DELACK, sim_time_add (tcp_now (conn), after));
}

void
tcp_persist_arm (TcpConn *conn, SimTime after)
{
  timer_arm (conn, &conn->persist_timer, TRACE_TIMER_PERSIST, sim_time_add (tcp_now (conn), after));
}

void
tcp_persist_stop (TcpConn *conn)
{
  timer_stop (conn, &conn->persist_timer, TRACE_TIMER_PERSIST);
}

void
tcp_delack_stop (TcpConn *conn)
{
  timer_stop (conn, &conn->delack_timer, TRACE_TIMER_DELACK);
}

void
tcp_wait_stop (TcpConn *conn)
{
  timer_stop (conn, &conn->wait_timer, wait_timer_kind (conn));
}

gboolean
tcp_sending_syn (const TcpConn *conn)
{
  return conn->state == TCP_STATE_SYN_SENT
         || (conn->state == TCP_STATE_SYN_RECEIVED && !conn->passive);
}

static SimTime
current_timeout (const TcpConn *conn)
{
  const TcpProfile *p = tcp_prof (conn);
  if (tcp_sending_syn (conn))
    return tcp_profile_syn_interval (p, conn->retries);
  if (conn->state == TCP_STATE_SYN_RECEIVED)
    return tcp_profile_synack_interval (p, conn->retries);
  /* BSD TCPT_RANGESET adds the slop to every data timeout. */
  return MIN (sim_time_add (conn->rto, p->rto_slop), p->rto_max);
}

/* A handshake bounded by time (FreeBSD and xnu TCPTV_KEEP_INIT) ends at
 * this instant whatever the count; SIM_TIME_NEVER when unbounded. */
static SimTime
handshake_deadline (const TcpConn *conn)
{
  const TcpProfile *p = tcp_prof (conn);
  SimTime bound = 0;
  if (tcp_sending_syn (conn))
    bound = p->syn_time_limit;
  else if (conn->state == TCP_STATE_SYN_RECEIVED)
    bound = p->synack_time_limit;
  return bound > 0 ? sim_time_add (conn->first_tx, bound) : SIM_TIME_NEVER;
}

/* TCP_USER_TIMEOUT (RFC 5482): when the connection gives up, or
 * SIM_TIME_NEVER.  Linux tcp_write_timeout counts from retrans_stamp:
 * the first SYN in SYN-SENT (tcp_connect), the first retransmission of
 * data (tcp_retransmit_skb); and only once a retransmission was made
 * (retransmits_timed_out).  A passive open has no socket yet: its
 * request timer ignores the option (reqsk_timer_handler). */
static SimTime
user_deadline (const TcpConn *conn)
{
  if (conn->user_timeout <= 0 || conn->retries == 0)
    return SIM_TIME_NEVER;
  if (conn->state == TCP_STATE_SYN_RECEIVED && conn->passive)
    return SIM_TIME_NEVER;
  SimTime start = tcp_sending_syn (conn) ? conn->first_tx : conn->retrans_stamp;
  return sim_time_add (start, conn->user_timeout);
}

void
tcp_rexmit_arm (TcpConn *conn)
{
  /* Profile times may be as large as a user likes: a deadline past the
   * end of time saturates to SIM_TIME_NEVER and never fires (sched.h).
   * A timeout of 0 (rto_min, clock_granularity and the path all 0) waits
   * one nanosecond, the clock's own granularity, so that the clock moves
   * between retransmissions. */
  SimTime timeout = MAX (current_timeout (conn), SIM_NS);
  SimTime when = MIN (sim_time_add (tcp_now (conn), timeout), handshake_deadline (conn));
  /* tcp_clamp_rto_to_user_timeout(): the timer fires when the user
   * timeout runs out (at the soonest one tick of the clock from now). */
  when = MIN (when, MAX (user_deadline (conn), sim_time_add (tcp_now (conn), SIM_NS)));
  conn->tlp_armed = FALSE;
  /* Nominal, as Linux's tcp_rto_delta_us() that bounds a probe. */
  conn->rto_deadline = when;
  timer_arm (conn, &conn->rexmit_timer, TRACE_TIMER_REXMIT, when);
}

/* Linux tcp_schedule_loss_probe(): one probe per tail-loss episode, for a
 * SACK connection not in loss recovery; PTO = 2·SRTT plus rto_min when a
 * single segment is in flight (for the peer's delayed ACK) or tlp_min
 * otherwise, tlp_no_rtt without a sample; never later than the RTO. */
void
tcp_tlp_schedule (TcpConn *conn)
{
  const TcpProfile *p = tcp_prof (conn);
  if (!p->tlp || !conn->sack_ok || conn->retries > 0 || conn->tlp_out || conn->in_recovery
      || conn->snd_una == conn->snd_max || conn->snd_una == conn->iss)
    return;
  if (!sim_timer_armed (&conn->rexmit_timer))
    return;
  SimTime pto = p->tlp_no_rtt;
  if (conn->have_rtt)
    {
      gboolean one = seq_geq (conn->snd_una, conn->last_seg_seq);
      pto = sim_time_add (sim_time_mul (conn->srtt, 2), one ? p->rto_min : p->tlp_min);
    }
  /* Linux clamps the probe to the RTO only while that is ahead
   * (rto_delta_us > 0): on the wheel an RTO may fire after its nominal
   * deadline, and a probe scheduled in between is not clamped. */
  SimTime when = sim_time_add (tcp_now (conn), pto);
  if (conn->rto_deadline > tcp_now (conn))
    when = MIN (when, conn->rto_deadline);
  conn->tlp_armed = TRUE;
  timer_arm (conn, &conn->rexmit_timer, TRACE_TIMER_TLP, when);
}

static SimTime
rto_from_estimate (const TcpConn *conn)
{
  /* RFC 6298 §2.3: RTO = SRTT + max(G, K·RTTVAR), K = 4, at least rto_min
   * (§2.4), at most rto_max (§2.5).  Linux bounds the variance term by
   * rto_min instead of the sum (__tcp_set_rto, tcp_rtt_estimator). */
  const TcpProfile *p = tcp_prof (conn);
  SimTime var = MAX (p->clock_granularity, sim_time_mul (conn->rttvar, 4));
  SimTime rto;
  if (p->rto_min_on_var)
    rto = sim_time_add (conn->srtt, MAX (var, p->rto_min));
  else
    rto = MAX (p->rto_min, sim_time_add (conn->srtt, var));
  /* Linux keeps the RTO in jiffies: __tcp_set_rto() is usecs_to_jiffies()
   * of srtt + rttvar, rounded up (100.75 ms RTT: 300.75 ms, 76 jiffies =
   * 304 ms at HZ = 250); the backoff doubles whole jiffies. */
  if (wheel_on (p))
    rto = sim_wheel_from_jiffies (sim_wheel_to_jiffies (MIN (rto, p->rto_max), p->hz), p->hz);
  return MIN (rto, p->rto_max);
}

/* Linux's tcp_rtt_estimator() and __tcp_set_rto(), in its integer
 * microseconds, for the kernel model (timers wheel with the Linux RTO
 * form).  Unlike RFC 6298 the variance term is the largest mdev of the
 * last RTT, at least rto_min, decaying by a quarter of the excess once an
 * RTT; a sample below SRTT moves mdev an eighth as much. */
static void
linux_rtt_estimator (TcpConn *conn, SimTime r)
{
  const TcpProfile *p = tcp_prof (conn);
  /* tcp_rto_min_us(): jiffies_to_usecs (tcp_rto_min ()). */
  gint64 rto_min_us = sim_wheel_from_jiffies (sim_wheel_to_jiffies (p->rto_min, p->hz), p->hz) / SIM_US;
  gint64 m = r / SIM_US;
  gint64 srtt = conn->lx_srtt8;
  if (srtt != 0)
    {
      m -= srtt >> 3;            /* the error of the estimate */
      srtt += m;                 /* 7/8 srtt + 1/8 sample */
      if (m < 0)
        {
          m = -m;
          m -= conn->lx_mdev >> 2;
          if (m > 0)
            m >>= 3;
        }
      else
        m -= conn->lx_mdev >> 2;
      conn->lx_mdev += m;        /* 3/4 mdev + 1/4 |error| */
      if (conn->lx_mdev > conn->lx_mdev_max)
        {
          conn->lx_mdev_max = conn->lx_mdev;
          conn->lx_rttvar = MAX (conn->lx_rttvar, conn->lx_mdev_max);
        }
      if (seq_gt (conn->snd_una, conn->lx_rtt_seq))
        {
          if (conn->lx_mdev_max < conn->lx_rttvar)
            conn->lx_rttvar -= (conn->lx_rttvar - conn->lx_mdev_max) >> 2;
          conn->lx_rtt_seq = conn->snd_nxt;
          conn->lx_mdev_max = rto_min_us;
        }
    }
  else
    {
      srtt = m << 3;             /* the first sample */
      conn->lx_mdev = m << 1;    /* RTO = 3 · RTT */
      conn->lx_rttvar = MAX (conn->lx_mdev, rto_min_us);
      conn->lx_mdev_max = conn->lx_rttvar;
      conn->lx_rtt_seq = conn->snd_nxt;
    }
  conn->lx_srtt8 = MAX (1, srtt);
  conn->srtt = sim_time_mul (conn->lx_srtt8 >> 3, SIM_US);
  conn->rttvar = sim_time_mul (conn->lx_mdev >> 2, SIM_US);
  conn->have_rtt = TRUE;
  SimTime rto = sim_time_mul ((conn->lx_srtt8 >> 3) + conn->lx_rttvar, SIM_US);
  rto = sim_wheel_from_jiffies (sim_wheel_to_jiffies (MIN (rto, p->rto_max), p->hz), p->hz);
  conn->rto = MIN (rto, p->rto_max); /* tcp_bound_rto() */
}

void
tcp_rtt_sample (TcpConn *conn, SimTime r)
{
  if (r < 0)
    return;
  if (wheel_on (tcp_prof (conn)) && tcp_prof (conn)->rto_min_on_var)
    {
      linux_rtt_estimator (conn, r);
      return;
    }
  if (!conn->have_rtt)
    {
      /* §2.2: the first measurement. */
      conn->srtt = r;
      conn->rttvar = r / 2;
      conn->have_rtt = TRUE;
    }
  else
    {
      /* §2.3: alpha = 1/8, beta = 1/4.  Saturating: a link delay of
       * centuries gives samples whose weighted sums overflow. */
      SimTime delta = conn->srtt > r ? conn->srtt - r : r - conn->srtt;
      conn->rttvar = sim_time_add (sim_time_mul (conn->rttvar, 3), delta) / 4;
      conn->srtt = sim_time_add (sim_time_mul (conn->srtt, 7), r) / 8;
    }
  conn->rto = rto_from_estimate (conn);
}

/* A handshake timeout: give up on the time bound or the count, else send
 * the SYN (or SYN-ACK) again with the next interval. */
static void
handshake_timeout (TcpConn *conn)
{
  const TcpProfile *p = tcp_prof (conn);
  gboolean syn = tcp_sending_syn (conn);
  guint limit = syn ? tcp_profile_syn_limit (p) : tcp_profile_synack_limit (p);
  /* A passive open is forgotten silently (Linux reqsk_timer_handler,
   * FreeBSD syncache_timer: no RST); connect() fails with ETIMEDOUT
   * (RFC 1122 §4.2.3.5 R2 for a SYN; Linux tcp_write_timeout, FreeBSD
   * tcp_timer_keep in SYN-SENT). */
  TcpError err = conn->passive ? TCP_OK : TCP_ETIMEDOUT;
  /* Linux tcp_write_timeout: the count first, then the user timeout. */
  if (conn->retries < limit && tcp_now (conn) >= user_deadline (conn))
    {
      tcp_trace_fire (conn, TRACE_FIRE_USER_TIMEOUT, conn->retries, conn->user_timeout);
      tcp_conn_terminate (conn, err);
      return;
    }
  if (tcp_now (conn) >= handshake_deadline (conn))
    {
      tcp_trace_fire (conn, TRACE_FIRE_SYN_GIVEUP_TIME, conn->retries,
                      tcp_now (conn) - conn->first_tx);
      tcp_conn_terminate (conn, err);
      return;
    }
  if (conn->retries >= limit)
    {
      tcp_trace_fire (conn, TRACE_FIRE_SYN_GIVEUP_COUNT, conn->retries, 0);
      tcp_conn_terminate (conn, err);
      return;
    }
  conn->retries++;
  conn->handshake_retransmitted = TRUE;
  conn->rtt_timing = FALSE;
  tcp_trace_fire (conn, TRACE_FIRE_SYN_RETRY, conn->retries, 0);
  tcp_send_syn (conn, TRUE);
  tcp_rexmit_arm (conn);
}

static void
rexmit_fired (Sim *sim, gpointer ctx)
{
  (void) sim;
  TcpConn *conn = ctx;
  const TcpProfile *p = tcp_prof (conn);
  if (conn->tlp_armed)
    {
      /* Linux tcp_send_loss_probe(): the probe does not count as a
       * retransmission; the RTO restarts from now (tcp_rearm_rto). */
      conn->tlp_armed = FALSE;
      tcp_trace_fire (conn, TRACE_FIRE_TLP, 0, 0);
      tcp_send_loss_probe (conn);
      tcp_rexmit_arm (conn);
      return;
    }
  if (conn->state == TCP_STATE_SYN_SENT || conn->state == TCP_STATE_SYN_RECEIVED)
    {
      handshake_timeout (conn);
      return;
    }

  /* Linux gives an orphaned connection (closed by the user) fewer
   * retransmissions (tcp_orphan_retries, docs/profiles.md); Linux counts
   * them as time since the first retransmission (retransmits_timed_out),
   * the BSDs as a count (TCP_MAXRXTSHIFT). */
  guint limit = conn->orphan && p->orphan_retries > 0 ? p->orphan_retries : p->retries2;
  /* Linux tcp_write_timeout: a user timeout replaces the retries2 (and
   * orphan) limit: retransmits_timed_out (sk, retry_until, user_timeout)
   * looks at the time alone. */
  if (conn->user_timeout > 0)
    {
      if (tcp_now (conn) >= user_deadline (conn))
        {
          tcp_trace_fire (conn, TRACE_FIRE_USER_TIMEOUT, conn->retries, conn->user_timeout);
          tcp_conn_terminate (conn, TCP_ETIMEDOUT);
          return;
        }
    }
  else if (tcp_profile_data_expired (p, conn->retries, limit, tcp_now (conn) - conn->retrans_stamp))
    {
      tcp_trace_fire (conn, TRACE_FIRE_RTO_GIVEUP, conn->retries, 0);
      tcp_conn_terminate (conn, TCP_ETIMEDOUT);
      return;
    }
  /* RFC 6298 §5.4-5.6: retransmit the earliest unacknowledged segment,
   * double the RTO (bounded by the maximum), restart the timer. */
  if (conn->retries == 0)
    conn->retrans_stamp = tcp_now (conn);
  conn->retries++;
  conn->tlp_out = FALSE; /* Linux tcp_retransmit_timer: tlp_high_seq = 0 */
  /* From at least 1 ns, so that an RTO of 0 (G = 0 and a zero-delay
   * path, RFC 6298 §2.3) backs off too instead of staying 0. */
  conn->rto = MIN (sim_time_shl (MAX (conn->rto, SIM_NS), 1), p->rto_max);
  tcp_trace_fire (conn, TRACE_FIRE_RTO, conn->retries, current_timeout (conn));
  tcp_retransmit_head (conn);
  tcp_rexmit_arm (conn);
}

static void
delack_fired (Sim *sim, gpointer ctx)
{
  (void) sim;
  TcpConn *conn = ctx;
  tcp_trace_fire (conn, TRACE_FIRE_DELACK, 0, 0);
  tcp_send_ack (conn);
}

void
tcp_wait_arm (TcpConn *conn, SimTime after)
{
  timer_arm (conn, &conn->wait_timer, wait_timer_kind (conn), sim_time_add (tcp_now (conn), after));
}

static void
wait_fired (Sim *sim, gpointer ctx)
{
  (void) sim;
  TcpConn *conn = ctx;
  if (conn->state == TCP_STATE_TIME_WAIT)
    tcp_trace_fire (conn, TRACE_FIRE_TIME_WAIT, 0, 0);
  else
    tcp_trace_fire (conn, TRACE_FIRE_FIN_WAIT_2, 0, 0);
  tcp_conn_terminate (conn, TCP_OK);
}

void
tcp_keepalive_arm (TcpConn *conn, SimTime after)
{
  timer_arm (conn, &conn->keep_timer, TRACE_TIMER_KEEPALIVE, sim_time_add (tcp_now (conn), after));
}

static gboolean
keepalive_state (TcpState s)
{
  /* Linux tcp_keepalive_timer: every state but CLOSED, LISTEN and
   * SYN-SENT (SYN-RECEIVED has its own timer, TIME-WAIT a mini-socket). */
  return s == TCP_STATE_ESTABLISHED || s == TCP_STATE_CLOSE_WAIT || s == TCP_STATE_FIN_WAIT_1
         || s == TCP_STATE_FIN_WAIT_2 || s == TCP_STATE_CLOSING || s == TCP_STATE_LAST_ACK;
}

/* The delay of a keepalive re-arm from keep_fired(): a 0 idle time or
 * interval would re-arm for the instant it fires at, for ever while data
 * is in flight.  Linux keepalive timers count jiffies
 * (inet_csk_reset_keepalive_timer: a delay of 0 fires at the next tick),
 * so at least one tick of the profile's clock (clock_granularity, or
 * 1 ns when that is 0). */
static SimTime
keep_rearm_delay (const TcpProfile *p, SimTime delay)
{
  return MAX (delay, MAX (p->clock_granularity, SIM_NS));
}

/* RFC 1122 §4.2.3.6: after keepalive_idle without a segment from the
 * peer, a probe every keepalive_intvl; keepalive_probes unanswered ones
 * mean a dead peer (Linux tcp_keepalive_timer, FreeBSD tcp_timer_keep:
 * reset and ETIMEDOUT at idle + probes·interval). */
static void
keep_fired (Sim *sim, gpointer ctx)
{
  (void) sim;
  TcpConn *conn = ctx;
  const TcpProfile *p = tcp_prof (conn);
  if (!conn->keepalive || !keepalive_state (conn->state))
    return;
  /* Data in flight or waiting: the retransmission timer watches the
   * peer (Linux: packets_out or a send queue defers the probe). */
  if (conn->snd_una != conn->snd_max || seq_lt (conn->snd_max, conn->snd_end))
    {
      tcp_keepalive_arm (conn, keep_rearm_delay (p, p->keepalive_idle));
      return;
    }
  SimTime idle = tcp_now (conn) - conn->last_rcv;
  if (idle < p->keepalive_idle)
    {
      tcp_keepalive_arm (conn, p->keepalive_idle - idle);
      return;
    }
  /* Linux tcp_keepalive_timer: with TCP_USER_TIMEOUT set, the peer is
   * dead once a probe has gone out and the idle time has reached the user
   * timeout, whatever keepalive_probes says. */
  gboolean dead = conn->user_timeout > 0
                    ? conn->keepalive_out > 0 && idle >= conn->user_timeout
                    : conn->keepalive_out >= p->keepalive_probes;
  if (dead)
    {
      tcp_trace_fire (conn, TRACE_FIRE_KEEPALIVE_GIVEUP, conn->keepalive_out, 0);
      tcp_send_rst (conn);
      tcp_conn_terminate (conn, TCP_ETIMEDOUT);
      return;
    }
  conn->keepalive_out++;
  tcp_trace_fire (conn, TRACE_FIRE_KEEPALIVE_PROBE, conn->keepalive_out, 0);
  tcp_send_keepalive (conn);
  tcp_keepalive_arm (conn, keep_rearm_delay (p, p->keepalive_intvl));
}

void
tcp_conn_set_keepalive (TcpConn *conn, gboolean on)
{
  conn->keepalive = on;
  if (!on)
    timer_stop (conn, &conn->keep_timer, TRACE_TIMER_KEEPALIVE);
  else if (keepalive_state (conn->state))
    tcp_keepalive_arm (conn, tcp_prof (conn)->keepalive_idle); /* Linux sock_set_keepalive */
}
