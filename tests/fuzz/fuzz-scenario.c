/* libFuzzer harness for the scenario language: parse arbitrary text, and
 * when it parses, build the world and run it for a bounded number of
 * events, so that the simulator sees whatever the parser accepts.
 *
 *   make fuzz                       build tests/fuzz/fuzz-scenario (clang)
 *   make fuzz-run FUZZ_SECONDS=60   a run seeded with scenarios/ */
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "scenario/scenario.h"
#include "scenario/scn_expect.h"
#include "scenario/scn_world.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* scn_parse_file refuses NUL bytes before parsing; mirror it. */
  if (memchr (data, '\0', size) != NULL)
    return 0;
  char *text = g_strndup ((const char *) data, size);
  GError *err = NULL;
  Scenario *scn = scn_parse_string ("fuzz.scn", text, NULL, 0, &err);
  if (scn == NULL)
    {
      /* Every message names a place: this file's, or an included one's
       * ("FILE:LINE:COL: error: …" or "FILE: error: …"). */
      g_assert (err != NULL && err->domain == SCN_ERROR);
      g_assert (strstr (err->message, ": error: ") != NULL);
      g_error_free (err);
    }
  else
    {
      World *w = world_new (scn, FALSE, 0, &err);
      if (w != NULL)
        {
          ScnChecker *chk = scn_checker_new (w);
          /* Bounded: generators may ask for millions of connections. */
          world_run (w, &(WorldLimits){ .max_events = 20000 });
          GString *report = g_string_new ("");
          scn_checker_report (chk, report);
          g_string_free (report, TRUE);
          scn_checker_free (chk);
          world_free (w);
        }
      else
        g_error_free (err);
      scn_free (scn);
    }
  g_free (text);
  return 0;
}
