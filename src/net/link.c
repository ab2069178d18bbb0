/* One-direction links: serialization, delay and jitter, random loss
 * (Bernoulli, Gilbert-Elliott), random reordering and duplication, and
 * scripted faults (drop, delay, duplicate).  link.h describes the model;
 * this file says how it is kept cheap.
 *
 * Most segments travel the FIFO path: a ring whose arrival times never
 * decrease, so only its head can be next.  The few that leave it (held
 * back, or copies) go to a small binary heap.  One timer per link is armed
 * for the earlier of the ring's head and the heap's top, compared on
 * (arrival, acceptance order), so equal arrival times are delivered in the
 * order the link took them whichever structure holds them. */
#include "net/link.h"

static void link_timer_fired (Sim *sim, gpointer ctx);

/* The streams' names ("link/A->B", "link/A->B/jitter", …) are hashed
 * once, when the link is made; a reset only reseeds. */
static void
link_streams_init (Link *link, guint64 seed)
{
  SimRng *rngs[] = { &link->rng, &link->jitter_rng, &link->reorder_rng, &link->dup_rng };
  for (gsize i = 0; i < G_N_ELEMENTS (rngs); i++)
    sim_rng_init_hashed (rngs[i], seed, link->stream_hash[i]);
}

static void
link_streams_name (Link *link)
{
  static const char *const suffix[] = { "", "/jitter", "/reorder", "/dup" };
  for (gsize i = 0; i < G_N_ELEMENTS (suffix); i++)
    {
      const char *name[] = { "link/", link->src_name, "->", link->dst_name, suffix[i], NULL };
      link->stream_hash[i] = sim_rng_hash_parts (name);
    }
}

void
link_init (Link *link, Sim *sim, const TraceBus *trace, guint64 seed,
           const char *src_name, const char *dst_name, guint32 dst_addr,
           LinkDeliverFn deliver, gpointer deliver_ctx)
{
  *link = (Link) {
    .sim = sim, .trace = trace, .src_name = src_name, .dst_name = dst_name,
    .dst_addr = dst_addr, .deliver = deliver, .deliver_ctx = deliver_ctx,
    .loss_model = LINK_LOSS_BERNOULLI, .jitter_model = LINK_JITTER_NONE,
  };
  link_streams_name (link);
  link_streams_init (link, seed);
  link->faults = g_array_new (FALSE, FALSE, sizeof (LinkFault));
  link->copy_lags = g_array_new (FALSE, FALSE, sizeof (SimTime));
  sim_timer_init (&link->timer, link_timer_fired, link);
  /* Arrivals run before timers due at the same instant (sched.h). */
  sim_timer_set_class (&link->timer, SIM_CLASS_NET);
}

void
link_clear (Link *link)
{
  sim_timer_cancel (link->sim, &link->timer);
  g_array_free (link->faults, TRUE);
  g_array_free (link->copy_lags, TRUE);
  g_free (link->ring);
  g_free (link->held);
  g_free (link->waiting);
  link->ring = link->held = NULL;
  link->waiting = NULL;
  link->count = link->nheld = link->wcount = 0;
}

void
link_reset (Link *link, guint64 seed)
{
  sim_timer_cancel (link->sim, &link->timer);
  link_streams_init (link, seed);
  for (guint i = 0; i < link->faults->len; i++)
    g_array_index (link->faults, LinkFault, i).seen = 0;
  link->ge_started = link->ge_bad = FALSE;
  link->busy_until = 0;
  link->whead = link->wcount = 0;
  link->head = link->count = 0;
  link->nheld = 0;
  g_array_set_size (link->copy_lags, 0);
  /* Acceptance order only breaks ties between arrivals: starting it at 0
   * again is what a new link does, so equal times order alike. */
  link->next_order = 0;
  link->sent = link->dropped = link->delivered = 0;
  link->duplicated = link->held_back = 0;
}

void
link_set_gilbert (Link *link, double p, double r, double h, double k)
{
  link->loss_model = LINK_LOSS_GILBERT;
  link->gilbert = (LinkGilbert) { .p = p, .r = r, .h = h, .k = k };
}

void
link_add_fault (Link *link, const LinkFault *fault)
{
  g_assert (fault->action < LINK_FAULT_ACTION_COUNT && fault->delay >= 0);
  LinkFault f = *fault;
  f.seen = 0;
  g_array_append_val (link->faults, f);
}

/* TRACE_SEND, TRACE_RECV (with how it arrived) or TRACE_DROP (with why). */
static void
link_trace_segment (Link *link, TraceKind kind, const TcpSegment *seg, int how)
{
  TraceEvent ev = {
    .kind = kind, .time = link->sim->now, .conn = seg->tag.conn, .seg = seg,
    .host = kind == TRACE_RECV ? link->dst_name : link->src_name,
    .peer = kind == TRACE_RECV ? link->src_name : link->dst_name,
  };
  if (kind == TRACE_DROP)
    ev.drop = (TraceDrop) how;
  else if (kind == TRACE_RECV)
    ev.arrival = (TraceArrival) how;
  trace_emit (link->trace, &ev);
}

static void
link_drop (Link *link, const TcpSegment *seg, TraceDrop reason)
{
  link->dropped++;
  if (trace_wants (link->trace, TRACE_DROP))
    link_trace_segment (link, TRACE_DROP, seg, reason);
}

/* ---- random models --------------------------------------------------------------- */

static gboolean
link_draw_loss (Link *link)
{
  switch (link->loss_model)
    {
    case LINK_LOSS_NONE:
      return FALSE;
    case LINK_LOSS_BERNOULLI:
      return sim_rng_bernoulli (&link->rng, link->loss);
    case LINK_LOSS_GILBERT:
      {
        const LinkGilbert *g = &link->gilbert;
        if (!link->ge_started)
          {
            /* Start in the stationary distribution, so that the first
             * segments see the same loss rate as the long run (a run of a
             * few handshake segments is the common case here). */
            link->ge_started = TRUE;
            link->ge_bad = g->p + g->r > 0.0
                           && sim_rng_bernoulli (&link->rng, g->p / (g->p + g->r));
          }
        gboolean lost = sim_rng_bernoulli (&link->rng, link->ge_bad ? g->h : g->k);
        if (link->ge_bad)
          link->ge_bad = !sim_rng_bernoulli (&link->rng, g->r);
        else
          link->ge_bad = sim_rng_bernoulli (&link->rng, g->p);
        return lost;
      }
    }
  g_assert_not_reached ();
}

/* The jitter to add to the propagation delay: delay + jitter >= 0. */
static SimTime
link_draw_jitter (Link *link)
{
  if (link->jitter <= 0)
    return 0;
  switch (link->jitter_model)
    {
    case LINK_JITTER_NONE:
      return 0;
    case LINK_JITTER_UNIFORM:
      {
        /* Uniform on [lo, hi], the symmetric interval cut at -delay: the
         * truncated uniform is the uniform on what is left. */
        double lo = (double) MAX (-link->jitter, -link->delay);
        double hi = (double) link->jitter;
        return sim_time_from_double (lo + sim_rng_uniform (&link->jitter_rng) * (hi - lo));
      }
    case LINK_JITTER_NORMAL:
      {
        /* Rejection keeps the normal's shape above the cut; at least half
         * the draws are accepted, since the mean (the delay) is >= 0. */
        for (;;)
          {
            SimTime j = sim_time_from_double (sim_rng_normal (&link->jitter_rng, 0.0,
                                                              (double) link->jitter));
            if (sim_time_add (link->delay, j) >= 0)
              return j;
          }
      }
    }
  g_assert_not_reached ();
}

/* ---- the FIFO ring ---------------------------------------------------------------- */

static void
ring_push (Link *link, const LinkSlot *slot)
{
  if (link->count == link->cap)
    {
      guint32 ncap = link->cap ? link->cap * 2 : 16;
      LinkSlot *nring = g_new (LinkSlot, ncap);
      for (guint32 i = 0; i < link->count; i++)
        nring[i] = link->ring[(link->head + i) % link->cap];
      g_free (link->ring);
      link->ring = nring;
      link->head = 0;
      link->cap = ncap;
    }
  link->ring[(link->head + link->count) % link->cap] = *slot;
  link->count++;
}

static SimTime
ring_tail_arrive (const Link *link)
{
  return link->ring[(link->head + link->count - 1) % link->cap].arrive;
}

/* ---- the heap of held-back segments and copies ------------------------------------------ */

static inline gboolean
slot_before (const LinkSlot *a, const LinkSlot *b)
{
  return a->arrive < b->arrive || (a->arrive == b->arrive && a->order < b->order);
}

static void
heap_push (Link *link, const LinkSlot *slot)
{
  if (link->nheld == link->held_cap)
    {
      link->held_cap = link->held_cap ? link->held_cap * 2 : 8;
      link->held = g_renew (LinkSlot, link->held, link->held_cap);
    }
  guint32 i = link->nheld++;
  while (i > 0)
    {
      guint32 parent = (i - 1) / 2;
      if (!slot_before (slot, &link->held[parent]))
        break;
      link->held[i] = link->held[parent];
      i = parent;
    }
  link->held[i] = *slot;
}

static void
heap_pop (Link *link)
{
  LinkSlot last = link->held[--link->nheld];
  guint32 n = link->nheld, i = 0;
  for (;;)
    {
      guint32 c = 2 * i + 1;
      if (c >= n)
        break;
      if (c + 1 < n && slot_before (&link->held[c + 1], &link->held[c]))
        c++;
      if (!slot_before (&link->held[c], &last))
        break;
      link->held[i] = link->held[c];
      i = c;
    }
  if (n > 0)
    link->held[i] = last;
}

/* ---- sending and arriving ----------------------------------------------------------- */

/* Makes sure the timer fires no later than a newly queued arrival.  On
 * the FIFO path this arms only when the link was idle, as a plain FIFO
 * would. */
static void
link_schedule (Link *link, SimTime arrive)
{
  if (!sim_timer_armed (&link->timer) || arrive < link->timer.when)
    sim_timer_arm (link->sim, &link->timer, arrive);
}

/* Serialization: sets *depart, or returns FALSE when the queue is full. */
static gboolean
link_serialize (Link *link, const TcpSegment *seg, SimTime now, SimTime *depart)
{
  *depart = now;
  if (link->rate == 0)
    return TRUE;
  /* IPv4 (20) + TCP (20) headers are counted as 40 bytes. */
  guint64 bits = (guint64) (seg->len + 40) * 8;
  SimTime tx = (SimTime) ((bits * (guint64) SIM_S + link->rate - 1) / link->rate);
  SimTime start = MAX (now, link->busy_until);
  if (link->qlimit > 0)
    {
      /* Waiting = accepted segments whose serialization has not started.
       * Starts never decrease, so those that have started are at the
       * front of the waiting FIFO. */
      while (link->wcount > 0 && link->waiting[link->whead] <= now)
        {
          link->whead = (link->whead + 1) % link->wcap;
          link->wcount--;
        }
      if (start > now)
        {
          if (link->wcount >= link->qlimit)
            return FALSE;
          if (link->wcount == link->wcap)
            {
              guint32 ncap = link->wcap ? link->wcap * 2 : 16;
              SimTime *nw = g_new (SimTime, ncap);
              for (guint32 i = 0; i < link->wcount; i++)
                nw[i] = link->waiting[(link->whead + i) % link->wcap];
              g_free (link->waiting);
              link->waiting = nw;
              link->whead = 0;
              link->wcap = ncap;
            }
          link->waiting[(link->whead + link->wcount) % link->wcap] = start;
          link->wcount++;
        }
    }
  link->busy_until = sim_time_add (start, tx);
  *depart = link->busy_until;
  return TRUE;
}

void
link_send (Link *link, const TcpSegment *seg)
{
  SimTime now = link->sim->now;
  link->sent++;
  if (trace_wants (link->trace, TRACE_SEND))
    link_trace_segment (link, TRACE_SEND, seg, 0);

  /* Every stream that is on is drawn for every segment, faulted, lost or
   * not, so that one model's draws depend only on the order of segments,
   * never on another model or on a fault. */
  gboolean lost = link_draw_loss (link);
  SimTime jitter = link->jitter_model != LINK_JITTER_NONE ? link_draw_jitter (link) : 0;
  gboolean reordered = sim_rng_bernoulli (&link->reorder_rng, link->reorder);
  gboolean duplicated = sim_rng_bernoulli (&link->dup_rng, link->duplicate);

  /* Every fault sees every segment, so each counts its class
   * independently. */
  gboolean dropped = FALSE;
  g_assert (link->reorder_delay >= 0 && link->duplicate_lag >= 0);
  SimTime extra = reordered ? link->reorder_delay : 0;
  g_array_set_size (link->copy_lags, 0);
  for (guint i = 0; i < link->faults->len; i++)
    {
      LinkFault *f = &g_array_index (link->faults, LinkFault, i);
      if (!link_fault_hits (f, seg, now))
        continue;
      switch (f->action)
        {
        case LINK_FAULT_DROP:
          dropped = TRUE;
          break;
        case LINK_FAULT_DELAY:
          extra = sim_time_add (extra, f->delay);
          break;
        case LINK_FAULT_DUPLICATE:
          g_array_append_val (link->copy_lags, f->delay);
          break;
        case LINK_FAULT_ACTION_COUNT:
          g_assert_not_reached ();
        }
    }
  if (duplicated)
    g_array_append_val (link->copy_lags, link->duplicate_lag);

  if (dropped)
    {
      link_drop (link, seg, TRACE_DROP_FAULT);
      return;
    }
  if (lost)
    {
      link_drop (link, seg, TRACE_DROP_LOSS);
      return;
    }
  SimTime depart;
  if (!link_serialize (link, seg, now, &depart))
    {
      link_drop (link, seg, TRACE_DROP_QUEUE);
      return;
    }

  /* Delays and fault delays are the user's, as large as they like: every
   * sum saturates at SIM_TIME_NEVER, an arrival that never happens
   * (sched.h).  delay + jitter >= 0 is added as one term, so that a
   * negative jitter cannot pull a saturated time back. */
  LinkSlot slot = { .arrive = sim_time_add (depart, sim_time_add (link->delay, jitter)),
                    .seg = *seg };
  if (link->count > 0)
    slot.arrive = MAX (slot.arrive, ring_tail_arrive (link));
  slot.order = link->next_order++;
  if (extra > 0)
    {
      slot.arrive = sim_time_add (slot.arrive, extra);
      slot.arrival = TRACE_ARRIVAL_LATE;
      link->held_back++;
      heap_push (link, &slot);
    }
  else
    ring_push (link, &slot);
  link_schedule (link, slot.arrive);

  SimTime original = slot.arrive;
  for (guint i = 0; i < link->copy_lags->len; i++)
    {
      slot.arrive = sim_time_add (original, g_array_index (link->copy_lags, SimTime, i));
      slot.order = link->next_order++;
      slot.arrival = TRACE_ARRIVAL_DUP;
      link->duplicated++;
      heap_push (link, &slot);
      link_schedule (link, slot.arrive);
    }
}

static void
link_timer_fired (Sim *sim, gpointer ctx)
{
  Link *link = ctx;
  /* Copy the earliest slot out first: delivery may send on this same link
   * (a host answering itself) and so grow the ring or the heap. */
  LinkSlot slot;
  if (link->count > 0 && (link->nheld == 0 || slot_before (&link->ring[link->head], &link->held[0])))
    {
      slot = link->ring[link->head];
      link->head = (link->head + 1) % link->cap;
      link->count--;
    }
  else
    {
      g_assert (link->nheld > 0);
      slot = link->held[0];
      heap_pop (link);
    }
  g_assert (slot.arrive == sim->now);

  if (link->count > 0 && link->nheld > 0)
    sim_timer_arm (sim, &link->timer, MIN (link->ring[link->head].arrive, link->held[0].arrive));
  else if (link->count > 0)
    sim_timer_arm (sim, &link->timer, link->ring[link->head].arrive);
  else if (link->nheld > 0)
    sim_timer_arm (sim, &link->timer, link->held[0].arrive);

  link->delivered++;
  if (trace_wants (link->trace, TRACE_RECV))
    link_trace_segment (link, TRACE_RECV, &slot.seg, slot.arrival);
  link->deliver (link->deliver_ctx, &slot.seg);
}
