#!/bin/sh
# Workload W (scenarios/workload-w.scn) with two tcpsim binaries,
# interleaved (old, new, new, old, …) so that a change in the machine's
# load hits both alike: per (n, loss) the minimum and median lifecycles/s
# of each (from the run loop's wall time of --stats, and from the whole
# process's user+system time) and the ratio new/old.
#   bench/compare-w.sh OLD_TCPSIM NEW_TCPSIM [REPS] [N...]
# e.g. bench/compare-w.sh /tmp/base/tcpsim ./tcpsim 7 10000 100000
set -eu
old=$1 new=$2
reps=${3:-5}
shift 2; [ $# -gt 0 ] && shift
sizes=${*:-10000 100000}
srcdir=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $sizes; do
  for p in 0 0.3; do
    : > "$tmp/times"
    i=0
    while [ $i -lt "$reps" ]; do
      order="old new"; [ $((i % 2)) -eq 1 ] && order="new old"
      for which in $order; do
        bin=$old; [ $which = new ] && bin=$new
        /usr/bin/env time -f 'cpu %U %S' -o "$tmp/cpu" "$bin" run "$srcdir/scenarios/workload-w.scn" \
          -q --stats -D n=$n -D loss=$p > /dev/null 2> "$tmp/err"
        wall=$(sed -n 's/^stats:.* wall \([0-9.]*\) s.*/\1/p' "$tmp/err")
        cpu=$(awk '{ print $2 + $3 }' "$tmp/cpu")
        echo "$which $wall $cpu" >> "$tmp/times"
      done
      i=$((i + 1))
    done
    # stat WHICH COLUMN: "min median" of that column for that binary.
    stat () { awk -v w=$1 -v c=$2 '$1 == w { print $c }' "$tmp/times" | sort -g | awk '
      { v[NR] = $1 } END { printf "%s %s", v[1], (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
    set -- $(stat old 2) $(stat new 2) $(stat old 3) $(stat new 3)
    awk -v n=$n -v p=$p -v lo=$1 -v mo=$2 -v ln=$3 -v mn=$4 -v co=$6 -v cn=$8 'BEGIN {
      printf "n=%d p=%s: loop old min %.0f med %.0f /s, new min %.0f med %.0f /s (new/old %.2f min, %.2f med);",
        n, p, n / lo, n / mo, n / ln, n / mn, lo / ln, mo / mn
      printf " process cpu old med %.2f s, new med %.2f s (%.2f)\n", co, cn, co / cn }'
  done
done
