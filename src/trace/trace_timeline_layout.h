/* The timeline's geometry: pure layout, no text and no files, so that
 * tests can check it (tests/test-timeline.c).
 *
 * x: one lifeline per host, host i at x = i.  y: time going down, in units
 * of `unit` (about one flight), drawn TL_PX_Y pixels per unit.
 *
 * The time axis is honest:
 *  - within a stretch it is linear: y = y0 + (t - t0) / unit, so equal
 *    delays have equal slopes;
 *  - an idle gap (nothing delivered in flight across it) longer than
 *    TL_GAP_UNITS units is cut: drawn TL_CUT_BASE + TL_CUT_LOG·ln(gap /
 *    TL_GAP_UNITS) units tall, so the cut grows with the logarithm of the
 *    gap and a backoff series still looks like one; the cut's true length
 *    is reported in `cuts`;
 *  - events at one host and one instant (a reply sent as its cause
 *    arrives, a burst of segments) are fanned in the order they happened,
 *    by at most TL_STEP units each (TL_MARK_WEIGHT of that for a mark)
 *    and TL_BAND units in all, and never by
 *    more than half the way to the next instant: so an effect is never
 *    drawn above its cause, and no event is drawn below a later instant.
 *    An arrow's two ends are each fanned at their own host: its slope
 *    differs from the linear one by at most TL_BAND units over its flight.
 *
 * Labels are boxes in pixels: segment labels are put beside their arrow
 * (above or below it, at one of several points along it) where they
 * cover no other label, no mark's label and no cross; mark labels stand
 * beside their lifeline (left of the leftmost one, right of the others),
 * pushed down below whatever they would cover.  A segment label that
 * fits nowhere is left out (labelled FALSE). */
#ifndef TCPSIM_TRACE_TIMELINE_LAYOUT_H
#define TCPSIM_TRACE_TIMELINE_LAYOUT_H

#include <glib.h>

#include "sim/simtime.h"

#define TL_PX_X 330.0  /* pixels between two lifelines */
#define TL_PX_Y 56.0   /* pixels per unit of time */
#define TL_GAP_UNITS 4.0
#define TL_CUT_BASE 1.3
#define TL_CUT_LOG 0.6
#define TL_STEP 0.08
#define TL_BAND 0.3
#define TL_MARK_WEIGHT 0.4 /* a mark takes this much of a step */
#define TL_CROSS_PX 14.0 /* the box a lost segment's cross takes */

/* How a segment is drawn. */
typedef enum
{
  TL_STYLE_NORMAL,
  TL_STYLE_REXMIT,    /* a retransmission: RTO, fast retransmit, TLP, SYN retry */
  TL_STYLE_PROBE,     /* keepalive or window probe */
  TL_STYLE_CHALLENGE, /* challenge ACK */
  TL_STYLE_RESET,     /* RST */
} TlStyle;

typedef struct
{
  /* in */
  int src, dst;
  SimTime sent, end;        /* end: the arrival, or when a lost one would have arrived */
  guint send_ord, recv_ord; /* the order of its send and receive events in the trace */
  gboolean lost;            /* (then recv_ord is unused) */
  double label_w, label_h;  /* pixels; 0: no label */
  int style;                /* carried for the drawing: TlStyle */
  guint8 why;               /* carried: the segment's TraceWhy */
  gboolean retransmit;      /* carried: the segment's tag says so */
  /* out */
  double x1, y1, x2, y2; /* the arrow as drawn (a lost one: to its cross) */
  double lx, ly;         /* the label box's centre */
  gboolean labelled;
} TlLayoutSeg;

typedef struct
{
  /* in */
  int host;
  SimTime t;
  guint ord;
  double label_w, label_h;
  /* out */
  double y;      /* the event itself, on the lifeline */
  double lx, ly; /* the label: lx its edge near the lifeline, ly its middle */
  int side;      /* -1: left of the lifeline (right-aligned), 1: right */
} TlLayoutMark;

typedef struct
{
  /* in */
  int host;
  SimTime from, to;        /* armed, and fired, cancelled, re-armed or the trace's end */
  guint from_ord, to_ord;
  int timer;               /* carried: the TraceTimer armed */
  guint64 conn;            /* carried */
  /* out */
  double x, y1, y2;
} TlLayoutBracket;

typedef struct
{
  double y1, y2;  /* where the lifelines break */
  SimTime length; /* the true length of the gap */
} TlLayoutCut;

typedef struct
{
  double y;
  SimTime t;
} TlLayoutTick;

typedef struct
{
  guint nhosts;
  SimTime unit;
  GArray *segs;     /* TlLayoutSeg */
  GArray *marks;    /* TlLayoutMark */
  GArray *brackets; /* TlLayoutBracket */
  /* out */
  GArray *cuts;  /* TlLayoutCut */
  GArray *ticks; /* TlLayoutTick: times worth a label on the axis */
  double height; /* in units: everything is above it */
  /* private: the instants and their y */
  SimTime *it;
  double *iy;
  gsize nit;
} TlLayout;

TlLayout *tl_layout_new (guint nhosts, SimTime unit);
void tl_layout_free (TlLayout *l);
/* Computes every "out" field. */
void tl_layout_run (TlLayout *l);
/* The y of time t (an instant of the layout or a time between two):
 * the linear axis with its cuts, without the fanning. */
double tl_layout_time_y (const TlLayout *l, SimTime t);

/* Box overlap, in pixels, boxes given by centre and size. */
gboolean tl_boxes_overlap (double ax, double ay, double aw, double ah, double bx, double by, double bw,
                           double bh);

/* The layout of a timeline sink, after trace_timeline_write (for tests). */
struct TraceTimeline;
const TlLayout *trace_timeline_layout (const struct TraceTimeline *t);

#endif
