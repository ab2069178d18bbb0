/* Tests of the sweep machinery (src/study/: grid, seeds, the measuring
 * sink, the runner, the per-point summary and the CSV files) and of the
 * scenario's study statements (`sweep`, `runs`, scn_sweep_values in
 * src/scenario/scn_parse_sweep.c).
 *
 * Expected values are worked out by hand, each where it is asserted: the
 * handshake and close times of one lifecycle on a 50 ms link, the counts,
 * means and CSV text of hand-built replications (Wilson bounds and the t
 * quantile at 2 degrees of freedom, 0.95/√(2·0.975·0.025), from python3's
 * statistics.NormalDist and math).  Invalid inputs are tables.  Runs use
 * fixed seeds, printed in the failure messages. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "scenario/scenario.h"
#include "scenario/scn_world.h"
#include "study/study_csv.h"
#include "study/study_grid.h"
#include "study/study_measure.h"
#include "study/study_record.h"
#include "study/study_runner.h"
#include "study/study_seed.h"
#include "study/study_summary.h"
#include "tcp/tcp.h"

#define MS(x) ((SimTime) (x) * SIM_MS)

/* ---- scn_sweep_values ------------------------------------------------------ */

/* Splits spec with scn_sweep_values, which must succeed, and compares the
 * values with want (a NULL-terminated list). */
static void
assert_values (const char *spec, const char *const *want)
{
  GPtrArray *v = g_ptr_array_new_with_free_func (g_free);
  const char *why = NULL;
  if (!scn_sweep_values (spec, v, &why))
    g_error ("scn_sweep_values (\"%s\") failed: %s", spec, why);
  guint n = g_strv_length ((char **) want);
  for (guint i = 0; i < MIN (n, v->len); i++)
    if (strcmp (g_ptr_array_index (v, i), want[i]) != 0)
      g_error ("scn_sweep_values (\"%s\"): value %u is '%s', want '%s'", spec, i,
               (char *) g_ptr_array_index (v, i), want[i]);
  g_assert_cmpuint (v->len, ==, n);
  g_ptr_array_free (v, TRUE);
}

static void
test_values_range_fractions (void)
{
  /* 0.3 / 0.05 is 5.999999999999999 in binary: STOP must still be in. */
  assert_values ("0:0.3:0.05",
                 (const char *const[]) { "0", "0.05", "0.1", "0.15", "0.2", "0.25", "0.3", NULL });
  /* STOP not on a step: the last value is below it. */
  assert_values ("0:1:0.3", (const char *const[]) { "0", "0.3", "0.6", "0.9", NULL });
  assert_values ("0.1:0.1:0.05", (const char *const[]) { "0.1", NULL });
  assert_values ("-0.2:0.2:0.1", (const char *const[]) { "-0.2", "-0.1", "0", "0.1", "0.2", NULL });
}

static void
test_values_range_units (void)
{
  assert_values ("10ms:50ms:10ms",
                 (const char *const[]) { "10ms", "20ms", "30ms", "40ms", "50ms", NULL });
  assert_values ("1s:2s:0.5s", (const char *const[]) { "1s", "1.5s", "2s", NULL });
}

static void
test_values_range_largest (void)
{
  /* Exactly SCN_SWEEP_MAX_VALUES values is allowed. */
  GPtrArray *v = g_ptr_array_new_with_free_func (g_free);
  const char *why = NULL;
  g_assert_true (scn_sweep_values ("1:100000:1", v, &why));
  g_assert_cmpuint (v->len, ==, SCN_SWEEP_MAX_VALUES);
  g_assert_cmpstr (g_ptr_array_index (v, 0), ==, "1");
  g_assert_cmpstr (g_ptr_array_index (v, v->len - 1), ==, "100000");
  g_ptr_array_free (v, TRUE);
}

static void
test_values_list (void)
{
  assert_values ("linux,rfc9293", (const char *const[]) { "linux", "rfc9293", NULL });
  assert_values ("10ms,50ms,200ms", (const char *const[]) { "10ms", "50ms", "200ms", NULL });
  assert_values ("only", (const char *const[]) { "only", NULL });
  /* Spaces around an item (a quoted shell word) are not part of it. */
  assert_values (" linux , rfc9293", (const char *const[]) { "linux", "rfc9293", NULL });
}

static void
test_values_append (void)
{
  /* Values are appended after what out already holds. */
  GPtrArray *v = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (v, g_strdup ("before"));
  const char *why = NULL;
  g_assert_true (scn_sweep_values ("a,b", v, &why));
  g_assert_cmpuint (v->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (v, 0), ==, "before");
  g_assert_cmpstr (g_ptr_array_index (v, 2), ==, "b");
  g_ptr_array_free (v, TRUE);
}

typedef struct
{
  const char *name; /* under /study/sweep-values/bad/ */
  const char *spec; /* NULL: computed (a list of 100001 items) */
  const char *why;
} BadSpec;

#define WHY_FORM "a range is START:STOP:STEP, numbers with the same unit (0:0.3:0.05, 10ms:50ms:10ms)"

static const BadSpec bad_specs[] = {
  { "step-zero", "0:1:0", "the range's STEP is 0" },
  { "step-negative", "0:1:-0.1", "the range's STEP must be positive" },
  { "stop-below-start", "1:0:0.1", "the range is empty (STOP is below START)" },
  { "mixed-units", "10ms:1s:10ms", "the range's START, STOP and STEP must have the same unit" },
  { "unit-on-one-end", "10ms:50:10ms", "the range's START, STOP and STEP must have the same unit" },
  { "too-many-in-range", "0:1:0.00001", "the range has more than 100000 values" },
  { "too-many-in-list", NULL, "the list has more than 100000 values" },
  { "empty-item", "a,,b", "a list item is empty (values are separated by single commas)" },
  { "empty-last-item", "a,b,", "a list item is empty (values are separated by single commas)" },
  { "empty-first-item", ",a", "a list item is empty (values are separated by single commas)" },
  /* g_strsplit ("") gives no item at all: nothing to sweep over. */
  { "empty-spec", "", "there is no value (give a range 0:0.3:0.05 or a list a,b,c)" },
  { "listed-twice", "linux,rfc9293,linux", "a value is listed twice" },
  { "blank-item", "linux, ,rfc9293", "a list item is empty (values are separated by single commas)" },
  { "two-fields", "0:1", WHY_FORM },
  { "four-fields", "0:1:0.1:2", WHY_FORM },
  { "empty-field", "0::0.1", WHY_FORM },
  { "not-a-number", "a:b:c", WHY_FORM },
  { "digit-after-unit", "0:1:0.1x1", WHY_FORM },
  { "space-in-field", "0: 1:0.1", WHY_FORM },
  { "nan", "nan:1:0.1", WHY_FORM },
  { "infinite-stop", "0:inf:1", WHY_FORM },
};

static void
test_values_bad (gconstpointer data)
{
  const BadSpec *bs = data;
  char *spec = NULL;
  if (bs->spec == NULL)
    {
      GString *s = g_string_new ("v");
      for (guint i = 1; i <= SCN_SWEEP_MAX_VALUES; i++)
        g_string_append (s, ",v");
      spec = g_string_free (s, FALSE);
    }
  GPtrArray *v = g_ptr_array_new_with_free_func (g_free);
  const char *why = NULL;
  gboolean ok = scn_sweep_values (spec ? spec : bs->spec, v, &why);
  if (ok)
    {
      /* Not fatal, so that the cases after it still run. */
      g_test_fail_printf ("scn_sweep_values (\"%s\") succeeded with %u values; it must fail",
                          spec ? "(100001 items)" : bs->spec, v->len);
      g_ptr_array_free (v, TRUE);
      g_free (spec);
      return;
    }
  g_assert_nonnull (why);
  if (bs->why != NULL)
    g_assert_cmpstr (why, ==, bs->why);
  /* A failed spec appends nothing. */
  g_assert_cmpuint (v->len, ==, 0);
  g_ptr_array_free (v, TRUE);
  g_free (spec);
}

/* ---- the scenario's `sweep` and `runs` ------------------------------------ */

#define HOSTS "host client 10.0.0.1\nhost server 10.0.0.2\n"

static void
test_scenario_sweep_and_runs (void)
{
  GError *err = NULL;
  Scenario *scn = scn_parse_string ("t.scn",
                                    HOSTS "param loss = 0\n"
                                          "param profile = linux\n"
                                          "sweep loss 0:0.3:0.05\n"
                                          "sweep  profile linux,rfc9293\n"
                                          "runs 2000\n",
                                    NULL, 0, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (scn->runs, ==, 2000);
  g_assert_cmpuint (scn->sweeps->len, ==, 2);
  const ScnSweep *a = &g_array_index (scn->sweeps, ScnSweep, 0);
  const ScnSweep *b = &g_array_index (scn->sweeps, ScnSweep, 1);
  g_assert_cmpstr (a->name, ==, "loss");
  g_assert_cmpstr (a->spec, ==, "0:0.3:0.05");
  g_assert_cmpstr (a->loc.file, ==, "t.scn");
  g_assert_cmpint (a->loc.line, ==, 5);
  g_assert_cmpint (a->loc.col, ==, 7);
  g_assert_cmpstr (b->name, ==, "profile");
  g_assert_cmpstr (b->spec, ==, "linux,rfc9293");
  g_assert_cmpint (b->loc.line, ==, 6);
  g_assert_cmpint (b->loc.col, ==, 8);
  scn_free (scn);

  /* Without them: no sweep, runs 0. */
  scn = scn_parse_string ("t.scn", HOSTS, NULL, 0, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (scn->runs, ==, 0);
  g_assert_cmpuint (scn->sweeps->len, ==, 0);
  scn_free (scn);
}

typedef struct
{
  const char *name; /* under /study/scenario/bad/ */
  const char *text;
  ScnErrorCode code;
  const char *message;
} BadScenario;

static const BadScenario bad_scenarios[] = {
  { "undeclared-parameter", HOSTS "param loss = 0\nsweep los 0:1:0.5\n", SCN_ERROR_INVALID,
    "t.scn:4:7: error: 'sweep los': declare the parameter first with 'param los = VALUE'\n"
    "  sweep los 0:1:0.5\n"
    "        ^" },
  { "parameter-declared-later", HOSTS "sweep loss 0,1\nparam loss = 0\n", SCN_ERROR_INVALID,
    "t.scn:3:7: error: 'sweep loss': declare the parameter first with 'param loss = VALUE'\n"
    "  sweep loss 0,1\n"
    "        ^" },
  { "swept-twice", HOSTS "param loss = 0\nsweep loss 0,1\nsweep loss 0:1:0.5\n", SCN_ERROR_INVALID,
    "t.scn:5:7: error: parameter 'loss' is swept twice\n"
    "  sweep loss 0:1:0.5\n"
    "        ^" },
  { "bad-values-step-zero", HOSTS "param loss = 0\nsweep loss 0:1:0\n", SCN_ERROR_SYNTAX,
    "t.scn:4:12: error: bad sweep values '0:1:0': the range's STEP is 0\n"
    "  sweep loss 0:1:0\n"
    "             ^" },
  { "bad-values-empty-item", HOSTS "param p = linux\nsweep p linux,,rfc9293\n", SCN_ERROR_SYNTAX,
    "t.scn:4:9: error: bad sweep values 'linux,,rfc9293': a list item is empty (values are "
    "separated by single commas)\n"
    "  sweep p linux,,rfc9293\n"
    "          ^" },
  { "missing-values", HOSTS "param loss = 0\nsweep loss\n", SCN_ERROR_SYNTAX,
    "t.scn:4:11: error: expected the values (a range 0:0.3:0.05 or a list a,b,c) at the end of "
    "the line\n"
    "  sweep loss\n"
    "            ^" },
  { "runs-zero", HOSTS "runs 0\n", SCN_ERROR_INVALID,
    "t.scn:3:6: error: number of runs 0 is out of range (1 to 1000000000)\n"
    "  runs 0\n"
    "       ^" },
  { "runs-too-many", HOSTS "runs 1000000001\n", SCN_ERROR_INVALID,
    "t.scn:3:6: error: number of runs 1000000001 is out of range (1 to 1000000000)\n"
    "  runs 1000000001\n"
    "       ^" },
  { "runs-missing", HOSTS "runs\n", SCN_ERROR_SYNTAX,
    "t.scn:3:5: error: expected a number of runs at the end of the line\n"
    "  runs\n"
    "      ^" },
};

static void
test_scenario_bad (gconstpointer data)
{
  const BadScenario *bc = data;
  GError *err = NULL;
  Scenario *scn = scn_parse_string ("t.scn", bc->text, NULL, 0, &err);
  g_assert_null (scn);
  g_assert_error (err, SCN_ERROR, (gint) bc->code);
  g_assert_cmpstr (err->message, ==, bc->message);
  g_error_free (err);
}

static void
test_scenario_empty_values (void)
{
  /* A parameter can make the values empty: `sweep loss ${e}` with -D e=.
   * An empty spec has no value to sweep over (scenario.h: FALSE when the
   * spec is not one), so it must be refused where it is written. */
  ScnDefine d = { "e", "" };
  GError *err = NULL;
  Scenario *scn = scn_parse_string ("t.scn", HOSTS "param e = x\nparam loss = 0\nsweep loss ${e}\n",
                                    &d, 1, &err);
  if (scn != NULL)
    {
      g_test_fail_printf ("'sweep loss ${e}' with -D e= parsed: a sweep of %u values over spec '%s'",
                          scn->sweeps->len, g_array_index (scn->sweeps, ScnSweep, 0).spec);
      scn_free (scn);
      return;
    }
  g_assert_error (err, SCN_ERROR, SCN_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (err->message, "t.scn:5:12: error: bad sweep values '': "));
  g_error_free (err);
}

/* ---- study_grid ------------------------------------------------------------ */

static void
vary_ok (StudyGrid *g, const char *name, const char *spec)
{
  GError *err = NULL;
  g_assert_true (study_grid_vary (g, name, spec, &err));
  g_assert_no_error (err);
}

static void
test_grid_order (void)
{
  StudyGrid *g = study_grid_new ();
  /* No axis: one point, the fixed parameters alone. */
  g_assert_cmpuint (study_grid_npoints (g), ==, 1);
  vary_ok (g, "loss", "0:0.2:0.1");
  vary_ok (g, "profile", "linux,rfc9293");
  vary_ok (g, "delay", "10ms,50ms");
  g_assert_cmpuint (study_grid_npoints (g), ==, 12);
  /* The first axis changes slowest: point k is (k / 4, (k / 2) % 2, k % 2). */
  static const char *const loss[] = { "0", "0.1", "0.2" };
  static const char *const profile[] = { "linux", "rfc9293" };
  static const char *const delay[] = { "10ms", "50ms" };
  for (guint k = 0; k < 12; k++)
    {
      g_assert_cmpstr (study_grid_value (g, k, 0), ==, loss[k / 4]);
      g_assert_cmpstr (study_grid_value (g, k, 1), ==, profile[(k / 2) % 2]);
      g_assert_cmpstr (study_grid_value (g, k, 2), ==, delay[k % 2]);
    }
  study_grid_free (g);
}

static void
test_grid_defines (void)
{
  StudyGrid *g = study_grid_new ();
  study_grid_fix (g, "n", "5");
  study_grid_fix (g, "loss", "0.5"); /* replaced by the axis */
  study_grid_fix (g, "seed_extra", "x");
  vary_ok (g, "loss", "0,0.1");
  vary_ok (g, "profile", "linux,rfc9293");
  GArray *defs = g_array_new (FALSE, FALSE, sizeof (ScnDefine));
  g_array_append_val (defs, ((ScnDefine) { "stale", "1" })); /* the call empties it first */
  study_grid_defines (g, 2, defs);
  /* Fixed ones in order without loss, then the axes in order. */
  static const char *const want[][2] = {
    { "n", "5" }, { "seed_extra", "x" }, { "loss", "0.1" }, { "profile", "linux" },
  };
  g_assert_cmpuint (defs->len, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < defs->len; i++)
    {
      g_assert_cmpstr (g_array_index (defs, ScnDefine, i).name, ==, want[i][0]);
      g_assert_cmpstr (g_array_index (defs, ScnDefine, i).value, ==, want[i][1]);
    }
  study_grid_defines (g, 1, defs);
  g_assert_cmpuint (defs->len, ==, 4);
  g_assert_cmpstr (g_array_index (defs, ScnDefine, 2).value, ==, "0");
  g_assert_cmpstr (g_array_index (defs, ScnDefine, 3).value, ==, "rfc9293");
  g_array_free (defs, TRUE);
  study_grid_free (g);
}

static void
test_grid_bad (void)
{
  StudyGrid *g = study_grid_new ();
  GError *err = NULL;
  vary_ok (g, "loss", "0,0.1");

  g_assert_false (study_grid_vary (g, "loss", "0,0.2", &err));
  g_assert_error (err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_assert_cmpstr (err->message, ==, "--vary loss=0,0.2: 'loss' is varied twice");
  g_clear_error (&err);

  g_assert_false (study_grid_vary (g, "delay", "1ms:0ms:1ms", &err));
  g_assert_error (err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_assert_cmpstr (err->message, ==,
                   "--vary delay=1ms:0ms:1ms: the range is empty (STOP is below START)");
  g_clear_error (&err);

  /* 2 × 100000 × 5 = 1,000,000 points is the most; one more axis value is
   * too many. */
  vary_ok (g, "a", "1:100000:1");
  g_assert_false (study_grid_vary (g, "b", "1:6:1", &err));
  g_assert_error (err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_assert_cmpstr (err->message, ==, "--vary b=1:6:1: the sweep would have more than 1000000 points");
  g_clear_error (&err);
  vary_ok (g, "b", "1:5:1");
  g_assert_cmpuint (study_grid_npoints (g), ==, STUDY_MAX_POINTS);
  g_assert_cmpstr (study_grid_value (g, STUDY_MAX_POINTS - 1, 1), ==, "100000");

  /* A failed vary leaves the grid as it was. */
  g_assert_cmpuint (g->axes->len, ==, 3);
  study_grid_free (g);
}

static void
test_grid_empty_spec (void)
{
  /* study_grid.h: FALSE "when SPEC has no values".  An axis of no values
   * would make a grid of 0 points whose study_grid_value divides by 0. */
  StudyGrid *g = study_grid_new ();
  GError *err = NULL;
  gboolean ok = study_grid_vary (g, "loss", "", &err);
  if (ok)
    g_error ("study_grid_vary (\"loss\", \"\") succeeded: the grid now has %u points",
             study_grid_npoints (g));
  g_assert_error (err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_assert_cmpstr (err->message, ==, "--vary loss=: there is no value (give a range 0:0.3:0.05 or a list a,b,c)");
  g_clear_error (&err);
  g_assert_cmpuint (study_grid_npoints (g), ==, 1);
  study_grid_free (g);
}

/* ---- study_point_key and study_seed --------------------------------------- */

static void
assert_key (const ScnDefine *defs, gsize n, const char *want)
{
  char *key = study_point_key (defs, n);
  g_assert_cmpstr (key, ==, want);
  g_free (key);
}

static void
test_seed_key (void)
{
  assert_key (NULL, 0, "");
  assert_key ((const ScnDefine[]) { { "profile", "linux" }, { "loss", "0.1" } }, 2,
              "loss=0.1 profile=linux");
  assert_key ((const ScnDefine[]) { { "loss", "0.1" }, { "profile", "linux" } }, 2,
              "loss=0.1 profile=linux");
  /* The last of a name wins, wherever the others are. */
  assert_key ((const ScnDefine[]) { { "loss", "0.1" }, { "a", "1" }, { "loss", "0.2" }, { "loss", "0.3" } },
              4, "a=1 loss=0.3");
  assert_key ((const ScnDefine[]) { { "b", "2" }, { "b", "1" }, { "a", "x" }, { "b", "3" }, { "c", "" } },
              5, "a=x b=3 c=");
  /* 40 defines, two per name, in every rotation: the sort must be stable
   * beyond the few elements an insertion sort handles. */
  ScnDefine many[40];
  char names[40][8], values[40][8];
  for (int i = 0; i < 40; i++)
    {
      g_snprintf (names[i], sizeof names[i], "p%02d", i % 20);
      g_snprintf (values[i], sizeof values[i], "%d", i);
    }
  for (int rot = 0; rot < 40; rot++)
    {
      for (int i = 0; i < 40; i++)
        many[i] = (ScnDefine) { names[(i + rot) % 40], values[(i + rot) % 40] };
      /* Name j's defines are values j and j + 20, at positions j − rot and
       * j + 20 − rot (mod 40) of the rotated array: the later one wins. */
      GString *exp = g_string_new ("");
      for (int j = 0; j < 20; j++)
        {
          int last = ((j - rot + 40) % 40 > (j + 20 - rot + 40) % 40) ? j : j + 20;
          g_string_append_printf (exp, "%sp%02d=%d", j ? " " : "", j, last);
        }
      char *key = study_point_key (many, 40);
      if (strcmp (key, exp->str) != 0)
        g_error ("rotation %d: key '%s', want '%s'", rot, key, exp->str);
      g_string_free (exp, TRUE);
      g_free (key);
    }
}

static void
test_seed_distinct (void)
{
  /* 10 base seeds × 10 keys × 10 replications: 1000 different seeds,
   * each below 2^63. */
  GHashTable *seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  static const guint64 bases[] = { 0, 1, 2, 3, 42, 1000, G_MAXINT64, G_MAXINT64 - 1,
                                   0x123456789abcdefull, 1ull << 62 };
  for (guint b = 0; b < G_N_ELEMENTS (bases); b++)
    for (guint k = 0; k < 10; k++)
      for (guint32 r = 0; r < 10; r++)
        {
          char *key = g_strdup_printf ("loss=0.%u profile=linux", k);
          guint64 s = study_seed (bases[b], key, r);
          if (s >> 63)
            g_error ("study_seed (%" G_GUINT64_FORMAT ", %s, %u) = %" G_GUINT64_FORMAT
                     " is not below 2^63", bases[b], key, r, s);
          char *where = g_strdup_printf ("(%" G_GUINT64_FORMAT ", %s, %u)", bases[b], key, r);
          const char *other = g_hash_table_lookup (seen, &s);
          if (other != NULL)
            g_error ("study_seed %s and %s are both %" G_GUINT64_FORMAT, where, other, s);
          g_hash_table_insert (seen, g_memdup2 (&s, sizeof s), where);
          g_free (key);
        }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 1000);
  /* Keys that differ in one character, and the empty key. */
  g_assert_cmpuint (study_seed (1, "loss=0.1", 0), !=, study_seed (1, "loss=0.2", 0));
  g_assert_cmpuint (study_seed (1, "", 0), !=, study_seed (1, "a=", 0));
  g_hash_table_destroy (seen);
}

static void
test_seed_stable (void)
{
  /* A changed value changes every sweep's samples and every campaign's
   * resume (`tcpsim run --replication`): it must be deliberate.  The
   * values were computed apart, in python3, from study_seed.c's comment:
   * FNV-1a 64 of the key, SplitMix64 of (SplitMix64 (SplitMix64 (seed) ^
   * hash) ^ r), shifted right by one. */
  static const struct
  {
    guint64 seed;
    const char *key;
    guint32 r;
    guint64 want;
  } cases[] = {
    { 1, "loss=0.1 profile=linux", 0, 7755782897955443381ull },
    { 42, "", 7, 1659685093373350183ull },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint64 got = study_seed (cases[i].seed, cases[i].key, cases[i].r);
      if (got != cases[i].want)
        g_error ("study_seed (%" G_GUINT64_FORMAT ", \"%s\", %u) = %" G_GUINT64_FORMAT
                 "ull, was %" G_GUINT64_FORMAT "ull",
                 cases[i].seed, cases[i].key, cases[i].r, got, cases[i].want);
    }
}

/* ---- study_measure on real runs ------------------------------------------- */

/* The measure cases derive nominal instants: timers exact (the linux
 * profile's wheel has its own case, first-syn-lost-wheel). */
#define LINK "host client 10.0.0.1 timers exact\nhost server 10.0.0.2 timers exact\n" \
  "link client <-> server delay 50ms\n"
#define GEN1 "gen g client -> server:80 count 1 request 100 response 100\n"
#define RUN_SEED 7

static Scenario *
parse_ok (const char *text, const ScnDefine *defs, gsize n)
{
  GError *err = NULL;
  Scenario *scn = scn_parse_string ("t.scn", text, defs, n, &err);
  g_assert_no_error (err);
  return scn;
}

/* Runs text with seed RUN_SEED into m (which it resets first) and returns
 * its records (valid until the next event or reset of m). */
static const StudyRecord *
measure_into (StudyMeasureSink *m, const char *text, guint *n)
{
  Scenario *scn = parse_ok (text, NULL, 0);
  GError *err = NULL;
  World *w = world_new (scn, TRUE, RUN_SEED, &err);
  g_assert_no_error (err);
  study_measure_reset (m);
  trace_bus_subscribe (&w->bus, study_measure_event, m);
  g_assert_cmpint (world_run (w, NULL), ==, WORLD_DONE);
  world_free (w);
  scn_free (scn);
  return study_measure_records (m, n);
}

static void
assert_rtx (const StudyRecord *r, guint syn, guint synack, guint data, guint fin, guint probe)
{
  g_assert_cmpuint (r->rtx[STUDY_RTX_SYN], ==, syn);
  g_assert_cmpuint (r->rtx[STUDY_RTX_SYNACK], ==, synack);
  g_assert_cmpuint (r->rtx[STUDY_RTX_DATA], ==, data);
  g_assert_cmpuint (r->rtx[STUDY_RTX_FIN], ==, fin);
  g_assert_cmpuint (r->rtx[STUDY_RTX_PROBE], ==, probe);
}

/* One lifecycle on a 50 ms link, as derived here:
 *   0      connect; SYN
 *   50     SYN at the server (SYN-RECEIVED); SYN-ACK
 *   100    SYN-ACK at the client: ESTABLISHED (hs_client 100); ACK, request
 *   150    at the server: ESTABLISHED (hs_server 150 − 50 = 100); the
 *          response, and the server's close after its last response
 *          (closer server): FIN.  The first close call is at 150.
 *   200    response and FIN at the client: CLOSE-WAIT; the client closes
 *          at EOF: FIN (LAST-ACK)
 *   250    the client's FIN at the server (FIN-WAIT-2 or -1 with the ACK
 *          of its FIN): TIME-WAIT, close_server 250 − 150 = 100
 *   300    the last ACK at the client: CLOSED, close_client 300 − 150 = 150 */
static void
assert_lifecycle (const StudyRecord *r, guint32 conn)
{
  g_assert_cmpuint (r->conn, ==, conn);
  g_assert_cmpint (r->outcome, ==, STUDY_OUTCOME_COMPLETED);
  g_assert_cmpint (r->hs_client, ==, MS (100));
  g_assert_cmpint (r->hs_server, ==, MS (100));
  g_assert_cmpint (r->close_client, ==, MS (150));
  g_assert_cmpint (r->close_server, ==, MS (100));
  assert_rtx (r, 0, 0, 0, 0, 0);
}

static void
test_measure_lifecycle (void)
{
  StudyMeasureSink *m = study_measure_new ();
  guint n;
  const StudyRecord *r = measure_into (m, LINK GEN1, &n);
  g_assert_cmpuint (n, ==, 1);
  assert_lifecycle (&r[0], 0);
  study_measure_free (m);
}

static void
test_measure_first_syn_lost (void)
{
  /* Both profiles retransmit the SYN after the initial RTO of 1 s (RFC
   * 6298 §2.1; Linux's TCP_TIMEOUT_INIT): it arrives at 1.05 s, the
   * SYN-ACK at the client at 1.1 s.  The server's handshake is measured
   * from the SYN that arrived: 1.05 s to 1.15 s.  At nominal instants
   * (timers exact); test_measure_first_syn_lost_wheel has the kernel's. */
  static const char *const profiles[] = { "linux", "rfc9293" };
  StudyMeasureSink *m = study_measure_new ();
  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      char *text = g_strdup_printf ("profile %s\n" LINK "fault client -> server drop SYN #1\n" GEN1,
                                    profiles[i]);
      guint n;
      const StudyRecord *r = measure_into (m, text, &n);
      g_test_message ("profile %s", profiles[i]);
      g_assert_cmpuint (n, ==, 1);
      g_assert_cmpint (r[0].outcome, ==, STUDY_OUTCOME_COMPLETED);
      g_assert_cmpint (r[0].hs_client, ==, MS (1100));
      g_assert_cmpint (r[0].hs_server, ==, MS (100));
      /* The rest of the lifecycle is the one above, 1 s later. */
      g_assert_cmpint (r[0].close_client, ==, MS (150));
      g_assert_cmpint (r[0].close_server, ==, MS (100));
      assert_rtx (&r[0], 1, 0, 0, 0, 0);
      g_free (text);
    }
  study_measure_free (m);
}

static void
test_measure_first_syn_lost_wheel (void)
{
  /* The same on Linux's timer wheel: the 1 s SYN timer is 250 jiffies on
   * level 1 (32 ms buckets), so it fires 0 to 32 ms late, never early
   * (docs/linux-behaviour.md, "Timers fire late": +4 to +33 ms measured).  The rest of
   * the handshake is two link delays. */
  StudyMeasureSink *m = study_measure_new ();
  for (guint phase = 0; phase < 8; phase++)
    {
      char *text = g_strdup_printf ("profile linux\nhost client 10.0.0.1 jiffies_phase %ums\n"
                                    "host server 10.0.0.2\nlink client <-> server delay 50ms\n"
                                    "fault client -> server drop SYN #1\n" GEN1, 5 * phase);
      guint n;
      const StudyRecord *r = measure_into (m, text, &n);
      g_test_message ("client jiffies_phase %u ms", 5 * phase);
      g_assert_cmpuint (n, ==, 1);
      g_assert_cmpint (r[0].outcome, ==, STUDY_OUTCOME_COMPLETED);
      g_assert_cmpint (r[0].hs_client, >, MS (1100));
      g_assert_cmpint (r[0].hs_client, <=, MS (1132));
      g_assert_cmpint (r[0].hs_server, ==, MS (100));
      g_free (text);
    }
  study_measure_free (m);
}

static void
test_measure_first_synack_lost (void)
{
  /* The SYN arrives at 50 ms; its SYN-ACK is lost.  The client's SYN
   * retry (RTO 1 s) arrives at 1.05 s, when the server's own SYN-ACK
   * timer (50 ms + 1 s) also fires: a SYN-ACK leaves at 1.05 s, the
   * client is established at 1.1 s, the server at 1.15 s, 1.1 s after the
   * first SYN arrived. */
  StudyMeasureSink *m = study_measure_new ();
  guint n;
  const StudyRecord *r = measure_into (m, LINK "fault server -> client drop SYN-ACK #1\n" GEN1, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (r[0].outcome, ==, STUDY_OUTCOME_COMPLETED);
  g_assert_cmpint (r[0].hs_client, ==, MS (1100));
  g_assert_cmpint (r[0].hs_server, ==, MS (1100));
  g_assert_cmpuint (r[0].rtx[STUDY_RTX_SYN], ==, 1);
  /* One SYN-ACK retry at 1.05 s: the timer's and the duplicate SYN's
   * answer are the same segment, counted once. */
  g_assert_cmpuint (r[0].rtx[STUDY_RTX_SYNACK], ==, 1);
  study_measure_free (m);
}

static void
test_measure_refused (void)
{
  /* No listener: the server's RST answers the SYN at 50 ms. */
  StudyMeasureSink *m = study_measure_new ();
  guint n;
  const StudyRecord *r = measure_into (m, LINK "at 0s client connect server:80 as c\n", &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (r[0].outcome, ==, TCP_ECONNREFUSED);
  g_assert_cmpstr (study_outcome_name (r[0].outcome), ==, "ECONNREFUSED");
  g_assert_cmpint (r[0].hs_client, ==, STUDY_NONE);
  g_assert_cmpint (r[0].hs_server, ==, STUDY_NONE);
  g_assert_cmpint (r[0].close_client, ==, STUDY_NONE);
  g_assert_cmpint (r[0].close_server, ==, STUDY_NONE);
  assert_rtx (&r[0], 0, 0, 0, 0, 0);
  study_measure_free (m);
}

static void
test_measure_timeout (void)
{
  /* Every SYN lost: Linux (6.5+, syn_linear 4) sends it again at 1, 2, 3,
   * 4, 5, 7, 11, 19, 35 and 67 s (tcp_profile.c) and gives up at 131 s. */
  StudyMeasureSink *m = study_measure_new ();
  guint n;
  const StudyRecord *r = measure_into (m, LINK "fault client -> server drop SYN every\n" GEN1, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (r[0].outcome, ==, TCP_ETIMEDOUT);
  g_assert_cmpint (r[0].hs_client, ==, STUDY_NONE);
  g_assert_cmpint (r[0].hs_server, ==, STUDY_NONE);
  g_assert_cmpint (r[0].close_client, ==, STUDY_NONE);
  g_assert_cmpint (r[0].close_server, ==, STUDY_NONE);
  assert_rtx (&r[0], 10, 0, 0, 0, 0);
  study_measure_free (m);
}

static void
test_measure_incomplete (void)
{
  /* The run ends (run until 500 ms) before the retransmitted SYN: no end
   * failed and nothing was established. */
  StudyMeasureSink *m = study_measure_new ();
  guint n;
  const StudyRecord *r =
    measure_into (m, LINK "fault client -> server drop SYN every\nrun until 500ms\n" GEN1, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (r[0].outcome, ==, STUDY_OUTCOME_INCOMPLETE);
  g_assert_cmpint (r[0].hs_client, ==, STUDY_NONE);
  assert_rtx (&r[0], 0, 0, 0, 0, 0);
  study_measure_free (m);
}

static void
test_measure_several (void)
{
  /* Three connections 1 ms apart (the default interval): three records in
   * connect order, each the lifecycle above. */
  StudyMeasureSink *m = study_measure_new ();
  guint n;
  const StudyRecord *r =
    measure_into (m, LINK "gen g client -> server:80 count 3 request 100 response 100\n", &n);
  g_assert_cmpuint (n, ==, 3);
  for (guint i = 0; i < 3; i++)
    assert_lifecycle (&r[i], i);

  /* Two kinds in one run: the first refused (port 81, no listener), then
   * three lifecycles; records in connect order. */
  r = measure_into (m,
                    LINK "at 0s client connect server:81 as c\n"
                         "gen g client -> server:80 count 3 start 10ms request 100 response 100\n",
                    &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (r[0].conn, ==, 0);
  g_assert_cmpint (r[0].outcome, ==, TCP_ECONNREFUSED);
  for (guint i = 1; i < 4; i++)
    assert_lifecycle (&r[i], i);
  study_measure_free (m);
}

static void
test_measure_reset (void)
{
  StudyMeasureSink *m = study_measure_new ();
  guint n;
  measure_into (m, LINK "gen g client -> server:80 count 3 request 100 response 100\n", &n);
  g_assert_cmpuint (n, ==, 3);
  study_measure_reset (m);
  study_measure_records (m, &n);
  g_assert_cmpuint (n, ==, 0);
  /* After a reset, the next run's connections (ids from 1 again) start
   * clean: one record with the single lifecycle's values, no counts kept. */
  const StudyRecord *r = measure_into (m, LINK "fault client -> server drop SYN every\n" GEN1, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (r[0].outcome, ==, TCP_ETIMEDOUT);
  r = measure_into (m, LINK GEN1, &n);
  g_assert_cmpuint (n, ==, 1);
  assert_lifecycle (&r[0], 0);
  study_measure_free (m);
}

/* ---- study_runner ---------------------------------------------------------- */

/* Random loss, three connections per replication: replications differ. */
static const char runner_scenario[] = "param loss = 0\n" HOSTS
  "link client <-> server delay 50ms loss $loss\n"
  "gen g client -> server:80 count 3 interval 20ms request 100 response 100\n";
#define RUNNER_SEED 42
#define RUNNER_REPS 50

typedef struct
{
  Scenario *scns[2];
  char *keys[2];
  StudyTask tasks[2 * RUNNER_REPS];
  gsize ntasks;
} RunnerFixture;

static void
runner_setup (RunnerFixture *fx, const char *text, const char *const *loss)
{
  for (int k = 0; k < 2; k++)
    {
      ScnDefine d = { "loss", loss[k] };
      fx->scns[k] = parse_ok (text, &d, 1);
      fx->keys[k] = study_point_key (&d, 1);
    }
  fx->ntasks = 0;
  for (guint32 k = 0; k < 2; k++)
    for (guint32 r = 0; r < RUNNER_REPS; r++)
      fx->tasks[fx->ntasks++] = (StudyTask) { k, r };
}

static void
runner_teardown (RunnerFixture *fx)
{
  for (int k = 0; k < 2; k++)
    {
      scn_free (fx->scns[k]);
      g_free (fx->keys[k]);
    }
}

static StudyRunSpec
runner_spec (const RunnerFixture *fx, guint threads, guint block)
{
  return (StudyRunSpec) { .scns = (const Scenario *const *) fx->scns,
                          .keys = (const char *const *) fx->keys,
                          .seed = RUNNER_SEED,
                          .threads = threads,
                          .block = block };
}

typedef struct
{
  guint *seen; /* per task */
  gsize n;
  const StudyRep *reps;
  guint calls;
} BlockLog;

static gboolean
block_log (gpointer ctx, gsize first, gsize n, GError **error)
{
  BlockLog *log = ctx;
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (first + n, <=, log->n);
  for (gsize i = first; i < first + n; i++)
    {
      log->seen[i]++;
      g_assert_true (log->reps[i].done); /* the results are there when fn sees them */
    }
  log->calls++;
  return TRUE;
}

/* Every field of two records (padding aside). */
static gboolean
record_equal (const StudyRecord *a, const StudyRecord *b)
{
  if (a->conn != b->conn || a->outcome != b->outcome || a->hs_client != b->hs_client
      || a->hs_server != b->hs_server || a->close_client != b->close_client
      || a->close_server != b->close_server)
    return FALSE;
  for (int k = 0; k < STUDY_RTX_KINDS; k++)
    if (a->rtx[k] != b->rtx[k])
      return FALSE;
  return TRUE;
}

static void
assert_reps_equal (const StudyRep *got, const StudyRep *want, gsize n, const char *what)
{
  for (gsize i = 0; i < n; i++)
    {
      if (got[i].done != want[i].done || got[i].n != want[i].n || got[i].events != want[i].events)
        g_error ("%s: task %zu: done %d n %u events %" G_GUINT64_FORMAT ", want done %d n %u events "
                 "%" G_GUINT64_FORMAT, what, i, got[i].done, got[i].n, got[i].events, want[i].done,
                 want[i].n, want[i].events);
      for (guint32 j = 0; j < got[i].n; j++)
        if (!record_equal (&got[i].recs[j], &want[i].recs[j]))
          g_error ("%s: task %zu, record %u differs", what, i, j);
    }
}

static void
test_runner_identical (void)
{
  RunnerFixture fx;
  runner_setup (&fx, runner_scenario, (const char *const[]) { "0.1", "0.3" });

  /* The reference: each task alone with its seed. */
  StudyRep *ref = g_new0 (StudyRep, fx.ntasks);
  for (gsize i = 0; i < fx.ntasks; i++)
    {
      const StudyTask *t = &fx.tasks[i];
      guint64 seed = study_seed (RUNNER_SEED, fx.keys[t->point], t->r);
      WorldLimits lim = { 0 };
      GError *err = NULL;
      g_assert_cmpint (study_run_one (fx.scns[t->point], seed, &lim, &ref[i], &err), ==, WORLD_DONE);
      g_assert_no_error (err);
      g_assert_true (ref[i].done);
      g_assert_cmpuint (ref[i].n, ==, 3);
      g_assert_cmpuint (ref[i].events, >, 0);
    }
  /* The results must not be all alike, or equality proves nothing:
   * at 10 % and 30 % loss over 300 connections some retransmit, some do
   * not, and the replications' event counts differ. */
  guint with_rtx = 0, without = 0;
  GHashTable *events = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (gsize i = 0; i < fx.ntasks; i++)
    {
      g_hash_table_add (events, &ref[i].events);
      for (guint32 j = 0; j < ref[i].n; j++)
        {
          guint s = 0;
          for (int k = 0; k < STUDY_RTX_KINDS; k++)
            s += ref[i].recs[j].rtx[k];
          if (s)
            with_rtx++;
          else
            without++;
        }
    }
  g_assert_cmpuint (with_rtx, >, 10);
  g_assert_cmpuint (without, >, 10);
  g_assert_cmpuint (g_hash_table_size (events), >, 10);
  g_hash_table_destroy (events);

  static const guint threads[] = { 1, 2, 3 };
  static const guint blocks[] = { 1, 7, 256 };
  for (guint ti = 0; ti < G_N_ELEMENTS (threads); ti++)
    for (guint bi = 0; bi < G_N_ELEMENTS (blocks); bi++)
      {
        StudyRunSpec spec = runner_spec (&fx, threads[ti], blocks[bi]);
        StudyRep *reps = g_new0 (StudyRep, fx.ntasks);
        guint *seen = g_new0 (guint, fx.ntasks);
        BlockLog log = { seen, fx.ntasks, reps, 0 };
        GError *err = NULL;
        g_assert_cmpint (study_run (&spec, fx.tasks, fx.ntasks, reps, block_log, &log, &err), ==,
                         STUDY_RUN_DONE);
        g_assert_no_error (err);
        char *what = g_strdup_printf ("threads %u, block %u", threads[ti], blocks[bi]);
        for (gsize i = 0; i < fx.ntasks; i++)
          if (seen[i] != 1)
            g_error ("%s: the block function saw task %zu %u times", what, i, seen[i]);
        g_assert_cmpuint (log.calls, ==, (fx.ntasks + blocks[bi] - 1) / blocks[bi]);
        assert_reps_equal (reps, ref, fx.ntasks, what);
        g_free (what);
        g_free (seen);
        study_reps_clear (reps, fx.ntasks);
        g_assert_null (reps[0].recs);
        g_assert_false (reps[0].done);
        g_free (reps);
      }

  /* A subset of the tasks, out of order: each result is its task's. */
  StudyTask some[] = { fx.tasks[60], fx.tasks[3], fx.tasks[3], fx.tasks[99] };
  StudyRep reps[G_N_ELEMENTS (some)] = { 0 };
  StudyRunSpec spec = runner_spec (&fx, 2, 1);
  GError *err = NULL;
  g_assert_cmpint (study_run (&spec, some, G_N_ELEMENTS (some), reps, NULL, NULL, &err), ==,
                   STUDY_RUN_DONE);
  g_assert_no_error (err);
  assert_reps_equal (&reps[0], &ref[60], 1, "task 60 alone");
  assert_reps_equal (&reps[1], &ref[3], 1, "task 3 alone");
  assert_reps_equal (&reps[2], &ref[3], 1, "task 3 again");
  assert_reps_equal (&reps[3], &ref[99], 1, "task 99 alone");
  study_reps_clear (reps, G_N_ELEMENTS (some));

  /* No task: done, and fn is not called. */
  guint zero = 0;
  BlockLog none = { &zero, 0, NULL, 0 };
  g_assert_cmpint (study_run (&spec, fx.tasks, 0, NULL, block_log, &none, &err), ==,
                   STUDY_RUN_DONE);
  g_assert_cmpuint (none.calls, ==, 0);

  study_reps_clear (ref, fx.ntasks);
  g_free (ref);
  runner_teardown (&fx);
}

static void
test_runner_event_limit (void)
{
  /* Every replication hits the event limit: the failure reported is the
   * first task's, whatever the threads and blocks. */
  RunnerFixture fx;
  runner_setup (&fx, runner_scenario, (const char *const[]) { "0.1", "0.3" });
  static const guint threads[] = { 1, 3 };
  static const guint blocks[] = { 1, 7 };
  for (guint ti = 0; ti < G_N_ELEMENTS (threads); ti++)
    for (guint bi = 0; bi < G_N_ELEMENTS (blocks); bi++)
      {
        StudyRunSpec spec = runner_spec (&fx, threads[ti], blocks[bi]);
        spec.limits.max_events = 10;
        StudyRep *reps = g_new0 (StudyRep, fx.ntasks);
        GError *err = NULL;
        g_test_message ("threads %u, block %u", threads[ti], blocks[bi]);
        g_assert_cmpint (study_run (&spec, fx.tasks, fx.ntasks, reps, NULL, NULL, &err), ==,
                         STUDY_RUN_FAILED);
        g_assert_error (err, G_OPTION_ERROR, G_OPTION_ERROR_FAILED);
        g_assert_true (g_str_has_prefix (err->message, "point 0 (loss=0.1), replication 0: the run "
                                                       "reached the event limit (10 events) at "
                                                       "simulated time "));
        g_assert_true (g_str_has_suffix (err->message, " s; raise it with --max-events"));
        g_clear_error (&err);
        g_assert_false (reps[0].done);
        study_reps_clear (reps, fx.ntasks);
        g_free (reps);
      }
  runner_teardown (&fx);
}

/* With max_time 100 s, point 0 (loss=#1: the first SYN lost) completes,
 * slowly: 100 connections, the last TIME-WAIT over near 62 s; point 1
 * (loss=every: every SYN lost, retried until 131 s) is still running at
 * max_time. */
static const char mixed_scenario[] = "param loss = every\n" HOSTS
  "link client <-> server delay 50ms\n"
  "fault client -> server drop SYN $loss\n"
  "gen g client -> server:80 count 100 interval 1ms request 100 response 100\n";

static void
test_runner_first_failure_in_task_order (void)
{
  /* Tasks: 6 of point 0, then all of point 1 from replication 0.  With
   * blocks of 7, the first failing task (6, point 1 replication 0) is the
   * last of block 0; block 1's tasks fail as soon as they start, while
   * block 0 is still running its slow successes.  The message must still
   * name task 6, "the first such in task order" (study_runner.h). */
  RunnerFixture fx;
  runner_setup (&fx, mixed_scenario, (const char *const[]) { "#1", "every" });
  StudyTask tasks[6 + RUNNER_REPS];
  gsize n = 0;
  for (guint32 r = 0; r < 6; r++)
    tasks[n++] = (StudyTask) { 0, r };
  for (guint32 r = 0; r < RUNNER_REPS; r++)
    tasks[n++] = (StudyTask) { 1, r };
  for (guint attempt = 0; attempt < 5; attempt++)
    {
      StudyRunSpec spec = runner_spec (&fx, 2, 7);
      spec.limits.max_time = 100 * SIM_S;
      StudyRep *reps = g_new0 (StudyRep, n);
      GError *err = NULL;
      g_assert_cmpint (study_run (&spec, tasks, n, reps, NULL, NULL, &err), ==, STUDY_RUN_FAILED);
      g_assert_error (err, G_OPTION_ERROR, G_OPTION_ERROR_FAILED);
      static const char want[] = "point 1 (loss=every), replication 0: the run is still going at "
                                 "the simulated-time limit (100s); end it with 'run until' in the "
                                 "scenario or raise --max-time";
      if (strcmp (err->message, want) != 0)
        g_error ("attempt %u: the failure reported is\n  %s\nnot the first in task order:\n  %s",
                 attempt, err->message, want);
      g_clear_error (&err);
      /* The successes before it are all there. */
      for (gsize i = 0; i < 6; i++)
        g_assert_true (reps[i].done);
      study_reps_clear (reps, n);
      g_free (reps);
    }
  runner_teardown (&fx);
}

static void
test_runner_stopped (void)
{
  RunnerFixture fx;
  runner_setup (&fx, runner_scenario, (const char *const[]) { "0.1", "0.3" });
  volatile sig_atomic_t stop = 1;
  StudyRunSpec spec = runner_spec (&fx, 2, 7);
  spec.limits.stop = &stop;
  StudyRep *reps = g_new0 (StudyRep, fx.ntasks);
  guint *seen = g_new0 (guint, fx.ntasks);
  BlockLog log = { seen, fx.ntasks, reps, 0 };
  GError *err = NULL;
  g_assert_cmpint (study_run (&spec, fx.tasks, fx.ntasks, reps, block_log, &log, &err), ==,
                   STUDY_RUN_STOPPED);
  g_assert_no_error (err);
  g_assert_cmpuint (log.calls, ==, 0);
  for (gsize i = 0; i < fx.ntasks; i++)
    g_assert_false (reps[i].done);
  study_reps_clear (reps, fx.ntasks);
  g_free (reps);
  g_free (seen);
  runner_teardown (&fx);
}

static gboolean
block_fail (gpointer ctx, gsize first, gsize n, GError **error)
{
  guint *calls = ctx;
  (*calls)++;
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC, "disk full after task %zu", first + n - 1);
  return FALSE;
}

static void
test_runner_block_fn_fails (void)
{
  /* One thread, blocks of 10: the first block's fn fails, so the run
   * fails with its error and fn is not called again. */
  RunnerFixture fx;
  runner_setup (&fx, runner_scenario, (const char *const[]) { "0.1", "0.3" });
  StudyRunSpec spec = runner_spec (&fx, 1, 10);
  StudyRep *reps = g_new0 (StudyRep, fx.ntasks);
  guint calls = 0;
  GError *err = NULL;
  g_assert_cmpint (study_run (&spec, fx.tasks, fx.ntasks, reps, block_fail, &calls, &err), ==,
                   STUDY_RUN_FAILED);
  g_assert_error (err, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_assert_cmpstr (err->message, ==, "disk full after task 9");
  g_assert_cmpuint (calls, ==, 1);
  g_clear_error (&err);
  study_reps_clear (reps, fx.ntasks);
  g_free (reps);
  runner_teardown (&fx);
}

/* ---- study_summarize and study_csv ----------------------------------------- */

static StudyRecord
rec (guint32 conn, gint32 outcome, SimTime hc, SimTime hs, SimTime cc, SimTime cs, guint syn,
     guint synack)
{
  return (StudyRecord) { .conn = conn, .outcome = outcome, .hs_client = hc, .hs_server = hs,
                         .close_client = cc, .close_server = cs,
                         .rtx = { [STUDY_RTX_SYN] = syn, [STUDY_RTX_SYNACK] = synack } };
}

#define NONE STUDY_NONE

/* Five replications, six connections:
 *   r0  the lifecycle (0.1, 0.1, 0.15, 0.1 s); a timeout after 10 SYN retries
 *   r1  no connection
 *   r2  the lifecycle with a lost SYN (hs_client 1.1 s), 1 SYN retry
 *   r3  refused; a connection established at 0.2 s (server: 0.1 s) that
 *       failed later with EPIPE (an error without a column of its own)
 *   r4  incomplete after 3 SYN and 2 SYN-ACK retries */
static StudyRep *
summary_reps (void)
{
  StudyRep *reps = g_new0 (StudyRep, 5);
  StudyRecord r0[] = {
    rec (0, STUDY_OUTCOME_COMPLETED, MS (100), MS (100), MS (150), MS (100), 0, 0),
    rec (1, TCP_ETIMEDOUT, NONE, NONE, NONE, NONE, 10, 0),
  };
  StudyRecord r2[] = { rec (0, STUDY_OUTCOME_COMPLETED, MS (1100), MS (100), MS (150), MS (100), 1, 0) };
  StudyRecord r3[] = {
    rec (0, TCP_ECONNREFUSED, NONE, NONE, NONE, NONE, 0, 0),
    rec (1, TCP_EPIPE, MS (200), MS (100), NONE, NONE, 0, 0),
  };
  StudyRecord r4[] = { rec (0, STUDY_OUTCOME_INCOMPLETE, NONE, NONE, NONE, NONE, 3, 2) };
  reps[0] = (StudyRep) { g_memdup2 (r0, sizeof r0), 2, TRUE, 100 };
  reps[1] = (StudyRep) { NULL, 0, TRUE, 5 };
  reps[2] = (StudyRep) { g_memdup2 (r2, sizeof r2), 1, TRUE, 120 };
  reps[3] = (StudyRep) { g_memdup2 (r3, sizeof r3), 2, TRUE, 30 };
  reps[4] = (StudyRep) { g_memdup2 (r4, sizeof r4), 1, TRUE, 40 };
  return reps;
}

static void
assert_near (double got, double want)
{
  g_assert_cmpfloat_with_epsilon (got, want, 1e-12 * MAX (1.0, fabs (want)));
}

static void
test_summary_counts (void)
{
  StudyRep *reps = summary_reps ();
  StudyPointSummary s;
  study_summarize (reps, 5, &s);
  g_assert_cmpuint (s.runs, ==, 5);
  g_assert_cmpuint (s.conns, ==, 6);
  g_assert_cmpuint (s.completed, ==, 2);
  g_assert_cmpuint (s.failed, ==, 4); /* incomplete is a failure too */
  g_assert_cmpuint (s.incomplete, ==, 1);
  g_assert_cmpuint (s.errors[TCP_ETIMEDOUT], ==, 1);
  g_assert_cmpuint (s.errors[TCP_ECONNREFUSED], ==, 1);
  g_assert_cmpuint (s.errors[TCP_EPIPE], ==, 1);
  g_assert_cmpuint (s.errors[TCP_ECONNRESET], ==, 0);
  assert_near (s.fail_p, 4.0 / 6.0);
  /* Wilson 4/6 at 95 %, python3. */
  g_assert_cmpfloat_with_epsilon (s.fail_lo, 0.299993315, 1e-9);
  g_assert_cmpfloat_with_epsilon (s.fail_hi, 0.903228589, 1e-9);
  /* Connect failures (no hs_client): the timeout, the refusal and the
   * incomplete one; not the EPIPE, which was established.  Wilson 3/6. */
  g_assert_cmpuint (s.hs_failed, ==, 3);
  assert_near (s.hs_fail_p, 0.5);
  g_assert_cmpfloat_with_epsilon (s.hs_fail_lo, 0.187616306, 1e-9);
  g_assert_cmpfloat_with_epsilon (s.hs_fail_hi, 0.812383694, 1e-9);
  /* Retransmissions per connection, failed ones included: (10 + 1 + 3) / 6
   * SYN, 2 / 6 SYN-ACK. */
  assert_near (s.rtx[STUDY_RTX_SYN], 14.0 / 6.0);
  assert_near (s.rtx[STUDY_RTX_SYNACK], 2.0 / 6.0);
  g_assert_cmpfloat (s.rtx[STUDY_RTX_DATA], ==, 0.0);
  g_assert_cmpfloat (s.rtx[STUDY_RTX_FIN], ==, 0.0);
  g_assert_cmpfloat (s.rtx[STUDY_RTX_PROBE], ==, 0.0);
  /* Times over the connections that reached them: hs_client 0.1, 1.1 and
   * 0.2 s from three replications, one each. */
  const StudySummary *hc = &s.m[STUDY_M_HS_CLIENT];
  g_assert_cmpuint (hc->n, ==, 3);
  g_assert_cmpuint (hc->reps, ==, 3);
  assert_near (hc->mean, 1.4 / 3);
  /* Squared deviations sum to 0.91 / 1.5 = 0.60667, over n − 1 = 2. */
  assert_near (hc->sd, sqrt (0.91 / 3));
  /* One sample per replication: the t interval, t(0.975, 2) =
   * 0.95 / √(2 · 0.975 · 0.025) = 4.30265, se = √(0.60667 / (3 · 2)). */
  double t2 = 0.95 / sqrt (2 * 0.975 * 0.025), se = sqrt (0.91 / 1.5 / 6);
  g_assert_cmpfloat_with_epsilon (hc->ci_lo, 1.4 / 3 - t2 * se, 1e-9);
  g_assert_cmpfloat_with_epsilon (hc->ci_hi, 1.4 / 3 + t2 * se, 1e-9);
  /* Type 7 on 0.1, 0.2, 1.1: p90 at rank 1.8, p99 at 1.98. */
  assert_near (hc->p50, 0.2);
  assert_near (hc->p90, 0.2 + 0.8 * 0.9);
  assert_near (hc->p99, 0.2 + 0.98 * 0.9);
  assert_near (hc->max, 1.1);
  const StudySummary *hs = &s.m[STUDY_M_HS_SERVER];
  g_assert_cmpuint (hs->n, ==, 3);
  assert_near (hs->mean, 0.1);
  g_assert_cmpfloat (hs->sd, ==, 0.0);
  g_assert_cmpuint (s.m[STUDY_M_CLOSE_CLIENT].n, ==, 2);
  assert_near (s.m[STUDY_M_CLOSE_CLIENT].mean, 0.15);
  assert_near (s.m[STUDY_M_CLOSE_SERVER].mean, 0.1);
  g_assert_false (s.has_model);
  g_assert_true (isnan (s.model_mean));
  study_reps_clear (reps, 5);
  g_free (reps);
}

static void
test_summary_empty (void)
{
  /* Replications without a connection: NaN rates and no time sample. */
  StudyRep reps[2] = { { NULL, 0, TRUE, 1 }, { NULL, 0, TRUE, 1 } };
  StudyPointSummary s;
  study_summarize (reps, 2, &s);
  g_assert_cmpuint (s.runs, ==, 2);
  g_assert_cmpuint (s.conns, ==, 0);
  g_assert_cmpuint (s.failed, ==, 0);
  g_assert_true (isnan (s.fail_p));
  g_assert_true (isnan (s.rtx[STUDY_RTX_SYN]));
  for (int m = 0; m < STUDY_MEASURES; m++)
    g_assert_cmpuint (s.m[m].n, ==, 0);
  study_summarize (NULL, 0, &s);
  g_assert_cmpuint (s.runs, ==, 0);
  g_assert_true (isnan (s.fail_p));
}

/* The grid of the CSV tests: loss 0, 0.1 × profile linux, rfc9293; point
 * 3 is loss 0.1, rfc9293. */
static StudyGrid *
csv_grid (void)
{
  StudyGrid *g = study_grid_new ();
  vary_ok (g, "loss", "0:0.1:0.1");
  vary_ok (g, "profile", "linux,rfc9293");
  return g;
}

/* What fn writes, as a string. */
#define CAPTURE(out, stmt)                                                                         \
  do                                                                                               \
    {                                                                                              \
      size_t len_;                                                                                 \
      FILE *f = open_memstream (&(out), &len_);                                                    \
      g_assert_nonnull (f);                                                                        \
      stmt;                                                                                        \
      g_assert_cmpint (fclose (f), ==, 0);                                                         \
    }                                                                                              \
  while (0)

static void
test_csv_samples (void)
{
  StudyGrid *g = csv_grid ();
  StudyRep *reps = summary_reps ();
  char *head = NULL, *rows = NULL;
  CAPTURE (head, study_csv_samples_header (f, g));
  CAPTURE (rows, study_csv_samples_rows (f, g, 3, reps, 5));
  g_assert_cmpstr (head, ==,
                   "point,loss,profile,replication,conn,outcome,hs_client,hs_server,close_client,"
                   "close_server,rtx_syn,rtx_synack,rtx_data,rtx_fin,rtx_probe\n");
  /* One row per connection, replication 1 has none; an empty field for
   * STUDY_NONE. */
  g_assert_cmpstr (rows, ==,
                   "3,0.1,rfc9293,0,0,completed,0.1,0.1,0.15,0.1,0,0,0,0,0\n"
                   "3,0.1,rfc9293,0,1,ETIMEDOUT,,,,,10,0,0,0,0\n"
                   "3,0.1,rfc9293,2,0,completed,1.1,0.1,0.15,0.1,1,0,0,0,0\n"
                   "3,0.1,rfc9293,3,0,ECONNREFUSED,,,,,0,0,0,0,0\n"
                   "3,0.1,rfc9293,3,1,EPIPE,0.2,0.1,,,0,0,0,0,0\n"
                   "3,0.1,rfc9293,4,0,incomplete,,,,,3,2,0,0,0\n");
  free (head);
  free (rows);
  study_reps_clear (reps, 5);
  g_free (reps);
  study_grid_free (g);
}

static void
test_csv_results (void)
{
  StudyGrid *g = csv_grid ();
  StudyRep *reps = summary_reps ();
  StudyPointSummary s;
  study_summarize (reps, 5, &s);
  char *head = NULL, *row = NULL;
  CAPTURE (head, study_csv_results_header (f, g));
  CAPTURE (row, study_csv_results_row (f, g, 3, &s));
  g_assert_cmpstr (head, ==,
                   "point,loss,profile,runs,conns,completed,failed,fail_p,fail_lo,fail_hi,"
                   "hs_client_n,hs_client_mean,hs_client_sd,hs_client_ci_lo,hs_client_ci_hi,"
                   "hs_client_p50,hs_client_p90,hs_client_p99,hs_client_max,"
                   "hs_server_n,hs_server_mean,hs_server_sd,hs_server_ci_lo,hs_server_ci_hi,"
                   "hs_server_p50,hs_server_p90,hs_server_p99,hs_server_max,"
                   "close_client_n,close_client_mean,close_client_sd,close_client_ci_lo,"
                   "close_client_ci_hi,close_client_p50,close_client_p90,close_client_p99,"
                   "close_client_max,"
                   "close_server_n,close_server_mean,close_server_sd,close_server_ci_lo,"
                   "close_server_ci_hi,close_server_p50,close_server_p90,close_server_p99,"
                   "close_server_max,"
                   "rtx_syn,rtx_synack,rtx_data,rtx_fin,rtx_probe,err_ETIMEDOUT,err_ECONNREFUSED,"
                   "err_ECONNRESET,err_other,incomplete,hs_failed,hs_fail_p,hs_fail_lo,hs_fail_hi,"
                   "model_mean,model_fail,csa_mean\n");
  /* %.9g of the values of test_summary_counts (python3 gives the same
   * digits): fail_p 4/6 with Wilson 4/6; hs_client 1.4/3 ± t2·se, sd
   * √(0.91/3); the other times have equal samples (a zero-width
   * interval); hs_fail_p 3/6 with Wilson 3/6; no model: empty fields. */
  g_assert_cmpstr (row, ==,
                   "3,0.1,rfc9293,5,6,2,4,0.666666667,0.299993315,0.903228589,"
                   "3,0.466666667,0.550757055,-0.901489703,1.83482304,0.2,0.92,1.082,1.1,"
                   "3,0.1,0,0.1,0.1,0.1,0.1,0.1,0.1,"
                   "2,0.15,0,0.15,0.15,0.15,0.15,0.15,0.15,"
                   "2,0.1,0,0.1,0.1,0.1,0.1,0.1,0.1,"
                   "2.33333333,0.333333333,0,0,0,1,1,0,1,1,3,0.5,0.187616306,0.812383694,,,\n");
  free (head);
  free (row);

  /* Without connections: counts, and empty fields for every statistic. */
  StudyRep empty[1] = { { NULL, 0, TRUE, 1 } };
  study_summarize (empty, 1, &s);
  CAPTURE (row, study_csv_results_row (f, g, 0, &s));
  g_assert_cmpstr (row, ==,
                   "0,0,linux,1,0,0,0,,,,"
                   "0,,,,,,,,,0,,,,,,,,,0,,,,,,,,,0,,,,,,,,,"
                   ",,,,,0,0,0,0,0,0,,,,,,\n");
  free (row);

  /* With a model beside it. */
  study_summarize (reps, 5, &s);
  s.has_model = TRUE;
  s.model_mean = 0.25;
  s.model_fail = 1e-10;
  s.csa_mean = 0.125;
  CAPTURE (row, study_csv_results_row (f, g, 3, &s));
  g_assert_true (g_str_has_suffix (row, ",1,1,3,0.5,0.187616306,0.812383694,0.25,1e-10,0.125\n"));
  free (row);

  study_reps_clear (reps, 5);
  g_free (reps);
  study_grid_free (g);
}

static void
test_csv_quoting (void)
{
  /* RFC 4180: a field with a quote is quoted, its quotes doubled. */
  StudyGrid *g = study_grid_new ();
  vary_ok (g, "label", "a\"b,plain");
  char *head = NULL, *rows = NULL;
  StudyRecord r = rec (0, STUDY_OUTCOME_COMPLETED, MS (1), 1, MS (2500), 0, 0, 0);
  StudyRep rep = { &r, 1, TRUE, 1 };
  CAPTURE (head, study_csv_samples_header (f, g));
  CAPTURE (rows, study_csv_samples_rows (f, g, 0, &rep, 1); study_csv_samples_rows (f, g, 1, &rep, 1));
  g_assert_true (g_str_has_prefix (head, "point,label,replication,"));
  /* Times in seconds to the nanosecond: 1 ns is 1e-09. */
  g_assert_cmpstr (rows, ==,
                   "0,\"a\"\"b\",0,0,completed,0.001,1e-09,2.5,0,0,0,0,0,0\n"
                   "1,plain,0,0,completed,0.001,1e-09,2.5,0,0,0,0,0,0\n");
  free (head);
  free (rows);
  study_grid_free (g);
}

static void
test_record_names (void)
{
  g_assert_cmpstr (study_outcome_name (STUDY_OUTCOME_COMPLETED), ==, "completed");
  g_assert_cmpstr (study_outcome_name (STUDY_OUTCOME_INCOMPLETE), ==, "incomplete");
  g_assert_cmpstr (study_outcome_name (TCP_ETIMEDOUT), ==, "ETIMEDOUT");
  static const char *const names[] = { "completed", "incomplete", "ETIMEDOUT", "ECONNREFUSED",
                                       "ECONNRESET" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gint32 o = 12345;
      g_assert_true (study_outcome_parse (names[i], &o));
      g_assert_cmpstr (study_outcome_name (o), ==, names[i]);
    }
  gint32 o = 12345;
  g_assert_false (study_outcome_parse ("finished", &o));
  g_assert_cmpint (o, ==, 12345);
}

int
main (int argc, char **argv)
{
  /* --keep-going: a case that fails without aborting (g_test_fail) does
   * not hide the cases after it. */
  char **args = g_new0 (char *, argc + 2);
  args[0] = argv[0];
  args[1] = (char *) "--keep-going";
  for (int i = 1; i < argc; i++)
    args[i + 1] = argv[i];
  argc++;
  argv = args;
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/study/sweep-values/range-fractions", test_values_range_fractions);
  g_test_add_func ("/study/sweep-values/range-units", test_values_range_units);
  g_test_add_func ("/study/sweep-values/range-largest", test_values_range_largest);
  g_test_add_func ("/study/sweep-values/list", test_values_list);
  g_test_add_func ("/study/sweep-values/append", test_values_append);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_specs); i++)
    {
      char *path = g_strconcat ("/study/sweep-values/bad/", bad_specs[i].name, NULL);
      g_test_add_data_func (path, &bad_specs[i], test_values_bad);
      g_free (path);
    }

  g_test_add_func ("/study/scenario/sweep-and-runs", test_scenario_sweep_and_runs);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_scenarios); i++)
    {
      char *path = g_strconcat ("/study/scenario/bad/", bad_scenarios[i].name, NULL);
      g_test_add_data_func (path, &bad_scenarios[i], test_scenario_bad);
      g_free (path);
    }

  g_test_add_func ("/study/scenario/bad/empty-values-from-parameter", test_scenario_empty_values);

  g_test_add_func ("/study/grid/order", test_grid_order);
  g_test_add_func ("/study/grid/defines", test_grid_defines);
  g_test_add_func ("/study/grid/bad", test_grid_bad);
  g_test_add_func ("/study/grid/bad/empty-spec", test_grid_empty_spec);

  g_test_add_func ("/study/seed/key", test_seed_key);
  g_test_add_func ("/study/seed/distinct", test_seed_distinct);
  g_test_add_func ("/study/seed/stable", test_seed_stable);

  g_test_add_func ("/study/measure/lifecycle", test_measure_lifecycle);
  g_test_add_func ("/study/measure/first-syn-lost", test_measure_first_syn_lost);
  g_test_add_func ("/study/measure/first-syn-lost-wheel", test_measure_first_syn_lost_wheel);
  g_test_add_func ("/study/measure/first-synack-lost", test_measure_first_synack_lost);
  g_test_add_func ("/study/measure/refused", test_measure_refused);
  g_test_add_func ("/study/measure/every-syn-lost-timeout", test_measure_timeout);
  g_test_add_func ("/study/measure/incomplete", test_measure_incomplete);
  g_test_add_func ("/study/measure/several-in-connect-order", test_measure_several);
  g_test_add_func ("/study/measure/reset", test_measure_reset);

  g_test_add_func ("/study/runner/identical-for-threads-and-blocks", test_runner_identical);
  g_test_add_func ("/study/runner/event-limit-fails", test_runner_event_limit);
  g_test_add_func ("/study/runner/first-failure-in-task-order",
                   test_runner_first_failure_in_task_order);
  g_test_add_func ("/study/runner/stopped-before-start", test_runner_stopped);
  g_test_add_func ("/study/runner/block-fn-fails", test_runner_block_fn_fails);

  g_test_add_func ("/study/summary/counts", test_summary_counts);
  g_test_add_func ("/study/summary/no-connections", test_summary_empty);
  g_test_add_func ("/study/csv/samples", test_csv_samples);
  g_test_add_func ("/study/csv/results", test_csv_results);
  g_test_add_func ("/study/csv/quoting", test_csv_quoting);
  g_test_add_func ("/study/record/names", test_record_names);

  return g_test_run ();
}
