/* A link: one direction from one host to another.  What happens to a
 * segment handed to link_send(), in order:
 *
 *  1. Faults and random loss decide whether it is dropped at all (a drop
 *     is a TRACE_DROP right after the TRACE_SEND, detail = the reason):
 *       "fault"  a LinkFault with action DROP hit it (wins over the rest);
 *       "loss"   the loss model lost it (Bernoulli or Gilbert-Elliott);
 *       "queue"  rate > 0 and qlimit segments already wait for the
 *                transmitter.
 *     A segment dropped here gets no copy and no delivery, but it still
 *     counts in every fault's tally and still advances every random stream.
 *  2. Serialization: with rate > 0 the transmitter sends one segment at a
 *     time; the segment leaves (departs) when its last bit is out.
 *  3. Propagation: departure + delay + jitter, where the jitter is drawn
 *     per segment and never makes the delay negative.
 *  4. FIFO: the arrival is max(that time, the arrival of the previous
 *     segment still on the FIFO path), so jitter alone never reorders.
 *  5. Held back (optional): a segment that random reordering picks, or
 *     that DELAY faults hit, arrives `extra` after its FIFO arrival, where
 *     extra = (reorder_delay if picked) + (the sum of the hitting DELAY
 *     faults' delays).  It leaves the FIFO path: segments sent after it do
 *     not wait for it, so those sent within `extra` overtake it.
 *  6. Copies (optional): random duplication and each hitting DUPLICATE
 *     fault add one copy of the segment, arriving duplicate_lag (or the
 *     fault's delay) after the original's final arrival.  Copies are made
 *     downstream of loss and of the transmitter: they are never lost and
 *     never queue.  With a lag of 0 the copy arrives at the same instant
 *     as the original, just after it, and before any later segment.
 *
 * Arrivals due at the same instant are delivered in the order the link
 * accepted them (a copy just after its original).
 *
 * Trace: every arrival is a TRACE_RECV at its arrival time; its detail is
 *   NULL     an ordinary arrival (on the FIFO path);
 *   "late"   the segment was held back (random reordering or DELAY fault);
 *   "dup"    an extra copy (random duplication or DUPLICATE fault).
 * A segment is sent once: a copy has no TRACE_SEND of its own.
 *
 * Random streams, each derived from (run seed, name), one per model so
 * that turning one model on or changing its parameter never changes what
 * another decides.  Each stream is drawn for every segment sent (dropped
 * or not) while its model is on, so its draws depend only on the order
 * segments are sent:
 *   "link/SRC->DST"          loss (Bernoulli or Gilbert-Elliott)
 *   "link/SRC->DST/jitter"   jitter
 *   "link/SRC->DST/reorder"  the reordering choice
 *   "link/SRC->DST/dup"      the duplication choice
 *
 * Cost: segments on the FIFO path live in a ring that is reused, so the
 * steady state allocates nothing.  Held-back segments and copies live in
 * a binary heap, also reused.  The link arms one timer, for its earliest
 * arrival, however many segments are in flight. */
#ifndef TCPSIM_LINK_H
#define TCPSIM_LINK_H

#include <glib.h>

#include "net/fault.h"
#include "net/segment.h"
#include "sim/rng.h"
#include "sim/sched.h"
#include "trace/trace.h"

typedef struct Link Link;

/* Receives a segment at the far end of a link. */
typedef void (*LinkDeliverFn) (gpointer ctx, const TcpSegment *seg);

typedef enum
{
  LINK_LOSS_NONE,      /* nothing is lost at random; no draws */
  LINK_LOSS_BERNOULLI, /* each segment lost with probability `loss` */
  LINK_LOSS_GILBERT,   /* two-state Markov chain, see LinkGilbert */
} LinkLossModel;

/* Gilbert-Elliott loss: a chain of two states, good and bad, that takes
 * one step per segment sent.  A segment is lost with probability h in the
 * bad state and k in the good state; after it, the chain moves good -> bad
 * with probability p and bad -> good with probability r.  (Note: h and k
 * are LOSS probabilities, unlike netem's "gemodel p r 1-h 1-k".)
 *
 * The first segment finds the chain in its stationary distribution (bad
 * with probability p / (p + r); good when p = r = 0), so every segment's
 * loss probability is the long-run loss rate
 *     p·h / (p + r)  +  r·k / (p + r),
 * and a bad period lasts 1/r segments on average (geometric), so with
 * h = 1 and k = 0 the mean loss burst is 1/r segments.
 *
 * Draws from the loss stream per segment: one for the loss when the
 * current state's loss probability (h or k) is above 0, then one for the
 * step when the current state's leaving probability (p when good, r when
 * bad) is above 0; before the first segment, one for the starting state
 * when p + r > 0. */
typedef struct
{
  double p; /* P(good -> bad) per segment, in [0, 1] */
  double r; /* P(bad -> good) per segment, in [0, 1] */
  double h; /* loss probability in the bad state, in [0, 1] */
  double k; /* loss probability in the good state, in [0, 1]; usually 0 */
} LinkGilbert;

typedef enum
{
  LINK_JITTER_NONE,
  /* A delay uniform in [delay - jitter, delay + jitter] (both ends
   * included, in whole nanoseconds), cut below at 0: when jitter > delay
   * it is uniform in [0, delay + jitter]. */
  LINK_JITTER_UNIFORM,
  /* A delay normal with mean `delay` and standard deviation `jitter`,
   * truncated at 0: a negative draw is drawn again, so the result is the
   * normal distribution conditioned on delay >= 0 (the mean is `delay`
   * whenever jitter is small beside it). */
  LINK_JITTER_NORMAL,
} LinkJitterModel;

typedef struct
{
  SimTime arrive;
  guint64 order;      /* acceptance order: breaks ties between arrivals */
  TraceArrival arrival; /* how it arrives: normally, late or as a copy */
  TcpSegment seg;
} LinkSlot;

struct Link
{
  Sim *sim;
  const TraceBus *trace;
  const char *src_name, *dst_name;
  guint32 dst_addr;
  LinkDeliverFn deliver;
  gpointer deliver_ctx;

  /* Parameters: set them after link_init(), before the first segment. */
  SimTime delay;   /* propagation delay, >= 0 */
  guint64 rate;    /* bits per second, 0 = infinite */
  guint32 qlimit;  /* segments waiting for serialization (not counting the
                      one being sent), 0 = unlimited; only with rate > 0 */

  LinkLossModel loss_model; /* link_init: LINK_LOSS_BERNOULLI */
  double loss;              /* BERNOULLI: loss probability, default 0 */
  LinkGilbert gilbert;      /* GILBERT: see above, default all 0 */

  LinkJitterModel jitter_model; /* default LINK_JITTER_NONE */
  SimTime jitter;               /* UNIFORM: half width; NORMAL: std dev; >= 0 */

  double reorder;        /* probability a segment is held back, default 0 */
  SimTime reorder_delay; /* how long it is held back, > 0 for any effect */

  double duplicate;      /* probability a segment is delivered twice */
  SimTime duplicate_lag; /* the copy's arrival after the original's, >= 0 */

  /* State. */
  SimRng rng; /* the loss stream */
  SimRng jitter_rng, reorder_rng, dup_rng;
  guint64 stream_hash[4]; /* the four streams' names, hashed (sim_rng_hash_parts) */
  GArray *faults; /* LinkFault */
  gboolean ge_started, ge_bad; /* Gilbert-Elliott chain */

  SimTime busy_until; /* serialization: when the transmitter is free */
  SimTime *waiting;   /* serialization starts still in the future, FIFO */
  guint32 whead, wcount, wcap;

  LinkSlot *ring; /* the FIFO path, arrivals non-decreasing */
  guint32 head, count, cap;
  LinkSlot *held; /* held-back segments and copies: min-heap on (arrive, order) */
  guint32 nheld, held_cap;
  GArray *copy_lags; /* scratch for link_send, SimTime */
  guint64 next_order;
  SimTimer timer; /* armed for the earliest arrival */

  /* Counters.  delivered counts every arrival, copies included, so once
   * nothing is in flight: sent + duplicated == dropped + delivered. */
  guint64 sent, dropped, delivered;
  guint64 duplicated; /* copies made */
  guint64 held_back;  /* segments held back (reordering or DELAY faults) */
};

/* src_name and dst_name must outlive the link.  Sets every parameter to
 * its default: no delay, no rate limit, Bernoulli loss with probability 0
 * (so setting `loss` alone enables it), no jitter, no reordering, no
 * duplication, no faults. */
void link_init (Link *link, Sim *sim, const TraceBus *trace, guint64 seed,
                const char *src_name, const char *dst_name, guint32 dst_addr,
                LinkDeliverFn deliver, gpointer deliver_ctx);
void link_clear (Link *link);

/* Back to the state link_init() and the parameter and fault set-up gave,
 * for another run of the same world with random streams from seed: keeps
 * the parameters and the faults (their counts back to 0) and the storage
 * of the ring, the heap and the waiting FIFO; forgets everything in
 * flight, the transmitter's state, the Gilbert-Elliott chain and the
 * counters.  The timer is cancelled. */
void link_reset (Link *link, guint64 seed);

/* Sets loss_model = LINK_LOSS_GILBERT and the chain's parameters. */
void link_set_gilbert (Link *link, double p, double r, double h, double k);

/* The link keeps a copy of fault (with seen reset to 0). */
void link_add_fault (Link *link, const LinkFault *fault);

/* Takes a segment from the sending host: emits TRACE_SEND, then either
 * drops it (TRACE_DROP with the reason) or schedules its arrival (and
 * those of its copies). */
void link_send (Link *link, const TcpSegment *seg);

/* Segments (and copies) in flight. */
static inline guint32
link_in_flight (const Link *link)
{
  return link->count + link->nheld;
}

#endif
