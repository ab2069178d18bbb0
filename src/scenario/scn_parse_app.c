/* The application's timeline: at (a step at a time), on (a step when a
 * connection event happens), the actions they run (listen, connect, send,
 * shutdown, close, abort, crash, restart, setsockopt), and gen
 * (connection generators). */
#include "scenario/scn_parse_priv.h"

#include <string.h>

static const char *const actions[] = { "listen", "connect", "send", "shutdown", "close", "abort",
                                       "crash", "restart", "setsockopt", "stop-reading", "read" };
/* The options setsockopt takes. */
static const char *const sockopts[] = { "user_timeout" };

/* HOST ACTION ARGS… (after the trigger). */
static gboolean
parse_action (ScnParser *p, ScnCur *c, ScnStep *s)
{
  ScnTok *th = scn_peek (c);
  if (!scn_ref_host (c, &s->host))
    return FALSE;
  ScnTok *ta = scn_peek (c); /* the action's place, for its location */
  gsize k;
  if (!scn_val_choice (c, "an action (listen, connect, send, shutdown, close, abort, setsockopt, "
                       "stop-reading, read)", "action",
                       actions, G_N_ELEMENTS (actions), &k))
    return FALSE;
  s->kind = (ScnActKind) k;
  s->conn = -1;
  s->loc = scn_loc_of (p, ta);
  guint64 v;
  switch (s->kind)
    {
    case SCN_ACT_LISTEN:
      if (!scn_val_uint (c, "a port", 1, 65535, &v))
        return FALSE;
      s->port = (guint16) v;
      if (scn_accept (c, "backlog"))
        {
          if (!scn_val_uint (c, "a backlog", 1, 1000000, &v))
            return FALSE;
          s->backlog = (guint) v;
        }
      return scn_at_end (c);
    case SCN_ACT_CONNECT:
      {
        ScnTok *te = scn_peek (c);
        if (!scn_ref_endpoint (c, &s->peer, &s->port))
          return FALSE;
        if (s->peer == s->host)
          {
            pinvalid (p, te, "a host cannot connect to itself here");
            return FALSE;
          }
        if (scn_accept (c, "from"))
          {
            guint64 lp;
            if (!scn_val_uint (c, "a local port", 1, 65535, &lp))
              return FALSE;
            s->lport = (guint16) lp;
          }
        if (scn_accept (c, "as"))
          {
            ScnTok *tn = scn_next (c, "a connection name");
            if (tn == NULL)
              return FALSE;
            if (!scn_is_name (tn->text))
              {
                perr (p, tn, "'%s' is not a valid name", tn->text);
                return FALSE;
              }
            /* One namespace: "expect HOST CONN …" tells them apart. */
            int other = scn_find_conn (p, tn->text);
            if (other >= 0)
              {
                char w[256];
                const ScnConn *o = &g_array_index (p->scn->conns, ScnConn, other);
                pinvalid (p, tn, "connection '%s' is already declared (%s)", tn->text,
                          scn_where (p, o->loc, w, sizeof w));
                return FALSE;
              }
            if (!scn_name_free_for (p, tn, SCN_NAME_CONN) || !scn_at_end (c))
              return FALSE;
            ScnConn sc = { .name = g_string_chunk_insert (p->scn->strings, tn->text),
                           .host = { s->host, s->peer }, .port = s->port, .loc = scn_loc_of (p, tn) };
            g_array_append_val (p->scn->conns, sc);
            scn_name_add (p, sc.name, SCN_NAME_CONN, p->scn->conns->len - 1);
            s->conn = (int) p->scn->conns->len - 1;
            return TRUE;
          }
        return scn_at_end (c);
      }
    case SCN_ACT_CRASH:
    case SCN_ACT_RESTART:
      return scn_at_end (c);
    case SCN_ACT_SETSOCKOPT:
      {
        /* setsockopt CONN user_timeout T (RFC 5482, Linux TCP_USER_TIMEOUT). */
        int end;
        gsize opt;
        if (!scn_ref_conn (c, &s->conn) || !scn_conn_end (c, th, s->conn, s->host, &end)
            || !scn_val_choice (c, "an option (user_timeout)", "socket option", sockopts,
                                G_N_ELEMENTS (sockopts), &opt)
            || !scn_val_time_in (c, "user_timeout", 0, TCP_PROFILE_TIME_MAX, &s->value))
          return FALSE;
        return scn_at_end (c);
      }
    case SCN_ACT_SEND:
    case SCN_ACT_SHUTDOWN:
    case SCN_ACT_CLOSE:
    case SCN_ACT_ABORT:
    case SCN_ACT_STOP_READING:
    case SCN_ACT_READ:
      {
        int end;
        if (!scn_ref_conn (c, &s->conn) || !scn_conn_end (c, th, s->conn, s->host, &end))
          return FALSE;
        if (s->kind == SCN_ACT_SEND)
          {
            if (!scn_val_bytes (c, "a size", G_MAXUINT32 / 2, &v))
              return FALSE;
            if (v == 0)
              {
                pinvalid (p, &p->toks[c->i - 1], "send needs at least one byte");
                return FALSE;
              }
            s->bytes = (guint32) v;
          }
        return scn_at_end (c);
      }
    case SCN_ACT_INJECT:
      break; /* not an action word: parse_inject() reads it */
    }
  return FALSE;
}

/* A time after `run until` could never happen: say so on the later line
 * of the two (this one, once the run's end is known). */
gboolean
scn_check_before_end (ScnParser *p, ScnTok *t, const char *what, SimTime at)
{
  if (!p->have_until || at <= p->scn->until)
    return TRUE;
  char u[32], w[256];
  sim_time_format_short (p->scn->until, u, sizeof u);
  pinvalid (p, t, "%s is after the end of the run (run until %s, %s)", what, u,
            scn_where (p, p->until_loc, w, sizeof w));
  return FALSE;
}

/* inject A -> B FLAGS [seq N] [ack N] [len N] [win N] [mss N] [wscale N]
 * [sackOK] [ts] [absolute] [on CONN] [ports SPORT DPORT] (after the time):
 * a segment as if A had sent it.  FLAGS are letters S F R P A (or "."
 * for ACK), e.g. RA, S, F. */
static gboolean
parse_inject (ScnParser *p, ScnCur *c, ScnStep *s)
{
  s->kind = SCN_ACT_INJECT;
  s->conn = -1;
  s->loc = scn_loc_of (p, &p->toks[c->i - 1]);
  s->inj.win = 65535;
  if (!scn_ref_host (c, &s->host) || !scn_expect_word (c, "->") || !scn_ref_host (c, &s->peer))
    return FALSE;
  if (s->peer == s->host)
    {
      pinvalid (p, &p->toks[c->i - 1], "a segment from a host to itself");
      return FALSE;
    }
  ScnTok *tf = scn_next (c, "TCP flags (S, SA, A, PA, F, FA, R, RA)");
  if (tf == NULL)
    return FALSE;
  for (const char *f = tf->text; *f != '\0'; f++)
    {
      guint8 bit = *f == 'S' ? TCP_FLAG_SYN : *f == 'F' ? TCP_FLAG_FIN : *f == 'R' ? TCP_FLAG_RST
                   : *f == 'P' ? TCP_FLAG_PSH : (*f == 'A' || *f == '.') ? TCP_FLAG_ACK : 0;
      if (bit == 0)
        {
          perr (p, tf, "unknown TCP flag '%c' in '%s' (S, F, R, P, A or . for ACK)", *f, tf->text);
          return FALSE;
        }
      s->inj.flags |= bit;
    }
  for (;;)
    {
      ScnTok *t = scn_peek (c);
      if (t == NULL)
        return TRUE;
      c->i++;
      guint64 v;
      if (strcmp (t->text, "seq") == 0 || strcmp (t->text, "ack") == 0
          || strcmp (t->text, "len") == 0)
        {
          if (!scn_val_uint (c, t->text, 0, t->text[0] == 'l' ? 65535 : G_MAXUINT32, &v))
            return FALSE;
          guint32 *dst = t->text[0] == 's' ? &s->inj.seq : t->text[0] == 'a' ? &s->inj.ack
                                                                            : &s->inj.len;
          *dst = (guint32) v;
        }
      else if (strcmp (t->text, "win") == 0 || strcmp (t->text, "mss") == 0)
        {
          if (!scn_val_uint (c, t->text, 0, 65535, &v))
            return FALSE;
          if (t->text[0] == 'w')
            s->inj.win = (guint16) v;
          else
            {
              s->inj.mss = (guint16) v;
              s->inj.opts |= TCP_OPT_MSS;
            }
        }
      else if (strcmp (t->text, "wscale") == 0)
        {
          if (!scn_val_uint (c, "wscale", 0, 14, &v))
            return FALSE;
          s->inj.wscale = (guint8) v;
          s->inj.opts |= TCP_OPT_WSCALE;
        }
      else if (strcmp (t->text, "sackOK") == 0)
        s->inj.opts |= TCP_OPT_SACK_OK;
      else if (strcmp (t->text, "absolute") == 0)
        s->inj.absolute = TRUE;
      else if (strcmp (t->text, "on") == 0)
        {
          if (!scn_ref_conn (c, &s->conn))
            return FALSE;
        }
      else if (strcmp (t->text, "ports") == 0)
        {
          guint64 sp, dp;
          if (!scn_val_uint (c, "a source port", 1, 65535, &sp)
              || !scn_val_uint (c, "a destination port", 1, 65535, &dp))
            return FALSE;
          s->inj.sport = (guint16) sp;
          s->inj.dport = (guint16) dp;
          s->inj.has_ports = TRUE;
        }
      else
        {
          perr (p, t, "expected a field of the segment (seq, ack, len, win, mss, wscale, sackOK, "
                "absolute, on CONN, ports SPORT DPORT), found '%s'", t->text);
          return FALSE;
        }
    }
}

void
scn_st_at (ScnParser *p, ScnCur *c)
{
  ScnTok *tt = scn_next (c, "a time");
  if (tt == NULL)
    return;
  ScnStep s = { 0 };
  const char *why;
  gboolean rel = tt->text[0] == '+';
  char hi[32];
  scn_time_str (SCN_TIME_MAX, hi, sizeof hi);
  if (!sim_time_parse (tt->text + (rel ? 1 : 0), &s.at, &why))
    {
      if (strcmp (why, "duration is too large") == 0)
        pinvalid (p, tt, "time %s is out of range (0s to %s)", tt->text, hi);
      else
        perr (p, tt, "bad time '%s': %s", tt->text, why);
      return;
    }
  if (s.at > SCN_TIME_MAX)
    {
      pinvalid (p, tt, "time %s is out of range (0s to %s)", tt->text, hi);
      return;
    }
  if (rel)
    {
      /* Relative steps accumulate: the sum is checked here, where it is
       * made (both terms are at most SCN_TIME_MAX, so it cannot wrap). */
      s.at += p->last_at;
      if (s.at > SCN_TIME_MAX)
        {
          char at[32];
          scn_time_str (s.at, at, sizeof at);
          pinvalid (p, tt, "time %s puts this step at %s, after the largest time (%s)", tt->text, at,
                    hi);
          return;
        }
    }
  else if (s.at < p->last_at)
    {
      char prev[32], w[256];
      sim_time_format_short (p->last_at, prev, sizeof prev);
      pinvalid (p, tt, "time %s is before the previous step's %s (%s): steps go in time order",
                tt->text, prev, scn_where (p, p->last_at_loc, w, sizeof w));
      return;
    }
  if (!scn_check_before_end (p, tt, "this step", s.at))
    return;
  if (scn_accept (c, "inject"))
    {
      if (!parse_inject (p, c, &s))
        return;
    }
  else if (!parse_action (p, c, &s))
    return;
  p->last_at = s.at;
  p->last_at_loc = scn_loc_of (p, tt);
  g_array_append_val (p->scn->steps, s);
}

void
scn_st_on (ScnParser *p, ScnCur *c)
{
  ScnStep s = { .on_event = TRUE };
  if (!scn_ref_conn (c, &s.ev_conn))
    return;
  static const char *const events[] = { "established", "received", "eof", "error", "closed",
                                        "refused", "reset", "timeout" };
  gsize k;
  if (!scn_val_choice (c, "an event (established, received N, eof, error, closed)", "event", events,
                       G_N_ELEMENTS (events), &k))
    return;
  guint64 v;
  switch (k)
    {
    case 0: s.ev = SCN_EV_ESTABLISHED; break;
    case 1:
      s.ev = SCN_EV_RECEIVED;
      if (!scn_val_bytes (c, "a size", G_MAXUINT32, &v))
        return;
      if (v == 0)
        {
          pinvalid (p, &p->toks[c->i - 1], "'received' needs at least one byte");
          return;
        }
      s.ev_bytes = (guint32) v;
      break;
    case 2: s.ev = SCN_EV_EOF; break;
    case 3: s.ev = SCN_EV_ERROR; break;
    case 4: s.ev = SCN_EV_CLOSED; break;
    case 5: s.ev = SCN_EV_ERROR; s.ev_error = TCP_ECONNREFUSED; break;
    case 6: s.ev = SCN_EV_ERROR; s.ev_error = TCP_ECONNRESET; break;
    case 7: s.ev = SCN_EV_ERROR; s.ev_error = TCP_ETIMEDOUT; break;
    }
  ScnTok *th = scn_peek (c);
  if (!parse_action (p, c, &s))
    return;
  int end;
  if (!scn_conn_end (c, th, s.ev_conn, s.host, &end))
    return;
  g_array_append_val (p->scn->steps, s);
}

/* ---- generator --------------------------------------------------------------- */

/* closer client|server: who closes first. */
static gboolean
gen_closer (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj)
{
  (void) s;
  (void) key;
  ScnTok *tw = scn_next (c, "client or server");
  if (tw == NULL)
    return FALSE;
  AppCloser *closer = &((ScnGen *) obj)->closer;
  if (strcmp (tw->text, "client") == 0)
    *closer = APP_CLOSER_CLIENT;
  else if (strcmp (tw->text, "server") == 0)
    *closer = APP_CLOSER_SERVER;
  else
    {
      perr (c->p, tw, "expected 'client' or 'server' (who closes first), found '%s'", tw->text);
      return FALSE;
    }
  return TRUE;
}

#define GEN(f) G_STRUCT_OFFSET (ScnGen, f)
static const ScnSetting gen_settings[] = {
  { "count", scn_set_uint, GEN (count), "a count", 1, 100000000 },
  { "interval", scn_set_time, GEN (interval), "an interval", 0, 0 },
  { "poisson", scn_set_flag, GEN (poisson), NULL, 0, 0 },
  { "start", scn_set_time, GEN (start), "a start time", 0, 0 },
  { "request", scn_set_bytes, GEN (request), "a request size", 0, G_MAXUINT32 / 2 },
  { "response", scn_set_bytes, GEN (response), "a response size", 0, G_MAXUINT32 / 2 },
  { "requests", scn_set_uint, GEN (requests), "a number of requests", 1, 1000000 },
  { "think", scn_set_time, GEN (think), "a think time", 0, 0 },
  { "closer", gen_closer, 0, NULL, 0, 0 },
};

void
scn_st_gen (ScnParser *p, ScnCur *c)
{
  ScnTok *tn = scn_next (c, "a generator name");
  if (tn == NULL)
    return;
  if (!scn_is_name (tn->text))
    {
      perr (p, tn, "'%s' is not a valid name", tn->text);
      return;
    }
  int dup = scn_find_gen (p, tn->text);
  if (dup >= 0)
    {
      char w[256];
      pinvalid (p, tn, "generator '%s' is declared twice (first on %s)", tn->text,
                scn_where (p, g_array_index (p->scn->gens, ScnGen, dup).loc, w, sizeof w));
      return;
    }
  if (!scn_name_free_for (p, tn, SCN_NAME_GEN))
    return;
  ScnGen g = { .count = 1, .interval = SIM_MS, .request = 100, .response = 100, .requests = 1,
               .closer = APP_CLOSER_SERVER, .loc = scn_loc_of (p, tn) };
  /* CLIENT or CLIENT,CLIENT,… : connections start from each in turn. */
  ScnTok *tc = scn_next (c, "a client host (or several, separated by commas)");
  if (tc == NULL)
    return;
  char **names = g_strsplit (tc->text, ",", -1);
  gboolean ok = TRUE;
  int col = tc->col;
  for (char **nm = names; *nm && ok; col += (int) strlen (*nm) + 1, nm++)
    {
      ScnTok at = { *nm, col };
      int h = scn_find_host (p, *nm);
      if (h < 0)
        {
          scn_err_unknown_host (p, &at, *nm);
          ok = FALSE;
        }
      else if (g.nclients == SCN_GEN_MAX_CLIENTS)
        {
          pinvalid (p, &at, "a generator takes at most %d client hosts", SCN_GEN_MAX_CLIENTS);
          ok = FALSE;
        }
      else
        g.clients[g.nclients++] = h;
    }
  g_strfreev (names);
  if (!ok || !scn_expect_word (c, "->"))
    return;
  ScnTok *te = scn_peek (c);
  if (!scn_ref_endpoint (c, &g.server, &g.port))
    return;
  for (guint i = 0; i < g.nclients; i++)
    if (g.clients[i] == g.server)
      {
        pinvalid (p, te, "a generator's clients and server must be different hosts");
        return;
      }
  guint first_setting = c->i;
  if (!scn_parse_settings (c, "generator setting", gen_settings, G_N_ELEMENTS (gen_settings), &g))
    return;
  /* The settings that place the connections in time, for the checks
   * below: the value of the last of count, interval and start on the line. */
  ScnTok *tlast = tn;
  for (guint i = first_setting; i + 1 < p->ntoks; i++)
    if (strcmp (p->toks[i].text, "count") == 0 || strcmp (p->toks[i].text, "interval") == 0
        || strcmp (p->toks[i].text, "start") == 0)
      tlast = &p->toks[i + 1];
  if (g.poisson && g.interval == 0)
    {
      pinvalid (p, tn, "Poisson arrivals need a mean interval above 0");
      return;
    }
  /* Connections at one instant: a zero interval would start all of them
   * without the clock moving (up to 10^8, beyond the run's guard against
   * a clock that stands still); a burst is written with 1ns. */
  if (g.interval == 0 && g.count > 1)
    {
      pinvalid (p, tlast, "a generator of %u connections needs an interval above 0 (for a burst, "
                "write 'interval 1ns')", g.count);
      return;
    }
  /* The last start, start + (count - 1) * interval, checked without
   * overflow (count <= 10^8 and interval <= 10^16 ns could reach 10^24). */
  if (g.count > 1 && g.interval > (SCN_TIME_MAX - g.start) / (SimTime) (g.count - 1))
    {
      char hi[32];
      scn_time_str (SCN_TIME_MAX, hi, sizeof hi);
      pinvalid (p, tlast, "the generator's last connection would start after the largest time (%s): "
                "start + (count - 1) * interval is too large", hi);
      return;
    }
  if (g.request == 0)
    {
      pinvalid (p, tn, "a generator's request must be at least one byte");
      return;
    }
  g.name = g_string_chunk_insert (p->scn->strings, tn->text);
  g_array_append_val (p->scn->gens, g);
  scn_name_add (p, g.name, SCN_NAME_GEN, p->scn->gens->len - 1);
}
