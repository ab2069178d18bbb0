/* Output files: anonymous (O_TMPFILE) or temporary-named until the run
 * is complete, direct for what is not a regular file, and every write
 * checked (outfile.h says the rules). */
#define _GNU_SOURCE /* O_TMPFILE, linkat's AT_EMPTY_PATH, fopencookie */
#include "config.h"

#include "cli/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

/* The checked writer under every output's stream: whole writes, EINTR
 * retried (a tick must not fail a write), the first errno kept. */
static ssize_t
cookie_write (void *cookie, const char *buf, size_t size)
{
  OutFile *f = cookie;
  size_t done = 0;
  while (f->err == 0 && done < size)
    {
      size_t n = size - done;
      if (f->limit > 0 && f->written + n > f->limit)
        {
          /* The test hook's full disk: what fits, then ENOSPC. */
          n = f->limit > f->written ? (size_t) (f->limit - f->written) : 0;
          if (n == 0)
            {
              f->err = ENOSPC;
              break;
            }
        }
      ssize_t w = write (f->fd, buf + done, n);
      if (w < 0)
        {
          if (errno != EINTR)
            f->err = errno;
          continue;
        }
      done += (size_t) w;
      f->written += (guint64) w;
    }
  /* fopencookie: a short count (0 included) is an error for stdio. */
  return (ssize_t) done;
}

/* The descriptor stays ours: it is closed, and checked, by outfile_finish. */
static int
cookie_close (void *cookie)
{
  (void) cookie;
  return 0;
}

static gboolean
set_errno_error (GError **error, const char *path, int err)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "%s: %s", path, g_strerror (err));
  return FALSE;
}

/* N if path names an open descriptor of ours (/dev/stdout, /dev/fd/N,
 * /proc/self/fd/N, through symlinks), else -1. */
static int
fd_alias (const char *path)
{
  char *cur = g_strdup (path);
  char *pid_prefix = g_strdup_printf ("/proc/%ld/fd/", (long) getpid ());
  int fd = -1;
  for (int hop = 0; hop < 40 && cur != NULL; hop++)
    {
      const char *prefixes[] = { "/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/", pid_prefix };
      for (gsize i = 0; i < G_N_ELEMENTS (prefixes) && fd < 0; i++)
        if (g_str_has_prefix (cur, prefixes[i]))
          {
            const char *num = cur + strlen (prefixes[i]);
            char *end;
            long v = strtol (num, &end, 10);
            if (end != num && *end == '\0' && v >= 0 && v <= INT_MAX)
              fd = (int) v;
          }
      if (fd >= 0)
        break;
      struct stat st;
      if (lstat (cur, &st) != 0 || !S_ISLNK (st.st_mode))
        break;
      char *link = g_file_read_link (cur, NULL);
      if (link == NULL)
        break;
      if (!g_path_is_absolute (link))
        {
          char *dir = g_path_get_dirname (cur);
          char *abs = g_build_filename (dir, link, NULL);
          g_free (dir);
          g_free (link);
          link = abs;
        }
      g_free (cur);
      cur = link;
    }
  g_free (cur);
  g_free (pid_prefix);
  return fd;
}

/* Removes temporaries of dest's exact pattern, .BASE.tmp-XXXXXX, that no
 * live tcpsim holds (each holds a lock on its own while it lives). */
static void
remove_stale (const char *dir, const char *base)
{
  DIR *d = opendir (dir);
  if (d == NULL)
    return;
  char *prefix = g_strdup_printf (".%s.tmp-", base);
  gsize plen = strlen (prefix);
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    {
      if (strncmp (e->d_name, prefix, plen) != 0 || strlen (e->d_name) != plen + 6)
        continue;
      gboolean ours = TRUE;
      for (gsize i = plen; i < plen + 6; i++)
        if (!g_ascii_isalnum (e->d_name[i]))
          ours = FALSE;
      if (!ours)
        continue;
      char *p = g_build_filename (dir, e->d_name, NULL);
      int fd = open (p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
      struct stat st;
      if (fd >= 0 && fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && flock (fd, LOCK_EX | LOCK_NB) == 0
          && g_unlink (p) == 0)
        fprintf (stderr, "tcpsim: note: removed %s, left by a run that was killed\n", p);
      if (fd >= 0)
        close (fd);
      g_free (p);
    }
  closedir (d);
  g_free (prefix);
}

/* A new file in dir: anonymous if the filesystem allows, else named by a
 * template.  Locked, so that no other run takes it for a stale one. */
static gboolean
create_in (OutFile *f, const char *dir, const char *base, GError **error)
{
  f->fd = -1;
  if (g_getenv ("TCPSIM_TEST_NO_TMPFILE") == NULL)
    {
      f->fd = open (dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
      if (f->fd >= 0)
        f->anon = TRUE;
      else if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL && errno != ENOENT)
        return set_errno_error (error, f->path, errno);
    }
  if (f->fd < 0)
    {
      f->tmp = g_strdup_printf ("%s/.%s.tmp-XXXXXX", dir, base);
      f->fd = g_mkstemp_full (f->tmp, O_WRONLY | O_CLOEXEC, 0600);
      if (f->fd < 0)
        {
          int e = errno;
          g_clear_pointer (&f->tmp, g_free);
          return set_errno_error (error, f->path, e);
        }
      /* mkstemp creates the file 0600; an output gets the mode any new
       * file would get (0666 less the umask). */
      mode_t mask = umask (0);
      umask (mask);
      if (fchmod (f->fd, 0666 & ~mask) != 0)
        g_warning ("%s: cannot set the file mode: %s", f->tmp, g_strerror (errno));
    }
  flock (f->fd, LOCK_EX | LOCK_NB);
  return TRUE;
}

OutFile *
outfile_new (const char *path, GError **error)
{
  OutFile *f = g_new0 (OutFile, 1);
  f->path = g_strdup (path);
  f->fd = -1;
  f->own_fd = TRUE;
  const char *limit = g_getenv ("TCPSIM_TEST_WRITE_LIMIT");
  if (limit != NULL)
    f->limit = g_ascii_strtoull (limit, NULL, 10);
  int alias = strcmp (path, "-") == 0 ? STDOUT_FILENO : fd_alias (path);
  struct stat st;
  if (alias >= 0)
    {
      /* An open descriptor: shared (its offset too), as a shell would. */
      f->direct = TRUE;
      f->fd = fcntl (alias, F_DUPFD_CLOEXEC, 3);
      if (f->fd < 0)
        {
          set_errno_error (error, path, errno);
          goto fail;
        }
    }
  else if (stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      /* A device or a FIFO: replacing it would destroy it (as root,
       * /dev/null would become a regular file). */
      f->direct = TRUE;
      if (S_ISDIR (st.st_mode))
        {
          set_errno_error (error, path, EISDIR);
          goto fail;
        }
      /* No retry on EINTR: a signal ends a wait for a FIFO's reader. */
      f->fd = open (path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
      if (f->fd < 0)
        {
          set_errno_error (error, path, errno);
          goto fail;
        }
    }
  else
    {
      struct stat lst;
      if (lstat (path, &lst) == 0 && S_ISLNK (lst.st_mode))
        {
          char *real = realpath (path, NULL);
          f->target = real != NULL ? g_strdup (real) : g_strdup (path);
          free (real);
        }
      else
        f->target = g_strdup (path);
      char *dir = g_path_get_dirname (f->target);
      char *base = g_path_get_basename (f->target);
      remove_stale (dir, base);
      gboolean ok = create_in (f, dir, base, error);
      g_free (dir);
      g_free (base);
      if (!ok)
        goto fail;
    }
  static const cookie_io_functions_t io = { NULL, cookie_write, NULL, cookie_close };
  f->fp = fopencookie (f, "w", io);
  if (f->fp == NULL)
    {
      set_errno_error (error, path, errno);
      goto fail;
    }
  setvbuf (f->fp, NULL, _IOFBF, 1 << 16);
  return f;

fail:
  outfile_discard (f);
  return NULL;
}

FILE *
outfile_take_stream (OutFile *f)
{
  FILE *fp = f->fp;
  f->fp = NULL;
  return fp;
}

gboolean
outfile_finish (OutFile *f, GError **error)
{
  if (f->fp != NULL)
    {
      int e = fflush (f->fp) != 0 && f->err == 0 ? errno : 0;
      if (fclose (f->fp) != 0 && e == 0)
        e = errno;
      f->fp = NULL;
      if (f->err == 0)
        f->err = e != 0 ? e : 0;
    }
  /* The file's own close reports what a network filesystem kept back;
   * an anonymous file keeps its descriptor until it is linked. */
  if (f->err == 0 && !f->anon && f->fd >= 0)
    {
      int fd = f->fd;
      f->fd = -1;
      if (f->own_fd && close (fd) != 0 && errno != EINTR)
        f->err = errno;
    }
  if (f->err != 0)
    return set_errno_error (error, f->path, f->err);
  return TRUE;
}

/* Gives an anonymous file a temporary name beside its target. */
static gboolean
link_anon (OutFile *f, GError **error)
{
  char *dir = g_path_get_dirname (f->target);
  char *base = g_path_get_basename (f->target);
  char *proc = g_strdup_printf ("/proc/self/fd/%d", f->fd);
  int e = 0;
  for (int attempt = 0; attempt < 100; attempt++)
    {
      g_free (f->tmp);
      char *rnd = g_strdup_printf ("%06x", g_random_int_range (0, 0x1000000));
      f->tmp = g_strdup_printf ("%s/.%s.tmp-%s", dir, base, rnd);
      g_free (rnd);
      if (linkat (AT_FDCWD, proc, AT_FDCWD, f->tmp, AT_SYMLINK_FOLLOW) == 0)
        break;
      e = errno;
      /* Without /proc, the descriptor itself (needs CAP_DAC_READ_SEARCH). */
      if (e == ENOENT && linkat (f->fd, "", AT_FDCWD, f->tmp, AT_EMPTY_PATH) == 0)
        {
          e = 0;
          break;
        }
      if (e != EEXIST)
        break;
    }
  g_free (dir);
  g_free (base);
  g_free (proc);
  if (e != 0)
    {
      g_clear_pointer (&f->tmp, g_free);
      return set_errno_error (error, f->path, e);
    }
  return TRUE;
}

gboolean
outfile_publish_all (OutFile *const *files, gsize n, GError **error)
{
  gsize linked = 0;
  for (; linked < n; linked++)
    {
      OutFile *f = files[linked];
      if (f != NULL && !f->direct && f->anon && f->tmp == NULL && !link_anon (f, error))
        {
          /* None is published: the names given so far go again. */
          for (gsize i = 0; i < linked; i++)
            if (files[i] != NULL && files[i]->anon && files[i]->tmp != NULL)
              {
                g_unlink (files[i]->tmp);
                g_clear_pointer (&files[i]->tmp, g_free);
              }
          return FALSE;
        }
    }
  gboolean ok = TRUE;
  for (gsize i = 0; i < n; i++)
    {
      OutFile *f = files[i];
      if (f == NULL || f->direct || f->tmp == NULL)
        continue;
      if (g_rename (f->tmp, f->target) != 0)
        {
          if (ok)
            set_errno_error (error, f->path, errno);
          ok = FALSE;
          continue;
        }
      g_clear_pointer (&f->tmp, g_free);
    }
  return ok;
}

gboolean
outfile_commit (OutFile *f, GError **error)
{
  return outfile_finish (f, error) && outfile_publish_all (&f, 1, error);
}

void
outfile_discard (OutFile *f)
{
  if (f == NULL)
    return;
  if (f->fp != NULL)
    fclose (f->fp);
  if (f->tmp != NULL)
    g_unlink (f->tmp);
  if (f->fd >= 0 && f->own_fd)
    close (f->fd);
  g_free (f->path);
  g_free (f->target);
  g_free (f->tmp);
  g_free (f);
}

static gboolean
stat_name (const char *path, struct stat *st)
{
  if (strcmp (path, "-") == 0)
    return fstat (STDOUT_FILENO, st) == 0;
  return stat (path, st) == 0;
}

gboolean
outfile_same_file (const char *a, const char *b)
{
  struct stat sa, sb;
  gboolean ea = stat_name (a, &sa), eb = stat_name (b, &sb);
  if (ea && eb)
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  if (ea || eb)
    return FALSE;
  char *ca = g_canonicalize_filename (a, NULL), *cb = g_canonicalize_filename (b, NULL);
  gboolean same = strcmp (ca, cb) == 0;
  g_free (ca);
  g_free (cb);
  return same;
}

gboolean
outfile_is_stdout (const char *path)
{
  struct stat so, sp;
  if (fstat (STDOUT_FILENO, &so) != 0)
    return FALSE;
  /* A terminal or /dev/null takes interleaved writes harmlessly. */
  if (S_ISCHR (so.st_mode))
    return FALSE;
  if (strcmp (path, "-") == 0 || fd_alias (path) == STDOUT_FILENO)
    return TRUE;
  return stat (path, &sp) == 0 && so.st_dev == sp.st_dev && so.st_ino == sp.st_ino;
}
