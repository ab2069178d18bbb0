/* A packetdrill script as plain data: what `pd_parse` makes of a .pkt file
 * and what the runner executes.  Nothing here knows the simulation.
 *
 * A script is a list of lines in time order.  Each line has a time
 * (absolute "0.1", relative "+0.1", any "*", a range "0.1~0.2", and for a
 * blocking call an end "+0...0.2") and one of: a system call with its
 * arguments and expected result, an inbound segment the script injects
 * ("<"), an outbound segment the stack must send (">"), or a shell
 * command in backticks.  Positions are kept for every line so the runner
 * can report FILE:LINE:COL. */
#ifndef TCPSIM_PD_SCRIPT_H
#define TCPSIM_PD_SCRIPT_H

#include <glib.h>

#include "sim/simtime.h"

typedef struct
{
  guint line, col; /* 1-based */
} PdPos;

typedef enum
{
  PD_TIME_ABSOLUTE, /* "0.100" */
  PD_TIME_RELATIVE, /* "+0.100": after the previous line's time */
  PD_TIME_ANY,      /* "*": whenever it happens */
} PdTimeKind;

typedef struct
{
  PdTimeKind kind;
  SimTime t;            /* ABSOLUTE, RELATIVE */
  gboolean has_range;   /* "T1~T2": the event may happen anywhere in [T1, T2] */
  PdTimeKind end_kind;  /* the range's or the blocking call's end */
  SimTime end;
  gboolean blocking;    /* "T1...T2": a call that blocks from T1 and returns at T2 */
} PdTime;

/* TCP flags as packetdrill writes them: S F R P . (ACK) U E W. */
enum
{
  PD_FLAG_FIN = 0x01,
  PD_FLAG_SYN = 0x02,
  PD_FLAG_RST = 0x04,
  PD_FLAG_PSH = 0x08,
  PD_FLAG_ACK = 0x10,
  PD_FLAG_URG = 0x20,
  PD_FLAG_ECE = 0x40,
  PD_FLAG_CWR = 0x80,
};

typedef enum
{
  PD_OPT_EOL,
  PD_OPT_NOP,
  PD_OPT_MSS,       /* a */
  PD_OPT_WSCALE,    /* a */
  PD_OPT_SACK_OK,
  PD_OPT_TIMESTAMP, /* a = val, b = ecr */
  PD_OPT_SACK,      /* blocks: a pair per block */
} PdOptionKind;

typedef struct
{
  PdOptionKind kind;
  guint32 a, b;
  GArray *blocks; /* SACK: guint32 left, right, left, right, … (relative) */
} PdOption;

typedef struct
{
  guint8 flags;
  gboolean any_seq;     /* "...(LEN)": the sequence number is not checked */
  guint32 seq, seq_end; /* "seq:end(len)"; relative to the ISN unless absolute */
  guint32 len;
  gboolean has_ack;
  guint32 ack;
  gboolean has_win;
  guint32 win;
  gboolean any_options; /* "<...>": options not checked */
  GArray *options;      /* PdOption, in order; empty when none were written (an
                           outbound segment must then carry none) */
} PdSegment;

typedef enum
{
  PD_EXPR_ELLIPSIS, /* "..." : anything */
  PD_EXPR_INT,      /* i */
  PD_EXPR_NAME,     /* name: a constant (SOCK_STREAM, O_NONBLOCK, POLLIN) */
  PD_EXPR_STRING,   /* name holds the text */
  PD_EXPR_OR,       /* items: names and ints or-ed together */
  PD_EXPR_ARRAY,    /* items: "[1]", "[{fd=3, events=POLLIN}]" */
  PD_EXPR_STRUCT,   /* items: PD_EXPR_FIELD each */
  PD_EXPR_FIELD,    /* name = items[0] */
  PD_EXPR_CALL,     /* name(items): htons(8080), inet_addr("…") */
} PdExprKind;

typedef struct PdExpr PdExpr;
struct PdExpr
{
  PdExprKind kind;
  PdPos pos;
  gint64 i;
  char *name;
  GPtrArray *items; /* PdExpr * */
};

typedef struct
{
  char *name;       /* "socket", "connect", … */
  GPtrArray *args;  /* PdExpr * */
  PdExpr *result;   /* the expected return value ("..." is allowed) */
  char *errno_name; /* "ECONNREFUSED" after "-1", or NULL */
  char *note;       /* the "(…)" text after the result, or NULL */
} PdSyscall;

typedef enum
{
  PD_LINE_SYSCALL,
  PD_LINE_INBOUND,  /* "<": the script injects the segment */
  PD_LINE_OUTBOUND, /* ">": the stack must send it */
  PD_LINE_SHELL,    /* "`cmd`" */
  PD_LINE_STATE,    /* "%{ assert tcpi_state == TCPI_NAME }%": the socket's state */
} PdLineKind;

typedef struct
{
  PdLineKind kind;
  PdPos pos;     /* the start of the line (its time) */
  PdPos what;    /* the start of what follows the time */
  PdTime time;
  PdSyscall call;  /* SYSCALL */
  PdSegment seg;   /* INBOUND, OUTBOUND */
  char *shell;     /* SHELL; STATE: the name after TCPI_ ("SYN_RECEIVED") */
} PdLine;

/* "--name=value" lines at the top of a script (and on the command line). */
typedef struct
{
  char *name, *value;
  PdPos pos;
} PdSetting;

typedef struct
{
  char *file;
  GPtrArray *settings; /* PdSetting * */
  GPtrArray *lines;    /* PdLine * */
} PdScript;

PdScript *pd_script_new (const char *file);
void pd_expr_free (PdExpr *expr);
void pd_setting_free (PdSetting *setting);
void pd_script_free (PdScript *script);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdScript, pd_script_free)

/* The value of setting NAME ("ip_version", "tolerance_usecs"), or NULL. */
const char *pd_script_setting (const PdScript *script, const char *name);

#endif
