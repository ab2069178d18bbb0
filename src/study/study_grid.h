/* The points of a sweep: the cartesian product of the varied parameters'
 * values, the first varied parameter changing slowest, plus the fixed
 * parameters (-D) every point shares. */
#ifndef TCPSIM_STUDY_GRID_H
#define TCPSIM_STUDY_GRID_H

#include <glib.h>

#include "scenario/scenario.h"

typedef struct
{
  char *name;
  GPtrArray *values; /* char * */
} StudyAxis;

typedef struct
{
  GArray *axes;   /* StudyAxis */
  GArray *fixed;  /* ScnDefine, strings owned */
} StudyGrid;

#define STUDY_MAX_POINTS 1000000

StudyGrid *study_grid_new (void);
void study_grid_free (StudyGrid *g);

/* A fixed parameter (-D NAME=VALUE). */
void study_grid_fix (StudyGrid *g, const char *name, const char *value);
/* A varied parameter; FALSE with *error (G_OPTION_ERROR_BAD_VALUE, the
 * message starting with "--vary NAME=SPEC: ") when SPEC has no values
 * (scn_sweep_values), NAME is varied twice or the grid grows beyond
 * STUDY_MAX_POINTS points. */
gboolean study_grid_vary (StudyGrid *g, const char *name, const char *spec, GError **error);

guint study_grid_npoints (const StudyGrid *g);
/* The value of axis a at point k. */
const char *study_grid_value (const StudyGrid *g, guint k, guint a);
/* The defines of point k (fixed, then varied; a varied name replaces a
 * fixed one), pointing into g. */
void study_grid_defines (const StudyGrid *g, guint k, GArray *defs);

#endif
