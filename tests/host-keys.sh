#!/bin/sh
# The table of host keys in docs/scenario-language.md, between
# <!-- host-keys:begin --> and <!-- host-keys:end -->, must be what
# `tcpsim profiles --keys` prints from the profile table
# (src/tcp/tcp_profile.c).  To update it, paste that output in between.
: "${TCPSIM:=./tcpsim}" "${DOCS_DIR:=docs}"
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
doc="$DOCS_DIR/scenario-language.md"
echo "1..2"
n=$(grep -c '^<!-- host-keys:\(begin\|end\) -->$' "$doc")
if [ "$n" = 2 ]; then
  echo "ok 1 - $doc has one pair of host-keys markers"
else
  echo "not ok 1 - $doc has one pair of host-keys markers (found $n marker lines)"
fi
sed -n '/^<!-- host-keys:begin -->$/,/^<!-- host-keys:end -->$/p' "$doc" | sed '1d;$d' > "$tmp/doc"
if ! "$TCPSIM" profiles --keys > "$tmp/generated" 2> "$tmp/err"; then
  echo "not ok 2 - tcpsim profiles --keys failed"
  sed 's/^/# /' "$tmp/err"
elif diff -u "$tmp/generated" "$tmp/doc" > "$tmp/diff"; then
  echo "ok 2 - the host-keys table matches tcpsim profiles --keys"
else
  echo "not ok 2 - the host-keys table differs from tcpsim profiles --keys (- generated, + doc)"
  sed 's/^/# /' "$tmp/diff"
fi
