/* Signals.  SIGINT, SIGTERM, SIGHUP and SIGPIPE stop tcpsim cleanly:
 *
 * - while nothing needs undoing (parsing, building the world, between the
 *   scenarios of `check`), the signal ends the process at once, as its
 *   default action would: there is nothing to remove;
 * - once outputs exist (cli_interrupt_defer (TRUE)), a signal only sets a
 *   flag that the run polls between chunks of events, while drawing and
 *   before committing; the caller then removes its temporary files and
 *   exits 128 + the signal's number (130 for Ctrl-C);
 * - a second signal while the first is being handled ends the process at
 *   once (outputs are O_TMPFILE files where the filesystem allows it, so
 *   even then nothing is left behind).
 *
 * A SIGHUP or SIGPIPE ignored when tcpsim starts (nohup) stays ignored.
 *
 * A tick (SIGALRM, cli_interrupt_tick) sets the same flag without a
 * signal number, so that a run stops every so often to show its progress
 * and check its wall-clock limit, then resumes. */
#ifndef TCPSIM_CLI_INTERRUPT_H
#define TCPSIM_CLI_INTERRUPT_H

#include <signal.h>

/* Installs the handlers (once), in deferring mode, and returns the flag
 * they set: non-zero means "stop polling and look". */
volatile sig_atomic_t *cli_interrupt_install (void);

/* Deferring mode (outputs exist: signals set the flag) or not (signals
 * end the process). */
void cli_interrupt_defer (int defer);

/* The signal that asked us to stop, or 0 (the flag was only a tick). */
int cli_interrupt_signal (void);

/* Clears a tick from the flag; a caught signal stays. */
void cli_interrupt_clear_tick (void);

/* Sets the flag every ms milliseconds from now (0 stops the ticks). */
void cli_interrupt_tick (unsigned ms);

/* The exit status for the caught signal: 128 + its number. */
int cli_interrupt_status (void);

#endif
