/* Expectations and the end of the run: expect (states, errors, segment
 * counts and times, generator statistics) and run until, with the
 * comparison operators they use. */
#include "scenario/scn_parse_priv.h"

#include <string.h>

#include "trace/trace_words.h"

/* In ScnOp order. */
static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };

static gboolean
parse_op (ScnCur *c, ScnOp *op)
{
  ScnTok *t = scn_next (c, "a comparison (==, !=, <, <=, >, >=)");
  if (t == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (ops); i++)
    if (strcmp (t->text, ops[i]) == 0)
      {
        *op = (ScnOp) i;
        return TRUE;
      }
  perr (c->p, t, "expected a comparison (==, !=, <, <=, >, >=), found '%s'", t->text);
  return FALSE;
}

/* "at T [± TOL]", "at T late TOL" (T to T + TOL) or "by T" */
static gboolean
parse_when (ScnParser *p, ScnCur *c, ScnExpect *e, gboolean allow_by)
{
  ScnTok *t = scn_next (c, allow_by ? "'at' or 'by'" : "'at'");
  if (t == NULL)
    return FALSE;
  if (allow_by && strcmp (t->text, "by") == 0)
    e->by = TRUE;
  else if (strcmp (t->text, "at") != 0)
    {
      perr (p, t, "expected %s, found '%s'", allow_by ? "'at' or 'by'" : "'at'", t->text);
      return FALSE;
    }
  if (!scn_val_time (c, "a time", &e->at)
      || !scn_check_before_end (p, &p->toks[c->i - 1], "this expectation's time", e->at))
    return FALSE;
  e->timed = TRUE;
  ScnTok *tp = scn_peek (c);
  gboolean late = tp != NULL && strcmp (tp->text, "late") == 0;
  if (tp != NULL && (late || strcmp (tp->text, "±") == 0 || strcmp (tp->text, "+-") == 0))
    {
      c->i++;
      if (e->by)
        {
          perr (p, tp, "'by' takes no tolerance (for a window, write 'at TIME ± TOLERANCE')");
          return FALSE;
        }
      e->late = late;
      if (!scn_val_time (c, "a tolerance", &e->tol))
        return FALSE;
      /* The window's end, checked where it is made. */
      if (e->tol > SCN_TIME_MAX - e->at)
        {
          char hi[32];
          scn_time_str (SCN_TIME_MAX, hi, sizeof hi);
          pinvalid (p, &p->toks[c->i - 1], "the window %s %s %s ends after the largest time (%s)",
                    p->toks[c->i - 3].text, p->toks[c->i - 2].text, p->toks[c->i - 1].text, hi);
          return FALSE;
        }
    }
  return TRUE;
}

/* The header fields an NTH expectation may give after its ordinal:
 * seq N, ack N, win N, len N, absolute, and options mss N, wscale N,
 * sackOK, ts, no-options. */
static gboolean
parse_fields (ScnParser *p, ScnCur *c, ScnExpect *e)
{
  for (;;)
    {
      ScnTok *t = scn_peek (c);
      if (t == NULL || strcmp (t->text, "at") == 0)
        return TRUE;
      static const char *const nums[] = { "seq", "ack", "win", "len", "mss", "wscale" };
      gsize k = G_N_ELEMENTS (nums);
      for (gsize i = 0; i < G_N_ELEMENTS (nums); i++)
        if (strcmp (t->text, nums[i]) == 0)
          k = i;
      c->i++;
      if (k < G_N_ELEMENTS (nums))
        {
          static const guint64 max[] = { G_MAXUINT32, G_MAXUINT32, 65535, G_MAXUINT32, 65535, 14 };
          guint64 v;
          if (!scn_val_uint (c, nums[k], 0, max[k], &v))
            return FALSE;
          switch (k)
            {
            case 0: e->has_seq = TRUE; e->seq = (guint32) v; break;
            case 1: e->has_ack = TRUE; e->ack = (guint32) v; break;
            case 2: e->has_win = TRUE; e->win = (guint32) v; break;
            case 3: e->has_len = TRUE; e->len = (guint32) v; break;
            case 4: e->want_opts |= TCP_OPT_MSS; e->mss = (guint16) v; break;
            default: e->want_opts |= TCP_OPT_WSCALE; e->wscale = (guint8) v; break;
            }
        }
      else if (strcmp (t->text, "absolute") == 0)
        e->absolute = TRUE;
      else if (strcmp (t->text, "sackOK") == 0)
        e->want_opts |= TCP_OPT_SACK_OK;
      else if (strcmp (t->text, "ts") == 0)
        e->want_opts |= TCP_OPT_TS;
      else if (strcmp (t->text, "no-options") == 0)
        e->no_opts = 0xff;
      else
        {
          perr (p, t, "expected a header field (seq, ack, win, len, mss, wscale, sackOK, ts, "
                "no-options, absolute) or 'at', found '%s'", t->text);
          return FALSE;
        }
    }
}

void
scn_st_expect (ScnParser *p, ScnCur *c)
{
  ScnExpect e = { .conn = -1, .loc = scn_loc_of (p, &p->toks[0]) };
  GString *text = g_string_new ("");
  for (guint i = 1; i < p->ntoks; i++)
    g_string_append_printf (text, "%s%s", i > 1 ? " " : "", p->toks[i].text);
  e.text = g_string_chunk_insert (p->scn->strings, text->str);
  g_string_free (text, TRUE);

  if (scn_accept (c, "gen"))
    {
      /* gen NAME STAT [AGG] OP VALUE */
      e.kind = SCN_EXP_GEN;
      ScnTok *tg = scn_next (c, "a generator name");
      if (tg == NULL)
        return;
      e.gen = scn_find_gen (p, tg->text);
      if (e.gen < 0 && scn_is_unusable (p, tg->text))
        return;
      if (e.gen < 0)
        {
          pinvalid (p, tg, "unknown generator '%s' (declare it with 'gen' on an earlier line)",
                    tg->text);
          return;
        }
      static const char *const stats[] = { "started", "established", "completed", "failed",
                                           "incomplete", "handshake", "lifetime" };
      gsize k;
      if (!scn_val_choice (c, "a statistic (started, established, completed, failed, incomplete, "
                           "handshake, lifetime)", "statistic", stats, G_N_ELEMENTS (stats), &k))
        return;
      e.stat = (AppStat) k;
      gboolean duration = e.stat == APP_STAT_HANDSHAKE || e.stat == APP_STAT_LIFETIME;
      if (duration)
        {
          static const char *const aggs[] = { "mean", "p50", "p90", "p99", "min", "max" };
          if (!scn_val_choice (c, "mean, p50, p90, p99, min or max", "aggregate", aggs,
                               G_N_ELEMENTS (aggs), &k))
            return;
          e.agg = (AppAgg) k;
        }
      if (!parse_op (c, &e.op))
        return;
      if (duration)
        {
          if (!scn_val_time (c, "a duration", &e.at))
            return;
        }
      else if (!scn_val_uint (c, "a count", 0, G_MAXUINT32, &e.n))
        return;
      if (!scn_at_end (c))
        return;
      g_array_append_val (p->scn->expects, e);
      return;
    }

  if (scn_accept (c, "count"))
    {
      e.kind = SCN_EXP_COUNT;
      if (!scn_ref_host (c, &e.src) || !scn_expect_word (c, "->") || !scn_ref_host (c, &e.dst))
        return;
      if (!scn_val_seg_class (c, "a segment class", &e.cls))
        return;
      if (!parse_op (c, &e.op) || !scn_val_uint (c, "a count", 0, G_MAXUINT32, &e.n) || !scn_at_end (c))
        return;
      g_array_append_val (p->scn->expects, e);
      return;
    }

  /* [HOST] CONN … : the end defaults to the connecting host's. */
  ScnTok *t1 = scn_peek (c);
  if (t1 == NULL)
    {
      perr (p, scn_end_tok (p), "expected what to expect: a connection or 'count'");
      return;
    }
  int host = scn_find_host (p, t1->text);
  if (host >= 0)
    c->i++;
  ScnTok *tarrow = scn_peek (c);
  if (host >= 0 && tarrow != NULL && strcmp (tarrow->text, "final") == 0)
    {
      /* HOST final STATE OP N: connections HOST holds in STATE at the end. */
      c->i++;
      e.kind = SCN_EXP_FINAL;
      e.src = host;
      ScnTok *ts = scn_next (c, "a state name");
      if (ts == NULL)
        return;
      if (!tcp_state_parse (ts->text, &e.state) || e.state == TCP_STATE_CLOSED
          || e.state == TCP_STATE_LISTEN)
        {
          const char *names[TCP_STATE_COUNT - 2];
          for (int i = 2; i < TCP_STATE_COUNT; i++)
            names[i - 2] = tcp_state_name ((TcpState) i);
          scn_err_unknown (p, ts, "connection state", names, TCP_STATE_COUNT - 2);
          return;
        }
      if (!parse_op (c, &e.op) || !scn_val_uint (c, "a count", 0, G_MAXUINT32, &e.n) || !scn_at_end (c))
        return;
      g_array_append_val (p->scn->expects, e);
      return;
    }
  if (host >= 0 && tarrow != NULL && strcmp (tarrow->text, "->") == 0)
    {
      /* HOST -> HOST CLASS #N at T [± TOL]: when the n-th segment of a
       * class was sent on that direction. */
      c->i++;
      e.kind = SCN_EXP_NTH;
      e.src = host;
      if (!scn_ref_host (c, &e.dst))
        return;
      if (!scn_val_seg_class (c, "a segment class", &e.cls))
        return;
      ScnTok *tn = scn_next (c, "an ordinal such as #1");
      if (tn == NULL)
        return;
      guint64 nth;
      const char *num = tn->text + 1;
      if (tn->text[0] != '#' || num[0] == '\0' || strspn (num, "0123456789") != strlen (num))
        {
          perr (p, tn, "expected an ordinal such as #1, found '%s'", tn->text);
          return;
        }
      if (!scn_parse_u64 (num, G_MAXUINT32, &nth) || nth == 0)
        {
          pinvalid (p, tn, "ordinal %s is out of range (#1 to #%u)", tn->text, G_MAXUINT32);
          return;
        }
      e.n = nth;
      if (!parse_fields (p, c, &e))
        return;
      ScnTok *ta = scn_peek (c);
      if (ta != NULL || !(e.has_seq || e.has_ack || e.has_win || e.has_len || e.want_opts
                          || e.no_opts))
        if (!parse_when (p, c, &e, FALSE))
          return;
      if (!scn_at_end (c))
        return;
      g_array_append_val (p->scn->expects, e);
      return;
    }
  if (host >= 0 && tarrow != NULL && g_ascii_isdigit (tarrow->text[0]))
    {
      /* HOST PORT state LISTEN|CLOSED [at T]: whether HOST listens on PORT. */
      e.kind = SCN_EXP_LISTEN;
      e.src = host;
      guint64 port;
      if (!scn_val_uint (c, "a port", 1, 65535, &port) || !scn_expect_word (c, "state"))
        return;
      e.port = (guint16) port;
      ScnTok *ts = scn_next (c, "LISTEN or CLOSED");
      if (ts == NULL)
        return;
      if (!tcp_state_parse (ts->text, &e.state)
          || (e.state != TCP_STATE_LISTEN && e.state != TCP_STATE_CLOSED))
        {
          static const char *const names[] = { "LISTEN", "CLOSED" };
          scn_err_unknown (p, ts, "listener state", names, G_N_ELEMENTS (names));
          return;
        }
      if (scn_peek (c) != NULL && !parse_when (p, c, &e, FALSE))
        return;
      if (!scn_at_end (c))
        return;
      g_array_append_val (p->scn->expects, e);
      return;
    }
  if (!scn_ref_conn (c, &e.conn))
    return;
  if (host >= 0)
    {
      if (!scn_conn_end (c, t1, e.conn, host, &e.end))
        return;
    }
  else
    e.end = 0;

  ScnTok *tw = scn_next (c, "a state, 'state', 'error' or 'no-error'");
  if (tw == NULL)
    return;
  if (strcmp (tw->text, "call") == 0)
    {
      /* [HOST] CONN call NAME ==|!= RESULT: what a call on the end returned. */
      e.kind = SCN_EXP_CALL;
      ScnTok *tn = scn_next (c, "a call name (connect, send, shutdown, close, …)");
      if (tn == NULL)
        return;
      e.call = -1;
      for (int k = 0; k < TRACE_CALL_COUNT; k++)
        if (strcmp (trace_call_name ((TraceCall) k), tn->text) == 0)
          e.call = k;
      if (e.call < 0)
        {
          const char *names[TRACE_CALL_COUNT];
          for (int k = 0; k < TRACE_CALL_COUNT; k++)
            names[k] = trace_call_name ((TraceCall) k);
          scn_err_unknown (p, tn, "call", names, TRACE_CALL_COUNT);
          return;
        }
      if (!parse_op (c, &e.op))
        return;
      if (e.op != SCN_OP_EQ && e.op != SCN_OP_NE)
        {
          perr (p, &p->toks[c->i - 1], "a call's result is compared with == or !=");
          return;
        }
      ScnTok *tr = scn_next (c, "OK or an error name (EPIPE, ECONNRESET, …)");
      if (tr == NULL)
        return;
      if (strcmp (tr->text, "OK") == 0)
        e.error = TCP_OK;
      else if (!tcp_error_parse (tr->text, &e.error))
        {
          const char *names[TCP_ERROR_COUNT];
          names[0] = "OK";
          for (int k = 1; k < TCP_ERROR_COUNT; k++)
            names[k] = tcp_error_name ((TcpError) k);
          scn_err_unknown (p, tr, "result", names, TCP_ERROR_COUNT);
          return;
        }
    }
  else if (strcmp (tw->text, "error") == 0)
    {
      e.kind = SCN_EXP_ERROR;
      ScnTok *te = scn_next (c, "an error name (ETIMEDOUT, ECONNREFUSED, ECONNRESET)");
      if (te == NULL)
        return;
      if (!tcp_error_parse (te->text, &e.error))
        {
          static const char *const errs[] = { "ETIMEDOUT", "ECONNREFUSED", "ECONNRESET" };
          scn_err_unknown (p, te, "error", errs, G_N_ELEMENTS (errs));
          return;
        }
      if (scn_peek (c) != NULL && !parse_when (p, c, &e, FALSE))
        return;
    }
  else if (strcmp (tw->text, "no-error") == 0)
    e.kind = SCN_EXP_NO_ERROR;
  else
    {
      e.kind = SCN_EXP_ENTERED;
      ScnTok *ts = tw;
      if (strcmp (tw->text, "state") == 0)
        {
          e.kind = SCN_EXP_IN_STATE;
          ts = scn_next (c, "a state name");
          if (ts == NULL)
            return;
        }
      if (!tcp_state_parse (ts->text, &e.state))
        {
          const char *names[TCP_STATE_COUNT];
          for (int i = 0; i < TCP_STATE_COUNT; i++)
            names[i] = tcp_state_name ((TcpState) i);
          scn_err_unknown (p, ts, "state", names, TCP_STATE_COUNT);
          return;
        }
      if (!parse_when (p, c, &e, e.kind == SCN_EXP_ENTERED))
        return;
    }
  if (!scn_at_end (c))
    return;
  g_array_append_val (p->scn->expects, e);
}

void
scn_st_run (ScnParser *p, ScnCur *c)
{
  if (!scn_expect_word (c, "until"))
    return;
  SimTime t;
  if (!scn_val_time (c, "a time", &t) || !scn_at_end (c))
    return;
  ScnTok *tt = &p->toks[2];
  char w[256], at[32];
  if (p->have_until)
    {
      pinvalid (p, &p->toks[0], "'run until' is given twice (first on %s)",
                scn_where (p, p->until_loc, w, sizeof w));
      return;
    }
  /* Steps go in time order, so the last timed one is the latest. */
  if (p->last_at > t)
    {
      sim_time_format_short (p->last_at, at, sizeof at);
      pinvalid (p, tt, "the run ends at %s, before the step at %s (%s)", tt->text, at,
                scn_where (p, p->last_at_loc, w, sizeof w));
      return;
    }
  for (guint i = 0; i < p->scn->expects->len; i++)
    {
      const ScnExpect *e = &g_array_index (p->scn->expects, ScnExpect, i);
      if (e->timed && e->at > t)
        {
          sim_time_format_short (e->at, at, sizeof at);
          pinvalid (p, tt, "the run ends at %s, before the expectation at %s (%s)", tt->text, at,
                    scn_where (p, e->loc, w, sizeof w));
          return;
        }
    }
  p->have_until = TRUE;
  p->until_loc = scn_loc_of (p, &p->toks[0]);
  p->scn->until = t;
}

/* ---- comparisons ------------------------------------------------------------ */

const char *
scn_op_str (ScnOp op)
{
  return ops[op];
}

gboolean
scn_op_holds_time (ScnOp op, SimTime a, SimTime b)
{
  /* Durations are never negative: compare them as counts. */
  return scn_op_holds (op, (guint64) MAX (a, 0), (guint64) MAX (b, 0));
}

gboolean
scn_op_holds (ScnOp op, guint64 a, guint64 b)
{
  switch (op)
    {
    case SCN_OP_EQ: return a == b;
    case SCN_OP_NE: return a != b;
    case SCN_OP_LT: return a < b;
    case SCN_OP_LE: return a <= b;
    case SCN_OP_GT: return a > b;
    case SCN_OP_GE: return a >= b;
    }
  return FALSE;
}
