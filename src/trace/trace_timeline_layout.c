/* The timeline's geometry (trace_timeline_layout.h says what it
 * promises). */
#include "trace/trace_timeline_layout.h"

#include <math.h>

#define BRACKET_COLS 6
#define BRACKET_PX 8.0  /* between two columns of brackets */
#define MARK_GAP_PX 12.0

TlLayout *
tl_layout_new (guint nhosts, SimTime unit)
{
  TlLayout *l = g_new0 (TlLayout, 1);
  l->nhosts = nhosts;
  l->unit = unit > 0 ? unit : 10 * SIM_MS;
  l->segs = g_array_new (FALSE, TRUE, sizeof (TlLayoutSeg));
  l->marks = g_array_new (FALSE, TRUE, sizeof (TlLayoutMark));
  l->brackets = g_array_new (FALSE, TRUE, sizeof (TlLayoutBracket));
  l->cuts = g_array_new (FALSE, TRUE, sizeof (TlLayoutCut));
  l->ticks = g_array_new (FALSE, TRUE, sizeof (TlLayoutTick));
  return l;
}

void
tl_layout_free (TlLayout *l)
{
  if (l == NULL)
    return;
  g_array_free (l->segs, TRUE);
  g_array_free (l->marks, TRUE);
  g_array_free (l->brackets, TRUE);
  g_array_free (l->cuts, TRUE);
  g_array_free (l->ticks, TRUE);
  g_free (l->it);
  g_free (l->iy);
  g_free (l);
}

gboolean
tl_boxes_overlap (double ax, double ay, double aw, double ah, double bx, double by, double bw, double bh)
{
  return fabs (ax - bx) * 2 < aw + bw && fabs (ay - by) * 2 < ah + bh;
}

/* ---- the time axis ----------------------------------------------------------- */

/* An event drawn at a host: a send, an arrival, a mark. */
typedef struct
{
  SimTime t;
  int host;
  guint ord;
  double *y;     /* where its y goes */
  double weight; /* room it takes in its instant's fan: a segment 1, a mark less */
} Pt;

static int
cmp_pt (gconstpointer a, gconstpointer b)
{
  const Pt *x = a, *y = b;
  if (x->t != y->t)
    return x->t < y->t ? -1 : 1;
  if (x->host != y->host)
    return x->host < y->host ? -1 : 1;
  return x->ord < y->ord ? -1 : x->ord > y->ord;
}

static int
cmp_time (gconstpointer a, gconstpointer b)
{
  SimTime x = *(const SimTime *) a, y = *(const SimTime *) b;
  return x < y ? -1 : x > y;
}

/* The index of instant t (which is one). */
static gsize
instant_index (const TlLayout *l, SimTime t)
{
  gsize lo = 0, hi = l->nit;
  while (hi - lo > 1)
    {
      gsize mid = (lo + hi) / 2;
      if (l->it[mid] <= t)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

double
tl_layout_time_y (const TlLayout *l, SimTime t)
{
  if (l->nit == 0)
    return 0;
  double u = (double) l->unit;
  if (t <= l->it[0])
    return l->iy[0] - (double) (l->it[0] - t) / u;
  if (t >= l->it[l->nit - 1])
    return l->iy[l->nit - 1] + (double) (t - l->it[l->nit - 1]) / u;
  gsize i = instant_index (l, t);
  if (l->it[i] == t)
    return l->iy[i];
  double f = (double) (t - l->it[i]) / (double) (l->it[i + 1] - l->it[i]);
  return l->iy[i] + f * (l->iy[i + 1] - l->iy[i]);
}

static double
cut_height (double units)
{
  return TL_CUT_BASE + TL_CUT_LOG * log (units / TL_GAP_UNITS);
}

/* The instants, the cuts and each instant's y. */
static void
lay_axis (TlLayout *l)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (SimTime));
  for (guint i = 0; i < l->segs->len; i++)
    {
      TlLayoutSeg *s = &g_array_index (l->segs, TlLayoutSeg, i);
      g_array_append_val (times, s->sent);
      g_array_append_val (times, s->end);
    }
  for (guint i = 0; i < l->marks->len; i++)
    g_array_append_val (times, g_array_index (l->marks, TlLayoutMark, i).t);
  for (guint i = 0; i < l->brackets->len; i++)
    {
      TlLayoutBracket *b = &g_array_index (l->brackets, TlLayoutBracket, i);
      g_array_append_val (times, b->from);
      g_array_append_val (times, b->to);
    }
  g_array_sort (times, cmp_time);
  l->it = g_new (SimTime, times->len + 1);
  l->iy = g_new0 (double, times->len + 1);
  l->nit = 0;
  for (guint i = 0; i < times->len; i++)
    {
      SimTime x = g_array_index (times, SimTime, i);
      if (l->nit == 0 || l->it[l->nit - 1] != x)
        l->it[l->nit++] = x;
    }
  g_array_free (times, TRUE);
  if (l->nit == 0)
    return;

  /* Which gaps have a delivered segment in flight across them: gap i is
   * the one before instant i. */
  int *cover = g_new0 (int, l->nit + 1);
  for (guint i = 0; i < l->segs->len; i++)
    {
      TlLayoutSeg *s = &g_array_index (l->segs, TlLayoutSeg, i);
      if (s->lost)
        continue;
      gsize a = instant_index (l, s->sent), b = instant_index (l, s->end);
      cover[a + 1]++;
      cover[b + 1]--;
    }
  int in_flight = 0;
  double u = (double) l->unit;
  l->iy[0] = 0;
  in_flight += cover[0];
  for (gsize i = 1; i < l->nit; i++)
    {
      in_flight += cover[i];
      double units = (double) (l->it[i] - l->it[i - 1]) / u;
      if (units > TL_GAP_UNITS && in_flight == 0)
        {
          double top = l->iy[i - 1] + TL_BAND;
          l->iy[i] = top + cut_height (units);
          TlLayoutCut c = { top + 0.15, l->iy[i] - 0.2, l->it[i] - l->it[i - 1] };
          g_array_append_val (l->cuts, c);
        }
      else
        l->iy[i] = l->iy[i - 1] + units;
    }
  g_free (cover);
}

/* Every event's y: its instant's, fanned by its rank among the events
 * of its host at that instant. */
static void
lay_points (TlLayout *l, GArray *pts)
{
  guint i = 0;
  while (i < pts->len)
    {
      SimTime t = g_array_index (pts, Pt, i).t;
      guint j = i;
      /* The widest fan any host has at this instant. */
      double widest = 0, pos = 0;
      int host = -1;
      while (j < pts->len && g_array_index (pts, Pt, j).t == t)
        {
          Pt *p = &g_array_index (pts, Pt, j);
          pos = p->host == host ? pos + p->weight : 0;
          host = p->host;
          widest = MAX (widest, pos);
          j++;
        }
      gsize ix = instant_index (l, t);
      double step = TL_STEP;
      if (widest > 0)
        step = MIN (step, TL_BAND / widest);
      if (ix + 1 < l->nit)
        step = MIN (step, 0.5 * (l->iy[ix + 1] - l->iy[ix]) / (widest + 1));
      host = -1;
      pos = 0;
      for (guint k = i; k < j; k++)
        {
          Pt *p = &g_array_index (pts, Pt, k);
          pos = p->host == host ? pos + p->weight : 0;
          host = p->host;
          *p->y = l->iy[ix] + pos * step;
        }
      i = j;
    }
}

/* The y of a (host, time, order) that is not itself a point: just after
 * the last point of that host and instant before it. */
static double
point_y (const TlLayout *l, GArray *pts, int host, SimTime t, guint ord)
{
  Pt key = { t, host, ord, NULL, 0 };
  gsize lo = 0, hi = pts->len;
  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;
      if (cmp_pt (&g_array_index (pts, Pt, mid), &key) <= 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo > 0)
    {
      Pt *p = &g_array_index (pts, Pt, lo - 1);
      if (p->t == t && p->host == host)
        return *p->y;
    }
  return tl_layout_time_y (l, t);
}

/* ---- labels ------------------------------------------------------------------ */

typedef struct
{
  double x, y, w, h; /* pixels, centre and size */
} Box;

static gboolean
box_free (GArray *boxes, const Box *b)
{
  for (guint i = 0; i < boxes->len; i++)
    {
      Box *o = &g_array_index (boxes, Box, i);
      if (tl_boxes_overlap (b->x, b->y, b->w, b->h, o->x, o->y, o->w, o->h))
        return FALSE;
    }
  return TRUE;
}

static int
cmp_mark_y (gconstpointer a, gconstpointer b)
{
  const TlLayoutMark *x = *(TlLayoutMark *const *) a, *y = *(TlLayoutMark *const *) b;
  if (x->y != y->y)
    return x->y < y->y ? -1 : 1;
  return x->ord < y->ord ? -1 : x->ord > y->ord;
}

static int
cmp_bracket_y (gconstpointer a, gconstpointer b)
{
  const TlLayoutBracket *x = *(TlLayoutBracket *const *) a, *y = *(TlLayoutBracket *const *) b;
  return x->y1 < y->y1 ? -1 : x->y1 > y->y1;
}

static int
side_of (const TlLayout *l, int host)
{
  return host == 0 && l->nhosts > 1 ? -1 : 1;
}

/* Brackets in columns beside their lifeline, outwards; returns how many
 * columns each host uses (cols[host]). */
static void
lay_brackets (TlLayout *l, guint *cols)
{
  GPtrArray *order = g_ptr_array_new ();
  for (guint i = 0; i < l->brackets->len; i++)
    g_ptr_array_add (order, &g_array_index (l->brackets, TlLayoutBracket, i));
  g_ptr_array_sort (order, cmp_bracket_y);
  double *col_end = g_new (double, (gsize) l->nhosts * BRACKET_COLS);
  for (gsize i = 0; i < (gsize) l->nhosts * BRACKET_COLS; i++)
    col_end[i] = -G_MAXDOUBLE;
  for (guint i = 0; i < order->len; i++)
    {
      TlLayoutBracket *b = order->pdata[i];
      double *ends = &col_end[(gsize) b->host * BRACKET_COLS];
      guint c = 0;
      while (c + 1 < BRACKET_COLS && ends[c] > b->y1 - 0.05)
        c++;
      ends[c] = MAX (ends[c], b->y2);
      cols[b->host] = MAX (cols[b->host], c + 1);
      b->x = b->host + side_of (l, b->host) * (MARK_GAP_PX * 0.6 + c * BRACKET_PX) / TL_PX_X;
    }
  g_free (col_end);
  g_ptr_array_free (order, TRUE);
}

static void
lay_marks (TlLayout *l, GArray *boxes, const guint *cols)
{
  GPtrArray *order = g_ptr_array_new ();
  for (guint i = 0; i < l->marks->len; i++)
    g_ptr_array_add (order, &g_array_index (l->marks, TlLayoutMark, i));
  g_ptr_array_sort (order, cmp_mark_y);
  for (guint i = 0; i < order->len; i++)
    {
      TlLayoutMark *m = order->pdata[i];
      m->side = side_of (l, m->host);
      double edge = m->host * TL_PX_X + m->side * (MARK_GAP_PX + cols[m->host] * BRACKET_PX);
      Box b = { edge + m->side * m->label_w / 2, m->y * TL_PX_Y, m->label_w, m->label_h };
      /* Down below whatever it would cover. */
      for (gboolean moved = TRUE; moved;)
        {
          moved = FALSE;
          for (guint k = 0; k < boxes->len; k++)
            {
              Box *o = &g_array_index (boxes, Box, k);
              if (tl_boxes_overlap (b.x, b.y, b.w, b.h, o->x, o->y, o->w, o->h))
                {
                  b.y = o->y + o->h / 2 + b.h / 2 + 0.5;
                  moved = TRUE;
                }
            }
        }
      g_array_append_val (boxes, b);
      m->lx = edge / TL_PX_X;
      m->ly = b.y / TL_PX_Y;
    }
  g_ptr_array_free (order, TRUE);
}

static const double label_at[] = { 0.5, 0.38, 0.62, 0.26, 0.74, 0.16, 0.84, 0.1, 0.9 };

/* Lost and retransmitted segments and probes first: they tell the story. */
static int
label_rank (const TlLayoutSeg *s)
{
  return s->lost || s->style != TL_STYLE_NORMAL ? 0 : 1;
}

static void
lay_labels (GArray *segs, GArray *boxes)
{
  for (guint n = 0; n < 2 * segs->len; n++)
    {
      TlLayoutSeg *s = &g_array_index (segs, TlLayoutSeg, n % segs->len);
      if (label_rank (s) != (int) (n / segs->len))
        continue;
      s->labelled = FALSE;
      if (s->label_w <= 0)
        continue;
      double X1 = s->x1 * TL_PX_X, Y1 = s->y1 * TL_PX_Y, X2 = s->x2 * TL_PX_X, Y2 = s->y2 * TL_PX_Y;
      double xmin = MIN (X1, X2) + 6, xmax = MAX (X1, X2) - 6;
      if (s->lost)
        {
          /* Room up to the next lifeline, not only along the short arrow. */
          double dir = s->x2 > s->x1 ? 1 : -1;
          double far = (s->x1 + dir * 1.0) * TL_PX_X;
          xmin = MIN (X1, far) + 6, xmax = MAX (X1, far) - 6;
        }
      for (gsize k = 0; k < G_N_ELEMENTS (label_at) && !s->labelled; k++)
        for (int side = -1; side <= 1 && !s->labelled; side += 2)
          {
            double px = X1 + label_at[k] * (X2 - X1);
            Box b = { px, 0, s->label_w, s->label_h };
            if (b.x - b.w / 2 < xmin || b.x + b.w / 2 > xmax)
              continue;
            /* The arrow's y under the box's two edges (clamped to it). */
            double xl = CLAMP (b.x - b.w / 2, MIN (X1, X2), MAX (X1, X2));
            double xr = CLAMP (b.x + b.w / 2, MIN (X1, X2), MAX (X1, X2));
            double yl = Y1 + (xl - X1) / (X2 - X1) * (Y2 - Y1);
            double yr = Y1 + (xr - X1) / (X2 - X1) * (Y2 - Y1);
            b.y = side < 0 ? MIN (yl, yr) - 1.5 - b.h / 2 : MAX (yl, yr) + 1.5 + b.h / 2;
            if (!box_free (boxes, &b))
              continue;
            g_array_append_val (boxes, b);
            s->lx = b.x / TL_PX_X;
            s->ly = b.y / TL_PX_Y;
            s->labelled = TRUE;
          }
    }
}

/* ---- the whole ---------------------------------------------------------------- */

void
tl_layout_run (TlLayout *l)
{
  g_array_set_size (l->cuts, 0);
  g_array_set_size (l->ticks, 0);
  g_free (l->it);
  g_free (l->iy);
  l->it = NULL;
  l->iy = NULL;
  l->nit = 0;
  lay_axis (l);

  GArray *pts = g_array_new (FALSE, FALSE, sizeof (Pt));
  for (guint i = 0; i < l->segs->len; i++)
    {
      TlLayoutSeg *s = &g_array_index (l->segs, TlLayoutSeg, i);
      Pt a = { s->sent, s->src, s->send_ord, &s->y1, 1 };
      g_array_append_val (pts, a);
      if (!s->lost)
        {
          Pt b = { s->end, s->dst, s->recv_ord, &s->y2, 1 };
          g_array_append_val (pts, b);
        }
    }
  for (guint i = 0; i < l->marks->len; i++)
    {
      TlLayoutMark *m = &g_array_index (l->marks, TlLayoutMark, i);
      Pt a = { m->t, m->host, m->ord, &m->y, TL_MARK_WEIGHT };
      g_array_append_val (pts, a);
    }
  g_array_sort (pts, cmp_pt);
  lay_points (l, pts);

  /* Arrows; a lost one stops halfway to where it would have arrived. */
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (Box));
  for (guint i = 0; i < l->segs->len; i++)
    {
      TlLayoutSeg *s = &g_array_index (l->segs, TlLayoutSeg, i);
      s->x1 = s->src;
      s->x2 = s->dst;
      if (s->lost)
        {
          double yend = tl_layout_time_y (l, s->end);
          s->x2 = s->x1 + (s->dst - s->src) * 0.5;
          s->y2 = s->y1 + (yend - s->y1) * 0.5;
          Box c = { s->x2 * TL_PX_X, s->y2 * TL_PX_Y, TL_CROSS_PX, TL_CROSS_PX };
          g_array_append_val (boxes, c);
        }
    }
  for (guint i = 0; i < l->brackets->len; i++)
    {
      TlLayoutBracket *b = &g_array_index (l->brackets, TlLayoutBracket, i);
      b->y1 = point_y (l, pts, b->host, b->from, b->from_ord);
      b->y2 = point_y (l, pts, b->host, b->to, b->to_ord);
      if (b->y2 < b->y1)
        b->y2 = b->y1;
    }
  guint *cols = g_new0 (guint, l->nhosts + 1);
  lay_brackets (l, cols);
  lay_marks (l, boxes, cols);
  g_free (cols);
  lay_labels (l->segs, boxes);

  /* Ticks and the height. */
  double last = -G_MAXDOUBLE, bottom = 0;
  for (gsize i = 0; i < l->nit; i++)
    {
      if (l->iy[i] - last >= 0.45)
        {
          TlLayoutTick k = { l->iy[i], l->it[i] };
          g_array_append_val (l->ticks, k);
          last = l->iy[i];
        }
      bottom = MAX (bottom, l->iy[i] + TL_BAND);
    }
  for (guint i = 0; i < boxes->len; i++)
    {
      Box *b = &g_array_index (boxes, Box, i);
      bottom = MAX (bottom, (b->y + b->h / 2) / TL_PX_Y);
    }
  for (guint i = 0; i < l->brackets->len; i++)
    bottom = MAX (bottom, g_array_index (l->brackets, TlLayoutBracket, i).y2);
  l->height = bottom + 0.5;
  g_array_free (boxes, TRUE);
  g_array_free (pts, TRUE);
}
