#!/bin/sh
# Runs every example of docs/scenario-language.md (fenced ```scn blocks)
# with `tcpsim check`: a block that declares `host client` is a complete
# scenario; any other block is a statement shown inside a prelude (two
# hosts, a 50 ms link, a listener and a connection c).  One TAP test per
# example; it passes when the example parses, runs and its expectations
# hold.
: "${TCPSIM:=./tcpsim}" "${DOCS_DIR:=docs}"
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/prelude" <<'PRELUDE'
host client 10.0.0.1
host server 10.0.0.2
link client <-> server delay 50ms
at 0s server listen 80
at 0s client connect server:80 as c
PRELUDE
awk -v dir="$tmp" '
  /^```scn$/ { n++; f = sprintf("%s/ex%03d.scn", dir, n); inblock = 1; next }
  /^```$/ && inblock { inblock = 0; close(f); next }
  inblock { print > f }
' "$DOCS_DIR/scenario-language.md"
files=$(ls "$tmp"/ex*.scn 2>/dev/null)
count=$(echo "$files" | grep -c . || true)
echo "1..$count"
i=0
for f in $files; do
  i=$((i + 1))
  if grep -q '^host client ' "$f"; then
    run="$f"
  else
    run="$tmp/with-prelude-$i.scn"
    cat "$tmp/prelude" "$f" > "$run"
  fi
  first=$(head -n 1 "$f")
  if out=$("$TCPSIM" check "$run" 2>&1); then
    echo "ok $i - example $i: $first"
  else
    echo "not ok $i - example $i: $first"
    sed 's/^/# /' "$f"
    echo "$out" | sed 's/^/# /'
  fi
done
