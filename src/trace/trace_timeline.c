/* The timeline sink: collects segments, states, timers, calls and errors,
 * then lays them out for plots/timeline.gp.
 *
 * Layout.  x: one lifeline per host.  y: time going down, in units of the
 * shortest link delay d, so a segment's flight is about one unit tall.  A
 * quiet gap longer than 4·d is drawn 2.5 units tall, dotted, and labelled
 * with its real length, so that a 1 s RTO and a 50 ms flight both stay
 * readable.  An arrival is matched to the oldest segment in flight on its
 * direction with the same header fields (a reordered one is not the
 * oldest); a duplicate (arrival TRACE_ARRIVAL_DUP) is drawn as a second arrow from the
 * original's departure.  Several segments leaving one host at one
 * instant are nudged apart so that each arrow shows. */
#include "trace/trace_gnuplot.h"
#include "trace/trace_sinks.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/simtime.h"
#include "trace/trace_words.h"

#define GAP_FACTOR 4.0
#define GAP_HEIGHT 2.5
#define NUDGE 0.45

typedef struct
{
  int src, dst;
  SimTime sent, arrived; /* arrived = -1 while in flight */
  gboolean lost;
  int nudge;
  char *label;
  guint32 seq, ack, len; /* to match the arrival */
  guint8 flags;
} TlSeg;

static gboolean
same_segment (const TlSeg *s, const TcpSegment *seg)
{
  return s->seq == seg->seq && s->ack == seg->ack && s->len == seg->len && s->flags == seg->flags;
}

typedef enum
{
  MARK_STATE,
  MARK_TIMER,
  MARK_CALL,
  MARK_ERROR,
} MarkKind;

typedef struct
{
  int host;
  SimTime t;
  MarkKind kind;
  int nudge;
  char *label;
} TlMark;

struct TraceTimeline
{
  char **hosts;
  guint nhosts;
  char *title;
  SimTime unit; /* d */
  double height;  /* YMAX, once written */
  GArray *segs;   /* TlSeg */
  GArray *marks;  /* TlMark */
  GQueue *flying; /* per (src, dst): indexes of segments in flight */
};

TraceTimeline *
trace_timeline_new (const char *const *hosts, guint nhosts, const char *title)
{
  TraceTimeline *t = g_new0 (TraceTimeline, 1);
  t->hosts = g_new0 (char *, nhosts + 1);
  for (guint i = 0; i < nhosts; i++)
    t->hosts[i] = g_strdup (hosts[i]);
  t->nhosts = nhosts;
  t->title = g_strdup (title);
  t->segs = g_array_new (FALSE, FALSE, sizeof (TlSeg));
  t->marks = g_array_new (FALSE, FALSE, sizeof (TlMark));
  t->flying = g_new0 (GQueue, (gsize) nhosts * nhosts);
  for (guint i = 0; i < nhosts * nhosts; i++)
    g_queue_init (&t->flying[i]);
  return t;
}

void
trace_timeline_free (TraceTimeline *t)
{
  if (t == NULL)
    return;
  for (guint i = 0; i < t->segs->len; i++)
    g_free (g_array_index (t->segs, TlSeg, i).label);
  for (guint i = 0; i < t->marks->len; i++)
    g_free (g_array_index (t->marks, TlMark, i).label);
  for (guint i = 0; i < t->nhosts * t->nhosts; i++)
    g_queue_clear (&t->flying[i]);
  g_free (t->flying);
  g_array_free (t->segs, TRUE);
  g_array_free (t->marks, TRUE);
  g_strfreev (t->hosts);
  g_free (t->title);
  g_free (t);
}

const char *const trace_timeline_files[] = {
  "lifelines.dat", "segments.dat", "marks.dat", "params.gp", NULL,
};

static int
host_index (const TraceTimeline *t, const char *name)
{
  for (guint i = 0; i < t->nhosts; i++)
    if (g_strcmp0 (t->hosts[i], name) == 0)
      return (int) i;
  return -1;
}

/* "SA seq=0 ack=1", "PA seq=1 ack=1 len=100", relative numbers. */
static char *
segment_label (const TcpSegment *seg)
{
  char flags[8];
  tcp_segment_flags_str (seg->flags, flags);
  GString *s = g_string_new (flags);
  g_string_append_printf (s, " seq=%u", seg->seq - seg->tag.seq_base);
  if (seg->flags & TCP_FLAG_ACK)
    g_string_append_printf (s, " ack=%u", seg->ack - seg->tag.ack_base);
  if (seg->len > 0)
    g_string_append_printf (s, " len=%u", seg->len);
  if (seg->tag.retransmit)
    g_string_append (s, " (rexmit)");
  return g_string_free (s, FALSE);
}

/* The event's words (trace_words.h), after a prefix. */
static char *
words (const TraceEvent *ev, const char *prefix)
{
  GString *s = g_string_new (prefix);
  trace_words_detail (s, ev);
  return g_string_free (s, FALSE);
}

static void
add_mark (TraceTimeline *t, int host, SimTime time, MarkKind kind, char *label)
{
  /* Marks at the same host and instant stack downwards. */
  int nudge = 0;
  for (guint i = t->marks->len; i-- > 0;)
    {
      TlMark *m = &g_array_index (t->marks, TlMark, i);
      if (m->t != time)
        break;
      if (m->host == host)
        nudge = MAX (nudge, m->nudge + 1);
    }
  TlMark m = { host, time, kind, nudge, label };
  g_array_append_val (t->marks, m);
}

void
trace_timeline_event (gpointer sink, const TraceEvent *ev)
{
  TraceTimeline *t = sink;
  int h = host_index (t, ev->host);
  if (h < 0)
    return;
  switch (ev->kind)
    {
    case TRACE_SEND:
      {
        int d = host_index (t, ev->peer);
        if (d < 0)
          return;
        int nudge = 0;
        for (guint i = t->segs->len; i-- > 0;)
          {
            TlSeg *o = &g_array_index (t->segs, TlSeg, i);
            if (o->sent != ev->time)
              break;
            if (o->src == h)
              nudge = MAX (nudge, o->nudge + 1);
          }
        TlSeg s = { h, d, ev->time, -1, FALSE, nudge, segment_label (ev->seg),
                    ev->seg->seq, ev->seg->ack, ev->seg->len, ev->seg->flags };
        g_array_append_val (t->segs, s);
        g_queue_push_tail (&t->flying[(gsize) h * t->nhosts + (gsize) d],
                           GUINT_TO_POINTER (t->segs->len - 1));
      }
      break;
    case TRACE_DROP:
      {
        /* The drop follows its send at once: it is the newest in flight. */
        int d = host_index (t, ev->peer);
        GQueue *q = &t->flying[(gsize) h * t->nhosts + (gsize) d];
        guint idx = GPOINTER_TO_UINT (g_queue_pop_tail (q));
        g_array_index (t->segs, TlSeg, idx).lost = TRUE;
      }
      break;
    case TRACE_RECV:
      {
        int s = host_index (t, ev->peer);
        if (ev->arrival == TRACE_ARRIVAL_DUP)
          {
            /* A copy of a segment already delivered: a second arrow from
             * the newest matching departure. */
            for (guint i = t->segs->len; i-- > 0;)
              {
                TlSeg *o = &g_array_index (t->segs, TlSeg, i);
                if (o->src == s && o->dst == h && !o->lost && same_segment (o, ev->seg))
                  {
                    TlSeg copy = *o;
                    copy.arrived = ev->time;
                    copy.label = g_strdup_printf ("%s (dup)", o->label);
                    g_array_append_val (t->segs, copy);
                    break;
                  }
              }
            return;
          }
        GQueue *q = &t->flying[(gsize) s * t->nhosts + (gsize) h];
        for (GList *l = q->head; l != NULL; l = l->next)
          {
            TlSeg *o = &g_array_index (t->segs, TlSeg, GPOINTER_TO_UINT (l->data));
            if (same_segment (o, ev->seg))
              {
                o->arrived = ev->time;
                g_queue_delete_link (q, l);
                break;
              }
          }
      }
      break;
    case TRACE_STATE:
      add_mark (t, h, ev->time, MARK_STATE, words (ev, NULL));
      break;
    case TRACE_TIMER:
    case TRACE_NOTE:
      add_mark (t, h, ev->time, MARK_TIMER, words (ev, "timer: "));
      break;
    case TRACE_CALL:
      add_mark (t, h, ev->time, MARK_CALL, words (ev, NULL));
      break;
    case TRACE_ERROR:
      add_mark (t, h, ev->time, MARK_ERROR, words (ev, NULL));
      break;
    case TRACE_TIMER_ARM:
    case TRACE_TIMER_CANCEL:
    case TRACE_OUTCOME:
    case TRACE_KIND_COUNT:
      break; /* not drawn (yet) */
    }
}

/* ---- layout ------------------------------------------------------------------ */

typedef struct
{
  SimTime *t;   /* distinct times, ascending */
  double *y;
  gsize n;
} YMap;

static int
cmp_time (gconstpointer a, gconstpointer b)
{
  SimTime x = *(const SimTime *) a, y = *(const SimTime *) b;
  return x < y ? -1 : x > y;
}

/* The last instant at or before t (0 when t is before them all). */
static gsize
ymap_index (const YMap *m, SimTime t)
{
  gsize lo = 0, hi = m->n;
  while (hi - lo > 1)
    {
      gsize mid = (lo + hi) / 2;
      if (m->t[mid] <= t)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static double
ymap (const YMap *m, SimTime t)
{
  if (m->n == 0)
    return 0;
  if (t <= m->t[0])
    return m->y[0];
  if (t >= m->t[m->n - 1])
    return m->y[m->n - 1];
  gsize lo = ymap_index (m, t), hi = lo + 1;
  double f = (double) (t - m->t[lo]) / (double) (m->t[hi] - m->t[lo]);
  return m->y[lo] + f * (m->y[hi] - m->y[lo]);
}

/* Where a lost segment would have arrived: one unit after it left. */
static SimTime
lost_end (const TraceTimeline *t, const TlSeg *s)
{
  return s->sent + t->unit;
}

static SimTime
seg_end (const TraceTimeline *t, const TlSeg *s)
{
  if (s->lost || s->arrived < 0)
    return lost_end (t, s);
  return s->arrived;
}

static void
format_tick (SimTime t, char *buf, gsize size)
{
  if (t % SIM_MS == 0)
    g_snprintf (buf, size, "%.3f", sim_time_to_s (t));
  else
    g_snprintf (buf, size, "%.6f", sim_time_to_s (t));
}

static FILE *
open_in (const char *dir, const char *name, GError **error)
{
  char *path = g_build_filename (dir, name, NULL);
  FILE *f = fopen (path, "w");
  if (f == NULL)
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", path,
                 g_strerror (errno));
  g_free (path);
  return f;
}

/* Which side of its lifeline a host's labels go: outside the diagram. */
static int
label_side (const TraceTimeline *t, int host)
{
  return host == 0 && t->nhosts > 1 ? -1 : 1;
}

gboolean
trace_timeline_write (TraceTimeline *t, const char *dir, GError **error)
{
  if (t->unit <= 0)
    t->unit = 10 * SIM_MS;
  /* Every instant at which something is drawn. */
  GArray *times = g_array_new (FALSE, FALSE, sizeof (SimTime));
  for (guint i = 0; i < t->segs->len; i++)
    {
      TlSeg *s = &g_array_index (t->segs, TlSeg, i);
      SimTime end = seg_end (t, s);
      g_array_append_val (times, s->sent);
      g_array_append_val (times, end);
    }
  for (guint i = 0; i < t->marks->len; i++)
    g_array_append_val (times, g_array_index (t->marks, TlMark, i).t);
  SimTime zero = 0;
  g_array_append_val (times, zero);
  g_array_sort (times, cmp_time);
  YMap m = { g_new (SimTime, times->len), g_new (double, times->len), 0 };
  for (guint i = 0; i < times->len; i++)
    {
      SimTime x = g_array_index (times, SimTime, i);
      if (m.n == 0 || m.t[m.n - 1] != x)
        m.t[m.n++] = x;
    }
  g_array_free (times, TRUE);

  FILE *fl = NULL, *fs = NULL, *fm = NULL, *fp = NULL;
  gboolean ok = FALSE;
  gboolean *compressed = NULL;
  double *room = NULL;
  if ((fl = open_in (dir, trace_timeline_files[0], error)) == NULL
      || (fs = open_in (dir, trace_timeline_files[1], error)) == NULL
      || (fm = open_in (dir, trace_timeline_files[2], error)) == NULL
      || (fp = open_in (dir, trace_timeline_files[3], error)) == NULL)
    goto out;

  /* Room each instant needs below it for what is nudged there: a burst
   * of segments at one instant gets its arrows drawn apart before the
   * next instant, rather than over it. */
  room = g_new0 (double, m.n);
  for (guint i = 0; i < t->segs->len; i++)
    {
      TlSeg *s = &g_array_index (t->segs, TlSeg, i);
      double need = s->nudge > 0 ? (s->nudge + 1) * NUDGE : 0;
      gsize a = ymap_index (&m, s->sent), b = ymap_index (&m, seg_end (t, s));
      room[a] = MAX (room[a], need);
      room[b] = MAX (room[b], need);
    }
  for (guint i = 0; i < t->marks->len; i++)
    {
      TlMark *k = &g_array_index (t->marks, TlMark, i);
      gsize a = ymap_index (&m, k->t);
      room[a] = MAX (room[a], k->nudge > 0 ? (k->nudge + 1) * NUDGE : 0);
    }

  /* y of each instant; quiet gaps compressed.  Lifelines: solid pieces,
   * dotted across compressed gaps. */
  compressed = g_new0 (gboolean, m.n + 1);
  m.y[0] = 0;
  for (gsize i = 1; i < m.n; i++)
    {
      SimTime gap = m.t[i] - m.t[i - 1];
      double units = (double) gap / (double) t->unit;
      if (units > GAP_FACTOR)
        {
          /* The gap starts below what is nudged at its first instant. */
          compressed[i] = TRUE;
          double top = m.y[i - 1] + room[i - 1];
          m.y[i] = top + GAP_HEIGHT;
          char len[32];
          sim_time_format_short (gap, len, sizeof len);
          for (guint h = 0; h < t->nhosts; h++)
            fprintf (fl, "%u %.4f %.4f 1\n", h, top + 0.3, m.y[i] - 0.3);
          fprintf (fm, "%.4f %.4f \"%s later\" 4 0\n", (t->nhosts - 1) / 2.0,
                   (top + m.y[i]) / 2, len);
        }
      else
        m.y[i] = m.y[i - 1] + MAX (units, room[i - 1]);
    }
  double ymax = m.n ? m.y[m.n - 1] : 0;
  {
    /* Solid lifeline pieces between the compressed gaps. */
    double start = 0;
    for (gsize i = 1; i <= m.n; i++)
      {
        if (i == m.n || compressed[i])
          {
            double end = i == m.n ? ymax + 0.6 : m.y[i - 1] + room[i - 1] + 0.3;
            for (guint h = 0; h < t->nhosts; h++)
              fprintf (fl, "%u %.4f %.4f 0\n", h, start, end);
            if (i < m.n)
              start = m.y[i] - 0.3;
          }
      }
  }

  /* Segments: x y dx dy label lx ly lost.  Labels sit on the arrow, a
   * third of the way from the sender. */
  for (guint i = 0; i < t->segs->len; i++)
    {
      TlSeg *s = &g_array_index (t->segs, TlSeg, i);
      double y1 = ymap (&m, s->sent) + s->nudge * NUDGE;
      double y2 = ymap (&m, seg_end (t, s)) + s->nudge * NUDGE;
      double x1 = s->src, x2 = s->dst;
      if (s->lost || s->arrived < 0)
        {
          /* The arrow stops halfway, where a cross marks the loss. */
          x2 = x1 + (x2 - x1) * 0.5;
          y2 = y1 + (y2 - y1) * 0.5;
        }
      double f = 0.3;
      double lx = x1 + (x2 - x1) * (s->lost ? 0.55 : f), ly = y1 + (y2 - y1) * (s->lost ? 0.55 : f);
      fprintf (fs, "%.4f %.4f %.4f %.4f \"%s\" %.4f %.4f %d\n", x1, y1, x2 - x1, y2 - y1, s->label,
               lx, ly, s->lost ? 1 : 0);
    }

  /* Marks: x y label kind (0 state, 1 timer, 2 call, 3 error) side. */
  for (guint i = 0; i < t->marks->len; i++)
    {
      TlMark *k = &g_array_index (t->marks, TlMark, i);
      double y = ymap (&m, k->t) + k->nudge * NUDGE;
      fprintf (fm, "%d %.4f \"%s\" %d %d\n", k->host, y, k->label, (int) k->kind,
               label_side (t, k->host));
    }

  /* Parameters: ranges, size, host names, time ticks. */
  t->height = ymax + 0.8;
  fprintf (fp, "NHOSTS = %u\nYMAX = %.4f\n", t->nhosts, ymax + 0.8);
  /* params.gp is loaded as code: names go in as string literals only
   * (a scenario's file name is its title, and file names are anything). */
  char *q = trace_gp_quote (t->title ? t->title : "");
  fprintf (fp, "TITLE = %s\n", q);
  g_free (q);
  fprintf (fp, "set x2tics (");
  for (guint h = 0; h < t->nhosts; h++)
    {
      q = trace_gp_quote (t->hosts[h]);
      fprintf (fp, "%s%s %u", h ? ", " : "", q, h);
      g_free (q);
    }
  fprintf (fp, ")\n");
  fprintf (fp, "set ytics (");
  double last_y = -1e9;
  gboolean first = TRUE;
  for (gsize i = 0; i < m.n; i++)
    {
      if (m.y[i] - last_y < 0.55)
        continue;
      char tick[32];
      format_tick (m.t[i], tick, sizeof tick);
      fprintf (fp, "%s\"%s\" %.4f", first ? "" : ", ", tick, m.y[i]);
      first = FALSE;
      last_y = m.y[i];
    }
  fprintf (fp, ")\n");
  ok = TRUE;
out:
  {
    /* A failed write sets the stream's error flag, which fclose alone
     * does not report; errno is the first failure's reason. */
    FILE *all[] = { fl, fs, fm, fp };
    int why = 0;
    for (gsize i = 0; i < G_N_ELEMENTS (all); i++)
      if (all[i] != NULL)
        {
          errno = 0;
          gboolean bad = ferror (all[i]) != 0 || fflush (all[i]) != 0;
          if (bad && why == 0)
            why = errno ? errno : EIO;
          if (fclose (all[i]) != 0 && why == 0)
            why = errno ? errno : EIO;
        }
    if (why != 0)
      ok = FALSE;
    if (!ok && error != NULL && *error == NULL)
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (why ? why : EIO),
                   "writing timeline data in %s: %s", dir, g_strerror (why ? why : EIO));
  }
  g_free (compressed);
  g_free (room);
  g_free (m.t);
  g_free (m.y);
  return ok;
}

double
trace_timeline_height (const TraceTimeline *t)
{
  return t->height;
}

void
trace_timeline_set_unit (TraceTimeline *t, SimTime unit)
{
  t->unit = unit;
}
