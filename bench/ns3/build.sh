#!/usr/bin/env bash
# Builds the ns-3 reference for workload W (docs/bench.md) against Debian's ns-3 3.37.
# Needs: apt-get install -y libns3-dev g++ time
set -euo pipefail
cd "$(dirname "$0")"
MODS="ns3-core ns3-network ns3-internet ns3-point-to-point"
# Debian's .pc files name libgsl*.so files that may be absent and a stray "-I/usr\;" flag.
LIBS=""; for t in $(pkg-config --libs $MODS); do case "$t" in /*) [ -e "$t" ] && LIBS="$LIBS $t";; *) LIBS="$LIBS $t";; esac; done
CFLAGS=$(pkg-config --cflags $MODS | tr ' ' '\n' | grep -v '\\;' | tr '\n' ' ')
out=${1:-/tmp/ns3_lifecycle}
g++ -O2 -std=c++17 $CFLAGS ns3_lifecycle.cc -o "$out" $LIBS
echo "$out"
