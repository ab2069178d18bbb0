#!/bin/sh
# Runs every scenario in scenarios/ with `tcpsim check` and reports one TAP
# test per scenario: it passes when every expectation in the file holds.
# Scenarios without expectations (workloads) must run to the end cleanly.
: "${TCPSIM:=./tcpsim}" "${SCENARIOS_DIR:=scenarios}"
set -u
files=$(ls "$SCENARIOS_DIR"/*.scn | sort)
n=$(echo "$files" | wc -l)
echo "1..$n"
i=0
for f in $files; do
  i=$((i + 1))
  name=$(basename "$f")
  if out=$("$TCPSIM" check "$f" 2>&1); then
    echo "ok $i - $name"
  else
    echo "not ok $i - $name"
    echo "$out" | sed 's/^/# /'
  fi
done
