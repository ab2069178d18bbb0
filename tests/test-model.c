/* Tests of the handshake model (src/study/study_model.c).
 *
 * Hand-computed cases first (docs/models.md works the duplicate-SYN one),
 * then the inputs a scenario gives and the scenarios the model refuses
 * (a table), then the model against the simulator: for rfc9293, linux, ns3 and inet
 * at p = q in {0.05, 0.1, 0.2, 0.3}, 20,000 replications of one
 * connection each, every replication with its own fixed seed; the
 * simulated mean handshake time must hold the model's exact mean in its
 * 99% Student-t interval, and the simulated failure fraction must hold
 * model_fail in its 99% Wilson interval.  Beyond the brief's two checks,
 * every simulated handshake time must be one of the model's atoms, to the
 * nanosecond, and the counts per atom must pass a chi-square test of the
 * model's distribution at 1% (atoms pooled from the rare end until each
 * class expects at least 5).  The numbers are printed with g_test_message
 * (--verbose, or the TAP log). */
#include <math.h>
#include <string.h>

#include <glib.h>
#include <gsl/gsl_cdf.h>
#include <stdlib.h>

#include "app/app_gen.h"
#include "scenario/scenario.h"
#include "scenario/scn_world.h"
#include "study/study_model.h"
#include "tcp/tcp_profile.h"

#define EPS 1e-12

static StudyModelInput
input_of (const char *client, const char *server, double p, double q)
{
  StudyModelInput in = {
    .client = *tcp_profile_lookup (client), .server = *tcp_profile_lookup (server),
    .delay_fwd = 50 * SIM_MS, .delay_rev = 50 * SIM_MS, .p = p, .q = q,
  };
  return in;
}

static void
run_model (const StudyModelInput *in, StudyModelResult *r)
{
  GError *err = NULL;
  gboolean ok = study_model_handshake (in, r, &err);
  g_assert_no_error (err);
  g_assert_true (ok);
}

/* The unconditional probability of each atom: given success times
 * P(success). */
static void
assert_atoms (const StudyModelResult *r, const SimTime *t, const double *prob, guint n)
{
  g_assert_cmpuint (r->atoms->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const StudyModelAtom *a = &g_array_index (r->atoms, StudyModelAtom, i);
      g_assert_cmpint (a->time, ==, t[i]);
      g_assert_cmpfloat_with_epsilon (a->prob * (1.0 - r->fail), prob[i], EPS);
    }
}

/* ---- hand-computed ------------------------------------------------------------ */

/* No loss: one atom, at one RTT. */
static void
test_lossless (void)
{
  StudyModelInput in = input_of ("linux", "linux", 0, 0);
  StudyModelResult r;
  run_model (&in, &r);
  const SimTime t[] = { 100 * SIM_MS };
  const double prob[] = { 1.0 };
  assert_atoms (&r, t, prob, 1);
  g_assert_cmpfloat (r.fail, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (r.mean, 0.1, EPS);
  study_model_result_clear (&r);
}

/* Only SYNs are lost (p = 1/2, q = 0): rfc9293 with syn_retries 2 sends
 * SYNs at 0, 1 and 3 s and gives up at 7 s; the first delivered SYN is
 * answered at once, so T = S_k + RTT with probability p^k (1 - p):
 * 0.1 s (1/2), 1.1 s (1/4), 3.1 s (1/8); fail = p^3 = 1/8;
 * mean = (0.05 + 0.275 + 0.3875) / 0.875 = 0.8142857… s. */
static void
test_syn_loss_only (void)
{
  StudyModelInput in = input_of ("rfc9293", "rfc9293", 0.5, 0);
  in.client.syn_retries = 2;
  StudyModelResult r;
  run_model (&in, &r);
  const SimTime t[] = { 100 * SIM_MS, 1100 * SIM_MS, 3100 * SIM_MS };
  const double prob[] = { 0.5, 0.25, 0.125 };
  assert_atoms (&r, t, prob, 3);
  g_assert_cmpfloat_with_epsilon (r.fail, 0.125, EPS);
  g_assert_cmpfloat_with_epsilon (r.mean, 0.7125 / 0.875, EPS);
  study_model_result_clear (&r);
}

/* Only SYN-ACKs are lost (p = 0, q = 1/2); the client sends SYNs at 0
 * and 1 s and gives up at 3 s, so a SYN-ACK must leave by 2.95 s.
 *
 * rfc9293's server answers the duplicate SYN (arriving at 1.05 s) with a
 * challenge ACK; its timer sends SYN-ACKs at 0.05, 1.05, 3.05 s: atoms
 * 0.1 s (1/2), 1.1 s (1/4), fail 1/4.
 *
 * linux's server answers it with a SYN-ACK and re-arms the timer to
 * 1.05 + 1 s; the timer was due at 1.05 s too, but the arrival is handled
 * first (sim/sched.c), so the timer never fires at 1.05: SYN-ACKs at
 * 0.05, 1.05, 2.05 s, atoms 0.1 (1/2), 1.1 (1/4), 2.1 s (1/8), fail 1/8.
 * (Were the timer handled first, it would send at 1.05 and re-arm to
 * 3.05, the duplicate SYN a second SYN-ACK at 1.05: 1.1 s with 3/8, no
 * 2.1 s.) */
static void
test_dup_syn_linux_vs_rfc9293 (void)
{
  StudyModelInput in = input_of ("rfc9293", "rfc9293", 0, 0.5);
  in.client.syn_retries = 1;
  StudyModelResult r;
  run_model (&in, &r);
  const SimTime t[] = { 100 * SIM_MS, 1100 * SIM_MS, 2100 * SIM_MS };
  const double rfc_prob[] = { 0.5, 0.25 };
  assert_atoms (&r, t, rfc_prob, 2);
  g_assert_cmpfloat_with_epsilon (r.fail, 0.25, EPS);
  g_assert_cmpfloat_with_epsilon (r.mean, 0.325 / 0.75, EPS);
  study_model_result_clear (&r);

  in.server = *tcp_profile_lookup ("linux");
  run_model (&in, &r);
  const double linux_prob[] = { 0.5, 0.25, 0.125 };
  assert_atoms (&r, t, linux_prob, 3);
  g_assert_cmpfloat_with_epsilon (r.fail, 0.125, EPS);
  g_assert_cmpfloat_with_epsilon (r.mean, 0.5875 / 0.875, EPS);
  study_model_result_clear (&r);
}

/* docs/models.md's worked example: both directions lose half (p = q =
 * 1/2), the client sends SYNs at 0 and 1 s and gives up at 3 s.
 * rfc9293's server: 0.1 s 1/4, 1.1 s 1/4, 2.1 s 1/16, fail 7/16.
 * linux's server: 0.1 s 8/32, 1.1 s 8/32, 2.1 s 3/32, fail 13/32. */
static void
test_worked_example (void)
{
  StudyModelInput in = input_of ("rfc9293", "rfc9293", 0.5, 0.5);
  in.client.syn_retries = 1;
  StudyModelResult r;
  run_model (&in, &r);
  const SimTime t[] = { 100 * SIM_MS, 1100 * SIM_MS, 2100 * SIM_MS };
  const double rfc_prob[] = { 4 / 16.0, 4 / 16.0, 1 / 16.0 };
  assert_atoms (&r, t, rfc_prob, 3);
  g_assert_cmpfloat_with_epsilon (r.fail, 7 / 16.0, EPS);
  g_assert_cmpfloat_with_epsilon (r.mean, 6.9 / 9, EPS);
  study_model_result_clear (&r);

  in.server = *tcp_profile_lookup ("linux");
  run_model (&in, &r);
  const double linux_prob[] = { 8 / 32.0, 8 / 32.0, 3 / 32.0 };
  assert_atoms (&r, t, linux_prob, 3);
  g_assert_cmpfloat_with_epsilon (r.fail, 13 / 32.0, EPS);
  g_assert_cmpfloat_with_epsilon (r.mean, 15.9 / 19, EPS);
  study_model_result_clear (&r);
}

/* A server that gives up: rfc9293 with synack_retries 0 forgets the
 * request at 1.05 s (the timer is due with the duplicate SYN; the SYN is
 * handled first and draws a challenge ACK, then the timer drops the
 * request).  The client's SYN at 3 s then makes a new SYN-RECEIVED child
 * and a SYN-ACK at 3.05 s.  Client: rfc9293, SYNs at 0, 1, 3, 7 s, gives up
 * at 15 s; p = 0, q = 1/2: SYN-ACKs at 0.05, 3.05, then the new child's
 * timer at 4.05 gives up, then 7.05 (a third child): atoms 0.1 (1/2),
 * 3.1 (1/4), 7.1 s (1/8); fail 1/8. */
static void
test_server_gives_up (void)
{
  StudyModelInput in = input_of ("rfc9293", "rfc9293", 0, 0.5);
  in.client.syn_retries = 3;
  in.server.synack_retries = 0;
  StudyModelResult r;
  run_model (&in, &r);
  const SimTime t[] = { 100 * SIM_MS, 3100 * SIM_MS, 7100 * SIM_MS };
  const double prob[] = { 0.5, 0.25, 0.125 };
  assert_atoms (&r, t, prob, 3);
  g_assert_cmpfloat_with_epsilon (r.fail, 0.125, EPS);
  study_model_result_clear (&r);
}

/* Cardwell et al.: RTT + T_s·((1−q)/(1−2q) + (1−p)/(1−2p) − 2); with
 * p = q = 0.1, T_s = 1 s, RTT = 0.1 s: 0.1 + 2·(0.9/0.8 − 1) = 0.35 s;
 * undefined from 1/2. */
static void
test_csa (void)
{
  StudyModelInput in = input_of ("rfc9293", "rfc9293", 0.1, 0.1);
  StudyModelResult r;
  run_model (&in, &r);
  g_assert_cmpfloat_with_epsilon (r.csa_mean, 0.35, EPS);
  study_model_result_clear (&r);
  in.q = 0.5;
  run_model (&in, &r);
  g_assert_true (isnan (r.csa_mean));
  study_model_result_clear (&r);
}

/* Every SYN lost: no atom, fail 1, mean NaN. */
static void
test_all_lost (void)
{
  StudyModelInput in = input_of ("linux", "linux", 1.0, 0.2);
  StudyModelResult r;
  run_model (&in, &r);
  g_assert_cmpuint (r.atoms->len, ==, 0);
  g_assert_cmpfloat (r.fail, ==, 1.0);
  g_assert_true (isnan (r.mean));
  study_model_result_clear (&r);
}

/* The atoms and fail add up to one for every profile pair at p = q =
 * 0.3, and the atoms are sorted with distinct times. */
static void
test_total_probability (void)
{
  guint n = tcp_profile_count ();
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        StudyModelInput in = input_of (tcp_profile_nth (i)->name, tcp_profile_nth (j)->name, 0.3, 0.3);
        StudyModelResult r;
        run_model (&in, &r);
        double sum = 0;
        for (guint k = 0; k < r.atoms->len; k++)
          {
            const StudyModelAtom *a = &g_array_index (r.atoms, StudyModelAtom, k);
            sum += a->prob;
            if (k > 0)
              g_assert_cmpint (a[-1].time, <, a->time);
          }
        g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-9);
        g_assert_cmpfloat (r.fail, >, 0.0);
        g_assert_cmpfloat (r.fail, <, 1.0);
        study_model_result_clear (&r);
      }
}

static void
test_out_of_reach (void)
{
  StudyModelInput in = input_of ("linux", "linux", 0.1, 0.1);
  in.client.syn_retries = 40;
  StudyModelResult r;
  GError *err = NULL;
  g_assert_false (study_model_handshake (&in, &r, &err));
  g_assert_error (err, STUDY_MODEL_ERROR, STUDY_MODEL_ERROR_OUT_OF_REACH);
  g_assert_nonnull (strstr (err->message, "SYNs"));
  g_clear_error (&err);

  in = input_of ("linux", "linux", 0.1, 0.1);
  in.server.backlog = 0;
  g_assert_false (study_model_handshake (&in, &r, &err));
  g_assert_error (err, STUDY_MODEL_ERROR, STUDY_MODEL_ERROR_OUT_OF_REACH);
  g_assert_nonnull (strstr (err->message, "SYN cookie"));
  g_clear_error (&err);

  in = input_of ("linux", "linux", 0.1, 0.1);
  in.delay_rev = 0;
  g_assert_false (study_model_handshake (&in, &r, &err));
  g_assert_error (err, STUDY_MODEL_ERROR, STUDY_MODEL_ERROR_OUT_OF_REACH);
  g_assert_nonnull (strstr (err->message, "delays above 0"));
  g_clear_error (&err);

  in = input_of ("linux", "linux", 1.5, 0.1);
  g_assert_false (study_model_handshake (&in, &r, &err));
  g_assert_error (err, STUDY_MODEL_ERROR, STUDY_MODEL_ERROR_INVALID);
  g_clear_error (&err);
}

/* ---- from a scenario ----------------------------------------------------------- */

static Scenario *
parse (const char *text)
{
  GError *err = NULL;
  Scenario *scn = scn_parse_string ("model.scn", text, NULL, 0, &err);
  g_assert_no_error (err);
  return scn;
}

static void
test_scenario_input (void)
{
  Scenario *scn = parse ("host c 10.0.0.1 profile freebsd\n"
                         "host s 10.0.0.2 profile linux timers exact\n"
                         "link c -> s delay 30ms loss 0.1\n"
                         "link s -> c delay 20ms loss 0.2\n"
                         "gen g c -> s:80 count 3\n");
  StudyModelInput in;
  GError *err = NULL;
  g_assert_true (study_model_input_from_scenario (scn, &in, &err));
  g_assert_no_error (err);
  g_assert_cmpstr (in.client.name, ==, "freebsd");
  g_assert_cmpstr (in.server.name, ==, "linux");
  g_assert_cmpint (in.delay_fwd, ==, 30 * SIM_MS);
  g_assert_cmpint (in.delay_rev, ==, 20 * SIM_MS);
  g_assert_cmpfloat (in.p, ==, 0.1);
  g_assert_cmpfloat (in.q, ==, 0.2);
  scn_free (scn);

  scn = parse ("profile rfc9293\nhost c 10.0.0.1\nhost s 10.0.0.2\n"
               "link c <-> s delay 10ms\n"
               "at 0s s listen 80 backlog 7\nat 1s c connect s:80 as x\n");
  g_assert_true (study_model_input_from_scenario (scn, &in, &err));
  g_assert_no_error (err);
  g_assert_cmpuint (in.backlog, ==, 7);
  g_assert_cmpfloat (in.p, ==, 0.0);
  scn_free (scn);
}

typedef struct
{
  const char *text; /* after the two hosts */
  const char *why;  /* a part of the message */
} Refusal;

#define HOSTS "host c 10.0.0.1 timers exact\nhost s 10.0.0.2 timers exact\n"
#define GEN "gen g c -> s:80\n"

static const Refusal refusals[] = {
  { "link c <-> s delay 50ms jitter 5ms\n" GEN, "fixed delays: link c->s has jitter" },
  { "link c -> s delay 50ms\nlink s -> c delay 50ms jitter 5ms normal\n" GEN,
    "fixed delays: link s->c has jitter" },
  { "link c <-> s delay 50ms gilbert p=0.1 r=0.5\n" GEN, "independent loss: link c->s" },
  { "link c <-> s delay 50ms rate 1Gbps\n" GEN, "link c->s has a rate" },
  { "link c <-> s delay 50ms reorder 1%\n" GEN, "link c->s reorders" },
  { "link c <-> s delay 50ms duplicate 1%\n" GEN, "link c->s duplicates" },
  { "link c <-> s delay 50ms\nfault s -> c drop SYN-ACK #1\n" GEN, "fault on s->c" },
  { "link c -> s delay 50ms\n" GEN, "no link s->c" },
  { "link c <-> s delay 50ms\n" GEN "run until 10s\n", "the run ends at 10s" },
  { "link c <-> s delay 50ms\n" GEN "at 5s s crash\n", "s crashes" },
  { "link c <-> s delay 50ms\nat 0s c connect s:80 as x\n", "nothing listens on s:80" },
  { "link c <-> s delay 50ms\nat 0s c connect s:80 as x\nat 1s s listen 80\n",
    "only after the connect" },
  { "link c <-> s delay 50ms\nat 0s s listen 80\n", "no generator and no connect step" },
  { "link c <-> s delay 50ms\nat 0s s listen 80\nat 0s c connect s:80 as x\n"
    "at 0s c setsockopt x user_timeout 3s\n", "a connection sets one" },
};

static void
test_scenario_refused (gconstpointer data)
{
  const Refusal *r = data;
  char *text = g_strconcat (HOSTS, r->text, NULL);
  Scenario *scn = parse (text);
  StudyModelInput in;
  GError *err = NULL;
  g_assert_false (study_model_input_from_scenario (scn, &in, &err));
  g_assert_error (err, STUDY_MODEL_ERROR, STUDY_MODEL_ERROR_OUT_OF_REACH);
  if (strstr (err->message, r->why) == NULL)
    g_error ("scenario:\n%s\nmessage '%s' lacks '%s'", text, err->message, r->why);
  g_error_free (err);
  scn_free (scn);
  g_free (text);
}

/* The linux profile's timer wheel: the model's atoms are nominal
 * instants, which the wheel spreads (study_model.c input_for_pair). */
static void
test_scenario_refused_wheel (void)
{
  Scenario *scn = parse ("profile linux\nhost c 10.0.0.1 timers exact\nhost s 10.0.0.2\n"
                         "link c <-> s delay 50ms\n" GEN);
  StudyModelInput in;
  GError *err = NULL;
  g_assert_false (study_model_input_from_scenario (scn, &in, &err));
  g_assert_error (err, STUDY_MODEL_ERROR, STUDY_MODEL_ERROR_OUT_OF_REACH);
  g_assert_nonnull (strstr (err->message, "host s has `timers wheel`"));
  g_error_free (err);
  scn_free (scn);
}

/* ---- the model against the simulator -------------------------------------------- */

#define CHECK_REPS 20000
#define CHECK_LEVEL 0.99

/* Nominal timers: the model's atoms are nominal instants, and it refuses
 * hosts on the timer wheel (/model/scenario/refused/wheel). */
static const char check_scenario[] =
  "param loss = 0\n"
  "host client 10.0.0.1 timers exact\n"
  "host server 10.0.0.2 timers exact\n"
  "link client <-> server delay 50ms loss $loss\n"
  "gen g client -> server:80 count 1 request 1 response 0\n";

/* The Wilson score interval of k/n. */
static void
wilson (guint64 k, guint64 n, double z, double *lo, double *hi)
{
  double ph = (double) k / (double) n, z2 = z * z, nn = (double) n;
  double centre = (ph + z2 / (2 * nn)) / (1 + z2 / nn);
  double half = z / (1 + z2 / nn) * sqrt (ph * (1 - ph) / nn + z2 / (4 * nn * nn));
  *lo = MAX (0.0, centre - half);
  *hi = MIN (1.0, centre + half);
}

static int
time_cmp (const void *a, const void *b)
{
  SimTime x = ((const StudyModelAtom *) a)->time, y = ((const StudyModelAtom *) b)->time;
  return x < y ? -1 : x > y;
}

/* The chi-square statistic of counts[] against the atoms' probabilities
 * for n samples, pooling atoms (the latest first) into classes that each
 * expect at least 5; *df its degrees of freedom. */
static double
chi_square (const StudyModelResult *m, const guint64 *counts, guint64 n, guint *df)
{
  double stat = 0, exp_acc = 0, obs_acc = 0;
  guint classes = 0;
  for (guint i = 0; i < m->atoms->len; i++)
    {
      exp_acc += g_array_index (m->atoms, StudyModelAtom, i).prob * (double) n;
      obs_acc += (double) counts[i];
      if (exp_acc >= 5 || i + 1 == m->atoms->len)
        {
          stat += (obs_acc - exp_acc) * (obs_acc - exp_acc) / exp_acc;
          classes++;
          exp_acc = obs_acc = 0;
        }
    }
  *df = classes > 0 ? classes - 1 : 0;
  return stat;
}

/* One (profile, p = q) point; idx makes its seeds distinct from every
 * other point's. */
static void
check_point (const char *profile, double loss, guint idx)
{
  char *text = g_strdup_printf ("profile %s\n%s", profile, check_scenario);
  char *loss_text = g_strdup_printf ("%.17g", loss);
  ScnDefine def = { "loss", loss_text };
  GError *err = NULL;
  Scenario *scn = scn_parse_string ("check.scn", text, &def, 1, &err);
  g_assert_no_error (err);

  StudyModelInput in;
  StudyModelResult model;
  g_assert_true (study_model_input_from_scenario (scn, &in, &err));
  g_assert_no_error (err);
  g_assert_cmpfloat (in.p, ==, loss);
  run_model (&in, &model);

  guint64 seed0 = 1000003 * (guint64) (idx + 1);
  guint64 n = 0, failed = 0;
  guint64 *counts = g_new0 (guint64, model.atoms->len);
  double sum = 0, sumsq = 0;
  for (guint r = 0; r < CHECK_REPS; r++)
    {
      World *w = world_new (scn, TRUE, seed0 + r, &err);
      g_assert_no_error (err);
      world_run (w, NULL);
      const AppGenStats *st = app_gen_stats (w->gens[0]);
      g_assert_cmpuint (st->started, ==, 1);
      if (app_durations_count (st->handshake) == 1)
        {
          guint nd;
          StudyModelAtom key = { .time = app_durations_sorted (st->handshake, &nd)[0].value };
          StudyModelAtom *at = bsearch (&key, model.atoms->data, model.atoms->len,
                                        sizeof (StudyModelAtom), time_cmp);
          if (at == NULL)
            g_test_fail_printf ("%s p=q=%.2f seed %" G_GUINT64_FORMAT ": handshake time %.9f s "
                                "is none of the model's values", profile, loss, seed0 + r,
                                sim_time_to_s (key.time));
          else
            counts[at - (StudyModelAtom *) model.atoms->data]++;
          double t = sim_time_to_s (key.time);
          sum += t;
          sumsq += t * t;
          n++;
        }
      else
        failed++;
      world_free (w);
    }
  double mean = sum / (double) n;
  double sd = sqrt ((sumsq - (double) n * mean * mean) / (double) (n - 1));
  double half = gsl_cdf_tdist_Pinv (0.5 + CHECK_LEVEL / 2, (double) (n - 1)) * sd / sqrt ((double) n);
  double lo, hi;
  wilson (failed, CHECK_REPS, gsl_cdf_ugaussian_Pinv (0.5 + CHECK_LEVEL / 2), &lo, &hi);
  guint df;
  double chi2 = chi_square (&model, counts, n, &df);
  double chi2_p = df > 0 ? gsl_cdf_chisq_Q (chi2, df) : 1.0;
  g_test_message ("%s p=q=%.2f seeds %" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT
                  ": model mean %.6f s, simulated %.6f +- %.6f s (99%% t); "
                  "model fail %.3g, simulated %" G_GUINT64_FORMAT "/%d (99%% Wilson [%.3g, %.3g]); "
                  "chi-square %.2f on %u df, P = %.3f; Cardwell et al. %.6f s",
                  profile, loss, seed0, seed0 + CHECK_REPS - 1, model.mean, mean, half, model.fail,
                  failed, CHECK_REPS, lo, hi, chi2, df, chi2_p, model.csa_mean);
  if (fabs (mean - model.mean) > half)
    g_test_fail_printf ("%s p=q=%.2f (seeds %" G_GUINT64_FORMAT " + 0..%d): simulated mean %.6f +- "
                        "%.6f s misses the model's %.6f s",
                        profile, loss, seed0, CHECK_REPS - 1, mean, half, model.mean);
  if (model.fail < lo || model.fail > hi)
    g_test_fail_printf ("%s p=q=%.2f (seeds %" G_GUINT64_FORMAT " + 0..%d): simulated failures "
                        "%" G_GUINT64_FORMAT "/%d, interval [%.3g, %.3g] misses the model's %.3g",
                        profile, loss, seed0, CHECK_REPS - 1, failed, CHECK_REPS, lo, hi, model.fail);
  if (chi2_p < 1 - CHECK_LEVEL)
    g_test_fail_printf ("%s p=q=%.2f (seeds %" G_GUINT64_FORMAT " + 0..%d): the handshake times "
                        "fail a chi-square test of the model's distribution (%.2f on %u df, "
                        "P = %.4f)", profile, loss, seed0, CHECK_REPS - 1, chi2, df, chi2_p);
  g_free (counts);
  study_model_result_clear (&model);
  scn_free (scn);
  g_free (loss_text);
  g_free (text);
}

static const double check_losses[] = { 0.05, 0.1, 0.2, 0.3 };

/* The profiles checked against the simulator, in the order that gives
 * each its seeds (linux and rfc9293 first, as before ns3 and inet). */
static const char *const check_profiles[] = { "linux", "rfc9293", "ns3", "inet" };

static void
test_check (gconstpointer data)
{
  const char *profile = data;
  guint k = 0;
  while (strcmp (check_profiles[k], profile) != 0)
    k++;
  guint base = k * G_N_ELEMENTS (check_losses);
  for (guint i = 0; i < G_N_ELEMENTS (check_losses); i++)
    check_point (profile, check_losses[i], base + i);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/model/lossless/one-atom-at-rtt", test_lossless);
  g_test_add_func ("/model/syn-loss/hand-computed", test_syn_loss_only);
  g_test_add_func ("/model/dup-syn/linux-vs-rfc9293", test_dup_syn_linux_vs_rfc9293);
  g_test_add_func ("/model/both-lost/worked-example", test_worked_example);
  g_test_add_func ("/model/synack-give-up/new-child", test_server_gives_up);
  g_test_add_func ("/model/csa/value-and-nan", test_csa);
  g_test_add_func ("/model/all-lost/fails", test_all_lost);
  g_test_add_func ("/model/profiles/total-probability", test_total_probability);
  g_test_add_func ("/model/input/out-of-reach", test_out_of_reach);
  g_test_add_func ("/model/scenario/input", test_scenario_input);
  for (gsize i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      char *path = g_strdup_printf ("/model/scenario/refused/%zu", i);
      g_test_add_data_func (path, &refusals[i], test_scenario_refused);
      g_free (path);
    }
  g_test_add_func ("/model/scenario/refused/wheel", test_scenario_refused_wheel);
  g_test_add_data_func ("/model/check/rfc9293", "rfc9293", test_check);
  g_test_add_data_func ("/model/check/linux", "linux", test_check);
  /* ns-3's duplicate-SYN answer (synack-keep) and INET's 75 s bounds. */
  g_test_add_data_func ("/model/check/ns3", "ns3", test_check);
  g_test_add_data_func ("/model/check/inet", "inet", test_check);
  return g_test_run ();
}
