/* The host statement: a name, an IPv4 address and KEY VALUE settings.
 * Every value a TcpProfile holds is a key of the same name, read as its
 * field table in tcp_profile.c describes it (kind, bounds); the host's own
 * keys (profile, isn) are here.  The same tables print the reference
 * page's table of host keys (scn_host_keys_markdown). */
#include "scenario/scn_parse_priv.h"

#include <string.h>

/* ---- host ------------------------------------------------------------------ */

static gboolean
host_profile (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj)
{
  (void) s;
  (void) key;
  ScnTok *tp = scn_next (c, "a profile name");
  if (tp == NULL)
    return FALSE;
  const TcpProfile *prof = tcp_profile_lookup (tp->text);
  if (prof == NULL)
    {
      scn_err_unknown_profile (c->p, tp);
      return FALSE;
    }
  ((ScnHost *) obj)->profile = *prof;
  return TRUE;
}

/* isn N|random */
static gboolean
host_isn (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj)
{
  (void) s;
  (void) key;
  ScnHost *h = obj;
  if (scn_accept (c, "random"))
    {
      h->isn_fixed = FALSE;
      return TRUE;
    }
  guint64 v;
  if (!scn_val_uint (c, "an ISN", 0, G_MAXUINT32, &v))
    return FALSE;
  h->isn_fixed = TRUE;
  h->isn = (guint32) v;
  return TRUE;
}

/* jiffies_phase T|random: the phase of the host's jiffies clock for the
 * wheel timer model, its uptime at time 0 (sim/timerwheel.h). */
static gboolean
host_jiffies_phase (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj)
{
  (void) s;
  ScnHost *h = obj;
  /* Any time: the wheel's arithmetic takes the uptime modulo nothing, and
   * TCP_PROFILE_TIME_MAX plus the end of a run stays far below 2^63 ns. */
  if (scn_accept (c, "random"))
    {
      h->jiffies_phase_fixed = FALSE;
      return TRUE;
    }
  if (!scn_val_time_in (c, key->text, 0, TCP_PROFILE_TIME_MAX, &h->jiffies_phase))
    return FALSE;
  h->jiffies_phase_fixed = TRUE;
  return TRUE;
}

/* The host's own keys; every other key is a profile value. */
typedef struct
{
  ScnSetting s;
  const char *value, *doc; /* for the reference page */
} HostOwnKey;

static const HostOwnKey host_own[] = {
  { { "profile", host_profile, 0, NULL, 0, 0 }, "a profile name",
    "this host's profile (it replaces the values set before it on the line)" },
  { { "isn", host_isn, 0, NULL, 0, 0 }, "a number or `random`",
    "a fixed initial sequence number (default: RFC 6528, from the seed)" },
  { { "jiffies_phase", host_jiffies_phase, 0, NULL, 0, 0 }, "a time or `random`",
    "the host's uptime at time 0, which sets where its jiffies ticks fall for `timers wheel` "
    "(default: drawn from the seed, stream `jiffies/HOST`)" },
};

/* The profile field called key (or whose alias it is), or NULL. */
static const TcpProfileField *
host_field (const char *key, gboolean *alias)
{
  guint n;
  const TcpProfileField *fields = tcp_profile_fields (&n);
  for (guint i = 0; i < n; i++)
    {
      *alias = fields[i].alias != NULL && strcmp (key, fields[i].alias) == 0;
      if (*alias || strcmp (key, fields[i].key) == 0)
        return &fields[i];
    }
  return NULL;
}

/* Every host key, for hints and for the list of keys: each profile field
 * (then its alias), then the host's own keys.  Free with g_free. */
static const char **
host_keys (gsize *n)
{
  guint nf;
  const TcpProfileField *fields = tcp_profile_fields (&nf);
  const char **keys = g_new (const char *, 2 * nf + G_N_ELEMENTS (host_own));
  gsize k = 0;
  for (guint i = 0; i < nf; i++)
    {
      keys[k++] = fields[i].key;
      if (fields[i].alias != NULL)
        keys[k++] = fields[i].alias;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (host_own); i++)
    keys[k++] = host_own[i].s.key;
  *n = k;
  return keys;
}

/* cookie_mss 536,1300,1460 or -: increasing MSS values, at most
 * TCP_PROFILE_COOKIE_MSS_MAX. */
static gboolean
host_msstab (ScnCur *c, const TcpProfileField *f, const char *what, TcpProfile *prof)
{
  char buf[64];
  g_snprintf (buf, sizeof buf, "a value for %s", what);
  ScnTok *t = scn_next (c, buf);
  if (t == NULL)
    return FALSE;
  if (strcmp (t->text, "-") == 0)
    {
      prof->cookie_mss_n = 0;
      return TRUE;
    }
  char **parts = g_strsplit (t->text, ",", -1);
  guint n = 0;
  guint64 prev = 0;
  gboolean ok = TRUE;
  for (char **q = parts; *q != NULL && ok; q++, n++)
    {
      guint64 v;
      if (!scn_parse_u64 (*q, G_MAXUINT64 / 2, &v))
        {
          perr (c->p, t, "expected %s (MSS values separated by commas, e.g. 536,1460, or -), "
                "found '%s'", buf, t->text);
          ok = FALSE;
        }
      else if (n == TCP_PROFILE_COOKIE_MSS_MAX)
        {
          pinvalid (c->p, t, "%s takes at most %d values", what, TCP_PROFILE_COOKIE_MSS_MAX);
          ok = FALSE;
        }
      else if (v < f->min || v > f->max || v <= prev)
        {
          pinvalid (c->p, t, "%s %s: each MSS must be %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT
                    " and larger than the one before", what, t->text, f->min, f->max);
          ok = FALSE;
        }
      else
        prof->cookie_mss[n] = (guint16) (prev = v);
    }
  g_strfreev (parts);
  if (ok)
    prof->cookie_mss_n = n;
  return ok;
}

/* KEY VALUE for the profile field f, into prof; key is the word as
 * written (the field's key or its alias), and messages name it so. */
static gboolean
host_field_value (ScnCur *c, const TcpProfileField *f, const ScnTok *key, gboolean alias,
                  TcpProfile *prof)
{
  void *at = (char *) prof + f->offset;
  const char *what = key->text;
  guint64 v;
  switch (f->kind)
    {
    case TCP_PF_TIME:
      return scn_val_time_in (c, what, (SimTime) f->min, (SimTime) f->max, (SimTime *) at);
    case TCP_PF_UINT:
      if (!scn_val_uint (c, what, f->min, f->max, &v))
        return FALSE;
      *(guint *) at = (guint) v;
      return TRUE;
    case TCP_PF_U16:
      if (!scn_val_uint (c, what, f->min, f->max, &v))
        return FALSE;
      *(guint16 *) at = (guint16) v;
      return TRUE;
    case TCP_PF_WSCALE:
      {
        /* A shift count, or no option at all (RFC 7323 §2.3). */
        ScnTok *t = scn_peek (c);
        if (t != NULL && strcmp (t->text, "none") == 0)
          {
            c->i++;
            *(guint8 *) at = 0xff;
            return TRUE;
          }
        if (t != NULL && !g_ascii_isdigit (t->text[0]))
          {
            perr (c->p, t, "expected a value for %s (a shift count or none), found '%s'", what,
                  t->text);
            return FALSE;
          }
      }
      if (!scn_val_uint (c, what, f->min, f->max, &v))
        return FALSE;
      *(guint8 *) at = (guint8) v;
      return TRUE;
    case TCP_PF_BOOL:
      return scn_val_onoff (c, (gboolean *) at);
    case TCP_PF_ENUM:
      {
        if (alias)
          {
            /* "syncookies on|off": one of two of the field's values. */
            gboolean on;
            if (!scn_val_onoff (c, &on))
              return FALSE;
            *(int *) at = on ? f->alias_on : f->alias_off;
            return TRUE;
          }
        char buf[64];
        g_snprintf (buf, sizeof buf, "a value for %s", what);
        ScnTok *t = scn_next (c, buf);
        if (t == NULL)
          return FALSE;
        for (int i = 0; f->names[i] != NULL; i++)
          if (strcmp (t->text, f->names[i]) == 0)
            {
              *(int *) at = i;
              return TRUE;
            }
        char *kind = g_strdup_printf ("%s value", what);
        scn_err_unknown (c->p, t, kind, (const char *const *) f->names, g_strv_length ((char **) f->names));
        g_free (kind);
        return FALSE;
      }
    case TCP_PF_MSSTAB:
      return host_msstab (c, f, what, prof);
    }
  g_assert_not_reached ();
}

/* The KEY VALUE settings of a host line, into h. */
static gboolean
host_settings (ScnCur *c, ScnHost *h)
{
  ScnTok *t;
  while ((t = scn_peek (c)) != NULL)
    {
      c->i++;
      gboolean alias, ok;
      const TcpProfileField *f = host_field (t->text, &alias);
      gsize k = 0;
      while (k < G_N_ELEMENTS (host_own) && strcmp (t->text, host_own[k].s.key) != 0)
        k++;
      if (k < G_N_ELEMENTS (host_own))
        ok = host_own[k].s.parse (c, &host_own[k].s, t, h);
      else if (f != NULL)
        ok = host_field_value (c, f, t, alias, &h->profile);
      else
        {
          gsize n;
          const char **keys = host_keys (&n);
          scn_err_unknown (c->p, t, "host setting", keys, n);
          g_free (keys);
          return FALSE;
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

void
scn_st_host (ScnParser *p, ScnCur *c)
{
  ScnTok *tn = scn_next (c, "a host name");
  if (tn == NULL)
    return;
  if (!scn_is_name (tn->text))
    {
      perr (p, tn, "'%s' is not a valid name (letters, digits, '_' and '-', starting with a letter)",
            tn->text);
      return;
    }
  int dup = scn_find_host (p, tn->text);
  if (dup >= 0)
    {
      const ScnHost *o = &g_array_index (p->scn->hosts, ScnHost, dup);
      char w[256];
      pinvalid (p, tn, "host '%s' is declared twice (first on %s)", tn->text,
                scn_where (p, o->loc, w, sizeof w));
      return;
    }
  if (!scn_name_free_for (p, tn, SCN_NAME_HOST))
    return;
  ScnTok *ta = scn_next (c, "an IPv4 address");
  if (ta == NULL)
    return;
  ScnHost h = { .profile = p->profile, .loc = scn_loc_of (p, tn) };
  if (!net_addr_parse (ta->text, &h.addr))
    {
      perr (p, ta, "'%s' is not an IPv4 address (like 10.0.0.1)", ta->text);
      return;
    }
  guint other = GPOINTER_TO_UINT (g_hash_table_lookup (p->addrs, GUINT_TO_POINTER (h.addr)));
  if (other > 0)
    {
      const ScnHost *o = &g_array_index (p->scn->hosts, ScnHost, other - 1);
      char w[256];
      pinvalid (p, ta, "address %s is already used by host '%s' (%s)", ta->text, o->name,
                scn_where (p, o->loc, w, sizeof w));
      return;
    }
  if (!host_settings (c, &h))
    return;
  if (h.profile.rto_min > h.profile.rto_max || h.profile.rto_initial == 0)
    {
      pinvalid (p, tn, "host '%s': rto_min must not exceed rto_max, and rto_initial must be > 0",
                tn->text);
      return;
    }
  /* Checks of values only the new keys could make wrong: a backwards
   * port range, SYN cookies on a clock that does not tick. */
  if (h.profile.port_lo > h.profile.port_hi)
    {
      pinvalid (p, tn, "host '%s': port_lo must not exceed port_hi", tn->text);
      return;
    }
  if (h.profile.cookie_mss_n > 0 && h.profile.cookie_period == 0)
    {
      pinvalid (p, tn, "host '%s': SYN cookies (cookie_mss) need a cookie_period above 0", tn->text);
      return;
    }
  h.name = g_string_chunk_insert (p->scn->strings, tn->text);
  g_array_append_val (p->scn->hosts, h);
  scn_name_add (p, h.name, SCN_NAME_HOST, p->scn->hosts->len - 1);
  g_hash_table_insert (p->addrs, GUINT_TO_POINTER (h.addr), GUINT_TO_POINTER (p->scn->hosts->len));
}

/* ---- the reference page's table -------------------------------------------- */

/* The value column of field f. */
static void
append_value (GString *out, const TcpProfileField *f)
{
  switch (f->kind)
    {
    case TCP_PF_TIME:
      {
        char lo[32], hi[32];
        scn_time_str ((SimTime) f->min, lo, sizeof lo);
        scn_time_str ((SimTime) f->max, hi, sizeof hi);
        g_string_append_printf (out, "time, %s to %s", lo, hi);
      }
      return;
    case TCP_PF_UINT:
    case TCP_PF_U16:
      g_string_append_printf (out, "%" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT, f->min, f->max);
      return;
    case TCP_PF_WSCALE:
      g_string_append_printf (out, "%" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT " or `none`", f->min,
                              f->max);
      return;
    case TCP_PF_BOOL:
      g_string_append (out, "`on` or `off`");
      return;
    case TCP_PF_ENUM:
      for (int i = 0; f->names[i] != NULL; i++)
        g_string_append_printf (out, "%s`%s`", i == 0 ? "" : f->names[i + 1] == NULL ? " or " : ", ",
                                f->names[i]);
      if (f->alias != NULL)
        g_string_append_printf (out, " (`%s`: `on` or `off`)", f->alias);
      return;
    case TCP_PF_MSSTAB:
      g_string_append (out, "MSS values such as `536,1460`, or `-`");
      return;
    }
  g_assert_not_reached ();
}

char *
scn_host_keys_markdown (void)
{
  GString *out = g_string_new ("| key | value | meaning |\n|---|---|---|\n");
  for (gsize i = 0; i < G_N_ELEMENTS (host_own); i++)
    g_string_append_printf (out, "| `%s` | %s | %s |\n", host_own[i].s.key, host_own[i].value,
                            host_own[i].doc);
  guint nf;
  const TcpProfileField *fields = tcp_profile_fields (&nf);
  for (guint i = 0; i < nf; i++)
    {
      const TcpProfileField *f = &fields[i];
      g_string_append_printf (out, "| `%s`", f->key);
      if (f->alias != NULL)
        g_string_append_printf (out, " (or `%s`)", f->alias);
      g_string_append (out, " | ");
      append_value (out, f);
      g_string_append_printf (out, " | %s |\n", f->doc);
    }
  return g_string_free (out, FALSE);
}
