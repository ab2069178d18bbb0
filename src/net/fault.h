/* Segment classes and scripted faults on a link.
 *
 * A class says which segments a rule or a count is about:
 *   SYN      SYN without ACK (an opening SYN)
 *   SYN-ACK  SYN with ACK
 *   ACK      a pure ACK: ACK set, no SYN, FIN or RST, no payload
 *   FIN      FIN set (with or without ACK or payload)
 *   RST      RST set
 *   data     a payload of one byte or more
 *   any      every segment
 * A fault hits the n-th segment of its class on its link (counting from
 * 1, from the start of the run), or every segment of its class, optionally
 * only inside a time window [from, until) of sending times (a window with
 * class "any" and action DROP is a partition: link down at `from`, up at
 * `until`; segments already in flight still arrive).  Every fault of a
 * link sees every segment, so each counts its class independently.
 *
 * What a hit does (the action):
 *   DROP       the segment is lost; TRACE_DROP with detail "fault".  A drop
 *              wins over every other fault and over random loss.
 *   DELAY      the segment arrives `delay` later than it would have (see
 *              link.h: it leaves the FIFO path, so later segments may
 *              overtake it: an explicit reordering); its TRACE_RECV has
 *              detail "late".  Several DELAY hits on one segment add up.
 *   DUPLICATE  the segment is delivered twice: a copy arrives `delay`
 *              after the original (0 = the same instant, just after it);
 *              the copy's TRACE_RECV has detail "dup".  Each DUPLICATE
 *              hit adds one copy.
 * DELAY and DUPLICATE do not protect a segment from random loss or from
 * the queue limit: a segment lost there is lost, copies and all. */
#ifndef TCPSIM_FAULT_H
#define TCPSIM_FAULT_H

#include <glib.h>

#include "net/segment.h"
#include "sim/simtime.h"

typedef enum
{
  SEG_CLASS_ANY,
  SEG_CLASS_SYN,
  SEG_CLASS_SYNACK,
  SEG_CLASS_ACK,
  SEG_CLASS_FIN,
  SEG_CLASS_RST,
  SEG_CLASS_DATA,
  SEG_CLASS_COUNT
} SegClass;

gboolean seg_class_match (SegClass cls, const TcpSegment *seg);

/* "SYN", "SYN-ACK", "ACK", "FIN", "RST", "data", "any". */
const char *seg_class_name (SegClass cls);

/* Case-insensitive; accepts SYNACK and SYN-ACK. */
gboolean seg_class_parse (const char *text, SegClass *out);

typedef enum
{
  LINK_FAULT_DROP, /* the default: a zeroed LinkFault drops */
  LINK_FAULT_DELAY,
  LINK_FAULT_DUPLICATE,
  LINK_FAULT_ACTION_COUNT
} LinkFaultAction;

/* "drop", "delay", "duplicate". */
const char *link_fault_action_name (LinkFaultAction action);

/* Case-insensitive; accepts "dup" for "duplicate". */
gboolean link_fault_action_parse (const char *text, LinkFaultAction *out);

typedef struct
{
  SegClass cls;
  guint32 nth;  /* 0 = every matching segment */
  SimTime from; /* window in which the fault applies */
  SimTime until;
  LinkFaultAction action;
  SimTime delay; /* DELAY: added to the arrival (>= 0); DUPLICATE: the
                    copy's lag behind the original (>= 0); DROP: unused */
  guint32 seen;  /* matching segments seen inside the window so far */
} LinkFault;

/* Counts seg against the fault and says whether it hits. */
gboolean link_fault_hits (LinkFault *f, const TcpSegment *seg, SimTime now);

#endif
