/* Tests of the connection generator (src/app/app_gen.c) at extreme
 * values: arrival gaps and think times past the end of time (issue 13),
 * and a generator that exhausts the client's ephemeral ports.
 *
 * Two hosts, client (10.0.0.1) and server (10.0.0.2), joined by a 1 ms
 * link each way, run linux-profile stacks; the run goes to the last
 * instant a run can reach, so a timer that fired early would show. */
#include <glib.h>

#include "app/app_gen.h"
#include "net/host.h"
#include "net/link.h"
#include "sim/sched.h"
#include "sim/simtime.h"
#include "tcp/tcp.h"
#include "tcp/tcp_profile.h"
#include "trace/trace.h"

#define CLIENT_ADDR 0x0a000001u
#define SERVER_ADDR 0x0a000002u
#define END_OF_TIME (SIM_TIME_NEVER - 1)

typedef struct
{
  Sim sim;
  TraceBus bus;
  TcpIds *ids;
  Host *client, *server;
  Link to_server, to_client;
  TcpStack *cstack, *sstack;
  AppGen *gen;
} AppFixture;

static void
fixture_init (AppFixture *fx, const TcpProfile *client_profile)
{
  sim_init (&fx->sim);
  trace_bus_init (&fx->bus);
  fx->ids = tcp_ids_new ();
  fx->client = host_new (&fx->sim, &fx->bus, "client", CLIENT_ADDR);
  fx->server = host_new (&fx->sim, &fx->bus, "server", SERVER_ADDR);
  link_init (&fx->to_server, &fx->sim, &fx->bus, 1, "client", "server", SERVER_ADDR, host_input,
             fx->server);
  link_init (&fx->to_client, &fx->sim, &fx->bus, 1, "server", "client", CLIENT_ADDR, host_input,
             fx->client);
  fx->to_server.delay = fx->to_client.delay = 1 * SIM_MS;
  host_add_link (fx->client, &fx->to_server);
  host_add_link (fx->server, &fx->to_client);
  const TcpProfile *linux_profile = tcp_profile_lookup ("linux");
  fx->cstack = tcp_stack_new (&fx->sim, &fx->bus, fx->ids, fx->client,
                              client_profile ? client_profile : linux_profile, 1);
  fx->sstack = tcp_stack_new (&fx->sim, &fx->bus, fx->ids, fx->server, linux_profile, 1);
}

static void
fixture_start (AppFixture *fx, const AppGenConfig *cfg)
{
  TcpError err;
  fx->gen = app_gen_new ("G", &fx->cstack, 1, fx->sstack, 80, cfg, 1, &err);
  g_assert_nonnull (fx->gen);
}

static void
fixture_clear (AppFixture *fx)
{
  app_gen_free (fx->gen);
  tcp_stack_free (fx->cstack);
  tcp_stack_free (fx->sstack);
  link_clear (&fx->to_server);
  link_clear (&fx->to_client);
  host_free (fx->client);
  host_free (fx->server);
  tcp_ids_free (fx->ids);
  sim_clear (&fx->sim);
  trace_bus_clear (&fx->bus);
}

static const AppGenConfig base_cfg = {
  .count = 3, .interval = 10 * SIM_MS, .request = 100, .response = 100,
  .closer = APP_CLOSER_SERVER,
};

static void
test_interval_never (void)
{
  /* The second arrival is 2^63 - 1 ns after the first: never. */
  AppFixture fx;
  fixture_init (&fx, NULL);
  AppGenConfig cfg = base_cfg;
  cfg.interval = SIM_TIME_MAX;
  fixture_start (&fx, &cfg);
  sim_run (&fx.sim, END_OF_TIME, 0);
  const AppGenStats *st = app_gen_stats (fx.gen);
  g_assert_cmpuint (st->started, ==, 1);
  g_assert_cmpuint (st->completed, ==, 1);
  g_assert_cmpint (sim_next_time (&fx.sim), ==, SIM_TIME_NEVER);
  fixture_clear (&fx);
}

static void
test_interval_poisson_huge_mean (void)
{
  /* Exponential gaps of mean 2^63 ns draw values no integer holds. */
  AppFixture fx;
  fixture_init (&fx, NULL);
  AppGenConfig cfg = base_cfg;
  cfg.count = 50;
  cfg.interval = SIM_TIME_MAX;
  cfg.poisson = TRUE;
  fixture_start (&fx, &cfg);
  sim_run (&fx.sim, END_OF_TIME, 0);
  const AppGenStats *st = app_gen_stats (fx.gen);
  g_assert_cmpuint (st->started, >=, 1);
  g_assert_cmpuint (st->started, <=, 50);
  g_assert_cmpuint (st->failed, ==, 0);
  fixture_clear (&fx);
}

static void
test_start_at_end_of_time (void)
{
  /* A first arrival at the last instant, the next ones never. */
  AppFixture fx;
  fixture_init (&fx, NULL);
  AppGenConfig cfg = base_cfg;
  cfg.start = END_OF_TIME;
  fixture_start (&fx, &cfg);
  sim_run (&fx.sim, SIM_TIME_NEVER, 0);
  const AppGenStats *st = app_gen_stats (fx.gen);
  g_assert_cmpuint (st->started, ==, 1);
  g_assert_cmpuint (st->established, ==, 0);
  g_assert_cmpint (fx.sim.now, ==, END_OF_TIME);
  fixture_clear (&fx);
}

static void
test_think_never (void)
{
  /* The client thinks for ever after its first response: the second
   * request is never sent, the connection stays open. */
  AppFixture fx;
  fixture_init (&fx, NULL);
  AppGenConfig cfg = base_cfg;
  cfg.requests = 2;
  cfg.think = SIM_TIME_MAX;
  cfg.closer = APP_CLOSER_CLIENT;
  fixture_start (&fx, &cfg);
  sim_run (&fx.sim, END_OF_TIME, 0);
  const AppGenStats *st = app_gen_stats (fx.gen);
  g_assert_cmpuint (st->started, ==, 3);
  g_assert_cmpuint (st->established, ==, 3);
  g_assert_cmpuint (st->completed, ==, 0);
  g_assert_cmpuint (st->failed, ==, 0);
  fixture_clear (&fx);
}

static void
test_ports_exhausted (void)
{
  /* 100 ephemeral ports held 60 s each in TIME-WAIT by the client (the
   * closer), 5,000 connections 100 us apart: the first 100 complete,
   * every later connect() fails with EADDRNOTAVAIL, each on its own,
   * and the search costs a bitmap scan, not a table probe per port. */
  TcpProfile client = *tcp_profile_lookup ("linux");
  client.port_lo = 40000;
  client.port_hi = 40099;
  AppFixture fx;
  fixture_init (&fx, &client);
  AppGenConfig cfg = base_cfg;
  cfg.count = 5000;
  cfg.interval = 100 * SIM_US;
  cfg.closer = APP_CLOSER_CLIENT;
  fixture_start (&fx, &cfg);
  sim_run (&fx.sim, SIM_TIME_NEVER, 0);
  const AppGenStats *st = app_gen_stats (fx.gen);
  g_assert_cmpuint (st->started, ==, 5000);
  g_assert_cmpuint (st->completed, ==, 100);
  g_assert_cmpuint (st->failed, ==, 4900);
  g_assert_cmpuint (st->errors[TCP_EADDRNOTAVAIL], ==, 4900);
  /* Every TIME-WAIT ended: the bitmap went with the last connection. */
  g_assert_cmpuint (host_conn_count (fx.client), ==, 0);
  g_assert_true (fx.client->port_sets == NULL || g_hash_table_size (fx.client->port_sets) == 0);
  fixture_clear (&fx);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/app/gen/interval-never", test_interval_never);
  g_test_add_func ("/app/gen/interval-poisson-huge-mean", test_interval_poisson_huge_mean);
  g_test_add_func ("/app/gen/start-at-end-of-time", test_start_at_end_of_time);
  g_test_add_func ("/app/gen/think-never", test_think_never);
  g_test_add_func ("/app/gen/ports-exhausted", test_ports_exhausted);
  return g_test_run ();
}
