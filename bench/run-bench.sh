#!/bin/sh
# `make bench` (docs/bench.md, ../shared/bench/BENCH.md): what tcpsim costs,
# measured so that noise on a shared machine cannot flatter it.
#
#   1. the machine;
#   2. the event queue in the hold model (bench/bench-queue);
#   3. workload W (scenarios/workload-w.scn) at each n of BENCH_SIZES and
#      loss 0 and 0.3, BENCH_REPS interleaved repetitions (every size and
#      loss once, then again), each timed as a whole process with
#      /usr/bin/time, and ns-3 (NS3_LIFECYCLE=path, bench/ns3/build.sh) in
#      the same rounds for n <= NS3_MAX_N: minimum and median wall time,
#      lifecycles/s from the minimum, events per lifecycle, peak RSS, and
#      the ratio ns-3 / tcpsim as the median of the per-round ratios;
#   4. instructions, events, timer arms and cancels per lifecycle at
#      n = 10,000 (callgrind, when valgrind is installed: counts, not times);
#   5. bytes per TIME-WAIT connection: bench/time-wait-hold.scn holds
#      TW_N connections in TIME-WAIT at once; (peak RSS - peak RSS with one
#      connection) / TW_N;
#   6. the sweep of `tcpsim sweep`, -j 1 and -j 2 interleaved.
#
# Settings (environment): BENCH_SIZES (default "10000 100000 1000000";
# add 10000000 for the 10^7 row, minutes and about a GB), BENCH_REPS (5),
# BENCH_BIG_REPS (repetitions for n >= 10^6, 3), NS3_LIFECYCLE, NS3_MAX_N
# (10000), TW_N (1000000), SWEEP_REPS (3), BENCH_SKIP (words among
# queue, w, count, tw, sweep: parts to leave out).
set -eu
builddir=${1:-.}
srcdir=$(cd "$(dirname "$0")/.." && pwd)
tcpsim="$builddir/tcpsim"
sizes=${BENCH_SIZES:-10000 100000 1000000}
reps=${BENCH_REPS:-5}
big_reps=${BENCH_BIG_REPS:-3}
ns3_max=${NS3_MAX_N:-10000}
tw_n=${TW_N:-1000000}
skip=${BENCH_SKIP:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tcpsim-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "run-bench.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
skipped () { case " $skip " in *" $1 "*) return 0;; esac; return 1; }
have_ns3 () { [ -n "${NS3_LIFECYCLE:-}" ] && [ -x "$NS3_LIFECYCLE" ]; }

echo "== machine =="
echo "cpu: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "memory: $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo); kernel $(uname -r)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other jobs share the machine: compare minima)"
echo "tcpsim: $("$tcpsim" --version 2>/dev/null | head -1 || echo '?'), $(cd "$srcdir" && git describe --always --dirty 2>/dev/null || echo 'no git')"
if have_ns3; then echo "ns-3: $NS3_LIFECYCLE (n <= $ns3_max)"; else echo "ns-3: not given (NS3_LIFECYCLE=path, see bench/ns3/build.sh)"; fi
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"

if ! skipped queue; then
  echo
  echo "== event queue, hold model =="
  "$builddir/bench/bench-queue"
fi

# One timed whole process: appends "tool n p round wall_s rss_kb events" to
# $tmp/w.  The wall time is the process's, from fork to exit, in
# nanoseconds from date (GNU time's %e has only centiseconds); GNU time
# gives the peak RSS; tcpsim's --stats line the events.  (W takes 13-18
# events a lifecycle: n = 10^7 needs more than the default --max-events.)
now_ns () { date +%s%N; }
elapsed () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", (b - a) / 1e9 }'; }
run_tcpsim () {
  n=$1 p=$2 r=$3
  t0=$(now_ns)
  "$TIME" -f '%M' -o "$tmp/time" "$tcpsim" run "$srcdir/scenarios/workload-w.scn" -q --stats \
    --max-events=0 -D n="$n" -D loss="$p" > "$tmp/out" 2>&1
  t1=$(now_ns)
  ev=$(sed -n 's/^stats: \([0-9]*\) events.*/\1/p' "$tmp/out")
  echo "tcpsim $n $p $r $(elapsed "$t0" "$t1") $(tail -1 "$tmp/time") ${ev:-0}" >> "$tmp/w"
  grep '^gen W:' "$tmp/out" > "$tmp/gen.$n.$p" || true
}
run_ns3 () {
  n=$1 p=$2 r=$3
  t0=$(now_ns)
  "$TIME" -f '%M' -o "$tmp/time" "$NS3_LIFECYCLE" --n="$n" --loss="$p" --delay=50 \
    --interval=1 --seed=1 --run=1 > /dev/null 2>&1
  t1=$(now_ns)
  echo "ns3 $n $p $r $(elapsed "$t0" "$t1") $(tail -1 "$tmp/time") 0" >> "$tmp/w"
}

if ! skipped w; then
  echo
  echo "== workload W: whole-process wall time, interleaved rounds =="
  : > "$tmp/w"
  r=1
  while [ $r -le "$reps" ]; do
    for n in $sizes; do
      [ "$n" -ge 1000000 ] && [ $r -gt "$big_reps" ] && continue
      for p in 0 0.3; do
        run_tcpsim "$n" "$p" "$r"
        if have_ns3 && [ "$n" -le "$ns3_max" ]; then run_ns3 "$n" "$p" "$r"; fi
      done
    done
    r=$((r + 1))
  done
  printf '%-10s %-4s %-7s %9s %9s %7s %13s %10s %10s\n' n p tool "min s" "median s" rounds \
    "lifecycles/s" "events/lc" "peak RSS"
  for n in $sizes; do
    for p in 0 0.3; do
      for tool in tcpsim ns3; do
        awk -v n="$n" -v p="$p" -v tool="$tool" '$1 == tool && $2 == n && $3 == p' "$tmp/w" \
          | sort -k5,5n | awk -v n="$n" -v p="$p" -v tool="$tool" '
          { w[NR] = $5; rss[NR] = $6; ev = $7 }
          END {
            if (NR == 0) exit
            med = (NR % 2) ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2
            maxrss = 0; for (i = 1; i <= NR; i++) if (rss[i] > maxrss) maxrss = rss[i]
            rate = w[1] > 0 ? sprintf("%.0f", n / w[1]) : "inf"
            epl = (tool == "tcpsim") ? sprintf("%.2f", ev / n) : "-"
            printf "%-10d %-4s %-7s %9.4f %9.4f %7d %13s %10s %7.1f MB\n", n, p, tool, w[1], med, NR, rate, epl, maxrss / 1024
          }'
      done
      [ -f "$tmp/gen.$n.$p" ] && sed 's/^/    /' "$tmp/gen.$n.$p"
    done
  done
  if have_ns3; then
    echo "ns-3 / tcpsim, median of the per-round ratios of whole-process wall times:"
    awk '$1 == "tcpsim" { t[$2 " " $3 " " $4] = $5 } $1 == "ns3" { s[$2 " " $3 " " $4] = $5 }
      END { for (k in s) if (k in t && t[k] > 0) print k, s[k] / t[k] }' "$tmp/w" \
      | sort -k1,1n -k2,2n -k4,4n | awk '
      { key = $1 " " $2; v[key, ++c[key]] = $4; if (!(key in seen)) { seen[key] = 1; order[++nk] = key } }
      END { for (i = 1; i <= nk; i++) { k = order[i]; m = c[k]
              med = (m % 2) ? v[k, (m + 1) / 2] : (v[k, m / 2] + v[k, m / 2 + 1]) / 2
              split(k, a, " "); printf "  n=%d p=%s: %.0fx (%d rounds)\n", a[1], a[2], med, m } }'
  fi
  # Memory flat in n: peak RSS of the largest n against the one ten times smaller.
  awk '$1 == "tcpsim" && $3 == 0 { if ($6 > m[$2]) m[$2] = $6 }
    END { for (n in m) if ((n * 10) in m) printf "peak RSS growth n=%d -> %d (p = 0): %.1f MB -> %.1f MB, %+.1f%%\n", n, n * 10, m[n] / 1024, m[n * 10] / 1024, (m[n * 10] / m[n] - 1) * 100 }' \
    "$tmp/w" | sort -t= -k2,2n
fi

if ! skipped count && command -v valgrind > /dev/null 2>&1; then
  echo
  echo "== per lifecycle at n = 10,000 (callgrind: instruction and call counts, not times) =="
  for p in 0 0.3; do
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" "$tcpsim" run \
      "$srcdir/scenarios/workload-w.scn" -q -D n=10000 -D loss=$p > /dev/null 2> "$tmp/cg.err"
    # Calls per function: "calls=" lines follow the "cfn=" line naming the
    # callee; a name is given in full the first time its id appears.
    awk -v p=$p -v n=10000 '
      /^(c?fn)=\(/ { id = $1; sub(/^c?fn=/, "", id); nm = $0; sub(/^c?fn=\([0-9]+\) ?/, "", nm)
                     if (nm != "") name[id] = nm; if ($0 ~ /^cfn=/) callee = id }
      /^calls=/ { split($1, a, "="); calls[callee] += a[2] }
      /^summary:/ { ir = $2 }
      END {
        for (id in calls) c[name[id]] += calls[id]
        printf "p=%s: %.0f instructions, %.2f events, %.2f sim_timer_arm, %.2f sim_timer_cancel calls per lifecycle\n", p,
          ir / n, c["sim_step"] / n, c["sim_timer_arm"] / n, c["sim_timer_cancel"] / n
        printf "       (queue operations: an arm inserts or re-keys, a cancel of an armed timer removes, an event pops; at most %.1f)\n",
          (c["sim_step"] + c["sim_timer_arm"] + c["sim_timer_cancel"]) / n
      }' "$tmp/cg"
  done
fi

if ! skipped tw; then
  echo
  echo "== bytes per TIME-WAIT connection: $tw_n held at once (bench/time-wait-hold.scn) =="
  "$TIME" -f '%e %M' -o "$tmp/t0" "$tcpsim" run "$srcdir/bench/time-wait-hold.scn" -q -D n=1 > /dev/null
  "$TIME" -f '%e %M' -o "$tmp/t1" "$tcpsim" run "$srcdir/bench/time-wait-hold.scn" -q --stats \
    -D n="$tw_n" > "$tmp/out" 2>&1
  awk -v n="$tw_n" 'FNR == 1 && NR == 1 { r0 = $2 } FNR == 1 && NR > 1 { r1 = $2; w = $1 }
    END { printf "peak RSS %.1f MB with one connection, %.1f MB with %d (%.2f s): %.0f bytes per TIME-WAIT connection\n",
          r0 / 1024, r1 / 1024, n, w, (r1 - r0) * 1024 / n }' "$tmp/t0" "$tmp/t1"
  grep '^gen\|^stats' "$tmp/out" | sed 's/^/    /'
fi

if ! skipped sweep; then
  echo
  echo "== sweep: 21 loss points x 10,000 replications (handshake, 100 B each way, close; 50 ms) =="
  # Interleaved: -j 1, -j 2, -j 1, -j 2, … so that drift hits both alike.
  sreps=${SWEEP_REPS:-3}
  : > "$tmp/sweep"
  i=0
  while [ $i -lt "$sreps" ]; do
    for j in 1 2; do
      "$TIME" -f '%e' -o "$tmp/time" "$tcpsim" sweep "$srcdir/scenarios/handshake-loss.scn" -q \
        --vary loss=0:0.3:0.015 --vary profile=linux --runs 10000 -j $j -o "$tmp/sweep.csv"
      echo "$j $(tail -1 "$tmp/time")" >> "$tmp/sweep"
    done
    i=$((i + 1))
  done
  for j in 1 2; do
    awk -v j=$j '$1 == j { print $2 }' "$tmp/sweep" | sort -n | awk -v j=$j '
      { t[NR] = $1 } END {
        med = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
        printf "-j %d: min %.2f s, median %.2f s over %d runs: %.0f lifecycles/s (min), %.0f per core\n",
               j, t[1], med, NR, 210000 / t[1], 210000 / t[1] / j }'
  done
fi
