/* `tcpsim packetdrill SCRIPT.pkt…`: runs packetdrill scripts against a
 * profile's stack (pd/pd_run.h, docs/packetdrill.md). */
#ifndef TCPSIM_CLI_PACKETDRILL_H
#define TCPSIM_CLI_PACKETDRILL_H

/* argv[0] is the subcommand.  Returns the exit status: 0 pass, 1 a check
 * failed, 2 a bad script or option, 3 an output failed, 77 skipped. */
int cli_packetdrill (int argc, char **argv);

#endif
