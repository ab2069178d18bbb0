/* The scenario parser's driver: lines of words to a validated Scenario.
 * Every mistake becomes "FILE:LINE:COL: error: …" with the line and a
 * caret; the parser goes on with the next line, so one pass reports
 * several.  Here: the statement table (dispatch and "did you mean"),
 * parameter substitution, the line loop, whole-file checks and the public
 * entry points.  The statements are in scn_parse_*.c. */
#include "scenario/scn_parse_priv.h"

#include <string.h>

G_DEFINE_QUARK (tcpsim-scenario-error-quark, scn_error)

/* The declared parameter closest to name, or NULL. */
static const char *
param_like (ScnParser *p, const char *name)
{
  const char *best = NULL;
  guint best_d = G_MAXUINT;
  GHashTableIter it;
  gpointer key;
  g_hash_table_iter_init (&it, p->params);
  while (g_hash_table_iter_next (&it, &key, NULL))
    {
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

/* Replaces $name and ${name} in every word of the line. */
static gboolean
substitute (ScnParser *p)
{
  for (guint i = 0; i < p->ntoks; i++)
    {
      ScnTok *t = &p->toks[i];
      if (strchr (t->text, '$') == NULL)
        continue;
      GString *out = g_string_new ("");
      const char *s = t->text;
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
          ScnTok at = { NULL, t->col + (int) (s - t->text) };
          if (name[0] == '\0' || (braced && *e != '}'))
            perr (p, &at, "bad parameter reference in '%s' (use $name or ${name})", t->text);
          else if (value == NULL)
            {
              const char *close = param_like (p, name);
              if (close != NULL)
                pinvalid (p, &at, "unknown parameter '$%s' (did you mean '$%s'?)", name, close);
              else
                pinvalid (p, &at, "unknown parameter '$%s' (declare it with 'param %s = VALUE' before "
                          "this line)", name, name);
            }
          if (value == NULL || name[0] == '\0' || (braced && *e != '}'))
            {
              g_free (name);
              g_string_free (out, TRUE);
              return FALSE;
            }
          g_string_append (out, value);
          g_free (name);
          s = braced ? e + 1 : e;
        }
      g_free (t->text);
      t->text = g_string_free (out, FALSE);
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

void
scn_parse_text (ScnParser *p, const char *file, const char *text)
{
  /* Every file's text, for a campaign to tell one scenario from another
   * (names are left out: renaming a file does not change the study). */
  g_string_append (p->scn->source, text);
  g_string_append (p->scn->source, "\n\x1e\n");
  if (!g_utf8_validate (text, -1, NULL))
    {
      /* Point at the first bad byte's line and column. */
      const char *bad;
      g_utf8_validate (text, -1, &bad);
      int line = 1, col = 1;
      for (const char *q = text; q < bad; q++)
        {
          if (*q == '\n')
            line++, col = 1;
          else if (((guchar) *q & 0xc0) != 0x80) /* count characters, as elsewhere */
            col++;
        }
      p->file = file;
      p->line = line;
      p->text = NULL;
      scn_err_at (p, SCN_ERROR_SYNTAX, col, "the file is not UTF-8 text");
      return;
    }
  char **lines = g_strsplit (text, "\n", -1);
  for (int i = 0; lines[i] != NULL && p->nerr <= SCN_MAX_ERRORS; i++)
    {
      p->file = file;
      p->line = i + 1;
      p->text = lines[i];
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
  g_strfreev (lines);
  p->text = NULL;
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
  p.unusable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p.defines = defines;
  p.n_defines = n_defines;
  p.profile = *tcp_profile_lookup ("linux");
  p.last_at = 0;
  const char *file = g_string_chunk_insert_const (p.scn->strings, name);
  g_ptr_array_add (p.include_stack, g_canonicalize_filename (name, NULL));
  scn_parse_text (&p, file, text);
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
  g_hash_table_destroy (p.unusable);
  return scn;
}

Scenario *
scn_parse_file (const char *path, const ScnDefine *defines, gsize n_defines, GError **error)
{
  char *contents;
  gsize len;
  GError *err = NULL;
  if (!g_file_get_contents (path, &contents, &len, &err))
    {
      g_set_error (error, SCN_ERROR, SCN_ERROR_IO, "%s: error: %s", path, err->message);
      g_error_free (err);
      return NULL;
    }
  Scenario *scn;
  if (len > SCN_MAX_FILE_SIZE || memchr (contents, '\0', len) != NULL)
    {
      g_set_error (error, SCN_ERROR, SCN_ERROR_SYNTAX, "%s:1:1: error: not a text file%s", path,
                   len > SCN_MAX_FILE_SIZE ? " (larger than 16 MiB)" : " (it contains NUL bytes)");
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
