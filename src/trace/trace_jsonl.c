/* The JSON Lines trace sink: one JSON object per event, with the TSV's
 * columns as members (docs/trace-format.md).  Empty columns are left
 * out; numeric columns are JSON numbers (time keeps its nine decimals),
 * the rest strings, escaped as RFC 8259 §7 asks. */
#include "trace/trace_sinks.h"

#include <string.h>

#include "trace/trace_record.h"

struct TraceJsonl
{
  FILE *out;
  GString *line;
  TraceRecord rec;
};

TraceJsonl *
trace_jsonl_new (FILE *out)
{
  TraceJsonl *t = g_new0 (TraceJsonl, 1);
  t->out = out;
  t->line = g_string_sized_new (300);
  trace_record_init (&t->rec);
  return t;
}

void
trace_jsonl_free (TraceJsonl *t)
{
  if (t == NULL)
    return;
  g_string_free (t->line, TRUE);
  trace_record_clear (&t->rec);
  g_free (t);
}

/* A JSON string: quotes, backslashes and control characters escaped
 * (RFC 8259 §7).  JSON text is UTF-8 (§8.1): bytes that are not (a
 * trace read back from a hand-edited file) become U+FFFD; a scenario's
 * names are ASCII. */
static void
append_json_string (GString *s, const GString *v)
{
  char *valid = NULL;
  const char *str = v->str;
  gsize len = v->len;
  if (!g_utf8_validate_len (v->str, v->len, NULL))
    {
      valid = g_utf8_make_valid (v->str, (gssize) v->len);
      str = valid;
      len = strlen (valid);
    }
  g_string_append_c (s, '"');
  for (gsize i = 0; i < len; i++)
    {
      unsigned char c = (unsigned char) str[i];
      if (c == '"' || c == '\\')
        {
          g_string_append_c (s, '\\');
          g_string_append_c (s, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (s, "\\u%04x", c);
      else
        g_string_append_c (s, (char) c);
    }
  g_string_append_c (s, '"');
  g_free (valid);
}

void
trace_jsonl_event (gpointer sink, const TraceEvent *ev)
{
  TraceJsonl *t = sink;
  GString *s = t->line;
  trace_record_fill (&t->rec, ev);
  g_string_truncate (s, 0);
  g_string_append_c (s, '{');
  gboolean first = TRUE;
  for (int i = 0; i < TRACE_COL_COUNT; i++)
    {
      const GString *v = t->rec.col[i];
      if (v->len == 0)
        continue;
      if (!first)
        g_string_append_c (s, ',');
      first = FALSE;
      g_string_append_printf (s, "\"%s\":", trace_column_names[i]);
      if (trace_column_is_number ((TraceColumn) i))
        g_string_append_len (s, v->str, v->len);
      else
        append_json_string (s, v);
    }
  g_string_append (s, "}\n");
  fwrite (s->str, 1, s->len, t->out);
}
