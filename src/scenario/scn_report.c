/* Error reporting for the scenario parser: "FILE:LINE:COL: error: …",
 * the line echoed with a caret under the column, and "did you mean"
 * hints for a word that is close to one that was expected. */
#include "scenario/scn_parse_priv.h"

#include <stdarg.h>
#include <string.h>

/* Word columns are byte offsets; users count characters ("±", "é"), so
 * messages and carets use character columns. */
static int
char_col (const char *text, int byte_col)
{
  int col = 1;
  for (int i = 0; i < byte_col - 1; i++)
    {
      if (text[i] == '\0')
        return col + (byte_col - 1 - i); /* past the end of the line */
      if (((guchar) text[i] & 0xc0) != 0x80)
        col++;
    }
  return col;
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
                          p->text != NULL ? char_col (p->text, col) : col, msg);
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
          for (int i = 0; i < col - 1; i++)
            {
              if ((gsize) i >= len)
                g_string_append_c (caret, ' ');
              else if (p->text[i] == '\t')
                g_string_append_c (caret, '\t');
              else if (((guchar) p->text[i] & 0xc0) != 0x80)
                g_string_append_c (caret, ' ');
            }
          g_string_append_printf (p->errors, "  %s^\n", caret->str);
          g_string_free (caret, TRUE);
        }
    }
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
