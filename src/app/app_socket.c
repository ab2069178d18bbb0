/* The socket API model (app_socket.h): descriptors, unread data, blocking
 * and non-blocking calls, pending errors and options, over tcp.h's user
 * calls.  The rules follow Linux's inet_stream_connect(), tcp_recvmsg(),
 * tcp_sendmsg(), tcp_poll() and __tcp_close(), which POSIX and FreeBSD's
 * soconnect()/soreceive()/sosend() agree with where the comments do not
 * say otherwise. */
#include "app/app_socket.h"

#include <string.h>

typedef enum
{
  SOCK_NEW,    /* socket(): neither listening nor connected */
  SOCK_LISTEN, /* listen() */
  SOCK_CONN,   /* connect() called, or accepted */
} SockKind;

typedef struct
{
  AppSockets *owner;
  int fd;
  SockKind kind;
  gboolean bound;
  guint16 port;
  TcpListener *listener;
  TcpConn *conn;       /* one reference, ours */
  gboolean nonblock;
  gboolean connecting; /* connect() started and has not reported its end */
  gboolean connected;  /* connect() reported success (SS_CONNECTED) */
  gboolean was_established;
  guint64 unread;
  gboolean eof;        /* the peer's FIN arrived */
  gboolean rd_shut, wr_shut;
  AppErrno pending;    /* sk_err: reported once by the next call */
  gboolean reuseaddr, keepalive, linger_on, nodelay;
  gint64 linger, rcvbuf, sndbuf, maxseg, user_timeout;
} Sock;

struct AppSockets
{
  TcpStack *stack;
  const TraceBus *trace;
  GPtrArray *fds; /* Sock *, indexed by descriptor; NULL when free */
};

static const char *const ERRNO_NAMES[APP_ERRNO_COUNT] = {
  [APP_EOK] = "OK", [APP_EBADF] = "EBADF", [APP_EAGAIN] = "EAGAIN",
  [APP_EINPROGRESS] = "EINPROGRESS", [APP_EALREADY] = "EALREADY", [APP_EISCONN] = "EISCONN",
  [APP_ENOTCONN] = "ENOTCONN", [APP_ECONNREFUSED] = "ECONNREFUSED",
  [APP_ECONNRESET] = "ECONNRESET", [APP_ECONNABORTED] = "ECONNABORTED",
  [APP_ETIMEDOUT] = "ETIMEDOUT", [APP_EPIPE] = "EPIPE", [APP_EADDRINUSE] = "EADDRINUSE",
  [APP_EADDRNOTAVAIL] = "EADDRNOTAVAIL", [APP_EINVAL] = "EINVAL",
  [APP_EOPNOTSUPP] = "EOPNOTSUPP", [APP_ENOPROTOOPT] = "ENOPROTOOPT",
  [APP_EHOSTUNREACH] = "EHOSTUNREACH", [APP_ENOTSOCK] = "ENOTSOCK",
};

const char *
app_errno_name (AppErrno err)
{
  return err < APP_ERRNO_COUNT ? ERRNO_NAMES[err] : "?";
}

gboolean
app_errno_parse (const char *name, AppErrno *out)
{
  if (strcmp (name, "EWOULDBLOCK") == 0)
    {
      *out = APP_EAGAIN;
      return TRUE;
    }
  for (guint i = 1; i < APP_ERRNO_COUNT; i++)
    if (strcmp (ERRNO_NAMES[i], name) == 0)
      {
        *out = (AppErrno) i;
        return TRUE;
      }
  return FALSE;
}

static const char *const OPT_NAMES[APP_SOCKOPT_COUNT] = {
  [APP_SO_REUSEADDR] = "SO_REUSEADDR", [APP_SO_KEEPALIVE] = "SO_KEEPALIVE",
  [APP_SO_LINGER] = "SO_LINGER", [APP_SO_RCVBUF] = "SO_RCVBUF", [APP_SO_SNDBUF] = "SO_SNDBUF",
  [APP_SO_ERROR] = "SO_ERROR", [APP_SO_TYPE] = "SO_TYPE", [APP_SO_ACCEPTCONN] = "SO_ACCEPTCONN",
  [APP_TCP_NODELAY] = "TCP_NODELAY", [APP_TCP_MAXSEG] = "TCP_MAXSEG",
  [APP_TCP_USER_TIMEOUT] = "TCP_USER_TIMEOUT",
};

const char *
app_sockopt_name (AppSockOpt opt)
{
  return opt < APP_SOCKOPT_COUNT ? OPT_NAMES[opt] : "?";
}

gboolean
app_sockopt_parse (const char *name, AppSockOpt *out)
{
  for (guint i = 0; i < APP_SOCKOPT_COUNT; i++)
    if (strcmp (OPT_NAMES[i], name) == 0)
      {
        *out = (AppSockOpt) i;
        return TRUE;
      }
  return FALSE;
}

static AppErrno
from_tcp (TcpError err)
{
  switch (err)
    {
    case TCP_OK: return APP_EOK;
    case TCP_ETIMEDOUT: return APP_ETIMEDOUT;
    case TCP_ECONNREFUSED: return APP_ECONNREFUSED;
    case TCP_ECONNRESET: return APP_ECONNRESET;
    case TCP_EADDRNOTAVAIL: return APP_EADDRNOTAVAIL;
    case TCP_EADDRINUSE: return APP_EADDRINUSE;
    case TCP_ENOTCONN: return APP_ENOTCONN;
    case TCP_EPIPE: return APP_EPIPE;
    case TCP_ENOROUTE: return APP_EHOSTUNREACH;
    default: return APP_EINVAL;
    }
}

/* ---- what TCP tells a connected socket --------------------------------- */

static void
on_established (gpointer ctx, TcpConn *conn)
{
  (void) conn;
  ((Sock *) ctx)->was_established = TRUE;
}

static void
on_received (gpointer ctx, TcpConn *conn, guint32 bytes)
{
  (void) conn;
  ((Sock *) ctx)->unread += bytes;
}

static void
on_eof (gpointer ctx, TcpConn *conn)
{
  (void) conn;
  ((Sock *) ctx)->eof = TRUE;
}

static void
on_error (gpointer ctx, TcpConn *conn, TcpError err)
{
  Sock *k = ctx;
  k->pending = from_tcp (err);
  /* Linux tcp_reset(): a reset in CLOSE-WAIT (the peer's FIN came, ours
   * did not go) is EPIPE to the application. */
  if (err == TCP_ECONNRESET && k->eof && !k->wr_shut
      && tcp_stack_profile (tcp_conn_stack (conn))->reset_close_wait_epipe)
    k->pending = APP_EPIPE;
}

static const TcpUserOps SOCK_OPS = {
  .established = on_established,
  .received = on_received,
  .eof = on_eof,
  .error = on_error,
};

/* ---- the table ----------------------------------------------------------- */

AppSockets *
app_sockets_new (TcpStack *stack, const TraceBus *trace)
{
  AppSockets *s = g_new0 (AppSockets, 1);
  s->stack = stack;
  s->trace = trace;
  s->fds = g_ptr_array_new ();
  /* 0, 1 and 2 are standard input, output and error. */
  for (int i = 0; i < 3; i++)
    g_ptr_array_add (s->fds, NULL);
  return s;
}

static void
sock_release (Sock *k)
{
  if (k->conn != NULL)
    {
      tcp_conn_set_user (k->conn, NULL, NULL);
      tcp_conn_unref (k->conn);
      k->conn = NULL;
    }
}

void
app_sockets_free (AppSockets *s)
{
  if (s == NULL)
    return;
  for (guint i = 0; i < s->fds->len; i++)
    {
      Sock *k = g_ptr_array_index (s->fds, i);
      if (k != NULL)
        {
          sock_release (k);
          g_free (k);
        }
    }
  g_ptr_array_free (s->fds, TRUE);
  g_free (s);
}

static Sock *
sock_get (const AppSockets *s, int fd)
{
  if (fd < 0 || (guint) fd >= s->fds->len)
    return NULL;
  return g_ptr_array_index (s->fds, fd);
}

TcpConn *
app_sock_conn (const AppSockets *s, int fd)
{
  Sock *k = sock_get (s, fd);
  return k != NULL ? k->conn : NULL;
}

TcpListener *
app_sock_listener (const AppSockets *s, int fd)
{
  Sock *k = sock_get (s, fd);
  return k != NULL ? k->listener : NULL;
}

gboolean
app_sock_exists (const AppSockets *s, int fd)
{
  return sock_get (s, fd) != NULL;
}

int
app_sock_fd_limit (const AppSockets *s)
{
  return (int) s->fds->len;
}

guint64
app_sock_unread (const AppSockets *s, int fd)
{
  Sock *k = sock_get (s, fd);
  return k != NULL ? k->unread : 0;
}

/* The lowest free descriptor (POSIX: open() and socket() return it). */
static Sock *
sock_new (AppSockets *s)
{
  guint fd = 3;
  while (fd < s->fds->len && g_ptr_array_index (s->fds, fd) != NULL)
    fd++;
  if (fd == s->fds->len)
    g_ptr_array_add (s->fds, NULL);
  Sock *k = g_new0 (Sock, 1);
  k->owner = s;
  k->fd = (int) fd;
  k->maxseg = tcp_stack_profile (s->stack)->mss;
  g_ptr_array_index (s->fds, fd) = k;
  return k;
}

/* Records a completed call on the trace: "read(4, 1000) = 1000". */
static gint64
done (AppSockets *s, Sock *k, const char *call, gint64 ret, AppErrno err, AppErrno *out)
{
  *out = ret < 0 ? err : APP_EOK;
  if (trace_wants (s->trace, TRACE_CALL))
    {
      Host *h = tcp_stack_host (s->stack);
      TraceEvent ev = {
        .kind = TRACE_CALL, .call = TRACE_CALL_SOCKET, .time = tcp_stack_sim (s->stack)->now,
        .host = h->name, .conn = k != NULL && k->conn != NULL ? tcp_conn_id (k->conn) : 0,
        .label = call, .error = ret < 0 ? (int) err : 0,
        .name = ret < 0 ? app_errno_name (err) : NULL, .result = ret,
      };
      trace_emit (s->trace, &ev);
    }
  return ret;
}

#define FAIL(call, e) done (s, k, call, -1, e, err)
#define OK(call, v) done (s, k, call, v, APP_EOK, err)

gint64
app_sock_socket (AppSockets *s, AppErrno *err)
{
  Sock *k = sock_new (s);
  return OK ("socket()", k->fd);
}

gint64
app_sock_bind (AppSockets *s, int fd, guint16 port, AppErrno *err)
{
  g_autofree char *call = g_strdup_printf ("bind(%d, port %u)", fd, port);
  Sock *k = sock_get (s, fd);
  if (k == NULL)
    return FAIL (call, APP_EBADF);
  if (k->bound || k->kind != SOCK_NEW)
    return FAIL (call, APP_EINVAL);
  Host *h = tcp_stack_host (s->stack);
  if (host_lookup_listener (h, port) != NULL)
    return FAIL (call, APP_EADDRINUSE);
  /* Another socket of this host bound to the port (not yet listening) is
   * refused too, unless both ask for SO_REUSEADDR. */
  for (guint i = 0; i < s->fds->len; i++)
    {
      Sock *o = g_ptr_array_index (s->fds, i);
      if (o != NULL && o != k && o->bound && o->port == port && o->kind == SOCK_NEW
          && !(o->reuseaddr && k->reuseaddr))
        return FAIL (call, APP_EADDRINUSE);
    }
  k->bound = TRUE;
  k->port = port;
  return OK (call, 0);
}

gint64
app_sock_listen (AppSockets *s, int fd, guint backlog, AppErrno *err)
{
  g_autofree char *call = g_strdup_printf ("listen(%d, %u)", fd, backlog);
  Sock *k = sock_get (s, fd);
  if (k == NULL)
    return FAIL (call, APP_EBADF);
  if (k->kind == SOCK_LISTEN)
    return OK (call, 0); /* listen() again only changes the backlog */
  if (k->kind != SOCK_NEW || !k->bound)
    return FAIL (call, APP_EINVAL);
  TcpError terr;
  /* A backlog of 0 is the smallest queue, not the profile's default. */
  TcpListener *l = tcp_listen (s->stack, k->port, backlog == 0 ? 1 : backlog, NULL, NULL, &terr);
  if (l == NULL)
    return FAIL (call, from_tcp (terr));
  tcp_listener_set_auto_accept (l, FALSE);
  if (k->keepalive)
    tcp_listener_set_keepalive (l, TRUE);
  k->kind = SOCK_LISTEN;
  k->listener = l;
  return OK (call, 0);
}

gint64
app_sock_accept (AppSockets *s, int fd, gboolean *blocked, AppErrno *err)
{
  g_autofree char *call = g_strdup_printf ("accept(%d)", fd);
  *blocked = FALSE;
  Sock *k = sock_get (s, fd);
  if (k == NULL)
    return FAIL (call, APP_EBADF);
  if (k->kind != SOCK_LISTEN)
    return FAIL (call, APP_EINVAL);
  if (tcp_listener_queued (k->listener) == 0)
    {
      if (!k->nonblock)
        {
          *blocked = TRUE;
          return -1;
        }
      return FAIL (call, APP_EAGAIN);
    }
  TcpConn *conn = tcp_accept (k->listener);
  Sock *n = sock_new (s);
  n->kind = SOCK_CONN;
  n->conn = conn;
  n->connected = TRUE;
  n->was_established = TRUE;
  n->bound = TRUE;
  n->port = k->port;
  n->nodelay = k->nodelay;
  n->keepalive = k->keepalive;
  /* What arrived before accept() is waiting to be read; the connection
   * may even have been reset or closed by its peer already. */
  n->unread = tcp_conn_bytes_received (conn);
  TcpState st = tcp_conn_state (conn);
  n->eof = st == TCP_STATE_CLOSE_WAIT || st == TCP_STATE_LAST_ACK || st == TCP_STATE_CLOSING
           || st == TCP_STATE_TIME_WAIT;
  tcp_conn_set_user (conn, &SOCK_OPS, n);
  return OK (call, n->fd);
}

gint64
app_sock_connect (AppSockets *s, int fd, guint32 addr, guint16 port, gboolean *blocked,
                  AppErrno *err)
{
  char a[16];
  net_addr_str (addr, a);
  g_autofree char *call = g_strdup_printf ("connect(%d, %s:%u)", fd, a, port);
  *blocked = FALSE;
  Sock *k = sock_get (s, fd);
  if (k == NULL)
    return FAIL (call, APP_EBADF);
  if (k->kind == SOCK_LISTEN)
    return FAIL (call, APP_EINVAL);
  if (k->kind == SOCK_NEW)
    {
      TcpError terr;
      TcpConn *conn = tcp_connect_from (s->stack, k->bound ? k->port : 0, addr, port, &SOCK_OPS,
                                        k, &terr);
      if (conn == NULL)
        return FAIL (call, from_tcp (terr));
      k->kind = SOCK_CONN;
      k->conn = conn;
      k->connecting = TRUE;
      if (k->keepalive)
        tcp_conn_set_keepalive (conn, TRUE);
      if (k->user_timeout > 0)
        tcp_conn_set_user_timeout (conn, k->user_timeout * SIM_MS);
      if (k->nonblock)
        return FAIL (call, APP_EINPROGRESS);
    }
  else if (k->connected)
    return FAIL (call, APP_EISCONN);
  else if (!k->connecting)
    return FAIL (call, APP_EISCONN); /* an accepted socket */
  /* In progress (inet_stream_connect, SS_CONNECTING). */
  TcpState st = tcp_conn_state (k->conn);
  if (st == TCP_STATE_SYN_SENT || st == TCP_STATE_SYN_RECEIVED)
    {
      if (!k->nonblock)
        {
          *blocked = TRUE;
          return -1;
        }
      return FAIL (call, APP_EALREADY);
    }
  k->connecting = FALSE;
  if (st == TCP_STATE_CLOSED && !k->was_established)
    {
      AppErrno e = k->pending != APP_EOK ? k->pending : APP_ECONNABORTED;
      k->pending = APP_EOK;
      return FAIL (call, e);
    }
  k->connected = TRUE;
  return OK (call, 0);
}

gint64
app_sock_read (AppSockets *s, int fd, guint64 count, gboolean *blocked, AppErrno *err)
{
  g_autofree char *call = g_strdup_printf ("read(%d, %" G_GUINT64_FORMAT ")", fd, count);
  *blocked = FALSE;
  Sock *k = sock_get (s, fd);
  if (k == NULL)
    return FAIL (call, APP_EBADF);
  if (k->kind != SOCK_CONN)
    return FAIL (call, APP_ENOTCONN);
  if (count == 0)
    return OK (call, 0);
  if (k->unread > 0)
    {
      guint64 n = MIN (count, k->unread);
      k->unread -= n;
      return OK (call, (gint64) n);
    }
  /* tcp_recvmsg(): nothing queued; a pending error, then the end of the
   * stream, then waiting. */
  if (k->pending != APP_EOK)
    {
      AppErrno e = k->pending;
      k->pending = APP_EOK;
      return FAIL (call, e);
    }
  TcpState st = tcp_conn_state (k->conn);
  if (k->eof || k->rd_shut || (st == TCP_STATE_CLOSED && k->was_established))
    return OK (call, 0);
  if (st == TCP_STATE_CLOSED)
    return FAIL (call, APP_ENOTCONN);
  if (!k->nonblock)
    {
      *blocked = TRUE;
      return -1;
    }
  return FAIL (call, APP_EAGAIN);
}

gint64
app_sock_write (AppSockets *s, int fd, guint64 count, gboolean *blocked, AppErrno *err)
{
  g_autofree char *call = g_strdup_printf ("write(%d, %" G_GUINT64_FORMAT ")", fd, count);
  *blocked = FALSE;
  Sock *k = sock_get (s, fd);
  if (k == NULL)
    return FAIL (call, APP_EBADF);
  if (k->kind != SOCK_CONN)
    return FAIL (call, k->kind == SOCK_LISTEN ? APP_ENOTCONN : APP_EPIPE);
  /* tcp_sendmsg(): sk_err first, then a shut sending side. */
  if (k->pending != APP_EOK)
    {
      AppErrno e = k->pending;
      k->pending = APP_EOK;
      return FAIL (call, e);
    }
  if (k->wr_shut)
    return FAIL (call, APP_EPIPE);
  TcpState st = tcp_conn_state (k->conn);
  if (st == TCP_STATE_CLOSED)
    return FAIL (call, APP_EPIPE); /* reset or timed out: SEND_SHUTDOWN */
  if (st == TCP_STATE_SYN_SENT || st == TCP_STATE_SYN_RECEIVED)
    {
      /* sk_stream_wait_connect(). */
      if (!k->nonblock)
        {
          *blocked = TRUE;
          return -1;
        }
      return FAIL (call, APP_EAGAIN);
    }
  if (count > G_MAXUINT32)
    count = G_MAXUINT32;
  TcpError terr = tcp_send (k->conn, (guint32) count);
  if (terr != TCP_OK)
    return FAIL (call, from_tcp (terr));
  return OK (call, (gint64) count);
}

gint64
app_sock_shutdown (AppSockets *s, int fd, AppShut how, AppErrno *err)
{
  static const char *const hows[] = { "SHUT_RD", "SHUT_WR", "SHUT_RDWR" };
  g_autofree char *call = g_strdup_printf ("shutdown(%d, %s)", fd, hows[how]);
  Sock *k = sock_get (s, fd);
  if (k == NULL)
    return FAIL (call, APP_EBADF);
  if (k->kind != SOCK_CONN)
    return FAIL (call, APP_ENOTCONN);
  TcpState st = tcp_conn_state (k->conn);
  if (st == TCP_STATE_CLOSED || st == TCP_STATE_SYN_SENT)
    return FAIL (call, APP_ENOTCONN);
  if (how == APP_SHUT_RD || how == APP_SHUT_RDWR)
    k->rd_shut = TRUE;
  if ((how == APP_SHUT_WR || how == APP_SHUT_RDWR) && !k->wr_shut)
    {
      k->wr_shut = TRUE;
      tcp_shutdown (k->conn);
    }
  return OK (call, 0);
}

gint64
app_sock_close (AppSockets *s, int fd, AppErrno *err)
{
  g_autofree char *call = g_strdup_printf ("close(%d)", fd);
  Sock *k = sock_get (s, fd);
  if (k == NULL)
    return FAIL (call, APP_EBADF);
  gint64 ret = OK (call, 0);
  if (k->kind == SOCK_LISTEN)
    tcp_listener_close (k->listener);
  else if (k->kind == SOCK_CONN && tcp_conn_state (k->conn) != TCP_STATE_CLOSED)
    {
      const TcpProfile *p = tcp_stack_profile (s->stack);
      if (k->linger_on && k->linger == 0)
        tcp_abort (k->conn); /* SO_LINGER 0: a reset (RFC 9293 §3.10.5) */
      else if (k->unread > 0 && p->close_unread_rst)
        tcp_close_discarding (k->conn);
      else
        tcp_close (k->conn);
    }
  sock_release (k);
  g_ptr_array_index (s->fds, fd) = NULL;
  g_free (k);
  return ret;
}

gint64
app_sock_setsockopt (AppSockets *s, int fd, AppSockOpt opt, gint64 value, gint64 value2,
                     AppErrno *err)
{
  g_autofree char *call = g_strdup_printf ("setsockopt(%d, %s, %" G_GINT64_FORMAT ")", fd,
                                           app_sockopt_name (opt), value);
  Sock *k = sock_get (s, fd);
  if (k == NULL)
    return FAIL (call, APP_EBADF);
  switch (opt)
    {
    case APP_SO_REUSEADDR:
      k->reuseaddr = value != 0;
      break;
    case APP_SO_KEEPALIVE:
      k->keepalive = value != 0;
      if (k->conn != NULL)
        tcp_conn_set_keepalive (k->conn, k->keepalive);
      if (k->listener != NULL)
        tcp_listener_set_keepalive (k->listener, k->keepalive);
      break;
    case APP_SO_LINGER:
      k->linger_on = value != 0;
      k->linger = value2;
      break;
    case APP_SO_RCVBUF:
      k->rcvbuf = value;
      break;
    case APP_SO_SNDBUF:
      k->sndbuf = value;
      break;
    case APP_TCP_NODELAY:
      k->nodelay = value != 0;
      break;
    case APP_TCP_MAXSEG:
      if (value < 0 || value > G_MAXUINT16)
        return FAIL (call, APP_EINVAL);
      k->maxseg = value;
      break;
    case APP_TCP_USER_TIMEOUT:
      if (value < 0 || value > G_MAXINT32)
        return FAIL (call, APP_EINVAL);
      k->user_timeout = value;
      /* Milliseconds, as Linux takes it; the connection's own from now on
       * (tcp_write_timeout(), RFC 5482). */
      if (k->conn != NULL)
        tcp_conn_set_user_timeout (k->conn, value * SIM_MS);
      break;
    default:
      return FAIL (call, APP_ENOPROTOOPT);
    }
  return OK (call, 0);
}

gint64
app_sock_getsockopt (AppSockets *s, int fd, AppSockOpt opt, gint64 *value, gint64 *value2,
                     AppErrno *err)
{
  g_autofree char *call = g_strdup_printf ("getsockopt(%d, %s)", fd, app_sockopt_name (opt));
  Sock *k = sock_get (s, fd);
  *value = *value2 = 0;
  if (k == NULL)
    return FAIL (call, APP_EBADF);
  switch (opt)
    {
    case APP_SO_REUSEADDR: *value = k->reuseaddr; break;
    case APP_SO_KEEPALIVE: *value = k->keepalive; break;
    case APP_SO_LINGER:
      *value = k->linger_on;
      *value2 = k->linger;
      break;
    case APP_SO_RCVBUF:
      {
        /* The profile's default until set; FreeBSD rounds it up to a
         * multiple of the MSS once the connection knows it
         * (tcp_mss_update()). */
        const TcpProfile *p = tcp_stack_profile (s->stack);
        gint64 v = k->rcvbuf > 0 ? k->rcvbuf : p->so_rcvbuf;
        TcpState st = k->conn != NULL ? tcp_conn_state (k->conn) : TCP_STATE_CLOSED;
        gboolean mss_known = k->conn != NULL
                             && (k->was_established
                                 || (st != TCP_STATE_SYN_SENT && st != TCP_STATE_CLOSED));
        if (p->rcvbuf_mss_round && mss_known)
          {
            gint64 mss = tcp_conn_mss (k->conn);
            if (mss > 0)
              v = (v + mss - 1) / mss * mss;
          }
        *value = v;
      }
      break;
    case APP_SO_SNDBUF: *value = k->sndbuf; break;
    case APP_SO_ERROR:
      *value = k->pending;
      k->pending = APP_EOK;
      break;
    case APP_SO_TYPE: *value = 1; break; /* SOCK_STREAM */
    case APP_SO_ACCEPTCONN: *value = k->kind == SOCK_LISTEN; break;
    case APP_TCP_NODELAY: *value = k->nodelay; break;
    case APP_TCP_MAXSEG: *value = k->maxseg; break;
    case APP_TCP_USER_TIMEOUT: *value = k->user_timeout; break;
    default:
      return FAIL (call, APP_ENOPROTOOPT);
    }
  return OK (call, 0);
}

gint64
app_sock_fcntl_getfl (AppSockets *s, int fd, AppErrno *err)
{
  g_autofree char *call = g_strdup_printf ("fcntl(%d, F_GETFL)", fd);
  Sock *k = sock_get (s, fd);
  if (k == NULL)
    return FAIL (call, APP_EBADF);
  return OK (call, APP_O_RDWR | (k->nonblock ? APP_O_NONBLOCK : 0));
}

gint64
app_sock_fcntl_setfl (AppSockets *s, int fd, gint64 flags, AppErrno *err)
{
  g_autofree char *call = g_strdup_printf ("fcntl(%d, F_SETFL, 0x%" G_GINT64_MODIFIER "x)", fd,
                                           flags);
  Sock *k = sock_get (s, fd);
  if (k == NULL)
    return FAIL (call, APP_EBADF);
  k->nonblock = (flags & APP_O_NONBLOCK) != 0;
  return OK (call, 0);
}

guint
app_sock_poll (AppSockets *s, int fd, guint events)
{
  Sock *k = sock_get (s, fd);
  if (k == NULL)
    return 0x020; /* POLLNVAL */
  guint mask = 0;
  if (k->kind == SOCK_LISTEN)
    mask = tcp_listener_queued (k->listener) > 0 ? APP_POLLIN : 0;
  else if (k->kind == SOCK_NEW)
    mask = APP_POLLOUT | APP_POLLHUP; /* tcp_poll() in TCP_CLOSE */
  else
    {
      /* tcp_poll(). */
      TcpState st = tcp_conn_state (k->conn);
      gboolean closed = st == TCP_STATE_CLOSED;
      if (closed || (k->eof && k->wr_shut))
        mask |= APP_POLLHUP;
      if (k->eof || k->rd_shut)
        mask |= APP_POLLIN | APP_POLLRDHUP;
      if (closed)
        mask |= APP_POLLIN | APP_POLLRDHUP; /* both directions shut */
      if (st != TCP_STATE_SYN_SENT && st != TCP_STATE_SYN_RECEIVED)
        {
          if (k->unread > 0)
            mask |= APP_POLLIN;
          /* Writable: room to write, or a write would fail at once (a
           * shut sending side: tcp_poll()'s SEND_SHUTDOWN branch). */
          mask |= APP_POLLOUT;
        }
      if (k->pending != APP_EOK)
        mask |= APP_POLLERR;
    }
  /* POLLERR and POLLHUP are reported whether asked for or not. */
  return mask & (events | APP_POLLERR | APP_POLLHUP);
}
