/* Output files that appear whole or not at all: written under a temporary
 * name in the destination's folder and renamed over it on commit.  An
 * interrupted or failed run removes its temporary files and leaves any
 * earlier file of the same name untouched. */
#ifndef TCPSIM_OUTFILE_H
#define TCPSIM_OUTFILE_H

#include <stdio.h>

#include <glib.h>

typedef struct
{
  char *path;   /* the destination */
  char *tmp;    /* the temporary name */
  FILE *fp;     /* open on tmp, or NULL when the caller writes tmp itself */
} OutFile;

/* Creates the temporary file.  With open_stream, fp is a stream on it. */
OutFile *outfile_new (const char *path, gboolean open_stream, GError **error);
/* Closes fp if open and renames tmp to path. */
gboolean outfile_commit (OutFile *f, GError **error);
/* Closes and removes the temporary file; frees f.  NULL is fine. */
void outfile_discard (OutFile *f);
void outfile_free (OutFile *f);

#endif
