/* -D NAME=VALUE, as run, check and model take it. */
#ifndef TCPSIM_CLI_DEFINES_H
#define TCPSIM_CLI_DEFINES_H

#include <glib.h>

/* Appends a ScnDefine per "NAME=VALUE" of defs to out, pointing into defs
 * (split in place at the '=').  FALSE with *error for a word without a
 * name or '='. */
gboolean cli_parse_defines (char **defs, GArray *out, GError **error);

#endif
