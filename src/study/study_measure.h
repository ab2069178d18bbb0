/* The measuring sink: subscribed to a run's trace bus, it turns typed
 * events into one StudyRecord per connection (study_record.h says what
 * each field measures).  One sink serves many replications in turn. */
#ifndef TCPSIM_STUDY_MEASURE_H
#define TCPSIM_STUDY_MEASURE_H

#include <glib.h>

#include "study/study_record.h"
#include "trace/trace.h"

typedef struct StudyMeasureSink StudyMeasureSink;

StudyMeasureSink *study_measure_new (void);
void study_measure_free (StudyMeasureSink *m);

/* Forgets the previous replication. */
void study_measure_reset (StudyMeasureSink *m);

/* The kinds of events it reads: subscribe it with
 * trace_bus_subscribe_kinds (bus, study_measure_event, m,
 * STUDY_MEASURE_KINDS) so that nothing else is built for it. */
#define STUDY_MEASURE_KINDS                                                                        \
  (TRACE_KIND_BIT (TRACE_SEND) | TRACE_KIND_BIT (TRACE_RECV) | TRACE_KIND_BIT (TRACE_STATE)        \
   | TRACE_KIND_BIT (TRACE_CALL) | TRACE_KIND_BIT (TRACE_ERROR))

/* A TraceSinkFn; ctx is the sink. */
void study_measure_event (gpointer ctx, const TraceEvent *ev);

/* The records of the run so far, in order of the connect calls, outcomes
 * decided as if the run ended now.  Valid until the next event or reset. */
const StudyRecord *study_measure_records (StudyMeasureSink *m, guint *n);

#endif
