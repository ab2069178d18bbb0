/* Segment classes and scripted fault rules (drop, delay, duplicate). */
#include "net/fault.h"

gboolean
seg_class_match (SegClass cls, const TcpSegment *seg)
{
  guint8 f = seg->flags;
  switch (cls)
    {
    case SEG_CLASS_ANY:
      return TRUE;
    case SEG_CLASS_SYN:
      return (f & TCP_FLAG_SYN) && !(f & TCP_FLAG_ACK);
    case SEG_CLASS_SYNACK:
      return (f & TCP_FLAG_SYN) && (f & TCP_FLAG_ACK);
    case SEG_CLASS_ACK:
      return (f & TCP_FLAG_ACK) && !(f & (TCP_FLAG_SYN | TCP_FLAG_FIN | TCP_FLAG_RST))
             && seg->len == 0;
    case SEG_CLASS_FIN:
      return (f & TCP_FLAG_FIN) != 0;
    case SEG_CLASS_RST:
      return (f & TCP_FLAG_RST) != 0;
    case SEG_CLASS_DATA:
      return seg->len > 0;
    case SEG_CLASS_COUNT:
      break;
    }
  g_assert_not_reached ();
}

static const char *const class_names[SEG_CLASS_COUNT] = {
  [SEG_CLASS_ANY] = "any", [SEG_CLASS_SYN] = "SYN", [SEG_CLASS_SYNACK] = "SYN-ACK",
  [SEG_CLASS_ACK] = "ACK", [SEG_CLASS_FIN] = "FIN", [SEG_CLASS_RST] = "RST",
  [SEG_CLASS_DATA] = "data",
};

const char *
seg_class_name (SegClass cls)
{
  return class_names[cls];
}

gboolean
seg_class_parse (const char *text, SegClass *out)
{
  for (int i = 0; i < SEG_CLASS_COUNT; i++)
    if (g_ascii_strcasecmp (text, class_names[i]) == 0)
      {
        *out = (SegClass) i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (text, "SYNACK") == 0)
    {
      *out = SEG_CLASS_SYNACK;
      return TRUE;
    }
  return FALSE;
}

static const char *const action_names[LINK_FAULT_ACTION_COUNT] = {
  [LINK_FAULT_DROP] = "drop", [LINK_FAULT_DELAY] = "delay",
  [LINK_FAULT_DUPLICATE] = "duplicate",
};

const char *
link_fault_action_name (LinkFaultAction action)
{
  return action_names[action];
}

gboolean
link_fault_action_parse (const char *text, LinkFaultAction *out)
{
  for (int i = 0; i < LINK_FAULT_ACTION_COUNT; i++)
    if (g_ascii_strcasecmp (text, action_names[i]) == 0)
      {
        *out = (LinkFaultAction) i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (text, "dup") == 0)
    {
      *out = LINK_FAULT_DUPLICATE;
      return TRUE;
    }
  return FALSE;
}

gboolean
link_fault_hits (LinkFault *f, const TcpSegment *seg, SimTime now)
{
  if (now < f->from || now >= f->until || !seg_class_match (f->cls, seg))
    return FALSE;
  f->seen++;
  return f->nth == 0 || f->seen == f->nth;
}
