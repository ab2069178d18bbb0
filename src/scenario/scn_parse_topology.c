/* Statements that set up the network: profile (the hosts' default TCP
 * profile), seed, param, link (one direction each, with its delay, loss
 * model and rate) and include.  host has a file of its own
 * (scn_parse_host.c). */
#include "scenario/scn_parse_priv.h"

#include <errno.h>
#include <string.h>

void
scn_st_profile (ScnParser *p, ScnCur *c)
{
  ScnTok *t = scn_next (c, "a profile name");
  if (t == NULL)
    return;
  const TcpProfile *prof = tcp_profile_lookup (t->text);
  if (prof == NULL)
    {
      scn_err_unknown_profile (p, t);
      return;
    }
  if (p->scn->hosts->len > 0)
    {
      pinvalid (p, t, "'profile' must come before the first host (it sets their default)");
      return;
    }
  if (!scn_at_end (c))
    return;
  p->profile = *prof;
  p->profile_set = TRUE;
}

void
scn_st_seed (ScnParser *p, ScnCur *c)
{
  guint64 v;
  if (scn_val_uint (c, "a seed", 0, G_MAXUINT64 / 2, &v) && scn_at_end (c))
    p->scn->seed = v;
}

/* `title "WORDS…"`: the title of the scenario's pictures.  The words
 * are joined by single spaces ('#' starts a comment, as everywhere). */
void
scn_st_title (ScnParser *p, ScnCur *c)
{
  ScnTok *first = scn_next (c, "a title in double quotes");
  if (first == NULL)
    return;
  ScnTok *last = &p->toks[p->ntoks - 1];
  gsize ll = strlen (last->text);
  if (first->text[0] != '"' || ll == 0 || last->text[ll - 1] != '"' || (first == last && ll < 2))
    {
      perr (p, first, "expected a title in double quotes (title \"Lost SYN\")");
      return;
    }
  GString *t = g_string_new ("");
  for (ScnTok *k = first; k <= last; k++)
    g_string_append_printf (t, "%s%s", k == first ? "" : " ", k->text);
  g_string_truncate (t, t->len - 1);
  if (strchr (t->str + 1, '"') != NULL)
    {
      perr (p, first, "a title cannot hold a double quote");
      g_string_free (t, TRUE);
      return;
    }
  if (p->scn->title != NULL)
    pinvalid (p, first, "the title is given twice");
  else
    p->scn->title = g_string_chunk_insert (p->scn->strings, t->str + 1);
  g_string_free (t, TRUE);
  c->i = p->ntoks;
}

void
scn_st_param (ScnParser *p, ScnCur *c)
{
  ScnTok *tn = scn_next (c, "a parameter name");
  if (tn == NULL)
    return;
  /* No '-': "$a-b" is the parameter a followed by "-b". */
  if (!scn_is_name (tn->text) || strchr (tn->text, '-') != NULL)
    {
      perr (p, tn, "'%s' is not a valid parameter name (letters, digits and '_', starting with a letter)",
            tn->text);
      return;
    }
  if (!scn_expect_word (c, "="))
    return;
  ScnTok *tv = scn_next (c, "a value");
  if (tv == NULL || !scn_at_end (c))
    return;
  if (g_hash_table_contains (p->params, tn->text))
    {
      pinvalid (p, tn, "parameter '%s' is declared twice", tn->text);
      return;
    }
  const char *value = tv->text;
  for (gsize i = 0; i < p->n_defines; i++)
    if (strcmp (p->defines[i].name, tn->text) == 0)
      {
        value = p->defines[i].value;
        g_hash_table_add (p->param_used, g_strdup (tn->text));
      }
  /* A reference to another parameter is resolved here, with the values
   * declared so far: an undefined or self-referring one is reported at
   * this definition, not at some later use of $name (which is then not
   * reported again: "$name" is remembered as unusable). */
  char *expanded = NULL;
  if (!g_utf8_validate (value, -1, NULL))
    pinvalid (p, tv, "-D %s: the value is not UTF-8 text", tn->text);
  else
    expanded = strchr (value, '$') != NULL ? scn_expand (p, tv, value, tn->text) : g_strdup (value);
  if (expanded == NULL)
    {
      g_hash_table_add (p->unusable, g_strconcat ("$", tn->text, NULL));
      return;
    }
  g_hash_table_insert (p->params, g_strdup (tn->text), expanded);
  g_ptr_array_add (p->scn->params, g_string_chunk_insert (p->scn->strings, tn->text));
}


/* ---- link ------------------------------------------------------------------ */

/* A link line being read: one loss model per line. */
typedef struct
{
  ScnLink l;
  gboolean have_loss;
} LinkDraft;

#define LINK(f) (G_STRUCT_OFFSET (LinkDraft, l) + G_STRUCT_OFFSET (ScnLink, f))

/* jitter D [uniform|normal]: uniform is ± D, normal has std dev D. */
static gboolean
link_jitter (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj)
{
  ScnLink *l = &((LinkDraft *) obj)->l;
  if (!scn_set_span (c, s, key, obj))
    return FALSE;
  if (scn_accept (c, "normal"))
    l->jitter_normal = TRUE;
  else
    scn_accept (c, "uniform");
  return TRUE;
}

static gboolean
link_one_loss_model (ScnCur *c, const ScnTok *key, LinkDraft *d)
{
  if (d->have_loss)
    {
      pinvalid (c->p, key, "a link has one loss model: 'loss P' or 'gilbert p=… r=…'");
      return FALSE;
    }
  d->have_loss = TRUE;
  return TRUE;
}

static gboolean
link_loss (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj)
{
  return link_one_loss_model (c, key, obj) && scn_set_prob (c, s, key, obj);
}

/* gilbert p=P r=R [h=H] [k=K]: Gilbert-Elliott bursts. */
static gboolean
link_gilbert (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj)
{
  (void) s;
  ScnParser *p = c->p;
  ScnLink *l = &((LinkDraft *) obj)->l;
  if (!link_one_loss_model (c, key, obj))
    return FALSE;
  l->gilbert = TRUE;
  gboolean seen_p = FALSE, seen_r = FALSE;
  ScnTok *kv;
  while ((kv = scn_peek (c)) != NULL && strchr (kv->text, '=') != NULL)
    {
      c->i++;
      char k = kv->text[0];
      double *dst = k == 'p' ? &l->ge_p : k == 'r' ? &l->ge_r : k == 'h' ? &l->ge_h
                    : k == 'k' ? &l->ge_k : NULL;
      char *end;
      double x = g_ascii_strtod (kv->text + 2, &end);
      if (dst == NULL || kv->text[1] != '=' || end == kv->text + 2 || *end != '\0')
        {
          perr (p, kv, "expected p=, r=, h= or k= with a probability, found '%s'", kv->text);
          return FALSE;
        }
      if (!(x >= 0.0 && x <= 1.0))
        {
          pinvalid (p, kv, "%s is out of range (0 to 1)", kv->text);
          return FALSE;
        }
      *dst = x;
      seen_p |= k == 'p';
      seen_r |= k == 'r';
    }
  if (!seen_p || !seen_r)
    {
      perr (p, key, "gilbert needs p=P(good to bad) and r=P(bad to good), e.g. "
            "'gilbert p=0.01 r=0.3'");
      return FALSE;
    }
  return TRUE;
}

/* reorder P [by D]: a picked segment arrives D late (default: the delay). */
static gboolean
link_reorder (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj)
{
  ScnLink *l = &((LinkDraft *) obj)->l;
  return scn_set_prob (c, s, key, obj)
         && (!scn_accept (c, "by") || scn_val_span (c, "a reordering delay", &l->reorder_by));
}

/* duplicate P [lag D]: the copy arrives D after the original. */
static gboolean
link_duplicate (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj)
{
  ScnLink *l = &((LinkDraft *) obj)->l;
  return scn_set_prob (c, s, key, obj)
         && (!scn_accept (c, "lag") || scn_val_span (c, "a duplicate lag", &l->duplicate_lag));
}

static gboolean
link_rate (ScnCur *c, const ScnSetting *s, const ScnTok *key, void *obj)
{
  (void) key;
  return scn_val_rate (c, SCN_SETTING_FIELD (obj, s, guint64));
}

static const ScnSetting link_settings[] = {
  { "delay", scn_set_span, LINK (delay), "delay", 0, 0 },
  { "jitter", link_jitter, LINK (jitter), "jitter", 0, 0 },
  { "loss", link_loss, LINK (loss), "loss", 0, 0 },
  { "gilbert", link_gilbert, 0, NULL, 0, 0 },
  { "reorder", link_reorder, LINK (reorder), "reorder", 0, 0 },
  { "duplicate", link_duplicate, LINK (duplicate), "duplicate", 0, 0 },
  { "rate", link_rate, LINK (rate), NULL, 0, 0 },
  { "queue", scn_set_uint, LINK (qlimit), "queue", 1, 1000000000 },
};

void
scn_st_link (ScnParser *p, ScnCur *c)
{
  int a, b;
  if (!scn_ref_host (c, &a))
    return;
  ScnTok *td = scn_next (c, "'<->' or '->'");
  if (td == NULL)
    return;
  gboolean both = strcmp (td->text, "<->") == 0;
  if (!both && strcmp (td->text, "->") != 0)
    {
      perr (p, td, "expected '<->' (both directions) or '->' (one), found '%s'", td->text);
      return;
    }
  ScnTok *tb = scn_peek (c);
  if (!scn_ref_host (c, &b))
    return;
  if (a == b)
    {
      pinvalid (p, tb, "a link joins two different hosts, not '%s' to itself", tb->text);
      return;
    }
  LinkDraft d = { .l = { .src = a, .dst = b, .ge_h = 1.0, .loc = scn_loc_of (p, td) } };
  if (!scn_parse_settings (c, "link setting", link_settings, G_N_ELEMENTS (link_settings), &d))
    return;
  ScnLink l = d.l;
  /* Directions already linked, found in O(1) (a file may hold 100,000
   * links); a <-> line checks a -> b first, as the old scan did. */
  for (int k = 0; k < (both ? 2 : 1); k++)
    {
      gint64 key = k == 0 ? ((gint64) a << 32 | b) : ((gint64) b << 32 | a);
      guint o = GPOINTER_TO_UINT (g_hash_table_lookup (p->links, &key));
      if (o > 0)
        {
          char w[256];
          pinvalid (p, td, "these hosts are already linked in this direction (%s)",
                    scn_where (p, g_array_index (p->scn->links, ScnLink, o - 1).loc, w, sizeof w));
          return;
        }
    }
  for (int k = 0; k < (both ? 2 : 1); k++)
    {
      if (k == 1)
        {
          l.src = b;
          l.dst = a;
        }
      g_array_append_val (p->scn->links, l);
      gint64 *key = g_new (gint64, 1);
      *key = (gint64) l.src << 32 | l.dst;
      g_hash_table_insert (p->links, key, GUINT_TO_POINTER (p->scn->links->len));
    }
}


/* ---- files ----------------------------------------------------------------- */

void
scn_st_include (ScnParser *p, ScnCur *c)
{
  ScnTok *tf = scn_next (c, "a file name");
  if (tf == NULL || !scn_at_end (c))
    return;
  char *dir = g_path_get_dirname (p->file);
  char *path = g_path_is_absolute (tf->text) ? g_strdup (tf->text)
                                               : g_build_filename (dir, tf->text, NULL);
  g_free (dir);
  char *canon = g_canonicalize_filename (path, NULL);
  char *contents = NULL;
  gsize len;
  int errsv;
  for (guint i = 0; i < p->include_stack->len; i++)
    if (strcmp (g_ptr_array_index (p->include_stack, i), canon) == 0)
      {
        pinvalid (p, tf, "include cycle: '%s' is already being read", tf->text);
        goto out;
      }
  if (p->include_stack->len >= SCN_MAX_INCLUDE_DEPTH)
    {
      pinvalid (p, tf, "includes nested more than %d deep", SCN_MAX_INCLUDE_DEPTH);
      goto out;
    }
  /* A fan-out (a file that includes another ten times, each including ten
   * more…) stops here, and the whole parse with it: one error, at once. */
  if (p->nfiles >= SCN_MAX_FILES)
    {
      pinvalid (p, tf, "cannot include '%s': the scenario already reads %d files (the limit, "
                "counting each inclusion)", tf->text, SCN_MAX_FILES);
      p->stop = TRUE;
      goto out;
    }
  /* Only regular files: a device (/dev/zero) or a FIFO could be read
   * forever, or block. */
  gsize room = p->nbytes < SCN_MAX_FILE_SIZE ? SCN_MAX_FILE_SIZE - p->nbytes : 0;
  switch (scn_read_file (path, TRUE, room, &contents, &len, &errsv))
    {
    case SCN_READ_OK:
      break;
    case SCN_READ_ERRNO:
      /* ENOENT, by far the most common, is worded with the path tried. */
      if (errsv == ENOENT)
        scn_err_at (p, SCN_ERROR_IO, tf->col, "cannot include '%s': there is no file %s", tf->text, path);
      else
        scn_err_at (p, SCN_ERROR_IO, tf->col, "cannot include '%s': %s", tf->text, g_strerror (errsv));
      goto out;
    case SCN_READ_DIRECTORY:
      scn_err_at (p, SCN_ERROR_IO, tf->col, "cannot include '%s': it is a directory", tf->text);
      goto out;
    case SCN_READ_NOT_REGULAR:
      scn_err_at (p, SCN_ERROR_IO, tf->col, "cannot include '%s': not a regular file", tf->text);
      goto out;
    case SCN_READ_TOO_LARGE:
      scn_err_at (p, SCN_ERROR_INVALID, tf->col, "cannot include '%s': more than 16 MiB of scenario "
                  "text in all (the limit, counting every included file)", tf->text);
      p->stop = TRUE;
      goto out;
    }
  p->nfiles++;
  p->nbytes += len;
  /* Save the line state: the included text is parsed in between. */
  ScnParser saved = *p;
  ScnIncludeSite site = { p->file, p->line, scn_char_col (p->text, (gsize) tf->col - 1) };
  g_ptr_array_add (p->include_stack, g_strdup (canon));
  g_array_append_val (p->include_sites, site);
  const char *ifile = g_string_chunk_insert_const (p->scn->strings, path);
  g_ptr_array_add (p->scn->includes, (gpointer) ifile);
  ScnTextStatus st = scn_parse_text (p, ifile, contents, len);
  g_array_set_size (p->include_sites, p->include_sites->len - 1);
  g_ptr_array_remove_index (p->include_stack, p->include_stack->len - 1);
  p->file = saved.file;
  p->line = saved.line;
  p->text = saved.text;
  p->toks = saved.toks;
  p->ntoks = saved.ntoks;
  p->end_col = saved.end_col;
  if (st == SCN_TEXT_NOT_SCENARIO)
    pinvalid (p, tf, "cannot include '%s': it is not a scenario (its line %d does not begin with a "
              "statement; nothing of it is shown)", tf->text, p->not_scenario_line);
out:
  g_free (contents);
  g_free (canon);
  g_free (path);
}
