/* The analytic model of the opening handshake beside the simulation
 * (docs/models.md derives it).
 *
 * Under independent loss p (client to server) and q (server to client)
 * with fixed one-way delays, the client's handshake time (connect call to
 * ESTABLISHED) takes finitely many values, one per pattern of losses of
 * the client's SYNs and of the server's SYN-ACKs; the model enumerates
 * them with the profiles' own schedules (the same rules as tcp_timer.c:
 * the SYN schedule, the SYN-ACK timer, the give-up count and time, the
 * duplicate-SYN policy, and how the simulator orders events that fall due
 * at the same instant) and gives the exact distribution, its mean given
 * success, and the probability that connect fails.
 *
 * Beside it, the handshake term of Cardwell, Savage and Anderson,
 * "Modeling TCP Latency" (INFOCOM 2000), eq. for E[T_h]. */
#ifndef TCPSIM_STUDY_MODEL_H
#define TCPSIM_STUDY_MODEL_H

#include <glib.h>

#include "scenario/scenario.h"
#include "tcp/tcp_profile.h"

#define STUDY_MODEL_ERROR (study_model_error_quark ())
GQuark study_model_error_quark (void);

typedef enum
{
  STUDY_MODEL_ERROR_INVALID,      /* an input out of its range (a loss above 1, …) */
  STUDY_MODEL_ERROR_OUT_OF_REACH, /* a scenario or profile the model does not describe */
} StudyModelErrorCode;

typedef struct
{
  TcpProfile client, server;
  SimTime delay_fwd, delay_rev; /* one-way: client to server, server to client */
  double p, q;                  /* loss probabilities, forward and reverse */
  guint backlog;                /* the server's listen backlog, 0 = its profile's */
} StudyModelInput;

/* One value the handshake time can take, with its probability. */
typedef struct
{
  SimTime time;
  double prob;
} StudyModelAtom;

typedef struct
{
  double mean;      /* E[handshake time | connect succeeds], seconds; NaN if it never does */
  double fail;      /* P(connect fails) */
  double csa_mean;  /* Cardwell et al.'s E[T_h], seconds; NaN when p or q >= 0.5 */
  GArray *atoms;    /* StudyModelAtom by time, the distribution given success */
} StudyModelResult;

/* The model's inputs from a parsed scenario: the client and server of its
 * first generator (all its clients must give the same model), or else of
 * its first connect step, whose server must listen from the start; their
 * profiles; and the links between them, which must have a fixed delay
 * (no jitter, rate, reordering or duplication), Bernoulli (or no) loss and
 * no faults.  Neither host may crash, and a `run until` must leave time for
 * connect() to give up.  FALSE with *error set (STUDY_MODEL_ERROR), saying
 * why the scenario is out of the model's reach. */
gboolean study_model_input_from_scenario (const Scenario *scn, StudyModelInput *in,
                                          GError **error);

/* Fills *out (free with study_model_result_clear).  FALSE with *error set
 * when the input is out of reach (a schedule too long to enumerate, a
 * listener whose queues take no connection, so that SYN cookies or drops
 * would answer).  Exact for one connection at a time: concurrent
 * connections of a generator share the links (independent draws, so
 * still exact) and the listener's queues (exact while they have room).
 * The atoms' probabilities sum to 1 (when fail < 1); the mean is theirs. */
gboolean study_model_handshake (const StudyModelInput *in, StudyModelResult *out, GError **error);
void study_model_result_clear (StudyModelResult *out);

#endif
