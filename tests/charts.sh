#!/bin/sh
# The chart and capture options on the command line: --states and
# --seqplot make pictures of each format, say on stderr what they chose or
# left out, refuse a bad name or value before anything is written, and
# stay all-or-nothing with the other outputs; --capture is checked.  The
# charts' data is pinned by tests/test-charts, the captures by
# tests/pcap.sh.  TAP.
: "${TCPSIM:=./tcpsim}" "${SCENARIOS_DIR:=scenarios}"
set -u
if ! command -v gnuplot >/dev/null 2>&1; then
  echo "1..0 # SKIP gnuplot is not installed"
  exit 0
fi
. "$(dirname "$0")/tap.sh"
echo "1..10"
fr="$SCENARIOS_DIR/fast-retransmit.scn"

"$TCPSIM" run "$fr" -q --states "$tmp/s.png" --seqplot "$tmp/q.svg" 2> "$tmp/err"
check "--states PNG and --seqplot SVG are written" \
  sh -c "head -c 8 '$tmp/s.png' | od -An -c | grep -q 'P   N   G' && grep -q '<svg' '$tmp/q.svg'"
check "--seqplot says which connection it drew and how to choose another" \
  grep -qx "tcpsim: --seqplot $tmp/q.svg: connection 1 (client's data), the first with data; --seqplot-conn ID draws another" "$tmp/err"
"$TCPSIM" run "$fr" -q --states "$tmp/s.pdf" 2> /dev/null
check "--states PDF" sh -c "head -c 5 '$tmp/s.pdf' | grep -q '%PDF-'"

"$TCPSIM" run "$SCENARIOS_DIR/syn-flood.scn" -q --states "$tmp/flood.png" 2> "$tmp/err" > /dev/null
check "--states on 4316 connection ends says it draws the first 50" \
  grep -qx "tcpsim: --states $tmp/flood.png: the run has 4316 connection ends; the chart shows the first 50" "$tmp/err"

"$TCPSIM" run "$fr" -q --seqplot "$tmp/none.png" --seqplot-conn 7 2> "$tmp/err"
check "--seqplot-conn naming a connection without data: a chart that says so, and a note" \
  sh -c "test -s '$tmp/none.png' && grep -q 'connection 7 sent no data' '$tmp/err'"

"$TCPSIM" run "$fr" -q --states "$tmp/s.gif" --trace "$tmp/t1.tsv" 2> "$tmp/err"; st=$?
check "--states with another extension: exit 2, nothing written" \
  sh -c "test $st = 2 && grep -q 'use a .png, .svg or .pdf name' '$tmp/err' && test ! -e '$tmp/t1.tsv'"
"$TCPSIM" run "$fr" -q --seqplot-conn -1 --seqplot "$tmp/x.png" 2> "$tmp/err"; st=$?
check "--seqplot-conn -1: exit 2" sh -c "test $st = 2 && grep -q 'must not be negative' '$tmp/err'"
"$TCPSIM" run "$fr" -q --pcap "$tmp/c.pcap" --capture middle 2> "$tmp/err"; st=$?
check "--capture middle: exit 2 with the words it takes, no pcap" \
  sh -c "test $st = 2 && grep -q 'use sender, receiver or both' '$tmp/err' && test ! -e '$tmp/c.pcap'"

mkdir "$tmp/badplots" && cp "${TCPSIM_PLOTS_DIR:-plots}/timeline.gp" "$tmp/badplots/"
echo 'this is not gnuplot' > "$tmp/badplots/states.gp"
TCPSIM_PLOTS_DIR="$tmp/badplots" "$TCPSIM" run "$fr" -q --states "$tmp/aon.png" --pcap "$tmp/aon.pcapng" \
  --trace "$tmp/aon.tsv" 2> "$tmp/err"; st=$?
check "a chart gnuplot cannot draw: exit 3, no output at all (pcapng, trace)" \
  sh -c "test $st = 3 && test ! -e '$tmp/aon.png' && test ! -e '$tmp/aon.pcapng' && test ! -e '$tmp/aon.tsv'"

"$TCPSIM" run "$fr" -q --pcap "$tmp/r.pcapng" --capture receiver 2> /dev/null
check "a receiver pcapng has the pcapng magic and no lost segment" \
  sh -c "head -c 4 '$tmp/r.pcapng' | od -An -tx1 | grep -q '0a 0d 0d 0a' && ! grep -q 'lost on link' '$tmp/r.pcapng'"
exit 0
