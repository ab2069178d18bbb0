/* Running gnuplot: bounded, killable, reproducible, checked (plot.h). */
#define _GNU_SOURCE /* prctl's PR_SET_PDEATHSIG */
#include "config.h"

#include "cli/plot.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cli/interrupt.h"
#include "trace/trace_gnuplot.h"

/* Removes the regular files in dir, then dir. */
static void
remove_dir_files (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  if (d != NULL)
    {
      const char *name;
      while ((name = g_dir_read_name (d)) != NULL)
        {
          char *p = g_build_filename (dir, name, NULL);
          struct stat st;
          if (lstat (p, &st) == 0 && S_ISREG (st.st_mode))
            g_unlink (p);
          g_free (p);
        }
      g_dir_close (d);
    }
  g_rmdir (dir);
}

/* Folders PREFIX-XXXXXX of ours whose lock nobody holds: a killed run's. */
static void
remove_stale_scratch (const char *prefix)
{
  const char *tmp = g_get_tmp_dir ();
  GDir *d = g_dir_open (tmp, 0, NULL);
  if (d == NULL)
    return;
  gsize plen = strlen (prefix);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (strncmp (name, prefix, plen) != 0 || name[plen] != '-' || strlen (name) != plen + 7)
        continue;
      char *dir = g_build_filename (tmp, name, NULL);
      char *lock = g_build_filename (dir, ".lock", NULL);
      struct stat st;
      int fd = -1;
      if (lstat (dir, &st) == 0 && S_ISDIR (st.st_mode) && st.st_uid == geteuid ()
          && (fd = open (lock, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) >= 0
          && flock (fd, LOCK_EX | LOCK_NB) == 0)
        remove_dir_files (dir);
      if (fd >= 0)
        close (fd);
      g_free (lock);
      g_free (dir);
    }
  g_dir_close (d);
}

char *
plot_scratch_new (const char *prefix, int *lock_fd, GError **error)
{
  remove_stale_scratch (prefix);
  char *tmpl = g_strdup_printf ("%s-XXXXXX", prefix);
  char *dir = g_dir_make_tmp (tmpl, error);
  g_free (tmpl);
  *lock_fd = -1;
  if (dir == NULL)
    return NULL;
  /* The lock is taken before it is named .lock: another tcpsim cleaning
   * stale folders must never find it unlocked (it would remove the
   * folder under our feet). */
  char *lock = g_build_filename (dir, ".lock", NULL);
  char *fresh = g_build_filename (dir, ".lock-new", NULL);
  *lock_fd = open (fresh, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (*lock_fd >= 0)
    {
      flock (*lock_fd, LOCK_EX | LOCK_NB);
      g_rename (fresh, lock);
    }
  g_free (fresh);
  g_free (lock);
  return dir;
}

void
plot_scratch_remove (char *dir, int lock_fd)
{
  if (dir == NULL)
    return; /* lock_fd too may be a zeroed field then */
  remove_dir_files (dir);
  if (lock_fd >= 0)
    close (lock_fd);
  g_free (dir);
}

char *
plot_find_gnuplot (GError **error)
{
  const char *configured = GNUPLOT_PROGRAM;
  char *path = g_path_is_absolute (configured) && g_file_test (configured, G_FILE_TEST_IS_EXECUTABLE)
                 ? g_strdup (configured)
                 : g_find_program_in_path ("gnuplot");
  if (path == NULL)
    g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT,
                 "gnuplot is not installed, and the picture needs it "
                 "(on Debian: apt-get install gnuplot-nox)");
  return path;
}

char *
plot_find_dir (GError **error)
{
  /* The installed scripts before the source tree compiled in: an
   * installed tcpsim must not depend on (or be misled by) the folder it
   * was built in.  The variable overrides both. */
  const char *env = g_getenv ("TCPSIM_PLOTS_DIR");
  const char *candidates[] = { env, TCPSIM_PKGDATADIR "/plots", TCPSIM_SRCDIR "/plots" };
  for (gsize i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      if (candidates[i] == NULL)
        continue;
      char *script = g_build_filename (candidates[i], "timeline.gp", NULL);
      gboolean found = g_file_test (script, G_FILE_TEST_IS_REGULAR);
      g_free (script);
      if (found)
        return g_strdup (candidates[i]);
      if (i == 0)
        break; /* a folder named on purpose: no silent fallback */
    }
  if (env != NULL)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                 "TCPSIM_PLOTS_DIR=%s: the folder has no timeline.gp", env);
  else
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                 "%s/plots/timeline.gp not found (set TCPSIM_PLOTS_DIR to the folder holding it)",
                 TCPSIM_PKGDATADIR);
  return NULL;
}

const char *
plot_format_of (const char *path)
{
  const char *dot = strrchr (path, '.');
  if (dot == NULL)
    return NULL;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    return "png";
  if (g_ascii_strcasecmp (dot, ".svg") == 0)
    return "svg";
  if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    return "pdf";
  return NULL;
}

/* In the child, before gnuplot starts: its own process group (a Ctrl-C
 * on the terminal is ours to handle: we kill it), death with its parent
 * (even by SIGKILL), and a memory bound (a huge picture once took 7.4
 * GB).  Async-signal-safe calls only. */
static void
child_setup (gpointer data)
{
  pid_t parent = (pid_t) GPOINTER_TO_INT (data);
  setpgid (0, 0);
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != parent)
    _exit (127); /* the parent died before prctl */
  struct rlimit rl = { PLOT_MAX_MEMORY, PLOT_MAX_MEMORY };
  setrlimit (RLIMIT_AS, &rl);
  /* The signals we ignore or catch are reset by exec; SIGPIPE's default
   * is what gnuplot expects. */
}

static gint64
source_date (void)
{
  const char *s = g_getenv ("SOURCE_DATE_EPOCH");
  if (s == NULL)
    return 0;
  char *end;
  gint64 v = g_ascii_strtoll (s, &end, 10);
  return end != s && *end == '\0' && v >= 0 && v <= G_GINT64_CONSTANT (253402300799) ? v : 0;
}

/* Rewrites "/Key (D:YYYYMMDDHHmmSS" in a PDF to the date: same length,
 * so that the cross-reference offsets stay right. */
static void
pdf_fix_dates (char *buf, gsize len, gint64 epoch)
{
  time_t t = (time_t) epoch;
  struct tm tm;
  gmtime_r (&t, &tm);
  char date[32];
  g_snprintf (date, sizeof date, "%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1,
              tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  const char *keys[] = { "/CreationDate (D:", "/ModDate (D:" };
  for (gsize k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      gsize kl = strlen (keys[k]);
      for (gsize i = 0; i + kl + 14 <= len; i++)
        if (memcmp (buf + i, keys[k], kl) == 0)
          {
            gsize d = i + kl, n = 0;
            while (n < 14 && g_ascii_isdigit (buf[d + n]))
              n++;
            memcpy (buf + d, date, n);
          }
    }
}

/* Waits for gnuplot; kills its group if a signal stops tcpsim first. */
static gboolean
wait_child (GPid pid, int *status, GError **error)
{
  for (;;)
    {
      pid_t r = waitpid (pid, status, WNOHANG);
      if (r == pid)
        return TRUE;
      if (r < 0 && errno != EINTR)
        {
          g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "waiting for gnuplot: %s",
                       g_strerror (errno));
          return FALSE;
        }
      if (cli_interrupt_signal () != 0)
        {
          kill (-pid, SIGKILL);
          kill (pid, SIGKILL);
          while (waitpid (pid, status, 0) < 0 && errno == EINTR)
            ;
          g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "interrupted while drawing");
          return FALSE;
        }
      g_usleep (5000);
    }
}

gboolean
plot_run (const char *gnuplot, const char *script, const char *const *vars, OutFile *out,
          const char *scratch, GError **error)
{
  const char *fmt = plot_format_of (out->path);
  char *picture = g_strdup_printf ("%s/picture.%s", scratch, fmt);
  char *errpath = g_build_filename (scratch, "gnuplot.err", NULL);
  if (trace_gp_unquotable (picture))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "%s: gnuplot cannot be given a scratch folder with a control character (TMPDIR)",
                   out->path);
      g_free (picture);
      g_free (errpath);
      return FALSE;
    }
  /* Values are single-quoted for gnuplot with control characters
   * dropped, so that no value (a file name, a title) can end the string
   * or start a command. */
  GString *assign = g_string_new ("");
  for (gsize i = 0; vars != NULL && vars[i] != NULL && vars[i + 1] != NULL; i += 2)
    {
      char *q = trace_gp_quote (vars[i + 1]);
      g_string_append_printf (assign, "%s=%s; ", vars[i], q);
      g_free (q);
    }
  char *qout = trace_gp_quote (picture);
  g_string_append_printf (assign, "outfile=%s; fmt='%s'", qout, fmt);
  g_free (qout);

  gint64 epoch = source_date ();
  char **envp = g_get_environ ();
  char *epoch_text = g_strdup_printf ("%" G_GINT64_FORMAT, epoch);
  envp = g_environ_setenv (envp, "SOURCE_DATE_EPOCH", epoch_text, TRUE);
  g_free (epoch_text);

  const char *argv[] = { gnuplot, "-e", assign->str, script, NULL };
  gboolean ok = FALSE;
  char *err_text = NULL, *data = NULL;
  gsize len = 0;
  int errfd = open (errpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  GPid pid = 0;
  int status = 0;
  if (errfd < 0)
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", errpath,
                 g_strerror (errno));
  else if (g_spawn_async_with_pipes_and_fds (
             NULL, argv, (const char *const *) envp,
             G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL | G_SPAWN_STDOUT_TO_DEV_NULL,
             child_setup, GINT_TO_POINTER ((int) getpid ()), -1, -1, errfd, NULL, NULL, 0, &pid,
             NULL, NULL, NULL, error)
           && wait_child (pid, &status, error))
    {
      g_file_get_contents (errpath, &err_text, NULL, NULL);
      if (!g_spawn_check_wait_status (status, NULL))
        g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "gnuplot failed drawing %s:\n%s",
                     out->path, err_text ? err_text : "");
      else if (!g_file_get_contents (picture, &data, &len, NULL) || len == 0)
        g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                     "gnuplot made no picture for %s (is the temporary folder full?)%s%s",
                     out->path, err_text && *err_text ? ":\n" : "", err_text ? err_text : "");
      else
        {
          if (strcmp (fmt, "pdf") == 0)
            pdf_fix_dates (data, len, epoch);
          fwrite (data, 1, len, out->fp);
          ok = TRUE; /* write errors: outfile_finish reports them */
        }
    }
  if (pid > 0)
    g_spawn_close_pid (pid);
  if (errfd >= 0)
    close (errfd);
  g_unlink (picture);
  g_unlink (errpath);
  g_free (data);
  g_free (err_text);
  g_strfreev (envp);
  g_free (picture);
  g_free (errpath);
  g_string_free (assign, TRUE);
  return ok;
}

gboolean
plot_render (const char *gnuplot, const char *script, const char *datadir, OutFile *out,
             GError **error)
{
  const char *vars[] = { "datadir", datadir, NULL };
  return plot_run (gnuplot, script, vars, out, datadir, error);
}
