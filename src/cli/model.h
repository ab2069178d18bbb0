/* `tcpsim model FILE`: the exact model of the opening handshake for a
 * scenario's client and server (study/study_model.h, docs/models.md). */
#ifndef TCPSIM_CLI_MODEL_H
#define TCPSIM_CLI_MODEL_H

/* argv[0] is the subcommand ("model").  Prints to stdout; returns the exit
 * status: 0, or 2 for bad input (an option, the scenario, or a scenario
 * out of the model's reach). */
int cli_model (int argc, char **argv);

#endif
