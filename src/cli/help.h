/* Help: every subcommand's --help shows all its options (every group,
 * with defaults and units in their descriptions), and `tcpsim help
 * [TOPIC]` prints a reference page from docs/. */
#ifndef TCPSIM_CLI_HELP_H
#define TCPSIM_CLI_HELP_H

#include <glib.h>

/* g_option_context_parse() with -h/--help showing every group (GLib's own
 * --help shows only the main group and hides the rest behind
 * --help-GROUP).  Returns FALSE with *error on a bad option; TRUE with
 * *helped set when the help was printed (the caller exits 0). */
gboolean cli_parse_options (GOptionContext *ctx, int *argc, char ***argv, gboolean *helped,
                            GError **error);

/* The help text cli_parse_options() prints (free it). */
char *cli_help_text (GOptionContext *ctx);

/* `tcpsim help [TOPIC]`. */
int cli_help (int argc, char **argv);

/* The topics and the pages they print, for --help's description. */
extern const char cli_help_topics[];

#endif
