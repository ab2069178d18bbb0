/* The CSV files of a sweep (RFC 4180; a header line; an empty field where
 * a value is not available).  docs/sweep.md documents every column.
 *
 *   results   one row per point: its parameters, counts and statistics
 *   samples   one row per connection of every replication
 *   modelcdf  the model's distribution of the handshake time per point
 *
 * Times are in seconds.  Numbers are printed in the C locale with
 * %.9g (times: 1 ns resolution below 1 s), so that the same results give
 * the same bytes. */
#ifndef TCPSIM_STUDY_CSV_H
#define TCPSIM_STUDY_CSV_H

#include <stdio.h>

#include <glib.h>

#include "study/study_grid.h"
#include "study/study_runner.h"
#include "study/study_summary.h"

void study_csv_results_header (FILE *f, const StudyGrid *g);
void study_csv_results_row (FILE *f, const StudyGrid *g, guint k, const StudyPointSummary *s);

void study_csv_samples_header (FILE *f, const StudyGrid *g);
void study_csv_samples_rows (FILE *f, const StudyGrid *g, guint k, const StudyRep *reps,
                             guint32 runs);

/* atoms: StudyModelAtom (study_model.h), their probabilities given
 * success; the cdf column is cumulative over them. */
void study_csv_modelcdf_header (FILE *f, const StudyGrid *g);
void study_csv_modelcdf_rows (FILE *f, const StudyGrid *g, guint k, const GArray *atoms);

#endif
