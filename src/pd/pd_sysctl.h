/* The sysctls of packetdrill scripts' shell lines, as profile values.
 *
 * Scripts set the kernel's knobs with `sysctl -w NAME=VALUE` (Linux
 * net.ipv4.tcp_*, FreeBSD net.inet.tcp.*).  Those that match a value of
 * TcpProfile set it; those that name something tcpsim does not model are
 * accepted when the value asks for nothing (ECN off, no blackhole) and
 * refused otherwise, so a script never runs against a stack it did not
 * ask for without saying so. */
#ifndef TCPSIM_PD_SYSCTL_H
#define TCPSIM_PD_SYSCTL_H

#include <glib.h>

#include "tcp/tcp_profile.h"

typedef enum
{
  PD_SYSCTL_APPLIED,     /* a profile value was set */
  PD_SYSCTL_NOOP,        /* known; this value changes nothing tcpsim models */
  PD_SYSCTL_UNSUPPORTED, /* known, but this value asks for what tcpsim does not model */
  PD_SYSCTL_BAD_VALUE,   /* known, and the value does not read */
  PD_SYSCTL_UNKNOWN,     /* not a sysctl tcpsim knows */
  PD_SYSCTL_NOT_SYSCTL,  /* the command is not `sysctl [-w|-q] NAME=VALUE` */
} PdSysctlResult;

/* Reads a shell line; for a sysctl, applies it to p.  *what (free it)
 * says what was done or why not, for the run's notes. */
PdSysctlResult pd_sysctl_apply (TcpProfile *p, const char *command, char **what);

#endif
