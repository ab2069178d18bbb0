/* Error reporting for the scenario parser: "FILE:LINE:COL: error: …",
 * the line echoed with a caret under the column, and "did you mean"
 * hints for a word that is close to one that was expected. */
#include "scenario/scn_parse_priv.h"

#include <stdarg.h>
#include <string.h>

/* Word columns are byte offsets; users count characters ("±", "é"), so
 * messages and carets use character columns.  One rule everywhere (the
 * UTF-8 check, NUL bytes, carets): a valid UTF-8 sequence is one column,
 * and so is each byte of an invalid one, as editors show each such byte
 * as one replacement character.  Counting "bytes that are not
 * continuation bytes" instead would give a stray continuation byte no
 * column, and every column after it would be one too small. */
static gsize
char_len (const char *text, gsize off, gsize end)
{
  gunichar ch = g_utf8_get_char_validated (text + off, (gssize) (end - off));
  if (ch == (gunichar) -1 || ch == (gunichar) -2 || ch == 0)
    return 1;
  return (gsize) (g_utf8_next_char (text + off) - (text + off));
}

int
scn_char_col (const char *text, gsize off)
{
  int col = 1;
  gsize i = 0;
  while (i < off)
    {
      if (text[i] == '\0')
        return col + (int) (off - i); /* past the end of the line */
      i += char_len (text, i, off);
      col++;
    }
  return col;
}

/* "  in file included from FILE:LINE:COL", innermost first, as compilers
 * say where a header was included from. */
static void
append_include_chain (ScnParser *p)
{
  for (guint i = p->include_sites->len; i > 0; i--)
    {
      const ScnIncludeSite *s = &g_array_index (p->include_sites, ScnIncludeSite, i - 1);
      g_string_append_printf (p->errors, "  in file included from %s:%d:%d\n", s->file, s->line, s->col);
    }
}

void G_GNUC_PRINTF (4, 5)
scn_err_at (ScnParser *p, ScnErrorCode code, int col, const char *fmt, ...)
{
  if (p->nerr == 0)
    p->first_code = code;
  p->nerr++;
  if (p->nerr > SCN_MAX_ERRORS)
    return;
  va_list ap;
  va_start (ap, fmt);
  char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_string_append_printf (p->errors, "%s:%d:%d: error: %s\n", p->file, p->line,
                          p->text != NULL ? scn_char_col (p->text, (gsize) col - 1) : col, msg);
  if (p->text != NULL)
    {
      /* Echo the line, cut at a character boundary when long, then a caret
       * under the column (tabs kept so that it lines up). */
      gsize len = strlen (p->text), cut = len;
      if (len > 200)
        {
          cut = 200;
          while (cut > 0 && ((guchar) p->text[cut] & 0xc0) == 0x80)
            cut--;
        }
      g_string_append_printf (p->errors, "  %.*s%s\n", (int) cut, p->text, cut < len ? "…" : "");
      if ((gsize) col - 1 <= cut)
        {
          GString *caret = g_string_new ("");
          gsize i = 0, want = (gsize) col - 1;
          while (i < want)
            {
              if (i >= len)
                {
                  g_string_append_c (caret, ' ');
                  i++;
                  continue;
                }
              g_string_append_c (caret, p->text[i] == '\t' ? '\t' : ' ');
              i += char_len (p->text, i, want);
            }
          g_string_append_printf (p->errors, "  %s^\n", caret->str);
          g_string_free (caret, TRUE);
        }
    }
  append_include_chain (p);
  g_free (msg);
}

/* How many edits a typo of word may have: none but case in a one-letter
 * word ('d' is not a typo of 'c'), one in a short word, more in a long one
 * ("syn_retires"). */
guint
scn_hint_distance (const char *word)
{
  gsize len = strlen (word);
  return len <= 1 ? 0 : len <= 3 ? 1 : len <= 6 ? 2 : 3;
}

/* " (did you mean 'x'?)" for the closest of candidates, or "". */
char *
scn_suggest (const char *word, const char *const *cands, gsize n)
{
  const char *best = NULL;
  guint best_d = G_MAXUINT;
  for (gsize i = 0; i < n; i++)
    {
      guint d = scn_edit_distance (word, cands[i]);
      if (d < best_d)
        {
          best_d = d;
          best = cands[i];
        }
    }
  if (best != NULL && best_d <= scn_hint_distance (word))
    return g_strdup_printf (" (did you mean '%s'?)", best);
  return g_strdup ("");
}

/* The same over declared names, which may be many: a name whose length
 * differs by more than the allowed edits cannot be close and costs
 * nothing; each other comparison spends the parse's budget, and when it is
 * spent there is no hint (the same input always gets the same message). */
char *
scn_suggest_budget (ScnParser *p, const char *word, const char *const *names, gsize n)
{
  guint allowed = scn_hint_distance (word);
  gsize len = strlen (word);
  const char *best = NULL;
  guint best_d = G_MAXUINT;
  for (gsize i = 0; i < n; i++)
    {
      gsize l = strlen (names[i]);
      if ((l > len ? l - len : len - l) > allowed)
        continue;
      if (p->hint_budget == 0)
        return g_strdup ("");
      p->hint_budget--;
      guint d = scn_edit_distance (word, names[i]);
      if (d < best_d)
        {
          best_d = d;
          best = names[i];
        }
    }
  if (best != NULL && best_d <= allowed)
    return g_strdup_printf (" (did you mean '%s'?)", best);
  return g_strdup ("");
}

/* "unknown KIND 'word'" with a hint, or with the choices when none is close. */
void
scn_err_unknown (ScnParser *p, const ScnTok *t, const char *kind, const char *const *cands, gsize n)
{
  char *hint = scn_suggest (t->text, cands, n);
  if (hint[0] != '\0')
    scn_err_at (p, SCN_ERROR_SYNTAX, t->col, "unknown %s '%s'%s", kind, t->text, hint);
  else if (n > 16)
    {
      /* A list that long helps nobody in one line: say where it is. */
      if (g_strcmp0 (kind, "host setting") == 0)
        scn_err_at (p, SCN_ERROR_SYNTAX, t->col,
                    "unknown %s '%s' (there are %" G_GSIZE_FORMAT "; 'tcpsim profiles --keys' lists them)",
                    kind, t->text, n);
      else
        scn_err_at (p, SCN_ERROR_SYNTAX, t->col, "unknown %s '%s' (one of %" G_GSIZE_FORMAT " names)",
                    kind, t->text, n);
    }
  else
    {
      GString *list = g_string_new ("");
      for (gsize i = 0; i < n; i++)
        g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", cands[i]);
      scn_err_at (p, SCN_ERROR_SYNTAX, t->col, "unknown %s '%s' (expected one of: %s)", kind, t->text,
               list->str);
      g_string_free (list, TRUE);
    }
  g_free (hint);
}

void
scn_err_unknown_profile (ScnParser *p, const ScnTok *t)
{
  char *names = tcp_profile_names ();
  pinvalid (p, t, "unknown profile '%s' (profiles: %s)", t->text, names);
  g_free (names);
}
