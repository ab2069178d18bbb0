/* Rendering timeline data with gnuplot and plots/timeline.gp. */
#ifndef TCPSIM_PLOT_H
#define TCPSIM_PLOT_H

#include <glib.h>

/* gnuplot's path, or NULL with a message saying how to install it. */
char *plot_find_gnuplot (GError **error);

/* The folder holding timeline.gp: $TCPSIM_PLOTS_DIR, the source tree's
 * plots/, or the installed $(pkgdatadir)/plots. */
char *plot_find_dir (GError **error);

/* Runs gnuplot on script with datadir and writes out (PNG, SVG or PDF,
 * chosen by out's extension) to the file tmp. */
gboolean plot_render (const char *gnuplot, const char *script, const char *datadir,
                      const char *out, const char *tmp, GError **error);

/* Runs gnuplot on script with string variables vars (name, value, …,
 * NULL), outfile = tmp and fmt from out's extension. */
gboolean plot_run (const char *gnuplot, const char *script, const char *const *vars,
                   const char *out, const char *tmp, GError **error);

/* "png", "svg", "pdf", or NULL for another extension. */
const char *plot_format_of (const char *path);

#endif
