#!/bin/sh
# Regenerates the pictures of docs/gallery.md (`make gallery`): every
# picture it shows as ![…](gallery/NAME.png) is the timeline of
# scenarios/NAME.scn, or, for NAME-overview.png, the overview of
# scenarios/NAME.scn; then README's picture, docs/syn-lost.png.
# Usage: docs/gallery.sh TCPSIM SRCDIR
set -eu
tcpsim=$1
src=$2
names=$(sed -n 's/.*](gallery\/\([A-Za-z0-9_-]*\)\.png).*/\1/p' "$src/docs/gallery.md")
[ -n "$names" ] || { echo "gallery.sh: no picture in docs/gallery.md" >&2; exit 1; }
for name in $names; do
  case $name in
    *-overview) scn="$src/scenarios/${name%-overview}.scn"; opt=--overview ;;
    *) scn="$src/scenarios/$name.scn"; opt=--timeline ;;
  esac
  echo "  GALLERY  docs/gallery/$name.png"
  "$tcpsim" run "$scn" -q "$opt" "$src/docs/gallery/$name.png" > /dev/null
done
echo "  GALLERY  docs/syn-lost.png"
"$tcpsim" run "$src/scenarios/syn-lost.scn" -q --timeline "$src/docs/syn-lost.png" > /dev/null
