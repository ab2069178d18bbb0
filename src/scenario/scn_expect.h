/* Checking a scenario's expectations.  The checker is a trace sink: it
 * records the state history and errors of every named connection end and
 * counts the segments each host sends to each other host by class; after
 * the run, each expectation is judged against what was recorded. */
#ifndef TCPSIM_SCN_EXPECT_H
#define TCPSIM_SCN_EXPECT_H

#include <glib.h>

#include "scenario/scn_world.h"

typedef struct ScnChecker ScnChecker;

/* Subscribes to w->bus. */
ScnChecker *scn_checker_new (World *w);
void scn_checker_free (ScnChecker *chk);

/* Judges every expectation.  Appends one line per expectation to report
 * ("PASS file:line: text" or "FAIL file:line: text: saw …") and returns
 * the number that failed. */
guint scn_checker_report (ScnChecker *chk, GString *report);

#endif
