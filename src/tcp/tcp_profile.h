/* OS profiles: every number that differs between TCP stacks lives here,
 * and nowhere in the state machine.  Values are in tcp_profile.c, each
 * with its source as data (tcp_profile_source()), so that `tcpsim
 * profiles` can print them side by side; docs/profiles.md is
 * the table they come from.
 *
 * The state machine never asks which OS it runs: it follows rules whose
 * parameters are here (a retransmission schedule is a base, a flat phase,
 * doubling, a slop, a cap, a count and a time bound; a give-up is a count
 * or Linux's time model; an overflow is an action).  The field names of
 * TcpProfile are also the names of scenario host overrides. */
#ifndef TCPSIM_TCP_PROFILE_H
#define TCPSIM_TCP_PROFILE_H

#include <glib.h>

#include "sim/simtime.h"

/* What a stack does with a duplicate SYN (one that repeats the peer's ISN)
 * arriving in a passive SYN-RECEIVED. */
typedef enum
{
  TCP_DUPSYN_ACK,            /* fails the sequence check: ACK (RFC 793) */
  TCP_DUPSYN_CHALLENGE_ACK,  /* challenge ACK (RFC 9293 §3.10.7.4, RFC 5961 §4) */
  TCP_DUPSYN_RESEND_SYNACK,  /* SYN-ACK at once, timer re-armed with the
                                current interval, count kept (Linux) */
  TCP_DUPSYN_RESEND_RESTART, /* SYN-ACK at once, retry count reset, schedule
                                restarts (FreeBSD syncache_add) */
  TCP_DUPSYN_RESEND_KEEP,    /* SYN-ACK at once, counted as a retransmission,
                                the running timer kept (ns-3 ProcessSynRcvd) */
  TCP_DUPSYN_IGNORE,         /* dropped without an answer */
  TCP_DUPSYN_COUNT
} TcpDupSynPolicy;

/* When data or FIN retransmissions give up. */
typedef enum
{
  TCP_GIVEUP_COUNT,      /* after retries2 (or orphan_retries) retransmissions */
  TCP_GIVEUP_MODEL_TIME, /* when the time since the first retransmission
                            reaches what that many backoffs from rto_min
                            take (Linux retransmits_timed_out,
                            tcp_model_timeout) */
  TCP_GIVEUP_COUNT_KINDS
} TcpGiveUpRule;

/* What a listener does when a queue is full. */
typedef enum
{
  TCP_OVERFLOW_NONE, /* no limit is applied at this point */
  TCP_OVERFLOW_DROP, /* the segment is dropped silently */
  TCP_OVERFLOW_RST,  /* the segment is answered with a reset */
  TCP_OVERFLOW_COUNT
} TcpOverflowAction;

typedef enum
{
  TCP_SYNQ_DROP,    /* the new SYN is dropped */
  TCP_SYNQ_COOKIES, /* a stateless SYN-ACK (SYN cookie) */
  TCP_SYNQ_EVICT,   /* the oldest embryonic connection makes room */
  TCP_SYNQ_COUNT
} TcpSynQueuePolicy;

/* When a timer fires (docs/linux-behaviour.md, "Timers fire late"). */
typedef enum
{
  TCP_TIMERS_EXACT, /* at its nominal instant */
  TCP_TIMERS_WHEEL, /* as a Linux kernel's: the timeout in whole jiffies,
                       the expiry rounded up on the timer wheel
                       (sim/timerwheel.h), from the host's jiffies phase */
  TCP_TIMERS_COUNT
} TcpTimerModel;

/* How a sender probes a zero window (RFC 9293 §3.8.6.1). */
typedef enum
{
  TCP_ZWP_DATA, /* one byte of new data beyond the window (RFC 9293
                   §3.8.6.1, RFC 1122 §4.2.2.17; BSD tcp_output t_force) */
  TCP_ZWP_ACK,  /* <SEQ=SND.UNA-1><CTL=ACK>, no data (Linux tcp_send_probe0
                   -> tcp_xmit_probe_skb) */
  TCP_ZWP_COUNT
} TcpZwpKind;

/* When the ACK of a FIN arriving in ESTABLISHED is sent. */
typedef enum
{
  TCP_ACKFIN_NOW,     /* at once (BSD TF_ACKNOW, RFC 9293 §3.10.7.4 eighth) */
  TCP_ACKFIN_DELAYED, /* after the delayed-ACK timer (Linux tcp_fin pingpong) */
  TCP_ACKFIN_COUNT
} TcpAckFin;

#define TCP_PROFILE_COOKIE_MSS_MAX 8

/* The largest value of a time field (scenario/scenario.h, SCN_TIME_MAX,
 * says why 10^7 s): every sum of the rules below (a schedule of at most
 * 511 timeouts, cookie_period · cookie_max_age) stays far below 2^63 ns. */
#define TCP_PROFILE_TIME_MAX (10000000 * SIM_S)

typedef struct
{
  const char *name;
  const char *summary;

  /* Retransmission timer (RFC 6298). */
  SimTime rto_initial;
  SimTime rto_min;
  SimTime rto_max;
  gboolean rto_min_on_var;  /* RTO = SRTT + max(4·RTTVAR, rto_min) (Linux)
                               instead of max(rto_min, SRTT + 4·RTTVAR) */
  SimTime clock_granularity; /* G of RFC 6298 §2 */
  SimTime rto_slop;         /* added to every data RTO (BSD tcp_rexmit_slop) */
  SimTime rto_fallback;     /* RFC 6298 §5.7: RTO for data after a retransmitted
                               SYN without an RTT sample; 0 = none */

  /* Timers: exact instants or the Linux timer wheel, ticking hz times a
   * second (the RTO is then kept in whole jiffies, as __tcp_set_rto). */
  TcpTimerModel timers;
  guint hz;

  /* Opening: timeout k (k = 0 first) is the base while k <= linear, then
   * base·2^(k-linear) + slop, at most rto_max. */
  guint syn_linear;         /* SYN timeouts at the initial RTO before doubling */
  guint syn_retries;        /* SYN retransmissions after the flat ones */
  SimTime syn_slop;
  SimTime syn_time_limit;   /* connect() gives up this long after the first
                               SYN whatever the count; 0 = none */
  guint synack_retries;     /* SYN-ACK retransmissions, doubling from rto_initial */
  SimTime synack_time_limit; /* a passive open is dropped this long after
                                its first SYN-ACK; 0 = none */
  TcpDupSynPolicy dup_syn;
  gboolean dup_syn_ratelimited; /* the SYN-ACK for a duplicate SYN goes
                                   through the challenge-ACK limiter */

  /* Listen queues. */
  guint backlog;            /* default listen backlog */
  guint acceptq_pct;        /* accept queue capacity = backlog·pct/100 + extra */
  guint acceptq_extra;
  guint syn_backlog;        /* SYN queue capacity; 0 = the listen backlog */
  TcpOverflowAction acceptq_full_syn; /* a SYN while the accept queue is full */
  TcpOverflowAction acceptq_full_ack; /* a final ACK while it is full */
  gboolean abort_on_overflow; /* Linux tcp_abort_on_overflow: DROP becomes RST */
  TcpSynQueuePolicy synq_full;
  guint16 cookie_mss[TCP_PROFILE_COOKIE_MSS_MAX]; /* MSS values a cookie can encode */
  guint cookie_mss_n;
  SimTime cookie_period;    /* the cookie clock ticks once a period */
  guint cookie_max_age;     /* in periods */

  /* Data and closing. */
  guint retries2;           /* retransmissions of data or FIN before ETIMEDOUT */
  guint orphan_retries;     /* the same once the user has closed, 0 = retries2 */
  TcpGiveUpRule giveup;
  SimTime time_wait;        /* 2·MSL */
  SimTime fin_wait2_timeout; /* orphaned FIN-WAIT-2 lifetime, 0 = none */
  gboolean tw_reuse_syn;    /* a SYN above RCV.NXT reopens TIME-WAIT (RFC 1122 §4.2.2.13) */
  gboolean tw_reuse_ts;     /* … or one with a newer timestamp (RFC 6191) */
  gboolean tw_rst_ignore;   /* an RST does not end TIME-WAIT (RFC 1337) */
  guint tw_isn_gap;         /* a reopened connection's ISN: old SND.NXT + gap */
  gboolean close_unread_rst; /* close() with unread data sends RST (RFC 2525 §2.17) */
  gboolean rst_ack;         /* an abort's RST carries ACK and RCV.NXT (kernels) */
  gboolean rst_win0;        /* … and advertises a zero window (FreeBSD) */
  gboolean ack_unsent_drop; /* an ACK of unsent data is dropped without reply (Linux) */
  gboolean reset_close_wait_epipe; /* a reset in CLOSE-WAIT is EPIPE to the socket (Linux) */
  guint so_rcvbuf;          /* what getsockopt(SO_RCVBUF) reports by default */
  gboolean rcvbuf_mss_round; /* … and the buffer rounded up to the MSS once connected (FreeBSD) */
  gboolean rcv_wnd_from_buffer; /* acceptance within max(advertised, free buffer) (FreeBSD) */
  gboolean ack_resends_fin; /* ACKs carry an unacknowledged FIN again (FreeBSD) */
  gboolean tw_bsd_check;    /* TIME-WAIT answers as FreeBSD's tcp_twcheck() */
  gboolean rst_error_closing; /* a RST in CLOSING or LAST-ACK reports ECONNRESET (kernels) */
  gboolean drop_synfin;     /* SYN+FIN segments are dropped on arrival (FreeBSD sysctl) */
  gboolean listen_synack_drop; /* a SYN-ACK at a listener is dropped, no reset (FreeBSD) */

  /* Tail loss probe (RFC 8985 §7): PTO = 2·SRTT + (one segment in flight ?
   * rto_min : tlp_min), tlp_no_rtt without a sample, never after the RTO
   * deadline. */
  gboolean tlp;
  SimTime tlp_min;
  SimTime tlp_no_rtt;

  /* Acknowledgements. */
  SimTime delack;           /* delayed-ACK timeout, 0 = ACK every segment at once */
  guint quickack;           /* segments ACKed at once at connection start */
  gboolean rfc5961;         /* challenge ACKs for in-window RST and any SYN
                               (RFC 5961 §3-4); off: RFC 793 §3.4/§3.9 */
  guint challenge_ack_limit; /* challenge ACKs per window (RFC 5961 §7), 0 = no limit */
  SimTime challenge_ack_window;

  /* Keepalive (RFC 1122 §4.2.3.6). */
  SimTime keepalive_idle;
  SimTime keepalive_intvl;
  guint keepalive_probes;
  gboolean keepalive_default; /* on for every connection unless turned off */

  /* Options and windows sent in SYN / SYN-ACK (RFC 9293 §3.7.1, RFC 7323,
   * RFC 2018). */
  guint16 mss_default;      /* assumed when the peer sends no MSS option */
  guint16 mss;
  guint16 win_syn, win_synack;
  guint8 wscale;            /* 0xff = no window scale option */
  gboolean sack;
  gboolean timestamps;
  guint init_cwnd;          /* initial window in segments (RFC 6928) */
  guint dupthresh;          /* duplicate ACKs that start fast retransmit, 0 = none */

  /* ISN (RFC 6528): M ticks every isn_tick, plus F() when isn_hash. */
  SimTime isn_tick;
  gboolean isn_hash;

  guint16 port_lo, port_hi; /* ephemeral port range */

  /* Handshake and timer knobs (issue 10). */
  gboolean rtt_from_handshake; /* the SYN-ACK or final ACK gives an RTT
                                  sample (Linux, ns-3); off: the first data
                                  RTO is rto_initial (INET) */
  gboolean simopen_ack;     /* a simultaneous open ends with an extra ACK
                               (Linux measured); off: RFC 793 figure 8 */
  SimTime user_timeout;     /* TCP_USER_TIMEOUT (RFC 5482) of every new
                               connection, 0 = none; setsockopt changes one */

  /* The data path: the receive buffer and the window it leaves, the
   * zero-window probe, and behaviours that differ per stack. */
  guint rcvbuf;             /* receive buffer, bytes of payload the
                               application has not read */
  gboolean win_round;       /* advertised window rounded up to the scale
                               unit (Linux __tcp_select_window ALIGN) */
  TcpZwpKind zwp;           /* what a zero-window probe carries */
  TcpAckFin ack_fin;        /* the ACK of a FIN in ESTABLISHED */
  gboolean dsack;           /* a duplicate segment's ACK carries a D-SACK
                               block (RFC 2883) */
  gboolean data_on_final_ack; /* data queued in SYN-SENT rides on the
                                 handshake's final ACK */
  gboolean fin_merge;       /* the FIN rides on the last unsent data segment */
} TcpProfile;

/* The profile named name, or NULL. */
const TcpProfile *tcp_profile_lookup (const char *name);

/* "linux, linux-classic, …": every profile name, for messages; free it. */
char *tcp_profile_names (void);

/* The i-th built-in profile (i < tcp_profile_count ()). */
guint tcp_profile_count (void);
const TcpProfile *tcp_profile_nth (guint i);

/* ---- the fields, as data --------------------------------------------- */

typedef enum
{
  TCP_PF_TIME,    /* SimTime */
  TCP_PF_UINT,    /* guint */
  TCP_PF_U16,     /* guint16 */
  TCP_PF_WSCALE,  /* guint8, 0xff = none */
  TCP_PF_BOOL,    /* gboolean */
  TCP_PF_ENUM,    /* an enum stored as int; names[] */
  TCP_PF_MSSTAB,  /* cookie_mss[] with cookie_mss_n */
} TcpProfileFieldKind;

/* One value of TcpProfile.  The table is also the list of scenario host
 * keys: a host line takes every field by its key (and by its alias, an
 * older spelling), reads it as kind says and refuses a value out of
 * [min, max]; `tcpsim profiles --keys` prints the reference page's table
 * of host keys from it. */
typedef struct
{
  const char *key;   /* the field's name, as scenarios spell it */
  const char *label; /* what it is, in words */
  TcpProfileFieldKind kind;
  gsize offset;
  const char *const *names; /* TCP_PF_ENUM */
  guint64 min, max;  /* TCP_PF_UINT, TCP_PF_U16, TCP_PF_WSCALE: bounds;
                        TCP_PF_TIME: in ns, max TCP_PROFILE_TIME_MAX;
                        TCP_PF_MSSTAB: of each MSS */
  const char *doc;   /* what the value does, for the scenario reference */
  const char *alias; /* another key for it, or NULL; for a TCP_PF_ENUM
                        field it takes on or off, which set alias_on or
                        alias_off */
  int alias_on, alias_off;
} TcpProfileField;

/* Every field of TcpProfile but name and summary, in table order. */
const TcpProfileField *tcp_profile_fields (guint *n);
const TcpProfileField *tcp_profile_field (const char *key);

/* The value of field f in p, as text ("200ms", "on", "cookies", …). */
char *tcp_profile_value_str (const TcpProfile *p, const TcpProfileField *f);

/* Where a built-in profile's value comes from (a kernel source, an RFC
 * section, a measurement), and whether it could not be confirmed from a
 * primary source.  NULL for a profile that is not built in. */
const char *tcp_profile_source (const TcpProfile *p, const char *key, gboolean *unconfirmed);

/* ---- rules ------------------------------------------------------------ */

/* The SYN or SYN-ACK retransmission interval after k retransmissions
 * (k = 0 for the first timeout), and the number of retransmissions after
 * which the handshake gives up. */
SimTime tcp_profile_syn_interval (const TcpProfile *p, guint k);
guint tcp_profile_syn_limit (const TcpProfile *p);
SimTime tcp_profile_synack_interval (const TcpProfile *p, guint k);
guint tcp_profile_synack_limit (const TcpProfile *p);

/* Linux tcp_model_timeout(): how long `boundary` retransmissions take
 * when the RTO starts at rto_min and doubles up to rto_max. */
SimTime tcp_profile_model_timeout (const TcpProfile *p, guint boundary);

/* Whether data retransmissions give up now: `retries` were made, the
 * first one `since_first` ago, and the limit is `limit`. */
gboolean tcp_profile_data_expired (const TcpProfile *p, guint retries, guint limit,
                                   SimTime since_first);

/* The handshake as the rules above play it when every segment is lost:
 * the times (after the first transmission) of up to max retransmissions,
 * their number, and when the handshake gives up. */
guint tcp_profile_syn_times (const TcpProfile *p, SimTime *at, guint max, SimTime *give_up);
guint tcp_profile_synack_times (const TcpProfile *p, SimTime *at, guint max, SimTime *give_up);

/* The same for data whose first RTO is rto: the retransmission times
 * after the segment was sent and when the connection gives up. */
guint tcp_profile_data_times (const TcpProfile *p, SimTime rto, gboolean orphan, SimTime *at,
                              guint max, SimTime *give_up);

/* Capacity of a listener's accept queue for a listen backlog. */
guint tcp_profile_acceptq_capacity (const TcpProfile *p, guint backlog);

#endif
