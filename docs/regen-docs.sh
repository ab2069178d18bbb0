#!/bin/sh
# Refreshes the generated blocks of the documentation from the program:
# the host-key table of docs/scenario-language.md (`tcpsim profiles
# --keys`) and each profile's block in docs/profiles.md (`tcpsim profiles
# NAME`).  tests/host-keys.sh and tests/profiles-doc.sh check them; run
# `make docs-regen` after changing a profile or a host key.
set -eu
TCPSIM=${TCPSIM:-./tcpsim}
DOCS=${DOCS_DIR:-docs}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$TCPSIM" profiles --keys > "$tmp/keys"
awk -v keys="$tmp/keys" '
  /^<!-- host-keys:begin -->$/ { print; while ((getline l < keys) > 0) print l; skip = 1; next }
  /^<!-- host-keys:end -->$/ { skip = 0 }
  !skip { print }
' "$DOCS/scenario-language.md" > "$tmp/sl" && cat "$tmp/sl" > "$DOCS/scenario-language.md"

for p in $(sed -n 's/^### `\([a-z0-9-]*\)`$/\1/p' "$DOCS/profiles.md"); do
  "$TCPSIM" profiles "$p" > "$tmp/p"
  awk -v want="### \`$p\`" -v body="$tmp/p" '
    $0 == want { print; found = 1; next }
    found && /^```text$/ { print; while ((getline l < body) > 0) print l; inblock = 1; next }
    inblock && /^```$/ { inblock = 0; found = 0; print; next }
    inblock { next }
    { print }
  ' "$DOCS/profiles.md" > "$tmp/pm" && cat "$tmp/pm" > "$DOCS/profiles.md"
done
