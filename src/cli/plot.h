/* Running gnuplot for tcpsim's pictures.
 *
 * gnuplot draws into a scratch folder of ours; the picture is then copied
 * into its OutFile through the checked writer (gnuplot itself does not
 * report a full disk: it leaves a 0-byte SVG and exits 0).  gnuplot runs
 * in its own process group, dies with tcpsim (PR_SET_PDEATHSIG), is killed
 * when a signal stops tcpsim, and may use at most PLOT_MAX_MEMORY of
 * address space.
 *
 * PDF and SVG are reproducible: gnuplot runs with SOURCE_DATE_EPOCH (the
 * caller's, else 0), and the PDF's CreationDate and ModDate, which the
 * cairo of Debian 12 takes from the clock whatever that variable says,
 * are rewritten to that date. */
#ifndef TCPSIM_PLOT_H
#define TCPSIM_PLOT_H

#include <glib.h>

#include "cli/outfile.h"

#define PLOT_MAX_MEMORY (G_GUINT64_CONSTANT (4) << 30)

/* A scratch folder for gnuplot's data and picture: $TMPDIR/PREFIX-XXXXXX,
 * locked (a file .lock in it) while it is in use.  Folders of that
 * pattern that a killed run left behind are removed first.  *lock_fd is
 * for plot_scratch_remove. */
char *plot_scratch_new (const char *prefix, int *lock_fd, GError **error);
/* Removes the folder and every file in it; frees dir.  NULL is fine
 * (lock_fd is then ignored). */
void plot_scratch_remove (char *dir, int lock_fd);

/* gnuplot's path, or NULL with a message saying how to install it. */
char *plot_find_gnuplot (GError **error);

/* The folder holding tcpsim's gnuplot scripts, the first of: the folder
 * $TCPSIM_PLOTS_DIR names (for development and tests: it wins), the
 * installed $(pkgdatadir)/plots, the source tree's plots/ (an uninstalled
 * build). */
char *plot_find_dir (GError **error);

/* Runs gnuplot on script with string variables vars (name, value, …,
 * NULL), fmt from out's extension and outfile a file in scratch (a folder
 * of ours), then copies the picture into out.  FALSE with a message on
 * failure, or if a signal stopped tcpsim meanwhile (gnuplot is killed). */
gboolean plot_run (const char *gnuplot, const char *script, const char *const *vars, OutFile *out,
                   const char *scratch, GError **error);

/* plot_run with the variable datadir = scratch (the timeline's data). */
gboolean plot_render (const char *gnuplot, const char *script, const char *datadir, OutFile *out,
                      GError **error);

/* "png", "svg", "pdf", or NULL for another extension. */
const char *plot_format_of (const char *path);

#endif
