#!/bin/sh
# docs/profiles.md shows each profile as `tcpsim profiles NAME` prints it:
# one TAP test per profile compares the document's block with the command.
# To refresh the document after changing a profile, replace the block with
# the command's output.
: "${TCPSIM:=./tcpsim}" "${DOCS_DIR:=docs}"
set -u
. "$(dirname "$0")/tap.sh"
profiles="linux linux-classic freebsd macos windows rfc793 rfc9293 ns3 inet"
echo "1..9"
for p in $profiles; do
  awk -v want="### \`$p\`" '
    $0 == want { found = 1; next }
    found && /^```text$/ { inblock = 1; next }
    inblock && /^```$/ { exit }
    inblock { print }
  ' "$DOCS_DIR/profiles.md" > "$tmp/doc-$p"
  "$TCPSIM" profiles "$p" > "$tmp/cmd-$p" 2>&1
  if cmp -s "$tmp/doc-$p" "$tmp/cmd-$p"; then
    ok "docs/profiles.md shows profile $p as 'tcpsim profiles $p' prints it"
  else
    notok "docs/profiles.md shows profile $p as 'tcpsim profiles $p' prints it" \
      "$(diff "$tmp/doc-$p" "$tmp/cmd-$p" | head -5)"
  fi
done
exit 0
