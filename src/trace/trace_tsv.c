/* The TSV trace sink: a header line of column names, then one row per
 * event, the columns of trace_record.h joined by tabs
 * (docs/trace-format.md). */
#include "trace/trace_sinks.h"

#include "trace/trace_record.h"

struct TraceTsv
{
  FILE *out;
  GString *line;
  TraceRecord rec;
};

TraceTsv *
trace_tsv_new (FILE *out)
{
  TraceTsv *t = g_new0 (TraceTsv, 1);
  t->out = out;
  t->line = g_string_sized_new (200);
  trace_record_init (&t->rec);
  for (int i = 0; i < TRACE_COL_COUNT; i++)
    {
      fputs (trace_column_names[i], out);
      fputc (i + 1 < TRACE_COL_COUNT ? '\t' : '\n', out);
    }
  return t;
}

void
trace_tsv_free (TraceTsv *t)
{
  if (t == NULL)
    return;
  g_string_free (t->line, TRUE);
  trace_record_clear (&t->rec);
  g_free (t);
}

void
trace_tsv_event (gpointer sink, const TraceEvent *ev)
{
  TraceTsv *t = sink;
  GString *s = t->line;
  trace_record_fill (&t->rec, ev);
  g_string_truncate (s, 0);
  for (int i = 0; i < TRACE_COL_COUNT; i++)
    {
      g_string_append_len (s, t->rec.col[i]->str, t->rec.col[i]->len);
      g_string_append_c (s, i + 1 < TRACE_COL_COUNT ? '\t' : '\n');
    }
  fwrite (s->str, 1, s->len, t->out);
}
