/* The process's one piece of signal state: a signal handler can reach
 * nothing else.  Runs and sweeps read it only through the pointer. */
#include "cli/interrupt.h"

#include <string.h>

static volatile sig_atomic_t interrupted;

static void
on_signal (int sig)
{
  (void) sig;
  interrupted = 1;
}

volatile sig_atomic_t *
cli_interrupt_install (void)
{
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  return &interrupted;
}
