/* sysctl lines of packetdrill scripts onto TcpProfile values (pd_sysctl.h).
 * The names and units are the kernels' own: Linux
 * Documentation/networking/ip-sysctl.rst, FreeBSD tcp(4). */
#include "pd/pd_sysctl.h"

#include <string.h>

typedef enum
{
  K_BOOL,       /* 0 or 1 (Linux tcp_timestamps also takes 2) into a gboolean */
  K_UINT,       /* a count into a guint */
  K_SECONDS,    /* seconds into a SimTime */
  K_MILLIS,     /* milliseconds into a SimTime */
  K_TWICE_MS,   /* FreeBSD msl: milliseconds, TIME-WAIT is twice that */
  K_SPECIAL,    /* handled by name in apply_special() */
  K_NOOP_IF,    /* known, not modelled: noop when the value is `ok`, else unsupported */
} Kind;

typedef struct
{
  const char *name;
  Kind kind;
  gsize offset;
  const char *ok; /* K_NOOP_IF: the values that ask for nothing, "|"-separated */
} Sysctl;

#define F(field) G_STRUCT_OFFSET (TcpProfile, field)

static const Sysctl SYSCTLS[] = {
  /* Linux, net.ipv4. */
  { "net.ipv4.tcp_timestamps", K_BOOL, F (timestamps), NULL },
  { "net.ipv4.tcp_sack", K_BOOL, F (sack), NULL },
  { "net.ipv4.tcp_window_scaling", K_SPECIAL, 0, NULL },
  { "net.ipv4.tcp_syn_retries", K_UINT, F (syn_retries), NULL },
  { "net.ipv4.tcp_syn_linear_timeouts", K_UINT, F (syn_linear), NULL },
  { "net.ipv4.tcp_synack_retries", K_UINT, F (synack_retries), NULL },
  { "net.ipv4.tcp_retries2", K_UINT, F (retries2), NULL },
  { "net.ipv4.tcp_orphan_retries", K_SPECIAL, 0, NULL },
  { "net.ipv4.tcp_fin_timeout", K_SECONDS, F (fin_wait2_timeout), NULL },
  { "net.ipv4.tcp_rfc1337", K_BOOL, F (tw_rst_ignore), NULL },
  { "net.ipv4.tcp_abort_on_overflow", K_BOOL, F (abort_on_overflow), NULL },
  { "net.ipv4.tcp_syncookies", K_SPECIAL, 0, NULL },
  { "net.ipv4.tcp_keepalive_time", K_SECONDS, F (keepalive_idle), NULL },
  { "net.ipv4.tcp_keepalive_intvl", K_SECONDS, F (keepalive_intvl), NULL },
  { "net.ipv4.tcp_keepalive_probes", K_UINT, F (keepalive_probes), NULL },
  { "net.ipv4.tcp_early_retrans", K_SPECIAL, 0, NULL },
  { "net.ipv4.tcp_invalid_ratelimit", K_MILLIS, F (challenge_ack_window), NULL },
  { "net.ipv4.tcp_ecn", K_NOOP_IF, 0, "0|2" },
  { "net.ipv4.tcp_fastopen", K_NOOP_IF, 0, "0|1" },
  { "net.ipv4.tcp_min_tso_segs", K_NOOP_IF, 0, NULL },
  { "net.ipv4.tcp_pacing_ss_ratio", K_NOOP_IF, 0, NULL },
  { "net.ipv4.tcp_pacing_ca_ratio", K_NOOP_IF, 0, NULL },
  { "net.ipv4.tcp_mtu_probing", K_NOOP_IF, 0, "0" },
  { "net.ipv4.tcp_dsack", K_NOOP_IF, 0, NULL },
  { "net.ipv4.tcp_tw_reuse", K_NOOP_IF, 0, "0|2" },
  /* FreeBSD, net.inet.tcp. and kern.ipc. */
  { "net.inet.tcp.rfc1323", K_SPECIAL, 0, NULL },
  { "net.inet.tcp.sack.enable", K_BOOL, F (sack), NULL },
  { "net.inet.tcp.insecure_syn", K_SPECIAL, 0, NULL },
  { "net.inet.tcp.insecure_rst", K_SPECIAL, 0, NULL },
  { "net.inet.tcp.msl", K_TWICE_MS, F (time_wait), NULL },
  { "net.inet.tcp.finwait2_timeout", K_MILLIS, F (fin_wait2_timeout), NULL },
  { "net.inet.tcp.keepidle", K_MILLIS, F (keepalive_idle), NULL },
  { "net.inet.tcp.keepintvl", K_MILLIS, F (keepalive_intvl), NULL },
  { "net.inet.tcp.keepcnt", K_UINT, F (keepalive_probes), NULL },
  { "net.inet.tcp.delacktime", K_MILLIS, F (delack), NULL },
  { "net.inet.tcp.rexmit_min", K_MILLIS, F (rto_min), NULL },
  { "net.inet.tcp.rexmit_slop", K_MILLIS, F (rto_slop), NULL },
  { "net.inet.tcp.rexmit_initial", K_MILLIS, F (rto_initial), NULL },
  { "net.inet.tcp.initcwnd_segments", K_UINT, F (init_cwnd), NULL },
  { "net.inet.tcp.syncookies", K_SPECIAL, 0, NULL },
  { "net.inet.tcp.blackhole", K_NOOP_IF, 0, "0" },
  { "net.inet.tcp.ecn.enable", K_NOOP_IF, 0, "0|2" },
  { "net.inet.tcp.drop_synfin", K_BOOL, F (drop_synfin), NULL },
  { "net.inet.tcp.hostcache.purgenow", K_NOOP_IF, 0, NULL },
  { "net.inet.tcp.tolerate_missing_ts", K_NOOP_IF, 0, NULL },
  /* Buffer sizes: tcpsim's windows are the profile's; the suites set the
   * defaults, which ask for nothing. */
  { "net.inet.tcp.recvspace", K_NOOP_IF, 0, "65536" },
  { "net.inet.tcp.sendspace", K_NOOP_IF, 0, "32768" },
  { "kern.ipc.maxsockbuf", K_NOOP_IF, 0, "2097152" },
};

static gboolean
read_u64 (const char *v, guint64 max, guint64 *out)
{
  return g_ascii_string_to_unsigned (v, 10, 0, max, out, NULL);
}

static gboolean
value_in (const char *v, const char *list)
{
  if (list == NULL)
    return TRUE;
  g_auto (GStrv) ok = g_strsplit (list, "|", -1);
  return g_strv_contains ((const char *const *) ok, v);
}

static PdSysctlResult
apply_special (TcpProfile *p, const char *name, guint64 v, char **what)
{
  const char *leaf = strrchr (name, '.') + 1;
  if (strcmp (leaf, "tcp_window_scaling") == 0)
    {
      if (v > 1)
        return PD_SYSCTL_BAD_VALUE;
      if (v == 0)
        p->wscale = 0xff;
      else if (p->wscale == 0xff)
        p->wscale = 7; /* Linux's scale for a default receive buffer */
      return PD_SYSCTL_APPLIED;
    }
  if (strcmp (leaf, "rfc1323") == 0)
    {
      /* FreeBSD tcp(4): 0 neither, 1 both, 2 window scaling only, 3
       * timestamps only (V_tcp_do_rfc1323 != 3, != 2 in tcp_syncache.c). */
      if (v > 3)
        return PD_SYSCTL_BAD_VALUE;
      gboolean ws = v == 1 || v == 2;
      gboolean ts = v == 1 || v == 3;
      p->timestamps = ts;
      if (!ws)
        p->wscale = 0xff;
      else if (p->wscale == 0xff)
        p->wscale = 6;
      return PD_SYSCTL_APPLIED;
    }
  if (strcmp (leaf, "tcp_orphan_retries") == 0)
    {
      p->orphan_retries = v == 0 ? 8 : (guint) v; /* tcp_orphan_retries(): 0 means 8 */
      return PD_SYSCTL_APPLIED;
    }
  if (strcmp (leaf, "tcp_syncookies") == 0 || strcmp (leaf, "syncookies") == 0)
    {
      if (v == 0)
        p->synq_full = TCP_SYNQ_DROP;
      else if (v == 1)
        p->synq_full = TCP_SYNQ_COOKIES;
      else
        return PD_SYSCTL_UNSUPPORTED; /* cookies always: not modelled */
      return PD_SYSCTL_APPLIED;
    }
  if (strcmp (leaf, "tcp_early_retrans") == 0)
    {
      if (v > 4)
        return PD_SYSCTL_BAD_VALUE;
      p->tlp = v >= 3;
      return PD_SYSCTL_APPLIED;
    }
  if (strcmp (leaf, "insecure_syn") == 0 || strcmp (leaf, "insecure_rst") == 0)
    {
      /* FreeBSD has one switch for RFC 5961's SYN rules and one for its
       * RST rules; tcpsim's rfc5961 covers both. */
      if (v > 1)
        return PD_SYSCTL_BAD_VALUE;
      p->rfc5961 = v == 0;
      *what = g_strdup_printf ("%s=%" G_GUINT64_FORMAT ": rfc5961 %s (tcpsim has one switch for "
                               "RFC 5961's SYN and RST rules)", name, v, v == 0 ? "on" : "off");
      return PD_SYSCTL_APPLIED;
    }
  return PD_SYSCTL_UNKNOWN;
}

PdSysctlResult
pd_sysctl_apply (TcpProfile *p, const char *command, char **what)
{
  *what = NULL;
  g_auto (GStrv) words = g_strsplit_set (command, " \t", -1);
  guint i = 0;
  while (words[i] != NULL && words[i][0] == '\0')
    i++;
  if (words[i] == NULL || strcmp (words[i], "sysctl") != 0)
    {
      *what = g_strdup_printf ("`%s` is not a sysctl", command);
      return PD_SYSCTL_NOT_SYSCTL;
    }
  const char *assign = NULL;
  for (i++; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0' || words[i][0] == '-')
        continue;
      if (assign != NULL || strchr (words[i], '=') == NULL)
        {
          *what = g_strdup_printf ("`%s`: tcpsim reads one NAME=VALUE", command);
          return PD_SYSCTL_NOT_SYSCTL;
        }
      assign = words[i];
    }
  if (assign == NULL)
    {
      *what = g_strdup_printf ("`%s` sets nothing", command);
      return PD_SYSCTL_NOT_SYSCTL;
    }
  const char *eq = strchr (assign, '=');
  g_autofree char *name = g_strndup (assign, (gsize) (eq - assign));
  const char *value = eq + 1;

  const Sysctl *s = NULL;
  for (guint k = 0; k < G_N_ELEMENTS (SYSCTLS); k++)
    if (strcmp (SYSCTLS[k].name, name) == 0)
      s = &SYSCTLS[k];
  if (s == NULL)
    {
      *what = g_strdup_printf ("%s: not a sysctl tcpsim knows; skipped", name);
      return PD_SYSCTL_UNKNOWN;
    }
  if (s->kind == K_NOOP_IF)
    {
      if (value_in (value, s->ok))
        {
          *what = g_strdup_printf ("%s=%s: nothing to do (not modelled)", name, value);
          return PD_SYSCTL_NOOP;
        }
      *what = g_strdup_printf ("%s=%s: tcpsim does not model this", name, value);
      return PD_SYSCTL_UNSUPPORTED;
    }
  guint64 v;
  if (!read_u64 (value, G_MAXUINT32, &v))
    {
      *what = g_strdup_printf ("%s=%s: the value is not a number", name, value);
      return PD_SYSCTL_BAD_VALUE;
    }
  gpointer field = (char *) p + s->offset;
  PdSysctlResult r = PD_SYSCTL_APPLIED;
  switch (s->kind)
    {
    case K_BOOL:
      if (v > 2)
        r = PD_SYSCTL_BAD_VALUE;
      else
        *(gboolean *) field = v != 0;
      break;
    case K_UINT:
      *(guint *) field = (guint) v;
      break;
    case K_SECONDS:
      *(SimTime *) field = (SimTime) v * SIM_S;
      break;
    case K_MILLIS:
      *(SimTime *) field = (SimTime) v * SIM_MS;
      break;
    case K_TWICE_MS:
      *(SimTime *) field = 2 * (SimTime) v * SIM_MS;
      break;
    case K_SPECIAL:
      r = apply_special (p, name, v, what);
      break;
    case K_NOOP_IF:
      g_assert_not_reached ();
    }
  if (*what == NULL)
    *what = g_strdup_printf ("%s=%s: %s", name, value,
                             r == PD_SYSCTL_APPLIED ? "applied"
                             : r == PD_SYSCTL_UNSUPPORTED ? "tcpsim does not model this"
                                                          : "the value is out of range");
  return r;
}
