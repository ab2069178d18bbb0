/* world_reset() (src/scenario/scn_world.c): a world that has run, reset
 * to a seed, must run exactly as a new world built with that seed.
 *
 * For every scenario in scenarios/ (found at run time, so a new scenario
 * is covered by construction) and three seeds s: a new world with seed s
 * gives the reference, as its text log, TSV trace, measuring sink records
 * (study_measure.h) and a summary of the state the run ends in (clock,
 * events, queue, hosts, connections per state, link counters and fault
 * counts, generator statistics, named ends, ids).  Then one world, built
 * with another seed, is run and reset again and again, with the same
 * sinks subscribed once: to each seed in turn (a reset after a reset
 * after a reset), once more to the first seed from a run cut off half way
 * through (connections open, segments in flight, timers armed), and each
 * run after a reset must give the reference byte for byte.
 *
 * Scenarios with parameters run with their defaults, except where a
 * value makes the seed matter (loss) or keeps the suite quick
 * (workload-w's n); see `overrides`. */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "scenario/scenario.h"
#include "scenario/scn_world.h"
#include "study/study_measure.h"
#include "trace/trace_sinks.h"

static const guint64 seeds[] = { 1, 0x9e3779b97f4a7c15ULL, 424242 };
/* The seed a reused world is first built with: none of the above. */
#define BUILD_SEED 77

/* The CLI's default bounds (src/cli/main.c), so that scenarios without
 * `run until` end as `tcpsim run` ends them. */
static const WorldLimits limits = {
  .max_time = 86400 * SIM_S, .max_events = 100000000, .max_same_instant = 10000000,
};

typedef struct
{
  const char *file;
  ScnDefine defs[2];
  gsize ndefs;
} Override;

static const Override overrides[] = {
  { "handshake-loss.scn", { { "loss", "0.3" } }, 1 },
  { "workload-w.scn", { { "n", "60" }, { "loss", "0.1" } }, 2 },
  { "workload-w-exact.scn", { { "loss", "0.1" } }, 1 },
};

static const char *
scenarios_dir (void)
{
  static char *dir;
  if (dir != NULL)
    return dir;
  const char *env = g_getenv ("SCENARIOS_DIR");
  if (env != NULL && env[0] != '\0')
    dir = g_strdup (env);
  else if (g_getenv ("G_TEST_SRCDIR") != NULL)
    dir = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "scenarios", NULL);
  else
    dir = g_strdup (TCPSIM_SRCDIR "/scenarios");
  return dir;
}

/* ---- what a run gives -------------------------------------------------------------- */

typedef struct
{
  WorldOutcome outcome;
  guint64 events;
  char *text;       /* the text log of this run alone */
  char *tsv;        /* the TSV rows of this run alone (no header) */
  StudyRecord *recs;
  guint nrecs;
  char *state;      /* summary of the world after the run */
} RunResult;

static void
run_result_clear (RunResult *r)
{
  g_free (r->text);
  g_free (r->tsv);
  g_free (r->recs);
  g_free (r->state);
  *r = (RunResult) { 0 };
}

/* Sinks on memory streams, subscribed once; each run's part is what the
 * streams grew by. */
typedef struct
{
  char *text_buf, *tsv_buf;
  size_t text_len, tsv_len;
  FILE *text_f, *tsv_f;
  TraceText *text;
  TraceTsv *tsv;
  StudyMeasureSink *measure;
  size_t text_mark, tsv_mark;
} Sinks;

static void
sinks_attach (Sinks *s, World *w)
{
  *s = (Sinks) { 0 };
  s->text_f = open_memstream (&s->text_buf, &s->text_len);
  s->tsv_f = open_memstream (&s->tsv_buf, &s->tsv_len);
  g_assert_nonnull (s->text_f);
  g_assert_nonnull (s->tsv_f);
  s->text = trace_text_new (s->text_f);
  s->tsv = trace_tsv_new (s->tsv_f);
  s->measure = study_measure_new ();
  trace_bus_subscribe (&w->bus, trace_text_event, s->text);
  trace_bus_subscribe (&w->bus, trace_tsv_event, s->tsv);
  trace_bus_subscribe (&w->bus, study_measure_event, s->measure);
  /* Past the TSV header. */
  fflush (s->tsv_f);
  s->tsv_mark = s->tsv_len;
}

static void
sinks_detach (Sinks *s)
{
  fclose (s->text_f);
  fclose (s->tsv_f);
  trace_text_free (s->text);
  trace_tsv_free (s->tsv);
  study_measure_free (s->measure);
  free (s->text_buf);
  free (s->tsv_buf);
}

static void
summarize (GString *out, World *w)
{
  const Scenario *scn = w->scn;
  g_string_append_printf (out, "now %" G_GINT64_FORMAT " events %" G_GUINT64_FORMAT " queued %"
                          G_GSIZE_FORMAT " next-id %" G_GUINT64_FORMAT "\n", w->sim.now,
                          w->sim.events_run, w->sim.len, tcp_ids_next (w->ids));
  for (guint i = 0; i < w->nhosts; i++)
    {
      Host *h = w->hosts[i];
      g_string_append_printf (out, "host %s down %d dropped %" G_GUINT64_FORMAT " conns %u "
                              "listeners %u states", h->name, h->down, h->dropped_down,
                              host_conn_count (h), g_hash_table_size (h->listeners));
      for (int st = 0; st < TCP_STATE_COUNT; st++)
        g_string_append_printf (out, " %" G_GUINT64_FORMAT,
                                tcp_stack_count_in_state (w->stacks[i], (TcpState) st));
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < w->nlinks; i++)
    {
      const Link *l = &w->links[i];
      g_string_append_printf (out, "link %s->%s sent %" G_GUINT64_FORMAT " dropped %"
                              G_GUINT64_FORMAT " delivered %" G_GUINT64_FORMAT " dup %"
                              G_GUINT64_FORMAT " held %" G_GUINT64_FORMAT " in-flight %u faults",
                              l->src_name, l->dst_name, l->sent, l->dropped, l->delivered,
                              l->duplicated, l->held_back, link_in_flight (l));
      for (guint f = 0; f < l->faults->len; f++)
        g_string_append_printf (out, " %u", g_array_index (l->faults, LinkFault, f).seen);
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < scn->gens->len; i++)
    {
      const AppGenStats *st = app_gen_stats (w->gens[i]);
      g_string_append_printf (out, "gen %u started %u established %u completed %u failed %u "
                              "incomplete %u errors", i, st->started, st->established,
                              st->completed, st->failed, st->incomplete);
      for (int e = 0; e < TCP_ERROR_COUNT; e++)
        g_string_append_printf (out, " %u", st->errors[e]);
      g_string_append (out, " handshake");
      guint nd;
      const AppDuration *d_handshake = app_durations_sorted (st->handshake, &nd);
      for (guint k = 0; k < nd; k++)
        g_string_append_printf (out, " %" G_GINT64_FORMAT "x%" G_GUINT64_FORMAT,
                                d_handshake[k].value, d_handshake[k].count);
      g_string_append (out, " lifetime");
      const AppDuration *d_lifetime = app_durations_sorted (st->lifetime, &nd);
      for (guint k = 0; k < nd; k++)
        g_string_append_printf (out, " %" G_GINT64_FORMAT "x%" G_GUINT64_FORMAT,
                                d_lifetime[k].value, d_lifetime[k].count);
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < scn->conns->len; i++)
    {
      g_string_append_printf (out, "conn %u id %" G_GUINT64_FORMAT, i, w->conn_ids[i]);
      for (int e = 0; e < 2; e++)
        {
          const WorldEnd *we = &w->ends[i][e];
          g_string_append_printf (out, " [%s received %" G_GUINT64_FORMAT "]",
                                  we->tcp ? tcp_state_name (tcp_conn_state (we->tcp)) : "-",
                                  we->received);
        }
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < scn->steps->len; i++)
    g_string_append_printf (out, "%d", w->steps[i].fired);
  g_string_append_printf (out, "\nunnamed %u\n", w->unnamed->len);
}

/* Runs w with sinks s (max_events 0: the default bounds) into r: r's
 * logs are what the sinks got since the end of the last run. */
static void
run_into (World *w, Sinks *s, guint64 max_events, RunResult *r)
{
  WorldLimits lim = limits;
  if (max_events > 0)
    lim.max_events = max_events;
  r->outcome = world_run (w, &lim);
  r->events = w->sim.events_run;
  fflush (s->text_f);
  fflush (s->tsv_f);
  r->text = g_strndup (s->text_buf + s->text_mark, s->text_len - s->text_mark);
  r->tsv = g_strndup (s->tsv_buf + s->tsv_mark, s->tsv_len - s->tsv_mark);
  const StudyRecord *recs = study_measure_records (s->measure, &r->nrecs);
  r->recs = g_memdup2 (recs, r->nrecs * sizeof *recs);
  GString *state = g_string_new (NULL);
  summarize (state, w);
  r->state = g_string_free (state, FALSE);
  s->text_mark = s->text_len;
  s->tsv_mark = s->tsv_len;
}

/* Resets w to seed.  What the sinks hear from here on counts as the next
 * run's: a reset must say nothing (a new world says nothing before it
 * runs). */
static void
reset_to (World *w, Sinks *s, guint64 seed)
{
  GError *err = NULL;
  study_measure_reset (s->measure);
  g_assert_true (world_reset (w, seed, &err));
  g_assert_no_error (err);
}

/* The first line where a and b differ, for a readable failure. */
static void
assert_same_text (const char *what, const char *a, const char *b, const char *name, guint64 seed)
{
  if (strcmp (a, b) == 0)
    return;
  gsize i = 0, line = 1, start = 0;
  while (a[i] != '\0' && a[i] == b[i])
    {
      if (a[i] == '\n')
        {
          line++;
          start = i + 1;
        }
      i++;
    }
  char *la = g_strndup (a + start, strcspn (a + start, "\n"));
  char *lb = g_strndup (b + start, strcspn (b + start, "\n"));
  g_test_message ("%s, seed %" G_GUINT64_FORMAT ": %s differs at line %" G_GSIZE_FORMAT
                  ":\n  new world:   %s\n  reset world: %s", name, seed, what, line, la, lb);
  g_free (la);
  g_free (lb);
  g_test_fail ();
}

static void
assert_same_run (const RunResult *fresh, const RunResult *reused, const char *name, guint64 seed)
{
  g_assert_cmpint (fresh->outcome, ==, reused->outcome);
  assert_same_text ("the text log", fresh->text, reused->text, name, seed);
  assert_same_text ("the TSV trace", fresh->tsv, reused->tsv, name, seed);
  assert_same_text ("the end state", fresh->state, reused->state, name, seed);
  g_assert_cmpuint (fresh->nrecs, ==, reused->nrecs);
  for (guint i = 0; i < fresh->nrecs; i++)
    {
      /* Field by field: padding bytes are not part of a record. */
      const StudyRecord *a = &fresh->recs[i], *b = &reused->recs[i];
      g_assert_cmpuint (a->conn, ==, b->conn);
      g_assert_cmpint (a->outcome, ==, b->outcome);
      g_assert_cmpint (a->hs_client, ==, b->hs_client);
      g_assert_cmpint (a->hs_server, ==, b->hs_server);
      g_assert_cmpint (a->close_client, ==, b->close_client);
      g_assert_cmpint (a->close_server, ==, b->close_server);
      for (int k = 0; k < STUDY_RTX_KINDS; k++)
        g_assert_cmpuint (a->rtx[k], ==, b->rtx[k]);
    }
}

/* ---- the test -------------------------------------------------------------------- */

static Scenario *
parse (const char *file)
{
  const ScnDefine *defs = NULL;
  gsize ndefs = 0;
  for (guint i = 0; i < G_N_ELEMENTS (overrides); i++)
    if (strcmp (overrides[i].file, file) == 0)
      {
        defs = overrides[i].defs;
        ndefs = overrides[i].ndefs;
      }
  char *path = g_build_filename (scenarios_dir (), file, NULL);
  GError *err = NULL;
  Scenario *scn = scn_parse_file (path, defs, ndefs, &err);
  g_assert_no_error (err);
  g_free (path);
  return scn;
}

static void
fresh_run (const Scenario *scn, guint64 seed, guint64 max_events, RunResult *r)
{
  GError *err = NULL;
  World *w = world_new (scn, TRUE, seed, &err);
  g_assert_no_error (err);
  Sinks s;
  sinks_attach (&s, w);
  run_into (w, &s, max_events, r);
  world_free (w);
  sinks_detach (&s);
}

static void
test_scenario (gconstpointer data)
{
  const char *file = data;
  Scenario *scn = parse (file);
  RunResult ref[G_N_ELEMENTS (seeds)];
  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    fresh_run (scn, seeds[i], 0, &ref[i]);
  /* And the first half of the second seed's run. */
  RunResult half;
  fresh_run (scn, seeds[1], MAX (ref[1].events / 2, 1), &half);
  /* Whether the seeds tell runs apart (not all scenarios draw anything
   * that shows: fixed ISNs and no loss), for the log. */
  gboolean seed_shows = strcmp (ref[0].tsv, ref[1].tsv) != 0 || strcmp (ref[1].tsv, ref[2].tsv) != 0;
  g_test_message ("%s: %" G_GUINT64_FORMAT " events with seed %" G_GUINT64_FORMAT
                  "; the seed %s in the trace", file, ref[0].events, seeds[0],
                  seed_shows ? "shows" : "does not show");

  GError *err = NULL;
  World *w = world_new (scn, TRUE, BUILD_SEED, &err);
  g_assert_no_error (err);
  Sinks s;
  sinks_attach (&s, w);
  RunResult r = { 0 };
  run_into (w, &s, 0, &r);
  run_result_clear (&r);
  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      reset_to (w, &s, seeds[i]);
      run_into (w, &s, 0, &r);
      assert_same_run (&ref[i], &r, file, seeds[i]);
      run_result_clear (&r);
    }
  /* A run cut off half way (the same as a new world's), then reset:
   * connections open, segments in flight and timers armed must all go. */
  reset_to (w, &s, seeds[1]);
  run_into (w, &s, MAX (ref[1].events / 2, 1), &r);
  assert_same_run (&half, &r, file, seeds[1]);
  run_result_clear (&r);
  reset_to (w, &s, seeds[0]);
  run_into (w, &s, 0, &r);
  assert_same_run (&ref[0], &r, file, seeds[0]);
  run_result_clear (&r);

  world_free (w);
  sinks_detach (&s);
  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    run_result_clear (&ref[i]);
  run_result_clear (&half);
  scn_free (scn);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  const char *dir = scenarios_dir ();
  GError *err = NULL;
  GDir *d = g_dir_open (dir, 0, &err);
  g_assert_no_error (err);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".scn"))
      g_ptr_array_add (files, g_strdup (name));
  g_dir_close (d);
  /* An empty or wrong folder must not pass as "nothing to check". */
  g_assert_cmpuint (files->len, >, 0);
  g_ptr_array_sort (files, compare_names);
  for (guint i = 0; i < files->len; i++)
    {
      const char *file = g_ptr_array_index (files, i);
      char *path = g_strdup_printf ("/world/reset/%.*s", (int) (strlen (file) - 4), file);
      g_test_add_data_func (path, file, test_scenario);
      g_free (path);
    }
  int status = g_test_run ();
  g_ptr_array_free (files, TRUE);
  return status;
}
