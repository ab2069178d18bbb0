/* The packetdrill runner (pd_run.h): a two-host world where one host is
 * the stack under test and the other is the script. */
#include "pd/pd_run.h"

#include <string.h>

#include "app/app_socket.h"
#include "net/host.h"
#include "net/link.h"
#include "pd/pd_lex.h"
#include "pd/pd_sysctl.h"
#include "sim/sched.h"
#include "tcp/tcp.h"

/* The most events one wait may run: a script whose stack loops forever
 * at one instant fails instead of hanging. */
#define PD_MAX_EVENTS_PER_WAIT 10000000u

typedef struct
{
  SimTime t;
  TcpSegment seg;
} Captured;

/* The result of a call. */
typedef struct
{
  gint64 ret;
  AppErrno err;
  gboolean blocked;
  /* getsockopt: a value to compare with the script's; poll: revents. */
  GString *mismatch;
} CallResult;

/* A blocking call ("T1...T2", or one that had to wait) in progress. */
typedef struct
{
  const PdLine *line; /* NULL when none */
  CallResult res;
  SimTime end;        /* when the script says it returns */
  SimTime deadline;   /* end plus the tolerance */
  SimTimer timer;     /* poll()'s timeout */
  gboolean timed_out;
} Pending;

typedef struct
{
  const PdScript *script;
  const PdRunOptions *opt;
  GError **error;
  GString *notes;
  PdOutcome outcome;

  TcpProfile profile;
  gboolean started;
  Sim sim;
  TraceBus empty;
  const TraceBus *bus;
  TcpIds *ids;
  Host *local, *remote;
  Link to_remote, to_local;
  TcpStack *stack;
  AppSockets *socks;

  GQueue captured; /* Captured *, oldest first */
  guint32 stack_isn;
  guint16 local_port;  /* the stack's end of the connection the script talks to */
  guint16 remote_port; /* the script's end */
  guint16 bound_port;
  int last_fd;         /* the descriptor of the latest call, for tcpi_state */
  SimTime base;        /* what "+T" counts from */
  SimTime tolerance;
  SimTime max_time;
  SimTimer clock;      /* moves the clock to a time at which nothing is due */
  Pending pending;     /* a call that blocks while the script goes on */
} Runner;

/* ---- reporting ------------------------------------------------------------ */

static void
fmt_time (SimTime t, char *buf, gsize size)
{
  g_snprintf (buf, size, "%" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT, t / SIM_S,
              (t % SIM_S) / SIM_US);
}

/* Fails the run at pos: "FILE:LINE:COL: error: MESSAGE". */
static gboolean G_GNUC_PRINTF (3, 4)
fail_at (Runner *r, PdPos pos, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  if (r->outcome == PD_PASS)
    {
      r->outcome = PD_FAIL;
      pd_error_at (r->error, r->script->file, pos, "%s", msg);
    }
  return FALSE;
}

static void G_GNUC_PRINTF (3, 4)
note (Runner *r, PdPos pos, const char *fmt, ...)
{
  if (r->notes == NULL)
    return;
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_string_append_printf (r->notes, "%s:%u:%u: note: %s\n", r->script->file, pos.line, pos.col,
                          msg);
}

/* A segment in the script's notation, numbers relative as the script
 * writes them. */
static void
describe_segment (GString *s, guint8 flags, gboolean any_seq, guint32 seq, guint32 len,
                  gboolean has_ack, guint32 ack, gboolean has_win, guint32 win)
{
  static const struct { guint8 bit; char c; } letters[] = {
    { PD_FLAG_SYN, 'S' }, { PD_FLAG_FIN, 'F' }, { PD_FLAG_RST, 'R' }, { PD_FLAG_PSH, 'P' },
    { PD_FLAG_URG, 'U' }, { PD_FLAG_ECE, 'E' }, { PD_FLAG_CWR, 'W' },
  };
  gsize start = s->len;
  for (guint i = 0; i < G_N_ELEMENTS (letters); i++)
    if (flags & letters[i].bit)
      g_string_append_c (s, letters[i].c);
  if (flags & PD_FLAG_ACK)
    g_string_append_c (s, '.');
  if (s->len == start)
    g_string_append (s, "(none)");
  if (any_seq)
    g_string_append_printf (s, " ...(%u)", len);
  else
    g_string_append_printf (s, " %u:%u(%u)", seq, seq + len, len);
  if (has_ack)
    g_string_append_printf (s, " ack %u", ack);
  if (has_win)
    g_string_append_printf (s, " win %u", win);
}

static void
describe_expected (GString *s, const PdSegment *e)
{
  describe_segment (s, e->flags, e->any_seq, e->seq, e->len, e->has_ack, e->ack, e->has_win,
                    e->win);
  if (e->any_options)
    g_string_append (s, " <...>");
  else if (e->options->len > 0)
    {
      g_string_append (s, " <");
      for (guint i = 0; i < e->options->len; i++)
        {
          const PdOption *o = &g_array_index (e->options, PdOption, i);
          if (i > 0)
            g_string_append_c (s, ',');
          switch (o->kind)
            {
            case PD_OPT_EOL: g_string_append (s, "eol"); break;
            case PD_OPT_NOP: g_string_append (s, "nop"); break;
            case PD_OPT_MSS: g_string_append_printf (s, "mss %u", o->a); break;
            case PD_OPT_WSCALE: g_string_append_printf (s, "wscale %u", o->a); break;
            case PD_OPT_SACK_OK: g_string_append (s, "sackOK"); break;
            case PD_OPT_TIMESTAMP:
              g_string_append_printf (s, "TS val %u ecr %u", o->a, o->b);
              break;
            case PD_OPT_SACK:
              g_string_append (s, "sack");
              for (guint k = 0; k + 1 < o->blocks->len; k += 2)
                g_string_append_printf (s, " %u:%u", g_array_index (o->blocks, guint32, k),
                                        g_array_index (o->blocks, guint32, k + 1));
              break;
            }
        }
      g_string_append_c (s, '>');
    }
}

/* The sequence number of a segment the stack sent, relative to its ISN;
 * a reset from sequence number 0 (the answer to a segment without ACK,
 * RFC 9293 §3.10.7.1) belongs to no connection and stays 0. */
static guint32
rel_seq (const Runner *r, const TcpSegment *seg)
{
  if ((seg->flags & TCP_FLAG_RST) && seg->seq == 0)
    return 0;
  return seg->seq - r->stack_isn;
}

static void
describe_actual (Runner *r, GString *s, const TcpSegment *seg)
{
  describe_segment (s, seg->flags, FALSE, rel_seq (r, seg), seg->len,
                    (seg->flags & TCP_FLAG_ACK) != 0, seg->ack - PD_REMOTE_ISN, TRUE, seg->win);
  if (seg->opts == 0)
    return;
  g_string_append (s, " <");
  gboolean first = TRUE;
#define SEP() do { if (!first) g_string_append_c (s, ','); first = FALSE; } while (0)
  if (seg->opts & TCP_OPT_MSS)
    {
      SEP ();
      g_string_append_printf (s, "mss %u", seg->mss);
    }
  if (seg->opts & TCP_OPT_SACK_OK)
    {
      SEP ();
      g_string_append (s, "sackOK");
    }
  if (seg->opts & TCP_OPT_TS)
    {
      SEP ();
      g_string_append_printf (s, "TS val %u ecr %u", seg->ts_val, seg->ts_ecr);
    }
  if (seg->opts & TCP_OPT_WSCALE)
    {
      SEP ();
      g_string_append_printf (s, "wscale %u", seg->wscale);
    }
  if (seg->opts & TCP_OPT_SACK)
    {
      SEP ();
      g_string_append_printf (s, "sack %u:%u", seg->sack_start - PD_REMOTE_ISN,
                              seg->sack_end - PD_REMOTE_ISN);
    }
#undef SEP
  g_string_append_c (s, '>');
}

/* ---- the world -------------------------------------------------------- */

static void
capture (gpointer ctx, const TcpSegment *seg)
{
  Runner *r = ctx;
  Captured *c = g_new (Captured, 1);
  c->t = r->sim.now;
  c->seg = *seg;
  g_queue_push_tail (&r->captured, c);
}

static void
never (gpointer endpoint, const TcpSegment *seg)
{
  (void) endpoint;
  (void) seg;
}

static const HostOps SCRIPT_OPS = {
  .conn_input = never,
  .listen_input = never,
  .unmatched = capture,
};

static void poll_timeout (Sim *sim, gpointer ctx);

static void
tick (Sim *sim, gpointer ctx)
{
  (void) sim;
  (void) ctx;
}

static void
start (Runner *r)
{
  r->started = TRUE;
  sim_init (&r->sim);
  sim_timer_init (&r->clock, tick, r);
  sim_timer_init (&r->pending.timer, poll_timeout, r);
  trace_bus_init (&r->empty);
  if (r->bus == NULL)
    r->bus = &r->empty;
  r->ids = tcp_ids_new ();
  r->local = host_new (&r->sim, r->bus, "stack", PD_LOCAL_ADDR);
  r->remote = host_new (&r->sim, r->bus, "script", PD_REMOTE_ADDR);
  link_init (&r->to_remote, &r->sim, r->bus, r->opt->seed, "stack", "script", PD_REMOTE_ADDR,
             host_input, r->remote);
  link_init (&r->to_local, &r->sim, r->bus, r->opt->seed, "script", "stack", PD_LOCAL_ADDR,
             host_input, r->local);
  host_add_link (r->local, &r->to_remote);
  host_add_link (r->remote, &r->to_local);
  host_set_ops (r->remote, &SCRIPT_OPS, r);
  r->stack = tcp_stack_new (&r->sim, r->bus, r->ids, r->local, &r->profile, r->opt->seed);
  r->socks = app_sockets_new (r->stack, r->bus);
}

static void
stop (Runner *r)
{
  Captured *c;
  while ((c = g_queue_pop_head (&r->captured)) != NULL)
    g_free (c);
  if (!r->started)
    return;
  sim_timer_cancel (&r->sim, &r->clock);
  sim_timer_cancel (&r->sim, &r->pending.timer);
  app_sockets_free (r->socks);
  tcp_stack_free (r->stack);
  link_clear (&r->to_remote);
  link_clear (&r->to_local);
  host_free (r->local);
  host_free (r->remote);
  tcp_ids_free (r->ids);
  sim_clear (&r->sim);
  trace_bus_clear (&r->empty);
}

static void retry_pending (Runner *r);

/* Runs the next event if one is due at or before t. */
static gboolean
step (Runner *r, SimTime t)
{
  if (!sim_step (&r->sim, t))
    return FALSE;
  retry_pending (r);
  return TRUE;
}

/* Runs every event due at or before t, and leaves the clock at t.  FALSE
 * (and the run fails at pos) when the stack runs away. */
static gboolean
advance (Runner *r, SimTime t, PdPos pos)
{
  if (t > r->sim.now && t < SIM_TIME_NEVER)
    sim_timer_arm (&r->sim, &r->clock, t);
  guint n = 0;
  while (step (r, t))
    if (++n >= PD_MAX_EVENTS_PER_WAIT)
      return fail_at (r, pos, "the stack ran %u events without reaching the script's next time",
                      n);
  if (r->sim.stalled)
    return fail_at (r, pos, "the stack ran too many events at one instant");
  return TRUE;
}


/* The segments the stack sends teach the runner the connection: the
 * stack's ISN (from a SYN) and both ports. */
static void
learn (Runner *r, const TcpSegment *seg)
{
  if (seg->flags & TCP_FLAG_SYN)
    r->stack_isn = seg->seq;
  r->local_port = seg->sport;
  r->remote_port = seg->dport;
}

/* ---- times ------------------------------------------------------------ */

static SimTime
time_of (Runner *r, PdTimeKind kind, SimTime v)
{
  switch (kind)
    {
    case PD_TIME_RELATIVE:
      return sim_time_add (r->base, v);
    case PD_TIME_ABSOLUTE:
      return v;
    case PD_TIME_ANY:
    default:
      return r->sim.now;
    }
}

/* ---- segments ------------------------------------------------------------ */

static void
inject (Runner *r, const PdSegment *e)
{
  TcpSegment seg = { 0 };
  seg.saddr = PD_REMOTE_ADDR;
  seg.daddr = PD_LOCAL_ADDR;
  seg.sport = r->remote_port;
  seg.dport = r->local_port;
  seg.seq = e->seq + PD_REMOTE_ISN;
  seg.ack = (e->flags & PD_FLAG_ACK) || e->has_ack ? e->ack + r->stack_isn : 0;
  seg.flags = e->flags;
  seg.win = e->has_win ? (guint16) e->win : 65535;
  seg.len = e->len;
  for (guint i = 0; i < e->options->len; i++)
    {
      const PdOption *o = &g_array_index (e->options, PdOption, i);
      switch (o->kind)
        {
        case PD_OPT_MSS:
          seg.opts |= TCP_OPT_MSS;
          seg.mss = (guint16) o->a;
          break;
        case PD_OPT_WSCALE:
          seg.opts |= TCP_OPT_WSCALE;
          seg.wscale = (guint8) o->a;
          break;
        case PD_OPT_SACK_OK:
          seg.opts |= TCP_OPT_SACK_OK;
          break;
        case PD_OPT_TIMESTAMP:
          seg.opts |= TCP_OPT_TS;
          seg.ts_val = o->a;
          seg.ts_ecr = o->b;
          break;
        default:
          break; /* NOP, EOL: layout; SACK blocks: tcpsim reads none */
        }
    }
  seg.tag.seq_base = PD_REMOTE_ISN;
  seg.tag.ack_base = r->stack_isn;
  link_send (&r->to_local, &seg);
}

/* Compares a segment the stack sent with the script's ">" line. */
static gboolean
check_segment (Runner *r, const PdLine *line, const Captured *c)
{
  const PdSegment *e = &line->seg;
  const TcpSegment *a = &c->seg;
  const char *field = NULL;
  char detail[160] = "";
  if ((e->flags & 0x1f) != (a->flags & 0x1f) || (e->flags & 0xe0) != 0)
    field = "flags";
  else if (!e->any_seq && rel_seq (r, a) != e->seq)
    {
      field = "seq";
      g_snprintf (detail, sizeof detail, ": expected %u, got %u", e->seq, rel_seq (r, a));
    }
  else if (a->len != e->len)
    {
      field = "length";
      g_snprintf (detail, sizeof detail, ": expected %u, got %u", e->len, a->len);
    }
  else if ((a->flags & TCP_FLAG_ACK) && e->has_ack && a->ack - PD_REMOTE_ISN != e->ack)
    {
      field = "ack";
      g_snprintf (detail, sizeof detail, ": expected %u, got %u", e->ack, a->ack - PD_REMOTE_ISN);
    }
  else if (e->has_win && a->win != e->win)
    {
      field = "win";
      g_snprintf (detail, sizeof detail, ": expected %u, got %u", e->win, a->win);
    }
  else if (!e->any_options)
    {
      guint8 want = 0;
      for (guint i = 0; i < e->options->len && field == NULL; i++)
        {
          const PdOption *o = &g_array_index (e->options, PdOption, i);
          switch (o->kind)
            {
            case PD_OPT_MSS:
              want |= TCP_OPT_MSS;
              if ((a->opts & TCP_OPT_MSS) && a->mss != o->a)
                {
                  field = "mss option";
                  g_snprintf (detail, sizeof detail, ": expected %u, got %u", o->a, a->mss);
                }
              break;
            case PD_OPT_WSCALE:
              want |= TCP_OPT_WSCALE;
              if ((a->opts & TCP_OPT_WSCALE) && a->wscale != o->a)
                {
                  field = "wscale option";
                  g_snprintf (detail, sizeof detail, ": expected %u, got %u", o->a, a->wscale);
                }
              break;
            case PD_OPT_SACK_OK:
              want |= TCP_OPT_SACK_OK;
              break;
            case PD_OPT_TIMESTAMP:
              want |= TCP_OPT_TS; /* values: the stack's clock, not checked */
              break;
            case PD_OPT_SACK:
              field = "options";
              g_snprintf (detail, sizeof detail, ": tcpsim sends no SACK blocks");
              break;
            default:
              break;
            }
        }
      if (field == NULL && want != a->opts)
        field = "options";
    }
  if (field == NULL)
    return TRUE;
  char at[32];
  fmt_time (c->t, at, sizeof at);
  g_autoptr (GString) want_s = g_string_new (NULL);
  g_autoptr (GString) got_s = g_string_new (NULL);
  describe_expected (want_s, e);
  describe_actual (r, got_s, a);
  return fail_at (r, line->what, "outbound segment at %s s: %s differs%s\n  expected: %s\n  actual:   %s",
                  at, field, detail, want_s->str, got_s->str);
}

static gboolean
run_outbound (Runner *r, const PdLine *line)
{
  const PdTime *t = &line->time;
  gboolean any = t->kind == PD_TIME_ANY;
  SimTime lo = time_of (r, t->kind, t->t);
  SimTime hi = t->has_range ? time_of (r, t->end_kind, t->end) : lo;
  SimTime deadline = any ? r->max_time : sim_time_add (hi, r->tolerance);
  if (deadline > r->max_time)
    deadline = r->max_time;
  guint n = 0;
  while (g_queue_is_empty (&r->captured))
    {
      if (!step (r, deadline))
        {
          char want[32];
          fmt_time (lo, want, sizeof want);
          g_autoptr (GString) e = g_string_new (NULL);
          describe_expected (e, &line->seg);
          return fail_at (r, line->what,
                          "expected an outbound segment at %s s (tolerance %" G_GINT64_FORMAT
                          " us), but the stack sent none\n  expected: %s",
                          want, r->tolerance / SIM_US, e->str);
        }
      if (++n >= PD_MAX_EVENTS_PER_WAIT)
        return fail_at (r, line->what, "the stack ran %u events without sending", n);
    }
  Captured *c = g_queue_pop_head (&r->captured);
  learn (r, &c->seg);
  gboolean ok = TRUE;
  if (!any && (c->t < lo - r->tolerance || c->t > hi + r->tolerance))
    {
      char want[32], got[32];
      fmt_time (lo, want, sizeof want);
      fmt_time (c->t, got, sizeof got);
      g_autoptr (GString) e = g_string_new (NULL);
      g_autoptr (GString) a = g_string_new (NULL);
      describe_expected (e, &line->seg);
      describe_actual (r, a, &c->seg);
      ok = fail_at (r, line->what,
                    "timing error: expected an outbound segment at %s s, but it was sent at %s s "
                    "(tolerance %" G_GINT64_FORMAT " us)\n  expected: %s\n  actual:   %s",
                    want, got, r->tolerance / SIM_US, e->str, a->str);
    }
  else
    ok = check_segment (r, line, c);
  r->base = c->t;
  g_free (c);
  return ok;
}

/* ---- system calls ---------------------------------------------------------- */

static const struct
{
  const char *name;
  gint64 value;
} CONSTANTS[] = {
  { "AF_INET", 2 }, { "PF_INET", 2 }, { "AF_INET6", 10 }, { "PF_INET6", 10 },
  { "SOCK_STREAM", 1 }, { "IPPROTO_TCP", 6 }, { "IPPROTO_IP", 0 },
  { "SOL_SOCKET", 1 }, { "SOL_TCP", 6 },
  { "O_RDWR", APP_O_RDWR }, { "O_RDONLY", 0 }, { "O_NONBLOCK", APP_O_NONBLOCK },
  { "F_GETFL", 3 }, { "F_SETFL", 4 },
  { "SHUT_RD", APP_SHUT_RD }, { "SHUT_WR", APP_SHUT_WR }, { "SHUT_RDWR", APP_SHUT_RDWR },
  { "POLLIN", APP_POLLIN }, { "POLLOUT", APP_POLLOUT }, { "POLLERR", APP_POLLERR },
  { "POLLHUP", APP_POLLHUP }, { "POLLRDHUP", APP_POLLRDHUP },
  { "POLLRDNORM", 0x040 }, { "POLLWRNORM", 0x100 }, { "POLLNVAL", 0x020 },
  { "MSG_DONTWAIT", 0x40 }, { "MSG_PEEK", 0x2 },
};

/* The value of an integer expression: a number, a known name, an errno
 * name, or names and numbers or-ed. */
static gboolean
eval_int (const PdExpr *e, gint64 *out)
{
  switch (e->kind)
    {
    case PD_EXPR_INT:
      *out = e->i;
      return TRUE;
    case PD_EXPR_NAME:
      for (guint i = 0; i < G_N_ELEMENTS (CONSTANTS); i++)
        if (strcmp (CONSTANTS[i].name, e->name) == 0)
          {
            *out = CONSTANTS[i].value;
            return TRUE;
          }
      {
        AppErrno err;
        if (app_errno_parse (e->name, &err))
          {
            *out = err;
            return TRUE;
          }
      }
      return FALSE;
    case PD_EXPR_OR:
      *out = 0;
      for (guint i = 0; i < e->items->len; i++)
        {
          gint64 v;
          if (!eval_int (g_ptr_array_index (e->items, i), &v))
            return FALSE;
          *out |= v;
        }
      return TRUE;
    case PD_EXPR_ARRAY:
      /* "[1]": an int passed by pointer. */
      return e->items->len == 1 && eval_int (g_ptr_array_index (e->items, 0), out);
    default:
      return FALSE;
    }
}

static const PdExpr *
arg (const PdSyscall *c, guint i)
{
  return i < c->args->len ? g_ptr_array_index (c->args, i) : NULL;
}

/* An argument the runner cannot read: the script is bad, not the stack. */
static gboolean
bad_arg (Runner *r, const PdLine *line, guint i, const char *what)
{
  const PdExpr *e = arg (&line->call, i);
  PdPos pos = e != NULL ? e->pos : line->what;
  fail_at (r, pos, "%s(): argument %u: %s", line->call.name, i + 1, what);
  r->outcome = PD_BAD_SCRIPT;
  return FALSE;
}

static gboolean
int_arg (Runner *r, const PdLine *line, guint i, gint64 *out)
{
  const PdExpr *e = arg (&line->call, i);
  if (e == NULL)
    return bad_arg (r, line, i, "missing");
  if (!eval_int (e, out))
    return bad_arg (r, line, i, "expected an integer or a known constant");
  return TRUE;
}

/* What each call needs: its argument count. */
static const struct
{
  const char *name;
  guint min, max;
} ARITY[] = {
  { "socket", 3, 3 }, { "bind", 3, 3 }, { "listen", 2, 2 }, { "accept", 3, 3 },
  { "connect", 3, 3 }, { "read", 3, 3 }, { "write", 3, 3 }, { "recv", 4, 4 },
  { "send", 4, 4 }, { "shutdown", 2, 2 }, { "close", 1, 1 }, { "setsockopt", 5, 5 },
  { "getsockopt", 5, 5 }, { "fcntl", 2, 3 }, { "poll", 3, 3 },
};

static gboolean
sockopt_arg (Runner *r, const PdLine *line, AppSockOpt *opt)
{
  const PdExpr *e = arg (&line->call, 2);
  if (e == NULL || e->kind != PD_EXPR_NAME || !app_sockopt_parse (e->name, opt))
    return bad_arg (r, line, 2,
                    "expected a socket option tcpsim models (SO_REUSEADDR, SO_KEEPALIVE, "
                    "SO_LINGER, SO_RCVBUF, SO_SNDBUF, SO_ERROR, SO_TYPE, SO_ACCEPTCONN, "
                    "TCP_NODELAY, TCP_MAXSEG, TCP_USER_TIMEOUT)");
  return TRUE;
}

/* A struct's field by name. */
static const PdExpr *
field (const PdExpr *s, const char *name)
{
  for (guint i = 0; s->items != NULL && i < s->items->len; i++)
    {
      const PdExpr *f = g_ptr_array_index (s->items, i);
      if (f->kind == PD_EXPR_FIELD && strcmp (f->name, name) == 0)
        return g_ptr_array_index (f->items, 0);
    }
  return NULL;
}

static gboolean
exec_call (Runner *r, const PdLine *line, CallResult *res)
{
  const PdSyscall *c = &line->call;
  const char *n = c->name;
  AppSockets *s = r->socks;
  gint64 fd = -1;
  res->blocked = FALSE;
  res->err = APP_EOK;
  if (strcmp (n, "socket") != 0 && strcmp (n, "poll") != 0)
    {
      if (!int_arg (r, line, 0, &fd))
        return FALSE;
      if (fd < 0 || fd > G_MAXINT)
        return bad_arg (r, line, 0, "not a descriptor");
      r->last_fd = (int) fd;
    }
  if (strcmp (n, "socket") == 0)
    {
      const PdExpr *family = arg (c, 0);
      if (family->kind == PD_EXPR_NAME
          && (strcmp (family->name, "AF_INET6") == 0 || strcmp (family->name, "PF_INET6") == 0))
        {
          r->outcome = PD_SKIP;
          pd_error_at (r->error, r->script->file, line->what,
                       "an IPv6 socket: tcpsim runs IPv4 scripts only");
          return FALSE;
        }
      res->ret = app_sock_socket (s, &res->err);
      r->last_fd = (int) res->ret;
    }
  else if (strcmp (n, "bind") == 0)
    {
      res->ret = app_sock_bind (s, (int) fd, PD_BIND_PORT, &res->err);
      if (res->ret == 0)
        {
          r->bound_port = PD_BIND_PORT;
          r->local_port = PD_BIND_PORT;
        }
    }
  else if (strcmp (n, "listen") == 0)
    {
      gint64 backlog;
      if (!int_arg (r, line, 1, &backlog))
        return FALSE;
      res->ret = app_sock_listen (s, (int) fd, (guint) CLAMP (backlog, 0, G_MAXINT), &res->err);
    }
  else if (strcmp (n, "accept") == 0)
    {
      res->ret = app_sock_accept (s, (int) fd, &res->blocked, &res->err);
      if (res->ret >= 0)
        r->last_fd = (int) res->ret; /* tcp_info now reads the new connection */
    }
  else if (strcmp (n, "connect") == 0)
    res->ret = app_sock_connect (s, (int) fd, PD_REMOTE_ADDR, PD_BIND_PORT, &res->blocked,
                                 &res->err);
  else if (strcmp (n, "read") == 0 || strcmp (n, "recv") == 0 || strcmp (n, "write") == 0
           || strcmp (n, "send") == 0)
    {
      gint64 count;
      if (!int_arg (r, line, 2, &count))
        return FALSE;
      if (count < 0)
        return bad_arg (r, line, 2, "a negative count");
      gboolean rd = n[0] == 'r';
      res->ret = rd ? app_sock_read (s, (int) fd, (guint64) count, &res->blocked, &res->err)
                    : app_sock_write (s, (int) fd, (guint64) count, &res->blocked, &res->err);
    }
  else if (strcmp (n, "shutdown") == 0)
    {
      gint64 how;
      if (!int_arg (r, line, 1, &how))
        return FALSE;
      if (how < 0 || how > 2)
        return bad_arg (r, line, 1, "expected SHUT_RD, SHUT_WR or SHUT_RDWR");
      res->ret = app_sock_shutdown (s, (int) fd, (AppShut) how, &res->err);
    }
  else if (strcmp (n, "close") == 0)
    res->ret = app_sock_close (s, (int) fd, &res->err);
  else if (strcmp (n, "setsockopt") == 0)
    {
      AppSockOpt opt;
      if (!sockopt_arg (r, line, &opt))
        return FALSE;
      const PdExpr *v = arg (c, 3);
      gint64 a = 0, b = 0;
      if (v->kind == PD_EXPR_STRUCT)
        {
          const PdExpr *on = field (v, "l_onoff"), *lg = field (v, "l_linger");
          if (on == NULL || lg == NULL || !eval_int (on, &a) || !eval_int (lg, &b))
            return bad_arg (r, line, 3, "expected {l_onoff=N, l_linger=N}");
        }
      else if (!eval_int (v, &a))
        return bad_arg (r, line, 3, "expected an integer");
      res->ret = app_sock_setsockopt (s, (int) fd, opt, a, b, &res->err);
    }
  else if (strcmp (n, "getsockopt") == 0)
    {
      AppSockOpt opt;
      if (!sockopt_arg (r, line, &opt))
        return FALSE;
      gint64 a, b;
      res->ret = app_sock_getsockopt (s, (int) fd, opt, &a, &b, &res->err);
      const PdExpr *v = arg (c, 3);
      if (res->ret == 0 && v->kind != PD_EXPR_ELLIPSIS)
        {
          gint64 want, want2;
          if (v->kind == PD_EXPR_STRUCT)
            {
              const PdExpr *on = field (v, "l_onoff"), *lg = field (v, "l_linger");
              if (on == NULL || lg == NULL || !eval_int (on, &want) || !eval_int (lg, &want2))
                return bad_arg (r, line, 3, "expected {l_onoff=N, l_linger=N}");
              if (want != a || want2 != b)
                g_string_printf (res->mismatch, "value {l_onoff=%" G_GINT64_FORMAT
                                 ", l_linger=%" G_GINT64_FORMAT "}", a, b);
            }
          else if (!eval_int (v, &want))
            return bad_arg (r, line, 3, "expected [VALUE] or ...");
          else if (want != a)
            {
              if (opt == APP_SO_ERROR)
                g_string_printf (res->mismatch, "value [%s]",
                                 a == 0 ? "0" : app_errno_name ((AppErrno) a));
              else
                g_string_printf (res->mismatch, "value [%" G_GINT64_FORMAT "]", a);
            }
        }
    }
  else if (strcmp (n, "fcntl") == 0)
    {
      gint64 cmd;
      if (!int_arg (r, line, 1, &cmd))
        return FALSE;
      if (cmd == 3)
        res->ret = app_sock_fcntl_getfl (s, (int) fd, &res->err);
      else if (cmd == 4)
        {
          gint64 flags;
          if (!int_arg (r, line, 2, &flags))
            return FALSE;
          res->ret = app_sock_fcntl_setfl (s, (int) fd, flags, &res->err);
        }
      else
        return bad_arg (r, line, 1, "expected F_GETFL or F_SETFL");
    }
  else if (strcmp (n, "poll") == 0)
    {
      const PdExpr *fds = arg (c, 0);
      if (fds->kind != PD_EXPR_ARRAY)
        return bad_arg (r, line, 0, "expected [{fd=N, events=…, revents=…}, …]");
      gint64 timeout;
      if (!int_arg (r, line, 2, &timeout))
        return FALSE;
      gint64 ready = 0;
      g_string_truncate (res->mismatch, 0);
      GString *got = g_string_new (NULL);
      gboolean differs = FALSE;
      for (guint i = 0; i < fds->items->len; i++)
        {
          const PdExpr *p = g_ptr_array_index (fds->items, i);
          const PdExpr *pf = p->kind == PD_EXPR_STRUCT ? field (p, "fd") : NULL;
          const PdExpr *pe = pf != NULL ? field (p, "events") : NULL;
          const PdExpr *pr = pf != NULL ? field (p, "revents") : NULL;
          gint64 pfd, ev, want = 0;
          if (pf == NULL || pe == NULL || !eval_int (pf, &pfd) || !eval_int (pe, &ev)
              || (pr != NULL && !eval_int (pr, &want)))
            {
              g_string_free (got, TRUE);
              return bad_arg (r, line, 0, "expected {fd=N, events=…, revents=…}");
            }
          guint rev = app_sock_poll (s, (int) CLAMP (pfd, -1, G_MAXINT), (guint) ev);
          if (rev != 0)
            ready++;
          if (pr != NULL && (gint64) rev != want)
            differs = TRUE;
          g_string_append_printf (got, "%s{fd=%" G_GINT64_FORMAT ", revents=0x%x}",
                                  i > 0 ? ", " : "", pfd, rev);
        }
      if (ready == 0 && timeout != 0)
        {
          /* poll() waits for the timeout; the runner's wait ends it. */
          res->blocked = TRUE;
          g_string_free (got, TRUE);
          return TRUE;
        }
      if (differs)
        g_string_printf (res->mismatch, "revents [%s]", got->str);
      g_string_free (got, TRUE);
      res->ret = ready;
    }
  return TRUE;
}

/* Checks a completed call against its line: when it returned, what it
 * returned, and the values it filled in. */
static gboolean
finish_call (Runner *r, const PdLine *line, const CallResult *res, SimTime end)
{
  const PdSyscall *c = &line->call;
  gboolean ok = TRUE;
  char when[32];
  fmt_time (r->sim.now, when, sizeof when);
  if (line->time.blocking && r->sim.now < end - r->tolerance)
    {
      char e[32];
      fmt_time (end, e, sizeof e);
      return fail_at (r, line->what, "%s() returned at %s s; expected it to block until %s s",
                      c->name, when, e);
    }
  /* The result: a number (or "..."), and an errno after -1. */
  gint64 want = 0;
  gboolean check = c->result->kind != PD_EXPR_ELLIPSIS;
  if (check && !eval_int (c->result, &want))
    return fail_at (r, c->result->pos, "%s(): the expected result is not a number", c->name);
  AppErrno want_err = APP_EOK;
  if (c->errno_name != NULL && !app_errno_parse (c->errno_name, &want_err))
    return fail_at (r, c->result->pos, "unknown errno %s", c->errno_name);
  if ((check && res->ret != want) || (res->ret < 0 && want_err != res->err))
    {
      g_autofree char *w = c->errno_name != NULL
                             ? g_strdup_printf ("%" G_GINT64_FORMAT " %s", want, c->errno_name)
                             : g_strdup_printf ("%" G_GINT64_FORMAT, want);
      g_autofree char *g = res->ret < 0 ? g_strdup_printf ("%" G_GINT64_FORMAT " %s", res->ret,
                                                           app_errno_name (res->err))
                                        : g_strdup_printf ("%" G_GINT64_FORMAT, res->ret);
      ok = fail_at (r, line->what, "%s() at %s s returned %s; expected %s", c->name, when, g,
                    check ? w : "...");
    }
  else if (res->mismatch->len > 0)
    ok = fail_at (r, line->what, "%s() at %s s: %s differs from the script's", c->name, when,
                  res->mismatch->str);
  return ok;
}

static void
poll_timeout (Sim *sim, gpointer ctx)
{
  (void) sim;
  ((Runner *) ctx)->pending.timed_out = TRUE;
}

/* After every event: a blocked call tries again, as the kernel wakes its
 * thread; a poll() whose timeout passed returns 0. */
static void
retry_pending (Runner *r)
{
  Pending *p = &r->pending;
  if (p->line == NULL || r->outcome != PD_PASS)
    return;
  g_string_truncate (p->res.mismatch, 0);
  if (!exec_call (r, p->line, &p->res))
    {
      p->line = NULL;
      return;
    }
  if (p->res.blocked && p->timed_out)
    {
      p->res.blocked = FALSE;
      p->res.ret = 0;
      g_string_truncate (p->res.mismatch, 0);
    }
  if (p->res.blocked)
    return;
  const PdLine *line = p->line;
  p->line = NULL;
  sim_timer_cancel (&r->sim, &p->timer);
  finish_call (r, line, &p->res, p->end);
}

/* A call still blocked when the script goes on to time t: it must have
 * returned by its end plus the tolerance. */
static gboolean
settle_pending (Runner *r, SimTime t, PdPos pos)
{
  Pending *p = &r->pending;
  if (p->line == NULL)
    return TRUE;
  if (t < p->deadline)
    return TRUE;
  if (!advance (r, p->deadline, pos))
    return FALSE;
  if (p->line == NULL)
    return r->outcome == PD_PASS;
  const PdLine *line = p->line;
  p->line = NULL;
  sim_timer_cancel (&r->sim, &p->timer);
  char e[32];
  fmt_time (p->end, e, sizeof e);
  return fail_at (r, line->what,
                  "%s() blocked: expected it to return by %s s (tolerance %" G_GINT64_FORMAT " us)",
                  line->call.name, e, r->tolerance / SIM_US);
}

static gboolean
run_syscall (Runner *r, const PdLine *line)
{
  const PdTime *t = &line->time;
  SimTime at = time_of (r, t->kind, t->t);
  if (!advance (r, at, line->pos))
    return FALSE;
  if (r->pending.line != NULL)
    {
      /* packetdrill makes one call at a time. */
      char when[32];
      fmt_time (at, when, sizeof when);
      return fail_at (r, line->what, "%s() at %s s: %s() (line %u) has not returned yet",
                      line->call.name, when, r->pending.line->call.name,
                      r->pending.line->pos.line);
    }
  SimTime end = t->blocking ? time_of (r, t->end_kind, t->end) : at;
  Pending *p = &r->pending;
  g_string_truncate (p->res.mismatch, 0);
  p->res.blocked = FALSE;
  p->timed_out = FALSE;
  r->base = at;
  if (!exec_call (r, line, &p->res))
    return FALSE;
  if (!p->res.blocked)
    return finish_call (r, line, &p->res, end);
  /* It blocks: the script goes on, and the call returns when an event
   * lets it (retry_pending). */
  p->line = line;
  p->end = end;
  p->deadline = MIN (sim_time_add (end, r->tolerance), r->max_time);
  if (strcmp (line->call.name, "poll") == 0)
    {
      gint64 timeout = 0;
      eval_int (arg (&line->call, 2), &timeout);
      if (timeout > 0)
        sim_timer_arm (&r->sim, &p->timer, sim_time_add (r->sim.now, timeout * SIM_MS));
    }
  return TRUE;
}

/* ---- shell lines and state checks ------------------------------------------ */

static gboolean
state_from_name (const char *name, TcpState *out)
{
  /* tcp_info's and sockstat's spellings. */
  static const struct { const char *n; TcpState s; } alias[] = {
    { "SYN_RECV", TCP_STATE_SYN_RECEIVED }, { "SYN_RCVD", TCP_STATE_SYN_RECEIVED },
    { "FIN_WAIT1", TCP_STATE_FIN_WAIT_1 }, { "FIN_WAIT2", TCP_STATE_FIN_WAIT_2 },
    { "CLOSE", TCP_STATE_CLOSED },
  };
  for (guint i = 0; i < G_N_ELEMENTS (alias); i++)
    if (strcmp (alias[i].n, name) == 0)
      {
        *out = alias[i].s;
        return TRUE;
      }
  return tcp_state_parse (name, out);
}

/* The state a socket shows (sockstat, tcp_info): its connection's, or
 * LISTEN, or CLOSED for a socket that never connected. */
static TcpState
fd_state (Runner *r, int fd, gboolean *exists)
{
  *exists = TRUE;
  if (!r->started)
    {
      *exists = FALSE;
      return TCP_STATE_CLOSED;
    }
  if (app_sock_listener (r->socks, fd) != NULL)
    return TCP_STATE_LISTEN;
  TcpConn *conn = app_sock_conn (r->socks, fd);
  if (conn != NULL)
    return tcp_conn_state (conn);
  *exists = app_sock_exists (r->socks, fd);
  return TCP_STATE_CLOSED;
}

static gboolean
run_state (Runner *r, const PdLine *line)
{
  SimTime at = time_of (r, line->time.kind, line->time.t);
  if (!advance (r, at, line->pos))
    return FALSE;
  r->base = at;
  TcpState want;
  if (!state_from_name (line->shell, &want))
    return fail_at (r, line->what, "unknown state TCPI_%s", line->shell);
  gboolean exists;
  TcpState got = fd_state (r, r->last_fd, &exists);
  if (!exists)
    return fail_at (r, line->what, "tcpi_state: descriptor %d is not open", r->last_fd);
  if (got != want)
    {
      char when[32];
      fmt_time (r->sim.now, when, sizeof when);
      return fail_at (r, line->what, "tcpi_state at %s s: expected %s, the socket is in %s", when,
                      tcp_state_name (want), tcp_state_name (got));
    }
  return TRUE;
}

/* FreeBSD's suite checks states with
 *   sockstat -4 -P tcp -s | grep packetdril | grep -c STATE | grep N
 * and removes a connection with `tcpdrop -s STATE`.  Both read as what
 * they mean here; any other command is reported and skipped. */
static gboolean
run_shell (Runner *r, const PdLine *line)
{
  SimTime at = time_of (r, line->time.kind, line->time.t);
  if (r->started && !advance (r, at, line->pos))
    return FALSE;
  r->base = at;
  const char *cmd = line->shell;
  g_auto (GStrv) w = g_strsplit_set (cmd, " \t", -1);
  GPtrArray *words = g_ptr_array_new ();
  for (guint i = 0; w[i] != NULL; i++)
    if (w[i][0] != '\0')
      g_ptr_array_add (words, w[i]);
  g_ptr_array_add (words, NULL);
  const char **v = (const char **) words->pdata;
  guint nw = words->len - 1;
  gboolean ok = TRUE;

  if (nw > 0 && strcmp (v[0], "sysctl") == 0)
    {
      TcpProfile p = r->started ? *tcp_stack_profile (r->stack) : r->profile;
      g_autofree char *what = NULL;
      PdSysctlResult res = pd_sysctl_apply (&p, cmd, &what);
      switch (res)
        {
        case PD_SYSCTL_APPLIED:
          if (r->started && memcmp (&p, tcp_stack_profile (r->stack), sizeof p) != 0)
            note (r, line->what, "%s; but the stack is running: not applied", what);
          else if (!r->started)
            r->profile = p;
          break;
        case PD_SYSCTL_NOOP:
          break;
        case PD_SYSCTL_UNKNOWN:
        case PD_SYSCTL_NOT_SYSCTL:
          note (r, line->what, "%s", what);
          break;
        case PD_SYSCTL_UNSUPPORTED:
          r->outcome = PD_SKIP;
          pd_error_at (r->error, r->script->file, line->what, "%s", what);
          ok = FALSE;
          break;
        case PD_SYSCTL_BAD_VALUE:
          ok = fail_at (r, line->what, "%s", what);
          break;
        }
    }
  else if (nw >= 7 && strcmp (v[0], "sockstat") == 0 && strcmp (v[nw - 2], "grep") == 0
           && strcmp (v[nw - 3], "|") == 0 && strcmp (v[nw - 5], "-c") == 0
           && strcmp (v[nw - 6], "grep") == 0)
    {
      /* sockstat [-4] [-P tcp] [-s] [-p PORT] | [grep NAME |] grep -c STATE | grep N:
       * with "grep packetdril", the script's own sockets (its descriptors);
       * with -p PORT, every socket of the port, the half-open ones of a
       * listener included. */
      TcpState want;
      guint64 count;
      gboolean own = FALSE, port = FALSE;
      for (guint k = 1; k + 6 < nw; k++)
        {
          if (strcmp (v[k], "grep") == 0 && g_str_has_prefix (v[k + 1], "packetdril"))
            own = TRUE;
          if (strcmp (v[k], "-p") == 0)
            port = TRUE;
        }
      if (!state_from_name (v[nw - 4], &want)
          || !g_ascii_string_to_unsigned (v[nw - 1], 10, 0, 100000, &count, NULL)
          || own == port)
        note (r, line->what, "`%s`: not read", cmd);
      else
        {
          guint64 got = 0;
          GString *seen = g_string_new (NULL);
          for (int fd = 3; own && r->started && fd < app_sock_fd_limit (r->socks); fd++)
            {
              gboolean exists;
              TcpState st = fd_state (r, fd, &exists);
              if (!exists)
                continue;
              g_string_append_printf (seen, "%s%d %s", seen->len ? ", " : "", fd,
                                      tcp_state_name (st));
              if (st == want)
                got++;
            }
          if (port)
            {
              for (TcpState st = TCP_STATE_CLOSED; st < TCP_STATE_COUNT; st++)
                {
                  guint64 c = 0;
                  if (st == TCP_STATE_LISTEN)
                    for (int fd = 3; r->started && fd < app_sock_fd_limit (r->socks); fd++)
                      c += app_sock_listener (r->socks, fd) != NULL;
                  else if (r->started)
                    c = tcp_stack_count_in_state (r->stack, st);
                  if (c > 0)
                    g_string_append_printf (seen, "%s%" G_GUINT64_FORMAT " %s",
                                            seen->len ? ", " : "", c, tcp_state_name (st));
                  if (st == want)
                    got = c;
                }
            }
          if (got != count)
            {
              char when[32];
              fmt_time (r->sim.now, when, sizeof when);
              ok = fail_at (r, line->what,
                            "sockstat at %s s: expected %" G_GUINT64_FORMAT " socket(s) in %s, "
                            "found %" G_GUINT64_FORMAT " (%s)",
                            when, count, tcp_state_name (want), got,
                            seen->len ? seen->str : "no sockets");
            }
          g_string_free (seen, TRUE);
        }
    }
  else if (nw == 3 && strcmp (v[0], "tcpdrop") == 0 && strcmp (v[1], "-s") == 0)
    {
      TcpState want;
      if (!state_from_name (v[2], &want))
        note (r, line->what, "`%s`: unknown state", cmd);
      else
        for (int fd = 3; r->started && fd < app_sock_fd_limit (r->socks); fd++)
          {
            TcpConn *conn = app_sock_conn (r->socks, fd);
            if (conn != NULL && tcp_conn_state (conn) == want)
              tcp_abort (conn); /* tcp_drop(): RST when synchronized, silent in TIME-WAIT */
          }
    }
  else
    note (r, line->what, "`%s`: not a command tcpsim reads; skipped", cmd);
  g_ptr_array_free (words, TRUE);
  return ok;
}

/* ---- the script ---------------------------------------------------------- */

/* Checks what can be checked before anything runs: argument counts and
 * the tcpi_state names.  A script that fails here is a bad script. */
static gboolean
check_script (Runner *r)
{
  for (guint i = 0; i < r->script->lines->len; i++)
    {
      const PdLine *line = g_ptr_array_index (r->script->lines, i);
      if (line->kind == PD_LINE_STATE)
        {
          TcpState st;
          if (!state_from_name (line->shell, &st))
            {
              pd_error_at (r->error, r->script->file, line->what, "unknown state TCPI_%s",
                           line->shell);
              return FALSE;
            }
        }
      if (line->kind != PD_LINE_SYSCALL)
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (ARITY); k++)
        if (strcmp (ARITY[k].name, line->call.name) == 0)
          {
            guint n = line->call.args->len;
            if (n < ARITY[k].min || n > ARITY[k].max)
              {
                pd_error_at (r->error, r->script->file, line->what,
                             "%s() takes %u argument%s, not %u", line->call.name, ARITY[k].min,
                             ARITY[k].min == 1 ? "" : "s", n);
                return FALSE;
              }
          }
      if (strcmp (line->call.name, "setsockopt") == 0 || strcmp (line->call.name, "getsockopt") == 0)
        {
          AppSockOpt opt;
          if (!sockopt_arg (r, line, &opt))
            return FALSE;
        }
      AppErrno e;
      if (line->call.errno_name != NULL && !app_errno_parse (line->call.errno_name, &e))
        {
          pd_error_at (r->error, r->script->file, line->call.result->pos,
                       "unknown errno %s (tcpsim's socket model has EBADF, EAGAIN, "
                       "EWOULDBLOCK, EINPROGRESS, EALREADY, EISCONN, ENOTCONN, ECONNREFUSED, "
                       "ECONNRESET, ECONNABORTED, ETIMEDOUT, EPIPE, EADDRINUSE, EADDRNOTAVAIL, "
                       "EINVAL, EOPNOTSUPP, ENOPROTOOPT, EHOSTUNREACH, ENOTSOCK)",
                       line->call.errno_name);
          return FALSE;
        }
    }
  return TRUE;
}

PdOutcome
pd_run (const PdScript *script, const PdRunOptions *opt, const TraceBus *bus, GString *notes,
        GError **error)
{
  Runner r = { .script = script, .opt = opt, .error = error, .notes = notes, .bus = bus,
               .outcome = PD_PASS, .last_fd = 3, .remote_port = PD_REMOTE_PORT,
               .local_port = PD_BIND_PORT, .bound_port = PD_BIND_PORT };
  g_queue_init (&r.captured);
  r.profile = *opt->profile;
  r.max_time = opt->max_time > 0 ? opt->max_time : 10000000 * SIM_S;

  const char *ipv = pd_script_setting (script, "ip_version");
  if (ipv != NULL && strcmp (ipv, "ipv4") != 0)
    {
      pd_error_at (error, script->file, (PdPos) { 1, 1 },
                   "--ip_version=%s: tcpsim runs IPv4 scripts only", ipv);
      return PD_SKIP;
    }
  r.tolerance = PD_DEFAULT_TOLERANCE;
  const char *tol = pd_script_setting (script, "tolerance_usecs");
  if (tol != NULL)
    {
      guint64 us;
      if (!g_ascii_string_to_unsigned (tol, 10, 0, 100000000, &us, NULL))
        {
          pd_error_at (error, script->file, (PdPos) { 1, 1 },
                       "--tolerance_usecs=%s is not a number of microseconds (0 to 10^8)", tol);
          return PD_BAD_SCRIPT;
        }
      r.tolerance = (SimTime) us * SIM_US;
    }
  if (opt->tolerance >= 0)
    r.tolerance = opt->tolerance;
  if (!check_script (&r))
    return PD_BAD_SCRIPT;
  r.pending.res.mismatch = g_string_new (NULL);

  for (guint i = 0; i < script->lines->len && r.outcome == PD_PASS; i++)
    {
      const PdLine *line = g_ptr_array_index (script->lines, i);
      if (!r.started && line->kind != PD_LINE_SHELL)
        start (&r);
      SimTime at = time_of (&r, line->time.kind, line->time.t);
      if (line->time.kind != PD_TIME_ANY && at > r.max_time)
        {
          fail_at (&r, line->pos, "the script runs past the time limit");
          break;
        }
      if (r.started && !settle_pending (&r, at, line->pos))
        break;
      switch (line->kind)
        {
        case PD_LINE_SHELL:
          run_shell (&r, line);
          break;
        case PD_LINE_STATE:
          run_state (&r, line);
          break;
        case PD_LINE_INBOUND:
          if (advance (&r, at, line->pos))
            {
              inject (&r, &line->seg);
              r.base = at;
            }
          break;
        case PD_LINE_OUTBOUND:
          run_outbound (&r, line);
          break;
        case PD_LINE_SYSCALL:
          run_syscall (&r, line);
          break;
        }
    }
  if (r.outcome == PD_PASS && r.started)
    settle_pending (&r, SIM_TIME_NEVER, (PdPos) { 0, 0 });
  stop (&r);
  g_string_free (r.pending.res.mismatch, TRUE);
  return r.outcome;
}
