/* A pcapng file written with libwiretap, Wireshark's own file library:
 * interfaces named after capture points, packets with comments, and a
 * name resolution block that gives addresses their host names.
 *
 * wiretap writes to a file descriptor of its own, not to a stream, so the
 * file is made in a scratch file under $TMPDIR and copied into the
 * caller's stream at the end (trace_pcapng_close), where the caller's
 * checked writer sees every byte (a full disk is reported, not hidden).
 *
 * wiretap writes the name resolution block when the file is closed, after
 * the packets, as Wireshark does when it saves a file: Wireshark shows the
 * names; tshark needs two passes (-2) to apply them to packets before the
 * block. */
#ifndef TCPSIM_TRACE_PCAPNG_H
#define TCPSIM_TRACE_PCAPNG_H

#include <stdio.h>

#include <glib.h>

typedef struct TracePcapng TracePcapng;

/* A writer for raw IPv4 packets with nanosecond timestamps; app names
 * the writing application in the section header. */
TracePcapng *trace_pcapng_new (const char *app, GError **error);

/* A new interface (pcapng's Interface Description Block): its id. */
guint trace_pcapng_add_interface (TracePcapng *ng, const char *name, const char *description);

/* A packet on interface iface at time ns (nanoseconds since the epoch),
 * with comments (NULL-terminated, or NULL). */
void trace_pcapng_packet (TracePcapng *ng, guint iface, gint64 ns, const guint8 *data, gsize len,
                          const char *const *comments);

/* A name for an IPv4 address (host byte order), for the name resolution
 * block; the first name given for an address wins. */
void trace_pcapng_name (TracePcapng *ng, guint32 addr, const char *name);

/* Finishes the file, copies it into out and closes out.  FALSE with
 * *error if wiretap failed (the scratch file); errors writing out are
 * its owner's to find (ferror, or the checked writer). */
gboolean trace_pcapng_close (TracePcapng *ng, FILE *out, GError **error);

/* Whether libwiretap can be loaded (trace_pcapng_dl.c opens it on first
 * use); FALSE with the reason otherwise. */
gboolean trace_pcapng_loadable (GError **error);

#endif
