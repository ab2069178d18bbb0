/* Writing a sweep's CSV files. */
#include "study/study_csv.h"

#include <math.h>
#include <string.h>

#include "study/study_model.h"

static void
put_text (FILE *f, const char *s)
{
  if (strpbrk (s, ",\"\r\n") == NULL)
    {
      fputs (s, f);
      return;
    }
  fputc ('"', f);
  for (; *s; s++)
    {
      if (*s == '"')
        fputc ('"', f);
      fputc (*s, f);
    }
  fputc ('"', f);
}

static void
put_num (FILE *f, double v)
{
  fputc (',', f);
  if (isnan (v))
    return;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  fputs (g_ascii_formatd (buf, sizeof buf, "%.9g", v), f);
}

static void
put_count (FILE *f, guint64 v)
{
  fprintf (f, ",%" G_GUINT64_FORMAT, v);
}

static void
put_time (FILE *f, SimTime t)
{
  put_num (f, t == STUDY_NONE ? NAN : sim_time_to_s (t));
}

static void
put_point (FILE *f, const StudyGrid *g, guint k)
{
  fprintf (f, "%u", k);
  for (guint a = 0; a < g->axes->len; a++)
    {
      fputc (',', f);
      put_text (f, study_grid_value (g, k, a));
    }
}

static void
put_params_header (FILE *f, const StudyGrid *g)
{
  fputs ("point", f);
  for (guint a = 0; a < g->axes->len; a++)
    {
      fputc (',', f);
      put_text (f, g_array_index (g->axes, StudyAxis, a).name);
    }
}

static const char *const stat_cols[] = { "n", "mean", "sd", "ci_lo", "ci_hi", "p50", "p90", "p99", "max" };
/* The errors a handshake study meets by name; the rest in err_other. */
static const TcpError named_errors[] = { TCP_ETIMEDOUT, TCP_ECONNREFUSED, TCP_ECONNRESET };

void
study_csv_results_header (FILE *f, const StudyGrid *g)
{
  put_params_header (f, g);
  fputs (",runs,conns,completed,failed,fail_p,fail_lo,fail_hi", f);
  for (int m = 0; m < STUDY_MEASURES; m++)
    for (gsize c = 0; c < G_N_ELEMENTS (stat_cols); c++)
      fprintf (f, ",%s_%s", study_measure_name ((StudyMeasure) m), stat_cols[c]);
  for (int k = 0; k < STUDY_RTX_KINDS; k++)
    fprintf (f, ",rtx_%s", study_rtx_name ((StudyRtx) k));
  for (gsize e = 0; e < G_N_ELEMENTS (named_errors); e++)
    fprintf (f, ",err_%s", tcp_error_name (named_errors[e]));
  fputs (",err_other,incomplete,hs_failed,hs_fail_p,hs_fail_lo,hs_fail_hi,model_mean,model_fail,csa_mean\n",
         f);
}

void
study_csv_results_row (FILE *f, const StudyGrid *g, guint k, const StudyPointSummary *s)
{
  put_point (f, g, k);
  put_count (f, s->runs);
  put_count (f, s->conns);
  put_count (f, s->completed);
  put_count (f, s->failed);
  put_num (f, s->fail_p);
  put_num (f, s->fail_lo);
  put_num (f, s->fail_hi);
  for (int m = 0; m < STUDY_MEASURES; m++)
    {
      const StudySummary *x = &s->m[m];
      put_count (f, x->n);
      const double v[] = { x->mean, x->sd, x->ci_lo, x->ci_hi, x->p50, x->p90, x->p99, x->max };
      for (gsize i = 0; i < G_N_ELEMENTS (v); i++)
        put_num (f, x->n > 0 ? v[i] : NAN);
    }
  for (int r = 0; r < STUDY_RTX_KINDS; r++)
    put_num (f, s->rtx[r]);
  guint64 other = 0;
  for (int e = 1; e < TCP_ERROR_COUNT; e++)
    other += s->errors[e];
  for (gsize e = 0; e < G_N_ELEMENTS (named_errors); e++)
    {
      put_count (f, s->errors[named_errors[e]]);
      other -= s->errors[named_errors[e]];
    }
  put_count (f, other);
  put_count (f, s->incomplete);
  put_count (f, s->hs_failed);
  put_num (f, s->hs_fail_p);
  put_num (f, s->hs_fail_lo);
  put_num (f, s->hs_fail_hi);
  put_num (f, s->has_model ? s->model_mean : NAN);
  put_num (f, s->has_model ? s->model_fail : NAN);
  put_num (f, s->has_model ? s->csa_mean : NAN);
  fputc ('\n', f);
}

void
study_csv_samples_header (FILE *f, const StudyGrid *g)
{
  put_params_header (f, g);
  fputs (",replication,conn,outcome", f);
  for (int m = 0; m < STUDY_MEASURES; m++)
    fprintf (f, ",%s", study_measure_name ((StudyMeasure) m));
  for (int k = 0; k < STUDY_RTX_KINDS; k++)
    fprintf (f, ",rtx_%s", study_rtx_name ((StudyRtx) k));
  fputc ('\n', f);
}

void
study_csv_samples_rows (FILE *f, const StudyGrid *g, guint k, const StudyRep *reps, guint32 runs)
{
  for (guint32 r = 0; r < runs; r++)
    for (guint32 i = 0; i < reps[r].n; i++)
      {
        const StudyRecord *rec = &reps[r].recs[i];
        put_point (f, g, k);
        fprintf (f, ",%u,%u,%s", r, rec->conn, study_outcome_name (rec->outcome));
        for (int m = 0; m < STUDY_MEASURES; m++)
          put_time (f, study_record_time (rec, (StudyMeasure) m));
        for (int x = 0; x < STUDY_RTX_KINDS; x++)
          put_count (f, rec->rtx[x]);
        fputc ('\n', f);
      }
}

void
study_csv_modelcdf_header (FILE *f, const StudyGrid *g)
{
  put_params_header (f, g);
  fputs (",hs_client,cdf\n", f);
}

void
study_csv_modelcdf_rows (FILE *f, const StudyGrid *g, guint k, const GArray *atoms)
{
  double cum = 0;
  for (guint i = 0; atoms != NULL && i < atoms->len; i++)
    {
      const StudyModelAtom *a = &g_array_index (atoms, StudyModelAtom, i);
      cum += a->prob;
      put_point (f, g, k);
      put_time (f, a->time);
      put_num (f, MIN (cum, 1.0));
      fputc ('\n', f);
    }
}
