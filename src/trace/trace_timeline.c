/* The timeline sink: keeps the events its options select, then chooses
 * what to draw, words it as a textbook would and writes it for
 * plots/timeline.gp; the geometry is trace_timeline_layout.c's.
 *
 * An arrival is matched to the oldest segment in flight on its direction
 * with the same header fields (a reordered one is not the oldest); a
 * duplicate (TRACE_ARRIVAL_DUP) is drawn as a second arrow from the
 * original's departure.  A lost segment is drawn halfway to where it
 * would have arrived (one flight of its direction later), to a cross.
 *
 * Brackets: the retransmission timer (and the TLP that shares it) from
 * each arming (TRACE_TIMER_ARM) to its expiry, its cancellation or its
 * next arming; the TIME-WAIT and FIN-WAIT-2 timers likewise. */
#include "trace/trace_gnuplot.h"
#include "trace/trace_sinks.h"
#include "trace/trace_timeline_layout.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/simtime.h"
#include "trace/trace_words.h"

#define DEFAULT_MAX_SEGMENTS 60
/* Events kept for the automatic choice: beyond this, only those of the
 * connections it could choose (the first, the first with a loss). */
#define KEEP_MAX 400000
/* The tallest picture, in pixels (cairo makes no PNG taller than 32767). */
#define MAX_PX 30000
#define CHAR_PX 5.6   /* a segment label's character, font size 8 */
#define MARK_CHAR_PX 6.1
#define LINE_PX 12.0
/* The overview draws at most this many connections. */
#define OVERVIEW_MAX 5000
/* Sends in one picture at most, without --from or --to. */
#define WINDOW_SEGMENTS 120

typedef struct
{
  SimTime time;
  guint64 conn;
  SimTime span;
  const char *text; /* marks: the words (interned) */
  guint32 seg;      /* index into segs, or G_MAXUINT32 */
  guint8 kind, sub;
  guint16 host, peer; /* peer G_MAXUINT16: none */
  gboolean syn;
} Ev;

/* One row of the overview: a connection as its first end saw it. */
typedef struct
{
  guint64 conn;
  guint16 host;
  SimTime start, end; /* end -1: still open at the end */
  GArray *states;     /* (SimTime, int state) pairs */
  GArray *rexmits;    /* SimTime */
  gboolean failed;
} OvConn;

typedef struct
{
  SimTime t;
  int state;
  const char *name;
} OvState;

struct TraceTimeline
{
  char **hosts;
  guint nhosts;
  char *title;
  SimTime unit_hint;
  /* options */
  GHashTable *conn_set; /* guint64* -> itself; NULL: all */
  int *host_order;      /* drawn hosts, by index; NULL: the ones used */
  guint nhost_order;
  SimTime from, to;
  gboolean has_window; /* --from or --to */
  gboolean absolute;
  guint max_segments;
  /* what was kept */
  GArray *evs;  /* Ev */
  GArray *segs; /* TcpSegment */
  GStringChunk *words;
  guint64 first_conn, first_lossy;
  guint64 nsend;        /* segments sent in the selection, kept or not */
  GHashTable *conns;    /* connections in the selection */
  /* the overview */
  GHashTable *ov;  /* conn -> OvConn* */
  GPtrArray *ov_order;
  SimTime last_time;
  /* after writing */
  TlLayout *layout;
  char *note;
  int width, height;
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
  t->to = -1;
  t->max_segments = DEFAULT_MAX_SEGMENTS;
  t->evs = g_array_new (FALSE, FALSE, sizeof (Ev));
  t->segs = g_array_new (FALSE, FALSE, sizeof (TcpSegment));
  t->words = g_string_chunk_new (4096);
  t->ov = g_hash_table_new (g_int64_hash, g_int64_equal);
  t->conns = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  t->ov_order = g_ptr_array_new ();
  return t;
}

static void
ov_free (gpointer p)
{
  OvConn *c = p;
  g_array_free (c->states, TRUE);
  g_array_free (c->rexmits, TRUE);
  g_free (c);
}

void
trace_timeline_free (TraceTimeline *t)
{
  if (t == NULL)
    return;
  g_strfreev (t->hosts);
  g_free (t->title);
  if (t->conn_set)
    g_hash_table_destroy (t->conn_set);
  g_free (t->host_order);
  g_array_free (t->evs, TRUE);
  g_array_free (t->segs, TRUE);
  g_string_chunk_free (t->words);
  g_hash_table_destroy (t->ov);
  g_hash_table_destroy (t->conns);
  g_ptr_array_set_free_func (t->ov_order, ov_free);
  g_ptr_array_free (t->ov_order, TRUE);
  tl_layout_free (t->layout);
  g_free (t->note);
  g_free (t);
}

const char *const trace_timeline_files[] = {
  "params.gp", "lifelines.dat", "segments.dat", "marks.dat", "brackets.dat", "cuts.dat", NULL,
};

static int
host_index (const TraceTimeline *t, const char *name)
{
  if (name == NULL)
    return -1;
  for (guint i = 0; i < t->nhosts; i++)
    if (g_strcmp0 (t->hosts[i], name) == 0)
      return (int) i;
  return -1;
}

gboolean
trace_timeline_set_options (TraceTimeline *t, const TraceTimelineOptions *opt, GError **error)
{
  if (opt->nconns > 0)
    {
      t->conn_set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      for (guint i = 0; i < opt->nconns; i++)
        {
          gint64 *k = g_new (gint64, 1);
          *k = (gint64) opt->conns[i];
          g_hash_table_add (t->conn_set, k);
        }
    }
  if (opt->hosts != NULL && opt->hosts[0] != NULL)
    {
      guint n = g_strv_length ((char **) opt->hosts);
      t->host_order = g_new (int, n);
      for (guint i = 0; i < n; i++)
        {
          int h = host_index (t, opt->hosts[i]);
          if (h < 0)
            {
              GString *names = g_string_new ("");
              for (guint k = 0; k < t->nhosts; k++)
                g_string_append_printf (names, "%s%s", k ? ", " : "", t->hosts[k]);
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--hosts: '%s' is not a host of the scenario (its hosts: %s)",
                           opt->hosts[i], names->str);
              g_string_free (names, TRUE);
              return FALSE;
            }
          for (guint k = 0; k < t->nhost_order; k++)
            if (t->host_order[k] == h)
              {
                g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                             "--hosts: '%s' is named twice", opt->hosts[i]);
                return FALSE;
              }
          t->host_order[t->nhost_order++] = h;
        }
    }
  t->from = opt->from;
  t->to = opt->to;
  t->has_window = opt->from > 0 || opt->to >= 0;
  t->absolute = opt->absolute;
  t->max_segments = opt->max_segments ? opt->max_segments : DEFAULT_MAX_SEGMENTS;
  return TRUE;
}

void
trace_timeline_set_unit (TraceTimeline *t, SimTime unit)
{
  t->unit_hint = unit;
}

const char *
trace_timeline_note (const TraceTimeline *t)
{
  return t->note;
}

void
trace_timeline_size (const TraceTimeline *t, int *width, int *height)
{
  *width = t->width;
  *height = t->height;
}

double
trace_timeline_height (const TraceTimeline *t)
{
  return t->layout ? t->layout->height : 0;
}

const TlLayout *
trace_timeline_layout (const struct TraceTimeline *t)
{
  return t->layout;
}

/* ---- collecting -------------------------------------------------------------- */

static gboolean
host_selected (const TraceTimeline *t, int h)
{
  if (t->host_order == NULL)
    return TRUE;
  for (guint i = 0; i < t->nhost_order; i++)
    if (t->host_order[i] == h)
      return TRUE;
  return FALSE;
}

static OvConn *
ov_conn (TraceTimeline *t, guint64 conn, int host, SimTime now)
{
  gint64 key = (gint64) conn;
  OvConn *c = g_hash_table_lookup (t->ov, &key);
  if (c == NULL)
    {
      if (t->ov_order->len >= OVERVIEW_MAX)
        return NULL;
      c = g_new0 (OvConn, 1);
      c->conn = conn;
      c->host = (guint16) host;
      c->start = now;
      c->end = -1;
      c->states = g_array_new (FALSE, FALSE, sizeof (OvState));
      c->rexmits = g_array_new (FALSE, FALSE, sizeof (SimTime));
      g_ptr_array_add (t->ov_order, c);
      g_hash_table_insert (t->ov, &c->conn, c);
    }
  return c;
}

/* The overview follows every connection, whatever is drawn. */
static void
overview_event (TraceTimeline *t, const TraceEvent *ev, int h)
{
  if (ev->conn == 0)
    return;
  OvConn *c = NULL;
  switch (ev->kind)
    {
    case TRACE_STATE:
      c = ov_conn (t, ev->conn, h, ev->time);
      if (c != NULL && c->host == h)
        {
          OvState s = { ev->time, ev->state, g_string_chunk_insert_const (t->words, ev->name ? ev->name : "?") };
          g_array_append_val (c->states, s);
          if (ev->name != NULL && strcmp (ev->name, "CLOSED") == 0)
            c->end = ev->time;
        }
      break;
    case TRACE_SEND:
      c = ov_conn (t, ev->conn, h, ev->time);
      if (c != NULL && trace_segment_is_retransmission (ev->seg))
        g_array_append_val (c->rexmits, ev->time);
      break;
    case TRACE_ERROR:
      c = ov_conn (t, ev->conn, h, ev->time);
      if (c != NULL && c->host == h)
        c->failed = TRUE;
      break;
    default:
      break;
    }
}

void
trace_timeline_event (gpointer sink, const TraceEvent *ev)
{
  TraceTimeline *t = sink;
  int h = host_index (t, ev->host);
  if (h < 0)
    return;
  t->last_time = MAX (t->last_time, ev->time);
  overview_event (t, ev, h);
  if (ev->kind == TRACE_OUTCOME || ev->kind >= TRACE_KIND_COUNT)
    return;
  if (ev->kind == TRACE_TIMER_ARM || ev->kind == TRACE_TIMER_CANCEL)
    if (ev->timer == TRACE_TIMER_DELACK || ev->timer == TRACE_TIMER_KEEPALIVE)
      return;
  int peer = -1;
  if (ev->kind == TRACE_SEND || ev->kind == TRACE_RECV || ev->kind == TRACE_DROP)
    {
      peer = host_index (t, ev->peer);
      if (peer < 0)
        return;
    }
  /* The options' selection. */
  if (t->conn_set != NULL)
    {
      gint64 key = (gint64) ev->conn;
      if (!g_hash_table_contains (t->conn_set, &key))
        return;
    }
  if (!host_selected (t, h) || (peer >= 0 && !host_selected (t, peer)))
    return;
  if (ev->time < t->from || (t->to >= 0 && ev->time > t->to))
    return;
  if (ev->conn != 0 && t->first_conn == 0)
    t->first_conn = ev->conn;
  if (ev->kind == TRACE_SEND)
    t->nsend++;
  if (ev->conn != 0)
    {
      gint64 key = (gint64) ev->conn;
      if (!g_hash_table_contains (t->conns, &key))
        g_hash_table_add (t->conns, g_memdup2 (&key, sizeof key));
    }
  if (ev->kind == TRACE_DROP && ev->conn != 0 && t->first_lossy == 0)
    t->first_lossy = ev->conn;
  if (t->evs->len >= KEEP_MAX && t->conn_set == NULL && ev->conn != t->first_conn
      && (t->first_lossy == 0 || ev->conn != t->first_lossy))
    return;

  Ev e = { ev->time, ev->conn, ev->span, NULL, G_MAXUINT32, (guint8) ev->kind, 0, (guint16) h,
           peer >= 0 ? (guint16) peer : G_MAXUINT16, ev->syn };
  switch (ev->kind)
    {
    case TRACE_SEND:
      e.sub = ev->seg->tag.why;
      break;
    case TRACE_RECV:
      e.sub = (guint8) ev->arrival;
      break;
    case TRACE_DROP:
      e.sub = (guint8) ev->drop;
      break;
    case TRACE_TIMER:
      e.sub = (guint8) ev->fire;
      break;
    case TRACE_TIMER_ARM:
    case TRACE_TIMER_CANCEL:
      e.sub = (guint8) ev->timer;
      break;
    case TRACE_CALL:
      e.sub = (guint8) ev->call;
      break;
    default:
      break;
    }
  if (ev->seg != NULL)
    {
      g_array_append_val (t->segs, *ev->seg);
      e.seg = t->segs->len - 1;
    }
  if (ev->kind == TRACE_STATE || ev->kind == TRACE_TIMER || ev->kind == TRACE_NOTE
      || ev->kind == TRACE_CALL || ev->kind == TRACE_ERROR)
    {
      GString *s = g_string_new (NULL);
      trace_words_detail (s, ev);
      e.text = g_string_chunk_insert_const (t->words, s->str);
      g_string_free (s, TRUE);
    }
  g_array_append_val (t->evs, e);
}

/* ---- wording ----------------------------------------------------------------- */

/* "SYN", "SYN+ACK", "FIN+ACK", "RST", "ACK"; NULL for plain data. */
static const char *
flags_name (const TcpSegment *seg, char *buf, gsize size)
{
  guint8 f = seg->flags & ~TCP_FLAG_PSH;
  if (f == TCP_FLAG_ACK && seg->len > 0)
    return NULL;
  buf[0] = '\0';
  if (f & TCP_FLAG_SYN)
    g_strlcat (buf, "SYN", size);
  if (f & TCP_FLAG_FIN)
    g_strlcat (buf, buf[0] ? "+FIN" : "FIN", size);
  if (f & TCP_FLAG_RST)
    g_strlcat (buf, buf[0] ? "+RST" : "RST", size);
  if (f & TCP_FLAG_ACK)
    g_strlcat (buf, buf[0] ? "+ACK" : "ACK", size);
  if (buf[0] == '\0')
    g_strlcat (buf, "(no flags)", size);
  return buf;
}

/* The reason a segment is drawn apart, or NULL. */
static const char *
why_words (guint8 why)
{
  switch ((TraceWhy) why)
    {
    case TRACE_WHY_RTO:
      return "RTO";
    case TRACE_WHY_FAST_REXMIT:
      return "fast retransmit";
    case TRACE_WHY_TLP:
      return "TLP";
    case TRACE_WHY_SYN_RETRY:
      return "SYN retry";
    case TRACE_WHY_KEEPALIVE:
      return "keepalive probe";
    case TRACE_WHY_WINDOW_PROBE:
      return "window probe";
    case TRACE_WHY_CHALLENGE_ACK:
      return "challenge ACK";
    case TRACE_WHY_SYNCOOKIE:
      return "SYN cookie";
    default:
      return NULL;
    }
}

static TlStyle
seg_style (const TcpSegment *seg, guint8 why)
{
  switch ((TraceWhy) why)
    {
    case TRACE_WHY_RTO:
    case TRACE_WHY_FAST_REXMIT:
    case TRACE_WHY_TLP:
    case TRACE_WHY_SYN_RETRY:
      return TL_STYLE_REXMIT;
    case TRACE_WHY_KEEPALIVE:
    case TRACE_WHY_WINDOW_PROBE:
      return TL_STYLE_PROBE;
    case TRACE_WHY_CHALLENGE_ACK:
      return TL_STYLE_CHALLENGE;
    default:
      break;
    }
  if (trace_segment_is_retransmission (seg))
    return TL_STYLE_REXMIT;
  if (seg->flags & TCP_FLAG_RST)
    return TL_STYLE_RESET;
  return TL_STYLE_NORMAL;
}

static char *
seg_label (const TraceTimeline *t, const TcpSegment *seg, guint8 why)
{
  char fb[24];
  const char *name = flags_name (seg, fb, sizeof fb);
  guint32 seq = t->absolute ? seg->seq : seg->seq - seg->tag.seq_base;
  guint32 ack = t->absolute ? seg->ack : seg->ack - seg->tag.ack_base;
  GString *s = g_string_new (name ? name : "");
  g_string_append_printf (s, "%sseq=%u", name ? " " : "", seq);
  if (seg->flags & TCP_FLAG_ACK)
    g_string_append_printf (s, " ack=%u", ack);
  if (seg->len > 0)
    g_string_append_printf (s, " len=%u", seg->len);
  const char *w = why_words (why);
  if (w == NULL && trace_segment_is_retransmission (seg))
    w = "retransmission";
  if (w != NULL)
    g_string_append_printf (s, " (%s)", w);
  return g_string_free (s, FALSE);
}

/* Everything about a segment, for the SVG's hover text ("\n" between
 * lines: the SVG's script breaks there). */
static char *
seg_hover (const TraceTimeline *t, const TcpSegment *seg, const Ev *send, SimTime arrived, int drop,
           guint8 why)
{
  char fb[24];
  const char *name = flags_name (seg, fb, sizeof fb);
  GString *s = g_string_new ("");
  g_string_append_printf (s, "%s %s.%u > %s.%u", name ? name : "data", t->hosts[send->host], seg->sport,
                          t->hosts[send->peer], seg->dport);
  if (send->conn)
    g_string_append_printf (s, " (conn %" G_GUINT64_FORMAT ")", send->conn);
  g_string_append_printf (s, "\\nsent %.6f s, ", sim_time_to_s (send->time));
  if (drop >= 0)
    g_string_append_printf (s, "lost (%s)", drop == TRACE_DROP_LOSS ? "loss" : drop == TRACE_DROP_FAULT ? "fault" : "queue");
  else if (arrived >= 0)
    g_string_append_printf (s, "received %.6f s", sim_time_to_s (arrived));
  else
    g_string_append (s, "not received");
  char flags[8];
  tcp_segment_flags_str (seg->flags, flags);
  g_string_append_printf (s, "\\nflags %s seq %u ack %u len %u win %u", flags, seg->seq, seg->ack, seg->len,
                          seg->win);
  if (seg->opts)
    {
      g_string_append (s, "\\noptions");
      if (seg->opts & TCP_OPT_MSS)
        g_string_append_printf (s, " mss %u", seg->mss);
      if (seg->opts & TCP_OPT_SACK_OK)
        g_string_append (s, " sackOK");
      if (seg->opts & TCP_OPT_TS)
        g_string_append_printf (s, " TS val %u ecr %u", seg->ts_val, seg->ts_ecr);
      if (seg->opts & TCP_OPT_WSCALE)
        g_string_append_printf (s, " wscale %u", seg->wscale);
    }
  g_string_append_printf (s, "\\nwhy: %s%s", trace_why_name ((TraceWhy) why),
                          trace_segment_is_retransmission (seg) ? " (a retransmission)" : "");
  return g_string_free (s, FALSE);
}

/* A string for a data file: in double quotes, with none inside. */
static void
put_str (FILE *f, const char *s)
{
  fputc ('"', f);
  if (*s == '\0')
    fputc (' ', f);
  for (const char *p = s; *p; p++)
    fputc (*p == '"' ? '\'' : ((guchar) *p < 0x20 ? ' ' : *p), f);
  fputc ('"', f);
}

/* ---- choosing and laying out -------------------------------------------------- */

typedef struct
{
  guint ev;             /* the send */
  gint64 recv_ev;       /* -1: none */
  int drop;             /* TraceDrop, -1: not dropped */
  SimTime arrived;      /* -1: not received */
  gboolean dup;
} Flight;

typedef enum
{
  MK_STATE,
  MK_TIMER,
  MK_CALL,
  MK_ERROR,
} MarkKind;

typedef struct
{
  MarkKind kind;
  char *label;
} MarkInfo;

typedef struct
{
  char *label, *hover;
  gboolean unfinished; /* neither dropped nor received in what is drawn */
} SegInfo;

typedef struct
{
  int kind; /* 0: retransmission timer, 1: TIME-WAIT or FIN-WAIT-2 */
} BracketInfo;

/* The timer a fire belongs to: 0 retransmission, 1 wait, -1 none drawn. */
static int
fire_group (guint8 fire)
{
  switch ((TraceFire) fire)
    {
    case TRACE_FIRE_SYN_RETRY:
    case TRACE_FIRE_SYN_GIVEUP_COUNT:
    case TRACE_FIRE_SYN_GIVEUP_TIME:
    case TRACE_FIRE_RTO:
    case TRACE_FIRE_RTO_GIVEUP:
    case TRACE_FIRE_TLP:
      return 0;
    case TRACE_FIRE_TIME_WAIT:
    case TRACE_FIRE_FIN_WAIT_2:
      return 1;
    default:
      return -1;
    }
}

static int
timer_group (guint8 timer)
{
  switch ((TraceTimer) timer)
    {
    case TRACE_TIMER_REXMIT:
    case TRACE_TIMER_TLP:
      return 0;
    case TRACE_TIMER_TIME_WAIT:
    case TRACE_TIMER_FIN_WAIT_2:
      return 1;
    default:
      return -1;
    }
}

typedef struct
{
  /* the chosen events, in order */
  GArray *idx; /* guint: into t->evs */
  int *col;    /* host index -> column, -1: not drawn */
  int *hosts;  /* column -> host index */
  guint ncols;
  SimTime window_to; /* a window chose no events after this but arrivals; 0: none */
  GArray *seg_info, *mark_info, *br_info;
  GArray *down; /* Down: a crashed host, from its crash to its restart */
} Draw;

typedef struct
{
  int col;
  guint from_mark; /* the crash's mark */
  gint64 to_mark;  /* the restart's, -1: none */
} Down;

static gboolean
ev_chosen (const Ev *e, guint64 conn, const gboolean *host_used)
{
  if (conn == 0)
    return TRUE;
  if (e->conn == conn)
    return TRUE;
  /* What no connection did (a listen, a crash) on a drawn host. */
  return e->conn == 0 && e->kind != TRACE_SEND && e->kind != TRACE_RECV && e->kind != TRACE_DROP
         && host_used[e->host];
}

/* Still too many segments (one long transfer) and no time asked for:
 * the stretch around the first loss (or the beginning), WINDOW_SEGMENTS
 * sends long. */
static void
window (TraceTimeline *t, Draw *d)
{
  if (t->has_window)
    return;
  GArray *sends = g_array_new (FALSE, FALSE, sizeof (guint)); /* positions in d->idx */
  gint64 first_drop = -1;
  for (guint i = 0; i < d->idx->len; i++)
    {
      Ev *e = &g_array_index (t->evs, Ev, g_array_index (d->idx, guint, i));
      if (e->kind == TRACE_SEND)
        g_array_append_val (sends, i);
      else if (e->kind == TRACE_DROP && first_drop < 0)
        first_drop = sends->len > 0 ? sends->len - 1 : 0;
    }
  if (sends->len <= WINDOW_SEGMENTS)
    {
      g_array_free (sends, TRUE);
      return;
    }
  guint lo = first_drop > WINDOW_SEGMENTS / 3 ? (guint) first_drop - WINDOW_SEGMENTS / 3 : 0;
  guint hi = MIN (sends->len - 1, lo + WINDOW_SEGMENTS - 1);
  Ev *a = &g_array_index (t->evs, Ev, g_array_index (d->idx, guint, g_array_index (sends, guint, lo)));
  Ev *b = &g_array_index (t->evs, Ev, g_array_index (d->idx, guint, g_array_index (sends, guint, hi)));
  SimTime from = lo > 0 ? a->time : 0, to = b->time;
  char f[32], u[32];
  g_snprintf (f, sizeof f, "%.6g", sim_time_to_s (from));
  g_snprintf (u, sizeof u, "%.6g", sim_time_to_s (to));
  char *more = g_strdup_printf ("%s%s%u segments are too many for one picture: drawing %s s to %s s (%s); "
                                "draw other times with --from T --to T",
                                t->note ? t->note : "", t->note ? "; " : "", sends->len, f, u,
                                first_drop >= 0 ? "around the first loss" : "the beginning");
  g_free (t->note);
  t->note = more;
  /* Sends in the window and what follows from them up to its end: their
   * arrivals a flight later are kept, later sends are not. */
  GArray *keep = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < d->idx->len; i++)
    {
      guint ei = g_array_index (d->idx, guint, i);
      Ev *e = &g_array_index (t->evs, Ev, ei);
      gboolean in = e->time >= from && e->time <= to;
      if (!in && e->kind == TRACE_RECV && e->time > to && e->time >= from)
        in = TRUE; /* matched to a kept send, or dropped by the matching */
      if (!in && e->kind != TRACE_SEND && e->time > to)
        continue;
      if (in)
        g_array_append_val (keep, ei);
    }
  g_array_free (d->idx, TRUE);
  d->idx = keep;
  d->window_to = to;
  g_array_free (sends, TRUE);
}

/* Which events to draw: all kept, or one connection's when there are too
 * many segments (then t->note says so). */
static void
choose (TraceTimeline *t, Draw *d)
{
  guint64 conn = 0;
  guint nconns = g_hash_table_size (t->conns);
  if (t->nsend > t->max_segments && t->conn_set == NULL && nconns > 1)
    {
      conn = t->first_lossy ? t->first_lossy : t->first_conn;
      t->note = g_strdup_printf (
        "%" G_GUINT64_FORMAT " segments of %u connections are more than %u to draw: drawing connection %"
        G_GUINT64_FORMAT ", the first %s; choose with --conn ID[,ID...], --hosts A,B or --from T --to T "
        "(--overview OUT draws every connection)",
        t->nsend, nconns, t->max_segments, conn, t->first_lossy ? "that lost a segment" : "one");
    }

  gboolean *host_used = g_new0 (gboolean, t->nhosts + 1);
  for (guint i = 0; i < t->evs->len; i++)
    {
      Ev *e = &g_array_index (t->evs, Ev, i);
      if (conn != 0 && e->conn == conn)
        {
          host_used[e->host] = TRUE;
          if (e->peer != G_MAXUINT16)
            host_used[e->peer] = TRUE;
        }
    }
  d->idx = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < t->evs->len; i++)
    if (ev_chosen (&g_array_index (t->evs, Ev, i), conn, host_used))
      g_array_append_val (d->idx, i);
  window (t, d);

  /* The columns: the hosts asked for, else those used, in scenario order. */
  d->col = g_new (int, t->nhosts + 1);
  d->hosts = g_new (int, t->nhosts + 1);
  for (guint h = 0; h < t->nhosts; h++)
    d->col[h] = -1;
  d->ncols = 0;
  if (t->host_order != NULL)
    for (guint i = 0; i < t->nhost_order; i++)
      {
        d->col[t->host_order[i]] = (int) d->ncols;
        d->hosts[d->ncols++] = t->host_order[i];
      }
  else
    {
      memset (host_used, 0, sizeof (gboolean) * (t->nhosts + 1));
      for (guint i = 0; i < d->idx->len; i++)
        {
          Ev *e = &g_array_index (t->evs, Ev, g_array_index (d->idx, guint, i));
          host_used[e->host] = TRUE;
          if (e->peer != G_MAXUINT16)
            host_used[e->peer] = TRUE;
        }
      for (guint h = 0; h < t->nhosts; h++)
        if (host_used[h] || t->evs->len == 0)
          {
            d->col[h] = (int) d->ncols;
            d->hosts[d->ncols++] = (int) h;
          }
    }
  g_free (host_used);
}

static void
draw_clear_info (Draw *d)
{
  if (d->seg_info)
    {
      for (guint i = 0; i < d->seg_info->len; i++)
        {
          g_free (g_array_index (d->seg_info, SegInfo, i).label);
          g_free (g_array_index (d->seg_info, SegInfo, i).hover);
        }
      g_array_free (d->seg_info, TRUE);
    }
  if (d->mark_info)
    {
      for (guint i = 0; i < d->mark_info->len; i++)
        g_free (g_array_index (d->mark_info, MarkInfo, i).label);
      g_array_free (d->mark_info, TRUE);
    }
  if (d->br_info)
    g_array_free (d->br_info, TRUE);
  if (d->down)
    g_array_free (d->down, TRUE);
  d->seg_info = d->mark_info = d->br_info = d->down = NULL;
}

static void
draw_clear (Draw *d)
{
  draw_clear_info (d);
  if (d->idx)
    g_array_free (d->idx, TRUE);
  g_free (d->col);
  g_free (d->hosts);
  *d = (Draw) { 0 };
}

static gboolean
same_header (const TcpSegment *a, const TcpSegment *b)
{
  return a->seq == b->seq && a->ack == b->ack && a->len == b->len && a->flags == b->flags
         && a->sport == b->sport && a->dport == b->dport;
}

static int
cmp_simtime (gconstpointer a, gconstpointer b)
{
  SimTime x = *(const SimTime *) a, y = *(const SimTime *) b;
  return x < y ? -1 : x > y;
}

/* Open brackets, by (host, conn, group). */
typedef struct
{
  int host;
  guint64 conn;
  int group;
  guint bracket; /* index */
} OpenBr;

static void
close_bracket (TlLayout *l, GArray *open, int col, guint64 conn, int group, SimTime t, guint ord)
{
  for (guint i = 0; i < open->len; i++)
    {
      OpenBr *o = &g_array_index (open, OpenBr, i);
      if (o->host == col && o->conn == conn && o->group == group)
        {
          TlLayoutBracket *b = &g_array_index (l->brackets, TlLayoutBracket, o->bracket);
          b->to = t;
          b->to_ord = ord;
          g_array_remove_index_fast (open, i);
          return;
        }
    }
}

/* The layout input of the chosen events, up to time `until` (-1: all). */
static TlLayout *
build (TraceTimeline *t, Draw *d, SimTime until)
{
  /* Several connections on one host: marks say which. */
  GHashTable *seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  gboolean *shared = g_new0 (gboolean, t->nhosts + 1);
  guint64 *one = g_new0 (guint64, t->nhosts + 1);
  for (guint i = 0; i < d->idx->len; i++)
    {
      Ev *e = &g_array_index (t->evs, Ev, g_array_index (d->idx, guint, i));
      if (e->conn == 0)
        continue;
      if (one[e->host] == 0)
        one[e->host] = e->conn;
      else if (one[e->host] != e->conn)
        shared[e->host] = TRUE;
    }
  g_free (one);
  g_hash_table_destroy (seen);

  /* Flights: sends matched with their drop or arrival. */
  GArray *flights = g_array_new (FALSE, FALSE, sizeof (Flight));
  GHashTable *flying = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL); /* dir -> GQueue */
  GArray *dirflight = g_array_new (FALSE, FALSE, sizeof (SimTime)); /* all delivered flights */
  SimTime *lastflight = g_new0 (SimTime, (gsize) (t->nhosts + 1) * (t->nhosts + 1));
  for (guint i = 0; i < d->idx->len; i++)
    {
      guint ei = g_array_index (d->idx, guint, i);
      Ev *e = &g_array_index (t->evs, Ev, ei);
      if (until >= 0 && e->time > until)
        break;
      if (e->kind != TRACE_SEND && e->kind != TRACE_RECV && e->kind != TRACE_DROP)
        continue;
      if (d->col[e->host] < 0 || d->col[e->peer] < 0)
        continue;
      const TcpSegment *seg = &g_array_index (t->segs, TcpSegment, e->seg);
      int src = e->kind == TRACE_RECV ? e->peer : e->host, dst = e->kind == TRACE_RECV ? e->host : e->peer;
      gint64 dir = (gint64) src * 65536 + dst;
      GQueue *q = g_hash_table_lookup (flying, &dir);
      if (q == NULL)
        {
          gint64 *k = g_new (gint64, 1);
          *k = dir;
          q = g_queue_new ();
          g_hash_table_insert (flying, k, q);
        }
      if (e->kind == TRACE_SEND)
        {
          Flight f = { ei, -1, -1, -1, FALSE };
          g_array_append_val (flights, f);
          g_queue_push_tail (q, GUINT_TO_POINTER (flights->len - 1));
        }
      else if (e->kind == TRACE_DROP)
        {
          /* The drop follows its send at once: the newest in flight. */
          if (!g_queue_is_empty (q))
            {
              guint fi = GPOINTER_TO_UINT (g_queue_pop_tail (q));
              g_array_index (flights, Flight, fi).drop = e->sub;
            }
        }
      else if (e->sub == TRACE_ARRIVAL_DUP)
        {
          for (guint k = flights->len; k-- > 0;)
            {
              Flight *o = &g_array_index (flights, Flight, k);
              Ev *s = &g_array_index (t->evs, Ev, o->ev);
              if (s->host == src && s->peer == dst && o->drop < 0
                  && same_header (&g_array_index (t->segs, TcpSegment, s->seg), seg))
                {
                  Flight copy = *o;
                  copy.recv_ev = ei;
                  copy.arrived = e->time;
                  copy.dup = TRUE;
                  g_array_append_val (flights, copy);
                  break;
                }
            }
        }
      else
        for (GList *l = q->head; l != NULL; l = l->next)
          {
            Flight *o = &g_array_index (flights, Flight, GPOINTER_TO_UINT (l->data));
            Ev *s = &g_array_index (t->evs, Ev, o->ev);
            if (same_header (&g_array_index (t->segs, TcpSegment, s->seg), seg))
              {
                o->recv_ev = ei;
                o->arrived = e->time;
                SimTime fl = e->time - s->time;
                g_array_append_val (dirflight, fl);
                lastflight[(gsize) src * (t->nhosts + 1) + (gsize) dst] = fl;
                g_queue_delete_link (q, l);
                break;
              }
          }
    }
  GHashTableIter it;
  gpointer v;
  g_hash_table_iter_init (&it, flying);
  while (g_hash_table_iter_next (&it, NULL, &v))
    g_queue_free (v);
  g_hash_table_destroy (flying);

  SimTime unit = t->unit_hint;
  if (dirflight->len > 0)
    {
      g_array_sort (dirflight, cmp_simtime);
      unit = g_array_index (dirflight, SimTime, dirflight->len / 2);
    }
  if (unit <= 0)
    unit = t->unit_hint > 0 ? t->unit_hint : 10 * SIM_MS;
  g_array_free (dirflight, TRUE);

  TlLayout *l = tl_layout_new (d->ncols, unit);
  d->seg_info = g_array_new (FALSE, FALSE, sizeof (SegInfo));
  d->mark_info = g_array_new (FALSE, FALSE, sizeof (MarkInfo));
  d->br_info = g_array_new (FALSE, FALSE, sizeof (BracketInfo));
  d->down = g_array_new (FALSE, FALSE, sizeof (Down));
  for (guint i = 0; i < flights->len; i++)
    {
      Flight *f = &g_array_index (flights, Flight, i);
      Ev *s = &g_array_index (t->evs, Ev, f->ev);
      const TcpSegment *seg = &g_array_index (t->segs, TcpSegment, s->seg);
      TlLayoutSeg ls = { 0 };
      ls.src = d->col[s->host];
      ls.dst = d->col[s->peer];
      ls.sent = s->time;
      ls.send_ord = f->ev;
      ls.lost = f->arrived < 0;
      if (ls.lost)
        {
          SimTime fl = lastflight[(gsize) s->host * (t->nhosts + 1) + s->peer];
          ls.end = s->time + (fl > 0 ? fl : unit);
        }
      else
        {
          ls.end = f->arrived;
          ls.recv_ord = (guint) f->recv_ev;
        }
      ls.style = seg_style (seg, s->sub);
      ls.why = s->sub;
      ls.retransmit = trace_segment_is_retransmission (seg);
      SegInfo si = { seg_label (t, seg, s->sub), seg_hover (t, seg, s, f->arrived, f->drop, s->sub),
                     f->arrived < 0 && f->drop < 0 };
      if (f->dup)
        {
          char *x = g_strconcat (si.label, " (dup)", NULL);
          g_free (si.label);
          si.label = x;
        }
      ls.label_w = strlen (si.label) * CHAR_PX + 4;
      ls.label_h = LINE_PX;
      g_array_append_val (l->segs, ls);
      g_array_append_val (d->seg_info, si);
    }
  g_array_free (flights, TRUE);
  g_free (lastflight);

  /* Marks and brackets. */
  GArray *open = g_array_new (FALSE, FALSE, sizeof (OpenBr));
  SimTime last = 0;
  for (guint i = 0; i < d->idx->len; i++)
    {
      guint ei = g_array_index (d->idx, guint, i);
      Ev *e = &g_array_index (t->evs, Ev, ei);
      if (until >= 0 && e->time > until)
        break;
      int col = d->col[e->host];
      if (col < 0)
        continue;
      last = MAX (last, e->time);
      MarkKind mk;
      switch (e->kind)
        {
        case TRACE_STATE:
          mk = MK_STATE;
          break;
        case TRACE_TIMER:
        case TRACE_NOTE:
          mk = MK_TIMER;
          break;
        case TRACE_CALL:
          mk = MK_CALL;
          break;
        case TRACE_ERROR:
          mk = MK_ERROR;
          break;
        case TRACE_TIMER_ARM:
          {
            int g = timer_group (e->sub);
            if (g < 0)
              continue;
            close_bracket (l, open, col, e->conn, g, e->time, ei);
            TlLayoutBracket b = { 0 };
            b.host = col;
            b.from = e->time;
            b.from_ord = ei;
            b.to = -1;
            b.timer = e->sub;
            b.conn = e->conn;
            /* Until its deadline unless something ends it first. */
            g_array_append_val (l->brackets, b);
            BracketInfo bi = { g };
            g_array_append_val (d->br_info, bi);
            OpenBr o = { col, e->conn, g, l->brackets->len - 1 };
            g_array_append_val (open, o);
            /* the deadline */
            g_array_index (l->brackets, TlLayoutBracket, l->brackets->len - 1).to_ord = G_MAXUINT;
            g_array_index (l->brackets, TlLayoutBracket, l->brackets->len - 1).to = -1 - e->span;
          }
          continue;
        case TRACE_TIMER_CANCEL:
          {
            int g = timer_group (e->sub);
            if (g >= 0)
              close_bracket (l, open, col, e->conn, g, e->time, ei);
          }
          continue;
        default:
          continue;
        }
      if (e->kind == TRACE_TIMER)
        {
          int g = fire_group (e->sub);
          if (g >= 0)
            close_bracket (l, open, col, e->conn, g, e->time, ei);
        }
      TlLayoutMark m = { 0 };
      m.host = col;
      m.t = e->time;
      m.ord = ei;
      MarkInfo mi = { mk, NULL };
      if (shared[e->host] && e->conn != 0)
        mi.label = g_strdup_printf ("#%" G_GUINT64_FORMAT " %s", e->conn, e->text);
      else
        mi.label = g_strdup (e->text);
      m.label_w = strlen (mi.label) * (mk == MK_ERROR ? MARK_CHAR_PX + 1 : MARK_CHAR_PX) + 4;
      m.label_h = LINE_PX + 1;
      g_array_append_val (l->marks, m);
      g_array_append_val (d->mark_info, mi);
      if (e->kind == TRACE_CALL && e->sub == TRACE_CALL_CRASH)
        {
          Down dn = { col, l->marks->len - 1, -1 };
          g_array_append_val (d->down, dn);
        }
      else if (e->kind == TRACE_CALL && e->sub == TRACE_CALL_RESTART)
        for (guint k = 0; k < d->down->len; k++)
          {
            Down *dn = &g_array_index (d->down, Down, k);
            if (dn->col == col && dn->to_mark < 0)
              dn->to_mark = l->marks->len - 1;
          }
    }
  /* Brackets still open end at their deadline, or the last event drawn. */
  for (guint i = 0; i < open->len; i++)
    {
      TlLayoutBracket *b = &g_array_index (l->brackets, TlLayoutBracket, g_array_index (open, OpenBr, i).bracket);
      SimTime deadline = -1 - b->to;
      b->to = deadline <= last && deadline >= b->from ? deadline : MAX (last, b->from);
      b->to_ord = G_MAXUINT;
    }
  g_array_free (open, TRUE);
  g_free (shared);
  tl_layout_run (l);
  return l;
}

/* ---- writing ----------------------------------------------------------------- */

static FILE *
open_in (const char *dir, const char *name, GError **error)
{
  char *path = g_build_filename (dir, name, NULL);
  FILE *f = fopen (path, "w");
  if (f == NULL)
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", path, g_strerror (errno));
  g_free (path);
  return f;
}

/* Closes the files; FALSE with the first failure's reason. */
static gboolean
close_all (FILE **all, gsize n, const char *dir, gboolean ok, GError **error)
{
  int why = 0;
  for (gsize i = 0; i < n; i++)
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
  return ok;
}

static void
format_time (SimTime t, char *buf, gsize size)
{
  if (t % SIM_MS == 0)
    g_snprintf (buf, size, "%.3f", sim_time_to_s (t));
  else
    g_snprintf (buf, size, "%.6f", sim_time_to_s (t));
}

gboolean
trace_timeline_write (TraceTimeline *t, const char *dir, GError **error)
{
  Draw d = { 0 };
  choose (t, &d);
  tl_layout_free (t->layout);
  t->layout = build (t, &d, -1);
  if (t->layout->height * TL_PX_Y > MAX_PX)
    {
      /* Too tall: draw the beginning, up to the last instant that fits. */
      const TlLayout *l = t->layout;
      SimTime until = l->it[0];
      for (gsize i = 0; i < l->nit; i++)
        if (l->iy[i] * TL_PX_Y < MAX_PX * 0.85)
          until = l->it[i];
      char u[32];
      format_time (until, u, sizeof u);
      char *more = g_strdup_printf ("%s%sthe diagram is too tall: drawing up to %s s; draw later "
                                    "times with --from T --to T",
                                    t->note ? t->note : "", t->note ? "; " : "", u);
      g_free (t->note);
      t->note = more;
      draw_clear_info (&d);
      tl_layout_free (t->layout);
      t->layout = build (t, &d, until);
    }
  TlLayout *l = t->layout;

  FILE *f[6] = { NULL };
  gboolean ok = FALSE;
  for (int i = 0; i < 6; i++)
    if ((f[i] = open_in (dir, trace_timeline_files[i], error)) == NULL)
      goto out;
  FILE *fp = f[0], *fl = f[1], *fs = f[2], *fm = f[3], *fb = f[4], *fc = f[5];

  /* The extent of what is drawn, in data units. */
  double xlo = -0.25, xhi = (double) MAX (d.ncols, 1) - 1 + 0.25, ylo = -0.6;
  for (guint i = 0; i < l->marks->len; i++)
    {
      TlLayoutMark *m = &g_array_index (l->marks, TlLayoutMark, i);
      double far = m->lx + m->side * (m->label_w + 8) / TL_PX_X;
      xlo = MIN (xlo, far);
      xhi = MAX (xhi, far);
      ylo = MIN (ylo, m->ly - 1.0 * m->label_h / TL_PX_Y);
    }
  for (guint i = 0; i < l->segs->len; i++)
    {
      TlLayoutSeg *s = &g_array_index (l->segs, TlLayoutSeg, i);
      if (s->labelled)
        ylo = MIN (ylo, s->ly - 1.0 * s->label_h / TL_PX_Y);
    }
  double ymax = l->height;
  /* Pixels: the plot area is exactly TL_PX_X per host and TL_PX_Y per unit. */
  int left = 90, right = 20, top = 95, bottom = 80;
  t->width = (int) ceil ((xhi - xlo) * TL_PX_X) + left + right;
  t->height = (int) ceil ((ymax - ylo) * TL_PX_Y) + top + bottom;
  t->width = MAX (t->width, 480);

  fprintf (fp, "# written by tcpsim: see plots/timeline.gp\n");
  fprintf (fp, "NHOSTS = %u\nXLO = %.4f\nXHI = %.4f\nYLO = %.4f\nYMAX = %.4f\n", d.ncols, xlo, xhi, ylo, ymax);
  fprintf (fp, "W = %d\nH = %d\nLEFT = %d\nRIGHT = %d\nTOP = %d\nBOTTOM = %d\n", t->width, t->height, left, right,
           top, bottom);
  /* params.gp is loaded as code: names go in as string literals only. */
  char *q = trace_gp_quote (t->title ? t->title : "");
  fprintf (fp, "TITLE = %s\n", q);
  g_free (q);
  fprintf (fp, "set x2tics (");
  for (guint c = 0; c < d.ncols; c++)
    {
      q = trace_gp_quote (t->hosts[d.hosts[c]]);
      fprintf (fp, "%s%s %u", c ? ", " : "", q, c);
      g_free (q);
    }
  fprintf (fp, ")\nset ytics (");
  for (guint i = 0; i < l->ticks->len; i++)
    {
      TlLayoutTick *k = &g_array_index (l->ticks, TlLayoutTick, i);
      char tick[32];
      format_time (k->t, tick, sizeof tick);
      fprintf (fp, "%s\"%s\" %.4f", i ? ", " : "", tick, k->y);
    }
  fprintf (fp, ")\n");

  /* Lifelines: solid pieces, broken at the cuts. */
  for (guint c = 0; c < d.ncols; c++)
    {
      double start = ylo + 0.1;
      for (guint i = 0; i < l->cuts->len; i++)
        {
          TlLayoutCut *k = &g_array_index (l->cuts, TlLayoutCut, i);
          fprintf (fl, "%u %.4f %.4f 0\n", c, start, k->y1);
          start = k->y2;
        }
      fprintf (fl, "%u %.4f %.4f 0\n", c, start, ymax);
    }
  /* A crashed host's lifeline, from its crash to its restart: greyed. */
  for (guint i = 0; i < d.down->len; i++)
    {
      Down *dn = &g_array_index (d.down, Down, i);
      double y1 = g_array_index (l->marks, TlLayoutMark, dn->from_mark).y;
      double y2 = dn->to_mark >= 0 ? g_array_index (l->marks, TlLayoutMark, dn->to_mark).y : ymax;
      fprintf (fl, "%d %.4f %.4f 1\n", dn->col, y1, y2);
    }
  /* Cuts: the break's y's, the middle and the true length. */
  for (guint i = 0; i < l->cuts->len; i++)
    {
      TlLayoutCut *k = &g_array_index (l->cuts, TlLayoutCut, i);
      char len[32];
      double secs = sim_time_to_s (k->length);
      if (secs < 1)
        g_snprintf (len, sizeof len, "%.3g ms", secs * 1000);
      else
        g_snprintf (len, sizeof len, "%.3g s", secs);
      fprintf (fc, "%.4f %.4f %.4f %.4f ", k->y1, k->y2, (d.ncols - 1) / 2.0, (k->y1 + k->y2) / 2);
      char *txt = g_strdup_printf ("%s later", len);
      put_str (fc, txt);
      g_free (txt);
      fputc ('\n', fc);
    }
  /* Segments: x y dx dy style lost label_x label_y labelled mid_x mid_y "label" "hover" */
  for (guint i = 0; i < l->segs->len; i++)
    {
      TlLayoutSeg *s = &g_array_index (l->segs, TlLayoutSeg, i);
      SegInfo *si = &g_array_index (d.seg_info, SegInfo, i);
      fprintf (fs, "%.4f %.4f %.4f %.4f %d %d %.4f %.4f %d %.4f %.4f ", s->x1, s->y1, s->x2 - s->x1,
               s->y2 - s->y1, s->style, si->unfinished ? 2 : s->lost ? 1 : 0, s->labelled ? s->lx : 0, s->labelled ? s->ly : 0,
               s->labelled ? 1 : 0, (s->x1 + s->x2) / 2, (s->y1 + s->y2) / 2);
      put_str (fs, si->label);
      fputc (' ', fs);
      put_str (fs, si->hover);
      fputc ('\n', fs);
    }
  /* Marks: x y kind side label_x label_y "label" */
  for (guint i = 0; i < l->marks->len; i++)
    {
      TlLayoutMark *m = &g_array_index (l->marks, TlLayoutMark, i);
      MarkInfo *mi = &g_array_index (d.mark_info, MarkInfo, i);
      fprintf (fm, "%d %.4f %d %d %.4f %.4f ", m->host, m->y, (int) mi->kind, m->side, m->lx, m->ly);
      put_str (fm, mi->label);
      fputc ('\n', fm);
    }
  /* Brackets: x y1 y2 kind (0 retransmission timer, 1 TIME-WAIT/FIN-WAIT-2) side */
  for (guint i = 0; i < l->brackets->len; i++)
    {
      TlLayoutBracket *b = &g_array_index (l->brackets, TlLayoutBracket, i);
      BracketInfo *bi = &g_array_index (d.br_info, BracketInfo, i);
      fprintf (fb, "%.4f %.4f %.4f %d %d\n", b->x, b->y1, b->y2, bi->kind,
               b->host == 0 && d.ncols > 1 ? -1 : 1);
    }
  /* gnuplot warns about an empty file: every file has a line at least,
   * out of sight (a boxed label of an empty string crashes gnuplot 5.4). */
  if (l->segs->len == 0)
    fprintf (fs, "-99 -99 0 0 0 0 -99 -99 0 -99 -99 \"-\" \"-\"\n");
  if (l->marks->len == 0)
    fprintf (fm, "-99 -99 0 1 -99 -99 \"-\"\n");
  if (l->brackets->len == 0)
    fprintf (fb, "-99 -99 -99 0 1\n");
  if (l->cuts->len == 0)
    fprintf (fc, "-99 -99 -99 -99 \"-\"\n");
  ok = TRUE;
out:
  ok = close_all (f, 6, dir, ok, error);
  draw_clear (&d);
  return ok;
}

/* ---- the overview ------------------------------------------------------------ */

gboolean
trace_timeline_write_overview (TraceTimeline *t, const char *dir, GError **error)
{
  FILE *f[2] = { NULL };
  gboolean ok = FALSE;
  if ((f[0] = open_in (dir, "overview.dat", error)) == NULL
      || (f[1] = open_in (dir, "overview-params.gp", error)) == NULL)
    goto out;
  guint n = t->ov_order->len;
  double tmax = sim_time_to_s (t->last_time);
  /* Rows: row state_code t_from t_to, then "R" rows of retransmissions. */
  guint nrexmit = 0, nfailed = 0;
  for (guint i = 0; i < n; i++)
    {
      OvConn *c = t->ov_order->pdata[i];
      SimTime end = c->end >= 0 ? c->end : t->last_time;
      for (guint k = 0; k < c->states->len; k++)
        {
          OvState *s = &g_array_index (c->states, OvState, k);
          SimTime to = k + 1 < c->states->len ? g_array_index (c->states, OvState, k + 1).t : end;
          if (strcmp (s->name, "CLOSED") == 0)
            continue;
          fprintf (f[0], "%u %.9f %.9f %d 0\n", i, sim_time_to_s (s->t), sim_time_to_s (to), s->state);
        }
      for (guint k = 0; k < c->rexmits->len; k++)
        {
          fprintf (f[0], "%u %.9f %.9f 0 1\n", i, sim_time_to_s (g_array_index (c->rexmits, SimTime, k)),
                   sim_time_to_s (g_array_index (c->rexmits, SimTime, k)));
          nrexmit++;
        }
      if (c->failed)
        {
          fprintf (f[0], "%u %.9f %.9f 0 2\n", i, sim_time_to_s (end), sim_time_to_s (end));
          nfailed++;
        }
    }
  if (n == 0)
    fprintf (f[0], "NaN NaN NaN 0 0\n");
  double row = n > 0 ? CLAMP (2400.0 / n, 0.5, 16.0) : 16.0;
  int height = (int) ceil (n * row) + 170;
  fprintf (f[1], "# written by tcpsim: see plots/overview.gp\n");
  fprintf (f[1], "NCONN = %u\nTMAX = %.9f\nW = 1100\nH = %d\nROWPX = %.3f\n", n, tmax > 0 ? tmax : 1.0,
           MAX (height, 360), row);
  char *title = g_strdup_printf ("%s: %u connections%s, %u retransmissions, %u failed", t->title ? t->title : "",
                                 n, n >= OVERVIEW_MAX ? " (the first ones)" : "", nrexmit, nfailed);
  char *q = trace_gp_quote (title);
  fprintf (f[1], "TITLE = %s\n", q);
  g_free (q);
  g_free (title);
  /* The connection ids of some rows, for the axis. */
  fprintf (f[1], "set ytics (");
  guint every = MAX (1u, (guint) ceil (24.0 / row));
  for (guint i = 0; i < n; i += every)
    fprintf (f[1], "%s\"%" G_GUINT64_FORMAT "\" %u", i ? ", " : "",
             ((OvConn *) t->ov_order->pdata[i])->conn, i);
  fprintf (f[1], ")\n");
  ok = TRUE;
out:
  return close_all (f, 2, dir, ok, error);
}
