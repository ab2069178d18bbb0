/* The scenario parser's driver: lines of words to a validated Scenario.
 * Every mistake becomes "FILE:LINE:COL: error: …" with the line and a
 * caret; the parser goes on with the next line, so one pass reports
 * several.  Here: the statement table (dispatch and "did you mean"),
 * parameter substitution, the line loop, whole-file checks and the public
 * entry points.  The statements are in scn_parse_*.c. */
#include "scenario/scn_parse_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK (tcpsim-scenario-error-quark, scn_error)

/* The declared parameter closest to name, or NULL. */
static const char *
param_like (ScnParser *p, const char *name)
{
  const char *best = NULL;
  guint best_d = G_MAXUINT;
  guint allowed = scn_hint_distance (name);
  gsize len = strlen (name);
  GHashTableIter it;
  gpointer key;
  g_hash_table_iter_init (&it, p->params);
  while (g_hash_table_iter_next (&it, &key, NULL))
    {
      /* As scn_suggest_budget: lengths too far apart cost nothing, the
       * rest spend the parse's hint budget. */
      gsize l = strlen (key);
      if ((l > len ? l - len : len - l) > allowed)
        continue;
      if (p->hint_budget == 0)
        return NULL;
      p->hint_budget--;
      guint d = scn_edit_distance (name, key);
      /* Ties go to the name first in alphabetical order, not in hash order. */
      if (d < best_d || (d == best_d && best != NULL && strcmp (key, best) < 0))
        {
          best_d = d;
          best = key;
        }
    }
  return best_d <= scn_hint_distance (name) ? best : NULL;
}

/* Whether parameter name was declared on a line with an error (counted
 * as a quiet error, as for names in scn_names.c). */
static gboolean
scn_param_unusable (ScnParser *p, const char *name)
{
  char *key = g_strconcat ("$", name, NULL);
  gboolean r = scn_is_unusable (p, key);
  g_free (key);
  return r;
}

char *
scn_expand (ScnParser *p, const ScnTok *t, const char *text, const char *self)
{
  GString *out = g_string_new ("");
  const char *s = text;
  /* Offsets into text are columns only when text is the word as written. */
  gboolean written = text == t->text;
  while (*s)
    {
      if (*s != '$')
        {
          g_string_append_c (out, *s++);
          continue;
        }
      const char *start = s + 1;
      gboolean braced = *start == '{';
      if (braced)
        start++;
      const char *e = start;
      while (g_ascii_isalnum (*e) || *e == '_')
        e++;
      char *name = g_strndup (start, (gsize) (e - start));
      const char *value = g_hash_table_lookup (p->params, name);
      ScnTok at = { NULL, t->col + (written ? (int) (s - text) : 0) };
      gboolean ok = FALSE;
      if (name[0] == '\0' || (braced && *e != '}'))
        perr (p, &at, "bad parameter reference in '%s' (use $name or ${name})", text);
      else if (value == NULL && scn_param_unusable (p, name))
        ; /* its definition had an error, reported there */
      else if (self != NULL && strcmp (name, self) == 0)
        pinvalid (p, &at, "parameter '%s' refers to itself", self);
      else if (value == NULL)
        {
          const char *close = param_like (p, name);
          if (close != NULL)
            pinvalid (p, &at, "unknown parameter '$%s' (did you mean '$%s'?)", name, close);
          else
            pinvalid (p, &at, "unknown parameter '$%s' (declare it with 'param %s = VALUE' before "
                      "this line)", name, name);
        }
      else
        ok = TRUE;
      g_free (name);
      if (!ok)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append (out, value);
      s = braced ? e + 1 : e;
      /* Bounded like a written word, so that a line of references cannot
       * ask for more memory than the file it is in. */
      if (out->len > SCN_WORD_MAX)
        {
          pinvalid (p, t, "'%s' is longer than %d bytes after parameter substitution", text,
                    SCN_WORD_MAX);
          g_string_free (out, TRUE);
          return NULL;
        }
    }
  return g_string_free (out, FALSE);
}

/* Replaces $name and ${name} in every word of the line. */
static gboolean
substitute (ScnParser *p)
{
  for (guint i = 0; i < p->ntoks; i++)
    {
      ScnTok *t = &p->toks[i];
      if (strchr (t->text, '$') == NULL)
        continue;
      char *v = scn_expand (p, t, t->text, NULL);
      if (v == NULL)
        return FALSE;
      g_free (t->text);
      t->text = v;
    }
  return TRUE;
}

/* ---- statements ------------------------------------------------------------ */

typedef struct
{
  const char *name;
  ScnStatementFn parse;
  /* A raw statement's own line is not substituted ("param" declares what
   * $name means), so it is recognised before substitution, in any case;
   * the others after it, as written. */
  gboolean raw;
} ScnStatement;

/* Every statement: the dispatch table, and the candidates of "unknown
 * statement" hints in this order. */
static const ScnStatement statements[] = {
  { "profile", scn_st_profile, FALSE },
  { "seed", scn_st_seed, FALSE },
  { "title", scn_st_title, FALSE },
  { "param", scn_st_param, TRUE },
  { "host", scn_st_host, FALSE },
  { "link", scn_st_link, FALSE },
  { "fault", scn_st_fault, FALSE },
  { "at", scn_st_at, FALSE },
  { "on", scn_st_on, FALSE },
  { "gen", scn_st_gen, FALSE },
  { "expect", scn_st_expect, FALSE },
  { "run", scn_st_run, FALSE },
  { "include", scn_st_include, FALSE },
  { "sweep", scn_st_sweep, FALSE },
  { "runs", scn_st_runs, FALSE },
};

static const ScnStatement *
statement_lookup (const char *word, gboolean raw)
{
  for (gsize i = 0; i < G_N_ELEMENTS (statements); i++)
    if (statements[i].raw == raw
        && (raw ? g_ascii_strcasecmp (word, statements[i].name) : strcmp (word, statements[i].name)) == 0)
      return &statements[i];
  return NULL;
}

static void
parse_line (ScnParser *p)
{
  ScnCur c = { p, 0 };
  ScnTok *kw = scn_next (&c, "a statement");
  const ScnStatement *st = statement_lookup (kw->text, TRUE);
  if (st != NULL)
    {
      st->parse (p, &c);
      return;
    }
  if (!substitute (p))
    return;
  const char *w = kw->text;
  guint nerr = p->nerr + p->nquiet;
  st = statement_lookup (w, FALSE);
  if (st != NULL)
    st->parse (p, &c);
  else
    {
      const char *names[G_N_ELEMENTS (statements)];
      for (gsize i = 0; i < G_N_ELEMENTS (statements); i++)
        names[i] = statements[i].name;
      scn_err_unknown (p, kw, "statement", names, G_N_ELEMENTS (names));
    }
  if (p->nerr + p->nquiet > nerr)
    scn_mark_unusable (p, w);
}

/* Reports the first NUL byte or invalid UTF-8 sequence of text at its
 * line and column (and nothing of the text); FALSE if there is one. */
static gboolean
check_text (ScnParser *p, const char *file, const char *text, gsize len)
{
  const char *bad;
  if (g_utf8_validate_len (text, len, &bad))
    return TRUE;
  int line = 1;
  const char *bol = text;
  for (const char *q = text; q < bad; q++)
    if (*q == '\n')
      {
        line++;
        bol = q + 1;
      }
  p->file = file;
  p->line = line;
  p->text = NULL;
  scn_err_at (p, SCN_ERROR_SYNTAX, scn_char_col (bol, (gsize) (bad - bol)),
              *bad == '\0' ? "not a text file (it contains NUL bytes)" : "the file is not UTF-8 text");
  return FALSE;
}

/* Whether an included file looks like a scenario: its first line with a
 * word starts with a statement.  A file that does not (a password file, a
 * key, a document) is refused as a whole by the include, and nothing of it
 * reaches a message: errors echo lines, and a scenario someone sent must
 * not make its user print their own secrets.  *line is where it failed. */
static gboolean
looks_like_scenario (char **lines, int *line)
{
  for (int i = 0; lines[i] != NULL; i++)
    {
      ScnTok *toks;
      int bad_col;
      const char *why;
      guint n = scn_lex_line (lines[i], &toks, &bad_col, &why);
      gboolean ok = bad_col == 0 && n > 0
                    && (statement_lookup (toks[0].text, TRUE) != NULL
                        || statement_lookup (toks[0].text, FALSE) != NULL);
      gboolean decided = bad_col > 0 || n > 0;
      scn_toks_free (toks, n);
      if (decided)
        {
          *line = i + 1;
          return ok;
        }
    }
  return TRUE; /* nothing but comments and blanks */
}

/* The lines of text, in one copy cut at each newline (NULL-terminated
 * array; free with free_lines).  Not g_strsplit: it searches with strstr,
 * which sanitizers check against the whole rest of the text, making a
 * file of a million lines take minutes there. */
static char **
split_lines (const char *text, gsize len)
{
  char *copy = g_strndup (text, len);
  GPtrArray *lines = g_ptr_array_new ();
  char *q = copy;
  for (;;)
    {
      g_ptr_array_add (lines, q);
      char *nl = memchr (q, '\n', len - (gsize) (q - copy));
      if (nl == NULL)
        break;
      *nl = '\0';
      q = nl + 1;
    }
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (lines, FALSE);
}

static void
free_lines (char **lines)
{
  g_free (lines[0]);
  g_free (lines);
}

ScnTextStatus
scn_parse_text (ScnParser *p, const char *file, const char *text, gsize len)
{
  /* Every file's text, for a campaign to tell one scenario from another
   * (names are left out: renaming a file does not change the study). */
  g_string_append_len (p->scn->source, text, (gssize) len);
  g_string_append (p->scn->source, "\n\x1e\n");
  if (!check_text (p, file, text, len))
    return SCN_TEXT_PARSED;
  char **lines = split_lines (text, len);
  int bad_line;
  if (p->include_sites->len > 0 && !looks_like_scenario (lines, &bad_line))
    {
      free_lines (lines);
      p->not_scenario_line = bad_line;
      return SCN_TEXT_NOT_SCENARIO;
    }
  for (int i = 0; lines[i] != NULL && p->nerr <= SCN_MAX_ERRORS && !p->stop; i++)
    {
      p->file = file;
      p->line = i + 1;
      p->text = lines[i];
      /* The empty piece after a final newline is not a line. */
      if (lines[i + 1] == NULL && lines[i][0] == '\0')
        break;
      if (++p->nlines > SCN_MAX_LINES)
        {
          scn_err_at (p, SCN_ERROR_INVALID, 1, "more than %d lines in all (the limit, counting "
                      "every included file)", SCN_MAX_LINES);
          p->stop = TRUE;
          break;
        }
      int bad_col;
      const char *why;
      p->ntoks = scn_lex_line (lines[i], &p->toks, &bad_col, &why);
      if (p->ntoks > 0)
        p->end_col = p->toks[p->ntoks - 1].col + (int) strlen (p->toks[p->ntoks - 1].text);
      if (bad_col > 0)
        scn_err_at (p, SCN_ERROR_SYNTAX, bad_col, "%s", why);
      else if (p->ntoks > 0)
        parse_line (p);
      scn_toks_free (p->toks, p->ntoks);
      p->toks = NULL;
      p->ntoks = 0;
    }
  free_lines (lines);
  p->text = NULL;
  return SCN_TEXT_PARSED;
}

/* ---- reading files ----------------------------------------------------------- */

ScnReadStatus
scn_read_file (const char *path, gboolean regular_only, gsize limit, char **contents, gsize *len,
               int *errsv)
{
  *contents = NULL;
  *len = 0;
  *errsv = 0;
  /* O_NONBLOCK: opening a FIFO with no writer must not hang; it is
   * cleared again before reading what may be read. */
  int fd = open (path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      *errsv = errno;
      return SCN_READ_ERRNO;
    }
  struct stat st;
  ScnReadStatus status = SCN_READ_OK;
  if (fstat (fd, &st) != 0)
    {
      *errsv = errno;
      status = SCN_READ_ERRNO;
    }
  else if (S_ISDIR (st.st_mode))
    status = SCN_READ_DIRECTORY;
  else if (!S_ISREG (st.st_mode) && regular_only)
    status = SCN_READ_NOT_REGULAR;
  else if (S_ISREG (st.st_mode) && st.st_size > (off_t) limit)
    status = SCN_READ_TOO_LARGE; /* known without reading a byte */
  else
    {
      int fl = fcntl (fd, F_GETFL);
      if (fl >= 0)
        fcntl (fd, F_SETFL, fl & ~O_NONBLOCK);
      /* Read at most limit + 1 bytes (a file may grow, a device may never
       * end), and stop at a NUL byte: the text is refused there anyway. */
      GString *buf = g_string_sized_new (S_ISREG (st.st_mode) ? (gsize) st.st_size + 1 : 65536);
      for (;;)
        {
          gsize want = MIN ((gsize) 65536, limit + 1 - buf->len);
          gsize old = buf->len;
          g_string_set_size (buf, old + want);
          ssize_t got = read (fd, buf->str + old, want);
          if (got < 0)
            {
              *errsv = errno;
              g_string_set_size (buf, old);
              status = SCN_READ_ERRNO;
              break;
            }
          g_string_set_size (buf, old + (gsize) got);
          if (got == 0 || memchr (buf->str + old, '\0', (gsize) got) != NULL)
            break;
          if (buf->len > limit)
            {
              status = SCN_READ_TOO_LARGE;
              break;
            }
        }
      *len = buf->len;
      *contents = g_string_free (buf, status != SCN_READ_OK);
      if (status != SCN_READ_OK)
        *len = 0;
    }
  close (fd);
  return status;
}

/* Checks that need the whole file. */
static void
validate (ScnParser *p)
{
  Scenario *scn = p->scn;
  p->text = NULL;
  if (scn->hosts->len == 0 && p->nerr == 0)
    {
      p->line = 1;
      p->file = scn->path;
      scn_err_at (p, SCN_ERROR_INVALID, 1, "the scenario declares no host");
    }
  /* Times after the end of the run are reported by st_at, parse_when and
   * st_run, on whichever line comes second. */
}

static Scenario *
scn_new (const char *path)
{
  Scenario *scn = g_new0 (Scenario, 1);
  scn->path = g_strdup (path);
  scn->seed = 1;
  scn->until = SIM_TIME_NEVER;
  scn->hosts = g_array_new (FALSE, FALSE, sizeof (ScnHost));
  scn->links = g_array_new (FALSE, FALSE, sizeof (ScnLink));
  scn->faults = g_array_new (FALSE, FALSE, sizeof (ScnFault));
  scn->conns = g_array_new (FALSE, FALSE, sizeof (ScnConn));
  scn->steps = g_array_new (FALSE, FALSE, sizeof (ScnStep));
  scn->gens = g_array_new (FALSE, FALSE, sizeof (ScnGen));
  scn->expects = g_array_new (FALSE, FALSE, sizeof (ScnExpect));
  scn->sweeps = g_array_new (FALSE, FALSE, sizeof (ScnSweep));
  scn->params = g_ptr_array_new ();
  scn->includes = g_ptr_array_new ();
  scn->source = g_string_new ("");
  scn->strings = g_string_chunk_new (1024);
  return scn;
}

void
scn_free (Scenario *scn)
{
  if (scn == NULL)
    return;
  g_free (scn->path);
  g_array_free (scn->hosts, TRUE);
  g_array_free (scn->links, TRUE);
  g_array_free (scn->faults, TRUE);
  g_array_free (scn->conns, TRUE);
  g_array_free (scn->steps, TRUE);
  g_array_free (scn->gens, TRUE);
  g_array_free (scn->expects, TRUE);
  g_array_free (scn->sweeps, TRUE);
  g_ptr_array_free (scn->params, TRUE);
  g_ptr_array_free (scn->includes, TRUE);
  g_string_free (scn->source, TRUE);
  g_string_chunk_free (scn->strings);
  g_free (scn);
}

Scenario *
scn_parse_string (const char *name, const char *text, const ScnDefine *defines, gsize n_defines,
                  GError **error)
{
  ScnParser p = { 0 };
  p.scn = scn_new (name);
  p.errors = g_string_new ("");
  p.params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  p.param_used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p.include_stack = g_ptr_array_new_with_free_func (g_free);
  p.include_sites = g_array_new (FALSE, FALSE, sizeof (ScnIncludeSite));
  p.names = g_hash_table_new (g_str_hash, g_str_equal);
  p.addrs = g_hash_table_new (g_direct_hash, g_direct_equal);
  p.links = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  p.swept = g_hash_table_new (g_str_hash, g_str_equal);
  p.hint_budget = SCN_HINT_BUDGET;
  p.nfiles = 1;
  p.nbytes = strlen (text);
  p.unusable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p.defines = defines;
  p.n_defines = n_defines;
  p.profile = *tcp_profile_lookup ("linux");
  p.last_at = 0;
  const char *file = g_string_chunk_insert_const (p.scn->strings, name);
  g_ptr_array_add (p.include_stack, g_canonicalize_filename (name, NULL));
  scn_parse_text (&p, file, text, p.nbytes);
  if (p.nerr == 0)
    validate (&p);
  for (gsize i = 0; i < n_defines; i++)
    if (!g_hash_table_contains (p.param_used, defines[i].name))
      {
        if (p.nerr++ == 0)
          p.first_code = SCN_ERROR_INVALID;
        const char *close = param_like (&p, defines[i].name);
        char *hint = close != NULL ? g_strdup_printf (" (did you mean '%s'?)", close) : g_strdup ("");
        g_string_append_printf (p.errors, "%s: error: -D %s: the scenario has no parameter '%s'%s\n",
                                name, defines[i].name, defines[i].name, hint);
        g_free (hint);
      }
  if (p.nerr > SCN_MAX_ERRORS)
    g_string_append_printf (p.errors, "%s: more than %d errors, stopping\n", name, SCN_MAX_ERRORS);
  Scenario *scn = p.scn;
  if (p.nerr > 0)
    {
      /* Drop the final newline: callers print the message with one. */
      if (p.errors->len > 0 && p.errors->str[p.errors->len - 1] == '\n')
        g_string_truncate (p.errors, p.errors->len - 1);
      g_set_error_literal (error, SCN_ERROR, p.first_code, p.errors->str);
      scn_free (scn);
      scn = NULL;
    }
  g_string_free (p.errors, TRUE);
  g_hash_table_destroy (p.params);
  g_hash_table_destroy (p.param_used);
  g_ptr_array_free (p.include_stack, TRUE);
  g_array_free (p.include_sites, TRUE);
  g_hash_table_destroy (p.names);
  g_hash_table_destroy (p.addrs);
  g_hash_table_destroy (p.links);
  g_hash_table_destroy (p.swept);
  g_hash_table_destroy (p.unusable);
  return scn;
}

Scenario *
scn_parse_file (const char *path, const ScnDefine *defines, gsize n_defines, GError **error)
{
  char *contents;
  gsize len;
  int errsv;
  /* Not only regular files: `tcpsim run <(generate)` reads a pipe. */
  switch (scn_read_file (path, FALSE, SCN_MAX_FILE_SIZE, &contents, &len, &errsv))
    {
    case SCN_READ_OK:
      break;
    case SCN_READ_ERRNO:
      g_set_error (error, SCN_ERROR, SCN_ERROR_IO, "%s: error: %s", path, g_strerror (errsv));
      return NULL;
    case SCN_READ_DIRECTORY:
      g_set_error (error, SCN_ERROR, SCN_ERROR_IO, "%s: error: it is a directory, not a scenario file",
                   path);
      return NULL;
    case SCN_READ_NOT_REGULAR:
    case SCN_READ_TOO_LARGE:
      g_set_error (error, SCN_ERROR, SCN_ERROR_SYNTAX, "%s:1:1: error: not a text file (larger than "
                   "16 MiB)", path);
      return NULL;
    }
  Scenario *scn;
  const char *nul = memchr (contents, '\0', len);
  if (nul != NULL && g_utf8_validate_len (contents, (gsize) (nul - contents), NULL))
    {
      /* The NUL byte's place (an invalid byte before it is reported by
       * scn_parse_string, which reads up to the NUL). */
      int line = 1;
      const char *bol = contents;
      for (const char *q = contents; q < nul; q++)
        if (*q == '\n')
          {
            line++;
            bol = q + 1;
          }
      g_set_error (error, SCN_ERROR, SCN_ERROR_SYNTAX, "%s:%d:%d: error: not a text file (it "
                   "contains NUL bytes)", path, line, scn_char_col (bol, (gsize) (nul - bol)));
      scn = NULL;
    }
  else if (len == 0 || strspn (contents, " \t\r\n") == len)
    {
      g_set_error (error, SCN_ERROR, SCN_ERROR_INVALID, "%s:1:1: error: the file is empty", path);
      scn = NULL;
    }
  else
    scn = scn_parse_string (path, contents, defines, n_defines, error);
  g_free (contents);
  return scn;
}
