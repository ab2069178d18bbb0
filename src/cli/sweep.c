/* tcpsim sweep FILE --vary NAME=SPEC … --runs R [-j N] --out results.csv …
 *
 * The scenario is parsed once per point (with the point's parameters);
 * replications run on a pool of threads (study_runner.h), or across MPI
 * ranks; results land in per-point arrays indexed by replication, so
 * every output is the same bytes for any -j.  With --db, replications
 * already in the campaign are read back instead of run, and every block
 * that finishes is stored at once, so an interrupted sweep resumes.
 *
 * Exit status as for run: 0, 2 bad input, 3 an output could not be
 * written, 130 interrupted (no output file written; the campaign keeps
 * what finished). */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "cli/help.h"
#include "cli/interrupt.h"
#include "cli/outfile.h"
#include "cli/plot.h"
#include "cli/sweep.h"
#include "cli/sweep_plot.h"
#include "scenario/scenario.h"
#include "study/study_csv.h"
#include "study/study_db.h"
#include "study/study_grid.h"
#include "study/study_model.h"
#include "study/study_mpi.h"
#include "study/study_runner.h"
#include "study/study_seed.h"
#include "study/study_summary.h"

enum
{
  EXIT_OK = 0,
  EXIT_INPUT = 2,
  EXIT_OUTPUT = 3,
};

typedef struct
{
  char **defines, **vary;
  gint64 runs, max_runs, jobs, block;
  char *seed_text, *precision_text, *max_time_text;
  char *out_path, *samples_path, *modelcdf_path, *db_path, *plot_path, *cdf_path;
  gint64 max_events, max_same_instant;
  gboolean quiet;
  char **files;
} SweepOptions;

/* One point: its scenario, key, replications and model. */
typedef struct
{
  Scenario *scn;
  char *key;
  GArray *reps;       /* StudyRep by replication */
  guint32 target;     /* replications wanted so far */
  gint64 db_id;
  gboolean has_model;
  StudyModelResult model;
  char *model_why;    /* why the model does not apply */
} Point;

typedef struct
{
  SweepOptions o;
  const char *path;
  StudyGrid *grid;
  Point *points;
  guint npoints;
  guint64 seed;
  StudyDb *db;
  volatile sig_atomic_t *stop;
  StudyMpi *mpi;
  /* The round being run. */
  StudyTask *tasks;
  StudyRep *reps;
  gsize ntasks, ndone;
  guint32 *left;            /* per point: replications of the round still to come */
  guint points_done;
  gsize total_done, total_wanted;
  gint64 started, last_progress;
  gboolean progress;
} Sweep;

static void
sweep_options_clear (SweepOptions *o)
{
  g_strfreev (o->defines);
  g_strfreev (o->vary);
  g_free (o->seed_text);
  g_free (o->precision_text);
  g_free (o->max_time_text);
  g_free (o->out_path);
  g_free (o->samples_path);
  g_free (o->modelcdf_path);
  g_free (o->db_path);
  g_free (o->plot_path);
  g_free (o->cdf_path);
  g_strfreev (o->files);
}

static gboolean
split_assign (const char *opt, const char *text, char **name, char **value, GError **error)
{
  const char *eq = strchr (text, '=');
  if (eq == NULL || eq == text || eq[1] == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s %s: expected NAME=%s", opt,
                   text, strcmp (opt, "--vary") == 0 ? "SPEC" : "VALUE");
      return FALSE;
    }
  *name = g_strndup (text, (gsize) (eq - text));
  *value = g_strdup (eq + 1);
  return TRUE;
}

/* A percentage "1%" or a fraction "0.01". */
static gboolean
parse_precision (const char *text, double *out)
{
  char *end;
  double v = g_ascii_strtod (text, &end);
  if (end == text)
    return FALSE;
  if (*end == '%')
    {
      v /= 100;
      end++;
    }
  *out = v;
  return *end == '\0' && isfinite (v) && v > 0 && v < 1;
}

static gboolean
params_has (const Scenario *scn, const char *name)
{
  for (guint i = 0; i < scn->params->len; i++)
    if (strcmp (g_ptr_array_index (scn->params, i), name) == 0)
      return TRUE;
  return FALSE;
}

static char *
params_list (const Scenario *scn)
{
  GString *s = g_string_new ("");
  for (guint i = 0; i < scn->params->len; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", (const char *) g_ptr_array_index (scn->params, i));
  return g_string_free (s, FALSE);
}

/* ---- progress ------------------------------------------------------------------ */

static void
progress_line (Sweep *s, gboolean final)
{
  if (!s->progress)
    return;
  gint64 now = g_get_monotonic_time ();
  if (!final && now - s->last_progress < 200000)
    return;
  s->last_progress = now;
  double secs = (double) (now - s->started) / 1e6;
  double rate = secs > 0 ? (double) s->total_done / secs : 0;
  double left = rate > 0 ? (double) (s->total_wanted - s->total_done) / rate : 0;
  fprintf (stderr, "\r\033[Ksweep: %u/%u points, %" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT
           " replications, %.0f replications/s, %.0f s left", s->points_done, s->npoints,
           s->total_done, s->total_wanted, rate, left);
  if (final)
    fputc ('\n', stderr);
  fflush (stderr);
}

/* ---- running ------------------------------------------------------------------- */

/* A finished block: into the campaign (one transaction), and progress. */
static gboolean
on_block (gpointer ctx, gsize first, gsize n, GError **error)
{
  Sweep *s = ctx;
  if (s->db != NULL)
    {
      if (!study_db_begin (s->db, error))
        return FALSE;
      for (gsize i = first; i < first + n; i++)
        {
          const StudyTask *t = &s->tasks[i];
          const StudyRep *rep = &s->reps[i];
          if (!study_db_put (s->db, s->points[t->point].db_id, t->r, rep->recs, rep->n, rep->events,
                             error))
            return FALSE;
        }
      if (!study_db_commit (s->db, error))
        return FALSE;
    }
  s->total_done += n;
  for (gsize i = first; i < first + n; i++)
    if (--s->left[s->tasks[i].point] == 0)
      s->points_done++;
  progress_line (s, FALSE);
  return TRUE;
}

static void
load_rep (gpointer ctx, guint32 r, const StudyRecord *recs, guint n)
{
  Point *p = ctx;
  if (r >= p->reps->len)
    return;
  StudyRep *rep = &g_array_index (p->reps, StudyRep, r);
  g_free (rep->recs);
  rep->recs = g_memdup2 (recs, n * sizeof *recs);
  rep->n = n;
  rep->done = TRUE;
}

/* Grows every point to its target, reading what the campaign has, and
 * lists the replications still to run. */
static gboolean
plan_round (Sweep *s, GArray *tasks, GError **error)
{
  for (guint k = 0; k < s->npoints; k++)
    {
      Point *p = &s->points[k];
      guint32 have = p->reps->len;
      if (p->target <= have)
        continue;
      g_array_set_size (p->reps, p->target);
      if (s->db != NULL && !study_db_load_point (s->db, p->db_id, p->target, load_rep, p, error))
        return FALSE;
      for (guint32 r = have; r < p->target; r++)
        if (!g_array_index (p->reps, StudyRep, r).done)
          {
            StudyTask t = { k, r };
            g_array_append_val (tasks, t);
          }
    }
  return TRUE;
}

typedef enum
{
  ROUND_DONE,
  ROUND_STOPPED,
  ROUND_FAILED,
} RoundStatus;

static RoundStatus
run_round (Sweep *s, GError **error)
{
  GArray *tasks = g_array_new (FALSE, FALSE, sizeof (StudyTask));
  if (!plan_round (s, tasks, error))
    {
      g_array_free (tasks, TRUE);
      return ROUND_FAILED;
    }
  s->ntasks = tasks->len;
  s->tasks = (StudyTask *) tasks->data;
  s->reps = g_new0 (StudyRep, MAX (s->ntasks, 1));
  s->total_wanted += s->ntasks;
  s->left = g_new0 (guint32, s->npoints);
  s->points_done = 0;
  for (gsize i = 0; i < s->ntasks; i++)
    s->left[s->tasks[i].point]++;
  for (guint k = 0; k < s->npoints; k++)
    s->points_done += s->left[k] == 0;

  const Scenario **scns = g_new (const Scenario *, s->npoints);
  const char **keys = g_new (const char *, s->npoints);
  for (guint k = 0; k < s->npoints; k++)
    {
      scns[k] = s->points[k].scn;
      keys[k] = s->points[k].key;
    }
  StudyRunSpec spec = {
    .scns = scns, .keys = keys, .seed = s->seed,
    .limits = { .max_events = (guint64) s->o.max_events,
                .max_same_instant = (guint64) s->o.max_same_instant, .stop = s->stop },
    .threads = (guint) s->o.jobs, .block = (guint) s->o.block,
  };
  char *msg = NULL;
  spec.limits.max_time = 86400 * SIM_S;
  if (s->o.max_time_text != NULL)
    scn_time_from_text (s->o.max_time_text, &spec.limits.max_time, &msg); /* checked before */
  g_free (msg);

  StudyRunStatus st;
  if (s->mpi != NULL)
    st = study_mpi_run (s->mpi, &spec, s->tasks, s->ntasks, s->reps, on_block, s, error);
  else
    st = study_run (&spec, s->tasks, s->ntasks, s->reps, on_block, s, error);

  /* Results move to their points (what finished, even when stopped). */
  for (gsize i = 0; i < s->ntasks; i++)
    if (s->reps[i].done)
      {
        StudyRep *dst = &g_array_index (s->points[s->tasks[i].point].reps, StudyRep, s->tasks[i].r);
        g_free (dst->recs);
        *dst = s->reps[i];
        s->reps[i].recs = NULL;
      }
  study_reps_clear (s->reps, s->ntasks);
  g_free (s->reps);
  s->reps = NULL;
  g_array_free (tasks, TRUE);
  s->tasks = NULL;
  g_free (s->left);
  s->left = NULL;
  g_free (scns);
  g_free (keys);
  return st == STUDY_RUN_DONE ? ROUND_DONE : st == STUDY_RUN_STOPPED ? ROUND_STOPPED : ROUND_FAILED;
}

static void
summarize_point (const Point *p, StudyPointSummary *sum)
{
  study_summarize ((const StudyRep *) p->reps->data, p->target, sum);
  if (p->has_model)
    {
      sum->has_model = TRUE;
      sum->model_mean = p->model.mean;
      sum->model_fail = p->model.fail;
      sum->csa_mean = p->model.csa_mean;
    }
}

/* --precision: points whose interval is still too wide get more blocks of
 * --runs replications: as many blocks as the interval's width says are
 * needed (the half-width shrinks as 1/sqrt(n)), at least one, so that a
 * study reaches its precision in a few rounds.  Decided on whole rounds
 * only, from the results alone, so the runs (and bytes) do not depend on
 * -j.  A point where no handshake completed has no mean to make precise:
 * it gets no more runs. */
static gboolean
raise_targets (Sweep *s, double precision)
{
  gboolean more = FALSE;
  for (guint k = 0; k < s->npoints; k++)
    {
      Point *p = &s->points[k];
      StudyPointSummary sum;
      summarize_point (p, &sum);
      const StudySummary *hs = &sum.m[STUDY_M_HS_CLIENT];
      if (hs->n == 0 || p->target >= (guint32) s->o.max_runs)
        continue;
      double half = isnan (hs->ci_hi) ? INFINITY : hs->ci_hi - hs->mean;
      double goal = precision * fabs (hs->mean);
      if (half <= goal)
        continue;
      /* Replications needed if the spread stays as it is, with a tenth
       * more for luck; unknown (fewer than 2 replications): one block. */
      double need = isfinite (half) && goal > 0 ? 1.1 * p->target * (half / goal) * (half / goal) : 0;
      gint64 blocks = MAX ((gint64) 1, (gint64) ceil ((need - p->target) / (double) s->o.runs));
      blocks = MIN (blocks, (s->o.max_runs - p->target + s->o.runs - 1) / s->o.runs);
      p->target = (guint32) MIN ((gint64) p->target + blocks * s->o.runs, s->o.max_runs);
      more = TRUE;
    }
  return more;
}

/* ---- outputs ------------------------------------------------------------------- */

static void
write_results (Sweep *s, FILE *f)
{
  study_csv_results_header (f, s->grid);
  for (guint k = 0; k < s->npoints; k++)
    {
      StudyPointSummary sum;
      summarize_point (&s->points[k], &sum);
      study_csv_results_row (f, s->grid, k, &sum);
    }
}

static void
write_samples (Sweep *s, FILE *f)
{
  study_csv_samples_header (f, s->grid);
  for (guint k = 0; k < s->npoints; k++)
    study_csv_samples_rows (f, s->grid, k, (const StudyRep *) s->points[k].reps->data,
                            s->points[k].target);
}

static void
write_modelcdf (Sweep *s, FILE *f)
{
  study_csv_modelcdf_header (f, s->grid);
  for (guint k = 0; k < s->npoints; k++)
    if (s->points[k].has_model)
      study_csv_modelcdf_rows (f, s->grid, k, s->points[k].model.atoms);
}

/* A short table on stdout: what a person reads first. */
static void
print_table (Sweep *s)
{
  for (guint k = 0; k < s->npoints; k++)
    {
      StudyPointSummary sum;
      summarize_point (&s->points[k], &sum);
      GString *name = g_string_new ("");
      for (guint a = 0; a < s->grid->axes->len; a++)
        g_string_append_printf (name, "%s%s=%s", a ? " " : "",
                                g_array_index (s->grid->axes, StudyAxis, a).name,
                                study_grid_value (s->grid, k, a));
      const StudySummary *hs = &sum.m[STUDY_M_HS_CLIENT];
      gboolean model = sum.has_model && !isnan (sum.model_mean);
      printf ("%-28s %6" G_GUINT64_FORMAT " conns  handshake ", name->str, sum.conns);
      if (hs->n > 0)
        printf ("%.4f s ± %.4f", hs->mean, isnan (hs->ci_hi) ? 0.0 : hs->ci_hi - hs->mean);
      else
        printf ("none");
      if (model)
        printf (" (model %.4f)", sum.model_mean);
      /* No connection at all: no share to show, not 0%. */
      if (sum.conns == 0)
        printf ("  no connection");
      else
        {
          printf ("  connect failed %.2f%%", 100 * sum.hs_fail_p);
          if (model)
            printf (" (model %.2f%%)", 100 * sum.model_fail);
          printf ("  any failure %.2f%%", 100 * sum.fail_p);
        }
      putchar ('\n');
      g_string_free (name, TRUE);
    }
}

typedef struct
{
  OutFile *out, *samples, *modelcdf, *plot, *cdf;
  char *tmpdir, *gnuplot, *plots;
  int tmpdir_lock;
} Outputs;

static gboolean
outputs_open (Sweep *s, Outputs *w, GError **error)
{
  const SweepOptions *o = &s->o;
  if ((o->plot_path || o->cdf_path)
      && ((w->gnuplot = plot_find_gnuplot (error)) == NULL || (w->plots = plot_find_dir (error)) == NULL))
    return FALSE;
  if ((o->plot_path || o->cdf_path) && (w->tmpdir = plot_scratch_new ("tcpsim-sweep", &w->tmpdir_lock, error)) == NULL)
    return FALSE;
  return (!o->out_path || (w->out = outfile_new (o->out_path, error)) != NULL)
         && (!o->samples_path || (w->samples = outfile_new (o->samples_path, error)) != NULL)
         && (!o->modelcdf_path || (w->modelcdf = outfile_new (o->modelcdf_path, error)) != NULL)
         && (!o->plot_path || (w->plot = outfile_new (o->plot_path, error)) != NULL)
         && (!o->cdf_path || (w->cdf = outfile_new (o->cdf_path, error)) != NULL);
}

static void
outputs_close (Outputs *w)
{
  outfile_discard (w->out);
  outfile_discard (w->samples);
  outfile_discard (w->modelcdf);
  outfile_discard (w->plot);
  outfile_discard (w->cdf);
  plot_scratch_remove (w->tmpdir, w->tmpdir_lock);
  g_free (w->gnuplot);
  g_free (w->plots);
}

/* Writes fn's output to path (a scratch file for gnuplot). */
static gboolean
write_scratch (Sweep *s, const char *path, void (*fn) (Sweep *, FILE *), GError **error)
{
  FILE *f = g_fopen (path, "w");
  if (f == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot write %s", path);
      return FALSE;
    }
  fn (s, f);
  /* A failed write sets the error flag, which fclose alone does not
   * report. */
  errno = 0;
  int why = ferror (f) || fflush (f) != 0 ? (errno ? errno : EIO) : 0;
  if (fclose (f) != 0 && why == 0)
    why = errno ? errno : EIO;
  if (why != 0)
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (why), "%s: %s", path, g_strerror (why));
  return why == 0;
}

static gboolean
draw (Sweep *s, Outputs *w, OutFile *f, gboolean cdf, GError **error)
{
  char *results = g_build_filename (w->tmpdir, "results.csv", NULL);
  char *samples = g_build_filename (w->tmpdir, "samples.csv", NULL);
  char *modelcdf = g_build_filename (w->tmpdir, "modelcdf.csv", NULL);
  SweepPlot plot = { w->gnuplot, w->plots, s->grid, s->path, results, samples, modelcdf, w->tmpdir };
  gboolean ok = write_scratch (s, results, write_results, error)
                && (!cdf || write_scratch (s, samples, write_samples, error))
                && (!cdf || write_scratch (s, modelcdf, write_modelcdf, error))
                && (cdf ? sweep_plot_cdf (&plot, f, error) : sweep_plot_latency (&plot, f, error));
  g_free (results);
  g_free (samples);
  g_free (modelcdf);
  return ok;
}

static gboolean
outputs_write (Sweep *s, Outputs *w, GError **error)
{
  if (w->out)
    write_results (s, w->out->fp);
  if (w->samples)
    write_samples (s, w->samples->fp);
  if (w->modelcdf)
    write_modelcdf (s, w->modelcdf->fp);
  if ((w->plot && !draw (s, w, w->plot, FALSE, error)) || (w->cdf && !draw (s, w, w->cdf, TRUE, error)))
    return FALSE;
  /* Committed last, all together, so a failure leaves none. */
  OutFile *all[] = { w->out, w->samples, w->modelcdf, w->plot, w->cdf };
  for (gsize i = 0; i < G_N_ELEMENTS (all); i++)
    if (all[i] != NULL && !outfile_finish (all[i], error))
      return FALSE;
  if (*s->stop && cli_interrupt_signal () != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INTR, "interrupted; no output written");
      return FALSE;
    }
  return outfile_publish_all (all, G_N_ELEMENTS (all), error);
}

/* ---- setting up ---------------------------------------------------------------- */

static int
build_points (Sweep *s, const Scenario *base)
{
  s->npoints = study_grid_npoints (s->grid);
  s->points = g_new0 (Point, s->npoints);
  GArray *defs = g_array_new (FALSE, FALSE, sizeof (ScnDefine));
  int status = EXIT_OK;
  for (guint k = 0; k < s->npoints && status == EXIT_OK; k++)
    {
      Point *p = &s->points[k];
      p->reps = g_array_new (FALSE, TRUE, sizeof (StudyRep));
      p->target = (guint32) s->o.runs;
      study_grid_defines (s->grid, k, defs);
      p->key = study_point_key ((const ScnDefine *) defs->data, defs->len);
      GError *err = NULL;
      p->scn = scn_parse_file (s->path, (const ScnDefine *) defs->data, defs->len, &err);
      if (p->scn == NULL)
        {
          fprintf (stderr, "tcpsim sweep: point %u (%s):\n%s\n", k, p->key, err->message);
          g_error_free (err);
          status = EXIT_INPUT;
          break;
        }
      StudyModelInput in;
      if (study_model_input_from_scenario (p->scn, &in, &err)
          && study_model_handshake (&in, &p->model, &err))
        p->has_model = TRUE;
      else
        {
          p->model_why = g_strdup (err->message);
          g_clear_error (&err);
        }
      if (s->db != NULL)
        {
          GPtrArray *names = g_ptr_array_new (), *values = g_ptr_array_new ();
          for (guint a = 0; a < s->grid->axes->len; a++)
            {
              g_ptr_array_add (names, g_array_index (s->grid->axes, StudyAxis, a).name);
              g_ptr_array_add (values, (gpointer) study_grid_value (s->grid, k, a));
            }
          gboolean ok = study_db_point (s->db, p->key, (const char *const *) names->pdata,
                                        (const char *const *) values->pdata, names->len, &p->db_id,
                                        &err);
          g_ptr_array_free (names, TRUE);
          g_ptr_array_free (values, TRUE);
          if (!ok)
            {
              fprintf (stderr, "tcpsim sweep: %s\n", err->message);
              g_error_free (err);
              status = EXIT_OUTPUT;
            }
        }
    }
  (void) base;
  g_array_free (defs, TRUE);
  return status;
}

static void
sweep_clear (Sweep *s)
{
  for (guint k = 0; k < s->npoints; k++)
    {
      Point *p = &s->points[k];
      scn_free (p->scn);
      g_free (p->key);
      if (p->reps != NULL)
        {
          study_reps_clear ((StudyRep *) p->reps->data, p->reps->len);
          g_array_free (p->reps, TRUE);
        }
      if (p->has_model)
        study_model_result_clear (&p->model);
      g_free (p->model_why);
    }
  g_free (s->points);
  study_grid_free (s->grid);
  study_db_close (s->db);
  sweep_options_clear (&s->o);
}

/* The grid from --vary, or else from the scenario's `sweep` lines; -D
 * fixes the others.  Returns an exit status. */
static int
build_grid (Sweep *s, const Scenario *base)
{
  GError *err = NULL;
  s->grid = study_grid_new ();
  for (char **d = s->o.defines; d && *d; d++)
    {
      char *name, *value;
      if (!split_assign ("-D", *d, &name, &value, &err))
        goto bad;
      study_grid_fix (s->grid, name, value);
      g_free (name);
      g_free (value);
    }
  for (char **v = s->o.vary; v && *v; v++)
    {
      char *name, *spec;
      if (!split_assign ("--vary", *v, &name, &spec, &err))
        goto bad;
      if (!params_has (base, name))
        {
          char *list = params_list (base);
          g_set_error (&err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "--vary %s: the scenario has no parameter '%s' (%s%s)", *v, name,
                       *list ? "it has: " : "declare it with 'param NAME = VALUE'", list);
          g_free (list);
        }
      gboolean ok = err == NULL && study_grid_vary (s->grid, name, spec, &err);
      g_free (name);
      g_free (spec);
      if (!ok)
        goto bad;
    }
  if (s->o.vary == NULL)
    for (guint i = 0; i < base->sweeps->len; i++)
      {
        const ScnSweep *sw = &g_array_index (base->sweeps, ScnSweep, i);
        if (!study_grid_vary (s->grid, sw->name, sw->spec, &err))
          goto bad;
      }
  if (s->grid->axes->len == 0)
    {
      g_set_error (&err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "nothing to vary: give --vary NAME=SPEC or put 'sweep NAME SPEC' in %s", s->path);
      goto bad;
    }
  return EXIT_OK;
bad:
  fprintf (stderr, "tcpsim sweep: %s\n", err->message);
  g_error_free (err);
  return EXIT_INPUT;
}

static int
check_options (Sweep *s, const Scenario *base, double *precision)
{
  SweepOptions *o = &s->o;
  SimTime t;
  *precision = 0;
  if (o->runs == -1 && base->runs > 0)
    o->runs = base->runs;
  if (o->runs == -1)
    {
      fprintf (stderr, "tcpsim sweep: give --runs N (or 'runs N' in the scenario): replications per "
                       "point\n");
      return EXIT_INPUT;
    }
  if (o->runs < 1 || o->runs > 1000000000)
    {
      fprintf (stderr, "tcpsim sweep: --runs %" G_GINT64_FORMAT ": give between 1 and 1000000000 "
               "replications per point\n", o->runs);
      return EXIT_INPUT;
    }
  if (o->jobs < 1 || o->jobs > 4096)
    {
      fprintf (stderr, "tcpsim sweep: --jobs must be between 1 and 4096\n");
      return EXIT_INPUT;
    }
  if (o->block < 1 || o->max_events < 0 || o->max_same_instant < 0)
    {
      fprintf (stderr, "tcpsim sweep: --block must be positive; --max-events and --max-same-instant "
                       "must not be negative\n");
      return EXIT_INPUT;
    }
  char *msg = NULL;
  if (o->max_time_text != NULL && !scn_time_from_text (o->max_time_text, &t, &msg))
    {
      fprintf (stderr, "tcpsim sweep: --max-time %s: %s\n", o->max_time_text, msg);
      g_free (msg);
      return EXIT_INPUT;
    }
  if (o->precision_text != NULL && !parse_precision (o->precision_text, precision))
    {
      fprintf (stderr, "tcpsim sweep: --precision %s: expected a percentage like 1%% (or a fraction "
                       "like 0.01), above 0 and below 100%%\n", o->precision_text);
      return EXIT_INPUT;
    }
  if (o->max_runs == 0)
    o->max_runs = o->precision_text ? MAX (o->runs * 100, 100000) : o->runs;
  if (o->max_runs < o->runs || o->max_runs > 1000000000)
    {
      fprintf (stderr, "tcpsim sweep: --max-runs must be at least --runs and at most 1000000000\n");
      return EXIT_INPUT;
    }
  const char *pics[] = { o->plot_path, o->cdf_path };
  for (gsize i = 0; i < G_N_ELEMENTS (pics); i++)
    if (pics[i] != NULL && plot_format_of (pics[i]) == NULL)
      {
        fprintf (stderr, "tcpsim sweep: %s %s: use a .png, .svg or .pdf name\n",
                 i == 0 ? "--plot" : "--cdf", pics[i]);
        return EXIT_INPUT;
      }
  /* An output never replaces an input (by device and inode), nor
   * another output. */
  const char *outs[] = { o->out_path, o->samples_path, o->modelcdf_path, o->plot_path, o->cdf_path };
  const char *names[] = { "--out", "--samples", "--model-cdf", "--plot", "--cdf" };
  for (gsize i = 0; i < G_N_ELEMENTS (outs); i++)
    {
      if (outs[i] == NULL)
        continue;
      if (outfile_same_file (outs[i], s->path)
          || (o->db_path != NULL && outfile_same_file (outs[i], o->db_path)))
        {
          fprintf (stderr, "tcpsim sweep: %s %s: that is the %s; an output never replaces an input\n",
                   names[i], outs[i], outfile_same_file (outs[i], s->path) ? "scenario file" : "campaign");
          return EXIT_INPUT;
        }
      for (guint f = 0; f < base->includes->len; f++)
        if (outfile_same_file (outs[i], g_ptr_array_index (base->includes, f)))
          {
            fprintf (stderr, "tcpsim sweep: %s %s: the scenario includes that file; an output never "
                     "replaces an input\n", names[i], outs[i]);
            return EXIT_INPUT;
          }
      for (gsize j = 0; j < i; j++)
        if (outs[j] != NULL && outfile_same_file (outs[i], outs[j]))
          {
            struct stat st;
            if (stat (outs[i], &st) == 0 && S_ISCHR (st.st_mode))
              continue; /* /dev/null twice does no harm */
            fprintf (stderr, "tcpsim sweep: %s %s and %s %s are the same file\n", names[j], outs[j],
                     names[i], outs[i]);
            return EXIT_INPUT;
          }
    }
  guint varied = 0;
  for (guint a = 0; a < s->grid->axes->len; a++)
    varied += g_array_index (s->grid->axes, StudyAxis, a).values->len > 1;
  if ((o->plot_path || o->cdf_path) && varied > 2)
    {
      fprintf (stderr, "tcpsim sweep: --plot and --cdf draw one or two varied parameters (across, "
                       "and one curve per value); this sweep varies %u\n", varied);
      return EXIT_INPUT;
    }
  if (o->seed_text != NULL)
    {
      if (!scn_seed_from_text (o->seed_text, &s->seed, &msg))
        {
          fprintf (stderr, "tcpsim sweep: --seed %s: %s\n", o->seed_text, msg);
          g_free (msg);
          return EXIT_INPUT;
        }
    }
  else
    s->seed = base->seed;
  return EXIT_OK;
}

static int
sweep_main (Sweep *s)
{
  GError *err = NULL;
  Outputs w = { 0 };
  int status;
  double precision;
  Scenario *base = scn_parse_file (s->path, NULL, 0, &err);
  if (base == NULL)
    {
      fprintf (stderr, "%s\n", err->message);
      g_error_free (err);
      return EXIT_INPUT;
    }
  if ((status = build_grid (s, base)) != EXIT_OK || (status = check_options (s, base, &precision)) != EXIT_OK)
    goto out;
  if (s->o.db_path != NULL && study_mpi_is_root (s->mpi))
    {
      s->db = study_db_open (s->o.db_path, s->path, base->source->str, s->seed, &err);
      if (s->db == NULL)
        {
          fprintf (stderr, "tcpsim sweep: %s\n", err->message);
          status = err->domain == STUDY_DB_ERROR && err->code == STUDY_DB_ERROR_MISMATCH ? EXIT_INPUT
                                                                                        : EXIT_OUTPUT;
          goto out;
        }
    }
  if ((status = build_points (s, base)) != EXIT_OK)
    goto out;
  if (study_mpi_is_root (s->mpi) && !outputs_open (s, &w, &err))
    {
      fprintf (stderr, "tcpsim sweep: error: %s\n", err->message);
      status = EXIT_OUTPUT;
      goto out;
    }
  s->progress = !s->o.quiet && isatty (STDERR_FILENO) && study_mpi_is_root (s->mpi);
  s->started = g_get_monotonic_time ();
  for (;;)
    {
      RoundStatus rs = run_round (s, &err);
      if (rs == ROUND_FAILED)
        {
          /* Only rank 0 has the message; the other ranks stop quietly. */
          progress_line (s, TRUE);
          if (err != NULL)
            fprintf (stderr, "%s: error: %s\n", s->path, err->message);
          status = err == NULL || err->domain == G_OPTION_ERROR ? EXIT_INPUT : EXIT_OUTPUT;
          goto out;
        }
      if (rs == ROUND_STOPPED || *s->stop)
        {
          progress_line (s, TRUE);
          if (study_mpi_is_root (s->mpi))
            fprintf (stderr, "tcpsim sweep: interrupted after %" G_GSIZE_FORMAT " replications; no "
                   "output written%s\n", s->total_done,
                   s->db ? " (the campaign keeps them: run the same command to resume)" : "");
          status = cli_interrupt_status ();
          goto out;
        }
      if (s->o.precision_text == NULL || !study_mpi_agree (s->mpi, raise_targets (s, precision)))
        break;
    }
  progress_line (s, TRUE);
  if (!study_mpi_is_root (s->mpi))
    goto out;
  if (!s->o.quiet)
    print_table (s);
  fflush (stdout);
  if (!outputs_write (s, &w, &err))
    {
      if (cli_interrupt_signal () != 0)
        {
          if (cli_interrupt_signal () != SIGPIPE) /* the reader left: nothing to explain */
            fprintf (stderr, "tcpsim sweep: interrupted; no output written\n");
          status = cli_interrupt_status ();
        }
      else
        {
          fprintf (stderr, "tcpsim sweep: error: %s\n", err->message);
          status = EXIT_OUTPUT;
        }
    }
out:
  g_clear_error (&err);
  outputs_close (&w);
  scn_free (base);
  return status;
}

int
cli_sweep (int argc, char **argv)
{
  Sweep s = { 0 };
  SweepOptions *o = &s.o;
  GOptionEntry entries[] = {
    { "vary", 'v', 0, G_OPTION_ARG_STRING_ARRAY, &o->vary,
      "Vary a parameter: a range 0:0.3:0.05 (units allowed: 10ms:50ms:10ms) or a list "
      "linux,freebsd (repeatable; every combination is a point)", "NAME=SPEC" },
    { "runs", 'r', 0, G_OPTION_ARG_INT64, &o->runs,
      "Replications per point (default: the scenario's 'runs')", "N" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT64, &o->jobs, "Worker threads (default: the cores)", "N" },
    { "define", 'D', 0, G_OPTION_ARG_STRING_ARRAY, &o->defines,
      "Fix a scenario parameter for every point (repeatable)", "NAME=VALUE" },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &o->seed_text,
      "The seed replications derive from (default: the scenario's)", "N" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &o->out_path, "Write one CSV row per point", "RESULTS.csv" },
    { "samples", 0, 0, G_OPTION_ARG_FILENAME, &o->samples_path,
      "Write one CSV row per connection of every replication", "SAMPLES.csv" },
    { "model-cdf", 0, 0, G_OPTION_ARG_FILENAME, &o->modelcdf_path,
      "Write the model's handshake-time distribution per point", "MODEL.csv" },
    { "plot", 0, 0, G_OPTION_ARG_FILENAME, &o->plot_path,
      "Draw mean handshake time and failure probability against the varied parameter, with "
      "the model (needs gnuplot)", "OUT.png|svg|pdf" },
    { "cdf", 0, 0, G_OPTION_ARG_FILENAME, &o->cdf_path,
      "Draw the handshake time's distribution per point (needs gnuplot)", "OUT.png|svg|pdf" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &o->db_path,
      "Keep every replication in an SQLite campaign; run only what it lacks", "CAMPAIGN.sqlite" },
    { "precision", 0, 0, G_OPTION_ARG_STRING, &o->precision_text,
      "Add blocks of --runs replications until every point's 95% interval of the mean handshake "
      "time is within this share of it", "PCT%" },
    { "max-runs", 0, 0, G_OPTION_ARG_INT64, &o->max_runs,
      "With --precision, at most this many replications per point (default: 100 x --runs, at "
      "least 100000)", "N" },
    { "block", 0, 0, G_OPTION_ARG_INT64, &o->block,
      "Replications a worker takes at a time (default 256)", "N" },
    { "max-events", 0, 0, G_OPTION_ARG_INT64, &o->max_events,
      "Per replication: stop with an error after N events (default 100000000; 0 = no limit)", "N" },
    { "max-time", 0, 0, G_OPTION_ARG_STRING, &o->max_time_text,
      "Per replication, without 'run until': stop with an error if events remain at this "
      "simulated time (default 86400s; 0s: no limit)", "DURATION" },
    { "max-same-instant", 0, 0, G_OPTION_ARG_INT64, &o->max_same_instant,
      "Per replication: stop with an error after N events at one instant (default 10000000)", "N" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, "No table on stdout, no progress on stderr",
      NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->files, NULL, NULL },
    { NULL },
  };
  o->runs = -1;
  o->jobs = g_get_num_processors ();
  o->block = 256;
  o->max_events = 100000000;
  o->max_same_instant = 10000000;
  GOptionContext *ctx = g_option_context_new ("FILE - replications over a grid of parameters");
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (
    ctx, "Every combination of the --vary values is a point; each point runs --runs replications,\n"
         "replication r with random streams drawn from (seed, the point's parameters, r): rerun one\n"
         "alone with 'tcpsim run FILE -D NAME=VALUE ... --replication r'.  Outputs are the same bytes\n"
         "for any --jobs, and appear whole or not at all.  docs/sweep.md documents the columns.");
  GError *err = NULL;
  int status = EXIT_OK;
  gboolean helped;
  if (!cli_parse_options (ctx, &argc, &argv, &helped, &err))
    {
      fprintf (stderr, "tcpsim sweep: %s\n", err->message);
      g_error_free (err);
      status = EXIT_INPUT;
    }
  else if (helped)
    status = EXIT_OK;
  else if (o->files == NULL || g_strv_length (o->files) != 1)
    {
      fprintf (stderr, "tcpsim sweep: name one scenario file\n");
      status = EXIT_INPUT;
    }
  else
    {
      s.path = o->files[0];
      s.stop = cli_interrupt_install ();
      s.mpi = study_mpi_init (&argc, &argv);
      status = sweep_main (&s);
      study_mpi_finish (s.mpi);
    }
  sweep_clear (&s);
  g_option_context_free (ctx);
  return status;
}
