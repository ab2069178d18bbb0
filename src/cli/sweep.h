/* `tcpsim sweep`: replications over a grid of scenario parameters, with
 * statistics, the model, a campaign database and pictures. */
#ifndef TCPSIM_CLI_SWEEP_H
#define TCPSIM_CLI_SWEEP_H

int cli_sweep (int argc, char **argv);

#endif
