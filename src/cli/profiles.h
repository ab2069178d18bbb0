/* `tcpsim profiles [NAME]`: the OS profiles side by side, with the source
 * of every value (tcp/tcp_profile.h keeps both as data). */
#ifndef TCPSIM_CLI_PROFILES_H
#define TCPSIM_CLI_PROFILES_H

/* argv[0] is the subcommand ("profiles"); argv[1], when present, names one
 * profile.  Prints to stdout; returns the exit status: 0, or 2 for an
 * unknown profile or option. */
int tcp_cli_profiles (int argc, char **argv);

#endif
