/* Segment helpers: flag letters and IPv4 address text. */
#include "net/segment.h"

#include <stdio.h>

void
tcp_segment_flags_str (guint8 flags, char *buf)
{
  /* The order of the TSV trace's flags column: S, F, R, P, A. */
  static const struct
  {
    guint8 bit;
    char letter;
  } order[] = {
    { TCP_FLAG_SYN, 'S' }, { TCP_FLAG_FIN, 'F' }, { TCP_FLAG_RST, 'R' },
    { TCP_FLAG_PSH, 'P' }, { TCP_FLAG_ACK, 'A' },
  };
  char *p = buf;
  for (gsize i = 0; i < G_N_ELEMENTS (order); i++)
    if (flags & order[i].bit)
      *p++ = order[i].letter;
  *p = '\0';
}

void
net_addr_str (guint32 addr, char *buf)
{
  g_snprintf (buf, 16, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xff,
              (addr >> 8) & 0xff, addr & 0xff);
}

gboolean
net_addr_parse (const char *text, guint32 *out)
{
  guint32 addr = 0;
  const char *p = text;
  for (int part = 0; part < 4; part++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      guint v = 0;
      int ndig = 0;
      while (g_ascii_isdigit (*p))
        {
          v = v * 10 + (guint) (*p++ - '0');
          if (++ndig > 3 || v > 255)
            return FALSE;
        }
      addr = (addr << 8) | v;
      if (part < 3 && *p++ != '.')
        return FALSE;
    }
  if (*p != '\0')
    return FALSE;
  *out = addr;
  return TRUE;
}
