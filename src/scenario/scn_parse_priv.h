/* What the pieces of the scenario parser share: the parser's state (one
 * value per parse, so that parses in different threads never meet), the
 * word cursor, error reporting, value readers, keyword settings, declared
 * names, and the statement handlers that scn_parser.c dispatches to.
 *
 *   scn_report.c           errors with a caret, "did you mean" hints
 *   scn_value.c            the word cursor and values (numbers, times,
 *                          sizes, rates, probabilities, on/off, settings)
 *   scn_names.c            declared hosts, connections and generators
 *   scn_parse_topology.c   profile, seed, param, link, include
 *   scn_parse_host.c       host, its keys from the profile's field table
 *   scn_parse_fault.c      fault
 *   scn_parse_app.c        at, on (the actions), gen
 *   scn_parse_expect.c     expect, run until
 *   scn_parse_sweep.c      sweep, runs, and the values of a sweep spec
 *   scn_parser.c           the line loop, parameters, the statement table
 *
 * Not installed, not for callers outside src/scenario/. */
#ifndef TCPSIM_SCN_PARSE_PRIV_H
#define TCPSIM_SCN_PARSE_PRIV_H

#include <glib.h>

#include "scenario/scenario.h"
#include "scenario/scn_lex.h"

#define SCN_MAX_ERRORS 20
#define SCN_MAX_INCLUDE_DEPTH 16
#define SCN_MAX_FILE_SIZE (16 * 1024 * 1024)

typedef struct
{
  Scenario *scn;
  GString *errors;
  guint nerr;
  ScnErrorCode first_code;
  GHashTable *params;       /* name -> value (owned) */
  GHashTable *param_used;   /* -D names that matched a param */
  const ScnDefine *defines;
  gsize n_defines;
  GPtrArray *include_stack; /* canonical paths being read */
  GHashTable *unusable;     /* names declared on lines that had errors */
  guint nquiet;             /* errors not reported: an unusable name was used */
  TcpProfile profile;       /* default for hosts not yet declared */
  gboolean profile_set;
  SimTime last_at;
  ScnLoc last_at_loc;
  gboolean have_until;
  ScnLoc until_loc;

  /* The line being parsed. */
  const char *file;
  int line;
  const char *text;
  ScnTok *toks;
  guint ntoks;
  int end_col; /* just after the last word as written, before any $name */
  ScnTok end;  /* the place after the last word (scn_end_tok) */
} ScnParser;

/* The words of the current line, from word i on. */
typedef struct
{
  ScnParser *p;
  guint i;
} ScnCur;

/* The names of segment classes, in SegClass order, for messages. */
extern const char *const scn_seg_classes[7];

/* ---- errors (scn_report.c) --------------------------------------------- */

/* Reports "FILE:LINE:COL: error: …" at byte column col of the current
 * line, with the line and a caret; counts it and stops recording after
 * SCN_MAX_ERRORS. */
void scn_err_at (ScnParser *p, ScnErrorCode code, int col, const char *fmt, ...) G_GNUC_PRINTF (4, 5);

#define perr(p, tok, ...) scn_err_at ((p), SCN_ERROR_SYNTAX, (tok)->col, __VA_ARGS__)
#define pinvalid(p, tok, ...) scn_err_at ((p), SCN_ERROR_INVALID, (tok)->col, __VA_ARGS__)

/* How many edits a typo of word may have. */
guint scn_hint_distance (const char *word);
/* " (did you mean 'x'?)" for the closest of candidates, or "" (free it). */
char *scn_suggest (const char *word, const char *const *cands, gsize n);
/* "unknown KIND 'word'" with a hint, or with the choices when none is close. */
void scn_err_unknown (ScnParser *p, const ScnTok *t, const char *kind, const char *const *cands,
                      gsize n);
void scn_err_unknown_profile (ScnParser *p, const ScnTok *t);

/* ---- the word cursor and values (scn_value.c) --------------------------- */

ScnTok *scn_peek (ScnCur *c);
/* A token whose column is just after the last word of the line. */
ScnTok *scn_end_tok (ScnParser *p);
/* The next word, or NULL after "expected WHAT at the end of the line". */
ScnTok *scn_next (ScnCur *c, const char *what);
gboolean scn_accept (ScnCur *c, const char *word);
gboolean scn_expect_word (ScnCur *c, const char *word);
gboolean scn_at_end (ScnCur *c);

gboolean scn_parse_u64 (const char *s, guint64 max, guint64 *out);
/* `what` names a value with its article ("a port") or as a setting's key
 * ("delay"); messages are worded from it. */
gboolean scn_val_uint (ScnCur *c, const char *what, guint64 min, guint64 max, guint64 *out);
gboolean scn_val_time (ScnCur *c, const char *what, SimTime *out);
gboolean scn_val_span (ScnCur *c, const char *what, SimTime *out);
gboolean scn_val_prob (ScnCur *c, const char *what, double *out);
gboolean scn_val_bytes (ScnCur *c, const char *what, guint64 max, guint64 *out);
gboolean scn_val_rate (ScnCur *c, guint64 *out);
gboolean scn_val_onoff (ScnCur *c, gboolean *out);
/* The next word, which must be one of names[0..n) (else "unknown KIND");
 * *out is its index.  what names the word when the line ends early. */
gboolean scn_val_choice (ScnCur *c, const char *what, const char *kind, const char *const *names,
                         gsize n, gsize *out);
/* The next word as a segment class (SYN, SYN-ACK, ACK, FIN, RST, data, any). */
gboolean scn_val_seg_class (ScnCur *c, const char *what, SegClass *out);
gboolean scn_is_name (const char *s);
ScnLoc scn_loc_of (ScnParser *p, const ScnTok *t);
/* "line 3", or "net.scn:3" for a place in another file. */
const char *scn_where (ScnParser *p, ScnLoc loc, char *buf, gsize size);

/* Keyword settings: host, link and generator lines end in "KEY VALUE"
 * settings, in any order, read against a table. */
typedef struct ScnSetting ScnSetting;
/* Reads the value of the setting `key` (already consumed) into obj. */
typedef gboolean (*ScnSettingFn) (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj);
struct ScnSetting
{
  const char *key;
  ScnSettingFn parse;
  gsize off;           /* where the value goes in obj */
  const char *what;    /* the value, as messages name it */
  guint64 min, max;    /* bounds of a whole number, or the largest byte count */
};

#define SCN_SETTING_FIELD(obj, s, type) ((type *) (void *) ((char *) (obj) + (s)->off))

gboolean scn_set_time (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj);
gboolean scn_set_span (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj);
gboolean scn_set_uint (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj);
gboolean scn_set_bytes (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj);
gboolean scn_set_prob (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj);
gboolean scn_set_onoff (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj);
gboolean scn_set_flag (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj);
gboolean scn_parse_settings (ScnCur *c, const char *kind, const ScnSetting *table, gsize n,
                             void *obj);

/* ---- declared names (scn_names.c) --------------------------------------- */

int scn_find_host (ScnParser *p, const char *name);
int scn_find_conn (ScnParser *p, const char *name);
int scn_find_gen (ScnParser *p, const char *name);
/* Whether name was declared on a line that had an error (then the use is
 * not reported again, only counted). */
gboolean scn_is_unusable (ScnParser *p, const char *name);
/* After an error on the line of statement kw: remember what it declares. */
void scn_mark_unusable (ScnParser *p, const char *kw);
void scn_err_unknown_host (ScnParser *p, const ScnTok *t, const char *name);
gboolean scn_ref_host (ScnCur *c, int *out);
gboolean scn_ref_conn (ScnCur *c, int *out);
gboolean scn_ref_endpoint (ScnCur *c, int *host, guint16 *port);
gboolean scn_conn_end (ScnCur *c, ScnTok *t, int conn, int host, int *end);

/* ---- statements ---------------------------------------------------------- */

typedef void (*ScnStatementFn) (ScnParser *p, ScnCur *c);

void scn_st_profile (ScnParser *p, ScnCur *c);
void scn_st_seed (ScnParser *p, ScnCur *c);
void scn_st_param (ScnParser *p, ScnCur *c);
void scn_st_host (ScnParser *p, ScnCur *c);
void scn_st_link (ScnParser *p, ScnCur *c);
void scn_st_include (ScnParser *p, ScnCur *c);
void scn_st_sweep (ScnParser *p, ScnCur *c);
void scn_st_runs (ScnParser *p, ScnCur *c);
void scn_st_fault (ScnParser *p, ScnCur *c);
void scn_st_at (ScnParser *p, ScnCur *c);
void scn_st_on (ScnParser *p, ScnCur *c);
void scn_st_gen (ScnParser *p, ScnCur *c);
void scn_st_expect (ScnParser *p, ScnCur *c);
void scn_st_run (ScnParser *p, ScnCur *c);

/* A time after `run until` is reported on the later of the two lines. */
gboolean scn_check_before_end (ScnParser *p, ScnTok *t, const char *what, SimTime at);

/* ---- the driver (scn_parser.c) -------------------------------------------- */

/* Parses text as the contents of file (an include parses in between). */
void scn_parse_text (ScnParser *p, const char *file, const char *text);

#endif
