#!/bin/sh
# The command line as a user meets it: exit statuses, error messages in
# FILE:LINE:COL form, outputs that appear whole or not at all, the timeline
# picture, --help and --version.  TAP output.
: "${TCPSIM:=./tcpsim}" "${SCENARIOS_DIR:=scenarios}"
set -u
. "$(dirname "$0")/tap.sh"
echo "1..41"

"$TCPSIM" --version > "$tmp/v" 2>&1
check "--version prints the version" grep -q '^tcpsim [0-9]' "$tmp/v"
"$TCPSIM" --help > "$tmp/h" 2>&1
check "--help names the subcommands" grep -q 'check FILE' "$tmp/h"
"$TCPSIM" run --help > "$tmp/rh" 2>&1
check "run --help lists the output options (--timeline)" grep -q -- '--timeline=OUT' "$tmp/rh"
check "... and --trace, --pcap, --log" sh -c "grep -q -- '--trace=' '$tmp/rh' && grep -q -- '--pcap=' '$tmp/rh' && grep -q -- '--log=' '$tmp/rh'"
"$TCPSIM" check --help > "$tmp/ch" 2>&1
check "check's usage says one or more files" grep -q 'check \[OPTION.*\] FILE\.\.\. - ' "$tmp/ch"
"$TCPSIM" help scenario > "$tmp/hs" 2>&1
check "tcpsim help scenario prints the language's reference" grep -q '^# The tcpsim scenario language' "$tmp/hs"
"$TCPSIM" help trace > "$tmp/ht" 2>&1
check "tcpsim help trace prints the outputs' page" grep -q '^| `time` | simulated seconds' "$tmp/ht"
"$TCPSIM" help nosuch > "$tmp/hn" 2>&1
check "tcpsim help of an unknown topic exits 2 and lists the topics" sh -c "test $? -eq 2 && grep -q 'profiles ' '$tmp/hn'"
"$TCPSIM" --version > "$tmp/vv" 2>&1
check "--version names the optional features" grep -q 'MPI ranks' "$tmp/vv"
# Options read times and seeds as a scenario does: same units, ranges, words.
"$TCPSIM" run "$SCENARIOS_DIR/handshake.scn" -q --max-time 10000001s > "$tmp/mt" 2>&1
check "--max-time beyond a scenario's range is refused with it" sh -c "test $? -eq 2 && grep -qx 'tcpsim: --max-time 10000001s: out of range (0s to 10000000s)' '$tmp/mt'"
"$TCPSIM" run "$SCENARIOS_DIR/handshake.scn" -q --seed 99999999999999999999 > "$tmp/sd" 2>&1
check "an oversized --seed is refused, not wrapped" sh -c "test $? -eq 2 && grep -qx 'tcpsim: --seed 99999999999999999999: out of range (0 to 9223372036854775807)' '$tmp/sd'"
"$TCPSIM" sweep "$SCENARIOS_DIR/handshake-loss.scn" -q --runs 1 --max-time 1d > "$tmp/sw" 2>&1
check "sweep reads --max-time the same way" sh -c "test $? -eq 2 && grep -q 'unknown time unit (use ns, us, ms, s or min)' '$tmp/sw'"
"$TCPSIM" run --help > "$tmp/rh2" 2>&1
mkdir "$tmp/incl"
cp "$SCENARIOS_DIR/two-hosts.inc" "$tmp/incl/"
printf 'include two-hosts.inc\nlink client <-> server delay 10ms\n' > "$tmp/incl/m.scn"
(cd "$tmp/incl" && "$TCPSIM" run m.scn -q --trace two-hosts.inc) > "$tmp/incl.err" 2>&1
check "an output that is an included file is refused, the file intact" sh -c "test $? -eq 2 \
  && grep -q 'the scenario includes that file' '$tmp/incl.err' && cmp -s '$tmp/incl/two-hosts.inc' '$SCENARIOS_DIR/two-hosts.inc'"
"$TCPSIM" run "$SCENARIOS_DIR/syn-timeout-profiles.scn" -q > /dev/null 2> "$tmp/unc"
check "a run on the windows profile says its values are unconfirmed" \
  grep -qx "tcpsim: note: profile windows: 79 of the values its hosts keep could not be confirmed (marked \* in 'tcpsim profiles windows')" "$tmp/unc"
"$TCPSIM" run "$SCENARIOS_DIR/handshake.scn" -q > /dev/null 2> "$tmp/unc2"
check "... and a linux run says nothing" test ! -s "$tmp/unc2"
check "--max-time's help says its default, 0s and its range" grep -q 'default 86400s, one day; 0s: no limit; at most 10000000s' "$tmp/rh2"
check "run --help lists --max-wall" grep -q -- '--max-wall=DURATION' "$tmp/rh"
check "run --help states the output rules" grep -q 'Outputs are all or nothing' "$tmp/rh"

# A clean run writes the trace, the pcap, the log and the picture.
"$TCPSIM" run "$SCENARIOS_DIR/syn-lost.scn" --trace "$tmp/t.tsv" --pcap "$tmp/t.pcap" \
  --log "$tmp/t.log" --timeline "$tmp/t.png" > "$tmp/stdout" 2>&1
status=$?
check "run exits 0" test "$status" -eq 0
check "the SYN is lost at 0 s" grep -q '^0.000000 client\.[0-9]* > server\.80: LOST (fault) \[S\]' "$tmp/stdout"
# On Linux's timer wheel the 1 s timer fires 0 to 32 ms late.
check "the SYN is sent again 1 s to 1.032 s after" grep -q '^1.0[0-3][0-9]\{4\} client\.[0-9]* > server\.80: \[S\] .*(retransmission)$' "$tmp/stdout"
check "the log file holds the same lines as stdout" cmp -s "$tmp/stdout" "$tmp/t.log"
check "the TSV trace has its header" grep -q '^time	event	host	conn	src	sport	dst	dport	flags	seq	ack	len	detail' "$tmp/t.tsv"
check "the picture is a PNG" sh -c "head -c 8 '$tmp/t.png' | od -An -c | grep -q 'P   N   G'"
check "the pcap has the pcap-ns magic" sh -c "head -c 4 '$tmp/t.pcap' | od -An -tx1 | grep -q '4d 3c b2 a1'"
"$TCPSIM" run "$SCENARIOS_DIR/syn-lost.scn" -q --timeline "$tmp/t.svg" > /dev/null 2>&1
check "an SVG picture too" grep -q '<svg' "$tmp/t.svg"
check "outputs get the usual mode (0666 less the umask)" sh -c "umask 022; '$TCPSIM' run '$SCENARIOS_DIR/syn-lost.scn' -q --trace '$tmp/m.tsv' >/dev/null && test \"\$(stat -c %a '$tmp/m.tsv')\" = 644"

# Bad input: FILE:LINE:COL, exit 2, and no output file created or touched.
printf 'host client 10.0.0.1\nhots server 10.0.0.2\n' > "$tmp/bad.scn"
echo "keep" > "$tmp/keep.tsv"
"$TCPSIM" run "$tmp/bad.scn" --trace "$tmp/keep.tsv" --pcap "$tmp/new.pcap" > "$tmp/err" 2>&1
status=$?
check "bad input exits 2" test "$status" -eq 2
check "the error says file:line:col and suggests" grep -q "bad.scn:2:1: error: unknown statement 'hots' (did you mean 'host'?)" "$tmp/err"
check "an existing output is left untouched" grep -qx keep "$tmp/keep.tsv"
check "no new output is created, no temporary left" sh -c "test ! -e '$tmp/new.pcap' && ! ls -a '$tmp' | grep -q tmp-"

# A failed expectation: exit 1 with the value seen.
sed 's/SYN == 2/SYN == 3/' "$SCENARIOS_DIR/syn-lost.scn" > "$tmp/fail.scn"
"$TCPSIM" check "$tmp/fail.scn" > "$tmp/fail" 2>&1
status=$?
check "a failed expectation exits 1 and shows what was seen" sh -c "test $status -eq 1 && grep -q 'FAIL .*fail.scn:29: expect count client -> server SYN == 3: saw 2' '$tmp/fail'"

# Runs that would not end stop with a clear error.
printf 'host a 10.0.0.1\nhost b 10.0.0.2\nlink a <-> b delay 1ms\ngen G a -> b:80 count 1000000 interval 1s\n' > "$tmp/long.scn"
"$TCPSIM" run "$tmp/long.scn" -q --max-time 10s > "$tmp/long" 2>&1
status=$?
check "a run past --max-time exits 2 and says so" sh -c "test $status -eq 2 && grep -q 'still going at the simulated-time limit (10s)' '$tmp/long'"
"$TCPSIM" run "$tmp/long.scn" -q --max-events 5000 > "$tmp/long" 2>&1
status=$?
check "a run past --max-events exits 2 and says so" sh -c "test $status -eq 2 && grep -q 'reached the event limit (5000 events)' '$tmp/long'"

# Too many events at one instant: the loop guard stops the run.
printf 'host a 10.0.0.1\nhost b 10.0.0.2\nlink a <-> b delay 0s\nat 0s b listen 80\nat 0s a connect b:80 as c\nrun until 1s\n' > "$tmp/zero.scn"
"$TCPSIM" run "$tmp/zero.scn" -q --max-same-instant 3 > "$tmp/zero" 2>&1
status=$?
check "a same-instant loop exits 2 and says so" sh -c "test $status -eq 2 && grep -q 'endless loop: 3 events in a row at simulated time 0.000000 s' '$tmp/zero'"

# An interrupted run (SIGINT) stops with status 130 and writes nothing.
# The scenario is far longer than the half second before the signal.
printf 'host a 10.0.0.1\nhost b 10.0.0.2\nlink a <-> b delay 1ms\ngen G a -> b:80 count 100000000 interval 1ms\nrun until 100000s\n' > "$tmp/huge.scn"
"$TCPSIM" run "$tmp/huge.scn" -q --max-events 0 --trace "$tmp/int.tsv" > "$tmp/int" 2>&1 &
pid=$!
sleep 0.5
kill -INT "$pid"
wait "$pid"
status=$?
check "an interrupted run exits 130 and says so" sh -c "test $status -eq 130 && grep -q '^tcpsim: interrupted at simulated time' '$tmp/int'"
check "an interrupted run leaves no trace and no temporary" sh -c "test ! -e '$tmp/int.tsv' && ! ls -a '$tmp' | grep -q tmp-"

# A SYN queue of no room whose policy is to evict has nobody to evict: the
# SYN is dropped (this crashed, found by the model's check of every profile).
printf 'host c 10.0.0.1\nhost s 10.0.0.2 profile macos backlog 0 acceptq_extra 1\nlink c <-> s delay 50ms\ngen g c -> s:80\nexpect count s -> c SYN-ACK == 0\nexpect gen g failed == 1\n' > "$tmp/evict.scn"
check "backlog 0 with the evict policy drops the SYNs" "$TCPSIM" check "$tmp/evict.scn"

# A scenario's file name is the picture's title: a name that would be code
# to gnuplot is drawn as text, and runs nothing.
mkdir "$tmp/inj"
cp "$SCENARIOS_DIR/handshake.scn" "$tmp/inj/x\";system(\"touch PWNED\");\".scn"
cp "$SCENARIOS_DIR/handshake.scn" "$tmp/inj/a'\$(touch PWNED2)\`touch PWNED3\`.scn"
cp "$SCENARIOS_DIR/handshake.scn" "$tmp/inj/b
!touch PWNED4.scn"
(cd "$tmp/inj" && for f in *.scn; do "$TCPSIM" run "$f" -q --timeline "t.png"; done) > "$tmp/inj.out" 2>&1
check "hostile file names draw their pictures" test -s "$tmp/inj/t.png"
check "... and run no command" sh -c "! ls '$tmp/inj' | grep -q '^PWNED'"
# (A glob counts a name with a new line once; ls would count it twice.)
check "... not even after a new line: the folder holds the 3 scenarios and the picture" \
  sh -c "set -- '$tmp/inj'/*; test \$# -eq 4"
exit 0
