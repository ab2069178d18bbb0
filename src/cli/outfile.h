/* Output files that never lie and never destroy.
 *
 * A regular file (or a name that does not exist yet) appears whole or not
 * at all: it is written as an anonymous O_TMPFILE in the destination's
 * folder and linked into place when the run is complete; where the
 * filesystem has no O_TMPFILE, under a temporary name ".NAME.tmp-XXXXXX"
 * beside it, renamed on commit.  Such a temporary left by a killed run is
 * removed, with a note on stderr, by the next run that writes NAME (one
 * still locked by a live tcpsim is left alone).  A symbolic link to a
 * regular file is kept: the file it names is replaced.
 *
 * Anything else is written in place and never replaced: "-" (standard
 * output), /dev/stdout and /dev/fd/N (the open descriptor, shared), a
 * device, a FIFO.  Such an output receives its bytes as they are made.
 *
 * Every write, the final flush and the close are checked; a failure keeps
 * the first errno, and outfile_finish () reports it with the file's name
 * ("t.pcap: No space left on device").  The old file is then untouched.
 *
 * For tests only: TCPSIM_TEST_WRITE_LIMIT=N makes every output fail with
 * ENOSPC after N bytes (an injected full disk); TCPSIM_TEST_NO_TMPFILE=1
 * takes the temporary-name path as on a filesystem without O_TMPFILE. */
#ifndef TCPSIM_OUTFILE_H
#define TCPSIM_OUTFILE_H

#include <stdio.h>

#include <glib.h>

typedef struct OutFile OutFile;
struct OutFile
{
  char *path;   /* the destination as named */
  FILE *fp;     /* a checked stream on it; NULL after outfile_take_stream */
  /* the rest is outfile.c's */
  char *target; /* where it is published (a symlink's file) */
  char *tmp;    /* its temporary name, while it has one */
  int fd;
  gboolean direct, anon, own_fd;
  int err;      /* the first failed write's errno */
  guint64 written, limit;
};

/* Opens an output (see above).  Fails if the folder cannot take a new
 * file, or a direct output cannot be opened. */
OutFile *outfile_new (const char *path, GError **error);

/* The stream, for a writer that closes it itself (libpcap); write errors
 * are still recorded in f. */
FILE *outfile_take_stream (OutFile *f);

/* Flushes and checks everything written; FALSE with the reason on any
 * failure.  Nothing is published yet. */
gboolean outfile_finish (OutFile *f, GError **error);

/* Publishes finished outputs all together (NULL entries skipped): each is
 * linked under a temporary name, then all are renamed into place.  If one
 * cannot be linked, none is published. */
gboolean outfile_publish_all (OutFile *const *files, gsize n, GError **error);

/* outfile_finish, then outfile_publish_all of f alone. */
gboolean outfile_commit (OutFile *f, GError **error);

/* Closes f and removes what it made; frees f.  NULL is fine. */
void outfile_discard (OutFile *f);

/* TRUE if the names a and b are the same file: the same device and inode
 * when both exist, the same canonical name when neither does.  "-" is
 * standard output. */
gboolean outfile_same_file (const char *a, const char *b);

/* TRUE if the name is standard output, or the file or pipe it goes to
 * (not a terminal or another character device, where interleaved writes
 * do no harm). */
gboolean outfile_is_stdout (const char *path);

#endif
