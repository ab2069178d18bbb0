/* The fault statement: scripted drops, delays and duplicates of the n-th
 * segment of a class (or every one) on a direction, within a window. */
#include "scenario/scn_parse_priv.h"

#include <string.h>

void
scn_st_fault (ScnParser *p, ScnCur *c)
{
  int a, b;
  if (!scn_ref_host (c, &a))
    return;
  ScnTok *td = scn_next (c, "'->' or '<->'");
  if (td == NULL)
    return;
  gboolean both = strcmp (td->text, "<->") == 0;
  if (!both && strcmp (td->text, "->") != 0)
    {
      perr (p, td, "expected '->' or '<->', found '%s'", td->text);
      return;
    }
  if (!scn_ref_host (c, &b))
    return;
  ScnTok *ta = scn_next (c, "a fault action (drop, delay D, duplicate)");
  if (ta == NULL)
    return;
  ScnFault f = { .src = a, .dst = b, .loc = scn_loc_of (p, ta) };
  /* drop | delay D | duplicate [after D] */
  if (strcmp (ta->text, "drop") == 0)
    f.fault.action = LINK_FAULT_DROP;
  else if (strcmp (ta->text, "delay") == 0)
    {
      f.fault.action = LINK_FAULT_DELAY;
      if (!scn_val_span (c, "a delay", &f.fault.delay))
        return;
    }
  else if (strcmp (ta->text, "duplicate") == 0)
    {
      f.fault.action = LINK_FAULT_DUPLICATE;
      if (scn_accept (c, "after") && !scn_val_span (c, "a lag", &f.fault.delay))
        return;
    }
  else
    {
      static const char *const acts[] = { "drop", "delay", "duplicate" };
      scn_err_unknown (p, ta, "fault action", acts, G_N_ELEMENTS (acts));
      return;
    }
  f.fault.until = SIM_TIME_NEVER;
  f.fault.nth = 0;
  if (!scn_val_seg_class (c, "a segment class (SYN, SYN-ACK, ACK, FIN, RST, data, any)", &f.fault.cls))
    return;
  ScnTok *which = NULL, *tfrom = NULL, *tuntil = NULL;
  ScnTok *t;
  while ((t = scn_peek (c)) != NULL)
    {
      c->i++;
      if ((t->text[0] == '#' || strcmp (t->text, "every") == 0) && which != NULL)
        {
          perr (p, t, "'%s' after '%s': say which segments once", t->text, which->text);
          return;
        }
      if (t->text[0] == '#')
        {
          guint64 v;
          const char *num = t->text + 1;
          if (num[0] == '\0' || strspn (num, "0123456789") != strlen (num))
            {
              perr (p, t, "bad ordinal '%s' (the n-th segment is #n: #1, #2, …)", t->text);
              return;
            }
          if (!scn_parse_u64 (num, G_MAXUINT32, &v) || v == 0)
            {
              pinvalid (p, t, "ordinal %s is out of range (#1 to #%u)", t->text, G_MAXUINT32);
              return;
            }
          f.fault.nth = (guint32) v;
          which = t;
        }
      else if (strcmp (t->text, "every") == 0)
        which = t;
      else if (strcmp (t->text, "from") == 0)
        {
          if (!scn_val_time (c, "a start time", &f.fault.from))
            return;
          tfrom = &p->toks[c->i - 1];
        }
      else if (strcmp (t->text, "until") == 0)
        {
          if (!scn_val_time (c, "an end time", &f.fault.until))
            return;
          tuntil = &p->toks[c->i - 1];
        }
      else
        {
          perr (p, t, "expected '#N', 'every', 'from TIME' or 'until TIME', found '%s'", t->text);
          return;
        }
    }
  if (which == NULL)
    {
      perr (p, scn_end_tok (p), "expected which segments at the end of the line: '#N' (the n-th) or 'every'");
      return;
    }
  if (f.fault.until <= f.fault.from)
    {
      /* until defaults to never, so it was given; from defaults to 0. */
      if (tfrom != NULL)
        pinvalid (p, tuntil, "the fault's window is empty: until %s is not after from %s",
                  tuntil->text, tfrom->text);
      else
        pinvalid (p, tuntil, "the fault's window is empty: until %s is the start of the run",
                  tuntil->text);
      return;
    }
  g_array_append_val (p->scn->faults, f);
  if (both)
    {
      f.src = b;
      f.dst = a;
      g_array_append_val (p->scn->faults, f);
    }
}
