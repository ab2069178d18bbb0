/* Declared names in a scenario: hosts, connections and generators, found
 * by name, referred to from later lines (HOST, CONN, HOST:PORT), and the
 * names declared on lines that had an error, so that their later uses do
 * not bury the first error under a cascade. */
#include "scenario/scn_parse_priv.h"

#include <string.h>

/* The name of element i of an array of structs whose `char *name` field
 * is at name_off. */
static const char *
name_at (GArray *arr, gsize elt_size, gsize name_off, guint i)
{
  return *(const char **) (void *) (arr->data + i * elt_size + name_off);
}

/* Names are looked up in one hash table (a file of 100,000 hosts is read
 * in linear time); the value packs the kind and the index. */
void
scn_name_add (ScnParser *p, const char *name, ScnNameKind kind, guint index)
{
  g_hash_table_insert (p->names, (gpointer) name, GSIZE_TO_POINTER ((gsize) kind | (gsize) index << 2));
}

static int
find_named (ScnParser *p, const char *name, ScnNameKind kind)
{
  gpointer v;
  if (!g_hash_table_lookup_extended (p->names, name, NULL, &v))
    return -1;
  gsize packed = GPOINTER_TO_SIZE (v);
  return (packed & 3) == (gsize) kind ? (int) (packed >> 2) : -1;
}

int
scn_find_host (ScnParser *p, const char *name)
{
  return find_named (p, name, SCN_NAME_HOST);
}

int
scn_find_conn (ScnParser *p, const char *name)
{
  return find_named (p, name, SCN_NAME_CONN);
}

int
scn_find_gen (ScnParser *p, const char *name)
{
  return find_named (p, name, SCN_NAME_GEN);
}

gboolean
scn_name_free_for (ScnParser *p, const ScnTok *t, ScnNameKind kind)
{
  static const char *const what[] = { "a host", "a connection", "a generator" };
  gpointer v;
  if (!g_hash_table_lookup_extended (p->names, t->text, NULL, &v))
    return TRUE;
  gsize packed = GPOINTER_TO_SIZE (v);
  ScnNameKind other = (ScnNameKind) (packed & 3);
  if (other == kind)
    return TRUE;
  guint i = (guint) (packed >> 2);
  ScnLoc loc = other == SCN_NAME_HOST ? g_array_index (p->scn->hosts, ScnHost, i).loc
               : other == SCN_NAME_CONN ? g_array_index (p->scn->conns, ScnConn, i).loc
               : g_array_index (p->scn->gens, ScnGen, i).loc;
  char w[256];
  pinvalid (p, t, "'%s' is already %s's name (%s): %s needs a name of its own", t->text, what[other],
            scn_where (p, loc, w, sizeof w), what[kind]);
  return FALSE;
}

/* A host, generator or connection whose declaring line had an error is
 * not reported again where later lines use it: the first error explains
 * those, and a cascade of "unknown" errors would bury it. */
gboolean
scn_is_unusable (ScnParser *p, const char *name)
{
  if (!g_hash_table_contains (p->unusable, name))
    return FALSE;
  p->nquiet++;
  return TRUE;
}

/* After an error on the line of statement kw: remember the name the line
 * declares ("host NAME", "gen NAME", "… connect … as NAME"). */
void
scn_mark_unusable (ScnParser *p, const char *kw)
{
  const char *name = NULL;
  if ((strcmp (kw, "host") == 0 || strcmp (kw, "gen") == 0) && p->ntoks > 1)
    name = p->toks[1].text;
  else if (strcmp (kw, "at") == 0 || strcmp (kw, "on") == 0)
    for (guint i = 1; i + 1 < p->ntoks && name == NULL; i++)
      if (strcmp (p->toks[i].text, "as") == 0)
        name = p->toks[i + 1].text;
  if (name != NULL && scn_is_name (name))
    g_hash_table_add (p->unusable, g_strdup (name));
}

static char *
suggest_from (ScnParser *p, GArray *arr, gsize elt_size, gsize name_off, const char *word)
{
  const char **names = g_new (const char *, arr->len + 1);
  for (guint i = 0; i < arr->len; i++)
    names[i] = name_at (arr, elt_size, name_off, i);
  char *s = scn_suggest_budget (p, word, names, arr->len);
  g_free (names);
  return s;
}

/* "unknown host 'x'" with a hint, or the hosts declared so far (the first
 * few of them). */
void
scn_err_unknown_host (ScnParser *p, const ScnTok *t, const char *name)
{
  if (scn_is_unusable (p, name))
    return;
  GArray *hosts = p->scn->hosts;
  char *hint = suggest_from (p, hosts, sizeof (ScnHost), G_STRUCT_OFFSET (ScnHost, name), name);
  if (hint[0] != '\0' || hosts->len == 0)
    pinvalid (p, t, "unknown host '%s'%s", name,
              hint[0] != '\0' ? hint : " (no host is declared before this line)");
  else
    {
      GString *list = g_string_new ("");
      for (guint i = 0; i < MIN (hosts->len, 8); i++)
        g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", g_array_index (hosts, ScnHost, i).name);
      if (hosts->len > 8)
        g_string_append (list, ", …");
      pinvalid (p, t, "unknown host '%s' (the hosts are %s)", name, list->str);
      g_string_free (list, TRUE);
    }
  g_free (hint);
}

gboolean
scn_ref_host (ScnCur *c, int *out)
{
  ScnTok *t = scn_next (c, "a host name");
  if (t == NULL)
    return FALSE;
  *out = scn_find_host (c->p, t->text);
  if (*out < 0)
    {
      scn_err_unknown_host (c->p, t, t->text);
      return FALSE;
    }
  return TRUE;
}

gboolean
scn_ref_conn (ScnCur *c, int *out)
{
  ScnTok *t = scn_next (c, "a connection name");
  if (t == NULL)
    return FALSE;
  *out = scn_find_conn (c->p, t->text);
  if (*out < 0 && scn_is_unusable (c->p, t->text))
    return FALSE;
  if (*out < 0)
    {
      char *hint = suggest_from (c->p, c->p->scn->conns, sizeof (ScnConn), G_STRUCT_OFFSET (ScnConn, name),
                                 t->text);
      if (hint[0] != '\0')
        pinvalid (c->p, t, "unknown connection '%s'%s", t->text, hint);
      else
        pinvalid (c->p, t, "unknown connection '%s' (a connection is named by 'connect … as NAME' "
                  "on an earlier line)", t->text);
      g_free (hint);
      return FALSE;
    }
  return TRUE;
}

/* HOST:PORT */
gboolean
scn_ref_endpoint (ScnCur *c, int *host, guint16 *port)
{
  ScnTok *t = scn_next (c, "HOST:PORT");
  if (t == NULL)
    return FALSE;
  const char *colon = strrchr (t->text, ':');
  if (colon == NULL)
    {
      perr (c->p, t, "expected HOST:PORT, found '%s'", t->text);
      return FALSE;
    }
  char *name = g_strndup (t->text, (gsize) (colon - t->text));
  *host = scn_find_host (c->p, name);
  if (*host < 0)
    {
      scn_err_unknown_host (c->p, t, name);
      g_free (name);
      return FALSE;
    }
  g_free (name);
  guint64 v;
  ScnTok pt = { NULL, t->col + (int) (colon - t->text) + 1 };
  if (!scn_parse_u64 (colon + 1, G_MAXUINT64 / 2, &v))
    {
      perr (c->p, &pt, "expected a port (a whole number) after '%.*s', found '%s'",
            (int) (colon - t->text) + 1, t->text, colon + 1);
      return FALSE;
    }
  if (v == 0 || v > 65535)
    {
      pinvalid (c->p, &pt, "port %s is out of range (1 to 65535)", colon + 1);
      return FALSE;
    }
  *port = (guint16) v;
  return TRUE;
}

/* The end of connection `conn` that lives on `host`. */
gboolean
scn_conn_end (ScnCur *c, ScnTok *t, int conn, int host, int *end)
{
  const ScnConn *sc = &g_array_index (c->p->scn->conns, ScnConn, conn);
  if (sc->host[0] == host)
    *end = 0;
  else if (sc->host[1] == host)
    *end = 1;
  else
    {
      const ScnHost *h = &g_array_index (c->p->scn->hosts, ScnHost, host);
      pinvalid (c->p, t, "host '%s' is not an end of connection '%s'", h->name, sc->name);
      return FALSE;
    }
  return TRUE;
}
