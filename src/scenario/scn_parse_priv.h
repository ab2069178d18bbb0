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
/* Bounds on the work one parse may do, whatever the input (documented in
 * docs/scenario-language.md, "Limits"): files read (the top file and every
 * inclusion, each time it is included), lines and bytes over all of them.
 * A file is read with a bound, never whole and then measured. */
#define SCN_MAX_FILES 256
#define SCN_MAX_LINES 1000000
#define SCN_MAX_FILE_SIZE (16 * 1024 * 1024)
/* The work "did you mean" hints may do in one parse (name comparisons):
 * a typo among 100,000 hosts still gets an answer quickly, or none. */
#define SCN_HINT_BUDGET 2000000

/* What a declared name is: one namespace for hosts, connections and
 * generators, so that "expect HOST CONN" and "gen NAME" are never
 * ambiguous. */
typedef enum
{
  SCN_NAME_HOST,
  SCN_NAME_CONN,
  SCN_NAME_GEN,
} ScnNameKind;

/* Where an include statement is, for "in file included from" notes. */
typedef struct
{
  const char *file;
  int line, col;
} ScnIncludeSite;

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
  GArray *include_sites;    /* ScnIncludeSite of each include being read, outermost first */
  guint nfiles;             /* files read so far, the top one included */
  guint nlines;             /* lines read so far, in all files */
  gsize nbytes;             /* bytes read so far, in all files */
  gboolean stop;            /* a limit was reached: read no further line */
  int not_scenario_line;    /* SCN_TEXT_NOT_SCENARIO: the line that is not a statement */
  GHashTable *names;        /* name -> ScnNameKind | index << 2 (hosts, connections, generators) */
  GHashTable *addrs;        /* host address -> index + 1 */
  GHashTable *links;        /* gint64 (src << 32 | dst) -> link index + 1 */
  GHashTable *swept;        /* parameter names given a sweep line */
  guint64 hint_budget;      /* name comparisons left for hints */
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
 * line, with the line and a caret, then one "in file included from" line
 * per include being read; counts it and stops recording after
 * SCN_MAX_ERRORS. */
void scn_err_at (ScnParser *p, ScnErrorCode code, int col, const char *fmt, ...) G_GNUC_PRINTF (4, 5);
/* The column users see of byte offset off (0-based) of text: UTF-8
 * characters count one each, and so does each byte of an invalid
 * sequence (every byte of it is shown as one replacement character). */
int scn_char_col (const char *text, gsize off);

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
/* A time, 0 to SCN_TIME_MAX. */
gboolean scn_val_time (ScnCur *c, const char *what, SimTime *out);
/* A time in [min, max]; out of it, "WHAT T is out of range (MIN to MAX)". */
gboolean scn_val_time_in (ScnCur *c, const char *what, SimTime min, SimTime max, SimTime *out);
/* "10000000s", "1ns": a bound as messages print it. */
void scn_time_str (SimTime t, char *buf, gsize size);
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

/* Records name (interned, living as long as the Scenario) as element
 * index of its kind. */
void scn_name_add (ScnParser *p, const char *name, ScnNameKind kind, guint index);
/* Whether name may be declared as a kind: if another kind holds it, reports
 * at t "'x' is already a host's name (line 1): a generator needs a name of
 * its own" and returns FALSE.  A name of the same kind is the caller's to
 * report (each statement words "declared twice" its own way). */
gboolean scn_name_free_for (ScnParser *p, const ScnTok *t, ScnNameKind kind);
/* The closest of names[0..n) to word as " (did you mean 'x'?)", or "",
 * within the parse's hint budget; free it. */
char *scn_suggest_budget (ScnParser *p, const char *word, const char *const *names, gsize n);

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
void scn_st_title (ScnParser *p, ScnCur *c);
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

typedef enum
{
  SCN_TEXT_PARSED,       /* read (with or without errors) */
  SCN_TEXT_NOT_SCENARIO, /* an included file whose first statement is not
                            one: nothing read, p->not_scenario_line says where */
} ScnTextStatus;

/* Parses text (len bytes) as the contents of file (an include parses in
 * between).  A NUL byte or invalid UTF-8 is reported at its place. */
ScnTextStatus scn_parse_text (ScnParser *p, const char *file, const char *text, gsize len);

/* $name and ${name} in text (the word t as written, or a -D value for
 * it), from the parameters declared so far; self is the parameter being
 * defined, or NULL.  NULL after an error reported at t. */
char *scn_expand (ScnParser *p, const ScnTok *t, const char *text, const char *self);

typedef enum
{
  SCN_READ_OK,
  SCN_READ_ERRNO,       /* open or read failed: *errsv */
  SCN_READ_DIRECTORY,
  SCN_READ_NOT_REGULAR, /* a device, FIFO or socket, when only files will do */
  SCN_READ_TOO_LARGE,   /* more than limit bytes */
} ScnReadStatus;

/* Reads path, at most limit bytes (never more than limit + 1 are read,
 * and reading stops after a NUL byte).  *contents is NUL-terminated; free
 * it. */
ScnReadStatus scn_read_file (const char *path, gboolean regular_only, gsize limit, char **contents,
                             gsize *len, int *errsv);

#endif
