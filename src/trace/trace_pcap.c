/* The pcap sink: segments as captured packets, at a capture point of the
 * user's choice, in classic pcap (libpcap) or pcapng (libwiretap).
 *
 * Classic pcap: LINKTYPE_RAW (bare IPv4), nanosecond timestamps equal to
 * simulated time, one stream of packets.  pcapng: the same packets, one
 * interface per host (named after it), a comment on every packet that a
 * link lost or that was not plain new data or an ACK (a retransmission
 * and its reason, a probe, a SYN cookie, …), and the host names for the
 * name resolution block.
 *
 * A link emits a segment's TRACE_DROP right after its TRACE_SEND
 * (net/link.h), so the sink holds a sent packet until the next event
 * says whether it was lost. */
#include "config.h"

#include "trace/trace_sinks.h"

#include <pcap/pcap.h>
#include <string.h>

#include "sim/simtime.h"
#include "trace/trace_packet.h"
#include "trace/trace_pcapng.h"
#include "trace/trace_words.h"

#define MAX_COMMENTS 3

struct TracePcap
{
  TraceCapture capture;
  /* classic */
  pcap_t *pcap;
  pcap_dumper_t *dumper;
  /* pcapng */
  TracePcapng *ng;
  FILE *out;
  GHashTable *ifaces; /* host name -> interface id + 1 */
  /* the packet held back */
  gboolean pending;
  SimTime time;
  guint iface;
  gsize len;
  char *comments[MAX_COMMENTS + 1];
  guint ncomments;
  guint8 *buf;
};

gboolean
trace_capture_parse (const char *text, TraceCapture *out)
{
  static const char *const names[] = { "sender", "receiver", "both" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *out = (TraceCapture) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
trace_pcap_is_pcapng (const char *path)
{
  return g_str_has_suffix (path, ".pcapng") || g_str_has_suffix (path, ".PCAPNG");
}

TracePcap *
trace_pcap_new (FILE *out, gboolean pcapng, TraceCapture capture, GError **error)
{
  TracePcap *p = g_new0 (TracePcap, 1);
  p->capture = capture;
  if (pcapng)
    {
      p->ng = trace_pcapng_new ("tcpsim " PACKAGE_VERSION, error);
      if (p->ng == NULL)
        {
          fclose (out);
          g_free (p);
          return NULL;
        }
      p->out = out;
      p->ifaces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
  else
    {
      p->pcap = pcap_open_dead_with_tstamp_precision (DLT_RAW, 65535, PCAP_TSTAMP_PRECISION_NANO);
      if (p->pcap == NULL)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "libpcap: cannot open a dead handle");
          fclose (out);
          g_free (p);
          return NULL;
        }
      /* The caller's stream, so that the caller's checked writer sees
       * every write libpcap makes (libpcap's own file would hide a full
       * disk). */
      p->dumper = pcap_dump_fopen (p->pcap, out);
      if (p->dumper == NULL)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "libpcap: %s", pcap_geterr (p->pcap));
          fclose (out);
          pcap_close (p->pcap);
          g_free (p);
          return NULL;
        }
    }
  p->buf = g_malloc (TRACE_PACKET_MAX);
  return p;
}

/* The IP id: a hash of the header fields, so that the copy a receiver
 * captures carries the id its sender's capture shows (a link's duplicate
 * too, as on a real wire). */
static guint16
ip_id_of (const TcpSegment *s)
{
  guint32 h = 2166136261u;
  const guint32 v[] = { s->saddr, s->daddr, (guint32) s->sport << 16 | s->dport, s->seq, s->ack,
                        (guint32) s->flags << 16 | s->win, s->len, s->ts_val, s->ts_ecr };
  for (gsize i = 0; i < G_N_ELEMENTS (v); i++)
    h = (h ^ v[i]) * 16777619u;
  return (guint16) (h ^ (h >> 16));
}

/* Why the segment was sent, for its comment; NULL for plain new data, an
 * ACK, a first SYN or a reset. */
static const char *
why_comment (const TcpSegment *seg)
{
  gboolean synack = (seg->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == (TCP_FLAG_SYN | TCP_FLAG_ACK);
  switch ((TraceWhy) seg->tag.why)
    {
    case TRACE_WHY_SYN_RETRY:
      return synack ? "retransmission: SYN-ACK retry" : "retransmission: SYN retry";
    case TRACE_WHY_SYNCOOKIE:
      return "SYN cookie (RFC 4987): a stateless SYN-ACK";
    case TRACE_WHY_RTO:
      return "retransmission: RTO";
    case TRACE_WHY_FAST_REXMIT:
      return "retransmission: fast retransmit";
    case TRACE_WHY_TLP:
      return trace_segment_is_retransmission (seg) ? "retransmission: TLP" : "tail loss probe (new data)";
    case TRACE_WHY_KEEPALIVE:
      return "keepalive probe";
    case TRACE_WHY_WINDOW_PROBE:
      return "zero-window probe";
    case TRACE_WHY_CHALLENGE_ACK:
      return "challenge ACK (RFC 5961)";
    case TRACE_WHY_REPLY_RST:
      return "reset answering a stray segment";
    case TRACE_WHY_DATA:
      /* Sequence space sent before, sent again as the window opens
       * (after a timeout pulled SND.NXT back to SND.UNA, RFC 6298 §5.4
       * and RFC 5681 §3.1's "go-back-N"). */
      return trace_segment_is_retransmission (seg)
               ? "retransmission: data sent before, sent again" : NULL;
    case TRACE_WHY_NONE:
    case TRACE_WHY_SYN:
    case TRACE_WHY_ACK:
    case TRACE_WHY_RESET:
    case TRACE_WHY_COUNT:
      break;
    }
  return NULL;
}

static void
add_comment (TracePcap *p, char *text)
{
  if (p->ncomments < MAX_COMMENTS)
    p->comments[p->ncomments++] = text;
  else
    g_free (text);
}

static guint
interface_of (TracePcap *p, const char *host)
{
  gpointer v = g_hash_table_lookup (p->ifaces, host);
  if (v != NULL)
    return GPOINTER_TO_UINT (v) - 1;
  const char *what = p->capture == TRACE_CAPTURE_SENDER     ? "sent (lost ones too)"
                     : p->capture == TRACE_CAPTURE_RECEIVER ? "received"
                                                            : "sent (lost ones too) and received";
  char *desc = g_strdup_printf ("segments %s %s", host, what);
  guint id = trace_pcapng_add_interface (p->ng, host, desc);
  g_free (desc);
  g_hash_table_insert (p->ifaces, g_strdup (host), GUINT_TO_POINTER (id + 1));
  return id;
}

/* Writes the packet held back. */
static void
flush (TracePcap *p)
{
  if (!p->pending)
    return;
  p->pending = FALSE;
  if (p->ng != NULL)
    {
      p->comments[p->ncomments] = NULL;
      trace_pcapng_packet (p->ng, p->iface, p->time, p->buf, p->len,
                           (const char *const *) p->comments);
    }
  else
    {
      struct pcap_pkthdr h;
      /* With nanosecond precision libpcap stores tv_usec as nanoseconds. */
      h.ts.tv_sec = (time_t) (p->time / SIM_S);
      h.ts.tv_usec = (suseconds_t) (p->time % SIM_S);
      h.caplen = h.len = (bpf_u_int32) p->len;
      pcap_dump ((u_char *) p->dumper, &h, p->buf);
    }
  for (guint i = 0; i < p->ncomments; i++)
    g_free (p->comments[i]);
  p->ncomments = 0;
}

static void
hold (TracePcap *p, const TraceEvent *ev)
{
  const TcpSegment *seg = ev->seg;
  p->pending = TRUE;
  p->time = ev->time;
  p->len = trace_packet_build (seg, ip_id_of (seg), p->buf);
  if (p->ng == NULL)
    return;
  p->iface = interface_of (p, ev->host);
  /* Names: the sender's address is its own, the receiver's is its. */
  trace_pcapng_name (p->ng, ev->kind == TRACE_SEND ? seg->saddr : seg->daddr, ev->host);
  if (ev->peer != NULL)
    trace_pcapng_name (p->ng, ev->kind == TRACE_SEND ? seg->daddr : seg->saddr, ev->peer);
  const char *why = why_comment (seg);
  if (why != NULL)
    add_comment (p, g_strdup (why));
  if (ev->kind == TRACE_RECV && ev->arrival == TRACE_ARRIVAL_LATE)
    add_comment (p, g_strdup_printf ("arrived late: held back on the link %s->%s", ev->peer, ev->host));
  else if (ev->kind == TRACE_RECV && ev->arrival == TRACE_ARRIVAL_DUP)
    add_comment (p, g_strdup_printf ("a copy made by the link %s->%s", ev->peer, ev->host));
}

void
trace_pcap_event (gpointer sink, const TraceEvent *ev)
{
  TracePcap *p = sink;
  if (ev->kind == TRACE_DROP)
    {
      /* The segment held back is this one (net/link.h). */
      if (p->pending && p->ng != NULL)
        {
          static const char *const why[] = { [TRACE_DROP_LOSS] = "loss", [TRACE_DROP_FAULT] = "fault",
                                             [TRACE_DROP_QUEUE] = "queue full" };
          add_comment (p, g_strdup_printf ("lost on link %s->%s (%s)", ev->host,
                                           ev->peer ? ev->peer : "?", why[ev->drop]));
        }
      flush (p);
      return;
    }
  flush (p);
  if ((ev->kind == TRACE_SEND && p->capture != TRACE_CAPTURE_RECEIVER)
      || (ev->kind == TRACE_RECV && p->capture != TRACE_CAPTURE_SENDER))
    hold (p, ev);
}

gboolean
trace_pcap_close (TracePcap *p, GError **error)
{
  flush (p);
  gboolean ok = TRUE;
  if (p->ng != NULL)
    {
      ok = trace_pcapng_close (p->ng, p->out, error);
      g_hash_table_destroy (p->ifaces);
    }
  else
    {
      if (pcap_dump_flush (p->dumper) != 0 || ferror (pcap_dump_file (p->dumper)))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "writing the pcap failed");
          ok = FALSE;
        }
      /* Closes the stream too. */
      pcap_dump_close (p->dumper);
      pcap_close (p->pcap);
    }
  g_free (p->buf);
  g_free (p);
  return ok;
}
