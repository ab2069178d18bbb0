# TAP helpers for the shell tests, sourced by them: a scratch folder
# removed on exit, and ok / notok / check that number the tests.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
notok () { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check () { # check NAME CONDITION-COMMAND…
  name=$1; shift
  if "$@" >/dev/null 2>&1; then ok "$name"; else notok "$name" "failed: $*"; fi
}
