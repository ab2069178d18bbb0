/* The TSV trace sink.  Columns: time event host conn src sport dst dport
 * flags seq ack len detail, then win peer. */
#include "trace/trace_sinks.h"

#include "sim/simtime.h"
#include "trace/trace_words.h"

struct TraceTsv
{
  FILE *out;
  GString *line;
};

TraceTsv *
trace_tsv_new (FILE *out)
{
  TraceTsv *t = g_new0 (TraceTsv, 1);
  t->out = out;
  t->line = g_string_sized_new (160);
  fputs ("time\tevent\thost\tconn\tsrc\tsport\tdst\tdport\tflags\tseq\tack\tlen\tdetail\twin\tpeer\n",
         out);
  return t;
}

void
trace_tsv_free (TraceTsv *t)
{
  if (t == NULL)
    return;
  g_string_free (t->line, TRUE);
  g_free (t);
}

/* Tabs and newlines in free text would break the format: blanks them
 * from s[at] on. */
static void
clean_from (GString *s, gsize at)
{
  for (gsize i = at; i < s->len; i++)
    if (s->str[i] == '\t' || s->str[i] == '\n' || s->str[i] == '\r')
      s->str[i] = ' ';
}

static void
append_clean (GString *s, const char *text)
{
  gsize at = s->len;
  g_string_append (s, text ? text : "");
  clean_from (s, at);
}

void
trace_tsv_event (gpointer sink, const TraceEvent *ev)
{
  TraceTsv *t = sink;
  GString *s = t->line;
  const char *kind = trace_kind_name (ev->kind);
  if (kind == NULL)
    return; /* timers armed and cancelled, outcomes: not in this schema */
  char ts[40];
  sim_time_format_s9 (ev->time, ts, sizeof ts);
  g_string_truncate (s, 0);
  g_string_append_printf (s, "%s\t%s\t", ts, kind);
  append_clean (s, ev->host);
  g_string_append_c (s, '\t');
  if (ev->conn)
    g_string_append_printf (s, "%" G_GUINT64_FORMAT, ev->conn);
  if (ev->seg != NULL)
    {
      const TcpSegment *seg = ev->seg;
      char src[16], dst[16], flags[8];
      net_addr_str (seg->saddr, src);
      net_addr_str (seg->daddr, dst);
      tcp_segment_flags_str (seg->flags, flags);
      g_string_append_printf (s, "\t%s\t%u\t%s\t%u\t%s\t%u\t%u\t%u\t", src, seg->sport, dst,
                              seg->dport, flags, seg->seq, seg->ack, seg->len);
    }
  else
    g_string_append (s, "\t\t\t\t\t\t\t\t\t");
  gsize at = s->len;
  trace_words_detail (s, ev);
  clean_from (s, at);
  g_string_append_c (s, '\t');
  if (ev->seg != NULL)
    g_string_append_printf (s, "%u", ev->seg->win);
  g_string_append_c (s, '\t');
  append_clean (s, ev->peer);
  g_string_append_c (s, '\n');
  fwrite (s->str, 1, s->len, t->out);
}
