/* The scenario tokenizer.  A scenario is line oriented: each statement is
 * one line of whitespace-separated words.  '#' starts a comment, except
 * "#N" (a '#' followed at once by a digit), which is an ordinal ("the
 * first SYN" is "SYN #1").  "$name" and "${name}" are replaced by the value
 * of a parameter.
 *
 * GScanner was tried first; its number rules split "10.0.0.1", "1.100s"
 * and "server:80" into pieces that then had to be glued back with their
 * columns, so words are cut here directly. */
#ifndef TCPSIM_SCN_LEX_H
#define TCPSIM_SCN_LEX_H

#include <glib.h>

/* The longest word, as written and after parameter substitution. */
#define SCN_WORD_MAX 256

typedef struct
{
  char *text; /* after parameter substitution */
  int col;    /* 1-based column of the word in its line */
} ScnTok;

/* Splits one line (without its newline) into words.  Returns the number
 * of words and sets *toks (free with scn_toks_free); a word too long or a
 * control character is reported in *bad_col / *why (col 0 = none). */
guint scn_lex_line (const char *line, ScnTok **toks, int *bad_col, const char **why);
void scn_toks_free (ScnTok *toks, guint n);

/* Edit distance, for "did you mean" hints. */
guint scn_edit_distance (const char *a, const char *b);

#endif
