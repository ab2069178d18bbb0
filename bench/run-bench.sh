#!/bin/sh
# `make bench`: the event queue in the hold model, then workload W
# (bench/BENCH.md, scenarios/workload-w.scn) at n = 10,000 and 100,000 with
# p = 0 and 0.3.  Prints events per second, lifecycles per second and peak
# memory.  If the ns-3 reference is built (NS3_LIFECYCLE=path, see
# bench/ns3/build.sh), it is timed in the same run for n = 10,000.
set -eu
builddir=${1:-.}
srcdir=$(cd "$(dirname "$0")/.." && pwd)
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
echo "== event queue, hold model =="
"$builddir/bench/bench-queue"
echo
echo "== workload W (one run each) =="
for n in 10000 100000; do
  for p in 0 0.3; do
    out=$( { /usr/bin/env time -f 'time: %e s wall, %M KB peak' \
      "$builddir/tcpsim" run "$srcdir/scenarios/workload-w.scn" -q --stats -D n=$n -D loss=$p; } 2>&1)
    stats=$(echo "$out" | grep '^stats:')
    gen=$(echo "$out" | grep '^gen W:')
    wall=$(echo "$stats" | sed 's/.*wall \([0-9.]*\) s.*/\1/')
    rate=$(awk -v n=$n -v w="$wall" 'BEGIN { if (w > 0) printf "%.0f", n / w; else print "inf" }')
    echo "n=$n p=$p: $stats"
    echo "    $gen; $rate lifecycles/s"
  done
done
echo
echo "== sweep: 21 loss points x 10,000 replications (handshake, 100 B each way, close; 50 ms) =="
# Interleaved: -j 1, -j 2, -j 1, -j 2, … so that drift hits both alike.
reps=${SWEEP_REPS:-3}
: > "$builddir/bench-sweep.times"
i=0
while [ $i -lt "$reps" ]; do
  for j in 1 2; do
    t=$( { /usr/bin/env time -f '%e' "$builddir/tcpsim" sweep "$srcdir/scenarios/handshake-loss.scn" -q \
        --vary loss=0:0.3:0.015 --vary profile=linux --runs 10000 -j $j -o /dev/null; } 2>&1 | tail -1)
    echo "$j $t" >> "$builddir/bench-sweep.times"
  done
  i=$((i + 1))
done
for j in 1 2; do
  awk -v j=$j '$1 == j { print $2 }' "$builddir/bench-sweep.times" | sort -n | awk -v j=$j '
    { t[NR] = $1 } END {
      med = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
      printf "-j %d: min %.2f s, median %.2f s over %d runs: %.0f lifecycles/s (min), %.0f per core\n",
             j, t[1], med, NR, 210000 / t[1], 210000 / t[1] / j }'
done
rm -f "$builddir/bench-sweep.times"
if [ -n "${NS3_LIFECYCLE:-}" ] && [ -x "$NS3_LIFECYCLE" ]; then
  echo
  echo "== ns-3 3.37 reference, same machine, same run =="
  for p in 0 0.3; do
    /usr/bin/env time -f "ns-3 n=10000 p=$p: %e s wall, %M KB peak" \
      "$NS3_LIFECYCLE" --n=10000 --loss=$p --delay=50 --interval=1 --seed=1 --run=1 2>&1 >/dev/null | tail -1
  done
fi
