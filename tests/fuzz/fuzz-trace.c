/* libFuzzer harness for the TSV trace reader (trace_tsv_read.h): read
 * arbitrary bytes; when they read, replay them into the TSV, text, pcap
 * and summary sinks, and check that the TSV written reads back and is
 * written again the same (the reader's round trip).  A failure must be a
 * located message, never a crash.
 *
 *   make fuzz-trace-run FUZZ_SECONDS=60   seeded with tests/fuzz/trace-seeds */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "trace/trace_sinks.h"
#include "trace/trace_tsv_read.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *
write_tsv (const char *name, const char *input, size_t size, size_t *len, GError **error)
{
  char *buf = NULL;
  FILE *mem = open_memstream (&buf, len);
  char *other = NULL;
  size_t olen = 0;
  FILE *omem = open_memstream (&other, &olen);
  TraceTsv *tsv = trace_tsv_new (mem);
  TraceText *text = trace_text_new (omem);
  TraceJsonl *jsonl = trace_jsonl_new (omem);
  TraceSummary *sum = trace_summary_new ();
  TraceBus bus;
  trace_bus_init (&bus);
  trace_bus_subscribe (&bus, trace_tsv_event, tsv);
  trace_bus_subscribe (&bus, trace_text_event, text);
  trace_bus_subscribe (&bus, trace_jsonl_event, jsonl);
  trace_bus_subscribe (&bus, trace_summary_event, sum);
  gboolean ok = trace_tsv_replay (name, input, size, &bus, NULL, error);
  trace_summary_write (sum, omem);
  trace_bus_clear (&bus);
  fclose (mem);
  fclose (omem);
  trace_tsv_free (tsv);
  trace_text_free (text);
  trace_jsonl_free (jsonl);
  trace_summary_free (sum);
  free (other);
  if (!ok)
    {
      free (buf);
      return NULL;
    }
  return buf;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GError *err = NULL;
  size_t len1, len2;
  char *once = write_tsv ("fuzz.tsv", (const char *) data, size, &len1, &err);
  if (once == NULL)
    {
      g_assert (err != NULL && g_str_has_prefix (err->message, "fuzz.tsv:"));
      g_assert (strstr (err->message, ": error: ") != NULL);
      g_error_free (err);
      return 0;
    }
  char *twice = write_tsv ("again.tsv", once, len1, &len2, &err);
  if (twice == NULL)
    g_error ("a trace tcpsim wrote does not read: %s", err->message);
  g_assert (len1 == len2 && memcmp (once, twice, len1) == 0);
  TraceTsvInfo info;
  g_assert (trace_tsv_scan ("again.tsv", once, len1, &info, NULL));
  trace_tsv_info_clear (&info);
  free (once);
  free (twice);
  return 0;
}
