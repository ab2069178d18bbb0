/* The trace record shared by the TSV and JSON Lines traces
 * (trace_record.h, docs/trace-format.md). */
#include "trace/trace_record.h"

#include "sim/simtime.h"
#include "trace/trace_words.h"

const char *const trace_column_names[TRACE_COL_COUNT] = {
  "time", "event", "host", "conn", "src", "sport", "dst", "dport", "flags", "seq",
  "ack", "len", "detail", "win", "peer", "why", "opts", "rseq", "rack", "rexmit",
};

gboolean
trace_column_is_number (TraceColumn c)
{
  switch (c)
    {
    case TRACE_COL_TIME:
    case TRACE_COL_CONN:
    case TRACE_COL_SPORT:
    case TRACE_COL_DPORT:
    case TRACE_COL_SEQ:
    case TRACE_COL_ACK:
    case TRACE_COL_LEN:
    case TRACE_COL_WIN:
    case TRACE_COL_RSEQ:
    case TRACE_COL_RACK:
    case TRACE_COL_REXMIT:
      return TRUE;
    default:
      return FALSE;
    }
}

const char *
trace_record_kind_word (TraceKind kind)
{
  static const char *const words[TRACE_KIND_COUNT] = {
    [TRACE_SEND] = "send", [TRACE_RECV] = "recv", [TRACE_DROP] = "drop",
    [TRACE_STATE] = "state", [TRACE_TIMER] = "timer", [TRACE_NOTE] = "note",
    [TRACE_CALL] = "call", [TRACE_ERROR] = "error", [TRACE_TIMER_ARM] = "arm",
    [TRACE_TIMER_CANCEL] = "cancel", [TRACE_OUTCOME] = "outcome",
  };
  return kind < TRACE_KIND_COUNT ? words[kind] : NULL;
}

void
trace_record_init (TraceRecord *r)
{
  for (int i = 0; i < TRACE_COL_COUNT; i++)
    r->col[i] = g_string_sized_new (16);
}

void
trace_record_clear (TraceRecord *r)
{
  for (int i = 0; i < TRACE_COL_COUNT; i++)
    if (r->col[i] != NULL)
      g_string_free (r->col[i], TRUE);
}

/* Tabs and newlines in free text (a host name, a label) would break the
 * TSV: they become blanks, in both formats, so that both say the same. */
static void
clean (GString *s)
{
  for (gsize i = 0; i < s->len; i++)
    if (s->str[i] == '\t' || s->str[i] == '\n' || s->str[i] == '\r')
      s->str[i] = ' ';
}

static void
append_opts (GString *s, const TcpSegment *seg)
{
  const char *sep = "";
  if (seg->opts & TCP_OPT_MSS)
    g_string_append_printf (s, "%smss=%u", sep, seg->mss), sep = ",";
  if (seg->opts & TCP_OPT_SACK_OK)
    g_string_append_printf (s, "%ssackok", sep), sep = ",";
  if (seg->opts & TCP_OPT_TS)
    g_string_append_printf (s, "%sts=%u/%u", sep, seg->ts_val, seg->ts_ecr), sep = ",";
  if (seg->opts & TCP_OPT_WSCALE)
    g_string_append_printf (s, "%sws=%u", sep, seg->wscale), sep = ",";
  /* A SACK block (a D-SACK, RFC 2883): absolute sequence numbers. */
  if (seg->opts & TCP_OPT_SACK)
    g_string_append_printf (s, "%ssack=%u-%u", sep, seg->sack_start, seg->sack_end);
}

void
trace_record_fill (TraceRecord *r, const TraceEvent *ev)
{
  for (int i = 0; i < TRACE_COL_COUNT; i++)
    g_string_truncate (r->col[i], 0);
  char buf[40];
  sim_time_format_s9 (ev->time, buf, sizeof buf);
  g_string_append (r->col[TRACE_COL_TIME], buf);
  const char *word = trace_record_kind_word (ev->kind);
  g_string_append (r->col[TRACE_COL_EVENT], word ? word : "?");
  g_string_append (r->col[TRACE_COL_HOST], ev->host ? ev->host : "");
  clean (r->col[TRACE_COL_HOST]);
  if (ev->conn)
    g_string_append_printf (r->col[TRACE_COL_CONN], "%" G_GUINT64_FORMAT, ev->conn);
  if (ev->seg != NULL)
    {
      const TcpSegment *seg = ev->seg;
      char src[16], dst[16], flags[8];
      net_addr_str (seg->saddr, src);
      net_addr_str (seg->daddr, dst);
      tcp_segment_flags_str (seg->flags, flags);
      g_string_append (r->col[TRACE_COL_SRC], src);
      g_string_append_printf (r->col[TRACE_COL_SPORT], "%u", seg->sport);
      g_string_append (r->col[TRACE_COL_DST], dst);
      g_string_append_printf (r->col[TRACE_COL_DPORT], "%u", seg->dport);
      g_string_append (r->col[TRACE_COL_FLAGS], flags);
      g_string_append_printf (r->col[TRACE_COL_SEQ], "%u", seg->seq);
      g_string_append_printf (r->col[TRACE_COL_ACK], "%u", seg->ack);
      g_string_append_printf (r->col[TRACE_COL_LEN], "%u", seg->len);
      g_string_append_printf (r->col[TRACE_COL_WIN], "%u", seg->win);
      g_string_append (r->col[TRACE_COL_WHY], trace_why_name ((TraceWhy) seg->tag.why));
      append_opts (r->col[TRACE_COL_OPTS], seg);
      g_string_append_printf (r->col[TRACE_COL_RSEQ], "%u", seg->seq - seg->tag.seq_base);
      if (seg->flags & TCP_FLAG_ACK)
        g_string_append_printf (r->col[TRACE_COL_RACK], "%u", seg->ack - seg->tag.ack_base);
      g_string_append (r->col[TRACE_COL_REXMIT], trace_segment_is_retransmission (seg) ? "1" : "0");
    }
  trace_words_detail (r->col[TRACE_COL_DETAIL], ev);
  if (ev->kind == TRACE_TIMER_ARM)
    {
      sim_time_format_s9 (ev->span, buf, sizeof buf);
      g_string_append_printf (r->col[TRACE_COL_DETAIL], " until %s", buf);
    }
  clean (r->col[TRACE_COL_DETAIL]);
  g_string_append (r->col[TRACE_COL_PEER], ev->peer ? ev->peer : "");
  clean (r->col[TRACE_COL_PEER]);
}
