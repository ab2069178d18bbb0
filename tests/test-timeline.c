/* The timeline's geometry, checked over the drawn coordinates (not the
 * pixels) of every scenario in scenarios/ and of small hand-made layouts:
 * causality (nothing a host does is drawn above what it did before: a
 * reply never leaves above the arrival that caused it), equal slopes for
 * equal delays within a stretch, cuts that grow with the logarithm of the
 * gap, no label box over a cross or another label box, every
 * retransmission and probe styled, every bracket starting at an armed
 * timer and ending where that timer fired, was cancelled or re-armed. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "scenario/scenario.h"
#include "scenario/scn_world.h"
#include "trace/trace_sinks.h"
#include "trace/trace_timeline_layout.h"

/* Timer events of a run, for the brackets. */
typedef struct
{
  TraceKind kind;
  SimTime time, deadline;
  guint64 conn;
  int timer; /* ARM, CANCEL */
} TimerEv;

static void
record_timers (gpointer ctx, const TraceEvent *ev)
{
  GArray *a = ctx;
  if (ev->kind != TRACE_TIMER_ARM && ev->kind != TRACE_TIMER_CANCEL && ev->kind != TRACE_TIMER)
    return;
  TimerEv t = { ev->kind, ev->time, ev->span, ev->conn, ev->kind == TRACE_TIMER ? -1 : (int) ev->timer };
  g_array_append_val (a, t);
}

typedef struct
{
  guint nrexmit, nprobe, nchallenge, nbrackets, ncuts, nlabels, nscenarios;
} Totals;

/* Over every scenario checked, so that the checks are known to have met
 * what they check. */
static Totals totals;
static guint nscenario_files;

/* A drawn event at a host, for causality. */
typedef struct
{
  int host;
  SimTime t;
  guint ord;
  double y;
} DrawnPt;

static int
cmp_drawn (gconstpointer a, gconstpointer b)
{
  const DrawnPt *x = a, *y = b;
  if (x->host != y->host)
    return x->host - y->host;
  if (x->t != y->t)
    return x->t < y->t ? -1 : 1;
  return x->ord < y->ord ? -1 : x->ord > y->ord;
}

/* Whether a cut lies between y1 and y2. */
static gboolean
cut_between (const TlLayout *l, double y1, double y2)
{
  for (guint i = 0; i < l->cuts->len; i++)
    {
      TlLayoutCut *c = &g_array_index (l->cuts, TlLayoutCut, i);
      if (c->y1 >= MIN (y1, y2) && c->y2 <= MAX (y1, y2))
        return TRUE;
    }
  return FALSE;
}

static void
check_causality (const char *name, const TlLayout *l)
{
  GArray *pts = g_array_new (FALSE, FALSE, sizeof (DrawnPt));
  for (guint i = 0; i < l->segs->len; i++)
    {
      TlLayoutSeg *s = &g_array_index (l->segs, TlLayoutSeg, i);
      DrawnPt a = { s->src, s->sent, s->send_ord, s->y1 };
      g_array_append_val (pts, a);
      if (!s->lost)
        {
          DrawnPt b = { s->dst, s->end, s->recv_ord, s->y2 };
          g_array_append_val (pts, b);
        }
    }
  for (guint i = 0; i < l->marks->len; i++)
    {
      TlLayoutMark *m = &g_array_index (l->marks, TlLayoutMark, i);
      DrawnPt a = { m->host, m->t, m->ord, m->y };
      g_array_append_val (pts, a);
    }
  g_array_sort (pts, cmp_drawn);
  /* At each host, later (in time, then in the order of events) is never
   * drawn higher; a later instant is drawn strictly lower. */
  for (guint i = 1; i < pts->len; i++)
    {
      DrawnPt *a = &g_array_index (pts, DrawnPt, i - 1), *b = &g_array_index (pts, DrawnPt, i);
      if (a->host != b->host)
        continue;
      if (b->y < a->y - 1e-9 || (b->t > a->t && b->y <= a->y))
        g_error ("%s: host %d: the event at %" G_GINT64_FORMAT " ns (order %u) is drawn at y %.4f, above "
                 "the one before it at %" G_GINT64_FORMAT " ns (order %u, y %.4f)",
                 name, b->host, b->t, b->ord, b->y, a->t, a->ord, a->y);
    }
  /* The issue's own statement: the receiver's next send is never drawn
   * above the arrival that caused it. */
  for (guint i = 0; i < l->segs->len; i++)
    {
      TlLayoutSeg *s = &g_array_index (l->segs, TlLayoutSeg, i);
      if (s->lost)
        continue;
      for (guint k = 0; k < l->segs->len; k++)
        {
          TlLayoutSeg *r = &g_array_index (l->segs, TlLayoutSeg, k);
          if (r->src == s->dst && r->send_ord > s->recv_ord && r->y1 < s->y2 - 1e-9)
            g_error ("%s: a segment sent at %" G_GINT64_FORMAT " ns leaves at y %.4f, above the arrival "
                     "at y %.4f before it", name, r->sent, r->y1, s->y2);
        }
    }
  g_array_free (pts, TRUE);
}

static void
check_slopes (const char *name, const TlLayout *l)
{
  for (guint i = 0; i < l->segs->len; i++)
    {
      TlLayoutSeg *a = &g_array_index (l->segs, TlLayoutSeg, i);
      if (a->lost)
        continue;
      double lin_a = tl_layout_time_y (l, a->end) - tl_layout_time_y (l, a->sent);
      gboolean cut_a = cut_between (l, a->y1, a->y2);
      /* Drawn within the fan's bound of the linear axis. */
      g_assert_cmpfloat (fabs ((a->y2 - a->y1) - lin_a), <=, TL_BAND + 1e-9);
      if (cut_a)
        continue;
      for (guint k = i + 1; k < l->segs->len; k++)
        {
          TlLayoutSeg *b = &g_array_index (l->segs, TlLayoutSeg, k);
          if (b->lost || b->end - b->sent != a->end - a->sent || cut_between (l, b->y1, b->y2))
            continue;
          double lin_b = tl_layout_time_y (l, b->end) - tl_layout_time_y (l, b->sent);
          if (fabs (lin_a - lin_b) > 1e-6)
            g_error ("%s: two flights of %" G_GINT64_FORMAT " ns are %.6f and %.6f units tall", name,
                     a->end - a->sent, lin_a, lin_b);
        }
    }
}

typedef struct
{
  double x, y, w, h;
  const char *what;
} TBox;

static void
check_boxes (const char *name, const TlLayout *l, Totals *tot)
{
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (TBox));
  for (guint i = 0; i < l->segs->len; i++)
    {
      TlLayoutSeg *s = &g_array_index (l->segs, TlLayoutSeg, i);
      if (s->lost)
        {
          TBox c = { s->x2 * TL_PX_X, s->y2 * TL_PX_Y, TL_CROSS_PX, TL_CROSS_PX, "a cross" };
          g_array_append_val (boxes, c);
        }
      if (s->labelled)
        {
          TBox b = { s->lx * TL_PX_X, s->ly * TL_PX_Y, s->label_w, s->label_h, "a segment's label" };
          g_array_append_val (boxes, b);
          tot->nlabels++;
        }
    }
  for (guint i = 0; i < l->marks->len; i++)
    {
      TlLayoutMark *m = &g_array_index (l->marks, TlLayoutMark, i);
      TBox b = { m->lx * TL_PX_X + m->side * m->label_w / 2, m->ly * TL_PX_Y, m->label_w, m->label_h,
                 "a mark's label" };
      g_array_append_val (boxes, b);
      /* A mark's label is never above its event. */
      g_assert_cmpfloat (m->ly, >=, m->y - 1e-9);
    }
  for (guint i = 0; i < boxes->len; i++)
    for (guint k = i + 1; k < boxes->len; k++)
      {
        TBox *a = &g_array_index (boxes, TBox, i), *b = &g_array_index (boxes, TBox, k);
        if (strcmp (a->what, "a cross") == 0 && strcmp (b->what, "a cross") == 0)
          continue; /* crosses may meet: two losses at one place */
        if (tl_boxes_overlap (a->x, a->y, a->w, a->h, b->x, b->y, b->w, b->h))
          g_error ("%s: %s at (%.1f, %.1f) covers %s at (%.1f, %.1f)", name, a->what, a->x, a->y, b->what,
                   b->x, b->y);
      }
  g_array_free (boxes, TRUE);
}

static void
check_styles (const char *name, const TlLayout *l, Totals *tot)
{
  for (guint i = 0; i < l->segs->len; i++)
    {
      TlLayoutSeg *s = &g_array_index (l->segs, TlLayoutSeg, i);
      int want = -1;
      switch ((TraceWhy) s->why)
        {
        case TRACE_WHY_RTO:
        case TRACE_WHY_FAST_REXMIT:
        case TRACE_WHY_TLP:
        case TRACE_WHY_SYN_RETRY:
          want = TL_STYLE_REXMIT;
          break;
        case TRACE_WHY_KEEPALIVE:
        case TRACE_WHY_WINDOW_PROBE:
          want = TL_STYLE_PROBE;
          break;
        case TRACE_WHY_CHALLENGE_ACK:
          want = TL_STYLE_CHALLENGE;
          break;
        default:
          if (s->retransmit)
            want = TL_STYLE_REXMIT;
          break;
        }
      if (want < 0)
        continue;
      if (s->style != want)
        g_error ("%s: a segment sent at %" G_GINT64_FORMAT " ns (why %u) is drawn in style %d, not %d",
                 name, s->sent, s->why, s->style, want);
      tot->nrexmit += want == TL_STYLE_REXMIT;
      tot->nprobe += want == TL_STYLE_PROBE;
      tot->nchallenge += want == TL_STYLE_CHALLENGE;
    }
}

static gboolean
timer_ends (const GArray *tev, guint64 conn, SimTime t)
{
  for (guint i = 0; i < tev->len; i++)
    {
      TimerEv *e = &g_array_index (tev, TimerEv, i);
      if (e->conn == conn && e->time == t)
        return TRUE;
    }
  return FALSE;
}

static void
check_brackets (const char *name, const TlLayout *l, const GArray *tev, SimTime last, Totals *tot)
{
  for (guint i = 0; i < l->brackets->len; i++)
    {
      TlLayoutBracket *b = &g_array_index (l->brackets, TlLayoutBracket, i);
      const TimerEv *arm = NULL;
      for (guint k = 0; k < tev->len && arm == NULL; k++)
        {
          TimerEv *e = &g_array_index (tev, TimerEv, k);
          if (e->kind == TRACE_TIMER_ARM && e->conn == b->conn && e->time == b->from && e->timer == b->timer)
            arm = e;
        }
      if (arm == NULL)
        g_error ("%s: a bracket from %" G_GINT64_FORMAT " ns (conn %" G_GUINT64_FORMAT
                 ") matches no armed timer", name, b->from, b->conn);
      /* It ends where the timer fired, was cancelled or re-armed, or at
       * its deadline, or where the drawing ends. */
      if (b->to != arm->deadline && b->to != last && !timer_ends (tev, b->conn, b->to))
        g_error ("%s: a bracket from %" G_GINT64_FORMAT " ns ends at %" G_GINT64_FORMAT
                 " ns, where its timer did nothing", name, b->from, b->to);
      g_assert_cmpint (b->to, <=, MAX (arm->deadline, b->from));
      g_assert_cmpfloat (b->y2, >=, b->y1);
      tot->nbrackets++;
    }
}

static void
check_scenario (gconstpointer data)
{
  const char *path = data;
  GError *err = NULL;
  Scenario *scn = scn_parse_file (path, NULL, 0, &err);
  g_assert_no_error (err);
  World *w = world_new (scn, FALSE, 0, &err);
  g_assert_no_error (err);
  const char **names = g_new (const char *, w->nhosts);
  for (guint i = 0; i < w->nhosts; i++)
    names[i] = w->hosts[i]->name;
  TraceTimeline *tl = trace_timeline_new (names, w->nhosts, "t");
  g_free (names);
  GArray *tev = g_array_new (FALSE, FALSE, sizeof (TimerEv));
  trace_bus_subscribe (&w->bus, trace_timeline_event, tl);
  trace_bus_subscribe (&w->bus, record_timers, tev);
  world_run (w, NULL);
  char *dir = g_dir_make_tmp ("tcpsim-tl-XXXXXX", NULL);
  g_assert_true (trace_timeline_write (tl, dir, &err));
  g_assert_no_error (err);
  for (const char *const *f = trace_timeline_files; *f; f++)
    {
      char *p = g_build_filename (dir, *f, NULL);
      g_assert_true (g_file_test (p, G_FILE_TEST_IS_REGULAR));
      g_unlink (p);
      g_free (p);
    }
  g_rmdir (dir);
  g_free (dir);

  const TlLayout *l = trace_timeline_layout (tl);
  char *name = g_path_get_basename (path);
  Totals *tot = &totals;
  tot->nscenarios++;
  g_assert_cmpuint (l->segs->len, >, 0);
  check_causality (name, l);
  check_slopes (name, l);
  check_boxes (name, l, tot);
  check_styles (name, l, tot);
  SimTime last = 0;
  for (guint i = 0; i < l->nit; i++)
    last = MAX (last, l->it[i]);
  /* The drawing may end before the run (a window): brackets open there end there. */
  for (guint i = 0; i < l->marks->len; i++)
    last = MAX (last, g_array_index (l->marks, TlLayoutMark, i).t);
  check_brackets (name, l, tev, last, tot);
  tot->ncuts += l->cuts->len;
  /* Not taller than a picture can be. */
  g_assert_cmpfloat (l->height * TL_PX_Y, <=, 30000);
  g_free (name);
  g_array_free (tev, TRUE);
  trace_timeline_free (tl);
  world_free (w);
  scn_free (scn);
}

static void
test_totals (void)
{
  if (totals.nscenarios < nscenario_files || nscenario_files == 0)
    {
      g_test_skip ("not every scenario was checked");
      return;
    }
  g_test_message ("%u retransmissions, %u probes, %u challenge ACKs, %u brackets, %u cuts, %u labels",
                  totals.nrexmit, totals.nprobe, totals.nchallenge, totals.nbrackets, totals.ncuts,
                  totals.nlabels);
  g_assert_cmpuint (totals.nrexmit, >, 10);
  g_assert_cmpuint (totals.nprobe, >, 0);
  g_assert_cmpuint (totals.nchallenge, >, 0);
  g_assert_cmpuint (totals.nbrackets, >, 10);
  g_assert_cmpuint (totals.ncuts, >, 10);
  g_assert_cmpuint (totals.nlabels, >, 100);
}

/* ---- hand-made layouts ------------------------------------------------------- */

static TlLayoutSeg
seg (int src, int dst, SimTime sent, SimTime end, guint so, guint ro)
{
  TlLayoutSeg s = { 0 };
  s.src = src;
  s.dst = dst;
  s.sent = sent;
  s.end = end;
  s.send_ord = so;
  s.recv_ord = ro;
  s.label_w = 60;
  s.label_h = 12;
  return s;
}

/* A reply sent at the instant its cause arrives leaves below that
 * arrival, and a call made then (the server's close before its FIN) is
 * drawn between them. */
static void
test_reply_below_cause (void)
{
  TlLayout *l = tl_layout_new (2, 50 * SIM_MS);
  TlLayoutSeg a = seg (0, 1, 0, 50 * SIM_MS, 1, 2), b = seg (1, 0, 50 * SIM_MS, 100 * SIM_MS, 4, 5);
  g_array_append_val (l->segs, a);
  g_array_append_val (l->segs, b);
  TlLayoutMark m = { 0 };
  m.host = 1;
  m.t = 50 * SIM_MS;
  m.ord = 3;
  m.label_w = 40;
  m.label_h = 12;
  g_array_append_val (l->marks, m);
  tl_layout_run (l);
  TlLayoutSeg *sa = &g_array_index (l->segs, TlLayoutSeg, 0), *sb = &g_array_index (l->segs, TlLayoutSeg, 1);
  TlLayoutMark *mk = &g_array_index (l->marks, TlLayoutMark, 0);
  g_assert_cmpfloat (sa->y1, ==, 0);
  g_assert_cmpfloat (sa->y2, ==, 1); /* one flight is one unit */
  g_assert_cmpfloat (mk->y, >, sa->y2);
  g_assert_cmpfloat (sb->y1, >, mk->y);
  g_assert_cmpfloat (sb->y1 - sa->y2, <=, TL_BAND);
  /* Equal delays: the arrival of the reply is one unit below its linear start. */
  g_assert_cmpfloat (fabs (tl_layout_time_y (l, sb->end) - tl_layout_time_y (l, sb->sent) - 1), <, 1e-12);
  tl_layout_free (l);
}

/* Idle gaps of 1, 2, 4 and 8 s are cut; each cut is as much taller than
 * the one before as the one before was than its own (the logarithm), and
 * shorter than the gap itself would be. */
static void
test_cuts_log (void)
{
  TlLayout *l = tl_layout_new (2, 50 * SIM_MS);
  SimTime t = 0;
  guint ord = 0;
  SimTime gaps[] = { SIM_S, 2 * SIM_S, 4 * SIM_S, 8 * SIM_S };
  for (int i = 0; i <= 4; i++)
    {
      TlLayoutSeg s = seg (0, 1, t, t + 50 * SIM_MS, ord, ord + 1);
      ord += 2;
      g_array_append_val (l->segs, s);
      if (i < 4)
        t += 50 * SIM_MS + gaps[i];
    }
  tl_layout_run (l);
  g_assert_cmpuint (l->cuts->len, ==, 4);
  double h[4];
  for (int i = 0; i < 4; i++)
    {
      TlLayoutCut *c = &g_array_index (l->cuts, TlLayoutCut, i);
      g_assert_cmpint (c->length, ==, gaps[i]);
      TlLayoutSeg *before = &g_array_index (l->segs, TlLayoutSeg, i);
      TlLayoutSeg *after = &g_array_index (l->segs, TlLayoutSeg, i + 1);
      h[i] = after->y1 - before->y2;
      g_assert_cmpfloat (h[i], <, (double) gaps[i] / (50 * SIM_MS));
      g_assert_cmpfloat (c->y1, >, before->y2);
      g_assert_cmpfloat (c->y2, <, after->y1);
    }
  g_assert_cmpfloat (h[1], >, h[0]);
  g_assert_cmpfloat (fabs ((h[1] - h[0]) - (h[2] - h[1])), <, 1e-9);
  g_assert_cmpfloat (fabs ((h[2] - h[1]) - (h[3] - h[2])), <, 1e-9);
  tl_layout_free (l);
}

/* A gap with a segment in flight across it is not cut: a 2 s flight is
 * drawn 40 units long on a 50 ms axis. */
static void
test_no_cut_in_flight (void)
{
  TlLayout *l = tl_layout_new (2, 50 * SIM_MS);
  TlLayoutSeg a = seg (0, 1, 0, 2 * SIM_S, 1, 2);
  g_array_append_val (l->segs, a);
  tl_layout_run (l);
  g_assert_cmpuint (l->cuts->len, ==, 0);
  g_assert_cmpfloat (fabs (g_array_index (l->segs, TlLayoutSeg, 0).y2 - 40), <, 1e-9);
  tl_layout_free (l);
}

/* Thirty segments sent at one instant fan within the band, in order. */
static void
test_burst_bounded (void)
{
  TlLayout *l = tl_layout_new (2, 50 * SIM_MS);
  for (guint i = 0; i < 30; i++)
    {
      TlLayoutSeg s = seg (0, 1, 0, 50 * SIM_MS + i * SIM_MS, i, 100 + i);
      g_array_append_val (l->segs, s);
    }
  tl_layout_run (l);
  double last = -1;
  for (guint i = 0; i < 30; i++)
    {
      TlLayoutSeg *s = &g_array_index (l->segs, TlLayoutSeg, i);
      g_assert_cmpfloat (s->y1, >, last);
      g_assert_cmpfloat (s->y1, <=, TL_BAND + 1e-9);
      last = s->y1;
    }
  tl_layout_free (l);
}

static int
cmp_path (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/timeline/layout/reply-below-cause", test_reply_below_cause);
  g_test_add_func ("/timeline/layout/cuts-log", test_cuts_log);
  g_test_add_func ("/timeline/layout/no-cut-in-flight", test_no_cut_in_flight);
  g_test_add_func ("/timeline/layout/burst-bounded", test_burst_bounded);

  const char *dir = g_getenv ("SCENARIOS_DIR");
  char *fallback = g_test_build_filename (G_TEST_DIST, "..", "scenarios", NULL);
  GDir *d = g_dir_open (dir ? dir : fallback, 0, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  if (d != NULL)
    {
      const char *n;
      while ((n = g_dir_read_name (d)) != NULL)
        if (g_str_has_suffix (n, ".scn"))
          g_ptr_array_add (paths, g_build_filename (dir ? dir : fallback, n, NULL));
      g_dir_close (d);
    }
  g_ptr_array_sort (paths, cmp_path);
  nscenario_files = paths->len;
  for (guint i = 0; i < paths->len; i++)
    {
      char *base = g_path_get_basename (paths->pdata[i]);
      char *tp = g_strdup_printf ("/timeline/scenario/%s", base);
      g_test_add_data_func (tp, paths->pdata[i], check_scenario);
      g_free (tp);
      g_free (base);
    }
  g_test_add_func ("/timeline/all-scenarios/totals", test_totals);
  int r = g_test_run ();
  g_ptr_array_free (paths, TRUE);
  g_free (fallback);
  return r;
}
