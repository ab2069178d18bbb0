#!/bin/sh
# `make coverage`: line coverage of the simulator's sources with gcov.
# Builds a copy of the source tree with --coverage in a scratch folder (the
# source tree itself may be configured already), runs the unit suites and
# every scenario, and prints the coverage of each file under src/ with a
# total per folder.  Usage: tests/coverage.sh [SRCDIR]
set -eu
src=$(cd "${1:-.}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$src" && git ls-files 2>/dev/null || find . -type f ! -path './.git/*') > "$work/files"
tar -C "$src" -cf - -T "$work/files" | tar -C "$work" -xf -
cd "$work"
autoreconf -fi > /dev/null 2>&1
./configure -q CFLAGS="--coverage -O0 -g" LDFLAGS="--coverage" > /dev/null
make -s -j2 tcpsim tests/test-tcp tests/test-link tests/test-sched tests/test-parse tests/test-trace \
  tests/test-property > /dev/null 2>&1
TSHARK=$(command -v tshark || true)
export TSHARK
for t in test-tcp test-link test-sched test-parse test-trace test-property; do
  ./tests/$t > /dev/null
done
for f in scenarios/*.scn; do ./tcpsim check "$f" > /dev/null || true; done
echo "line coverage (gcov), unit suites and every scenario:"
for dir in sim net tcp app scenario trace; do
  gcov -n -o "src/$dir" src/$dir/*.c 2>/dev/null | awk -v dir="$dir" '
    /^File .src\// { file = $2; gsub("\047", "", file) }
    /^Lines executed:/ && file != "" {
      split($2, a, "%"); pct = substr(a[1], index(a[1], ":") + 1); n = $4
      if (file ~ "^src/" dir "/") {
        printf "  %-32s %6.2f%% of %d\n", file, pct, n
        covered += pct * n / 100; total += n
      }
      file = ""
    }
    END { if (total) printf "  %-32s %6.2f%% of %d lines\n", "src/" dir "/ (total)", 100 * covered / total, total }'
done
