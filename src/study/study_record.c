/* Names of what a sweep measures, as the CSV files and the campaign
 * database spell them. */
#include "study/study_record.h"

#include <string.h>

#include "tcp/tcp.h"

static const char *const measure_names[STUDY_MEASURES] = {
  "hs_client", "hs_server", "close_client", "close_server",
};

static const char *const rtx_names[STUDY_RTX_KINDS] = {
  "syn", "synack", "data", "fin", "probe",
};

const char *
study_measure_name (StudyMeasure m)
{
  return measure_names[m];
}

const char *
study_rtx_name (StudyRtx k)
{
  return rtx_names[k];
}

const char *
study_outcome_name (gint32 outcome)
{
  if (outcome == STUDY_OUTCOME_COMPLETED)
    return "completed";
  if (outcome > 0 && outcome < TCP_ERROR_COUNT)
    return tcp_error_name ((TcpError) outcome);
  return "incomplete";
}

gboolean
study_outcome_parse (const char *name, gint32 *out)
{
  TcpError e;
  if (strcmp (name, "completed") == 0)
    *out = STUDY_OUTCOME_COMPLETED;
  else if (strcmp (name, "incomplete") == 0)
    *out = STUDY_OUTCOME_INCOMPLETE;
  else if (tcp_error_parse (name, &e))
    *out = (gint32) e;
  else
    return FALSE;
  return TRUE;
}
