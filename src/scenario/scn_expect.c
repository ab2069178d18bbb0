/* Expectations: what was seen, and the verdict on each. */
#include "scenario/scn_expect.h"

#include "trace/trace_words.h"

typedef struct
{
  SimTime t;
  int value; /* TcpState for states, TcpError for errors */
} Mark;

typedef GArray *MarksPair[2];

typedef struct
{
  SimTime t;
  int call;  /* TraceCall */
  int error; /* TcpError */
} CallMark;

/* A host's listener on a port, from its listen() to its close or the
 * host's crash (end -1 while it lasts). */
typedef struct
{
  int host;
  guint16 port;
  SimTime start, end;
} Listening;

struct ScnChecker
{
  World *w;
  MarksPair *states; /* per named connection and end: Mark */
  MarksPair *errors;
  guint64 *counts;      /* [src][dst][class] */
  SimTime *nth_time;    /* per expectation: when its n-th segment was sent, -1 */
  TcpSegment *nth_seg;  /* per expectation: that segment */
  MarksPair *calls;     /* per named connection and end: CallMark */
  GArray *listening;    /* Listening */
};

static int
end_of_event (ScnChecker *chk, const TraceEvent *ev, int *conn)
{
  *conn = world_conn_by_id (chk->w, ev->conn);
  if (*conn < 0)
    return -1;
  const ScnConn *sc = &g_array_index (chk->w->scn->conns, ScnConn, *conn);
  int h = world_host_index (chk->w, ev->host);
  return h == sc->host[0] ? 0 : h == sc->host[1] ? 1 : -1;
}

static void
checker_sink (gpointer ctx, const TraceEvent *ev)
{
  ScnChecker *chk = ctx;
  int conn, end;
  switch (ev->kind)
    {
    case TRACE_SEND:
      {
        int src = world_host_index (chk->w, ev->host);
        int dst = world_host_index (chk->w, ev->peer);
        guint n = chk->w->nhosts;
        for (int c = 0; c < SEG_CLASS_COUNT; c++)
          if (seg_class_match ((SegClass) c, ev->seg))
            chk->counts[((gsize) src * n + (gsize) dst) * SEG_CLASS_COUNT + (gsize) c]++;
        const GArray *exps = chk->w->scn->expects;
        for (guint i = 0; i < exps->len; i++)
          {
            const ScnExpect *e = &g_array_index (exps, ScnExpect, i);
            if (e->kind == SCN_EXP_NTH && e->src == src && e->dst == dst && chk->nth_time[i] < 0
                && seg_class_match (e->cls, ev->seg)
                && chk->counts[((gsize) src * n + (gsize) dst) * SEG_CLASS_COUNT + e->cls] == e->n)
              {
                chk->nth_time[i] = ev->time;
                chk->nth_seg[i] = *ev->seg;
              }
          }
      }
      break;
    case TRACE_STATE:
      if ((end = end_of_event (chk, ev, &conn)) >= 0)
        {
          Mark m = { ev->time, ev->state };
          g_array_append_val (chk->states[conn][end], m);
        }
      break;
    case TRACE_ERROR:
      if ((end = end_of_event (chk, ev, &conn)) >= 0)
        {
          Mark m = { ev->time, ev->error };
          g_array_append_val (chk->errors[conn][end], m);
        }
      break;
    case TRACE_CALL:
      {
        int h = world_host_index (chk->w, ev->host);
        if (ev->call == TRACE_CALL_LISTEN && ev->error == 0)
          {
            Listening l = { h, ev->port, ev->time, -1 };
            g_array_append_val (chk->listening, l);
          }
        else if ((ev->call == TRACE_CALL_CLOSE && ev->conn == 0 && ev->error == 0)
                 || ev->call == TRACE_CALL_CRASH)
          for (guint i = 0; i < chk->listening->len; i++)
            {
              Listening *l = &g_array_index (chk->listening, Listening, i);
              if (l->host == h && l->end < 0
                  && (ev->call == TRACE_CALL_CRASH || l->port == ev->port))
                l->end = ev->time;
            }
        if (ev->conn != 0 && (end = end_of_event (chk, ev, &conn)) >= 0)
          {
            CallMark m = { ev->time, ev->call, ev->error };
            g_array_append_val (chk->calls[conn][end], m);
          }
      }
      break;
    default:
      break;
    }
}

ScnChecker *
scn_checker_new (World *w)
{
  ScnChecker *chk = g_new0 (ScnChecker, 1);
  chk->w = w;
  guint n = w->scn->conns->len;
  chk->states = g_new0 (MarksPair, n);
  chk->errors = g_new0 (MarksPair, n);
  chk->calls = g_new0 (MarksPair, n);
  for (guint i = 0; i < n; i++)
    for (int e = 0; e < 2; e++)
      {
        chk->states[i][e] = g_array_new (FALSE, FALSE, sizeof (Mark));
        chk->errors[i][e] = g_array_new (FALSE, FALSE, sizeof (Mark));
        chk->calls[i][e] = g_array_new (FALSE, FALSE, sizeof (CallMark));
      }
  chk->listening = g_array_new (FALSE, FALSE, sizeof (Listening));
  chk->counts = g_new0 (guint64, (gsize) w->nhosts * w->nhosts * SEG_CLASS_COUNT);
  chk->nth_time = g_new (SimTime, w->scn->expects->len + 1);
  chk->nth_seg = g_new0 (TcpSegment, w->scn->expects->len + 1);
  for (guint i = 0; i < w->scn->expects->len; i++)
    chk->nth_time[i] = -1;
  trace_bus_subscribe (&w->bus, checker_sink, chk);
  return chk;
}

void
scn_checker_free (ScnChecker *chk)
{
  if (chk == NULL)
    return;
  for (guint i = 0; i < chk->w->scn->conns->len; i++)
    for (int e = 0; e < 2; e++)
      {
        g_array_free (chk->states[i][e], TRUE);
        g_array_free (chk->errors[i][e], TRUE);
        g_array_free (chk->calls[i][e], TRUE);
      }
  g_free (chk->states);
  g_free (chk->errors);
  g_free (chk->calls);
  g_free (chk->nth_seg);
  g_array_free (chk->listening, TRUE);
  g_free (chk->counts);
  g_free (chk->nth_time);
  g_free (chk);
}

static void
append_time (GString *s, SimTime t)
{
  char buf[40];
  sim_time_format_short (t, buf, sizeof buf);
  g_string_append (s, buf);
}

/* "SYN-SENT at 0s, ESTABLISHED at 100ms, …" */
static void
describe_history (GString *s, GArray *marks)
{
  if (marks->len == 0)
    {
      g_string_append (s, "no state change");
      return;
    }
  for (guint i = 0; i < marks->len; i++)
    {
      Mark *m = &g_array_index (marks, Mark, i);
      g_string_append_printf (s, "%s%s at ", i ? ", " : "", tcp_state_name ((TcpState) m->value));
      append_time (s, m->t);
    }
}

/* |t - at| <= tol, or at <= t <= at + tol for "late TOL" (a kernel's
 * timer never fires early: docs/linux-behaviour.md, "Timers fire late"). */
static gboolean
within (SimTime t, const ScnExpect *e)
{
  if (e->late)
    return t >= e->at && t - e->at <= e->tol;
  return (t > e->at ? t - e->at : e->at - t) <= e->tol;
}

/* The n-th segment against the fields the expectation gives. */
static gboolean
judge_nth (const ScnExpect *e, const TcpSegment *seg, SimTime t, GString *saw)
{
  guint32 seq = e->absolute ? seg->seq : seg->seq - seg->tag.seq_base;
  guint32 ack = e->absolute ? seg->ack : seg->ack - seg->tag.ack_base;
  if (!(e->has_seq || e->has_ack || e->has_win || e->has_len || e->want_opts || e->no_opts))
    {
      g_string_append (saw, "sent at ");
      append_time (saw, t);
      return within (t, e);
    }
  g_string_append_printf (saw, "seq %u ack %u win %u len %u", seq, ack, seg->win, seg->len);
  if (seg->opts & TCP_OPT_MSS)
    g_string_append_printf (saw, " mss %u", seg->mss);
  if (seg->opts & TCP_OPT_WSCALE)
    g_string_append_printf (saw, " wscale %u", seg->wscale);
  if (seg->opts & TCP_OPT_SACK_OK)
    g_string_append (saw, " sackOK");
  if (seg->opts & TCP_OPT_TS)
    g_string_append (saw, " ts");
  g_string_append (saw, ", sent at ");
  append_time (saw, t);
  guint8 opts = seg->opts & (TCP_OPT_MSS | TCP_OPT_WSCALE | TCP_OPT_SACK_OK | TCP_OPT_TS);
  if ((e->has_seq && seq != e->seq) || (e->has_ack && ack != e->ack)
      || (e->has_win && seg->win != e->win) || (e->has_len && seg->len != e->len)
      || (opts & e->want_opts) != e->want_opts || (e->no_opts && opts != 0)
      || ((e->want_opts & TCP_OPT_MSS) && seg->mss != e->mss)
      || ((e->want_opts & TCP_OPT_WSCALE) && seg->wscale != e->wscale))
    return FALSE;
  return !e->timed || within (t, e);
}

static gboolean
judge (ScnChecker *chk, guint index, const ScnExpect *e, GString *saw)
{
  const World *w = chk->w;
  switch (e->kind)
    {
    case SCN_EXP_FINAL:
      {
        guint64 n = tcp_stack_count_in_state (w->stacks[e->src], e->state);
        g_string_append_printf (saw, "%" G_GUINT64_FORMAT, n);
        return scn_op_holds (e->op, n, e->n);
      }
    case SCN_EXP_GEN:
      {
        const AppGen *gen = w->gens[e->gen];
        const AppGenStats *st = app_gen_stats (gen);
        if (e->stat == APP_STAT_HANDSHAKE || e->stat == APP_STAT_LIFETIME)
          {
            SimTime v;
            if (!app_gen_duration (gen, e->stat, e->agg, &v))
              {
                g_string_append (saw, "no sample");
                return FALSE;
              }
            append_time (saw, v);
            return scn_op_holds_time (e->op, v, e->at);
          }
        guint32 counts[] = { [APP_STAT_STARTED] = st->started,
                             [APP_STAT_ESTABLISHED] = st->established,
                             [APP_STAT_COMPLETED] = st->completed,
                             [APP_STAT_FAILED] = st->failed,
                             [APP_STAT_INCOMPLETE] = st->incomplete };
        g_string_append_printf (saw, "%u", counts[e->stat]);
        return scn_op_holds (e->op, counts[e->stat], e->n);
      }
    case SCN_EXP_NTH:
      {
        SimTime t = chk->nth_time[index];
        if (t < 0)
          {
            guint64 n = chk->counts[((gsize) e->src * w->nhosts + (gsize) e->dst) * SEG_CLASS_COUNT
                                    + e->cls];
            g_string_append_printf (saw, "only %" G_GUINT64_FORMAT " sent", n);
            return FALSE;
          }
        return judge_nth (e, &chk->nth_seg[index], t, saw);
      }
    case SCN_EXP_CALL:
      {
        GArray *calls = chk->calls[e->conn][e->end];
        gboolean seen = FALSE;
        guint shown = 0;
        for (guint i = 0; i < calls->len; i++)
          {
            CallMark *m = &g_array_index (calls, CallMark, i);
            if (m->call != e->call)
              continue;
            g_string_append_printf (saw, "%s%s %s at ", shown++ ? ", " : "",
                                    trace_call_name ((TraceCall) m->call),
                                    m->error == 0 ? "OK" : tcp_error_name ((TcpError) m->error));
            append_time (saw, m->t);
            if (m->error == (int) e->error)
              seen = TRUE;
          }
        if (shown == 0)
          g_string_append_printf (saw, "no %s call", trace_call_name ((TraceCall) e->call));
        return e->op == SCN_OP_EQ ? seen : !seen;
      }
    case SCN_EXP_LISTEN:
      {
        /* At T, or at the end of the run. */
        SimTime at = e->timed ? e->at : SIM_TIME_NEVER - 1;
        gboolean listening = FALSE;
        for (guint i = 0; i < chk->listening->len; i++)
          {
            const Listening *l = &g_array_index (chk->listening, Listening, i);
            if (l->host == e->src && l->port == e->port && l->start <= at
                && (l->end < 0 || l->end > at))
              listening = TRUE;
          }
        g_string_append (saw, listening ? "LISTEN" : "CLOSED");
        return listening == (e->state == TCP_STATE_LISTEN);
      }
    case SCN_EXP_COUNT:
      {
        guint64 n = chk->counts[((gsize) e->src * w->nhosts + (gsize) e->dst) * SEG_CLASS_COUNT
                                + e->cls];
        g_string_append_printf (saw, "%" G_GUINT64_FORMAT, n);
        return scn_op_holds (e->op, n, e->n);
      }
    case SCN_EXP_ENTERED:
      {
        GArray *h = chk->states[e->conn][e->end];
        for (guint i = 0; i < h->len; i++)
          {
            Mark *m = &g_array_index (h, Mark, i);
            if (m->value != (int) e->state)
              continue;
            g_string_append_printf (saw, "entered %s at ", tcp_state_name (e->state));
            append_time (saw, m->t);
            if (e->by)
              return m->t <= e->at;
            return within (m->t, e);
          }
        g_string_append_printf (saw, "never entered %s (", tcp_state_name (e->state));
        describe_history (saw, h);
        g_string_append (saw, ")");
        return FALSE;
      }
    case SCN_EXP_IN_STATE:
      {
        GArray *h = chk->states[e->conn][e->end];
        int state = TCP_STATE_CLOSED;
        for (guint i = 0; i < h->len; i++)
          {
            Mark *m = &g_array_index (h, Mark, i);
            if (m->t <= e->at)
              state = m->value;
          }
        g_string_append_printf (saw, "%s (", tcp_state_name ((TcpState) state));
        describe_history (saw, h);
        g_string_append (saw, ")");
        return state == (int) e->state;
      }
    case SCN_EXP_ERROR:
    case SCN_EXP_NO_ERROR:
      {
        GArray *errs = chk->errors[e->conn][e->end];
        if (errs->len == 0)
          g_string_append (saw, "no error");
        for (guint i = 0; i < errs->len; i++)
          {
            Mark *m = &g_array_index (errs, Mark, i);
            g_string_append_printf (saw, "%s%s at ", i ? ", " : "", tcp_error_name ((TcpError) m->value));
            append_time (saw, m->t);
          }
        if (e->kind == SCN_EXP_NO_ERROR)
          return errs->len == 0;
        for (guint i = 0; i < errs->len; i++)
          {
            Mark *m = &g_array_index (errs, Mark, i);
            if (m->value != (int) e->error)
              continue;
            if (!e->timed || within (m->t, e))
              return TRUE;
          }
        return FALSE;
      }
    }
  return FALSE;
}

guint
scn_checker_report (ScnChecker *chk, GString *report)
{
  guint failed = 0;
  const Scenario *scn = chk->w->scn;
  for (guint i = 0; i < scn->expects->len; i++)
    {
      const ScnExpect *e = &g_array_index (scn->expects, ScnExpect, i);
      GString *saw = g_string_new ("");
      gboolean ok = judge (chk, i, e, saw);
      if (!ok)
        failed++;
      g_string_append_printf (report, "%s %s:%d: expect %s", ok ? "PASS" : "FAIL", e->loc.file,
                              e->loc.line, e->text);
      if (!ok)
        g_string_append_printf (report, ": saw %s", saw->str);
      g_string_append_c (report, '\n');
      g_string_free (saw, TRUE);
    }
  return failed;
}
