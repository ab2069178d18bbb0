/* Output files written under a temporary name, then renamed. */
#include "cli/outfile.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

OutFile *
outfile_new (const char *path, gboolean open_stream, GError **error)
{
  char *dir = g_path_get_dirname (path);
  char *base = g_path_get_basename (path);
  char *tmpl = g_strdup_printf ("%s/.%s.tmp-XXXXXX", dir, base);
  g_free (dir);
  g_free (base);
  int fd = g_mkstemp (tmpl);
  if (fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", path,
                   g_strerror (errno));
      g_free (tmpl);
      return NULL;
    }
  /* mkstemp creates the file 0600; an output gets the mode any new file
   * would get (0666 less the umask). */
  mode_t mask = umask (0);
  umask (mask);
  if (fchmod (fd, 0666 & ~mask) != 0)
    g_warning ("%s: cannot set the file mode: %s", tmpl, g_strerror (errno));
  OutFile *f = g_new0 (OutFile, 1);
  f->path = g_strdup (path);
  f->tmp = tmpl;
  if (open_stream)
    {
      f->fp = fdopen (fd, "w");
      if (f->fp == NULL)
        {
          close (fd);
          outfile_discard (f);
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot open", path);
          return NULL;
        }
    }
  else
    close (fd);
  return f;
}

gboolean
outfile_commit (OutFile *f, GError **error)
{
  if (f->fp != NULL)
    {
      gboolean bad = ferror (f->fp) != 0;
      if (fclose (f->fp) != 0)
        bad = TRUE;
      f->fp = NULL;
      if (bad)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "%s: write failed", f->path);
          return FALSE;
        }
    }
  if (g_rename (f->tmp, f->path) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", f->path,
                   g_strerror (errno));
      return FALSE;
    }
  g_free (f->tmp);
  f->tmp = NULL;
  return TRUE;
}

void
outfile_discard (OutFile *f)
{
  if (f == NULL)
    return;
  if (f->fp != NULL)
    fclose (f->fp);
  f->fp = NULL;
  if (f->tmp != NULL)
    g_unlink (f->tmp);
  outfile_free (f);
}

void
outfile_free (OutFile *f)
{
  if (f == NULL)
    return;
  g_free (f->path);
  g_free (f->tmp);
  g_free (f);
}
