/* The state chart's data (trace_charts.h, plots/states.gp).
 *
 * A row per connection end (host and connection id), the two ends of a
 * connection together: by connection id, then by their first state
 * change; a bar per state from the change that entered
 * it to the next (the last one, if not CLOSED, to the end of the trace);
 * a mark where a connection ended with an error. */
#include "trace/trace_charts.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sim/simtime.h"
#include "trace/trace_gnuplot.h"

/* RFC 9293 §3.3.2's states, in the order of a lifecycle; the colour
 * index of a state in plots/states.gp.  Names not here (none today) get
 * the last index. */
static const char *const state_names[] = {
  "LISTEN",     "SYN-SENT",   "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2",
  "CLOSE-WAIT", "CLOSING",    "LAST-ACK",     "TIME-WAIT",   "CLOSED",
};
#define N_STATES G_N_ELEMENTS (state_names)

typedef struct
{
  SimTime from;
  int state; /* index in state_names, N_STATES for another name */
} Span;

typedef struct
{
  char *host;
  guint64 conn;
  GArray *spans;   /* Span, in time order */
  SimTime end;     /* the end of the last span: -1 while open */
  char *error;     /* the error it ended with, or NULL */
  SimTime error_at;
  guint order;     /* rows made before it */
} Row;

struct TraceStates
{
  char *title;
  GPtrArray *rows;    /* Row, in order of creation (sorted when written) */
  GHashTable *by_key; /* "host\tconn" -> Row */
  SimTime last;       /* the latest event's time */
};

const char *const trace_states_files[] = { "states.dat", "errors.dat", "params.gp", NULL };

static void
row_free (gpointer data)
{
  Row *r = data;
  g_free (r->host);
  g_array_free (r->spans, TRUE);
  g_free (r->error);
  g_free (r);
}

TraceStates *
trace_states_new (const char *title)
{
  TraceStates *s = g_new0 (TraceStates, 1);
  s->title = g_strdup (title ? title : "");
  s->rows = g_ptr_array_new_with_free_func (row_free);
  s->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return s;
}

void
trace_states_free (TraceStates *s)
{
  if (s == NULL)
    return;
  g_ptr_array_free (s->rows, TRUE);
  g_hash_table_destroy (s->by_key);
  g_free (s->title);
  g_free (s);
}

guint
trace_states_rows (const TraceStates *s)
{
  return s->rows->len;
}

static int
state_index (const char *name)
{
  for (guint i = 0; i < N_STATES; i++)
    if (g_strcmp0 (name, state_names[i]) == 0)
      return (int) i;
  return N_STATES;
}

static Row *
row_of (TraceStates *s, const TraceEvent *ev, gboolean create)
{
  char key[160];
  g_snprintf (key, sizeof key, "%s\t%" G_GUINT64_FORMAT, ev->host ? ev->host : "", ev->conn);
  Row *r = g_hash_table_lookup (s->by_key, key);
  if (r == NULL && create)
    {
      r = g_new0 (Row, 1);
      r->host = g_strdup (ev->host ? ev->host : "");
      r->conn = ev->conn;
      r->spans = g_array_new (FALSE, FALSE, sizeof (Span));
      r->end = -1;
      r->order = s->rows->len;
      g_ptr_array_add (s->rows, r);
      g_hash_table_insert (s->by_key, g_strdup (key), r);
    }
  return r;
}

void
trace_states_event (gpointer sink, const TraceEvent *ev)
{
  TraceStates *s = sink;
  s->last = MAX (s->last, ev->time);
  if (ev->conn == 0)
    return;
  if (ev->kind == TRACE_STATE)
    {
      Row *r = row_of (s, ev, TRUE);
      int st = state_index (ev->name);
      if (st == state_index ("CLOSED"))
        {
          if (r->end < 0)
            r->end = ev->time;
          return;
        }
      /* A connection id reused after CLOSED (none today) continues its row. */
      r->end = -1;
      Span sp = { ev->time, st };
      g_array_append_val (r->spans, sp);
    }
  else if ((ev->kind == TRACE_ERROR || (ev->kind == TRACE_OUTCOME && ev->error != 0)) && ev->name)
    {
      Row *r = row_of (s, ev, FALSE);
      if (r != NULL && r->error == NULL)
        {
          r->error = g_strdup (ev->name);
          r->error_at = ev->time;
        }
    }
}

static void
fmt_s (SimTime t, char *buf, gsize n)
{
  sim_time_format_s9 (t, buf, n);
}

static gint
row_cmp (gconstpointer a, gconstpointer b)
{
  const Row *x = *(Row *const *) a, *y = *(Row *const *) b;
  if (x->conn != y->conn)
    return x->conn < y->conn ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

gboolean
trace_states_write (const TraceStates *s, const char *dir, guint max_rows, GError **error)
{
  guint n = MIN (s->rows->len, max_rows);
  g_ptr_array_sort (s->rows, row_cmp); /* the order only: nothing else changes */
  GString *spans = g_string_new ("# row from_s to_s state_index\n");
  GString *errs = g_string_new ("# row time_s \"error\"\n");
  GString *params = g_string_new ("");
  char a[40], b[40];
  for (guint i = 0; i < n; i++)
    {
      const Row *r = g_ptr_array_index (s->rows, i);
      for (guint k = 0; k < r->spans->len; k++)
        {
          const Span *sp = &g_array_index (r->spans, Span, k);
          SimTime to = k + 1 < r->spans->len ? g_array_index (r->spans, Span, k + 1).from
                       : r->end >= 0         ? r->end
                                             : s->last;
          fmt_s (sp->from, a, sizeof a);
          fmt_s (to, b, sizeof b);
          g_string_append_printf (spans, "%u %s %s %d\n", i, a, b, sp->state);
        }
      if (r->error != NULL)
        {
          fmt_s (r->error_at, a, sizeof a);
          /* Error names are words (ETIMEDOUT): no quote to escape. */
          g_string_append_printf (errs, "%u %s \"%s\"\n", i, a, r->error);
        }
    }
  char *t = trace_gp_quote (s->title);
  fmt_s (s->last, a, sizeof a);
  g_string_append_printf (params, "NROWS = %u\nTOTALROWS = %u\nTMAX = %s\nTITLE = %s\n", n,
                          s->rows->len, a, t);
  g_free (t);
  /* The states present, for the legend, as indexes. */
  gboolean used[N_STATES + 1] = { FALSE };
  for (guint i = 0; i < n; i++)
    {
      const Row *r = g_ptr_array_index (s->rows, i);
      for (guint k = 0; k < r->spans->len; k++)
        used[g_array_index (r->spans, Span, k).state] = TRUE;
    }
  g_string_append (params, "USED = \"");
  for (guint i = 0; i <= N_STATES; i++)
    if (used[i])
      g_string_append_printf (params, " %u", i);
  g_string_append (params, "\"\nHAS_ERRORS = ");
  g_string_append (params, strchr (errs->str, '\n')[1] != '\0' ? "1\n" : "0\n");
  if (n > 0)
    g_string_append (params, "set ytics (");
  for (guint i = 0; i < n; i++)
    {
      const Row *r = g_ptr_array_index (s->rows, i);
      char *label = g_strdup_printf ("%s #%" G_GUINT64_FORMAT, r->host, r->conn);
      char *q = trace_gp_quote (label);
      g_string_append_printf (params, "%s%s %u", i ? ", " : "", q, i);
      g_free (q);
      g_free (label);
    }
  if (n > 0)
    g_string_append (params, ")\n");

  const GString *bodies[] = { spans, errs, params };
  gboolean ok = TRUE;
  for (guint i = 0; ok && trace_states_files[i] != NULL; i++)
    {
      char *path = g_build_filename (dir, trace_states_files[i], NULL);
      ok = g_file_set_contents (path, bodies[i]->str, (gssize) bodies[i]->len, error);
      g_free (path);
    }
  g_string_free (spans, TRUE);
  g_string_free (errs, TRUE);
  g_string_free (params, TRUE);
  return ok;
}
