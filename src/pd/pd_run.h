/* Running a packetdrill script against a simulated stack.
 *
 * The stack under test is a tcpsim host, "stack" at 192.168.0.1, with a
 * profile.  The script is the other end, "script" at 192.0.2.1: its "<"
 * segments are injected as if sent from there (a link of zero delay), the
 * segments the stack sends to it are captured and checked against its ">"
 * lines, and its system calls drive the socket API model (app_socket.h)
 * on the stack's host.  Ports: bind() takes port 8080 and connect() goes
 * to 192.0.2.1:8080, as packetdrill's defaults; the script's segments to
 * a listener come from port 40000.  Sequence numbers are relative, as in
 * packetdrill: the script's to its own ISN (PD_REMOTE_ISN), the stack's to
 * the ISN of the stack's latest SYN.
 *
 * Time: "+T" counts from the previous line's time, which for a ">" line
 * and a blocking call is when it happened, so small lateness does not
 * accumulate (packetdrill's adjust_relative_event_times()).  A ">" segment
 * must leave within the tolerance of its time; a blocking call must
 * return within the tolerance of its end. */
#ifndef TCPSIM_PD_RUN_H
#define TCPSIM_PD_RUN_H

#include <glib.h>

#include "pd/pd_script.h"
#include "tcp/tcp_profile.h"
#include "trace/trace.h"

#define PD_LOCAL_ADDR 0xc0a80001u  /* 192.168.0.1 */
#define PD_REMOTE_ADDR 0xc0000201u /* 192.0.2.1 */
#define PD_BIND_PORT 8080
#define PD_REMOTE_PORT 40000
#define PD_REMOTE_ISN 1000000u
/* packetdrill's default --tolerance_usecs. */
#define PD_DEFAULT_TOLERANCE (4 * SIM_MS)

typedef enum
{
  PD_PASS,
  PD_FAIL, /* a check failed: the error says where and why */
  PD_SKIP, /* the script is not for tcpsim (IPv6); the error says why */
  PD_BAD_SCRIPT, /* the script cannot be run as written (an argument, an errno) */
} PdOutcome;

typedef struct
{
  const TcpProfile *profile;
  SimTime tolerance;      /* < 0: the script's --tolerance_usecs, else the default */
  guint64 seed;
  SimTime max_time;       /* the script may not run past this (0: 10^7 s) */
} PdRunOptions;

/* Runs script.  Events go to bus (may be NULL).  Lines the runner reads
 * but does not act on (an unknown `command`, a sysctl after the stack
 * started) are described, one per line, in notes (may be NULL).  Unless it
 * passes, error holds "FILE:LINE:COL: error: …" with the
 * expected and actual values and the time. */
PdOutcome pd_run (const PdScript *script, const PdRunOptions *opt, const TraceBus *bus,
                  GString *notes, GError **error);

#endif
