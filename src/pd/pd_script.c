/* Freeing a PdScript, and looking up its settings. */
#include "pd/pd_script.h"

#include <string.h>

void
pd_setting_free (PdSetting *setting)
{
  if (setting == NULL)
    return;
  g_free (setting->name);
  g_free (setting->value);
  g_free (setting);
}

static void
line_free (PdLine *line)
{
  if (line == NULL)
    return;
  g_free (line->call.name);
  if (line->call.args != NULL)
    g_ptr_array_free (line->call.args, TRUE);
  pd_expr_free (line->call.result);
  g_free (line->call.errno_name);
  g_free (line->call.note);
  if (line->seg.options != NULL)
    {
      for (guint i = 0; i < line->seg.options->len; i++)
        {
          PdOption *o = &g_array_index (line->seg.options, PdOption, i);
          if (o->blocks != NULL)
            g_array_free (o->blocks, TRUE);
        }
      g_array_free (line->seg.options, TRUE);
    }
  g_free (line->shell);
  g_free (line);
}

void
pd_expr_free (PdExpr *e)
{
  if (e == NULL)
    return;
  g_free (e->name);
  if (e->items != NULL)
    g_ptr_array_free (e->items, TRUE);
  g_free (e);
}

PdScript *
pd_script_new (const char *file)
{
  PdScript *s = g_new0 (PdScript, 1);
  s->file = g_strdup (file);
  s->settings = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_setting_free);
  s->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  return s;
}

void
pd_script_free (PdScript *script)
{
  if (script == NULL)
    return;
  g_free (script->file);
  g_ptr_array_free (script->settings, TRUE);
  g_ptr_array_free (script->lines, TRUE);
  g_free (script);
}

const char *
pd_script_setting (const PdScript *script, const char *name)
{
  const char *value = NULL;
  /* The last one wins, as on packetdrill's command line. */
  for (guint i = 0; i < script->settings->len; i++)
    {
      const PdSetting *s = g_ptr_array_index (script->settings, i);
      if (strcmp (s->name, name) == 0)
        value = s->value;
    }
  return value;
}
