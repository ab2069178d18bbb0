/* The scenario parser: lines of words to a validated Scenario.  Every
 * mistake becomes "FILE:LINE:COL: error: …" with the line and a caret;
 * the parser goes on with the next line, so one pass reports several. */
#include "scenario/scenario.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scn_lex.h"

G_DEFINE_QUARK (tcpsim-scenario-error-quark, scn_error)

#define MAX_ERRORS 20
#define MAX_INCLUDE_DEPTH 16
#define MAX_FILE_SIZE (16 * 1024 * 1024)

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
} Parser;

static const char *const seg_classes[] = { "SYN", "SYN-ACK", "ACK", "FIN", "RST", "data", "any" };

static const char *const statements[] = {
  "profile", "seed", "param", "host", "link", "fault", "at", "on", "gen", "expect",
  "run", "include",
};

/* ---- errors ------------------------------------------------------------ */

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

static void G_GNUC_PRINTF (4, 5)
perr_at (Parser *p, ScnErrorCode code, int col, const char *fmt, ...)
{
  if (p->nerr == 0)
    p->first_code = code;
  p->nerr++;
  if (p->nerr > MAX_ERRORS)
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

#define perr(p, tok, ...) perr_at ((p), SCN_ERROR_SYNTAX, (tok)->col, __VA_ARGS__)
#define pinvalid(p, tok, ...) perr_at ((p), SCN_ERROR_INVALID, (tok)->col, __VA_ARGS__)

/* How many edits a typo of word may have: none but case in a one-letter
 * word ('d' is not a typo of 'c'), one in a short word, more in a long one
 * ("syn_retires"). */
static guint
hint_distance (const char *word)
{
  gsize len = strlen (word);
  return len <= 1 ? 0 : len <= 3 ? 1 : len <= 6 ? 2 : 3;
}

/* " (did you mean 'x'?)" for the closest of candidates, or "". */
static char *
suggest (const char *word, const char *const *cands, gsize n)
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
  if (best != NULL && best_d <= hint_distance (word))
    return g_strdup_printf (" (did you mean '%s'?)", best);
  return g_strdup ("");
}

/* "unknown KIND 'word'" with a hint, or with the choices when none is close. */
static void
perr_unknown (Parser *p, const ScnTok *t, const char *kind, const char *const *cands, gsize n)
{
  char *hint = suggest (t->text, cands, n);
  if (hint[0] != '\0')
    perr_at (p, SCN_ERROR_SYNTAX, t->col, "unknown %s '%s'%s", kind, t->text, hint);
  else
    {
      GString *list = g_string_new ("");
      for (gsize i = 0; i < n; i++)
        g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", cands[i]);
      perr_at (p, SCN_ERROR_SYNTAX, t->col, "unknown %s '%s' (expected one of: %s)", kind, t->text,
               list->str);
      g_string_free (list, TRUE);
    }
  g_free (hint);
}

/* ---- word cursor -------------------------------------------------------- */

typedef struct
{
  Parser *p;
  guint i;
} Cur;

static ScnTok *
peek (Cur *c)
{
  return c->i < c->p->ntoks ? &c->p->toks[c->i] : NULL;
}

/* Column just after the last word, for "expected … at end of line". */
static ScnTok *
end_tok (Parser *p)
{
  static ScnTok end; /* only col is read; set before each use */
  end.col = p->end_col;
  end.text = (char *) "";
  return &end;
}

static ScnTok *
next (Cur *c, const char *what)
{
  ScnTok *t = peek (c);
  if (t == NULL)
    {
      perr (c->p, end_tok (c->p), "expected %s at the end of the line", what);
      return NULL;
    }
  c->i++;
  return t;
}

static gboolean
accept_word (Cur *c, const char *word)
{
  ScnTok *t = peek (c);
  if (t != NULL && g_ascii_strcasecmp (t->text, word) == 0)
    {
      c->i++;
      return TRUE;
    }
  return FALSE;
}

static gboolean
expect_word (Cur *c, const char *word)
{
  ScnTok *t = next (c, word);
  if (t == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (t->text, word) != 0)
    {
      perr (c->p, t, "expected '%s', found '%s'", word, t->text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
at_end (Cur *c)
{
  ScnTok *t = peek (c);
  if (t != NULL)
    {
      perr (c->p, t, "unexpected '%s' at the end of the statement", t->text);
      return FALSE;
    }
  return TRUE;
}

/* ---- values -------------------------------------------------------------- */

static gboolean
parse_u64 (const char *s, guint64 max, guint64 *out)
{
  if (!g_ascii_isdigit (s[0]))
    return FALSE;
  char *end;
  errno = 0;
  guint64 v = g_ascii_strtoull (s, &end, 10);
  if (errno != 0 || *end != '\0' || v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

/* `what` names a value either with its article ("a port", positional
 * values) or as a setting's key ("delay").  bare() is the noun for messages
 * that quote the value after it ("port 0 is out of range"); wanted() the
 * phrase for "expected …" ("a port", "a value for delay"). */
static const char *
bare (const char *what)
{
  if (g_str_has_prefix (what, "a "))
    return what + 2;
  if (g_str_has_prefix (what, "an "))
    return what + 3;
  return what;
}

static const char *
wanted (const char *what, char *buf, gsize size)
{
  if (bare (what) != what)
    return what;
  g_snprintf (buf, size, "a value for %s", what);
  return buf;
}

static ScnTok *
next_value (Cur *c, const char *what)
{
  char buf[64];
  return next (c, wanted (what, buf, sizeof buf));
}

static gboolean
val_uint (Cur *c, const char *what, guint64 min, guint64 max, guint64 *out)
{
  ScnTok *t = next_value (c, what);
  if (t == NULL)
    return FALSE;
  guint64 v;
  char buf[64];
  if (!parse_u64 (t->text, G_MAXUINT64 / 2, &v))
    {
      perr (c->p, t, "expected %s (a whole number), found '%s'", wanted (what, buf, sizeof buf),
            t->text);
      return FALSE;
    }
  if (v < min || v > max)
    {
      pinvalid (c->p, t, "%s %s is out of range (%" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT ")",
                bare (what), t->text, min, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
val_time (Cur *c, const char *what, SimTime *out)
{
  ScnTok *t = next_value (c, what);
  if (t == NULL)
    return FALSE;
  const char *why;
  if (!sim_time_parse (t->text, out, &why))
    {
      perr (c->p, t, "bad %s '%s': %s", bare (what), t->text, why);
      return FALSE;
    }
  return TRUE;
}

/* A duration on a link or in a fault: at most a day, so that sums of
 * times stay far from overflow. */
static gboolean
val_span (Cur *c, const char *what, SimTime *out)
{
  if (!val_time (c, what, out))
    return FALSE;
  if (*out > 86400 * SIM_S)
    {
      pinvalid (c->p, &c->p->toks[c->i - 1], "%s %s is too long (at most 1 day)", what,
                c->p->toks[c->i - 1].text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
val_prob (Cur *c, const char *what, double *out)
{
  ScnTok *t = next_value (c, what);
  if (t == NULL)
    return FALSE;
  char *end;
  double v = g_ascii_strtod (t->text, &end);
  gboolean pct = *end == '%' && end[1] == '\0';
  char buf[64];
  if (end == t->text || (*end != '\0' && !pct))
    {
      perr (c->p, t, "expected %s (a probability such as 0.1 or 10%%), found '%s'",
            wanted (what, buf, sizeof buf), t->text);
      return FALSE;
    }
  if (pct)
    v /= 100.0;
  if (!(v >= 0.0 && v <= 1.0))
    {
      pinvalid (c->p, t, "%s %s is out of range (0 to 1)", bare (what), t->text);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
val_bytes (Cur *c, const char *what, guint64 max, guint64 *out)
{
  ScnTok *t = next_value (c, what);
  if (t == NULL)
    return FALSE;
  static const struct
  {
    const char *suffix;
    guint64 mult;
  } units[] = { { "", 1 }, { "B", 1 }, { "KB", 1000 }, { "MB", 1000000 },
                { "KiB", 1024 }, { "MiB", 1048576 } };
  const char *s = t->text;
  gsize nd = 0;
  while (g_ascii_isdigit (s[nd]))
    nd++;
  char *digits = g_strndup (s, nd);
  guint64 v;
  gboolean ok = nd > 0 && parse_u64 (digits, G_MAXUINT32, &v);
  g_free (digits);
  if (ok)
    for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
      if (strcmp (s + nd, units[i].suffix) == 0)
        {
          if (v > max / units[i].mult)
            {
              pinvalid (c->p, t, "%s %s is too large", bare (what), t->text);
              return FALSE;
            }
          *out = v * units[i].mult;
          return TRUE;
        }
  char buf[64];
  perr (c->p, t, "expected %s (bytes, e.g. 100, 1KB, 64KiB), found '%s'", wanted (what, buf, sizeof buf),
        t->text);
  return FALSE;
}

static gboolean
val_rate (Cur *c, guint64 *out)
{
  ScnTok *t = next (c, "a rate");
  if (t == NULL)
    return FALSE;
  static const struct
  {
    const char *suffix;
    guint64 mult;
  } units[] = { { "bps", 1 }, { "kbps", 1000 }, { "Mbps", 1000000 }, { "Gbps", 1000000000 } };
  char *end;
  double v = g_ascii_strtod (t->text, &end);
  if (end != t->text && v > 0)
    for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
      if (strcmp (end, units[i].suffix) == 0)
        {
          double bits = v * (double) units[i].mult;
          if (bits < 1 || bits > 1e15)
            break;
          *out = (guint64) bits;
          return TRUE;
        }
  perr (c->p, t, "expected a rate with a unit (bps, kbps, Mbps, Gbps), found '%s'", t->text);
  return FALSE;
}

static gboolean
is_name (const char *s)
{
  if (!g_ascii_isalpha (s[0]) && s[0] != '_')
    return FALSE;
  for (const char *q = s; *q; q++)
    if (!g_ascii_isalnum (*q) && *q != '_' && *q != '-')
      return FALSE;
  return TRUE;
}

static ScnLoc
loc_of (Parser *p, const ScnTok *t)
{
  return (ScnLoc) { p->file, p->line, t->col };
}

/* "line 3" for a place in the file being read, "net.scn:3" for one in an
 * included (or including) file. */
static const char *
where (Parser *p, ScnLoc loc, char *buf, gsize size)
{
  if (loc.file == p->file)
    g_snprintf (buf, size, "line %d", loc.line);
  else
    g_snprintf (buf, size, "%s:%d", loc.file, loc.line);
  return buf;
}

/* The name of element i of an array of structs whose `char *name` field
 * is at name_off. */
static const char *
name_at (GArray *arr, gsize elt_size, gsize name_off, guint i)
{
  return *(const char **) (void *) (arr->data + i * elt_size + name_off);
}

/* Index of the element called name, or -1. */
static int
find_named (GArray *arr, gsize elt_size, gsize name_off, const char *name)
{
  for (guint i = 0; i < arr->len; i++)
    if (strcmp (name_at (arr, elt_size, name_off, i), name) == 0)
      return (int) i;
  return -1;
}

static int
find_host (Parser *p, const char *name)
{
  return find_named (p->scn->hosts, sizeof (ScnHost), G_STRUCT_OFFSET (ScnHost, name), name);
}

static int
find_conn (Parser *p, const char *name)
{
  return find_named (p->scn->conns, sizeof (ScnConn), G_STRUCT_OFFSET (ScnConn, name), name);
}

static int
find_gen (Parser *p, const char *name)
{
  return find_named (p->scn->gens, sizeof (ScnGen), G_STRUCT_OFFSET (ScnGen, name), name);
}

/* A host, generator or connection whose declaring line had an error is
 * not reported again where later lines use it: the first error explains
 * those, and a cascade of "unknown" errors would bury it. */
static gboolean
is_unusable (Parser *p, const char *name)
{
  if (!g_hash_table_contains (p->unusable, name))
    return FALSE;
  p->nquiet++;
  return TRUE;
}

/* After an error on the line of statement kw: remember the name the line
 * declares ("host NAME", "gen NAME", "… connect … as NAME"). */
static void
mark_unusable (Parser *p, const char *kw)
{
  const char *name = NULL;
  if ((strcmp (kw, "host") == 0 || strcmp (kw, "gen") == 0) && p->ntoks > 1)
    name = p->toks[1].text;
  else if (strcmp (kw, "at") == 0 || strcmp (kw, "on") == 0)
    for (guint i = 1; i + 1 < p->ntoks && name == NULL; i++)
      if (strcmp (p->toks[i].text, "as") == 0)
        name = p->toks[i + 1].text;
  if (name != NULL && is_name (name))
    g_hash_table_add (p->unusable, g_strdup (name));
}

static char *
suggest_from (GArray *arr, gsize elt_size, gsize name_off, const char *word)
{
  const char **names = g_new (const char *, arr->len + 1);
  for (guint i = 0; i < arr->len; i++)
    names[i] = name_at (arr, elt_size, name_off, i);
  char *s = suggest (word, names, arr->len);
  g_free (names);
  return s;
}

/* "unknown host 'x'" with a hint, or the hosts declared so far (the first
 * few of them). */
static void
perr_unknown_host (Parser *p, const ScnTok *t, const char *name)
{
  if (is_unusable (p, name))
    return;
  GArray *hosts = p->scn->hosts;
  char *hint = suggest_from (hosts, sizeof (ScnHost), G_STRUCT_OFFSET (ScnHost, name), name);
  if (hint[0] != '\0' || hosts->len == 0)
    pinvalid (p, t, "unknown host '%s'%s", name,
              hint[0] != '\0' ? hint : " (no host is declared before this line)");
  else
    {
      GString *list = g_string_new ("");
      for (guint i = 0; i < MIN (hosts->len, 8); i++)
        g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", g_array_index (hosts, ScnHost, i).name);
      if (hosts->len > 8)
        g_string_append (list, ", …");
      pinvalid (p, t, "unknown host '%s' (the hosts are %s)", name, list->str);
      g_string_free (list, TRUE);
    }
  g_free (hint);
}

static gboolean
ref_host (Cur *c, int *out)
{
  ScnTok *t = next (c, "a host name");
  if (t == NULL)
    return FALSE;
  *out = find_host (c->p, t->text);
  if (*out < 0)
    {
      perr_unknown_host (c->p, t, t->text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
ref_conn (Cur *c, int *out)
{
  ScnTok *t = next (c, "a connection name");
  if (t == NULL)
    return FALSE;
  *out = find_conn (c->p, t->text);
  if (*out < 0 && is_unusable (c->p, t->text))
    return FALSE;
  if (*out < 0)
    {
      char *hint = suggest_from (c->p->scn->conns, sizeof (ScnConn), G_STRUCT_OFFSET (ScnConn, name),
                                 t->text);
      if (hint[0] != '\0')
        pinvalid (c->p, t, "unknown connection '%s'%s", t->text, hint);
      else
        pinvalid (c->p, t, "unknown connection '%s' (a connection is named by 'connect … as NAME' "
                  "on an earlier line)", t->text);
      g_free (hint);
      return FALSE;
    }
  return TRUE;
}

/* HOST:PORT */
static gboolean
ref_endpoint (Cur *c, int *host, guint16 *port)
{
  ScnTok *t = next (c, "HOST:PORT");
  if (t == NULL)
    return FALSE;
  const char *colon = strrchr (t->text, ':');
  if (colon == NULL)
    {
      perr (c->p, t, "expected HOST:PORT, found '%s'", t->text);
      return FALSE;
    }
  char *name = g_strndup (t->text, (gsize) (colon - t->text));
  *host = find_host (c->p, name);
  if (*host < 0)
    {
      perr_unknown_host (c->p, t, name);
      g_free (name);
      return FALSE;
    }
  g_free (name);
  guint64 v;
  ScnTok pt = { NULL, t->col + (int) (colon - t->text) + 1 };
  if (!parse_u64 (colon + 1, G_MAXUINT64 / 2, &v))
    {
      perr (c->p, &pt, "expected a port (a whole number) after '%.*s', found '%s'",
            (int) (colon - t->text) + 1, t->text, colon + 1);
      return FALSE;
    }
  if (v == 0 || v > 65535)
    {
      pinvalid (c->p, &pt, "port %s is out of range (1 to 65535)", colon + 1);
      return FALSE;
    }
  *port = (guint16) v;
  return TRUE;
}

/* The end of connection `conn` that lives on `host`. */
static gboolean
conn_end (Cur *c, ScnTok *t, int conn, int host, int *end)
{
  const ScnConn *sc = &g_array_index (c->p->scn->conns, ScnConn, conn);
  if (sc->host[0] == host)
    *end = 0;
  else if (sc->host[1] == host)
    *end = 1;
  else
    {
      const ScnHost *h = &g_array_index (c->p->scn->hosts, ScnHost, host);
      pinvalid (c->p, t, "host '%s' is not an end of connection '%s'", h->name, sc->name);
      return FALSE;
    }
  return TRUE;
}

/* ---- statements ---------------------------------------------------------- */

static void
perr_unknown_profile (Parser *p, const ScnTok *t)
{
  char *names = tcp_profile_names ();
  pinvalid (p, t, "unknown profile '%s' (profiles: %s)", t->text, names);
  g_free (names);
}

static void
st_profile (Parser *p, Cur *c)
{
  ScnTok *t = next (c, "a profile name");
  if (t == NULL)
    return;
  const TcpProfile *prof = tcp_profile_lookup (t->text);
  if (prof == NULL)
    {
      perr_unknown_profile (p, t);
      return;
    }
  if (p->scn->hosts->len > 0)
    {
      pinvalid (p, t, "'profile' must come before the first host (it sets their default)");
      return;
    }
  if (!at_end (c))
    return;
  p->profile = *prof;
  p->profile_set = TRUE;
}

static void
st_seed (Parser *p, Cur *c)
{
  guint64 v;
  if (val_uint (c, "a seed", 0, G_MAXUINT64 / 2, &v) && at_end (c))
    p->scn->seed = v;
}

/* ---- keyword settings ------------------------------------------------------
 * Host, link and generator lines end in "KEY VALUE" settings, in any order.
 * Each of these statements has a table of its settings; parse_settings()
 * reads a line's settings against it and lists the keys when a word is
 * none of them. */

typedef struct Setting Setting;
/* Reads the value of the setting `key` (already consumed) into obj. */
typedef gboolean (*SettingFn) (Cur *c, const Setting *s, const ScnTok *key, void *obj);
struct Setting
{
  const char *key;
  SettingFn parse;
  gsize off;           /* where the value goes in obj */
  const char *what;    /* the value, as messages name it */
  guint64 min, max;    /* bounds of a whole number, or the largest byte count */
};

#define SETTING_FIELD(obj, s, type) ((type *) (void *) ((char *) (obj) + (s)->off))

G_STATIC_ASSERT (sizeof (guint) == sizeof (guint32));

static gboolean
set_time (Cur *c, const Setting *s, const ScnTok *key, void *obj)
{
  (void) key;
  return val_time (c, s->what, SETTING_FIELD (obj, s, SimTime));
}

static gboolean
set_span (Cur *c, const Setting *s, const ScnTok *key, void *obj)
{
  (void) key;
  return val_span (c, s->what, SETTING_FIELD (obj, s, SimTime));
}

/* A whole number into a guint32 (or guint) field. */
static gboolean
set_uint (Cur *c, const Setting *s, const ScnTok *key, void *obj)
{
  (void) key;
  guint64 v;
  if (!val_uint (c, s->what, s->min, s->max, &v))
    return FALSE;
  *SETTING_FIELD (obj, s, guint32) = (guint32) v;
  return TRUE;
}

static gboolean
set_bytes (Cur *c, const Setting *s, const ScnTok *key, void *obj)
{
  (void) key;
  guint64 v;
  if (!val_bytes (c, s->what, s->max, &v))
    return FALSE;
  *SETTING_FIELD (obj, s, guint32) = (guint32) v;
  return TRUE;
}

static gboolean
set_prob (Cur *c, const Setting *s, const ScnTok *key, void *obj)
{
  (void) key;
  return val_prob (c, s->what, SETTING_FIELD (obj, s, double));
}

static gboolean
val_onoff (Cur *c, gboolean *out)
{
  ScnTok *tb = next (c, "on or off");
  if (tb == NULL)
    return FALSE;
  if (strcmp (tb->text, "on") != 0 && strcmp (tb->text, "off") != 0)
    {
      perr (c->p, tb, "expected on or off, found '%s'", tb->text);
      return FALSE;
    }
  *out = strcmp (tb->text, "on") == 0;
  return TRUE;
}

static gboolean
set_onoff (Cur *c, const Setting *s, const ScnTok *key, void *obj)
{
  (void) key;
  return val_onoff (c, SETTING_FIELD (obj, s, gboolean));
}

/* A word that stands alone: "poisson". */
static gboolean
set_flag (Cur *c, const Setting *s, const ScnTok *key, void *obj)
{
  (void) c;
  (void) key;
  *SETTING_FIELD (obj, s, gboolean) = TRUE;
  return TRUE;
}

static gboolean
parse_settings (Cur *c, const char *kind, const Setting *table, gsize n, void *obj)
{
  ScnTok *t;
  while ((t = peek (c)) != NULL)
    {
      c->i++;
      gsize k = 0;
      while (k < n && strcmp (t->text, table[k].key) != 0)
        k++;
      if (k == n)
        {
          const char **keys = g_newa (const char *, n);
          for (gsize i = 0; i < n; i++)
            keys[i] = table[i].key;
          perr_unknown (c->p, t, kind, keys, n);
          return FALSE;
        }
      if (!table[k].parse (c, &table[k], t, obj))
        return FALSE;
    }
  return TRUE;
}

/* ---- host ------------------------------------------------------------------ */

static gboolean
host_profile (Cur *c, const Setting *s, const ScnTok *key, void *obj)
{
  (void) s;
  (void) key;
  ScnTok *tp = next (c, "a profile name");
  if (tp == NULL)
    return FALSE;
  const TcpProfile *prof = tcp_profile_lookup (tp->text);
  if (prof == NULL)
    {
      perr_unknown_profile (c->p, tp);
      return FALSE;
    }
  ((ScnHost *) obj)->profile = *prof;
  return TRUE;
}

/* syncookies on|off: a full SYN queue answers with SYN cookies, or drops
 * the SYN. */
static gboolean
host_syncookies (Cur *c, const Setting *s, const ScnTok *key, void *obj)
{
  (void) s;
  (void) key;
  gboolean on;
  if (!val_onoff (c, &on))
    return FALSE;
  ((ScnHost *) obj)->profile.synq_full = on ? TCP_SYNQ_COOKIES : TCP_SYNQ_DROP;
  return TRUE;
}

/* isn N|random */
static gboolean
host_isn (Cur *c, const Setting *s, const ScnTok *key, void *obj)
{
  (void) s;
  (void) key;
  ScnHost *h = obj;
  if (accept_word (c, "random"))
    {
      h->isn_fixed = FALSE;
      return TRUE;
    }
  guint64 v;
  if (!val_uint (c, "an ISN", 0, G_MAXUINT32, &v))
    return FALSE;
  h->isn_fixed = TRUE;
  h->isn = (guint32) v;
  return TRUE;
}

/* Profile values a host may override, then the host's own settings. */
#define PROF(f) (G_STRUCT_OFFSET (ScnHost, profile) + G_STRUCT_OFFSET (TcpProfile, f))
#define PROF_TIME(f) { #f, set_time, PROF (f), #f, 0, 0 }
#define PROF_UINT(f, hi) { #f, set_uint, PROF (f), #f, 0, hi }
#define PROF_BOOL(key, f) { key, set_onoff, PROF (f), key, 0, 0 }
static const Setting host_settings[] = {
  PROF_TIME (rto_initial),
  PROF_TIME (rto_min),
  PROF_TIME (rto_max),
  PROF_TIME (time_wait),
  PROF_TIME (fin_wait2_timeout),
  PROF_TIME (delack),
  PROF_UINT (syn_retries, 255),
  PROF_UINT (syn_linear, 255),
  PROF_UINT (synack_retries, 255),
  PROF_UINT (retries2, 255),
  PROF_UINT (backlog, 1000000),
  PROF_UINT (quickack, 1000),
  PROF_BOOL ("timestamps", timestamps),
  PROF_BOOL ("sack", sack),
  PROF_BOOL ("keepalive", keepalive_default),
  PROF_TIME (keepalive_idle),
  PROF_TIME (keepalive_intvl),
  PROF_UINT (keepalive_probes, 1000),
  PROF_UINT (syn_backlog, 10000000),
  PROF_BOOL ("abort_on_overflow", abort_on_overflow),
  PROF_BOOL ("rfc1337", tw_rst_ignore),
  PROF_BOOL ("tlp", tlp),
  PROF_UINT (orphan_retries, 255),
  PROF_UINT (dupthresh, 255),
  { "profile", host_profile, 0, NULL, 0, 0 },
  { "isn", host_isn, 0, NULL, 0, 0 },
  { "syncookies", host_syncookies, 0, NULL, 0, 0 },
};

static void
st_host (Parser *p, Cur *c)
{
  ScnTok *tn = next (c, "a host name");
  if (tn == NULL)
    return;
  if (!is_name (tn->text))
    {
      perr (p, tn, "'%s' is not a valid name (letters, digits, '_' and '-', starting with a letter)",
            tn->text);
      return;
    }
  if (find_host (p, tn->text) >= 0)
    {
      const ScnHost *o = &g_array_index (p->scn->hosts, ScnHost, find_host (p, tn->text));
      char w[256];
      pinvalid (p, tn, "host '%s' is declared twice (first on %s)", tn->text,
                where (p, o->loc, w, sizeof w));
      return;
    }
  ScnTok *ta = next (c, "an IPv4 address");
  if (ta == NULL)
    return;
  ScnHost h = { .profile = p->profile, .loc = loc_of (p, tn) };
  if (!net_addr_parse (ta->text, &h.addr))
    {
      perr (p, ta, "'%s' is not an IPv4 address (like 10.0.0.1)", ta->text);
      return;
    }
  for (guint i = 0; i < p->scn->hosts->len; i++)
    {
      const ScnHost *o = &g_array_index (p->scn->hosts, ScnHost, i);
      if (o->addr == h.addr)
        {
          char w[256];
          pinvalid (p, ta, "address %s is already used by host '%s' (%s)", ta->text, o->name,
                    where (p, o->loc, w, sizeof w));
          return;
        }
    }
  if (!parse_settings (c, "host setting", host_settings, G_N_ELEMENTS (host_settings), &h))
    return;
  if (h.profile.rto_min > h.profile.rto_max || h.profile.rto_initial == 0)
    {
      pinvalid (p, tn, "host '%s': rto_min must not exceed rto_max, and rto_initial must be > 0",
                tn->text);
      return;
    }
  h.name = g_string_chunk_insert (p->scn->strings, tn->text);
  g_array_append_val (p->scn->hosts, h);
}

/* ---- link ------------------------------------------------------------------ */

/* A link line being read: one loss model per line. */
typedef struct
{
  ScnLink l;
  gboolean have_loss;
} LinkDraft;

#define LINK(f) (G_STRUCT_OFFSET (LinkDraft, l) + G_STRUCT_OFFSET (ScnLink, f))

/* jitter D [uniform|normal]: uniform is ± D, normal has std dev D. */
static gboolean
link_jitter (Cur *c, const Setting *s, const ScnTok *key, void *obj)
{
  ScnLink *l = &((LinkDraft *) obj)->l;
  if (!set_span (c, s, key, obj))
    return FALSE;
  if (accept_word (c, "normal"))
    l->jitter_normal = TRUE;
  else
    accept_word (c, "uniform");
  return TRUE;
}

static gboolean
link_one_loss_model (Cur *c, const ScnTok *key, LinkDraft *d)
{
  if (d->have_loss)
    {
      pinvalid (c->p, key, "a link has one loss model: 'loss P' or 'gilbert p=… r=…'");
      return FALSE;
    }
  d->have_loss = TRUE;
  return TRUE;
}

static gboolean
link_loss (Cur *c, const Setting *s, const ScnTok *key, void *obj)
{
  return link_one_loss_model (c, key, obj) && set_prob (c, s, key, obj);
}

/* gilbert p=P r=R [h=H] [k=K]: Gilbert-Elliott bursts. */
static gboolean
link_gilbert (Cur *c, const Setting *s, const ScnTok *key, void *obj)
{
  (void) s;
  Parser *p = c->p;
  ScnLink *l = &((LinkDraft *) obj)->l;
  if (!link_one_loss_model (c, key, obj))
    return FALSE;
  l->gilbert = TRUE;
  gboolean seen_p = FALSE, seen_r = FALSE;
  ScnTok *kv;
  while ((kv = peek (c)) != NULL && strchr (kv->text, '=') != NULL)
    {
      c->i++;
      char k = kv->text[0];
      double *dst = k == 'p' ? &l->ge_p : k == 'r' ? &l->ge_r : k == 'h' ? &l->ge_h
                    : k == 'k' ? &l->ge_k : NULL;
      char *end;
      double x = g_ascii_strtod (kv->text + 2, &end);
      if (dst == NULL || kv->text[1] != '=' || end == kv->text + 2 || *end != '\0')
        {
          perr (p, kv, "expected p=, r=, h= or k= with a probability, found '%s'", kv->text);
          return FALSE;
        }
      if (!(x >= 0.0 && x <= 1.0))
        {
          pinvalid (p, kv, "%s is out of range (0 to 1)", kv->text);
          return FALSE;
        }
      *dst = x;
      seen_p |= k == 'p';
      seen_r |= k == 'r';
    }
  if (!seen_p || !seen_r)
    {
      perr (p, key, "gilbert needs p=P(good to bad) and r=P(bad to good), e.g. "
            "'gilbert p=0.01 r=0.3'");
      return FALSE;
    }
  return TRUE;
}

/* reorder P [by D]: a picked segment arrives D late (default: the delay). */
static gboolean
link_reorder (Cur *c, const Setting *s, const ScnTok *key, void *obj)
{
  ScnLink *l = &((LinkDraft *) obj)->l;
  return set_prob (c, s, key, obj)
         && (!accept_word (c, "by") || val_span (c, "a reordering delay", &l->reorder_by));
}

/* duplicate P [lag D]: the copy arrives D after the original. */
static gboolean
link_duplicate (Cur *c, const Setting *s, const ScnTok *key, void *obj)
{
  ScnLink *l = &((LinkDraft *) obj)->l;
  return set_prob (c, s, key, obj)
         && (!accept_word (c, "lag") || val_span (c, "a duplicate lag", &l->duplicate_lag));
}

static gboolean
link_rate (Cur *c, const Setting *s, const ScnTok *key, void *obj)
{
  (void) key;
  return val_rate (c, SETTING_FIELD (obj, s, guint64));
}

static const Setting link_settings[] = {
  { "delay", set_span, LINK (delay), "delay", 0, 0 },
  { "jitter", link_jitter, LINK (jitter), "jitter", 0, 0 },
  { "loss", link_loss, LINK (loss), "loss", 0, 0 },
  { "gilbert", link_gilbert, 0, NULL, 0, 0 },
  { "reorder", link_reorder, LINK (reorder), "reorder", 0, 0 },
  { "duplicate", link_duplicate, LINK (duplicate), "duplicate", 0, 0 },
  { "rate", link_rate, LINK (rate), NULL, 0, 0 },
  { "queue", set_uint, LINK (qlimit), "queue", 1, 1000000000 },
};

static void
st_link (Parser *p, Cur *c)
{
  int a, b;
  if (!ref_host (c, &a))
    return;
  ScnTok *td = next (c, "'<->' or '->'");
  if (td == NULL)
    return;
  gboolean both = strcmp (td->text, "<->") == 0;
  if (!both && strcmp (td->text, "->") != 0)
    {
      perr (p, td, "expected '<->' (both directions) or '->' (one), found '%s'", td->text);
      return;
    }
  ScnTok *tb = peek (c);
  if (!ref_host (c, &b))
    return;
  if (a == b)
    {
      pinvalid (p, tb, "a link joins two different hosts, not '%s' to itself", tb->text);
      return;
    }
  LinkDraft d = { .l = { .src = a, .dst = b, .ge_h = 1.0, .loc = loc_of (p, td) } };
  if (!parse_settings (c, "link setting", link_settings, G_N_ELEMENTS (link_settings), &d))
    return;
  ScnLink l = d.l;
  for (guint i = 0; i < p->scn->links->len; i++)
    {
      ScnLink *o = &g_array_index (p->scn->links, ScnLink, i);
      if ((o->src == a && o->dst == b) || (both && o->src == b && o->dst == a))
        {
          char w[256];
          pinvalid (p, td, "these hosts are already linked in this direction (%s)",
                    where (p, o->loc, w, sizeof w));
          return;
        }
    }
  g_array_append_val (p->scn->links, l);
  if (both)
    {
      l.src = b;
      l.dst = a;
      g_array_append_val (p->scn->links, l);
    }
}

static void
st_fault (Parser *p, Cur *c)
{
  int a, b;
  if (!ref_host (c, &a))
    return;
  ScnTok *td = next (c, "'->' or '<->'");
  if (td == NULL)
    return;
  gboolean both = strcmp (td->text, "<->") == 0;
  if (!both && strcmp (td->text, "->") != 0)
    {
      perr (p, td, "expected '->' or '<->', found '%s'", td->text);
      return;
    }
  if (!ref_host (c, &b))
    return;
  ScnTok *ta = next (c, "a fault action (drop, delay D, duplicate)");
  if (ta == NULL)
    return;
  ScnFault f = { .src = a, .dst = b, .loc = loc_of (p, ta) };
  /* drop | delay D | duplicate [after D] */
  if (strcmp (ta->text, "drop") == 0)
    f.fault.action = LINK_FAULT_DROP;
  else if (strcmp (ta->text, "delay") == 0)
    {
      f.fault.action = LINK_FAULT_DELAY;
      if (!val_span (c, "a delay", &f.fault.delay))
        return;
    }
  else if (strcmp (ta->text, "duplicate") == 0)
    {
      f.fault.action = LINK_FAULT_DUPLICATE;
      if (accept_word (c, "after") && !val_span (c, "a lag", &f.fault.delay))
        return;
    }
  else
    {
      static const char *const acts[] = { "drop", "delay", "duplicate" };
      perr_unknown (p, ta, "fault action", acts, G_N_ELEMENTS (acts));
      return;
    }
  f.fault.until = SIM_TIME_NEVER;
  f.fault.nth = 0;
  ScnTok *tc = next (c, "a segment class (SYN, SYN-ACK, ACK, FIN, RST, data, any)");
  if (tc == NULL)
    return;
  if (!seg_class_parse (tc->text, &f.fault.cls))
    {
      perr_unknown (p, tc, "segment class", seg_classes, G_N_ELEMENTS (seg_classes));
      return;
    }
  ScnTok *which = NULL, *tfrom = NULL, *tuntil = NULL;
  ScnTok *t;
  while ((t = peek (c)) != NULL)
    {
      c->i++;
      if ((t->text[0] == '#' || strcmp (t->text, "every") == 0) && which != NULL)
        {
          perr (p, t, "'%s' after '%s': say which segments once", t->text, which->text);
          return;
        }
      if (t->text[0] == '#')
        {
          guint64 v;
          if (!parse_u64 (t->text + 1, G_MAXUINT32, &v))
            {
              perr (p, t, "bad ordinal '%s' (the n-th segment is #n: #1, #2, …)", t->text);
              return;
            }
          if (v == 0)
            {
              pinvalid (p, t, "ordinal #0 is out of range: the first segment is #1");
              return;
            }
          f.fault.nth = (guint32) v;
          which = t;
        }
      else if (strcmp (t->text, "every") == 0)
        which = t;
      else if (strcmp (t->text, "from") == 0)
        {
          if (!val_time (c, "a start time", &f.fault.from))
            return;
          tfrom = &p->toks[c->i - 1];
        }
      else if (strcmp (t->text, "until") == 0)
        {
          if (!val_time (c, "an end time", &f.fault.until))
            return;
          tuntil = &p->toks[c->i - 1];
        }
      else
        {
          perr (p, t, "expected '#N', 'every', 'from TIME' or 'until TIME', found '%s'", t->text);
          return;
        }
    }
  if (which == NULL)
    {
      perr (p, end_tok (p), "expected which segments at the end of the line: '#N' (the n-th) or 'every'");
      return;
    }
  if (f.fault.until <= f.fault.from)
    {
      /* until defaults to never, so it was given; from defaults to 0. */
      if (tfrom != NULL)
        pinvalid (p, tuntil, "the fault's window is empty: until %s is not after from %s",
                  tuntil->text, tfrom->text);
      else
        pinvalid (p, tuntil, "the fault's window is empty: until %s is the start of the run",
                  tuntil->text);
      return;
    }
  g_array_append_val (p->scn->faults, f);
  if (both)
    {
      f.src = b;
      f.dst = a;
      g_array_append_val (p->scn->faults, f);
    }
}

static const char *const actions[] = { "listen", "connect", "send", "shutdown", "close", "abort",
                                       "crash", "restart" };

/* HOST ACTION ARGS… (after the trigger). */
static gboolean
parse_action (Parser *p, Cur *c, ScnStep *s)
{
  ScnTok *th = peek (c);
  if (!ref_host (c, &s->host))
    return FALSE;
  ScnTok *ta = next (c, "an action (listen, connect, send, shutdown, close, abort)");
  if (ta == NULL)
    return FALSE;
  gsize k;
  for (k = 0; k < G_N_ELEMENTS (actions); k++)
    if (strcmp (ta->text, actions[k]) == 0)
      break;
  if (k == G_N_ELEMENTS (actions))
    {
      perr_unknown (p, ta, "action", actions, G_N_ELEMENTS (actions));
      return FALSE;
    }
  s->kind = (ScnActKind) k;
  s->conn = -1;
  s->loc = loc_of (p, ta);
  guint64 v;
  switch (s->kind)
    {
    case SCN_ACT_LISTEN:
      if (!val_uint (c, "a port", 1, 65535, &v))
        return FALSE;
      s->port = (guint16) v;
      if (accept_word (c, "backlog"))
        {
          if (!val_uint (c, "a backlog", 1, 1000000, &v))
            return FALSE;
          s->backlog = (guint) v;
        }
      return at_end (c);
    case SCN_ACT_CONNECT:
      {
        ScnTok *te = peek (c);
        if (!ref_endpoint (c, &s->peer, &s->port))
          return FALSE;
        if (s->peer == s->host)
          {
            pinvalid (p, te, "a host cannot connect to itself here");
            return FALSE;
          }
        if (accept_word (c, "from"))
          {
            guint64 lp;
            if (!val_uint (c, "a local port", 1, 65535, &lp))
              return FALSE;
            s->lport = (guint16) lp;
          }
        if (accept_word (c, "as"))
          {
            ScnTok *tn = next (c, "a connection name");
            if (tn == NULL)
              return FALSE;
            if (!is_name (tn->text))
              {
                perr (p, tn, "'%s' is not a valid name", tn->text);
                return FALSE;
              }
            /* One namespace: "expect HOST CONN …" tells them apart. */
            int other = find_conn (p, tn->text);
            if (other >= 0)
              {
                char w[256];
                const ScnConn *o = &g_array_index (p->scn->conns, ScnConn, other);
                pinvalid (p, tn, "connection '%s' is already declared (%s)", tn->text,
                          where (p, o->loc, w, sizeof w));
                return FALSE;
              }
            if (find_host (p, tn->text) >= 0)
              {
                pinvalid (p, tn, "'%s' is a host's name: a connection needs a name of its own",
                          tn->text);
                return FALSE;
              }
            if (!at_end (c))
              return FALSE;
            ScnConn sc = { .name = g_string_chunk_insert (p->scn->strings, tn->text),
                           .host = { s->host, s->peer }, .port = s->port, .loc = loc_of (p, tn) };
            g_array_append_val (p->scn->conns, sc);
            s->conn = (int) p->scn->conns->len - 1;
            return TRUE;
          }
        return at_end (c);
      }
    case SCN_ACT_CRASH:
    case SCN_ACT_RESTART:
      return at_end (c);
    case SCN_ACT_SEND:
    case SCN_ACT_SHUTDOWN:
    case SCN_ACT_CLOSE:
    case SCN_ACT_ABORT:
      {
        int end;
        if (!ref_conn (c, &s->conn) || !conn_end (c, th, s->conn, s->host, &end))
          return FALSE;
        if (s->kind == SCN_ACT_SEND)
          {
            if (!val_bytes (c, "a size", G_MAXUINT32 / 2, &v))
              return FALSE;
            if (v == 0)
              {
                pinvalid (p, &p->toks[c->i - 1], "send needs at least one byte");
                return FALSE;
              }
            s->bytes = (guint32) v;
          }
        return at_end (c);
      }
    }
  return FALSE;
}

/* A time after `run until` could never happen: say so on the later line
 * of the two (this one, once the run's end is known). */
static gboolean
check_before_end (Parser *p, ScnTok *t, const char *what, SimTime at)
{
  if (!p->have_until || at <= p->scn->until)
    return TRUE;
  char u[32], w[256];
  sim_time_format_short (p->scn->until, u, sizeof u);
  pinvalid (p, t, "%s is after the end of the run (run until %s, %s)", what, u,
            where (p, p->until_loc, w, sizeof w));
  return FALSE;
}

static void
st_at (Parser *p, Cur *c)
{
  ScnTok *tt = next (c, "a time");
  if (tt == NULL)
    return;
  ScnStep s = { 0 };
  const char *why;
  gboolean rel = tt->text[0] == '+';
  if (!sim_time_parse (tt->text + (rel ? 1 : 0), &s.at, &why))
    {
      perr (p, tt, "bad time '%s': %s", tt->text, why);
      return;
    }
  if (rel)
    {
      if (s.at > SIM_TIME_NEVER - 1 - p->last_at)
        {
          perr (p, tt, "bad time '%s': duration is too large", tt->text);
          return;
        }
      s.at += p->last_at;
    }
  else if (s.at < p->last_at)
    {
      char prev[32], w[256];
      sim_time_format_short (p->last_at, prev, sizeof prev);
      pinvalid (p, tt, "time %s is before the previous step's %s (%s): steps go in time order",
                tt->text, prev, where (p, p->last_at_loc, w, sizeof w));
      return;
    }
  if (!check_before_end (p, tt, "this step", s.at) || !parse_action (p, c, &s))
    return;
  p->last_at = s.at;
  p->last_at_loc = loc_of (p, tt);
  g_array_append_val (p->scn->steps, s);
}

static void
st_on (Parser *p, Cur *c)
{
  ScnStep s = { .on_event = TRUE };
  ScnTok *tc = peek (c);
  if (!ref_conn (c, &s.ev_conn))
    return;
  (void) tc;
  static const char *const events[] = { "established", "received", "eof", "error", "closed",
                                        "refused", "reset", "timeout" };
  ScnTok *te = next (c, "an event (established, received N, eof, error, closed)");
  if (te == NULL)
    return;
  gsize k;
  for (k = 0; k < G_N_ELEMENTS (events); k++)
    if (strcmp (te->text, events[k]) == 0)
      break;
  if (k == G_N_ELEMENTS (events))
    {
      perr_unknown (p, te, "event", events, G_N_ELEMENTS (events));
      return;
    }
  guint64 v;
  switch (k)
    {
    case 0: s.ev = SCN_EV_ESTABLISHED; break;
    case 1:
      s.ev = SCN_EV_RECEIVED;
      if (!val_bytes (c, "a size", G_MAXUINT32, &v))
        return;
      if (v == 0)
        {
          pinvalid (p, &p->toks[c->i - 1], "'received' needs at least one byte");
          return;
        }
      s.ev_bytes = (guint32) v;
      break;
    case 2: s.ev = SCN_EV_EOF; break;
    case 3: s.ev = SCN_EV_ERROR; break;
    case 4: s.ev = SCN_EV_CLOSED; break;
    case 5: s.ev = SCN_EV_ERROR; s.ev_error = TCP_ECONNREFUSED; break;
    case 6: s.ev = SCN_EV_ERROR; s.ev_error = TCP_ECONNRESET; break;
    case 7: s.ev = SCN_EV_ERROR; s.ev_error = TCP_ETIMEDOUT; break;
    }
  ScnTok *th = peek (c);
  if (!parse_action (p, c, &s))
    return;
  int end;
  if (!conn_end (c, th, s.ev_conn, s.host, &end))
    return;
  g_array_append_val (p->scn->steps, s);
}

/* ---- generator --------------------------------------------------------------- */

/* closer client|server: who closes first. */
static gboolean
gen_closer (Cur *c, const Setting *s, const ScnTok *key, void *obj)
{
  (void) s;
  (void) key;
  ScnTok *tw = next (c, "client or server");
  if (tw == NULL)
    return FALSE;
  AppCloser *closer = &((ScnGen *) obj)->closer;
  if (strcmp (tw->text, "client") == 0)
    *closer = APP_CLOSER_CLIENT;
  else if (strcmp (tw->text, "server") == 0)
    *closer = APP_CLOSER_SERVER;
  else
    {
      perr (c->p, tw, "expected 'client' or 'server' (who closes first), found '%s'", tw->text);
      return FALSE;
    }
  return TRUE;
}

#define GEN(f) G_STRUCT_OFFSET (ScnGen, f)
static const Setting gen_settings[] = {
  { "count", set_uint, GEN (count), "a count", 1, 100000000 },
  { "interval", set_time, GEN (interval), "an interval", 0, 0 },
  { "poisson", set_flag, GEN (poisson), NULL, 0, 0 },
  { "start", set_time, GEN (start), "a start time", 0, 0 },
  { "request", set_bytes, GEN (request), "a request size", 0, G_MAXUINT32 / 2 },
  { "response", set_bytes, GEN (response), "a response size", 0, G_MAXUINT32 / 2 },
  { "requests", set_uint, GEN (requests), "a number of requests", 1, 1000000 },
  { "think", set_time, GEN (think), "a think time", 0, 0 },
  { "closer", gen_closer, 0, NULL, 0, 0 },
};

static void
st_gen (Parser *p, Cur *c)
{
  ScnTok *tn = next (c, "a generator name");
  if (tn == NULL)
    return;
  if (!is_name (tn->text))
    {
      perr (p, tn, "'%s' is not a valid name", tn->text);
      return;
    }
  if (find_gen (p, tn->text) >= 0)
    {
      pinvalid (p, tn, "generator '%s' is declared twice", tn->text);
      return;
    }
  ScnGen g = { .count = 1, .interval = SIM_MS, .request = 100, .response = 100, .requests = 1,
               .closer = APP_CLOSER_SERVER, .loc = loc_of (p, tn) };
  /* CLIENT or CLIENT,CLIENT,… : connections start from each in turn. */
  ScnTok *tc = next (c, "a client host (or several, separated by commas)");
  if (tc == NULL)
    return;
  char **names = g_strsplit (tc->text, ",", -1);
  gboolean ok = TRUE;
  int col = tc->col;
  for (char **nm = names; *nm && ok; col += (int) g_utf8_strlen (*nm, -1) + 1, nm++)
    {
      ScnTok at = { *nm, col };
      int h = find_host (p, *nm);
      if (h < 0)
        {
          perr_unknown_host (p, &at, *nm);
          ok = FALSE;
        }
      else if (g.nclients == SCN_GEN_MAX_CLIENTS)
        {
          pinvalid (p, &at, "a generator takes at most %d client hosts", SCN_GEN_MAX_CLIENTS);
          ok = FALSE;
        }
      else
        g.clients[g.nclients++] = h;
    }
  g_strfreev (names);
  if (!ok || !expect_word (c, "->"))
    return;
  ScnTok *te = peek (c);
  if (!ref_endpoint (c, &g.server, &g.port))
    return;
  for (guint i = 0; i < g.nclients; i++)
    if (g.clients[i] == g.server)
      {
        pinvalid (p, te, "a generator's clients and server must be different hosts");
        return;
      }
  if (!parse_settings (c, "generator setting", gen_settings, G_N_ELEMENTS (gen_settings), &g))
    return;
  if (g.poisson && g.interval == 0)
    {
      pinvalid (p, tn, "Poisson arrivals need a mean interval above 0");
      return;
    }
  if (g.request == 0)
    {
      pinvalid (p, tn, "a generator's request must be at least one byte");
      return;
    }
  g.name = g_string_chunk_insert (p->scn->strings, tn->text);
  g_array_append_val (p->scn->gens, g);
}

static gboolean
parse_op (Cur *c, ScnOp *op)
{
  static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
  ScnTok *t = next (c, "a comparison (==, !=, <, <=, >, >=)");
  if (t == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (ops); i++)
    if (strcmp (t->text, ops[i]) == 0)
      {
        *op = (ScnOp) i;
        return TRUE;
      }
  perr (c->p, t, "expected a comparison (==, !=, <, <=, >, >=), found '%s'", t->text);
  return FALSE;
}

/* "at T [± TOL]" or "by T" */
static gboolean
parse_when (Parser *p, Cur *c, ScnExpect *e, gboolean allow_by)
{
  ScnTok *t = next (c, allow_by ? "'at' or 'by'" : "'at'");
  if (t == NULL)
    return FALSE;
  if (allow_by && strcmp (t->text, "by") == 0)
    e->by = TRUE;
  else if (strcmp (t->text, "at") != 0)
    {
      perr (p, t, "expected %s, found '%s'", allow_by ? "'at' or 'by'" : "'at'", t->text);
      return FALSE;
    }
  if (!val_time (c, "a time", &e->at)
      || !check_before_end (p, &p->toks[c->i - 1], "this expectation's time", e->at))
    return FALSE;
  e->timed = TRUE;
  ScnTok *tp = peek (c);
  if (tp != NULL && (strcmp (tp->text, "±") == 0 || strcmp (tp->text, "+-") == 0))
    {
      c->i++;
      if (e->by)
        {
          perr (p, tp, "'by' takes no tolerance (for a window, write 'at TIME ± TOLERANCE')");
          return FALSE;
        }
      if (!val_time (c, "a tolerance", &e->tol))
        return FALSE;
    }
  return TRUE;
}

static void
st_expect (Parser *p, Cur *c)
{
  ScnExpect e = { .conn = -1, .loc = loc_of (p, &p->toks[0]) };
  GString *text = g_string_new ("");
  for (guint i = 1; i < p->ntoks; i++)
    g_string_append_printf (text, "%s%s", i > 1 ? " " : "", p->toks[i].text);
  e.text = g_string_chunk_insert (p->scn->strings, text->str);
  g_string_free (text, TRUE);

  if (accept_word (c, "gen"))
    {
      /* gen NAME STAT [AGG] OP VALUE */
      e.kind = SCN_EXP_GEN;
      ScnTok *tg = next (c, "a generator name");
      if (tg == NULL)
        return;
      e.gen = find_gen (p, tg->text);
      if (e.gen < 0 && is_unusable (p, tg->text))
        return;
      if (e.gen < 0)
        {
          pinvalid (p, tg, "unknown generator '%s' (declare it with 'gen' on an earlier line)",
                    tg->text);
          return;
        }
      static const char *const stats[] = { "started", "established", "completed", "failed",
                                           "incomplete", "handshake", "lifetime" };
      ScnTok *ts = next (c, "a statistic (started, established, completed, failed, incomplete, "
                            "handshake, lifetime)");
      if (ts == NULL)
        return;
      gsize k;
      for (k = 0; k < G_N_ELEMENTS (stats); k++)
        if (strcmp (ts->text, stats[k]) == 0)
          break;
      if (k == G_N_ELEMENTS (stats))
        {
          perr_unknown (p, ts, "statistic", stats, G_N_ELEMENTS (stats));
          return;
        }
      e.stat = (AppStat) k;
      gboolean duration = e.stat == APP_STAT_HANDSHAKE || e.stat == APP_STAT_LIFETIME;
      if (duration)
        {
          static const char *const aggs[] = { "mean", "p50", "p90", "p99", "min", "max" };
          ScnTok *ta = next (c, "mean, p50, p90, p99, min or max");
          if (ta == NULL)
            return;
          for (k = 0; k < G_N_ELEMENTS (aggs); k++)
            if (strcmp (ta->text, aggs[k]) == 0)
              break;
          if (k == G_N_ELEMENTS (aggs))
            {
              perr_unknown (p, ta, "aggregate", aggs, G_N_ELEMENTS (aggs));
              return;
            }
          e.agg = (AppAgg) k;
        }
      if (!parse_op (c, &e.op))
        return;
      if (duration)
        {
          if (!val_time (c, "a duration", &e.at))
            return;
        }
      else if (!val_uint (c, "a count", 0, G_MAXUINT32, &e.n))
        return;
      if (!at_end (c))
        return;
      g_array_append_val (p->scn->expects, e);
      return;
    }

  if (accept_word (c, "count"))
    {
      e.kind = SCN_EXP_COUNT;
      if (!ref_host (c, &e.src) || !expect_word (c, "->") || !ref_host (c, &e.dst))
        return;
      ScnTok *tc = next (c, "a segment class");
      if (tc == NULL)
        return;
      if (!seg_class_parse (tc->text, &e.cls))
        {
          perr_unknown (p, tc, "segment class", seg_classes, G_N_ELEMENTS (seg_classes));
          return;
        }
      if (!parse_op (c, &e.op) || !val_uint (c, "a count", 0, G_MAXUINT32, &e.n) || !at_end (c))
        return;
      g_array_append_val (p->scn->expects, e);
      return;
    }

  /* [HOST] CONN … : the end defaults to the connecting host's. */
  ScnTok *t1 = peek (c);
  if (t1 == NULL)
    {
      perr (p, end_tok (p), "expected what to expect: a connection or 'count'");
      return;
    }
  int host = find_host (p, t1->text);
  if (host >= 0)
    c->i++;
  ScnTok *tarrow = peek (c);
  if (host >= 0 && tarrow != NULL && strcmp (tarrow->text, "final") == 0)
    {
      /* HOST final STATE OP N: connections HOST holds in STATE at the end. */
      c->i++;
      e.kind = SCN_EXP_FINAL;
      e.src = host;
      ScnTok *ts = next (c, "a state name");
      if (ts == NULL)
        return;
      if (!tcp_state_parse (ts->text, &e.state) || e.state == TCP_STATE_CLOSED
          || e.state == TCP_STATE_LISTEN)
        {
          const char *names[TCP_STATE_COUNT - 2];
          for (int i = 2; i < TCP_STATE_COUNT; i++)
            names[i - 2] = tcp_state_name ((TcpState) i);
          perr_unknown (p, ts, "connection state", names, TCP_STATE_COUNT - 2);
          return;
        }
      if (!parse_op (c, &e.op) || !val_uint (c, "a count", 0, G_MAXUINT32, &e.n) || !at_end (c))
        return;
      g_array_append_val (p->scn->expects, e);
      return;
    }
  if (host >= 0 && tarrow != NULL && strcmp (tarrow->text, "->") == 0)
    {
      /* HOST -> HOST CLASS #N at T [± TOL]: when the n-th segment of a
       * class was sent on that direction. */
      c->i++;
      e.kind = SCN_EXP_NTH;
      e.src = host;
      if (!ref_host (c, &e.dst))
        return;
      ScnTok *tc = next (c, "a segment class");
      if (tc == NULL)
        return;
      if (!seg_class_parse (tc->text, &e.cls))
        {
          perr_unknown (p, tc, "segment class", seg_classes, G_N_ELEMENTS (seg_classes));
          return;
        }
      ScnTok *tn = next (c, "an ordinal such as #1");
      if (tn == NULL)
        return;
      guint64 nth;
      if (tn->text[0] != '#' || !parse_u64 (tn->text + 1, G_MAXUINT32, &nth) || nth == 0)
        {
          perr (p, tn, "expected an ordinal such as #1, found '%s'", tn->text);
          return;
        }
      e.n = nth;
      if (!parse_when (p, c, &e, FALSE) || !at_end (c))
        return;
      g_array_append_val (p->scn->expects, e);
      return;
    }
  if (!ref_conn (c, &e.conn))
    return;
  if (host >= 0)
    {
      if (!conn_end (c, t1, e.conn, host, &e.end))
        return;
    }
  else
    e.end = 0;

  ScnTok *tw = next (c, "a state, 'state', 'error' or 'no-error'");
  if (tw == NULL)
    return;
  if (strcmp (tw->text, "error") == 0)
    {
      e.kind = SCN_EXP_ERROR;
      ScnTok *te = next (c, "an error name (ETIMEDOUT, ECONNREFUSED, ECONNRESET)");
      if (te == NULL)
        return;
      if (!tcp_error_parse (te->text, &e.error))
        {
          static const char *const errs[] = { "ETIMEDOUT", "ECONNREFUSED", "ECONNRESET" };
          perr_unknown (p, te, "error", errs, G_N_ELEMENTS (errs));
          return;
        }
      if (peek (c) != NULL && !parse_when (p, c, &e, FALSE))
        return;
    }
  else if (strcmp (tw->text, "no-error") == 0)
    e.kind = SCN_EXP_NO_ERROR;
  else
    {
      e.kind = SCN_EXP_ENTERED;
      ScnTok *ts = tw;
      if (strcmp (tw->text, "state") == 0)
        {
          e.kind = SCN_EXP_IN_STATE;
          ts = next (c, "a state name");
          if (ts == NULL)
            return;
        }
      if (!tcp_state_parse (ts->text, &e.state))
        {
          const char *names[TCP_STATE_COUNT];
          for (int i = 0; i < TCP_STATE_COUNT; i++)
            names[i] = tcp_state_name ((TcpState) i);
          perr_unknown (p, ts, "state", names, TCP_STATE_COUNT);
          return;
        }
      if (!parse_when (p, c, &e, e.kind == SCN_EXP_ENTERED))
        return;
    }
  if (!at_end (c))
    return;
  g_array_append_val (p->scn->expects, e);
}

static void
st_run (Parser *p, Cur *c)
{
  if (!expect_word (c, "until"))
    return;
  SimTime t;
  if (!val_time (c, "a time", &t) || !at_end (c))
    return;
  ScnTok *tt = &p->toks[2];
  char w[256], at[32];
  if (p->have_until)
    {
      pinvalid (p, &p->toks[0], "'run until' is given twice (first on %s)",
                where (p, p->until_loc, w, sizeof w));
      return;
    }
  /* Steps go in time order, so the last timed one is the latest. */
  if (p->last_at > t)
    {
      sim_time_format_short (p->last_at, at, sizeof at);
      pinvalid (p, tt, "the run ends at %s, before the step at %s (%s)", tt->text, at,
                where (p, p->last_at_loc, w, sizeof w));
      return;
    }
  for (guint i = 0; i < p->scn->expects->len; i++)
    {
      const ScnExpect *e = &g_array_index (p->scn->expects, ScnExpect, i);
      if (e->timed && e->at > t)
        {
          sim_time_format_short (e->at, at, sizeof at);
          pinvalid (p, tt, "the run ends at %s, before the expectation at %s (%s)", tt->text, at,
                    where (p, e->loc, w, sizeof w));
          return;
        }
    }
  p->have_until = TRUE;
  p->until_loc = loc_of (p, &p->toks[0]);
  p->scn->until = t;
}

static void
st_param (Parser *p, Cur *c)
{
  ScnTok *tn = next (c, "a parameter name");
  if (tn == NULL)
    return;
  /* No '-': "$a-b" is the parameter a followed by "-b". */
  if (!is_name (tn->text) || strchr (tn->text, '-') != NULL)
    {
      perr (p, tn, "'%s' is not a valid parameter name (letters, digits and '_', starting with a letter)",
            tn->text);
      return;
    }
  if (!expect_word (c, "="))
    return;
  ScnTok *tv = next (c, "a value");
  if (tv == NULL || !at_end (c))
    return;
  if (g_hash_table_contains (p->params, tn->text))
    {
      pinvalid (p, tn, "parameter '%s' is declared twice", tn->text);
      return;
    }
  const char *value = tv->text;
  for (gsize i = 0; i < p->n_defines; i++)
    if (strcmp (p->defines[i].name, tn->text) == 0)
      {
        value = p->defines[i].value;
        g_hash_table_add (p->param_used, g_strdup (tn->text));
      }
  g_hash_table_insert (p->params, g_strdup (tn->text), g_strdup (value));
}

/* ---- files ----------------------------------------------------------------- */

static void parse_text (Parser *p, const char *file, const char *text);

static void
st_include (Parser *p, Cur *c)
{
  ScnTok *tf = next (c, "a file name");
  if (tf == NULL || !at_end (c))
    return;
  char *dir = g_path_get_dirname (p->file);
  char *path = g_path_is_absolute (tf->text) ? g_strdup (tf->text)
                                               : g_build_filename (dir, tf->text, NULL);
  g_free (dir);
  char *canon = g_canonicalize_filename (path, NULL);
  for (guint i = 0; i < p->include_stack->len; i++)
    if (strcmp (g_ptr_array_index (p->include_stack, i), canon) == 0)
      {
        pinvalid (p, tf, "include cycle: '%s' is already being read", tf->text);
        goto out;
      }
  if (p->include_stack->len >= MAX_INCLUDE_DEPTH)
    {
      pinvalid (p, tf, "includes nested more than %d deep", MAX_INCLUDE_DEPTH);
      goto out;
    }
  char *contents;
  gsize len;
  GError *err = NULL;
  if (!g_file_get_contents (path, &contents, &len, &err))
    {
      /* GLib's message names the path in its own quotes; ENOENT, by far the
       * most common, is worded here with the path that was tried. */
      if (g_error_matches (err, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        perr_at (p, SCN_ERROR_IO, tf->col, "cannot include '%s': there is no file %s", tf->text, path);
      else
        perr_at (p, SCN_ERROR_IO, tf->col, "cannot include '%s': %s", tf->text, err->message);
      g_error_free (err);
      goto out;
    }
  /* Save the line state: the included text is parsed in between. */
  Parser saved = *p;
  g_ptr_array_add (p->include_stack, g_strdup (canon));
  const char *ifile = g_string_chunk_insert_const (p->scn->strings, path);
  if (len > MAX_FILE_SIZE || memchr (contents, '\0', len) != NULL)
    perr_at (p, SCN_ERROR_SYNTAX, tf->col, "'%s' is not a text file", tf->text);
  else
    parse_text (p, ifile, contents);
  g_free (contents);
  g_ptr_array_remove_index (p->include_stack, p->include_stack->len - 1);
  p->file = saved.file;
  p->line = saved.line;
  p->text = saved.text;
  p->toks = saved.toks;
  p->ntoks = saved.ntoks;
  p->end_col = saved.end_col;
out:
  g_free (canon);
  g_free (path);
}

/* The declared parameter closest to name, or NULL. */
static const char *
param_like (Parser *p, const char *name)
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
  return best_d <= hint_distance (name) ? best : NULL;
}

/* Replaces $name and ${name} in every word of the line. */
static gboolean
substitute (Parser *p)
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

static void
parse_line (Parser *p)
{
  Cur c = { p, 0 };
  ScnTok *kw = next (&c, "a statement");
  if (g_ascii_strcasecmp (kw->text, "param") == 0)
    {
      st_param (p, &c); /* a param's own line is not substituted */
      return;
    }
  if (!substitute (p))
    return;
  const char *w = kw->text;
  guint nerr = p->nerr + p->nquiet;
  if (strcmp (w, "profile") == 0)
    st_profile (p, &c);
  else if (strcmp (w, "seed") == 0)
    st_seed (p, &c);
  else if (strcmp (w, "host") == 0)
    st_host (p, &c);
  else if (strcmp (w, "link") == 0)
    st_link (p, &c);
  else if (strcmp (w, "fault") == 0)
    st_fault (p, &c);
  else if (strcmp (w, "at") == 0)
    st_at (p, &c);
  else if (strcmp (w, "on") == 0)
    st_on (p, &c);
  else if (strcmp (w, "gen") == 0)
    st_gen (p, &c);
  else if (strcmp (w, "expect") == 0)
    st_expect (p, &c);
  else if (strcmp (w, "run") == 0)
    st_run (p, &c);
  else if (strcmp (w, "include") == 0)
    st_include (p, &c);
  else
    {
      perr_unknown (p, kw, "statement", statements, G_N_ELEMENTS (statements));
    }
  if (p->nerr + p->nquiet > nerr)
    mark_unusable (p, w);
}

static void
parse_text (Parser *p, const char *file, const char *text)
{
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
      perr_at (p, SCN_ERROR_SYNTAX, col, "the file is not UTF-8 text");
      return;
    }
  char **lines = g_strsplit (text, "\n", -1);
  for (int i = 0; lines[i] != NULL && p->nerr <= MAX_ERRORS; i++)
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
        perr_at (p, SCN_ERROR_SYNTAX, bad_col, "%s", why);
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
validate (Parser *p)
{
  Scenario *scn = p->scn;
  p->text = NULL;
  if (scn->hosts->len == 0 && p->nerr == 0)
    {
      p->line = 1;
      p->file = scn->path;
      perr_at (p, SCN_ERROR_INVALID, 1, "the scenario declares no host");
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
  g_string_chunk_free (scn->strings);
  g_free (scn);
}

Scenario *
scn_parse_string (const char *name, const char *text, const ScnDefine *defines, gsize n_defines,
                  GError **error)
{
  Parser p = { 0 };
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
  parse_text (&p, file, text);
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
  if (p.nerr > MAX_ERRORS)
    g_string_append_printf (p.errors, "%s: more than %d errors, stopping\n", name, MAX_ERRORS);
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
  if (len > MAX_FILE_SIZE || memchr (contents, '\0', len) != NULL)
    {
      g_set_error (error, SCN_ERROR, SCN_ERROR_SYNTAX, "%s:1:1: error: not a text file%s", path,
                   len > MAX_FILE_SIZE ? " (larger than 16 MiB)" : " (it contains NUL bytes)");
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

const char *
scn_op_str (ScnOp op)
{
  static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
  return ops[op];
}

gboolean
scn_op_holds_time (ScnOp op, SimTime a, SimTime b)
{
  /* Durations are never negative: compare them as counts. */
  return scn_op_holds (op, (guint64) MAX (a, 0), (guint64) MAX (b, 0));
}

gboolean
scn_op_holds (ScnOp op, guint64 a, guint64 b)
{
  switch (op)
    {
    case SCN_OP_EQ: return a == b;
    case SCN_OP_NE: return a != b;
    case SCN_OP_LT: return a < b;
    case SCN_OP_LE: return a <= b;
    case SCN_OP_GT: return a > b;
    case SCN_OP_GE: return a >= b;
    }
  return FALSE;
}
