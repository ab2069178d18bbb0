/* Splitting scenario lines into words; edit distance for hints. */
#include "scenario/scn_lex.h"

#include <string.h>

guint
scn_lex_line (const char *line, ScnTok **toks, int *bad_col, const char **why)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (ScnTok));
  *bad_col = 0;
  *why = NULL;
  const char *p = line;
  while (*p)
    {
      if (*p == ' ' || *p == '\t' || *p == '\r')
        {
          p++;
          continue;
        }
      if ((unsigned char) *p < 0x20 || *p == 0x7f)
        {
          *bad_col = (int) (p - line) + 1;
          *why = "control character in the text";
          break;
        }
      if (*p == '#' && !g_ascii_isdigit (p[1]))
        break; /* comment to the end of the line */
      /* A word ends at a blank, at a control character (reported by the
       * next turn of the loop, wherever it is in the word) and at a
       * comment, which may follow a word without a space ("50ms# RTT"):
       * '#' starts one anywhere unless a digit follows. */
      const char *start = p;
      while ((unsigned char) *p > ' ' && *p != 0x7f && !(*p == '#' && !g_ascii_isdigit (p[1])))
        p++;
      if (p - start > SCN_WORD_MAX)
        {
          *bad_col = (int) (start - line) + 1;
          *why = "word too long (the limit is " G_STRINGIFY (SCN_WORD_MAX) " bytes)";
          break;
        }
      ScnTok t = { g_strndup (start, (gsize) (p - start)), (int) (start - line) + 1 };
      g_array_append_val (out, t);
    }
  guint n = out->len;
  *toks = (ScnTok *) g_array_free (out, FALSE);
  return n;
}

void
scn_toks_free (ScnTok *toks, guint n)
{
  for (guint i = 0; i < n; i++)
    g_free (toks[i].text);
  g_free (toks);
}

guint
scn_edit_distance (const char *a, const char *b)
{
  /* Optimal string alignment (Damerau-Levenshtein without repeated edits
   * of a substring): a swap of two neighbours ("wbe" for "web") is one
   * edit, as people type them.  Case is ignored. */
  gsize la = strlen (a), lb = strlen (b);
  if (la > 64 || lb > 64)
    return G_MAXUINT;
  guint rows[3][65];
  guint *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
  for (gsize j = 0; j <= lb; j++)
    prev[j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    {
      cur[0] = (guint) i;
      for (gsize j = 1; j <= lb; j++)
        {
          char ai = g_ascii_tolower (a[i - 1]), bj = g_ascii_tolower (b[j - 1]);
          guint cost = ai == bj ? 0 : 1;
          guint v = MIN (MIN (prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
          if (i > 1 && j > 1 && ai == g_ascii_tolower (b[j - 2]) && g_ascii_tolower (a[i - 2]) == bj)
            v = MIN (v, prev2[j - 2] + 1);
          cur[j] = v;
        }
      guint *t = prev2;
      prev2 = prev;
      prev = cur;
      cur = t;
    }
  return prev[lb];
}
