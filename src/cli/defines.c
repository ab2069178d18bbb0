/* The -D option's words, split into scenario defines. */
#include "cli/defines.h"

#include <string.h>

#include "scenario/scenario.h"

gboolean
cli_parse_defines (char **defs, GArray *out, GError **error)
{
  for (char **d = defs; d && *d; d++)
    {
      char *eq = strchr (*d, '=');
      if (eq == NULL || eq == *d)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "-D %s: expected NAME=VALUE",
                       *d);
          return FALSE;
        }
      *eq = '\0';
      ScnDefine def = { *d, eq + 1 };
      g_array_append_val (out, def);
    }
  return TRUE;
}
