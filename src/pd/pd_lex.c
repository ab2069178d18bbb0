/* Tokens of a packetdrill script: preprocessing (settings, #ifdef
 * sections, comments) and then the token stream.  See pd_lex.h. */
#include "pd/pd_lex.h"

#include <string.h>

G_DEFINE_QUARK (tcpsim-packetdrill-error-quark, pd_error)

void
pd_error_at (GError **error, const char *file, PdPos pos, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, PD_ERROR, 0, "%s:%u:%u: error: %s", file, pos.line, pos.col, msg);
}

/* The position of byte P on the line that starts at LINE, number LINENO. */
static PdPos
pos_on (guint lineno, const char *line, const char *p)
{
  return (PdPos) { lineno, (guint) (p - line) + 1 };
}

static void
blank (char *from, char *to)
{
  for (char *p = from; p < to; p++)
    if (*p != '\n')
      *p = ' ';
}

static gboolean
is_defined (const char *const *defines, const char *name, gsize len)
{
  for (guint i = 0; defines != NULL && defines[i] != NULL; i++)
    if (strlen (defines[i]) == len && memcmp (defines[i], name, len) == 0)
      return TRUE;
  return FALSE;
}

typedef struct
{
  gboolean active;      /* this section's lines are read */
  gboolean parent;      /* the enclosing section is read */
  gboolean seen_else;
  PdPos at;             /* the directive, for "unterminated" */
} Cond;

/* A "#…" line from P (its '#') to EOL.  Updates the section stack. */
static gboolean
directive (const char *file, Cond *stack, guint *depth, guint lineno, const char *line,
           char *p, char *eol, const char *const *defines, GError **error)
{
  char *w = p + 1;
  while (w < eol && (*w == ' ' || *w == '\t'))
    w++;
  char *we = w;
  while (we < eol && g_ascii_isalpha (*we))
    we++;
  gsize wl = (gsize) (we - w);
  char *s = we;
  while (s < eol && (*s == ' ' || *s == '\t'))
    s++;
  char *se = s;
  while (se < eol && (g_ascii_isalnum (*se) || *se == '_'))
    se++;
  char *rest = se;
  while (rest < eol && (*rest == ' ' || *rest == '\t' || *rest == '\r'))
    rest++;
  gboolean is_if = (wl == 5 && memcmp (w, "ifdef", 5) == 0)
                   || (wl == 6 && memcmp (w, "ifndef", 6) == 0);
  gboolean active = *depth == 0 || stack[*depth - 1].active;

  if (is_if)
    {
      if (se == s)
        {
          pd_error_at (error, file, pos_on (lineno, line, s), "#%.*s needs a name", (int) wl, w);
          return FALSE;
        }
      if (rest < eol)
        {
          pd_error_at (error, file, pos_on (lineno, line, rest),
                       "unexpected text after #%.*s %.*s", (int) wl, w, (int) (se - s), s);
          return FALSE;
        }
      if (*depth >= PD_MAX_DEPTH)
        {
          pd_error_at (error, file, pos_on (lineno, line, p), "#ifdef nested more than %d deep",
                       PD_MAX_DEPTH);
          return FALSE;
        }
      gboolean def = is_defined (defines, s, (gsize) (se - s));
      gboolean want = wl == 5 ? def : !def;
      stack[*depth] = (Cond) { .active = active && want, .parent = active, .at = pos_on (lineno, line, p) };
      (*depth)++;
      return TRUE;
    }
  if ((wl == 4 && memcmp (w, "else", 4) == 0) || (wl == 5 && memcmp (w, "endif", 5) == 0))
    {
      if (*depth == 0)
        {
          pd_error_at (error, file, pos_on (lineno, line, p), "#%.*s without #ifdef", (int) wl, w);
          return FALSE;
        }
      /* Text after #else or #endif is ignored, as cpp does (with a warning). */
      if (wl == 5)
        {
          (*depth)--;
          return TRUE;
        }
      Cond *c = &stack[*depth - 1];
      if (c->seen_else)
        {
          pd_error_at (error, file, pos_on (lineno, line, p), "a second #else in one #ifdef");
          return FALSE;
        }
      c->seen_else = TRUE;
      /* The #else part is read when the #ifdef part was not, inside a
       * section that is read. */
      gboolean was = c->active;
      c->active = c->parent && !was;
      return TRUE;
    }
  if (!active)
    return TRUE; /* cpp ignores unknown directives in skipped sections */
  pd_error_at (error, file, pos_on (lineno, line, p),
               "unsupported preprocessor directive '#%.*s' (tcpsim reads #ifdef, #ifndef, "
               "#else and #endif)", (int) wl, w);
  return FALSE;
}

/* A "--name[=value]" line. */
static void
setting (PdLex *lex, guint lineno, const char *line, char *p, char *eol)
{
  char *n = p + 2;
  char *ne = n;
  while (ne < eol && *ne != '=' && *ne != ' ' && *ne != '\t' && *ne != '\r')
    ne++;
  char *v = ne;
  char *ve = ne;
  if (v < eol && *v == '=')
    {
      v++;
      ve = v;
      while (ve < eol && *ve != ' ' && *ve != '\t' && *ve != '\r')
        ve++;
    }
  PdSetting *s = g_new0 (PdSetting, 1);
  s->name = g_strndup (n, (gsize) (ne - n));
  s->value = g_strndup (v, (gsize) (ve - v));
  s->pos = pos_on (lineno, line, p);
  g_ptr_array_add (lex->settings, s);
}

/* Blanks comments and excluded sections, takes settings out. */
static gboolean
preprocess (PdLex *lex, const char *file, const char *const *defines, GError **error)
{
  Cond stack[PD_MAX_DEPTH];
  guint depth = 0;
  char *text = lex->text;
  char *end = text + lex->len;
  char *comment = NULL; /* where blanking of an open block comment resumes */
  PdPos comment_at = { 0, 0 };
  guint lineno = 0;

  for (char *line = text; line < end;)
    {
      lineno++;
      char *eol = memchr (line, '\n', (gsize) (end - line));
      if (eol == NULL)
        eol = end;
      char *p = line;
      if (comment == NULL)
        {
          while (p < eol && (*p == ' ' || *p == '\t' || *p == '\r'))
            p++;
          gboolean active = depth == 0 || stack[depth - 1].active;
          if (p < eol && *p == '#')
            {
              if (!directive (file, stack, &depth, lineno, line, p, eol, defines, error))
                return FALSE;
              blank (line, eol);
              line = eol + 1;
              continue;
            }
          if (!active)
            {
              blank (line, eol);
              line = eol + 1;
              continue;
            }
          if (eol - p >= 2 && p[0] == '-' && p[1] == '-')
            {
              setting (lex, lineno, line, p, eol);
              blank (line, eol);
              line = eol + 1;
              continue;
            }
        }
      char quote = 0;
      for (; p < eol; p++)
        {
          if (comment != NULL)
            {
              if (p + 1 < eol && p[0] == '*' && p[1] == '/')
                {
                  blank (comment, p + 2);
                  comment = NULL;
                  p++;
                }
              continue;
            }
          if (quote != 0)
            {
              if (*p == quote)
                quote = 0;
              continue;
            }
          if (*p == '"' || *p == '`')
            quote = *p;
          else if (p + 1 < eol && p[0] == '/' && p[1] == '/')
            {
              blank (p, eol);
              break;
            }
          else if (p + 1 < eol && p[0] == '/' && p[1] == '*')
            {
              comment = p;
              comment_at = pos_on (lineno, line, p);
              p++;
            }
        }
      if (comment != NULL)
        {
          /* Blank what the comment covers on this line and go on. */
          blank (comment, eol);
          comment = eol;
        }
      line = eol + 1;
    }
  if (comment != NULL)
    {
      pd_error_at (error, file, comment_at, "unterminated /* comment");
      return FALSE;
    }
  if (depth > 0)
    {
      pd_error_at (error, file, stack[depth - 1].at, "#ifdef without #endif");
      return FALSE;
    }
  return TRUE;
}

static const char PUNCT[] = "+-*~<>()[]{},=:|.";

static void
push (PdLex *lex, PdTokKind kind, const char *p, gsize len, char *text, PdPos pos)
{
  PdTok t = { .kind = kind, .pos = pos, .p = p, .len = len, .text = text };
  if (kind == PD_TOK_PUNCT)
    t.punct = *p;
  g_array_append_val (lex->toks, t);
}

gboolean
pd_lex (PdLex *lex, const char *file, const char *text, gsize len, const char *const *defines,
        GError **error)
{
  memset (lex, 0, sizeof *lex);
  lex->toks = g_array_new (FALSE, TRUE, sizeof (PdTok));
  lex->settings = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_setting_free);
  if (len > PD_MAX_FILE_SIZE)
    {
      pd_error_at (error, file, (PdPos) { 1, 1 }, "the script is larger than %d bytes",
                   PD_MAX_FILE_SIZE);
      return FALSE;
    }
  const char *nul = memchr (text, '\0', len);
  if (nul != NULL)
    {
      PdPos at = { 1, 1 };
      for (const char *q = text; q < nul; q++)
        at = *q == '\n' ? (PdPos) { at.line + 1, 1 } : (PdPos) { at.line, at.col + 1 };
      pd_error_at (error, file, at, "a NUL byte in the script");
      return FALSE;
    }
  lex->text = g_strndup (text, len);
  lex->len = len;
  if (!preprocess (lex, file, defines, error))
    return FALSE;

  const char *s = lex->text;
  const char *end = s + len;
  PdPos pos = { 1, 1 };
  const char *p = s;
  while (p < end)
    {
      char c = *p;
      if (c == '\n')
        {
          pos.line++;
          pos.col = 1;
          p++;
          continue;
        }
      if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
        {
          pos.col++;
          p++;
          continue;
        }
      const char *q = p;
      PdPos at = pos;
      if (g_ascii_isdigit (c) || (c == '.' && q + 1 < end && g_ascii_isdigit (q[1])))
        {
          if (c == '0' && q + 1 < end && (q[1] == 'x' || q[1] == 'X'))
            {
              q += 2;
              while (q < end && g_ascii_isxdigit (*q))
                q++;
            }
          else
            {
              while (q < end && g_ascii_isdigit (*q))
                q++;
              /* A fraction only when a digit follows the point: "0...1" is
               * 0, "...", 1. */
              if (q + 1 < end && *q == '.' && g_ascii_isdigit (q[1]))
                {
                  q++;
                  while (q < end && g_ascii_isdigit (*q))
                    q++;
                }
            }
          if (q < end && (g_ascii_isalpha (*q) || *q == '_'))
            {
              pd_error_at (error, file, at, "malformed number '%.*s'",
                           (int) (q - p + 1), p);
              return FALSE;
            }
          push (lex, PD_TOK_NUMBER, p, (gsize) (q - p), g_strndup (p, (gsize) (q - p)), at);
        }
      else if (g_ascii_isalpha (c) || c == '_')
        {
          while (q < end && (g_ascii_isalnum (*q) || *q == '_'))
            q++;
          push (lex, PD_TOK_WORD, p, (gsize) (q - p), g_strndup (p, (gsize) (q - p)), at);
        }
      else if (c == '"' || c == '`')
        {
          q++;
          while (q < end && *q != c && *q != '\n')
            q++;
          if (q >= end || *q != c)
            {
              pd_error_at (error, file, at, "unterminated %s",
                           c == '"' ? "string" : "`command`");
              return FALSE;
            }
          push (lex, c == '"' ? PD_TOK_STRING : PD_TOK_SHELL, p, (gsize) (q + 1 - p),
                g_strndup (p + 1, (gsize) (q - p - 1)), at);
          q++;
        }
      else if (c == '.' && q + 2 < end && q[1] == '.' && q[2] == '.')
        {
          q += 3;
          push (lex, PD_TOK_ELLIPSIS, p, 3, NULL, at);
        }
      else if (c == '%' && q + 1 < end && q[1] == '{')
        {
          const char *close = g_strstr_len (q + 2, end - q - 2, "}%");
          if (close == NULL)
            {
              pd_error_at (error, file, at, "unterminated %%{ block");
              return FALSE;
            }
          push (lex, PD_TOK_PYTHON, p, (gsize) (close + 2 - p),
                g_strndup (p + 2, (gsize) (close - p - 2)), at);
          q = close + 2;
        }
      else if (strchr (PUNCT, c) != NULL)
        {
          q++;
          push (lex, PD_TOK_PUNCT, p, 1, NULL, at);
        }
      else
        {
          if ((unsigned char) c >= 0x20 && (unsigned char) c < 0x7f)
            pd_error_at (error, file, at, "unexpected character '%c'", c);
          else
            pd_error_at (error, file, at, "unexpected byte 0x%02x", (unsigned char) c);
          return FALSE;
        }
      /* Advance the position over what was read (a string never holds a
       * newline; a %{ block may). */
      for (const char *r = p; r < q; r++)
        {
          if (*r == '\n')
            {
              pos.line++;
              pos.col = 1;
            }
          else
            pos.col++;
        }
      p = q;
    }
  push (lex, PD_TOK_END, end, 0, NULL, pos);
  return TRUE;
}

void
pd_lex_clear (PdLex *lex)
{
  if (lex->toks != NULL)
    {
      for (guint i = 0; i < lex->toks->len; i++)
        g_free (g_array_index (lex->toks, PdTok, i).text);
      g_array_free (lex->toks, TRUE);
    }
  if (lex->settings != NULL)
    g_ptr_array_free (lex->settings, TRUE);
  g_free (lex->text);
  memset (lex, 0, sizeof *lex);
}
