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

/* syncookies on|off: a full SYN queue answers with SYN cookies, or drops
 * the SYN. */
static gboolean
host_syncookies (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj)
{
  (void) s;
  (void) key;
  gboolean on;
  if (!scn_val_onoff (c, &on))
    return FALSE;
  ((ScnHost *) obj)->profile.synq_full = on ? TCP_SYNQ_COOKIES : TCP_SYNQ_DROP;
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

/* Profile values a host may override, then the host's own settings. */
#define PROF(f) (G_STRUCT_OFFSET (ScnHost, profile) + G_STRUCT_OFFSET (TcpProfile, f))
#define PROF_TIME(f) { #f, scn_set_time, PROF (f), #f, 0, 0 }
#define PROF_UINT(f, hi) { #f, scn_set_uint, PROF (f), #f, 0, hi }
#define PROF_BOOL(key, f) { key, scn_set_onoff, PROF (f), key, 0, 0 }
static const ScnSetting host_settings[] = {
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
  if (scn_find_host (p, tn->text) >= 0)
    {
      const ScnHost *o = &g_array_index (p->scn->hosts, ScnHost, scn_find_host (p, tn->text));
      char w[256];
      pinvalid (p, tn, "host '%s' is declared twice (first on %s)", tn->text,
                scn_where (p, o->loc, w, sizeof w));
      return;
    }
  ScnTok *ta = scn_next (c, "an IPv4 address");
  if (ta == NULL)
    return;
  ScnHost h = { .profile = p->profile, .loc = scn_loc_of (p, tn) };
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
                    scn_where (p, o->loc, w, sizeof w));
          return;
        }
    }
  if (!scn_parse_settings (c, "host setting", host_settings, G_N_ELEMENTS (host_settings), &h))
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
