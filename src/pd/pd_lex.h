/* The tokens of a packetdrill script.
 *
 * packetdrill's grammar is not line based: newlines are blanks and a
 * statement ends where its grammar says (a system call after its result,
 * a segment after its fields).  Three things are lines, though, and the
 * lexer handles them before making tokens: "--name=value" settings,
 * "#ifdef NAME" / "#ifndef" / "#else" / "#endif" sections (packetdrill
 * scripts run through the C preprocessor in FreeBSD's suite), and
 * comments ("//" to the end of the line, and "/ * … * /" across lines). */
#ifndef TCPSIM_PD_LEX_H
#define TCPSIM_PD_LEX_H

#include <glib.h>

#include "pd/pd_script.h"

typedef enum
{
  PD_TOK_END,      /* end of input */
  PD_TOK_NUMBER,   /* 12, 0.100, .1, 0x02 */
  PD_TOK_WORD,     /* [A-Za-z_][A-Za-z0-9_]* */
  PD_TOK_STRING,   /* "…" (text without the quotes; no escapes) */
  PD_TOK_SHELL,    /* `…` (text without the backticks) */
  PD_TOK_ELLIPSIS, /* ... */
  PD_TOK_PYTHON,   /* %{ … }% (text: what is between) */
  PD_TOK_PUNCT,    /* one of + - * ~ < > ( ) [ ] { } , = : | . */
} PdTokKind;

typedef struct
{
  PdTokKind kind;
  PdPos pos;
  char punct;     /* PUNCT */
  const char *p;  /* the token's first byte in the text */
  gsize len;      /* its length in the text */
  char *text;     /* WORD, NUMBER, STRING, SHELL: a copy (owned by the PdLex) */
} PdTok;

typedef struct
{
  GArray *toks;        /* PdTok */
  GPtrArray *settings; /* PdSetting *, taken by the parser */
  char *text;          /* the text after preprocessing: comments and the
                          lines of excluded sections blanked, positions kept */
  gsize len;
} PdLex;

/* Reads TEXT (LEN bytes, named FILE in messages).  DEFINES is a
 * NULL-terminated list of the symbols #ifdef tests (may be NULL).  On an
 * error (a stray character, an unterminated string, comment, #ifdef or
 * `…`, a NUL byte) returns FALSE and sets ERROR to
 * "FILE:LINE:COL: error: …". */
gboolean pd_lex (PdLex *lex, const char *file, const char *text, gsize len,
                 const char *const *defines, GError **error);

void pd_lex_clear (PdLex *lex);

#define PD_ERROR (pd_error_quark ())
GQuark pd_error_quark (void);

/* Sets ERROR to "FILE:LINE:COL: error: MESSAGE". */
void pd_error_at (GError **error, const char *file, PdPos pos, const char *fmt, ...)
  G_GNUC_PRINTF (4, 5);

/* Limits on what a script may ask of the reader. */
#define PD_MAX_FILE_SIZE (16 * 1024 * 1024)
#define PD_MAX_DEPTH 32 /* #ifdef nesting, and expression nesting in the parser */

#endif
