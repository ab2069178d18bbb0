/* The chart sinks (trace_charts.h): the exact data they write for
 * fast-retransmit.scn and syn-flood.scn, and plots/states.gp and
 * plots/seqplot.gp drawing every scenario's data without a word from
 * gnuplot on stderr (no warning, no error). */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "scenario/scenario.h"
#include "scenario/scn_world.h"
#include "trace/trace_charts.h"

typedef struct
{
  char *states_dir, *seq_dir;
  guint rows;
  guint64 conn;
} Charts;

static char *
scenario_path (const char *name)
{
  const char *dir = g_getenv ("SCENARIOS_DIR");
  return g_build_filename (dir ? dir : "scenarios", name, NULL);
}

/* Runs a scenario with both sinks and writes their data into two new
 * folders. */
static void
charts_run (Charts *c, const char *file, guint64 conn)
{
  GError *err = NULL;
  char *path = g_path_is_absolute (file) ? g_strdup (file) : scenario_path (file);
  Scenario *scn = scn_parse_file (path, NULL, 0, &err);
  g_assert_no_error (err);
  World *w = world_new (scn, FALSE, 0, &err);
  g_assert_no_error (err);
  TraceStates *s = trace_states_new ("t");
  TraceSeqplot *p = trace_seqplot_new ("t", conn);
  trace_bus_subscribe (&w->bus, trace_states_event, s);
  trace_bus_subscribe (&w->bus, trace_seqplot_event, p);
  world_run (w, NULL);
  c->states_dir = g_dir_make_tmp ("tcpsim-states-XXXXXX", &err);
  g_assert_no_error (err);
  c->seq_dir = g_dir_make_tmp ("tcpsim-seq-XXXXXX", &err);
  g_assert_no_error (err);
  g_assert_true (trace_states_write (s, c->states_dir, 50, &err));
  g_assert_no_error (err);
  g_assert_true (trace_seqplot_write (p, c->seq_dir, &err));
  g_assert_no_error (err);
  c->rows = trace_states_rows (s);
  c->conn = trace_seqplot_conn (p);
  trace_states_free (s);
  trace_seqplot_free (p);
  world_free (w);
  scn_free (scn);
  g_free (path);
}

static void
remove_dir (char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
      g_free (p);
    }
  if (d)
    g_dir_close (d);
  g_rmdir (dir);
  g_free (dir);
}

static void
charts_clear (Charts *c)
{
  remove_dir (c->states_dir);
  remove_dir (c->seq_dir);
}

static char *
slurp (const char *dir, const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_free (path);
  return text;
}

static void
assert_file (const char *dir, const char *name, const char *want)
{
  char *got = slurp (dir, name);
  g_assert_cmpstr (got, ==, want);
  g_free (got);
}

/* The client's states through a fast retransmit and a close: SYN-SENT,
 * ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2 for an instant (the server's FIN
 * acknowledges the client's), TIME-WAIT for Linux's 60 s; the server's
 * passive close.  The sequence plot: ten segments at 0.1 s, the second
 * lost, nine duplicate ACKs at 0.2 s and its fast retransmission then,
 * the cumulative ACK at 0.3 s, the FIN at 1 s; the window edge is the ACK
 * plus 63 << 10 (the server's window scale 10). */
static void
test_fast_retransmit (void)
{
  Charts c;
  charts_run (&c, "fast-retransmit.scn", 0);
  g_assert_cmpuint (c.rows, ==, 2);
  g_assert_cmpuint (c.conn, ==, 1);
  assert_file (c.states_dir, "states.dat",
               "# row from_s to_s state_index\n"
               "0 0.000000000 0.100000000 1\n"
               "0 0.100000000 1.000000000 3\n"
               "0 1.000000000 1.100000000 4\n"
               "0 1.100000000 1.100000000 5\n"
               "0 1.100000000 61.915561389 9\n"
               "1 0.050000000 0.150000000 2\n"
               "1 0.150000000 1.050000000 3\n"
               "1 1.050000000 1.050000000 6\n"
               "1 1.050000000 1.150000000 8\n");
  assert_file (c.states_dir, "errors.dat", "# row time_s \"error\"\n");
  assert_file (c.states_dir, "params.gp",
               "NROWS = 2\nTOTALROWS = 2\nTMAX = 61.915561389\nTITLE = 't'\n"
               "USED = \" 1 2 3 4 5 6 8 9\"\nHAS_ERRORS = 0\n"
               "set ytics ('client #1' 0, 'server #1' 1)\n");
  assert_file (c.seq_dir, "data.dat",
               "# time_s seq_from seq_to (new data)\n"
               "0.100000000 1 1461\n"
               "0.100000000 1461 2921\n"
               "0.100000000 2921 4381\n"
               "0.100000000 4381 5841\n"
               "0.100000000 5841 7301\n"
               "0.100000000 7301 8761\n"
               "0.100000000 8761 10221\n"
               "0.100000000 10221 11681\n"
               "0.100000000 11681 13141\n"
               "0.100000000 13141 14601\n"
               "1.000000000 14601 14602\n");
  assert_file (c.seq_dir, "rexmit.dat",
               "# time_s seq_from seq_to (sent again)\n0.200000000 1461 2921\n");
  assert_file (c.seq_dir, "lost.dat",
               "# time_s seq_from seq_to (lost by the link)\n0.100000000 1461 2921\n");
  GString *acks = g_string_new ("# time_s ack window_edge (arriving at the sender)\n");
  for (int i = 0; i < 9; i++)
    g_string_append (acks, "0.200000000 1461 66997\n");
  g_string_append (acks, "0.300000000 14601 80137\n1.100000000 14602 80138\n");
  assert_file (c.seq_dir, "acks.dat", acks->str);
  g_string_free (acks, TRUE);
  assert_file (c.seq_dir, "params.gp",
               "TITLE = 't'\nSUBTITLE = 'connection 1: client -> server'\n"
               "NDATA = 11\nNREXMIT = 1\nNLOST = 1\nNACKS = 11\n"
               "TMIN = 0.100000000\nTMAX = 1.100000000\nSMAX = 14602\nWMAX = 80138\n");
  charts_clear (&c);
}

/* 4316 connection ends, the first 50 drawn, the two ends of a connection
 * together: each attacker's half-open connections (0.5 ms apart on each
 * of the two) in SYN-SENT until ETIMEDOUT 131 s later, and the server's
 * end in SYN-RECEIVED from the SYN's arrival 50 ms later until its
 * SYN-ACK retries run out at 99 s.  The first connection with data is a
 * legitimate user's of the server with SYN cookies (id 802): 100 bytes,
 * 1 byte of FIN, one RTT each. */
static void
test_syn_flood (void)
{
  Charts c;
  charts_run (&c, "syn-flood.scn", 0);
  g_assert_cmpuint (c.rows, ==, 4316);
  g_assert_cmpuint (c.conn, ==, 802);
  char *states = slurp (c.states_dir, "states.dat");
  char **lines = g_strsplit (states, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 52); /* header, 50 rows, "" */
  for (guint i = 0; i < 50; i++)
    {
      /* Row i: connection i / 2 + 1, started at (i / 4) * 0.5 ms; the
       * attacker's end first. */
      guint t0 = (i / 4) * 500000;
      char *want = i % 2 == 0 ? g_strdup_printf ("%u 0.%09u 131.%09u 1", i, t0, t0)
                              : g_strdup_printf ("%u 0.%09u 99.%09u 2", i, 50000000 + t0, 50000000 + t0);
      g_assert_cmpstr (lines[i + 1], ==, want);
      g_free (want);
    }
  g_strfreev (lines);
  g_free (states);
  char *errors = slurp (c.states_dir, "errors.dat");
  g_assert_true (g_str_has_prefix (errors, "# row time_s \"error\"\n0 131.000000000 \"ETIMEDOUT\"\n"
                                           "2 131.000000000 \"ETIMEDOUT\"\n4 131.000500000 \"ETIMEDOUT\"\n"));
  g_free (errors);
  char *params = slurp (c.states_dir, "params.gp");
  g_assert_true (g_str_has_prefix (params, "NROWS = 50\nTOTALROWS = 4316\nTMAX = 132.150000000\n"
                                           "TITLE = 't'\nUSED = \" 1 2\"\nHAS_ERRORS = 1\n"
                                           "set ytics ('attacker1 #1' 0, 'plain #1' 1, "
                                           "'attacker2 #2' 2, 'cookies #2' 3, "));
  g_assert_true (strstr (params, "'attacker1 #25' 48, 'plain #25' 49)\n") != NULL);
  g_free (params);
  assert_file (c.seq_dir, "data.dat",
               "# time_s seq_from seq_to (new data)\n0.300000000 1 101\n0.400000000 101 102\n");
  assert_file (c.seq_dir, "acks.dat",
               "# time_s ack window_edge (arriving at the sender)\n"
               "0.400000000 101 65637\n0.400000000 101 65637\n0.400000000 101 65637\n"
               "0.500000000 102 65638\n");
  assert_file (c.seq_dir, "params.gp",
               "TITLE = 't'\nSUBTITLE = 'connection 802: users2 -> cookies'\n"
               "NDATA = 2\nNREXMIT = 0\nNLOST = 0\nNACKS = 4\n"
               "TMIN = 0.300000000\nTMAX = 0.500000000\nSMAX = 102\nWMAX = 65638\n");
  charts_clear (&c);
}

/* A connection asked for by id; one that never sent data draws nothing. */
static void
test_seqplot_conn (void)
{
  Charts c;
  charts_run (&c, "syn-flood.scn", 805);
  g_assert_cmpuint (c.conn, ==, 0); /* an attacker's: a SYN, never data */
  assert_file (c.seq_dir, "params.gp",
               "TITLE = 't'\nSUBTITLE = 'connection 805 sent no data'\n"
               "NDATA = 0\nNREXMIT = 0\nNLOST = 0\nNACKS = 0\n"
               "TMIN = 0.000000000\nTMAX = 0.000000000\nSMAX = 0\nWMAX = 0\n");
  charts_clear (&c);
  /* The next user, 50 ms later. */
  charts_run (&c, "syn-flood.scn", 1004);
  g_assert_cmpuint (c.conn, ==, 1004);
  assert_file (c.seq_dir, "params.gp",
               "TITLE = 't'\nSUBTITLE = 'connection 1004: users2 -> cookies'\n"
               "NDATA = 2\nNREXMIT = 0\nNLOST = 0\nNACKS = 4\n"
               "TMIN = 0.350000000\nTMAX = 0.550000000\nSMAX = 102\nWMAX = 65638\n");
  charts_clear (&c);
}

/* gnuplot draws dir's data with script into a PNG, saying nothing on
 * stderr. */
static void
assert_draws (const char *script, const char *dir, const char *scenario)
{
  const char *gnuplot = g_getenv ("GNUPLOT");
  const char *plots = g_getenv ("TCPSIM_PLOTS_DIR");
  char *sp = g_build_filename (plots ? plots : "plots", script, NULL);
  char *png = g_build_filename (dir, "picture.png", NULL);
  char *vars = g_strdup_printf ("datadir='%s'; outfile='%s'; fmt='png'", dir, png);
  const char *argv[] = { gnuplot && *gnuplot ? gnuplot : "gnuplot", "-e", vars, sp, NULL };
  char *err = NULL;
  int status = 0;
  GError *e = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &err, &status, &e));
  g_assert_no_error (e);
  if (*err != '\0' || !g_spawn_check_wait_status (status, NULL))
    g_error ("%s on %s: gnuplot said: %s", script, scenario, err);
  struct stat st;
  g_assert_true (g_stat (png, &st) == 0 && st.st_size > 1000);
  g_free (err);
  g_free (vars);
  g_free (png);
  g_free (sp);
}

static void
test_every_scenario_draws (void)
{
  char *gp = g_find_program_in_path ("gnuplot");
  gboolean have = gp != NULL;
  g_free (gp);
  if (!have)
    {
      g_test_skip ("gnuplot not installed");
      return;
    }
  const char *sdir = g_getenv ("SCENARIOS_DIR");
  GDir *d = g_dir_open (sdir ? sdir : "scenarios", 0, NULL);
  g_assert_nonnull (d);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".scn"))
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  g_assert_cmpuint (names->len, >, 30);
  for (guint i = 0; i < names->len; i++)
    {
      Charts c;
      charts_run (&c, g_ptr_array_index (names, i), 0);
      assert_draws ("states.gp", c.states_dir, g_ptr_array_index (names, i));
      /* With no data, the chart says so. */
      assert_draws ("seqplot.gp", c.seq_dir, g_ptr_array_index (names, i));
      charts_clear (&c);
    }
  g_ptr_array_free (names, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/charts/fast-retransmit", test_fast_retransmit);
  g_test_add_func ("/charts/syn-flood", test_syn_flood);
  g_test_add_func ("/charts/seqplot-conn", test_seqplot_conn);
  g_test_add_func ("/charts/every-scenario-draws", test_every_scenario_draws);
  return g_test_run ();
}
