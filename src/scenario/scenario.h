/* A parsed scenario: plain data, validated, with no side effects.  Each
 * element remembers where it was written so that later checks (and failed
 * expectations) can point at it.  scn_parser.c and the scn_parse_*.c statements fill it; scn_world.c
 * builds and runs a simulation from it. */
#ifndef TCPSIM_SCENARIO_H
#define TCPSIM_SCENARIO_H

#include <glib.h>

#include "app/app_gen.h"
#include "net/fault.h"
#include "sim/simtime.h"
#include "tcp/tcp.h"

/* The largest time a scenario may write, anywhere (a step, the end of the
 * run, an expectation and its tolerance, a generator's start, interval
 * and last start, every time-valued host key): 10^7 s, about 116 days,
 * far beyond any TCP timer.  Chosen so that no sum the simulator forms
 * from such values can overflow SimTime (2^63 ns, 292 years): the longest
 * is a retransmission schedule of at most 511 intervals, each at most
 * rto_max, and 512 · 10^16 ns is 5.1·10^18, below 9.2·10^18. */
#define SCN_TIME_MAX TCP_PROFILE_TIME_MAX

#define SCN_ERROR (scn_error_quark ())
GQuark scn_error_quark (void);

typedef enum
{
  SCN_ERROR_SYNTAX,   /* the text is not a scenario */
  SCN_ERROR_INVALID,  /* well formed but meaningless (unknown host, …) */
  SCN_ERROR_IO,       /* a file could not be read */
} ScnErrorCode;

typedef struct
{
  const char *file; /* interned in the Scenario's string chunk */
  int line, col;
} ScnLoc;

typedef struct
{
  char *name;
  guint32 addr;
  TcpProfile profile; /* the scenario's default or the host's own, with overrides */
  gboolean isn_fixed;
  guint32 isn;
  gboolean jiffies_phase_fixed; /* `jiffies_phase T`: the wheel's clock phase */
  SimTime jiffies_phase;
  ScnLoc loc;
} ScnHost;

typedef struct
{
  int src, dst; /* host indexes */
  SimTime delay;
  double loss;
  gboolean gilbert;       /* Gilbert-Elliott bursts instead of Bernoulli */
  double ge_p, ge_r, ge_h, ge_k;
  SimTime jitter;
  gboolean jitter_normal; /* normal (std dev = jitter) rather than uniform (± jitter) */
  double reorder;
  SimTime reorder_by;     /* 0 = the link's delay (at least 1 ms) */
  double duplicate;
  SimTime duplicate_lag;
  guint64 rate;
  guint32 qlimit;
  ScnLoc loc;
} ScnLink;

typedef struct
{
  int src, dst;
  LinkFault fault;
  ScnLoc loc;
} ScnFault;

/* A named connection: created by the `connect … as NAME` that names it.
 * End 0 is the connecting host, end 1 the host it connects to. */
typedef struct
{
  char *name;
  int host[2];
  guint16 port;
  ScnLoc loc;
} ScnConn;

typedef enum
{
  SCN_ACT_LISTEN,
  SCN_ACT_CONNECT,
  SCN_ACT_SEND,
  SCN_ACT_SHUTDOWN,
  SCN_ACT_CLOSE,
  SCN_ACT_ABORT,
  SCN_ACT_CRASH,   /* the host loses all connection state and goes silent */
  SCN_ACT_RESTART, /* the crashed host answers again (listeners must be re-created) */
  SCN_ACT_SETSOCKOPT, /* an option of one end: user_timeout (TCP_USER_TIMEOUT) */
  SCN_ACT_STOP_READING, /* received data stays in the receive buffer */
  SCN_ACT_READ,    /* the application reads what waits, and reads again as data comes */
  SCN_ACT_INJECT,  /* a crafted segment from host to peer (inject) */
} ScnActKind;

/* A crafted segment (`at T inject A -> B FLAGS …`): seq and ack relative
 * to A's and B's ISN on the connection unless absolute. */
typedef struct
{
  guint8 flags;
  guint8 opts;       /* TCP_OPT_* */
  gboolean absolute, has_ports;
  guint32 seq, ack, len;
  guint16 win, mss, sport, dport;
  guint8 wscale;
} ScnInject;

typedef enum
{
  SCN_EV_ESTABLISHED,
  SCN_EV_RECEIVED, /* total received reaches `bytes` */
  SCN_EV_EOF,
  SCN_EV_ERROR,    /* any error, or the one in `error` */
  SCN_EV_CLOSED,
  SCN_EV_COUNT
} ScnEventKind;

typedef struct
{
  ScnActKind kind;
  int host;
  int peer;        /* CONNECT: the host connected to */
  guint16 port;    /* LISTEN, CONNECT */
  guint16 lport;   /* CONNECT: the local port, 0 = ephemeral */
  guint backlog;   /* LISTEN, 0 = the profile's */
  int conn;        /* named connection, -1 for none */
  guint32 bytes;   /* SEND */
  SimTime value;   /* SETSOCKOPT: the user timeout */
  ScnInject inj;   /* INJECT (peer: the receiver; conn: the connection, or -1) */

  /* When: at a time, or on an event of this host's end of a connection. */
  gboolean on_event;
  SimTime at;
  int ev_conn;
  ScnEventKind ev;
  guint32 ev_bytes;
  TcpError ev_error; /* SCN_EV_ERROR: TCP_OK = any */
  ScnLoc loc;
} ScnStep;

#define SCN_GEN_MAX_CLIENTS 64

typedef struct
{
  char *name;
  int clients[SCN_GEN_MAX_CLIENTS];
  guint nclients;
  int server;
  guint16 port;
  guint32 count;
  SimTime interval;
  gboolean poisson;
  SimTime start;
  guint32 request, response;
  guint32 requests;
  SimTime think;
  AppCloser closer;
  ScnLoc loc;
} ScnGen;

typedef enum
{
  SCN_EXP_ENTERED,  /* the end entered STATE at T ± tol, or by T */
  SCN_EXP_IN_STATE, /* the end was in STATE at T */
  SCN_EXP_ERROR,    /* the end's connection failed with ERROR [at T ± tol] */
  SCN_EXP_COUNT,    /* count of segments of a class sent from src to dst */
  SCN_EXP_NO_ERROR, /* the end saw no error */
  SCN_EXP_NTH,      /* the n-th segment of a class from src to dst was sent at T ± tol */
  SCN_EXP_GEN,      /* a generator's statistic compared with a value */
  SCN_EXP_FINAL,    /* how many connections a host holds in STATE at the end */
  SCN_EXP_CALL,     /* a call of the end returned (==) or never returned (!=) a result */
  SCN_EXP_LISTEN,   /* a host listens (LISTEN) or not (CLOSED) on a port [at T] */
} ScnExpKind;

typedef enum
{
  SCN_OP_EQ, SCN_OP_NE, SCN_OP_LT, SCN_OP_LE, SCN_OP_GT, SCN_OP_GE,
} ScnOp;

typedef struct
{
  ScnExpKind kind;
  int conn, end;
  TcpState state;
  TcpError error;
  gboolean timed;  /* ERROR: a time was given */
  gboolean by;     /* ENTERED: "by T" rather than "at T" */
  SimTime at, tol;
  gboolean late;   /* "at T late TOL": the window is [T, T + TOL] */
  int src, dst;
  SegClass cls;
  ScnOp op;
  guint64 n;
  int gen;          /* GEN: the generator, its statistic and aggregate */
  AppStat stat;
  AppAgg agg;
  int call;         /* CALL: a TraceCall */
  guint16 port;     /* LISTEN */
  /* NTH: header fields of the segment, each when given ("seq 1"); seq and
   * ack are relative to the sender's and the receiver's ISN unless
   * absolute. */
  gboolean has_seq, has_ack, has_win, has_len, absolute;
  guint32 seq, ack, win, len;
  guint8 want_opts, no_opts;    /* TCP_OPT_* required, and refused */
  guint16 mss;
  guint8 wscale;
  char *text;      /* the expectation as written, for reports */
  ScnLoc loc;
} ScnExpect;

/* `sweep NAME SPEC`: the study the file documents (study/ runs it). */
typedef struct
{
  const char *name;  /* a declared parameter */
  const char *spec;  /* as written; valid for scn_sweep_values() */
  ScnLoc loc;
} ScnSweep;

typedef struct
{
  char *path;
  const char *title; /* `title "…"`, NULL when none (in strings) */
  guint64 seed;
  SimTime until;   /* SIM_TIME_NEVER: until no event is left */
  GArray *hosts;   /* ScnHost */
  GArray *links;   /* ScnLink */
  GArray *faults;  /* ScnFault */
  GArray *conns;   /* ScnConn */
  GArray *steps;   /* ScnStep */
  GArray *gens;    /* ScnGen */
  GArray *expects; /* ScnExpect */
  GArray *sweeps;  /* ScnSweep, in file order */
  GPtrArray *params; /* declared parameter names (const char *), in file order */
  GPtrArray *includes; /* paths of the included files as opened (const char *), in order */
  guint32 runs;    /* `runs N`: replications per sweep point, 0 when not given */
  GString *source; /* the text of every file read, in order, for a campaign's hash */
  GStringChunk *strings;
} Scenario;

/* A "-D name=value" override. */
typedef struct
{
  const char *name, *value;
} ScnDefine;

/* Parses path.  Every error is reported in error's message as
 * "FILE:LINE:COL: error: …" (several, one per line, where the parser could
 * recover), followed by the offending line and a caret. */
Scenario *scn_parse_file (const char *path, const ScnDefine *defines, gsize n_defines,
                          GError **error);
/* The same for text in memory; name stands for the file in messages. */
Scenario *scn_parse_string (const char *name, const char *text, const ScnDefine *defines,
                            gsize n_defines, GError **error);
void scn_free (Scenario *scn);

/* The reference page's table of host keys (markdown, one row per key:
 * the host's own, then every TcpProfile value); free it. */
char *scn_host_keys_markdown (void);

/* The values of a sweep SPEC: a range START:STOP:STEP of numbers that may
 * share a unit suffix ("0:0.3:0.05", "10ms:50ms:10ms"; STOP included when
 * a step lands on it), or a comma-separated list ("linux,freebsd",
 * "10ms,50ms,200ms"; spaces around an item are dropped).  Appends the
 * values (newly allocated strings) to out, or only checks them when out
 * is NULL.  FALSE with *why (static) when
 * the spec is not one: nothing, an empty range, a step of 0, more than
 * SCN_SWEEP_MAX_VALUES values, an empty list item, a value listed twice. */
#define SCN_SWEEP_MAX_VALUES 100000
gboolean scn_sweep_values (const char *spec, GPtrArray *out, const char **why);

/* A time and a seed as the language reads them (a time: a number and a
 * unit, 0 to SCN_TIME_MAX; a seed: 0 to 2^63 - 1), for options on the
 * command line, which must accept what a scenario accepts.  FALSE with the
 * reason in *msg (free it): "out of range (0s to 10000000s)", … */
gboolean scn_time_from_text (const char *text, SimTime *out, char **msg);
gboolean scn_seed_from_text (const char *text, guint64 *out, char **msg);

const char *scn_op_str (ScnOp op);
gboolean scn_op_holds (ScnOp op, guint64 a, guint64 b);
gboolean scn_op_holds_time (ScnOp op, SimTime a, SimTime b);

#endif
