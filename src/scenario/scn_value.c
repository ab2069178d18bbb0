/* Words and values for the scenario parser: a cursor over the words of
 * the line, readers of whole numbers, times, spans, probabilities, byte
 * sizes, rates and on/off, each reporting a bad value at its column, and
 * keyword settings ("KEY VALUE …" read against a table). */
#include "scenario/scn_parse_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *const scn_seg_classes[7] = { "SYN", "SYN-ACK", "ACK", "FIN", "RST", "data", "any" };

/* ---- word cursor -------------------------------------------------------- */

ScnTok *
scn_peek (ScnCur *c)
{
  return c->i < c->p->ntoks ? &c->p->toks[c->i] : NULL;
}

/* Column just after the last word, for "expected … at end of line".  The
 * token lives in the parser, not in a static, so that parses in two
 * threads do not share it. */
ScnTok *
scn_end_tok (ScnParser *p)
{
  p->end.col = p->end_col;
  p->end.text = (char *) "";
  return &p->end;
}

ScnTok *
scn_next (ScnCur *c, const char *what)
{
  ScnTok *t = scn_peek (c);
  if (t == NULL)
    {
      perr (c->p, scn_end_tok (c->p), "expected %s at the end of the line", what);
      return NULL;
    }
  c->i++;
  return t;
}

gboolean
scn_accept (ScnCur *c, const char *word)
{
  ScnTok *t = scn_peek (c);
  if (t != NULL && g_ascii_strcasecmp (t->text, word) == 0)
    {
      c->i++;
      return TRUE;
    }
  return FALSE;
}

gboolean
scn_expect_word (ScnCur *c, const char *word)
{
  ScnTok *t = scn_next (c, word);
  if (t == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (t->text, word) != 0)
    {
      perr (c->p, t, "expected '%s', found '%s'", word, t->text);
      return FALSE;
    }
  return TRUE;
}

gboolean
scn_at_end (ScnCur *c)
{
  ScnTok *t = scn_peek (c);
  if (t != NULL)
    {
      perr (c->p, t, "unexpected '%s' at the end of the statement", t->text);
      return FALSE;
    }
  return TRUE;
}

/* ---- values -------------------------------------------------------------- */

gboolean
scn_parse_u64 (const char *s, guint64 max, guint64 *out)
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
next_value (ScnCur *c, const char *what)
{
  char buf[64];
  return scn_next (c, wanted (what, buf, sizeof buf));
}

gboolean
scn_val_uint (ScnCur *c, const char *what, guint64 min, guint64 max, guint64 *out)
{
  ScnTok *t = next_value (c, what);
  if (t == NULL)
    return FALSE;
  guint64 v;
  char buf[64];
  /* All digits but too large for 64 bits is out of range like any other. */
  gboolean digits = t->text[0] != '\0' && strspn (t->text, "0123456789") == strlen (t->text);
  if (!scn_parse_u64 (t->text, G_MAXUINT64 / 2, &v) && !digits)
    {
      perr (c->p, t, "expected %s (a whole number), found '%s'", wanted (what, buf, sizeof buf),
            t->text);
      return FALSE;
    }
  if (!scn_parse_u64 (t->text, G_MAXUINT64 / 2, &v) || v < min || v > max)
    {
      pinvalid (c->p, t, "%s %s is out of range (%" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT ")",
                bare (what), t->text, min, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

void
scn_time_str (SimTime t, char *buf, gsize size)
{
  if (t == 0)
    g_strlcpy (buf, "0s", size);
  else
    sim_time_format_short (t, buf, size);
}

/* A time within [min, max], read as the language reads one.  Returns 0,
 * 1 when the text is not a duration (*why says why) or 2 when it is out
 * of range; the scenario and the command line word the two. */
static int
time_in (const char *text, SimTime min, SimTime max, SimTime *out, const char **why)
{
  SimTime v;
  /* A duration too large for SimTime is out of range like any other. */
  gboolean too_large = !sim_time_parse (text, &v, why) && strcmp (*why, "duration is too large") == 0;
  if (!too_large && !sim_time_parse (text, &v, why))
    return 1;
  if (too_large || v < min || v > max)
    return 2;
  *out = v;
  return 0;
}

gboolean
scn_val_time_in (ScnCur *c, const char *what, SimTime min, SimTime max, SimTime *out)
{
  ScnTok *t = next_value (c, what);
  if (t == NULL)
    return FALSE;
  const char *why;
  switch (time_in (t->text, min, max, out, &why))
    {
    case 1:
      perr (c->p, t, "bad %s '%s': %s", bare (what), t->text, why);
      return FALSE;
    case 2:
      {
        char lo[32], hi[32];
        scn_time_str (min, lo, sizeof lo);
        scn_time_str (max, hi, sizeof hi);
        pinvalid (c->p, t, "%s %s is out of range (%s to %s)", bare (what), t->text, lo, hi);
        return FALSE;
      }
    default:
      return TRUE;
    }
}

/* For options on the command line: the same reading, range and words as
 * a time in a scenario. */
gboolean
scn_time_from_text (const char *text, SimTime *out, char **msg)
{
  const char *why;
  switch (time_in (text, 0, SCN_TIME_MAX, out, &why))
    {
    case 1:
      *msg = g_strdup (why);
      return FALSE;
    case 2:
      {
        char hi[32];
        scn_time_str (SCN_TIME_MAX, hi, sizeof hi);
        *msg = g_strdup_printf ("out of range (0s to %s)", hi);
        return FALSE;
      }
    default:
      return TRUE;
    }
}

gboolean
scn_seed_from_text (const char *text, guint64 *out, char **msg)
{
  if (!g_ascii_isdigit (text[0]))
    {
      *msg = g_strdup ("expected a whole number");
      return FALSE;
    }
  if (!scn_parse_u64 (text, G_MAXUINT64 / 2, out))
    {
      *msg = g_strdup_printf ("out of range (0 to %" G_GUINT64_FORMAT ")", G_MAXUINT64 / 2);
      return FALSE;
    }
  return TRUE;
}

gboolean
scn_val_time (ScnCur *c, const char *what, SimTime *out)
{
  return scn_val_time_in (c, what, 0, SCN_TIME_MAX, out);
}

/* A duration on a link or in a fault: at most a day, so that sums of
 * times stay far from overflow. */
gboolean
scn_val_span (ScnCur *c, const char *what, SimTime *out)
{
  return scn_val_time_in (c, what, 0, 86400 * SIM_S, out);
}

gboolean
scn_val_prob (ScnCur *c, const char *what, double *out)
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

gboolean
scn_val_bytes (ScnCur *c, const char *what, guint64 max, guint64 *out)
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
  gboolean ok = nd > 0 && scn_parse_u64 (digits, G_MAXUINT32, &v);
  g_free (digits);
  if (nd > 0 && !ok)
    {
      pinvalid (c->p, t, "%s %s is too large (at most %" G_GUINT64_FORMAT " bytes)", bare (what), t->text,
                max);
      return FALSE;
    }
  if (ok)
    for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
      if (strcmp (s + nd, units[i].suffix) == 0)
        {
          if (v > max / units[i].mult)
            {
              pinvalid (c->p, t, "%s %s is too large (at most %" G_GUINT64_FORMAT " bytes)", bare (what),
                        t->text, max);
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

gboolean
scn_val_rate (ScnCur *c, guint64 *out)
{
  ScnTok *t = scn_next (c, "a rate");
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

gboolean
scn_is_name (const char *s)
{
  if (!g_ascii_isalpha (s[0]) && s[0] != '_')
    return FALSE;
  for (const char *q = s; *q; q++)
    if (!g_ascii_isalnum (*q) && *q != '_' && *q != '-')
      return FALSE;
  return TRUE;
}

ScnLoc
scn_loc_of (ScnParser *p, const ScnTok *t)
{
  return (ScnLoc) { p->file, p->line, t->col };
}

/* "line 3" for a place in the file being read, "net.scn:3" for one in an
 * included (or including) file. */
const char *
scn_where (ScnParser *p, ScnLoc loc, char *buf, gsize size)
{
  if (loc.file == p->file)
    g_snprintf (buf, size, "line %d", loc.line);
  else
    g_snprintf (buf, size, "%s:%d", loc.file, loc.line);
  return buf;
}

/* ---- keyword settings ---------------------------------------------------- */

gboolean
scn_set_time (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj)
{
  (void) key;
  return scn_val_time (c, s->what, SCN_SETTING_FIELD (obj, s, SimTime));
}

gboolean
scn_set_span (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj)
{
  (void) key;
  return scn_val_span (c, s->what, SCN_SETTING_FIELD (obj, s, SimTime));
}

/* A whole number into a guint32 (or guint) field. */
gboolean
scn_set_uint (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj)
{
  (void) key;
  guint64 v;
  if (!scn_val_uint (c, s->what, s->min, s->max, &v))
    return FALSE;
  *SCN_SETTING_FIELD (obj, s, guint32) = (guint32) v;
  return TRUE;
}

gboolean
scn_set_bytes (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj)
{
  (void) key;
  guint64 v;
  if (!scn_val_bytes (c, s->what, s->max, &v))
    return FALSE;
  *SCN_SETTING_FIELD (obj, s, guint32) = (guint32) v;
  return TRUE;
}

gboolean
scn_set_prob (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj)
{
  (void) key;
  return scn_val_prob (c, s->what, SCN_SETTING_FIELD (obj, s, double));
}

gboolean
scn_val_choice (ScnCur *c, const char *what, const char *kind, const char *const *names, gsize n,
                gsize *out)
{
  ScnTok *t = scn_next (c, what);
  if (t == NULL)
    return FALSE;
  for (gsize k = 0; k < n; k++)
    if (strcmp (t->text, names[k]) == 0)
      {
        *out = k;
        return TRUE;
      }
  scn_err_unknown (c->p, t, kind, names, n);
  return FALSE;
}

gboolean
scn_val_seg_class (ScnCur *c, const char *what, SegClass *out)
{
  ScnTok *t = scn_next (c, what);
  if (t == NULL)
    return FALSE;
  if (seg_class_parse (t->text, out))
    return TRUE;
  scn_err_unknown (c->p, t, "segment class", scn_seg_classes, G_N_ELEMENTS (scn_seg_classes));
  return FALSE;
}

gboolean
scn_val_onoff (ScnCur *c, gboolean *out)
{
  ScnTok *tb = scn_next (c, "on or off");
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

gboolean
scn_set_onoff (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj)
{
  (void) key;
  return scn_val_onoff (c, SCN_SETTING_FIELD (obj, s, gboolean));
}

/* A word that stands alone: "poisson". */
gboolean
scn_set_flag (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj)
{
  (void) c;
  (void) key;
  *SCN_SETTING_FIELD (obj, s, gboolean) = TRUE;
  return TRUE;
}

gboolean
scn_parse_settings (ScnCur *c, const char *kind, const ScnSetting *table, gsize n, void *obj)
{
  ScnTok *t;
  while ((t = scn_peek (c)) != NULL)
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
          scn_err_unknown (c->p, t, kind, keys, n);
          return FALSE;
        }
      if (!table[k].parse (c, &table[k], t, obj))
        return FALSE;
    }
  return TRUE;
}
