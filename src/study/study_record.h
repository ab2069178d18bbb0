/* What a sweep measures: one record per connection of a replication.
 *
 * A connection is the pair of ends that share a connection id (tcp_ids.c):
 * the client is the end whose application called connect, the server the
 * other.  Times are simulated nanoseconds; STUDY_NONE where the moment
 * never came.
 *
 *   hs_client     connect call to ESTABLISHED at the client
 *   hs_server     arrival of the SYN that made the server's end (when it
 *                 sent its first SYN-ACK; with SYN cookies, the latest SYN
 *                 to arrive) to ESTABLISHED at the server
 *   close_client  first close call on the connection (either end's) to the
 *                 client's end of the close: TIME-WAIT or CLOSED
 *   close_server  the same for the server
 *   rtx[]         retransmissions by kind, both ends together (the `why`
 *                 of each sent segment, trace.h): SYN (client), SYN-ACK
 *                 (server, timer or duplicate SYN), data (RTO, fast
 *                 retransmit or TLP of a segment without FIN), FIN (the same
 *                 of a segment carrying FIN), probes (keepalive and
 *                 zero-window probes)
 *   outcome       STUDY_OUTCOME_COMPLETED when it was established and no
 *                 end failed; the error of the client's end, else of the
 *                 server's (a TcpError, > 0); STUDY_OUTCOME_INCOMPLETE when
 *                 it never became established and no end failed (the run
 *                 ended first).  Anything but COMPLETED is a failure. */
#ifndef TCPSIM_STUDY_RECORD_H
#define TCPSIM_STUDY_RECORD_H

#include <glib.h>

#include "sim/simtime.h"

#define STUDY_NONE ((SimTime) -1)

typedef enum
{
  STUDY_RTX_SYN,
  STUDY_RTX_SYNACK,
  STUDY_RTX_DATA,
  STUDY_RTX_FIN,
  STUDY_RTX_PROBE,
  STUDY_RTX_KINDS
} StudyRtx;

enum
{
  STUDY_OUTCOME_COMPLETED = 0,
  STUDY_OUTCOME_INCOMPLETE = -1,
};

typedef struct
{
  guint32 conn;      /* order of the connect call in the replication, from 0 */
  gint32 outcome;    /* see above */
  SimTime hs_client, hs_server, close_client, close_server;
  guint32 rtx[STUDY_RTX_KINDS];
} StudyRecord;

/* The measures with a time, in StudyRecord order. */
typedef enum
{
  STUDY_M_HS_CLIENT,
  STUDY_M_HS_SERVER,
  STUDY_M_CLOSE_CLIENT,
  STUDY_M_CLOSE_SERVER,
  STUDY_MEASURES
} StudyMeasure;

static inline SimTime
study_record_time (const StudyRecord *r, StudyMeasure m)
{
  const SimTime t[] = { r->hs_client, r->hs_server, r->close_client, r->close_server };
  return t[m];
}

/* Column names: "hs_client", …; "syn", "synack", "data", "fin", "probe". */
const char *study_measure_name (StudyMeasure m);
const char *study_rtx_name (StudyRtx k);
/* "completed", "incomplete", or the error's name ("ETIMEDOUT"). */
const char *study_outcome_name (gint32 outcome);
/* The inverse; FALSE for an unknown name. */
gboolean study_outcome_parse (const char *name, gint32 *out);

#endif
