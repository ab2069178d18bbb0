#!/bin/sh
# The timeline's options: --conn, --hosts, --from, --to, --absolute,
# --timeline-data and --overview choose and keep what is drawn; a wrong
# value is exit 2 with a message naming the option; a run too big to draw
# whole draws one connection, or a stretch of one, and says what it chose
# and how to choose another.  TAP; skipped without gnuplot.
: "${SCENARIOS_DIR:=scenarios}"
: "${TCPSIM:=./tcpsim}"
set -u
if ! command -v gnuplot >/dev/null 2>&1; then
  echo "1..0 # SKIP gnuplot is not installed"
  exit 0
fi
. "$(dirname "$0")/tap.sh"
echo "1..16"
S=$SCENARIOS_DIR
run () { "$TCPSIM" run "$@" -q > "$tmp/out" 2> "$tmp/err"; }
has () { grep -qF -- "$2" "$1"; }

run "$S/rst-states.scn" --timeline "$tmp/a.png" --conn 2 --timeline-data "$tmp/a"
check "--conn 2 draws the two hosts of connection 2 only" sh -c "test $? -eq 0 && grep -qxF \"set x2tics ('a1' 0, 'a2' 1)\" '$tmp/a/params.gp'"

run "$S/handshake.scn" --timeline "$tmp/b.png" --hosts server,client --from 1s --absolute --timeline-data "$tmp/b"
check "--hosts draws the hosts in the order given" has "$tmp/b/params.gp" "set x2tics ('server' 0, 'client' 1)"
check "--from 1s: the axis starts at 1 s" has "$tmp/b/params.gp" 'set ytics ("1.000" 0.0000, '
check "--absolute: absolute sequence numbers" has "$tmp/b/segments.dat" '"FIN+ACK seq=2134901737 ack=2074475520"'
check "a title statement titles the picture" has "$tmp/b/params.gp" "TITLE = 'Handshake, request and response, close (Linux, 50 ms link)'"

run "$S/handshake.scn" --timeline "$tmp/c.png" --to 0.2s --timeline-data "$tmp/c"
check "--to 0.2s: nothing after 0.2 s (no close)" sh -c "! grep -q FIN '$tmp/c/segments.dat' && grep -q 'SYN seq=0' '$tmp/c/segments.dat'"

run "$S/handshake.scn" --timeline "$tmp/d.png" --hosts server,nosuch
check "an unknown host: exit 2, naming the hosts" sh -c "test $? -eq 2 && grep -qF \"tcpsim: --hosts: 'nosuch' is not a host of the scenario (its hosts: client, server)\" '$tmp/err' && test ! -e '$tmp/d.png'"
run "$S/handshake.scn" --timeline "$tmp/d.png" --conn 1,x
check "a bad connection id: exit 2" sh -c "test $? -eq 2 && grep -qF \"tcpsim: --conn 1,x: 'x' is not a connection id\" '$tmp/err'"
run "$S/handshake.scn" --timeline "$tmp/d.png" --from 2s --to 1s
check "--to before --from: exit 2" sh -c "test $? -eq 2 && grep -qF 'tcpsim: --to 1s is before --from 2s' '$tmp/err'"
run "$S/handshake.scn" --timeline "$tmp/d.png" --from 2
check "a time without a unit: exit 2" sh -c "test $? -eq 2 && grep -qF 'tcpsim: --from 2: ' '$tmp/err'"
run "$S/handshake.scn" --overview "$tmp/d.txt"
check "--overview with another extension: exit 2" sh -c "test $? -eq 2 && grep -qF 'use a .png, .svg or .pdf name' '$tmp/err'"

run "$S/poisson-gen.scn" --timeline "$tmp/e.png" --overview "$tmp/e-ov.svg" --timeline-data "$tmp/e"
check "many connections: one is drawn, and stderr says which and how to choose" sh -c "test $? -eq 0 \
  && grep -qF 'segments of 110 connections are more than 60 to draw: drawing connection 2, the first that lost a segment; choose with --conn ID[,ID...]' '$tmp/err'"
check "... and the overview has a row per connection" sh -c "grep -qxF 'NCONN = 110' '$tmp/e/overview-params.gp' && test -s '$tmp/e-ov.svg'"
run "$S/poisson-gen.scn" --timeline "$tmp/f.png" --conn 5,6 --timeline-data "$tmp/f"
check "--conn 5,6: no choice made, nothing said" sh -c "test $? -eq 0 && test ! -s '$tmp/err'"

run "$S/partition.scn" --timeline "$tmp/g.png" --timeline-data "$tmp/g"
check "a long transfer: the stretch around the first loss, and stderr says so" sh -c "test $? -eq 0 \
  && grep -qF 'segments are too many for one picture: drawing 1.93869 s to 7.38361 s (around the first loss); draw other times with --from T --to T' '$tmp/err'"
gnuplot -e "datadir='$tmp/g'; outfile='$tmp/g2.svg'" "${TCPSIM_PLOTS_DIR:-plots}/timeline.gp" > /dev/null 2> "$tmp/gerr"
check "... and its kept data draws by hand without a word from gnuplot" sh -c "test $? -eq 0 && test -s '$tmp/g2.svg' && test ! -s '$tmp/gerr'"
test $fails -eq 0
