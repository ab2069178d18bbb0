/* Ctrl-C and SIGTERM: a flag that runs poll, so that an interrupted run
 * stops between events, removes its temporary files and exits 130. */
#ifndef TCPSIM_CLI_INTERRUPT_H
#define TCPSIM_CLI_INTERRUPT_H

#include <signal.h>

/* Installs the handlers (once) and returns the flag they set. */
volatile sig_atomic_t *cli_interrupt_install (void);

#endif
