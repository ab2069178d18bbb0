/* Tests of the scenario parser (src/scenario/scn_parser.c and its pieces, scn_lex.c).
 *
 * Invalid input is a table: each row is a small scenario with one mistake
 * and the exact message a user sees, "FILE:LINE:COL: error: …" then the
 * line and a caret under the offending word.  Inputs that need files
 * (includes, empty or binary files) or a computed text (a 1 MB line) have
 * tests of their own.  Valid input is checked field by field against the
 * Scenario it must give. */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "scenario/scenario.h"
#include "scenario/scn_lex.h"
#include "tcp/tcp_profile.h"

/* Lines 1 and 2 of most cases; line 3 is the one under test. */
#define HOSTS "host client 10.0.0.1\nhost server 10.0.0.2\n"
/* Lines 1 to 4: the connection c; line 5 is the one under test. */
#define CONN HOSTS "at 0s server listen 80\nat 0s client connect server:80 as c\n"

typedef struct
{
  const char *name; /* the test path under /parse/bad/ */
  const char *text;
  ScnErrorCode code;
  const char *message;
} BadCase;

static const BadCase bad_cases[] = {
  /* ---- statements and words ---- */
  { "unknown-statement", "hots client 10.0.0.1\n", SCN_ERROR_SYNTAX,
    "t.scn:1:1: error: unknown statement 'hots' (did you mean 'host'?)\n"
    "  hots client 10.0.0.1\n"
    "  ^" },
  { "unknown-statement-lists-statements", HOSTS "frobnicate client\n", SCN_ERROR_SYNTAX,
    "t.scn:3:1: error: unknown statement 'frobnicate' (expected one of: profile, seed, title, param, host, "
    "link, fault, at, on, gen, expect, run, include, sweep, runs)\n"
    "  frobnicate client\n"
    "  ^" },
  { "trailing-word", HOSTS "seed 7 8\n", SCN_ERROR_SYNTAX,
    "t.scn:3:8: error: unexpected '8' at the end of the statement\n"
    "  seed 7 8\n"
    "         ^" },
  { "control-character", HOSTS "host other\x01 10.0.0.3\n", SCN_ERROR_SYNTAX,
    "t.scn:3:11: error: control character in the text\n"
    "  host other\x01 10.0.0.3\n"
    "            ^" },
  { "invalid-utf8", HOSTS "# caf\xc3\xa9 \xff\n", SCN_ERROR_SYNTAX,
    /* No echo: the line is not text.  The column counts "é" once. */
    "t.scn:3:8: error: the file is not UTF-8 text" },
  { "no-host", "seed 1\n", SCN_ERROR_INVALID,
    "t.scn:1:1: error: the scenario declares no host" },

  /* ---- hosts and profiles ---- */
  { "bad-ipv4-address", "host client 10.0.0.256\n", SCN_ERROR_SYNTAX,
    "t.scn:1:13: error: '10.0.0.256' is not an IPv4 address (like 10.0.0.1)\n"
    "  host client 10.0.0.256\n"
    "              ^" },
  { "bad-ipv4-address-after-tab", "host\tclient 10.0.0\n", SCN_ERROR_SYNTAX,
    /* The tab is one column and is kept in the caret line. */
    "t.scn:1:13: error: '10.0.0' is not an IPv4 address (like 10.0.0.1)\n"
    "  host\tclient 10.0.0\n"
    "      \t       ^" },
  { "missing-address", "host client\n", SCN_ERROR_SYNTAX,
    "t.scn:1:12: error: expected an IPv4 address at the end of the line\n"
    "  host client\n"
    "             ^" },
  { "bad-host-name", "host 1st 10.0.0.1\n", SCN_ERROR_SYNTAX,
    "t.scn:1:6: error: '1st' is not a valid name (letters, digits, '_' and '-', starting with a letter)\n"
    "  host 1st 10.0.0.1\n"
    "       ^" },
  { "duplicate-host", HOSTS "host client 10.0.0.3\n", SCN_ERROR_INVALID,
    "t.scn:3:6: error: host 'client' is declared twice (first on line 1)\n"
    "  host client 10.0.0.3\n"
    "       ^" },
  { "duplicate-address", HOSTS "host other 10.0.0.1\n", SCN_ERROR_INVALID,
    "t.scn:3:12: error: address 10.0.0.1 is already used by host 'client' (line 1)\n"
    "  host other 10.0.0.1\n"
    "             ^" },
  { "unknown-host-setting", "host client 10.0.0.1 syn_retires 2\n", SCN_ERROR_SYNTAX,
    "t.scn:1:22: error: unknown host setting 'syn_retires' (did you mean 'syn_retries'?)\n"
    "  host client 10.0.0.1 syn_retires 2\n"
    "                       ^" },
  { "host-setting-out-of-range", "host client 10.0.0.1 syn_retries 300\n", SCN_ERROR_INVALID,
    "t.scn:1:34: error: syn_retries 300 is out of range (0 to 255)\n"
    "  host client 10.0.0.1 syn_retries 300\n"
    "                                   ^" },
  { "host-setting-without-value", "host client 10.0.0.1 syn_retries\n", SCN_ERROR_SYNTAX,
    "t.scn:1:33: error: expected a value for syn_retries at the end of the line\n"
    "  host client 10.0.0.1 syn_retries\n"
    "                                  ^" },
  { "host-setting-without-value-before-comment", "host client 10.0.0.1 isn# fixed ISN\n",
    SCN_ERROR_SYNTAX,
    /* The comment needs no blank before it; the caret is just after "isn". */
    "t.scn:1:25: error: expected an ISN at the end of the line\n"
    "  host client 10.0.0.1 isn# fixed ISN\n"
    "                          ^" },
  { "profile-after-host", HOSTS "profile linux\n", SCN_ERROR_INVALID,
    "t.scn:3:9: error: 'profile' must come before the first host (it sets their default)\n"
    "  profile linux\n"
    "          ^" },
  { "unknown-profile", "profile bsd\n" HOSTS, SCN_ERROR_INVALID,
    "t.scn:1:9: error: unknown profile 'bsd' (profiles: linux, linux-classic, freebsd, macos, windows, rfc793, rfc9293, ns3, inet)\n"
    "  profile bsd\n"
    "          ^" },

  /* ---- links ---- */
  { "link-unknown-host", HOSTS "link client <-> sever delay 1ms\n", SCN_ERROR_INVALID,
    "t.scn:3:17: error: unknown host 'sever' (did you mean 'server'?)\n"
    "  link client <-> sever delay 1ms\n"
    "                  ^" },
  { "link-unknown-host-lists-hosts", HOSTS "link client <-> db\n", SCN_ERROR_INVALID,
    "t.scn:3:17: error: unknown host 'db' (the hosts are client, server)\n"
    "  link client <-> db\n"
    "                  ^" },
  { "link-unknown-host-lists-some-hosts",
    "host h1 10.0.0.1\nhost h2 10.0.0.2\nhost h3 10.0.0.3\nhost h4 10.0.0.4\nhost h5 10.0.0.5\n"
    "host h6 10.0.0.6\nhost h7 10.0.0.7\nhost h8 10.0.0.8\nhost h9 10.0.0.9\nlink h1 -> gateway\n",
    SCN_ERROR_INVALID,
    "t.scn:10:12: error: unknown host 'gateway' (the hosts are h1, h2, h3, h4, h5, h6, h7, h8, …)\n"
    "  link h1 -> gateway\n"
    "             ^" },
  { "link-to-itself", HOSTS "link client <-> client\n", SCN_ERROR_INVALID,
    "t.scn:3:17: error: a link joins two different hosts, not 'client' to itself\n"
    "  link client <-> client\n"
    "                  ^" },
  { "link-bad-direction", HOSTS "link client <> server\n", SCN_ERROR_SYNTAX,
    "t.scn:3:13: error: expected '<->' (both directions) or '->' (one), found '<>'\n"
    "  link client <> server\n"
    "              ^" },
  { "link-unknown-setting", HOSTS "link client <-> server dealy 5ms\n", SCN_ERROR_SYNTAX,
    "t.scn:3:24: error: unknown link setting 'dealy' (did you mean 'delay'?)\n"
    "  link client <-> server dealy 5ms\n"
    "                         ^" },
  { "link-unknown-setting-lists-settings", HOSTS "link client <-> server mtu 1500\n", SCN_ERROR_SYNTAX,
    "t.scn:3:24: error: unknown link setting 'mtu' (expected one of: delay, jitter, loss, gilbert, reorder, duplicate, rate, queue)\n"
    "  link client <-> server mtu 1500\n"
    "                         ^" },
  { "duration-without-unit", HOSTS "link client <-> server delay 50\n", SCN_ERROR_SYNTAX,
    "t.scn:3:30: error: bad delay '50': duration needs a unit (ns, us, ms, s or min)\n"
    "  link client <-> server delay 50\n"
    "                               ^" },
  { "duration-unknown-unit", HOSTS "link client <-> server delay 50mx\n", SCN_ERROR_SYNTAX,
    "t.scn:3:30: error: bad delay '50mx': unknown time unit (use ns, us, ms, s or min)\n"
    "  link client <-> server delay 50mx\n"
    "                               ^" },
  { "duration-with-exponent", HOSTS "link client <-> server delay 1e300s\n", SCN_ERROR_SYNTAX,
    "t.scn:3:30: error: bad delay '1e300s': a duration has no exponent (write 1000s, not 1e3s)\n"
    "  link client <-> server delay 1e300s\n"
    "                               ^" },
  { "loss-out-of-range", HOSTS "link client <-> server loss 1.5\n", SCN_ERROR_INVALID,
    "t.scn:3:29: error: loss 1.5 is out of range (0 to 1)\n"
    "  link client <-> server loss 1.5\n"
    "                              ^" },
  { "loss-not-a-probability", HOSTS "link client <-> server loss high\n", SCN_ERROR_SYNTAX,
    "t.scn:3:29: error: expected a value for loss (a probability such as 0.1 or 10%), found 'high'\n"
    "  link client <-> server loss high\n"
    "                              ^" },
  { "rate-without-unit", HOSTS "link client <-> server rate 10\n", SCN_ERROR_SYNTAX,
    "t.scn:3:29: error: expected a rate with a unit (bps, kbps, Mbps, Gbps), found '10'\n"
    "  link client <-> server rate 10\n"
    "                              ^" },
  { "link-twice", HOSTS "link client <-> server\nlink client -> server delay 1ms\n", SCN_ERROR_INVALID,
    "t.scn:4:13: error: these hosts are already linked in this direction (line 3)\n"
    "  link client -> server delay 1ms\n"
    "              ^" },

  /* ---- faults ---- */
  { "fault-unknown-class", HOSTS "fault client -> server drop SIN #1\n", SCN_ERROR_SYNTAX,
    "t.scn:3:29: error: unknown segment class 'SIN' (did you mean 'SYN'?)\n"
    "  fault client -> server drop SIN #1\n"
    "                              ^" },
  { "fault-unknown-class-lists-classes", HOSTS "fault client -> server drop URG #1\n",
    SCN_ERROR_SYNTAX,
    "t.scn:3:29: error: unknown segment class 'URG' (expected one of: SYN, SYN-ACK, ACK, FIN, RST, "
    "data, any)\n"
    "  fault client -> server drop URG #1\n"
    "                              ^" },
  { "fault-ordinal-zero", HOSTS "fault client -> server drop SYN #0\n", SCN_ERROR_INVALID,
    "t.scn:3:33: error: ordinal #0 is out of range (#1 to #4294967295)\n"
    "  fault client -> server drop SYN #0\n"
    "                                  ^" },
  { "fault-bad-ordinal", HOSTS "fault client -> server drop SYN #1st\n", SCN_ERROR_SYNTAX,
    "t.scn:3:33: error: bad ordinal '#1st' (the n-th segment is #n: #1, #2, …)\n"
    "  fault client -> server drop SYN #1st\n"
    "                                  ^" },
  { "fault-without-which", HOSTS "fault client -> server drop SYN\n", SCN_ERROR_SYNTAX,
    "t.scn:3:32: error: expected which segments at the end of the line: '#N' (the n-th) or 'every'\n"
    "  fault client -> server drop SYN\n"
    "                                 ^" },
  { "fault-which-twice", HOSTS "fault client -> server drop SYN #1 every\n", SCN_ERROR_SYNTAX,
    "t.scn:3:36: error: 'every' after '#1': say which segments once\n"
    "  fault client -> server drop SYN #1 every\n"
    "                                     ^" },
  { "fault-empty-window", HOSTS "fault client -> server drop any every from 5s until 1s\n",
    SCN_ERROR_INVALID,
    "t.scn:3:53: error: the fault's window is empty: until 1s is not after from 5s\n"
    "  fault client -> server drop any every from 5s until 1s\n"
    "                                                      ^" },
  { "fault-unknown-action", HOSTS "fault client -> server dorp SYN #1\n", SCN_ERROR_SYNTAX,
    "t.scn:3:24: error: unknown fault action 'dorp' (did you mean 'drop'?)\n"
    "  fault client -> server dorp SYN #1\n"
    "                         ^" },

  /* ---- steps ---- */
  { "unknown-action", HOSTS "at 0s server lisen 80\n", SCN_ERROR_SYNTAX,
    "t.scn:3:14: error: unknown action 'lisen' (did you mean 'listen'?)\n"
    "  at 0s server lisen 80\n"
    "               ^" },
  { "unknown-connection", CONN "at 1s client send d 100\n", SCN_ERROR_INVALID,
    /* One letter is not a typo of another: no hint, but how to name one. */
    "t.scn:5:19: error: unknown connection 'd' (a connection is named by 'connect … as NAME' on an "
    "earlier line)\n"
    "  at 1s client send d 100\n"
    "                    ^" },
  { "unknown-connection-hint", HOSTS "at 0s client connect server:80 as conn\nat 1s client close con\n",
    SCN_ERROR_INVALID,
    "t.scn:4:20: error: unknown connection 'con' (did you mean 'conn'?)\n"
    "  at 1s client close con\n"
    "                     ^" },
  { "connection-declared-twice", CONN "at 1s client connect server:80 as c\n", SCN_ERROR_INVALID,
    "t.scn:5:35: error: connection 'c' is already declared (line 4)\n"
    "  at 1s client connect server:80 as c\n"
    "                                    ^" },
  { "connection-name-taken", CONN "at 0s client connect server:81 as server\n", SCN_ERROR_INVALID,
    "t.scn:5:35: error: 'server' is already a host's name (line 2): a connection needs a name of its own\n"
    "  at 0s client connect server:81 as server\n"
    "                                    ^" },
  { "send-zero-bytes", CONN "at 1s client send c 0\n", SCN_ERROR_INVALID,
    "t.scn:5:21: error: send needs at least one byte\n"
    "  at 1s client send c 0\n"
    "                      ^" },
  { "setsockopt-unknown-option", CONN "at 1s client setsockopt c user_timout 3s\n", SCN_ERROR_SYNTAX,
    "t.scn:5:27: error: unknown socket option 'user_timout' (did you mean 'user_timeout'?)\n"
    "  at 1s client setsockopt c user_timout 3s\n"
    "                            ^" },
  { "setsockopt-time-without-unit", CONN "at 1s client setsockopt c user_timeout 3\n", SCN_ERROR_SYNTAX,
    "t.scn:5:40: error: bad user_timeout '3': duration needs a unit (ns, us, ms, s or min)\n"
    "  at 1s client setsockopt c user_timeout 3\n"
    "                                         ^" },
  { "setsockopt-no-value", CONN "at 1s client setsockopt c user_timeout\n", SCN_ERROR_SYNTAX,
    "t.scn:5:39: error: expected a value for user_timeout at the end of the line\n"
    "  at 1s client setsockopt c user_timeout\n"
    "                                        ^" },
  { "setsockopt-out-of-range", CONN "at 1s client setsockopt c user_timeout 20000000s\n",
    SCN_ERROR_INVALID,
    "t.scn:5:40: error: user_timeout 20000000s is out of range (0s to 10000000s)\n"
    "  at 1s client setsockopt c user_timeout 20000000s\n"
    "                                         ^" },
  { "received-zero-bytes", CONN "on c received 0 server close c\n", SCN_ERROR_INVALID,
    "t.scn:5:15: error: 'received' needs at least one byte\n"
    "  on c received 0 server close c\n"
    "                ^" },
  { "gen-unknown-client-in-list", HOSTS "gen g client,clinet -> server:80\n", SCN_ERROR_INVALID,
    "t.scn:3:14: error: unknown host 'clinet' (did you mean 'client'?)\n"
    "  gen g client,clinet -> server:80\n"
    "               ^" },
  { "gen-bad-closer", HOSTS "gen g client -> server:80 closer both\n", SCN_ERROR_SYNTAX,
    "t.scn:3:34: error: expected 'client' or 'server' (who closes first), found 'both'\n"
    "  gen g client -> server:80 closer both\n"
    "                                   ^" },
  { "expect-gen-unknown-stat", HOSTS "gen g client -> server:80\nexpect gen g handshakes mean < 1s\n",
    SCN_ERROR_SYNTAX,
    "t.scn:4:14: error: unknown statistic 'handshakes' (did you mean 'handshake'?)\n"
    "  expect gen g handshakes mean < 1s\n"
    "               ^" },
  { "gilbert-without-r", HOSTS "link client <-> server gilbert p=0.1\n", SCN_ERROR_SYNTAX,
    "t.scn:3:24: error: gilbert needs p=P(good to bad) and r=P(bad to good), e.g. 'gilbert p=0.01 r=0.3'\n"
    "  link client <-> server gilbert p=0.1\n"
    "                         ^" },
  { "gilbert-out-of-range", HOSTS "link client <-> server gilbert p=0.1 r=2\n", SCN_ERROR_INVALID,
    "t.scn:3:38: error: r=2 is out of range (0 to 1)\n"
    "  link client <-> server gilbert p=0.1 r=2\n"
    "                                       ^" },
  { "two-loss-models", HOSTS "link client <-> server loss 0.1 gilbert p=0.1 r=0.2\n", SCN_ERROR_INVALID,
    "t.scn:3:33: error: a link has one loss model: 'loss P' or 'gilbert p=… r=…'\n"
    "  link client <-> server loss 0.1 gilbert p=0.1 r=0.2\n"
    "                                  ^" },
  { "link-delay-too-long", HOSTS "link client <-> server delay 100000s\n", SCN_ERROR_INVALID,
    "t.scn:3:30: error: delay 100000s is out of range (0s to 86400s)\n"
    "  link client <-> server delay 100000s\n"
    "                               ^" },
  { "fault-unknown-action-list", HOSTS "link client <-> server\nfault client -> server slow SYN #1\n",
    SCN_ERROR_SYNTAX,
    "t.scn:4:24: error: unknown fault action 'slow' (expected one of: drop, delay, duplicate)\n"
    "  fault client -> server slow SYN #1\n"
    "                         ^" },
  { "send-bad-size", CONN "at 1s client send c 10kb\n", SCN_ERROR_SYNTAX,
    "t.scn:5:21: error: expected a size (bytes, e.g. 100, 1KB, 64KiB), found '10kb'\n"
    "  at 1s client send c 10kb\n"
    "                      ^" },
  { "port-zero", HOSTS "at 0s server listen 0\n", SCN_ERROR_INVALID,
    "t.scn:3:21: error: port 0 is out of range (1 to 65535)\n"
    "  at 0s server listen 0\n"
    "                      ^" },
  { "port-too-large", HOSTS "at 0s server listen 70000\n", SCN_ERROR_INVALID,
    "t.scn:3:21: error: port 70000 is out of range (1 to 65535)\n"
    "  at 0s server listen 70000\n"
    "                      ^" },
  { "port-not-a-number", HOSTS "at 0s server listen abc\n", SCN_ERROR_SYNTAX,
    "t.scn:3:21: error: expected a port (a whole number), found 'abc'\n"
    "  at 0s server listen abc\n"
    "                      ^" },
  { "connect-port-zero", HOSTS "at 0s client connect server:0\n", SCN_ERROR_INVALID,
    "t.scn:3:29: error: port 0 is out of range (1 to 65535)\n"
    "  at 0s client connect server:0\n"
    "                              ^" },
  { "connect-port-too-large", HOSTS "at 0s client connect server:70000\n", SCN_ERROR_INVALID,
    "t.scn:3:29: error: port 70000 is out of range (1 to 65535)\n"
    "  at 0s client connect server:70000\n"
    "                              ^" },
  { "connect-port-not-a-number", HOSTS "at 0s client connect server:abc\n", SCN_ERROR_SYNTAX,
    "t.scn:3:29: error: expected a port (a whole number) after 'server:', found 'abc'\n"
    "  at 0s client connect server:abc\n"
    "                              ^" },
  { "connect-without-port", HOSTS "at 0s client connect server\n", SCN_ERROR_SYNTAX,
    "t.scn:3:22: error: expected HOST:PORT, found 'server'\n"
    "  at 0s client connect server\n"
    "                       ^" },
  { "connect-unknown-host", HOSTS "at 0s client connect serv:80\n", SCN_ERROR_INVALID,
    "t.scn:3:22: error: unknown host 'serv' (did you mean 'server'?)\n"
    "  at 0s client connect serv:80\n"
    "                       ^" },
  { "time-before-previous-step", HOSTS "at 5s server listen 80\nat 1s client connect server:80\n",
    SCN_ERROR_INVALID,
    "t.scn:4:4: error: time 1s is before the previous step's 5s (line 3): steps go in time order\n"
    "  at 1s client connect server:80\n"
    "     ^" },
  { "relative-time-too-large", HOSTS "at 6000000s server listen 80\nat +5000000s server close x\n",
    SCN_ERROR_INVALID,
    "t.scn:4:4: error: time +5000000s puts this step at 11000000s, after the largest time (10000000s)\n"
    "  at +5000000s server close x\n"
    "     ^" },
  { "on-unknown-event", CONN "on c establised client send c 1\n", SCN_ERROR_SYNTAX,
    "t.scn:5:6: error: unknown event 'establised' (did you mean 'established'?)\n"
    "  on c establised client send c 1\n"
    "       ^" },
  { "on-host-not-an-end", HOSTS "host db 10.0.0.3\nat 0s client connect server:80 as c\n"
    "on c established db send c 1\n", SCN_ERROR_INVALID,
    "t.scn:5:18: error: host 'db' is not an end of connection 'c'\n"
    "  on c established db send c 1\n"
    "                   ^" },
  { "inject-bad-flag", HOSTS "at 1s inject client -> server RX seq 1\n", SCN_ERROR_SYNTAX,
    "t.scn:3:31: error: unknown TCP flag 'X' in 'RX' (S, F, R, P, A or . for ACK)\n"
    "  at 1s inject client -> server RX seq 1\n"
    "                                ^" },
  { "inject-bad-field", HOSTS "at 1s inject client -> server RA sqe 1\n", SCN_ERROR_SYNTAX,
    "t.scn:3:34: error: expected a field of the segment (seq, ack, len, win, mss, wscale, sackOK, "
    "absolute, on CONN, ports SPORT DPORT), found 'sqe'\n"
    "  at 1s inject client -> server RA sqe 1\n"
    "                                   ^" },
  { "expect-field-unknown", HOSTS "expect client -> server SYN #1 sqe 0\n", SCN_ERROR_SYNTAX,
    "t.scn:3:32: error: expected a header field (seq, ack, win, len, mss, wscale, sackOK, ts, "
    "no-options, absolute) or 'at', found 'sqe'\n"
    "  expect client -> server SYN #1 sqe 0\n"
    "                                 ^" },
  { "gen-unknown-setting", HOSTS "gen g client -> server:80 cuont 10\n", SCN_ERROR_SYNTAX,
    "t.scn:3:27: error: unknown generator setting 'cuont' (did you mean 'count'?)\n"
    "  gen g client -> server:80 cuont 10\n"
    "                            ^" },
  { "host-unknown-setting-lists-settings", HOSTS "host x 10.0.0.3 mtu 1500\n", SCN_ERROR_SYNTAX,
    /* Every profile value is a host key (tcp_profile.c's field table,
     * aliases included) plus the host's own profile and isn: too many to
     * list in a line, so the message says where the list is. */
    "t.scn:3:17: error: unknown host setting 'mtu' (there are 91; 'tcpsim profiles --keys' lists them)\n"
    "  host x 10.0.0.3 mtu 1500\n"
    "                  ^" },
  /* Keys that come from the profile's field table (tcp_profile.c). */
  { "host-time-below-its-minimum", HOSTS "host x 10.0.0.3 isn_tick 0ns\n", SCN_ERROR_INVALID,
    "t.scn:3:26: error: isn_tick 0ns is out of range (1ns to 10000000s)\n"
    "  host x 10.0.0.3 isn_tick 0ns\n"
    "                           ^" },
  { "host-wscale-above-14", HOSTS "host x 10.0.0.3 wscale 15\n", SCN_ERROR_INVALID,
    "t.scn:3:24: error: wscale 15 is out of range (0 to 14)\n"
    "  host x 10.0.0.3 wscale 15\n"
    "                         ^" },
  { "host-wscale-not-a-number", HOSTS "host x 10.0.0.3 wscale off\n", SCN_ERROR_SYNTAX,
    "t.scn:3:24: error: expected a value for wscale (a shift count or none), found 'off'\n"
    "  host x 10.0.0.3 wscale off\n"
    "                         ^" },
  { "host-init-cwnd-zero", HOSTS "host x 10.0.0.3 init_cwnd 0\n", SCN_ERROR_INVALID,
    "t.scn:3:27: error: init_cwnd 0 is out of range (1 to 1000)\n"
    "  host x 10.0.0.3 init_cwnd 0\n"
    "                            ^" },
  { "host-enum-value-hint", HOSTS "host x 10.0.0.3 dup_syn synak\n", SCN_ERROR_SYNTAX,
    "t.scn:3:25: error: unknown dup_syn value 'synak' (did you mean 'synack'?)\n"
    "  host x 10.0.0.3 dup_syn synak\n"
    "                          ^" },
  { "host-enum-value-lists-values", HOSTS "host x 10.0.0.3 synq_full never\n", SCN_ERROR_SYNTAX,
    "t.scn:3:27: error: unknown synq_full value 'never' (expected one of: drop, cookies, evict)\n"
    "  host x 10.0.0.3 synq_full never\n"
    "                            ^" },
  { "host-cookie-mss-not-increasing", HOSTS "host x 10.0.0.3 cookie_mss 1460,536\n", SCN_ERROR_INVALID,
    "t.scn:3:28: error: cookie_mss 1460,536: each MSS must be 1 to 65535 and larger than the one before\n"
    "  host x 10.0.0.3 cookie_mss 1460,536\n"
    "                             ^" },
  { "host-cookie-mss-too-many", HOSTS "host x 10.0.0.3 cookie_mss 1,2,3,4,5,6,7,8,9\n", SCN_ERROR_INVALID,
    "t.scn:3:28: error: cookie_mss takes at most 8 values\n"
    "  host x 10.0.0.3 cookie_mss 1,2,3,4,5,6,7,8,9\n"
    "                             ^" },
  { "host-port-range-backwards", HOSTS "host x 10.0.0.3 port_lo 60000 port_hi 50000\n", SCN_ERROR_INVALID,
    "t.scn:3:6: error: host 'x': port_lo must not exceed port_hi\n"
    "  host x 10.0.0.3 port_lo 60000 port_hi 50000\n"
    "       ^" },
  { "host-cookies-without-a-clock", HOSTS "host x 10.0.0.3 profile macos cookie_mss 536\n",
    SCN_ERROR_INVALID,
    "t.scn:3:6: error: host 'x': SYN cookies (cookie_mss) need a cookie_period above 0\n"
    "  host x 10.0.0.3 profile macos cookie_mss 536\n"
    "       ^" },
  { "host-switch-not-on-off", HOSTS "host x 10.0.0.3 sack maybe\n", SCN_ERROR_SYNTAX,
    "t.scn:3:22: error: expected on or off, found 'maybe'\n"
    "  host x 10.0.0.3 sack maybe\n"
    "                       ^" },
  { "link-queue-zero", HOSTS "link client <-> server queue 0\n", SCN_ERROR_INVALID,
    "t.scn:3:30: error: queue 0 is out of range (1 to 1000000000)\n"
    "  link client <-> server queue 0\n"
    "                               ^" },
  { "gen-request-bad-unit", HOSTS "gen g client -> server:80 request 3GB\n", SCN_ERROR_SYNTAX,
    "t.scn:3:35: error: expected a request size (bytes, e.g. 100, 1KB, 64KiB), found '3GB'\n"
    "  gen g client -> server:80 request 3GB\n"
    "                                    ^" },
  { "gen-request-too-large", HOSTS "gen g client -> server:80 request 3000MB\n", SCN_ERROR_INVALID,
    "t.scn:3:35: error: request size 3000MB is too large (at most 2147483647 bytes)\n"
    "  gen g client -> server:80 request 3000MB\n"
    "                                    ^" },
  { "gen-unknown-setting-lists-settings", HOSTS "gen g client -> server:80 mode fast\n",
    SCN_ERROR_SYNTAX,
    "t.scn:3:27: error: unknown generator setting 'mode' (expected one of: count, interval, poisson, "
    "start, request, response, requests, think, closer)\n"
    "  gen g client -> server:80 mode fast\n"
    "                            ^" },
  { "gen-to-itself", HOSTS "gen g client -> client:80\n", SCN_ERROR_INVALID,
    "t.scn:3:17: error: a generator's clients and server must be different hosts\n"
    "  gen g client -> client:80\n"
    "                  ^" },

  /* ---- expectations ---- */
  { "unknown-state", CONN "expect c ESTABLISED at 1s\n", SCN_ERROR_SYNTAX,
    "t.scn:5:10: error: unknown state 'ESTABLISED' (did you mean 'ESTABLISHED'?)\n"
    "  expect c ESTABLISED at 1s\n"
    "           ^" },
  { "unknown-error", CONN "expect c error ETIMEOUT\n", SCN_ERROR_SYNTAX,
    "t.scn:5:16: error: unknown error 'ETIMEOUT' (did you mean 'ETIMEDOUT'?)\n"
    "  expect c error ETIMEOUT\n"
    "                 ^" },
  { "count-bad-operator", CONN "expect count client -> server SYN = 2\n", SCN_ERROR_SYNTAX,
    "t.scn:5:35: error: expected a comparison (==, !=, <, <=, >, >=), found '='\n"
    "  expect count client -> server SYN = 2\n"
    "                                    ^" },
  { "count-unknown-class", CONN "expect count client -> server SYNACK2 == 1\n", SCN_ERROR_SYNTAX,
    "t.scn:5:31: error: unknown segment class 'SYNACK2' (did you mean 'SYN-ACK'?)\n"
    "  expect count client -> server SYNACK2 == 1\n"
    "                                ^" },
  { "jiffies-phase-without-unit", HOSTS "host x 10.0.0.3 jiffies_phase 5\n", SCN_ERROR_SYNTAX,
    "t.scn:3:31: error: bad jiffies_phase '5': duration needs a unit (ns, us, ms, s or min)\n"
    "  host x 10.0.0.3 jiffies_phase 5\n"
    "                                ^" },
  { "timers-unknown-model", HOSTS "host x 10.0.0.3 timers fast\n", SCN_ERROR_SYNTAX,
    "t.scn:3:24: error: unknown timers value 'fast' (expected one of: exact, wheel)\n"
    "  host x 10.0.0.3 timers fast\n"
    "                         ^" },
  { "by-with-late", CONN "expect c ESTABLISHED by 1s late 1ms\n", SCN_ERROR_SYNTAX,
    "t.scn:5:28: error: 'by' takes no tolerance (for a window, write 'at TIME ± TOLERANCE')\n"
    "  expect c ESTABLISHED by 1s late 1ms\n"
    "                             ^" },
  { "by-with-tolerance", CONN "expect c ESTABLISHED by 1s ± 1ms\n", SCN_ERROR_SYNTAX,
    "t.scn:5:28: error: 'by' takes no tolerance (for a window, write 'at TIME ± TOLERANCE')\n"
    "  expect c ESTABLISHED by 1s ± 1ms\n"
    "                             ^" },
  { "column-after-multibyte-character", CONN "expect c ESTABLISHED at 1s ± 1msx\n",
    SCN_ERROR_SYNTAX,
    /* "±" is two bytes but one column. */
    "t.scn:5:30: error: bad tolerance '1msx': unknown time unit (use ns, us, ms, s or min)\n"
    "  expect c ESTABLISHED at 1s ± 1msx\n"
    "                               ^" },
  { "expect-missing-time", CONN "expect c ESTABLISHED\n", SCN_ERROR_SYNTAX,
    "t.scn:5:21: error: expected 'at' or 'by' at the end of the line\n"
    "  expect c ESTABLISHED\n"
    "                      ^" },

  /* ---- the end of the run ---- */
  { "step-after-run-end", CONN "run until 10s\nat 20s client close c\n", SCN_ERROR_INVALID,
    "t.scn:6:4: error: this step is after the end of the run (run until 10s, line 5)\n"
    "  at 20s client close c\n"
    "     ^" },
  { "run-ends-before-step", CONN "at 20s client close c\nrun until 10s\n", SCN_ERROR_INVALID,
    "t.scn:6:11: error: the run ends at 10s, before the step at 20s (line 5)\n"
    "  run until 10s\n"
    "            ^" },
  { "expectation-after-run-end", CONN "run until 10s\nexpect c CLOSED at 20s\n", SCN_ERROR_INVALID,
    "t.scn:6:20: error: this expectation's time is after the end of the run (run until 10s, line 5)\n"
    "  expect c CLOSED at 20s\n"
    "                     ^" },
  { "run-ends-before-expectation", CONN "expect c CLOSED by 20s\nrun until 10s\n", SCN_ERROR_INVALID,
    "t.scn:6:11: error: the run ends at 10s, before the expectation at 20s (line 5)\n"
    "  run until 10s\n"
    "            ^" },
  { "run-until-twice", HOSTS "run until 10s\nrun until 20s\n", SCN_ERROR_INVALID,
    "t.scn:4:1: error: 'run until' is given twice (first on line 3)\n"
    "  run until 20s\n"
    "  ^" },
  { "run-without-until", HOSTS "run 10s\n", SCN_ERROR_SYNTAX,
    "t.scn:3:5: error: expected 'until', found '10s'\n"
    "  run 10s\n"
    "      ^" },

  /* ---- parameters and includes ---- */
  /* Found by the fuzzer: no name close enough (all longer than the edit
   * distance handles) must not compare against a missing best. */
  { "unknown-parameter-long-names", "param nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn = 1\nhost a 10.0.0.1 $x\n", SCN_ERROR_INVALID,
    "t.scn:2:17: error: unknown parameter '$x' (declare it with 'param x = VALUE' before this line)\n"
    "  host a 10.0.0.1 $x\n"
    "                  ^" },
  { "unknown-parameter", "param loss = 0.1\n" HOSTS "link client <-> server loss $los\n",
    SCN_ERROR_INVALID,
    "t.scn:4:29: error: unknown parameter '$los' (did you mean '$loss'?)\n"
    "  link client <-> server loss $los\n"
    "                              ^" },
  { "undeclared-parameter", HOSTS "link client <-> server delay ${rtt}\n", SCN_ERROR_INVALID,
    "t.scn:3:30: error: unknown parameter '$rtt' (declare it with 'param rtt = VALUE' before this line)\n"
    "  link client <-> server delay ${rtt}\n"
    "                               ^" },
  { "bad-parameter-reference", HOSTS "link client <-> server delay ${rtt\n", SCN_ERROR_SYNTAX,
    "t.scn:3:30: error: bad parameter reference in '${rtt' (use $name or ${name})\n"
    "  link client <-> server delay ${rtt\n"
    "                               ^" },
  { "bad-parameter-name", "param max-rate = 1\n" HOSTS, SCN_ERROR_SYNTAX,
    "t.scn:1:7: error: 'max-rate' is not a valid parameter name (letters, digits and '_', starting "
    "with a letter)\n"
    "  param max-rate = 1\n"
    "        ^" },
  /* Names declared on lines with errors: later uses are not reported again,
   * but an undeclared name still is. */
  { "no-cascade-from-a-failed-declaration",
    HOSTS "host web 10.0.0.300\n"
    "gen G client -> web:80 count 10\n"
    "at 0s web listen 80\n"
    "at 0s client connect web:80 as c\n"
    "at 1s client connect server:80 as d now\n"
    "expect c ESTABLISHED by 1s\n"
    "expect d ESTABLISHED by 1s\n"
    "expect web c ESTABLISHED by 1s\n"
    "expect gen G completed == 10\n"
    "expect gen H completed == 10\n",
    SCN_ERROR_SYNTAX,
    "t.scn:3:10: error: '10.0.0.300' is not an IPv4 address (like 10.0.0.1)\n"
    "  host web 10.0.0.300\n"
    "           ^\n"
    "t.scn:7:37: error: unexpected 'now' at the end of the statement\n"
    "  at 1s client connect server:80 as d now\n"
    "                                      ^\n"
    "t.scn:12:12: error: unknown generator 'H' (declare it with 'gen' on an earlier line)\n"
    "  expect gen H completed == 10\n"
    "             ^" },
  /* ---- issue 13: names, parameters, columns ---- */
  { "gen-named-like-host", HOSTS "gen server client -> server:80\n", SCN_ERROR_INVALID,
    "t.scn:3:5: error: 'server' is already a host's name (line 2): a generator needs a name of its own\n"
    "  gen server client -> server:80\n"
    "      ^" },
  { "host-named-like-gen", HOSTS "gen g client -> server:80\nhost g 10.0.0.3\n", SCN_ERROR_INVALID,
    "t.scn:4:6: error: 'g' is already a generator's name (line 3): a host needs a name of its own\n"
    "  host g 10.0.0.3\n"
    "       ^" },
  { "param-undefined-at-definition", "param a = x$b\n" HOSTS "seed $a\n", SCN_ERROR_INVALID,
    "t.scn:1:12: error: unknown parameter '$b' (declare it with 'param b = VALUE' before this line)\n"
    "  param a = x$b\n"
    "             ^" },
  { "param-refers-to-itself", "param a = ${a}\n" HOSTS, SCN_ERROR_INVALID,
    "t.scn:1:11: error: parameter 'a' refers to itself\n"
    "  param a = ${a}\n"
    "            ^" },
  { "param-refers-to-earlier", "param a = 7\nparam b = ${a}1\n" HOSTS "seed $b x\n", SCN_ERROR_SYNTAX,
    "t.scn:5:9: error: unexpected 'x' at the end of the statement\n"
    "  seed $b x\n"
    "          ^" },
  { "stray-continuation-byte", HOSTS "# caf\xc3\xa9 \x80 x\n", SCN_ERROR_SYNTAX,
    /* "é" is one column, the stray byte one more: col 8. */
    "t.scn:3:8: error: the file is not UTF-8 text" },
  { "title-without-quotes", HOSTS "title Lost SYN\n", SCN_ERROR_SYNTAX,
    "t.scn:3:7: error: expected a title in double quotes (title \"Lost SYN\")\n"
    "  title Lost SYN\n"
    "        ^" },
  { "title-twice", "title \"a\"\n" HOSTS "title \"b\"\n", SCN_ERROR_INVALID,
    "t.scn:4:7: error: the title is given twice\n"
    "  title \"b\"\n"
    "        ^" },
  { "include-missing-file", HOSTS "include no-such-topology.scn\n", SCN_ERROR_IO,
    "t.scn:3:9: error: cannot include 'no-such-topology.scn': there is no file ./no-such-topology.scn\n"
    "  include no-such-topology.scn\n"
    "          ^" },
};

/* `title "…"`: the words between the quotes, joined by single spaces,
 * as written (an underscore is an underscore). */
static void
test_title (void)
{
  GError *error = NULL;
  Scenario *scn = scn_parse_string ("t.scn", "title \"Lost  web_client SYN\"\n" HOSTS, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (scn->title, ==, "Lost web_client SYN");
  scn_free (scn);
  scn = scn_parse_string ("t.scn", HOSTS, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_null (scn->title);
  scn_free (scn);
}

static void
test_bad (gconstpointer data)
{
  const BadCase *bc = data;
  GError *error = NULL;
  Scenario *scn = scn_parse_string ("t.scn", bc->text, NULL, 0, &error);
  g_assert_null (scn);
  g_assert_error (error, SCN_ERROR, (gint) bc->code);
  g_assert_cmpstr (error->message, ==, bc->message);
  g_error_free (error);
}

/* ---- every bound: the largest value accepted, one more refused --------- */

/* The text before the line under test, the line around its value, the
 * largest value, the smallest refused one and the message (its column is
 * the value's).  Times step by 1 ns past 10^7 s (SCN_TIME_MAX). */
typedef struct
{
  const char *name;
  const char *before, *head, *tail;
  const char *max, *over;
  ScnErrorCode code;
  const char *message;
} BoundCase;

#define TMAX "10000000s"
#define TOVER "10000000.000000001s"
#define DMAX "86400s"
#define DOVER "86400.000000001s"
#define GEN_G HOSTS "gen g client -> server:80\n"

static const BoundCase bound_cases[] = {
  /* ---- times in statements ---- */
  { "at", HOSTS, "at ", " server listen 80", TMAX, TOVER, SCN_ERROR_INVALID,
    "time " TOVER " is out of range (0s to " TMAX ")" },
  { "at-relative-sum", HOSTS "at 5000000s server listen 80\n", "at ", " server listen 81", "+5000000s",
    "+5000000.000000001s", SCN_ERROR_INVALID,
    "time +5000000.000000001s puts this step at " TOVER ", after the largest time (" TMAX ")" },
  { "at-beyond-int64", HOSTS, "at ", " server listen 80", TMAX, "9223372036854775808ns",
    SCN_ERROR_INVALID, "time 9223372036854775808ns is out of range (0s to " TMAX ")" },
  { "run-until", HOSTS, "run until ", "", TMAX, TOVER, SCN_ERROR_INVALID,
    "time " TOVER " is out of range (0s to " TMAX ")" },
  { "expect-at", CONN, "expect c ESTABLISHED at ", "", TMAX, TOVER, SCN_ERROR_INVALID,
    "time " TOVER " is out of range (0s to " TMAX ")" },
  { "expect-by", CONN, "expect c ESTABLISHED by ", "", TMAX, TOVER, SCN_ERROR_INVALID,
    "time " TOVER " is out of range (0s to " TMAX ")" },
  { "expect-tolerance", CONN, "expect c ESTABLISHED at 0s ± ", "", TMAX, TOVER, SCN_ERROR_INVALID,
    "tolerance " TOVER " is out of range (0s to " TMAX ")" },
  { "expect-window-sum", CONN, "expect c ESTABLISHED at 1s ± ", "", "9999999s", "9999999.000000001s",
    SCN_ERROR_INVALID, "the window 1s ± 9999999.000000001s ends after the largest time (" TMAX ")" },
  { "expect-error-at", CONN, "expect c error ETIMEDOUT at ", "", TMAX, TOVER, SCN_ERROR_INVALID,
    "time " TOVER " is out of range (0s to " TMAX ")" },
  { "expect-nth-at", HOSTS, "expect client -> server SYN #1 at ", "", TMAX, TOVER, SCN_ERROR_INVALID,
    "time " TOVER " is out of range (0s to " TMAX ")" },
  { "expect-gen-duration", GEN_G, "expect gen g handshake max <= ", "", TMAX, TOVER, SCN_ERROR_INVALID,
    "duration " TOVER " is out of range (0s to " TMAX ")" },
  { "fault-from", HOSTS, "fault client -> server drop SYN every from ", "", "9999999s", TOVER,
    SCN_ERROR_INVALID, "start time " TOVER " is out of range (0s to " TMAX ")" },
  { "fault-until", HOSTS, "fault client -> server drop SYN every until ", "", TMAX, TOVER,
    SCN_ERROR_INVALID, "end time " TOVER " is out of range (0s to " TMAX ")" },
  { "fault-delay", HOSTS, "fault client -> server delay ", " SYN #1", DMAX, DOVER, SCN_ERROR_INVALID,
    "delay " DOVER " is out of range (0s to " DMAX ")" },
  { "fault-duplicate-lag", HOSTS, "fault client -> server duplicate after ", " SYN #1", DMAX, DOVER,
    SCN_ERROR_INVALID, "lag " DOVER " is out of range (0s to " DMAX ")" },
  { "link-delay", HOSTS, "link client <-> server delay ", "", DMAX, DOVER, SCN_ERROR_INVALID,
    "delay " DOVER " is out of range (0s to " DMAX ")" },
  { "link-jitter", HOSTS, "link client <-> server jitter ", "", DMAX, DOVER, SCN_ERROR_INVALID,
    "jitter " DOVER " is out of range (0s to " DMAX ")" },
  { "link-reorder-by", HOSTS, "link client <-> server reorder 0.1 by ", "", DMAX, DOVER,
    SCN_ERROR_INVALID, "reordering delay " DOVER " is out of range (0s to " DMAX ")" },
  { "link-duplicate-lag", HOSTS, "link client <-> server duplicate 0.1 lag ", "", DMAX, DOVER,
    SCN_ERROR_INVALID, "duplicate lag " DOVER " is out of range (0s to " DMAX ")" },
  { "gen-start", HOSTS, "gen g client -> server:80 start ", "", TMAX, TOVER, SCN_ERROR_INVALID,
    "start time " TOVER " is out of range (0s to " TMAX ")" },
  { "gen-interval", HOSTS, "gen g client -> server:80 interval ", "", TMAX, TOVER, SCN_ERROR_INVALID,
    "interval " TOVER " is out of range (0s to " TMAX ")" },
  { "gen-think", HOSTS, "gen g client -> server:80 think ", "", TMAX, TOVER, SCN_ERROR_INVALID,
    "think time " TOVER " is out of range (0s to " TMAX ")" },
  { "gen-last-start-sum", HOSTS, "gen g client -> server:80 start 1000000s count 10 interval ", "",
    "1000000s", "1000000.000000001s", SCN_ERROR_INVALID,
    "the generator's last connection would start after the largest time (" TMAX "): start + (count - 1) "
    "* interval is too large" },

  /* ---- counts, ports, sizes ---- */
  { "gen-count", HOSTS, "gen g client -> server:80 interval 1ns count ", "", "100000000", "100000001",
    SCN_ERROR_INVALID, "count 100000001 is out of range (1 to 100000000)" },
  { "gen-requests", HOSTS, "gen g client -> server:80 requests ", "", "1000000", "1000001",
    SCN_ERROR_INVALID, "number of requests 1000001 is out of range (1 to 1000000)" },
  { "gen-request-size", HOSTS, "gen g client -> server:80 request ", "", "2147483647", "2147483648",
    SCN_ERROR_INVALID, "request size 2147483648 is too large (at most 2147483647 bytes)" },
  { "gen-response-size", HOSTS, "gen g client -> server:80 response ", "", "2147483647", "2147483648",
    SCN_ERROR_INVALID, "response size 2147483648 is too large (at most 2147483647 bytes)" },
  { "gen-port", HOSTS, "gen g client -> server:", "", "65535", "65536", SCN_ERROR_INVALID,
    "port 65536 is out of range (1 to 65535)" },
  { "listen-port", HOSTS, "at 0s server listen ", "", "65535", "65536", SCN_ERROR_INVALID,
    "port 65536 is out of range (1 to 65535)" },
  { "listen-port-0", HOSTS, "at 0s server listen ", "", "1", "0", SCN_ERROR_INVALID,
    "port 0 is out of range (1 to 65535)" },
  { "listen-backlog", HOSTS, "at 0s server listen 80 backlog ", "", "1000000", "1000001",
    SCN_ERROR_INVALID, "backlog 1000001 is out of range (1 to 1000000)" },
  { "listen-backlog-0", HOSTS, "at 0s server listen 80 backlog ", "", "1", "0", SCN_ERROR_INVALID,
    "backlog 0 is out of range (1 to 1000000)" },
  { "connect-port", HOSTS, "at 0s client connect server:", "", "65535", "65536", SCN_ERROR_INVALID,
    "port 65536 is out of range (1 to 65535)" },
  { "connect-from-port", HOSTS, "at 0s client connect server:80 from ", "", "65535", "65536",
    SCN_ERROR_INVALID, "local port 65536 is out of range (1 to 65535)" },
  { "send-size", CONN, "at 1s client send c ", "", "2147483647", "2147483648", SCN_ERROR_INVALID,
    "size 2147483648 is too large (at most 2147483647 bytes)" },
  { "on-received", CONN, "on c received ", " server close c", "4294967295", "4294967296",
    SCN_ERROR_INVALID, "size 4294967296 is too large (at most 4294967295 bytes)" },
  { "seed", HOSTS, "seed ", "", "9223372036854775807", "9223372036854775808", SCN_ERROR_INVALID,
    "seed 9223372036854775808 is out of range (0 to 9223372036854775807)" },
  { "seed-beyond-uint64", HOSTS, "seed ", "", "0", "99999999999999999999999", SCN_ERROR_INVALID,
    "seed 99999999999999999999999 is out of range (0 to 9223372036854775807)" },
  { "runs", HOSTS, "runs ", "", "1000000000", "1000000001", SCN_ERROR_INVALID,
    "number of runs 1000000001 is out of range (1 to 1000000000)" },
  { "link-queue", HOSTS, "link client <-> server queue ", "", "1000000000", "1000000001",
    SCN_ERROR_INVALID, "queue 1000000001 is out of range (1 to 1000000000)" },
  { "link-loss", HOSTS, "link client <-> server loss ", "", "1", "1.01", SCN_ERROR_INVALID,
    "loss 1.01 is out of range (0 to 1)" },
  { "expect-count", HOSTS, "expect count client -> server SYN == ", "", "4294967295", "4294967296",
    SCN_ERROR_INVALID, "count 4294967296 is out of range (0 to 4294967295)" },
  { "expect-gen-count", GEN_G, "expect gen g completed == ", "", "4294967295", "4294967296",
    SCN_ERROR_INVALID, "count 4294967296 is out of range (0 to 4294967295)" },
  { "expect-final-count", HOSTS, "expect client final TIME-WAIT == ", "", "4294967295", "4294967296",
    SCN_ERROR_INVALID, "count 4294967296 is out of range (0 to 4294967295)" },
  { "fault-ordinal", HOSTS, "fault client -> server drop SYN ", "", "#4294967295", "#4294967296",
    SCN_ERROR_INVALID, "ordinal #4294967296 is out of range (#1 to #4294967295)" },
  { "expect-nth-ordinal", HOSTS, "expect client -> server SYN ", " at 1s", "#4294967295", "#4294967296",
    SCN_ERROR_INVALID, "ordinal #4294967296 is out of range (#1 to #4294967295)" },
  { "host-isn", "", "host x 10.0.0.3 isn ", "", "4294967295", "4294967296", SCN_ERROR_INVALID,
    "ISN 4294967296 is out of range (0 to 4294967295)" },
};

/* Parses before + head + value + tail; NULL message: it must parse. */
static void
assert_bound (const char *before, const char *head, const char *value, const char *tail,
              ScnErrorCode code, const char *message)
{
  char *line = g_strconcat (head, value, tail, NULL);
  char *text = g_strconcat (before, line, "\n", NULL);
  GError *error = NULL;
  Scenario *scn = scn_parse_string ("t.scn", text, NULL, 0, &error);
  if (message == NULL)
    {
      g_assert_no_error (error);
      g_assert_nonnull (scn);
      scn_free (scn);
    }
  else
    {
      int lineno = 1;
      for (const char *q = before; *q; q++)
        lineno += *q == '\n';
      /* The column of the value (every head here is ASCII but "±"). */
      int col = (int) g_utf8_strlen (head, -1) + 1;
      GString *want = g_string_new ("");
      g_string_append_printf (want, "t.scn:%d:%d: error: %s\n  %s\n  ", lineno, col, message, line);
      for (int i = 1; i < col; i++)
        g_string_append_c (want, ' ');
      g_string_append_c (want, '^');
      g_assert_null (scn);
      g_assert_error (error, SCN_ERROR, (gint) code);
      g_assert_cmpstr (error->message, ==, want->str);
      g_string_free (want, TRUE);
      g_error_free (error);
    }
  g_free (text);
  g_free (line);
}

static void
test_bound (gconstpointer data)
{
  const BoundCase *bc = data;
  assert_bound (bc->before, bc->head, bc->max, bc->tail, bc->code, NULL);
  assert_bound (bc->before, bc->head, bc->over, bc->tail, bc->code, bc->message);
}

/* Every time-valued and count-valued host key, from the profile's field
 * table: its documented largest value is accepted, one more is refused
 * with the range; the smallest likewise where it is above 0. */
static void
test_bound_host_keys (void)
{
  guint n;
  const TcpProfileField *fields = tcp_profile_fields (&n);
  guint checked = 0;
  for (guint i = 0; i < n; i++)
    {
      const TcpProfileField *f = &fields[i];
      /* Keys checked against another: give that one room. */
      const char *other = strcmp (f->key, "rto_min") == 0 ? "rto_max " TMAX " "
                          : strcmp (f->key, "port_lo") == 0 ? "port_hi 65535 " : "";
      char *head = g_strdup_printf ("host x 10.0.0.3 %s%s ", other, f->key);
      char lo[32], hi[32], max[32], over[40], under[40];
      char *msg = NULL, *msg_under = NULL;
      switch (f->kind)
        {
        case TCP_PF_TIME:
          g_assert_cmpuint (f->max, ==, 10000000 * G_GUINT64_CONSTANT (1000000000));
          g_snprintf (max, sizeof max, TMAX);
          g_snprintf (over, sizeof over, TOVER);
          g_snprintf (lo, sizeof lo, "%s", f->min == 0 ? "0s" : "1ns");
          g_assert_cmpuint (f->min, <=, 1);
          msg = g_strdup_printf ("%s " TOVER " is out of range (%s to " TMAX ")", f->key, lo);
          if (f->min == 1)
            {
              g_snprintf (under, sizeof under, "0s");
              msg_under = g_strdup_printf ("%s 0s is out of range (1ns to " TMAX ")", f->key);
            }
          break;
        case TCP_PF_UINT:
        case TCP_PF_U16:
        case TCP_PF_WSCALE:
          g_snprintf (max, sizeof max, "%" G_GUINT64_FORMAT, f->max);
          g_snprintf (over, sizeof over, "%" G_GUINT64_FORMAT, f->max + 1);
          g_snprintf (lo, sizeof lo, "%" G_GUINT64_FORMAT, f->min);
          g_snprintf (hi, sizeof hi, "%" G_GUINT64_FORMAT, f->max);
          msg = g_strdup_printf ("%s %s is out of range (%s to %s)", f->key, over, lo, hi);
          if (f->min > 0)
            {
              g_snprintf (under, sizeof under, "%" G_GUINT64_FORMAT, f->min - 1);
              msg_under = g_strdup_printf ("%s %s is out of range (%s to %s)", f->key, under, lo, hi);
            }
          break;
        default:
          break;
        }
      if (msg != NULL)
        {
          assert_bound ("", head, max, "", SCN_ERROR_INVALID, NULL);
          assert_bound ("", head, over, "", SCN_ERROR_INVALID, msg);
          checked++;
        }
      if (msg_under != NULL)
        assert_bound ("", head, under, "", SCN_ERROR_INVALID, msg_under);
      g_free (msg);
      g_free (msg_under);
      g_free (head);
    }
  g_assert_cmpuint (checked, >=, 40);
}

/* ---- invalid inputs that need files or computed text -------------------- */

/* A scratch directory, removed with its files by tmp_dir_free. */
static char *
tmp_dir_new (void)
{
  GError *error = NULL;
  char *dir = g_dir_make_tmp ("test-parse-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

static char *
tmp_file (const char *dir, const char *name, const char *text, gssize len)
{
  GError *error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, text, len, &error);
  g_assert_no_error (error);
  return path;
}

static void
tmp_dir_free (char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      char *path = g_build_filename (dir, name, NULL);
      g_assert_cmpint (g_unlink (path), ==, 0);
      g_free (path);
    }
  g_dir_close (d);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_free (dir);
}

/* Parses path and checks the error; message may contain one "%s", which
 * stands for the directory of path. */
static void
assert_file_error (const char *path, ScnErrorCode code, const char *message)
{
  GError *error = NULL;
  Scenario *scn = scn_parse_file (path, NULL, 0, &error);
  g_assert_null (scn);
  g_assert_error (error, SCN_ERROR, (gint) code);
  g_assert_cmpstr (error->message, ==, message);
  g_error_free (error);
}

static void
test_bad_empty_file (void)
{
  char *dir = tmp_dir_new ();
  char *empty = tmp_file (dir, "empty.scn", "", 0);
  char *blank = tmp_file (dir, "blank.scn", "\n  \t\n\n", -1);
  char *msg = g_strdup_printf ("%s:1:1: error: the file is empty", empty);
  assert_file_error (empty, SCN_ERROR_INVALID, msg);
  g_free (msg);
  msg = g_strdup_printf ("%s:1:1: error: the file is empty", blank);
  assert_file_error (blank, SCN_ERROR_INVALID, msg);
  g_free (msg);
  g_free (empty);
  g_free (blank);
  tmp_dir_free (dir);
}

static void
test_bad_binary_file (void)
{
  static const char junk[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0";
  char *dir = tmp_dir_new ();
  char *path = tmp_file (dir, "a.out", junk, sizeof junk - 1);
  /* The first NUL byte's place: after "\x7fELF\x02\x01\x01", one column each. */
  char *msg = g_strdup_printf ("%s:1:8: error: not a text file (it contains NUL bytes)", path);
  assert_file_error (path, SCN_ERROR_SYNTAX, msg);
  g_free (msg);
  g_free (path);
  tmp_dir_free (dir);
}

static void
test_bad_missing_file (void)
{
  GError *error = NULL;
  Scenario *scn = scn_parse_file ("/nonexistent/t.scn", NULL, 0, &error);
  g_assert_null (scn);
  g_assert_error (error, SCN_ERROR, SCN_ERROR_IO);
  /* The rest is GLib's (translated) reason. */
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/t.scn: error: "));
  g_error_free (error);
}

static void
test_bad_long_line (void)
{
  /* A 1 MB line: one word of a million letters after "host ".  The echo
   * is cut at 200 characters; the caret still points at the word. */
  gsize n = 1024 * 1024;
  GString *text = g_string_new ("host ");
  for (gsize i = 0; i < n; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, " 10.0.0.1\n");
  GError *error = NULL;
  Scenario *scn = scn_parse_string ("t.scn", text->str, NULL, 0, &error);
  g_assert_null (scn);
  g_assert_error (error, SCN_ERROR, SCN_ERROR_SYNTAX);
  GString *want = g_string_new ("t.scn:1:6: error: word too long (the limit is 256 bytes)\n  host ");
  for (int i = 0; i < 195; i++)
    g_string_append_c (want, 'x');
  g_string_append (want, "…\n       ^");
  g_assert_cmpstr (error->message, ==, want->str);
  g_clear_error (&error);
  g_string_free (want, TRUE);

  /* 256 bytes is still a word (an unknown host, but a word). */
  g_string_assign (text, HOSTS "link client <-> ");
  for (int i = 0; i < 256; i++)
    g_string_append_c (text, 'y');
  scn = scn_parse_string ("t.scn", text->str, NULL, 0, &error);
  g_assert_null (scn);
  g_assert_error (error, SCN_ERROR, SCN_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "t.scn:3:17: error: unknown host 'yyy"));
  g_error_free (error);
  g_string_free (text, TRUE);
}

static void
test_bad_include_cycle (void)
{
  char *dir = tmp_dir_new ();
  char *a = tmp_file (dir, "a.scn", "host client 10.0.0.1\ninclude b.scn\n", -1);
  char *b = tmp_file (dir, "b.scn", "host server 10.0.0.2\ninclude a.scn\n", -1);
  char *msg = g_strdup_printf ("%s:2:9: error: include cycle: 'a.scn' is already being read\n"
                               "  include a.scn\n"
                               "          ^\n"
                               "  in file included from %s:2:9",
                               b, a);
  assert_file_error (a, SCN_ERROR_INVALID, msg);
  g_free (msg);

  /* A file that includes itself directly. */
  char *self = tmp_file (dir, "self.scn", "host client 10.0.0.1\n\ninclude ./self.scn\n", -1);
  msg = g_strdup_printf ("%s:3:9: error: include cycle: './self.scn' is already being read\n"
                         "  include ./self.scn\n"
                         "          ^",
                         self);
  assert_file_error (self, SCN_ERROR_INVALID, msg);
  g_free (msg);
  g_free (a);
  g_free (b);
  g_free (self);
  tmp_dir_free (dir);
}

static void
test_bad_in_included_file (void)
{
  /* An error inside an included file names that file and its line. */
  char *dir = tmp_dir_new ();
  char *net = tmp_file (dir, "net.scn", "host client 10.0.0.1\nhost server 10.0.0.2\n"
                        "link client <-> server delay 5\n", -1);
  char *top = tmp_file (dir, "top.scn", "include net.scn\nhost client 10.0.0.9\n", -1);
  char *msg = g_strdup_printf ("%s:3:30: error: bad delay '5': duration needs a unit (ns, us, ms, s or min)\n"
                               "  link client <-> server delay 5\n"
                               "                               ^\n"
                               "  in file included from %s:1:9\n"
                               "%s:2:6: error: host 'client' is declared twice (first on %s:1)\n"
                               "  host client 10.0.0.9\n"
                               "       ^",
                               net, top, top, net);
  assert_file_error (top, SCN_ERROR_SYNTAX, msg);
  g_free (msg);
  g_free (net);
  g_free (top);
  tmp_dir_free (dir);
}

static void
test_bad_define_unknown (void)
{
  /* A -D override that names no declared parameter is a mistake too: a
   * sweep over a misspelt name would silently run the default. */
  static const ScnDefine defs[] = { { "los", "0.3" }, { "jitter", "1ms" } };
  GError *error = NULL;
  Scenario *scn = scn_parse_string ("t.scn", "param loss = 0.1\n" HOSTS, defs, G_N_ELEMENTS (defs),
                                    &error);
  g_assert_null (scn);
  g_assert_error (error, SCN_ERROR, SCN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "t.scn: error: -D los: the scenario has no parameter 'los' (did you mean 'loss'?)\n"
                   "t.scn: error: -D jitter: the scenario has no parameter 'jitter'");
  g_error_free (error);
}

static void
test_bad_several_errors (void)
{
  /* One pass reports every line that is wrong, in order; the first
   * error's code is the error's code. */
  static const char text[] = "hots client 10.0.0.1\n"
                             "host server 10.0.0\n"
                             "host client 10.0.0.1\n"
                             "link client <-> db delay 50\n"
                             "at 0s client lisen 80\n";
  GError *error = NULL;
  Scenario *scn = scn_parse_string ("t.scn", text, NULL, 0, &error);
  g_assert_null (scn);
  g_assert_error (error, SCN_ERROR, SCN_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==,
                   "t.scn:1:1: error: unknown statement 'hots' (did you mean 'host'?)\n"
                   "  hots client 10.0.0.1\n"
                   "  ^\n"
                   "t.scn:2:13: error: '10.0.0' is not an IPv4 address (like 10.0.0.1)\n"
                   "  host server 10.0.0\n"
                   "              ^\n"
                   /* server was not declared: the link's error is about it. */
                   "t.scn:4:17: error: unknown host 'db' (the hosts are client)\n"
                   "  link client <-> db delay 50\n"
                   "                  ^\n"
                   "t.scn:5:14: error: unknown action 'lisen' (did you mean 'listen'?)\n"
                   "  at 0s client lisen 80\n"
                   "               ^");
  g_error_free (error);
}

static void
test_bad_too_many_errors (void)
{
  /* After 20 errors the parser stops and says so. */
  GString *text = g_string_new ("");
  for (int i = 0; i < 30; i++)
    g_string_append (text, "hots a 10.0.0.1\n");
  GError *error = NULL;
  Scenario *scn = scn_parse_string ("t.scn", text->str, NULL, 0, &error);
  g_assert_null (scn);
  g_assert_error (error, SCN_ERROR, SCN_ERROR_SYNTAX);
  g_assert_true (strstr (error->message, "t.scn:20:1: error:") != NULL);
  g_assert_true (strstr (error->message, "t.scn:21:1: error:") == NULL);
  g_assert_true (g_str_has_suffix (error->message, "\nt.scn: more than 20 errors, stopping"));
  g_error_free (error);
  g_string_free (text, TRUE);
}

/* ---- valid inputs ------------------------------------------------------- */

static Scenario *
parse_ok (const char *text, const ScnDefine *defs, gsize n_defs)
{
  GError *error = NULL;
  Scenario *scn = scn_parse_string ("t.scn", text, defs, n_defs, &error);
  g_assert_no_error (error);
  g_assert_nonnull (scn);
  return scn;
}

#define HOST(scn, i) (&g_array_index ((scn)->hosts, ScnHost, (i)))
#define LINK(scn, i) (&g_array_index ((scn)->links, ScnLink, (i)))
#define FAULT(scn, i) (&g_array_index ((scn)->faults, ScnFault, (i)))
#define CONN_(scn, i) (&g_array_index ((scn)->conns, ScnConn, (i)))
#define STEP(scn, i) (&g_array_index ((scn)->steps, ScnStep, (i)))
#define GEN(scn, i) (&g_array_index ((scn)->gens, ScnGen, (i)))
#define EXPECT(scn, i) (&g_array_index ((scn)->expects, ScnExpect, (i)))

/* The timer model: `timers` is a profile value (wheel for linux, exact
 * for rfc9293), `hz` too; `jiffies_phase` is the host's own. */
static void
test_ok_host_timers (void)
{
  Scenario *scn = parse_ok ("host a 10.0.0.1 jiffies_phase 1.5ms\n"
                            "host b 10.0.0.2 timers exact jiffies_phase 2s jiffies_phase random\n"
                            "host c 10.0.0.3 profile rfc9293 timers wheel hz 1000\n"
                            "host d 10.0.0.4\n", NULL, 0);
  g_assert_cmpint (HOST (scn, 0)->profile.timers, ==, TCP_TIMERS_WHEEL);
  g_assert_cmpuint (HOST (scn, 0)->profile.hz, ==, 250);
  g_assert_true (HOST (scn, 0)->jiffies_phase_fixed);
  g_assert_cmpint (HOST (scn, 0)->jiffies_phase, ==, 1500 * SIM_US);
  g_assert_cmpint (HOST (scn, 1)->profile.timers, ==, TCP_TIMERS_EXACT);
  g_assert_false (HOST (scn, 1)->jiffies_phase_fixed);
  g_assert_cmpint (HOST (scn, 2)->profile.timers, ==, TCP_TIMERS_WHEEL);
  g_assert_cmpuint (HOST (scn, 2)->profile.hz, ==, 1000);
  g_assert_false (HOST (scn, 3)->jiffies_phase_fixed);
  scn_free (scn);
  g_assert_cmpint (tcp_profile_lookup ("rfc9293")->timers, ==, TCP_TIMERS_EXACT);
  g_assert_cmpint (tcp_profile_lookup ("linux-classic")->timers, ==, TCP_TIMERS_WHEEL);
}

static void
test_ok_hosts (void)
{
  Scenario *scn = parse_ok ("profile rfc9293\n"
                            "seed 42\n"
                            "host client 10.0.0.1 syn_retries 2 isn 1000\n"
                            "host server 192.168.1.254 profile linux rto_min 300ms sack off isn random\n",
                            NULL, 0);
  const TcpProfile *rfc = tcp_profile_lookup ("rfc9293");
  const TcpProfile *linux_ = tcp_profile_lookup ("linux");
  g_assert_cmpuint (scn->seed, ==, 42);
  g_assert_cmpint (scn->until, ==, SIM_TIME_NEVER);
  g_assert_cmpuint (scn->hosts->len, ==, 2);

  const ScnHost *c = HOST (scn, 0);
  g_assert_cmpstr (c->name, ==, "client");
  g_assert_cmphex (c->addr, ==, 0x0a000001);
  g_assert_cmpstr (c->profile.name, ==, "rfc9293"); /* the scenario's default */
  g_assert_cmpuint (c->profile.syn_retries, ==, 2);
  g_assert_cmpuint (c->profile.synack_retries, ==, rfc->synack_retries);
  g_assert_cmpint (c->profile.rto_min, ==, rfc->rto_min);
  g_assert_true (c->isn_fixed);
  g_assert_cmpuint (c->isn, ==, 1000);
  g_assert_cmpstr (c->loc.file, ==, "t.scn");
  g_assert_cmpint (c->loc.line, ==, 3);
  g_assert_cmpint (c->loc.col, ==, 6);

  const ScnHost *s = HOST (scn, 1);
  g_assert_cmpstr (s->name, ==, "server");
  g_assert_cmphex (s->addr, ==, 0xc0a801fe);
  g_assert_cmpstr (s->profile.name, ==, "linux"); /* its own */
  g_assert_cmpint (s->profile.rto_min, ==, 300 * SIM_MS);
  g_assert_cmpint (s->profile.rto_max, ==, linux_->rto_max);
  g_assert_cmpuint (s->profile.syn_retries, ==, linux_->syn_retries);
  g_assert_false (s->profile.sack);
  g_assert_true (s->profile.timestamps);
  g_assert_false (s->isn_fixed);
  g_assert_cmpint (s->loc.line, ==, 4);
  scn_free (scn);

  /* Without a profile line, hosts are Linux. */
  scn = parse_ok ("host a 10.0.0.1\n", NULL, 0);
  g_assert_cmpstr (HOST (scn, 0)->profile.name, ==, "linux");
  g_assert_cmpuint (scn->seed, ==, 1);
  scn_free (scn);
}

static void
test_ok_links (void)
{
  Scenario *scn = parse_ok (HOSTS "host db 10.0.0.3\n"
                            "link client <-> server delay 50ms loss 10%\n"
                            "link server -> db delay 1.5ms loss 0.25 rate 10Mbps queue 100\n"
                            "link db -> server\n",
                            NULL, 0);
  g_assert_cmpuint (scn->links->len, ==, 4);
  /* "<->" is two links, one per direction, with the same settings. */
  const ScnLink *l = LINK (scn, 0);
  g_assert_cmpint (l->src, ==, 0);
  g_assert_cmpint (l->dst, ==, 1);
  g_assert_cmpint (l->delay, ==, 50 * SIM_MS);
  g_assert_cmpfloat (l->loss, ==, 0.1);
  g_assert_cmpuint (l->rate, ==, 0);
  g_assert_cmpuint (l->qlimit, ==, 0);
  g_assert_cmpint (l->loc.line, ==, 4);
  l = LINK (scn, 1);
  g_assert_cmpint (l->src, ==, 1);
  g_assert_cmpint (l->dst, ==, 0);
  g_assert_cmpint (l->delay, ==, 50 * SIM_MS);
  g_assert_cmpfloat (l->loss, ==, 0.1);

  l = LINK (scn, 2);
  g_assert_cmpint (l->src, ==, 1);
  g_assert_cmpint (l->dst, ==, 2);
  g_assert_cmpint (l->delay, ==, 1500 * SIM_US);
  g_assert_cmpfloat (l->loss, ==, 0.25);
  g_assert_cmpuint (l->rate, ==, 10000000);
  g_assert_cmpuint (l->qlimit, ==, 100);

  l = LINK (scn, 3);
  g_assert_cmpint (l->src, ==, 2);
  g_assert_cmpint (l->dst, ==, 1);
  g_assert_cmpint (l->delay, ==, 0);
  g_assert_cmpfloat (l->loss, ==, 0.0);
  scn_free (scn);
}

static void
test_ok_faults (void)
{
  Scenario *scn = parse_ok (HOSTS "link client <-> server delay 50ms\n"
                            "fault client -> server drop SYN #1 # the first SYN is lost\n"
                            "fault server <-> client drop data every from 1s until 2.5s\n"
                            "fault server -> client drop synack #3 until 10s\n",
                            NULL, 0);
  g_assert_cmpuint (scn->faults->len, ==, 4);
  const ScnFault *f = FAULT (scn, 0);
  g_assert_cmpint (f->src, ==, 0);
  g_assert_cmpint (f->dst, ==, 1);
  g_assert_cmpint (f->fault.cls, ==, SEG_CLASS_SYN);
  g_assert_cmpuint (f->fault.nth, ==, 1);
  g_assert_cmpint (f->fault.from, ==, 0);
  g_assert_cmpint (f->fault.until, ==, SIM_TIME_NEVER);
  g_assert_cmpuint (f->fault.seen, ==, 0);
  g_assert_cmpint (f->loc.line, ==, 4);
  g_assert_cmpint (f->loc.col, ==, 24);

  for (guint i = 1; i <= 2; i++)
    {
      f = FAULT (scn, i);
      g_assert_cmpint (f->src, ==, i == 1 ? 1 : 0);
      g_assert_cmpint (f->dst, ==, i == 1 ? 0 : 1);
      g_assert_cmpint (f->fault.cls, ==, SEG_CLASS_DATA);
      g_assert_cmpuint (f->fault.nth, ==, 0); /* every */
      g_assert_cmpint (f->fault.from, ==, 1 * SIM_S);
      g_assert_cmpint (f->fault.until, ==, 2500 * SIM_MS);
    }

  f = FAULT (scn, 3);
  g_assert_cmpint (f->fault.cls, ==, SEG_CLASS_SYNACK);
  g_assert_cmpuint (f->fault.nth, ==, 3);
  g_assert_cmpint (f->fault.from, ==, 0);
  g_assert_cmpint (f->fault.until, ==, 10 * SIM_S);
  scn_free (scn);
}

static void
test_ok_steps (void)
{
  Scenario *scn = parse_ok (HOSTS "link client <-> server delay 50ms\n"
                            "at 0s server listen 80 backlog 8\n"
                            "at +10ms client connect server:80 as c\n"
                            "at 1s client send c 1KB\n"
                            "at +250ms client shutdown c\n"
                            "at +0s server close c\n"
                            "at 2s client abort c\n",
                            NULL, 0);
  g_assert_cmpuint (scn->conns->len, ==, 1);
  const ScnConn *conn = CONN_ (scn, 0);
  g_assert_cmpstr (conn->name, ==, "c");
  g_assert_cmpint (conn->host[0], ==, 0);
  g_assert_cmpint (conn->host[1], ==, 1);
  g_assert_cmpuint (conn->port, ==, 80);
  g_assert_cmpint (conn->loc.line, ==, 5);
  g_assert_cmpint (conn->loc.col, ==, 38);

  g_assert_cmpuint (scn->steps->len, ==, 6);
  const ScnStep *s = STEP (scn, 0);
  g_assert_cmpint (s->kind, ==, SCN_ACT_LISTEN);
  g_assert_false (s->on_event);
  g_assert_cmpint (s->at, ==, 0);
  g_assert_cmpint (s->host, ==, 1);
  g_assert_cmpuint (s->port, ==, 80);
  g_assert_cmpuint (s->backlog, ==, 8);
  g_assert_cmpint (s->conn, ==, -1);

  s = STEP (scn, 1);
  g_assert_cmpint (s->kind, ==, SCN_ACT_CONNECT);
  g_assert_cmpint (s->at, ==, 10 * SIM_MS); /* relative to the previous step */
  g_assert_cmpint (s->host, ==, 0);
  g_assert_cmpint (s->peer, ==, 1);
  g_assert_cmpuint (s->port, ==, 80);
  g_assert_cmpint (s->conn, ==, 0);
  g_assert_cmpuint (s->backlog, ==, 0);

  s = STEP (scn, 2);
  g_assert_cmpint (s->kind, ==, SCN_ACT_SEND);
  g_assert_cmpint (s->at, ==, 1 * SIM_S);
  g_assert_cmpint (s->host, ==, 0);
  g_assert_cmpint (s->conn, ==, 0);
  g_assert_cmpuint (s->bytes, ==, 1000);
  g_assert_cmpint (s->loc.line, ==, 6);
  g_assert_cmpint (s->loc.col, ==, 14);

  s = STEP (scn, 3);
  g_assert_cmpint (s->kind, ==, SCN_ACT_SHUTDOWN);
  g_assert_cmpint (s->at, ==, 1250 * SIM_MS);
  s = STEP (scn, 4);
  g_assert_cmpint (s->kind, ==, SCN_ACT_CLOSE);
  g_assert_cmpint (s->at, ==, 1250 * SIM_MS);
  g_assert_cmpint (s->host, ==, 1); /* the server's end */
  s = STEP (scn, 5);
  g_assert_cmpint (s->kind, ==, SCN_ACT_ABORT);
  g_assert_cmpint (s->at, ==, 2 * SIM_S);
  scn_free (scn);
}

static void
test_ok_on_event (void)
{
  Scenario *scn = parse_ok (CONN "on c established client send c 100\n"
                            "on c received 100 server send c 64KiB\n"
                            "on c eof server close c\n"
                            "on c reset client close c\n"
                            "on c error client abort c\n"
                            "on c closed client close c\n"
                            /* on-event steps do not move the time order */
                            "at 0s server listen 81\n",
                            NULL, 0);
  g_assert_cmpuint (scn->steps->len, ==, 9);
  const ScnStep *s = STEP (scn, 2);
  g_assert_true (s->on_event);
  g_assert_cmpint (s->ev_conn, ==, 0);
  g_assert_cmpint (s->ev, ==, SCN_EV_ESTABLISHED);
  g_assert_cmpint (s->kind, ==, SCN_ACT_SEND);
  g_assert_cmpint (s->host, ==, 0);
  g_assert_cmpuint (s->bytes, ==, 100);

  s = STEP (scn, 3);
  g_assert_true (s->on_event);
  g_assert_cmpint (s->ev, ==, SCN_EV_RECEIVED);
  g_assert_cmpuint (s->ev_bytes, ==, 100);
  g_assert_cmpint (s->host, ==, 1);
  g_assert_cmpuint (s->bytes, ==, 65536);

  g_assert_cmpint (STEP (scn, 4)->ev, ==, SCN_EV_EOF);
  g_assert_cmpint (STEP (scn, 5)->ev, ==, SCN_EV_ERROR);
  g_assert_cmpint (STEP (scn, 5)->ev_error, ==, TCP_ECONNRESET);
  g_assert_cmpint (STEP (scn, 6)->ev, ==, SCN_EV_ERROR);
  g_assert_cmpint (STEP (scn, 6)->ev_error, ==, TCP_OK); /* any error */
  g_assert_cmpint (STEP (scn, 7)->ev, ==, SCN_EV_CLOSED);
  g_assert_false (STEP (scn, 8)->on_event);
  scn_free (scn);
}

static void
test_ok_generator (void)
{
  Scenario *scn = parse_ok (HOSTS "gen web client -> server:8080\n"
                            "gen flood client -> server:81 count 10 interval 5ms start 1s "
                            "request 1KB response 2MiB\n"
                            "host c2 10.0.0.3\n"
                            "gen rr client,c2 -> server:82 count 100 interval 10ms poisson "
                            "requests 3 think 100ms closer client\n"
                            "expect gen rr completed == 100\n"
                            "expect gen rr handshake p99 <= 1.1s\n",
                            NULL, 0);
  g_assert_cmpuint (scn->gens->len, ==, 3);
  const ScnGen *g = GEN (scn, 0);
  g_assert_cmpstr (g->name, ==, "web");
  g_assert_cmpuint (g->nclients, ==, 1);
  g_assert_cmpint (g->clients[0], ==, 0);
  g_assert_false (g->poisson);
  g_assert_cmpuint (g->requests, ==, 1);
  g_assert_cmpint (g->think, ==, 0);
  g_assert_cmpint (g->closer, ==, APP_CLOSER_SERVER);
  g_assert_cmpint (g->server, ==, 1);
  g_assert_cmpuint (g->port, ==, 8080);
  /* Defaults: one connection, 1 ms apart, from 0 s, 100 B each way. */
  g_assert_cmpuint (g->count, ==, 1);
  g_assert_cmpint (g->interval, ==, 1 * SIM_MS);
  g_assert_cmpint (g->start, ==, 0);
  g_assert_cmpuint (g->request, ==, 100);
  g_assert_cmpuint (g->response, ==, 100);
  g_assert_cmpint (g->loc.line, ==, 3);

  g = GEN (scn, 1);
  g_assert_cmpstr (g->name, ==, "flood");
  g_assert_cmpuint (g->port, ==, 81);
  g_assert_cmpuint (g->count, ==, 10);
  g_assert_cmpint (g->interval, ==, 5 * SIM_MS);
  g_assert_cmpint (g->start, ==, 1 * SIM_S);
  g_assert_cmpuint (g->request, ==, 1000);
  g_assert_cmpuint (g->response, ==, 2 * 1048576);

  g = GEN (scn, 2);
  g_assert_cmpuint (g->nclients, ==, 2);
  g_assert_cmpint (g->clients[0], ==, 0);
  g_assert_cmpint (g->clients[1], ==, 2);
  g_assert_true (g->poisson);
  g_assert_cmpint (g->interval, ==, 10 * SIM_MS);
  g_assert_cmpuint (g->requests, ==, 3);
  g_assert_cmpint (g->think, ==, 100 * SIM_MS);
  g_assert_cmpint (g->closer, ==, APP_CLOSER_CLIENT);

  const ScnExpect *e = &g_array_index (scn->expects, ScnExpect, 0);
  g_assert_cmpint (e->kind, ==, SCN_EXP_GEN);
  g_assert_cmpint (e->gen, ==, 2);
  g_assert_cmpint (e->stat, ==, APP_STAT_COMPLETED);
  g_assert_cmpint (e->op, ==, SCN_OP_EQ);
  g_assert_cmpuint (e->n, ==, 100);
  e = &g_array_index (scn->expects, ScnExpect, 1);
  g_assert_cmpint (e->stat, ==, APP_STAT_HANDSHAKE);
  g_assert_cmpint (e->agg, ==, APP_AGG_P99);
  g_assert_cmpint (e->op, ==, SCN_OP_LE);
  g_assert_cmpint (e->at, ==, 1100 * SIM_MS);
  scn_free (scn);
}

/* "at T late TOL": the window [T, T + TOL] of a timer on the wheel. */
static void
test_ok_expect_late (void)
{
  Scenario *scn = parse_ok (CONN "expect c established at 1.1s late 32ms\n"
                            "expect client -> server SYN #2 at 1s late 32ms\n", NULL, 0);
  for (guint i = 0; i < 2; i++)
    {
      const ScnExpect *e = EXPECT (scn, i);
      g_assert_true (e->late);
      g_assert_cmpint (e->tol, ==, 32 * SIM_MS);
    }
  g_assert_cmpint (EXPECT (scn, 0)->at, ==, 1100 * SIM_MS);
  scn_free (scn);
}

static void
test_ok_expectations (void)
{
  Scenario *scn = parse_ok (CONN "expect c established at 1.100s ± 1ms\n"
                            "expect server c SYN-RECEIVED by 2s\n"
                            "expect client c state TIME_WAIT at 5.2s\n"
                            "expect c error ETIMEDOUT at 127s +- 1s\n"
                            "expect server c error ECONNRESET\n"
                            "expect count client -> server SYN == 2\n"
                            "expect count server -> client any >= 4\n"
                            "expect server c no-error\n"
                            "run until 200s\n",
                            NULL, 0);
  g_assert_cmpint (scn->until, ==, 200 * SIM_S);
  g_assert_cmpuint (scn->expects->len, ==, 8);

  const ScnExpect *e = EXPECT (scn, 0);
  g_assert_cmpint (e->kind, ==, SCN_EXP_ENTERED);
  g_assert_cmpint (e->conn, ==, 0);
  g_assert_cmpint (e->end, ==, 0); /* the connecting end by default */
  g_assert_cmpint (e->state, ==, TCP_STATE_ESTABLISHED);
  g_assert_false (e->by);
  g_assert_true (e->timed);
  g_assert_cmpint (e->at, ==, 1100 * SIM_MS);
  g_assert_cmpint (e->tol, ==, 1 * SIM_MS);
  g_assert_false (e->late);
  g_assert_cmpstr (e->text, ==, "c established at 1.100s ± 1ms");
  g_assert_cmpint (e->loc.line, ==, 5);
  g_assert_cmpint (e->loc.col, ==, 1);

  e = EXPECT (scn, 1);
  g_assert_cmpint (e->kind, ==, SCN_EXP_ENTERED);
  g_assert_cmpint (e->end, ==, 1);
  g_assert_cmpint (e->state, ==, TCP_STATE_SYN_RECEIVED);
  g_assert_true (e->by);
  g_assert_cmpint (e->at, ==, 2 * SIM_S);
  g_assert_cmpint (e->tol, ==, 0);

  e = EXPECT (scn, 2);
  g_assert_cmpint (e->kind, ==, SCN_EXP_IN_STATE);
  g_assert_cmpint (e->end, ==, 0);
  g_assert_cmpint (e->state, ==, TCP_STATE_TIME_WAIT);
  g_assert_cmpint (e->at, ==, 5200 * SIM_MS);

  e = EXPECT (scn, 3);
  g_assert_cmpint (e->kind, ==, SCN_EXP_ERROR);
  g_assert_cmpint (e->error, ==, TCP_ETIMEDOUT);
  g_assert_true (e->timed);
  g_assert_cmpint (e->at, ==, 127 * SIM_S);
  g_assert_cmpint (e->tol, ==, 1 * SIM_S);

  e = EXPECT (scn, 4);
  g_assert_cmpint (e->kind, ==, SCN_EXP_ERROR);
  g_assert_cmpint (e->end, ==, 1);
  g_assert_cmpint (e->error, ==, TCP_ECONNRESET);
  g_assert_false (e->timed);

  e = EXPECT (scn, 5);
  g_assert_cmpint (e->kind, ==, SCN_EXP_COUNT);
  g_assert_cmpint (e->src, ==, 0);
  g_assert_cmpint (e->dst, ==, 1);
  g_assert_cmpint (e->cls, ==, SEG_CLASS_SYN);
  g_assert_cmpint (e->op, ==, SCN_OP_EQ);
  g_assert_cmpuint (e->n, ==, 2);
  g_assert_cmpint (e->conn, ==, -1);

  e = EXPECT (scn, 6);
  g_assert_cmpint (e->src, ==, 1);
  g_assert_cmpint (e->dst, ==, 0);
  g_assert_cmpint (e->cls, ==, SEG_CLASS_ANY);
  g_assert_cmpint (e->op, ==, SCN_OP_GE);
  g_assert_cmpuint (e->n, ==, 4);

  e = EXPECT (scn, 7);
  g_assert_cmpint (e->kind, ==, SCN_EXP_NO_ERROR);
  g_assert_cmpint (e->end, ==, 1);
  scn_free (scn);
}

static void
test_ok_crash_from_host_settings (void)
{
  Scenario *scn = parse_ok ("host client 10.0.0.1 keepalive on keepalive_idle 10s keepalive_intvl 2s "
                            "keepalive_probes 3\n"
                            "host server 10.0.0.2 syncookies off backlog 128 syn_backlog 64 "
                            "abort_on_overflow on rfc1337 on tlp off\n"
                            "link client <-> server delay 50ms\n"
                            "at 0s server listen 80\n"
                            "at 0s client connect server:80 from 40000 as c\n"
                            "at 2s server crash\n"
                            "at 5s server restart\n",
                            NULL, 0);
  const ScnHost *h = &g_array_index (scn->hosts, ScnHost, 0);
  g_assert_true (h->profile.keepalive_default);
  g_assert_cmpint (h->profile.keepalive_idle, ==, 10 * SIM_S);
  g_assert_cmpint (h->profile.keepalive_intvl, ==, 2 * SIM_S);
  g_assert_cmpuint (h->profile.keepalive_probes, ==, 3);
  h = &g_array_index (scn->hosts, ScnHost, 1);
  g_assert_cmpint (h->profile.synq_full, ==, TCP_SYNQ_DROP);
  g_assert_cmpuint (h->profile.backlog, ==, 128);
  g_assert_cmpuint (h->profile.syn_backlog, ==, 64);
  g_assert_true (h->profile.abort_on_overflow);
  g_assert_true (h->profile.tw_rst_ignore);
  g_assert_false (h->profile.tlp);
  const ScnStep *s = &g_array_index (scn->steps, ScnStep, 1);
  g_assert_cmpint (s->kind, ==, SCN_ACT_CONNECT);
  g_assert_cmpuint (s->lport, ==, 40000);
  s = &g_array_index (scn->steps, ScnStep, 2);
  g_assert_cmpint (s->kind, ==, SCN_ACT_CRASH);
  g_assert_cmpint (s->host, ==, 1);
  g_assert_cmpint (s->at, ==, 2 * SIM_S);
  s = &g_array_index (scn->steps, ScnStep, 3);
  g_assert_cmpint (s->kind, ==, SCN_ACT_RESTART);
  scn_free (scn);

  GError *err = NULL;
  g_assert_null (scn_parse_string ("t.scn", HOSTS "at 1s server crash now\n", NULL, 0, &err));
  g_assert_error (err, SCN_ERROR, SCN_ERROR_SYNTAX);
  g_assert_cmpstr (err->message, ==,
                   "t.scn:3:20: error: unexpected 'now' at the end of the statement\n"
                   "  at 1s server crash now\n"
                   "                     ^");
  g_clear_error (&err);
  g_assert_null (scn_parse_string ("t.scn", HOSTS "host x 10.0.0.9 syncookies maybe\n", NULL, 0, &err));
  g_assert_error (err, SCN_ERROR, SCN_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (err->message, "t.scn:3:28: error: expected on or off, found 'maybe'"));
  g_clear_error (&err);
}

static void
test_edit_distance (void)
{
  /* Optimal string alignment: a swap of neighbours is one edit. */
  g_assert_cmpuint (scn_edit_distance ("web", "wbe"), ==, 1);
  g_assert_cmpuint (scn_edit_distance ("server", "sevrer"), ==, 1);
  g_assert_cmpuint (scn_edit_distance ("kitten", "sitting"), ==, 3);
  g_assert_cmpuint (scn_edit_distance ("", "abc"), ==, 3);
  g_assert_cmpuint (scn_edit_distance ("Host", "host"), ==, 0);
  g_assert_cmpuint (scn_edit_distance ("ca", "abc"), ==, 3); /* OSA, not full Damerau */
}

static void
test_ok_expect_final (void)
{
  Scenario *scn = parse_ok (CONN "expect server final TIME-WAIT == 3\n"
                            "expect client final established < 2\n", NULL, 0);
  const ScnExpect *e = &g_array_index (scn->expects, ScnExpect, 0);
  g_assert_cmpint (e->kind, ==, SCN_EXP_FINAL);
  g_assert_cmpint (e->src, ==, 1);
  g_assert_cmpint (e->state, ==, TCP_STATE_TIME_WAIT);
  g_assert_cmpint (e->op, ==, SCN_OP_EQ);
  g_assert_cmpuint (e->n, ==, 3);
  e = &g_array_index (scn->expects, ScnExpect, 1);
  g_assert_cmpint (e->src, ==, 0);
  g_assert_cmpint (e->state, ==, TCP_STATE_ESTABLISHED);
  g_assert_cmpint (e->op, ==, SCN_OP_LT);
  scn_free (scn);

  GError *err = NULL;
  g_assert_null (scn_parse_string ("t.scn", CONN "expect server final CLOSED == 0\n", NULL, 0, &err));
  g_assert_error (err, SCN_ERROR, SCN_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (err->message, "t.scn:5:21: error: unknown connection state 'CLOSED'"));
  g_clear_error (&err);
}

static void
test_ok_expect_nth (void)
{
  Scenario *scn = parse_ok (CONN "expect client -> server SYN #6 at 5s\n"
                            "expect server -> client SYN-ACK #2 at 1.05s ± 1ms\n",
                            NULL, 0);
  g_assert_cmpuint (scn->expects->len, ==, 2);
  const ScnExpect *e = &g_array_index (scn->expects, ScnExpect, 0);
  g_assert_cmpint (e->kind, ==, SCN_EXP_NTH);
  g_assert_cmpint (e->src, ==, 0);
  g_assert_cmpint (e->dst, ==, 1);
  g_assert_cmpint (e->cls, ==, SEG_CLASS_SYN);
  g_assert_cmpuint (e->n, ==, 6);
  g_assert_cmpint (e->at, ==, 5 * SIM_S);
  g_assert_cmpint (e->tol, ==, 0);
  e = &g_array_index (scn->expects, ScnExpect, 1);
  g_assert_cmpint (e->src, ==, 1);
  g_assert_cmpint (e->cls, ==, SEG_CLASS_SYNACK);
  g_assert_cmpuint (e->n, ==, 2);
  g_assert_cmpint (e->at, ==, 1050 * SIM_MS);
  g_assert_cmpint (e->tol, ==, SIM_MS);
  scn_free (scn);

  GError *err = NULL;
  g_assert_null (scn_parse_string ("t.scn", CONN "expect client -> server SYN 6 at 5s\n", NULL, 0, &err));
  g_assert_error (err, SCN_ERROR, SCN_ERROR_SYNTAX);
  g_assert_cmpstr (err->message, ==,
                   "t.scn:5:29: error: expected an ordinal such as #1, found '6'\n"
                   "  expect client -> server SYN 6 at 5s\n"
                   "                              ^");
  g_clear_error (&err);
}

static void
test_ok_params (void)
{
  static const char text[] = "param rtt = 50ms\n"
                             "param loss = 0.1\n"
                             HOSTS
                             "link client <-> server delay $rtt loss ${loss}\n";
  Scenario *scn = parse_ok (text, NULL, 0);
  g_assert_cmpint (LINK (scn, 0)->delay, ==, 50 * SIM_MS);
  g_assert_cmpfloat (LINK (scn, 0)->loss, ==, 0.1);
  scn_free (scn);

  /* -D replaces a default; the others keep theirs. */
  static const ScnDefine defs[] = { { "loss", "30%" } };
  scn = parse_ok (text, defs, G_N_ELEMENTS (defs));
  g_assert_cmpint (LINK (scn, 0)->delay, ==, 50 * SIM_MS);
  g_assert_cmpfloat (LINK (scn, 0)->loss, ==, 0.3);
  g_assert_cmpfloat (LINK (scn, 1)->loss, ==, 0.3);
  scn_free (scn);

  /* A reference inside a word. */
  scn = parse_ok ("param port = 8080\n" HOSTS "at 0s client connect server:$port as c\n", NULL, 0);
  g_assert_cmpuint (CONN_ (scn, 0)->port, ==, 8080);
  scn_free (scn);
}

static void
test_ok_comments (void)
{
  /* Comments on their own lines and after statements, blank and indented
   * lines, CRLF line ends, and "#1" (an ordinal) before a comment. */
  Scenario *scn = parse_ok ("# a scenario\n"
                            "\n"
                            "   # indented comment\n"
                            "host client 10.0.0.1   # the client\r\n"
                            "\thost server 10.0.0.2\t#the server\n"
                            "link client <-> server delay 50ms# no blank before this comment\n"
                            "fault client -> server drop SYN #2 # the second SYN #1\n",
                            NULL, 0);
  g_assert_cmpuint (scn->hosts->len, ==, 2);
  g_assert_cmpstr (HOST (scn, 1)->name, ==, "server");
  g_assert_cmpint (HOST (scn, 1)->loc.line, ==, 5);
  g_assert_cmpint (HOST (scn, 1)->loc.col, ==, 7);
  g_assert_cmpuint (scn->faults->len, ==, 1);
  g_assert_cmpuint (FAULT (scn, 0)->fault.nth, ==, 2);
  g_assert_cmpint (FAULT (scn, 0)->fault.cls, ==, SEG_CLASS_SYN);
  scn_free (scn);
}

static void
test_ok_include (void)
{
  char *dir = tmp_dir_new ();
  char *net = tmp_file (dir, "net.scn", "host client 10.0.0.1\nhost server 10.0.0.2\n"
                        "link client <-> server delay 5ms\n", -1);
  char *top = tmp_file (dir, "top.scn", "include net.scn\nat 0s server listen 80\n", -1);
  GError *error = NULL;
  Scenario *scn = scn_parse_file (top, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scn->hosts->len, ==, 2);
  g_assert_cmpuint (scn->links->len, ==, 2);
  g_assert_cmpstr (HOST (scn, 1)->loc.file, ==, net);
  g_assert_cmpint (HOST (scn, 1)->loc.line, ==, 2);
  g_assert_cmpstr (STEP (scn, 0)->loc.file, ==, top);
  g_assert_cmpint (STEP (scn, 0)->loc.line, ==, 2);
  scn_free (scn);
  g_free (net);
  g_free (top);
  tmp_dir_free (dir);
}

static void
test_ok_handshake_example (void)
{
  GError *error = NULL;
  Scenario *scn = scn_parse_file (TCPSIM_SRCDIR "/scenarios/handshake.scn", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scn->seed, ==, 7);
  g_assert_cmpuint (scn->hosts->len, ==, 2);
  g_assert_cmpuint (scn->links->len, ==, 2);
  g_assert_cmpuint (scn->conns->len, ==, 1);
  g_assert_cmpuint (scn->steps->len, ==, 6);
  g_assert_cmpuint (scn->expects->len, ==, 19);
  scn_free (scn);
}

/* Every profile value is a host key (tcp_profile.c's field table); the
 * older spellings (keepalive, rfc1337, syncookies) set the same fields. */
static void
test_ok_host_profile_keys (void)
{
  Scenario *scn = parse_ok ("host client 10.0.0.1 clock_granularity 10ms rto_slop 200ms "
                            "rto_fallback 3s syn_slop 5ms syn_time_limit 75s synack_time_limit 30s "
                            "dup_syn challenge-ack dup_syn_ratelimited off acceptq_pct 150 "
                            "acceptq_extra 2 acceptq_full_syn rst acceptq_full_ack none "
                            "synq_full evict cookie_mss 536,1460 cookie_period 15s cookie_max_age 4 "
                            "giveup count tw_reuse_syn off tw_reuse_ts off tw_isn_gap 7 tlp_min 3ms "
                            "tlp_no_rtt 2s rfc5961 off challenge_ack_limit 5 "
                            "challenge_ack_window 1s mss_default 512 mss 1400 win_syn 1000 "
                            "win_synack 2000 wscale 3 init_cwnd 4 isn_tick 1us isn_hash off "
                            "port_lo 40000 port_hi 40010 rto_min_on_var off\n"
                            "host server 10.0.0.2 wscale none keepalive_default on tw_rst_ignore on "
                            "syncookies off\n"
                            "host other 10.0.0.3 keepalive on rfc1337 on syncookies on\n",
                            NULL, 0);
  const TcpProfile *c = &HOST (scn, 0)->profile;
  g_assert_cmpint (c->clock_granularity, ==, 10 * SIM_MS);
  g_assert_cmpint (c->rto_slop, ==, 200 * SIM_MS);
  g_assert_cmpint (c->rto_fallback, ==, 3 * SIM_S);
  g_assert_cmpint (c->syn_slop, ==, 5 * SIM_MS);
  g_assert_cmpint (c->syn_time_limit, ==, 75 * SIM_S);
  g_assert_cmpint (c->synack_time_limit, ==, 30 * SIM_S);
  g_assert_cmpint (c->dup_syn, ==, TCP_DUPSYN_CHALLENGE_ACK);
  g_assert_false (c->dup_syn_ratelimited);
  g_assert_cmpuint (c->acceptq_pct, ==, 150);
  g_assert_cmpuint (c->acceptq_extra, ==, 2);
  g_assert_cmpint (c->acceptq_full_syn, ==, TCP_OVERFLOW_RST);
  g_assert_cmpint (c->acceptq_full_ack, ==, TCP_OVERFLOW_NONE);
  g_assert_cmpint (c->synq_full, ==, TCP_SYNQ_EVICT);
  g_assert_cmpuint (c->cookie_mss_n, ==, 2);
  g_assert_cmpuint (c->cookie_mss[0], ==, 536);
  g_assert_cmpuint (c->cookie_mss[1], ==, 1460);
  g_assert_cmpint (c->cookie_period, ==, 15 * SIM_S);
  g_assert_cmpuint (c->cookie_max_age, ==, 4);
  g_assert_cmpint (c->giveup, ==, TCP_GIVEUP_COUNT);
  g_assert_false (c->tw_reuse_syn);
  g_assert_false (c->tw_reuse_ts);
  g_assert_cmpuint (c->tw_isn_gap, ==, 7);
  g_assert_cmpint (c->tlp_min, ==, 3 * SIM_MS);
  g_assert_cmpint (c->tlp_no_rtt, ==, 2 * SIM_S);
  g_assert_false (c->rfc5961);
  g_assert_cmpuint (c->challenge_ack_limit, ==, 5);
  g_assert_cmpint (c->challenge_ack_window, ==, SIM_S);
  g_assert_cmpuint (c->mss_default, ==, 512);
  g_assert_cmpuint (c->mss, ==, 1400);
  g_assert_cmpuint (c->win_syn, ==, 1000);
  g_assert_cmpuint (c->win_synack, ==, 2000);
  g_assert_cmpuint (c->wscale, ==, 3);
  g_assert_cmpuint (c->init_cwnd, ==, 4);
  g_assert_cmpint (c->isn_tick, ==, SIM_US);
  g_assert_false (c->isn_hash);
  g_assert_cmpuint (c->port_lo, ==, 40000);
  g_assert_cmpuint (c->port_hi, ==, 40010);
  g_assert_false (c->rto_min_on_var);
  /* Untouched values stay the profile's. */
  g_assert_cmpint (c->rto_min, ==, tcp_profile_lookup ("linux")->rto_min);

  const TcpProfile *s = &HOST (scn, 1)->profile;
  g_assert_cmpuint (s->wscale, ==, 0xff);
  g_assert_true (s->keepalive_default);
  g_assert_true (s->tw_rst_ignore);
  g_assert_cmpint (s->synq_full, ==, TCP_SYNQ_DROP);
  const TcpProfile *o = &HOST (scn, 2)->profile;
  g_assert_true (o->keepalive_default);
  g_assert_true (o->tw_rst_ignore);
  g_assert_cmpint (o->synq_full, ==, TCP_SYNQ_COOKIES);
  scn_free (scn);
}

/* ---- two parses at once ---------------------------------------------------- */

/* A parse's result as text: every value the scenario holds that a
 * thread could get wrong if parses shared state, or the error message. */
static char *
parse_summary (const char *text)
{
  GError *error = NULL;
  Scenario *scn = scn_parse_string ("t.scn", text, NULL, 0, &error);
  if (scn == NULL)
    {
      char *m = g_strdup_printf ("error %d: %s", error->code, error->message);
      g_error_free (error);
      return m;
    }
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, "seed %" G_GUINT64_FORMAT " until %" G_GINT64_FORMAT "\n", scn->seed,
                          scn->until);
  guint nf;
  const TcpProfileField *fields = tcp_profile_fields (&nf);
  for (guint i = 0; i < scn->hosts->len; i++)
    {
      const ScnHost *h = HOST (scn, i);
      g_string_append_printf (s, "host %s %08x %d:%d isn %d/%u", h->name, h->addr, h->loc.line,
                              h->loc.col, h->isn_fixed, h->isn);
      for (guint k = 0; k < nf; k++)
        {
          char *v = tcp_profile_value_str (&h->profile, &fields[k]);
          g_string_append_printf (s, " %s=%s", fields[k].key, v);
          g_free (v);
        }
      g_string_append_c (s, '\n');
    }
  for (guint i = 0; i < scn->links->len; i++)
    g_string_append_printf (s, "link %d %d %" G_GINT64_FORMAT " %g\n", LINK (scn, i)->src,
                            LINK (scn, i)->dst, LINK (scn, i)->delay, LINK (scn, i)->loss);
  for (guint i = 0; i < scn->steps->len; i++)
    g_string_append_printf (s, "step %" G_GINT64_FORMAT " %d %d %d %u\n", STEP (scn, i)->at,
                            STEP (scn, i)->host, (int) STEP (scn, i)->kind, STEP (scn, i)->conn,
                            STEP (scn, i)->bytes);
  for (guint i = 0; i < scn->expects->len; i++)
    g_string_append_printf (s, "expect %s %d:%d\n", EXPECT (scn, i)->text, EXPECT (scn, i)->loc.line,
                            EXPECT (scn, i)->loc.col);
  scn_free (scn);
  return g_string_free (s, FALSE);
}

typedef struct
{
  const char *text[2];
  char *want[2]; /* parse_summary of each text, from the main thread alone */
  guint mismatches;
} ParseJob;

static gpointer
parse_many (gpointer data)
{
  ParseJob *job = data;
  for (int i = 0; i < 200; i++)
    {
      char *got = parse_summary (job->text[i % 2]);
      if (strcmp (got, job->want[i % 2]) != 0)
        job->mismatches++;
      g_free (got);
    }
  return NULL;
}

/* Two threads parse 200 times each, in turn a valid scenario and one with
 * errors that end lines ("expected … at the end of the line", the place
 * the end-of-line token marks), each thread its own two, at different
 * columns.  Each result must be the one a parse alone gives. */
static void
test_two_threads (void)
{
  ParseJob jobs[2] = {
    { { "profile freebsd\nseed 9\nparam d = 50ms\n"
        "host client 10.0.0.1 syn_retries 3 wscale none cookie_mss 536,1460 keepalive on\n"
        "host server 10.0.0.2 profile linux rto_min 300ms isn 77 dup_syn ack\n"
        "link client <-> server delay $d loss 1%\n"
        "at 0s server listen 80\nat 0s client connect server:80 as c\n"
        "at 1s client send c 1KB\nexpect c ESTABLISHED at 150ms\nrun until 10s\n",
        "host client 10.0.0.1 rto_min\n"
        "host server 10.0.0.2 wscale\n"
        "link client <-> server delay\n"
        "at 0s server listen\n"
        "hots x 10.0.0.3\n"
        "expect\n" },
      { NULL, NULL }, 0 },
    { { "host a 10.0.0.1 rfc1337 on syncookies off mss 1200\n"
        "host b 10.0.0.2 profile rfc793 init_cwnd 2\n"
        "link a -> b delay 10ms\nlink b -> a delay 30ms\n"
        "at 0s b listen 7\nat 0s a connect b:7 as k\non k established a close k\n"
        "expect k no-error\n",
        "host a 10.0.0.1\nhost b 10.0.0.2\n"
        "link a <-> b delay 1ms rate\n"
        "fault a -> b drop SYN\n"
        "at 0s b listen 7 backlog\n"
        "at 0s a connect b:7 from\n"
        "expect a\n" },
      { NULL, NULL }, 0 },
  };
  for (int j = 0; j < 2; j++)
    for (int k = 0; k < 2; k++)
      jobs[j].want[k] = parse_summary (jobs[j].text[k]);
  g_assert_true (g_str_has_prefix (jobs[0].want[0], "seed 9"));
  g_assert_true (g_str_has_prefix (jobs[1].want[0], "seed 1"));
  g_assert_nonnull (strstr (jobs[0].want[1], "t.scn:6:7: error: expected what to expect"));
  g_assert_nonnull (strstr (jobs[1].want[1], "t.scn:3:28: error: expected a rate at the end"));
  GThread *th[2];
  for (int j = 0; j < 2; j++)
    th[j] = g_thread_new ("parse", parse_many, &jobs[j]);
  for (int j = 0; j < 2; j++)
    {
      g_thread_join (th[j]);
      g_assert_cmpuint (jobs[j].mismatches, ==, 0);
      g_free (jobs[j].want[0]);
      g_free (jobs[j].want[1]);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      char *path = g_strdup_printf ("/parse/bad/%s", bad_cases[i].name);
      g_test_add_data_func (path, &bad_cases[i], test_bad);
      g_free (path);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bound_cases); i++)
    {
      char *path = g_strdup_printf ("/parse/bound/%s", bound_cases[i].name);
      g_test_add_data_func (path, &bound_cases[i], test_bound);
      g_free (path);
    }
  g_test_add_func ("/parse/bound/host-keys", test_bound_host_keys);
  g_test_add_func ("/parse/title", test_title);
  g_test_add_func ("/parse/bad/empty-file", test_bad_empty_file);
  g_test_add_func ("/parse/bad/binary-file", test_bad_binary_file);
  g_test_add_func ("/parse/bad/missing-file", test_bad_missing_file);
  g_test_add_func ("/parse/bad/long-line", test_bad_long_line);
  g_test_add_func ("/parse/bad/include-cycle", test_bad_include_cycle);
  g_test_add_func ("/parse/bad/in-included-file", test_bad_in_included_file);
  g_test_add_func ("/parse/bad/define-unknown-parameter", test_bad_define_unknown);
  g_test_add_func ("/parse/bad/several-errors-in-one-pass", test_bad_several_errors);
  g_test_add_func ("/parse/bad/too-many-errors", test_bad_too_many_errors);

  g_test_add_func ("/parse/ok/hosts", test_ok_hosts);
  g_test_add_func ("/parse/ok/host-timers", test_ok_host_timers);
  g_test_add_func ("/parse/ok/links", test_ok_links);
  g_test_add_func ("/parse/ok/faults", test_ok_faults);
  g_test_add_func ("/parse/ok/steps", test_ok_steps);
  g_test_add_func ("/parse/ok/on-event", test_ok_on_event);
  g_test_add_func ("/parse/ok/generator", test_ok_generator);
  g_test_add_func ("/parse/ok/expectations", test_ok_expectations);
  g_test_add_func ("/parse/ok/expect-late", test_ok_expect_late);
  g_test_add_func ("/parse/ok/expect-nth", test_ok_expect_nth);
  g_test_add_func ("/parse/ok/expect-final", test_ok_expect_final);
  g_test_add_func ("/parse/edit-distance", test_edit_distance);
  g_test_add_func ("/parse/ok/crash-from-host-settings", test_ok_crash_from_host_settings);
  g_test_add_func ("/parse/ok/params", test_ok_params);
  g_test_add_func ("/parse/ok/comments", test_ok_comments);
  g_test_add_func ("/parse/ok/include", test_ok_include);
  g_test_add_func ("/parse/ok/handshake-example", test_ok_handshake_example);
  g_test_add_func ("/parse/ok/host-profile-keys", test_ok_host_profile_keys);
  g_test_add_func ("/parse/reentrant/two-threads", test_two_threads);

  return g_test_run ();
}
