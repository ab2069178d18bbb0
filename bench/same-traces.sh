#!/bin/sh
# Runs every scenario in scenarios/ (and workload W at a few sizes and
# losses) with two tcpsim binaries and compares their TSV traces, text
# logs and event counts byte for byte.  For changes that must not change
# behaviour (the event queue, the batching of link deliveries): build the
# old binary once (e.g. `git worktree add /tmp/base main` and build it),
# then
#   bench/same-traces.sh /tmp/base/tcpsim ./tcpsim
# Prints one line per run and exits 1 if any output differs.
set -u
old=$1 new=$2
srcdir=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0 runs=0
compare () { # name, args...
  name=$1; shift
  for which in old new; do
    bin=$old; [ $which = new ] && bin=$new
    "$bin" run "$@" -q -t "$tmp/$which.tsv" -l "$tmp/$which.log" --stats \
      > "$tmp/$which.out" 2> "$tmp/$which.err"
    echo "exit $?" >> "$tmp/$which.out"
    # The stats line has wall time and memory: keep only the event count.
    sed -n 's/^stats: \([0-9]* events\).*/\1/p' "$tmp/$which.err" >> "$tmp/$which.out"
    grep -v '^stats:' "$tmp/$which.err" >> "$tmp/$which.out"
  done
  runs=$((runs + 1))
  for f in tsv log out; do
    if ! cmp -s "$tmp/old.$f" "$tmp/new.$f"; then
      echo "DIFFERENT $name ($f)"; diff "$tmp/old.$f" "$tmp/new.$f" | head -5
      status=1
      return
    fi
  done
  echo "same $name: $(wc -l < "$tmp/new.tsv") trace lines, $(sed -n 's/ events//p' "$tmp/new.out" | head -1) events"
}
for f in "$srcdir"/scenarios/*.scn; do
  compare "$(basename "$f")" "$f"
done
for n in 1000 20000; do
  for p in 0 0.1 0.3; do
    compare "workload-w n=$n loss=$p" "$srcdir/scenarios/workload-w.scn" -D n=$n -D loss=$p
  done
done
echo "$runs runs compared"
exit $status
