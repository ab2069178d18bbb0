#!/bin/sh
# Whether a change left every output byte-identical: runs every scenario of
# scenarios/ with --trace, --log and --pcap (and its printed summary and
# exit status), and workload W at n = 3,000 with p = 0 and 0.3, with two
# binaries, and compares.  Build the reference once, e.g.
#   git worktree add /tmp/ref main && (cd /tmp/ref && autoreconf -fi &&
#   ./configure && make -j2 tcpsim)
#   bench/same-traces.sh /tmp/ref/tcpsim ./tcpsim
# Exit status 0 when every output is the same, 1 otherwise.
set -u
ref=${1:?usage: same-traces.sh REF_TCPSIM [NEW_TCPSIM]}
new=${2:-./tcpsim}
srcdir=$(cd "$(dirname "$0")/.." && pwd)
d=$(mktemp -d "${TMPDIR:-/tmp}/same-traces.XXXXXX")
trap 'rm -rf "$d"' EXIT INT TERM
fail=0
run () { # who name args...
  who=$1 name=$2; shift 2
  eval bin=\$$who
  (cd "$srcdir" && "$bin" run "$@" -q --trace "$d/$name.$who.tsv" --log "$d/$name.$who.txt" \
     --pcap "$d/$name.$who.pcap" > "$d/$name.$who.out" 2>&1; echo "exit $?" >> "$d/$name.$who.out")
}
compare () {
  for ext in tsv txt pcap out; do
    cmp -s "$d/$1.ref.$ext" "$d/$1.new.$ext" || { echo "differs: $1 .$ext"; fail=1; }
  done
}
for s in "$srcdir"/scenarios/*.scn; do
  name=$(basename "$s" .scn)
  run ref "$name" "$s"; run new "$name" "$s"; compare "$name"
done
for p in 0 0.3; do
  run ref "w-$p" scenarios/workload-w.scn -D n=3000 -D loss=$p
  run new "w-$p" scenarios/workload-w.scn -D n=3000 -D loss=$p
  compare "w-$p"
done
[ $fail = 0 ] && echo "same: every scenario and W (n = 3,000, p = 0 and 0.3)"
exit $fail
