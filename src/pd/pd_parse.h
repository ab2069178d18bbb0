/* Reading a packetdrill script into a PdScript (pd_script.h).
 *
 * The dialect is packetdrill's (github.com/google/packetdrill and the
 * nplab fork FreeBSD's suite uses), restricted to what tcpsim can run:
 * TCP over IPv4, the system calls of the socket API model, segments with
 * flags, sequence numbers, ack, win and the options MSS, window scale,
 * SACK-permitted, SACK, timestamps, NOP and EOL.  Anything else is an
 * error at its FILE:LINE:COL, before anything runs. */
#ifndef TCPSIM_PD_PARSE_H
#define TCPSIM_PD_PARSE_H

#include "pd/pd_script.h"

/* Parses LEN bytes of TEXT, named FILE in messages.  DEFINES: the
 * NULL-terminated symbols that #ifdef tests (may be NULL).  Returns the
 * script, or NULL with ERROR set to "FILE:LINE:COL: error: …". */
PdScript *pd_parse (const char *file, const char *text, gsize len,
                    const char *const *defines, GError **error);

/* Reads FILE and parses it. */
PdScript *pd_parse_file (const char *file, const char *const *defines, GError **error);

/* Whether tcpsim's socket API model has system call NAME. */
gboolean pd_syscall_known (const char *name);

#endif
