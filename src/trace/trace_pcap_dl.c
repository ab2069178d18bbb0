/* libpcap, loaded when a pcap is first written rather than by the dynamic
 * loader at every start: libpcap and what it pulls in (libdbus, libsystemd,
 * libgcrypt, ...) took 1.5 M of the 3.9 M instructions of a one-connection
 * run (callgrind; docs/bench.md).  The functions trace_pcap.c calls are
 * defined here with libpcap's signatures and forward to the library,
 * opened through GModule by its SONAME (found by configure).  The handle
 * is per process, as the dynamic loader's would be: loaded once under
 * g_once, never changed after, so runs in parallel threads share it
 * safely. */
#include "config.h"

#include <gmodule.h>
#include <pcap/pcap.h>

typedef struct
{
  pcap_t *(*open_dead_with_tstamp_precision) (int, int, u_int);
  pcap_dumper_t *(*dump_fopen) (pcap_t *, FILE *);
  void (*dump) (u_char *, const struct pcap_pkthdr *, const u_char *);
  int (*dump_flush) (pcap_dumper_t *);
  FILE *(*dump_file) (pcap_dumper_t *);
  void (*dump_close) (pcap_dumper_t *);
  void (*close) (pcap_t *);
  char *(*geterr) (pcap_t *);
} PcapApi;

/* The library's functions, or NULL when it cannot be loaded. */
static const PcapApi *
pcap_api (void)
{
  static gsize once;
  static PcapApi api;
  static gboolean ok;
  if (g_once_init_enter (&once))
    {
      GModule *m = g_module_open (PCAP_SONAME, G_MODULE_BIND_LOCAL);
      ok = m != NULL
           && g_module_symbol (m, "pcap_open_dead_with_tstamp_precision",
                               (gpointer *) &api.open_dead_with_tstamp_precision)
           && g_module_symbol (m, "pcap_dump_fopen", (gpointer *) &api.dump_fopen)
           && g_module_symbol (m, "pcap_dump", (gpointer *) &api.dump)
           && g_module_symbol (m, "pcap_dump_flush", (gpointer *) &api.dump_flush)
           && g_module_symbol (m, "pcap_dump_file", (gpointer *) &api.dump_file)
           && g_module_symbol (m, "pcap_dump_close", (gpointer *) &api.dump_close)
           && g_module_symbol (m, "pcap_close", (gpointer *) &api.close)
           && g_module_symbol (m, "pcap_geterr", (gpointer *) &api.geterr);
      if (m != NULL)
        g_module_make_resident (m);
      g_once_init_leave (&once, 1);
    }
  return ok ? &api : NULL;
}

/* The only call that can come first (trace_pcap_new()): NULL, which the
 * caller reports, when the library is missing.  The others are reached
 * only with a handle it returned. */
pcap_t *
pcap_open_dead_with_tstamp_precision (int linktype, int snaplen, u_int precision)
{
  const PcapApi *a = pcap_api ();
  return a != NULL ? a->open_dead_with_tstamp_precision (linktype, snaplen, precision) : NULL;
}

pcap_dumper_t *
pcap_dump_fopen (pcap_t *p, FILE *f)
{
  return pcap_api ()->dump_fopen (p, f);
}

void
pcap_dump (u_char *user, const struct pcap_pkthdr *h, const u_char *sp)
{
  pcap_api ()->dump (user, h, sp);
}

int
pcap_dump_flush (pcap_dumper_t *d)
{
  return pcap_api ()->dump_flush (d);
}

FILE *
pcap_dump_file (pcap_dumper_t *d)
{
  return pcap_api ()->dump_file (d);
}

void
pcap_dump_close (pcap_dumper_t *d)
{
  pcap_api ()->dump_close (d);
}

void
pcap_close (pcap_t *p)
{
  pcap_api ()->close (p);
}

char *
pcap_geterr (pcap_t *p)
{
  return pcap_api ()->geterr (p);
}
