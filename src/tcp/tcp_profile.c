/* The profile table: the values of every built-in profile, and beside
 * each profile a table of where every one of its values comes from (data,
 * not comments, so that `tcpsim profiles` can print them).  A source marked
 * unconfirmed (U) could not be confirmed from a primary source: docs/profiles.md
 * part 2 marks it `*`, or it gives no value and one had to be chosen.
 *
 * Also here: the rules that turn the numbers into schedules (handshake
 * retransmission intervals, Linux's time model for giving up), so that the
 * state machine (tcp_timer.c) holds no number of its own. */
#include "tcp/tcp_profile.h"

#include <string.h>

/* ---- sources -------------------------------------------------------------- */

typedef struct
{
  const char *key;
  gboolean unconfirmed;
  const char *text;
} SourceRow;

#define C(k, t) { (k), FALSE, (t) }
#define U(k, t) { (k), TRUE, (t) }

/* Linux >= 6.5.  include/net/tcp.h and net/ipv4/ unless said otherwise. */
static const SourceRow src_linux[] = {
  C ("rto_initial", "TCP_TIMEOUT_INIT (include/net/tcp.h); RFC 6298 §2.1"),
  C ("rto_min", "TCP_RTO_MIN (include/net/tcp.h)"),
  C ("rto_max", "TCP_RTO_MAX (include/net/tcp.h)"),
  C ("rto_min_on_var", "__tcp_set_rto(): srtt + max(rttvar, rto_min) (tcp_rtt_estimator)"),
  C ("clock_granularity", "usec RTT samples, TS clock in ms (tcp_time_stamp_ms)"),
  C ("rto_slop", "none: Linux adds no slop"),
  C ("rto_fallback", "TCP_TIMEOUT_FALLBACK in tcp_init_metrics(), only without an RTT sample (docs/linux-behaviour.md)"),
  C ("timers", "kernel/time/timer.c: the timer wheel (calc_wheel_index); measured lateness +4 to +33 ms on 1 s timers (docs/linux-behaviour.md)"),
  C ("hz", "CONFIG_HZ = 250 on the measured 6.18 kernel: 4 ms jiffies"),
  C ("syn_linear", "net.ipv4.tcp_syn_linear_timeouts = 4 (6.5+); measured 1,2,3,4,5,7,11,19,35,67 s"),
  C ("syn_retries", "net.ipv4.tcp_syn_retries = 6; measured ETIMEDOUT at 131 s"),
  C ("syn_slop", "none"),
  C ("syn_time_limit", "none: tcp_write_timeout() counts SYN retransmissions"),
  C ("synack_retries", "net.ipv4.tcp_synack_retries = 5; measured 1,3,7,15,31 s, dropped at 63 s"),
  C ("synack_time_limit", "none: reqsk_timer_handler() counts"),
  C ("dup_syn", "tcp_check_req(): inet_rtx_syn_ack(), timer to now + reqsk_timeout(); measured"),
  C ("dup_syn_ratelimited", "tcp_check_req(): tcp_oow_rate_limited(&req->last_oow_ack_time)"),
  C ("backlog", "net.core.somaxconn = 4096"),
  C ("acceptq_pct", "sk_acceptq_is_full(): sk_ack_backlog > sk_max_ack_backlog"),
  C ("acceptq_extra", "sk_acceptq_is_full() uses '>': backlog + 1 fit"),
  C ("syn_backlog", "inet_csk_reqsk_queue_is_full(): qlen >= sk_max_ack_backlog (the listen backlog)"),
  C ("acceptq_full_syn", "tcp_conn_request(): sk_acceptq_is_full() -> LISTENOVERFLOWS, drop"),
  C ("acceptq_full_ack", "tcp_v4_syn_recv_sock() exit_overflow; tcp_check_req() listen_overflow: ACK ignored, SYN-ACK retransmitted (docs/profiles.md)"),
  C ("abort_on_overflow", "net.ipv4.tcp_abort_on_overflow = 0"),
  C ("synq_full", "net.ipv4.tcp_syncookies = 1: cookies when the SYN queue is full"),
  C ("cookie_mss", "msstab[] in net/ipv4/syncookies.c"),
  C ("cookie_period", "tcp_cookie_time(): jiffies / (HZ * 60)"),
  C ("cookie_max_age", "MAX_SYNCOOKIE_AGE = 2: a cookie of this minute or the previous one"),
  C ("retries2", "net.ipv4.tcp_retries2 = 15 (~924.6 s by tcp_model_timeout)"),
  C ("orphan_retries", "tcp_orphan_retries(): sysctl 0 means 8"),
  C ("giveup", "retransmits_timed_out() / tcp_model_timeout() in tcp_timer.c"),
  C ("time_wait", "TCP_TIMEWAIT_LEN = 60 s"),
  C ("fin_wait2_timeout", "net.ipv4.tcp_fin_timeout = 60"),
  C ("tw_reuse_syn", "tcp_timewait_state_process(): SYN after rcv_nxt"),
  C ("tw_reuse_ts", "tcp_timewait_state_process(): tw_ts_recent < rcv_tsval"),
  C ("tw_rst_ignore", "net.ipv4.tcp_rfc1337 = 0: an RST kills TIME-WAIT"),
  C ("tw_isn_gap", "tcp_timewait_state_process(): isn = tw_snd_nxt + 65535 + 2"),
  C ("close_unread_rst", "__tcp_close(): data_was_unread -> tcp_send_active_reset() (RFC 2525 §2.17)"),
  C ("rst_ack", "tcp_send_active_reset(): TCPHDR_ACK | TCPHDR_RST"),
  C ("rst_win0", "tcp_send_active_reset() -> tcp_transmit_skb(): the current window"),
  C ("ack_unsent_drop", "tcp_ack(): after(ack, snd_nxt) -> SKB_DROP_REASON_TCP_ACK_UNSENT_DATA, no reply"),
  C ("reset_close_wait_epipe", "tcp_reset(): TCP_CLOSE_WAIT -> sk_err = EPIPE"),
  C ("tlp", "net.ipv4.tcp_early_retrans = 3; tcp_schedule_loss_probe(); measured ~300 ms (docs/linux-behaviour.md)"),
  C ("tlp_min", "TCP_TIMEOUT_MIN_US (2 ms) when more than one segment is in flight"),
  C ("tlp_no_rtt", "tcp_schedule_loss_probe(): TCP_TIMEOUT_INIT without an RTT sample"),
  C ("delack", "TCP_DELACK_MIN = HZ/25 (40 ms)"),
  C ("quickack", "TCP_MAX_QUICKACKS = 16"),
  C ("rfc5961", "tcp_validate_incoming(): RFC 5961 since 3.6"),
  C ("challenge_ack_limit", "tcp_send_challenge_ack(): __tcp_oow_rate_limited(), one per window"),
  C ("challenge_ack_window", "net.ipv4.tcp_invalid_ratelimit = 500 ms"),
  C ("keepalive_idle", "TCP_KEEPALIVE_TIME = 7200 s"),
  C ("keepalive_intvl", "TCP_KEEPALIVE_INTVL = 75 s"),
  C ("keepalive_probes", "TCP_KEEPALIVE_PROBES = 9"),
  C ("keepalive_default", "SO_KEEPALIVE is off unless set"),
  C ("mss_default", "TCP_MSS_DEFAULT = 536; RFC 9293 §3.7.1"),
  C ("mss", "measured: MSS 1460 (Ethernet MTU 1500 - 40)"),
  C ("win_syn", "measured: SYN window 64240"),
  C ("win_synack", "measured: SYN-ACK window 65160"),
  C ("wscale", "measured: 10; follows net.ipv4.tcp_rmem"),
  C ("sack", "net.ipv4.tcp_sack = 1; measured"),
  C ("timestamps", "net.ipv4.tcp_timestamps = 1; measured"),
  C ("init_cwnd", "TCP_INIT_CWND = 10; RFC 6928"),
  C ("dupthresh", "net.ipv4.tcp_reordering = 3 (TCP_FASTRETRANS_THRESH); RFC 5681 §3.2"),
  C ("isn_tick", "secure_tcp_seq(): ktime_get_real_ns() >> 6"),
  C ("isn_hash", "secure_tcp_seq(): siphash of the 4-tuple (RFC 6528)"),
  C ("port_lo", "net.ipv4.ip_local_port_range = 32768 60999"),
  C ("port_hi", "net.ipv4.ip_local_port_range = 32768 60999"),
  C ("rtt_from_handshake", "tcp_synack_rtt_meas() / tcp_ack_update_rtt(); measured: RTO after the handshake ~300 ms (docs/linux-behaviour.md)"),
  C ("simopen_ack", "measured: each side ACKs the other's SYN-ACK (tcp_rcv_state_process() sends the ACK of the sequence check)"),
  C ("user_timeout", "TCP_USER_TIMEOUT unset: icsk_user_timeout = 0"),
  C ("rcvbuf", "net.ipv4.tcp_rmem[1] = 131072, of which tcp_win_from_space() gives half (TCP_DEFAULT_SCALING_RATIO) to payload"),
  C ("win_round", "__tcp_select_window(): window = ALIGN(free_space, 1 << rcv_wscale); the 6.18 trace shows 63 for 64240 >> 10"),
  C ("zwp", "tcp_probe_timer() -> tcp_send_probe0() -> tcp_write_wakeup() -> tcp_xmit_probe_skb(): SND.UNA - 1, no data"),
  C ("ack_fin", "tcp_fin(): inet_csk_enter_pingpong_mode(); measured: the FIN's ACK after the delayed-ACK timer"),
  C ("dsack", "net.ipv4.tcp_dsack = 1; tcp_send_dupack() -> tcp_dsack_set(); measured on a duplicate FIN"),
  C ("data_on_final_ack", "tcp_rcv_synsent_state_process(): tcp_send_ack() at once; data follows in its own segment"),
  C ("fin_merge", "tcp_send_fin(): the FIN joins the tail skb when it is not yet sent"),
  C ("so_rcvbuf", "net.ipv4.tcp_rmem[1] = 131072: what getsockopt(SO_RCVBUF) reports"),
  C ("rcvbuf_mss_round", "no rounding: sk_rcvbuf as set"),
  C ("rcv_wnd_from_buffer", "tcp_sequence(): the advertised window (tcp_receive_window())"),
  C ("ack_resends_fin", "tcp_send_ack(): a bare ACK from SND.NXT"),
  C ("tw_bsd_check", "tcp_timewait_state_process(): RFC 793 order (an old or out-of-window segment is ACKed)"),
  C ("rst_error_closing", "tcp_reset(): sk_err = ECONNRESET in every state but SYN-SENT, CLOSE-WAIT and CLOSE"),
  C ("drop_synfin", "no such rule: tcp_rcv_state_process() handles SYN+FIN as a SYN"),
  C ("listen_synack_drop", "tcp_v4_rcv() -> tcp_rcv_state_process() LISTEN: an ACK returns 1, a reset is sent"),
  { NULL, FALSE, NULL },
};

/* Linux before 6.5: as linux but these. */
static const SourceRow src_linux_classic[] = {
  C ("syn_linear", "no tcp_syn_linear_timeouts before 6.5: SYNs at 1,3,7,15,31,63 s"),
  C ("syn_retries", "net.ipv4.tcp_syn_retries = 6: ETIMEDOUT at 127 s"),
  U ("wscale", "common on 4.x/5.x kernels (follows tcp_rmem)"),
  { NULL, FALSE, NULL },
};

/* FreeBSD 14: sys/netinet/ unless said otherwise. */
static const SourceRow src_freebsd[] = {
  C ("rto_initial", "tcp_rexmit_initial = TCPTV_RTOBASE (tcp_timer.h)"),
  C ("rto_min", "tcp_rexmit_min = TCPTV_MIN (30 ms) (tcp_timer.h)"),
  C ("rto_max", "TCPTV_REXMTMAX = 64 s (tcp_timer.h)"),
  C ("rto_min_on_var", "TCP_REXMTVAL: max(t_rttmin, srtt + 4 rttvar)"),
  U ("clock_granularity", "hz = 1000 ticks"),
  C ("rto_slop", "tcp_rexmit_slop = TCPTV_CPU_VAR (200 ms), TCPT_RANGESET"),
  C ("rto_fallback", "none (docs/profiles.md: no 3 s RTO)"),
  U ("timers", "callout(9) at kern.hz with precision hints: exact chosen, not modelled"),
  C ("hz", "kern.hz = 1000 (sys/conf/param.c HZ_DEFAULT); unused while timers are exact"),
  C ("syn_linear", "tcp_backoff[] doubles from the first timeout"),
  U ("syn_retries", "TCP_MAXRXTSHIFT = 12; the 75 s bound comes first"),
  C ("syn_slop", "TCPT_RANGESET adds tcp_rexmit_slop: SYNs at 1, 3.2, 7.4, 15.6, 31.8, 64 s"),
  C ("syn_time_limit", "tcp_keepinit = TCPTV_KEEP_INIT (75 s), tcp_timer_keep() in SYN-SENT"),
  C ("synack_retries", "SYNCACHE_MAXREXMTS = 3 (tcp_syncache.c)"),
  C ("synack_time_limit", "none: syncache_timer() counts; entry dropped at 15.6 s"),
  C ("dup_syn", "syncache_add(): syncache_respond(), sc_rxmits = 0, syncache_timeout()"),
  U ("dup_syn_ratelimited", "syncache_add() answers every duplicate"),
  U ("backlog", "SOMAXCONN = 128 (kern.ipc.soacceptqueue)"),
  U ("acceptq_pct", "sonewconn(): overflow when sol_qlen > 3 * sol_qlimit / 2"),
  U ("acceptq_extra", "sonewconn() uses '>'"),
  U ("syn_backlog", "tcp_syncache.cache_limit = 512 buckets * 30 entries"),
  U ("acceptq_full_syn", "syncache_add() does not look at the accept queue"),
  C ("acceptq_full_ack", "syncache_expand(): syncache_socket() fails -> RST (docs/profiles.md)"),
  C ("abort_on_overflow", "n/a: always RST"),
  C ("synq_full", "net.inet.tcp.syncookies = 1 (docs/profiles.md)"),
  U ("cookie_mss", "tcp_sc_msstab[] (tcp_syncache.c)"),
  U ("cookie_period", "SYNCOOKIE_LIFETIME = 15 s, secrets rotated (tcp_syncache.c)"),
  U ("cookie_max_age", "odd/even secrets: a cookie of this period or the previous one"),
  C ("retries2", "TCP_MAXRXTSHIFT = 12 (docs/profiles.md)"),
  C ("orphan_retries", "no separate limit for orphans"),
  C ("giveup", "tcp_timer_rexmt(): ++t_rxtshift > TCP_MAXRXTSHIFT"),
  C ("time_wait", "2 * net.inet.tcp.msl (30 s)"),
  U ("fin_wait2_timeout", "~600 s: tcp_timer_2msl() with TP_MAXIDLE (docs/profiles.md *)"),
  C ("tw_reuse_syn", "tcp_twcheck(): SYN with seq above rcv_nxt"),
  C ("tw_reuse_ts", "docs/profiles.md: only if seq above"),
  C ("tw_rst_ignore", "tcp_twcheck() drops RST (docs/profiles.md)"),
  U ("tw_isn_gap", "chosen as Linux's: tcp_new_isn() is not modelled"),
  C ("close_unread_rst", "tcp_usr_close() -> tcp_disconnect(): FIN; unread data is discarded by sorflush()"),
  C ("rst_ack", "tcp_drop() -> tcp_output(): tcp_outflags[TCPS_CLOSED] = TH_RST|TH_ACK"),
  C ("rst_win0", "tcp_output(): no window in a RST; FreeBSD tcp-testsuite: > R. … win 0"),
  C ("ack_unsent_drop", "tcp_do_segment(): SEQ_GT(th_ack, snd_max) -> dropafterack"),
  C ("reset_close_wait_epipe", "tcp_reset() -> tcp_drop(): ECONNRESET in every state"),
  C ("tlp", "the default stack has no TLP (the RACK stack is optional)"),
  C ("tlp_min", "n/a"),
  C ("tlp_no_rtt", "n/a"),
  C ("delack", "net.inet.tcp.delacktime = 40 ms (docs/profiles.md)"),
  U ("quickack", "no quick-ACK mode"),
  C ("rfc5961", "net.inet.tcp.insecure_rst = 0, insecure_syn = 0"),
  U ("challenge_ack_limit", "net.inet.tcp.ack_war_cnt = 5 (docs/profiles.md *)"),
  U ("challenge_ack_window", "net.inet.tcp.ack_war_timewindow = 1000 ms"),
  C ("keepalive_idle", "TCPTV_KEEP_IDLE = 7200 s"),
  C ("keepalive_intvl", "TCPTV_KEEPINTVL = 75 s"),
  C ("keepalive_probes", "TCPTV_KEEPCNT = 8"),
  C ("keepalive_default", "net.inet.tcp.always_keepalive = 1 (docs/profiles.md: on for all)"),
  C ("mss_default", "net.inet.tcp.mssdflt = 536"),
  U ("mss", "Ethernet MTU 1500 - 40"),
  U ("win_syn", "65535 before scaling"),
  U ("win_synack", "65535 before scaling"),
  U ("wscale", "6: smallest with 65535 << s >= kern.ipc.maxsockbuf (2 MiB)"),
  C ("sack", "net.inet.tcp.sack.enable = 1 (docs/profiles.md: MSS, WS, SACK, TS)"),
  C ("timestamps", "net.inet.tcp.rfc1323 = 1 (docs/profiles.md: MSS, WS, SACK, TS)"),
  C ("init_cwnd", "RFC 6928 initial window 10 (docs/profiles.md)"),
  C ("dupthresh", "tcprexmtthresh = 3 (tcp_input.c); RFC 5681 §3.2"),
  C ("isn_tick", "tcp_new_isn(): ISN_BYTES_PER_SECOND = 1048576 (~954 ns a tick)"),
  C ("isn_hash", "tcp_new_isn(): MD5 of the 4-tuple and a secret"),
  U ("port_lo", "net.inet.ip.portrange.first = 10000"),
  U ("port_hi", "net.inet.ip.portrange.last = 65535"),
  U ("rtt_from_handshake", "tcp_input(): the SYN is timed (t_rtttime) and its ACK gives tcp_xmit_timer() a sample"),
  U ("simopen_ack", "tcp_input(): the repeated SYN is trimmed as old data, which sets TF_ACKNOW"),
  C ("user_timeout", "no TCP_USER_TIMEOUT in FreeBSD 14"),
  C ("rcvbuf", "net.inet.tcp.recvspace = 65536"),
  U ("win_round", "tcp_output(): recwin >> rcv_scale, not confirmed to round up"),
  C ("zwp", "tcp_timer_persist() sets t_force: tcp_output() sends one byte"),
  C ("ack_fin", "tcp_input(): a FIN sets TF_ACKNOW unless TF_NEEDSYN"),
  U ("dsack", "net.inet.tcp.sack.enable; D-SACK in tcp_sack.c (13+), not confirmed"),
  C ("data_on_final_ack", "tcp_input() SYN_SENT: TF_ACKNOW, tcp_output() sends queued data with the ACK"),
  C ("fin_merge", "tcp_output(): FIN set when the segment takes the last of so_snd"),
  C ("so_rcvbuf", "net.inet.tcp.recvspace = 65536"),
  C ("rcvbuf_mss_round", "tcp_mss_update(): so_rcv rounded up to a multiple of the MSS; tcp-testsuite: 65536 -> 65700"),
  C ("rcv_wnd_from_buffer", "tcp_do_segment(): rcv_wnd = imax(sbspace(&so->so_rcv), rcv_adv - rcv_nxt)"),
  C ("ack_resends_fin", "tcp_output(): tcp_outflags[] has TH_FIN in FIN_WAIT_1, CLOSING and LAST_ACK, and TF_SENTFIN makes snd_nxt-- resend it; tcp-testsuite: > F. 1:1(0) ack 2 in CLOSING"),
  C ("tw_bsd_check", "tcp_twcheck(): RST dropped; no ACK bit: dropped; a duplicate FIN restarts 2MSL; anything but an exact duplicate ACK is ACKed"),
  C ("rst_error_closing", "tcp_do_segment(): so_error = ECONNRESET in CLOSING and LAST_ACK too"),
  C ("drop_synfin", "net.inet.tcp.drop_synfin = 0"),
  C ("listen_synack_drop", "tcp-testsuite rcv-syn-ack-listen: no reset, the next SYN is answered"),
  { NULL, FALSE, NULL },
};

/* macOS: xnu bsd/netinet/. */
static const SourceRow src_macos[] = {
  C ("rto_initial", "TCPTV_RTOBASE = 1 s (docs/profiles.md)"),
  C ("rto_min", "tcp_TCPTV_MIN = 100 ms (docs/profiles.md)"),
  C ("rto_max", "TCPTV_REXMTMAX = 64 s (docs/profiles.md)"),
  C ("rto_min_on_var", "TCP_REXMTVAL: max(t_rttmin, srtt + 4 rttvar)"),
  U ("clock_granularity", "TCP_RETRANSHZ = 1000"),
  C ("rto_slop", "TCP_ADD_REXMTSLOP: 200 ms once established (docs/profiles.md)"),
  U ("rto_fallback", "docs/profiles.md *: none chosen, as FreeBSD"),
  U ("timers", "xnu timer calls: exact chosen, not modelled"),
  U ("hz", "xnu hz = 100; unused while timers are exact"),
  C ("syn_linear", "tcp_syn_backoff[] = {1,1,1,1,1,2,4,8,16,32,64,64,64}"),
  C ("syn_retries", "TCP_MAXRXTSHIFT = 12 (4 flat + 8); the 75 s bound comes first"),
  C ("syn_slop", "TCP_ADD_REXMTSLOP adds nothing before ESTABLISHED"),
  C ("syn_time_limit", "TCPTV_KEEP_INIT = 75 s (docs/profiles.md)"),
  U ("synack_retries", "tcp_backoff[] doubling up to TCP_MAXRXTSHIFT (docs/profiles.md *)"),
  U ("synack_time_limit", "TCPTV_KEEP_INIT = 75 s (docs/profiles.md *)"),
  U ("dup_syn", "SYN-ACK at once (docs/profiles.md *)"),
  U ("dup_syn_ratelimited", "not limited"),
  U ("backlog", "SOMAXCONN = 128"),
  U ("acceptq_pct", "so_qlimit"),
  U ("acceptq_extra", "so_qlimit"),
  U ("syn_backlog", "so_incqlen limited by so_qlimit"),
  C ("acceptq_full_syn", "SYN dropped at arrival (docs/profiles.md)"),
  U ("acceptq_full_ack", "the socket exists since the SYN: no check at the final ACK"),
  C ("abort_on_overflow", "n/a"),
  C ("synq_full", "evict an embryonic connection, tcp_dropdropablreq() (docs/profiles.md)"),
  C ("cookie_mss", "no SYN cookies"),
  C ("cookie_period", "n/a"),
  C ("cookie_max_age", "n/a"),
  C ("retries2", "TCP_MAXRXTSHIFT = 12 (docs/profiles.md)"),
  C ("orphan_retries", "no separate limit for orphans"),
  C ("giveup", "tcp_timers(): ++t_rxtshift > TCP_MAXRXTSHIFT"),
  C ("time_wait", "2 * MSL, MSL = 15 s (docs/profiles.md)"),
  C ("fin_wait2_timeout", "60 s (docs/profiles.md)"),
  C ("tw_reuse_syn", "docs/profiles.md: if seq above"),
  C ("tw_reuse_ts", "docs/profiles.md: only if seq above"),
  C ("tw_rst_ignore", "docs/profiles.md: ignored"),
  U ("tw_isn_gap", "chosen as Linux's"),
  U ("close_unread_rst", "as FreeBSD: tcp_usr_disconnect()"),
  U ("rst_ack", "as FreeBSD (xnu tcp_drop)"),
  U ("rst_win0", "as FreeBSD"),
  U ("ack_unsent_drop", "as FreeBSD (xnu tcp_input dropafterack)"),
  U ("reset_close_wait_epipe", "as FreeBSD"),
  C ("tlp", "off in this model (docs/profiles.md: TLP for the linux profiles only)"),
  C ("tlp_min", "n/a"),
  C ("tlp_no_rtt", "n/a"),
  C ("delack", "tcp_delack = 100 ms (docs/profiles.md)"),
  U ("quickack", "no quick-ACK mode modelled"),
  C ("rfc5961", "tcp_input(): RFC 5961 challenge ACKs (tcp_is_ack_ratelimited)"),
  C ("challenge_ack_limit", "tcp_challengeack_limit = 10 (tcp_is_ack_ratelimited)"),
  C ("challenge_ack_window", "one second (tcp_is_ack_ratelimited)"),
  C ("keepalive_idle", "TCPTV_KEEP_IDLE = 7200 s (docs/profiles.md)"),
  C ("keepalive_intvl", "TCPTV_KEEPINTVL = 75 s (docs/profiles.md)"),
  C ("keepalive_probes", "TCPTV_KEEPCNT = 8 (docs/profiles.md)"),
  C ("keepalive_default", "SO_KEEPALIVE is off unless set"),
  C ("mss_default", "tcp_mssdflt = 536"),
  U ("mss", "Ethernet MTU 1500 - 40"),
  U ("win_syn", "65535 before scaling"),
  U ("win_synack", "65535 before scaling"),
  U ("wscale", "6, as FreeBSD"),
  C ("sack", "docs/profiles.md: MSS, WS, TS, SACK"),
  C ("timestamps", "docs/profiles.md: MSS, WS, TS, SACK"),
  C ("init_cwnd", "initial window 10 (docs/profiles.md)"),
  U ("dupthresh", "tcprexmtthresh = 3, as in the BSD code xnu comes from"),
  C ("isn_tick", "hash + 128 ns clock (docs/profiles.md)"),
  C ("isn_hash", "hash + clock (docs/profiles.md)"),
  U ("port_lo", "net.inet.ip.portrange.first = 49152"),
  U ("port_hi", "net.inet.ip.portrange.last = 65535"),
  U ("rtt_from_handshake", "as FreeBSD: the SYN is timed"),
  U ("simopen_ack", "as FreeBSD"),
  C ("user_timeout", "TCP_CONNECTIONTIMEOUT / TCP_RXT_CONNDROPTIME unset"),
  U ("rcvbuf", "net.inet.tcp.recvspace = 131072"),
  U ("win_round", "as FreeBSD: not confirmed to round up"),
  C ("zwp", "tcp_timers() TCPT_PERSIST sets t_force: tcp_output() sends one byte"),
  C ("ack_fin", "tcp_input(): a FIN sets TF_ACKNOW"),
  U ("dsack", "no D-SACK found in xnu's tcp_sack.c"),
  C ("data_on_final_ack", "tcp_input() SYN_SENT: TF_ACKNOW, tcp_output() sends queued data with the ACK"),
  C ("fin_merge", "tcp_output(): FIN set when the segment takes the last of so_snd"),
  U ("so_rcvbuf", "net.inet.tcp.recvspace = 131072"),
  U ("rcvbuf_mss_round", "as FreeBSD (tcp_mss)"),
  U ("rcv_wnd_from_buffer", "as FreeBSD (xnu tcp_input)"),
  U ("ack_resends_fin", "as FreeBSD (xnu tcp_outflags)"),
  U ("tw_bsd_check", "as FreeBSD (xnu tcp_input TIME_WAIT)"),
  U ("rst_error_closing", "as FreeBSD"),
  U ("drop_synfin", "net.inet.tcp.drop_synfin = 1 in xnu"),
  U ("listen_synack_drop", "as FreeBSD"),
  { NULL, FALSE, NULL },
};

/* Windows 10/11: registry defaults; most could not be confirmed. */
static const SourceRow src_windows[] = {
  U ("rto_initial", "3 s (docs/profiles.md *): TcpInitialRtt"),
  U ("rto_min", "300 ms (docs/profiles.md *)"),
  U ("rto_max", "docs/profiles.md *: 60 s chosen (RFC 6298 §2.5)"),
  U ("rto_min_on_var", "RFC 6298 §2.4 form chosen"),
  U ("clock_granularity", "1 ms chosen"),
  U ("rto_slop", "none known"),
  U ("rto_fallback", "docs/profiles.md *: none (the initial RTO is already 3 s)"),
  U ("timers", "exact chosen, not modelled"),
  U ("hz", "64 (15.625 ms system timer); unused while timers are exact"),
  U ("syn_linear", "doubling from 3 s"),
  U ("syn_retries", "TcpMaxConnectRetransmissions = 2: SYNs at 3, 9 s, ETIMEDOUT 21 s"),
  U ("syn_slop", "none known"),
  U ("syn_time_limit", "none: the count gives 21 s"),
  U ("synack_retries", "TcpMaxConnectResponseRetransmissions = 2 (docs/profiles.md *)"),
  U ("synack_time_limit", "none"),
  U ("dup_syn", "docs/profiles.md *: SYN-ACK at once chosen"),
  U ("dup_syn_ratelimited", "not limited"),
  U ("backlog", "SOMAXCONN: 200 chosen"),
  U ("acceptq_pct", "the backlog"),
  U ("acceptq_extra", "the backlog"),
  U ("syn_backlog", "the backlog"),
  U ("acceptq_full_syn", "docs/profiles.md *: RST (connection refused) chosen"),
  U ("acceptq_full_ack", "docs/profiles.md *: no check at the final ACK"),
  U ("abort_on_overflow", "n/a"),
  U ("synq_full", "docs/profiles.md *: SYN dropped"),
  U ("cookie_mss", "no SYN cookies modelled"),
  U ("cookie_period", "n/a"),
  U ("cookie_max_age", "n/a"),
  U ("retries2", "TcpMaxDataRetransmissions = 5 (docs/profiles.md *)"),
  U ("orphan_retries", "no separate limit"),
  U ("giveup", "by count"),
  U ("time_wait", "TcpTimedWaitDelay = 120 s (docs/profiles.md *)"),
  U ("fin_wait2_timeout", "docs/profiles.md *: 240 s chosen"),
  U ("tw_reuse_syn", "docs/profiles.md *: RFC 1122 §4.2.2.13 chosen"),
  U ("tw_reuse_ts", "docs/profiles.md *: no"),
  U ("tw_rst_ignore", "docs/profiles.md *: RFC 793 (an RST closes)"),
  U ("tw_isn_gap", "chosen as Linux's"),
  U ("close_unread_rst", "unconfirmed: Winsock closesocket() sends RST with unread data"),
  U ("rst_ack", "unconfirmed: as the BSDs"),
  U ("rst_win0", "unconfirmed"),
  U ("ack_unsent_drop", "unconfirmed: RFC 9293"),
  U ("reset_close_wait_epipe", "unconfirmed"),
  C ("tlp", "off in this model (docs/profiles.md: TLP for the linux profiles only)"),
  C ("tlp_min", "n/a"),
  C ("tlp_no_rtt", "n/a"),
  U ("delack", "TcpDelAckTicks: 200 ms (docs/profiles.md *)"),
  U ("quickack", "none modelled"),
  U ("rfc5961", "docs/profiles.md *: assumed"),
  U ("challenge_ack_limit", "docs/profiles.md *: no limit"),
  U ("challenge_ack_window", "docs/profiles.md *: no limit"),
  C ("keepalive_idle", "KeepAliveTime = 7200 s (docs/profiles.md)"),
  U ("keepalive_intvl", "KeepAliveInterval = 1 s (docs/profiles.md *)"),
  U ("keepalive_probes", "TcpMaxDataRetransmissions = 10 probes (docs/profiles.md *)"),
  C ("keepalive_default", "SO_KEEPALIVE is off unless set"),
  C ("mss_default", "RFC 9293 §3.7.1"),
  U ("mss", "Ethernet MTU 1500 - 40"),
  U ("win_syn", "64240 chosen"),
  U ("win_synack", "64240 chosen"),
  U ("wscale", "8 chosen (auto-tuning)"),
  U ("sack", "docs/profiles.md *: MSS, WS, SACK"),
  U ("timestamps", "docs/profiles.md *: off (Tcp1323Opts)"),
  U ("init_cwnd", "10 (docs/profiles.md *)"),
  U ("dupthresh", "3, the RFC 5681 §3.2 value"),
  U ("isn_tick", "docs/profiles.md *: 4 us (RFC 6528) chosen"),
  U ("isn_hash", "docs/profiles.md *: RFC 6528 chosen"),
  U ("port_lo", "dynamic port range 49152-65535"),
  U ("port_hi", "dynamic port range 49152-65535"),
  U ("rtt_from_handshake", "assumed: the SYN is timed"),
  U ("simopen_ack", "assumed as Linux"),
  U ("user_timeout", "TCP_MAXRT unset"),
  U ("rcvbuf", "64 KiB default receive window (docs/profiles.md *)"),
  U ("win_round", "not documented: off chosen"),
  U ("zwp", "not documented: one byte (RFC 9293 §3.8.6.1) chosen"),
  U ("ack_fin", "not documented: the delayed-ACK timer chosen"),
  U ("dsack", "not documented: off chosen"),
  U ("data_on_final_ack", "not documented: separate segments chosen"),
  U ("fin_merge", "not documented: merged chosen"),
  U ("so_rcvbuf", "64 KiB chosen"),
  U ("rcvbuf_mss_round", "not documented: off chosen"),
  U ("rcv_wnd_from_buffer", "not documented: the advertised window chosen"),
  U ("ack_resends_fin", "not documented: a bare ACK chosen"),
  U ("tw_bsd_check", "not documented: RFC 9293 chosen"),
  U ("rst_error_closing", "not documented: as the kernels"),
  U ("drop_synfin", "not documented: off chosen"),
  U ("listen_synack_drop", "not documented: RFC 9293 chosen"),
  { NULL, FALSE, NULL },
};

/* RFC 793 with RFC 1122. */
static const SourceRow src_rfc793[] = {
  C ("rto_initial", "RFC 1122 §4.2.3.1: RTO = 3 s initially"),
  C ("rto_min", "RFC 793 §3.7: LBOUND 1 s"),
  C ("rto_max", "RFC 793 §3.7: UBOUND 1 minute"),
  C ("rto_min_on_var", "RFC 1122 §4.2.3.1: Jacobson's algorithm, bounded"),
  U ("clock_granularity", "1 ms chosen"),
  C ("rto_slop", "none"),
  C ("rto_fallback", "n/a: the initial RTO is 3 s"),
  C ("timers", "the RFC's timers fire at their nominal instants"),
  U ("hz", "1000 chosen; unused while timers are exact"),
  C ("syn_linear", "RFC 1122 §4.2.3.1: exponential backoff"),
  C ("syn_retries", "SYNs at 3, 9, 21, 45, 93, 153 s, give up at 213 s: R2 >= 3 min (RFC 1122 §4.2.3.5)"),
  C ("syn_slop", "none"),
  C ("syn_time_limit", "none: by count"),
  C ("synack_retries", "as SYN (docs/profiles.md)"),
  C ("synack_time_limit", "none"),
  C ("dup_syn", "RFC 793 §3.9: the sequence check fails, ACK"),
  C ("dup_syn_ratelimited", "no limit"),
  U ("backlog", "RFC 793 has no backlog: 128 chosen"),
  C ("acceptq_pct", "the backlog"),
  C ("acceptq_extra", "the backlog"),
  C ("syn_backlog", "the backlog"),
  U ("acceptq_full_syn", "docs/profiles.md: - (SYN dropped chosen)"),
  C ("acceptq_full_ack", "no accept queue limit in the RFC"),
  C ("abort_on_overflow", "n/a"),
  U ("synq_full", "docs/profiles.md: - (SYN dropped chosen)"),
  C ("cookie_mss", "no SYN cookies"),
  C ("cookie_period", "n/a"),
  C ("cookie_max_age", "n/a"),
  C ("retries2", "R2 >= 100 s (RFC 1122 §4.2.3.5): 8 retransmissions, 243 s"),
  C ("orphan_retries", "no orphans in the RFC"),
  C ("giveup", "by count"),
  C ("time_wait", "2 MSL, MSL = 2 minutes (RFC 793 §3.3)"),
  C ("fin_wait2_timeout", "none in the RFC"),
  C ("tw_reuse_syn", "RFC 1122 §4.2.2.13: a SYN with a larger sequence number"),
  C ("tw_reuse_ts", "RFC 6191 is later"),
  C ("tw_rst_ignore", "RFC 793 §3.9: an RST in TIME-WAIT closes"),
  C ("tw_isn_gap", "RFC 1122 §4.2.2.13: ISN above the old one; Linux's gap"),
  C ("close_unread_rst", "RFC 793 §3.5: CLOSE sends FIN; nothing about unread data"),
  C ("rst_ack", "RFC 793 §3.9 ABORT: <SEQ=SND.NXT><CTL=RST>"),
  C ("rst_win0", "RFC 793: the window of the TCB"),
  C ("ack_unsent_drop", "RFC 793 §3.9: send an ACK, drop the segment"),
  C ("reset_close_wait_epipe", "RFC 793 §3.9: \"connection reset\" in every state"),
  C ("tlp", "none"),
  C ("tlp_min", "n/a"),
  C ("tlp_no_rtt", "n/a"),
  C ("delack", "docs/profiles.md: - (every segment ACKed at once)"),
  C ("quickack", "none"),
  C ("rfc5961", "RFC 793 §3.4: any RST in the window resets; §3.9: a SYN in the window resets"),
  C ("challenge_ack_limit", "none (RFC 5961 is later)"),
  C ("challenge_ack_window", "none"),
  C ("keepalive_idle", "RFC 1122 §4.2.3.6: at least two hours"),
  U ("keepalive_intvl", "not in the RFC: 75 s chosen"),
  U ("keepalive_probes", "not in the RFC: 9 chosen"),
  C ("keepalive_default", "RFC 1122 §4.2.3.6: MUST default to off"),
  C ("mss_default", "RFC 1122 §4.2.2.6: 536"),
  U ("mss", "Ethernet MTU 1500 - 40"),
  C ("win_syn", "16-bit window, no scaling"),
  C ("win_synack", "16-bit window, no scaling"),
  C ("wscale", "no RFC 7323"),
  C ("sack", "no RFC 2018"),
  C ("timestamps", "no RFC 7323"),
  C ("init_cwnd", "one segment (docs/profiles.md)"),
  C ("dupthresh", "none: fast retransmit came later (RFC 2001, now RFC 5681 §3.2)"),
  C ("isn_tick", "RFC 793 §3.3: a clock ticking every 4 us"),
  C ("isn_hash", "RFC 793: the clock alone"),
  C ("port_lo", "RFC 6335 §6: 49152-65535"),
  C ("port_hi", "RFC 6335 §6: 49152-65535"),
  C ("rtt_from_handshake", "RFC 1122 §4.2.3.1: any segment may be timed, Karn's rule excepted"),
  C ("simopen_ack", "RFC 793 §3.4 figure 8: no ACK after the crossing SYN-ACKs"),
  C ("user_timeout", "RFC 793 §3.8: the user timeout is the user's; none unless set"),
  C ("rcvbuf", "the 16-bit window it offers: 65535"),
  C ("win_round", "no window scaling"),
  C ("zwp", "RFC 793 §3.7 / RFC 1122 §4.2.2.17: one octet of new data"),
  C ("ack_fin", "RFC 793 §3.9 eighth: the FIN is acknowledged (no delayed ACK)"),
  C ("dsack", "RFC 2883 postdates it"),
  C ("data_on_final_ack", "RFC 793 §3.9 SYN-SENT: queued data MAY be included with the ACK"),
  C ("fin_merge", "RFC 793 §3.9 CLOSE: the FIN goes once the queued data has been sent; one segment may carry both"),
  C ("so_rcvbuf", "the window it offers: 65535"),
  C ("rcvbuf_mss_round", "not in the RFC"),
  C ("rcv_wnd_from_buffer", "RFC 793 §3.3: RCV.WND, the window advertised"),
  C ("ack_resends_fin", "RFC 793 §3.9: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>"),
  C ("tw_bsd_check", "RFC 793 §3.9: the processing of every synchronized state"),
  C ("rst_error_closing", "RFC 793 §3.9: CLOSING, LAST-ACK: enter CLOSED, no signal"),
  C ("drop_synfin", "not in the RFC"),
  C ("listen_synack_drop", "RFC 793 §3.9 LISTEN: any ACK draws <SEQ=SEG.ACK><CTL=RST>"),
  { NULL, FALSE, NULL },
};

static const SourceRow src_rfc9293[] = {
  C ("rto_initial", "RFC 6298 §2.1"),
  C ("rto_min", "RFC 6298 §2.4"),
  C ("rto_max", "RFC 6298 §2.5: at least 60 s"),
  C ("rto_min_on_var", "RFC 6298 §2.3-2.4"),
  U ("clock_granularity", "1 ms chosen (G of RFC 6298 §2)"),
  C ("rto_slop", "none"),
  C ("rto_fallback", "RFC 6298 §5.7: 3 s"),
  C ("timers", "the RFC's timers fire at their nominal instants"),
  U ("hz", "1000 chosen; unused while timers are exact"),
  C ("syn_linear", "RFC 6298 §5.5: doubling"),
  C ("syn_retries", "last SYN at 123 s (60 s cap), give up at 183 s: R2 >= 3 min (RFC 1122 §4.2.3.5)"),
  C ("syn_slop", "none"),
  C ("syn_time_limit", "none: by count"),
  C ("synack_retries", "as SYN"),
  C ("synack_time_limit", "none"),
  C ("dup_syn", "RFC 9293 §3.10.7.4 fourth, RFC 5961 §4: challenge ACK"),
  C ("dup_syn_ratelimited", "the challenge ACK limit applies"),
  U ("backlog", "not in the RFC: 128 chosen"),
  C ("acceptq_pct", "the backlog"),
  C ("acceptq_extra", "the backlog"),
  C ("syn_backlog", "the backlog"),
  U ("acceptq_full_syn", "docs/profiles.md: - (SYN dropped chosen)"),
  C ("acceptq_full_ack", "no accept queue limit in the RFC"),
  C ("abort_on_overflow", "n/a"),
  U ("synq_full", "docs/profiles.md: - (SYN dropped chosen; RFC 4987 describes cookies)"),
  C ("cookie_mss", "no SYN cookies"),
  C ("cookie_period", "n/a"),
  C ("cookie_max_age", "n/a"),
  C ("retries2", "1+2+...+32+60+60+60 = 243 s > R2 = 100 s (RFC 1122 §4.2.3.5)"),
  C ("orphan_retries", "the RFCs do not distinguish orphans"),
  C ("giveup", "by count"),
  C ("time_wait", "2 MSL, MSL = 2 min (RFC 9293 §3.4.2)"),
  C ("fin_wait2_timeout", "none in the RFC"),
  C ("tw_reuse_syn", "RFC 1122 §4.2.2.13, RFC 9293 §3.6.1"),
  C ("tw_reuse_ts", "RFC 6191"),
  C ("tw_rst_ignore", "RFC 1337 §4 fix (F1): no TIME-WAIT assassination"),
  C ("tw_isn_gap", "RFC 1122 §4.2.2.13: ISN above the old one; Linux's gap"),
  C ("close_unread_rst", "RFC 9293 §3.10.4: CLOSE sends FIN (RFC 2525 §2.17 suggests RST; not in 9293)"),
  C ("rst_ack", "RFC 9293 §3.10.5 ABORT: <SEQ=SND.NXT><CTL=RST>"),
  C ("rst_win0", "RFC 9293: the window of the TCB"),
  C ("ack_unsent_drop", "RFC 9293 §3.10.7.4 fifth: send an ACK, drop the segment"),
  C ("reset_close_wait_epipe", "RFC 9293 §3.10.7.4: \"connection reset\" in every state"),
  C ("tlp", "none (RFC 8985 is separate)"),
  C ("tlp_min", "n/a"),
  C ("tlp_no_rtt", "n/a"),
  C ("delack", "< 500 ms (RFC 9293 §3.8.6.3): 200 ms"),
  C ("quickack", "none"),
  C ("rfc5961", "RFC 9293 §3.10.7.4 second and fourth, RFC 5961"),
  U ("challenge_ack_limit", "RFC 5961 §7 gives no number: one per window chosen"),
  U ("challenge_ack_window", "RFC 5961 §7 gives no number: 500 ms chosen"),
  C ("keepalive_idle", "RFC 9293 §3.8.4, RFC 1122 §4.2.3.6: at least two hours"),
  U ("keepalive_intvl", "not in the RFC: 75 s chosen"),
  U ("keepalive_probes", "not in the RFC: 9 chosen"),
  C ("keepalive_default", "RFC 1122 §4.2.3.6: MUST default to off"),
  C ("mss_default", "RFC 9293 §3.7.1: 536"),
  U ("mss", "Ethernet MTU 1500 - 40"),
  C ("win_syn", "16-bit window, no scaling"),
  C ("win_synack", "16-bit window, no scaling"),
  C ("wscale", "no RFC 7323 in the base profile"),
  C ("sack", "no RFC 2018 in the base profile"),
  C ("timestamps", "no RFC 7323 in the base profile"),
  C ("init_cwnd", "RFC 6928: 10"),
  C ("dupthresh", "RFC 5681 §3.2 fast retransmit (SHOULD), which RFC 9293 §3.8.2 points to"),
  C ("isn_tick", "RFC 9293 §3.4.1: 4 us clock"),
  C ("isn_hash", "RFC 9293 §3.4.1, RFC 6528: keyed hash"),
  C ("port_lo", "RFC 6335 §6: 49152-65535"),
  C ("port_hi", "RFC 6335 §6: 49152-65535"),
  C ("rtt_from_handshake", "RFC 6298 §5.7: a SYN may give the first RTT sample (the 3 s rule applies without one)"),
  C ("simopen_ack", "RFC 9293 §3.5 figure 8: no ACK after the crossing SYN-ACKs"),
  C ("user_timeout", "RFC 9293 §3.10.8 USER TIMEOUT, RFC 5482: none unless the user sets one"),
  C ("rcvbuf", "the 16-bit window it offers: 65535"),
  C ("win_round", "no window scaling in the base profile"),
  C ("zwp", "RFC 9293 §3.8.6.1: at least one octet of new data"),
  C ("ack_fin", "RFC 9293 §3.10.7.4 eighth asks for an ACK of the FIN; §3.8.6.3 lets it be delayed"),
  C ("dsack", "RFC 2883 is optional and the profile sends no SACK"),
  C ("data_on_final_ack", "RFC 9293 §3.10.7.3: queued data MAY be included with the ACK"),
  C ("fin_merge", "RFC 9293 §3.10.4 CLOSE: the FIN follows the queued data, in the same segment when it fits"),
  C ("so_rcvbuf", "the window it offers: 65535"),
  C ("rcvbuf_mss_round", "not in the RFC"),
  C ("rcv_wnd_from_buffer", "RFC 9293 §3.3.1: RCV.WND, the window advertised"),
  C ("ack_resends_fin", "RFC 9293 §3.10.7.4: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>"),
  C ("tw_bsd_check", "RFC 9293 §3.10.7.4: the processing of every synchronized state"),
  C ("rst_error_closing", "RFC 9293 §3.10.7.4 second: CLOSING, LAST-ACK: enter CLOSED, no signal"),
  C ("drop_synfin", "not in the RFC"),
  C ("listen_synack_drop", "RFC 9293 §3.10.7.2: any ACK draws <SEQ=SEG.ACK><CTL=RST>"),
  { NULL, FALSE, NULL },
};

/* ns-3 3.37: the attributes of ns3::TcpSocket (src/internet/model/
 * tcp-socket.cc) and ns3::TcpSocketBase (tcp-socket-base.cc), as its
 * attribute documentation gives them, and the rules of TcpSocketBase
 * that use them. */
static const SourceRow src_ns3[] = {
  C ("timers", "ns-3's Simulator runs every event at its scheduled time (nanosecond resolution)"),
  U ("hz", "1000 chosen; unused while timers are exact"),
  C ("rto_initial", "TcpSocket ConnTimeout = 3 s: the SYN timeout (SendEmptyPacket: m_rto = m_cnTimeout << n)"),
  C ("rto_min", "TcpSocketBase MinRto = 1 s"),
  U ("rto_max", "TcpSocketBase::ReTxTimeout caps data at 60 s, the SYN backoff has no cap: 96 s, the largest SYN interval with ConnCount 6, keeps the handshake exact"),
  C ("rto_min_on_var", "SendEmptyPacket: m_rto = Max (estimate + Max (ClockGranularity, 4 variation), MinRto) (RFC 6298 §2.4)"),
  C ("clock_granularity", "TcpSocketBase ClockGranularity = 1 ms"),
  C ("rto_slop", "none"),
  C ("rto_fallback", "none: no RFC 6298 §5.7 rule in TcpSocketBase"),
  C ("syn_linear", "SendEmptyPacket: backoff 1 << (ConnCount - m_synCount), doubling from the first"),
  C ("syn_retries", "TcpSocket ConnCount = 6 SYNs in all: 5 retransmissions at 3, 9, 21, 45, 93 s, failure at 189 s"),
  C ("syn_slop", "none"),
  C ("syn_time_limit", "none: ConnCount counts"),
  C ("synack_retries", "CompleteFork: m_synCount = ConnCount; SYN-ACKs on the SYN schedule"),
  C ("synack_time_limit", "none"),
  C ("dup_syn", "ProcessSynRcvd(): a SYN draws SendEmptyPacket (SYN|ACK), which takes one of m_synCount and leaves the running m_retxEvent"),
  C ("dup_syn_ratelimited", "no limiter"),
  U ("backlog", "Socket::Listen() has no backlog: 65535 chosen"),
  C ("acceptq_pct", "no accept queue limit"),
  C ("acceptq_extra", "no accept queue limit"),
  C ("syn_backlog", "no SYN queue limit"),
  C ("acceptq_full_syn", "no accept queue limit"),
  C ("acceptq_full_ack", "no accept queue limit"),
  C ("abort_on_overflow", "n/a"),
  C ("synq_full", "no SYN cookies in ns-3"),
  C ("cookie_mss", "no SYN cookies"),
  C ("cookie_period", "n/a"),
  C ("cookie_max_age", "n/a"),
  C ("retries2", "TcpSocket DataRetries = 6"),
  C ("orphan_retries", "no separate limit"),
  C ("giveup", "ReTxTimeout(): m_dataRetrCount counts down"),
  C ("time_wait", "TcpSocketBase MaxSegLifetime = 120 s; TimeWait() waits 2 * MSL"),
  U ("fin_wait2_timeout", "no FIN-WAIT-2 timer found in TcpSocketBase"),
  U ("tw_reuse_syn", "TIME_WAIT holds its end point; a new SYN is not accepted (chosen)"),
  C ("tw_reuse_ts", "no RFC 6191"),
  U ("tw_rst_ignore", "an RST closes (RFC 793 chosen)"),
  U ("tw_isn_gap", "n/a; Linux's value kept"),
  C ("tlp", "no tail loss probe by default (TcpClassicRecovery)"),
  C ("tlp_min", "n/a"),
  C ("tlp_no_rtt", "n/a"),
  C ("delack", "TcpSocket DelAckTimeout = 200 ms (DelAckCount = 2: every second segment at once)"),
  C ("quickack", "no quick-ACK mode"),
  C ("rfc5961", "no challenge ACKs in TcpSocketBase"),
  C ("challenge_ack_limit", "n/a"),
  C ("challenge_ack_window", "n/a"),
  U ("keepalive_idle", "no keepalive in ns-3: RFC 1122 value kept"),
  U ("keepalive_intvl", "no keepalive in ns-3"),
  U ("keepalive_probes", "no keepalive in ns-3"),
  C ("keepalive_default", "no keepalive in ns-3"),
  C ("mss_default", "TcpSocket SegmentSize = 536"),
  U ("mss", "TcpSocket SegmentSize = 536 (ns-3 sends no MSS option; tcpsim sends this value)"),
  C ("win_syn", "TcpSocketBase MaxWindowSize = 65535 (the SYN's window is not scaled)"),
  C ("win_synack", "TcpSocketBase MaxWindowSize = 65535"),
  U ("wscale", "TcpSocketBase WindowScaling = true; CalculateWScale(): RcvBufSize 131072 needs 2"),
  C ("sack", "TcpSocketBase Sack = true"),
  C ("timestamps", "TcpSocketBase Timestamp = true"),
  C ("init_cwnd", "TcpSocket InitialCwnd = 10 (1 before ns-3.32, CHANGES.md)"),
  C ("dupthresh", "TcpSocketBase ReTxThreshold = 3"),
  C ("isn_tick", "every connection starts at sequence 0 (m_tcb->m_nextTxSequence): a clock that never ticks"),
  C ("isn_hash", "ISN 0, no hash"),
  C ("port_lo", "Ipv4EndPointDemux: ephemeral ports 49152-65535"),
  C ("port_hi", "Ipv4EndPointDemux: ephemeral ports 49152-65535"),
  C ("rtt_from_handshake", "ProcessSynSent(): EstimateRtt() on the SYN-ACK; the first SYN is in the RTT history (UpdateRttHistory)"),
  U ("simopen_ack", "not checked in ProcessSynRcvd(); Linux's answer kept"),
  C ("user_timeout", "no TCP_USER_TIMEOUT attribute in TcpSocket"),
  C ("rcvbuf", "TcpSocket RcvBufSize = 131072"),
  C ("win_round", "TcpSocketBase::AdvertisedWindowSize(): w >>= m_rcvWindShift, truncated"),
  C ("zwp", "TcpSocketBase::PersistTimeout(): a one-byte probe of new data"),
  C ("ack_fin", "TcpSocketBase::DoPeerClose(): SendEmptyPacket (ACK) at once"),
  C ("dsack", "no D-SACK in TcpSocketBase"),
  C ("data_on_final_ack", "ProcessSynSent(): SendEmptyPacket (ACK), then SendPendingData: separate"),
  C ("fin_merge", "SendDataPacket(): FIN set when m_closeOnEmpty and no data remains"),
  C ("close_unread_rst", "TcpSocketBase::Close(): unread rx data -> SendRST() (bug 426)"),
  U ("rst_ack", "SendRST() -> SendEmptyPacket(RST): whether ACK is added not confirmed"),
  U ("rst_win0", "not confirmed: the current window chosen"),
  U ("ack_unsent_drop", "not confirmed: RFC 9293's ACK chosen"),
  C ("reset_close_wait_epipe", "ns-3 reports a reset through NotifyErrorClose, no errno by state"),
  C ("so_rcvbuf", "TcpSocket RcvBufSize = 131072"),
  C ("rcvbuf_mss_round", "no rounding in TcpSocketBase"),
  C ("rcv_wnd_from_buffer", "TcpRxBuffer: the advertised window"),
  C ("ack_resends_fin", "SendEmptyPacket(ACK): a bare ACK"),
  C ("tw_bsd_check", "TcpSocketBase::ProcessWait(): its own rules, RFC-like"),
  U ("rst_error_closing", "not confirmed: RFC 793 chosen"),
  C ("drop_synfin", "no such rule in TcpSocketBase"),
  U ("listen_synack_drop", "not confirmed: RFC 793 chosen"),
  { NULL, FALSE, NULL },
};

/* INET (OMNeT++): its Tcp module's parameters and TcpConnection's rules,
 * as the reference table gives them. */
static const SourceRow src_inet[] = {
  C ("timers", "OMNeT++ runs every event at its scheduled simulation time"),
  U ("hz", "1000 chosen; unused while timers are exact"),
  C ("rto_initial", "TCP_TIMEOUT_SYN_REXMIT = 3 s (TcpConnection); the reference table"),
  C ("rto_min", "MIN_REXMIT_TIMEOUT = 1 s (TcpBaseAlg)"),
  C ("rto_max", "MAX_REXMIT_TIMEOUT = 240 s (TcpBaseAlg)"),
  C ("rto_min_on_var", "TcpBaseAlg::rttMeasurementComplete(): srtt + 4 rttvar, bounded"),
  U ("clock_granularity", "1 ms chosen"),
  C ("rto_slop", "none"),
  C ("rto_fallback", "none: the initial RTO is already 3 s"),
  C ("syn_linear", "doubling from the first timeout"),
  C ("syn_retries", "MAX_SYN_REXMIT_COUNT = 12; the 75 s bound comes first"),
  C ("syn_slop", "none"),
  C ("syn_time_limit", "TCP_TIMEOUT_CONN_ESTAB = 75 s: connect gives up whatever the count"),
  C ("synack_retries", "MAX_SYN_REXMIT_COUNT = 12, capped at 240 s"),
  C ("synack_time_limit", "TCP_TIMEOUT_CONN_ESTAB = 75 s: the half-open entry returns to LISTEN"),
  U ("dup_syn", "processSegment1stThru8th(): the repeated SYN fails the sequence check: ACK (RFC 793 chosen)"),
  C ("dup_syn_ratelimited", "no limiter"),
  U ("backlog", "no listen backlog: 65535 chosen"),
  C ("acceptq_pct", "no accept queue limit"),
  C ("acceptq_extra", "no accept queue limit"),
  C ("syn_backlog", "no SYN queue limit"),
  C ("acceptq_full_syn", "no accept queue limit"),
  C ("acceptq_full_ack", "no accept queue limit"),
  C ("abort_on_overflow", "n/a"),
  C ("synq_full", "no SYN cookies"),
  C ("cookie_mss", "no SYN cookies"),
  C ("cookie_period", "n/a"),
  C ("cookie_max_age", "n/a"),
  C ("retries2", "MAX_REXMIT_COUNT = 12"),
  C ("orphan_retries", "no separate limit"),
  C ("giveup", "by count"),
  C ("time_wait", "TCP_TIMEOUT_2MSL = 2 * 120 s"),
  C ("fin_wait2_timeout", "TCP_TIMEOUT_FIN_WAIT_2 = 600 s"),
  U ("tw_reuse_syn", "RFC 1122 §4.2.2.13 not implemented (chosen)"),
  C ("tw_reuse_ts", "no RFC 6191"),
  U ("tw_rst_ignore", "RFC 793: an RST closes (chosen)"),
  U ("tw_isn_gap", "n/a; Linux's value kept"),
  C ("tlp", "no tail loss probe"),
  C ("tlp_min", "n/a"),
  C ("tlp_no_rtt", "n/a"),
  C ("delack", "TCP_TIMEOUT_DELAYEDACK = 200 ms (delayedAcksEnabled)"),
  C ("quickack", "no quick-ACK mode"),
  U ("rfc5961", "RFC 793 RST and SYN processing (chosen)"),
  C ("challenge_ack_limit", "n/a"),
  C ("challenge_ack_window", "n/a"),
  U ("keepalive_idle", "no keepalive in INET: RFC 1122 value kept"),
  U ("keepalive_intvl", "no keepalive in INET"),
  U ("keepalive_probes", "no keepalive in INET"),
  C ("keepalive_default", "no keepalive in INET"),
  C ("mss_default", "RFC 9293 §3.7.1: 536"),
  C ("mss", "mss = 1024 in its test bench (the reference table)"),
  C ("win_syn", "advertisedWindow = 16384"),
  C ("win_synack", "advertisedWindow = 16384"),
  U ("wscale", "windowScalingSupport = false (chosen)"),
  U ("sack", "sackSupport = false (chosen)"),
  U ("timestamps", "timestampSupport = false (chosen)"),
  U ("init_cwnd", "TcpReno: one segment without increasedIWEnabled (chosen)"),
  C ("dupthresh", "dupthresh = 3 (TcpReno)"),
  C ("isn_tick", "ISN from a 4 us clock: 250,000 a second of simulated time, 0 at time 0"),
  C ("isn_hash", "the clock alone"),
  U ("port_lo", "Tcp::getEphemeralPort(): 1024-5000"),
  U ("port_hi", "Tcp::getEphemeralPort(): 1024-5000"),
  C ("rtt_from_handshake", "the reference table: no sample from the handshake, the first data RTO is 3 s"),
  C ("simopen_ack", "the reference table: each side's SYN-ACK completes the other's handshake, no extra ACK"),
  C ("user_timeout", "no user timeout in TcpConnection"),
  U ("rcvbuf", "TcpConnection advertisedWindow = 14 * mss (14336) in the default configuration; not the socket buffer"),
  C ("win_round", "no window scaling (windowScalingSupport false)"),
  U ("zwp", "TcpConnection persist timer: one byte of new data (RFC 793)"),
  C ("ack_fin", "ACK of a FIN sent at once (the reference table)"),
  U ("dsack", "no D-SACK found in INET's TcpConnection"),
  C ("data_on_final_ack", "queued data rides on the handshake's final ACK (the reference table)"),
  U ("fin_merge", "TcpConnection::sendData(): FIN on the last data segment when closing"),
  U ("close_unread_rst", "not confirmed: RFC 793's FIN chosen"),
  U ("rst_ack", "TcpConnection::sendRst(): <SEQ=SND.NXT><CTL=RST> as RFC 793, not confirmed"),
  U ("rst_win0", "not confirmed: the current window chosen"),
  U ("ack_unsent_drop", "not confirmed: RFC 793's ACK chosen"),
  C ("reset_close_wait_epipe", "INET reports a reset as an indication, no errno by state"),
  U ("so_rcvbuf", "the advertised window, 14 * mss chosen"),
  U ("rcvbuf_mss_round", "not confirmed: off chosen"),
  U ("rcv_wnd_from_buffer", "not confirmed: the advertised window chosen"),
  U ("ack_resends_fin", "not confirmed: a bare ACK chosen"),
  U ("tw_bsd_check", "not confirmed: RFC 793 chosen"),
  U ("rst_error_closing", "not confirmed: RFC 793 chosen"),
  U ("drop_synfin", "not confirmed: off chosen"),
  U ("listen_synack_drop", "not confirmed: RFC 793 chosen"),
  { NULL, FALSE, NULL },
};

#undef C
#undef U

/* ---- values --------------------------------------------------------------- */

#define LINUX_COMMON                                                                   \
  .rto_initial = 1 * SIM_S, .rto_min = 200 * SIM_MS, .rto_max = 120 * SIM_S,           \
  .rto_min_on_var = TRUE, .clock_granularity = 1 * SIM_MS, .rto_slop = 0,              \
  .rto_fallback = 3 * SIM_S, .timers = TCP_TIMERS_WHEEL, .hz = 250,                   \
  .syn_retries = 6, .syn_slop = 0, .syn_time_limit = 0,                                \
  .synack_retries = 5, .synack_time_limit = 0,                                         \
  .dup_syn = TCP_DUPSYN_RESEND_SYNACK, .dup_syn_ratelimited = TRUE,                    \
  .backlog = 4096, .acceptq_pct = 100, .acceptq_extra = 1, .syn_backlog = 0,           \
  .acceptq_full_syn = TCP_OVERFLOW_DROP, .acceptq_full_ack = TCP_OVERFLOW_DROP,        \
  .abort_on_overflow = FALSE, .synq_full = TCP_SYNQ_COOKIES,                           \
  .cookie_mss = { 536, 1300, 1440, 1460 }, .cookie_mss_n = 4,                          \
  .cookie_period = 60 * SIM_S, .cookie_max_age = 2,                                    \
  .retries2 = 15, .orphan_retries = 8, .giveup = TCP_GIVEUP_MODEL_TIME,                \
  .time_wait = 60 * SIM_S, .fin_wait2_timeout = 60 * SIM_S,                            \
  .tw_reuse_syn = TRUE, .tw_reuse_ts = TRUE, .tw_rst_ignore = FALSE,                   \
  .tw_isn_gap = 65535 + 2, .close_unread_rst = TRUE,                                   \
  .rst_ack = TRUE, .rst_win0 = FALSE, .ack_unsent_drop = TRUE,                          \
  .reset_close_wait_epipe = TRUE, .so_rcvbuf = 131072, .rst_error_closing = TRUE,      \
  .tlp = TRUE, .tlp_min = 2 * SIM_MS, .tlp_no_rtt = 1 * SIM_S,                         \
  .delack = 40 * SIM_MS, .quickack = 16,                                               \
  .rfc5961 = TRUE, .challenge_ack_limit = 1, .challenge_ack_window = 500 * SIM_MS,      \
  .keepalive_idle = 7200 * SIM_S, .keepalive_intvl = 75 * SIM_S,                       \
  .keepalive_probes = 9, .keepalive_default = FALSE,                                   \
  .mss_default = 536, .mss = 1460, .win_syn = 64240, .win_synack = 65160,              \
  .sack = TRUE, .timestamps = TRUE, .init_cwnd = 10, .dupthresh = 3,                  \
  .isn_tick = 64 * SIM_NS, .isn_hash = TRUE, .port_lo = 32768, .port_hi = 60999,       \
  .rtt_from_handshake = TRUE, .simopen_ack = TRUE, .user_timeout = 0,                     \
  .rcvbuf = 65536, .win_round = TRUE, .zwp = TCP_ZWP_ACK, .ack_fin = TCP_ACKFIN_DELAYED,   \
  .dsack = TRUE, .data_on_final_ack = FALSE, .fin_merge = TRUE

typedef struct
{
  TcpProfile p;
  const SourceRow *src;
  const SourceRow *src_base; /* rows not in src, for a variant */
} Entry;

static const Entry profiles[] = {
  {
    .p = { .name = "linux", .summary = "Linux >= 6.5 defaults (measured on 6.18)",
           LINUX_COMMON, .syn_linear = 4, .wscale = 10 },
    .src = src_linux,
  },
  {
    .p = { .name = "linux-classic",
           .summary = "Linux before 6.5: SYN backoff doubles from the first timeout",
           LINUX_COMMON, .syn_linear = 0, .wscale = 7 },
    .src = src_linux_classic, .src_base = src_linux,
  },
  {
    .p = {
      .name = "freebsd", .summary = "FreeBSD 14 defaults",
      .rto_initial = 1 * SIM_S, .rto_min = 30 * SIM_MS, .rto_max = 64 * SIM_S,
      .rto_min_on_var = FALSE, .clock_granularity = 1 * SIM_MS, .rto_slop = 200 * SIM_MS,
      .rto_fallback = 0, .timers = TCP_TIMERS_EXACT, .hz = 1000,
      .syn_linear = 0, .syn_retries = 12, .syn_slop = 200 * SIM_MS,
      .syn_time_limit = 75 * SIM_S, .synack_retries = 3, .synack_time_limit = 0,
      .dup_syn = TCP_DUPSYN_RESEND_RESTART, .dup_syn_ratelimited = FALSE,
      .backlog = 128, .acceptq_pct = 150, .acceptq_extra = 1, .syn_backlog = 15360,
      .acceptq_full_syn = TCP_OVERFLOW_NONE, .acceptq_full_ack = TCP_OVERFLOW_RST,
      .abort_on_overflow = FALSE, .synq_full = TCP_SYNQ_COOKIES,
      .cookie_mss = { 216, 536, 1200, 1360, 1400, 1440, 1452, 1460 }, .cookie_mss_n = 8,
      .cookie_period = 15 * SIM_S, .cookie_max_age = 2,
      .retries2 = 12, .orphan_retries = 0, .giveup = TCP_GIVEUP_COUNT,
      .time_wait = 60 * SIM_S, .fin_wait2_timeout = 600 * SIM_S,
      .tw_reuse_syn = TRUE, .tw_reuse_ts = FALSE, .tw_rst_ignore = TRUE,
      .tw_isn_gap = 65535 + 2, .rst_error_closing = TRUE, .so_rcvbuf = 65536,
      .rcvbuf_mss_round = TRUE, .rcv_wnd_from_buffer = TRUE, .ack_resends_fin = TRUE,
      .tw_bsd_check = TRUE, .listen_synack_drop = TRUE,
      .rst_ack = TRUE, .rst_win0 = TRUE, .ack_unsent_drop = FALSE,
      .tlp = FALSE, .tlp_min = 0, .tlp_no_rtt = 0,
      .delack = 40 * SIM_MS, .quickack = 0,
      .rfc5961 = TRUE, .challenge_ack_limit = 5, .challenge_ack_window = 1 * SIM_S,
      .keepalive_idle = 7200 * SIM_S, .keepalive_intvl = 75 * SIM_S,
      .keepalive_probes = 8, .keepalive_default = TRUE,
      .mss_default = 536, .mss = 1460, .win_syn = 65535, .win_synack = 65535, .wscale = 6,
      .sack = TRUE, .timestamps = TRUE, .init_cwnd = 10, .dupthresh = 3,
      .isn_tick = 954 * SIM_NS, .isn_hash = TRUE, .port_lo = 10000, .port_hi = 65535,
      .rtt_from_handshake = TRUE, .simopen_ack = TRUE, .user_timeout = 0,
      .rcvbuf = 65536, .win_round = FALSE, .zwp = TCP_ZWP_DATA, .ack_fin = TCP_ACKFIN_NOW,
      .dsack = TRUE, .data_on_final_ack = TRUE, .fin_merge = TRUE,
    },
    .src = src_freebsd,
  },
  {
    .p = {
      .name = "macos", .summary = "macOS (xnu) defaults",
      .rto_initial = 1 * SIM_S, .rto_min = 100 * SIM_MS, .rto_max = 64 * SIM_S,
      .rto_min_on_var = FALSE, .clock_granularity = 1 * SIM_MS, .rto_slop = 200 * SIM_MS,
      .rto_fallback = 0, .timers = TCP_TIMERS_EXACT, .hz = 100,
      .syn_linear = 4, .syn_retries = 8, .syn_slop = 0, .syn_time_limit = 75 * SIM_S,
      .synack_retries = 12, .synack_time_limit = 75 * SIM_S,
      .dup_syn = TCP_DUPSYN_RESEND_SYNACK, .dup_syn_ratelimited = FALSE,
      .backlog = 128, .acceptq_pct = 100, .acceptq_extra = 0, .syn_backlog = 0,
      .acceptq_full_syn = TCP_OVERFLOW_DROP, .acceptq_full_ack = TCP_OVERFLOW_NONE,
      .abort_on_overflow = FALSE, .synq_full = TCP_SYNQ_EVICT,
      .cookie_mss_n = 0, .cookie_period = 0, .cookie_max_age = 0,
      .retries2 = 12, .orphan_retries = 0, .giveup = TCP_GIVEUP_COUNT,
      .time_wait = 30 * SIM_S, .fin_wait2_timeout = 60 * SIM_S,
      .tw_reuse_syn = TRUE, .tw_reuse_ts = FALSE, .tw_rst_ignore = TRUE,
      .tw_isn_gap = 65535 + 2, .rst_error_closing = TRUE, .drop_synfin = TRUE,
      .so_rcvbuf = 131072, .rcvbuf_mss_round = TRUE, .rcv_wnd_from_buffer = TRUE,
      .ack_resends_fin = TRUE, .tw_bsd_check = TRUE, .listen_synack_drop = TRUE,
      .rst_ack = TRUE, .rst_win0 = TRUE, .ack_unsent_drop = FALSE,
      .tlp = FALSE, .tlp_min = 0, .tlp_no_rtt = 0,
      .delack = 100 * SIM_MS, .quickack = 0,
      .rfc5961 = TRUE, .challenge_ack_limit = 10, .challenge_ack_window = 1 * SIM_S,
      .keepalive_idle = 7200 * SIM_S, .keepalive_intvl = 75 * SIM_S,
      .keepalive_probes = 8, .keepalive_default = FALSE,
      .mss_default = 536, .mss = 1460, .win_syn = 65535, .win_synack = 65535, .wscale = 6,
      .sack = TRUE, .timestamps = TRUE, .init_cwnd = 10, .dupthresh = 3,
      .isn_tick = 128 * SIM_NS, .isn_hash = TRUE, .port_lo = 49152, .port_hi = 65535,
      .rtt_from_handshake = TRUE, .simopen_ack = TRUE, .user_timeout = 0,
      .rcvbuf = 131072, .win_round = FALSE, .zwp = TCP_ZWP_DATA, .ack_fin = TCP_ACKFIN_NOW,
      .dsack = FALSE, .data_on_final_ack = TRUE, .fin_merge = TRUE,
    },
    .src = src_macos,
  },
  {
    .p = {
      .name = "windows", .summary = "Windows 10/11 defaults (mostly unconfirmed)",
      .rto_initial = 3 * SIM_S, .rto_min = 300 * SIM_MS, .rto_max = 60 * SIM_S,
      .rto_min_on_var = FALSE, .clock_granularity = 1 * SIM_MS, .rto_slop = 0,
      .rto_fallback = 0, .timers = TCP_TIMERS_EXACT, .hz = 64,
      .syn_linear = 0, .syn_retries = 2, .syn_slop = 0, .syn_time_limit = 0,
      .synack_retries = 2, .synack_time_limit = 0,
      .dup_syn = TCP_DUPSYN_RESEND_SYNACK, .dup_syn_ratelimited = FALSE,
      .backlog = 200, .acceptq_pct = 100, .acceptq_extra = 0, .syn_backlog = 0,
      .acceptq_full_syn = TCP_OVERFLOW_RST, .acceptq_full_ack = TCP_OVERFLOW_NONE,
      .abort_on_overflow = FALSE, .synq_full = TCP_SYNQ_DROP,
      .cookie_mss_n = 0, .cookie_period = 0, .cookie_max_age = 0,
      .retries2 = 5, .orphan_retries = 0, .giveup = TCP_GIVEUP_COUNT,
      .time_wait = 120 * SIM_S, .fin_wait2_timeout = 240 * SIM_S,
      .tw_reuse_syn = TRUE, .tw_reuse_ts = FALSE, .tw_rst_ignore = FALSE,
      .tw_isn_gap = 65535 + 2, .rst_error_closing = TRUE, .so_rcvbuf = 65536,
      .close_unread_rst = TRUE,
      .rst_ack = TRUE, .rst_win0 = FALSE, .ack_unsent_drop = FALSE,
      .tlp = FALSE, .tlp_min = 0, .tlp_no_rtt = 0,
      .delack = 200 * SIM_MS, .quickack = 0,
      .rfc5961 = TRUE, .challenge_ack_limit = 0, .challenge_ack_window = 0,
      .keepalive_idle = 7200 * SIM_S, .keepalive_intvl = 1 * SIM_S,
      .keepalive_probes = 10, .keepalive_default = FALSE,
      .mss_default = 536, .mss = 1460, .win_syn = 64240, .win_synack = 64240, .wscale = 8,
      .sack = TRUE, .timestamps = FALSE, .init_cwnd = 10, .dupthresh = 3,
      .isn_tick = 4 * SIM_US, .isn_hash = TRUE, .port_lo = 49152, .port_hi = 65535,
      .rtt_from_handshake = TRUE, .simopen_ack = TRUE, .user_timeout = 0,
      .rcvbuf = 65536, .win_round = FALSE, .zwp = TCP_ZWP_DATA, .ack_fin = TCP_ACKFIN_DELAYED,
      .dsack = FALSE, .data_on_final_ack = FALSE, .fin_merge = TRUE,
    },
    .src = src_windows,
  },
  {
    .p = {
      .name = "rfc793", .summary = "RFC 793 with RFC 1122 (Jacobson/Karn timers, R2)",
      .rto_initial = 3 * SIM_S, .rto_min = 1 * SIM_S, .rto_max = 60 * SIM_S,
      .rto_min_on_var = FALSE, .clock_granularity = 1 * SIM_MS, .rto_slop = 0,
      .rto_fallback = 0, .timers = TCP_TIMERS_EXACT, .hz = 1000,
      .syn_linear = 0, .syn_retries = 6, .syn_slop = 0, .syn_time_limit = 0,
      .synack_retries = 6, .synack_time_limit = 0,
      .dup_syn = TCP_DUPSYN_ACK, .dup_syn_ratelimited = FALSE,
      .backlog = 128, .acceptq_pct = 100, .acceptq_extra = 0, .syn_backlog = 0,
      .acceptq_full_syn = TCP_OVERFLOW_DROP, .acceptq_full_ack = TCP_OVERFLOW_NONE,
      .abort_on_overflow = FALSE, .synq_full = TCP_SYNQ_DROP,
      .cookie_mss_n = 0, .cookie_period = 0, .cookie_max_age = 0,
      .retries2 = 8, .orphan_retries = 0, .giveup = TCP_GIVEUP_COUNT,
      .time_wait = 240 * SIM_S, .fin_wait2_timeout = 0,
      .tw_reuse_syn = TRUE, .tw_reuse_ts = FALSE, .tw_rst_ignore = FALSE,
      .tw_isn_gap = 65535 + 2, .so_rcvbuf = 65535,
      .tlp = FALSE, .tlp_min = 0, .tlp_no_rtt = 0,
      .delack = 0, .quickack = 0,
      .rfc5961 = FALSE, .challenge_ack_limit = 0, .challenge_ack_window = 0,
      .keepalive_idle = 7200 * SIM_S, .keepalive_intvl = 75 * SIM_S,
      .keepalive_probes = 9, .keepalive_default = FALSE,
      .mss_default = 536, .mss = 1460, .win_syn = 65535, .win_synack = 65535, .wscale = 0xff,
      .sack = FALSE, .timestamps = FALSE, .init_cwnd = 1, .dupthresh = 0,
      .isn_tick = 4 * SIM_US, .isn_hash = FALSE, .port_lo = 49152, .port_hi = 65535,
      .rtt_from_handshake = TRUE, .simopen_ack = FALSE, .user_timeout = 0,
      .rcvbuf = 65535, .win_round = FALSE, .zwp = TCP_ZWP_DATA, .ack_fin = TCP_ACKFIN_NOW,
      .dsack = FALSE, .data_on_final_ack = TRUE, .fin_merge = TRUE,
    },
    .src = src_rfc793,
  },
  {
    .p = {
      .name = "rfc9293", .summary = "RFC 9293 with RFC 6298 timers, RFC 1122 limits, RFC 5961",
      .rto_initial = 1 * SIM_S, .rto_min = 1 * SIM_S, .rto_max = 60 * SIM_S,
      .rto_min_on_var = FALSE, .clock_granularity = 1 * SIM_MS, .rto_slop = 0,
      .rto_fallback = 3 * SIM_S, .timers = TCP_TIMERS_EXACT, .hz = 1000,
      .syn_linear = 0, .syn_retries = 7, .syn_slop = 0, .syn_time_limit = 0,
      .synack_retries = 7, .synack_time_limit = 0,
      .dup_syn = TCP_DUPSYN_CHALLENGE_ACK, .dup_syn_ratelimited = TRUE,
      .backlog = 128, .acceptq_pct = 100, .acceptq_extra = 0, .syn_backlog = 0,
      .acceptq_full_syn = TCP_OVERFLOW_DROP, .acceptq_full_ack = TCP_OVERFLOW_NONE,
      .abort_on_overflow = FALSE, .synq_full = TCP_SYNQ_DROP,
      .cookie_mss_n = 0, .cookie_period = 0, .cookie_max_age = 0,
      .retries2 = 8, .orphan_retries = 0, .giveup = TCP_GIVEUP_COUNT,
      .time_wait = 240 * SIM_S, .fin_wait2_timeout = 0,
      .tw_reuse_syn = TRUE, .tw_reuse_ts = TRUE, .tw_rst_ignore = TRUE,
      .tw_isn_gap = 65535 + 2, .so_rcvbuf = 65535,
      .tlp = FALSE, .tlp_min = 0, .tlp_no_rtt = 0,
      .delack = 200 * SIM_MS, .quickack = 0,
      .rfc5961 = TRUE, .challenge_ack_limit = 1, .challenge_ack_window = 500 * SIM_MS,
      .keepalive_idle = 7200 * SIM_S, .keepalive_intvl = 75 * SIM_S,
      .keepalive_probes = 9, .keepalive_default = FALSE,
      .mss_default = 536, .mss = 1460, .win_syn = 65535, .win_synack = 65535, .wscale = 0xff,
      .sack = FALSE, .timestamps = FALSE, .init_cwnd = 10, .dupthresh = 3,
      .isn_tick = 4 * SIM_US, .isn_hash = TRUE, .port_lo = 49152, .port_hi = 65535,
      .rtt_from_handshake = TRUE, .simopen_ack = FALSE, .user_timeout = 0,
      .rcvbuf = 65535, .win_round = FALSE, .zwp = TCP_ZWP_DATA, .ack_fin = TCP_ACKFIN_DELAYED,
      .dsack = FALSE, .data_on_final_ack = TRUE, .fin_merge = TRUE,
    },
    .src = src_rfc9293,
  },
  {
    .p = {
      .name = "ns3", .summary = "ns-3 3.37 TcpSocket/TcpSocketBase defaults",
      .rto_initial = 3 * SIM_S, .rto_min = 1 * SIM_S, .rto_max = 96 * SIM_S,
      .rto_min_on_var = FALSE, .clock_granularity = 1 * SIM_MS, .rto_slop = 0,
      .rto_fallback = 0, .timers = TCP_TIMERS_EXACT, .hz = 1000,
      .syn_linear = 0, .syn_retries = 5, .syn_slop = 0, .syn_time_limit = 0,
      .synack_retries = 5, .synack_time_limit = 0,
      .dup_syn = TCP_DUPSYN_RESEND_KEEP, .dup_syn_ratelimited = FALSE,
      .backlog = 65535, .acceptq_pct = 100, .acceptq_extra = 0, .syn_backlog = 0,
      .acceptq_full_syn = TCP_OVERFLOW_NONE, .acceptq_full_ack = TCP_OVERFLOW_NONE,
      .abort_on_overflow = FALSE, .synq_full = TCP_SYNQ_DROP,
      .cookie_mss_n = 0, .cookie_period = 0, .cookie_max_age = 0,
      .retries2 = 6, .orphan_retries = 0, .giveup = TCP_GIVEUP_COUNT,
      .time_wait = 240 * SIM_S, .fin_wait2_timeout = 0,
      .tw_reuse_syn = FALSE, .tw_reuse_ts = FALSE, .tw_rst_ignore = FALSE,
      .tw_isn_gap = 65535 + 2, .so_rcvbuf = 131072, .close_unread_rst = TRUE,
      .tlp = FALSE, .tlp_min = 0, .tlp_no_rtt = 0,
      .delack = 200 * SIM_MS, .quickack = 0,
      .rfc5961 = FALSE, .challenge_ack_limit = 0, .challenge_ack_window = 0,
      .keepalive_idle = 7200 * SIM_S, .keepalive_intvl = 75 * SIM_S,
      .keepalive_probes = 9, .keepalive_default = FALSE,
      .mss_default = 536, .mss = 536, .win_syn = 65535, .win_synack = 65535, .wscale = 2,
      .sack = TRUE, .timestamps = TRUE, .init_cwnd = 10, .dupthresh = 3,
      .isn_tick = TCP_PROFILE_TIME_MAX, .isn_hash = FALSE, .port_lo = 49152, .port_hi = 65535,
      .rtt_from_handshake = TRUE, .simopen_ack = TRUE, .user_timeout = 0,
      .rcvbuf = 131072, .win_round = FALSE, .zwp = TCP_ZWP_DATA, .ack_fin = TCP_ACKFIN_NOW,
      .dsack = FALSE, .data_on_final_ack = FALSE, .fin_merge = TRUE,
    },
    .src = src_ns3,
  },
  {
    .p = {
      .name = "inet", .summary = "INET (OMNeT++) Tcp module defaults",
      .rto_initial = 3 * SIM_S, .rto_min = 1 * SIM_S, .rto_max = 240 * SIM_S,
      .rto_min_on_var = FALSE, .clock_granularity = 1 * SIM_MS, .rto_slop = 0,
      .rto_fallback = 0, .timers = TCP_TIMERS_EXACT, .hz = 1000,
      .syn_linear = 0, .syn_retries = 12, .syn_slop = 0, .syn_time_limit = 75 * SIM_S,
      .synack_retries = 12, .synack_time_limit = 75 * SIM_S,
      .dup_syn = TCP_DUPSYN_ACK, .dup_syn_ratelimited = FALSE,
      .backlog = 65535, .acceptq_pct = 100, .acceptq_extra = 0, .syn_backlog = 0,
      .acceptq_full_syn = TCP_OVERFLOW_NONE, .acceptq_full_ack = TCP_OVERFLOW_NONE,
      .abort_on_overflow = FALSE, .synq_full = TCP_SYNQ_DROP,
      .cookie_mss_n = 0, .cookie_period = 0, .cookie_max_age = 0,
      .retries2 = 12, .orphan_retries = 0, .giveup = TCP_GIVEUP_COUNT,
      .time_wait = 240 * SIM_S, .fin_wait2_timeout = 600 * SIM_S,
      .tw_reuse_syn = FALSE, .tw_reuse_ts = FALSE, .tw_rst_ignore = FALSE,
      .tw_isn_gap = 65535 + 2, .so_rcvbuf = 14336,
      .tlp = FALSE, .tlp_min = 0, .tlp_no_rtt = 0,
      .delack = 200 * SIM_MS, .quickack = 0,
      .rfc5961 = FALSE, .challenge_ack_limit = 0, .challenge_ack_window = 0,
      .keepalive_idle = 7200 * SIM_S, .keepalive_intvl = 75 * SIM_S,
      .keepalive_probes = 9, .keepalive_default = FALSE,
      .mss_default = 536, .mss = 1024, .win_syn = 16384, .win_synack = 16384, .wscale = 0xff,
      .sack = FALSE, .timestamps = FALSE, .init_cwnd = 1, .dupthresh = 3,
      .isn_tick = 4 * SIM_US, .isn_hash = FALSE, .port_lo = 1024, .port_hi = 5000,
      .rtt_from_handshake = FALSE, .simopen_ack = FALSE, .user_timeout = 0,
      .rcvbuf = 14336, .win_round = FALSE, .zwp = TCP_ZWP_DATA, .ack_fin = TCP_ACKFIN_NOW,
      .dsack = FALSE, .data_on_final_ack = TRUE, .fin_merge = TRUE,
    },
    .src = src_inet,
  },
};

static const Entry *
entry_of (const TcpProfile *p)
{
  for (gsize i = 0; i < G_N_ELEMENTS (profiles); i++)
    if (p == &profiles[i].p || g_strcmp0 (p->name, profiles[i].p.name) == 0)
      return &profiles[i];
  return NULL;
}

const TcpProfile *
tcp_profile_lookup (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (profiles); i++)
    if (g_strcmp0 (profiles[i].p.name, name) == 0)
      return &profiles[i].p;
  return NULL;
}

char *
tcp_profile_names (void)
{
  /* From the table, so a new profile is listed without another edit. */
  GString *names = g_string_new ("");
  for (gsize i = 0; i < G_N_ELEMENTS (profiles); i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "", profiles[i].p.name);
  return g_string_free (names, FALSE);
}

guint
tcp_profile_count (void)
{
  return G_N_ELEMENTS (profiles);
}

const TcpProfile *
tcp_profile_nth (guint i)
{
  g_return_val_if_fail (i < G_N_ELEMENTS (profiles), NULL);
  return &profiles[i].p;
}

/* ---- the fields ----------------------------------------------------------- */

static const char *const dupsyn_names[] = { "ack", "challenge-ack", "synack", "synack-restart",
                                             "synack-keep", "ignore", NULL };
static const char *const giveup_names[] = { "count", "model-time", NULL };
static const char *const overflow_names[] = { "none", "drop", "rst", NULL };
static const char *const synq_names[] = { "drop", "cookies", "evict", NULL };
static const char *const timers_names[] = { "exact", "wheel", NULL };
static const char *const zwp_names[] = { "data", "ack", NULL };
static const char *const ackfin_names[] = { "now", "delayed", NULL };

/* Each row: the key, the label `tcpsim profiles` prints, then how a
 * scenario host line reads it (bounds) and what the reference page says of
 * it.  A bound here refuses only what cannot work (a zero ISN tick divides
 * by zero, RFC 7323 §2.3 caps the window scale at 14, a zero keepalive
 * interval or idle time re-arms its timer at the same instant forever, a
 * zero RTO retransmits at the instant it sends); every time is at most
 * TCP_PROFILE_TIME_MAX; values that the built-in profiles or existing
 * scenarios use are all inside. */
#define TIME(k, lo) .key = #k, .kind = TCP_PF_TIME, .offset = G_STRUCT_OFFSET (TcpProfile, k), \
    .min = (lo), .max = TCP_PROFILE_TIME_MAX
#define UINT(k, lo, hi) .key = #k, .kind = TCP_PF_UINT, .offset = G_STRUCT_OFFSET (TcpProfile, k), \
    .min = (lo), .max = (hi)
#define U16(k, lo) .key = #k, .kind = TCP_PF_U16, .offset = G_STRUCT_OFFSET (TcpProfile, k), \
    .min = (lo), .max = 65535
#define BOOL(k) .key = #k, .kind = TCP_PF_BOOL, .offset = G_STRUCT_OFFSET (TcpProfile, k)
#define ENUM(k, n) .key = #k, .kind = TCP_PF_ENUM, .offset = G_STRUCT_OFFSET (TcpProfile, k), .names = (n)

static const TcpProfileField fields[] = {
  { TIME (rto_initial, 1), .label = "initial RTO",
    .doc = "initial retransmission timeout (RFC 6298 §2.1)" },
  { TIME (rto_min, 0), .label = "minimum RTO",
    .doc = "lower bound of the RTO (RFC 6298 §2.4); at most `rto_max`" },
  { TIME (rto_max, 1), .label = "maximum RTO", .doc = "upper bound of the RTO (RFC 6298 §2.5)" },
  { BOOL (rto_min_on_var), .label = "rto_min bounds the variance term",
    .doc = "RTO = SRTT + max(4·RTTVAR, `rto_min`) (Linux) instead of max(`rto_min`, SRTT + 4·RTTVAR)" },
  { TIME (clock_granularity, 0), .label = "clock granularity G",
    .doc = "the clock granularity G of RFC 6298 §2" },
  { TIME (rto_slop, 0), .label = "slop added to the data RTO",
    .doc = "added to every data RTO (BSD `tcp_rexmit_slop`)" },
  { TIME (rto_fallback, 0), .label = "RTO after a retransmitted SYN, no sample",
    .doc = "RTO for data after a retransmitted SYN without an RTT sample (RFC 6298 §5.7); 0: none" },
  { ENUM (timers, timers_names), .label = "timer model",
    .doc = "when timers fire: `exact` at their nominal instants, or `wheel` as a Linux kernel's "
           "(timeouts in whole jiffies, the expiry rounded up on the timer wheel, from the host's "
           "`jiffies_phase`; the RTO kept in jiffies)" },
  { UINT (hz, 1, 100000), .label = "timer ticks a second (HZ)",
    .doc = "jiffies a second of the `wheel` timer model (Linux CONFIG_HZ)" },
  { UINT (syn_linear, 0, 255), .label = "SYN timeouts before doubling",
    .doc = "SYN timeouts at the initial RTO before the backoff doubles (Linux `tcp_syn_linear_timeouts`)" },
  { UINT (syn_retries, 0, 255), .label = "SYN retransmissions after those",
    .doc = "SYN retransmissions after the flat ones (Linux `tcp_syn_retries`)" },
  { TIME (syn_slop, 0), .label = "slop added to handshake timeouts",
    .doc = "added to every doubled handshake timeout" },
  { TIME (syn_time_limit, 0), .label = "connect() time bound",
    .doc = "connect() gives up this long after the first SYN whatever the count; 0: none" },
  { UINT (synack_retries, 0, 255), .label = "SYN-ACK retransmissions",
    .doc = "SYN-ACK retransmissions, doubling from `rto_initial` (Linux `tcp_synack_retries`)" },
  { TIME (synack_time_limit, 0), .label = "SYN-RECEIVED time bound",
    .doc = "a passive open is dropped this long after its first SYN-ACK; 0: none" },
  { ENUM (dup_syn, dupsyn_names), .label = "duplicate SYN in SYN-RECEIVED",
    .doc = "answer to a duplicate SYN in SYN-RECEIVED: ACK (RFC 793), challenge ACK (RFC 5961 §4), "
           "SYN-ACK with the timer re-armed to now + the current interval, count kept (Linux), "
           "SYN-ACK with the schedule restarted (FreeBSD), SYN-ACK counted as a retransmission with "
           "the timer left running (`synack-keep`, ns-3), or nothing (`ignore`)" },
  { BOOL (dup_syn_ratelimited), .label = "its SYN-ACK rate limited",
    .doc = "that SYN-ACK goes through the challenge-ACK limiter" },
  { UINT (backlog, 0, 1000000), .label = "default listen backlog", .doc = "default listen backlog" },
  { UINT (acceptq_pct, 0, 10000), .label = "accept queue: % of backlog",
    .doc = "accept queue capacity = backlog · `acceptq_pct` / 100 + `acceptq_extra`" },
  { UINT (acceptq_extra, 0, 1000000), .label = "accept queue: extra slots",
    .doc = "see `acceptq_pct`" },
  { UINT (syn_backlog, 0, 10000000), .label = "SYN queue (0 = backlog)",
    .doc = "SYN queue size (0: the listen backlog)" },
  { ENUM (acceptq_full_syn, overflow_names), .label = "SYN, accept queue full",
    .doc = "a SYN while the accept queue is full: no limit, dropped, or answered with RST" },
  { ENUM (acceptq_full_ack, overflow_names), .label = "final ACK, accept queue full",
    .doc = "the final ACK of a handshake while the accept queue is full" },
  { BOOL (abort_on_overflow), .label = "abort on overflow (RST)",
    .doc = "Linux: a full accept queue answers the final ACK with RST" },
  { ENUM (synq_full, synq_names), .label = "SYN queue full", .alias = "syncookies",
    .alias_on = TCP_SYNQ_COOKIES, .alias_off = TCP_SYNQ_DROP,
    .doc = "a SYN while the SYN queue is full: dropped, answered with a SYN cookie (RFC 4987 §3.6), "
           "or the oldest embryonic connection makes room; `syncookies on`/`off` is `cookies`/`drop`" },
  { .key = "cookie_mss", .kind = TCP_PF_MSSTAB, .offset = G_STRUCT_OFFSET (TcpProfile, cookie_mss),
    .min = 1, .max = 65535, .label = "SYN cookie MSS table",
    .doc = "MSS values a SYN cookie can encode, increasing, at most 8 (`-`: none)" },
  { TIME (cookie_period, 0), .label = "SYN cookie clock period",
    .doc = "the cookie clock ticks once a period; above 0 when `cookie_mss` has values" },
  { UINT (cookie_max_age, 0, 255), .label = "SYN cookie lifetime (periods)",
    .doc = "a cookie is accepted for this many periods" },
  { UINT (retries2, 0, 255), .label = "data/FIN retransmissions",
    .doc = "retransmissions of data or FIN before ETIMEDOUT (Linux `tcp_retries2`)" },
  { UINT (orphan_retries, 0, 255), .label = "orphan retransmissions (0 = same)",
    .doc = "retransmissions once the application has closed (0: as `retries2`)" },
  { ENUM (giveup, giveup_names), .label = "give-up rule",
    .doc = "data gives up after `retries2` retransmissions, or when they have taken as long as that "
           "many backoffs from `rto_min` (Linux `tcp_model_timeout`)" },
  { TIME (time_wait, 0), .label = "TIME-WAIT (2 MSL)", .doc = "TIME-WAIT length, 2·MSL (RFC 9293 §3.3.2)" },
  { TIME (fin_wait2_timeout, 0), .label = "orphaned FIN-WAIT-2",
    .doc = "orphaned FIN-WAIT-2 lifetime (0: none)" },
  { BOOL (tw_reuse_syn), .label = "SYN above RCV.NXT reopens TIME-WAIT",
    .doc = "a SYN above RCV.NXT reopens TIME-WAIT (RFC 1122 §4.2.2.13)" },
  { BOOL (tw_reuse_ts), .label = "newer timestamp reopens TIME-WAIT",
    .doc = "… or one with a newer timestamp (RFC 6191)" },
  { BOOL (tw_rst_ignore), .label = "RST ignored in TIME-WAIT", .alias = "rfc1337",
    .doc = "an RST does not end TIME-WAIT (RFC 1337)" },
  { UINT (tw_isn_gap, 0, G_MAXUINT32), .label = "reopened ISN above old SND.NXT by",
    .doc = "a connection reopened from TIME-WAIT starts at the old SND.NXT plus this" },
  { BOOL (rst_ack), .label = "an abort's RST carries ACK",
    .doc = "the reset of an abort (close with SO_LINGER 0, unread data, a timeout) has the ACK "
           "bit and RCV.NXT, as kernels send it; off: <SEQ=SND.NXT><CTL=RST> (RFC 9293 §3.10.5)" },
  { BOOL (rst_win0), .label = "an abort's RST advertises window 0",
    .doc = "the reset of an abort advertises a zero window (FreeBSD) instead of the current one" },
  { BOOL (ack_unsent_drop), .label = "ACK of unsent data dropped silently",
    .doc = "a segment that acknowledges data never sent is dropped without a reply (Linux); off: "
           "answered with an ACK (RFC 9293 §3.10.7.4)" },
  { BOOL (reset_close_wait_epipe), .label = "a reset in CLOSE-WAIT reports EPIPE",
    .doc = "the socket error of a reset received in CLOSE-WAIT is EPIPE (Linux tcp_reset()), "
           "not ECONNRESET" },
  { UINT (so_rcvbuf, 0, G_MAXUINT32), .label = "SO_RCVBUF reported",
    .doc = "what getsockopt(SO_RCVBUF) reports before the application sets it (the socket "
           "API model, packetdrill scripts)" },
  { BOOL (rcvbuf_mss_round), .label = "SO_RCVBUF rounded up to the MSS",
    .doc = "once connected, SO_RCVBUF is rounded up to a multiple of the MSS (FreeBSD "
           "tcp_mss_update())" },
  { BOOL (rcv_wnd_from_buffer), .label = "acceptance window from the buffer",
    .doc = "a segment is acceptable within the larger of the advertised window and the buffer's "
           "free space (FreeBSD tcp_do_segment()); off: the advertised window (RFC 9293)" },
  { BOOL (ack_resends_fin), .label = "ACKs resend an unacknowledged FIN",
    .doc = "in FIN-WAIT-1, CLOSING and LAST-ACK every ACK carries the FIN again from its "
           "sequence number (FreeBSD tcp_output()); off: bare ACKs from SND.NXT" },
  { BOOL (tw_bsd_check), .label = "TIME-WAIT answers as FreeBSD",
    .doc = "TIME-WAIT drops a RST and any segment without ACK, restarts 2MSL on a duplicate "
           "FIN and ACKs anything but an exact duplicate ACK (FreeBSD tcp_twcheck()); off: "
           "RFC 9293's processing" },
  { BOOL (rst_error_closing), .label = "a RST in CLOSING or LAST-ACK is an error",
    .doc = "a reset received in CLOSING or LAST-ACK reports ECONNRESET, as kernels do; off: "
           "the connection just ends (RFC 9293 §3.10.7.4)" },
  { BOOL (drop_synfin), .label = "SYN+FIN segments dropped",
    .doc = "a segment with both SYN and FIN is dropped on arrival (FreeBSD "
           "net.inet.tcp.drop_synfin)" },
  { BOOL (listen_synack_drop), .label = "a SYN-ACK at a listener dropped",
    .doc = "a SYN-ACK arriving at a listener is dropped without a reset (FreeBSD); off: "
           "<SEQ=SEG.ACK><CTL=RST> (RFC 9293 §3.10.7.2)" },
  { BOOL (close_unread_rst), .label = "close with unread data resets",
    .doc = "close() with received data the application never read sends RST instead of FIN "
           "(Linux; RFC 2525 §2.17)" },
  { BOOL (tlp), .label = "tail loss probe", .doc = "Linux's tail loss probe (RFC 8985 §7)" },
  { TIME (tlp_min, 0), .label = "TLP extra, several in flight",
    .doc = "added to 2·SRTT for the probe timeout when several segments are in flight" },
  { TIME (tlp_no_rtt, 0), .label = "TLP without an RTT sample",
    .doc = "the probe timeout without an RTT sample" },
  { TIME (delack, 0), .label = "delayed ACK",
    .doc = "delayed-ACK timeout (RFC 9293 §3.8.6.3); 0: every segment ACKed at once" },
  { UINT (quickack, 0, 1000), .label = "quick ACKs at start",
    .doc = "segments ACKed at once at connection start" },
  { BOOL (rfc5961), .label = "RFC 5961 challenge ACKs",
    .doc = "challenge ACKs for an in-window RST and any SYN (RFC 5961 §3-4); off: RFC 793 §3.4, §3.9" },
  { UINT (challenge_ack_limit, 0, 1000000), .label = "challenge ACKs per window",
    .doc = "challenge ACKs per `challenge_ack_window` (RFC 5961 §7); 0: no limit" },
  { TIME (challenge_ack_window, 0), .label = "challenge ACK window",
    .doc = "see `challenge_ack_limit`" },
  { TIME (keepalive_idle, 1), .label = "keepalive idle",
    .doc = "idle time before the first keepalive probe (RFC 1122 §4.2.3.6); above 0: the timer "
           "waits this long again while data is in flight" },
  { TIME (keepalive_intvl, 1), .label = "keepalive interval",
    .doc = "time between probes; above 0: a probe is sent each time it fires" },
  { UINT (keepalive_probes, 0, 1000), .label = "keepalive probes",
    .doc = "unanswered probes before ETIMEDOUT" },
  { BOOL (keepalive_default), .label = "keepalive on by default", .alias = "keepalive",
    .doc = "keepalive on every connection of the host (RFC 1122 §4.2.3.6)" },
  { U16 (mss_default, 1), .label = "MSS assumed without option",
    .doc = "MSS assumed when the peer sends no MSS option (RFC 9293 §3.7.1)" },
  { U16 (mss, 1), .label = "MSS sent",
    .doc = "MSS option sent in the SYN and SYN-ACK; data segments are at most the smaller of it "
           "and the peer's (RFC 9293 §3.7.1)" },
  { U16 (win_syn, 0), .label = "SYN window", .doc = "window sent in the SYN" },
  { U16 (win_synack, 0), .label = "SYN-ACK window", .doc = "window sent in the SYN-ACK" },
  { .key = "wscale", .kind = TCP_PF_WSCALE, .offset = G_STRUCT_OFFSET (TcpProfile, wscale),
    .min = 0, .max = 14, .label = "window scale",
    .doc = "window scale option (RFC 7323 §2.3: at most 14); `none`: not sent" },
  { BOOL (sack), .label = "SACK permitted", .doc = "SACK-permitted offered in the SYN (RFC 2018)" },
  { BOOL (timestamps), .label = "timestamps", .doc = "timestamps offered in the SYN (RFC 7323)" },
  { UINT (init_cwnd, 1, 1000), .label = "initial window (segments)",
    .doc = "initial congestion window in segments (RFC 6928, RFC 5681 §3.1)" },
  { UINT (dupthresh, 0, 255), .label = "fast retransmit after dup ACKs",
    .doc = "duplicate ACKs that trigger fast retransmit (RFC 5681 §3.2; 0: none, only timers "
           "recover losses)" },
  { TIME (isn_tick, 1), .label = "ISN clock tick", .doc = "the ISN clock M ticks once a tick (RFC 6528)" },
  { BOOL (isn_hash), .label = "ISN keyed hash (RFC 6528)",
    .doc = "the ISN adds a keyed hash of the connection (RFC 6528 §3)" },
  { U16 (port_lo, 1), .label = "ephemeral ports from",
    .doc = "ephemeral port range, lowest; at most `port_hi`" },
  { U16 (port_hi, 1), .label = "ephemeral ports to", .doc = "ephemeral port range, highest" },
  /* Handshake and timer knobs (issue 10). */
  { BOOL (rtt_from_handshake), .label = "RTT sample from the handshake",
    .doc = "the SYN-ACK (or the final ACK) gives the first RTT sample, which sets the first data RTO "
           "(Linux, ns-3); off: the first data RTO is `rto_initial` (INET keeps 3 s)" },
  { BOOL (simopen_ack), .label = "ACK ends a simultaneous open",
    .doc = "each side of a simultaneous open ACKs the other's SYN-ACK (Linux measured); off: the "
           "crossing SYN-ACKs end it (RFC 793 figure 8, INET)" },
  { TIME (user_timeout, 0), .label = "TCP_USER_TIMEOUT",
    .doc = "RFC 5482 / Linux `TCP_USER_TIMEOUT` of each new connection: once a retransmission was "
           "made, a connection whose oldest segment (the first SYN, or data since its first "
           "retransmission) waits this long gives up with ETIMEDOUT; the retransmission timer is "
           "clamped to fire then; with keepalive, a probe out and this much idle time end it; "
           "0: none. `setsockopt CONN user_timeout T` sets one connection's" },
  { UINT (rcvbuf, 0, G_MAXUINT32), .label = "receive buffer (bytes)",
    .doc = "receive buffer: the window advertised is at most what it has free of data the "
           "application has not read (`stop-reading`); a free space under min(`rcvbuf`/2, MSS) is "
           "advertised as 0 (RFC 9293 §3.8.6.2.2)" },
  { BOOL (win_round), .label = "window rounded up to scale unit",
    .doc = "the scaled window field is rounded up, not down (Linux `__tcp_select_window`)" },
  { ENUM (zwp, zwp_names), .label = "zero-window probe",
    .doc = "a zero-window probe on the persist timer (RFC 9293 §3.8.6.1; RTO, doubling up to "
           "`rto_max`; ETIMEDOUT after `retries2` unanswered) carries one byte of new data, or is "
           "<SEQ=SND.UNA-1> without data (Linux)" },
  { ENUM (ack_fin, ackfin_names), .label = "ACK of a FIN in ESTABLISHED",
    .doc = "a FIN arriving in ESTABLISHED is ACKed at once, or after the delayed-ACK timer (Linux)" },
  { BOOL (dsack), .label = "D-SACK for duplicates",
    .doc = "the ACK of a duplicate segment (data or FIN) carries a D-SACK block when SACK is in "
           "use (RFC 2883)" },
  { BOOL (data_on_final_ack), .label = "SYN-SENT data on final ACK",
    .doc = "data queued in SYN-SENT rides on the handshake's final ACK; off: a bare ACK first" },
  { BOOL (fin_merge), .label = "FIN on last unsent data",
    .doc = "a FIN queued behind unsent data rides on its last segment; off: a segment of its own" },
};

#undef TIME
#undef UINT
#undef U16
#undef BOOL
#undef ENUM

const TcpProfileField *
tcp_profile_fields (guint *n)
{
  *n = G_N_ELEMENTS (fields);
  return fields;
}

const TcpProfileField *
tcp_profile_field (const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].key, key) == 0)
      return &fields[i];
  return NULL;
}

char *
tcp_profile_value_str (const TcpProfile *p, const TcpProfileField *f)
{
  const char *base = (const char *) p + f->offset;
  char buf[64];
  switch (f->kind)
    {
    case TCP_PF_TIME:
      if (*(const SimTime *) base == 0)
        return g_strdup ("0");
      sim_time_format_short (*(const SimTime *) base, buf, sizeof buf);
      return g_strdup (buf);
    case TCP_PF_UINT:
      return g_strdup_printf ("%u", *(const guint *) base);
    case TCP_PF_U16:
      return g_strdup_printf ("%u", *(const guint16 *) base);
    case TCP_PF_WSCALE:
      {
        guint8 v = *(const guint8 *) base;
        return v == 0xff ? g_strdup ("none") : g_strdup_printf ("%u", v);
      }
    case TCP_PF_BOOL:
      return g_strdup (*(const gboolean *) base ? "on" : "off");
    case TCP_PF_ENUM:
      return g_strdup (f->names[*(const int *) base]);
    case TCP_PF_MSSTAB:
      {
        if (p->cookie_mss_n == 0)
          return g_strdup ("-");
        GString *s = g_string_new (NULL);
        for (guint i = 0; i < p->cookie_mss_n; i++)
          g_string_append_printf (s, "%s%u", i ? "," : "", p->cookie_mss[i]);
        return g_string_free (s, FALSE);
      }
    }
  g_assert_not_reached ();
}

static const SourceRow *
find_row (const SourceRow *rows, const char *key)
{
  for (; rows != NULL && rows->key != NULL; rows++)
    if (strcmp (rows->key, key) == 0)
      return rows;
  return NULL;
}

const char *
tcp_profile_source (const TcpProfile *p, const char *key, gboolean *unconfirmed)
{
  const Entry *e = entry_of (p);
  if (e == NULL)
    return NULL;
  const SourceRow *r = find_row (e->src, key);
  if (r == NULL)
    r = find_row (e->src_base, key);
  if (r == NULL)
    return NULL;
  if (unconfirmed != NULL)
    *unconfirmed = r->unconfirmed;
  return r->text;
}

/* ---- rules ---------------------------------------------------------------- */

/* Timeout k of a handshake: the base while k <= linear (Linux
 * tcp_syn_linear_timeouts, xnu tcp_syn_backoff[]), then doubling from the
 * base (RFC 6298 §5.5) plus the BSD slop (TCPT_RANGESET), at most max. */
static SimTime
backoff (SimTime base, guint linear, guint k, SimTime slop, SimTime max)
{
  if (k <= linear)
    return MIN (base, max);
  SimTime v = base;
  for (guint i = 0; i < k - linear && v < max; i++)
    v = sim_time_shl (v, 1); /* saturates: max may be huge (simtime.h) */
  return MIN (sim_time_add (v, slop), max);
}

SimTime
tcp_profile_syn_interval (const TcpProfile *p, guint k)
{
  return backoff (p->rto_initial, p->syn_linear, k, p->syn_slop, p->rto_max);
}

guint
tcp_profile_syn_limit (const TcpProfile *p)
{
  return p->syn_linear + p->syn_retries;
}

SimTime
tcp_profile_synack_interval (const TcpProfile *p, guint k)
{
  /* Linux reqsk_timer_handler: timeout << num_timeout, no flat phase;
   * FreeBSD syncache_timeout: tcp_rexmit_initial, then TCPT_RANGESET. */
  return backoff (p->rto_initial, 0, k, p->syn_slop, p->rto_max);
}

guint
tcp_profile_synack_limit (const TcpProfile *p)
{
  return p->synack_retries;
}

SimTime
tcp_profile_model_timeout (const TcpProfile *p, guint boundary)
{
  /* tcp_model_timeout(): linear_backoff_thresh = ilog2(TCP_RTO_MAX /
   * rto_base); below it the timeouts double from rto_base, above it each
   * adds TCP_RTO_MAX. */
  guint thresh = 0;
  while (p->rto_min > 0 && thresh < 62 && sim_time_shl (p->rto_min, thresh + 1) <= p->rto_max)
    thresh++;
  /* 2 << 31 and beyond overflow an int (retries2 goes to 255): 64-bit,
   * saturating arithmetic (simtime.h). */
  if (boundary <= thresh)
    return sim_time_mul (sim_time_shl (2, boundary) - 1, p->rto_min);
  return sim_time_add (sim_time_mul (sim_time_shl (2, thresh) - 1, p->rto_min),
                       sim_time_mul (p->rto_max, (gint64) (boundary - thresh)));
}

gboolean
tcp_profile_data_expired (const TcpProfile *p, guint retries, guint limit, SimTime since_first)
{
  switch (p->giveup)
    {
    case TCP_GIVEUP_MODEL_TIME:
      /* retransmits_timed_out(): nothing retransmitted yet never expires. */
      return retries > 0 && since_first >= tcp_profile_model_timeout (p, limit);
    case TCP_GIVEUP_COUNT:
    case TCP_GIVEUP_COUNT_KINDS:
      break;
    }
  return retries >= limit;
}

static guint
handshake_times (const TcpProfile *p, gboolean syn, SimTime *at, guint max, SimTime *give_up)
{
  guint limit = syn ? tcp_profile_syn_limit (p) : tcp_profile_synack_limit (p);
  SimTime bound = syn ? p->syn_time_limit : p->synack_time_limit;
  SimTime t = 0;
  guint n = 0;
  for (guint k = 0;; k++)
    {
      SimTime next = sim_time_add (t, syn ? tcp_profile_syn_interval (p, k)
                                          : tcp_profile_synack_interval (p, k));
      if (bound > 0 && next >= bound)
        {
          *give_up = bound;
          return n;
        }
      if (k >= limit)
        {
          *give_up = next;
          return n;
        }
      t = next;
      if (n < max)
        at[n] = t;
      n++;
    }
}

guint
tcp_profile_syn_times (const TcpProfile *p, SimTime *at, guint max, SimTime *give_up)
{
  return handshake_times (p, TRUE, at, max, give_up);
}

guint
tcp_profile_synack_times (const TcpProfile *p, SimTime *at, guint max, SimTime *give_up)
{
  return handshake_times (p, FALSE, at, max, give_up);
}

guint
tcp_profile_data_times (const TcpProfile *p, SimTime rto, gboolean orphan, SimTime *at,
                        guint max, SimTime *give_up)
{
  guint limit = orphan && p->orphan_retries > 0 ? p->orphan_retries : p->retries2;
  SimTime t = 0, first = 0;
  guint n = 0;
  for (;;)
    {
      t = sim_time_add (t, MIN (sim_time_add (rto, p->rto_slop), p->rto_max));
      if (tcp_profile_data_expired (p, n, limit, t - first))
        {
          *give_up = t;
          return n;
        }
      if (n == 0)
        first = t;
      if (n < max)
        at[n] = t;
      n++;
      rto = MIN (sim_time_shl (rto, 1), p->rto_max);
    }
}

guint
tcp_profile_acceptq_capacity (const TcpProfile *p, guint backlog)
{
  return backlog * p->acceptq_pct / 100 + p->acceptq_extra;
}
