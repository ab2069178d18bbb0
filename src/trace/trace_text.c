/* The text log sink. */
#include "trace/trace_sinks.h"

#include "sim/simtime.h"
#include "trace/trace_words.h"

struct TraceText
{
  FILE *out;
  GString *line;
};

TraceText *
trace_text_new (FILE *out)
{
  TraceText *t = g_new0 (TraceText, 1);
  t->out = out;
  t->line = g_string_sized_new (160);
  return t;
}

void
trace_text_free (TraceText *t)
{
  if (t == NULL)
    return;
  g_string_free (t->line, TRUE);
  g_free (t);
}

static void
append_options (GString *s, const TcpSegment *seg)
{
  if (seg->opts == 0)
    return;
  g_string_append (s, ", options [");
  gboolean first = TRUE;
#define SEP() (first ? (first = FALSE, "") : ",")
  if (seg->opts & TCP_OPT_MSS)
    g_string_append_printf (s, "%smss %u", SEP (), seg->mss);
  if (seg->opts & TCP_OPT_SACK_OK)
    g_string_append_printf (s, "%ssackOK", SEP ());
  if (seg->opts & TCP_OPT_TS)
    g_string_append_printf (s, "%sTS val %u ecr %u", SEP (), seg->ts_val, seg->ts_ecr);
  if (seg->opts & TCP_OPT_WSCALE)
    g_string_append_printf (s, "%swscale %u", SEP (), seg->wscale);
  /* tcpdump numbers SACK blocks relative to the ISN they acknowledge. */
  if (seg->opts & TCP_OPT_SACK)
    g_string_append_printf (s, "%ssack 1 {%u:%u}", SEP (), seg->sack_start - seg->tag.ack_base,
                            seg->sack_end - seg->tag.ack_base);
#undef SEP
  g_string_append_c (s, ']');
}

void
trace_text_event (gpointer sink, const TraceEvent *ev)
{
  TraceText *t = sink;
  GString *s = t->line;
  const char *keyword = trace_kind_name (ev->kind);
  /* Arrivals show as the state changes and answers they cause; armed and
   * cancelled timers and outcomes are for other sinks. */
  if (keyword == NULL || ev->kind == TRACE_RECV)
    return;
  g_string_truncate (s, 0);
  g_string_append_printf (s, "%.6f ", sim_time_to_s (ev->time));
  if (ev->kind == TRACE_SEND || ev->kind == TRACE_DROP)
    {
      const TcpSegment *seg = ev->seg;
      char flags[8];
      tcp_segment_flags_str (seg->flags & ~TCP_FLAG_ACK, flags);
      gboolean syn = (seg->flags & TCP_FLAG_SYN) != 0;
      guint32 seq = syn ? seg->seq : seg->seq - seg->tag.seq_base;
      guint32 ack = syn ? seg->ack : seg->ack - seg->tag.ack_base;
      g_string_append_printf (s, "%s.%u > %s.%u: ", ev->host, seg->sport, ev->peer, seg->dport);
      if (ev->kind == TRACE_DROP)
        {
          g_string_append (s, "LOST (");
          trace_words_detail (s, ev);
          g_string_append (s, ") ");
        }
      g_string_append_printf (s, "[%s%s]", flags, (seg->flags & TCP_FLAG_ACK) ? "." : "");
      if (seg->len > 0)
        g_string_append_printf (s, " seq %u:%u", seq, seq + seg->len);
      else
        g_string_append_printf (s, " seq %u", seq);
      if (seg->flags & TCP_FLAG_ACK)
        g_string_append_printf (s, ", ack %u", ack);
      g_string_append_printf (s, ", win %u", seg->win);
      append_options (s, seg);
      g_string_append_printf (s, ", length %u", seg->len);
      if (ev->kind == TRACE_SEND && trace_segment_is_retransmission (seg))
        g_string_append (s, " (retransmission)");
    }
  else
    {
      g_string_append (s, ev->host);
      if (ev->conn)
        g_string_append_printf (s, " conn %" G_GUINT64_FORMAT, ev->conn);
      g_string_append_printf (s, " %s ", keyword);
      trace_words_detail (s, ev);
    }
  g_string_append_c (s, '\n');
  fwrite (s->str, 1, s->len, t->out);
}
