/* libFuzzer harness for the packetdrill front end: read arbitrary text as
 * a script, and when it reads, run it against the linux and freebsd
 * profiles within a bounded simulated time, so that the runner and the
 * socket API model see whatever the reader accepts.
 *
 *   make fuzz                       builds tests/fuzz/fuzz-packetdrill too
 *   make fuzz-run                   runs it FUZZ_PD_SECONDS after the scenario fuzzer */
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "pd/pd_lex.h"
#include "pd/pd_parse.h"
#include "pd/pd_run.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GError *err = NULL;
  const char *const defines[] = { "FreeBSD", NULL };
  PdScript *script = pd_parse ("fuzz.pkt", (const char *) data, size, defines, &err);
  if (script == NULL)
    {
      /* Every message names its place. */
      g_assert (err != NULL && err->domain == PD_ERROR);
      g_assert (strstr (err->message, ": error: ") != NULL);
      g_error_free (err);
      return 0;
    }
  const char *profiles[] = { "linux", "freebsd" };
  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      PdRunOptions opt = { .profile = tcp_profile_lookup (profiles[i]), .tolerance = -1,
                           .seed = 1, .max_time = 1000 * SIM_S };
      GString *notes = g_string_new (NULL);
      PdOutcome r = pd_run (script, &opt, NULL, notes, &err);
      g_assert ((r == PD_PASS) == (err == NULL));
      if (err != NULL)
        {
          g_assert (strstr (err->message, ": error: ") != NULL);
          g_clear_error (&err);
        }
      g_string_free (notes, TRUE);
    }
  pd_script_free (script);
  return 0;
}
