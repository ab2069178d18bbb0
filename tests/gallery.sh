#!/bin/sh
# docs/gallery.md shows a picture of every seed scenario the gallery
# promises (handshake, lost SYN, lost SYN-ACK, lost final ACK, lost FIN,
# refused, simultaneous open and close, fast retransmit, SYN timeout, a
# many-connection overview), every picture it shows exists as a PNG, and
# README's picture exists.  `make gallery` regenerates them.  TAP.
: "${SRCDIR:=.}"
set -u
. "$(dirname "$0")/tap.sh"
md="$SRCDIR/docs/gallery.md"
want="handshake syn-lost synack-lost ack-lost fin-lost refused simultaneous-open simultaneous-close fast-retransmit syn-timeout poisson-gen-overview"
shown=$(sed -n 's/.*](gallery\/\([A-Za-z0-9_-]*\)\.png).*/\1/p' "$md")
echo "1..$(( $(echo $want | wc -w) + $(echo $shown | wc -w) + 1 ))"
for w in $want; do
  check "the gallery shows $w" sh -c "echo '$shown' | grep -qx '$w'"
done
is_png () { head -c 8 "$1" | od -An -c | grep -q 'P   N   G'; }
for s in $shown; do
  f="$SRCDIR/docs/gallery/$s.png"
  if [ -s "$f" ] && is_png "$f"; then ok "docs/gallery/$s.png is a PNG"; else notok "docs/gallery/$s.png is a PNG" "missing: run make gallery"; fi
done
pic=$(sed -n 's/.*!\[[^]]*\](\(docs\/[^)]*\.png\)).*/\1/p' "$SRCDIR/README.md" | head -1)
check "README's first picture ($pic) exists" test -s "$SRCDIR/$pic"
test $fails -eq 0
