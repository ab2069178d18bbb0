/* Reading a TSV trace back as typed events (trace_tsv_read.h).
 *
 * Each row is parsed into a TraceEvent, then worded again with
 * trace_record_fill() and compared column by column with what was read:
 * the wording stays in one place (trace_words.c), a reading that is not
 * exact is an error instead of a silent change, and a trace written,
 * read and written again is the same bytes. */
#include "trace/trace_tsv_read.h"

#include <string.h>

#include "trace/trace_record.h"
#include "trace/trace_words.h"

#define TRACE_READ_ERROR (trace_read_error_quark ())
static G_DEFINE_QUARK (tcpsim-trace-read-error-quark, trace_read_error)

struct TraceTsvReader
{
  char *name;
  const char *text;
  gsize len, at;               /* the next line starts at text[at] */
  guint line;
  int col_of[TRACE_COL_COUNT]; /* the input column of each record column, -1: absent */
  guint ncols;
  char **fields;               /* this row's fields: into line, NULL-terminated */
  GString *row;                /* the row, its tabs made NULs */
  GPtrArray *fieldv;           /* fields' storage */
  gsize *starts;               /* byte offset of each field in the line */
  GError **error;
  gboolean failed;
  GStringChunk *strings;       /* names, labels: few distinct ones */
  TraceRecord rec;
  GString *tmp;
  TraceEvent ev;               /* the event last read, and its segment */
  TcpSegment seg;
};

typedef TraceTsvReader Reader;

static gboolean
fail (Reader *r, guint field, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (Reader *r, guint field, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  gsize col = r->starts != NULL && field < r->ncols ? r->starts[field] + 1 : 1;
  g_set_error (r->error, TRACE_READ_ERROR, 1, "%s:%u:%" G_GSIZE_FORMAT ": error: %s", r->name,
               r->line, col, msg);
  g_free (msg);
  return FALSE;
}

/* The field of a record column in this row; "" when the header lacks it. */
static const char *
field (const Reader *r, TraceColumn c)
{
  return r->col_of[c] >= 0 ? r->fields[r->col_of[c]] : "";
}

static guint
field_index (const Reader *r, TraceColumn c)
{
  return r->col_of[c] >= 0 ? (guint) r->col_of[c] : 0;
}

/* A decimal number without sign, blanks or leading zeros, at most max. */
static gboolean
parse_uint (const char *s, guint64 max, guint64 *out)
{
  if (s[0] == '\0' || (s[0] == '0' && s[1] != '\0'))
    return FALSE;
  guint64 v = 0;
  for (const char *p = s; *p; p++)
    {
      if (*p < '0' || *p > '9')
        return FALSE;
      guint d = (guint) (*p - '0');
      if (v > (max - d) / 10)
        return FALSE;
      v = v * 10 + d;
    }
  *out = v;
  return TRUE;
}

static gboolean
number (Reader *r, TraceColumn c, guint64 max, guint64 *out)
{
  if (r->col_of[c] < 0)
    return fail (r, 0, "a segment row needs the column '%s'", trace_column_names[c]);
  if (!parse_uint (field (r, c), max, out))
    return fail (r, field_index (r, c), "%s: expected a number from 0 to %" G_GUINT64_FORMAT
                 ", found '%s'", trace_column_names[c], max, field (r, c));
  return TRUE;
}

/* Simulated seconds with nine decimals ("1.050000000"). */
static gboolean
parse_time (const char *s, SimTime *out)
{
  const char *dot = strchr (s, '.');
  if (dot == NULL || strlen (dot + 1) != 9)
    return FALSE;
  char *whole = g_strndup (s, (gsize) (dot - s));
  guint64 sec, frac = 0;
  gboolean ok = parse_uint (whole, G_MAXINT64 / SIM_S - 1, &sec);
  g_free (whole);
  for (const char *p = dot + 1; ok && *p; p++)
    {
      ok = *p >= '0' && *p <= '9';
      frac = frac * 10 + (guint64) (*p - '0');
    }
  if (ok)
    *out = (SimTime) sec * SIM_S + (SimTime) frac;
  return ok;
}

/* A duration as sim_time_format_short() words it: "3s", "1.5s", "200ms",
 * "10us", "5ns" (the caller checks by wording it again). */
static gboolean
parse_short (const char *s, SimTime *out)
{
  static const struct { const char *unit; SimTime scale; } units[] = {
    { "ms", SIM_MS }, { "us", SIM_US }, { "ns", 1 }, { "s", SIM_S },
  };
  gsize n = strlen (s);
  for (gsize u = 0; u < G_N_ELEMENTS (units); u++)
    {
      gsize ul = strlen (units[u].unit);
      if (n <= ul || strcmp (s + n - ul, units[u].unit) != 0)
        continue;
      char *num = g_strndup (s, n - ul);
      char *dot = strchr (num, '.');
      gboolean ok = TRUE;
      guint64 whole = 0, frac = 0;
      guint digits = 0;
      if (dot != NULL)
        {
          *dot = '\0';
          ok = units[u].scale == SIM_S && strlen (dot + 1) >= 1 && strlen (dot + 1) <= 9;
          for (const char *p = dot + 1; ok && *p; p++, digits++)
            {
              ok = *p >= '0' && *p <= '9';
              frac = frac * 10 + (guint64) (*p - '0');
            }
        }
      ok = ok && parse_uint (num, (guint64) (G_MAXINT64 / units[u].scale) - 1, &whole);
      g_free (num);
      if (!ok)
        return FALSE;
      for (; digits < 9 && dot != NULL; digits++)
        frac *= 10;
      *out = (SimTime) whole * units[u].scale + (SimTime) frac;
      return TRUE;
    }
  return FALSE;
}

static const char *
intern (Reader *r, const char *s)
{
  return g_string_chunk_insert_const (r->strings, s);
}

/* The detail of a segment option list "mss=1460,sackok,ts=1/2,ws=7",
 * "ts=1/2,sack=100-101". */
static gboolean
parse_opts (const char *s, TcpSegment *seg)
{
  if (s[0] == '\0')
    return TRUE;
  char **parts = g_strsplit (s, ",", -1);
  gboolean ok = TRUE;
  for (guint i = 0; ok && parts[i]; i++)
    {
      const char *p = parts[i];
      guint64 a, b;
      if (g_str_has_prefix (p, "mss=") && parse_uint (p + 4, G_MAXUINT16, &a))
        seg->opts |= TCP_OPT_MSS, seg->mss = (guint16) a;
      else if (strcmp (p, "sackok") == 0)
        seg->opts |= TCP_OPT_SACK_OK;
      else if (g_str_has_prefix (p, "ws=") && parse_uint (p + 3, G_MAXUINT8, &a))
        seg->opts |= TCP_OPT_WSCALE, seg->wscale = (guint8) a;
      else if (g_str_has_prefix (p, "sack=") && strchr (p, '-') != NULL)
        {
          char *val = g_strndup (p + 5, (gsize) (strchr (p, '-') - p - 5));
          ok = parse_uint (val, G_MAXUINT32, &a) && parse_uint (strchr (p, '-') + 1, G_MAXUINT32, &b);
          g_free (val);
          if (ok)
            seg->opts |= TCP_OPT_SACK, seg->sack_start = (guint32) a, seg->sack_end = (guint32) b;
        }
      else if (g_str_has_prefix (p, "ts=") && strchr (p, '/') != NULL)
        {
          char *val = g_strndup (p + 3, (gsize) (strchr (p, '/') - p - 3));
          ok = parse_uint (val, G_MAXUINT32, &a) && parse_uint (strchr (p, '/') + 1, G_MAXUINT32, &b);
          g_free (val);
          if (ok)
            seg->opts |= TCP_OPT_TS, seg->ts_val = (guint32) a, seg->ts_ecr = (guint32) b;
        }
      else
        ok = FALSE;
    }
  g_strfreev (parts);
  return ok;
}

static gboolean
parse_segment (Reader *r, TcpSegment *seg, guint64 conn)
{
  guint64 v;
  if (!net_addr_parse (field (r, TRACE_COL_SRC), &seg->saddr))
    return fail (r, field_index (r, TRACE_COL_SRC), "src: expected an IPv4 address, found '%s'",
                 field (r, TRACE_COL_SRC));
  if (!net_addr_parse (field (r, TRACE_COL_DST), &seg->daddr))
    return fail (r, field_index (r, TRACE_COL_DST), "dst: expected an IPv4 address, found '%s'",
                 field (r, TRACE_COL_DST));
  if (!number (r, TRACE_COL_SPORT, G_MAXUINT16, &v))
    return FALSE;
  seg->sport = (guint16) v;
  if (!number (r, TRACE_COL_DPORT, G_MAXUINT16, &v))
    return FALSE;
  seg->dport = (guint16) v;
  if (!number (r, TRACE_COL_SEQ, G_MAXUINT32, &v))
    return FALSE;
  seg->seq = (guint32) v;
  if (!number (r, TRACE_COL_ACK, G_MAXUINT32, &v))
    return FALSE;
  seg->ack = (guint32) v;
  if (!number (r, TRACE_COL_LEN, G_MAXUINT32, &v))
    return FALSE;
  seg->len = (guint32) v;
  if (!number (r, TRACE_COL_WIN, G_MAXUINT16, &v))
    return FALSE;
  seg->win = (guint16) v;
  static const struct { char c; guint8 bit; } letters[] = {
    { 'S', TCP_FLAG_SYN }, { 'F', TCP_FLAG_FIN }, { 'R', TCP_FLAG_RST },
    { 'P', TCP_FLAG_PSH }, { 'A', TCP_FLAG_ACK },
  };
  for (const char *p = field (r, TRACE_COL_FLAGS); *p; p++)
    {
      gsize i = 0;
      while (i < G_N_ELEMENTS (letters) && letters[i].c != *p)
        i++;
      if (i == G_N_ELEMENTS (letters))
        return fail (r, field_index (r, TRACE_COL_FLAGS), "flags: unknown flag '%c'", *p);
      seg->flags |= letters[i].bit;
    }
  seg->tag.conn = conn;
  const char *why = field (r, TRACE_COL_WHY);
  if (why[0] != '\0')
    {
      guint w = 0;
      while (w < TRACE_WHY_COUNT && strcmp (trace_why_name ((TraceWhy) w), why) != 0)
        w++;
      if (w == TRACE_WHY_COUNT)
        return fail (r, field_index (r, TRACE_COL_WHY), "why: unknown reason '%s'", why);
      seg->tag.why = (guint8) w;
    }
  if (!parse_opts (field (r, TRACE_COL_OPTS), seg))
    return fail (r, field_index (r, TRACE_COL_OPTS), "opts: cannot read '%s'",
                 field (r, TRACE_COL_OPTS));
  /* The ISNs the sender numbers relative to, back from the relative
   * numbers. */
  if (field (r, TRACE_COL_RSEQ)[0] != '\0')
    {
      if (!number (r, TRACE_COL_RSEQ, G_MAXUINT32, &v))
        return FALSE;
      seg->tag.seq_base = seg->seq - (guint32) v;
    }
  if (field (r, TRACE_COL_RACK)[0] != '\0')
    {
      if (!number (r, TRACE_COL_RACK, G_MAXUINT32, &v))
        return FALSE;
      seg->tag.ack_base = seg->ack - (guint32) v;
    }
  const char *rx = field (r, TRACE_COL_REXMIT);
  seg->tag.retransmit = strcmp (rx, "1") == 0;
  if (rx[0] != '\0' && strcmp (rx, "0") != 0 && strcmp (rx, "1") != 0)
    return fail (r, field_index (r, TRACE_COL_REXMIT), "rexmit: expected 0 or 1, found '%s'", rx);
  return TRUE;
}

/* Whether ev, worded, gives detail. */
static gboolean
words_as (const TraceEvent *ev, const char *detail, GString *tmp)
{
  g_string_truncate (tmp, 0);
  trace_words_detail (tmp, ev);
  return strcmp (tmp->str, detail) == 0;
}

/* The first unsigned number in s (0 if none), and the last blank-
 * separated word (a duration, for the fires that have one). */
static void
numbers_of (const char *s, guint *count, SimTime *span)
{
  *count = 0;
  *span = 0;
  const char *p = s;
  while (*p && (*p < '0' || *p > '9'))
    p++;
  guint64 v = 0;
  while (*p >= '0' && *p <= '9' && v < G_MAXUINT)
    v = v * 10 + (guint64) (*p++ - '0');
  *count = v <= G_MAXUINT ? (guint) v : 0;
  const char *last = strrchr (s, ' ');
  parse_short (last ? last + 1 : s, span);
}

static gboolean
parse_call (Reader *r, TraceEvent *ev, const char *detail, GString *tmp)
{
  gsize wl = strcspn (detail, " :");
  guint c = 0;
  while (c < TRACE_CALL_COUNT
         && !(strlen (trace_call_name ((TraceCall) c)) == wl
              && strncmp (trace_call_name ((TraceCall) c), detail, wl) == 0))
    c++;
  if (c == TRACE_CALL_COUNT)
    return FALSE;
  ev->call = (TraceCall) c;
  const char *rest = detail + wl;
  guint64 a = 0, b = 0;
  if (ev->call == TRACE_CALL_CRASH || ev->call == TRACE_CALL_RESTART)
    {
      numbers_of (rest, &ev->count, &ev->span);
      ev->span = 0;
      const char *p = strstr (rest, ", ");
      if (p != NULL)
        numbers_of (p, &ev->count2, &ev->span), ev->span = 0;
      return words_as (ev, detail, tmp);
    }
  if (ev->call == TRACE_CALL_READ && g_str_has_prefix (rest, ": "))
    {
      /* "read: N bytes were waiting" */
      numbers_of (rest, &ev->count, &ev->span);
      ev->span = 0;
      return words_as (ev, detail, tmp);
    }
  /* "ARGS: NAME": the call failed with error NAME. */
  char *args;
  const char *colon = strstr (rest, ": ");
  if (colon != NULL)
    {
      args = g_strndup (rest, (gsize) (colon - rest));
      if (ev->call == TRACE_CALL_ACCEPT && ev->conn == 0 && strcmp (colon + 2, "nothing queued") == 0)
        ;
      else
        {
          ev->error = 1;
          ev->name = intern (r, colon + 2);
        }
    }
  else
    args = g_strdup (rest);
  gboolean ok = FALSE;
  switch (ev->call)
    {
    case TRACE_CALL_LISTEN:
    case TRACE_CALL_ACCEPT:
      ok = args[0] == ' ' && parse_uint (args + 1, G_MAXUINT16, &a);
      ev->port = (guint16) a;
      break;
    case TRACE_CALL_SEND:
      ok = args[0] == ' ' && parse_uint (args + 1, G_MAXUINT, &a);
      ev->count = (guint) a;
      break;
    case TRACE_CALL_SETSOCKOPT:
      /* " user_timeout 3s" (" user_timeout 0": off) */
      ok = g_str_has_prefix (args, " user_timeout ")
           && (strcmp (args + 14, "0") == 0 || parse_short (args + 14, &ev->span));
      break;
    case TRACE_CALL_CONNECT:
      {
        char **w = g_strsplit (args + (args[0] == ' '), " ", -1);
        char *pc = w[0] ? strrchr (w[0], ':') : NULL;
        if (pc != NULL)
          {
            *pc = '\0';
            ok = net_addr_parse (w[0], &ev->addr) && parse_uint (pc + 1, G_MAXUINT16, &a);
            ev->port = (guint16) a;
            if (ok && w[1] != NULL)
              {
                ok = g_strv_length (w) == 4 && strcmp (w[1], "from") == 0
                     && strcmp (w[2], "port") == 0 && parse_uint (w[3], G_MAXUINT16, &b);
                ev->lport = (guint16) b;
              }
          }
        g_strfreev (w);
      }
      break;
    default:
      ok = args[0] == '\0';
      break;
    }
  g_free (args);
  if (ok && words_as (ev, detail, tmp))
    return TRUE;
  /* "CALL LABEL: NAME": a call on a connection the scenario names, where
   * it has no socket. */
  const char *sp = detail + wl;
  colon = strstr (sp, ": ");
  if (sp[0] != ' ' || colon == NULL)
    return FALSE;
  TraceEvent e = { .kind = ev->kind, .time = ev->time, .host = ev->host, .conn = ev->conn,
                   .call = ev->call };
  char *label = g_strndup (sp + 1, (gsize) (colon - sp - 1));
  e.label = intern (r, label);
  g_free (label);
  e.name = intern (r, colon + 2);
  e.error = 1;
  if (!words_as (&e, detail, tmp))
    return FALSE;
  *ev = e;
  return TRUE;
}

/* Reads the detail column into ev's typed fields. */
static gboolean
parse_detail (Reader *r, TraceEvent *ev, const char *event_word, GString *tmp)
{
  const char *d = field (r, TRACE_COL_DETAIL);
  guint di = field_index (r, TRACE_COL_DETAIL);
  switch (ev->kind)
    {
    case TRACE_SEND:
      return d[0] == '\0' || fail (r, di, "detail: a send has none, found '%s'", d);
    case TRACE_RECV:
      ev->arrival = strcmp (d, "late") == 0 ? TRACE_ARRIVAL_LATE
                    : strcmp (d, "dup") == 0 ? TRACE_ARRIVAL_DUP : TRACE_ARRIVAL_NORMAL;
      return words_as (ev, d, tmp) || fail (r, di, "detail: an arrival is empty, 'late' or 'dup', "
                                            "found '%s'", d);
    case TRACE_DROP:
      for (int k = TRACE_DROP_LOSS; k <= TRACE_DROP_QUEUE; k++)
        {
          ev->drop = (TraceDrop) k;
          if (words_as (ev, d, tmp))
            return TRUE;
        }
      return fail (r, di, "detail: a drop is 'loss', 'fault' or 'queue', found '%s'", d);
    case TRACE_STATE:
    case TRACE_ERROR:
      if (d[0] == '\0')
        return fail (r, di, "detail: a %s row names it", event_word);
      ev->name = intern (r, d);
      ev->state = ev->old_state = -1;
      if (ev->kind == TRACE_STATE)
        {
          /* The TcpState value (tcp/tcp.h's order, which trace/ does not
           * include): the overview colours by it. */
          static const char *const states[] = {
            "CLOSED",     "LISTEN",     "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1",
            "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING",  "LAST-ACK",     "TIME-WAIT",
          };
          for (guint k = 0; k < G_N_ELEMENTS (states); k++)
            if (strcmp (d, states[k]) == 0)
              ev->state = (int) k;
        }
      ev->error = ev->kind == TRACE_ERROR;
      return TRUE;
    case TRACE_OUTCOME:
      ev->name = d[0] ? intern (r, d) : NULL;
      ev->error = d[0] != '\0' && strcmp (d, "OK") != 0;
      return TRUE;
    case TRACE_TIMER_ARM:
    case TRACE_TIMER_CANCEL:
      {
        const char *until = strstr (d, " until ");
        if ((ev->kind == TRACE_TIMER_ARM) != (until != NULL))
          return fail (r, di, "detail: cannot read '%s'", d);
        char *name = g_strndup (d, until ? (gsize) (until - d) : strlen (d));
        guint k = 0;
        while (k < TRACE_TIMER_COUNT && strcmp (trace_timer_name ((TraceTimer) k), name) != 0)
          k++;
        g_free (name);
        if (k == TRACE_TIMER_COUNT)
          return fail (r, di, "detail: unknown timer in '%s'", d);
        ev->timer = (TraceTimer) k;
        if (until != NULL && !parse_time (until + 7, &ev->span))
          return fail (r, di, "detail: cannot read the deadline in '%s'", d);
        return TRUE;
      }
    case TRACE_TIMER:
    case TRACE_NOTE:
      {
        guint count;
        SimTime span;
        numbers_of (d, &count, &span);
        if (ev->kind == TRACE_TIMER && g_str_has_prefix (d, "rexmit: user timeout "))
          {
            /* "rexmit: user timeout SPAN reached after N retransmissions" */
            const char *after = strstr (d, " reached after ");
            char *t = after ? g_strndup (d + 21, (gsize) (after - d - 21)) : NULL;
            ev->fire = TRACE_FIRE_USER_TIMEOUT;
            gboolean ok = t != NULL && parse_short (t, &ev->span);
            g_free (t);
            if (ok)
              {
                numbers_of (after, &ev->count, &span);
                if (words_as (ev, d, tmp))
                  return TRUE;
              }
            return fail (r, di, "detail: not a %s tcpsim writes: '%s'", event_word, d);
          }
        /* Try every fire (a SYN's and a SYN-ACK's), then every note
         * (which traces before the "note" word wrote as "timer"). */
        if (ev->kind == TRACE_TIMER)
          for (guint f = 0; f < TRACE_FIRE_COUNT; f++)
            for (int syn = 0; syn < 2; syn++)
              {
                ev->fire = (TraceFire) f;
                ev->syn = syn;
                ev->count = count;
                ev->span = span;
                if (words_as (ev, d, tmp))
                  return TRUE;
              }
        TraceEvent e = *ev;
        e.kind = TRACE_NOTE;
        e.syn = FALSE;
        e.span = 0;
        for (guint n = 0; n < TRACE_NOTE_COUNT; n++)
          {
            e.note = (TraceNote) n;
            e.count = n == TRACE_NOTE_FAST_REXMIT ? count : 0;
            if (words_as (&e, d, tmp))
              {
                *ev = e;
                return TRUE;
              }
          }
        return fail (r, di, "detail: not a %s tcpsim writes: '%s'", event_word, d);
      }
    case TRACE_CALL:
      return parse_call (r, ev, d, tmp) || fail (r, di, "detail: cannot read the call '%s'", d);
    case TRACE_KIND_COUNT:
      break;
    }
  return FALSE;
}

/* Splits the line at its tabs, in place, into r->fields (no allocation
 * per field: a long trace has millions of rows).  Returns the count. */
static guint
split_fields (Reader *r, const char *text, gsize len)
{
  g_string_truncate (r->row, 0);
  g_string_append_len (r->row, text, (gssize) len);
  g_ptr_array_set_size (r->fieldv, 0);
  char *p = r->row->str;
  g_ptr_array_add (r->fieldv, p);
  for (gsize i = 0; i < len; i++)
    if (p[i] == '\t')
      {
        p[i] = '\0';
        g_ptr_array_add (r->fieldv, p + i + 1);
      }
  guint n = r->fieldv->len;
  g_ptr_array_add (r->fieldv, NULL);
  r->fields = (char **) r->fieldv->pdata;
  return n;
}

static gboolean
read_header (Reader *r, const char *line, gsize len)
{
  for (int c = 0; c < TRACE_COL_COUNT; c++)
    r->col_of[c] = -1;
  r->ncols = split_fields (r, line, len);
  r->starts = g_new0 (gsize, r->ncols + 1);
  gsize at = 0;
  for (guint i = 0; i < r->ncols; i++)
    {
      r->starts[i] = at;
      at += strlen (r->fields[i]) + 1;
      for (int c = 0; c < TRACE_COL_COUNT; c++)
        if (strcmp (r->fields[i], trace_column_names[c]) == 0)
          {
            if (r->col_of[c] >= 0)
              return fail (r, i, "the column '%s' appears twice", r->fields[i]);
            r->col_of[c] = (int) i;
          }
    }
  static const TraceColumn needed[] = { TRACE_COL_TIME, TRACE_COL_EVENT, TRACE_COL_HOST,
                                        TRACE_COL_CONN, TRACE_COL_DETAIL };
  for (gsize i = 0; i < G_N_ELEMENTS (needed); i++)
    if (r->col_of[needed[i]] < 0)
      return fail (r, 0, "not a tcpsim trace: the header has no column '%s'",
                   trace_column_names[needed[i]]);
  return TRUE;
}

static gboolean
read_row (Reader *r, const char *line, gsize len)
{
  guint n = split_fields (r, line, len);
  gsize at = 0;
  for (guint i = 0; i < MIN (n, r->ncols); i++)
    {
      r->starts[i] = at;
      at += strlen (r->fields[i]) + 1;
    }
  if (n != r->ncols)
    return fail (r, 0, "expected %u tab-separated fields as in the header, found %u", r->ncols, n);
  TraceEvent ev = { 0 };
  const char *word = field (r, TRACE_COL_EVENT);
  guint k = 0;
  while (k < TRACE_KIND_COUNT && strcmp (trace_record_kind_word ((TraceKind) k), word) != 0)
    k++;
  if (k == TRACE_KIND_COUNT)
    return fail (r, field_index (r, TRACE_COL_EVENT), "unknown event '%s'", word);
  ev.kind = (TraceKind) k;
  if (!parse_time (field (r, TRACE_COL_TIME), &ev.time))
    return fail (r, field_index (r, TRACE_COL_TIME), "time: expected seconds with nine decimals, "
                 "found '%s'", field (r, TRACE_COL_TIME));
  ev.host = intern (r, field (r, TRACE_COL_HOST));
  const char *peer = field (r, TRACE_COL_PEER);
  ev.peer = peer[0] ? intern (r, peer) : NULL;
  guint64 conn = 0;
  if (field (r, TRACE_COL_CONN)[0] != '\0' && !number (r, TRACE_COL_CONN, G_MAXUINT64, &conn))
    return FALSE;
  ev.conn = conn;
  memset (&r->seg, 0, sizeof r->seg);
  if (ev.kind == TRACE_SEND || ev.kind == TRACE_RECV || ev.kind == TRACE_DROP)
    {
      if (!parse_segment (r, &r->seg, conn))
        return FALSE;
      ev.seg = &r->seg;
    }
  if (!parse_detail (r, &ev, word, r->tmp))
    return FALSE;
  /* Worded again, the event must give back the row. */
  trace_record_fill (&r->rec, &ev);
  for (int c = 0; c < TRACE_COL_COUNT; c++)
    {
      if (r->col_of[c] < 0)
        continue;
      const char *got = r->fields[r->col_of[c]];
      /* A note in a trace from before the "note" word says "timer". */
      if (c == TRACE_COL_EVENT && ev.kind == TRACE_NOTE && strcmp (got, "timer") == 0)
        continue;
      if (strcmp (r->rec.col[c]->str, got) != 0)
        return fail (r, (guint) r->col_of[c], "%s: '%s' is not what tcpsim writes for this row "
                     "(it would write '%s')", trace_column_names[c], got, r->rec.col[c]->str);
    }
  r->ev = ev;
  return TRUE;
}

TraceTsvReader *
trace_tsv_reader_new (const char *name, const char *text, gsize len)
{
  Reader *r = g_new0 (Reader, 1);
  r->name = g_strdup (name);
  r->text = text;
  r->len = len;
  r->strings = g_string_chunk_new (1024);
  trace_record_init (&r->rec);
  r->tmp = g_string_new ("");
  r->row = g_string_sized_new (256);
  r->fieldv = g_ptr_array_sized_new (TRACE_COL_COUNT + 1);
  for (int c = 0; c < TRACE_COL_COUNT; c++)
    r->col_of[c] = -1;
  return r;
}

void
trace_tsv_reader_free (TraceTsvReader *r)
{
  if (r == NULL)
    return;
  g_free (r->name);
  g_string_free (r->row, TRUE);
  g_ptr_array_free (r->fieldv, TRUE);
  g_free (r->starts);
  g_string_chunk_free (r->strings);
  trace_record_clear (&r->rec);
  g_string_free (r->tmp, TRUE);
  g_free (r);
}

const TraceEvent *
trace_tsv_reader_next (TraceTsvReader *r, GError **error)
{
  if (r->failed)
    return NULL;
  r->error = error;
  if (r->line == 0)
    {
      const char *nul = memchr (r->text, '\0', r->len);
      if (nul != NULL)
        {
          /* The line of the NUL byte, for the message. */
          for (const char *p = r->text; p < nul; p++)
            r->line += *p == '\n';
          r->line++;
          r->failed = TRUE;
          fail (r, 0, "a NUL byte: not a text file");
          return NULL;
        }
      if (r->len == 0)
        {
          r->line = 1;
          r->failed = TRUE;
          fail (r, 0, "an empty file: not a tcpsim trace");
          return NULL;
        }
    }
  while (r->at < r->len)
    {
      const char *nl = memchr (r->text + r->at, '\n', r->len - r->at);
      gsize end = nl ? (gsize) (nl - r->text) : r->len;
      const char *line = r->text + r->at;
      gsize line_len = end - r->at;
      r->at = end + 1;
      r->line++;
      gboolean ok, got = FALSE;
      if (r->line == 1)
        ok = read_header (r, line, line_len);
      else
        ok = got = read_row (r, line, line_len);
      if (!ok)
        {
          r->failed = TRUE;
          return NULL;
        }
      if (got)
        return &r->ev;
    }
  return NULL;
}

gboolean
trace_tsv_replay (const char *name, const char *text, gsize len, const TraceBus *bus,
                  guint64 *events, GError **error)
{
  Reader *r = trace_tsv_reader_new (name, text, len);
  const TraceEvent *ev;
  GError *err = NULL;
  guint64 n = 0;
  while ((ev = trace_tsv_reader_next (r, &err)) != NULL)
    {
      trace_emit (bus, ev);
      n++;
    }
  trace_tsv_reader_free (r);
  if (events != NULL)
    *events = n;
  if (err != NULL)
    {
      g_propagate_error (error, err);
      return FALSE;
    }
  return TRUE;
}

static gint
compare_addr (gconstpointer a, gconstpointer b, gpointer addrs)
{
  guint64 x = GPOINTER_TO_SIZE (g_hash_table_lookup (addrs, *(const char *const *) a));
  guint64 y = GPOINTER_TO_SIZE (g_hash_table_lookup (addrs, *(const char *const *) b));
  /* Hosts without an address (0) go last; ties keep their order (the
   * sort is stable). */
  x = x ? x : G_MAXUINT64;
  y = y ? y : G_MAXUINT64;
  return x < y ? -1 : x > y;
}

gboolean
trace_tsv_scan (const char *name, const char *text, gsize len, TraceTsvInfo *info, GError **error)
{
  memset (info, 0, sizeof *info);
  GHashTable *addrs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTable *sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *order = g_ptr_array_new ();
  Reader *r = trace_tsv_reader_new (name, text, len);
  const TraceEvent *ev;
  GError *err = NULL;
  while ((ev = trace_tsv_reader_next (r, &err)) != NULL)
    {
      info->events++;
      const char *names[] = { ev->host, ev->peer };
      for (int h = 0; h < 2; h++)
        if (names[h] != NULL && names[h][0] != '\0' && !g_hash_table_contains (addrs, names[h]))
          {
            char *copy = g_strdup (names[h]);
            g_hash_table_insert (addrs, copy, GSIZE_TO_POINTER (0));
            g_ptr_array_add (order, copy);
          }
      if (ev->seg == NULL)
        continue;
      const TcpSegment *s = ev->seg;
      if (ev->kind == TRACE_SEND && GPOINTER_TO_SIZE (g_hash_table_lookup (addrs, ev->host)) == 0)
        g_hash_table_insert (addrs, g_strdup (ev->host), GSIZE_TO_POINTER ((gsize) s->saddr + 1));
      char *key = g_strdup_printf ("%u %u %u %u %u %u %u %u", s->saddr, s->sport, s->daddr,
                                   s->dport, s->seq, s->ack, s->flags, s->len);
      if (ev->kind == TRACE_SEND)
        g_hash_table_insert (sent, key, g_memdup2 (&ev->time, sizeof ev->time));
      else
        {
          const SimTime *at = g_hash_table_lookup (sent, key);
          if (ev->kind == TRACE_RECV && at != NULL && ev->time > *at
              && (info->min_delay == 0 || ev->time - *at < info->min_delay))
            info->min_delay = ev->time - *at;
          /* An arrival ends the segment's flight (a copy the link made
           * arrives later than the shortest anyway). */
          if (ev->kind == TRACE_RECV)
            g_hash_table_remove (sent, key);
          g_free (key);
        }
    }
  trace_tsv_reader_free (r);
  if (err == NULL)
    {
      g_ptr_array_sort_with_data (order, compare_addr, addrs);
      info->hosts = g_new0 (char *, order->len + 1);
      for (guint i = 0; i < order->len; i++)
        info->hosts[i] = g_strdup (order->pdata[i]);
      info->nhosts = order->len;
    }
  g_ptr_array_free (order, TRUE);
  g_hash_table_destroy (addrs);
  g_hash_table_destroy (sent);
  if (err != NULL)
    {
      g_propagate_error (error, err);
      return FALSE;
    }
  return TRUE;
}

void
trace_tsv_info_clear (TraceTsvInfo *info)
{
  g_strfreev (info->hosts);
  info->hosts = NULL;
}
