/* The socket API model: file descriptors over the TCP layer's user calls,
 * with the results and errno values that a POSIX application sees.
 *
 * One AppSockets per host holds its descriptor table.  A call returns what
 * the system call would (a descriptor, a byte count, 0) or -1 with *err
 * set.  What TCP does not know lives here: received data stays unread
 * until read() takes it, so close() with unread data resets the
 * connection where the profile says the stack does (Linux tcp_close(),
 * RFC 2525 §2.17); shutdown(SHUT_RD); O_NONBLOCK; a pending error that
 * the next call reports once (SO_ERROR, ECONNRESET then EPIPE); socket
 * options.
 *
 * Blocking: a call on a blocking descriptor that cannot complete now sets
 * *blocked and changes nothing (connect() starts the handshake once and
 * then waits).  The caller (the packetdrill runner, a scenario's
 * application) runs the simulation and calls again until it completes.
 * Every call that completes is recorded on the
 * trace bus as a TRACE_CALL_SOCKET event ("read(4, 1000) = 1000",
 * "connect(3) = -1 EINPROGRESS"). */
#ifndef TCPSIM_APP_SOCKET_H
#define TCPSIM_APP_SOCKET_H

#include <glib.h>

#include "tcp/tcp.h"

/* errno values, by name (their numbers differ between systems). */
typedef enum
{
  APP_EOK = 0,
  APP_EBADF,
  APP_EAGAIN, /* also EWOULDBLOCK */
  APP_EINPROGRESS,
  APP_EALREADY,
  APP_EISCONN,
  APP_ENOTCONN,
  APP_ECONNREFUSED,
  APP_ECONNRESET,
  APP_ECONNABORTED,
  APP_ETIMEDOUT,
  APP_EPIPE,
  APP_EADDRINUSE,
  APP_EADDRNOTAVAIL,
  APP_EINVAL,
  APP_EOPNOTSUPP,
  APP_ENOPROTOOPT,
  APP_EHOSTUNREACH,
  APP_ENOTSOCK,
  APP_ERRNO_COUNT
} AppErrno;

const char *app_errno_name (AppErrno err);
/* "ECONNRESET", and "EWOULDBLOCK" for EAGAIN. */
gboolean app_errno_parse (const char *name, AppErrno *out);

/* Socket options (level and name together). */
typedef enum
{
  APP_SO_REUSEADDR,
  APP_SO_KEEPALIVE,
  APP_SO_LINGER,     /* value: l_onoff; value2: l_linger in seconds */
  APP_SO_RCVBUF,
  APP_SO_SNDBUF,
  APP_SO_ERROR,      /* get only: the pending error, cleared */
  APP_SO_TYPE,       /* get only: SOCK_STREAM (1) */
  APP_SO_ACCEPTCONN, /* get only */
  APP_TCP_NODELAY,
  APP_TCP_MAXSEG,
  APP_TCP_USER_TIMEOUT, /* milliseconds, as Linux takes it */
  APP_SOCKOPT_COUNT
} AppSockOpt;

const char *app_sockopt_name (AppSockOpt opt);
gboolean app_sockopt_parse (const char *name, AppSockOpt *out);

/* poll() events. */
enum
{
  APP_POLLIN = 0x001,
  APP_POLLOUT = 0x004,
  APP_POLLERR = 0x008,
  APP_POLLHUP = 0x010,
  APP_POLLRDHUP = 0x2000,
};

/* fcntl() flags. */
enum
{
  APP_O_RDWR = 0x2,
  APP_O_NONBLOCK = 0x800, /* Linux's value; scripts name it */
};

/* shutdown() how. */
typedef enum
{
  APP_SHUT_RD,
  APP_SHUT_WR,
  APP_SHUT_RDWR,
} AppShut;

typedef struct AppSockets AppSockets;

AppSockets *app_sockets_new (TcpStack *stack, const TraceBus *trace);
void app_sockets_free (AppSockets *s);

/* The connection or listener behind fd (NULL when none or not that kind). */
TcpConn *app_sock_conn (const AppSockets *s, int fd);
TcpListener *app_sock_listener (const AppSockets *s, int fd);
/* Whether fd is an open socket. */
gboolean app_sock_exists (const AppSockets *s, int fd);
/* The highest descriptor ever used, plus one: fds below it may be open. */
int app_sock_fd_limit (const AppSockets *s);
/* Bytes received and not read yet. */
guint64 app_sock_unread (const AppSockets *s, int fd);

gint64 app_sock_socket (AppSockets *s, AppErrno *err);
gint64 app_sock_bind (AppSockets *s, int fd, guint16 port, AppErrno *err);
gint64 app_sock_listen (AppSockets *s, int fd, guint backlog, AppErrno *err);
gint64 app_sock_accept (AppSockets *s, int fd, gboolean *blocked, AppErrno *err);
gint64 app_sock_connect (AppSockets *s, int fd, guint32 addr, guint16 port, gboolean *blocked,
                         AppErrno *err);
gint64 app_sock_read (AppSockets *s, int fd, guint64 count, gboolean *blocked, AppErrno *err);
gint64 app_sock_write (AppSockets *s, int fd, guint64 count, gboolean *blocked, AppErrno *err);
gint64 app_sock_shutdown (AppSockets *s, int fd, AppShut how, AppErrno *err);
gint64 app_sock_close (AppSockets *s, int fd, AppErrno *err);
gint64 app_sock_setsockopt (AppSockets *s, int fd, AppSockOpt opt, gint64 value, gint64 value2,
                            AppErrno *err);
/* The option's value (and for SO_LINGER the linger time in *value2). */
gint64 app_sock_getsockopt (AppSockets *s, int fd, AppSockOpt opt, gint64 *value,
                            gint64 *value2, AppErrno *err);
gint64 app_sock_fcntl_getfl (AppSockets *s, int fd, AppErrno *err);
gint64 app_sock_fcntl_setfl (AppSockets *s, int fd, gint64 flags, AppErrno *err);
/* The events of fd that are ready now (poll's revents for `events`). */
guint app_sock_poll (AppSockets *s, int fd, guint events);

#endif
