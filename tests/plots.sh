#!/bin/sh
# The sweep pictures: plots/sweep-latency.gp and plots/sweep-cdf.gp run on
# small hand-written CSV files (a duration x, a group, an empty model column,
# a failed connection, a value with quotes) and make non-empty PNG and SVG
# files, with nothing at all on stderr (no gnuplot error, no warning).
# The timeline: every scenario in scenarios/ draws an interactive SVG
# (tcpsim run --timeline), and plots/timeline.gp run by hand on the data
# it kept (--timeline-data) draws PNG and PDF with nothing on stderr; the
# overview (plots/overview.gp) likewise for the scenarios with generators.
# TAP.
: "${TCPSIM_PLOTS_DIR:=plots}"
set -u
if ! command -v gnuplot >/dev/null 2>&1; then
  echo "1..0 # SKIP gnuplot is not installed"
  exit 0
fi
. "$(dirname "$0")/tap.sh"
: "${SCENARIOS_DIR:=scenarios}"
: "${TCPSIM:=./tcpsim}"
nscn=$(ls "$SCENARIOS_DIR"/*.scn | wc -l)
ngen=$(grep -l '^gen ' "$SCENARIOS_DIR"/*.scn | wc -l)
echo "1..$((13 + 4 * nscn + 2 * ngen))"

head="point,delay,profile,runs,conns,completed,failed,fail_p,fail_lo,fail_hi"
for m in hs_client hs_server close_client close_server; do
  for s in n mean sd ci_lo ci_hi p50 p90 p99 max; do head="$head,${m}_$s"; done
done
head="$head,rtx_syn,rtx_synack,rtx_data,rtx_fin,rtx_probe,err_ETIMEDOUT,err_ECONNREFUSED,err_ECONNRESET,err_other,incomplete,model_mean,model_fail,csa_mean"
S4='4,0.5,0.2,0.4,0.6,0.1,1.1,2.1,3.1'
tail0='0.3,0.1,0,0,0,0,0,0,0,0'
{
  echo "$head"
  printf '0,10ms,linux,2,4,4,0,0,0,0.49,%s,%s,%s,%s,%s,0.45,0.001,0.47\n' "$S4" "$S4" "$S4" "$S4" "$tail0"
  printf "1,10ms,o'brien \"x\",2,4,3,1,0.25,0.046,0.7,%s,%s,%s,%s,%s,,,\n" "$S4" "$S4" "$S4" "$S4" "$tail0"
  printf '2,200ms,linux,2,4,4,0,0,0,0.49,%s,%s,%s,%s,%s,0.85,0.001,0.87\n' "$S4" "$S4" "$S4" "$S4" "$tail0"
  printf "3,200ms,o'brien \"x\",2,4,4,0,0,0,0.49,%s,%s,%s,%s,%s,,,\n" "$S4" "$S4" "$S4" "$S4" "$tail0"
} > "$tmp/results.csv"
{
  echo 'point,delay,profile,replication,conn,outcome,hs_client,hs_server,close_client,close_server,rtx_syn,rtx_synack,rtx_data,rtx_fin,rtx_probe'
  for p in 0 1 2 3; do
    case $p in 0|2) prof=linux ;; *) prof="o'brien \"x\"" ;; esac
    case $p in 0|1) d=10ms; t=0.02 ;; *) d=200ms; t=0.4 ;; esac
    printf '%s,%s,%s,0,0,completed,%s,%s,0.1,0.2,0,0,0,0,0\n' $p $d "$prof" $t $t
    printf '%s,%s,%s,0,1,completed,1.%s,1.%s,0.1,0.2,1,0,0,0,0\n' $p $d "$prof" $t $t
    printf '%s,%s,%s,1,0,completed,%s,%s,0.1,0.2,0,0,0,0,0\n' $p $d "$prof" $t $t
    if [ $p = 1 ]; then
      printf '%s,%s,%s,1,1,ETIMEDOUT,,,,,6,0,0,0,0\n' $p $d "$prof"
    else
      printf '%s,%s,%s,1,1,completed,3.%s,3.%s,0.1,0.2,2,0,0,0,0\n' $p $d "$prof" $t $t
    fi
  done
} > "$tmp/samples.csv"
printf 'point,delay,profile,hs_client,cdf\n0,10ms,linux,0.02,0.64\n0,10ms,linux,1.02,0.96\n0,10ms,linux,3.02,1\n2,200ms,linux,0.4,0.64\n2,200ms,linux,1.4,1\n' > "$tmp/modelcdf.csv"

# run NAME OUTFILE GNUPLOT-ARGS…: exit 0, a non-empty file, an empty stderr
run () {
  name=$1; out=$2; shift 2
  gnuplot "$@" > "$tmp/stdout" 2> "$tmp/stderr"
  status=$?
  if [ $status -eq 0 ] && [ -s "$out" ] && [ ! -s "$tmp/stderr" ]; then
    ok "$name"
  else
    notok "$name" "exit status $status" "$(ls -l "$out" 2>&1)" "$(cat "$tmp/stderr")"
  fi
}
is_png () { head -c 8 "$1" | od -An -c | grep -q 'P   N   G'; }
is_svg () { grep -q '<svg' "$1"; }
check () { name=$1; shift; if "$@" >/dev/null 2>&1; then ok "$name"; else notok "$name" "failed: $*"; fi; }

L="$TCPSIM_PLOTS_DIR/sweep-latency.gp"
C="$TCPSIM_PLOTS_DIR/sweep-cdf.gp"
T='title="a title with \"quotes\" and it'"'"'s"'

run "sweep-latency.gp: PNG, duration x, a group, an empty model column" "$tmp/l.png" \
  -e "csv='$tmp/results.csv'; x='delay'; group='profile'; outfile='$tmp/l.png'; fmt='png'; $T" "$L"
check "  … is a PNG" is_png "$tmp/l.png"
run "sweep-latency.gp: SVG" "$tmp/l.svg" \
  -e "csv='$tmp/results.csv'; x='delay'; group='profile'; outfile='$tmp/l.svg'; fmt='svg'; title=''" "$L"
check "  … is an SVG" is_svg "$tmp/l.svg"
run "sweep-latency.gp: categorical x (profile names)" "$tmp/l2.png" \
  -e "csv='$tmp/results.csv'; x='profile'; outfile='$tmp/l2.png'" "$L"
run "sweep-latency.gp: only csv and outfile given" "$tmp/l4.png" \
  -e "csv='$tmp/results.csv'; outfile='$tmp/l4.png'" "$L"
run "sweep-latency.gp: failure panel on a log scale" "$tmp/l3.png" \
  -e "csv='$tmp/results.csv'; logfail='log'; outfile='$tmp/l3.png'" "$L"

run "sweep-cdf.gp: PNG, with the model scaled by model_fail" "$tmp/c.png" \
  -e "samples='$tmp/samples.csv'; modelcdf='$tmp/modelcdf.csv'; csv='$tmp/results.csv'; x='delay'; group='profile'; outfile='$tmp/c.png'; fmt='png'; $T" "$C"
check "  … is a PNG" is_png "$tmp/c.png"
run "sweep-cdf.gp: SVG without a model" "$tmp/c.svg" \
  -e "samples='$tmp/samples.csv'; x='delay'; group='profile'; outfile='$tmp/c.svg'; fmt='svg'" "$C"
check "  … is an SVG" is_svg "$tmp/c.svg"
run "sweep-cdf.gp: only samples given" "$tmp/c2.png" \
  -e "samples='$tmp/samples.csv'; outfile='$tmp/c2.png'" "$C"

# A wrong column name is an error that says so, not a picture.
gnuplot -e "csv='$tmp/results.csv'; x='nosuch'; outfile='$tmp/bad.png'" "$L" > /dev/null 2> "$tmp/err"
status=$?
check "an unknown x is an error naming the parameters" sh -c "test $status -ne 0 && grep -q \"'nosuch' is not a parameter column\" '$tmp/err'"

# ---- the timeline of every scenario ----
TL="$TCPSIM_PLOTS_DIR/timeline.gp"
OV="$TCPSIM_PLOTS_DIR/overview.gp"
for f in "$SCENARIOS_DIR"/*.scn; do
  b=$(basename "$f" .scn)
  d="$tmp/$b.d"
  gen=false
  grep -q '^gen ' "$f" && gen=true
  extra=""
  $gen && extra="--overview $tmp/$b-overview.png"
  TCPSIM_PLOTS_DIR="$TCPSIM_PLOTS_DIR" "$TCPSIM" run "$f" -q --timeline "$tmp/$b.svg" --timeline-data "$d" \
    $extra > /dev/null 2> "$tmp/err"
  status=$?
  if [ $status -eq 0 ] && [ -s "$tmp/$b.svg" ] && grep -q 'showHypertext' "$tmp/$b.svg"; then
    ok "$b: tcpsim draws an interactive SVG timeline"
  else
    notok "$b: tcpsim draws an interactive SVG timeline" "exit status $status" "$(cat "$tmp/err")"
  fi
  run "$b: timeline.gp by hand: PNG" "$tmp/$b.png" -e "datadir='$d'; outfile='$tmp/$b.png'" "$TL"
  run "$b: timeline.gp by hand: PDF" "$tmp/$b.pdf" -e "datadir='$d'; outfile='$tmp/$b.pdf'" "$TL"
  run "$b: timeline.gp by hand: SVG" "$tmp/$b-2.svg" -e "datadir='$d'; outfile='$tmp/$b-2.svg'" "$TL"
  if $gen; then
    check "$b: tcpsim draws the overview" test -s "$tmp/$b-overview.png"
    run "$b: overview.gp by hand: SVG" "$tmp/$b-ov.svg" -e "datadir='$d'; outfile='$tmp/$b-ov.svg'" "$OV"
  fi
done

test $fails -eq 0
