/* The packetdrill grammar over pd_lex's tokens.  See pd_parse.h.
 *
 *   script  := event*
 *   event   := time (syscall | ('<' | '>') segment | SHELL)
 *   time    := ('+'? NUMBER | '*') ('~' '+'? NUMBER | '...' '+'? NUMBER)?
 *   syscall := WORD '(' [expr (',' expr)*] ')' '=' expr [WORD] ['(' text ')']
 *   segment := FLAGS NUMBER ':' NUMBER '(' NUMBER ')' ('ack' N | 'win' N)* ['<' options '>']
 *   expr    := primary ('|' primary)*
 *   primary := '...' | '-'? NUMBER | STRING | WORD ['(' exprs ')']
 *            | '[' [expr (',' expr)*] ']' | '{' [field (',' field)*] '}'
 *   field   := WORD '=' expr | '...'
 */
#include "pd/pd_parse.h"

#include <errno.h>
#include <string.h>

#include "pd/pd_lex.h"

typedef struct
{
  const char *file;
  PdLex lex;
  guint i;         /* the next token */
  guint depth;     /* expression nesting */
  GError **error;
} Parser;

static const PdTok *
peek (Parser *ps)
{
  return &g_array_index (ps->lex.toks, PdTok, ps->i);
}

static const PdTok *
next (Parser *ps)
{
  const PdTok *t = peek (ps);
  if (t->kind != PD_TOK_END)
    ps->i++;
  return t;
}

static gboolean
is_punct (const PdTok *t, char c)
{
  return t->kind == PD_TOK_PUNCT && t->punct == c;
}

static gboolean
is_word (const PdTok *t, const char *w)
{
  return t->kind == PD_TOK_WORD && strcmp (t->text, w) == 0;
}

/* How a token reads in a message. */
static char *
tok_desc (const PdTok *t)
{
  switch (t->kind)
    {
    case PD_TOK_END:
      return g_strdup ("the end of the script");
    case PD_TOK_ELLIPSIS:
      return g_strdup ("'...'");
    case PD_TOK_PYTHON:
      return g_strdup ("a %{ }% block");
    default:
      return g_strdup_printf ("'%.*s'", (int) MIN (t->len, 40), t->p);
    }
}

static gboolean
fail (Parser *ps, const PdTok *t, const char *what)
{
  g_autofree char *d = tok_desc (t);
  pd_error_at (ps->error, ps->file, t->pos, "expected %s, found %s", what, d);
  return FALSE;
}

static gboolean
expect_punct (Parser *ps, char c, const char *what)
{
  const PdTok *t = peek (ps);
  if (!is_punct (t, c))
    return fail (ps, t, what);
  next (ps);
  return TRUE;
}

/* An unsigned decimal or hexadecimal integer token up to MAX. */
static gboolean
number_u (Parser *ps, const PdTok *t, guint64 max, guint64 *out, const char *what)
{
  if (t->kind != PD_TOK_NUMBER || strchr (t->text, '.') != NULL)
    return fail (ps, t, what);
  guint64 v = 0;
  GError *e = NULL;
  gboolean hex = t->text[0] == '0' && (t->text[1] == 'x' || t->text[1] == 'X');
  if (!g_ascii_string_to_unsigned (hex ? t->text + 2 : t->text, hex ? 16 : 10, 0, max, &v, &e))
    {
      pd_error_at (ps->error, ps->file, t->pos, "%s %s is out of range (0 to %" G_GUINT64_FORMAT ")",
                   what, t->text, max);
      g_clear_error (&e);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
u32 (Parser *ps, guint32 *out, const char *what)
{
  guint64 v;
  if (!number_u (ps, peek (ps), G_MAXUINT32, &v, what))
    return FALSE;
  next (ps);
  *out = (guint32) v;
  return TRUE;
}

/* Seconds with up to nine decimals, as exact nanoseconds.  Scripts'
 * times are at most 10^7 s, as a scenario's are. */
#define PD_TIME_MAX ((SimTime) 10000000 * SIM_S)

static gboolean
seconds (Parser *ps, const PdTok *t, SimTime *out)
{
  if (t->kind != PD_TOK_NUMBER || t->text[1] == 'x' || t->text[1] == 'X')
    return fail (ps, t, "a time in seconds");
  const char *s = t->text;
  const char *dot = strchr (s, '.');
  gsize ilen = dot != NULL ? (gsize) (dot - s) : strlen (s);
  if (ilen > 8)
    goto range;
  SimTime v = 0;
  for (gsize k = 0; k < ilen; k++)
    v = v * 10 + (s[k] - '0');
  v *= SIM_S;
  if (dot != NULL)
    {
      SimTime scale = SIM_S / 10;
      for (const char *f = dot + 1; *f != '\0'; f++)
        {
          if (scale == 0)
            {
              pd_error_at (ps->error, ps->file, t->pos,
                           "time %s has more than nine decimals", s);
              return FALSE;
            }
          v += (*f - '0') * scale;
          scale /= 10;
        }
    }
  if (v > PD_TIME_MAX)
    goto range;
  *out = v;
  return TRUE;
range:
  pd_error_at (ps->error, ps->file, t->pos, "time %s is out of range (0 to 10000000 s)", s);
  return FALSE;
}

/* '+'? NUMBER */
static gboolean
time_point (Parser *ps, PdTimeKind *kind, SimTime *t)
{
  *kind = PD_TIME_ABSOLUTE;
  if (is_punct (peek (ps), '+'))
    {
      next (ps);
      *kind = PD_TIME_RELATIVE;
    }
  if (!seconds (ps, peek (ps), t))
    return FALSE;
  next (ps);
  return TRUE;
}

static gboolean
parse_time (Parser *ps, PdTime *time)
{
  memset (time, 0, sizeof *time);
  if (is_punct (peek (ps), '*'))
    {
      next (ps);
      time->kind = PD_TIME_ANY;
      return TRUE;
    }
  if (!time_point (ps, &time->kind, &time->t))
    return FALSE;
  if (is_punct (peek (ps), '~'))
    {
      next (ps);
      time->has_range = TRUE;
      return time_point (ps, &time->end_kind, &time->end);
    }
  if (peek (ps)->kind == PD_TOK_ELLIPSIS)
    {
      next (ps);
      time->blocking = TRUE;
      return time_point (ps, &time->end_kind, &time->end);
    }
  return TRUE;
}

static PdExpr *
expr_new (PdExprKind kind, PdPos pos)
{
  PdExpr *e = g_new0 (PdExpr, 1);
  e->kind = kind;
  e->pos = pos;
  return e;
}

static GPtrArray *
items_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) pd_expr_free);
}

static PdExpr *parse_expr (Parser *ps);

/* Items separated by ',' up to CLOSE (already past the opening one). */
static gboolean
parse_list (Parser *ps, GPtrArray *items, char close, gboolean fields)
{
  if (is_punct (peek (ps), close))
    {
      next (ps);
      return TRUE;
    }
  for (;;)
    {
      PdExpr *e;
      const PdTok *t = peek (ps);
      if (fields && t->kind == PD_TOK_WORD && is_punct (&g_array_index (ps->lex.toks, PdTok, ps->i + 1), '='))
        {
          next (ps);
          next (ps);
          e = expr_new (PD_EXPR_FIELD, t->pos);
          e->name = g_strdup (t->text);
          e->items = items_new ();
          PdExpr *v = parse_expr (ps);
          if (v == NULL)
            {
              pd_expr_free (e);
              return FALSE;
            }
          g_ptr_array_add (e->items, v);
        }
      else if (fields && t->kind != PD_TOK_ELLIPSIS)
        return fail (ps, t, "a field (NAME=VALUE) or '...'");
      else
        e = parse_expr (ps);
      if (e == NULL)
        return FALSE;
      g_ptr_array_add (items, e);
      t = peek (ps);
      if (is_punct (t, close))
        {
          next (ps);
          return TRUE;
        }
      if (!is_punct (t, ','))
        {
          char what[16];
          g_snprintf (what, sizeof what, "',' or '%c'", close);
          return fail (ps, t, what);
        }
      next (ps);
    }
}

static PdExpr *
parse_primary (Parser *ps)
{
  const PdTok *t = peek (ps);
  PdExpr *e = NULL;
  if (t->kind == PD_TOK_ELLIPSIS)
    {
      next (ps);
      return expr_new (PD_EXPR_ELLIPSIS, t->pos);
    }
  if (t->kind == PD_TOK_NUMBER || is_punct (t, '-'))
    {
      gboolean neg = is_punct (t, '-');
      if (neg)
        next (ps);
      const PdTok *n = peek (ps);
      guint64 v;
      if (!number_u (ps, n, (guint64) G_MAXINT64, &v, "an integer"))
        return NULL;
      next (ps);
      e = expr_new (PD_EXPR_INT, t->pos);
      e->i = neg ? -(gint64) v : (gint64) v;
      return e;
    }
  if (t->kind == PD_TOK_STRING)
    {
      next (ps);
      e = expr_new (PD_EXPR_STRING, t->pos);
      e->name = g_strdup (t->text);
      return e;
    }
  if (t->kind == PD_TOK_WORD)
    {
      next (ps);
      if (is_punct (peek (ps), '('))
        {
          next (ps);
          e = expr_new (PD_EXPR_CALL, t->pos);
          e->name = g_strdup (t->text);
          e->items = items_new ();
          if (!parse_list (ps, e->items, ')', FALSE))
            {
              pd_expr_free (e);
              return NULL;
            }
          return e;
        }
      e = expr_new (PD_EXPR_NAME, t->pos);
      e->name = g_strdup (t->text);
      return e;
    }
  if (is_punct (t, '[') || is_punct (t, '{'))
    {
      gboolean arr = is_punct (t, '[');
      next (ps);
      e = expr_new (arr ? PD_EXPR_ARRAY : PD_EXPR_STRUCT, t->pos);
      e->items = items_new ();
      if (!parse_list (ps, e->items, arr ? ']' : '}', !arr))
        {
          pd_expr_free (e);
          return NULL;
        }
      return e;
    }
  fail (ps, t, "a value");
  return NULL;
}

static PdExpr *
parse_expr (Parser *ps)
{
  const PdTok *start = peek (ps);
  if (ps->depth >= PD_MAX_DEPTH)
    {
      pd_error_at (ps->error, ps->file, start->pos, "values nested more than %d deep",
                   PD_MAX_DEPTH);
      return NULL;
    }
  ps->depth++;
  PdExpr *e = parse_primary (ps);
  if (e != NULL && is_punct (peek (ps), '|'))
    {
      PdExpr *or = expr_new (PD_EXPR_OR, start->pos);
      or->items = items_new ();
      g_ptr_array_add (or->items, e);
      e = or;
      while (is_punct (peek (ps), '|'))
        {
          next (ps);
          PdExpr *x = parse_primary (ps);
          if (x == NULL)
            {
              pd_expr_free (or);
              e = NULL;
              break;
            }
          if (x->kind != PD_EXPR_NAME && x->kind != PD_EXPR_INT)
            {
              pd_error_at (ps->error, ps->file, x->pos, "only names and integers can be or-ed");
              pd_expr_free (x);
              pd_expr_free (or);
              e = NULL;
              break;
            }
          g_ptr_array_add (or->items, x);
        }
    }
  ps->depth--;
  return e;
}

static const char *const SYSCALLS[] = {
  "socket", "bind", "listen", "accept", "connect", "read", "write", "recv", "send",
  "shutdown", "close", "setsockopt", "getsockopt", "fcntl", "poll", NULL,
};

gboolean
pd_syscall_known (const char *name)
{
  for (guint i = 0; SYSCALLS[i] != NULL; i++)
    if (strcmp (SYSCALLS[i], name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
parse_syscall (Parser *ps, PdLine *line)
{
  const PdTok *name = next (ps);
  if (!pd_syscall_known (name->text))
    {
      pd_error_at (ps->error, ps->file, name->pos,
                   "unknown system call '%s' (tcpsim models socket, bind, listen, accept, "
                   "connect, read, write, recv, send, shutdown, close, setsockopt, "
                   "getsockopt, fcntl and poll)", name->text);
      return FALSE;
    }
  PdSyscall *c = &line->call;
  c->name = g_strdup (name->text);
  c->args = items_new ();
  if (!expect_punct (ps, '(', "'(' after the system call's name"))
    return FALSE;
  if (!parse_list (ps, c->args, ')', FALSE))
    return FALSE;
  if (!expect_punct (ps, '=', "'=' and the expected result"))
    return FALSE;
  c->result = parse_expr (ps);
  if (c->result == NULL)
    return FALSE;
  const PdTok *t = peek (ps);
  if (t->kind == PD_TOK_WORD && t->text[0] == 'E')
    {
      next (ps);
      c->errno_name = g_strdup (t->text);
    }
  t = peek (ps);
  if (is_punct (t, '('))
    {
      /* A note, "(Connection refused)" or "(flags O_RDWR)": the text to
       * the matching ')', kept as written. */
      next (ps);
      const PdTok *first = peek (ps);
      guint nest = 1;
      const PdTok *u = first;
      for (;;)
        {
          u = peek (ps);
          if (u->kind == PD_TOK_END)
            return fail (ps, u, "')' closing the note");
          if (is_punct (u, '('))
            nest++;
          if (is_punct (u, ')') && --nest == 0)
            break;
          next (ps);
        }
      c->note = g_strndup (first->p, (gsize) (u->p - first->p));
      g_strstrip (c->note);
      next (ps);
    }
  return TRUE;
}

static gboolean
parse_flags (Parser *ps, guint8 *flags)
{
  const PdTok *t = peek (ps);
  *flags = 0;
  if (t->kind == PD_TOK_WORD)
    {
      for (const char *f = t->text; *f != '\0'; f++)
        {
          guint8 bit;
          switch (*f)
            {
            case 'S': bit = PD_FLAG_SYN; break;
            case 'F': bit = PD_FLAG_FIN; break;
            case 'R': bit = PD_FLAG_RST; break;
            case 'P': bit = PD_FLAG_PSH; break;
            case 'U': bit = PD_FLAG_URG; break;
            case 'E': bit = PD_FLAG_ECE; break;
            case 'W': bit = PD_FLAG_CWR; break;
            default:
              pd_error_at (ps->error, ps->file,
                           (PdPos) { t->pos.line, t->pos.col + (guint) (f - t->text) },
                           "unknown TCP flag '%c' (flags are S, F, R, P, U, E, W and '.' "
                           "for ACK)", *f);
              return FALSE;
            }
          if (*flags & bit)
            {
              pd_error_at (ps->error, ps->file, t->pos, "flag '%c' written twice", *f);
              return FALSE;
            }
          *flags |= bit;
        }
      next (ps);
      t = peek (ps);
      /* "S." : the '.' right after the letters is the ACK flag. */
      if (is_punct (t, '.') && t->p == g_array_index (ps->lex.toks, PdTok, ps->i - 1).p
                                         + g_array_index (ps->lex.toks, PdTok, ps->i - 1).len)
        {
          next (ps);
          *flags |= PD_FLAG_ACK;
        }
      return TRUE;
    }
  if (is_punct (t, '.'))
    {
      next (ps);
      *flags = PD_FLAG_ACK;
      return TRUE;
    }
  if (is_punct (t, '['))
    {
      pd_error_at (ps->error, ps->file, t->pos,
                   "IP-level fields ([ect0], [tos …]) are not supported");
      return FALSE;
    }
  return fail (ps, t, "TCP flags (S, S., ., F., R, P. …)");
}

static gboolean
parse_options (Parser *ps, PdSegment *seg)
{
  const PdTok *open = next (ps); /* '<' */
  (void) open;
  if (peek (ps)->kind == PD_TOK_ELLIPSIS)
    {
      next (ps);
      seg->any_options = TRUE;
      return expect_punct (ps, '>', "'>' after '<...'");
    }
  for (;;)
    {
      const PdTok *t = peek (ps);
      PdOption o = { 0 };
      if (t->kind != PD_TOK_WORD)
        return fail (ps, t, "a TCP option (mss, wscale, sackOK, sack, TS, nop, eol)");
      next (ps);
      if (strcmp (t->text, "nop") == 0)
        o.kind = PD_OPT_NOP;
      else if (strcmp (t->text, "eol") == 0)
        o.kind = PD_OPT_EOL;
      else if (strcmp (t->text, "sackOK") == 0)
        o.kind = PD_OPT_SACK_OK;
      else if (strcmp (t->text, "mss") == 0)
        {
          o.kind = PD_OPT_MSS;
          guint64 v;
          if (!number_u (ps, peek (ps), G_MAXUINT16, &v, "the MSS"))
            return FALSE;
          next (ps);
          o.a = (guint32) v;
        }
      else if (strcmp (t->text, "wscale") == 0)
        {
          o.kind = PD_OPT_WSCALE;
          guint64 v;
          if (!number_u (ps, peek (ps), 255, &v, "the window scale"))
            return FALSE;
          next (ps);
          o.a = (guint32) v;
        }
      else if (strcmp (t->text, "TS") == 0)
        {
          o.kind = PD_OPT_TIMESTAMP;
          if (!is_word (peek (ps), "val"))
            return fail (ps, peek (ps), "'val' after TS");
          next (ps);
          if (!u32 (ps, &o.a, "the timestamp value"))
            return FALSE;
          if (!is_word (peek (ps), "ecr"))
            return fail (ps, peek (ps), "'ecr' after TS val N");
          next (ps);
          if (!u32 (ps, &o.b, "the timestamp echo reply"))
            return FALSE;
        }
      else if (strcmp (t->text, "sack") == 0)
        {
          o.kind = PD_OPT_SACK;
          o.blocks = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_array_append_val (seg->options, o); /* owned now, freed with the line */
          while (peek (ps)->kind == PD_TOK_NUMBER)
            {
              guint32 l, r;
              if (!u32 (ps, &l, "a SACK block's left edge")
                  || !expect_punct (ps, ':', "':' in a SACK block")
                  || !u32 (ps, &r, "a SACK block's right edge"))
                return FALSE;
              PdOption *last = &g_array_index (seg->options, PdOption, seg->options->len - 1);
              g_array_append_val (last->blocks, l);
              g_array_append_val (last->blocks, r);
            }
          goto sep;
        }
      else
        {
          pd_error_at (ps->error, ps->file, t->pos,
                       "unsupported TCP option '%s' (tcpsim knows mss, wscale, sackOK, sack, "
                       "TS, nop and eol)", t->text);
          return FALSE;
        }
      g_array_append_val (seg->options, o);
    sep:
      t = peek (ps);
      if (is_punct (t, '>'))
        {
          next (ps);
          return TRUE;
        }
      if (!is_punct (t, ','))
        return fail (ps, t, "',' or '>' in the options");
      next (ps);
    }
}

static gboolean
parse_segment (Parser *ps, PdLine *line)
{
  PdSegment *seg = &line->seg;
  seg->options = g_array_new (FALSE, TRUE, sizeof (PdOption));
  if (!parse_flags (ps, &seg->flags))
    return FALSE;
  const PdTok *at = peek (ps);
  if (at->kind == PD_TOK_ELLIPSIS)
    {
      /* "...(LEN)": any sequence number. */
      next (ps);
      seg->any_seq = TRUE;
      if (!expect_punct (ps, '(', "'(' in ...(LEN)") || !u32 (ps, &seg->len, "the payload length")
          || !expect_punct (ps, ')', "')' in ...(LEN)"))
        return FALSE;
    }
  else if (!u32 (ps, &seg->seq, "the sequence number (START:END(LEN))")
      || !expect_punct (ps, ':', "':' in START:END(LEN)")
      || !u32 (ps, &seg->seq_end, "the end sequence number")
      || !expect_punct (ps, '(', "'(' in START:END(LEN)")
      || !u32 (ps, &seg->len, "the payload length")
      || !expect_punct (ps, ')', "')' in START:END(LEN)"))
    return FALSE;
  if (!seg->any_seq && seg->seq_end - seg->seq != seg->len)
    {
      pd_error_at (ps->error, ps->file, at->pos,
                   "%u:%u(%u): the length is not END - START", seg->seq, seg->seq_end, seg->len);
      return FALSE;
    }
  for (;;)
    {
      const PdTok *t = peek (ps);
      if (is_word (t, "ack"))
        {
          next (ps);
          if (seg->has_ack)
            return fail (ps, t, "one 'ack'");
          seg->has_ack = TRUE;
          if (!u32 (ps, &seg->ack, "the acknowledgment number"))
            return FALSE;
        }
      else if (is_word (t, "win"))
        {
          next (ps);
          if (seg->has_win)
            return fail (ps, t, "one 'win'");
          seg->has_win = TRUE;
          if (!u32 (ps, &seg->win, "the window"))
            return FALSE;
          if (seg->win > G_MAXUINT16)
            {
              pd_error_at (ps->error, ps->file, t->pos, "win %u is out of range (0 to 65535)",
                           seg->win);
              return FALSE;
            }
        }
      else if (is_word (t, "urg"))
        {
          pd_error_at (ps->error, ps->file, t->pos, "the urgent pointer is not supported");
          return FALSE;
        }
      else if (is_punct (t, '<'))
        return parse_options (ps, seg);
      else
        return TRUE;
    }
}

static gboolean
parse_event (Parser *ps, PdScript *script, PdTime *last_abs)
{
  PdLine *line = g_new0 (PdLine, 1);
  g_ptr_array_add (script->lines, line);
  line->pos = peek (ps)->pos;
  if (!parse_time (ps, &line->time))
    return FALSE;
  /* Time may not go backwards between absolute times (packetdrill
   * refuses it too). */
  if (line->time.kind == PD_TIME_ABSOLUTE)
    {
      if (line->time.t < last_abs->t)
        {
          char a[40], b[40];
          sim_time_format_short (line->time.t, a, sizeof a);
          sim_time_format_short (last_abs->t, b, sizeof b);
          pd_error_at (ps->error, ps->file, line->pos,
                       "time goes backwards: %s after %s", a, b);
          return FALSE;
        }
      last_abs->t = line->time.t;
    }
  if ((line->time.has_range || line->time.blocking) && line->time.end_kind == PD_TIME_ABSOLUTE
      && line->time.kind == PD_TIME_ABSOLUTE && line->time.end < line->time.t)
    {
      pd_error_at (ps->error, ps->file, line->pos, "the time range ends before it starts");
      return FALSE;
    }
  const PdTok *t = peek (ps);
  line->what = t->pos;
  if (is_punct (t, '<') || is_punct (t, '>'))
    {
      line->kind = is_punct (t, '<') ? PD_LINE_INBOUND : PD_LINE_OUTBOUND;
      next (ps);
      if (line->time.blocking)
        {
          pd_error_at (ps->error, ps->file, line->pos, "only a system call can block ('...')");
          return FALSE;
        }
      return parse_segment (ps, line);
    }
  if (t->kind == PD_TOK_SHELL)
    {
      next (ps);
      line->kind = PD_LINE_SHELL;
      line->shell = g_strdup (t->text);
      return TRUE;
    }
  if (t->kind == PD_TOK_WORD)
    {
      line->kind = PD_LINE_SYSCALL;
      return parse_syscall (ps, line);
    }
  if (t->kind == PD_TOK_PYTHON)
    {
      /* Python runs nowhere here; the one idiom of the suites that says
       * something tcpsim knows, the socket's state from TCP_INFO, is
       * read as a state check. */
      next (ps);
      g_auto (GStrv) words = g_strsplit_set (t->text, " \t\r\n", -1);
      const char *w[4];
      guint n = 0;
      for (guint k = 0; words[k] != NULL; k++)
        if (words[k][0] != '\0')
          {
            if (n == 4)
              {
                n = 5;
                break;
              }
            w[n++] = words[k];
          }
      if (n == 4 && strcmp (w[0], "assert") == 0 && strcmp (w[1], "tcpi_state") == 0
          && strcmp (w[2], "==") == 0 && g_str_has_prefix (w[3], "TCPI_") && w[3][5] != '\0')
        {
          line->kind = PD_LINE_STATE;
          line->shell = g_strdup (w[3] + 5);
          return TRUE;
        }
      pd_error_at (ps->error, ps->file, t->pos,
                   "%%{ python }%% blocks are not supported, except "
                   "'%%{ assert tcpi_state == TCPI_NAME }%%'");
      return FALSE;
    }
  return fail (ps, t, "a system call, '<', '>' or a `command` after the time");
}

PdScript *
pd_parse (const char *file, const char *text, gsize len, const char *const *defines,
          GError **error)
{
  Parser ps = { .file = file, .error = error };
  if (!pd_lex (&ps.lex, file, text, len, defines, error))
    {
      pd_lex_clear (&ps.lex);
      return NULL;
    }
  g_autoptr (PdScript) script = pd_script_new (file);
  /* The settings the lexer took out. */
  g_ptr_array_unref (script->settings);
  script->settings = g_steal_pointer (&ps.lex.settings);
  PdTime last_abs = { 0 };
  gboolean ok = TRUE;
  while (ok && peek (&ps)->kind != PD_TOK_END)
    ok = parse_event (&ps, script, &last_abs);
  pd_lex_clear (&ps.lex);
  return ok ? g_steal_pointer (&script) : NULL;
}

PdScript *
pd_parse_file (const char *file, const char *const *defines, GError **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  GError *e = NULL;
  if (!g_file_get_contents (file, &text, &len, &e))
    {
      g_set_error (error, PD_ERROR, 0, "%s: error: %s", file, e->message);
      g_error_free (e);
      return NULL;
    }
  return pd_parse (file, text, len, defines, error);
}
