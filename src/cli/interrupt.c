/* The process's one piece of global state: what the signal handlers set.
 * A handler can reach nothing else.  Runs and sweeps read it only through
 * the functions of interrupt.h. */
#include "cli/interrupt.h"

#include <string.h>
#include <sys/time.h>

static volatile sig_atomic_t poll_flag;  /* a signal or a tick: look */
static volatile sig_atomic_t caught;     /* the signal's number, or 0 */
static volatile sig_atomic_t deferring;  /* outputs exist: defer to the caller */

static void
die_now (int sig)
{
  /* Dies of sig itself, so that the parent (a shell loop, make) sees the
   * signal and stops too; async-signal-safe. */
  signal (sig, SIG_DFL);
  raise (sig);
}

static void
on_signal (int sig)
{
  if (!deferring || caught)
    die_now (sig);
  caught = sig;
  poll_flag = 1;
}

static void
on_tick (int sig)
{
  (void) sig;
  poll_flag = 1;
}

volatile sig_atomic_t *
cli_interrupt_install (void)
{
  static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sigemptyset (&sa.sa_mask);
  for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
    sigaddset (&sa.sa_mask, sigs[i]);
  /* No SA_RESTART: a signal must end a blocking open of a FIFO nobody
   * reads, or a write to a stalled pipe. */
  sa.sa_handler = on_signal;
  for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
    {
      /* An ignored SIGHUP (nohup) or SIGPIPE stays ignored: the parent
       * asked for it (a write to a closed pipe then fails with EPIPE,
       * exit 3).  Not SIGINT or SIGTERM: a shell starts background jobs
       * with SIGINT ignored, and they too must stop cleanly. */
      struct sigaction old;
      if ((sigs[i] == SIGHUP || sigs[i] == SIGPIPE) && sigaction (sigs[i], NULL, &old) == 0
          && old.sa_handler == SIG_IGN)
        continue;
      sigaction (sigs[i], &sa, NULL);
    }
  /* A tick must not break a write in progress: restarted. */
  sa.sa_handler = on_tick;
  sa.sa_flags = SA_RESTART;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGALRM, &sa, NULL);
  deferring = 1;
  return &poll_flag;
}

void
cli_interrupt_defer (int defer)
{
  deferring = defer != 0;
}

int
cli_interrupt_signal (void)
{
  return caught;
}

void
cli_interrupt_clear_tick (void)
{
  if (!caught)
    poll_flag = 0;
}

void
cli_interrupt_tick (unsigned ms)
{
  struct itimerval it;
  memset (&it, 0, sizeof it);
  it.it_value.tv_sec = ms / 1000;
  it.it_value.tv_usec = (ms % 1000) * 1000;
  it.it_interval = it.it_value;
  setitimer (ITIMER_REAL, &it, NULL);
}

int
cli_interrupt_status (void)
{
  return 128 + (caught ? caught : SIGINT);
}
